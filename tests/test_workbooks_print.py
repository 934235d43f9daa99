"""Workbooks that print right (issue 18 §4), from an empty data file: row
heights for wrapped cells, money right-aligned with dotted thousands, STT and
award-book numbers as numbers, one award-book series per sheet with the
imported history of every year asked for."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from thidua_desktop.domain.models import OrgSettings, Staff, Unit
from thidua_desktop.domain.registrations import AwardEntry
from thidua_desktop.services.decisions import service as ds
from thidua_desktop.services.documents.staff_xlsx import export_staff
from thidua_desktop.services.documents.xlsx import MONEY_FORMAT, row_lines, wrapped_lines
from thidua_desktop.store import merit, records


def test_lines_are_estimated_from_the_column_width_and_the_text():
    assert wrapped_lines("Chuyên viên", 20) == 1
    assert wrapped_lines("Phó Trưởng phòng Kế hoạch - Tổng hợp, Ban Dân tộc tỉnh Khánh Hòa", 20) == 3
    assert wrapped_lines("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", 40) == 2  # line breaks kept
    assert wrapped_lines("x" * 60, 10) >= 6  # a word longer than the line
    assert wrapped_lines("ab " * 200, 60, bold=True) > wrapped_lines("ab " * 200, 60)  # bold is wider
    assert row_lines(["Ngắn", 12, "Một ghi chú dài " * 6], [20, 6, 24]) == wrapped_lines("Một ghi chú dài " * 6, 24)


@pytest.fixture
def office(db):
    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa", ky_hieu="BDT",
                                          chuc_danh_thu_truong="Trưởng Ban", ten_thu_truong="Nguyễn Văn Trưởng"))
    unit = records.save_unit(db, Unit("Phòng Kế hoạch - Tổng hợp và Hợp tác quốc tế"))
    people = [records.save_staff(db, Staff(name, gioi_tinh="nu", unit_id=unit, chuc_vu=post, ghi_chu=note))
              for name, post, note in (
                  ("Nguyễn Thị Thanh Hương", "Phó Trưởng phòng phụ trách công tác kế hoạch và tổng hợp", ""),
                  ("Lê Thị Lan", "Chuyên viên", "Đang học cao cấp lý luận chính trị tại Học viện khu vực III"),
                  ("K’Điểu", "Chuyên viên", ""))]
    return db, people


def test_staff_list_rows_fit_their_text_and_stt_is_a_number(office, tmp_path):
    db, _people = office
    out = tmp_path / "cb.xlsx"
    export_staff(db, out)
    ws = openpyxl.load_workbook(out).active
    first = next(c.row for c in ws["A"] if c.value == 1)
    assert [ws.cell(first + i, 1).value for i in range(3)] == [1, 2, 3]
    rows = {ws.cell(r, 2).value: r for r in range(first, first + 3)}
    assert ws.row_dimensions[rows["Nguyễn Thị Thanh Hương"]].height > 15.5  # the long position wraps
    assert ws.row_dimensions[rows["Lê Thị Lan"]].height > 15.5  # the long note wraps
    assert rows.get("K’Điểu")  # the apostrophe as typed


def test_decision_list_money_and_award_book_series_with_history(office, tmp_path):
    db, people = office
    for year, code in ((2021, "CSTDCS"), (2022, "GK"), (2023, "CSTDCS")):
        merit.save_award(db, AwardEntry(nam=year, ma=code, staff_id=people[0], so_quyet_dinh=f"{year}/QĐ-BDT",
                                        nguon="nhap_excel"))
    gk = ds.create_decision(db, so="20/QĐ-BDT", ngay=dt.date(2025, 12, 20), nam=2025, ma="GK", staff_ids=people)
    cs = ds.create_decision(db, so="21/QĐ-BDT", ngay=dt.date(2025, 12, 20), nam=2025, ma="CSTDCS",
                            staff_ids=people[1:])
    out = tmp_path / "ds.xlsx"
    ds.export_decision_list(db, gk, out)
    ws = openpyxl.load_workbook(out).active
    money = [c for c in ws["G"] if isinstance(c.value, int)]
    assert money and all(c.number_format == MONEY_FORMAT and c.alignment.horizontal == "right" for c in money)
    assert [c.value for c in ws["A"] if isinstance(c.value, int)] == [1, 2, 3]
    book = tmp_path / "so.xlsx"
    assert ds.export_award_book(db, book, 2021, 2025) == 3 + 3 + 2
    wb = openpyxl.load_workbook(book)
    assert set(wb.sheetnames) == {"Giấy khen", "Chiến sĩ thi đua cơ sở"}  # one series a sheet
    for name, numbers, years in (("Giấy khen", [1, 2, 3], {2022, 2025}), ("Chiến sĩ thi đua cơ sở", [1, 2],
                                                                           {2021, 2023, 2025})):
        ws = wb[name]
        assert [c.value for c in ws["A"] if isinstance(c.value, int)] == numbers  # its own series only
        headings = {int(str(c.value)[4:8]) for c in ws["A"] if str(c.value).startswith("Năm ")}
        assert headings == years  # the imported history of 2021–2023 is in the book
    assert cs and wb["Chiến sĩ thi đua cơ sở"]["A5"].value.endswith("CHIẾN SĨ THI ĐUA CƠ SỞ")
