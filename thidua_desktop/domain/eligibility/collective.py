"""Danh hiệu of a collective: Tập thể lao động tiên tiến, Tập thể lao động xuất sắc, Cờ thi đua
của UBND tỉnh, and the counts over a unit's members they read (LĐTT, xếp loại, CSTĐCS),
packed into one integer per member and remembered per unit inside a :func:`.batch`.

Imports :mod:`.profiles`, :mod:`.conditions` and :mod:`.individual` (a member's own checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..rulesets import RuleSet
from ..titles import DISCIPLINE_RANK, NO_DISCIPLINE_CONDITION, XEP_LOAI_RANK
from .conditions import (
    _MEMO,
    _Acc,
    disciplined_in_year,
    _form_label,
    _require_xep_loai,
    _share,
    _unit_common,
)
from .individual import check_cstdcs, check_ldtt
from .profiles import BLOCKED, OK, WARNING, _EMPTY, Eligibility, PersonProfile, UnitProfile


_HTNV_RANK = XEP_LOAI_RANK["HTNV"]


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
    memo = _MEMO.table
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
    memo = _MEMO.table
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
    memo = _MEMO.table
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
