"""Paths written in parallel that only met at merge time: proposals, decisions'
corrections and the "only the highest reward of a period" payment, undo,
limits and migrations, attacked together."""
from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop import cli
from thidua_desktop.services.decisions import service as ds
from thidua_desktop.store import decisions as decisions_store
from thidua_desktop.store.records import ValidationError


def _ldtt_after_cstdcs(db):
    """The demo's CSTĐCS 2025 decision (mã 1) paid in full, then an LĐTT decision
    for the same people that pays nothing more (NĐ 152 Điều 49 k.5)."""
    cstdcs = decisions_store.get_decision(db, 1)
    people = [a.staff_id for a in cstdcs.awardees]
    ldtt = ds.create_decision(db, so="150/QĐ-BDT", ngay=dt.date(2025, 12, 23), nam=2025, ma="LDTT", staff_ids=people)
    assert [a.tien_thuong for a in decisions_store.get_decision(db, ldtt).awardees] == [0] * len(people)
    return cstdcs, ldtt


def test_removing_a_reward_another_decision_paid_the_difference_over_is_refused(decisions_demo, db_path, capsys):
    """Deleting the CSTĐCS decision, cancelling one of its certificates or taking someone
    out of it would leave the LĐTT awardees paid 0 đ: refused, nothing written."""
    db = decisions_demo
    cstdcs, ldtt = _ldtt_after_cstdcs(db)
    before = db.execute("SELECT count(*), sum(huy) FROM decision_awardees").fetchone()
    with pytest.raises(ValidationError, match="150/QĐ-BDT.*chênh lệch"):
        ds.delete_decision(db, cstdcs.id)
    with pytest.raises(ValidationError, match="150/QĐ-BDT"):
        ds.cancel_certificates(db, [cstdcs.awardees[0].id])
    with pytest.raises(ValidationError, match="150/QĐ-BDT"):
        ds.correct_decision(db, cstdcs.id, so=cstdcs.so, ngay=cstdcs.ngay, nguoi_ky=cstdcs.nguoi_ky,
                            chuc_danh_ky=cstdcs.chuc_danh_ky, remove_awardee_ids=[cstdcs.awardees[0].id])
    assert db.execute("SELECT count(*), sum(huy) FROM decision_awardees").fetchone() == before
    db.close()
    assert cli.main(["delete-decision", "--db", str(db_path), "--decision", str(cstdcs.id)]) == 2
    assert "chênh lệch" in capsys.readouterr().err
    # the decision that paid the difference goes first; then the other may go
    assert cli.main(["delete-decision", "--db", str(db_path), "--decision", str(ldtt)]) == 0
    assert cli.main(["delete-decision", "--db", str(db_path), "--decision", str(cstdcs.id)]) == 0


def test_the_decision_tab_refuses_to_cancel_a_certificate_a_difference_was_paid_over(
        decisions_demo, show_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    db = decisions_demo
    cstdcs, _ = _ldtt_after_cstdcs(db)
    window = show_window(db, "decisions")
    tab = window.tab("decisions")
    tab.reload(cstdcs.id)
    monkeypatch.setattr(tab, "selected_awardees", lambda: [cstdcs.awardees[0].id])
    monkeypatch.setattr("thidua_desktop.ui.decisions.tab.confirm", lambda *a, **k: True)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    tab.cancel(True)
    assert shown and "chênh lệch" in shown[0]
    assert not db.execute("SELECT huy FROM decision_awardees WHERE id = ?", [cstdcs.awardees[0].id]).fetchone()[0]


@pytest.fixture
def proposed(decisions_demo):
    """Three people of the demo marked đạt for Bằng khen tỉnh 2026, proposed."""
    from thidua_desktop.domain.registrations import Registration
    from thidua_desktop.services.decisions import proposals as ps
    from thidua_desktop.store import registrations

    db = decisions_demo
    campaign = db.execute("SELECT id FROM campaigns WHERE nam_bat_dau <= 2026 AND nam_ket_thuc >= 2026 "
                          "ORDER BY id LIMIT 1").fetchone()[0]
    people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 3")]
    regs = [registrations.save_registration(db, Registration(campaign, 2026, "BK_TINH", staff_id=p,
                                                             trang_thai="dat")) for p in people]
    return db, ps.create_proposal(db, nam=2026, ma="BK_TINH"), regs


def test_a_tờ_trình_and_an_issuer_have_length_limits_and_sensible_dates(proposed, db_path, capsys):
    from thidua_desktop.services.decisions import proposals as ps
    from thidua_desktop.store import proposals

    db, pid, regs = proposed
    with pytest.raises(ValidationError, match="Số tờ trình quá dài"):
        ps.submit_proposal(db, pid, so_to_trinh="1" * 200_000, ngay=dt.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="Ngày tờ trình"):
        ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(1900, 1, 1))
    assert proposals.get_proposal(db, pid)["so_to_trinh"] == ""
    ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="Cấp ban hành quá dài"):
        ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="Chủ tịch " * 100,
                                  awarded=regs)
    assert proposals.get_proposal(db, pid)["decision_id"] is None
    db.close()
    assert cli.main(["submit-proposal", "--db", str(db_path), "--proposal", str(pid), "--number", "9" * 101,
                     "--date", "2026-12-01"]) == 2
    assert "Số tờ trình quá dài" in capsys.readouterr().err


