"""The catalogue of danh hiệu thi đua and hình thức khen thưởng.

Pure Python, standard library only. A :class:`Title` is one row of the
catalogue (``domain.md`` §2): code, Vietnamese name, kind (a yearly *danh
hiệu thi đua* or an award, *hình thức khen thưởng*), who it is for, level,
who decides, whether the council votes on it and the threshold, the
certificate it leads to, the reward coefficients and an optional quota.

The catalogue itself is data: it lives in the rule sets
(``resources/rules/*.json``, loaded by :mod:`.rulesets`), never in code. This
module holds the vocabularies (codes → Vietnamese labels), the dataclasses and
the exact-number helpers the rule sets and checks share.

Numbers that must compare exactly (percentages, fractions, coefficients) are
:class:`fractions.Fraction`; JSON numbers are converted through their decimal
text (``0.3`` → ``3/10``), never through binary floats.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

__all__ = [
    "BUILTIN_CODES",
    "CERTIFICATES",
    "DISCIPLINE_FORMS",
    "DISCIPLINE_RANK",
    "INITIATIVE_LEVELS",
    "INITIATIVE_LEVEL_RANK",
    "KINDS",
    "LEVELS",
    "QUOTA_SCOPES",
    "SUBJECTS",
    "XEP_LOAI",
    "XEP_LOAI_RANK",
    "NumberError",
    "QuotaRule",
    "Title",
    "format_fraction_of_one",
    "format_pct",
    "fraction_of_one_to_json",
    "number_to_json",
    "parse_fraction_of_one",
    "parse_number",
]

# ---------------------------------------------------------------------------
# Vocabularies (code → Vietnamese label)
# ---------------------------------------------------------------------------

KIND_DANH_HIEU = "danh_hieu"
KIND_HINH_THUC = "hinh_thuc"
KINDS: Mapping[str, str] = MappingProxyType(
    {
        KIND_DANH_HIEU: "Danh hiệu thi đua",
        KIND_HINH_THUC: "Hình thức khen thưởng",
    }
)

CA_NHAN = "ca_nhan"
TAP_THE = "tap_the"
HO_GIA_DINH = "ho_gia_dinh"
SUBJECTS: Mapping[str, str] = MappingProxyType(
    {
        CA_NHAN: "Cá nhân",
        TAP_THE: "Tập thể",
        HO_GIA_DINH: "Hộ gia đình",
    }
)

LEVELS: Mapping[str, str] = MappingProxyType(
    {
        "co_so": "Cơ sở",
        "tinh": "Cấp tỉnh (bộ, ban, ngành, tỉnh)",
        "toan_quoc": "Toàn quốc",
    }
)

#: Who decides a title (Luật Thi đua, khen thưởng 2022, Điều 80): the head of
#: the agency (co_quan: LĐTT, CSTĐCS, TTLĐTT, Giấy khen), or a higher level the
#: agency proposes to (Điều 84: tờ trình + danh sách) and whose decision it records.
DECIDED_AT: Mapping[str, str] = MappingProxyType(
    {
        "co_quan": "Thủ trưởng cơ quan",
        "tinh": "Chủ tịch Ủy ban nhân dân tỉnh",
        "trung_uong": "Trung ương (Thủ tướng Chính phủ, Chủ tịch nước)",
    }
)
#: the deciding level of a title whose rule set predates ``decided_at``
DECIDED_AT_BY_LEVEL: Mapping[str, str] = MappingProxyType(
    {"co_so": "co_quan", "tinh": "tinh", "toan_quoc": "trung_uong"}
)

#: What a title leads to on paper. The app prints ``giay_khen``,
#: ``bang_cstdcs`` and ``bang_khen`` (onto phôi); ``bang_danh_hieu`` (the bằng
#: of a higher-level title) and ``co_thi_dua`` are issued by the level that
#: decides them.
CERTIFICATES: Mapping[str, str] = MappingProxyType(
    {
        "giay_khen": "Giấy khen",
        "bang_khen": "Bằng khen",
        "bang_cstdcs": "Bằng Chiến sĩ thi đua cơ sở",
        "bang_danh_hieu": "Bằng danh hiệu (do cấp trên cấp)",
        "co_thi_dua": "Cờ thi đua",
        "none": "Không có",
    }
)

#: Where a quota is counted.
QUOTA_SCOPES: Mapping[str, str] = MappingProxyType(
    {
        "co_quan": "Toàn cơ quan",
        "don_vi": "Từng đơn vị (phòng, ban)",
        "cum_khoi": "Từng cụm, khối thi đua",
    }
)

#: Yearly đánh giá, xếp loại, best first.
XEP_LOAI: Mapping[str, str] = MappingProxyType(
    {
        "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
        "HTTNV": "Hoàn thành tốt nhiệm vụ",
        "HTNV": "Hoàn thành nhiệm vụ",
        "KHTNV": "Không hoàn thành nhiệm vụ",
    }
)
XEP_LOAI_RANK: Mapping[str, int] = MappingProxyType(
    {
        "HTXSNV": 3,
        "HTTNV": 2,
        "HTNV": 1,
        "KHTNV": 0,
    }
)

#: Kỷ luật forms (cán bộ, công chức, viên chức), lightest first.
DISCIPLINE_FORMS: Mapping[str, str] = MappingProxyType(
    {
        "khien_trach": "khiển trách",
        "canh_cao": "cảnh cáo",
        "ha_bac_luong": "hạ bậc lương",
        "giang_chuc": "giáng chức",
        "cach_chuc": "cách chức",
        "bai_nhiem": "bãi nhiệm",
        "buoc_thoi_viec": "buộc thôi việc",
    }
)
#: a rule-set value for "no discipline condition" (e.g. TTLĐXS under the 2022 law, Điều 27)
NO_DISCIPLINE_CONDITION = "khong"
DISCIPLINE_RANK: Mapping[str, int] = MappingProxyType(
    {code: i + 1 for i, code in enumerate(DISCIPLINE_FORMS)}
)

#: Recognition level of an initiative (sáng kiến) or research work: the
#: scope of its influence. A higher level also satisfies a lower one.
INITIATIVE_LEVELS: Mapping[str, str] = MappingProxyType(
    {
        "co_so": "cấp cơ sở",
        "tinh": "phạm vi ảnh hưởng trong tỉnh",
        "toan_quoc": "phạm vi ảnh hưởng toàn quốc",
    }
)
INITIATIVE_LEVEL_RANK: Mapping[str, int] = MappingProxyType(
    {
        "co_so": 1,
        "tinh": 2,
        "toan_quoc": 3,
    }
)

#: Every row of ``domain.md`` §2; a rule set must carry all of them (it may
#: add its own codes).
BUILTIN_CODES: tuple[str, ...] = (
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_TQ",
    "TTLDTT",
    "TTLDXS",
    "CO_TINH",
    "GK",
    "BK_TINH",
    "BK_TTG",
)

CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")

# ---------------------------------------------------------------------------
# Exact numbers
# ---------------------------------------------------------------------------


class NumberError(ValueError):
    """A value that is not a usable number; the message is Vietnamese."""


_FRACTION_TEXT = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_number(value: object) -> Fraction:
    """An exact number from JSON or a form: ``int``, ``float`` (through its
    shortest decimal text, so ``0.3`` is exactly 3/10), ``Decimal``,
    ``Fraction``, or text ``"4.5"``, ``"4,5"``, ``"200/3"``."""
    if isinstance(value, bool) or value is None:
        raise NumberError(f"“{value}” không phải là số")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(f"“{value}” không phải là số")
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(f"“{value}” không phải là số")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        m = _FRACTION_TEXT.match(text)
        if m:
            num, den = int(m.group(1)), int(m.group(2))
            if den == 0:
                raise NumberError(f"“{value}”: mẫu số bằng 0")
            return Fraction(num, den)
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            return Fraction(text)
    raise NumberError(f"“{value}” không phải là số")


def parse_fraction_of_one(value: object) -> Fraction:
    """A share of a whole, e.g. a quorum: ``"2/3"``, ``"80%"`` or a number
    from 0 to 1 (``0.8``). A bare number above 1 is refused rather than
    guessed as a percentage."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_number(value.strip()[:-1]) / 100
    f = parse_number(value)
    if f > 1:
        raise NumberError(
            f"“{value}” phải là phân số (2/3), tỉ lệ phần trăm (80%) hoặc số từ 0 đến 1"
        )
    return f


