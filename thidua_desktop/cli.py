"""``thidua``: the headless command line over the same services as the window.

Every subcommand takes ``--db PATH`` (default: the user's data file). Faults
of the environment or of the input end in one Vietnamese line on stderr and
a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from . import __version__
from .paths import default_db_path
from .store.db import StoreError, open_database, user_message

EXIT_ERROR = 2

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày “{text}” không đúng dạng YYYY-MM-DD") from None


def command(name: str):
    def register(fn):
        _COMMANDS[name] = fn
        return fn
    return register


def db_file(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def _held(path: Path, holder) -> CliError:
    return CliError(
        f"tệp dữ liệu “{path.name}” đang được mở bởi {holder.describe()}; lệnh này ghi vào tệp nên không chạy "
        "để khỏi ghi đè lên nhau (các lệnh chỉ đọc vẫn dùng được). Hãy đóng chương trình ở đó rồi chạy lại. "
        f"Nếu máy đó đã tắt hoặc chương trình đã thoát bất thường, hãy xóa tệp “{path.name}.lock”."
    )


def _restore_hint(path: Path, exc: StoreError) -> CliError | None:
    """A damaged, foreign or emptied data file with a good backup: name it and the command."""
    from .services.backup import newest_good_backup

    good = getattr(exc, "backup", None) or newest_good_backup(path)
    if good is None:
        return None
    return CliError(
        f"{exc} Bản sao lưu tốt mới nhất: “{good.path}” ({good.kind_label.lower()}, "
        f"{good.created:%H:%M ngày %d/%m/%Y}). Để khôi phục: thidua restore --db \"{path}\" "
        "(tệp hiện tại được giữ lại trong thư mục sao lưu)."
    )


def _check_not_emptied(path: Path) -> None:
    from .services.backup import EmptiedFileError, check_not_emptied

    try:
        check_not_emptied(path)
    except EmptiedFileError as exc:
        raise _restore_hint(path, exc) from exc


def _open(path: Path, *, write: bool, create: bool):
    from .services.backup import check_not_emptied, make_pre_migration_backup
    from .store.db import CorruptFileError, ForeignFileError, NeedsUpgradeError, is_readonly

    try:
        check_not_emptied(path)
        if not write:
            try:
                return open_database(path, create=False, readonly=True)
            except NeedsUpgradeError:
                # An older file: upgrade it first, as the window does (a
                # pre-migration backup), if nobody has it open and it can be written.
                with _file_lock(path):
                    db = open_database(path, create=False, before_migrate=make_pre_migration_backup,
                                       register_user=False)
                    upgraded = not is_readonly(db)
                    db.close()
                if upgraded:
                    print(f"(Đã nâng cấp tệp “{path.name}” lên phiên bản mới; bản sao trước khi nâng cấp "
                          "nằm trong thư mục sao lưu.)", file=sys.stderr)
                return open_database(path, create=False, readonly=True)
        db = open_database(path, create=create, before_migrate=make_pre_migration_backup, register_user=False)
    except (CorruptFileError, ForeignFileError) as exc:
        hint = _restore_hint(path, exc)
        if hint is None:
            raise
        raise hint from exc
    if is_readonly(db):
        db.close()
        raise CliError(f"tệp dữ liệu “{path.name}” chỉ cho đọc (tệp hoặc thư mục chứa tệp không cho ghi), "
                       "nên lệnh này không ghi được; các lệnh chỉ đọc vẫn dùng được.")
    return db


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold the data file's lock (as the window does) while writing; refuse
    while the window or another command holds it."""
    from .store.lockfile import COMMAND_LINE, FileLock

    lock = FileLock(path, COMMAND_LINE)
    holder = lock.acquire()
    if holder is not None:
        raise _held(path, holder)
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def data_file(args: argparse.Namespace, *, write: bool, create: bool = False) -> Iterator:
    """The data file named by ``--db``, closed afterwards.

    Reading commands open it read-only (they work while the window has the
    file open, and on a read-only file). Writing commands hold the file's
    lock, refuse while the window holds it, take the same pre-migration backup
    as the window, and write under this user in the audit log (the user
    recorded before is put back afterwards)."""
    from .store import audit

    path = db_file(args)
    if not write:
        db = _open(path, write=False, create=False)
        try:
            yield db
        finally:
            db.close()
        return
    with _file_lock(path):
        db = _open(path, write=True, create=create)
        previous = audit.register(db)
        try:
            yield db
        finally:
            try:
                if previous is not None:
                    audit.register(db, previous)
            except StoreError:
                pass
            db.close()


