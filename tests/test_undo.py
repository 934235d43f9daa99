"""Undo and redo from the audit log: every row a change touched, cascades
included; never a change the window did not make; a stack with names."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from thidua_desktop.store import council, registrations, undo
from thidua_desktop.store.db import open_database


def candidate_with_votes(db) -> int:
    """A registration of last year's meeting with counted votes (and in a decision)."""
    return db.execute("""SELECT mc.registration_id FROM meeting_candidates mc
                         JOIN round_votes rv ON rv.candidate_id = mc.id
                         JOIN decision_awardees a ON a.registration_id = mc.registration_id
                         LIMIT 1""").fetchone()[0]


def meeting_with_votes(db) -> int:
    """Last year's meeting: candidates, counted rounds, attendance, and decisions made from it."""
    return db.execute("SELECT r.meeting_id FROM vote_rounds r JOIN decisions d ON d.meeting_id = r.meeting_id "
                      "LIMIT 1").fetchone()[0]


def meeting_snapshot(db, mid: int) -> dict:
    """Everything that hangs on meeting ``mid``."""
    def rows(sql):
        return db.execute(sql, [mid]).fetchall()

    return {
        "meeting": rows("SELECT id, council_id, campaign_id, nam, ngay, dia_diem, thu_ky FROM meetings WHERE id = ?"),
        "attendance": rows("SELECT * FROM meeting_attendance WHERE meeting_id = ?"),
        "candidates": rows("SELECT * FROM meeting_candidates WHERE meeting_id = ?"),
        "rounds": rows("SELECT * FROM vote_rounds WHERE meeting_id = ?"),
        "votes": rows("SELECT v.* FROM round_votes v JOIN vote_rounds r ON r.id = v.round_id WHERE r.meeting_id = ?"),
        "decisions": rows("SELECT id FROM decisions WHERE meeting_id = ?"),
    }


def write_behind(db_path, *statements: tuple[str, list]) -> None:
    """A CLI command writing the file behind the window's back, in its own connection."""
    cli = open_database(db_path)
    try:
        for sql, args in statements:
            cli.execute(sql, args)
        cli.conn.commit()
    finally:
        cli.close()


def refused_undo(win, monkeypatch) -> str:
    """Undo, expected refused: the warning it shows."""
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: messages.append(text))
    assert not win.undo()
    assert messages
    return messages[0]


def test_store_revert_brings_back_cascades_and_redo_takes_them_again(decisions_demo):
    db = decisions_demo
    undo.track(db)
    mid = meeting_with_votes(db)
    before = meeting_snapshot(db, mid)
    assert all(before.values())
    mark = undo.last_written(db)
    council.delete_meeting(db, mid)  # cascades to attendance, candidates, rounds, votes; unlinks the decisions
    change = undo.written_since(db, mark)
    assert not any(meeting_snapshot(db, mid).values())
    inverse = undo.revert(db, change, "xóa cuộc họp")
    assert meeting_snapshot(db, mid) == before  # the same rows with the same ids, the decisions' link too
    undo.revert(db, inverse, "xóa cuộc họp")  # redo
    assert not meeting_snapshot(db, mid)["votes"]


def test_another_connections_writes_are_never_part_of_the_windows_change(decisions_demo, db_path):
    db = decisions_demo
    undo.track(db)
    mark = undo.last_written(db)
    other = open_database(db_path)  # the CLI
    try:
        other.execute("UPDATE staff SET chuc_vu = 'Chuyên viên chính' WHERE id = 1")
        other.conn.commit()
    finally:
        other.close()
    assert undo.written_since(db, mark) == ()


@pytest.fixture
def win(show_window, decisions_demo):
    return show_window(decisions_demo, "registrations")


def test_window_undo_of_a_meeting_delete_restores_candidates_and_votes(win):
    mid = meeting_with_votes(win.db)
    before = meeting_snapshot(win.db, mid)
    assert win.perform(lambda: council.delete_meeting(win.db, mid))
    win.did_change("xóa cuộc họp")
    assert not meeting_snapshot(win.db, mid)["candidates"]
    assert win.undo_action.text() == "&Hoàn tác “xóa cuộc họp”"
    assert win.undo()
    assert meeting_snapshot(win.db, mid) == before
    assert win.redo_action.isEnabled() and win.redo_action.text() == "&Làm lại “xóa cuộc họp”"
    assert win.redo()
    assert not meeting_snapshot(win.db, mid)["votes"]
    assert win.undo()  # and back again
    assert meeting_snapshot(win.db, mid) == before


def test_undo_is_refused_when_someone_else_changed_the_rows_since(win, db_path, monkeypatch):
    rid = candidate_with_votes(win.db)
    assert win.perform(lambda: registrations.set_keep_reason(win.db, [rid], "Thành tích đặc biệt"))
    win.did_change("giữ lại 1 đăng ký")
    write_behind(db_path, ("UPDATE registrations SET ly_do_giu = 'Sửa từ dòng lệnh' WHERE id = ?", [rid]))
    message = refused_undo(win, monkeypatch)
    assert "Không hoàn tác “giữ lại 1 đăng ký” được" in message
    assert "Đăng ký thi đua" in message and "đã được thay đổi sau đó" in message
    assert win.db.execute("SELECT ly_do_giu FROM registrations WHERE id = ?", [rid]).fetchone()[0] == \
        "Sửa từ dòng lệnh"  # the other change is kept
    assert not win.undo_action.isEnabled()


