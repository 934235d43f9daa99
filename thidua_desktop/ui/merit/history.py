"""Hồ sơ thi đua → Lịch sử khen thưởng: the award history of people and units,
searched, added (the form of one line), edited and deleted."""
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

from ...domain import vntext
from ...domain.dates import DateError, parse_full_date
from ...domain.registrations import AWARD_SOURCES, AwardEntry
from ...store import merit, rules
from ...store.db import StoreError
from ...store.records import ValidationError
from ...store.rules import ruleset_for_year
from ..fast_table import FastFilterProxy, FastTableModel
from ..widgets import EntryDialog, action_buttons, confirm, empty_hint, fit_combo
from .subjects import SubjectPicker


class HistoryModel(FastTableModel):
    COLUMNS = (("ten", "Cá nhân / tập thể"), ("don_vi", "Đơn vị"), ("nam", "Năm"), ("danh_hieu", "Danh hiệu, hình thức"),
               ("so_quyet_dinh", "Số quyết định"), ("ngay", "Ngày quyết định"), ("nguon", "Nguồn"))
    NAME_FIELDS = frozenset({"ten"})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title_names: dict[str, str] = {}

    def display(self, row, field):
        if field == "danh_hieu":
            return self.title_names.get(row["ma"], row["ma"])
        if field == "ngay":
            return dt.date.fromisoformat(row["ngay_quyet_dinh"]).strftime("%d/%m/%Y") if row["ngay_quyet_dinh"] else ""
        if field == "nguon":
            return AWARD_SOURCES.get(row["nguon"], row["nguon"])
        return super().display(row, field)

    def row_search_key(self, row) -> str:
        key = vntext.search_key_cached
        return (f"{row['ten_key'] or ''} {key(row['don_vi'] or '')} {row['nam']} "
                f"{key(self.display(row, 'danh_hieu'))} {key(row['so_quyet_dinh'] or '')}")

    FACETS = ("nam", "ma")

    def facets(self, row):
        return {"nam": row["nam"], "ma": row["ma"]}

    def sort_key(self, row, field):
        if field == "nam":
            return row["nam"]
        return super().sort_key(row, field)


class HistoryPage(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = HistoryModel(self)
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên, đơn vị, năm, danh hiệu, số quyết định — gõ không dấu cũng được")
        self.search.textChanged.connect(self._search)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("historyTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((200, 200, 60, 220, 120, 110)):
            self.table.horizontalHeader().resizeSection(col, width)
        empty_hint(self.table, "Chưa có khen thưởng nào — bấm Thêm…, hoặc Tệp → Nhập lịch sử khen thưởng "
                               "từ Excel… để nhập các năm trước.")
        self.count = QLabel()
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.actions, buttons = action_buttons(self, "history", (
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
        layout.addWidget(self.count)
        layout.addLayout(buttons)

    def reload(self) -> None:
        rows = merit.award_rows(self.window.db)
        years = {r["nam"] for r in rows}
        names: dict[str, str] = {}
        for year in sorted(years):
            try:
                names.update({t.code: t.name for t in ruleset_for_year(self.window.db, year).titles})
            except StoreError:
                continue
        self.model.title_names = names
        self.model.load(rows)
        self._update_count()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def add(self) -> None:
        dialog = AwardDialog(self, self.window.db)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("thêm lịch sử khen thưởng")
            self.window.reload_all()

    def edit_selected(self) -> None:
        ids = self.proxy.ids([self.table.currentIndex().row()]) if self.table.currentIndex().isValid() else []
        before = next((a for a in merit.awards_all(self.window.db) if ids and a.id == ids[0]), None)
        if before is None:
            return
        dialog = AwardDialog(self, self.window.db, before)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("sửa lịch sử khen thưởng")
            self.window.reload_all()

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = self.proxy.ids(rows)
        if not ids or not confirm(self, "Xóa lịch sử khen thưởng", f"Xóa {len(ids)} dòng lịch sử khen thưởng đã chọn?"):
            return
        if self.window.perform(lambda: merit.delete_rows(self.window.db, "awards", ids)):
            self.window.did_change(f"xóa {len(ids)} dòng lịch sử khen thưởng")
            self.window.reload_all()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} / {self.model.rowCount()} dòng lịch sử khen thưởng")


class AwardDialog(EntryDialog):
    """Thêm một dòng lịch sử khen thưởng (a past award typed by hand)."""

    def __init__(self, parent, db, entry: AwardEntry | None = None):
        super().__init__(parent, "Sửa lịch sử khen thưởng" if entry else "Thêm lịch sử khen thưởng")
        self.db = db
        self.original = entry
        self.picker = SubjectPicker(db)
        self.year = QSpinBox()
        self.year.setObjectName("awardYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(dt.date.today().year - 1)
        self.title = fit_combo(QComboBox())
        self.title.setObjectName("awardTitle")
        self.number = QLineEdit()
        self.number.setObjectName("awardNumber")
        self.number.setPlaceholderText("ví dụ 125/QĐ-UBND")
        self.date = QLineEdit()
        self.date.setObjectName("awardDate")
        self.date.setPlaceholderText("dd/mm/yyyy")
        form = QFormLayout()
        form.addRow("&Năm được khen:", self.year)
        form.addRow("&Danh hiệu, hình thức:", self.title)
        form.addRow("Số &quyết định:", self.number)
        form.addRow("Ngày quyết định:", self.date)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Cá nhân hoặc tập thể:"))
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.year.valueChanged.connect(self._titles)
        if entry is not None:
            self.picker.preselect([("staff", entry.staff_id) if entry.staff_id is not None else ("unit", entry.unit_id)])
            self.year.setValue(entry.nam)
        self._titles()
        if entry is not None:
            self.title.setCurrentIndex(max(self.title.findData(entry.ma), 0))
            self.number.setText(entry.so_quyet_dinh)
            self.date.setText(entry.ngay_quyet_dinh.strftime("%d/%m/%Y") if entry.ngay_quyet_dinh else "")

    def _titles(self, *_args) -> None:
        current = self.title.currentData()
        self.title.clear()
        try:
            rs = ruleset_for_year(self.db, self.year.value())
        except StoreError:  # history older than every rule set: its catalogue is the oldest one's
            rs = min(rules.all_rulesets(self.db), key=lambda r: r.effective_from)
        for t in rs.titles:
            self.title.addItem(t.name, t.code)
        self.title.setCurrentIndex(max(self.title.findData(current), 0))

    def entry(self) -> AwardEntry:
        chosen = self.picker.chosen()
        if not chosen:
            raise ValidationError(["Chưa chọn cá nhân hoặc tập thể"])
        kind, row_id = chosen[0]
        try:
            when = parse_full_date(self.date.text()) if self.date.text().strip() else None
        except DateError as exc:
            raise ValidationError([f"Ngày quyết định: {exc}"]) from exc
        typed = AwardEntry(self.year.value(), self.title.currentData() or "", so_quyet_dinh=self.number.text(),
                           ngay_quyet_dinh=when, staff_id=row_id if kind == "staff" else None,
                           unit_id=row_id if kind == "unit" else None)
        if self.original is None:
            return typed
        # what the dialog does not show (basis, source, note) stays as it was
        return dataclasses.replace(self.original, nam=typed.nam, ma=typed.ma, so_quyet_dinh=typed.so_quyet_dinh,
                                   ngay_quyet_dinh=when, staff_id=typed.staff_id, unit_id=typed.unit_id)

    def save(self) -> None:
        self.try_save(lambda: merit.save_award(self.db, self.entry()))
