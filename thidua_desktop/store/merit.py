"""Queries over what eligibility rests on: yearly xếp loại, kỷ luật and pending
reviews, award history (lịch sử khen thưởng) and initiatives (sáng kiến).

Same conventions as :mod:`.records`: domain records in, domain records out,
validated and normalised before writing, each write atomic on its own.
Bulk readers (``*_all``) return everything in one query each, for building
eligibility profiles of a whole agency at once.
"""
from __future__ import annotations

import dataclasses
import json
import operator
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

import sqlite_utils

from ..domain.limits import field_names
from ..domain.registrations import (
    AwardEntry,
    DisciplineEntry,
    Evaluation,
    InitiativeEntry,
    ReviewEntry,
    UnitEvaluation,
)
from .db import save_row
from .records import ValidationError, _date, _iso


def _checked(record):
    record = record.normalised()
    if errs := record.errors():
        raise ValidationError(errs)
    return record


def _integrity(exc: sqlite3.IntegrityError) -> ValidationError:
    text = str(exc)
    if "FOREIGN KEY" in text:
        return ValidationError(["Cán bộ, đơn vị hoặc phong trào được chọn không còn tồn tại"])
    if "UNIQUE" in text:
        return ValidationError(["Đã có bản ghi này (trùng người/đơn vị, năm và danh hiệu)"])
    return ValidationError([f"Dữ liệu không hợp lệ: {text}"])


# --- yearly evaluation ------------------------------------------------------------

def _evaluation(row: dict) -> Evaluation:
    return Evaluation(
        staff_id=row["staff_id"], nam=row["nam"], xep_loai=row["xep_loai"],
        so_thang=row["so_thang"], thai_san_thang=row["thai_san_thang"], ghi_chu=row["ghi_chu"],
    )


def _upsert_yearly(db: sqlite_utils.Database, table: str, owner: str, records: Iterable) -> int:
    """Insert or replace many (``owner``, year) records of ``table`` in one transaction; all or none."""
    rows = [dataclasses.asdict(_checked(r)) for r in records]
    try:
        with db.atomic():
            db[table].upsert_all(rows, pk=(owner, "nam"))
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc) from exc
    return len(rows)


def _delete_yearly(db: sqlite_utils.Database, table: str, owner: str, keys: Iterable[tuple[int, int]]) -> None:
    with db.atomic():
        db.conn.executemany(f"DELETE FROM {table} WHERE {owner} = ? AND nam = ?", list(keys))


def save_evaluations(db: sqlite_utils.Database, evaluations: Iterable[Evaluation]) -> int:
    """Insert or replace many (staff, year) evaluations in one transaction; all or none."""
    return _upsert_yearly(db, "evaluations", "staff_id", evaluations)


def delete_evaluations(db: sqlite_utils.Database, keys: Iterable[tuple[int, int]]) -> None:
    _delete_yearly(db, "evaluations", "staff_id", keys)


def evaluations_for_year(db: sqlite_utils.Database, nam: int) -> dict[int, Evaluation]:
    return {r["staff_id"]: _evaluation(r) for r in db.query("SELECT * FROM evaluations WHERE nam = ?", [nam])}


def evaluations_all(db: sqlite_utils.Database) -> list[Evaluation]:
    return [_evaluation(r) for r in db.query("SELECT * FROM evaluations ORDER BY staff_id, nam")]


def save_unit_evaluations(db: sqlite_utils.Database, evaluations: Iterable[UnitEvaluation]) -> int:
    return _upsert_yearly(db, "unit_evaluations", "unit_id", evaluations)


def unit_evaluation(db: sqlite_utils.Database, unit_id: int, nam: int) -> UnitEvaluation | None:
    rows = list(db.query("SELECT * FROM unit_evaluations WHERE unit_id = ? AND nam = ?", [unit_id, nam]))
    return UnitEvaluation(**rows[0]) if rows else None


def delete_unit_evaluations(db: sqlite_utils.Database, keys: Iterable[tuple[int, int]]) -> None:
    _delete_yearly(db, "unit_evaluations", "unit_id", keys)


def unit_evaluations_all(db: sqlite_utils.Database) -> list[UnitEvaluation]:
    return [UnitEvaluation(**r) for r in db.query("SELECT * FROM unit_evaluations ORDER BY unit_id, nam")]


# --- discipline and pending reviews ----------------------------------------------------

def _discipline(row: dict) -> DisciplineEntry:
    return DisciplineEntry(
        id=row["id"], staff_id=row["staff_id"], unit_id=row["unit_id"], hinh_thuc=row["hinh_thuc"],
        tu_ngay=_date(row["tu_ngay"]), den_ngay=_date(row["den_ngay"]),
        so_quyet_dinh=row["so_quyet_dinh"], ghi_chu=row["ghi_chu"],
    )


