"""The values of a record's cells (award history, xếp loại): a year, months
worked, a decision's number and date (in one cell or two, "Số 125/QĐ-UBND
ngày 20/12/2024"), and what the heading above the table says for every row
(a "… năm 2024" title line, a "(Kèm theo Quyết định số …)" line)."""
from __future__ import annotations

import datetime as dt
import re

from ...domain import vntext
from ...domain.dates import DateError, parse_full_date
from ...domain.limits import record_years
from .cells import plain
from .layout import HEADER_SCAN_ROWS, Layout, header_key, header_text

__all__ = ["parse_decision", "parse_decision_date", "parse_months", "parse_year", "section_year", "sheet_defaults"]

_YEAR_TEXT = re.compile(r"^(?:nam\s+)?((?:19|20|21)\d\d)$")


def parse_year(value) -> int:
    """A year from a cell: ``2023``, ``"2023"``, ``"Năm 2023"``; DateError otherwise."""
    if isinstance(value, bool):
        raise DateError(f"“{value}” không phải năm")
    if isinstance(value, (int, float)) and float(value).is_integer():
        year = int(value)
    else:
        m = _YEAR_TEXT.match(header_key(plain(value)))
        if not m:
            raise DateError(f"“{plain(value)}” không phải năm (ghi 4 chữ số, ví dụ 2024)")
        year = int(m.group(1))
    first, last = record_years()
    if not first <= year <= last:
        raise DateError(f"Năm {year} không hợp lệ (từ {first} đến {last})")
    return year


def parse_months(value, label: str) -> int:
    """Months in a year (0–12): ``12``, ``"12 tháng"``; DateError otherwise."""
    if isinstance(value, bool):
        raise DateError(f"{label} “{value}” không phải số tháng")
    if isinstance(value, (int, float)):
        if not float(value).is_integer():
            raise DateError(f"{label} “{plain(value)}” phải là số nguyên")
        n = int(value)
    else:
        m = re.fullmatch(r"(\d{1,2})(?: thang)?", header_key(value))
        if not m:
            raise DateError(f"{label} “{plain(value)}” không phải số tháng")
        n = int(m.group(1))
    if not 0 <= n <= 12:
        raise DateError(f"{label} phải từ 0 đến 12 (đang là {n})")
    return n


_DMY_IN_TEXT = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WORDS_DATE = re.compile(
    r"ng[aà]y\s*(\d{1,2})\s*th[aá]ng\s*(\d{1,2})\s*n[aă]m\s*(\d{4})", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w/])\d{1,6}(?:/[^\s,;()]+)+")
_DECISION_WORDS = re.compile(
    r"\b(?:quy[eế]t\s+[dđ][iị]nh|q[dđÐ]|s[oố]|ng[aà]y|theo|k[eè]m)\b\s*[:.]?", re.IGNORECASE
)


def _find_date(text: str) -> tuple[dt.date | None, str, str | None]:
    """``(date, text without it, error)`` of the first date written in a text."""
    nfc = vntext.nfc(text)
    for rx in (_WORDS_DATE, _DMY_IN_TEXT):
        m = rx.search(nfc)
        if m:
            d, mo, y = (int(g) for g in m.groups())
            rest = nfc[: m.start()] + " " + nfc[m.end():]
            try:
                return dt.date(y, mo, d), rest, None
            except ValueError:
                return None, rest, f"Ngày {d}/{mo}/{y} không tồn tại"
    return None, nfc, None


