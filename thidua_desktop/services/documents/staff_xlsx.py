"""Export the staff list to .xlsx, laid out like the rosters agencies send.

The sheet has the administrative header of Nghị định 30/2020, the title
"DANH SÁCH CÁN BỘ, CÔNG CHỨC, NGƯỜI LAO ĐỘNG", and a two-level header whose
columns are exactly those :mod:`..imports.roster` recognises, so an exported
file imports back to the same people:

* the birth date sits under "Ngày, tháng, năm sinh" in the **Nam** or **Nữ**
  column (the column gives the sex); a year-only date is written as the
  year; a person whose sex is known but not the birth date gets an ``x`` in
  that column; a "Chưa rõ" column is added only when someone has a birth
  date but no recorded sex;
* full dates are real Excel dates (``dd/mm/yyyy``), all other values are
  written as text (formula-like notes stay text).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import sqlite_utils
from openpyxl.styles import NamedStyle

from ...domain import vntext
from ...domain.dates import PartialDate
from ...domain.models import CONTRACTS
from ...store import records
from .xlsx import (
    BOX,
    CENTER,
    LEFT,
    fit_row_height,
    font,
    row_lines,
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_table_header,
    write_text,
)

TITLE = "DANH SÁCH CÁN BỘ, CÔNG CHỨC, NGƯỜI LAO ĐỘNG"
BIRTH_GROUP = "Ngày, tháng, năm sinh"
WORKING = "Đang công tác"
LEFT_JOB = "Đã nghỉ"


def _columns(unknown_sex_column: bool) -> list[tuple[str | None, str, float]]:
    cols: list[tuple[str | None, str, float]] = [
        (None, "STT", 5),
        (None, "Họ và tên", 26),
        (BIRTH_GROUP, "Nam", 11),
        (BIRTH_GROUP, "Nữ", 11),
    ]
    if unknown_sex_column:
        cols.append((BIRTH_GROUP, "Chưa rõ", 11))
    cols += [
        (None, "Chức vụ", 20),
        (None, "Ngạch, chức danh", 18),
        (None, "Trình độ", 14),
        (None, "Đơn vị", 24),
        (None, "Loại hợp đồng", 12),
        (None, "Trạng thái", 13),
        (None, "Ngày nghỉ", 11),
        (None, "Ghi chú", 24),
    ]
    return cols


def _sort_key(row: dict, unit_order: dict[int, int]):
    uid = row["unit_id"]
    return (uid is None, unit_order.get(uid, 0) if uid is not None else 0,
            vntext.name_sort_key(row["ho_ten"]), row["id"])


def export_staff(db: sqlite_utils.Database, path: Path | str, *, include_left: bool = True) -> int:
    """Write the staff list to ``path``; returns the number of people written.

    People are grouped by unit (in the units' order) and sorted by given
    name within a unit; those who have left are included unless
    ``include_left`` is false.
    """
    path = Path(path)
    rows = records.list_staff_rows(db)
    if not include_left:
        rows = [r for r in rows if r["dang_cong_tac"]]
    unit_order = {u.id: i for i, u in enumerate(records.list_units(db))}
    rows.sort(key=lambda r: _sort_key(r, unit_order))
    unknown_sex = any(r["gioi_tinh"] is None and r["ngay_sinh"] for r in rows)
    columns = _columns(unknown_sex)
    ncols = len(columns)
    index = {label: i + 1 for i, (_g, label, _w) in enumerate(columns)}

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách cán bộ"
    settings = records.document_settings(db)
    subtitle = f"(Tổng số: {len(rows)} người)"
    header_row = write_admin_header(ws, settings, TITLE, ncols, subtitle=subtitle, left_cols=4)
    first_data = write_table_header(ws, header_row, [(g, label) for g, label, _w in columns])
    set_column_widths(ws, [w for _g, _l, w in columns])
    # Named styles: assigning one per cell is much cheaper than font, border
    # and alignment one by one (10,000 people in about a second).
    for name, align, fmt in (("td_left", LEFT, "@"), ("td_center", CENTER, "@"),
                             ("td_date", CENTER, "DD/MM/YYYY")):
        style = NamedStyle(name=name, font=font(12), border=BOX, alignment=align, number_format=fmt)
        wb.add_named_style(style)
    left_labels = {"Họ và tên", "Chức vụ", "Ngạch, chức danh", "Trình độ", "Đơn vị", "Ghi chú"}
    cell_style = {label: "td_left" if label in left_labels else "td_center" for label in index}
    r = first_data
    widths = {label: w for _g, label, w in columns}
    for n, row in enumerate(rows, start=1):
        values: dict[str, object] = {
            "STT": n,
            "Họ và tên": row["ho_ten"],
            "Chức vụ": row["chuc_vu"],
            "Ngạch, chức danh": row["ngach"],
            "Trình độ": row["trinh_do"],
            "Đơn vị": row["unit_ten"],
            "Loại hợp đồng": CONTRACTS.get(row["loai_hop_dong"] or "", ""),
            "Trạng thái": WORKING if row["dang_cong_tac"] else LEFT_JOB,
            "Ghi chú": row["ghi_chu"],
        }
        for label, col in index.items():
            cell = ws.cell(row=r, column=col)
            cell.style = cell_style[label]
            if label == "STT":
                cell.value = n  # a number, as the other lists
                cell.number_format = "0"
            elif label in values:
                write_text(cell, values[label], text_format=False)
        # a wrapped name, position or note gets the row height it needs in print
        fit_row_height(ws, r, row_lines([values[k] for k in values if k != "STT"],
                                        [widths[k] for k in values if k != "STT"]))
        birth = PartialDate.from_iso(row["ngay_sinh"])
        column = {"nam": "Nam", "nu": "Nữ"}.get(row["gioi_tinh"] or "", "Chưa rõ")
        if birth is not None:
            _write_date(ws.cell(row=r, column=index[column]), birth)
        elif row["gioi_tinh"]:
            write_text(ws.cell(row=r, column=index[column]), "x")
        if row["ngay_nghi"]:
            _write_date(ws.cell(row=r, column=index["Ngày nghỉ"]),
                        dt.date.fromisoformat(row["ngay_nghi"]))
        r += 1
    ws.freeze_panes = ws.cell(row=first_data, column=3)
    setup_print(ws, landscape=True, header_rows=(header_row, first_data - 1))
    save_workbook(wb, path)
    return len(rows)


def _write_date(cell, value: PartialDate | dt.date) -> None:
    """A full date as a real Excel date (dd/mm/yyyy); a year alone as text."""
    if isinstance(value, PartialDate):
        if value.year_only:
            write_text(cell, str(value.year), text_format=False)
            return
        value = dt.date(value.year, value.month, value.day)  # type: ignore[arg-type]
    cell.style = "td_date"
    cell.value = value
