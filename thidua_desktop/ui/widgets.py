"""Small building blocks shared by the tabs and dialogs."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractProxyModel, QByteArray, QEvent, QModelIndex, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from ..paths import user_data_dir

ActionSpec = tuple[str, str, QKeySequence | QKeySequence.StandardKey | str, Callable[[], None]]


def app_settings() -> QSettings:
    """Window state (geometry, tab, splitters) lives in an INI file in the user's data folder."""
    return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next line when the width runs
    out (Qt's flow layout example): a row of buttons or filters never makes
    the window wider than a small screen."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def addStretch(self, stretch: int = 0) -> None:  # noqa: N802 — QHBoxLayout's API; a flow has no stretch
        return None

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802 — as QBoxLayout's
        self.addChildWidget(widget)
        self._items.insert(index if index >= 0 else len(self._items), QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + (self._gap() if width else 0)
            height = max(height, hint.height())
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parent()
        if isinstance(parent, QWidget):
            return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        if isinstance(parent, QLayout):
            return max(parent.spacing(), 6)
        return 6

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lines by the items' size hints; on each line, the widgets whose own
        horizontal size policy is Expanding share what is left of its width."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        x = 0
        for item in self._visible():
            width = item.sizeHint().width()
            if area.width() > 0:
                width = min(width, area.width())
            width = max(width, item.minimumSize().width())
            if lines[-1] and x + width > area.width():
                lines.append([])
                x = 0
            lines[-1].append((item, width))
            x += width + gap
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(item.sizeHint().height() for item, _ in line)
            if move:
                spare = area.width() - sum(w for _, w in line) - gap * (len(line) - 1)
                growing = [i for i, _ in line if i.widget() is not None
                           and i.widget().sizePolicy().horizontalPolicy().value & QSizePolicy.PolicyFlag.ExpandFlag.value]
                x = area.x()
                for item, width in line:
                    if spare > 0 and item in growing:
                        width += spare // len(growing)
                    item.setGeometry(QRect(x, y, width, height))
                    x += width + gap
            y += height + gap
        return y - gap - rect.y() + m.bottom() if any(lines) else m.top() + m.bottom()


#: room for the title bar and borders of a window not yet shown (width, height in px)
FRAME_ALLOWANCE = (16, 40)


def fit_to_screen(window: QWidget, *, move: bool = False) -> None:
    """Keep a window inside its screen's available area (without the
    taskbar): a size meant for a big screen, or remembered from one, is cut
    down to what fits, never below the window's minimum size; with ``move``
    its place too (a dialog is centred on its parent by Qt)."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    if screen is None or window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = max(frame.width() - window.width(), 0) or FRAME_ALLOWANCE[0]
    extra_h = max(frame.height() - window.height(), 0) or FRAME_ALLOWANCE[1]
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(min(window.width(), area.width() - extra_w), least.width())
    height = max(min(window.height(), area.height() - extra_h), least.height())
    window.resize(width, height)
    if move:
        x = min(max(window.x(), area.left()), area.right() + 1 - width - extra_w)
        y = min(max(window.y(), area.top()), area.bottom() + 1 - height - extra_h)
        window.move(max(x, area.left()), max(y, area.top()))


def labelled(label: str | QLabel, widget: QWidget, name: str = "") -> QWidget:
    """A label and its field kept together on one line of a :class:`FlowLayout`
    (the label is the field's buddy, so its mnemonic focuses the field)."""
    box = QWidget()
    if name:
        box.setObjectName(name)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    if label:
        text = label if isinstance(label, QLabel) else QLabel(label)
        text.setBuddy(widget)
        row.addWidget(text)
    row.addWidget(widget, 1)
    return box


def fit_combo(combo: QComboBox, chars: int | None = None) -> QComboBox:
    """A combo box that shows its whole text: as wide as its longest item
    (``chars`` None: short, fixed choices), or at least ``chars`` characters
    wide with the whole text as tooltip (names that can be long). Either way
    its list opens wide enough for the longest item."""
    if chars is None:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    else:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, combo.sizePolicy().verticalPolicy())
        combo.currentTextChanged.connect(combo.setToolTip)
    state = {"width": 0}

    def widen(first: int = 0, last: int | None = None) -> None:
        fm = combo.fontMetrics()
        last = combo.count() - 1 if last is None else last
        widest = max((fm.horizontalAdvance(combo.itemText(i)) for i in range(first, last + 1)), default=0)
        if first == 0 and last == combo.count() - 1:
            state["width"] = 0
        state["width"] = max(state["width"], widest)
        scroll = combo.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        combo.view().setMinimumWidth(state["width"] + combo.iconSize().width() + scroll + 24)

    model = combo.model()
    model.rowsInserted.connect(lambda _parent, first, last: widen(first, last))
    model.modelReset.connect(lambda: widen())
    model.rowsRemoved.connect(lambda *_: widen())
    model.dataChanged.connect(lambda top, bottom, *_: widen(top.row(), bottom.row()))
    widen()
    return combo


def master_detail(master: QWidget, detail: Iterable[QWidget], key: str, sizes: tuple[int, int]) -> QSplitter:
    """A list on the left and, on the right, ``detail`` stacked (the first
    table among them takes the height), split where the user left it."""
    right = QWidget()
    column = QVBoxLayout(right)
    column.setContentsMargins(0, 0, 0, 0)
    for widget in detail:
        column.addWidget(widget, 1 if isinstance(widget, QTableView) else 0)
    split = QSplitter()
    split.addWidget(master)
    split.addWidget(right)
    split.setSizes(list(sizes))
    return remember_splitter(split, key)


def remember_splitter(splitter: QSplitter, key: str) -> QSplitter:
    """The splitter comes back where the user left it (``splitters/<key>`` in
    the settings); neither side can be squeezed away to nothing."""
    splitter.setObjectName(splitter.objectName() or f"{key}Splitter")
    splitter.setChildrenCollapsible(False)
    state = app_settings().value(f"splitters/{key}")
    if isinstance(state, QByteArray):
        splitter.restoreState(state)

    def save(*_):
        settings = app_settings()
        settings.setValue(f"splitters/{key}", splitter.saveState())

    splitter.splitterMoved.connect(save)
    return splitter


def action_buttons(owner: QWidget, prefix: str, specs: Iterable[ActionSpec]) -> tuple[dict[str, QAction], FlowLayout]:
    """One QAction per ``(key, text, shortcut, slot)``, active while ``owner``
    has focus, and a row of buttons mirroring them (text, tooltip with the
    shortcut, enabled state) that wraps onto a second line on a narrow
    screen. Buttons are named ``{prefix}_{key}``; slots are called without arguments."""
    actions: dict[str, QAction] = {}
    row = FlowLayout()
    for key, text, shortcut, slot in specs:
        action = QAction(text, owner)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # The slot is called with no arguments: ``triggered(bool)`` would pass
        # its ``checked`` flag into a slot's first optional parameter.
        action.triggered.connect(lambda _checked=False, s=slot: s())
        owner.addAction(action)
        actions[key] = action
        button = QPushButton(text)
        button.setObjectName(f"{prefix}_{key}")
        button.clicked.connect(action.trigger)
        shortcut_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{text.replace('&', '')} ({shortcut_text})" if shortcut_text else text.replace("&", ""))
        action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
        row.addWidget(button)
    return actions, row


#: what an empty list says when it has rows but the filters hide them all
NO_MATCH = "Không có dòng nào khớp bộ lọc."


class EmptyHint(QLabel):
    """What to do next, written over a list that shows no rows: ``text`` (a
    string, or a function giving it for the current situation) when there is
    nothing, :data:`NO_MATCH` when a filter (a proxy model whose source has
    rows) hides everything. Follows the view's model; made by :func:`empty_hint`."""

    def __init__(self, view: QAbstractItemView, text: str | Callable[[], str]):
        super().__init__(view.viewport())
        self.setObjectName(f"{view.objectName() or 'view'}EmptyHint")
        self.view = view
        self._text = text
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet("color: #6b6b6b; font-size: 11pt; background: transparent;")
        view.viewport().installEventFilter(self)
        self._model = None
        self.refresh()

    def _watch(self, model) -> None:
        if model is self._model:
            return
        self._model = model
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self.refresh)

    def wanted_text(self) -> str:
        """The text to show now; empty while the list has rows."""
        model = self.view.model()
        if model is None or model.rowCount() > 0:
            return ""
        source = model.sourceModel() if isinstance(model, QAbstractProxyModel) else None
        if source is not None and source.rowCount() > 0:
            return NO_MATCH
        return self._text() if callable(self._text) else self._text

    def refresh(self, *_args) -> None:
        self._watch(self.view.model())
        text = self.wanted_text()
        self.setText(text)
        self._place()
        self.setVisible(bool(text))

    def _place(self) -> None:
        area = self.view.viewport().rect().adjusted(24, 16, -24, -16)
        self.setGeometry(area.x(), area.y(), area.width(), max(area.height(), 60))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        return False


def empty_hint(view: QAbstractItemView, text: str | Callable[[], str]) -> EmptyHint:
    """Say what to do next over ``view`` while it shows no rows (see :class:`EmptyHint`).
    Call after the view's model is set; a function ``text`` is asked again
    whenever the model changes (call ``hint.refresh()`` when only the situation does)."""
    hint = EmptyHint(view, text)
    view.empty_hint = hint
    return hint


def table_view(name: str, model, widths: Iterable[int] = (), *, sort_column: int | None = None,
               descending: bool = False, editable: bool = False,
               empty: str | Callable[[], str] | None = None) -> QTableView:
    """A read-only (or ``editable``) list of rows: whole-row selection, the last
    column stretched, the given column widths, sorting when ``sort_column`` is set,
    what to do next written over it while it is ``empty`` (:func:`empty_hint`);
    Tab leaves it (every table view of the program does so)."""
    view = QTableView()
    view.setObjectName(name)
    view.setTabKeyNavigation(False)  # Tab leaves the table for the buttons (a cell being edited still moves on)
    view.setModel(model)
    if empty is not None:
        empty_hint(view, empty)
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
                below: Iterable[QWidget] = (), stretch: QWidget | None = None) -> QVBoxLayout:
        """Widgets ``above``, a form of ``(label, field)`` rows, widgets ``below``,
        then the error line and Lưu / Hủy; ``stretch``, one of those widgets, takes the spare height."""
        layout = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget, 1 if widget is stretch else 0)
        form = QFormLayout()
        for label, field in rows:
            form.addRow(label, field)
        layout.addLayout(form)
        for widget in below:
            layout.addWidget(widget, 1 if widget is stretch else 0)
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


