"""Khối / cụm thi đua in the data file: khối per year, member agencies, score
sheet versions, each member's scores per line, and the order of tied members.

Domain records in and out (:mod:`thidua_desktop.domain.khoi`), validated and
normalised before writing, each write atomic on its own. A score sheet is
never edited in place: saving one makes the khối's next version, and the
scores of lines that stay (same Mục, content and kind, still within the
line's điểm chuẩn) go over to it; workbooks of an older version are refused.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping

import sqlite_utils

from ..domain.khoi import (
    Criterion,
    Khoi,
    LineScore,
    Member,
    ScoreSheet,
    TieResolution,
    from_text,
    member_errors,
    to_text,
)
from ..domain.vntext import clean
from .db import save_row
from .records import ValidationError, _date, _iso


def _checked(record):
    record = record.normalised()
    if errs := record.errors():
        raise ValidationError(errs)
    return record


def _rows(db: sqlite_utils.Database, sql: str, params=()) -> list[sqlite3.Row]:
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


# --- khối -----------------------------------------------------------------------------------

def _khoi(row) -> Khoi:
    return Khoi(row["ten"], row["nam"], row["so_co"], row["so_bang_khen"], row["quy_tac_dong_diem"],
                row["ghi_chu"], _date(row["ngay_hop"]), row["dia_diem_hop"], id=row["id"])


def list_khoi(db: sqlite_utils.Database) -> list[sqlite3.Row]:
    """Newest year first, with the number of members and the sheet's version."""
    return _rows(db, """
        SELECT k.*, (SELECT count(*) FROM khoi_members m WHERE m.khoi_id = k.id) AS so_thanh_vien,
               (SELECT max(phien_ban) FROM khoi_sheets s WHERE s.khoi_id = k.id) AS phien_ban
        FROM khoi k ORDER BY k.nam DESC, k.ten, k.id""")


def get_khoi(db: sqlite_utils.Database, khoi_id: int) -> Khoi:
    rows = _rows(db, "SELECT * FROM khoi WHERE id = ?", [khoi_id])
    if not rows:
        raise ValidationError(["Khối thi đua không còn trong dữ liệu"])
    return _khoi(rows[0])


def save_khoi(db: sqlite_utils.Database, khoi: Khoi) -> int:
    khoi = _checked(khoi)
    values = {"ten": khoi.ten, "nam": khoi.nam, "so_co": khoi.so_co, "so_bang_khen": khoi.so_bang_khen,
              "quy_tac_dong_diem": khoi.quy_tac_dong_diem, "ghi_chu": khoi.ghi_chu,
              "ngay_hop": _iso(khoi.ngay_hop), "dia_diem_hop": khoi.dia_diem_hop}
    try:
        return save_row(db, "khoi", khoi.id, values)
    except sqlite3.IntegrityError:
        raise ValidationError([f"Đã có khối “{khoi.ten}” năm {khoi.nam}"]) from None


