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
from thidua_desktop.store.audit_labels import AuditLabels
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
    assert AuditLabels(db).describe(changed) == "Nguyễn Văn An: chức vụ Chuyên viên → Phó Chánh Văn phòng"
    records.delete_staff(db, [sid])
    deleted = log(db)[0]
    assert deleted["thao_tac"] == "xoa" and json.loads(deleted["cu"])["chuc_vu"] == "Phó Chánh Văn phòng"


def test_demo_data_is_one_line_and_another_program_writing_is_not_refused(db, db_path):
    build_demo(db, staff=40, seed=2)
    [line] = log(db)
    assert line["thao_tac"] == "ghi_chu" and "Tạo dữ liệu mẫu: 40 cán bộ" in AuditLabels(db).describe(line)
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
    names = {records.get_staff(win.db, r.staff_id).ho_ten for r in regs if r.staff_id is not None}
    shown = [dialog.proxy.index(r, 4).data() for r in range(3)]
    assert all(": trạng thái Đăng ký → Đề nghị" in text for text in shown), shown
    assert names <= {text.split(":")[0] for text in shown}
    dialog.table_combo.setCurrentIndex(0)
    dialog.search.setText("ho thi xuan huong")  # accent-insensitive
    assert dialog.proxy.rowCount() == 2
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("xoa"))
    assert dialog.proxy.rowCount() == 1 and dialog.proxy.index(0, 3).data() == "Xóa"
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


def test_the_log_speaks_in_names_and_labels_never_ids_or_codes(db, monkeypatch, tmp_path):
    """Every row of a whole demo agency, logged row by row (triggers not lifted),
    reads in words: names for ids, labels for codes, Vietnamese field names."""
    import contextlib
    import re

    from thidua_desktop.domain.models import OrgSettings
    from thidua_desktop.services.documents.audit_xlsx import export_audit
    from thidua_desktop.store.rules import all_rulesets

    monkeypatch.setattr(audit, "paused", lambda db: contextlib.nullcontext())
    build_demo(db, staff=40, seed=3, year=2026)
    reg = next(r for r in db.query("SELECT r.id, s.ho_ten, r.trang_thai FROM registrations r "
                                   "JOIN staff s ON s.id = r.staff_id WHERE r.trang_thai = 'de_nghi'"))
    registrations.set_status(db, [reg["id"]], "dat")
    proposal = db.execute("INSERT INTO proposals (nam, ma, so_to_trinh, ngay_trinh) "
                          "VALUES (2026, 'CSTD_TINH', '05/TTr-BDT', '2026-12-20')").lastrowid
    db.execute("INSERT INTO proposal_items (proposal_id, registration_id, ket_qua, thu_tu) VALUES (?, ?, 'cho', 1)",
               [proposal, reg["id"]])
    sid = records.save_staff(db, Staff("Hồ Thị Xuân Hương"))
    records.delete_staff(db, [sid])
    entries = list(audit.entries(db))
    labels = AuditLabels(db)
    texts = {e["id"]: labels.describe(e) for e in entries}
    assert texts[entries[4]["id"]] == f"{reg['ho_ten']}: trạng thái Đề nghị → Đạt"
    assert texts[entries[0]["id"]].startswith("Hồ Thị Xuân Hương: ")  # deleted, still named
    assert texts[entries[2]["id"]].startswith(f"{reg['ho_ten']} (") and "kết quả chờ quyết định" in texts[entries[2]["id"]]
    assert texts[entries[3]["id"]].startswith("Tờ trình số 05/TTr-BDT (Chiến sĩ thi đua cấp tỉnh): ")
    codes = {t.code for rs in all_rulesets(db) for t in rs.titles}
    tables = {e["bang"] for e in entries}
    assert {"staff", "units", "registrations", "decisions", "decision_awardees", "meetings", "round_votes",
            "council_members", "evaluations", "awards"} <= tables, tables
    snake = re.compile(r"\b[a-z]+_[a-z_]+\b")
    for e in entries:
        text = texts[e["id"]]
        assert text, dict(e)
        assert not snake.search(text), text  # no column names, no status or kind codes
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), text  # dates as dd/mm/yyyy
        words = set(re.findall(r"[\w]+", text))
        assert not words & codes, (text, words & codes)
        if e["bang"] not in ("org_settings", "rulesets") and e["thao_tac"] != "ghi_chu":
            assert labels.subject(e), dict(e)
    # the export reads the same, without the record ids
    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa"))
    out = tmp_path / "nhat-ky.xlsx"
    export_audit(db, out)
    ws = openpyxl.load_workbook(out).active
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Thời gian")
    assert header[:5] == ("Thời gian", "Người dùng", "Dữ liệu", "Thao tác", "Nội dung thay đổi")
    cells = [str(c) for r in ws.iter_rows(values_only=True) for c in r if c]
    assert f"{reg['ho_ten']}: trạng thái Đề nghị → Đạt" in cells
