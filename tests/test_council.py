"""The council meeting end to end: store, service, CLI and the Kết quả bình xét tab."""
from __future__ import annotations

import json

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from drivers import answering
from thidua_desktop import cli
from thidua_desktop.domain.council import Council, CouncilMember, Meeting, Tally
from thidua_desktop.services.council import service as cs
from thidua_desktop.services.documents.council_xlsx import export_proposals, export_results
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import council as store
from thidua_desktop.store import registrations
from thidua_desktop.store.records import ValidationError


@pytest.fixture
def demo(db):
    build_demo(db, staff=300, seed=2)
    return db


def this_year(db):
    return store.list_meetings(db)[0]  # newest first


def test_demo_has_a_council_last_years_results_and_a_meeting_ready(demo):
    past, now = store.list_meetings(demo)[1], this_year(demo)
    state = cs.meeting_state(demo, past.id)
    assert not state.problems() and state.quorum.met and len(state.council.members) == 9
    [t] = state.titles
    assert len(t.tallies) == 2 and t.rounds[0].tied and not t.open_tie  # the tie went to a second round
    outcomes = [c.outcome for c in t.final.values()]
    assert outcomes.count("dat") == 3 == t.quota
    statuses = {r["trang_thai"] for r in registrations.registration_rows(demo, past.campaign_id)}
    assert statuses == {"quyet_dinh", "khong_dat"}  # those who passed are in last year's decision
    ready = cs.meeting_state(demo, now.id)
    assert ready.titles and all(t.candidates and not t.rounds for t in ready.titles)
    assert ready.written == 1 and ready.quorum.met


def test_counts_are_checked_before_anything_is_written(demo):
    meeting = this_year(demo)
    t = cs.meeting_state(demo, meeting.id).titles[0]
    ids = [r["id"] for r in t.candidates]
    with pytest.raises(ValidationError, match="lớn hơn số thành viên được bỏ phiếu"):
        cs.save_counts(demo, meeting.id, t.code, 1, Tally(10, 9, 9, 0, dict.fromkeys(ids, 9)))
    with pytest.raises(ValidationError, match="đúng những người"):
        cs.save_counts(demo, meeting.id, t.code, 1, Tally(9, 9, 9, 0, {ids[0]: 9}))
    assert store.rounds(demo, meeting.id) == {}
    absent = {m.id: ("vang", "ốm", "") for m in cs.meeting_state(demo, meeting.id).council.members}
    store.set_attendance(demo, meeting.id, absent)
    with pytest.raises(ValidationError, match="không đủ số thành viên"):  # no quorum: no counts, no result
        cs.save_counts(demo, meeting.id, t.code, 1, Tally(0, 0, 0, 0, dict.fromkeys(ids, 0)))
    with pytest.raises(ValidationError, match="không đủ số thành viên"):
        cs.apply_results(demo, meeting.id)


def test_a_tie_settled_by_the_chair_is_recorded_with_who_decided(demo):
    meeting = this_year(demo)
    state = cs.meeting_state(demo, meeting.id)
    t = state.titles[0]
    ids = [r["id"] for r in t.candidates][:3]
    store.set_candidates(demo, meeting.id, t.code, [r["registration_id"] for r in t.candidates][:3])
    store.set_quota(demo, meeting.id, t.code, 1)
    cs.save_counts(demo, meeting.id, t.code, 1, Tally(9, 9, 9, 0, dict(zip(ids, (8, 8, 3)))))
    t = cs.meeting_state(demo, meeting.id).title(t.code)
    assert t.open_tie == tuple(ids[:2])
    with pytest.raises(ValidationError, match="bỏ phiếu lại"):  # the national rule: a new round first
        cs.decide_tie(demo, meeting.id, t.code, [ids[1]], "Chủ tịch Hội đồng")
    cs.save_counts(demo, meeting.id, t.code, 2, Tally(9, 9, 9, 0, dict(zip(ids[:2], (5, 5)))))  # tied again
    with pytest.raises(ValidationError, match="đúng 1 người"):
        cs.decide_tie(demo, meeting.id, t.code, ids[:2], "Chủ tịch Hội đồng")
    cs.decide_tie(demo, meeting.id, t.code, [ids[1]], "Ông Trần Văn Hùng, Chủ tịch Hội đồng")
    final = cs.meeting_state(demo, meeting.id).title(t.code).final
    assert final[ids[1]].outcome == "dat" and "Trần Văn Hùng" in final[ids[1]].note
    assert final[ids[0]].outcome == "khong_dat"


