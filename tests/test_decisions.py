"""Decisions, award-book numbers, the history they add, their lists and the CLI."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from thidua_desktop import cli
from thidua_desktop.domain.decisions import decision_number, next_numbers
from thidua_desktop.services import decision_service as ds
from thidua_desktop.store import decisions as store
from thidua_desktop.store import merit
from thidua_desktop.store.records import ValidationError


@pytest.fixture
def demo(decisions_demo):
    return decisions_demo


def test_demo_has_last_years_decisions_one_with_sixty_awardees(demo):
    rows = {r["ma"]: r for r in store.list_decisions(demo)}
    assert rows["GK"]["so_nguoi"] >= 60 and rows["CSTDCS"]["so_nguoi"] == 3
    assert rows["GK"]["tong_tien"] == rows["GK"]["so_nguoi"] * 710_000  # 0,3 × 2.340.000 rounded up to 10.000
    gk = store.get_decision(demo, rows["GK"]["id"])
    assert [a.so_so_vang for a in gk.awardees] == list(range(1, len(gk.awardees) + 1))
    history = {(a.staff_id, a.nam, a.ma): a for a in merit.awards_all(demo)}
    first = gk.awardees[0]
    assert history[(first.staff_id, 2025, "GK")].so_quyet_dinh == "143/QĐ-BDT"  # eligibility reads it


def _continuous_numbering(db):
    """The agency's own rule set numbering the award book continuously (issue #16 §5: a setting)."""
    from thidua_desktop.domain.rulesets import Scope, copy_ruleset, with_params
    from thidua_desktop.store import records, rules

    agency = Scope("agency", records.get_settings(db).co_quan)
    mine = copy_ruleset(rules.ruleset_for_year(db, 2025), "Quy chế của Ban", agency)  # in force from 2025 on
    rules.save_ruleset(db, with_params(mine, award_book_numbering="lien_tuc"))
    assert rules.ruleset_for_year(db, 2026).params.award_book_numbering == "lien_tuc"


