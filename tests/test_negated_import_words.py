"""Negated or cancelled text in old spreadsheets is never imported as an
award, a xếp loại or a kỷ luật (issue 15, item 3): "LĐTT (không đạt)",
"Giấy khen (đã hủy)", "Đã xóa kỷ luật cảnh cáo" … leave the row for the user,
through the service, the CLI and the window alike."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from tests import roster_factory as rf
from tests.merit_factory import seed_agency
from drivers import drive_import_wizard, shown_rows, trigger
from thidua_desktop.cli import main as cli_main
from thidua_desktop.domain.rulesets import builtin_rulesets
from thidua_desktop.services.imports import xep_loai as ei
from thidua_desktop.services.imports import history as hi
from thidua_desktop.services.imports.vocab import Vocabulary
from thidua_desktop.services.imports.sheet import RowStatus
from thidua_desktop.store import merit

TAKEN_BACK_TITLES = [
    "LĐTT (không đạt)", "Giấy khen (đã hủy)", "Lao động tiên tiến - không đủ điều kiện", "LĐTT (rút)",
    "Giấy khen (đã huỷ)", "Chiến sĩ thi đua cơ sở (thu hồi)", "Bằng khen của Chủ tịch UBND tỉnh - bị thu hồi",
    "LDTT (khong dat)", "Giay khen (da huy)", "LĐTT chưa đạt", "Giấy khen hết hiệu lực",
    "LAO ĐỘNG TIÊN TIẾN (KHÔNG ĐẠT)",
]


@pytest.fixture(scope="module")
def vocab():
    return Vocabulary(builtin_rulesets())


@pytest.mark.parametrize("text", TAKEN_BACK_TITLES)
def test_a_title_taken_back_matches_nothing(vocab, text):
    assert vocab.titles.match(text) is None


@pytest.mark.parametrize(("text", "code"), [
    ("LĐTT", "LDTT"), ("Lao động tiên tiến năm 2023", "LDTT"),
    ("Bằng khen của Chủ tịch UBND tỉnh Khánh Hòa", "BK_TINH"),
    ("Giấy khen của Giám đốc Nguyễn Văn Huy", "GK"),  # "Huy" is a name, not "hủy"
    ("Giấy khen đột xuất", "GK"),
])
def test_titles_still_match(vocab, text, code):
    assert vocab.titles.match(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Hoàn thành xuất sắc nhiệm vụ - không được công nhận", None),
    ("HTXSNV (đã hủy)", None),
    ("Hoàn thành tốt nhiệm vụ - chưa được phê duyệt", None),
    ("Không hoàn thành nhiệm vụ", "KHTNV"),  # its "không" is the phrase's own
    ("KHÔNG HOÀN THÀNH NHIỆM VỤ", "KHTNV"),
    ("Khong hoan thanh nhiem vu", "KHTNV"),
    ("Không HTNV", "KHTNV"),
    ("Không hoàn thành nhiệm vụ - không được công nhận", None),
    ("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
])
def test_xep_loai_taken_back(vocab, text, code):
    assert vocab.xep_loai.match(text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("Đã xóa kỷ luật cảnh cáo", None), ("Đã xoá kỷ luật khiển trách", None),
    ("Khiển trách (hết thời hạn)", None), ("Cảnh cáo - đã hết hạn", None),
    ("Thu hồi quyết định cách chức", None), ("Da xoa ky luat canh cao", None),
    ("Cảnh cáo, QĐ 12/QĐ-BDT ngày 05/6/2024", "canh_cao"), ("Buộc thôi việc", "buoc_thoi_viec"),
])
def test_discipline_taken_back(vocab, text, code):
    assert vocab.discipline.find(text) == code


def test_the_words_are_data(vocab):
    from thidua_desktop.services.imports.vocab import _vocabulary_data

    data = dict(_vocabulary_data())
    assert "hủy" in data["negations"]
    data["negations"] = [*data["negations"], "đề nghị"]
    mine = Vocabulary(builtin_rulesets(), data)
    assert vocab.titles.match("LĐTT (đề nghị)").code == "LDTT"
    assert mine.titles.match("LĐTT (đề nghị)") is None
    data["negations"] = []
    assert Vocabulary(builtin_rulesets(), data).titles.match("LĐTT (không đạt)").code == "LDTT"


def _history(path, titles):
    return rf.write_sheet(path, [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu"],
        *[[i, "Nguyễn Văn An", "12/03/1980", 2010 + i, t] for i, t in enumerate(titles, start=1)],
    ])


def test_history_rows_with_taken_back_titles_are_left_for_the_user(db, tmp_path):
    seed_agency(db)
    path = _history(tmp_path / "ls.xlsx", ["LĐTT (không đạt)", "Giấy khen (đã hủy)", "LĐTT"])
    plan = hi.plan_history_import(db, path)
    rows = {r.excel_row: r for r in plan.rows}
    assert rows[2].status is RowStatus.ERROR and rows[2].titles == []
    assert "có chữ “không”" in rows[2].reason
    assert rows[3].status is RowStatus.ERROR and "có chữ “hủy”" in rows[3].reason
    assert rows[4].status is RowStatus.NEW and rows[4].titles == ["LDTT"]


def test_evaluation_rows_taken_back(db, tmp_path):
    agency = seed_agency(db)
    path = rf.write_sheet(tmp_path / "xl.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Kỷ luật"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "Hoàn thành xuất sắc nhiệm vụ - không được công nhận", None],
        [2, "Trần Thị Bình", "01/07/1985", 2024, "HTTNV", "Đã xóa kỷ luật cảnh cáo"],
        [3, "Lê Văn Cường", 1979, 2024, "Không hoàn thành nhiệm vụ", None],
    ])
    plan = ei.plan_evaluation_import(db, path)
    rows = {r.excel_row: r for r in plan.rows}
    assert rows[2].status is RowStatus.ERROR and rows[2].xep_loai is None
    assert "có chữ “không”" in rows[2].reason
    assert rows[3].status is RowStatus.ERROR and rows[3].discipline is None
    assert "Hình thức kỷ luật “Đã xóa kỷ luật cảnh cáo” không rõ (có chữ “xóa”" in rows[3].reason
    assert rows[4].status is RowStatus.NEW and rows[4].xep_loai == "KHTNV"
    assert agency


def test_cli_refuses_taken_back_titles(db_path, db, tmp_path, capsys):
    seed_agency(db)
    db.close()
    path = _history(tmp_path / "ls.xlsx", ["LĐTT (rút)"])
    before = db_path.read_bytes()
    assert cli_main(["import-history", "--db", str(db_path), str(path)]) == 2
    err = capsys.readouterr().err
    assert "Dòng 2 (lỗi): Không nhận ra danh hiệu, hình thức “LĐTT (rút)” (có chữ “rút”" in err
    assert db_path.read_bytes() == before


def test_window_blocks_taken_back_titles(show_window, db, monkeypatch, tmp_path):
    seed_agency(db)
    window = show_window(db)
    path = _history(tmp_path / "ls.xlsx", ["Lao động tiên tiến - không đủ điều kiện", "LĐTT"])
    seen = drive_import_wizard(monkeypatch, path)
    trigger(window, "actionImportHistory")
    page = seen[0].preview_page
    assert not seen[0].button(QWizard.WizardButton.FinishButton).isEnabled()
    shown = shown_rows(page)
    assert list(shown) == [2] and "có chữ “không”" in shown[2]
    assert merit.awards_all(window.db) == []
