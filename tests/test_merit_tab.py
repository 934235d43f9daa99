"""Tab Hồ sơ thi đua: the xếp loại grid and the award history list."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from drivers import answering
from thidua_desktop.domain import vntext
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import merit, records
from thidua_desktop.ui.merit import discipline, history, initiatives, listing
from thidua_desktop.ui.merit.evaluations import GRID_COLUMNS


@pytest.fixture
def win(show_window, db):
    build_demo(db, staff=150, seed=4)
    return show_window(db, "merit")


#: a year nobody is rated in yet, and still one a xếp loại may name (records reach next year)
UNRATED = dt.date.today().year + 1
#: another: long before anything of the demo
OTHER_UNRATED = 2000


def col(name):
    return [f for f, _ in GRID_COLUMNS].index(name)


def test_models_pass_the_model_tester(win, qtmodeltester):
    qtmodeltester.check(win.merit_tab.evaluations.model)
    qtmodeltester.check(win.merit_tab.history.proxy)


def test_grid_edit_save_and_undo(win):
    page = win.merit_tab.evaluations
    page.year_spin.setValue(UNRATED)  # a year nobody is rated in yet
    model = page.model
    assert model.rowCount() > 0 and not model.changed()
    sid = model.people[0]["id"]
    assert model.setData(model.index(0, col("xep_loai")), "HTXSNV")
    assert model.setData(model.index(0, col("so_thang")), "11")
    assert not model.setData(model.index(0, col("so_thang")), "13")  # refused as typed
    assert not model.setData(model.index(0, col("so_thang")), "mười")
    assert "1 dòng chưa lưu" in page.status.text()
    page.actions["save"].trigger()
    saved = merit.evaluations_for_year(win.db, UNRATED)[sid]
    assert (saved.xep_loai, saved.so_thang) == ("HTXSNV", 11)
    assert not model.changed()
    win.undo()
    assert sid not in merit.evaluations_for_year(win.db, UNRATED)


def test_the_collectives_own_xep_loai_and_cluster_rank_save_with_the_grid_and_undo(win, monkeypatch):
    from thidua_desktop.domain import eligibility as el
    from thidua_desktop.services.eligibility import SeasonData

    page = win.merit_tab.evaluations
    page.year_spin.setValue(UNRATED)
    unit = page.unit_combo.currentData()
    assert page.unit_box.isEnabled() and str(UNRATED) in page.unit_box.title()
    assert page.unit_xl.currentData() is None and page.unit_rank.text() == "chưa có"
    rs = SeasonData.load(win.db).ruleset(2026)
    missing = f"Đơn vị chưa có xếp loại Hoàn thành xuất sắc nhiệm vụ năm {UNRATED}"
    assert missing in el.check_title(rs, "TTLDXS", SeasonData.load(win.db).unit(unit, UNRATED), UNRATED).reasons
    page.unit_xl.setCurrentIndex(page.unit_xl.findData("HTXSNV"))
    page.unit_rank.setValue(1)
    assert "1 dòng chưa lưu" in page.status.text() and page.actions["save"].isEnabled()
    page.actions["save"].trigger()
    saved = merit.unit_evaluation(win.db, unit, UNRATED)
    assert (saved.xep_loai, saved.xep_hang_cum) == ("HTXSNV", 1) and page.pending() == 0
    profile = SeasonData.load(win.db).unit(unit, UNRATED)
    assert profile.evaluations[UNRATED] == "HTXSNV" and profile.cluster_rank[UNRATED] == 1  # what the checks read
    assert missing not in el.check_title(rs, "TTLDXS", profile, UNRATED).reasons
    # leaving with an unsaved change asks first; "No" keeps it
    page.unit_rank.setValue(3)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.year_spin.setValue(OTHER_UNRATED)
    assert page.year_spin.value() == UNRATED and page.unit_rank.value() == 3
    page.actions["discard"].trigger()
    assert page.unit_rank.value() == 1
    win.undo()
    assert merit.unit_evaluation(win.db, unit, UNRATED) is None


def test_fill_selected_and_unsaved_changes_are_confirmed(win, monkeypatch):
    page = win.merit_tab.evaluations
    page.year_spin.setValue(UNRATED)
    page.table.selectAll()
    page.actions["fill"].trigger()
    assert len(page.model.changed()) == page.model.rowCount()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.year_spin.setValue(OTHER_UNRATED)
    assert page.year_spin.value() == UNRATED and page.model.changed()  # stayed, nothing lost
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.year_spin.setValue(OTHER_UNRATED)
    assert page.model.year == OTHER_UNRATED and not page.model.changed()
    assert merit.evaluations_for_year(win.db, UNRATED) == {}


def test_history_list_searches_without_accents(win):
    page = win.merit_tab.history
    assert page.model.rowCount() == len(merit.awards_all(win.db)) > 0
    person = next(r for r in records.list_staff_rows(win.db) if merit.awards_of(win.db, staff_id=r["id"]))
    page.search.setText(vntext.strip_accents(person["ho_ten"]))
    names = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert person["ho_ten"] in names
    assert "Lịch sử khen thưởng" in win.count_label.text()


def test_add_a_history_line_by_hand_then_delete_and_undo(win, monkeypatch):

    page = win.merit_tab.history
    person = next(r for r in records.list_staff_rows(win.db) if r["dang_cong_tac"])
    errors = []

    def fake_exec(dialog):
        dialog.save()  # nobody chosen yet: refused with a message
        errors.append(dialog.error.text())
        dialog.picker.search.setText(vntext.strip_accents(person["ho_ten"]))
        dialog.picker.list.item(0).setSelected(True)
        dialog.year.setValue(2019)
        dialog.title.setCurrentIndex(dialog.title.findData("GK"))
        dialog.number.setText("45/QĐ-BDT")
        dialog.date.setText("31/02/2019")
        dialog.save()
        errors.append(dialog.error.text())
        dialog.date.setText("20/12/2019")
        dialog.save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(history.AwardDialog, "exec", fake_exec)
    before = len(merit.awards_all(win.db))
    page.actions["add"].trigger()
    assert errors[0] == "Chưa chọn cá nhân hoặc tập thể" and "Ngày quyết định" in errors[1]
    [line] = [a for a in merit.awards_all(win.db) if a.nam == 2019 and a.ma == "GK"]
    assert line.staff_id == person["id"] and line.so_quyet_dinh == "45/QĐ-BDT"
    assert len(merit.awards_all(win.db)) == before + 1

    page = win.merit_tab.history
    page.search.setText("45")
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 4).data() == "45/QĐ-BDT")
    page.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.actions["delete"].trigger()
    assert len(merit.awards_all(win.db)) == before
    win.undo()
    assert len(merit.awards_all(win.db)) == before + 1


def test_initiative_with_two_authors_counts_for_both(win, monkeypatch):

    page = win.merit_tab.initiatives
    first, second = [r for r in records.list_staff_rows(win.db) if r["dang_cong_tac"]][:2]

    def fake_exec(dialog):
        dialog.save()
        assert "Tên sáng kiến không được để trống" in dialog.error.text()
        dialog.name.setText("  Số hóa   hồ sơ khen thưởng ")
        dialog.year.setValue(2026)
        dialog.level.setCurrentIndex(dialog.level.findData("co_so"))
        for person in (first, second):
            dialog.authors.search.setText(vntext.strip_accents(person["ho_ten"]))
            next(dialog.authors.list.item(i) for i in range(dialog.authors.list.count())
                 if dialog.authors.list.item(i).data(Qt.ItemDataRole.UserRole)[1] == person["id"]).setSelected(True)
        dialog.save()
        return True

    monkeypatch.setattr(initiatives.InitiativeDialog, "exec", fake_exec)
    page.actions["add"].trigger()
    [entry] = [i for i in merit.initiatives_all(win.db) if i.ten == "Số hóa hồ sơ khen thưởng"]
    assert set(entry.tac_gia) == {first["id"], second["id"]} and entry.cap == "co_so"
    page.search.setText("so hoa ho so khen")
    assert page.proxy.rowCount() == 1
    win.undo()
    assert not [i for i in merit.initiatives_all(win.db) if i.ten == "Số hóa hồ sơ khen thưởng"]


def test_edit_a_history_line_keeps_what_the_dialog_does_not_show_and_undoes(win, monkeypatch):

    page = win.merit_tab.history
    decided = {r[0] for r in win.db.execute("SELECT so FROM decisions")}
    line = next(a for a in merit.awards_all(win.db)
                if a.staff_id is not None and a.so_quyet_dinh and a.so_quyet_dinh not in decided)
    page.search.setText(line.so_quyet_dinh)
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.ids([r]) == [line.id])
    page.table.setCurrentIndex(page.proxy.index(row, 0))
    seen = {}

    def fake_exec(dialog):
        seen.update(title=dialog.windowTitle(), chosen=dialog.picker.chosen(), number=dialog.number.text(),
                    code=dialog.title.currentData(), first=dialog.picker.list.item(0).data(Qt.ItemDataRole.UserRole))
        dialog.number.setText("  99/QĐ-BDT ")
        dialog.save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(history.AwardDialog, "exec", fake_exec)
    count = len(merit.awards_all(win.db))
    page.actions["edit"].trigger()
    assert seen["title"] == "Sửa lịch sử khen thưởng" and seen["chosen"] == [("staff", line.staff_id)]
    assert tuple(seen["first"]) == ("staff", line.staff_id)  # the chosen one is listed first
    assert seen["number"] == line.so_quyet_dinh and seen["code"] == line.ma
    [after] = [a for a in merit.awards_all(win.db) if a.id == line.id]
    assert after.so_quyet_dinh == "99/QĐ-BDT" and (after.nam, after.ma, after.co_so, after.nguon) == (
        line.nam, line.ma, line.co_so, line.nguon)
    assert len(merit.awards_all(win.db)) == count  # changed in place, not added
    win.undo()
    [back] = [a for a in merit.awards_all(win.db) if a.id == line.id]
    assert back == line


def test_a_history_line_a_decision_wrote_is_changed_through_its_decision_only(win, monkeypatch):
    """Sửa/Xóa on a line of Lịch sử khen thưởng written by a decision of the file would leave the decision,
    its award book and the history saying different things: refused, saying where to change it."""

    page = win.merit_tab.history
    decided = {r[0] for r in win.db.execute("SELECT so FROM decisions")}
    line = next(a for a in merit.awards_all(win.db) if a.so_quyet_dinh in decided)
    page.search.setText(line.so_quyet_dinh)
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.ids([r]) == [line.id])
    page.table.selectRow(row)
    errors = []

    def fake_exec(dialog):
        dialog.number.setText("99/QĐ-BDT")
        dialog.save()
        errors.append(dialog.error.text())
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(history.AwardDialog, "exec", fake_exec)
    page.actions["edit"].trigger()
    assert f"do Quyết định số {line.so_quyet_dinh} ghi" in errors[0] and "tab Quyết định" in errors[0]
    shown = []
    monkeypatch.setattr(listing, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    page.actions["delete"].trigger()
    assert shown and f"do Quyết định số {line.so_quyet_dinh} ghi" in shown[0]
    assert [a for a in merit.awards_all(win.db) if a.id == line.id] == [line]


def test_edit_an_initiative_changes_its_authors_and_undoes(win, monkeypatch):

    page = win.merit_tab.initiatives
    initiative = next(i for i in merit.initiatives_all(win.db) if i.tac_gia)
    other = next(r for r in records.list_staff_rows(win.db) if r["dang_cong_tac"] and r["id"] not in initiative.tac_gia)
    page.search.setText(vntext.strip_accents(initiative.ten))
    page.table.setCurrentIndex(page.proxy.index(0, 0))

    def fake_exec(dialog):
        assert dialog.name.text() == initiative.ten and dialog.level.currentData() == initiative.cap
        assert dialog.authors.chosen() == [("staff", sid) for sid in initiative.tac_gia]
        dialog.authors.search.setText(vntext.strip_accents(other["ho_ten"]))
        next(dialog.authors.list.item(i) for i in range(dialog.authors.list.count())
             if dialog.authors.list.item(i).data(Qt.ItemDataRole.UserRole)[1] == other["id"]).setSelected(True)
        dialog.save()
        return True

    monkeypatch.setattr(initiatives.InitiativeDialog, "exec", fake_exec)
    page.actions["edit"].trigger()
    [after] = [i for i in merit.initiatives_all(win.db) if i.id == initiative.id]
    assert after.tac_gia == (*initiative.tac_gia, other["id"]) and after.ten == initiative.ten
    win.undo()
    [back] = [i for i in merit.initiatives_all(win.db) if i.id == initiative.id]
    assert back == initiative


def test_an_open_review_blocks_until_it_is_closed(win, monkeypatch):
    from thidua_desktop.services.eligibility import check_registrations
    from thidua_desktop.store import registrations

    page = win.merit_tab.disciplines
    campaign = next(c for c in records.list_campaigns(win.db) if c.loai == "thuong_xuyen")
    reg = next(r for r in registrations.registrations_of_campaign(win.db, campaign.id)
               if r.staff_id and r.ma == "LDTT" and check_registrations(win.db, campaign.id)[r.id].status != "blocked")
    person = records.get_staff(win.db, reg.staff_id)

    def fake_exec(dialog):
        dialog.picker.search.setText(vntext.strip_accents(person.ho_ten))
        dialog.picker.list.item(0).setSelected(True)
        dialog.since.setText("01/10/2026")
        dialog.save()
        return True

    monkeypatch.setattr(discipline.DisciplineDialog, "exec", fake_exec)
    page.actions["review"].trigger()
    assert check_registrations(win.db, campaign.id)[reg.id].status == "blocked"
    row = next(i for i, (kind, e) in enumerate(page.rows) if kind == "review" and e.staff_id == person.id)
    page.table.selectRow(row)
    page.actions["close"].trigger()
    assert "Đang bị xem xét" not in check_registrations(win.db, campaign.id)[reg.id].text
    win.undo()
    assert check_registrations(win.db, campaign.id)[reg.id].status == "blocked"


def test_paste_a_column_copied_from_excel(win):
    page = win.merit_tab.evaluations
    page.year_spin.setValue(UNRATED)
    model = page.model
    assert model.rowCount() >= 3
    page.table.setCurrentIndex(model.index(0, col("xep_loai")))
    page.paste("Hoàn thành xuất sắc nhiệm vụ\t12\nHTTNV\t11\nkhông rõ\t15\n")
    first, second, third = (model.values[p["id"]] for p in model.people[:3])
    assert (first.xep_loai, first.so_thang) == ("HTXSNV", 12)
    assert (second.xep_loai, second.so_thang) == ("HTTNV", 11)
    assert third.xep_loai is None and third.so_thang == 12  # both refused, nothing half-taken
    assert "Đã dán 4 ô, 2 ô không hợp lệ" in win.statusBar().currentMessage()
    assert len(model.changed()) == 2
    page.discard()  # nothing left to ask about when the window closes


def test_closing_the_window_with_unsaved_xep_loai_asks_save_discard_or_cancel(win, monkeypatch, db_path):
    """Ctrl+Q and the close button both go through closeEvent: Hủy keeps the window, Lưu saves, Không lưu drops."""
    from thidua_desktop.store.db import open_database

    page = win.merit_tab.evaluations
    page.year_spin.setValue(UNRATED)
    model = page.model
    sid = model.people[0]["id"]
    model.setData(model.index(0, col("xep_loai")), "HTXSNV")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Cancel, asked))
    win.findChild(type(win.undo_action), "actionQuit").trigger()  # Ctrl+Q
    assert win.isVisible() and model.changed()  # Hủy: nothing closed, nothing lost
    assert "1 dòng xếp loại" in asked[-1] and str(UNRATED) in asked[-1]
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Save, asked))
    assert win.close()
    assert not win.isVisible()
    check = open_database(db_path)
    try:
        assert merit.evaluations_for_year(check, UNRATED)[sid].xep_loai == "HTXSNV"
    finally:
        check.close()


def test_closing_with_unsaved_xep_loai_and_choosing_not_to_save_drops_them(win, monkeypatch, db_path):
    from thidua_desktop.store.db import open_database

    page = win.merit_tab.evaluations
    page.year_spin.setValue(UNRATED)
    page.model.setData(page.model.index(0, col("xep_loai")), "HTXSNV")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert win.close()
    check = open_database(db_path)
    try:
        assert merit.evaluations_for_year(check, UNRATED) == {}
    finally:
        check.close()


def test_closing_with_nothing_unsaved_asks_nothing(win):
    assert win.close()  # the autouse fixture fails the test on any question


def test_paste_through_the_button_and_ctrl_v_reads_the_clipboard(win):
    """Regression: ``triggered(bool)`` passed ``False`` as the text and every paste crashed."""
    from PySide6.QtWidgets import QApplication

    page = win.merit_tab.evaluations
    page.year_spin.setValue(UNRATED)
    model = page.model
    page.table.setCurrentIndex(model.index(0, col("xep_loai")))
    QApplication.clipboard().setText("HTXSNV\t12\n")
    page.actions["paste"].trigger()
    first = model.values[model.people[0]["id"]]
    assert (first.xep_loai, first.so_thang) == ("HTXSNV", 12)
    assert "Đã dán 2 ô" in win.statusBar().currentMessage()
    page.discard()  # nothing left to ask about when the window closes
