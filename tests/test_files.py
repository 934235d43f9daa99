"""The data file among the faults of its environment (issue 15, items 4, 6, 8–12):
emptied files and their backups, the CLI beside an open window, exports that
must not overwrite what matters, read-only files, locked files and full
disks, upgrades from the CLI, where backups live and what they leave behind.

Each test goes through the window and the CLI where both apply."""
from __future__ import annotations

import datetime as dt
import getpass
import os
import shutil
import socket
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests import roster_factory as rf
from thidua_desktop import cli
from thidua_desktop.domain.models import OrgSettings, Staff, Unit
from thidua_desktop import paths
from thidua_desktop.services import backup
from thidua_desktop.store import audit, records
from thidua_desktop.store import db as store_db
from thidua_desktop.store.db import open_database
from thidua_desktop.ui import app as app_module
from thidua_desktop.ui.instance_lock import DataFileLock

FIXTURES = Path(__file__).parent / "fixtures"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def make_db(path: Path, *names: str) -> Path:
    db = open_database(path)
    # an agency's name and place: every export prints them (records.document_settings)
    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa"))
    unit = records.save_unit(db, Unit("Văn phòng"))
    for name in names or ("Nguyễn Văn An",):
        records.save_staff(db, Staff(name, unit_id=unit))
    db.close()
    return path


def staff_count(path: Path) -> int:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM staff").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def data(db_path):
    return make_db(db_path, "Nguyễn Văn An", "Trần Thị Bình")


@pytest.fixture
def roster(tmp_path):
    return rf.messy_roster(tmp_path / "danh-sach.xlsx").path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: ") and "Traceback" not in err, err
    return lines[0]


# --- 4. an emptied data file never wipes its backups ---------------------------------------

@pytest.mark.parametrize("emptied", ["zero-bytes", "no-tables"])
def test_an_emptied_file_with_backups_is_damaged_in_the_window(qapp, data, monkeypatch, emptied):
    backup.backup_now(data)
    if emptied == "zero-bytes":
        data.write_bytes(b"")
    else:
        data.unlink()
        conn = sqlite3.connect(data)  # a SQLite file without a single table (saved over by another tool)
        conn.execute("CREATE TABLE t (x)")
        conn.execute("DROP TABLE t")
        conn.commit()
        conn.close()
    before = data.read_bytes()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    with pytest.raises(backup.EmptiedFileError):
        app_module.open_data_file(data)
    assert "Khôi phục dữ liệu từ bản này?" in asked[0] and data.name in asked[0]
    assert data.read_bytes() == before  # declined: nothing written, no new empty file made
    assert [b.kind for b in backup.list_backups(data)] == ["manual"]  # and no backup of nothing
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    db = app_module.open_data_file(data)
    try:
        assert records.count_staff(db) == 2
    finally:
        db.close()


def test_the_cli_refuses_an_emptied_file_naming_the_backup_and_the_restore_command(capsys, data):
    made = backup.backup_now(data)
    data.write_bytes(b"")
    for argv in (["campaigns"], ["export-staff", data.with_name("ds.xlsx")], ["demo"]):
        code, _, err = run(capsys, argv[0], "--db", data, *argv[1:])
        line = one_error_line(err)
        assert code == cli.EXIT_ERROR and str(made) in line and "thidua restore" in line, argv
        assert data.read_bytes() == b""
    code, out, _ = run(capsys, "restore", "--db", data)
    assert code == 0 and str(made) in out
    assert staff_count(data) == 2


def test_no_backup_is_taken_of_a_file_without_data(db_path):
    open_database(db_path).close()  # a new file: the schema, nothing a user entered
    assert backup.auto_backup(db_path) is None
    with pytest.raises(backup.BackupError, match="không có gì để sao lưu"):
        backup.backup_now(db_path)
    assert backup.list_backups(db_path) == []


