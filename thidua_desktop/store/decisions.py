"""Decisions, awardees, the award book and the print log in the data file.

:func:`save_decision` writes a decision in one transaction: its awardees get
award-book numbers after the highest ever given in their series and year
(``award_book_numbers`` remembers it, so a number is never given twice even
after a deletion), each awardee becomes a line of the award history that
eligibility reads (source ``quyet_dinh``), and the registrations it came
from move to ``quyet_dinh``.
"""
from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Mapping, Sequence

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


def _add_awardees(db: sqlite_utils.Database, decision_id: int, decision: Decision, awardees: Sequence[Awardee],
                  *, numbered: bool, per_decision: bool = False, first: int = 0) -> None:
    """Write ``awardees`` into decision ``decision_id`` — numbered when
    ``numbered``: 1, 2, … within the decision when ``per_decision``, else
    continuing the series of its title and year; never a number given before —
    each a line of the award history, their registrations decided."""
    _refuse_awarded_elsewhere(db, decision_id, decision, awardees)
    year = decision.ngay.year
    series = f"{decision.ma}#{decision_id:09d}" if per_decision else decision.ma  # unique per series
    numbers = _take_numbers(db, series, year, len(awardees)) if numbered else []
    for i, a in enumerate(awardees):
        db["decision_awardees"].insert({
            "decision_id": decision_id, "staff_id": a.staff_id, "unit_id": a.unit_id,
            "registration_id": a.registration_id, "thanh_tich": a.thanh_tich,
            "so_so_vang": numbers[i] if numbered else None, "so_series": series if numbered else None,
            "so_nam": year if numbered else None, "tien_thuong": a.tien_thuong, "thu_tu": first + i,
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


def _refuse_awarded_elsewhere(db: sqlite_utils.Database, decision_id: int, decision: Decision,
                              awardees: Sequence[Awardee]) -> None:
    """A danh hiệu is given once a year (a hình thức such as Giấy khen may be
    given again for another achievement): an awardee whom the history already
    gives it — by another decision in force, or typed or imported from an old
    file — is refused (the history's line would be overwritten by this
    decision, and deleting the decision would then erase it)."""
    from .rules import ruleset_for_year

    try:
        title = ruleset_for_year(db, decision.nam).get_title(decision.ma)
    except ValidationError:
        title = None
    if title is None or not title.is_danh_hieu:  # a hình thức may be given again for another achievement
        return
    problems = []
    for a in awardees:
        row = db.execute(
            """SELECT aw.so_quyet_dinh, aw.nguon, coalesce(s.ho_ten, u.ten, '') FROM awards aw
               LEFT JOIN staff s ON s.id = aw.staff_id LEFT JOIN units u ON u.id = aw.unit_id
               WHERE coalesce(aw.staff_id, 0) = ? AND coalesce(aw.unit_id, 0) = ? AND aw.nam = ? AND aw.ma = ?""",
            [a.staff_id or 0, a.unit_id or 0, decision.nam, decision.ma]).fetchone()
        if row is None:
            continue
        so, nguon, name = row
        if nguon != "quyet_dinh":
            problems.append(f"{name} đã có danh hiệu {title.name} năm {decision.nam} trong lịch sử khen thưởng"
                            + (f" (Quyết định số {so})" if so else "") + " do nhập tay hoặc nhập từ Excel")
        elif db.execute("""SELECT 1 FROM decision_awardees x JOIN decisions d ON d.id = x.decision_id
                           WHERE d.id <> ? AND d.so = ? AND d.nam = ? AND d.ma = ? AND x.huy = 0
                             AND coalesce(x.staff_id, 0) = ? AND coalesce(x.unit_id, 0) = ?""",
                        [decision_id, so, decision.nam, decision.ma, a.staff_id or 0, a.unit_id or 0]).fetchone():
            problems.append(f"{name} đã được công nhận {title.name} năm {decision.nam} theo Quyết định số {so}")
    if problems:
        raise ValidationError([f"Không ghi được quyết định: {'; '.join(problems[:5])}"
                               f"{' …' if len(problems) > 5 else ''}. Mỗi thành tích chỉ khen một lần: bỏ họ khỏi "
                               "quyết định này (hoặc sửa lịch sử khen thưởng nếu ghi nhầm). Chưa ghi gì."])


def _integrity(exc: sqlite3.IntegrityError, decision: Decision) -> ValidationError:
    text = str(exc)
    if "decisions_number" in text or "decisions.so" in text:
        return ValidationError([f"Đã có quyết định số {decision.so} trong năm {decision.ngay.year}"])
    return ValidationError([f"Không ghi được quyết định: {text}"])


def save_decision(db: sqlite_utils.Database, decision: Decision, *, numbered: bool = True,
                  per_decision: bool = False, replaces: int | None = None) -> int:
    """Insert a new decision with its awardees (numbers given when ``numbered``:
    1, 2, … within the decision when ``per_decision``, else continuing the
    series of its title and year); ``replaces``: the printed decision it takes
    the place of."""
    decision = _checked(decision)
    if decision.id is not None:
        raise ValidationError(["Quyết định đã ghi; sửa từng người được khen hoặc hủy giấy khen"])
    values = {"so": decision.so, "ngay": _iso(decision.ngay), "nam": decision.nam, "ma": decision.ma,
              "nguoi_ky": decision.nguoi_ky, "chuc_danh_ky": decision.chuc_danh_ky,
              "trich_yeu": decision.trich_yeu, "meeting_id": decision.meeting_id, "ghi_chu": decision.ghi_chu,
              "cap": decision.cap, "co_quan_ban_hanh": decision.co_quan_ban_hanh, "thay_the": replaces}
    try:
        with db.atomic():
            decision_id = db["decisions"].insert(values).last_pk
            _add_awardees(db, decision_id, decision, decision.awardees, numbered=numbered,
                          per_decision=per_decision)
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc, decision) from exc
    return decision_id


def print_count(db: sqlite_utils.Database, decision_id: int) -> int:
    """How many times something of the decision was printed or saved as PDF."""
    return db.execute("SELECT count(*) FROM print_log WHERE decision_id = ?", [decision_id]).fetchone()[0]


def replaced_by(db: sqlite_utils.Database, decision_id: int) -> str | None:
    """The number of the decision that replaced this one, if any."""
    row = db.execute("SELECT so FROM decisions WHERE thay_the = ?", [decision_id]).fetchone()
    return row[0] if row else None


def _refuse_printed(db: sqlite_utils.Database, d: Decision, what: str) -> None:
    n = print_count(db, d.id)
    if n:
        raise ValidationError([f"Quyết định số {d.so} đã in giấy khen ({n} lần) nên không {what} được: "
                               "dùng “Hủy và ban hành lại…” để ghi quyết định thay thế (nhật ký in được giữ)."])
    if (newer := replaced_by(db, d.id)) is not None:
        raise ValidationError([f"Quyết định số {d.so} đã được thay bằng Quyết định số {newer}."])


def _withdraw(db: sqlite_utils.Database, d: Decision, awardees: Sequence[Awardee]) -> None:
    """Take ``awardees`` of ``d`` out of the award history; their registrations are đạt again."""
    for a in awardees:
        other = db.execute(  # another decision in force gives them the same award: the history names it
            """SELECT o.so, o.ngay FROM decision_awardees x JOIN decisions o ON o.id = x.decision_id
               WHERE o.id <> ? AND o.nam = ? AND o.ma = ? AND x.huy = 0
                 AND coalesce(x.staff_id, 0) = ? AND coalesce(x.unit_id, 0) = ? ORDER BY o.ngay DESC, o.id DESC""",
            [d.id, d.nam, d.ma, a.staff_id or 0, a.unit_id or 0]).fetchone()
        where = ("WHERE coalesce(staff_id, 0) = ? AND coalesce(unit_id, 0) = ? AND nam = ? AND ma = ? "
                 "AND nguon = 'quyet_dinh' AND so_quyet_dinh = ?")
        subject = [a.staff_id or 0, a.unit_id or 0, d.nam, d.ma, d.so]
        if other is not None:
            db.execute(f"UPDATE awards SET so_quyet_dinh = ?, ngay_quyet_dinh = ? {where}", [*other, *subject])
        else:
            db.execute(f"DELETE FROM awards {where}", subject)
        if a.registration_id is not None:
            db.execute("UPDATE registrations SET trang_thai = 'dat', updated_at = datetime('now') "
                       "WHERE id = ? AND trang_thai = 'quyet_dinh'", [a.registration_id])


def update_decision(db: sqlite_utils.Database, decision_id: int, *, so: str, ngay, nguoi_ky: str,
                    chuc_danh_ky: str, trich_yeu: str | None = None, remove: Sequence[int] = (),
                    add: Sequence[Awardee] = (), numbered: bool = True, per_decision: bool = False,
                    rewards: Mapping[int, int | None] | None = None) -> None:
    """Correct a decision nothing of which is printed: its number, date, signer
    and awardees (``remove``: awardee ids; ``add``: new awardees, numbered after
    the highest ever given; ``rewards``: a kept awardee's id → its tiền thưởng
    at the new date). The award history and the registrations follow."""
    old = get_decision(db, decision_id)
    _refuse_printed(db, old, "sửa")
    ngay = _date(ngay) if isinstance(ngay, str) else ngay
    if not set(remove) <= {a.id for a in old.awardees}:
        raise ValidationError(["Người được bỏ không có trong quyết định này"])
    kept = [a for a in old.awardees if a.id not in set(remove)]
    new = _checked(dataclasses.replace(
        old, so=so, ngay=ngay, nguoi_ky=nguoi_ky, chuc_danh_ky=chuc_danh_ky,
        trich_yeu=old.trich_yeu if trich_yeu is None else trich_yeu, awardees=(*kept, *add)))
    if ngay.year != old.ngay.year and any(a.so_so_vang is not None for a in kept):
        raise ValidationError([f"Số sổ vàng được cấp theo năm ký ({old.ngay.year}): muốn đổi sang năm {ngay.year} "
                               "hãy xóa quyết định này rồi ghi lại."])
    try:
        with db.atomic():
            db.execute("UPDATE decisions SET so = ?, ngay = ?, nguoi_ky = ?, chuc_danh_ky = ?, trich_yeu = ? "
                       "WHERE id = ?", [new.so, _iso(new.ngay), new.nguoi_ky, new.chuc_danh_ky, new.trich_yeu,
                                        decision_id])
            _withdraw(db, old, [a for a in old.awardees if a.id in set(remove)])
            db.conn.executemany("DELETE FROM decision_awardees WHERE id = ?", [(i,) for i in remove])
            for a in kept:
                db.execute("UPDATE awards SET so_quyet_dinh = ?, ngay_quyet_dinh = ? WHERE coalesce(staff_id, 0) = ? "
                           "AND coalesce(unit_id, 0) = ? AND nam = ? AND ma = ? AND nguon = 'quyet_dinh' "
                           "AND so_quyet_dinh = ?", [new.so, _iso(new.ngay), a.staff_id or 0, a.unit_id or 0,
                                                     old.nam, old.ma, old.so])
            db.conn.executemany("UPDATE decision_awardees SET tien_thuong = ? WHERE id = ? AND decision_id = ? "
                                "AND tien_thuong IS NOT ?",
                                [(amount, aid, decision_id, amount) for aid, amount in (rewards or {}).items()
                                 if aid not in set(remove)])
            first = 1 + max((r[0] for r in db.execute("SELECT thu_tu FROM decision_awardees WHERE decision_id = ?",
                                                       [decision_id])), default=-1)
            series = db.execute("SELECT so_series FROM decision_awardees WHERE decision_id = ? "
                                "AND so_series IS NOT NULL LIMIT 1", [decision_id]).fetchone()
            if series is not None:  # the decision's numbering goes on as it began
                per_decision = "#" in series[0]
            _add_awardees(db, decision_id, new, new.awardees[len(kept):], numbered=numbered,
                          per_decision=per_decision, first=first)
            _sync_proposal_outcomes(db, decision_id)
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc, new) from exc


