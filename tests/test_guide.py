"""The guidance a new secretary gets: Vietnamese everywhere, help, first run, keyboard."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QMessageBox

from drivers import screens
from thidua_desktop.ui.app import install_translations


def test_standard_buttons_speak_vietnamese(qapp):
    assert install_translations(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", "Xóa?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Có"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Không"
    box.setDetailedText("chi tiết")
    details = [b.text() for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]
    assert details == ["Xem chi tiết…"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    assert QApplication.translate("QLineEdit", "&Paste") == "&Dán"
    assert QApplication.translate("QFileDialog", "File &name:") == "Tên &tệp:"


def test_wizard_shows_unit_renames_and_can_keep_the_capitals(show_window, db, monkeypatch, tmp_path):
    from drivers import drive_import_wizard
    from roster_factory import write_sheet

    from thidua_desktop.store import records

    path = write_sheet(tmp_path / "caps.xlsx", [["STT", "Họ và tên", "Năm sinh", "Đơn vị"],
                                                [1, "Nguyễn Văn An", 1970, "VĂN PHÒNG"]])
    window = show_window(db)

    def at_preview(wizard):
        page = wizard.preview_page
        assert page.rename_units.isVisible() and page.rename_units.isChecked()
        assert "VĂN PHÒNG → Văn phòng" in page.summary.text()
        assert "1 đơn vị mới (Văn phòng)" in page.summary.text()
        page.rename_units.setChecked(False)  # the user keeps the original
        assert "1 đơn vị mới (VĂN PHÒNG)" in page.summary.text()
        assert "được giữ nguyên" in page.summary.text()
        page._replan(True)  # planning again keeps the user's choice
        assert "1 đơn vị mới (VĂN PHÒNG)" in page.summary.text()

    seen = drive_import_wizard(monkeypatch, path, at_preview)
    window.import_staff()
    assert seen and [u.ten for u in records.list_units(db)] == ["VĂN PHÒNG"]


# --- agency details before any document ---------------------------------------------

def test_every_document_refuses_without_the_agency_details(decisions_demo, tmp_path):
    """No export or document prints a blank header or a date without a place:
    each refuses in the service (window and CLI alike) and writes nothing."""
    import pytest

    from thidua_desktop.domain.models import OrgSettings
    from thidua_desktop.services.documents import council_pdf
    from thidua_desktop.services.council import service as council_service
    from thidua_desktop.services.decisions import service as decision_service
    from thidua_desktop.services.documents.audit_xlsx import export_audit
    from thidua_desktop.services.documents.council_xlsx import export_proposals, export_results
    from thidua_desktop.services.documents.decision_pdf import export_decision_annex
    from thidua_desktop.services.documents.registration_xlsx import export_registration_summary
    from thidua_desktop.services.documents.staff_xlsx import export_staff
    from thidua_desktop.services.imports.unit_workbooks import export_unit_templates
    from thidua_desktop.store import council, decisions, records

    db = decisions_demo
    campaign = records.list_campaigns(db)[0].id
    meeting = council.list_meetings(db)[0].id
    decision = decisions.list_decisions(db)[0]["id"]
    out = tmp_path / "out"
    out.mkdir()
    jobs = {
        "staff": lambda: export_staff(db, out / "a.xlsx"),
        "summary": lambda: export_registration_summary(db, campaign, out / "a.xlsx"),
        "unit workbooks": lambda: export_unit_templates(db, campaign, out),
        "audit": lambda: export_audit(db, out / "a.xlsx"),
        "proposals": lambda: export_proposals(db, campaign, out / "a.xlsx"),
        "results": lambda: export_results(db, meeting, out / "a.xlsx"),
        "ballots": lambda: council_pdf.write_ballots(council_service.meeting_view(db, meeting), out / "a.pdf"),
        "tally": lambda: council_pdf.write_tally_sheet(council_service.meeting_view(db, meeting), out / "a.pdf"),
        "minutes": lambda: council_pdf.write_meeting_minutes(council_service.meeting_view(db, meeting),
                                                             out / "a.pdf"),
        "count minutes": lambda: council_pdf.write_count_minutes(council_service.meeting_view(db, meeting),
                                                                 out / "a.pdf"),
        "decision list": lambda: decision_service.export_decision_list(db, decision, out / "a.xlsx"),
        "annex": lambda: export_decision_annex(db, decision, out / "a.pdf"),
        "award book": lambda: decision_service.export_award_book(db, out / "a.xlsx", 2025),
        "certificates": lambda: decision_service.certificate_batch(db, decision),
    }
    complete = records.get_settings(db)
    for settings, missing in ((OrgSettings(), "tên cơ quan, địa danh"),
                              (OrgSettings(co_quan="Ban Dân tộc", co_quan_chu_quan="UBND tỉnh"), "địa danh")):
        records.save_settings(db, settings)
        for name, job in jobs.items():
            with pytest.raises(records.MissingSettingsError, match=f"Chưa có thông tin cơ quan \\({missing}\\)"):
                job()
            assert not list(out.iterdir()), name
    records.save_settings(db, complete)
    for name, job in jobs.items():  # the same jobs work once the details are there
        job()


def test_every_module_printing_a_header_or_a_place_checks_the_settings():
    """A new document that prints the Nghị định 30 header or a place and date
    must go through records.document_settings / check_document_settings."""
    import re
    from pathlib import Path

    import thidua_desktop

    root = Path(thidua_desktop.__file__).parent
    prints = re.compile(r"\b(write_admin_header|admin_header|place_date)\(")
    checks = re.compile(r"\b(document_settings|check_document_settings|write_admin_header)\(")
    found = []
    for path in sorted((root / "services").rglob("*.py")) + sorted((root / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        calls = [m for m in prints.finditer(text) if not text[:m.start()].endswith("def ")]
        if calls:
            found.append(path.name)
            assert checks.search(text), f"{path.name} prints a header or a place without checking the settings"
    assert {"xlsx.py", "council_pdf.py", "decision_pdf.py"} <= set(found)


def test_first_run_asks_for_the_agency_then_exports_refuse_until_then(show_window, db, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

    from thidua_desktop.store import records
    from thidua_desktop.ui import dialogs

    window = show_window(db)
    welcome = window.welcome
    assert window.stack.currentWidget() is welcome
    assert "Chưa nhập: tên cơ quan, địa danh" in welcome.org_status.text()
    # Thông tin cơ quan is in Tệp (where people look) as well as Sửa
    file_menu = window.menuBar().actions()[0].menu()
    assert "Thông tin cơ quan…" in [a.text().replace("&", "") for a in file_menu.actions()]

    # an export before the details: one clear question, no file, no crash
    out = tmp_path / "ds.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.No)
    window.export_staff()
    assert not out.exists()
    assert len(asked) == 1 and "Chưa có thông tin cơ quan (tên cơ quan, địa danh)" in asked[0]

    # the welcome's first step opens the existing form
    def fake_exec(form):
        form.w(QLineEdit, "coQuanChuQuanEdit").setText("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA")
        form.w(QLineEdit, "coQuanEdit").setText("BAN DÂN TỘC")
        form.w(QLineEdit, "diaDanhEdit").setText("Khánh Hòa")
        form.w(QLineEdit, "chucDanhEdit").setText("Trưởng Ban")
        form.save()
        return True

    monkeypatch.setattr(dialogs.FormDialog, "exec", fake_exec)
    welcome.findChild(QPushButton, "welcomeOrg").click()
    assert records.get_settings(db).dia_danh == "Khánh Hòa"
    assert welcome.org_status.text().startswith("✓ BAN DÂN TỘC, Khánh Hòa")
    assert welcome.org_button.text() == "Sửa thông tin &cơ quan…"
    window.export_staff()
    assert out.exists()
    # Hoàn tác brings the empty details (and the welcome's warning) back
    window.undo()
    assert "Chưa nhập" in welcome.org_status.text()


# --- help (F1) -------------------------------------------------------------------------

def test_f1_opens_the_guide_with_real_shortcuts_and_real_paths(show_window, db, db_path, monkeypatch, qtbot):
    import logging
    import re

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest

    from thidua_desktop import paths
    from thidua_desktop.services.backup import backup_now
    from thidua_desktop.ui.app import setup_logging
    from thidua_desktop.ui.help_dialog import keys_text, plain

    window = show_window(db)
    help_action = window.findChild(QAction, "actionHelp")
    assert help_action.shortcut().toString() == "F1"
    seen = []
    from thidua_desktop.ui import help_dialog

    monkeypatch.setattr(help_dialog.HelpDialog, "exec", lambda self: seen.append(self) or 0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    [dialog] = seen
    guide = dialog.browsers["guide"].toPlainText()
    assert "Họp Hội đồng Thi đua – Khen thưởng" in guide and "Ctrl+Shift+E" in guide

    # every shortcut listed is a real command of the window with that key, and every real one is listed
    actions = [a for a in window.findChildren(QAction) if keys_text(a)]
    real = {(plain(a.text()) or plain(a.toolTip()), keys_text(a)) for a in actions}
    listed = {(command, keys) for _, command, keys in dialog.rows}
    assert listed == real
    assert ("Nhập danh sách cán bộ từ Excel…", "Ctrl+I") in listed and ("Hướng dẫn sử dụng", "F1") in listed
    assert all(command for _, command, _ in dialog.rows)
    shown = dialog.browsers["shortcuts"].toPlainText()
    assert all(keys in shown and command in shown for command, keys in listed)
    assert any(w.startswith("Tab Hồ sơ thi đua — Xếp loại") for w, _, _ in dialog.rows)
    # every shortcut the written guide mentions exists
    mentioned = set(re.findall(r"\b(?:Ctrl|Alt|Shift)(?:\+(?:Ctrl|Alt|Shift))*\+\w+|\bF\d+\b", guide))
    keys = {k for a in actions for k in keys_text(a).split(", ")}
    assert mentioned and mentioned <= keys, mentioned - keys

    # the paths are the ones the program writes to
    where = dict(dialog.locations)
    assert where["Tệp dữ liệu đang mở"] == db_path.resolve()
    from thidua_desktop.domain.models import Staff
    from thidua_desktop.store import records

    records.save_staff(db, Staff("Nguyễn Văn An"))  # a file without data is not backed up
    backup = backup_now(db_path)
    assert backup.parent == where["Bản sao lưu của tệp này"]
    log_path = setup_logging()
    try:
        assert log_path == where["Nhật ký lỗi của chương trình"]
        logging.getLogger("thidua").info("kiểm tra")
        assert log_path.exists()
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "baseFilename", None) == str(log_path):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert where["Thư mục dữ liệu của chương trình"] == paths.user_data_dir()
    text = dialog.browsers["locations"].toPlainText()
    assert all(str(p) in text for p in where.values())


def test_the_guide_is_bundled_for_the_frozen_program():
    from thidua_desktop.paths import app_root, resource_path
    from thidua_desktop.ui.help_dialog import GUIDE

    assert resource_path(*GUIDE).is_file()
    spec = (app_root() / "packaging" / "thidua.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec  # the whole folder: help and translations too
    assert resource_path("i18n", "qtbase_vi.qm").is_file()


# --- keyboard: mnemonics and Tab ----------------------------------------------------------

@pytest.fixture
def demo_window(show_window, decisions_demo, qapp):
    install_translations(qapp)  # the real program's button texts (Có, Không, Tiếp >…)
    window = show_window(decisions_demo)
    window.resize(1366, 768)
    return window


def test_no_two_mnemonics_on_one_screen_share_a_letter(demo_window, show_window, db_path):
    from mnemonics import clashes, menu_mnemonics, screen_mnemonics

    window = demo_window
    bar = [a.text() for a in window.menuBar().actions()]
    assert mnemonic_keys(bar) == ["Alt+T", "Alt+A", "Alt+E", "Alt+G"]  # Alt+G is Giúp đỡ, nothing else
    for screen, _ in screens(window):
        assert not clashes(screen_mnemonics(window)), (screen, clashes(screen_mnemonics(window)))
    for action in window.menuBar().actions():
        assert not clashes(menu_mnemonics(action.menu())), action.text()


def mnemonic_keys(texts):
    from mnemonics import mnemonic

    return [mnemonic(t) for t in texts]


def test_every_dialog_has_unique_mnemonics(demo_window, monkeypatch, tmp_path):
    """Every dialog the window opens (menu commands and the tabs' “…” commands,
    the add and edit forms), looked at as it shows, then cancelled."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

    from mnemonics import clashes, screen_mnemonics
    from thidua_desktop.ui.help_dialog import plain
    from thidua_desktop.ui.main_window import TABS

    window = demo_window
    seen: dict[str, dict] = {}
    current = [""]

    def look(self):
        self.show()
        QApplication.processEvents()
        seen[f"{current[0]} → {self.windowTitle()}"] = clashes(screen_mnemonics(self))
        self.hide()
        return 0

    from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog

    for cls in (QDialog, QPrintDialog, QPrintPreviewDialog):  # the print dialogs have their own exec
        monkeypatch.setattr(cls, "exec", look)
    for name in ("information", "warning", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))

    def opens_dialog(action) -> bool:
        return action.isEnabled() and (plain(action.text()).endswith("…") or action.objectName() == "actionHelp")

    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if opens_dialog(action):
                current[0] = plain(action.text())
                action.trigger()
    for key, _, attribute, _ in TABS:
        window.select_tab(key)
        tab = getattr(window, attribute)
        for action in tab.findChildren(QAction):
            if opens_dialog(action):
                current[0] = f"{key}: {plain(action.text())}"
                action.trigger()
    for key, attribute in (("staff", "staff_tab"), ("campaigns", "campaign_tab")):
        window.select_tab(key)
        tab = getattr(window, attribute)
        current[0] = f"{key}: thêm"
        tab.actions["add"].trigger()
    window.select_tab("staff")
    current[0] = "staff: thêm đơn vị"
    window.staff_tab.add_unit()
    titles = " | ".join(seen)
    for expected in ("Thông tin cơ quan", "Nhập danh sách cán bộ", "Nhật ký thay đổi", "Hướng dẫn sử dụng",
                     "Đăng ký thi đua", "Cuộc họp Hội đồng", "Quyết định khen thưởng mới", "Sửa mẫu giấy khen"):
        assert expected in titles, titles
    assert len(seen) >= 20
    assert {k: v for k, v in seen.items() if v} == {}


