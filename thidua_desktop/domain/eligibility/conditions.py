"""Eligibility for each danh hiệu / hình thức, quotas and suggestions.

Pure Python, standard library only. Small functions over plain input
dataclasses; every number comes from a :class:`.rulesets.RuleSet`.

Inputs
------
Build one :class:`PersonProfile` per person (:meth:`PersonProfile.build`
groups the raw rows into ``year → data`` dicts once) and one
:class:`UnitProfile` per unit and year considered (its ``members`` are the
profiles of the people in the unit that year). A check then costs a few dict
look-ups: no history is scanned per call, so 200,000 registrations recompute
in well under a second (see the timing in the session report).

Results
-------
:class:`Eligibility` — ``status`` ``"ok"`` | ``"warning"`` | ``"blocked"`` and
Vietnamese ``reasons`` (blocking reasons first). The policy:

* **blocked** — a condition is known to fail: a past year missing from a
  chain ("Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở: thiếu năm 2024"), a
  xếp loại below the one required, too few months, disciplined in the year,
  under discipline review / inspection / investigation / complaint
  ("Đang bị xem xét kỷ luật"), a collective below a percentage.
* **warning** — the data to decide is not there yet, typically because the
  year considered is still running or decided in the same round: no xếp loại
  for the year yet ("Chưa có xếp loại Hoàn thành tốt nhiệm vụ năm 2026"), a
  same-year prerequisite that is satisfiable but not decided ("Chờ quyết định
  công nhận Lao động tiên tiến năm 2026 (xét cùng đợt)"), an initiative not yet
  recognised, members without data; and every condition of the rules marked
  warning-level (Cờ thi đua: ranking of the cụm/khối; Giấy khen: xếp loại;
  Bằng khen Thủ tướng unless ``bk_ttg_blocking``); and "already awarded this
  year" (unless that history entry came from the row's own decision:
  ``check_titles(own_decisions=…)``).
* **ok** — everything known holds.

Decisions where ``domain.md`` is silent (documented here, applied below):

* "Consecutive" chains end in the year considered; past years must be in
  the award history (``basis == "cong_trang"`` only — đột xuất and chuyên đề
  awards never count as a basis); the year considered counts when it is in
  the history, or is *pending* (warning) when that year's own title is not
  blocked. The message names every missing year.
* Disciplined "in the year": the discipline's effect period — ``date_from``
  to ``date_to``, or ``date_from`` plus ``discipline_effect_months`` of the
  rule set when ``date_to`` is empty — overlaps the calendar year. Blocks
  every title for an individual (danh hiệu and hình thức alike).
* Initiatives count in the years of the chain they support: CSTĐCS the year
  itself; CSTĐ cấp tỉnh the last ``cstd_tinh_initiative_window`` years (3);
  CSTĐ toàn quốc ``cstd_tq_initiative_window`` (6); Bằng khen tỉnh the years
  of the HTXSNV chain. A higher level satisfies a lower one. An initiative
  with ``level=None`` is registered but not recognised yet (warning).
* Collectives: a member counts as reaching LĐTT when the history has it, or
  is *pending* when the LĐTT check is ok but undecided (warning), *unknown*
  when the LĐTT check only warns (missing data). Percentages compare
  ``count * 100 >= pct * total`` exactly; the percentage shown is rounded
  for display only (never across the threshold).
* Bằng khen tỉnh for an individual passes on either path (2 CSTĐCS, or 2
  HTXSNV years with 2 initiatives); đột xuất / chuyên đề proposals
  (``basis``) skip the yearly conditions with a warning for the thẩm định.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import (
    Callable,
    Container,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from ..rulesets import RuleSet
from ..titles import (
    CA_NHAN,
    DISCIPLINE_FORMS,
    DISCIPLINE_RANK,
    NO_DISCIPLINE_CONDITION,
    HO_GIA_DINH,
    INITIATIVE_LEVEL_RANK,
    INITIATIVE_LEVELS,
    QUOTA_SCOPES,
    SUBJECTS,
    TAP_THE,
    XEP_LOAI,
    XEP_LOAI_RANK,
    QuotaRule,
    format_pct,
    number_to_json,
)

__all__ = [
    "BASES",
    "BLOCKED",
    "OK",
    "REVIEW_KINDS",
    "WARNING",
    "AwardRecord",
    "add_award",
    "batch",
    "Discipline",
    "Eligibility",
    "HouseholdProfile",
    "Initiative",
    "PendingReview",
    "PersonProfile",
    "QuotaCheck",
    "Suggestion",
    "UnitProfile",
    "YearEvaluation",
    "check_bk_tinh",
    "check_bk_ttg",
    "check_co_tinh",
    "check_cstd_tinh",
    "check_cstd_tq",
    "check_cstdcs",
    "check_gk",
    "check_ldtt",
    "check_quota",
    "check_quota_groups",
    "check_title",
    "check_titles",
    "check_ttldtt",
    "check_ttldxs",
    "disciplined_in_year",
    "quota_limit",
    "subject_kind",
    "suggest",
]

OK, WARNING, BLOCKED = "ok", "warning", "blocked"

#: What a proposal rests on: yearly merit, a chuyên đề campaign, a sudden
#: achievement. Only ``cong_trang`` awards count as the basis of higher ones.
BASES: Mapping[str, str] = MappingProxyType(
    {
        "cong_trang": "Công trạng, thành tích hằng năm",
        "chuyen_de": "Theo chuyên đề, đợt thi đua",
        "dot_xuat": "Đột xuất",
    }
)

#: Pending matters that block every proposal (Luật 2022 Đ.5, NĐ 152/2025 Đ.4).
REVIEW_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "ky_luat": "Đang bị xem xét kỷ luật",
        "thanh_tra": "Đang bị thanh tra, kiểm tra",
        "dieu_tra": "Đang bị điều tra",
        "khieu_nai": "Đang có đơn thư khiếu nại, tố cáo chưa được giải quyết",
    }
)

_EMPTY: Mapping = MappingProxyType({})
_HTXSNV = XEP_LOAI_RANK["HTXSNV"]
_HTNV_RANK = XEP_LOAI_RANK["HTNV"]

# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearEvaluation:
    """A person's yearly đánh giá, xếp loại.

    ``months_worked`` excludes maternity leave, given apart in
    ``maternity_months`` (counted as worked when the rule set says so);
    ``None`` means not known (a warning for LĐTT)."""

    year: int
    xep_loai: str | None = None  # XEP_LOAI code; None = not rated yet
    months_worked: int | None = 12
    maternity_months: int = 0


@dataclass(frozen=True, slots=True)
class Discipline:
    """A decided kỷ luật. ``date_to`` is the end of its effect; empty means
    ``date_from`` + the rule set's ``discipline_effect_months`` for the form."""

    form: str  # DISCIPLINE_FORMS code
    date_from: dt.date
    date_to: dt.date | None = None
    decision_no: str = ""


