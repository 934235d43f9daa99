"""Xuất bảng tổng hợp đăng ký (gửi Sở Nội vụ): the letter it goes with, its
date, and whether grassroots titles (Lao động tiên tiến) are given as counts."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLineEdit

from ...services.documents.registration_xlsx import grassroots_codes
from ...store.db import StoreError
from ...store.rules import ruleset_for_year
from ..widgets import EntryDialog


class SummaryOptionsDialog(EntryDialog):
    """What the summary says it goes with, and how it lists grassroots titles."""

    def __init__(self, parent, db, year: int):
        super().__init__(parent, "Bảng tổng hợp đăng ký", (520, 240))
        self.buttons.button(self.buttons.StandardButton.Save).setText("Tiếp")
        today = dt.date.today()
        self.letter = QLineEdit()
        self.letter.setObjectName("summaryLetter")
        self.letter.setPlaceholderText("Công văn số 45/BDT-VP (để trống: văn thư ghi số)")
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName("summaryDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        try:
            rs = ruleset_for_year(db, year)
            self.codes = grassroots_codes(rs)
            names = ", ".join(rs.title_name(c) for c in self.codes)
        except StoreError:
            self.codes, names = [], ""
        self.counts = QCheckBox(f"{names}: chỉ ghi số lượng từng đơn vị, không ghi tên" if names
                                else "Không có danh hiệu cơ sở để chỉ ghi số lượng")
        self.counts.setObjectName("summaryCountsOnly")
        self.counts.setEnabled(bool(self.codes))
        self.lay_out([("&Kèm theo văn bản:", self.letter), ("&Ngày văn bản:", self.date)], below=[self.counts])

    def options(self) -> dict:
        q = self.date.date()
        return {"van_ban": self.letter.text(), "ngay": dt.date(q.year(), q.month(), q.day()),
                "counts_only": self.codes if self.counts.isChecked() else ()}

    def save(self) -> None:
        self.accept()
