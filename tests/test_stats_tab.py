"""The Thống kê tab driven as a secretary would: a range, a grouping, a double-click on a figure, the exports."""
from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.test_reports import agency  # noqa: F401 — the small agency whose answers are known
from thidua_desktop.ui.stats.chart import charts_available


def _cells(tab) -> dict[str, list[str]]:
    model = tab.model
    return {model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, model.columnCount())]
            for r in range(model.rowCount())}


def _column(tab, header: str) -> int:
    return next(c for c in range(tab.model.columnCount())
                if tab.model.headerData(c, Qt.Orientation.Horizontal) == header)


def test_a_range_by_title_and_the_records_behind_a_figure(show_window, agency, qtbot):  # noqa: F811
    window = show_window(agency["db"], "stats")
    tab = window.tab("stats")
    assert (tab.first_year.value(), tab.last_year.value()) == (2025, 2025)  # the last year with awards
    tab.first_year.setValue(2024)
    assert _cells(tab)["Giấy khen"] == ["0", "3", "2", "1", "3", "2.800.000"]  # 2024, 2025, cá nhân, tập thể …
    assert "Tổng cộng 10 lượt khen thưởng (8 cá nhân, 2 tập thể), tiền thưởng 9.820.000 đồng" in tab.total_label.text()
    assert "Thống kê: 10 lượt khen thưởng" in window.count_label.text()
    row = next(r for r in range(tab.model.rowCount()) if tab.model.index(r, 0).data() == "Giấy khen")
    tab.show_records(row, _column(tab, "Tập thể"))
    assert tab.records_model.rowCount() == 1
    assert tab.records_model.index(0, 2).data() == "Tổ Tuyên truyền"
    assert tab.records_label.text() == "Giấy khen, tập thể, 2024–2025: 1 lượt"
    index = tab.model.index(row, _column(tab, "Năm 2025"))
    tab.table.setCurrentIndex(index)
    tab.actions["records"].trigger()
    assert tab.records_model.rowCount() == 3
    tab.by_combo.setCurrentIndex(tab.by_combo.findData("unit"))
    assert set(_cells(tab)) == {"Văn phòng", "Phòng Chính sách"}
    assert tab.records_model.rowCount() == 0  # a new table: nothing chosen yet
    tab.by_combo.setCurrentIndex(tab.by_combo.findData("level"))
    assert _cells(tab)["Cấp tỉnh (bộ, ban, ngành, tỉnh)"][-4:] == ["2", "1", "3", "7.020.000"]
    assert tab.chart.has_chart() == charts_available()


def test_exports_of_table_chart_and_form(show_window, agency, monkeypatch, tmp_path):  # noqa: F811
    window = show_window(agency["db"], "stats")
    tab = window.tab("stats")
    out = tmp_path / "bang"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    tab.actions["export"].trigger()
    wb = openpyxl.load_workbook(tmp_path / "bang.xlsx")
    assert wb.active._charts and "Tổng cộng" in [c.value for c in wb.active["A"]]
    if charts_available():
        out = tmp_path / "bieu-do"
        tab.actions["png"].trigger()
        assert (tmp_path / "bieu-do.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = tmp_path / "bieu-0603"
    tab.form_combo.setCurrentIndex(tab.form_combo.findData("0603.N"))
    tab.report_year.setValue(2026)
    tab.actions["form"].trigger()
    ws = openpyxl.load_workbook(tmp_path / "bieu-0603.xlsx").active
    first = next(r for r in range(1, 40) if ws.cell(r, 2).value == "01")
    assert ws.cell(first, 4).value == 2
    assert "Đã lập biểu 0603.N năm 2026" in window.statusBar().currentMessage()


def test_an_empty_file_says_where_awards_come_from(show_window, db):
    window = show_window(db)
    window.show_tabs()
    window.select_tab("stats")
    tab = window.tab("stats")
    assert tab.model.rowCount() == 0 and tab.table.empty_hint.isVisible()
    assert "Chưa có khen thưởng nào" in tab.table.empty_hint.text()
    assert not tab.actions["export"].isEnabled() and not tab.actions["png"].isEnabled()
    assert tab.form_combo.count() == 4


def test_campaign_report_from_the_tab(show_window, agency, monkeypatch, tmp_path):  # noqa: F811
    window = show_window(agency["db"], "stats")
    tab = window.tab("stats")
    combo = tab.campaign_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if "2021" in combo.itemText(i)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "bc"), "")))
    tab.actions["report"].trigger()
    assert (tmp_path / "bc.docx").stat().st_size > 10_000
    assert "Đã lập báo cáo phong trào" in window.statusBar().currentMessage()