@dataclass(frozen=True, slots=True)
class PendingReview:
    """An open matter: discipline review, inspection, investigation or
    complaint. Only pass the ones still open; each blocks every proposal."""

    kind: str = "ky_luat"  # REVIEW_KINDS code
    since: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class AwardRecord:
    """One line of award history (imported, typed, or made by a decision)."""

    year: int
    code: str
    decision_no: str = ""
    decision_date: dt.date | None = None
    basis: str = "cong_trang"  # BASES


@dataclass(frozen=True, slots=True)
class Initiative:
    """A sáng kiến (or accepted research, ``kind="de_tai"``) of a person.
    ``level`` None: registered, not (yet) recognised."""

    year: int
    level: str | None = "co_so"  # INITIATIVE_LEVELS code or None
    kind: str = "sang_kien"
    title: str = ""
    decision_no: str = ""


def add_award(by_year: dict[int, dict[str, AwardRecord]], a: AwardRecord) -> None:
    """Put ``a`` into a history keyed ``year → code``: one per code and year,
    a công trạng award winning over đột xuất / chuyên đề."""
    slot = by_year.get(a.year)
    if slot is None:
        by_year[a.year] = {a.code: a}
        return
    old = slot.get(a.code)
    if old is None or (old.basis != "cong_trang" and a.basis == "cong_trang"):
        slot[a.code] = a


def _group_awards(awards: Iterable[AwardRecord]) -> Mapping[int, Mapping[str, AwardRecord]]:
    by_year: dict[int, dict[str, AwardRecord]] = {}
    for a in awards:
        add_award(by_year, a)
    return by_year


@dataclass(frozen=True, slots=True)
class PersonProfile:
    """Everything the checks read about one person, keyed by year."""

    id: Any = None
    name: str = ""
    gender: str | None = None  # "nam" | "nu"
    evaluations: Mapping[int, YearEvaluation] = field(default_factory=dict)
    awards: Mapping[int, Mapping[str, AwardRecord]] = field(default_factory=dict)
    initiatives: Mapping[int, tuple[Initiative, ...]] = field(default_factory=dict)
    disciplines: tuple[Discipline, ...] = ()
    reviews: tuple[PendingReview, ...] = ()

    @classmethod
    def build(
        cls,
        id: Any = None,
        name: str = "",
        gender: str | None = None,
        *,
        evaluations: Iterable[YearEvaluation] = (),
        awards: Iterable[AwardRecord] = (),
        initiatives: Iterable[Initiative] = (),
        disciplines: Iterable[Discipline] = (),
        reviews: Iterable[PendingReview] = (),
    ) -> PersonProfile:
        """Group flat rows (as the store returns them) by year, once."""
        inits: dict[int, list[Initiative]] = {}
        for i in initiatives:
            inits.setdefault(i.year, []).append(i)
        return cls(
            id=id,
            name=name,
            gender=gender,
            evaluations={e.year: e for e in evaluations},
            awards=_group_awards(awards),
            initiatives={y: tuple(v) for y, v in inits.items()},
            disciplines=tuple(disciplines),
            reviews=tuple(reviews),
        )


@dataclass(frozen=True, slots=True)
class UnitProfile:
    """A collective for the year considered: its own xếp loại and history,
    and the profiles of its members that year.

    ``members`` are everyone the collective counts: its own people first,
    then the members of each of ``parts`` (the collectives under it, e.g. a
    Trung tâm's trạm) in order. :meth:`build` assembles them so; the member
    counts of a unit are then its own people's plus its parts' (remembered
    inside a :func:`batch`), not a walk over everyone below it again."""

    id: Any = None
    name: str = ""
    evaluations: Mapping[int, str] = field(default_factory=dict)  # year → XEP_LOAI code of the unit
    awards: Mapping[int, Mapping[str, AwardRecord]] = field(default_factory=dict)
    members: tuple[PersonProfile, ...] = ()
    cluster_rank: Mapping[int, int] = field(
        default_factory=dict
    )  # year → rank in its cụm/khối (1 = leads)
    disciplines: tuple[Discipline, ...] = ()  # kỷ luật of the collective itself
    reviews: tuple[PendingReview, ...] = ()
    parts: tuple[UnitProfile, ...] = ()  # collectives under this one; their members end ``members``

    @classmethod
    def build(
        cls,
        id: Any = None,
        name: str = "",
        *,
        evaluations: Mapping[int, str] | None = None,
        awards: Iterable[AwardRecord] = (),
        members: Iterable[PersonProfile] = (),
        cluster_rank: Mapping[int, int] | None = None,
        disciplines: Iterable[Discipline] = (),
        reviews: Iterable[PendingReview] = (),
        parts: Iterable[UnitProfile] = (),
    ) -> UnitProfile:
        """``members``: the unit's own people; those of ``parts`` are added after them."""
        parts = tuple(parts)
        everyone = list(members)
        for part in parts:
            everyone += part.members
        return cls(
            id=id,
            name=name,
            evaluations=dict(evaluations or {}),
            awards=_group_awards(awards),
            members=tuple(everyone),
            cluster_rank=dict(cluster_rank or {}),
            disciplines=tuple(disciplines),
            reviews=tuple(reviews),
            parts=parts,
        )

    @property
    def own_members(self) -> tuple[PersonProfile, ...]:
        """The members not counted through ``parts``."""
        if not self.parts:
            return self.members
        return self.members[: len(self.members) - sum(len(p.members) for p in self.parts)]

    @property
    def women_count(self) -> int:
        return sum(1 for m in self.members if m.gender == "nu")