def _answered(db, pid, regs):
    from thidua_desktop.services.decisions import proposals as ps

    ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1))
    return ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="", awarded=regs)


def _outcomes(db, pid):
    from thidua_desktop.store import proposals

    return [i["ket_qua"] for i in proposals.proposal_items(db, pid)]


def test_correcting_or_deleting_the_higher_levels_decision_keeps_the_proposal_true(proposed, db_path, capsys):
    """Taking someone out of a recorded higher decision makes them "không được khen";
    deleting it makes the proposal wait again (not "được khen" with no decision), CLI and json alike."""
    from thidua_desktop.services.decisions import proposals as ps
    from thidua_desktop.store import proposals

    db, pid, regs = proposed
    did = _answered(db, pid, regs)
    d = decisions_store.get_decision(db, did)
    ds.correct_decision(db, did, so=d.so, ngay=d.ngay, nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky,
                        remove_awardee_ids=[d.awardees[0].id])
    assert _outcomes(db, pid) == ["khong_duoc_khen", "duoc_khen", "duoc_khen"]
    db.close()
    assert cli.main(["delete-decision", "--db", str(db_path), "--decision", str(did)]) == 0
    capsys.readouterr()
    assert cli.main(["proposals", "--db", str(db_path), "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)[0]
    assert out["state"] == "da_trinh" and {i["ket_qua"] for i in out["items"]} == {"cho"}
    from thidua_desktop.store.db import open_database

    db = open_database(db_path)
    assert ps.state(proposals.get_proposal(db, pid)) == "da_trinh"
    assert {r[0] for r in db.execute(f"SELECT trang_thai FROM registrations WHERE id IN ({','.join(map(str, regs))})")
            } == {"dat"}


def test_a_proposal_whose_registrations_changed_since_is_not_submitted_or_answered(proposed):
    """The council's result changed after proposing (meeting reopened, status set by hand):
    a tờ trình or the higher decision naming that registration is refused, nothing written."""
    from thidua_desktop.services.decisions import proposals as ps
    from thidua_desktop.store import proposals, registrations

    db, pid, regs = proposed
    registrations.set_status(db, [regs[2]], "khong_dat")
    with pytest.raises(ValidationError, match="không còn ở trạng thái Đạt.*Không đạt"):
        ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1))
    assert proposals.get_proposal(db, pid)["so_to_trinh"] == ""
    with pytest.raises(ValidationError, match="không còn ở trạng thái Đạt"):
        ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="", awarded=regs)
    assert db.execute("SELECT count(*) FROM decisions WHERE so = '2715/QĐ-UBND'").fetchone()[0] == 0
    assert db.execute("SELECT trang_thai FROM registrations WHERE id = ?", [regs[2]]).fetchone()[0] == "khong_dat"
    # the two still đạt may be recorded as awarded (the third was not)
    ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="", awarded=regs[:2])
    assert _outcomes(db, pid) == ["duoc_khen", "duoc_khen", "khong_duoc_khen"]