def test_numbers_continue_and_a_cancelled_number_is_never_reused(demo):
    _continuous_numbering(demo)
    people = [r[0] for r in demo.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id DESC LIMIT 3")]
    first = ds.create_decision(demo, so="9/QĐ-BDT", ngay=dt.date(2025, 12, 29), nam=2025, ma="GK",
                               staff_ids=people)
    last = store.get_decision(demo, first).awardees[-1]
    assert last.so_so_vang == 3
    store.set_cancelled(demo, [last.id])
    new = ds.create_decision(demo, so="10/QĐ-BDT", ngay=dt.date(2025, 12, 30), nam=2025, ma="GK",
                             staff_ids=people[:2])
    numbers = [a.so_so_vang for a in store.get_decision(demo, new).awardees]
    assert numbers == [4, 5]  # continuing the book after the cancelled 3, never reusing it
    assert store.get_decision(demo, first).awardees[-1].huy
    next_year = ds.create_decision(demo, so="1/QĐ-BDT", ngay=dt.date(2026, 1, 5), nam=2025, ma="GK",
                                   staff_ids=people[:1])
    assert store.get_decision(demo, next_year).awardees[0].so_so_vang == 1  # a new year starts again


def test_a_decision_from_the_councils_results_moves_registrations(demo):
    meeting_regs = ds.passed_registrations(demo, 2025, "CSTDCS")
    assert meeting_regs == []  # the demo's decision took them already
    demo.execute("UPDATE registrations SET trang_thai = 'dat' WHERE id IN "
                 "(SELECT id FROM registrations WHERE nam = 2026 AND ma = 'LDTT' ORDER BY id LIMIT 5)")
    regs = ds.passed_registrations(demo, 2026, "LDTT")
    assert len(regs) == 5
    did = ds.create_decision(demo, so="200/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="LDTT",
                             registration_ids=regs)
    d = store.get_decision(demo, did)
    assert all(a.so_so_vang is None for a in d.awardees)  # Lao động tiên tiến: no printed certificate here
    assert "năm 2026" in d.awardees[0].thanh_tich
    states = {r[0] for r in demo.execute(f"SELECT trang_thai FROM registrations WHERE id IN ({','.join('?' * 5)})",
                                         regs)}
    assert states == {"quyet_dinh"} and ds.passed_registrations(demo, 2026, "LDTT") == []
    with pytest.raises(ValidationError, match="Đã có quyết định số 200/QĐ-BDT"):
        ds.create_decision(demo, so="200/QĐ-BDT", ngay=dt.date(2026, 12, 21), nam=2026, ma="GK", staff_ids=[1])
    with pytest.raises(ValidationError, match="trùng người"):
        ds.create_decision(demo, so="201/QĐ-BDT", ngay=dt.date(2026, 12, 21), nam=2026, ma="GK", staff_ids=[1, 1])


def test_lists_and_award_book_workbooks(demo, tmp_path):
    gk = next(r for r in store.list_decisions(demo) if r["ma"] == "GK")
    out = tmp_path / "ds.xlsx"
    assert ds.export_decision_list(demo, gk["id"], out) == gk["so_nguoi"]
    ws = openpyxl.load_workbook(out).active
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "(Kèm theo Quyết định số 143/QĐ-BDT ngày 22/12/2025)" in text
    assert any(t.startswith("Tổng cộng:") for t in text) and str(gk["tong_tien"]) in text
    achievement_row = next(c.row for c in ws["E"] if c.value and str(c.value).startswith("Đã có thành tích"))
    assert ws.row_dimensions[achievement_row].height > 15.5  # wrapped text gets its height
    out = tmp_path / "so.xlsx"
    count = ds.export_award_book(demo, out, 2025)
    assert count == gk["so_nguoi"] + 3
    ws = openpyxl.load_workbook(out).active
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows
    year = next(c for c in ws["B"] if c.value == 2025)
    assert year.number_format == "0"  # a year, not "2,025"


def test_cli_decisions_and_award_book(demo, db_path, tmp_path, capsys):
    assert cli.main(["decisions", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "143/QĐ-BDT" in out and "142/QĐ-BDT" in out
    assert cli.main(["export-awards", "--db", str(db_path), "--year", "2025", str(tmp_path / "so.xlsx")]) == 0
    assert cli.main(["export-awards", "--db", str(db_path), "--year", "2025", str(tmp_path / "so.txt")]) == 2


def test_numbering_rules():
    assert next_numbers([3, 7, 5], 2) == [8, 9] and next_numbers([], 1) == [1]
    assert decision_number(125, "BDT") == "125/QĐ-BDT"


# --- the tab -------------------------------------------------------------------------------

@pytest.fixture
def win(decisions_window):
    return decisions_window


def test_tab_records_a_decision_from_results_cancels_and_exports(win, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from thidua_desktop.ui import decision_tab as dt_ui

    tab = win.decision_tab
    assert tab.decisions.rowCount() == 2 and tab.awardees.rowCount() > 0
    win.db.execute("UPDATE registrations SET trang_thai = 'dat' WHERE id IN "
                   "(SELECT id FROM registrations WHERE nam = 2026 AND ma = 'GK' ORDER BY id LIMIT 2)")

    def fill(dialog):
        dialog.year.setValue(2026)
        dialog.title.setCurrentIndex(dialog.title.findData("GK"))
        assert "2 đăng ký đã được Hội đồng xét đạt" in dialog.pending.text()
        dialog.number.setText("150/QĐ-BDT")
        dialog.save()
        return True

    monkeypatch.setattr(dt_ui.DecisionDialog, "exec", fill)
    tab.actions["new"].trigger()
    assert tab.decisions.rowCount() == 3 and tab.awardees.rowCount() == 2
    numbers = sorted(int(tab.awardee_proxy.index(r, 0).data()) for r in range(2))
    assert numbers == [1, 2]  # a new year of Giấy khen numbers
    tab.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.actions["cancel"].trigger()
    assert "(đã hủy)" in tab.awardee_proxy.index(0, 0).data() and "1 giấy khen đã hủy" in tab.summary.text()
    win.undo()
    assert "(đã hủy)" not in tab.awardee_proxy.index(0, 0).data()
    out = tmp_path / "ds.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel (*.xlsx)"))
    tab.actions["export"].trigger()
    assert out.exists() and "150/QĐ-BDT" in " ".join(
        str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value)


def test_certificates_from_the_tab_and_the_cli(win, monkeypatch, tmp_path, capsys, db_path):
    import unicodedata

    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.ui import certificate_dialog

    tab = win.decision_tab
    gk = next(r for r in store.list_decisions(win.db) if r["ma"] == "GK")
    tab.list.selectRow(tab.decisions.view_row_of(gk["id"]))
    out = tmp_path / "gk.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    monkeypatch.setattr(certificate_dialog.CertificatePrintDialog, "exec", lambda self: self.save_pdf())
    tab.table.selectRow(0)
    tab.actions["certificates"].trigger()
    reader = PdfReader(out)
    assert len(reader.pages) == 1  # the chosen row only
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    name = tab.awardee_proxy.index(0, 1).data()
    assert "GIẤY KHEN" in text and name in text and "TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA" in text
    # phôi on the command line with a printer offset; a second print of the same numbers is a reprint
    phoi = tmp_path / "phoi.pdf"
    assert cli.main(["certificates", "--db", str(db_path), "--decision", str(gk["id"]), "--mode", "phoi",
                     "--printer-offset", "1.5,-0.8", str(phoi)]) == 0
    assert "(in lại)" in capsys.readouterr().out  # the first one was printed from the tab
    reader = PdfReader(phoi)
    assert len(reader.pages) == gk["so_nguoi"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in reader.pages[0].extract_text()  # pre-printed on phôi
    log = win.db.execute("SELECT count(*), sum(in_lai) FROM print_log").fetchone()
    assert log == (2, 1)
    assert cli.main(["certificates", "--db", str(db_path), "--decision", str(gk["id"]), "--printer-offset", "x",
                     str(phoi)]) == 2
    assert cli.main(["calibration-sheet", str(tmp_path / "cal.pdf")]) == 0
    assert len(PdfReader(tmp_path / "cal.pdf").pages) == 1


def test_a_cancelled_certificate_is_not_paid_nor_counted(demo, tmp_path):
    gk = next(r for r in store.list_decisions(demo) if r["ma"] == "GK")
    first = store.get_decision(demo, gk["id"]).awardees[0]
    store.set_cancelled(demo, [first.id])
    after = next(r for r in store.list_decisions(demo) if r["id"] == gk["id"])
    assert after["so_nguoi"] == gk["so_nguoi"] - 1 and after["tong_tien"] == gk["tong_tien"] - first.tien_thuong
    out = tmp_path / "ds.xlsx"
    ds.export_decision_list(demo, gk["id"], out)
    cells = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value is not None]
    assert f"Tổng cộng: {after['so_nguoi']} cá nhân, tập thể (không kể 1 đã hủy)" in cells
    assert after["tong_tien"] in cells


def test_a_new_secretary_decides_ldtt_first_then_cstdcs_and_every_row_stays_eligible(show_window, db, monkeypatch):
    """From an empty file: LĐTT and CSTĐCS đạt; the dialog offers LĐTT first and says CSTĐCS waits for it;
    after both decisions the rows read Đủ điều kiện, not Cần kiểm tra."""
    from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
    from thidua_desktop.domain.registrations import Evaluation
    from thidua_desktop.services.eligibility_service import check_registrations
    from thidua_desktop.store import merit, records, registrations
    from thidua_desktop.ui import decision_tab as dt_ui

    records.save_settings(db, OrgSettings(co_quan="BAN DÂN TỘC", dia_danh="Khánh Hòa", ky_hieu="BDT",
                                          chuc_danh_thu_truong="Trưởng Ban", ten_thu_truong="Nguyễn Thị Yến"))
    office = records.save_unit(db, Unit("Văn phòng"))
    people = [records.save_staff(db, Staff(name, unit_id=office)) for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    merit.save_evaluations(db, [Evaluation(sid, 2026, "HTXSNV") for sid in people])
    campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026))
    ldtt, _ = registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=people)
    cstdcs, _ = registrations.register_many(db, campaign, 2026, "CSTDCS", staff_ids=people)
    registrations.set_status(db, ldtt + cstdcs, "dat")
    waiting = check_registrations(db, campaign)
    assert {waiting[r].status for r in cstdcs} == {"warning"}
    assert "Chờ quyết định công nhận Lao động tiên tiến năm 2026 (xét cùng đợt)" in waiting[cstdcs[0]].reasons
    win = show_window(db, "decisions")
    seen = []

    def issue(number):
        def fill(dialog):
            dialog.year.setValue(2026)
            seen.append((dialog.title.currentData(), dialog.pending.text()))
            dialog.title.setCurrentIndex(dialog.title.findData("CSTDCS"))
            seen.append(("CSTDCS", dialog.pending.text()))
            dialog.title.setCurrentIndex(dialog.title.findData(seen[-2][0]))
            dialog.number.setText(number)
            dialog.save()
            return True
        return fill

    monkeypatch.setattr(dt_ui.DecisionDialog, "exec", issue("10/QĐ-BDT"))
    win.decision_tab.actions["new"].trigger()
    (first, _), (_, cstdcs_note) = seen
    assert first == "LDTT"  # the natural order: LĐTT is offered first
    assert ("Chưa có quyết định công nhận Lao động tiên tiến năm 2026 cho Nguyễn Văn An, Trần Thị Bình: "
            "nên ra quyết định Lao động tiên tiến trước.") in cstdcs_note
    seen.clear()
    monkeypatch.setattr(dt_ui.DecisionDialog, "exec", issue("11/QĐ-BDT"))
    win.decision_tab.actions["new"].trigger()
    (second, note), _ = seen
    assert second == "CSTDCS" and "nên ra quyết định" not in note
    checks = check_registrations(db, campaign)
    assert {checks[r].status for r in ldtt + cstdcs} == {"ok"}
    assert {r.trang_thai for r in registrations.get_registrations(db, ldtt + cstdcs)} == {"quyet_dinh"}
    tab = win.tab("registrations")
    tab.wait_for_checks()
    tab.recompute()
    assert tab.proxy.rowCount() == 4
    assert {tab.proxy.index(r, 5).data() for r in range(4)} == {"Đủ điều kiện"}  # what the secretary sees
