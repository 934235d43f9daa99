"""Hồ sơ thi đua → Kỷ luật, vụ việc: disciplines and matters under review."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.dates import DateError, parse_full_date
from ...domain.eligibility import REVIEW_KINDS
from ...domain.registrations import DisciplineEntry, ReviewEntry
from ...domain.titles import DISCIPLINE_FORMS
from ...store import merit, records
from ...store.records import ValidationError
from ..widgets import EntryDialog, action_buttons, empty_hint, fit_combo
from .subjects import SubjectPicker


class DisciplineDialog(EntryDialog):
    """Thêm kỷ luật (``review=False``) or a matter under way (``review=True``)."""

    def __init__(self, parent, db, *, review: bool):
        super().__init__(parent, "Thêm vụ việc đang xem xét" if review else "Thêm kỷ luật", (560, 560))
        self.db, self.review = db, review
        self.picker = SubjectPicker(db)
        self.kind = fit_combo(QComboBox())
        self.kind.setObjectName("disciplineKind")
        for code, label in (REVIEW_KINDS if review else DISCIPLINE_FORMS).items():
            self.kind.addItem(label[:1].upper() + label[1:], code)
        self.since = QLineEdit()
        self.since.setObjectName("disciplineSince")
        self.since.setPlaceholderText("dd/mm/yyyy")
        self.until = QLineEdit()
        self.until.setObjectName("disciplineUntil")
        self.until.setPlaceholderText("dd/mm/yyyy (để trống: tính theo quy định)")
        self.number = QLineEdit()
        self.number.setObjectName("disciplineNumber")
        rows = [("Loại:" if review else "Hình thức:", self.kind),
                ("Từ ngày:" if review else "Ngày quyết định:", self.since)]
        if not review:
            rows += [("Hết hiệu lực:", self.until), ("Số quyết định:", self.number)]
        self.lay_out(rows, above=(QLabel("Cá nhân hoặc tập thể:"), self.picker), stretch=self.picker)

    def _date(self, edit: QLineEdit, label: str, *, required: bool):
        text = edit.text().strip()
        if not text:
            if required:
                raise ValidationError([f"Chưa có {label}"])
            return None
        try:
            return parse_full_date(text)
        except DateError as exc:
            raise ValidationError([f"{label[:1].upper() + label[1:]}: {exc}"]) from exc

    def save(self) -> None:
        self.try_save(self._write)

    def _write(self) -> int:
        chosen = self.picker.chosen()
        if not chosen:
            raise ValidationError(["Chưa chọn cá nhân hoặc tập thể"])
        kind, row_id = chosen[0]
        who = {"staff_id": row_id} if kind == "staff" else {"unit_id": row_id}
        if self.review:
            since = self._date(self.since, "ngày bắt đầu", required=False)
            return merit.save_review(self.db, ReviewEntry(self.kind.currentData(), tu_ngay=since, **who))
        entry = DisciplineEntry(self.kind.currentData(), self._date(self.since, "ngày quyết định", required=True),
                                den_ngay=self._date(self.until, "ngày hết hiệu lực", required=False),
                                so_quyet_dinh=self.number.text(), **who)
        return merit.save_discipline(self.db, entry)


class DisciplinePage(QWidget):
    """Kỷ luật and matters under way; a matter blocks every proposal until it is closed."""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.table = QTableWidget(0, 5)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("disciplineTable")
        self.table.setHorizontalHeaderLabels(["Cá nhân / tập thể", "Nội dung", "Từ ngày", "Đến ngày / kết thúc", "Số quyết định / ghi chú"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, width in enumerate((240, 300, 100, 150)):
            self.table.horizontalHeader().resizeSection(c, width)
        empty_hint(self.table, "Không có kỷ luật hay vụ việc nào đang xem xét — khi có, bấm Thêm kỷ luật… "
                               "hoặc Thêm vụ việc đang xem xét… (người đang bị xem xét không được đề nghị khen).")
        self.actions, buttons = action_buttons(self, "discipline", (
            ("add", "Thêm &kỷ luật…", QKeySequence("Ctrl+Shift+K"), lambda: self.add(review=False)),
            ("review", "Thêm vụ việc đang &xem xét…", QKeySequence("Ctrl+Shift+R"), lambda: self.add(review=True)),
            ("close", "Kết thúc &vụ việc", QKeySequence("Ctrl+Shift+F"), self.close_review),
        ))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.rows: list[tuple[str, object]] = []

    def reload(self) -> None:
        db = self.window.db
        names = {("staff", r["id"]): r["ho_ten"] for r in records.list_staff_rows(db)}
        names.update({("unit", u.id): u.ten for u in records.list_units(db)})

        def who(e):
            return names.get(("staff", e.staff_id) if e.staff_id is not None else ("unit", e.unit_id), "?")

        def day(d):
            return d.strftime("%d/%m/%Y") if d else ""

        self.rows = [("review", r) for r in merit.reviews_all(db)] + [("discipline", d) for d in merit.disciplines_all(db)]
        self.table.setRowCount(len(self.rows))
        for i, (kind, e) in enumerate(self.rows):
            if kind == "review":
                values = [who(e), REVIEW_KINDS[e.loai] + ("" if e.ket_thuc else " (đang mở)"), day(e.tu_ngay),
                          day(e.ket_thuc), e.ghi_chu]
            else:
                values = [who(e), f"Kỷ luật: {DISCIPLINE_FORMS[e.hinh_thuc]}", day(e.tu_ngay), day(e.den_ngay),
                          e.so_quyet_dinh]
            for c, text in enumerate(values):
                self.table.setItem(i, c, QTableWidgetItem(text))

    def add(self, *, review: bool) -> None:
        dialog = DisciplineDialog(self, self.window.db, review=review)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("thêm vụ việc đang xem xét" if review else "thêm kỷ luật")
            self.window.reload_all()

    def close_review(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        open_reviews = [self.rows[r][1] for r in rows if self.rows[r][0] == "review" and not self.rows[r][1].ket_thuc]
        if not open_reviews:
            return
        closed = [dataclasses.replace(e, ket_thuc=dt.date.today()) for e in open_reviews]

        def write(entries):
            with self.window.db.atomic():
                for entry in entries:
                    merit.save_review(self.window.db, entry)

        if self.window.perform(lambda: write(closed)):
            self.window.did_change(f"kết thúc {len(closed)} vụ việc")
            self.window.reload_all()
