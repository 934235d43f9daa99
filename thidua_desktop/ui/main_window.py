"""The main window: menus, tabs, the status bar, the file's state, printing the list on screen.

The undo stacks live in :mod:`.window_undo`, the Tệp menu's data commands in
:mod:`.file_commands`, the first screen of an empty file in :mod:`.welcome`."""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from .. import __version__
from ..paths import user_data_dir
from ..store import records
from ..store.db import READONLY_MESSAGE, StoreError, is_readonly, user_message
from .campaign_tab import CampaignTab
from .council.tab import CouncilTab
from .decisions.tab import DecisionTab
from .khoi.tab import KhoiTab
from .lookup.dialog import dialog_of, lookup_action
from .merit.tab import MeritTab
from .overview.tab import OverviewTab
from .decisions.proposal_tab import ProposalTab
from .registrations.tab import RegistrationTab
from .staff.tab import StaffTab
from .stats.tab import StatsTab
from .file_commands import FileCommandsMixin
from .welcome import WelcomePanel
from .widgets import app_settings, confirm, fit_to_screen
from .window_undo import UndoMixin, UndoStep

#: The window's tabs, in order: (key for --tab and QSettings, label, attribute, class).
#: The label's mnemonic serves Xem → Tab …; the tab bar shows it without one
#: (Ctrl+1 … Ctrl+8 switch tabs), so Alt+letter stays free for the menus and
#: the buttons on screen.
#: A tab class takes the window, has ``reload()``, and may have a
#: ``counts_changed(str)`` signal whose text the status bar shows while it is current.
TABS = (
    ("overview", "Tổng qu&an", "overview_tab", OverviewTab),
    ("staff", "&Cán bộ", "staff_tab", StaffTab),
    ("campaigns", "&Phong trào", "campaign_tab", CampaignTab),
    ("registrations", "Đăn&g ký", "registration_tab", RegistrationTab),
    ("merit", "&Hồ sơ thi đua", "merit_tab", MeritTab),
    ("council", "&Kết quả bình xét", "council_tab", CouncilTab),
    ("decisions", "&Quyết định", "decision_tab", DecisionTab),
    ("proposals", "Đề &nghị cấp trên", "proposal_tab", ProposalTab),
    ("khoi", "Khối thi đ&ua", "khoi_tab", KhoiTab),
    ("stats", "&Thống kê", "stats_tab", StatsTab),
)
TAB_KEYS = tuple(t[0] for t in TABS)

log = logging.getLogger(__name__)