def delete_decision(db: sqlite_utils.Database, decision_id: int) -> None:
    """Delete a decision nothing of which is printed; its lines of the award
    history go, its registrations are đạt again; numbers of the book's
    continuing series stay taken."""
    d = get_decision(db, decision_id)
    _refuse_printed(db, d, "xóa")
    with db.atomic():
        _withdraw(db, d, d.awardees)
        # a higher level's decision answered a proposal: its rows wait for a decision again
        db.execute("UPDATE proposal_items SET ket_qua = 'cho' WHERE proposal_id IN "
                   "(SELECT id FROM proposals WHERE decision_id = ?)", [decision_id])
        db.execute("UPDATE proposals SET decision_id = NULL WHERE decision_id = ?", [decision_id])
        db.execute("DELETE FROM decisions WHERE id = ?", [decision_id])
        # a series of its own (numbered 1, 2, … in the decision) goes with it: a later decision that gets
        # the same id starts again from 1
        db.execute("DELETE FROM award_book_numbers WHERE so_series = ?", [f"{d.ma}#{decision_id:09d}"])


def _sync_proposal_outcomes(db: sqlite_utils.Database, decision_id: int) -> None:
    """The proposal decision ``decision_id`` answers: each proposed row is
    được khen when the decision (as corrected) names its registration, else không."""
    db.execute("""UPDATE proposal_items SET ket_qua = CASE WHEN registration_id IN
                      (SELECT registration_id FROM decision_awardees WHERE decision_id = ? AND huy = 0
                       AND registration_id IS NOT NULL) THEN 'duoc_khen' ELSE 'khong_duoc_khen' END
                  WHERE proposal_id IN (SELECT id FROM proposals WHERE decision_id = ?)""",
               [decision_id, decision_id])


