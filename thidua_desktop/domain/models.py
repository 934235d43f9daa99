"""Records of the foundation: organisation, units, staff, campaigns.

Plain dataclasses with normalisation (NFC, whitespace) and validation that
returns Vietnamese messages. Every entry point (forms, imports, CLI) builds
these, so text reaches the data file only through :meth:`normalised`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from .dates import PartialDate
from .limits import TEXT_LIMITS, campaign_years, date_errors, field_names, field_values, text_errors, year_errors
from .vntext import clean, is_clean, search_key, unit_name_case

#: quốc hiệu and tiêu ngữ, heading every administrative document (Nghị định 30/2020)
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

GENDERS = {"nam": "Nam", "nu": "Nữ"}
CONTRACTS = {"bien_che": "Biên chế", "hop_dong": "Hợp đồng"}
CAMPAIGN_KINDS = {"thuong_xuyen": "Thường xuyên", "chuyen_de": "Chuyên đề"}
#: phân loại đối tượng of an individual, as the statistical forms of thi đua, khen thưởng count them
#: (Biểu 0602.N, 0603.N of Thông tư 02/2023/TT-BNV)
PHAN_LOAI = {
    "lanh_dao_bo_tinh": "Lãnh đạo cấp bộ, tỉnh và tương đương trở lên",
    "lanh_dao_vu_so": "Lãnh đạo cấp vụ, sở và tương đương",
    "doanh_nhan": "Doanh nhân",
    "lanh_dao_khac": "Lãnh đạo khác (từ phó trưởng phòng và tương đương trở lên)",
    "truc_tiep": "Người trực tiếp lao động, công tác",
}
#: words of a chức vụ that say its phân loại when none is chosen (accent-insensitive, first match wins)
_PHAN_LOAI_WORDS = (
    ("lanh_dao_bo_tinh", ("bo truong", "thu truong", "chu tich uy ban nhan dan tinh", "chu tich ubnd tinh",
                          "pho chu tich uy ban nhan dan tinh", "pho chu tich ubnd tinh", "bi thu tinh uy")),
    ("lanh_dao_vu_so", ("vu truong", "pho vu truong", "cuc truong", "pho cuc truong", "giam doc so",
                        "pho giam doc so", "truong ban", "pho truong ban")),
    ("doanh_nhan", ("giam doc cong ty", "chu doanh nghiep", "tong giam doc")),
    ("lanh_dao_khac", ("truong phong", "pho truong phong", "chanh van phong", "pho chanh van phong",
                       "chanh thanh tra", "pho chanh thanh tra", "giam doc", "pho giam doc", "truong khoa",
                       "pho truong khoa", "hieu truong", "pho hieu truong")),
)


def phan_loai_from_text(text: str) -> str | None:
    """The phân loại đối tượng a cell says — a code or the words of :data:`PHAN_LOAI` (accent-insensitive,
    "Trực tiếp", "Lãnh đạo cấp sở" …) — or None when it says none of them."""
    from .vntext import search_key

    key = search_key(text).replace("_", " ")
    words = set(key.replace(",", " ").split())
    if "truc tiep" in key:
        return "truc_tiep"
    if "doanh nhan" in key:
        return "doanh_nhan"
    if "lanh dao" not in key:
        return None
    if "khac" in words or "phong" in words:
        return "lanh_dao_khac"
    if {"bo", "tinh"} & words:
        return "lanh_dao_bo_tinh"
    if {"vu", "so"} & words:
        return "lanh_dao_vu_so"
    return None


def phan_loai_theo_chuc_vu(chuc_vu: str) -> str:
    """The phân loại đối tượng a chức vụ says (``truc_tiep`` when it says none)."""
    from .vntext import search_key

    words = f" {search_key(chuc_vu)} "
    for code, keys in _PHAN_LOAI_WORDS:
        if any(f" {k} " in words for k in keys):
            return code
    return "truc_tiep"


def _clean_text_fields(obj):
    """``obj`` with its text fields cleaned (itself when they already are)."""
    cls = type(obj)
    values = field_values(cls)(obj)
    if is_clean([v for v in values if isinstance(v, str) and v]):
        return obj  # (most records)
    cleaned = [clean(v) if isinstance(v, str) and v else v for v in values]
    if cleaned == list(values):
        return obj
    changes = {name: c for name, c, v in zip(field_names(cls), cleaned, values, strict=True)
               if isinstance(v, str) and c != v}
    return dataclasses.replace(obj, **changes) if changes else obj


@dataclass(frozen=True)
class OrgSettings:
    co_quan_chu_quan: str = ""
    co_quan: str = ""
    ky_hieu: str = ""
    dia_danh: str = ""
    chuc_danh_thu_truong: str = ""
    ten_thu_truong: str = ""

    def normalised(self) -> "OrgSettings":
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        return text_errors(self)

    #: what every document's Nghị định 30 header and date line need
    DOCUMENT_FIELDS = (("co_quan", "tên cơ quan"), ("dia_danh", "địa danh"))

    def agency_in_sentence(self) -> str:
        """The agency inside a sentence: "Ban Dân tộc tỉnh Khánh Hòa" (typed in
        capitals "BAN DÂN TỘC", written in the case documents use, with its place)."""
        name = unit_name_case(self.co_quan)
        place = clean(self.dia_danh)
        if name and place and search_key(place) not in search_key(name):
            name = f"{name} tỉnh {place}"
        return name

    def missing_for_documents(self) -> list[str]:
        """Labels of what a document's header or place and date would print blank."""
        return [label for name, label in self.DOCUMENT_FIELDS if not clean(getattr(self, name))]


