"""Shared helpers for the .xlsx files the program writes.

Every export goes through these so that:

* user text is always written as text (:func:`write_text`): a note that
  begins with ``=``, ``+``, ``-`` or ``@`` never becomes a live formula, and
  ``#N/A`` never becomes an error cell;
* the sheet starts with the administrative header of Nghị định 30/2020
  (:func:`write_admin_header`): cơ quan chủ quản / cơ quan on the left,
  quốc hiệu / tiêu ngữ on the right, then the title;
* the page prints on A4, fitted to the page width, with the table header
  repeated on every page (:func:`setup_print`).

Pure openpyxl; no Qt.
"""
from __future__ import annotations

import datetime as dt
import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...domain.dates import place_date
from ...domain.models import QUOC_HIEU, TIEU_NGU, OrgSettings
from ...store import records

FONT_NAME = "Times New Roman"
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def font(size: float = 13, *, bold: bool = False, italic: bool = False, underline: str | None = None) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, underline=underline)


#: what XML 1.0 forbids besides openpyxl's control characters: lone surrogates, U+FFFE, U+FFFF
_XML_INVALID = re.compile("[\ud800-\udfff\ufffe\uffff]")


def safe_text(value: object) -> str:
    """Text that a cell can hold: ``None`` → ``""``, characters XML forbids
    removed, cut to Excel's 32,767 characters."""
    if value is None:
        return ""
    text = _XML_INVALID.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    return text[:MAX_CELL_CHARS]


def write_text(cell, value: object, *, text_format: bool = True):
    """Put ``value`` in ``cell`` as a string, whatever it looks like.

    openpyxl turns a string starting with ``=`` into a formula and ``#N/A``
    and friends into error cells; setting ``data_type`` back to ``"s"`` after
    the assignment stores exactly the characters given. With ``text_format``
    the cell also gets the ``@`` (Text) number format, so that Excel keeps it
    as text when the user edits it. Returns the cell.
    """
    # safe_text has made the checks openpyxl's value setter would repeat (a
    # second regular-expression scan of every string); set the value as is.
    cell._value = safe_text(value)
    cell.data_type = "s"
    if text_format:
        cell.number_format = "@"
    return cell


RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
#: money in đồng with dotted thousands whatever the computer's language ("2.340.000")
MONEY_FORMAT = '[>=1000000]#\\.###\\.##0;[>=1000]#\\.##0;0'


def wrapped_lines(text: str, width: float, *, bold: bool = False, size: float = 12) -> int:
    """About how many lines ``text`` takes in a wrapping cell ``width``
    characters wide (a column width as Excel counts it) in Times ``size`` pt:
    each line break kept, each paragraph wrapped by words (a word longer than
    a line broken where it must). Bold wraps a little sooner."""
    per_line = max(1, int(width * 1.15 * (0.88 if bold else 1.0) * 12 / size) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        count = 1
        for word in paragraph.split():
            n = len(word)
            if used and used + 1 + n > per_line:
                count += 1
                used = 0
            if n > per_line:  # a long word takes lines of its own
                count += (used + n - 1) // per_line
                n = (used + n) % per_line or per_line
                used = 0
            used += n + (1 if used else 0)
        lines += count
    return max(1, lines)


def row_lines(values, widths, *, bold: bool = False, size: float = 12) -> int:
    """The lines the tallest text cell of a row takes (``values`` against the column ``widths``)."""
    return max((wrapped_lines(v, w, bold=bold, size=size) for v, w in zip(values, widths)
                if isinstance(v, str) and v), default=1)


def fit_row_height(ws: Worksheet, row: int, lines: int, size: float = 12) -> None:
    """LibreOffice and Excel do not grow the rows of wrapped text openpyxl writes: set the height."""
    if lines > 1:
        ws.row_dimensions[row].height = 15.5 * lines * size / 12


def write_grid_row(ws: Worksheet, row: int, values, *, centred=frozenset(), numbers=frozenset(),
                   bold: bool = False, size: float = 12, number_format: str | None = None,
                   widths=None, money=frozenset()) -> None:
    """One bordered table row from column 1: text written as text, the columns
    in ``numbers`` as numbers, those in ``money`` as đồng (right-aligned,
    dotted thousands), the columns in ``centred`` centred; with the column
    ``widths`` the row is made tall enough for its wrapped text."""
    if widths is not None:
        fit_row_height(ws, row, row_lines(values, widths, bold=bold, size=size), size)
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col)
        if col in money and isinstance(value, (int, float)):
            cell.value = value
            cell.number_format = MONEY_FORMAT
        elif col in numbers and value is not None:
            cell.value = value
            if number_format:
                cell.number_format = number_format
        elif value not in (None, ""):
            write_text(cell, value, text_format=False)
        cell.font = font(size, bold=bold)
        cell.border = BOX
        cell.alignment = RIGHT if col in money else CENTER if col in centred else LEFT


