"""Roster import: reading messy real-world rosters, planning, applying."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
import unicodedata
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import roster_factory as rf
from thidua_desktop.domain import vntext
from thidua_desktop.domain.dates import PartialDate
from thidua_desktop.domain.models import Staff, Unit
from thidua_desktop.services.imports import roster as ri
from thidua_desktop.services.imports.roster import ImportFileError, RowStatus
from thidua_desktop.store import records


def dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def stored_people(db) -> list[tuple]:
    return sorted(
        (r["ho_ten"], r["ngay_sinh"], r["gioi_tinh"], r["unit_ten"], r["chuc_vu"], r["ngach"],
         r["trinh_do"], r["loai_hop_dong"], r["ghi_chu"])
        for r in records.list_staff_rows(db)
    )


def expected_people(people, unit_names: dict[str, str] | None = None) -> list[tuple]:
    unit_names = unit_names or {}
    return sorted(
        (p.ho_ten, p.ngay_sinh, p.gioi_tinh, unit_names.get(p.unit, p.unit) if p.unit else "",
         p.chuc_vu, p.ngach, p.trinh_do, p.loai_hop_dong, p.ghi_chu)
        for p in people
    )


def status_of(plan, excel_row: int) -> ri.PlannedRow:
    return next(r for r in plan.rows if r.excel_row == excel_row)


def write_rows(path, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        rf.put_row(ws, r, values)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


# --- the messy roster of the issue ---------------------------------------------------


@pytest.fixture
def messy(tmp_path):
    return rf.messy_roster(tmp_path / "danh-sach.xlsx")


def test_layout_of_messy_roster(messy):
    data = ri.read_sheet(messy.path)
    layout = ri.detect_layout(data)
    assert (layout.header_first_row, layout.header_last_row) == messy.header_rows == (8, 9)
    assert layout.columns == {
        "stt": 1, "ho_ten": 2, "ngay_sinh_nam": 3, "ngay_sinh_nu": 4, "chuc_vu": 5, "ngach": 6,
        "trinh_do": 7, "loai_hop_dong": 8, "ghi_chu": 9,
    }
    assert data.name == "Danh sách"
    assert data.rows[11][1] == "Nguyễn Văn An"  # Excel row 12 is rows[11]


def test_messy_roster_imports_exactly_the_people_and_units(db, messy):
    # An existing unit written differently is matched, not duplicated.
    van_phong = records.save_unit(db, Unit("Văn phòng"))
    plan = ri.plan_import(db, messy.path)
    assert plan.ok, [(r.excel_row, r.reason) for r in plan.errors]
    counts = plan.counts()
    assert counts[RowStatus.NEW] == len(messy.people) == 9
    assert counts[RowStatus.ERROR] == counts[RowStatus.UPDATE] == counts[RowStatus.UNCHANGED] == 0
    assert plan.units_to_create == ["PHÒNG CHÍNH SÁCH DÂN TỘC", "PHÒNG KẾ HOẠCH TỔNG HỢP"]
    assert plan.unit_renames == {"PHÒNG CHÍNH SÁCH DÂN TỘC": "Phòng Chính sách dân tộc",
                                 "PHÒNG KẾ HOẠCH TỔNG HỢP": "Phòng Kế hoạch tổng hợp"}
    # every staff row where the factory put it, every other row skipped with its reason
    new_rows = {r.excel_row for r in plan.rows if r.status is RowStatus.NEW}
    assert new_rows == {p.excel_row for p in messy.people}
    for row, word in messy.skipped_rows.items():
        planned = status_of(plan, row)
        assert planned.status is RowStatus.SKIPPED, (row, planned)
        assert word in planned.reason.lower(), (row, planned.reason)
    assert len(plan.rows) == len(new_rows) + len(messy.skipped_rows)
    # the legacy cells are listed with their decoding
    legacy = {(c.excel_row, c.column): (c.after, c.encoding) for c in plan.legacy_cells}
    assert legacy == {
        (17, "B"): ("Phạm Thị Thu", "tcvn3"),
        (17, "E"): ("Trưởng phòng", "tcvn3"),
        (18, "B"): ("Đinh Văn Cường", "tcvn3"),
        (22, "B"): ("Hoàng Văn Sơn", "vni"),
    }

    result = ri.apply_import(db, plan)
    assert result == ri.ImportResult(created=9, updated=0, unchanged=0, skipped=len(messy.skipped_rows),
                                     units_created=2)
    assert stored_people(db) == expected_people(messy.people, {"VĂN PHÒNG": "Văn phòng", **plan.unit_renames})
    units = {u.ten: u.id for u in records.list_units(db)}
    assert set(units) == {"Văn phòng", "Phòng Chính sách dân tộc", "Phòng Kế hoạch tổng hợp"}
    assert units["Văn phòng"] == van_phong
    for row in db.query("SELECT ho_ten, ten_key FROM staff"):
        assert unicodedata.is_normalized("NFC", row["ho_ten"])
        assert row["ho_ten"] == vntext.clean(row["ho_ten"])
        assert row["ten_key"] == vntext.search_key(row["ho_ten"])


def test_reimport_changes_nothing(db, messy):
    ri.apply_import(db, ri.plan_import(db, messy.path))
    before = dump(db)
    plan = ri.plan_import(db, messy.path)
    counts = plan.counts()
    assert counts[RowStatus.UNCHANGED] == 9
    assert counts[RowStatus.NEW] == counts[RowStatus.UPDATE] == 0
    assert plan.units_to_create == []
    result = ri.apply_import(db, plan)
    assert (result.created, result.updated, result.unchanged, result.units_created) == (0, 0, 9, 0)
    assert dump(db) == before


def test_plan_writes_nothing(db, messy):
    before = dump(db)
    ri.plan_import(db, messy.path)
    assert dump(db) == before
    assert not db.conn.in_transaction


def test_no_convert_keeps_legacy_text_but_lists_it(db, messy):
    plan = ri.plan_import(db, messy.path, convert_legacy=False)
    assert not plan.converted_legacy
    assert {(c.excel_row, c.column) for c in plan.legacy_cells} == {(17, "B"), (17, "E"), (18, "B"), (22, "B")}
    row = status_of(plan, 17)
    assert row.staff.ho_ten == rf.to_tcvn3("Phạm Thị Thu")
    assert status_of(plan, 12).staff.ho_ten == "Nguyễn Văn An"  # Unicode untouched


def test_fully_legacy_sheet_is_decoded_as_a_whole(db, tmp_path):
    """A roster typed entirely with .VnTime: header and short names too."""
    rows = [
        [rf.to_tcvn3("Danh sách cán bộ năm 2026")],
        ["STT", rf.to_tcvn3("Họ và tên"), rf.to_tcvn3("Năm sinh"), rf.to_tcvn3("Chức vụ")],
        [1, rf.to_tcvn3("Nguyễn Văn Tuấn"), 1980, rf.to_tcvn3("Trưởng phòng")],
        [2, rf.to_tcvn3("Trần Thị Hồng"), 1985, rf.to_tcvn3("Chuyên viên")],
        [3, rf.to_tcvn3("Lê Văn Dũng"), 1990, rf.to_tcvn3("Kế toán")],
    ]
    path = write_rows(tmp_path / "vntime.xlsx", rows)
    plan = ri.plan_import(db, path)
    assert plan.legacy_encoding == "tcvn3"
    assert [r.staff.ho_ten for r in plan.rows] == ["Nguyễn Văn Tuấn", "Trần Thị Hồng", "Lê Văn Dũng"]
    assert [r.staff.chuc_vu for r in plan.rows] == ["Trưởng phòng", "Chuyên viên", "Kế toán"]
    assert plan.layout.columns == {"stt": 1, "ho_ten": 2, "ngay_sinh": 3, "chuc_vu": 4}


# --- refusing bad rosters -----------------------------------------------------------


def test_bad_roster_is_refused_with_row_numbers_and_db_unchanged(db, tmp_path):
    roster, errors = rf.bad_roster(tmp_path / "bad.xlsx")
    before = dump(db)
    plan = ri.plan_import(db, roster.path)
    assert not plan.ok
    got = {r.excel_row: r.reason for r in plan.errors}
    assert set(got) == set(errors)
    for row, fragment in errors.items():
        assert fragment in got[row], (row, got[row])
    assert "31/2/1980 không tồn tại" in got[min(errors)]
    assert got[min(errors)].startswith("Ngày sinh (cột D): ")
    with pytest.raises(ImportFileError) as exc:
        ri.apply_import(db, plan)
    message = str(exc.value)
    for row in errors:
        assert f"Dòng {row}:" in message
    assert dump(db) == before


def test_apply_is_all_or_nothing(db, messy):
    """A failure while writing (here a CHECK constraint) leaves no trace,
    not even the units created earlier in the same transaction."""
    plan = ri.plan_import(db, messy.path)
    last = plan.rows[[i for i, r in enumerate(plan.rows) if r.status is RowStatus.NEW][-1]]
    last.staff = dataclasses.replace(last.staff, gioi_tinh="khac")
    before = dump(db)
    with pytest.raises(sqlite3.IntegrityError):
        ri.apply_import(db, plan)
    assert dump(db) == before


def test_applying_a_stale_plan_twice_is_refused(db, messy):
    plan = ri.plan_import(db, messy.path)
    ri.apply_import(db, plan)
    after_first = dump(db)
    with pytest.raises(ImportFileError, match="xem trước lại"):
        ri.apply_import(db, plan)
    assert dump(db) == after_first


def test_duplicate_rows_in_the_file(db, tmp_path):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh"],
        [1, "Nguyễn Văn An", "12/03/1980"],
        [2, "Trần Thị Bình", "1985"],
        [3, "NGUYỄN  VĂN AN", dt.datetime(1980, 3, 12)],
        [4, "TRẦN THỊ BÌNH", 1985],
        [5, "Nguyễn Văn An", "1981"],  # another person of the same name
    ]
    plan = ri.plan_import(db, write_rows(tmp_path / "dup.xlsx", rows))
    reasons = {r.excel_row: r.reason for r in plan.errors}
    assert sorted(reasons) == [4, 5]
    assert reasons[4].startswith("Trùng với dòng 2 (cùng họ tên và ngày sinh)")
    assert reasons[5].startswith("Trùng với dòng 3 (cùng họ tên và ngày sinh)")
    assert "ghi đủ ngày tháng năm sinh" in reasons[5]
    assert status_of(plan, 6).status is RowStatus.NEW


def test_one_stored_person_written_twice_in_the_file(db, tmp_path):
    """With and without accents, both rows are the same stored person: the second is an error."""
    records.save_staff(db, Staff("Trần Thị Bình", ngay_sinh=PartialDate(1985)))
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Trần Thị Bình", "1985"], [2, "Tran Thi Binh", "1985"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "twice.xlsx", rows))
    assert plan.rows[0].status is RowStatus.UNCHANGED
    assert plan.rows[1].status is RowStatus.ERROR
    assert plan.rows[1].reason.startswith("Trùng với dòng 2 (cùng người trong dữ liệu)")


# --- matching and updating ----------------------------------------------------------


def test_update_changes_only_what_the_file_provides(db, tmp_path):
    unit = records.save_unit(db, Unit("Phòng Kế hoạch"))
    sid = records.save_staff(db, Staff(
        "Nguyễn Văn An", gioi_tinh="nam", ngay_sinh=PartialDate(1980, 3, 12), chuc_vu="Chuyên viên",
        ngach="Chuyên viên", trinh_do="Đại học", unit_id=unit, loai_hop_dong="bien_che",
        ghi_chu="Đảng viên",
    ))
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Ghi chú"],
        [1, "nguyễn văn an", "12/03/1980", "Phó Trưởng phòng", None],
    ]
    plan = ri.plan_import(db, write_rows(tmp_path / "u.xlsx", rows))
    row = plan.rows[0]
    assert row.status is RowStatus.UPDATE and row.existing_id == sid
    assert row.changes == ["Chức vụ: “Chuyên viên” → “Phó Trưởng phòng”"]
    ri.apply_import(db, plan)
    s = records.get_staff(db, sid)
    assert s.chuc_vu == "Phó Trưởng phòng"
    # everything the file lacks (columns, or an empty note cell) is kept; the
    # name differing only by case is not a change
    assert (s.ho_ten, s.gioi_tinh, s.ngach, s.trinh_do, s.unit_id, s.loai_hop_dong, s.ghi_chu) == (
        "Nguyễn Văn An", "nam", "Chuyên viên", "Đại học", unit, "bien_che", "Đảng viên")


def test_update_moves_unit_and_creates_it(db, tmp_path):
    sid = records.save_staff(db, Staff("Lê Thị Hoa", gioi_tinh="nu", ngay_sinh=PartialDate(1990)))
    rows = [["STT", "Họ và tên", "Năm sinh", "Đơn vị"], [1, "Lê Thị Hoa", 1990, "Thanh tra"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "u.xlsx", rows))
    assert plan.rows[0].status is RowStatus.UPDATE
    assert plan.rows[0].changes == ["Đơn vị: — → “Thanh tra”"]
    assert plan.units_to_create == ["Thanh tra"]
    result = ri.apply_import(db, plan)
    assert result.updated == 1 and result.units_created == 1
    assert records.get_staff(db, sid).unit_id == records.unit_by_key(db)["thanh tra"].id


@pytest.mark.parametrize(
    ("stored", "in_file", "status", "kept"),
    [
        (PartialDate(1980), "12/03/1980", RowStatus.UPDATE, "1980-03-12"),  # file refines the year
        (PartialDate(1980, 3, 12), "1980", RowStatus.UNCHANGED, "1980-03-12"),  # never less precise
        (None, "12/03/1980", RowStatus.UPDATE, "1980-03-12"),
        (PartialDate(1980, 3, 12), None, RowStatus.UNCHANGED, "1980-03-12"),  # no date: same name
        (PartialDate(1980, 3, 12), "13/03/1980", RowStatus.NEW, "1980-03-12"),  # another person
        (PartialDate(1980), "1981", RowStatus.NEW, "1980"),
    ],
)
def test_year_only_and_missing_dates_match_compatible_people(db, tmp_path, stored, in_file, status, kept):
    sid = records.save_staff(db, Staff("Phạm Văn Đức", ngay_sinh=stored))
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Phạm Văn Đức", in_file]]
    plan = ri.plan_import(db, write_rows(tmp_path / "y.xlsx", rows))
    assert plan.rows[0].status is status
    if status is not RowStatus.NEW:
        assert plan.rows[0].existing_id == sid
    ri.apply_import(db, plan)
    assert db["staff"].get(sid)["ngay_sinh"] == kept
    # and importing the same file again changes nothing
    again = ri.plan_import(db, write_rows(tmp_path / "y.xlsx", rows))
    assert again.rows[0].status is RowStatus.UNCHANGED


def test_ambiguous_year_only_row_is_an_error(db, tmp_path):
    records.save_staff(db, Staff("Phạm Văn Đức", ngay_sinh=PartialDate(1980, 3, 12)))
    records.save_staff(db, Staff("Phạm Văn Đức", ngay_sinh=PartialDate(1980, 7, 1)))
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Phạm Văn Đức", "1980"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "a.xlsx", rows))
    assert plan.rows[0].status is RowStatus.ERROR
    assert "Có 2 người cùng tên" in plan.rows[0].reason
    assert "12/03/1980" in plan.rows[0].reason and "01/07/1980" in plan.rows[0].reason


def test_exact_match_wins_over_compatible_one(db, tmp_path):
    """Row 2 (year only) must not take the person that row 3 matches exactly."""
    year_only = records.save_staff(db, Staff("Vũ Thị Lan", ngay_sinh=PartialDate(1975)))
    full = records.save_staff(db, Staff("Vũ Thị Lan", ngay_sinh=PartialDate(1975, 5, 5)))
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Vũ Thị Lan", "1975"], [2, "Vũ Thị Lan", "05/05/1975"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "e.xlsx", rows))
    assert [(r.status, r.existing_id) for r in plan.rows] == [
        (RowStatus.UNCHANGED, year_only), (RowStatus.UNCHANGED, full)]


def test_names_differing_only_by_accents_are_two_people(db, tmp_path):
    """“Dung” and “Dũng” born the same year are different people, in the data and in the file."""
    dung = records.save_staff(db, Staff("Nguyễn Thanh Dung", ngay_sinh=PartialDate(1993)))
    dung_tilde = records.save_staff(db, Staff("Nguyễn Thanh Dũng", ngay_sinh=PartialDate(1993)))
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyễn Thanh Dũng", "1993"],
            [2, "Nguyễn Thanh Dung", "1993"], [3, "NGUYỄN  THANH DŨNG", "1993"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "d.xlsx", rows))
    assert [(r.status, r.existing_id) for r in plan.rows[:2]] == [
        (RowStatus.UNCHANGED, dung_tilde), (RowStatus.UNCHANGED, dung)]
    assert plan.rows[2].status is RowStatus.ERROR and "Trùng với dòng 2" in plan.rows[2].reason


def test_a_roster_typed_without_accents_finds_the_person(db, tmp_path):
    an = records.save_staff(db, Staff("Nguyễn Văn An", ngay_sinh=PartialDate(1980, 3, 12)))
    rows = [["STT", "Họ và tên", "Ngày sinh", "Chức vụ"], [1, "Nguyen Van An", "12/03/1980", "Chuyên viên"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "n.xlsx", rows))
    [row] = plan.rows
    assert (row.status, row.existing_id) == (RowStatus.UPDATE, an)


# --- layouts seen in the wild -------------------------------------------------------


def test_unit_column_merged_vertically_and_gender_column(db, tmp_path):
    rows = [
        ["DANH SÁCH"],
        ["TT", "Họ tên", "Giới tính", "Năm sinh", "Phòng, ban", "Biên chế / Hợp đồng"],
        [1, "Đỗ Văn Nam", "Nam", 1970, "Văn phòng", "BC"],
        [2, "Ngô Thị Mai", "nữ", 1980, None, "HĐ"],
        [3, "Bùi Văn Tiến", "nam", 1985, "Thanh tra", "Hợp đồng lao động"],
        [4, "Lý Thị Hằng", "X", 1986, "Thanh tra", "Biên chế"],
    ]
    path = write_rows(tmp_path / "c.xlsx", rows, merges=["E3:E4"])
    plan = ri.plan_import(db, path)
    assert plan.layout.columns == {"stt": 1, "ho_ten": 2, "gioi_tinh": 3, "ngay_sinh": 4, "don_vi": 5,
                                   "loai_hop_dong": 6}
    got = [(r.status, r.staff.gioi_tinh, r.unit_name, r.staff.loai_hop_dong) for r in plan.rows]
    assert got[:3] == [
        (RowStatus.NEW, "nam", "Văn phòng", "bien_che"),
        (RowStatus.NEW, "nu", "Văn phòng", "hop_dong"),  # the merged unit cell covers row 4
        (RowStatus.NEW, "nam", "Thanh tra", "hop_dong"),
    ]
    assert got[3][0] is RowStatus.ERROR and "Giới tính “X” không rõ" in plan.rows[3].reason


def test_name_split_in_two_columns_and_gender_marks(db, tmp_path):
    rows = [
        ["STT", "Họ và tên", None, "Giới tính", None, "Ngày sinh"],
        [None, "Họ đệm", "Tên", "Nam", "Nữ", None],
        [1, "Nguyễn Thị", "Hoa", None, "x", "1/2/1990"],
        [2, "Trần Văn", "Hùng", "x", None, "3/4/1991"],
        [3, "Kim Văn", "Sơn", None, None, "5/6/1992"],
    ]
    path = write_rows(tmp_path / "s.xlsx", rows, merges=["B1:C1", "D1:E1", "A1:A2", "F1:F2"])
    plan = ri.plan_import(db, path)
    assert plan.layout.columns == {"stt": 1, "ho_ten": 2, "ten": 3, "gioi_tinh_nam": 4, "gioi_tinh_nu": 5,
                                   "ngay_sinh": 6}
    assert [(r.staff.ho_ten, r.staff.gioi_tinh, r.staff.ngay_sinh.iso()) for r in plan.rows] == [
        ("Nguyễn Thị Hoa", "nu", "1990-02-01"),
        ("Trần Văn Hùng", "nam", "1991-04-03"),
        ("Kim Văn Sơn", None, "1992-06-05"),
    ]


def test_signature_names_after_the_table_are_not_staff(db, tmp_path):
    """No footer keyword at all: the names after a blank row, without STT or
    date, are signatures; a row without STT or date inside the table is staff."""
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ"],
        [1, "Nguyễn Văn An", "1980", "Trưởng ban"],
        [None, "Trần Văn Bảo", None, "Văn thư"],  # inside the table: staff
        [3, "Lê Văn Cao", "1982", None],
        [None, None, None, None],
        [None, "Hoàng Văn Tư", None, "Phạm Thị Năm"],
        [None, None, None, "Đinh Văn Sáu"],
    ]
    plan = ri.plan_import(db, write_rows(tmp_path / "f.xlsx", rows))
    assert plan.ok
    assert [r.staff.ho_ten for r in plan.rows if r.status is RowStatus.NEW] == [
        "Nguyễn Văn An", "Trần Văn Bảo", "Lê Văn Cao"]
    assert all(r.status is RowStatus.SKIPPED for r in plan.rows[-3:])
    assert "chữ ký" in plan.rows[-1].reason


def test_section_rows_of_several_shapes(db, tmp_path):
    rows = [
        ["STT", "Họ và tên", "Năm sinh"],
        ["A", "LÃNH ĐẠO BAN"],
        [1, "Nguyễn Văn An", 1970],
        ["1. Văn phòng Ban"],
        [2, "Trần Văn Bình", 1971],
        [None, "Phòng Tổng hợp"],
        [3, "Lê Văn Công", 1972],
        ["IV - TRUNG TÂM  DỊCH VỤ:"],
        [4, "Phạm Văn Dân", 1973],
    ]
    plan = ri.plan_import(db, write_rows(tmp_path / "sec.xlsx", rows))
    assert [r.unit_name for r in plan.rows if r.status is RowStatus.NEW] == [
        "LÃNH ĐẠO BAN", "Văn phòng Ban", "Phòng Tổng hợp", "TRUNG TÂM DỊCH VỤ"]
    assert plan.units_to_create == ["LÃNH ĐẠO BAN", "Văn phòng Ban", "Phòng Tổng hợp", "TRUNG TÂM DỊCH VỤ"]


def test_picks_the_sheet_with_the_table(db, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Hướng dẫn"
    rf.put_row(wb.active, 1, ["Điền danh sách ở trang sau"])
    ws = wb.create_sheet("DS 2026")
    rf.put_row(ws, 1, ["STT", "Họ và tên", "Ngày sinh"])
    rf.put_row(ws, 2, [1, "Nguyễn Văn An", "1980"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    assert ri.list_sheets(path) == ["Hướng dẫn", "DS 2026"]
    assert ri.read_sheet(path).name == "DS 2026"
    assert ri.plan_import(db, path).sheet == "DS 2026"
    with pytest.raises(ImportFileError, match="Hướng dẫn"):
        ri.plan_import(db, path, sheet="Hướng dẫn")  # no staff header there
    with pytest.raises(ImportFileError, match="không có trang tính “Không có”"):
        ri.read_sheet(path, "Không có")


def test_wrong_dimension_in_the_file_does_not_cut_rows(db, tmp_path):
    """Some programs write <dimension ref="A1"/>; the rows must still be read."""
    good = write_rows(tmp_path / "g.xlsx", [["STT", "Họ và tên", "Năm sinh"], [1, "An Văn Bé", 1990],
                                            [2, "Lò Văn Cầu", 1991]])
    bad = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            dst.writestr(item, data)
    assert [r.staff.ho_ten for r in ri.plan_import(db, bad).rows] == ["An Văn Bé", "Lò Văn Cầu"]


def test_layout_from_the_wizard_is_used(db, tmp_path):
    rows = [["Số", "Tên đầy đủ", "Sinh"], [1, "Nguyễn Văn An", "1980"]]
    path = write_rows(tmp_path / "odd.xlsx", rows)
    with pytest.raises(ImportFileError, match="Họ và tên"):
        ri.plan_import(db, path)
    layout = ri.Layout(header_first_row=1, header_last_row=1, columns={"ho_ten": 2, "ngay_sinh": 3})
    plan = ri.plan_import(db, path, layout=layout)
    assert [(r.staff.ho_ten, r.staff.ngay_sinh.iso()) for r in plan.rows] == [("Nguyễn Văn An", "1980")]


def test_fields_are_labelled_in_vietnamese():
    assert ri.FIELDS["ho_ten"] == "Họ và tên"
    assert ri.FIELDS["ngay_sinh_nam"] == "Ngày sinh (Nam)"
    assert ri.FIELDS["ngay_sinh_nu"] == "Ngày sinh (Nữ)"
    assert {"stt", "ngay_sinh", "gioi_tinh", "chuc_vu", "ngach", "trinh_do", "don_vi", "loai_hop_dong",
            "ghi_chu"} <= set(ri.FIELDS)


# --- files that are not rosters -----------------------------------------------------


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: rf.text_renamed(p), "không phải bảng tính Excel"),
        (lambda p: rf.docx_renamed(p), "tài liệu Word"),
        (lambda p: rf.old_xls(p), "Excel cũ (.xls"),
        (lambda p: rf.encrypted_xlsx(p), "mật khẩu"),
        (lambda p: p.write_bytes(b"") and p, "rỗng"),
        (lambda p: rf.truncated_xlsx(p, rf.messy_roster(p.with_name("src.xlsx")).path), "bị hỏng"),
        (lambda p: rf.empty_workbook(p), "không có dữ liệu"),
        (lambda p: rf.no_header_workbook(p), "Không tìm thấy bảng cán bộ"),
        (lambda p: p, "Không tìm thấy tệp"),
    ],
    ids=["txt", "docx", "xls", "encrypted", "zero-bytes", "truncated", "empty", "no-header", "missing"],
)
def test_bad_files_give_a_clear_vietnamese_error(db, tmp_path, make, fragment):
    path = tmp_path / "roster.xlsx"
    make(path)
    with pytest.raises(ImportFileError) as exc:
        ri.plan_import(db, path)
    assert fragment in str(exc.value)
    assert "roster.xlsx" in str(exc.value) or fragment == "Không tìm thấy bảng cán bộ"


def test_a_real_xlsx_with_another_extension_is_read(db, tmp_path, messy):
    renamed = tmp_path / "danh-sach.dat"
    renamed.write_bytes(messy.path.read_bytes())
    assert ri.plan_import(db, renamed).counts()[RowStatus.NEW] == 9


def test_damaged_xml_inside_the_zip(db, tmp_path, messy):
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(messy.path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(ImportFileError, match="bị hỏng"):
        ri.plan_import(db, broken)


# --- property: arbitrary cell text never crashes ------------------------------------

_tricky = st.sampled_from([
    "=1+1", "=HYPERLINK(\"http://x\")", "+84 912 345 678", "-5", "@x", "#N/A", "#REF!", "'", "",
    "   ", "\u00a0", "Nguyễn", rf.nfd("Trần Thị Hương"), "Ph¹m", "NguyÔn V¨n", "Nguyeãn", "😀👍",
    "\u200b", "a\u0301\u0323\u0300", "\t\n\r", "Tổng cộng", "I", "II. PHÒNG", "NGƯỜI LẬP BIỂU",
    "31/02/1980", "1850", "x", "Nam", "Nữ", "0", "1e9", "Họ và tên",
])
_text = st.one_of(
    _tricky,
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.lists(_tricky, min_size=1, max_size=4).map(" ".join),
)
_cell = st.one_of(_text, st.none(), st.integers(-10, 3000), st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_cell, _text, _cell, _cell, _text), min_size=1, max_size=6))
def test_arbitrary_cell_text_never_crashes_plan_import(db, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("prop") / "r.xlsx"
    rf.write_sheet(path, [["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Ghi chú"], *rows])
    try:
        plan = ri.plan_import(db, path)
    except ImportFileError as exc:
        assert str(exc)
        return
    for row in plan.rows:
        assert isinstance(row.status, RowStatus)
        if row.status is RowStatus.ERROR:
            assert row.reason
        if row.status is RowStatus.NEW:
            name = row.staff.ho_ten
            assert name and name == vntext.clean(name)
            assert unicodedata.is_normalized("NFC", row.staff.ghi_chu)
    if plan.ok:
        before = records.count_staff(db)
        result = ri.apply_import(db, plan)
        assert records.count_staff(db) == before + result.created


def test_layout_beyond_the_data_or_invalid(db, tmp_path):
    path = write_rows(tmp_path / "l.xlsx", [["STT", "Họ và tên"], [1, "Nguyễn Văn An"]])
    far = ri.Layout(header_first_row=50, header_last_row=51, columns={"ho_ten": 2})
    assert ri.plan_import(db, path, layout=far).rows == []
    for bad in (ri.Layout(2, 1, {"ho_ten": 2}), ri.Layout(1, 1, {"ho_ten": 0}), ri.Layout(1, 1, {"tuoi": 3, "ho_ten": 2})):
        with pytest.raises(ImportFileError):
            ri.plan_import(db, path, layout=bad)


def test_name_header_merged_over_two_columns(db, tmp_path):
    rows = [["STT", "Họ và tên", None, "Năm sinh"], [1, "Nguyễn Văn", "An", 1980], [2, "Lò Thị", "Mai", 1981],
            [3, "Y Ngọc", None, 1990]]
    plan = ri.plan_import(db, write_rows(tmp_path / "n.xlsx", rows, merges=["B1:C1"]))
    assert plan.layout.columns == {"stt": 1, "ho_ten": 2, "ten": 3, "ngay_sinh": 4}
    assert [r.staff.ho_ten for r in plan.rows] == ["Nguyễn Văn An", "Lò Thị Mai", "Y Ngọc"]


def test_excel_serial_number_gets_a_hint(db, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyễn Văn An", 29292]]
    plan = ri.plan_import(db, write_rows(tmp_path / "serial.xlsx", rows))
    reason = plan.rows[0].reason
    assert plan.rows[0].status is RowStatus.ERROR
    assert "29292" in reason and "12/03/1980" in reason


def test_duplicates_already_in_the_data_make_the_row_ambiguous(db, tmp_path):
    a = records.save_staff(db, Staff("Lê Thị Liên", ngay_sinh=PartialDate(1983)))
    b = records.save_staff(db, Staff("Lê Thị Liên", ngay_sinh=PartialDate(1983)))
    rows = [["STT", "Họ và tên", "Năm sinh"], [1, "Lê Thị Liên", 1983]]
    plan = ri.plan_import(db, write_rows(tmp_path / "d.xlsx", rows))
    assert plan.rows[0].status is RowStatus.ERROR
    reason = plan.rows[0].reason
    assert "(Lê Thị Liên (1983, chưa xếp đơn vị); Lê Thị Liên (1983, chưa xếp đơn vị))" in reason
    assert "mã " not in reason  # people are named, never by their internal id


def test_plan_can_reuse_the_sheet_already_read(db, messy):
    data = ri.read_sheet(messy.path)
    layout = ri.detect_layout(data)
    plan = ri.plan_import(db, messy.path, layout=layout, data=data)
    assert plan.counts() == ri.plan_import(db, messy.path).counts()
    assert plan.sheet == "Danh sách"


# --- the same person written three ways (issue 15, item 7) ----------------------------------


def test_one_person_three_ways_in_one_file_is_flagged_not_created_three_times(db, tmp_path):
    """Case, a year-only date and no accents: the rules that match across files
    match inside one file too, and the rows wait for the user to decide."""
    rows = [["STT", "Họ và tên", "Ngày sinh"],
            [1, "Nguyễn Văn Trùng", "12/03/1980"],
            [2, "NGUYỄN VĂN TRÙNG", "1980"],
            [3, "Nguyen Van Trung", "12/03/1980"],
            [4, "Nguyễn Văn Trùng", "1981"]]  # another person of the same name: not compatible
    before = dump(db)
    plan = ri.plan_import(db, write_rows(tmp_path / "ba-cach.xlsx", rows))
    reasons = {r.excel_row: r.reason for r in plan.errors}
    assert sorted(reasons) == [3, 4]
    for row in (3, 4):
        assert reasons[row].startswith("Có thể trùng người với dòng 2 (“Nguyễn Văn Trùng”, 12/03/1980)")
    assert status_of(plan, 2).status is RowStatus.NEW and status_of(plan, 5).status is RowStatus.NEW
    with pytest.raises(ImportFileError):
        ri.apply_import(db, plan)
    assert dump(db) == before
    # the user keeps one row of the person: imported once
    fixed = ri.plan_import(db, write_rows(tmp_path / "sua.xlsx", [rows[0], rows[1], rows[4]]))
    assert fixed.ok
    ri.apply_import(db, fixed)
    assert sorted(r["ho_ten"] for r in records.list_staff_rows(db)) == ["Nguyễn Văn Trùng"] * 2


def test_probable_duplicate_of_a_row_that_matched_a_stored_person(db, tmp_path):
    sid = records.save_staff(db, Staff("Nguyễn Văn Trùng", ngay_sinh=PartialDate(1980, 3, 12)))
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyễn Văn Trùng", "12/03/1980"], [2, "Nguyen Van Trung", "1980"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "t.xlsx", rows))
    assert (plan.rows[0].status, plan.rows[0].existing_id) == (RowStatus.UNCHANGED, sid)
    assert plan.rows[1].status is RowStatus.ERROR and "Có thể trùng người với dòng 2" in plan.rows[1].reason


def test_unaccented_roster_never_overwrites_the_accented_name(db, tmp_path):
    sid = records.save_staff(db, Staff("Nguyễn Văn Trùng", ngay_sinh=PartialDate(1980)))
    rows = [["STT", "Họ và tên", "Ngày sinh", "Chức vụ"], [1, "Nguyen Van Trung", "12/03/1980", "Chuyên viên"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "khong-dau.xlsx", rows))
    [row] = plan.rows
    assert (row.status, row.existing_id) == (RowStatus.UPDATE, sid)
    assert not any(c.startswith("Họ") for c in row.changes)
    ri.apply_import(db, plan)
    stored = records.get_staff(db, sid)
    assert stored.ho_ten == "Nguyễn Văn Trùng" and stored.ngay_sinh == PartialDate(1980, 3, 12)
    # partly accented, then a year only: neither the name nor the full date goes back
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyên Văn Trùng", "1980"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "mot-phan.xlsx", rows))
    assert plan.rows[0].status is RowStatus.UNCHANGED
    ri.apply_import(db, plan)
    stored = records.get_staff(db, sid)
    assert stored.ho_ten == "Nguyễn Văn Trùng" and stored.ngay_sinh == PartialDate(1980, 3, 12)


def test_a_file_with_the_accents_corrects_an_unaccented_name(db, tmp_path):
    sid = records.save_staff(db, Staff("Nguyen Van Trung", ngay_sinh=PartialDate(1980, 3, 12)))
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyễn Văn Trùng", "12/03/1980"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "co-dau.xlsx", rows))
    assert plan.rows[0].status is RowStatus.UPDATE
    ri.apply_import(db, plan)
    assert records.get_staff(db, sid).ho_ten == "Nguyễn Văn Trùng"


def test_cli_lists_probable_duplicates_and_writes_nothing(db, db_path, tmp_path, capsys):
    from thidua_desktop import cli

    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyễn Văn Trùng", "12/03/1980"], [2, "nguyen van trung", "1980"]]
    path = write_rows(tmp_path / "cli.xlsx", rows)
    assert cli.main(["import-staff", "--db", str(db_path), str(path)]) == 2
    out = capsys.readouterr()
    assert "Có thể trùng người với dòng 2" in out.out + out.err
    assert records.list_staff_rows(db) == []


def test_units_in_capitals_are_offered_a_title_case_name_or_kept(db, tmp_path):
    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Đơn vị"],
        [1, "Nguyễn Văn An", 1970, "VĂN PHÒNG"],
        [2, "Trần Văn Bình", 1971, "PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
        [3, "Lê Văn Công", 1972, "UBND"],
        [4, "Phạm Văn Dân", 1973, "Phòng Nội vụ"],
    ]
    path = write_rows(tmp_path / "caps.xlsx", rows)
    plan = ri.plan_import(db, path)
    assert plan.unit_renames == {"VĂN PHÒNG": "Văn phòng", "PHÒNG TÀI CHÍNH - KẾ HOẠCH": "Phòng Tài chính - Kế hoạch"}
    assert plan.describe_renames() == "VĂN PHÒNG → Văn phòng; PHÒNG TÀI CHÍNH - KẾ HOẠCH → Phòng Tài chính - Kế hoạch"
    kept = ri.plan_import(db, path, rename_units=False)
    assert kept.unit_renames == plan.unit_renames and kept.unit_name("VĂN PHÒNG") == "VĂN PHÒNG"
    ri.apply_import(db, kept)
    assert {u.ten for u in records.list_units(db)} == {"VĂN PHÒNG", "PHÒNG TÀI CHÍNH - KẾ HOẠCH", "UBND",
                                                      "Phòng Nội vụ"}


def test_units_in_capitals_are_created_in_title_case_by_default(db, tmp_path):
    rows = [["STT", "Họ và tên", "Năm sinh"], ["I", "VĂN PHÒNG"], [1, "Nguyễn Văn An", 1970]]
    plan = ri.plan_import(db, write_rows(tmp_path / "caps.xlsx", rows))
    ri.apply_import(db, plan)
    assert [u.ten for u in records.list_units(db)] == ["Văn phòng"]
    # the same file again finds the unit (the key ignores case): nothing new, nothing renamed
    again = ri.plan_import(db, write_rows(tmp_path / "caps.xlsx", rows))
    assert again.units_to_create == [] and again.unit_renames == {}
    assert again.counts()[RowStatus.UNCHANGED] == 1
