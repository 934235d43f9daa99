"""The council (its founding decision and members) and a meeting (date, place,
secretary, campaign): the two forms of the Kết quả bình xét tab."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.council import ROLES, Council, CouncilMember, Meeting
from ...store import council as store
from ...store import records
from ..widgets import EntryDialog, StaffPicker

KIEM_PHIEU = {"": "—", "truong_ban": "Trưởng ban", "uy_vien": "Ủy viên"}  # of the counting committee


def _date_edit(value: dt.date | None, name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    day = value or dt.date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def _py_date(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class CouncilDialog(EntryDialog):
    """Hội đồng: founding decision and members (a new decision = a new council; history kept)."""

    def __init__(self, parent, db, council: Council | None = None):
        super().__init__(parent, "Hội đồng Thi đua - Khen thưởng", (820, 560))
        self.db, self.original = db, council
        self.number = QLineEdit(council.so_quyet_dinh if council else "")
        self.number.setObjectName("councilNumber")
        self.number.setPlaceholderText("ví dụ 05/QĐ-BDT")
        self.date = _date_edit(council.ngay_quyet_dinh if council else None, "councilDate")
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("councilMembers")
        self.table.setHorizontalHeaderLabels(["Họ và tên", "Chức vụ", "Vai trò trong Hội đồng"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 340)
        self.table.setColumnWidth(1, 190)
        self.staff = StaffPicker.staff_model(db, self)  # one list for every row's picker
        for m in (council.members if council else ()):
            self.add_member(m)
        add, remove = QPushButton("&Thêm thành viên"), QPushButton("&Bỏ thành viên đang chọn")
        add.setObjectName("councilAdd")
        add.clicked.connect(lambda: self.add_member())
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        form = QFormLayout()
        form.addRow("Số &quyết định thành lập:", self.number)
        form.addRow("&Ngày quyết định:", self.date)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def add_member(self, member: CouncilMember | None = None) -> None:
        """A row: the person picked from the staff list (or a name typed, e.g. a
        union representative), their position, their role in the council."""
        r = self.table.rowCount()
        self.table.insertRow(r)
        name = QTableWidgetItem()
        name.setData(Qt.ItemDataRole.UserRole, (member.id, member.staff_id, member.gioi_tinh) if member else None)
        self.table.setItem(r, 0, name)
        picker = StaffPicker(self.db, model=self.staff, placeholder="Gõ tên để chọn từ danh sách cán bộ")
        picker.setObjectName(f"councilMember{r}")
        picker.select_staff(member.staff_id if member else None, member.ho_ten if member else "")
        picker.currentIndexChanged.connect(lambda _i, p=picker: self._picked(p))
        self.table.setCellWidget(r, 0, picker)
        self.table.setItem(r, 1, QTableWidgetItem(member.chuc_vu if member else ""))
        role = QComboBox()
        for code, label in ROLES.items():
            role.addItem(label, code)
        role.setCurrentIndex(max(role.findData(member.vai_tro if member else "uy_vien"), 0))
        self.table.setCellWidget(r, 2, role)

    def _picked(self, picker: StaffPicker) -> None:
        """A person chosen from the list brings their position."""
        staff_id, _ = picker.person()
        row = next((r for r in range(self.table.rowCount()) if self.table.cellWidget(r, 0) is picker), None)
        if staff_id is None or row is None:
            return
        self.table.setItem(row, 1, QTableWidgetItem(picker.rows[staff_id]["chuc_vu"] or ""))

    def council(self) -> Council:
        members = []
        for r in range(self.table.rowCount()):
            name = self.table.item(r, 0)
            extra = name.data(Qt.ItemDataRole.UserRole) if name else None
            mid, old_sid, gender = extra if extra else (None, None, None)
            picker = self.table.cellWidget(r, 0)
            sid, ho_ten = picker.person()
            if sid is not None:
                gender = picker.rows[sid]["gioi_tinh"]
            elif old_sid is not None:
                gender = None  # no longer that person
            members.append(CouncilMember(
                ho_ten=ho_ten, chuc_vu=self.table.item(r, 1).text() if self.table.item(r, 1) else "",
                vai_tro=self.table.cellWidget(r, 2).currentData(), gioi_tinh=gender, staff_id=sid, id=mid))
        return Council(self.number.text(), _py_date(self.date), tuple(members),
                       id=self.original.id if self.original else None)

    def save(self) -> None:
        self.try_save(lambda: store.save_council(self.db, self.council()))


class MeetingDialog(EntryDialog):
    def __init__(self, parent, db, meeting: Meeting | None = None):
        super().__init__(parent, "Cuộc họp Hội đồng", (560, 460))
        self.db, self.original = db, meeting
        self.council = QComboBox()
        self.council.setObjectName("meetingCouncil")
        for c in store.list_councils(db):
            self.council.addItem(c.decision_text, c.id)
        self.campaign = QComboBox()
        self.campaign.setObjectName("meetingCampaign")
        for c in records.list_campaigns(db):
            self.campaign.addItem(f"{c.so_ke_hoach or '—'} — {c.ten}", c.id)
        self.year = QSpinBox()
        self.year.setObjectName("meetingYear")
        self.year.setRange(1990, 2200)
        self.date = _date_edit(meeting.ngay if meeting else None, "meetingDate")
        self.time = QLineEdit(meeting.gio if meeting else "08 giờ 00")
        self.place = QLineEdit(meeting.dia_diem if meeting else "")
        self.place.setObjectName("meetingPlace")
        self.conclusions = QPlainTextEdit(meeting.ket_luan if meeting else "")
        self.conclusions.setObjectName("meetingConclusions")
        self.secretary = StaffPicker(db, placeholder="Thư ký của Hội đồng nếu để trống")
        self.secretary.setObjectName("meetingSecretary")
        if meeting:
            self.council.setCurrentIndex(max(self.council.findData(meeting.council_id), 0))
            self.campaign.setCurrentIndex(max(self.campaign.findData(meeting.campaign_id), 0))
            self.year.setValue(meeting.nam)
        else:  # this year's regular campaign, the usual subject of the year-end meeting
            year = dt.date.today().year
            self.year.setValue(year)
            regular = next((c.id for c in records.list_campaigns(db) if c.loai == "thuong_xuyen"
                            and c.nam_bat_dau <= year <= (c.nam_ket_thuc or c.nam_bat_dau)), None)
            self.campaign.setCurrentIndex(max(self.campaign.findData(regular), 0))
            in_office = store.council_on(db, dt.date.today())  # not one set up by a decision dated later
            if in_office is not None:
                self.council.setCurrentIndex(max(self.council.findData(in_office.id), 0))
        self._secretary_of_council()
        if meeting and meeting.thu_ky:
            self.secretary.select_staff(self._staff_named(meeting.thu_ky), meeting.thu_ky)
        self.council.currentIndexChanged.connect(lambda *_: self._secretary_of_council())
        self.lay_out([("&Hội đồng:", self.council), ("&Phong trào:", self.campaign), ("&Năm xét:", self.year),
                      ("Ngày họp:", self.date), ("&Giờ:", self.time), ("Địa &điểm:", self.place),
                      ("&Thư ký cuộc họp:", self.secretary), ("&Kết luận:", self.conclusions)])

    def _staff_named(self, name: str) -> int | None:
        return next((sid for sid, row in self.secretary.rows.items() if row["ho_ten"] == name), None)

    def _secretary_of_council(self) -> None:
        """The council's Thư ký by default."""
        council_id = self.council.currentData()
        member = next((m for c in store.list_councils(self.db) if c.id == council_id
                       for m in c.members if m.vai_tro == "thu_ky"), None)
        self.secretary.select_staff(member.staff_id if member else None, member.ho_ten if member else "")

    def save(self) -> None:
        if self.council.currentData() is None or self.campaign.currentData() is None:
            self.error.setText("Cần có Hội đồng và phong trào trước khi tạo cuộc họp")
            return
        meeting = Meeting(self.council.currentData(), self.campaign.currentData(), self.year.value(),
                          _py_date(self.date), self.time.text(), self.place.text(), self.conclusions.toPlainText(),
                          ghi_chu=self.original.ghi_chu if self.original else "",
                          thu_ky=self.secretary.person()[1], id=self.original.id if self.original else None)
        self.try_save(lambda: store.save_meeting(self.db, meeting))


def dataclass_copy(member: CouncilMember) -> CouncilMember:
    """A member for a new council: same person, not the same row."""
    from dataclasses import replace

    return replace(member, id=None)
