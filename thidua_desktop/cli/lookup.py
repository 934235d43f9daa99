"""``thidua lookup``: tra cứu — find people and units by name (accents
optional), then one's whole record (``--id`` / ``--unit``) as text or JSON,
or saved as the trích lục thành tích (``--pdf`` / ``--xlsx``)."""
from __future__ import annotations

import argparse

from .common import CliError, Commands, on_data_file, out_path


def add_parsers(commands: Commands) -> None:
    p = commands.add("lookup", cmd_lookup, "tra cứu thành tích một người hoặc một đơn vị")
    p.add_argument("query", nargs="?", default="", help="họ tên hoặc tên đơn vị, gõ không dấu cũng được "
                                                         "(thêm năm sinh để lọc)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--id", type=int, help="mã cán bộ (cột đầu của danh sách tìm được): in toàn bộ thành tích")
    who.add_argument("--unit", type=int, help="mã đơn vị: in toàn bộ thành tích của tập thể")
    p.add_argument("--year", type=int, help="năm xét điều kiện cho phần “tiếp theo” (mặc định: năm nay)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--pdf", metavar="TỆP", help="lưu trích lục thành tích ra .pdf")
    p.add_argument("--xlsx", metavar="TỆP", help="lưu trích lục thành tích ra .xlsx")


@on_data_file()
def cmd_lookup(db, args: argparse.Namespace):
    from ..services.lookup import export, search
    from ..services.lookup.record import STAFF, UNIT, record

    if args.id is None and args.unit is None:
        if args.pdf or args.xlsx:
            raise CliError("--pdf, --xlsx cần --id (cán bộ) hoặc --unit (đơn vị): tìm trước rồi chọn mã")
        if not args.query.strip():
            raise CliError("hãy gõ họ tên hoặc tên đơn vị cần tìm, hoặc --id / --unit")
        found, total = search.find(db, args.query)
        if args.json:
            return search.matches_json(found, total)
        if not found:
            return f"Không tìm thấy ai, đơn vị nào khớp “{args.query}”."
        lines = [f"{total} kết quả" + (f" (in {len(found)} đầu tiên)" if total > len(found) else "") +
                 " — xem thành tích: thidua lookup --id MÃ (cán bộ) hoặc --unit MÃ (đơn vị)"]
        for m in found:
            if m.kind == "staff":
                lines.append("\t".join((f"--id {m.id}", m.ten, m.ngay_sinh or "—", m.chuc_vu or "—",
                                        m.don_vi or "—") + (("đã nghỉ",) if not m.dang_cong_tac else ())))
            else:
                lines.append("\t".join((f"--unit {m.id}", m.ten, "(tập thể)", m.don_vi or "—")))
        return lines
    kind, subject_id = (STAFF, args.id) if args.id is not None else (UNIT, args.unit)
    rec = record(db, kind, subject_id, year=args.year)
    written = []
    for option, suffix, write in ((args.pdf, ".pdf", export.export_pdf), (args.xlsx, ".xlsx", export.export_xlsx)):
        if option:
            out = out_path(option, suffix)
            write(db, rec, out)
            written.append(f"Đã lưu trích lục thành tích của {rec.name} ra “{out}”.")
    if written:
        return written
    return rec.as_json() if args.json else export.as_text(rec)
