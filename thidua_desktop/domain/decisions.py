"""Decisions (quyết định khen thưởng) and the award book (sổ vàng) — records and numbering.

Pure Python. A decision names one title or form, its signer and its
awardees (people or units), each with the achievement text and, when the
title leads to a certificate the agency prints, a number in the award book.
Numbers run per series (the title's code) and year, continue after the
highest ever given — a cancelled certificate keeps its number — and are
never reused.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .limits import date_errors, text_errors, year_errors
from .models import _clean_text_fields
from .vntext import clean, clean_lines

DEFAULT_ACHIEVEMENT = "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {nam}"


@dataclass(frozen=True)
class Awardee:
    staff_id: int | None = None
    unit_id: int | None = None
    thanh_tich: str = ""  # "Đã có thành tích …"
    registration_id: int | None = None
    so_so_vang: int | None = None  # number in the award book (None: the title has no printed certificate)
    huy: bool = False  # certificate cancelled (its number stays taken)
    tien_thuong: int | None = None  # đồng
    id: int | None = None

    def normalised(self) -> Awardee:
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        out = []
        if (self.staff_id is None) == (self.unit_id is None):
            out.append("Mỗi người được khen phải là đúng một cá nhân hoặc một tập thể")
        if not clean(self.thanh_tich):
            out.append("Chưa ghi thành tích")
        return out + text_errors(self)


@dataclass(frozen=True)
class Decision:
    so: str  # "125/QĐ-BDT"
    ngay: dt.date
    nam: int  # the year of the achievements
    ma: str  # title / form code of the rule set
    nguoi_ky: str = ""
    chuc_danh_ky: str = ""  # "TRƯỞNG BAN" or "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
    trich_yeu: str = ""  # "Về việc khen thưởng …"
    meeting_id: int | None = None
    awardees: tuple[Awardee, ...] = ()
    ghi_chu: str = ""
    id: int | None = None
    #: who issued it (titles.DECIDED_AT): the agency, or a higher level whose decision is recorded
    cap: str = "co_quan"
    co_quan_ban_hanh: str = ""  # the higher level's issuer, e.g. "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa"

    @property
    def is_own(self) -> bool:
        """The agency's own decision (it numbers the award book and prints certificates)."""
        return self.cap == "co_quan"

    def normalised(self) -> Decision:
        record = _clean_text_fields(self)
        # the signer's title keeps its line break: "KT. TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN"
        return dataclasses.replace(record, ma=clean(self.ma).upper(), chuc_danh_ky=clean_lines(self.chuc_danh_ky),
                                   awardees=tuple(a.normalised() for a in self.awardees))

    def errors(self) -> list[str]:
        out = []
        if not self.so:
            out.append("Chưa có số quyết định")
        if self.ngay is None:
            out.append("Chưa có ngày quyết định")
        out += year_errors(self.nam, "Năm khen thưởng") + date_errors(self.ngay, "Ngày quyết định") + text_errors(self)
        if not self.ma:
            out.append("Chưa chọn danh hiệu, hình thức khen thưởng")
        if not self.awardees:
            out.append("Quyết định chưa có người được khen")
        if not self.is_own and not self.co_quan_ban_hanh:
            out.append("Chưa ghi cấp ban hành quyết định (ví dụ: Chủ tịch Ủy ban nhân dân tỉnh)")
        seen = set()
        for i, a in enumerate(self.awardees, start=1):
            out += [f"Dòng {i}: {e}" for e in a.errors()]
            key = (a.staff_id, a.unit_id)
            if key in seen:
                out.append(f"Dòng {i}: trùng người/đơn vị đã có trong quyết định")
            seen.add(key)
        return out


def decision_number(seq: int | str, ky_hieu: str) -> str:
    """``125`` + ``BDT`` → ``125/QĐ-BDT`` (the organisation's ký hiệu)."""
    return f"{seq}/QĐ-{ky_hieu}" if ky_hieu else f"{seq}/QĐ"


def next_numbers(taken: Iterable[int], count: int) -> list[int]:
    """``count`` award-book numbers after the highest ever given (never reused)."""
    start = max(taken, default=0) + 1
    return list(range(start, start + count))


def default_achievement(title) -> str:
    """The thành tích a decision of ``title`` (a ``titles.Title``) starts with:
    the rule set's own (LĐTT: "hoàn thành tốt nhiệm vụ", Luật 2022 Điều 24) or
    the general "thành tích xuất sắc"."""
    return (title.achievement if title is not None else "") or DEFAULT_ACHIEVEMENT


def default_trich_yeu(title, nam: int) -> str:
    """Danh hiệu are *công nhận*, hình thức are *tặng*; the title's name in
    quotation marks as the law writes it."""
    if title.is_danh_hieu:
        return f"Về việc công nhận danh hiệu “{title.name}” năm {nam}"
    return f"Về việc tặng {title.name} năm {nam}"


def achievement(template: str, nam: int) -> str:
    return template.format(nam=nam) if "{nam}" in template else template
