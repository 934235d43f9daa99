"""Danh hiệu of an individual: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Chiến sĩ thi đua
cấp tỉnh and Chiến sĩ thi đua toàn quốc.

Imports :mod:`.profiles` and :mod:`.conditions` only.
"""

from __future__ import annotations

from ..rulesets import RuleSet
from ..titles import XEP_LOAI, XEP_LOAI_RANK
from .conditions import (
    _MEMO,
    _Acc,
    _consecutive,
    _has_award,
    _initiatives,
    _pending,
    _person_common,
    _require_xep_loai,
    _xep_loai,
    _years,
)
from .profiles import BLOCKED, ELIGIBLE, Eligibility, PersonProfile, YearEvaluation


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
    memo = _MEMO.table
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
    memo = _MEMO.table
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