def test_rotation_drops_copies_without_data_before_any_with_data(data, tmp_path):
    days = [dt.datetime(2026, 11, d, 8, 30) for d in (1, 2, 3, 4)]
    first = backup.auto_backup(data, now=days[0])
    second = backup.auto_backup(data, now=days[1])
    # an earlier version backed up an emptied file on day 3
    empty = tmp_path / "empty.sqlite"
    open_database(empty).close()
    nothing = first.parent / "thidua-2026-11-03_083000-auto.sqlite"
    shutil.copyfile(empty, nothing)
    fourth = backup.auto_backup(data, now=days[3], keep=3)
    autos = [b.path for b in backup.list_backups(data) if b.kind == "auto"]
    assert autos == [fourth, second, first]


# --- 6. the CLI does not write behind the window's back -------------------------------------

def test_writing_commands_refuse_while_the_window_holds_the_file(qapp, capsys, data, roster, tmp_path):
    lock = DataFileLock(data)  # what the window holds while it is open
    assert lock.acquire() is None
    try:
        before = data.read_bytes()
        csv = tmp_path / "phieu.csv"
        csv.write_text("ma,vong\n", encoding="utf-8")
        for argv in (["import-staff", roster], ["demo"], ["tally", "--meeting", "1", csv],
                     ["calibrate", "--printer", "HP", "--offset", "1,1"], ["restore"]):
            code, _, err = run(capsys, argv[0], "--db", data, *argv[1:])
            line = one_error_line(err)
            assert code == cli.EXIT_ERROR, argv
            assert socket.gethostname() in line and getpass.getuser() in line, line
            assert "python" not in line.lower() and "đang được mở" in line
        assert data.read_bytes() == before
        code, out, _ = run(capsys, "campaigns", "--db", data)  # reading still works
        assert code == 0 and "Chưa có phong trào" in out
        code, _, _ = run(capsys, "export-staff", "--db", data, tmp_path / "ds.xlsx")
        assert code == 0 and data.read_bytes() == before
    finally:
        lock.release()
    code, out, _ = run(capsys, "import-staff", "--db", data, roster)
    assert code == 0 and staff_count(data) > 2


def test_the_window_is_refused_while_a_command_writes(qapp, data):
    from thidua_desktop.store.lockfile import COMMAND_LINE, FileLock

    with FileLock(data, COMMAND_LINE) as command:
        assert command.acquire() is None
        why = DataFileLock(data).acquire()
        assert why is not None and "lệnh thidua" in why and getpass.getuser() in why
    assert not Path(f"{data}.lock").exists()


def test_a_command_writes_under_its_own_user_and_gives_the_file_back(capsys, data, roster, monkeypatch):
    db = open_database(data, register_user=False)
    audit.register(db, "thuky-cua-so")  # the user the window recorded when it opened the file
    db.close()
    monkeypatch.setattr(audit, "_os_user", lambda: "nguoi-dung-lenh")
    code, _, _ = run(capsys, "import-staff", "--db", data, roster)
    assert code == 0
    db = open_database(data, readonly=True)
    try:
        users = {r[0] for r in db.execute("SELECT nguoi_dung FROM audit_log WHERE bang = 'staff'")}
        assert "nguoi-dung-lenh" in users
        assert db.execute("SELECT nguoi_dung FROM audit_state").fetchone()[0] == "thuky-cua-so"
    finally:
        db.close()


def test_reading_commands_write_nothing(capsys, data):
    db = open_database(data, register_user=False)
    audit.register(db, "thuky-cua-so")
    db.close()
    before = data.read_bytes()
    code, _, _ = run(capsys, "campaigns", "--db", data)
    assert code == 0 and data.read_bytes() == before


# --- 8. exports never overwrite the data file, its backups or returned workbooks ----------

