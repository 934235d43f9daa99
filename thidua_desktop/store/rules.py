"""Rule sets stored in the data file (the user's copies), beside the built-in
national ones shipped in ``resources/rules``.

A rule set copied and edited by the user (a province's 70 %, an agency cap)
lives in the data file, so it travels with the data and its backups.
"""
from __future__ import annotations

import json

import sqlite_utils

from ..domain.models import OrgSettings
from ..domain.rulesets import (
    RuleSet,
    RuleSetError,
    Scope,
    builtin_rulesets,
    load_ruleset,
    pick_ruleset,
    ruleset_to_dict,
)
from .records import ValidationError, _now, get_settings


def stored_rulesets(db: sqlite_utils.Database) -> list[RuleSet]:
    out = []
    for row in db.query("SELECT id, data FROM rulesets ORDER BY id"):
        out.append(load_ruleset(json.loads(row["data"])))
    return out


def all_rulesets(db: sqlite_utils.Database) -> list[RuleSet]:
    """Built-in sets first, then the user's."""
    return [*builtin_rulesets(), *stored_rulesets(db)]


def save_ruleset(db: sqlite_utils.Database, rs: RuleSet) -> str:
    """Store a user rule set (insert or replace by id). Built-in ids are refused."""
    if rs.builtin or rs.id in {b.id for b in builtin_rulesets()}:
        raise ValidationError(["Không sửa được bộ quy tắc có sẵn; hãy sao chép rồi sửa bản sao"])
    if errs := rs.errors():
        raise ValidationError(errs)
    data = json.dumps(ruleset_to_dict(rs), ensure_ascii=False)
    with db.atomic():
        db["rulesets"].upsert({"id": rs.id, "data": data, "updated_at": _now()}, pk="id")
    return rs.id


def delete_ruleset(db: sqlite_utils.Database, ruleset_id: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM rulesets WHERE id = ?", [ruleset_id])


def agency_scopes(settings: OrgSettings) -> list[Scope]:
    """The agency's own scopes, most specific first: the agency, then its province."""
    scopes = []
    if settings.co_quan:
        scopes.append(Scope("agency", settings.co_quan))
    if settings.dia_danh:
        scopes.append(Scope("province", settings.dia_danh))
    return scopes


def with_title_names(db: sqlite_utils.Database, rows) -> list[dict]:
    """Rows with a year (``nam``) and a title code (``ma``) as dicts, each with
    ``ten_ma``: the title's name in the rule set of its year (the code when no
    rule set covers that year)."""
    names: dict[int, RuleSet | None] = {}
    out = []
    for r in rows:
        row = dict(r)
        if row["nam"] not in names:
            try:
                names[row["nam"]] = ruleset_for_year(db, row["nam"])
            except ValidationError:
                names[row["nam"]] = None
        rs = names[row["nam"]]
        row["ten_ma"] = rs.title_name(row["ma"]) if rs is not None else row["ma"]
        out.append(row)
    return out


def ruleset_for_year(db: sqlite_utils.Database, year: int) -> RuleSet:
    """The set in force for ``year`` for this agency (its own, its province's, or national)."""
    try:
        return pick_ruleset(all_rulesets(db), year, agency_scopes(get_settings(db)))
    except (RuleSetError, LookupError) as exc:
        raise ValidationError([str(exc)]) from exc
