"""Nhật ký thay đổi: every create, update and delete of the records that matter.

Triggers on the audited tables write one ``audit_log`` row per changed row:
time, the OS user, table, row id, action, and the old / new values as JSON
(an update only when a value really changed, and only the values). The
triggers read who writes from the one-row table ``audit_state``, which the
app sets when it opens a file (:func:`register`; another program writing the
file is logged under the last user, never refused). :func:`paused` lifts the
triggers for a bulk job inside its transaction (the demo data, logged as one
line). :func:`note` adds a free line (an import of a file, a restore).

Triggers list the columns of their table: a migration that adds a column to
an audited table calls :func:`install_triggers` again.
"""
from __future__ import annotations

import contextlib
import getpass
import json
import sqlite3
from collections.abc import Iterator

import sqlite_utils

#: audited table → what the log calls it
AUDITED: dict[str, str] = {
    "org_settings": "Thông tin cơ quan",
    "units": "Đơn vị",
    "staff": "Cán bộ",
    "campaigns": "Phong trào",
    "evaluations": "Xếp loại",
    "unit_evaluations": "Xếp loại tập thể",
    "awards": "Lịch sử khen thưởng",
    "initiatives": "Sáng kiến",
    "initiative_authors": "Tác giả sáng kiến",
    "disciplines": "Kỷ luật",
    "reviews": "Vụ việc đang xem xét",
    "registrations": "Đăng ký thi đua",
    "rulesets": "Bộ quy tắc",
    "councils": "Hội đồng",
    "council_members": "Thành viên Hội đồng",
    "meetings": "Cuộc họp Hội đồng",
    "meeting_attendance": "Dự họp",
    "meeting_candidates": "Danh sách bầu",
    "meeting_titles": "Chỉ tiêu cuộc họp",
    "vote_rounds": "Kết quả kiểm phiếu",
    "round_votes": "Số phiếu",
    "tie_decisions": "Quyết định khi bằng phiếu",
    "decisions": "Quyết định khen thưởng",
    "decision_awardees": "Người được khen trong quyết định",
    "print_log": "In giấy khen, bằng khen",
    "printer_calibration": "Hiệu chỉnh máy in",
    "proposals": "Đề nghị khen thưởng cấp trên",
    "proposal_items": "Người được đề nghị",
    "khoi": "Khối thi đua",
    "khoi_members": "Thành viên khối thi đua",
    "khoi_sheets": "Bảng chấm điểm khối",
    "khoi_criteria": "Mục chấm điểm khối",
    "khoi_scores": "Điểm chấm khối",
    "khoi_ties": "Thứ tự khi đồng điểm trong khối",
}
ACTIONS = {"them": "Thêm", "sua": "Sửa", "xoa": "Xóa", "ghi_chu": "Ghi chú"}
_SKIP = {"created_at", "updated_at", "ten_key"}  # bookkeeping, not the user's data


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment
        return "?"


def register(db: sqlite_utils.Database, user: str | None = None) -> str | None:
    """Record who works on the file now (``user``, by default the OS user;
    written only when it changed). Returns who was recorded before, for a
    connection that writes under its own user for a while (the CLI) to put
    back (``register(db, previous)``) when it is done."""
    if "audit_state" not in db.table_names():
        return None
    user = _os_user() if user is None else user
    row = db.execute("SELECT nguoi_dung FROM audit_state WHERE id = 1").fetchone()
    previous = row[0] if row else None
    if previous != user:
        db.execute("UPDATE audit_state SET nguoi_dung = ? WHERE id = 1", [user])
        db.conn.commit()
    return previous


@contextlib.contextmanager
def paused(db: sqlite_utils.Database) -> Iterator[None]:
    """No row-by-row log inside the block, which must run inside a transaction:
    the triggers are dropped and made again at the end (DDL is transactional in
    SQLite: a crash or an error in between rolls them back into place), so bulk
    writes pay nothing for the log."""
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' "
                              "ESCAPE '\\'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        install_triggers(db)


def note(db: sqlite_utils.Database, text: str, table: str = "") -> None:
    db.execute("INSERT INTO audit_log (nguoi_dung, bang, thao_tac, moi) VALUES (?, ?, 'ghi_chu', ?)",
               [_os_user(), table, json.dumps({"ghi_chu": text}, ensure_ascii=False)])


def create_table(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        thoi_gian TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')),
        nguoi_dung TEXT NOT NULL DEFAULT '',
        bang TEXT NOT NULL DEFAULT '',
        ban_ghi INTEGER,
        thao_tac TEXT NOT NULL CHECK (thao_tac IN ('them', 'sua', 'xoa', 'ghi_chu')),
        cu TEXT,
        moi TEXT
    )""")
    db.execute("CREATE INDEX audit_log_time ON audit_log (thoi_gian)")
    db.execute("""CREATE TABLE audit_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        nguoi_dung TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("INSERT INTO audit_state (id) VALUES (1)")


def install_triggers(db: sqlite_utils.Database) -> None:
    """(Re)create the triggers of every audited table, from its current columns."""
    tables = set(db.table_names())
    for table in AUDITED:
        for suffix in ("ins", "upd", "del"):
            db.execute(f"DROP TRIGGER IF EXISTS audit_{table}_{suffix}")
        if table not in tables:
            continue
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall() if r[1] not in _SKIP]

        def obj(alias: str) -> str:
            return "json_object(" + ", ".join(f"'{c}', {alias}.\"{c}\"" for c in cols) + ")"

        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in cols)
        head = ("INSERT INTO audit_log (nguoi_dung, bang, ban_ghi, thao_tac, cu, moi) "
                "VALUES ((SELECT nguoi_dung FROM audit_state WHERE id = 1), ")
        db.execute(f"""CREATE TRIGGER audit_{table}_ins AFTER INSERT ON {table}
                       BEGIN {head}'{table}', NEW.rowid, 'them', NULL, {obj('NEW')}); END""")
        db.execute(f"""CREATE TRIGGER audit_{table}_upd AFTER UPDATE ON {table} WHEN {changed}
                       BEGIN {head}'{table}', NEW.rowid, 'sua', {obj('OLD')}, {obj('NEW')}); END""")
        db.execute(f"""CREATE TRIGGER audit_{table}_del AFTER DELETE ON {table}
                       BEGIN {head}'{table}', OLD.rowid, 'xoa', {obj('OLD')}, NULL); END""")


def entries(db: sqlite_utils.Database, limit: int | None = None) -> list[sqlite3.Row]:
    """Newest first."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    sql = "SELECT * FROM audit_log ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
    return cursor.execute(sql).fetchall()
