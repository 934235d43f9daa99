"""Demo data: a realistic, deterministic agency."""
from __future__ import annotations

import collections
import datetime as dt
import os
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from thidua_desktop import cli
from thidua_desktop.domain.models import OrgSettings, Unit
from thidua_desktop.domain.vntext import search_key
from thidua_desktop.services.demo import DemoDataExistsError, DemoSummary, build_demo
from thidua_desktop.store import records
from thidua_desktop.store.db import StoreError, open_database

YEAR = 2026
MINORITY = re.compile(r"^(Y |H'|Ka |K'|Mấu |Bo Bo |Pi Năng |Katơr |Chamaléa |Mang |Ma |Bh'riu |Alăng |Zơ Râm |Bling |Pơloong |Arất |Clâu |Ating |Hốih )")


def dump(database) -> dict[str, list[tuple]]:
    return {
        table: database.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        for table in ("org_settings", "units", "staff", "campaigns")
    }


def built(path: Path, **kwargs):
    database = open_database(path)
    kwargs.setdefault("year", YEAR)
    summary = build_demo(database, **kwargs)
    return database, summary


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """5,000 people, built once for the statistical checks."""
    path = tmp_path_factory.mktemp("demo") / "demo-5000.sqlite"
    database, summary = built(path, staff=5000, seed=7)
    rows = records.list_staff_rows(database)
    units = records.list_units(database)
    database.close()
    return summary, rows, units


# --- shape -------------------------------------------------------------------------------------

def test_default_demo_has_the_agency_units_staff_and_campaigns(db):
    summary = build_demo(db, year=YEAR)
    assert isinstance(summary, DemoSummary)
    assert (summary.units, summary.staff, summary.campaigns, summary.meetings) == (9, 120, 3, 2)  # + last year's
    assert records.count_staff(db) == 120
    units = records.list_units(db)
    assert len(units) == summary.units
    names = [u.ten for u in units]
    for expected in ("Văn phòng", "Phòng Chính sách dân tộc", "Phòng Kế hoạch - Tổng hợp", "Thanh tra Ban"):
        assert expected in names
    by_id = {u.id: u for u in units}
    children = [u for u in units if u.parent_id is not None]
    assert len(children) >= 2
    assert all(by_id[u.parent_id].ten.startswith("Trung tâm") for u in children)
    staff_per_unit = collections.Counter(r["unit_id"] for r in records.list_staff_rows(db))
    assert set(staff_per_unit) == set(by_id)  # every unit holds people
    assert summary.staff_left == db.execute("SELECT count(*) FROM staff WHERE dang_cong_tac = 0").fetchone()[0]
    assert summary.seconds >= 0
    assert "120 cán bộ" in summary.describe()


def test_organisation_settings_name_the_head_of_the_agency(db):
    build_demo(db, year=YEAR)
    settings = records.get_settings(db)
    assert settings.co_quan_chu_quan == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    assert (settings.co_quan, settings.ky_hieu, settings.dia_danh) == ("BAN DÂN TỘC", "BDT", "Khánh Hòa")
    assert settings.chuc_danh_thu_truong == "Trưởng Ban"
    [head] = [r for r in records.list_staff_rows(db) if r["chuc_vu"] == "Trưởng Ban"]
    assert settings.ten_thu_truong == head["ho_ten"]
    assert [r["chuc_vu"] for r in records.list_staff_rows(db)].count("Phó Trưởng Ban") == 2


def test_campaigns_follow_the_real_plans(db):
    build_demo(db, year=YEAR)
    campaigns = {c.loai: c for c in reversed(records.list_campaigns(db))}  # newest wins
    yearly = campaigns["thuong_xuyen"]
    past = [c for c in records.list_campaigns(db) if c.loai == "thuong_xuyen" and c.nam_bat_dau == YEAR - 1]
    assert len(past) == 1  # last year's, whose council meeting the demo holds
    assert (yearly.nam_bat_dau, yearly.nam_ket_thuc) == (YEAR, YEAR)
    assert re.fullmatch(r"\d{1,3}/KH-BDT", yearly.so_ke_hoach)
    assert yearly.ngay_ban_hanh.year == YEAR and yearly.ngay_ban_hanh.month == 1
    assert (yearly.han_dang_ky, yearly.han_sang_kien, yearly.han_ho_so) == (
        dt.date(YEAR, 3, 15), dt.date(YEAR, 11, 1), dt.date(YEAR, 11, 20),
    )
    assert str(YEAR) in yearly.ten
    topical = campaigns["chuyen_de"]
    assert (topical.nam_bat_dau, topical.nam_ket_thuc) == (2026, 2030)
    assert "chung sức xây dựng nông thôn mới" in topical.ten
    assert topical.period_label == "2026–2030"
    assert re.fullmatch(r"\d{1,3}/KH-BDT", topical.so_ke_hoach)


def test_the_topical_period_contains_the_year(tmp_path):
    database, _ = built(tmp_path / "a.sqlite", staff=5, year=2024)
    try:
        [topical] = [c for c in records.list_campaigns(database) if c.loai == "chuyen_de"]
        assert (topical.nam_bat_dau, topical.nam_ket_thuc) == (2021, 2025)
    finally:
        database.close()


