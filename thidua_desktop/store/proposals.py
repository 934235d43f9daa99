"""Proposals (đề nghị) to a higher level and the outcome of each proposed registration."""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence

import sqlite_utils

from .records import ValidationError, _iso

OUTCOMES = {"cho": "Chờ quyết định", "duoc_khen": "Được khen", "khong_duoc_khen": "Không được khen"}


def _rows(db: sqlite_utils.Database, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


def proposable_registrations(db: sqlite_utils.Database, nam: int, ma: str, meeting_id: int | None) -> list[int]:
    """Registrations of ``ma`` in ``nam`` marked đạt, in no proposal yet (of ``meeting_id`` when given)."""
    if meeting_id is None:
        sql = """SELECT r.id FROM registrations r WHERE r.nam = ? AND r.ma = ? AND r.trang_thai = 'dat'
                   AND NOT EXISTS (SELECT 1 FROM proposal_items i WHERE i.registration_id = r.id) ORDER BY r.id"""
        return [r[0] for r in db.execute(sql, [nam, ma])]
    sql = """SELECT r.id FROM meeting_candidates c JOIN registrations r ON r.id = c.registration_id
             WHERE c.meeting_id = ? AND r.nam = ? AND c.ma = ? AND r.trang_thai = 'dat'
               AND NOT EXISTS (SELECT 1 FROM proposal_items i WHERE i.registration_id = r.id)
             ORDER BY c.thu_tu, c.id"""
    return [r[0] for r in db.execute(sql, [meeting_id, nam, ma])]


def save_proposal(db: sqlite_utils.Database, *, nam: int, ma: str, meeting_id: int | None,
                  registration_ids: Sequence[int]) -> int:
    with db.atomic():
        pid = db["proposals"].insert({"nam": nam, "ma": ma, "meeting_id": meeting_id}).last_pk
        for i, rid in enumerate(registration_ids):
            row = db.execute("SELECT ma, nam FROM registrations WHERE id = ?", [rid]).fetchone()
            if row is None or (row[0], row[1]) != (ma, nam):
                raise ValidationError([f"Đăng ký mã {rid} không phải {ma} năm {nam}"])
            try:
                db.execute("INSERT INTO proposal_items (proposal_id, registration_id, thu_tu) VALUES (?, ?, ?)",
                           [pid, rid, i])
            except sqlite3.IntegrityError:
                raise ValidationError([f"Đăng ký mã {rid} đã có trong một đề nghị khác"]) from None
    return pid


def list_proposals(db: sqlite_utils.Database) -> list[sqlite3.Row]:
    """Newest first, with the number proposed and awarded, and the decision's number."""
    return _rows(db, """
        SELECT p.*, d.so AS so_quyet_dinh, d.ngay AS ngay_quyet_dinh, d.co_quan_ban_hanh,
               (SELECT count(*) FROM proposal_items i WHERE i.proposal_id = p.id) AS so_de_nghi,
               (SELECT count(*) FROM proposal_items i WHERE i.proposal_id = p.id AND i.ket_qua = 'duoc_khen')
                   AS so_duoc_khen
        FROM proposals p LEFT JOIN decisions d ON d.id = p.decision_id
        ORDER BY p.nam DESC, p.id DESC""")


def get_proposal(db: sqlite_utils.Database, proposal_id: int) -> sqlite3.Row:
    rows = [r for r in list_proposals(db) if r["id"] == proposal_id]
    if not rows:
        raise ValidationError([f"Không có đề nghị mã {proposal_id}"])
    return rows[0]


def proposal_items(db: sqlite_utils.Database, proposal_id: int) -> list[sqlite3.Row]:
    """Proposed registrations with the subject's name, post and unit, in proposal order."""
    return _rows(db, """
        SELECT i.id, i.registration_id, i.ket_qua, i.thu_tu, r.staff_id, r.unit_id, r.trang_thai,
               coalesce(s.ho_ten, ru.ten) AS ten, coalesce(s.chuc_vu, '') AS chuc_vu,
               coalesce(su.ten, ru.ten, '') AS don_vi
        FROM proposal_items i JOIN registrations r ON r.id = i.registration_id
        LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN units su ON su.id = s.unit_id
        LEFT JOIN units ru ON ru.id = r.unit_id
        WHERE i.proposal_id = ? ORDER BY i.thu_tu, i.id""", [proposal_id])


def set_submitted(db: sqlite_utils.Database, proposal_id: int, so: str, ngay: dt.date) -> None:
    get_proposal(db, proposal_id)
    with db.atomic():
        db.execute("UPDATE proposals SET so_to_trinh = ?, ngay_trinh = ? WHERE id = ?", [so, _iso(ngay), proposal_id])


def set_outcome(db: sqlite_utils.Database, proposal_id: int, decision_id: int, awarded: set[int]) -> None:
    """The decision that answered the proposal: awarded rows and the others."""
    with db.atomic():
        db.execute("UPDATE proposals SET decision_id = ? WHERE id = ?", [decision_id, proposal_id])
        for item in proposal_items(db, proposal_id):
            outcome = "duoc_khen" if item["registration_id"] in awarded else "khong_duoc_khen"
            db.execute("UPDATE proposal_items SET ket_qua = ? WHERE id = ?", [outcome, item["id"]])


def delete_proposal(db: sqlite_utils.Database, proposal_id: int) -> None:
    """A proposal not answered yet may be withdrawn (its registrations stay đạt)."""
    if get_proposal(db, proposal_id)["decision_id"] is not None:
        raise ValidationError(["Đề nghị đã có quyết định của cấp trên: không xóa được"])
    with db.atomic():
        db.execute("DELETE FROM proposals WHERE id = ?", [proposal_id])
