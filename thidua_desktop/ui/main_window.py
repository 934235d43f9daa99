"""The main window: menus, tabs, the welcome panel, status bar, undo."""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..paths import user_data_dir
from ..store import audit, records
from ..store import undo as undo_log
from ..store.db import READONLY_MESSAGE, StoreError, is_readonly, user_message
from ..store.rules import ruleset_for_year
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
from .widgets import app_settings, confirm, fit_to_screen

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


#: how many changes Sửa → Hoàn tác can take back
UNDO_LEVELS = 50


@dataclass(frozen=True)
class UndoStep:
    """A change of the window: its name and the audit rows it wrote."""

    label: str
    ids: tuple[int, ...]
    also_undo: Callable[[], None] | None = None


class WelcomePanel(QWidget):
    """The first screen of an empty file: the agency's details first (every
    document prints them), then demo data, a roster from Excel or nothing."""

    def __init__(self, window: "MainWindow"):
        super().__init__()
        self.window = window
        self.setObjectName("welcomePanel")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("<h1>Chào mừng đến với ThiĐua Desktop</h1>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        step1 = QLabel("<b>Bước 1.</b> Thông tin cơ quan — in trên tiêu đề, ngày tháng và chữ ký của mọi văn bản, "
                       "giấy khen (cơ quan chủ quản, tên cơ quan, địa danh, người ký).")
        step1.setWordWrap(True)
        step1.setFixedWidth(560)
        self.org_status = QLabel()
        self.org_status.setObjectName("welcomeOrgStatus")
        self.org_status.setWordWrap(True)
        self.org_status.setFixedWidth(560)
        self.org_button = QPushButton("Nhập thông tin &cơ quan…")
        self.org_button.setObjectName("welcomeOrg")
        self.org_button.setMinimumSize(360, 44)
        self.org_button.clicked.connect(window.edit_org_settings)
        step2 = QLabel("<b>Bước 2.</b> Tệp dữ liệu này còn trống. Bạn có thể tạo dữ liệu mẫu để làm quen, "
                       "hoặc nhập ngay danh sách cán bộ của cơ quan từ tệp Excel.")
        step2.setWordWrap(True)
        step2.setFixedWidth(560)
        for widget in (step1, self.org_status):
            layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.org_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(16)
        layout.addWidget(step2, alignment=Qt.AlignmentFlag.AlignCenter)
        for name, label, slot in (
            ("welcomeDemo", "Tạo dữ liệu &mẫu", window.create_demo),
            ("welcomeImport", "&Nhập danh sách cán bộ từ Excel…", window.import_staff),
            ("welcomeEmpty", "&Bắt đầu với tệp trống", window.show_tabs),
        ):
            button = QPushButton(label)
            button.setObjectName(name)
            button.setMinimumSize(360, 44)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        self.refresh()

    def refresh(self) -> None:
        """Show whether the agency's details are complete."""
        settings = records.get_settings(self.window.db)
        missing = settings.missing_for_documents()
        if missing:
            self.org_status.setText(f"<span style='color:#b00020'>Chưa nhập: {', '.join(missing)}.</span> "
                                    "Chưa có thì không xuất được văn bản, danh sách nào.")
            self.org_button.setText("Nhập thông tin &cơ quan…")
        else:
            where = ", ".join(filter(None, (settings.co_quan, settings.dia_danh)))
            signer = " — ".join(filter(None, (settings.chuc_danh_thu_truong, settings.ten_thu_truong)))
            self.org_status.setText(f"✓ {where}" + (f"; người ký: {signer}" if signer else ""))
            self.org_button.setText("Sửa thông tin &cơ quan…")


