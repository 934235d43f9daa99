"""Versioned rule sets: the catalogue and every number of the rules, as data.

Pure Python, standard library only. A :class:`RuleSet` carries its legal
basis (căn cứ pháp lý), the date it takes effect, its scope (national, a
province, an agency), the titles catalogue (:class:`.titles.Title`) and the
numeric parameters (:class:`RuleParams`). The national defaults ship as JSON
in ``resources/rules/`` (``national-2024.json``, ``national-2025.json``); the
user copies a set (:func:`copy_ruleset`), edits it and saves it as JSON.

Picking the set for a year (:func:`pick_ruleset`)
-------------------------------------------------
The year considered is judged at its end (reviews, votes and decisions happen
in November–January), so the set in force for year ``Y`` is the one with the
**newest ``effective_from`` on or before 31/12/Y**: NĐ 152/2025 (from
01/07/2025) governs the 2025 round, NĐ 98/2023 the 2024 round. A set whose
scope matches the caller's (agency, then province, in the order given) is
preferred over a national one whenever one is in force for the year, even if
a newer national set exists — the local set is a complete copy the user made
on purpose; :func:`newer_national` tells the UI when such a copy predates the
current national rules. Among sets of the same scope and date, the later one
in the list wins. No set in force raises :class:`NoRuleSetError`.

JSON format (``format_version`` 1)
----------------------------------
``{"format": "thidua-ruleset", "format_version": 1, "id", "name", "scope":
{"kind", "name"}, "effective_from": "YYYY-MM-DD", "legal_basis": [...],
"notes": [...], "params": {...}, "titles": [...]}``. Percentages are numbers
(``70``), shares of a whole are ``"2/3"`` or ``"80%"``, coefficients are
decimals (``4.5``). Parameters left out take the national default (so a file
saved by an older version still loads); unknown keys are refused, which
catches typing mistakes in hand-edited files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .dates import DateError, parse_full_date
from .titles import (
    BUILTIN_CODES,
    CERTIFICATES,
    CODE_RE,
    DECIDED_AT,
    DECIDED_AT_BY_LEVEL,
    DISCIPLINE_FORMS,
    NO_DISCIPLINE_CONDITION,
    INITIATIVE_LEVELS,
    KINDS,
    LEVELS,
    QUOTA_SCOPES,
    SUBJECTS,
    XEP_LOAI,
    NumberError,
    QuotaRule,
    Title,
    fraction_of_one_to_json,
    number_to_json,
    parse_fraction_of_one,
    parse_number,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "PARAM_SPECS",
    "SCOPE_KINDS",
    "TIE_BREAKS",
    "AWARD_BOOK_NUMBERING",
    "NoRuleSetError",
    "ParamSpec",
    "RuleParams",
    "RuleSet",
    "RuleSetError",
    "Scope",
    "builtin_rulesets",
    "copy_ruleset",
    "load_ruleset",
    "load_rulesets_dir",
    "newer_national",
    "pick_ruleset",
    "ruleset_to_dict",
    "save_ruleset",
    "slugify",
    "validate_ruleset_dict",
    "with_params",
    "with_title",
]

FORMAT = "thidua-ruleset"
FORMAT_VERSION = 1

SCOPE_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "national": "Toàn quốc",
        "province": "Tỉnh, thành phố",
        "agency": "Cơ quan, đơn vị",
    }
)

#: how award-book numbers (số sổ vàng) run; numbers already given never change
AWARD_BOOK_NUMBERING: Mapping[str, str] = MappingProxyType(
    {
        "theo_quyet_dinh": "Số thứ tự trong từng quyết định, bắt đầu từ 1",
        "lien_tuc": "Liên tục trong sổ vàng của mỗi danh hiệu, hình thức và năm",
    }
)
TIE_BREAKS: Mapping[str, str] = MappingProxyType(
    {
        "new_round": "Bỏ phiếu lại giữa những người bằng phiếu",
        "chair_decides": "Chủ tịch Hội đồng quyết định",
    }
)


class RuleSetError(ValueError):
    """A rule set that cannot be used; ``errors`` lists Vietnamese reasons."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        super().__init__("Bộ quy tắc không hợp lệ:\n" + "\n".join(f"– {e}" for e in self.errors))


