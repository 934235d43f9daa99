"""Suggestions (Gợi ý: who meets a title's conditions and is not registered yet) and quotas
(how many may be proposed in a group, and which groups are over).

Imports :mod:`.dispatch` and what it builds on; nothing imports this module but the
package's ``__init__``.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..rulesets import RuleSet
from ..titles import QUOTA_SCOPES, QuotaRule
from .conditions import _pct_label
from .dispatch import check_title
from .profiles import OK, WARNING, _EMPTY, Eligibility, HouseholdProfile, Subject, subject_kind


# ---------------------------------------------------------------------------
# Suggestions (“Gợi ý”)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    subject: Any
    eligibility: Eligibility


def suggest(
    rs: RuleSet,
    code: str,
    subjects: Iterable[Subject],
    year: int,
    *,
    exclude_ids: Container[Any] = (),
    include_warnings: bool = False,
) -> list[Suggestion]:
    """Who meets ``code``'s conditions for ``year`` and is not in
    ``exclude_ids`` (those already registered) nor already awarded it that
    year. ``ok`` results first; with ``include_warnings`` also those that
    only wait for data (e.g. this year's xếp loại), after them. Subjects the
    title does not apply to are skipped. Order within each group is kept."""
    title = rs.get_title(code)
    if title is None:
        return []
    ok: list[Suggestion] = []
    warn: list[Suggestion] = []
    for s in subjects:
        if s.id is not None and s.id in exclude_ids:
            continue
        if subject_kind(s) not in title.subjects:
            continue
        if not isinstance(s, HouseholdProfile) and code in s.awards.get(year, _EMPTY):
            continue
        r = check_title(rs, code, s, year)
        if r.status == OK:
            ok.append(Suggestion(s, r))
        elif include_warnings and r.status == WARNING:
            warn.append(Suggestion(s, r))
    return ok + warn


# ---------------------------------------------------------------------------
# Quotas
# ---------------------------------------------------------------------------


def quota_limit(rule: QuotaRule | None, base_count: int) -> int | None:
    """How many may be proposed: ``pct`` % of ``base_count`` rounded **down**
    (exact), and/or ``max_count``; the smaller when both. ``None``: no cap."""
    if rule is None:
        return None
    limits = []
    if rule.pct is not None:
        limits.append((rule.pct * base_count) // 100)
    if rule.max_count is not None:
        limits.append(rule.max_count)
    return int(min(limits)) if limits else None


@dataclass(frozen=True, slots=True)
class QuotaCheck:
    """The cap of one group. ``overflow`` > 0: that many too many; the
    ``items`` of the group are all flagged — who gives way is the council's
    choice, never made here."""

    limit: int | None
    count: int
    overflow: int
    message: str = ""
    items: tuple = ()

    @property
    def ok(self) -> bool:
        return self.overflow == 0


def check_quota(
    rs: RuleSet,
    code: str,
    registrations: Sequence[Any] | int,
    base_count: int,
    *,
    group_label: str = "",
) -> QuotaCheck:
    """Registrations for ``code`` in one quota group (the whole agency, a
    unit or a cụm/khối, as the rule's ``scope`` says) against the cap
    computed on ``base_count`` (e.g. the number of LĐTT in that group)."""
    title = rs.title(code)
    rule = title.quota
    items = () if isinstance(registrations, int) else tuple(registrations)
    count = registrations if isinstance(registrations, int) else len(items)
    limit = quota_limit(rule, base_count)
    if limit is None or count <= limit:
        return QuotaCheck(limit, count, 0, "", items)
    assert rule is not None
    basis = []
    if rule.pct is not None:
        base_name = rs.title_name(rule.base_title or "")
        basis.append(f"{_pct_label(rule.pct)} % của {base_count} {base_name}, làm tròn xuống")
    if rule.max_count is not None:
        basis.append(
            f"tối đa {rule.max_count} – {QUOTA_SCOPES.get(rule.scope, rule.scope).lower()}"
        )
    prefix = f"{group_label}: " if group_label else ""
    over = count - limit
    msg = (
        f"{prefix}Đăng ký {count} {title.name}, vượt chỉ tiêu {limit} ({'; '.join(basis)}): "
        f"thừa {over}, Hội đồng xem xét chọn"
    )
    return QuotaCheck(limit, count, over, msg, items)


K = TypeVar("K", bound=Hashable)


def check_quota_groups(
    rs: RuleSet,
    code: str,
    registrations: Iterable[Any],
    group_of: Callable[[Any], K],
    base_counts: Mapping[K, int],
    *,
    labels: Mapping[K, str] | None = None,
) -> dict[K, QuotaCheck]:
    """:func:`check_quota` per group (``group_of(registration)``); groups
    missing from ``base_counts`` have a base of 0."""
    groups: dict[K, list[Any]] = {}
    for r in registrations:
        groups.setdefault(group_of(r), []).append(r)
    labels = labels or {}
    return {
        k: check_quota(rs, code, items, base_counts.get(k, 0), group_label=labels.get(k, ""))
        for k, items in groups.items()
    }
