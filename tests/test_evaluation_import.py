"""Yearly xếp loại import: messy lists, year for the whole sheet, kỷ luật
columns, matching and resolution, all-or-nothing, idempotent re-import, CLI."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tests import roster_factory as rf
from tests.merit_factory import messy_evaluations, seed_agency
from thidua_desktop.cli import main as cli_main
from thidua_desktop.domain.registrations import Evaluation
from thidua_desktop.services.imports import xep_loai as ei
from thidua_desktop.services.imports.sheet import ImportFileError, RowStatus
from thidua_desktop.store import merit


def dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def row(plan, excel_row):
    return next(r for r in plan.rows if r.excel_row == excel_row)


def write_rows(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        rf.put_row(ws, r, values)
    wb.save(path)
    return path


def evaluations(db) -> dict[tuple[int, int], tuple]:
    return {(e.staff_id, e.nam): (e.xep_loai, e.so_thang) for e in merit.evaluations_all(db)}


@pytest.fixture
def agency(db):
    return seed_agency(db)


def expected(agency, year=2024) -> dict:
    p = agency.people
    return {
        (p["an"], year): ("HTXSNV", 12),
        (p["dung"], year): ("HTTNV", 12),
        (p["hoa1"], year): ("HTTNV", 12),
        (p["cuong"], year): ("HTNV", 10),
        (p["y"], year): ("HTTNV", 9),
        (p["hoa2"], year): ("HTXSNV", 12),
    }


@pytest.mark.parametrize("with_year_column", [True, False])
def test_messy_list_layout_plan_and_apply(db, agency, tmp_path, with_year_column):
    sheet = messy_evaluations(tmp_path / "xl.xlsx", with_year_column=with_year_column)
    layout = ei.detect_layout(ei.read_sheet(sheet.path))
    assert (layout.header_first_row, layout.header_last_row) == (8, 9)
    shift = 1 if with_year_column else 0
    assert layout.columns["ky_luat"] == 6 + shift and layout.columns["ky_luat_ngay"] == 7 + shift
    assert layout.columns["xep_loai"] == 4 + shift and layout.columns["so_thang"] == 5 + shift
    assert ("nam" in layout.columns) is with_year_column
    plan = ei.plan_evaluation_import(db, sheet.path)
    assert plan.ok, [(r.excel_row, r.reason) for r in plan.rows if r.status is RowStatus.ERROR]
    assert plan.year == 2024  # from the heading "… NĂM 2024"
    assert row(plan, 10).reason == "Dòng đơn vị: VĂN PHÒNG"
    # two Hoàng Thị Hoa without birth dates: the unit section rows tell them apart
    assert row(plan, 13).subject.id == agency.people["hoa1"]
    assert row(plan, 17).subject.id == agency.people["hoa2"]
    # typed without accents, matched to "Phạm Thị Dung" (not "Phạm Thị Dũng")
    assert row(plan, 12).subject.id == agency.people["dung"]
    assert row(plan, 15).changes == ["Thêm kỷ luật khiển trách ngày 05/06/2024"]
    result = ei.apply_evaluation_import(db, plan)
    assert (result.created, result.updated, result.disciplines) == (6, 0, 1)
    assert evaluations(db) == expected(agency)
    (d,) = merit.disciplines_all(db)
    assert (d.staff_id, d.hinh_thuc, d.tu_ngay) == (agency.people["cuong"], "khien_trach", dt.date(2024, 6, 5))
    # again: nothing changes
    after = dump(db)
    again = ei.plan_evaluation_import(db, sheet.path)
    assert again.counts()[RowStatus.UNCHANGED] == 6
    assert again.counts()[RowStatus.NEW] == again.counts()[RowStatus.UPDATE] == 0
    ei.apply_evaluation_import(db, again)
    assert dump(db) == after


def test_year_chosen_for_the_whole_sheet(db, agency, tmp_path):
    sheet = messy_evaluations(tmp_path / "xl.xlsx", with_year_column=False)
    plan = ei.plan_evaluation_import(db, sheet.path, year=2023)
    assert plan.year == 2023 and plan.year_source == "năm chọn cho cả trang"
    ei.apply_evaluation_import(db, plan)
    assert evaluations(db) == expected(agency, 2023)


def test_no_year_anywhere_is_an_error_per_row(db, agency, tmp_path):
    path = write_rows(tmp_path / "n.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", "HTXSNV"],
    ])
    plan = ei.plan_evaluation_import(db, path)
    assert "Không có năm" in row(plan, 2).reason
    plan = ei.plan_evaluation_import(db, path, year=2025)
    assert plan.ok and row(plan, 2).year == 2025


def test_year_in_the_xep_loai_header(db, agency, tmp_path):
    path = write_rows(tmp_path / "h.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Xếp loại năm 2022"],
        [1, "Nguyễn Văn An", "12/03/1980", "Hoàn thành tốt nhiệm vụ"],
    ])
    plan = ei.plan_evaluation_import(db, path)
    assert plan.year == 2022 and row(plan, 2).xep_loai == "HTTNV"


def test_update_only_what_the_file_gives(db, agency, tmp_path):
    an, binh = agency.people["an"], agency.people["binh"]
    merit.save_evaluations(db, [Evaluation(an, 2024, "HTTNV", 11, 2, "ghi tay"), Evaluation(binh, 2024, "HTXSNV", 12)])
    path = write_rows(tmp_path / "u.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Ghi chú"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "Hoàn thành xuất sắc nhiệm vụ", None],
        [2, "Trần Thị Bình", "01/07/1985", 2024, "HTXSNV", None],
    ])
    plan = ei.plan_evaluation_import(db, path)
    assert row(plan, 2).status is RowStatus.UPDATE
    assert row(plan, 2).changes == ["Xếp loại: Hoàn thành tốt nhiệm vụ → Hoàn thành xuất sắc nhiệm vụ"]
    assert row(plan, 3).status is RowStatus.UNCHANGED
    result = ei.apply_evaluation_import(db, plan)
    assert (result.created, result.updated) == (0, 1)
    stored = {e.staff_id: e for e in merit.evaluations_all(db)}
    assert stored[an] == Evaluation(an, 2024, "HTXSNV", 11, 2, "ghi tay")


@pytest.mark.parametrize(("text", "code"), [
    ("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"), ("HTXSNV", "HTXSNV"), ("Xuất sắc", "HTXSNV"),
    ("Hoàn thành tốt NV", "HTTNV"), ("HT tốt NV", "HTTNV"), ("hoan thanh tot nhiem vu", "HTTNV"),
    ("Hoàn thành nhiệm vụ", "HTNV"), ("Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực", "HTNV"),
    ("Không hoàn thành nhiệm vụ", "KHTNV"), ("Không HTNV", "KHTNV"),
    # spacing and punctuation inside an abbreviation
    ("HTXS NV", "HTXSNV"), ("H.T.X.S.N.V", "HTXSNV"), ("HT XSNV", "HTXSNV"), ("htxs-nv", "HTXSNV"),
    ("HT.T.NV", "HTTNV"), ("HTT NV", "HTTNV"), ("K HTNV", "KHTNV"),
])
def test_xep_loai_words(db, agency, tmp_path, text, code):
    path = write_rows(tmp_path / "w.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Đánh giá, xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, text],
    ])
    assert row(ei.plan_evaluation_import(db, path), 2).xep_loai == code


def test_discipline_cells(db, agency, tmp_path):
    path = write_rows(tmp_path / "kl.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Kỷ luật"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "HTNV", "Cảnh cáo, QĐ 12/QĐ-BDT ngày 05/6/2024"],
        [2, "Trần Thị Bình", "01/07/1985", 2024, "HTTNV", "Không"],
        [3, "Lê Văn Cường", 1979, 2024, "HTNV", "Khiển trách"],
        [4, "Y Ngọc", "15/06/1987", 2024, "HTNV", "Đang xem xét kỷ luật"],
        [5, "Phạm Thị Dung", "05/01/1990", 2024, "HTNV", "Phê bình nhắc nhở"],
    ])
    plan = ei.plan_evaluation_import(db, path)
    d = row(plan, 2).discipline
    assert (d.hinh_thuc, d.tu_ngay, d.so_quyet_dinh) == ("canh_cao", dt.date(2024, 6, 5), "12/QĐ-BDT")
    assert row(plan, 3).discipline is None and row(plan, 3).status is RowStatus.NEW
    assert "thiếu ngày quyết định kỷ luật" in row(plan, 4).reason
    assert row(plan, 5).review and row(plan, 5).changes == ["Thêm: đang xem xét kỷ luật"]
    assert "Hình thức kỷ luật “Phê bình nhắc nhở” không rõ" in row(plan, 6).reason
    before = dump(db)
    with pytest.raises(ImportFileError, match="2 dòng lỗi"):
        ei.apply_evaluation_import(db, plan)
    assert dump(db) == before


def test_review_is_recorded_once(db, agency, tmp_path):
    path = write_rows(tmp_path / "r.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Kỷ luật"],
        [1, "Y Ngọc", "15/06/1987", 2024, "HTNV", "Đang xem xét kỷ luật"],
    ])
    ei.apply_evaluation_import(db, ei.plan_evaluation_import(db, path))
    (review,) = merit.reviews_all(db, open_only=True)
    assert review.staff_id == agency.people["y"] and review.loai == "ky_luat"
    again = ei.plan_evaluation_import(db, path)
    assert row(again, 2).status is RowStatus.UNCHANGED


def test_unmatched_rows_resolution_and_duplicates(db, agency, tmp_path):
    path = write_rows(tmp_path / "m.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Số tháng công tác"],
        [1, "Hoàng Thị Hoa", None, 2024, "HTTNV", 12],
        [2, "Người Lạ", "01/01/1990", 2024, "HTTNV", 12],
        [3, "Nguyễn Văn An", "12/03/1980", 2024, "HTTNV", 12],
        [4, "Nguyen Van An", "12/03/1980", 2024, "HTXSNV", 12],
        [5, "Trần Thị Bình", "01/07/1985", 2024, "HTTNV", 13],
    ])
    plan = ei.plan_evaluation_import(db, path)
    assert [r.excel_row for r in plan.unmatched] == [2, 3]
    assert "Trùng với dòng 4" in row(plan, 5).reason
    assert "Số tháng công tác phải từ 0 đến 12 (đang là 13)" in row(plan, 6).reason
    plan = ei.plan_evaluation_import(db, path, resolutions={
        2: ("staff", agency.people["hoa2"]), 3: ("unit", agency.units["Văn phòng"])})
    assert row(plan, 2).status is RowStatus.NEW and row(plan, 2).subject.id == agency.people["hoa2"]
    assert row(plan, 3).status is RowStatus.ERROR  # a xếp loại is about a person


def test_cli_import_evaluations(db_path, db, agency, tmp_path, capsys):
    sheet = messy_evaluations(tmp_path / "xl.xlsx", with_year_column=False)
    db.close()
    assert cli_main(["import-evaluations", "--db", str(db_path), str(sheet.path), "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert "Năm cho các dòng không ghi năm: 2023 (năm chọn cho cả trang)" in out
    assert "6 xếp loại mới, 0 cập nhật, 1 kỷ luật" in out
    bad = write_rows(tmp_path / "bad.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "Giỏi"],
        [2, "Người Lạ", "01/01/1990", 2024, "HTTNV"],
    ])
    before = db_path.read_bytes()
    assert cli_main(["import-evaluations", "--db", str(db_path), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Dòng 2 (lỗi): Xếp loại “Giỏi” không rõ" in err
    assert "Dòng 3 (chưa xác định): Không tìm thấy “Người Lạ”" in err
    assert "1 dòng lỗi và 1 dòng chưa xác định" in err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("text", ["Không HTXSNV", "HTXS NV X", "HTXSNV chưa", "HTXSNVV", "Hoàn thành XSNV kém"])
def test_a_variant_never_reads_as_another_meaning(db, agency, tmp_path, text):
    """Joining pieces never drops one: a word more (a negation, a stray letter) is not read."""
    path = write_rows(tmp_path / "v.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, text],
    ])
    r = row(ei.plan_evaluation_import(db, path), 2)
    assert r.xep_loai != "HTXSNV"


def test_an_unknown_value_is_listed_once_and_mapped_for_every_row(db, agency, tmp_path):
    from thidua_desktop.services.imports.vocab import vocabulary_for
    from thidua_desktop.services.imports.records import parse_value_map

    path = write_rows(tmp_path / "m.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Kỷ luật"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "Loại A1", None],
        [2, "Trần Thị Bình", "01/07/1985", 2024, "loại  a1", "Nhắc nhở nặng"],
        [3, "Lê Văn Cường", 1979, 2024, "HTTNV", None],
    ])
    plan = ei.plan_evaluation_import(db, path)
    assert not plan.ok
    unknown = plan.unknown_values()
    assert [(u.field, u.text, u.rows) for u in unknown] == [
        ("xep_loai", "Loại A1", (2, 3)), ("ky_luat", "Nhắc nhở nặng", (3,))]
    value_map = parse_value_map(["Loại A1=HTXSNV", "Nhắc nhở nặng=Khiển trách"], vocabulary_for(db))
    assert value_map == {("xep_loai", "loai a1"): "HTXSNV", ("ky_luat", "nhac nho nang"): "khien_trach"}
    plan = ei.plan_evaluation_import(db, path, value_map=value_map)
    assert not plan.unknown_values()
    assert row(plan, 2).xep_loai == row(plan, 3).xep_loai == "HTXSNV"
    assert "thiếu ngày quyết định kỷ luật" in row(plan, 3).reason  # now read: the next thing to fix
    with pytest.raises(ValueError, match="không phải mã xếp loại"):
        parse_value_map(["HTXS NV=HTXXX"], vocabulary_for(db))
    with pytest.raises(ValueError, match="giá trị trong tệp=mã"):
        parse_value_map(["HTXS NV"], vocabulary_for(db))


def test_remembered_readings_live_in_the_users_vocabulary(db, agency, tmp_path, _user_data_dir):
    from thidua_desktop.services.imports.vocab import remember_phrases, user_vocabulary_path

    path = write_rows(tmp_path / "r.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "Loại A1"],
    ])
    assert not ei.plan_evaluation_import(db, path).ok
    written = remember_phrases([("xep_loai", "HTXSNV", "Loại A1")])
    assert written == user_vocabulary_path() and written.is_relative_to(_user_data_dir)
    remember_phrases([("xep_loai", "HTXSNV", "loai  a1")])  # the same reading is kept once
    import json

    assert json.loads(written.read_text(encoding="utf-8"))["xep_loai"] == {"HTXSNV": ["Loại A1"]}
    plan = ei.plan_evaluation_import(db, path)
    assert plan.ok and row(plan, 2).xep_loai == "HTXSNV"
    written.write_text("{ hỏng", encoding="utf-8")  # a damaged user file is left out, never fatal
    assert not ei.plan_evaluation_import(db, path).ok


def test_cli_maps_a_value_and_remembers_it(db_path, db, agency, tmp_path, capsys):
    path = write_rows(tmp_path / "c.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "Loại A1"],
        [2, "Trần Thị Bình", "01/07/1985", 2024, "Loại A1"],
    ])
    assert cli_main(["import-evaluations", "--db", str(db_path), str(path)]) == 2
    err = capsys.readouterr().err
    assert "Chưa nhận ra xếp loại “Loại A1” (dòng 2–3): thêm --map \"Loại A1=MÃ\"" in err
    assert cli_main(["import-evaluations", "--db", str(db_path), str(path), "--map", "Loại A1=HTXS"]) == 2
    assert "không phải mã xếp loại" in capsys.readouterr().err
    assert cli_main(["import-evaluations", "--db", str(db_path), str(path), "--map", "Loại A1=HTXSNV",
                     "--dry-run"]) == 0
    assert "Sẽ nhập: 2 dòng mới" in capsys.readouterr().out
    from thidua_desktop.services.imports.vocab import user_vocabulary_path

    assert not user_vocabulary_path().exists()  # nothing remembered unless asked
    assert cli_main(["import-evaluations", "--db", str(db_path), str(path), "--map", "Loại A1=HTXSNV",
                     "--remember-map"]) == 0
    out = capsys.readouterr().out
    assert "Đã ghi nhớ 1 cách đọc" in out
    assert {x for x, _ in evaluations(db).values()} == {"HTXSNV"}
    merit.delete_evaluations(db, list(evaluations(db)))
    assert cli_main(["import-evaluations", "--db", str(db_path), str(path)]) == 0  # remembered
