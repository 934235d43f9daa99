"""Versioned rule sets: the catalogue and every number of the rules, as data.

May import the standard library and ``domain.titles`` / ``domain.dates`` only (and ``paths`` to
find the shipped sets). A :class:`RuleSet` carries its legal basis (căn cứ pháp lý), the date
it takes effect, its scope (national, a province, an agency), the titles catalogue
(:class:`~thidua_desktop.domain.titles.Title`) and the numeric parameters
(:class:`RuleParams`). The national defaults ship as JSON in ``resources/rules/``
(``national-2024.json``, ``national-2025.json``); the user copies a set
(:func:`copy_ruleset`), edits it and saves it as JSON.

Modules, each importing only those before it
--------------------------------------------
``params``     the numbers: each parameter's spec and the national defaults
``catalogue``  a titles catalogue row (and its quota) to and from JSON
``ruleset``    :class:`RuleSet` and :class:`Scope`; JSON form, validation, loading, the shipped sets
``versions``   the set in force for a year (:func:`pick_ruleset`), copies and edited versions

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

from .params import (
    AWARD_BOOK_NUMBERING,
    PARAM_SPECS,
    RETIRED_PARAMS,
    TIE_BREAKS,
    ParamSpec,
    RuleParams,
)
from .ruleset import (
    FORMAT,
    FORMAT_VERSION,
    NATIONAL,
    SCOPE_KINDS,
    RuleSet,
    RuleSetError,
    Scope,
    builtin_rulesets,
    load_ruleset,
    load_rulesets_dir,
    ruleset_to_dict,
    save_ruleset,
    slugify,
    validate_ruleset_dict,
)
from .versions import (
    NoRuleSetError,
    copy_ruleset,
    newer_national,
    pick_ruleset,
    with_params,
    with_title,
)

__all__ = [
    "AWARD_BOOK_NUMBERING",
    "FORMAT",
    "FORMAT_VERSION",
    "NATIONAL",
    "PARAM_SPECS",
    "RETIRED_PARAMS",
    "SCOPE_KINDS",
    "TIE_BREAKS",
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
