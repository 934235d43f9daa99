"""Registration workbooks for the units: export, fill in as a unit would, import back."""
from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from tests import roster_factory as rf
from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.services.imports import unit_workbooks as ut
from thidua_desktop.store import records, registrations
from thidua_desktop.store.db import StoreError


@pytest.fixture
def agency(db):
    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa"))
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


def test_the_workbook_prints_right_and_is_signed_by_the_unit_head(agency, tmp_path):
    db, office, people, campaign = agency
    records.save_staff(db, Staff("Tôn Nữ Thị Phương Thảo", unit_id=office,
                                 chuc_vu="Phó Chánh Văn phòng phụ trách công tác tổ chức cán bộ"))
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[ut.SHEET]
    rows = [r for r in ws.iter_rows() if r[0].value and str(r[0].value).startswith(("NV", "DV"))]
    assert [r[1].value for r in rows] == [1, 2, 3, 4]  # STT as numbers
    long_row = next(r[0].row for r in rows if r[2].value == "Tôn Nữ Thị Phương Thảo")
    assert ws.row_dimensions[long_row].height > 15.5  # the long position wraps: the row is taller
    values = [c.value for row in ws.iter_rows(min_row=rows[-1][0].row + 1) for c in row if c.value]
    assert ut.SIGN_ROLE in values and ut.SIGN_DATE in values
    helper = wb[ut.HELP_SHEET]
    assert str(helper.page_setup.paperSize) == helper.PAPERSIZE_A4 and helper.page_setup.orientation == "portrait"
    assert helper.sheet_properties.pageSetUpPr.fitToPage and helper.page_setup.fitToWidth == 1
    assert all(helper.cell(r, 1).alignment.wrap_text for r in range(1, helper.max_row + 1))
    # the signature under the table is not read as rows
    fill(path, {"Nguyễn Văn An": ["Lao động tiên tiến"]})
    plan = ut.plan_template_import(db, campaign, path)
    assert plan.ok and len(plan.rows) == 4


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
    with pytest.raises(StoreError, match="không phải bảng tính Excel"):
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
    assert "Đã ghi: 1 đăng ký mới" in text and "không phải bảng tính Excel" in text
    assert registrations.count_registrations(db) == 1
    assert cli.main(["import-registrations", "--db", str(db_path), "--campaign", str(campaign), str(good)]) == 0
    assert registrations.count_registrations(db) == 1


# --- a returned workbook changes only what is still at "Đăng ký" (issue 15, item 1) ---------------

def test_blank_marks_never_withdraw_registrations_further_along(agency, tmp_path):
    db, office, (an, binh), campaign = agency
    [ldtt], _ = registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[an])
    [cstd], _ = registrations.register_many(db, campaign, 2026, "CSTDCS", staff_ids=[an])
    [gk], _ = registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[binh])
    [unit_reg], _ = registrations.register_many(db, campaign, 2026, "TTLDTT", unit_ids=[office])
    registrations.set_status(db, [cstd], "dat")
    registrations.set_status(db, [gk], "de_nghi")
    registrations.set_status(db, [unit_reg], "khong_dat")
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    rf.clear_marks(path, ut.SHEET)  # the unit clears every x
    plan = ut.plan_template_import(db, campaign, path)
    rows = {r.name: r for r in plan.rows}
    assert [r.name for r in plan.conflicts] == ["Nguyễn Văn An"]  # only its LĐTT is still at Đăng ký
    assert rows["Nguyễn Văn An"].missing == [(ldtt, "LDTT")]
    assert rows["Nguyễn Văn An"].locked == [(cstd, "CSTDCS", "dat")]
    assert "Chiến sĩ thi đua cơ sở (Đạt)" in rows["Nguyễn Văn An"].reason
    assert rows["Trần Thị Bình"].status is ut.RowStatus.LOCKED
    assert "Lao động tiên tiến (Đề nghị)" in rows["Trần Thị Bình"].reason
    assert rows["Văn phòng, Tổ chức"].status is ut.RowStatus.LOCKED
    result = ut.apply_template_import(db, plan, decisions={r.excel_row: "take" for r in plan.rows})
    assert result.removed == 1 and result.kept == 3
    left = {r.id: r.trang_thai for r in registrations.registrations_of_campaign(db, campaign)}
    assert left == {cstd: "dat", gk: "de_nghi", unit_reg: "khong_dat"}


def test_a_registration_that_moved_on_after_the_preview_is_not_removed(agency, tmp_path):
    db, _, (an, _), campaign = agency
    [rid], _ = registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[an])
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    rf.clear_marks(path, ut.SHEET)
    plan = ut.plan_template_import(db, campaign, path)
    [conflict] = plan.conflicts
    registrations.set_status(db, [rid], "de_nghi")  # proposed while the preview was open
    with pytest.raises(StoreError, match="đã thay đổi sau khi xem trước"):
        ut.apply_template_import(db, plan, decisions={conflict.excel_row: "take"})
    assert registrations.get_registrations(db, [rid])[0].trang_thai == "de_nghi"


