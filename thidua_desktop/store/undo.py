"""Undo and redo from the audit log: a change is the audit rows it wrote.

The audit triggers record every row a change touched — cascades included
(deleting a registration logs its meeting candidates and their votes too) —
with the old and new values. :func:`track` adds a TEMP trigger on the
connection, so the audit rows *this connection* wrote are known
(:func:`written_since`); another program's writes (the CLI) never join a
change of the window.

:func:`revert` writes the inverse of a change in one transaction, newest row
first: an insert is deleted, an update gets its old values back, a deleted
row is inserted again with its id. It refuses, writing nothing, when a row is
no longer as the change left it (someone changed it since) or when the
inverse would reach rows the change did not touch (a cascade onto rows made
later). The inverse is itself a change (audit rows), so reverting it again is
a redo.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

import sqlite_utils

from ..domain.vntext import search_key
from .audit import _SKIP, AUDITED
from .db import StoreError


class UndoRefused(StoreError):
    """The change cannot be taken back without losing someone else's."""


def track(db: sqlite_utils.Database) -> None:
    """Remember, for this connection only, the audit rows it writes (idempotent;
    nothing to remember on a file opened read-only)."""
    if db.execute("PRAGMA query_only").fetchone()[0]:
        return
    db.execute("CREATE TEMP TABLE IF NOT EXISTS undo_written (id INTEGER PRIMARY KEY)")
    db.execute("""CREATE TEMP TRIGGER IF NOT EXISTS undo_track AFTER INSERT ON main.audit_log
                  WHEN NEW.thao_tac <> 'ghi_chu'
                  BEGIN INSERT OR IGNORE INTO undo_written (id) VALUES (NEW.id); END""")


def _tracked(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'undo_written'"
                      ).fetchone() is not None


def last_written(db: sqlite_utils.Database) -> int:
    """The newest audit row this connection wrote (0: none yet)."""
    if not _tracked(db):
        return 0
    return db.execute("SELECT coalesce(max(id), 0) FROM temp.undo_written").fetchone()[0]


def written_since(db: sqlite_utils.Database, after: int) -> tuple[int, ...]:
    """The audit rows (not notes) this connection wrote after ``after``, oldest first."""
    if not _tracked(db):
        return ()
    return tuple(r[0] for r in db.execute("SELECT id FROM temp.undo_written WHERE id > ? ORDER BY id", [after]))


def _columns(db: sqlite_utils.Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall() if r[1] not in _SKIP]


def _current(db: sqlite_utils.Database, table: str, cols: list[str], rowid: int) -> dict | None:
    obj = "json_object(" + ", ".join(f"'{c}', \"{c}\"" for c in cols) + ")"
    row = db.execute(f"SELECT {obj} FROM {table} WHERE rowid = ?", [rowid]).fetchone()
    return json.loads(row[0]) if row else None


def _key_values(has_key: bool, values: dict) -> dict:
    """The bookkeeping columns the log leaves out but a row needs (the search key)."""
    if has_key:
        return {"ten_key": search_key(values.get("ho_ten") or values.get("ten") or "")}
    return {}


def _who(db: sqlite_utils.Database, table: str, rowid: int, after: int) -> str:
    row = db.execute("SELECT nguoi_dung, thoi_gian FROM audit_log WHERE bang = ? AND ban_ghi = ? AND id > ? "
                     "ORDER BY id DESC LIMIT 1", [table, rowid, after]).fetchone()
    if row is None:
        return ""
    return f" (lần sửa sau cùng: {row[0] or 'không rõ người dùng'}, lúc {row[1]})"


def _rows(db: sqlite_utils.Database, ids: Sequence[int]) -> list[tuple]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return db.execute(f"SELECT id, bang, ban_ghi, thao_tac, cu, moi FROM audit_log WHERE id IN ({marks}) "
                      "AND thao_tac <> 'ghi_chu' ORDER BY id", list(ids)).fetchall()


