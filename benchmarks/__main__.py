"""Run the benchmarks and print a table (and optionally JSON).

Each workload states its target. Where a bare-library baseline exists, the
app and the baseline run alternately (at least five times each, in this
process) and the ratio is the median of the pairs' ratios, with its min and
max (:mod:`benchmarks.harness`); otherwise the median time of as many runs
is compared with the target in seconds of the issue that set it, and
``ratio`` is null.

    uv run python -m benchmarks [--json out.json] [--staff 50000] [--rows 10000] [--runs 5]
    uv run python -m benchmarks --quick     # smaller workloads, same rules: a check, not the record
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

from benchmarks.harness import MIN_RUNS, against_baseline, repeat, seconds, table, timed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/roster_factory builds the roster workbook


_APP = None


def _app():
    """One QApplication for the whole run, kept alive until exit (a QApplication
    collected while windows still exist crashes the interpreter at shutdown)."""
    global _APP
    from PySide6.QtWidgets import QApplication

    _APP = QApplication.instance() or QApplication([])
    return _APP


def _open_window(path: Path, tab: str):
    """The program started on ``path`` showing ``tab``, as the user sees it:
    the file opened, the window built and its first events processed."""
    from thidua_desktop.store.db import open_database
    from thidua_desktop.ui.main_window import MainWindow

    window = MainWindow(path, open_database(path))
    window.select_tab(tab)
    window.show()
    _app().processEvents()
    return window


def bench_demo_and_window(tmp: Path, staff: int, runs: int) -> dict:
    from PySide6.QtCore import Qt

    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.store.db import open_database
    from thidua_desktop.ui import main_window  # noqa: F401 — loaded before anything is timed
    from thidua_desktop.ui.staff.model import NAME_COLUMN

    app = _app()
    path = tmp / "bench-window.sqlite"

    demo_times = []
    for _ in range(runs):  # what `thidua demo --staff N` spends building, each time into a new file
        path.unlink(missing_ok=True)
        db = open_database(path)
        demo_times.append(timed(lambda: build_demo(db, staff=staff, seed=1))[0])
        db.close()

    def open_and_close():
        window = _open_window(path, "staff")
        window.close()

    open_times = repeat(open_and_close, runs)
    window = _open_window(path, "staff")
    tab = window.staff_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("all"))
    keystrokes = []
    for query in ("nguyen van a", "tran thi h", "le"):
        tab.search.clear()
        typed = ""
        for ch in query:
            typed += ch
            t, _ = timed(lambda: (tab.search.setText(typed), app.processEvents()))
            keystrokes.append(t)
    tab.search.clear()
    sorts = []
    for i in range(max(runs, 2)):
        order = Qt.SortOrder.DescendingOrder if i % 2 == 0 else Qt.SortOrder.AscendingOrder
        t, _ = timed(lambda: (tab.table.sortByColumn(NAME_COLUMN, order), app.processEvents()))
        sorts.append(t)
    window.close()
    slowest_key = seconds(keystrokes, target_s=0.1)
    slowest_key["app_s"] = max(keystrokes)  # every keystroke must be fast, not the typical one
    return {
        f"demo_build_{staff}": seconds(demo_times, target_s=5.0),
        f"window_open_{staff}": seconds(open_times, target_s=1.5),
        f"search_keystroke_{staff}_max": slowest_key,
        f"search_keystroke_{staff}_median": seconds(keystrokes, target_s=0.1),
        f"sort_by_name_{staff}": seconds(sorts, target_s=0.3),
    }


def _bare_import(sheet: Path, out: Path) -> None:
    """The baseline of an import: the workbook read by openpyxl (read-only,
    values) and its rows inserted by sqlite-utils into a new file, in one
    transaction as the program writes (not one commit per 100 rows: that
    would time the disk's flushes, which other jobs on the machine make
    vary tenfold)."""
    import openpyxl
    import sqlite_utils

    wb = openpyxl.load_workbook(sheet, read_only=True, data_only=True)
    data = [{f"c{i}": v for i, v in enumerate(r)} for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    db = sqlite_utils.Database(out)
    with db.atomic():
        db["rows"].insert_all(data)
    db.close()


def _data_files(tmp: Path, name: str, count: int, seed: Path | None = None) -> list[Path]:
    """``count`` data files to import into, made before anything is timed
    (new and migrated, or copies of ``seed``)."""
    from thidua_desktop.store.db import open_database

    paths = []
    for i in range(count):
        path = tmp / f"{name}-{i}.sqlite"
        if seed is not None:
            path.write_bytes(seed.read_bytes())
        else:
            open_database(path).close()
        paths.append(path)
    return paths


def bench_staff_import(tmp: Path, rows: int, runs: int) -> dict:
    """A roster of ``rows`` people planned and applied into a new data file,
    beside :func:`_bare_import` of the same workbook."""
    from tests.roster_factory import make_roster
    from thidua_desktop.services.imports.roster import apply_import, plan_import
    from thidua_desktop.store.db import open_database

    roster = tmp / "roster.xlsx"
    make_roster(roster, rows)
    files = _data_files(tmp, "app-staff", runs)

    def app_import():
        db = open_database(files.pop())
        plan = plan_import(db, roster)
        assert plan.ok, [(r.excel_row, r.reason) for r in plan.errors][:5]
        apply_import(db, plan)
        db.close()

    baseline = (lambda: _bare_import(roster, tmp / f"baseline-{time.monotonic_ns()}.sqlite"))
    return {f"staff_import_{rows}": against_baseline(app_import, baseline, runs=runs, target_ratio=1.5)}


def bench_history_import(tmp: Path, rows: int, runs: int) -> dict:
    """Award history of ``rows`` people (one line each, decision in one cell)
    planned and applied against a data file holding them, beside
    :func:`_bare_import` of the same workbook (issue 17: ≤ 1.5×, like the
    roster import)."""
    import openpyxl

    from thidua_desktop.domain.dates import PartialDate
    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.services.imports.history import apply_history_import, plan_history_import, read_sheet
    from thidua_desktop.store.db import open_database

    seed = tmp / "history-seed.sqlite"
    db = open_database(seed)
    build_demo(db, staff=rows, seed=5)
    db.execute("DELETE FROM awards")
    db.conn.commit()
    people = db.execute("SELECT ho_ten, ngay_sinh FROM staff ORDER BY id").fetchall()
    db.close()
    sheet = tmp / "history.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Lịch sử")
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu, hình thức", "Số, ngày quyết định"])
    titles = ("Lao động tiên tiến", "LĐTT", "Chiến sĩ thi đua cơ sở", "Giấy khen", "Bằng khen của Chủ tịch UBND tỉnh")
    for i, (name, born) in enumerate(people, start=1):
        ws.append([i, name, PartialDate.from_iso(born).display() if born else None, 2019, titles[i % 5],
                   f"Số {i}/QĐ-BDT ngày 20/12/2019"])
    wb.save(sheet)
    files = _data_files(tmp, "app-history", runs, seed)

    def app_import():
        db = open_database(files.pop())
        plan = plan_history_import(db, sheet)
        assert plan.ok, [(r.excel_row, r.reason) for r in plan.rows if r.reason][:5]
        apply_history_import(db, plan)
        db.close()

    def bare_read():
        wb = openpyxl.load_workbook(sheet, read_only=True, data_only=True)
        list(wb.worksheets[0].iter_rows(values_only=True))
        wb.close()

    baseline = (lambda: _bare_import(sheet, tmp / f"baseline-h-{time.monotonic_ns()}.sqlite"))
    return {
        f"history_import_{len(people)}": against_baseline(app_import, baseline, runs=runs, target_ratio=1.5),
        # the import's reading alone (sniff, open, cells, merged ranges) against openpyxl's bare iter_rows
        f"sheet_read_{len(people)}": against_baseline(lambda: read_sheet(sheet), bare_read, runs=runs,
                                                      target_ratio=1.0),
    }


def bench_season(tmp: Path, staff: int, runs: int) -> dict:
    """A registration season of four yearly campaigns (~4 × staff registrations,
    see benchmarks/season.py): full eligibility recompute of every registration,
    the recompute of the running campaign, and the Đăng ký tab opening on it."""

    from benchmarks.season import build_season
    from thidua_desktop.services.eligibility import SeasonData, check_many, check_registrations
    from thidua_desktop.store.db import open_database
    from thidua_desktop.store.registrations import registration_keys
    from thidua_desktop.ui import main_window  # noqa: F401 — loaded before anything is timed

    path = tmp / "season.sqlite"
    import datetime as dt

    campaigns = build_season(path, staff=staff, first_year=dt.date.today().year - 3)  # the last is running
    current = campaigns[max(campaigns)]
    db = open_database(path)
    try:
        count = db.execute("SELECT count(*) FROM registrations").fetchone()[0]
        in_current = db.execute("SELECT count(*) FROM registrations WHERE campaign_id = ?", [current]).fetchone()[0]
        full = repeat(lambda: check_registrations(db, None), runs)  # loads everything
        data = SeasonData.load(db)
        warm = repeat(lambda: check_many(data, registration_keys(db)), runs)  # season in memory
        one = repeat(lambda: check_registrations(db, current), runs)
    finally:
        db.close()

    app = _app()

    def switch(window):
        window.select_tab("registrations")
        app.processEvents()

    starts, opens = [], []
    for _ in range(runs):
        elapsed, window = timed(lambda: _open_window(path, "registrations"))  # opening the file counts too
        starts.append(elapsed)
        window.registration_tab.wait_for_checks()
        window.close()
        window = _open_window(path, "campaigns")  # the program running on another tab
        opens.append(timed(lambda: switch(window))[0])
        if len(opens) < runs:
            window.registration_tab.wait_for_checks()
            window.close()
    shown = window.registration_tab.proxy.rowCount()
    checks_s, _ = timed(window.registration_tab.wait_for_checks)  # the first check runs in a thread
    again_s, _ = timed(window.registration_tab.recompute)  # after an edit: season data reused
    window.close()
    assert shown == in_current, (shown, in_current)
    return {
        f"eligibility_all_{count}_load": seconds(full, target_s=2.0),
        f"eligibility_all_{count}_warm": seconds(warm, target_s=2.0),
        f"eligibility_campaign_{in_current}": seconds(one, target_s=2.0),
        f"registration_tab_open_{in_current}": seconds(opens, target_s=1.5),
        f"start_on_registrations_{in_current}": seconds(starts, target_s=None),
        f"registration_tab_first_check_{in_current}": seconds([checks_s], target_s=2.0),
        f"registration_tab_recheck_{in_current}": seconds([again_s], target_s=2.0),
    }


def bench_registration_summary(tmp: Path, staff: int, runs: int) -> dict:
    """The summary for the Sở Nội vụ of the demo agency's campaign against a bare
    openpyxl write of the same cells (same rows and columns, plain values)."""
    import openpyxl

    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.services.documents.registration_xlsx import export_registration_summary
    from thidua_desktop.store import records
    from thidua_desktop.store.db import open_database

    path = tmp / "summary.sqlite"
    db = open_database(path)
    try:
        build_demo(db, staff=staff, seed=1)
        campaign = next(c.id for c in records.list_campaigns(db) if c.loai == "thuong_xuyen")
        count = db.execute("SELECT count(*) FROM registrations WHERE campaign_id = ?", [campaign]).fetchone()[0]
        out = tmp / "summary.xlsx"
        export_registration_summary(db, campaign, out)
        cells = [[c.value for c in row] for row in openpyxl.load_workbook(out, read_only=True).active.iter_rows()]

        def bare():
            wb = openpyxl.Workbook()
            ws = wb.active
            for row in cells:
                ws.append(row)
            wb.save(tmp / "bare.xlsx")

        result = against_baseline(lambda: export_registration_summary(db, campaign, out), bare, runs=runs,
                                  target_ratio=1.5)
    finally:
        db.close()
    return {f"registration_summary_{count}": result}


def bench_certificates(tmp: Path, runs: int, count: int = 1000) -> dict:
    """1,000 Giấy khen to one PDF against bare reportlab drawing the same
    strings, fonts and positions on the same pages (the layout computed
    beforehand, outside the baseline's time)."""
    import datetime as dt
    import random

    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from thidua_desktop.domain.certificates import CertificateData
    from thidua_desktop.services.documents.certificates import (
        layout,
        load_templates,
        write_certificates,
    )
    from thidua_desktop.services.demo import _person_name

    rng = random.Random(5)
    template = load_templates()["giay_khen"]
    items = [CertificateData(
        ten=_person_name(rng, i % 2 == 0), danh_xung="Bà" if i % 2 == 0 else "Ông", chuc_vu="Chuyên viên",
        don_vi=rng.choice(["Văn phòng", "Phòng Chính sách dân tộc", "Trung tâm Tư vấn và Hỗ trợ đồng bào"]),
        thanh_tich="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025", hinh_thuc="GIẤY KHEN",
        nguoi_quyet_dinh="TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA", so_quyet_dinh="143/QĐ-BDT",
        ngay_quyet_dinh=dt.date(2025, 12, 22), so_so_vang=str(i + 1), dia_danh="Khánh Hòa",
        ngay_ky=dt.date(2025, 12, 22), chuc_danh_ky="TRƯỞNG BAN", nguoi_ky="Nguyễn Quỳnh Nhung")
        for i in range(count)]
    pages = [layout(item, template) for item in items]
    size = (template.page_w_mm * mm, template.page_h_mm * mm)

    def bare():
        c = Canvas(str(tmp / "bare.pdf"), pagesize=size)
        for placed in pages:
            for p in placed:
                c.setFont(p.font, p.size_pt)
                for line in p.lines:
                    c.drawString(line.x_mm * mm, size[1] - line.baseline_mm * mm, line.text)
            c.showPage()
        c.save()

    result = against_baseline(lambda: write_certificates(items, template, tmp / "gk.pdf"), bare, runs=runs,
                              target_ratio=1.5)
    return {f"certificates_{count}": result}


def bench_certificate_preview(tmp: Path, runs: int) -> dict:
    """The print dialog of the demo's 64-person Giấy khen decision: from
    opening it to its first page rendered (what the preview widget draws),
    median of 5; and all 64 sent through QPrinter (to a PDF file)."""

    from PySide6.QtCore import QSize
    from PySide6.QtPrintSupport import QPrinter

    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.store import decisions
    from thidua_desktop.store.db import open_database
    from thidua_desktop.ui.certificates.dialog import CertificatePrintDialog
    from thidua_desktop.ui.certificates.painter import CertificatePainter, print_certificates
    from thidua_desktop.ui.main_window import MainWindow
    from thidua_desktop.ui.printing import prepare_printer

    app = _app()
    path = tmp / "bench-preview.sqlite"
    db = open_database(path)
    build_demo(db, staff=300, seed=1)
    window = MainWindow(path, db)
    window.show()
    decision = next(r["id"] for r in decisions.list_decisions(db) if r["ma"] == "GK")

    def first_page():
        dialog = CertificatePrintDialog(window, window, decision)
        dialog.show()
        app.processEvents()
        viewport = dialog.preview.view.viewport().size()
        image = dialog.preview.document.render(0, QSize(viewport.width(), viewport.height()))
        assert not image.isNull()
        return dialog

    times = []
    for _ in range(runs):
        elapsed, dialog = timed(first_page)
        times.append(elapsed)
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    batch = dialog.batch

    def send():
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp / "printed.pdf"))
        prepare_printer(printer, batch.template.page_w_mm, batch.template.page_h_mm)
        return print_certificates(printer, CertificatePainter(batch.template, "full"), batch.items)

    print_s, pages = timed(send)
    window.close()
    return {
        "certificate_preview_first_page": seconds(times, target_s=0.3),
        f"certificates_qprinter_{pages}": seconds([print_s], target_s=None),
    }


