"""Import a staff roster (danh sách cán bộ) from an Excel .xlsx file.

Real rosters are documents, not tables: an administrative header above the
table, a two-row merged header, birth dates split into **Nam** / **Nữ**
columns, units given as section rows (``I | VĂN PHÒNG``), blank rows, a
footer with totals and signatures, names typed in NFD or in the legacy
TCVN3/VNI encodings. The import runs in four steps, each usable on its own
by the wizard and the CLI:

1. :func:`read_sheet` — read the cell values once (openpyxl read-only);
2. :func:`detect_layout` — find the header rows and map columns to fields
   by accent-insensitive synonyms; the user may correct the result;
3. :func:`plan_import` — give every Excel row below the header a status
   (new / update / unchanged / skipped / error) with a Vietnamese reason;
   nothing is written;
4. :func:`apply_import` — write the whole plan in one transaction, or refuse
   if any row is an error.

Matching rules (documented for the UI):

* A file row is the same person as a stored one when the names are equal
  and the birth dates are *compatible*: equal, or one is a refinement of the
  other (no date ⊑ year only ⊑ full date of that year). Names are compared
  letter for letter (case and spacing aside) first; only when no such
  person has a compatible date are they compared without accents
  (:func:`vntext.search_key`), so a roster typed without accents still
  finds "Nguyễn Văn An", while "Dung" and "Dũng" stay two people. An exact
  match (same date) always wins over a compatible one; if several stored
  people are compatible the row is an error (the user adds the full date to
  tell them apart).
* A more precise date in the file replaces a less precise stored one
  (``1980`` → ``12/03/1980``); a less precise date in the file never
  overwrites a precise stored one.
* UPDATE changes only what the file provides: a missing column or an empty
  cell never blanks a stored value. A name that differs only by letter case
  is not a change.
* Two rows of the file that are the same person (same key and date, or the
  same stored person) are an error on the later row: "trùng với dòng N".

Reading rules:

* Sex comes from the Nam / Nữ column that holds the birth date (a mark such
  as ``x`` there gives the sex without a date), or from a Giới tính column
  (``Nam``/``Nữ``/``nu``…) or Nam / Nữ mark columns; otherwise it is unknown.
  Disagreeing sources are an error.
* Units come from a unit column or from section rows (``I | VĂN PHÒNG``,
  ``II. Phòng …``, ``1. Văn phòng``, a lone capitalised text); the numbering
  is removed. A unit cell merged down over several rows applies to each.
  Units are matched accent- and case-insensitively; missing ones are created
  by :func:`apply_import`.
* Skipped, not errors: blank rows, the column-number row, repeated headers,
  section rows, subtotal rows (``Cộng: 5``), rows with only an STT, and the
  footer: everything from a ``Tổng cộng`` / ``Người lập biểu`` / ``Thủ
  trưởng`` / ``Nơi nhận`` / ``…, ngày … tháng … năm …`` / signature-title
  row on, and — after the last staff row that has an STT number or a birth
  date — any row without them that follows a blank or subtotal row
  (signature names).
* Legacy text: texts with a Vietnamese letter beyond Latin-1 are Unicode;
  the other non-ASCII texts are decoded from TCVN3/VNI when
  :mod:`vntext` recognises them (sheet-wide when they dominate the sheet,
  cell by cell otherwise). ``legacy_cells`` lists each decoded cell that is
  imported, whether or not the conversion is applied.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import sqlite_utils
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel

from ..domain import vntext
from ..domain.dates import DateError, PartialDate, parse_full_date, parse_partial_date
from ..domain.models import CONTRACTS, GENDERS, Staff
from ..store.db import StoreError

__all__ = [
    "FIELDS", "ImportFileError", "ImportPlan", "ImportResult", "Layout", "LegacyCell",
    "PlannedRow", "RowStatus", "SheetData", "apply_import", "describe_counts", "detect_layout",
    "list_sheets", "plan_import", "read_sheet",
]


class ImportFileError(StoreError):
    """The file cannot be imported (not an .xlsx, protected, damaged, empty,
    no staff table, or the plan has errors); the message is Vietnamese."""


#: field code → Vietnamese label, in the order the wizard shows them.
FIELDS: dict[str, str] = {
    "stt": "STT",
    "ho_ten": "Họ và tên",
    "ten": "Tên (khi họ và tên chia hai cột)",
    "ngay_sinh": "Ngày sinh",
    "ngay_sinh_nam": "Ngày sinh (Nam)",
    "ngay_sinh_nu": "Ngày sinh (Nữ)",
    "gioi_tinh": "Giới tính",
    "gioi_tinh_nam": "Giới tính — cột đánh dấu Nam",
    "gioi_tinh_nu": "Giới tính — cột đánh dấu Nữ",
    "chuc_vu": "Chức vụ",
    "ngach": "Ngạch / Chức danh",
    "trinh_do": "Trình độ",
    "don_vi": "Đơn vị",
    "loai_hop_dong": "Loại hợp đồng",
    "trang_thai": "Trạng thái",
    "ngay_nghi": "Ngày nghỉ",
    "ghi_chu": "Ghi chú",
}

_DATE_FIELDS = ("ngay_sinh", "ngay_sinh_nam", "ngay_sinh_nu")
_TEXT_FIELDS = ("chuc_vu", "ngach", "trinh_do", "ghi_chu")
# Columns whose vertically merged cells apply to every row they cover.
_VERTICAL_FILL_FIELDS = ("don_vi", "chuc_vu", "ngach", "trinh_do", "loai_hop_dong", "ghi_chu",
                         "trang_thai", "gioi_tinh")
_HEADER_SCAN_ROWS = 60
_MAX_NAME_LENGTH = 100
_LEGACY_SAMPLE = 2000


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
            names = set(zf.namelist())
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


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a read-only sheet, read from its XML (read-only mode
    does not expose them). Best effort: an empty list if the XML is unusual."""
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return []
    try:
        with get_source() as src:
            xml = src.read()
    except Exception:  # noqa: BLE001 - merges are an optional refinement
        return []
    out = []
    start = xml.rfind(b"<mergeCells")
    if start < 0:
        start = xml.find(b"mergeCells")
        if start < 0:
            return []
    for m in _MERGE_RE.finditer(xml, start):
        c1, r1, c2, r2 = m.groups()
        col1, row1 = column_index_from_string(c1.decode()), int(r1)
        col2 = column_index_from_string(c2.decode()) if c2 else col1
        row2 = int(r2) if r2 else row1
        out.append((min(col1, col2), min(row1, row2), max(col1, col2), max(row1, row2)))
    return out


