"""Council votes, quorum and reward money — exact integer arithmetic.

Pure Python, standard library only.

* Vote thresholds are a percentage of **all members in the council's
  founding decision**, not of those present; "≥" is inclusive and compared
  as ``votes * 100 >= threshold * members`` (with 9 members, 80 % needs 8;
  with 10 members, 8 is exactly 80 % and passes).
* A title the law leaves without a percentage is decided by **more than half
  of all members** (quá bán), never by 0 %: :class:`VoteRule`.
* Quorum: ``present * den >= num * total`` for a fraction ``num/den``
  (2/3 by default, 80 % in some provinces).
* Reward money: coefficient × the lương cơ sở **in force on the decision
  date** (NĐ 152/2025 Điều 49 k.1; a dated table, :func:`base_salary_on`),
  rounded **up** to the next ``step`` đồng (10,000 by default, k.2); integer
  đồng. For one achievement period only the highest reward is paid (k.5):
  :func:`payable_reward`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .rulesets import RuleSet
from .titles import number_to_json, parse_fraction_of_one, parse_number

__all__ = [
    "BaseSalary",
    "HIGHEST_ONLY_NOTE",
    "base_salary_on",
    "builtin_base_salaries",
    "parse_base_salaries",
    "payable_reward",
    "VoteRule",
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


@dataclass(frozen=True)
class VoteRule:
    """How the council's secret ballot decides one title, over **all**
    members of the founding decision.

    ``pct`` set: at least that percentage (``votes × 100 ≥ pct × members``).
    ``pct`` None: **quá bán**, more than half of all members
    (``votes × 2 > members``) — the default where the rule set names no
    percentage (Luật Thi đua, khen thưởng 2022 leaves it to the agency's quy
    chế), so a missing threshold never means 0 %."""

    pct: Fraction | None = None

    @classmethod
    def for_title(cls, title) -> "VoteRule | None":
        """The rule of a ``domain.titles.Title``; None when the council does not vote on it."""
        if not title.council_vote:
            return None
        return cls(title.vote_threshold_pct)

    def needed(self, total_members: int) -> int:
        """The least number of votes that passes."""
        total = _members(total_members)
        if self.pct is None:
            return total // 2 + 1
        return votes_needed(total, self.pct)

    def passes(self, votes: int, total_members: int) -> bool:
        if self.pct is None:
            total = _members(total_members)
            if isinstance(votes, bool) or not isinstance(votes, int) or votes < 0:
                raise ValueError("Số phiếu phải là số nguyên không âm")
            if votes > total:
                raise ValueError(f"Số phiếu ({votes}) lớn hơn tổng số thành viên Hội đồng ({total})")
            return votes * 2 > total
        return passes_threshold(votes, total_members, self.pct)

    @property
    def label(self) -> str:
        """``"80 %"`` or ``"quá bán"``: the threshold in a note."""
        if self.pct is None:
            return "quá bán"
        return f"{str(number_to_json(self.pct)).replace('.', ',')} %"

    @property
    def requirement(self) -> str:
        """``"từ 80 % tổng số thành viên Hội đồng trở lên"`` or ``"quá một nửa
        (trên 50 %) tổng số thành viên Hội đồng"``: the rule in a sentence."""
        if self.pct is None:
            return "quá một nửa (trên 50 %) tổng số thành viên Hội đồng"
        return f"từ {self.label} tổng số thành viên Hội đồng trở lên"

    @property
    def pct_for_display(self) -> Fraction:
        """The percentage a share is compared with when it is shown (50 for quá bán)."""
        return Fraction(50) if self.pct is None else _pct(self.pct)


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


def reward_for(rs: RuleSet, code: str, subject: str, luong_co_so: int) -> int | None:
    """The reward of title ``code`` for a ``subject`` (``ca_nhan`` /
    ``tap_the`` / ``ho_gia_dinh``) under ``rs`` at ``luong_co_so`` đồng (the
    one in force on the decision date: :func:`base_salary_on`); ``None`` when
    the catalogue has no coefficient for it."""
    coef = rs.title(code).reward_coefficient(subject)
    if coef is None:
        return None
    return reward_amount(coef, luong_co_so, rs.params.reward_rounding_step)


def payable_reward(amount: int | None, paid_before: Iterable[int | None]) -> int | None:
    """What an award of ``amount`` still pays when the same person or unit was
    already paid ``paid_before`` for danh hiệu of the same achievement period:
    only the highest reward is paid (NĐ 152/2025/NĐ-CP Điều 49 khoản 5), so
    the later award pays the difference above what was paid, or nothing.
    The sum paid is then always the highest amount."""
    if amount is None:
        return None
    paid = sum(p or 0 for p in paid_before)
    return max(0, amount - paid)


HIGHEST_ONLY_NOTE = ("Cùng một thành tích chỉ nhận mức tiền thưởng cao nhất "
                     "(Nghị định 152/2025/NĐ-CP, Điều 49 khoản 5)")


@dataclass(frozen=True)
class BaseSalary:
    """A lương cơ sở in force from ``effective_from`` (its decree in ``legal_basis``)."""

    effective_from: dt.date
    amount: int  # đồng/tháng
    legal_basis: str


def parse_base_salaries(data: Any) -> tuple[BaseSalary, ...]:
    """The dated lương cơ sở table (``resources/rules/shared/luong-co-so.json``),
    oldest first; ``ValueError`` naming the bad entry."""
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError("Bảng lương cơ sở phải có danh sách “entries”")
    out = []
    for i, e in enumerate(entries, start=1):
        try:
            day = dt.date.fromisoformat(e["from"])
            amount = e["amount"]
            basis = e.get("legal_basis", "")
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValueError(f"Bảng lương cơ sở, dòng {i}: cần “from” (YYYY-MM-DD) và “amount”") from None
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0 or not isinstance(basis, str):
            raise ValueError(f"Bảng lương cơ sở, dòng {i}: mức lương phải là số nguyên dương (đồng)")
        out.append(BaseSalary(day, amount, basis))
    out.sort(key=lambda b: b.effective_from)
    if len({b.effective_from for b in out}) != len(out):
        raise ValueError("Bảng lương cơ sở có hai mức cùng ngày hiệu lực")
    return tuple(out)


def base_salary_on(table: Sequence[BaseSalary], day: dt.date) -> BaseSalary:
    """The lương cơ sở in force on ``day`` (the decision date)."""
    in_force = [b for b in table if b.effective_from <= day]
    if not in_force:
        raise ValueError(f"Chưa có mức lương cơ sở cho ngày {day:%d/%m/%Y}")
    return in_force[-1]


def builtin_base_salaries() -> tuple[BaseSalary, ...]:
    """The table shipped in ``resources/rules/shared/luong-co-so.json``."""
    from ..paths import resource_path

    path = resource_path("rules") / "shared" / "luong-co-so.json"
    return parse_base_salaries(json.loads(path.read_text(encoding="utf-8")))


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
