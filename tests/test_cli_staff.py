"""``thidua import-staff`` / ``thidua export-staff``: output and exit codes."""
from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from tests import roster_factory as rf
from thidua_desktop.cli import EXIT_ERROR, main
from thidua_desktop.store import records
from thidua_desktop.store.db import open_database


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def count(path) -> int:
    db = open_database(path, create=False)
    try:
        return records.count_staff(db)
    finally:
        db.close()


def dump(path) -> str:
    db = open_database(path, create=False)
    try:
        return "\n".join(db.conn.iterdump())
    finally:
        db.close()


@pytest.fixture
def messy(tmp_path):
    return rf.messy_roster(tmp_path / "danh-sach.xlsx")


def test_dry_run_writes_nothing_not_even_the_data_file(capsys, tmp_path, messy):
    db_file = tmp_path / "new.sqlite"
    code, out, err = run(capsys, "import-staff", "--db", db_file, messy.path, "--dry-run")
    assert code == 0, err
    assert "Chạy thử (--dry-run): không ghi gì" in out
    assert "Sẽ nhập: 9 người mới, 0 cập nhật, 0 không đổi" in out
    assert not db_file.exists()


def test_dry_run_on_existing_file_leaves_it_unchanged(capsys, db_path, messy):
    open_database(db_path).close()
    before = db_path.read_bytes()
    code, out, _ = run(capsys, "import-staff", "--db", db_path, messy.path, "--dry-run")
    assert code == 0 and "không ghi gì" in out
    assert db_path.read_bytes() == before


def test_import_prints_what_it_did(capsys, db_path, messy):
    code, out, err = run(capsys, "import-staff", "--db", db_path, messy.path)
    assert code == 0, err
    assert "trang “Danh sách”, tiêu đề bảng ở dòng 8–9" in out
    assert "Dòng 17, cột B (TCVN3): “Ph¹m ThÞ Thu” → “Phạm Thị Thu”" in out
    assert "Dòng 22, cột B (VNI): “Hoaøng Vaên Sôn” → “Hoàng Văn Sơn”" in out
    assert "Dòng 11: Dòng đơn vị: VĂN PHÒNG" in out
    assert "Dòng 29: Phần cuối bảng: “Tổng cộng: 9 người”" in out
    assert "Dòng trống: 15, 28, 33–34" in out
    assert "9 người mới, 0 cập nhật, 0 không đổi, 17 dòng bỏ qua; tạo 3 đơn vị mới" in out
    assert count(db_path) == 9
    # the second run changes nothing
    before = dump(db_path)
    code, out, _ = run(capsys, "import-staff", "--db", db_path, messy.path)
    assert code == 0
    assert "0 người mới, 0 cập nhật, 9 không đổi" in out
    assert dump(db_path) == before


def test_update_is_described(capsys, db_path, tmp_path):
    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    rf.put_row(wb.active, 1, ["STT", "Họ và tên", "Năm sinh", "Chức vụ"])
    rf.put_row(wb.active, 2, [1, "Nguyễn Văn An", 1980, "Chuyên viên"])
    wb.save(path)
    assert run(capsys, "import-staff", "--db", db_path, path)[0] == 0
    rf.put_row(wb.active, 2, [1, "Nguyễn Văn An", "12/03/1980", "Trưởng phòng"])
    wb.save(path)
    code, out, _ = run(capsys, "import-staff", "--db", db_path, path)
    assert code == 0
    assert "Dòng 2: Nguyễn Văn An — Ngày sinh: 1980 → 12/03/1980; Chức vụ: “Chuyên viên” → “Trưởng phòng”" in out
    assert "0 người mới, 1 cập nhật" in out


def test_errors_are_listed_by_row_and_nothing_is_written(capsys, db_path, tmp_path):
    roster, errors = rf.bad_roster(tmp_path / "bad.xlsx")
    open_database(db_path).close()
    before = dump(db_path)
    code, out, err = run(capsys, "import-staff", "--db", db_path, roster.path)
    assert code == EXIT_ERROR == 2
    for row, fragment in errors.items():
        line = next(line for line in err.splitlines() if line.startswith(f"Dòng {row}:"))
        assert fragment in line
    assert err.strip().splitlines()[-1].startswith(f"Lỗi: tệp có {len(errors)} dòng lỗi; chưa ghi gì")
    assert dump(db_path) == before


def test_errors_do_not_create_the_data_file(capsys, tmp_path):
    roster, _ = rf.bad_roster(tmp_path / "bad.xlsx")
    db_file = tmp_path / "new.sqlite"
    code, _, err = run(capsys, "import-staff", "--db", db_file, roster.path)
    assert code == EXIT_ERROR and "Lỗi:" in err
    assert not db_file.exists()


