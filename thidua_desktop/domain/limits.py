"""How long a stored text may be and which years a record may name — one
table for every record, checked by the records' ``errors()`` so that every
entry point (forms, imports, CLI) refuses the same nonsense.

The numbers are generous for real documents (the longest unit names of a
province run to about 150 characters, a thành tích to a paragraph) and
small enough that a pasted page, a whole file in a cell or a typo of a year
never reaches the data file or the documents.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from types import MappingProxyType

from .dates import current_date
from .vntext import clean

__all__ = ["FIRST_YEAR", "NAME_LIMITS", "TEXT_LIMITS", "campaign_years", "date_errors", "field_errors",
           "record_years", "text_errors", "year_errors"]

#: text field → (its label, the most characters it may hold)
TEXT_LIMITS: Mapping[str, tuple[str, int]] = MappingProxyType({
    "ho_ten": ("Họ và tên", 100),
    "chuc_vu": ("Chức vụ", 200),
    "ngach": ("Ngạch", 200),
    "trinh_do": ("Trình độ", 200),
    "dan_toc": ("Dân tộc", 50),
    "thanh_tich": ("Thành tích", 2_000),
    "ghi_chu": ("Ghi chú", 4_000),
    "ket_luan": ("Kết luận", 4_000),
    "so": ("Số quyết định", 100),
    "so_quyet_dinh": ("Số quyết định", 100),
    "so_ke_hoach": ("Số kế hoạch", 100),
    "trich_yeu": ("Trích yếu", 1_000),
    "chu_de": ("Chủ đề", 1_000),
    "nguoi_ky": ("Người ký", 100),
    "chuc_danh_ky": ("Chức danh người ký", 200),
    "ly_do_giu": ("Lý do giữ", 1_000),
    "dia_diem": ("Địa điểm", 300),
    "gio": ("Giờ họp", 50),
    "co_quan_chu_quan": ("Cơ quan chủ quản", 300),
    "co_quan": ("Tên cơ quan", 300),
    "ky_hieu": ("Ký hiệu cơ quan", 30),
    "dia_danh": ("Địa danh", 100),
    "chuc_danh_thu_truong": ("Chức danh thủ trưởng", 200),
    "ten_thu_truong": ("Tên thủ trưởng", 100),
    "ma": ("Mã danh hiệu", 50),
    "so_to_trinh": ("Số tờ trình", 100),
    "co_quan_ban_hanh": ("Cấp ban hành", 300),
    "ten_in": ("Tên in", 300),
})
#: ``ten`` names a different thing in each record
NAME_LIMITS: Mapping[str, tuple[str, int]] = MappingProxyType({
    "Unit": ("Tên đơn vị", 300),
    "Campaign": ("Tên phong trào", 300),
    "InitiativeEntry": ("Tên sáng kiến", 1_000),
})
#: any other text field
OTHER_TEXT = ("Nội dung", 4_000)

#: the first year a record may name (the Hội đồng Thi đua – Khen thưởng's own history starts here)
FIRST_YEAR = 1945


def record_years(today: dt.date | None = None) -> tuple[int, int]:
    """The years a record of what happened may name: 1945 to next year
    (a decision or a xếp loại made early for the coming year)."""
    return FIRST_YEAR, (today or current_date()).year + 1


def campaign_years(today: dt.date | None = None) -> tuple[int, int]:
    """The years a campaign (a plan) or a registration in it may name: up to five years ahead."""
    return FIRST_YEAR, (today or current_date()).year + 5


def year_errors(nam, label: str = "Năm", *, years: tuple[int, int] | None = None) -> list[str]:
    first, last = years or record_years()
    if isinstance(nam, bool) or not isinstance(nam, int):
        return [f"{label} phải là một số năm (đang là “{nam}”)"]
    if not first <= nam <= last:
        return [f"{label} {nam} không hợp lệ (từ {first} đến {last})"]
    return []


def date_errors(day, label: str, *, years: tuple[int, int] | None = None) -> list[str]:
    """A date whose year is outside ``years`` (default: :func:`record_years`)."""
    if not isinstance(day, dt.date):
        return []
    first, last = years or record_years()
    if not first <= day.year <= last:
        return [f"{label} {day:%d/%m/%Y} không hợp lệ (năm từ {first} đến {last})"]
    return []


@functools.cache
def field_names(cls: type) -> tuple[str, ...]:
    """The field names of a dataclass, in order (asked of every record written)."""
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def field_values(cls: type) -> Callable[[object], tuple]:
    """A record of ``cls`` → the values of its fields, in order, in one call."""
    names = field_names(cls)
    if len(names) > 1:
        return operator.attrgetter(*names)
    return lambda record: tuple(getattr(record, name) for name in names)


@functools.cache
def _text_limits(cls: type) -> tuple[tuple[tuple[str, tuple[str, int] | None], ...], int]:
    """Per field of ``cls``: its name and the limit it is checked by (``None``:
    its :data:`TEXT_LIMITS` entry); and the fewest characters any of them allows."""
    fields, most = [], []
    for name in field_names(cls):
        limit = NAME_LIMITS.get(cls.__name__, ("Tên", 300)) if name == "ten" else None
        fields.append((name, limit))
        most.append((limit or TEXT_LIMITS.get(name, OTHER_TEXT))[1])
    return tuple(fields), min(most, default=0)


_is_text = str.__instancecheck__  # isinstance(value, str), as a function for filter()


def text_errors(record) -> list[str]:
    """Each text field of a dataclass record longer than :data:`TEXT_LIMITS` allows."""
    cls = type(record)
    fields, fewest = _text_limits(cls)
    values = field_values(cls)(record)
    if max(map(len, filter(_is_text, values)), default=0) <= fewest:
        return []  # no text longer than the shortest limit: most records, in one pass
    out = []
    for (name, limit), value in zip(fields, values, strict=True):
        if isinstance(value, str):
            out += field_errors(name, value, limit)
    return out


def field_errors(name: str, value: str, limit: tuple[str, int] | None = None) -> list[str]:
    """Text ``value`` of field ``name`` (a key of :data:`TEXT_LIMITS`) when
    longer than it allows — for a value written without a record."""
    label, most = limit or TEXT_LIMITS.get(name, OTHER_TEXT)
    if len(value) > most and (n := len(clean(value))) > most:
        return [f"{label} quá dài ({_thousands(n)} ký tự, tối đa {_thousands(most)})"]
    return []


def _thousands(n: int) -> str:
    """``200000`` → ``"200.000"`` (Vietnamese digit grouping)."""
    return f"{n:,}".replace(",", ".")
