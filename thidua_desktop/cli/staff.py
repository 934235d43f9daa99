"""``thidua import-staff``, ``import-history``, ``import-evaluations``, ``export-staff``:
the roster and the people's records in and out of Excel."""
from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from .common import CliError, Commands, check_not_emptied, data_file, db_file, on_data_file, ranges


def add_parsers(commands: Commands) -> None:
    p = commands.add("import-staff", cmd_import_staff, "nhập danh sách cán bộ từ Excel")
    p.add_argument("file", help="tệp .xlsx")
    p.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu có bảng cán bộ)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.add_argument("--no-convert", action="store_true", help="không chuyển mã TCVN3/VNI sang Unicode")
    p.add_argument("--keep-unit-names", action="store_true",
                   help="giữ nguyên tên đơn vị viết hoa toàn bộ (mặc định: VĂN PHÒNG → Văn phòng)")

    for name, run, help_text in (("import-history", cmd_import_history, "nhập lịch sử khen thưởng từ Excel"),
                                 ("import-evaluations", cmd_import_evaluations,
                                  "nhập kết quả xếp loại (và kỷ luật) từ Excel")):
        p = commands.add(name, run, help_text)
        p.add_argument("file", help="tệp .xlsx")
        p.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu có bảng)")
        p.add_argument("--year", type=int, help="năm cho các dòng không ghi năm (cả trang)")
        p.add_argument("--map", action="append", default=[], metavar="“GIÁ TRỊ=MÃ”",
                       help="đọc một giá trị chưa nhận ra trong tệp là mã này, ở mọi dòng có giá trị đó "
                            "(ví dụ --map \"HTXS NV=HTXSNV\"); lặp lại được")
        p.add_argument("--remember-map", action="store_true",
                       help="ghi nhớ các --map vào từ điển của người dùng cho các lần nhập sau")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")

    p = commands.add("export-staff", cmd_export_staff, "xuất danh sách cán bộ ra .xlsx")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")


def cmd_import_staff(args: argparse.Namespace) -> int:
    """Import a roster; print what was (or, with --dry-run, would be) done."""
    from ..store import db as store_db

    roster = Path(args.file)
    path = db_file(args)
    exists = path.exists() and path.stat().st_size > 0
    with contextlib.ExitStack() as stack:
        if exists:
            db = stack.enter_context(data_file(args, write=not args.dry_run))
        else:
            # Nothing is written before the plan is known to be good, not even a
            # new data file: plan against an empty database in memory.
            check_not_emptied(path)
            db = store_db.open_database(Path(":memory:"))
            stack.callback(db.close)
            print(f"(Tệp dữ liệu “{path}” chưa có: so với dữ liệu trống.)")
        return _import_staff(args, stack, db, roster, path, exists)


def _import_staff(args, stack: contextlib.ExitStack, db, roster: Path, db_path: Path, exists: bool) -> int:
    from ..services.imports import roster as ri

    plan = ri.plan_import(db, roster, sheet=args.sheet, convert_legacy=not args.no_convert,
                          rename_units=not args.keep_unit_names)
    _print_plan(plan, roster)
    counts = plan.counts()
    if not plan.ok:
        for row in plan.errors:
            print(f"Dòng {row.excel_row}: {row.reason}", file=sys.stderr)
        raise CliError(
            f"tệp có {len(plan.errors)} dòng lỗi; chưa ghi gì vào tệp dữ liệu. "
            "Hãy sửa các dòng trên trong Excel rồi nhập lại."
        )
    new_units = ", ".join(plan.unit_name(n) for n in plan.units_to_create)
    units = f"; {len(plan.units_to_create)} đơn vị mới: {new_units}" if plan.units_to_create else ""
    if args.dry_run:
        print(f"Chạy thử (--dry-run): không ghi gì. Sẽ nhập: {ri.describe_counts(counts)}{units}.")
        return 0
    if not exists:
        # created now, empty: the plan still applies
        db = stack.enter_context(data_file(args, write=True, create=True))
    result = ri.apply_import(db, plan)
    units = f"; tạo {result.units_created} đơn vị mới: {new_units}" if result.units_created else ""
    print(
        f"Đã nhập vào “{db_path}”: {result.created} người mới, {result.updated} cập nhật, "
        f"{result.unchanged} không đổi, {result.skipped} dòng bỏ qua{units}."
    )
    return 0


def _print_plan(plan, roster: Path) -> None:
    from ..services.imports.roster import RowStatus

    layout = plan.layout
    print(f"Tệp “{roster.name}”, trang “{plan.sheet}”, tiêu đề bảng ở dòng "
          f"{layout.header_first_row}–{layout.header_last_row}.")
    if plan.legacy_cells:
        done = "đã chuyển sang Unicode" if plan.converted_legacy else "KHÔNG chuyển (--no-convert)"
        print(f"Ô gõ bằng mã cũ (TCVN3/VNI), {done}:")
        for c in plan.legacy_cells:
            print(f"  Dòng {c.excel_row}, cột {c.column} ({c.encoding.upper()}): “{c.before}” → “{c.after}”")
    if getattr(plan, "unit_renames", None):
        done = "viết lại" if plan.rename_units else "giữ nguyên (--keep-unit-names)"
        print(f"Tên đơn vị viết hoa toàn bộ, {done}:")
        for old, new in plan.unit_renames.items():
            print(f"  “{old}” → “{new}”")
    skipped = [r for r in plan.rows if r.status is RowStatus.SKIPPED]
    blanks = [r.excel_row for r in skipped if r.reason == "Dòng trống"]
    others = [r for r in skipped if r.reason != "Dòng trống"]
    if others or blanks:
        print("Bỏ qua:")
        for r in others:
            print(f"  Dòng {r.excel_row}: {r.reason}")
        if blanks:
            print(f"  Dòng trống: {ranges(blanks)}")
    updates = [r for r in plan.rows if r.status is RowStatus.UPDATE]
    if updates:
        print("Cập nhật:")
        for r in updates:
            who = r.staff.ho_ten if getattr(r, "staff", None) else getattr(r, "name", "")
            print(f"  Dòng {r.excel_row}: {who} — {'; '.join(r.changes)}")


