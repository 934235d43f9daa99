"""``thidua``: the headless command line over the same services as the window.

Every subcommand takes ``--db PATH`` (default: the user's data file). Faults
of the environment or of the input end in one Vietnamese line on stderr and
a non-zero exit, never a traceback. One module per capability declares its
subcommands (``add_parsers``) next to their functions; a new capability adds
a module and one line in ``MODULES``. May import domain, store, services — never ui.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys

from .. import __version__
from ..store.db import StoreError, user_message
from . import certificates, council, decisions, documents, files, khoi, lookup, registrations, reports, staff
from .certificates import join_negative_pairs
from .common import EXIT_ERROR, CliError, Commands

#: the modules declaring subcommands, in the order ``thidua --help`` lists them
MODULES = (staff, registrations, council, decisions, documents, certificates, lookup, reports, khoi, files)

__all__ = ["EXIT_ERROR", "CliError", "MODULES", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thidua", description="ThiĐua Desktop — dòng lệnh (không cần giao diện)."
    )
    parser.add_argument("--version", action="version", version=f"thidua {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="TỆP", help="tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)")
    commands = Commands(parser.add_subparsers(dest="command", required=True, metavar="LỆNH"), common)
    for module in MODULES:
        module.add_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(join_negative_pairs(list(sys.argv[1:] if argv is None else argv)))
    try:
        return args.run(args)
    except (StoreError, CliError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.Error as exc:
        message = user_message(exc)  # the environment's fault, or a bug (re-raised)
        if message is None:
            raise
        print(f"Lỗi: {message}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"Lỗi: không đọc/ghi được tệp “{exc.filename}”: {exc.strerror}", file=sys.stderr)
        return EXIT_ERROR
