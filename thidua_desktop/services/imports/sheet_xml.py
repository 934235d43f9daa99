"""The values of a read-only worksheet's cells, read straight from its XML:
the rows openpyxl's ``iter_rows(values_only=True)`` gives after
``reset_dimensions()``, value for value (tests/test_sheet_xml.py checks them
against openpyxl cell kind by cell kind: numbers, shared and inline strings,
rich runs, booleans, errors, dates by style and in ISO form, 1904 workbooks,
rows and cells without ``r``, gaps), in about half the time. Where openpyxl
loses values without a word, this does not: cells written out of order are
all kept (openpyxl keeps those up to the last one's column), and a row
written after a later row (or twice) makes the sheet damaged (openpyxl drops
it).

The workbook around the sheet is openpyxl's, read as everywhere else: its
shared strings, which styles are dates, its epoch. Only the walk over one
sheet's rows is ours, over the same parser openpyxl uses
(:func:`xml.etree.ElementTree.iterparse`): where openpyxl makes a dict and
looks up a coordinate per cell, this reads each cell's three attributes and
its ``<v>``, and remembers each column's letters once.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterator
from xml.etree.ElementTree import iterparse

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

__all__ = ["iter_values"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _V, _IS, _T, _R = (_NS + tag for tag in ("row", "v", "is", "t", "r"))
_DIGITS = "0123456789"


def _number(text: str) -> int | float:
    """A cell's number as openpyxl casts it: a float when written with a point or an exponent."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(value)


def _column(ref: str, letters: str) -> int:
    """The column of a cell reference's letters ("AB12" → 28), refused as openpyxl refuses it."""
    if letters == ref:
        raise ValueError(f"Invalid cell coordinates ({ref})")
    return column_index_from_string(letters)


def _inline(node) -> str:
    """The text of an ``<is>``: its ``<t>`` then its rich runs' ``<t>``, not the
    phonetic runs (openpyxl's ``Text.content``; a repeated element, the last)."""
    plain = None
    runs = []
    for child in node:
        if child.tag == _T:
            plain = child.text
        elif child.tag == _R:
            text = None
            for part in child:
                if part.tag == _T:
                    text = part.text
            if text is not None:
                runs.append(text)
    return (plain or "") + "".join(runs)


def iter_values(ws, max_row: int | None = None) -> Iterator[tuple]:
    """The rows of ``ws`` (a worksheet of a read-only, ``data_only`` workbook)
    as tuples of values, from row 1: a missing row is ``()``, a row is as
    long as its rightmost cell. At most ``max_row`` rows when given."""
    wb = ws.parent
    strings = ws._shared_strings
    date_styles, timedelta_styles, epoch = wb._date_formats, wb._timedelta_formats, wb.epoch
    columns: dict[str, int] = {}  # column letters → number, as met
    row_no = 0
    counter = 1  # the next row number to give
    with ws._get_source() as src:
        for _event, element in iterparse(src):
            if element.tag != _ROW:
                continue
            r = element.get("r")
            row_no = _row_number(r) if r is not None else row_no + 1
            if max_row is not None and row_no > max_row:
                break
            col_no = 0
            cells = []
            for cell in element:
                kind = cell.get("t", "n")
                ref = cell.get("r")
                style = cell.get("s")
                style = int(style) if style else 0
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    col_no = columns.get(letters)
                    if col_no is None:
                        col_no = columns[letters] = _column(ref, letters)
                else:
                    col_no += 1
                if kind == "inlineStr":
                    node = cell.find(_IS)
                    value = _inline(node) if node is not None else None
                else:
                    value = cell.findtext(_V) or None
                    if value is None:
                        pass
                    elif kind == "n":
                        value = _number(value)
                        if style in date_styles:
                            value = _date(value, style in timedelta_styles, epoch, ref)
                    elif kind == "s":
                        value = strings[int(value)]
                    elif kind == "b":
                        value = bool(int(value))
                    elif kind == "d":
                        value = from_ISO8601(value)
                    # "str", "e" and kinds no program writes: the text
                cells.append((col_no, value))
            element.clear()
            while counter < row_no:  # rows the file leaves out
                counter += 1
                yield ()
            if counter > row_no:  # openpyxl drops such a row without a word
                raise ValueError(f"dòng {row_no} được ghi sau dòng {counter - 1}")
            counter += 1
            if not cells:
                yield ()
                continue
            values = [None] * max(col for col, _ in cells)  # openpyxl: the last cell's column, losing those after it
            for col, value in cells:
                values[col - 1] = value
            yield tuple(values)
    if max_row is not None and max_row < row_no:
        for _ in range(counter, max_row + 1):
            yield ()


def _date(number, timedelta: bool, epoch, ref):
    try:
        return from_excel(number, epoch, timedelta=timedelta)
    except (OverflowError, ValueError):
        warnings.warn(f"Cell {ref} is marked as a date but the serial value {number} is outside the limits for "
                      "dates. The cell will be treated as an error.", stacklevel=2)
        return "#VALUE!"
