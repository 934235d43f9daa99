"""The window on data files with little or nothing in them, as a new secretary starts."""
from __future__ import annotations

from PySide6.QtCore import Qt

from thidua_desktop.domain.models import Campaign
from thidua_desktop.store import records
from thidua_desktop.ui.fast_table import FastFilterProxy, FastTableModel


class _Facetted(FastTableModel):
    COLUMNS = (("ten", "Tên"),)
    FACETS = ("kind",)

    def facets(self, row):
        return {"kind": row["kind"]}


def test_an_empty_fast_table_has_every_facet_and_filters_to_nothing(qtmodeltester):
    model = _Facetted()
    model.load([])
    assert model.facet_values == {"kind": []}
    proxy = FastFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_allowed("kind", {"a"})
    proxy.set_search("an")
    model.sort(0)
    model.refresh()
    assert proxy.rowCount() == 0 and proxy.source_rows() == [] and proxy.ids([]) == []
    qtmodeltester.check(proxy)
    model.load([{"id": 1, "ten": "An", "kind": "a"}, {"id": 2, "ten": "Bình", "kind": "b"}])
    assert proxy.rowCount() == 1
    model.load([])
    assert model.facet_values == {"kind": []} and proxy.rowCount() == 0


def test_a_model_with_facets_must_declare_them():
    import pytest

    with pytest.raises(TypeError):
        class _Undeclared(FastTableModel):  # noqa: F841
            def facets(self, row):
                return {"kind": row["kind"]}


def test_a_campaign_without_registrations_opens_the_registration_tab(show_window, db, qtbot):
    """Regression: ``KeyError: 'ma'`` on a new campaign, on opening and on every keystroke."""
    records.save_campaign(db, Campaign("Phong trào thi đua năm 2026", nam_bat_dau=2026))
    window = show_window(db, "registrations")
    tab = window.registration_tab
    assert tab.campaign() is not None and tab.proxy.rowCount() == 0
    tab.search.setText("ng")
    assert "Đăng ký: 0" in window.count_label.text()
    assert tab.actions["add"].isEnabled()


def _remember(tab: str, geometry=None) -> None:
    from thidua_desktop.ui.main_window import app_settings

    settings = app_settings()
    settings.setValue("window/tab", tab)
    if geometry is not None:
        settings.setValue("window/geometry", geometry)
    settings.sync()


def test_closing_on_a_new_campaigns_registration_tab_then_starting_again(qtbot, db, db_path):
    from thidua_desktop.ui.main_window import MainWindow

    records.save_campaign(db, Campaign("Phong trào thi đua năm 2026", nam_bat_dau=2026))
    _remember("registrations")
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentWidget() is window.registration_tab
    assert window.registration_tab.campaign() is not None


def test_a_remembered_tab_that_fails_to_open_starts_on_can_bo(qtbot, db, db_path, monkeypatch, caplog):
    from PySide6.QtCore import QByteArray

    from thidua_desktop.ui.main_window import MainWindow
    from thidua_desktop.ui.registrations.tab import RegistrationTab

    records.save_campaign(db, Campaign("Phong trào thi đua năm 2026", nam_bat_dau=2026))
    _remember("registrations", QByteArray(b"not a geometry"))

    def broken(self, *args, **kwargs):
        raise RuntimeError("remembered filter no longer valid")

    monkeypatch.setattr(RegistrationTab, "reload", broken)
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentWidget() is window.staff_tab
    log = caplog.text
    assert "Không mở được tab đã nhớ registrations" in log and "remembered filter no longer valid" in log
    assert "Kích thước cửa sổ đã nhớ không dùng được" in log
    assert window.registration_tab.stale  # tried again when the user opens it


def test_unreadable_window_settings_start_on_tong_quan_with_defaults(qtbot, db, db_path, monkeypatch, caplog):
    from thidua_desktop.ui import main_window
    from thidua_desktop.ui.main_window import MainWindow

    _remember("nonsense")
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    assert window.tabs.currentWidget() is window.overview_tab
    assert "Tab đã nhớ 'nonsense' không có; mở tab Tổng quan" in caplog.text

    def unreadable():
        raise OSError("settings.ini: permission denied")

    monkeypatch.setattr(main_window, "app_settings", unreadable)
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentWidget() is window.overview_tab
    assert "Không khôi phục được trạng thái cửa sổ" in caplog.text and "permission denied" in caplog.text


