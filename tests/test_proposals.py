"""Issue #16 §1: the agency decides only what Luật Thi đua, khen thưởng 2022, Điều 80 lets its head
decide; higher titles go up as proposals (Điều 84) and the higher level's decision is recorded."""
from __future__ import annotations

import datetime as dt
import json
import re

import openpyxl
import pytest

from thidua_desktop import cli
from thidua_desktop.domain.registrations import Registration
from thidua_desktop.services.decisions import service as ds
from thidua_desktop.services.decisions import proposals as ps
from thidua_desktop.store import decisions as decisions_store
from thidua_desktop.store import merit, proposals, registrations
from thidua_desktop.store.records import ValidationError


@pytest.fixture
def proposed(decisions_demo):
    """Three people of the demo marked đạt for Bằng khen tỉnh 2026, proposed."""
    db = decisions_demo
    campaign = db.execute("SELECT id FROM campaigns WHERE nam_bat_dau <= 2026 AND nam_ket_thuc >= 2026 ORDER BY id LIMIT 1").fetchone()[0]
    people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 3")]
    regs = [registrations.save_registration(db, Registration(campaign, 2026, "BK_TINH", staff_id=p,
                                                             trang_thai="dat")) for p in people]
    pid = ps.create_proposal(db, nam=2026, ma="BK_TINH")
    return db, pid, regs, people


@pytest.mark.parametrize("code", ["BK_TINH", "CSTD_TINH", "TTLDXS", "CO_TINH", "BK_TTG", "CSTD_TQ"])
def test_the_agency_issues_no_decision_for_a_title_decided_above_it(decisions_demo, code):
    """Điều 80: the head of a Ban/Sở decides LĐTT, CSTĐCS, TTLĐTT and Giấy khen only."""
    person = decisions_demo.execute("SELECT id FROM staff LIMIT 1").fetchone()[0]
    unit = decisions_demo.execute("SELECT id FROM units LIMIT 1").fetchone()[0]
    kwargs = {"unit_ids": [unit]} if code in ("TTLDXS", "CO_TINH") else {"staff_ids": [person]}
    with pytest.raises(ValidationError, match="Điều 80"):
        ds.create_decision(decisions_demo, so="99/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma=code, **kwargs)


def test_agency_titles_are_decided_by_the_agency(decisions_demo):
    from thidua_desktop.domain.rulesets import builtin_rulesets, pick_ruleset

    rs = pick_ruleset(builtin_rulesets(), 2026)
    assert {t.code for t in rs.titles if t.agency_decides} == {"LDTT", "CSTDCS", "TTLDTT", "GK"}


def test_a_proposal_submitted_and_answered_enters_the_history(proposed, tmp_path):
    db, pid, regs, people = proposed
    assert ps.state(proposals.get_proposal(db, pid)) == "du_thao"
    ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1))
    assert ps.state(proposals.get_proposal(db, pid)) == "da_trinh"
    with pytest.raises(ValidationError, match="không có trong đề nghị"):
        ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="", awarded=[10**6])
    did = ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20),
                                    issuer="Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa", awarded=regs[:2])
    d = decisions_store.get_decision(db, did)
    assert not d.is_own and d.cap == "tinh" and d.co_quan_ban_hanh.startswith("Chủ tịch")
    assert all(a.so_so_vang is None and a.tien_thuong is None for a in d.awardees)  # no agency book number
    history = {(a.staff_id, a.nam, a.ma): a for a in merit.awards_all(db)}
    assert history[(people[0], 2026, "BK_TINH")].so_quyet_dinh == "2715/QĐ-UBND"
    assert (people[2], 2026, "BK_TINH") not in history
    outcome = {i["registration_id"]: i["ket_qua"] for i in proposals.proposal_items(db, pid)}
    assert outcome == {regs[0]: "duoc_khen", regs[1]: "duoc_khen", regs[2]: "khong_duoc_khen"}
    with pytest.raises(ValidationError, match="cấp quyết định in"):
        ds.template_code(db, d)  # the province prints its Bằng khen
    with pytest.raises(ValidationError, match="đã ghi quyết định"):
        ps.record_higher_decision(db, pid, so="1/QĐ-UBND", ngay=dt.date(2026, 12, 21), issuer="", awarded=regs)