def test_the_import_wizard_pages_have_unique_mnemonics(show_window, db, monkeypatch, tmp_path, qapp):
    from roster_factory import messy_roster

    from mnemonics import clashes, screen_mnemonics
    from thidua_desktop.ui.imports import wizard as import_wizard

    install_translations(qapp)
    roster = messy_roster(tmp_path / "ds.xlsx")
    window = show_window(db)
    pages = []

    panels = []

    def fake_exec(self):
        from PySide6.QtWidgets import QGroupBox

        self.show()
        self.file_page.path_edit.setText(str(roster.path))
        self.file_page._load_sheets()
        for _ in range(3):
            QApplication.processEvents()
            pages.append((self.currentPage().title(), clashes(screen_mnemonics(self))))
            panels.append({b.objectName() for b in self.findChildren(QGroupBox) if b.isVisibleTo(self)})
            self.next()
        return False

    monkeypatch.setattr(import_wizard.ImportWizard, "exec", fake_exec)
    window.import_staff()
    assert [title for title, _ in pages] == ["Chọn tệp Excel", "Dòng tiêu đề và các cột", "Xem trước"]
    assert all(not found for _, found in pages), pages
    # the xếp loại import, with a row to resolve and a value to read: its panels are on screen too
    from roster_factory import write_sheet

    from thidua_desktop.domain.models import Staff
    from thidua_desktop.store import records

    records.save_staff(db, Staff("Nguyễn Văn An"))
    records.save_staff(db, Staff("Nguyễn Văn An"))  # namesakes: the row must be resolved by hand
    sheet = write_sheet(tmp_path / "xl.xlsx", [["STT", "Họ và tên", "Năm", "Xếp loại"],
                                               [1, "Nguyễn Văn An", 2024, "Loại A1"]])
    roster.path = sheet
    pages.clear()
    window.import_evaluations()
    preview = pages[-1]
    assert preview[0] == "Xem trước" and not preview[1], pages
    assert {"importValuePanel", "importResolvePanel"} <= panels[-1], panels


