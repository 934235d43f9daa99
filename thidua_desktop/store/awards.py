"""Award facts: every award a person or a collective received, from any source, once.

The one query over the awards of the file — statistics, the statistical
forms, the award book and a person's or unit's record all read it:

* the awardees of the decisions of this file, the agency's own and the
  higher levels' recorded through proposals (``decisions.cap``), a cancelled
  certificate (``decision_awardees.huy``) left out;
* the lines of the award history (``awards``: typed, imported, or written by a
  decision not in this file) that no decision in force of this file gives —
  the same subject, year and title — so an award a decision wrote into the
  history is counted once, from its decision; the line a decision of this
  file wrote for a certificate since cancelled is not counted.

A fact's level (cơ sở / tỉnh / toàn quốc), name and kind come from the title
catalogue of the rule sets (:func:`catalogue`), never from a list in code.
Filters and groupings run in SQLite (one statement per question), so a table
over 50,000 people and half a million award lines stays well under a second.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlite_utils

from ..domain.titles import LEVELS, SUBJECTS, Title

#: Where a fact comes from (``AwardFact.nguon``), as the window shows it.
SOURCES: Mapping[str, str] = {
    "quyet_dinh": "Quyết định của cơ quan",
    "cap_tren": "Quyết định của cấp trên",
    "lich_su": "Lịch sử khen thưởng (quyết định không có trong tệp)",
    "nhap_tay": "Lịch sử khen thưởng (nhập tay)",
    "nhap_excel": "Lịch sử khen thưởng (nhập từ Excel)",
}
#: Level of a title no rule set knows.
UNKNOWN_LEVEL = "chua_ro"
LEVEL_LABELS: Mapping[str, str] = {**LEVELS, UNKNOWN_LEVEL: "Chưa rõ cấp"}

_COLUMNS = ("staff_id", "unit_id", "nam", "ma", "so", "ngay", "co_quan_ban_hanh", "cap", "nguon", "tien_thuong",
            "phuong_thuc", "decision_id", "awardee_id", "award_id", "huy", "so_so_vang", "so_series", "so_nam",
            "ghi_chu")


def _halves(where: str, *, book: bool) -> tuple[str, str]:
    """The decided facts and the history facts, each filtered by ``where``
    (over the columns of :data:`_COLUMNS`).
    ``book``: a cancelled awardee that took an award-book number is kept (the
    Sổ khen thưởng lists every number ever given)."""
    cancelled = "(x.huy = 0 OR x.so_so_vang IS NOT NULL)" if book else "x.huy = 0"
    decided = f"""
        SELECT x.staff_id, x.unit_id, d.nam, d.ma, d.so, d.ngay, d.co_quan_ban_hanh, d.cap,
               CASE WHEN d.cap = 'co_quan' THEN 'quyet_dinh' ELSE 'cap_tren' END AS nguon, x.tien_thuong,
               coalesce(r.co_so, 'cong_trang') AS phuong_thuc, d.id AS decision_id, x.id AS awardee_id,
               NULL AS award_id, x.huy, x.so_so_vang, x.so_series, x.so_nam, '' AS ghi_chu
        FROM decision_awardees x JOIN decisions d ON d.id = x.decision_id
        LEFT JOIN registrations r ON r.id = x.registration_id
        WHERE {cancelled}"""
    history = """
        SELECT a.staff_id, a.unit_id, a.nam, a.ma, a.so_quyet_dinh AS so, a.ngay_quyet_dinh AS ngay,
               '' AS co_quan_ban_hanh, NULL AS cap,
               CASE WHEN a.nguon = 'quyet_dinh' THEN 'lich_su' ELSE a.nguon END AS nguon, NULL AS tien_thuong,
               a.co_so AS phuong_thuc, NULL AS decision_id, NULL AS awardee_id, a.id AS award_id, 0 AS huy,
               NULL AS so_so_vang, NULL AS so_series, NULL AS so_nam, a.ghi_chu
        FROM awards a
        WHERE a.id NOT IN (SELECT h.id FROM decision_awardees x JOIN decisions d ON d.id = x.decision_id
                           JOIN awards h ON coalesce(h.staff_id, 0) = coalesce(x.staff_id, 0)
                                        AND coalesce(h.unit_id, 0) = coalesce(x.unit_id, 0)
                                        AND h.nam = d.nam AND h.ma = d.ma
                           WHERE x.huy = 0 OR (h.nguon = 'quyet_dinh' AND h.so_quyet_dinh = d.so))"""
    return f"SELECT * FROM ({decided}) WHERE {where}", f"SELECT * FROM ({history}) WHERE {where}"


@dataclass(frozen=True)
class Filter:
    """Which facts a question is about; every field optional (None: all).

    ``first_year``/``last_year``: the achievement year (``nam``);
    ``decided_from``/``decided_to``: the decision's date — a fact without a date
    (an old history line) is taken as decided in the period that ends in the
    year after its achievement year (a year's titles are decided at its end or
    early next year: a reporting period 01/12 → 30/11 holds them);
    ``codes``: title codes; ``staff_ids``/``unit_ids``: the subjects
    (``unit_ids`` are collectives only; a unit's people are ``staff_unit_ids``;
    ``within_units``: the collectives of those units and their people);
    ``individuals``: True for people only, False for collectives only."""

    first_year: int | None = None
    last_year: int | None = None
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None
    codes: Sequence[str] | None = None
    staff_ids: Sequence[int] | None = None
    unit_ids: Sequence[int] | None = None
    staff_unit_ids: Sequence[int] | None = None
    individuals: bool | None = None
    sources: Sequence[str] | None = None
    within_units: Sequence[int] | None = None

    def sql(self) -> tuple[str, list]:
        parts, params = ["1"], []
        if self.first_year is not None:
            parts.append("nam >= ?")
            params.append(self.first_year)
        if self.last_year is not None:
            parts.append("nam <= ?")
            params.append(self.last_year)
        if self.decided_from is not None or self.decided_to is not None:
            lo = (self.decided_from or dt.date.min).isoformat()
            hi = (self.decided_to or dt.date.max).isoformat()
            dateless = f" OR (ngay IS NULL AND nam = {int(self.decided_to.year) - 1})" if self.decided_to else ""
            parts.append(f"(substr(ngay, 1, 10) BETWEEN ? AND ?{dateless})")
            params += [lo, hi]
        # a subject as the history's unique index reads it (coalesce(…, 0)): a person's record is a lookup
        for column, values in (("ma", self.codes), ("coalesce(staff_id, 0)", self.staff_ids),
                               ("coalesce(unit_id, 0)", self.unit_ids), ("nguon", self.sources)):
            if values is not None:
                values = list(values)
                parts.append(f"{column} IN ({','.join('?' * len(values))})" if values else "0")
                params += values
        if self.staff_unit_ids is not None:
            ids = ",".join(str(int(i)) for i in self.staff_unit_ids) or "NULL"
            parts.append(f"staff_id IN (SELECT id FROM staff WHERE unit_id IN ({ids}))")
        if self.within_units is not None:
            ids = ",".join(str(int(i)) for i in self.within_units) or "NULL"
            parts.append(f"(unit_id IN ({ids}) OR staff_id IN (SELECT id FROM staff WHERE unit_id IN ({ids})))")
        if self.individuals is not None:
            parts.append("staff_id IS NOT NULL" if self.individuals else "unit_id IS NOT NULL")
        return " AND ".join(parts), params


def facts_query(flt: Filter = Filter(), *, book: bool = False) -> tuple[str, list]:
    """SQL (and its parameters) selecting the facts of ``flt`` with the columns
    of :data:`_COLUMNS` — for a caller that groups or joins them in SQLite."""
    where, params = flt.sql()
    decided, history = _halves(where, book=book)
    return f"SELECT * FROM ({decided} UNION ALL {history})", params + params


# --- the title catalogue --------------------------------------------------------------------------

@dataclass(frozen=True)
class Catalogue:
    """Every title code the file's rule sets know, with the newest set's reading of it."""

    titles: Mapping[str, Title]

    def title(self, code: str) -> Title | None:
        return self.titles.get(code)

    def name(self, code: str) -> str:
        t = self.titles.get(code)
        return t.name if t else code

    def level(self, code: str) -> str:
        t = self.titles.get(code)
        return t.level if t else UNKNOWN_LEVEL

    def kind(self, code: str) -> str | None:
        t = self.titles.get(code)
        return t.kind if t else None

    def codes_where(self, *, levels: Iterable[str] | None = None, kinds: Iterable[str] | None = None,
                    subjects: Iterable[str] | None = None) -> list[str]:
        """Codes of the titles at one of ``levels``, of one of ``kinds``, for one of ``subjects``."""
        levels, kinds, subjects = (set(x) if x is not None else None for x in (levels, kinds, subjects))
        return sorted(c for c, t in self.titles.items()
                      if (levels is None or t.level in levels) and (kinds is None or t.kind in kinds)
                      and (subjects is None or subjects & set(t.subjects)))


def catalogue(db: sqlite_utils.Database) -> Catalogue:
    """The titles of every rule set (built-in and the user's), a code read from
    the newest set holding it, the set in force this year last (the agency's own)."""
    from .records import ValidationError
    from .rules import all_rulesets, ruleset_for_year

    titles: dict[str, Title] = {}
    for rs in sorted(all_rulesets(db), key=lambda r: r.effective_from):
        titles.update({t.code: t for t in rs.titles})
    try:
        current = ruleset_for_year(db, dt.date.today().year)
        titles.update({t.code: t for t in current.titles})
    except ValidationError:
        pass
    return Catalogue(titles)


# --- facts as records -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AwardFact:
    """One award of one subject. ``so``/``ngay``/``co_quan_ban_hanh``: the
    decision (``co_quan_ban_hanh`` empty for the agency's own and for history
    lines); ``nguon``: a key of :data:`SOURCES`; ``level``: a key of
    :data:`LEVEL_LABELS`; ``tien_thuong``: đồng, None when not known."""

    staff_id: int | None
    unit_id: int | None
    nam: int
    ma: str
    ten_danh_hieu: str
    kind: str | None
    level: str
    so: str
    ngay: dt.date | None
    co_quan_ban_hanh: str
    nguon: str
    tien_thuong: int | None
    phuong_thuc: str
    decision_id: int | None
    awardee_id: int | None
    award_id: int | None
    ghi_chu: str
    ten: str = ""
    don_vi: str = ""

    @property
    def individual(self) -> bool:
        return self.staff_id is not None

    @property
    def subject_label(self) -> str:
        return SUBJECTS["ca_nhan" if self.individual else "tap_the"]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.nguon, self.nguon)


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _group_condition(groups: Sequence[str], keys: Iterable[tuple]) -> tuple[str, list]:
    """SQL: the fact's values of ``groups`` (names of :data:`GROUPS`) are one of ``keys``."""
    keys = [tuple(k) for k in keys]
    if not keys:
        return "0", []
    exprs = [GROUPS[g] for g in groups]
    row = f"({', '.join('?' * len(groups))})"
    return (f"({', '.join(exprs)}) IN (VALUES {', '.join([row] * len(keys))})",
            [v for k in keys for v in k])


def facts(db: sqlite_utils.Database, flt: Filter = Filter(), *, cat: Catalogue | None = None,
          limit: int | None = None, groups: Sequence[str] = (), keys: Iterable[tuple] = ()) -> list[AwardFact]:
    """The facts of ``flt`` with the subject's name and unit, by year, title,
    decision date, then name (Vietnamese order). ``groups``/``keys``: only the
    facts whose values of those :data:`GROUPS` are one of ``keys`` (the records
    behind a row of :func:`counts`)."""
    from ..domain.vntext import name_sort_key

    cat = cat or catalogue(db)
    sql, params = facts_query(flt)
    where = ""
    if groups:
        cond, extra = _group_condition(groups, keys)
        where, params = f"WHERE {cond}", params + extra
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    rows = cursor.execute(
        f"""SELECT f.*, coalesce(s.ho_ten, u.ten, '') AS ten, coalesce(su.ten, pu.ten, '') AS don_vi
            FROM ({sql}) f LEFT JOIN staff s ON s.id = f.staff_id LEFT JOIN units su ON su.id = s.unit_id
            LEFT JOIN units u ON u.id = f.unit_id LEFT JOIN units pu ON pu.id = u.parent_id {where}
            {f'LIMIT {int(limit)}' if limit is not None else ''}""", params).fetchall()
    out = [AwardFact(staff_id=r["staff_id"], unit_id=r["unit_id"], nam=r["nam"], ma=r["ma"],
                     ten_danh_hieu=cat.name(r["ma"]), kind=cat.kind(r["ma"]), level=cat.level(r["ma"]),
                     so=r["so"] or "", ngay=_day(r["ngay"]), co_quan_ban_hanh=r["co_quan_ban_hanh"] or "",
                     nguon=r["nguon"], tien_thuong=r["tien_thuong"], phuong_thuc=r["phuong_thuc"] or "cong_trang",
                     decision_id=r["decision_id"], awardee_id=r["awardee_id"], award_id=r["award_id"],
                     ghi_chu=r["ghi_chu"] or "", ten=r["ten"], don_vi=r["don_vi"]) for r in rows]
    out.sort(key=lambda f: (f.nam, f.ma, f.ngay or dt.date.min, f.so, name_sort_key(f.ten)))
    return out


def subject_facts(db: sqlite_utils.Database, *, staff_id: int | None = None,
                  unit_id: int | None = None) -> list[AwardFact]:
    """Every award of one person or one collective, oldest first."""
    if (staff_id is None) == (unit_id is None):
        raise ValueError("one of staff_id, unit_id")
    flt = Filter(staff_ids=[staff_id]) if staff_id is not None else Filter(unit_ids=[unit_id])
    return facts(db, flt)


#: What :func:`counts` may group by (a fact column or a column of its subject).
GROUPS: Mapping[str, str] = {
    "nam": "f.nam",
    "ma": "f.ma",
    "nguon": "f.nguon",
    "phuong_thuc": "f.phuong_thuc",
    "ca_nhan": "(f.staff_id IS NOT NULL)",
    "unit": "coalesce(s.unit_id, f.unit_id, 0)",  # 0: a person in no unit
    "gioi_tinh": "coalesce(s.gioi_tinh, '')",
    "dan_toc": "coalesce(s.dan_toc, '')",
    "phan_loai": "coalesce(s.phan_loai, '')",
    "chuc_vu": "coalesce(s.chuc_vu, '')",
}


def counts(db: sqlite_utils.Database, group_by: Sequence[str], flt: Filter = Filter()) -> list[tuple]:
    """One row per group, in the order of its values: the group's values (in
    ``group_by`` order, names of :data:`GROUPS`), the number of facts and the
    tiền thưởng paid (đồng)."""
    unknown = [g for g in group_by if g not in GROUPS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown}")
    where, params = flt.sql()
    keys = [GROUPS[g] for g in group_by]
    select = ", ".join([*keys, "count(*)", "coalesce(sum(f.tien_thuong), 0)"])
    needs_staff = any("s." in k for k in keys)
    join = "LEFT JOIN staff s ON s.id = f.staff_id" if needs_staff else ""
    group = f"GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}" if keys else ""
    # each half grouped on its own (SQLite sorts a union of half a million rows twice as slowly), then added up
    totals: dict[tuple, list[int]] = {}
    for half in _halves(where, book=False):
        for *key, n, money in db.execute(f"SELECT {select} FROM ({half}) f {join} {group}", params):
            if n:
                got = totals.setdefault(tuple(key), [0, 0])
                got[0] += n
                got[1] += money
    return [(*key, n, money) for key, (n, money) in sorted(
        totals.items(), key=lambda item: tuple((v is None, v if v is not None else 0) for v in item[0]))]
