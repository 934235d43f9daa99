"""Statistics of the awards of a year or a range of years, grouped one way, with the records behind each figure.

One grouped query over the award facts (``store.awards.counts``: by year, cá
nhân / tập thể and the raw values of the grouping), folded here into rows:
title codes into levels, units into their top-level unit (child units rolled
up), a person's phân loại into the one their chức vụ says when none is chosen.
Each row keeps the raw values it folded, so :func:`records_behind` returns
exactly the facts its figures count. A person is counted in the unit, gender,
dân tộc and phân loại the staff list holds now (the file keeps no history of
them).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sqlite_utils

from ...domain.limits import campaign_years, year_errors
from ...domain.models import GENDERS, PHAN_LOAI, phan_loai_theo_chuc_vu
from ...domain.vntext import name_sort_key, search_key
from ...store import awards
from ...store.records import ValidationError

#: what a table may be grouped by → its Vietnamese name
BY: Mapping[str, str] = {
    "title": "Danh hiệu, hình thức",
    "level": "Cấp khen thưởng",
    "unit": "Đơn vị",
    "gender": "Giới tính",
    "dan_toc": "Dân tộc",
    "phan_loai": "Phân loại đối tượng",
    "year": "Năm",
    "source": "Nguồn",
}
#: the fact groupings (``awards.GROUPS``) each way reads, after ``ca_nhan``
_RAW: Mapping[str, tuple[str, ...]] = {
    "title": ("ma",), "level": ("ma",), "unit": ("unit",), "gender": ("gioi_tinh",), "dan_toc": ("dan_toc",),
    "phan_loai": ("phan_loai", "chuc_vu"), "year": ("nam",), "source": ("nguon",),
}
_PERSONAL = {"gender", "dan_toc", "phan_loai"}  # a collective has none of these
COLLECTIVES = "__tap_the"
UNKNOWN = "__chua_ro"


@dataclass
class StatRow:
    """One line of a table: ``key`` (a code, level, unit id, year …), its label,
    the facts by year, of individuals and of collectives, and the money paid."""

    key: object
    label: str
    by_year: dict[int, int] = field(default_factory=dict)
    individuals: int = 0
    collectives: int = 0
    money: int = 0
    raw: set[tuple] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.individuals + self.collectives

    def add(self, year: int, individual: bool, n: int, money: int, raw: tuple | None) -> None:
        self.by_year[year] = self.by_year.get(year, 0) + n
        if individual:
            self.individuals += n
        else:
            self.collectives += n
        self.money += money
        if raw is not None:
            self.raw.add(raw)


@dataclass
class StatsTable:
    by: str
    first_year: int
    last_year: int
    rows: list[StatRow]
    total: StatRow

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def title(self) -> str:
        span = (f"năm {self.first_year}" if self.first_year == self.last_year
                else f"{self.first_year}–{self.last_year}")
        return f"Khen thưởng theo {BY[self.by].lower()}, {span}"


def check_years(first_year: int, last_year: int | None) -> int:
    """The last year (``first_year`` when None); refused in Vietnamese when out of range or reversed."""
    last = first_year if last_year is None else last_year
    years = campaign_years()  # a campaign's statistics may name its planned years
    problems = year_errors(first_year, "Từ năm", years=years) + year_errors(last, "Đến năm", years=years)
    if not problems and last < first_year:
        problems.append(f"Đến năm {last} trước từ năm {first_year}")
    if problems:
        raise ValidationError(problems)
    return last


def _units(db: sqlite_utils.Database) -> tuple[dict[int, int], dict[int, str], list[int]]:
    """Each unit's top-level unit, the names, and the top-level units in order."""
    rows = db.execute("SELECT id, parent_id, ten, thu_tu FROM units").fetchall()
    parent = {r[0]: r[1] for r in rows}
    names = {r[0]: r[2] for r in rows}

    def top(uid: int) -> int:
        seen = set()
        while parent.get(uid) is not None and uid not in seen:
            seen.add(uid)
            uid = parent[uid]
        return uid

    order = [r[0] for r in sorted(rows, key=lambda r: (r[3], r[0])) if r[1] is None]
    return {uid: top(uid) for uid in parent}, names, order