def existing_db(args: argparse.Namespace, *, write: bool = False):
    """The data file named by ``--db`` (it must exist), closed afterwards."""
    return data_file(args, write=write)


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
    p.add_argument("--keep-unit-names", action="store_true",
                   help="giữ nguyên tên đơn vị viết hoa toàn bộ (mặc định: VĂN PHÒNG → Văn phòng)")

    for name, help_text in (("import-history", "nhập lịch sử khen thưởng từ Excel"),
                            ("import-evaluations", "nhập kết quả xếp loại (và kỷ luật) từ Excel")):
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("file", help="tệp .xlsx")
        p.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu có bảng)")
        p.add_argument("--year", type=int, help="năm cho các dòng không ghi năm (cả trang)")
        p.add_argument("--map", action="append", default=[], metavar="“GIÁ TRỊ=MÃ”",
                       help="đọc một giá trị chưa nhận ra trong tệp là mã này, ở mọi dòng có giá trị đó "
                            "(ví dụ --map \"HTXS NV=HTXSNV\"); lặp lại được")
        p.add_argument("--remember-map", action="store_true",
                       help="ghi nhớ các --map vào từ điển của người dùng cho các lần nhập sau")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")

    p = sub.add_parser("export-staff", parents=[common], help="xuất danh sách cán bộ ra .xlsx")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")

    sub.add_parser("campaigns", parents=[common], help="liệt kê các phong trào thi đua")

    p = sub.add_parser("settings", parents=[common],
                       help="xem hoặc sửa thông tin cơ quan (in trên tiêu đề, ngày tháng của văn bản)")
    for field, option, label in SETTINGS_OPTIONS:
        p.add_argument(option, dest=field, metavar="CHỮ", help=label.lower())

    p = sub.add_parser("export-registrations", parents=[common],
                       help="xuất bảng tổng hợp đăng ký thi đua (gửi Sở Nội vụ) ra .xlsx")
    p.add_argument("--campaign", type=int, required=True, help="mã phong trào (xem lệnh campaigns)")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")

    p = sub.add_parser("export-unit-templates", parents=[common],
                       help="xuất phiếu đăng ký thi đua cho từng đơn vị (.xlsx) vào một thư mục")
    p.add_argument("--campaign", type=int, required=True, help="mã phong trào (xem lệnh campaigns)")
    p.add_argument("out_dir", help="thư mục sẽ ghi")

    p = sub.add_parser("import-registrations", parents=[common],
                       help="nhập các phiếu đăng ký đơn vị gửi lại (mỗi tệp: tất cả hoặc không gì)")
    p.add_argument("--campaign", type=int, required=True, help="mã phong trào (xem lệnh campaigns)")
    p.add_argument("files", nargs="+", help="các tệp .xlsx")
    p.add_argument("--conflicts", choices=("keep", "take"),
                   help="đăng ký (còn ở bước Đăng ký) có trong dữ liệu mà phiếu để trống: keep = giữ, "
                        "take = bỏ theo phiếu; đăng ký đã qua bình xét luôn được giữ")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")

    p = sub.add_parser("check-registrations", parents=[common],
                       help="kiểm tra điều kiện của các đăng ký trong một phong trào")
    p.add_argument("--campaign", type=int, required=True, help="mã phong trào (xem lệnh campaigns)")
    p.add_argument("--json", action="store_true",
                   help="in mọi đăng ký dạng JSON (verdict: du / can_kiem_tra / khong_du, reasons)")

    sub.add_parser("meetings", parents=[common], help="liệt kê các cuộc họp Hội đồng (thành viên, có mặt, túc số)")
    p = sub.add_parser("results", parents=[common], help="kết quả bình xét của một cuộc họp, theo từng vòng")
    p.add_argument("--meeting", type=int, required=True, help="mã cuộc họp (xem lệnh meetings)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    for name, help_text in (("ballots", "in phiếu bầu (PDF) cho các thành viên bỏ phiếu"),
                            ("minutes", "in biên bản kiểm phiếu và biên bản họp Hội đồng (PDF)")):
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("--meeting", type=int, required=True, help="mã cuộc họp (xem lệnh meetings)")
        p.add_argument("out", help="tệp .pdf sẽ ghi")
    p = sub.add_parser("tally", parents=[common], help="nhập kết quả kiểm phiếu từ tệp CSV (kiểm tra như trên màn hình)")
    p.add_argument("--meeting", type=int, required=True, help="mã cuộc họp (xem lệnh meetings)")
    p.add_argument("csv", help="tệp CSV: ma, vong, phat_ra, thu_vao, hop_le, khong_hop_le, dang_ky hoặc ho_ten, dong_y")
    p.add_argument("--reopen", action="store_true",
                   help="mở lại cuộc họp đã ghi kết quả để nhập lại số phiếu (ghi vào nhật ký; không được khi "
                        "kết quả đã dùng cho quyết định khen thưởng)")
    p = sub.add_parser("export-proposals", parents=[common], help="xuất danh sách đề nghị khen thưởng ra .xlsx")
    p.add_argument("--campaign", type=int, required=True, help="mã phong trào (xem lệnh campaigns)")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")

    p = sub.add_parser("decisions", parents=[common], help="liệt kê các quyết định khen thưởng và mã số")
    p.add_argument("--json", action="store_true", help="in dạng JSON, kèm người được khen, tiền thưởng, số sổ vàng")
    p = sub.add_parser("decide", parents=[common],
                       help="lập quyết định của cơ quan từ những người được Hội đồng xét đạt trong một cuộc họp")
    p.add_argument("--meeting", type=int, required=True, help="mã cuộc họp (xem lệnh meetings)")
    p.add_argument("--title", required=True, help="mã danh hiệu, hình thức (ví dụ CSTDCS)")
    p.add_argument("--number", required=True, help="số quyết định, ví dụ 12/QĐ-BDT")
    p.add_argument("--date", required=True, type=_iso_date, help="ngày ký, YYYY-MM-DD")
    p.add_argument("--signer", default="", help="người ký (mặc định: thủ trưởng trong Thông tin cơ quan)")

    p = sub.add_parser("proposals", parents=[common], help="liệt kê các đề nghị khen thưởng gửi cấp trên")
    p.add_argument("--json", action="store_true", help="in dạng JSON, kèm người được đề nghị và kết quả")
    p = sub.add_parser("propose", parents=[common],
                       help="lập đề nghị cấp trên từ những người được Hội đồng xét đạt (danh hiệu do cấp trên quyết định)")
    p.add_argument("--meeting", type=int, required=True, help="mã cuộc họp (xem lệnh meetings)")
    p.add_argument("--title", required=True, help="mã danh hiệu, hình thức (ví dụ BK_TINH)")
    p = sub.add_parser("submit-proposal", parents=[common], help="ghi số, ngày tờ trình đã gửi cấp trên")
    p.add_argument("--proposal", type=int, required=True, help="mã đề nghị (xem lệnh proposals)")
    p.add_argument("--number", required=True, help="số tờ trình, ví dụ 15/TTr-BDT")
    p.add_argument("--date", required=True, type=_iso_date, help="ngày tờ trình, YYYY-MM-DD")
    p = sub.add_parser("record-decision", parents=[common],
                       help="ghi quyết định của cấp trên cho một đề nghị (ví dụ 2715/QĐ-UBND)")
    p.add_argument("--proposal", type=int, required=True, help="mã đề nghị (xem lệnh proposals)")
    p.add_argument("--number", required=True, help="số quyết định của cấp trên")
    p.add_argument("--date", required=True, type=_iso_date, help="ngày ký, YYYY-MM-DD")
    p.add_argument("--issuer", default="", help="cấp ban hành (mặc định theo danh hiệu, ví dụ Chủ tịch UBND tỉnh)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--all", action="store_true", help="cấp trên khen tất cả những người được đề nghị")
    who.add_argument("--list", metavar="XLSX", help="danh sách kèm quyết định của cấp trên (.xlsx, cột Họ và tên)")
    who.add_argument("--registrations", help="mã các đăng ký được khen, cách nhau bằng dấu phẩy")
    p = sub.add_parser("export-awards", parents=[common], help="xuất sổ khen thưởng (sổ vàng) của một năm ra .xlsx")
    p.add_argument("--year", type=int, required=True, help="năm (đến --to-year nếu có)")
    p.add_argument("--to-year", type=int, help="năm cuối của khoảng")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")
    p = sub.add_parser("edit-decision", parents=[common],
                       help="sửa số, ngày, người ký, người được khen của một quyết định chưa in; quyết định đã in "
                            "thì hủy và ban hành quyết định thay thế (cần --reissue và số mới)")
    p.add_argument("--decision", type=int, required=True, help="mã quyết định (xem lệnh decisions)")
    p.add_argument("--so", help="số quyết định mới, ví dụ 151/QĐ-BDT")
    p.add_argument("--ngay", help="ngày ký mới, ví dụ 22/12/2026")
    p.add_argument("--nguoi-ky", help="họ tên người ký")
    p.add_argument("--chuc-danh-ky", help="chức danh người ký")
    p.add_argument("--remove-staff", type=int, nargs="*", default=[], metavar="MÃ",
                   help="mã cán bộ bỏ khỏi quyết định")
    p.add_argument("--add-staff", type=int, nargs="*", default=[], metavar="MÃ", help="mã cán bộ thêm vào quyết định")
    p.add_argument("--remove-unit", type=int, nargs="*", default=[], metavar="MÃ",
                   help="mã đơn vị (tập thể) bỏ khỏi quyết định")
    p.add_argument("--add-unit", type=int, nargs="*", default=[], metavar="MÃ",
                   help="mã đơn vị (tập thể) thêm vào quyết định")
    p.add_argument("--reissue", action="store_true",
                   help="quyết định đã in: hủy nó (giữ nhật ký in) và ghi quyết định thay thế")
    p = sub.add_parser("delete-decision", parents=[common], help="xóa một quyết định chưa in giấy khen nào")
    p.add_argument("--decision", type=int, required=True, help="mã quyết định (xem lệnh decisions)")
    p = sub.add_parser("export-decision", parents=[common],
                       help="xuất danh sách kèm theo một quyết định ra .xlsx, hoặc phụ lục PDF khi tệp có đuôi .pdf")
    p.add_argument("--decision", type=int, required=True, help="mã quyết định (xem lệnh decisions)")
    p.add_argument("out", help="tệp .xlsx (bảng tính) hoặc .pdf (phụ lục kèm theo quyết định) sẽ ghi")

    p = sub.add_parser("certificates", parents=[common], help="in giấy khen, bằng khen của một quyết định ra PDF")
    p.add_argument("--decision", type=int, required=True, help="mã quyết định (xem lệnh decisions)")
    p.add_argument("--mode", choices=("full", "phoi"), default="full",
                   help="full = in đủ trên giấy trắng; phoi = chỉ in chữ lên phôi in sẵn")
    p.add_argument("--printer", default="", metavar="TÊN",
                   help="tên máy in: ghi vào nhật ký in; khi in phôi dùng độ lệch đã lưu của máy in này")
    p.add_argument("--printer-offset", default=None, metavar="X,Y",
                   help="độ lệch của máy in (mm), đo bằng trang hiệu chỉnh, ví dụ 1.5,-0.8 hoặc -1.5,0.8 "
                        "(thay cho độ lệch đã lưu)")
    p.add_argument("--force", action="store_true", help="vẫn in khi có chữ không vừa ô")
    p.add_argument("out", help="tệp .pdf sẽ ghi")
    p = sub.add_parser("calibrate", parents=[common],
                       help="lưu độ lệch đo được của một máy in (không có --offset: liệt kê các máy in đã lưu)")
    p.add_argument("--printer", default="", metavar="TÊN", help="tên máy in")
    p.add_argument("--offset", default=None, metavar="X,Y", help="độ lệch (mm), ví dụ 1.5,-0.8")
    p.add_argument("--bars", default=None, metavar="NGANG,DOC",
                   help="độ dài đo được của hai thước 100 mm, ví dụ 100,99.6 (kiểm tra tỉ lệ in)")
    p = sub.add_parser("calibration-sheet", help="in trang hiệu chỉnh máy in (thước mm, dấu chữ thập) ra PDF")
    p.add_argument("out", help="tệp .pdf sẽ ghi")

    sub.add_parser("backups", parents=[common], help="liệt kê các bản sao lưu của tệp dữ liệu (mới nhất ở trên)")
    p = sub.add_parser("restore", parents=[common],
                       help="khôi phục tệp dữ liệu từ một bản sao lưu (tệp hiện tại được giữ lại)")
    p.add_argument("backup", nargs="?", help="tệp sao lưu (mặc định: bản sao lưu tốt mới nhất)")

    p = sub.add_parser("demo", parents=[common], help="tạo dữ liệu mẫu")
    p.add_argument("--staff", type=int, default=120, help="số cán bộ (mặc định 120)")
    p.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
    return parser