def test_import_creates_the_data_file_when_the_roster_is_good(capsys, tmp_path, messy):
    db_file = tmp_path / "new.sqlite"
    code, out, err = run(capsys, "import-staff", "--db", db_file, messy.path)
    assert code == 0, err
    assert "9 người mới" in out and count(db_file) == 9


def test_no_convert_keeps_legacy_text(capsys, db_path, messy):
    code, out, _ = run(capsys, "import-staff", "--db", db_path, messy.path, "--no-convert")
    assert code == 0
    assert "KHÔNG chuyển (--no-convert)" in out
    db = open_database(db_path, create=False)
    try:
        names = {r["ho_ten"] for r in records.list_staff_rows(db)}
    finally:
        db.close()
    assert rf.to_tcvn3("Phạm Thị Thu") in names and "Phạm Thị Thu" not in names


@pytest.mark.parametrize(
    ("make", "fragment"),
    [(rf.text_renamed, "không phải bảng tính Excel"), (rf.encrypted_xlsx, "mật khẩu"), (rf.old_xls, ".xls")],
)
def test_bad_file_is_one_line_of_error(capsys, db_path, tmp_path, make, fragment):
    path = make(tmp_path / "roster.xlsx")
    code, out, err = run(capsys, "import-staff", "--db", db_path, path)
    assert code == EXIT_ERROR
    assert err.startswith("Lỗi: ") and fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unknown_sheet(capsys, db_path, messy):
    code, _, err = run(capsys, "import-staff", "--db", db_path, messy.path, "--sheet", "Sheet9")
    assert code == EXIT_ERROR and "không có trang tính “Sheet9”" in err


def test_export_prints_path_and_count(capsys, db_path, tmp_path, messy):
    assert run(capsys, "import-staff", "--db", db_path, messy.path)[0] == 0
    out_file = tmp_path / "xuat.xlsx"
    code, out, err = run(capsys, "export-staff", "--db", db_path, out_file)
    assert code == EXIT_ERROR and not out_file.exists()
    assert "Chưa có thông tin cơ quan (tên cơ quan, địa danh)" in err and "thidua settings" in err
    code, out, err = run(capsys, "settings", "--db", db_path, "--co-quan", "Ban Dân tộc", "--dia-danh", "Khánh Hòa")
    assert code == 0, err
    assert "Tên cơ quan: Ban Dân tộc" in out and "Địa danh: Khánh Hòa" in out
    code, out, err = run(capsys, "export-staff", "--db", db_path, out_file)
    assert code == 0, err
    assert out.strip() == f"Đã xuất 9 cán bộ ra “{out_file}”."
    ws = openpyxl.load_workbook(out_file).active
    assert ws.cell(row=10, column=2).value  # first person


def test_export_needs_an_existing_data_file_and_xlsx_name(capsys, tmp_path):
    code, _, err = run(capsys, "export-staff", "--db", tmp_path / "none.sqlite", tmp_path / "x.xlsx")
    assert code == EXIT_ERROR and err.startswith("Lỗi: ")
    assert not (tmp_path / "none.sqlite").exists()
    open_database(tmp_path / "d.sqlite").close()
    code, _, err = run(capsys, "export-staff", "--db", tmp_path / "d.sqlite", tmp_path / "x.csv")
    assert code == EXIT_ERROR and ".xlsx" in err


def test_real_entry_point_exit_code(tmp_path):
    roster, _ = rf.bad_roster(tmp_path / "bad.xlsx")
    proc = subprocess.run(
        [sys.executable, "-m", "thidua_desktop.cli", "import-staff", "--db", str(tmp_path / "d.sqlite"),
         str(roster.path)],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert proc.returncode == 2
    assert "Dòng 12:" in proc.stderr and "Lỗi:" in proc.stderr


def test_units_in_capitals_are_renamed_with_a_plan_line_or_kept(capsys, tmp_path):
    rows = [["STT", "Họ và tên", "Năm sinh", "Đơn vị"], [1, "Nguyễn Văn An", 1970, "VĂN PHÒNG"]]
    path = tmp_path / "caps.xlsx"
    rf.write_sheet(path, rows)
    db_file = tmp_path / "a.sqlite"
    code, out, err = run(capsys, "import-staff", "--db", db_file, path)
    assert code == 0, err
    assert "Tên đơn vị viết hoa toàn bộ, viết lại:\n  “VĂN PHÒNG” → “Văn phòng”" in out
    assert "tạo 1 đơn vị mới: Văn phòng" in out
    other = tmp_path / "b.sqlite"
    code, out, err = run(capsys, "import-staff", "--db", other, path, "--keep-unit-names")
    assert code == 0, err
    assert "giữ nguyên (--keep-unit-names)" in out and "tạo 1 đơn vị mới: VĂN PHÒNG" in out
    db = open_database(other, create=False)
    try:
        assert [u.ten for u in records.list_units(db)] == ["VĂN PHÒNG"]
    finally:
        db.close()