def statistics(db: sqlite_utils.Database, first_year: int, last_year: int | None = None, *,
               by: str = "title") -> StatsTable:
    """The table of ``first_year`` … ``last_year`` (achievement years) grouped ``by``."""
    if by not in BY:
        raise ValidationError([f"Không thống kê theo “{by}” được (chọn: {', '.join(BY)})"])
    last = check_years(first_year, last_year)
    cat = awards.catalogue(db)
    raw_groups = _RAW[by]
    data = awards.counts(db, ["nam", "ca_nhan", *raw_groups], awards.Filter(first_year=first_year, last_year=last))
    rows: dict[object, StatRow] = {}
    total = StatRow(None, "Tổng cộng")
    tops, unit_names, unit_order = _units(db) if by == "unit" else ({}, {}, [])

    def fold(individual: bool, values: tuple) -> tuple[object, str]:
        if by in _PERSONAL and not individual:
            return COLLECTIVES, "Tập thể (không phân loại)"
        if by in ("title", "level"):
            code = values[0]
            if by == "title":
                return code, cat.name(code)
            level = cat.level(code)
            return level, awards.LEVEL_LABELS.get(level, level)
        if by == "unit":
            uid = values[0]
            if not uid:
                return UNKNOWN, "Chưa xếp đơn vị"
            t = tops.get(uid, uid)
            return t, unit_names.get(t, f"Đơn vị {t}")
        if by == "gender":
            return (values[0], GENDERS[values[0]]) if values[0] in GENDERS else (UNKNOWN, "Chưa rõ giới tính")
        if by == "dan_toc":
            return (search_key(values[0]), values[0]) if values[0] else (UNKNOWN, "Chưa rõ dân tộc")
        if by == "phan_loai":
            code = values[0] or phan_loai_theo_chuc_vu(values[1])
            return code, PHAN_LOAI.get(code, code)
        if by == "year":
            return values[0], f"Năm {values[0]}"
        return values[0], awards.SOURCES.get(values[0], values[0])

    for nam, ca_nhan, *values, n, money in data:
        key, label = fold(bool(ca_nhan), tuple(values))
        row = rows.get(key)
        if row is None:
            row = rows[key] = StatRow(key, label)
        row.add(nam, bool(ca_nhan), n, money, (ca_nhan, *values))
        total.add(nam, bool(ca_nhan), n, money, None)
    return StatsTable(by, first_year, last, _ordered(by, rows, cat, unit_order), total)


def _ordered(by: str, rows: dict[object, StatRow], cat: awards.Catalogue, unit_order: Sequence[int]) -> list[StatRow]:
    last = {UNKNOWN: 1, COLLECTIVES: 2}
    if by == "title":
        codes = list(cat.titles)
        return sorted(rows.values(), key=lambda r: (codes.index(r.key) if r.key in codes else len(codes), r.label))
    if by == "level":
        levels = list(awards.LEVEL_LABELS)
        return sorted(rows.values(), key=lambda r: levels.index(r.key) if r.key in levels else len(levels))
    if by == "unit":
        order = {u: i for i, u in enumerate(unit_order)}
        return sorted(rows.values(), key=lambda r: (last.get(r.key, 0), order.get(r.key, len(order)), r.label))
    if by == "gender":
        genders = list(GENDERS)
        return sorted(rows.values(), key=lambda r: (last.get(r.key, 0), genders.index(r.key) if r.key in genders else 0))
    if by == "phan_loai":
        kinds = list(PHAN_LOAI)
        return sorted(rows.values(), key=lambda r: (last.get(r.key, 0), kinds.index(r.key) if r.key in kinds else 0))
    if by == "year":
        return sorted(rows.values(), key=lambda r: r.key)
    if by == "dan_toc":  # the most numerous first
        return sorted(rows.values(), key=lambda r: (last.get(r.key, 0), -r.total, name_sort_key(r.label)))
    return sorted(rows.values(), key=lambda r: r.label)


def records_behind(db: sqlite_utils.Database, table: StatsTable, row: StatRow | None = None, *,
                   year: int | None = None, individuals: bool | None = None,
                   limit: int | None = None) -> list[awards.AwardFact]:
    """The facts a figure of ``table`` counts: ``row`` (None: the total line),
    one ``year`` (None: every year of the table), individuals or collectives
    (None: both); at most ``limit`` of them when given."""
    flt = awards.Filter(first_year=year if year is not None else table.first_year,
                        last_year=year if year is not None else table.last_year, individuals=individuals)
    if row is None:
        return awards.facts(db, flt, limit=limit)
    return awards.facts(db, flt, groups=("ca_nhan", *_RAW[table.by]), keys=row.raw, limit=limit)


def latest_year(db: sqlite_utils.Database) -> int | None:
    """The last achievement year that has an award, if any."""
    row = db.execute("SELECT max(nam) FROM (SELECT max(nam) AS nam FROM awards UNION ALL "
                     "SELECT max(nam) FROM decisions)").fetchone()
    return row[0] if row else None
