"""Tab Đề nghị cấp trên: proposals of titles the agency may not decide, and the decisions that come back.

Luật Thi đua, khen thưởng 2022, Điều 80/84: the agency proposes Chiến sĩ thi
đua cấp tỉnh, Tập thể lao động xuất sắc, Cờ thi đua, Bằng khen … to the level
that decides. Left: the proposals (title, year, tờ trình, the higher level's
decision). Right: the people and collectives proposed, each with its outcome.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.titles import DECIDED_AT
from ...services.decisions import proposals as ps
from ...store import proposals as store
from ...store.db import StoreError
from ...store.rules import ruleset_for_year, with_title_names
from ..fast_table import FastFilterProxy, FastTableModel
from ..documents.word import offer_documents
from ..widgets import EntryDialog, action_buttons, confirm, fit_combo, master_detail, table_view
from .common import year_titles


def _dmy(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _date(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


def _date_edit(name: str) -> QDateEdit:
    today = dt.date.today()
    edit = QDateEdit(QDate(today.year, today.month, today.day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class ProposalModel(FastTableModel):
    # the state and each row's result come before the long columns: they stay in sight at 1024×768
    COLUMNS = (("ten_ma", "Danh hiệu, hình thức"), ("nam", "Năm"), ("trang_thai", "Trạng thái"),
               ("so_de_nghi", "Số người"), ("to_trinh", "Tờ trình"), ("quyet_dinh", "Quyết định cấp trên"))

    def display(self, row, field):
        if field == "to_trinh":
            return f"{row['so_to_trinh']} ngày {_dmy(row['ngay_trinh'])}" if row["so_to_trinh"] else ""
        if field == "quyet_dinh":
            if not row["so_quyet_dinh"]:
                return ""
            return f"{row['so_quyet_dinh']} ngày {_dmy(row['ngay_quyet_dinh'])}: {row['so_duoc_khen']} được khen"
        if field == "trang_thai":
            return ps.STATES[ps.state(row)]
        return super().display(row, field)


class ItemModel(FastTableModel):
    COLUMNS = (("ten", "Họ và tên / Tên tập thể"), ("ket_qua", "Kết quả"), ("don_vi", "Chức vụ, đơn vị"))
    NAME_FIELDS = frozenset({"ten"})

    def display(self, row, field):
        if field == "don_vi":
            return ", ".join(p for p in (row["chuc_vu"], row["don_vi"]) if p)
        if field == "ket_qua":
            return store.OUTCOMES[row["ket_qua"]]
        return super().display(row, field)


class ProposalDialog(EntryDialog):
    """Lập đề nghị: a title decided above the agency and a year; the registrations marked đạt go in."""

    def __init__(self, parent, db):
        super().__init__(parent, "Lập đề nghị khen thưởng cấp trên", (560, 300))
        self.db = db
        self.year = QSpinBox()
        self.year.setObjectName("proposalYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(dt.date.today().year)
        self.title = fit_combo(QComboBox())
        self.title.setObjectName("proposalTitle")
        self.pending = QLabel()
        self.pending.setWordWrap(True)
        self.lay_out([("&Năm thành tích:", self.year), ("&Danh hiệu, hình thức:", self.title)], below=[self.pending])
        self.year.valueChanged.connect(self._titles)
        self.title.currentIndexChanged.connect(self._pending)
        self._titles()

    def _titles(self, *_args) -> None:
        for t in year_titles(self, agency_decides=False) or ():
            n = len(store.proposable_registrations(self.db, self.year.value(), t.code, None))
            self.title.addItem(f"{t.name} — {DECIDED_AT[t.decided_at]} ({n} đạt)", t.code)
        self._pending()

    def _pending(self, *_args) -> None:
        code = self.title.currentData()
        n = len(store.proposable_registrations(self.db, self.year.value(), code, None)) if code else 0
        self.pending.setText(f"{n} đăng ký đã được Hội đồng xét đạt sẽ vào đề nghị." if n else
                             "Chưa có đăng ký nào được xét đạt mà chưa đề nghị cho danh hiệu này.")

    def save(self) -> None:
        self.try_save(lambda: ps.create_proposal(self.db, nam=self.year.value(), ma=self.title.currentData() or ""))


class SubmitDialog(EntryDialog):
    """Ghi tờ trình: the number and date of the tờ trình that sent a proposal up."""

    def __init__(self, parent, db, proposal):
        super().__init__(parent, "Ghi tờ trình đề nghị", (480, 220))
        self.db, self.proposal = db, proposal
        self.number = QLineEdit(proposal["so_to_trinh"] or "")
        self.number.setObjectName("submitNumber")
        self.number.setPlaceholderText("ví dụ 15/TTr-BDT")
        self.date = _date_edit("submitDate")
        self.lay_out([("&Số tờ trình:", self.number), ("&Ngày:", self.date)])

    def save(self) -> None:
        def write():
            ps.submit_proposal(self.db, self.proposal["id"], so_to_trinh=self.number.text(), ngay=_date(self.date))
            return self.proposal["id"]

        self.try_save(write)


class HigherDecisionDialog(EntryDialog):
    """Ghi quyết định cấp trên: number, date, issuer and who of the proposal it awards."""

    def __init__(self, parent, db, proposal):
        super().__init__(parent, "Ghi quyết định của cấp trên", (620, 560))
        self.db, self.proposal = db, proposal
        title = ruleset_for_year(db, proposal["nam"]).get_title(proposal["ma"])
        self.number = QLineEdit()
        self.number.setObjectName("higherNumber")
        self.number.setPlaceholderText("ví dụ 2715/QĐ-UBND")
        self.date = _date_edit("higherDate")
        self.issuer = QLineEdit(DECIDED_AT[title.decided_at] if title else "")
        self.issuer.setObjectName("higherIssuer")
        self.people = QListWidget()
        self.people.setObjectName("higherAwarded")
        for item in store.proposal_items(db, proposal["id"]):
            row = QListWidgetItem(item["ten"] + (f" — {item['don_vi']}" if item["don_vi"] else ""))
            row.setData(Qt.ItemDataRole.UserRole, item["registration_id"])
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked)
            self.people.addItem(row)
        self.from_excel = QPushButton("Đánh dấu theo danh sách &Excel của cấp trên…")
        self.from_excel.clicked.connect(self.mark_from_excel)
        note = QLabel("Bỏ dấu những người, tập thể cấp trên không khen. Bằng do cấp quyết định in và cấp phát.")
        note.setWordWrap(True)
        self.lay_out([("&Số quyết định:", self.number), ("&Ngày ký:", self.date), ("&Cấp ban hành:", self.issuer)],
                     below=[QLabel("Được khen:"), self.people, self.from_excel, note])

    def awarded(self) -> list[int]:
        return [self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def mark_from_excel(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Danh sách kèm quyết định của cấp trên", "",
                                              "Bảng tính Excel (*.xlsx);;Mọi tệp (*)")
        if not path:
            return
        try:
            match = ps.read_awarded_names(self.db, self.proposal["id"], path)
        except StoreError as exc:
            self.error.setText(str(exc))
            return
        if match.errors:  # nothing changes while a row names nobody of the proposal
            self.error.setText("Danh sách chưa khớp đề nghị, chưa đánh dấu gì:\n" + "\n".join(match.errors[:10]))
            return
        chosen = set(match.awarded)
        for i in range(self.people.count()):
            item = self.people.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)
        self.error.setText("")

    def save(self) -> None:
        self.try_save(lambda: ps.record_higher_decision(
            self.db, self.proposal["id"], so=self.number.text(), ngay=_date(self.date), issuer=self.issuer.text(),
            awarded=self.awarded()))


class ProposalTab(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.proposals = ProposalModel(self)
        self.proposal_proxy = FastFilterProxy(self)
        self.proposal_proxy.setSourceModel(self.proposals)
        self.list = table_view("proposalList", self.proposal_proxy, (170, 45, 105, 60, 120, 170), empty=(
            "Chưa có đề nghị lên cấp trên nào — sau khi Hội đồng ghi kết quả các danh hiệu cấp trên quyết định "
            "(Chiến sĩ thi đua cấp tỉnh, Bằng khen …), bấm Lập đề nghị…"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self.show_items())
        self.items = ItemModel(self)
        self.item_proxy = FastFilterProxy(self)
        self.item_proxy.setSourceModel(self.items)
        self.table = table_view("proposalItems", self.item_proxy, (170, 115, 210), empty=lambda: (
            "Chọn một đề nghị ở danh sách bên trái." if not self.proposals.rows()
            else "Đề nghị này chưa có ai."))
        self.summary = QLabel()
        self.summary.setObjectName("proposalSummary")
        self.summary.setWordWrap(True)
        self.actions, buttons = action_buttons(self, "proposal", (
            ("new", "&Lập đề nghị…", QKeySequence.StandardKey.New, self.new_proposal),
            ("submit", "Ghi tờ t&rình…", QKeySequence("Ctrl+Shift+T"), self.submit),
            ("record", "Ghi quyết định cấ&p trên…", QKeySequence("Ctrl+Shift+R"), self.record),
            ("delete", "&Xóa đề nghị", QKeySequence.StandardKey.Delete, self.delete),
            ("word", "Văn bản &Word…", QKeySequence("Ctrl+Alt+W"),
             lambda: offer_documents(self, self.window, "proposal", self.proposal_id(), "de-nghi")),
        ))
        split = master_detail(self.list, (self.table, self.summary), "proposals", (650, 550))
        layout = QVBoxLayout(self)
        hint = QLabel("Danh hiệu, hình thức do cấp trên quyết định (Luật Thi đua, khen thưởng 2022, Điều 80): cơ "
                      "quan lập tờ trình đề nghị, rồi ghi quyết định của cấp trên khi nhận được.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    @property
    def db(self):
        return self.window.db

    def printable_list(self):
        """Tệp → In danh sách: the proposals as the list shows them."""
        from ..list_print import PrintableList

        return PrintableList("Danh sách đề nghị cấp trên khen thưởng", self.list)

    def reload(self, select_id: int | None = None) -> None:
        current = select_id or self.proposal_id()
        self.proposals.load(with_title_names(self.db, store.list_proposals(self.db)))
        view_row = self.proposals.view_row_of(current) if current is not None else None
        self.list.selectRow(view_row if view_row is not None else 0)
        self.show_items()

    def proposal_id(self) -> int | None:
        index = self.list.currentIndex()
        return self.proposal_proxy.ids([index.row()])[0] if index.isValid() else None

    def current(self):
        pid = self.proposal_id()
        return store.get_proposal(self.db, pid) if pid is not None else None

    def show_items(self) -> None:
        p = self.current()
        self.items.load([dict(r) for r in store.proposal_items(self.db, p["id"])] if p else [])
        answered = p is not None and p["decision_id"] is not None
        self.actions["submit"].setEnabled(p is not None and not answered)
        self.actions["record"].setEnabled(p is not None and not answered)
        self.actions["delete"].setEnabled(p is not None and not answered)
        if p is None:
            self.summary.setText("Chưa có đề nghị nào. “Lập đề nghị…” (Ctrl+N) lấy những người, tập thể "
                                 "được Hội đồng xét đạt danh hiệu do cấp trên quyết định.")
            return
        self.summary.setText(f"{p['so_de_nghi']} người, tập thể được đề nghị; {ps.STATES[ps.state(p)].lower()}"
                             + (f"; {p['co_quan_ban_hanh']}: {p['so_duoc_khen']} được khen" if answered else ""))

    def _run(self, dialog, label: str) -> None:
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change(label)
            self.window.reload_all()
            self.reload(dialog.saved_id if isinstance(dialog, ProposalDialog) else None)

    def new_proposal(self) -> None:
        self._run(ProposalDialog(self, self.db), "lập đề nghị cấp trên")

    def submit(self) -> None:
        if (p := self.current()) is not None:
            self._run(SubmitDialog(self, self.db, p), "ghi tờ trình")

    def record(self) -> None:
        if (p := self.current()) is not None:
            self._run(HigherDecisionDialog(self, self.db, p), "ghi quyết định của cấp trên")

    def delete(self) -> None:
        p = self.current()
        if p is None or not confirm(self, "Xóa đề nghị", "Xóa đề nghị này? Các đăng ký vẫn giữ kết quả Đạt."):
            return
        if self.window.perform(lambda: store.delete_proposal(self.db, p["id"])):
            self.window.did_change("xóa đề nghị cấp trên")
            self.reload()
