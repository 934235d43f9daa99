"""Every released schema version, as a frozen data file, migrates to the newest.

The files in ``tests/fixtures/schema_vN.sqlite`` were written by
``tests/fixtures/make_schema_fixtures.py`` and stand for the data files users
already have. Each test works on a copy; the originals are never opened for
writing (their sha256 is checked around every test).
"""
from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from thidua_desktop.services.backup import list_backups, make_pre_migration_backup
from thidua_desktop.store import audit
from thidua_desktop.store.db import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    NewerSchemaError,
    open_database,
)
from thidua_desktop.store.rules import stored_rulesets

FIXTURES = Path(__file__).parent / "fixtures"
RELEASED = (1, 2, 3, 4, 5)  # the versions that must have a fixture
_NAME = re.compile(r"schema_v(\d+)\.sqlite")


def _fixture_version(path: Path) -> int:
    return int(_NAME.fullmatch(path.name)[1])


def _fixture_files() -> list[Path]:
    return sorted(
        (p for p in FIXTURES.glob("schema_v*.sqlite") if _NAME.fullmatch(p.name)),
        key=_fixture_version,
    )


FIXTURE_FILES = _fixture_files()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def header_ids(path: Path) -> tuple[int, int]:
    """(application_id, user_version) from the file header, without SQLite."""
    with open(path, "rb") as fh:
        header = fh.read(100)
    return int.from_bytes(header[68:72], "big"), int.from_bytes(header[60:64], "big")


def connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def pragma(path: Path, name: str):
    conn = connect_ro(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def dump(path: Path) -> dict:
    """Everything a reopen could change: schema, header pragmas, every row of every table."""
    conn = connect_ro(path)
    try:
        out: dict = {
            "sqlite_master": conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall(),
            "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
            "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
        }
        for t in tables(conn):
            out[t] = conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


def rows_of(conn: sqlite3.Connection, table: str, cols: list[str]) -> list[tuple]:
    """The rows of ``table`` restricted to ``cols``, in a stable order (not rowid:
    a migration may rebuild a table)."""
    select = ", ".join(f'"{c}"' for c in cols)
    return sorted(conn.execute(f'SELECT {select} FROM "{table}"').fetchall(), key=repr)


# --- what the released fixtures hold ----------------------------------------------------

STAFF_NAMES = [
    "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Quốc Hưng", "Lê Thị Ánh Tuyết",
    "Phạm Văn Ơn", "Hoàng Thị Thu Hà", "Bùi Đức Thắng", "Ngô Thị Nguyệt",
]
UNIT_NAMES = ["Văn phòng Sở", "Phòng Kế hoạch – Tài chính", "Trung tâm Kiểm soát bệnh tật", "Khoa Dinh dưỡng"]

COUNTS_V1 = {"org_settings": 1, "units": 4, "staff": 8, "campaigns": 2}
COUNTS_V2 = {
    **COUNTS_V1, "evaluations": 12, "unit_evaluations": 3, "disciplines": 1, "reviews": 2, "awards": 6,
    "initiatives": 2, "initiative_authors": 3, "registrations": 11, "rulesets": 1,
}
COUNTS_V3 = {
    **COUNTS_V2, "councils": 1, "council_members": 5, "meetings": 2, "meeting_attendance": 10,
    "meeting_titles": 3, "meeting_candidates": 4, "vote_rounds": 3, "round_votes": 6, "tie_decisions": 1,
}
# v4's triggers logged every row the v1–v3 seeds wrote in the same build: 91 lines
# (org_settings and initiative_authors are not audited), then two notes.
COUNTS_V4 = {**COUNTS_V3, "audit_log": 93, "audit_state": 1}
# v5: 2 decisions, 5 awardees (+5 awards, 2 registrations to quyet_dinh, 1 cancellation,
# 2 prints), all logged: 93 + 17 lines.
COUNTS_V5 = {
    **COUNTS_V4, "awards": 11, "decisions": 2, "decision_awardees": 5, "award_book_numbers": 2,
    "print_log": 2, "audit_log": 110,
}
COUNTS = {1: COUNTS_V1, 2: COUNTS_V2, 3: COUNTS_V3, 4: COUNTS_V4, 5: COUNTS_V5}

V1_VALUES = [
    ("SELECT ho_ten FROM staff ORDER BY id", [(n,) for n in STAFF_NAMES]),
    ("SELECT ten, parent_id FROM units ORDER BY id", list(zip(UNIT_NAMES, [None, None, None, 3]))),
    ("SELECT co_quan, dia_danh, ten_thu_truong FROM org_settings",
     [("Sở Y tế tỉnh Hà Nam", "Hà Nam", "Trần Quang Khải")]),
    ("SELECT id, ngay_sinh FROM staff WHERE id IN (1, 4, 8) ORDER BY id",
     [(1, "1980-03-07"), (4, "1990"), (8, None)]),
    ("SELECT ho_ten, ngay_nghi, ghi_chu FROM staff WHERE dang_cong_tac = 0",
     [("Bùi Đức Thắng", "2025-04-01", "Nghỉ việc theo nguyện vọng")]),
    ("SELECT ten, loai, nam_bat_dau, nam_ket_thuc FROM campaigns ORDER BY id", [
        ("Phong trào thi đua thường xuyên năm 2025", "thuong_xuyen", 2025, 2025),
        ("Thi đua chuyên đề “Chuyển đổi số y tế” giai đoạn 2024–2026", "chuyen_de", 2024, 2026),
    ]),
]
V2_VALUES = [
    ("SELECT staff_id, xep_loai, so_thang, thai_san_thang, ghi_chu FROM evaluations WHERE nam = 2024 AND staff_id = 2",
     [(2, "HTTNV", 6, 6, "Nghỉ thai sản 6 tháng")]),
    ("SELECT staff_id, hinh_thuc, tu_ngay, den_ngay, so_quyet_dinh, ghi_chu FROM disciplines",
     [(4, "khien_trach", "2024-08-01", "2025-02-01", "88/QĐ-SYT", "Vi phạm quy chế chi tiêu nội bộ")]),
    ("SELECT staff_id, loai, ghi_chu FROM reviews WHERE ket_thuc IS NULL",
     [(3, "thanh_tra", "Thanh tra công tác đấu thầu thuốc")]),
    ("SELECT staff_id, unit_id, nam, ma FROM awards WHERE id <= 6 ORDER BY id", [
        (1, None, 2023, "LDTT"), (1, None, 2024, "LDTT"), (1, None, 2024, "CSTDCS"),
        (5, None, 2023, "BK_TINH"), (None, 3, 2024, "TTLDXS"), (None, 1, 2024, "GK"),
    ]),
    ("""SELECT i.ten, s.ho_ten FROM initiative_authors a JOIN initiatives i ON i.id = a.initiative_id
        JOIN staff s ON s.id = a.staff_id WHERE i.id = 1 ORDER BY a.thu_tu""", [
        ("Ứng dụng phần mềm quản lý hồ sơ sức khỏe điện tử tại tuyến xã", "Phạm Văn Ơn"),
        ("Ứng dụng phần mềm quản lý hồ sơ sức khỏe điện tử tại tuyến xã", "Hoàng Thị Thu Hà"),
    ]),
    ("SELECT id, ly_do_giu FROM registrations WHERE ly_do_giu <> ''",
     [(8, "Đang bị thanh tra, chờ kết luận")]),
]
V2_STATUSES = [
    (1, "dang_ky"), (2, "de_nghi"), (3, "de_nghi"), (4, "de_nghi"), (5, "dat"), (6, "khong_dat"),
    (7, "quyet_dinh"), (8, "dang_ky"), (9, "de_nghi"), (10, "dang_ky"), (11, "dat"),
]
V3_STATUSES = [
    (1, "dang_ky"), (2, "dat"), (3, "dat"), (4, "khong_dat"), (5, "dat"), (6, "khong_dat"),
    (7, "quyet_dinh"), (8, "dang_ky"), (9, "dat"), (10, "dang_ky"), (11, "dat"),
]
V3_VALUES = [
    ("SELECT ho_ten, vai_tro, staff_id FROM council_members ORDER BY thu_tu", [
        ("Phạm Văn Ơn", "chu_tich", 5), ("Nguyễn Văn An", "pho_chu_tich", 1),
        ("Đặng Quốc Hưng", "uy_vien", 3), ("Vũ Thị Hạnh", "uy_vien", None),
        ("Trần Thị Bích Ngọc", "thu_ky", 2),
    ]),
    ("SELECT meeting_id, member_id, trang_thai, ly_do FROM meeting_attendance WHERE trang_thai <> 'co_mat' "
     "ORDER BY meeting_id, member_id", [
        (1, 5, "van_ban", "Gửi phiếu bằng văn bản do đi khám bệnh"),
        (2, 2, "vang", "Đi công tác tại Hà Nội"),
    ]),
    ("SELECT meeting_id, ma, chi_tieu FROM meeting_titles ORDER BY meeting_id, ma",
     [(1, "CSTDCS", 2), (1, "LDTT", None), (2, "TTLDXS", 1)]),
    ("""SELECT r.so_vong, c.registration_id, v.dong_y FROM round_votes v
        JOIN vote_rounds r ON r.id = v.round_id JOIN meeting_candidates c ON c.id = v.candidate_id
        WHERE r.meeting_id = 1 ORDER BY r.so_vong, c.thu_tu""",
     [(1, 2, 5), (1, 3, 4), (1, 4, 4), (2, 3, 4), (2, 4, 4)]),
    ("SELECT meeting_id, ma, chon, nguoi_quyet_dinh FROM tie_decisions",
     [(1, "CSTDCS", "[2]", "Phạm Văn Ơn – Chủ tịch Hội đồng")]),
    ("SELECT id, ket_qua_binh_xet FROM registrations WHERE ket_qua_binh_xet <> '' ORDER BY id", [
        (2, "Họp Hội đồng ngày 15/12/2025: 5/5 phiếu (100 %), đạt ngưỡng 80 %"),
        (3, "Họp Hội đồng ngày 15/12/2025: Vòng 2: 4/5 phiếu (80 %), vẫn bằng phiếu; "
            "Phạm Văn Ơn – Chủ tịch Hội đồng quyết định chọn"),
        (4, "Họp Hội đồng ngày 15/12/2025: Vòng 2: 4/5 phiếu (80 %), vẫn bằng phiếu; "
            "Phạm Văn Ơn – Chủ tịch Hội đồng quyết định không chọn"),
        (9, "Họp Hội đồng ngày 22/12/2025: 4/5 phiếu (80 %), đạt ngưỡng 0 %"),
    ]),
]
V4_VALUES = [
    ("SELECT thoi_gian, nguoi_dung, bang, ban_ghi, cu, json_extract(moi, '$.ghi_chu') FROM audit_log "
     "WHERE thao_tac = 'ghi_chu' ORDER BY id", [
        ("2026-01-05 08:30:00", "ngoc.ttb", "staff", None, None,
         "Đã đối chiếu danh sách cán bộ với Phòng Tổ chức cán bộ, không có thay đổi"),
        ("2026-01-05 09:10:00", "ngoc.ttb", "awards", None, None,
         "Đã đối chiếu lịch sử khen thưởng với sổ khen thưởng giấy 2010–2024, không có sai lệch"),
    ]),
    # the lines v4's triggers wrote for the earlier seeds, old values kept as written
    ("SELECT bang, thao_tac, count(*) FROM audit_log WHERE thao_tac <> 'ghi_chu' AND id <= 93 "
     "GROUP BY bang, thao_tac ORDER BY bang, thao_tac", sorted([
        ("units", "them", 4), ("staff", "them", 8), ("campaigns", "them", 2), ("evaluations", "them", 12),
        ("unit_evaluations", "them", 3), ("disciplines", "them", 1), ("reviews", "them", 2),
        ("awards", "them", 6), ("initiatives", "them", 2), ("registrations", "them", 11),
        ("rulesets", "them", 1), ("councils", "them", 1), ("council_members", "them", 5),
        ("meetings", "them", 2), ("meeting_attendance", "them", 10), ("meeting_titles", "them", 3),
        ("meeting_candidates", "them", 4), ("vote_rounds", "them", 3), ("round_votes", "them", 6),
        ("tie_decisions", "them", 1), ("registrations", "sua", 4),
    ])),
    ("SELECT ban_ghi, json_extract(cu, '$.trang_thai'), json_extract(moi, '$.trang_thai'), "
     "json_extract(moi, '$.ket_qua_binh_xet') FROM audit_log WHERE bang = 'registrations' AND thao_tac = 'sua' "
     "AND id <= 93 ORDER BY id", [
        (2, "de_nghi", "dat", "Họp Hội đồng ngày 15/12/2025: 5/5 phiếu (100 %), đạt ngưỡng 80 %"),
        (3, "de_nghi", "dat", "Họp Hội đồng ngày 15/12/2025: Vòng 2: 4/5 phiếu (80 %), vẫn bằng phiếu; "
                              "Phạm Văn Ơn – Chủ tịch Hội đồng quyết định chọn"),
        (4, "de_nghi", "khong_dat", "Họp Hội đồng ngày 15/12/2025: Vòng 2: 4/5 phiếu (80 %), vẫn bằng phiếu; "
                                    "Phạm Văn Ơn – Chủ tịch Hội đồng quyết định không chọn"),
        (9, "de_nghi", "dat", "Họp Hội đồng ngày 22/12/2025: 4/5 phiếu (80 %), đạt ngưỡng 0 %"),
    ]),
]
V5_YEARLY = "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025"
V5_DIGITAL = "Đã có thành tích xuất sắc trong phong trào thi đua chuyên đề “Chuyển đổi số y tế” năm 2025"
V5_STATUSES = [(i, "quyet_dinh" if i in (2, 3) else s) for i, s in V3_STATUSES]
V5_VALUES = [
    ("SELECT id, so, ngay, nam, ma, nguoi_ky, chuc_danh_ky, trich_yeu, meeting_id FROM decisions ORDER BY id", [
        (1, "142/QĐ-SYT", "2025-12-26", 2025, "CSTDCS", "Trần Quang Khải", "GIÁM ĐỐC",
         "Về việc tặng Chiến sĩ thi đua cơ sở năm 2025", 1),
        (2, "150/QĐ-SYT", "2025-12-29", 2025, "GK", "Trần Quang Khải", "GIÁM ĐỐC",
         "Về việc tặng Giấy khen năm 2025", None),
    ]),
    ("SELECT ghi_chu FROM decisions WHERE ghi_chu <> ''", [
        ("Hủy giấy khen số 2 của bà Trần Thị Bích Ngọc (trùng thành tích đã khen tại Quyết định "
         "142/QĐ-SYT); số sổ vàng giữ nguyên, không cấp lại",),
    ]),
    # the award book in order: numbers per series and year, the cancelled one keeps its number
    ("SELECT so_series, so_nam, so_so_vang, decision_id, staff_id, unit_id, registration_id, huy, tien_thuong "
     "FROM decision_awardees ORDER BY so_series, so_nam, so_so_vang", [
        ("CSTDCS", 2025, 1, 1, 1, None, 2, 0, 2340000),
        ("CSTDCS", 2025, 2, 1, 2, None, 3, 0, 2340000),
        ("GK", 2025, 1, 2, 6, None, None, 0, 710000),
        ("GK", 2025, 2, 2, 2, None, None, 1, 710000),
        ("GK", 2025, 3, 2, None, 4, None, 0, 1410000),
    ]),
    ("SELECT decision_id, thu_tu, thanh_tich FROM decision_awardees ORDER BY decision_id, thu_tu", [
        (1, 0, V5_YEARLY), (1, 1, V5_YEARLY), (2, 0, V5_DIGITAL), (2, 1, V5_DIGITAL), (2, 2, V5_DIGITAL),
    ]),
    ("SELECT so_series, so_nam, cao_nhat FROM award_book_numbers ORDER BY so_series, so_nam",
     [("CSTDCS", 2025, 2), ("GK", 2025, 3)]),
    ("SELECT id, thoi_gian, decision_id, may_in, che_do, so_so_vang, in_lai FROM print_log ORDER BY id", [
        (1, "2026-01-07 14:05:12", 1, "Canon LBP2900", "phoi", "1,2", 0),
        (2, "2026-01-07 14:09:40", 1, "Canon LBP2900", "phoi", "2", 1),
    ]),
    ("SELECT staff_id, unit_id, nam, ma, so_quyet_dinh, ngay_quyet_dinh, nguon FROM awards WHERE id > 6 ORDER BY id", [
        (1, None, 2025, "CSTDCS", "142/QĐ-SYT", "2025-12-26", "quyet_dinh"),
        (2, None, 2025, "CSTDCS", "142/QĐ-SYT", "2025-12-26", "quyet_dinh"),
        (6, None, 2025, "GK", "150/QĐ-SYT", "2025-12-29", "quyet_dinh"),
        (2, None, 2025, "GK", "150/QĐ-SYT", "2025-12-29", "quyet_dinh"),
        (None, 4, 2025, "GK", "150/QĐ-SYT", "2025-12-29", "quyet_dinh"),
    ]),
    # what v5 added to the log, under the user who had the file open
    ("SELECT bang, thao_tac, nguoi_dung, count(*) FROM audit_log WHERE id > 93 "
     "GROUP BY bang, thao_tac, nguoi_dung ORDER BY bang, thao_tac", [
        ("awards", "them", "ngoc.ttb", 5), ("decision_awardees", "sua", "ngoc.ttb", 1),
        ("decision_awardees", "them", "ngoc.ttb", 5), ("decisions", "them", "ngoc.ttb", 2),
        ("print_log", "them", "ngoc.ttb", 2), ("registrations", "sua", "ngoc.ttb", 2),
    ]),
    ("SELECT ban_ghi, json_extract(cu, '$.huy'), json_extract(moi, '$.huy'), json_extract(moi, '$.so_so_vang') "
     "FROM audit_log WHERE bang = 'decision_awardees' AND thao_tac = 'sua'", [(4, 0, 1, 2)]),
]
STATUS_SQL = "SELECT id, trang_thai FROM registrations ORDER BY id"
VALUES = {
    1: V1_VALUES,
    2: [*V1_VALUES, *V2_VALUES, (STATUS_SQL, V2_STATUSES)],
    3: [*V1_VALUES, *V2_VALUES, *V3_VALUES, (STATUS_SQL, V3_STATUSES)],
    4: [*V1_VALUES, *V2_VALUES, *V3_VALUES, *V4_VALUES, (STATUS_SQL, V3_STATUSES)],
    5: [*V1_VALUES, *V2_VALUES, *V3_VALUES, *V4_VALUES, *V5_VALUES, (STATUS_SQL, V5_STATUSES)],
}
#: rewritten by the app each time it opens a file (audit.register: who writes now)
REWRITTEN_ON_OPEN = {"audit_state"}


# --- helpers ----------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fixtures_untouched():
    """No test may change (or leave a journal beside) a fixture file."""
    before = {p.name: sha256(p) for p in _fixture_files()}
    yield
    after = {p.name: sha256(p) for p in _fixture_files()}
    assert after == before
    assert not list(FIXTURES.glob("*-journal")) and not list(FIXTURES.glob("*-wal"))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    monkeypatch.setenv("THIDUA_DATA_DIR", str(folder))
    return folder


def migrate_copy(fixture: Path, folder: Path) -> Path:
    copy = folder / "thidua.sqlite"
    shutil.copyfile(fixture, copy)
    database = open_database(copy, before_migrate=make_pre_migration_backup)
    database.close()
    return copy


def assert_nfc(value: str, expected: str) -> None:
    assert unicodedata.is_normalized("NFC", expected)
    assert value.encode("utf-8") == expected.encode("utf-8")


# --- tests ------------------------------------------------------------------------------

def test_one_fixture_per_released_version():
    found = [_fixture_version(p) for p in FIXTURE_FILES]
    assert set(RELEASED) <= set(found), f"missing fixtures: {sorted(set(RELEASED) - set(found))}"
    assert max(found) <= SCHEMA_VERSION
    for path in FIXTURE_FILES:
        assert header_ids(path) == (APPLICATION_ID, _fixture_version(path)), path.name
        assert path.stat().st_size < 200 * 1024, path.name


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_migrates_to_newest(fixture, tmp_path, data_dir):
    version = _fixture_version(fixture)
    original = tmp_path / "original.sqlite"  # read from a copy, never the fixture itself
    shutil.copyfile(fixture, original)

    copy = migrate_copy(fixture, tmp_path)

    assert not Path(f"{copy}-journal").exists()
    conn = connect_ro(copy)
    old = connect_ro(original)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

        # every row the fixture held is still there, column for column
        old_tables = tables(old)
        assert set(old_tables) <= set(tables(conn))
        for t in old_tables:
            cols = columns(old, t)
            assert set(cols) <= set(columns(conn, t)), t
            if t not in REWRITTEN_ON_OPEN:
                assert rows_of(conn, t, cols) == rows_of(old, t, cols), t
        if "audit_state" in old_tables:
            # the one row stays; opening the file names the user who has it open now
            assert old.execute("SELECT id, nguoi_dung FROM audit_state").fetchall() == [(1, "ngoc.ttb")]
            assert conn.execute("SELECT id, nguoi_dung FROM audit_state").fetchall() == [(1, audit._os_user())]

        # and the known contents of the released fixtures, value for value
        for table, count in COUNTS.get(version, {}).items():
            assert conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, table
        for sql, expected in VALUES.get(version, []):
            assert conn.execute(sql).fetchall() == expected, sql
        if version in COUNTS:
            names = [r[0] for r in conn.execute("SELECT ho_ten FROM staff ORDER BY id")]
            for got, want in zip(names, STAFF_NAMES, strict=True):
                assert_nfc(got, want)
            units = [r[0] for r in conn.execute("SELECT ten FROM units ORDER BY id")]
            for got, want in zip(units, UNIT_NAMES, strict=True):
                assert_nfc(got, want)
    finally:
        conn.close()
        old.close()

    if version >= 2 and version in COUNTS:
        # a stored rule set written by an older release still loads
        database = open_database(copy)
        try:
            (rs,) = stored_rulesets(database)
        finally:
            database.close()
        assert (rs.id, rs.scope.kind, rs.based_on) == ("ha-nam-2025", "province", "national-2025")
        assert_nfc(rs.scope.name, "Hà Nam")
        assert rs.params.ttldtt_min_ldtt_pct == 80

    backups = list_backups(copy)
    if version < SCHEMA_VERSION:
        (backup,) = [b for b in backups if b.kind == "pre-migration"]
        assert header_ids(backup.path) == (APPLICATION_ID, version)
        assert pragma(backup.path, "user_version") == version
        assert pragma(backup.path, "integrity_check") == "ok"
        assert dump(backup.path) == dump(original)
    else:
        assert backups == []


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_reopening_a_migrated_file_changes_nothing(fixture, tmp_path, data_dir):
    copy = migrate_copy(fixture, tmp_path)
    before, backups = dump(copy), list_backups(copy)

    database = open_database(copy, before_migrate=make_pre_migration_backup)
    database.close()

    assert dump(copy) == before
    assert list_backups(copy) == backups
    assert not Path(f"{copy}-journal").exists()


def test_newer_schema_is_refused_and_left_alone(tmp_path, data_dir):
    copy = tmp_path / "from-the-future.sqlite"
    shutil.copyfile(FIXTURES / f"schema_v{max(RELEASED)}.sqlite", copy)  # the newest released file
    conn = sqlite3.connect(copy)
    try:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
    finally:
        conn.close()
    digest = sha256(copy)

    with pytest.raises(NewerSchemaError):
        open_database(copy, before_migrate=make_pre_migration_backup)

    assert sha256(copy) == digest
    assert header_ids(copy) == (APPLICATION_ID, SCHEMA_VERSION + 1)
    assert not Path(f"{copy}-journal").exists()
    assert list_backups(copy) == []


def test_meetings_with_recorded_results_are_closed_by_the_migration(tmp_path, data_dir):
    """Meetings whose results are on their registrations (the v5 fixture's two)
    come out closed: a later tally needs an explicit reopen."""
    from thidua_desktop.store import council

    copy = migrate_copy(FIXTURES / "schema_v5.sqlite", tmp_path)
    database = open_database(copy)
    try:
        assert [council.meeting_closed(database, m.id) for m in council.list_meetings(database)] == [True, True]
        [rid] = database.execute("SELECT registration_id FROM meeting_candidates LIMIT 1").fetchone()
        with pytest.raises(sqlite3.IntegrityError):  # its votes are not deleted with it
            database.execute("DELETE FROM registrations WHERE id = ?", [rid])
    finally:
        database.close()
