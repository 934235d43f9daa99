"""The data file: opening, identifying, migrating, transactions.

One SQLite file opened through sqlite-utils. The file is marked as ours with
``PRAGMA application_id``; ``PRAGMA user_version`` holds the schema version.
A file that is not ours, is damaged, or comes from a newer version of the
app is refused before anything is written to it.

The journal stays in the default rollback mode (not WAL) so the file is
safe on a USB stick or a shared network folder.
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath

import sqlite_utils

from . import audit
from .migrations import MIGRATIONS

APPLICATION_ID = 0x54444B54  # "TDKT"
SCHEMA_VERSION = len(MIGRATIONS)
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN = 5, 6, 14
SQLITE_READONLY_ROLLBACK = 776


class StoreError(Exception):
    """A fault of the environment or the file, with a Vietnamese message for the user."""


class ForeignFileError(StoreError):
    pass


class CorruptFileError(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class FileBusyError(StoreError):
    pass


def _readonly_uri(resolved: PurePath) -> str:
    uri = resolved.as_uri()
    if resolved.drive.startswith("\\\\"):
        # A UNC path (\\server\share\…, also what a mapped network drive
        # resolves to) becomes file://server/share/…, and SQLite refuses a URI
        # authority. An empty authority with the UNC path is what it accepts.
        uri = "file:////" + uri[len("file://"):]
    return uri + "?mode=ro"


def _raw_connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(_readonly_uri(path.resolve()), uri=True, timeout=5)
    else:
        conn = sqlite3.connect(str(path), timeout=5)
    return conn


def _recover_hot_journal(path: Path) -> None:
    conn = sqlite3.connect(str(path), timeout=5)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    finally:
        conn.close()


def inspect_file(path: Path) -> tuple[int, int]:
    """Read ``(application_id, user_version)`` of an existing file without writing.

    The one exception: a rollback journal left beside the file by a crash is
    rolled back first (as any SQLite connection would), restoring the last
    committed state instead of calling the file damaged.

    Raises :class:`ForeignFileError`, :class:`CorruptFileError`,
    :class:`NewerSchemaError` or (locked by a writer elsewhere)
    :class:`FileBusyError`, with a message naming the file.
    """
    path = Path(path)
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise ForeignFileError(
            f"Tệp “{path.name}” không phải tệp dữ liệu của ThiĐua Desktop "
            "(không phải cơ sở dữ liệu SQLite)."
        )
    try:
        conn = _raw_connect(path, readonly=True)
        try:
            try:
                conn.execute("PRAGMA schema_version").fetchone()
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorcode", None) != SQLITE_READONLY_ROLLBACK:
                    raise
                # A journal left by a crash or a pulled USB stick: a read-only
                # connection cannot roll it back, so the file looked damaged.
                # Let SQLite recover the last committed state, then read again.
                conn.close()
                _recover_hot_journal(path)
                conn = _raw_connect(path, readonly=True)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        primary = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if primary in (SQLITE_BUSY, SQLITE_LOCKED):
            raise FileBusyError(
                f"Tệp “{path.name}” đang bận (đang được ghi ở máy khác hoặc cửa sổ khác); "
                "hãy thử lại sau."
            ) from exc
        if primary == SQLITE_CANTOPEN:
            raise StoreError(f"Không mở được tệp “{path}” (không có quyền đọc?).") from exc
        raise CorruptFileError(
            f"Tệp “{path.name}” bị hỏng và không đọc được ({exc})."
        ) from exc
    if ok != "ok":
        raise CorruptFileError(f"Tệp “{path.name}” bị hỏng: {ok}")
    if app_id != APPLICATION_ID and not (app_id == 0 and tables == 0):
        raise ForeignFileError(
            f"Tệp “{path.name}” là cơ sở dữ liệu của một chương trình khác, "
            "không phải của ThiĐua Desktop. Tệp không bị thay đổi."
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"Tệp “{path.name}” được tạo bởi phiên bản ThiĐua Desktop mới hơn "
            f"(lược đồ {version}, phiên bản này đọc được đến {SCHEMA_VERSION}). "
            "Hãy cập nhật chương trình; tệp không bị thay đổi."
        )
    return app_id, version


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    before_migrate: Callable[[Path, int], None] | None = None,
) -> sqlite_utils.Database:
    """Open (and, if needed, create or migrate) a ThiĐua data file.

    ``before_migrate(path, from_version)`` runs before an existing file is
    migrated (the services layer makes a backup there).
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        _, version = inspect_file(path)
    else:
        if not create:
            raise StoreError(f"Không tìm thấy tệp dữ liệu “{path}”.")
        path.parent.mkdir(parents=True, exist_ok=True)
        version = 0
    try:
        conn = _raw_connect(path, readonly=False)
    except sqlite3.Error as exc:
        raise StoreError(f"Không mở được tệp “{path}”: {exc}") from exc
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    try:
        if version < SCHEMA_VERSION:
            if exists and version > 0 and before_migrate is not None:
                before_migrate(path, version)
            migrate(db, version)
        audit.register(db)  # who writes, for the audit log's triggers
    except BaseException:
        db.close()
        raise
    return db


def migrate(db: sqlite_utils.Database, from_version: int) -> None:
    """Apply the ordered migrations after ``from_version``, each in its own transaction."""
    for target, step in enumerate(MIGRATIONS[from_version:], start=from_version + 1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {target}")


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One user action = one transaction (savepoints when nested)."""
    with db.atomic():
        yield db


def db_path(db: sqlite_utils.Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def open_readonly(path: Path | str) -> sqlite_utils.Database:
    """A second, read-only connection to a data file already opened by
    :func:`open_database` (for work in a background thread: a connection
    belongs to the thread that made it)."""
    try:
        conn = _raw_connect(Path(path), readonly=True)
        conn.execute("PRAGMA busy_timeout = 5000")
    except sqlite3.Error as exc:
        raise StoreError(f"Không mở được tệp “{path}”: {exc}") from exc
    return sqlite_utils.Database(conn)
