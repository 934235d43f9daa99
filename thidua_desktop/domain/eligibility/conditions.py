"""The machinery every title's check shares: the reason accumulator ``_Acc``, the common
conditions (reviews and kỷ luật, xếp loại, chains of consecutive years, initiatives, a
collective's share of members), and :func:`batch`, which remembers what a season's checks
repeat (``_MEMO.table``, read by the families' checks).

Imports :mod:`.profiles` (and ``domain.titles``, ``domain.rulesets``) only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..rulesets import RuleSet
from ..titles import (
    DISCIPLINE_FORMS,
    DISCIPLINE_RANK,
    INITIATIVE_LEVELS,
    INITIATIVE_LEVEL_RANK,
    XEP_LOAI,
    XEP_LOAI_RANK,
    format_pct,
    number_to_json,
)
from .profiles import (
    BLOCKED,
    ELIGIBLE,
    REVIEW_KINDS,
    WARNING,
    _EMPTY,
    Discipline,
    Eligibility,
    PendingReview,
    PersonProfile,
    UnitProfile,
)


# ---------------------------------------------------------------------------
# Collecting reasons
# ---------------------------------------------------------------------------


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
# Conditions every family reads
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


def _pending(rs: RuleSet, code: str, year: int) -> str:
    """A same-year prerequisite that may pass but is not decided yet: the
    row waits for that decision (issued first, in the same round)."""
    return f"Chờ quyết định công nhận {rs.title_name(code)} năm {year} (xét cùng đợt)"


# ---------------------------------------------------------------------------
# Remembering repeated checks inside a season
# ---------------------------------------------------------------------------


class _Memo:
    """``table``: while a :func:`batch` is open, (check, id(person), year, id(rule set))
    → result; else ``None``. One object the families' modules import and read."""

    __slots__ = ("table",)

    def __init__(self) -> None:
        self.table: dict | None = None


_MEMO = _Memo()


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
    outer = _MEMO.table
    if outer is None:
        _MEMO.table = {}
    try:
        yield
    finally:
        if outer is None:
            _MEMO.table = None
