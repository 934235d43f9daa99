"""Registration workbooks for the units, out and back in.

**Out** (:func:`export_unit_templates`): one workbook per unit — sheet
“Đăng ký” lists the unit's working staff (prefilled, locked) and the unit
itself, with one column per title of the year's rule set where the unit
types ``x``; a dropdown (choices on a hidden sheet, so commas in names are
safe) offers ``x``; sheet “Hướng dẫn” says how to fill it in. The sheet is
protected without a password: only the title cells and the note column can
be edited. A hidden column A holds the person's (``NV…``) or unit's
(``DV…``) id, so a renamed person is still found.

**Back in** (:func:`plan_template_import`, :func:`apply_template_import`):
every row gets a status — new registrations, unchanged, a **conflict** (the
app has a registration still at "Đăng ký" of that person for a title the
file leaves blank: the user decides to keep it or to remove it), **locked**
(the file leaves blank a registration already further along — Đề nghị, Đạt,
Không đạt, in a decision, on a meeting's list: a workbook cannot change it,
it stays) or an **error** with its Excel row number (unknown id, a person not
in the workbook's unit, who has left or whose name differs from the stored
one, another unit as a collective, a title not for individuals or
collectives, a value other than ``x``). Each workbook carries the data
file's UUID (:func:`store.db.file_uuid`), the campaign and the unit, in a
very hidden sheet and in its document properties; a workbook of another
file or campaign, or whose two copies disagree, is refused whole. A file with any error writes nothing; otherwise the whole
file is applied in one transaction. Importing the same file twice changes
nothing the second time.
"""
from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import sqlite_utils
from openpyxl.styles import Alignment, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain import vntext
from ...domain.registrations import STATUSES
from ...domain.titles import CA_NHAN, TAP_THE
from ...store import records, registrations
from ...store.db import StoreError, file_uuid, transaction
from ...store.rules import ruleset_for_year
from ..documents.output import batch_paths
from .identity import read_identity, write_identity
from .workbook import open_workbook, sheet_rows
from ..documents.xlsx import (
    BOX,
    CENTER,
    LEFT,
    fit_row_height,
    font,
    merge_write,
    row_lines,
    save_workbook,
    set_column_widths,
    setup_print,
    wrapped_lines,
    write_admin_header,
    write_signature,
    write_text,
)

SHEET = "Đăng ký"
HELP_SHEET = "Hướng dẫn"
#: the unit head's signature under the table (where reading the returned workbook stops)
SIGN_DATE = "…………, ngày …… tháng …… năm ……"
SIGN_ROLE = "THỦ TRƯỞNG ĐƠN VỊ"
#: widths of the fixed columns (id, STT, name, position) and of the help text
WIDTHS = (8, 5, 26, 18)
HELP_WIDTH = 80
CHOICES_SHEET = "_chon"
#: very hidden sheet naming the data file (its UUID), the campaign and the unit a workbook was made for;
#: the same three are document properties (Tệp → Thông tin → Thuộc tính)
IDENTITY_SHEET = "_ma_phieu"
IDENTITY_KEYS = ("thidua_tep", "thidua_phong_trao", "thidua_don_vi")
MARK = "x"
FIXED = ("Mã", "STT", "Họ và tên", "Chức vụ")
NOTE = "Ghi chú"
_ID = re.compile(r"^(NV|DV)(\d+)$")


class RowStatus(enum.Enum):
    NEW = "new"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    LOCKED = "locked"
    ERROR = "error"
    EMPTY = "empty"


STATUS_LABELS = {
    RowStatus.NEW: "Đăng ký mới",
    RowStatus.UNCHANGED: "Không đổi",
    RowStatus.CONFLICT: "Khác với dữ liệu",
    RowStatus.LOCKED: "Đã bình xét, giữ nguyên",
    RowStatus.ERROR: "Lỗi",
    RowStatus.EMPTY: "Không đăng ký",
}


@dataclass
class TemplateRow:
    excel_row: int
    name: str
    status: RowStatus
    staff_id: int | None = None
    unit_id: int | None = None
    add: list[str] = field(default_factory=list)  # title codes to register
    missing: list[tuple[int, str]] = field(default_factory=list)  # (registration id, code) the file leaves blank
    #: (registration id, code, trang_thai) the file leaves blank but cannot withdraw: past "Đăng ký",
    #: or on a meeting's candidate list or in a decision
    locked: list[tuple[int, str, str]] = field(default_factory=list)
    reason: str = ""
    note: str = ""