def test_an_export_onto_the_data_file_or_a_backup_is_refused(capsys, tmp_path):
    data = make_db(tmp_path / "d.xlsx")  # the issue's own reproduction: a data file named .xlsx
    before = data.read_bytes()
    code, _, err = run(capsys, "export-staff", "--db", data, data)
    assert code == cli.EXIT_ERROR and "tệp dữ liệu" in one_error_line(err)
    assert data.read_bytes() == before
    made = backup.backup_now(data)
    copy = made.with_suffix(".xlsx")
    made.rename(copy)
    saved = copy.read_bytes()
    code, _, err = run(capsys, "export-staff", "--db", data, copy)
    assert code == cli.EXIT_ERROR and copy.read_bytes() == saved
    code, _, err = run(capsys, "ballots", "--db", data, "--meeting", "1", paths.backups_root() / "x.pdf")
    assert code == cli.EXIT_ERROR


def test_the_window_refuses_to_export_over_its_data_file(qapp, show_window, tmp_path, monkeypatch):
    data = make_db(tmp_path / "d.xlsx")
    db = open_database(data)
    from thidua_desktop.ui.main_window import MainWindow

    window = MainWindow(data, db)
    try:
        before = data.read_bytes()
        warned = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(data), ""))
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
        window.export_staff()
        assert warned and "tệp dữ liệu" in warned[0]
        assert data.read_bytes() == before
    finally:
        window.close()


def _fail_rename(monkeypatch):
    from thidua_desktop.services.documents import output

    def full(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(output.os, "replace", full)


@pytest.mark.parametrize("argv", [
    ["export-staff", "{out}.xlsx"],
    ["calibration-sheet", "{out}.pdf"],
])
def test_a_failed_export_leaves_the_previous_file_and_no_temporary_file(capsys, data, tmp_path, monkeypatch, argv):
    out = Path(argv[1].format(out=tmp_path / "ra" / "xuat"))
    out.parent.mkdir()
    args = [argv[0]] + (["--db", data] if argv[0] != "calibration-sheet" else []) + [out]
    assert run(capsys, *args)[0] == 0
    good = out.read_bytes()
    _fail_rename(monkeypatch)
    code, _, err = run(capsys, *args)
    assert code == cli.EXIT_ERROR and "No space left" in one_error_line(err)
    assert out.read_bytes() == good
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_pdf_documents_and_certificates_write_atomically(decisions_demo, tmp_path, monkeypatch):
    from thidua_desktop.services.documents.decision_pdf import export_decision_annex
    from thidua_desktop.services.decisions.service import print_certificates
    from thidua_desktop.store.db import StoreError

    decision = decisions_demo.execute("SELECT id FROM decisions ORDER BY id LIMIT 1").fetchone()[0]
    out = tmp_path / "ra"
    out.mkdir()
    annex, certs = out / "phu-luc.pdf", out / "giay-khen.pdf"
    annex.write_bytes(b"%PDF old annex")
    certs.write_bytes(b"%PDF old certificates")
    _fail_rename(monkeypatch)
    with pytest.raises(StoreError):
        export_decision_annex(decisions_demo, decision, annex)
    with pytest.raises(StoreError):
        print_certificates(decisions_demo, decision, certs)
    assert annex.read_bytes() == b"%PDF old annex" and certs.read_bytes() == b"%PDF old certificates"
    assert sorted(p.name for p in out.iterdir()) == ["giay-khen.pdf", "phu-luc.pdf"]


def test_unit_workbooks_are_never_written_over_returned_ones(capsys, decisions_demo, db_path, tmp_path):
    campaign = decisions_demo.execute("SELECT id FROM campaigns ORDER BY id LIMIT 1").fetchone()[0]
    decisions_demo.close()
    folder = tmp_path / "phieu"
    code, out, _ = run(capsys, "export-unit-templates", "--db", db_path, "--campaign", campaign, folder)
    assert code == 0
    first = sorted(folder.glob("*.xlsx"))
    returned = first[0]
    returned.write_bytes(returned.read_bytes() + b"")  # as a unit sent it back
    filled = {p.name: p.read_bytes() for p in first}
    code, out, _ = run(capsys, "export-unit-templates", "--db", db_path, "--campaign", campaign, folder)
    assert code == 0 and "không ghi đè" in out
    assert {p.name: p.read_bytes() for p in sorted(folder.glob("*.xlsx"))} == filled
    (again,) = [p for p in folder.iterdir() if p.is_dir()]
    assert again.name.startswith("phieu-dang-ky-") and len(list(again.glob("*.xlsx"))) == len(first)


def test_a_batch_of_workbooks_gets_one_distinct_ascii_name_each_and_never_overwrites(tmp_path):
    from thidua_desktop.services.documents.output import batch_paths

    names = ["Văn phòng", "VĂN PHÒNG", "Phòng Chính sách dân tộc", "—", "Văn  phòng"]
    paths = batch_paths(tmp_path / "phieu", "dang-ky", names, fallback="don-vi", folder="phieu-dang-ky")
    assert [p.name for p in paths] == ["dang-ky-van-phong.xlsx", "dang-ky-van-phong-2.xlsx",
                                       "dang-ky-phong-chinh-sach-dan-toc.xlsx", "dang-ky-don-vi.xlsx",
                                       "dang-ky-van-phong-3.xlsx"]
    assert all(p.parent == tmp_path / "phieu" for p in paths) and (tmp_path / "phieu").is_dir()
    paths[0].write_bytes(b"sent back filled in")
    again = batch_paths(tmp_path / "phieu", "dang-ky", names[:1], fallback="don-vi", folder="phieu-dang-ky")
    today = f"phieu-dang-ky-{dt.date.today():%Y-%m-%d}"
    assert again[0].parent.name == today and again[0].parent.is_dir()
    third = batch_paths(tmp_path / "phieu", "dang-ky", names[:1], fallback="don-vi", folder="phieu-dang-ky")
    assert third[0].parent.name == today + "-2"  # a folder no earlier batch used
    assert paths[0].read_bytes() == b"sent back filled in"


def test_the_window_exports_unit_workbooks_into_a_new_folder_when_the_chosen_one_has_some(
        qapp, decisions_window, tmp_path, monkeypatch):
    folder = tmp_path / "phieu"
    folder.mkdir()
    (folder / "dang-ky-van-phong.xlsx").write_bytes(b"returned by a unit")
    infos = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: infos.append(a[2]))
    decisions_window.select_tab("registrations")
    decisions_window.export_unit_templates()
    assert (folder / "dang-ky-van-phong.xlsx").read_bytes() == b"returned by a unit"
    assert infos and "không ghi đè" in infos[0]
    assert [p for p in folder.iterdir() if p.is_dir()]


