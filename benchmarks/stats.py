"""Statistics workloads (issue 19): the demo agency of ``staff`` people with ten years of award history
(≥ 500,000 award rows with 50,000 people) and a year of decisions; every statistics table of the ten years
(target ≤ 1 s each), one person's award facts (≤ 0.1 s), and a statistical form's workbook against bare
openpyxl writing the same cells with the same look (≤ 1.5×, alternating runs: benchmarks.harness)."""
from __future__ import annotations

import random
from pathlib import Path

from benchmarks.harness import against_baseline, repeat, seconds


def build_history(path: Path, staff: int, *, first_year: int = 2016, last_year: int = 2025, seed: int = 1) -> int:
    """The demo agency (its own decisions of the last year included) with an award history of every year
    before: LĐTT for most people, CSTĐCS, Giấy khen and Bằng khen for a few, TTLĐTT for the units, about
    half of the lines dated. Returns the number of award rows."""
    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.store.db import open_database, transaction

    db = open_database(path)
    try:
        build_demo(db, staff=staff, seed=seed, year=last_year + 1)
        rng = random.Random(seed)
        people = [r[0] for r in db.execute("SELECT id FROM staff")]
        units = [r[0] for r in db.execute("SELECT id FROM units")]
        taken = {(s, u, y, m) for s, u, y, m in db.execute("SELECT staff_id, unit_id, nam, ma FROM awards")}
        rows = []
        for year in range(first_year, last_year):
            day = f"{year}-12-{rng.randint(10, 28):02d}"
            for sid in people:
                for code, share in (("LDTT", 0.9), ("CSTDCS", 0.12), ("GK", 0.05), ("BK_TINH", 0.01)):
                    if rng.random() < share and (sid, None, year, code) not in taken:
                        rows.append((sid, None, year, code, f"{rng.randint(1, 300)}/QĐ", day if rng.random() < 0.5
                                     else None, "nhap_excel"))
            rows += [(None, uid, year, "TTLDTT", f"{year}/QĐ", day, "nhap_excel") for uid in units
                     if (None, uid, year, "TTLDTT") not in taken]
        with transaction(db):
            db.conn.executemany("INSERT INTO awards (staff_id, unit_id, nam, ma, so_quyet_dinh, ngay_quyet_dinh, "
                                "nguon) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return db.execute("SELECT count(*) FROM awards").fetchone()[0]
    finally:
        db.close()


def _plain_form(filled, path: Path) -> None:
    """The form's cells as plain values, written with openpyxl and nothing else."""
    import openpyxl

    form = filled.form
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = form.form_number, form.legal_basis, form.received_on
    ws["A5"], ws["A6"], ws["A7"] = form.name.upper(), f"Năm {filled.year}", str(filled.period)
    ws.append(["Chỉ tiêu", "Mã số", form.unit_label] + [c.label for c in form.columns])
    ws.append(["A", "B", "C"] + [c.code for c in form.columns])
    for line, values in zip(form.rows, filled.grid):
        ws.append([line.label, line.code, line.unit, *values])
    ws.append([form.notes])
    ws.append(["NGƯỜI LẬP BIỂU", "", "", "THỦ TRƯỞNG ĐƠN VỊ"])
    wb.save(path)


def _bare_form(filled, path: Path) -> None:
    """The same cells with the same look (fonts, borders, merged header and footer, A4 print setup), written
    with openpyxl directly, cell by cell, as one would without the program's helpers."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    form = filled.form
    ncols = 3 + len(form.columns)
    wb = openpyxl.Workbook()
    ws = wb.active
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    def put(row, col, value, *, size=12, bold=False, italic=False, border=False, span=1, number=False):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = Font(name="Times New Roman", size=size, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if border:
            cell.border = box
        if number:
            cell.number_format = "#,##0"
        if span > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)

    put(1, 1, form.form_number, bold=True, span=2)
    put(2, 1, form.legal_basis, italic=True, size=11, span=2)
    put(3, 1, form.received_on, size=11, span=2)
    put(1, ncols - 2, "Đơn vị báo cáo", size=11, span=3)
    put(2, ncols - 2, f"Đơn vị nhận báo cáo: {form.receiver}", size=11, span=3)
    put(5, 1, form.name.upper(), size=14, bold=True, span=ncols)
    put(6, 1, f"Năm {filled.year}", bold=True, span=ncols)
    put(7, 1, str(filled.period), italic=True, span=ncols)
    for c, text in enumerate(["Chỉ tiêu", "Mã số", form.unit_label] + [c.label for c in form.columns], 1):
        put(9, c, text, bold=True, border=True)
    for c, text in enumerate(["A", "B", "C"] + [c.code for c in form.columns], 1):
        put(10, c, text, bold=True, border=True)
    row = 11
    for line, values in zip(form.rows, filled.grid):
        for c, value in enumerate([line.label, line.code, line.unit, *values], 1):
            put(row, c, value, bold=line.indent == 0, border=True, number=c > 3)
        row += 1
    put(row + 1, 1, form.notes, italic=True, size=11, span=ncols)
    put(row + 3, 1, "NGƯỜI LẬP BIỂU", bold=True, span=2)
    put(row + 3, 3, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, span=ncols - 2)
    put(row + 4, 1, "(Ký, họ tên)", italic=True, span=2)
    put(row + 4, 3, "(Ký, đóng dấu, họ tên)", italic=True, span=ncols - 2)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "9:10"
    wb.save(path)


def bench_stats(tmp: Path, staff: int, runs: int) -> dict:
    from thidua_desktop.services.reports import form_xlsx, forms
    from thidua_desktop.services.reports import stats as report_stats
    from thidua_desktop.store import awards
    from thidua_desktop.store.db import open_database

    path = tmp / "bench-stats.sqlite"
    rows = build_history(path, staff)
    db = open_database(path)
    out: dict[str, dict] = {}
    try:
        for by in report_stats.BY:
            times = repeat(lambda: report_stats.statistics(db, 2016, 2025, by=by), runs)
            out[f"stats_table_{by}_{staff}_{rows}"] = seconds(times, target_s=1.0)
        person = db.execute("SELECT staff_id FROM awards WHERE staff_id IS NOT NULL LIMIT 1 OFFSET 1000").fetchone()[0]
        out["award_facts_one_person"] = seconds(repeat(lambda: awards.subject_facts(db, staff_id=person), runs),
                                                target_s=0.1)
        out["report_form_0603_fill"] = seconds(repeat(lambda: forms.fill_form(db, "0603.N", 2025), runs),
                                               target_s=1.0)
        filled = forms.fill_form(db, "0603.N", 2025)
        out["report_form_0603_xlsx"] = against_baseline(
            lambda: form_xlsx.write_form(filled, tmp / "form.xlsx"), lambda: _bare_form(filled, tmp / "bare.xlsx"),
            runs=runs, target_ratio=1.5)
        plain = against_baseline(
            lambda: form_xlsx.write_form(filled, tmp / "form.xlsx"), lambda: _plain_form(filled, tmp / "plain.xlsx"),
            runs=runs, target_ratio=1.5)
        out["report_form_0603_xlsx_vs_plain_values"] = {**plain, "target_ratio": None}  # watched, not a target
    finally:
        db.close()
    return out
