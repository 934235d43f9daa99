"""Shared fixtures. Qt runs offscreen; user data goes to a temporary folder."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from thidua_desktop.store.db import open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _user_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own user data folder (backups, logs, settings)."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("THIDUA_DATA_DIR", str(data))
    return data


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "thidua.sqlite"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def decisions_demo(db):
    """The demo agency of 2026 with last year's decisions (Giấy khen for 64, CSTĐCS for 3)."""
    from thidua_desktop.services.demo import build_demo

    build_demo(db, staff=120, seed=2, year=2026)
    return db


@pytest.fixture
def show_window(qtbot, db_path):
    """``show_window(db, tab=None)``: the main window on ``db`` (the file at
    ``db_path``), shown, on ``tab`` when given, closed with the test."""
    from thidua_desktop.ui.main_window import MainWindow

    def show(db, tab: str | None = None):
        window = MainWindow(db_path, db)
        qtbot.addWidget(window)
        window.show()
        if tab:
            window.select_tab(tab)
        return window

    return show


@pytest.fixture
def decisions_window(show_window, decisions_demo):
    """The main window on :func:`decisions_demo`, showing the Quyết định tab."""
    return show_window(decisions_demo, "decisions")


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """A modal dialog that a test did not expect would wait for a click forever
    (and hang CI): every static QMessageBox / QFileDialog / QInputDialog call
    fails the test instead. Tests that expect one patch it themselves."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    def unexpected(name):
        def fail(*args, **kwargs):
            text = next((a for a in args if isinstance(a, str)), "")
            raise AssertionError(f"unexpected modal dialog {name}: {text!r} {args[2:3]!r}")
        return fail

    for cls, names in (
        (QMessageBox, ("information", "warning", "critical", "question", "about")),
        (QFileDialog, ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory")),
        (QInputDialog, ("getItem", "getText", "getInt", "getDouble")),
    ):
        for name in names:
            monkeypatch.setattr(cls, name, unexpected(f"{cls.__name__}.{name}"))


@pytest.fixture
def cancel_dialogs(monkeypatch):
    """Every modal dialog opens and is cancelled at once, as a user pressing
    Hủy / Esc would: ``exec()`` shows the dialog (so building and showing it
    runs), then rejects it; static QMessageBox questions answer No (so
    ``widgets.confirm`` refuses anything destructive), file and input dialogs
    return nothing chosen. Returns the list of what was opened (class name
    and window title)."""
    from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrintPreviewDialog
    from PySide6.QtWidgets import (
        QApplication,
        QColorDialog,
        QDialog,
        QFileDialog,
        QFontDialog,
        QInputDialog,
        QMenu,
        QMessageBox,
        QProgressDialog,
        QWizard,
    )

    opened: list[str] = []

    def cancelled_exec(self, *args, **kwargs):
        opened.append(f"{type(self).__name__}: {self.windowTitle()}")
        self.show()
        QApplication.processEvents()
        self.reject()
        self.close()
        if isinstance(self, QMessageBox):
            return QMessageBox.StandardButton.Cancel
        return QDialog.DialogCode.Rejected

    for cls in (QDialog, QMessageBox, QFileDialog, QInputDialog, QWizard, QPrintDialog, QPrintPreviewDialog,
                QPageSetupDialog, QColorDialog, QFontDialog, QProgressDialog):
        monkeypatch.setattr(cls, "exec", cancelled_exec)
    monkeypatch.setattr(QMenu, "exec", lambda self, *a, **k: opened.append(f"QMenu: {self.title()}"))

    def message(kind, answer):
        def show(parent, title, text="", *args, **kwargs):
            opened.append(f"QMessageBox.{kind}: {title}: {text}")
            return answer
        return staticmethod(show)

    Button = QMessageBox.StandardButton
    for kind, answer in (("information", Button.Ok), ("warning", Button.Ok), ("critical", Button.Ok),
                         ("question", Button.No), ("about", None)):
        monkeypatch.setattr(QMessageBox, kind, message(kind, answer))

    def nothing(name, value):
        def choose(*args, **kwargs):
            opened.append(f"QFileDialog/QInputDialog.{name}")
            return value
        return staticmethod(choose)

    for name, value in (("getOpenFileName", ("", "")), ("getOpenFileNames", ([], "")),
                        ("getSaveFileName", ("", "")), ("getExistingDirectory", "")):
        monkeypatch.setattr(QFileDialog, name, nothing(name, value))
    for name, value in (("getItem", ("", False)), ("getText", ("", False)), ("getInt", (0, False)),
                        ("getDouble", (0.0, False)), ("getMultiLineText", ("", False))):
        monkeypatch.setattr(QInputDialog, name, nothing(name, value))
    return opened
