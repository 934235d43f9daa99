"""A new secretary's whole year on an EMPTY file through the real window at
1024×768, beyond the first-year test (test_new_user_cycle): xếp loại, LĐTT
then CSTĐCS decided by the agency — each paid at its own decision date's lương
cơ sở, the second only the difference (NĐ 152/2025 Điều 49 k.1, k.5) —, a
Bằng khen tỉnh proposed up with its tờ trình and the higher decision
recorded, certificates, the award book, and undo/redo across the tabs."""
from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QSpinBox

from thidua_desktop.domain.rulesets import builtin_rulesets, pick_ruleset
from thidua_desktop.domain.votes import base_salary_on, builtin_base_salaries, reward_for
from thidua_desktop.store import decisions as decision_store
from thidua_desktop.store import proposals as proposal_store
from thidua_desktop.store import registrations
from thidua_desktop.ui.certificates import dialog as certificate_dialog
from thidua_desktop.ui.council import tab as ct
from thidua_desktop.ui.decisions import tab as dt_ui
from thidua_desktop.ui.decisions import proposal_tab as pt
from thidua_desktop.ui.registrations import tab as rt

from drivers import drive_import_wizard, fill_form

TODAY = dt.date.today()
YEAR = TODAY.year


def _reward(code: str, day: dt.date) -> int:
    return reward_for(pick_ruleset(builtin_rulesets(), YEAR), code, "ca_nhan",
                      base_salary_on(builtin_base_salaries(), day).amount)


def _accept(monkeypatch, cls, fill) -> None:
    """The next ``cls`` dialog is filled by ``fill`` and saved; its error, if any, fails the test."""
    def fake_exec(dialog):
        fill(dialog)
        dialog.save()
        assert dialog.error.text() == "", dialog.error.text()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(cls, "exec", fake_exec)


