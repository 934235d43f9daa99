"""Backups of a data file: automatic, manual, before a migration, before a restore.

Every copy is made (:mod:`.files`) with SQLite's online backup API from a read-only
connection (never a byte copy of a live file), written to a temporary file,
verified (``PRAGMA integrity_check`` and :func:`~thidua_desktop.store.db.inspect_file`),
flushed to disk and only then renamed into place. A copy that fails
verification is deleted and :class:`BackupError` is raised.

Backups live in :func:`backup_dir` (one folder per data file, named by the
file's own UUID — ``store.db.file_uuid`` — so a moved file or a changed
drive letter still finds them; the folders of earlier versions, named by a
hash of the path, are still read) with names such as ``thidua-2026-11-23_193000-auto.sqlite``: the
file's stem, a sortable timestamp, an optional ``-N`` when two copies fall in
the same second, and the kind:

``auto``
    made when the app opens a file; at most one a day, the last ``keep`` kept.
``manual``
    Sao lưu (the user asked for it); never deleted by rotation.
``before-restore``
    the file that a Khôi phục replaced; never deleted by rotation.
``pre-migration``
    the file as it was before a schema migration; never deleted by rotation.

A file holding nothing a user entered (new or emptied, :func:`store.db.holds_data`)
is never backed up, and rotation drops such old copies first, so an emptied
file can never push good backups out. An existing file that is empty or has
no tables while good backups exist is refused as damaged
(:func:`check_not_emptied`). Temporary files of a backup killed half-way are
removed by the next one.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ...paths import backup_dir_for, backups_root
from ...store.db import (
    APPLICATION_ID,
    SQLITE_HEADER,
    CorruptFileError,
    FileBusyError,
    StoreError,
    file_holds_data,
    inspect_file,
    read_file_uuid,
)
from .files import (
    BackupError,
    _check_restore_source,
    _copy_database,
    _fsync_dir,
    _fsync_file,
    _readonly,
    _remove_quietly,
    _require_source,
    _settle_current_file,
    _verify,
    _write_verified,
)

KINDS = {
    "auto": "Tự động",
    "manual": "Thủ công",
    "before-restore": "Trước khi khôi phục",
    "pre-migration": "Trước khi nâng cấp",
}
DEFAULT_KEEP = 10
SUFFIX = ".sqlite"
_TS_FORMAT = "%Y-%m-%d_%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.*)-(?P<ts>\d{4}-\d{2}-\d{2}_\d{6})(?:-(?P<seq>\d+))?"
    r"-(?P<kind>" + "|".join(re.escape(k) for k in KINDS) + r")\.sqlite$"
)


class EmptiedFileError(CorruptFileError):
    """An existing data file that is empty or has no tables while good backups exist."""

    def __init__(self, message: str, backup: BackupInfo):
        super().__init__(message)
        self.backup = backup


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    kind: str  # one of KINDS
    size: int  # bytes
    seq: int = 0  # tie-breaker for copies made in the same second

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


# --- public API ------------------------------------------------------------------

_INDEX = "index.json"


def _index() -> dict[str, str]:
    try:
        data = json.loads((backups_root() / _INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember(db_path: Path, file_uuid: str) -> None:
    """Note which UUID the file at ``db_path`` had, to find its backups when
    the file has been emptied or damaged (its UUID no longer readable)."""
    key = str(Path(db_path).resolve())
    index = _index()
    if index.get(key) == file_uuid:
        return
    index[key] = file_uuid
    target = backups_root() / _INDEX
    tmp = target.with_name(f".{_INDEX}.tmp")
    try:
        tmp.write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        _remove_quietly(tmp)  # only a help for finding backups later


def backup_dir(db_path: Path | str) -> Path:
    """Where new backups of ``db_path`` go: the folder of its UUID (the folder
    of its path for a file without one, not yet upgraded; for a damaged file,
    the folder of the UUID it had)."""
    db_path = Path(db_path)
    file_uuid = read_file_uuid(db_path) or _index().get(str(db_path.resolve()))
    return backup_dir_for(db_path, file_uuid)


def backup_dirs(db_path: Path | str) -> list[Path]:
    """Every folder holding backups of ``db_path``: its UUID's (whatever the
    file's name or drive letter was when they were made), the UUID it had at
    this path (an emptied or damaged file), and the path-hash folder of
    earlier versions."""
    db_path = Path(db_path)
    root = backups_root()
    uuids = [u for u in (read_file_uuid(db_path), _index().get(str(db_path.resolve()))) if u]
    found: list[Path] = []
    for file_uuid in dict.fromkeys(uuids):
        found.append(backup_dir_for(db_path, file_uuid))
        if root.is_dir():
            found.extend(sorted(p for p in root.glob(f"*-{file_uuid}") if p.is_dir()))
    found.append(backup_dir_for(db_path))
    return [p for p in dict.fromkeys(found) if p.is_dir()]


def list_backups(db_path: Path | str) -> list[BackupInfo]:
    """The backups of ``db_path`` in its backup folders, newest first."""
    out = []
    for folder in backup_dirs(db_path):
        for entry in folder.iterdir():
            info = _parse_name(entry)
            if info is not None:
                out.append(info)
    out.sort(key=lambda b: (b.created, b.seq, b.path.name), reverse=True)
    return out


def newest_good_backup(db_path: Path | str) -> BackupInfo | None:
    """The newest backup of ``db_path`` that is a healthy file of ours holding
    data (to offer when the data file itself cannot be opened)."""
    for info in list_backups(db_path):
        try:
            _check_restore_source(info.path)
        except StoreError:
            continue
        if file_holds_data(info.path):
            return info
    return None


def is_emptied(db_path: Path | str) -> bool:
    """An existing file of 0 bytes, or a SQLite file without a single table."""
    db_path = Path(db_path)
    try:
        if not db_path.is_file():
            return False
        if db_path.stat().st_size == 0:
            return True
        with open(db_path, "rb") as fh:
            if not fh.read(100).startswith(SQLITE_HEADER):
                return False
        conn = _readonly(db_path)
        try:
            return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def check_not_emptied(db_path: Path | str) -> None:
    """Refuse an existing data file that is empty or has no tables while a
    healthy backup holding data exists: it was emptied (truncated, saved over
    by another program), not new. Raises :class:`EmptiedFileError` (a
    :class:`CorruptFileError`, so the window offers the backup); a new file
    without backups passes."""
    db_path = Path(db_path)
    if not is_emptied(db_path):
        return
    good = newest_good_backup(db_path)
    if good is None:
        return
    what = "trống (0 byte)" if db_path.stat().st_size == 0 else "không còn bảng dữ liệu nào"
    raise EmptiedFileError(
        f"Tệp dữ liệu “{db_path.name}” {what}, trong khi đã có bản sao lưu có dữ liệu "
        f"(mới nhất lúc {good.created:%H:%M ngày %d/%m/%Y}): tệp có thể đã bị xóa trắng hoặc ghi đè. "
        "Tệp không bị thay đổi.", good)


def auto_backup(
    db_path: Path | str, *, now: dt.datetime | None = None, keep: int = DEFAULT_KEEP
) -> Path | None:
    """The daily automatic backup, to call when the app opens a file.

    Does nothing (returns ``None``) when an automatic backup dated today
    already exists for this file, or when the file is missing or still empty.
    Otherwise writes a verified ``auto`` copy, then deletes the oldest
    automatic copies beyond ``keep``; other kinds are never deleted.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    db_path = Path(db_path)
    now = now or dt.datetime.now()
    autos = [b for b in list_backups(db_path) if b.kind == "auto"]
    if any(b.created.date() == now.date() for b in autos):
        return None
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    _, version = inspect_file(db_path)
    if version == 0 or not file_holds_data(db_path):  # nothing worth keeping
        return None
    made = _write_backup(db_path, _next_backup_path(db_path, "auto", now))
    # Copies holding no data (made by earlier versions of an emptied file) go
    # first; then the oldest beyond ``keep``.
    autos = [b for b in list_backups(db_path) if b.kind == "auto"]
    with_data = [b for b in autos if b.path == made or file_holds_data(b.path)]
    for old in [b for b in autos if b not in with_data] + with_data[keep:]:
        _remove_quietly(old.path)  # one held open elsewhere goes next time
    return made