@dataclass(frozen=True, slots=True)
class HouseholdProfile:
    """A hộ gia đình (Giấy khen only)."""

    id: Any = None
    name: str = ""
    reviews: tuple[PendingReview, ...] = ()


Subject = PersonProfile | UnitProfile | HouseholdProfile


def subject_kind(subject: Subject) -> str:
    """``ca_nhan`` | ``tap_the`` | ``ho_gia_dinh``."""
    if isinstance(subject, PersonProfile):
        return CA_NHAN
    if isinstance(subject, UnitProfile):
        return TAP_THE
    if isinstance(subject, HouseholdProfile):
        return HO_GIA_DINH
    raise TypeError(f"Không xét được đối tượng kiểu {type(subject).__name__}")


# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Eligibility:
    status: str  # OK | WARNING | BLOCKED
    blocking: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """Vietnamese reasons, blocking ones first."""
        return self.blocking + self.warnings

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def blocked(self) -> bool:
        return self.status == BLOCKED

    @property
    def text(self) -> str:
        """All reasons on one line, for a table cell."""
        return "; ".join(self.reasons)


ELIGIBLE = Eligibility(OK)


class _Acc:
    """Collects reasons (order kept, duplicates dropped)."""

    __slots__ = ("blocking", "warnings")

    def __init__(self) -> None:
        self.blocking: list[str] = []
        self.warnings: list[str] = []

    def block(self, msg: str) -> None:
        if msg not in self.blocking:
            self.blocking.append(msg)

    def warn(self, msg: str) -> None:
        if msg not in self.warnings:
            self.warnings.append(msg)

    def add(self, severity: str, msg: str) -> None:
        (self.block if severity == BLOCKED else self.warn)(msg)

    def merge(self, other: Eligibility | _Acc, *, demote: bool = False) -> None:
        for m in other.blocking:
            (self.warn if demote else self.block)(m)
        for m in other.warnings:
            self.warn(m)

    def result(self) -> Eligibility:
        if self.blocking:
            return Eligibility(BLOCKED, tuple(self.blocking), tuple(self.warnings))
        if self.warnings:
            return Eligibility(WARNING, (), tuple(self.warnings))
        return ELIGIBLE


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _pct_label(pct: Any) -> str:
    return str(number_to_json(pct)).replace(".", ",")


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def _has_award(subject: PersonProfile | UnitProfile, year: int, code: str) -> bool:
    rec = subject.awards.get(year, _EMPTY).get(code)
    return rec is not None and rec.basis == "cong_trang"


def _add_months(d: dt.date, months: int) -> dt.date:
    m0 = d.month - 1 + months
    y, m = d.year + m0 // 12, m0 % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m, day)
        except ValueError:
            continue
    raise AssertionError  # pragma: no cover


def _effect_end(d: Discipline, rs: RuleSet) -> dt.date:
    if d.date_to is not None:
        return d.date_to
    months = rs.params.discipline_effect_months.get(d.form, 12)
    if months <= 0:
        return d.date_from
    return _add_months(d.date_from, months) - dt.timedelta(days=1)


def disciplined_in_year(
    disciplines: Sequence[Discipline], year: int, rs: RuleSet, min_form: str | None = None
) -> Discipline | None:
    """The heaviest discipline whose effect overlaps ``year`` (at least
    ``min_form`` when given), or ``None``."""
    if not disciplines:
        return None
    floor = DISCIPLINE_RANK.get(min_form, 0) if min_form else 0
    worst = None
    for d in disciplines:
        rank = DISCIPLINE_RANK.get(d.form, len(DISCIPLINE_RANK))
        if rank < floor or d.date_from.year > year:
            continue
        if _effect_end(d, rs).year < year:
            continue
        if worst is None or rank > DISCIPLINE_RANK.get(worst.form, 0):
            worst = d
    return worst


def _form_label(form: str) -> str:
    return DISCIPLINE_FORMS.get(form, form)


def _reviews(acc: _Acc, reviews: Sequence[PendingReview], prefix: str = "") -> None:
    for r in reviews:
        msg = REVIEW_KINDS.get(r.kind, REVIEW_KINDS["ky_luat"])
        acc.block(f"{prefix}{msg[0].lower()}{msg[1:]}" if prefix else msg)


def _person_common(acc: _Acc, p: PersonProfile, year: int, rs: RuleSet) -> None:
    if p.reviews:
        _reviews(acc, p.reviews)
    if p.disciplines:
        d = disciplined_in_year(p.disciplines, year, rs)
        if d is not None:
            acc.block(f"Bị kỷ luật {_form_label(d.form)} năm {year}")


def _unit_common(acc: _Acc, u: UnitProfile, year: int, rs: RuleSet) -> None:
    if u.reviews:
        _reviews(acc, u.reviews, prefix="Tập thể ")
    if u.disciplines:
        d = disciplined_in_year(u.disciplines, year, rs)
        if d is not None:
            acc.block(f"Tập thể bị kỷ luật {_form_label(d.form)} năm {year}")


def _xep_loai(p: PersonProfile, year: int) -> str | None:
    ev = p.evaluations.get(year)
    return ev.xep_loai if ev is not None else None


def _require_xep_loai(
    acc: _Acc,
    xl: str | None,
    need: str,
    year: int,
    *,
    unit: bool = False,
    low_severity: str = BLOCKED,
) -> None:
    """Missing → warning; below ``need`` → ``low_severity``."""
    if xl is None:
        head = "Đơn vị chưa có" if unit else "Chưa có"
        acc.warn(f"{head} xếp loại {XEP_LOAI[need]} năm {year}")
    elif XEP_LOAI_RANK.get(xl, -1) < XEP_LOAI_RANK[need]:
        label = XEP_LOAI.get(xl, xl)
        whose = "của đơn vị " if unit else ""
        acc.add(
            low_severity, f"Xếp loại {whose}năm {year} là {label}, cần {XEP_LOAI[need]} trở lên"
        )


