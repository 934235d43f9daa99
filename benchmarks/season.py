"""A large registration season for the benchmarks: the demo agency with
``staff`` people, four yearly campaigns (``first_year`` … ``first_year + 3``)
and about ``4 × staff`` registrations in all — the mix of a real agency:
Lao động tiên tiến for most people, Giấy khen and Chiến sĩ thi đua cơ sở for
a few percent, Bằng khen and CSTĐ cấp tỉnh for fewer, the collective titles
for every unit — with six years of xếp loại and the award history the past
campaigns left.
"""
from __future__ import annotations

import random
from pathlib import Path

from thidua_desktop.domain.models import Campaign
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import records
from thidua_desktop.store.db import open_database, transaction

#: title → share of the active staff registering for it each year
INDIVIDUAL_MIX = (("LDTT", 0.86), ("GK", 0.06), ("CSTDCS", 0.06), ("BK_TINH", 0.012), ("CSTD_TINH", 0.002))
COLLECTIVE = ("TTLDTT", "TTLDXS")


def build_season(path: Path, *, staff: int = 50_000, first_year: int = 2023, seed: int = 1) -> dict[int, int]:
    """Write the season into a new data file; returns {year: campaign id}."""
    rng = random.Random(seed)
    db = open_database(path)
    try:
        build_demo(db, staff=staff, seed=seed, year=first_year + 3)
        people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1")]
        units = [r[0] for r in db.execute("SELECT id FROM units")]
        years = range(first_year, first_year + 4)
        with transaction(db):
            for table in ("decisions", "meetings", "proposals", "registrations"):  # the demo's own season,
                db.execute(f"DELETE FROM {table}")  # replaced by the four campaigns (a used registration stays else)
            campaigns = {
                year: records.save_campaign(db, Campaign(f"Phong trào thi đua năm {year}", nam_bat_dau=year))
                for year in years
            }
            evaluations, awards, registrations = [], [], []
            rated = {}
            for year in range(first_year - 2, first_year + 4):
                for sid in people:
                    if rng.random() < 0.92:
                        xl = rng.choices(("HTXSNV", "HTTNV", "HTNV"), (0.2, 0.72, 0.08))[0]
                        rated[(sid, year)] = xl
                        evaluations.append((sid, year, xl, 12, 0, ""))
            for year in years:
                for code, share in INDIVIDUAL_MIX:
                    for sid in rng.sample(people, int(len(people) * share)):
                        registrations.append((campaigns[year], year, sid, None, code))
                        if year < first_year + 3 and rated.get((sid, year)) in ("HTXSNV", "HTTNV"):
                            awards.append((sid, None, year, code))
                for uid in units:
                    for code in COLLECTIVE:
                        registrations.append((campaigns[year], year, None, uid, code))
            db.execute("DELETE FROM evaluations")
            db.execute("DELETE FROM awards")
            db.conn.executemany(
                "INSERT INTO evaluations (staff_id, nam, xep_loai, so_thang, thai_san_thang, ghi_chu) VALUES (?,?,?,?,?,?)",
                evaluations,
            )
            db.conn.executemany("INSERT OR IGNORE INTO awards (staff_id, unit_id, nam, ma) VALUES (?,?,?,?)", awards)
            db.conn.executemany(
                "INSERT INTO registrations (campaign_id, nam, staff_id, unit_id, ma) VALUES (?,?,?,?,?)",
                registrations,
            )
        return campaigns
    finally:
        db.close()
