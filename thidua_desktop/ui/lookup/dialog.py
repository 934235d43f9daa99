"""Tra cứu thành tích: type a name (accents optional), pick a person or a unit,
read their whole record and what comes next, print it as a trích lục.

One window per main window, not modal (look something up while working):
Ctrl+K (Xem → Tra cứu thành tích) shows it with the search selected; the
context menu of a person or unit in the Cán bộ, Đăng ký and Quyết định lists
(and a double-click where it edits nothing) shows that subject's record.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain import eligibility as el
from ...services.lookup import export, search
from ...services.lookup.record import STAFF, UNIT, Record, record
from ..widgets import empty_hint, fit_to_screen

#: colours of a next step by status
_COLOURS = {el.OK: "#1b7f3b", el.WARNING: "#a15c00", el.BLOCKED: "#b00020", "awarded": "#555555"}


def record_html(rec: Record) -> str:
    """The record as the window shows it."""
    out = [f"<h2>{escape(rec.name)}</h2>",
           "<p>" + " · ".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in rec.facts) + "</p>"]
    out.append(f"<h3>Tiếp theo — xét cho năm {rec.year}</h3>")
    if rec.rules_note:
        out.append(f"<p><i>{escape(rec.rules_note)}</i></p>")
    items = [f"<li>{escape(s)}</li>" for s in rec.streaks]
    items += [f"<li><span style='color:{_COLOURS[s.status]}'>{escape(s.text)}</span></li>" for s in rec.next_steps]
    out.append(f"<ul>{''.join(items)}</ul>" if items else "<p>Không có danh hiệu, hình thức nào để xét.</p>")
    for section in rec.sections:
        out.append(f"<h3>{escape(section.title)}</h3>")
        if not section.rows:
            out.append(f"<p style='color:#6b6b6b'>{escape(section.empty)}</p>")
            continue
        head = "".join(f"<th align='left'>{escape(c)}</th>" for c in section.columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in section.rows)
        out.append(f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{body}</table>")
    return "".join(out)


class LookupDialog(QDialog):
    """Search on the left, the chosen record on the right."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setObjectName("lookupDialog")
        self.setWindowTitle("Tra cứu thành tích")
        self.setModal(False)
        self.record: Record | None = None
        self._subject: tuple[str, int] | None = None

        self.search = QLineEdit()
        self.search.setObjectName("lookupSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Họ tên hoặc tên đơn vị — gõ không dấu cũng được; thêm năm sinh để lọc")
        self.year = QSpinBox()
        self.year.setObjectName("lookupYear")
        self.year.setRange(1945, dt.date.today().year + 1)
        self.year.setValue(dt.date.today().year)
        self.year.setToolTip("Năm xét điều kiện cho phần “Tiếp theo”")
        top = QHBoxLayout()
        top.addWidget(QLabel("&Tìm:", buddy=self.search))
        top.addWidget(self.search, 1)
        top.addWidget(QLabel("Xét &năm:", buddy=self.year))
        top.addWidget(self.year)

        self.matches = QListWidget()
        self.matches.setObjectName("lookupMatches")
        self.count = QLabel()
        self.count.setObjectName("lookupCount")
        empty_hint(self.matches, lambda: ("Không tìm thấy ai, đơn vị nào có tên như vậy." if self.search.text().strip()
                                          else "Gõ họ tên một người hoặc tên một đơn vị để tra cứu."))
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.matches, 1)
        left.addWidget(self.count)
        self.view = QTextBrowser()
        self.view.setObjectName("lookupRecord")
        self.view.setOpenLinks(False)
        splitter = QSplitter()
        holder = QWidget()
        holder.setLayout(left)
        splitter.addWidget(holder)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 700])

        self.pdf_button = QPushButton("&In trích lục (PDF)…")
        self.pdf_button.setObjectName("lookupPdf")
        self.xlsx_button = QPushButton("Xuất &Excel…")
        self.xlsx_button.setObjectName("lookupXlsx")
        close = QPushButton("Đó&ng")
        close.setObjectName("lookupClose")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for b in (self.pdf_button, self.xlsx_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # typing a name: one search when the typing pauses
        self._timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.search_now)
        self.matches.currentItemChanged.connect(lambda item, _prev: self._chosen(item))
        self.year.valueChanged.connect(lambda _v: self.show_subject(*self._subject) if self._subject else None)
        self.resize(1100, 720)
        fit_to_screen(self)
        self._show(None)

    # --- searching ---------------------------------------------------------------
    def start(self, text: str = "") -> None:
        """Show the window with the search selected (Ctrl+K)."""
        if text:
            self.search.setText(text)
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus()
        self.search.selectAll()

    def search_now(self) -> None:
        self._timer.stop()
        found, total = search.find(self.window.db, self.search.text())
        self.matches.blockSignals(True)
        self.matches.clear()
        for m in found:
            item = QListWidgetItem(m.label)
            item.setToolTip(m.label)  # a long unit name is cut off in the list
            item.setData(Qt.ItemDataRole.UserRole, (m.kind, m.id))
            self.matches.addItem(item)
        self.matches.blockSignals(False)
        self.matches.empty_hint.refresh()
        more = f" (hiện {len(found)} đầu tiên — gõ thêm để thu hẹp)" if total > len(found) else ""
        self.count.setText(f"{total} kết quả{more}" if self.search.text().strip() else "")
        if found:
            self.matches.setCurrentRow(0)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_subject(*item.data(Qt.ItemDataRole.UserRole))

    # --- the record --------------------------------------------------------------
    def show_subject(self, kind: str, subject_id: int) -> None:
        """Show the record of a person (``STAFF``) or unit (``UNIT``)."""
        from ...store.db import StoreError

        self._subject = (kind, subject_id)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a unit holding most of the agency takes a while
        try:
            rec = record(self.window.db, kind, subject_id, year=self.year.value())
        except StoreError as exc:
            self._show(None, str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._show(rec)

    def open_subject(self, kind: str, subject_id: int) -> None:
        """Show the window on this subject's record (from a tab's list)."""
        self.show_subject(kind, subject_id)
        self.show()
        self.raise_()
        self.activateWindow()

    def _show(self, rec: Record | None, message: str = "") -> None:
        self.record = rec
        if rec is None:
            text = message or "Chọn một người hoặc một đơn vị trong danh sách bên trái để xem toàn bộ thành tích."
            self.view.setHtml(f"<p style='color:#6b6b6b'>{escape(text)}</p>")
        else:
            self.view.setHtml(record_html(rec))
        for b in (self.pdf_button, self.xlsx_button):
            b.setEnabled(rec is not None)

    def export(self, kind: str) -> bool:
        """Save the record as a trích lục (PDF or workbook)."""
        rec = self.record
        if rec is None:
            return False
        suffix, label, write = {"pdf": (".pdf", "PDF (*.pdf)", export.export_pdf),
                                "xlsx": (".xlsx", "Excel (*.xlsx)", export.export_xlsx)}[kind]
        from ...domain.vntext import search_key

        default = Path.home() / f"trich-luc-{search_key(rec.name).replace(' ', '-')}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, "Lưu trích lục thành tích", str(default), label)
        if not path:
            return False
        if not path.lower().endswith(suffix):
            path += suffix
        if self.window.perform(lambda: write(self.window.db, rec, Path(path))):
            self.window.statusBar().showMessage(f"Đã lưu trích lục thành tích của {rec.name} ra {path}", 8000)
            return True
        return False


# --- from the tabs -------------------------------------------------------------------

def dialog_of(window) -> LookupDialog:
    """The window's one tra cứu window, made when first asked for."""
    dialog = getattr(window, "_lookup_dialog", None)
    if dialog is None:
        dialog = window._lookup_dialog = LookupDialog(window)
    return dialog


def _row_of(view: QAbstractItemView, index: QModelIndex):
    """The plain row (a FastTableModel's dict or sqlite3.Row) behind ``index`` of ``view``."""
    model = view.model()
    if isinstance(model, QAbstractProxyModel):
        index = model.mapToSource(index)
        model = model.sourceModel()
    if not index.isValid() or not hasattr(model, "raw_row"):
        return None
    return model.raw_row(model.storage_index(index.row()))


def subject_of_row(row, *, staff_list: bool = False) -> tuple[str, int] | None:
    """``(kind, id)`` of the person or unit a row names: a staff list's row is
    the person (``id``); other rows name ``staff_id`` or ``unit_id``."""
    if staff_list:
        return STAFF, row["id"]
    keys = row.keys()
    if "staff_id" in keys and row["staff_id"] is not None:
        return STAFF, row["staff_id"]
    if "unit_id" in keys and row["unit_id"] is not None:
        return UNIT, row["unit_id"]
    return None


def attach(window, view: QAbstractItemView, *, staff_list: bool = False, double_click: bool = True) -> None:
    """Tra cứu from ``view``'s rows: a context-menu command (with Ctrl+K's
    words) and, when ``double_click``, a double-click on a row."""

    def subject(index: QModelIndex) -> tuple[str, int] | None:
        row = _row_of(view, index) if index.isValid() else None
        return subject_of_row(row, staff_list=staff_list) if row is not None else None

    def open_at(index: QModelIndex) -> None:
        found = subject(index)
        if found is not None:
            dialog_of(window).open_subject(*found)

    def row_menu(index: QModelIndex) -> QMenu | None:
        """The context menu of the row at ``index`` (None where no one is named)."""
        if subject(index) is None:
            return None
        pop = QMenu(view)
        action = pop.addAction("Tra cứu thành tích…")
        action.setObjectName("actionLookupRow")
        action.triggered.connect(lambda: open_at(index))
        return pop

    def menu(point: QPoint) -> None:
        pop = row_menu(view.indexAt(point))
        if pop is not None:
            pop.exec(view.viewport().mapToGlobal(point))
            pop.deleteLater()

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(menu)
    if double_click:
        view.doubleClicked.connect(open_at)
    view.lookup_menu = row_menu  # what a right-click shows (tests)


def attach_tree(window, tree) -> None:
    """Tra cứu from a tree of units (items holding a unit id as their data):
    the context menu of a unit opens its record; other items have none."""

    def row_menu(item) -> QMenu | None:
        unit_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(unit_id, int):
            return None
        pop = QMenu(tree)
        action = pop.addAction("Tra cứu thành tích của đơn vị…")
        action.setObjectName("actionLookupUnit")
        action.triggered.connect(lambda: dialog_of(window).open_subject(UNIT, unit_id))
        return pop

    def menu(point: QPoint) -> None:
        pop = row_menu(tree.itemAt(point))
        if pop is not None:
            pop.exec(tree.viewport().mapToGlobal(point))
            pop.deleteLater()

    tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    tree.customContextMenuRequested.connect(menu)
    tree.lookup_menu = row_menu  # what a right-click shows (tests)


def lookup_action(window, slot: Callable[[], None]) -> QAction:
    action = QAction("T&ra cứu thành tích…", window)
    action.setObjectName("actionLookup")
    action.setShortcut(QKeySequence("Ctrl+K"))
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.triggered.connect(lambda _checked=False: slot())
    return action