@dataclass
class TemplatePlan:
    path: Path
    campaign_id: int
    year: int
    rows: list[TemplateRow]
    unit_name: str = ""  # the unit the workbook was made for

    @property
    def errors(self) -> list[TemplateRow]:
        return [r for r in self.rows if r.status is RowStatus.ERROR]

    @property
    def conflicts(self) -> list[TemplateRow]:
        return [r for r in self.rows if r.status is RowStatus.CONFLICT]

    @property
    def locked(self) -> list[TemplateRow]:
        """Rows leaving blank a registration the workbook cannot withdraw (kept as it is)."""
        return [r for r in self.rows if r.locked]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[RowStatus, int]:
        return {s: sum(1 for r in self.rows if r.status is s) for s in RowStatus}


def _year(campaign) -> int:
    return campaign.nam_ket_thuc or campaign.nam_bat_dau


# --- out -------------------------------------------------------------------------------

def export_unit_templates(
    db: sqlite_utils.Database, campaign_id: int, out_dir: Path | str, *, unit_ids: Sequence[int] | None = None
) -> list[Path]:
    """One registration workbook per unit (all units, or ``unit_ids``); returns the files.

    A workbook is never written over an existing file (one a unit may have
    filled in and sent back): when any name is taken in ``out_dir``, the whole
    export goes into a new dated folder inside it (``phieu-dang-ky-YYYY-MM-DD``,
    then ``…-2`` …); the returned paths say where."""
    campaign = records.get_campaign(db, campaign_id)
    units = [u for u in records.list_units(db) if unit_ids is None or u.id in unit_ids]
    targets = batch_paths(out_dir, "dang-ky", [u.ten for u in units], fallback="don-vi", folder="phieu-dang-ky")
    year = _year(campaign)
    rs = ruleset_for_year(db, year)
    settings = records.document_settings(db)
    file_id = file_uuid(db)
    if file_id is None:  # a read-only file from before the data file had its own identity
        raise StoreError("Tệp dữ liệu đang mở chỉ đọc và chưa có mã nhận dạng để ghi vào phiếu; hãy mở tệp để ghi "
                         "rồi xuất phiếu.")
    staff = [r for r in records.list_staff_rows(db) if r["dang_cong_tac"]]
    staff.sort(key=lambda r: vntext.name_sort_key(r["ho_ten"]))
    existing: dict[tuple[str, int], set[str]] = {}
    for reg in registrations.registrations_of_campaign(db, campaign_id):
        if reg.nam == year:
            key = ("staff", reg.staff_id) if reg.staff_id is not None else ("unit", reg.unit_id)
            existing.setdefault(key, set()).add(reg.ma)
    titles = [t for t in rs.titles if CA_NHAN in t.subjects or TAP_THE in t.subjects]
    for unit, path in zip(units, targets, strict=True):
        people = [r for r in staff if r["unit_id"] == unit.id]
        _write_template(path, settings, campaign, year, unit, people, titles, existing, file_id)
    return targets