class MainWindow(QMainWindow):
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

    # --- undo and redo -----------------------------------------------------------
    def _start_tracking(self) -> None:
        """Changes are known by the audit rows this window's connection writes
        (``store.undo``); a (re)opened file starts with empty stacks."""
        undo_log.track(self.db)
        self._mark = undo_log.last_written(self.db)
        self._undo_stack.clear()
        self._redo_stack.clear()

    def checkpoint(self) -> None:
        """What was written since the last change is not a step of its own
        (a print log line): no later undo takes it back."""
        self._mark = undo_log.last_written(self.db)

    def did_change(self, label: str, *, also_undo: Callable[[], None] | None = None) -> None:
        """Record a change made by this window: everything it wrote since the
        last change (the audit log's rows, cascades included) becomes the top
        step of Sửa → Hoàn tác “label” (the inverse comes from the audit log);
        ``also_undo`` restores what the log does not hold (the emblem image)
        and makes the step impossible to redo."""
        ids = undo_log.written_since(self.db, self._mark)
        self._mark = undo_log.last_written(self.db)
        if ids or also_undo is not None:
            self._undo_stack.append(UndoStep(label, ids, also_undo))
            del self._undo_stack[:-UNDO_LEVELS]
            self._redo_stack.clear()
        self._show_undo_state()
        self.statusBar().showMessage(f"Đã {label}.", 5000)

    def undo_labels(self) -> list[str]:
        """The steps Hoàn tác would take back, newest first."""
        return [step.label for step in reversed(self._undo_stack)]

    def redo_labels(self) -> list[str]:
        return [step.label for step in reversed(self._redo_stack)]

    def _show_undo_state(self) -> None:
        for action, stack, word in ((self.undo_action, self._undo_stack, "&Hoàn tác"),
                                    (self.redo_action, self._redo_stack, "&Làm lại")):
            action.setEnabled(bool(stack))
            action.setText(f"{word} “{stack[-1].label}”" if stack else word)

    def _step_back(self, source: list, target: list, done: str) -> bool:
        """Revert the top step of ``source``; its inverse goes onto ``target``.
        Refused (nothing written) when its rows were changed since."""
        if not source:
            return False
        step = source[-1]
        inverse: list[tuple[int, ...]] = []

        def write() -> None:
            with self.db.atomic():
                inverse.append(undo_log.revert(self.db, step.ids, step.label))
                if step.also_undo is not None:
                    step.also_undo()
                audit.note(self.db, f"{done[0].upper()}{done[1:]}: {step.label}")

        ok = self.perform(write)
        source.pop()  # refused: it cannot be taken back later either; the steps below stay
        self._mark = undo_log.last_written(self.db)
        if ok and step.also_undo is None:
            target.append(UndoStep(step.label, inverse[0]))
        self._show_undo_state()
        if ok:
            self.reload_all()
            self.welcome.refresh()
            self.statusBar().showMessage(f"Đã {done}: {step.label}.", 5000)
        return ok

    def undo(self) -> bool:
        return self._step_back(self._undo_stack, self._redo_stack, "hoàn tác")

    def redo(self) -> bool:
        return self._step_back(self._redo_stack, self._undo_stack, "làm lại")

    # --- commands ----------------------------------------------------------------
    def create_demo(self) -> None:
        from ..services.demo import build_demo

        if not self._is_empty():
            QMessageBox.information(
                self, "Dữ liệu mẫu", "Tệp này đã có dữ liệu. Dữ liệu mẫu chỉ tạo được trên tệp trống."
            )
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok = self.perform(lambda: build_demo(self.db))
        finally:
            QApplication.restoreOverrideCursor()
        if ok:
            self.did_change("tạo dữ liệu mẫu")
            self.reload_all()
            self.show_tabs()

    def import_staff(self) -> None:
        from .imports.wizard import ImportWizard

        wizard = ImportWizard(self, self.db)
        if wizard.exec():
            self.did_change("nhập danh sách cán bộ")
            self.reload_all()
            self.show_tabs()
            self.select_tab("staff")

    def import_history(self) -> bool:
        """Tệp → Nhập lịch sử khen thưởng từ Excel; true when something was imported."""
        from .imports.wizard import HISTORY

        return self._import_records(HISTORY)

    def import_evaluations(self, year: int | None = None) -> bool:
        """Tệp → Nhập kết quả xếp loại từ Excel (``year``: preset year for the whole sheet)."""
        from .imports.wizard import EVALUATIONS

        return self._import_records(EVALUATIONS, year)

    def _import_records(self, importer, year: int | None = None) -> bool:
        from .imports.wizard import ImportWizard

        wizard = ImportWizard(self, self.db, importer=importer, year=year)
        if not wizard.exec():
            return False
        self.did_change(importer.done)
        self.reload_all()
        self.show_tabs()
        note = f" {wizard.remember_note}" if wizard.remember_note else ""
        self.statusBar().showMessage(f"Đã nhập: {wizard.result.describe()}.{note}", 8000)
        return True

    def export_staff(self) -> None:
        from ..services.documents.staff_xlsx import export_staff

        path, _ = QFileDialog.getSaveFileName(
            self, "Xuất danh sách cán bộ", str(Path.home() / "danh-sach-can-bo.xlsx"), "Excel (*.xlsx)"
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if self.perform(lambda: export_staff(self.db, Path(path))):
            self.statusBar().showMessage(f"Đã xuất danh sách cán bộ ra {path}", 8000)

    def export_registrations(self) -> None:
        """The summary of the campaign shown in the Đăng ký tab."""
        from ..services.documents.registration_xlsx import export_registration_summary

        campaign = self.tab("registrations").campaign()
        if campaign is None:
            QMessageBox.information(self, "Xuất bảng tổng hợp", "Chưa có phong trào thi đua nào.")
            return
        from .registrations.summary_dialog import SummaryOptionsDialog

        options = SummaryOptionsDialog(self, self.db, campaign.nam_ket_thuc or campaign.nam_bat_dau)
        if not options.exec():
            return
        default = Path.home() / f"tong-hop-dang-ky-{campaign.nam_bat_dau}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "Xuất bảng tổng hợp đăng ký", str(default), "Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        count: list[int] = []
        if self.perform(lambda: count.append(export_registration_summary(self.db, campaign.id, Path(path),
                                                                         **options.options()))):
            self.statusBar().showMessage(f"Đã xuất {count[0]} cá nhân, tập thể ra {path}", 8000)

    def export_unit_templates(self) -> None:
        from ..services.imports.unit_workbooks import export_unit_templates

        campaign = self.tab("registrations").campaign()
        if campaign is None:
            QMessageBox.information(self, "Phiếu đăng ký", "Chưa có phong trào thi đua nào.")
            return
        if not records.list_units(self.db):
            QMessageBox.information(
                self, "Phiếu đăng ký",
                "Chưa có đơn vị nào: mỗi đơn vị nhận một phiếu với danh sách cán bộ của mình. "
                "Hãy nhập danh sách cán bộ trước (Tệp → Nhập danh sách cán bộ từ Excel…).")
            return
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục để lưu phiếu đăng ký", str(Path.home()))
        if not folder:
            return
        paths: list = []
        if self.perform(lambda: paths.extend(export_unit_templates(self.db, campaign.id, Path(folder)))):
            where = paths[0].parent if paths else Path(folder)
            note = ("\n\nThư mục đã chọn có phiếu của lần xuất trước (có thể đơn vị đã điền và gửi lại), "
                    "nên các phiếu mới được để trong thư mục con mới, không ghi đè.") if where != Path(folder) else ""
            QMessageBox.information(self, "Phiếu đăng ký",
                                    f"Đã xuất {len(paths)} phiếu (mỗi đơn vị một tệp) vào:\n{where}{note}")

    def import_unit_templates(self) -> None:
        """Each returned workbook is previewed row by row, then applied on its own:
        all or nothing per file. The whole import is one undo step."""
        from ..services.imports import unit_workbooks as ut
        from .registrations.unit_workbook_dialog import TemplateImportDialog

        campaign = self.tab("registrations").campaign()
        if campaign is None:
            QMessageBox.information(self, "Phiếu đăng ký", "Chưa có phong trào thi đua nào.")
            return
        files, _ = QFileDialog.getOpenFileNames(self, "Chọn các phiếu đăng ký đơn vị gửi lại", str(Path.home()),
                                                "Excel (*.xlsx);;Mọi tệp (*)")
        report: list[str] = []
        changed = False
        for name in files:
            plan = None

            def make_plan(name=name):
                nonlocal plan
                plan = ut.plan_template_import(self.db, campaign.id, Path(name))

            if not self.perform(make_plan) or plan is None:
                report.append(f"{Path(name).name}: không đọc được.")
                continue
            try:
                titles = {t.code: t.name for t in ruleset_for_year(self.db, plan.year).titles}
            except StoreError:
                titles = {}
            dialog = TemplateImportDialog(self, plan, titles)
            if not dialog.exec():
                why = f"có {len(plan.errors)} dòng lỗi" if plan.errors else "bỏ qua"
                report.append(f"{Path(name).name}: {why}, chưa ghi gì.")
                continue
            result: list = []
            if self.perform(lambda: result.append(ut.apply_template_import(self.db, plan,
                                                                           decisions=dialog.decisions))):
                r = result[0]
                changed = changed or bool(r.created_ids or r.removed_rows)
                report.append(f"{Path(name).name}: {r.created} đăng ký mới, bỏ {r.removed}, giữ {r.kept}.")
        if changed:
            self.did_change("nhập phiếu đăng ký của đơn vị")
            self.reload_all()
        if report:
            QMessageBox.information(self, "Nhập phiếu đăng ký", "\n".join(report))

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

    def backup_now(self) -> None:
        """Sao lưu ngay: a verified ``manual`` copy in the backup folder."""
        from ..services.backup import backup_now

        result: list[Path] = []
        if self.perform(lambda: result.append(backup_now(self.db_path))):
            self.backup_label.hide()
            QMessageBox.information(self, "Sao lưu", f"Đã sao lưu và kiểm tra bản sao:\n{result[0]}")

    def backup_to_file(self) -> None:
        """Sao lưu ra tệp khác (a USB stick, a shared folder)."""
        from ..services.backup import backup_now

        default = Path.home() / f"{self.db_path.stem}-sao-luu-{dt.date.today():%Y-%m-%d}.sqlite"
        path, _ = QFileDialog.getSaveFileName(self, "Sao lưu ra tệp", str(default), "Tệp dữ liệu (*.sqlite)")
        if not path:
            return
        result: list[Path] = []
        if self.perform(lambda: result.append(backup_now(self.db_path, Path(path)))):
            QMessageBox.information(self, "Sao lưu", f"Đã sao lưu và kiểm tra bản sao:\n{result[0]}")

    def choose_backup(self) -> Path | None:
        """Pick one of this file's backups (newest first) or any other file."""
        from ..services.backup import backup_dir, list_backups

        backups = list_backups(self.db_path)
        other = "Chọn tệp khác…"
        labels = [
            f"{b.created:%d/%m/%Y %H:%M:%S} — {b.kind_label} — {b.size / 1_048_576:.1f} MB"
            for b in backups
        ] + [other]
        label, ok = QInputDialog.getItem(
            self, "Khôi phục dữ liệu", "Chọn bản sao lưu (mới nhất ở trên):", labels, 0, False
        )
        if not ok:
            return None
        if label != other:
            return backups[labels.index(label)].path
        path, _ = QFileDialog.getOpenFileName(
            self, "Chọn bản sao lưu để khôi phục", str(backup_dir(self.db_path)),
            "Tệp dữ liệu (*.sqlite *.db);;Mọi tệp (*)",
        )
        return Path(path) if path else None

    def restore_backup(self, source: Path | None = None) -> None:
        from ..services.backup import make_pre_migration_backup, restore
        from ..store.db import open_database

        source = source or self.choose_backup()
        if source is None:
            return
        if not confirm(
            self, "Khôi phục dữ liệu",
            f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu:\n{source}\n\n"
            "Tệp hiện tại sẽ được giữ lại trong thư mục sao lưu trước khi thay.",
        ):
            return
        self.db.close()
        kept: list[Path | None] = []
        ok = self.perform(lambda: kept.append(restore(source, self.db_path)))
        # Reopen whatever is there now: the restored data, or the untouched old file.
        try:
            self.db = open_database(self.db_path, before_migrate=make_pre_migration_backup)
        except StoreError as exc:
            QMessageBox.critical(self, "Không mở được tệp dữ liệu", str(exc))
            self.close()
            return
        self._start_tracking()
        self._show_undo_state()
        self._show_file_state()
        self.reload_all()
        if ok:
            self.statusBar().showMessage("Đã khôi phục dữ liệu.", 8000)
            self.show_tabs()
            where = f"Tệp cũ được giữ tại:\n{kept[0]}" if kept[0] else ""
            QMessageBox.information(self, "Khôi phục dữ liệu", f"Đã khôi phục.\n{where}")

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
