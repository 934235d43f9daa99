"""The Đăng ký tab driven as the secretary would (offscreen, modal dialogs replaced)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from drivers import answering
from thidua_desktop.domain import vntext
from thidua_desktop.domain.registrations import Evaluation, ReviewEntry
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import merit, records, registrations
from thidua_desktop.ui.registrations import tab as rt
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.registrations.unit_workbook_dialog import TemplateImportDialog


@pytest.fixture
def win(show_window, db):
    build_demo(db, staff=200, seed=5)
    window = show_window(db, "registrations")
    window.registration_tab.wait_for_checks()  # the first check runs in a thread
    assert window.registration_tab.model.checks
    return window


def shown(tab, column=0):
    return [tab.proxy.index(r, column).data() for r in range(tab.proxy.rowCount())]


def test_models_pass_the_model_tester(win, qtmodeltester):
    qtmodeltester.check(win.registration_tab.model)
    qtmodeltester.check(win.registration_tab.proxy)


def test_opens_on_the_running_yearly_campaign_with_eligibility(win):
    tab = win.registration_tab
    assert tab.campaign().loai == "thuong_xuyen"
    assert tab.proxy.rowCount() == registrations.count_registrations(win.db, tab.campaign().id)
    labels = set(shown(tab, 5))
    assert {"Đủ điều kiện", "Không đủ"} <= labels
    assert "Đăng ký:" in win.count_label.text()


def test_blocked_row_shows_its_vietnamese_reason(win):
    tab = win.registration_tab
    campaign = tab.campaign()
    person = next(r for r in records.list_staff_rows(win.db) if r["dang_cong_tac"])
    merit.save_review(win.db, ReviewEntry("ky_luat", staff_id=person["id"]))
    registrations.register_many(win.db, campaign.id, tab.year(), "GK", staff_ids=[person["id"]])
    tab.reload()
    tab.recompute()
    tab.search.setText(vntext.strip_accents(person["ho_ten"]))
    tab.title_combo.setCurrentIndex(tab.title_combo.findData("GK"))
    assert tab.proxy.rowCount() >= 1
    tab.table.selectRow(0)
    assert "Đang bị xem xét kỷ luật" in tab.details.toPlainText()
    assert "Không đủ" in tab.proxy.index(0, 5).data()


def test_register_several_people_at_once_then_undo(win, monkeypatch):
    tab = win.registration_tab
    unit = records.list_units(win.db)[1]
    picked = []

    def fake_exec(dialog):
        picked.clear()
        dialog.title_combo.setCurrentIndex(dialog.title_combo.findData("GK"))
        dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(unit.id))
        dialog._tick(True)
        picked.extend(dialog.chosen()[0])
        return True

    monkeypatch.setattr(rt.RegisterDialog, "exec", fake_exec)
    before = registrations.count_registrations(win.db)
    tab.actions["add"].trigger()
    members = {r["id"] for r in records.list_staff_rows(win.db) if r["unit_id"] == unit.id and r["dang_cong_tac"]}
    assert set(picked) == members and picked
    assert registrations.count_registrations(win.db) == before + len(picked)
    assert sorted(tab.selected_ids()) == sorted(
        r.id for r in registrations.registrations_of_campaign(win.db, tab.campaign().id)
        if r.ma == "GK" and r.staff_id in members
    )
    tab.actions["add"].trigger()  # the same people again: nothing new
    assert registrations.count_registrations(win.db) == before + len(picked)
    assert "0 dòng mới (32 đã có từ trước)".replace("32", str(len(picked))) in win.statusBar().currentMessage()
    tab.actions["add"].trigger()
    created_again = registrations.count_registrations(win.db)
    assert created_again == before + len(picked)


def test_filters_and_counts(win):
    tab = win.registration_tab
    total = tab.proxy.rowCount()
    tab.title_combo.setCurrentIndex(tab.title_combo.findData("LDTT"))
    ldtt = tab.proxy.rowCount()
    assert 0 < ldtt < total and set(shown(tab, 3)) == {"Lao động tiên tiến"}
    assert tab.counts.item(tab.counts.rowCount() - 1, 1).text() == str(ldtt)
    tab.elig_combo.setCurrentIndex(tab.elig_combo.findData("blocked"))
    assert set(shown(tab, 5)) <= {"Không đủ"}
    tab.elig_combo.setCurrentIndex(0)
    unit = records.list_units(win.db)[0]
    tab.unit_combo.setCurrentIndex(tab.unit_combo.findData(unit.id))
    assert tab.proxy.rowCount() < ldtt


def test_status_change_keep_and_delete(win, monkeypatch):
    tab = win.registration_tab
    tab.elig_combo.setCurrentIndex(tab.elig_combo.findData("blocked"))
    tab.table.selectRow(0)
    [rid] = tab.selected_ids()
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", answering(("", False), asked))  # Hủy: nothing changes
    tab.actions["propose"].trigger()
    assert registrations.get_registrations(win.db, [rid])[0].trang_thai == "dang_ky"
    assert "không đủ điều kiện" in asked[-1] and tab.model.raw_row(
        tab.model.storage_index(tab.model.view_row_of(rid)))["ten"] in asked[-1]
    monkeypatch.setattr(QInputDialog, "getText", answering(("  ", True), asked))  # no reason: refused
    tab.actions["propose"].trigger()
    assert registrations.get_registrations(win.db, [rid])[0].trang_thai == "dang_ky"
    assert "cần ghi lý do" in win.statusBar().currentMessage()
    monkeypatch.setattr(QInputDialog, "getText", answering(("Thành tích đột xuất", True), asked))
    tab.actions["propose"].trigger()
    reg = registrations.get_registrations(win.db, [rid])[0]
    assert (reg.trang_thai, reg.ly_do_giu) == ("de_nghi", "Thành tích đột xuất")
    tab.recompute()
    assert tab.model.check_of(rid).kept
    win.undo()  # one undo takes back the status and the reason
    reg = registrations.get_registrations(win.db, [rid])[0]
    assert (reg.trang_thai, reg.ly_do_giu) == ("dang_ky", "")
    tab.recompute()
    ok_row = next(r for r, c in tab.model.checks.items() if c.status == "ok")
    tab.elig_combo.setCurrentIndex(0)
    asked.clear()
    tab.select_ids([ok_row])
    tab.actions["propose"].trigger()  # an eligible row is proposed without a question
    assert registrations.get_registrations(win.db, [ok_row])[0].trang_thai == "de_nghi" and not asked
    tab.elig_combo.setCurrentIndex(tab.elig_combo.findData("blocked"))

    tab.select_ids([rid])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Thành tích đột xuất trong năm", True))
    tab.actions["keep"].trigger()
    assert registrations.get_registrations(win.db, [rid])[0].ly_do_giu == "Thành tích đột xuất trong năm"
    tab.recompute()
    assert tab.model.check_of(rid).kept
    assert tab.model.check_of(rid).reasons[-1] == "Vẫn giữ lại: Thành tích đột xuất trong năm"
    tab.elig_combo.setCurrentIndex(0)
    tab.select_ids([rid])
    monkeypatch.setattr(QInputDialog, "getText", answering(("", False), asked))
    asked.clear()
    tab.actions["propose"].trigger()  # already kept with a reason: not asked again
    assert not asked and registrations.get_registrations(win.db, [rid])[0].trang_thai == "de_nghi"

    tab.elig_combo.setCurrentIndex(0)
    tab.select_ids([rid])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    tab.actions["delete"].trigger()
    assert registrations.get_registrations(win.db, [rid])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.actions["delete"].trigger()
    assert not registrations.get_registrations(win.db, [rid])
    win.undo()
    assert registrations.get_registrations(win.db, [rid])


def test_suggestions_register_a_candidate(win, monkeypatch):
    tab = win.registration_tab
    year = tab.year()
    person = records.save_staff(win.db, records.Staff("Người Chưa Đăng Ký", unit_id=records.list_units(win.db)[0].id))
    merit.save_evaluations(win.db, [Evaluation(person, year, "HTTNV")])
    tab.reload()

    def fake_exec(dialog):
        dialog.title_combo.setCurrentIndex(dialog.title_combo.findData("LDTT"))
        row = next(i for i, c in enumerate(dialog.candidates) if c.staff_id == person)
        dialog.table.selectRow(row)
        return True

    monkeypatch.setattr(rt.SuggestionDialog, "exec", fake_exec)
    tab.actions["suggest"].trigger()
    [reg] = [r for r in registrations.registrations_of_campaign(win.db, tab.campaign().id) if r.staff_id == person]
    assert reg.ma == "LDTT" and tab.selected_ids() == [reg.id]


def test_sorting_puts_people_by_given_name_then_collectives(win):
    tab = win.registration_tab
    names = shown(tab, 0)
    kinds = shown(tab, 1)
    people = [n for n, k in zip(names, kinds) if k != "Tập thể"]
    assert people == sorted(people, key=vntext.name_sort_key)
    first_collective = kinds.index("Tập thể")
    assert all(k == "Tập thể" for k in kinds[first_collective:])
    tab.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert shown(tab, 5)[0] == "Không đủ"


def test_first_check_runs_in_the_background_and_late_results_are_dropped(qtbot, db, db_path):
    build_demo(db, staff=120, seed=2)
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    window.show()
    tab = window.tab("registrations")
    window.select_tab("registrations")
    with qtbot.waitSignal(tab.checked, timeout=30_000):
        pass
    assert len(tab.model.checks) == tab.model.rowCount() > 0
    stale = tab._generation
    tab._job_done(stale - 1, {}, None)  # a result for an older request changes nothing
    assert len(tab.model.checks) == tab.model.rowCount()


def test_export_summary_from_the_menu(win, monkeypatch, tmp_path):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.ui.registrations.summary_dialog import SummaryOptionsDialog

    out = tmp_path / "tong-hop"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel (*.xlsx)"))

    def choose(dialog):  # the letter it goes with, Lao động tiên tiến as counts
        dialog.letter.setText("Công văn số 45/BDT-VP")
        assert dialog.counts.isEnabled() and "Lao động tiên tiến" in dialog.counts.text()
        dialog.counts.setChecked(True)
        return True

    monkeypatch.setattr(SummaryOptionsDialog, "exec", choose)
    win.findChild(QAction, "actionExportRegistrations").trigger()
    import openpyxl

    ws = openpyxl.load_workbook(out.with_suffix(".xlsx")).active
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any("BẢNG TỔNG HỢP ĐĂNG KÝ" in t for t in text)
    assert any(t.startswith("(Kèm theo Công văn số 45/BDT-VP ngày") for t in text)
    assert any(t.startswith("Lao động tiên tiến") and "chỉ ghi số lượng" in t for t in text)
    assert "Đã xuất" in win.statusBar().currentMessage()


def test_unit_templates_out_and_back_from_the_menu(win, monkeypatch, tmp_path):
    import openpyxl
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.services.imports import unit_workbooks as ut

    reports = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: reports.append(text))
    win.findChild(QAction, "actionExportTemplates").trigger()
    files = sorted(tmp_path.glob("dang-ky-*.xlsx"))
    assert files and f"Đã xuất {len(files)} phiếu" in reports[-1]
    path = files[1]
    wb = openpyxl.load_workbook(path)  # the unit ticks Giấy khen for its first person
    ws = wb[ut.SHEET]
    header = next(r for r in ws.iter_rows() if r[0].value == "Mã")
    col = next(c.column for c in header if c.value == "Giấy khen")
    ws.cell(row=header[0].row + 1, column=col).value = "x"
    wb.save(path)
    before = registrations.count_registrations(win.db)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], "Excel (*.xlsx)"))
    previews = []

    def preview(dialog):  # the file's rows, before anything is written
        rows = [dialog.proxy.index(r, 3).data() for r in range(dialog.proxy.rowCount())]
        previews.append((dialog.summary.text(), rows, dialog.import_button.isEnabled()))
        assert registrations.count_registrations(win.db) == before
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateImportDialog, "exec", preview)
    win.findChild(QAction, "actionImportTemplates").trigger()
    [(summary, rows, enabled)] = previews
    assert "1 đăng ký mới" in summary and enabled
    assert rows == ["Đăng ký: Giấy khen"]  # only the row that changes is shown at first
    assert "1 đăng ký mới" in reports[-1]
    assert registrations.count_registrations(win.db) == before + 1
    win.undo()  # the whole import is one undo step
    assert registrations.count_registrations(win.db) == before


def test_template_preview_asks_keep_or_remove_row_by_row(win, monkeypatch, tmp_path):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    from tests import roster_factory as rf
    from thidua_desktop.services.imports import unit_workbooks as ut

    campaign = win.registration_tab.campaign()
    [path, *_] = ut.export_unit_templates(win.db, campaign.id, tmp_path)
    rf.clear_marks(path, ut.SHEET)  # the unit clears every x it was sent
    plan = ut.plan_template_import(win.db, campaign.id, path)
    assert len(plan.conflicts) >= 2
    first, *others = plan.conflicts
    removed_ids = [rid for rid, _ in first.missing]
    before = registrations.count_registrations(win.db)
    reports = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], "Excel (*.xlsx)"))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: reports.append(text))

    def decide(dialog):
        assert not dialog.import_button.isEnabled() and "chưa chọn" in dialog.problem.text()
        row = next(r for r in range(dialog.proxy.rowCount()) if dialog.proxy.index(r, 0).data() == str(first.excel_row))
        dialog.table.selectRow(row)
        dialog.actions["take"].trigger()
        assert dialog.proxy.index(row, 4).data() == "Bỏ theo phiếu"
        assert not dialog.import_button.isEnabled()  # the others are still undecided
        dialog.actions["keep_all"].trigger()  # every row: keep …
        dialog.table.selectRow(row)  # … then this one removed again
        dialog.actions["take"].trigger()
        assert dialog.import_button.isEnabled() and dialog.problem.text() == ""
        assert dialog.decisions == {first.excel_row: "take", **{o.excel_row: "keep" for o in others}}
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateImportDialog, "exec", decide)
    win.findChild(QAction, "actionImportTemplates").trigger()
    assert f"bỏ {len(removed_ids)}" in reports[-1]
    assert registrations.count_registrations(win.db) == before - len(removed_ids)
    assert not registrations.get_registrations(win.db, removed_ids)
    win.undo()
    assert len(registrations.get_registrations(win.db, removed_ids)) == len(removed_ids)


def test_template_import_keeps_what_moved_on_and_refuses_foreign_workbooks(win, monkeypatch, tmp_path):
    """Issue 15, items 1 and 2, through the window: a cleared workbook imported with
    every row "Bỏ theo phiếu" withdraws only what is still at Đăng ký; a workbook
    of another data file is refused with the reason."""
    import openpyxl
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    from tests import roster_factory as rf
    from thidua_desktop.services.imports import unit_workbooks as ut

    campaign = win.registration_tab.campaign()
    paths = ut.export_unit_templates(win.db, campaign.id, tmp_path)
    for path in paths:
        rf.clear_marks(path, ut.SHEET)
    path = next(p for p in paths if ut.plan_template_import(win.db, campaign.id, p).locked)
    plan = ut.plan_template_import(win.db, campaign.id, path)
    locked_ids = [rid for r in plan.locked for rid, _, _ in r.locked]
    removable = [rid for r in plan.conflicts for rid, _ in r.missing]
    assert locked_ids and removable
    candidates = win.db.execute("SELECT count(*) FROM meeting_candidates").fetchone()[0]
    reports, warnings = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: reports.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], "Excel (*.xlsx)"))

    def take_everything(dialog):
        assert f"(đơn vị {plan.unit_name})" in dialog.summary.text() and plan.unit_name
        assert f"Đăng ký đã qua bước Đăng ký của {len(plan.locked)} dòng được giữ nguyên" in dialog.summary.text()
        labels = {dialog.proxy.index(r, 2).data() for r in range(dialog.proxy.rowCount())}
        assert "Đã bình xét, giữ nguyên" in labels  # listed, with why the workbook cannot change it
        assert any("không đổi được" in (dialog.proxy.index(r, 3).data() or "") for r in range(dialog.proxy.rowCount()))
        dialog.table.selectAll()
        dialog.actions["take"].trigger()
        assert dialog.import_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateImportDialog, "exec", take_everything)
    win.findChild(QAction, "actionImportTemplates").trigger()
    assert f"bỏ {len(removable)}" in reports[-1]
    assert len(registrations.get_registrations(win.db, locked_ids)) == len(locked_ids)
    assert not registrations.get_registrations(win.db, removable)
    assert win.db.execute("SELECT count(*) FROM meeting_candidates").fetchone()[0] == candidates
    # a workbook from another data file
    foreign = paths[0]
    wb = openpyxl.load_workbook(foreign)
    for prop in wb.custom_doc_props.props:
        if prop.name == "thidua_tep":
            prop.value = "11111111-2222-3333-4444-555555555555"
    for row in wb[ut.IDENTITY_SHEET].iter_rows():
        if row[0].value == "thidua_tep":
            row[1].value = "11111111-2222-3333-4444-555555555555"
    wb.save(foreign)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(foreign)], "Excel (*.xlsx)"))
    monkeypatch.setattr(TemplateImportDialog, "exec", lambda dialog: pytest.fail("no preview of a foreign file"))
    win.findChild(QAction, "actionImportTemplates").trigger()
    assert "xuất từ một tệp dữ liệu khác" in warnings[-1]
    assert "không đọc được" in reports[-1]


def test_deleting_a_registration_on_the_meetings_list_is_refused(win, monkeypatch):
    """Deleting it used to take its candidate row (and any votes) with it."""
    tab = win.registration_tab
    [rid] = win.db.execute("""SELECT c.registration_id FROM meeting_candidates c JOIN registrations r
                              ON r.id = c.registration_id WHERE r.campaign_id = ? LIMIT 1""",
                           [tab.campaign().id]).fetchone()
    candidates = win.db.execute("SELECT count(*) FROM meeting_candidates").fetchone()[0]
    warnings = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    tab.select_ids([rid])
    tab.actions["delete"].trigger()
    assert "Không xóa được đăng ký đã vào cuộc họp Hội đồng" in warnings[-1]
    assert "danh sách bầu của cuộc họp Hội đồng ngày" in warnings[-1]
    assert registrations.get_registrations(win.db, [rid])
    assert win.db.execute("SELECT count(*) FROM meeting_candidates").fetchone()[0] == candidates
