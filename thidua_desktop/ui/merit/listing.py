"""A Hồ sơ thi đua page listing one kind of record (award history, sáng kiến):
search, a sortable table, Thêm / Sửa / Xóa through the record's own dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from ...store import merit
from ..fast_table import FastFilterProxy, FastTableModel
from ..widgets import action_buttons, confirm, empty_hint


class RecordListPage(QWidget):
    """A subclass names its record: ``NAME`` (object names), ``NOUN`` (“sáng kiến”),
    ``ITEMS`` (what a count of rows is), ``TABLE`` (deleted from), ``MODEL`` (its
    list), ``DIALOG`` (adds and edits one), the search's and the empty list's
    texts, the column sorted first and the columns' widths; ``records()`` reads them all."""

    NAME = NOUN = ITEMS = TABLE = SEARCH_TEXT = EMPTY_TEXT = ""
    MODEL: type[FastTableModel]
    DIALOG: type
    SORT_COLUMN = 0
    WIDTHS: tuple[int, ...] = ()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = self.MODEL(self)
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName(f"{self.NAME}Search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.SEARCH_TEXT)
        self.search.textChanged.connect(self._search)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName(f"{self.NAME}Table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(self.SORT_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate(self.WIDTHS):
            self.table.horizontalHeader().resizeSection(col, width)
        empty_hint(self.table, self.EMPTY_TEXT)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.actions, buttons = action_buttons(self, self.NAME, (
            ("add", "T&hêm…", QKeySequence.StandardKey.New, self.add),
            ("edit", "&Sửa…", QKeySequence(Qt.Key.Key_F2), self.edit_selected),
            ("delete", "&Xóa", QKeySequence.StandardKey.Delete, self.delete_selected),
        ))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tìm:"))
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        for widget in self.below_table():
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def below_table(self) -> list[QWidget]:
        """Widgets between the table and the buttons."""
        return []

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)

    def records(self) -> list:
        raise NotImplementedError

    def edit_label(self, before) -> str:
        """What Hoàn tác calls an edit of ``before``."""
        return f"sửa {self.NOUN}"

    def add(self) -> None:
        dialog = self.DIALOG(self, self.window.db)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change(f"thêm {self.NOUN}")
            self.window.reload_all()

    def edit_selected(self) -> None:
        ids = self.proxy.ids([self.table.currentIndex().row()]) if self.table.currentIndex().isValid() else []
        before = next((r for r in self.records() if ids and r.id == ids[0]), None)
        if before is None:
            return
        dialog = self.DIALOG(self, self.window.db, before)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change(self.edit_label(before))
            self.window.reload_all()

    def delete_selected(self) -> None:
        ids = self.proxy.ids(sorted({i.row() for i in self.table.selectionModel().selectedRows()}))
        if not ids or not confirm(self, f"Xóa {self.NOUN}", f"Xóa {len(ids)} {self.ITEMS} đã chọn?"):
            return
        if self.window.perform(lambda: merit.delete_rows(self.window.db, self.TABLE, ids)):
            self.window.did_change(f"xóa {len(ids)} {self.ITEMS}")
            self.window.reload_all()