class NoRuleSetError(LookupError):
    """No rule set is in force for the year asked (message in Vietnamese)."""


# ---------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------


def _norm_name(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


@dataclass(frozen=True)
class Scope:
    """Whom a rule set belongs to: ``national``, a ``province`` (by name) or
    an ``agency`` (by name)."""

    kind: str = "national"
    name: str = ""

    @property
    def is_national(self) -> bool:
        return self.kind == "national"

    @property
    def label(self) -> str:
        if self.is_national:
            return SCOPE_KINDS["national"]
        return f"{SCOPE_KINDS.get(self.kind, self.kind)}: {self.name}"

    def matches(self, wanted: Scope | str) -> bool:
        """Same scope; a bare name matches a province or agency of that name
        (case, spacing and Unicode form ignored)."""
        if isinstance(wanted, str):
            return not self.is_national and _norm_name(self.name) == _norm_name(wanted)
        if wanted.is_national:
            return self.is_national
        return self.kind == wanted.kind and _norm_name(self.name) == _norm_name(wanted.name)


NATIONAL = Scope()

# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------


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
# Rule set
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class RuleSet:
    name: str
    scope: Scope
    effective_from: dt.date
    legal_basis: tuple[str, ...]
    titles: tuple[Title, ...]
    params: RuleParams = field(default_factory=RuleParams)
    notes: tuple[str, ...] = ()
    id: str = ""
    based_on: str | None = None
    #: shipped with the app (read-only in the settings dialog); not saved
    builtin: bool = False
    _by_code: Mapping[str, Title] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({t.code: t for t in self.titles}))

    def title(self, code: str) -> Title:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(
                f"Bộ quy tắc “{self.name}” không có danh hiệu/hình thức {code}"
            ) from None

    def get_title(self, code: str) -> Title | None:
        return self._by_code.get(code)

    def title_name(self, code: str) -> str:
        t = self._by_code.get(code)
        return t.name if t else code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def errors(self) -> list[str]:
        """Vietnamese reasons why this set is not usable (empty when fine)."""
        return validate_ruleset_dict(ruleset_to_dict(self))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return ruleset_to_dict(self) == ruleset_to_dict(other) and self.builtin == other.builtin

    __hash__ = object.__hash__


# ---------------------------------------------------------------------------
# Serialisation
# ---------------------------------------------------------------------------


def _param_to_json(spec: ParamSpec, value: Any) -> Any:
    if spec.kind == "pct":
        return number_to_json(value)
    if spec.kind == "share":
        return fraction_of_one_to_json(value)
    if spec.kind == "months_map":
        return dict(value)
    return value


def _quota_to_dict(q: QuotaRule | None) -> dict | None:
    if q is None:
        return None
    return {
        "pct": number_to_json(q.pct),
        "base_title": q.base_title,
        "scope": q.scope,
        "max_count": q.max_count,
    }


def _title_to_dict(t: Title) -> dict:
    return {
        "code": t.code,
        "name": t.name,
        "kind": t.kind,
        "subjects": list(t.subjects),
        "level": t.level,
        "decided_by": t.decided_by,
        "council_vote": t.council_vote,
        "vote_threshold_pct": number_to_json(t.vote_threshold_pct),
        "certificate": t.certificate,
        "reward_coefficients": {k: number_to_json(v) for k, v in t.reward_coefficients.items()},
        "prerequisites": list(t.prerequisites),
        "conditions": t.conditions,
        "quota": _quota_to_dict(t.quota),
        "legal_basis": t.legal_basis,
        "notes": t.notes,
        "achievement": t.achievement,
        "decided_at": t.decided_at,
    }


