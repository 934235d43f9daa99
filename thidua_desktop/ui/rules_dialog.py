"""Sửa → Danh hiệu và quy tắc thi đua: the rule sets, their legal basis, which one
is in force for a year; copy a set and edit its numbers and catalogue rows.

Built-in sets (shipped in ``resources/rules``) are read-only; the user's
copies live in the data file. Every edit goes through the domain's
``with_params`` / ``with_title``, which validate like a file, so an invalid
number is refused with a Vietnamese message and nothing is saved.
"""
from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.rulesets import (
    PARAM_SPECS,
    RuleSet,
    RuleSetError,
    Scope,
    copy_ruleset,
    ruleset_to_dict,
    with_params,
    with_title,
)
from ..domain.titles import SUBJECTS
from ..store import records, rules
from ..store.db import StoreError
from .widgets import confirm, fit_to_screen

TITLE_COLUMNS = ("Mã", "Tên", "Đối tượng", "Bỏ phiếu", "Ngưỡng (%)", "Chỉ tiêu (JSON)")
EDITABLE_TITLE_COLUMNS = {4: "vote_threshold_pct", 5: "quota"}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _parse(text: str):
    text = text.strip()
    if text == "":
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


class RulesDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Danh hiệu và quy tắc thi đua")
        self.rulesets: list[RuleSet] = []
        self.list = QListWidget()
        self.list.setObjectName("rulesList")
        self.list.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setRange(2000, 2200)
        self.year.setValue(dt.date.today().year)
        self.in_force = QLabel()
        self.in_force.setWordWrap(True)
        self.basis = QPlainTextEdit()
        self.basis.setReadOnly(True)
        self.params = QTableWidget(0, 2)
        self.params.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.params.setObjectName("rulesParams")
        self.params.setHorizontalHeaderLabels(["Tham số", "Giá trị"])
        self.params.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.titles = QTableWidget(0, len(TITLE_COLUMNS))
        self.titles.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.titles.setObjectName("rulesTitles")
        self.titles.setHorizontalHeaderLabels(TITLE_COLUMNS)
        self.titles.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        details = QTabWidget()
        details.addTab(self.basis, "Căn cứ pháp lý")
        details.addTab(self.params, "Tham số")
        details.addTab(self.titles, "Danh hiệu, hình thức")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Các bộ quy tắc</b>"))
        left_layout.addWidget(self.list, 1)
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("Năm xét:"))
        year_row.addWidget(self.year)
        left_layout.addLayout(year_row)
        left_layout.addWidget(self.in_force)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(details)
        splitter.setSizes([330, 700])
        self.copy_button = QPushButton("Sao &chép để sửa…")
        self.save_button = QPushButton("&Lưu thay đổi")
        self.delete_button = QPushButton("&Xóa bộ quy tắc")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        for b in (self.copy_button, self.save_button, self.delete_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1100, 640)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        self.copy_button.clicked.connect(self.copy_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.list.currentRowChanged.connect(self._show)
        self.year.valueChanged.connect(self._update_in_force)
        self.reload()

    @property
    def db(self):
        return self.window.db

    # --- showing --------------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        self.rulesets = rules.all_rulesets(self.db)
        self.list.clear()
        for rs in self.rulesets:
            tag = " (có sẵn)" if rs.builtin else ""
            item = QListWidgetItem(f"{rs.name}{tag}\n{rs.scope.label} — từ {rs.effective_from:%d/%m/%Y}")
            item.setData(Qt.ItemDataRole.UserRole, rs.id)
            self.list.addItem(item)
        ids = [rs.id for rs in self.rulesets]
        self.list.setCurrentRow(ids.index(select_id) if select_id in ids else 0)
        self._update_in_force()

    def current(self) -> RuleSet | None:
        row = self.list.currentRow()
        return self.rulesets[row] if 0 <= row < len(self.rulesets) else None

    def _update_in_force(self, *_args) -> None:
        try:
            rs = rules.ruleset_for_year(self.db, self.year.value())
            self.in_force.setText(f"Áp dụng cho năm {self.year.value()}: <b>{rs.name}</b>")
        except StoreError as exc:
            self.in_force.setText(str(exc))

    def _show(self, *_args) -> None:
        rs = self.current()
        self.message.clear()
        if rs is None:
            return
        self.basis.setPlainText("\n".join(
            [f"{rs.name} — {rs.scope.label}, hiệu lực từ {rs.effective_from:%d/%m/%Y}", "",
             "Căn cứ pháp lý:", *[f"• {b}" for b in rs.legal_basis], "", "Ghi chú:", *[f"• {n}" for n in rs.notes]]
        ))
        data = ruleset_to_dict(rs)
        editable = not rs.builtin
        flags_ro = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        self.params.setRowCount(len(PARAM_SPECS))
        for i, spec in enumerate(PARAM_SPECS):
            label = QTableWidgetItem(spec.label)
            label.setFlags(flags_ro)
            label.setData(Qt.ItemDataRole.UserRole, spec.name)
            value = QTableWidgetItem(_json(data["params"][spec.name]))
            if not editable:
                value.setFlags(flags_ro)
            self.params.setItem(i, 0, label)
            self.params.setItem(i, 1, value)
        self.titles.setRowCount(len(rs.titles))
        for i, (t, raw) in enumerate(zip(rs.titles, data["titles"])):
            values = [t.code, t.name, ", ".join(SUBJECTS.get(s, s) for s in t.subjects),
                      "Có" if t.council_vote else "Không", _json(raw["vote_threshold_pct"]) if raw["vote_threshold_pct"]
                      is not None else "", _json(raw["quota"]) if raw["quota"] else ""]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if not (editable and c in EDITABLE_TITLE_COLUMNS):
                    item.setFlags(flags_ro)
                self.titles.setItem(i, c, item)
        self.titles.resizeColumnToContents(0)
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.params.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if editable
                                    else QAbstractItemView.EditTrigger.NoEditTriggers)

    # --- actions ----------------------------------------------------------------------
    def copy_selected(self) -> None:
        rs = self.current()
        if rs is None:
            return
        settings = records.get_settings(self.db)
        name, ok = QInputDialog.getText(self, "Sao chép bộ quy tắc", "Tên bộ quy tắc mới:",
                                        text=f"Quy định của {settings.co_quan or 'cơ quan'} (sửa từ {rs.name})")
        if not ok:
            return
        scopes = [("agency", settings.co_quan), ("province", settings.dia_danh), ("national", "")]
        labels = [Scope(k, n).label for k, n in scopes if k == "national" or n]
        choice, ok = QInputDialog.getItem(self, "Phạm vi áp dụng", "Áp dụng cho:", labels, 0, False)
        if not ok:
            return
        kind, scope_name = next((k, n) for k, n in scopes if Scope(k, n).label == choice)
        try:
            copy = copy_ruleset(rs, name, Scope(kind, scope_name))
            ids = {r.id for r in self.rulesets}
            base_id, n = copy.id, 2
            while copy.id in ids:
                copy = copy_ruleset(rs, name, Scope(kind, scope_name), new_id=f"{base_id}-{n}")
                n += 1
        except RuleSetError as exc:
            self.message.setText("; ".join(exc.errors))
            return
        if self.window.perform(lambda: rules.save_ruleset(self.db, copy)):
            self.window.did_change("sao chép bộ quy tắc")
            self.reload(copy.id)

    def edited(self) -> RuleSet:
        """The selected set with the values in the tables (validated by the domain)."""
        rs = self.current()
        data = ruleset_to_dict(rs)
        changes = {}
        for i, spec in enumerate(PARAM_SPECS):
            value = _parse(self.params.item(i, 1).text())
            if value != data["params"][spec.name]:
                changes[spec.name] = value
        if changes:
            rs = with_params(rs, **changes)
        for i, raw in enumerate(data["titles"]):
            title_changes = {}
            for col, key in EDITABLE_TITLE_COLUMNS.items():
                value = _parse(self.titles.item(i, col).text())
                if value != raw[key]:
                    title_changes[key] = value
            if title_changes:
                rs = with_title(rs, raw["code"], **title_changes)
        return rs

    def save_selected(self) -> None:
        before = self.current()
        if before is None or before.builtin:
            return
        try:
            after = self.edited()
        except RuleSetError as exc:
            self.message.setText("Chưa lưu: " + "; ".join(exc.errors))
            return
        if self.window.perform(lambda: rules.save_ruleset(self.db, after)):
            self.window.did_change(f"sửa bộ quy tắc “{after.name}”")
            self.message.clear()
            self.reload(after.id)

    def delete_selected(self) -> None:
        rs = self.current()
        if rs is None or rs.builtin or not confirm(self, "Xóa bộ quy tắc", f"Xóa bộ quy tắc “{rs.name}”?"):
            return
        if self.window.perform(lambda: rules.delete_ruleset(self.db, rs.id)):
            self.window.did_change(f"xóa bộ quy tắc “{rs.name}”")
            self.reload()
