"""A statistics table as an .xlsx under the Nghị định 30 header, with a native Excel bar chart of its figures
(by year when the table spans several years), which the receiver can edit."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.chart import BarChart, Reference, Series

import sqlite_utils

from ...store import records
from ..documents.xlsx import (
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_grid_row,
    write_table_header,
)
from .stats import BY, StatsTable


def columns(table: StatsTable) -> list[str]:
    """The table's columns after the group's label: a column per year when it spans several, then the totals."""
    years = [f"Năm {y}" for y in table.years] if len(table.years) > 1 else []
    return [*years, "Cá nhân", "Tập thể", "Tổng", "Tiền thưởng (đồng)"]


def row_values(table: StatsTable, row) -> list[int]:
    years = [row.by_year.get(y, 0) for y in table.years] if len(table.years) > 1 else []
    return [*years, row.individuals, row.collectives, row.total, row.money]


def export_stats(db: sqlite_utils.Database, table: StatsTable, path: Path | str) -> int:
    """Write ``table`` and its chart; returns the number of rows (the total line not counted)."""
    heads = columns(table)
    ncols = 1 + len(heads)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Thống kê"
    widths = [40] + [12] * (len(heads) - 1) + [18]
    first = write_admin_header(ws, records.document_settings(db), "THỐNG KÊ KHEN THƯỞNG", ncols,
                               subtitle=table.title[0].upper() + table.title[1:])
    header = first
    body = write_table_header(ws, header, [(None, BY[table.by])] + [(None, h) for h in heads])
    numbers = set(range(2, ncols + 1))
    r = body
    for row in [*table.rows, table.total]:
        write_grid_row(ws, r, [row.label, *row_values(table, row)], numbers=numbers, centred=numbers - {ncols},
                       bold=row is table.total, widths=widths, number_format="#,##0")
        ws.cell(row=r, column=ncols).alignment = Alignment(horizontal="right", vertical="center")
        r += 1
    set_column_widths(ws, widths)
    setup_print(ws, landscape=ncols > 6, header_rows=(header, header + 1))
    if table.rows:
        chart = BarChart()
        chart.type = "bar" if len(table.years) == 1 else "col"
        chart.title = table.title[0].upper() + table.title[1:]
        chart.y_axis.title = "Số lượt khen thưởng"
        last_data = body + len(table.rows) - 1
        cats = Reference(ws, min_col=1, min_row=body, max_row=last_data)
        # a series per year (the trend of each group) when the table spans several years, else the totals
        series_cols = range(2, 2 + len(table.years)) if len(table.years) > 1 else [ncols - 1]
        for col in series_cols:
            chart.series.append(Series(Reference(ws, min_col=col, min_row=body, max_row=last_data),
                                       title=heads[col - 2]))
        chart.set_categories(cats)
        chart.height = max(7.5, min(20, 1.0 * len(table.rows) + 4))
        chart.width = 24
        ws.add_chart(chart, f"A{r + 2}")
    save_workbook(wb, path)
    return len(table.rows)
