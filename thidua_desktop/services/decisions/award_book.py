"""Sổ khen thưởng (the award book) as a workbook: one sheet per title, so each
series of award-book numbers (Giấy khen, Chiến sĩ thi đua cơ sở …) stands in a
column of its own; the years asked for, each under its heading, with the
decisions of the file and the imported or typed award history of those years."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import sqlite_utils

from ...domain.limits import year_errors
from ...domain.positions import born_text, position_with_unit
from ...store import decisions as store
from ...store import records
from ...store.awards import catalogue
from ...store.records import ValidationError
from ..documents.xlsx import (
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_grid_row,
    write_table_header,
)

__all__ = ["write_award_book"]

COLUMNS = (("Số sổ vàng", 10), ("Họ và tên / Tên tập thể", 28), ("Năm sinh", 11), ("Chức vụ, đơn vị", 38),
           ("Quyết định", 28), ("Ghi chú", 18))
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_CHARS.sub("-", name)[:28] or "Sổ"
    out, n = base, 2
    while out.casefold() in taken:
        out, n = f"{base[:26]} {n}", n + 1
    taken.add(out.casefold())
    return out


def write_award_book(db: sqlite_utils.Database, path: Path | str, first_year: int,
                     last_year: int | None = None) -> int:
    """Write the award book of ``first_year`` … ``last_year``; returns the number of lines."""
    problems = year_errors(first_year, "Năm đầu") + (
        year_errors(last_year, "Năm cuối") if last_year is not None else [])
    if not problems and last_year is not None and last_year < first_year:
        problems.append(f"Năm cuối {last_year} trước năm đầu {first_year}")
    if problems:
        raise ValidationError(problems)
    rows = store.award_book(db, first_year, last_year)
    titles = catalogue(db)  # a title of a year before every rule set is still named ("Giấy khen", not "GK")
    settings = records.document_settings(db)
    span = f"{first_year}" if last_year in (None, first_year) else f"{first_year}–{last_year}"
    widths = [w for _, w in COLUMNS]
    order: dict[str, int] = {}
    for r in rows:  # titles in the order the book lists them (by the rule set's order within a year)
        order.setdefault(r["ma"], len(order))
    wb = openpyxl.Workbook()
    taken: set[str] = set()

    def decision_text(r) -> str:
        when = f"ngày {dt.date.fromisoformat(r['ngay'][:10]):%d/%m/%Y}" if r["ngay"] else ""
        return " ".join(p for p in (r["so"] or "", when) if p)

    def note(r) -> str:
        if r["huy"]:
            return "Đã hủy"
        return {"nhap_excel": "Lịch sử (nhập từ Excel)", "nhap_tay": "Lịch sử (nhập tay)"}.get(r["nguon"], "")

    for code in sorted(order, key=order.get) or [""]:
        ws = wb.active if not taken else wb.create_sheet()
        lines = [r for r in rows if r["ma"] == code]
        name = titles.name(code) if code else "Sổ"
        ws.title = _sheet_name(name, taken)
        title = f"SỔ KHEN THƯỞNG NĂM {span}" + (f" – {name.upper()}" if code else "")
        header = write_admin_header(ws, settings, title, len(COLUMNS), left_cols=2)
        first = write_table_header(ws, header, [(None, label) for label, _ in COLUMNS])
        r_out = first
        for year in sorted({r["nam"] for r in lines}):
            of_year = [r for r in lines if r["nam"] == year]
            heading = f"Năm {year}: {len(of_year)} trường hợp"
            write_grid_row(ws, r_out, [heading] + [""] * (len(COLUMNS) - 1), bold=True)
            ws.merge_cells(start_row=r_out, start_column=1, end_row=r_out, end_column=len(COLUMNS))
            r_out += 1
            for r in of_year:
                values = (r["so_so_vang"], r["ten"], born_text(r), position_with_unit(r["chuc_vu"], r["don_vi"]),
                          decision_text(r), note(r))
                write_grid_row(ws, r_out, values, centred={1, 3}, numbers={1}, number_format="0", widths=widths)
                r_out += 1
        set_column_widths(ws, widths)
        ws.freeze_panes = f"C{first}"  # a string: the first row may be a merged heading
        setup_print(ws, landscape=True, header_rows=(header, first - 1))
    save_workbook(wb, path)
    return len(rows)