@dataclass(frozen=True)
class Unit:
    ten: str
    parent_id: int | None = None
    thu_tu: int = 0
    ghi_chu: str = ""
    id: int | None = None
    ten_in: str = ""  # the name to print, e.g. "Lãnh đạo Ban" → "Ban Dân tộc tỉnh Khánh Hòa" ("": its name)

    def normalised(self) -> "Unit":
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        return ([] if clean(self.ten) else ["Tên đơn vị không được để trống"]) + text_errors(self)


#: the longest họ tên accepted, typed or imported
MAX_NAME_LENGTH = TEXT_LIMITS["ho_ten"][1]


@dataclass(frozen=True)
class Staff:
    ho_ten: str
    gioi_tinh: str | None = None  # "nam" | "nu"
    ngay_sinh: PartialDate | None = None
    chuc_vu: str = ""
    ngach: str = ""
    trinh_do: str = ""
    unit_id: int | None = None
    loai_hop_dong: str | None = None  # "bien_che" | "hop_dong"
    dang_cong_tac: bool = True
    ngay_nghi: dt.date | None = None
    ghi_chu: str = ""
    id: int | None = None
    dan_toc: str = ""  # "" = not known
    phan_loai: str | None = None  # PHAN_LOAI; None = as the chức vụ says (phan_loai_theo_chuc_vu)

    def normalised(self) -> "Staff":
        return _clean_text_fields(self)

    def errors(self) -> list[str]:
        out = []
        name = clean(self.ho_ten)
        if not name:
            out.append("Họ và tên không được để trống")
        elif not any(ch.isalpha() for ch in name):
            out.append(f"Họ và tên phải có chữ cái: “{name[:50]}”")
        out += text_errors(self)
        if self.gioi_tinh not in (None, *GENDERS):
            out.append(f"Giới tính không hợp lệ: {self.gioi_tinh}")
        if self.loai_hop_dong not in (None, *CONTRACTS):
            out.append(f"Loại hợp đồng không hợp lệ: {self.loai_hop_dong}")
        if self.phan_loai not in (None, *PHAN_LOAI):
            out.append(f"Phân loại đối tượng không hợp lệ: {self.phan_loai}")
        if self.dang_cong_tac and self.ngay_nghi is not None:
            out.append("Người đang công tác không có ngày nghỉ")
        if (
            self.ngay_nghi is not None
            and self.ngay_sinh is not None
            and self.ngay_nghi.year < self.ngay_sinh.year
        ):
            out.append("Ngày nghỉ trước ngày sinh")
        out += date_errors(self.ngay_nghi, "Ngày nghỉ", years=campaign_years())  # a retirement may be planned
        return out

    @property
    def gioi_tinh_label(self) -> str:
        return GENDERS.get(self.gioi_tinh or "", "")

    @property
    def phan_loai_or_default(self) -> str:
        """The phân loại chosen, else the one the chức vụ says."""
        return self.phan_loai or phan_loai_theo_chuc_vu(self.chuc_vu)

    @property
    def honorific(self) -> str:
        """``Ông`` / ``Bà`` for certificates and lists."""
        return {"nam": "Ông", "nu": "Bà"}.get(self.gioi_tinh or "", "")


@dataclass(frozen=True)
class Campaign:
    ten: str
    loai: str = "thuong_xuyen"
    nam_bat_dau: int = field(default_factory=lambda: dt.date.today().year)
    nam_ket_thuc: int | None = None
    so_ke_hoach: str = ""
    ngay_ban_hanh: dt.date | None = None
    chu_de: str = ""
    han_dang_ky: dt.date | None = None
    han_sang_kien: dt.date | None = None
    han_ho_so: dt.date | None = None
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> "Campaign":
        c = _clean_text_fields(self)
        if c.nam_ket_thuc is None:
            c = dataclasses.replace(c, nam_ket_thuc=c.nam_bat_dau)
        return c

    def errors(self) -> list[str]:
        out = []
        if not clean(self.ten):
            out.append("Tên phong trào không được để trống")
        if self.loai not in CAMPAIGN_KINDS:
            out.append(f"Loại phong trào không hợp lệ: {self.loai}")
        years = campaign_years()
        start = year_errors(self.nam_bat_dau, "Năm bắt đầu", years=years)
        out += start
        if self.nam_ket_thuc is not None:
            end = year_errors(self.nam_ket_thuc, "Năm kết thúc", years=years)
            out += end
            if not (start or end) and self.nam_ket_thuc < self.nam_bat_dau:
                out.append("Năm kết thúc trước năm bắt đầu")
        out += date_errors(self.ngay_ban_hanh, "Ngày ban hành kế hoạch")
        return out + text_errors(self)

    @property
    def period_label(self) -> str:
        end = self.nam_ket_thuc or self.nam_bat_dau
        return str(self.nam_bat_dau) if end == self.nam_bat_dau else f"{self.nam_bat_dau}–{end}"