BENCHES = {
    "window": lambda tmp, args: bench_demo_and_window(tmp, args.staff, args.runs),
    "staff_import": lambda tmp, args: bench_staff_import(tmp, args.rows, args.runs),
    "history_import": lambda tmp, args: bench_history_import(tmp, args.rows, args.runs),
    "season": lambda tmp, args: bench_season(tmp, args.staff, args.runs),
    "summary": lambda tmp, args: bench_registration_summary(tmp, args.staff, args.runs),
    "certificates": lambda tmp, args: bench_certificates(tmp, args.runs, args.certificates),
    "preview": lambda tmp, args: bench_certificate_preview(tmp, args.runs),
    "stats": lambda tmp, args: import_module("benchmarks.stats").bench_stats(tmp, args.staff, args.runs),
    "lookup": lambda tmp, args: import_module("benchmarks.lookup").bench_lookup(tmp, args.staff, args.runs, _app, _open_window),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", metavar="OUT", help="write {workload: {app_s, baseline_s, ratio, …}} here")
    parser.add_argument("--staff", type=int, default=None, help="people of the large workloads (50,000)")
    parser.add_argument("--rows", type=int, default=None, help="rows of the imports (10,000)")
    parser.add_argument("--certificates", type=int, default=None, help="certificates of the PDF batch (1,000)")
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help=f"runs of each side (at least {MIN_RUNS})")
    parser.add_argument("--quick", action="store_true",
                        help="smaller workloads (5,000 people, 2,000 rows, 200 certificates), same rules")
    parser.add_argument("--only", action="append", choices=sorted(BENCHES), help="run only these (repeatable)")
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs: at least {MIN_RUNS} alternating runs make a median worth reading")
    small = args.quick
    args.staff = args.staff or (5_000 if small else 50_000)
    args.rows = args.rows or (2_000 if small else 10_000)
    args.certificates = args.certificates or (200 if small else 1_000)
    os.environ.setdefault("THIDUA_DATA_DIR", tempfile.mkdtemp(prefix="thidua-bench-data-"))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        for name, bench in BENCHES.items():
            if not args.only or name in args.only:
                results.update(bench(Path(tmp), args))
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
