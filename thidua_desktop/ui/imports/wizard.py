"""The import wizard: file → header and columns → preview → import.

One wizard serves every Excel import; an :class:`Importer` describes what
differs (the fields of the mapping page, the plan and apply functions of the
service, the statuses and columns of the preview, whether rows can be
resolved by hand). Three are defined here: :data:`ROSTER` (danh sách cán
bộ, :mod:`services.imports.roster`), :data:`HISTORY` (lịch sử khen thưởng,
:mod:`services.imports.history`) and :data:`EVALUATIONS` (kết quả xếp loại,
:mod:`services.imports.xep_loai`).

All reading and checking is done by the services; the wizard shows what
they found, lets the user correct the column mapping and, for rows that name
nobody or several people, choose the person or unit (a searchable list,
accent-insensitive). Nothing is written until Nhập, and then all rows or
none.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...domain import vntext
from ...domain.titles import XEP_LOAI
from ...services.imports import xep_loai as ei
from ...services.imports import history as hi
from ...services.imports import roster as ri
from ...services.imports.records import VALUE_FIELDS
from ...services.imports.sheet import HeaderSpec, RowStatus, date_label
from ...store.db import StoreError
from ..widgets import fit_to_screen

# --- importer descriptions --------------------------------------------------------


@dataclass(frozen=True)
class Importer:
    """What one kind of import shows and calls.

    ``plan(db, path, sheet=, layout=, data=, convert_legacy=, resolutions=,
    year=)`` returns a plan with ``rows`` (each with ``excel_row``,
    ``status``, ``reason``, ``changes``), ``counts()``, ``ok`` and
    ``legacy_cells``; ``apply(db, plan)`` writes it. ``columns`` and
    ``cells(row)`` are the preview's middle columns; ``summary(plan)`` the
    sentence above the preview. ``resolve_kinds``: what a user may pick for
    an unmatched row (``"staff"``, ``"unit"``); ``year_option``: the file
    page offers a year for the whole sheet; ``value_fields``: ``plan`` takes
    ``value_map`` and the plan lists ``unknown_values()``, which the preview
    lets the user read as a code (and remember).
    """
    key: str
    title: str
    subtitle: str
    headers: HeaderSpec
    read_sheet: Callable
    detect_layout: Callable
    plan: Callable
    apply: Callable
    statuses: dict[RowStatus, str]
    columns: tuple[str, ...]
    cells: Callable
    summary: Callable
    widths: tuple[int, ...] = ()
    resolve_kinds: tuple[str, ...] = ()
    year_option: bool = False
    done: str = "nhập dữ liệu"
    value_fields: bool = False  # unknown values can be read as a code chosen in the preview


STATUS_LABELS = {
    RowStatus.NEW: "Mới",
    RowStatus.UPDATE: "Cập nhật",
    RowStatus.UNCHANGED: "Không đổi",
    RowStatus.SKIPPED: "Bỏ qua",
    RowStatus.ERROR: "Lỗi",
    RowStatus.UNMATCHED: "Chưa xác định",
}
STATUS_COLORS = {
    RowStatus.NEW: QColor(220, 245, 220),
    RowStatus.UPDATE: QColor(220, 232, 250),
    RowStatus.SKIPPED: QColor(240, 240, 240),
    RowStatus.ERROR: QColor(255, 215, 215),
    RowStatus.UNMATCHED: QColor(255, 240, 190),
}


def _roster_plan(db, path, *, sheet, layout, data, convert_legacy, resolutions, year, value_map=None):
    return ri.plan_import(db, path, sheet=sheet, layout=layout, convert_legacy=convert_legacy, data=data)


def _roster_cells(row) -> tuple:
    staff = row.staff
    if staff is None:
        return ("",) * 5
    return (staff.ho_ten, staff.ngay_sinh.display() if staff.ngay_sinh else "", staff.gioi_tinh_label,
            row.unit_name, staff.chuc_vu)


def _roster_summary(plan) -> str:
    counts = plan.counts()
    parts = [
        f"{counts.get(RowStatus.NEW, 0)} người mới",
        f"{counts.get(RowStatus.UPDATE, 0)} cập nhật",
        f"{counts.get(RowStatus.UNCHANGED, 0)} không đổi",
        f"{counts.get(RowStatus.SKIPPED, 0)} dòng bỏ qua",
    ]
    if plan.units_to_create:
        names = ", ".join(plan.unit_name(n) for n in plan.units_to_create)
        parts.append(f"{len(plan.units_to_create)} đơn vị mới ({names})")
    text = "Sẽ nhập: " + ", ".join(parts) + "."
    if plan.unit_renames:
        text += (f"<br>Tên đơn vị viết hoa toàn bộ {'sẽ được viết lại' if plan.rename_units else 'được giữ nguyên'}: "
                 f"{plan.describe_renames()}.")
    return text


def _subject_text(row) -> str:
    return row.subject.label if row.subject is not None else ""


def _record_summary(plan, describe) -> str:
    text = "Sẽ nhập: " + describe(plan.counts()) + "."
    if plan.year:
        text += f" Năm cho các dòng không ghi năm: {plan.year} ({plan.year_source})."
    decision = getattr(plan, "sheet_decision", None)
    if decision:
        when = f" ngày {decision[1]:%d/%m/%Y}" if decision[1] else ""
        text += f" Quyết định chung ghi trên đầu trang: số {decision[0]}{when}."
    return text


def _history_cells(row) -> tuple:
    when = f" ngày {row.decision_date:%d/%m/%Y}" if row.decision_date else ""
    decision = f"{row.decision}{when}".strip()
    return (row.name, row.birth.display() if row.birth else "", str(row.year or ""),
            "; ".join(row.title_names), decision, _subject_text(row))


def _evaluation_cells(row) -> tuple:
    return (row.name, row.birth.display() if row.birth else "", str(row.year or ""),
            XEP_LOAI.get(row.xep_loai or "", ""), "" if row.so_thang is None else str(row.so_thang),
            ei.decision_label(row.discipline) or ("Đang xem xét" if row.review else ""), _subject_text(row))


ROSTER = Importer(
    key="roster", title="Nhập danh sách cán bộ từ Excel",
    subtitle="Chọn tệp danh sách cán bộ (.xlsx) và trang tính chứa bảng.",
    headers=ri.ROSTER_HEADERS, read_sheet=ri.read_sheet, detect_layout=ri.detect_layout,
    plan=_roster_plan, apply=ri.apply_import,
    statuses={s: STATUS_LABELS[s] for s in (RowStatus.NEW, RowStatus.UPDATE, RowStatus.UNCHANGED,
                                            RowStatus.SKIPPED, RowStatus.ERROR)},
    columns=("Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "Chức vụ"), cells=_roster_cells,
    summary=_roster_summary, widths=(190, 90, 65, 170, 130), done="nhập danh sách cán bộ",
)
HISTORY = Importer(
    key="history", title="Nhập lịch sử khen thưởng từ Excel",
    subtitle="Chọn tệp danh sách khen thưởng các năm trước (.xlsx): cá nhân hoặc tập thể, năm, "
             "danh hiệu hoặc hình thức, số và ngày quyết định.",
    headers=hi.HISTORY_HEADERS, read_sheet=hi.read_sheet, detect_layout=hi.detect_layout,
    plan=hi.plan_history_import, apply=hi.apply_history_import, statuses=dict(STATUS_LABELS),
    columns=("Họ tên / tập thể", "Ngày sinh", "Năm", "Danh hiệu, hình thức", "Quyết định", "Trong dữ liệu"),
    cells=_history_cells, summary=lambda plan: _record_summary(plan, hi.describe_history_counts),
    widths=(150, 85, 45, 170, 150, 180), resolve_kinds=("staff", "unit"), year_option=True,
    done="nhập lịch sử khen thưởng", value_fields=True,
)
EVALUATIONS = Importer(
    key="evaluations", title="Nhập kết quả xếp loại từ Excel",
    subtitle="Chọn tệp kết quả đánh giá, xếp loại (.xlsx): họ tên, ngày sinh, xếp loại, số tháng công tác, "
             "kỷ luật nếu có. Nếu tệp không có cột Năm, chọn năm cho cả trang.",
    headers=ei.EVALUATION_HEADERS, read_sheet=ei.read_sheet, detect_layout=ei.detect_layout,
    plan=ei.plan_evaluation_import, apply=ei.apply_evaluation_import, statuses=dict(STATUS_LABELS),
    columns=("Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Số tháng", "Kỷ luật", "Trong dữ liệu"),
    cells=_evaluation_cells, summary=lambda plan: _record_summary(plan, ei.describe_evaluation_counts),
    widths=(140, 85, 45, 160, 55, 140, 170), resolve_kinds=("staff",), year_option=True,
    done="nhập kết quả xếp loại", value_fields=True,
)
IMPORTERS = {i.key: i for i in (ROSTER, HISTORY, EVALUATIONS)}


# --- preview model ------------------------------------------------------------------


class PlanModel(QAbstractTableModel):
    """Rows of a plan: Dòng · Trạng thái · the importer's columns · Ghi nhận."""

    def __init__(self, importer: Importer, parent=None):
        super().__init__(parent)
        self.importer = importer
        self.headers = ("Dòng", "Trạng thái", *importer.columns, "Ghi nhận")
        self.rows: list = []
        self._cells: dict[int, tuple] = {}

    def load(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._cells = {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            color = STATUS_COLORS.get(row.status)
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.UserRole:
            return row.status.value
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        col = index.column()
        if col == 0:
            return str(row.excel_row)
        if col == 1:
            return STATUS_LABELS[row.status]
        if col == len(self.headers) - 1:
            text = "; ".join(filter(None, [row.reason, *row.changes]))
            if role == Qt.ItemDataRole.ToolTipRole and text:  # rich text: a long reason wraps in the tooltip
                return f"<qt>Dòng {row.excel_row}: {html.escape(text)}</qt>"
            return text
        cells = self._cells.get(index.row())
        if cells is None:
            cells = self._cells[index.row()] = self.importer.cells(row)
        return cells[col - 2]


# --- pages -----------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Chọn tệp Excel")
        self.setSubTitle(wizard.importer.subtitle)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText("Đường dẫn tệp .xlsx")
        self.path_edit.editingFinished.connect(self._load_sheets)
        browse = QPushButton("&Chọn tệp…")
        browse.clicked.connect(self._browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("importYear")
        self.year_spin.setRange(0, 2200)
        self.year_spin.setSpecialValueText("— theo tệp (cột Năm hoặc tiêu đề) —")
        self.year_spin.setToolTip("Năm cho các dòng không ghi năm (khi tệp không có cột Năm)")
        self.year_spin.setMaximumWidth(320)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        file_label = QLabel("&Tệp:")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        form.addRow("Tr&ang tính:", self.sheet_combo)
        if wizard.importer.year_option:
            form.addRow("&Năm cho cả trang:", self.year_spin)
        else:
            self.year_spin.hide()
        form.addRow(self.message)
        self.registerField("path*", self.path_edit)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.w.importer.title, str(Path.home()),
                                              "Excel (*.xlsx *.xlsm);;Mọi tệp (*)")
        if path:
            self.path_edit.setText(path)
            self._load_sheets()

    def _load_sheets(self) -> None:
        self.sheet_combo.clear()
        self.message.clear()
        text = self.path_edit.text().strip()
        if not text:
            return
        try:
            self.sheet_combo.addItems(ri.list_sheets(Path(text)))
        except (StoreError, OSError) as exc:
            self.message.setText(str(exc) if isinstance(exc, StoreError) else f"Không đọc được tệp: {exc}")

    def validatePage(self) -> bool:  # noqa: N802
        if self.sheet_combo.count() == 0:
            self._load_sheets()
            if self.sheet_combo.count() == 0:
                return False
        importer = self.w.importer
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                data = importer.read_sheet(Path(self.path_edit.text().strip()), self.sheet_combo.currentText())
                layout = importer.detect_layout(data)
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.w.sheet_data = data
        self.w.layout = layout
        self.w.year = self.year_spin.value() or None
        self.w.resolutions.clear()
        self.w.value_map.clear()
        self.w.remembered.clear()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Dòng tiêu đề và các cột")
        self.setSubTitle("Chương trình đã tự nhận ra các cột. Kiểm tra và sửa nếu cần.")
        self.first_spin = QSpinBox()
        self.last_spin = QSpinBox()
        for spin in (self.first_spin, self.last_spin):
            spin.setRange(1, 1_048_576)
        self.combos: dict[str, QComboBox] = {}
        inner = QWidget()
        self.form = QFormLayout(inner)
        header_row = QHBoxLayout()
        header_row.addWidget(QLabel("từ dòng"))
        header_row.addWidget(self.first_spin)
        header_row.addWidget(QLabel("đến dòng"))
        header_row.addWidget(self.last_spin)
        header_row.addStretch()
        self.form.addRow("Tiêu đề bảng:", header_row)
        for field_code, label in wizard.importer.headers.fields.items():
            combo = QComboBox()
            combo.setObjectName(f"map_{field_code}")
            self.combos[field_code] = combo
            self.form.addRow(f"{label}:", combo)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.message)

    def initializePage(self) -> None:  # noqa: N802
        data, layout = self.w.sheet_data, self.w.layout
        self.first_spin.setValue(layout.header_first_row)
        self.last_spin.setValue(layout.header_last_row)
        width = max((len(r) for r in data.rows), default=0)
        choices = [("— không có —", 0)]
        for col in range(1, width + 1):
            texts = []
            for r in range(layout.header_first_row, layout.header_last_row + 1):
                row = data.rows[r - 1] if r - 1 < len(data.rows) else ()
                value = row[col - 1] if col - 1 < len(row) else None
                if value not in (None, "") and str(value).strip() not in texts:
                    texts.append(" ".join(str(value).split()))
            choices.append((f"Cột {get_column_letter(col)}: {' / '.join(texts)[:60]}", col))
        for field_code, combo in self.combos.items():
            combo.clear()
            for label, value in choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(layout.columns.get(field_code, 0)), 0))
        self.message.clear()

    def validatePage(self) -> bool:  # noqa: N802
        headers = self.w.importer.headers
        columns = {f: c.currentData() for f, c in self.combos.items() if c.currentData()}
        if headers.required not in columns:
            self.message.setText(f"Cần chọn cột “{headers.required_label}”.")
            return False
        if self.last_spin.value() < self.first_spin.value():
            self.message.setText("Dòng cuối của tiêu đề phải sau dòng đầu.")
            return False
        self.w.layout = ri.Layout(
            header_first_row=self.first_spin.value(),
            header_last_row=self.last_spin.value(),
            columns=columns,
        )
        return self.w.make_plan(convert_legacy=True, message=self.message)


