"""Tra cứu and Tổng quan (issue 19): a person's record, the search, and the
Tổng quan tab on the demo agency of ``staff`` people with ten years of award
history (≥ 500,000 award rows with 50,000 people)."""
from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

HISTORY_YEARS = 10


def build_history_file(path: Path, staff: int, *, year: int = 2026, seed: int = 1) -> None:
    """The demo of ``year`` (three years of history), then seven more years of
    Lao động tiên tiến for most people and CSTĐCS for some, so ten years in all."""
    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.store.db import open_database, transaction

    rng = random.Random(seed)
    db = open_database(path)
    try:
        build_demo(db, staff=staff, seed=seed, year=year)
        people = [r[0] for r in db.execute("SELECT id FROM staff")]
        rows = []
        for y in range(year - HISTORY_YEARS, year - 3):
            number = f"{rng.randint(100, 180)}/QĐ-BDT"
            for sid in people:
                if rng.random() < 0.85:
                    rows.append((sid, y, "LDTT", number))
                    if rng.random() < 0.2:
                        rows.append((sid, y, "CSTDCS", number))
        with transaction(db):
            db.conn.executemany("INSERT OR IGNORE INTO awards (staff_id, nam, ma, so_quyet_dinh, nguon) "
                                "VALUES (?, ?, ?, ?, 'nhap_excel')", rows)
    finally:
        db.close()


def bench_lookup(tmp: Path, staff: int, app_factory, open_window) -> dict:
    from thidua_desktop.services.lookup.record import person_record, unit_record
    from thidua_desktop.services.lookup.search import find
    from thidua_desktop.services.overview.facts import overview
    from thidua_desktop.store.db import open_database

    path = tmp / "bench-lookup.sqlite"
    build_history_file(path, staff)
    db = open_database(path)
    award_rows = db.execute("SELECT count(*) FROM awards").fetchone()[0]
    rng = random.Random(7)
    people = rng.sample([r[0] for r in db.execute("SELECT id FROM staff")], 25)
    records = []
    for sid in people:
        start = time.perf_counter()
        person_record(db, sid)
        records.append(time.perf_counter() - start)
    units = []
    for uid in [r[0] for r in db.execute("SELECT id FROM units ORDER BY id LIMIT 5")]:
        start = time.perf_counter()
        unit_record(db, uid)
        units.append(time.perf_counter() - start)
    searches = []
    for query in ("nguyen van an", "tran thi", "le", "y nie", "hoang minh 1985"):
        start = time.perf_counter()
        find(db, query)
        searches.append(time.perf_counter() - start)
    facts = []
    for _ in range(5):
        start = time.perf_counter()
        overview(db, db_file=path)
        facts.append(time.perf_counter() - start)
    db.close()

    app = app_factory()
    start = time.perf_counter()
    window = open_window(path, "overview")  # the window built, the tab loaded and shown
    tab_s = time.perf_counter() - start
    tab = window.overview_tab
    start = time.perf_counter()
    tab.wait_for_checks()  # the not-eligible count, after the page is shown
    check_s = time.perf_counter() - start
    reloads = []
    for _ in range(3):
        start = time.perf_counter()
        tab.reload()  # Làm mới: facts and the page (the check starts after it is drawn)
        app.processEvents()
        reloads.append(time.perf_counter() - start)
        tab.wait_for_checks()
    window.close()
    n = f"{staff}_{award_rows}"
    return {
        f"person_record_{n}_median": {"app_s": statistics.median(records), "baseline_s": None, "ratio": None,
                                      "target_s": 0.1},
        f"person_record_{n}_max": {"app_s": max(records), "baseline_s": None, "ratio": None, "target_s": 0.1},
        f"unit_record_{n}_max": {"app_s": max(units), "baseline_s": None, "ratio": None, "target_s": None},
        f"lookup_search_{staff}_max": {"app_s": max(searches), "baseline_s": None, "ratio": None, "target_s": 0.1},
        f"overview_facts_{n}_median": {"app_s": statistics.median(facts), "baseline_s": None, "ratio": None,
                                       "target_s": 0.5},
        f"overview_tab_reload_{n}_median": {"app_s": statistics.median(reloads), "baseline_s": None, "ratio": None,
                                            "target_s": 0.5},
        f"window_open_on_overview_{staff}": {"app_s": tab_s, "baseline_s": None, "ratio": None, "target_s": None},
        f"overview_eligibility_background_{staff}": {"app_s": check_s, "baseline_s": None, "ratio": None,
                                                     "target_s": None},
    }
