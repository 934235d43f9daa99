"""The rows below a table's header, sorted: data rows, section rows (a unit
or a year heading the rows below it), and what is skipped — blank rows, the
column-number row, repeated headers, subtotals, cells outside the table,
the footer with its signatures (:func:`scan_table`)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ...domain import vntext
from .cells import CellText, cell_value, date_like, has_letter, is_blank, is_upper_text, plain, short, stt_number
from .layout import HeaderSpec, Layout, header_key, header_text, is_name_header
from .workbook import SheetData

__all__ = [
    "BLANK", "SUBTOTAL_REASON", "ScannedRow", "footer_in_row", "is_column_numbers", "is_header_repeat",
    "scan_table", "section_name", "section_row",
]

_ROMAN = r"(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
_ROMAN_STT = re.compile(rf"^(?:{_ROMAN}|[A-Z])\s*[.):]?$")
_SECTION_PREFIX = re.compile(
    rf"^\s*(?:(?:{_ROMAN})\s*[.)\-–—:/]?\s+|(?:{_ROMAN}|\d{{1,3}}|[A-Z])\s*[.)\-–—:/]\s*|\d{{1,3}}\s+)(?=\S)"
)
_COLNUM = re.compile(r"^\(?(\d{1,2})\)?$")
_UNIT_WORDS = ("phòng ", "văn phòng", "ban ", "tổ ", "đội ", "trung tâm", "chi cục", "khoa ",
               "bộ phận", "đơn vị", "lãnh đạo", "cơ quan", "trạm ", "chi nhánh", "xí nghiệp")

# Markers of the footer, on the accent-free key; a match ends the table.
_FOOTER_KEY = re.compile(
    r"^(tong cong|tong so|nguoi lap|lap bieu|thu truong|noi nhan|xac nhan|ky ten|k t |kt |t m |tm |"
    r"q |ky ghi ro|ky va ghi ro|ghi ro ho ten|dong dau|danh sach (nay )?(co|gom))"
    r"|\bnguoi lap (bieu|bang|danh sach)\b|\bky,? ghi ro ho ten\b|\bghi ro ho ten\b|\bky ten\b"
    r"|\bngay\b[\s\d]*\bthang\b[\s\d]*\bnam\b"
)
# Uppercase signature titles (checked on the original text).
_TITLE_WORDS = ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "CHÁNH VĂN PHÒNG",
                "KẾ TOÁN", "CHỦ TỊCH", "THỦ TRƯỞNG", "TRƯỞNG PHÒNG", "NGƯỜI LẬP", "THỦ QUỸ",
                "HIỆU TRƯỞNG", "CHI CỤC TRƯỞNG", "VIỆN TRƯỞNG")
# Subtotal lines inside the table ("Cộng: 5 người"): skipped, the table goes on.
_SUBTOTAL = re.compile(r"^(cộng|tổng)(\s*[:(\-]|\s+\d|\s*$|\s+(số|cộng|được|có))", re.IGNORECASE)


def footer_marker(text: str) -> bool:
    if _FOOTER_KEY.search(header_key(text)):
        return True
    up = vntext.nfc(text).strip()
    if is_upper_text(up):
        return any(up.startswith(t) or f" {t}" in up for t in _TITLE_WORDS)
    return False


def section_name(text: str) -> str | None:
    """Unit name of a section-row text with its numbering removed, or None."""
    t = vntext.clean(text)
    m = _SECTION_PREFIX.match(t)
    if m:
        t = t[m.end():]
    t = t.strip(" :.-–—")
    return t if has_letter(t) else None



BLANK = "Dòng trống"
SUBTOTAL_REASON = "Dòng cộng"


def vertical_fills(data: SheetData, layout: Layout, fields) -> dict[int, list[tuple[int, object]]]:
    """Vertically merged cells of the columns of ``fields`` (a unit written
    once for several people): Excel row → [(column, anchor value)] for the
    covered cells below each anchor."""
    if not data.merged:
        return {}
    wanted = {layout.columns[f] for f in fields if f in layout.columns}
    out: dict[int, list[tuple[int, object]]] = {}
    for c1, r1, c2, r2 in data.merged:
        if c1 == c2 and r2 > r1 and c1 in wanted and r1 > layout.header_last_row:
            value = data.value(r1, c1)
            if not is_blank(value):
                for r in range(r1 + 1, min(r2, len(data.rows)) + 1):
                    out.setdefault(r, []).append((c1, value))
    return out


def apply_fill(raw: tuple, cells: list[tuple[int, object]]) -> tuple:
    row = list(raw)
    for col, value in cells:
        if len(row) < col:
            row.extend([None] * (col - len(row)))
        if is_blank(row[col - 1]):
            row[col - 1] = value
    return tuple(row)


def is_column_numbers(nonblank) -> bool:
    if len(nonblank) < 3:
        return False
    numbers = []
    for _, v in nonblank:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) and float(v).is_integer():
            numbers.append(int(v))
            continue
        if isinstance(v, str):
            m = _COLNUM.match(v.strip())
            if m:
                numbers.append(int(m.group(1)))
                continue
        return False
    return numbers[0] in (0, 1) and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def footer_in_row(shown: dict, c_name: int, c_stt: int | None):
    """``("subtotal"|"footer", text)`` if the row is a subtotal or footer line."""
    name_v = shown.get(c_name)
    name_empty = name_v is None
    for col, v in shown.items():
        if not isinstance(v, str):
            continue
        in_key_cols = col in (c_name, c_stt) or col < c_name
        if not (in_key_cols or name_empty):
            continue
        text = vntext.nfc(v).strip()
        if _SUBTOTAL.match(text) and not text.casefold().startswith(("tổng cộng", "tổng số")):
            return "subtotal", text
        if footer_marker(text):
            return "footer", text
    return None


def is_header_repeat(shown: dict, header_keys: set[str], anchor=None) -> bool:
    """Is the row a repetition of the table header (a page break in the source)?"""
    anchor = anchor or is_name_header
    texts = [v for v in shown.values() if isinstance(v, str)]
    if not texts or len(texts) != len(shown):
        return False
    keys = [header_key(t) for t in texts]
    if any(anchor(k) for k in keys):
        return True
    return all(k in header_keys for k in keys) and len(keys) >= 2


def section_row(shown: dict, c_name: int, c_stt: int | None, stt_numeric: bool):
    """``(column, text)`` of the unit name if this is a section row."""
    if stt_numeric:
        return None
    stt_v = shown.get(c_stt) if c_stt else None
    name_v = shown.get(c_name)
    # (a) a Roman numeral or capital letter in the STT column, the unit in the name column
    if isinstance(stt_v, str) and _ROMAN_STT.match(stt_v.strip()) and isinstance(name_v, str) \
            and has_letter(name_v):
        return c_name, name_v
    if len(shown) != 1:
        return None
    col, v = next(iter(shown.items()))
    if not isinstance(v, str) or not has_letter(v):
        return None
    if col not in (c_name, c_stt) and col > c_name:
        return None
    t = vntext.nfc(v).strip()
    # (b) numbered: "I. VĂN PHÒNG", "II - Phòng Chính sách", "1. Văn phòng"
    if _SECTION_PREFIX.match(t) and section_name(t):
        return col, v
    # (c) a single capitalised text: "VĂN PHÒNG"
    if is_upper_text(t):
        return col, v
    # (d) a single text that names a unit: "Phòng Kế hoạch"
    if t.casefold().startswith(_UNIT_WORDS):
        return col, v
    return None


def _nonblank(raw: tuple) -> list[tuple[int, object]]:
    """``(column, value)`` of a row's non-blank cells (``is_blank`` inline: asked of every cell)."""
    return [(i, v) for i, v in enumerate(raw, 1) if v is not None and not (isinstance(v, str) and not v.strip())]