def ruleset_to_dict(rs: RuleSet) -> dict:
    """The JSON-ready form; :func:`load_ruleset` reads it back unchanged."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": rs.id,
        "name": rs.name,
        "scope": {"kind": rs.scope.kind, "name": rs.scope.name},
        "effective_from": rs.effective_from.isoformat(),
        "based_on": rs.based_on,
        "legal_basis": list(rs.legal_basis),
        "notes": list(rs.notes),
        "params": {s.name: _param_to_json(s, getattr(rs.params, s.name)) for s in PARAM_SPECS},
        "titles": [_title_to_dict(t) for t in rs.titles],
    }


def save_ruleset(rs: RuleSet, path: str | Path) -> None:
    text = json.dumps(ruleset_to_dict(rs), ensure_ascii=False, indent=2)
    Path(path).write_text(text + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Validation (dict level: what a user-edited file holds)
# ---------------------------------------------------------------------------

_TOP_KEYS = {
    "format",
    "format_version",
    "id",
    "name",
    "scope",
    "effective_from",
    "based_on",
    "legal_basis",
    "notes",
    "params",
    "titles",
}
_TITLE_KEYS = {
    "code",
    "name",
    "kind",
    "subjects",
    "level",
    "decided_by",
    "council_vote",
    "vote_threshold_pct",
    "certificate",
    "reward_coefficients",
    "prerequisites",
    "conditions",
    "quota",
    "legal_basis",
    "notes",
    "achievement",
    "decided_at",
}
_QUOTA_KEYS = {"pct", "base_title", "scope", "max_count"}


def _is_text(v: object) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


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


def _check_title(i: int, raw: object, errors: list[str]) -> Title | None:
    if not isinstance(raw, Mapping):
        errors.append(f"Mục thứ {i} của danh mục không phải là một danh hiệu/hình thức")
        return None
    code = raw.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        errors.append(
            f"Mục thứ {i} của danh mục: mã “{code}” không hợp lệ "
            "(chữ in hoa không dấu, số và dấu _, bắt đầu bằng chữ)"
        )
        return None
    where = f"Danh hiệu/hình thức {code}"
    n0 = len(errors)
    for key in sorted(set(raw) - _TITLE_KEYS):
        errors.append(f"{where}: khóa “{key}” không được hỗ trợ")
    name = raw.get("name")
    if not _is_text(name):
        errors.append(f"{where}: thiếu tên")
    kind = raw.get("kind")
    if kind not in KINDS:
        errors.append(f"{where}: loại “{kind}” không hợp lệ (danh_hieu hoặc hinh_thuc)")
    subjects = raw.get("subjects")
    if (
        not isinstance(subjects, list)
        or not subjects
        or any(s not in SUBJECTS for s in subjects)
        or len(set(subjects)) != len(subjects)
    ):
        errors.append(f"{where}: đối tượng phải là danh sách gồm {', '.join(SUBJECTS)}")
        subjects = []
    level = raw.get("level")
    if level not in LEVELS:
        errors.append(f"{where}: cấp “{level}” không hợp lệ ({', '.join(LEVELS)})")
    decided_at = raw.get("decided_at", DECIDED_AT_BY_LEVEL.get(level, "co_quan"))
    if decided_at not in DECIDED_AT:
        errors.append(f"{where}: cấp quyết định “{decided_at}” không hợp lệ ({', '.join(DECIDED_AT)})")
    decided_by = raw.get("decided_by")
    if not _is_text(decided_by):
        errors.append(f"{where}: thiếu cấp quyết định")
    council_vote = raw.get("council_vote", False)
    if not isinstance(council_vote, bool):
        errors.append(f"{where}: “council_vote” phải là true hoặc false")
    threshold = None
    raw_threshold = raw.get("vote_threshold_pct")
    if raw_threshold is not None:
        try:
            threshold = parse_number(raw_threshold)
        except NumberError:
            threshold = None
        if threshold is None or not 0 < threshold <= 100:
            errors.append(
                f"{where}: ngưỡng biểu quyết phải là tỉ lệ phần trăm lớn hơn 0 và không quá 100"
            )
        elif council_vote is False:
            errors.append(f"{where}: có ngưỡng biểu quyết nhưng không biểu quyết tại Hội đồng")
    certificate = raw.get("certificate", "none")
    if certificate not in CERTIFICATES:
        errors.append(
            f"{where}: loại bằng “{certificate}” không hợp lệ ({', '.join(CERTIFICATES)})"
        )
    coefs: dict[str, Fraction] = {}
    raw_coefs = raw.get("reward_coefficients", {})
    if not isinstance(raw_coefs, Mapping):
        errors.append(f"{where}: hệ số tiền thưởng phải là bảng đối tượng → hệ số")
    else:
        for subj, v in raw_coefs.items():
            if subj not in SUBJECTS:
                errors.append(f"{where}: hệ số tiền thưởng cho đối tượng “{subj}” không hợp lệ")
                continue
            if subjects and subj not in subjects:
                errors.append(
                    f"{where}: có hệ số tiền thưởng cho {SUBJECTS[subj].lower()} nhưng không xét đối tượng này"
                )
            try:
                f = parse_number(v)
            except NumberError:
                f = None
            if f is None or f < 0:
                errors.append(f"{where}: hệ số tiền thưởng “{v}” phải là số không âm")
            else:
                coefs[subj] = f
    prereq = raw.get("prerequisites", [])
    if not isinstance(prereq, list) or any(not isinstance(p, str) for p in prereq):
        errors.append(f"{where}: “prerequisites” phải là danh sách mã")
        prereq = []
    quota = None
    raw_quota = raw.get("quota")
    if raw_quota is not None:
        quota = _check_quota(where, raw_quota, errors)
    for key in ("conditions", "legal_basis", "notes", "achievement"):
        if not isinstance(raw.get(key, ""), str):
            errors.append(f"{where}: “{key}” phải là văn bản")
    if len(errors) > n0:
        return None
    return Title(
        code=code,
        name=" ".join(name.split()),  # type: ignore[union-attr]
        kind=kind,  # type: ignore[arg-type]
        subjects=tuple(subjects),
        level=level,  # type: ignore[arg-type]
        decided_by=" ".join(decided_by.split()),  # type: ignore[union-attr]
        council_vote=council_vote,
        vote_threshold_pct=threshold,
        certificate=certificate,  # type: ignore[arg-type]
        reward_coefficients=MappingProxyType(coefs),
        prerequisites=tuple(prereq),
        conditions=raw.get("conditions", ""),  # type: ignore[arg-type]
        quota=quota,
        legal_basis=raw.get("legal_basis", ""),  # type: ignore[arg-type]
        notes=raw.get("notes", ""),  # type: ignore[arg-type]
        achievement=raw.get("achievement", ""),  # type: ignore[arg-type]
        decided_at=decided_at,  # type: ignore[arg-type]
    )


def _check_quota(where: str, raw: object, errors: list[str]) -> QuotaRule | None:
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: chỉ tiêu (quota) phải là bảng hoặc null")
        return None
    n0 = len(errors)
    for key in sorted(set(raw) - _QUOTA_KEYS):
        errors.append(f"{where}: chỉ tiêu có khóa “{key}” không được hỗ trợ")
    pct = None
    if raw.get("pct") is not None:
        try:
            pct = parse_number(raw["pct"])
        except NumberError:
            pct = None
        if pct is None or not 0 < pct <= 100:
            errors.append(f"{where}: tỉ lệ chỉ tiêu phải lớn hơn 0 và không quá 100 %")
        if not isinstance(raw.get("base_title"), str):
            errors.append(f"{where}: chỉ tiêu theo tỉ lệ cần mã danh hiệu làm cơ sở (base_title)")
    max_count = raw.get("max_count")
    if max_count is not None and (not _is_int(max_count) or max_count < 0):
        errors.append(f"{where}: số lượng tối đa phải là số nguyên không âm")
    if raw.get("pct") is None and max_count is None:
        errors.append(f"{where}: chỉ tiêu cần tỉ lệ (pct) hoặc số lượng tối đa (max_count)")
    scope = raw.get("scope", "co_quan")
    if scope not in QUOTA_SCOPES:
        errors.append(
            f"{where}: phạm vi chỉ tiêu “{scope}” không hợp lệ ({', '.join(QUOTA_SCOPES)})"
        )
    if len(errors) > n0:
        return None
    return QuotaRule(pct=pct, base_title=raw.get("base_title"), scope=scope, max_count=max_count)


def _build(data: object) -> tuple[RuleSet | None, list[str]]:
    errors: list[str] = []
    if not isinstance(data, Mapping):
        return None, ["Tệp bộ quy tắc không đúng định dạng (cần một đối tượng JSON)"]
    if data.get("format", FORMAT) != FORMAT:
        errors.append(
            f"Không phải tệp bộ quy tắc thi đua – khen thưởng (format = “{data.get('format')}”)"
        )
    version = data.get("format_version", FORMAT_VERSION)
    if not _is_int(version) or version > FORMAT_VERSION or version < 1:
        errors.append(f"Phiên bản định dạng {version} không được hỗ trợ; hãy cập nhật phần mềm")
    for key in sorted(set(data) - _TOP_KEYS):
        errors.append(f"Khóa “{key}” không được hỗ trợ")
    name = data.get("name")
    if not _is_text(name):
        errors.append("Bộ quy tắc chưa có tên")
    rs_id = data.get("id", "")
    if not isinstance(rs_id, str):
        errors.append("Mã bộ quy tắc (id) phải là văn bản")
        rs_id = ""
    based_on = data.get("based_on")
    if based_on is not None and not isinstance(based_on, str):
        errors.append("“based_on” phải là văn bản")
    # scope
    scope = NATIONAL
    raw_scope = data.get("scope", {"kind": "national"})
    if not isinstance(raw_scope, Mapping) or raw_scope.get("kind") not in SCOPE_KINDS:
        errors.append("Phạm vi áp dụng (scope) phải có kind là national, province hoặc agency")
    else:
        sname = raw_scope.get("name") or ""
        if not isinstance(sname, str):
            errors.append("Tên phạm vi áp dụng phải là văn bản")
            sname = ""
        if raw_scope["kind"] != "national" and not sname.strip():
            errors.append(
                f"Phạm vi “{SCOPE_KINDS[raw_scope['kind']]}” cần ghi tên tỉnh hoặc cơ quan"
            )
        scope = Scope(raw_scope["kind"], " ".join(sname.split()))
    # date
    effective = None
    raw_date = data.get("effective_from")
    if raw_date is None or raw_date == "":
        errors.append("Thiếu ngày có hiệu lực (effective_from)")
    else:
        try:
            effective = parse_full_date(raw_date) if isinstance(raw_date, str) else None
        except DateError as exc:
            errors.append(f"Ngày có hiệu lực “{raw_date}” không hợp lệ: {exc}")
        else:
            if effective is None:
                errors.append(f"Ngày có hiệu lực “{raw_date}” không hợp lệ (dùng YYYY-MM-DD)")
    # legal basis, notes
    basis = data.get("legal_basis")
    if not isinstance(basis, list) or not basis or not all(_is_text(b) for b in basis):
        errors.append("Căn cứ pháp lý phải là danh sách văn bản, ít nhất một văn bản")
        basis = []
    notes = data.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        errors.append("Ghi chú (notes) phải là danh sách văn bản")
        notes = []
    # params
    params = RuleParams()
    raw_params = data.get("params", {})
    if not isinstance(raw_params, Mapping):
        errors.append("Tham số (params) phải là bảng tên → giá trị")
    else:
        changes = {}
        for key in raw_params:
            if key not in _SPEC_BY_NAME and key not in RETIRED_PARAMS:
                errors.append(f"Tham số “{key}” không được hỗ trợ")
        for spec in PARAM_SPECS:
            if spec.name in raw_params:
                value, err = _check_param(spec, raw_params[spec.name])
                if err:
                    errors.append(err)
                else:
                    changes[spec.name] = value
        params = dataclasses.replace(params, **changes)
    # titles
    titles: list[Title] = []
    raw_titles = data.get("titles")
    if not isinstance(raw_titles, list):
        errors.append("Danh mục danh hiệu, hình thức khen thưởng (titles) phải là danh sách")
        raw_titles = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_titles, start=1):
        t = _check_title(i, raw, errors)
        if t is None:
            continue
        if t.code in seen:
            errors.append(f"Mã {t.code} bị trùng trong danh mục")
            continue
        seen.add(t.code)
        titles.append(t)
    codes_given = {
        r.get("code")
        for r in raw_titles
        if isinstance(r, Mapping) and isinstance(r.get("code"), str)
    }
    for code in BUILTIN_CODES:
        if code not in codes_given:
            errors.append(f"Danh mục thiếu {code} (bắt buộc phải có, có thể sửa tên và tham số)")
    for t in titles:
        for p in t.prerequisites:
            if p not in codes_given:
                errors.append(
                    f"Danh hiệu/hình thức {t.code}: điều kiện trước “{p}” không có trong danh mục"
                )
        if t.quota and t.quota.base_title and t.quota.base_title not in codes_given:
            errors.append(
                f"Danh hiệu/hình thức {t.code}: chỉ tiêu tính theo “{t.quota.base_title}” không có trong danh mục"
            )
    if errors:
        return None, errors
    rs = RuleSet(
        name=" ".join(name.split()),  # type: ignore[union-attr]
        scope=scope,
        effective_from=effective,  # type: ignore[arg-type]
        legal_basis=tuple(" ".join(b.split()) for b in basis),
        titles=tuple(titles),
        params=params,
        notes=tuple(notes),
        id=rs_id or slugify(name),  # type: ignore[arg-type]
        based_on=based_on,
    )
    return rs, []


def validate_ruleset_dict(data: object) -> list[str]:
    """Vietnamese reasons why ``data`` (a parsed JSON file) is not a usable
    rule set; empty when it is."""
    return _build(data)[1]


def load_ruleset(source: str | Path | Mapping[str, Any]) -> RuleSet:
    """A rule set from a JSON file path or an already parsed dict.

    Raises :class:`RuleSetError` (with ``errors``, Vietnamese) for a file
    that is not JSON or does not validate."""
    if isinstance(source, Mapping):
        data: object = source
    else:
        path = Path(source)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise RuleSetError([f"Không đọc được tệp {path.name}: {exc.strerror or exc}"]) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            where = (
                f" (dòng {exc.lineno}, cột {exc.colno})"
                if isinstance(exc, json.JSONDecodeError)
                else ""
            )
            raise RuleSetError([f"Tệp {path.name} không phải JSON hợp lệ{where}"]) from None
    rs, errors = _build(data)
    if errors:
        raise RuleSetError(errors)
    assert rs is not None
    return rs


def load_rulesets_dir(folder: str | Path, *, builtin: bool = False) -> list[RuleSet]:
    """Every ``*.json`` rule set of a folder, sorted by effective date then
    name. A bad file raises :class:`RuleSetError` naming the file."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            rs = load_ruleset(path)
        except RuleSetError as exc:
            raise RuleSetError([f"{path.name}: {e}" for e in exc.errors]) from None
        out.append(dataclasses.replace(rs, builtin=builtin) if builtin else rs)
    out.sort(key=lambda r: (r.effective_from, r.name))
    return out


