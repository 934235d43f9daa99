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
* A name in the file with fewer accents than the stored one ("Nguyen Van
  Trung" for "Nguyễn Văn Trùng") never replaces it.
* Two rows of the file that are the same person (same key and date, or the
  same stored person) are an error on the later row: "trùng với dòng N".
  Rows that these rules would match had they come in two files (case,
  accents, a year-only or missing date) are an error too — a probable
  duplicate for the user to decide — unless they match two stored people.

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

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from openpyxl.utils import get_column_letter

from ...domain import vntext
from ...domain.dates import DateError, PartialDate, parse_full_date
from ...domain.models import CONTRACTS, GENDERS, MAX_NAME_LENGTH, Staff, Unit
from . import sheet as _sheets
from .cells import CellText, LegacyCell, cell_value, is_mark, legacy_fixes, parse_birth, short
from .layout import (
    FAMILY_PART,
    GIVEN_PART,
    STT_HEADERS,
    HeaderSpec,
    Layout,
    check_layout,
    header_key,
    is_name_header,
    is_unit_header,
    refine_birth,
)
from .people import PersonIndex, compatible_dates, date_label, fewer_accents, name_key, unit_key
from .sheet import RowStatus, status_counts
from .table import scan_table
from .workbook import ImportFileError, SheetData, list_sheets

__all__ = [
    "FIELDS", "ImportFileError", "ImportPlan", "ImportResult", "Layout", "LegacyCell",
    "PlannedRow", "RowStatus", "SheetData", "apply_import", "describe_counts", "detect_layout",
    "list_sheets", "plan_import", "read_sheet",
]


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


# --- reading and layout (shared machinery in .sheet) -------------------

def read_sheet(path: Path | str, sheet: str | None = None) -> SheetData:
    """Read the cell values of ``sheet`` (default: the first sheet that has a
    staff header, else the first sheet), once, in read-only mode."""
    return _sheets.read_sheet(path, sheet, ROSTER_HEADERS)

def _classify(key: str) -> str | None:
    """The field a single header text names, or ``None``."""
    if not key:
        return None
    words = key.split()
    if key in STT_HEADERS:
        return "stt"
    if is_name_header(key) or key in FAMILY_PART:
        return "ho_ten"
    if key in GIVEN_PART:
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
    if is_unit_header(key) or key in ("phong khoa", "ban") or key.startswith("phong ban"):
        return "don_vi"
    return None


def _refine(top: str | None, bottom: str) -> str | None:
    """The field of a sub-header cell under a group cell of a two-row header."""
    if top == "ngay_sinh":
        return refine_birth(top, bottom)
    if top == "gioi_tinh" and bottom in ("nam", "nu"):
        return "gioi_tinh_" + bottom
    if top == "ho_ten" and (bottom in GIVEN_PART or bottom in FAMILY_PART):
        return "ten" if bottom in GIVEN_PART else "ho_ten"
    return None


#: The header words of a staff roster (for :func:`sheet.detect_layout`).
ROSTER_HEADERS = HeaderSpec(
    fields=FIELDS, classify=_classify, required="ho_ten", anchor=is_name_header, refine=_refine,
    sub_keys=frozenset({"nam", "nu"}), group_fields=("ngay_sinh", "gioi_tinh"), no_inherit=("trinh_do",),
    what="bảng cán bộ",
)


def detect_layout(data: SheetData) -> Layout:
    """Find the header rows and map columns to :data:`FIELDS`.

    Header texts are compared accent- and case-insensitively (legacy TCVN3 /
    VNI headers are decoded first). In a two-row header the group cells of
    the first row are filled to the right over the columns their merge covers
    (read-only files show a merged cell only at its anchor): "Ngày, tháng,
    năm sinh" over "Nam" | "Nữ" gives ``ngay_sinh_nam`` and ``ngay_sinh_nu``.
    Raises :class:`ImportFileError` if there is no "Họ và tên" header.
    """
    return _sheets.detect_layout(data, ROSTER_HEADERS)

# --- plan -------------------------------------------------------------------


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
class ImportPlan:
    path: Path
    sheet: str
    layout: Layout
    rows: list[PlannedRow]
    legacy_cells: list[LegacyCell]
    units_to_create: list[str]
    legacy_encoding: str | None = None
    #: new units named in capitals and the name proposed for them ("VĂN PHÒNG" → "Văn phòng")
    unit_renames: dict[str, str] = field(default_factory=dict)
    #: create those units with the proposed names (false: keep the names as written)
    rename_units: bool = True
    converted_legacy: bool = True
    fingerprint: str = field(default="", repr=False)
    name_keys: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status is RowStatus.ERROR]

    @property
    def ok(self) -> bool:
        return not any(r.status is RowStatus.ERROR for r in self.rows)

    def unit_name(self, name: str) -> str:
        """The name a new unit is created with."""
        return self.unit_renames.get(name, name) if self.rename_units else name

    def describe_renames(self) -> str:
        """``"VĂN PHÒNG → Văn phòng; …"`` (empty when no name is in capitals)."""
        return "; ".join(f"{old} → {new}" for old, new in self.unit_renames.items())

    def counts(self) -> dict[RowStatus, int]:
        return status_counts(self.rows)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int
    units_created: int