@pytest.fixture
def decided(db):
    """The demo agency with last year's council results and decisions."""
    from thidua_desktop.services.demo import build_demo

    build_demo(db, staff=120, seed=2, year=2026)
    past = records.list_campaigns(db)[-1]
    return db, past


def _snapshot(db) -> tuple:
    return (db.execute("SELECT count(*) FROM meeting_candidates").fetchone()[0],
            db.execute("SELECT count(*) FROM round_votes").fetchone()[0],
            db.execute("SELECT count(*) FROM decision_awardees WHERE registration_id IS NOT NULL").fetchone()[0],
            sorted(db.execute("SELECT id, trang_thai FROM registrations").fetchall()))


def test_store_refuses_to_delete_a_registration_with_votes_or_an_award(decided):
    import sqlite3

    from thidua_desktop.store.records import ValidationError

    db, _ = decided
    [candidate] = db.execute("SELECT registration_id FROM meeting_candidates LIMIT 1").fetchone()
    [awarded] = db.execute("SELECT registration_id FROM decision_awardees WHERE registration_id IS NOT NULL "
                           "LIMIT 1").fetchone()
    before = _snapshot(db)
    for rid in (candidate, awarded):
        with pytest.raises(ValidationError, match="Không xóa được đăng ký đã vào cuộc họp"):
            registrations.delete_registrations(db, [rid])
        with pytest.raises(sqlite3.IntegrityError):  # another program deleting it is refused too
            db.execute("DELETE FROM registrations WHERE id = ?", [rid])
    assert "Quyết định số 142/QĐ-BDT" in registrations.registrations_in_use(db, [awarded])[awarded]
    assert _snapshot(db) == before


def test_cli_take_on_last_years_cleared_workbooks_destroys_nothing(decided, db_path, tmp_path, capsys):
    """The issue's reproduction: every workbook of last year's campaign cleared and imported with take."""
    from thidua_desktop import cli

    db, past = decided
    out = tmp_path / "phieu"
    assert cli.main(["export-unit-templates", "--db", str(db_path), "--campaign", str(past.id), str(out)]) == 0
    files = sorted(out.glob("*.xlsx"))
    for path in files:
        rf.clear_marks(path, ut.SHEET)
    before = _snapshot(db)
    assert cli.main(["import-registrations", "--db", str(db_path), "--campaign", str(past.id),
                     "--conflicts", "take", *map(str, files)]) == 0
    text = capsys.readouterr().out
    assert "đã qua bước Đăng ký nên phiếu không đổi được, giữ nguyên" in text
    assert "bỏ 0" in text
    assert _snapshot(db) == before


# --- the workbook's identity and its rows are checked (issue 15, item 2) ---------------------------

def _tamper(path, *, cell=None, props=None, sheet=None):
    """Change a cell of the sheet (row, column) → value, the document properties and/or the hidden identity sheet."""
    wb = openpyxl.load_workbook(path)
    for (r, c), value in (cell or {}).items():
        wb[ut.SHEET].cell(row=r, column=c).value = value
    for prop in wb.custom_doc_props.props:
        if props and prop.name in props:
            prop.value = props[prop.name]
    if sheet:
        ws = wb[ut.IDENTITY_SHEET]
        for row in ws.iter_rows():
            if row[0].value in sheet:
                row[1].value = sheet[row[0].value]
    wb.save(path)


def _row_of(path, name):
    ws = openpyxl.load_workbook(path)[ut.SHEET]
    return next(r[0].row for r in ws.iter_rows() if r[2].value == name)


def test_workbook_carries_file_campaign_and_unit(agency, tmp_path):
    from thidua_desktop.store.db import file_uuid

    db, office, _, campaign = agency
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb[ut.IDENTITY_SHEET].sheet_state == "veryHidden"
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props == {"thidua_tep": file_uuid(db), "thidua_phong_trao": str(campaign), "thidua_don_vi": str(office)}
    assert file_uuid(db) == file_uuid(db) and len(file_uuid(db)) == 36


def test_a_workbook_of_another_file_or_campaign_is_refused(agency, tmp_path):
    from thidua_desktop.store.db import open_database

    db, _, _, campaign = agency
    other_campaign = records.save_campaign(db, Campaign("Thi đua chuyên đề", nam_bat_dau=2026, loai="chuyen_de"))
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path / "a")
    with pytest.raises(StoreError, match="là phiếu của phong trào “Thi đua năm 2026”, không phải của"):
        ut.plan_template_import(db, other_campaign, path)
    other = open_database(tmp_path / "khac.sqlite")
    try:  # the same ids in another data file
        o_office = records.save_unit(other, Unit("Văn phòng, Tổ chức"))
        for n in ("Nguyễn Văn An", "Trần Thị Bình"):
            records.save_staff(other, Staff(n, unit_id=o_office, chuc_vu="Chuyên viên"))
        o_campaign = records.save_campaign(other, Campaign("Thi đua năm 2026", nam_bat_dau=2026))
        assert o_campaign == campaign
        with pytest.raises(StoreError, match="xuất từ một tệp dữ liệu khác"):
            ut.plan_template_import(other, o_campaign, path)
    finally:
        other.close()