def _consecutive(
    acc: _Acc,
    year: int,
    n: int,
    label: str,
    has: Callable[[int], bool],
    current: Callable[[], Eligibility] | None,
    pending_msg: str | None,
) -> bool:
    """``n`` consecutive years of ``label`` ending in ``year``. Past years
    must satisfy ``has``; the year itself may instead be pending: ``current``
    tells whether it can still be reached (warning) or not (blocked)."""
    missing = [y for y in range(year - n + 1, year) if not has(y)]
    cur = None
    if not has(year):
        cur = current() if current is not None else None
        if cur is None or cur.status == BLOCKED:
            missing.append(year)
    if missing:
        acc.block(f"Chưa đủ {n} năm liên tục {label}: thiếu năm {_years(missing)}")
        if cur is not None and cur.status == BLOCKED:
            acc.merge(cur)
        return False
    if cur is not None:
        if pending_msg:
            acc.warn(pending_msg)
        acc.merge(cur)
    return True


def _initiatives(
    acc: _Acc,
    p: PersonProfile,
    year: int,
    window: int,
    level: str,
    need: int = 1,
) -> bool:
    """At least ``need`` initiatives recognised at ``level`` or above in the
    last ``window`` years."""
    floor = INITIATIVE_LEVEL_RANK[level]
    first = year - window + 1
    got = pending = 0
    if p.initiatives:
        for y in range(first, year + 1):
            for i in p.initiatives.get(y, ()):
                if i.level is None:
                    pending += 1
                elif INITIATIVE_LEVEL_RANK.get(i.level, 0) >= floor:
                    got += 1
    if got >= need:
        return True
    period = str(year) if window == 1 else f"{first}–{year}"
    scope = "được công nhận" if level == "co_so" else f"có {INITIATIVE_LEVELS[level]}"
    if need == 1:
        msg = (
            f"Chưa có sáng kiến {scope} ({period})"
            if window > 1
            else f"Chưa có sáng kiến {scope} năm {year}"
        )
    else:
        msg = f"Chưa đủ {need} sáng kiến {scope} ({period}): mới có {got}"
    if got + pending >= need:
        acc.warn(f"{msg}; có {pending} sáng kiến chưa được công nhận")
    else:
        acc.block(msg)
    return False


def _share(
    acc: _Acc,
    what: str,
    reached: int,
    pending: int,
    unknown: int,
    total: int,
    pct: Any,
    year: int,
    pending_label: str,
) -> None:
    """``reached`` (+ ``pending`` undecided, + ``unknown`` without data) of
    ``total`` members against ``pct`` %, exactly (in integers: ``pct`` is
    a rational, ``count * 100 >= pct * total`` is compared cross-multiplied)."""
    num, den = _ratio(pct)
    need = num * total
    if reached * 100 * den >= need:
        return
    possible = reached + pending
    if possible * 100 * den >= need:
        acc.warn(
            f"{pending_label} năm {year} của {pending}/{total} cá nhân chưa có quyết định (xét cùng đợt)"
        )
        return
    need_text = "100 %" if pct == 100 else f"≥ {_pct_label(pct)} %"
    msg = (
        f"Đơn vị mới có {possible}/{total} cá nhân {what} "
        f"({format_pct(possible, total, pct)}), cần {need_text}"
    )
    if unknown:
        msg += f"; {unknown} cá nhân chưa đủ dữ liệu năm {year}"
    if (possible + unknown) * 100 * den >= need:
        acc.warn(msg)
    else:
        acc.block(msg)


def _ratio(pct: Any) -> tuple[int, int]:
    """``pct`` as an exact (numerator, positive denominator)."""
    try:
        return pct.numerator, pct.denominator  # int, Fraction
    except AttributeError:
        return pct.as_integer_ratio()  # float, Decimal


# ---------------------------------------------------------------------------
# Individuals
# ---------------------------------------------------------------------------


