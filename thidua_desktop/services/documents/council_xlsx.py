"""Spreadsheets of the council: the proposal list for the Sở Nội vụ and a meeting's results.

* "Danh sách đề nghị khen thưởng" of a campaign: the Nghị định 30 header,
  "(Kèm theo Tờ trình số … ngày …)" (the year's tờ trình, or dots for the
  văn thư), then one block per title (in the rule set's order), individuals
  before collectives, columns STT · Họ và tên / Tên tập thể · Chức vụ, đơn
  vị công tác · Danh hiệu, hình thức đề nghị · Tóm tắt thành tích (the
  year's xếp loại, sáng kiến, titles of the two years before) · Kết quả bình
  xét (the vote figures, where the council voted) · Ghi chú. Rows:
  registrations proposed (đề nghị) or passed by the council (đạt); those of
  a title the council votes on and not voted on yet stand in blocks of their
  own, "chưa bình xét", never as if decided.
* "Kết quả bình xét" of a meeting: per title and round, candidates sorted by
  votes with the % over all members and the outcome.
User text is always written as text; A4 landscape, header rows repeated.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import openpyxl
import sqlite_utils

from ...domain import vntext
from ...domain.dates import ngay_thang_nam
from ...domain.positions import position_with_unit
from ...domain.titles import XEP_LOAI
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


NOT_VOTED = "Chưa bình xét"
DOTS = "…………"


def _to_trinh_line(db: sqlite_utils.Database, year: int) -> str:
    """"(Kèm theo Tờ trình số 15/TTr-BDT ngày 20 tháng 12 năm 2026)": the year's
    tờ trình (several joined), or dots for the văn thư to fill."""
    sent = [r for r in db.execute("SELECT so_to_trinh, ngay_trinh FROM proposals WHERE nam = ? AND so_to_trinh <> '' "
                                  "ORDER BY ngay_trinh, id", [year]).fetchall()]
    if not sent:
        return f"(Kèm theo Tờ trình số {DOTS} ngày {DOTS} tháng {DOTS} năm {DOTS})"
    parts = []
    for so, ngay in dict.fromkeys(sent):
        when = ngay_thang_nam(dt.date.fromisoformat(ngay[:10])) if ngay else ""
        parts.append(" ".join(p for p in (f"số {so}", when) if p))
    return f"(Kèm theo Tờ trình {'; '.join(parts)})"


def _achievements(db: sqlite_utils.Database, year: int) -> dict[tuple[str, int], str]:
    """Tóm tắt thành tích of every person and unit, from what the file holds:
    the year's xếp loại, its sáng kiến, the titles of the two years before."""
    parts: dict[tuple[str, int], list[str]] = defaultdict(list)
    for sid, xl in db.execute("SELECT staff_id, xep_loai FROM evaluations WHERE nam = ? AND xep_loai IS NOT NULL",
                              [year]):
        parts[("staff", sid)].append(f"Năm {year}: {XEP_LOAI.get(xl, xl).lower()}")
    for uid, xl in db.execute("SELECT unit_id, xep_loai FROM unit_evaluations WHERE nam = ? AND xep_loai IS NOT NULL",
                              [year]):
        parts[("unit", uid)].append(f"Năm {year}: {XEP_LOAI.get(xl, xl).lower()}")
    for sid, ten in db.execute("SELECT a.staff_id, i.ten FROM initiative_authors a JOIN initiatives i "
                               "ON i.id = a.initiative_id WHERE i.nam = ? ORDER BY i.id", [year]):
        parts[("staff", sid)].append(f"sáng kiến “{ten}”")
    names: dict[str, str] = {}
    for y in (year - 2, year - 1):
        try:
            names.update({t.code: t.name for t in ruleset_for_year(db, y).titles})
        except records.StoreError:
            continue
    earlier: dict[tuple[str, int], list[str]] = defaultdict(list)
    for sid, uid, nam, ma in db.execute("SELECT staff_id, unit_id, nam, ma FROM awards WHERE nam BETWEEN ? AND ? "
                                        "ORDER BY nam, ma", [year - 2, year - 1]):
        key = ("staff", sid) if sid is not None else ("unit", uid)
        earlier[key].append(f"{names.get(ma, ma)} {nam}")
    for key, got in earlier.items():
        parts[key].append("đã đạt " + ", ".join(got))
    return {key: "; ".join(p) for key, p in parts.items()}


