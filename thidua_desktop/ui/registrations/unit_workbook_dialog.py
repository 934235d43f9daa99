"""Xem trước một phiếu đăng ký đơn vị gửi lại, dòng theo dòng, trước khi ghi.

Every row of the returned workbook is listed with what importing it would do
(new registrations, unchanged, differs from the data, error, nothing
ticked). Rows where the app has a registration still at "Đăng ký" that the
file leaves blank need a decision — keep the app's registration or remove it
as the file says — row by row or for the selected rows; registrations
further along (Đề nghị, Đạt, Không đạt, in a decision) are listed as kept:
a workbook cannot change them. "Nhập tệp này" is enabled only when the
file has no error row and every such row is decided; nothing is written by
the dialog itself.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ...services.imports.unit_workbooks import STATUS_LABELS, RowStatus, TemplatePlan
from ..fast_table import FastFilterProxy, FastTableModel
from ..widgets import action_buttons, fit_to_screen, table_view

KEEP, TAKE = "keep", "take"
DECISION_LABELS = {KEEP: "Giữ đăng ký", TAKE: "Bỏ theo phiếu", None: "— chưa chọn —"}
_COLOURS = {RowStatus.ERROR: "#fde2e1", RowStatus.CONFLICT: "#fff3cd", RowStatus.NEW: "#e2f0d9",
            RowStatus.LOCKED: "#e7e6f7"}
#: rows shown while "only what changes" is ticked (and those whose blanks the file cannot change)
_CHANGING = frozenset({RowStatus.NEW, RowStatus.CONFLICT, RowStatus.LOCKED, RowStatus.ERROR})


class TemplateRowsModel(FastTableModel):
    COLUMNS = (("excel_row", "Dòng"), ("name", "Họ tên / tập thể"), ("status", "Kết quả"),
               ("what", "Nội dung"), ("decision", "Quyết định"))
    NAME_FIELDS = frozenset({"name"})

    def display(self, row, field):
        if field == "status":
            return STATUS_LABELS[row["status"]]
        if field == "decision":
            return DECISION_LABELS[row["decision"]] if row["status"] is RowStatus.CONFLICT else ""
        return super().display(row, field)

    def sort_key(self, row, field):
        return row["excel_row"] if field == "excel_row" else super().sort_key(row, field)

    FACETS = ("status",)

    def facets(self, row):
        return {"status": row["status"]}

    def role_data(self, row, field, role):
        if role == Qt.ItemDataRole.BackgroundRole and row["status"] in _COLOURS:
            return QBrush(QColor(_COLOURS[row["status"]]))
        if role == Qt.ItemDataRole.ToolTipRole and row["what"]:
            return row["what"]
        return None


def _what(row, title_names: dict[str, str]) -> str:
    if row.status is RowStatus.ERROR:
        return row.reason
    parts = []
    if row.add:
        parts.append("Đăng ký: " + ", ".join(title_names.get(c, c) for c in row.add))
    if row.missing or row.locked:
        parts.append(row.reason)
    if row.note:
        parts.append(f"Ghi chú: {row.note}")
    return "; ".join(parts)


class TemplateImportDialog(QDialog):
    """One returned file: its rows, the decisions, and Nhập / Bỏ qua."""

    def __init__(self, parent, plan: TemplatePlan, title_names: dict[str, str]):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Nhập phiếu đăng ký — {plan.path.name}")
        self.resize(920, 620)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        self.model = TemplateRowsModel(self)
        self.model.load([
            {"id": r.excel_row, "excel_row": r.excel_row, "name": r.name, "status": r.status,
             "what": _what(r, title_names), "decision": None}
            for r in plan.rows
        ])
        self.proxy = FastFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.summary = QLabel()
        self.summary.setObjectName("templateSummary")
        self.summary.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("templateSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên — gõ không dấu cũng được")
        self.search.textChanged.connect(self.proxy.set_search)
        self.only_changes = QCheckBox("Chỉ hiện dòng có thay đổi hoặc lỗi")
        self.only_changes.setObjectName("templateOnlyChanges")
        self.only_changes.toggled.connect(self._filter)
        self.table = table_view("templateRows", self.proxy, (50, 200, 120, 380), sort_column=0)
        self.problem = QLabel()
        self.problem.setObjectName("errorLabel")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.actions, decision_row = action_buttons(self, "template", (
            ("keep", "&Giữ đăng ký (dòng chọn)", QKeySequence("Ctrl+G"), lambda: self.decide(KEEP)),
            ("take", "&Bỏ theo phiếu (dòng chọn)", QKeySequence("Ctrl+B"), lambda: self.decide(TAKE)),
            ("keep_all", "Giữ tất cả", QKeySequence("Ctrl+Shift+G"), lambda: self.decide(KEEP, every=True)),
        ))
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("&Nhập tệp này", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("templateImport")
        skip = self.buttons.addButton("Bỏ &qua tệp này", QDialogButtonBox.ButtonRole.RejectRole)
        skip.setObjectName("templateSkip")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tìm:"))
        top.addWidget(self.search, 1)
        top.addWidget(self.only_changes)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(decision_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for key in ("keep", "take", "keep_all"):
            self.actions[key].setEnabled(bool(plan.conflicts))
        self.only_changes.setChecked(any(r.status in _CHANGING for r in plan.rows))
        self._update()

    # --- what the caller reads ------------------------------------------------------
    @property
    def decisions(self) -> dict[int, str]:
        """Excel row of each conflict → ``keep`` | ``take`` (decided ones only)."""
        return {r["excel_row"]: r["decision"] for r in self.model.rows()
                if r["status"] is RowStatus.CONFLICT and r["decision"] is not None}

    def undecided(self) -> list[int]:
        return [r.excel_row for r in self.plan.conflicts if r.excel_row not in self.decisions]

    # --- actions -------------------------------------------------------------------
    def decide(self, decision: str, *, every: bool = False) -> None:
        if every:
            targets = set(range(len(self.model.rows())))
        else:
            views = [self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()]
            targets = {self.model.storage_index(v) for v in views}
        for i in targets:
            row = self.model.raw_row(i)
            if row["status"] is RowStatus.CONFLICT:
                row["decision"] = decision
        self.model.refresh()
        self._update()

    def _filter(self, only: bool) -> None:
        self.proxy.set_allowed("status", _CHANGING if only else None)

    def _update(self) -> None:
        counts = self.plan.counts()
        parts = [f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in RowStatus if counts[s]]
        unit = f" (đơn vị {html.escape(self.plan.unit_name)})" if self.plan.unit_name else ""
        locked = (f". Đăng ký đã qua bước Đăng ký của {len(self.plan.locked)} dòng được giữ nguyên: phiếu không "
                  "đổi được" if self.plan.locked else "")
        self.summary.setText(f"<b>{html.escape(self.plan.path.name)}</b>{unit} — {len(self.plan.rows)} dòng: "
                             + ", ".join(parts) + locked)
        if self.plan.errors:
            self.problem.setText(f"Tệp có {len(self.plan.errors)} dòng lỗi (tô đỏ). Hãy sửa tệp rồi nhập lại; "
                                 "chưa ghi gì.")
        elif self.undecided():
            self.problem.setText(f"Còn {len(self.undecided())} dòng khác với dữ liệu (tô vàng) chưa chọn "
                                 "giữ hay bỏ.")
        else:
            self.problem.setText("")
        self.import_button.setEnabled(not self.plan.errors and not self.undecided())
