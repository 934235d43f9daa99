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

import datetime as dt
import os
import re
import secrets
from glob import escape as glob_escape
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ...domain import vntext
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


def batch_paths(out_dir: Path | str, prefix: str, names: list[str], *, fallback: str, folder: str) -> list[Path]:
    """One ``.xlsx`` path per name, for a batch of workbooks sent out to be
    filled in: ``prefix-<name in ASCII>`` (``-2``, ``-3`` … for names alike),
    in ``out_dir``, created. A workbook sent out before may come back filled
    in, so none is ever written over: when any of the names is taken, the
    whole batch goes into ``out_dir/folder-YYYY-MM-DD`` (then ``…-2`` …)."""
    used: set[str] = set()
    files = []
    for name in names:
        base = re.sub(r"[^a-z0-9]+", "-", vntext.search_key(name)).strip("-")[:60] or fallback
        stem, n = f"{prefix}-{base}", 2
        while stem in used:
            stem, n = f"{prefix}-{base}-{n}", n + 1
        used.add(stem)
        files.append(stem + ".xlsx")
    out_dir = Path(out_dir)
    if any((out_dir / f).exists() for f in files):
        dated = f"{folder}-{dt.date.today():%Y-%m-%d}"
        fresh, n = out_dir / dated, 2
        while fresh.exists():
            fresh, n = out_dir / f"{dated}-{n}", n + 1
        out_dir = fresh
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Không tạo được thư mục “{out_dir}”: {exc.strerror or exc}") from exc
    return [out_dir / f for f in files]
