"""Tab Hồ sơ thi đua: the xếp loại grid and the award history list."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from thidua_desktop.domain import vntext
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import merit, records
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.merit_tab import GRID_COLUMNS


@pytest.fixture
def win(qtbot, db, db_path):
    build_demo(db, staff=150, seed=4)
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    window.show()
    window.select_tab("merit")
    return window


def col(name):
    return [f for f, _ in GRID_COLUMNS].index(name)


def test_models_pass_the_model_tester(win, qtmodeltester):
    qtmodeltester.check(win.merit_tab.evaluations.model)
    qtmodeltester.check(win.merit_tab.history.proxy)


def test_grid_edit_save_and_undo(win):
    page = win.merit_tab.evaluations
    page.year_spin.setValue(2030)  # a year nobody is rated in yet
    model = page.model
    assert model.rowCount() > 0 and not model.changed()
    sid = model.people[0]["id"]
    assert model.setData(model.index(0, col("xep_loai")), "HTXSNV")
    assert model.setData(model.index(0, col("so_thang")), "11")
    assert not model.setData(model.index(0, col("so_thang")), "13")  # refused as typed
    assert not model.setData(model.index(0, col("so_thang")), "mười")
    assert "1 dòng chưa lưu" in page.status.text()
    page.actions["save"].trigger()
    saved = merit.evaluations_for_year(win.db, 2030)[sid]
    assert (saved.xep_loai, saved.so_thang) == ("HTXSNV", 11)
    assert not model.changed()
    win.undo()
    assert sid not in merit.evaluations_for_year(win.db, 2030)


def test_fill_selected_and_unsaved_changes_are_confirmed(win, monkeypatch):
    page = win.merit_tab.evaluations
    page.year_spin.setValue(2031)
    page.table.selectAll()
    page.actions["fill"].trigger()
    assert len(page.model.changed()) == page.model.rowCount()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.year_spin.setValue(2032)
    assert page.year_spin.value() == 2031 and page.model.changed()  # stayed, nothing lost
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.year_spin.setValue(2032)
    assert page.model.year == 2032 and not page.model.changed()
    assert merit.evaluations_for_year(win.db, 2031) == {}


def test_history_list_searches_without_accents(win):
    page = win.merit_tab.history
    assert page.model.rowCount() == len(merit.awards_all(win.db)) > 0
    person = next(r for r in records.list_staff_rows(win.db) if merit.awards_of(win.db, staff_id=r["id"]))
    page.search.setText(vntext.strip_accents(person["ho_ten"]))
    names = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert person["ho_ten"] in names
    assert "Lịch sử khen thưởng" in win.count_label.text()


def test_add_a_history_line_by_hand_then_delete_and_undo(win, monkeypatch):
    from thidua_desktop.ui import merit_tab as mt

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

    monkeypatch.setattr(mt.AwardDialog, "exec", fake_exec)
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
    from thidua_desktop.ui import merit_tab as mt

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
                 if dialog.authors.list.item(i).data(mt.Qt.ItemDataRole.UserRole)[1] == person["id"]).setSelected(True)
        dialog.save()
        return True

    monkeypatch.setattr(mt.InitiativeDialog, "exec", fake_exec)
    page.actions["add"].trigger()
    [entry] = [i for i in merit.initiatives_all(win.db) if i.ten == "Số hóa hồ sơ khen thưởng"]
    assert set(entry.tac_gia) == {first["id"], second["id"]} and entry.cap == "co_so"
    page.search.setText("so hoa ho so khen")
    assert page.proxy.rowCount() == 1
    win.undo()
    assert not [i for i in merit.initiatives_all(win.db) if i.ten == "Số hóa hồ sơ khen thưởng"]


def test_an_open_review_blocks_until_it_is_closed(win, monkeypatch):
    from thidua_desktop.services.eligibility_service import check_registrations
    from thidua_desktop.store import registrations
    from thidua_desktop.ui import merit_tab as mt

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

    monkeypatch.setattr(mt.DisciplineDialog, "exec", fake_exec)
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
    page.year_spin.setValue(2033)
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