def reissue_decision(db: sqlite_utils.Database, decision_id: int, decision: Decision, *,
                     numbered: bool = True, per_decision: bool = False) -> int:
    """Cancel a (printed) decision and issue ``decision`` in its place: every
    certificate of the old one is cancelled (numbers and print log kept), the
    award history and registrations follow the new one. Returns its id."""
    old = get_decision(db, decision_id)
    if (newer := replaced_by(db, decision_id)) is not None:
        raise ValidationError([f"Quyết định số {old.so} đã được thay bằng Quyết định số {newer}."])
    staying = {(a.staff_id, a.unit_id) for a in decision.awardees}
    with db.atomic():
        db.execute("UPDATE decision_awardees SET huy = 1 WHERE decision_id = ?", [decision_id])
        _withdraw(db, old, [a for a in old.awardees if (a.staff_id, a.unit_id) not in staying])
        new_id = save_decision(db, dataclasses.replace(decision, id=None), numbered=numbered,
                               per_decision=per_decision, replaces=decision_id)
        db.execute("UPDATE decisions SET ghi_chu = trim(ghi_chu || ' ' || ?) WHERE id = ?",
                   [f"Đã hủy, thay bằng Quyết định số {decision.so}.", decision_id])
        db.execute("UPDATE proposals SET decision_id = ? WHERE decision_id = ?", [new_id, decision_id])
        _sync_proposal_outcomes(db, new_id)
    return new_id


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
                  coalesce(sum(CASE WHEN a.huy THEN 0 ELSE a.tien_thuong END), 0) AS tong_tien,
                  (SELECT n.so FROM decisions n WHERE n.thay_the = d.id) AS thay_bang,
                  (SELECT o.so FROM decisions o WHERE o.id = d.thay_the) AS thay_cho,
                  (SELECT count(*) FROM print_log p WHERE p.decision_id = d.id) AS so_lan_in
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


