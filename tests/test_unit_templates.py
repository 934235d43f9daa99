"""Registration workbooks for the units: export, fill in as a unit would, import back."""
from __future__ import annotations

import openpyxl
import pytest

from tests import roster_factory as rf
from thidua_desktop.domain.models import Campaign, Staff, Unit
from thidua_desktop.services import unit_templates as ut
from thidua_desktop.store import records, registrations
from thidua_desktop.store.db import StoreError


@pytest.fixture
def agency(db):
    office = records.save_unit(db, Unit("Văn phòng, Tổ chức"))
    policy = records.save_unit(db, Unit("Phòng Chính sách"))
    people = [records.save_staff(db, Staff(n, unit_id=office, chuc_vu="Chuyên viên"))
              for n in ("Nguyễn Văn An", "Trần Thị Bình")]
    records.save_staff(db, Staff("Lê Văn Cường", unit_id=policy))
    campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026))
    return db, office, people, campaign


def fill(path, marks: dict[str, list[str]], notes: dict[str, str] | None = None) -> None:
    """Tick titles by (person or unit name) → [title names], as the unit does in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb[ut.SHEET]
    header = next(r for r in ws.iter_rows() if r[0].value == "Mã")
    columns = {c.value: c.column for c in header}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        name = row[2].value
        for title in marks.get(name, []):
            ws.cell(row=row[0].row, column=columns[title]).value = "x"
        if notes and name in notes:
            ws.cell(row=row[0].row, column=columns[ut.NOTE]).value = notes[name]
    wb.save(path)


def test_export_one_protected_workbook_per_unit(agency, tmp_path):
    db, office, people, campaign = agency
    paths = ut.export_unit_templates(db, campaign, tmp_path / "mau")
    assert [p.name for p in paths] == ["dang-ky-van-phong-to-chuc.xlsx", "dang-ky-phong-chinh-sach.xlsx"]
    wb = openpyxl.load_workbook(paths[0])
    ws = wb[ut.SHEET]
    assert wb[ut.CHOICES_SHEET].sheet_state == "hidden" and ut.HELP_SHEET in wb.sheetnames
    assert ws.protection.sheet and ws.column_dimensions["A"].hidden
    names = [r[2] for r in ws.iter_rows(values_only=True) if r[0] and str(r[0]).startswith(("NV", "DV"))]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Văn phòng, Tổ chức"]
    [dv] = ws.data_validations.dataValidation
    assert dv.formula1 == f"{ut.CHOICES_SHEET}!$A$1:$A$1" and dv.sqref
    assert ws.page_setup.orientation == "landscape"


def test_round_trip_then_reimport_changes_nothing(agency, tmp_path):
    db, office, (an, binh), campaign = agency
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    fill(path, {"Nguyễn Văn An": ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"],
                "Trần Thị Bình": ["Lao động tiên tiến"],
                "Văn phòng, Tổ chức": ["Tập thể lao động tiên tiến"]},
         notes={"Trần Thị Bình": "+84 912 345 678"})
    plan = ut.plan_template_import(db, campaign, path)
    assert plan.ok and plan.counts()[ut.RowStatus.NEW] == 3
    result = ut.apply_template_import(db, plan)
    assert result.created == 4
    got = {(r.staff_id, r.unit_id, r.ma, r.ghi_chu) for r in registrations.registrations_of_campaign(db, campaign)}
    assert got == {(an, None, "LDTT", ""), (an, None, "CSTDCS", ""), (binh, None, "LDTT", "+84 912 345 678"),
                   (None, office, "TTLDTT", "")}
    again = ut.plan_template_import(db, campaign, path)
    assert again.counts()[ut.RowStatus.NEW] == 0 and again.counts()[ut.RowStatus.UNCHANGED] == 3
    assert ut.apply_template_import(db, again).created == 0
    # a new export shows what is registered
    [path2, _] = ut.export_unit_templates(db, campaign, tmp_path / "lan2")
    assert ut.plan_template_import(db, campaign, path2).counts()[ut.RowStatus.UNCHANGED] == 3


def test_a_bad_row_refuses_the_whole_file(agency, tmp_path):
    db, _, _, campaign = agency
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    fill(path, {"Nguyễn Văn An": ["Lao động tiên tiến"]})
    wb = openpyxl.load_workbook(path)
    ws = wb[ut.SHEET]
    header = next(r for r in ws.iter_rows() if r[0].value == "Mã")
    col = next(c.column for c in header if c.value == "Giấy khen")
    ws.cell(row=header[0].row + 2, column=col).value = "có"
    ws.cell(row=header[0].row + 3, column=1).value = "NV999"
    wb.save(path)
    plan = ut.plan_template_import(db, campaign, path)
    errors = {r.excel_row: r.reason for r in plan.errors}
    assert errors[header[0].row + 2] == "ô “Giấy khen” ghi “có”, chỉ được ghi “x”"
    assert errors[header[0].row + 3] == "Mã NV999 không có trong dữ liệu"
    with pytest.raises(StoreError, match="có dòng lỗi"):
        ut.apply_template_import(db, plan)
    assert registrations.count_registrations(db) == 0


def test_a_registration_the_file_leaves_blank_needs_a_decision(agency, tmp_path):
    db, _, (an, binh), campaign = agency
    [rid], _ = registrations.register_many(db, campaign, 2026, "CSTDCS", staff_ids=[an])
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    rf.clear_marks(path, ut.SHEET)  # the unit removes the x
    plan = ut.plan_template_import(db, campaign, path)
    [conflict] = plan.conflicts
    assert "Chiến sĩ thi đua cơ sở" in conflict.reason
    with pytest.raises(StoreError, match="Cần chọn giữ hay bỏ"):
        ut.apply_template_import(db, plan)
    assert ut.apply_template_import(db, plan, decisions={conflict.excel_row: "keep"}).kept == 1
    assert registrations.get_registrations(db, [rid])
    plan = ut.plan_template_import(db, campaign, path)
    assert ut.apply_template_import(db, plan, decisions={conflict.excel_row: "take"}).removed == 1
    assert not registrations.get_registrations(db, [rid])


def test_not_a_template(agency, tmp_path):
    db, _, _, campaign = agency
    other = tmp_path / "khac.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(StoreError, match="không phải phiếu đăng ký"):
        ut.plan_template_import(db, campaign, other)
    (tmp_path / "txt.xlsx").write_text("xin chào")
    with pytest.raises(StoreError, match="không phải tệp Excel"):
        ut.plan_template_import(db, campaign, tmp_path / "txt.xlsx")


def test_cli_export_then_import_files(agency, db_path, tmp_path, capsys):
    from thidua_desktop import cli

    db, _, _, campaign = agency
    out = tmp_path / "phieu"
    assert cli.main(["export-unit-templates", "--db", str(db_path), "--campaign", str(campaign), str(out)]) == 0
    assert "Đã xuất 2 phiếu" in capsys.readouterr().out
    good, other = sorted(out.glob("*.xlsx"), key=lambda p: "van-phong" not in p.name)
    fill(good, {"Nguyễn Văn An": ["Lao động tiên tiến"]})
    bad = tmp_path / "hong.xlsx"
    bad.write_text("không phải excel")
    args = ["import-registrations", "--db", str(db_path), "--campaign", str(campaign), str(good), str(bad)]
    assert cli.main([*args, "--dry-run"]) == 2
    assert registrations.count_registrations(db) == 0
    assert cli.main(args) == 2  # the broken file fails; the good one is written
    text = capsys.readouterr().out
    assert "Đã ghi: 1 đăng ký mới" in text and "không phải tệp Excel" in text
    assert registrations.count_registrations(db) == 1
    assert cli.main(["import-registrations", "--db", str(db_path), "--campaign", str(campaign), str(good)]) == 0
    assert registrations.count_registrations(db) == 1