# --- 9. read-only data file or folder ------------------------------------------------------

@pytest.fixture
def readonly(monkeypatch):
    """The file or folder refuses writes (tests run as root: chmod would not stop them)."""
    monkeypatch.setattr(store_db, "_can_write", lambda path: False)


def test_the_cli_reads_a_read_only_file_and_refuses_to_write_it(capsys, data, roster, readonly):
    before = data.read_bytes()
    code, out, err = run(capsys, "campaigns", "--db", data)
    assert code == 0 and "Traceback" not in err
    code, _, err = run(capsys, "import-staff", "--db", data, roster)
    assert code == cli.EXIT_ERROR and "chỉ cho đọc" in one_error_line(err)
    assert data.read_bytes() == before


def test_the_window_opens_a_read_only_file_read_only(qapp, db_path, monkeypatch):
    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.ui.main_window import TAB_KEYS, MainWindow

    db = open_database(db_path)
    build_demo(db, staff=30, seed=3)
    db.close()
    data = db_path
    monkeypatch.setattr(store_db, "_can_write", lambda path: False)
    before = data.read_bytes()
    db = app_module.open_data_file(data)
    window = MainWindow(data, db)
    try:
        window.show()
        assert window.windowTitle().endswith("— chỉ đọc")
        assert window.readonly_label.isVisible()
        assert not window.findChild(type(window.undo_action), "actionImportStaff").isEnabled()
        for key in TAB_KEYS:  # every tab shows the data
            window.select_tab(key)
        warned = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
        assert not window.perform(lambda: records.save_unit(window.db, Unit("Phòng mới")))
        assert warned and "chỉ đọc" in warned[0]
    finally:
        window.close()
    assert data.read_bytes() == before