def check(db: sqlite_utils.Database, ids: Sequence[int], label: str = "") -> None:
    """Refuse (UndoRefused) when a row the change touched is not as it left it."""
    rows = _rows(db, ids)
    final: dict[tuple[str, int], dict | None] = {}
    for _, table, rowid, action, _old, new in rows:
        final[(table, rowid)] = None if action == "xoa" else json.loads(new)
    newest = max((r[0] for r in rows), default=0)
    columns: dict[str, list[str]] = {}
    changed: list[tuple[str, int]] = []
    for (table, rowid), expected in final.items():
        if table not in columns:
            columns[table] = _columns(db, table)
        now = _current(db, table, columns[table], rowid)
        if (now is None) != (expected is None) or (now is not None and now != expected):
            changed.append((table, rowid))
    if changed:
        table, rowid = changed[0]
        what = ", ".join(sorted({AUDITED.get(t, t) for t, _ in changed}))
        name = f"“{label}”" if label else "thay đổi này"
        raise UndoRefused(
            f"Không hoàn tác {name} được: {len(changed)} dòng dữ liệu ({what}) đã được thay đổi sau đó"
            f"{_who(db, table, rowid, newest)}. Hoàn tác sẽ xóa mất thay đổi ấy nên chưa ghi gì.")


def revert(db: sqlite_utils.Database, ids: Sequence[int], label: str = "") -> tuple[int, ...]:
    """Write the inverse of the change made of audit rows ``ids``; returns the
    audit rows of the inverse (revert those to redo). All or nothing."""
    check(db, ids, label)
    rows = _rows(db, ids)
    columns: dict[str, list[str]] = {}
    keyed: dict[str, bool] = {}
    name = f"“{label}”" if label else "thay đổi này"
    try:
        return _write_inverse(db, rows, columns, keyed, name)
    except sqlite3.IntegrityError as exc:
        raise UndoRefused(f"Không hoàn tác {name} được: dữ liệu đã thay đổi sau đó nên không đặt lại được "
                          f"({exc}). Chưa ghi gì.") from exc


def _write_inverse(db, rows, columns, keyed, name) -> tuple[int, ...]:
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")  # rows come back in reverse order of the log
        start = db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        for _, table, rowid, action, old, _new in reversed(rows):
            if table not in columns:
                columns[table] = _columns(db, table)
                keyed[table] = any(r[1] == "ten_key" for r in db.execute(f"PRAGMA table_info({table})"))
            cols = columns[table]
            if action == "them":
                db.execute(f"DELETE FROM {table} WHERE rowid = ?", [rowid])
                continue
            values = {c: v for c, v in json.loads(old).items() if c in cols}
            values.update(_key_values(keyed[table], values))
            if action == "sua":
                assignments = ", ".join(f'"{c}" = ?' for c in values)
                db.execute(f"UPDATE {table} SET {assignments} WHERE rowid = ?", [*values.values(), rowid])
            else:  # xoa: the row comes back with its own id
                names = list(values)
                if "id" not in values:
                    names.insert(0, "rowid")
                    values = {"rowid": rowid, **values}
                db.execute(f"INSERT INTO {table} ({', '.join(chr(34) + n + chr(34) if n != 'rowid' else n for n in names)}) "
                           f"VALUES ({', '.join('?' * len(names))})", list(values.values()))
        for table in columns:  # the references checked now, not at the commit of a caller's transaction
            if db.execute(f"PRAGMA foreign_key_check({table})").fetchone() is not None:
                raise UndoRefused(f"Không hoàn tác {name} được: dữ liệu mà nó tham chiếu đã bị xóa hoặc thay đổi "
                                  "sau đó. Chưa ghi gì.")
        written = db.execute("SELECT count(*) FROM audit_log WHERE id > ? AND thao_tac <> 'ghi_chu'",
                             [start]).fetchone()[0]
        if written != len(rows):
            raise UndoRefused(
                f"Không hoàn tác {name} được: hoàn tác sẽ kéo theo {written - len(rows)} dòng dữ liệu được tạo "
                "hoặc sửa sau đó (ví dụ giấy khen đã in, phiếu bầu đã nhập). Chưa ghi gì.")
        inverse = tuple(r[0] for r in db.execute(
            "SELECT id FROM audit_log WHERE id > ? AND thao_tac <> 'ghi_chu' ORDER BY id", [start]))
    return inverse
