"""``thidua lookup``: matches with ids, units and birth dates; a record as text,
JSON, or saved as the trích lục thành tích."""
from __future__ import annotations

import json

from data_states import agency_only, roster_only
from thidua_desktop.cli import EXIT_ERROR, main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lookup_lists_matches_then_prints_a_record(db, db_path, capsys):
    people = roster_only(db)
    db.close()
    code, out, _ = run(capsys, "lookup", "--db", db_path, "nguyen van an")
    assert code == 0
    assert out.splitlines()[0].startswith("1 kết quả")
    assert f"--id {people['Nguyễn Văn An']}\tNguyễn Văn An\t1975\tTrưởng Ban\tLãnh đạo Ban" in out
    code, out, _ = run(capsys, "lookup", "--db", db_path, "phong", "--json")
    assert [m["ten"] for m in json.loads(out)["ket_qua"]] == ["Phòng Chính sách", "Văn phòng"]

    code, out, _ = run(capsys, "lookup", "--db", db_path, "--id", people["Phạm Thị Dung"], "--year", 2025)
    assert code == 0 and "TRÍCH LỤC THÀNH TÍCH — Cá nhân: Phạm Thị Dung" in out
    assert "Chưa có danh hiệu, hình thức khen thưởng nào." in out
    code, out, _ = run(capsys, "lookup", "--db", db_path, "--id", people["Phạm Thị Dung"], "--json")
    assert json.loads(out)["ten"] == "Phạm Thị Dung"
    code, out, _ = run(capsys, "lookup", "--db", db_path, "khong ai")
    assert code == 0 and "Không tìm thấy" in out


def test_lookup_saves_the_trich_luc_and_refuses_what_it_cannot(db, db_path, capsys, tmp_path):
    people = roster_only(db)
    unit = db.execute("SELECT id FROM units WHERE ten = 'Văn phòng'").fetchone()[0]
    db.close()
    code, _, err = run(capsys, "lookup", "--db", db_path, "--id", people["Lê Văn Cường"], "--pdf", tmp_path / "a.pdf")
    assert code == EXIT_ERROR and "Lỗi:" in err and not (tmp_path / "a.pdf").exists()  # no agency details yet
    from thidua_desktop.store.db import open_database

    database = open_database(db_path)
    agency_only(database)
    database.close()
    code, out, _ = run(capsys, "lookup", "--db", db_path, "--unit", unit, "--pdf", tmp_path / "u.pdf",
                       "--xlsx", tmp_path / "u.xlsx")
    assert code == 0 and (tmp_path / "u.pdf").exists() and (tmp_path / "u.xlsx").exists()
    assert out.count("Đã lưu trích lục thành tích của Văn phòng") == 2
    assert run(capsys, "lookup", "--db", db_path, "--id", 1, "--pdf", tmp_path / "a.txt")[0] == EXIT_ERROR
    assert run(capsys, "lookup", "--db", db_path, "an", "--xlsx", tmp_path / "a.xlsx")[0] == EXIT_ERROR
    code, _, err = run(capsys, "lookup", "--db", db_path, "--id", 999)
    assert code == EXIT_ERROR and "Không có cán bộ mã 999" in err