def test_csv_counts_all_or_nothing(demo, tmp_path):
    meeting = this_year(demo)
    state = cs.meeting_state(demo, meeting.id)
    t = state.titles[0]
    lines = ["ma,vong,phat_ra,thu_vao,hop_le,khong_hop_le,dang_ky,ho_ten,dong_y"]
    for i, r in enumerate(t.candidates):
        counts = "9,9,9,0" if i == 0 else ",,,"
        who = f"{r['registration_id']}," if i % 2 else f",{r['ten']}"
        lines.append(f"{t.code},1,{counts},{who},{9 if i < 3 else 5}")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines[:-1] + [lines[-1].rsplit(",", 1)[0] + ",10"]), encoding="utf-8")
    with pytest.raises(ValidationError, match="nhiều hơn số phiếu hợp lệ"):
        cs.import_tally_csv(demo, meeting.id, bad)
    assert store.rounds(demo, meeting.id) == {}
    good = tmp_path / "good.csv"
    good.write_text("\n".join(lines), encoding="utf-8-sig")
    assert cs.import_tally_csv(demo, meeting.id, good) == [(t.code, 1)]
    [(number, tally)] = store.rounds(demo, meeting.id)[t.code]
    assert number == 1 and sorted(tally.votes.values(), reverse=True)[:3] == [9, 9, 9]


def test_exports_open_and_show_the_vote_figures(demo, tmp_path):
    past = store.list_meetings(demo)[1]
    demo.execute("UPDATE registrations SET trang_thai = 'dat' WHERE campaign_id = ? AND trang_thai = 'quyet_dinh'",
                 [past.campaign_id])  # as they were before last year's decision
    out = tmp_path / "de-nghi.xlsx"
    assert export_proposals(demo, past.campaign_id, out) == 3  # the three who passed
    ws = openpyxl.load_workbook(out).active
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025" in text or any("ĐỀ NGHỊ KHEN THƯỞNG" in t for t in text)
    assert any("Chiến sĩ thi đua cơ sở (cá nhân: 3)" in t for t in text)
    heading = next(c for c in ws["A"] if "(cá nhân: 3)" in str(c.value))
    assert f"A{heading.row}:G{heading.row}" in {str(m) for m in ws.merged_cells.ranges}  # across the table
    assert any("phiếu (" in t and "%" in t for t in text)  # the figures that decided
    out = tmp_path / "ket-qua.xlsx"
    assert export_results(demo, past.id, out) == 5 + 3  # round 1, then the three tied in round 2
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    votes = [r[4] for r in rows if isinstance(r[4], int)]
    assert votes[:5] == sorted(votes[:5], reverse=True)  # sorted by votes, high to low
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows


