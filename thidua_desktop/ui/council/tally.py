"""The candidates of one round as a table: the votes typed in it and the results
the domain computes from them."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain import council as dc

_OUTCOME_COLOURS = {dc.PASSED: "#e2f0d9", dc.FAILED: "#fde2e1", dc.TIED: "#fff3cd"}


class TallyModel(QAbstractTableModel):
    """The candidates of one round: typed votes (editable) and the computed results."""

    COLUMNS = ("STT", "Họ và tên", "Chức vụ, đơn vị", "Phiếu đồng ý", "Tỉ lệ", "Kết quả", "Căn cứ")
    VOTES = 3

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []  # candidate rows (sqlite3.Row)
        self.votes: dict[int, str] = {}  # candidate id → typed text
        self.results: dict[int, dc.CandidateResult] = {}
        self.editable = True

    def load(self, rows, votes: dict[int, int], results: dict[int, dc.CandidateResult], editable: bool) -> None:
        self.beginResetModel()
        self.rows, self.results, self.editable = list(rows), results, editable
        self.votes = {r["id"]: str(votes[r["id"]]) if r["id"] in votes else "" for r in self.rows}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.column() == self.VOTES and self.editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        result = self.results.get(r["id"])
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return str(index.row() + 1)
            if col == 1:
                return r["ten"]
            if col == 2:
                return ", ".join(p for p in ((r["chuc_vu"] if r["staff_id"] else "Tập thể"), r["don_vi"]) if p)
            if col == 3:
                return self.votes.get(r["id"], "")
            if result is None:
                return ""
            return (result.pct, dc.OUTCOMES[result.outcome], result.note)[col - 4]
        if role == Qt.ItemDataRole.BackgroundRole and result is not None and col >= 4:
            return QBrush(QColor(_OUTCOME_COLOURS[result.outcome]))
        if role == Qt.ItemDataRole.ToolTipRole and result is not None:
            return result.note
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != self.VOTES or not self.editable:
            return False
        self.votes[self.rows[index.row()]["id"]] = str(value).strip()
        self.dataChanged.emit(index, index)
        return True