# Footer and structure recognisers --------------------------------------------

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
    rename_units: bool = True,
) -> ImportPlan:
    """Read the roster and decide, row by row, what an import would do.

    Writes nothing. ``layout`` (e.g. corrected in the wizard) overrides the
    detected one. With ``convert_legacy`` text typed in TCVN3/VNI is decoded;
    either way ``legacy_cells`` lists every such cell that would be imported
    (``after`` is the decoded text). ``data`` (from :func:`read_sheet` of the
    same file) saves reading the file again. New units named in capitals are
    offered a name in the case documents use (``unit_renames``), created so
    unless ``rename_units`` is false.
    """
    path = Path(path)
    if data is None:
        data = read_sheet(path, sheet)
    if layout is None:
        layout = detect_layout(data)
    check_layout(layout, ROSTER_HEADERS)
    fixes, encoding = legacy_fixes(data, layout.header_last_row + 1)
    cells = CellText(fixes, convert_legacy)
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
            k = unit_key(row.unit_name)
            if k not in existing_units and k not in seen_units:
                seen_units.add(k)
                units_to_create.append(row.unit_name)
    # Legacy cells of rows that turned out to be footer are not imported.
    imported = {r.excel_row for r in planned if r.status is not RowStatus.SKIPPED or r.unit_name}
    legacy = [c for c in cells.legacy if c.excel_row in imported]
    if encoding is None and legacy:
        encoding = max(("tcvn3", "vni"), key=lambda e: sum(c.encoding.startswith(e) for c in legacy))
    renames = {name: vntext.unit_name_case(name) for name in units_to_create if vntext.is_capitals(name)}
    return ImportPlan(
        path=path, sheet=data.name, layout=layout, rows=planned, legacy_cells=legacy,
        units_to_create=units_to_create, legacy_encoding=encoding, converted_legacy=convert_legacy,
        unit_renames={old: new for old, new in renames.items() if new != old}, rename_units=rename_units,
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


def _classify_rows(data: SheetData, layout: Layout, cells: CellText):
    """First pass: give every row below the header a kind
    (:func:`sheet.scan_table`); parse staff rows. Section rows name
    the unit of the people below them."""
    cols = layout.columns
    scanned = scan_table(
        data, layout, ROSTER_HEADERS, cells, fill_fields=_VERTICAL_FILL_FIELDS,
        date_fields=(*_DATE_FIELDS, "gioi_tinh_nam", "gioi_tinh_nu"),
        signature_reason="dòng sau bảng không có STT và ngày sinh (chữ ký?)",
    )
    planned: list[PlannedRow] = []
    parsed: dict[int, _Parsed] = {}  # index in planned -> parsed staff row
    section = ""

    for s in scanned:
        if s.kind == "skipped":
            planned.append(PlannedRow(s.excel_row, RowStatus.SKIPPED, s.reason))
        elif s.kind == "section":
            section = s.section
            planned.append(PlannedRow(s.excel_row, RowStatus.SKIPPED, f"Dòng đơn vị: {section}", unit_name=section))
        elif s.kind == "badname":
            planned.append(PlannedRow(s.excel_row, RowStatus.ERROR, f"Họ tên không hợp lệ: {s.reason}"))
        elif s.kind == "noname":
            planned.append(PlannedRow(s.excel_row, RowStatus.ERROR,
                                      f"Không có họ tên nhưng có dữ liệu ở cột {s.reason}"))
        else:
            p = _parse_staff(s.raw, s.excel_row, cols, cells, section)
            p.strong = s.strong
            parsed[len(planned)] = p
            planned.append(PlannedRow(s.excel_row, RowStatus.NEW, unit_name=p.unit_name))
    return planned, parsed


def _parse_gender_text(value) -> tuple[str | None, str | None]:
    """``(gender, error)`` from a Giới tính cell."""
    k = header_key(value)
    if not k:
        return None, None
    if k in _GENDER_WORDS:
        return _GENDER_WORDS[k], None
    return None, f"Giới tính “{short(str(value), 20)}” không rõ (ghi Nam hoặc Nữ)"


def _parse_staff(raw, excel_row: int, cols: dict, cells: CellText, section: str) -> _Parsed:
    errors: list[str] = []
    values: dict = {}
    c_name = cols["ho_ten"]
    name = cells.text(cell_value(raw, c_name), excel_row, c_name)
    if "ten" in cols:
        given = cells.text(cell_value(raw, cols["ten"]), excel_row, cols["ten"])
        if given:
            name = cells.clean(f"{name} {given}")
    if len(name) > MAX_NAME_LENGTH:
        errors.append(f"Họ tên quá dài ({len(name)} ký tự)")
    # Birth date and sex: a date (or a mark "x") in a Nam / Nữ column gives
    # the sex; a Giới tính column must agree with it.
    birth: PartialDate | None = None
    sex: str | None = None
    by_sex: dict[str, list[tuple[object, int]]] = {"nam": [], "nu": []}
    for fld, sx in (("ngay_sinh_nam", "nam"), ("gioi_tinh_nam", "nam"),
                    ("ngay_sinh_nu", "nu"), ("gioi_tinh_nu", "nu")):
        c = cols.get(fld)
        if c is not None and (v := cell_value(raw, c)) is not None:
            by_sex[sx].append((v, c))
    if by_sex["nam"] and by_sex["nu"]:
        if any(not is_mark(v) for v, _ in by_sex["nam"] + by_sex["nu"]):
            errors.append("Có ngày sinh ở cả cột Nam và cột Nữ")
        else:
            errors.append("Đánh dấu giới tính ở cả cột Nam và cột Nữ")
    else:
        for sx in ("nam", "nu"):
            for v, c in by_sex[sx]:
                sex = sx
                if not is_mark(v):
                    d = parse_birth(v, c, errors)
                    if birth is not None and d is not None and d != birth:
                        errors.append(f"Ngày sinh ghi hai lần khác nhau ({birth.display()} và {d.display()})")
                    birth = birth or d
    v_any = cell_value(raw, cols.get("ngay_sinh"))
    if v_any is not None:
        other = parse_birth(v_any, cols["ngay_sinh"], errors)
        if birth is not None and other is not None and other != birth:
            errors.append(f"Ngày sinh ghi ở hai cột khác nhau ({birth.display()} và {other.display()})")
        birth = birth or other
    if "gioi_tinh" in cols and (g := cell_value(raw, cols["gioi_tinh"])) is not None:
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
            t = cells.text(cell_value(raw, c), excel_row, c)
            if t:
                values[fld] = t
    # Contract.
    c = cols.get("loai_hop_dong")
    if c is not None and (v := cell_value(raw, c)) is not None:
        t = cells.text(v, excel_row, c)
        k = header_key(t)
        kind = next((code for rx, code in _CONTRACT_WORDS if rx.match(k)), None)
        if kind is None:
            errors.append(f"Loại hợp đồng “{short(t, 30)}” không rõ (ghi Biên chế hoặc Hợp đồng)")
        else:
            values["loai_hop_dong"] = kind
    # Working status and leaving date.
    left_date = None
    c = cols.get("ngay_nghi")
    if c is not None and (v := cell_value(raw, c)) is not None:
        try:
            left_date = parse_full_date(v)
        except DateError as exc:
            errors.append(f"Ngày nghỉ (cột {get_column_letter(c)}): {exc}")
    c = cols.get("trang_thai")
    status = None
    if c is not None and (v := cell_value(raw, c)) is not None:
        t = cells.text(v, excel_row, c)
        k = header_key(t)
        if _WORKING_WORDS.match(k):
            status = True
        elif _LEFT_WORDS.search(k):
            status = False
        else:
            errors.append(f"Trạng thái “{short(t, 30)}” không rõ (ghi Đang công tác hoặc Đã nghỉ)")
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
    if c is not None and (v := cell_value(raw, c)) is not None:
        unit = cells.text(v, excel_row, c)
    unit = unit or section
    if unit:
        values["unit"] = unit
    key = vntext.search_key(name)
    return _Parsed(excel_row, name, key, birth, values, False, errors, unit)



# --- matching ---------------------------------------------------------------

_LABELS = {
    "ho_ten": "Họ tên", "ngay_sinh": "Ngày sinh", "gioi_tinh": "Giới tính", "chuc_vu": "Chức vụ",
    "ngach": "Ngạch", "trinh_do": "Trình độ", "unit": "Đơn vị", "loai_hop_dong": "Loại hợp đồng",
    "dang_cong_tac": "Trạng thái", "ngay_nghi": "Ngày nghỉ", "ghi_chu": "Ghi chú",
}



def _match(planned: list[PlannedRow], parsed: dict[int, _Parsed], staff_rows, units) -> None:
    people = PersonIndex(staff_rows)

    def pool(p: _Parsed) -> list[tuple] | tuple:
        return people.pool(p.name, p.key, p.birth)
    unit_names = {uid: name for uid, name in units.values()}

    def who(s: tuple) -> str:  # a stored person as a message names them: name, birth, unit (never the id)
        unit = unit_names.get(s[8])
        return f"{s[1]} ({date_label(s[4])}{f', {unit}' if unit else ', chưa xếp đơn vị'})"
    first_seen: dict[tuple[str, str | None], int] = {}
    claimed: dict[int, int] = {}  # staff id -> excel row
    pending: list[int] = []
    exact: dict[int, tuple] = {}
    # Pass 1: duplicates within the file, exact matches.
    for idx, p in parsed.items():
        iso = p.birth.iso() if p.birth else None
        dup = first_seen.get((name_key(p.name), iso))
        if dup is not None:
            p.errors.append(f"Trùng với dòng {dup} (cùng họ tên và ngày sinh); nếu là hai người "
                            "khác nhau, hãy ghi đủ ngày tháng năm sinh để phân biệt")
            continue
        first_seen[(name_key(p.name), iso)] = p.excel_row
        candidates = pool(p)
        same = [s for s in candidates if s[4] == iso]
        if len(same) > 1:
            p.errors.append(f"Dữ liệu đã có {len(same)} người trùng họ tên và ngày sinh "
                            f"({'; '.join(who(s) for s in same[:6])}), "
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
        compatible = [s for s in pool(p) if compatible_dates(p.birth, PartialDate.from_iso(s[4]))]
        cands = [s for s in compatible if s[0] not in claimed]
        taken = [s for s in compatible if s[0] in claimed]
        if len(cands) == 1:
            exact[idx] = cands[0]
            claimed[cands[0][0]] = p.excel_row
        elif len(cands) > 1:
            p.errors.append(f"Có {len(cands)} người cùng tên “{p.name}” trong dữ liệu "
                            f"({'; '.join(who(s) for s in cands[:6])}); "
                            "hãy ghi đủ ngày sinh để biết là ai")
        elif taken and not p.birth:
            p.errors.append(f"Trùng với dòng {claimed[taken[0][0]]} (cùng người trong dữ liệu)")
    # Pass 3: rows the rules above would take for one person had they come in
    # two files (case, accents, a year-only or missing date) are probable
    # duplicates for the user to decide — unless they are two stored people.
    seen = PersonIndex(())
    for idx, p in parsed.items():
        iso = p.birth.iso() if p.birth else None
        if not p.errors:
            mine = exact.get(idx)
            hits = [s for s in seen.find(p.name, p.birth, p.key)
                    if mine is None or exact.get(s[5]) is None or exact[s[5]][0] == mine[0]]
            if hits:
                first = hits[0]
                p.errors.append(
                    f"Có thể trùng người với dòng {first[0]} (“{first[1]}”, {date_label(first[4])}): cùng họ tên "
                    "khi bỏ qua chữ hoa, dấu hoặc ngày sinh chưa đủ. Nếu là một người, hãy bỏ một dòng; nếu là "
                    "hai người, hãy ghi đủ ngày tháng năm sinh của cả hai")
        seen.add((p.excel_row, p.name, p.key, None, iso, idx))
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
            if row.unit_name and staff.unit_id is None:  # a unit the import will create
                p.errors.extend(Unit(row.unit_name).errors())
        if p.errors:
            row.status = RowStatus.ERROR
            row.reason = "; ".join(dict.fromkeys(p.errors))
            row.changes = []



def _unit_lookup(units, name: str) -> tuple[int | None, str]:
    hit = units.get(unit_key(name))
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

    if p.name != old.ho_ten and p.name.casefold() != old.ho_ten.casefold() and not fewer_accents(p.name, old.ho_ten):
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
                (vntext.clean(plan.unit_name(name)), k, order),
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
                unit_id = units[unit_key(row.unit_name)]
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

