"""Tab “Đăng ký”: registrations of a campaign, their eligibility, counts, and the
actions of the season (register many at once, Gợi ý, status, keep, delete)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.registrations import STATUSES
from ...services.bulk import gc_paused
from ...services.eligibility import SeasonData, check_registrations
from ...store import records, registrations
from ...store.db import StoreError, db_path
from ...store.rules import ruleset_for_year
from ..fast_table import FastFilterProxy, select_rows
from .model import ELIGIBILITY_LABELS, RegistrationTableModel
from ..lookup import dialog as lookup
from ..widgets import FlowLayout, action_buttons, confirm, empty_hint, fit_combo, labelled, remember_splitter
from .checks import EligibilityJob
from .dialogs import ANY, RegisterDialog, SuggestionDialog, filled_combo


class RegistrationTab(QWidget):
    counts_changed = Signal(str)
    #: eligibility of the shown campaign is up to date
    checked = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = RegistrationTableModel(self)
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.campaigns = []
        self._data: SeasonData | None = None
        self._checks_of: int | None = None  # campaign whose eligibility the model shows
        self._generation = 0  # bumped by every check started; late results are dropped
        self._jobs: list = []

        self.campaign_combo = QComboBox()
        self.campaign_combo.setObjectName("regCampaign")
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("regUnit")
        self.title_combo = QComboBox()
        self.title_combo.setObjectName("regTitle")
        self.status_combo = filled_combo("regStatus", [("Mọi trạng thái", ANY)] + [(v, k) for k, v in STATUSES.items()])
        self.elig_combo = filled_combo("regEligibility", [("Mọi điều kiện", ANY)] + [
            (ELIGIBILITY_LABELS[k], k) for k in ("ok", "warning", "blocked", "kept")])
        self.search = QLineEdit()
        self.search.setObjectName("regSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên, chức vụ, đơn vị — gõ không dấu cũng được")
        # names (campaign, unit) get a fair width and a tooltip; titles (like the other fixed choices) show whole
        for combo, chars in ((self.campaign_combo, 40), (self.unit_combo, 22), (self.title_combo, None)):
            fit_combo(combo, chars)
        campaign_row = QHBoxLayout()  # a campaign's long name has the whole width
        campaign_row.addWidget(QLabel("Phong trào:", buddy=self.campaign_combo))
        campaign_row.addWidget(self.campaign_combo, 1)
        filters = FlowLayout()  # wraps on a narrow screen; the search box takes what is left of its line
        for label, widget in (("Đơn vị:", self.unit_combo), ("Danh hiệu:", self.title_combo),
                              ("", self.status_combo), ("", self.elig_combo)):
            filters.addWidget(labelled(label, widget))
        self.search.setMinimumWidth(240)
        search = labelled(QLabel("Tì&m:"), self.search)
        search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        filters.addWidget(search)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("registrationTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default indicator is descending
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((190, 110, 170, 175, 80, 120, 100)):
            header.resizeSection(col, width)
        lookup.attach(window, self.table)  # a double-click or the context menu: the person's or unit's record
        empty_hint(self.table, lambda: (
            "Chưa có phong trào thi đua nào — tạo phong trào ở tab Phong trào trước, rồi đăng ký ở đây."
            if self.campaign() is None else
            "Chưa có đăng ký nào cho phong trào này — bấm Đăng ký… hoặc Gợi ý…, hoặc nhập phiếu đăng ký "
            "các đơn vị gửi lại (Tệp → Nhập phiếu đăng ký đơn vị gửi lại…)."))
        self.details = QPlainTextEdit()
        self.details.setObjectName("regDetails")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Chọn một dòng để xem lý do.")
        self.counts = QTableWidget(0, 5)
        self.counts.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.counts.setObjectName("regCounts")
        self.counts.setHorizontalHeaderLabels(["Danh hiệu", "Tổng", "Đủ", "Cần KT", "Không đủ"])
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>Điều kiện của dòng đang chọn</b>"))
        side_layout.addWidget(self.details, 1)
        side_layout.addWidget(QLabel("<b>Số lượng theo danh hiệu</b> (theo bộ lọc)"))
        side_layout.addWidget(self.counts, 2)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 330])
        side.setMinimumWidth(220)
        remember_splitter(splitter, "registrations")

        self.actions, buttons = action_buttons(self, "reg", (
            ("add", "Đăng &ký…", QKeySequence.StandardKey.New, self.register_dialog),
            ("suggest", "Gợ&i ý…", QKeySequence("Ctrl+G"), self.suggest_dialog),
            ("propose", "Đề &nghị", QKeySequence("Ctrl+D"), lambda: self.set_status("de_nghi")),
            ("pass", "Đạt", QKeySequence("Ctrl+T"), lambda: self.set_status("dat")),
            ("fail", "Không đạt", QKeySequence("Ctrl+Shift+T"), lambda: self.set_status("khong_dat")),
            ("back", "Về đăng ký", QKeySequence("Ctrl+Shift+D"), lambda: self.set_status("dang_ky")),
            ("keep", "Giữ &lại…", QKeySequence("Ctrl+Alt+K"), self.keep_selected),
            ("note", "Ghi &chú…", QKeySequence("Ctrl+J"), self.note_selected),
            ("delete", "&Xóa", QKeySequence.StandardKey.Delete, self.delete_selected),
        ))
        layout = QVBoxLayout(self)
        layout.addLayout(campaign_row)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.campaign_combo.currentIndexChanged.connect(lambda *_: self.reload_rows())
        self.unit_combo.currentIndexChanged.connect(self._filters_changed)
        self.title_combo.currentIndexChanged.connect(self._filters_changed)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.elig_combo.currentIndexChanged.connect(self._filters_changed)
        self.search.textChanged.connect(self._search_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._update_actions()

    # --- data -------------------------------------------------------------------------
    @property
    def db(self):
        return self.window.db

    def campaign(self):
        cid = self.campaign_combo.currentData()
        return next((c for c in self.campaigns if c.id == cid), None)

    def year(self) -> int:
        """The year registrations are for: this year, within the campaign's period."""
        c = self.campaign()
        if c is None:
            return 0
        return min(max(dt.date.today().year, c.nam_bat_dau), c.nam_ket_thuc or c.nam_bat_dau)

    def reload(self, select_ids: list[int] | None = None) -> None:
        """Campaigns, units and rows again (after any change anywhere)."""
        self._data = None
        current = self.campaign_combo.currentData()
        this_year = dt.date.today().year

        def order(c):  # running yearly campaigns first, then the newest
            running = c.nam_bat_dau <= this_year <= (c.nam_ket_thuc or c.nam_bat_dau)
            return (not running, c.loai != "thuong_xuyen", -(c.nam_bat_dau or 0), -(c.id or 0))

        self.campaigns = sorted(records.list_campaigns(self.db), key=order)
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        for c in self.campaigns:
            label = f"{c.so_ke_hoach + ' — ' if c.so_ke_hoach else ''}{c.ten} ({c.period_label})"
            self.campaign_combo.addItem(label, c.id)
        self.campaign_combo.setCurrentIndex(max(self.campaign_combo.findData(current), 0))
        self.campaign_combo.blockSignals(False)
        units = records.list_units(self.db)
        unit_value = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem("Tất cả đơn vị", ANY)
        for u in units:
            self.unit_combo.addItem(u.ten, u.id)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(unit_value), 0))
        self.unit_combo.blockSignals(False)
        self._unit_children = {u.id: u.parent_id for u in units}
        self.reload_rows(select_ids)

    def reload_rows(self, select_ids: list[int] | None = None) -> None:
        campaign = self.campaign()
        title_value = self.title_combo.currentData()
        self.title_combo.blockSignals(True)
        self.title_combo.clear()
        self.title_combo.addItem("Mọi danh hiệu", ANY)
        if campaign is not None:
            try:
                rs = ruleset_for_year(self.db, self.year())
                names = {t.code: t.name for t in rs.titles}
            except StoreError:
                names = {}
            for code, name in names.items():
                self.title_combo.addItem(name, code)
            self.model.set_title_names(names)
        self.title_combo.setCurrentIndex(max(self.title_combo.findData(title_value), 0))
        self.title_combo.blockSignals(False)
        if campaign is None or self._checks_of != campaign.id:
            self.model.checks = {}  # until recomputed; within a campaign the last results stay shown
            self._checks_of = campaign.id if campaign else None
        with gc_paused():  # tens of thousands of rows and keys that live on
            self.model.load(registrations.registration_rows(self.db, campaign.id) if campaign else [])
        self._apply_facets()
        if select_ids:
            self.select_ids(select_ids)
        self._emit_counts()
        self._update_actions()  # an empty list changes no selection, yet a campaign may have appeared
        # Eligibility right after the list is on screen.
        QTimer.singleShot(0, self.recompute_in_background)

    def recompute(self) -> None:
        """Eligibility of the campaign's rows, now (the season data is loaded once
        and reused while only registrations change)."""
        campaign = self.campaign()
        if campaign is None:
            return
        self._generation += 1
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self._data is None:
                self._data = SeasonData.load(self.db)
            checks = check_registrations(self.db, campaign.id, data=self._data)
        except StoreError as exc:
            self.details.setPlainText(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._show_checks(checks)

    def recompute_in_background(self) -> None:
        """The first check of a campaign runs in a thread (loading the season takes
        a second on a big file); later ones reuse the loaded season in place."""
        campaign = self.campaign()
        path = db_path(self.db)
        if campaign is None:
            return
        if self._data is not None or path is None:
            self.recompute()
            return
        self._generation += 1
        self.window.statusBar().showMessage("Đang kiểm tra điều kiện của các đăng ký…")
        job = EligibilityJob(path, campaign.id, self._generation)
        thread = QThread(self)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(self._job_done)
        job.failed.connect(self._job_failed)
        for signal in (job.done, job.failed):  # quit from the worker itself: the main thread may be waiting
            signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        self._jobs.append((thread, job))  # Python keeps both alive until the thread ends
        thread.finished.connect(lambda: self._forget_job(thread, job))
        thread.start()

    def _forget_job(self, thread, job) -> None:
        if (thread, job) in self._jobs:
            self._jobs.remove((thread, job))
        thread.deleteLater()

    def wait_for_checks(self, timeout_ms: int = 60_000) -> None:
        """Block until background checks end (tests, benchmarks, closing)."""
        QApplication.processEvents()  # a check scheduled but not started yet starts now
        for thread, _ in list(self._jobs):
            thread.wait(timeout_ms)
        QApplication.processEvents()  # deliver the results

    def _job_done(self, generation: int, checks, data) -> None:
        if generation != self._generation:
            return  # the campaign or the data changed meanwhile
        data.db = self.db  # further rule-set look-ups go through this thread's connection
        self._data = data
        self.window.statusBar().clearMessage()
        self._show_checks(checks)

    def _job_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.window.statusBar().showMessage(f"Không kiểm tra được điều kiện: {message}", 10000)

    def _show_checks(self, checks) -> None:
        selected = self.selected_ids()
        self.model.set_checks(checks)
        if ANY != self.elig_combo.currentData():
            self.proxy.refilter()
        if selected:
            self.select_ids(selected, scroll=False)
        self._emit_counts()
        self._selection_changed()
        self.checked.emit()

    def data_changed(self, label: str) -> None:
        """After a write: record the undo step, reload rows (season data unchanged: registrations only)."""
        selected = self.selected_ids()
        self.window.did_change(label)
        self.reload_rows(selected)

    # --- filters ---------------------------------------------------------------------
    def _descendants(self, unit_id: int) -> set[int]:
        out, frontier = {unit_id}, [unit_id]
        while frontier:
            parent = frontier.pop()
            for uid, pid in self._unit_children.items():
                if pid == parent and uid not in out:
                    out.add(uid)
                    frontier.append(uid)
        return out

    def _apply_facets(self) -> None:
        unit = self.unit_combo.currentData()
        self.proxy.set_allowed("unit", None if unit in (ANY, None) else self._descendants(unit))
        for facet, combo in (("ma", self.title_combo), ("trang_thai", self.status_combo),
                             ("eligibility", self.elig_combo)):
            value = combo.currentData()
            self.proxy.set_allowed(facet, None if value in (ANY, None) else {value})

    def _filters_changed(self, *_args) -> None:
        selected = self.selected_ids()
        self._apply_facets()
        if selected:
            self.select_ids(selected, scroll=False)
        self._emit_counts()

    def _search_changed(self, text: str) -> None:
        selected = self.selected_ids()
        self.proxy.set_search(text)
        if selected:
            self.select_ids(selected, scroll=False)
        self._emit_counts()

    def _emit_counts(self) -> None:
        shown = self.proxy.source_rows()
        facet = self.model.facet_values or {"ma": (), "eligibility": (), "unit": ()}  # no rows: no facets
        per_title: dict[str, Counter] = {}
        pairs = Counter(zip(map(facet["ma"].__getitem__, shown), map(facet["eligibility"].__getitem__, shown)))
        for (code, eligibility), n in pairs.items():
            per_title.setdefault(code, Counter())[eligibility] += n
        self.counts.setRowCount(len(per_title) + 1)
        total = Counter()
        for r, (code, counter) in enumerate(sorted(per_title.items(), key=lambda kv: -sum(kv[1].values()))):
            total.update(counter)
            self._count_row(r, self.model.title_names.get(code, code), counter)
        self._count_row(len(per_title), "Cộng", total, bold=True)
        self.counts.resizeColumnsToContents()
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        units = len(set(map(facet["unit"].__getitem__, shown)))
        self.counts_changed.emit(
            f"Đăng ký: {self.model.rowCount()} — đang hiện {len(shown)} của {units} đơn vị; "
            f"không đủ điều kiện {total['blocked']}, cần kiểm tra {total['warning']}, giữ lại {total['kept']}"
        )

    def _count_row(self, r: int, label: str, counter: Counter, bold: bool = False) -> None:
        values = [label, sum(counter.values()), counter["ok"], counter["warning"], counter["blocked"] + counter["kept"]]
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(r, c, item)

    # --- selection ---------------------------------------------------------------------
    def printable_list(self):
        """Tệp → In danh sách: the registrations as the table shows them (filters, search, order)."""
        from ..list_print import PrintableList

        campaign = self.campaign_combo.currentText()
        filters = [c.currentText() for c in (self.unit_combo, self.title_combo, self.status_combo, self.elig_combo)
                   if c.currentData() != ANY]
        if self.search.text().strip():
            filters.append(f"tìm “{self.search.text().strip()}”")
        lines = [campaign] if campaign else []
        if filters:
            lines.append("Lọc: " + "; ".join(filters))
        return PrintableList("Danh sách đăng ký thi đua", self.table, lines)

    def selected_ids(self) -> list[int]:
        model = self.table.selectionModel()
        if model is None:
            return []
        rows = sorted({i.row() for i in model.selectedRows()})
        return self.proxy.ids(rows)

    def select_ids(self, ids: list[int], *, scroll: bool = True) -> None:
        select_rows(self.table, ids, scroll=scroll)

    def _selection_changed(self, *_args) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            row = self.model.raw_row(self.model.storage_index(self.model.view_row_of(ids[0])))
            check = self.model.check_of(ids[0])
            lines = [f"{row['ten']} — {self.model.display(row, 'danh_hieu')} năm {row['nam']}"]
            if check is None:
                lines.append("Đang kiểm tra…")
            else:
                lines.append(ELIGIBILITY_LABELS[("kept" if check.kept else check.status)] + ":")
                lines += [f"• {r}" for r in check.reasons] or ["• Đáp ứng mọi điều kiện đã biết."]
            if row["ghi_chu"]:
                lines.append(f"Ghi chú: {row['ghi_chu']}")
            self.details.setPlainText("\n".join(lines))
        else:
            self.details.setPlainText(f"Đã chọn {len(ids)} dòng." if ids else "")
        self._update_actions()

    def _update_actions(self) -> None:
        n = len(self.selected_ids())
        has_campaign = self.campaign() is not None
        self.actions["add"].setEnabled(has_campaign)
        self.actions["suggest"].setEnabled(has_campaign)
        for key in ("propose", "pass", "fail", "back", "keep", "note", "delete"):
            self.actions[key].setEnabled(n > 0)

    # --- actions --------------------------------------------------------------------------
    def register_dialog(self, preset=None) -> None:
        campaign = self.campaign()
        if campaign is None:
            return
        dialog = RegisterDialog(self, self.db, campaign, self.year(), preset=preset)
        if not dialog.exec():
            return
        result: list = []
        if self.window.perform(lambda: result.append(dialog.register())):
            created, existing = result[0]
            note = f"đăng ký {len(created)} dòng mới" + (f" ({existing} đã có từ trước)" if existing else "")
            self.data_changed(note)
            if created:
                self.select_ids(created)

    def suggest_dialog(self) -> None:
        campaign = self.campaign()
        if campaign is None:
            return
        dialog = SuggestionDialog(self, self.db, campaign, self.year())
        if not dialog.exec():
            return
        staff_ids, unit_ids = dialog.selected()
        if not staff_ids and not unit_ids:
            return
        code = dialog.title_combo.currentData()
        result: list = []
        if self.window.perform(lambda: result.append(registrations.register_many(
            self.db, campaign.id, self.year(), code, staff_ids=staff_ids, unit_ids=unit_ids
        ))):
            created, _ = result[0]
            self.data_changed(f"đăng ký {len(created)} dòng theo gợi ý")
            self.select_ids(created)

    def set_status(self, status: str) -> None:
        """Move the selected rows to ``status``. Proposing (Đề nghị) a row the rules
        block asks for the reason to keep it first, as Giữ lại… does; the reason
        and the status are written together (one undo)."""
        ids = self.selected_ids()
        if not ids:
            return
        reason, blocked = "", []
        if status == "de_nghi":
            blocked = [rid for rid in ids if (c := self.model.check_of(rid)) is not None
                       and c.status == "blocked" and not c.kept]
            if blocked:
                names = [self.model.raw_row(self.model.storage_index(self.model.view_row_of(rid)))["ten"]
                         for rid in blocked[:3]]
                who = ", ".join(names) + (f" và {len(blocked) - 3} người khác" if len(blocked) > 3 else "")
                text, ok = QInputDialog.getText(
                    self, "Đề nghị đăng ký không đủ điều kiện",
                    f"{who} không đủ điều kiện theo quy tắc.\n"
                    "Lý do vẫn đề nghị (bắt buộc, ghi vào “Giữ lại”):",
                )
                if not ok:
                    return
                reason = text.strip()
                if not reason:
                    self.window.statusBar().showMessage(
                        "Chưa chuyển sang Đề nghị: cần ghi lý do vẫn đề nghị các dòng không đủ điều kiện.", 8000)
                    return

        def write() -> None:
            registrations.set_status(self.db, ids, status)
            if blocked:
                registrations.set_keep_reason(self.db, blocked, reason)

        if self.window.perform(lambda: _in_transaction(self.db, write)):
            self.data_changed(f"chuyển {len(ids)} dòng sang “{STATUSES[status]}”")

    def keep_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text, ok = QInputDialog.getText(
            self, "Giữ lại đăng ký",
            "Lý do vẫn giữ lại (bắt buộc; để trống để bỏ giữ lại):",
        )
        if not ok:
            return
        if self.window.perform(lambda: registrations.set_keep_reason(self.db, ids, text)):
            self.data_changed("ghi lý do giữ lại" if text.strip() else "bỏ giữ lại")

    def note_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text, ok = QInputDialog.getText(self, "Ghi chú", "Ghi chú cho các dòng đã chọn:")
        if not ok:
            return

        def write():
            from dataclasses import replace

            for reg in registrations.get_registrations(self.db, ids):
                registrations.save_registration(self.db, replace(reg, ghi_chu=text))

        if self.window.perform(lambda: _in_transaction(self.db, write)):
            self.data_changed("ghi chú đăng ký")

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or not confirm(self, "Xóa đăng ký", f"Xóa {len(ids)} dòng đăng ký đã chọn?"):
            return
        if self.window.perform(lambda: registrations.delete_registrations(self.db, ids)):
            self.data_changed(f"xóa {len(ids)} dòng đăng ký")


def _in_transaction(db, fn) -> None:
    with db.atomic():
        fn()
