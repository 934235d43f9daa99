"""The data file: opening, identifying, migrating, transactions.

One SQLite file opened through sqlite-utils. The file is marked as ours with
``PRAGMA application_id``; ``PRAGMA user_version`` holds the schema version.
A file that is not ours, is damaged, or comes from a newer version of the
app is refused before anything is written to it.

The journal stays in the default rollback mode (not WAL) so the file is
safe on a USB stick or a shared network folder; a file left in WAL mode by
another tool is switched back when opened.

A file or folder that cannot be written is opened read-only
(:func:`is_readonly`): nothing is written, not even who opened it.
:func:`user_message` tells the faults of the environment (a locked file, a
full disk, a read-only file, a pulled USB stick) from bugs, for the window
and the CLI alike.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath

import sqlite_utils

from . import audit
from .migrations import MIGRATIONS

APPLICATION_ID = 0x54444B54  # "TDKT"
SCHEMA_VERSION = len(MIGRATIONS)
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN = 5, 6, 14
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 3, 8, 10, 11, 13, 26
SQLITE_READONLY_ROLLBACK = 776
#: how long a write waits for another program's lock before giving up (ms)
BUSY_TIMEOUT_MS = 5000


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


class ReadOnlyError(StoreError):
    """A write asked of a file opened read-only."""


class EnvironmentFault(StoreError, sqlite3.OperationalError):
    """A SQLite error caused by the environment (locked file, full disk,
    read-only file, pulled USB stick), raised by the connections that
    :func:`open_database` returns in place of the bare ``sqlite3`` error: its
    text is :func:`user_message`'s Vietnamese sentence (the original is its
    ``__cause__``), and it is a :class:`StoreError`, so every place that shows
    a StoreError shows it — and a ``sqlite3.OperationalError``, so nothing
    that catches those changes. Nothing was written: the transaction that hit
    it rolls back."""


def _translated(exc: sqlite3.Error) -> BaseException:
    if isinstance(exc, StoreError):
        return exc
    message = user_message(exc)
    if message is None:
        return exc
    fault = EnvironmentFault(message)
    fault.sqlite_errorcode = getattr(exc, "sqlite_errorcode", None)
    fault.sqlite_errorname = getattr(exc, "sqlite_errorname", None)
    return fault


class _Connection(sqlite3.Connection):
    """The app's connection: faults of the environment become :class:`EnvironmentFault`."""

    def execute(self, *args, **kwargs):
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.Error as exc:
            fault = _translated(exc)
            if fault is exc:
                raise
            raise fault from exc

    def executemany(self, *args, **kwargs):
        try:
            return super().executemany(*args, **kwargs)
        except sqlite3.Error as exc:
            fault = _translated(exc)
            if fault is exc:
                raise
            raise fault from exc

    def executescript(self, *args, **kwargs):
        try:
            return super().executescript(*args, **kwargs)
        except sqlite3.Error as exc:
            fault = _translated(exc)
            if fault is exc:
                raise
            raise fault from exc

    def commit(self):
        try:
            return super().commit()
        except sqlite3.Error as exc:
            fault = _translated(exc)
            if fault is exc:
                raise
            raise fault from exc


class NeedsUpgradeError(StoreError):
    """An older file that cannot be upgraded from here (opened read-only)."""


def _readonly_uri(resolved: PurePath) -> str:
    uri = resolved.as_uri()
    if resolved.drive.startswith("\\\\"):
        # A UNC path (\\server\share\…, also what a mapped network drive
        # resolves to) becomes file://server/share/…, and SQLite refuses a URI
        # authority. An empty authority with the UNC path is what it accepts.
        uri = "file:////" + uri[len("file://"):]
    return uri + "?mode=ro"


def _raw_connect(path: Path, *, readonly: bool, app: bool = False) -> sqlite3.Connection:
    """A plain connection; ``app=True``: the app's own (:class:`EnvironmentFault`)."""
    timeout = BUSY_TIMEOUT_MS / 1000
    factory = _Connection if app else sqlite3.Connection
    if readonly:
        conn = sqlite3.connect(_readonly_uri(path.resolve()), uri=True, timeout=timeout, factory=factory)
    else:
        conn = sqlite3.connect(str(path), timeout=timeout, factory=factory)
    return conn


def _recover_hot_journal(path: Path) -> None:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
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


def _can_write(path: Path) -> bool:
    """Whether the file and its folder (where SQLite writes its journal) take writes.

    ``os.access`` does not see a folder's access rules on Windows (nor a
    read-only network share): a probe file is made and removed there too."""
    folder = path.parent if str(path.parent) else Path(".")
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        return False
    probe = folder / f".{path.name}.{os.getpid()}.probe"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return True
    except OSError:
        return False
    os.close(fd)
    try:
        probe.unlink()
    except OSError:
        pass
    return True


