"""Tra cứu and Tổng quan (issue 19): a person's record, the search, and the
Tổng quan tab on the demo agency of ``staff`` people with ten years of award
history (≥ 500,000 award rows with 50,000 people)."""
from __future__ import annotations

import random
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


def bench_lookup(tmp: Path, staff: int, runs: int, app_factory, open_window) -> dict:
    """Each workload ``runs`` times (25 people's records), reported by :func:`benchmarks.harness.seconds`."""
    from benchmarks.harness import repeat, seconds, timed
    from thidua_desktop.services.lookup.record import person_record, unit_record
    from thidua_desktop.services.lookup.search import find
    from thidua_desktop.services.overview.facts import overview
    from thidua_desktop.store.db import open_database

    path = tmp / "bench-lookup.sqlite"
    build_history_file(path, staff)
    db = open_database(path)
    award_rows = db.execute("SELECT count(*) FROM awards").fetchone()[0]
    rng = random.Random(7)
    people = rng.sample([r[0] for r in db.execute("SELECT id FROM staff")], max(25, runs))
    records = [timed(lambda sid=sid: person_record(db, sid))[0] for sid in people]
    units = [timed(lambda uid=uid: unit_record(db, uid))[0]
             for uid in [r[0] for r in db.execute("SELECT id FROM units ORDER BY id LIMIT ?", [max(5, runs)])]]
    searches = [timed(lambda q=q: find(db, q))[0]
                for q in ("nguyen van an", "tran thi", "le", "y nie", "hoang minh 1985", "nguyen")]
    facts = repeat(lambda: overview(db, db_file=path), runs)
    db.close()

    app = app_factory()
    open_s, window = timed(lambda: open_window(path, "overview"))  # the window built, the tab loaded and shown
    tab = window.overview_tab
    check_s, _ = timed(tab.wait_for_checks)  # the not-eligible count, after the page is shown
    reloads = []
    for _ in range(runs):
        reloads.append(timed(lambda: (tab.reload(), app.processEvents()))[0])  # Làm mới: facts and the page
        tab.wait_for_checks()
    window.close()
    n = f"{staff}_{award_rows}"
    slowest_record = seconds(records, target_s=0.1)
    slowest_record["app_s"] = max(records)  # every record must be fast, not the typical one
    return {
        f"person_record_{n}": seconds(records, target_s=0.1),
        f"person_record_{n}_max": slowest_record,
        f"unit_record_{n}": seconds(units, target_s=None),
        f"lookup_search_{staff}": seconds(searches, target_s=None),
        f"overview_facts_{n}": seconds(facts, target_s=0.5),
        f"overview_tab_reload_{n}": seconds(reloads, target_s=0.5),
        f"window_open_on_overview_{staff}": seconds([open_s], target_s=None),
        f"overview_eligibility_background_{staff}": seconds([check_s], target_s=None),
    }
