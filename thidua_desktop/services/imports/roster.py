"""Import a staff roster (danh sách cán bộ) from an Excel .xlsx file.

Real rosters are documents, not tables: an administrative header above the
table, a two-row merged header, birth dates split into **Nam** / **Nữ**
columns, units given as section rows (``I | VĂN PHÒNG``), blank rows, a
footer with totals and signatures, names typed in NFD or in the legacy
TCVN3/VNI encodings. The import runs in four steps, each usable on its own
by the wizard and the CLI:

1. :func:`read_sheet` — read the cell values once (openpyxl read-only);
2. :func:`detect_layout` — find the header rows and map columns to fields
   by accent-insensitive synonyms; the user may correct the result;
3. :func:`plan_import` — give every Excel row below the header a status
   (new / update / unchanged / skipped / error) with a Vietnamese reason;
   nothing is written;
4. :func:`apply_import` — write the whole plan in one transaction, or refuse
   if any row is an error.

The parts: :mod:`.roster_read` (the header words, a staff row as read —
its reading rules), :mod:`.roster_match` (who a row is — its matching
rules — and what an update changes); this module plans and applies.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ...domain import vntext
from ...domain.models import Staff
from ..bulk import gc_paused
from . import sheet as _sheets
from .cells import CellText, LegacyCell, legacy_fixes
from .layout import Layout, check_layout
from .people import unit_key
from .roster_match import match_rows
from .roster_read import FIELDS, ROSTER_HEADERS, PlannedRow, read_rows
from .sheet import RowStatus, status_counts
from .workbook import ImportFileError, SheetData, list_sheets

__all__ = [
    "FIELDS", "ROSTER_HEADERS", "ImportFileError", "ImportPlan", "ImportResult", "Layout", "LegacyCell",
    "PlannedRow", "RowStatus", "SheetData", "apply_import", "describe_counts", "detect_layout",
    "list_sheets", "plan_import", "read_sheet",
]


# --- reading and layout (shared machinery in .sheet) -------------------

def read_sheet(path: Path | str, sheet: str | None = None) -> SheetData:
    """Read the cell values of ``sheet`` (default: the first sheet that has a
    staff header, else the first sheet), once, in read-only mode."""
    return _sheets.read_sheet(path, sheet, ROSTER_HEADERS)


def detect_layout(data: SheetData) -> Layout:
    """Find the header rows and map columns to :data:`FIELDS`.

    Header texts are compared accent- and case-insensitively (legacy TCVN3 /
    VNI headers are decoded first). In a two-row header the group cells of
    the first row are filled to the right over the columns their merge covers
    (read-only files show a merged cell only at its anchor): "Ngày, tháng,
    năm sinh" over "Nam" | "Nữ" gives ``ngay_sinh_nam`` and ``ngay_sinh_nu``.
    Raises :class:`ImportFileError` if there is no "Họ và tên" header.
    """
    return _sheets.detect_layout(data, ROSTER_HEADERS)

# --- plan -------------------------------------------------------------------


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    layout: Layout
    rows: list[PlannedRow]
    legacy_cells: list[LegacyCell]
    units_to_create: list[str]
    legacy_encoding: str | None = None
    #: new units named in capitals and the name proposed for them ("VĂN PHÒNG" → "Văn phòng")
    unit_renames: dict[str, str] = field(default_factory=dict)
    #: create those units with the proposed names (false: keep the names as written)
    rename_units: bool = True
    converted_legacy: bool = True
    fingerprint: str = field(default="", repr=False)
    name_keys: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status is RowStatus.ERROR]

    @property
    def ok(self) -> bool:
        return not any(r.status is RowStatus.ERROR for r in self.rows)

    def unit_name(self, name: str) -> str:
        """The name a new unit is created with."""
        return self.unit_renames.get(name, name) if self.rename_units else name

    def describe_renames(self) -> str:
        """``"VĂN PHÒNG → Văn phòng; …"`` (empty when no name is in capitals)."""
        return "; ".join(f"{old} → {new}" for old, new in self.unit_renames.items())

    def counts(self) -> dict[RowStatus, int]:
        return status_counts(self.rows)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int
    units_created: int


# Footer and structure recognisers --------------------------------------------

@gc_paused()  # rows and staff records that live on
def plan_import(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    sheet: str | None = None,
    layout: Layout | None = None,
    convert_legacy: bool = True,
    data: SheetData | None = None,
    rename_units: bool = True,
) -> ImportPlan:
    """Read the roster and decide, row by row, what an import would do.

    Writes nothing. ``layout`` (e.g. corrected in the wizard) overrides the
    detected one. With ``convert_legacy`` text typed in TCVN3/VNI is decoded;
    either way ``legacy_cells`` lists every such cell that would be imported
    (``after`` is the decoded text). ``data`` (from :func:`read_sheet` of the
    same file) saves reading the file again. New units named in capitals are
    offered a name in the case documents use (``unit_renames``), created so
    unless ``rename_units`` is false.
    """
    path = Path(path)
    if data is None:
        data = read_sheet(path, sheet)
    if layout is None:
        layout = detect_layout(data)
    check_layout(layout, ROSTER_HEADERS)
    fixes, encoding = legacy_fixes(data, layout.header_last_row + 1)
    cells = CellText(fixes, convert_legacy)
    staff_rows, existing_units, fingerprint = _load_existing(db)
    planned, parsed = read_rows(data, layout, cells)
    match_rows(planned, parsed, staff_rows, existing_units)
    units_to_create = []
    seen_units: set[str] = set()
    seen_names: set[str] = set()
    for row in planned:
        if row.status in (RowStatus.NEW, RowStatus.UPDATE) and row.staff is not None \
                and row.staff.unit_id is None and row.unit_name and row.unit_name not in seen_names:
            seen_names.add(row.unit_name)
            k = unit_key(row.unit_name)
            if k not in existing_units and k not in seen_units:
                seen_units.add(k)
                units_to_create.append(row.unit_name)
    # Legacy cells of rows that turned out to be footer are not imported.
    imported = {r.excel_row for r in planned if r.status is not RowStatus.SKIPPED or r.unit_name}
    legacy = [c for c in cells.legacy if c.excel_row in imported]
    if encoding is None and legacy:
        encoding = max(("tcvn3", "vni"), key=lambda e: sum(c.encoding.startswith(e) for c in legacy))
    renames = {name: vntext.unit_name_case(name) for name in units_to_create if vntext.is_capitals(name)}
    return ImportPlan(
        path=path, sheet=data.name, layout=layout, rows=planned, legacy_cells=legacy,
        units_to_create=units_to_create, legacy_encoding=encoding, converted_legacy=convert_legacy,
        unit_renames={old: new for old, new in renames.items() if new != old}, rename_units=rename_units,
        fingerprint=fingerprint, name_keys={p.name: p.key for p in parsed.values()},
    )


def _load_existing(db):
    staff = list(db.execute(
        "SELECT id, ho_ten, ten_key, gioi_tinh, ngay_sinh, chuc_vu, ngach, trinh_do, unit_id, "
        "loai_hop_dong, dang_cong_tac, ngay_nghi, ghi_chu, updated_at, dan_toc, phan_loai FROM staff ORDER BY id"
    ).fetchall())
    units = list(db.execute("SELECT id, ten, ten_key FROM units ORDER BY id").fetchall())
    h = hashlib.sha1()
    h.update(repr(staff).encode("utf-8", "surrogatepass"))
    h.update(repr(units).encode("utf-8", "surrogatepass"))
    by_key = {}
    for u in units:
        by_key[vntext.search_key(u[1])] = (u[0], u[1])
    return staff, by_key, h.hexdigest()


def _fingerprint(db) -> str:
    return _load_existing(db)[2]


# --- apply ------------------------------------------------------------------

_INSERT_COLUMNS = ("ho_ten", "ten_key", "gioi_tinh", "ngay_sinh", "chuc_vu", "ngach", "trinh_do",
                   "unit_id", "loai_hop_dong", "dang_cong_tac", "ngay_nghi", "ghi_chu", "dan_toc", "phan_loai",
                   "created_at", "updated_at")


def _staff_tuple(s: Staff, unit_id: int | None, now: str, keys: dict[str, str]) -> tuple:
    key = keys.get(s.ho_ten)
    return (
        s.ho_ten, key if key is not None else vntext.search_key(s.ho_ten), s.gioi_tinh,
        s.ngay_sinh.iso() if s.ngay_sinh else None, s.chuc_vu, s.ngach, s.trinh_do, unit_id,
        s.loai_hop_dong, int(s.dang_cong_tac), s.ngay_nghi.isoformat() if s.ngay_nghi else None,
        s.ghi_chu, s.dan_toc, s.phan_loai,
    ) + ((now, now) if now else ())


@gc_paused()
def apply_import(db: sqlite_utils.Database, plan: ImportPlan) -> ImportResult:
    """Write the plan in one transaction: all rows or none.

    Refuses (:class:`ImportFileError`) a plan with error rows, or a plan made
    before the data changed (e.g. applied twice).
    """
    if not plan.ok:
        errors = plan.errors
        lines = [f"Dòng {r.excel_row}: {r.reason}" for r in errors[:20]]
        if len(errors) > 20:
            lines.append(f"… và {len(errors) - 20} dòng lỗi khác")
        raise ImportFileError(
            f"Không nhập vì có {len(errors)} dòng lỗi; chưa ghi gì vào dữ liệu.\n" + "\n".join(lines)
        )
    now = dt.datetime.now().isoformat(timespec="seconds")
    counts = plan.counts()
    with db.atomic():
        if plan.fingerprint and _fingerprint(db) != plan.fingerprint:
            raise ImportFileError(
                "Dữ liệu đã thay đổi sau khi xem trước (hoặc danh sách này vừa được nhập). "
                "Hãy xem trước lại rồi mới nhập."
            )
        units = {vntext.search_key(ten): uid for uid, ten in db.execute("SELECT id, ten FROM units")}
        order = db.execute("SELECT coalesce(max(thu_tu), 0) FROM units").fetchone()[0]
        created_units = 0
        for name in plan.units_to_create:
            k = vntext.search_key(name)
            if k in units:
                continue
            order += 1
            cur = db.conn.execute(
                "INSERT INTO units (ten, ten_key, thu_tu, ghi_chu) VALUES (?, ?, ?, '')",
                (vntext.clean(plan.unit_name(name)), k, order),
            )
            units[k] = cur.lastrowid
            created_units += 1
        inserts, updates = [], []
        for row in plan.rows:
            if row.status not in (RowStatus.NEW, RowStatus.UPDATE) or row.staff is None:
                continue
            s = row.staff
            unit_id = s.unit_id
            if unit_id is None and row.unit_name:
                unit_id = units[unit_key(row.unit_name)]
            if row.status is RowStatus.NEW:
                inserts.append(_staff_tuple(s, unit_id, now, plan.name_keys))
            else:
                updates.append(_staff_tuple(s, unit_id, "", plan.name_keys) + (now, row.existing_id))
        if inserts:
            marks = ",".join("?" * len(_INSERT_COLUMNS))
            db.conn.executemany(
                f"INSERT INTO staff ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks})", inserts
            )
        if updates:
            sets = ", ".join(f"{c} = ?" for c in _INSERT_COLUMNS[:-2])
            db.conn.executemany(f"UPDATE staff SET {sets}, updated_at = ? WHERE id = ?", updates)
    return ImportResult(
        created=len(inserts), updated=len(updates), unchanged=counts[RowStatus.UNCHANGED],
        skipped=counts[RowStatus.SKIPPED], units_created=created_units,
    )


def describe_counts(counts: dict[RowStatus, int]) -> str:
    """``"12 người mới, 3 cập nhật, 40 không đổi, 8 dòng bỏ qua"``."""
    return (f"{counts.get(RowStatus.NEW, 0)} người mới, {counts.get(RowStatus.UPDATE, 0)} cập nhật, "
            f"{counts.get(RowStatus.UNCHANGED, 0)} không đổi, {counts.get(RowStatus.SKIPPED, 0)} dòng bỏ qua")

