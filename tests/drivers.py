"""Drivers shared by the window's tests: a modal dialog's ``exec()`` replaced by
code that does what the user would (fill the real form, go through the wizard's
pages), and the answers of a static QMessageBox / QInputDialog call."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWizard


def fill_form(monkeypatch, filler: Callable) -> list:
    """The next FormDialogs (Thông tin cơ quan, Thêm phong trào, a person …) are
    filled by ``filler(dialog)`` and saved; returns the list of those dialogs."""
    from thidua_desktop.ui import dialogs

    seen = []

    def fake_exec(self):
        filler(self)
        self.save()
        seen.append(self)
        return self.dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.FormDialog, "exec", fake_exec)
    return seen


def drive_import_wizard(monkeypatch, path, at_preview: Callable | None = None, *, year: int | None = None) -> list:
    """The next import wizards: the file ``path`` chosen (and the ``year``),
    Tiếp to the columns, Tiếp to the preview, ``at_preview(wizard)`` acts there,
    then Nhập is pressed when it is enabled. Returns the list of
    the wizards opened."""
    from thidua_desktop.ui.imports import wizard as import_wizard

    seen = []

    def fake_exec(self):
        seen.append(self)
        self.show()
        self.file_page.path_edit.setText(str(path))
        self.file_page._load_sheets()
        if year is not None:
            self.file_page.year_spin.setValue(year)
        self.next()  # → columns
        self.next()  # → preview
        if at_preview is not None:
            at_preview(self)
        button = self.button(QWizard.WizardButton.FinishButton)
        if button.isEnabled():
            button.click()
        return self.result is not None

    monkeypatch.setattr(import_wizard.ImportWizard, "exec", fake_exec)
    return seen


def shown_rows(page) -> dict[int, str]:
    """The import preview's rows as shown (filtered): Excel row → its last column (Ghi nhận)."""
    last = page.model.columnCount() - 1
    return {int(page.proxy.index(r, 0).data()): page.proxy.index(r, last).data() for r in range(page.proxy.rowCount())}


def trigger(window, name: str) -> None:
    """The window's action (menu item) of that object name."""
    from PySide6.QtGui import QAction

    window.findChild(QAction, name).trigger()


def answering(reply, asked: list) -> Callable:
    """A stand-in for a static ``QMessageBox.question`` / ``QInputDialog.getText``
    …: the question's text (its third argument) goes into ``asked``, ``reply`` is the answer."""
    def ask(parent, title, text, *args, **kwargs):
        asked.append(text)
        return reply
    return ask


def screens(window):
    """``(name, tab)`` for every screen of the window, each shown in turn: each
    tab, and each page of a tab that has its own tabs (``tab.pages``)."""
    from PySide6.QtWidgets import QTabWidget

    from thidua_desktop.ui.main_window import TABS

    for key, _, attribute, _ in TABS:
        window.select_tab(key)
        tab = getattr(window, attribute)
        inner = getattr(tab, "pages", None)
        if not isinstance(inner, QTabWidget):
            yield key, tab
            continue
        for i in range(inner.count()):
            inner.setCurrentIndex(i)
            yield f"{key} / {inner.tabText(i)}", tab
