"""``thidua``: the headless command line over the same services as the window.

Every subcommand takes ``--db PATH`` (default: the user's data file). Faults
of the environment or of the input end in one Vietnamese line on stderr and
a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .paths import default_db_path
from .store.db import StoreError, open_database

EXIT_ERROR = 2

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def command(name: str):
    def register(fn):
        _COMMANDS[name] = fn
        return fn
    return register


def open_db(args: argparse.Namespace, *, create: bool = True):
    path = Path(args.db) if args.db else default_db_path()
    return open_database(path, create=create)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thidua", description="ThiĐua Desktop — dòng lệnh (không cần giao diện)."
    )
    parser.add_argument("--version", action="version", version=f"thidua {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="TỆP", help="tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    p = sub.add_parser("import-staff", parents=[common], help="nhập danh sách cán bộ từ Excel")
    p.add_argument("file", help="tệp .xlsx")
    p.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu có bảng cán bộ)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.add_argument("--no-convert", action="store_true", help="không chuyển mã TCVN3/VNI sang Unicode")

    p = sub.add_parser("export-staff", parents=[common], help="xuất danh sách cán bộ ra .xlsx")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")

    sub.add_parser("campaigns", parents=[common], help="liệt kê các phong trào thi đua")

    p = sub.add_parser("demo", parents=[common], help="tạo dữ liệu mẫu")
    p.add_argument("--staff", type=int, default=120, help="số cán bộ (mặc định 120)")
    p.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
    return parser


@command("campaigns")
def cmd_campaigns(args: argparse.Namespace) -> int:
    from .store.records import list_campaigns

    db = open_db(args, create=False)
    campaigns = list_campaigns(db)
    if not campaigns:
        print("Chưa có phong trào nào.")
    for c in campaigns:
        so = c.so_ke_hoach or "—"
        print(f"{c.id}\t{so}\t{c.period_label}\t{c.ten}")
    return 0


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (StoreError, CliError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"Lỗi: không đọc/ghi được tệp “{exc.filename}”: {exc.strerror}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
