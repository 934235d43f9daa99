"""Dân tộc and phân loại đối tượng on staff: the form, the store, the demo, the default from chức vụ."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from thidua_desktop.domain.models import PHAN_LOAI, Staff, Unit, phan_loai_theo_chuc_vu
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import records
from thidua_desktop.store.records import ValidationError
from drivers import fill_form


@pytest.mark.parametrize(("chuc_vu", "expected"), [
    ("Trưởng Ban", "lanh_dao_vu_so"), ("Phó Trưởng ban", "lanh_dao_vu_so"),
    ("Phó Trưởng phòng", "lanh_dao_khac"), ("Chánh Văn phòng", "lanh_dao_khac"),
    ("Chuyên viên", "truc_tiep"), ("Kế toán", "truc_tiep"), ("", "truc_tiep"),
    ("Phó Chủ tịch UBND tỉnh", "lanh_dao_bo_tinh"),
])
def test_phan_loai_defaults_from_chuc_vu(chuc_vu, expected):
    assert phan_loai_theo_chuc_vu(chuc_vu) == expected
    assert Staff("A", chuc_vu=chuc_vu).phan_loai_or_default == expected
    assert Staff("A", chuc_vu=chuc_vu, phan_loai="doanh_nhan").phan_loai_or_default == "doanh_nhan"


def test_store_keeps_both_fields_and_refuses_an_unknown_phan_loai(db):
    sid = records.save_staff(db, Staff(" Y  Bhin Niê ", dan_toc="  Ê  Đê ", phan_loai="lanh_dao_khac"))
    staff = records.get_staff(db, sid)
    assert (staff.dan_toc, staff.phan_loai) == ("Ê Đê", "lanh_dao_khac")
    with pytest.raises(ValidationError, match="Phân loại đối tượng"):
        records.save_staff(db, Staff("B", phan_loai="sep"))
    with pytest.raises(ValidationError, match="Dân tộc"):
        records.save_staff(db, Staff("B", dan_toc="x" * 51))
    assert records.count_staff(db) == 1


def test_staff_form_sets_dan_toc_and_phan_loai(show_window, db, monkeypatch):
    window = show_window(db)
    window.show_tabs()
    records.save_unit(db, Unit(ten="Văn phòng"))
    window.staff_tab.reload()

    def fill(d):
        d.w(QLineEdit, "hoTenEdit").setText("Mấu Thị Hoa")
        d.w(QLineEdit, "danTocEdit").setText("Raglai")
        combo = d.w(QComboBox, "phanLoaiCombo")
        assert combo.itemText(0) == "Theo chức vụ" and combo.count() == 1 + len(PHAN_LOAI)
        combo.setCurrentIndex(combo.findData("lanh_dao_khac"))

    fill_form(monkeypatch, fill)
    window.staff_tab.actions["add"].trigger()
    [row] = records.list_staff_rows(db)
    assert (row["dan_toc"], row["phan_loai"]) == ("Raglai", "lanh_dao_khac")


def test_demo_gives_each_person_a_dan_toc(db):
    build_demo(db, staff=200, seed=3)
    peoples = dict(db.execute("SELECT dan_toc, count(*) FROM staff GROUP BY dan_toc").fetchall())
    assert "" not in peoples and peoples["Kinh"] > sum(peoples.values()) / 2
    assert set(peoples) - {"Kinh"} <= {"Raglai", "Ê Đê", "Cơ Ho", "Cơ Tu"} and len(peoples) > 1


def test_roster_import_reads_dan_toc_and_phan_loai(db, tmp_path):
    from tests.test_roster_import import write_rows
    from thidua_desktop.domain.dates import PartialDate
    from thidua_desktop.services.imports import roster as ri
    from thidua_desktop.services.imports.roster import RowStatus

    sid = records.save_staff(db, Staff("Nguyễn Văn An", ngay_sinh=PartialDate(1980, 3, 12), dan_toc="Kinh"))
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Dân tộc", "Phân loại đối tượng"],
        [1, "Nguyễn Văn An", "12/03/1980", "Kinh", "Lãnh đạo khác"],
        [2, "H'Hen Niê", "1990", "Ê đê", "Trực tiếp lao động, công tác"],
        [3, "Y Bhin Mlô", "1985", "Ê Đê", None],
    ]
    plan = ri.plan_import(db, write_rows(tmp_path / "r.xlsx", rows))
    assert [r.status for r in plan.rows] == [RowStatus.UPDATE, RowStatus.NEW, RowStatus.NEW]
    assert plan.rows[0].changes == ["Phân loại đối tượng: — → “Lãnh đạo khác (từ phó trưởng phòng và tương đương "
                                    "trở lên)”"]
    ri.apply_import(db, plan)
    got = {s["ho_ten"]: (s["dan_toc"], s["phan_loai"]) for s in records.list_staff_rows(db)}
    assert got == {"Nguyễn Văn An": ("Kinh", "lanh_dao_khac"), "H'Hen Niê": ("Ê đê", "truc_tiep"),
                   "Y Bhin Mlô": ("Ê Đê", None)}
    assert records.get_staff(db, sid).phan_loai == "lanh_dao_khac"
    bad = [rows[0], [1, "Lê Văn Tư", "1970", "Kinh", "Cán bộ"]]
    plan = ri.plan_import(db, write_rows(tmp_path / "b.xlsx", bad))
    assert plan.rows[0].status is RowStatus.ERROR and "Phân loại đối tượng “Cán bộ” không rõ" in plan.rows[0].reason


@pytest.mark.parametrize(("text", "code"), [
    ("Lãnh đạo cấp bộ, tỉnh", "lanh_dao_bo_tinh"), ("lanh dao cap so", "lanh_dao_vu_so"),
    ("Lãnh đạo cấp vụ, sở và tương đương", "lanh_dao_vu_so"), ("Doanh nhân", "doanh_nhan"),
    ("Lãnh đạo khác (từ phó trưởng phòng)", "lanh_dao_khac"), ("truc_tiep", "truc_tiep"), ("Cán bộ", None),
])
def test_phan_loai_read_from_words(text, code):
    from thidua_desktop.domain.models import phan_loai_from_text

    assert phan_loai_from_text(text) == code
    for known, label in PHAN_LOAI.items():
        assert phan_loai_from_text(label) == known
