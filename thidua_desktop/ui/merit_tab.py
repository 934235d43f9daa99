"""Tab “Hồ sơ thi đua”: the yearly xếp loại of a unit entered in a grid, and the
award history (lịch sử khen thưởng) of the agency."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain import vntext
from ..domain.dates import DateError, parse_full_date
from ..domain.eligibility import REVIEW_KINDS
from ..domain.registrations import (
    AWARD_SOURCES,
    AwardEntry,
    DisciplineEntry,
    Evaluation,
    InitiativeEntry,
    ReviewEntry,
    UnitEvaluation,
)
from ..domain.titles import DISCIPLINE_FORMS, INITIATIVE_LEVELS, XEP_LOAI
from ..store import merit, records, rules
from ..store.db import StoreError
from ..store.records import ValidationError
from ..store.rules import ruleset_for_year
from .fast_table import FastFilterProxy, FastTableModel
from .widgets import EntryDialog, action_buttons, confirm, empty_hint, fit_combo

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
        from ..services.imports.vocab import vocabulary_for

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


class HistoryModel(FastTableModel):
    COLUMNS = (("ten", "Cá nhân / tập thể"), ("don_vi", "Đơn vị"), ("nam", "Năm"), ("danh_hieu", "Danh hiệu, hình thức"),
               ("so_quyet_dinh", "Số quyết định"), ("ngay", "Ngày quyết định"), ("nguon", "Nguồn"))
    NAME_FIELDS = frozenset({"ten"})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title_names: dict[str, str] = {}

    def display(self, row, field):
        if field == "danh_hieu":
            return self.title_names.get(row["ma"], row["ma"])
        if field == "ngay":
            return dt.date.fromisoformat(row["ngay_quyet_dinh"]).strftime("%d/%m/%Y") if row["ngay_quyet_dinh"] else ""
        if field == "nguon":
            return AWARD_SOURCES.get(row["nguon"], row["nguon"])
        return super().display(row, field)

    def row_search_key(self, row) -> str:
        key = vntext.search_key_cached
        return (f"{row['ten_key'] or ''} {key(row['don_vi'] or '')} {row['nam']} "
                f"{key(self.display(row, 'danh_hieu'))} {key(row['so_quyet_dinh'] or '')}")

    FACETS = ("nam", "ma")

    def facets(self, row):
        return {"nam": row["nam"], "ma": row["ma"]}

    def sort_key(self, row, field):
        if field == "nam":
            return row["nam"]
        return super().sort_key(row, field)


class HistoryPage(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = HistoryModel(self)
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên, đơn vị, năm, danh hiệu, số quyết định — gõ không dấu cũng được")
        self.search.textChanged.connect(self._search)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("historyTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((200, 200, 60, 220, 120, 110)):
            self.table.horizontalHeader().resizeSection(col, width)
        empty_hint(self.table, "Chưa có khen thưởng nào — bấm Thêm…, hoặc Tệp → Nhập lịch sử khen thưởng "
                               "từ Excel… để nhập các năm trước.")
        self.count = QLabel()
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.actions, buttons = action_buttons(self, "history", (
            ("add", "T&hêm…", QKeySequence.StandardKey.New, self.add),
            ("edit", "&Sửa…", QKeySequence(Qt.Key.Key_F2), self.edit_selected),
            ("delete", "&Xóa", QKeySequence.StandardKey.Delete, self.delete_selected),
        ))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tìm:"))
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)

    def reload(self) -> None:
        rows = merit.award_rows(self.window.db)
        years = {r["nam"] for r in rows}
        names: dict[str, str] = {}
        for year in sorted(years):
            try:
                names.update({t.code: t.name for t in ruleset_for_year(self.window.db, year).titles})
            except StoreError:
                continue
        self.model.title_names = names
        self.model.load(rows)
        self._update_count()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def add(self) -> None:
        dialog = AwardDialog(self, self.window.db)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("thêm lịch sử khen thưởng")
            self.window.reload_all()

    def edit_selected(self) -> None:
        ids = self.proxy.ids([self.table.currentIndex().row()]) if self.table.currentIndex().isValid() else []
        before = next((a for a in merit.awards_all(self.window.db) if ids and a.id == ids[0]), None)
        if before is None:
            return
        dialog = AwardDialog(self, self.window.db, before)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("sửa lịch sử khen thưởng")
            self.window.reload_all()

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = self.proxy.ids(rows)
        if not ids or not confirm(self, "Xóa lịch sử khen thưởng", f"Xóa {len(ids)} dòng lịch sử khen thưởng đã chọn?"):
            return
        if self.window.perform(lambda: merit.delete_rows(self.window.db, "awards", ids)):
            self.window.did_change(f"xóa {len(ids)} dòng lịch sử khen thưởng")
            self.window.reload_all()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} / {self.model.rowCount()} dòng lịch sử khen thưởng")


class SubjectPicker(QWidget):
    """Find people (and units) by typing without accents; pick one or several."""

    def __init__(self, db, *, units: bool = True, multiple: bool = False):
        super().__init__()
        people = [("staff", r["id"], f"{r['ho_ten']} — {r['unit_ten'] or 'chưa xếp đơn vị'}", r["ten_key"])
                  for r in records.list_staff_rows(db) if r["dang_cong_tac"]]
        people.sort(key=lambda e: vntext.name_sort_key(e[2].split(" — ")[0]))
        entries = people + ([("unit", u.id, f"{u.ten} (tập thể)", vntext.search_key(u.ten))
                             for u in records.list_units(db)] if units else [])
        self.entries = [(kind, i, label, f"{key} {vntext.search_key(label)}") for kind, i, label, key in entries]
        self._filling = False
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText("Gõ tên để tìm (không dấu cũng được)")
        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        if multiple:
            self.list.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.multiple = multiple
        self._chosen: dict[tuple[str, int], None] = {}  # kept while the search text changes
        self.search.textChanged.connect(self._fill)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self._fill("")

    def _selection_changed(self) -> None:
        if self._filling:
            return
        if not self.multiple:
            self._chosen.clear()
        for i in range(self.list.count()):
            item = self.list.item(i)
            key = tuple(item.data(Qt.ItemDataRole.UserRole))
            if item.isSelected():
                self._chosen[key] = None
            else:
                self._chosen.pop(key, None)

    def preselect(self, keys: list[tuple[str, int]]) -> None:
        """Start with these chosen (editing a saved line); they are listed first."""
        self._chosen = dict.fromkeys(keys)
        self._fill(self.search.text())

    def _fill(self, text: str) -> None:
        self._filling = True
        chosen = set(self._chosen)
        needles = vntext.search_key(text).split()
        self.list.clear()
        shown = 0
        ordered = [e for e in self.entries if (e[0], e[1]) in chosen] + [
            e for e in self.entries if (e[0], e[1]) not in chosen]
        for kind, row_id, label, key in ordered:
            if needles and not all(n in key for n in needles):
                continue
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, (kind, row_id))
            self.list.addItem(item)
            item.setSelected((kind, row_id) in chosen)
            shown += 1
            if shown >= 300:  # typing narrows it down
                break
        self._filling = False

    def chosen(self) -> list[tuple[str, int]]:
        return list(self._chosen)


class AwardDialog(EntryDialog):
    """Thêm một dòng lịch sử khen thưởng (a past award typed by hand)."""

    def __init__(self, parent, db, entry: AwardEntry | None = None):
        super().__init__(parent, "Sửa lịch sử khen thưởng" if entry else "Thêm lịch sử khen thưởng")
        self.db = db
        self.original = entry
        self.picker = SubjectPicker(db)
        self.year = QSpinBox()
        self.year.setObjectName("awardYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(dt.date.today().year - 1)
        self.title = fit_combo(QComboBox())
        self.title.setObjectName("awardTitle")
        self.number = QLineEdit()
        self.number.setObjectName("awardNumber")
        self.number.setPlaceholderText("ví dụ 125/QĐ-UBND")
        self.date = QLineEdit()
        self.date.setObjectName("awardDate")
        self.date.setPlaceholderText("dd/mm/yyyy")
        form = QFormLayout()
        form.addRow("&Năm được khen:", self.year)
        form.addRow("&Danh hiệu, hình thức:", self.title)
        form.addRow("Số &quyết định:", self.number)
        form.addRow("Ngày quyết định:", self.date)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Cá nhân hoặc tập thể:"))
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.year.valueChanged.connect(self._titles)
        if entry is not None:
            self.picker.preselect([("staff", entry.staff_id) if entry.staff_id is not None else ("unit", entry.unit_id)])
            self.year.setValue(entry.nam)
        self._titles()
        if entry is not None:
            self.title.setCurrentIndex(max(self.title.findData(entry.ma), 0))
            self.number.setText(entry.so_quyet_dinh)
            self.date.setText(entry.ngay_quyet_dinh.strftime("%d/%m/%Y") if entry.ngay_quyet_dinh else "")

    def _titles(self, *_args) -> None:
        current = self.title.currentData()
        self.title.clear()
        try:
            rs = ruleset_for_year(self.db, self.year.value())
        except StoreError:  # history older than every rule set: its catalogue is the oldest one's
            rs = min(rules.all_rulesets(self.db), key=lambda r: r.effective_from)
        for t in rs.titles:
            self.title.addItem(t.name, t.code)
        self.title.setCurrentIndex(max(self.title.findData(current), 0))

    def entry(self) -> AwardEntry:
        chosen = self.picker.chosen()
        if not chosen:
            raise ValidationError(["Chưa chọn cá nhân hoặc tập thể"])
        kind, row_id = chosen[0]
        try:
            when = parse_full_date(self.date.text()) if self.date.text().strip() else None
        except DateError as exc:
            raise ValidationError([f"Ngày quyết định: {exc}"]) from exc
        typed = AwardEntry(self.year.value(), self.title.currentData() or "", so_quyet_dinh=self.number.text(),
                           ngay_quyet_dinh=when, staff_id=row_id if kind == "staff" else None,
                           unit_id=row_id if kind == "unit" else None)
        if self.original is None:
            return typed
        # what the dialog does not show (basis, source, note) stays as it was
        return dataclasses.replace(self.original, nam=typed.nam, ma=typed.ma, so_quyet_dinh=typed.so_quyet_dinh,
                                   ngay_quyet_dinh=when, staff_id=typed.staff_id, unit_id=typed.unit_id)

    def save(self) -> None:
        self.try_save(lambda: merit.save_award(self.db, self.entry()))


class InitiativeDialog(EntryDialog):
    """Thêm sáng kiến: tên, năm, một hoặc nhiều tác giả, cấp công nhận, quyết định."""

    def __init__(self, parent, db, entry: InitiativeEntry | None = None):
        super().__init__(parent, "Sửa sáng kiến" if entry else "Thêm sáng kiến")
        self.db = db
        self.original = entry
        self.name = QLineEdit()
        self.name.setObjectName("initiativeName")
        self.year = QSpinBox()
        self.year.setObjectName("initiativeYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(dt.date.today().year)
        self.level = fit_combo(QComboBox())
        self.level.setObjectName("initiativeLevel")
        self.level.addItem("Chưa được công nhận", None)
        for code, label in INITIATIVE_LEVELS.items():
            self.level.addItem(f"Công nhận {label}", code)
        self.number = QLineEdit()
        self.number.setObjectName("initiativeNumber")
        self.authors = SubjectPicker(db, units=False, multiple=True)
        form = QFormLayout()
        form.addRow("&Tên sáng kiến:", self.name)
        form.addRow("&Năm:", self.year)
        form.addRow("&Công nhận:", self.level)
        form.addRow("Số &quyết định:", self.number)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Tác giả (chọn một hoặc nhiều người):"))
        layout.addWidget(self.authors, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if entry is not None:
            self.name.setText(entry.ten)
            self.year.setValue(entry.nam)
            self.level.setCurrentIndex(max(self.level.findData(entry.cap), 0))
            self.number.setText(entry.so_quyet_dinh)
            self.authors.preselect([("staff", sid) for sid in entry.tac_gia])

    def save(self) -> None:
        authors = tuple(i for kind, i in self.authors.chosen() if kind == "staff")
        entry = InitiativeEntry(self.name.text(), self.year.value(), tac_gia=authors,
                                cap=self.level.currentData(), so_quyet_dinh=self.number.text())
        if self.original is not None:  # the fields not shown stay as they were
            entry = dataclasses.replace(self.original, ten=entry.ten, nam=entry.nam, tac_gia=authors,
                                        cap=entry.cap, so_quyet_dinh=entry.so_quyet_dinh)
        self.try_save(lambda: merit.save_initiative(self.db, entry))


class InitiativeModel(FastTableModel):
    COLUMNS = (("ten", "Tên sáng kiến"), ("nam", "Năm"), ("tac_gia", "Tác giả"), ("cap", "Công nhận"),
               ("so_quyet_dinh", "Số quyết định"))

    def display(self, row, field):
        if field == "cap":
            return INITIATIVE_LEVELS.get(row["cap"] or "", "Chưa được công nhận")
        return super().display(row, field)

    def sort_key(self, row, field):
        return row["nam"] if field == "nam" else super().sort_key(row, field)


class InitiativePage(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = InitiativeModel(self)
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("initiativeSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên sáng kiến, tác giả, năm — gõ không dấu cũng được")
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("initiativeTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, width in enumerate((380, 60, 300, 200)):
            self.table.horizontalHeader().resizeSection(c, width)
        empty_hint(self.table, "Chưa có sáng kiến nào — bấm Thêm… để ghi sáng kiến và cấp công nhận.")
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.actions, buttons = action_buttons(self, "initiative", (
            ("add", "T&hêm…", QKeySequence.StandardKey.New, self.add),
            ("edit", "&Sửa…", QKeySequence(Qt.Key.Key_F2), self.edit_selected),
            ("delete", "&Xóa", QKeySequence.StandardKey.Delete, self.delete_selected),
        ))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tìm:"))
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        names = {r["id"]: r["ho_ten"] for r in records.list_staff_rows(self.window.db)}
        rows = [{"id": i.id, "ten": i.ten, "nam": i.nam, "tac_gia": ", ".join(names.get(a, "?") for a in i.tac_gia),
                 "cap": i.cap, "so_quyet_dinh": i.so_quyet_dinh} for i in merit.initiatives_all(self.window.db)]
        self.model.load(rows)

    def add(self) -> None:
        dialog = InitiativeDialog(self, self.window.db)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("thêm sáng kiến")
            self.window.reload_all()

    def edit_selected(self) -> None:
        ids = self.proxy.ids([self.table.currentIndex().row()]) if self.table.currentIndex().isValid() else []
        before = next((i for i in merit.initiatives_all(self.window.db) if ids and i.id == ids[0]), None)
        if before is None:
            return
        dialog = InitiativeDialog(self, self.window.db, before)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change(f"sửa sáng kiến “{before.ten}”")
            self.window.reload_all()

    def delete_selected(self) -> None:
        ids = self.proxy.ids(sorted({i.row() for i in self.table.selectionModel().selectedRows()}))
        if not ids or not confirm(self, "Xóa sáng kiến", f"Xóa {len(ids)} sáng kiến đã chọn?"):
            return
        if self.window.perform(lambda: merit.delete_rows(self.window.db, "initiatives", ids)):
            self.window.did_change(f"xóa {len(ids)} sáng kiến")
            self.window.reload_all()


class DisciplineDialog(EntryDialog):
    """Thêm kỷ luật (``review=False``) or a matter under way (``review=True``)."""

    def __init__(self, parent, db, *, review: bool):
        super().__init__(parent, "Thêm vụ việc đang xem xét" if review else "Thêm kỷ luật", (560, 560))
        self.db, self.review = db, review
        self.picker = SubjectPicker(db)
        self.kind = fit_combo(QComboBox())
        self.kind.setObjectName("disciplineKind")
        for code, label in (REVIEW_KINDS if review else DISCIPLINE_FORMS).items():
            self.kind.addItem(label[:1].upper() + label[1:], code)
        self.since = QLineEdit()
        self.since.setObjectName("disciplineSince")
        self.since.setPlaceholderText("dd/mm/yyyy")
        self.until = QLineEdit()
        self.until.setObjectName("disciplineUntil")
        self.until.setPlaceholderText("dd/mm/yyyy (để trống: tính theo quy định)")
        self.number = QLineEdit()
        self.number.setObjectName("disciplineNumber")
        form = QFormLayout()
        form.addRow("Loại:" if review else "Hình thức:", self.kind)
        form.addRow("Từ ngày:" if review else "Ngày quyết định:", self.since)
        if not review:
            form.addRow("Hết hiệu lực:", self.until)
            form.addRow("Số quyết định:", self.number)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Cá nhân hoặc tập thể:"))
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _date(self, edit: QLineEdit, label: str, *, required: bool):
        text = edit.text().strip()
        if not text:
            if required:
                raise ValidationError([f"Chưa có {label}"])
            return None
        try:
            return parse_full_date(text)
        except DateError as exc:
            raise ValidationError([f"{label[:1].upper() + label[1:]}: {exc}"]) from exc

    def save(self) -> None:
        self.try_save(self._write)

    def _write(self) -> int:
        chosen = self.picker.chosen()
        if not chosen:
            raise ValidationError(["Chưa chọn cá nhân hoặc tập thể"])
        kind, row_id = chosen[0]
        who = {"staff_id": row_id} if kind == "staff" else {"unit_id": row_id}
        if self.review:
            since = self._date(self.since, "ngày bắt đầu", required=False)
            return merit.save_review(self.db, ReviewEntry(self.kind.currentData(), tu_ngay=since, **who))
        entry = DisciplineEntry(self.kind.currentData(), self._date(self.since, "ngày quyết định", required=True),
                                den_ngay=self._date(self.until, "ngày hết hiệu lực", required=False),
                                so_quyet_dinh=self.number.text(), **who)
        return merit.save_discipline(self.db, entry)


class DisciplinePage(QWidget):
    """Kỷ luật and matters under way; a matter blocks every proposal until it is closed."""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.table = QTableWidget(0, 5)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("disciplineTable")
        self.table.setHorizontalHeaderLabels(["Cá nhân / tập thể", "Nội dung", "Từ ngày", "Đến ngày / kết thúc", "Số quyết định / ghi chú"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, width in enumerate((240, 300, 100, 150)):
            self.table.horizontalHeader().resizeSection(c, width)
        empty_hint(self.table, "Không có kỷ luật hay vụ việc nào đang xem xét — khi có, bấm Thêm kỷ luật… "
                               "hoặc Thêm vụ việc đang xem xét… (người đang bị xem xét không được đề nghị khen).")
        self.actions, buttons = action_buttons(self, "discipline", (
            ("add", "Thêm &kỷ luật…", QKeySequence("Ctrl+Shift+K"), lambda: self.add(review=False)),
            ("review", "Thêm vụ việc đang &xem xét…", QKeySequence("Ctrl+Shift+R"), lambda: self.add(review=True)),
            ("close", "Kết thúc &vụ việc", QKeySequence("Ctrl+Shift+F"), self.close_review),
        ))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.rows: list[tuple[str, object]] = []

    def reload(self) -> None:
        db = self.window.db
        names = {("staff", r["id"]): r["ho_ten"] for r in records.list_staff_rows(db)}
        names.update({("unit", u.id): u.ten for u in records.list_units(db)})

        def who(e):
            return names.get(("staff", e.staff_id) if e.staff_id is not None else ("unit", e.unit_id), "?")

        def day(d):
            return d.strftime("%d/%m/%Y") if d else ""

        self.rows = [("review", r) for r in merit.reviews_all(db)] + [("discipline", d) for d in merit.disciplines_all(db)]
        self.table.setRowCount(len(self.rows))
        for i, (kind, e) in enumerate(self.rows):
            if kind == "review":
                values = [who(e), REVIEW_KINDS[e.loai] + ("" if e.ket_thuc else " (đang mở)"), day(e.tu_ngay),
                          day(e.ket_thuc), e.ghi_chu]
            else:
                values = [who(e), f"Kỷ luật: {DISCIPLINE_FORMS[e.hinh_thuc]}", day(e.tu_ngay), day(e.den_ngay),
                          e.so_quyet_dinh]
            for c, text in enumerate(values):
                self.table.setItem(i, c, QTableWidgetItem(text))

    def add(self, *, review: bool) -> None:
        dialog = DisciplineDialog(self, self.window.db, review=review)
        if dialog.exec() and dialog.saved_id is not None:
            self.window.did_change("thêm vụ việc đang xem xét" if review else "thêm kỷ luật")
            self.window.reload_all()

    def close_review(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        open_reviews = [self.rows[r][1] for r in rows if self.rows[r][0] == "review" and not self.rows[r][1].ket_thuc]
        if not open_reviews:
            return
        closed = [dataclasses.replace(e, ket_thuc=dt.date.today()) for e in open_reviews]

        def write(entries):
            with self.window.db.atomic():
                for entry in entries:
                    merit.save_review(self.window.db, entry)

        if self.window.perform(lambda: write(closed)):
            self.window.did_change(f"kết thúc {len(closed)} vụ việc")
            self.window.reload_all()


class MeritTab(QWidget):
    counts_changed = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.evaluations = EvaluationPage(window)
        self.history = HistoryPage(window)
        self.initiatives = InitiativePage(window)
        self.disciplines = DisciplinePage(window)
        self.pages = QTabWidget()
        self.pages.addTab(self.evaluations, "Xếp loại hằng năm")
        self.pages.addTab(self.history, "Lịch sử khen thưởng")
        self.pages.addTab(self.initiatives, "Sáng kiến")
        self.pages.addTab(self.disciplines, "Kỷ luật, vụ việc")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def unsaved_work(self) -> str:
        return self.evaluations.unsaved_work()

    def save_unsaved_work(self) -> bool:
        """Lưu before closing; False when something is still not saved."""
        self.evaluations.save()
        return not self.evaluations.pending()

    def reload(self) -> None:
        self.evaluations.reload()
        self.history.reload()
        self.initiatives.reload()
        self.disciplines.reload()
        self.counts_changed.emit(f"Lịch sử khen thưởng: {self.history.model.rowCount()} dòng")