def test_cli_meetings_results_tally(demo, db_path, tmp_path, capsys):
    assert cli.main(["meetings", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "9 thành viên, có mặt 8, ý kiến bằng văn bản 1, túc số đủ" in out
    past = store.list_meetings(demo)[1]
    assert cli.main(["results", "--db", str(db_path), "--meeting", str(past.id), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quorum_met"] and not data["problems"]
    first = [r for r in data["results"] if r["round"] == 1]
    assert [r["votes"] for r in first] == [9, 8, 8, 8, 6] and first[0]["base"] == 9
    assert sum(r["passed"] for r in data["results"] if r["round"] == 2) == 2
    assert cli.main(["results", "--db", str(db_path), "--meeting", "999"]) == 2
    assert "cuộc họp mã 999" in capsys.readouterr().err
    bad = tmp_path / "x.csv"
    bad.write_text("ma,vong,dang_ky,dong_y\nXYZ,1,1,3\n", encoding="utf-8")
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(this_year(demo).id), str(bad)]) == 2
    assert "không bầu danh hiệu “XYZ”" in capsys.readouterr().err


def _count_everyone(db, meeting_id, votes=9):
    """Round 1 of every title with no cap and ``votes`` for each candidate."""
    for t in cs.meeting_state(db, meeting_id).titles:
        store.set_quota(db, meeting_id, t.code, None)
        cs.save_counts(db, meeting_id, t.code, 1, Tally(9, 9, 9, 0, {r["id"]: votes for r in t.candidates}))


def _csv(path, state, votes):
    lines = ["ma,vong,phat_ra,thu_vao,hop_le,khong_hop_le,dang_ky,dong_y"]
    for t in state.titles:
        for i, r in enumerate(t.candidates):
            lines.append(f"{t.code},1,{'9,9,9,0' if i == 0 else ',,,'},{r['registration_id']},{votes}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_recorded_results_close_the_meeting_until_it_is_reopened(demo, db_path, tmp_path, capsys):
    """Issue 15, item 5: a re-tally of a finished meeting never rewrites history."""
    from thidua_desktop.store import audit

    past = store.list_meetings(demo)[1]
    assert cs.meeting_state(demo, past.id).closed  # last year's results are recorded …
    rounds = store.rounds(demo, past.id)
    statuses = sorted(demo.execute("SELECT id, trang_thai, ket_qua_binh_xet FROM registrations").fetchall())
    again = _csv(tmp_path / "lai.csv", cs.meeting_state(demo, past.id), 0)
    assert cli.main(["meetings", "--db", str(db_path)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "đã ghi kết quả" in next(line for line in listed if line.startswith(f"{past.id}\t"))
    assert "đã ghi kết quả" not in next(line for line in listed if line.startswith(f"{this_year(demo).id}\t"))
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(past.id), str(again)]) == 2
    assert "thêm --reopen để mở lại cuộc họp" in capsys.readouterr().err
    # … and feed Quyết định 142/QĐ-BDT: it cannot be reopened
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(past.id), "--reopen", str(again)]) == 2
    assert "đã dùng để ban hành Quyết định số 142/QĐ-BDT" in capsys.readouterr().err
    with pytest.raises(ValidationError, match="Quyết định số 142/QĐ-BDT"):
        cs.reopen_meeting(demo, past.id)
    for write in (lambda: cs.save_counts(demo, past.id, "CSTDCS", 1, Tally(9, 9, 9, 0, {})),
                  lambda: store.set_attendance(demo, past.id, {}),
                  lambda: store.set_quota(demo, past.id, "CSTDCS", 1),
                  lambda: cs.propose_candidates(demo, past.id),
                  lambda: store.delete_rounds(demo, past.id, "CSTDCS"),
                  lambda: cs.apply_results(demo, past.id)):
        with pytest.raises(ValidationError, match="Mở lại cuộc họp"):
            write()
    assert store.rounds(demo, past.id) == rounds and cs.meeting_state(demo, past.id).closed
    assert sorted(demo.execute("SELECT id, trang_thai, ket_qua_binh_xet FROM registrations").fetchall()) == statuses
    # this year's meeting: results recorded, no decision yet — reopened on purpose, logged
    now = this_year(demo)
    _count_everyone(demo, now.id)
    cs.apply_results(demo, now.id)
    assert cs.meeting_state(demo, now.id).closed
    recount = _csv(tmp_path / "dem-lai.csv", cs.meeting_state(demo, now.id), 8)
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(now.id), str(recount)]) == 2
    capsys.readouterr()
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(now.id), "--reopen", str(recount)]) == 0
    out = capsys.readouterr().out
    assert f"Đã mở lại cuộc họp {now.id}" in out and "hãy “Ghi kết quả” lại" in out
    state = cs.meeting_state(demo, now.id)
    assert not state.closed and all(v == 8 for t in state.titles for _, tally in store.rounds(demo, now.id)[t.code]
                                    for v in tally.votes.values())
    notes = [json.loads(e["moi"])["ghi_chu"] for e in audit.entries(demo) if e["thao_tac"] == "ghi_chu"]
    assert any(n.startswith(f"Mở lại cuộc họp Hội đồng ngày {now.ngay:%d/%m/%Y}") for n in notes)