def test_agency_titles_cannot_be_proposed(decisions_demo):
    with pytest.raises(ValidationError, match="Thủ trưởng cơ quan quyết định"):
        ps.create_proposal(decisions_demo, nam=2026, ma="GK")


def _list(path, names):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN"])
    ws.append(["STT", "Họ và tên", "Chức vụ, đơn vị"])
    for i, n in enumerate(names, start=1):
        ws.append([i, n, ""])
    wb.save(path)
    return path


def test_the_higher_levels_list_is_matched_whole_or_not_at_all(proposed, tmp_path):
    db, pid, regs, _ = proposed
    names = [i["ten"] for i in proposals.proposal_items(db, pid)]
    plain = [n.upper() for n in names[:2]]  # the province types in capitals
    match = ps.read_awarded_names(db, pid, _list(tmp_path / "ok.xlsx", plain))
    assert match.errors == () and list(match.awarded) == regs[:2] and match.not_listed == (names[2],)
    bad = ps.read_awarded_names(db, pid, _list(tmp_path / "bad.xlsx", [names[0], "Người Không Có"]))
    assert bad.errors == ("Dòng 4: “Người Không Có” không có trong đề nghị",)


def test_cli_decide_propose_record_and_json(proposed, db_path, tmp_path, capsys):
    db, pid, regs, _ = proposed
    db.close()
    args = ["--db", str(db_path)]
    assert cli.main(["decide", *args, "--meeting", "2", "--title", "BK_TINH", "--number", "5/QĐ-BDT",
                     "--date", "2026-12-20"]) == 2
    assert "Điều 80" in capsys.readouterr().err
    assert cli.main(["submit-proposal", *args, "--proposal", str(pid), "--number", "15/TTr-BDT",
                     "--date", "2026-12-01"]) == 0
    names = [i["ten"] for i in proposals.proposal_items(open_db(db_path), pid)]
    listed = _list(tmp_path / "ubnd.xlsx", names[:1] + ["Ai Đó Khác"])
    assert cli.main(["record-decision", *args, "--proposal", str(pid), "--number", "2715/QĐ-UBND",
                     "--date", "2026-12-20", "--list", str(listed)]) == 2
    assert "Ai Đó Khác" in capsys.readouterr().err
    assert cli.main(["record-decision", *args, "--proposal", str(pid), "--number", "2715/QĐ-UBND",
                     "--date", "2026-12-20", "--registrations", f"{regs[0]},{regs[2]}"]) == 0
    capsys.readouterr()
    assert cli.main(["proposals", *args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["state"] == "co_quyet_dinh" and out[0]["decision"] == "2715/QĐ-UBND"
    assert [i["ket_qua"] for i in out[0]["items"]] == ["duoc_khen", "khong_duoc_khen", "duoc_khen"]
    assert cli.main(["decisions", *args, "--json"]) == 0
    decisions = {d["so"]: d for d in json.loads(capsys.readouterr().out)}
    assert decisions["142/QĐ-BDT"]["awardees"][0]["so_so_vang"] == 1
    assert decisions["2715/QĐ-UBND"]["awardees"][0]["so_so_vang"] is None


def test_cli_check_registrations_json(decisions_demo, db_path, capsys):
    decisions_demo.close()
    assert cli.main(["check-registrations", "--db", str(db_path), "--campaign", "1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["verdict"] for r in rows} <= {"du", "can_kiem_tra", "khong_du"}
    assert all({"id", "ten", "title", "reasons"} <= set(r) for r in rows)


def open_db(path):
    from thidua_desktop.store.db import open_database

    return open_database(path)


def test_the_proposals_tab_proposes_records_and_the_decision_tab_offers_only_agency_titles(
        decisions_demo, show_window, monkeypatch, tmp_path):
    from thidua_desktop.ui.decisions import tab as dt_ui
    from thidua_desktop.ui.decisions import proposal_tab as pt

    db = decisions_demo
    campaign = db.execute("SELECT id FROM campaigns WHERE nam_bat_dau <= 2026 AND nam_ket_thuc >= 2026 "
                          "ORDER BY id LIMIT 1").fetchone()[0]
    people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 2")]
    for p in people:
        registrations.save_registration(db, Registration(campaign, 2026, "CSTD_TINH", staff_id=p, trang_thai="dat"))
    win = show_window(db, "proposals")
    tab = win.proposal_tab
    assert tab.proposals.rowCount() == 0 and "Chưa có đề nghị nào" in tab.summary.text()
    assert not tab.actions["record"].isEnabled()

    def propose(dialog):
        dialog.year.setValue(2026)
        dialog.title.setCurrentIndex(dialog.title.findData("CSTD_TINH"))
        assert "2 đăng ký đã được Hội đồng xét đạt" in dialog.pending.text()
        assert dialog.title.findData("GK") == -1  # the agency decides Giấy khen itself
        dialog.save()
        return True

    monkeypatch.setattr(pt.ProposalDialog, "exec", propose)
    tab.actions["new"].trigger()
    assert tab.proposals.rowCount() == 1 and tab.items.rowCount() == 2

    def record(dialog):
        dialog.number.setText("2715/QĐ-UBND")
        dialog.people.item(1).setCheckState(pt.Qt.CheckState.Unchecked)
        dialog.save()
        return True

    monkeypatch.setattr(pt.HigherDecisionDialog, "exec", record)
    tab.actions["record"].trigger()
    assert "Đã có quyết định" in tab.proposal_proxy.index(0, 2).data()
    assert sorted(tab.item_proxy.index(r, 1).data() for r in range(2)) == ["Không được khen", "Được khen"]
    assert not tab.actions["record"].isEnabled()

    def check_titles(dialog):
        dialog.year.setValue(2026)
        codes = {dialog.title.itemData(i) for i in range(dialog.title.count())}
        assert codes == {"LDTT", "CSTDCS", "TTLDTT", "GK"}
        return False

    monkeypatch.setattr(dt_ui.DecisionDialog, "exec", check_titles)
    win.select_tab("decisions")
    win.decision_tab.actions["new"].trigger()
    # the province's decision in the Quyết định tab: the province pays, not "0 đồng"
    decisions = win.decision_tab
    [row] = [r for r in range(decisions.decision_proxy.rowCount())
             if decisions.decision_proxy.index(r, 0).data() == "2715/QĐ-UBND"]
    decisions.list.selectRow(row)
    assert "tiền thưởng do Chủ tịch Ủy ban nhân dân tỉnh chi" in decisions.summary.text()
    assert "0 đồng" not in decisions.summary.text()
    # deleted there (recorded by mistake), the proposal waits for its answer again
    monkeypatch.setattr(dt_ui, "confirm", lambda *a, **k: True)
    decisions.actions["delete"].trigger()
    win.select_tab("proposals")
    assert tab.actions["record"].isEnabled() and tab.proposal_proxy.index(0, 2).data() == "Chưa trình"
    assert {tab.item_proxy.index(r, 1).data() for r in range(2)} == {proposals.OUTCOMES["cho"]}


def test_deleting_or_correcting_the_higher_decision_updates_the_proposals_outcomes(proposed):
    """A higher decision recorded by mistake is deleted from the Quyết định tab: its proposal is
    'đã trình' again with every row waiting, and may be answered again; a correction that drops a
    person marks that row không được khen. Undo brings the outcomes back with the decision."""
    from thidua_desktop.store import undo

    db, pid, regs, people = proposed
    ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 1))
    did = ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="",
                                    awarded=regs[:2])
    outcomes = lambda: [i["ket_qua"] for i in proposals.proposal_items(db, pid)]  # noqa: E731
    d = decisions_store.get_decision(db, did)
    ds.correct_decision(db, did, so=d.so, ngay=d.ngay, nguoi_ky="", chuc_danh_ky="",
                        remove_awardee_ids=[d.awardees[1].id])
    assert outcomes() == ["duoc_khen", "khong_duoc_khen", "khong_duoc_khen"]
    other = db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 AND id NOT IN (?, ?, ?) LIMIT 1",
                       people).fetchone()[0]
    ds.correct_decision(db, did, so=d.so, ngay=d.ngay, nguoi_ky="", chuc_danh_ky="", staff_ids=[other])
    assert [a.tien_thuong for a in decisions_store.get_decision(db, did).awardees] == [None, None]  # the province pays
    undo.track(db)
    mark = undo.last_written(db)
    ds.delete_decision(db, did)
    p = proposals.get_proposal(db, pid)
    assert ps.state(p) == "da_trinh" and outcomes() == ["cho"] * 3
    undo.revert(db, undo.written_since(db, mark), "xóa quyết định")
    assert proposals.get_proposal(db, pid)["decision_id"] == did
    assert outcomes() == ["duoc_khen", "khong_duoc_khen", "khong_duoc_khen"]
    ds.delete_decision(db, did)
    again = ps.record_higher_decision(db, pid, so="2716/QĐ-UBND", ngay=dt.date(2026, 12, 21), issuer="",
                                      awarded=regs)
    assert proposals.get_proposal(db, pid)["decision_id"] == again and outcomes() == ["duoc_khen"] * 3