def test_nobody_is_added_to_an_agency_decision_of_a_title_decided_above_it(decisions_demo, db_path, capsys):
    """An older file may hold a …/QĐ-BDT decision of Bằng khen tỉnh (made before Điều 80 was applied):
    correcting it may not add people to it, window (correct_decision) and CLI alike."""
    from thidua_desktop.domain.decisions import Awardee, Decision

    db = decisions_demo
    people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 2")]
    did = decisions_store.save_decision(db, Decision(
        so="7/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="BK_TINH", nguoi_ky="A", chuc_danh_ky="B",
        awardees=(Awardee(staff_id=people[0], thanh_tich="x"),)))
    d = decisions_store.get_decision(db, did)
    with pytest.raises(ValidationError, match="Điều 80"):
        ds.correct_decision(db, did, so=d.so, ngay=d.ngay, nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky,
                            staff_ids=[people[1]])
    ds.correct_decision(db, did, so="8/QĐ-BDT", ngay=d.ngay, nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky)
    db.close()
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(did), "--add-staff", str(people[1])]) == 2
    assert "Điều 80" in capsys.readouterr().err
    from thidua_desktop.store.db import open_database

    assert len(decisions_store.get_decision(open_database(db_path), did).awardees) == 1


def test_a_decision_date_moved_across_a_new_lương_cơ_sở_recomputes_its_rewards(decisions_demo, db_path, capsys):
    """Điều 49 k.1: the reward follows the lương cơ sở on the decision date. Correcting the date
    of an unprinted CSTĐCS decision from 30/06/2026 (2,340,000 đ) to 20/12/2026 (2,530,000 đ)
    pays the new amount; one who was paid only the difference above LĐTT keeps the difference."""
    db = decisions_demo
    people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 2")]
    ldtt = ds.create_decision(db, so="20/QĐ-BDT", ngay=dt.date(2026, 6, 1), nam=2026, ma="LDTT", staff_ids=people[:1])
    assert decisions_store.get_decision(db, ldtt).awardees[0].tien_thuong == 710_000
    did = ds.create_decision(db, so="21/QĐ-BDT", ngay=dt.date(2026, 6, 30), nam=2026, ma="CSTDCS", staff_ids=people)
    assert [a.tien_thuong for a in decisions_store.get_decision(db, did).awardees] == [1_630_000, 2_340_000]
    d = decisions_store.get_decision(db, did)
    ds.correct_decision(db, did, so=d.so, ngay=dt.date(2026, 12, 20), nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky)
    assert [a.tien_thuong for a in decisions_store.get_decision(db, did).awardees] == [1_820_000, 2_530_000]
    db.close()
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(did), "--ngay", "30/06/2026"]) == 0
    capsys.readouterr()
    assert cli.main(["decisions", "--db", str(db_path), "--json"]) == 0
    import json

    out = {x["so"]: x for x in json.loads(capsys.readouterr().out)}["21/QĐ-BDT"]
    assert [a["tien_thuong"] for a in out["awardees"]] == [1_630_000, 2_340_000] and out["total"] == 3_970_000
    from thidua_desktop.store.db import open_database

    db = open_database(db_path)
    decisions_store.log_print(db, did, [1, 2], printer="Máy in")
    d = decisions_store.get_decision(db, did)
    new = ds.correct_decision(db, did, so="30/QĐ-BDT", ngay=dt.date(2026, 12, 20), nguoi_ky=d.nguoi_ky,
                              chuc_danh_ky=d.chuc_danh_ky)  # printed: cancelled and reissued on the new date
    assert [a.tien_thuong for a in decisions_store.get_decision(db, new).awardees] == [1_820_000, 2_530_000]
    assert all(a.huy for a in decisions_store.get_decision(db, did).awardees)


