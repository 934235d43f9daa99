"""Model/view for long lists (tens of thousands of rows), shared by every tab.

:class:`FastTableModel` holds plain row dicts, precomputes per load the
accent-insensitive search key of each row and, per column on demand, its
sort key; sorting is a permutation computed with ``list.sort`` (no Python
call per comparison from Qt). Subclasses say what the columns are and how a
cell reads (:meth:`display`), and which per-row values the proxy may filter
on (:meth:`facets`).

:class:`FastFilterProxy` is a ``QAbstractProxyModel`` that keeps the
accepted rows as a Python list computed in bulk. A
``QSortFilterProxyModel`` would call Python ``filterAcceptsRow`` once per
row — ~70 ms for 50,000 rows, on every keystroke. Here a longer query only
re-checks the rows the shorter one kept, and facet filters are a cached
bitmap; views see a reset on a filter change and a layout change when the
source is re-sorted.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractProxyModel, QAbstractTableModel, QModelIndex, Qt

from ..domain import vntext

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class FastTableModel(QAbstractTableModel):
    #: (field, header) per column; subclasses set it
    COLUMNS: tuple[tuple[str, str], ...] = ()
    #: fields sorted as Vietnamese names (given name first)
    NAME_FIELDS: frozenset[str] = frozenset()
    #: names of the per-row values :meth:`facets` returns; declared so that an
    #: empty list still has every facet (as an empty column), never a missing key
    FACETS: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "facets" in cls.__dict__ and not cls.FACETS:
            raise TypeError(f"{cls.__name__} defines facets() without declaring FACETS")

    def __init__(self, parent=None, *, sort_column: int = 0):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._order: list[int] = []  # view position -> index in _rows
        self.search_keys: list[str] = []
        self.facet_values: dict[str, list] = {name: [] for name in self.FACETS}
        self._sort_keys: dict[int, list] = {}
        self._sort = (sort_column, Qt.SortOrder.AscendingOrder)
        self._view_of_id: dict[int, int] | None = None

    # --- what subclasses say ----------------------------------------------------
    def display(self, row: dict, field: str) -> str:
        value = row[field]
        return "" if value is None else str(value)

    def search_text(self, row: dict) -> str:
        """The text the search box looks in (made accent-insensitive here)."""
        return " ".join(self.display(row, f) for f, _ in self.COLUMNS)

    def row_search_key(self, row: dict) -> str:
        """The row's accent-insensitive search key; override to build it from
        keys stored in the data file (``ten_key``) when the list is long."""
        return vntext.search_key(self.search_text(row))

    def facets(self, row: dict) -> dict[str, object]:
        """Per-row values the proxy filters on (``FastFilterProxy.set_allowed``),
        under the same names for every row: the names of :attr:`FACETS`."""
        return {}

    def sort_key(self, row: dict, field: str):
        if field in self.NAME_FIELDS:
            return vntext.name_sort_key(row[field] or "")
        return vntext.collation_key(self.display(row, field))

    # --- loading ----------------------------------------------------------------
    def load(self, rows: Sequence[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.search_keys = [self.row_search_key(r) for r in self._rows]
        per_row = list(map(self.facets, self._rows))
        self.facet_values = {name: [f[name] for f in per_row] for name in self.FACETS}
        self._sort_keys = {}
        self._order = self._sorted_order(*self._sort)
        self._view_of_id = None
        self.endResetModel()

    def refresh(self) -> None:
        """Data shown changed but not the rows (e.g. computed columns)."""
        if self._rows:
            self._sort_keys = {}
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))

    def raw_row(self, storage_index: int) -> dict:
        return self._rows[storage_index]

    def rows(self) -> list[dict]:
        return self._rows

    def storage_index(self, view_row: int) -> int:
        return self._order[view_row]

    def view_order(self) -> list[int]:
        """View position -> storage index (the current sort)."""
        return self._order

    def row_id(self, view_row: int) -> int:
        return self._rows[self._order[view_row]]["id"]

    def view_row_of(self, row_id: int) -> int | None:
        if self._view_of_id is None:
            self._view_of_id = {self._rows[idx]["id"]: pos for pos, idx in enumerate(self._order)}
        return self._view_of_id.get(row_id)

    # --- Qt model interface -------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][1] if 0 <= section < len(self.COLUMNS) else None
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._order)):
            return None
        row = self._rows[self._order[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, self.COLUMNS[index.column()][0])
        if role == ROW_ID_ROLE:
            return row["id"]
        return self.role_data(row, self.COLUMNS[index.column()][0], role)

    def role_data(self, row: dict, field: str, role):
        """Tooltips, colours …; subclasses override."""
        return None

    # --- sorting ----------------------------------------------------------------
    def _keys_for(self, column: int) -> list:
        keys = self._sort_keys.get(column)
        if keys is None:
            field = self.COLUMNS[column][0]
            keys = self._sort_keys[column] = [self.sort_key(r, field) for r in self._rows]
        return keys

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        if not (0 <= column < len(self.COLUMNS)):
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


class FastFilterProxy(QAbstractProxyModel):
    """Search text + facet filters over a :class:`FastTableModel`; sorting is the source's."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""  # normalised search text
        self._allowed: dict[str, frozenset] = {}  # facet -> allowed values
        self._hits: list[int] | None = None  # storage indices matching the search (None: all)
        self._base: list[bool] | None = None  # facet filters, by storage index
        self._rows: list[int] = []  # proxy row -> source (view) row
        self._pos: dict[int, int] | None = None  # source row -> proxy row, built on demand
        self._persistent: list = []

    # --- source wiring ---------------------------------------------------------------
    def setSourceModel(self, model: FastTableModel) -> None:  # noqa: N802 (Qt name)
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
        if self._rows:
            self.dataChanged.emit(
                self.index(0, top_left.column()), self.index(len(self._rows) - 1, bottom_right.column()), roles
            )

    # --- filters -----------------------------------------------------------------
    def set_search(self, text: str) -> None:
        query = " ".join(vntext.search_key(text).split())
        narrowing = self._hits is not None and bool(self._query) and query.startswith(self._query)
        self._query = query
        self._apply(hits=self._search(self._hits if narrowing else None))

    def set_allowed(self, facet: str, values: Iterable | None) -> None:
        """Keep rows whose ``facet`` value is in ``values`` (None: any)."""
        if values is None:
            self._allowed.pop(facet, None)
        else:
            self._allowed[facet] = frozenset(values)
        self._apply(base=None)

    def refilter(self) -> None:
        """The source's facet values changed in place (e.g. eligibility computed)."""
        self._apply(base=None)

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
        """Facet filters by storage index; None when they keep everyone."""
        src: FastTableModel = self.sourceModel()
        keep: list[bool] | None = None
        for facet, allowed in self._allowed.items():
            values = src.facet_values.get(facet, [])
            if keep is None:
                keep = [v in allowed for v in values]
            else:
                keep = [k and v in allowed for k, v in zip(keep, values)]
        return keep

    def _rebuild(self) -> None:
        src: FastTableModel | None = self.sourceModel()
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

    def source_rows(self) -> list[int]:
        """Storage indices of the rows shown, in view order."""
        src: FastTableModel = self.sourceModel()
        order = src.view_order()
        return [order[v] for v in self._rows]

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
        src = self.sourceModel()
        columns = src.columnCount() if src is not None else 0
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=QModelIndex()):  # noqa: D401 (Qt name)
        return QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        src = self.sourceModel()
        return 0 if parent.isValid() or src is None else src.columnCount()

    def hasChildren(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and bool(self._rows)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        return self.sourceModel().headerData(section, orientation, role)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def ids(self, proxy_rows: Iterable[int]) -> list[int]:
        src: FastTableModel = self.sourceModel()
        return [src.row_id(self._rows[r]) for r in proxy_rows]


def select_rows(table, ids: Iterable[int], *, scroll: bool = True) -> None:
    """Select the rows of these ids in ``table``, a view of a ``FastFilterProxy``
    over a ``FastTableModel`` (those the filters hide are left out); the first
    becomes the current row, scrolled to when ``scroll``."""
    proxy = table.model()
    model = proxy.sourceModel()
    sel = table.selectionModel()
    sel.clearSelection()
    first = None
    for row_id in ids:
        row = model.view_row_of(row_id)
        if row is None:
            continue
        pidx = proxy.mapFromSource(model.index(row, 0))
        if pidx.isValid():
            sel.select(pidx, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
            first = first or pidx
    if first is not None:
        sel.setCurrentIndex(first, sel.SelectionFlag.NoUpdate)
        if scroll:
            table.scrollTo(first)
