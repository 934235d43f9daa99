"""What a certificate prints (issue 18 §2): the signer's title on two lines,
position and unit joined the Vietnamese way (a unit's name to print), a
collective's parent body above its name, apostrophes as typed, and the
warnings shown before printing — from an empty data file."""
from __future__ import annotations

import datetime as dt

import pytest  # noqa: F401  (fixtures)

from thidua_desktop.domain.models import OrgSettings, Staff, Unit
from thidua_desktop.domain.positions import position_with_unit, unit_print_name
from thidua_desktop.services.decisions import service as ds
from thidua_desktop.services.decisions.certificate_checks import template_warnings
from thidua_desktop.services.documents.certificates import layout, load_templates
from thidua_desktop.store import decisions as store
from thidua_desktop.store import printing as printing_store
from thidua_desktop.store import records

KT = "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"


def test_position_and_unit_are_joined_the_vietnamese_way():
    assert position_with_unit("Phó Trưởng phòng", "Phòng Chính sách dân tộc") == "Phó Trưởng phòng Chính sách dân tộc"
    assert position_with_unit("Trưởng Ban", "Ban Dân tộc tỉnh Khánh Hòa") == "Trưởng Ban Dân tộc tỉnh Khánh Hòa"
    assert position_with_unit("Chánh Văn phòng", "Văn phòng Ban") == "Chánh Văn phòng Ban"
    assert position_with_unit("Chuyên viên", "Phòng Kế hoạch - Tổng hợp") == "Chuyên viên Phòng Kế hoạch - Tổng hợp"
    assert position_with_unit("Trưởng phòng Chính sách dân tộc", "Phòng Chính sách dân tộc") == \
        "Trưởng phòng Chính sách dân tộc"  # said once
    assert position_with_unit("", "Phòng Chính sách dân tộc") == "Phòng Chính sách dân tộc"
    assert position_with_unit(" Kế toán ", None) == "Kế toán"
    assert unit_print_name("Lãnh đạo Ban", "Ban Dân tộc tỉnh Khánh Hòa") == "Ban Dân tộc tỉnh Khánh Hòa"
    assert unit_print_name("Phòng Chính sách dân tộc", "") == "Phòng Chính sách dân tộc"


@pytest.fixture
def agency(db):
    """An empty file filled as a new secretary would: settings, three units, four people."""
    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa", ky_hieu="BDT",
                                          chuc_danh_thu_truong="Trưởng Ban", ten_thu_truong="Nguyễn Văn Trưởng"))
    lead = records.save_unit(db, Unit("Lãnh đạo Ban", ten_in="Ban Dân tộc tỉnh Khánh Hòa"))
    policy = records.save_unit(db, Unit("Phòng Chính sách dân tộc"))
    team = records.save_unit(db, Unit("Tổ công tác vùng đồng bào dân tộc thiểu số miền núi phía Tây tỉnh Khánh Hòa",
                                      parent_id=policy))
    people = {
        "head": records.save_staff(db, Staff("Nguyễn Văn Trưởng", gioi_tinh="nam", chuc_vu="Trưởng Ban",
                                             unit_id=lead)),
        "deputy": records.save_staff(db, Staff("Trần Thị Phó", gioi_tinh="nu", chuc_vu="Phó Trưởng phòng",
                                               unit_id=policy)),
        "kdieu": records.save_staff(db, Staff("K’Điểu", gioi_tinh="nam", chuc_vu="Chuyên viên", unit_id=policy)),
        "nogender": records.save_staff(db, Staff("Lê Văn Chưa", chuc_vu="Chuyên viên", unit_id=policy)),
    }
    return db, people, team


def _items(db, decision_id):
    d = store.get_decision(db, decision_id)
    return {i.ten: i for i in ds.certificate_items(db, d, ds.template_code(db, d))}


def test_certificate_text_from_an_empty_file(agency):
    db, people, team = agency
    did = ds.create_decision(db, so="12/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="GK",
                             staff_ids=list(people.values()), nguoi_ky="Trần Văn Phó", chuc_danh_ky=KT)
    assert store.get_decision(db, did).chuc_danh_ky == KT  # stored with its line break
    items = _items(db, did)
    assert items["Trần Thị Phó"].chuc_vu == "Phó Trưởng phòng Chính sách dân tộc" and not items["Trần Thị Phó"].don_vi
    assert items["Nguyễn Văn Trưởng"].chuc_vu == "Trưởng Ban Dân tộc tỉnh Khánh Hòa"  # the unit's name to print
    assert items["K’Điểu"].nguoi_nhan == "Ông K’Điểu"  # the apostrophe as typed
    template = load_templates()["giay_khen"]
    placed = {p.field.name: p for p in layout(items["Trần Thị Phó"], template)}
    assert [line.text for line in placed["chuc_danh_ky"].lines] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert [line.text for line in placed["chuc_vu"].lines] == ["Phó Trưởng phòng Chính sách dân tộc"]
    # the annex and the award book say the same
    rows = {r["ten"]: r for r in store.award_book(db, 2026)}
    assert position_with_unit(rows["Nguyễn Văn Trưởng"]["chuc_vu"], rows["Nguyễn Văn Trưởng"]["don_vi"]) == \
        "Trưởng Ban Dân tộc tỉnh Khánh Hòa"


