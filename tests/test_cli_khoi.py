"""``thidua khoi …``: list, import-sheet, export-members, import (a wrong version refused), ranking --json, summary."""
from __future__ import annotations

import json

import openpyxl

from khoi_factory import circulated_sheet, fill
from thidua_desktop.cli import EXIT_ERROR, main
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store.db import open_database


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_demo_khoi_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "d.sqlite"
    db = open_database(path)
    build_demo(db, staff=30, year=2026)
    db.close()
    code, out, _ = run(capsys, "khoi", "list", "--db", path)
    assert code == 0 and "Khối các cơ quan tổng hợp" in out and "7 cơ quan" in out
    khoi_id = out.split("\t")[0]
    code, out, _ = run(capsys, "khoi", "ranking", "--db", path, "--khoi", khoi_id, "--json")
    data = json.loads(out)
    assert [m["rank"] for m in data["members"]] == [1, 2, 3, 4, 4, 6, 7]
    assert data["members"][0] == {"id": data["members"][0]["id"], "ten": "Ban Dân tộc", "vai_tro": "truong",
                                  "co_quan_minh": True, "rank": 1, "total": 113.5, "diem_chuan": 98.5, "cong": 15,
                                  "tru": 0, "tie": None}
    assert data["members"][3]["tie"] == {"with": ["Thanh tra tỉnh"], "resolved": False, "cach": None,
                                         "nguoi_quyet_dinh": None}
    assert data["open_ties"] == [["Sở Tài chính", "Thanh tra tỉnh"]] and data["proposals"]["blocked"]
    code, out, _ = run(capsys, "khoi", "ranking", "--db", path, "--khoi", khoi_id)
    assert "thống nhất đạt 113,5 điểm" in out and "chưa giải quyết" in out

    # a second version from the khối's .xlsx; the old workbooks are refused, the new ones go in
    code, out, _ = run(capsys, "khoi", "export-members", "--db", path, "--khoi", khoi_id, tmp_path / "v1")
    assert code == 0 and "Đã xuất 7 phiếu" in out
    code, out, _ = run(capsys, "khoi", "import-sheet", "--db", path, "--khoi", khoi_id,
                       circulated_sheet(tmp_path / "bang.xlsx"))
    assert code == 0 and "phiên bản 2" in out
    code, out, _ = run(capsys, "khoi", "export-members", "--db", path, "--khoi", khoi_id, tmp_path / "v2")
    new = sorted((tmp_path / "v2").glob("*.xlsx"))
    for f in new:
        fill(f, 1)
    old = sorted((tmp_path / "v1").glob("*.xlsx"))[0]
    code, out, _ = run(capsys, "khoi", "import", "--db", path, "--khoi", khoi_id, *new[:6], old)
    assert code == EXIT_ERROR and out.count("Đã ghi.") == 6 and "phiên bản 1, khối đang dùng phiên bản 2" in out
    code, out, _ = run(capsys, "khoi", "summary", "--db", path, "--khoi", khoi_id, tmp_path / "tong-hop.xlsx")
    assert code == 0 and openpyxl.load_workbook(tmp_path / "tong-hop.xlsx")["Tổng hợp"]
    code, _, err = run(capsys, "document", "to_trinh_khoi", "--db", path, "--khoi", khoi_id, tmp_path / "tt.docx")
    assert code == EXIT_ERROR and "ranh giới đề nghị" in err and not (tmp_path / "tt.docx").exists()
    code, out, _ = run(capsys, "document", "bien_ban_khoi", "--db", path, "--khoi", khoi_id, tmp_path / "bb.docx")
    assert code == 0 and (tmp_path / "bb.docx").exists()
    code, _, err = run(capsys, "khoi", "ranking", "--db", path, "--khoi", "99")
    assert code == EXIT_ERROR and "không có khối mã 99" in err
