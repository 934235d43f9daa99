"""Hình thức khen thưởng: Giấy khen, Bằng khen của Chủ tịch UBND tỉnh and Bằng khen của Thủ
tướng, for individuals and collectives (households: Giấy khen); a đột xuất or chuyên đề
proposal skips the yearly conditions with a warning for the thẩm định.

Imports :mod:`.profiles`, :mod:`.conditions` and :mod:`.individual` (the CSTĐCS chain).
"""

from __future__ import annotations

from collections.abc import Callable

from ..rulesets import RuleSet
from ..titles import XEP_LOAI
from .conditions import (
    _Acc,
    _consecutive,
    _has_award,
    _initiatives,
    _pending,
    _person_common,
    _require_xep_loai,
    _reviews,
    _unit_common,
    _xep_loai,
)
from .individual import check_cstdcs
from .profiles import BASES, BLOCKED, OK, WARNING, Eligibility, PersonProfile, Subject, UnitProfile


def _basis_warning(acc: _Acc, basis: str) -> bool:
    if basis == "cong_trang":
        return False
    acc.warn(
        f"Khen thưởng {BASES.get(basis, basis).lower()}: "
        "không xét theo thành tích hằng năm, Hội đồng thẩm định thành tích"
    )
    return True


def _htxs_current(p: PersonProfile, year: int) -> Eligibility:
    xl = _xep_loai(p, year)
    if xl is None:
        return Eligibility(WARNING, (), (f"Chưa có xếp loại {XEP_LOAI['HTXSNV']} năm {year}",))
    return Eligibility(BLOCKED)  # rated, and not HTXSNV (else `has` held)


def _unit_htxs_current(u: UnitProfile, year: int) -> Eligibility:
    if u.evaluations.get(year) is None:
        return Eligibility(WARNING, (), (f"Đơn vị chưa có xếp loại {XEP_LOAI['HTXSNV']} năm {year}",))
    return Eligibility(BLOCKED)  # rated, and not HTXSNV (else `has` held)


def _bk_tinh_person(acc: _Acc, p: PersonProfile, year: int, rs: RuleSet) -> None:
    P = rs.params
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
        return
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
        return
    if ra.status == WARNING:
        acc.merge(ra)
    elif rb.status == WARNING:
        acc.merge(rb)
    else:
        acc.merge(ra)
        acc.merge(rb)


def _bk_ttg_person(acc: _Acc, p: PersonProfile, year: int, rs: RuleSet) -> None:
    start = _bk_ttg_conditions(
        acc, p, year, rs, lambda y: _xep_loai(p, y) == "HTXSNV", lambda: _htxs_current(p, year)
    )
    # Luật 2022 Điều 73 k.1: whether (and how many) initiatives the individual
    # needs is not confirmed against the text in force: never shown as met.
    got = sum(1 for y in range(start, year + 1) for i in (p.initiatives or {}).get(y, ()) if i.level is not None)
    acc.warn(f"Cần kiểm tra yêu cầu sáng kiến theo Điều 73 Luật Thi đua, khen thưởng 2022 (chưa đối chiếu văn bản "
             f"hiện hành); có {got} sáng kiến được công nhận trong {start}–{year}")


def _bk_ttg_conditions(
    acc: _Acc,
    s: PersonProfile | UnitProfile,
    year: int,
    rs: RuleSet,
    htxs: Callable[[int], bool],
    current: Callable[[], Eligibility],
) -> int:
    """Bằng khen của Thủ tướng for a person or a collective: a công trạng Bằng khen tỉnh
    before ``bk_ttg_consecutive_htxs`` consecutive years HTXSNV (``htxs``; the year
    itself: ``current``) ending in ``year``; unmet, they warn unless ``bk_ttg_blocking``.
    Returns the chain's first year."""
    cond = _Acc()
    n = rs.params.bk_ttg_consecutive_htxs
    start = year - n + 1
    if not any(y < start and _has_award(s, y, "BK_TINH") for y in s.awards):
        cond.block(f"Chưa có {rs.title_name('BK_TINH')} trước năm {start}")
    _consecutive(cond, year, n, XEP_LOAI["HTXSNV"], htxs, current, None)
    if not cond.blocking and not cond.warnings:
        return start
    blocking = rs.params.bk_ttg_blocking
    for m in cond.blocking:
        acc.add(BLOCKED if blocking else WARNING, m)
    for m in cond.warnings:
        acc.warn(m)
    if not blocking and cond.blocking:
        acc.warn(
            "Tiêu chuẩn Bằng khen của Thủ tướng theo quy định của tỉnh (verify): Hội đồng kiểm tra"
        )
    return start


def _bk_tinh_unit(acc: _Acc, u: UnitProfile, year: int, rs: RuleSet) -> None:
    def has(y: int) -> bool:
        return u.evaluations.get(y) == "HTXSNV" or _has_award(u, y, "TTLDXS")

    _consecutive(
        acc,
        year,
        rs.params.bk_tinh_collective_consecutive,
        f"{XEP_LOAI['HTXSNV']} hoặc {rs.title_name('TTLDXS')}",
        has,
        lambda: _unit_htxs_current(u, year),
        None,
    )


def _bk_ttg_unit(acc: _Acc, u: UnitProfile, year: int, rs: RuleSet) -> None:
    _bk_ttg_conditions(
        acc, u, year, rs, lambda y: u.evaluations.get(y) == "HTXSNV", lambda: _unit_htxs_current(u, year)
    )


def _bang_khen(
    subject: PersonProfile | UnitProfile,
    year: int,
    rs: RuleSet,
    basis: str,
    person: Callable[[_Acc, PersonProfile, int, RuleSet], None],
    unit: Callable[[_Acc, UnitProfile, int, RuleSet], None],
) -> Eligibility:
    """A Bằng khen's check: the subject's reviews and kỷ luật, then — for yearly merit
    only — the conditions ``person`` or ``unit`` adds."""
    acc = _Acc()
    if isinstance(subject, UnitProfile):
        _unit_common(acc, subject, year, rs)
        if not _basis_warning(acc, basis):
            unit(acc, subject, year, rs)
    else:
        _person_common(acc, subject, year, rs)
        if not _basis_warning(acc, basis):
            person(acc, subject, year, rs)
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
    return _bang_khen(subject, year, rs, basis, _bk_tinh_person, _bk_tinh_unit)


def check_bk_ttg(
    subject: PersonProfile | UnitProfile, year: int, rs: RuleSet, basis: str = "cong_trang"
) -> Eligibility:
    """Bằng khen của Thủ tướng — a (verify) rule: an earlier công trạng
    Bằng khen tỉnh, then ``bk_ttg_consecutive_htxs`` (5) consecutive years
    HTXSNV ending in the year. Unmet conditions warn unless
    ``bk_ttg_blocking``."""
    return _bang_khen(subject, year, rs, basis, _bk_ttg_person, _bk_ttg_unit)