def builtin_rulesets() -> list[RuleSet]:
    """The national defaults shipped in ``resources/rules/``."""
    from ..paths import resource_path

    return load_rulesets_dir(resource_path("rules"), builtin=True)


# ---------------------------------------------------------------------------
# Picking, copying, editing
# ---------------------------------------------------------------------------


def pick_ruleset(
    rulesets: Iterable[RuleSet],
    year: int,
    scope: Scope | str | Sequence[Scope | str] | None = None,
) -> RuleSet:
    """The rule set in force for the year considered (see the module doc).

    ``scope``: the caller's own scope(s), most specific first (e.g.
    ``[Scope("agency", "Ban Dân tộc tỉnh Khánh Hòa"), Scope("province",
    "Khánh Hòa")]``), or a bare name; national sets are always the fallback.
    """
    end = dt.date(year, 12, 31)
    in_force = [rs for rs in rulesets if rs.effective_from <= end]
    if scope is None:
        wanted: list[Scope | str] = []
    elif isinstance(scope, (Scope, str)):
        wanted = [scope]
    else:
        wanted = list(scope)

    def newest(cands: list[RuleSet]) -> RuleSet:
        best = cands[0]
        for rs in cands[1:]:
            if rs.effective_from >= best.effective_from:
                best = rs
        return best

    for w in wanted:
        if isinstance(w, Scope) and w.is_national:
            continue
        cands = [rs for rs in in_force if rs.scope.matches(w)]
        if cands:
            return newest(cands)
    national = [rs for rs in in_force if rs.scope.is_national]
    if national:
        return newest(national)
    raise NoRuleSetError(f"Không có bộ quy tắc nào có hiệu lực cho năm {year}")


