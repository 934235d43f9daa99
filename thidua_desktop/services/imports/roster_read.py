"""Reading a staff roster's rows: the header words of a roster
(:data:`ROSTER_HEADERS`) and each staff row's values, before matching.

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

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ...domain import vntext
from ...domain.dates import DateError, PartialDate, parse_full_date
from ...domain.models import GENDERS, MAX_NAME_LENGTH, Staff, phan_loai_from_text
from .cells import CellText, cell_value, is_mark, parse_birth, short
from .layout import (
    FAMILY_PART,
    GIVEN_PART,
    STT_HEADERS,
    HeaderSpec,
    Layout,
    header_key,
    is_name_header,
    is_unit_header,
    refine_birth,
)
from .sheet import RowStatus
from .table import scan_table
from .workbook import SheetData

__all__ = ["FIELDS", "ROSTER_HEADERS", "ParsedStaff", "PlannedRow", "read_rows"]

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
    "dan_toc": "Dân tộc",
    "phan_loai": "Phân loại đối tượng",
    "don_vi": "Đơn vị",
    "loai_hop_dong": "Loại hợp đồng",
    "trang_thai": "Trạng thái",
    "ngay_nghi": "Ngày nghỉ",
    "ghi_chu": "Ghi chú",
}

_DATE_FIELDS = ("ngay_sinh", "ngay_sinh_nam", "ngay_sinh_nu")
_TEXT_FIELDS = ("chuc_vu", "ngach", "trinh_do", "ghi_chu", "dan_toc")
# Columns whose vertically merged cells apply to every row they cover.
_VERTICAL_FILL_FIELDS = ("don_vi", "chuc_vu", "ngach", "trinh_do", "loai_hop_dong", "ghi_chu",
                         "trang_thai", "gioi_tinh")


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
    if key.startswith("dan toc"):
        return "dan_toc"
    if "phan loai" in key or key == "doi tuong":
        return "phan_loai"
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


@dataclass
class PlannedRow:
    excel_row: int
    status: RowStatus
    reason: str = ""
    staff: Staff | None = None
    unit_name: str = ""
    existing_id: int | None = None
    changes: list[str] = field(default_factory=list)




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
class ParsedStaff:
    """One staff row as read, before matching."""
    excel_row: int
    name: str
    key: str
    birth: PartialDate | None
    values: dict  # provided fields only: gioi_tinh, chuc_vu, ..., unit (name), dang_cong_tac, ngay_nghi
    strong: bool
    errors: list[str]
    unit_name: str



def read_rows(data: SheetData, layout: Layout, cells: CellText) -> tuple[list[PlannedRow], dict[int, ParsedStaff]]:
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
    parsed: dict[int, ParsedStaff] = {}  # index in planned -> parsed staff row
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


def _parse_staff(raw, excel_row: int, cols: dict, cells: CellText, section: str) -> ParsedStaff:
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
    # Phân loại đối tượng (the statistical forms' categories).
    c = cols.get("phan_loai")
    if c is not None and (v := cell_value(raw, c)) is not None:
        t = cells.text(v, excel_row, c)
        kind = phan_loai_from_text(t)
        if kind is None:
            errors.append(f"Phân loại đối tượng “{short(t, 30)}” không rõ (ghi Lãnh đạo cấp bộ, tỉnh / Lãnh đạo "
                          "cấp vụ, sở / Doanh nhân / Lãnh đạo khác / Trực tiếp lao động, công tác)")
        else:
            values["phan_loai"] = kind
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
    return ParsedStaff(excel_row, name, key, birth, values, False, errors, unit)



