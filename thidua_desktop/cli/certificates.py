"""``thidua certificates``, ``calibrate``, ``calibration-sheet``: printing a decision's
certificates, and each printer's measured offset and scale."""
from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from .common import CliError, Commands, on_data_file, out_path
from .decisions import DECISION_HELP


def add_parsers(commands: Commands) -> None:
    p = commands.add("certificates", cmd_certificates, "in giấy khen, bằng khen của một quyết định ra PDF")
    p.add_argument("--decision", type=int, required=True, help=DECISION_HELP)
    p.add_argument("--mode", choices=("full", "phoi"), default="full",
                   help="full = in đủ trên giấy trắng; phoi = chỉ in chữ lên phôi in sẵn")
    p.add_argument("--printer", default="", metavar="TÊN",
                   help="tên máy in: ghi vào nhật ký in; khi in phôi dùng độ lệch đã lưu của máy in này")
    p.add_argument("--printer-offset", default=None, metavar="X,Y",
                   help="độ lệch của máy in (mm), đo bằng trang hiệu chỉnh, ví dụ 1.5,-0.8 hoặc -1.5,0.8 "
                        "(thay cho độ lệch đã lưu)")
    p.add_argument("--force", action="store_true", help="vẫn in khi có chữ không vừa ô")
    p.add_argument("out", help="tệp .pdf sẽ ghi")
    p = commands.add("calibrate", cmd_calibrate,
                     "lưu độ lệch đo được của một máy in (không có --offset: liệt kê các máy in đã lưu)")
    p.add_argument("--printer", default="", metavar="TÊN", help="tên máy in")
    p.add_argument("--offset", default=None, metavar="X,Y", help="độ lệch (mm), ví dụ 1.5,-0.8")
    p.add_argument("--bars", default=None, metavar="NGANG,DOC",
                   help="độ dài đo được của hai thước 100 mm, ví dụ 100,99.6 (kiểm tra tỉ lệ in)")
    p = commands.add("calibration-sheet", cmd_calibration_sheet,
                     "in trang hiệu chỉnh máy in (thước mm, dấu chữ thập) ra PDF", data_file=False)
    p.add_argument("out", help="tệp .pdf sẽ ghi")


def _mm_pair(text: str, what: str = "độ lệch máy in", example: str = "1.5,-0.8") -> tuple[float, float]:
    """``"1.5,-0.8"`` (or ``"1,5;-0,8"`` with decimal commas) → (1.5, -0.8) mm."""
    parts = text.split(";" if ";" in text else ",")
    try:
        if len(parts) != 2:
            raise ValueError(text)
        x, y = (float(part.strip().replace(",", ".")) for part in parts)
    except ValueError as exc:
        raise CliError(f"{what} phải có dạng X,Y (mm), ví dụ {example}: “{text}”") from exc
    if not (math.isfinite(x) and math.isfinite(y)):
        raise CliError(f"{what} phải là hai số mm (không phải nan hay inf), ví dụ {example}: “{text}”")
    return x, y


#: options whose value is a pair of millimetres that may start with a minus sign
_MM_PAIR_OPTIONS = ("--printer-offset", "--offset", "--bars")
_NEGATIVE_PAIR = re.compile(r"^-\d|^-\.\d|^-(?:nan|inf)", re.IGNORECASE)


def join_negative_pairs(argv: list[str]) -> list[str]:
    """``--printer-offset -1.5,0.8`` → ``--printer-offset=-1.5,0.8``: argparse
    would take the value for an option (its leading "-") and refuse."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in _MM_PAIR_OPTIONS and i + 1 < len(argv) and _NEGATIVE_PAIR.match(argv[i + 1]):
            out.append(f"{token}={argv[i + 1]}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def _offset(text: str) -> tuple[float, float]:
    from ..domain.certificates import MAX_OFFSET_MM

    x, y = _mm_pair(text)
    if abs(x) > MAX_OFFSET_MM or abs(y) > MAX_OFFSET_MM:
        raise CliError(f"độ lệch máy in quá lớn (tối đa {MAX_OFFSET_MM:g} mm): “{text}”")
    return x, y


def cmd_certificates(args: argparse.Namespace) -> int:
    # the offset is checked before the data file is opened
    args.offset_mm = _offset(args.printer_offset) if args.printer_offset is not None else None
    return _write_certificates(args)


@on_data_file(write=True, out=(".pdf",))
def _write_certificates(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.decisions.service import print_certificates

    pages, reprint = print_certificates(db, args.decision, out, mode=args.mode, offset_mm=args.offset_mm,
                                        printer=args.printer, force=args.force)
    return f"Đã in {pages} giấy khen, bằng khen ({args.mode}){' (in lại)' if reprint else ''} ra “{out}”."


@on_data_file(write=lambda args: args.offset is not None)
def cmd_calibrate(db, args: argparse.Namespace) -> list[str]:
    from ..domain.certificates import Calibration, format_size
    from ..store.printing import list_calibrations, save_calibration

    if args.offset is None:
        return [f"{c.may_in}\tX {format_size(c.lech_x)} mm\tY {format_size(c.lech_y)} mm\t{c.ngay}"
                for c in list_calibrations(db)]
    if not args.printer.strip():
        raise CliError("cần --printer TÊN (tên máy in như trong hộp thoại in)")
    x, y = _mm_pair(args.offset)
    bars = _mm_pair(args.bars, "độ dài hai thước", "100,99.6") if args.bars else (None, None)
    calibration = Calibration(args.printer, x, y, *bars)
    save_calibration(db, calibration)
    for warning in calibration.scale_warnings():
        print(f"Chú ý: {warning}", file=sys.stderr)
    return [f"Đã lưu độ lệch của máy in “{calibration.may_in}”: X {format_size(x)} mm, Y {format_size(y)} mm."]


def cmd_calibration_sheet(args: argparse.Namespace) -> int:
    from ..services.documents.certificates import write_calibration_sheet

    out = out_path(args.out, ".pdf")
    write_calibration_sheet(out)
    print(f"Đã in trang hiệu chỉnh máy in ra “{out}”. In ở tỉ lệ 100 % rồi đo theo hướng dẫn trên trang.")
    return 0