#: the agency's details: field, option of ``thidua settings``, label
SETTINGS_OPTIONS = (
    ("co_quan_chu_quan", "--co-quan-chu-quan", "Cơ quan chủ quản"),
    ("co_quan", "--co-quan", "Tên cơ quan"),
    ("ky_hieu", "--ky-hieu", "Ký hiệu viết tắt"),
    ("dia_danh", "--dia-danh", "Địa danh"),
    ("chuc_danh_thu_truong", "--chuc-danh-thu-truong", "Chức danh thủ trưởng"),
    ("ten_thu_truong", "--ten-thu-truong", "Họ tên thủ trưởng"),
)


@command("settings")
def cmd_settings(args: argparse.Namespace) -> int:
    """Print the agency's details; change those given (NFC, cleaned, like the form)."""
    import dataclasses

    from .store import records

    changes = {f: getattr(args, f) for f, _, _ in SETTINGS_OPTIONS if getattr(args, f) is not None}
    with existing_db(args, write=bool(changes)) as db:  # a change holds the file's lock, like the window
        settings = records.get_settings(db)
        if changes:
            settings = dataclasses.replace(settings, **changes).normalised()
            records.save_settings(db, settings)
    for field, _, label in SETTINGS_OPTIONS:
        print(f"{label}: {getattr(settings, field) or '—'}")
    missing = settings.missing_for_documents()
    if missing:
        print(f"Còn thiếu để in văn bản: {', '.join(missing)}.")
    return 0


