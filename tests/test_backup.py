"""Backups: automatic (daily, rotated), manual, before a migration, restore."""
from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.domain.models import Staff, Unit
from thidua_desktop.services import backup
from thidua_desktop.services.backup import (
    BackupError,
    BackupInfo,
    auto_backup,
    backup_now,
    list_backups,
    make_pre_migration_backup,
    restore,
)
from thidua_desktop.store import db as store_db
from thidua_desktop.store import records
from thidua_desktop.store.db import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    CorruptFileError,
    FileBusyError,
    ForeignFileError,
    NewerSchemaError,
    StoreError,
    inspect_file,
    open_database,
)

DAY1 = dt.datetime(2026, 11, 1, 8, 30, 0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    finally:
        conn.close()


def make_db(path: Path, *names: str) -> Path:
    """A data file with a unit and people, written with the columns of schema 1 (some tests make files of
    that schema, which lacks what later versions add to staff)."""
    from thidua_desktop.domain.vntext import search_key

    database = open_database(path)
    unit = records.save_unit(database, Unit("Văn phòng"))
    with database.atomic():
        for name in names or ("Nguyễn Văn An",):
            database.execute("INSERT INTO staff (ho_ten, ten_key, unit_id) VALUES (?, ?, ?)",
                             [name, search_key(name), unit])
    database.close()
    return path


def staff_names(path: Path) -> list[str]:
    return [row[1] for row in dump(path)["staff"]]


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def data(db_path):
    return make_db(db_path, "Nguyễn Văn An", "H'Hen Niê")


# --- automatic backups -----------------------------------------------------------------------

def test_auto_backup_writes_a_verified_copy_in_the_backup_folder(data, _user_data_dir):
    made = auto_backup(data, now=DAY1)
    assert made is not None
    assert made.parent == backup.backup_dir(data)
    assert made.is_relative_to(_user_data_dir)
    assert made.name == "thidua-2026-11-01_083000-auto.sqlite"
    assert dump(made) == dump(data)
    assert inspect_file(made) == (APPLICATION_ID, SCHEMA_VERSION)
    assert files_beside(made) == [made.name]  # no temporary or journal file left
    [info] = list_backups(data)
    assert info == BackupInfo(path=made, created=DAY1, kind="auto", size=made.stat().st_size)
    assert info.kind_label == "Tự động"


def test_at_most_one_automatic_backup_a_day(data):
    assert auto_backup(data, now=DAY1) is not None
    assert auto_backup(data, now=DAY1.replace(hour=17)) is None
    assert auto_backup(data, now=DAY1 + dt.timedelta(days=1)) is not None
    assert [b.created.date() for b in list_backups(data)] == [
        dt.date(2026, 11, 2), dt.date(2026, 11, 1),
    ]


def test_rotation_keeps_the_last_ten_automatic_backups_and_every_other_kind(data):
    manual = backup_now(data)
    pre = make_pre_migration_backup(data, 1)
    for day in range(12):
        assert auto_backup(data, now=DAY1 + dt.timedelta(days=day)) is not None
    autos = [b for b in list_backups(data) if b.kind == "auto"]
    assert len(autos) == 10
    assert autos[0].created == DAY1 + dt.timedelta(days=11)
    assert autos[-1].created == DAY1 + dt.timedelta(days=2)
    assert manual.exists() and pre.exists()
    assert {b.kind for b in list_backups(data)} == {"auto", "manual", "pre-migration"}


def test_rotation_honours_keep(data):
    for day in range(5):
        auto_backup(data, now=DAY1 + dt.timedelta(days=day), keep=3)
    assert [b.created.day for b in list_backups(data)] == [5, 4, 3]
    with pytest.raises(ValueError):
        auto_backup(data, now=DAY1 + dt.timedelta(days=9), keep=0)


def test_backups_are_kept_per_file(tmp_path):
    a = make_db(tmp_path / "a" / "thidua.sqlite")
    b = make_db(tmp_path / "b" / "thidua.sqlite")
    assert backup.backup_dir(a) != backup.backup_dir(b)
    auto_backup(a, now=DAY1)
    assert auto_backup(b, now=DAY1) is not None
    assert len(list_backups(a)) == len(list_backups(b)) == 1


def test_nothing_to_back_up_for_a_missing_or_empty_file(tmp_path):
    assert auto_backup(tmp_path / "khong-co.sqlite", now=DAY1) is None
    empty = tmp_path / "rong.sqlite"
    empty.write_bytes(b"")
    assert auto_backup(empty, now=DAY1) is None
    with pytest.raises(BackupError, match="trống"):
        backup_now(empty)
    assert list_backups(empty) == []


def test_a_foreign_file_is_not_backed_up(tmp_path):
    path = tmp_path / "khac.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignFileError):
        auto_backup(path, now=DAY1)
    with pytest.raises(StoreError):
        backup_now(path)
    assert list_backups(path) == []
    assert not backup.backup_dir(path).exists() or not any(backup.backup_dir(path).iterdir())


def test_backup_of_a_live_file_holds_only_committed_data(data):
    writer = sqlite3.connect(data)
    writer.execute("BEGIN")
    writer.execute("INSERT INTO staff (ho_ten, ten_key) VALUES ('Chưa lưu', 'chua luu')")
    try:
        made = backup_now(data)
    finally:
        writer.rollback()
        writer.close()
    assert staff_names(made) == ["Nguyễn Văn An", "H'Hen Niê"]


@pytest.fixture
def short_waits(monkeypatch):
    """Busy files fail after 0.1 s instead of 5 s."""
    monkeypatch.setattr(backup.files, "_TIMEOUT", 0.1)
    real_connect = store_db._raw_connect

    def quick(path, *, readonly):
        conn = real_connect(path, readonly=readonly)
        conn.execute("PRAGMA busy_timeout = 100")
        return conn

    monkeypatch.setattr(store_db, "_raw_connect", quick)


def test_backup_of_a_file_locked_by_a_writer_fails_quickly(data, short_waits):
    writer = sqlite3.connect(data)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(FileBusyError, match="bận"):
            backup_now(data)
    finally:
        writer.rollback()
        writer.close()
    assert list_backups(data) == []


def test_a_copy_that_fails_verification_is_deleted(data, monkeypatch):
    real_copy = backup.files._copy_database

    def copy_then_damage(source, dest):
        real_copy(source, dest)
        with open(dest, "r+b") as fh:  # scribble over the schema and table pages
            fh.seek(100)
            fh.write(b"\xff" * 8000)

    monkeypatch.setattr(backup.files, "_copy_database", copy_then_damage)
    with pytest.raises(BackupError) as info:
        auto_backup(data, now=DAY1)
    assert "kiểm tra" in str(info.value) and "đã bị xóa" in str(info.value)
    folder = backup.backup_dir(data)
    assert list_backups(data) == []
    assert not folder.exists() or list(folder.iterdir()) == []
    with pytest.raises(BackupError):
        backup_now(data, data.parent / "sao-luu.sqlite")
    assert not (data.parent / "sao-luu.sqlite").exists()


# --- manual backups ------------------------------------------------------------------------------

def test_backup_now_to_a_chosen_file(data, tmp_path):
    dest = tmp_path / "USB" / "Sao lưu ngày 23-11.sqlite"
    dest.parent.mkdir()
    dest.write_bytes(b"an old file to be replaced")
    assert backup_now(data, dest) == dest
    assert dump(dest) == dump(data)
    assert files_beside(dest) == [dest.name]
    assert list_backups(data) == []  # a chosen file is not in the backup folder


def test_backup_now_without_destination_goes_to_the_backup_folder(data):
    first = backup_now(data)
    second = backup_now(data)  # same second: still a distinct file
    assert first != second
    assert first.parent == second.parent == backup.backup_dir(data)
    assert [b.kind for b in list_backups(data)] == ["manual", "manual"]
    assert [b.path for b in list_backups(data)] == [second, first]  # newest first


def test_backup_now_onto_the_data_file_itself_is_refused(data):
    before = sha256(data)
    with pytest.raises(BackupError, match="chính nó"):
        backup_now(data, data)
    assert sha256(data) == before


def test_list_backups_ignores_other_files_and_sorts_newest_first(data):
    auto_backup(data, now=DAY1)
    auto_backup(data, now=DAY1 + dt.timedelta(days=3))
    folder = backup.backup_dir(data)
    (folder / "ghi-chu.txt").write_text("không phải bản sao lưu", encoding="utf-8")
    (folder / "thidua-2026-13-45_999999-auto.sqlite").write_bytes(b"")  # impossible date
    infos = list_backups(data)
    assert [b.created for b in infos] == [DAY1 + dt.timedelta(days=3), DAY1]
    assert all(b.size > 0 for b in infos)


# --- before a migration -----------------------------------------------------------------------------

def test_pre_migration_backup_through_open_database(db_path, monkeypatch):
    monkeypatch.setattr(store_db, "MIGRATIONS", store_db.MIGRATIONS[:1])
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", 1)
    make_db(db_path, "Lê Thị Hoa")
    v1 = dump(db_path)

    def v2(database):
        database.execute("CREATE TABLE awards (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(store_db, "MIGRATIONS", [*store_db.MIGRATIONS[:1], v2])
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", 2)
    database = open_database(db_path, before_migrate=make_pre_migration_backup)
    database.close()
    [info] = list_backups(db_path)
    assert info.kind == "pre-migration"
    assert inspect_file(info.path) == (APPLICATION_ID, 1)
    assert dump(info.path) == v1
    assert inspect_file(db_path) == (APPLICATION_ID, 2)


# --- restore ----------------------------------------------------------------------------------------

def test_restore_replaces_the_data_and_keeps_the_replaced_file(data):
    saved = backup_now(data)
    database = open_database(data)
    records.save_staff(database, Staff("Người mới sau sao lưu"))
    database.close()
    current = dump(data)

    kept = restore(saved, data)

    assert dump(data) == dump(saved)
    assert staff_names(data) == ["Nguyễn Văn An", "H'Hen Niê"]
    assert kept is not None and kept.parent == backup.backup_dir(data)
    assert dump(kept) == current
    assert {b.kind for b in list_backups(data)} == {"manual", "before-restore"}
    assert files_beside(data) == [data.name]  # no temporary or journal file left
    database = open_database(data)  # and the app opens it again
    try:
        assert records.count_staff(database) == 2
    finally:
        database.close()


def test_restore_into_a_missing_file_creates_it(data, tmp_path):
    saved = backup_now(data, tmp_path / "copy.sqlite")
    target = tmp_path / "moi" / "thidua.sqlite"
    target.parent.mkdir()
    assert restore(saved, target) is None
    assert dump(target) == dump(data)


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()


def _blank_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("VACUUM")  # a valid SQLite file with no tables and application_id 0
    conn.close()


def _truncated(path: Path) -> None:
    real = make_db(path.with_name("that.sqlite"), *[f"Cán bộ {i}" for i in range(200)])
    path.write_bytes(real.read_bytes()[:3000])


def _damaged(path: Path) -> None:
    """A file of ours whose staff table b-tree page is scribbled over."""
    make_db(path, *[f"Cán bộ {i}" for i in range(300)])
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'staff'").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d\xff\xff" + b"\x00\xff" * 200)


def _newer(path: Path) -> None:
    make_db(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()


def _text(path: Path) -> None:
    path.write_text("Đây là một tệp văn bản\n" * 50, encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (_foreign, ForeignFileError, "không phải bản sao lưu"),
        (_blank_sqlite, ForeignFileError, "không chứa dữ liệu"),
        (_text, ForeignFileError, "không phải bản sao lưu"),
        (_truncated, CorruptFileError, "bị hỏng"),
        (_damaged, CorruptFileError, "bị hỏng"),
        (_newer, NewerSchemaError, "mới hơn"),
    ],
    ids=["foreign", "blank-sqlite", "text", "truncated", "damaged", "newer"],
)
def test_a_bad_backup_is_refused_and_the_current_file_is_unchanged(data, tmp_path, make, error, words):
    bad_dir = tmp_path / "usb"
    bad_dir.mkdir()
    bad = bad_dir / "sao-luu.sqlite"
    make(bad)
    before = sha256(data)
    beside = files_beside(data)
    with pytest.raises(error) as info:
        restore(bad, data)
    message = str(info.value)
    assert words in message
    assert "Dữ liệu hiện tại không bị thay đổi" in message
    assert sha256(data) == before
    assert files_beside(data) == beside
    assert list_backups(data) == []  # nothing was even kept aside


def test_restore_from_a_missing_file_or_the_file_itself_is_refused(data, tmp_path):
    before = sha256(data)
    with pytest.raises(BackupError, match="Không tìm thấy"):
        restore(tmp_path / "khong-co.sqlite", data)
    with pytest.raises(BackupError, match="chính là tệp dữ liệu"):
        restore(data, data)
    assert sha256(data) == before


def test_restore_over_a_damaged_current_file_keeps_its_bytes(data, tmp_path):
    saved = backup_now(data, tmp_path / "tot.sqlite")
    damaged = tmp_path / "hong.sqlite"
    _damaged(damaged)
    damaged_bytes = damaged.read_bytes()
    kept = restore(saved, damaged)
    assert kept is not None and kept.read_bytes() == damaged_bytes
    assert dump(damaged) == dump(data)


def test_restore_is_refused_while_another_connection_writes(data, short_waits):
    saved = backup_now(data)
    writer = sqlite3.connect(data)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO staff (ho_ten, ten_key) VALUES ('Đang ghi', 'dang ghi')")
    try:
        before = sha256(data)
        with pytest.raises(FileBusyError, match="đang được dùng"):
            restore(saved, data)
        assert sha256(data) == before
    finally:
        writer.rollback()
        writer.close()
    assert [b.kind for b in list_backups(data)] == ["manual"]


def test_restore_an_older_backup_then_open_migrates_it_with_a_backup(db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(store_db, "MIGRATIONS", store_db.MIGRATIONS[:1])
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", 1)
    old = make_db(tmp_path / "cu.sqlite", "Trần Văn Bình")  # schema 1
    make_db(db_path, "Phạm Thị Lan")

    def v2(database):
        database.execute("CREATE TABLE awards (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(store_db, "MIGRATIONS", [*store_db.MIGRATIONS[:1], v2])
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", 2)
    database = open_database(db_path)  # the current file is now at schema 2
    database.close()

    kept = restore(old, db_path)
    assert inspect_file(kept) == (APPLICATION_ID, 2)
    assert inspect_file(db_path) == (APPLICATION_ID, 1)
    database = open_database(db_path, before_migrate=make_pre_migration_backup)
    try:
        assert "awards" in database.table_names()
        assert [r[0] for r in database.execute("SELECT ho_ten FROM staff")] == ["Trần Văn Bình"]  # schema 2
    finally:
        database.close()
    assert sorted(b.kind for b in list_backups(db_path)) == ["before-restore", "pre-migration"]