def _is_write_refusal(exc: sqlite3.Error) -> bool:
    primary = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    return primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM) or "readonly" in str(exc)


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    before_migrate: Callable[[Path, int], None] | None = None,
    readonly: bool = False,
    register_user: bool = True,
) -> sqlite_utils.Database:
    """Open (and, if needed, create or migrate) a ThiĐua data file.

    ``before_migrate(path, from_version)`` runs before an existing file is
    migrated (the services layer makes a backup there).

    ``readonly=True``, or an existing file that cannot be written (a
    read-only file or folder), opens the file read-only (:func:`is_readonly`):
    nothing is written, not even who opened it; a file of an older schema then
    raises :class:`NeedsUpgradeError`, as it cannot be upgraded.
    ``register_user=False`` leaves the audit log's user to the caller
    (:func:`thidua_desktop.store.audit.register`).
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        _, version = inspect_file(path)
        if readonly or not _can_write(path):
            return _open_readonly(path, version, asked=readonly)
    else:
        if not create:
            raise StoreError(f"Không tìm thấy tệp dữ liệu “{path}”.")
        if readonly:
            raise StoreError(f"Tệp dữ liệu “{path}” chưa có.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Không tạo được thư mục “{path.parent}”: {exc.strerror or exc}") from exc
        version = 0
    try:
        conn = _raw_connect(path, readonly=False, app=True)
    except sqlite3.Error as exc:
        raise StoreError(f"Không mở được tệp “{path}”: {exc}") from exc
    db = sqlite_utils.Database(conn)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            # Left so by another tool: WAL needs shared memory, unsafe on a
            # USB stick or a network folder. Back to the rollback journal.
            db.execute("PRAGMA journal_mode = DELETE")
        if version < SCHEMA_VERSION:
            if exists and version > 0 and before_migrate is not None:
                before_migrate(path, version)
            migrate(db, version)
        if register_user:
            audit.register(db)  # who writes, for the audit log's triggers
    except sqlite3.Error as exc:
        db.close()
        if exists and _is_write_refusal(exc):
            # The file or its folder refuses writes although it looked writable
            # (a network share, a locked-down folder): read-only it is.
            return _open_readonly(path, version, asked=False)
        raise
    except BaseException:
        db.close()
        raise
    return db


def _open_readonly(path: Path, version: int, *, asked: bool) -> sqlite_utils.Database:
    if version < SCHEMA_VERSION:
        why = ("lệnh chỉ đọc không nâng cấp tệp" if asked
               else "tệp (hoặc thư mục chứa tệp) chỉ cho đọc nên không nâng cấp được")
        raise NeedsUpgradeError(
            f"Tệp “{path.name}” được tạo bởi phiên bản cũ hơn (lược đồ {version}, cần {SCHEMA_VERSION}) "
            f"và {why}. Hãy mở tệp bằng chương trình ThiĐua Desktop"
            + ("" if asked else " từ một thư mục cho phép ghi")
            + " (tệp được sao lưu trước khi nâng cấp). Tệp không bị thay đổi."
        )
    try:
        conn = _raw_connect(path, readonly=True, app=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise StoreError(f"Không mở được tệp “{path}”: {exc}") from exc
    return sqlite_utils.Database(conn)


def is_readonly(db: sqlite_utils.Database) -> bool:
    """Whether ``db`` was opened read-only (see :func:`open_database`)."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def require_writable(db: sqlite_utils.Database) -> None:
    """The one check before a change: raises :class:`ReadOnlyError` on a read-only file."""
    if is_readonly(db):
        raise ReadOnlyError(READONLY_MESSAGE)


READONLY_MESSAGE = ("Tệp dữ liệu đang mở ở chế độ chỉ đọc (tệp hoặc thư mục chứa tệp không cho ghi), "
                    "nên không ghi được thay đổi. Hãy chép tệp sang thư mục cho phép ghi rồi mở lại.")