def _read_rows(ws, max_row: int | None = None) -> list[tuple]:
    # Some programs write a wrong <dimension>; without reset openpyxl would
    # cut the rows to it.
    ws.reset_dimensions()
    rows = list(ws.iter_rows(values_only=True, max_row=max_row))
    while rows and not _has_value(rows[-1]):
        rows.pop()
    return rows


def _has_value(row) -> bool:
    for v in row:
        if v is not None and not (isinstance(v, str) and not v.strip()):
            return True
    return False


def read_sheet(path: Path | str, sheet: str | None = None) -> SheetData:
    """Read the cell values of ``sheet`` (default: the first sheet that has a
    staff header, else the first sheet), once, in read-only mode."""
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
            if len(sheets) > 1:
                for candidate in sheets:
                    try:
                        head = SheetData(candidate.title, _read_rows(candidate, _HEADER_SCAN_ROWS))
                        _find_header(head)
                    except ImportFileError:
                        continue
                    except Exception:  # noqa: BLE001 - a damaged other sheet: keep looking
                        continue
                    ws = candidate
                    break
        try:
            rows = _read_rows(ws)
        except Exception as exc:  # damaged sheet XML, bad shared strings, ...
            raise _damaged(path, exc) from exc
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


def _key(value) -> str:
    """Accent-free, lower-case, punctuation-free key of a header/footer text."""
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
_GIVEN_PART = {"ten", "ten goi"}
_FAMILY_PART = {"ho", "ho dem", "ho va dem", "ho va ten dem", "ho chu dem", "ho va chu dem"}


def _is_name_header(key: str) -> bool:
    return key in _HO_TEN_EXACT or bool(_HO_TEN_RE.fullmatch(key))


def _classify(key: str) -> str | None:
    """The field a single header text names, or ``None``."""
    if not key:
        return None
    words = key.split()
    if key in ("stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"):
        return "stt"
    if _is_name_header(key) or key in _FAMILY_PART:
        return "ho_ten"
    if key in _GIVEN_PART:
        return "ten"
    if "gioi tinh" in key or key in ("gioi", "phai"):
        return "gioi_tinh"
    if "sinh" in words and not ({"noi", "que"} & set(words)):
        return "ngay_sinh"
    if key == "nam":
        return "gioi_tinh_nam"
    if key == "nu":
        return "gioi_tinh_nu"
    if "chuc vu" in key:
        return "chuc_vu"
    if "ngach" in words or "chuc danh" in key:
        return "ngach"
    if "ghi chu" in key:
        return "ghi_chu"
    if ("ngay nghi" in key or "nghi viec" in key or "nghi huu" in key) and "sinh" not in words:
        return "ngay_nghi"
    if "trang thai" in key or "tinh trang" in key:
        return "trang_thai"
    if "trinh do" in key or "chuyen mon" in key or "hoc van" in key or "bang cap" in key:
        if {"ly", "luan", "chinh", "tri", "tin", "ngoai", "ngu", "llct", "qlnn"} & set(words):
            return None
        return "trinh_do"
    if ("hop dong" in key or "bien che" in key or "tuyen dung" in key or key in ("bc hd", "loai hinh")) \
            and words[0] not in ("ngay", "nam", "thoi"):
        return "loai_hop_dong"
    if "don vi" in key or key in ("phong", "phong ban", "bo phan", "noi cong tac", "co quan",
                                  "to", "khoa", "phong khoa", "ban") or key.startswith("phong ban"):
        return "don_vi"
    return None


def _row_keys(data: SheetData, row: int, width: int) -> list[str]:
    return [_key(_header_text(data.value(row, c))) for c in range(1, width + 1)]


def _header_text(value) -> str | None:
    """Header cell text, decoded from TCVN3/VNI if it is legacy-encoded."""
    if not isinstance(value, str):
        return None if value is None else str(value)
    if not value.isascii():
        fixed = _fix_legacy(value, None)
        if fixed is not None:
            return fixed[0]
    return value


def _find_header(data: SheetData) -> tuple[int, int]:
    """``(first_row, last_row)`` of the table header, or ImportFileError."""
    limit = min(len(data.rows), _HEADER_SCAN_ROWS)
    for r in range(1, limit + 1):
        row = data.rows[r - 1]
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            if _is_name_header(_key(_header_text(v))):
                return _header_span(data, r, c)
    raise ImportFileError(
        f"Không tìm thấy bảng cán bộ trong trang “{data.name}”: không có ô tiêu đề “Họ và tên” "
        f"trong {limit} dòng đầu. Hãy kiểm tra đúng trang tính, hoặc chọn dòng tiêu đề và các cột bằng tay."
    )


def _header_span(data: SheetData, r: int, name_col: int) -> tuple[int, int]:
    width = max(len(data.rows[r - 1]), len(data.rows[r]) if r < len(data.rows) else 0)
    below = [data.value(r + 1, c) for c in range(1, width + 1)]
    if _is_subheader(below, name_col):
        return r, r + 1
    here = _row_keys(data, r, width)
    if r > 1 and any(k in ("nam", "nu") for k in here):
        above = _row_keys(data, r - 1, width)
        if any(_classify(k) in ("ngay_sinh", "gioi_tinh") for k in above):
            return r - 1, r
    return r, r


def _is_subheader(values: list, name_col: int) -> bool:
    """Is the row below the name header its second header row?"""
    texts = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    if not texts:
        return False
    name_cell = values[name_col - 1] if name_col - 1 < len(values) else None
    name_key = _key(_header_text(name_cell))
    if name_cell is not None and name_key not in _FAMILY_PART and name_key not in _GIVEN_PART:
        return False
    known = 0
    for v in texts:
        if not isinstance(v, str) or _DATE_LIKE_TEXT.match(v.strip()):
            return False
        k = _key(_header_text(v))
        if k in ("nam", "nu") or _classify(k) is not None:
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


