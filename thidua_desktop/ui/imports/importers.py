"""What differs between the Excel imports the wizard serves: an :class:`Importer`
each (:data:`ROSTER`, :data:`HISTORY`, :data:`EVALUATIONS`), and the preview's table of a plan."""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.titles import XEP_LOAI
from ...services.imports import xep_loai as ei
from ...services.imports import history as hi
from ...services.imports import roster as ri
from ...services.imports.sheet import HeaderSpec, RowStatus


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
