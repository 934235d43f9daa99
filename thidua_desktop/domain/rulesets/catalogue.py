"""The titles catalogue of a rule set as JSON: one :class:`~thidua_desktop.domain.titles.Title` row
(and its quota) written out, and read back with every mistake named in Vietnamese.

Imports ``domain.titles`` and :mod:`.params` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType

from ..titles import (
    CERTIFICATES,
    CODE_RE,
    DECIDED_AT,
    DECIDED_AT_BY_LEVEL,
    KINDS,
    LEVELS,
    QUOTA_SCOPES,
    SUBJECTS,
    NumberError,
    QuotaRule,
    Title,
    number_to_json,
    parse_number,
)
from .params import _is_int, _is_text


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