@pytest.mark.parametrize("where", ["props", "sheet", "both_gone"])
def test_tampered_identity_is_refused(agency, tmp_path, where):
    db, _, _, campaign = agency
    [path, policy_path] = ut.export_unit_templates(db, campaign, tmp_path)
    policy = next(u.id for u in records.list_units(db) if u.ten == "Phòng Chính sách")
    if where == "props":
        _tamper(path, props={"thidua_don_vi": str(policy)})
    elif where == "sheet":
        _tamper(path, sheet={"thidua_don_vi": str(policy)})
    else:
        wb = openpyxl.load_workbook(path)
        del wb[ut.IDENTITY_SHEET]
        wb.custom_doc_props.props.clear()
        wb.save(path)
    with pytest.raises(StoreError, match="đã bị sửa"):
        ut.plan_template_import(db, campaign, path)


def test_tampered_rows_are_errors_with_both_names(agency, tmp_path):
    db, office, (an, binh), campaign = agency
    cuong = next(r["id"] for r in records.list_staff_rows(db) if r["ho_ten"] == "Lê Văn Cường")
    policy = next(u.id for u in records.list_units(db) if u.ten == "Phòng Chính sách")
    gone = records.save_staff(db, Staff("Đỗ Thị Nghỉ", unit_id=office))
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    person = records.get_staff(db, gone)
    records.save_staff(db, dataclasses.replace(person, dang_cong_tac=False))  # left after the export
    fill(path, {"Nguyễn Văn An": ["Lao động tiên tiến"], "Trần Thị Bình": ["Lao động tiên tiến"],
                "Đỗ Thị Nghỉ": ["Lao động tiên tiến"], "Văn phòng, Tổ chức": ["Tập thể lao động tiên tiến"]})
    r_an, r_binh = _row_of(path, "Nguyễn Văn An"), _row_of(path, "Trần Thị Bình")
    r_gone, r_unit = _row_of(path, "Đỗ Thị Nghỉ"), _row_of(path, "Văn phòng, Tổ chức")
    _tamper(path, cell={(r_an, 1): f"NV{cuong}",  # another unit's person under An's name
                        (r_binh, 3): "Trần Thị Bích",  # the name typed over
                        (r_unit, 1): f"DV{policy}"})  # another unit as the collective
    plan = ut.plan_template_import(db, campaign, path)
    errors = {r.excel_row: r for r in plan.errors}
    assert sorted(errors) == sorted([r_an, r_binh, r_gone, r_unit])
    assert errors[r_an].reason == f"Tên trong phiếu “Nguyễn Văn An” khác tên trong dữ liệu “Lê Văn Cường” (mã NV{cuong})"
    assert errors[r_an].name == "Lê Văn Cường"  # the preview shows the stored name
    assert errors[r_binh].reason == f"Tên trong phiếu “Trần Thị Bích” khác tên trong dữ liệu “Trần Thị Bình” (mã NV{binh})"
    assert errors[r_gone].reason == f"“Đỗ Thị Nghỉ” (mã NV{gone}) đã nghỉ công tác"
    assert "không được đăng ký cho tập thể khác (“Phòng Chính sách”" in errors[r_unit].reason
    with pytest.raises(StoreError, match="có dòng lỗi"):
        ut.apply_template_import(db, plan)
    assert registrations.count_registrations(db) == 0
    # the other unit's person with the name typed to match: not in this unit
    _tamper(path, cell={(r_an, 3): "Lê Văn Cường"})
    plan = ut.plan_template_import(db, campaign, path)
    assert next(r for r in plan.errors if r.excel_row == r_an).reason == (
        f"“Lê Văn Cường” (mã NV{cuong}) không thuộc đơn vị “Văn phòng, Tổ chức” (dữ liệu: Phòng Chính sách)")


def test_cli_refuses_a_foreign_workbook(agency, db_path, tmp_path, capsys):
    from thidua_desktop import cli

    db, _, _, campaign = agency
    [path, _] = ut.export_unit_templates(db, campaign, tmp_path)
    fill(path, {"Nguyễn Văn An": ["Lao động tiên tiến"]})
    _tamper(path, props={"thidua_tep": "00000000-0000-0000-0000-000000000000"},
            sheet={"thidua_tep": "00000000-0000-0000-0000-000000000000"})
    assert cli.main(["import-registrations", "--db", str(db_path), "--campaign", str(campaign), str(path)]) == 2
    assert "xuất từ một tệp dữ liệu khác" in capsys.readouterr().out
    assert registrations.count_registrations(db) == 0