def backup_now(db_path: Path | str, dest: Path | str | None = None) -> Path:
    """Sao lưu: a verified copy to ``dest`` (overwritten if it exists) or,
    without ``dest``, a ``manual`` copy in the backup folder."""
    db_path = Path(db_path)
    _require_source(db_path)
    if dest is None:
        target = _next_backup_path(db_path, "manual", dt.datetime.now())
    else:
        target = Path(dest)
        if _same_file(target, db_path):
            raise BackupError("Không thể sao lưu một tệp dữ liệu đè lên chính nó; hãy chọn tệp khác.")
    return _write_backup(db_path, target)


def make_pre_migration_backup(db_path: Path | str, from_version: int) -> Path | None:
    """A ``pre-migration`` copy; pass as ``before_migrate`` to ``open_database``.

    A failure raises, which stops the migration (the file stays as it was).
    A file holding no data needs none (``None``).
    """
    db_path = Path(db_path)
    if not file_holds_data(db_path):
        return None
    return _write_backup(db_path, _next_backup_path(db_path, "pre-migration", dt.datetime.now()))


def restore(backup_path: Path | str, db_path: Path | str) -> Path | None:
    """Khôi phục: replace the data in ``db_path`` with the data in ``backup_path``.

    **The caller closes every connection to ``db_path`` first** and reopens it
    afterwards (with ``open_database``, which migrates an older backup).

    1. The backup is checked (a SQLite file of ours, not damaged, schema not
       newer than this app). A bad, foreign or newer file raises
       :class:`~thidua_desktop.store.db.StoreError` (a subclass matching the
       fault) and **nothing is written anywhere**.
    2. The current file is kept in the backup folder as a ``before-restore``
       copy (online backup API; a damaged current file is copied byte for
       byte, as nobody has it open).
    3. The backup is copied with the backup API into a temporary file next to
       ``db_path``, verified, flushed, and renamed over ``db_path`` in one
       step (``os.replace``), so a failure at any point leaves either the old
       or the new data, never a mixture.

    Returns the path of the kept copy, or ``None`` when ``db_path`` did not
    exist or was empty.
    """
    backup_path = Path(backup_path)
    db_path = Path(db_path)
    if not backup_path.is_file():
        raise BackupError(f"Không tìm thấy bản sao lưu “{backup_path}”.")
    if db_path.exists() and _same_file(backup_path, db_path):
        raise BackupError("Bản sao lưu được chọn chính là tệp dữ liệu đang dùng.")
    _check_restore_source(backup_path)

    kept: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        _settle_current_file(db_path)
        kept = _keep_current_file(db_path)

    tmp = db_path.with_name(f".{db_path.name}.restore-tmp")
    _remove_quietly(tmp)
    try:
        _copy_database(backup_path, tmp)
        _verify(tmp)
        _fsync_file(tmp)
        journal = Path(f"{db_path}-journal")
        if journal.exists():
            raise FileBusyError(
                f"Tệp “{db_path.name}” đang được ghi ở nơi khác; hãy đóng chương trình ở đó rồi thử lại."
            )
        try:
            os.replace(tmp, db_path)
        except OSError as exc:
            raise FileBusyError(
                f"Không thay được tệp “{db_path.name}” (có thể tệp đang mở trong một chương trình "
                f"khác): {exc.strerror or exc}. Dữ liệu hiện tại không bị thay đổi."
            ) from exc
        _fsync_dir(db_path.parent)
    finally:
        _remove_quietly(tmp)
        _remove_quietly(Path(f"{tmp}-journal"))
    return kept