#: While a :func:`batch` is open: (check, id(person), year, id(rule set)) → result.
_MEMO: dict | None = None


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Remember the results other checks repeat while checking many
    registrations at once: the CSTĐCS check and the LĐTT check that has
    something to report — keyed by what they read (the year's xếp loại, the
    LĐTT award), so everyone alike shares one result; by person when they
    have reviews, discipline or initiatives — and each unit's member counts
    in a year. A plain LĐTT pass is not remembered: it costs less than the
    look-up. Results are pure functions of (profile, year, rule set), which
    must not change inside the block."""
    global _MEMO
    outer = _MEMO
    if outer is None:
        _MEMO = {}
    try:
        yield
    finally:
        if outer is None:
            _MEMO = None


def check_ldtt(p: PersonProfile, year: int, rs: RuleSet) -> Eligibility:
    """Lao động tiên tiến: xếp loại ≥ HTTNV, not disciplined in the year,
    ≥ ``ldtt_min_months`` months worked (maternity leave counted)."""
    P = rs.params
    ev = p.evaluations.get(year)
    need = P.ldtt_min_xep_loai
    if (  # fast path: the common case, nothing to report
        ev is not None
        and not p.reviews
        and not p.disciplines
        and ev.xep_loai is not None
        and ev.months_worked is not None
        and XEP_LOAI_RANK.get(ev.xep_loai, -1) >= XEP_LOAI_RANK[need]
        and ev.months_worked + (ev.maternity_months if P.maternity_counts_as_worked else 0)
        >= P.ldtt_min_months
    ):
        return ELIGIBLE
    memo = _MEMO
    if memo is None or p.reviews or p.disciplines:
        return _check_ldtt(p, year, rs, ev)
    key = (check_ldtt, ev, year, id(rs))  # all it reads of someone without reviews or discipline
    result = memo.get(key)
    if result is None:
        result = memo[key] = _check_ldtt(p, year, rs, ev)
    return result


def _check_ldtt(p: PersonProfile, year: int, rs: RuleSet, ev: YearEvaluation | None) -> Eligibility:
    """:func:`check_ldtt` when something is to be reported."""
    P = rs.params
    need = P.ldtt_min_xep_loai
    acc = _Acc()
    _person_common(acc, p, year, rs)
    _require_xep_loai(acc, ev.xep_loai if ev else None, need, year)
    if ev is not None:
        if ev.months_worked is None:
            acc.warn(f"Chưa có số tháng công tác năm {year}")
        else:
            extra = ev.maternity_months if P.maternity_counts_as_worked else 0
            months = min(12, ev.months_worked + extra)
            if months < P.ldtt_min_months:
                note = f" (kể cả {extra} tháng nghỉ thai sản)" if extra else ""
                acc.block(
                    f"Năm {year} mới công tác {months} tháng{note}, cần ≥ {P.ldtt_min_months} tháng"
                )
    return acc.result()


def _same_year_ldtt(acc: _Acc, p: PersonProfile, year: int, rs: RuleSet) -> None:
    if _has_award(p, year, "LDTT"):
        return
    sub = check_ldtt(p, year, rs)
    if sub.status != BLOCKED:
        acc.warn(_pending(rs, "LDTT", year))
    acc.merge(sub)


def check_cstdcs(p: PersonProfile, year: int, rs: RuleSet) -> Eligibility:
    """Chiến sĩ thi đua cơ sở: LĐTT the same year and (HTXSNV or a
    recognised initiative / accepted research that year)."""
    memo = _MEMO
    if memo is None:
        return _check_cstdcs(p, year, rs)
    if p.reviews or p.disciplines or (p.initiatives and p.initiatives.get(year)):
        key: tuple = (check_cstdcs, id(p), year, id(rs))
    else:  # all it reads of anyone else: the year's xếp loại and LĐTT award
        key = (check_cstdcs, p.evaluations.get(year), _has_award(p, year, "LDTT"), year, id(rs))
    result = memo.get(key)
    if result is None:
        result = memo[key] = _check_cstdcs(p, year, rs)
    return result


def _check_cstdcs(p: PersonProfile, year: int, rs: RuleSet) -> Eligibility:
    acc = _Acc()
    _person_common(acc, p, year, rs)
    _same_year_ldtt(acc, p, year, rs)
    alt = rs.params.cstdcs_alt_xep_loai
    xl = _xep_loai(p, year)
    if xl is not None and XEP_LOAI_RANK.get(xl, -1) >= XEP_LOAI_RANK[alt]:
        return acc.result()
    inits = p.initiatives.get(year, ()) if p.initiatives else ()
    if any(i.level is not None for i in inits):
        return acc.result()
    msg = f"Chưa có xếp loại {XEP_LOAI[alt]} hoặc sáng kiến được công nhận năm {year}"
    if any(i.level is None for i in inits):
        acc.warn(f"Sáng kiến năm {year} chưa được công nhận")
    elif xl is None:
        acc.warn(msg)
    else:
        acc.block(msg)
    return acc.result()


def _pending(rs: RuleSet, code: str, year: int) -> str:
    """A same-year prerequisite that may pass but is not decided yet: the
    row waits for that decision (issued first, in the same round)."""
    return f"Chờ quyết định công nhận {rs.title_name(code)} năm {year} (xét cùng đợt)"


def _cstd_tinh_reused(acc: _Acc, p: PersonProfile, year: int, rs: RuleSet) -> None:
    """An achievement is rewarded once (Luật Thi đua, khen thưởng 2022, Điều 5
    khoản 2): the CSTĐCS years (and the initiative of that window) of an
    earlier CSTĐ cấp tỉnh are not counted again for the next one."""
    n = rs.params.cstd_tinh_consecutive_cstdcs
    first = year - n + 1
    used = [y for y in range(first, year) if _has_award(p, y, "CSTD_TINH")]
    if used:
        last = used[-1]
        acc.block(
            f"Năm {_years(range(max(first, last - n + 1), last + 1))} đã được tính cho "
            f"{rs.title_name('CSTD_TINH')} năm {last}, không tính lại (Luật Thi đua, khen thưởng 2022, "
            f"Điều 5 khoản 2): cần {n} năm {rs.title_name('CSTDCS')} mới, sớm nhất năm {last + n}"
        )


def check_cstd_tinh(p: PersonProfile, year: int, rs: RuleSet) -> Eligibility:
    """Chiến sĩ thi đua cấp tỉnh: ``cstd_tinh_consecutive_cstdcs`` (3)
    consecutive CSTĐCS ending in the year, none of them already counted for an
    earlier CSTĐ cấp tỉnh, + an initiative with province-wide influence in that
    time (Luật 2022 Điều 22)."""
    P = rs.params
    acc = _Acc()
    _person_common(acc, p, year, rs)
    _cstd_tinh_reused(acc, p, year, rs)
    _consecutive(
        acc,
        year,
        P.cstd_tinh_consecutive_cstdcs,
        rs.title_name("CSTDCS"),
        lambda y: _has_award(p, y, "CSTDCS"),
        lambda: check_cstdcs(p, year, rs),
        _pending(rs, "CSTDCS", year),
    )
    _initiatives(acc, p, year, P.cstd_tinh_initiative_window, P.cstd_tinh_initiative_level)
    return acc.result()


def check_cstd_tq(p: PersonProfile, year: int, rs: RuleSet) -> Eligibility:
    """Chiến sĩ thi đua toàn quốc (Luật 2022 Điều 21):
    ``cstd_tq_consecutive_cstd_tinh`` (2) **successive** CSTĐ cấp tỉnh ending
    in the year, each on its own chain of ``cstd_tinh_consecutive_cstdcs`` (3)
    CSTĐCS years — so in the years ``year``, ``year − 3``, … (2022 and 2025
    qualify) — + a national initiative."""
    P = rs.params
    acc = _Acc()
    _person_common(acc, p, year, rs)
    step = P.cstd_tinh_consecutive_cstdcs
    wanted = [year - i * step for i in range(P.cstd_tq_consecutive_cstd_tinh)]
    name = rs.title_name("CSTD_TINH")
    missing = [y for y in wanted[1:] if not _has_award(p, y, "CSTD_TINH")]
    cur = None
    if not _has_award(p, year, "CSTD_TINH"):
        cur = check_cstd_tinh(p, year, rs)
        if cur.status == BLOCKED:
            missing.insert(0, year)
    if missing:
        acc.block(
            f"Chưa đủ {len(wanted)} lần liên tục {name} (mỗi lần trên {step} năm {rs.title_name('CSTDCS')} "
            f"riêng): cần năm {_years(sorted(wanted))}, thiếu năm {_years(sorted(missing))}"
        )
        if cur is not None and cur.status == BLOCKED:
            acc.merge(cur)
    elif cur is not None:
        acc.warn(_pending(rs, "CSTD_TINH", year))
        acc.merge(cur)
    _initiatives(acc, p, year, P.cstd_tq_initiative_window, P.cstd_tq_initiative_level)
    return acc.result()


def _htxs_current(p: PersonProfile, year: int) -> Eligibility:
    xl = _xep_loai(p, year)
    if xl is None:
        return Eligibility(WARNING, (), (f"Chưa có xếp loại {XEP_LOAI['HTXSNV']} năm {year}",))
    return Eligibility(BLOCKED)  # rated, and not HTXSNV (else `has` held)


def _basis_warning(acc: _Acc, basis: str) -> bool:
    if basis == "cong_trang":
        return False
    acc.warn(
        f"Khen thưởng {BASES.get(basis, basis).lower()}: "
        "không xét theo thành tích hằng năm, Hội đồng thẩm định thành tích"
    )
    return True


def _bk_tinh_person(p: PersonProfile, year: int, rs: RuleSet, basis: str) -> Eligibility:
    P = rs.params
    acc = _Acc()
    _person_common(acc, p, year, rs)
    if _basis_warning(acc, basis):
        return acc.result()
    path_a = _Acc()
    _consecutive(
        path_a,
        year,
        P.bk_tinh_consecutive_cstdcs,
        rs.title_name("CSTDCS"),
        lambda y: _has_award(p, y, "CSTDCS"),
        lambda: check_cstdcs(p, year, rs),
        _pending(rs, "CSTDCS", year),
    )
    ra = path_a.result()
    if ra.status == OK:
        return acc.result()
    n = P.bk_tinh_consecutive_htxs
    path_b = _Acc()
    _consecutive(
        path_b,
        year,
        n,
        XEP_LOAI["HTXSNV"],
        lambda y: _xep_loai(p, y) == "HTXSNV",
        lambda: _htxs_current(p, year),
        None,
    )
    if P.bk_tinh_min_initiatives:
        _initiatives(path_b, p, year, n, "co_so", P.bk_tinh_min_initiatives)
    rb = path_b.result()
    if rb.status == OK:
        return acc.result()
    if ra.status == WARNING:
        acc.merge(ra)
    elif rb.status == WARNING:
        acc.merge(rb)
    else:
        acc.merge(ra)
        acc.merge(rb)
    return acc.result()


def _bk_ttg_person(p: PersonProfile, year: int, rs: RuleSet, basis: str) -> Eligibility:
    P = rs.params
    acc = _Acc()
    _person_common(acc, p, year, rs)
    if _basis_warning(acc, basis):
        return acc.result()
    cond = _Acc()
    n = P.bk_ttg_consecutive_htxs
    start = year - n + 1
    if not any(y < start and _has_award(p, y, "BK_TINH") for y in p.awards):
        cond.block(f"Chưa có {rs.title_name('BK_TINH')} trước năm {start}")
    _consecutive(
        cond,
        year,
        n,
        XEP_LOAI["HTXSNV"],
        lambda y: _xep_loai(p, y) == "HTXSNV",
        lambda: _htxs_current(p, year),
        None,
    )
    _merge_bk_ttg(acc, cond, rs)
    # Luật 2022 Điều 73 k.1: whether (and how many) initiatives the individual
    # needs is not confirmed against the text in force: never shown as met.
    got = sum(1 for y in range(start, year + 1) for i in (p.initiatives or {}).get(y, ()) if i.level is not None)
    acc.warn(f"Cần kiểm tra yêu cầu sáng kiến theo Điều 73 Luật Thi đua, khen thưởng 2022 (chưa đối chiếu văn bản "
             f"hiện hành); có {got} sáng kiến được công nhận trong {start}–{year}")
    return acc.result()


def _merge_bk_ttg(acc: _Acc, cond: _Acc, rs: RuleSet) -> None:
    if not cond.blocking and not cond.warnings:
        return
    blocking = rs.params.bk_ttg_blocking
    for m in cond.blocking:
        acc.add(BLOCKED if blocking else WARNING, m)
    for m in cond.warnings:
        acc.warn(m)
    if not blocking and cond.blocking:
        acc.warn(
            "Tiêu chuẩn Bằng khen của Thủ tướng theo quy định của tỉnh (verify): Hội đồng kiểm tra"
        )


# ---------------------------------------------------------------------------
# Collectives
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _MemberCounts:
    """What the collective checks count among a unit's members in a year."""

    ldtt_reached: int  # LĐTT in the history
    ldtt_pending: int  # LĐTT check ok, not decided yet
    ldtt_unknown: int  # LĐTT check only warns (data missing)
    done: int  # xếp loại HTNV or better
    unrated: int  # no xếp loại yet
    cstdcs_decided: int
    cstdcs_pending: int  # CSTĐCS check not blocked, not decided


