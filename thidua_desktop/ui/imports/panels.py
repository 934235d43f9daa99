"""The preview page's two panels: who an unmatched row is (a searchable list of
people and units), and how to read a value the vocabulary does not know."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ...domain import vntext
from ...services.imports.records import VALUE_FIELDS
from ...services.imports.sheet import date_label

if TYPE_CHECKING:
    from .preview import PreviewPage


@dataclass
class _Choices:
    """Everyone a row can be assigned to, built once per wizard."""
    model: QStandardItemModel
    fixed_rows: int = 0  # rows on top for the current row (candidates, "skip")
    labels: dict[tuple[str, int], str] = field(default_factory=dict)


KEY_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


class ResolvePanel(QGroupBox):
    """Pick who an unmatched row is: search (accents optional), choose, apply."""

    def __init__(self, page: PreviewPage):
        super().__init__("Chọn người hoặc đơn vị cho dòng chưa xác định")
        self.page = page
        self.setObjectName("importResolvePanel")
        self.row = None
        self.choices: _Choices | None = None
        self.info = QLabel("Chọn một dòng “Chưa xác định” trong bảng.")
        self.info.setObjectName("importResolveInfo")
        self.info.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("importResolveSearch")
        self.search.setPlaceholderText("Gõ tên để tìm (có hoặc không dấu)…")
        self.search.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.combo = QComboBox()
        self.combo.setObjectName("importResolveChoice")
        self.combo.setModel(self.proxy)
        self.combo.setMinimumContentsLength(40)
        self.combo.setMaxVisibleItems(20)
        self.apply_button = QPushButton("&Dùng người/đơn vị này")
        self.apply_button.setObjectName("importResolve")
        self.apply_button.clicked.connect(self.apply)
        self.search.textChanged.connect(self._filter)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tìm:"))
        row.addWidget(self.search, 1)
        row.addWidget(self.combo, 2)
        row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(row)
        self.set_row(None)

    def _build(self) -> _Choices:
        """Units (if allowed) and every person, sorted the Vietnamese way."""
        db, kinds = self.page.w.db, self.page.w.importer.resolve_kinds
        model = QStandardItemModel(self)
        choices = _Choices(model)
        items = []
        if "unit" in kinds:
            for uid, ten in db.execute("SELECT id, ten FROM units"):
                items.append((vntext.collation_key(ten), f"Đơn vị: {ten}", ("unit", uid), ten))
        if "staff" in kinds:
            for sid, name, born, unit in db.execute(
                "SELECT s.id, s.ho_ten, s.ngay_sinh, coalesce(u.ten, '') FROM staff s "
                "LEFT JOIN units u ON u.id = s.unit_id"
            ):
                label = f"{name} ({date_label(born)})" + (f" — {unit}" if unit else "")
                items.append(((vntext.name_sort_key(name), born or ""), label, ("staff", sid),
                              f"{name} {date_label(born)} {unit}"))
        items.sort(key=lambda it: (it[2][0] == "staff", it[0]))
        for _sort, label, key, search in items:
            item = QStandardItem(label)
            item.setData(key, KEY_ROLE)
            item.setData(vntext.search_key(search), SEARCH_ROLE)
            model.appendRow(item)
            choices.labels[key] = label
        self.proxy.setSourceModel(model)
        return choices

    def set_row(self, row) -> None:
        """Show the choices for ``row`` (a plan row), or disable the panel."""
        self.row = row
        enabled = row is not None and row.resolvable
        for widget in (self.search, self.combo, self.apply_button):
            widget.setEnabled(enabled)
        if not enabled:
            self.info.setText("Chọn một dòng “Chưa xác định” trong bảng để chọn người hoặc đơn vị.")
            return
        if self.choices is None:
            self.choices = self._build()
        model = self.choices.model
        model.removeRows(0, self.choices.fixed_rows)
        top = [("— Bỏ qua dòng này (không nhập) —", ("skip", 0))]
        top += [(f"★ {c.label}" if c.kind == "staff" else f"★ Đơn vị: {c.label}", c.key) for c in row.candidates]
        for i, (label, key) in enumerate(top):
            item = QStandardItem(label)
            item.setData(key, KEY_ROLE)
            item.setData("", SEARCH_ROLE)  # always shown while the search is empty
            model.insertRow(i, item)
        self.choices.fixed_rows = len(top)
        self.info.setText(f"Dòng {row.excel_row}: {row.reason}")
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._filter("")
        self.combo.setCurrentIndex(1 if row.candidates else 0)

    def _filter(self, text: str) -> None:
        """Keep the entries whose words start with every word typed, accents optional."""
        words = vntext.search_key(text).split()
        pattern = "".join(rf"(?=.*\b{re.escape(w)})" for w in words)
        self.proxy.setFilterRegularExpression(QRegularExpression(pattern))
        if self.combo.count() and (words or self.combo.currentIndex() < 0):
            self.combo.setCurrentIndex(0)

    def choose(self, key: tuple[str, int]) -> bool:
        """Select ``key`` in the list (for tests and keyboard users)."""
        for i in range(self.combo.count()):
            if tuple(self.combo.itemData(i, KEY_ROLE)) == tuple(key):
                self.combo.setCurrentIndex(i)
                return True
        return False

    def apply(self) -> None:
        if self.row is None or self.combo.currentIndex() < 0:
            return
        key = tuple(self.combo.currentData(KEY_ROLE))
        self.page.resolve(self.row.excel_row, key)  # type: ignore[arg-type]


class ValuePanel(QGroupBox):
    """Read a value the vocabulary does not know ("HTXS NV") as a code: every row
    with that text, in this import; remembered for later imports when asked."""

    def __init__(self, page: PreviewPage):
        super().__init__("Giá trị chưa nhận ra")
        self.page = page
        self.setObjectName("importValuePanel")
        self.values: list = []
        self.info = QLabel()
        self.info.setObjectName("importValueInfo")
        self.info.setWordWrap(True)
        self.value_combo = QComboBox()
        self.value_combo.setObjectName("importValue")
        self.value_combo.setMinimumContentsLength(30)
        self.value_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.code_combo = QComboBox()
        self.code_combo.setObjectName("importValueCode")
        self.remember = QCheckBox("Gh&i nhớ cho các lần nhập sau")
        self.remember.setObjectName("importValueRemember")
        self.remember.setToolTip("Thêm cách đọc này vào từ điển của người dùng (trong thư mục dữ liệu) khi bấm Nhập")
        self.apply_button = QPushButton("Đọ&c là giá trị này")
        self.apply_button.setObjectName("importValueApply")
        self.apply_button.clicked.connect(self.apply)
        self.value_combo.currentIndexChanged.connect(self._value_changed)
        row = QHBoxLayout()
        value_label = QLabel("&Giá trị:")
        value_label.setBuddy(self.value_combo)
        row.addWidget(value_label)
        row.addWidget(self.value_combo, 2)
        code_label = QLabel("đọc &là:")
        code_label.setBuddy(self.code_combo)
        row.addWidget(code_label)
        row.addWidget(self.code_combo, 2)
        row.addWidget(self.remember)
        row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(row)
        self._vocab = None

    def vocab(self):
        if self._vocab is None:
            from ...services.imports.vocab import vocabulary_for

            self._vocab = vocabulary_for(self.page.w.db)
        return self._vocab

    def show_values(self, values: list) -> None:
        """The plan's unknown values (``RecordPlan.unknown_values()``); hidden when none."""
        self.values = list(values)
        self.setVisible(bool(self.values))
        self.value_combo.blockSignals(True)
        self.value_combo.clear()
        for v in self.values:
            rows = ", ".join(map(str, v.rows[:8])) + (", …" if len(v.rows) > 8 else "")
            self.value_combo.addItem(f"“{v.text}” — {VALUE_FIELDS[v.field]} (dòng {rows})")
        self.value_combo.blockSignals(False)
        n = sum(len(v.rows) for v in self.values)
        self.info.setText(
            f"{len(self.values)} giá trị không có trong từ điển ({n} dòng). Chọn giá trị, chọn cách đọc đúng rồi "
            "bấm “Đọc là giá trị này”: mọi dòng có giá trị đó được đọc như vậy." if self.values else "")
        self._value_changed()

    def select(self, field_name: str, text: str) -> bool:
        """Show the value ``text`` of ``field_name`` (for the row selected in the table, and tests)."""
        from ...services.imports.records import value_key

        for i, v in enumerate(self.values):
            if v.key == (field_name, value_key(text)):
                self.value_combo.setCurrentIndex(i)
                return True
        return False

    def choose(self, code: str) -> bool:
        i = self.code_combo.findData(code)
        if i >= 0:
            self.code_combo.setCurrentIndex(i)
        return i >= 0

    def _value_changed(self, *_args) -> None:
        from ...services.imports.records import field_choices

        self.code_combo.clear()
        i = self.value_combo.currentIndex()
        enabled = 0 <= i < len(self.values)
        for widget in (self.code_combo, self.apply_button, self.remember):
            widget.setEnabled(enabled)
        if not enabled:
            return
        self.code_combo.addItem("— chọn —", None)
        for code, name in field_choices(self.vocab(), self.values[i].field).items():
            self.code_combo.addItem(f"{name} ({code})" if name != code else code, code)

    def apply(self) -> None:
        i = self.value_combo.currentIndex()
        code = self.code_combo.currentData()
        if not (0 <= i < len(self.values)):
            return
        if code is None:
            self.page.message.setText("Chọn cách đọc cho giá trị này.")
            return
        self.page.map_value(self.values[i], code, remember=self.remember.isChecked())
