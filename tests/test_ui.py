"""The real window, driven as a secretary would (offscreen)."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QInputDialog, QLineEdit, QMessageBox, QPushButton

from drivers import drive_import_wizard, fill_form
from thidua_desktop import paths
from thidua_desktop.domain import vntext
from thidua_desktop.domain.models import Staff, Unit
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import records
from thidua_desktop.ui import dialogs
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.staff.model import NAME_COLUMN


@pytest.fixture
def window(show_window, db):
    return show_window(db, "staff")  # the window opens on Tổng quan; these tests are about Cán bộ


@pytest.fixture
def demo_window(show_window, db):
    build_demo(db, staff=300, seed=7)
    return show_window(db, "staff")


def visible_names(tab) -> list[str]:
    return [tab.proxy.index(r, NAME_COLUMN).data() for r in range(tab.proxy.rowCount())]


def test_empty_file_offers_welcome_then_demo(window, qtbot):
    assert window.stack.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.findChild(QPushButton, "welcomeDemo"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.tabs
    assert window.staff_tab.model.rowCount() > 50
    assert window.tab("campaigns").model.rowCount() == 3  # this year's two and last year's
    assert "Cán bộ:" in window.count_label.text()
    assert str(window.db_path) in window.path_label.text()


def test_models_pass_qt_model_tester(demo_window, qtmodeltester):
    qtmodeltester.check(demo_window.staff_tab.model)
    qtmodeltester.check(demo_window.staff_tab.proxy)
    qtmodeltester.check(demo_window.tab("campaigns").model)


def test_search_without_accents_finds_vietnamese_names(demo_window, qtbot):
    tab = demo_window.staff_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("all"))
    target = records.get_staff(demo_window.db, tab.model.staff_id(0))
    query = vntext.strip_accents(target.ho_ten).lower()
    qtbot.keyClicks(tab.search, query)
    names = visible_names(tab)
    assert target.ho_ten in names
    assert all(vntext.search_key(query) in vntext.search_key(n) for n in names)
    assert f"đang hiện {len(names)}" in demo_window.count_label.text()
    tab.search.clear()
    assert tab.proxy.rowCount() == tab.model.rowCount()


def test_names_sort_by_given_name_the_vietnamese_way(demo_window):
    tab = demo_window.staff_tab
    names = visible_names(tab)
    assert names == sorted(names, key=vntext.name_sort_key)
    given = [vntext.split_name(n)[2] for n in names]
    assert [vntext.collation_key(g) for g in given] == sorted(vntext.collation_key(g) for g in given)
    tab.table.sortByColumn(NAME_COLUMN, Qt.SortOrder.DescendingOrder)
    assert visible_names(tab) == sorted(names, key=vntext.name_sort_key, reverse=True)


def test_add_staff_through_form_then_undo(window, monkeypatch):
    window.show_tabs()
    unit_id = records.save_unit(window.db, Unit(ten="Văn phòng"))
    window.staff_tab.reload()

    def fill(d):
        d.w(QLineEdit, "hoTenEdit").setText("  Nguyễn   Thị Thu Hà ")
        d.w(QLineEdit, "ngaySinhEdit").setText("7/3/1985")
        combo = d.w(QComboBox, "gioiTinhCombo")
        combo.setCurrentIndex(combo.findData("nu"))
        units = d.w(QComboBox, "donViCombo")
        units.setCurrentIndex(units.findData(unit_id))
        d.w(QLineEdit, "chucVuEdit").setText("Chuyên viên")

    fill_form(monkeypatch, fill)
    window.staff_tab.actions["add"].trigger()
    [row] = records.list_staff_rows(window.db)
    assert row["ho_ten"] == "Nguyễn Thị Thu Hà"
    assert row["ngay_sinh"] == "1985-03-07" and row["gioi_tinh"] == "nu"
    assert window.staff_tab.selected_ids() == [row["id"]]
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert records.count_staff(window.db) == 0


def test_staff_form_refuses_bad_input_and_writes_nothing(window, monkeypatch):
    window.show_tabs()

    def fill(d):
        d.w(QLineEdit, "hoTenEdit").setText("   ")
        d.w(QLineEdit, "ngaySinhEdit").setText("31/02/1990")

    seen = fill_form(monkeypatch, fill)
    window.staff_tab.actions["add"].trigger()
    errors = seen[0].w(dialogs.QLabel, "errorLabel").text()
    assert "Họ và tên không được để trống" in errors
    assert "Ngày sinh" in errors and "không tồn tại" in errors
    assert records.count_staff(window.db) == 0


def test_edit_then_undo_restores_the_person(demo_window, monkeypatch):
    tab = demo_window.staff_tab
    tab.table.selectRow(0)
    [sid] = tab.selected_ids()
    before = records.get_staff(demo_window.db, sid)
    fill_form(monkeypatch, lambda d: d.w(QLineEdit, "chucVuEdit").setText("Trưởng phòng"))
    tab.actions["edit"].trigger()
    assert records.get_staff(demo_window.db, sid).chuc_vu == "Trưởng phòng"
    assert tab.selected_ids() == [sid]
    demo_window.undo()
    assert records.get_staff(demo_window.db, sid) == before


def test_move_several_people_to_another_unit(demo_window, monkeypatch):
    tab = demo_window.staff_tab
    target = tab.units[-1]
    for row in range(3):
        tab.table.selectionModel().select(
            tab.proxy.index(row, 0),
            tab.table.selectionModel().SelectionFlag.Select | tab.table.selectionModel().SelectionFlag.Rows,
        )
    ids = tab.selected_ids()
    assert len(ids) == 3
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (target.ten, True))
    tab.actions["move"].trigger()
    assert {s.unit_id for s in records.get_staff_many(demo_window.db, ids)} == {target.id}
    demo_window.undo()
    assert {s.unit_id for s in records.get_staff_many(demo_window.db, ids)} != {target.id}


def test_mark_left_hides_from_active_list(demo_window, monkeypatch):
    tab = demo_window.staff_tab
    tab.table.selectRow(0)
    [sid] = tab.selected_ids()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("30/06/2026", True))
    tab.actions["left"].trigger()
    person = records.get_staff(demo_window.db, sid)
    assert not person.dang_cong_tac and person.ngay_nghi == dt.date(2026, 6, 30)
    assert sid not in tab.proxy.staff_ids(range(tab.proxy.rowCount()))
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("left"))
    assert sid in tab.proxy.staff_ids(range(tab.proxy.rowCount()))


def test_delete_asks_first_and_never_deletes_a_person_with_records(demo_window, monkeypatch):
    tab = demo_window.staff_tab
    total = records.count_staff(demo_window.db)
    tab.table.selectRow(0)  # demo people have xếp loại and registrations
    warnings = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    tab.actions["delete"].trigger()
    assert records.count_staff(demo_window.db) == total
    assert warnings and "Đã nghỉ" in warnings[0]

    newcomer = records.save_staff(demo_window.db, Staff("Người Mới Vào"))
    tab.reload(select_ids=[newcomer])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    tab.actions["delete"].trigger()
    assert records.count_staff(demo_window.db) == total + 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.actions["delete"].trigger()
    assert records.count_staff(demo_window.db) == total


def test_unit_filter_includes_child_units(demo_window):
    tab = demo_window.staff_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("all"))
    parent = next(u for u in tab.units if any(c.parent_id == u.id for c in tab.units))
    children = {u.id for u in tab.units if u.parent_id == parent.id}
    item = tab.unit_tree.findItems(parent.ten, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    tab.unit_tree.setCurrentItem(item)
    ids = tab.proxy.staff_ids(range(tab.proxy.rowCount()))
    units = {s.unit_id for s in records.get_staff_many(demo_window.db, ids)}
    assert units <= {parent.id} | children and units & children


def test_add_campaign_with_deadlines(window, monkeypatch):
    window.show_tabs()
    window.select_tab("campaigns")

    def fill(d):
        d.w(QLineEdit, "tenEdit").setText("Phong trào thi đua năm 2026")
        d.w(QLineEdit, "soKeHoachEdit").setText("19/KH-BDT")
        d.w(QLineEdit, "ngayBanHanhEdit").setText("25/01/2026")
        d.w(QLineEdit, "hanDangKyEdit").setText("15/03/2026")
        d.w(QLineEdit, "hanSangKienEdit").setText("01/11/2026")
        d.w(QLineEdit, "hanHoSoEdit").setText("20/11/2026")
        d.w(dialogs.QSpinBox, "namBatDauSpin").setValue(2026)

    fill_form(monkeypatch, fill)
    window.campaign_tab.actions["add"].trigger()
    [c] = records.list_campaigns(window.db)
    assert (c.so_ke_hoach, c.han_dang_ky, c.han_sang_kien, c.han_ho_so) == (
        "19/KH-BDT", dt.date(2026, 3, 15), dt.date(2026, 11, 1), dt.date(2026, 11, 20)
    )
    assert window.campaign_tab.model.index(0, 0).data() == "19/KH-BDT"


def test_campaign_form_rejects_impossible_deadline(window, monkeypatch):
    def fill(d):
        d.w(QLineEdit, "tenEdit").setText("Chuyên đề")
        d.w(QLineEdit, "hanDangKyEdit").setText("30/02/2026")

    seen = fill_form(monkeypatch, fill)
    window.campaign_tab.actions["add"].trigger()
    assert "Hạn đăng ký" in seen[0].w(dialogs.QLabel, "errorLabel").text()
    assert records.list_campaigns(window.db) == []


def test_org_settings_dialog_saves_nfc(window, monkeypatch):
    import unicodedata

    def fill(d):
        d.w(QLineEdit, "coQuanChuQuanEdit").setText(unicodedata.normalize("NFD", "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"))
        d.w(QLineEdit, "coQuanEdit").setText("BAN DÂN TỘC")
        d.w(QLineEdit, "kyHieuEdit").setText("BDT")

    fill_form(monkeypatch, fill)
    window.edit_org_settings()
    s = records.get_settings(window.db)
    assert s.co_quan_chu_quan == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" and s.ky_hieu == "BDT"


def test_window_remembers_last_tab(qtbot, db, db_path):
    first = MainWindow(db_path, db)
    qtbot.addWidget(first)
    first.select_tab("campaigns")
    first.save_state()
    second = MainWindow(db_path, db)
    qtbot.addWidget(second)
    assert second.tabs.currentWidget() is second.campaign_tab


def test_data_folder_matches_qt_app_data_location(monkeypatch):
    from PySide6.QtCore import QCoreApplication

    monkeypatch.delenv("THIDUA_DATA_DIR")
    QCoreApplication.setOrganizationName(paths.ORG_NAME)
    QCoreApplication.setApplicationName(paths.APP_NAME)
    qt_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert str(paths.user_data_dir()) == qt_dir


def test_screenshot_command_writes_png(tmp_path, db_path):
    from thidua_desktop.store.db import open_database

    database = open_database(db_path)
    build_demo(database, staff=80, seed=2)
    database.close()
    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-m", "thidua_desktop.ui.app", "--db", str(db_path), "--screenshot", str(out), "--tab", "campaigns"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # the print dialog of the first decision, its preview rendered (the page is not blank)
    dialog = tmp_path / "print.png"
    proc = subprocess.run(
        [sys.executable, "-m", "thidua_desktop.ui.app", "--db", str(db_path), "--screenshot", str(dialog),
         "--dialog", "print"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(dialog))
    assert image.width() > 700  # as wide as the offscreen screen (800 px) lets a dialog be
    right = image.copy(image.width() // 2, 0, image.width() // 2, image.height() // 2)
    colours = {right.pixel(x, y) for x in range(0, right.width(), 7) for y in range(0, right.height(), 7)}
    assert len(colours) > 20  # text and border drawn, not an empty page


# --- import wizard -----------------------------------------------------------------

def test_import_messy_roster_from_welcome_then_find_without_accents(window, qtbot, monkeypatch, tmp_path):
    from roster_factory import messy_roster

    roster = messy_roster(tmp_path / "danh sach.xlsx")
    seen = drive_import_wizard(monkeypatch, roster.path)
    qtbot.mouseClick(window.welcome.findChild(QPushButton, "welcomeImport"), Qt.MouseButton.LeftButton)
    wizard = seen[0]
    assert wizard.currentPage() is wizard.preview_page
    assert f"{len(roster.people)} người mới" in wizard.preview_page.summary.text()
    assert window.stack.currentWidget() is window.tabs
    assert records.count_staff(window.db) == len(roster.people)
    tab = window.staff_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("all"))
    person = roster.people[len(roster.people) // 2]
    qtbot.keyClicks(tab.search, vntext.strip_accents(person.ho_ten))
    assert person.ho_ten in visible_names(tab)
    # the same file again: nothing changes
    before = records.list_staff_rows(window.db)
    window.import_staff()
    assert "0 người mới" in seen[1].preview_page.summary.text()
    assert records.list_staff_rows(window.db) == before


def test_bad_roster_is_shown_row_by_row_and_nothing_is_written(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QWizard
    from roster_factory import bad_roster

    roster, errors = bad_roster(tmp_path / "loi.xlsx")
    seen = drive_import_wizard(monkeypatch, roster.path)
    window.import_staff()
    wizard = seen[0]
    page = wizard.preview_page
    assert "Không thể nhập" in page.summary.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    shown = {
        int(page.proxy.index(r, 0).data()): page.proxy.index(r, 7).data() for r in range(page.proxy.rowCount())
    }
    assert set(shown) == set(errors)  # the view is filtered to the errors
    for row, fragment in errors.items():
        assert fragment in shown[row]
    assert records.count_staff(window.db) == 0 and records.list_units(window.db) == []
    assert window.stack.currentWidget() is window.welcome


# --- backup and restore ------------------------------------------------------------

def test_backup_then_restore_from_the_menu(demo_window, monkeypatch):
    from thidua_desktop.services.backup import list_backups

    win = demo_window
    total = records.count_staff(win.db)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    win.findChild(QAction, "actionBackup").trigger()
    [manual] = [b for b in list_backups(win.db_path) if b.kind == "manual"]

    records.save_staff(win.db, Staff("Người Thêm Sau Sao Lưu"))
    win.staff_tab.reload()
    assert records.count_staff(win.db) == total + 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    labels = []

    def pick(parent, title, label, items, current, editable):
        labels.extend(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    win.findChild(QAction, "actionRestore").trigger()
    assert "Thủ công" in labels[0] and labels[-1] == "Chọn tệp khác…"
    assert records.count_staff(win.db) == total
    assert win.staff_tab.model.rowCount() == total
    assert any(b.kind == "before-restore" for b in list_backups(win.db_path))
    assert manual.path.exists()


def test_restore_of_a_foreign_file_changes_nothing(demo_window, monkeypatch, tmp_path):
    win = demo_window
    total = records.count_staff(win.db)
    other = tmp_path / "khac.sqlite"
    other.write_bytes(b"not a database at all" * 100)
    warnings = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    win.restore_backup(other)
    assert warnings and records.count_staff(win.db) == total
    assert win.staff_tab.model.rowCount() == total


def test_filtering_keeps_the_selection_of_people_still_shown(demo_window, qtbot):
    tab = demo_window.staff_tab
    tab.table.selectRow(3)
    [sid] = tab.selected_ids()
    person = records.get_staff(demo_window.db, sid)
    qtbot.keyClicks(tab.search, vntext.strip_accents(person.ho_ten))
    assert tab.selected_ids() == [sid]
    tab.search.setText("zzzz khong ai")
    assert tab.proxy.rowCount() == 0 and tab.selected_ids() == []


def test_search_narrows_and_widens_like_a_fresh_search(demo_window):
    """The incremental search (a longer query re-checks only earlier hits) equals a fresh one."""
    tab = demo_window.staff_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("all"))
    keys = tab.model.search_keys

    def fresh(query):
        words = vntext.search_key(query).split()
        return sorted(tab.model.raw_row(i)["id"] for i, k in enumerate(keys) if all(w in k for w in words))

    for query in ("n", "ng", "nguy", "nguyen t", "nguyen th", "nguyen", "tr", "tran van", "", "le"):
        tab.search.setText(query)
        assert sorted(tab.proxy.staff_ids(range(tab.proxy.rowCount()))) == fresh(query), query
    tab.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # re-sort keeps the filter
    assert sorted(tab.proxy.staff_ids(range(tab.proxy.rowCount()))) == fresh("le")


def test_no_shortcut_is_ambiguous(qtbot, db, db_path):
    """A tab's shortcut that repeats a menu's (or another of the same tab) would do nothing at all."""
    from collections import Counter

    from PySide6.QtGui import QAction

    from thidua_desktop.ui.main_window import TABS, MainWindow

    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    menu_actions = [act for menu in window.menuBar().actions() for act in menu.menu().actions()]
    for key, _, attribute, _ in TABS:
        window.select_tab(key)  # Tệp → In danh sách takes Ctrl+P only where the tab does not print with it
        menu_keys = {a.shortcut().toString() for a in menu_actions if not a.shortcut().isEmpty()}
        assert "Ctrl+E" in menu_keys and len(menu_keys) > 5
        tab = getattr(window, attribute)
        by_owner: dict = {}
        for a in tab.findChildren(QAction):
            if not a.shortcut().isEmpty():
                by_owner.setdefault(id(a.parent()), []).append(a.shortcut().toString())
        for keys in by_owner.values():  # each page of a tab owns its actions
            assert not {k for k, n in Counter(keys).items() if n > 1}, attribute
            assert not set(keys) & menu_keys, (attribute, set(keys) & menu_keys)
