"""The bulk path of eligibility (a season at once) gives what the rules give row by row.

``check_many`` checks a title at a time inside ``eligibility.batch()``: people
whose records are the same objects (``SeasonData`` shares equal histories) are
checked once, a member's flags are remembered by the year's records, a unit's
counts are its own people's plus its parts'. The reference here is the plain
:func:`check_title` of every registration, outside any batch, on profiles
rebuilt apart (nothing shared) and on flat units (no parts).
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from thidua_desktop.domain import eligibility as el
from thidua_desktop.domain.registrations import AwardEntry, DisciplineEntry, InitiativeEntry, ReviewEntry
from thidua_desktop.domain.rulesets import builtin_rulesets, pick_ruleset
from thidua_desktop.domain.titles import format_pct
from thidua_desktop.services.demo import build_demo
from thidua_desktop.services.eligibility import (
    RowCheck,
    SeasonData,
    check_many,
    check_registrations,
)
from thidua_desktop.store import merit, records, registrations
from thidua_desktop.store.records import ValidationError
from thidua_desktop.store.registrations import RegistrationKey, RegistrationKeys


def _apart(p: el.PersonProfile) -> el.PersonProfile:
    """The same person with records of their own (equal, never the same objects)."""
    return el.PersonProfile.build(
        p.id, p.name, p.gender,
        evaluations=[el.YearEvaluation(e.year, e.xep_loai, e.months_worked, e.maternity_months)
                     for e in p.evaluations.values()],
        awards=[el.AwardRecord(a.year, a.code, a.decision_no, a.decision_date, a.basis)
                for by_code in p.awards.values() for a in by_code.values()],
        initiatives=[i for by_year in p.initiatives.values() for i in by_year],
        disciplines=p.disciplines, reviews=p.reviews,
    )


def _reference(data: SeasonData, reg: RegistrationKey) -> RowCheck:
    """One registration checked by the plain rules (no batch, nothing shared, flat units)."""
    try:
        rs = data.ruleset(reg.nam)
    except ValidationError as exc:
        return RowCheck(el.BLOCKED, (str(exc),))
    if reg.staff_id is not None:
        subject = _apart(data.persons[reg.staff_id])
    else:
        u = data.unit(reg.unit_id, reg.nam)
        subject = el.UnitProfile.build(
            u.id, u.name, evaluations=u.evaluations, awards=[a for y in u.awards.values() for a in y.values()],
            members=[_apart(m) for m in u.members], cluster_rank=u.cluster_rank,
            disciplines=u.disciplines, reviews=u.reviews,
        )
    result = el.check_title(rs, reg.ma, subject, reg.nam, basis=reg.co_so)
    if result.status == el.BLOCKED and reg.ly_do_giu:
        return RowCheck(el.BLOCKED, (*result.reasons, f"Vẫn giữ lại: {reg.ly_do_giu}"), True)
    return RowCheck(result.status, result.reasons)


def _without_quota(check: RowCheck) -> tuple:
    reasons = tuple(r for r in check.reasons if "vượt chỉ tiêu" not in r)
    return reasons, check.kept


def test_the_bulk_check_of_a_season_gives_what_the_rules_give_row_by_row(db):
    build_demo(db, staff=300, seed=3, year=2026)
    campaign = next(c for c in records.list_campaigns(db) if c.loai == "thuong_xuyen" and c.nam_bat_dau == 2026)
    staff = [r["id"] for r in records.list_staff_rows(db)]
    units = [u.id for u in records.list_units(db)]
    merit.save_review(db, ReviewEntry("thanh_tra", staff_id=staff[3]))
    merit.save_discipline(db, DisciplineEntry("canh_cao", dt.date(2026, 3, 1), staff_id=staff[5]))
    merit.save_awards(db, [AwardEntry(2025, "CSTDCS", staff_id=sid, so_quyet_dinh="9/QĐ") for sid in staff[:40]])
    merit.save_initiative(db, InitiativeEntry("Số hóa hồ sơ", 2026, tac_gia=(staff[7],), cap="tinh"))
    merit.save_initiative(db, InitiativeEntry("Chưa công nhận", 2026, tac_gia=(staff[8],)))
    for year in (2025, 2026):
        for code in ("LDTT", "CSTDCS", "GK", "BK_TINH", "CSTD_TINH"):
            registrations.register_many(db, campaign.id, year, code, staff_ids=staff[::2] if code != "LDTT" else staff)
        for code in ("TTLDTT", "TTLDXS", "GK", "CO_TINH"):
            registrations.register_many(db, campaign.id, year, code, unit_ids=units)
    keys = registrations.registration_keys(db)
    registrations.set_keep_reason(db, [k.id for k in keys[::7]], "Hội đồng xem xét")

    data = SeasonData.load(db)
    shared = {id(p.evaluations) for p in data.persons.values()}
    assert len(shared) < len(data.persons)  # equal histories are one object, as in a real season
    keys = registrations.registration_keys(db)
    bulk = check_many(data, keys)
    assert list(bulk) == [k.id for k in keys]  # in id order
    statuses = set()
    for reg in keys:
        expected, got = _reference(data, reg), bulk[reg.id]
        assert _without_quota(got) == _without_quota(expected), reg
        quota = any("vượt chỉ tiêu" in r for r in got.reasons)
        assert got.status == (el.WARNING if quota and expected.status == el.OK else expected.status), reg
        statuses.add(("kept" if got.kept else got.status, reg.ma))
    assert {"ok", "warning", "blocked", "kept"} <= {s for s, _ in statuses}
    assert check_registrations(db, None) == bulk  # a fresh load gives the same


def test_registration_keys_are_a_sequence_of_named_rows(db):
    build_demo(db, staff=40, seed=1)
    keys = registrations.registration_keys(db)
    assert isinstance(keys, RegistrationKeys) and len(keys) == registrations.count_registrations(db) > 2
    assert all(isinstance(k, RegistrationKey) for k in keys)
    assert keys[1] == RegistrationKey(*keys.rows[1]) and list(keys[1:3]) == list(keys)[1:3]
    assert [k.id for k in keys] == sorted(k.id for k in keys)


def _person(i: int, xl: str | None, *, ldtt: bool = False) -> el.PersonProfile:
    return el.PersonProfile.build(
        i, f"Người {i}", evaluations=[el.YearEvaluation(2026, xl)] if xl else [],
        awards=[el.AwardRecord(2026, "LDTT")] if ldtt else [],
    )


def test_a_unit_with_parts_counts_as_the_flat_unit():
    rs = pick_ruleset(builtin_rulesets(), 2026)
    kinds = ["HTXSNV", "HTTNV", "HTNV", None, "KHTNV"]
    station = el.UnitProfile.build(2, "Trạm", members=[_person(i, kinds[i % 5], ldtt=i % 3 == 0) for i in range(9)])
    centre = el.UnitProfile.build(
        1, "Trung tâm", evaluations={2026: "HTXSNV"},
        members=[_person(100 + i, kinds[i % 4]) for i in range(5)], parts=[station],
    )
    assert centre.members[:5] == centre.own_members and centre.members[5:] == station.members
    flat = el.UnitProfile.build(1, "Trung tâm", evaluations={2026: "HTXSNV"}, members=centre.members)
    for code in ("TTLDTT", "TTLDXS"):
        alone = el.check_title(rs, code, flat, 2026)
        assert el.check_title(rs, code, centre, 2026) == alone
        with el.batch():
            assert el.check_titles(rs, code, [station, centre, centre], 2026)[1:] == [alone, alone]


def test_format_pct_in_integers_matches_the_exact_fractions():
    import math

    def reference(count, total, threshold):
        exact = Fraction(count * 100, total)
        if exact.denominator == 1:
            return f"{exact.numerator} %"
        rounded = math.floor(exact + Fraction(1, 2))
        if threshold is None or (rounded >= Fraction(threshold)) == (exact >= Fraction(threshold)):
            return f"{rounded} %"
        return None  # the decimals, shown by the existing tests

    for total in range(1, 41):
        for count in range(0, total + 1):
            for threshold in (None, 70, 100, Fraction(200, 3), Fraction(139, 2)):
                expected = reference(count, total, threshold)
                if expected is not None:
                    assert format_pct(count, total, threshold) == expected, (count, total, threshold)


def test_the_window_loads_only_the_tab_on_screen(qtbot, db, db_path):
    from thidua_desktop.ui.main_window import MainWindow

    build_demo(db, staff=60, seed=2)
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    assert window.staff_tab.model.rowCount() == 0  # not shown yet: nothing loaded
    window.select_tab("registrations")
    window.show()
    assert window.registration_tab.model.rowCount() > 0
    assert window.staff_tab.model.rowCount() == 0 and window.staff_tab.stale
    window.select_tab("staff")
    assert window.staff_tab.model.rowCount() > 0
    window.registration_tab.wait_for_checks()