def write_signature(ws: Worksheet, row: int, first_col: int, last_col: int, roles, name: str = "", *,
                    hint: str = "(Ký, ghi rõ họ tên và đóng dấu)", name_offset: int = 5) -> int:
    """A signature block across ``first_col..last_col``: its role lines in bold
    capitals ("TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" / "CHỦ TỊCH"), the hint, room
    to sign and seal, the name; returns the name's row."""
    for role in roles:
        merge_write(ws, row, first_col, last_col, role.upper(), style_font=font(13, bold=True))
        row += 1
    if hint:
        merge_write(ws, row, first_col, last_col, hint, style_font=font(12, italic=True))
    if name:
        merge_write(ws, row + name_offset - 1, first_col, last_col, name, style_font=font(13, bold=True))
    return row + name_offset - 1


def write_head_signature(ws: Worksheet, row: int, first_col: int, last_col: int, settings: OrgSettings, *,
                         name_offset: int = 5) -> int:
    """The head of the agency's signature block (title, hint, room to sign and
    seal, name) across ``first_col..last_col``; returns the name's row."""
    return write_signature(ws, row, first_col, last_col, [settings.chuc_danh_thu_truong or "THỦ TRƯỞNG CƠ QUAN"],
                           settings.ten_thu_truong, name_offset=name_offset)


def merge_write(ws: Worksheet, row: int, first_col: int, last_col: int, value: object, *,
                style_font: Font | None = None, alignment: Alignment = CENTER):
    """Write text in ``row`` across ``first_col..last_col`` (merged when wider than one column)."""
    cell = write_text(ws.cell(row=row, column=first_col), value, text_format=False)
    if style_font is not None:
        cell.font = style_font
    cell.alignment = alignment
    if last_col > first_col:
        ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
    return cell


def write_admin_header(
    ws: Worksheet,
    settings: OrgSettings,
    title: str,
    ncols: int,
    *,
    subtitle: str = "",
    left_cols: int | None = None,
    when: dt.date | None = None,
    start_row: int = 1,
) -> int:
    """Write the administrative header and the title; return the next free row.

    Rows: (1) cơ quan chủ quản in capitals | quốc hiệu in bold capitals;
    (2) cơ quan in bold capitals | tiêu ngữ in bold, underlined;
    (3) place and date in italics on the right; (4) blank; (5) the title in
    bold capitals across the table; (6) the subtitle if any; then one blank
    row. ``left_cols`` is how many columns the left block spans (default:
    about two fifths of ``ncols``).
    """
    settings = records.check_document_settings(settings.normalised())
    ncols = max(ncols, 2)
    left = left_cols if left_cols is not None else max(1, min(ncols - 1, round(ncols * 0.4)))
    right_first = left + 1
    r = start_row
    merge_write(ws, r, 1, left, settings.co_quan_chu_quan.upper(), style_font=font(12))
    merge_write(ws, r, right_first, ncols, QUOC_HIEU, style_font=font(12, bold=True))
    merge_write(ws, r + 1, 1, left, settings.co_quan.upper(), style_font=font(12, bold=True, underline="single"))
    merge_write(ws, r + 1, right_first, ncols, TIEU_NGU, style_font=font(13, bold=True, underline="single"))
    merge_write(ws, r + 2, right_first, ncols, place_date(settings.dia_danh, when or dt.date.today()),
                style_font=font(13, italic=True))
    r += 4
    merge_write(ws, r, 1, ncols, title.upper(), style_font=font(14, bold=True))
    ws.row_dimensions[r].height = 22
    r += 1
    if subtitle:
        merge_write(ws, r, 1, ncols, subtitle, style_font=font(13, italic=True))
        r += 1
    return r + 1


