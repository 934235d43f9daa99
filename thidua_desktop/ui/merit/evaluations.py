"""Hồ sơ thi đua → Xếp loại hằng năm: the xếp loại of a unit's people for a year typed
in a grid (pasted from Excel, filled down), and the unit's own xếp loại."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import vntext
from ...domain.registrations import Evaluation, UnitEvaluation
from ...domain.titles import XEP_LOAI
from ...store import khoi as khoi_store
from ...store import merit, records
from ..widgets import action_buttons, confirm, empty_hint, fit_combo


GRID_COLUMNS = (("ho_ten", "Họ và tên"), ("chuc_vu", "Chức vụ"), ("xep_loai", "Xếp loại"),
                ("so_thang", "Số tháng công tác"), ("thai_san_thang", "Tháng nghỉ thai sản"), ("ghi_chu", "Ghi chú"))
EDITABLE = {"xep_loai", "so_thang", "thai_san_thang", "ghi_chu"}
NOT_RATED = "(chưa xếp loại)"
_CHANGED = QBrush(QColor(255, 248, 200))


class EvaluationGridModel(QAbstractTableModel):
    """One row per person of a unit for one year; edits stay in memory until saved."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.year = dt.date.today().year
        self.people: list[dict] = []
        self.saved: dict[int, Evaluation] = {}
        self.values: dict[int, Evaluation] = {}

    def load(self, people: list[dict], year: int, saved: dict[int, Evaluation]) -> None:
        self.beginResetModel()
        self.people = sorted(people, key=lambda r: vntext.name_sort_key(r["ho_ten"]))
        self.year = year
        self.saved = saved
        self.values = {p["id"]: saved.get(p["id"]) or Evaluation(p["id"], year, None) for p in self.people}
        self.endResetModel()

    def changed(self) -> list[Evaluation]:
        """Rows edited since loading (what Lưu writes)."""
        out = []
        for p in self.people:
            value = self.values[p["id"]]
            before = self.saved.get(p["id"]) or Evaluation(p["id"], self.year, None)
            if value != before:
                out.append(value)
        return out

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(GRID_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return GRID_COLUMNS[section][1] if 0 <= section < len(GRID_COLUMNS) else None
        return str(section + 1)

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and GRID_COLUMNS[index.column()][0] in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.people)):
            return None
        person = self.people[index.row()]
        field = GRID_COLUMNS[index.column()][0]
        value = self.values[person["id"]]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if field in ("ho_ten", "chuc_vu"):
                return person[field] or ""
            if field == "xep_loai":
                if role == Qt.ItemDataRole.EditRole:
                    return value.xep_loai or ""
                return XEP_LOAI.get(value.xep_loai or "", NOT_RATED)
            raw = getattr(value, field)
            return "" if raw is None and role == Qt.ItemDataRole.DisplayRole else raw
        if role == Qt.ItemDataRole.BackgroundRole and field in EDITABLE:
            before = self.saved.get(person["id"]) or Evaluation(person["id"], self.year, None)
            if getattr(value, field) != getattr(before, field):
                return _CHANGED
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        person = self.people[index.row()]
        field = GRID_COLUMNS[index.column()][0]
        current = self.values[person["id"]]
        if field == "xep_loai":
            code = value or None
            if code is not None and code not in XEP_LOAI:
                return False
            new = dataclasses.replace(current, xep_loai=code)
        elif field in ("so_thang", "thai_san_thang"):
            try:
                number = int(str(value).strip()) if str(value).strip() != "" else None
            except ValueError:
                return False
            if number is not None and not 0 <= number <= 12:
                return False
            if number is None and field == "thai_san_thang":
                number = 0
            new = dataclasses.replace(current, **{field: number})
        elif field == "ghi_chu":
            new = dataclasses.replace(current, ghi_chu=vntext.clean(value))
        else:
            return False
        self.values[person["id"]] = new
        self.dataChanged.emit(index, index)
        return True


class _EvaluationDelegate(QStyledItemDelegate):
    """A combo for xếp loại, a 0–12 spin box for months."""

    def createEditor(self, parent, option, index):  # noqa: N802
        field = GRID_COLUMNS[index.column()][0]
        if field == "xep_loai":
            combo = QComboBox(parent)
            combo.addItem(NOT_RATED, "")
            for code, label in XEP_LOAI.items():
                combo.addItem(label, code)
            return combo
        if field in ("so_thang", "thai_san_thang"):
            spin = QSpinBox(parent)
            spin.setRange(0, 12)
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole) or ""), 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(index.data(Qt.ItemDataRole.EditRole) or 0)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value())
        else:
            super().setModelData(editor, model, index)