def cmd_import_history(args: argparse.Namespace) -> int:
    """Import award history; print what was (or, with --dry-run, would be) done."""
    from ..services.imports import history as hi

    return _import_records(args, hi.plan_history_import, hi.apply_history_import,
                           hi.describe_history_counts)


def cmd_import_evaluations(args: argparse.Namespace) -> int:
    """Import yearly xếp loại (and kỷ luật); print what was or would be done."""
    from ..services.imports import xep_loai as ei

    return _import_records(args, ei.plan_evaluation_import, ei.apply_evaluation_import,
                           ei.describe_evaluation_counts)


def _import_records(args: argparse.Namespace, plan_fn, apply_fn, describe) -> int:
    """History and xếp loại imports: they match people already in the data
    file, so the file must exist. Any error or unmatched row: nothing written."""
    from ..services.imports.records import VALUE_FIELDS, parse_value_map
    from ..services.imports.sheet import RowStatus
    from ..services.imports.vocab import vocabulary_for

    source = Path(args.file)
    path = db_file(args)
    if not (path.exists() and path.stat().st_size > 0):
        check_not_emptied(path)
        raise CliError(f"tệp dữ liệu “{path}” chưa có; hãy nhập danh sách cán bộ trước (import-staff).")
    with data_file(args, write=not args.dry_run) as db:
        try:
            value_map = parse_value_map(args.map, vocabulary_for(db))
        except ValueError as exc:
            raise CliError(str(exc)) from None
        plan = plan_fn(db, source, sheet=args.sheet, year=args.year, value_map=value_map)
        _print_plan(plan, source)
        if plan.year:
            print(f"Năm cho các dòng không ghi năm: {plan.year} ({plan.year_source}).")
        decision = getattr(plan, "sheet_decision", None)
        if decision:
            when = f" ngày {decision[1]:%d/%m/%Y}" if decision[1] else ""
            print(f"Quyết định chung ghi trên đầu trang: số {decision[0]}{when}.")
        bad = [r for r in plan.rows if r.status in (RowStatus.ERROR, RowStatus.UNMATCHED)]
        for row in bad:
            tag = "lỗi" if row.status is RowStatus.ERROR else "chưa xác định"
            hint = ""
            if row.status is RowStatus.UNMATCHED and row.candidates:
                hint = " — có thể là: " + "; ".join(c.label for c in row.candidates)
            print(f"Dòng {row.excel_row} ({tag}): {row.reason}{hint}", file=sys.stderr)
        for value in plan.unknown_values():
            print(f"Chưa nhận ra {VALUE_FIELDS[value.field].lower()} “{value.text}” (dòng {ranges(list(value.rows))}): "
                  f"thêm --map \"{value.text}=MÃ\" để đọc giá trị này ở mọi dòng.", file=sys.stderr)
        if bad:
            parts = [f"{len(plan.errors)} dòng lỗi"] if plan.errors else []
            if plan.unmatched:
                parts.append(f"{len(plan.unmatched)} dòng chưa xác định được người hoặc đơn vị")
            raise CliError(
                f"tệp có {' và '.join(parts)}; chưa ghi gì vào tệp dữ liệu. Hãy sửa tệp (đúng tên, đủ ngày "
                "sinh) hoặc nhập bằng giao diện để chọn người, đơn vị cho từng dòng."
            )
        if args.dry_run:
            print(f"Chạy thử (--dry-run): không ghi gì. Sẽ nhập: {describe(plan.counts())}.")
            return 0
        result = apply_fn(db, plan)
        print(f"Đã nhập vào “{path}”: {result.describe()}.")
        if args.remember_map and args.map:
            _remember_map(args.map, value_map)
        return 0


def _remember_map(items: list[str], value_map) -> None:
    """``--remember-map``: the texts of ``--map`` go into the user's vocabulary."""
    from ..services.imports.records import VALUE_SECTIONS, value_key
    from ..services.imports.vocab import remember_phrases

    texts = {value_key(item.partition("=")[0]): item.partition("=")[0].strip() for item in items}
    path = remember_phrases((VALUE_SECTIONS[fld], code, texts[key]) for (fld, key), code in value_map.items())
    print(f"Đã ghi nhớ {len(texts)} cách đọc vào “{path}”.")


@on_data_file(out=(".xlsx",))
def cmd_export_staff(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.documents.staff_xlsx import export_staff

    return f"Đã xuất {export_staff(db, out)} cán bộ ra “{out}”."
