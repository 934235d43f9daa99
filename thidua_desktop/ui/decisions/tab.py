"""Tab Quyết định: decisions, their awardees with award-book numbers, lists and certificates.

Left: the decisions (newest first). Right: the selected decision's awardees
(name, unit, achievement, award-book number, reward; cancelled certificates
greyed). "Quyết định mới…" fills a decision from the results marked đạt of a
title (or from people chosen by hand, when no result is pending).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.decisions import DEFAULT_ACHIEVEMENT, decision_number, default_achievement
from ...domain.titles import CA_NHAN, TAP_THE
from ...domain.votes import format_money
from ...services.decisions import service as ds
from ...store import decisions as store
from ...store import records
from ...store.db import StoreError
from ...store.rules import ruleset_for_year, with_title_names
from ..fast_table import FastFilterProxy, FastTableModel
from ..documents.word import offer_documents
from .common import year_titles
from ..lookup import dialog as lookup
from ..widgets import (
    EntryDialog,
    StaffPicker,
    action_buttons,
    confirm,
    fit_combo,
    master_detail,
    table_view,
)


class DecisionModel(FastTableModel):
    COLUMNS = (("so", "Số"), ("ngay", "Ngày"), ("ten_ma", "Danh hiệu, hình thức"), ("nam", "Năm"),
               ("so_nguoi", "Số người"), ("tien", "Tiền thưởng (đồng)"))

    def display(self, row, field):
        if field == "so":
            if row["thay_bang"]:
                return f"{row['so']} (đã thay bằng {row['thay_bang']})"
            return f"{row['so']} (thay cho {row['thay_cho']})" if row["thay_cho"] else row["so"]
        if field == "ngay":
            return dt.date.fromisoformat(row["ngay"]).strftime("%d/%m/%Y")
        if field == "tien":
            return format_money(row["tong_tien"])
        return super().display(row, field)

    def sort_key(self, row, field):
        return row["ngay"] if field == "ngay" else super().sort_key(row, field)

    def role_data(self, row, field, role):
        if role == Qt.ItemDataRole.ForegroundRole and row["thay_bang"]:
            return QBrush(QColor("#888888"))
        return None


class AwardeeModel(FastTableModel):
    COLUMNS = (("so_so_vang", "Số sổ vàng"), ("ten", "Họ và tên / Tên tập thể"), ("don_vi", "Chức vụ, đơn vị"),
               ("thanh_tich", "Thành tích"), ("tien_thuong", "Tiền thưởng"))
    NAME_FIELDS = frozenset({"ten"})

    def display(self, row, field):
        if field == "so_so_vang":
            n = row["so_so_vang"]
            return "" if n is None else f"{n} (đã hủy)" if row["huy"] else str(n)
        if field == "don_vi":
            return ", ".join(p for p in (row["chuc_vu"], row["don_vi"]) if p)
        if field == "tien_thuong":
            return "" if row["tien_thuong"] is None else format_money(row["tien_thuong"])
        return super().display(row, field)

    def sort_key(self, row, field):
        return (row["so_so_vang"] or 0) if field == "so_so_vang" else super().sort_key(row, field)

    def role_data(self, row, field, role):
        if role == Qt.ItemDataRole.ForegroundRole and row["huy"]:
            return QBrush(QColor("#888888"))
        return None


class DecisionDialog(EntryDialog):
    """Quyết định mới: number, date, signer, title, year and the awardees' achievement text."""

    def __init__(self, parent, db):
        super().__init__(parent, "Quyết định khen thưởng mới", (620, 420))
        self.db = db
        settings = records.get_settings(db)
        today = dt.date.today()
        self.year = QSpinBox()
        self.year.setObjectName("decisionYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(today.year)
        self.title = fit_combo(QComboBox())
        self.title.setObjectName("decisionTitle")
        self.number = QLineEdit(decision_number("", settings.ky_hieu))  # "/QĐ-BDT": the number goes in front
        self.number.setObjectName("decisionNumber")
        self.number.setCursorPosition(0)
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName("decisionDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.signer_title = QPlainTextEdit(settings.chuc_danh_thu_truong.upper())  # "KT. TRƯỞNG BAN" ⏎ "PHÓ …"
        self.signer_title.setObjectName("decisionSignerTitle")
        self.signer_title.setFixedHeight(52)
        self.signer_title.setTabChangesFocus(True)
        self.signer = QLineEdit(settings.ten_thu_truong)
        self.achievement = QLineEdit(DEFAULT_ACHIEVEMENT)
        self.achievement.setObjectName("decisionAchievement")
        self.pending = QLabel()
        self.pending.setObjectName("decisionPending")
        self.pending.setWordWrap(True)
        self.lay_out([("&Năm thành tích:", self.year), ("&Danh hiệu, hình thức:", self.title),
                      ("&Số quyết định:", self.number), ("Ngày &ký:", self.date),
                      ("&Chức danh người ký:", self.signer_title), ("N&gười ký:", self.signer),
                      ("&Thành tích ({nam} = năm):", self.achievement)], below=[self.pending])
        self.year.valueChanged.connect(self._titles)
        self.title.currentIndexChanged.connect(self._pending)
        self._titles()

    def _titles(self, *_args) -> None:
        current = self.title.currentData()
        titles = year_titles(self, agency_decides=True)  # Điều 80: the others go up (tab Đề nghị cấp trên)
        if titles is None:
            return
        for t in titles:
            n = len(ds.passed_registrations(self.db, self.year.value(), t.code))
            self.title.addItem(f"{t.name} ({n} đạt)" if n else t.name, t.code)
        first_pending = next((i for i in range(self.title.count()) if "đạt)" in self.title.itemText(i)), 0)
        self.title.setCurrentIndex(max(self.title.findData(current), first_pending) if current else first_pending)

    def registrations(self) -> list[int]:
        code = self.title.currentData()
        return ds.passed_registrations(self.db, self.year.value(), code) if code else []

    def _pending(self, *_args) -> None:
        try:
            title = ruleset_for_year(self.db, self.year.value()).get_title(self.title.currentData() or "")
        except StoreError:
            title = None
        if not self.achievement.isModified():  # the user's own text is kept
            self.achievement.setText(default_achievement(title))
        ids = self.registrations()
        n = len(ids)
        text = (f"{n} đăng ký đã được Hội đồng xét đạt sẽ vào quyết định." if n else
                "Chưa có đăng ký nào đạt cho danh hiệu này: hãy xét ở tab Kết quả bình xét "
                "hoặc chuyển trạng thái Đạt ở tab Đăng ký.")
        try:
            waiting = ds.awaiting_prerequisite(self.db, self.year.value(), self.title.currentData() or "", ids)
        except StoreError:
            waiting = []
        for name, people in waiting:
            who = ", ".join(people[:5]) + (f" và {len(people) - 5} người khác" if len(people) > 5 else "")
            text += (f"\nChưa có quyết định công nhận {name} năm {self.year.value()} cho {who}: "
                     f"nên ra quyết định {name} trước.")
        self.pending.setText(text)

    def save(self) -> None:
        q = self.date.date()
        self.try_save(lambda: ds.create_decision(
            self.db, so=self.number.text(), ngay=dt.date(q.year(), q.month(), q.day()), nam=self.year.value(),
            ma=self.title.currentData() or "", registration_ids=self.registrations(),
            thanh_tich=self.achievement.text(), nguoi_ky=self.signer.text(),
            chuc_danh_ky=self.signer_title.toPlainText()))


class CorrectionDialog(EntryDialog):
    """Sửa quyết định: number, date, signer, who stays (ticked) and who is added
    (people of the staff list, or units for a collective title). A decision
    already printed is not changed: saving cancels it (its numbers and print
    log stay) and issues a replacing decision with a new number."""

    def __init__(self, parent, db, decision_id: int):
        super().__init__(parent, "Sửa quyết định khen thưởng", (680, 620))
        self.db = db
        self.decision_id = decision_id
        d = store.get_decision(db, decision_id)
        printed = store.print_count(db, decision_id)
        self.reissue = bool(printed)
        try:
            title = ruleset_for_year(db, d.nam).get_title(d.ma)
        except StoreError:
            title = None
        subjects = title.subjects if title is not None else (CA_NHAN, TAP_THE)
        self.number = QLineEdit(d.so)
        self.number.setObjectName("correctNumber")
        self.date = QDateEdit(QDate(d.ngay.year, d.ngay.month, d.ngay.day))
        self.date.setObjectName("correctDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.signer_title = QPlainTextEdit(d.chuc_danh_ky)
        self.signer_title.setObjectName("correctSignerTitle")
        self.signer_title.setFixedHeight(52)
        self.signer = QLineEdit(d.nguoi_ky)
        self.signer.setObjectName("correctSigner")
        self.awardees = QListWidget()
        self.awardees.setObjectName("correctAwardees")
        for r in store.awardee_rows(db, decision_id):
            if r["huy"]:
                continue
            number = f"{r['so_so_vang']}. " if r["so_so_vang"] is not None else ""
            self._add_item(f"{number}{r['ten']}" + (f" — {r['don_vi']}" if r["don_vi"] else ""), ("awardee", r["id"]))
        rows = [("&Số quyết định:", self.number), ("Ngày &ký:", self.date),
                ("&Chức danh người ký:", self.signer_title), ("&Người ký:", self.signer),
                ("Người được k&hen:", self.awardees)]
        self.picker = StaffPicker(db)
        self.picker.setObjectName("correctPicker")
        if CA_NHAN in subjects:
            rows.append(("Thêm cán &bộ:", self._adder(self.picker, "correctAdd", self.add_person)))
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("correctUnit")
        for unit in records.list_units(db):
            self.unit_combo.addItem(unit.ten, unit.id)
        if TAP_THE in subjects:
            rows.append(("Thêm tậ&p thể:", self._adder(self.unit_combo, "correctAddUnit", self.add_unit)))
        note = QLabel(
            f"Quyết định này đã in giấy khen {printed} lần. Khi lưu, quyết định này được hủy (giữ số sổ vàng và "
            "nhật ký in) và một quyết định thay thế được ghi với số mới; giấy khen của quyết định mới in lại."
            if printed else "Chưa in giấy khen nào của quyết định này nên sửa trực tiếp được. Bỏ dấu ở người không "
                            "còn trong quyết định; người thêm được cấp số sổ vàng tiếp theo.")
        note.setObjectName("correctNote")
        note.setWordWrap(True)
        if printed:
            self.number.setText("")
            self.number.setPlaceholderText(f"số quyết định thay thế (khác {d.so})")
        self.lay_out(rows, above=[note])

    def _adder(self, field: QWidget, name: str, slot) -> QWidget:
        button = QPushButton("Thêm vào quyết định")
        button.setObjectName(name)
        button.clicked.connect(slot)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        row.addWidget(button)
        return box

    def _add_item(self, text: str, key: tuple[str, int]) -> None:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.awardees.addItem(item)

    def _keys(self, checked: bool) -> list[tuple[str, int]]:
        items = [self.awardees.item(i) for i in range(self.awardees.count())]
        return [tuple(i.data(Qt.ItemDataRole.UserRole)) for i in items
                if (i.checkState() == Qt.CheckState.Checked) == checked]

    def add_person(self) -> None:
        staff_id, name = self.picker.person()
        if staff_id is None:
            self.error.setText(f"“{name}” không có trong danh sách cán bộ: chọn người từ danh sách gợi ý."
                               if name else "Chưa chọn cán bộ để thêm.")
            return
        self.error.setText("")
        if ("staff", staff_id) not in self._keys(True) + self._keys(False):
            self._add_item(f"(mới) {self.picker.currentText()}", ("staff", staff_id))
        self.picker.select_staff(None)

    def add_unit(self) -> None:
        unit_id = self.unit_combo.currentData()
        if unit_id is not None and ("unit", unit_id) not in self._keys(True) + self._keys(False):
            self._add_item(f"(mới) {self.unit_combo.currentText()}", ("unit", unit_id))

    def save(self) -> None:
        removed = [i for kind, i in self._keys(False) if kind == "awardee"]
        added = self._keys(True)
        q = self.date.date()
        self.try_save(lambda: ds.correct_decision(
            self.db, self.decision_id, so=self.number.text(), ngay=dt.date(q.year(), q.month(), q.day()),
            nguoi_ky=self.signer.text(), chuc_danh_ky=self.signer_title.toPlainText(),
            remove_awardee_ids=removed, staff_ids=[i for kind, i in added if kind == "staff"],
            unit_ids=[i for kind, i in added if kind == "unit"]))


class DecisionTab(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.decisions = DecisionModel(self)
        self.decision_proxy = FastFilterProxy(self)
        self.decision_proxy.setSourceModel(self.decisions)
        self.list = table_view("decisionList", self.decision_proxy, (95, 80, 150, 45, 65), empty=(
            "Chưa có quyết định nào — sau khi Hội đồng ghi kết quả (tab Kết quả bình xét), "
            "bấm Quyết định mới…"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self.show_awardees())
        self.awardees = AwardeeModel(self)
        self.awardee_proxy = FastFilterProxy(self)
        self.awardee_proxy.setSourceModel(self.awardees)
        self.search = QLineEdit()
        self.search.setObjectName("awardeeSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm người được khen — gõ không dấu cũng được")
        self.search.textChanged.connect(self.awardee_proxy.set_search)
        self.table = table_view("awardeeTable", self.awardee_proxy, (75, 160, 200, 250), sort_column=0,
                                empty=lambda: "Chọn một quyết định ở danh sách bên trái." if not self.decisions.rows()
                                else "Quyết định này chưa có ai được khen.")
        lookup.attach(window, self.table)  # a double-click or the context menu: the awardee's record
        self.summary = QLabel()
        self.summary.setObjectName("decisionSummary")
        # two rows, so the tab fits a 1024-pixel screen: the decision, then its certificates
        self.actions, buttons = action_buttons(self, "decision", (
            ("new", "Quyết định &mới…", QKeySequence.StandardKey.New, self.new_decision),
            ("edit", "Sửa qu&yết định…", QKeySequence("F4"), self.edit_decision),
            ("delete", "&Xóa quyết định", QKeySequence("Ctrl+Del"), self.delete_decision),
            ("export", "Xuất &danh sách…", QKeySequence("Ctrl+Alt+E"), self.export_list),
            ("book", "Sổ khen thưởng…", QKeySequence("Ctrl+Alt+B"), self.export_book),
            ("word", "Văn bản &Word…", QKeySequence("Ctrl+Alt+W"),
             lambda: offer_documents(self, self.window, "decision", self.decision_id(), "quyet-dinh")),
        ))
        certificate_actions, certificate_buttons = action_buttons(self, "decision", (
            ("achievement", "Sửa thà&nh tích…", QKeySequence("F2"), self.edit_achievement),
            ("cancel", "&Hủy giấy khen", QKeySequence("Ctrl+Shift+Del"), lambda: self.cancel(True)),
            ("restore", "Bỏ hủy", QKeySequence("Ctrl+Shift+Ins"), lambda: self.cancel(False)),
            ("certificates", "In giấy &khen…", QKeySequence("Ctrl+P"), self.print_certificates),
            ("calibrate", "Hiệu chỉnh máy &in…", QKeySequence("Ctrl+Alt+P"), self.calibrate),
            ("template", "Sửa mẫ&u…", QKeySequence("Ctrl+Alt+M"), self.edit_template),
        ))
        self.actions.update(certificate_actions)
        split = master_detail(self.list, (self.search, self.table, self.summary), "decisions", (430, 850))
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addLayout(certificate_buttons)

    @property
    def db(self):
        return self.window.db

    def reload(self, select_id: int | None = None) -> None:
        current = select_id or self.decision_id()
        self.decisions.load(with_title_names(self.db, store.list_decisions(self.db)))
        view_row = self.decisions.view_row_of(current) if current is not None else None
        self.list.selectRow(view_row if view_row is not None else 0)
        self.show_awardees()

    def printable_list(self):
        """Tệp → In danh sách: the decisions as the list shows them."""
        from ..list_print import PrintableList

        return PrintableList("Danh sách quyết định khen thưởng", self.list)

    def decision_id(self) -> int | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self.decision_proxy.ids([index.row()])[0]

    def show_awardees(self) -> None:
        did = self.decision_id()
        rows = [dict(r) for r in store.awardee_rows(self.db, did)] if did is not None else []
        self.awardees.load(rows)
        for key in ("achievement", "cancel", "restore", "export", "certificates"):
            self.actions[key].setEnabled(bool(rows))
        self._explain_actions(did)
        if did is None:
            self.summary.setText("Chưa có quyết định khen thưởng. “Quyết định mới…” (Ctrl+N) lấy những người "
                                 "đã được xét đạt.")
            return
        total = sum(r["tien_thuong"] or 0 for r in rows if not r["huy"])  # a cancelled one is not paid
        cancelled = sum(1 for r in rows if r["huy"])
        money = format_money(total)
        prints = store.print_history(self.db, did)
        printed = ""
        if prints:
            last = prints[0]
            when = dt.datetime.fromisoformat(last["thoi_gian"]).strftime("%H:%M %d/%m/%Y")
            printed = (f"; đã in {len(prints)} lần, lần cuối {when} ({last['may_in']}, "
                       f"{len([n for n in last['so_so_vang'].split(',') if n])} bản"
                       + (", in lại" if last["in_lai"] else "") + ")")
        decision = store.get_decision(self.db, did)
        paid = (f"tổng tiền thưởng {money} đồng" if decision.is_own else
                f"tiền thưởng do {decision.co_quan_ban_hanh or 'cấp quyết định'} chi (quyết định của cấp trên)")
        self.summary.setText(f"{len(rows)} người, tập thể; {paid}"
                             + (f"; {cancelled} giấy khen đã hủy (giữ số)" if cancelled else "") + printed)
        note = ds.reward_note(self.db, decision, rows)
        self.summary.setToolTip(note)
        if note:
            self.summary.setText(self.summary.text() + " — chỉ nhận mức thưởng cao nhất (Điều 49 k.5 NĐ 152/2025)")

    def _decision_row(self, did: int | None) -> dict | None:
        return next((r for r in self.decisions.rows() if r["id"] == did), None) if did is not None else None

    def _explain_actions(self, did: int | None) -> None:
        """Sửa / Xóa / In giấy khen enabled as the decision allows, with a tooltip saying why not."""
        row = self._decision_row(did)
        replaced = bool(row and row["thay_bang"])
        printed = bool(row and row["so_lan_in"])
        self.actions["edit"].setEnabled(row is not None and not replaced)
        self.actions["delete"].setEnabled(row is not None and not printed and not replaced)
        why_certificates = ds.certificate_refusal(self.db, did) if did is not None else ""
        if row is not None and not why_certificates and not row["so_nguoi"]:
            why_certificates = "Mọi giấy khen của quyết định này đã hủy" + (
                f" (đã thay bằng Quyết định số {row['thay_bang']})" if replaced else "")
        if why_certificates:
            self.actions["certificates"].setEnabled(False)
        tips = {
            "edit": (f"Đã được thay bằng Quyết định số {row['thay_bang']}" if replaced else
                     "Đã in giấy khen: lưu sẽ hủy quyết định này và ghi quyết định thay thế (giữ nhật ký in)"
                     if printed else "Sửa số, ngày, người ký và người được khen (F4)"),
            "delete": (f"Đã được thay bằng Quyết định số {row['thay_bang']}" if replaced else
                       "Đã in giấy khen nên không xóa được: dùng “Sửa quyết định…” để hủy và ban hành lại"
                       if printed else "Xóa quyết định chưa in (Ctrl+Del)"),
            "certificates": why_certificates or "Xem trước, in hoặc lưu PDF giấy khen (Ctrl+P)",
        }
        for key, tip in tips.items():
            self.actions[key].setToolTip(tip)
            button = self.findChild(QPushButton, f"decision_{key}")
            if button is not None:
                button.setToolTip(tip)

    def edit_decision(self) -> None:
        """Correct the decision: in place while unprinted, else cancel and reissue."""
        did = self.decision_id()
        if did is None:
            return
        dialog = CorrectionDialog(self, self.db, did)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("hủy và ban hành lại quyết định" if dialog.reissue else "sửa quyết định")
            self.window.reload_all()
            self.reload(dialog.saved_id)

    def delete_decision(self) -> None:
        did = self.decision_id()
        row = self._decision_row(did)
        if row is None or not confirm(
                self, "Xóa quyết định",
                f"Xóa Quyết định số {row['so']} ({row['so_nguoi']} người)? Lịch sử khen thưởng do quyết định này ghi "
                "được bỏ, các đăng ký trở về Đạt; số sổ vàng đã cấp không dùng lại. Có thể hoàn tác (Ctrl+Z)."):
            return
        if self.window.perform(lambda: ds.delete_decision(self.db, did)):
            self.window.did_change(f"xóa Quyết định số {row['so']}")
            self.window.reload_all()

    def selected_awardees(self) -> list[int]:
        return self.awardee_proxy.ids(sorted({i.row() for i in self.table.selectionModel().selectedRows()}))

    def new_decision(self) -> None:
        dialog = DecisionDialog(self, self.db)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("ghi quyết định khen thưởng")
            self.window.reload_all()
            self.reload(dialog.saved_id)

    def edit_achievement(self) -> None:
        ids = self.selected_awardees()
        if not ids:
            return
        first = next(r for r in self.awardees.rows() if r["id"] == ids[0])
        text, ok = QInputDialog.getText(self, "Thành tích", f"Thành tích của {len(ids)} người được chọn:",
                                        text=first["thanh_tich"])
        if not ok:
            return
        if self.window.perform(lambda: store.set_achievement(self.db, ids, text)):
            self.window.did_change(f"sửa thành tích của {len(ids)} người")
            self.show_awardees()

    def cancel(self, huy: bool) -> None:
        ids = self.selected_awardees()
        if not ids:
            return
        if huy and not confirm(self, "Hủy giấy khen", f"Hủy {len(ids)} giấy khen đã chọn? Số sổ vàng vẫn giữ, "
                                                       "không cấp lại cho người khác."):
            return
        if self.window.perform(lambda: ds.cancel_certificates(self.db, ids, huy)):
            self.window.did_change("hủy giấy khen" if huy else "bỏ hủy giấy khen")
            self.show_awardees()

    # --- certificates ------------------------------------------------------------
    def dialog(self, name: str):
        """The dialog ``print`` (the selected decision's certificates, or the
        chosen rows'), ``template`` or ``calibration``, not yet shown; None when
        there is no decision to print. May raise StoreError or ValueError."""
        from ..certificates.calibration import CalibrationDialog
        from ..certificates.dialog import CertificatePrintDialog
        from ..certificates.template_editor import TemplateEditor

        if name == "calibration":
            return CalibrationDialog(self, self.window)
        if name == "template":
            return TemplateEditor(self, self.window, self.decision_id())
        did = self.decision_id()
        return None if did is None else CertificatePrintDialog(self, self.window, did,
                                                               self.selected_awardees() or None)

    def _run(self, name: str) -> None:
        try:
            dialog = self.dialog(name)
        except records.MissingSettingsError as exc:  # certificates print the agency's name and place
            self.window.ask_for_settings(exc)
            return
        except (StoreError, ValueError) as exc:
            QMessageBox.warning(self, "Không mở được", str(exc))
            return
        if dialog is not None:
            try:
                dialog.exec()
            finally:  # its PDF preview (megabytes) is not kept for the rest of the session
                dialog.deleteLater()

    def calibrate(self) -> None:
        self._run("calibration")

    def edit_template(self) -> None:
        self._run("template")

    def print_certificates(self) -> None:
        """Preview the decision's certificates (or the chosen rows'), then print or save them."""
        self._run("print")
        self.show_awardees()  # the print log line

    def _save_to(self, title: str, name: str, filters: str = "Excel (*.xlsx)") -> Path | None:
        """A file to write; the extension follows the chosen filter when none was typed."""
        path, chosen = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        if not path:
            return None
        suffix = ".pdf" if chosen.startswith("PDF") else ".xlsx"
        return Path(path if path.lower().endswith((".xlsx", ".pdf")) else path + suffix)

    def export_list(self) -> None:
        """The decision's list as a workbook, or as the PDF annex "kèm theo Quyết định"."""
        from ...services.documents.decision_pdf import export_decision_annex

        did = self.decision_id()
        path = self._save_to("Xuất danh sách kèm theo quyết định", "danh-sach-khen-thuong.xlsx",
                             "Excel (*.xlsx);;PDF – phụ lục kèm theo quyết định (*.pdf)") if did else None
        if path is None:
            return
        write = export_decision_annex if path.suffix.lower() == ".pdf" else ds.export_decision_list
        if self.window.perform(lambda: write(self.db, did, path)):
            self.window.statusBar().showMessage(f"Đã lưu {path}", 8000)

    def export_book(self) -> None:
        """Sổ khen thưởng of one year (this year first) or of a range of years."""
        dialog = YearRangeDialog(self, dt.date.today().year)
        if not dialog.exec():
            return
        first, last = dialog.years()
        span = str(first) if first == last else f"{first}-{last}"
        path = self._save_to("Xuất sổ khen thưởng", f"so-khen-thuong-{span}.xlsx")
        count: list[int] = []
        if path and self.window.perform(lambda: count.append(ds.export_award_book(self.db, path, first, last))):
            if not count[0]:
                QMessageBox.information(self, "Sổ khen thưởng",
                                        f"Năm {span.replace('-', ' – ')} chưa có khen thưởng nào (quyết định hoặc "
                                        "lịch sử khen thưởng đã nhập).")
            self.window.statusBar().showMessage(f"Đã lưu {path} ({count[0]} dòng)", 8000)


class YearRangeDialog(EntryDialog):
    """Từ năm … đến năm … (the same year for one year)."""

    def __init__(self, parent, year: int):
        super().__init__(parent, "Sổ khen thưởng", (360, 160))
        self.buttons.button(self.buttons.StandardButton.Save).setText("Tiếp")
        self.first, self.last = QSpinBox(), QSpinBox()
        for box, name in ((self.first, "bookFirstYear"), (self.last, "bookLastYear")):
            box.setObjectName(name)
            box.setRange(1990, 2200)
            box.setValue(year)
        self.first.valueChanged.connect(lambda v: self.last.setValue(max(v, self.last.value())))
        self.last.valueChanged.connect(lambda v: self.first.setValue(min(v, self.first.value())))
        self.lay_out([("&Từ năm:", self.first), ("Đế&n năm:", self.last)])

    def years(self) -> tuple[int, int]:
        return self.first.value(), self.last.value()

    def save(self) -> None:
        self.accept()
