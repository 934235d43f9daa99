"""Trust: one window per data file, killed writes leave the file consistent,
a damaged file offers the newest good backup and is otherwise left alone.

The kill tests run a few random kill points in the normal suite; set
``THIDUA_LONG=1`` for many more."""
from __future__ import annotations

import os
import random
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from thidua_desktop.services import backup
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store.db import CorruptFileError, ForeignFileError, open_database
from thidua_desktop.ui import app as app_module
from thidua_desktop.ui.instance_lock import DataFileLock

KILLS = 20 if os.environ.get("THIDUA_LONG") == "1" else 3


# --- one window per file -------------------------------------------------------------------

def test_a_second_window_on_the_same_file_is_refused_naming_where(qapp, db_path):
    first, second = DataFileLock(db_path), DataFileLock(db_path)
    assert first.acquire() is None
    why = second.acquire()
    assert why is not None and socket.gethostname() in why and "đang được mở" in why
    assert f"{db_path.name}.lock" in why
    first.release()
    assert second.acquire() is None
    second.release()


def test_a_lock_left_by_a_crashed_process_is_recovered(qapp, db_path):
    code = textwrap.dedent(f"""
        import os
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(db_path) + '.lock'!r})
        lock.setStaleLockTime(0)
        assert lock.tryLock(1000)
        os._exit(0)  # a crash: the lock file stays behind
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert Path(str(db_path) + ".lock").exists()
    lock = DataFileLock(db_path)
    assert lock.acquire() is None  # its process is gone: the stale lock is taken over
    lock.release()


def test_the_app_refuses_a_file_already_open(qapp, db_path, tmp_path, capsys):
    open_database(db_path).close()
    holder = DataFileLock(db_path)
    assert holder.acquire() is None
    try:
        code = app_module.main(["--db", str(db_path), "--screenshot", str(tmp_path / "x.png")])
    finally:
        holder.release()
    assert code == 2 and "đang được mở" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


# --- damaged files ----------------------------------------------------------------------

@pytest.fixture
def backed_up(db_path):
    db = open_database(db_path)
    build_demo(db, staff=40, seed=3)
    staff = db.execute("SELECT count(*) FROM staff").fetchone()[0]
    db.close()
    backup.backup_now(db_path)
    return staff


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign"])
def test_a_damaged_file_offers_the_newest_good_backup(qapp, db_path, backed_up, monkeypatch, damage):
    if damage == "truncate":
        with open(db_path, "r+b") as fh:
            fh.truncate(3000)
    elif damage == "garbage":
        db_path.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    else:
        db_path.unlink()
        other = sqlite3.connect(db_path)
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        other.commit()
        other.close()
    bad = db_path.read_bytes()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    with pytest.raises((CorruptFileError, ForeignFileError)):
        app_module.open_data_file(db_path)
    assert "Khôi phục dữ liệu từ bản này?" in asked[0]
    assert db_path.read_bytes() == bad  # declined: not a byte changed
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    db = app_module.open_data_file(db_path)
    try:
        assert db.execute("SELECT count(*) FROM staff").fetchone()[0] == backed_up
    finally:
        db.close()
    kept = [b for b in backup.list_backups(db_path) if b.kind == "before-restore"]
    assert kept and kept[0].path.read_bytes() == bad  # the bad file is kept as it was


def test_without_a_backup_the_message_stays_and_nothing_is_written(qapp, db_path):
    db_path.write_bytes(b"\x00" * 5000)
    with pytest.raises((CorruptFileError, ForeignFileError), match="thidua.sqlite"):
        app_module.open_data_file(db_path)
    assert db_path.read_bytes() == b"\x00" * 5000


# --- killed in the middle of a write ------------------------------------------------------

def _run_and_kill(code: str, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=60)


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_killing_a_big_write_leaves_all_or_nothing(tmp_path):
    """The demo agency (staff, history, registrations, council) is written in
    one transaction: killed at any point, the file holds all of it or none."""
    rng = random.Random(7)
    full = None
    for i in range(KILLS):
        path = tmp_path / f"kill{i}.sqlite"
        open_database(path).close()
        code = textwrap.dedent(f"""
            from thidua_desktop.store.db import open_database
            from thidua_desktop.services.demo import build_demo
            db = open_database({str(path)!r})
            build_demo(db, staff=3000, seed=5)
            db.close()
        """)
        _run_and_kill(code, rng.uniform(0.3, 2.5))
        assert _integrity(path) == "ok"
        db = open_database(path)  # reopening rolls back what was left half-done
        try:
            counts = tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                           for t in ("staff", "registrations", "awards", "meetings"))
        finally:
            db.close()
        if counts[0]:
            full = full or counts
            assert counts == full  # everything …
        else:
            assert counts == (0, 0, 0, 0)  # … or nothing


def test_killing_a_restore_leaves_the_old_or_the_new_file(tmp_path, db_path, backed_up):
    source = backup.backup_now(db_path)
    db = open_database(db_path)
    for table in ("decisions", "meetings", "registrations"):  # registrations with votes or awards stay otherwise
        db.execute(f"DELETE FROM {table}")
    db.execute("UPDATE staff SET ghi_chu = 'sau sao lưu'")
    db.conn.commit()
    db.close()
    rng = random.Random(11)
    for _ in range(KILLS):
        code = textwrap.dedent(f"""
            from thidua_desktop.services.backup import restore
            for _ in range(50):
                restore({str(source)!r}, {str(db_path)!r})
        """)
        _run_and_kill(code, rng.uniform(0.2, 1.5))
        assert _integrity(db_path) == "ok"
        db = open_database(db_path)
        try:
            notes = {r[0] for r in db.execute("SELECT ghi_chu FROM staff")}
            regs = db.execute("SELECT count(*) FROM registrations").fetchone()[0]
        finally:
            db.close()
        assert (notes == {"sau sao lưu"} and regs == 0) or ("sau sao lưu" not in notes and regs > 0)


# --- every subcommand on a bad file ---------------------------------------------------------

def _argv(name: str, sub, db: Path, tmp: Path) -> list[str]:
    """The subcommand with every required argument filled with something plausible."""
    values = {"campaign": "1", "meeting": "1", "decision": "1", "year": "2025", "proposal": "1", "title": "GK",
              "number": "1/QĐ-BDT", "date": "2026-12-20", "form": "0603.N"}
    suffix = ".pdf" if name in ("ballots", "minutes", "certificates") else ".xlsx"
    argv = [name, "--db", str(db)]
    for group in sub._mutually_exclusive_groups:  # a required choice: its first option
        if group.required:
            argv.append(group._group_actions[0].option_strings[0])
    for action in sub._actions:
        if action.dest == "help" or not (action.required or not action.option_strings):
            continue
        if action.option_strings:
            argv += [action.option_strings[0], values[action.dest]]
        elif action.dest in ("out_dir",):
            argv.append(str(tmp / "ra"))
        elif action.dest == "csv":
            argv.append(str(tmp / "x.csv"))
        elif action.dest in ("file", "files"):
            argv.append(str(tmp / "x.xlsx"))
        else:
            argv.append(str(tmp / f"out{suffix}"))
    return argv


@pytest.mark.parametrize("damage", ["garbage", "foreign"])
def test_every_subcommand_refuses_a_bad_file_in_one_line(tmp_path, capsys, damage):
    from thidua_desktop import cli

    bad = tmp_path / "bad.sqlite"
    if damage == "garbage":
        bad.write_bytes(b"\x00garbage" * 700)
    else:
        other = sqlite3.connect(bad)
        other.execute("CREATE TABLE hoa_don (id INTEGER PRIMARY KEY)")
        other.commit()
        other.close()
    before = bad.read_bytes()
    parser = cli.build_parser()
    subs = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    for name, sub in subs.items():
        if not any("--db" in a.option_strings for a in sub._actions):
            continue  # reads no data file (calibration-sheet)
        if name == "backups":
            continue  # lists the backups of a damaged file: what its owner needs then
        code = cli.main(_argv(name, sub, bad, tmp_path))
        err = capsys.readouterr().err
        assert code == 2, name
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Lỗi: ") and "Traceback" not in err, (name, err)
        assert bad.read_bytes() == before, name  # never written