# --- 10. a locked file or a full disk: one sentence, nothing written -------------------------

@pytest.fixture
def short_busy(monkeypatch):
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)


def test_a_file_held_by_another_program_is_one_sentence_in_the_cli(capsys, data, roster, short_busy):
    other = sqlite3.connect(data)
    other.execute("BEGIN IMMEDIATE")  # another program is writing, and keeps at it
    try:
        code, _, err = run(capsys, "import-staff", "--db", data, roster)
    finally:
        other.rollback()
        other.close()
    assert code == cli.EXIT_ERROR and "chương trình khác" in one_error_line(err)
    assert staff_count(data) == 2


def _full_disk(monkeypatch):
    """The disk fills up after the file's current size."""
    real = store_db.open_database

    def opened(*a, **k):
        db = real(*a, **k)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db
    monkeypatch.setattr(store_db, "open_database", opened)


def test_a_full_disk_during_an_import_is_one_sentence_and_nothing_is_written(capsys, data, monkeypatch, tmp_path):
    big = tmp_path / "lon.xlsx"
    rf.make_roster(big, 400)
    _full_disk(monkeypatch)
    code, _, err = run(capsys, "import-staff", "--db", data, big)
    assert code == cli.EXIT_ERROR and "đầy" in one_error_line(err)
    assert staff_count(data) == 2


def test_the_window_says_one_sentence_for_a_full_disk_and_keeps_running(qapp, show_window, data, monkeypatch,
                                                                       tmp_path):
    from thidua_desktop.services.imports import roster as roster_import

    big = tmp_path / "lon.xlsx"
    rf.make_roster(big, 400)
    db = open_database(data)
    window = show_window(db)
    plan = roster_import.plan_import(db, big)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert not window.perform(lambda: roster_import.apply_import(db, plan))
    assert warned == [store_db.user_message(sqlite3.OperationalError("database or disk is full"))]
    assert records.count_staff(db) == 2 and len(records.list_units(db)) == 1
    assert window.isVisible()


def test_the_crash_handler_shows_a_fault_of_the_environment_as_a_message(qapp, tmp_path, monkeypatch):
    monkeypatch.delenv("THIDUA_NO_CRASH_DIALOG", raising=False)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("the crash dialog was shown"))
    saved = sys.excepthook
    try:
        app_module.install_excepthook(tmp_path / "thidua.log")
        exc = sqlite3.OperationalError("database is locked")
        sys.excepthook(type(exc), exc, None)
    finally:
        sys.excepthook = saved
    assert warned and "chương trình khác" in warned[0]


# --- 11. upgrading an older file from the CLI keeps a copy first -----------------------------

