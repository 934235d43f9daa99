"""Hồ sơ thi đua → Sáng kiến: initiatives, their authors and level."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.registrations import InitiativeEntry
from ...domain.titles import INITIATIVE_LEVELS
from ...store import merit, records
from ..fast_table import FastFilterProxy, FastTableModel
from ..widgets import EntryDialog, action_buttons, confirm, empty_hint, fit_combo
from .subjects import SubjectPicker


class InitiativeDialog(EntryDialog):
    """Thêm sáng kiến: tên, năm, một hoặc nhiều tác giả, cấp công nhận, quyết định."""

    def __init__(self, parent, db, entry: InitiativeEntry | None = None):
        super().__init__(parent, "Sửa sáng kiến" if entry else "Thêm sáng kiến")
        self.db = db
        self.original = entry
        self.name = QLineEdit()
        self.name.setObjectName("initiativeName")
        self.year = QSpinBox()
        self.year.setObjectName("initiativeYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(dt.date.today().year)
        self.level = fit_combo(QComboBox())
        self.level.setObjectName("initiativeLevel")
        self.level.addItem("Chưa được công nhận", None)
        for code, label in INITIATIVE_LEVELS.items():
            self.level.addItem(f"Công nhận {label}", code)
        self.number = QLineEdit()
        self.number.setObjectName("initiativeNumber")
        self.authors = SubjectPicker(db, units=False, multiple=True)
        form = QFormLayout()
        form.addRow("&Tên sáng kiến:", self.name)
        form.addRow("&Năm:", self.year)
        form.addRow("&Công nhận:", self.level)
        form.addRow("Số &quyết định:", self.number)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Tác giả (chọn một hoặc nhiều người):"))
        layout.addWidget(self.authors, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if entry is not None:
            self.name.setText(entry.ten)
            self.year.setValue(entry.nam)
            self.level.setCurrentIndex(max(self.level.findData(entry.cap), 0))
            self.number.setText(entry.so_quyet_dinh)
            self.authors.preselect([("staff", sid) for sid in entry.tac_gia])

    def save(self) -> None:
        authors = tuple(i for kind, i in self.authors.chosen() if kind == "staff")
        entry = InitiativeEntry(self.name.text(), self.year.value(), tac_gia=authors,
                                cap=self.level.currentData(), so_quyet_dinh=self.number.text())
        if self.original is not None:  # the fields not shown stay as they were
            entry = dataclasses.replace(self.original, ten=entry.ten, nam=entry.nam, tac_gia=authors,
                                        cap=entry.cap, so_quyet_dinh=entry.so_quyet_dinh)
        self.try_save(lambda: merit.save_initiative(self.db, entry))


class InitiativeModel(FastTableModel):
    COLUMNS = (("ten", "Tên sáng kiến"), ("nam", "Năm"), ("tac_gia", "Tác giả"), ("cap", "Công nhận"),
               ("so_quyet_dinh", "Số quyết định"))

    def display(self, row, field):
        if field == "cap":
            return INITIATIVE_LEVELS.get(row["cap"] or "", "Chưa được công nhận")
        return super().display(row, field)

    def sort_key(self, row, field):
        return row["nam"] if field == "nam" else super().sort_key(row, field)


class InitiativePage(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = InitiativeModel(self)
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("initiativeSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên sáng kiến, tác giả, năm — gõ không dấu cũng được")
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("initiativeTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, width in enumerate((380, 60, 300, 200)):
            self.table.horizontalHeader().resizeSection(c, width)
        empty_hint(self.table, "Chưa có sáng kiến nào — bấm Thêm… để ghi sáng kiến và cấp công nhận.")
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.actions, buttons = action_buttons(self, "initiative", (
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
        layout.addLayout(buttons)

    def reload(self) -> None:
        names = {r["id"]: r["ho_ten"] for r in records.list_staff_rows(self.window.db)}
        rows = [{"id": i.id, "ten": i.ten, "nam": i.nam, "tac_gia": ", ".join(names.get(a, "?") for a in i.tac_gia),
                 "cap": i.cap, "so_quyet_dinh": i.so_quyet_dinh} for i in merit.initiatives_all(self.window.db)]
        self.model.load(rows)

    def add(self) -> None:
        dialog = InitiativeDialog(self, self.window.db)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("thêm sáng kiến")
            self.window.reload_all()

    def edit_selected(self) -> None:
        ids = self.proxy.ids([self.table.currentIndex().row()]) if self.table.currentIndex().isValid() else []
        before = next((i for i in merit.initiatives_all(self.window.db) if ids and i.id == ids[0]), None)
        if before is None:
            return
        dialog = InitiativeDialog(self, self.window.db, before)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change(f"sửa sáng kiến “{before.ten}”")
            self.window.reload_all()

    def delete_selected(self) -> None:
        ids = self.proxy.ids(sorted({i.row() for i in self.table.selectionModel().selectedRows()}))
        if not ids or not confirm(self, "Xóa sáng kiến", f"Xóa {len(ids)} sáng kiến đã chọn?"):
            return
        if self.window.perform(lambda: merit.delete_rows(self.window.db, "initiatives", ids)):
            self.window.did_change(f"xóa {len(ids)} sáng kiến")
            self.window.reload_all()
