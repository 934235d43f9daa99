"""Tra cứu: the search, a person's and a unit's record built from a small file
whose contents are known, what comes next as the eligibility check says it,
the trích lục exports, and the window (Ctrl+K, double-click, context menu)."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt

from data_states import registered, roster_only
from thidua_desktop.domain import eligibility as el
from thidua_desktop.domain.registrations import AwardEntry, DisciplineEntry, Evaluation, InitiativeEntry
from thidua_desktop.services.eligibility import SeasonData
from thidua_desktop.services.lookup import export, search
from thidua_desktop.services.lookup.record import STAFF, UNIT, person_record, unit_record
from thidua_desktop.store import merit, records
from thidua_desktop.store.rules import ruleset_for_year
from thidua_desktop.domain.models import OrgSettings

YEAR = 2025


@pytest.fixture
def people(db):
    """The seven people of ``data_states``; Lê Văn Cường has xếp loại 2023–2025
    (HTXSNV), Chiến sĩ thi đua cơ sở 2023, 2024 and 2025 and an initiative of
    provincial influence in 2025; Phạm Thị Dung a khiển trách in 2025."""
    ids = roster_only(db)
    cuong = ids["Lê Văn Cường"]
    merit.save_evaluations(db, [Evaluation(cuong, y, "HTXSNV") for y in (2023, 2024, 2025)])
    merit.save_awards(db, [AwardEntry(y, code, staff_id=cuong, so_quyet_dinh=f"{10 + y - 2023}/QĐ-BDT",
                                      ngay_quyet_dinh=dt.date(y, 12, 20))
                           for y in (2023, 2024, 2025) for code in ("LDTT", "CSTDCS")])
    merit.save_initiative(db, InitiativeEntry("Số hóa hồ sơ chính sách dân tộc", 2025, (cuong,), cap="tinh",
                                              so_quyet_dinh="55/QĐ-UBND"))
    merit.save_discipline(db, DisciplineEntry("khien_trach", dt.date(2025, 4, 10), staff_id=ids["Phạm Thị Dung"],
                                              so_quyet_dinh="12/QĐ-BDT"))
    return ids


# --- search ----------------------------------------------------------------------------------

def test_search_without_accents_in_any_order_best_match_first(db, people):
    found, total = search.find(db, "nguyen van an")
    assert total == 1 and found[0].ten == "Nguyễn Văn An" and found[0].id == people["Nguyễn Văn An"]
    assert [m.ten for m in search.find(db, "AN NGUYEN")[0]] == ["Nguyễn Văn An"]
    assert search.find(db, "van")[1] == 5  # Văn An, Văn Cường, Văn Em, Văn Hùng — and the unit Văn phòng
    names = [m.ten for m in search.find(db, "van", units=False)[0]]
    assert names == ["Nguyễn Văn An", "Lê Văn Cường", "Hoàng Văn Em", "Đặng Văn Hùng"]  # Vietnamese name order
    assert [m.ten for m in search.find(db, "thi 1990")[0]] == ["Phạm Thị Dung"]  # a birth year narrows
    units = [m for m in search.find(db, "chinh sach")[0] if m.kind == UNIT]
    assert [u.ten for u in units] == ["Phòng Chính sách"]
    assert search.find(db, "") == ([], 0)
    assert search.find(db, "100%_\\")[1] == 0  # LIKE's own characters are plain text


# --- the record ------------------------------------------------------------------------------

def test_person_record_lists_exactly_what_was_put_in(db, people):
    rec = person_record(db, people["Lê Văn Cường"], year=YEAR)
    assert rec.name == "Lê Văn Cường" and ("Đơn vị", "Văn phòng") in rec.facts
    awards = rec.section("khen_thuong").rows
    assert [(r[0], r[1], r[3], r[4]) for r in awards] == [
        (str(y), name, f"{10 + y - 2023}/QĐ-BDT", f"20/12/{y}")
        for y in (2025, 2024, 2023) for name in ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến")]
    assert [r[:2] for r in rec.section("xep_loai").rows] == [
        (str(y), "Hoàn thành xuất sắc nhiệm vụ") for y in (2025, 2024, 2023)]
    (initiative,) = rec.section("sang_kien").rows
    assert initiative[:2] == ("2025", "Số hóa hồ sơ chính sách dân tộc") and initiative[-1] == "Lê Văn Cường"
    for key in ("ky_luat", "dang_ky", "de_nghi", "giay_khen"):
        assert rec.section(key).rows == (), key
    dung = person_record(db, people["Phạm Thị Dung"], year=YEAR)
    assert dung.section("ky_luat").rows == (("Kỷ luật", "Khiển trách", "10/04/2025", "", "QĐ số 12/QĐ-BDT"),)
    assert dung.section("khen_thuong").rows == ()


def test_next_step_from_a_known_history_at_the_boundary(db, people):
    """Three CSTĐCS years ending in 2025 and a provincial initiative: CSTĐ cấp
    tỉnh 2025 is open; without the 2023 line it is not, with the checker's reason."""
    cuong = people["Lê Văn Cường"]
    rec = person_record(db, cuong, year=YEAR)
    assert "Đã có 3 năm liên tục Chiến sĩ thi đua cơ sở (2023–2025)" in rec.streaks
    step = next(s for s in rec.next_steps if s.code == "CSTD_TINH")
    assert (step.status, step.text) == (el.OK, "Đủ điều kiện đề nghị Chiến sĩ thi đua cấp tỉnh năm 2025.")
    assert next(s for s in rec.next_steps if s.code == "CSTDCS").status == "awarded"  # 2025's is in the history

    line = next(a for a in merit.awards_of(db, staff_id=cuong) if a.nam == 2023 and a.ma == "CSTDCS")
    merit.delete_rows(db, "awards", [line.id])
    rec = person_record(db, cuong, year=YEAR)
    step = next(s for s in rec.next_steps if s.code == "CSTD_TINH")
    expected = el.check_title(ruleset_for_year(db, YEAR), "CSTD_TINH", SeasonData.load(db).person(cuong), YEAR)
    assert step.status == el.BLOCKED and step.reasons == expected.reasons  # the checker's own words
    assert "Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở: thiếu năm 2023" in step.text
    assert "Đã có 2 năm liên tục Chiến sĩ thi đua cơ sở (2024–2025)" not in rec.streaks  # not a prerequisite met


