"""The summary of registrations for the Sở Nội vụ, and its CLI."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from thidua_desktop import cli
from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.services.documents.registration_xlsx import export_registration_summary
from thidua_desktop.store import records, registrations


@pytest.fixture
def season(db):
    records.save_settings(db, OrgSettings(
        co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", co_quan="BAN DÂN TỘC", dia_danh="Khánh Hòa",
        chuc_danh_thu_truong="Trưởng Ban", ten_thu_truong="Nguyễn Thị Yến"))
    office = records.save_unit(db, Unit("Văn phòng"))
    policy = records.save_unit(db, Unit("Phòng Chính sách, Dân tộc"))
    an = records.save_staff(db, Staff("Nguyễn Văn An", unit_id=office, chuc_vu="Chánh Văn phòng"))
    binh = records.save_staff(db, Staff("Trần Thị Bình", unit_id=office, chuc_vu="Chuyên viên"))
    cuong = records.save_staff(db, Staff("Lê Văn Cường", unit_id=policy))
    campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026, so_ke_hoach="19/KH-BDT"))
    registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[an, binh, cuong])
    registrations.register_many(db, campaign, 2026, "CSTDCS", staff_ids=[binh], ghi_chu="=HYPERLINK(\"x\")")
    registrations.register_many(db, campaign, 2026, "TTLDTT", unit_ids=[office])
    return db, campaign


def cells(ws):
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def test_summary_layout_groups_counts_and_print_setup(season, tmp_path):
    db, campaign = season
    path = tmp_path / "tong-hop.xlsx"
    assert export_registration_summary(db, campaign, path) == 4
    ws = openpyxl.load_workbook(path).active
    rows = cells(ws)
    flat = [str(v) for row in rows for v in row if v is not None]
    assert "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" in flat and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "BẢNG TỔNG HỢP ĐĂNG KÝ DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG NĂM 2026" in flat
    # the letter it goes with, and its date (not the plan)
    assert any(v.startswith("(Kèm theo Công văn số …………") and v.endswith("năm 2026)") for v in flat)
    header = next(row for row in rows if row[0] == "STT")
    assert "Đơn vị" not in header  # grouped by unit: the unit is said once, above its people
    titles = [v for v in rows[rows.index(header) + 1] if v]
    assert titles == ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến"]
    names = [row[1] for row in rows if isinstance(row[0], int)]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Văn phòng", "Lê Văn Cường"]  # given name order, unit last
    assert [row[0] for row in rows if isinstance(row[0], int)] == [1, 2, 3, 4]  # STT as numbers
    first = next(i for i, row in enumerate(rows) if row[1] == "Nguyễn Văn An")
    assert rows[first - 1][1] == "Văn phòng" and rows[first - 1][0] is None  # the unit's own row
    subtotal = next(row for row in rows if row[1] == "Cộng: Văn phòng")  # in the name column
    assert subtotal[3:6] == [2, 1, 1]
    total_row = next(i for i, row in enumerate(rows, start=1) if str(row[1]).startswith("TỔNG CỘNG"))
    assert rows[total_row - 1][3:6] == [3, 1, 1]
    # empty cells of the table are not written: one always-true rule draws the grid over the body
    (grid,) = list(ws.conditional_formatting)
    assert str(grid.sqref) == f"A10:H{total_row}"
    (rule,) = grid.rules
    assert rule.formula == ["TRUE"] and rule.dxf.border.left.style == "thin" and rule.dxf.border.bottom.style == "thin"
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'r="E11"' not in sheet and 'r="E12"' in sheet  # An has no CSTĐCS, Bình has
    note = next(c for c in ws["H"] if c.value and "HYPERLINK" in str(c.value))
    assert note.data_type == "s" and note.value == '=HYPERLINK("x")'
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows
    assert ws.freeze_panes == "C10" and ws["B10"].font.name == "Times New Roman"
    assert "Nguyễn Thị Yến" in flat and "TRƯỞNG BAN" in flat


def test_rows_not_eligible_or_kept_are_marked_with_a_legend(season, tmp_path):
    """x* in the title's column, why in Điều kiện, a legend under the table; eligible rows unmarked."""
    import datetime as dt

    from thidua_desktop.domain.registrations import Evaluation, ReviewEntry
    from thidua_desktop.store import merit

    db, campaign = season
    staff = {r["ho_ten"]: r["id"] for r in records.list_staff_rows(db)}
    merit.save_evaluations(db, [Evaluation(staff["Nguyễn Văn An"], 2026, "HTTNV")])
    merit.save_review(db, ReviewEntry("ky_luat", staff_id=staff["Trần Thị Bình"], tu_ngay=dt.date(2026, 10, 1)))
    regs = {(r.staff_id, r.ma): r.id for r in registrations.registrations_of_campaign(db, campaign)}
    registrations.set_keep_reason(db, [regs[(staff["Trần Thị Bình"], "CSTDCS")]], "Thành tích đột xuất")
    path = tmp_path / "tong-hop.xlsx"
    export_registration_summary(db, campaign, path)
    ws = openpyxl.load_workbook(path).active
    rows = cells(ws)
    header = next(row for row in rows if row[0] == "STT")
    assert header[6] == "Điều kiện" and header[7] == "Ghi chú"
    by_name = {row[1]: row for row in rows if isinstance(row[0], int)}
    assert by_name["Nguyễn Văn An"][3] == "x" and not by_name["Nguyễn Văn An"][6]  # eligible: not marked
    assert by_name["Lê Văn Cường"][3] == "x" and not by_name["Lê Văn Cường"][6]  # only waiting for data
    binh = by_name["Trần Thị Bình"]
    assert binh[3:5] == ["x*", "x*"]
    assert binh[6] == (
        "Lao động tiên tiến: chưa đủ điều kiện (Đang bị xem xét kỷ luật); "
        "Chiến sĩ thi đua cơ sở: chưa đủ điều kiện (Đang bị xem xét kỷ luật); vẫn đề nghị: Thành tích đột xuất")
    flat = [str(v) for row in rows for v in row if v is not None]
    assert any(v.startswith("Ghi chú: “x*”") for v in flat)
    assert by_name["Trần Thị Bình"][7] == '=HYPERLINK("x")'


