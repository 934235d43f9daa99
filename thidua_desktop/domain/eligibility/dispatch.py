"""One title for many subjects: :func:`check_title` and :func:`check_titles` find the family's
check by title code and subject kind, add “already awarded this year”, check people whose
records are the same objects once, and share equal results.

Imports the family modules (:mod:`.individual`, :mod:`.collective`, :mod:`.commendations`)
and what they build on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..rulesets import RuleSet
from ..titles import CA_NHAN, HO_GIA_DINH, SUBJECTS, TAP_THE
from .collective import check_co_tinh, check_ttldtt, check_ttldxs
from .commendations import check_bk_tinh, check_bk_ttg, check_gk
from .conditions import _Acc, _person_common, _reviews, _unit_common
from .individual import check_cstd_tinh, check_cstd_tq, check_cstdcs, check_ldtt
from .profiles import (
    BLOCKED,
    Eligibility,
    HouseholdProfile,
    PersonProfile,
    Subject,
    UnitProfile,
    subject_kind,
)


_PERSON_CHECKS: Mapping[str, Callable[[PersonProfile, int, RuleSet], Eligibility]] = {
    "LDTT": check_ldtt,
    "CSTDCS": check_cstdcs,
    "CSTD_TINH": check_cstd_tinh,
    "CSTD_TQ": check_cstd_tq,
}

_UNIT_CHECKS: Mapping[str, Callable[[UnitProfile, int, RuleSet], Eligibility]] = {
    "TTLDTT": check_ttldtt,
    "TTLDXS": check_ttldxs,
    "CO_TINH": check_co_tinh,
}

_FORM_CHECKS = {"GK": check_gk, "BK_TINH": check_bk_tinh, "BK_TTG": check_bk_ttg}

_CHECKS: Mapping[tuple[str, str], Callable[[Any, int, RuleSet], Eligibility]] = {
    **{(CA_NHAN, c): f for c, f in _PERSON_CHECKS.items()},
    **{(TAP_THE, c): f for c, f in _UNIT_CHECKS.items()},
}

_KIND_BY_TYPE = {PersonProfile: CA_NHAN, UnitProfile: TAP_THE, HouseholdProfile: HO_GIA_DINH}


def check_title(
    rs: RuleSet,
    code: str,
    subject: Subject,
    year: int,
    *,
    basis: str = "cong_trang",
) -> Eligibility:
    """Eligibility of ``subject`` for title ``code`` in ``year`` under ``rs``.

    Adds to the title's own check: the title must apply to the subject kind
    (blocked otherwise), and an award of the same title already in the
    history for that year is a warning. Codes without a built-in check (a
    rule set's own titles) only get the review/discipline checks and a
    warning that the council checks them by hand."""
    return check_titles(rs, code, (subject,), year, basis=basis)[0]


def check_titles(
    rs: RuleSet,
    code: str,
    subjects: Iterable[Subject],
    year: int,
    *,
    basis: str = "cong_trang",
    own_decisions: Sequence[str | None] | None = None,
) -> list[Eligibility]:
    """:func:`check_title` of each subject for the same title, year and basis:
    the title and each subject kind's check are looked up once, and equal
    results share one object (many rows read alike: “Đã có … năm …”).

    ``own_decisions`` (beside ``subjects``, when the subjects are
    registrations) is the number of the decision each registration itself is
    in, or ``None``: an award of the title that year written by that decision
    is the registration's own award, not a second one, and adds no warning.
    An award of the same title and year from any other decision still does.

    A person's result depends only on their records (xếp loại, awards,
    initiatives, kỷ luật, reviews), never on who they are; people without
    kỷ luật or reviews whose records are the *same objects* (a loader
    shares each distinct history, see ``PersonProfile``) are checked once."""
    subjects = list(subjects)  # held until the end: ids below stay their own
    title = rs.get_title(code)
    resolved: dict[type, tuple[Callable[[Any, int, RuleSet], Eligibility], bool]] = {}
    awarded: dict[tuple[int, str], tuple[Eligibility, Eligibility]] = {}  # (id(result), decision) → (result, with the note)
    same_records: dict[tuple[int, int, int], Eligibility] = {}
    out: list[Eligibility] = []
    for i, subject in enumerate(subjects):
        entry = resolved.get(type(subject))
        if entry is None:
            entry = resolved[type(subject)] = _title_check(rs, code, title, subject, basis)
        check, with_awards = entry
        result = None
        if type(subject) is PersonProfile and not subject.reviews and not subject.disciplines:
            records: tuple[int, int, int] | None = (
                id(subject.evaluations), id(subject.awards), id(subject.initiatives)
            )
            result = same_records.get(records)  # type: ignore[arg-type]
        else:
            records = None
        if result is None:
            result = check(subject, year, rs)
            if records is not None:
                same_records[records] = result
        if with_awards:
            by_year = subject.awards.get(year)  # type: ignore[union-attr]
            if by_year:
                rec = by_year.get(code)
                if rec is not None and not (
                    own_decisions is not None and own_decisions[i] is not None
                    and own_decisions[i] == rec.decision_no
                ):
                    key = (id(result), rec.decision_no)
                    hit = awarded.get(key)
                    if hit is None:
                        acc = _Acc()
                        acc.merge(result)
                        so = f" (QĐ số {rec.decision_no})" if rec.decision_no else ""
                        acc.warn(f"Đã có {title.name} năm {year}{so}")  # type: ignore[union-attr]
                        hit = awarded[key] = (result, acc.result())  # the result is kept: its id stays its own
                    result = hit[1]
        out.append(result)
    return out


def _title_check(
    rs: RuleSet, code: str, title: Any, subject: Subject, basis: str
) -> tuple[Callable[[Any, int, RuleSet], Eligibility], bool]:
    """The check of ``title`` for subjects of ``subject``'s kind, and whether
    an award already in their history adds its warning."""
    kind = _KIND_BY_TYPE.get(type(subject)) or subject_kind(subject)
    if title is None:
        missing = Eligibility(BLOCKED, (f"Bộ quy tắc “{rs.name}” không có danh hiệu/hình thức {code}",))
        return (lambda s, y, r: missing), False
    if kind not in title.subjects:
        wrong = Eligibility(BLOCKED, (f"{title.name} không xét cho {SUBJECTS[kind].lower()}",))
        return (lambda s, y, r: wrong), False
    check = _CHECKS.get((kind, code))
    if check is None and code in _FORM_CHECKS:
        check = functools.partial(_FORM_CHECKS[code], basis=basis)
    if check is None:

        def check(s: Any, y: int, r: RuleSet) -> Eligibility:
            acc = _Acc()
            if isinstance(s, PersonProfile):
                _person_common(acc, s, y, r)
            elif isinstance(s, UnitProfile):
                _unit_common(acc, s, y, r)
            else:
                _reviews(acc, s.reviews)
            acc.warn(f"Chưa có quy tắc kiểm tra tự động cho {title.name}; Hội đồng xem xét")
            return acc.result()

    return check, kind != HO_GIA_DINH
