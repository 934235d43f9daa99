"""A filled statistical form as an .xlsx on A4: the standard header (Biểu số and its Thông tư, the title and
period, đơn vị báo cáo / đơn vị nhận báo cáo / ngày nhận báo cáo), the table (Chỉ tiêu, Mã số, Đơn vị tính,
numbered data columns) and the footer (Người lập biểu, Thủ trưởng đơn vị)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from ...domain.dates import place_date
from ...store import records
from ..documents.xlsx import CENTER, font, merge_write, save_workbook, set_column_widths, setup_print, write_grid_row
from .forms import FilledForm

_WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_DATA_WIDTH = 11


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
    labels = ["Chỉ tiêu", "Mã số", form.unit_label] + [c.label for c in form.columns]
    write_grid_row(ws, header, labels, centred=set(range(1, ncols + 1)), bold=True, widths=widths)
    for c in range(1, ncols + 1):
        ws.cell(row=header, column=c).alignment = CENTER
    write_grid_row(ws, header + 1, ["A", "B", "C"] + [c.code for c in form.columns],
                   centred=set(range(1, ncols + 1)), bold=True)
    numbers = set(range(4, ncols + 1))
    row = header + 2
    for line, values in zip(form.rows, filled.grid):
        write_grid_row(ws, row, [line.label, line.code, line.unit, *values], centred={2, 3} | numbers,
                       numbers=numbers, bold=line.heading or line.indent == 0, widths=widths,
                       number_format="#,##0")
        if line.indent:
            ws.cell(row=row, column=1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True,
                                                             indent=2 * line.indent)
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
