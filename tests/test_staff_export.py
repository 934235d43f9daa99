"""Staff export: administrative layout, text safety, and export → import round trip."""
from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
import pytest

from thidua_desktop.domain.dates import PartialDate
from thidua_desktop.domain.models import OrgSettings, Staff, Unit
from thidua_desktop.services.imports import roster as ri
from thidua_desktop.services.documents.staff_xlsx import TITLE, export_staff
from thidua_desktop.domain.dates import place_date
from thidua_desktop.services.documents.xlsx import QUOC_HIEU, TIEU_NGU, write_text
from thidua_desktop.store import records
from thidua_desktop.store.db import open_database

TRICKY = ['=HYPERLINK("http://evil","bấm")', "+84 912 345 678", "-5", "@SUM(A1)", "#N/A", "=1+1",
          "#REF!", "0123", "TRUE"]


@pytest.fixture
def org(db):
    records.save_settings(db, OrgSettings(
        co_quan_chu_quan="Ủy ban nhân dân tỉnh Khánh Hòa", co_quan="Ban Dân tộc", dia_danh="Khánh Hòa",
    ))
    return db


def people_of(db) -> list[tuple]:
    """Everything the round trip must keep, with units by name."""
    return sorted(
        (r["ho_ten"], r["ngay_sinh"], r["gioi_tinh"], r["unit_ten"], r["chuc_vu"], r["ngach"],
         r["trinh_do"], r["loai_hop_dong"], r["dang_cong_tac"], r["ngay_nghi"], r["ghi_chu"])
        for r in records.list_staff_rows(db)
    )


def fill(db) -> None:
    vp = records.save_unit(db, Unit("Văn phòng"))
    cs = records.save_unit(db, Unit("Phòng Chính sách, Dân tộc"))
    people = [
        Staff(unicodedata.normalize("NFD", "Nguyễn Thị Hương"), "nu", PartialDate(1985, 3, 7), "Chánh Văn phòng",
              "Chuyên viên chính", "Thạc sĩ", vp, "bien_che", ghi_chu=TRICKY[0]),
        Staff("Trần Văn Bình", "nam", PartialDate(1979), "Chuyên viên", unit_id=vp, loai_hop_dong="hop_dong",
              ghi_chu=TRICKY[1]),
        Staff("H'Hen Niê", "nu", PartialDate(1992, 12, 31), unit_id=cs, ghi_chu=TRICKY[2]),
        Staff("Y Ngọc", None, PartialDate(1990), "Văn thư", unit_id=cs, ghi_chu=TRICKY[3]),  # sex unknown
        Staff("Lê Hà", "nam", None, "Lái xe", ghi_chu=TRICKY[4]),  # no unit, no date, Latin-1 only name
        Staff("Phạm Văn Đức", "nam", PartialDate(1960, 1, 2), "Trưởng phòng", unit_id=cs,
              dang_cong_tac=False, ngay_nghi=dt.date(2024, 2, 1), ghi_chu=TRICKY[5]),
        Staff("Đỗ Thị Lan", "nu", PartialDate(1970), unit_id=vp, dang_cong_tac=False, ghi_chu="Café, résumé"),
        Staff("Vũ Minh", None, None, "=1+1", "#REF!", "0123", vp),
    ]
    for s in people:
        records.save_staff(db, s)


def test_write_text_always_stores_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    values = TRICKY + ["a\x00b\x07c", 12, None]
    for i, v in enumerate(values, start=1):
        write_text(ws.cell(row=i, column=1), v)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    ws = openpyxl.load_workbook(path).active
    got = [(c.value, c.data_type) for c in ws["A"]]
    assert got[: len(TRICKY)] == [(v, "s") for v in TRICKY]
    assert got[len(TRICKY)] == ("abc", "s")  # characters XML cannot hold are dropped
    assert got[len(TRICKY) + 1] == ("12", "s")
    assert ws.cell(row=1, column=1).number_format == "@"


def test_date_line_follows_decree_30():
    assert place_date("Khánh Hòa", dt.date(2026, 3, 5)) == "Khánh Hòa, ngày 05 tháng 3 năm 2026"
    assert place_date("Khánh Hòa", dt.date(2026, 1, 15)) == "Khánh Hòa, ngày 15 tháng 01 năm 2026"
    assert place_date("", dt.date(2026, 12, 1)) == "Ngày 01 tháng 12 năm 2026"