@dataclass
class ScannedRow:
    """One Excel row below the header, as :func:`scan_table` sees it.

    ``kind``: ``"data"`` (a name in the name column), ``"badname"`` (the
    name cell holds no letter; ``reason`` quotes it), ``"noname"`` (data in
    mapped columns but no name; ``reason`` lists their letters),
    ``"section"`` (a section row; ``section`` is its text without numbering)
    or ``"skipped"`` (``reason`` says why).
    ``raw`` holds the cell values, vertically merged cells filled in.
    ``strong``: the row has an STT number or a date-like value besides the
    name, so it surely belongs to the table.
    """
    excel_row: int
    kind: str
    raw: tuple = ()
    reason: str = ""
    section: str = ""
    strong: bool = False


def scan_table(
    data: SheetData, layout: Layout, spec: HeaderSpec, cells: CellText, *,
    fill_fields: Iterable[str] = (), date_fields: Iterable[str] = (),
    signature_reason: str = "dòng sau bảng không có STT và ngày (chữ ký?)",
) -> list[ScannedRow]:
    """Sort the rows below the header into data, sections and skipped rows.

    Skipped: blank rows, the column-number row, repeated headers, subtotal
    rows, rows with only an STT, cells outside the table, and the footer —
    everything from a ``Tổng cộng`` / ``Người lập biểu`` / ``…, ngày … tháng
    … năm …`` / signature-title row on, and, after the last strong row, rows
    that follow a blank or subtotal row without an STT or a date (signature
    names). ``date_fields`` are the fields whose date-like values make a row
    strong; ``fill_fields`` those whose vertically merged cells apply to
    every row they cover.
    """
    cols = layout.columns
    c_name = cols[spec.required]
    c_stt = cols.get("stt")
    date_cols = [cols[f] for f in date_fields if f in cols]
    mapped = {c for f, c in cols.items() if f not in ("stt", spec.required)}
    fill = vertical_fills(data, layout, tuple(fill_fields))
    header_keys = {
        header_key(header_text(v))
        for r in range(layout.header_first_row, min(layout.header_last_row, len(data.rows)) + 1)
        for v in data.rows[r - 1] if v is not None
    } - {""}
    out: list[ScannedRow] = []
    terminal = ""
    last_strong = -1

    for excel_row in range(layout.header_last_row + 1, len(data.rows) + 1):
        raw = data.rows[excel_row - 1]
        if excel_row in fill:
            raw = apply_fill(raw, fill[excel_row])
        name_v = cell_value(raw, c_name)
        nonblank = None  # (column, value) of the non-blank cells, listed when needed: not for most data rows
        if name_v is None or terminal:
            nonblank = _nonblank(raw)
            if not nonblank:
                out.append(ScannedRow(excel_row, "skipped", reason=BLANK))
                continue
            if terminal:
                texts = " | ".join(plain(v) for _, v in nonblank)
                out.append(ScannedRow(excel_row, "skipped", reason=f"{terminal}: “{short(texts)}”"))
                continue
        n = len(raw)
        if isinstance(name_v, str):
            name_v = cells.decoded(name_v)[0]
        has_name = isinstance(name_v, str) and has_letter(name_v)
        # a blank cell is neither date-like nor a number: no cell_value needed
        is_dated = any(date_like(raw[c - 1]) for c in date_cols if c <= n)
        stt_numeric = stt_number(raw[c_stt - 1]) if c_stt and c_stt <= n else False
        strong = has_name and (stt_numeric or is_dated)
        if not strong:
            if nonblank is None:
                nonblank = _nonblank(raw)
            if is_column_numbers(nonblank):
                out.append(ScannedRow(excel_row, "skipped", reason="Dòng đánh số cột"))
                continue
            shown = {c: (cells.decoded(v)[0] if isinstance(v, str) else v) for c, v in nonblank}
            footer = footer_in_row(shown, c_name, c_stt)
            if footer is not None:
                kind, text = footer
                if kind == "subtotal":
                    out.append(ScannedRow(excel_row, "skipped", reason=f"{SUBTOTAL_REASON}: “{short(text)}”"))
                else:
                    terminal = "Phần cuối bảng"
                    out.append(ScannedRow(excel_row, "skipped", reason=f"{terminal}: “{short(text)}”"))
                continue
            if is_header_repeat(shown, header_keys, spec.anchor):
                out.append(ScannedRow(excel_row, "skipped", reason="Dòng tiêu đề lặp lại"))
                continue
            if not is_dated:
                found = section_row(shown, c_name, c_stt, stt_numeric)
                if found is not None:
                    col = found[0]
                    text = cells.text(raw[col - 1], excel_row, col)
                    out.append(ScannedRow(excel_row, "section", raw=raw, section=section_name(text) or text))
                    continue
        if not has_name:
            others = [c for c, _ in nonblank if c in mapped]
            if name_v is not None:
                out.append(ScannedRow(excel_row, "badname", raw=raw, reason=f"“{short(str(name_v))}”"))
            elif others:
                letters = ", ".join(get_column_letter(c) for c in others)
                out.append(ScannedRow(excel_row, "noname", raw=raw, reason=letters))
            elif c_stt and [c for c, _ in nonblank] == [c_stt]:
                out.append(ScannedRow(excel_row, "skipped", reason="Chỉ có số thứ tự, không có họ tên"))
            else:
                out.append(ScannedRow(excel_row, "skipped", reason="Không có họ tên (ô ngoài bảng)"))
            continue
        if strong:
            last_strong = len(out)
        out.append(ScannedRow(excel_row, "data", raw=raw, strong=strong))
    # After the last numbered or dated row and a blank/subtotal row, rows
    # with neither STT nor date are the signature area, not the table.
    gap = False
    for i in range(last_strong + 1, len(out)) if last_strong >= 0 else ():
        row = out[i]
        if row.kind in ("data", "noname"):
            if gap and not row.strong:
                out[i] = ScannedRow(row.excel_row, "skipped", reason=f"Phần cuối bảng: {signature_reason}")
        elif row.reason == BLANK or row.reason.startswith(SUBTOTAL_REASON):
            gap = True
    return out

