"""The statistical forms filled from the data file.

The forms are data (``domain.reportforms``): the shipped ones in
``resources/rules/forms/`` and the user's own in the data folder's ``forms/``
(a form of a newer Thông tư is added there as a file, without code). A form
is filled for the reporting period that ends in the chosen year: its source's
records (award facts decided in the period, campaigns launched in it, or the
staff) are grouped in SQLite by the values the predicates read, and each
group is counted once per cell its predicates accept.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from ... import paths
from ...domain.models import OrgSettings, phan_loai_theo_chuc_vu
from ...domain.reportforms import FormError, ReportForm, load_forms_dir, pick_form, tally
from ...domain.vntext import search_key
from ...store import awards, records
from ...store.records import ValidationError
from .stats import check_years


def user_forms_dir() -> Path:
    """Where the user puts forms of their own (``*.json``)."""
    return paths.user_data_dir() / "forms"


def available_forms() -> list[ReportForm]:
    """The shipped forms, then the user's; a bad file is refused naming it."""
    out = load_forms_dir(paths.resource_path("rules", "forms"))
    folder = user_forms_dir()
    if folder.is_dir():
        out += load_forms_dir(folder)
    return out


def find_form(code: str, year: int) -> ReportForm:
    """The form ``code`` in force for ``year``, or a Vietnamese refusal."""
    try:
        return pick_form(available_forms(), code, year)
    except FormError as exc:
        raise ValidationError([f"Biểu mẫu hỏng: {e}" for e in exc.errors]) from None
    except LookupError as exc:
        raise ValidationError([str(exc)]) from None


@dataclass(frozen=True)
class FilledForm:
    form: ReportForm
    year: int
    period: tuple[dt.date, dt.date]
    grid: list[list[int | None]]
    settings: OrgSettings
    undated: int = 0  # award facts of the period without a decision date (taken by their year)

    def value(self, row_code: str, column_code: str) -> int | None:
        i = next(i for i, r in enumerate(self.form.rows) if r.code == row_code and not r.heading)
        j = next(j for j, c in enumerate(self.form.columns) if c.code == column_code)
        return self.grid[i][j]


def _minority(dan_toc: str) -> bool:
    return bool(dan_toc) and search_key(dan_toc) != "kinh"


def _fact_records(db: sqlite_utils.Database, start: dt.date, end: dt.date) -> Iterator[tuple[Mapping[str, Any], int]]:
    cat = awards.catalogue(db)
    groups = ["ma", "ca_nhan", "phuong_thuc", "nguon", "gioi_tinh", "dan_toc", "phan_loai", "chuc_vu"]
    for ma, ca_nhan, phuong_thuc, nguon, gioi_tinh, dan_toc, phan_loai, chuc_vu, n, _money in awards.counts(
            db, groups, awards.Filter(decided_from=start, decided_to=end)):
        person = bool(ca_nhan)
        yield {"ma": ma, "level": cat.level(ma), "kind": cat.kind(ma), "subject": "ca_nhan" if person else "tap_the",
               "phuong_thuc": phuong_thuc, "nguon": nguon, "gioi_tinh": gioi_tinh or None,
               "dan_toc": dan_toc, "thieu_so": _minority(dan_toc),
               "phan_loai": (phan_loai or phan_loai_theo_chuc_vu(chuc_vu)) if person else None,
               "chuc_vu": chuc_vu}, n


def _campaign_records(db: sqlite_utils.Database, start: dt.date, end: dt.date):
    for loai, first, last, n in db.execute(
            """SELECT loai, nam_bat_dau, nam_ket_thuc, count(*) FROM campaigns
               WHERE substr(ngay_ban_hanh, 1, 10) BETWEEN ? AND ? OR (ngay_ban_hanh IS NULL AND nam_bat_dau = ?)
               GROUP BY 1, 2, 3""", [start.isoformat(), end.isoformat(), end.year]):
        # the file's campaigns are the agency's own, launched for the agency
        yield {"loai": loai, "so_nam": last - first + 1, "pham_vi": "co_quan", "phat_dong": "co_quan"}, n


def _staff_records(db: sqlite_utils.Database, year: int):
    for gioi_tinh, born, trinh_do, chuc_vu, ngach, ghi_chu, dan_toc, phan_loai, on, n in db.execute(
            """SELECT gioi_tinh, CAST(substr(ngay_sinh, 1, 4) AS INTEGER), trinh_do, chuc_vu, ngach, ghi_chu,
                      dan_toc, phan_loai, dang_cong_tac, count(*)
               FROM staff GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""):
        yield {"gioi_tinh": gioi_tinh, "tuoi": year - born if born else None, "trinh_do": trinh_do,
               "chuc_vu": chuc_vu, "ngach": ngach, "ghi_chu": ghi_chu, "dan_toc": dan_toc,
               "thieu_so": _minority(dan_toc), "phan_loai": phan_loai or phan_loai_theo_chuc_vu(chuc_vu),
               "dang_cong_tac": bool(on)}, n


def fill_form(db: sqlite_utils.Database, code: str, year: int, *, form: ReportForm | None = None) -> FilledForm:
    """Form ``code`` filled for the reporting period that ends in ``year``."""
    check_years(year, year)
    form = form or find_form(code, year)
    start, end = form.period(year)
    undated = 0
    if form.source == "facts":
        found = list(_fact_records(db, start, end))
        undated = _undated(db, end)
    elif form.source == "campaigns":
        found = list(_campaign_records(db, start, end))
    else:
        found = list(_staff_records(db, year))
    return FilledForm(form, year, (start, end), tally(form, found), records.get_settings(db), undated)


def _undated(db: sqlite_utils.Database, end: dt.date) -> int:
    """History lines without a decision date that the period ending ``end`` counts by their year."""
    sql, params = awards.facts_query(awards.Filter(first_year=end.year - 1, last_year=end.year - 1))
    return db.execute(f"SELECT count(*) FROM ({sql}) WHERE ngay IS NULL", params).fetchone()[0]
