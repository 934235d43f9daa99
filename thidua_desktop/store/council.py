"""Council, meetings, candidates, vote rounds and tie decisions in the data file.

Every write is one transaction. Once a meeting's results are recorded it
is closed (:func:`meeting_closed`): attendance, candidates, quotas, counts
and tie decisions are refused until it is reopened. A round's counts are checked by
:func:`thidua_desktop.domain.council.check_tally` before they are written
(and the table's CHECKs refuse what slips past); saving a round again
replaces it and drops the later rounds and the chair's decision of that
title, which depended on it.
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

import sqlite_utils

from ..domain.council import Council, CouncilMember, Meeting, Tally, TallyError, check_tally
from .db import save_row
from .records import ValidationError, _date, _iso

ATTENDANCE_ROW = tuple[str, str, str]  # (trang_thai, ly_do, kiem_phieu)


def _checked(record):
    record = record.normalised()
    if errs := record.errors():
        raise ValidationError(errs)
    return record


# --- councils --------------------------------------------------------------------------

def save_council(db: sqlite_utils.Database, council: Council) -> int:
    """Insert or update a council and its members (kept by id: attendance
    recorded at past meetings stays attached)."""
    council = _checked(council)
    values = {"so_quyet_dinh": council.so_quyet_dinh, "ngay_quyet_dinh": _iso(council.ngay_quyet_dinh),
              "ghi_chu": council.ghi_chu}
    with db.atomic():
        if council.id is None:
            council_id = db["councils"].insert(values).last_pk
        else:
            council_id = council.id
            db["councils"].update(council_id, values)
        kept = {m.id for m in council.members if m.id is not None}
        for (old,) in db.execute("SELECT id FROM council_members WHERE council_id = ?", [council_id]).fetchall():
            if old not in kept:
                db.execute("DELETE FROM council_members WHERE id = ?", [old])
        for i, m in enumerate(council.members):
            row = {"council_id": council_id, "ho_ten": m.ho_ten, "vai_tro": m.vai_tro, "chuc_vu": m.chuc_vu,
                   "gioi_tinh": m.gioi_tinh, "staff_id": m.staff_id, "thu_tu": i}
            if m.id is None:
                db["council_members"].insert(row)
            else:
                db["council_members"].update(m.id, row)
    return council_id


def _members(db: sqlite_utils.Database, council_id: int) -> tuple[CouncilMember, ...]:
    return tuple(
        CouncilMember(ho_ten=r["ho_ten"], vai_tro=r["vai_tro"], chuc_vu=r["chuc_vu"], gioi_tinh=r["gioi_tinh"],
                      staff_id=r["staff_id"], thu_tu=r["thu_tu"], id=r["id"])
        for r in db.query("SELECT * FROM council_members WHERE council_id = ? ORDER BY thu_tu, id", [council_id])
    )


def list_councils(db: sqlite_utils.Database) -> list[Council]:
    """Newest decision first."""
    return [_council(db, r) for r in db.query("SELECT * FROM councils ORDER BY ngay_quyet_dinh DESC, id DESC")]


def _council(db: sqlite_utils.Database, row) -> Council:
    return Council(so_quyet_dinh=row["so_quyet_dinh"], ngay_quyet_dinh=_date(row["ngay_quyet_dinh"]),
                   members=_members(db, row["id"]), ghi_chu=row["ghi_chu"], id=row["id"])


def get_council(db: sqlite_utils.Database, council_id: int) -> Council:
    rows = list(db.query("SELECT * FROM councils WHERE id = ?", [council_id]))
    if not rows:
        raise ValidationError([f"Không có Hội đồng mã {council_id}"])
    return _council(db, rows[0])


def council_on(db: sqlite_utils.Database, day) -> Council | None:
    """The council in office on ``day``: the latest founding decision not after it."""
    for c in list_councils(db):
        if c.ngay_quyet_dinh is not None and c.ngay_quyet_dinh <= day:
            return c
    return None


# --- meetings --------------------------------------------------------------------------

def save_meeting(db: sqlite_utils.Database, meeting: Meeting) -> int:
    meeting = _checked(meeting)
    values = dataclasses.asdict(meeting)
    values.pop("id")
    values["ngay"] = _iso(meeting.ngay)
    try:
        return save_row(db, "meetings", meeting.id, values)
    except sqlite3.IntegrityError as exc:
        raise ValidationError(["Hội đồng hoặc phong trào được chọn không còn tồn tại"]) from exc


def _meeting(row) -> Meeting:
    return Meeting(council_id=row["council_id"], campaign_id=row["campaign_id"], nam=row["nam"],
                   ngay=_date(row["ngay"]), gio=row["gio"], dia_diem=row["dia_diem"], ket_luan=row["ket_luan"],
                   ghi_chu=row["ghi_chu"], thu_ky=row["thu_ky"], id=row["id"])


def list_meetings(db: sqlite_utils.Database) -> list[Meeting]:
    """Newest first."""
    return [_meeting(r) for r in db.query("SELECT * FROM meetings ORDER BY ngay DESC, id DESC")]


def get_meeting(db: sqlite_utils.Database, meeting_id: int) -> Meeting:
    rows = list(db.query("SELECT * FROM meetings WHERE id = ?", [meeting_id]))
    if not rows:
        raise ValidationError([f"Không có cuộc họp mã {meeting_id}"])
    return _meeting(rows[0])


def meeting_closed(db: sqlite_utils.Database, meeting_id: int) -> bool:
    """Its results are recorded: counts, attendance, candidates and quotas are refused until reopened."""
    row = db.execute("SELECT da_ghi_ket_qua FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    return bool(row and row[0])


def set_meeting_closed(db: sqlite_utils.Database, meeting_id: int, closed: bool) -> None:
    with db.atomic():
        db.execute("UPDATE meetings SET da_ghi_ket_qua = ? WHERE id = ?", [int(closed), meeting_id])


def require_open(db: sqlite_utils.Database, meeting_id: int) -> None:
    """Refuse a change to what decided a meeting's results once they are recorded."""
    if meeting_closed(db, meeting_id):
        raise ValidationError(["Cuộc họp đã ghi kết quả bình xét: không sửa danh sách dự họp, người được bầu, "
                               "chỉ tiêu hay số phiếu nữa. Muốn sửa, hãy “Mở lại cuộc họp” trước "
                               "(việc mở lại được ghi vào nhật ký)"])


