"""Demo data: a realistic, deterministic agency to try the program on.

A Ban Dân tộc of a province (Khánh Hòa): organisation settings, units (the
leadership, three phòng and the inspectorate, a centre with field stations,
and for large sizes more field teams so each unit holds about 20 people),
staff with realistic Vietnamese names (family names weighted as in reality,
about 10 % ethnic-minority names of the Ê Đê, Raglai, Cơ Ho and Cơ Tu
patterns), and two campaigns modelled on real plans: the yearly one (Kế
hoạch số …/KH-BDT, deadlines 15/03, 01/11, 20/11) and a chuyên đề one over a
five-year period.

Everything comes from ``random.Random(seed)`` and the ``year`` argument, so
the same arguments give the same file, row for row. The build runs in one
transaction and inserts staff in bulk (50,000 people in a few seconds).
"""
from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, replace

import sqlite_utils

from ...domain.models import OrgSettings, Unit
from ...domain.vntext import search_key
from ...store import audit, records
from ...store.db import StoreError, transaction
from ..bulk import gc_paused
from .people import _campaigns, _make_person, _plan_units
from .season import _council, _season


class DemoDataExistsError(StoreError):
    """Demo data is only built into an empty file."""


@dataclass(frozen=True)
class DemoSummary:
    units: int
    staff: int
    staff_left: int
    campaigns: int
    seconds: float
    registrations: int = 0
    awards: int = 0
    initiatives: int = 0
    meetings: int = 0

    def describe(self) -> str:
        secs = f"{self.seconds:.2f}".replace(".", ",")
        return (
            f"{self.units} đơn vị, {self.staff} cán bộ ({self.staff_left} đã nghỉ), "
            f"{self.campaigns} phong trào, {self.registrations} đăng ký, "
            f"{self.awards} dòng lịch sử khen thưởng, {self.initiatives} sáng kiến, "
            f"{self.meetings} cuộc họp Hội đồng — {secs} giây"
        )


# --- build ---------------------------------------------------------------------------

def _existing_data(db: sqlite_utils.Database) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("units", "staff", "campaigns")
    )


def build_demo(
    db: sqlite_utils.Database, *, staff: int = 120, seed: int = 1, year: int | None = None
) -> DemoSummary:
    """Fill an empty data file with a demo agency of ``staff`` people.

    ``year`` is the "current year" of the data (campaigns, ages, leave dates);
    it defaults to today's year. Raises :class:`DemoDataExistsError` if the
    file already has units, staff or campaigns. Organisation settings are
    filled in only if they are still empty.
    """
    if staff < 0:
        raise ValueError("staff must be >= 0")
    year = year if year is not None else dt.date.today().year
    started = time.perf_counter()
    rng = random.Random(seed)
    stamp = f"{year}-01-05T08:00:00"
    with gc_paused(), transaction(db), audit.paused(db):  # one line in the audit log, not a row per record
        units_n, staff_n, campaigns_n = _existing_data(db)
        if units_n or staff_n or campaigns_n:
            raise DemoDataExistsError(
                f"Tệp dữ liệu đã có dữ liệu ({units_n} đơn vị, {staff_n} cán bộ, "
                f"{campaigns_n} phong trào); dữ liệu mẫu chỉ tạo được trong tệp trống."
            )
        plans = _plan_units(rng, staff)
        unit_rows = []
        for order, plan in enumerate(plans, start=1):
            unit = Unit(ten=plan.ten, parent_id=plan.parent_id, thu_tu=order, id=plan.id).normalised()
            unit_rows.append({
                "id": unit.id, "ten": unit.ten, "ten_key": search_key(unit.ten),
                "parent_id": unit.parent_id, "thu_tu": unit.thu_tu, "ghi_chu": unit.ghi_chu,
                # the leadership prints as the agency: "Trưởng Ban Dân tộc tỉnh Khánh Hòa"
                "ten_in": "Ban Dân tộc tỉnh Khánh Hòa" if plan.kind == "lanh_dao" else "",
            })
        db["units"].insert_all(unit_rows)

        rows = []
        left = 0
        head_of_agency = ""
        secretary_named = False
        taken: set[tuple[str, int]] = set()
        for plan in plans:
            deputies = 2 if plan.kind == "lanh_dao" else (2 if plan.size >= 12 else 1 if plan.size >= 4 else 0)
            for rank in range(plan.size):
                person = _make_person(rng, year, plan, rank, deputies, taken)
                if (
                    not secretary_named and plan.kind == "van_phong"
                    and person.chuc_vu == "Chuyên viên" and person.dang_cong_tac
                ):
                    person = replace(person, ghi_chu="Thư ký Hội đồng Thi đua - Khen thưởng")
                    secretary_named = True
                person = person.normalised()
                if errs := person.errors():  # a bug in this module, not a user fault
                    raise AssertionError(f"{person.ho_ten}: {errs}")
                if plan.kind == "lanh_dao" and rank == 0:
                    head_of_agency = person.ho_ten
                left += not person.dang_cong_tac
                values = records.staff_values(person)
                values["created_at"] = values["updated_at"] = stamp
                rows.append(values)
        if rows:  # one executemany of plain tuples: sqlite-utils would look at each of the 600,000 values
            columns = tuple(rows[0])
            db.conn.executemany(
                f"INSERT INTO staff ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [tuple(r[c] for c in columns) for r in rows],
            )

        if records.get_settings(db) == OrgSettings():
            records.save_settings(db, OrgSettings(
                co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
                co_quan="BAN DÂN TỘC",
                ky_hieu="BDT",
                dia_danh="Khánh Hòa",
                chuc_danh_thu_truong="Trưởng Ban",
                ten_thu_truong=head_of_agency,
            ))
        campaign_ids = [records.save_campaign(db, campaign) for campaign in _campaigns(rng, year)]
        season = _season(db, rng, year, campaign_ids[0])
        meetings = _council(db, year, campaign_ids[0])
        from ..khoi import demo as khoi_demo

        khoi_demo.build(db, year)  # the khối of seven agencies, ours its khối trưởng, one tie open

        audit.note(db, f"Tạo dữ liệu mẫu: {len(rows)} cán bộ, {season['registrations']} đăng ký, "
                       f"{meetings} cuộc họp Hội đồng")
    return DemoSummary(
        units=len(plans), staff=len(rows), staff_left=left, campaigns=2 + (meetings > 0), meetings=meetings,
        seconds=time.perf_counter() - started, **season,
    )
