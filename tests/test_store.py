"""The data file (store/db.py) and the queries over it (store/records.py)."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import unicodedata
from pathlib import Path, PureWindowsPath

import pytest

from thidua_desktop.domain.dates import PartialDate
from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
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
    schema_version,
    transaction,
)
from thidua_desktop.store.records import InUseError, ValidationError


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def make_real_db(path: Path) -> Path:
    database = open_database(path)
    # the row as that schema holds it (save_unit writes today's columns)
    with database.atomic():
        database["units"].insert({"ten": "Văn phòng", "ten_key": "van phong"})
    database.close()
    return path


# --- opening and identifying files --------------------------------------------------------

def test_new_file_is_marked_as_ours_and_at_current_schema(db_path):
    database = open_database(db_path)
    try:
        assert database.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert schema_version(database) == SCHEMA_VERSION
        assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert records.get_settings(database) == OrgSettings()
    finally:
        database.close()
    assert inspect_file(db_path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_empty_zero_byte_file_is_initialised(db_path):
    db_path.write_bytes(b"")
    database = open_database(db_path)
    try:
        assert schema_version(database) == SCHEMA_VERSION
        assert {"units", "staff", "campaigns", "org_settings"} <= set(database.table_names())
    finally:
        database.close()


def test_missing_file_without_create_is_refused(tmp_path):
    with pytest.raises(StoreError, match="Không tìm thấy"):
        open_database(tmp_path / "khong-co.sqlite", create=False)
    assert not (tmp_path / "khong-co.sqlite").exists()


def test_reopening_keeps_data_and_does_not_migrate(db_path):
    make_real_db(db_path)
    calls = []
    database = open_database(db_path, before_migrate=lambda p, v: calls.append(v))
    try:
        assert [u.ten for u in records.list_units(database)] == ["Văn phòng"]
    finally:
        database.close()
    assert calls == []


def _text_file(path: Path) -> None:
    path.write_text("Họ và tên;Ngày sinh\nNguyễn Văn An;01/02/1980\n" * 20, encoding="utf-8")


def _tiny_file(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00")  # a header and nothing else


def _truncated_db(path: Path) -> None:
    real = make_real_db(path.with_name("real.sqlite"))
    path.write_bytes(real.read_bytes()[:1000])


def _other_program_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Trần Thị Bình', '0905123456')")
    conn.commit()
    conn.close()


def _other_app_id_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _newer_db(path: Path) -> None:
    make_real_db(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (_text_file, ForeignFileError),
        (_tiny_file, ForeignFileError),
        (_truncated_db, CorruptFileError),
        (_other_program_db, ForeignFileError),
        (_other_app_id_db, ForeignFileError),
        (_newer_db, NewerSchemaError),
    ],
    ids=["text", "tiny", "truncated", "other-program", "other-app-id", "newer-schema"],
)
@pytest.mark.parametrize("create", [True, False])
def test_refused_files_are_left_byte_for_byte_unchanged(tmp_path, make, error, create):
    path = tmp_path / "du-lieu.sqlite"
    make(path)
    before = sha256(path)
    size = path.stat().st_size
    called = []
    with pytest.raises(error) as info:
        open_database(path, create=create, before_migrate=lambda p, v: called.append(v))
    message = str(info.value)
    assert "du-lieu.sqlite" in message
    assert any(ch in message for ch in "ệợằđ")  # Vietnamese, for the user
    assert sha256(path) == before
    assert path.stat().st_size == size
    assert side_files(path) == []  # no -journal (or -wal) left behind
    assert called == []


def test_newer_schema_message_says_to_update(tmp_path):
    path = tmp_path / "moi.sqlite"
    _newer_db(path)
    with pytest.raises(NewerSchemaError, match="mới hơn"):
        open_database(path)


def test_file_left_with_a_hot_journal_by_a_crash_is_recovered_not_refused(tmp_path):
    """A crash (or a pulled USB stick) mid-write leaves a journal beside the
    file; SQLite rolls it back to the last committed state."""
    live = tmp_path / "live.sqlite"
    database = open_database(live)
    records.save_unit(database, Unit("Văn phòng"))
    database.close()
    conn = sqlite3.connect(live)
    conn.execute("PRAGMA cache_size = 2")  # make the uncommitted pages reach the file
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO units (ten, ten_key) VALUES (?, ?)",
                     [(f"Tổ {i}", f"to {i}" + "x" * 900) for i in range(400)])
    crashed = tmp_path / "crashed.sqlite"
    shutil.copyfile(live, crashed)
    shutil.copyfile(f"{live}-journal", f"{crashed}-journal")
    conn.rollback()
    conn.close()

    assert inspect_file(crashed) == (APPLICATION_ID, SCHEMA_VERSION)
    database = open_database(crashed)
    try:
        assert [u.ten for u in records.list_units(database)] == ["Văn phòng"]
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        database.close()


def test_a_file_locked_by_a_writer_is_busy_not_corrupt(db_path, monkeypatch):
    make_real_db(db_path)
    real_connect = store_db._raw_connect

    def quick(path, *, readonly):
        conn = real_connect(path, readonly=readonly)
        conn.execute("PRAGMA busy_timeout = 100")
        return conn

    monkeypatch.setattr(store_db, "_raw_connect", quick)
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(FileBusyError, match="đang bận"):
            open_database(db_path)
    finally:
        writer.rollback()
        writer.close()
    assert inspect_file(db_path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_readonly_uri_of_a_unc_path_has_no_authority():
    """SQLite refuses file://server/… ; a network share must still open."""
    uri = store_db._readonly_uri(PureWindowsPath(r"\\server\share\Dữ liệu\thidua.sqlite"))
    assert uri.startswith("file:////server/share/")
    assert uri.endswith("thidua.sqlite?mode=ro")
    assert store_db._readonly_uri(PureWindowsPath(r"C:\Dữ liệu\thidua.sqlite")).startswith("file:///C:/")