def detect_layout(data: SheetData) -> Layout:
    """Find the header rows and map columns to :data:`FIELDS`.

    Header texts are compared accent- and case-insensitively (legacy TCVN3 /
    VNI headers are decoded first). In a two-row header the group cells of
    the first row are filled to the right over the columns their merge covers
    (read-only files show a merged cell only at its anchor): "Ngày, tháng,
    năm sinh" over "Nam" | "Nữ" gives ``ngay_sinh_nam`` and ``ngay_sinh_nu``.
    Raises :class:`ImportFileError` if there is no "Họ và tên" header.
    """
    first, last = _find_header(data)
    width = max(len(data.rows[r - 1]) for r in range(first, last + 1))
    merges = _merge_map(data, first, last)
    top = [_header_text(data.value(first, c)) for c in range(1, width + 1)]
    bottom = [_header_text(data.value(last, c)) for c in range(1, width + 1)] if last > first else [None] * width
    # Fill merged group cells of the first row to the right.
    for i in range(width):
        if top[i] is None:
            anchor = merges.get((first, i + 1))
            if anchor is not None:
                top[i] = _header_text(data.value(*anchor))
            elif i > 0 and bottom[i] is not None and top[i - 1] is not None and not merges:
                # merges unknown: a header cell empty above a sub-header
                # belongs to the group on its left
                top[i] = top[i - 1]
    candidates: dict[str, list[tuple[int, int]]] = {}  # field -> [(score, col)]
    for i in range(width):
        col = i + 1
        tkey, bkey = _key(top[i]), _key(bottom[i])
        # a cell merged vertically over both rows shows the same text below
        if last > first and merges.get((last, col)) == merges.get((first, col)) and (first, col) in merges:
            bkey = ""
        tfield = _classify(tkey)
        fld, score = None, 0
        if bkey:
            if tfield == "ngay_sinh":
                fld = {"nam": "ngay_sinh_nam", "nu": "ngay_sinh_nu"}.get(bkey, "ngay_sinh")
                score = 3
            elif tfield == "gioi_tinh" and bkey in ("nam", "nu"):
                fld, score = "gioi_tinh_" + bkey, 3
            elif tfield == "ho_ten" and (bkey in _GIVEN_PART or bkey in _FAMILY_PART):
                fld, score = ("ten" if bkey in _GIVEN_PART else "ho_ten"), 3
            else:
                fld = _classify(bkey)
                score = 2
                if fld is None and tfield is not None and tfield not in ("trinh_do",):
                    fld, score = tfield, 1
        elif tfield is not None:
            fld, score = tfield, 2
        if fld is not None:
            candidates.setdefault(fld, []).append((score, col))
    columns: dict[str, int] = {}
    for fld in FIELDS:
        options = candidates.get(fld)
        if options:
            best = max(s for s, _ in options)
            columns[fld] = min(c for s, c in options if s == best)
    if "ho_ten" not in columns:
        raise ImportFileError(f"Không tìm thấy cột “Họ và tên” trong trang “{data.name}”.")
    # "Họ và tên" merged over two columns without a second header row:
    # family + middle names on the left, given name on the right.
    if "ten" not in columns:
        for c1, r1, c2, _r2 in data.merged:
            if r1 == first and c1 == columns["ho_ten"] and c2 == c1 + 1 and c2 not in columns.values():
                columns["ten"] = c2
                break
    return Layout(first, last, columns)


# --- plan -------------------------------------------------------------------

class RowStatus(str, enum.Enum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass
class PlannedRow:
    excel_row: int
    status: RowStatus
    reason: str = ""
    staff: Staff | None = None
    unit_name: str = ""
    existing_id: int | None = None
    changes: list[str] = field(default_factory=list)


@dataclass
class LegacyCell:
    excel_row: int
    column: str  # letter, e.g. "B"
    before: str
    after: str
    encoding: str  # "tcvn3" | "vni"


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    layout: Layout
    rows: list[PlannedRow]
    legacy_cells: list[LegacyCell]
    units_to_create: list[str]
    legacy_encoding: str | None = None
    converted_legacy: bool = True
    fingerprint: str = field(default="", repr=False)
    name_keys: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status is RowStatus.ERROR]

    @property
    def ok(self) -> bool:
        return not any(r.status is RowStatus.ERROR for r in self.rows)

    def counts(self) -> dict[RowStatus, int]:
        out = dict.fromkeys(RowStatus, 0)
        for r in self.rows:
            out[r.status] += 1
        return out


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int
    units_created: int


# Footer and structure recognisers --------------------------------------------

_DATE_LIKE_TEXT = re.compile(r"^\d")
_STT_TEXT = re.compile(r"^\d{1,6}\s*[.)]?$")
_ROMAN = r"(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
_ROMAN_STT = re.compile(rf"^(?:{_ROMAN}|[A-Z])\s*[.):]?$")
_SECTION_PREFIX = re.compile(
    rf"^\s*(?:(?:{_ROMAN})\s*[.)\-–—:/]?\s+|(?:{_ROMAN}|\d{{1,3}}|[A-Z])\s*[.)\-–—:/]\s*|\d{{1,3}}\s+)(?=\S)"
)
_COLNUM = re.compile(r"^\(?(\d{1,2})\)?$")
_MARKS = {"x", "X", "✓", "✔", "v", "V", "+", "•", "*", "1", "có", "Có", "x)", "(x)"}
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


def _is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _stt_number(v) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return v >= 0
    if isinstance(v, float):
        return v >= 0 and v.is_integer()
    if isinstance(v, str):
        return bool(_STT_TEXT.match(v.strip()))
    return False


