"""Đăng ký's two choosers: register many people or units for a title at once, and
Gợi ý (who the rules say may be proposed)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain import vntext
from ...domain.eligibility import BASES
from ...domain.titles import CA_NHAN, TAP_THE
from ...services.eligibility import suggest_candidates
from ...store import records, registrations
from ...store.rules import ruleset_for_year
from .model import ELIGIBILITY_LABELS
from ..widgets import fit_combo, fit_to_screen

#: the data of a filter's “all …” item
ANY = "__any__"


def filled_combo(name: str, items, current=ANY) -> QComboBox:
    """A combo named ``name`` of ``(label, data)`` items, showing ``current``."""
    combo = QComboBox()
    combo.setObjectName(name)
    for label, value in items:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return fit_combo(combo)


class RegisterDialog(QDialog):
    """Đăng ký nhiều người (or units) for one title at once."""

    def __init__(self, parent, db, campaign, year: int, *, preset: list[tuple[str, int]] | None = None,
                 code: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Đăng ký thi đua")
        self.db, self.campaign, self.year = db, campaign, year
        self.rs = ruleset_for_year(db, year)
        self.staff_rows = [r for r in records.list_staff_rows(db) if r["dang_cong_tac"]]
        self.staff_rows.sort(key=lambda r: vntext.name_sort_key(r["ho_ten"]))
        self.units = records.list_units(db)
        self.title_combo = filled_combo("registerTitle", [(f"{t.name}", t.code) for t in self.rs.titles], code or "LDTT")
        self.unit_combo = filled_combo("registerUnit", [("Tất cả đơn vị", ANY)] + [(u.ten, u.id) for u in self.units])
        self.search = QLineEdit()
        self.search.setObjectName("registerSearch")
        self.search.setPlaceholderText("Tìm tên (gõ không dấu được)")
        self.list = QListWidget()
        self.list.setObjectName("registerList")
        self.basis_combo = filled_combo("registerBasis", [(label, code) for code, label in BASES.items()], "cong_trang")
        self.note = QLineEdit()
        self.note.setObjectName("registerNote")
        self.all_button = QDialogButtonBox()
        tick_all = self.all_button.addButton("Chọn tất cả đang hiện", QDialogButtonBox.ButtonRole.ActionRole)
        tick_none = self.all_button.addButton("Bỏ chọn", QDialogButtonBox.ButtonRole.ActionRole)
        tick_all.clicked.connect(lambda: self._tick(True))
        tick_none.clicked.connect(lambda: self._tick(False))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Đăng ký")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Danh hiệu, hình thức:", self.title_combo)
        form.addRow("Đơn &vị:", self.unit_combo)
        form.addRow("&Tìm:", self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.all_button)
        form2 = QFormLayout()
        form2.addRow("&Cơ sở đề nghị:", self.basis_combo)
        form2.addRow("&Ghi chú:", self.note)
        layout.addLayout(form2)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 620)
        self._checked: set[tuple[str, int]] = set(preset or ())
        for w in (self.title_combo, self.unit_combo):
            w.currentIndexChanged.connect(self._fill)
        self.search.textChanged.connect(self._fill)
        self.list.itemChanged.connect(self._item_changed)
        self._fill()

    def _for_collectives(self) -> bool:
        title = self.rs.get_title(self.title_combo.currentData())
        return title is not None and TAP_THE in title.subjects and CA_NHAN not in title.subjects

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        unit = self.unit_combo.currentData()
        needles = vntext.search_key(self.search.text()).split()
        if self._for_collectives():
            entries = [("unit", u.id, u.ten) for u in self.units if unit in (ANY, u.id)]
        else:
            entries = [
                ("staff", r["id"], f"{r['ho_ten']} — {r['chuc_vu'] or 'cán bộ'}, {r['unit_ten'] or 'chưa xếp đơn vị'}")
                for r in self.staff_rows if unit in (ANY, r["unit_id"])
            ]
        for kind, row_id, label in entries:
            if needles and not all(n in vntext.search_key(label) for n in needles):
                continue
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, (kind, row_id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if (kind, row_id) in self._checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_message()

    def _item_changed(self, item: QListWidgetItem) -> None:
        key = tuple(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self._update_message()

    def _tick(self, on: bool) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _update_message(self) -> None:
        kind = "unit" if self._for_collectives() else "staff"
        n = sum(1 for k, _ in self._checked if k == kind)
        self.message.setText(f"Đã chọn {n} {'tập thể' if kind == 'unit' else 'người'}.")

    def chosen(self) -> tuple[list[int], list[int]]:
        kind = "unit" if self._for_collectives() else "staff"
        ids = sorted(i for k, i in self._checked if k == kind)
        return (ids, []) if kind == "staff" else ([], ids)

    def register(self) -> tuple[list[int], int]:
        staff_ids, unit_ids = self.chosen()
        return registrations.register_many(
            self.db, self.campaign.id, self.year, self.title_combo.currentData(),
            staff_ids=staff_ids, unit_ids=unit_ids, co_so=self.basis_combo.currentData(),
            ghi_chu=self.note.text(),
        )


class SuggestionDialog(QDialog):
    """Gợi ý: who meets a title's conditions from history but has not registered."""

    def __init__(self, parent, db, campaign, year: int):
        super().__init__(parent)
        self.setWindowTitle("Gợi ý đăng ký")
        self.db, self.campaign, self.year = db, campaign, year
        self.rs = ruleset_for_year(db, year)
        self.title_combo = filled_combo("suggestTitle", [(t.name, t.code) for t in self.rs.titles], "LDTT")
        self.table = QTableWidget(0, 4)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("suggestTable")
        self.table.setHorizontalHeaderLabels(["Họ tên / Tên tập thể", "Đơn vị", "Điều kiện", "Ghi nhận"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        buttons = QDialogButtonBox()
        self.register_button = buttons.addButton("Đăng ký những người đã chọn", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Danh hiệu, hình thức:"))
        top.addWidget(self.title_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        self.candidates = []
        self.title_combo.currentIndexChanged.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.candidates = suggest_candidates(self.db, self.campaign.id, self.year, self.title_combo.currentData())
        finally:
            QApplication.restoreOverrideCursor()
        self.table.setRowCount(len(self.candidates))
        for i, c in enumerate(self.candidates):
            for j, text in enumerate((c.ten, c.don_vi, ELIGIBILITY_LABELS[c.status], "; ".join(c.reasons))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.summary.setText(
            f"{len(self.candidates)} người/tập thể đủ điều kiện hoặc chỉ còn chờ dữ liệu, chưa đăng ký."
        )

    def selected(self) -> tuple[list[int], list[int]]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        chosen = [self.candidates[r] for r in rows]
        return ([c.staff_id for c in chosen if c.staff_id is not None],
                [c.unit_id for c in chosen if c.unit_id is not None])
