"""Reading real-world workbooks: refuse what is not an ``.xlsx``, then read
cell values once.

What the secretary is sent is often not what it says: an ``.xls`` renamed,
a CSV, a Word file, a password-protected workbook, a zip that unpacks to
gigabytes, a sheet with a stray cell in column XFD. :func:`open_workbook`
sniffs the content (never the name) and refuses such files with one
Vietnamese sentence that says what to do; :func:`sheet_rows` reads a sheet's
values (openpyxl's read-only workbook, the sheet's cells walked by
:mod:`.sheet_xml`) within the limits of a real list
(:data:`MAX_ROWS`, :data:`MAX_COLUMNS`, the unpacked size), and
:func:`merged_ranges` streams the merged ranges read-only mode hides.
"""
from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

from ...store.db import StoreError
from ..bulk import gc_paused
from .sheet_xml import iter_values

__all__ = [
    "MAX_COLUMNS", "MAX_PART_BYTES", "MAX_ROWS", "MAX_TOTAL_BYTES", "ImportFileError", "SheetData",
    "list_sheets", "merged_ranges", "open_workbook", "read_rows", "sheet_rows", "worksheets",
]

# What no real list needs (a roster of a whole province is a few thousand
# rows of twenty columns, a few MB of XML): refused before reading, so a
# small hostile file (400 MB of whitespace in 0.4 MB, a cell in column XFD on
# every row) cannot take the computer's memory.
MAX_PART_BYTES = 100 * 1024 * 1024  # one part of the .xlsx unpacked (a sheet, the shared strings)
MAX_TOTAL_BYTES = 250 * 1024 * 1024  # the whole .xlsx unpacked
MAX_COLUMNS = 200
MAX_ROWS = 200_000


class ImportFileError(StoreError):
    """The file cannot be imported (not an .xlsx, protected, damaged, empty,
    no table, or the plan has errors); the message is Vietnamese."""



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
def open_workbook(path: Path | str) -> Iterator[openpyxl.Workbook]:
    """The workbook at ``path`` (read-only, values), as a context manager,
    after :func:`_sniff` has refused with a Vietnamese reason anything that
    is not an ``.xlsx`` by its content (whatever its name): a password, an
    ``.xls``, a CSV, a Word file, too large once unpacked …"""
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


def worksheets(wb: openpyxl.Workbook, path: Path) -> list:
    sheets = list(wb.worksheets)
    if not sheets:
        raise ImportFileError(f"Tệp “{Path(path).name}” không có trang tính nào.")
    return sheets


def list_sheets(path: Path | str) -> list[str]:
    """Names of the worksheets of an .xlsx file, in workbook order."""
    with open_workbook(path) as wb:
        return [ws.title for ws in worksheets(wb, Path(path))]


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


_MERGE_CHUNK = 1 << 20
_MERGE_MAX = 100_000  # more merged ranges than any document has: the rest are ignored


def merged_ranges(ws) -> list[tuple[int, int, int, int]]:
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


@gc_paused()  # the rows live on: no collection rescans them while they pile up
def read_rows(ws, max_row: int | None = None) -> list[tuple]:
    """The rows' values (:func:`.sheet_xml.iter_values` of a sheet of
    :func:`open_workbook`), at most :data:`MAX_ROWS` rows of :data:`MAX_COLUMNS`
    cells (empty cells beyond are dropped; a value beyond raises _TooBig)."""
    rows = []
    append = rows.append
    for n, row in enumerate(iter_values(ws, max_row), start=1):
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


def sheet_rows(path: Path | str, ws) -> list[tuple]:
    """The values of a worksheet of :func:`open_workbook`, within the limits
    of a real list (:data:`MAX_ROWS`, :data:`MAX_COLUMNS`), trailing empty
    rows dropped; a damaged sheet is an :class:`ImportFileError`."""
    path = Path(path)
    _check_declared_size(path, ws)
    try:
        return read_rows(ws)
    except _TooBig as exc:
        raise ImportFileError(_too_big_message(path, ws, str(exc))) from None
    except Exception as exc:  # damaged sheet XML, bad shared strings, ...
        raise _damaged(path, exc) from exc