def _date_like(v) -> bool:
    if v is None or isinstance(v, bool):
        return False
    if isinstance(v, (dt.date, int, float)):
        return True
    return isinstance(v, str) and bool(_DATE_LIKE_TEXT.match(v.strip()))


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_upper_text(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _footer_marker(text: str) -> bool:
    if _FOOTER_KEY.search(_key(text)):
        return True
    up = vntext.nfc(text).strip()
    if _is_upper_text(up):
        return any(up.startswith(t) or f" {t}" in up for t in _TITLE_WORDS)
    return False


def _section_unit(text: str) -> str | None:
    """Unit name of a section-row text with its numbering removed, or None."""
    t = vntext.clean(text)
    m = _SECTION_PREFIX.match(t)
    if m:
        t = t[m.end():]
    t = t.strip(" :.-–—")
    return t if _has_letter(t) else None


def _fix_legacy(text: str, encoding: str | None):
    """``(converted, encoding)`` if ``text`` is TCVN3/VNI, else None."""
    try:
        fixed, enc = vntext.fix_legacy(text, encoding)
    except Exception:  # noqa: BLE001 - a converter bug must not stop the import
        return None
    if enc is None or fixed == text:
        return None
    return fixed, enc


_MARK_TRUE = {vntext.search_key(m) for m in _MARKS}
_GENDER_WORDS = {
    "nam": "nam", "m": "nam", "male": "nam", "ong": "nam", "trai": "nam", "nam gioi": "nam",
    "nu": "nu", "f": "nu", "female": "nu", "ba": "nu", "gai": "nu", "nu gioi": "nu",
}
_CONTRACT_WORDS = [
    (re.compile(r"^(bien che|bc|cong chuc|vien chuc|cc|vc|cbcc|cbccvc|trong bien che|bien che chinh thuc)$"),
     "bien_che"),
    (re.compile(r"^(hop dong|hd|hdld|hd ld|hop dong lao dong|ngoai bien che|hd\s?\d+|hop dong\s.*|hd\s.*|nd\s?(68|111).*"
                r"|hop dong theo nd.*|lao dong hop dong)$"), "hop_dong"),
]
_LEFT_WORDS = re.compile(r"(da nghi|nghi huu|nghi viec|thoi viec|chuyen cong tac|da chuyen|nghi che do|"
                         r"^nghi$|da mat|tu tran|chuyen di|ve huu)")
_WORKING_WORDS = re.compile(r"^(dang cong tac|dang lam viec|dang lam|cong tac|dang cong tac tai.*|con cong tac)$")


class _Cells:
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
            return self.clean(_plain(value))
        fix = self.fixes.get(value)
        if fix is not None:
            after = self.clean(fix[0])
            self.legacy.append(LegacyCell(excel_row, get_column_letter(col), value, after, fix[1]))
            if self.convert:
                return after
        return self.clean(value)


def _plain(value) -> str:
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


def _legacy_fixes(data: SheetData, first_row: int) -> tuple[dict[str, tuple[str, str]], str | None]:
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
        fix = _fix_legacy(text, sheet_enc)
        if fix is not None:
            fixes[text] = fix
    return fixes, sheet_enc


@dataclass
class _Parsed:
    """One staff row as read, before matching."""
    excel_row: int
    name: str
    key: str
    birth: PartialDate | None
    values: dict  # provided fields only: gioi_tinh, chuc_vu, ..., unit (name), dang_cong_tac, ngay_nghi
    strong: bool
    errors: list[str]
    unit_name: str


def plan_import(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    sheet: str | None = None,
    layout: Layout | None = None,
    convert_legacy: bool = True,
    data: SheetData | None = None,
) -> ImportPlan:
    """Read the roster and decide, row by row, what an import would do.

    Writes nothing. ``layout`` (e.g. corrected in the wizard) overrides the
    detected one. With ``convert_legacy`` text typed in TCVN3/VNI is decoded;
    either way ``legacy_cells`` lists every such cell that would be imported
    (``after`` is the decoded text). ``data`` (from :func:`read_sheet` of the
    same file) saves reading the file again.
    """
    path = Path(path)
    if data is None:
        data = read_sheet(path, sheet)
    if layout is None:
        layout = detect_layout(data)
    if "ho_ten" not in layout.columns:
        raise ImportFileError("Chưa chọn cột “Họ và tên”.")
    if layout.header_first_row < 1 or layout.header_last_row < layout.header_first_row:
        raise ImportFileError("Dòng tiêu đề không hợp lệ: dòng cuối phải sau hoặc bằng dòng đầu.")
    unknown = set(layout.columns) - set(FIELDS)
    if unknown or any(not isinstance(c, int) or c < 1 for c in layout.columns.values()):
        raise ImportFileError(f"Cách gán cột không hợp lệ: {layout.columns}")
    fixes, encoding = _legacy_fixes(data, layout.header_last_row + 1)
    cells = _Cells(fixes, convert_legacy)
    staff_rows, existing_units, fingerprint = _load_existing(db)
    planned, parsed = _classify_rows(data, layout, cells)
    _match(planned, parsed, staff_rows, existing_units)
    units_to_create = []
    seen_units: set[str] = set()
    seen_names: set[str] = set()
    for row in planned:
        if row.status in (RowStatus.NEW, RowStatus.UPDATE) and row.staff is not None \
                and row.staff.unit_id is None and row.unit_name and row.unit_name not in seen_names:
            seen_names.add(row.unit_name)
            k = _unit_key(row.unit_name)
            if k not in existing_units and k not in seen_units:
                seen_units.add(k)
                units_to_create.append(row.unit_name)
    # Legacy cells of rows that turned out to be footer are not imported.
    imported = {r.excel_row for r in planned if r.status is not RowStatus.SKIPPED or r.unit_name}
    legacy = [c for c in cells.legacy if c.excel_row in imported]
    if encoding is None and legacy:
        encoding = max(("tcvn3", "vni"), key=lambda e: sum(c.encoding.startswith(e) for c in legacy))
    return ImportPlan(
        path=path, sheet=data.name, layout=layout, rows=planned, legacy_cells=legacy,
        units_to_create=units_to_create, legacy_encoding=encoding, converted_legacy=convert_legacy,
        fingerprint=fingerprint, name_keys={p.name: p.key for p in parsed.values()},
    )


def _load_existing(db):
    staff = list(db.execute(
        "SELECT id, ho_ten, ten_key, gioi_tinh, ngay_sinh, chuc_vu, ngach, trinh_do, unit_id, "
        "loai_hop_dong, dang_cong_tac, ngay_nghi, ghi_chu, updated_at FROM staff ORDER BY id"
    ).fetchall())
    units = list(db.execute("SELECT id, ten, ten_key FROM units ORDER BY id").fetchall())
    h = hashlib.sha1()
    h.update(repr(staff).encode("utf-8", "surrogatepass"))
    h.update(repr(units).encode("utf-8", "surrogatepass"))
    by_key = {}
    for u in units:
        by_key[vntext.search_key(u[1])] = (u[0], u[1])
    return staff, by_key, h.hexdigest()


def _fingerprint(db) -> str:
    return _load_existing(db)[2]


def _classify_rows(data: SheetData, layout: Layout, cells: _Cells):
    """First pass: give every row below the header a kind; parse staff rows."""
    cols = layout.columns
    c_stt = cols.get("stt")
    c_name = cols["ho_ten"]
    date_cols = [cols[f] for f in (*_DATE_FIELDS, "gioi_tinh_nam", "gioi_tinh_nu") if f in cols]
    mapped = {c for f, c in cols.items() if f not in ("stt", "ho_ten")}
    fill = _vertical_fills(data, layout)
    planned: list[PlannedRow] = []
    parsed: dict[int, _Parsed] = {}  # index in planned -> parsed staff row
    weak_errors: set[int] = set()  # rows with data but no name: maybe signatures
    section = ""
    terminal_reason = ""
    last_strong = -1
    header_keys = {
        _key(_header_text(v))
        for r in range(layout.header_first_row, min(layout.header_last_row, len(data.rows)) + 1)
        for v in data.rows[r - 1] if v is not None
    } - {""}

    def get(row, col):
        if col is None:
            return None
        v = row[col - 1] if col - 1 < len(row) else None
        if isinstance(v, str) and not v.strip():
            return None
        return v

    for excel_row in range(layout.header_last_row + 1, len(data.rows) + 1):
        raw = data.rows[excel_row - 1]
        if excel_row in fill:
            raw = _apply_fill(raw, fill[excel_row])
        nonblank = [(i + 1, v) for i, v in enumerate(raw) if not _is_blank(v)]
        if not nonblank:
            planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, _BLANK))
            continue
        if terminal_reason:
            texts = " | ".join(_plain(v) for _, v in nonblank)
            planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, f"{terminal_reason}: “{_short(texts)}”"))
            continue
        name_v = get(raw, c_name)
        if isinstance(name_v, str):
            name_v = cells.decoded(name_v)[0]
        stt_v = get(raw, c_stt)
        has_name = isinstance(name_v, str) and _has_letter(name_v)
        date_like = any(_date_like(get(raw, c)) for c in date_cols)
        stt_numeric = _stt_number(stt_v)
        strong = has_name and (stt_numeric or date_like)

        if not strong:
            if _is_column_numbers(nonblank):
                planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, "Dòng đánh số cột"))
                continue
            shown = {c: (cells.decoded(v)[0] if isinstance(v, str) else v) for c, v in nonblank}
            stt_v = shown.get(c_stt) if c_stt else None
            footer = _footer_in_row(shown, c_name, c_stt)
            if footer is not None:
                kind, text = footer
                if kind == "subtotal":
                    planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, f"{_SUBTOTAL_REASON}: “{_short(text)}”"))
                    continue
                terminal_reason = "Phần cuối bảng"
                planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, f"Phần cuối bảng: “{_short(text)}”"))
                continue
            if _is_header_repeat(shown, header_keys):
                planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, "Dòng tiêu đề lặp lại"))
                continue
            if not date_like:
                unit = _section_row(shown, c_name, c_stt, stt_numeric)
                if unit is not None:
                    unit_col = unit[0]
                    section = _unit_text(cells, raw[unit_col - 1], excel_row, unit_col)
                    planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, f"Dòng đơn vị: {section}",
                                              unit_name=section))
                    continue
        if not has_name:
            others = [c for c, _ in nonblank if c in mapped]
            if name_v is not None:
                planned.append(PlannedRow(excel_row, RowStatus.ERROR,
                                          f"Họ tên không hợp lệ: “{_short(str(name_v))}”"))
            elif others:
                letters = ", ".join(get_column_letter(c) for c in others)
                weak_errors.add(len(planned))
                planned.append(PlannedRow(excel_row, RowStatus.ERROR,
                                          f"Không có họ tên nhưng có dữ liệu ở cột {letters}"))
            elif c_stt and [c for c, _ in nonblank] == [c_stt]:
                planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, "Chỉ có số thứ tự, không có họ tên"))
            else:
                planned.append(PlannedRow(excel_row, RowStatus.SKIPPED, "Không có họ tên (ô ngoài bảng)"))
            continue
        p = _parse_staff(raw, excel_row, cols, cells, get, section)
        p.strong = strong
        if strong:
            last_strong = len(planned)
        parsed[len(planned)] = p
        planned.append(PlannedRow(excel_row, RowStatus.NEW, unit_name=p.unit_name))

    # After the last numbered or dated staff row and a blank/subtotal row,
    # rows with neither STT nor date are the signature area, not staff.
    if last_strong >= 0:
        gap = False
        for idx in range(last_strong + 1, len(planned)):
            row = planned[idx]
            if idx in parsed or idx in weak_errors:
                if gap and (idx in weak_errors or not parsed[idx].strong):
                    parsed.pop(idx, None)
                    planned[idx] = PlannedRow(
                        row.excel_row, RowStatus.SKIPPED,
                        "Phần cuối bảng: dòng sau bảng không có STT và ngày sinh (chữ ký?)",
                    )
            elif row.reason == _BLANK or row.reason.startswith(_SUBTOTAL_REASON):
                gap = True
    return planned, parsed


