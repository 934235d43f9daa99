"""``thidua settings``, ``backups``, ``restore``, ``demo``: the data file itself —
the agency's details, backups and restoring them, demo data."""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from .common import CliError, Commands, data_file, db_file, file_lock, on_data_file

#: the agency's details: field, option of ``thidua settings``, label
SETTINGS_OPTIONS = (
    ("co_quan_chu_quan", "--co-quan-chu-quan", "Cơ quan chủ quản"),
    ("co_quan", "--co-quan", "Tên cơ quan"),
    ("ky_hieu", "--ky-hieu", "Ký hiệu viết tắt"),
    ("dia_danh", "--dia-danh", "Địa danh"),
    ("chuc_danh_thu_truong", "--chuc-danh-thu-truong", "Chức danh thủ trưởng"),
    ("ten_thu_truong", "--ten-thu-truong", "Họ tên thủ trưởng"),
)


def add_parsers(commands: Commands) -> None:
    p = commands.add("settings", cmd_settings,
                     "xem hoặc sửa thông tin cơ quan (in trên tiêu đề, ngày tháng của văn bản)")
    for field, option, label in SETTINGS_OPTIONS:
        p.add_argument(option, dest=field, metavar="CHỮ", help=label.lower())

    commands.add("backups", cmd_backups, "liệt kê các bản sao lưu của tệp dữ liệu (mới nhất ở trên)")
    p = commands.add("restore", cmd_restore, "khôi phục tệp dữ liệu từ một bản sao lưu (tệp hiện tại được giữ lại)")
    p.add_argument("backup", nargs="?", help="tệp sao lưu (mặc định: bản sao lưu tốt mới nhất)")

    p = commands.add("demo", cmd_demo, "tạo dữ liệu mẫu")
    p.add_argument("--staff", type=int, default=120, help="số cán bộ (mặc định 120)")
    p.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")


def _settings_changes(args: argparse.Namespace) -> dict[str, str]:
    return {f: getattr(args, f) for f, _, _ in SETTINGS_OPTIONS if getattr(args, f) is not None}


# a change holds the file's lock, like the window
@on_data_file(write=lambda args: bool(_settings_changes(args)))
def cmd_settings(db, args: argparse.Namespace) -> list[str]:
    """Print the agency's details; change those given (NFC, cleaned, like the form)."""
    from ..store import records

    settings = records.get_settings(db)
    changes = _settings_changes(args)
    if changes:
        settings = dataclasses.replace(settings, **changes).normalised()
        records.save_settings(db, settings)
    lines = [f"{label}: {getattr(settings, field) or '—'}" for field, _, label in SETTINGS_OPTIONS]
    missing = settings.missing_for_documents()
    if missing:
        lines.append(f"Còn thiếu để in văn bản: {', '.join(missing)}.")
    return lines


def cmd_backups(args: argparse.Namespace) -> int:
    from ..services.backup import list_backups

    path = db_file(args)
    backups = list_backups(path)
    if not backups:
        print(f"Chưa có bản sao lưu nào của “{path}”.")
    for b in backups:
        print(f"{b.created:%d/%m/%Y %H:%M:%S}\t{b.kind_label}\t{b.size / 1_048_576:.1f} MB\t{b.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..services.backup import newest_good_backup, restore

    path = db_file(args)
    with file_lock(path):
        if args.backup:
            source = Path(args.backup)
        else:
            good = newest_good_backup(path)
            if good is None:
                raise CliError(f"không có bản sao lưu tốt nào của “{path}”.")
            source = good.path
        kept = restore(source, path)
    where = f" Tệp cũ được giữ tại “{kept}”." if kept else ""
    print(f"Đã khôi phục “{path}” từ “{source}”.{where}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ..services.demo import build_demo

    if args.staff < 0:
        raise CliError("số cán bộ (--staff) phải từ 0 trở lên.")
    with data_file(args, write=True, create=True) as db:
        summary = build_demo(db, staff=args.staff, seed=args.seed)
    print(f"Đã tạo dữ liệu mẫu trong “{db_file(args)}”: {summary.describe()}.")
    return 0
