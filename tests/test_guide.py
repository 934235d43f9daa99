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
