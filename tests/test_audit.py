"""Nhật ký thay đổi: what the triggers record, the viewer and its export."""
from __future__ import annotations

import dataclasses
import getpass
import json
import sqlite3

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from thidua_desktop.domain.models import Staff
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import audit, records, registrations
from thidua_desktop.ui.audit_dialog import AuditDialog


def log(db):
    return list(audit.entries(db))


def test_insert_real_update_and_delete_are_logged_with_the_os_user(db):
    sid = records.save_staff(db, Staff("Nguyễn Văn An", chuc_vu="Chuyên viên"))
    [added] = log(db)
    assert (added["bang"], added["ban_ghi"], added["thao_tac"]) == ("staff", sid, "them")
    assert added["nguoi_dung"] == getpass.getuser() and json.loads(added["moi"])["ho_ten"] == "Nguyễn Văn An"
    person = records.get_staff(db, sid)
    records.save_staff(db, person)  # saved unchanged: nothing to log
    assert len(log(db)) == 1
    records.save_staff(db, dataclasses.replace(person, chuc_vu="Phó Chánh Văn phòng"))
    changed = log(db)[0]
    assert changed["thao_tac"] == "sua"
    assert audit.describe(changed) == "chuc_vu: “Chuyên viên” → “Phó Chánh Văn phòng”"
    records.delete_staff(db, [sid])
    deleted = log(db)[0]
    assert deleted["thao_tac"] == "xoa" and json.loads(deleted["cu"])["chuc_vu"] == "Phó Chánh Văn phòng"


def test_demo_data_is_one_line_and_another_program_writing_is_not_refused(db, db_path):
    build_demo(db, staff=40, seed=2)
    [line] = log(db)
    assert line["thao_tac"] == "ghi_chu" and "Tạo dữ liệu mẫu: 40 cán bộ" in audit.describe(line)
    other = sqlite3.connect(db_path)  # e.g. a database browser: no app function needed
    other.execute("UPDATE staff SET chuc_vu = 'Văn thư' WHERE id = (SELECT min(id) FROM staff)")
    other.commit()
    other.close()
    assert log(db)[0]["thao_tac"] == "sua" and log(db)[0]["nguoi_dung"] == getpass.getuser()


@pytest.fixture
def win(show_window, db):
    build_demo(db, staff=120, seed=4)
    return show_window(db)


def test_a_session_in_the_window_shows_every_change_and_exports(win, monkeypatch, tmp_path):
    campaign = next(c for c in records.list_campaigns(win.db) if c.loai == "thuong_xuyen")
    regs = registrations.registrations_of_campaign(win.db, campaign.id)[:3]
    registrations.set_status(win.db, [r.id for r in regs], "de_nghi")
    sid = records.save_staff(win.db, Staff("Hồ Thị Xuân Hương"))
    records.delete_staff(win.db, [sid])
    dialog = AuditDialog(win)
    assert dialog.model.rowCount() == len(log(win.db)) == 1 + 3 + 2
    dialog.table_combo.setCurrentIndex(dialog.table_combo.findData("registrations"))
    assert dialog.proxy.rowCount() == 3
    assert all("trang_thai: “dang_ky” → “de_nghi”" in dialog.proxy.index(r, 5).data() for r in range(3))
    dialog.table_combo.setCurrentIndex(0)
    dialog.search.setText("ho thi xuan huong")  # accent-insensitive
    assert dialog.proxy.rowCount() == 2
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("xoa"))
    assert dialog.proxy.rowCount() == 1 and dialog.proxy.index(0, 4).data() == "Xóa"
    out = tmp_path / "nhat-ky.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel (*.xlsx)"))
    dialog.actions["export"].trigger()
    ws = openpyxl.load_workbook(out).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert "NHẬT KÝ THAY ĐỔI DỮ LIỆU" in cells and "Xóa" in cells
    assert any("Hồ Thị Xuân Hương" in c for c in cells) and not any("de_nghi" in c for c in cells)


def test_every_audited_table_exists_and_the_organisation_settings_are_logged(db):
    assert set(audit.AUDITED) <= set(db.table_names())  # a misspelt table would log nothing
    settings = records.get_settings(db)
    records.save_settings(db, dataclasses.replace(settings, ten_thu_truong="Nguyễn Quỳnh Nhung"))
    (moi,) = db.execute("SELECT moi FROM audit_log WHERE bang = 'org_settings' AND thao_tac = 'sua'").fetchone()
    assert json.loads(moi)["ten_thu_truong"] == "Nguyễn Quỳnh Nhung"
