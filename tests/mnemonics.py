"""Alt+letter mnemonics: which letters a screen uses, and where two share one."""
from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QMenuBar, QTabBar, QWidget


def mnemonic(text: str) -> str:
    """The Alt+key a text's '&' makes ("" when none)."""
    return QKeySequence.mnemonic(text).toString()


def _visible_in(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def screen_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+key → the texts using it among what the window shows now: its menu
    bar's titles, tab titles, buttons, group boxes and labels with a buddy."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        key = mnemonic(text)
        if key:
            found[key].append(text)

    for bar in window.findChildren(QMenuBar):
        if _visible_in(bar, window):
            for action in bar.actions():
                if action.isVisible():
                    add(action.text())
    for tabs in window.findChildren(QTabBar):
        if _visible_in(tabs, window):
            for i in range(tabs.count()):
                if tabs.isTabVisible(i) and tabs.isTabEnabled(i):
                    add(tabs.tabText(i))
    for button in window.findChildren(QAbstractButton):
        if _visible_in(button, window):
            add(button.text())
    for box in window.findChildren(QGroupBox):
        if _visible_in(box, window):
            add(box.title())
    for label in window.findChildren(QLabel):
        if _visible_in(label, window) and label.buddy() is not None:
            add(label.text())
    return found


def menu_mnemonics(menu: QMenu) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for action in menu.actions():
        if action.isVisible() and not action.isSeparator():
            key = mnemonic(action.text())
            if key:
                found[key].append(action.text())
    return found


def clashes(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: texts for key, texts in found.items() if len(texts) > 1}