# --- names -------------------------------------------------------------------------

def _parse_name(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if not m or not path.is_file():
        return None
    try:
        created = dt.datetime.strptime(m["ts"], _TS_FORMAT)
    except ValueError:
        return None
    return BackupInfo(
        path=path, created=created, kind=m["kind"], size=path.stat().st_size,
        seq=int(m["seq"] or 0),
    )


def _next_backup_path(db_path: Path, kind: str, when: dt.datetime) -> Path:
    folder = backup_dir(db_path)
    stem = Path(db_path).stem or "thidua"
    ts = when.strftime(_TS_FORMAT)
    candidate = folder / f"{stem}-{ts}-{kind}{SUFFIX}"
    seq = 1
    while candidate.exists():
        seq += 1
        candidate = folder / f"{stem}-{ts}-{seq}-{kind}{SUFFIX}"
    return candidate


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


# --- writing ---------------------------------------------------------------------------

def _write_backup(db_path: Path, target: Path) -> Path:
    """Copy ``db_path`` to ``target`` through a verified temporary file.

    The source is checked first, so that a damaged or foreign source is
    reported as such rather than as a bad copy.
    """
    _require_source(db_path)
    app_id, version = inspect_file(db_path)
    if app_id != APPLICATION_ID or version < 1 or not file_holds_data(db_path):
        raise BackupError(f"Tệp “{db_path.name}” chưa có dữ liệu của ThiĐua Desktop, không có gì để sao lưu.")
    _write_verified(db_path, target)
    file_uuid = read_file_uuid(db_path)
    if file_uuid and target.parent == backup_dir_for(db_path, file_uuid):
        _remember(db_path, file_uuid)
    return target


def _keep_current_file(db_path: Path) -> Path:
    target = _next_backup_path(db_path, "before-restore", dt.datetime.now())
    try:
        return _write_backup(db_path, target)
    except FileBusyError:
        raise
    except StoreError:
        # The current file is damaged or not ours, so the backup API cannot
        # copy it faithfully. Nobody has it open (checked above): keep its bytes.
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(db_path, target)
            _fsync_file(target)
        except OSError as exc:
            _remove_quietly(target)
            raise BackupError(
                f"Không giữ lại được tệp hiện tại trước khi khôi phục: {exc.strerror or exc}. "
                "Dữ liệu hiện tại không bị thay đổi."
            ) from exc
        return target