def newer_national(rulesets: Iterable[RuleSet], chosen: RuleSet, year: int) -> RuleSet | None:
    """A national set in force for ``year`` that is newer than the local set
    ``chosen`` (so the UI can say "bộ quy tắc của tỉnh lập theo căn cứ cũ")."""
    if chosen.scope.is_national:
        return None
    end = dt.date(year, 12, 31)
    newer = [
        rs
        for rs in rulesets
        if rs.scope.is_national and chosen.effective_from < rs.effective_from <= end
    ]
    return max(newer, key=lambda r: r.effective_from) if newer else None


def slugify(text: object) -> str:
    """ASCII id from a Vietnamese name: ``"Bắc Ninh 2025"`` → ``bac-ninh-2025``."""
    s = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "bo-quy-tac"


def copy_ruleset(
    rs: RuleSet,
    new_name: str,
    scope: Scope,
    *,
    effective_from: dt.date | None = None,
    new_id: str | None = None,
) -> RuleSet:
    """A user-editable copy: same catalogue and numbers, a new name and
    scope, ``based_on`` pointing at the source. Keeps the source's date
    unless ``effective_from`` is given."""
    name = " ".join((new_name or "").split())
    if not name:
        raise RuleSetError(["Bộ quy tắc chưa có tên"])
    if not scope.is_national and not scope.name.strip():
        raise RuleSetError(
            [f"Phạm vi “{SCOPE_KINDS.get(scope.kind, scope.kind)}” cần ghi tên tỉnh hoặc cơ quan"]
        )
    return dataclasses.replace(
        rs,
        name=name,
        scope=scope,
        effective_from=effective_from or rs.effective_from,
        id=new_id or slugify(name),
        based_on=rs.id or rs.name,
        builtin=False,
    )


