"""Reading tables out of real-world Excel documents: what every importer shares.

Spreadsheets the secretary receives are documents, not tables: an
administrative header above the table, one- or two-row merged headers,
section rows, blank rows, subtotals, a footer with signatures, text typed in
NFD or in the legacy TCVN3/VNI encodings. The importers
(:mod:`.roster`, :mod:`.history`, :mod:`.xep_loai`)
share the steps that do not depend on what the table holds:

* :func:`list_sheets`, :func:`read_sheet` — refuse anything that is not an
  ``.xlsx`` with a Vietnamese reason, then read the cell values once
  (openpyxl read-only) with the merged ranges;
* :func:`detect_layout` — find the header rows and map columns to fields by
  accent-insensitive header words; *what* the words mean is the importer's
  :class:`HeaderSpec` (its fields, its classifier, the header cell that
  anchors the table, two-row header refinements);
* :class:`CellText` / :func:`legacy_fixes` — cell text decoded from
  TCVN3/VNI (sheet-wide when legacy text dominates, cell by cell otherwise),
  NFC, cleaned, each decoded cell recorded as a :class:`LegacyCell`;
* structure recognisers — blank rows, the column-number row, repeated
  headers, section rows, subtotal rows, the footer (:func:`footer_in_row`,
  :func:`section_row`, …);
* :class:`PersonIndex` — who a row names, by name + birth date (see its
  doc for the rules).

Every row an importer plans gets a :class:`RowStatus`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel

from ...domain import vntext
from ...domain.dates import DateError, PartialDate, parse_partial_date
from ...store.db import StoreError

__all__ = [
    "BLANK", "SUBTOTAL_REASON", "CellText", "HeaderSpec", "ImportFileError", "Layout", "LegacyCell",
    "PersonIndex", "RowStatus", "SheetData", "compatible_dates", "date_label", "detect_layout",
    "find_header", "footer_in_row", "header_key", "header_text", "is_blank", "is_column_numbers",
    "is_header_repeat", "is_mark", "is_name_header", "legacy_fixes", "list_sheets", "name_key", "open_workbook",
    "parse_birth", "plain", "read_sheet", "section_name", "section_row", "sheet_rows", "short", "unit_key",
]

HEADER_SCAN_ROWS = 60
_HEADER_SCAN_ROWS = HEADER_SCAN_ROWS
# What no real list needs (a roster of a whole province is a few thousand
# rows of twenty columns, a few MB of XML): refused before reading, so a
# small hostile file (400 MB of whitespace in 0.4 MB, a cell in column XFD on
# every row) cannot take the computer's memory.
MAX_PART_BYTES = 100 * 1024 * 1024  # one part of the .xlsx unpacked (a sheet, the shared strings)
MAX_TOTAL_BYTES = 250 * 1024 * 1024  # the whole .xlsx unpacked
MAX_COLUMNS = 200
MAX_ROWS = 200_000
_LEGACY_SAMPLE = 2000


class ImportFileError(StoreError):
    """The file cannot be imported (not an .xlsx, protected, damaged, empty,
    no table, or the plan has errors); the message is Vietnamese."""


class RowStatus(str, enum.Enum):
    """What an import does with one Excel row."""
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    ERROR = "error"
    #: the row names nobody, or several people/units: the user picks who
    UNMATCHED = "unmatched"


@dataclass
class LegacyCell:
    excel_row: int
    column: str  # letter, e.g. "B"
    before: str
    after: str
    encoding: str  # "tcvn3" | "vni"


# --- reading ----------------------------------------------------------------


# --- reading ----------------------------------------------------------------

@dataclass
class SheetData:
    """Raw cell values of one sheet: Excel row *n* is ``rows[n - 1]``.

    Rows may have different lengths (missing cells are ``None``); trailing
    blank rows are dropped. ``merged`` lists merged ranges as
    ``(min_col, min_row, max_col, max_row)`` when the file could be scanned
    for them (empty otherwise).
    """
    name: str
    rows: list[tuple]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def value(self, row: int, col: int):
        """Value at 1-based ``row``, ``col`` (``None`` outside the data)."""
        if 1 <= row <= len(self.rows):
            r = self.rows[row - 1]
            if 1 <= col <= len(r):
                return r[col - 1]
        return None


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff(path: Path) -> None:
    """Refuse, with a useful Vietnamese message, anything that is not an .xlsx."""
    name = path.name
    if not path.exists():
        raise ImportFileError(f"Không tìm thấy tệp “{path}”.")
    if path.is_dir():
        raise ImportFileError(f"“{path}” là một thư mục, không phải tệp Excel.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head.startswith(_OLE_MAGIC):
                body = head + fh.read(64 * 1024 * 1024)
            else:
                body = b""
    except OSError as exc:
        raise ImportFileError(
            f"Không mở được tệp “{name}” ({exc.strerror or exc}). Nếu tệp đang mở trong "
            "Excel hoặc nằm trên ổ mạng, hãy đóng Excel hoặc chép tệp về máy rồi thử lại."
        ) from exc
    if not head:
        raise ImportFileError(f"Tệp “{name}” rỗng (0 byte), không có dữ liệu để nhập.")
    if head.startswith(_OLE_MAGIC):
        if _utf16("EncryptedPackage") in body or _utf16("EncryptionInfo") in body:
            raise ImportFileError(
                f"Tệp “{name}” được đặt mật khẩu nên chương trình không đọc được. "
                "Hãy mở tệp bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → "
                "Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi nhập lại."
            )
        if _utf16("Workbook") in body or _utf16("Book") in body:
            raise ImportFileError(
                f"Tệp “{name}” là định dạng Excel cũ (.xls, Excel 97–2003). Hãy mở bằng Excel, "
                "chọn Tệp → Lưu thành → “Sổ làm việc Excel (*.xlsx)”, rồi nhập tệp mới."
            )
        raise ImportFileError(
            f"Tệp “{name}” là tài liệu Office định dạng cũ, không phải bảng tính Excel .xlsx."
        )
    if not head.startswith(_ZIP_MAGIC):
        kind = "tệp văn bản hoặc CSV" if _looks_like_text(path) else "một loại tệp khác"
        raise ImportFileError(
            f"Tệp “{name}” không phải bảng tính Excel .xlsx (có vẻ là {kind} bị đổi đuôi). "
            "Hãy mở tệp bằng Excel và lưu lại dạng “Sổ làm việc Excel (*.xlsx)”."
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFileError(
            f"Tệp “{name}” bị hỏng (không giải nén được: {exc}). Hãy mở bằng Excel để sửa "
            "hoặc xin lại tệp gốc."
        ) from exc
    if "word/document.xml" in names:
        raise ImportFileError(
            f"Tệp “{name}” là tài liệu Word (.docx) bị đổi tên, không phải bảng tính Excel. "
            "Hãy chép bảng sang Excel và lưu dạng .xlsx."
        )
    if "ppt/presentation.xml" in names:
        raise ImportFileError(f"Tệp “{name}” là tệp PowerPoint bị đổi tên, không phải bảng tính Excel.")
    if b"opendocument" in mimetype:
        raise ImportFileError(
            f"Tệp “{name}” là bảng tính OpenDocument (.ods). Hãy lưu lại dạng .xlsx rồi nhập."
        )
    if "xl/workbook.bin" in names:
        raise ImportFileError(
            f"Tệp “{name}” là định dạng Excel nhị phân (.xlsb). Hãy lưu lại dạng .xlsx rồi nhập."
        )
    if not any(n.startswith("xl/") for n in names) or "[Content_Types].xml" not in names:
        raise ImportFileError(f"Tệp “{name}” là tệp nén nhưng không phải bảng tính Excel .xlsx.")
    _check_unpacked_size(name, infos)


def _check_unpacked_size(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a workbook that unpacks to more than any real list needs (the
    sizes the zip declares: zipfile never reads past them)."""
    big = max(infos, key=lambda i: i.file_size)
    total = sum(i.file_size for i in infos)
    if big.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
        part = big.filename.rsplit("/", 1)[-1]
        raise ImportFileError(
            f"Tệp “{name}” khi giải nén chiếm {_megabytes(max(total, big.file_size))} (phần “{part}”: "
            f"{_megabytes(big.file_size)}), quá lớn so với một danh sách (tối đa {_megabytes(MAX_PART_BYTES)} "
            "mỗi trang). Tệp có thể chứa rất nhiều ô trống hoặc định dạng thừa: hãy chép riêng bảng cần nhập "
            "sang một sổ làm việc mới rồi lưu lại."
        )


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB".replace(",", ".")