def test_a_tờ_trình_or_higher_decision_beyond_the_limits_is_refused_with_its_field(proposed):
    """Like every record: a pasted page as the tờ trình's number or a typo of its year is refused, in one
    sentence naming the field (not the generic "Nội dung"), and nothing is written."""
    db, pid, regs, people = proposed
    for so, day, message in (("x" * 500, dt.date(2026, 12, 1), "Số tờ trình quá dài (500 ký tự, tối đa 100)"),
                             ("15/TTr-BDT", dt.date(1800, 1, 1), "Ngày tờ trình 01/01/1800 không hợp lệ"),
                             ("15/TTr-BDT", dt.date(2400, 1, 1), "Ngày tờ trình 01/01/2400 không hợp lệ")):
        with pytest.raises(ValidationError, match=re.escape(message)):
            ps.submit_proposal(db, pid, so_to_trinh=so, ngay=day)
    assert ps.state(proposals.get_proposal(db, pid)) == "du_thao"
    with pytest.raises(ValidationError, match="Cấp ban hành quá dài"):
        ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="y" * 400,
                                  awarded=regs)
    assert proposals.get_proposal(db, pid)["decision_id"] is None


def test_a_proposals_state_and_each_rows_result_are_in_sight_at_1024x768(proposed, show_window):
    """At 1024×768 the Trạng thái of a proposal and the Kết quả of each proposed person show without
    scrolling sideways (they were the last, cut-off columns)."""
    db, pid, regs, people = proposed
    ps.record_higher_decision(db, pid, so="2715/QĐ-UBND", ngay=dt.date(2026, 12, 20), issuer="", awarded=regs[:2])
    window = show_window(db)
    window.resize(1024, 768)
    window.select_tab("proposals")
    tab = window.proposal_tab
    for view, field, text in ((tab.list, "trang_thai", "Đã có quyết định"), (tab.table, "ket_qua", "Không được khen")):
        model = view.model().sourceModel()
        col = [f for f, _ in model.COLUMNS].index(field)
        assert text in {view.model().index(r, col).data() for r in range(view.model().rowCount())}
        right = view.columnViewportPosition(col) + view.columnWidth(col)
        assert 0 <= view.columnViewportPosition(col) and right <= view.viewport().width(), field
        assert view.fontMetrics().horizontalAdvance(text) < view.columnWidth(col), field
