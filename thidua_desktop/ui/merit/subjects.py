"""Picking whom a record is about: people (and units) of the agency by typing."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain import vntext
from ...store import records


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
