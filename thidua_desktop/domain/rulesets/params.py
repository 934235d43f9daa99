"""The numbers of the rules: each parameter's spec (:data:`PARAM_SPECS`: kind, Vietnamese label,
bounds, choices — what the settings dialog edits and a file is checked against), the national
defaults (:class:`RuleParams`), and one parameter read from or written to JSON.

Imports ``domain.titles`` only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..titles import (
    DISCIPLINE_FORMS,
    INITIATIVE_LEVELS,
    NO_DISCIPLINE_CONDITION,
    XEP_LOAI,
    NumberError,
    fraction_of_one_to_json,
    number_to_json,
    parse_fraction_of_one,
    parse_number,
)


TIE_BREAKS: Mapping[str, str] = MappingProxyType(
    {
        "new_round": "Bỏ phiếu lại giữa những người bằng phiếu",
        "chair_decides": "Chủ tịch Hội đồng quyết định",
    }
)

#: how award-book numbers (số sổ vàng) run; numbers already given never change
AWARD_BOOK_NUMBERING: Mapping[str, str] = MappingProxyType(
    {
        "theo_quyet_dinh": "Số thứ tự trong từng quyết định, bắt đầu từ 1",
        "lien_tuc": "Liên tục trong sổ vàng của mỗi danh hiệu, hình thức và năm",
    }
)


@dataclass(frozen=True)
class ParamSpec:
    """How one parameter is edited, validated and written."""

    name: str
    kind: str  # int | pct | share | bool | xep_loai | level | discipline | choice | months_map
    label: str  # Vietnamese, for the settings dialog and errors
    minimum: int = 0
    maximum: int = 100
    choices: Mapping[str, str] | None = None


# fmt: off
PARAM_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("ldtt_min_xep_loai", "xep_loai", "LĐTT: xếp loại tối thiểu"),
    ParamSpec("ldtt_min_months", "int",
              "LĐTT: số tháng công tác tối thiểu trong năm (quy định của cơ quan/tỉnh, không phải toàn quốc;"
              " 0 = không xét)", 0, 12),
    ParamSpec("maternity_counts_as_worked", "bool",
              "Thời gian nghỉ thai sản được tính là thời gian công tác"),
    ParamSpec("cstdcs_alt_xep_loai", "xep_loai", "CSTĐCS: xếp loại thay cho sáng kiến"),
    ParamSpec("cstd_tinh_consecutive_cstdcs", "int",
              "CSTĐ cấp tỉnh: số năm liên tục đạt CSTĐCS", 1, 20),
    ParamSpec("cstd_tinh_initiative_level", "level",
              "CSTĐ cấp tỉnh: phạm vi ảnh hưởng của sáng kiến"),
    ParamSpec("cstd_tinh_initiative_window", "int",
              "CSTĐ cấp tỉnh: sáng kiến trong số năm gần nhất", 1, 20),
    ParamSpec("cstd_tq_consecutive_cstd_tinh", "int",
              "CSTĐ toàn quốc: số lần liên tục đạt CSTĐ cấp tỉnh", 1, 20),
    ParamSpec("cstd_tq_initiative_level", "level",
              "CSTĐ toàn quốc: phạm vi ảnh hưởng của sáng kiến"),
    ParamSpec("cstd_tq_initiative_window", "int",
              "CSTĐ toàn quốc: sáng kiến trong số năm gần nhất", 1, 30),
    ParamSpec("ttldtt_min_xep_loai", "xep_loai", "TTLĐTT: xếp loại tối thiểu của tập thể"),
    ParamSpec("ttldtt_min_ldtt_pct", "pct", "TTLĐTT: tỉ lệ tối thiểu cá nhân đạt LĐTT (%)"),
    ParamSpec("ttldtt_block_discipline_from", "discipline",
              "TTLĐTT: không có cá nhân bị kỷ luật từ hình thức"),
    ParamSpec("ttldxs_min_xep_loai", "xep_loai", "TTLĐXS: xếp loại tối thiểu của tập thể"),
    ParamSpec("ttldxs_min_complete_pct", "pct", "TTLĐXS: tỉ lệ cá nhân hoàn thành nhiệm vụ (%)"),
    ParamSpec("ttldxs_min_ldtt_pct", "pct", "TTLĐXS: tỉ lệ tối thiểu cá nhân đạt LĐTT (%)"),
    ParamSpec("ttldxs_min_cstdcs", "int", "TTLĐXS: số cá nhân đạt CSTĐCS tối thiểu", 0, 1000),
    ParamSpec("ttldxs_block_discipline_from", "discipline",
              "TTLĐXS: không có cá nhân bị kỷ luật từ hình thức"),
    ParamSpec("co_tinh_min_xep_loai", "xep_loai", "Cờ thi đua: xếp loại tối thiểu của tập thể"),
    ParamSpec("co_tinh_max_rank", "int",
              "Cờ thi đua: thứ hạng trong cụm, khối (1 = dẫn đầu)", 1, 100),
    ParamSpec("gk_min_xep_loai", "xep_loai", "Giấy khen: xếp loại tối thiểu"),
    ParamSpec("bk_tinh_consecutive_cstdcs", "int",
              "Bằng khen tỉnh (cá nhân): số năm liên tục đạt CSTĐCS", 1, 20),
    ParamSpec("bk_tinh_consecutive_htxs", "int",
              "Bằng khen tỉnh (cá nhân): số năm liên tục HTXSNV", 1, 20),
    ParamSpec("bk_tinh_min_initiatives", "int",
              "Bằng khen tỉnh (cá nhân): số sáng kiến trong thời gian đó", 0, 50),
    ParamSpec("bk_tinh_collective_consecutive", "int",
              "Bằng khen tỉnh (tập thể): số năm liên tục HTXSNV hoặc TTLĐXS", 1, 20),
    ParamSpec("bk_ttg_consecutive_htxs", "int",
              "Bằng khen Thủ tướng: số năm liên tục HTXSNV sau Bằng khen tỉnh", 1, 20),
    ParamSpec("bk_ttg_blocking", "bool",
              "Bằng khen Thủ tướng: chặn khi không đủ điều kiện (mặc định chỉ cảnh báo)"),
    ParamSpec("quorum", "share", "Số thành viên Hội đồng tối thiểu có mặt (2/3 hoặc 80%)"),
    ParamSpec("tie_break", "choice", "Khi bằng phiếu ở vị trí cuối", choices=TIE_BREAKS),
    ParamSpec("award_book_numbering", "choice", "Cách đánh số sổ vàng", choices=AWARD_BOOK_NUMBERING),
    ParamSpec("reward_rounding_step", "int",
              "Làm tròn tiền thưởng lên đến bội số của (đồng)", 1, 10**7),
    ParamSpec("discipline_effect_months", "months_map",
              "Số tháng tính là đang chịu kỷ luật, theo hình thức"),
    ParamSpec("women_priority_collective_pct", "pct", "Ưu tiên tập thể có tỉ lệ nữ từ (%)"),
)

# fmt: on
_SPEC_BY_NAME = {s.name: s for s in PARAM_SPECS}

#: parameters older rule sets carried and that are now read elsewhere; ignored when loading.
#: ``luong_co_so``: the lương cơ sở is the Government's, dated by the decision
#: (``resources/rules/shared/luong-co-so.json``, :func:`.votes.base_salary_on`).
RETIRED_PARAMS = frozenset({"luong_co_so"})


def _default_discipline_months() -> Mapping[str, int]:
    return MappingProxyType(
        {
            "khien_trach": 6,
            "canh_cao": 12,
            "ha_bac_luong": 12,
            "giang_chuc": 12,
            "cach_chuc": 12,
            "bai_nhiem": 12,
            "buoc_thoi_viec": 12,
        }
    )


@dataclass(frozen=True)
class RuleParams:
    """The numbers of the rules (national defaults, ``domain.md``)."""

    ldtt_min_xep_loai: str = "HTTNV"
    ldtt_min_months: int = 10
    maternity_counts_as_worked: bool = True
    cstdcs_alt_xep_loai: str = "HTXSNV"
    cstd_tinh_consecutive_cstdcs: int = 3
    cstd_tinh_initiative_level: str = "tinh"
    cstd_tinh_initiative_window: int = 3
    cstd_tq_consecutive_cstd_tinh: int = 2
    cstd_tq_initiative_level: str = "toan_quoc"
    cstd_tq_initiative_window: int = 6
    ttldtt_min_xep_loai: str = "HTTNV"
    ttldtt_min_ldtt_pct: Fraction = Fraction(70)
    ttldtt_block_discipline_from: str = "canh_cao"
    ttldxs_min_xep_loai: str = "HTXSNV"
    ttldxs_min_complete_pct: Fraction = Fraction(100)
    ttldxs_min_ldtt_pct: Fraction = Fraction(70)
    ttldxs_min_cstdcs: int = 1
    ttldxs_block_discipline_from: str = "khien_trach"
    co_tinh_min_xep_loai: str = "HTXSNV"
    co_tinh_max_rank: int = 1
    gk_min_xep_loai: str = "HTTNV"
    bk_tinh_consecutive_cstdcs: int = 2
    bk_tinh_consecutive_htxs: int = 2
    bk_tinh_min_initiatives: int = 2
    bk_tinh_collective_consecutive: int = 2
    bk_ttg_consecutive_htxs: int = 5
    bk_ttg_blocking: bool = False
    quorum: Fraction = Fraction(2, 3)
    tie_break: str = "new_round"
    award_book_numbering: str = "theo_quyet_dinh"
    reward_rounding_step: int = 10_000
    discipline_effect_months: Mapping[str, int] = field(default_factory=_default_discipline_months)
    women_priority_collective_pct: Fraction = Fraction(70)


assert {f.name for f in dataclasses.fields(RuleParams)} == set(_SPEC_BY_NAME)


# ---------------------------------------------------------------------------
# Reading and writing one parameter
# ---------------------------------------------------------------------------


def _is_text(v: object) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _param_to_json(spec: ParamSpec, value: Any) -> Any:
    if spec.kind == "pct":
        return number_to_json(value)
    if spec.kind == "share":
        return fraction_of_one_to_json(value)
    if spec.kind == "months_map":
        return dict(value)
    return value


def _check_param(spec: ParamSpec, value: object) -> tuple[Any, str | None]:
    """(converted value, error)."""
    what = f"Tham số “{spec.label}” ({spec.name})"
    k = spec.kind
    if k == "int":
        if not _is_int(value) or not spec.minimum <= value <= spec.maximum:  # type: ignore[operator]
            return None, f"{what} phải là số nguyên từ {spec.minimum} đến {spec.maximum}"
        return value, None
    if k == "bool":
        if not isinstance(value, bool):
            return None, f"{what} phải là true hoặc false"
        return value, None
    if k == "pct":
        try:
            f = parse_number(value)
        except NumberError:
            f = None
        if f is None or not 0 <= f <= 100:
            return None, f"{what} phải là tỉ lệ phần trăm từ 0 đến 100"
        return f, None
    if k == "share":
        try:
            f = parse_fraction_of_one(value)
        except NumberError:
            f = None
        if f is None or not 0 < f <= 1:
            return (
                None,
                f"{what} phải là phân số (2/3) hoặc tỉ lệ (80%), lớn hơn 0 và không quá 100%",
            )
        return f, None
    if k == "xep_loai":
        if value not in XEP_LOAI:
            return None, f"{what}: “{value}” không phải xếp loại ({', '.join(XEP_LOAI)})"
        return value, None
    if k == "level":
        if value not in INITIATIVE_LEVELS:
            return None, f"{what}: “{value}” không phải cấp ({', '.join(INITIATIVE_LEVELS)})"
        return value, None
    if k == "discipline":
        if value not in DISCIPLINE_FORMS and value != NO_DISCIPLINE_CONDITION:
            return (
                None,
                f"{what}: “{value}” không phải hình thức kỷ luật ({', '.join(DISCIPLINE_FORMS)}) "
                f"hoặc “{NO_DISCIPLINE_CONDITION}” (không xét kỷ luật)",
            )
        return value, None
    if k == "choice":
        assert spec.choices is not None
        if value not in spec.choices:
            return None, f"{what}: “{value}” không hợp lệ ({', '.join(spec.choices)})"
        return value, None
    if k == "months_map":
        if not isinstance(value, Mapping):
            return None, f"{what} phải là bảng hình thức kỷ luật → số tháng"
        out = dict(_default_discipline_months())
        errs = []
        for form, months in value.items():
            if form not in DISCIPLINE_FORMS:
                errs.append(f"“{form}” không phải hình thức kỷ luật")
            elif not _is_int(months) or not 0 <= months <= 120:
                errs.append(f"{form}: số tháng phải là số nguyên từ 0 đến 120")
            else:
                out[form] = months
        if errs:
            return None, f"{what}: " + "; ".join(errs)
        return MappingProxyType(out), None
    raise AssertionError(k)  # pragma: no cover