_BLANK = "Dòng trống"
_SUBTOTAL_REASON = "Dòng cộng"


def _short(text: str, n: int = 60) -> str:
    t = vntext.clean(text)
    return t if len(t) <= n else t[: n - 1] + "…"


def _unit_text(cells: _Cells, value, excel_row: int, col: int) -> str:
    text = cells.text(value, excel_row, col)
    return _section_unit(text) or text


def _vertical_fills(data: SheetData, layout: Layout) -> dict[int, list[tuple[int, object]]]:
    """Vertically merged cells of some data columns (a unit written once for
    several people): Excel row → [(column, anchor value)] for the covered
    cells below each anchor."""
    if not data.merged:
        return {}
    wanted = {layout.columns[f] for f in _VERTICAL_FILL_FIELDS if f in layout.columns}
    out: dict[int, list[tuple[int, object]]] = {}
    for c1, r1, c2, r2 in data.merged:
        if c1 == c2 and r2 > r1 and c1 in wanted and r1 > layout.header_last_row:
            value = data.value(r1, c1)
            if not _is_blank(value):
                for r in range(r1 + 1, min(r2, len(data.rows)) + 1):
                    out.setdefault(r, []).append((c1, value))
    return out


def _apply_fill(raw: tuple, cells: list[tuple[int, object]]) -> tuple:
    row = list(raw)
    for col, value in cells:
        if len(row) < col:
            row.extend([None] * (col - len(row)))
        if _is_blank(row[col - 1]):
            row[col - 1] = value
    return tuple(row)


def _is_column_numbers(nonblank) -> bool:
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


def _footer_in_row(shown: dict, c_name: int, c_stt: int | None):
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
        if _footer_marker(text):
            return "footer", text
    return None


def _is_header_repeat(shown: dict, header_keys: set[str]) -> bool:
    texts = [v for v in shown.values() if isinstance(v, str)]
    if not texts or len(texts) != len(shown):
        return False
    keys = [_key(t) for t in texts]
    if any(_is_name_header(k) for k in keys):
        return True
    return all(k in header_keys for k in keys) and len(keys) >= 2


def _section_row(shown: dict, c_name: int, c_stt: int | None, stt_numeric: bool):
    """``(column, text)`` of the unit name if this is a section row."""
    if stt_numeric:
        return None
    stt_v = shown.get(c_stt) if c_stt else None
    name_v = shown.get(c_name)
    # (a) a Roman numeral or capital letter in the STT column, the unit in the name column
    if isinstance(stt_v, str) and _ROMAN_STT.match(stt_v.strip()) and isinstance(name_v, str) \
            and _has_letter(name_v):
        return c_name, name_v
    if len(shown) != 1:
        return None
    col, v = next(iter(shown.items()))
    if not isinstance(v, str) or not _has_letter(v):
        return None
    if col not in (c_name, c_stt) and col > c_name:
        return None
    t = vntext.nfc(v).strip()
    # (b) numbered: "I. VĂN PHÒNG", "II - Phòng Chính sách", "1. Văn phòng"
    if _SECTION_PREFIX.match(t) and _section_unit(t):
        return col, v
    # (c) a single capitalised text: "VĂN PHÒNG"
    if _is_upper_text(t):
        return col, v
    # (d) a single text that names a unit: "Phòng Kế hoạch"
    if t.casefold().startswith(_UNIT_WORDS):
        return col, v
    return None