def export_proposals(db: sqlite_utils.Database, campaign_id: int, path: Path | str, *, nam: int | None = None) -> int:
    """Write the proposal list of a campaign; returns the number of rows listed."""
    campaign = records.get_campaign(db, campaign_id)
    year = nam or campaign.nam_ket_thuc or campaign.nam_bat_dau
    rs = ruleset_for_year(db, year)
    rows = list(db.query(
        """SELECT r.ma, r.staff_id, r.unit_id, r.trang_thai, r.ghi_chu, r.ket_qua_binh_xet,
                  coalesce(s.ho_ten, u.ten) AS ten,
                  coalesce(s.chuc_vu, '') AS chuc_vu,
                  coalesce(nullif(su.ten_in, ''), su.ten, nullif(pu.ten_in, ''), pu.ten, '') AS don_vi
           FROM registrations r
           LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN units su ON su.id = s.unit_id
           LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN units pu ON pu.id = u.parent_id
           WHERE r.campaign_id = ? AND r.nam = ? AND r.trang_thai IN ('de_nghi', 'dat')""",
        [campaign_id, year]))
    order = {t.code: i for i, t in enumerate(rs.titles)}
    names = {t.code: t.name for t in rs.titles}
    voted = {t.code for t in rs.titles if t.council_vote}
    achievements = _achievements(db, year)
    columns = [(None, "STT", 6), (None, "Họ và tên / Tên tập thể", 26), (None, "Chức vụ, đơn vị công tác", 30),
               (None, "Danh hiệu, hình thức đề nghị", 20), (None, "Tóm tắt thành tích", 36),
               (None, "Kết quả bình xét", 28), (None, "Ghi chú", 16)]
    widths = [w for _, _, w in columns]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"Đề nghị {year}"
    settings = records.document_settings(db)
    header_row = write_admin_header(ws, settings, PROPOSALS_TITLE.format(year=year), len(columns),
                                    subtitle=_to_trinh_line(db, year), left_cols=2)
    first = write_table_header(ws, header_row, [(g, label) for g, label, _ in columns])
    r = first

    def pending(row) -> bool:
        """On the list for the council, not voted on yet: never shown as decided."""
        return row["ma"] in voted and row["trang_thai"] == "de_nghi" and not row["ket_qua_binh_xet"]

    groups = sorted({(pending(row), order.get(row["ma"], 999), row["ma"], row["staff_id"] is None) for row in rows})
    for n, (waiting, _, code, collective) in enumerate(groups):
        items = [row for row in rows if row["ma"] == code and (row["staff_id"] is None) == collective
                 and pending(row) == waiting]
        items.sort(key=lambda row: (vntext.collation_key(row["don_vi"]), vntext.name_sort_key(row["ten"] or "")))
        kind = "tập thể" if collective else "cá nhân"
        state = f" — {NOT_VOTED.lower()}" if waiting else ""
        _group_row(ws, r, widths, f"{_ROMAN[n] if n < len(_ROMAN) else n + 1}. {names.get(code, code)}{state} "
                                        f"({kind}: {len(items)})")
        r += 1
        for i, row in enumerate(items, start=1):
            where = position_with_unit(row["chuc_vu"], row["don_vi"]) if not collective else row["don_vi"]
            key = ("unit", row["unit_id"]) if collective else ("staff", row["staff_id"])
            result = NOT_VOTED if waiting else row["ket_qua_binh_xet"]
            values = (i, row["ten"], where, names.get(row["ma"], row["ma"]), achievements.get(key, ""), result,
                      row["ghi_chu"])
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