_FIELD_BITS = 24  # a count per field of up to 16 million members
#: one member's flag of each :class:`_MemberCounts` field, at bit ``i * _FIELD_BITS``
_REACHED, _PENDING, _UNKNOWN, _DONE, _UNRATED, _DECIDED, _CST_PENDING = (1 << (i * _FIELD_BITS) for i in range(7))


def _packed_sum(u: UnitProfile, year: int, rs: RuleSet) -> int:
    """Every member's flags of :class:`_MemberCounts`, packed into one int
    per member and added: the unit's own people's plus each part's sum.
    Inside a :func:`batch` the sum of every unit is remembered, so each
    person is looked at once however many units above count them again."""
    memo = _MEMO
    if memo is not None:
        key = (_packed_sum, id(u), year, id(rs))
        hit = memo.get(key)
        if hit is not None:
            return hit
    cstdcs_rank = XEP_LOAI_RANK[rs.params.cstdcs_alt_xep_loai]
    # A member's flags depend only on the year's xếp loại and awards when they
    # have no kỷ luật, review or initiative that year: members whose records of
    # the year are the same objects (a loader shares equal ones) share them.
    same_year = memo.setdefault((_packed_sum, year, id(rs)), {}) if memo is not None else {}
    packed = 0
    for m in u.own_members:
        ev = m.evaluations.get(year)
        awards = m.awards.get(year)
        if not m.reviews and not m.disciplines and not (m.initiatives and m.initiatives.get(year)):
            records: tuple | None = (id(ev), id(awards))
            hit = same_year.get(records)
            if hit is not None:
                packed += hit[0]
                continue
        else:
            records = None
        if awards is None:
            awards = _EMPTY
        xl = ev.xep_loai if ev is not None else None
        # LĐTT: decided, or its check ok (pending) or only warning (unknown)
        if "LDTT" in awards:
            state = _REACHED
        else:
            status = check_ldtt(m, year, rs).status
            state = _PENDING if status == OK else _UNKNOWN if status == WARNING else 0
        # xếp loại: none yet, or HTNV or better
        if xl is None:
            state |= _UNRATED
        elif XEP_LOAI_RANK.get(xl, -1) >= _HTNV_RANK:
            state |= _DONE
        # CSTĐCS: decided, or its check not blocked (the check is skipped when
        # it surely blocks: a known xếp loại below the one required, no initiative)
        if "CSTDCS" in awards:
            state |= _DECIDED
        elif (
            xl is None or (m.initiatives and m.initiatives.get(year)) or XEP_LOAI_RANK.get(xl, -1) >= cstdcs_rank
        ) and check_cstdcs(m, year, rs).status != BLOCKED:
            state |= _CST_PENDING
        if records is not None:  # the records are kept beside: their ids stay their own
            same_year[records] = (state, ev, awards)
        packed += state
    for part in u.parts:
        packed += _packed_sum(part, year, rs)
    if memo is not None:
        memo[key] = packed
    return packed