MIGRATIONS_NOW = list(store_db.MIGRATIONS)


# --- migrations -----------------------------------------------------------------------------

def _v2_add_awards(database):
    database.execute("CREATE TABLE awards (id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff(id))")


@pytest.fixture
def two_versions(monkeypatch):
    """The app starts at schema 1 (files made now are version 1); ``install()``
    moves it to schema 2 with one extra migration ``step``."""
    first = store_db.MIGRATIONS[:1]
    monkeypatch.setattr(store_db, "MIGRATIONS", first)
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", 1)

    def install(step=_v2_add_awards):
        monkeypatch.setattr(store_db, "MIGRATIONS", [*first, step])
        monkeypatch.setattr(store_db, "SCHEMA_VERSION", 2)
    return install


def test_every_real_migration_runs_from_the_first_version(db_path, two_versions):
    """A file of schema 1 with data opens in today's app, migrated step by step."""
    make_real_db(db_path)
    real = MIGRATIONS_NOW
    store_db.MIGRATIONS, store_db.SCHEMA_VERSION = real, len(real)
    database = open_database(db_path)
    try:
        assert schema_version(database) == len(real)
        assert [u.ten for u in records.list_units(database)] == ["Văn phòng"]
        assert {"registrations", "awards", "evaluations"} <= set(database.table_names())
    finally:
        database.close()


def test_before_migrate_runs_for_an_older_file_then_it_is_migrated(db_path, two_versions):
    make_real_db(db_path)  # version 1
    two_versions()
    seen = []

    def before(path, from_version):
        seen.append((Path(path), from_version, inspect_file(path)[1]))

    database = open_database(db_path, before_migrate=before)
    try:
        assert seen == [(db_path, 1, 1)]
        assert schema_version(database) == 2
        assert "awards" in database.table_names()
        assert [u.ten for u in records.list_units(database)] == ["Văn phòng"]
    finally:
        database.close()


def test_before_migrate_is_not_called_for_a_new_file(db_path, two_versions):
    two_versions()
    seen = []
    database = open_database(db_path, before_migrate=lambda p, v: seen.append(v))
    database.close()
    assert seen == []


def test_failing_before_migrate_stops_the_migration(db_path, two_versions):
    make_real_db(db_path)
    before = sha256(db_path)
    two_versions()

    def refuse(path, version):
        raise StoreError("Không sao lưu được")

    with pytest.raises(StoreError, match="Không sao lưu được"):
        open_database(db_path, before_migrate=refuse)
    assert sha256(db_path) == before
    assert inspect_file(db_path)[1] == 1


def test_a_failing_migration_step_is_rolled_back(db_path, two_versions):
    make_real_db(db_path)

    def broken(database):
        database.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    two_versions(broken)
    with pytest.raises(RuntimeError):
        open_database(db_path)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "half_done" not in tables
    finally:
        conn.close()


# --- transactions ---------------------------------------------------------------------------

