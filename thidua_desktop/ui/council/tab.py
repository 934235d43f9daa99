"""Tab Kết quả bình xét: the council meeting from attendance to minutes.

Left: who attends (present, written opinion, absent; the counting
committee) and the quorum. Right: per voted title its candidates in ballot
order, the quota, the counts of a round typed in a grid and checked as they
are typed (the save button stays disabled while they do not add up), the
results by the domain's rules, a new round among the tied or the chair's
decision, then "Ghi kết quả vào đăng ký", ballots, minutes and spreadsheets.
Once the results are recorded the meeting is closed (read-only) until "Mở
lại cuộc họp" (asked first, logged; refused once a decision used them).
The forms are in ``dialogs``, the round's table in ``tally``, the documents
(printed or saved) in ``documents``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import council as dc
from ...domain.council import ATTENDANCE, ROLES, Council, Tally
from ...services.council import service as cs
from ...store import council as store
from ...store.db import StoreError
from ..documents.word import offer_documents
from ..widgets import (
    FlowLayout,
    action_buttons,
    confirm,
    empty_hint,
    fit_combo,
    labelled,
    remember_splitter,
    table_view,
)
from .dialogs import KIEM_PHIEU, CouncilDialog, MeetingDialog, dataclass_copy
from .documents import MeetingDocuments
from .tally import TallyModel

COUNT_FIELDS = (("issued", "Phát ra"), ("returned", "Thu vào"), ("valid", "Hợp lệ"), ("invalid", "Không hợp lệ"))

class CouncilTab(MeetingDocuments, QWidget):

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.state: cs.MeetingState | None = None
        self._loading = False
        self.make_printer = None  # name → QPrinter; None: the system's printer (tests print to a PDF file)
        self.last_written: list[Path] = []
        # --- top
        self.meeting_combo = QComboBox()
        self.meeting_combo.setObjectName("meetingCombo")
        self.meeting_combo.currentIndexChanged.connect(lambda *_: self.show_meeting())
        self.top_actions, top_buttons = action_buttons(self, "council", (
            ("council", "&Hội đồng…", QKeySequence("Ctrl+Shift+H"), self.edit_council),
            ("new_meeting", "Cuộc họp &mới…", QKeySequence("Ctrl+Shift+M"), self.new_meeting),
            ("edit_meeting", "&Sửa cuộc họp…", QKeySequence("Ctrl+Shift+S"), self.edit_meeting),
        ))
        fit_combo(self.meeting_combo, 30)
        top = FlowLayout()  # the buttons wrap under the meeting on a narrow screen
        meeting = labelled("Cuộc họp:", self.meeting_combo)
        meeting.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(meeting)
        for i in range(top_buttons.count()):
            top.addWidget(top_buttons.itemAt(i).widget())
        # --- attendance
        self.members = QTableWidget(0, 3)
        self.members.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.members.setObjectName("attendanceTable")
        self.members.setHorizontalHeaderLabels(["Thành viên", "Dự họp", "Kiểm phiếu"])
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.setColumnWidth(0, 140)
        self.members.setColumnWidth(1, 120)
        self.members.verticalHeader().hide()  # each row names its member; room for the combos at 1024 px
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        empty_hint(self.members, lambda: "Chưa có cuộc họp — thành viên dự họp hiện ở đây."
                   if store.list_councils(self.db) else "Chưa có Hội đồng — bấm Hội đồng…")
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorumLabel")
        self.quorum_label.setWordWrap(True)
        left_box = QGroupBox("Thành viên Hội đồng")  # the table scrolls sideways when narrow
        left = QVBoxLayout(left_box)
        left.setContentsMargins(4, 4, 4, 4)
        left.addWidget(self.members, 1)
        left.addWidget(self.quorum_label)
        # --- title, quota, candidates
        self.title_combo = QComboBox()
        self.title_combo.setObjectName("titleCombo")
        self.title_combo.currentIndexChanged.connect(lambda *_: self.show_title())
        self.round_combo = QComboBox()
        self.round_combo.setObjectName("roundCombo")
        self.round_combo.currentIndexChanged.connect(lambda *_: self.show_round())
        self.quota = QSpinBox()
        self.quota.setObjectName("quotaSpin")
        self.quota.setRange(-1, 9999)
        self.quota.setSpecialValueText("không giới hạn")
        self.quota.setMinimumWidth(130)
        self.quota.editingFinished.connect(self.save_quota)
        fit_combo(self.title_combo)
        fit_combo(self.round_combo)
        chooser = FlowLayout()
        for label, widget in (("Danh hiệu:", self.title_combo), ("Vòng:", self.round_combo),
                              ("Chỉ tiêu:", self.quota)):
            chooser.addWidget(labelled(label, widget))
        self.counts: dict[str, QLineEdit] = {}
        grid = FlowLayout()
        for key, label in COUNT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"count_{key}")
            edit.setMaximumWidth(70)
            edit.textChanged.connect(self.validate)
            self.counts[key] = edit
            grid.addWidget(labelled(f"Phiếu {label.lower()}:", edit))
        self.model = TallyModel(self)
        self.model.dataChanged.connect(lambda *_: self.validate())
        self.table = table_view("tallyTable", self.model, (40, 170, 200, 85, 70, 130), editable=True,
                                empty=self._empty_text)
        self.errors = QLabel()
        self.errors.setObjectName("tallyErrors")
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("meetingSummary")
        self.summary.setWordWrap(True)
        self.actions, buttons = action_buttons(self, "tally", (
            ("propose", "&Lấy đề nghị", QKeySequence("Ctrl+L"), self.propose),
            ("up", "Lên", QKeySequence("Ctrl+Up"), lambda: self.move(-1)),
            ("down", "Xuống", QKeySequence("Ctrl+Down"), lambda: self.move(1)),
            ("save", "Lưu &kiểm phiếu", QKeySequence.StandardKey.Save, self.save_counts),
            ("new_round", "&Vòng mới", QKeySequence("Ctrl+R"), self.new_round),
            ("chair", "Chủ tịch &quyết định…", QKeySequence("Ctrl+D"), self.chair_decides),
            ("apply", "Ghi kết q&uả", QKeySequence("Ctrl+Shift+G"), self.apply_results),
            ("reopen", "Mở lạ&i cuộc họp…", QKeySequence("Ctrl+Shift+O"), self.reopen_meeting),
        ))
        self.doc_actions, doc_buttons = action_buttons(self, "docs", (
            ("ballots", "In &phiếu bầu…", QKeySequence("Ctrl+P"), self.print_ballots),
            ("tally_sheet", "Biên bản kiểm phiếu trố&ng…", QKeySequence("Ctrl+Shift+T"), self.print_tally_sheet),
            ("minutes", "In &biên bản…", QKeySequence("Ctrl+Shift+P"), self.print_minutes),
            ("results_xlsx", "Xuất kết quả (.xlsx)…", QKeySequence("Ctrl+Shift+X"), self.export_results),
            ("proposals_xlsx", "Xuất danh sách đề nghị (.xlsx)…", QKeySequence("Ctrl+Alt+E"),
             self.export_proposals),
            ("word", "Văn bản &Word…", QKeySequence("Ctrl+Alt+W"),
             lambda: offer_documents(self, self.window, "meeting", self.meeting_id(), "hoi-dong")),
        ))
        right_box = QWidget()
        right = QVBoxLayout(right_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(chooser)
        right.addLayout(grid)
        right.addWidget(self.table, 1)
        right.addWidget(self.errors)
        right.addWidget(self.summary)
        right.addLayout(buttons)
        right.addLayout(doc_buttons)
        split = QSplitter()
        split.addWidget(left_box)
        split.addWidget(right_box)
        split.setSizes([590, 690])
        remember_splitter(split, "council")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    @property
    def db(self):
        return self.window.db

    # --- loading -------------------------------------------------------------------
    def reload(self) -> None:
        current = self.meeting_combo.currentData()
        self._loading = True
        self.meeting_combo.clear()
        for m in store.list_meetings(self.db):
            self.meeting_combo.addItem(f"{m.ngay:%d/%m/%Y} — năm {m.nam} — {m.dia_diem or 'chưa ghi địa điểm'}", m.id)
        self.meeting_combo.setCurrentIndex(max(self.meeting_combo.findData(current), 0))
        self._loading = False
        self.show_meeting()

    def printable_list(self):
        """Tệp → In danh sách: the candidates of the round shown, with their votes and results."""
        from ..list_print import PrintableList

        lines = [f"Cuộc họp {self.meeting_combo.currentText()}" if self.meeting_combo.count() else ""]
        if self.title_combo.count():
            lines.append(f"{self.title_combo.currentText()} — {self.round_combo.currentText()}")
        return PrintableList("Kết quả bình xét thi đua, khen thưởng", self.table, lines)

    def meeting_id(self) -> int | None:
        return self.meeting_combo.currentData()

    def _no_meeting_text(self) -> str:
        if not store.list_councils(self.db):
            return ("Chưa có Hội đồng Thi đua – Khen thưởng — bấm Hội đồng… để ghi quyết định thành lập "
                    "và các thành viên, rồi Cuộc họp mới…")
        return "Chưa có cuộc họp nào — bấm Cuộc họp mới…"

    def _empty_text(self) -> str:
        """What the candidates' list says while it is empty."""
        if self.state is None:
            return self._no_meeting_text()
        return ("Chưa có ai được đề nghị cho danh hiệu này — ở tab Đăng ký chọn người rồi bấm Đề nghị, "
                "sau đó bấm Lấy đề nghị ở đây.")

    def show_meeting(self) -> None:
        if self._loading:
            return
        mid = self.meeting_id()
        self.state = None
        if mid is not None:
            try:
                self.state = cs.meeting_state(self.db, mid)
            except StoreError as exc:
                self.summary.setText(str(exc))
        for key in ("edit_meeting",):
            self.top_actions[key].setEnabled(self.state is not None)
        self._show_members()
        code = self.title_combo.currentData()
        self._loading = True
        self.title_combo.clear()
        for t in self.state.titles if self.state else ():
            self.title_combo.addItem(f"{t.name} ({len(t.candidates)})", t.code)
        self.title_combo.setCurrentIndex(max(self.title_combo.findData(code), 0))
        self._loading = False
        self.show_title()
        self.members.empty_hint.refresh()  # the situation changed, maybe not the (empty) lists
        self.table.empty_hint.refresh()

    def _show_members(self) -> None:
        self.members.setRowCount(0)
        if self.state is None:
            self.quorum_label.setText("Chưa có cuộc họp. Tạo Hội đồng rồi “Cuộc họp mới…”.")
            return
        for m in self.state.council.members:
            r = self.members.rowCount()
            self.members.insertRow(r)
            item = QTableWidgetItem(f"{m.ho_ten}\n{ROLES[m.vai_tro]}")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.members.setItem(r, 0, item)
            status, why, kp = self.state.attendance.get(m.id, ("co_mat", "", ""))
            for col, options, value in ((1, ATTENDANCE, status), (2, KIEM_PHIEU, kp)):
                combo = fit_combo(QComboBox())
                for code, label in options.items():
                    combo.addItem(label, code)
                combo.setCurrentIndex(max(combo.findData(value), 0))
                combo.setEnabled(not self.state.closed)
                combo.currentIndexChanged.connect(self.save_attendance)
                self.members.setCellWidget(r, col, combo)
        self.members.resizeRowsToContents()
        for col in (1, 2):  # the attendance combos show their whole text
            widths = [self.members.cellWidget(r, col).sizeHint().width() for r in range(self.members.rowCount())]
            self.members.setColumnWidth(col, max(widths, default=self.members.columnWidth(col)))
        q = self.state.quorum
        colour = "#1b5e20" if q.met else "#b00020"
        self.quorum_label.setText(f"<span style='color:{colour}'>{q.text}</span>")

    def title_state(self) -> cs.TitleState | None:
        code = self.title_combo.currentData()
        if self.state is None or code is None:
            return None
        return self.state.title(code)

    def show_title(self) -> None:
        if self._loading:
            return
        t = self.title_state()
        self._loading = True
        self.round_combo.clear()
        if t is not None:
            for i in range(len(t.tallies)):
                self.round_combo.addItem(f"Vòng {i + 1}", i + 1)
            if not t.tallies:
                self.round_combo.addItem("Vòng 1", 1)
            self.round_combo.setCurrentIndex(self.round_combo.count() - 1)
            self.quota.setValue(-1 if t.quota is None else t.quota)
        self._loading = False
        self.show_round()

    def show_round(self, new: int | None = None) -> None:
        if self._loading:
            return
        t = self.title_state()
        number = new or self.round_combo.currentData() or 1
        if t is None:
            self.model.load([], {}, {}, False)
            self._set_counts(None)
            self._loaded_counts = self._typed_counts()
            self._update()
            return
        rows = {r["id"]: r for r in t.candidates}
        if number == 1:
            shown = t.candidates
        else:
            previous = t.rounds[number - 2]
            shown = [rows[k] for k in previous.tied] if new else [rows[c.key] for c in t.rounds[number - 1].candidates]
        saved = t.tallies[number - 1] if number <= len(t.tallies) else None
        results = {}
        if number <= len(t.rounds):
            results = {c.key: c for c in t.rounds[number - 1].candidates}
            if number == len(t.tallies) and t.chair_round is not None:
                results.update({c.key: c for c in t.chair_round.candidates})
        self.model.load(shown, dict(saved.votes) if saved else {}, results, editable=not self.state.closed)
        self._set_counts(saved)
        self._loaded_counts = self._typed_counts()
        self._entry_round = number
        self._update()

    def _typed_counts(self) -> tuple:
        return (tuple(e.text().strip() for e in self.counts.values()), tuple(sorted(self.model.votes.items())))

    def unsaved_work(self) -> str:
        """Counts typed and not saved, in words ("" when nothing)."""
        t = self.title_state()
        if t is None or not self.model.rows or self._typed_counts() == getattr(self, "_loaded_counts", None):
            return ""
        return f"số phiếu đã gõ của {t.name} vòng {getattr(self, '_entry_round', 1)}"

    def save_unsaved_work(self) -> bool:
        """Lưu before closing; False (the errors stay shown) when the counts cannot be saved."""
        self.save_counts()
        return not self.unsaved_work()

    def _set_counts(self, tally: Tally | None) -> None:
        for key, edit in self.counts.items():
            edit.blockSignals(True)
            edit.setText("" if tally is None else str(getattr(tally, key)))
            edit.blockSignals(False)

    # --- checking as typed --------------------------------------------------------------
    def typed_tally(self) -> tuple[Tally | None, list[str]]:
        def number(text: str, label: str, errors: list[str]):
            text = text.strip()
            if not text:
                errors.append(f"Chưa nhập {label}")
                return None
            if not text.isdigit():
                errors.append(f"{label[0].upper()}{label[1:]} phải là số nguyên không âm (đang là “{text}”)")
                return None
            return int(text)

        errors: list[str] = []
        values = {key: number(self.counts[key].text(), f"số phiếu {label.lower()}", errors)
                  for key, label in COUNT_FIELDS}
        votes = {}
        for r in self.model.rows:
            votes[r["id"]] = number(self.model.votes.get(r["id"], ""), f"số phiếu đồng ý của {r['ten']}", errors)
        if errors:
            return None, errors
        tally = Tally(values["issued"], values["returned"], values["valid"], values["invalid"], votes)
        names = {r["id"]: r["ten"] for r in self.model.rows}
        return tally, dc.tally_errors(tally, present=self.state.present, written=self.state.written, names=names)

    def validate(self) -> None:
        if self.state is None or not self.model.rows:
            self.errors.setText("")
            self.actions["save"].setEnabled(False)
            return
        typed = [e.text().strip() for e in self.counts.values()] + [v for v in self.model.votes.values() if v]
        if not any(typed):
            self.errors.setText("<span style='color:#555'>Nhập số phiếu phát ra, thu vào, hợp lệ, không hợp lệ "
                                "và số phiếu đồng ý của từng người; lỗi hiện ở đây khi gõ.</span>")
            self.actions["save"].setEnabled(False)
            return
        if self.state.closed:
            self.errors.setText("")
            self.actions["save"].setEnabled(False)
            return
        _, errors = self.typed_tally()
        self.errors.setText("\n".join(errors[:6]) + (f"\n… và {len(errors) - 6} lỗi khác" if len(errors) > 6 else ""))
        self.actions["save"].setEnabled(not errors and self.state.quorum.met)

    def _update(self) -> None:
        t = self.title_state()
        has = t is not None and bool(t.candidates)
        tied = bool(t and t.rounds and t.rounds[-1].tied and t.chair_round is None)
        rule = self.state.rs.params.tie_break if self.state else "new_round"
        closed = self.state is not None and self.state.closed
        self.actions["propose"].setEnabled(self.state is not None and not closed)
        for key in ("up", "down"):
            self.actions[key].setEnabled(has and not (t and t.tallies) and not closed)
        self.actions["new_round"].setEnabled(tied and rule == "new_round" and not closed)
        self.actions["chair"].setEnabled(tied and cs.chair_may_decide(self.state, t) and not closed)
        self.actions["apply"].setEnabled(self.state is not None and not closed and not self.state.problems())
        self.actions["reopen"].setEnabled(closed)
        for action in self.doc_actions.values():
            action.setEnabled(self.state is not None)
        self.quota.setEnabled(has and not closed)
        for edit in self.counts.values():
            edit.setReadOnly(closed)
        lines = []
        if closed:
            lines.append("Kết quả cuộc họp đã được ghi vào đăng ký: số phiếu, danh sách và dự họp không sửa được. "
                         "Muốn sửa, hãy “Mở lại cuộc họp” (Ctrl+Shift+O).")
        elif self.state is not None:
            problems = self.state.problems()
            done = [x.name for x in self.state.titles if x.done]
            if done:
                lines.append("Đã có kết quả: " + ", ".join(done) + ".")
            if problems:
                lines.append("Còn phải làm: " + "; ".join(problems) + ".")
            elif self.state.titles:
                lines.append("Đủ điều kiện ghi kết quả vào đăng ký (Ctrl+Shift+G).")
            if t is not None and t.open_tie:
                women = [r["ten"] for r in t.candidates if r["id"] in t.open_tie and r["gioi_tinh"] == "nu"]
                if women:
                    lines.append("Lưu ý: khi thành tích ngang nhau, ưu tiên cá nhân nữ (" + ", ".join(women)
                                 + "); Hội đồng quyết định.")
        self.summary.setText("\n".join(lines))
        self.validate()

    # --- actions -------------------------------------------------------------------------
    def _refresh(self, label: str) -> None:
        self.window.did_change(label)
        self.window.reload_all()

    def edit_council(self) -> None:
        councils = store.list_councils(self.db)
        current = councils[0] if councils else None
        if current is not None and not confirm(
                self, "Hội đồng", f"Sửa Hội đồng theo {current.decision_text}?\n(Chọn “Không” để nhập Hội đồng mới "
                                  "theo một quyết định mới; Hội đồng cũ được giữ lại.)"):
            current = Council("", None, tuple(dataclass_copy(m) for m in current.members))
        dialog = CouncilDialog(self, self.db, current)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("lưu Hội đồng")
            self.reload()

    def new_meeting(self) -> None:
        if not store.list_councils(self.db):
            QMessageBox.information(self, "Cuộc họp", "Chưa có Hội đồng. Hãy nhập Hội đồng trước (Ctrl+Shift+H).")
            return
        dialog = MeetingDialog(self, self.db)
        if dialog.exec() and dialog.saved_id is not None:
            new_id = dialog.saved_id
            try:
                cs.propose_candidates(self.db, new_id)
            except StoreError as exc:
                QMessageBox.warning(self, "Danh sách đề nghị", str(exc))
            self.meeting_combo.addItem("", new_id)
            self.meeting_combo.setCurrentIndex(self.meeting_combo.count() - 1)
            self._refresh("tạo cuộc họp Hội đồng")

    def edit_meeting(self) -> None:
        if self.state is None:
            return
        dialog = MeetingDialog(self, self.db, self.state.meeting)
        if dialog.exec():
            self._refresh("sửa cuộc họp")

    def save_attendance(self) -> None:
        if self.state is None:
            return
        mid = self.state.meeting.id
        before = dict(self.state.attendance)
        rows = {}
        for r in range(self.members.rowCount()):
            member = self.members.item(r, 0).data(Qt.ItemDataRole.UserRole)
            status = self.members.cellWidget(r, 1).currentData()
            rows[member] = (status, before.get(member, ("", "", ""))[1], self.members.cellWidget(r, 2).currentData())
        if self.window.perform(lambda: store.set_attendance(self.db, mid, rows)):
            self.window.did_change("sửa danh sách dự họp")
            self.show_meeting()

    def propose(self) -> None:
        if self.state is None:
            return
        result = {}
        if self.window.perform(lambda: result.update(cs.propose_candidates(self.db, self.state.meeting.id))):
            text = ", ".join(f"{code}: {n}" for code, n in result.items()) or "không có đề nghị nào cần bỏ phiếu"
            self.window.did_change("lập danh sách người được bầu")
            self.window.statusBar().showMessage(f"Danh sách người được bầu — {text}", 8000)
            self.show_meeting()

    def move(self, step: int) -> None:
        t = self.title_state()
        row = self.table.currentIndex().row()
        if t is None or t.tallies or not (0 <= row < len(t.candidates)) or not (0 <= row + step < len(t.candidates)):
            return
        ids = [r["registration_id"] for r in t.candidates]
        ids[row], ids[row + step] = ids[row + step], ids[row]
        if self.window.perform(lambda: store.set_candidates(self.db, self.state.meeting.id, t.code, ids)):
            self.window.did_change("đổi thứ tự người được bầu")
            self.show_meeting()
            self.table.selectRow(row + step)

    def save_quota(self) -> None:
        t = self.title_state()
        if t is None or self._loading:
            return
        value = None if self.quota.value() < 0 else self.quota.value()
        if value != t.quota and self.window.perform(
                lambda: store.set_quota(self.db, self.state.meeting.id, t.code, value)):
            self.window.did_change("sửa chỉ tiêu")
            self.show_meeting()

    def save_counts(self) -> None:
        t = self.title_state()
        tally, errors = self.typed_tally()
        if t is None or tally is None or errors:
            return
        number = getattr(self, "_entry_round", 1)
        if number < len(t.tallies) and not confirm(
                self, "Nhập lại vòng đã có", f"Lưu lại vòng {number} sẽ xóa các vòng sau và quyết định của Chủ tịch "
                                             "(nếu có). Tiếp tục?"):
            return
        mid = self.state.meeting.id
        if self.window.perform(lambda: cs.save_counts(self.db, mid, t.code, number, tally)):
            self.window.did_change(f"lưu kết quả kiểm phiếu {t.name} vòng {number}")
            self.show_meeting()

    def new_round(self) -> None:
        t = self.title_state()
        if t is None or not t.rounds or not t.rounds[-1].tied:
            return
        number = len(t.tallies) + 1
        self._loading = True
        self.round_combo.addItem(f"Vòng {number} (mới)", number)
        self.round_combo.setCurrentIndex(self.round_combo.count() - 1)
        self._loading = False
        self.show_round(new=number)
        self.window.statusBar().showMessage(
            f"Vòng {number}: bỏ phiếu lại giữa {len(t.rounds[-1].tied)} người bằng phiếu cho "
            f"{t.rounds[-1].seats_left} suất còn lại; nhập số phiếu rồi Ctrl+S.", 10000)

    def chair_decides(self) -> None:
        t = self.title_state()
        if t is None or not t.rounds or not t.rounds[-1].tied:
            return
        last = t.rounds[-1]
        names = {r["id"]: r["ten"] for r in t.candidates}
        chosen: list[int] = []
        tied = list(last.tied)
        for _ in range(last.seats_left or 0):
            options = [names[k] for k in tied if k not in chosen]
            pick, ok = QInputDialog.getItem(self, "Chủ tịch Hội đồng quyết định",
                                            f"Chọn người được {t.name} ({len(chosen) + 1}/{last.seats_left}):",
                                            options, 0, False)
            if not ok:
                return
            chosen.append(next(k for k in tied if names[k] == pick and k not in chosen))
        chair = next((m.ho_ten for m in self.state.council.members if m.vai_tro == "chu_tich"), "")
        by, ok = QInputDialog.getText(self, "Người quyết định", "Ghi người quyết định:",
                                      text=f"Chủ tịch Hội đồng {chair}".strip())
        if not ok:
            return
        mid = self.state.meeting.id
        if self.window.perform(lambda: cs.decide_tie(self.db, mid, t.code, chosen, by)):
            self.window.did_change("ghi quyết định của Chủ tịch Hội đồng")
            self.show_meeting()

    def apply_results(self) -> None:
        if self.state is None:
            return
        planned = cs.planned_results(self.state)
        passed = sum(1 for status, _ in planned.values() if status == "dat")
        if not confirm(self, "Ghi kết quả", f"Ghi kết quả bình xét vào {len(planned)} đăng ký "
                                            f"({passed} đạt, {len(planned) - passed} không đạt)?"):
            return
        mid = self.state.meeting.id
        if self.window.perform(lambda: cs.apply_results(self.db, mid)):
            self._refresh(f"ghi kết quả bình xét ({passed} đạt)")

    def reopen_meeting(self) -> None:
        """Open a meeting whose results are recorded, after confirmation (logged)."""
        if self.state is None or not self.state.closed:
            return
        m = self.state.meeting
        if not confirm(self, "Mở lại cuộc họp",
                       f"Cuộc họp ngày {m.ngay:%d/%m/%Y} đã ghi kết quả bình xét vào đăng ký. Mở lại để sửa số "
                       "phiếu, danh sách hoặc dự họp? Việc mở lại được ghi vào nhật ký thay đổi; sau khi sửa, "
                       "hãy “Ghi kết quả” lại."):
            return
        mid = m.id
        if self.window.perform(lambda: cs.reopen_meeting(self.db, mid)):
            self._refresh("mở lại cuộc họp Hội đồng")