def save_discipline(db: sqlite_utils.Database, entry: DisciplineEntry) -> int:
    entry = _checked(entry)
    values = dataclasses.asdict(entry)
    values.pop("id")
    values["tu_ngay"], values["den_ngay"] = _iso(entry.tu_ngay), _iso(entry.den_ngay)
    return _save(db, "disciplines", entry.id, values)


def disciplines_all(db: sqlite_utils.Database) -> list[DisciplineEntry]:
    return [_discipline(r) for r in db.query("SELECT * FROM disciplines ORDER BY tu_ngay, id")]


def _review(row: dict) -> ReviewEntry:
    return ReviewEntry(
        id=row["id"], staff_id=row["staff_id"], unit_id=row["unit_id"], loai=row["loai"],
        tu_ngay=_date(row["tu_ngay"]), ket_thuc=_date(row["ket_thuc"]), ghi_chu=row["ghi_chu"],
    )


def save_review(db: sqlite_utils.Database, entry: ReviewEntry) -> int:
    entry = _checked(entry)
    values = dataclasses.asdict(entry)
    values.pop("id")
    values["tu_ngay"], values["ket_thuc"] = _iso(entry.tu_ngay), _iso(entry.ket_thuc)
    return _save(db, "reviews", entry.id, values)


def reviews_all(db: sqlite_utils.Database, *, open_only: bool = False) -> list[ReviewEntry]:
    where = "WHERE ket_thuc IS NULL" if open_only else ""
    return [_review(r) for r in db.query(f"SELECT * FROM reviews {where} ORDER BY id")]


def delete_rows(db: sqlite_utils.Database, table: str, ids: Sequence[int]) -> None:
    """Delete discipline, review, award or initiative rows by id."""
    if table not in {"disciplines", "reviews", "awards", "initiatives"}:
        raise ValueError(table)
    if table == "awards":
        _refuse_decided(db, ids, "xóa")
    with db.atomic():
        db.execute(f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(ids))})", list(ids))


def _save(db: sqlite_utils.Database, table: str, row_id: int | None, values: dict) -> int:
    try:
        return save_row(db, table, row_id, values)
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc) from exc


# --- award history -------------------------------------------------------------------

def _award(row: dict) -> AwardEntry:
    return AwardEntry(
        id=row["id"], staff_id=row["staff_id"], unit_id=row["unit_id"], nam=row["nam"], ma=row["ma"],
        so_quyet_dinh=row["so_quyet_dinh"], ngay_quyet_dinh=_date(row["ngay_quyet_dinh"]),
        co_so=row["co_so"], nguon=row["nguon"], ghi_chu=row["ghi_chu"],
    )


_AWARD_COLUMNS = tuple(name for name in field_names(AwardEntry) if name != "id")


def award_values(entry: AwardEntry) -> dict:
    values = {name: getattr(entry, name) for name in _AWARD_COLUMNS}
    values["ngay_quyet_dinh"] = _iso(entry.ngay_quyet_dinh)
    return values


_AWARD_GET = operator.attrgetter(*_AWARD_COLUMNS)
_AWARD_DATE_AT = _AWARD_COLUMNS.index("ngay_quyet_dinh")
_AWARD_KEY_AT = tuple(_AWARD_COLUMNS.index(name) for name in ("staff_id", "unit_id", "nam", "ma"))


def _award_row(entry: AwardEntry) -> list:
    """:func:`award_values` as a list in the order of ``_AWARD_COLUMNS`` (an import writes thousands)."""
    values = list(_AWARD_GET(entry))
    values[_AWARD_DATE_AT] = _iso(values[_AWARD_DATE_AT])
    return values


