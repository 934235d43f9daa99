"""Table model of the Đăng ký tab: registrations of a campaign with their eligibility."""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...domain import vntext
from ...domain.registrations import STATUSES
from ...services.eligibility import RowCheck
from ..fast_table import FastTableModel

ELIGIBILITY_LABELS = {
    "ok": "Đủ điều kiện",
    "warning": "Cần kiểm tra",
    "blocked": "Không đủ",
    "kept": "Không đủ — giữ lại",
    "": "…",
}
_COLOURS = {
    "ok": QColor(220, 245, 220),
    "warning": QColor(255, 243, 205),
    "blocked": QColor(255, 215, 215),
    "kept": QColor(240, 225, 250),
}
COLUMNS: tuple[tuple[str, str], ...] = (
    ("ten", "Họ tên / Tên tập thể"),
    ("chuc_vu", "Chức vụ"),
    ("don_vi", "Đơn vị"),
    ("danh_hieu", "Danh hiệu, hình thức"),
    ("trang_thai", "Trạng thái"),
    ("dieu_kien", "Điều kiện"),
    ("ghi_chu", "Ghi chú"),
)
ELIGIBILITY_COLUMN = 5


def eligibility_key(check: RowCheck | None) -> str:
    """'ok' | 'warning' | 'blocked' | 'kept' | '' (not computed yet)."""
    if check is None:
        return ""
    return "kept" if check.kept else check.status


class RegistrationTableModel(FastTableModel):
    COLUMNS = COLUMNS
    NAME_FIELDS = frozenset({"ten"})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title_names: Mapping[str, str] = {}
        self.checks: Mapping[int, RowCheck] = {}

    def set_title_names(self, names: Mapping[str, str]) -> None:
        self.title_names = dict(names)

    def set_checks(self, checks: Mapping[int, RowCheck]) -> None:
        """Eligibility arrived (or was recomputed): update the column and its facet."""
        self.checks = checks
        self.facet_values["eligibility"] = [eligibility_key(checks.get(r["id"])) for r in self.rows()]
        self.refresh()

    def display(self, row: dict, field: str) -> str:
        if field == "danh_hieu":
            return self.title_names.get(row["ma"], row["ma"])
        if field == "trang_thai":
            return STATUSES.get(row["trang_thai"], row["trang_thai"])
        if field == "dieu_kien":
            return ELIGIBILITY_LABELS[eligibility_key(self.checks.get(row["id"]))]
        if field == "ghi_chu":
            return row["ghi_chu"] or ""
        if field == "chuc_vu" and row["staff_id"] is None:
            return "Tập thể"
        return super().display(row, field)

    def row_search_key(self, row: dict) -> str:
        key = vntext.search_key_cached
        return f"{row['ten_key'] or ''} {key(row['chuc_vu'] or '')} {key(row['don_vi'] or '')}"

    FACETS = ("unit", "ma", "trang_thai", "eligibility")

    def facets(self, row: dict) -> dict[str, object]:
        return {
            "unit": row["don_vi_id"],
            "ma": row["ma"],
            "trang_thai": row["trang_thai"],
            "eligibility": eligibility_key(self.checks.get(row["id"])),
        }

    def sort_key(self, row: dict, field: str):
        if field == "ten":
            if row["staff_id"] is None:
                return (1, super().sort_key(row, "don_vi"))  # collectives after people
            return (0, vntext.name_sort_key(row["ten"] or ""))
        if field == "dieu_kien":
            return ("blocked", "kept", "warning", "ok", "").index(eligibility_key(self.checks.get(row["id"])))
        return super().sort_key(row, field)

    def role_data(self, row: dict, field: str, role):
        check = self.checks.get(row["id"])
        if role == Qt.ItemDataRole.ToolTipRole and field == "dieu_kien" and check is not None:
            return "\n".join(f"• {r}" for r in check.reasons) or "Đủ điều kiện"
        if role == Qt.ItemDataRole.ToolTipRole and field == "ghi_chu":
            return row["ghi_chu"] or None
        if role == Qt.ItemDataRole.BackgroundRole and field == "dieu_kien" and check is not None:
            return QBrush(_COLOURS[eligibility_key(check)])
        return None

    def check_of(self, row_id: int) -> RowCheck | None:
        return self.checks.get(row_id)
