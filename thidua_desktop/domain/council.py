"""The council meeting: tally checks, results by threshold and quota, ties.

Pure Python (standard library and :mod:`.votes`). The service layer reads
meetings from the data file, calls these functions and stores what the
secretary decides; nothing here touches SQL or Qt.

Rules (``domain.md`` §3):

* Thresholds are a percentage of **all members in the council's founding
  decision**, compared exactly (:class:`.votes.VoteRule`: a percentage, or quá bán where
  the rule set names none).
* Counting: ballots issued ≤ members present + absent members who sent a
  written opinion; returned ≤ issued; valid + invalid = returned; votes for
  a candidate ≤ valid. Every number is a non-negative integer.
* When more candidates pass than the quota allows they are ranked by votes;
  candidates tied at the cut-off are **never** decided silently: they stay
  ``tied`` until a new round among them (the seats left are its quota) or
  the chair's decision, as the rule set's ``tie_break`` says.
* A meeting without quorum may be recorded; it produces no result.
* At equal merit women (and collectives with ≥ 70 % women) take priority:
  shown at a tie, the decision stays with the council.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .limits import date_errors, text_errors, year_errors
from .votes import VoteRule, quorum_met, quorum_needed, vote_pct_text

#: council roles, in the order of the founding decision
ROLES: Mapping[str, str] = {
    "chu_tich": "Chủ tịch Hội đồng",
    "pho_chu_tich": "Phó Chủ tịch Hội đồng",
    "uy_vien": "Ủy viên",
    "thu_ky": "Ủy viên, Thư ký",
}
#: a member at a meeting
ATTENDANCE: Mapping[str, str] = {
    "co_mat": "Có mặt",
    "van_ban": "Vắng, có ý kiến bằng văn bản",
    "vang": "Vắng",
}
#: outcome of a candidate
PASSED, FAILED, TIED = "dat", "khong_dat", "bang_phieu"
OUTCOMES: Mapping[str, str] = {PASSED: "Đạt", FAILED: "Không đạt", TIED: "Bằng phiếu, chưa quyết"}

Key = Hashable


class TallyError(ValueError):
    """The counts of a round do not add up; ``errors`` lists why, in Vietnamese."""

    def __init__(self, errors: Sequence[str]):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Tally:
    """The counts of one round of one title (biên bản kiểm phiếu)."""

    issued: int  # phiếu phát ra
    returned: int  # phiếu thu vào
    valid: int  # phiếu hợp lệ
    invalid: int  # phiếu không hợp lệ
    votes: Mapping[Key, int] = field(default_factory=dict)  # candidate → phiếu đồng ý


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def tally_errors(tally: Tally, *, present: int, written: int = 0, names: Mapping[Key, str] | None = None) -> list[str]:
    """Why the counts cannot be saved (empty when they can). ``present``:
    members at the meeting; ``written``: absent members whose written opinion
    counts as a ballot."""
    names = names or {}
    errors: list[str] = []
    labels = (("issued", "Số phiếu phát ra"), ("returned", "Số phiếu thu vào"),
              ("valid", "Số phiếu hợp lệ"), ("invalid", "Số phiếu không hợp lệ"))
    bad = [label for attr, label in labels if not _count(getattr(tally, attr))]
    for key, votes in tally.votes.items():
        if not _count(votes):
            bad.append(f"Số phiếu đồng ý của {names.get(key, key)}")
    errors += [f"{label} phải là số nguyên không âm" for label in bad]
    if errors:
        return errors
    can_vote = present + written
    if tally.issued > can_vote:
        errors.append(f"Số phiếu phát ra ({tally.issued}) lớn hơn số thành viên được bỏ phiếu "
                      f"({present} có mặt + {written} ý kiến bằng văn bản = {can_vote})")
    if tally.returned > tally.issued:
        errors.append(f"Số phiếu thu vào ({tally.returned}) lớn hơn số phiếu phát ra ({tally.issued})")
    if tally.valid + tally.invalid != tally.returned:
        errors.append(f"Phiếu hợp lệ ({tally.valid}) + không hợp lệ ({tally.invalid}) phải bằng số phiếu "
                      f"thu vào ({tally.returned})")
    for key, votes in tally.votes.items():
        if votes > tally.valid:
            errors.append(f"{names.get(key, key)}: {votes} phiếu đồng ý, nhiều hơn số phiếu hợp lệ ({tally.valid})")
    return errors


def check_tally(tally: Tally, *, present: int, written: int = 0, names: Mapping[Key, str] | None = None) -> None:
    """Raise :class:`TallyError` unless the counts add up."""
    errors = tally_errors(tally, present=present, written=written, names=names)
    if errors:
        raise TallyError(errors)


@dataclass(frozen=True)
class Quorum:
    total: int  # members per the founding decision
    present: int
    written: int  # absent with a written opinion
    needed: int
    met: bool

    @property
    def text(self) -> str:
        state = "đủ" if self.met else "KHÔNG đủ"
        return (f"Có mặt {self.present}/{self.total} thành viên (cần ít nhất {self.needed}); "
                f"{self.written} ý kiến bằng văn bản — {state} điều kiện để họp xét khen thưởng")


def quorum(total: int, present: int, written: int = 0, fraction: Any = "2/3") -> Quorum:
    """Quorum counts the members present; written opinions count as votes, not as presence."""
    return Quorum(total, present, written, quorum_needed(total, fraction), quorum_met(present, total, fraction))


@dataclass(frozen=True)
class CandidateResult:
    key: Key
    votes: int
    pct: str  # "88,89 %" of all members
    reached: bool  # votes ≥ threshold (round 1); in later rounds: still in the race
    outcome: str  # PASSED | FAILED | TIED
    rank: int | None  # 1 = most votes among those who reached the threshold
    note: str  # why, in Vietnamese (the figures that decided)


@dataclass(frozen=True)
class RoundResult:
    number: int  # 1, 2, …
    seats: int | None  # places this round fills (None: no quota)
    candidates: tuple[CandidateResult, ...]  # sorted by votes, high to low

    @property
    def tied(self) -> tuple[Key, ...]:
        return tuple(c.key for c in self.candidates if c.outcome == TIED)

    @property
    def seats_left(self) -> int | None:
        """Seats the tied candidates compete for."""
        if self.seats is None:
            return None
        return self.seats - sum(1 for c in self.candidates if c.outcome == PASSED)


def _ranked(votes: Mapping[Key, int], order: Sequence[Key]) -> list[Key]:
    position = {k: i for i, k in enumerate(order)}
    return sorted(votes, key=lambda k: (-votes[k], position.get(k, len(position))))


def _assign(ranked: list[Key], votes: Mapping[Key, int], seats: int | None) -> dict[Key, str]:
    """PASSED / FAILED / TIED for candidates already in the race (sorted)."""
    if seats is None or len(ranked) <= seats:
        return {k: PASSED for k in ranked}
    if seats <= 0:
        return {k: FAILED for k in ranked}
    cut = votes[ranked[seats - 1]]
    above = [k for k in ranked if votes[k] > cut]
    at = [k for k in ranked if votes[k] == cut]
    out = {k: FAILED for k in ranked}
    out.update({k: PASSED for k in above})
    out.update({k: (PASSED if len(above) + len(at) <= seats else TIED) for k in at})
    return out


def first_round(
    votes: Mapping[Key, int],
    *,
    total_members: int,
    rule: VoteRule,
    quota: int | None = None,
    order: Sequence[Key] = (),
) -> RoundResult:
    """Round 1 of a title: each candidate against the ``rule`` (a percentage
    or quá bán of all members), then the quota among those who reached it."""
    need = rule.needed(total_members)
    pct_label = rule.label
    reached = {k for k, v in votes.items() if rule.passes(v, total_members)}
    ranked = [k for k in _ranked(votes, order) if k in reached]
    assigned = _assign(ranked, votes, quota)
    rank = {k: i + 1 for i, k in enumerate(ranked)}
    results = []
    for k in _ranked(votes, order):
        v = votes[k]
        pct = vote_pct_text(v, total_members, threshold_pct=rule.pct_for_display)
        figures = f"{v}/{total_members} phiếu ({pct})"
        if k not in reached:
            results.append(CandidateResult(k, v, pct, False, FAILED, None,
                                           f"{figures}, dưới ngưỡng {pct_label} (cần {need} phiếu)"))
            continue
        outcome = assigned[k]
        note = f"{figures}, đạt ngưỡng {pct_label}"
        if outcome == FAILED:
            note += f"; ngoài chỉ tiêu {quota} (xếp thứ {rank[k]})"
        elif outcome == TIED:
            note += f"; bằng phiếu ở vị trí cuối của chỉ tiêu {quota}"
        results.append(CandidateResult(k, v, pct, True, outcome, rank[k], note))
    return RoundResult(1, quota, tuple(results))


def next_round(
    previous: RoundResult,
    votes: Mapping[Key, int],
    *,
    total_members: int,
    order: Sequence[Key] = (),
) -> RoundResult:
    """A new round among the candidates tied in ``previous``, for the seats
    left. Only the tied may be voted on; the threshold was met in round 1."""
    tied = set(previous.tied)
    if not tied:
        raise ValueError("Vòng trước không có ai bằng phiếu ở vị trí cuối")
    if set(votes) != tied:
        raise ValueError("Vòng bỏ phiếu lại chỉ gồm những người bằng phiếu ở vòng trước")
    seats = previous.seats_left
    ranked = _ranked(votes, order)
    assigned = _assign(ranked, votes, seats)
    number = previous.number + 1
    results = []
    for i, k in enumerate(ranked):
        v = votes[k]
        pct = vote_pct_text(v, total_members)
        outcome = assigned[k]
        note = f"Vòng {number}: {v}/{total_members} phiếu ({pct})"
        note += {PASSED: f", trong {seats} suất còn lại", FAILED: f", ngoài {seats} suất còn lại",
                 TIED: ", vẫn bằng phiếu"}[outcome]
        results.append(CandidateResult(k, v, pct, True, outcome, i + 1, note))
    return RoundResult(number, seats, tuple(results))


def chair_decision(previous: RoundResult, chosen: Sequence[Key], *, decided_by: str) -> RoundResult:
    """The chair settles a tie: exactly the seats left go to ``chosen``
    (among the tied); recorded with who decided."""
    tied = previous.tied
    if not tied:
        raise ValueError("Không có ai bằng phiếu để Chủ tịch Hội đồng quyết định")
    if not decided_by.strip():
        raise ValueError("Cần ghi người quyết định")
    chosen_set = set(chosen)
    if not chosen_set <= set(tied):
        raise ValueError("Chỉ chọn trong số những người bằng phiếu")
    if len(chosen_set) != previous.seats_left:
        raise ValueError(f"Cần chọn đúng {previous.seats_left} người cho {previous.seats_left} suất còn lại")
    by_key = {c.key: c for c in previous.candidates}
    results = []
    for k in tied:
        c = by_key[k]
        won = k in chosen_set
        note = f"{c.note}; {decided_by} quyết định {'chọn' if won else 'không chọn'}"
        results.append(CandidateResult(k, c.votes, c.pct, True, PASSED if won else FAILED, c.rank, note))
    results.sort(key=lambda c: (c.outcome != PASSED, c.rank or 0))
    return RoundResult(previous.number, previous.seats_left, tuple(results))


def final_outcomes(rounds: Sequence[RoundResult]) -> dict[Key, CandidateResult]:
    """Each candidate's last word: a later round (or a chair's decision)
    overrides the tie of the round before."""
    out: dict[Key, CandidateResult] = {}
    for r in rounds:
        for c in r.candidates:
            out[c.key] = c
    return out


def reached_count(result: RoundResult) -> int:
    """"Số cá nhân đạt ít nhất …% số phiếu trên tổng số thành viên Hội đồng là … người"."""
    return sum(1 for c in result.candidates if c.reached)


# ---------------------------------------------------------------------------
# Records (what the store keeps): normalised() cleans text, errors() says why not
# ---------------------------------------------------------------------------

def _clean_record(record):
    from .models import _clean_text_fields

    return _clean_text_fields(record)


@dataclass(frozen=True)
class CouncilMember:
    ho_ten: str
    vai_tro: str = "uy_vien"  # ROLES
    chuc_vu: str = ""  # position in the agency
    gioi_tinh: str | None = None
    staff_id: int | None = None
    thu_tu: int = 0
    id: int | None = None

    def normalised(self) -> CouncilMember:
        return _clean_record(self)

    def errors(self) -> list[str]:
        out = [] if self.ho_ten else ["Họ tên thành viên Hội đồng không được để trống"]
        if self.vai_tro not in ROLES:
            out.append(f"Vai trò không hợp lệ: {self.vai_tro}")
        return out + text_errors(self)


@dataclass(frozen=True)
class Council:
    """A Hội đồng as set up by one founding decision; members change with a new decision."""

    so_quyet_dinh: str
    ngay_quyet_dinh: Any = None  # dt.date
    members: tuple[CouncilMember, ...] = ()
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> Council:
        record = _clean_record(self)
        from dataclasses import replace

        return replace(record, members=tuple(m.normalised() for m in self.members))

    def errors(self) -> list[str]:
        out = [] if self.so_quyet_dinh else ["Cần số quyết định thành lập Hội đồng"]
        if self.ngay_quyet_dinh is None:
            out.append("Cần ngày quyết định thành lập Hội đồng")
        out += date_errors(self.ngay_quyet_dinh, "Ngày quyết định thành lập Hội đồng") + text_errors(self)
        if not self.members:
            out.append("Hội đồng chưa có thành viên")
        chairs = sum(1 for m in self.members if m.vai_tro == "chu_tich")
        if self.members and chairs != 1:
            out.append(f"Hội đồng cần đúng một Chủ tịch (đang có {chairs})")
        for i, m in enumerate(self.members, start=1):
            out += [f"Thành viên thứ {i}: {e}" for e in m.errors()]
        return out

    @property
    def decision_text(self) -> str:
        day = f" ngày {self.ngay_quyet_dinh:%d/%m/%Y}" if self.ngay_quyet_dinh else ""
        return f"Quyết định số {self.so_quyet_dinh}{day}"


@dataclass(frozen=True)
class Meeting:
    council_id: int
    campaign_id: int
    nam: int  # the year considered
    ngay: Any  # dt.date
    gio: str = ""
    dia_diem: str = ""
    ket_luan: str = ""
    ghi_chu: str = ""
    thu_ky: str = ""  # the meeting's secretary, who writes and signs the minutes
    id: int | None = None

    def normalised(self) -> Meeting:
        return _clean_record(self)

    def errors(self) -> list[str]:
        out = [] if self.ngay is not None else ["Cần ngày họp"]
        return out + year_errors(self.nam) + date_errors(self.ngay, "Ngày họp") + text_errors(self)