def _write_template(path, settings, campaign, year, unit, people, titles, existing, file_id) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ncols = len(FIXED) + len(titles) + 1
    r = write_admin_header(ws, settings, f"ĐĂNG KÝ THI ĐUA NĂM {year}", ncols,
                           subtitle=f"Đơn vị: {unit.ten} — {campaign.ten}", left_cols=4)  # column A is hidden
    header_row = r
    for col, label in enumerate([*FIXED, *(t.name for t in titles), NOTE], start=1):
        cell = write_text(ws.cell(row=r, column=col), label, text_format=False)
        cell.font, cell.alignment, cell.border = font(11, bold=True), CENTER, BOX
    ws.row_dimensions[r].height = 62
    choices = wb.create_sheet(CHOICES_SHEET)
    choices["A1"] = MARK
    choices.sheet_state = "hidden"
    dv = DataValidation(type="list", formula1=f"{CHOICES_SHEET}!$A$1:$A$1", allow_blank=True,
                        showErrorMessage=True, errorTitle="Chỉ ghi x",
                        error="Ô này chỉ nhận “x” (đăng ký) hoặc để trống.")
    ws.add_data_validation(dv)
    unlocked = Protection(locked=False)
    subjects = [("NV", p["id"], p["ho_ten"], p["chuc_vu"], CA_NHAN) for p in people]
    subjects.append(("DV", unit.id, unit.ten, "Tập thể", TAP_THE))
    for n, (prefix, row_id, name, role, kind) in enumerate(subjects, start=1):
        r += 1
        key = ("staff" if prefix == "NV" else "unit", row_id)
        values = [f"{prefix}{row_id}", n, name, role]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            if col == 2:
                cell.value = n  # STT: a number
            else:
                write_text(cell, value, text_format=False)
            cell.font, cell.border = font(12, bold=prefix == "DV"), BOX
            cell.alignment = CENTER if col <= 2 else LEFT
        fit_row_height(ws, r, row_lines([name, role], WIDTHS[2:4], bold=prefix == "DV"))
        for i, t in enumerate(titles):
            cell = ws.cell(row=r, column=len(FIXED) + 1 + i)
            cell.border, cell.alignment, cell.font = BOX, CENTER, font(12)
            if kind in t.subjects:
                cell.protection = unlocked
                dv.add(cell)
                if t.code in existing.get(key, ()):
                    cell.value = MARK
            else:
                cell.fill = openpyxl.styles.PatternFill("solid", fgColor="D9D9D9")  # not for this kind
        note = ws.cell(row=r, column=ncols)
        note.border, note.protection, note.alignment = BOX, unlocked, Alignment(wrap_text=True, vertical="center")
    # the unit head signs what the unit sends back
    right = max(len(FIXED) + 1, ncols - 2)
    merge_write(ws, r + 2, right, ncols, SIGN_DATE, style_font=font(12, italic=True))
    write_signature(ws, r + 3, right, ncols, [SIGN_ROLE], hint="(Ký, ghi rõ họ tên và đóng dấu)")
    ws.column_dimensions["A"].hidden = True
    set_column_widths(ws, [*WIDTHS, *[10] * len(titles), 22])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=len(FIXED) + 1)
    ws.protection.sheet = True  # no password: structure protected, input cells open
    ws.protection.formatColumns = False
    setup_print(ws, landscape=True, header_rows=(header_row, header_row))
    helper = wb.create_sheet(HELP_SHEET)
    lines = [
        "HƯỚNG DẪN ĐIỀN PHIẾU ĐĂNG KÝ THI ĐUA",
        f"1. Ghi “{MARK}” vào ô của danh hiệu, hình thức mà cá nhân hoặc đơn vị đăng ký (chọn trong danh sách của ô).",
        "2. Dòng in đậm cuối bảng là đơn vị (tập thể); ô nền xám là danh hiệu không xét cho đối tượng đó.",
        "3. Không sửa tên, không thêm, xóa hoặc đổi thứ tự dòng; người chưa có trong danh sách xin báo Văn phòng.",
        "4. Ô trống là không đăng ký: bỏ dấu “x” đã có nghĩa là rút đăng ký đó.",
        "5. Có thể ghi thêm ở cột Ghi chú.",
        f"6. Lưu tệp (.xlsx) và gửi lại Thường trực Hội đồng Thi đua - Khen thưởng trước hạn {campaign.han_dang_ky:%d/%m/%Y}."
        if campaign.han_dang_ky else "6. Lưu tệp (.xlsx) và gửi lại Thường trực Hội đồng Thi đua - Khen thưởng.",
    ]
    lines.append(f"7. Thủ trưởng đơn vị ký, ghi rõ họ tên ở cuối trang “{SHEET}” khi gửi bản giấy.")
    for i, line in enumerate(lines, start=1):
        cell = write_text(helper.cell(row=i, column=1), line, text_format=False)
        cell.font = font(13, bold=i == 1)
        cell.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
        fit_row_height(helper, i, wrapped_lines(line, HELP_WIDTH, bold=i == 1, size=13), 13)
    helper.column_dimensions["A"].width = HELP_WIDTH
    setup_print(helper, landscape=False)  # A4, fitted to the width
    _write_identity(wb, (file_id, str(campaign.id), str(unit.id)))
    save_workbook(wb, path)