@pytest.mark.parametrize("version", [3, 5])
def test_the_window_on_an_older_release_file_presses_every_action(version, qtbot, show_window, db_path,
                                                                  cancel_dialogs):
    """A file of an older release, migrated through every branch's migration as the window opens it,
    shows every tab (proposals and decisions included) and survives every button and menu action."""
    import shutil
    from pathlib import Path

    from test_every_action import exercise

    from thidua_desktop.services.backup import make_pre_migration_backup
    from thidua_desktop.store.db import open_database

    shutil.copyfile(Path(__file__).parent / "fixtures" / f"schema_v{version}.sqlite", db_path)
    db = open_database(db_path, before_migrate=make_pre_migration_backup)
    try:
        staff = db.execute("SELECT count(*) FROM staff").fetchone()[0]
        run = exercise(qtbot, show_window(db), f"schema v{version}", None)
        assert not run.failures, "\n".join(run.failures)
        assert run.done > 20
        assert db.execute("SELECT count(*) FROM staff").fetchone()[0] == staff
    finally:
        db.close()


def test_a_read_only_file_refuses_every_proposal_and_decision_write(proposed, db_path, capsys, monkeypatch,
                                                                     show_window):
    """CLI and window alike: proposing, submitting, recording, deciding, correcting and deleting on a
    file that refuses writes say so in one sentence and leave the file byte for byte."""
    from thidua_desktop.store import db as store_db
    from thidua_desktop.store.db import open_database
    from thidua_desktop.ui.decisions import proposal_tab as pt

    db, pid, regs = proposed
    db.close()
    monkeypatch.setattr(store_db, "_can_write", lambda path: False)
    before = db_path.read_bytes()
    args = ["--db", str(db_path)]
    for command in (["propose", "--meeting", "2", "--title", "BK_TINH"],
                    ["submit-proposal", "--proposal", str(pid), "--number", "1/TTr", "--date", "2026-12-01"],
                    ["record-decision", "--proposal", str(pid), "--number", "1/QĐ-UBND", "--date", "2026-12-20",
                     "--all"],
                    ["decide", "--meeting", "2", "--title", "GK", "--number", "9/QĐ-BDT", "--date", "2026-12-20"],
                    ["edit-decision", "--decision", "1", "--so", "1/QĐ-BDT"],
                    ["delete-decision", "--decision", "1"]):
        assert cli.main([command[0], *args, *command[1:]]) == 2, command
        err = capsys.readouterr().err
        assert "chỉ cho đọc" in err and "Traceback" not in err, command
    assert cli.main(["proposals", *args, "--json"]) == 0
    capsys.readouterr()

    db = open_database(db_path, readonly=True)
    window = show_window(db, "proposals")
    tab = window.proposal_tab
    shown = []

    def submit(dialog):
        dialog.number.setText("15/TTr-BDT")
        dialog.save()
        shown.append(dialog.error.text())
        return False

    monkeypatch.setattr(pt.SubmitDialog, "exec", submit)
    tab.actions["submit"].trigger()
    assert shown and "chỉ đọc" in shown[0]
    assert db_path.read_bytes() == before


def test_undo_and_redo_of_each_proposal_step_restore_every_table(proposed):
    """Each step (submit, the higher decision, a correction of it, its deletion, the proposal's
    deletion) undone restores the proposals, their outcomes, the registrations' states, the award
    history and the decisions exactly; redone gives the step's result again."""
    from thidua_desktop.services.decisions import proposals as ps
    from thidua_desktop.store import proposals, undo

    db, pid, regs = proposed
    undo.track(db)

    def snap():
        return [db.execute(sql).fetchall() for sql in (
            "SELECT * FROM proposals", "SELECT * FROM proposal_items", "SELECT id, trang_thai FROM registrations",
            "SELECT staff_id, unit_id, nam, ma, so_quyet_dinh, nguon FROM awards ORDER BY 1, 2, 3, 4",
            "SELECT * FROM decisions", "SELECT * FROM decision_awardees")]

    steps = []

    def step(action):
        mark, before = undo.last_written(db), snap()
        action()
        steps.append((undo.written_since(db, mark), before, snap()))

    step(lambda: ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1)))
    step(lambda: ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="",
                                           awarded=regs[:2]))
    did = proposals.get_proposal(db, pid)["decision_id"]
    d = decisions_store.get_decision(db, did)
    step(lambda: ds.correct_decision(db, did, so=d.so, ngay=d.ngay, nguoi_ky=d.nguoi_ky,
                                     chuc_danh_ky=d.chuc_danh_ky, remove_awardee_ids=[d.awardees[0].id]))
    step(lambda: ds.delete_decision(db, did))
    step(lambda: proposals.delete_proposal(db, pid))
    for i, (ids, before, after) in reversed(list(enumerate(steps))):
        inverse = undo.revert(db, ids, f"bước {i}")
        assert snap() == before, i
        redo = undo.revert(db, inverse, f"làm lại {i}")
        assert snap() == after, i
        undo.revert(db, redo, f"hoàn tác lại {i}")
        assert snap() == before, i