def _looks_like_text(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            sample = fh.read(4096)
    except OSError:
        return False
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # cut in the middle of a character


@contextlib.contextmanager
def _open_workbook(path: Path | str) -> Iterator[openpyxl.Workbook]:
    path = Path(path)
    _sniff(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise ImportFileError(f"Không mở được tệp “{path.name}” ({exc.strerror or exc}).") from exc
    wb = None
    try:
        try:
            # A file object, not the name: openpyxl would refuse a good
            # workbook whose name does not end in .xlsx/.xlsm.
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # any parse failure of a damaged file
            raise _damaged(path, exc) from exc
        yield wb
    finally:
        if wb is not None:
            with contextlib.suppress(Exception):
                wb.close()
        fh.close()


def _damaged(path: Path, exc: BaseException) -> ImportFileError:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return ImportFileError(
        f"Tệp “{path.name}” bị hỏng hoặc không phải bảng tính Excel hợp lệ ({detail[:200]}). "
        "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi nhập."
    )


def _worksheets(wb: openpyxl.Workbook, path: Path) -> list:
    sheets = list(wb.worksheets)
    if not sheets:
        raise ImportFileError(f"Tệp “{Path(path).name}” không có trang tính nào.")
    return sheets


def list_sheets(path: Path | str) -> list[str]:
    """Names of the worksheets of an .xlsx file, in workbook order."""
    with _open_workbook(path) as wb:
        return [ws.title for ws in _worksheets(wb, Path(path))]


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


_MERGE_CHUNK = 1 << 20
_MERGE_MAX = 100_000  # more merged ranges than any document has: the rest are ignored


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a read-only sheet, read from its XML (read-only mode
    does not expose them) a chunk at a time, never the whole sheet in
    memory. Best effort: an empty list if the XML is unusual."""
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return []
    out: list[tuple[int, int, int, int]] = []
    try:
        with get_source() as src:
            tail = b""
            while len(out) < _MERGE_MAX:
                chunk = src.read(_MERGE_CHUNK)
                if not chunk:
                    break
                buf = tail + chunk
                end = 0
                for m in _MERGE_RE.finditer(buf):
                    c1, r1, c2, r2 = m.groups()
                    col1, row1 = column_index_from_string(c1.decode()), int(r1)
                    col2 = column_index_from_string(c2.decode()) if c2 else col1
                    row2 = int(r2) if r2 else row1
                    out.append((min(col1, col2), min(row1, row2), max(col1, col2), max(row1, row2)))
                    end = m.end()
                # keep what a match cut by the chunk's end may start with
                tail = buf[max(end, len(buf) - 200):]
    except Exception:  # noqa: BLE001 - merges are an optional refinement
        return out
    return out


_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?"')


def _declared_size(ws) -> tuple[int, int] | None:
    """The columns and rows a sheet's ``<dimension>`` declares (at the start of
    its XML), or ``None``."""
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return None
    try:
        with get_source() as src:
            head = src.read(64 * 1024)
    except Exception:  # noqa: BLE001 - the read itself will say what is wrong
        return None
    m = _DIMENSION_RE.search(head)
    if not m:
        return None
    c1, r1, c2, r2 = m.groups()
    return column_index_from_string((c2 or c1).decode()), int(r2 or r1)


class _TooBig(Exception):
    """A sheet larger than any real list (see :data:`MAX_ROWS`, :data:`MAX_COLUMNS`)."""


def _too_big_message(path: Path, ws, why: str) -> str:
    return (f"Trang tính “{ws.title}” của tệp “{path.name}” {why}, quá lớn so với một danh sách (tối đa "
            f"{_thousands(MAX_ROWS)} dòng, {MAX_COLUMNS} cột). Nếu có ô ghi nhầm ở xa bảng, hãy xóa các dòng, "
            "cột thừa (hoặc chép riêng bảng sang một sổ làm việc mới) rồi lưu lại.")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _check_declared_size(path: Path, ws) -> None:
    size = _declared_size(ws)
    if size is None:
        return
    cols, rows = size
    if cols > MAX_COLUMNS:
        raise ImportFileError(_too_big_message(path, ws, f"khai báo ô tới cột {get_column_letter(cols)}"))
    if rows > MAX_ROWS:
        raise ImportFileError(_too_big_message(path, ws, f"khai báo ô tới dòng {_thousands(rows)}"))


def _read_rows(ws, max_row: int | None = None) -> list[tuple]:
    """The rows' values, at most :data:`MAX_ROWS` rows of :data:`MAX_COLUMNS`
    cells (empty cells beyond are dropped; a value beyond raises _TooBig)."""
    # Some programs write a wrong <dimension>; without reset openpyxl would
    # cut the rows to it.
    ws.reset_dimensions()
    rows = []
    append = rows.append
    for n, row in enumerate(ws.iter_rows(values_only=True, max_row=max_row), start=1):
        if len(row) > MAX_COLUMNS:
            extra = row[MAX_COLUMNS:]
            if _has_value(extra):
                col = MAX_COLUMNS + next(i for i, v in enumerate(extra, start=1) if _has_value((v,)))
                raise _TooBig(f"có dữ liệu ở ô {get_column_letter(col)}{n}")
            row = row[:MAX_COLUMNS]
        if n > MAX_ROWS:
            raise _TooBig(f"có hơn {_thousands(MAX_ROWS)} dòng")
        append(row)
    while rows and not _has_value(rows[-1]):
        rows.pop()
    return rows


def _has_value(row) -> bool:
    for v in row:
        if v is not None and not (isinstance(v, str) and not v.strip()):
            return True
    return False


def open_workbook(path: Path | str):
    """The workbook at ``path`` (read-only, values), as a context manager,
    after :func:`_sniff` has refused with a Vietnamese reason anything that
    is not an ``.xlsx`` by its content (whatever its name): a password, an
    ``.xls``, a CSV, a Word file, too large once unpacked …"""
    return _open_workbook(path)


def sheet_rows(path: Path | str, ws) -> list[tuple]:
    """The values of a worksheet of :func:`open_workbook`, within the limits
    of a real list (:data:`MAX_ROWS`, :data:`MAX_COLUMNS`), trailing empty
    rows dropped; a damaged sheet is an :class:`ImportFileError`."""
    path = Path(path)
    _check_declared_size(path, ws)
    try:
        return _read_rows(ws)
    except _TooBig as exc:
        raise ImportFileError(_too_big_message(path, ws, str(exc))) from None
    except Exception as exc:  # damaged sheet XML, bad shared strings, ...
        raise _damaged(path, exc) from exc


def read_sheet(path: Path | str, sheet: str | None = None, headers: HeaderSpec | None = None) -> SheetData:
    """Read the cell values of ``sheet`` (default: the first sheet that has a
    table header as ``headers`` describes it, else the first sheet), once, in
    read-only mode."""
    path = Path(path)
    with _open_workbook(path) as wb:
        sheets = _worksheets(wb, path)
        if sheet is not None:
            matches = [ws for ws in sheets if ws.title == sheet]
            if not matches:
                names = ", ".join(f"“{ws.title}”" for ws in sheets)
                raise ImportFileError(f"Tệp “{path.name}” không có trang tính “{sheet}” (các trang: {names}).")
            ws = matches[0]
        else:
            ws = sheets[0]
            if len(sheets) > 1 and headers is not None:
                for candidate in sheets:
                    try:
                        head = SheetData(candidate.title, _read_rows(candidate, _HEADER_SCAN_ROWS))
                        find_header(head, headers)
                    except ImportFileError:
                        continue
                    except Exception:  # noqa: BLE001 - a damaged other sheet: keep looking
                        continue
                    ws = candidate
                    break
        rows = sheet_rows(path, ws)
        merged = _merged_ranges(ws) if rows else []
    if not rows:
        raise ImportFileError(f"Trang tính “{ws.title}” của tệp “{path.name}” không có dữ liệu.")
    return SheetData(ws.title, rows, merged)


# --- layout -----------------------------------------------------------------

@dataclass
class Layout:
    """Where the table header is and which column (1-based) holds each field."""
    header_first_row: int
    header_last_row: int
    columns: dict[str, int]


_NON_WORD = re.compile(r"[^0-9a-z]+")
_key_cache: dict[str, str] = {}


def header_key(value) -> str:
    """Accent-free, lower-case, punctuation-free key of a header/footer text:
    ``"Ngày, tháng, năm sinh"`` → ``"ngay thang nam sinh"``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    k = _key_cache.get(text)
    if k is None:
        k = _NON_WORD.sub(" ", vntext.search_key(text)).strip()
        if len(_key_cache) > 50_000:
            _key_cache.clear()
        _key_cache[text] = k
    return k


_HO_TEN_RE = re.compile(
    r"ho (va |va chu dem |dem |chu dem )?ten( (khai sinh|can bo|cb|cbcc|cbccvc|cong chuc|vien chuc|"
    r"nguoi lao dong|nhan vien|ca nhan|thanh vien))*( \w+)?"
)
_HO_TEN_EXACT = {"ho ten", "ho va ten", "ten can bo", "ten cbccvc", "ten nhan vien", "ho ten can bo"}
GIVEN_PART = frozenset({"ten", "ten goi"})
FAMILY_PART = frozenset({"ho", "ho dem", "ho va dem", "ho va ten dem", "ho chu dem", "ho va chu dem"})


def is_name_header(key: str) -> bool:
    """Does a header key name a person's name column ("Họ và tên", "Họ tên cán bộ")?"""
    return key in _HO_TEN_EXACT or bool(_HO_TEN_RE.fullmatch(key))


@dataclass(frozen=True)
class HeaderSpec:
    """What one importer's header words mean.

    ``classify(key)`` maps a header key (:func:`header_key`) to a field of
    ``fields`` or ``None``. ``anchor(key)`` recognises the header cell that
    marks the table (the name column); the field it maps to is ``required``.
    In a two-row header, ``refine(top_field, bottom_key)`` names the field of
    a sub-header cell under a group cell ("Ngày sinh" over "Nam" | "Nữ",
    "Quyết định" over "Số" | "Ngày"), or ``None``. ``sub_keys`` are the
    sub-header words that alone say nothing ("nam", "nu", "so", "ngay"); a
    row of them right under the anchor row makes a two-row header, and a row
    holding the anchor and such words under a ``group_fields`` cell is the
    second row of one; ``sub_key(key)`` recognises more such words (titles
    over tick columns). ``no_inherit`` lists group fields whose unknown
    sub-headers do not inherit the group ("Trình độ" over "Lý luận chính
    trị"). ``what`` names the table in messages ("bảng cán bộ").
    """
    fields: Mapping[str, str]
    classify: Callable[[str], str | None]
    required: str = "ho_ten"
    anchor: Callable[[str], bool] = is_name_header
    refine: Callable[[str | None, str], str | None] = lambda top, bottom: None
    sub_keys: frozenset[str] = frozenset()
    sub_key: Callable[[str], bool] = lambda key: False
    group_fields: tuple[str, ...] = ()
    no_inherit: tuple[str, ...] = ()
    what: str = "bảng"

    @property
    def required_label(self) -> str:
        return self.fields.get(self.required, self.required)


def _row_keys(data: SheetData, row: int, width: int) -> list[str]:
    return [header_key(header_text(data.value(row, c))) for c in range(1, width + 1)]


def header_text(value) -> str | None:
    """Header cell text, decoded from TCVN3/VNI if it is legacy-encoded."""
    if not isinstance(value, str):
        return None if value is None else str(value)
    if not value.isascii():
        fixed = fix_legacy(value, None)
        if fixed is not None:
            return fixed[0]
    return value


def find_header(data: SheetData, spec: HeaderSpec) -> tuple[int, int]:
    """``(first_row, last_row)`` of the table header, or ImportFileError."""
    limit = min(len(data.rows), HEADER_SCAN_ROWS)
    for r in range(1, limit + 1):
        row = data.rows[r - 1]
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            if spec.anchor(header_key(header_text(v))):
                return _header_span(data, r, c, spec)
    raise ImportFileError(
        f"Không tìm thấy {spec.what} trong trang “{data.name}”: không có ô tiêu đề “{spec.required_label}” "
        f"trong {limit} dòng đầu. Hãy kiểm tra đúng trang tính, hoặc chọn dòng tiêu đề và các cột bằng tay."
    )


def _header_span(data: SheetData, r: int, name_col: int, spec: HeaderSpec) -> tuple[int, int]:
    width = max(len(data.rows[r - 1]), len(data.rows[r]) if r < len(data.rows) else 0)
    below = [data.value(r + 1, c) for c in range(1, width + 1)]
    if _is_subheader(below, name_col, spec):
        return r, r + 1
    here = _row_keys(data, r, width)
    if r > 1 and any(k in spec.sub_keys for k in here):
        above = _row_keys(data, r - 1, width)
        if any(spec.classify(k) in spec.group_fields for k in above if k):
            return r - 1, r
    return r, r


_DATE_LIKE_TEXT = re.compile(r"^\d")


def _is_subheader(values: list, name_col: int, spec: HeaderSpec) -> bool:
    """Is the row below the anchor header its second header row?"""
    texts = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    if not texts:
        return False
    name_cell = values[name_col - 1] if name_col - 1 < len(values) else None
    name_key = header_key(header_text(name_cell))
    if name_cell is not None and name_key not in FAMILY_PART and name_key not in GIVEN_PART:
        return False
    known = 0
    for v in texts:
        if not isinstance(v, str) or _DATE_LIKE_TEXT.match(v.strip()):
            return False
        k = header_key(header_text(v))
        if k in spec.sub_keys or spec.classify(k) is not None or spec.sub_key(k):
            known += 1
    return known > 0


def _merge_map(data: SheetData, first: int, last: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Cells of merged ranges touching the header rows → their anchor."""
    out = {}
    for c1, r1, c2, r2 in data.merged:
        if r2 < first or r1 > last or (c1 == c2 and r1 == r2):
            continue
        for r in range(max(r1, first), min(r2, last) + 1):
            for c in range(c1, c2 + 1):
                out[(r, c)] = (r1, c1)
    return out


def detect_layout(data: SheetData, spec: HeaderSpec) -> Layout:
    """Find the header rows and map columns to ``spec.fields``.

    Header texts are compared accent- and case-insensitively (legacy TCVN3 /
    VNI headers are decoded first). In a two-row header the group cells of
    the first row are filled to the right over the columns their merge covers
    (read-only files show a merged cell only at its anchor), and
    ``spec.refine`` names the sub-header cells under them. When several
    columns claim a field, the best-scored leftmost wins. Raises
    :class:`ImportFileError` if the anchor header is missing.
    """
    first, last = find_header(data, spec)
    width = max(len(data.rows[r - 1]) for r in range(first, last + 1))
    merges = _merge_map(data, first, last)
    top = [header_text(data.value(first, c)) for c in range(1, width + 1)]
    bottom = [header_text(data.value(last, c)) for c in range(1, width + 1)] if last > first else [None] * width
    # Fill merged group cells of the first row to the right.
    for i in range(width):
        if top[i] is None:
            anchor = merges.get((first, i + 1))
            if anchor is not None:
                top[i] = header_text(data.value(*anchor))
            elif i > 0 and bottom[i] is not None and top[i - 1] is not None and not merges:
                # merges unknown: a header cell empty above a sub-header
                # belongs to the group on its left
                top[i] = top[i - 1]
    candidates: dict[str, list[tuple[int, int]]] = {}  # field -> [(score, col)]
    for i in range(width):
        col = i + 1
        tkey, bkey = header_key(top[i]), header_key(bottom[i])
        # a cell merged vertically over both rows shows the same text below
        if last > first and merges.get((last, col)) == merges.get((first, col)) and (first, col) in merges:
            bkey = ""
        tfield = spec.classify(tkey)
        fld, score = None, 0
        if bkey:
            refined = spec.refine(tfield, bkey)
            if refined is not None:
                fld, score = refined, 3
            else:
                fld = spec.classify(bkey)
                score = 2
                if fld is None and tfield is not None and tfield not in spec.no_inherit:
                    fld, score = tfield, 1
        elif tfield is not None:
            fld, score = tfield, 2
        if fld is not None:
            candidates.setdefault(fld, []).append((score, col))
    columns: dict[str, int] = {}
    for fld in spec.fields:
        options = candidates.get(fld)
        if options:
            best = max(s for s, _ in options)
            columns[fld] = min(c for s, c in options if s == best)
    if spec.required not in columns:
        raise ImportFileError(f"Không tìm thấy cột “{spec.required_label}” trong trang “{data.name}”.")
    # "Họ và tên" merged over two columns without a second header row:
    # family + middle names on the left, given name on the right.
    if "ten" in spec.fields and "ten" not in columns:
        for c1, r1, c2, _r2 in data.merged:
            if r1 == first and c1 == columns[spec.required] and c2 == c1 + 1 and c2 not in columns.values():
                columns["ten"] = c2
                break
    return Layout(first, last, columns)


def check_layout(layout: Layout, spec: HeaderSpec) -> None:
    """Refuse a hand-made layout that cannot be used (ImportFileError)."""
    if spec.required not in layout.columns:
        raise ImportFileError(f"Chưa chọn cột “{spec.required_label}”.")
    if layout.header_first_row < 1 or layout.header_last_row < layout.header_first_row:
        raise ImportFileError("Dòng tiêu đề không hợp lệ: dòng cuối phải sau hoặc bằng dòng đầu.")
    unknown = set(layout.columns) - set(spec.fields)
    if unknown or any(not isinstance(c, int) or c < 1 for c in layout.columns.values()):
        raise ImportFileError(f"Cách gán cột không hợp lệ: {layout.columns}")


# --- structure of the rows ---------------------------------------------------

_STT_TEXT = re.compile(r"^\d{1,6}\s*[.)]?$")
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


_MARKS = {"x", "X", "✓", "✔", "v", "V", "+", "•", "*", "1", "có", "Có", "x)", "(x)"}
_MARK_TRUE = {vntext.search_key(m) for m in _MARKS}


def is_mark(value) -> bool:
    """A tick in a cell: ``x``, ``✓``, ``1``, ``có``, TRUE."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value == 1:
        return True
    return isinstance(value, str) and len(value) <= 8 and vntext.search_key(value) in _MARK_TRUE


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
    return isinstance(v, str) and bool(_DATE_LIKE_TEXT.match(v.strip()))


def has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_upper_text(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


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


BLANK = "Dòng trống"
SUBTOTAL_REASON = "Dòng cộng"


def short(text: str, n: int = 60) -> str:
    t = vntext.clean(text)
    return t if len(t) <= n else t[: n - 1] + "…"


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


# --- matching people ----------------------------------------------------------

def compatible_dates(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Can two birth dates be the same person's: equal, or one only a year (or
    missing) and the other of that year."""
    if a is None or b is None:
        return True
    if a.year_only or b.year_only:
        return a.year == b.year
    return a == b


def name_key(name: str) -> str:
    """Case- and spacing-insensitive, accent-sensitive."""
    return " ".join(vntext.nfc(name).casefold().split())


def _marks(ch: str) -> tuple[str, frozenset[str]]:
    if ch in "đĐ":
        return ch.replace("đ", "d").replace("Đ", "D"), frozenset({"đ"})
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0], frozenset(decomposed[1:])


def fewer_accents(new: str, old: str) -> bool:
    """``new`` is ``old`` with some of its diacritics lost (case and spacing
    aside): "Nguyen Van Trung" or "Nguyên Văn Trung" of "Nguyễn Văn Trùng". An
    update never replaces a name by such a form of it."""
    a, b = name_key(new), name_key(old)
    if a == b or len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x != y:
            (bx, mx), (by, my) = _marks(x), _marks(y)
            if bx != by or not mx < my:
                return False
    return True


def date_label(iso: str | None) -> str:
    d = PartialDate.from_iso(iso)
    return d.display() if d else "không rõ ngày sinh"


@functools.lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """Accent- and case-insensitive key of a unit name."""
    return vntext.search_key(name)


class PersonIndex:
    """Stored people by name, for finding who an imported row names.

    ``rows`` are tuples whose items 0, 1, 2 are the staff id, ``ho_ten`` and
    ``ten_key`` (:func:`vntext.search_key` of the name) and item
    ``birth_at`` the ISO birth date (``"1980"`` or ``"1980-03-12"``) or
    ``None``. The rules, shared by every importer:

    * names are compared letter for letter (case and spacing aside) first;
      only when no such person has a compatible birth date are they compared
      without accents, so a list typed without accents still finds "Nguyễn
      Văn An", while "Dung" and "Dũng" stay two people (:meth:`pool`);
    * birth dates must be *compatible* (:func:`compatible_dates`); a person
      with the same date as the row wins over those only compatible with it
      (:meth:`find`).
    """

    def __init__(self, rows: Iterable[tuple], *, birth_at: int = 4):
        self.birth_at = birth_at
        self.by_key: dict[str, list[tuple]] = {}
        self._by_given: dict[str, list[str]] | None = None
        for s in rows:
            self.by_key.setdefault(s[2], []).append(s)

    def add(self, row: tuple) -> None:
        """One more person (a row of the file being read, to match later rows against)."""
        self.by_key.setdefault(row[2], []).append(row)
        self._by_given = None

    def birth(self, row: tuple) -> PartialDate | None:
        return PartialDate.from_iso(row[self.birth_at])

    def pool(self, name: str, key: str, birth: PartialDate | None) -> list[tuple] | tuple:
        """Stored people a row may be: same spelling if any has a compatible
        date, else the same accent-free key."""
        same_key = self.by_key.get(key, ())
        wanted = name_key(name)
        if len(same_key) < 2 and all(name_key(s[1]) == wanted for s in same_key):
            return same_key
        spelled = [s for s in same_key if name_key(s[1]) == wanted]
        if any(compatible_dates(birth, self.birth(s)) for s in spelled):
            return spelled
        return same_key

    def find(self, name: str, birth: PartialDate | None, key: str | None = None) -> list[tuple]:
        """Who a row (name, birth date) may be: the people of :meth:`pool`
        with the same date if any, else those with a compatible date. One
        row: found; none: nobody; several: ambiguous."""
        key = key if key is not None else vntext.search_key(name)
        pool = self.pool(name, key, birth)
        iso = birth.iso() if birth else None
        same = [s for s in pool if s[self.birth_at] == iso]
        if same:
            return same
        return [s for s in pool if compatible_dates(birth, self.birth(s))]

    def similar(self, name: str, limit: int = 5) -> list[tuple]:
        """People whose name shares the given name and one more word (for
        suggesting candidates of an unmatched row), at most ``limit``."""
        words = vntext.search_key(name).split()
        if not words:
            return []
        if self._by_given is None:
            self._by_given = {}
            for key in self.by_key:
                if key:
                    self._by_given.setdefault(key.split()[-1], []).append(key)
        out: list[tuple] = []
        for key in self._by_given.get(words[-1], ()):
            if len(set(key.split()) & set(words)) >= min(2, len(words)):
                out.extend(self.by_key[key])
                if len(out) >= limit:
                    break
        return out[:limit]



# --- scanning a table ---------------------------------------------------------

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

    def get(row, col):
        if col is None:
            return None
        v = row[col - 1] if col - 1 < len(row) else None
        return None if isinstance(v, str) and not v.strip() else v

    for excel_row in range(layout.header_last_row + 1, len(data.rows) + 1):
        raw = data.rows[excel_row - 1]
        if excel_row in fill:
            raw = apply_fill(raw, fill[excel_row])
        nonblank = [(i + 1, v) for i, v in enumerate(raw) if not is_blank(v)]
        if not nonblank:
            out.append(ScannedRow(excel_row, "skipped", reason=BLANK))
            continue
        if terminal:
            texts = " | ".join(plain(v) for _, v in nonblank)
            out.append(ScannedRow(excel_row, "skipped", reason=f"{terminal}: “{short(texts)}”"))
            continue
        name_v = get(raw, c_name)
        if isinstance(name_v, str):
            name_v = cells.decoded(name_v)[0]
        has_name = isinstance(name_v, str) and has_letter(name_v)
        is_dated = any(date_like(get(raw, c)) for c in date_cols)
        stt_numeric = stt_number(get(raw, c_stt))
        strong = has_name and (stt_numeric or is_dated)
        if not strong:
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


def imported_legacy(cells: CellText, rows: Iterable[int]) -> list[LegacyCell]:
    """The legacy cells of the given Excel rows (footer rows are not imported)."""
    wanted = set(rows)
    return [c for c in cells.legacy if c.excel_row in wanted]


def legacy_label(encoding: str | None, legacy: list[LegacyCell]) -> str | None:
    """The sheet's legacy encoding, or the one most decoded cells used."""
    if encoding is None and legacy:
        return max(("tcvn3", "vni"), key=lambda e: sum(c.encoding.startswith(e) for c in legacy))
    return encoding