def _write_identity(wb: openpyxl.Workbook, values: tuple[str, str, str]) -> None:
    write_identity(wb, IDENTITY_SHEET, IDENTITY_KEYS, values)


def _read_identity(wb, path: Path) -> tuple[str, int, int]:
    """(data file UUID, campaign id, unit id) a workbook was made for."""
    file_id, campaign, unit = read_identity(wb, path, IDENTITY_SHEET, IDENTITY_KEYS, what="phiếu",
                                            renew="hãy xuất phiếu mới gửi đơn vị")
    try:
        return file_id, int(campaign), int(unit)
    except ValueError:
        raise StoreError(f"Mã nhận dạng của “{path.name}” đã bị sửa (trang ẩn và thuộc tính của tệp không khớp "
                         "nhau); không nhập phiếu này. Hãy xuất phiếu mới gửi đơn vị. Chưa ghi gì.") from None


# --- back in ------------------------------------------------------------------------------

def plan_template_import(db: sqlite_utils.Database, campaign_id: int, path: Path | str) -> TemplatePlan:
    """Read a returned workbook; nothing is written.

    Refused (:class:`StoreError`) when the workbook was made for another data
    file, another campaign, or its identity was tampered with. Each row is
    checked against the data: the person must still be in the workbook's unit
    and working, the name in the file must be the stored one (rows show the
    stored name), and the only collective is the workbook's own unit."""
    path = Path(path)
    campaign = records.get_campaign(db, campaign_id)
    year = _year(campaign)
    rs = ruleset_for_year(db, year)
    # the importers' reader: an encrypted, .xls, CSV or oversized file is refused
    # with their messages, and a workbook is known by its content, not its name
    with open_workbook(path) as wb:
        if SHEET not in wb.sheetnames:
            raise StoreError(f"“{path.name}” không phải phiếu đăng ký do chương trình xuất (thiếu trang “{SHEET}”).")
        file_id, wb_campaign, wb_unit = _read_identity(wb, path)
        rows = sheet_rows(path, wb[SHEET])
    if file_id != file_uuid(db):
        raise StoreError(f"“{path.name}” là phiếu xuất từ một tệp dữ liệu khác, không phải tệp đang mở; "
                         "không nhập phiếu này. Chưa ghi gì.")
    if wb_campaign != campaign_id:
        other = next((c.ten for c in records.list_campaigns(db) if c.id == wb_campaign), None)
        which = f"phong trào “{other}”" if other else "một phong trào không còn trong dữ liệu"
        raise StoreError(f"“{path.name}” là phiếu của {which}, không phải của “{campaign.ten}”; "
                         "hãy chọn đúng phong trào rồi nhập lại. Chưa ghi gì.")
    units = {u.id: u for u in records.list_units(db)}
    unit = units.get(wb_unit)
    if unit is None:
        raise StoreError(f"“{path.name}” là phiếu của một đơn vị không còn trong dữ liệu. Chưa ghi gì.")
    header_index = next((i for i, r in enumerate(rows) if r and r[0] == FIXED[0] and len(r) > 3 and r[2] == FIXED[2]), None)
    if header_index is None:
        raise StoreError(f"Không tìm thấy dòng tiêu đề của bảng đăng ký trong “{path.name}”.")
    header = [vntext.clean(v) for v in rows[header_index]]
    by_name = {vntext.search_key(t.name): t for t in rs.titles}
    title_cols: dict[int, object] = {}
    for col, label in enumerate(header):
        if col >= len(FIXED) and label and label != NOTE:
            title = by_name.get(vntext.search_key(label))
            if title is None:
                raise StoreError(f"Cột “{label}” không phải danh hiệu của bộ quy tắc năm {year}.")
            title_cols[col] = title
    note_col = header.index(NOTE) if NOTE in header else None
    staff = {r["id"]: r for r in records.list_staff_rows(db)}
    existing: dict[tuple[str, int], dict[str, tuple[int, str]]] = {}
    for reg in registrations.registrations_of_campaign(db, campaign_id):
        if reg.nam == year:
            key = ("staff", reg.staff_id) if reg.staff_id is not None else ("unit", reg.unit_id)
            existing.setdefault(key, {})[reg.ma] = (reg.id, reg.trang_thai)
    plan_rows: list[TemplateRow] = []
    seen: dict[tuple[str, int], int] = {}
    file_codes = {t.code for t in title_cols.values()}
    ours = {("staff", sid) for sid, r in staff.items() if r["unit_id"] == unit.id} | {("unit", unit.id)}
    missing_ids = [rid for key, have in existing.items() if key in ours
                   for code, (rid, _) in have.items() if code in file_codes]
    in_use = registrations.registrations_in_use(db, missing_ids)
    for index in range(header_index + 1, len(rows)):
        raw = rows[index]
        excel_row = index + 1
        if not raw or all(v in (None, "") for v in raw):
            continue
        if any(vntext.clean(v) in (SIGN_DATE, SIGN_ROLE) for v in raw if isinstance(v, str)):
            break  # the unit head's signature: the table has ended
        name = vntext.clean(raw[2] if len(raw) > 2 else "")
        row = TemplateRow(excel_row, name, RowStatus.EMPTY)
        plan_rows.append(row)
        m = _ID.match(vntext.clean(raw[0]))
        if not m:
            row.status, row.reason = RowStatus.ERROR, "Mất mã ở cột A (đừng thêm hay sửa dòng); hãy dùng mẫu mới"
            continue
        kind = "staff" if m.group(1) == "NV" else "unit"
        row_id = int(m.group(2))
        if problem := _subject_problem(kind, row_id, name, unit, staff, units):
            row.status, row.reason = RowStatus.ERROR, problem
            if kind == "staff" and row_id in staff:
                row.name = staff[row_id]["ho_ten"]
            elif kind == "unit" and row_id in units:
                row.name = units[row_id].ten
            continue
        row.name = staff[row_id]["ho_ten"] if kind == "staff" else unit.ten  # the stored name
        key = (kind, row_id)
        if key in seen:
            row.status, row.reason = RowStatus.ERROR, f"Trùng với dòng {seen[key]}"
            continue
        seen[key] = excel_row
        row.staff_id, row.unit_id = (row_id, None) if kind == "staff" else (None, row_id)
        subject = CA_NHAN if kind == "staff" else TAP_THE
        errors, wanted = [], set()
        for col, title in title_cols.items():
            value = vntext.clean(raw[col] if col < len(raw) else "")
            if not value:
                continue
            if value.lower() != MARK:
                errors.append(f"ô “{title.name}” ghi “{value}”, chỉ được ghi “{MARK}”")
            elif subject not in title.subjects:
                errors.append(f"{title.name} không xét cho {'cá nhân' if kind == 'staff' else 'tập thể'}")
            else:
                wanted.add(title.code)
        if errors:
            row.status, row.reason = RowStatus.ERROR, "; ".join(errors)
            continue
        row.note = vntext.clean(raw[note_col]) if note_col is not None and note_col < len(raw) else ""
        have = existing.get(key, {})
        row.add = [c for c in (t.code for t in title_cols.values()) if c in wanted and c not in have]
        for code, (rid, status) in sorted(have.items(), key=lambda item: item[1][0]):
            if code in file_codes and code not in wanted:
                if status == "dang_ky" and rid not in in_use:
                    row.missing.append((rid, code))
                else:
                    row.locked.append((rid, code, status))
        reasons = []
        if row.missing:
            names = ", ".join(rs.title_name(c) for _, c in row.missing)
            reasons.append(f"Dữ liệu có đăng ký {names} nhưng phiếu để trống")
        if row.locked:
            names = ", ".join(_locked_text(rs, rid, code, status, in_use) for rid, code, status in row.locked)
            reasons.append(f"Phiếu để trống {names}: đăng ký đã qua bước Đăng ký nên phiếu không đổi được, "
                           "giữ nguyên")
        row.reason = "; ".join(reasons)
        if row.missing:
            row.status = RowStatus.CONFLICT
        elif row.add:
            row.status = RowStatus.NEW
        elif row.locked:
            row.status = RowStatus.LOCKED
        elif wanted:
            row.status = RowStatus.UNCHANGED
    return TemplatePlan(path, campaign_id, year, plan_rows, unit.ten)