def test_unit_record_and_registrations_of_an_empty_season(db):
    campaign_id, people = registered(db)
    unit_id = next(u.id for u in records.list_units(db) if u.ten == "Văn phòng")
    rec = unit_record(db, unit_id, year=dt.date.today().year)
    assert rec.kind == UNIT and ("Số cán bộ đang công tác", "2") in rec.facts
    assert rec.section("khen_thuong").rows == () and rec.section("dang_ky").rows == ()
    assert any(s.code == "TTLDTT" for s in rec.next_steps)
    person = person_record(db, people["Lê Văn Cường"])
    titles = {r[1] for r in person.section("dang_ky").rows}
    assert "Lao động tiên tiến" in titles


def test_record_of_nobody_is_refused(db):
    from thidua_desktop.store.records import ValidationError

    with pytest.raises(ValidationError):
        person_record(db, 999)


# --- exports -------------------------------------------------------------------------------

def test_trich_luc_pdf_and_xlsx(db, people, tmp_path):
    from thidua_desktop.store.records import MissingSettingsError

    rec = person_record(db, people["Lê Văn Cường"], year=YEAR)
    with pytest.raises(MissingSettingsError):  # no agency yet: refused like every document
        export.export_pdf(db, rec, tmp_path / "x.pdf")
    records.save_settings(db, OrgSettings(co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", co_quan="BAN DÂN TỘC",
                                          dia_danh="Khánh Hòa", chuc_danh_thu_truong="Trưởng Ban"))
    assert export.export_pdf(db, rec, tmp_path / "r.pdf") >= 1
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    export.export_xlsx(db, rec, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "TRÍCH LỤC THÀNH TÍCH" in texts and "Cá nhân: Lê Văn Cường" in texts
    assert "Danh hiệu thi đua, hình thức khen thưởng" in texts and "12/QĐ-BDT" in texts
    assert "– Đủ điều kiện đề nghị Chiến sĩ thi đua cấp tỉnh năm 2025." in texts
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "portrait"


def test_record_as_json(db, people):
    import json

    data = json.loads(person_record(db, people["Lê Văn Cường"], year=YEAR).as_json())
    assert data["ten"] == "Lê Văn Cường" and data["xet_nam"] == YEAR
    assert {m["muc"] for m in data["muc"]} >= {"khen_thuong", "xep_loai", "sang_kien", "ky_luat"}


# --- the window ------------------------------------------------------------------------------

def test_ctrl_k_opens_the_search_from_any_tab(qtbot, show_window, db, people):
    window = show_window(db, "campaigns")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table = window.campaign_tab.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window._lookup_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.search, "le van cuong")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1)
    assert dialog.record is not None and dialog.record.name == "Lê Văn Cường"
    assert "Chiến sĩ thi đua cấp tỉnh" in dialog.view.toPlainText()
    dialog.search.setText("không ai có tên này")
    dialog.search_now()
    assert dialog.matches.count() == 0 and dialog.matches.empty_hint.isVisible()