def test_a_failed_recount_leaves_the_meeting_closed(demo, db_path, tmp_path, capsys):
    now = this_year(demo)
    _count_everyone(demo, now.id)
    cs.apply_results(demo, now.id)
    bad = tmp_path / "sai.csv"
    bad.write_text("ma,vong,dang_ky,dong_y\nXYZ,1,1,3\n", encoding="utf-8")
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(now.id), "--reopen", str(bad)]) == 2
    assert "không bầu danh hiệu “XYZ”" in capsys.readouterr().err
    assert cs.meeting_state(demo, now.id).closed  # reopened and counted, or neither


def test_cli_ballots_and_minutes_are_pdfs_with_the_names(demo, db_path, tmp_path, capsys):
    import unicodedata

    from pypdf import PdfReader

    now, past = store.list_meetings(demo)
    ballots = tmp_path / "phieu.pdf"
    assert cli.main(["ballots", "--db", str(db_path), "--meeting", str(now.id), str(ballots)]) == 0
    assert "9 phiếu mỗi danh hiệu" in capsys.readouterr().out
    text = unicodedata.normalize("NFC", " ".join(p.extract_text() for p in PdfReader(ballots).pages))
    first = cs.meeting_state(demo, now.id).titles[0].candidates[0]["ten"]
    assert "PHIẾU BẦU" in text and first in text and "Phiếu số" not in text  # secret: no serial
    assert len(PdfReader(ballots).pages) % 9 == 0
    minutes = tmp_path / "bien-ban.pdf"
    assert cli.main(["minutes", "--db", str(db_path), "--meeting", str(past.id), str(minutes)]) == 0
    counted = unicodedata.normalize("NFC", " ".join(
        p.extract_text() for p in PdfReader(tmp_path / "bien-ban-kiem-phieu.pdf").pages))
    assert "BIÊN BẢN KIỂM PHIẾU" in counted and "88,89 %" in counted
    assert cli.main(["ballots", "--db", str(db_path), "--meeting", str(now.id), str(tmp_path / "x.txt")]) == 2


def test_store_keeps_council_history_and_member_ids(db):
    first = store.save_council(db, Council("01/QĐ", __import__("datetime").date(2024, 1, 5), (
        CouncilMember("Nguyễn Văn An", "chu_tich"), CouncilMember("Lê Thị Bình", "thu_ky"))))
    with pytest.raises(ValidationError, match="đúng một Chủ tịch"):
        store.save_council(db, Council("02/QĐ", __import__("datetime").date(2025, 1, 5),
                                       (CouncilMember("Trần Cường", "uy_vien"),)))
    council = store.get_council(db, first)
    renamed = council.members[1].__class__(**{**council.members[1].__dict__, "chuc_vu": "Chánh Văn phòng"})
    store.save_council(db, Council(council.so_quyet_dinh, council.ngay_quyet_dinh,
                                   (council.members[0], renamed), id=first))
    again = store.get_council(db, first)
    assert [m.id for m in again.members] == [m.id for m in council.members]
    assert again.members[1].chuc_vu == "Chánh Văn phòng"
    assert store.council_on(db, __import__("datetime").date(2024, 6, 1)).id == first
    assert store.council_on(db, __import__("datetime").date(2023, 6, 1)) is None
    with pytest.raises(ValidationError, match="Cần ngày họp"):
        store.save_meeting(db, Meeting(first, 1, 2024, None))


# --- the tab -----------------------------------------------------------------------------

@pytest.fixture
def win(show_window, demo):
    return show_window(demo, "council")


