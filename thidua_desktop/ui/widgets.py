"""Small building blocks shared by the tabs and dialogs."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

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


def table_view(name: str, model, widths: Iterable[int] = (), *, sort_column: int | None = None,
               descending: bool = False, editable: bool = False) -> QTableView:
    """A read-only (or ``editable``) list of rows: whole-row selection, the last
    column stretched, the given column widths, sorting when ``sort_column`` is set."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if editable
                         else QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)
    if sort_column is not None:
        view.setSortingEnabled(True)
        view.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    return view


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """A Yes/No question whose default is No (Enter never destroys anything)."""
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class EntryDialog(QDialog):
    """A coded entry dialog: an error line in red and Lưu / Hủy buttons.
    Subclasses lay out their fields, add :attr:`error` and :attr:`buttons` at
    the bottom, and implement :meth:`save` with :meth:`try_save`."""

    def __init__(self, parent, title: str, size: tuple[int, int] = (560, 600)):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(*size)
        self.saved_id: int | None = None
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def lay_out(self, rows: Iterable[tuple[str, QWidget]], *, above: Iterable[QWidget] = (),
                below: Iterable[QWidget] = ()) -> QVBoxLayout:
        """Widgets ``above``, a form of ``(label, field)`` rows, widgets ``below``,
        then the error line and Lưu / Hủy."""
        layout = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        form = QFormLayout()
        for label, field in rows:
            form.addRow(label, field)
        layout.addLayout(form)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        return layout

    def save(self) -> None:
        raise NotImplementedError

    def try_save(self, write: Callable[[], int]) -> None:
        """Run the write; a refusal stays in the dialog as a Vietnamese message."""
        from ..store.db import StoreError

        try:
            self.saved_id = write()
        except StoreError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