def _refuse_decided(db: sqlite_utils.Database, ids: Sequence[int], what: str) -> None:
    """Lines of the history a decision of this file wrote follow that decision
    (corrected or deleted in the Quyết định tab), never edited on their own."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return
    numbers = sorted({r[0] for r in db.execute(
        f"""SELECT w.so_quyet_dinh FROM awards w
            JOIN decisions d ON d.so = w.so_quyet_dinh AND d.nam = w.nam AND d.ma = w.ma
            JOIN decision_awardees a ON a.decision_id = d.id AND a.huy = 0
                 AND coalesce(a.staff_id, 0) = coalesce(w.staff_id, 0) AND coalesce(a.unit_id, 0) = coalesce(w.unit_id, 0)
            WHERE w.nguon = 'quyet_dinh' AND w.id IN ({','.join('?' * len(ids))})""", list(ids))})
    if numbers:
        raise ValidationError([
            f"Không {what} được: dòng lịch sử khen thưởng này do Quyết định số {', '.join(numbers)} ghi — sửa hoặc "
            "xóa quyết định đó ở tab Quyết định."])


def save_award(db: sqlite_utils.Database, entry: AwardEntry) -> int:
    _refuse_decided(db, [entry.id], "sửa")
    entry = _checked(entry)
    return _save(db, "awards", entry.id, award_values(entry))


def save_awards(db: sqlite_utils.Database, entries: Iterable[AwardEntry]) -> int:
    """Insert many history lines in one transaction (an import); all or none.

    A line that exists already (same subject, year, title) is updated."""
    return save_checked_awards(db, [_checked(e) for e in entries])


def save_checked_awards(db: sqlite_utils.Database, entries: Iterable[AwardEntry]) -> int:
    """:func:`save_awards` of lines the caller has checked already: each one
    returned by ``normalised()`` and with no ``errors()`` (an import's plan
    checks every line it reads, and its apply refuses a plan made before the
    data changed). They are not checked again; any other caller uses
    :func:`save_awards`."""
    rows = [_award_row(e) for e in entries]
    if not rows:
        return 0
    existing = {
        (r[1] or 0, r[2] or 0, r[3], r[4]): r[0]
        for r in db.execute("SELECT id, staff_id, unit_id, nam, ma FROM awards")
    }
    staff_at, unit_at, nam_at, ma_at = _AWARD_KEY_AT
    inserts, updates = [], []
    for values in rows:
        row_id = existing.get((values[staff_at] or 0, values[unit_at] or 0, values[nam_at], values[ma_at]))
        if row_id is None:
            inserts.append(values)
        else:
            values.append(row_id)
            updates.append(values)
    try:
        with db.atomic():
            if updates:
                sets = ", ".join(f"{name} = ?" for name in _AWARD_COLUMNS)
                db.conn.executemany(f"UPDATE awards SET {sets} WHERE id = ?", updates)
            if inserts:
                marks = ", ".join("?" * len(_AWARD_COLUMNS))
                db.conn.executemany(f"INSERT INTO awards ({', '.join(_AWARD_COLUMNS)}) VALUES ({marks})", inserts)
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc) from exc
    return len(rows)


def awards_all(db: sqlite_utils.Database) -> list[AwardEntry]:
    return [_award(r) for r in db.query("SELECT * FROM awards ORDER BY nam, id")]


def awards_of(db: sqlite_utils.Database, *, staff_id: int | None = None, unit_id: int | None = None) -> list[AwardEntry]:
    column, value = ("staff_id", staff_id) if staff_id is not None else ("unit_id", unit_id)
    return [_award(r) for r in db.query(f"SELECT * FROM awards WHERE {column} = ? ORDER BY nam DESC, id", [value])]


# --- initiatives ---------------------------------------------------------------------

def save_initiative(db: sqlite_utils.Database, entry: InitiativeEntry) -> int:
    entry = _checked(entry)
    values = dataclasses.asdict(entry)
    values.pop("id")
    authors = values.pop("tac_gia")
    values["ngay_quyet_dinh"] = _iso(entry.ngay_quyet_dinh)
    try:
        with db.atomic():
            row_id = _save(db, "initiatives", entry.id, values)
            db.execute("DELETE FROM initiative_authors WHERE initiative_id = ?", [row_id])
            db["initiative_authors"].insert_all(
                {"initiative_id": row_id, "staff_id": sid, "thu_tu": i} for i, sid in enumerate(authors)
            )
            return row_id
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc) from exc


def initiatives_all(db: sqlite_utils.Database) -> list[InitiativeEntry]:
    authors: dict[int, list[int]] = {}
    for r in db.query("SELECT initiative_id, staff_id FROM initiative_authors ORDER BY initiative_id, thu_tu"):
        authors.setdefault(r["initiative_id"], []).append(r["staff_id"])
    return [
        InitiativeEntry(
            id=r["id"], ten=r["ten"], nam=r["nam"], tac_gia=tuple(authors.get(r["id"], ())),
            unit_id=r["unit_id"], loai=r["loai"], cap=r["cap"], so_quyet_dinh=r["so_quyet_dinh"],
            ngay_quyet_dinh=_date(r["ngay_quyet_dinh"]), ghi_chu=r["ghi_chu"],
        )
        for r in db.query("SELECT * FROM initiatives ORDER BY nam, id")
    ]


# --- bulk rows for eligibility -------------------------------------------------------

def eligibility_rows(db: sqlite_utils.Database, staff_ids: Sequence[int] | None = None,
                     unit_ids: Sequence[int] = ()) -> dict[str, Iterator[tuple]]:
    """Everything eligibility reads, as plain tuples in one query per table
    (records are not built: 100,000s of rows load in a fraction of a second).
    Each is a cursor, read as it is consumed (no list of every row); read
    each to the end.

    A person's xếp loại and award history come as one row per person, the
    records a JSON array of arrays (SQLite groups them; most people's read
    alike, so the reader makes each distinct history once).

    Keys and tuple shapes:
    ``staff`` (id, ho_ten, gioi_tinh, unit_id, dang_cong_tac, ngay_nghi);
    ``evaluations`` (staff_id, JSON of [nam, xep_loai, so_thang, thai_san_thang] …);
    ``unit_evaluations`` (unit_id, nam, xep_loai, xep_hang_cum);
    ``awards`` (staff_id, JSON of [nam, ma, so_quyet_dinh, ngay_quyet_dinh, co_so] …);
    ``unit_awards`` (unit_id, nam, ma, so_quyet_dinh, ngay_quyet_dinh, co_so);
    ``initiatives`` (id, nam, cap, loai, ten, so_quyet_dinh);
    ``initiative_authors`` (initiative_id, staff_id);
    ``disciplines`` (staff_id, unit_id, hinh_thuc, tu_ngay, den_ngay, so_quyet_dinh);
    ``open_reviews`` (staff_id, unit_id, loai, tu_ngay, ghi_chu);
    ``units`` (id, ten, parent_id). Dates are ISO text.

    ``staff_ids``: only these people and the units ``unit_ids`` — one
    person's or one unit's record — read through the indexes, not the whole file.
    """
    only, params, unit_only, unit_params = "", [], "", []
    if staff_ids is not None:
        only, params = "IN (SELECT value FROM json_each(?))", [json.dumps(list(staff_ids))]
        unit_only, unit_params = only, [json.dumps(list(unit_ids))]
    queries = {
        "staff": (f"SELECT id, ho_ten, gioi_tinh, unit_id, dang_cong_tac, ngay_nghi FROM staff "
                  f"{'WHERE id ' + only if only else ''}", params),
        "evaluations": (f"""SELECT staff_id, json_group_array(json_array(nam, xep_loai, so_thang, thai_san_thang))
                            FROM evaluations {'WHERE staff_id ' + only if only else ''} GROUP BY staff_id""", params),
        "unit_evaluations": ("SELECT unit_id, nam, xep_loai, xep_hang_cum FROM unit_evaluations"
                             + (f" WHERE unit_id {unit_only}" if unit_only else ""), unit_params),
        # coalesce(staff_id, 0): the expression of the awards_once index, so a few people's rows are found by it
        "awards": (f"""SELECT staff_id, json_group_array(json_array(nam, ma, so_quyet_dinh, ngay_quyet_dinh, co_so))
                       FROM awards WHERE {'coalesce(staff_id, 0) ' + only if only else 'staff_id IS NOT NULL'}
                       GROUP BY staff_id""", params),
        "unit_awards": ("""SELECT unit_id, nam, ma, so_quyet_dinh, ngay_quyet_dinh, co_so
                           FROM awards WHERE coalesce(staff_id, 0) = 0"""
                        + (f" AND coalesce(unit_id, 0) {unit_only}" if unit_only else ""), unit_params),
        "initiatives": ("SELECT id, nam, cap, loai, ten, so_quyet_dinh FROM initiatives" + (
            f" WHERE id IN (SELECT initiative_id FROM initiative_authors WHERE staff_id {only})" if only else ""),
            params),
        "initiative_authors": (f"""SELECT initiative_id, staff_id FROM initiative_authors
                                   {'WHERE staff_id ' + only if only else ''} ORDER BY initiative_id, thu_tu""",
                               params),
        "disciplines": ("SELECT staff_id, unit_id, hinh_thuc, tu_ngay, den_ngay, so_quyet_dinh FROM disciplines", []),
        "open_reviews": ("SELECT staff_id, unit_id, loai, tu_ngay, ghi_chu FROM reviews WHERE ket_thuc IS NULL", []),
        "units": ("SELECT id, ten, parent_id FROM units" + (f" WHERE id {unit_only}" if unit_only else ""),
                  unit_params),
    }
    return {key: db.execute(sql, args) for key, (sql, args) in queries.items()}


def award_rows(db: sqlite_utils.Database) -> list[sqlite3.Row]:
    """History lines with the name (and its search key) and unit of who received them, for lists."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        """SELECT a.id, a.staff_id, a.unit_id, a.nam, a.ma, a.so_quyet_dinh, a.ngay_quyet_dinh, a.co_so, a.nguon,
                  coalesce(s.ho_ten, u.ten) AS ten, coalesce(s.ten_key, u.ten_key) AS ten_key,
                  coalesce(su.ten, pu.ten, '') AS don_vi
           FROM awards a
           LEFT JOIN staff s ON s.id = a.staff_id
           LEFT JOIN units su ON su.id = s.unit_id
           LEFT JOIN units u ON u.id = a.unit_id
           LEFT JOIN units pu ON pu.id = u.parent_id
           ORDER BY a.nam DESC, a.id"""
    ).fetchall()
