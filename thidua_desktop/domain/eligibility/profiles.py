"""What the eligibility checks read and return: the inputs (yearly xếp loại, kỷ luật, pending
reviews, award history, initiatives), one profile per person, collective or household with
its records grouped by year once, and the result :class:`Eligibility`.

Imports the standard library and ``domain.titles`` only: every other module of the package
builds on this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..titles import CA_NHAN, HO_GIA_DINH, TAP_THE


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
