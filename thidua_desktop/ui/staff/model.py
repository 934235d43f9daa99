"""Table model and filter proxy for the staff list (tens of thousands of rows),
on the shared fast model/view of :mod:`.fast_table`."""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...domain import vntext
from ...domain.dates import PartialDate
from ...domain.models import CONTRACTS, GENDERS
from ..fast_table import ROW_ID_ROLE, FastFilterProxy, FastTableModel

COLUMNS: tuple[tuple[str, str], ...] = (
    ("ho_ten", "Họ và tên"),
    ("gioi_tinh", "Giới tính"),
    ("ngay_sinh", "Ngày sinh"),
    ("chuc_vu", "Chức vụ"),
    ("ngach", "Ngạch/chức danh"),
    ("trinh_do", "Trình độ"),
    ("unit_ten", "Đơn vị"),
    ("loai_hop_dong", "Hợp đồng"),
    ("trang_thai", "Trạng thái"),
    ("ghi_chu", "Ghi chú"),
)
NAME_COLUMN = 0
STAFF_ID_ROLE = ROW_ID_ROLE
_LEFT_BRUSH = QBrush(QColor(128, 128, 128))


def _display(row: dict, field: str) -> str:
    if field == "gioi_tinh":
        return GENDERS.get(row["gioi_tinh"] or "", "")
    if field == "ngay_sinh":
        pd = PartialDate.from_iso(row["ngay_sinh"])
        return pd.display() if pd else ""
    if field == "loai_hop_dong":
        return CONTRACTS.get(row["loai_hop_dong"] or "", "")
    if field == "trang_thai":
        if row["dang_cong_tac"]:
            return "Đang công tác"
        left = PartialDate.from_iso(row["ngay_nghi"])
        return f"Đã nghỉ ({left.display()})" if left else "Đã nghỉ"
    return row[field] or ""


class StaffTableModel(FastTableModel):
    COLUMNS = COLUMNS
    NAME_FIELDS = frozenset({"ho_ten"})

    def display(self, row: dict, field: str) -> str:
        return _display(row, field)

    def row_search_key(self, row: dict) -> str:
        key = vntext.search_key_cached
        return f"{row['ten_key']} {key(row['chuc_vu'])} {key(row['unit_ten'])}"

    FACETS = ("unit", "active")

    def facets(self, row: dict) -> dict[str, object]:
        return {"unit": row["unit_id"], "active": bool(row["dang_cong_tac"])}

    def sort_key(self, row: dict, field: str):
        if field == "ngay_sinh":
            return row["ngay_sinh"] or ""
        return super().sort_key(row, field)

    def role_data(self, row: dict, field: str, role):
        if role == Qt.ItemDataRole.ToolTipRole and field == "ghi_chu":
            return row["ghi_chu"] or None
        if role == Qt.ItemDataRole.ForegroundRole and not row["dang_cong_tac"]:
            return _LEFT_BRUSH
        return None

    @property
    def active(self) -> list[bool]:
        return self.facet_values.get("active", [])

    def staff_id(self, view_row: int) -> int:
        return self.row_id(view_row)


class StaffFilterProxy(FastFilterProxy):
    """Search text, unit set and status (đang công tác / đã nghỉ)."""

    STATUS_ALL, STATUS_ACTIVE, STATUS_LEFT = "all", "active", "left"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._allowed["active"] = frozenset({True})

    def set_units(self, unit_ids: Iterable[int | None] | None) -> None:
        self.set_allowed("unit", unit_ids)

    def set_status(self, status: str) -> None:
        allowed = {self.STATUS_ACTIVE: {True}, self.STATUS_LEFT: {False}}.get(status)
        self.set_allowed("active", allowed)

    def staff_ids(self, proxy_rows: Iterable[int]) -> list[int]:
        return self.ids(proxy_rows)
