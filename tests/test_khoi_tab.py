"""Tab Khối thi đua through the real window: a khối trưởng's year from an empty
file (khối, seven members, sheet from the khối's .xlsx, workbooks out, six back
and one of an old version refused, appraisal typed, a tie resolved by vote with
who decided, summary saved, undo), and the demo's khối with its open tie."""
from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from khoi_factory import NAMES, circulated_sheet, fill
from thidua_desktop.domain.models import OrgSettings, Unit
from thidua_desktop.services.demo import build_demo
from thidua_desktop.services.khoi import service
from thidua_desktop.store import merit, records
from thidua_desktop.ui.khoi import dialogs as kd
from thidua_desktop.ui.khoi import tab as kt

YEAR = 2026


def test_a_khoi_truong_year_from_an_empty_file(show_window, db, monkeypatch, tmp_path):
    records.save_settings(db, OrgSettings("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "BAN DÂN TỘC", "BDT", "Khánh Hòa",
                                          "Trưởng Ban", "Nguyễn Văn An"))
    unit = records.save_unit(db, Unit("Ban Dân tộc tỉnh"))
    win = show_window(db, "khoi")
    tab = win.khoi_tab
    assert "Chưa có khối thi đua nào" in tab.list.empty_hint.text()
    assert not tab.actions["edit"].isEnabled() and not tab.actions["ranking"].isEnabled()

    def new_khoi(dialog):
        dialog.name.setText("Khối các cơ quan tổng hợp")
        dialog.year.setValue(YEAR)
        dialog.bk.setValue(1)
        dialog.save()
        return True

    monkeypatch.setattr(kd.KhoiDialog, "exec", new_khoi)
    tab.actions["new"].trigger()
    assert tab.khoi_combo.count() == 1 and "Khối chưa có cơ quan thành viên" in tab.list.empty_hint.text()
    for i, name in enumerate(NAMES):
        def add(dialog, i=i, name=name):
            dialog.name.setText(name)
            dialog.role.setCurrentIndex(dialog.role.findData("truong" if i == 0 else "thanh_vien"))
            if i == 0:
                dialog.ours.setChecked(True)
                dialog.unit.setCurrentIndex(dialog.unit.findData(unit))
            dialog.save()
            return True
        monkeypatch.setattr(kd.MemberDialog, "exec", add)
        tab.actions["add_member"].trigger()
    assert tab.members.rowCount() == 7
    assert "Khối chưa có bảng chấm điểm" in tab.grid.empty_hint.text()

    sheet_file = circulated_sheet(tmp_path / "bang-cham-diem.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet_file), ""))
    messages = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: messages.append(text))
    tab.actions["import_sheet"].trigger()
    assert "Đã nhập 12 mục, phiên bản 1" in messages[-1]
    assert tab.scores.rowCount() == 12

    old_dir, new_dir = tmp_path / "v1", tmp_path / "v2"
    old_dir.mkdir(), new_dir.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(old_dir))
    tab.actions["export"].trigger()
    assert "Đã xuất 7 phiếu" in messages[-1]

    def resave(dialog):  # the khối agrees a second version: the member workbooks must be sent again
        dialog.tree.topLevelItem(0).child(0).setText(kd.COL_TEXT, "Tiêu chuẩn 1: Thực hiện nhiệm vụ chính trị")
        dialog.save()
        assert dialog.saved_id is not None, dialog.error.text()
        return True

    monkeypatch.setattr(kd.SheetDialog, "exec", resave)
    tab.actions["edit_sheet"].trigger()
    assert tab.view.sheet.phien_ban == 2
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(new_dir))
    tab.actions["export"].trigger()
    new = sorted(new_dir.glob("*.xlsx"))
    old = sorted(old_dir.glob("*.xlsx"))
    returned = []
    for n, path in enumerate(new[:6]):  # six members answer on the new version; two tie at 2 points off
        fill(path, {0: 0, 1: 1, 2: 2, 3: 2, 4: 3, 5: 4}[n])
        returned.append(str(path))
    fill(old[6], 1)  # the seventh on the old one
    returned.append(str(old[6]))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (returned, ""))
    tab.actions["import"].trigger()
    assert messages[-1].startswith("Đã nhập 6 phiếu") and "Không nhập 1 phiếu" in messages[-1]
    assert "phiên bản 1, khối đang dùng phiên bản 2" in messages[-1]

    # the khối appraises Sở Nội vụ's first line one point lower, with a note
    tab.list.selectRow(tab.members.view_row_of(next(m.id for m in tab.view.members if m.ten == "Sở Nội vụ")))
    line = tab.scores.sheet.leaves()[0]
    assert tab.scores.setData(tab.scores.index(line, 4), "17")
    assert tab.scores.setData(tab.scores.index(line, 7), "Thiếu minh chứng")
    assert not tab.scores.setData(tab.scores.index(line, 4), "25")  # over the 20 points: refused
    assert "vượt điểm chuẩn 20" in tab.scores.problem
    assert tab.scores.index(line, 5).data() == "-1"
    assert tab.scores.index(line, 5).data(Qt.ItemDataRole.BackgroundRole) == kt.DIFFERENT
    assert "thống nhất đạt 47 điểm" in tab.agreed.text() and tab.unsaved_work()
    # the selection moves on: what was typed is saved, never dropped
    noi_vu = next(m.id for m in tab.view.members if m.ten == "Sở Nội vụ")
    other = next(m.id for m in tab.view.members if m.ten == "Sở Tư pháp")
    tab.list.selectRow(tab.members.view_row_of(other))
    QApplication.processEvents()
    assert not tab.unsaved_work()
    assert service.load_view(db, tab.view.khoi.id).results[noi_vu].lines[line].tham_dinh == D(17)
    assert tab.scores.setData(tab.scores.index(line, 7), "Đã đối chiếu")
    tab.list.selectRow(tab.members.view_row_of(noi_vu))
    QApplication.processEvents()
    assert service.load_view(db, tab.view.khoi.id).results[other].lines[line].ghi_chu == "Đã đối chiếu"
    assert tab.member_id() == noi_vu and "thống nhất đạt 47 điểm" in tab.agreed.text()
    tab.actions["save"].trigger()
    assert not tab.unsaved_work()
    assert merit.unit_evaluation(db, unit, YEAR).xep_hang_cum == 1  # ours (50 points) leads: its profile says so
    view = tab.view
    assert len(view.open_ties()) == 1 and "1 nhóm đồng điểm chưa giải quyết" in tab.status.text()

    def vote(dialog):
        assert isinstance(dialog, kd.TieDialog)
        dialog.order.setCurrentRow(1)
        dialog._move(-1)
        dialog.who.setText("Hội nghị khối ngày 10/12")
        dialog.save()
        return True

    def ranking(dialog):
        assert "Đồng điểm chưa giải quyết" in dialog.status.text()
        dialog.resolve_tie()
        assert not dialog.resolve.isEnabled() and "Đề nghị theo chỉ tiêu" in dialog.status.text()
        return 0

    monkeypatch.setattr(kd.TieDialog, "exec", vote)
    monkeypatch.setattr(kd.RankingDialog, "exec", ranking)
    tab.actions["ranking"].trigger()
    assert not tab.view.open_ties() and "Hội nghị khối ngày 10/12 quyết định" in tab.view.tie_text(
        next(r for r in tab.view.ranking if r.tied_with))
    out = tmp_path / "tong-hop.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    tab.actions["summary"].trigger()
    assert out.exists() and "Đã lưu bảng tổng hợp" in messages[-1]
    offered = []

    def pick(_owner, _title, _label, items, *args):
        offered.extend(items)
        return next(i for i in items if i.startswith("Tờ trình của khối")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    submission = tmp_path / "to-trinh-khoi.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(submission), ""))
    tab.actions["word"].trigger()
    assert len(offered) == 2 and submission.exists()  # the biên bản họp khối and the tờ trình
    assert win.undo()  # the vote goes; the tie is open again
    assert len(win.khoi_tab.view.open_ties()) == 1


def test_the_demo_khoi_shows_its_open_tie(show_window, db, qtmodeltester):
    build_demo(db, staff=40, year=YEAR)
    win = show_window(db, "khoi")
    tab = win.khoi_tab
    qtmodeltester.check(tab.scores)
    qtmodeltester.check(tab.member_proxy)
    assert tab.members.rowCount() == 7 and tab.scores.rowCount() == 21
    assert "1 nhóm đồng điểm chưa giải quyết" in tab.status.text()
    tied = [r for r in tab.members.rows() if r["dong_diem"]]
    assert [r["hang"] for r in tied] == [4, 4]
    # the Hồ sơ thi đua tab shows our rank as the khối gives it, not to be typed over
    unit = next(m.unit_id for m in tab.view.members if m.la_co_quan_minh)
    merit_tab = win.tab("merit").evaluations
    merit_tab.year_spin.setValue(YEAR)
    merit_tab.unit_combo.setCurrentIndex(merit_tab.unit_combo.findData(unit))
    assert merit_tab.unit_rank.value() == 1 and not merit_tab.unit_rank.isEnabled()


def test_the_sheet_editor_moves_lines_and_keeps_their_kind(show_window, db, qtbot):
    from thidua_desktop.services.khoi import demo as khoi_demo

    build_demo(db, staff=30, year=YEAR)
    win = show_window(db, "khoi")
    dialog = kd.SheetDialog(win, db, win.khoi_tab.khoi_id(), win.khoi_tab.view.sheet)
    qtbot.addWidget(dialog)
    bonus = dialog.tree.topLevelItem(1)  # II. ĐIỂM CỘNG
    line = bonus.child(3)  # Làm khối phó
    dialog.tree.setCurrentItem(line)
    dialog.move(-1)
    dialog.indent()  # under "Làm khối trưởng"
    sheet = dialog.sheet()
    moved = next(i for i, c in enumerate(sheet.criteria) if c.noi_dung == "Làm khối phó")
    assert sheet.criteria[moved].loai == "cong" and sheet.criteria[moved].level == 2
    assert sheet.criteria[sheet.parents()[moved]].noi_dung == "Được tặng Cờ thi đua của Chính phủ"
    dialog.outdent()
    sheet = dialog.sheet()
    assert [c.noi_dung for c in sheet.criteria[14:18]] == [
        "Được tặng Cờ thi đua của UBND tỉnh năm trước", "Được tặng Cờ thi đua của Chính phủ", "Làm khối phó",
        "Làm khối trưởng"]
    assert sheet.errors() == [] and len(sheet.criteria) == len(khoi_demo.SHEET.criteria)
