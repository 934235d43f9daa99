"""The guidance a new secretary gets: Vietnamese everywhere, help, first run, keyboard."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from thidua_desktop.ui.app import install_translations


def test_standard_buttons_speak_vietnamese(qapp):
    assert install_translations(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", "Xóa?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Có"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Không"
    box.setDetailedText("chi tiết")
    details = [b.text() for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]
    assert details == ["Xem chi tiết…"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    assert QApplication.translate("QLineEdit", "&Paste") == "&Dán"
    assert QApplication.translate("QFileDialog", "File &name:") == "Tên &tệp:"


def test_wizard_shows_unit_renames_and_can_keep_the_capitals(show_window, db, monkeypatch, tmp_path):
    from roster_factory import write_sheet

    from thidua_desktop.store import records
    from thidua_desktop.ui import import_wizard

    path = write_sheet(tmp_path / "caps.xlsx", [["STT", "Họ và tên", "Năm sinh", "Đơn vị"],
                                                [1, "Nguyễn Văn An", 1970, "VĂN PHÒNG"]])
    window = show_window(db)
    seen = []

    def fake_exec(self):
        seen.append(self)
        self.show()
        self.file_page.path_edit.setText(str(path))
        self.file_page._load_sheets()
        self.next()
        self.next()
        page = self.preview_page
        assert page.rename_units.isVisible() and page.rename_units.isChecked()
        assert "VĂN PHÒNG → Văn phòng" in page.summary.text()
        assert "1 đơn vị mới (Văn phòng)" in page.summary.text()
        page.rename_units.setChecked(False)  # the user keeps the original
        assert "1 đơn vị mới (VĂN PHÒNG)" in page.summary.text()
        assert "được giữ nguyên" in page.summary.text()
        page._replan(True)  # planning again keeps the user's choice
        assert "1 đơn vị mới (VĂN PHÒNG)" in page.summary.text()
        self.button(self.WizardButton.FinishButton).click()
        return self.result is not None

    monkeypatch.setattr(import_wizard.ImportWizard, "exec", fake_exec)
    window.import_staff()
    assert seen and [u.ten for u in records.list_units(db)] == ["VĂN PHÒNG"]