@dataclass
class _Choices:
    """Everyone a row can be assigned to, built once per wizard."""
    model: QStandardItemModel
    fixed_rows: int = 0  # rows on top for the current row (candidates, "skip")
    labels: dict[tuple[str, int], str] = field(default_factory=dict)


KEY_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


class ResolvePanel(QGroupBox):
    """Pick who an unmatched row is: search (accents optional), choose, apply."""

    def __init__(self, page: PreviewPage):
        super().__init__("Chọn người hoặc đơn vị cho dòng chưa xác định")
        self.page = page
        self.setObjectName("importResolvePanel")
        self.row = None
        self.choices: _Choices | None = None
        self.info = QLabel("Chọn một dòng “Chưa xác định” trong bảng.")
        self.info.setObjectName("importResolveInfo")
        self.info.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("importResolveSearch")
        self.search.setPlaceholderText("Gõ tên để tìm (có hoặc không dấu)…")
        self.search.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.combo = QComboBox()
        self.combo.setObjectName("importResolveChoice")
        self.combo.setModel(self.proxy)
        self.combo.setMinimumContentsLength(40)
        self.combo.setMaxVisibleItems(20)
        self.apply_button = QPushButton("&Dùng người/đơn vị này")
        self.apply_button.setObjectName("importResolve")
        self.apply_button.clicked.connect(self.apply)
        self.search.textChanged.connect(self._filter)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tìm:"))
        row.addWidget(self.search, 1)
        row.addWidget(self.combo, 2)
        row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(row)
        self.set_row(None)

    def _build(self) -> _Choices:
        """Units (if allowed) and every person, sorted the Vietnamese way."""
        db, kinds = self.page.w.db, self.page.w.importer.resolve_kinds
        model = QStandardItemModel(self)
        choices = _Choices(model)
        items = []
        if "unit" in kinds:
            for uid, ten in db.execute("SELECT id, ten FROM units"):
                items.append((vntext.collation_key(ten), f"Đơn vị: {ten}", ("unit", uid), ten))
        if "staff" in kinds:
            for sid, name, born, unit in db.execute(
                "SELECT s.id, s.ho_ten, s.ngay_sinh, coalesce(u.ten, '') FROM staff s "
                "LEFT JOIN units u ON u.id = s.unit_id"
            ):
                label = f"{name} ({date_label(born)})" + (f" — {unit}" if unit else "")
                items.append(((vntext.name_sort_key(name), born or ""), label, ("staff", sid),
                              f"{name} {date_label(born)} {unit}"))
        items.sort(key=lambda it: (it[2][0] == "staff", it[0]))
        for _sort, label, key, search in items:
            item = QStandardItem(label)
            item.setData(key, KEY_ROLE)
            item.setData(vntext.search_key(search), SEARCH_ROLE)
            model.appendRow(item)
            choices.labels[key] = label
        self.proxy.setSourceModel(model)
        return choices

    def set_row(self, row) -> None:
        """Show the choices for ``row`` (a plan row), or disable the panel."""
        self.row = row
        enabled = row is not None and row.resolvable
        for widget in (self.search, self.combo, self.apply_button):
            widget.setEnabled(enabled)
        if not enabled:
            self.info.setText("Chọn một dòng “Chưa xác định” trong bảng để chọn người hoặc đơn vị.")
            return
        if self.choices is None:
            self.choices = self._build()
        model = self.choices.model
        model.removeRows(0, self.choices.fixed_rows)
        top = [("— Bỏ qua dòng này (không nhập) —", ("skip", 0))]
        top += [(f"★ {c.label}" if c.kind == "staff" else f"★ Đơn vị: {c.label}", c.key) for c in row.candidates]
        for i, (label, key) in enumerate(top):
            item = QStandardItem(label)
            item.setData(key, KEY_ROLE)
            item.setData("", SEARCH_ROLE)  # always shown while the search is empty
            model.insertRow(i, item)
        self.choices.fixed_rows = len(top)
        self.info.setText(f"Dòng {row.excel_row}: {row.reason}")
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._filter("")
        self.combo.setCurrentIndex(1 if row.candidates else 0)

    def _filter(self, text: str) -> None:
        """Keep the entries whose words start with every word typed, accents optional."""
        words = vntext.search_key(text).split()
        pattern = "".join(rf"(?=.*\b{re.escape(w)})" for w in words)
        self.proxy.setFilterRegularExpression(QRegularExpression(pattern))
        if self.combo.count() and (words or self.combo.currentIndex() < 0):
            self.combo.setCurrentIndex(0)

    def choose(self, key: tuple[str, int]) -> bool:
        """Select ``key`` in the list (for tests and keyboard users)."""
        for i in range(self.combo.count()):
            if tuple(self.combo.itemData(i, KEY_ROLE)) == tuple(key):
                self.combo.setCurrentIndex(i)
                return True
        return False

    def apply(self) -> None:
        if self.row is None or self.combo.currentIndex() < 0:
            return
        key = tuple(self.combo.currentData(KEY_ROLE))
        self.page.resolve(self.row.excel_row, key)  # type: ignore[arg-type]