def test_set_up_a_council_and_open_a_meeting_from_the_tab(win, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.ui.council import tab as ct

    tab = win.council_tab
    before = len(store.list_councils(win.db))

    def fill_council(dialog):  # "No": a new council by a new decision, members carried over
        dialog.number.setText("09/QĐ-BDT")
        dialog.table.removeRow(dialog.table.rowCount() - 1)
        dialog.add_member()
        r = dialog.table.rowCount() - 1
        dialog.table.cellWidget(r, 0).setEditText("Lê Thị Mới")  # not on the staff list: typed
        dialog.table.cellWidget(r, 2).setCurrentIndex(dialog.table.cellWidget(r, 2).findData("thu_ky"))
        dialog.save()
        return True

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(ct.CouncilDialog, "exec", fill_council)
    tab.top_actions["council"].trigger()
    councils = store.list_councils(win.db)
    assert len(councils) == before + 1 and councils[0].so_quyet_dinh == "09/QĐ-BDT"
    assert councils[0].members[-1].ho_ten == "Lê Thị Mới" and len(councils[0].members) == 9
    assert len(councils[1].members) == 9  # the old council is kept as it was

    def fill_meeting(dialog):
        dialog.council.setCurrentIndex(dialog.council.findData(councils[0].id))
        dialog.place.setText("Hội trường Ban")
        dialog.save()
        return True

    monkeypatch.setattr(ct.MeetingDialog, "exec", fill_meeting)
    tab.top_actions["new_meeting"].trigger()
    assert tab.state.meeting.dia_diem == "Hội trường Ban" and tab.state.council.id == councils[0].id
    assert tab.title_combo.count() >= 1 and tab.model.rowCount() > 0  # candidates from the proposals
    out = tmp_path / "phieu.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    tab.doc_actions["ballots"].trigger()
    assert out.exists() and out.read_bytes()[:5] == b"%PDF-"
    win.undo()  # the new meeting is taken back
    assert all(m.dia_diem != "Hội trường Ban" for m in store.list_meetings(win.db))


def type_round(tab, counts, votes):
    for key, value in zip(("issued", "returned", "valid", "invalid"), counts):
        tab.counts[key].setText(str(value))
    for row, value in enumerate(votes):
        tab.model.setData(tab.model.index(row, tab.model.VOTES), str(value))


def test_meeting_flow_counts_checked_as_typed_tie_second_round_and_results(win, monkeypatch):
    tab = win.council_tab
    assert tab.state is not None and tab.state.meeting.nam == 2026 and "đủ điều kiện" in tab.quorum_label.text()
    code = tab.title_combo.currentData()
    t = tab.title_state()
    ids = [r["registration_id"] for r in t.candidates][:4]
    store.set_candidates(win.db, tab.state.meeting.id, code, ids)  # four candidates, two places
    store.set_quota(win.db, tab.state.meeting.id, code, 2)
    tab.reload()
    assert tab.model.rowCount() == 4 and not tab.actions["save"].isEnabled()
    type_round(tab, (10, 9, 9, 0), (9, 8, 8, 2))
    assert not tab.actions["save"].isEnabled() and "lớn hơn số thành viên được bỏ phiếu" in tab.errors.text()
    tab.counts["issued"].setText("9")
    tab.model.setData(tab.model.index(3, tab.model.VOTES), "mười")
    assert "phải là số nguyên không âm" in tab.errors.text() and not tab.actions["save"].isEnabled()
    tab.model.setData(tab.model.index(3, tab.model.VOTES), "2")
    assert tab.errors.text() == "" and tab.actions["save"].isEnabled()
    tab.actions["save"].trigger()
    t = tab.title_state()
    assert t.open_tie and tab.actions["new_round"].isEnabled() and not tab.actions["apply"].isEnabled()
    assert "bằng phiếu" in tab.summary.text()
    tab.actions["new_round"].trigger()
    assert tab.model.rowCount() == 2  # only the tied vote again
    type_round(tab, (9, 9, 9, 0), (7, 4))
    tab.actions["save"].trigger()
    t = tab.title_state()
    assert not t.open_tie and len(t.tallies) == 2
    win.undo()  # the second round is taken back, the tie is open again
    assert tab.title_state().open_tie
    tab.actions["new_round"].trigger()
    type_round(tab, (9, 9, 9, 0), (7, 4))
    tab.actions["save"].trigger()
    # other titles: everyone gets 9 votes
    for i in range(tab.title_combo.count()):
        tab.title_combo.setCurrentIndex(i)
        if not tab.title_state().tallies:
            type_round(tab, (9, 9, 9, 0), [9] * tab.model.rowCount())
            tab.actions["save"].trigger()
    assert tab.actions["apply"].isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.actions["apply"].trigger()
    rows = {r["id"]: r for r in registrations.registration_rows(win.db, tab.state.meeting.campaign_id)}
    got = [rows[i]["trang_thai"] for i in ids]
    assert got.count("dat") == 2 and got[0] == "dat"
    note = win.db.execute("SELECT ket_qua_binh_xet FROM registrations WHERE id = ?", [ids[0]]).fetchone()[0]
    assert "9/9 phiếu (100 %)" in note
    win.undo()
    assert {rows_[0] for rows_ in win.db.execute(
        f"SELECT trang_thai FROM registrations WHERE id IN ({','.join('?' * 4)})", ids)} == {"de_nghi"}


def test_chair_decides_from_the_tab(win, monkeypatch):
    tab = win.council_tab
    code = tab.title_combo.currentData()
    t = tab.title_state()
    ids = [r["registration_id"] for r in t.candidates][:2]
    store.set_candidates(win.db, tab.state.meeting.id, code, ids)
    store.set_quota(win.db, tab.state.meeting.id, code, 1)
    tab.reload()
    type_round(tab, (9, 9, 9, 0), (8, 8))
    tab.actions["save"].trigger()
    assert not tab.actions["chair"].isEnabled() and tab.actions["new_round"].isEnabled()  # a new round first
    tab.actions["new_round"].trigger()
    type_round(tab, (9, 9, 9, 0), (4, 4))
    tab.actions["save"].trigger()
    assert tab.actions["chair"].isEnabled()  # tied again: the chair decides
    second = tab.title_state().candidates[1]["ten"]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (second, True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Chủ tịch Hội đồng Nguyễn Văn A", True))
    tab.actions["chair"].trigger()
    final = tab.title_state().final
    winner = next(c for c in final.values() if c.outcome == "dat")
    assert "Nguyễn Văn A quyết định chọn" in winner.note
    assert tab.model.data(tab.model.index(1, 5)) in ("Đạt", "Không đạt")


def test_closing_the_window_with_typed_but_unsaved_counts_asks_first(win, monkeypatch, db_path):
    from thidua_desktop.store.db import open_database

    tab = win.council_tab
    code = tab.title_combo.currentData()
    t = tab.title_state()
    ids = [r["registration_id"] for r in t.candidates][:2]
    store.set_candidates(win.db, tab.state.meeting.id, code, ids)
    tab.reload()
    assert not tab.unsaved_work()
    type_round(tab, (9, 9, 9, 0), (8,))  # the second candidate's votes not typed yet
    asked = []
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Cancel, asked))
    assert not win.close() and win.isVisible()
    assert "số phiếu đã gõ" in asked[-1] and tab.counts["issued"].text() == "9"
    win.select_tab("staff")
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Save, asked))
    assert not win.close()  # the counts do not add up yet: nothing written, the window stays on the tab
    assert win.isVisible() and win.tabs.currentWidget() is tab and "Chưa lưu được" in win.statusBar().currentMessage()
    assert not tab.title_state().tallies
    tab.model.setData(tab.model.index(1, tab.model.VOTES), "7")
    meeting = tab.state.meeting.id
    assert win.close()  # Lưu now writes the round, then the window closes
    assert not win.isVisible()
    check = open_database(db_path)
    try:
        assert check.execute("SELECT phat_ra, hop_le FROM vote_rounds WHERE meeting_id = ? AND ma = ?",
                             [meeting, code]).fetchall() == [(9, 9)]
        votes = check.execute("""SELECT v.dong_y FROM round_votes v JOIN vote_rounds r ON r.id = v.round_id
                                 WHERE r.meeting_id = ? AND r.ma = ? ORDER BY v.dong_y""", [meeting, code])
        assert [v for (v,) in votes] == [7, 8]
    finally:
        check.close()


