"""Xem → Nhật ký thay đổi: every change, newest first, searchable and filterable, exportable."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ..domain import vntext
from ..store import audit
from ..store.audit_labels import AuditLabels
from .fast_table import FastFilterProxy, FastTableModel
from .widgets import action_buttons, fit_to_screen, table_view

ANY = "__any__"


class AuditModel(FastTableModel):
    COLUMNS = (("thoi_gian", "Thời gian"), ("nguoi_dung", "Người dùng"), ("bang", "Dữ liệu"),
               ("thao_tac", "Thao tác"), ("chi_tiet", "Nội dung thay đổi"))

    def display(self, row, field):
        if field == "thoi_gian":
            return AuditLabels.when(row["thoi_gian"])
        if field == "bang":
            return audit.AUDITED.get(row["bang"], row["bang"])
        if field == "thao_tac":
            return audit.ACTIONS.get(row["thao_tac"], row["thao_tac"])
        return super().display(row, field)

    def sort_key(self, row, field):
        if field == "thoi_gian":
            return (row["thoi_gian"], row["id"])
        return super().sort_key(row, field)

    def row_search_key(self, row) -> str:
        return vntext.search_key(" ".join(self.display(row, f) for f, _ in self.COLUMNS))

    FACETS = ("bang", "thao_tac")

    def facets(self, row):
        return {"bang": row["bang"], "thao_tac": row["thao_tac"]}

    def role_data(self, row, field, role):
        if role == Qt.ItemDataRole.ToolTipRole and field == "chi_tiet":
            return row["chi_tiet"]
        return None


class AuditDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Nhật ký thay đổi")
        self.resize(1100, 640)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        self.model = AuditModel(self)
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("auditSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên, giá trị, người dùng, ngày — gõ không dấu cũng được")
        self.search.textChanged.connect(self._filter)
        self.table_combo = QComboBox()
        self.table_combo.setObjectName("auditTable")
        self.table_combo.addItem("Mọi dữ liệu", ANY)
        for key, label in audit.AUDITED.items():
            self.table_combo.addItem(label, key)
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("auditAction")
        self.action_combo.addItem("Mọi thao tác", ANY)
        for key, label in audit.ACTIONS.items():
            self.action_combo.addItem(label, key)
        for combo in (self.table_combo, self.action_combo):
            combo.currentIndexChanged.connect(self._filter)
        self.view = table_view("auditView", self.proxy, (150, 100, 150, 70), sort_column=0, descending=True)
        self.count = QLabel()
        self.actions, buttons = action_buttons(self, "audit", (
            ("export", "&Xuất ra Excel (các dòng đang hiện)…", QKeySequence("Ctrl+E"), self.export),
        ))
        top = QHBoxLayout()
        top.addWidget(QLabel("&Tìm:", buddy=self.search))
        top.addWidget(self.search, 1)
        top.addWidget(self.table_combo)
        top.addWidget(self.action_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        labels = AuditLabels(self.window.db)
        rows = [dict(r) | {"chi_tiet": labels.describe(r)} for r in audit.entries(self.window.db)]
        self.model.load(rows)
        self._filter()

    def _filter(self, *_args) -> None:
        self.proxy.set_search(self.search.text())
        for facet, combo in (("bang", self.table_combo), ("thao_tac", self.action_combo)):
            value = combo.currentData()
            self.proxy.set_allowed(facet, None if value == ANY else {value})
        self.count.setText(f"{self.proxy.rowCount()} / {self.model.rowCount()} dòng nhật ký")

    def shown_rows(self) -> list[dict]:
        src = self.model
        return [src.raw_row(src.storage_index(self.proxy.mapToSource(self.proxy.index(r, 0)).row()))
                for r in range(self.proxy.rowCount())]

    def export(self) -> None:
        from ..services.documents.audit_xlsx import export_audit

        path, _ = QFileDialog.getSaveFileName(self, "Xuất nhật ký thay đổi", str(Path.home() / "nhat-ky.xlsx"),
                                              "Excel (*.xlsx)")
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        count: list[int] = []
        if self.window.perform(lambda: count.append(export_audit(self.window.db, Path(path), self.shown_rows()))):
            self.count.setText(f"Đã xuất {count[0]} dòng ra {path}")