def delete_meeting(db: sqlite_utils.Database, meeting_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])


def set_attendance(db: sqlite_utils.Database, meeting_id: int, rows: Mapping[int, ATTENDANCE_ROW]) -> None:
    """member id → (trang_thai, ly_do, kiem_phieu); replaces the meeting's list."""
    require_open(db, meeting_id)
    with db.atomic():
        db.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", [meeting_id])
        db["meeting_attendance"].insert_all(
            {"meeting_id": meeting_id, "member_id": mid, "trang_thai": t, "ly_do": why, "kiem_phieu": kp}
            for mid, (t, why, kp) in rows.items()
        )


def attendance(db: sqlite_utils.Database, meeting_id: int) -> dict[int, ATTENDANCE_ROW]:
    return {
        r["member_id"]: (r["trang_thai"], r["ly_do"], r["kiem_phieu"])
        for r in db.query("SELECT * FROM meeting_attendance WHERE meeting_id = ?", [meeting_id])
    }


# --- candidates and quotas ----------------------------------------------------------------

def set_candidates(db: sqlite_utils.Database, meeting_id: int, ma: str, registration_ids: Sequence[int]) -> None:
    """The title's candidates in ballot order; those dropped lose their votes,
    those kept keep them (ids stay)."""
    require_open(db, meeting_id)
    with db.atomic():
        existing = {r["registration_id"]: r["id"] for r in db.query(
            "SELECT id, registration_id FROM meeting_candidates WHERE meeting_id = ? AND ma = ?", [meeting_id, ma])}
        for rid, cid in existing.items():
            if rid not in registration_ids:
                db.execute("DELETE FROM meeting_candidates WHERE id = ?", [cid])
        for order, rid in enumerate(registration_ids):
            if rid in existing:
                db.execute("UPDATE meeting_candidates SET thu_tu = ? WHERE id = ?", [order, existing[rid]])
            else:
                db["meeting_candidates"].insert({"meeting_id": meeting_id, "registration_id": rid, "ma": ma,
                                                 "thu_tu": order})
        db.execute("INSERT OR IGNORE INTO meeting_titles (meeting_id, ma) VALUES (?, ?)", [meeting_id, ma])