def _parse_gender_text(value) -> tuple[str | None, str | None]:
    """``(gender, error)`` from a Giới tính cell."""
    k = _key(value)
    if not k:
        return None, None
    if k in _GENDER_WORDS:
        return _GENDER_WORDS[k], None
    return None, f"Giới tính “{_short(str(value), 20)}” không rõ (ghi Nam hoặc Nữ)"


def _is_mark(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value == 1:
        return True
    return isinstance(value, str) and len(value) <= 8 and vntext.search_key(value) in _MARK_TRUE


def _parse_staff(raw, excel_row: int, cols: dict, cells: _Cells, get, section: str) -> _Parsed:
    errors: list[str] = []
    values: dict = {}
    c_name = cols["ho_ten"]
    name = cells.text(get(raw, c_name), excel_row, c_name)
    if "ten" in cols:
        given = cells.text(get(raw, cols["ten"]), excel_row, cols["ten"])
        if given:
            name = cells.clean(f"{name} {given}")
    if len(name) > _MAX_NAME_LENGTH:
        errors.append(f"Họ tên quá dài ({len(name)} ký tự)")
    # Birth date and sex: a date (or a mark "x") in a Nam / Nữ column gives
    # the sex; a Giới tính column must agree with it.
    birth: PartialDate | None = None
    sex: str | None = None
    by_sex: dict[str, list[tuple[object, int]]] = {"nam": [], "nu": []}
    for fld, sx in (("ngay_sinh_nam", "nam"), ("gioi_tinh_nam", "nam"),
                    ("ngay_sinh_nu", "nu"), ("gioi_tinh_nu", "nu")):
        c = cols.get(fld)
        if c is not None and (v := get(raw, c)) is not None:
            by_sex[sx].append((v, c))
    if by_sex["nam"] and by_sex["nu"]:
        if any(not _is_mark(v) for v, _ in by_sex["nam"] + by_sex["nu"]):
            errors.append("Có ngày sinh ở cả cột Nam và cột Nữ")
        else:
            errors.append("Đánh dấu giới tính ở cả cột Nam và cột Nữ")
    else:
        for sx in ("nam", "nu"):
            for v, c in by_sex[sx]:
                sex = sx
                if not _is_mark(v):
                    d = _parse_birth(v, c, errors)
                    if birth is not None and d is not None and d != birth:
                        errors.append(f"Ngày sinh ghi hai lần khác nhau ({birth.display()} và {d.display()})")
                    birth = birth or d
    v_any = get(raw, cols.get("ngay_sinh"))
    if v_any is not None:
        other = _parse_birth(v_any, cols["ngay_sinh"], errors)
        if birth is not None and other is not None and other != birth:
            errors.append(f"Ngày sinh ghi ở hai cột khác nhau ({birth.display()} và {other.display()})")
        birth = birth or other
    if "gioi_tinh" in cols and (g := get(raw, cols["gioi_tinh"])) is not None:
        gtext = cells.text(g, excel_row, cols["gioi_tinh"])
        g_sex, err = _parse_gender_text(gtext)
        if err:
            errors.append(err)
        elif sex is not None and g_sex != sex:
            errors.append(f"Cột Giới tính ghi “{GENDERS[g_sex]}” nhưng ngày sinh ở cột {GENDERS[sex]}")
        sex = sex or g_sex
    if sex is not None:
        values["gioi_tinh"] = sex
    # Plain text fields.
    for fld in _TEXT_FIELDS:
        c = cols.get(fld)
        if c is not None:
            t = cells.text(get(raw, c), excel_row, c)
            if t:
                values[fld] = t
    # Contract.
    c = cols.get("loai_hop_dong")
    if c is not None and (v := get(raw, c)) is not None:
        t = cells.text(v, excel_row, c)
        k = _key(t)
        kind = next((code for rx, code in _CONTRACT_WORDS if rx.match(k)), None)
        if kind is None:
            errors.append(f"Loại hợp đồng “{_short(t, 30)}” không rõ (ghi Biên chế hoặc Hợp đồng)")
        else:
            values["loai_hop_dong"] = kind
    # Working status and leaving date.
    left_date = None
    c = cols.get("ngay_nghi")
    if c is not None and (v := get(raw, c)) is not None:
        try:
            left_date = parse_full_date(v)
        except DateError as exc:
            errors.append(f"Ngày nghỉ (cột {get_column_letter(c)}): {exc}")
    c = cols.get("trang_thai")
    status = None
    if c is not None and (v := get(raw, c)) is not None:
        t = cells.text(v, excel_row, c)
        k = _key(t)
        if _WORKING_WORDS.match(k):
            status = True
        elif _LEFT_WORDS.search(k):
            status = False
        else:
            errors.append(f"Trạng thái “{_short(t, 30)}” không rõ (ghi Đang công tác hoặc Đã nghỉ)")
    if status is True and left_date is not None:
        errors.append("Trạng thái “Đang công tác” nhưng có ngày nghỉ")
    if left_date is not None or status is False:
        values["dang_cong_tac"] = False
        values["ngay_nghi"] = left_date
    elif status is True:
        values["dang_cong_tac"] = True
        values["ngay_nghi"] = None
    # Unit.
    unit = ""
    c = cols.get("don_vi")
    if c is not None and (v := get(raw, c)) is not None:
        unit = cells.text(v, excel_row, c)
    unit = unit or section
    if unit:
        values["unit"] = unit
    key = vntext.search_key(name)
    return _Parsed(excel_row, name, key, birth, values, False, errors, unit)


def _parse_birth(value, col: int, errors: list[str]) -> PartialDate | None:
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


# --- matching ---------------------------------------------------------------

_LABELS = {
    "ho_ten": "Họ tên", "ngay_sinh": "Ngày sinh", "gioi_tinh": "Giới tính", "chuc_vu": "Chức vụ",
    "ngach": "Ngạch", "trinh_do": "Trình độ", "unit": "Đơn vị", "loai_hop_dong": "Loại hợp đồng",
    "dang_cong_tac": "Trạng thái", "ngay_nghi": "Ngày nghỉ", "ghi_chu": "Ghi chú",
}


def _compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    if a is None or b is None:
        return True
    if a.year_only or b.year_only:
        return a.year == b.year
    return a == b


def _name_key(name: str) -> str:
    """Case- and spacing-insensitive, accent-sensitive."""
    return " ".join(vntext.nfc(name).casefold().split())


def _match(planned: list[PlannedRow], parsed: dict[int, _Parsed], staff_rows, units) -> None:
    by_key: dict[str, list[tuple]] = {}
    for s in staff_rows:
        by_key.setdefault(s[2], []).append(s)

    def pool(p: _Parsed) -> list[tuple] | tuple:
        """Stored people this row may be: same spelling if any has a compatible date, else same key."""
        same_key = by_key.get(p.key, ())
        if len(same_key) < 2 and all(_name_key(s[1]) == _name_key(p.name) for s in same_key):
            return same_key
        spelled = [s for s in same_key if _name_key(s[1]) == _name_key(p.name)]
        if any(_compatible(p.birth, PartialDate.from_iso(s[4])) for s in spelled):
            return spelled
        return same_key
    unit_names = {uid: name for uid, name in units.values()}
    first_seen: dict[tuple[str, str | None], int] = {}
    claimed: dict[int, int] = {}  # staff id -> excel row
    pending: list[int] = []
    exact: dict[int, tuple] = {}
    # Pass 1: duplicates within the file, exact matches.
    for idx, p in parsed.items():
        iso = p.birth.iso() if p.birth else None
        dup = first_seen.get((_name_key(p.name), iso))
        if dup is not None:
            p.errors.append(f"Trùng với dòng {dup} (cùng họ tên và ngày sinh); nếu là hai người "
                            "khác nhau, hãy ghi đủ ngày tháng năm sinh để phân biệt")
            continue
        first_seen[(_name_key(p.name), iso)] = p.excel_row
        candidates = pool(p)
        same = [s for s in candidates if s[4] == iso]
        if len(same) > 1:
            ids = ", ".join(str(s[0]) for s in same)
            p.errors.append(f"Dữ liệu đã có {len(same)} người trùng họ tên và ngày sinh (mã {ids}), "
                            "không biết dòng này là ai; hãy sửa ngày sinh của họ trong chương trình "
                            "(hoặc xóa người bị nhập trùng) rồi nhập lại")
        elif same and same[0][0] in claimed:
            p.errors.append(f"Trùng với dòng {claimed[same[0][0]]} (cùng người trong dữ liệu)")
        elif same:
            exact[idx] = same[0]
            claimed[same[0][0]] = p.excel_row
        else:
            pending.append(idx)
    # Pass 2: compatible dates (year only, no date) among the unclaimed.
    for idx in pending:
        p = parsed[idx]
        compatible = [s for s in pool(p) if _compatible(p.birth, PartialDate.from_iso(s[4]))]
        cands = [s for s in compatible if s[0] not in claimed]
        taken = [s for s in compatible if s[0] in claimed]
        if len(cands) == 1:
            exact[idx] = cands[0]
            claimed[cands[0][0]] = p.excel_row
        elif len(cands) > 1:
            ids = ", ".join(f"{s[0]} ({_date_label(s[4])})" for s in cands)
            p.errors.append(f"Có {len(cands)} người cùng tên “{p.name}” trong dữ liệu (mã {ids}); "
                            "hãy ghi đủ ngày sinh để biết là ai")
        elif taken and not p.birth:
            p.errors.append(f"Trùng với dòng {claimed[taken[0][0]]} (cùng người trong dữ liệu)")
    # Build the planned rows.
    for idx, p in parsed.items():
        row = planned[idx]
        existing = exact.get(idx)
        if existing is None:
            staff, unit_name = _new_staff(p, units)
            row.status = RowStatus.NEW
            row.staff = staff
            row.unit_name = unit_name
        else:
            staff, changes, unit_name = _merge(existing, p, units, unit_names)
            row.existing_id = existing[0]
            row.staff = staff
            row.unit_name = unit_name
            row.changes = changes
            row.status = RowStatus.UPDATE if changes else RowStatus.UNCHANGED
        if not p.errors:
            p.errors.extend(staff.errors())
        if p.errors:
            row.status = RowStatus.ERROR
            row.reason = "; ".join(dict.fromkeys(p.errors))
            row.changes = []


def _date_label(iso: str | None) -> str:
    d = PartialDate.from_iso(iso)
    return d.display() if d else "không rõ ngày sinh"


@functools.lru_cache(maxsize=4096)
def _unit_key(name: str) -> str:
    return vntext.search_key(name)


def _unit_lookup(units, name: str) -> tuple[int | None, str]:
    hit = units.get(_unit_key(name))
    return (hit[0], hit[1]) if hit else (None, name)


def _new_staff(p: _Parsed, units) -> tuple[Staff, str]:
    v = p.values
    unit_id, unit_name = (None, "")
    if "unit" in v:
        unit_id, unit_name = _unit_lookup(units, v["unit"])
    staff = Staff(
        ho_ten=p.name, gioi_tinh=v.get("gioi_tinh"), ngay_sinh=p.birth,
        chuc_vu=v.get("chuc_vu", ""), ngach=v.get("ngach", ""), trinh_do=v.get("trinh_do", ""),
        unit_id=unit_id, loai_hop_dong=v.get("loai_hop_dong"),
        dang_cong_tac=v.get("dang_cong_tac", True), ngay_nghi=v.get("ngay_nghi"),
        ghi_chu=v.get("ghi_chu", ""),
    )
    return staff, unit_name


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, PartialDate):
        return value.display()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"


