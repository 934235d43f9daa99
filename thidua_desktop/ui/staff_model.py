"""Table model and filter proxy for the staff list (tens of thousands of rows).

The model holds plain rows from :func:`store.records.list_staff_rows` and
precomputes, once per load, the accent-insensitive search key and the
Vietnamese sort keys. Sorting is a permutation computed in Python with those
keys (``list.sort`` — no per-comparison calls into Python from Qt); the proxy
keeps its accepted rows as a list computed in bulk (see :class:`StaffFilterProxy`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ..domain import vntext
from ..domain.dates import PartialDate
from ..domain.models import CONTRACTS, GENDERS

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
STAFF_ID_ROLE = Qt.ItemDataRole.UserRole + 1
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


class StaffTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._order: list[int] = []  # view position -> index in _rows
        self.search_keys: list[str] = []
        self.unit_ids: list[int | None] = []
        self.active: list[bool] = []
        self._sort_keys: dict[int, list] = {}
        self._sort = (NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self._view_of_id: dict[int, int] | None = None  # staff id -> view row, built on demand

    # --- loading -----------------------------------------------------------
    def load(self, rows: Sequence[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.search_keys = [
            " ".join(
                (r["ten_key"], vntext.search_key(r["chuc_vu"]), vntext.search_key(r["unit_ten"]))
            )
            for r in self._rows
        ]
        self.unit_ids = [r["unit_id"] for r in self._rows]
        self.active = [bool(r["dang_cong_tac"]) for r in self._rows]
        self._sort_keys = {}
        self._order = self._sorted_order(*self._sort)
        self._view_of_id = None
        self.endResetModel()

    def raw_row(self, storage_index: int) -> dict:
        return self._rows[storage_index]

    def storage_index(self, view_row: int) -> int:
        return self._order[view_row]

    def view_order(self) -> list[int]:
        """View position -> storage index (the current sort)."""
        return self._order

    def staff_id(self, view_row: int) -> int:
        return self._rows[self._order[view_row]]["id"]

    def view_row_of(self, staff_id: int) -> int | None:
        if self._view_of_id is None:
            self._view_of_id = {self._rows[idx]["id"]: pos for pos, idx in enumerate(self._order)}
        return self._view_of_id.get(staff_id)

    # --- Qt model interface ------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._order)):
            return None
        row = self._rows[self._order[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, COLUMNS[index.column()][0])
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()][0] == "ghi_chu":
            return row["ghi_chu"] or None
        if role == Qt.ItemDataRole.ForegroundRole and not row["dang_cong_tac"]:
            return _LEFT_BRUSH
        if role == STAFF_ID_ROLE:
            return row["id"]
        return None

    # --- sorting -----------------------------------------------------------
    def _keys_for(self, column: int) -> list:
        keys = self._sort_keys.get(column)
        if keys is None:
            field = COLUMNS[column][0]
            if field == "ho_ten":
                keys = [vntext.name_sort_key(r["ho_ten"]) for r in self._rows]
            elif field == "ngay_sinh":
                keys = [r["ngay_sinh"] or "" for r in self._rows]
            else:
                keys = [vntext.collation_key(_display(r, field)) for r in self._rows]
            self._sort_keys[column] = keys
        return keys

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        if not (0 <= column < len(COLUMNS)):
            return list(range(len(self._rows)))
        keys = self._keys_for(column)
        return sorted(
            range(len(self._rows)),
            key=keys.__getitem__,
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        self._sort = (column, order)
        self._order = self._sorted_order(column, order)
        self._view_of_id = None
        persistent = self.persistentIndexList()
        if persistent:
            new_positions = {idx: pos for pos, idx in enumerate(self._order)}
            moved = [
                self.index(new_positions[old_order[pi.row()]], pi.column()) for pi in persistent
            ]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()


class StaffFilterProxy(QAbstractProxyModel):
    """Filters by search text, unit set and status; sorting is delegated to the source.

    A :class:`QSortFilterProxyModel` asks Python ``filterAcceptsRow`` once per
    row, which alone costs ~70 ms for 50,000 people. This proxy instead keeps
    the accepted rows as a Python list computed in bulk, so a keystroke costs
    a few list comprehensions: the search is narrowed incrementally while the
    user types (a longer query only re-checks the rows the shorter one kept),
    and unit/status filters are a cached bitmap. Views see a model reset on a
    filter change and a layout change when the source is re-sorted.
    """

    STATUS_ALL, STATUS_ACTIVE, STATUS_LEFT = "all", "active", "left"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""  # normalised search text
        self._units: frozenset[int | None] | None = None
        self._status = self.STATUS_ACTIVE
        self._hits: list[int] | None = None  # storage indices matching the search (None: all)
        self._base: list[bool] | None = None  # unit and status filter, by storage index
        self._rows: list[int] = []  # proxy row -> source (view) row
        self._pos: dict[int, int] | None = None  # source row -> proxy row, built on demand

    # --- source wiring ---------------------------------------------------------------
    def setSourceModel(self, model: StaffTableModel) -> None:  # noqa: N802 (Qt name)
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        model.layoutChanged.connect(self._source_layout_changed)
        model.dataChanged.connect(self._source_data_changed)
        self._hits = self._base = None
        self._rebuild()
        self.endResetModel()

    def _source_reset(self) -> None:
        self._hits = self._base = None
        self._rebuild()
        self.endResetModel()

    def _source_layout_about_to_change(self, *_args) -> None:
        self.layoutAboutToBeChanged.emit()
        self._persistent = [(pi, self.mapToSource(pi)) for pi in self.persistentIndexList()]

    def _source_layout_changed(self, *_args) -> None:
        # The source persistent indexes already moved with the sort.
        self._rebuild()
        old = [pi for pi, _ in self._persistent]
        new = [self.mapFromSource(QModelIndex(si)) if si.isValid() else QModelIndex()
               for _, si in self._persistent]
        self.changePersistentIndexList(old, new)
        self._persistent = []
        self.layoutChanged.emit()

    def _source_data_changed(self, top_left, bottom_right, roles=()) -> None:
        rows = [self.mapFromSource(self.sourceModel().index(r, 0)).row()
                for r in range(top_left.row(), bottom_right.row() + 1)]
        rows = [r for r in rows if r >= 0]
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), top_left.column()), self.index(max(rows), bottom_right.column()), roles
            )

    # --- filters -----------------------------------------------------------------
    def set_search(self, text: str) -> None:
        query = " ".join(vntext.search_key(text).split())
        narrowing = self._hits is not None and bool(self._query) and query.startswith(self._query)
        self._query = query
        self._apply(hits=self._search(self._hits if narrowing else None))

    def _search(self, pool: list[int] | None) -> list[int] | None:
        """Storage indices whose search key holds every word of the query (None: no query)."""
        needles = self._query.split()
        if not needles:
            return None
        keys = self.sourceModel().search_keys
        candidates = range(len(keys)) if pool is None else pool
        if len(needles) == 1:
            needle = needles[0]
            return [i for i in candidates if needle in keys[i]]
        return [i for i in candidates if all(n in keys[i] for n in needles)]

    def set_units(self, unit_ids: Iterable[int | None] | None) -> None:
        self._units = None if unit_ids is None else frozenset(unit_ids)
        self._apply(base=None)

    def set_status(self, status: str) -> None:
        self._status = status
        self._apply(base=None)

    _KEEP = object()

    def _apply(self, *, hits=_KEEP, base=_KEEP) -> None:
        self.beginResetModel()
        if hits is not self._KEEP:
            self._hits = hits
        if base is not self._KEEP:
            self._base = base
        self._rebuild()
        self.endResetModel()

    def _base_bitmap(self) -> list[bool] | None:
        """Unit and status filter by storage index; None when it keeps everyone."""
        src: StaffTableModel = self.sourceModel()
        units, status = self._units, self._status
        if units is None and status == self.STATUS_ALL:
            return None
        n = src.rowCount()
        if units is None:
            keep = [True] * n
        else:
            keep = [u in units for u in src.unit_ids]
        if status != self.STATUS_ALL:
            want = status == self.STATUS_ACTIVE
            keep = [k and a == want for k, a in zip(keep, src.active)]
        return keep

    def _rebuild(self) -> None:
        src: StaffTableModel | None = self.sourceModel()
        self._pos = None
        if src is None:
            self._rows = []
            return
        n = src.rowCount()
        if self._hits is None:  # the source was reloaded: search again
            self._hits = self._search(None)
        if self._base is None or len(self._base) != n:
            self._base = self._base_bitmap() or []
        accepted: list[bool] | None
        if self._hits is None:
            accepted = self._base or None
        else:
            accepted = [False] * n
            base = self._base
            for i in self._hits:
                if not base or base[i]:
                    accepted[i] = True
        order = src.view_order()
        if accepted is None:
            self._rows = list(range(n))
        else:
            self._rows = [v for v, s in enumerate(order) if accepted[s]]

    # --- Qt proxy interface --------------------------------------------------------
    def mapToSource(self, proxy_index):  # noqa: N802
        if not proxy_index.isValid() or not (0 <= proxy_index.row() < len(self._rows)):
            return QModelIndex()
        return self.sourceModel().index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index):  # noqa: N802
        if not source_index.isValid():
            return QModelIndex()
        if self._pos is None:
            self._pos = {r: p for p, r in enumerate(self._rows)}
        row = self._pos.get(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def index(self, row: int, column: int, parent=QModelIndex()):
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=QModelIndex()):  # noqa: D401 (Qt name)
        return QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def hasChildren(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and bool(self._rows)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        return self.sourceModel().headerData(section, orientation, role)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def staff_ids(self, proxy_rows: Iterable[int]) -> list[int]:
        src: StaffTableModel = self.sourceModel()
        return [src.staff_id(self._rows[r]) for r in proxy_rows]