def test_the_status_of_a_decided_or_submitted_registration_is_not_set_by_hand(proposed, show_window, monkeypatch):
    """Đạt / Không đạt / Về đăng ký on a registration a decision awards or a tờ trình sent up
    would leave the decision or the proposal contradicting it: refused, nothing changed; the
    others of a draft proposal may still change (the tờ trình then refuses them)."""
    from PySide6.QtWidgets import QMessageBox

    from thidua_desktop.services.decisions import proposals as ps
    from thidua_desktop.store import registrations

    db, pid, regs = proposed
    decided = db.execute("SELECT registration_id FROM decision_awardees WHERE registration_id IS NOT NULL "
                         "AND huy = 0 LIMIT 1").fetchone()[0]
    with pytest.raises(ValidationError, match="có tên trong Quyết định số"):
        registrations.set_status(db, [decided], "dang_ky")
    registrations.set_status(db, [decided], "quyet_dinh")  # what it already is: nothing to refuse
    ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="Tờ trình số 15/TTr-BDT"):
        registrations.set_status(db, regs[:1], "khong_dat")
    window = show_window(db, "registrations")
    tab = window.tab("registrations")
    monkeypatch.setattr(tab, "selected_ids", lambda: [regs[0]])
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    tab.set_status("khong_dat")
    assert shown and "Tờ trình số 15/TTr-BDT" in shown[0]
    assert db.execute("SELECT trang_thai FROM registrations WHERE id = ?", [regs[0]]).fetchone()[0] == "dat"


def test_a_cancelled_certificate_of_a_replaced_decision_is_not_restored(decisions_demo):
    """Cancel and reissue cancels every certificate of the old decision; restoring one would award
    and pay that person twice (old and replacing decision): refused."""
    db = decisions_demo
    gk = decisions_store.get_decision(db, 2)
    decisions_store.log_print(db, gk.id, [1], printer="Máy in")
    new = ds.correct_decision(db, gk.id, so="160/QĐ-BDT", ngay=gk.ngay, nguoi_ky=gk.nguoi_ky,
                              chuc_danh_ky=gk.chuc_danh_ky)
    before = decisions_store.list_decisions(db)
    with pytest.raises(ValidationError, match="đã được thay bằng Quyết định số 160/QĐ-BDT"):
        ds.cancel_certificates(db, [gk.awardees[0].id], huy=False)
    assert all(a.huy for a in decisions_store.get_decision(db, gk.id).awardees)
    assert [tuple(r) for r in decisions_store.list_decisions(db)] == [tuple(r) for r in before]
    totals = {r["id"]: (r["so_nguoi"], r["tong_tien"]) for r in before}
    assert totals[gk.id] == (0, 0) and totals[new][0] == len(gk.awardees) - sum(a.huy for a in gk.awardees)


def test_the_higher_decision_is_not_dated_before_the_tờ_trình_that_asked_for_it(proposed):
    from thidua_desktop.services.decisions import proposals as ps

    db, pid, regs = proposed
    ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="trước ngày Tờ trình số 15/TTr-BDT"):
        ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 11, 30), issuer="", awarded=regs)
    assert db.execute("SELECT count(*) FROM decisions WHERE so = '2715/QĐ-UBND'").fetchone()[0] == 0
    ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 1), issuer="", awarded=regs)


