"""``thidua khoi list|import-sheet|export-members|import|ranking|summary``: the khối / cụm thi đua (its Word
documents: ``thidua document bien_ban_khoi|to_trinh_khoi --khoi N``)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..store.db import StoreError
from .common import EXIT_ERROR, CliError, Commands, as_json, data_file, on_data_file, out_path

KHOI_HELP = "mã khối (xem: thidua khoi list)"


def add_parsers(commands: Commands) -> None:
    parser = commands.add("khoi", lambda args: 0, "khối, cụm thi đua: bảng chấm điểm, phiếu chấm điểm, xếp hạng",
                          data_file=False)
    sub = parser.add_subparsers(dest="khoi_command", required=True, metavar="VIỆC")

    def add(name: str, run, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[commands.common], help=help)
        p.set_defaults(run=run)
        return p

    p = add("list", cmd_list, "liệt kê các khối (với --khoi: các cơ quan thành viên)")
    p.add_argument("--khoi", type=int, help=KHOI_HELP)

    p = add("import-sheet", cmd_import_sheet, "nhập bảng chấm điểm của khối từ tệp .xlsx (thành phiên bản mới)")
    p.add_argument("--khoi", type=int, required=True, help=KHOI_HELP)
    p.add_argument("file", help="tệp .xlsx của khối")
    p.add_argument("--co-so", action="store_true", help="tổng điểm = 100 + điểm cộng − điểm trừ")
    p.add_argument("--dry-run", action="store_true", help="chỉ đọc và kiểm tra, không ghi gì")

    p = add("export-members", cmd_export_members, "xuất phiếu chấm điểm (.xlsx) cho từng cơ quan thành viên")
    p.add_argument("--khoi", type=int, required=True, help=KHOI_HELP)
    p.add_argument("out_dir", help="thư mục sẽ ghi")

    p = add("import", cmd_import, "nhập phiếu chấm điểm các cơ quan gửi lại (mỗi tệp: tất cả hoặc không gì)")
    p.add_argument("--khoi", type=int, required=True, help=KHOI_HELP)
    p.add_argument("files", nargs="+", help="các tệp .xlsx")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")

    p = add("ranking", cmd_ranking, "in bảng xếp hạng của khối (đồng điểm, đề nghị theo chỉ tiêu)")
    p.add_argument("--khoi", type=int, required=True, help=KHOI_HELP)
    p.add_argument("--json", action="store_true",
                   help="in dạng JSON: các cơ quan theo thứ tự với tổng điểm, thứ hạng và đồng điểm nếu có")

    p = add("summary", cmd_summary, "xuất bảng tổng hợp điểm của khối ra .xlsx")
    p.add_argument("--khoi", type=int, required=True, help=KHOI_HELP)
    p.add_argument("out", help="tệp .xlsx sẽ ghi")


def _view(db, khoi_id: int):
    from ..services.khoi import service
    from ..store.records import ValidationError

    try:
        return service.load_view(db, khoi_id)
    except ValidationError:
        raise CliError(f"không có khối mã {khoi_id} (xem: thidua khoi list --db …)") from None


@on_data_file()
def cmd_list(db, args: argparse.Namespace) -> list[str]:
    from ..domain.khoi import VAI_TRO
    from ..store import khoi as store

    if args.khoi is None:
        rows = store.list_khoi(db)
        if not rows:
            return ["Chưa có khối thi đua nào."]
        return [f"{r['id']}\t{r['nam']}\t{r['ten']}\t{r['so_thanh_vien']} cơ quan\t"
                + (f"bảng chấm điểm phiên bản {r['phien_ban']}" if r["phien_ban"] else "chưa có bảng chấm điểm")
                for r in rows]
    view = _view(db, args.khoi)
    return [f"{view.khoi.ten} năm {view.khoi.nam}: {len(view.members)} cơ quan"] + [
        f"{m.id}\t{VAI_TRO[m.vai_tro]}\t{m.ten}" + ("\t(cơ quan mình)" if m.la_co_quan_minh else "")
        for m in view.members]


def cmd_import_sheet(args: argparse.Namespace) -> int:
    from ..domain.khoi import CACH_TINH
    from ..services.khoi import service
    from ..services.khoi.sheet_import import read_score_sheet

    read = read_score_sheet(Path(args.file), cach_tinh="co_so" if args.co_so else None)
    if not read.ok:
        print(f"{args.file}: bảng chấm điểm chưa dùng được, chưa ghi gì:")
        for problem in read.all_problems():
            print(f"  {problem}")
        return EXIT_ERROR
    sheet = read.sheet
    print(f"{args.file}: {len(sheet.criteria)} mục, {len(sheet.leaves())} mục chấm; {CACH_TINH[sheet.cach_tinh]}; "
          f"điểm chuẩn {sheet.max_total()}.")
    if args.dry_run:
        return 0
    with data_file(args, write=True) as db:
        _view(db, args.khoi)
        service.save_sheet(db, args.khoi, sheet)
        print(f"Đã lưu thành bảng chấm điểm phiên bản {service.store.current_sheet(db, args.khoi).phien_ban}.")
    return 0


@on_data_file()
def cmd_export_members(db, args: argparse.Namespace) -> list[str]:
    from ..services.khoi.workbooks import export_member_workbooks

    view = _view(db, args.khoi)
    paths = export_member_workbooks(db, view.khoi.id, Path(args.out_dir))
    where = paths[0].parent if paths else Path(args.out_dir)
    return [f"Đã xuất {len(paths)} phiếu chấm điểm của “{view.khoi.ten}” (phiên bản {view.sheet.phien_ban}) "
            f"vào “{where}”."] + [f"  {p.name}" for p in paths]


def cmd_import(args: argparse.Namespace) -> int:
    """Each returned workbook all or nothing; the exit code says whether any file failed."""
    from ..services.khoi import workbooks

    failed = 0
    with data_file(args, write=not args.dry_run) as db:
        _view(db, args.khoi)
        for name in args.files:
            try:
                plan = workbooks.plan_member_workbook(db, args.khoi, Path(name))
            except StoreError as exc:
                print(f"{name}: Lỗi: {exc}")
                failed += 1
                continue
            print(f"{name} ({plan.member_name}): {plan.scored} mục có điểm tự chấm, {len(plan.errors)} lỗi.")
            if not plan.ok:
                for error in plan.errors:
                    print(f"  {error}")
                print("  Chưa ghi gì từ tệp này.")
                failed += 1
                continue
            if not args.dry_run:
                workbooks.apply_member_workbook(db, plan)
                print("  Đã ghi.")
    return EXIT_ERROR if failed else 0


@on_data_file()
def cmd_ranking(db, args: argparse.Namespace) -> str | list[str]:
    from ..domain import khoi as dk

    view = _view(db, args.khoi)
    names = view.names
    proposed = view.proposals()
    if args.json:
        def number(d):
            return None if d is None else (int(d) if d == d.to_integral_value() else float(d))

        members = []
        for row in view.ranking:
            res = view.results[row.member_id]
            tie = None
            if row.tied_with:
                r = row.resolution
                tie = {"with": [names[m] for m in row.tied_with], "resolved": r is not None,
                       "cach": r.cach if r else None, "nguoi_quyet_dinh": r.nguoi_quyet_dinh if r else None}
            members.append({"id": row.member_id, "ten": names[row.member_id], "vai_tro": res.member.vai_tro,
                            "co_quan_minh": res.member.la_co_quan_minh, "rank": row.rank,
                            "total": number(row.total), "diem_chuan": number(res.agreed.diem_chuan) if res.scored
                            else None, "cong": number(res.agreed.cong) if res.scored else None,
                            "tru": number(res.agreed.tru) if res.scored else None, "tie": tie})
        return as_json({"khoi": {"id": view.khoi.id, "ten": view.khoi.ten, "nam": view.khoi.nam,
                                 "phien_ban": view.sheet.phien_ban if view.sheet else None},
                        "members": members,
                        "open_ties": [[names[m] for m in g] for g in view.open_ties()],
                        "proposals": {"co": [names[m] for m in proposed.co],
                                      "bang_khen": [names[m] for m in proposed.bang_khen],
                                      "blocked": proposed.blocked}})
    lines = [f"{view.khoi.ten} năm {view.khoi.nam}"]
    for row in view.ranking:
        res = view.results[row.member_id]
        text = res.agreed.sentence() if res.scored else "chưa chấm"
        tie = f" [{view.tie_text(row)}]" if row.tied_with else ""
        lines.append(f"{row.rank or '-'}\t{names[row.member_id]}\t{text}{tie}")
    lines.append(proposed.blocked or "Đề nghị Cờ thi đua: " + (", ".join(names[m] for m in proposed.co) or "—")
                 + "; Bằng khen: " + (", ".join(names[m] for m in proposed.bang_khen) or "—"))
    return lines


def cmd_summary(args: argparse.Namespace) -> int:
    from ..services.khoi.summary import export_summary

    out = out_path(args.out, ".xlsx")
    with data_file(args, write=False) as db:
        view = _view(db, args.khoi)
        export_summary(db, view.khoi.id, out)
    print(f"Đã xuất bảng tổng hợp của “{view.khoi.ten}” ra “{out}”.")
    return 0