def test_export_layout_header_and_print_setup(org, tmp_path):
    fill(org)
    path = tmp_path / "ds.xlsx"
    assert export_staff(org, path) == 8
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" and not ws["A1"].font.b
    assert ws["A2"].value == "BAN DÂN TỘC" and ws["A2"].font.b
    right = ws.cell(row=1, column=5)
    assert right.value == QUOC_HIEU and right.font.b
    assert ws.cell(row=2, column=5).value == TIEU_NGU and ws.cell(row=2, column=5).font.b
    assert ws.cell(row=3, column=5).value.startswith("Khánh Hòa, ngày ")
    assert ws.cell(row=3, column=5).font.i
    assert ws["A5"].value == TITLE and ws["A5"].font.b
    assert "A5:" in " ".join(str(m) for m in ws.merged_cells.ranges)
    # two-level header: the birth-date group over Nam / Nữ (/ Chưa rõ, since one person has no sex)
    header = 8
    top = [ws.cell(row=header, column=c).value for c in range(1, ws.max_column + 1)]
    sub = [ws.cell(row=header + 1, column=c).value for c in range(1, ws.max_column + 1)]
    assert top[:3] == ["STT", "Họ và tên", "Ngày, tháng, năm sinh"]
    assert sub[2:5] == ["Nam", "Nữ", "Chưa rõ"]
    assert top[5:] == ["Chức vụ", "Ngạch, chức danh", "Trình độ", "Đơn vị", "Loại hợp đồng", "Trạng thái",
                       "Ngày nghỉ", "Ghi chú"]
    assert all(ws.cell(row=header, column=c).font.b for c in range(1, ws.max_column + 1) if top[c - 1])
    fonts = {ws.cell(row=r, column=c).font.name for r in range(1, ws.max_row + 1)
             for c in range(1, ws.max_column + 1) if ws.cell(row=r, column=c).value is not None}
    assert fonts == {"Times New Roman"}
    # print setup: A4 landscape, one page wide, header rows repeated
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$8:$9"
    assert ws.column_dimensions["B"].width >= 20


def test_export_keeps_user_text_as_text(org, tmp_path):
    fill(org)
    path = tmp_path / "ds.xlsx"
    export_staff(org, path)
    ws = openpyxl.load_workbook(path).active
    notes_col = ws.max_column
    notes = {ws.cell(row=r, column=notes_col).value: ws.cell(row=r, column=notes_col).data_type
             for r in range(10, ws.max_row + 1)}
    for text in TRICKY[:6]:
        assert notes[text] == "s", text
    texts = [(c.value, c.data_type) for row in ws.iter_rows(min_row=10) for c in row if c.value in TRICKY]
    assert ("=1+1", "s") in texts and ("#REF!", "s") in texts and ("0123", "s") in texts
    assert not any(c.data_type in ("f", "e") for row in ws.iter_rows() for c in row)


def test_export_then_import_reproduces_the_people(org, tmp_path):
    fill(org)
    path = tmp_path / "ds.xlsx"
    export_staff(org, path)
    fresh = open_database(tmp_path / "fresh.sqlite")
    try:
        plan = ri.plan_import(fresh, path)
        assert plan.ok, [(r.excel_row, r.reason) for r in plan.errors]
        assert plan.legacy_cells == []  # "Lê Hà", "Café, résumé" are not legacy text
        ri.apply_import(fresh, plan)
        assert people_of(fresh) == people_of(org)
        assert {u.ten for u in records.list_units(fresh)} == {"Văn phòng", "Phòng Chính sách, Dân tộc"}
        # and importing the export into the original changes nothing
        again = ri.plan_import(org, path)
        assert again.counts()[ri.RowStatus.UNCHANGED] == 8
        assert again.counts()[ri.RowStatus.NEW] == again.counts()[ri.RowStatus.UPDATE] == 0
    finally:
        fresh.close()


def test_export_without_people_who_left(org, tmp_path):
    fill(org)
    path = tmp_path / "ds.xlsx"
    assert export_staff(org, path, include_left=False) == 6
    ws = openpyxl.load_workbook(path).active
    names = [ws.cell(row=r, column=2).value for r in range(10, ws.max_row + 1)]
    assert "Phạm Văn Đức" not in names and "Đỗ Thị Lan" not in names
    # grouped by unit in the units' order, by given name inside a unit, no unit last
    assert names == ["Trần Văn Bình", "Nguyễn Thị Hương", "Vũ Minh", "Y Ngọc", "H'Hen Niê", "Lê Hà"]


def test_export_empty_database(db, tmp_path):
    from thidua_desktop.domain.models import OrgSettings

    path = tmp_path / "empty.xlsx"
    with pytest.raises(records.MissingSettingsError, match="tên cơ quan, địa danh"):
        export_staff(db, path)  # a blank header and a date without a place: refused, nothing written
    assert not path.exists()
    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa"))
    assert export_staff(db, path) == 0
    ws = openpyxl.load_workbook(path).active
    assert ws.cell(row=8, column=1).value == "STT"
    assert ws.cell(row=9, column=3).value == "Nam"


def test_a_large_demo_agency_round_trips_through_excel(db, tmp_path):
    """Demo names are unique by (name, birth year), and accents tell people apart."""
    from thidua_desktop.services.demo import build_demo

    build_demo(db, staff=6000, seed=1)
    path = tmp_path / "demo.xlsx"
    assert export_staff(db, path) == 6000
    again = ri.plan_import(db, path)
    assert again.ok, [(r.excel_row, r.reason) for r in again.errors[:5]]
    assert again.counts()[ri.RowStatus.UNCHANGED] == 6000