class EvaluationPage(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = EvaluationGridModel(self)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("evalUnit")
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("evalYear")
        self.year_spin.setRange(1990, 2200)
        self.year_spin.setValue(dt.date.today().year)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("evalTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(_EvaluationDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((210, 150, 230, 130, 140)):
            self.table.horizontalHeader().resizeSection(col, width)
        empty_hint(self.table, lambda: (
            "Chưa có cán bộ nào — nhập danh sách cán bộ trước (Tệp → Nhập danh sách cán bộ từ Excel…, Ctrl+I)."
            if self.unit_combo.count() == 0 else
            "Đơn vị này không có cán bộ đang công tác — chọn đơn vị khác."))
        # the collective's own xếp loại and its rank in its cụm/khối (TTLĐXS, Cờ thi đua read them)
        self.unit_xl = fit_combo(QComboBox())
        self.unit_xl.setObjectName("unitXepLoai")
        self.unit_xl.addItem("— chưa xếp loại —", None)
        for code, label in XEP_LOAI.items():
            self.unit_xl.addItem(label, code)
        self.unit_rank = QSpinBox()
        self.unit_rank.setObjectName("unitRank")
        self.unit_rank.setRange(0, 999)
        self.unit_rank.setSpecialValueText("chưa có")
        self.unit_rank.setToolTip("Thứ hạng của đơn vị trong cụm, khối thi đua (1 = dẫn đầu)")
        self.unit_box = QGroupBox()
        unit_form = QHBoxLayout(self.unit_box)
        unit_form.addWidget(QLabel("&Xếp loại tập thể:", buddy=self.unit_xl))
        unit_form.addWidget(self.unit_xl)
        unit_form.addWidget(QLabel("Xếp hạng trong &cụm, khối:", buddy=self.unit_rank))
        unit_form.addWidget(self.unit_rank)
        unit_form.addStretch()
        self._unit_saved: UnitEvaluation | None = None
        self.status = QLabel()
        self.actions, buttons = action_buttons(self, "eval", (
            ("save", "&Lưu", QKeySequence.StandardKey.Save, self.save),
            ("paste", "&Dán từ Excel", QKeySequence.StandardKey.Paste, self.paste),
            ("fill", "Điền “Hoàn thành tốt” cho dòng chọn", QKeySequence("Ctrl+Shift+H"), self.fill_selected),
            ("discard", "Bỏ thay đổi", QKeySequence("Ctrl+Shift+Z"), self.discard),
        ))
        top = QHBoxLayout()
        top.addWidget(QLabel("Đơn vị:"))
        top.addWidget(self.unit_combo, 1)
        top.addWidget(QLabel("Năm:"))
        top.addWidget(self.year_spin)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.unit_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._shown = (None, None)
        self.unit_xl.currentIndexChanged.connect(self._update_status)
        self.unit_rank.valueChanged.connect(self._update_status)
        self.unit_combo.currentIndexChanged.connect(self._choice_changed)
        self.year_spin.valueChanged.connect(self._choice_changed)
        self.model.dataChanged.connect(self._update_status)

    @property
    def db(self):
        return self.window.db

    def reload(self) -> None:
        current = self.unit_combo.currentData()
        units = records.list_units(self.db)
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for u in units:
            self.unit_combo.addItem(u.ten, u.id)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(current), 0))
        self.unit_combo.blockSignals(False)
        self._load()

    def _load(self) -> None:
        unit, year = self.unit_combo.currentData(), self.year_spin.value()
        people = [r for r in records.list_staff_rows(self.db) if r["unit_id"] == unit and r["dang_cong_tac"]]
        self.model.load(people, year, merit.evaluations_for_year(self.db, year))
        self._unit_saved = merit.unit_evaluation(self.db, unit, year) if unit is not None else None
        saved = self._unit_saved or UnitEvaluation(unit or 0, year)
        for widget, setter in ((self.unit_xl, lambda: self.unit_xl.setCurrentIndex(
                max(self.unit_xl.findData(saved.xep_loai), 0))), (self.unit_rank, lambda: self.unit_rank.setValue(
                saved.xep_hang_cum or 0))):
            widget.blockSignals(True)
            setter()
            widget.blockSignals(False)
        self.unit_box.setTitle(f"Tập thể {self.unit_combo.currentText()} năm {year}")
        self.unit_box.setEnabled(unit is not None)
        # a khối kept in the Khối thi đua tab gives the rank (one way): shown, not typed
        fed = khoi_store.fed_units(self.db).get((unit, year)) if unit is not None else None
        self.unit_rank.setEnabled(fed is None)
        self.unit_rank.setToolTip(f"Theo kết quả chấm điểm của {fed} (tab Khối thi đua)" if fed else
                                  "Thứ hạng của đơn vị trong cụm, khối thi đua (1 = dẫn đầu)")
        self._shown = (unit, year)
        self._update_status()

    def unit_change(self) -> UnitEvaluation | None:
        """The collective's xếp loại and rank as typed, when they differ from the saved ones."""
        unit, year = self._shown
        if unit is None:
            return None
        saved = self._unit_saved or UnitEvaluation(unit, year)
        typed = dataclasses.replace(saved, xep_loai=self.unit_xl.currentData(),
                                    xep_hang_cum=self.unit_rank.value() or None)
        return None if typed == saved else typed

    def pending(self) -> int:
        return len(self.model.changed()) + (self.unit_change() is not None)

    def unsaved_work(self) -> str:
        """What closing the window would lose, in words ("" when nothing)."""
        n = self.pending()
        return f"{n} dòng xếp loại của {self.unit_combo.currentText()} năm {self._shown[1]}" if n else ""

    def _choice_changed(self, *_args) -> None:
        if self.pending() and not confirm(
            self, "Chưa lưu", f"Có {self.pending()} dòng xếp loại chưa lưu. Bỏ các thay đổi này?"
        ):
            unit, year = self._shown
            for widget, setter, value in ((self.unit_combo, None, unit), (self.year_spin, self.year_spin.setValue, year)):
                widget.blockSignals(True)
                if setter is None:
                    widget.setCurrentIndex(max(widget.findData(value), 0))
                else:
                    setter(value)
                widget.blockSignals(False)
            return
        self._load()

    def _update_status(self, *_args) -> None:
        pending = self.pending()
        rated = sum(1 for v in self.model.values.values() if v.xep_loai)
        text = f"{len(self.model.people)} người, {rated} đã xếp loại năm {self.model.year}"
        self.status.setText(text + (f" — {pending} dòng chưa lưu (Ctrl+S)" if pending else ""))
        self.actions["save"].setEnabled(bool(pending))
        self.actions["discard"].setEnabled(bool(pending))

    def paste(self, text: str | None = None) -> None:
        """Paste cells copied from Excel (tab- and line-separated) from the current
        cell on: xếp loại may be written out or abbreviated ("Hoàn thành tốt
        nhiệm vụ", "HTTNV", "HT tốt NV"); a value the grid refuses is counted."""
        from ...services.imports.vocab import vocabulary_for

        text = QApplication.clipboard().text() if text is None else text
        current = self.table.currentIndex()
        if not text.strip() or not current.isValid():
            return
        words = vocabulary_for(self.db).xep_loai
        xep_loai_col = [f for f, _ in GRID_COLUMNS].index("xep_loai")
        pasted = refused = 0
        for i, line in enumerate(text.rstrip("\r\n").splitlines()):
            for j, cell in enumerate(line.split("\t")):
                index = self.model.index(current.row() + i, current.column() + j)
                if not index.isValid() or GRID_COLUMNS[index.column()][0] not in EDITABLE:
                    continue
                value = cell.strip()
                if index.column() == xep_loai_col and value:
                    value = words.match(value) or "?"
                if self.model.setData(index, value):
                    pasted += 1
                else:
                    refused += 1
        note = f"Đã dán {pasted} ô" + (f", {refused} ô không hợp lệ bị bỏ qua" if refused else "")
        self.window.statusBar().showMessage(note + ". Nhấn Ctrl+S để lưu.", 8000)

    def fill_selected(self) -> None:
        column = [f for f, _ in GRID_COLUMNS].index("xep_loai")
        for index in self.table.selectionModel().selectedRows():
            self.model.setData(self.model.index(index.row(), column), "HTTNV")

    def discard(self) -> None:
        self._load()

    def save(self) -> None:
        changes, unit_change = self.model.changed(), self.unit_change()
        if not changes and unit_change is None:
            return

        def write():
            with self.db.atomic():
                merit.save_evaluations(self.db, changes)
                if unit_change is not None:
                    merit.save_unit_evaluations(self.db, [unit_change])

        if self.window.perform(write):
            what = [f"{len(changes)} người"] if changes else []
            what += ["tập thể"] if unit_change is not None else []
            self.window.did_change(f"lưu xếp loại của {' và '.join(what)}")
            self._load()
