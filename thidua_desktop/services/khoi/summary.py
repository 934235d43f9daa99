"""The khối's summary table (.xlsx) with the Nghị định 30 header.

Sheet “Tổng hợp”: the members in ranking order × the criteria (the scored
lines at the top of the sheet, or under its sections), then điểm chuẩn,
cộng, trừ, the agreed total, the rank and a note (an open tie, how a tie was
resolved, the proposal); under it the proposals for Cờ thi đua and Bằng
khen by the khối's quota, and the head's signature. Sheet “Chi tiết”: every
line × every member's self-score and appraisal.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import sqlite_utils

from ...domain import khoi as dk
from ...store import records
from ...store.db import StoreError
from ..documents.xlsx import (
    font,
    merge_write,
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_grid_row,
    write_head_signature,
    write_table_header,
)
from . import service


def criteria_columns(sheet: dk.ScoreSheet) -> list[int]:
    """The scored lines the summary shows one column each: the top ones, or those right under a section."""
    parents, children = sheet.parents(), sheet.children()
    out = []
    for i, c in enumerate(sheet.criteria):
        if c.loai != "cham" or parents[i] is not None:
            continue
        if c.level == 0 and children[i]:
            out += children[i]
        else:
            out.append(i)
    return out


def proposal_lines(view: service.KhoiView) -> list[str]:
    p = view.proposals()
    if p.blocked:
        return [p.blocked]
    names = view.names
    out = []
    if view.khoi.so_co:
        out.append("Đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh: " + (", ".join(names[m] for m in p.co) or "chưa có"))
    if view.khoi.so_bang_khen:
        out.append("Đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: "
                   + (", ".join(names[m] for m in p.bang_khen) or "chưa có"))
    return out


def export_summary(db: sqlite_utils.Database, khoi_id: int, path: Path | str) -> Path:
    view = service.load_view(db, khoi_id)
    sheet = view.sheet
    if sheet is None:
        raise StoreError("Khối chưa có bảng chấm điểm: chưa có gì để tổng hợp.")
    settings = records.document_settings(db)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    cols = criteria_columns(sheet)
    columns = [(None, "Thứ hạng"), (None, "Cơ quan, đơn vị")]
    columns += [("Điểm các tiêu chuẩn", f"{sheet.criteria[i].muc} ({dk.fmt(sheet.criteria[i].diem_chuan)})")
                for i in cols]
    columns += [(None, "Điểm chuẩn"), (None, "Điểm cộng"), (None, "Điểm trừ"), (None, "Tổng điểm"),
                (None, "Ghi chú")]
    n = len(columns)
    r = write_admin_header(ws, settings, f"BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {view.khoi.nam}", n,
                           subtitle=f"{view.khoi.ten} — bảng chấm điểm phiên bản {sheet.phien_ban}", left_cols=2)
    header_row = r
    r = write_table_header(ws, r, columns)
    widths = [9, 34, *[9] * len(cols), 10, 9, 9, 10, 34]
    proposed = view.proposals()
    for row in view.ranking:
        res = view.results[row.member_id]
        values = dk.line_values(sheet, {i: s.agreed for i, s in res.lines.items()})
        note = [dk.VAI_TRO[res.member.vai_tro]] if res.member.vai_tro != "thanh_vien" else []
        if res.member.la_co_quan_minh:
            note.append("cơ quan mình")
        if tie := view.tie_text(row):
            note.append(tie)
        if row.member_id in proposed.co:
            note.append("đề nghị Cờ thi đua")
        elif row.member_id in proposed.bang_khen:
            note.append("đề nghị Bằng khen")
        scored = res.scored
        cells = [str(row.rank) if row.rank is not None else "", res.member.ten,
                 *[dk.fmt(values[i]) for i in cols],
                 *([dk.fmt(res.agreed.diem_chuan), dk.fmt(res.agreed.cong), dk.fmt(res.agreed.tru),
                    dk.fmt(res.agreed.tong)] if scored else ["", "", "", ""]),
                 "; ".join(note) if scored else "; ".join([*note, "chưa chấm"])]
        write_grid_row(ws, r, cells, centred=set(range(1, n)) - {2}, widths=widths)
        r += 1
    r += 1
    for line in proposal_lines(view):
        merge_write(ws, r, 1, n, line, style_font=font(13, bold=True), alignment=openpyxl.styles.Alignment(
            horizontal="left", vertical="center", wrap_text=True))
        r += 1
    write_head_signature(ws, r + 1, max(1, n - 4), n, settings)
    set_column_widths(ws, widths)
    setup_print(ws, landscape=True, header_rows=(header_row, header_row + 1))
    _detail(wb, view, settings)
    save_workbook(wb, path)
    return Path(path)


def _detail(wb, view: service.KhoiView, settings) -> None:
    sheet = view.sheet
    ws = wb.create_sheet("Chi tiết")
    columns = [(None, "Mục"), (None, "Nội dung"), (None, "Điểm chuẩn")]
    for m in view.members:
        columns += [(m.ten, "Tự chấm"), (m.ten, "Thẩm định")]
    n = len(columns)
    r = write_admin_header(ws, settings, f"CHI TIẾT ĐIỂM CHẤM THI ĐUA NĂM {view.khoi.nam}", n,
                           subtitle=view.khoi.ten, left_cols=2)
    header_row = r
    r = write_table_header(ws, r, columns, size=11)
    widths = [7, 46, 9, *[9] * (2 * len(view.members))]
    leaves = set(sheet.leaves())
    per_member = {m.id: (dk.line_values(sheet, {i: s.tu_cham for i, s in view.results[m.id].lines.items()}),
                         dk.line_values(sheet, {i: s.agreed for i, s in view.results[m.id].lines.items()}))
                  for m in view.members}
    for i, c in enumerate(sheet.criteria):
        cells = [c.muc, c.noi_dung, dk.fmt(c.diem_chuan)]
        for m in view.members:
            own, agreed = per_member[m.id]
            cells += [dk.fmt(own[i]), dk.fmt(agreed[i])]
        write_grid_row(ws, r, cells, centred={1, *range(3, n + 1)}, bold=i not in leaves, size=11, widths=widths)
        r += 1
    for label, attr in (("Điểm chuẩn", "diem_chuan"), ("Điểm cộng", "cong"), ("Điểm trừ", "tru"),
                        ("Tổng điểm", "tong")):
        cells = ["", label, ""]
        for m in view.members:
            res = view.results[m.id]
            cells += [dk.fmt(getattr(res.self_totals, attr)), dk.fmt(getattr(res.agreed, attr))]
        write_grid_row(ws, r, cells, centred=set(range(3, n + 1)), bold=True, size=11)
        r += 1
    set_column_widths(ws, widths)
    setup_print(ws, landscape=True, header_rows=(header_row, header_row + 1))