class StaffPicker(QComboBox):
    """A person of the staff list, found by typing part of the name or unit
    (with or without accents); a name from outside the list (a union
    representative) may be typed too. :meth:`person` says which."""

    KEY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, db, parent: QWidget | None = None, *, model: QStandardItemModel | None = None,
                 placeholder: str = "Gõ tên để tìm trong danh sách cán bộ"):
        """``model``: one :meth:`staff_model` shared by many pickers (one row each in a table)."""
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        model = model if model is not None else self.staff_model(db, self)
        self.rows: dict[int, dict] = model.staff_rows
        self.setModel(model)
        completer = QCompleter(model, self)
        completer.setCompletionRole(self.KEY_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated[QModelIndex].connect(
            lambda index: self.choose(completer.completionModel().mapToSource(index).row()))
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(placeholder)

    @classmethod
    def staff_model(cls, db, parent: QWidget | None = None) -> QStandardItemModel:
        """The people at work: “name — position — unit”, searchable with or without accents."""
        from ..domain.vntext import search_key
        from ..store.records import list_staff_rows

        model = QStandardItemModel(parent)
        model.staff_rows = {}
        for row in list_staff_rows(db):
            if not row["dang_cong_tac"]:
                continue
            label = " — ".join(p for p in (row["ho_ten"], row["chuc_vu"] or "", row["unit_ten"]) if p)
            item = QStandardItem(label)
            item.setData(row["id"], Qt.ItemDataRole.UserRole)
            item.setData(f"{label} {search_key(label)}", cls.KEY_ROLE)
            model.appendRow(item)
            model.staff_rows[row["id"]] = row
        return model

    def choose(self, row: int) -> None:
        self.setCurrentIndex(row)
        self.setEditText(self.itemText(row))
        self.lineEdit().setCursorPosition(0)  # the name shows, not the end of the unit

    def select_staff(self, staff_id: int | None, name: str = "") -> None:
        """Show ``staff_id`` (or, when not in the list, the typed ``name``)."""
        row = self.findData(staff_id) if staff_id is not None else -1
        if row >= 0:
            self.choose(row)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(name)

    def person(self) -> tuple[int | None, str]:
        """``(staff id, name)`` of the chosen person; ``(None, typed name)`` for
        someone outside the staff list."""
        from ..domain.vntext import clean

        text = clean(self.currentText())
        row = self.currentIndex()
        if row >= 0 and self.itemText(row) == self.currentText():
            staff_id = self.itemData(row)
            return staff_id, self.rows[staff_id]["ho_ten"]
        return None, text
