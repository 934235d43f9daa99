"""The "Văn bản Word…" button of the tabs and Sửa → Mẫu văn bản Word…."""
from __future__ import annotations

from docx import Document
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QPushButton

from thidua_desktop.services.documents.word import kinds as word_kinds
from thidua_desktop.ui.documents.word import WordTemplatesDialog


def _choose(monkeypatch, choice: str, path) -> list[list[str]]:
    offered: list[list[str]] = []

    def get_item(parent, title, label, items, *a, **k):
        offered.append(list(items))
        return next(i for i in items if i.startswith(choice)), True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    return offered


def test_the_decision_tab_writes_its_decision_as_word(decisions_window, monkeypatch, tmp_path, qtbot):
    window = decisions_window
    offered = _choose(monkeypatch, "Quyết định khen thưởng", tmp_path / "qd")
    window.findChild(QPushButton, "decision_word").click()
    assert offered and all("Quyết định" in item for item in offered[0])
    assert any(item.endswith("(để trống số cho văn thư)") for item in offered[0])
    text = "\n".join(p.text for p in Document(str(tmp_path / "qd.docx")).paragraphs)
    assert "QUYẾT ĐỊNH" in text and "Điều 1." in text
    assert "qd.docx" in window.statusBar().currentMessage()


def test_the_council_tab_offers_the_meeting_documents(show_window, decisions_demo, monkeypatch, tmp_path):
    window = show_window(decisions_demo, "council")
    offered = _choose(monkeypatch, "Biên bản họp", tmp_path / "bb.docx")
    window.findChild(QPushButton, "docs_word").click()
    keys = {k.name for k in word_kinds.kinds() if k.needs == "meeting"}
    assert set(offered[0]) == keys
    assert (tmp_path / "bb.docx").is_file()


def test_templates_dialog_copies_opens_and_resets(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr("thidua_desktop.ui.documents.word.confirm", lambda *a: True)
    dialog = WordTemplatesDialog()
    qtbot.addWidget(dialog)
    kind = word_kinds.kinds()[0]
    dialog.list.setCurrentRow(0)
    assert not dialog.actions["reset"].isEnabled()
    dialog.findChild(QPushButton, "word_template_edit").click()
    mine = word_kinds.user_path(kind)
    assert opened == [str(mine)] and mine.is_file()
    assert str(mine) in dialog.list.item(0).text() and dialog.actions["reset"].isEnabled()
    dialog.findChild(QPushButton, "word_template_reset").click()
    assert not mine.exists() and "mẫu gốc" in dialog.list.item(0).text()