def test_reopen_a_recorded_meeting_from_the_tab(win, monkeypatch):
    from thidua_desktop.store import audit

    tab = win.council_tab
    past = store.list_meetings(win.db)[1]
    tab.meeting_combo.setCurrentIndex(tab.meeting_combo.findData(past.id))
    assert tab.state.closed and "đã được ghi vào đăng ký" in tab.summary.text()
    assert tab.actions["reopen"].isEnabled()
    assert not any(tab.actions[k].isEnabled() for k in ("propose", "save", "apply", "new_round", "chair"))
    assert tab.counts["issued"].isReadOnly() and not tab.members.cellWidget(0, 1).isEnabled()
    assert not tab.model.flags(tab.model.index(0, tab.model.VOTES)) & Qt.ItemFlag.ItemIsEditable
    warnings, questions = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: questions.append(text) or QMessageBox.StandardButton.Yes)
    tab.actions["reopen"].trigger()  # its results are in last year's decision
    assert "Quyết định số 142/QĐ-BDT" in warnings[-1] and tab.state.closed
    # this year's meeting: counted and recorded from the tab, then reopened
    now = this_year(win.db)
    tab.meeting_combo.setCurrentIndex(tab.meeting_combo.findData(now.id))
    for i in range(tab.title_combo.count()):
        tab.title_combo.setCurrentIndex(i)
        tab.quota.setValue(-1)
        tab.save_quota()
        type_round(tab, (9, 9, 9, 0), [9] * tab.model.rowCount())
        tab.actions["save"].trigger()
    tab.actions["apply"].trigger()
    assert tab.state.closed and not tab.actions["save"].isEnabled() and not tab.actions["apply"].isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    tab.actions["reopen"].trigger()  # asked first: No changes nothing
    assert tab.state.closed
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: questions.append(text) or QMessageBox.StandardButton.Yes)
    tab.actions["reopen"].trigger()
    assert "nhật ký" in questions[-1]
    assert not tab.state.closed and tab.actions["propose"].isEnabled() and not tab.counts["issued"].isReadOnly()
    assert "Mở lại cuộc họp" in json.loads(audit.entries(win.db, 1)[0]["moi"])["ghi_chu"]
    win.undo()  # closed again
    assert cs.meeting_state(win.db, now.id).closed