@command("campaigns")
def cmd_campaigns(args: argparse.Namespace) -> int:
    from .store.records import list_campaigns

    with existing_db(args) as db:
        campaigns = list_campaigns(db)
    if not campaigns:
        print("Chưa có phong trào nào.")
    for c in campaigns:
        so = c.so_ke_hoach or "—"
        print(f"{c.id}\t{so}\t{c.period_label}\t{c.ten}")
    return 0


@command("backups")
def cmd_backups(args: argparse.Namespace) -> int:
    from .services.backup import list_backups

    path = db_file(args)
    backups = list_backups(path)
    if not backups:
        print(f"Chưa có bản sao lưu nào của “{path}”.")
    for b in backups:
        print(f"{b.created:%d/%m/%Y %H:%M:%S}\t{b.kind_label}\t{b.size / 1_048_576:.1f} MB\t{b.path}")
    return 0


@command("restore")
def cmd_restore(args: argparse.Namespace) -> int:
    from .services.backup import newest_good_backup, restore

    path = db_file(args)
    with _file_lock(path):
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


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    from .services.demo import build_demo

    if args.staff < 0:
        raise CliError("số cán bộ (--staff) phải từ 0 trở lên.")
    path = db_file(args)
    with data_file(args, write=True, create=True) as db:
        summary = build_demo(db, staff=args.staff, seed=args.seed)
    print(f"Đã tạo dữ liệu mẫu trong “{path}”: {summary.describe()}.")
    return 0


@command("import-staff")
def cmd_import_staff(args: argparse.Namespace) -> int:
    """Import a roster; print what was (or, with --dry-run, would be) done."""
    roster = Path(args.file)
    path = db_file(args)
    exists = path.exists() and path.stat().st_size > 0
    with contextlib.ExitStack() as stack:
        if exists:
            db = stack.enter_context(data_file(args, write=not args.dry_run))
        else:
            # Nothing is written before the plan is known to be good, not even a
            # new data file: plan against an empty database in memory.
            _check_not_emptied(path)
            db = open_database(Path(":memory:"))
            stack.callback(db.close)
            print(f"(Tệp dữ liệu “{path}” chưa có: so với dữ liệu trống.)")
        return _import_staff(args, stack, db, roster, path, exists)


def _import_staff(args, stack: contextlib.ExitStack, db, roster: Path, db_path: Path, exists: bool) -> int:
    from .services.imports import roster as ri

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
    from .services.imports.roster import RowStatus

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
            print(f"  Dòng trống: {_ranges(blanks)}")
    updates = [r for r in plan.rows if r.status is RowStatus.UPDATE]
    if updates:
        print("Cập nhật:")
        for r in updates:
            who = r.staff.ho_ten if getattr(r, "staff", None) else getattr(r, "name", "")
            print(f"  Dòng {r.excel_row}: {who} — {'; '.join(r.changes)}")