def _merge(existing: tuple, p: _Parsed, units, unit_names) -> tuple[Staff, list[str], str]:
    (sid, ho_ten, _k, gioi_tinh, ngay_sinh, chuc_vu, ngach, trinh_do, unit_id, loai_hop_dong,
     dang_cong_tac, ngay_nghi, ghi_chu, _updated) = existing
    old = Staff(
        id=sid, ho_ten=ho_ten, gioi_tinh=gioi_tinh, ngay_sinh=PartialDate.from_iso(ngay_sinh),
        chuc_vu=chuc_vu, ngach=ngach, trinh_do=trinh_do, unit_id=unit_id,
        loai_hop_dong=loai_hop_dong, dang_cong_tac=bool(dang_cong_tac),
        ngay_nghi=dt.date.fromisoformat(ngay_nghi) if ngay_nghi else None, ghi_chu=ghi_chu,
    )
    new: dict = {}
    changes: list[str] = []

    def change(fld, label_old, label_new):
        changes.append(f"{_LABELS[fld]}: {_show(label_old)} → {_show(label_new)}")

    if p.name != old.ho_ten and p.name.casefold() != old.ho_ten.casefold():
        new["ho_ten"] = p.name
        change("ho_ten", old.ho_ten, p.name)
    if p.birth is not None and p.birth != old.ngay_sinh:
        if old.ngay_sinh is None or (old.ngay_sinh.year_only and not p.birth.year_only):
            new["ngay_sinh"] = p.birth
            change("ngay_sinh", old.ngay_sinh, p.birth)
    v = p.values
    for fld in ("gioi_tinh", "chuc_vu", "ngach", "trinh_do", "loai_hop_dong", "ghi_chu"):
        if fld in v and v[fld] != getattr(old, fld):
            new[fld] = v[fld]
            labels = {"gioi_tinh": GENDERS, "loai_hop_dong": CONTRACTS}.get(fld)
            change(fld, labels.get(getattr(old, fld)) if labels else getattr(old, fld),
                   labels[v[fld]] if labels else v[fld])
    if "dang_cong_tac" in v:
        if v["dang_cong_tac"] != old.dang_cong_tac:
            new["dang_cong_tac"] = v["dang_cong_tac"]
            change("dang_cong_tac", "Đang công tác" if old.dang_cong_tac else "Đã nghỉ",
                   "Đang công tác" if v["dang_cong_tac"] else "Đã nghỉ")
        want_date = v["ngay_nghi"]
        if v["dang_cong_tac"] is False and want_date is None:
            want_date = old.ngay_nghi  # "Đã nghỉ" without a date keeps a stored date
        if want_date != old.ngay_nghi:
            new["ngay_nghi"] = want_date
            change("ngay_nghi", old.ngay_nghi, want_date)
    unit_name = unit_names.get(old.unit_id, "") if old.unit_id is not None else ""
    if "unit" in v:
        target_id, target_name = _unit_lookup(units, v["unit"])
        if target_id is None or target_id != old.unit_id:
            new["unit_id"] = target_id
            change("unit", unit_name, target_name)
        unit_name = target_name
    staff = dataclasses.replace(old, **new) if new else old
    return staff, changes, unit_name


