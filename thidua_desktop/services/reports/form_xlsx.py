"""A filled statistical form as an .xlsx on A4: the standard header (Biểu số and its Thông tư, the title and
period, đơn vị báo cáo / đơn vị nhận báo cáo / ngày nhận báo cáo), the table (Chỉ tiêu, Mã số, Đơn vị tính,
numbered data columns) and the footer (Người lập biểu, Thủ trưởng đơn vị)."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from ...domain.dates import place_date
from ...store import records
from openpyxl.styles.cell_style import StyleArray

from ..documents.xlsx import (
    BOX,
    CENTER,
    fit_row_height,
    merge_write,
    save_workbook,
    set_column_widths,
    setup_print,
    wrapped_lines,
    write_text,
)
from ..documents.xlsx import font as _new_font
from .forms import FilledForm

font = functools.lru_cache(maxsize=None)(_new_font)  # a workbook's few fonts, made once

_WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_DATA_WIDTH = 11


class _Styles:
    """The table's few looks, each made once and copied to the cells that share it (setting fonts, borders and
    alignments cell by cell costs openpyxl several times the rest of the workbook)."""

    def __init__(self) -> None:
        self._arrays: dict[tuple, StyleArray] = {}

    def put(self, cell, value, key: tuple) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        elif value not in (None, ""):
            write_text(cell, value, text_format=False)
        known = self._arrays.get(key)
        if known is not None:
            cell._style = StyleArray(known)
            return
        kind, bold, indent = (*key, False, 0)[:3]
        cell.font = font(12, bold=kind == "head" or bool(bold))
        cell.border = BOX
        if kind == "label":
            cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * indent)
        else:
            cell.alignment = CENTER
        if kind == "number":
            cell.number_format = "#,##0"
        self._arrays[key] = StyleArray(cell._style)


def _day(d) -> str:
    return f"{d:%d/%m/%Y}"


def write_form(filled: FilledForm, path: Path | str) -> int:
    """Write ``filled`` to ``path`` (atomically); returns the number of table rows."""
    form, settings = filled.form, records.check_document_settings(filled.settings)
    ncols = 3 + len(form.columns)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = form.code
    widths = [44, 7, 10] + [_DATA_WIDTH] * len(form.columns)
    set_column_widths(ws, widths)
    left_end = 1 if ncols <= 5 else 2
    right_first = max(left_end + 1, ncols - 2)
    start, end = filled.period
    merge_write(ws, 1, 1, left_end, form.form_number, style_font=font(12, bold=True), alignment=_WRAP_LEFT)
    merge_write(ws, 2, 1, left_end, form.legal_basis, style_font=font(11, italic=True), alignment=_WRAP_LEFT)
    merge_write(ws, 3, 1, left_end, f"Ngày nhận báo cáo: {form.received_on}" if form.received_on else "",
                style_font=font(11), alignment=_WRAP_LEFT)
    merge_write(ws, 1, right_first, ncols, f"Đơn vị báo cáo: {settings.co_quan}", style_font=font(11),
                alignment=_WRAP_LEFT)
    merge_write(ws, 2, right_first, ncols, f"Đơn vị nhận báo cáo: {form.receiver}", style_font=font(11),
                alignment=_WRAP_LEFT)
    for r, h in ((1, 20), (2, 48), (3, 20)):
        ws.row_dimensions[r].height = h
    merge_write(ws, 5, 1, ncols, form.name.upper(), style_font=font(14, bold=True))
    merge_write(ws, 6, 1, ncols, f"Năm {filled.year}", style_font=font(12, bold=True))
    merge_write(ws, 7, 1, ncols, f"(Từ ngày {_day(start)} đến ngày {_day(end)})", style_font=font(12, italic=True))
    header = 9
    styles = _Styles()
    labels = ["Chỉ tiêu", "Mã số", form.unit_label] + [c.label for c in form.columns]
    fit_row_height(ws, header, max(wrapped_lines(t, w, bold=True) for t, w in zip(labels, widths)))
    for c, text in enumerate(labels, 1):
        styles.put(ws.cell(row=header, column=c), text, ("head",))
    for c, text in enumerate(["A", "B", "C"] + [c.code for c in form.columns], 1):
        styles.put(ws.cell(row=header + 1, column=c), text, ("head",))
    row = header + 2
    for line, values in zip(form.rows, filled.grid):
        bold = line.heading or line.indent == 0
        fit_row_height(ws, row, wrapped_lines(line.label, widths[0] - 2 * line.indent, bold=bold))
        styles.put(ws.cell(row=row, column=1), line.label, ("label", bold, line.indent))
        styles.put(ws.cell(row=row, column=2), line.code, ("centre", bold))
        styles.put(ws.cell(row=row, column=3), line.unit, ("centre", bold))
        for c, value in enumerate(values, 4):
            styles.put(ws.cell(row=row, column=c), value, ("number", bold))
        row += 1
    last_table_row = row - 1
    notes = [form.notes] if form.notes else []
    if filled.undated and form.source == "facts":
        notes.append(f"Trong kỳ có {filled.undated} lượt khen thưởng trong lịch sử không ghi ngày quyết định, "
                     f"được tính theo năm thành tích {end.year - 1}.")
    blanks = sorted({x.no_data for x in (*form.rows, *form.columns) if x.no_data})
    if blanks:
        notes.append("Ô để trống: " + "; ".join(blanks) + ".")
    row += 1
    for note in notes:
        merge_write(ws, row, 1, ncols, f"Ghi chú: {note}" if note is notes[0] else note,
                    style_font=font(11, italic=True), alignment=_WRAP_LEFT)
        ws.row_dimensions[row].height = 15.5 * max(1, -(-len(note) // int(sum(widths) * 1.1)))
        row += 1
    row += 1
    split = max(2, ncols // 2)
    merge_write(ws, row, split + 1, ncols, place_date(settings.dia_danh, dt.date.today()),
                style_font=font(12, italic=True))
    row += 1
    merge_write(ws, row, 1, split, "NGƯỜI LẬP BIỂU", style_font=font(12, bold=True))
    merge_write(ws, row, split + 1, ncols, "THỦ TRƯỞNG ĐƠN VỊ", style_font=font(12, bold=True))
    merge_write(ws, row + 1, 1, split, "(Ký, họ tên)", style_font=font(11, italic=True))
    merge_write(ws, row + 1, split + 1, ncols, "(Ký, đóng dấu, họ tên)", style_font=font(11, italic=True))
    if settings.ten_thu_truong:
        merge_write(ws, row + 5, split + 1, ncols, settings.ten_thu_truong, style_font=font(12, bold=True))
    setup_print(ws, landscape=ncols > 9, header_rows=(header, header + 1))
    ws.freeze_panes = ws.cell(row=header + 2, column=4)
    save_workbook(wb, path)
    return last_table_row - header - 1
