"""Decisions, award-book numbers, the history they add, their lists and the CLI."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from thidua_desktop import cli
from thidua_desktop.domain.decisions import decision_number, next_numbers
from thidua_desktop.services.decisions import service as ds
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
    assert count == len(store.award_book(demo, 2025)) > gk["so_nguoi"] + 3  # every title, history included
    book = openpyxl.load_workbook(out)
    assert {"Giấy khen", "Chiến sĩ thi đua cơ sở", "Lao động tiên tiến"} <= set(book.sheetnames)  # a sheet a series
    ws = book["Giấy khen"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows
    numbers = [c for c in ws["A"] if isinstance(c.value, int)]
    assert [c.value for c in numbers] == list(range(1, gk["so_nguoi"] + 1))  # one series, stored as numbers
    assert all(c.number_format == "0" for c in numbers)  # a number, not "1,024"
    assert any(str(c.value).startswith("Năm 2025: ") for c in ws["A"])


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

    from thidua_desktop.ui.decisions import tab as dt_ui

    tab = win.decision_tab
    assert tab.decisions.rowCount() == 2 and tab.awardees.rowCount() > 0
    win.db.execute("UPDATE registrations SET trang_thai = 'dat' WHERE id IN "
                   "(SELECT id FROM registrations WHERE nam = 2026 AND ma = 'GK' ORDER BY id LIMIT 2)")

    def fill(dialog):
        dialog.year.setValue(2026)
        dialog.title.setCurrentIndex(dialog.title.findData("GK"))
        assert "2 đăng ký đã được Hội đồng xét đạt" in dialog.pending.text()
        dialog.number.setText("150/QĐ-BDT")
        dialog.signer_title.setPlainText("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN")  # two lines (issue 18 §2)
        dialog.save()
        return True

    monkeypatch.setattr(dt_ui.DecisionDialog, "exec", fill)
    tab.actions["new"].trigger()
    assert tab.decisions.rowCount() == 3 and tab.awardees.rowCount() == 2
    new = next(r for r in store.list_decisions(win.db) if r["so"] == "150/QĐ-BDT")
    assert new["chuc_danh_ky"] == "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
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

    from thidua_desktop.ui.certificates import dialog as certificate_dialog

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
    from thidua_desktop.services.eligibility import check_registrations
    from thidua_desktop.store import merit, records, registrations
    from thidua_desktop.ui.decisions import tab as dt_ui

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


# --- correcting a decision -----------------------------------------------------------------

def _new_gk(db, n=3, so="150/QĐ-BDT"):
    db.execute("UPDATE registrations SET trang_thai = 'dat' WHERE id IN "
               f"(SELECT id FROM registrations WHERE nam = 2026 AND ma = 'GK' ORDER BY id LIMIT {n})")
    regs = ds.passed_registrations(db, 2026, "GK")
    return ds.create_decision(db, so=so, ngay=dt.date(2026, 12, 20), nam=2026, ma="GK", registration_ids=regs), regs


def _history(db, so):
    return db.execute("SELECT staff_id, so_quyet_dinh, ngay_quyet_dinh FROM awards WHERE so_quyet_dinh = ? "
                      "ORDER BY staff_id", [so]).fetchall()


def test_an_unprinted_decision_is_corrected_in_place_with_its_history(demo):
    did, regs = _new_gk(demo)
    d = store.get_decision(demo, did)
    other = demo.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 AND id NOT IN "
                         "(SELECT staff_id FROM decision_awardees WHERE staff_id IS NOT NULL) LIMIT 1").fetchone()[0]
    removed = d.awardees[0]
    same = ds.correct_decision(demo, did, so="151/QĐ-BDT", ngay=dt.date(2026, 12, 22), nguoi_ky="Trần Văn Ký",
                               chuc_danh_ky="KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", remove_awardee_ids=[removed.id],
                               staff_ids=[other])
    assert same == did
    after = store.get_decision(demo, did)
    assert (after.so, after.ngay, after.nguoi_ky) == ("151/QĐ-BDT", dt.date(2026, 12, 22), "Trần Văn Ký")
    assert [a.staff_id for a in after.awardees] == [a.staff_id for a in d.awardees[1:]] + [other]
    assert after.awardees[-1].so_so_vang == max(a.so_so_vang for a in d.awardees) + 1  # never a number twice
    assert _history(demo, "150/QĐ-BDT") == []
    history = _history(demo, "151/QĐ-BDT")
    assert {h[0] for h in history} == {a.staff_id for a in after.awardees}
    assert all(h[2] == "2026-12-22" for h in history)
    state = demo.execute("SELECT trang_thai FROM registrations WHERE id = ?", [removed.registration_id]).fetchone()[0]
    assert state == "dat" and removed.registration_id in ds.passed_registrations(demo, 2026, "GK")


def test_an_unprinted_decision_can_be_deleted_and_its_registrations_are_pending_again(demo):
    did, regs = _new_gk(demo)
    ds.delete_decision(demo, did)
    assert did not in {r["id"] for r in store.list_decisions(demo)}
    assert ds.passed_registrations(demo, 2026, "GK") == regs and _history(demo, "150/QĐ-BDT") == []
    again, _ = _new_gk(demo, so="152/QĐ-BDT")
    assert [a.so_so_vang for a in store.get_decision(demo, again).awardees] == [1, 2, 3]  # numbered per decision


def test_a_printed_decision_is_cancelled_and_reissued_with_its_print_log_kept(demo, tmp_path):
    did, regs = _new_gk(demo)
    ds.print_certificates(demo, did, tmp_path / "gk.pdf")
    with pytest.raises(ValidationError, match="đã in giấy khen .* “Hủy và ban hành lại…”"):
        ds.delete_decision(demo, did)
    old = store.get_decision(demo, did)
    with pytest.raises(ValidationError, match="cần số mới"):
        ds.correct_decision(demo, did, so=old.so, ngay=old.ngay, nguoi_ky="A", chuc_danh_ky="B")
    new = ds.correct_decision(demo, did, so="160/QĐ-BDT", ngay=dt.date(2026, 12, 28), nguoi_ky=old.nguoi_ky,
                              chuc_danh_ky=old.chuc_danh_ky, remove_awardee_ids=[old.awardees[-1].id])
    assert new != did
    cancelled = store.get_decision(demo, did)
    assert all(a.huy for a in cancelled.awardees) and "thay bằng Quyết định số 160/QĐ-BDT" in cancelled.ghi_chu
    assert len(store.print_history(demo, did)) == 1  # the print log stays with the old decision
    replacement = store.get_decision(demo, new)
    assert [a.staff_id for a in replacement.awardees] == [a.staff_id for a in old.awardees[:-1]]
    assert [a.so_so_vang for a in replacement.awardees] == [1, 2]  # its own numbers (per decision)
    rows = {r["id"]: r for r in store.list_decisions(demo)}
    assert rows[did]["thay_bang"] == "160/QĐ-BDT" and rows[new]["thay_cho"] == old.so and rows[did]["so_nguoi"] == 0
    assert {h[0] for h in _history(demo, "160/QĐ-BDT")} == {a.staff_id for a in replacement.awardees}
    assert ds.passed_registrations(demo, 2026, "GK") == [old.awardees[-1].registration_id]
    with pytest.raises(ValidationError, match="đã được thay bằng"):
        ds.correct_decision(demo, did, so="161/QĐ-BDT", ngay=dt.date(2026, 12, 29), nguoi_ky="", chuc_danh_ky="")


def test_a_numbered_decision_keeps_its_year(demo):
    did, _ = _new_gk(demo)
    with pytest.raises(ValidationError, match="theo năm ký"):
        ds.correct_decision(demo, did, so="150/QĐ-BDT", ngay=dt.date(2027, 1, 2), nguoi_ky="", chuc_danh_ky="")


def test_tab_corrects_deletes_and_reissues_a_decision(win, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from thidua_desktop.ui.decisions import tab as dt_ui

    tab = win.decision_tab
    did, regs = _new_gk(win.db)
    win.checkpoint()
    tab.reload(did)
    assert tab.decision_id() == did and tab.actions["edit"].isEnabled() and tab.actions["delete"].isEnabled()
    other = win.db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 AND id NOT IN "
                           "(SELECT staff_id FROM decision_awardees WHERE staff_id IS NOT NULL) LIMIT 1").fetchone()[0]

    def correct(dialog):
        assert "sửa trực tiếp" in dialog.findChild(dt_ui.QLabel, "correctNote").text()
        dialog.number.setText("151/QĐ-BDT")
        dialog.signer.setText("Trần Văn Ký")
        dialog.awardees.item(0).setCheckState(dt_ui.Qt.CheckState.Unchecked)
        dialog.picker.select_staff(other)
        dialog.add_person()
        dialog.picker.setEditText("Người Ngoài Danh Sách")
        dialog.add_person()
        assert "không có trong danh sách cán bộ" in dialog.error.text()
        dialog.save()
        return True

    monkeypatch.setattr(dt_ui.CorrectionDialog, "exec", correct)
    tab.actions["edit"].trigger()
    d = store.get_decision(win.db, did)
    assert d.so == "151/QĐ-BDT" and d.nguoi_ky == "Trần Văn Ký" and d.awardees[-1].staff_id == other
    assert len(d.awardees) == 3 and tab.awardees.rowCount() == 3
    assert win.undo_labels()[0] == "sửa quyết định"
    win.undo()
    assert store.get_decision(win.db, did).so == "150/QĐ-BDT" and len(store.get_decision(win.db, did).awardees) == 3
    assert {a.staff_id for a in store.get_decision(win.db, did).awardees} == {
        r[0] for r in win.db.execute(f"SELECT staff_id FROM registrations WHERE id IN ({','.join('?' * 3)})", regs)}

    # printed: no delete, the correction is a replacing decision
    ds.print_certificates(win.db, did, tmp_path / "gk.pdf")
    win.checkpoint()
    tab.reload(did)
    assert not tab.actions["delete"].isEnabled() and "Đã in giấy khen" in tab.actions["delete"].toolTip()

    def reissue(dialog):
        assert dialog.reissue and "quyết định thay thế" in dialog.findChild(dt_ui.QLabel, "correctNote").text()
        dialog.save()
        assert "quyết định thay thế cần số mới" in dialog.error.text() or "Chưa có số" in dialog.error.text()
        dialog.number.setText("160/QĐ-BDT")
        dialog.save()
        return True

    monkeypatch.setattr(dt_ui.CorrectionDialog, "exec", reissue)
    tab.actions["edit"].trigger()
    new = tab.decision_id()
    assert new != did and store.get_decision(win.db, new).so == "160/QĐ-BDT"
    assert len(store.print_history(win.db, did)) == 1
    tab.reload(did)
    assert "đã thay bằng 160/QĐ-BDT" in tab.decision_proxy.index(tab.list.currentIndex().row(), 0).data()
    assert not tab.actions["edit"].isEnabled() and not tab.actions["certificates"].isEnabled()
    assert "đã hủy (đã thay bằng Quyết định số 160/QĐ-BDT)" in tab.actions["certificates"].toolTip()

    # an unprinted decision is deleted, and that too can be undone
    tab.reload(new)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.actions["delete"].trigger()
    assert new not in {r["id"] for r in store.list_decisions(win.db)}
    win.undo()
    assert store.get_decision(win.db, new).so == "160/QĐ-BDT"


def test_print_certificates_is_disabled_with_the_reason_for_a_title_without_certificate(win):
    tab = win.decision_tab
    win.db.execute("UPDATE registrations SET trang_thai = 'dat' WHERE id IN "
                   "(SELECT id FROM registrations WHERE nam = 2026 AND ma = 'LDTT' ORDER BY id LIMIT 2)")
    did = ds.create_decision(win.db, so="200/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="LDTT",
                             registration_ids=ds.passed_registrations(win.db, 2026, "LDTT"))
    tab.reload(did)
    assert tab.awardees.rowCount() == 2 and not tab.actions["certificates"].isEnabled()
    from PySide6.QtWidgets import QPushButton

    button = tab.findChild(QPushButton, "decision_certificates")
    assert not button.isEnabled() and "không in giấy khen" in button.toolTip()
    gk = next(r["id"] for r in store.list_decisions(win.db) if r["ma"] == "GK")
    tab.reload(gk)
    assert tab.actions["certificates"].isEnabled() and "Ctrl+P" in button.toolTip()


def test_cli_edits_deletes_and_reissues(demo, db_path, tmp_path, capsys):
    did, regs = _new_gk(demo)
    demo.conn.commit()
    first = store.get_decision(demo, did).awardees[0].staff_id
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(did), "--so", "151/QĐ-BDT",
                     "--ngay", "22/12/2026", "--remove-staff", str(first)]) == 0
    assert "Đã sửa Quyết định số 151/QĐ-BDT ngày 22/12/2026 (2 người)" in capsys.readouterr().out
    assert cli.main(["certificates", "--db", str(db_path), "--decision", str(did), str(tmp_path / "c.pdf")]) == 0
    assert cli.main(["delete-decision", "--db", str(db_path), "--decision", str(did)]) == 2
    assert "đã in giấy khen" in capsys.readouterr().err
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(did), "--nguoi-ky", "B"]) == 2
    assert "--reissue" in capsys.readouterr().err
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(did), "--ngay", "31/02/2026"]) == 2
    assert "ngày ký phải có dạng" in capsys.readouterr().err
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(did), "--so", "152/QĐ-BDT",
                     "--reissue"]) == 0
    assert "ghi Quyết định số 152/QĐ-BDT thay thế" in capsys.readouterr().out
    new = max(r["id"] for r in store.list_decisions(demo))
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(new), "--remove-unit", "1"]) == 2
    assert "đơn vị mã 1 không có trong Quyết định số 152/QĐ-BDT" in capsys.readouterr().err
    assert cli.main(["delete-decision", "--db", str(db_path), "--decision", str(new)]) == 0
    assert "Đã xóa Quyết định số 152/QĐ-BDT" in capsys.readouterr().out


# --- the award book ------------------------------------------------------------------------

def test_award_book_has_every_title_and_the_imported_history_of_the_years(demo, tmp_path):
    demo.execute("INSERT INTO awards (staff_id, nam, ma, so_quyet_dinh, ngay_quyet_dinh, nguon) "
                 "VALUES (1, 2025, 'BKUBND', '12/QĐ-UBND', '2025-06-01', 'nhap_excel')")
    people = [r[0] for r in demo.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 AND id NOT IN (SELECT "
                                         "staff_id FROM awards WHERE nam = 2025 AND ma = 'GK') LIMIT 2")]
    ds.create_decision(demo, so="9/QĐ-BDT", ngay=dt.date(2025, 12, 30), nam=2025, ma="GK", staff_ids=people)
    rows = store.award_book(demo, 2025)
    by_title = {}
    for r in rows:
        by_title.setdefault(r["ma"], []).append(r)
    assert {"GK", "CSTDCS", "LDTT", "TTLDTT", "BKUBND"} <= set(by_title)
    assert [r["so_so_vang"] for r in by_title["GK"]] == [*range(1, 65), 1, 2]  # each decision's numbers, in order
    assert len(by_title["CSTDCS"]) == 10  # 3 by the decision in the file, 7 from the history
    assert len({(r["ten"], r["ma"]) for r in rows}) == len(rows)  # a decided award is not listed twice
    out = tmp_path / "so.xlsx"
    assert ds.export_award_book(demo, out, 2025) == len(rows)
    text = " ".join(str(c.value) for ws in openpyxl.load_workbook(out) for row in ws.iter_rows() for c in row
                    if c.value)
    assert "LAO ĐỘNG TIÊN TIẾN" in text and "12/QĐ-UBND ngày 01/06/2025" in text
    assert "Lịch sử (nhập từ Excel)" in text and "143/QĐ-BDT" in text
    assert store.award_book(demo, 2030) == []


def test_award_book_dialog_opens_on_this_year(win, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.ui.decisions import tab as dt_ui

    seen = []

    def pick(dialog):
        seen.append(dialog.years())
        dialog.first.setValue(2024)
        dialog.last.setValue(2025)
        return True

    monkeypatch.setattr(dt_ui.YearRangeDialog, "exec", pick)
    out = tmp_path / "so.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel (*.xlsx)"))
    win.decision_tab.actions["book"].trigger()
    assert seen == [(dt.date.today().year, dt.date.today().year)]
    assert out.exists() and f"({len(store.award_book(win.db, 2024, 2025))} dòng)" in win.statusBar().currentMessage()


def test_a_new_decision_is_undone_with_its_history_and_registrations(win, monkeypatch):
    from thidua_desktop.ui.decisions import tab as dt_ui

    win.db.execute("UPDATE registrations SET trang_thai = 'dat' WHERE id IN "
                   "(SELECT id FROM registrations WHERE nam = 2026 AND ma = 'GK' ORDER BY id LIMIT 2)")
    win.checkpoint()
    regs = ds.passed_registrations(win.db, 2026, "GK")

    def fill(dialog):
        dialog.year.setValue(2026)
        dialog.title.setCurrentIndex(dialog.title.findData("GK"))
        dialog.number.setText("150/QĐ-BDT")
        dialog.save()
        return True

    monkeypatch.setattr(dt_ui.DecisionDialog, "exec", fill)
    win.decision_tab.actions["new"].trigger()
    assert ds.passed_registrations(win.db, 2026, "GK") == [] and _history(win.db, "150/QĐ-BDT")
    assert win.undo_action.text() == "&Hoàn tác “ghi quyết định khen thưởng”"
    win.undo()
    assert "150/QĐ-BDT" not in {r["so"] for r in store.list_decisions(win.db)}
    assert ds.passed_registrations(win.db, 2026, "GK") == regs and _history(win.db, "150/QĐ-BDT") == []
    assert win.decision_tab.decisions.rowCount() == 2


def test_a_collective_title_decision_is_corrected_with_units(win, monkeypatch):
    from thidua_desktop.ui.decisions import tab as dt_ui

    units = [r[0] for r in win.db.execute("SELECT id FROM units ORDER BY id LIMIT 3")]
    did = ds.create_decision(win.db, so="90/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="TTLDTT",
                             unit_ids=units[:2])
    win.checkpoint()
    win.decision_tab.reload(did)

    def correct(dialog):
        assert dialog.findChild(dt_ui.QPushButton, "correctAdd") is None  # no people on a collective title
        dialog.awardees.item(1).setCheckState(dt_ui.Qt.CheckState.Unchecked)
        dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(units[2]))
        dialog.add_unit()
        dialog.add_unit()  # once only
        dialog.save()
        return True

    monkeypatch.setattr(dt_ui.CorrectionDialog, "exec", correct)
    win.decision_tab.actions["edit"].trigger()
    assert [a.unit_id for a in store.get_decision(win.db, did).awardees] == [units[0], units[2]]


def test_with_continuous_numbering_a_deleted_or_reissued_decisions_numbers_are_never_given_again(demo, tmp_path):
    _continuous_numbering(demo)
    did, _ = _new_gk(demo)
    ds.delete_decision(demo, did)
    again, _ = _new_gk(demo, so="152/QĐ-BDT")
    assert [a.so_so_vang for a in store.get_decision(demo, again).awardees] == [4, 5, 6]  # 1–3 stay taken
    ds.print_certificates(demo, again, tmp_path / "gk.pdf")
    old = store.get_decision(demo, again)
    new = ds.correct_decision(demo, again, so="160/QĐ-BDT", ngay=old.ngay, nguoi_ky=old.nguoi_ky,
                              chuc_danh_ky=old.chuc_danh_ky)
    assert [a.so_so_vang for a in store.get_decision(demo, new).awardees] == [7, 8, 9]