def candidate_rows(db: sqlite_utils.Database, meeting_id: int) -> list[sqlite3.Row]:
    """Candidates with what documents show: name, birth date, gender, chức vụ, unit."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        """SELECT c.id, c.registration_id, c.ma, c.thu_tu, r.staff_id, r.unit_id, r.trang_thai,
                  coalesce(s.ho_ten, ru.ten) AS ten, s.ngay_sinh, s.gioi_tinh,
                  coalesce(s.chuc_vu, '') AS chuc_vu,
                  coalesce(nullif(su.ten_in, ''), su.ten, nullif(pu.ten_in, ''), pu.ten, '') AS don_vi
           FROM meeting_candidates c
           JOIN registrations r ON r.id = c.registration_id
           LEFT JOIN staff s ON s.id = r.staff_id
           LEFT JOIN units su ON su.id = s.unit_id
           LEFT JOIN units ru ON ru.id = r.unit_id
           LEFT JOIN units pu ON pu.id = ru.parent_id
           WHERE c.meeting_id = ?
           ORDER BY c.ma, c.thu_tu, c.id""",
        [meeting_id],
    ).fetchall()


def set_quota(db: sqlite_utils.Database, meeting_id: int, ma: str, chi_tieu: int | None) -> None:
    if chi_tieu is not None and (isinstance(chi_tieu, bool) or not isinstance(chi_tieu, int) or chi_tieu < 0):
        raise ValidationError(["Chỉ tiêu phải là số nguyên không âm"])
    require_open(db, meeting_id)
    with db.atomic():
        db.execute("INSERT OR IGNORE INTO meeting_titles (meeting_id, ma) VALUES (?, ?)", [meeting_id, ma])
        db.execute("UPDATE meeting_titles SET chi_tieu = ? WHERE meeting_id = ? AND ma = ?", [chi_tieu, meeting_id, ma])


def meeting_titles(db: sqlite_utils.Database, meeting_id: int) -> dict[str, int | None]:
    return {r["ma"]: r["chi_tieu"] for r in db.query(
        "SELECT ma, chi_tieu FROM meeting_titles WHERE meeting_id = ? ORDER BY rowid", [meeting_id])}


# --- rounds and tie decisions ------------------------------------------------------------

def save_round(db: sqlite_utils.Database, meeting_id: int, ma: str, so_vong: int, tally: Tally, *,
               present: int, written: int, names: Mapping[int, str] | None = None) -> int:
    """Write a round's counts (votes keyed by candidate id) after checking them;
    later rounds and the chair's decision of the title are dropped."""
    try:
        check_tally(tally, present=present, written=written, names=names)
    except TallyError as exc:
        raise ValidationError(exc.errors) from exc
    require_open(db, meeting_id)
    with db.atomic():
        db.execute("DELETE FROM vote_rounds WHERE meeting_id = ? AND ma = ? AND so_vong >= ?", [meeting_id, ma, so_vong])
        db.execute("DELETE FROM tie_decisions WHERE meeting_id = ? AND ma = ?", [meeting_id, ma])
        round_id = db["vote_rounds"].insert({
            "meeting_id": meeting_id, "ma": ma, "so_vong": so_vong, "phat_ra": tally.issued,
            "thu_vao": tally.returned, "hop_le": tally.valid, "khong_hop_le": tally.invalid,
        }).last_pk
        db["round_votes"].insert_all({"round_id": round_id, "candidate_id": cid, "dong_y": v}
                                     for cid, v in tally.votes.items())
    return round_id


