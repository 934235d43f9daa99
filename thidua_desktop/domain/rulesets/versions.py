"""Which version of the rules applies, and new versions made from one: :func:`pick_ruleset`,
:func:`newer_national`, :func:`copy_ruleset`, :func:`with_params`, :func:`with_title`.

Imports :mod:`.ruleset` and what it builds on.

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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..titles import QuotaRule, number_to_json
from .catalogue import _quota_to_dict
from .params import _SPEC_BY_NAME, _param_to_json
from .ruleset import (
    SCOPE_KINDS,
    RuleSet,
    RuleSetError,
    Scope,
    load_ruleset,
    ruleset_to_dict,
    slugify,
)


class NoRuleSetError(LookupError):
    """No rule set is in force for the year asked (message in Vietnamese)."""


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


# ---------------------------------------------------------------------------
# Copying, editing
# ---------------------------------------------------------------------------


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