def test_a_year_with_two_own_decisions_a_proposal_up_and_undo_across_tabs(
        show_window, db, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from roster_factory import messy_roster

    window = show_window(db)
    window.resize(1024, 768)

    def agency(d):
        for name, text in (("coQuanChuQuanEdit", "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"), ("coQuanEdit", "BAN DÂN TỘC"),
                           ("kyHieuEdit", "BDT"), ("diaDanhEdit", "Khánh Hòa"), ("chucDanhEdit", "Trưởng Ban"),
                           ("tenThuTruongEdit", "Nguyễn Văn Trưởng")):
            d.w(QLineEdit, name).setText(text)

    fill_form(monkeypatch, agency)
    window.findChild(type(window.undo_action), "actionOrgSettings").trigger()
    roster = messy_roster(tmp_path / "ds.xlsx")

    drive_import_wizard(monkeypatch, roster.path)
    window.import_staff()

    def campaign(d):
        d.w(QLineEdit, "tenEdit").setText(f"Phong trào thi đua năm {YEAR}")
        d.w(QSpinBox, "namBatDauSpin").setValue(YEAR)

    fill_form(monkeypatch, campaign)
    window.select_tab("campaigns")
    window.campaign_tab.actions["add"].trigger()

    # xếp loại of the first unit: Hoàn thành tốt for everyone
    window.select_tab("merit")
    merit = window.merit_tab.evaluations
    merit.unit_combo.setCurrentIndex(0)
    merit.year_spin.setValue(YEAR)
    merit.table.selectAll()
    merit.actions["fill"].trigger()
    merit.actions["save"].trigger()
    assert merit.pending() == 0

    # the first unit registers for LĐTT, CSTĐCS and the Bằng khen tỉnh; all proposed to the council
    window.select_tab("registrations")
    tab = window.registration_tab
    for code in ("LDTT", "CSTDCS", "BK_TINH"):
        def register(dialog, code=code):
            dialog.title_combo.setCurrentIndex(dialog.title_combo.findData(code))
            dialog.unit_combo.setCurrentIndex(1)
            dialog._tick(True)
            dialog.accept()
            return True

        monkeypatch.setattr(rt.RegisterDialog, "exec", register)
        tab.actions["add"].trigger()
        tab.wait_for_checks()
    campaign_id = tab.campaign().id
    people = sorted({r["staff_id"] for r in registrations.registration_rows(db, campaign_id)})
    assert len(registrations.registration_rows(db, campaign_id)) == 3 * len(people)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Thủ trưởng đề nghị", True))
    tab.table.selectAll()
    tab.actions["propose"].trigger()

    # the council votes CSTĐCS (the only title here it votes on)
    window.select_tab("council")
    council = window.council_tab
    roles = ("chu_tich", "pho_chu_tich", "uy_vien", "uy_vien", "thu_ky")

    def fill_council(dialog):
        dialog.number.setText("05/QĐ-BDT")
        for i, role in enumerate(roles):
            dialog.add_member()
            r = dialog.table.rowCount() - 1
            dialog.table.cellWidget(r, 0).choose(i)
            dialog.table.cellWidget(r, 2).setCurrentIndex(dialog.table.cellWidget(r, 2).findData(role))

    _accept(monkeypatch, ct.CouncilDialog, fill_council)
    council.top_actions["council"].trigger()
    _accept(monkeypatch, ct.MeetingDialog, lambda d: d.place.setText("Phòng họp"))
    council.top_actions["new_meeting"].trigger()
    assert [council.title_combo.itemData(i) for i in range(council.title_combo.count())] == ["CSTDCS"]
    for key, value in zip(("issued", "returned", "valid", "invalid"), (5, 5, 5, 0)):
        council.counts[key].setText(str(value))
    for row in range(council.model.rowCount()):
        council.model.setData(council.model.index(row, council.model.VOTES), "5")
    council.actions["save"].trigger()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    council.actions["apply"].trigger()

    # LĐTT and the Bằng khen are not voted: the head's Đạt is set in Đăng ký
    window.select_tab("registrations")
    tab.table.selectAll()
    tab.actions["pass"].trigger()
    assert {r["trang_thai"] for r in registrations.registration_rows(db, campaign_id)} == {"dat"}

    # the agency's decisions: LĐTT signed early in the year, CSTĐCS today
    window.select_tab("decisions")
    decisions = window.decision_tab

    def decide(code: str, number: str, day: dt.date):
        def fill(dialog):
            dialog.year.setValue(YEAR)
            dialog.title.setCurrentIndex(dialog.title.findData(code))
            dialog.number.setText(number)
            dialog.date.setDate(QDate(day.year, day.month, day.day))
            assert f"{len(people)} đăng ký đã được Hội đồng xét đạt" in dialog.pending.text()

        _accept(monkeypatch, dt_ui.DecisionDialog, fill)
        decisions.actions["new"].trigger()
        [d] = [d for d in decision_store.list_decisions(db) if d["so"] == number]
        return [a["tien_thuong"] for a in decision_store.awardee_rows(db, d["id"])]

    early = dt.date(YEAR, 1, 15)
    ldtt = decide("LDTT", "120/QĐ-BDT", early)
    assert ldtt == [_reward("LDTT", early)] * len(people)
    cstdcs = decide("CSTDCS", "121/QĐ-BDT", TODAY)
    assert cstdcs == [_reward("CSTDCS", TODAY) - _reward("LDTT", early)] * len(people)  # Điều 49 k.5
    assert "Điều 49 k.5" in decisions.summary.text()

    # the CSTĐCS certificates, saved as PDF
    out = tmp_path / "giay-khen.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    monkeypatch.setattr(certificate_dialog.CertificatePrintDialog, "exec", lambda self: self.save_pdf())
    decisions.table.clearSelection()
    decisions.actions["certificates"].trigger()
    assert len(PdfReader(out).pages) == len(people)

    # the Bằng khen tỉnh goes up: Lập đề nghị → Ghi tờ trình → Ghi quyết định cấp trên (one person left out)
    window.select_tab("proposals")
    props = window.proposal_tab
    assert props.table.empty_hint.isVisible()

    def propose(dialog):
        dialog.year.setValue(YEAR)
        dialog.title.setCurrentIndex(dialog.title.findData("BK_TINH"))
        assert f"{len(people)} đăng ký đã được Hội đồng xét đạt" in dialog.pending.text()

    _accept(monkeypatch, pt.ProposalDialog, propose)
    props.actions["new"].trigger()
    _accept(monkeypatch, pt.SubmitDialog, lambda d: d.number.setText("15/TTr-BDT"))
    props.actions["submit"].trigger()
    assert "đã trình" in props.summary.text()

    def record(dialog):
        dialog.number.setText("2715/QĐ-UBND")
        dialog.people.item(0).setCheckState(Qt.CheckState.Unchecked)

    _accept(monkeypatch, pt.HigherDecisionDialog, record)
    props.actions["record"].trigger()
    assert f"{len(people) - 1} được khen" in props.summary.text()
    assert not props.actions["record"].isEnabled()

    # the award book of the year has the three decisions
    book = tmp_path / "so.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), "Excel (*.xlsx)"))
    monkeypatch.setattr(dt_ui.YearRangeDialog, "exec", lambda self: True)
    window.select_tab("decisions")
    decisions.actions["book"].trigger()
    cells = [str(c) for ws in openpyxl.load_workbook(book) for row in ws.iter_rows(values_only=True) for c in row
             if c]
    for number, count in (("120/QĐ-BDT", len(people)), ("121/QĐ-BDT", len(people)),
                          ("2715/QĐ-UBND", len(people) - 1)):
        assert sum(number in c for c in cells) == count, number

    # undo from the Quyết định tab takes back the proposal's three steps, shown on the other tab
    assert window.undo_labels()[:3] == ["ghi quyết định của cấp trên", "ghi tờ trình", "lập đề nghị cấp trên"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    decisions.list.setFocus()
    for _ in range(3):
        qtbot.keyClick(decisions.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [d["so"] for d in decision_store.list_decisions(db)] == ["121/QĐ-BDT", "120/QĐ-BDT"]
    assert decisions.decision_proxy.rowCount() == 2
    assert proposal_store.list_proposals(db) == []
    window.select_tab("proposals")
    assert props.proposals.rowCount() == 0 and props.list.empty_hint.isVisible()
    # … and redo (Ctrl+Y) from the Đề nghị tab brings them back, outcomes and all
    for _ in range(3):
        qtbot.keyClick(props.list, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    # the last key event's Ctrl stays the application's modifier state (QTableView.selectRow would then
    # toggle rows in later tests): let go of it
    qtbot.keyRelease(props.list, Qt.Key.Key_Control)
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    [p] = proposal_store.list_proposals(db)
    assert p["so_to_trinh"] == "15/TTr-BDT" and p["so_quyet_dinh"] == "2715/QĐ-UBND"
    assert sorted(i["ket_qua"] for i in proposal_store.proposal_items(db, p["id"])) == \
        ["duoc_khen"] * (len(people) - 1) + ["khong_duoc_khen"]
    assert props.proposals.rowCount() == 1 and f"{len(people) - 1} được khen" in props.summary.text()
    assert not window.redo_action.isEnabled()
