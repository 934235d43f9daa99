"""Spreadsheets of the council: the proposal list for the Sở Nội vụ and a meeting's results.

* "Danh sách đề nghị khen thưởng" of a campaign: the Nghị định 30 header,
  then one block per title (in the rule set's order), individuals before
  collectives, columns STT · Họ và tên / Tên tập thể · Chức vụ, đơn vị công
  tác · Danh hiệu, hình thức đề nghị · Kết quả bình xét (the vote figures,
  where the council voted) · Ghi chú. Rows: registrations proposed (đề nghị)
  or passed by the council (đạt).
* "Kết quả bình xét" of a meeting: per title and round, candidates sorted by
  votes with the % over all members and the outcome.
User text is always written as text; A4 landscape, header rows repeated.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import sqlite_utils

from ...domain import vntext
from ...store import records
from ...store.rules import ruleset_for_year
from ..council.service import meeting_view
from .xlsx import (
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_grid_row,
    write_head_signature,
    write_signature,
    write_table_header,
)

PROPOSALS_TITLE = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}"
RESULTS_TITLE = "KẾT QUẢ BÌNH XÉT THI ĐUA, KHEN THƯỞNG NĂM {year}"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def _group_row(ws, row: int, widths: list[int], label: str) -> None:
    """A title or round heading across the whole table (a few per sheet: merged)."""
    write_grid_row(ws, row, [label] + [""] * (len(widths) - 1), bold=True, widths=[sum(widths)])
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))


def _finish(ws, wb, path, header_row: int, first_data: int, last_row: int, widths, settings, *,
            chair: str | None = None) -> None:
    """Column widths, the signature (the head of the agency; the council's
    chairman, ``chair``, for the council's own results), print setup, save."""
    set_column_widths(ws, widths)
    r = last_row + 2
    right = (max(3, len(widths) - 2), len(widths))
    if chair is None:
        last = write_head_signature(ws, r, *right, settings)
    else:
        last = write_signature(ws, r, *right, ["TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "CHỦ TỊCH"], chair)
    ws.freeze_panes = f"C{first_data}"  # a string: the first row may be a merged heading
    setup_print(ws, landscape=True, header_rows=(header_row, first_data - 1))
    ws.print_area = f"A1:{openpyxl.utils.get_column_letter(len(widths))}{last}"
    save_workbook(wb, path)


def export_proposals(db: sqlite_utils.Database, campaign_id: int, path: Path | str, *, nam: int | None = None) -> int:
    """Write the proposal list of a campaign; returns the number of rows listed."""
    campaign = records.get_campaign(db, campaign_id)
    year = nam or campaign.nam_ket_thuc or campaign.nam_bat_dau
    rs = ruleset_for_year(db, year)
    rows = list(db.query(
        """SELECT r.ma, r.staff_id, r.ghi_chu, r.ket_qua_binh_xet, coalesce(s.ho_ten, u.ten) AS ten,
                  coalesce(s.chuc_vu, '') AS chuc_vu, coalesce(nullif(su.ten_in, ''), su.ten, nullif(pu.ten_in, ''), pu.ten, '') AS don_vi
           FROM registrations r
           LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN units su ON su.id = s.unit_id
           LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN units pu ON pu.id = u.parent_id
           WHERE r.campaign_id = ? AND r.nam = ? AND r.trang_thai IN ('de_nghi', 'dat')""",
        [campaign_id, year]))
    order = {t.code: i for i, t in enumerate(rs.titles)}
    names = {t.code: t.name for t in rs.titles}
    columns = [(None, "STT", 6), (None, "Họ và tên / Tên tập thể", 28), (None, "Chức vụ, đơn vị công tác", 36),
               (None, "Danh hiệu, hình thức đề nghị", 26), (None, "Kết quả bình xét", 34), (None, "Ghi chú", 20)]
    widths = [w for _, _, w in columns]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"Đề nghị {year}"
    settings = records.document_settings(db)
    plan = f"(Kèm theo Kế hoạch số {campaign.so_ke_hoach})" if campaign.so_ke_hoach else ""
    header_row = write_admin_header(ws, settings, PROPOSALS_TITLE.format(year=year), len(columns), subtitle=plan,
                                    left_cols=2)
    first = write_table_header(ws, header_row, [(g, label) for g, label, _ in columns])
    r = first
    groups = sorted({(order.get(row["ma"], 999), row["ma"], row["staff_id"] is None) for row in rows})
    for n, (_, code, collective) in enumerate(groups):
        items = [row for row in rows if row["ma"] == code and (row["staff_id"] is None) == collective]
        items.sort(key=lambda row: (vntext.collation_key(row["don_vi"]), vntext.name_sort_key(row["ten"] or "")))
        kind = "tập thể" if collective else "cá nhân"
        _group_row(ws, r, widths, f"{_ROMAN[n] if n < len(_ROMAN) else n + 1}. {names.get(code, code)} "
                                        f"({kind}: {len(items)})")
        r += 1
        for i, row in enumerate(items, start=1):
            where = ", ".join(p for p in (row["chuc_vu"], row["don_vi"]) if p) if not collective else row["don_vi"]
            values = (i, row["ten"], where, names.get(row["ma"], row["ma"]), row["ket_qua_binh_xet"], row["ghi_chu"])
            write_grid_row(ws, r, values, centred={1}, numbers={1}, widths=widths)
            r += 1
    _finish(ws, wb, path, header_row, first, r - 1, widths, settings)
    return len(rows)


def export_results(db: sqlite_utils.Database, meeting_id: int, path: Path | str) -> int:
    """Write a meeting's results table; returns the number of candidate rows."""
    view = meeting_view(db, meeting_id)
    columns = [(None, "TT", 6), (None, "Họ và tên / Tên tập thể", 26), (None, "Năm sinh (Nam/Nữ)", 14),
               (None, "Chức vụ, đơn vị", 34), (None, "Số phiếu", 10), (None, "Tỉ lệ", 11),
               (None, "Kết quả", 14), (None, "Căn cứ", 44)]
    widths = [w for _, _, w in columns]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"Kết quả {view.year}"
    subtitle = (f"(Cuộc họp Hội đồng ngày {view.date:%d/%m/%Y}; tỉ lệ tính trên tổng số {view.total_members} "
                f"thành viên Hội đồng theo {view.council_decision.split(' về ')[0]})")
    header_row = write_admin_header(ws, view.settings, RESULTS_TITLE.format(year=view.year), len(columns),
                                    subtitle=subtitle, left_cols=3, when=view.date)
    first = write_table_header(ws, header_row, [(g, label) for g, label, _ in columns])
    r = first
    count = 0
    for n, title in enumerate(view.titles):
        if title.rounds:
            _group_row(ws, r, widths, f"{_ROMAN[n] if n < len(_ROMAN) else n + 1}. {title.name} — ngưỡng "
                                      f"{title.rule.label}")
            r += 1
        for rnd in title.rounds:
            label = f"Vòng {rnd.number}"
            if rnd.number > 1:
                label += " (bỏ phiếu lại giữa những người bằng phiếu)"
            label += f": phát ra {rnd.issued}, thu vào {rnd.returned}, hợp lệ {rnd.valid}, không hợp lệ {rnd.invalid}"
            _group_row(ws, r, widths, label)
            r += 1
            for i, c in enumerate(rnd.candidates, start=1):
                born = f"{c.nam_sinh} ({c.gioi_tinh})" if c.nam_sinh and c.gioi_tinh else c.nam_sinh or c.gioi_tinh
                where = ", ".join(p for p in (c.chuc_vu, c.don_vi) if p)
                values = (i, c.ho_ten, born, where, c.votes, c.pct, c.outcome, c.note)
                write_grid_row(ws, r, values, centred={1, 3, 5, 6, 7}, numbers={1, 5}, widths=widths)
                r += 1
                count += 1
            if rnd.tie_note:
                _group_row(ws, r, widths, rnd.tie_note)
                r += 1
    _finish(ws, wb, path, header_row, first, r - 1, widths, view.settings, chair=view.chair or "")
    return count