def write_table_header(ws: Worksheet, row: int, columns, *, size: float = 12) -> int:
    """A two-level table header. ``columns`` is a sequence of ``(group, label)``
    pairs: ``group`` ``None`` gives a cell merged over both rows; consecutive
    columns with the same ``group`` share a merged cell in the first row and
    show ``label`` in the second. Returns the row after the header."""
    bold = font(size, bold=True)
    col = 1
    columns = list(columns)
    while col <= len(columns):
        group, label = columns[col - 1]
        if group is None:
            cell = write_text(ws.cell(row=row, column=col), label, text_format=False)
            ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
            span_end = col
        else:
            span_end = col
            while span_end < len(columns) and columns[span_end][0] == group:
                span_end += 1
            cell = write_text(ws.cell(row=row, column=col), group, text_format=False)
            if span_end > col:
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=span_end)
            for c in range(col, span_end + 1):
                sub = write_text(ws.cell(row=row + 1, column=c), columns[c - 1][1], text_format=False)
                sub.font, sub.alignment, sub.border = bold, CENTER, BOX
        cell.font, cell.alignment = bold, CENTER
        for r in (row, row + 1):
            for c in range(col, span_end + 1):
                ws.cell(row=r, column=c).border = BOX
        col = span_end + 1
    return row + 2


#: A4's width in points and the margins of :func:`setup_print` (left 0,98″, right 0,59″)
_A4_SHORT_PT, _A4_LONG_PT, _SIDE_MARGINS_PT = 595.3, 841.9, (0.98 + 0.59) * 72


def print_scale(widths, *, landscape: bool = True) -> float:
    """About how much "fit to page width" shrinks a sheet of these column
    widths on A4 (1: not at all): a column of width w is about 7w + 5 pixels
    (Excel's default font), 0,75 pt a pixel."""
    table = sum(7 * w + 5 for w in widths) * 0.75
    room = (_A4_LONG_PT if landscape else _A4_SHORT_PT) - _SIDE_MARGINS_PT
    return min(1.0, room / table) if table else 1.0


def set_column_widths(ws: Worksheet, widths) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def setup_print(
    ws: Worksheet,
    *,
    landscape: bool = True,
    header_rows: tuple[int, int] | None = None,
    fit_width: bool = True,
) -> None:
    """A4, landscape by default, fitted to one page wide (as many pages tall as
    needed), header rows repeated on every page, centred horizontally,
    margins in the spirit of Nghị định 30/2020 (left wider for binding)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        # fitToWidth is ignored unless the sheet is set to "fit to page".
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    if header_rows is not None:
        first, last = header_rows
        ws.print_title_rows = f"{first}:{last}"
    ws.print_options.horizontalCentered = True
    # inches: 25 mm left, 15 mm right, 20 mm top/bottom
    ws.page_margins.left = 0.98
    ws.page_margins.right = 0.59
    ws.page_margins.top = 0.79
    ws.page_margins.bottom = 0.79
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT_NAME
    ws.oddFooter.center.size = 11


class FastStyles:
    """Named styles applied by the 100,000: ``cell.style = name`` looks the
    style up by name on every call; copying the style array of a cell that
    already has it (``cell._style``, what openpyxl itself copies) is ~10×
    faster. Register the styles once, then :meth:`apply`."""

    def __init__(self, wb) -> None:
        self._wb = wb
        self._arrays: dict[str, object] = {}
        self._scratch = None

    def add(self, style) -> None:
        from copy import copy

        self._wb.add_named_style(style)
        if self._scratch is None:
            self._scratch = self._wb.create_sheet("_styles")
        cell = self._scratch.cell(row=len(self._arrays) + 1, column=1)
        cell.style = style.name
        self._arrays[style.name] = copy(cell._style)

    def apply(self, cell, name: str) -> None:
        cell._style = StyleArray(self._arrays[name])  # a copy: cells must not share it

    def finish(self) -> None:
        """Remove the scratch sheet before saving."""
        if self._scratch is not None:
            self._wb.remove(self._scratch)
            self._scratch = None


def save_workbook(wb, path) -> None:
    """Save through :func:`~thidua_desktop.services.documents.output.atomic_write`: never
    over a data file or a backup, never a truncated file in place of a good
    one, the faults of the user's file system as a Vietnamese
    :class:`~thidua_desktop.store.db.StoreError` (the file is open in Excel, the
    folder is read-only, the disk is full)."""
    from .output import atomic_write

    atomic_write(path, wb.save)