def test_counts_only_for_grassroots_titles_the_letter_and_readable_print(season, tmp_path):
    import datetime as dt

    from thidua_desktop.services.documents.xlsx import print_scale

    db, campaign = season
    path = tmp_path / "so-luong.xlsx"
    # Lao động tiên tiến as counts: An and Cường (LĐTT only) are not listed, Bình is (CSTĐCS)
    assert export_registration_summary(db, campaign, path, counts_only={"LDTT"}, van_ban="Công văn số 45/BDT-VP",
                                       ngay=dt.date(2027, 1, 5)) == 2
    ws = openpyxl.load_workbook(path).active
    rows = cells(ws)
    flat = [str(v) for row in rows for v in row if v is not None]
    assert "(Kèm theo Công văn số 45/BDT-VP ngày 05 tháng 01 năm 2027)" in flat
    assert "Khánh Hòa, ngày 05 tháng 01 năm 2027" in flat
    names = [row[1] for row in rows if isinstance(row[0], int)]
    assert names == ["Trần Thị Bình", "Văn phòng"]
    binh = next(row for row in rows if row[1] == "Trần Thị Bình")
    assert binh[3] is None and binh[4] == "x"  # no mark in a column given as counts
    assert next(row for row in rows if row[1] == "Cộng: Văn phòng")[3:6] == [2, 1, 1]  # everyone counted
    assert next(row for row in rows if row[1] == "Cộng: Phòng Chính sách, Dân tộc")[3] == 1
    assert any(v.startswith("Lao động tiên tiến: chỉ ghi số lượng") for v in flat)
    # readable at print: eight titles still print 12 pt text at 10 pt or more once fitted to the page
    widths = [ws.column_dimensions[c].width for c in "ABC"] + [8.5] * 8 + [24, 16]
    assert 12 * print_scale(widths) >= 10


def test_a_summary_with_nothing_to_flag_has_no_legend(db, tmp_path):
    records.save_settings(db, OrgSettings(co_quan="BAN DÂN TỘC", dia_danh="Khánh Hòa"))
    office = records.save_unit(db, Unit("Văn phòng"))
    campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026))
    registrations.register_many(db, campaign, 2026, "LDTT",
                                staff_ids=[records.save_staff(db, Staff("Nguyễn Văn An", unit_id=office))])
    path = tmp_path / "th.xlsx"
    export_registration_summary(db, campaign, path)
    flat = [str(v) for row in cells(openpyxl.load_workbook(path).active) for v in row if v is not None]
    assert "x" in flat and not any(v.startswith("Ghi chú: “x*”") for v in flat)


def test_cli_export_and_check(season, db_path, tmp_path, capsys):
    db, campaign = season
    out = tmp_path / "th.xlsx"
    assert cli.main(["export-registrations", "--db", str(db_path), "--campaign", str(campaign), str(out)]) == 0
    assert "4 cá nhân, tập thể" in capsys.readouterr().out and out.exists()
    # the letter it goes with, its date, Lao động tiên tiến as counts
    assert cli.main(["export-registrations", "--db", str(db_path), "--campaign", str(campaign), "--van-ban",
                     "Công văn số 45/BDT-VP", "--ngay", "05/01/2027", "--so-luong", str(out)]) == 0
    assert "1 cá nhân, tập thể" in capsys.readouterr().out  # Bình (CSTĐCS); LĐTT and TTLĐTT counted
    flat = [str(v) for row in cells(openpyxl.load_workbook(out).active) for v in row if v is not None]
    assert "(Kèm theo Công văn số 45/BDT-VP ngày 05 tháng 01 năm 2027)" in flat
    assert cli.main(["export-registrations", "--db", str(db_path), "--campaign", str(campaign), "--ngay",
                     "31/02/2027", str(out)]) == 2
    assert "ngày văn bản phải có dạng" in capsys.readouterr().err
    assert cli.main(["check-registrations", "--db", str(db_path), "--campaign", str(campaign)]) == 0
    text = capsys.readouterr().out
    assert "5 đăng ký" in text and "không đủ" in text
    assert cli.main(["export-registrations", "--db", str(db_path), "--campaign", "999", str(out)]) == 2
    assert "không có phong trào mã 999" in capsys.readouterr().err
