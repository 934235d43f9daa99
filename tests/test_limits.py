"""Nonsense that used to be stored (issue 15, item 17): a 200,000-character
chức vụ, a 5,000-character unit name, a xếp loại for 2099, an award book
whose last year is before its first. One table of limits in the domain
(:mod:`thidua_desktop.domain.limits`), checked by every record's errors(),
so forms, imports and the CLI refuse the same things."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLineEdit

from drivers import fill_form
from tests import roster_factory as rf
from tests.merit_factory import seed_agency
from thidua_desktop.cli import main as cli_main
from thidua_desktop.domain import limits
from thidua_desktop.domain.council import Council, CouncilMember, Meeting
from thidua_desktop.domain.decisions import Awardee, Decision
from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.domain.registrations import (
    AwardEntry,
    DisciplineEntry,
    Evaluation,
    InitiativeEntry,
    Registration,
)
from thidua_desktop.services.imports import xep_loai as ei
from thidua_desktop.services.imports import roster as ri
from thidua_desktop.services.decisions.service import export_award_book
from thidua_desktop.services.imports.sheet import RowStatus
from thidua_desktop.store import merit, records
from thidua_desktop.store.records import ValidationError

THIS_YEAR = dt.date.today().year
NEXT, TOO_LATE = THIS_YEAR + 1, THIS_YEAR + 2


def long(n: int) -> str:
    return ("Chuyên viên chính phụ trách công tác " * (n // 30 + 1))[:n]


@pytest.mark.parametrize(("record", "message"), [
    (Staff("Nguyễn Văn An", chuc_vu=long(200_000)), "Chức vụ quá dài (200.000 ký tự, tối đa 200)"),
    (Staff("Nguyễn Văn An", ghi_chu=long(4_001)), "Ghi chú quá dài (4.001 ký tự, tối đa 4.000)"),
    (Staff(long(101).replace("  ", " ")), "Họ và tên quá dài"),
    (Unit(long(5_000)), "Tên đơn vị quá dài (5.000 ký tự, tối đa 300)"),
    (OrgSettings(co_quan=long(301)), "Tên cơ quan quá dài (301 ký tự, tối đa 300)"),
    (Campaign(long(301), nam_bat_dau=THIS_YEAR), "Tên phong trào quá dài"),
    (Campaign("Thi đua", nam_bat_dau=THIS_YEAR + 6), f"Năm bắt đầu {THIS_YEAR + 6} không hợp lệ"),
    (Campaign("Thi đua", nam_bat_dau=1900), "Năm bắt đầu 1900 không hợp lệ (từ 1945 đến"),
    (Campaign("Thi đua", nam_bat_dau=THIS_YEAR, nam_ket_thuc=THIS_YEAR + 9), "Năm kết thúc"),
    (Evaluation(1, 2099, "HTXSNV"), f"Năm 2099 không hợp lệ (từ 1945 đến {NEXT})"),
    (Evaluation(1, TOO_LATE, "HTXSNV"), f"Năm {TOO_LATE} không hợp lệ"),
    (AwardEntry(2024, "LDTT", staff_id=1, ngay_quyet_dinh=dt.date(2099, 1, 1)), "Ngày quyết định 01/01/2099"),
    (AwardEntry(2024, "LDTT", staff_id=1, so_quyet_dinh="1" * 101), "Số quyết định quá dài"),
    (DisciplineEntry("canh_cao", dt.date(2099, 5, 1), staff_id=1), "Ngày quyết định kỷ luật 01/05/2099"),
    (InitiativeEntry(long(1_001), 2024, (1,)), "Tên sáng kiến quá dài"),
    (Registration(1, THIS_YEAR + 6, "LDTT", staff_id=1), f"Năm {THIS_YEAR + 6} không hợp lệ"),
    (Awardee(staff_id=1, thanh_tich=long(2_001)), "Thành tích quá dài (2.001 ký tự, tối đa 2.000)"),
    (Decision("1/QĐ", dt.date(2024, 1, 5), 2099, "GK", awardees=(Awardee(staff_id=1, thanh_tich="x"),)),
     "Năm khen thưởng 2099 không hợp lệ"),
    (CouncilMember("Lê Văn Thành", chuc_vu=long(201)), "Chức vụ quá dài"),
    (Council("1/QĐ", dt.date(2024, 1, 1), (CouncilMember("A", "chu_tich"),), ghi_chu=long(4_001)), "Ghi chú quá dài"),
    (Meeting(1, 1, 2099, dt.date(2024, 1, 1)), "Năm 2099 không hợp lệ"),
])
def test_the_records_refuse_nonsense(record, message):
    errors = record.errors()
    assert any(message in e for e in errors), errors


@pytest.mark.parametrize("record", [
    Staff("Nguyễn Văn An", chuc_vu=long(200)),
    Unit(long(300)),
    Evaluation(1, NEXT, "HTTNV"),
    Evaluation(1, 1945, "HTTNV"),
    Campaign("Thi đua năm sau", nam_bat_dau=THIS_YEAR + 5),
    Registration(1, THIS_YEAR + 5, "LDTT", staff_id=1),
    Awardee(staff_id=1, thanh_tich=long(2_000)),
])
def test_the_limits_themselves_are_accepted(record):
    assert record.errors() == []


def test_one_table_of_limits():
    assert limits.TEXT_LIMITS["chuc_vu"] == ("Chức vụ", 200)
    assert limits.TEXT_LIMITS["thanh_tich"][1] == 2_000 and limits.TEXT_LIMITS["ghi_chu"][1] == 4_000
    assert limits.NAME_LIMITS["Unit"] == ("Tên đơn vị", 300)
    assert limits.record_years(dt.date(2030, 6, 1)) == (1945, 2031)
    assert limits.campaign_years(dt.date(2030, 6, 1)) == (1945, 2035)


def test_the_store_writes_nothing(db):
    before = "\n".join(db.conn.iterdump())
    for save, record in ((records.save_staff, Staff("Nguyễn Văn An", chuc_vu=long(200_000))),
                         (records.save_unit, Unit(long(5_000))),
                         (records.save_settings, OrgSettings(co_quan=long(5_000))),
                         (records.save_campaign, Campaign("Thi đua", nam_bat_dau=2099))):
        with pytest.raises(ValidationError):
            save(db, record)
    with pytest.raises(ValidationError, match="2099"):
        merit.save_evaluations(db, [Evaluation(1, 2099, "HTXSNV")])
    assert "\n".join(db.conn.iterdump()) == before


def test_roster_rows_with_nonsense_are_errors(db, tmp_path):
    path = rf.write_sheet(tmp_path / "ds.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Đơn vị"],
        [1, "Nguyễn Văn An", "12/03/1980", long(200_000), "Văn phòng"],
        [2, "Trần Thị Bình", "01/07/1985", "Chuyên viên", long(5_000)],
        [3, "Lê Văn Cường", "02/02/1979", "Chuyên viên", "Văn phòng"],
    ])
    plan = ri.plan_import(db, path)
    rows = {r.excel_row: r for r in plan.rows}
    # (a cell holds at most Excel's 32,767 characters)
    assert rows[2].status is RowStatus.ERROR and "Chức vụ quá dài (32.76" in rows[2].reason
    assert "tối đa 200)" in rows[2].reason
    assert rows[3].status is RowStatus.ERROR and "Tên đơn vị quá dài (5.000 ký tự, tối đa 300)" in rows[3].reason
    assert rows[4].status is RowStatus.NEW


def test_xep_loai_for_2099_is_an_error_row(db, tmp_path):
    seed_agency(db)
    path = rf.write_sheet(tmp_path / "xl.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2099, "HTXSNV"],
        [2, "Trần Thị Bình", "01/07/1985", NEXT, "HTTNV"],
    ])
    plan = ei.plan_evaluation_import(db, path)
    rows = {r.excel_row: r for r in plan.rows}
    assert rows[2].status is RowStatus.ERROR and f"Năm 2099 không hợp lệ (từ 1945 đến {NEXT})" in rows[2].reason
    assert rows[3].status is RowStatus.NEW
    path = rf.write_sheet(tmp_path / "xl2.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Xếp loại"], [1, "Nguyễn Văn An", "12/03/1980", "HTXSNV"]])
    plan = ei.plan_evaluation_import(db, path, year=2099)  # the year chosen for the whole sheet
    assert plan.rows[-1].status is RowStatus.ERROR and "2099 không hợp lệ" in plan.rows[-1].reason


def test_award_book_years_are_checked_in_the_service(db, tmp_path):
    with pytest.raises(ValidationError, match="Năm cuối 2020 trước năm đầu 2025"):
        export_award_book(db, tmp_path / "so.xlsx", 2025, 2020)
    with pytest.raises(ValidationError, match="Năm đầu 2099 không hợp lệ"):
        export_award_book(db, tmp_path / "so.xlsx", 2099)
    assert not (tmp_path / "so.xlsx").exists()


def test_cli_refuses_the_same(db, db_path, tmp_path, capsys):
    seed_agency(db)
    out = tmp_path / "so.xlsx"
    assert cli_main(["export-awards", "--db", str(db_path), "--year", "2025", "--to-year", "2020", str(out)]) == 2
    assert "Năm cuối 2020 trước năm đầu 2025" in capsys.readouterr().err and not out.exists()
    roster = rf.write_sheet(tmp_path / "ds.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ"], [1, "Nguyễn Văn Mới", "12/03/1980", long(200_000)]])
    before = db_path.read_bytes()
    assert cli_main(["import-staff", "--db", str(db_path), str(roster)]) == 2
    assert "ký tự, tối đa 200)" in capsys.readouterr().err
    evaluations = rf.write_sheet(tmp_path / "xl.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"], [1, "Nguyễn Văn An", "12/03/1980", 2099, "HTXSNV"]])
    assert cli_main(["import-evaluations", "--db", str(db_path), str(evaluations)]) == 2
    assert "Năm 2099 không hợp lệ" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_the_staff_form_refuses_a_pasted_page(show_window, db, monkeypatch):
    from thidua_desktop.ui import dialogs

    window = show_window(db)
    window.show_tabs()

    def fill(d):
        d.w(QLineEdit, "hoTenEdit").setText("Nguyễn Văn An")
        d.w(QLineEdit, "chucVuEdit").setText(long(200_000))  # a QLineEdit keeps 32,767 of them

    seen = fill_form(monkeypatch, fill)
    window.staff_tab.actions["add"].trigger()
    shown = seen[0].w(dialogs.QLabel, "errorLabel").text()
    assert "Chức vụ quá dài (32.76" in shown and "ký tự, tối đa 200)" in shown
    assert records.count_staff(window.db) == 0


def test_the_year_a_record_may_name_follows_the_calendar_past_midnight(monkeypatch):
    """Today's date is kept between checks (an import checks thousands of
    values), but only until the clock leaves that day, either way."""
    from thidua_desktop.domain import dates

    real = dt.date.today()
    assert dates.current_date() == real and limits.record_years()[1] == real.year + 1
    # a date kept since a day that is over (the program left open past midnight, or the clock set back)
    for stale in (dt.date(2019, 12, 31), real + dt.timedelta(days=400)):
        start = dt.datetime.combine(stale, dt.time()).timestamp()
        monkeypatch.setattr(dates, "_TODAY", (start, start + 86_400, stale))
        assert dates.current_date() == real
        assert limits.record_years() == (limits.FIRST_YEAR, real.year + 1)
