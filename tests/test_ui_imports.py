"""The import wizard for award history and xếp loại, driven through the real
window's menus (offscreen; the wizard's modal exec() is replaced by code that
goes through the pages as a user would)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWizard

from drivers import drive_import_wizard, shown_rows, trigger
from tests.merit_factory import messy_evaluations, messy_history, seed_agency
from thidua_desktop.services.imports.sheet import RowStatus
from thidua_desktop.store import merit
from thidua_desktop.ui.imports import wizard as import_wizard
from thidua_desktop.ui.main_window import MainWindow


@pytest.fixture
def agency(db):
    return seed_agency(db)


@pytest.fixture
def window(qtbot, db, db_path, agency):
    win = MainWindow(db_path, db)
    qtbot.addWidget(win)
    win.show()
    return win


def test_history_menu_resolve_unmatched_rows_then_import(window, agency, monkeypatch, tmp_path):
    sheet = messy_history(tmp_path / "lich su.xlsx")
    states = {}

    def at_preview(wizard):
        page = wizard.preview_page
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        states["blocked"] = not finish.isEnabled()
        states["summary"] = page.summary.text()
        states["shown"] = shown_rows(page)  # filtered to the unmatched rows
        panel = page.resolver
        # the first unmatched row is selected: "Đỗ Văn Mới", nobody like him → skip it
        assert panel.row.excel_row == 17
        assert panel.choose(("skip", 0))
        panel.apply_button.click()
        # now row 18, the ambiguous "Hoàng Thị Hoa": candidates on top, search without accents
        assert panel.row.excel_row == 18
        states["candidates"] = [panel.combo.itemText(i) for i in range(3)]
        panel.search.setText("hoang hoa 1993")
        states["found"] = [panel.combo.itemText(i) for i in range(panel.combo.count())]
        panel.apply_button.click()
        states["after"] = page.summary.text()
        states["ready"] = finish.isEnabled()

    seen = drive_import_wizard(monkeypatch, sheet.path, at_preview)
    trigger(window, "actionImportHistory")
    wizard = seen[0]
    assert wizard.windowTitle() == "Nhập lịch sử khen thưởng từ Excel"
    assert states["blocked"]
    assert "Còn 2 dòng chưa xác định" in states["summary"]
    assert set(states["shown"]) == {17, 18}
    assert "Không tìm thấy “Đỗ Văn Mới”" in states["shown"][17]
    assert states["candidates"] == [
        "— Bỏ qua dòng này (không nhập) —",
        "★ Hoàng Thị Hoa (04/04/1988) — Văn phòng",
        "★ Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách",
    ]
    assert states["found"] == ["Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách"]
    assert "Còn" not in states["after"] and "Đã chọn người/đơn vị cho 2 dòng" in states["after"]
    assert states["ready"]
    # imported: every expected line plus the resolved one, and the window says so
    assert wizard.result.created == 9
    hoa2 = agency.people["hoa2"]
    assert any(a.staff_id == hoa2 and a.ma == "LDTT" and a.nam == 2023 for a in merit.awards_all(window.db))
    assert len(merit.awards_all(window.db)) == 9
    assert window.statusBar().currentMessage() == \
        "Đã nhập: 9 dòng lịch sử mới, 0 cập nhật, 0 không đổi, 10 dòng bỏ qua."


def test_history_errors_block_and_nothing_is_written(window, monkeypatch, tmp_path):
    import openpyxl

    from tests.roster_factory import put_row

    path = tmp_path / "loi.xlsx"
    wb = openpyxl.Workbook()
    for r, values in enumerate([
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu"],
        [1, "Nguyễn Văn An", "12/03/1980", 2023, "Bằng khen"],
        [2, "Trần Thị Bình", "01/07/1985", 2023, "LĐTT"],
    ], start=1):
        put_row(wb.active, r, values)
    wb.save(path)
    seen = drive_import_wizard(monkeypatch, path)
    trigger(window, "actionImportHistory")
    page = seen[0].preview_page
    assert not seen[0].button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "Không thể nhập: 1 dòng có lỗi" in page.summary.text()
    assert list(shown_rows(page)) == [2]
    assert merit.awards_all(window.db) == []


def test_evaluations_menu_with_a_year_for_the_whole_sheet(window, agency, monkeypatch, tmp_path):
    sheet = messy_evaluations(tmp_path / "xep loai.xlsx", with_year_column=False)
    seen = drive_import_wizard(monkeypatch, sheet.path, year=2023)
    trigger(window, "actionImportEvaluations")
    wizard = seen[0]
    assert wizard.windowTitle() == "Nhập kết quả xếp loại từ Excel"
    assert "Năm cho các dòng không ghi năm: 2023 (năm chọn cho cả trang)" in wizard.preview_page.summary.text()
    assert wizard.result.created == 6 and wizard.result.disciplines == 1
    assert {e.nam for e in merit.evaluations_all(window.db)} == {2023}
    assert {e.xep_loai for e in merit.evaluations_all(window.db)} == {"HTXSNV", "HTTNV", "HTNV"}
    # the same file again through the window: nothing new
    window.import_evaluations(2023)
    assert "0 dòng mới, 0 cập nhật, 6 không đổi" in seen[1].preview_page.summary.text()


def test_window_method_presets_the_year(window, monkeypatch, tmp_path):
    sheet = messy_evaluations(tmp_path / "xl.xlsx", with_year_column=False)
    seen = drive_import_wizard(monkeypatch, sheet.path)
    assert window.import_evaluations(2022) is True
    assert seen[0].file_page.year_spin.value() == 2022
    assert {e.nam for e in merit.evaluations_all(window.db)} == {2022}


def test_resolver_offers_only_people_for_evaluations(window, agency, monkeypatch, tmp_path):
    import openpyxl

    from tests.roster_factory import put_row

    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    for r, values in enumerate([
        ["STT", "Họ và tên", "Năm", "Xếp loại"],
        [1, "Hoàng Thị Hoa", 2024, "HTTNV"],
    ], start=1):
        put_row(wb.active, r, values)
    wb.save(path)
    labels = []

    def at_preview(wizard):
        panel = wizard.preview_page.resolver
        labels.extend(panel.combo.itemText(i) for i in range(panel.combo.count()))
        panel.search.setText("phong chinh sach")
        labels.append([panel.combo.itemText(i) for i in range(panel.combo.count())])
        wizard.reject()

    drive_import_wizard(monkeypatch, path, at_preview)
    assert window.import_evaluations() is False
    assert not any(text.startswith("Đơn vị:") for text in labels[:-1])
    # searching a unit's name (without accents) finds its people, in Vietnamese name order
    assert labels[-1] == ["Lê Văn Cường (1979) — Phòng Chính sách", "Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách",
                          "Y Ngọc (15/06/1987) — Phòng Chính sách"]
    assert merit.evaluations_all(window.db) == []


def test_plan_model_passes_qt_model_tester(window, qtmodeltester, monkeypatch, tmp_path):
    sheet = messy_history(tmp_path / "ls.xlsx")
    models = []

    def at_preview(wizard):
        models.append(wizard.preview_page.model)
        qtmodeltester.check(wizard.preview_page.model)
        qtmodeltester.check(wizard.preview_page.resolver.proxy)
        wizard.reject()

    drive_import_wizard(monkeypatch, sheet.path, at_preview)
    window.import_history()
    statuses = {r.status for r in models[0].rows}
    assert statuses == {RowStatus.NEW, RowStatus.SKIPPED, RowStatus.UNMATCHED}


def test_roster_wizard_keeps_its_columns(window, qtbot, monkeypatch, tmp_path):
    from tests.roster_factory import messy_roster

    roster = messy_roster(tmp_path / "ds.xlsx")
    seen = drive_import_wizard(monkeypatch, roster.path)
    window.import_staff()
    page = seen[0].preview_page
    assert page.model.headers == ("Dòng", "Trạng thái", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị",
                                  "Chức vụ", "Ghi nhận")
    assert page.resolver is None and not seen[0].file_page.year_spin.isVisible()
    assert [page.filter.itemText(i) for i in range(page.filter.count())] == [
        "Tất cả các dòng", "Mới", "Cập nhật", "Không đổi", "Bỏ qua", "Lỗi"]
    assert seen[0].result is not None


def test_menu_has_the_import_actions(window, monkeypatch):
    texts = {a.objectName(): a.text() for a in window.findChildren(QAction)}
    assert texts["actionImportHistory"] == "Nhập &lịch sử khen thưởng từ Excel…"
    assert texts["actionImportEvaluations"] == "Nhập kết &quả xếp loại từ Excel…"
    opened = []
    monkeypatch.setattr(import_wizard.ImportWizard, "exec",
                        lambda self: opened.append((self.importer.key, self.year, self.file_page.year_spin.value())))
    trigger(window, "actionImportEvaluations")
    trigger(window, "actionImportHistory")
    # the menu presets no year (the action's "checked" flag must not become one)
    assert opened == [("evaluations", None, 0), ("history", None, 0)]


def test_an_unknown_xep_loai_is_read_as_a_chosen_code_in_the_preview_and_remembered(
        window, agency, monkeypatch, tmp_path):
    """One unknown value used to block the whole file: the preview reads it as the code the user picks."""
    import openpyxl

    from tests.roster_factory import put_row
    from thidua_desktop.services.imports.vocab import user_vocabulary_path

    path = tmp_path / "xep loai.xlsx"
    wb = openpyxl.Workbook()
    for r, values in enumerate([
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"],
        [1, "Nguyễn Văn An", "12/03/1980", 2024, "HTXS NV"],  # a spacing variant: read without asking
        [2, "Trần Thị Bình", "01/07/1985", 2024, "Loại A1"],
        [3, "Lê Văn Cường", 1979, 2024, "loại  A1"],
    ], start=1):
        put_row(wb.active, r, values)
    wb.save(path)
    states = {}

    def at_preview(wizard):
        page = wizard.preview_page
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        panel = page.values
        states["blocked"] = not finish.isEnabled()
        states["summary"] = page.summary.text()
        states["visible"] = panel.isVisibleTo(page)
        states["values"] = [panel.value_combo.itemText(i) for i in range(panel.value_combo.count())]
        last = page.model.columnCount() - 1
        states["tooltip"] = page.proxy.index(0, last).data(import_wizard.Qt.ItemDataRole.ToolTipRole)
        states["wrap"] = page.table.wordWrap()
        page.select_excel_row(3)
        assert panel.value_combo.currentIndex() == 0
        states["detail"] = page.detail.text()
        panel.apply_button.click()  # nothing chosen yet: asked to choose
        states["ask"] = page.message.text()
        assert panel.choose("HTXSNV")
        panel.remember.setChecked(True)
        panel.apply_button.click()
        states["after"] = page.summary.text()
        states["hidden"] = not panel.isVisibleTo(page)
        states["ready"] = finish.isEnabled()

    seen = drive_import_wizard(monkeypatch, path, at_preview)
    trigger(window, "actionImportEvaluations")
    assert states["blocked"] and states["visible"] and states["wrap"]
    assert "Giá trị chưa nhận ra" in states["summary"]
    assert states["values"] == ["“Loại A1” — Xếp loại (dòng 3, 4)"]
    assert states["tooltip"].startswith("<qt>Dòng 3: Xếp loại “Loại A1” không rõ")
    assert states["ask"] == "Chọn cách đọc cho giá trị này."
    assert states["detail"].startswith("Dòng 3: Xếp loại “Loại A1” không rõ (ghi Hoàn thành xuất sắc nhiệm vụ")
    assert "Đã chọn cách đọc cho 1 giá trị" in states["after"] and states["hidden"] and states["ready"]
    assert seen[0].result.created == 3
    assert {e.xep_loai for e in merit.evaluations_all(window.db)} == {"HTXSNV"}
    assert "Đã ghi nhớ 1 cách đọc" in window.statusBar().currentMessage()
    assert "Loại A1" in user_vocabulary_path().read_text(encoding="utf-8")
    # the next file with that value is read without asking
    merit.delete_evaluations(window.db, [(e.staff_id, e.nam) for e in merit.evaluations_all(window.db)])
    seen = drive_import_wizard(monkeypatch, path)
    trigger(window, "actionImportEvaluations")
    assert seen[0].result.created == 3 and not seen[0].preview_page.values.isVisibleTo(seen[0].preview_page)


def test_roster_wizard_shows_probable_duplicates_and_blocks_the_import(window, monkeypatch, tmp_path):
    from tests.roster_factory import write_sheet
    from thidua_desktop.store import records

    path = write_sheet(tmp_path / "ba-cach.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh"],
        [1, "Nguyễn Văn Trùng", "12/03/1980"], [2, "NGUYỄN VĂN TRÙNG", "1980"], [3, "Nguyen Van Trung", "12/03/1980"]])
    before = len(records.list_staff_rows(window.db))
    seen = drive_import_wizard(monkeypatch, path)
    window.import_staff()
    page = seen[0].preview_page
    assert not seen[0].button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "2 dòng có lỗi" in page.summary.text()
    rows = shown_rows(page)
    assert sorted(rows) == [3, 4] and all("Có thể trùng người với dòng 2" in text for text in rows.values())
    assert len(records.list_staff_rows(window.db)) == before


def test_an_import_is_one_undo_step_with_its_name(window, monkeypatch, tmp_path):
    sheet = messy_evaluations(tmp_path / "xl.xlsx", with_year_column=False)
    drive_import_wizard(monkeypatch, sheet.path)
    assert window.import_evaluations(2022) is True
    assert merit.evaluations_all(window.db) and window.undo_labels()[0] == import_wizard.EVALUATIONS.done
    disciplines = window.db.execute("SELECT count(*) FROM disciplines").fetchone()[0]
    assert window.undo()
    assert merit.evaluations_all(window.db) == []
    assert window.db.execute("SELECT count(*) FROM disciplines").fetchone()[0] == disciplines - 1
    assert window.redo() and {e.nam for e in merit.evaluations_all(window.db)} == {2022}
