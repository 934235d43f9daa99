"""Award facts: every award from any source, once (store/awards.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.domain.decisions import Awardee, Decision
from thidua_desktop.domain.models import Staff, Unit
from thidua_desktop.domain.registrations import AwardEntry
from thidua_desktop.store import awards, merit, records
from thidua_desktop.store import decisions as store

T = "Đã có thành tích xuất sắc năm 2025"


@pytest.fixture
def small(db):
    """Two units (one a child of the other), three people, and awards from every source."""
    top = records.save_unit(db, Unit("Văn phòng"))
    child = records.save_unit(db, Unit("Tổ Hành chính", parent_id=top))
    an = records.save_staff(db, Staff("Nguyễn Văn An", gioi_tinh="nam", unit_id=top))
    binh = records.save_staff(db, Staff("Trần Thị Bình", gioi_tinh="nu", unit_id=child))
    cuong = records.save_staff(db, Staff("Lê Văn Cường", gioi_tinh="nam", unit_id=child))
    # the agency's decision: Giấy khen for An and Bình, paid; Bình's certificate later cancelled
    gk = store.save_decision(db, Decision(so="5/QĐ-BDT", ngay=dt.date(2025, 11, 30), nam=2025, ma="GK", awardees=(
        Awardee(staff_id=an, thanh_tich=T, tien_thuong=710_000),
        Awardee(staff_id=binh, thanh_tich=T, tien_thuong=710_000))))
    store.set_cancelled(db, [a.id for a in store.get_decision(db, gk).awardees if a.staff_id == binh])
    # a higher level's decision recorded: Bằng khen of the province for the child unit
    store.save_decision(db, Decision(so="77/QĐ-UBND", ngay=dt.date(2025, 12, 1), nam=2025, ma="BK_TINH",
                                     cap="tinh", co_quan_ban_hanh="Chủ tịch Ủy ban nhân dân tỉnh",
                                     awardees=(Awardee(unit_id=child, thanh_tich=T, tien_thuong=2_000_000),)))
    # history: typed and imported lines, one of them the same as the decision's (counted once)
    merit.save_awards(db, [
        AwardEntry(nam=2024, ma="LDTT", staff_id=cuong, so_quyet_dinh="9/QĐ-BDT",
                   ngay_quyet_dinh=dt.date(2024, 12, 20), nguon="nhap_excel"),
        AwardEntry(nam=2025, ma="CSTDCS", staff_id=cuong, nguon="nhap_tay"),
    ])
    return {"db": db, "top": top, "child": child, "an": an, "binh": binh, "cuong": cuong}


def test_every_source_once_with_level_from_the_catalogue(small):
    db = small["db"]
    got = {(f.ten, f.nam, f.ma): f for f in awards.facts(db)}
    assert set(got) == {("Nguyễn Văn An", 2025, "GK"), ("Tổ Hành chính", 2025, "BK_TINH"),
                        ("Lê Văn Cường", 2024, "LDTT"), ("Lê Văn Cường", 2025, "CSTDCS")}
    # the decision wrote An's Giấy khen into the history too: one fact, from the decision
    an = got[("Nguyễn Văn An", 2025, "GK")]
    assert (an.nguon, an.so, an.ngay, an.tien_thuong, an.level) == (
        "quyet_dinh", "5/QĐ-BDT", dt.date(2025, 11, 30), 710_000, "co_so")
    bk = got[("Tổ Hành chính", 2025, "BK_TINH")]
    assert (bk.nguon, bk.level, bk.co_quan_ban_hanh, bk.individual) == (
        "cap_tren", "tinh", "Chủ tịch Ủy ban nhân dân tỉnh", False)
    assert bk.ten_danh_hieu == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert got[("Lê Văn Cường", 2024, "LDTT")].nguon == "nhap_excel"
    assert got[("Lê Văn Cường", 2025, "CSTDCS")].tien_thuong is None
    assert db.execute("SELECT count(*) FROM awards").fetchone()[0] == 5  # Bình's line stays in the history …
    # … but her certificate is cancelled: the award book still lists its number, the facts do not count it
    book = store.award_book(db, 2025)
    assert [(r["ten"], bool(r["huy"])) for r in book if r["ma"] == "GK"] == [
        ("Nguyễn Văn An", False), ("Trần Thị Bình", True)]
    assert len(book) == 4


def test_filters_and_counts_equal_the_records_behind_them(small):
    db = small["db"]
    assert awards.counts(db, ["nam"]) == [(2024, 1, 0), (2025, 3, 2_710_000)]
    by_code = {r[0]: r[1] for r in awards.counts(db, ["ma"], awards.Filter(first_year=2025))}
    assert by_code == {"GK": 1, "BK_TINH": 1, "CSTDCS": 1}
    for code, n in by_code.items():
        assert len(awards.facts(db, awards.Filter(first_year=2025, codes=[code]))) == n
    assert awards.counts(db, ["gioi_tinh"], awards.Filter(individuals=True)) == [("nam", 3, 710_000)]
    assert [f.ma for f in awards.facts(db, awards.Filter(staff_unit_ids=[small["child"]]))] == ["LDTT", "CSTDCS"]
    assert [f.ma for f in awards.subject_facts(db, unit_id=small["child"])] == ["BK_TINH"]
    assert [f.ma for f in awards.subject_facts(db, staff_id=small["an"])] == ["GK"]


def test_reporting_period_runs_from_1_december_to_30_november(small):
    db = small["db"]
    period = awards.Filter(decided_from=dt.date(2024, 12, 1), decided_to=dt.date(2025, 11, 30))
    # 30/11/2025 is in, 01/12/2025 is the next period's; 20/12/2024 is in
    assert sorted(f.so for f in awards.facts(db, period)) == ["5/QĐ-BDT", "9/QĐ-BDT"]
    following = awards.Filter(decided_from=dt.date(2025, 12, 1), decided_to=dt.date(2026, 11, 30))
    # an undated line of 2025 (its year's titles are decided at the year's end) falls in the period after
    assert sorted((f.so, f.ma) for f in awards.facts(db, following)) == [("", "CSTDCS"), ("77/QĐ-UBND", "BK_TINH")]


def test_records_behind_a_group(small):
    db = small["db"]
    rows = awards.counts(db, ["dan_toc", "phan_loai", "chuc_vu"], awards.Filter(individuals=True))
    assert rows == [("", "", "", 3, 710_000)]
    keys = [r[:3] for r in rows]
    assert len(awards.facts(db, awards.Filter(individuals=True), groups=["dan_toc", "phan_loai", "chuc_vu"],
                            keys=keys)) == 3
    assert awards.facts(db, groups=["gioi_tinh"], keys=[]) == []
    within = awards.facts(db, awards.Filter(within_units=[small["child"]]))
    assert sorted(f.ma for f in within) == ["BK_TINH", "CSTDCS", "LDTT"]  # the unit and its people


def test_a_deleted_or_reissued_decision_is_counted_once_or_not_at_all(small):
    db = small["db"]
    d = next(r for r in store.list_decisions(db) if r["ma"] == "GK")
    store.delete_decision(db, d["id"])
    assert not awards.facts(db, awards.Filter(codes=["GK"]))
    # a history line of a decision missing from this file (an old file, the demo) is its own fact
    db.execute("INSERT INTO awards (staff_id, nam, ma, so_quyet_dinh, nguon) VALUES (?, 2023, 'LDTT', '1/QĐ', "
               "'quyet_dinh')", [small["an"]])
    (old,) = awards.facts(db, awards.Filter(first_year=2023, last_year=2023))
    assert (old.nguon, old.source_label) == ("lich_su", awards.SOURCES["lich_su"])


def test_an_unknown_code_has_an_unknown_level(small):
    db = small["db"]
    db.execute("INSERT INTO awards (staff_id, nam, ma, nguon) VALUES (?, 2020, 'HCLD3', 'nhap_tay')", [small["an"]])
    (fact,) = awards.facts(db, awards.Filter(last_year=2020))
    assert (fact.level, fact.level_label, fact.ten_danh_hieu) == ("chua_ro", "Chưa rõ cấp", "HCLD3")
    cat = awards.catalogue(db)
    assert set(cat.codes_where(levels=["toan_quoc"])) >= {"CSTD_TQ", "BK_TTG"}
    assert "GK" in cat.codes_where(kinds=["hinh_thuc"], subjects=["tap_the"])


def test_an_empty_file_has_no_facts(db):
    assert awards.facts(db) == [] and awards.counts(db, ["ma"]) == []