class ValuePanel(QGroupBox):
    """Read a value the vocabulary does not know ("HTXS NV") as a code: every row
    with that text, in this import; remembered for later imports when asked."""

    def __init__(self, page: PreviewPage):
        super().__init__("Giá trị chưa nhận ra")
        self.page = page
        self.setObjectName("importValuePanel")
        self.values: list = []
        self.info = QLabel()
        self.info.setObjectName("importValueInfo")
        self.info.setWordWrap(True)
        self.value_combo = QComboBox()
        self.value_combo.setObjectName("importValue")
        self.value_combo.setMinimumContentsLength(30)
        self.value_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.code_combo = QComboBox()
        self.code_combo.setObjectName("importValueCode")
        self.remember = QCheckBox("Gh&i nhớ cho các lần nhập sau")
        self.remember.setObjectName("importValueRemember")
        self.remember.setToolTip("Thêm cách đọc này vào từ điển của người dùng (trong thư mục dữ liệu) khi bấm Nhập")
        self.apply_button = QPushButton("Đọ&c là giá trị này")
        self.apply_button.setObjectName("importValueApply")
        self.apply_button.clicked.connect(self.apply)
        self.value_combo.currentIndexChanged.connect(self._value_changed)
        row = QHBoxLayout()
        value_label = QLabel("&Giá trị:")
        value_label.setBuddy(self.value_combo)
        row.addWidget(value_label)
        row.addWidget(self.value_combo, 2)
        code_label = QLabel("đọc &là:")
        code_label.setBuddy(self.code_combo)
        row.addWidget(code_label)
        row.addWidget(self.code_combo, 2)
        row.addWidget(self.remember)
        row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(row)
        self._vocab = None

    def vocab(self):
        if self._vocab is None:
            from ...services.imports.vocab import vocabulary_for

            self._vocab = vocabulary_for(self.page.w.db)
        return self._vocab

    def show_values(self, values: list) -> None:
        """The plan's unknown values (``RecordPlan.unknown_values()``); hidden when none."""
        self.values = list(values)
        self.setVisible(bool(self.values))
        self.value_combo.blockSignals(True)
        self.value_combo.clear()
        for v in self.values:
            rows = ", ".join(map(str, v.rows[:8])) + (", …" if len(v.rows) > 8 else "")
            self.value_combo.addItem(f"“{v.text}” — {VALUE_FIELDS[v.field]} (dòng {rows})")
        self.value_combo.blockSignals(False)
        n = sum(len(v.rows) for v in self.values)
        self.info.setText(
            f"{len(self.values)} giá trị không có trong từ điển ({n} dòng). Chọn giá trị, chọn cách đọc đúng rồi "
            "bấm “Đọc là giá trị này”: mọi dòng có giá trị đó được đọc như vậy." if self.values else "")
        self._value_changed()

    def select(self, field_name: str, text: str) -> bool:
        """Show the value ``text`` of ``field_name`` (for the row selected in the table, and tests)."""
        from ...services.imports.records import value_key

        for i, v in enumerate(self.values):
            if v.key == (field_name, value_key(text)):
                self.value_combo.setCurrentIndex(i)
                return True
        return False

    def choose(self, code: str) -> bool:
        i = self.code_combo.findData(code)
        if i >= 0:
            self.code_combo.setCurrentIndex(i)
        return i >= 0

    def _value_changed(self, *_args) -> None:
        from ...services.imports.records import field_choices

        self.code_combo.clear()
        i = self.value_combo.currentIndex()
        enabled = 0 <= i < len(self.values)
        for widget in (self.code_combo, self.apply_button, self.remember):
            widget.setEnabled(enabled)
        if not enabled:
            return
        self.code_combo.addItem("— chọn —", None)
        for code, name in field_choices(self.vocab(), self.values[i].field).items():
            self.code_combo.addItem(f"{name} ({code})" if name != code else code, code)

    def apply(self) -> None:
        i = self.value_combo.currentIndex()
        code = self.code_combo.currentData()
        if not (0 <= i < len(self.values)):
            return
        if code is None:
            self.page.message.setText("Chọn cách đọc cho giá trị này.")
            return
        self.page.map_value(self.values[i], code, remember=self.remember.isChecked())


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        importer = wizard.importer
        self.setTitle("Xem trước")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.legacy = QCheckBox("Chuyển chữ mã cũ (TCVN3/VNI) sang Unicode")
        self.legacy.setObjectName("importConvertLegacy")
        self.legacy.setChecked(True)
        self.legacy.toggled.connect(self._replan)
        self.rename_units = QCheckBox("&Viết lại tên đơn vị viết hoa toàn bộ (VĂN PHÒNG → Văn phòng)")
        self.rename_units.setObjectName("importRenameUnits")
        self.rename_units.setToolTip("Tên đơn vị được in trên giấy khen: bỏ chọn để giữ nguyên như trong tệp Excel")
        self.rename_units.setChecked(True)
        self.rename_units.toggled.connect(self._rename_units)
        self.filter = QComboBox()
        self.filter.setObjectName("importFilter")
        self.filter.addItem("Tất cả các dòng", "")
        for status, label in importer.statuses.items():
            self.filter.addItem(label, status.value)
        self.model = PlanModel(importer, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole)
        self.filter.currentIndexChanged.connect(
            lambda: self.proxy.setFilterFixedString(self.filter.currentData())
        )
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("importPreview")
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col, width in enumerate((50, 95 if importer.resolve_kinds else 80, *importer.widths)):
            self.table.horizontalHeader().resizeSection(col, width)
        self.table.installEventFilter(self)  # the reason column takes the room left, never less than REASON_WIDTH
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.setWordWrap(True)
        self.detail = QLabel()  # the selected row's whole reason, however narrow the column
        self.detail.setObjectName("importRowDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resolver = ResolvePanel(self) if importer.resolve_kinds else None
        self.values = ValuePanel(self) if importer.value_fields else None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        top = QHBoxLayout()
        top.addWidget(self.legacy)
        top.addWidget(self.rename_units)
        top.addStretch()
        top.addWidget(QLabel("Hiện:"))
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        if self.values is not None:
            layout.addWidget(self.values)
            self.values.hide()
        if self.resolver is not None:
            layout.addWidget(self.resolver)
        layout.addWidget(self.message)
        self.filter.currentIndexChanged.connect(self._fit_rows)

    def initializePage(self) -> None:  # noqa: N802
        self.legacy.blockSignals(True)
        self.legacy.setChecked(self.w.convert_legacy)
        self.legacy.blockSignals(False)
        self.show_plan()

    def _rename_units(self, on: bool) -> None:
        self.w.rename_units = on
        if self.w.plan is not None and hasattr(self.w.plan, "rename_units"):
            self.w.plan.rename_units = on
            self.show_plan(keep_filter=True)

    def _replan(self, on: bool) -> None:
        self.w.make_plan(convert_legacy=on, message=self.message)
        self.show_plan()

    def plan_row(self, proxy_row: int):
        source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0))
        return self.model.rows[source.row()] if source.isValid() else None

    def _current_changed(self, current, _previous) -> None:
        row = self.plan_row(current.row()) if current.isValid() else None
        text = "; ".join(filter(None, [row.reason, *row.changes])) if row is not None else ""
        self.detail.setText(f"Dòng {row.excel_row}: {text}" if text else "")
        if self.resolver is not None:
            self.resolver.set_row(row)
        if self.values is not None and row is not None and getattr(row, "unknown", None):
            self.values.select(*row.unknown[0])

    #: rows are fitted to their wrapped text up to this many (beyond, the tooltip shows the whole reason)
    FIT_ROWS = 1500
    #: the narrowest the reason column gets (wider when the window leaves room; a scroll bar otherwise)
    REASON_WIDTH = 380

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.table and event.type() == event.Type.Resize:
            self._size_reason_column()
        return super().eventFilter(watched, event)

    def _size_reason_column(self) -> None:
        header = self.table.horizontalHeader()
        last = self.model.columnCount() - 1
        others = sum(header.sectionSize(c) for c in range(last))
        width = max(self.REASON_WIDTH, self.table.viewport().width() - others)
        if header.sectionSize(last) != width:
            header.resizeSection(last, width)
            self._fit_rows()

    def _fit_rows(self, *_args) -> None:
        """Wrap the reasons: rows as tall as their text, when there are not too many to measure."""
        if self.proxy.rowCount() <= self.FIT_ROWS:
            self.table.resizeRowsToContents()

    def map_value(self, value, code: str, *, remember: bool) -> None:
        """The user says what an unknown value means: plan again with it."""
        from ...services.imports.records import VALUE_SECTIONS

        self.w.value_map[value.key] = code
        if remember:
            self.w.remembered[value.key] = (VALUE_SECTIONS[value.field], code, value.text)
        else:
            self.w.remembered.pop(value.key, None)
        if self.w.make_plan(convert_legacy=self.w.convert_legacy, message=self.message):
            self.show_plan(keep_filter=True)

    def select_excel_row(self, excel_row: int) -> bool:
        for r in range(self.proxy.rowCount()):
            row = self.plan_row(r)
            if row is not None and row.excel_row == excel_row:
                self.table.selectRow(r)
                self.table.setCurrentIndex(self.proxy.index(r, 0))
                return True
        return False

    def resolve(self, excel_row: int, key: tuple[str, int]) -> None:
        """The user chose who a row is: plan again, go to the next unmatched row."""
        self.w.resolutions[excel_row] = key
        if self.w.make_plan(convert_legacy=self.w.convert_legacy, message=self.message):
            self.show_plan(keep_filter=True)
            following = [r.excel_row for r in self.w.plan.unmatched if r.excel_row > excel_row] \
                or [r.excel_row for r in self.w.plan.unmatched]
            if following:
                self.select_excel_row(following[0])
            elif self.resolver is not None:
                self.resolver.set_row(None)

    def show_plan(self, *, keep_filter: bool = False) -> None:
        plan = self.w.plan
        self.model.load(plan.rows)
        counts = plan.counts()
        text = self.w.importer.summary(plan)
        errors = counts.get(RowStatus.ERROR, 0)
        unmatched = counts.get(RowStatus.UNMATCHED, 0)
        chosen = len([r for r in plan.rows if getattr(r, "resolved", False)])
        unknown = plan.unknown_values() if self.values is not None else []
        if errors:
            fix = ("Chọn cách đọc các giá trị chưa nhận ra ở khung “Giá trị chưa nhận ra”; các lỗi khác sửa trong "
                   "tệp Excel rồi nhập lại" if unknown else "Sửa các dòng này trong tệp Excel rồi nhập lại")
            text = (
                f"<b style='color:#b00020'>Không thể nhập: {errors} dòng có lỗi.</b> "
                f"{fix}; chưa có gì được ghi.<br>" + text
            )
            if not keep_filter:
                self.filter.setCurrentIndex(self.filter.findData(RowStatus.ERROR.value))
        if unmatched:
            text = (
                f"<b style='color:#8a5a00'>Còn {unmatched} dòng chưa xác định được người hoặc đơn vị.</b> "
                "Chọn từng dòng trong bảng rồi chọn người/đơn vị ở khung bên dưới (hoặc bỏ qua dòng đó).<br>"
                + text
            )
            if not errors and not keep_filter:
                self.filter.setCurrentIndex(self.filter.findData(RowStatus.UNMATCHED.value))
        elif self.filter.currentData() == RowStatus.UNMATCHED.value:
            self.filter.setCurrentIndex(0)  # all resolved: show every row again
        if chosen:
            text += f"<br>Đã chọn người/đơn vị cho {chosen} dòng."
        if self.w.value_map:
            text += f"<br>Đã chọn cách đọc cho {len(self.w.value_map)} giá trị."
        if self.values is not None:
            self.values.show_values(unknown)
        if plan.legacy_cells:
            text += (
                f"<br>Phát hiện {len(plan.legacy_cells)} ô gõ bằng mã cũ (TCVN3/VNI)"
                + (" — đã chuyển sang Unicode." if self.w.convert_legacy else " — chưa chuyển.")
            )
        self.legacy.setVisible(bool(plan.legacy_cells) or not self.w.convert_legacy)
        self.rename_units.setVisible(bool(getattr(plan, "unit_renames", None)))
        self.summary.setText(text)
        self._fit_rows()
        if self.resolver is not None and not keep_filter:
            if plan.unmatched and not errors:
                self.select_excel_row(plan.unmatched[0].excel_row)
            else:
                self.resolver.set_row(None)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.plan is not None and self.w.plan.ok

    def validatePage(self) -> bool:  # noqa: N802
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.w.result = self.w.importer.apply(self.w.db, self.w.plan)
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.w.remember_values()
        return True


