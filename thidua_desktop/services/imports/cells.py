"""The values of cells below a table's header: text decoded from TCVN3/VNI
(sheet-wide when legacy text dominates, cell by cell otherwise), NFC and
cleaned, each decoded cell recorded; blanks, ticks, STT numbers, date-like
values, birth dates."""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from ...domain import vntext
from ...domain.dates import DateError, PartialDate, parse_partial_date
from .workbook import SheetData

__all__ = [
    "CellText", "LegacyCell", "cell_value", "date_like", "fix_legacy", "has_letter", "imported_legacy", "is_blank",
    "is_mark", "is_upper_text", "legacy_fixes", "legacy_label", "parse_birth", "plain", "short", "stt_number",
]

_LEGACY_SAMPLE = 2000
DATE_LIKE_TEXT = re.compile(r"^\d")
_STT_TEXT = re.compile(r"^\d{1,6}\s*[.)]?$")


@dataclass
class LegacyCell:
    excel_row: int
    column: str  # letter, e.g. "B"
    before: str
    after: str
    encoding: str  # "tcvn3" | "vni"



_MARKS = {"x", "X", "✓", "✔", "v", "V", "+", "•", "*", "1", "có", "Có", "x)", "(x)"}
_MARK_TRUE = {vntext.search_key(m) for m in _MARKS}


def is_mark(value) -> bool:
    """A tick in a cell: ``x``, ``✓``, ``1``, ``có``, TRUE."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value == 1:
        return True
    return isinstance(value, str) and len(value) <= 8 and vntext.search_key(value) in _MARK_TRUE


def cell_value(row: tuple, col: int | None):
    """The value at 1-based ``col`` of a row's values, ``None`` when the column
    is not mapped, beyond the row, or blank."""
    if col is None:
        return None
    v = row[col - 1] if col - 1 < len(row) else None
    return None if isinstance(v, str) and not v.strip() else v


def is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def stt_number(v) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return v >= 0
    if isinstance(v, float):
        return v >= 0 and v.is_integer()
    if isinstance(v, str):
        return bool(_STT_TEXT.match(v.strip()))
    return False


def date_like(v) -> bool:
    if v is None or isinstance(v, bool):
        return False
    if isinstance(v, (dt.date, int, float)):
        return True
    return isinstance(v, str) and bool(DATE_LIKE_TEXT.match(v.strip()))


def has_letter(text: str) -> bool:
    return text[:1].isalpha() or any(ch.isalpha() for ch in text)  # (most texts: the first one is)


def is_upper_text(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)



def fix_legacy(text: str, encoding: str | None):
    """``(converted, encoding)`` if ``text`` is TCVN3/VNI, else None."""
    try:
        fixed, enc = vntext.fix_legacy(text, encoding)
    except Exception:  # noqa: BLE001 - a converter bug must not stop the import
        return None
    if enc is None or fixed == text:
        return None
    return fixed, enc


# --- cell text --------------------------------------------------------------

class CellText:
    """Cell text for one plan: legacy decoding decided once per distinct text."""

    def __init__(self, fixes: dict[str, tuple[str, str]], convert: bool):
        self.fixes = fixes  # raw text -> (decoded text, encoding)
        self.convert = convert
        self.legacy: list[LegacyCell] = []
        self._clean: dict[str, str] = {}

    def decoded(self, value: str) -> tuple[str, tuple[str, str] | None]:
        """Text for recognising structure (decoded if legacy) and the fix, if any."""
        fix = self.fixes.get(value)
        return (fix[0], fix) if fix else (value, None)

    def clean(self, text: str) -> str:
        out = self._clean.get(text)
        if out is None:
            out = vntext.clean(text)
            self._clean[text] = out
        return out

    def text(self, value, excel_row: int, col: int) -> str:
        """Imported text of a cell: legacy-decoded (recorded), NFC, cleaned."""
        if value is None:
            return ""
        if not isinstance(value, str):
            return self.clean(plain(value))
        fix = self.fixes.get(value)
        if fix is not None:
            after = self.clean(fix[0])
            self.legacy.append(LegacyCell(excel_row, get_column_letter(col), value, after, fix[1]))
            if self.convert:
                return after
        return self.clean(value)


def plain(value) -> str:
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# Letters (or combining marks) beyond Latin-1 that Vietnamese Unicode text
# has and 8-bit legacy text read as Latin-1 never has.
_UNICODE_VIETNAMESE = re.compile("[\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]")


def legacy_fixes(data: SheetData, first_row: int) -> tuple[dict[str, tuple[str, str]], str | None]:
    """Decide the legacy decoding of every distinct text below the header.

    Texts with a Vietnamese letter beyond Latin-1 are Unicode and left alone
    (that is most text of a modern file, found with one regex search). The
    other non-ASCII texts are the candidates: if they are most of the
    sheet's text, the sheet's encoding is decided over all of them at once
    (:func:`vntext.detect_legacy_many`, which catches short ambiguous cells)
    and applied with ``fix_legacy(text, encoding)``; in a mostly-Unicode
    sheet each candidate is decided on its own (``fix_legacy(text)``,
    conservative). Returns ``({raw: (decoded, encoding)}, sheet encoding)``.
    """
    unicode_texts: set[str] = set()
    candidates: dict[str, None] = {}  # ordered: the sample below is the first texts of the sheet
    search = _UNICODE_VIETNAMESE.search
    for row in data.rows[first_row - 1:]:
        for v in row:
            if type(v) is str and not v.isascii():
                if v in unicode_texts or v in candidates:
                    continue
                if search(v):
                    unicode_texts.add(v)
                else:
                    candidates[v] = None
    if not candidates:
        return {}, None
    sheet_enc = None
    if len(candidates) >= len(unicode_texts):
        try:
            # a few thousand texts are ample evidence for a whole sheet
            sheet_enc = vntext.detect_legacy_many(itertools.islice(candidates, _LEGACY_SAMPLE))
        except Exception:  # noqa: BLE001 - a detector bug must not stop the import
            sheet_enc = None
    fixes = {}
    for text in candidates:
        fix = fix_legacy(text, sheet_enc)
        if fix is not None:
            fixes[text] = fix
    return fixes, sheet_enc


def short(text: str, n: int = 60) -> str:
    t = vntext.clean(text)
    return t if len(t) <= n else t[: n - 1] + "…"



def parse_birth(value, col: int, errors: list[str]) -> PartialDate | None:
    try:
        return parse_partial_date(value.strip() if isinstance(value, str) else value)
    except DateError as exc:
        message = f"Ngày sinh (cột {get_column_letter(col)}): {exc}"
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 3000 < value < 80000:
            # An Excel date in a column formatted as General shows as a serial number.
            with contextlib.suppress(Exception):
                as_date = from_excel(value).date()
                message += (f" — có thể là ngày {as_date:%d/%m/%Y} ở dạng số; hãy định dạng cột "
                            "là Ngày (Date) trong Excel rồi nhập lại")
        errors.append(message)
        return None



def imported_legacy(cells: CellText, rows: Iterable[int]) -> list[LegacyCell]:
    """The legacy cells of the given Excel rows (footer rows are not imported)."""
    wanted = set(rows)
    return [c for c in cells.legacy if c.excel_row in wanted]


def legacy_label(encoding: str | None, legacy: list[LegacyCell]) -> str | None:
    """The sheet's legacy encoding, or the one most decoded cells used."""
    if encoding is None and legacy:
        return max(("tcvn3", "vni"), key=lambda e: sum(c.encoding.startswith(e) for c in legacy))
    return encoding