def test_an_exception_inside_a_transaction_leaves_nothing(db):
    with pytest.raises(RuntimeError):
        with transaction(db):
            unit_id = records.save_unit(db, Unit("Phòng Chính sách dân tộc"))
            records.save_staff(db, Staff("Nguyễn Văn An", unit_id=unit_id))
            records.save_campaign(db, Campaign("Phong trào năm 2026", nam_bat_dau=2026))
            records.save_settings(db, OrgSettings(co_quan="BAN DÂN TỘC"))
            raise RuntimeError("giữa chừng")
    assert records.list_units(db) == []
    assert records.count_staff(db) == 0
    assert records.list_campaigns(db) == []
    assert records.get_settings(db) == OrgSettings()
    assert not db.conn.in_transaction


def test_nested_transaction_failure_undoes_only_the_inner_part(db):
    with transaction(db):
        records.save_unit(db, Unit("Văn phòng"))
        with pytest.raises(ValidationError):
            with transaction(db):
                records.save_unit(db, Unit("Thanh tra Ban"))
                records.save_unit(db, Unit("VĂN PHÒNG"))  # duplicate: refused
    assert [u.ten for u in records.list_units(db)] == ["Văn phòng"]


def test_a_committed_transaction_is_visible_to_another_connection(db, db_path):
    with transaction(db):
        records.save_unit(db, Unit("Văn phòng"))
    other = open_database(db_path)
    try:
        assert [u.ten for u in records.list_units(other)] == ["Văn phòng"]
    finally:
        other.close()


# --- settings ---------------------------------------------------------------------------------

def test_settings_round_trip_normalised(db):
    records.save_settings(db, OrgSettings(
        co_quan_chu_quan=nfd("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"), co_quan="  BAN DÂN TỘC ",
        ky_hieu="BDT", dia_danh="Khánh Hòa", chuc_danh_thu_truong="Trưởng Ban",
        ten_thu_truong="Nguyễn Văn Khang",
    ))
    got = records.get_settings(db)
    assert got.co_quan_chu_quan == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    assert unicodedata.is_normalized("NFC", got.co_quan_chu_quan)
    assert got.co_quan == "BAN DÂN TỘC"
    assert got.ten_thu_truong == "Nguyễn Văn Khang"


# --- units --------------------------------------------------------------------------------------

def test_unit_save_update_and_order(db):
    a = records.save_unit(db, Unit("Văn phòng"))
    b = records.save_unit(db, Unit("Thanh tra Ban"))
    units = records.list_units(db)
    assert [(u.id, u.ten, u.thu_tu) for u in units] == [(a, "Văn phòng", 1), (b, "Thanh tra Ban", 2)]
    records.save_unit(db, Unit("Văn phòng Ban", id=a, thu_tu=3, ghi_chu="Thường trực Hội đồng"))
    assert [u.ten for u in records.list_units(db)] == ["Thanh tra Ban", "Văn phòng Ban"]
    assert records.unit_by_key(db)["van phong ban"].ghi_chu == "Thường trực Hội đồng"


def test_unit_with_empty_name_is_refused(db):
    with pytest.raises(ValidationError) as info:
        records.save_unit(db, Unit("   "))
    assert info.value.errors == ["Tên đơn vị không được để trống"]
    assert records.list_units(db) == []


@pytest.mark.parametrize("duplicate", ["VĂN PHÒNG", "van phong", "  Văn   Phòng ", nfd("Văn Phòng"), "Vân phòng"])
def test_unit_names_are_unique_ignoring_accents_case_and_spaces(db, duplicate):
    records.save_unit(db, Unit("Văn phòng"))
    with pytest.raises(ValidationError, match="Đã có đơn vị"):
        records.save_unit(db, Unit(duplicate))
    assert len(records.list_units(db)) == 1


def test_renaming_a_unit_onto_another_name_is_refused(db):
    records.save_unit(db, Unit("Văn phòng"))
    b = records.save_unit(db, Unit("Thanh tra Ban"))
    with pytest.raises(ValidationError, match="Đã có đơn vị"):
        records.save_unit(db, Unit("VAN PHONG", id=b))
    assert records.unit_by_key(db)["thanh tra ban"].id == b


def test_unit_parent_cycles_are_refused(db):
    a = records.save_unit(db, Unit("Trung tâm Hỗ trợ"))
    b = records.save_unit(db, Unit("Trạm khu vực Khánh Sơn", parent_id=a))
    c = records.save_unit(db, Unit("Tổ công tác số 1", parent_id=b))
    with pytest.raises(ValidationError, match="cấp trên"):
        records.save_unit(db, Unit("Trung tâm Hỗ trợ", id=a, parent_id=c))
    with pytest.raises(ValidationError, match="cấp trên"):
        records.save_unit(db, Unit("Trung tâm Hỗ trợ", id=a, parent_id=a))
    assert {u.id: u.parent_id for u in records.list_units(db)} == {a: None, b: a, c: b}
    records.save_unit(db, Unit("Tổ công tác số 1", id=c, parent_id=a))  # a legal move
    assert records.list_units(db)[2].parent_id == a


