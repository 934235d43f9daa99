"""Data files at each step of a new secretary's first year, built through the
store and services APIs (fast: a handful of rows each). Each builder takes an
open, empty data file and fills it; :data:`STATES` lists them in the order of
the yearly cycle, ending with the demo agency.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from thidua_desktop.domain.council import Council, CouncilMember, Meeting, Tally
from thidua_desktop.domain.dates import PartialDate
from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.services.council import service as council_service
from thidua_desktop.services.decisions import service as decision_service
from thidua_desktop.store import council as council_store
from thidua_desktop.store import records, registrations

YEAR = dt.date.today().year
AGENCY = OrgSettings(
    co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", co_quan="BAN DÂN TỘC", ky_hieu="BDT",
    dia_danh="Khánh Hòa", chuc_danh_thu_truong="Trưởng Ban", ten_thu_truong="Nguyễn Văn An",
)
PEOPLE = (
    ("Nguyễn Văn An", "nam", 1975, "Trưởng Ban", "Lãnh đạo Ban"),
    ("Trần Thị Bình", "nu", 1980, "Phó Trưởng Ban", "Lãnh đạo Ban"),
    ("Lê Văn Cường", "nam", 1982, "Chánh Văn phòng", "Văn phòng"),
    ("Phạm Thị Dung", "nu", 1990, "Chuyên viên", "Văn phòng"),
    ("Hoàng Văn Em", "nam", 1988, "Trưởng phòng", "Phòng Chính sách"),
    ("Võ Thị Giang", "nu", 1992, "Chuyên viên", "Phòng Chính sách"),
    ("Đặng Văn Hùng", "nam", 1985, "Chuyên viên", "Phòng Chính sách"),
)


def empty(db) -> None:
    """A brand-new data file."""


def agency_only(db) -> None:
    records.save_settings(db, AGENCY)


def roster_only(db) -> dict[str, int]:
    """Three units and seven people; returns name → staff id."""
    units: dict[str, int] = {}
    people: dict[str, int] = {}
    for name, gender, born, position, unit in PEOPLE:
        if unit not in units:
            units[unit] = records.save_unit(db, Unit(unit, thu_tu=len(units) + 1))
        people[name] = records.save_staff(db, Staff(ho_ten=name, gioi_tinh=gender, ngay_sinh=PartialDate(born),
                                                    chuc_vu=position, unit_id=units[unit]))
    return people


def campaign_only(db) -> int:
    """One campaign and nothing else (no agency details, no staff)."""
    return records.save_campaign(db, Campaign(f"Phong trào thi đua thường xuyên năm {YEAR}", nam_bat_dau=YEAR,
                                              so_ke_hoach="01/KH-BDT"))


def registered(db) -> tuple[int, dict[str, int]]:
    """Agency, roster, campaign, everyone registered for LĐTT and three for CSTĐCS
    (proposed); no council."""
    agency_only(db)
    people = roster_only(db)
    campaign = campaign_only(db)
    ids = list(people.values())
    registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=ids)
    proposed, _ = registrations.register_many(db, campaign, YEAR, "CSTDCS", staff_ids=ids[:3])
    registrations.set_status(db, proposed, "de_nghi")
    return campaign, people


def council_no_meeting(db) -> tuple[int, int, dict[str, int]]:
    campaign, people = registered(db)
    roles = ("chu_tich", "pho_chu_tich", "uy_vien", "uy_vien", "thu_ky")
    members = tuple(CouncilMember(ho_ten=name, vai_tro=role, staff_id=people[name])
                    for (name, *_), role in zip(PEOPLE, roles))
    council = council_store.save_council(db, Council("05/QĐ-BDT", dt.date(YEAR, 1, 10), members))
    return campaign, council, people


def meeting_no_counts(db) -> int:
    """The meeting set up, everyone present, candidates proposed, nothing counted."""
    campaign, council_id, _ = council_no_meeting(db)
    meeting = council_store.save_meeting(db, Meeting(council_id, campaign, YEAR, dt.date(YEAR, 12, 15),
                                                     gio="08 giờ 00", dia_diem="Phòng họp"))
    members = council_store.get_council(db, council_id).members
    council_store.set_attendance(db, meeting, {m.id: ("co_mat", "", "") for m in members})
    council_service.propose_candidates(db, meeting)
    return meeting


def decided_not_printed(db) -> None:
    """Counts saved, results written, the CSTĐCS decision issued; no certificate printed."""
    meeting = meeting_no_counts(db)
    candidates = [r["id"] for r in council_store.candidate_rows(db, meeting)]
    council_service.save_counts(db, meeting, "CSTDCS", 1, Tally(5, 5, 5, 0, dict.fromkeys(candidates, 5)))
    council_service.apply_results(db, meeting)
    decision_service.create_decision(
        db, so=f"120/QĐ-BDT", ngay=dt.date(YEAR, 12, 20), nam=YEAR, ma="CSTDCS", meeting_id=meeting,
        registration_ids=decision_service.passed_registrations(db, YEAR, "CSTDCS"))


def demo(db) -> None:
    from thidua_desktop.services.demo import build_demo

    build_demo(db, staff=60, seed=3, year=YEAR)


STATES: dict[str, Callable] = {
    "empty": empty,
    "agency_only": agency_only,
    "roster_only": roster_only,
    "campaign_only": campaign_only,
    "registered_no_council": registered,
    "council_no_meeting": council_no_meeting,
    "meeting_no_counts": meeting_no_counts,
    "decided_not_printed": decided_not_printed,
    "demo": demo,
}
