"""Records of the registration season: yearly xếp loại, kỷ luật, award history,
initiatives (sáng kiến) and registrations (đăng ký thi đua).

Plain dataclasses like :mod:`.models`: ``normalised()`` cleans text,
``errors()`` returns Vietnamese reasons. A record about "a person or a unit"
carries ``staff_id`` or ``unit_id``, exactly one of them. Title codes
(``ma``) are the codes of the rule sets (``LDTT``, ``CSTDCS``, …).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .eligibility import BASES, REVIEW_KINDS
from .limits import campaign_years, date_errors, record_years, text_errors, year_errors
from .models import _clean_text_fields
from .titles import DISCIPLINE_FORMS, INITIATIVE_LEVELS, XEP_LOAI
from .vntext import clean

#: Registration workflow, in order.
STATUSES: dict[str, str] = {
    "dang_ky": "Đăng ký",
    "de_nghi": "Đề nghị",
    "dat": "Đạt",
    "khong_dat": "Không đạt",
    "quyet_dinh": "Đã có quyết định",
}
#: Where an award history entry came from.
AWARD_SOURCES: dict[str, str] = {
    "nhap_tay": "Nhập tay",
    "nhap_excel": "Nhập từ Excel",
    "quyet_dinh": "Quyết định trong chương trình",
}
INITIATIVE_KINDS: dict[str, str] = {
    "sang_kien": "Sáng kiến",
    "de_tai": "Đề tài khoa học",
}


def _year_errors(nam: int, label: str = "Năm") -> list[str]:
    """A year of a record: 1945 to next year (:func:`.limits.record_years`)."""
    return year_errors(nam, label)


def _subject_errors(staff_id: int | None, unit_id: int | None) -> list[str]:
    if (staff_id is None) == (unit_id is None):
        return ["Phải chọn đúng một cá nhân hoặc một tập thể"]
    return []


@dataclass(frozen=True)
class Evaluation:
    """Đánh giá, xếp loại of one person for one year."""

    staff_id: int
    nam: int
    xep_loai: str | None = None  # XEP_LOAI code; None: not rated yet
    so_thang: int | None = 12  # months worked in the year
    thai_san_thang: int = 0  # months of maternity leave
    ghi_chu: str = ""

    def normalised(self) -> Evaluation:
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        out = _year_errors(self.nam)
        if self.xep_loai is not None and self.xep_loai not in XEP_LOAI:
            out.append(f"Xếp loại không hợp lệ: {self.xep_loai}")
        if self.so_thang is not None and not 0 <= self.so_thang <= 12:
            out.append(f"Số tháng công tác phải từ 0 đến 12 (đang là {self.so_thang})")
        if not 0 <= self.thai_san_thang <= 12:
            out.append(f"Số tháng nghỉ thai sản phải từ 0 đến 12 (đang là {self.thai_san_thang})")
        return out + text_errors(self)


@dataclass(frozen=True)
class UnitEvaluation:
    """Xếp loại of a collective for one year, and its rank in its cụm/khối thi đua."""

    unit_id: int
    nam: int
    xep_loai: str | None = None
    xep_hang_cum: int | None = None
    ghi_chu: str = ""

    def normalised(self) -> UnitEvaluation:
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        out = _year_errors(self.nam)
        if self.xep_loai is not None and self.xep_loai not in XEP_LOAI:
            out.append(f"Xếp loại không hợp lệ: {self.xep_loai}")
        if self.xep_hang_cum is not None and self.xep_hang_cum < 1:
            out.append("Thứ hạng trong cụm, khối phải từ 1 trở lên")
        return out + text_errors(self)


@dataclass(frozen=True)
class DisciplineEntry:
    """A kỷ luật decision about a person or a collective."""

    hinh_thuc: str  # DISCIPLINE_FORMS code
    tu_ngay: dt.date
    staff_id: int | None = None
    unit_id: int | None = None
    den_ngay: dt.date | None = None
    so_quyet_dinh: str = ""
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> DisciplineEntry:
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        out = _subject_errors(self.staff_id, self.unit_id)
        if self.hinh_thuc not in DISCIPLINE_FORMS:
            out.append(f"Hình thức kỷ luật không hợp lệ: {self.hinh_thuc}")
        if self.den_ngay is not None and self.den_ngay < self.tu_ngay:
            out.append("Ngày hết hiệu lực kỷ luật trước ngày quyết định")
        out += date_errors(self.tu_ngay, "Ngày quyết định kỷ luật")
        return out + text_errors(self)


@dataclass(frozen=True)
class ReviewEntry:
    """A pending matter (xem xét kỷ luật, thanh tra, điều tra, khiếu nại):
    active while ``ket_thuc`` is empty."""

    loai: str = "ky_luat"  # REVIEW_KINDS code
    staff_id: int | None = None
    unit_id: int | None = None
    tu_ngay: dt.date | None = None
    ket_thuc: dt.date | None = None
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> ReviewEntry:
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        out = _subject_errors(self.staff_id, self.unit_id)
        if self.loai not in REVIEW_KINDS:
            out.append(f"Loại vụ việc không hợp lệ: {self.loai}")
        if self.tu_ngay and self.ket_thuc and self.ket_thuc < self.tu_ngay:
            out.append("Ngày kết thúc trước ngày bắt đầu")
        return out + text_errors(self)


@dataclass(frozen=True)
class AwardEntry:
    """One line of the award history (lịch sử khen thưởng): who, year, title, decision."""

    nam: int
    ma: str
    staff_id: int | None = None
    unit_id: int | None = None
    so_quyet_dinh: str = ""
    ngay_quyet_dinh: dt.date | None = None
    co_so: str = "cong_trang"  # BASES code
    nguon: str = "nhap_tay"  # AWARD_SOURCES code
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> AwardEntry:
        out = _clean_text_fields(self)
        ma = out.ma.upper()
        return out if ma == out.ma else dataclasses.replace(out, ma=ma)

    def errors(self) -> list[str]:
        years = record_years()  # once: an import checks thousands of lines
        out = _subject_errors(self.staff_id, self.unit_id) + year_errors(self.nam, years=years)
        if not clean(self.ma):
            out.append("Chưa chọn danh hiệu, hình thức khen thưởng")
        if self.co_so not in BASES:
            out.append(f"Cơ sở khen thưởng không hợp lệ: {self.co_so}")
        if self.nguon not in AWARD_SOURCES:
            out.append(f"Nguồn không hợp lệ: {self.nguon}")
        if self.ngay_quyet_dinh and self.ngay_quyet_dinh.year < self.nam:
            out.append(f"Ngày quyết định {self.ngay_quyet_dinh:%d/%m/%Y} trước năm được khen {self.nam}")
        out += date_errors(self.ngay_quyet_dinh, "Ngày quyết định", years=years)
        return out + text_errors(self)


@dataclass(frozen=True)
class InitiativeEntry:
    """A sáng kiến (or đề tài) with its authors and recognition."""

    ten: str
    nam: int
    tac_gia: tuple[int, ...] = ()  # staff ids, first author first
    unit_id: int | None = None
    loai: str = "sang_kien"
    cap: str | None = None  # INITIATIVE_LEVELS code; None: not recognised yet
    so_quyet_dinh: str = ""
    ngay_quyet_dinh: dt.date | None = None
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> InitiativeEntry:
        return dataclasses.replace(_clean_text_fields(self), tac_gia=tuple(dict.fromkeys(self.tac_gia)))

    def errors(self) -> list[str]:
        out = [] if clean(self.ten) else ["Tên sáng kiến không được để trống"]
        out += _year_errors(self.nam)
        if not self.tac_gia:
            out.append("Sáng kiến phải có ít nhất một tác giả")
        if self.cap is not None and self.cap not in INITIATIVE_LEVELS:
            out.append(f"Cấp công nhận không hợp lệ: {self.cap}")
        if self.loai not in INITIATIVE_KINDS:
            out.append(f"Loại không hợp lệ: {self.loai}")
        return out + text_errors(self)


@dataclass(frozen=True)
class Registration:
    """Đăng ký thi đua: a person or a unit, a title, in a campaign and year."""

    campaign_id: int
    nam: int
    ma: str
    staff_id: int | None = None
    unit_id: int | None = None
    trang_thai: str = "dang_ky"  # STATUSES code
    co_so: str = "cong_trang"  # BASES code
    ly_do_giu: str = ""  # why a row the rules block is kept anyway
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> Registration:
        return dataclasses.replace(_clean_text_fields(self), ma=clean(self.ma).upper())

    def errors(self) -> list[str]:
        # a registration plans for a year of its campaign: up to five years ahead
        out = _subject_errors(self.staff_id, self.unit_id) + year_errors(self.nam, years=campaign_years())
        if not clean(self.ma):
            out.append("Chưa chọn danh hiệu, hình thức khen thưởng")
        if self.trang_thai not in STATUSES:
            out.append(f"Trạng thái không hợp lệ: {self.trang_thai}")
        if self.co_so not in BASES:
            out.append(f"Cơ sở khen thưởng không hợp lệ: {self.co_so}")
        return out + text_errors(self)

    @property
    def subject(self) -> tuple[str, int]:
        """``("staff", id)`` or ``("unit", id)``."""
        return ("staff", self.staff_id) if self.staff_id is not None else ("unit", self.unit_id)  # type: ignore[return-value]