def test_results_proposed_to_the_higher_level_keep_the_meeting_closed(demo):
    import datetime as dt

    from thidua_desktop.services.decisions import proposals as ps

    now = this_year(demo)
    _count_everyone(demo, now.id)
    cs.apply_results(demo, now.id)
    pid = ps.create_proposal(demo, nam=now.nam, ma="CO_TINH", meeting_id=now.id)
    ps.submit_proposal(demo, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(now.nam, 12, 18))
    with pytest.raises(ValidationError, match="đã trình cấp trên bằng Tờ trình số 15/TTr-BDT"):
        cs.reopen_meeting(demo, now.id)
    [rid] = demo.execute("SELECT registration_id FROM proposal_items LIMIT 1").fetchone()
    demo.execute("DELETE FROM meeting_candidates WHERE registration_id = ?", [rid])  # only the proposal holds it
    with pytest.raises(ValidationError, match="Tờ trình đề nghị cấp trên số 15/TTr-BDT"):
        registrations.delete_registrations(demo, [rid])
    assert cs.meeting_state(demo, now.id).closed


def _pdf_text(path) -> str:
    import unicodedata

    from pypdf import PdfReader

    return " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in PdfReader(path).pages)).split())


def test_members_are_picked_from_the_staff_list_or_typed(win, monkeypatch):
    from thidua_desktop.ui.council import tab as ct

    person = win.db.execute("SELECT id, ho_ten, chuc_vu, gioi_tinh FROM staff WHERE dang_cong_tac = 1 "
                            "AND chuc_vu <> '' ORDER BY id DESC LIMIT 1").fetchone()

    def fill(dialog):
        dialog.number.setText("10/QĐ-BDT")
        dialog.add_member()
        r = dialog.table.rowCount() - 1
        picker = dialog.table.cellWidget(r, 0)
        assert picker.lineEdit().placeholderText().startswith("Gõ tên")
        picker.select_staff(person[0])  # chosen from the suggestions
        assert dialog.table.item(r, 1).text() == person[2]  # the position comes with the person
        dialog.add_member()
        dialog.table.cellWidget(r + 1, 0).setEditText("Phạm Văn Công Đoàn")  # a union representative
        dialog.table.setItem(r + 1, 1, ct.QTableWidgetItem("Chủ tịch Công đoàn"))
        dialog.save()
        return True

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(ct.CouncilDialog, "exec", fill)
    win.council_tab.top_actions["council"].trigger()
    members = store.list_councils(win.db)[0].members
    picked, typed = members[-2], members[-1]
    assert (picked.staff_id, picked.ho_ten, picked.chuc_vu, picked.gioi_tinh) == tuple(person[:3]) + (person[3],)
    assert (typed.staff_id, typed.ho_ten, typed.chuc_vu) == (None, "Phạm Văn Công Đoàn", "Chủ tịch Công đoàn")
    assert win.undo_labels()[0] == "lưu Hội đồng"


