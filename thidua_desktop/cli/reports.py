"""``thidua stats`` (the statistics of a year or a range of years, grouped one way) and ``thidua report-form``
(a statistical form filled for the reporting period ending in a year, as .xlsx)."""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import Commands, as_json, on_data_file

#: ``--by`` → the grouping of services.reports.stats
BY_CHOICES = ("unit", "title", "level", "gender", "dan_toc", "phan_loai", "year", "source")


def add_parsers(commands: Commands) -> None:
    p = commands.add("stats", cmd_stats, "thống kê khen thưởng của một năm hoặc nhiều năm, theo một cách nhóm")
    p.add_argument("--year", type=int, required=True, help="năm thành tích (đến --to-year nếu có)")
    p.add_argument("--to-year", type=int, help="năm cuối của khoảng")
    p.add_argument("--by", choices=BY_CHOICES, default="title",
                   help="nhóm theo: unit (đơn vị, gộp đơn vị con), title (danh hiệu, hình thức), level (cấp), "
                        "gender (giới tính), dan_toc, phan_loai, year, source (nguồn); mặc định title")
    p.add_argument("--json", action="store_true", help="in JSON thay cho bảng")
    p = commands.add("report-form", cmd_report_form,
                     "lập biểu mẫu thống kê (0601.N, 0602.N, 0603.N, 0605.N …) của kỳ báo cáo kết thúc trong năm, "
                     "ra .xlsx")
    p.add_argument("--form", required=True, help="số biểu, ví dụ 0603.N")
    p.add_argument("--year", type=int, required=True, help="năm báo cáo (kỳ từ 01/12 năm trước đến 30/11)")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@on_data_file()
def cmd_stats(db, args: argparse.Namespace):
    from ..services.reports.stats import statistics

    by = args.by
    table = statistics(db, args.year, args.to_year, by=by)
    if args.json:
        def row(r):
            key = r.key if isinstance(r.key, (int, str)) or r.key is None else str(r.key)
            return {"key": key, "label": r.label, "ca_nhan": r.individuals, "tap_the": r.collectives,
                    "tong": r.total, "tien_thuong": r.money, "theo_nam": {str(y): r.by_year.get(y, 0)
                                                                           for y in table.years}}
        return as_json({"by": by, "from_year": table.first_year, "to_year": table.last_year,
                        "rows": [row(r) for r in table.rows], "total": row(table.total)})
    lines = [table.title[0].upper() + table.title[1:] + ":"]
    if not table.rows:
        return lines + ["  (chưa có khen thưởng nào trong những năm này)"]
    width = max(len(r.label) for r in [*table.rows, table.total])
    key_width = max(len(str(r.key)) for r in table.rows) if by == "title" else 0
    lines.append(f"  {'Mã'.ljust(key_width) + '  ' if key_width else ''}{'Nhóm'.ljust(width)}  Cá nhân  Tập thể   Tổng"
                 "   Tiền thưởng (đồng)")
    for r in [*table.rows, table.total]:
        code = (str(r.key or "").ljust(key_width) + "  ") if key_width else ""
        lines.append(f"  {code}{r.label.ljust(width)}  {r.individuals:7}  {r.collectives:7}  {r.total:5}"
                     f"   {_money(r.money):>18}")
    return lines


@on_data_file(out=(".xlsx",))
def cmd_report_form(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.reports.form_xlsx import write_form
    from ..services.reports.forms import fill_form

    filled = fill_form(db, args.form, args.year)
    write_form(filled, out)
    start, end = filled.period
    return (f"Đã lập {filled.form.form_number} năm {args.year} (từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}) "
            f"ra “{out}”.")