def rounds(db: sqlite_utils.Database, meeting_id: int) -> dict[str, list[tuple[int, Tally]]]:
    """title → [(round number, counts)] in order."""
    votes: dict[int, dict[int, int]] = {}
    for r in db.query("""SELECT v.round_id, v.candidate_id, v.dong_y FROM round_votes v
                         JOIN vote_rounds r ON r.id = v.round_id WHERE r.meeting_id = ?""", [meeting_id]):
        votes.setdefault(r["round_id"], {})[r["candidate_id"]] = r["dong_y"]
    out: dict[str, list[tuple[int, Tally]]] = {}
    for r in db.query("SELECT * FROM vote_rounds WHERE meeting_id = ? ORDER BY ma, so_vong", [meeting_id]):
        out.setdefault(r["ma"], []).append(
            (r["so_vong"], Tally(r["phat_ra"], r["thu_vao"], r["hop_le"], r["khong_hop_le"], votes.get(r["id"], {}))))
    return out


def delete_rounds(db: sqlite_utils.Database, meeting_id: int, ma: str, from_round: int = 1) -> None:
    require_open(db, meeting_id)
    with db.atomic():
        db.execute("DELETE FROM vote_rounds WHERE meeting_id = ? AND ma = ? AND so_vong >= ?", [meeting_id, ma, from_round])
        db.execute("DELETE FROM tie_decisions WHERE meeting_id = ? AND ma = ?", [meeting_id, ma])


def save_tie_decision(db: sqlite_utils.Database, meeting_id: int, ma: str, chosen: Iterable[int], by: str) -> None:
    require_open(db, meeting_id)
    with db.atomic():
        db.execute("DELETE FROM tie_decisions WHERE meeting_id = ? AND ma = ?", [meeting_id, ma])
        db["tie_decisions"].insert({"meeting_id": meeting_id, "ma": ma, "chon": json.dumps(sorted(chosen)),
                                    "nguoi_quyet_dinh": by})


def tie_decisions(db: sqlite_utils.Database, meeting_id: int) -> dict[str, tuple[list[int], str]]:
    return {r["ma"]: (json.loads(r["chon"]), r["nguoi_quyet_dinh"])
            for r in db.query("SELECT * FROM tie_decisions WHERE meeting_id = ?", [meeting_id])}


# --- results onto registrations ------------------------------------------------------------

def decisions_of_meeting(db: sqlite_utils.Database, meeting_id: int) -> list[str]:
    """Numbers of the decisions made from a meeting: linked to it, or awarding one of its candidates."""
    return [r[0] for r in db.execute(
        """SELECT DISTINCT d.so FROM decisions d WHERE d.meeting_id = ?
              OR EXISTS (SELECT 1 FROM decision_awardees a JOIN meeting_candidates c
                           ON c.registration_id = a.registration_id
                         WHERE a.decision_id = d.id AND c.meeting_id = ?)
              OR d.id IN (SELECT p.decision_id FROM proposals p WHERE p.meeting_id = ?)
           ORDER BY d.ngay, d.id""", [meeting_id, meeting_id, meeting_id]).fetchall()]


def submissions_of_meeting(db: sqlite_utils.Database, meeting_id: int) -> list[str]:
    """Numbers of the tờ trình that proposed the meeting's results to the higher level."""
    return [r[0] for r in db.execute(
        """SELECT DISTINCT p.so_to_trinh FROM proposals p WHERE p.so_to_trinh <> '' AND (p.meeting_id = ?
              OR EXISTS (SELECT 1 FROM proposal_items i JOIN meeting_candidates c ON c.registration_id = i.registration_id
                         WHERE i.proposal_id = p.id AND c.meeting_id = ?))
           ORDER BY p.id""", [meeting_id, meeting_id]).fetchall()]


def set_registration_results(db: sqlite_utils.Database, results: Mapping[int, tuple[str, str]]) -> None:
    with db.atomic():
        db.conn.executemany(
            "UPDATE registrations SET trang_thai = ?, ket_qua_binh_xet = ?, updated_at = datetime('now') WHERE id = ?",
            [(status, note, rid) for rid, (status, note) in results.items()],
        )
