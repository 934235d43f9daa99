"""What every ``thidua`` command shares: the data file opened with its lock and
backups, output paths checked, one command body "open → run → print", errors
as one Vietnamese line.

A command module declares its subcommands with ``Commands.add`` next to their
functions; a body over the data file is written with ``@on_data_file``.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..domain.dates import parse_full_date
from ..paths import default_db_path
from ..store import db as store_db
from ..store.db import StoreError

EXIT_ERROR = 2

#: what a command's body prints: a line, lines, or nothing
Output = str | Iterable[str] | None


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


class Commands:
    """The ``thidua`` subcommands being declared: each module's
    ``add_parsers(commands)`` calls ``add`` once per subcommand."""

    def __init__(self, sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
        self.sub = sub
        self.common = common

    def add(self, name: str, run: Callable[[argparse.Namespace], int], help: str, *,
            data_file: bool = True) -> argparse.ArgumentParser:
        """A subcommand running ``run(args)``; it takes ``--db`` unless it reads no data file."""
        parser = self.sub.add_parser(name, parents=[self.common] if data_file else [], help=help)
        parser.set_defaults(run=run)
        return parser


def iso_date(text: str) -> dt.date:
    """An argument ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày “{text}” không đúng dạng YYYY-MM-DD") from None


def dmy_date(text: str, what: str) -> dt.date:
    """An option's ``ngày/tháng/năm`` (``22/12/2026``), read as a cell of a list
    is; :class:`CliError` naming ``what`` (``"ngày ký"``) when it is not one."""
    try:
        day = parse_full_date(text)
    except ValueError:
        day = None
    if day is None:
        raise CliError(f"{what} phải có dạng ngày/tháng/năm, ví dụ 22/12/2026: “{text}”")
    return day


def db_file(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def out_path(path: str, *suffixes: str) -> Path:
    """The file a command writes: its suffix must be one of ``suffixes``."""
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        raise CliError(f"tệp xuất phải có đuôi {' hoặc '.join(suffixes)}: “{out}”")
    return out


def emit(output: Output) -> None:
    """Print what a command's body returned."""
    if output is None:
        return
    for line in [output] if isinstance(output, str) else output:
        print(line)


def as_json(value, indent: int = 1) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def ranges(numbers: list[int]) -> str:
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


def campaign(db, campaign_id: int):
    """The campaign of ``--campaign``, or a line naming the command that lists them."""
    import sqlite_utils

    from ..store import records

    try:
        return records.get_campaign(db, campaign_id)
    except sqlite_utils.db.NotFoundError:
        raise CliError(f"không có phong trào mã {campaign_id} (xem: thidua campaigns --db …)") from None


# -- the data file ------------------------------------------------------------------------------------------

def _held(path: Path, holder) -> CliError:
    return CliError(
        f"tệp dữ liệu “{path.name}” đang được mở bởi {holder.describe()}; lệnh này ghi vào tệp nên không chạy "
        "để khỏi ghi đè lên nhau (các lệnh chỉ đọc vẫn dùng được). Hãy đóng chương trình ở đó rồi chạy lại. "
        f"Nếu máy đó đã tắt hoặc chương trình đã thoát bất thường, hãy xóa tệp “{path.name}.lock”."
    )


def _restore_hint(path: Path, exc: StoreError) -> CliError | None:
    """A damaged, foreign or emptied data file with a good backup: name it and the command."""
    from ..services.backup import newest_good_backup

    good = getattr(exc, "backup", None) or newest_good_backup(path)
    if good is None:
        return None
    return CliError(
        f"{exc} Bản sao lưu tốt mới nhất: “{good.path}” ({good.kind_label.lower()}, "
        f"{good.created:%H:%M ngày %d/%m/%Y}). Để khôi phục: thidua restore --db \"{path}\" "
        "(tệp hiện tại được giữ lại trong thư mục sao lưu)."
    )


def check_not_emptied(path: Path) -> None:
    """Refuse a data file emptied since its last good backup (naming that backup)."""
    from ..services.backup import EmptiedFileError
    from ..services.backup import check_not_emptied as check

    try:
        check(path)
    except EmptiedFileError as exc:
        raise _restore_hint(path, exc) from exc


def _open(path: Path, *, write: bool, create: bool):
    from ..services.backup import check_not_emptied, make_pre_migration_backup
    from ..store.db import CorruptFileError, ForeignFileError, NeedsUpgradeError, is_readonly

    try:
        check_not_emptied(path)
        if not write:
            try:
                return store_db.open_database(path, create=False, readonly=True)
            except NeedsUpgradeError:
                # An older file: upgrade it first, as the window does (a
                # pre-migration backup), if nobody has it open and it can be written.
                with file_lock(path):
                    db = store_db.open_database(path, create=False, before_migrate=make_pre_migration_backup,
                                                register_user=False)
                    upgraded = not is_readonly(db)
                    db.close()
                if upgraded:
                    print(f"(Đã nâng cấp tệp “{path.name}” lên phiên bản mới; bản sao trước khi nâng cấp "
                          "nằm trong thư mục sao lưu.)", file=sys.stderr)
                return store_db.open_database(path, create=False, readonly=True)
        db = store_db.open_database(path, create=create, before_migrate=make_pre_migration_backup,
                                    register_user=False)
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
def file_lock(path: Path) -> Iterator[None]:
    """Hold the data file's lock (as the window does) while writing; refuse
    while the window or another command holds it."""
    from ..store.lockfile import COMMAND_LINE, FileLock

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
    recorded before is put back afterwards). Without ``create`` the file must exist."""
    from ..store import audit

    path = db_file(args)
    if not write:
        db = _open(path, write=False, create=False)
        try:
            yield db
        finally:
            db.close()
        return
    with file_lock(path):
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


def on_data_file(*, write: bool | Callable[[argparse.Namespace], bool] = False,
                 out: tuple[str, ...] = ()):
    """A command's body over the data file: ``body(db, args)`` — or
    ``body(db, args, out)`` with ``out`` the checked path of ``args.out``
    when the command writes a file with one of these suffixes — runs with the
    file open (for writing when ``write``, or ``write(args)``, is true) and
    returns what to print once the file is closed; the command then exits 0.
    A ``CliError`` or store error raised by the body is printed by ``main``."""
    def wrap(body: Callable[..., Output]) -> Callable[[argparse.Namespace], int]:
        @functools.wraps(body)
        def run(args: argparse.Namespace) -> int:
            extra = (out_path(args.out, *out),) if out else ()
            with data_file(args, write=write(args) if callable(write) else write) as db:
                output = body(db, args, *extra)
            emit(output)
            return 0
        return run
    return wrap
