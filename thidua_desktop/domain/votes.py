"""Council votes, quorum and reward money — exact integer arithmetic.

Pure Python, standard library only.

* Vote thresholds are a percentage of **all members in the council's
  founding decision**, not of those present; "≥" is inclusive and compared
  as ``votes * 100 >= threshold * members`` (with 9 members, 80 % needs 8;
  with 10 members, 8 is exactly 80 % and passes).
* Quorum: ``present * den >= num * total`` for a fraction ``num/den``
  (2/3 by default, 80 % in some provinces).
* Reward money: coefficient × lương cơ sở, rounded **up** to the next
  ``step`` đồng (10,000 by default); integer đồng.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from .rulesets import RuleSet
from .titles import parse_fraction_of_one, parse_number

__all__ = [
    "format_money",
    "passes_threshold",
    "quorum_met",
    "quorum_needed",
    "reward_amount",
    "reward_for",
    "vote_pct_text",
    "votes_needed",
    "women_priority",
]


def _members(total_members: int) -> int:
    if isinstance(total_members, bool) or not isinstance(total_members, int) or total_members <= 0:
        raise ValueError("Tổng số thành viên Hội đồng phải là số nguyên lớn hơn 0")
    return total_members


def _pct(threshold_pct: Any) -> Fraction:
    f = parse_number(threshold_pct)
    if not 0 <= f <= 100:
        raise ValueError(f"Ngưỡng {threshold_pct} % phải từ 0 đến 100")
    return f


def votes_needed(total_members: int, threshold_pct: Any) -> int:
    """The least number of votes reaching ``threshold_pct`` % of all members."""
    total = _members(total_members)
    return math.ceil(_pct(threshold_pct) * total / 100)


def passes_threshold(votes: int, total_members: int, threshold_pct: Any) -> bool:
    """``votes`` ≥ ``threshold_pct`` % of ``total_members`` (all members of
    the council per its founding decision), exactly."""
    total = _members(total_members)
    if isinstance(votes, bool) or not isinstance(votes, int) or votes < 0:
        raise ValueError("Số phiếu phải là số nguyên không âm")
    if votes > total:
        raise ValueError(f"Số phiếu ({votes}) lớn hơn tổng số thành viên Hội đồng ({total})")
    return votes * 100 >= _pct(threshold_pct) * total


def vote_pct_text(
    votes: int,
    total_members: int,
    places: int = 2,
    threshold_pct: Any = None,
) -> str:
    """The "Tỉ lệ" column: ``"77,78 %"`` (rounded half up, trailing zeros
    dropped). With ``threshold_pct``, a share below it that would round up
    to it is truncated instead (79,996 % reads "79,99 %", never "80 %")."""
    total = _members(total_members)
    exact = Fraction(votes * 100, total)
    scale = 10**places
    n = math.floor(exact * scale + Fraction(1, 2))
    if threshold_pct is not None and exact < _pct(threshold_pct) <= Fraction(n, scale):
        n = math.floor(exact * scale)
    whole, frac = divmod(n, scale)
    if places == 0 or frac == 0:
        return f"{whole} %"
    return f"{whole},{frac:0{places}d}".rstrip("0") + " %"


def _fraction(fraction: Any) -> Fraction:
    f = parse_fraction_of_one(fraction)
    if not 0 < f <= 1:
        raise ValueError("Tỉ lệ tối thiểu phải lớn hơn 0 và không quá 100 %")
    return f


def quorum_needed(total_members: int, fraction: Any = Fraction(2, 3)) -> int:
    """Members who must be present: ``ceil(fraction × total)``."""
    return math.ceil(_fraction(fraction) * _members(total_members))


def quorum_met(present: int, total_members: int, fraction: Any = Fraction(2, 3)) -> bool:
    """At least ``fraction`` (``"2/3"``, ``"80%"``, a Fraction) of all
    members present, exactly (9 members at 2/3 need 6; at 80 %, 8)."""
    total = _members(total_members)
    if isinstance(present, bool) or not isinstance(present, int) or present < 0:
        raise ValueError("Số thành viên có mặt phải là số nguyên không âm")
    if present > total:
        raise ValueError(f"Số thành viên có mặt ({present}) lớn hơn tổng số ({total})")
    f = _fraction(fraction)
    return present * f.denominator >= f.numerator * total


def format_money(amount: int) -> str:
    """``45440000`` → ``"45.440.000"`` (đồng, Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def reward_amount(coefficient: Any, luong_co_so: int, step: int = 10_000) -> int:
    """``coefficient × luong_co_so`` rounded **up** to a multiple of
    ``step`` (integer đồng): 0.3 × 2,340,000 = 702,000 → 710,000."""
    coef = parse_number(coefficient)
    if coef < 0:
        raise ValueError("Hệ số tiền thưởng không được âm")
    if isinstance(luong_co_so, bool) or not isinstance(luong_co_so, int) or luong_co_so <= 0:
        raise ValueError("Mức lương cơ sở phải là số nguyên dương")
    if isinstance(step, bool) or not isinstance(step, int) or step <= 0:
        raise ValueError("Bước làm tròn phải là số nguyên dương")
    return math.ceil(coef * luong_co_so / step) * step


def reward_for(rs: RuleSet, code: str, subject: str) -> int | None:
    """The reward of title ``code`` for a ``subject`` (``ca_nhan`` /
    ``tap_the`` / ``ho_gia_dinh``) under ``rs``; ``None`` when the
    catalogue has no coefficient for it."""
    coef = rs.title(code).reward_coefficient(subject)
    if coef is None:
        return None
    return reward_amount(coef, rs.params.luong_co_so, rs.params.reward_rounding_step)


def women_priority(
    gender: str | None = None,
    *,
    women: int | None = None,
    members: int | None = None,
    pct: Any = 70,
) -> bool:
    """At equal merit, a woman (``gender == "nu"``) or a collective with ≥
    ``pct`` % women takes priority — shown at a tie, never decided here."""
    if gender is not None:
        return gender == "nu"
    if women is None or not members:
        return False
    return women * 100 >= parse_number(pct) * members
