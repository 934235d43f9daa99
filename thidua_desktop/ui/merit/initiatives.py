"""Hồ sơ thi đua → Sáng kiến: initiatives, their authors and level."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox

from ...domain.registrations import InitiativeEntry
from ...domain.titles import INITIATIVE_LEVELS
from ...store import merit, records
from ..fast_table import FastTableModel
from ..widgets import EntryDialog, fit_combo
from .listing import RecordListPage
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
        self.lay_out((("&Tên sáng kiến:", self.name), ("&Năm:", self.year), ("&Công nhận:", self.level),
                      ("Số &quyết định:", self.number)),
                     below=(QLabel("Tác giả (chọn một hoặc nhiều người):"), self.authors), stretch=self.authors)
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


class InitiativePage(RecordListPage):
    NAME, NOUN, ITEMS, TABLE = "initiative", "sáng kiến", "sáng kiến", "initiatives"
    MODEL, DIALOG = InitiativeModel, InitiativeDialog
    SEARCH_TEXT = "Tìm theo tên sáng kiến, tác giả, năm — gõ không dấu cũng được"
    EMPTY_TEXT = "Chưa có sáng kiến nào — bấm Thêm… để ghi sáng kiến và cấp công nhận."
    SORT_COLUMN, WIDTHS = 1, (380, 60, 300, 200)

    def records(self) -> list:
        return merit.initiatives_all(self.window.db)

    def edit_label(self, before) -> str:
        return f"sửa sáng kiến “{before.ten}”"

    def reload(self) -> None:
        names = {r["id"]: r["ho_ten"] for r in records.list_staff_rows(self.window.db)}
        rows = [{"id": i.id, "ten": i.ten, "nam": i.nam, "tac_gia": ", ".join(names.get(a, "?") for a in i.tac_gia),
                 "cap": i.cap, "so_quyet_dinh": i.so_quyet_dinh} for i in merit.initiatives_all(self.window.db)]
        self.model.load(rows)