def _member_counts(u: UnitProfile, year: int, rs: RuleSet) -> _MemberCounts:
    """Counts over the members (remembered per unit inside a :func:`batch`)."""
    memo = _MEMO
    if memo is not None:
        key = (_member_counts, id(u), year, id(rs))
        hit = memo.get(key)
        if hit is not None:
            return hit
    packed = _packed_sum(u, year, rs)
    mask = (1 << _FIELD_BITS) - 1
    fields = []
    for _ in range(7):
        fields.append(packed & mask)
        packed >>= _FIELD_BITS
    counts = _MemberCounts(*fields)
    if memo is not None:
        memo[key] = counts
    return counts


def _ldtt_share(acc: _Acc, u: UnitProfile, year: int, rs: RuleSet, pct: Any, counts: _MemberCounts) -> None:
    name = rs.title_name("LDTT")
    _share(
        acc,
        f"đạt {name}",
        counts.ldtt_reached,
        counts.ldtt_pending,
        counts.ldtt_unknown,
        len(u.members),
        pct,
        year,
        name,
    )


def _with_disciplines(u: UnitProfile) -> list[PersonProfile]:
    """The members with any kỷ luật on record, in the order of ``members``
    (the unit's own, then its parts'; remembered per unit inside a :func:`batch`)."""
    memo = _MEMO
    if memo is not None:
        key = (_with_disciplines, id(u))
        hit = memo.get(key)
        if hit is not None:
            return hit
    found = [m for m in u.own_members if m.disciplines]
    for part in u.parts:
        found += _with_disciplines(part)
    if memo is not None:
        memo[key] = found
    return found


def _members_disciplined(acc: _Acc, u: UnitProfile, year: int, rs: RuleSet, min_form: str) -> None:
    if min_form == NO_DISCIPLINE_CONDITION:  # the rule set sets no discipline condition
        return
    hit = [m for m in _with_disciplines(u) if disciplined_in_year(m.disciplines, year, rs, min_form)]
    if not hit:
        return
    names = ", ".join(m.name for m in hit[:5] if m.name)
    more = f" và {len(hit) - 5} người khác" if len(hit) > 5 and names else ""
    scope = f"từ {_form_label(min_form)} trở lên " if DISCIPLINE_RANK.get(min_form, 1) > 1 else ""
    head = f"Có {len(hit)} cá nhân bị kỷ luật {scope}năm {year}"
    acc.block(f"{head}: {names}{more}" if names else head)


def _no_members(acc: _Acc, u: UnitProfile, year: int) -> bool:
    if u.members:
        return False
    acc.warn(f"Chưa có danh sách cá nhân của đơn vị năm {year}")
    return True


def check_ttldtt(u: UnitProfile, year: int, rs: RuleSet) -> Eligibility:
    """Tập thể lao động tiên tiến: the unit ≥ HTTNV; ≥ ``ttldtt_min_ldtt_pct``
    (70) % of members LĐTT; no member disciplined at cảnh cáo or above."""
    P = rs.params
    acc = _Acc()
    _unit_common(acc, u, year, rs)
    _require_xep_loai(acc, u.evaluations.get(year), P.ttldtt_min_xep_loai, year, unit=True)
    if not _no_members(acc, u, year):
        counts = _member_counts(u, year, rs)
        _ldtt_share(acc, u, year, rs, P.ttldtt_min_ldtt_pct, counts)
        _members_disciplined(acc, u, year, rs, P.ttldtt_block_discipline_from)
    return acc.result()


def check_ttldxs(u: UnitProfile, year: int, rs: RuleSet) -> Eligibility:
    """Tập thể lao động xuất sắc: the unit HTXSNV; 100 % of members complete
    their tasks and ≥ 70 % LĐTT; at least one CSTĐCS; no member disciplined."""
    P = rs.params
    acc = _Acc()
    _unit_common(acc, u, year, rs)
    _require_xep_loai(acc, u.evaluations.get(year), P.ttldxs_min_xep_loai, year, unit=True)
    if _no_members(acc, u, year):
        return acc.result()
    total = len(u.members)
    need = P.ttldxs_min_cstdcs
    counts = _member_counts(u, year, rs)
    _share(
        acc, "hoàn thành nhiệm vụ", counts.done, 0, counts.unrated, total, P.ttldxs_min_complete_pct, year, ""
    )
    _ldtt_share(acc, u, year, rs, P.ttldxs_min_ldtt_pct, counts)
    if need:
        decided, pending = counts.cstdcs_decided, counts.cstdcs_pending
        name = rs.title_name("CSTDCS")
        if decided < need:
            if decided + pending >= need:
                acc.warn(
                    f"Đơn vị mới có {decided} cá nhân đạt {name} năm {year} đã có quyết định, "
                    f"cần ≥ {need} ({pending} cá nhân đang xét)"
                )
            elif need == 1:
                acc.block(f"Đơn vị không có cá nhân đạt {name} năm {year}")
            else:
                acc.block(
                    f"Đơn vị mới có {decided + pending} cá nhân đạt {name} năm {year}, cần ≥ {need}"
                )
    _members_disciplined(acc, u, year, rs, P.ttldxs_block_discipline_from)
    return acc.result()


