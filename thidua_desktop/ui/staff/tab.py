"""Tab “Cán bộ”: units on the left, the staff list (model/view) on the right."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.models import Staff, Unit
from ...store import records
from ..dialogs import StaffDialog, UnitDialog
from ..fast_table import select_rows
from .model import NAME_COLUMN, StaffFilterProxy, StaffTableModel
from ..lookup import dialog as lookup
from ..widgets import action_buttons, confirm, empty_hint, remember_splitter

ALL_UNITS = "all"
NO_UNIT = "none"


class StaffTab(QWidget):
    counts_changed = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.units: list[Unit] = []
        self.model = StaffTableModel(self)
        self.proxy = StaffFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        # --- units panel ---
        self.unit_tree = QTreeWidget()
        self.unit_tree.setHeaderLabel("Đơn vị")
        self.unit_tree.setObjectName("unitTree")
        self.unit_tree.currentItemChanged.connect(self._unit_selected)
        self.unit_tree.itemDoubleClicked.connect(lambda *_: self.edit_unit())
        lookup.attach_tree(window, self.unit_tree)  # a unit's context menu: its record
        unit_buttons = QHBoxLayout()
        for text, tip, slot in (
            ("+", "Thêm đơn vị", self.add_unit),
            ("Sửa", "Sửa đơn vị đang chọn", self.edit_unit),
            ("Xóa", "Xóa đơn vị đang chọn (chỉ khi không còn cán bộ)", self.delete_unit),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            unit_buttons.addWidget(b)
        unit_buttons.addStretch()
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.unit_tree)
        lv.addLayout(unit_buttons)

        # --- staff panel ---
        self.search = QLineEdit()
        self.search.setObjectName("staffSearch")
        self.search.setPlaceholderText("Tìm theo tên, chức vụ, đơn vị — gõ không dấu cũng được (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        for label, value in (
            ("Đang công tác", StaffFilterProxy.STATUS_ACTIVE),
            ("Đã nghỉ", StaffFilterProxy.STATUS_LEFT),
            ("Tất cả", StaffFilterProxy.STATUS_ALL),
        ):
            self.status_combo.addItem(label, value)
        self.status_combo.currentIndexChanged.connect(
            lambda: self._filter_changed(lambda: self.proxy.set_status(self.status_combo.currentData()))
        )
        top = QHBoxLayout()
        top.addWidget(QLabel("Tì&m:", buddy=self.search))
        top.addWidget(self.search, 1)
        top.addWidget(QLabel("Trạng thái:"))
        top.addWidget(self.status_combo)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("staffTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((210, 70, 90, 150, 140, 100, 190, 90, 120)):
            header.resizeSection(col, width)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        lookup.attach(window, self.table, staff_list=True, double_click=False)  # a double-click edits
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        empty_hint(self.table, "Chưa có cán bộ nào — bấm Thêm cán bộ…, hoặc Tệp → Nhập danh sách cán bộ "
                               "từ Excel… (Ctrl+I) để nhập cả danh sách.")

        self.actions, buttons = action_buttons(self, "staff", (
            ("add", "Thêm cán &bộ", QKeySequence.StandardKey.New, self.add_staff),
            ("edit", "&Sửa", QKeySequence(Qt.Key.Key_Return), self.edit_selected),
            ("move", "&Chuyển đơn vị…", QKeySequence("Ctrl+M"), self.move_selected),
            ("left", "Đánh dấu đã &nghỉ…", QKeySequence("Ctrl+L"), self.mark_selected_left),
            ("delete", "&Xóa", QKeySequence.StandardKey.Delete, self.delete_selected),
        ))
        find = QAction("Tìm kiếm", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(top)
        rv.addWidget(self.table, 1)
        rv.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 1000])
        remember_splitter(splitter, "staff")
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_actions()

    # --- data ----------------------------------------------------------------
    @property
    def db(self):
        return self.window.db

    def reload(self, select_ids: list[int] | None = None) -> None:
        self.units = records.list_units(self.db)
        self._rebuild_unit_tree()
        self.model.load(records.list_staff_rows(self.db))
        if select_ids:
            self.select_ids(select_ids)
        self._emit_counts()
        self._update_actions()

    def _rebuild_unit_tree(self) -> None:
        current = self.unit_tree.currentItem()
        current_key = current.data(0, Qt.ItemDataRole.UserRole) if current else ALL_UNITS
        self.unit_tree.blockSignals(True)
        self.unit_tree.clear()
        root = QTreeWidgetItem(["Tất cả đơn vị"])
        root.setData(0, Qt.ItemDataRole.UserRole, ALL_UNITS)
        self.unit_tree.addTopLevelItem(root)
        items: dict[int, QTreeWidgetItem] = {}
        pending = list(self.units)
        while pending:
            progressed = False
            for unit in list(pending):
                parent = root if unit.parent_id is None else items.get(unit.parent_id)
                if parent is None:
                    continue
                item = QTreeWidgetItem(parent, [unit.ten])
                item.setData(0, Qt.ItemDataRole.UserRole, unit.id)
                items[unit.id] = item
                pending.remove(unit)
                progressed = True
            if not progressed:  # orphaned parents: show at top level
                for unit in pending:
                    item = QTreeWidgetItem(root, [unit.ten])
                    item.setData(0, Qt.ItemDataRole.UserRole, unit.id)
                    items[unit.id] = item
                break
        none_item = QTreeWidgetItem(root, ["(Chưa xếp đơn vị)"])
        none_item.setData(0, Qt.ItemDataRole.UserRole, NO_UNIT)
        self.unit_tree.expandAll()
        target = items.get(current_key) if isinstance(current_key, int) else None
        if current_key == NO_UNIT:
            target = none_item
        self.unit_tree.setCurrentItem(target or root)
        self.unit_tree.blockSignals(False)
        self._apply_unit_filter()

    def _selected_unit_key(self):
        item = self.unit_tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else ALL_UNITS

    def _unit_and_descendants(self, unit_id: int) -> set[int]:
        out, frontier = {unit_id}, [unit_id]
        while frontier:
            parent = frontier.pop()
            for u in self.units:
                if u.parent_id == parent and u.id not in out:
                    out.add(u.id)
                    frontier.append(u.id)
        return out

    def _apply_unit_filter(self) -> None:
        key = self._selected_unit_key()
        if key == ALL_UNITS:
            self.proxy.set_units(None)
        elif key == NO_UNIT:
            self.proxy.set_units([None])
        else:
            self.proxy.set_units(self._unit_and_descendants(key))

    def _unit_selected(self, *_):
        self._filter_changed(self._apply_unit_filter)

    def _search_changed(self, text: str) -> None:
        self._filter_changed(lambda: self.proxy.set_search(text))

    def _filter_changed(self, apply) -> None:
        selected = self.selected_ids()
        apply()  # the proxy resets: keep the selection of people still shown
        if selected:
            self.select_ids(selected, scroll=False)
        self._emit_counts()
        self._update_actions()

    def _emit_counts(self) -> None:
        total = self.model.rowCount()
        active = sum(self.model.active)
        shown = self.proxy.rowCount()
        self.counts_changed.emit(
            f"Cán bộ: {total} (đang công tác {active}, đã nghỉ {total - active}) — đang hiện {shown}"
        )

    def printable_list(self):
        """Tệp → In danh sách: the staff as the table shows them (unit, status, search)."""
        from ..list_print import PrintableList

        item = self.unit_tree.currentItem()
        lines = [f"Đơn vị: {item.text(0) if item else 'Tất cả đơn vị'} — {self.status_combo.currentText()}"]
        if self.search.text().strip():
            lines.append(f"Tìm: “{self.search.text().strip()}”")
        return PrintableList("Danh sách cán bộ", self.table, lines)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return self.proxy.staff_ids(rows)

    def select_ids(self, staff_ids: list[int], *, scroll: bool = True) -> None:
        select_rows(self.table, staff_ids, scroll=scroll)

    def _update_actions(self, *_):
        n = len(self.table.selectionModel().selectedRows()) if self.table.selectionModel() else 0
        self.actions["edit"].setEnabled(n == 1)
        for key in ("move", "left", "delete"):
            self.actions[key].setEnabled(n >= 1)

    # --- staff actions -------------------------------------------------------
    def add_staff(self) -> None:
        key = self._selected_unit_key()
        unit_id = key if isinstance(key, int) else None
        dialog = StaffDialog(self, Staff(ho_ten="", unit_id=unit_id), self.units,
                             on_save=lambda s: records.save_staff(self.db, s))
        if dialog.exec():
            new_id = dialog.saved_result
            self.window.did_change(f"thêm {dialog.record.normalised().ho_ten}")
            self.reload([new_id])

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        before = records.get_staff(self.db, ids[0])
        dialog = StaffDialog(self, before, self.units, on_save=lambda s: records.save_staff(self.db, s))
        if dialog.exec():
            self.window.did_change(f"sửa {before.ho_ten}")
            self.reload(ids)

    def move_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = [u.ten for u in self.units]
        if not names:
            QMessageBox.information(self, "Chuyển đơn vị", "Chưa có đơn vị nào. Hãy thêm đơn vị trước.")
            return
        name, ok = QInputDialog.getItem(
            self, "Chuyển đơn vị", f"Chuyển {len(ids)} người sang đơn vị:", names, 0, False
        )
        if not ok:
            return
        unit = self.units[names.index(name)]
        if self.window.perform(lambda: records.move_staff(self.db, ids, unit.id)):
            self.window.did_change(f"chuyển {len(ids)} người sang {unit.ten}")
            self.reload(ids)

    def mark_selected_left(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        today = dt.date.today().strftime("%d/%m/%Y")
        text, ok = QInputDialog.getText(
            self, "Đánh dấu đã nghỉ",
            f"{len(ids)} người thôi công tác từ ngày (dd/mm/yyyy):", QLineEdit.EchoMode.Normal, today,
        )
        if not ok:
            return
        from ...domain.dates import DateError, parse_full_date

        try:
            when = parse_full_date(text)
        except DateError as exc:
            QMessageBox.warning(self, "Ngày không hợp lệ", str(exc))
            return
        if when is None:
            QMessageBox.warning(self, "Ngày không hợp lệ", "Hãy nhập ngày thôi công tác.")
            return
        if self.window.perform(lambda: records.mark_left(self.db, ids, when)):
            self.window.did_change(f"đánh dấu {len(ids)} người đã nghỉ")
            self.reload(ids)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        people = records.get_staff_many(self.db, ids)
        listing = "\n".join(f"• {p.ho_ten}" for p in people[:10])
        more = f"\n… và {len(people) - 10} người khác" if len(people) > 10 else ""
        if not confirm(
            self, "Xóa cán bộ",
            f"Xóa hẳn {len(people)} người khỏi danh sách?\n{listing}{more}\n\n"
            "Người đã nghỉ việc nên được đánh dấu “Đã nghỉ” thay vì xóa. Có thể hoàn tác (Ctrl+Z).",
        ):
            return
        if self.window.perform(lambda: records.delete_staff(self.db, ids)):
            self.window.did_change(f"xóa {len(ids)} người")
            self.reload()

    # --- unit actions --------------------------------------------------------
    def _selected_unit(self) -> Unit | None:
        key = self._selected_unit_key()
        return next((u for u in self.units if u.id == key), None)

    def add_unit(self) -> None:
        parent = self._selected_unit()
        dialog = UnitDialog(self, Unit(ten="", parent_id=parent.id if parent else None), self.units,
                            on_save=lambda u: records.save_unit(self.db, u))
        if dialog.exec():
            self.window.did_change("thêm đơn vị")
            self.reload()

    def edit_unit(self) -> None:
        unit = self._selected_unit()
        if unit is None:
            return
        dialog = UnitDialog(self, unit, self.units, on_save=lambda u: records.save_unit(self.db, u))
        if dialog.exec():
            self.window.did_change(f"sửa đơn vị {unit.ten}")
            self.reload()

    def delete_unit(self) -> None:
        unit = self._selected_unit()
        if unit is None:
            return
        if confirm(self, "Xóa đơn vị", f"Xóa đơn vị “{unit.ten}”?") and self.window.perform(
            lambda: records.delete_unit(self.db, unit.id)
        ):
            self.window.did_change(f"xóa đơn vị {unit.ten}")
            self.reload()
