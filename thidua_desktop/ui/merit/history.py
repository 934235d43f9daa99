"""Hồ sơ thi đua → Lịch sử khen thưởng: the award history of people and units,
searched, added (the form of one line), edited and deleted."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from ...domain import vntext
from ...domain.dates import DateError, parse_full_date
from ...domain.registrations import AWARD_SOURCES, AwardEntry
from ...store import merit, rules
from ...store.db import StoreError
from ...store.records import ValidationError
from ...store.rules import ruleset_for_year
from ..fast_table import FastTableModel
from ..widgets import EntryDialog, fit_combo
from .listing import RecordListPage
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
        self.lay_out((("&Năm được khen:", self.year), ("&Danh hiệu, hình thức:", self.title),
                      ("Số &quyết định:", self.number), ("Ngày quyết định:", self.date)),
                     above=(QLabel("Cá nhân hoặc tập thể:"), self.picker), stretch=self.picker)
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


class HistoryPage(RecordListPage):
    NAME, NOUN, ITEMS, TABLE = "history", "lịch sử khen thưởng", "dòng lịch sử khen thưởng", "awards"
    SEARCH_TEXT = "Tìm theo tên, đơn vị, năm, danh hiệu, số quyết định — gõ không dấu cũng được"
    EMPTY_TEXT = ("Chưa có khen thưởng nào — bấm Thêm…, hoặc Tệp → Nhập lịch sử khen thưởng "
                  "từ Excel… để nhập các năm trước.")
    MODEL, DIALOG = HistoryModel, AwardDialog
    SORT_COLUMN, WIDTHS = 2, (200, 200, 60, 220, 120, 110)

    def below_table(self) -> list[QWidget]:
        self.count = QLabel()
        return [self.count]

    def records(self) -> list:
        return merit.awards_all(self.window.db)

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
        super()._search(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} / {self.model.rowCount()} dòng lịch sử khen thưởng")