def test_a_collective_has_its_parent_body_above_a_name_on_two_lines(agency):
    db, _people, team = agency
    did = ds.create_decision(db, so="13/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="GK", unit_ids=[team])
    [item] = _items(db, did).values()
    assert item.don_vi == "Phòng Chính sách dân tộc" and not item.chuc_vu and not item.danh_xung
    template = load_templates()["giay_khen"]
    placed = {p.field.name: p for p in layout(item, template)}
    assert placed["don_vi"].lines[0].baseline_mm < placed["nguoi_nhan"].lines[0].baseline_mm  # above the name
    assert len(placed["nguoi_nhan"].lines) == 2 and placed["nguoi_nhan"].fits
    assert ds.certificate_batch(db, did).problems("full") == []


def test_warnings_before_printing(agency):
    db, people, _team = agency
    did = ds.create_decision(db, so="14/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="GK",
                             staff_ids=[people["head"], people["nogender"], people["deputy"]])
    warnings = ds.certificate_batch(db, did).warnings(db, "full")
    assert any(w.startswith("Nguyễn Văn Trưởng được khen trong quyết định do chính mình ký") for w in warnings)
    assert any(w.startswith("Lê Văn Chưa: chưa ghi giới tính") for w in warnings)
    assert any("chưa chọn ảnh" in w for w in warnings)  # the template has room for an emblem
    assert not any("Trần Thị Phó" in w for w in warnings)
    assert not any("chưa chọn ảnh" in w for w in ds.certificate_batch(db, did).warnings(db, "phoi"))
    printing_store.set_emblem(db, "quoc_huy.png", b"\x89PNG not read here")
    assert not any("chưa chọn ảnh" in w for w in ds.certificate_batch(db, did).warnings(db, "full"))


def test_template_warnings_for_the_signers_name():
    import dataclasses

    template = load_templates()["giay_khen"]
    assert template_warnings(template) == []
    fields = {f.name: f for f in template.fields}
    low = dataclasses.replace(template, fields=tuple(
        dataclasses.replace(f, y_mm=195) if f.name == "nguoi_ky" else f for f in template.fields))
    assert any("sát viền dưới" in w for w in template_warnings(low))
    beside = dataclasses.replace(template, fields=tuple(
        dataclasses.replace(f, y_mm=fields["nguoi_ky"].y_mm) if f.name == "so_so_vang" else f
        for f in template.fields))
    assert any("cùng hàng với dòng “Số sổ vàng”" in w for w in template_warnings(beside))


def test_no_emblem_closes_its_band_on_blank_paper():
    from thidua_desktop.services.documents.certificates import without_emblem_band

    template = load_templates()["giay_khen"]
    closed = without_emblem_band(template)
    before, after = ({f.name: f for f in t.fields} for t in (template, closed))
    shift = before["quoc_hieu"].y_mm - after["quoc_hieu"].y_mm
    assert closed.emblem is None and shift >= template.emblem.h_mm - 5
    assert after["quoc_hieu"].y_mm >= template.emblem.y_mm  # still clear of the border
    assert all(before[n].y_mm - after[n].y_mm == shift for n in ("hinh_thuc", "nguoi_nhan", "thanh_tich"))
    assert all(before[n] == after[n] for n in ("noi_ngay_ky", "chuc_danh_ky", "nguoi_ky", "so_so_vang"))


def test_cli_signer_title_on_two_lines(agency, db_path, capsys):
    from thidua_desktop import cli

    db, people, _team = agency
    did = ds.create_decision(db, so="15/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="GK",
                             staff_ids=[people["deputy"]])
    assert cli.main(["edit-decision", "--db", str(db_path), "--decision", str(did), "--chuc-danh-ky",
                     "KT. TRƯỞNG BAN\\nPHÓ TRƯỞNG BAN"]) == 0
    assert store.get_decision(db, did).chuc_danh_ky == KT


def test_the_unit_dialog_keeps_a_name_to_print(qtbot, db):
    from PySide6.QtWidgets import QLineEdit

    from thidua_desktop.ui.dialogs import UnitDialog

    saved = []
    dialog = UnitDialog(None, Unit(ten=""), [], lambda unit: saved.append(records.save_unit(db, unit)))
    qtbot.addWidget(dialog.dialog)
    dialog.w(QLineEdit, "tenEdit").setText("Lãnh đạo Ban")
    dialog.w(QLineEdit, "tenInEdit").setText("  Ban Dân tộc   tỉnh Khánh Hòa ")
    dialog.save()
    [unit] = records.list_units(db)
    assert saved and unit.ten_in == "Ban Dân tộc tỉnh Khánh Hòa"  # cleaned, kept
    again = UnitDialog(None, unit, [unit], lambda u: None)
    qtbot.addWidget(again.dialog)
    assert again.w(QLineEdit, "tenInEdit").text() == "Ban Dân tộc tỉnh Khánh Hòa"


def test_the_print_dialog_shows_the_warnings_without_blocking(decisions_window, monkeypatch):
    from thidua_desktop.ui.certificates import dialog as certificate_dialog

    win = decisions_window
    tab = win.decision_tab
    gk = next(r for r in store.list_decisions(win.db) if r["ma"] == "GK")
    tab.list.selectRow(tab.decisions.view_row_of(gk["id"]))
    seen = []

    def look(dialog):
        seen.append(([dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())],
                     dialog.save_button.isEnabled()))

    monkeypatch.setattr(certificate_dialog.CertificatePrintDialog, "exec", look)
    tab.table.selectRow(0)
    tab.actions["certificates"].trigger()
    [(lines, can_save)] = seen
    assert any(t.startswith("Lưu ý: ") and "quốc huy" in t for t in lines)  # the demo has no emblem
    assert can_save  # a warning does not block printing
