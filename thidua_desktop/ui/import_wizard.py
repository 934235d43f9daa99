"""Wizard “Nhập danh sách cán bộ từ Excel”: file → header and columns → preview → import.

All reading and checking is done by :mod:`services.roster_import`; the wizard
shows what it found and lets the user correct the column mapping. Nothing is
written until Hoàn tất, and then all rows or none.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
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

from ..services import roster_import as ri
from ..store.db import StoreError

STATUS_LABELS = {
    ri.RowStatus.NEW: "Mới",
    ri.RowStatus.UPDATE: "Cập nhật",
    ri.RowStatus.UNCHANGED: "Không đổi",
    ri.RowStatus.SKIPPED: "Bỏ qua",
    ri.RowStatus.ERROR: "Lỗi",
}
STATUS_COLORS = {
    ri.RowStatus.NEW: QColor(220, 245, 220),
    ri.RowStatus.UPDATE: QColor(220, 232, 250),
    ri.RowStatus.SKIPPED: QColor(240, 240, 240),
    ri.RowStatus.ERROR: QColor(255, 215, 215),
}
PLAN_COLUMNS = ("Dòng", "Trạng thái", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "Chức vụ", "Ghi nhận")


class PlanModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ri.PlannedRow] = []

    def load(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PLAN_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return PLAN_COLUMNS[section] if 0 <= section < len(PLAN_COLUMNS) else None
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
        staff = row.staff
        col = index.column()
        if col == 0:
            return str(row.excel_row)
        if col == 1:
            return STATUS_LABELS[row.status]
        if col == 7:
            note = row.reason
            if row.changes:
                note = "; ".join(filter(None, [note, *row.changes]))
            return note
        if staff is None:
            return ""
        return (
            staff.ho_ten,
            staff.ngay_sinh.display() if staff.ngay_sinh else "",
            staff.gioi_tinh_label,
            row.unit_name,
            staff.chuc_vu,
        )[col - 2]


class FilePage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle("Chọn tệp Excel")
        self.setSubTitle("Chọn tệp danh sách cán bộ (.xlsx) và trang tính chứa bảng.")
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText("Đường dẫn tệp .xlsx")
        self.path_edit.editingFinished.connect(self._load_sheets)
        browse = QPushButton("Chọn &tệp…")
        browse.clicked.connect(self._browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("&Tệp:", row)
        form.addRow("Trang &tính:", self.sheet_combo)
        form.addRow(self.message)
        self.registerField("path*", self.path_edit)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn danh sách cán bộ", str(Path.home()), "Excel (*.xlsx *.xlsm)")
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
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                data = ri.read_sheet(Path(self.path_edit.text().strip()), self.sheet_combo.currentText())
                layout = ri.detect_layout(data)
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.w.sheet_data = data
        self.w.layout = layout
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
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
        for field, label in ri.FIELDS.items():
            combo = QComboBox()
            combo.setObjectName(f"map_{field}")
            self.combos[field] = combo
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
        for field, combo in self.combos.items():
            combo.clear()
            for label, value in choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(layout.columns.get(field, 0)), 0))
        self.message.clear()

    def validatePage(self) -> bool:  # noqa: N802
        columns = {f: c.currentData() for f, c in self.combos.items() if c.currentData()}
        if "ho_ten" not in columns:
            self.message.setText("Cần chọn cột “Họ và tên”.")
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


class PreviewPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle("Xem trước")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.legacy = QCheckBox("Chuyển chữ mã cũ (TCVN3/VNI) sang Unicode")
        self.legacy.setObjectName("importConvertLegacy")
        self.legacy.setChecked(True)
        self.legacy.toggled.connect(self._replan)
        self.filter = QComboBox()
        self.filter.addItem("Tất cả các dòng", "")
        for status in ri.RowStatus:
            self.filter.addItem(STATUS_LABELS[status], status.value)
        self.model = PlanModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole)
        self.filter.currentIndexChanged.connect(
            lambda: self.proxy.setFilterFixedString(self.filter.currentData())
        )
        self.table = QTableView()
        self.table.setObjectName("importPreview")
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((50, 80, 190, 90, 65, 170, 130)):
            self.table.horizontalHeader().resizeSection(col, width)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        top = QHBoxLayout()
        top.addWidget(self.legacy)
        top.addStretch()
        top.addWidget(QLabel("Hiện:"))
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def initializePage(self) -> None:  # noqa: N802
        self.legacy.blockSignals(True)
        self.legacy.setChecked(self.w.convert_legacy)
        self.legacy.blockSignals(False)
        self.show_plan()

    def _replan(self, on: bool) -> None:
        self.w.make_plan(convert_legacy=on, message=self.message)
        self.show_plan()

    def show_plan(self) -> None:
        plan = self.w.plan
        self.model.load(plan.rows)
        counts = plan.counts()
        parts = [
            f"{counts.get(ri.RowStatus.NEW, 0)} người mới",
            f"{counts.get(ri.RowStatus.UPDATE, 0)} cập nhật",
            f"{counts.get(ri.RowStatus.UNCHANGED, 0)} không đổi",
            f"{counts.get(ri.RowStatus.SKIPPED, 0)} dòng bỏ qua",
        ]
        if plan.units_to_create:
            parts.append(f"{len(plan.units_to_create)} đơn vị mới ({', '.join(plan.units_to_create)})")
        text = "Sẽ nhập: " + ", ".join(parts) + "."
        errors = counts.get(ri.RowStatus.ERROR, 0)
        if errors:
            text = (
                f"<b style='color:#b00020'>Không thể nhập: {errors} dòng có lỗi.</b> "
                "Sửa các dòng này trong tệp Excel rồi nhập lại; chưa có gì được ghi.<br>" + text
            )
            self.filter.setCurrentIndex(self.filter.findData(ri.RowStatus.ERROR.value))
        if plan.legacy_cells:
            text += (
                f"<br>Phát hiện {len(plan.legacy_cells)} ô gõ bằng mã cũ (TCVN3/VNI)"
                + (" — đã chuyển sang Unicode." if self.w.convert_legacy else " — chưa chuyển.")
            )
        self.legacy.setVisible(bool(plan.legacy_cells) or not self.w.convert_legacy)
        self.summary.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.plan is not None and self.w.plan.ok

    def validatePage(self) -> bool:  # noqa: N802
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.w.result = ri.apply_import(self.w.db, self.w.plan)
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        return True


class ImportWizard(QWizard):
    def __init__(self, parent, db, path: Path | None = None):
        super().__init__(parent)
        self.db = db
        self.sheet_data = None
        self.layout: ri.Layout | None = None
        self.plan: ri.ImportPlan | None = None
        self.result = None
        self.convert_legacy = True
        self.setWindowTitle("Nhập danh sách cán bộ từ Excel")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Tiếp >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Quay lại")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Nhập")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Hủy")
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page):
            self.addPage(page)
        self.resize(980, 640)
        if path is not None:
            self.file_page.path_edit.setText(str(path))
            self.file_page._load_sheets()

    def make_plan(self, *, convert_legacy: bool, message: QLabel) -> bool:
        path = Path(self.file_page.path_edit.text().strip())
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.plan = ri.plan_import(
                    self.db, path, sheet=self.file_page.sheet_combo.currentText(),
                    layout=self.layout, convert_legacy=convert_legacy, data=self.sheet_data,
                )
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            message.setText(str(exc))
            return False
        self.convert_legacy = convert_legacy
        message.clear()
        return True