def test_screenshot_mode_prints_an_error_and_exits_instead_of_waiting_on_a_dialog(tmp_path, db_path):
    import subprocess
    import sys

    from thidua_desktop.store.db import open_database

    open_database(db_path).close()
    script = (
        "import sys\n"
        "from thidua_desktop.ui.overview import tab as first_tab\n"  # the tab the window opens on
        "def boom(self, *a):\n"
        "    raise RuntimeError('tab exploded')\n"
        "first_tab.OverviewTab.reload = boom\n"
        "from thidua_desktop.ui.app import main\n"
        f"sys.exit(main(['--db', {str(db_path)!r}, '--screenshot', {str(tmp_path / 'shot.png')!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "tab exploded" in proc.stderr and "Lỗi" in proc.stderr
    assert not (tmp_path / "shot.png").exists()


# --- every list says what to do next while it is empty ------------------------------------

def _hint(view) -> str:
    """The text written over ``view`` ('' when none is shown)."""
    hint = view.empty_hint
    return "" if hint.isHidden() else hint.text()


def test_every_list_of_every_tab_has_an_empty_hint(show_window, db):
    from PySide6.QtWidgets import QTableView

    from thidua_desktop.ui.main_window import TABS

    window = show_window(db)
    for _key, _label, attribute, _cls in TABS:
        for view in getattr(window, attribute).findChildren(QTableView):
            if view.objectName() in ("regCounts",):  # always has its Cộng row
                continue
            assert hasattr(view, "empty_hint"), f"{attribute}: {view.objectName()} has no empty hint"


def test_an_empty_file_says_what_to_do_on_every_tab(show_window, db):
    window = show_window(db)
    window.show_tabs()
    expected = (
        ("staff", window.staff_tab.table, "Chưa có cán bộ nào — bấm Thêm cán bộ…"),
        ("campaigns", window.campaign_tab.table, "Chưa có phong trào thi đua nào — bấm Thêm phong trào"),
        ("registrations", window.registration_tab.table, "tạo phong trào ở tab Phong trào trước"),
        ("merit", window.merit_tab.evaluations.table, "Chưa có cán bộ nào — nhập danh sách cán bộ trước"),
        ("council", window.council_tab.table, "Chưa có Hội đồng Thi đua – Khen thưởng — bấm Hội đồng…"),
        ("council", window.council_tab.members, "Chưa có Hội đồng — bấm Hội đồng…"),
        ("decisions", window.decision_tab.list, "Chưa có quyết định nào"),
        ("decisions", window.decision_tab.table, "Chọn một quyết định"),
        ("proposals", window.proposal_tab.list, "Chưa có đề nghị lên cấp trên nào"),
        ("proposals", window.proposal_tab.table, "Chọn một đề nghị"),
    )
    for tab, view, text in expected:
        window.select_tab(tab)
        assert text in _hint(view), (tab, view.objectName(), _hint(view))
        assert view.empty_hint.isVisible()
    pages = window.merit_tab.pages
    for i, (page, text) in enumerate(((window.merit_tab.history, "Chưa có khen thưởng nào"),
                                      (window.merit_tab.initiatives, "Chưa có sáng kiến nào"),
                                      (window.merit_tab.disciplines, "Không có kỷ luật")), start=1):
        window.select_tab("merit")
        pages.setCurrentIndex(i)
        assert text in _hint(page.table)


def test_a_new_campaign_says_register_and_a_filter_that_hides_everything_says_so(show_window, db):
    import data_states

    from thidua_desktop.ui.widgets import NO_MATCH

    data_states.registered(db)
    window = show_window(db, "registrations")
    tab = window.registration_tab
    assert tab.proxy.rowCount() > 0 and _hint(tab.table) == ""
    tab.search.setText("không ai có tên này")
    assert tab.proxy.rowCount() == 0 and _hint(tab.table) == NO_MATCH
    tab.search.setText("")
    assert _hint(tab.table) == ""
    records.save_campaign(db, Campaign("Phong trào chuyên đề", loai="chuyen_de", nam_bat_dau=data_states.YEAR))
    tab.reload()
    tab.campaign_combo.setCurrentIndex(tab.campaign_combo.findText("Phong trào chuyên đề", Qt.MatchFlag.MatchContains))
    assert tab.proxy.rowCount() == 0
    assert _hint(tab.table).startswith("Chưa có đăng ký nào cho phong trào này — bấm Đăng ký… hoặc Gợi ý…")
    window.select_tab("staff")
    staff = window.staff_tab
    staff.search.setText("không ai có tên này")
    assert _hint(staff.table) == NO_MATCH


def test_exports_of_a_campaign_with_no_registrations(show_window, db, monkeypatch, tmp_path):
    """Regression: Tệp → Xuất bảng tổng hợp (Ctrl+Shift+E) and Xuất phiếu đăng ký crashed on a new campaign."""
    import openpyxl
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    import data_states

    from thidua_desktop.ui.registrations.summary_dialog import SummaryOptionsDialog

    data_states.campaign_only(db)
    window = show_window(db, "campaigns")
    monkeypatch.setattr(SummaryOptionsDialog, "exec", lambda self: True)  # the letter and its date as they come
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    out = tmp_path / "tong-hop.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel (*.xlsx)"))
    asked: list[str] = []  # without the agency's details the summary is refused first, nothing written
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, *a: asked.append(title)
                        or QMessageBox.StandardButton.No)
    window.findChild(QAction, "actionExportRegistrations").trigger()
    assert asked == ["Thiếu thông tin cơ quan"] and not out.exists()
    data_states.agency_only(db)
    window.findChild(QAction, "actionExportRegistrations").trigger()
    assert out.exists() and openpyxl.load_workbook(out).active.max_row > 1
    window.findChild(QAction, "actionExportTemplates").trigger()  # no units: says why, asks no folder
    assert "Chưa có đơn vị nào" in said[-1]
    data_states.roster_only(db)
    folder = tmp_path / "phieu"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.findChild(QAction, "actionExportTemplates").trigger()
    assert "Đã xuất 3 phiếu" in said[-1] and len(list(folder.glob("*.xlsx"))) == 3
