"""A record printed as the "Trích lục thành tích": a PDF with the administrative
header of Nghị định 30/2020 (the shared :mod:`..documents.pdf` machinery,
portrait A4) and the same tables as an .xlsx (the shared
:mod:`..documents.xlsx` helpers) — e.g. for a proposal dossier. Both refuse,
as every document does, while the agency's name or place is missing."""
from __future__ import annotations

import datetime as dt

import sqlite_utils
from openpyxl import Workbook
from reportlab.platypus import Flowable, Spacer

from ...domain.dates import place_date
from ...domain.vntext import unit_name_case
from ...store import records
from ..documents.pdf import PathLike, admin_header, build, esc, grid, head_row, para, signatures
from ..documents.xlsx import (
    LEFT,
    font,
    merge_write,
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_grid_row,
    write_head_signature,
)
from .record import Record

TITLE = "Trích lục thành tích"

#: relative column widths of each section (the PDF's 165 mm and the sheet's columns share them)
_WEIGHTS = {  # a year column gets ≥ 15 mm: four digits never break
    "khen_thuong": (13, 27, 11, 23, 21, 20, 25),
    "xep_loai": (12, 45, 16, 16, 30),
    "sang_kien": (12, 38, 14, 20, 22, 24),
    "ky_luat": (20, 30, 15, 15, 30),
    "dang_ky": (12, 27, 15, 37, 39),
    "de_nghi": (12, 29, 29, 18, 32),
    "giay_khen": (35, 35, 14, 26),
}
_SHEET_COLUMNS = 7
_SHEET_WIDTH = 120  # characters across the sheet's columns


def _subtitle(record: Record) -> str:
    return f"{record.subject_label}: {record.name}"


def _steps_lines(record: Record) -> list[str]:
    lines = list(record.streaks)
    lines += [s.text for s in record.next_steps]  # each sentence says its verdict
    return lines


def export_pdf(db: sqlite_utils.Database, record: Record, path: PathLike, *, today: dt.date | None = None) -> int:
    """Write ``record`` as a PDF at ``path``; returns the number of pages."""
    settings = records.document_settings(db)
    today = today or dt.date.today()
    story: list[Flowable] = [
        *admin_header(settings.co_quan_chu_quan, settings.co_quan, place_date(settings.dia_danh, today)),
        para(TITLE.upper(), "title"),
        para(esc(_subtitle(record)), "subtitle"),
        Spacer(1, 6),
    ]
    for label, value in record.facts:
        story.append(para(f"{esc(label)}: {esc(value)}"))
    for section in record.sections:
        story.append(para(esc(section.title), "heading"))
        if not section.rows:
            story.append(para(esc(section.empty), "italic"))
            continue
        weights = _WEIGHTS.get(section.key) or (1,) * len(section.columns)
        total = sum(weights)
        widths = [165 * w / total for w in weights]
        rows = [head_row(*map(esc, section.columns))]
        rows += [[para(esc(value), "cell") for value in row] for row in section.rows]
        story.append(grid(rows, widths, row_pad=2))
    story.append(para(f"Xét cho năm {record.year} ({esc(record.rules_note)})" if record.rules_note
                      else f"Xét cho năm {record.year}", "heading"))
    lines = _steps_lines(record)
    for line in lines or ["Không có danh hiệu, hình thức nào để xét."]:
        story.append(para("– " + esc(line)))
    story.append(Spacer(1, 10))
    story.append(signatures(f"Trích lục từ dữ liệu thi đua, khen thưởng của {esc(unit_name_case(settings.co_quan))} "
                            f"ngày {today:%d/%m/%Y}./.",
                            [("NGƯỜI LẬP", []), ((settings.chuc_danh_thu_truong or "THỦ TRƯỞNG CƠ QUAN").upper(),
                                                  [settings.ten_thu_truong])]))
    return build(path, story, title=f"{TITLE} — {record.name}", author=settings.co_quan or "",
                 subject=_subtitle(record))


def export_xlsx(db: sqlite_utils.Database, record: Record, path: PathLike, *, today: dt.date | None = None) -> None:
    """Write ``record`` as a workbook at ``path``: each section a table under its heading."""
    settings = records.document_settings(db)
    today = today or dt.date.today()
    wb = Workbook()
    ws = wb.active
    ws.title = "Trích lục"
    n = _SHEET_COLUMNS
    set_column_widths(ws, [_SHEET_WIDTH / n] * n)
    r = write_admin_header(ws, settings, TITLE, n, subtitle=_subtitle(record), when=today)
    for label, value in record.facts:
        merge_write(ws, r, 1, n, f"{label}: {value}", style_font=font(12), alignment=LEFT)
        r += 1
    for section in record.sections:
        r += 1
        merge_write(ws, r, 1, n, section.title, style_font=font(13, bold=True), alignment=LEFT)
        r += 1
        if not section.rows:
            merge_write(ws, r, 1, n, section.empty, style_font=font(12, italic=True))
            r += 1
            continue
        widths = [_SHEET_WIDTH / n] * len(section.columns)
        write_grid_row(ws, r, section.columns, bold=True, centred=set(range(1, n + 1)), widths=widths)
        r += 1
        for row in section.rows:
            write_grid_row(ws, r, row, widths=widths)
            r += 1
    r += 1
    merge_write(ws, r, 1, n, f"Xét cho năm {record.year}" + (f" ({record.rules_note})" if record.rules_note else ""),
                style_font=font(13, bold=True))
    r += 1
    for line in _steps_lines(record) or ["Không có danh hiệu, hình thức nào để xét."]:
        merge_write(ws, r, 1, n, "– " + line, style_font=font(12), alignment=LEFT)
        ws.row_dimensions[r].height = 15.5 * max(1, -(-len(line) // _SHEET_WIDTH))
        r += 1
    write_head_signature(ws, r + 1, n - 2, n, settings)
    setup_print(ws, landscape=False)
    save_workbook(wb, path)


def as_text(record: Record) -> list[str]:
    """The record as plain lines (the command line): facts, what comes next, then each section's rows."""
    lines = [f"{TITLE.upper()} — {_subtitle(record)}"]
    lines += [f"  {label}: {value}" for label, value in record.facts]
    lines.append(f"Xét cho năm {record.year}" + (f" ({record.rules_note})" if record.rules_note else "") + ":")
    lines += [f"  – {line}" for line in _steps_lines(record) or ["Không có danh hiệu, hình thức nào để xét."]]
    for section in record.sections:
        lines.append(f"{section.title}:")
        if not section.rows:
            lines.append(f"  {section.empty}")
        for row in section.rows:
            lines.append("  " + " | ".join(f"{c}: {v}" for c, v in zip(section.columns, row) if v))
    return lines
