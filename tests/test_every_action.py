"""Every tab, every enabled menu action and every visible enabled button of the
real window, on each data state of a new secretary's year (``data_states``):
each tab (and each page of a tab with pages) is visited, its search boxes typed
in and its filter combos tried, its buttons pressed as it opens and again with
the first row of each list selected; then every menu action. Dialogs open and
are cancelled, destructive questions are answered No, file dialogs choose
nothing (conftest ``cancel_dialogs``). Any exception that reaches the crash
handler (``sys.excepthook``) fails the test, named by state, tab and control.

THIDUA_LONG=1 repeats each state in several random orders (each on a fresh copy
of the state), with the menu actions triggered on every tab.
THIDUA_TRACE_ACTIONS=1 prints each step and its time (with ``-s``).
"""
from __future__ import annotations

import gc
import os
import random
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QTabWidget,
    QToolButton,
)

from data_states import STATES
from thidua_desktop.ui.main_window import TAB_KEYS, TABS, MainWindow

LONG = bool(os.environ.get("THIDUA_LONG"))
#: what legitimately ends or blocks the session, not a crash to look for
SKIPPED_ACTIONS = {"actionQuit"}


def settle(window) -> None:
    """Let queued work run: posted events, then the tabs' background checks."""
    QApplication.processEvents()
    for _key, _label, attribute, _cls in TABS:
        wait = getattr(getattr(window, attribute), "wait_for_checks", None)
        if wait is not None:
            wait()
    QApplication.processEvents()