def _subject_problem(kind: str, row_id: int, typed: str, unit, staff: dict, units: dict) -> str:
    """Why a row's person or collective cannot register through this unit's workbook ("" if it can)."""
    code = f"{'NV' if kind == 'staff' else 'DV'}{row_id}"
    if kind == "unit":
        other = units.get(row_id)
        if other is None:
            return f"Mã {code} không có trong dữ liệu"
        if row_id != unit.id:
            return (f"Phiếu của đơn vị “{unit.ten}” không được đăng ký cho tập thể khác (“{other.ten}”, "
                    f"mã {code}, phiếu ghi “{typed}”)")
        if typed != unit.ten:
            return f"Tên trong phiếu “{typed}” khác tên trong dữ liệu “{unit.ten}” (mã {code})"
        return ""
    person = staff.get(row_id)
    if person is None:
        return f"Mã {code} không có trong dữ liệu"
    stored = person["ho_ten"]
    if typed != stored:
        return f"Tên trong phiếu “{typed}” khác tên trong dữ liệu “{stored}” (mã {code})"
    if person["unit_id"] != unit.id:
        where = units[person["unit_id"]].ten if person["unit_id"] in units else "chưa có đơn vị"
        return f"“{stored}” (mã {code}) không thuộc đơn vị “{unit.ten}” (dữ liệu: {where})"
    if not person["dang_cong_tac"]:
        return f"“{stored}” (mã {code}) đã nghỉ công tác"
    return ""