def test_ctrl_k_is_in_the_menu_and_the_shortcut_list(qtbot, show_window, db, people):
    from thidua_desktop.ui.help_dialog import shortcut_rows

    window = show_window(db, "staff")
    assert ("Menu Xem", "Tra cứu thành tích…", "Ctrl+K") in shortcut_rows(window)
    assert not [r for r in shortcut_rows(window) if r[2] == "Ctrl+K" and r[1] != "Tra cứu thành tích…"]


def test_double_click_a_registration_shows_the_record(qtbot, show_window, db):
    _campaign, people = registered(db)
    window = show_window(db, "registrations")
    tab = window.registration_tab
    view = tab.table
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == "Lê Văn Cường")
    index = view.model().index(row, 0)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's press
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = window._lookup_dialog
    assert dialog.isVisible() and dialog.record.id == people["Lê Văn Cường"] and dialog.record.kind == STAFF


def test_staff_list_context_menu_names_the_person(qtbot, show_window, db, people):
    window = show_window(db, "staff")
    view = window.staff_tab.table
    index = view.model().index(0, 0)
    menu = view.lookup_menu(index)
    assert [a.text() for a in menu.actions()] == ["Tra cứu thành tích…"]
    menu.actions()[0].trigger()
    dialog = window._lookup_dialog
    assert dialog.isVisible() and dialog.record.name == index.data()
    assert view.lookup_menu(view.model().index(-1, 0)) is None  # below the rows: no menu


def test_unit_tree_context_menu_opens_the_units_record(qtbot, show_window, db, people):
    window = show_window(db, "staff")
    tree = window.staff_tab.unit_tree
    root = tree.topLevelItem(0)  # Tất cả đơn vị: no record of its own
    assert tree.lookup_menu(root) is None
    office = next(root.child(i) for i in range(root.childCount()) if root.child(i).text(0) == "Văn phòng")
    menu = tree.lookup_menu(office)
    menu.actions()[0].trigger()
    dialog = window._lookup_dialog
    assert dialog.record.kind == UNIT and dialog.record.name == "Văn phòng"


def test_double_click_an_awardee_shows_the_record(qtbot, decisions_window):
    window = decisions_window
    view = window.decision_tab.table
    assert view.model().rowCount() > 0
    index = view.model().index(0, 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    dialog = window._lookup_dialog
    assert dialog.record is not None and dialog.record.name == index.data()
    assert dialog.record.section("giay_khen").rows  # the decision's certificate is in the record
