"""A new secretary's first year, end to end on an EMPTY data file, through the
real window: agency details → the roster from Excel → a campaign → registrations
→ proposals → the council and its meeting → the counts → the results → the
decision → the certificates as PDF. Every dialog is the real one, filled in by
a replaced ``exec()`` as the user would; nothing is written through the store.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QMessageBox, QPushButton, QSpinBox

from drivers import drive_import_wizard, fill_form
from thidua_desktop.store import council as council_store
from thidua_desktop.store import decisions as decision_store
from thidua_desktop.store import records, registrations
from thidua_desktop.ui.certificates import dialog as certificate_dialog
from thidua_desktop.ui.council import tab as ct
from thidua_desktop.ui.decisions import tab as dt_ui
from thidua_desktop.ui.registrations import tab as rt

YEAR = dt.date.today().year


def test_first_year_from_an_empty_file_to_the_certificates(show_window, db, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from roster_factory import messy_roster

    window = show_window(db)
    assert window.stack.currentWidget() is window.welcome

    # 1. the agency's details (Sửa → Thông tin cơ quan…), while the welcome panel shows
    def agency(d):
        d.w(QLineEdit, "coQuanChuQuanEdit").setText("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA")
        d.w(QLineEdit, "coQuanEdit").setText("BAN DÂN TỘC")
        d.w(QLineEdit, "kyHieuEdit").setText("BDT")
        d.w(QLineEdit, "diaDanhEdit").setText("Khánh Hòa")
        d.w(QLineEdit, "chucDanhEdit").setText("Trưởng Ban")
        d.w(QLineEdit, "tenThuTruongEdit").setText("Nguyễn Văn Trưởng")

    fill_form(monkeypatch, agency)
    window.findChild(type(window.undo_action), "actionOrgSettings").trigger()
    assert records.get_settings(db).ky_hieu == "BDT"

    # 2. the roster, from the welcome panel
    roster = messy_roster(tmp_path / "danh sach can bo.xlsx")

    drive_import_wizard(monkeypatch, roster.path)
    qtbot.mouseClick(window.welcome.findChild(QPushButton, "welcomeImport"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.tabs
    assert window.staff_tab.proxy.rowCount() > 0 and window.staff_tab.table.empty_hint.isHidden()

    # 3. the year's campaign (Phong trào → Thêm phong trào)
    def campaign(d):
        d.w(QLineEdit, "tenEdit").setText(f"Phong trào thi đua thường xuyên năm {YEAR}")
        d.w(QLineEdit, "soKeHoachEdit").setText("01/KH-BDT")
        d.w(QSpinBox, "namBatDauSpin").setValue(YEAR)

    fill_form(monkeypatch, campaign)
    window.select_tab("campaigns")
    window.campaign_tab.actions["add"].trigger()
    assert window.campaign_tab.model.rowCount() == 1

    # 4. registrations (Đăng ký → Đăng ký…): every active person of the first unit for CSTĐCS
    window.select_tab("registrations")
    tab = window.registration_tab
    assert "Chưa có đăng ký nào cho phong trào này" in tab.table.empty_hint.text()
    assert tab.actions["add"].isEnabled()
    chosen: list[int] = []

    def register(dialog):
        dialog.title_combo.setCurrentIndex(dialog.title_combo.findData("CSTDCS"))
        dialog.unit_combo.setCurrentIndex(1)
        dialog._tick(True)
        chosen.extend(dialog.chosen()[0])
        dialog.accept()
        return True

    monkeypatch.setattr(rt.RegisterDialog, "exec", register)
    tab.actions["add"].trigger()
    tab.wait_for_checks()
    assert chosen and tab.proxy.rowCount() == len(chosen)

    # 5. the whole list is proposed to the council (Đề nghị)
    tab.table.selectAll()
    tab.actions["propose"].trigger()
    campaign_id = tab.campaign().id
    assert {r["trang_thai"] for r in registrations.registration_rows(db, campaign_id)} == {"de_nghi"}

    # 6. the council, typed from its founding decision (Kết quả bình xét → Hội đồng…)
    window.select_tab("council")
    council = window.council_tab
    assert "bấm Hội đồng…" in council.table.empty_hint.text()
    roles = ("chu_tich", "pho_chu_tich", "uy_vien", "uy_vien", "thu_ky")
    outsider = "Đinh Thị Công Đoàn"  # the union's representative, not on the staff list

    def fill_council(dialog):
        dialog.number.setText("05/QĐ-BDT")
        for i, role in enumerate(roles):
            dialog.add_member()
            r = dialog.table.rowCount() - 1
            picker = dialog.table.cellWidget(r, 0)
            if i < len(roles) - 1:
                picker.choose(i)  # the i-th person of the imported staff list
            else:
                picker.setEditText(outsider)
            dialog.table.cellWidget(r, 2).setCurrentIndex(dialog.table.cellWidget(r, 2).findData(role))
        dialog.save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(ct.CouncilDialog, "exec", fill_council)
    council.top_actions["council"].trigger()
    [founded] = council_store.list_councils(db)
    assert [m.staff_id is not None for m in founded.members] == [True] * 4 + [False]
    assert founded.members[-1].ho_ten == outsider
    assert "Cuộc họp mới" in council.table.empty_hint.text()

    # 7. the meeting (Cuộc họp mới…): the proposals become the candidates
    def fill_meeting(dialog):
        dialog.place.setText("Phòng họp Ban")
        dialog.save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(ct.MeetingDialog, "exec", fill_meeting)
    council.top_actions["new_meeting"].trigger()
    assert council.state is not None and council.state.quorum.met
    council.title_combo.setCurrentIndex(council.title_combo.findData("CSTDCS"))
    candidates = council.model.rowCount()
    assert candidates == len(chosen)

    # 8. the counts of the round, typed as the tally sheet reads, then the results written
    for key, value in zip(("issued", "returned", "valid", "invalid"), (5, 5, 5, 0)):
        council.counts[key].setText(str(value))
    for row in range(candidates):
        council.model.setData(council.model.index(row, council.model.VOTES), "5")
    assert council.errors.text() == "" and council.actions["save"].isEnabled()
    council.actions["save"].trigger()
    assert council.actions["apply"].isEnabled(), council.summary.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    council.actions["apply"].trigger()
    passed = [r for r in registrations.registration_rows(db, campaign_id) if r["trang_thai"] == "dat"]
    assert len(passed) == len(chosen)

    # 9. the decision (Quyết định → Quyết định mới…) from the results
    window.select_tab("decisions")
    decisions = window.decision_tab
    assert "Chưa có quyết định nào" in decisions.list.empty_hint.text()

    def fill_decision(dialog):
        dialog.year.setValue(YEAR)
        dialog.title.setCurrentIndex(dialog.title.findData("CSTDCS"))
        assert f"{len(chosen)} đăng ký đã được Hội đồng xét đạt" in dialog.pending.text()
        dialog.number.setText("120/QĐ-BDT")
        dialog.save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dt_ui.DecisionDialog, "exec", fill_decision)
    decisions.actions["new"].trigger()
    [decision] = decision_store.list_decisions(db)
    assert decision["so"] == "120/QĐ-BDT" and decisions.awardees.rowCount() == len(chosen)
    names = {r["ten"] for r in decision_store.awardee_rows(db, decision["id"])}
    assert names == {r["ho_ten"] for r in records.list_staff_rows(db) if r["id"] in chosen}

    # 10. the certificates, saved as PDF from In giấy khen…
    out = tmp_path / "giay-khen.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    monkeypatch.setattr(certificate_dialog.CertificatePrintDialog, "exec", lambda self: self.save_pdf())
    decisions.list.selectRow(0)
    decisions.table.clearSelection()
    decisions.actions["certificates"].trigger()
    reader = PdfReader(out)
    assert len(reader.pages) == len(chosen)
    texts = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    assert all("GIẤY KHEN" in t or "CHIẾN SĨ THI ĐUA" in t.upper() for t in texts)
    assert all("TRƯỞNG BAN DÂN TỘC" in t.upper() for t in texts)
    assert {n for n in names if any(n in t for t in texts)} == names  # one certificate per awardee
    assert db.execute("SELECT count(*) FROM print_log").fetchone()[0] == 1