def parse_decision_date(value) -> tuple[dt.date | None, str | None]:
    """A decision date from its own cell: a date, ``20/12/2024``, ``ngày 20
    tháng 12 năm 2024``. ``(date, error)``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        try:
            return parse_full_date(value), None
        except DateError as exc:
            return None, f"Ngày quyết định: {exc}"
    found, rest, err = _find_date(str(value))
    if err:
        return None, f"Ngày quyết định: {err}"
    if found is None:
        return None, f"Ngày quyết định “{plain(value)}” không đọc được (ghi dd/mm/yyyy)"
    return found, None


# The shape most cells have ("Số 125/QĐ-UBND ngày 20/12/2024", "125/QĐ-UBND, 20/12/2024", "130/QĐ-BDT"),
# clean text only (single spaces, NFC letters, ASCII digits): read by one match, as the full reading reads it.
_COMMON_DECISION = re.compile(
    r"(?:[Ss]ố:? )?([0-9]{1,6}/[A-Za-zĐđ][A-Za-zĐđ\-]*)"
    r"(?:(?:,? ngày:? |, )([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}))?"
)


def parse_decision(value) -> tuple[str, dt.date | None, str | None]:
    """Number and date of a decision written in one cell: ``"Số 125/QĐ-UBND
    ngày 20/12/2024"``, ``"125/QĐ-UBND, 20/12/2024"``, ``"QĐ số 125/QĐ-UBND
    ngày 20 tháng 12 năm 2024"`` or only the number. ``(number, date, error)``."""
    if type(value) is str and (m := _COMMON_DECISION.fullmatch(value)):
        number, d, mo, y = m.groups()
        if d is None:
            return number, None, None
        try:
            return number, dt.date(int(y), int(mo), int(d)), None
        except ValueError:
            pass  # a day that does not exist: worded by the full reading
    return _parse_decision(value)


def _parse_decision(value) -> tuple[str, dt.date | None, str | None]:
    """:func:`parse_decision` of any shape."""
    if value is None:
        return "", None, None
    if isinstance(value, (dt.date, dt.datetime)):
        return "", parse_full_date(value), None
    text = vntext.clean(plain(value))
    if not text:
        return "", None, None
    found, rest, err = _find_date(text)
    m = _NUMBER.search(rest)
    if m:
        number = m.group(0).rstrip(".,;:")
    else:
        number = vntext.clean(_DECISION_WORDS.sub(" ", rest)).strip(" ,;:-–")
        if not any(ch.isdigit() for ch in number):
            number = ""
    if not number and found is None and err is None:
        return "", None, f"Quyết định “{text}” không đọc được số hoặc ngày"
    return number, found, (f"Ngày quyết định: {err}" if err else None)


# --- the sheet's own defaults -----------------------------------------------------------

_SHEET_YEAR = re.compile(
    r"(?<!thang )(?<!thang \d )(?<!thang \d\d )\bnam (?:hoc )?((?:19|20)\d\d)\b(?! (?:19|20)\d\d\b)"
)
_YEAR_ONLY = re.compile(r"^(?:nam )?((?:19|20)\d\d)$")


def section_year(text: str) -> int | None:
    """The year a section row names ("NĂM 2023", "2023")."""
    m = _YEAR_ONLY.match(header_key(text))
    return int(m.group(1)) if m else None


def sheet_defaults(data, layout: Layout) -> tuple[int | None, str, tuple[str, dt.date | None] | None]:
    """What the document's heading above the table says for every row:
    ``(year, where, decision)``. The year comes from a "… năm 2024" title
    line (one year only; dates like "ngày 20 tháng 12 năm 2024" do not
    count), the decision from a "(Kèm theo Quyết định số 125/QĐ-UBND ngày
    20/12/2024)" line."""
    years: dict[int, int] = {}
    decision = None
    for r in range(1, min(layout.header_first_row, HEADER_SCAN_ROWS + 1)):
        for v in data.rows[r - 1] if r - 1 < len(data.rows) else ():
            if not isinstance(v, str) or not v.strip():
                continue
            text = header_text(v) or ""
            key = header_key(text)
            for m in _SHEET_YEAR.finditer(key):
                years.setdefault(int(m.group(1)), r)
            if decision is None and re.search(r"\b(quyet dinh|qd)\b", key):
                number, date, err = parse_decision(text)
                if number and err is None and "/" in number:
                    decision = (number, date)
    if len(years) == 1:
        year, r = next(iter(years.items()))
        return year, f"dòng {r} của tiêu đề", decision
    return None, "", decision