def _is_finite_decimal(f: Fraction) -> bool:
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def number_to_json(f: Fraction | int | None) -> int | float | str | None:
    """``int`` when whole, a ``float`` when it is a short exact decimal (JSON
    users edit ``4.5``, not ``"9/2"``), else ``"a/b"``. Round-trips through
    :func:`parse_number` exactly."""
    if f is None:
        return None
    f = Fraction(f)
    if f.denominator == 1:
        return f.numerator
    if _is_finite_decimal(f):
        as_float = float(f)
        if Fraction(repr(as_float)) == f:
            return as_float
    return f"{f.numerator}/{f.denominator}"


def fraction_of_one_to_json(f: Fraction) -> str:
    """``"80%"`` when the percentage is a short decimal, else ``"2/3"``."""
    pct = f * 100
    if _is_finite_decimal(pct):
        return f"{number_to_json(pct)}%"
    return f"{f.numerator}/{f.denominator}"


def _decimal_text(f: Fraction, places: int, *, up: bool) -> str:
    scale = 10**places
    scaled = f * scale
    n = math.ceil(scaled) if up else math.floor(scaled)
    if places == 0:
        return str(n)
    whole, frac = divmod(n, scale)
    return f"{whole},{frac:0{places}d}"


def format_pct(count: int, total: int, threshold: Fraction | int | None = None) -> str:
    """A percentage for a message: ``"63 %"``, ``"70 %"``, ``"77,8 %"``.

    Display only — decisions compare exact integers. Rounded half up to a
    whole number; when that would hide which side of ``threshold`` the
    exact value is on (69.5 % shown as "70 %" against "cần ≥ 70 %"), one or
    two decimals are shown, rounded towards the truth."""
    if total <= 0:
        return "0 %"
    scaled = count * 100  # the exact value is scaled / total; compared in integers
    if scaled % total == 0:
        return f"{scaled // total} %"
    rounded = (2 * scaled + total) // (2 * total)  # half up
    if threshold is None:
        return f"{rounded} %"
    t = Fraction(threshold)
    meets = scaled * t.denominator >= t.numerator * total
    if (rounded * t.denominator >= t.numerator) == meets:
        return f"{rounded} %"
    exact = Fraction(scaled, total)
    for places in (1, 2):
        text = _decimal_text(exact, places, up=meets)
        if (Fraction(text.replace(",", ".")) >= t) == meets:
            return f"{text} %"
    return f"{_decimal_text(exact, 2, up=meets)} %"  # pragma: no cover