def test_unit_with_a_missing_parent_is_a_validation_error(db):
    with pytest.raises(ValidationError, match="không còn tồn tại"):
        records.save_unit(db, Unit("Tổ mồ côi", parent_id=999))


def test_delete_unit_refused_while_it_has_staff_or_children(db):
    parent = records.save_unit(db, Unit("Trung tâm"))
    child = records.save_unit(db, Unit("Trạm", parent_id=parent))
    sid = records.save_staff(db, Staff("Lê Thị Hoa", unit_id=child))
    with pytest.raises(InUseError, match="còn 1 cán bộ"):
        records.delete_unit(db, child)
    with pytest.raises(InUseError):
        records.delete_unit(db, parent)
    assert len(records.list_units(db)) == 2
    records.move_staff(db, [sid], None)
    records.delete_unit(db, child)
    records.delete_unit(db, parent)
    assert records.list_units(db) == []
    assert records.get_staff(db, sid).unit_id is None


# --- staff ----------------------------------------------------------------------------------------

def test_staff_save_get_update_round_trip(db):
    unit = records.save_unit(db, Unit("Phòng Chính sách dân tộc"))
    person = Staff(
        ho_ten="Nguyễn Thị Thu Hà", gioi_tinh="nu", ngay_sinh=PartialDate(1985, 3, 7),
        chuc_vu="Chuyên viên", ngach="Chuyên viên", trinh_do="Thạc sĩ", unit_id=unit,
        loai_hop_dong="bien_che", ghi_chu="Kiêm nhiệm thi đua",
    )
    sid = records.save_staff(db, person)
    got = records.get_staff(db, sid)
    assert got == Staff(**{**person.__dict__, "id": sid})
    assert got.honorific == "Bà"

    records.save_staff(db, Staff("Y Ngọc", gioi_tinh="nam", ngay_sinh=PartialDate(1979), id=sid))
    got = records.get_staff(db, sid)
    assert (got.ho_ten, got.ngay_sinh, got.unit_id, got.chuc_vu) == ("Y Ngọc", PartialDate(1979), None, "")
    row = db["staff"].get(sid)
    assert row["ngay_sinh"] == "1979"
    assert row["ten_key"] == "y ngoc"
    assert records.count_staff(db) == 1
    [listed] = records.list_staff_rows(db)
    assert listed["unit_ten"] == "" and listed["ho_ten"] == "Y Ngọc"


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (Staff(""), "Họ và tên không được để trống"),
        (Staff(" \t "), "Họ và tên không được để trống"),
        (Staff("Trần Văn Bình", gioi_tinh="khac"), "Giới tính không hợp lệ"),
        (Staff("Trần Văn Bình", loai_hop_dong="tam"), "Loại hợp đồng không hợp lệ"),
        (Staff("Trần Văn Bình", ngay_nghi=dt.date(2025, 1, 1)), "Người đang công tác không có ngày nghỉ"),
    ],
)
def test_staff_validation_errors_are_vietnamese_and_nothing_is_written(db, person, message):
    with pytest.raises(ValidationError) as info:
        records.save_staff(db, person)
    assert message in info.value.errors[0]
    assert message in str(info.value)
    assert records.count_staff(db) == 0


def test_staff_in_a_missing_unit_is_a_validation_error(db):
    with pytest.raises(ValidationError, match="không còn tồn tại"):
        records.save_staff(db, Staff("Trần Văn Bình", unit_id=42))


