"""Reading tables out of real-world Excel documents: what every importer shares.

Spreadsheets the secretary receives are documents, not tables: an
administrative header above the table, one- or two-row merged headers,
section rows, blank rows, subtotals, a footer with signatures, text typed in
NFD or in the legacy TCVN3/VNI encodings. The importers
(:mod:`.roster`, :mod:`.history`, :mod:`.xep_loai`) share the steps that do
not depend on what the table holds, one module each:

* :mod:`.workbook` — refuse anything that is not an ``.xlsx`` with a
  Vietnamese reason (by content, a zip bomb or a stray far cell too), then
  read the cell values once (openpyxl read-only) with the merged ranges;
* :mod:`.layout` — find the header rows and map columns to fields by
  accent-insensitive header words; *what* the words mean is the importer's
  :class:`HeaderSpec`;
* :mod:`.cells` — cell text decoded from TCVN3/VNI, NFC, cleaned, each
  decoded cell recorded as a :class:`LegacyCell`; ticks, blanks, birth dates;
* :mod:`.table` — the rows below the header sorted into data, section and
  skipped rows (blank rows, the column-number row, repeated headers,
  subtotals, the footer): :func:`scan_table`;
* :mod:`.people` — who a row names, by name + birth date (:class:`PersonIndex`).

This module joins them: :func:`read_sheet` (the sheet that has the table),
the :class:`RowStatus` every planned row gets, and the names other packages
use (``from services.imports.sheet import …``).
"""
from __future__ import annotations

import enum
from pathlib import Path

from .cells import CellText, LegacyCell, is_blank, is_mark, parse_birth, plain, short
from .layout import (
    HEADER_SCAN_ROWS,
    HeaderSpec,
    Layout,
    check_layout,
    detect_layout,
    find_header,
    header_key,
    header_text,
    is_name_header,
)
from .people import PersonIndex, compatible_dates, date_label, name_key, unit_key
from .table import BLANK, SUBTOTAL_REASON, scan_table
from .workbook import (
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    SheetData,
    list_sheets,
    merged_ranges,
    open_workbook,
    read_rows,
    sheet_rows,
    worksheets,
)

__all__ = [
    "BLANK", "HEADER_SCAN_ROWS", "MAX_COLUMNS", "MAX_ROWS", "SUBTOTAL_REASON", "CellText", "HeaderSpec",
    "ImportFileError", "Layout", "LegacyCell", "PersonIndex", "RowStatus", "SheetData", "check_layout",
    "compatible_dates", "date_label", "detect_layout", "find_header", "header_key", "header_text", "is_blank",
    "is_mark", "is_name_header", "list_sheets", "name_key", "open_workbook", "parse_birth", "plain", "read_sheet",
    "scan_table", "sheet_rows", "short", "status_counts", "unit_key",
]


class RowStatus(str, enum.Enum):
    """What an import does with one Excel row."""
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    ERROR = "error"
    #: the row names nobody, or several people/units: the user picks who
    UNMATCHED = "unmatched"


def status_counts(rows) -> dict[RowStatus, int]:
    """How many planned rows have each status (every status present)."""
    out = dict.fromkeys(RowStatus, 0)
    for r in rows:
        out[r.status] += 1
    return out


def read_sheet(path: Path | str, sheet: str | None = None, headers: HeaderSpec | None = None) -> SheetData:
    """Read the cell values of ``sheet`` (default: the first sheet that has a
    table header as ``headers`` describes it, else the first sheet), once, in
    read-only mode."""
    path = Path(path)
    with open_workbook(path) as wb:
        sheets = worksheets(wb, path)
        if sheet is not None:
            matches = [ws for ws in sheets if ws.title == sheet]
            if not matches:
                names = ", ".join(f"“{ws.title}”" for ws in sheets)
                raise ImportFileError(f"Tệp “{path.name}” không có trang tính “{sheet}” (các trang: {names}).")
            ws = matches[0]
        else:
            ws = sheets[0]
            if len(sheets) > 1 and headers is not None:
                for candidate in sheets:
                    try:
                        find_header(SheetData(candidate.title, read_rows(candidate, HEADER_SCAN_ROWS)), headers)
                    except ImportFileError:
                        continue
                    except Exception:  # noqa: BLE001 - a damaged other sheet: keep looking
                        continue
                    ws = candidate
                    break
        rows = sheet_rows(path, ws)
        merged = merged_ranges(ws) if rows else []
    if not rows:
        raise ImportFileError(f"Trang tính “{ws.title}” của tệp “{path.name}” không có dữ liệu.")
    return SheetData(ws.title, rows, merged)