class ImportWizard(QWizard):
    """``ImportWizard(parent, db, path=None, importer=ROSTER, year=None)``;
    ``exec()`` is true when something was imported (``result``)."""

    def __init__(self, parent, db, path: Path | None = None, importer: Importer = ROSTER,
                 year: int | None = None):
        super().__init__(parent)
        self.db = db
        self.importer = importer
        self.sheet_data = None
        self.layout: ri.Layout | None = None
        self.plan = None
        self.result = None
        self.convert_legacy = True
        self.rename_units = True
        self.year: int | None = year
        self.resolutions: dict[int, tuple[str, int]] = {}
        self.value_map: dict[tuple[str, str], str] = {}  # (field, value key) → code, chosen in the preview
        self.remembered: dict[tuple[str, str], tuple[str, str, str]] = {}  # … to remember: (section, code, text)
        self.remember_note = ""
        self.setObjectName(f"importWizard_{importer.key}")
        self.setWindowTitle(importer.title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "Tiế&p >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Quay lại")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Nhập")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Hủy")
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page):
            self.addPage(page)
        self.resize(1100 if importer.resolve_kinds else 980, 680)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        if year is not None:
            self.file_page.year_spin.setValue(year)
        if path is not None:
            self.file_page.path_edit.setText(str(path))
            self.file_page._load_sheets()

    def make_plan(self, *, convert_legacy: bool, message: QLabel) -> bool:
        path = Path(self.file_page.path_edit.text().strip())
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                extra = {"value_map": dict(self.value_map)} if self.importer.value_fields else {}
                self.plan = self.importer.plan(
                    self.db, path, sheet=self.file_page.sheet_combo.currentText(), layout=self.layout,
                    data=self.sheet_data, convert_legacy=convert_legacy, resolutions=dict(self.resolutions),
                    year=self.year, **extra,
                )
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            message.setText(str(exc))
            return False
        self.convert_legacy = convert_legacy
        if hasattr(self.plan, "rename_units"):
            self.plan.rename_units = self.rename_units
        message.clear()
        return True

    def remember_values(self) -> None:
        """After the import: the readings the user asked to remember go into their vocabulary."""
        from ...services.imports.vocab import remember_phrases

        if not self.remembered:
            return
        try:
            path = remember_phrases(self.remembered.values())
        except OSError as exc:  # the import is done; only the remembering failed
            logging.getLogger(__name__).warning("could not remember import readings: %s", exc)
            self.remember_note = f"Không ghi nhớ được cách đọc các giá trị ({exc.strerror or exc})."
            return
        self.remember_note = f"Đã ghi nhớ {len(self.remembered)} cách đọc vào “{path}”."