def test_text_is_stored_nfc_and_clean(db):
    unit = records.save_unit(db, Unit(nfd("Phòng Kế hoạch - Tổng hợp")))
    sid = records.save_staff(db, Staff(
        nfd("  Huỳnh   Thị Ngọc Ánh "), chuc_vu=nfd("Phó Trưởng phòng"), unit_id=unit,
        ghi_chu=nfd("Đang học\u200b lý luận"),
    ))
    cid = records.save_campaign(db, Campaign(nfd("Thi đua “Khánh Hòa chung sức”"), nam_bat_dau=2026))
    staff_row = db["staff"].get(sid)
    assert staff_row["ho_ten"] == "Huỳnh Thị Ngọc Ánh"
    assert staff_row["chuc_vu"] == "Phó Trưởng phòng"
    assert staff_row["ghi_chu"] == "Đang học lý luận"
    assert staff_row["ten_key"] == "huynh thi ngoc anh"
    assert db["units"].get(unit)["ten"] == "Phòng Kế hoạch - Tổng hợp"
    assert db["campaigns"].get(cid)["ten"] == "Thi đua “Khánh Hòa chung sức”"
    for table in ("staff", "units", "campaigns"):
        for row in db[table].rows:
            for value in row.values():
                if isinstance(value, str):
                    assert unicodedata.is_normalized("NFC", value), (table, value)


def test_minority_names_are_kept_as_written(db):
    for name in ("H'Hen Niê", "Ka Sô Liễng", "Bh'riu Liếc", "Y Ngọc"):
        sid = records.save_staff(db, Staff(name))
        assert records.get_staff(db, sid).ho_ten == name


def test_move_and_mark_left(db):
    a = records.save_unit(db, Unit("Văn phòng"))
    b = records.save_unit(db, Unit("Thanh tra Ban"))
    ids = [
        records.save_staff(db, Staff(name, unit_id=a))
        for name in ("Phạm Văn Cường", "Võ Thị Lan", "Đặng Minh Tuấn")
    ]
    records.move_staff(db, ids[:2], b)
    assert [records.get_staff(db, i).unit_id for i in ids] == [b, b, a]

    records.mark_left(db, [ids[1]], dt.date(2026, 6, 30))
    left = records.get_staff(db, ids[1])
    assert (left.dang_cong_tac, left.ngay_nghi) == (False, dt.date(2026, 6, 30))

    assert records.get_staff(db, ids[2]).unit_id == a


def test_delete_staff(db):
    ids = [records.save_staff(db, Staff(n)) for n in ("Bùi Văn Hùng", "Đỗ Thị Mai")]
    records.delete_staff(db, [ids[0]])
    assert [s.ho_ten for s in records.get_staff_many(db, ids)] == ["Đỗ Thị Mai"]


# --- campaigns -----------------------------------------------------------------------------------

def test_campaigns_with_deadlines_round_trip(db):
    yearly = Campaign(
        ten="Phong trào thi đua công tác dân tộc năm 2026", loai="thuong_xuyen", nam_bat_dau=2026,
        so_ke_hoach="19/KH-BDT", ngay_ban_hanh=dt.date(2026, 1, 25), chu_de="Đoàn kết, sáng tạo",
        han_dang_ky=dt.date(2026, 3, 15), han_sang_kien=dt.date(2026, 11, 1),
        han_ho_so=dt.date(2026, 11, 20), ghi_chu="Theo Chỉ thị của UBND tỉnh",
    )
    topical = Campaign(
        ten="“Quảng Ngãi chung sức xây dựng nông thôn mới”", loai="chuyen_de",
        nam_bat_dau=2021, nam_ket_thuc=2025, so_ke_hoach="769/QĐ-UBND",
    )
    y = records.save_campaign(db, yearly)
    t = records.save_campaign(db, topical)
    got = records.get_campaign(db, y)
    assert got == Campaign(**{**yearly.__dict__, "nam_ket_thuc": 2026, "id": y})
    assert got.period_label == "2026"
    assert records.get_campaign(db, t).period_label == "2021–2025"
    assert [c.id for c in records.list_campaigns(db)] == [y, t]  # newest first

    records.save_campaign(db, Campaign(**{**got.__dict__, "han_ho_so": dt.date(2026, 12, 10)}))
    assert records.get_campaign(db, y).han_ho_so == dt.date(2026, 12, 10)
    records.delete_campaign(db, t)
    assert [c.id for c in records.list_campaigns(db)] == [y]


@pytest.mark.parametrize(
    ("campaign", "message"),
    [
        (Campaign(""), "Tên phong trào không được để trống"),
        (Campaign("X", nam_bat_dau=2026, nam_ket_thuc=2025), "Năm kết thúc trước năm bắt đầu"),
        (Campaign("X", loai="khac"), "Loại phong trào không hợp lệ"),
        (Campaign("X", nam_bat_dau=1800), "không hợp lệ"),
    ],
)
def test_campaign_validation(db, campaign, message):
    with pytest.raises(ValidationError) as info:
        records.save_campaign(db, campaign)
    assert message in str(info.value)
    assert records.list_campaigns(db) == []
