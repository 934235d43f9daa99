"""“Bảng tổng hợp đăng ký danh hiệu thi đua và hình thức khen thưởng” (.xlsx)
for the Sở Nội vụ.

Layout: the administrative header of Nghị định 30/2020 (agency left, quốc
hiệu right, place and date), the title, "(Kèm theo Công văn số … ngày …)",
then a table STT · Tên cá nhân / tập thể · Chức vụ · one column per title
registered (in the rule set's order, marked "x") · Điều kiện · Ghi chú,
grouped by unit in the units' order — the unit's name on a row of its own
(no unit column repeating it), the unit's people by given name, then the
unit itself for collective titles — with a subtotal row per unit and a
totals row (counts written as numbers), then the signature block. Titles
asked for as counts only (``counts_only``: Lao động tiên tiến, whose names
the Sở does not need) are counted in those rows and list nobody. A4
landscape, one page wide — narrow enough that 12 pt prints at 10 pt or more
with a usual number of titles —, header rows repeated, Times New Roman,
frozen panes. User text is always written as text.

A registration the rules block, or kept with a written reason, is marked
“x*” in its title's column and explained in the “Điều kiện” column (the
title, the first reason it falls short, the reason it is still proposed);
a legend under the table says so. Eligibility is checked as the Đăng ký tab
does (:func:`.eligibility_service.check_registrations`) unless given.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from pathlib import Path

import openpyxl
import sqlite_utils
from openpyxl.formatting.rule import Rule
from openpyxl.styles import NamedStyle, PatternFill
from openpyxl.styles.differential import DifferentialStyle

from ...domain import vntext
from ...domain.dates import ngay_thang_nam
from ...store import records, registrations
from ...store.rules import ruleset_for_year
from ..bulk import gc_paused
from ..eligibility import RowCheck, check_registrations
from .xlsx import (
    BOX,
    CENTER,
    LEFT,
    FastStyles,
    fit_row_height,
    font,
    merge_write,
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_head_signature,
    write_table_header,
    write_text,
    wrapped_lines,
)

TITLE = "BẢNG TỔNG HỢP ĐĂNG KÝ DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG NĂM {year}"
GROUP = "Danh hiệu thi đua, hình thức khen thưởng đăng ký"
_SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
MARKED = "x*"
LEGEND = ("Ghi chú: “x*” — đăng ký chưa đủ điều kiện theo quy tắc hiện hành hoặc được giữ lại với lý do; "
          "lý do ghi ở cột “Điều kiện”.")
COUNTS_LEGEND = "{titles}: chỉ ghi số lượng ở dòng “Cộng” của từng đơn vị, không ghi danh sách."
#: the covering letter's number when not given, for the văn thư to fill
NUMBER_DOTS = "…………"
TITLE_WIDTH = 8.5
_KEPT_PREFIX = "Vẫn giữ lại: "


def _flag(check: RowCheck | None, keep: str, title: str) -> str:
    """What the Điều kiện column says of one registration, or "" when nothing is to flag."""
    blocked = check is not None and check.status == "blocked"
    if not blocked and not keep:
        return ""
    parts = [title]
    if blocked:
        first = next((r for r in check.reasons if not r.startswith(_KEPT_PREFIX)), "")  # type: ignore[union-attr]
        parts.append(f"chưa đủ điều kiện ({first})" if first else "chưa đủ điều kiện")
    if keep:
        parts.append(f"vẫn đề nghị: {keep}")
    return f"{parts[0]}: " + "; ".join(parts[1:])


def _subjects(rows, unit_order: dict[int, int], checks: Mapping[int, RowCheck], title_names: Mapping[str, str]):
    """Rows grouped by subject, in the order of the table: units in order,
    people by given name, then the collective itself."""
    by_subject: dict[tuple[str, int], dict] = {}
    for r in rows:
        key = ("staff", r["staff_id"]) if r["staff_id"] is not None else ("unit", r["unit_id"])
        entry = by_subject.setdefault(key, {
            "kind": key[0], "ten": r["ten"], "chuc_vu": r["chuc_vu"], "don_vi": r["don_vi"],
            "don_vi_id": r["don_vi_id"], "codes": set(), "notes": [], "marked": set(), "flags": [],
        })
        entry["codes"].add(r["ma"])
        if r["ghi_chu"]:
            entry["notes"].append(r["ghi_chu"])
        flag = _flag(checks.get(r["id"]), r["ly_do_giu"], title_names.get(r["ma"], r["ma"]))
        if flag:
            entry["marked"].add(r["ma"])
            entry["flags"].append(flag)

    def order(item):
        (kind, _), e = item
        uid = e["don_vi_id"]
        return (uid is None, unit_order.get(uid, 0) if uid is not None else 0, kind == "unit",
                vntext.name_sort_key(e["ten"] or ""))

    return [e for _, e in sorted(by_subject.items(), key=order)]


def export_registration_summary(
    db: sqlite_utils.Database, campaign_id: int, path: Path | str, *, nam: int | None = None,
    checks: Mapping[int, RowCheck] | None = None, van_ban: str = "", ngay: dt.date | None = None,
    counts_only: Collection[str] = (),
) -> int:
    """Write the summary of a campaign's registrations; returns the number of
    people and collectives listed. ``checks`` (registration id → its
    eligibility) are computed when not given. ``van_ban`` is the letter it
    goes with ("Công văn số 45/BDT-VP"; its number left as dots when not
    given), ``ngay`` its date (today); the titles in ``counts_only`` are
    given as counts per unit, without names."""
    with gc_paused():  # 100,000s of cells live until the save
        if checks is None:
            checks = check_registrations(db, campaign_id)
        return _export(db, campaign_id, path, nam, checks, van_ban, ngay or dt.date.today(), set(counts_only))


def grassroots_codes(rs) -> list[str]:
    """The titles the summary may give as counts only: grassroots danh hiệu
    the council does not vote on (Lao động tiên tiến, Tập thể lao động tiên tiến)."""
    return [t.code for t in rs.titles if t.is_danh_hieu and t.level == "co_so" and not t.council_vote]


def covering_line(van_ban: str, ngay: dt.date) -> str:
    """"(Kèm theo Công văn số 45/BDT-VP ngày 05 tháng 01 năm 2027)"."""
    text = vntext.clean(van_ban) or f"Công văn số {NUMBER_DOTS}"
    if not any(ch.isdigit() or ch == "…" for ch in text):
        text = f"{text} số {NUMBER_DOTS}"  # "Bản đăng ký" alone: the number is left for the văn thư
    return f"(Kèm theo {text} {ngay_thang_nam(ngay)})"


def _export(db: sqlite_utils.Database, campaign_id: int, path: Path | str, nam: int | None,
            checks: Mapping[int, RowCheck], van_ban: str, ngay: dt.date, counts_only: set[str]) -> int:
    path = Path(path)
    campaign = records.get_campaign(db, campaign_id)
    rows = [r for r in registrations.registration_rows(db, campaign_id) if nam is None or r["nam"] == nam]
    year = nam or (max((r["nam"] for r in rows), default=campaign.nam_ket_thuc or campaign.nam_bat_dau))
    rs = ruleset_for_year(db, year)
    used = {r["ma"] for r in rows}
    codes = [t.code for t in rs.titles if t.code in used] + sorted(used - set(rs.codes))
    title_names = {t.code: t.name for t in rs.titles}
    units = records.list_units(db)
    unit_order = {u.id: i for i, u in enumerate(units)}
    counted_only = [c for c in codes if c in counts_only]
    all_subjects = _subjects(rows, unit_order, checks, title_names)
    listed = [r for r in rows if r["ma"] not in counts_only]
    subjects = _subjects(listed, unit_order, checks, title_names)

    columns = [(None, "STT", 5), (None, "Tên cá nhân, tập thể", 26), (None, "Chức vụ", 18)]
    columns += [(GROUP, title_names.get(c, c), TITLE_WIDTH) for c in codes]
    columns += [(None, "Điều kiện", 24), (None, "Ghi chú", 16)]
    ncols = len(columns)
    first_code_col = 4
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"Đăng ký {year}"
    settings = records.document_settings(db)
    header_row = write_admin_header(ws, settings, TITLE.format(year=year), ncols,
                                    subtitle=covering_line(van_ban, ngay), left_cols=3, when=ngay)
    first_data = write_table_header(ws, header_row, [(g, label) for g, label, _ in columns])
    # title names wrap in their narrow columns
    fit_row_height(ws, header_row + 1, max(3, max((wrapped_lines(title_names.get(c, c), TITLE_WIDTH, bold=True)
                                                   for c in codes), default=1)))
    widths = [w for _, _, w in columns]
    set_column_widths(ws, widths)
    styles = FastStyles(wb)
    for name, align, bold in (("reg_left", LEFT, False), ("reg_center", CENTER, False),
                              ("reg_sum_left", LEFT, True), ("reg_sum_center", CENTER, True)):
        fill = _SUBTOTAL_FILL if name.startswith("reg_sum") else PatternFill()
        styles.add(NamedStyle(name=name, font=font(12, bold=bold), border=BOX, alignment=align, fill=fill,
                              number_format="@" if not bold else "General"))

    r = first_data
    totals: dict[str, int] = defaultdict(int)
    groups: dict[int | None, list[dict]] = defaultdict(list)
    counted: dict[int | None, list[dict]] = defaultdict(list)
    for s in subjects:
        groups[s["don_vi_id"]].append(s)
    for s in all_subjects:
        counted[s["don_vi_id"]].append(s)
    n = 0
    marked = False
    for unit_id in sorted(counted, key=lambda u: (u is None, unit_order.get(u, 0) if u is not None else 0)):
        unit_name = counted[unit_id][0]["don_vi"] or "Chưa xếp đơn vị"
        if groups[unit_id]:  # the unit once, on its own row, above its people
            _unit_row(ws, styles, r, unit_name, ncols, widths[1])
            r += 1
        for s in groups[unit_id]:
            n += 1
            values = [n, s["ten"], "Tập thể" if s["kind"] == "unit" else s["chuc_vu"]]
            values += [(MARKED if c in s["marked"] else "x") if c in s["codes"] else "" for c in codes]
            values += ["; ".join(s["flags"]), "; ".join(dict.fromkeys(s["notes"]))]
            marked = marked or bool(s["flags"])
            lines = 1
            for col, value in enumerate(values, start=1):
                if value in ("", None):
                    continue  # an empty cell is not written: the grid's rule draws its borders
                cell = ws.cell(row=r, column=col)
                styles.apply(cell, "reg_left" if col in (2, 3, ncols - 1, ncols) else "reg_center")
                if col == 1:
                    cell.value = value  # STT: a number
                    cell.number_format = "0"
                else:
                    write_text(cell, value, text_format=False)
                    lines = max(lines, wrapped_lines(value, widths[col - 1]))
            fit_row_height(ws, r, lines)
            r += 1
        unit_counts: dict[str, int] = defaultdict(int)
        for s in counted[unit_id]:
            for c in s["codes"]:
                unit_counts[c] += 1
                totals[c] += 1
        _sum_row(ws, styles, r, f"Cộng: {unit_name}", codes, unit_counts, first_code_col, ncols, widths[1])
        r += 1
    _sum_row(ws, styles, r, f"TỔNG CỘNG ({n} cá nhân, tập thể)", codes, totals, first_code_col, ncols, widths[1])
    last_table_row = r
    # Most cells of the grid are empty (a title column is marked on few rows). Rather than
    # write hundreds of thousands of empty bordered cells, one always-true conditional format
    # draws the grid over the table's body; Excel and LibreOffice show and print it.
    ws.conditional_formatting.add(
        f"A{first_data}:{openpyxl.utils.get_column_letter(ncols)}{last_table_row}",
        Rule(type="expression", formula=["TRUE"], dxf=DifferentialStyle(border=BOX), stopIfTrue=False),
    )
    if marked:
        r += 1
        merge_write(ws, r, 1, ncols, LEGEND, style_font=font(12, italic=True), alignment=LEFT)
    if counted_only:
        r += 1
        counted_names = ", ".join(title_names.get(c, c) for c in counted_only)
        merge_write(ws, r, 1, ncols, COUNTS_LEGEND.format(titles=counted_names), style_font=font(12, italic=True),
                    alignment=LEFT)
    r += 2
    left_span = (1, 3)
    right_span = (max(4, ncols - 3), ncols)
    merge_write(ws, r, *left_span, "NGƯỜI LẬP BIỂU", style_font=font(13, bold=True))
    write_head_signature(ws, r, *right_span, settings, name_offset=6)
    merge_write(ws, r + 1, *left_span, "(Ký, ghi rõ họ tên)", style_font=font(12, italic=True))
    styles.finish()
    ws.freeze_panes = ws.cell(row=first_data, column=3)
    setup_print(ws, landscape=True, header_rows=(header_row, first_data - 1))
    ws.print_area = f"A1:{openpyxl.utils.get_column_letter(ncols)}{max(last_table_row, r + 6)}"
    save_workbook(wb, path)
    return n


def _unit_row(ws, styles, r: int, label: str, ncols: int, name_width: int) -> None:
    """The unit's name above its people, in bold in the name column (the table has no unit column)."""
    cell = ws.cell(row=r, column=2)
    styles.apply(cell, "reg_sum_left")
    write_text(cell, label, text_format=False)
    fit_row_height(ws, r, wrapped_lines(label, name_width, bold=True))


def _sum_row(ws, styles, r: int, label: str, codes, counts, first_code_col: int, ncols: int,
             name_width: int) -> None:
    """A subtotal row; the label sits in the name column and wraps there (no
    merge: thousands of merged ranges make openpyxl quadratic; no overflow:
    the grid's borders would cross the text)."""
    for col in range(1, ncols + 1):
        cell = ws.cell(row=r, column=col)
        styles.apply(cell, "reg_sum_center" if first_code_col <= col < first_code_col + len(codes) else "reg_sum_left")
    write_text(ws.cell(row=r, column=2), label, text_format=False)
    fit_row_height(ws, r, wrapped_lines(label, name_width, bold=True))
    for i, code in enumerate(codes):
        ws.cell(row=r, column=first_code_col + i).value = counts.get(code, 0)