def test_a_reading_command_upgrades_an_old_file_only_after_a_backup(capsys, tmp_path):
    old = tmp_path / "cu.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", old)
    before = old.read_bytes()
    code, _, err = run(capsys, "campaigns", "--db", old)
    assert code == 0, err
    kept = [b for b in backup.list_backups(old) if b.kind == "pre-migration"]
    assert kept
    conn = sqlite3.connect(kept[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_an_old_read_only_file_is_not_upgraded_and_says_why(capsys, tmp_path, readonly):
    old = tmp_path / "cu.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", old)
    before = old.read_bytes()
    code, _, err = run(capsys, "campaigns", "--db", old)
    assert code == cli.EXIT_ERROR and "phiên bản cũ" in one_error_line(err)
    assert old.read_bytes() == before and backup.list_backups(old) == []


# --- 12. where backups live, what they leave, and the journal mode -----------------------------

def test_the_window_warns_when_the_backup_folder_cannot_be_written(qapp, show_window, data, monkeypatch):
    paths.backups_root().parent.mkdir(parents=True, exist_ok=True)
    paths.backups_root().write_text("a file where the folder should be")  # not writable as a folder
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    window = show_window(open_database(data))
    window.auto_backup()
    window.auto_backup()
    assert len(warned) == 1 and "Không sao lưu tự động được" in warned[0]
    assert window.backup_label.isVisible() and "sao lưu" in window.backup_label.text()


def test_backups_follow_the_file_when_it_moves(data, tmp_path):
    made = backup.backup_now(data)
    moved = tmp_path / "usb-E" / "du-lieu.sqlite"
    moved.parent.mkdir()
    shutil.move(data, moved)
    assert [b.path for b in backup.list_backups(moved)] == [made]
    assert backup.newest_good_backup(moved).path == made


def test_backups_of_earlier_versions_in_path_hash_folders_are_still_found(data):
    legacy = paths.backup_dir_for(data)  # the folder earlier versions used
    legacy.mkdir(parents=True)
    shutil.copyfile(data, legacy / "thidua-2026-10-01_080000-manual.sqlite")
    made = backup.backup_now(data)
    assert made.parent != legacy
    assert [b.path.parent for b in backup.list_backups(data)] == [made.parent, legacy]


def test_temporary_files_of_killed_backups_are_removed(data):
    first = backup.backup_now(data)
    folder = first.parent
    old = folder / ".thidua-2026-11-01_083000-auto.sqlite.tmp"
    old.write_bytes(b"half a copy")
    (folder / ".thidua-2026-11-01_083000-auto.sqlite.tmp-journal").write_bytes(b"j")
    hour_ago = dt.datetime.now().timestamp() - 3600
    for p in folder.glob(".*"):
        os.utime(p, (hour_ago, hour_ago))
    fresh = folder / ".thidua-now-manual.sqlite.tmp"  # another backup writing right now
    fresh.write_bytes(b"in progress")
    backup.backup_now(data)
    assert sorted(p.name for p in folder.glob(".*")) == [fresh.name]


def test_a_file_left_in_wal_mode_returns_to_the_rollback_journal(capsys, data):
    conn = sqlite3.connect(data)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    db = open_database(data)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()
    assert not Path(f"{data}-wal").exists()


def test_every_file_has_its_own_identity(db_path, tmp_path):
    db = open_database(db_path)
    first = store_db.file_uuid(db)
    assert first and store_db.file_uuid(db) == first
    db.close()
    assert store_db.read_file_uuid(db_path) == first
    other = open_database(tmp_path / "khac.sqlite")
    assert store_db.file_uuid(other) != first
    other.close()
    ro = open_database(db_path, readonly=True)
    assert store_db.file_uuid(ro) == first
    ro.close()


def test_an_export_never_replaces_the_journal_or_lock_of_a_data_file(capsys, data):
    journal = Path(f"{data}-journal")
    code, _, err = run(capsys, "export-staff", "--db", data, journal.with_name(journal.name + ".xlsx"))
    assert code == 0  # a name that only looks alike is fine
    from thidua_desktop.services.documents.output import check_output
    from thidua_desktop.store.db import StoreError

    for companion in (journal, Path(f"{data}.lock")):
        with pytest.raises(StoreError, match="tệp dữ liệu"):
            check_output(companion)


def test_temporary_files_of_killed_exports_are_removed(capsys, data, tmp_path):
    out = tmp_path / "ds.xlsx"
    left = tmp_path / ".ds.1a2b3c4d.tmp.xlsx"  # a write killed yesterday
    left.write_bytes(b"half a workbook")
    hour_ago = dt.datetime.now().timestamp() - 3600
    os.utime(left, (hour_ago, hour_ago))
    assert run(capsys, "export-staff", "--db", data, out)[0] == 0
    assert not left.exists() and out.exists()