def delete_khoi(db: sqlite_utils.Database, khoi_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM khoi WHERE id = ?", [khoi_id])


# --- members --------------------------------------------------------------------------------

def _member(row) -> Member:
    return Member(row["ten"], row["vai_tro"], bool(row["la_co_quan_minh"]), row["unit_id"], row["thu_tu"],
                  row["ghi_chu"], row["id"])


def list_members(db: sqlite_utils.Database, khoi_id: int) -> list[Member]:
    return [_member(r) for r in _rows(db, "SELECT * FROM khoi_members WHERE khoi_id = ? ORDER BY thu_tu, id",
                                      [khoi_id])]


def khoi_of_member(db: sqlite_utils.Database, member_id: int) -> int | None:
    row = db.execute("SELECT khoi_id FROM khoi_members WHERE id = ?", [member_id]).fetchone()
    return row[0] if row else None


def save_member(db: sqlite_utils.Database, khoi_id: int, member: Member) -> int:
    """Add or change a member; the khối keeps one khối trưởng, one khối phó and one of ours."""
    member = _checked(member)
    others = [m for m in list_members(db, khoi_id) if m.id != member.id]
    if errs := member_errors([*others, member]):
        raise ValidationError(errs)
    values = {"khoi_id": khoi_id, "ten": member.ten, "vai_tro": member.vai_tro,
              "la_co_quan_minh": int(member.la_co_quan_minh), "unit_id": member.unit_id,
              "thu_tu": member.thu_tu if member.id is not None or member.thu_tu else len(others) + 1,
              "ghi_chu": member.ghi_chu}
    try:
        return save_row(db, "khoi_members", member.id, values)
    except sqlite3.IntegrityError as exc:
        raise ValidationError([f"Không lưu được thành viên “{member.ten}”: {exc}"]) from None


def delete_member(db: sqlite_utils.Database, member_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM khoi_members WHERE id = ?", [member_id])


# --- score sheets ----------------------------------------------------------------------------

def _sheet(db: sqlite_utils.Database, row) -> ScoreSheet:
    criteria = tuple(
        Criterion(c["muc"], c["noi_dung"], c["cap"], c["loai"], from_text(c["diem_chuan"]), c["minh_chung"], c["id"])
        for c in _rows(db, "SELECT * FROM khoi_criteria WHERE sheet_id = ? ORDER BY thu_tu", [row["id"]]))
    return ScoreSheet(criteria, row["cach_tinh"], from_text(row["diem_co_so"]), row["phien_ban"], row["ten"],
                      row["can_cu"], row["id"])


def current_sheet(db: sqlite_utils.Database, khoi_id: int) -> ScoreSheet | None:
    """The khối's newest score sheet version, or ``None`` before any."""
    rows = _rows(db, "SELECT * FROM khoi_sheets WHERE khoi_id = ? ORDER BY phien_ban DESC LIMIT 1", [khoi_id])
    return _sheet(db, rows[0]) if rows else None


def save_sheet(db: sqlite_utils.Database, khoi_id: int, sheet: ScoreSheet) -> int:
    """Save ``sheet`` as the khối's next version and carry the scores of the
    lines that stay over to it; returns the new sheet's id."""
    sheet = _checked(sheet)
    with db.atomic():
        previous = current_sheet(db, khoi_id)
        version = (previous.phien_ban + 1) if previous else 1
        sheet_id = db["khoi_sheets"].insert({
            "khoi_id": khoi_id, "phien_ban": version, "ten": sheet.ten, "cach_tinh": sheet.cach_tinh,
            "diem_co_so": to_text(sheet.diem_co_so), "can_cu": sheet.can_cu}).last_pk
        new_ids = []
        for i, c in enumerate(sheet.criteria):
            new_ids.append(db["khoi_criteria"].insert({
                "sheet_id": sheet_id, "thu_tu": i, "muc": c.muc, "noi_dung": c.noi_dung, "cap": c.level,
                "loai": c.loai, "diem_chuan": to_text(c.diem_chuan), "minh_chung": c.minh_chung}).last_pk)
        if previous is not None:
            _carry_scores(db, previous, sheet, new_ids)
    return sheet_id


def _carry_scores(db, previous: ScoreSheet, sheet: ScoreSheet, new_ids: list[int]) -> None:
    def key(c: Criterion) -> tuple:
        return clean(c.muc), clean(c.noi_dung).casefold(), c.loai

    old_by_key: dict[tuple, int] = {}
    for c in previous.criteria:
        old_by_key.setdefault(key(c), c.id)
    leaves = set(sheet.leaves())
    for i, c in enumerate(sheet.criteria):
        old = old_by_key.get(key(c))
        if old is None or i not in leaves:
            continue
        for r in _rows(db, "SELECT * FROM khoi_scores WHERE criterion_id = ?", [old]):
            values = [from_text(r["tu_cham"]), from_text(r["tham_dinh"])]
            values = [v if v is None or c.diem_chuan is None or v <= c.diem_chuan else None for v in values]
            db.execute("""INSERT INTO khoi_scores (member_id, criterion_id, tu_cham, tham_dinh, minh_chung, ghi_chu)
                          VALUES (?, ?, ?, ?, ?, ?)""",
                       [r["member_id"], new_ids[i], to_text(values[0]), to_text(values[1]), r["minh_chung"],
                        r["ghi_chu"]])


def sheet_versions(db: sqlite_utils.Database, khoi_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT phien_ban FROM khoi_sheets WHERE khoi_id = ? ORDER BY phien_ban",
                                     [khoi_id])]


# --- scores -------------------------------------------------------------------------------------

def scores(db: sqlite_utils.Database, sheet: ScoreSheet) -> dict[int, dict[int, LineScore]]:
    """member id → line index → scores, for the lines of ``sheet``."""
    index = {c.id: i for i, c in enumerate(sheet.criteria)}
    out: dict[int, dict[int, LineScore]] = {}
    for r in _rows(db, "SELECT s.* FROM khoi_scores s JOIN khoi_criteria c ON c.id = s.criterion_id "
                       "WHERE c.sheet_id = ?", [sheet.id]):
        out.setdefault(r["member_id"], {})[index[r["criterion_id"]]] = LineScore(
            from_text(r["tu_cham"]), from_text(r["tham_dinh"]), r["minh_chung"], r["ghi_chu"])
    return out


def save_scores(db: sqlite_utils.Database, member_id: int, sheet: ScoreSheet,
                lines: Mapping[int, LineScore]) -> None:
    """Write one member's scores of the given lines (an empty line is removed);
    refused whole, naming every line, when a score cannot be one."""
    problems = []
    cleaned: dict[int, LineScore] = {}
    for i, s in sorted(lines.items()):
        if not 0 <= i < len(sheet.criteria):
            problems.append(f"Dòng {i + 1} không có trong bảng chấm điểm")
            continue
        for value, what in ((s.tu_cham, "tự chấm"), (s.tham_dinh, "thẩm định")):
            if problem := sheet.score_problem(i, value):
                problems.append(f"{problem} ({what})")
        cleaned[i] = LineScore(s.tu_cham, s.tham_dinh, clean(s.minh_chung), clean(s.ghi_chu))
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        for i, s in cleaned.items():
            cid = sheet.criteria[i].id
            if s == LineScore():
                db.execute("DELETE FROM khoi_scores WHERE member_id = ? AND criterion_id = ?", [member_id, cid])
                continue
            db.execute("""INSERT INTO khoi_scores (member_id, criterion_id, tu_cham, tham_dinh, minh_chung, ghi_chu)
                          VALUES (?, ?, ?, ?, ?, ?)
                          ON CONFLICT (member_id, criterion_id) DO UPDATE SET tu_cham = excluded.tu_cham,
                            tham_dinh = excluded.tham_dinh, minh_chung = excluded.minh_chung,
                            ghi_chu = excluded.ghi_chu""",
                       [member_id, cid, to_text(s.tu_cham), to_text(s.tham_dinh), s.minh_chung, s.ghi_chu])


# --- ties ---------------------------------------------------------------------------------------

def ties(db: sqlite_utils.Database, khoi_id: int) -> list[TieResolution]:
    return [TieResolution(tuple(json.loads(r["thu_tu_thanh_vien"])), from_text(r["tong_diem"]), r["cach"],
                          r["nguoi_quyet_dinh"], r["ghi_chu"], _date(r["ngay"]), r["id"])
            for r in _rows(db, "SELECT * FROM khoi_ties WHERE khoi_id = ? ORDER BY id", [khoi_id])]


def save_tie(db: sqlite_utils.Database, khoi_id: int, resolution: TieResolution) -> int:
    """Record the order of a tied group; an earlier resolution naming any of them goes."""
    resolution = _checked(resolution)
    members = {m.id for m in list_members(db, khoi_id)}
    if not set(resolution.order) <= members:
        raise ValidationError(["Thứ tự nêu một cơ quan không thuộc khối"])
    with db.atomic():
        for old in ties(db, khoi_id):
            if set(old.order) & set(resolution.order):
                db.execute("DELETE FROM khoi_ties WHERE id = ?", [old.id])
        return db["khoi_ties"].insert({
            "khoi_id": khoi_id, "thu_tu_thanh_vien": json.dumps(list(resolution.order)),
            "tong_diem": to_text(resolution.total), "cach": resolution.cach,
            "nguoi_quyet_dinh": resolution.nguoi_quyet_dinh, "ngay": _iso(resolution.ngay or dt.date.today()),
            "ghi_chu": resolution.ghi_chu}).last_pk


def delete_tie(db: sqlite_utils.Database, tie_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM khoi_ties WHERE id = ?", [tie_id])


# --- what the khối gives our own agency's profile ----------------------------------------------------

def set_cluster_rank(db: sqlite_utils.Database, unit_id: int, nam: int, rank: int | None) -> None:
    """The rank in its cụm/khối of the collective ``unit_id`` in ``nam``
    (``unit_evaluations.xep_hang_cum``, what the Cờ thi đua check reads); its xếp loại stays."""
    row = db.execute("SELECT xep_hang_cum FROM unit_evaluations WHERE unit_id = ? AND nam = ?",
                     [unit_id, nam]).fetchone()
    if row is None:
        if rank is not None:
            db.execute("INSERT INTO unit_evaluations (unit_id, nam, xep_hang_cum) VALUES (?, ?, ?)",
                       [unit_id, nam, rank])
    elif row[0] != rank:
        db.execute("UPDATE unit_evaluations SET xep_hang_cum = ? WHERE unit_id = ? AND nam = ?",
                   [rank, unit_id, nam])


def fed_units(db: sqlite_utils.Database) -> dict[tuple[int, int], str]:
    """(unit id, year) → the khối whose ranking gives that collective its rank."""
    return {(r[0], r[1]): r[2] for r in db.execute(
        """SELECT m.unit_id, k.nam, k.ten FROM khoi_members m JOIN khoi k ON k.id = m.khoi_id
           WHERE m.la_co_quan_minh = 1 AND m.unit_id IS NOT NULL""")}