def with_params(rs: RuleSet, **changes: Any) -> RuleSet:
    """A copy of ``rs`` with parameters changed, validated like a file
    (values in JSON form or Python form). Raises :class:`RuleSetError`."""
    data = ruleset_to_dict(rs)
    for key, value in changes.items():
        spec = _SPEC_BY_NAME.get(key)
        if spec is not None and isinstance(value, (Fraction, Mapping)):
            value = _param_to_json(spec, value)
        data["params"][key] = value
    return dataclasses.replace(load_ruleset(data), builtin=False)


def with_title(rs: RuleSet, code: str, **changes: Any) -> RuleSet:
    """A copy of ``rs`` with one catalogue row changed (JSON-form values,
    e.g. ``quota={"pct": 15, "base_title": "LDTT", "scope": "co_quan"}``).
    Raises :class:`RuleSetError`."""
    rs.title(code)
    data = ruleset_to_dict(rs)
    for row in data["titles"]:
        if row["code"] == code:
            for key, value in changes.items():
                if isinstance(value, Fraction):
                    value = number_to_json(value)
                elif isinstance(value, QuotaRule):
                    value = _quota_to_dict(value)
                elif isinstance(value, tuple):
                    value = list(value)
                row[key] = value
    return dataclasses.replace(load_ruleset(data), builtin=False)