def test_the_meeting_records_its_secretary_who_signs_the_minutes_printed_or_saved(win, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from thidua_desktop.ui.council import documents
    from thidua_desktop.ui.council import tab as ct

    tab = win.council_tab
    council_secretary = next(m.ho_ten for m in tab.state.council.members if m.vai_tro == "thu_ky")
    clerk = win.db.execute("SELECT id, ho_ten FROM staff WHERE dang_cong_tac = 1 AND ho_ten <> ? ORDER BY id "
                           "LIMIT 1", [council_secretary]).fetchone()

    def edit(dialog):
        assert dialog.secretary.person()[1] == council_secretary  # the council's Thư ký by default
        dialog.secretary.select_staff(clerk[0])
        dialog.save()
        return True

    monkeypatch.setattr(ct.MeetingDialog, "exec", edit)
    tab.top_actions["edit_meeting"].trigger()
    assert tab.state.meeting.thu_ky == clerk[1]
    assert cs.meeting_view(win.db, tab.state.meeting.id).secretary == clerk[1]

    # to PDF: both minutes, and the status bar names both files
    monkeypatch.setattr(documents, "printer_names", lambda: ["Máy in Phòng Tổ chức"])
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (documents.PDF_TARGET, True))
    out = tmp_path / "bien-ban.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    tab.doc_actions["minutes"].trigger()
    counting = tmp_path / "bien-ban-kiem-phieu.pdf"
    assert tab.last_written == [out, counting] and out.exists() and counting.exists()
    message = win.statusBar().currentMessage()
    assert str(out) in message and str(counting) in message
    assert f"Thư ký: {clerk[1]}" in _pdf_text(out)

    # to a printer: every page of both documents, through the one print loop
    from thidua_desktop.ui import printing as ui_printing

    printed = tmp_path / "printer.pdf"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Máy in Phòng Tổ chức", True))
    sent: list[int] = []
    real = ui_printing.print_document
    monkeypatch.setattr(ui_printing, "print_document", lambda *a: sent.append(real(*a)) or sent[-1])
    from PySide6.QtPrintSupport import QPrinter

    def pdf_printer(name):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # coarse pages: the test stays quick
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    tab.make_printer = pdf_printer
    tab.doc_actions["minutes"].trigger()
    from pypdf import PdfReader

    assert len(sent) == 2 and sent[1] == len(PdfReader(printed).pages) == len(PdfReader(counting).pages)
    assert sent[0] == len(PdfReader(out).pages)
    assert f"Đã gửi {sum(sent)} trang tới máy in “Máy in Phòng Tổ chức”" in win.statusBar().currentMessage()