def format_fraction_of_one(f: Fraction) -> str:
    """``"2/3"`` or ``"80 %"`` for labels."""
    pct = f * 100
    if pct.denominator == 1:
        return f"{pct.numerator} %"
    return f"{f.numerator}/{f.denominator}"


# ---------------------------------------------------------------------------
# Catalogue rows
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaRule:
    """A cap on how many may be proposed for a title.

    ``pct`` of the number of ``base_title`` awards/registrations counted per
    ``scope`` (e.g. CSTDCS ≤ 15 % of LDTT in the whole agency), and/or a fixed
    ``max_count`` (e.g. one Cờ thi đua per cụm/khối). Limits are rounded down
    (:func:`.eligibility.quota_limit`)."""

    pct: Fraction | None = None
    base_title: str | None = None
    scope: str = "co_quan"
    max_count: int | None = None

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        names = names or {}
        parts = []
        if self.pct is not None:
            base = names.get(self.base_title or "", self.base_title or "")
            pct_text = str(number_to_json(self.pct)).replace(".", ",")
            parts.append(f"≤ {pct_text} % số {base}")
        if self.max_count is not None:
            parts.append(f"tối đa {self.max_count}")
        scope = QUOTA_SCOPES.get(self.scope, self.scope).lower()
        return f"{', '.join(parts)} ({scope})" if parts else ""


@dataclass(frozen=True)
class Title:
    """One danh hiệu thi đua or hình thức khen thưởng of a rule set."""

    code: str
    name: str
    kind: str  # KINDS
    subjects: tuple[str, ...]  # SUBJECTS
    level: str  # LEVELS
    decided_by: str  # Vietnamese, e.g. "Chủ tịch UBND tỉnh"
    council_vote: bool = False  # secret ballot of the council
    vote_threshold_pct: Fraction | None = None  # of ALL members; None = no fixed threshold
    certificate: str = "none"  # CERTIFICATES
    #: subject → coefficient × lương cơ sở (missing subject = no money)
    reward_coefficients: Mapping[str, Fraction] = field(default_factory=dict)
    prerequisites: tuple[str, ...] = ()  # codes shown as "cần có trước"
    conditions: str = ""  # Vietnamese summary for the catalogue
    quota: QuotaRule | None = None
    legal_basis: str = ""
    notes: str = ""
    achievement: str = ""  # the decision's default thành tích ("{nam}" = the year); "" = the general one
    decided_at: str = "co_quan"  # DECIDED_AT

    @property
    def agency_decides(self) -> bool:
        """The agency's head decides it (Điều 80): the agency issues the
        decision, numbers the award book and prints the certificate; else it
        proposes and records the higher level's decision."""
        return self.decided_at == "co_quan"

    @property
    def is_danh_hieu(self) -> bool:
        return self.kind == KIND_DANH_HIEU

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def subjects_label(self) -> str:
        return ", ".join(SUBJECTS.get(s, s) for s in self.subjects)

    @property
    def certificate_label(self) -> str:
        return CERTIFICATES.get(self.certificate, self.certificate)

    def applies_to(self, subject: str) -> bool:
        return subject in self.subjects

    def reward_coefficient(self, subject: str) -> Fraction | None:
        return self.reward_coefficients.get(subject)
