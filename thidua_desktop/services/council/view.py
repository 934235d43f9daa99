"""What the meeting's documents show, as plain data.

:func:`thidua_desktop.services.council.service.meeting_view` fills these from
the data file; the PDF writers (:mod:`.council_pdf`) and the spreadsheet
exports read only these, so each can be built and tested on its own.
All text is ready to print (Vietnamese, NFC); numbers are numbers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain.models import OrgSettings
from ...domain.votes import VoteRule


@dataclass(frozen=True)
class MemberLine:
    ho_ten: str
    chuc_vu: str  # position in the agency, e.g. "Phó Trưởng Ban"
    vai_tro: str  # role in the council, e.g. "Phó Chủ tịch Hội đồng"
    attendance: str  # "Có mặt" | "Vắng, có ý kiến bằng văn bản" | "Vắng"
    ly_do: str = ""  # why absent
    kiem_phieu: str = ""  # "Trưởng ban" | "Ủy viên" of the counting committee, or ""


@dataclass(frozen=True)
class CandidateLine:
    stt: int  # order on the ballot
    ho_ten: str  # person's name or the collective's name
    nam_sinh: str = ""  # "1978" or ""
    gioi_tinh: str = ""  # "Nam" | "Nữ" | ""
    chuc_vu: str = ""
    don_vi: str = ""
    votes: int | None = None  # phiếu đồng ý (None before the count)
    pct: str = ""  # "88,89 %" of all members
    outcome: str = ""  # "Đạt" | "Không đạt" | "Bằng phiếu, chưa quyết" | ""
    note: str = ""  # the figures that decided
    women_priority: bool = False  # shown at a tie
    key: int = 0  # the same candidate in every round (0: unknown)
    tap_the: bool = False  # a collective (its name, its parent body in don_vi)


@dataclass(frozen=True)
class RoundView:
    number: int  # 1, 2, …
    issued: int
    returned: int
    valid: int
    invalid: int
    candidates: tuple[CandidateLine, ...]  # sorted by votes, high to low
    reached: int  # how many reached the threshold (round 1)
    seats: int | None = None  # places this round fills (None: no quota)
    tie_note: str = ""  # how a tie was settled, or that it is open


@dataclass(frozen=True)
class TitleView:
    code: str
    name: str  # "Chiến sĩ thi đua cơ sở"
    rule: VoteRule  # "từ 80 % …" or quá bán, of all members
    needed: int  # votes needed (of all members)
    quota: int | None
    candidates: tuple[CandidateLine, ...]  # ballot order
    rounds: tuple[RoundView, ...] = ()


@dataclass(frozen=True)
class MeetingView:
    settings: OrgSettings
    meeting_id: int
    year: int  # the year considered
    campaign: str  # campaign name
    council_decision: str  # "Quyết định số 12/QĐ-BDT ngày 05/01/2026 …"
    date: dt.date
    time: str  # "14 giờ 00"
    place: str
    total_members: int  # per the founding decision
    members: tuple[MemberLine, ...]
    present: int
    written: int
    quorum_text: str
    quorum_met: bool
    chair: str  # name of who chairs
    secretary: str
    titles: tuple[TitleView, ...] = ()
    conclusions: str = ""
