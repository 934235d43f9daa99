"""Nhật ký thay đổi as a workbook (the whole log or the rows a filter shows)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import sqlite_utils

from ...store import audit, records
from ...store.audit_labels import AuditLabels
from .xlsx import (
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_grid_row,
    write_table_header,
)

COLUMNS = (("Thời gian", 19), ("Người dùng", 14), ("Dữ liệu", 22), ("Thao tác", 10), ("Nội dung thay đổi", 100))


def export_audit(db: sqlite_utils.Database, path: Path | str, rows: Sequence | None = None) -> int:
    """Write ``rows`` (default: the whole log, newest first) in words, as the
    window shows them (names and labels, never ids or codes); returns how many."""
    rows = audit.entries(db) if rows is None else rows
    labels = AuditLabels(db)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhật ký"
    header = write_admin_header(ws, records.document_settings(db), "NHẬT KÝ THAY ĐỔI DỮ LIỆU", len(COLUMNS), left_cols=3)
    first = write_table_header(ws, header, [(None, label) for label, _ in COLUMNS])
    for r, row in enumerate(rows, start=first):
        values = (labels.when(row["thoi_gian"]), row["nguoi_dung"], audit.AUDITED.get(row["bang"], row["bang"]),
                  audit.ACTIONS.get(row["thao_tac"], ""), labels.describe(row))
        write_grid_row(ws, r, values, size=11, widths=[w for _, w in COLUMNS])
    set_column_widths(ws, [w for _, w in COLUMNS])
    ws.freeze_panes = ws.cell(row=first, column=1)
    setup_print(ws, landscape=True, header_rows=(header, first - 1))
    save_workbook(wb, path)
    return len(rows)
