"""Decisions, awardees, the award book and the print log in the data file.

:func:`save_decision` writes a decision in one transaction: its awardees get
award-book numbers after the highest ever given in their series and year
(``award_book_numbers`` remembers it, so a number is never given twice even
after a deletion), each awardee becomes a line of the award history that
eligibility reads (source ``quyet_dinh``), and the registrations it came
from move to ``quyet_dinh``.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import sqlite_utils

from ..domain.decisions import Awardee, Decision, next_numbers
from .records import ValidationError, _date, _iso


def _checked(record):
    record = record.normalised()
    if errs := record.errors():
        raise ValidationError(errs)
    return record


def _take_numbers(db: sqlite_utils.Database, series: str, year: int, count: int) -> list[int]:
    row = db.execute("SELECT cao_nhat FROM award_book_numbers WHERE so_series = ? AND so_nam = ?",
                     [series, year]).fetchone()
    used = db.execute("SELECT max(so_so_vang) FROM decision_awardees WHERE so_series = ? AND so_nam = ?",
                      [series, year]).fetchone()[0]
    numbers = next_numbers([n for n in (row[0] if row else None, used) if n], count)
    if numbers:
        db.execute("""INSERT INTO award_book_numbers (so_series, so_nam, cao_nhat) VALUES (?, ?, ?)
                      ON CONFLICT (so_series, so_nam) DO UPDATE SET cao_nhat = excluded.cao_nhat""",
                   [series, year, numbers[-1]])
    return numbers


def save_decision(db: sqlite_utils.Database, decision: Decision, *, numbered: bool = True,
                  per_decision: bool = False) -> int:
    """Insert a new decision with its awardees (numbers given when ``numbered``:
    1, 2, … within the decision when ``per_decision``, else continuing the
    series of its title and year)."""
    decision = _checked(decision)
    if decision.id is not None:
        raise ValidationError(["Quyết định đã ghi; sửa từng người được khen hoặc hủy giấy khen"])
    values = {"so": decision.so, "ngay": _iso(decision.ngay), "nam": decision.nam, "ma": decision.ma,
              "nguoi_ky": decision.nguoi_ky, "chuc_danh_ky": decision.chuc_danh_ky,
              "trich_yeu": decision.trich_yeu, "meeting_id": decision.meeting_id, "ghi_chu": decision.ghi_chu,
              "cap": decision.cap, "co_quan_ban_hanh": decision.co_quan_ban_hanh}
    try:
        with db.atomic():
            decision_id = db["decisions"].insert(values).last_pk
            year = decision.ngay.year
            series = f"{decision.ma}#{decision_id:09d}" if per_decision else decision.ma  # unique per series
            if not numbered:
                numbers = []
            elif per_decision:
                numbers = list(range(1, len(decision.awardees) + 1))
            else:
                numbers = _take_numbers(db, decision.ma, year, len(decision.awardees))
            for i, a in enumerate(decision.awardees):
                db["decision_awardees"].insert({
                    "decision_id": decision_id, "staff_id": a.staff_id, "unit_id": a.unit_id,
                    "registration_id": a.registration_id, "thanh_tich": a.thanh_tich,
                    "so_so_vang": numbers[i] if numbered else None, "so_series": series if numbered else None,
                    "so_nam": year if numbered else None, "tien_thuong": a.tien_thuong, "thu_tu": i,
                })
                db.execute(
                    """INSERT INTO awards (staff_id, unit_id, nam, ma, so_quyet_dinh, ngay_quyet_dinh, nguon)
                       VALUES (?, ?, ?, ?, ?, ?, 'quyet_dinh')
                       ON CONFLICT DO UPDATE SET so_quyet_dinh = excluded.so_quyet_dinh,
                           ngay_quyet_dinh = excluded.ngay_quyet_dinh, nguon = 'quyet_dinh'""",
                    [a.staff_id, a.unit_id, decision.nam, decision.ma, decision.so, _iso(decision.ngay)])
                if a.registration_id is not None:
                    db.execute("UPDATE registrations SET trang_thai = 'quyet_dinh', updated_at = datetime('now') "
                               "WHERE id = ?", [a.registration_id])
    except sqlite3.IntegrityError as exc:
        text = str(exc)
        if "decisions_number" in text or "decisions.so" in text:
            raise ValidationError([f"Đã có quyết định số {decision.so} trong năm {decision.ngay.year}"]) from exc
        raise ValidationError([f"Không ghi được quyết định: {text}"]) from exc
    return decision_id


def _awardee(row) -> Awardee:
    return Awardee(staff_id=row["staff_id"], unit_id=row["unit_id"], thanh_tich=row["thanh_tich"],
                   registration_id=row["registration_id"], so_so_vang=row["so_so_vang"], huy=bool(row["huy"]),
                   tien_thuong=row["tien_thuong"], id=row["id"])


def get_decision(db: sqlite_utils.Database, decision_id: int) -> Decision:
    rows = list(db.query("SELECT * FROM decisions WHERE id = ?", [decision_id]))
    if not rows:
        raise ValidationError([f"Không có quyết định mã {decision_id}"])
    r = rows[0]
    awardees = tuple(_awardee(a) for a in db.query(
        "SELECT * FROM decision_awardees WHERE decision_id = ? ORDER BY thu_tu, id", [decision_id]))
    return Decision(so=r["so"], ngay=_date(r["ngay"]), nam=r["nam"], ma=r["ma"], nguoi_ky=r["nguoi_ky"],
                    chuc_danh_ky=r["chuc_danh_ky"], trich_yeu=r["trich_yeu"], meeting_id=r["meeting_id"],
                    awardees=awardees, ghi_chu=r["ghi_chu"], id=r["id"], cap=r["cap"],
                    co_quan_ban_hanh=r["co_quan_ban_hanh"])


def list_decisions(db: sqlite_utils.Database) -> list[sqlite3.Row]:
    """Newest first, with the number of awardees and the total reward (a
    cancelled certificate is counted in neither)."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        """SELECT d.*, count(a.id) - coalesce(sum(a.huy), 0) AS so_nguoi,
                  coalesce(sum(CASE WHEN a.huy THEN 0 ELSE a.tien_thuong END), 0) AS tong_tien
           FROM decisions d LEFT JOIN decision_awardees a ON a.decision_id = d.id
           GROUP BY d.id ORDER BY d.ngay DESC, d.id DESC""").fetchall()


def set_cancelled(db: sqlite_utils.Database, awardee_ids: Sequence[int], huy: bool = True) -> None:
    """Cancel (or restore) certificates; their award-book numbers stay taken."""
    with db.atomic():
        db.conn.executemany("UPDATE decision_awardees SET huy = ? WHERE id = ?",
                            [(int(huy), i) for i in awardee_ids])


def set_achievement(db: sqlite_utils.Database, awardee_ids: Sequence[int], text: str) -> None:
    from ..domain.vntext import clean

    text = clean(text)
    if not text:
        raise ValidationError(["Chưa ghi thành tích"])
    with db.atomic():
        db.conn.executemany("UPDATE decision_awardees SET thanh_tich = ? WHERE id = ?", [(text, i) for i in awardee_ids])


def award_book(db: sqlite_utils.Database, first_year: int, last_year: int | None = None) -> list[sqlite3.Row]:
    """Numbered certificates of the years, by series, year and number."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        """SELECT a.*, d.so, d.ngay, d.ma, d.nam, coalesce(s.ho_ten, u.ten) AS ten, s.ngay_sinh, s.gioi_tinh,
                  coalesce(s.chuc_vu, '') AS chuc_vu, coalesce(su.ten, pu.ten, '') AS don_vi
           FROM decision_awardees a JOIN decisions d ON d.id = a.decision_id
           LEFT JOIN staff s ON s.id = a.staff_id LEFT JOIN units su ON su.id = s.unit_id
           LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN units pu ON pu.id = u.parent_id
           WHERE a.so_so_vang IS NOT NULL AND a.so_nam BETWEEN ? AND ?
           ORDER BY a.so_series, a.so_nam, a.so_so_vang""",
        [first_year, last_year if last_year is not None else first_year]).fetchall()


def awardee_rows(db: sqlite_utils.Database, decision_id: int) -> list[sqlite3.Row]:
    """A decision's awardees with what certificates and lists show."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        """SELECT a.*, coalesce(s.ho_ten, u.ten) AS ten, s.gioi_tinh, s.ngay_sinh,
                  coalesce(s.chuc_vu, '') AS chuc_vu, coalesce(su.ten, pu.ten, '') AS don_vi
           FROM decision_awardees a
           LEFT JOIN staff s ON s.id = a.staff_id LEFT JOIN units su ON su.id = s.unit_id
           LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN units pu ON pu.id = u.parent_id
           WHERE a.decision_id = ? ORDER BY a.thu_tu, a.id""", [decision_id]).fetchall()


def log_print(db: sqlite_utils.Database, decision_id: int | None, numbers: Sequence[int], *, printer: str = "",
              mode: str = "full") -> bool:
    """Record a print; returns whether any of these numbers was printed before (a reprint)."""
    text = ",".join(str(n) for n in numbers)
    before = {int(n) for (t,) in db.execute("SELECT so_so_vang FROM print_log WHERE decision_id IS ?", [decision_id])
              for n in t.split(",") if n}
    reprint = bool(before & set(numbers))
    with db.atomic():
        db["print_log"].insert({"decision_id": decision_id, "may_in": printer, "che_do": mode, "so_so_vang": text,
                                "in_lai": int(reprint)})
    return reprint


def print_history(db: sqlite_utils.Database, decision_id: int) -> list[sqlite3.Row]:
    """The prints of a decision, newest first (time, printer, mode, numbers, reprint)."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute("SELECT thoi_gian, may_in, che_do, so_so_vang, in_lai FROM print_log "
                          "WHERE decision_id = ? ORDER BY id DESC", [decision_id]).fetchall()
