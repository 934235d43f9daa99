"""Dates as rosters hold them: a full date, or only a year.

Stored as ISO text (``"1985-03-07"`` or ``"1985"``) so that ordering and
comparison work in SQL and Python alike. Pure Python.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

MIN_YEAR = 1900

_TODAY: tuple[float, float, dt.date | None] = (0.0, 0.0, None)  # (from, until: seconds of the epoch, the date)


def current_date() -> dt.date:
    """``datetime.date.today()``, asked of every value an import checks: the
    date is kept until the next local midnight (or a clock set back) instead
    of converting the clock to a local date each time."""
    global _TODAY
    now = time.time()
    start, until, day = _TODAY
    if day is None or not start <= now < until:
        day = dt.date.today()
        start = dt.datetime.combine(day, dt.time()).timestamp()
        until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).timestamp()
        if not start <= now < until:  # the date and the clock read across a midnight: keep nothing
            return day
        _TODAY = (start, until, day)
    return day


class DateError(ValueError):
    """A value that cannot be a date; the message is Vietnamese, for the user."""


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if (self.month is None) != (self.day is None):
            raise DateError("Ngày tháng phải có đủ ngày và tháng, hoặc chỉ có năm")
        if self.month is not None:
            try:
                dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
            except ValueError:
                raise DateError(
                    f"Ngày {self.day}/{self.month}/{self.year} không tồn tại"
                ) from None

    @property
    def year_only(self) -> bool:
        return self.month is None

    def iso(self) -> str:
        if self.year_only:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """``07/03/1985`` or ``1985``, as Vietnamese documents write them."""
        if self.year_only:
            return f"{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"

    @classmethod
    def from_iso(cls, text: str | None) -> "PartialDate | None":
        if not text:
            return None
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return cls(parts[0])
        return cls(parts[0], parts[1], parts[2])


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")


def _check_year(year: int, today: dt.date) -> int:
    if year < MIN_YEAR or year > today.year:
        raise DateError(f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{today.year}")
    return year


def parse_partial_date(value: object, *, today: dt.date | None = None) -> PartialDate | None:
    """Parse what a spreadsheet cell may hold.

    Accepts ``datetime``/``date`` values, ``dd/mm/yyyy``, ``d/m/yyyy``,
    ``dd.mm.yyyy``, ``dd-mm-yyyy``, ISO ``yyyy-mm-dd`` and a bare year (text
    or number). Empty gives ``None``; anything else raises :class:`DateError`
    with a Vietnamese reason. Excel serial numbers other than a plausible
    year are refused rather than guessed.
    """
    today = today or current_date()
    if type(value) is str and len(value) == 10 and value[2] == "/" == value[5] and value.isascii():
        # "07/03/1985", most cells of a list: what _DMY below reads, without the regex
        d, mo, y = value[:2], value[3:5], value[6:]
        if d.isdigit() and mo.isdigit() and y.isdigit():
            return PartialDate(_check_year(int(y), today), int(mo), int(d))
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        _check_year(value.year, today)
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise DateError(f"Giá trị “{value}” không phải ngày tháng")
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return PartialDate(_check_year(int(value), today))
        raise DateError(f"Giá trị “{value}” không phải ngày tháng")
    text = str(value).strip()
    if not text:
        return None
    m = _DMY.match(text)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        _check_year(y, today)
        return PartialDate(y, mo, d)
    m = _YMD.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        _check_year(y, today)
        return PartialDate(y, mo, d)
    m = _YEAR.match(text)
    if m:
        return PartialDate(_check_year(int(m.group(1)), today))
    raise DateError(f"“{text}” không phải ngày tháng (dùng dd/mm/yyyy hoặc năm)")


def parse_full_date(value: object, *, today: dt.date | None = None) -> dt.date | None:
    """Like :func:`parse_partial_date` but a day and month are required
    (document dates, deadlines). The year range is not limited to the past."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    far = dt.date(9999, 12, 31)
    pd = parse_partial_date(value, today=today or far)
    if pd is None:
        return None
    if pd.year_only:
        raise DateError("Cần ghi đủ ngày, tháng, năm")
    return dt.date(pd.year, pd.month, pd.day)  # type: ignore[arg-type]


# --- dates as documents write them (Nghị định 30/2020) ---------------------------------

#: a date left blank, to fill in by hand
BLANK_DATE = "ngày …… tháng …… năm ……"


def ngay_thang_nam(date: dt.date | None) -> str:
    """``"ngày 05 tháng 02 năm 2026"``: days 1–9 and months 1–2 get a leading
    zero (Nghị định 30/2020); ``None`` gives :data:`BLANK_DATE`."""
    if date is None:
        return BLANK_DATE
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def place_date(place: str, date: dt.date | None) -> str:
    """``"Khánh Hòa, ngày 05 tháng 3 năm 2026"``, or ``"Ngày 05 …"`` without a place."""
    text = ngay_thang_nam(date)
    place = (place or "").strip()
    return f"{place}, {text}" if place else text[0].upper() + text[1:]
