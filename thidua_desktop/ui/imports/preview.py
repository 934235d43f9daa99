"""The import wizard's preview page: every row of the plan with its status and
reason, filters, the panels to resolve rows and read unknown values; Nhập."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from ...services.imports.sheet import RowStatus
from ...store.db import StoreError
from .importers import PlanModel
from .panels import ResolvePanel, ValuePanel

if TYPE_CHECKING:
    from .wizard import ImportWizard


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