def check_co_tinh(u: UnitProfile, year: int, rs: RuleSet) -> Eligibility:
    """Cờ thi đua của UBND tỉnh — warning-level: leads its cụm/khối (needs
    the ranking) and is rated HTXSNV; only reviews/discipline block."""
    P = rs.params
    acc = _Acc()
    _unit_common(acc, u, year, rs)
    rank = u.cluster_rank.get(year)
    if rank is None:
        acc.warn(f"Chưa có kết quả xếp hạng cụm, khối thi đua năm {year}")
    elif rank > P.co_tinh_max_rank:
        lead = (
            "đơn vị dẫn đầu" if P.co_tinh_max_rank == 1 else f"{P.co_tinh_max_rank} đơn vị dẫn đầu"
        )
        acc.warn(
            f"Đơn vị xếp thứ {rank} trong cụm, khối thi đua năm {year}; Cờ thi đua dành cho {lead}"
        )
    _require_xep_loai(
        acc, u.evaluations.get(year), P.co_tinh_min_xep_loai, year, unit=True, low_severity=WARNING
    )
    return acc.result()


def _bk_tinh_unit(u: UnitProfile, year: int, rs: RuleSet, basis: str) -> Eligibility:
    P = rs.params
    acc = _Acc()
    _unit_common(acc, u, year, rs)
    if _basis_warning(acc, basis):
        return acc.result()

    def has(y: int) -> bool:
        return u.evaluations.get(y) == "HTXSNV" or _has_award(u, y, "TTLDXS")

    def current() -> Eligibility:
        if u.evaluations.get(year) is None:
            return Eligibility(
                WARNING, (), (f"Đơn vị chưa có xếp loại {XEP_LOAI['HTXSNV']} năm {year}",)
            )
        return Eligibility(BLOCKED)

    _consecutive(
        acc,
        year,
        P.bk_tinh_collective_consecutive,
        f"{XEP_LOAI['HTXSNV']} hoặc {rs.title_name('TTLDXS')}",
        has,
        current,
        None,
    )
    return acc.result()


def _bk_ttg_unit(u: UnitProfile, year: int, rs: RuleSet, basis: str) -> Eligibility:
    P = rs.params
    acc = _Acc()
    _unit_common(acc, u, year, rs)
    if _basis_warning(acc, basis):
        return acc.result()
    cond = _Acc()
    n = P.bk_ttg_consecutive_htxs
    start = year - n + 1
    if not any(y < start and _has_award(u, y, "BK_TINH") for y in u.awards):
        cond.block(f"Chưa có {rs.title_name('BK_TINH')} trước năm {start}")

    def current() -> Eligibility:
        if u.evaluations.get(year) is None:
            return Eligibility(
                WARNING, (), (f"Đơn vị chưa có xếp loại {XEP_LOAI['HTXSNV']} năm {year}",)
            )
        return Eligibility(BLOCKED)

    _consecutive(
        cond,
        year,
        n,
        XEP_LOAI["HTXSNV"],
        lambda y: u.evaluations.get(y) == "HTXSNV",
        current,
        None,
    )
    _merge_bk_ttg(acc, cond, rs)
    return acc.result()


# ---------------------------------------------------------------------------
# Forms for any subject
# ---------------------------------------------------------------------------


def check_gk(subject: Subject, year: int, rs: RuleSet, basis: str = "cong_trang") -> Eligibility:
    """Giấy khen — warning-level: xếp loại ≥ HTTNV for yearly merit (not
    checked for đột xuất / chuyên đề); reviews and discipline block."""
    acc = _Acc()
    need = rs.params.gk_min_xep_loai
    if isinstance(subject, PersonProfile):
        _person_common(acc, subject, year, rs)
        if basis == "cong_trang":
            _require_xep_loai(acc, _xep_loai(subject, year), need, year, low_severity=WARNING)
    elif isinstance(subject, UnitProfile):
        _unit_common(acc, subject, year, rs)
        if basis == "cong_trang":
            _require_xep_loai(
                acc, subject.evaluations.get(year), need, year, unit=True, low_severity=WARNING
            )
    else:
        _reviews(acc, subject.reviews)
    return acc.result()


def check_bk_tinh(
    subject: PersonProfile | UnitProfile, year: int, rs: RuleSet, basis: str = "cong_trang"
) -> Eligibility:
    """Bằng khen của Chủ tịch UBND tỉnh. Individual: 2 consecutive CSTĐCS,
    or 2 consecutive years HTXSNV with 2 recognised initiatives in that time.
    Collective: 2 consecutive years HTXSNV or TTLĐXS (Bắc Ninh QĐ 86/2025)."""
    if isinstance(subject, UnitProfile):
        return _bk_tinh_unit(subject, year, rs, basis)
    return _bk_tinh_person(subject, year, rs, basis)


def check_bk_ttg(
    subject: PersonProfile | UnitProfile, year: int, rs: RuleSet, basis: str = "cong_trang"
) -> Eligibility:
    """Bằng khen của Thủ tướng — a (verify) rule: an earlier công trạng
    Bằng khen tỉnh, then ``bk_ttg_consecutive_htxs`` (5) consecutive years
    HTXSNV ending in the year. Unmet conditions warn unless
    ``bk_ttg_blocking``."""
    if isinstance(subject, UnitProfile):
        return _bk_ttg_unit(subject, year, rs, basis)
    return _bk_ttg_person(subject, year, rs, basis)


# ---------------------------------------------------------------------------
# Dispatcher
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Suggestions ("Gợi ý")
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