def _ranges(numbers: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"3–5, 9"``."""
    out = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


@command("import-history")
def cmd_import_history(args: argparse.Namespace) -> int:
    """Import award history; print what was (or, with --dry-run, would be) done."""
    from .services.imports import history as hi

    return _import_records(args, hi.plan_history_import, hi.apply_history_import,
                           hi.describe_history_counts)


@command("import-evaluations")
def cmd_import_evaluations(args: argparse.Namespace) -> int:
    """Import yearly xếp loại (and kỷ luật); print what was or would be done."""
    from .services.imports import xep_loai as ei

    return _import_records(args, ei.plan_evaluation_import, ei.apply_evaluation_import,
                           ei.describe_evaluation_counts)


def _import_records(args: argparse.Namespace, plan_fn, apply_fn, describe) -> int:
    """History and xếp loại imports: they match people already in the data
    file, so the file must exist. Any error or unmatched row: nothing written."""
    from .services.imports.sheet import RowStatus

    source = Path(args.file)
    path = db_file(args)
    if not (path.exists() and path.stat().st_size > 0):
        _check_not_emptied(path)
        raise CliError(f"tệp dữ liệu “{path}” chưa có; hãy nhập danh sách cán bộ trước (import-staff).")
    with existing_db(args, write=not args.dry_run) as db:
        from .services.imports.vocab import vocabulary_for
        from .services.imports.records import VALUE_FIELDS, parse_value_map

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
            print(f"Chưa nhận ra {VALUE_FIELDS[value.field].lower()} “{value.text}” (dòng {_ranges(list(value.rows))}): "
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
    from .services.imports.vocab import remember_phrases
    from .services.imports.records import VALUE_SECTIONS, value_key

    texts = {value_key(item.partition("=")[0]): item.partition("=")[0].strip() for item in items}
    path = remember_phrases((VALUE_SECTIONS[fld], code, texts[key]) for (fld, key), code in value_map.items())
    print(f"Đã ghi nhớ {len(texts)} cách đọc vào “{path}”.")


@command("export-staff")
def cmd_export_staff(args: argparse.Namespace) -> int:
    from .services.documents.staff_xlsx import export_staff

    out = _xlsx_out(args.out)
    with existing_db(args) as db:
        count = export_staff(db, out)
    print(f"Đã xuất {count} cán bộ ra “{out}”.")
    return 0


def _campaign(db, campaign_id: int):
    import sqlite_utils

    from .store import records

    try:
        return records.get_campaign(db, campaign_id)
    except sqlite_utils.db.NotFoundError:
        raise CliError(f"không có phong trào mã {campaign_id} (xem: thidua campaigns --db …)") from None


@command("export-registrations")
def cmd_export_registrations(args: argparse.Namespace) -> int:
    from .services.documents.registration_xlsx import export_registration_summary

    out = _xlsx_out(args.out)
    with existing_db(args) as db:
        campaign = _campaign(db, args.campaign)
        count = export_registration_summary(db, campaign.id, out)
    print(f"Đã xuất bảng tổng hợp đăng ký của “{campaign.ten}” ({count} cá nhân, tập thể) ra “{out}”.")
    return 0


@command("export-unit-templates")
def cmd_export_unit_templates(args: argparse.Namespace) -> int:
    from .services.imports.unit_workbooks import export_unit_templates

    with existing_db(args) as db:
        campaign = _campaign(db, args.campaign)
        paths = export_unit_templates(db, campaign.id, Path(args.out_dir))
    where = paths[0].parent if paths else Path(args.out_dir)
    print(f"Đã xuất {len(paths)} phiếu đăng ký của “{campaign.ten}” vào “{where}”.")
    if where != Path(args.out_dir):
        print(f"(Thư mục “{args.out_dir}” đã có phiếu của lần xuất trước — có thể đơn vị đã điền và gửi lại — "
              "nên không ghi đè: các phiếu mới ở thư mục con trên.)")
    for path in paths:
        print(f"  {path.name}")
    return 0


@command("import-registrations")
def cmd_import_registrations(args: argparse.Namespace) -> int:
    from .services.imports import unit_workbooks as ut

    failed = 0
    with data_file(args, write=not args.dry_run) as db:
        campaign = _campaign(db, args.campaign)
        for name in args.files:
            try:
                plan = ut.plan_template_import(db, campaign.id, Path(name))
            except StoreError as exc:
                print(f"{name}: Lỗi: {exc}")
                failed += 1
                continue
            counts = plan.counts()
            print(f"{name} (đơn vị {plan.unit_name}): {counts[ut.RowStatus.NEW]} dòng có đăng ký mới, {counts[ut.RowStatus.UNCHANGED]} không đổi, "
                  f"{counts[ut.RowStatus.CONFLICT]} khác với dữ liệu, {len(plan.locked)} đã bình xét (giữ nguyên), "
                  f"{counts[ut.RowStatus.ERROR]} lỗi.")
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


@command("check-registrations")
def cmd_check_registrations(args: argparse.Namespace) -> int:
    from collections import Counter

    from .services.eligibility import check_registrations
    from .store import registrations

    with existing_db(args) as db:
        campaign = _campaign(db, args.campaign)
        checks = check_registrations(db, campaign.id)
        rows = {r["id"]: r for r in registrations.registration_rows(db, campaign.id)}
    if args.json:
        verdict = {"ok": "du", "warning": "can_kiem_tra", "blocked": "khong_du"}
        out = [{"id": rid, "ten": rows[rid]["ten"], "staff_id": rows[rid]["staff_id"],
                "unit_id": rows[rid]["unit_id"], "don_vi": rows[rid]["don_vi"], "nam": rows[rid]["nam"],
                "title": rows[rid]["ma"], "trang_thai": rows[rid]["trang_thai"], "verdict": verdict[c.status],
                "kept": c.kept, "reasons": list(c.reasons)} for rid, c in checks.items()]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    counts = Counter("kept" if c.kept else c.status for c in checks.values())
    print(f"{campaign.ten}: {len(checks)} đăng ký — đủ điều kiện {counts['ok']}, cần kiểm tra {counts['warning']}, "
          f"không đủ {counts['blocked']}, giữ lại {counts['kept']}.")
    for rid, check in checks.items():
        if check.status == "blocked":
            row = rows[rid]
            print(f"  [{rid}] {row['ten']} — {row['ma']}: {check.text}")
    return 0


@command("meetings")
def cmd_meetings(args: argparse.Namespace) -> int:
    from .services.council.service import meeting_state
    from .store import council

    with existing_db(args) as db:
        meetings = council.list_meetings(db)
        if not meetings:
            print("Chưa có cuộc họp Hội đồng nào.")
        for m in meetings:
            state = meeting_state(db, m.id)
            q = state.quorum
            print(f"{m.id}\t{m.ngay:%d/%m/%Y}\tnăm {m.nam}\t{q.total} thành viên, có mặt {q.present}, "
                  f"ý kiến bằng văn bản {q.written}, túc số {'đủ' if q.met else 'KHÔNG đủ'} (cần {q.needed})\t"
                  f"{state.council.decision_text}" + ("\tđã ghi kết quả (mở lại: tally --reopen)" if state.closed else ""))
    return 0


@command("results")
def cmd_results(args: argparse.Namespace) -> int:
    from .domain.council import OUTCOMES
    from .services.council.service import meeting_state

    with existing_db(args) as db:
        state = meeting_state(db, args.meeting)
    total = state.quorum.total
    rows = []
    for t in state.titles:
        names = {r["id"]: r for r in t.candidates}
        for rnd in t.rounds:
            for c in rnd.candidates:
                r = names[c.key]
                chair = t.decision[1] if rnd is t.chair_round else ""
                rows.append({
                    "round": rnd.number, "registration_id": r["registration_id"], "name": r["ten"], "title": t.code,
                    "votes": c.votes, "base": total, "percent": c.pct, "threshold_pct": str(t.rule.pct) if t.rule.pct is not None else None,
                    "vote_rule": t.rule.requirement,
                    "reached": c.reached, "passed": c.outcome == "dat", "outcome": c.outcome, "rank": c.rank,
                    "tie": ("chair: " + chair) if chair else ("new round" if c.outcome == "bang_phieu" else ""),
                    "note": c.note,
                })
    if args.json:
        print(json.dumps({"meeting": args.meeting, "quorum_met": state.quorum.met, "problems": state.problems(),
                          "results": rows}, ensure_ascii=False, indent=2))
        return 0
    print(state.quorum.text)
    for row in rows:
        print(f"{row['title']}\tvòng {row['round']}\t{row['name']}\t{row['votes']}/{row['base']}\t{row['percent']}\t"
              f"{OUTCOMES[row['outcome']]}\t{row['note']}")
    for problem in state.problems():
        print(f"Chưa xong: {problem}")
    return 0


def _out(path: str, suffix: str) -> Path:
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise CliError(f"tệp xuất phải có đuôi {suffix}: “{out}”")
    return out


def _pdf_out(path: str) -> Path:
    return _out(path, ".pdf")


@command("ballots")
def cmd_ballots(args: argparse.Namespace) -> int:
    from .services.documents.council_pdf import write_ballots
    from .services.council.service import meeting_view

    out = _pdf_out(args.out)
    with existing_db(args) as db:
        view = meeting_view(db, args.meeting)
    if not any(t.candidates for t in view.titles):
        raise CliError("cuộc họp chưa có danh sách người được bầu")
    pages = write_ballots(view, out)
    print(f"Đã in phiếu bầu ({pages} trang, {view.present + view.written} phiếu mỗi danh hiệu) ra “{out}”.")
    return 0


@command("minutes")
def cmd_minutes(args: argparse.Namespace) -> int:
    from .services.documents.council_pdf import write_count_minutes, write_meeting_minutes
    from .services.council.service import meeting_view

    out = _pdf_out(args.out)
    with existing_db(args) as db:
        view = meeting_view(db, args.meeting)
    count_path = out.with_name(f"{out.stem}-kiem-phieu.pdf")
    pages = write_count_minutes(view, count_path) + write_meeting_minutes(view, out)
    print(f"Đã in biên bản họp Hội đồng ra “{out}” và biên bản kiểm phiếu ra “{count_path}” ({pages} trang).")
    return 0


@command("tally")
def cmd_tally(args: argparse.Namespace) -> int:
    from .services.council.service import import_tally_csv, reopen_meeting
    from .store import council

    with existing_db(args, write=True) as db:
        council.get_meeting(db, args.meeting)
        closed = council.meeting_closed(db, args.meeting)
        if closed and not args.reopen:
            raise CliError(f"cuộc họp {args.meeting} đã ghi kết quả bình xét vào đăng ký; số phiếu không sửa được. "
                           "Muốn sửa, thêm --reopen để mở lại cuộc họp (việc mở lại được ghi vào nhật ký). "
                           "Chưa ghi gì.")
        with db.atomic():  # reopened and counted, or neither
            if closed:
                reopen_meeting(db, args.meeting)
            written = import_tally_csv(db, args.meeting, args.csv)
    if closed:
        print(f"Đã mở lại cuộc họp {args.meeting} (ghi vào nhật ký thay đổi).")
    print("Đã ghi kết quả kiểm phiếu: " + ", ".join(f"{code} vòng {n}" for code, n in written) + ".")
    if closed:
        print("Kết quả trong đăng ký vẫn là kết quả cũ: hãy “Ghi kết quả” lại trên màn hình Kết quả bình xét.")
    return 0


@command("export-proposals")
def cmd_export_proposals(args: argparse.Namespace) -> int:
    from .services.documents.council_xlsx import export_proposals

    out = _xlsx_out(args.out)
    with existing_db(args) as db:
        campaign = _campaign(db, args.campaign)
        count = export_proposals(db, campaign.id, out)
    print(f"Đã xuất danh sách đề nghị khen thưởng của “{campaign.ten}” ({count} dòng) ra “{out}”.")
    return 0


@command("decisions")
def cmd_decisions(args: argparse.Namespace) -> int:
    from .domain.votes import format_money
    from .store.decisions import list_decisions

    with existing_db(args) as db:
        rows = list_decisions(db)
        if args.json:
            from .store.decisions import awardee_rows

            out = [{"id": r["id"], "so": r["so"], "ngay": r["ngay"], "nam": r["nam"], "title": r["ma"],
                    "total": r["tong_tien"],
                    "awardees": [{"id": a["id"], "ten": a["ten"], "staff_id": a["staff_id"], "unit_id": a["unit_id"],
                                  "so_so_vang": a["so_so_vang"], "tien_thuong": a["tien_thuong"],
                                  "huy": bool(a["huy"])} for a in awardee_rows(db, r["id"])]}
                   for r in rows]
            print(json.dumps(out, ensure_ascii=False, indent=1))
            return 0
    if not rows:
        print("Chưa có quyết định khen thưởng nào.")
    for r in rows:
        money = format_money(r["tong_tien"])
        print(f"{r['id']}\t{r['so']}\t{r['ngay']}\t{r['ma']}\tnăm {r['nam']}\t{r['so_nguoi']} người\t{money} đồng")
    return 0


@command("decide")
def cmd_decide(args: argparse.Namespace) -> int:
    from .services.decisions.service import (
        agency_title,
        create_decision,
        meeting_passed_registrations,
    )
    from .store import council
    from .store.decisions import get_decision

    with existing_db(args, write=True) as db:
        meeting = council.get_meeting(db, args.meeting)
        agency_title(db, meeting.nam, args.title)
        regs = meeting_passed_registrations(db, args.meeting, args.title)
        if not regs:
            raise CliError(f"Cuộc họp {args.meeting} không có ai được xét đạt {args.title} mà chưa có quyết định")
        did = create_decision(db, so=args.number, ngay=args.date, nam=meeting.nam, ma=args.title,
                              registration_ids=regs, nguoi_ky=args.signer, meeting_id=args.meeting)
        d = get_decision(db, did)
    print(f"Đã lập quyết định {d.so} (mã {did}): {len(d.awardees)} người, tập thể.")
    return 0


@command("proposals")
def cmd_proposals(args: argparse.Namespace) -> int:
    from .services.decisions import proposals as ps
    from .store import proposals

    with existing_db(args) as db:
        rows = proposals.list_proposals(db)
        if args.json:
            out = [{"id": p["id"], "nam": p["nam"], "title": p["ma"], "meeting_id": p["meeting_id"],
                    "state": ps.state(p), "so_to_trinh": p["so_to_trinh"] or None, "ngay_trinh": p["ngay_trinh"],
                    "decision": p["so_quyet_dinh"], "issuer": p["co_quan_ban_hanh"],
                    "items": [{"registration_id": i["registration_id"], "ten": i["ten"], "ket_qua": i["ket_qua"]}
                              for i in proposals.proposal_items(db, p["id"])]} for p in rows]
            print(json.dumps(out, ensure_ascii=False, indent=1))
            return 0
    if not rows:
        print("Chưa có đề nghị khen thưởng nào gửi cấp trên.")
    for p in rows:
        sent = f"tờ trình {p['so_to_trinh']}" if p["so_to_trinh"] else "chưa trình"
        answer = f"; quyết định {p['so_quyet_dinh']}: {p['so_duoc_khen']} được khen" if p["so_quyet_dinh"] else ""
        print(f"{p['id']}	{p['ma']}	năm {p['nam']}	{p['so_de_nghi']} đề nghị	{sent}{answer}")
    return 0


@command("propose")
def cmd_propose(args: argparse.Namespace) -> int:
    from .services.decisions.proposals import create_proposal
    from .store import council

    with existing_db(args, write=True) as db:
        meeting = council.get_meeting(db, args.meeting)
        pid = create_proposal(db, nam=meeting.nam, ma=args.title, meeting_id=args.meeting)
    print(f"Đã lập đề nghị mã {pid}. Ghi tờ trình: thidua submit-proposal --proposal {pid} --number … --date …")
    return 0


@command("submit-proposal")
def cmd_submit_proposal(args: argparse.Namespace) -> int:
    from .services.decisions.proposals import submit_proposal

    with existing_db(args, write=True) as db:
        submit_proposal(db, args.proposal, so_to_trinh=args.number, ngay=args.date)
    print(f"Đã ghi tờ trình {args.number} cho đề nghị {args.proposal}.")
    return 0


@command("record-decision")
def cmd_record_decision(args: argparse.Namespace) -> int:
    from .services.decisions import proposals as ps
    from .store import proposals

    with existing_db(args, write=True) as db:
        items = proposals.proposal_items(db, args.proposal)
        if args.all:
            awarded = [i["registration_id"] for i in items]
        elif args.list:
            match = ps.read_awarded_names(db, args.proposal, args.list)
            if match.errors:
                raise CliError("danh sách của cấp trên chưa khớp đề nghị, chưa ghi gì:\n  " + "\n  ".join(match.errors))
            awarded = list(match.awarded)
        else:
            try:
                awarded = [int(x) for x in args.registrations.split(",") if x.strip()]
            except ValueError:
                raise CliError(f"--registrations phải là các mã số cách nhau bằng dấu phẩy: “{args.registrations}”")
        did = ps.record_higher_decision(db, args.proposal, so=args.number, ngay=args.date, issuer=args.issuer,
                                        awarded=awarded)
    refused = len(items) - len(awarded)
    print(f"Đã ghi quyết định {args.number} (mã {did}): {len(awarded)} được khen"
          + (f", {refused} không được khen" if refused else "") + ".")
    return 0


def _xlsx_out(path: str) -> Path:
    return _out(path, ".xlsx")


@command("edit-decision")
def cmd_edit_decision(args: argparse.Namespace) -> int:
    from .domain.dates import parse_full_date
    from .domain.vntext import clean
    from .services.decisions.service import correct_decision
    from .store import decisions as store

    with existing_db(args, write=True) as db:
        d = store.get_decision(db, args.decision)
        ngay = d.ngay
        if args.ngay:
            try:
                ngay = parse_full_date(args.ngay)
            except ValueError:
                ngay = None
            if ngay is None:
                raise CliError(f"ngày ký phải có dạng ngày/tháng/năm, ví dụ 22/12/2026: “{args.ngay}”")
        printed = store.print_count(db, d.id)
        if printed and not args.reissue:
            raise CliError(f"Quyết định số {d.so} đã in giấy khen ({printed} lần): thêm --reissue và --so SỐ_MỚI "
                           "để hủy nó và ban hành quyết định thay thế.")
        by_staff = {a.staff_id: a.id for a in d.awardees if a.staff_id is not None and not a.huy}
        by_unit = {a.unit_id: a.id for a in d.awardees if a.unit_id is not None and not a.huy}
        for what, wanted, present in (("cán bộ", args.remove_staff, by_staff), ("đơn vị", args.remove_unit, by_unit)):
            missing = [i for i in wanted if i not in present]
            if missing:
                raise CliError(f"{what} mã {', '.join(map(str, missing))} không có trong Quyết định số {d.so}")
        new_id = correct_decision(
            db, d.id, so=clean(args.so) if args.so else d.so, ngay=ngay,
            nguoi_ky=args.nguoi_ky if args.nguoi_ky is not None else d.nguoi_ky,
            chuc_danh_ky=args.chuc_danh_ky if args.chuc_danh_ky is not None else d.chuc_danh_ky,
            remove_awardee_ids=[by_staff[i] for i in args.remove_staff] + [by_unit[i] for i in args.remove_unit],
            staff_ids=args.add_staff, unit_ids=args.add_unit)
        new = store.get_decision(db, new_id)
    if new_id != args.decision:
        print(f"Đã hủy Quyết định số {d.so} (giữ nhật ký in) và ghi Quyết định số {new.so} thay thế "
              f"(mã {new_id}, {sum(not a.huy for a in new.awardees)} người).")
    else:
        cancelled = sum(a.huy for a in new.awardees)
        print(f"Đã sửa Quyết định số {new.so} ngày {new.ngay:%d/%m/%Y} ({len(new.awardees) - cancelled} người"
              + (f", không kể {cancelled} giấy khen đã hủy" if cancelled else "") + ").")
    return 0


@command("delete-decision")
def cmd_delete_decision(args: argparse.Namespace) -> int:
    from .services.decisions.service import delete_decision
    from .store import decisions as store

    with existing_db(args, write=True) as db:
        d = store.get_decision(db, args.decision)
        delete_decision(db, d.id)
    print(f"Đã xóa Quyết định số {d.so}; các đăng ký của quyết định trở về Đạt.")
    return 0


@command("export-awards")
def cmd_export_awards(args: argparse.Namespace) -> int:
    from .services.decisions.service import export_award_book

    out = _xlsx_out(args.out)
    with existing_db(args) as db:
        count = export_award_book(db, out, args.year, args.to_year)
    print(f"Đã xuất sổ khen thưởng ({count} dòng) ra “{out}”.")
    return 0


@command("export-decision")
def cmd_export_decision(args: argparse.Namespace) -> int:
    from .services.documents.decision_pdf import export_decision_annex
    from .services.decisions.service import export_decision_list

    pdf = args.out.lower().endswith(".pdf")
    out = _pdf_out(args.out) if pdf else _xlsx_out(args.out)
    with existing_db(args) as db:
        count = (export_decision_annex if pdf else export_decision_list)(db, args.decision, out)
    print(f"Đã xuất danh sách kèm theo quyết định ({count} người) ra “{out}”.")
    return 0


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


def _join_negative_pairs(argv: list[str]) -> list[str]:
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
    from .domain.certificates import MAX_OFFSET_MM

    x, y = _mm_pair(text)
    if abs(x) > MAX_OFFSET_MM or abs(y) > MAX_OFFSET_MM:
        raise CliError(f"độ lệch máy in quá lớn (tối đa {MAX_OFFSET_MM:g} mm): “{text}”")
    return x, y


@command("certificates")
def cmd_certificates(args: argparse.Namespace) -> int:
    from .services.decisions.service import print_certificates

    out = _pdf_out(args.out)
    offset = _offset(args.printer_offset) if args.printer_offset is not None else None
    with existing_db(args, write=True) as db:
        pages, reprint = print_certificates(db, args.decision, out, mode=args.mode, offset_mm=offset,
                                            printer=args.printer, force=args.force)
    note = " (in lại)" if reprint else ""
    print(f"Đã in {pages} giấy khen, bằng khen ({args.mode}){note} ra “{out}”.")
    return 0


@command("calibrate")
def cmd_calibrate(args: argparse.Namespace) -> int:
    from .domain.certificates import Calibration, format_size
    from .store.printing import list_calibrations, save_calibration

    with existing_db(args, write=args.offset is not None) as db:
        if args.offset is None:
            for c in list_calibrations(db):
                print(f"{c.may_in}\tX {format_size(c.lech_x)} mm\tY {format_size(c.lech_y)} mm\t{c.ngay}")
            return 0
        if not args.printer.strip():
            raise CliError("cần --printer TÊN (tên máy in như trong hộp thoại in)")
        x, y = _mm_pair(args.offset)
        bars = _mm_pair(args.bars, "độ dài hai thước", "100,99.6") if args.bars else (None, None)
        calibration = Calibration(args.printer, x, y, *bars)
        save_calibration(db, calibration)
    for warning in calibration.scale_warnings():
        print(f"Chú ý: {warning}", file=sys.stderr)
    print(f"Đã lưu độ lệch của máy in “{calibration.may_in}”: X {format_size(x)} mm, Y {format_size(y)} mm.")
    return 0


@command("calibration-sheet")
def cmd_calibration_sheet(args: argparse.Namespace) -> int:
    from .services.documents.certificates import write_calibration_sheet

    out = _pdf_out(args.out)
    write_calibration_sheet(out)
    print(f"Đã in trang hiệu chỉnh máy in ra “{out}”. In ở tỉ lệ 100 % rồi đo theo hướng dẫn trên trang.")
    return 0


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(_join_negative_pairs(list(sys.argv[1:] if argv is None else argv)))
    try:
        return _COMMANDS[args.command](args)
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


if __name__ == "__main__":
    sys.exit(main())
