"""The file mechanics of a backup: a copy made with SQLite's online backup API from a read-only
connection (never a byte copy of a live file), written to a temporary file, verified
(``PRAGMA integrity_check`` and :func:`~thidua_desktop.store.db.inspect_file`), flushed to disk and
only then renamed into place; a copy that fails verification is deleted and :class:`BackupError`
raised. Temporary files of a copy killed half-way are removed by the next one. Which copies are
made, kept and restored is :mod:`.policy`'s."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from ...store.db import (
    APPLICATION_ID,
    CorruptFileError,
    FileBusyError,
    ForeignFileError,
    NewerSchemaError,
    StoreError,
    _raw_connect,
    inspect_file,
)

_TIMEOUT = 5.0


class BackupError(StoreError):
    """A backup could not be written or verified, or a restore was refused."""


# --- copying and checking ------------------------------------------------------------

def _require_source(db_path: Path) -> None:
    if not db_path.is_file():
        raise BackupError(f"Không tìm thấy tệp dữ liệu “{db_path}”.")
    if db_path.stat().st_size == 0:
        raise BackupError(f"Tệp dữ liệu “{db_path.name}” còn trống, chưa có gì để sao lưu.")


def _write_verified(db_path: Path, target: Path) -> None:
    """Copy the database ``db_path`` to ``target`` through a verified, flushed temporary file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"Không tạo được thư mục sao lưu “{target.parent}”: {exc.strerror or exc}"
        ) from exc
    _clean_stale_tmp(target.parent)
    tmp = target.with_name(f".{target.name}.tmp")
    _remove_quietly(tmp)
    try:
        _copy_database(db_path, tmp)
        _verify(tmp)
        _fsync_file(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise BackupError(
                f"Không ghi được bản sao lưu “{target}”: {exc.strerror or exc}"
            ) from exc
        _fsync_dir(target.parent)
    finally:
        _remove_quietly(tmp)
        _remove_quietly(Path(f"{tmp}-journal"))


#: a temporary copy untouched for this long was left by a backup that was killed
STALE_TMP_SECONDS = 600


def _clean_stale_tmp(folder: Path) -> None:
    """Remove the hidden temporary files of backups killed half-way."""
    now = dt.datetime.now().timestamp()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") and (name.endswith(".tmp") or name.endswith(".tmp-journal")):
            try:
                if now - entry.stat().st_mtime > STALE_TMP_SECONDS:
                    entry.unlink()
            except OSError:
                pass


def _readonly(path: Path) -> sqlite3.Connection:
    # The same read-only opening the store uses to inspect files.
    return _raw_connect(path, readonly=True)


def _copy_database(source: Path, dest: Path) -> None:
    """Online backup of ``source`` (opened read-only) into the new file ``dest``."""
    try:
        src = _readonly(source)
    except sqlite3.Error as exc:
        raise BackupError(f"Không đọc được tệp “{source.name}”: {exc}") from exc
    try:
        src.execute(f"PRAGMA busy_timeout = {int(_TIMEOUT * 1000)}")
        try:
            # Take the shared lock now, so a file held by a writer elsewhere
            # fails after the busy timeout instead of retrying for ever.
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise FileBusyError(
                    f"Tệp “{source.name}” đang bận (đang được ghi ở nơi khác); hãy thử lại sau."
                ) from exc
            raise BackupError(f"Không đọc được tệp “{source.name}”: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise CorruptFileError(f"Tệp “{source.name}” bị hỏng và không đọc được ({exc}).") from exc
        try:
            dst = sqlite3.connect(str(dest), timeout=_TIMEOUT)
        except sqlite3.Error as exc:
            raise BackupError(f"Không tạo được tệp “{dest}”: {exc}") from exc
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            raise BackupError(f"Sao chép dữ liệu từ “{source.name}” thất bại: {exc}") from exc
        finally:
            dst.close()
    finally:
        src.close()


def _verify(path: Path) -> tuple[int, int]:
    """Check a freshly written copy; a bad copy is deleted and BackupError raised."""
    try:
        app_id, version = inspect_file(path)
        if app_id != APPLICATION_ID or version < 1:
            raise BackupError("không mang dấu hiệu tệp dữ liệu ThiĐua Desktop")
        conn = _readonly(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
        if rows != ["ok"]:
            raise BackupError("; ".join(str(r) for r in rows[:5]))
    except (StoreError, sqlite3.Error) as exc:
        _remove_quietly(path)
        raise BackupError(
            f"Bản sao vừa ghi không đạt kiểm tra nên đã bị xóa ({exc}). "
            "Hãy kiểm tra ổ đĩa (còn chỗ trống, không bị rút ra) rồi thử lại."
        ) from exc
    return app_id, version


def _check_restore_source(path: Path) -> int:
    """Refuse a backup that is not a healthy file of ours; returns its schema version."""
    keep = " Dữ liệu hiện tại không bị thay đổi."
    try:
        app_id, version = inspect_file(path)
    except NewerSchemaError as exc:
        raise NewerSchemaError(
            f"Bản sao lưu “{path.name}” do phiên bản ThiĐua Desktop mới hơn tạo ra; "
            "hãy cập nhật chương trình trước khi khôi phục." + keep
        ) from exc
    except ForeignFileError as exc:
        raise ForeignFileError(
            f"Tệp “{path.name}” không phải bản sao lưu dữ liệu của ThiĐua Desktop." + keep
        ) from exc
    except CorruptFileError as exc:
        raise CorruptFileError(
            f"Bản sao lưu “{path.name}” bị hỏng, không dùng để khôi phục được." + keep
        ) from exc
    except OSError as exc:
        raise BackupError(f"Không đọc được bản sao lưu “{path}”: {exc.strerror or exc}." + keep) from exc
    if app_id != APPLICATION_ID or version < 1:
        raise ForeignFileError(
            f"Tệp “{path.name}” không chứa dữ liệu của ThiĐua Desktop." + keep
        )
    try:
        conn = _readonly(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptFileError(
            f"Bản sao lưu “{path.name}” bị hỏng, không dùng để khôi phục được ({exc})." + keep
        ) from exc
    if rows != ["ok"]:
        raise CorruptFileError(
            f"Bản sao lưu “{path.name}” bị hỏng, không dùng để khôi phục được." + keep
        )
    return version


def _settle_current_file(db_path: Path) -> None:
    """Make sure nobody else is writing the current file, and let SQLite roll
    back a journal left by a crash, so that neither survives the swap."""
    try:
        conn = sqlite3.connect(str(db_path), timeout=_TIMEOUT)
    except sqlite3.Error:
        return
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.rollback()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise FileBusyError(
                f"Tệp “{db_path.name}” đang được dùng ở nơi khác (máy khác hoặc cửa sổ khác); "
                "hãy đóng chương trình ở đó rồi thử lại. Dữ liệu hiện tại không bị thay đổi."
            ) from exc
    except sqlite3.DatabaseError:
        pass  # not a database at all: it is kept byte for byte below
    finally:
        conn.close()


# --- files -----------------------------------------------------------------------------

def _fsync_file(path: Path) -> None:
    with open(path, "r+b") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
