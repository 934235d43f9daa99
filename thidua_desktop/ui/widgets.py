"""Small building blocks shared by the tabs and dialogs."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

ActionSpec = tuple[str, str, QKeySequence | QKeySequence.StandardKey | str, Callable[[], None]]


def action_buttons(owner: QWidget, prefix: str, specs: Iterable[ActionSpec]) -> tuple[dict[str, QAction], QHBoxLayout]:
    """One QAction per ``(key, text, shortcut, slot)``, active while ``owner``
    has focus, and a row of buttons mirroring them (text, tooltip with the
    shortcut, enabled state). Buttons are named ``{prefix}_{key}``."""
    actions: dict[str, QAction] = {}
    row = QHBoxLayout()
    for key, text, shortcut, slot in specs:
        action = QAction(text, owner)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        owner.addAction(action)
        actions[key] = action
        button = QPushButton(text)
        button.setObjectName(f"{prefix}_{key}")
        button.clicked.connect(action.trigger)
        shortcut_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{text.replace('&', '')} ({shortcut_text})" if shortcut_text else text.replace("&", ""))
        action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
        row.addWidget(button)
    row.addStretch()
    return actions, row


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """A Yes/No question whose default is No (Enter never destroys anything)."""
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