def test_tab_leaves_every_table_for_the_buttons(demo_window, qtbot):
    """Tab must not trap the user in a table (Ctrl+Tab is not the way out)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView

    window = demo_window
    views = []
    for screen, _ in screens(window):
        for view in window.findChildren(QAbstractItemView):
            if view.isVisibleTo(window) and view.window() is window and not isinstance(view.parentWidget(), QComboBox):
                views.append((screen, view))
    assert len(views) >= 8
    trapped = [(screen, v.objectName() or type(v).__name__) for screen, v in views if v.tabKeyNavigation()]
    assert trapped == []
    # every control on every screen can be reached with Tab (nothing needs the mouse)
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QHeaderView, QLineEdit, QWidget

    controls = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView)
    unreachable = []
    for screen, _ in screens(window):
        for widget in window.findChildren(QWidget):
            if (isinstance(widget, controls) and not isinstance(widget, QHeaderView)
                    and widget.objectName() != "qt_tableview_cornerbutton"
                    and not isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox))
                    and widget.isVisibleTo(window) and widget.isEnabled()
                    and not widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                unreachable.append((screen, type(widget).__name__, widget.objectName()))
    assert unreachable == []
    # and in practice: from the staff list, Tab reaches the next control
    window.select_tab("staff")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    table = window.staff_tab.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=3000)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus() and QApplication.focusWidget() is not None


def test_printing_certificates_or_a_list_without_the_agency_offers_the_form(decisions_window, monkeypatch):
    from thidua_desktop.domain.models import OrgSettings
    from thidua_desktop.store import records

    window = decisions_window
    records.save_settings(window.db, OrgSettings())
    tab = window.decision_tab
    tab.list.selectRow(0)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append((title, text))
                        or QMessageBox.StandardButton.No)
    tab.actions["certificates"].trigger()
    assert asked and asked[0][0] == "Thiếu thông tin cơ quan"
    assert "Chưa có thông tin cơ quan (tên cơ quan, địa danh)" in asked[0][1]
    # printing the list on screen is refused the same way, before any print dialog
    window.select_tab("staff")
    assert window.print_list() is False and window.print_list(preview=True) is False
    assert [title for title, _ in asked] == ["Thiếu thông tin cơ quan"] * 3
