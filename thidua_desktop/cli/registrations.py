"""``thidua campaigns``, ``export-registrations``, ``export-unit-templates``,
``import-registrations``, ``check-registrations``: the campaigns and their đăng ký thi đua."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..store.db import StoreError
from .common import EXIT_ERROR, Commands, as_json, campaign, data_file, dmy_date, on_data_file

CAMPAIGN_HELP = "mã phong trào (xem lệnh campaigns)"


def add_parsers(commands: Commands) -> None:
    commands.add("campaigns", cmd_campaigns, "liệt kê các phong trào thi đua")

    p = commands.add("export-registrations", cmd_export_registrations,
                     "xuất bảng tổng hợp đăng ký thi đua (gửi Sở Nội vụ) ra .xlsx")
    p.add_argument("--campaign", type=int, required=True, help=CAMPAIGN_HELP)
    p.add_argument("--van-ban", default="", help="văn bản gửi kèm, ví dụ “Công văn số 45/BDT-VP” (để trống: văn thư "
                                                 "ghi số)")
    p.add_argument("--ngay", help="ngày của văn bản gửi kèm, ngày/tháng/năm (mặc định: hôm nay)")
    p.add_argument("--so-luong", action="store_true",
                   help="danh hiệu cơ sở không bỏ phiếu (Lao động tiên tiến…): chỉ ghi số lượng từng đơn vị")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")

    p = commands.add("export-unit-templates", cmd_export_unit_templates,
                     "xuất phiếu đăng ký thi đua cho từng đơn vị (.xlsx) vào một thư mục")
    p.add_argument("--campaign", type=int, required=True, help=CAMPAIGN_HELP)
    p.add_argument("out_dir", help="thư mục sẽ ghi")

    p = commands.add("import-registrations", cmd_import_registrations,
                     "nhập các phiếu đăng ký đơn vị gửi lại (mỗi tệp: tất cả hoặc không gì)")
    p.add_argument("--campaign", type=int, required=True, help=CAMPAIGN_HELP)
    p.add_argument("files", nargs="+", help="các tệp .xlsx")
    p.add_argument("--conflicts", choices=("keep", "take"),
                   help="đăng ký (còn ở bước Đăng ký) có trong dữ liệu mà phiếu để trống: keep = giữ, "
                        "take = bỏ theo phiếu; đăng ký đã qua bình xét luôn được giữ")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")

    p = commands.add("check-registrations", cmd_check_registrations,
                     "kiểm tra điều kiện của các đăng ký trong một phong trào")
    p.add_argument("--campaign", type=int, required=True, help=CAMPAIGN_HELP)
    p.add_argument("--json", action="store_true",
                   help="in mọi đăng ký dạng JSON (verdict: du / can_kiem_tra / khong_du, reasons)")


@on_data_file()
def cmd_campaigns(db, args: argparse.Namespace) -> list[str]:
    from ..store.records import list_campaigns

    campaigns = list_campaigns(db)
    if not campaigns:
        return ["Chưa có phong trào nào."]
    return [f"{c.id}\t{c.so_ke_hoach or '—'}\t{c.period_label}\t{c.ten}" for c in campaigns]


@on_data_file(out=(".xlsx",))
def cmd_export_registrations(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.documents.registration_xlsx import export_registration_summary

    from ..services.documents.registration_xlsx import grassroots_codes
    from ..store.rules import ruleset_for_year

    c = campaign(db, args.campaign)
    ngay = dmy_date(args.ngay, "ngày văn bản") if args.ngay else None
    counts = grassroots_codes(ruleset_for_year(db, c.nam_ket_thuc or c.nam_bat_dau)) if args.so_luong else ()
    count = export_registration_summary(db, c.id, out, van_ban=args.van_ban, ngay=ngay, counts_only=counts)
    return f"Đã xuất bảng tổng hợp đăng ký của “{c.ten}” ({count} cá nhân, tập thể) ra “{out}”."


@on_data_file()
def cmd_export_unit_templates(db, args: argparse.Namespace) -> list[str]:
    from ..services.imports.unit_workbooks import export_unit_templates

    c = campaign(db, args.campaign)
    paths = export_unit_templates(db, c.id, Path(args.out_dir))
    where = paths[0].parent if paths else Path(args.out_dir)
    lines = [f"Đã xuất {len(paths)} phiếu đăng ký của “{c.ten}” vào “{where}”."]
    if where != Path(args.out_dir):
        lines.append(f"(Thư mục “{args.out_dir}” đã có phiếu của lần xuất trước — có thể đơn vị đã điền và gửi "
                     "lại — nên không ghi đè: các phiếu mới ở thư mục con trên.)")
    return lines + [f"  {path.name}" for path in paths]


def cmd_import_registrations(args: argparse.Namespace) -> int:
    """Each returned workbook all or nothing; the exit code says whether any file failed."""
    from ..services.imports import unit_workbooks as ut

    failed = 0
    with data_file(args, write=not args.dry_run) as db:
        c = campaign(db, args.campaign)
        for name in args.files:
            try:
                plan = ut.plan_template_import(db, c.id, Path(name))
            except StoreError as exc:
                print(f"{name}: Lỗi: {exc}")
                failed += 1
                continue
            counts = plan.counts()
            print(f"{name} (đơn vị {plan.unit_name}): {counts[ut.RowStatus.NEW]} dòng có đăng ký mới, "
                  f"{counts[ut.RowStatus.UNCHANGED]} không đổi, {counts[ut.RowStatus.CONFLICT]} khác với dữ liệu, "
                  f"{len(plan.locked)} đã bình xét (giữ nguyên), {counts[ut.RowStatus.ERROR]} lỗi.")
            for row in sorted({id(r): r for r in plan.errors + plan.conflicts + plan.locked}.values(),
                              key=lambda r: r.excel_row):
                print(f"  Dòng {row.excel_row} ({row.name}): {row.reason}")
            if plan.errors or (plan.conflicts and not args.conflicts):
                if plan.conflicts and not args.conflicts and not plan.errors:
                    print("  Chưa ghi: hãy chọn --conflicts keep hoặc --conflicts take.")
                else:
                    print("  Chưa ghi gì từ tệp này.")
                failed += 1
                continue
            if args.dry_run:
                continue
            decisions = {row.excel_row: args.conflicts for row in plan.conflicts}
            result = ut.apply_template_import(db, plan, decisions=decisions)
            print(f"  Đã ghi: {result.created} đăng ký mới, bỏ {result.removed}, giữ {result.kept}.")
    return EXIT_ERROR if failed else 0


@on_data_file()
def cmd_check_registrations(db, args: argparse.Namespace) -> str | list[str]:
    from collections import Counter

    from ..services.eligibility import check_registrations
    from ..store import registrations

    c = campaign(db, args.campaign)
    checks = check_registrations(db, c.id)
    rows = {r["id"]: r for r in registrations.registration_rows(db, c.id)}
    if args.json:
        verdict = {"ok": "du", "warning": "can_kiem_tra", "blocked": "khong_du"}
        return as_json([{"id": rid, "ten": rows[rid]["ten"], "staff_id": rows[rid]["staff_id"],
                         "unit_id": rows[rid]["unit_id"], "don_vi": rows[rid]["don_vi"], "nam": rows[rid]["nam"],
                         "title": rows[rid]["ma"], "trang_thai": rows[rid]["trang_thai"],
                         "verdict": verdict[check.status], "kept": check.kept, "reasons": list(check.reasons)}
                        for rid, check in checks.items()])
    counts = Counter("kept" if check.kept else check.status for check in checks.values())
    return [f"{c.ten}: {len(checks)} đăng ký — đủ điều kiện {counts['ok']}, cần kiểm tra {counts['warning']}, "
            f"không đủ {counts['blocked']}, giữ lại {counts['kept']}."] + [
        f"  [{rid}] {rows[rid]['ten']} — {rows[rid]['ma']}: {check.text}"
        for rid, check in checks.items() if check.status == "blocked"]