def _locked_text(rs, rid: int, code: str, status: str, in_use: dict[int, str]) -> str:
    why = STATUSES.get(status, status)
    if status == "dang_ky" and rid in in_use:
        why = in_use[rid]
    return f"{rs.title_name(code)} ({why})"


@dataclass(frozen=True)
class TemplateResult:
    kept: int
    created_ids: tuple[int, ...] = ()  # for undo: delete these …
    removed_rows: tuple = ()  # … and put these Registration rows back

    @property
    def created(self) -> int:
        return len(self.created_ids)

    @property
    def removed(self) -> int:
        return len(self.removed_rows)


def apply_template_import(
    db: sqlite_utils.Database, plan: TemplatePlan, *, decisions: Mapping[int, str] | None = None
) -> TemplateResult:
    """Apply one file in one transaction. ``decisions``: Excel row of a
    conflict → ``"keep"`` (the app's registration stays) or ``"take"`` (the
    file wins: it is removed). Only registrations still at "Đăng ký" and on no
    meeting's list or decision are ever removed; the ``locked`` ones stay
    whatever is decided. Refused while errors or undecided conflicts remain."""
    decisions = decisions or {}
    if plan.errors:
        rows = ", ".join(str(r.excel_row) for r in plan.errors)
        raise StoreError(f"“{plan.path.name}” có dòng lỗi ({rows}); chưa ghi gì.")
    undecided = [r.excel_row for r in plan.conflicts if decisions.get(r.excel_row) not in ("keep", "take")]
    if undecided:
        raise StoreError(f"Cần chọn giữ hay bỏ đăng ký ở các dòng {', '.join(map(str, undecided))}; chưa ghi gì.")
    created_ids: list[int] = []
    removed_rows: list = []
    kept = 0
    with transaction(db):
        for row in plan.rows:
            for code in row.add:
                new, _ = registrations.register_many(
                    db, plan.campaign_id, plan.year, code,
                    staff_ids=[row.staff_id] if row.staff_id else [], unit_ids=[row.unit_id] if row.unit_id else [],
                    ghi_chu=row.note,
                )
                created_ids += new
            kept += len(row.locked)
            if row.status is RowStatus.CONFLICT:
                if decisions[row.excel_row] == "take":
                    ids = [rid for rid, _ in row.missing]
                    regs = registrations.get_registrations(db, ids)
                    moved = [r for r in regs if r.trang_thai != "dang_ky"]
                    if len(regs) != len(ids) or moved or registrations.registrations_in_use(db, ids):
                        raise StoreError(f"Đăng ký ở dòng {row.excel_row} của “{plan.path.name}” đã thay đổi "
                                         "sau khi xem trước; hãy nhập lại tệp. Chưa ghi gì.")
                    removed_rows += regs
                    registrations.delete_registrations(db, ids)
                else:
                    kept += len(row.missing)
    return TemplateResult(kept, tuple(created_ids), tuple(removed_rows))