def test_year_defaults_to_this_year(db):
    build_demo(db, staff=3)
    years = {c.nam_bat_dau for c in records.list_campaigns(db) if c.loai == "thuong_xuyen"}
    assert years == {dt.date.today().year}


@pytest.mark.parametrize("n", [0, 1, 4, 25])
def test_small_sizes(tmp_path, n):
    database, summary = built(tmp_path / "s.sqlite", staff=n)
    try:
        assert records.count_staff(database) == summary.staff == n
        assert summary.units == 9
    finally:
        database.close()


def test_negative_size_is_a_programming_error(db):
    with pytest.raises(ValueError):
        build_demo(db, staff=-1)


# --- determinism -----------------------------------------------------------------------------------

def test_same_seed_gives_identical_tables(tmp_path):
    a, _ = built(tmp_path / "a.sqlite", staff=300, seed=42)
    b, _ = built(tmp_path / "b.sqlite", staff=300, seed=42)
    c, _ = built(tmp_path / "c.sqlite", staff=300, seed=43)
    try:
        assert dump(a) == dump(b)
        assert dump(a)["staff"] != dump(c)["staff"]
    finally:
        for database in (a, b, c):
            database.close()


# --- realism ------------------------------------------------------------------------------------------

def test_large_sizes_get_more_units_of_realistic_size(big):
    summary, rows, units = big
    assert summary.staff == len(rows) == 5000
    assert summary.units == len(units) == 250
    sizes = collections.Counter(r["unit_id"] for r in rows)
    ordinary = [n for uid, n in sizes.items() if uid != units[0].id]
    assert 10 <= min(ordinary) and max(ordinary) <= 40
    assert len({search_key(u.ten) for u in units}) == len(units)
    by_id = {u.id: u for u in units}
    assert all(u.parent_id is None or u.parent_id in by_id for u in units)
    heads = collections.Counter(r["unit_id"] for r in rows if r["chuc_vu"] in (
        "Trưởng Ban", "Chánh Văn phòng", "Trưởng phòng", "Chánh Thanh tra", "Giám đốc",
        "Trạm trưởng", "Tổ trưởng"))
    assert set(heads.values()) == {1} and set(heads) == set(sizes)  # one head per unit


def test_about_ten_percent_minority_names(big):
    _, rows, _ = big
    minority = [r["ho_ten"] for r in rows if MINORITY.match(r["ho_ten"])]
    share = len(minority) / len(rows)
    assert 0.06 <= share <= 0.14, share
    assert any(n.startswith("H'") for n in minority)
    assert any(n.startswith("Y ") for n in minority)
    assert any(n.startswith("Ka ") for n in minority)
    assert any("'" in n and not n.startswith("H'") for n in minority)


def test_family_names_are_weighted_like_reality(big):
    _, rows, _ = big
    kinh = [r["ho_ten"] for r in rows if not MINORITY.match(r["ho_ten"])]
    families = collections.Counter(n.split()[0] for n in kinh)
    ranked = [name for name, _ in families.most_common()]
    assert ranked[0] == "Nguyễn"
    assert 0.25 <= families["Nguyễn"] / len(kinh) <= 0.42
    assert set(ranked[1:4]) <= {"Trần", "Lê", "Phạm", "Phan"}
    assert {"Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"} <= set(families)


def test_genders_agree_with_names(big):
    _, rows, _ = big
    assert 0.40 <= sum(r["gioi_tinh"] == "nu" for r in rows) / len(rows) <= 0.62
    for r in rows:
        words = r["ho_ten"].split()
        if "Thị" in words or r["ho_ten"].startswith(("H'", "Ka ")):
            assert r["gioi_tinh"] == "nu", r["ho_ten"]
        if "Văn" in words[1:2] or r["ho_ten"].startswith(("Y ", "K'")):
            assert r["gioi_tinh"] == "nam", r["ho_ten"]


def test_text_is_clean_nfc(big):
    _, rows, units = big
    for r in rows:
        for key in ("ho_ten", "chuc_vu", "ngach", "trinh_do", "ghi_chu", "unit_ten"):
            value = r[key]
            assert unicodedata.is_normalized("NFC", value)
            assert value == value.strip() and "  " not in value
        assert r["ten_key"] == search_key(r["ho_ten"])
        assert len(r["ho_ten"].split()) >= 2
    assert all(unicodedata.is_normalized("NFC", u.ten) for u in units)


