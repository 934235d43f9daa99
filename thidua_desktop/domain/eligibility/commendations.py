"""Hình thức khen thưởng: Giấy khen, Bằng khen của Chủ tịch UBND tỉnh and Bằng khen của Thủ
tướng, for individuals and collectives (households: Giấy khen); a đột xuất or chuyên đề
proposal skips the yearly conditions with a warning for the thẩm định.

Imports :mod:`.profiles`, :mod:`.conditions` and :mod:`.individual` (the CSTĐCS chain).
"""

from __future__ import annotations

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
