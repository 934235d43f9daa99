"""Tab “Phong trào”: campaigns (kế hoạch thi đua) with their deadlines."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.models import CAMPAIGN_KINDS, Campaign
from ..store import records
from .dialogs import CampaignDialog
from .widgets import action_buttons, confirm, empty_hint


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


CAMPAIGN_COLUMNS = (
    ("Số kế hoạch", lambda c: c.so_ke_hoach),
    ("Tên phong trào", lambda c: c.ten),
    ("Loại", lambda c: CAMPAIGN_KINDS.get(c.loai, c.loai)),
    ("Năm / giai đoạn", lambda c: c.period_label),
    ("Ngày ban hành", lambda c: _d(c.ngay_ban_hanh)),
    ("Hạn đăng ký", lambda c: _d(c.han_dang_ky)),
    ("Hạn sáng kiến", lambda c: _d(c.han_sang_kien)),
    ("Hạn hồ sơ", lambda c: _d(c.han_ho_so)),
    ("Chủ đề", lambda c: c.chu_de),
)


class CampaignTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.campaigns: list[Campaign] = []

    def load(self, campaigns: list[Campaign]) -> None:
        self.beginResetModel()
        self.campaigns = list(campaigns)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.campaigns)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(CAMPAIGN_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return CAMPAIGN_COLUMNS[section][0] if 0 <= section < len(CAMPAIGN_COLUMNS) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.campaigns)):
            return None
        campaign = self.campaigns[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return CAMPAIGN_COLUMNS[index.column()][1](campaign)
        return None


class CampaignTab(QWidget):
    counts_changed = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.model = CampaignTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("campaignTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((110, 330, 100, 110, 105, 100, 100, 100)):
            self.table.horizontalHeader().resizeSection(col, width)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        empty_hint(self.table, "Chưa có phong trào thi đua nào — bấm Thêm phong trào để tạo phong trào "
                               "của năm (số kế hoạch, hạn đăng ký), rồi đăng ký ở tab Đăng ký.")

        self.actions, buttons = action_buttons(self, "campaign", (
            ("add", "Thêm &phong trào", QKeySequence.StandardKey.New, self.add_campaign),
            ("edit", "&Sửa", QKeySequence(Qt.Key.Key_Return), self.edit_selected),
            ("delete", "&Xóa", QKeySequence.StandardKey.Delete, self.delete_selected),
        ))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    @property
    def db(self):
        return self.window.db

    def reload(self, select_id: int | None = None) -> None:
        self.model.load(records.list_campaigns(self.db))
        self.counts_changed.emit(f"Phong trào: {self.model.rowCount()}")
        if select_id is not None:
            for row, c in enumerate(self.model.campaigns):
                if c.id == select_id:
                    self.table.selectRow(row)

    def printable_list(self):
        """Tệp → In danh sách: the campaigns as the table shows them."""
        from .list_print import PrintableList

        return PrintableList("Danh sách phong trào thi đua", self.table)

    def selected(self) -> Campaign | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.campaigns[rows[0].row()] if rows else None

    def add_campaign(self) -> None:
        dialog = CampaignDialog(self, Campaign(ten=""), on_save=lambda c: records.save_campaign(self.db, c))
        if dialog.exec():
            new_id = dialog.saved_result
            self.window.did_change("thêm phong trào")
            self.reload(new_id)

    def edit_selected(self) -> None:
        before = self.selected()
        if before is None:
            return
        dialog = CampaignDialog(self, before, on_save=lambda c: records.save_campaign(self.db, c))
        if dialog.exec():
            self.window.did_change(f"sửa phong trào {before.so_ke_hoach or before.ten}")
            self.reload(before.id)

    def delete_selected(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        if confirm(self, "Xóa phong trào", f"Xóa phong trào “{campaign.ten}”? Có thể hoàn tác (Ctrl+Z).") and self.window.perform(
            lambda: records.delete_campaign(self.db, campaign.id)
        ):
            self.window.did_change("xóa phong trào")
            self.reload()