def test_someone_taken_out_and_added_again_in_one_correction_is_paid_in_full(decisions_demo):
    """The reward of the row being taken out is not "already paid" for the row added in its place."""
    db = decisions_demo
    d = decisions_store.get_decision(db, 1)  # CSTĐCS 2025, paid in full
    first = d.awardees[0]
    ds.correct_decision(db, d.id, so=d.so, ngay=d.ngay, nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky,
                        remove_awardee_ids=[first.id], staff_ids=[first.staff_id])
    after = {a.staff_id: a.tien_thuong for a in decisions_store.get_decision(db, d.id).awardees}
    assert after[first.staff_id] == first.tien_thuong == 2_340_000


def test_the_agency_does_not_cancel_the_higher_levels_certificates(proposed):
    """A higher decision's Bằng khen are the province's: Hủy giấy khen on them is refused (the award
    history and the proposal's outcome would no longer agree with a cancelled, unpaid row)."""
    db, pid, regs = proposed
    did = _answered(db, pid, regs)
    ids = [a.id for a in decisions_store.get_decision(db, did).awardees]
    with pytest.raises(ValidationError, match="cấp quyết định in và cấp phát"):
        ds.cancel_certificates(db, ids[:1])
    assert not any(a.huy for a in decisions_store.get_decision(db, did).awardees)
    assert _outcomes(db, pid) == ["duoc_khen"] * 3


def test_an_award_in_the_history_is_never_overwritten_then_erased_by_a_second_decision(decisions_demo, db_path,
                                                                                        capsys):
    """The history holds one line per person, title and year. A danh hiệu already given (by a
    decision in force, or typed by hand) is refused in a second decision: deleting that decision
    used to erase the line. A Giấy khen may be given twice; deleting the second leaves the
    history naming the first."""
    from thidua_desktop.domain.registrations import AwardEntry
    from thidua_desktop.store import merit

    db = decisions_demo
    people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id DESC LIMIT 2")]

    def history(sid, ma):
        return db.execute("SELECT so_quyet_dinh, nguon FROM awards WHERE staff_id = ? AND nam = 2026 AND ma = ?",
                          [sid, ma]).fetchall()

    merit.save_award(db, AwardEntry(staff_id=people[0], nam=2026, ma="LDTT", so_quyet_dinh="5/QĐ-CŨ"))
    with pytest.raises(ValidationError, match="đã có danh hiệu Lao động tiên tiến năm 2026 trong lịch sử"):
        ds.create_decision(db, so="30/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="LDTT", staff_ids=people)
    assert history(people[0], "LDTT") == [("5/QĐ-CŨ", "nhap_tay")]
    first = ds.create_decision(db, so="30/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="LDTT",
                               staff_ids=people[1:])
    with pytest.raises(ValidationError, match="theo Quyết định số 30/QĐ-BDT"):
        ds.create_decision(db, so="31/QĐ-BDT", ngay=dt.date(2026, 12, 21), nam=2026, ma="LDTT",
                           staff_ids=people[1:])
    other = ds.create_decision(db, so="32/QĐ-BDT", ngay=dt.date(2026, 12, 21), nam=2026, ma="LDTT",
                               staff_ids=[r[0] for r in db.execute(
                                   "SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 1")])
    with pytest.raises(ValidationError, match="theo Quyết định số 30/QĐ-BDT"):  # added by a correction too
        d = decisions_store.get_decision(db, other)
        ds.correct_decision(db, other, so=d.so, ngay=d.ngay, nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky,
                            staff_ids=people[1:])
    gk1 = ds.create_decision(db, so="40/QĐ-BDT", ngay=dt.date(2026, 6, 1), nam=2026, ma="GK", staff_ids=people[1:])
    gk2 = ds.create_decision(db, so="41/QĐ-BDT", ngay=dt.date(2026, 9, 1), nam=2026, ma="GK", staff_ids=people[1:])
    assert history(people[1], "GK") == [("41/QĐ-BDT", "quyet_dinh")]
    db.close()
    assert cli.main(["delete-decision", "--db", str(db_path), "--decision", str(gk2)]) == 0
    from thidua_desktop.store.db import open_database

    db = open_database(db_path)
    assert db.execute("SELECT so_quyet_dinh FROM awards WHERE staff_id = ? AND nam = 2026 AND ma = 'GK'",
                      [people[1]]).fetchall() == [("40/QĐ-BDT",)]
    assert gk1 and first
