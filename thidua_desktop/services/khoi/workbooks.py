"""Score workbooks for the khối's member agencies, out and back in.

**Out** (:func:`export_member_workbooks`): one workbook per member — the
current bảng chấm điểm line by line (Mục, Nội dung, Loại, Điểm chuẩn, the
evidence each line needs), protected without a password except the Tự chấm
and Minh chứng cells of the lines that are scored (a dropdown-free decimal
validation from 0 to the line's điểm chuẩn). A hidden column A holds each
line's id. The workbook carries the data file, the khối, the member and the
sheet's version (``imports.identity``), so a workbook of another file, khối
or version is refused whole when it comes back.

**Back in** (:func:`plan_member_workbook`, :func:`apply_member_workbook`):
every row is checked (a line of the current sheet, a number within its
điểm chuẩn, no score on a heading); any error and nothing is written;
otherwise the member's self-scores and evidence are written in one
transaction (the khối's appraisals and notes stay).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import sqlite_utils
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain import khoi as dk
from ...domain import vntext
from ...domain.khoi import LineScore
from ...store import khoi as store
from ...store import records
from ...store.db import StoreError, file_uuid
from ..documents.output import batch_paths
from ..documents.xlsx import (
    BOX,
    CENTER,
    LEFT,
    fit_row_height,
    font,
    save_workbook,
    set_column_widths,
    setup_print,
    wrapped_lines,
    write_admin_header,
    write_text,
)
from ..imports.identity import read_identity, write_identity
from ..imports.workbook import open_workbook, sheet_rows
from . import service

SHEET = "Chấm điểm"
HELP_SHEET = "Hướng dẫn"
IDENTITY_SHEET = "_ma_phieu_khoi"
IDENTITY_KEYS = ("thidua_tep", "thidua_khoi", "thidua_thanh_vien", "thidua_bang_diem", "thidua_phien_ban")
COLUMNS = ("Mã", "Mục", "Nội dung", "Loại", "Điểm chuẩn", "Tự chấm", "Minh chứng (tài liệu, số văn bản)",
           "Minh chứng cần có")
SCORE_COL, EVIDENCE_COL = 6, 7
WIDTHS = (8, 7, 52, 11, 9, 9, 30, 26)
_ID = re.compile(r"^TC(\d+)$")
HEADING = PatternFill("solid", fgColor="E7EEF7")


def export_member_workbooks(db: sqlite_utils.Database, khoi_id: int, out_dir: Path | str, *,
                            member_ids=None) -> list[Path]:
    """One score workbook per member (all, or ``member_ids``); never over an
    existing file: when a name is taken the batch goes into a new dated folder."""
    view = service.load_view(db, khoi_id)
    if view.sheet is None:
        raise StoreError("Khối chưa có bảng chấm điểm: hãy nhập hoặc soạn bảng chấm điểm trước khi xuất phiếu.")
    members = [m for m in view.members if member_ids is None or m.id in member_ids]
    if not members:
        raise StoreError("Khối chưa có cơ quan thành viên nào để gửi phiếu.")
    settings = records.document_settings(db)
    file_id = file_uuid(db)
    if file_id is None:
        raise StoreError("Tệp dữ liệu đang mở chỉ đọc và chưa có mã nhận dạng để ghi vào phiếu; hãy mở tệp để ghi "
                         "rồi xuất phiếu.")
    targets = batch_paths(out_dir, f"cham-diem-{view.khoi.nam}", [m.ten for m in members], fallback="thanh-vien",
                          folder="phieu-cham-diem")
    for m, path in zip(members, targets, strict=True):
        identity = (file_id, str(khoi_id), str(m.id), str(view.sheet.id), str(view.sheet.phien_ban))
        _write_member(path, settings, view, m, view.results[m.id].lines, identity)
    return targets


def _write_member(path: Path, settings, view, member, lines, identity) -> None:
    sheet, khoi = view.sheet, view.khoi
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    r = write_admin_header(ws, settings, f"BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {khoi.nam}", len(COLUMNS),
                           subtitle=f"{khoi.ten} — Đơn vị: {member.ten} — bảng chấm điểm phiên bản "
                                    f"{sheet.phien_ban} ({dk.CACH_TINH[sheet.cach_tinh]})", left_cols=3)
    header_row = r
    for col, label in enumerate(COLUMNS, start=1):
        cell = write_text(ws.cell(row=r, column=col), label, text_format=False)
        cell.font, cell.alignment, cell.border = font(11, bold=True), CENTER, BOX
    ws.row_dimensions[r].height = 34
    leaves = set(sheet.leaves())
    unlocked = Protection(locked=False)
    for i, c in enumerate(sheet.criteria):
        r += 1
        scored = i in leaves
        current = lines.get(i, LineScore())
        values = (f"TC{c.id}", c.muc, c.noi_dung, dk.LOAI[c.loai], dk.fmt(c.diem_chuan), "", "", c.minh_chung)
        fit_row_height(ws, r, max(wrapped_lines(text, width) for text, width in (
            (c.noi_dung, WIDTHS[2]), (current.minh_chung, WIDTHS[6]), (c.minh_chung, WIDTHS[7]))))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            if value:
                write_text(cell, value, text_format=False)
            cell.font, cell.border = font(12, bold=not scored), BOX
            cell.alignment = CENTER if col in (1, 2, 4, 5, 6) else LEFT
            if not scored:
                cell.fill = HEADING
        if scored:
            score = ws.cell(row=r, column=SCORE_COL)
            if current.tu_cham is not None:
                score.value = float(current.tu_cham)
            score.number_format = "0.##"
            evidence = ws.cell(row=r, column=EVIDENCE_COL)
            if current.minh_chung:
                write_text(evidence, current.minh_chung, text_format=False)
            for cell in (score, evidence):
                cell.protection = unlocked
            evidence.alignment = Alignment(wrap_text=True, vertical="center")
            dv = DataValidation(type="decimal", operator="between", formula1="0",
                                formula2=str(c.diem_chuan or dk.MAX_SCORE), allow_blank=True, showErrorMessage=True,
                                errorTitle="Điểm không hợp lệ",
                                error=f"Mục {c.muc}: điểm từ 0 đến {dk.fmt(c.diem_chuan)}.")
            ws.add_data_validation(dv)
            dv.add(score)
    ws.column_dimensions["A"].hidden = True
    set_column_widths(ws, WIDTHS)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=SCORE_COL)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    setup_print(ws, landscape=True, header_rows=(header_row, header_row))
    helper = wb.create_sheet(HELP_SHEET)
    for i, line in enumerate((
        "HƯỚNG DẪN TỰ CHẤM ĐIỂM",
        "1. Ghi điểm tự chấm vào cột “Tự chấm” của từng mục (dòng nền xanh là mục tổng hợp, không chấm).",
        "2. Điểm từ 0 đến điểm chuẩn của mục; với mục điểm cộng, điểm trừ: ghi số điểm được cộng hoặc bị trừ.",
        "3. Ghi tài liệu, số văn bản chứng minh vào cột “Minh chứng”.",
        "4. Không thêm, xóa hoặc đổi thứ tự dòng; không đổi tên tệp cũng được, chương trình nhận phiếu theo nội dung.",
        "5. Lưu tệp (.xlsx) và gửi lại khối trưởng.",
    ), start=1):
        cell = write_text(helper.cell(row=i, column=1), line, text_format=False)
        cell.font = font(13, bold=i == 1)
    helper.column_dimensions["A"].width = 120
    write_identity(wb, IDENTITY_SHEET, IDENTITY_KEYS, identity)
    save_workbook(wb, path)


# --- back in ------------------------------------------------------------------------------------

@dataclass
class ScoreRow:
    excel_row: int
    muc: str
    noi_dung: str
    index: int | None = None  # the line of the sheet
    tu_cham: object = None
    minh_chung: str = ""
    error: str = ""


@dataclass
class ScorePlan:
    path: Path
    khoi_id: int
    member_id: int
    member_name: str
    sheet_id: int
    rows: list[ScoreRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # of the whole file (lines missing)

    @property
    def errors(self) -> list[str]:
        return self.problems + [f"Dòng {r.excel_row} (mục {r.muc}): {r.error}" for r in self.rows if r.error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def scored(self) -> int:
        return sum(1 for r in self.rows if r.tu_cham is not None)


def plan_member_workbook(db: sqlite_utils.Database, khoi_id: int, path: Path | str) -> ScorePlan:
    """Read a returned workbook; nothing is written. Refused (:class:`StoreError`)
    when it was made for another data file, khối, member or sheet version."""
    path = Path(path)
    view = service.load_view(db, khoi_id)
    with open_workbook(path) as wb:
        if SHEET not in wb.sheetnames:
            raise StoreError(f"“{path.name}” không phải phiếu chấm điểm do chương trình xuất (thiếu trang “{SHEET}”).")
        file_id, wb_khoi, wb_member, wb_sheet, wb_version = read_identity(
            wb, path, IDENTITY_SHEET, IDENTITY_KEYS, what="phiếu chấm điểm",
            renew="hãy xuất phiếu mới gửi cơ quan thành viên")
        rows = sheet_rows(path, wb[SHEET])
    if file_id != file_uuid(db):
        raise StoreError(f"“{path.name}” là phiếu xuất từ một tệp dữ liệu khác, không phải tệp đang mở; "
                         "không nhập phiếu này. Chưa ghi gì.")
    if wb_khoi != str(khoi_id):
        other = next((f"“{k['ten']}” năm {k['nam']}" for k in store.list_khoi(db) if str(k["id"]) == wb_khoi),
                     "một khối không còn trong dữ liệu")
        raise StoreError(f"“{path.name}” là phiếu của khối {other}, không phải “{view.khoi.ten}” năm "
                         f"{view.khoi.nam}; hãy chọn đúng khối rồi nhập lại. Chưa ghi gì.")
    member = next((m for m in view.members if str(m.id) == wb_member), None)
    if member is None:
        raise StoreError(f"“{path.name}” là phiếu của một cơ quan không còn trong khối. Chưa ghi gì.")
    sheet = view.sheet
    if sheet is None or wb_sheet != str(sheet.id) or wb_version != str(sheet.phien_ban):
        now = f"phiên bản {sheet.phien_ban}" if sheet is not None else "không còn bảng chấm điểm nào"
        raise StoreError(f"“{path.name}” ({member.ten}) được chấm theo bảng chấm điểm phiên bản {wb_version}, "
                         f"khối đang dùng {now}: không nhập phiếu này, hãy gửi {member.ten} phiếu mới. Chưa ghi gì.")
    plan = ScorePlan(path, khoi_id, member.id, member.ten, sheet.id)
    header = next((i for i, r in enumerate(rows) if r and vntext.clean(r[0]) == COLUMNS[0]
                   and len(r) > 2 and vntext.clean(r[2]) == COLUMNS[2]), None)
    if header is None:
        raise StoreError(f"Không tìm thấy dòng tiêu đề của bảng chấm điểm trong “{path.name}”. Chưa ghi gì.")
    by_id = {c.id: i for i, c in enumerate(sheet.criteria)}
    leaves = set(sheet.leaves())
    seen: dict[int, int] = {}
    for index in range(header + 1, len(rows)):
        raw = list(rows[index]) + [None] * len(COLUMNS)
        if all(v in (None, "") for v in raw[:len(COLUMNS)]):
            continue
        row = ScoreRow(index + 1, vntext.clean(raw[1]), vntext.clean(raw[2]))
        plan.rows.append(row)
        m = _ID.match(vntext.clean(raw[0]))
        line = by_id.get(int(m.group(1))) if m else None
        if line is None:
            row.error = "mất mã ở cột A hoặc mục không thuộc bảng chấm điểm (đừng thêm hay sửa dòng)"
            continue
        if line in seen:
            row.error = f"trùng với dòng {seen[line]}"
            continue
        seen[line] = row.excel_row
        row.index = line
        try:
            row.tu_cham = dk.parse_score(raw[SCORE_COL - 1], "Điểm tự chấm")
        except dk.ScoreError as exc:
            row.error = str(exc)
            continue
        row.minh_chung = vntext.clean(raw[EVIDENCE_COL - 1])
        if line not in leaves and (row.tu_cham is not None or row.minh_chung):
            row.error = "mục tổng hợp không chấm điểm (chỉ chấm các mục con)"
        elif problem := sheet.score_problem(line, row.tu_cham):
            row.error = problem
    missing = [sheet.criteria[i] for i in sorted(leaves - set(seen))]
    if missing:
        plan.problems.append("Phiếu thiếu mục " + ", ".join(c.muc or c.noi_dung[:30] for c in missing[:10])
                             + (" …" if len(missing) > 10 else ""))
    return plan


def apply_member_workbook(db: sqlite_utils.Database, plan: ScorePlan) -> int:
    """Write the member's self-scores and evidence in one transaction; refused
    whole (nothing written) while the plan has an error. Returns the lines scored."""
    if not plan.ok:
        raise StoreError(f"“{plan.path.name}” có lỗi, chưa ghi gì:\n" + "\n".join(plan.errors[:20]))
    view = service.load_view(db, plan.khoi_id)
    if view.sheet is None or view.sheet.id != plan.sheet_id:
        raise StoreError(f"Bảng chấm điểm của khối đã đổi sau khi đọc “{plan.path.name}”; hãy nhập lại. Chưa ghi gì.")
    current = view.results[plan.member_id].lines if plan.member_id in view.results else {}
    lines = {}
    for r in plan.rows:
        old = current.get(r.index, LineScore())
        lines[r.index] = LineScore(r.tu_cham, old.tham_dinh, r.minh_chung, old.ghi_chu)
    service.save_scores(db, plan.member_id, lines)
    return plan.scored