class MainWindow(UndoMixin, FileCommandsMixin, QMainWindow):
    def __init__(self, db_path: Path, db: sqlite_utils.Database):
        super().__init__()
        self.db_path = Path(db_path)
        self.db = db
        self._backup_warned = False
        self._undo_stack: list[UndoStep] = []
        self._redo_stack: list[UndoStep] = []
        self._start_tracking()
        self.resize(1280, 800)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self._tab_counts: dict[str, str] = {}
        for key, label, attribute, cls in TABS:
            tab = cls(self)
            setattr(self, attribute, tab)
            index = self.tabs.addTab(tab, label.replace("&", ""))
            self.tabs.setTabToolTip(index, f"{label.replace('&', '')} (Ctrl+{index + 1})")
            if hasattr(tab, "counts_changed"):
                tab.counts_changed.connect(lambda text, k=key: self._show_counts(k, text))
        self.tabs.currentChanged.connect(lambda *_: self._ensure_loaded(self.tabs.currentWidget()))
        self.tabs.currentChanged.connect(lambda *_: self._show_counts(None, None))
        self.welcome = WelcomePanel(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

        self.path_label = QLabel(f"Tệp dữ liệu: {self.db_path}")
        self.path_label.setObjectName("pathLabel")
        self.count_label = QLabel()
        self.readonly_label = QLabel("Chỉ đọc")
        self.readonly_label.setObjectName("readonlyLabel")
        self.readonly_label.setToolTip(READONLY_MESSAGE)
        self.readonly_label.setStyleSheet("color: #a15c00; font-weight: bold")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backupWarning")
        self.backup_label.setStyleSheet("color: #b00020; font-weight: bold")
        self.backup_label.hide()
        for label in (self.path_label, self.count_label):  # a long path or count never widens the window
            label.setMinimumWidth(80)
        self.path_label.setToolTip(str(self.db_path))
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.backup_label)
        self.statusBar().addPermanentWidget(self.readonly_label)
        self.statusBar().addPermanentWidget(self.path_label)

        self._build_menus()
        self._show_file_state()
        self._restore_state()
        self.fit_to_screen()
        for _, _, attribute, _ in TABS:  # the tab on screen loads when the window is shown
            getattr(self, attribute).stale = True
        if self._is_empty():
            self.stack.setCurrentWidget(self.welcome)
        else:
            self.show_tabs()

    # --- menus -----------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None, name=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # never pass `checked` on
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        self._action(file_menu, "&Nhập danh sách cán bộ từ Excel…", self.import_staff, "Ctrl+I", "actionImportStaff")
        self._action(file_menu, "Nhập &lịch sử khen thưởng từ Excel…", self.import_history, None, "actionImportHistory")
        self._action(file_menu, "Nhập kết &quả xếp loại từ Excel…", lambda: self.import_evaluations(), None,
                     "actionImportEvaluations")
        self._action(file_menu, "&Xuất danh sách cán bộ ra Excel…", self.export_staff, "Ctrl+E", "actionExportStaff")
        self._action(file_menu, "Xuất bảng tổng &hợp đăng ký (gửi Sở Nội vụ)…", self.export_registrations,
                     "Ctrl+Shift+E", "actionExportRegistrations")
        self._action(file_menu, "Xuất &phiếu đăng ký cho các đơn vị…", self.export_unit_templates, None,
                     "actionExportTemplates")
        self._action(file_menu, "Nhập phiếu đăng ký đơn vị &gửi lại…", self.import_unit_templates, None,
                     "actionImportTemplates")
        file_menu.addSeparator()
        self._add_print_actions(file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "Thông tin cơ q&uan…", self.edit_org_settings, None, "actionOrgSettingsFile")
        file_menu.addSeparator()
        self._action(file_menu, "&Sao lưu ngay", self.backup_now, "Ctrl+B", "actionBackup")
        self._action(file_menu, "Sao lưu &ra tệp khác…", self.backup_to_file, "Ctrl+Shift+B", "actionBackupTo")
        self._action(file_menu, "&Khôi phục từ bản sao lưu…", self.restore_backup, None, "actionRestore")
        file_menu.addSeparator()
        self._action(file_menu, "&Thoát", self.close, "Ctrl+Q", "actionQuit")  # StandardKey.Quit is empty on Windows

        edit_menu = bar.addMenu("Sử&a")
        self.undo_action = self._action(edit_menu, "&Hoàn tác", self.undo, QKeySequence.StandardKey.Undo, "actionUndo")
        self.redo_action = self._action(edit_menu, "&Làm lại", self.redo, QKeySequence.StandardKey.Redo, "actionRedo")
        self._show_undo_state()
        edit_menu.addSeparator()
        self._action(edit_menu, "Thông tin &cơ quan…", self.edit_org_settings, None, "actionOrgSettings")
        self._action(edit_menu, "Danh hiệu và &quy tắc thi đua…", self.edit_rules, None, "actionRules")
        self._action(edit_menu, "Mẫu văn bản &Word…", self.edit_word_templates, None, "actionWordTemplates")
        self._action(edit_menu, "Tạo dữ liệu &mẫu", self.create_demo, None, "actionDemo")

        view_menu = bar.addMenu("X&em")
        for number, (key, label, _, _) in enumerate(TABS, start=1):  # Ctrl+1 … Ctrl+9, then Ctrl+0
            shortcut = f"Ctrl+{number % 10}" if number <= 10 else None
            self._action(view_menu, f"Tab {label}", lambda k=key: self.select_tab(k), shortcut)

        view_menu.addSeparator()
        view_menu.addAction(lookup_action(self, self.lookup))
        self._action(view_menu, "Nhật ký thay đổ&i…", self.show_audit, "Ctrl+Shift+L", "actionAudit")

        help_menu = bar.addMenu("&Giúp đỡ")
        self._action(help_menu, "&Hướng dẫn sử dụng", lambda: self.show_help("guide"), "F1", "actionHelp")
        self._action(help_menu, "&Phím tắt", lambda: self.show_help("shortcuts"), None, "actionShortcuts")
        self._action(help_menu, "&Nơi lưu dữ liệu", lambda: self.show_help("locations"), None, "actionLocations")
        help_menu.addSeparator()
        self._action(help_menu, "&Thông tin", self.about, None, "actionAbout")

    # --- the data file's state ---------------------------------------------------------
    #: actions that only write the data file: disabled on a read-only file
    #: (every other write is refused by the connection, with READONLY_MESSAGE)
    _WRITING_ACTIONS = ("actionImportStaff", "actionImportHistory", "actionImportEvaluations",
                        "actionImportTemplates", "actionRestore", "actionOrgSettings", "actionDemo")

    @property
    def readonly(self) -> bool:
        return is_readonly(self.db)

    def _show_file_state(self) -> None:
        """Title and status bar say when the file is open read-only; its writing actions are off."""
        readonly = self.readonly
        self.setWindowTitle(f"ThiĐua Desktop — {self.db_path.name}" + (" — chỉ đọc" if readonly else ""))
        self.readonly_label.setVisible(readonly)
        for name in self._WRITING_ACTIONS:
            action = self.findChild(QAction, name)
            if action is not None:
                action.setEnabled(not readonly)
                action.setToolTip(READONLY_MESSAGE if readonly else "")

    def auto_backup(self, *, warn: bool = True) -> None:
        """The daily automatic backup when the file is opened; a failure does not
        stop the day's work but is shown (status bar, and once a dialog)."""
        from ..services.backup import auto_backup

        try:
            auto_backup(self.db_path)
        except (StoreError, OSError) as exc:
            import logging

            logging.getLogger("thidua").warning("Sao lưu tự động thất bại: %s", exc)
            self.backup_failed(user_message(exc) or str(exc), dialog=warn)

    def backup_failed(self, why: str, *, dialog: bool = True) -> None:
        from ..services.backup import backup_dir

        text = (f"Không sao lưu tự động được tệp dữ liệu: {why}\n\n"
                f"Thư mục sao lưu: {backup_dir(self.db_path)}\n"
                "Dữ liệu vẫn làm việc bình thường, nhưng chưa có bản sao lưu hôm nay; hãy kiểm tra thư mục "
                "đó (quyền ghi, chỗ trống) hoặc dùng Tệp → Sao lưu ra tệp khác.")
        self.backup_label.setText("⚠ Chưa sao lưu được")
        self.backup_label.setToolTip(text)
        self.backup_label.show()
        if dialog and not self._backup_warned:
            self._backup_warned = True
            QMessageBox.warning(self, "Chưa sao lưu được", text)

    #: Tệp → In danh sách / Xem trước: (attribute, text, preferred shortcut, object name, preview)
    PRINT_ACTIONS = (
        ("print_action", "&In danh sách đang xem…", "Ctrl+P", "actionPrintList", False),
        ("preview_action", "Xem trướ&c khi in danh sách…", "Ctrl+Shift+P", "actionPrintPreview", True),
    )

    def _add_print_actions(self, menu) -> None:
        for attribute, text, _, name, preview in self.PRINT_ACTIONS:
            setattr(self, attribute, self._action(menu, text, lambda _=False, p=preview: self.print_list(p), None, name))
        self.tabs.currentChanged.connect(lambda *_: self._update_print_actions())
        self._update_print_actions()

    def _update_print_actions(self) -> None:
        """Enabled on the tabs with a printable list; each keeps its shortcut
        unless the tab uses that key for its own printing (Ctrl+P: phiếu bầu, giấy khen)."""
        tab = self.tabs.currentWidget()
        own = {a.shortcut().toString() for a in (*QWidget.actions(tab), *tab.findChildren(QAction))}
        for attribute, _, shortcut, _, _ in self.PRINT_ACTIONS:
            action = getattr(self, attribute)
            action.setEnabled(hasattr(tab, "printable_list"))
            key = QKeySequence(shortcut)
            action.setShortcut(QKeySequence() if key.toString() in own else key)

    def print_list(self, preview: bool = False) -> bool:
        """Print (or preview) the list of the current tab as its table shows it."""
        from .list_print import print_list
        from .printing import PrintError

        tab = self.tabs.currentWidget()
        if not hasattr(tab, "printable_list"):
            return False
        try:
            return print_list(self, records.get_settings(self.db), tab.printable_list(), preview=preview)
        except records.MissingSettingsError as exc:
            self.ask_for_settings(exc)
            return False
        except PrintError as exc:
            QMessageBox.warning(self, "Không in được", str(exc))
            return False

    # --- state -----------------------------------------------------------------
    def _restore_state(self) -> None:
        """The remembered geometry and tab. Start-up never depends on them: what
        cannot be restored is logged and the window starts on Tổng quan with defaults."""
        self._restoring = False
        try:
            settings = app_settings()
            geometry = settings.value("window/geometry")
            if isinstance(geometry, QByteArray) and not self.restoreGeometry(geometry):
                log.warning("Kích thước cửa sổ đã nhớ không dùng được; dùng mặc định")
            tab = settings.value("window/tab", TAB_KEYS[0])
            if tab not in TAB_KEYS:
                log.warning("Tab đã nhớ %r không có; mở tab Tổng quan", tab)
                tab = TAB_KEYS[0]
            self.select_tab(tab)
            self._restoring = tab != TAB_KEYS[0]
        except Exception:  # noqa: BLE001 — a settings file must never stop the program
            log.exception("Không khôi phục được trạng thái cửa sổ đã nhớ; mở tab Cán bộ với mặc định")
            self._start_with_defaults()

    def _start_with_defaults(self) -> None:
        self.resize(1280, 800)
        self.tabs.setCurrentIndex(0)

    def fit_to_screen(self) -> None:
        """Keep the window inside the screen's available area (without the
        taskbar), also when the remembered size is from a bigger screen."""
        fit_to_screen(self, move=True)

    def save_state(self) -> None:
        try:
            settings = app_settings()
            settings.setValue("window/geometry", self.saveGeometry())
            settings.setValue("window/tab", TAB_KEYS[self.tabs.currentIndex()])
            settings.sync()
        except Exception:  # noqa: BLE001 — closing never fails over the window's settings
            log.exception("Không lưu được trạng thái cửa sổ")

    def showEvent(self, event) -> None:  # noqa: N802
        current = self.tabs.currentWidget()
        if self._restoring:  # the remembered tab loads first: if it fails, start on Cán bộ
            self._restoring = False
            try:
                self._ensure_loaded(current)
            except Exception:  # noqa: BLE001
                log.exception("Không mở được tab đã nhớ %s; mở tab Cán bộ",
                              TAB_KEYS[self.tabs.indexOf(current)])
                current.stale = True  # tried again, visibly, when the user opens it
                self.tabs.setCurrentIndex(TAB_KEYS.index("staff"))
        self._ensure_loaded(self.tabs.currentWidget())  # a tab chosen before showing is loaded already
        super().showEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.settle_unsaved_work():
            event.ignore()
            return
        self.save_state()
        for _, _, attribute, _ in TABS:  # background work ends before the file closes
            wait = getattr(getattr(self, attribute), "wait_for_checks", None)
            if wait is not None:
                wait()
        self.db.close()
        self._closed = True
        super().closeEvent(event)

    def settle_unsaved_work(self) -> bool:
        """Before closing: typed and not saved work (xếp loại, a round's counts) is
        saved, dropped or the closing cancelled (Lưu / Không lưu / Hủy). True
        when the window may close."""
        if getattr(self, "_closed", False):  # the file is closed already: nothing left to save
            return True
        tabs = [(key, tab, text) for key, _, attribute, _ in TABS
                if (text := getattr(tab := getattr(self, attribute), "unsaved_work", lambda: "")())]
        if not tabs:
            return True
        answer = QMessageBox.question(
            self, "Chưa lưu",
            "Còn " + "; ".join(text for _, _, text in tabs) + " chưa lưu.\nLưu trước khi đóng chương trình?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            return True
        if answer != QMessageBox.StandardButton.Save:
            return False
        for key, tab, _ in tabs:
            if not tab.save_unsaved_work():
                self.select_tab(key)
                self.statusBar().showMessage("Chưa lưu được: hãy sửa các lỗi đang hiện rồi lưu, hoặc đóng và chọn "
                                             "Không lưu.", 10000)
                return False
        return True

    def select_tab(self, key: str) -> None:
        self._restoring = False  # a tab asked for (--tab, a test, the menu) is no remembered state
        self.tabs.setCurrentIndex(TAB_KEYS.index(key))

    def show_tabs(self) -> None:
        self.stack.setCurrentWidget(self.tabs)

    def _is_empty(self) -> bool:
        return (
            records.count_staff(self.db) == 0
            and not records.list_units(self.db)
            and not records.list_campaigns(self.db)
        )

    def reload_all(self) -> None:
        """After a change: the visible tab reloads now, the others when next shown
        (opening a big file loads only what is on screen)."""
        current = self.tabs.currentWidget()
        for _, _, attribute, _ in TABS:
            tab = getattr(self, attribute)
            if tab is current:
                tab.reload()
                tab.stale = False
            else:
                tab.stale = True

    def tab(self, key: str):
        """The tab widget for ``key``, loaded if it was stale."""
        widget = getattr(self, next(t[2] for t in TABS if t[0] == key))
        self._ensure_loaded(widget)
        return widget

    def _ensure_loaded(self, widget) -> None:
        if getattr(widget, "stale", False):
            widget.stale = False
            widget.reload()

    def _show_counts(self, key: str | None, text: str | None) -> None:
        """Remember a tab's counts; show those of the current tab."""
        if key is not None:
            self._tab_counts[key] = text or ""
        if hasattr(self, "count_label"):
            self.count_label.setText(self._tab_counts.get(TAB_KEYS[self.tabs.currentIndex()], ""))

    # --- write operations --------------------------------------------------------
    def edit_word_templates(self) -> None:
        from .documents.word import WordTemplatesDialog

        WordTemplatesDialog(self).exec()

    def perform(self, action: Callable[[], object]) -> bool:
        """Run a write; a fault of the data or the file becomes a Vietnamese message."""
        try:
            action()
        except records.MissingSettingsError as exc:  # a document without the agency's details
            self.ask_for_settings(exc)
            return False
        except StoreError as exc:
            QMessageBox.warning(self, "Không thực hiện được", str(exc))
            return False
        except sqlite3.IntegrityError as exc:  # a rule of the file refused the change: nothing written
            QMessageBox.warning(self, "Không thực hiện được",
                                f"Dữ liệu không hợp lệ nên chưa ghi gì ({exc}).")
            return False
        except sqlite3.Error as exc:
            message = user_message(exc)
            if message is None:
                raise  # a bug: the crash dialog reports it
            QMessageBox.warning(self, "Không thực hiện được", message)
            return False
        return True

    def ask_for_settings(self, exc: Exception) -> None:
        """A document was refused for want of the agency's details: say so, offer the form."""
        if confirm(self, "Thiếu thông tin cơ quan", f"{exc}\n\nNhập thông tin cơ quan ngay bây giờ?"):
            self.edit_org_settings()

    def lookup(self, kind: str | None = None, subject_id: int | None = None) -> None:
        """Tra cứu thành tích (Ctrl+K): the search, or the record of one person or unit."""
        dialog = dialog_of(self)
        if kind is None or subject_id is None:
            dialog.start()
        else:
            dialog.open_subject(kind, subject_id)

    def show_audit(self) -> None:
        from .audit_dialog import AuditDialog

        dialog = AuditDialog(self)
        dialog.exec()
        dialog.deleteLater()  # the whole log is not kept for the rest of the session

    def edit_rules(self) -> None:
        from .rules_dialog import RulesDialog

        dialog = RulesDialog(self)
        dialog.exec()
        dialog.deleteLater()
        self.reload_all()

    def edit_org_settings(self) -> None:
        from .dialogs import OrgSettingsDialog

        from ..store import printing
        from ..store.db import transaction

        before = records.get_settings(self.db)
        emblem_before = printing.get_emblem(self.db)

        def save(settings, emblem) -> None:
            with transaction(self.db):
                records.save_settings(self.db, settings)
                if emblem != printing.get_emblem(self.db):
                    printing.set_emblem(self.db, *(emblem or ("", None)))

        dialog = OrgSettingsDialog(self, before, on_save=lambda s: save(s, dialog.emblem), emblem=emblem_before)
        if dialog.exec():
            emblem_after = printing.get_emblem(self.db)
            self.did_change("sửa thông tin cơ quan",
                            also_undo=None if emblem_after == emblem_before else
                            lambda: printing.set_emblem(self.db, *(emblem_before or ("", None))))
        self.welcome.refresh()

    def show_help(self, page: str = "guide") -> None:
        """Giúp đỡ (F1): the guide, the shortcuts, where the data is."""
        from .help_dialog import HelpDialog

        HelpDialog(self, page).exec()

    def about(self) -> None:
        from ..services.backup import backup_dir

        QMessageBox.about(
            self, "Thông tin",
            f"<b>ThiĐua Desktop</b> {__version__}<br>"
            "Phần mềm cho thư ký Hội đồng Thi đua - Khen thưởng.<br><br>"
            f"Tệp dữ liệu: {self.db_path}<br>"
            f"Thư mục dữ liệu: {user_data_dir()}<br>"
            f"Bản sao lưu: {backup_dir(self.db_path)}",
        )