def close_strays(window) -> None:
    """Windows an action left open without exec() (non-modal dialogs)."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and not isinstance(widget, MainWindow):
            widget.close()


def label(widget_or_action) -> str:
    name = widget_or_action.objectName()
    text = widget_or_action.text().replace("&", "")
    return f"{text or '?'}" + (f" [{name}]" if name else "")


def buttons_of(widget) -> list:
    found = []
    for button in widget.findChildren(QPushButton) + widget.findChildren(QToolButton):
        if isinstance(button.parent(), QTabBar):  # the tab bar's own scroll arrows
            continue
        found.append(button)
    return found


def select_first_row(view) -> None:
    if view.isVisible() and view.model().rowCount() > 0:
        view.setCurrentIndex(view.model().index(0, 0))
        if isinstance(view, QTableView):
            view.selectRow(0)


def menu_actions(window) -> list:
    out = []

    def walk(actions):
        for action in actions:
            if action.menu() is not None:
                walk(action.menu().actions())
            elif not action.isSeparator() and action.objectName() not in SKIPPED_ACTIONS:
                out.append(action)

    walk(window.menuBar().actions())
    return out


class Run:
    def __init__(self, qtbot, window, state: str):
        self.qtbot, self.window, self.state = qtbot, window, state
        self.failures: list[str] = []
        self.done = 0

    def attempt(self, where: str, fn) -> None:
        t0 = time.perf_counter()
        with self.qtbot.capture_exceptions() as caught:
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 — raised straight from the call, not through Qt
                caught.append((type(exc), exc, exc.__traceback__))
            settle(self.window)
            close_strays(self.window)
            QApplication.processEvents()
        self.done += 1
        if os.environ.get("THIDUA_TRACE_ACTIONS"):
            print(f"{time.perf_counter() - t0:6.3f} {where}")
        for _type, exc, _tb in caught:
            self.failures.append(f"{self.state} / {where}: {type(exc).__name__}: {exc}")

    def press_buttons(self, where: str, widget, rng: random.Random | None) -> None:
        buttons = buttons_of(widget)
        if rng:
            rng.shuffle(buttons)
        for button in buttons:
            if button.isVisible() and button.isEnabled():  # as they are now, after the previous ones
                self.attempt(f"{where} / button {label(button)}", button.click)

    def filter(self, where: str, widget) -> None:
        """Type in each search box as a user does, key by key, and try a few
        choices of each filter combo (then put it back)."""
        for edit in widget.findChildren(QLineEdit):
            if edit.objectName().lower().endswith("search") and edit.isVisible() and edit.isEnabled():
                for text in ("n", "ng", "nguyen", "không ai có tên này", ""):
                    self.attempt(f"{where} / type {text!r} in {edit.objectName()}", lambda e=edit, t=text: e.setText(t))
        for combo in widget.findChildren(QComboBox):
            if (not combo.isVisible() or not combo.isEnabled() or combo.count() < 2
                    or isinstance(combo.parent().parent(), QAbstractItemView)):  # a cell's editor
                continue
            before = combo.currentIndex()
            for i in [*sorted({1, combo.count() - 1} - {before}), before]:
                self.attempt(f"{where} / choose {combo.itemText(i)!r} in {combo.objectName() or 'combo'}",
                             lambda c=combo, i=i: c.setCurrentIndex(i))

    def visit(self, where: str, widget, rng: random.Random | None) -> None:
        """Filter and search, press the buttons of a page as it opens, then again
        with the first row of each list selected (the buttons that act on a selection)."""
        self.filter(where, widget)
        self.press_buttons(where, widget, rng)
        views = [v for v in widget.findChildren(QAbstractItemView)
                 if not isinstance(v, QHeaderView) and v.isVisible() and v.model() is not None
                 and v.model().rowCount() > 0]
        if views:
            for view in views:
                self.attempt(f"{where} / select the first row of {view.objectName() or type(view).__name__}",
                             lambda v=view: select_first_row(v))
            self.press_buttons(f"{where} (row selected)", widget, rng)

    def trigger_menus(self, where: str, rng: random.Random | None) -> None:
        actions = menu_actions(self.window)
        if rng:
            rng.shuffle(actions)
        for action in actions:
            if action.isEnabled():
                self.attempt(f"{where} / menu {label(action)}", action.trigger)


def exercise(qtbot, window, state: str, rng: random.Random | None) -> Run:
    run = Run(qtbot, window, state)
    settle(window)
    if window.stack.currentWidget() is window.welcome:  # an empty file: the welcome panel first
        for button in buttons_of(window.welcome):
            if button.objectName() not in ("welcomeEmpty", "welcomeDemo"):
                run.attempt(f"welcome / {label(button)}", button.click)
        run.attempt("welcome / Bắt đầu với tệp trống", window.welcome.findChild(QPushButton, "welcomeEmpty").click)
    keys = list(TAB_KEYS)
    if rng:
        rng.shuffle(keys)
    for key in keys:
        run.attempt(f"tab {key}", lambda k=key: window.select_tab(k))
        tab = window.tabs.currentWidget()
        inner = [w for w in tab.findChildren(QTabWidget) if w.isVisible()]
        if not inner:
            run.visit(f"tab {key}", tab, rng)
        for pages in inner:  # a tab with pages of its own (Hồ sơ thi đua): each page in turn
            for i in range(pages.count()):
                run.attempt(f"tab {key} / page {pages.tabText(i)}", lambda p=pages, i=i: p.setCurrentIndex(i))
                run.visit(f"tab {key} / page {pages.tabText(i).replace('&', '')}", tab, rng)
        if rng:
            run.trigger_menus(f"tab {key}", rng)
    if not rng:
        run.trigger_menus(f"tab {window.tabs.tabText(window.tabs.currentIndex())}", None)
    return run


@pytest.mark.parametrize("state", list(STATES))
def test_every_action_on_every_tab(state, qtbot, show_window, db, cancel_dialogs, tmp_path):
    STATES[state](db)
    runs = [exercise(qtbot, show_window(db), state, None)]
    if LONG:  # each order from the same state, in a file and window of its own
        from thidua_desktop.store.db import open_database

        for seed in range(3):
            path = tmp_path / f"seed-{seed}.sqlite"
            own = open_database(path)
            STATES[state](own)
            window = MainWindow(path, own)
            try:
                window.show()
                runs.append(exercise(qtbot, window, f"{state} (seed {seed})", random.Random(seed)))
            finally:  # freed now, not at the end of the test: four windows at once weigh ~0.5 GB
                window.close()  # closes its file
                window.deleteLater()
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                del window, own
                gc.collect()
    failures = [f for run in runs for f in run.failures]
    assert not failures, "\n".join(failures)
    assert all(run.done > 20 for run in runs)  # the walk really pressed things


def test_dialogs_with_previews_are_freed_after_use(qtbot, show_window, db, cancel_dialogs):
    """Found by the long mode (~120 MB a window): every In giấy khen…, Sửa mẫu…,
    Hiệu chỉnh máy in… and Nhật ký thay đổi… opened stayed alive, PDF preview and
    all, as a child of the window until the program closed."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog

    from data_states import decided_not_printed

    decided_not_printed(db)
    window = show_window(db, "decisions")
    tab = window.decision_tab
    tab.list.selectRow(0)
    for key in ("certificates", "template", "calibrate"):
        tab.actions[key].trigger()
    window.findChild(QAction, "actionAudit").trigger()
    window.findChild(QAction, "actionRules").trigger()
    assert len(cancel_dialogs) == 5
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QDialog) == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