def test_roster_fields_look_real(big):
    _, rows, _ = big
    n = len(rows)
    year_only = [r for r in rows if r["ngay_sinh"] and len(r["ngay_sinh"]) == 4]
    assert 0.05 * n <= len(year_only) <= 0.2 * n
    births = [int(r["ngay_sinh"][:4]) for r in rows]
    assert YEAR - 60 <= min(births) and max(births) <= YEAR - 23
    left = [r for r in rows if not r["dang_cong_tac"]]
    assert 0.01 * n <= len(left) <= 0.06 * n
    assert all(r["ngay_nghi"] and r["ghi_chu"] for r in left)
    assert all(r["ngay_nghi"] is None for r in rows if r["dang_cong_tac"])
    assert sum(r["loai_hop_dong"] == "bien_che" for r in rows) >= 0.8 * n
    assert {r["loai_hop_dong"] for r in rows} == {"bien_che", "hop_dong"}
    titles = collections.Counter(r["chuc_vu"] for r in rows)
    assert titles.most_common(1)[0][0] in ("Chuyên viên", "Viên chức")
    for title in ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Kế toán", "Văn thư", "Nhân viên"):
        assert titles[title] > 0, title
    levels = collections.Counter(r["trinh_do"] for r in rows)
    assert levels.most_common(1)[0][0] == "Đại học"
    assert {"Thạc sĩ", "Cao đẳng"} <= set(levels)
    noted = [r for r in rows if r["dang_cong_tac"] and r["ghi_chu"]]
    assert 0.005 * n <= len(noted) <= 0.08 * n
    assert sum(r["ghi_chu"] == "Thư ký Hội đồng Thi đua - Khen thưởng" for r in rows) == 1


# --- refusing a file with data, atomicity -------------------------------------------------------------

def test_refuses_a_file_that_already_has_data(db):
    build_demo(db, staff=10, year=YEAR)
    before = dump(db)
    with pytest.raises(DemoDataExistsError) as info:
        build_demo(db, staff=10, year=YEAR)
    assert isinstance(info.value, StoreError)
    assert "đã có dữ liệu" in str(info.value)
    assert dump(db) == before


def test_refuses_a_file_with_only_a_unit(db):
    records.save_unit(db, Unit("Phòng của tôi"))
    with pytest.raises(DemoDataExistsError):
        build_demo(db, year=YEAR)
    assert [u.ten for u in records.list_units(db)] == ["Phòng của tôi"]
    assert records.count_staff(db) == 0


def test_keeps_settings_the_user_already_entered(db):
    mine = OrgSettings(co_quan="SỞ NỘI VỤ", ky_hieu="SNV", dia_danh="Đồng Nai")
    records.save_settings(db, mine)
    build_demo(db, staff=5, year=YEAR)
    assert records.get_settings(db) == mine


def test_a_failure_midway_leaves_nothing(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(records, "save_campaign", broken)  # the store module the demo writes through
    with pytest.raises(RuntimeError):
        build_demo(db, staff=50, year=YEAR)
    assert records.count_staff(db) == 0
    assert records.list_units(db) == []
    assert records.get_settings(db) == OrgSettings()


# --- size ----------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("THIDUA_LONG") != "1", reason="50,000 people: set THIDUA_LONG=1")
def test_fifty_thousand_people(tmp_path):
    database, summary = built(tmp_path / "big.sqlite", staff=50_000)
    try:
        assert records.count_staff(database) == summary.staff == 50_000
        assert summary.units == 2500
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        database.close()


# --- command line ------------------------------------------------------------------------------------------

def test_cli_demo_prints_a_summary(tmp_path, capsys):
    path = tmp_path / "cli.sqlite"
    assert cli.main(["demo", "--db", str(path), "--staff", "40", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "40 cán bộ" in out and "9 đơn vị" in out and "3 phong trào" in out and "2 cuộc họp Hội đồng" in out and "giây" in out
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 40
    conn.close()


def test_cli_demo_on_a_file_with_data_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "cli.sqlite"
    assert cli.main(["demo", "--db", str(path), "--staff", "5"]) == 0
    capsys.readouterr()
    assert cli.main(["demo", "--db", str(path), "--staff", "5"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: ") and "đã có dữ liệu" in lines[0]


def test_cli_demo_refuses_a_negative_size(tmp_path, capsys):
    assert cli.main(["demo", "--db", str(tmp_path / "x.sqlite"), "--staff", "-5"]) == 2
    assert "--staff" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()


def test_the_season_has_history_registrations_and_rule_breakers(db):
    from collections import Counter

    from thidua_desktop.services.eligibility import check_registrations

    summary = build_demo(db, staff=400, seed=3, year=2026)
    assert summary.registrations > 400 and summary.awards > 0 and summary.initiatives > 0
    yearly = next(c for c in records.list_campaigns(db) if c.loai == "thuong_xuyen")
    results = check_registrations(db, yearly.id)
    assert len(results) == summary.registrations
    statuses = Counter(r.status for r in results.values())
    assert statuses["ok"] and statuses["warning"] and statuses["blocked"]
    reasons = " | ".join(r.text for r in results.values() if r.status == "blocked")
    assert "Đang bị xem xét kỷ luật" in reasons
    assert "Chưa đủ" in reasons or "Chưa có" in reasons
    codes = {row[0] for row in db.execute("SELECT DISTINCT ma FROM registrations")}
    assert {"LDTT", "CSTDCS", "TTLDTT", "TTLDXS", "CO_TINH"} <= codes