# --- apply ------------------------------------------------------------------

_INSERT_COLUMNS = ("ho_ten", "ten_key", "gioi_tinh", "ngay_sinh", "chuc_vu", "ngach", "trinh_do",
                   "unit_id", "loai_hop_dong", "dang_cong_tac", "ngay_nghi", "ghi_chu",
                   "created_at", "updated_at")


def _staff_tuple(s: Staff, unit_id: int | None, now: str, keys: dict[str, str]) -> tuple:
    key = keys.get(s.ho_ten)
    return (
        s.ho_ten, key if key is not None else vntext.search_key(s.ho_ten), s.gioi_tinh,
        s.ngay_sinh.iso() if s.ngay_sinh else None, s.chuc_vu, s.ngach, s.trinh_do, unit_id,
        s.loai_hop_dong, int(s.dang_cong_tac), s.ngay_nghi.isoformat() if s.ngay_nghi else None,
        s.ghi_chu,
    ) + ((now, now) if now else ())


def apply_import(db: sqlite_utils.Database, plan: ImportPlan) -> ImportResult:
    """Write the plan in one transaction: all rows or none.

    Refuses (:class:`ImportFileError`) a plan with error rows, or a plan made
    before the data changed (e.g. applied twice).
    """
    if not plan.ok:
        errors = plan.errors
        lines = [f"Dòng {r.excel_row}: {r.reason}" for r in errors[:20]]
        if len(errors) > 20:
            lines.append(f"… và {len(errors) - 20} dòng lỗi khác")
        raise ImportFileError(
            f"Không nhập vì có {len(errors)} dòng lỗi; chưa ghi gì vào dữ liệu.\n" + "\n".join(lines)
        )
    now = dt.datetime.now().isoformat(timespec="seconds")
    counts = plan.counts()
    with db.atomic():
        if plan.fingerprint and _fingerprint(db) != plan.fingerprint:
            raise ImportFileError(
                "Dữ liệu đã thay đổi sau khi xem trước (hoặc danh sách này vừa được nhập). "
                "Hãy xem trước lại rồi mới nhập."
            )
        units = {vntext.search_key(ten): uid for uid, ten in db.execute("SELECT id, ten FROM units")}
        order = db.execute("SELECT coalesce(max(thu_tu), 0) FROM units").fetchone()[0]
        created_units = 0
        for name in plan.units_to_create:
            k = vntext.search_key(name)
            if k in units:
                continue
            order += 1
            cur = db.conn.execute(
                "INSERT INTO units (ten, ten_key, thu_tu, ghi_chu) VALUES (?, ?, ?, '')",
                (vntext.clean(name), k, order),
            )
            units[k] = cur.lastrowid
            created_units += 1
        inserts, updates = [], []
        for row in plan.rows:
            if row.status not in (RowStatus.NEW, RowStatus.UPDATE) or row.staff is None:
                continue
            s = row.staff
            unit_id = s.unit_id
            if unit_id is None and row.unit_name:
                unit_id = units[_unit_key(row.unit_name)]
            if row.status is RowStatus.NEW:
                inserts.append(_staff_tuple(s, unit_id, now, plan.name_keys))
            else:
                updates.append(_staff_tuple(s, unit_id, "", plan.name_keys) + (now, row.existing_id))
        if inserts:
            marks = ",".join("?" * len(_INSERT_COLUMNS))
            db.conn.executemany(
                f"INSERT INTO staff ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks})", inserts
            )
        if updates:
            sets = ", ".join(f"{c} = ?" for c in _INSERT_COLUMNS[:-2])
            db.conn.executemany(f"UPDATE staff SET {sets}, updated_at = ? WHERE id = ?", updates)
    return ImportResult(
        created=len(inserts), updated=len(updates), unchanged=counts[RowStatus.UNCHANGED],
        skipped=counts[RowStatus.SKIPPED], units_created=created_units,
    )


def describe_counts(counts: dict[RowStatus, int]) -> str:
    """``"12 người mới, 3 cập nhật, 40 không đổi, 8 dòng bỏ qua"``."""
    return (f"{counts.get(RowStatus.NEW, 0)} người mới, {counts.get(RowStatus.UPDATE, 0)} cập nhật, "
            f"{counts.get(RowStatus.UNCHANGED, 0)} không đổi, {counts.get(RowStatus.SKIPPED, 0)} dòng bỏ qua")

