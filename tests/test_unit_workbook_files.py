"""A returned unit workbook is read like every other import (issue 15, item
18): an encrypted, .xls, CSV or Word file gets the importers' clear message
(not "File is not a zip file"), and a real .xlsx is known by its content,
whatever its name — in the service, the CLI and the window."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tests import roster_factory as rf
from tests.merit_factory import seed_agency
from thidua_desktop import cli
from thidua_desktop.domain.models import Campaign, OrgSettings
from thidua_desktop.services.imports import xep_loai as ei
from thidua_desktop.services.imports import history as hi
from thidua_desktop.services.imports import unit_workbooks as ut
from thidua_desktop.store import records, registrations
from thidua_desktop.store.db import StoreError

def empty(path):
    path.write_bytes(b"")
    return path


BAD = [
    (rf.encrypted_xlsx, "được đặt mật khẩu nên chương trình không đọc được"),
    (rf.old_xls, "là định dạng Excel cũ (.xls, Excel 97–2003)"),
    (rf.text_renamed, "có vẻ là tệp văn bản hoặc CSV bị đổi đuôi"),
    (rf.docx_renamed, "là tài liệu Word (.docx) bị đổi tên"),
    (empty, "rỗng (0 byte)"),
]
IDS = ["encrypted", "xls", "csv", "docx", "empty"]


@pytest.fixture
def agency(db):
    seed_agency(db)
    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa"))  # the workbooks print them
    campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026))
    return db, campaign


@pytest.mark.parametrize(("make", "message"), BAD, ids=IDS)
def test_a_file_that_is_not_a_workbook(agency, tmp_path, make, message):
    db, campaign = agency
    path = tmp_path / "dang-ky.xlsx"
    make(path)
    with pytest.raises(StoreError) as info:
        ut.plan_template_import(db, campaign, path)
    assert message in str(info.value) and "dang-ky.xlsx" in str(info.value)
    assert "zip" not in str(info.value)


def test_a_real_workbook_without_its_extension_is_read(agency, tmp_path):
    db, campaign = agency
    [path, *_] = ut.export_unit_templates(db, campaign, tmp_path / "mau")
    bare = tmp_path / "dang-ky-van-phong"  # a mail program dropped the extension
    bare.write_bytes(path.read_bytes())
    plan = ut.plan_template_import(db, campaign, bare)
    assert plan.rows and not plan.errors
    other = tmp_path / "phieu.dat"
    other.write_bytes(path.read_bytes())
    assert len(ut.plan_template_import(db, campaign, other).rows) == len(plan.rows)


def test_history_and_evaluations_also_read_by_content(agency, tmp_path):
    path = rf.write_sheet(tmp_path / "x.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "LĐTT", "HTTNV"],
    ])
    bare = tmp_path / "lich-su"
    bare.write_bytes(path.read_bytes())
    assert hi.read_sheet(bare).rows[1][1] == "Nguyễn Văn An"
    assert ei.read_sheet(bare).rows[1][1] == "Nguyễn Văn An"


def test_cli_gives_the_same_messages(agency, db_path, tmp_path, capsys):
    db, campaign = agency
    [good, *_] = ut.export_unit_templates(db, campaign, tmp_path / "mau")
    bare = tmp_path / "dang-ky"
    bare.write_bytes(good.read_bytes())
    files = []
    for (make, _message), name in zip(BAD, IDS, strict=True):
        files.append(make(tmp_path / f"{name}.xlsx"))
    args = ["import-registrations", "--db", str(db_path), "--campaign", str(campaign)]
    assert cli.main([*args, "--dry-run", *map(str, files), str(bare)]) == 2
    out = capsys.readouterr().out
    for (_make, message), name in zip(BAD, IDS, strict=True):
        assert f"{name}.xlsx: Lỗi: " in out and message in out
    assert "zip" not in out
    assert f"{bare} (đơn vị Văn phòng): 0 dòng có đăng ký mới" in out  # the bare workbook is read


def test_window_gives_the_same_messages(show_window, db, monkeypatch, tmp_path):
    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.ui.registrations.unit_workbook_dialog import TemplateImportDialog

    build_demo(db, staff=60, seed=5)
    window = show_window(db)
    campaign = window.tab("registrations").campaign().id
    before = registrations.count_registrations(db)
    [good, *_] = ut.export_unit_templates(db, campaign, tmp_path / "mau")
    rf.clear_marks(good, ut.SHEET)
    bare = tmp_path / "dang-ky"
    bare.write_bytes(good.read_bytes())
    encrypted = rf.encrypted_xlsx(tmp_path / "mat-khau.xlsx")
    filters = []

    def choose(parent, title, folder, pattern):
        filters.append(pattern)
        return [str(encrypted), str(bare)], "Excel (*.xlsx)"

    warnings, reports, previews = [], [], []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: reports.append(text))
    monkeypatch.setattr(TemplateImportDialog, "exec",
                        lambda dialog: previews.append(dialog) or QDialog.DialogCode.Rejected)
    window.findChild(QAction, "actionImportTemplates").trigger()
    assert "Mọi tệp (*)" in filters[0]  # a file without its extension can be chosen
    [warning] = warnings
    assert "được đặt mật khẩu" in warning and "mat-khau.xlsx" in warning
    assert len(previews) == 1  # the bare workbook was read and previewed
    assert "mat-khau.xlsx: không đọc được." in reports[-1]
    assert registrations.count_registrations(db) == before