def award_book(db: sqlite_utils.Database, first_year: int, last_year: int | None = None) -> list[dict]:
    """Sổ khen thưởng of the achievement years ``first_year`` … ``last_year``:
    the award facts (:mod:`.awards`: every awardee of every decision, the
    history no decision of the file wrote) and a cancelled awardee that took
    an award-book number, which is never given again. By year and title; the
    decisions first (by date, then award-book number), then the history;
    names in Vietnamese order."""
    from ..domain.vntext import name_sort_key
    from .awards import Filter, facts_query

    last = last_year if last_year is not None else first_year
    sql, params = facts_query(Filter(first_year=first_year, last_year=last), book=True)
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    rows = [dict(r) for r in cursor.execute(
        f"""SELECT f.so_so_vang, f.so_series, f.so_nam, f.huy, f.so, f.ngay, f.ma, f.nam, f.nguon, f.ghi_chu,
                   f.decision_id, coalesce(s.ho_ten, u.ten) AS ten, s.ngay_sinh, s.gioi_tinh,
                   coalesce(s.chuc_vu, '') AS chuc_vu,
                   coalesce(nullif(su.ten_in, ''), su.ten, nullif(pu.ten_in, ''), pu.ten, '') AS don_vi
            FROM ({sql}) f LEFT JOIN staff s ON s.id = f.staff_id LEFT JOIN units su ON su.id = s.unit_id
            LEFT JOIN units u ON u.id = f.unit_id LEFT JOIN units pu ON pu.id = u.parent_id""", params)]
    rows.sort(key=lambda r: (r["nam"], r["ma"], r["decision_id"] is None, r["ngay"] or "", r["so"] or "",
                             r["so_so_vang"] is None, r["so_so_vang"] or 0, name_sort_key(r["ten"] or "")))
    return rows


def awardee_rows(db: sqlite_utils.Database, decision_id: int) -> list[sqlite3.Row]:
    """A decision's awardees with what certificates and lists show."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(
        """SELECT a.*, coalesce(s.ho_ten, u.ten) AS ten, s.gioi_tinh, s.ngay_sinh,
                  coalesce(s.chuc_vu, '') AS chuc_vu,
                  coalesce(nullif(su.ten_in, ''), su.ten, nullif(pu.ten_in, ''), pu.ten, '') AS don_vi
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
