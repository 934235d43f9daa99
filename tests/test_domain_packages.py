"""The domain packages split by issue 17 (eligibility, rulesets, vntext): each module
imports only the modules before it in its package's order, so there is no import
circle; the domain imports nothing but the standard library and itself; and every
name code and tests imported from the old single modules still comes from the package."""
from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest
from test_architecture import _imported, _module_name
from test_architecture import _imports as _statements

import thidua_desktop.domain

DOMAIN = Path(thidua_desktop.domain.__file__).parent

#: each package's modules in dependency order: a module may import only those before it
ORDER = {
    "eligibility": ["profiles", "conditions", "individual", "collective", "commendations", "dispatch", "quotas"],
    "rulesets": ["params", "catalogue", "ruleset", "versions"],
    "vntext": ["normalise", "letters", "collation", "syllables", "legacy", "capitals"],
}

#: what ``from thidua_desktop.domain.<package> import X`` gave before the split
PUBLIC = {
    "eligibility": """BASES BLOCKED OK REVIEW_KINDS WARNING AwardRecord add_award batch Discipline
        Eligibility HouseholdProfile Initiative PendingReview PersonProfile QuotaCheck Suggestion
        UnitProfile YearEvaluation check_bk_tinh check_bk_ttg check_co_tinh check_cstd_tinh check_cstd_tq
        check_cstdcs check_gk check_ldtt check_quota check_quota_groups check_title check_titles
        check_ttldtt check_ttldxs disciplined_in_year quota_limit subject_kind suggest ELIGIBLE Subject""",
    "rulesets": """FORMAT FORMAT_VERSION PARAM_SPECS SCOPE_KINDS TIE_BREAKS AWARD_BOOK_NUMBERING
        NoRuleSetError ParamSpec RuleParams RuleSet RuleSetError Scope builtin_rulesets copy_ruleset
        load_ruleset load_rulesets_dir newer_national pick_ruleset ruleset_to_dict save_ruleset slugify
        validate_ruleset_dict with_params with_title NATIONAL RETIRED_PARAMS""",
    "vntext": """LEGACY_ENCODINGS TCVN3_TABLE VNI_TABLE clean collation_key convert_legacy detect_legacy
        detect_legacy_many fix_legacy legacy_encoding_for_font is_capitals name_sort_key nfc search_key
        search_key_cached split_name strip_accents unit_name_case""",
}


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module, line) of every import of the module at ``path``, lazy ones included."""
    name = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(target, node.lineno) for node in _statements(tree) for target in _imported(name, node)]


@pytest.mark.parametrize("package", sorted(ORDER))
def test_modules_import_only_those_before_them(package):
    folder = DOMAIN / package
    order = ORDER[package]
    assert sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__") == sorted(order)
    prefix = f"thidua_desktop.domain.{package}."
    for i, name in enumerate(order):
        for module, line in _imports(folder / f"{name}.py"):
            if module.startswith(prefix):
                other = module[len(prefix):].split(".")[0]
                assert other in order[:i], f"{package}/{name}.py:{line} imports {other}, not before it"


def test_domain_imports_only_the_standard_library_and_itself():
    for path in sorted(DOMAIN.rglob("*.py")):
        for module, line in _imports(path):
            top = module.split(".")[0]
            if top == "thidua_desktop":
                # the rule sets shipped with the program are found through paths, like every resource
                assert module.startswith("thidua_desktop.domain") or module == "thidua_desktop.paths", (
                    f"{path.relative_to(DOMAIN)}:{line} imports {module}"
                )
            else:
                assert top in sys.stdlib_module_names or top == "__future__", (
                    f"{path.relative_to(DOMAIN)}:{line} imports {module}"
                )


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_public_names_still_come_from_the_package(package):
    module = importlib.import_module(f"thidua_desktop.domain.{package}")
    names = PUBLIC[package].split()
    assert set(names) <= set(module.__all__)
    assert [n for n in module.__all__ if not hasattr(module, n)] == []
    # each is the object its family module defines, not a copy
    for n in names:
        obj = getattr(module, n)
        owner = getattr(obj, "__module__", None)
        if owner is not None and owner.startswith(f"thidua_desktop.domain.{package}."):
            assert getattr(importlib.import_module(owner), n, obj) is obj
