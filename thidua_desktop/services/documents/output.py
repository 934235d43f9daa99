"""Where every export writes a file: one check of the path, one atomic write.

Every writer of a file the user chose (workbooks, PDFs, certificates, the
calibration sheet, the audit log) goes through :func:`atomic_write`:

* :func:`check_output` refuses a path that is a data file (any SQLite
  database, so the open data file and its copies) or lies in the backup
  folder — an export never replaces the records or their backups;
* the file is written to a hidden temporary file in the same folder, flushed,
  and renamed over the target in one step (``os.replace``), so a full disk,
  a pulled USB stick or a crash leaves the previous file as it was (and no
  truncated one); a failed write removes its temporary file;
* the faults of the file system become a Vietnamese
  :class:`~thidua_desktop.store.db.StoreError` (the file is open in Excel,
  the folder is read-only, the disk is full).
"""
from __future__ import annotations

import os
import secrets
from glob import escape as glob_escape
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ...paths import backups_root
from ...store.db import SQLITE_HEADER, StoreError

T = TypeVar("T")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _companion_of_database(path: Path) -> bool:
    """The journal, WAL or lock beside a data file (its crash recovery, its owner)."""
    for suffix in ("-journal", "-wal", "-shm", ".lock"):
        if path.name.endswith(suffix) and _is_database(path.with_name(path.name[: -len(suffix)])):
            return True
    return False


def check_output(path: Path | str) -> Path:
    """Refuse to write an export over a data file or into the backup folder."""
    path = Path(path)
    if _inside(path, backups_root()):
        raise StoreError(
            f"Không ghi tệp xuất vào thư mục sao lưu (“{path.parent}”); hãy chọn thư mục khác."
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        head = b""
    except OSError:
        head = b""
    if head == SQLITE_HEADER or _companion_of_database(path):
        raise StoreError(
            f"“{path.name}” là một tệp dữ liệu (cơ sở dữ liệu SQLite), không ghi đè tệp xuất lên nó; "
            "hãy chọn tên tệp khác. Tệp không bị thay đổi."
        )
    if path.is_dir():
        raise StoreError(f"“{path}” là một thư mục; hãy chọn tên tệp.")
    return path


def atomic_write(path: Path | str, write: Callable[[Path], T]) -> T:
    """``write(tmp)`` writes the whole file to ``tmp`` (same folder, same
    suffix); then it replaces ``path`` in one step. Returns what ``write`` did."""
    path = check_output(path)
    _clean_stale_tmp(path)
    tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}")
    try:
        result = write(tmp)
        with open(tmp, "r+b") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except PermissionError as exc:
        raise StoreError(
            f"Không ghi được “{path}”: tệp đang mở trong chương trình khác (Excel, trình đọc PDF) hoặc thư mục "
            "không cho ghi. Hãy đóng tệp rồi thử lại; tệp cũ (nếu có) không bị thay đổi."
        ) from exc
    except OSError as exc:
        raise StoreError(
            f"Không ghi được “{path}”: {exc.strerror or exc}. Tệp cũ (nếu có) không bị thay đổi."
        ) from exc
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return result


#: a temporary file untouched for this long was left by a write that was killed
STALE_TMP_SECONDS = 600


def _clean_stale_tmp(path: Path) -> None:
    """Remove the temporary files that killed writes of ``path`` left beside it."""
    import time

    try:
        leftovers = list(path.parent.glob(f".{glob_escape(path.stem)}.*.tmp{glob_escape(path.suffix)}"))
    except OSError:
        return
    for tmp in leftovers:
        try:
            if time.time() - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass


def write_bytes(path: Path | str, data: bytes) -> Path:
    """:func:`atomic_write` of bytes already made (a PDF rendered for preview)."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return Path(path)


def fresh_folder(parent: Path | str, base: str) -> Path:
    """``parent/base-YYYY-MM-DD`` (then ``…-2`` …): a folder no earlier export
    used, for a batch of workbooks that must never overwrite ones sent out before."""
    import datetime as dt

    parent = Path(parent)
    name = f"{base}-{dt.date.today():%Y-%m-%d}"
    folder, n = parent / name, 2
    while folder.exists():
        folder, n = parent / f"{name}-{n}", n + 1
    return folder