def user_message(exc: BaseException) -> str | None:
    """A Vietnamese sentence for a fault of the environment (a locked file, a
    full disk, a read-only file, a damaged or vanished file), or ``None`` for
    anything else — a bug, to be reported as one. Nothing was written: every
    change runs in one transaction, rolled back by the error."""
    if isinstance(exc, StoreError):
        return str(exc)
    if not isinstance(exc, sqlite3.Error):
        return None
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return None  # a bug, not the environment
    code = getattr(exc, "sqlite_errorcode", None)
    primary = (code or 0) & 0xFF
    text = str(exc).lower()
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text or "is busy" in text:
        return ("Tệp dữ liệu đang bị một chương trình khác giữ để ghi (trên máy này hoặc máy khác dùng chung "
                "thư mục), nên chưa ghi được gì; hãy đợi một lát rồi thử lại.")
    if primary == SQLITE_FULL or "disk is full" in text:
        return ("Ổ đĩa chứa tệp dữ liệu đã đầy, nên chưa ghi gì; hãy giải phóng chỗ trống trên ổ đĩa "
                "rồi thử lại.")
    if primary in (SQLITE_READONLY, SQLITE_PERM) or "readonly" in text or "read-only" in text:
        return READONLY_MESSAGE
    if primary == SQLITE_IOERR or "disk i/o error" in text:
        return ("Không đọc hoặc ghi được tệp dữ liệu (ổ USB bị rút ra, mất kết nối mạng hoặc ổ đĩa lỗi), "
                "nên chưa ghi gì; hãy kiểm tra ổ đĩa rồi mở lại tệp.")
    if primary == SQLITE_CANTOPEN or "unable to open" in text:
        return ("Không mở được tệp dữ liệu (tệp đã bị chuyển đi, ổ đĩa bị rút ra hoặc thư mục không cho ghi), "
                "nên chưa ghi gì.")
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return ("Tệp dữ liệu bị hỏng; hãy khôi phục từ bản sao lưu (Tệp → Khôi phục từ bản sao lưu, "
                "hoặc lệnh thidua restore).")
    return None


# --- the file's own identity ----------------------------------------------------------

def new_file_uuid() -> str:
    return str(uuid.uuid4())


def file_uuid(db: sqlite_utils.Database) -> str | None:
    """The data file's own identity (a UUID kept in the one-row table
    ``file_identity``; made by migration 7, or here for a file without it).
    It travels with the file when it is moved, copied or restored. ``None``
    for a read-only file without one (nothing is written)."""
    try:
        row = db.execute("SELECT uuid FROM file_identity LIMIT 1").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row and row[0]:
        return str(row[0])
    if is_readonly(db):
        return None
    with db.atomic():
        db.execute("CREATE TABLE IF NOT EXISTS file_identity (uuid TEXT NOT NULL)")
        row = db.execute("SELECT uuid FROM file_identity LIMIT 1").fetchone()
        if row and row[0]:
            return str(row[0])
        value = new_file_uuid()
        db.execute("DELETE FROM file_identity")
        db.execute("INSERT INTO file_identity (uuid) VALUES (?)", [value])
    return value


def read_file_uuid(path: Path | str) -> str | None:
    """The UUID of the data file at ``path``, read without writing; ``None``
    when the file is missing, damaged, not ours or has none yet."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size < 100:
            return None
        conn = _raw_connect(path, readonly=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        row = conn.execute("SELECT uuid FROM file_identity LIMIT 1").fetchone()
        return str(row[0]) if row and row[0] else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# Tables holding what the secretary typed or imported (not the rows every new file has).
_DATA_TABLES = ("units", "staff", "campaigns", "evaluations", "awards", "registrations", "councils",
                "decisions")


def holds_data(conn: sqlite3.Connection | sqlite_utils.Database) -> bool:
    """Whether the file behind ``conn`` holds anything a user entered: a unit,
    a person, a campaign …, the agency's details or any change in the audit
    log. A new or emptied file does not (it is not worth a backup)."""
    execute = conn.execute
    try:
        tables = {r[0] for r in execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        for table in _DATA_TABLES:
            if table in tables and execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                return True
        if "audit_log" in tables and execute("SELECT 1 FROM audit_log LIMIT 1").fetchone():
            return True
        if "org_settings" in tables:
            row = execute("SELECT co_quan, co_quan_chu_quan, ten_thu_truong FROM org_settings").fetchone()
            if row and any(row):
                return True
    except sqlite3.Error:
        return False
    return False


def file_holds_data(path: Path | str) -> bool:
    """:func:`holds_data` of the file at ``path``, read without writing."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size < 100:
            return False
        conn = _raw_connect(path, readonly=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        return holds_data(conn)
    finally:
        conn.close()


def migrate(db: sqlite_utils.Database, from_version: int) -> None:
    """Apply the ordered migrations after ``from_version``, each in its own transaction."""
    for target, step in enumerate(MIGRATIONS[from_version:], start=from_version + 1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {target}")


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def save_row(db: sqlite_utils.Database, table: str, row_id: int | None, values: dict) -> int:
    """Insert ``values`` as a new row of ``table`` (``row_id`` None) or update row ``row_id``, in one
    transaction; the row's id. An ``sqlite3.IntegrityError`` is the caller's to say in words."""
    with db.atomic():
        if row_id is None:
            return db[table].insert(values).last_pk
        db[table].update(row_id, values)
        return row_id


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
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise StoreError(f"Không mở được tệp “{path}”: {exc}") from exc
    return sqlite_utils.Database(conn)