def test_a_cli_write_to_other_rows_is_left_alone_by_undo(win, db_path):
    rid = candidate_with_votes(win.db)
    assert win.perform(lambda: registrations.set_keep_reason(win.db, [rid], "Lý do"))
    win.did_change("giữ lại 1 đăng ký")
    write_behind(db_path, ("UPDATE staff SET chuc_vu = 'Phó Trưởng phòng' WHERE id = 1", []))
    assert win.undo()
    assert win.db.execute("SELECT ly_do_giu FROM registrations WHERE id = ?", [rid]).fetchone()[0] == ""
    assert win.db.execute("SELECT chuc_vu FROM staff WHERE id = 1").fetchone()[0] == "Phó Trưởng phòng"


def test_a_stack_of_three_changes_undone_in_order_with_their_names(win):
    db = win.db
    ids = [r[0] for r in db.execute("SELECT id FROM registrations WHERE nam = 2026 AND trang_thai = 'dang_ky' "
                                    "ORDER BY id LIMIT 3")]
    assert len(ids) == 3
    state = lambda: db.execute(f"SELECT trang_thai, ly_do_giu FROM registrations WHERE id IN ({','.join('?' * 3)}) "
                               "ORDER BY id", ids).fetchall()
    start = state()
    steps = [
        ("chuyển 2 đăng ký sang Đề nghị", lambda: registrations.set_status(db, ids[:2], "de_nghi")),
        ("ghi lý do giữ lại", lambda: registrations.set_keep_reason(db, ids[1:], "Lý do")),
        ("xóa 1 đăng ký", lambda: registrations.delete_registrations(db, ids[2:])),
    ]
    states = [start]
    for label, write in steps:
        assert win.perform(write)
        win.did_change(label)
        states.append(state())
    assert win.undo_labels() == [label for label, _ in reversed(steps)]
    for label, _ in reversed(steps):
        assert win.undo_action.text() == f"&Hoàn tác “{label}”"
        assert win.undo()
        states.pop()
        assert state() == states[-1]
    assert state() == start and not win.undo_action.isEnabled()
    assert win.redo_labels() == [label for label, _ in steps]
    assert win.redo() and win.redo()
    assert win.undo_labels() == ["ghi lý do giữ lại", "chuyển 2 đăng ký sang Đề nghị"]
    assert win.perform(lambda: registrations.set_status(db, ids[:1], "dang_ky"))
    win.did_change("chuyển 1 đăng ký về Đăng ký")  # a new change ends what could be redone
    assert not win.redo_action.isEnabled()


def test_the_print_log_is_never_taken_back_by_a_later_undo(win):
    from thidua_desktop.store import decisions as dstore

    did = win.db.execute("SELECT id FROM decisions ORDER BY id LIMIT 1").fetchone()[0]
    dstore.log_print(win.db, did, [1, 2], printer="Canon")
    win.checkpoint()  # what the print dialog does after logging
    rid = candidate_with_votes(win.db)
    assert win.perform(lambda: registrations.set_keep_reason(win.db, [rid], "Lý do"))
    win.did_change("giữ lại 1 đăng ký")
    assert win.undo()
    assert len(dstore.print_history(win.db, did)) == 1


def test_undo_refuses_to_bring_back_a_row_whose_parent_was_deleted_since(win, db_path, monkeypatch):
    """Undoing the delete of a meeting candidate whose registration the CLI deleted since."""
    rid = candidate_with_votes(win.db)
    candidate = win.db.execute("SELECT id FROM meeting_candidates WHERE registration_id = ?", [rid]).fetchone()[0]
    assert win.perform(lambda: win.db.execute("DELETE FROM meeting_candidates WHERE id = ?", [candidate]))
    win.did_change("bỏ 1 người khỏi danh sách bầu")
    write_behind(db_path, ("UPDATE decision_awardees SET registration_id = NULL WHERE registration_id = ?", [rid]),
                 ("DELETE FROM registrations WHERE id = ?", [rid]))
    assert "Không hoàn tác “bỏ 1 người khỏi danh sách bầu” được" in refused_undo(win, monkeypatch)
    assert win.db.execute("SELECT count(*) FROM meeting_candidates WHERE id = ?", [candidate]).fetchone()[0] == 0
    assert not win.db.conn.in_transaction


def test_deleting_people_from_the_staff_tab_can_be_undone(show_window, db, monkeypatch):
    """From an empty file: two people typed in, deleted, brought back with their ids and search keys."""
    from thidua_desktop.domain.models import Staff, Unit
    from thidua_desktop.store import records

    office = records.save_unit(db, Unit("Văn phòng"))
    ids = [records.save_staff(db, Staff(name, unit_id=office)) for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    win = show_window(db, "staff")
    tab = win.staff_tab
    tab.reload(select_ids=ids)
    assert sorted(tab.selected_ids()) == sorted(ids)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete_selected()
    assert records.count_staff(db) == 0 and win.undo_labels() == ["xóa 2 người"]
    assert win.undo()
    rows = {r["id"]: r for r in records.list_staff_rows(db)}
    assert sorted(rows) == sorted(ids) and rows[ids[1]]["ten_key"] == "tran thi binh"
    assert tab.model.rowCount() == 2


def test_a_window_on_a_read_only_file_opens_with_nothing_to_undo(show_window, decisions_demo, db_path):
    from thidua_desktop.store import undo as undo_store

    decisions_demo.conn.commit()
    ro = open_database(db_path, readonly=True)
    try:
        win = show_window(ro, "decisions")
        assert win.readonly and not win.undo_action.isEnabled() and not win.redo_action.isEnabled()
        assert undo_store.last_written(ro) == 0 and undo_store.written_since(ro, 0) == ()
        win.did_change("không gì")  # nothing written, nothing to take back
        assert win.undo_labels() == []
    finally:
        ro.close()
