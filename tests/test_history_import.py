"""Award history import: messy lists, title synonyms, matching, resolution,
all-or-nothing, idempotent re-import, legacy text, CLI."""
from __future__ import annotations

import datetime as dt
import sqlite3

import openpyxl
import pytest

from tests import roster_factory as rf
from tests.merit_factory import messy_history, sectioned_history, seed_agency
from thidua_desktop.cli import main as cli_main
from thidua_desktop.domain.registrations import AwardEntry
from thidua_desktop.domain.rulesets import builtin_rulesets
from thidua_desktop.services.imports import history as hi
from thidua_desktop.services.imports.vocab import Vocabulary
from thidua_desktop.services.imports.sheet import ImportFileError, RowStatus
from thidua_desktop.store import merit


def dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def row(plan, excel_row):
    return next(r for r in plan.rows if r.excel_row == excel_row)


def stored(db) -> set[tuple]:
    return {(a.staff_id, a.unit_id, a.nam, a.ma, a.so_quyet_dinh,
             a.ngay_quyet_dinh.isoformat() if a.ngay_quyet_dinh else None) for a in merit.awards_all(db)}


def expected_awards(sheet, agency, extra=()) -> set[tuple]:
    out = set()
    for subject, year, codes, number, date in [*sheet.expected.values(), *extra]:
        if subject.startswith("unit:"):
            staff_id, unit_id = None, agency.units[subject[5:]]
        else:
            staff_id, unit_id = agency.people[subject], None
        for code in codes:
            out.add((staff_id, unit_id, year, code, number, date))
    return out


def write_rows(path, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        rf.put_row(ws, r, values)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


@pytest.fixture
def agency(db):
    return seed_agency(db)


# --- reading the messy list ----------------------------------------------------------

def test_layout_of_a_merged_two_row_header(tmp_path):
    sheet = messy_history(tmp_path / "ls.xlsx")
    layout = hi.detect_layout(hi.read_sheet(sheet.path))
    assert (layout.header_first_row, layout.header_last_row) == (8, 9)
    assert layout.columns == {
        "stt": 1, "ho_ten": 2, "ngay_sinh_nam": 3, "ngay_sinh_nu": 4, "don_vi": 5, "nam": 6,
        "danh_hieu": 7, "so_quyet_dinh": 8, "ngay_quyet_dinh": 9, "ghi_chu": 10,
    }


def test_messy_history_plan(db, agency, tmp_path):
    sheet = messy_history(tmp_path / "ls.xlsx")
    plan = hi.plan_history_import(db, sheet.path)
    for excel_row, (subject, year, codes, number, date) in sheet.expected.items():
        r = row(plan, excel_row)
        assert r.status is RowStatus.NEW, (excel_row, r.reason)
        assert r.titles == codes and r.year == year
        assert (r.decision, r.decision_date.isoformat()) == (number, date)
        kind, ident = ("unit", agency.units[subject[5:]]) if subject.startswith("unit:") \
            else ("staff", agency.people[subject])
        assert (r.subject.kind, r.subject.id) == (kind, ident)
    for excel_row, word in sheet.skipped.items():
        r = row(plan, excel_row)
        assert r.status is RowStatus.SKIPPED and word in r.reason.lower(), (excel_row, r.reason)
    # "Giấy khen đột xuất": the basis comes from the text, the note from its column
    (gk,) = row(plan, 15).entries
    assert (gk.co_so, gk.ghi_chu, gk.nguon) == ("dot_xuat", "Cứu người", "nhap_excel")
    assert [r.excel_row for r in plan.unmatched] == sheet.unmatched
    assert "Không tìm thấy “Đỗ Văn Mới”" in row(plan, 17).reason
    ambiguous = row(plan, 18)
    assert "Có 2 người tên “Hoàng Thị Hoa”" in ambiguous.reason
    # named with their birth date and unit, never by internal id
    assert "Hoàng Thị Hoa (04/04/1988) — Văn phòng" in ambiguous.reason and "mã " not in ambiguous.reason
    assert {c.id for c in ambiguous.candidates} == {agency.people["hoa1"], agency.people["hoa2"]}
    assert not plan.ok


def test_unmatched_rows_block_the_import_until_resolved(db, agency, tmp_path):
    sheet = messy_history(tmp_path / "ls.xlsx")
    before = dump(db)
    plan = hi.plan_history_import(db, sheet.path)
    with pytest.raises(ImportFileError) as exc:
        hi.apply_history_import(db, plan)
    assert "Dòng 17" in str(exc.value) and "Dòng 18" in str(exc.value)
    assert dump(db) == before

    resolutions = {17: ("skip", 0), 18: ("staff", agency.people["hoa2"])}
    plan = hi.plan_history_import(db, sheet.path, resolutions=resolutions)
    assert plan.ok
    assert row(plan, 17).status is RowStatus.SKIPPED
    chosen = row(plan, 18)
    assert chosen.status is RowStatus.NEW and chosen.resolved and "Đã chọn" in chosen.reason
    result = hi.apply_history_import(db, plan)
    extra = [("hoa2", 2023, ["LDTT"], "130/QĐ-BDT", "2023-12-22")]
    assert stored(db) == expected_awards(sheet, agency, extra)
    assert result.created == len(stored(db)) == 9 and result.updated == 0
    assert {a.nguon for a in merit.awards_all(db)} == {"nhap_excel"}

    # the same plan again: refused, the data changed since it was made
    after = dump(db)
    with pytest.raises(ImportFileError, match="đã thay đổi"):
        hi.apply_history_import(db, plan)
    # the same file again: every row unchanged, nothing written
    again = hi.plan_history_import(db, sheet.path, resolutions=resolutions)
    counts = again.counts()
    assert counts[RowStatus.NEW] == counts[RowStatus.UPDATE] == 0
    assert counts[RowStatus.UNCHANGED] == len(sheet.expected) + 1
    hi.apply_history_import(db, again)
    assert dump(db) == after


def test_resolution_must_fit_the_row(db, agency, tmp_path):
    sheet = messy_history(tmp_path / "ls.xlsx")
    plan = hi.plan_history_import(db, sheet.path, resolutions={
        17: ("staff", 9999),  # nobody
        18: ("unit", agency.units["Văn phòng"]),  # Lao động tiên tiến is for people only
    })
    assert "không còn trong dữ liệu" in row(plan, 17).reason and row(plan, 17).status is RowStatus.ERROR
    assert row(plan, 18).status is RowStatus.ERROR
    assert "“Lao động tiên tiến” không dành cho tập thể" in row(plan, 18).reason


def test_titles_grouped_by_section_year_and_decision_from_the_heading(db, agency, tmp_path):
    sheet = sectioned_history(tmp_path / "theo danh hieu.xlsx")
    plan = hi.plan_history_import(db, sheet.path)
    assert plan.ok
    assert plan.year == 2024 and "tiêu đề" in plan.year_source
    assert plan.sheet_decision == ("200/QĐ-BDT", dt.date(2024, 12, 25))
    for excel_row, word in sheet.skipped.items():
        assert word in row(plan, excel_row).reason
    hi.apply_history_import(db, plan)
    assert stored(db) == expected_awards(sheet, agency)
    # a year chosen for the whole sheet wins over the heading
    plan = hi.plan_history_import(db, sheet.path, year=2023)
    assert plan.year == 2023 and {r.year for r in plan.rows if r.entries} == {2023}


def test_stored_line_gets_its_decision_and_an_empty_cell_blanks_nothing(db, agency, tmp_path):
    an, binh = agency.people["an"], agency.people["binh"]
    merit.save_award(db, AwardEntry(nam=2022, ma="LDTT", staff_id=an))
    merit.save_award(db, AwardEntry(nam=2022, ma="LDTT", staff_id=binh, so_quyet_dinh="99/QĐ-BDT",
                                    ngay_quyet_dinh=dt.date(2022, 12, 1), nguon="nhap_tay"))
    path = write_rows(tmp_path / "u.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu", "Số, ngày quyết định"],
        [1, "Nguyễn Văn An", "12/03/1980", 2022, "LĐTT", "Số 125/QĐ-UBND ngày 20/12/2022"],
        [2, "Trần Thị Bình", "01/07/1985", 2022, "Lao động tiên tiến", None],
    ])
    plan = hi.plan_history_import(db, path)
    assert row(plan, 2).status is RowStatus.UPDATE
    assert row(plan, 2).changes == [
        "LDTT 2022 — Số quyết định: — → “125/QĐ-UBND”",
        "LDTT 2022 — Ngày quyết định: — → 20/12/2022",
    ]
    assert row(plan, 3).status is RowStatus.UNCHANGED
    result = hi.apply_history_import(db, plan)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    by_person = {a.staff_id: a for a in merit.awards_all(db)}
    assert (by_person[an].so_quyet_dinh, by_person[an].ngay_quyet_dinh) == ("125/QĐ-UBND", dt.date(2022, 12, 20))
    assert by_person[an].nguon == "nhap_tay"  # a line typed by hand stays one
    assert (by_person[binh].so_quyet_dinh, by_person[binh].ngay_quyet_dinh) == ("99/QĐ-BDT", dt.date(2022, 12, 1))


# --- words ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code", "basis", "year"), [
    ("Lao động tiên tiến", "LDTT", None, None),
    ("LĐTT", "LDTT", None, None),
    ("lao dong tien tien", "LDTT", None, None),
    ("Danh hiệu Lao động tiên tiến năm 2023", "LDTT", None, 2023),
    ("Chiến sĩ thi đua cơ sở", "CSTDCS", None, None),
    ("Chiến sỹ thi đua cơ sở", "CSTDCS", None, None),
    ("CSTĐCS", "CSTDCS", None, None),
    ("CSTĐ cơ sở", "CSTDCS", None, None),
    ("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "CSTD_TINH", None, None),
    ("Giấy khen", "GK", None, None),
    ("Giấy khen của Trưởng ban Dân tộc", "GK", None, None),
    ("Giấy khen đột xuất", "GK", "dot_xuat", None),
    ("Giấy khen chuyên đề “Học tập và làm theo”", "GK", "chuyen_de", None),
    ("Bằng khen của Chủ tịch UBND tỉnh", "BK_TINH", None, None),
    ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa", "BK_TINH", None, None),
    ("BK UBND tỉnh", "BK_TINH", None, None),
    ("Bằng khen của Thủ tướng Chính phủ", "BK_TTG", None, None),
    ("Tập thể lao động xuất sắc", "TTLDXS", None, None),
    ("TTLĐXS", "TTLDXS", None, None),
    ("Tập thể LĐTT", "TTLDTT", None, None),
    ("Cờ thi đua của UBND tỉnh", "CO_TINH", None, None),
])
def test_title_words_map_to_rule_set_codes(text, code, basis, year):
    match = Vocabulary(builtin_rulesets()).titles.match(text)
    assert (match.code, match.basis, match.year) == (code, basis, year)


@pytest.mark.parametrize("text", ["Bằng khen", "Bằng khen của Bộ trưởng Bộ Nội vụ", "Khen", "Huân chương Lao động"])
def test_unknown_or_ambiguous_titles_are_not_guessed(text):
    assert Vocabulary(builtin_rulesets()).titles.match(text) is None


def test_synonyms_are_data(tmp_path):
    from thidua_desktop.services.imports.vocab import _vocabulary_data

    data = dict(_vocabulary_data())
    data["titles"] = {**data["titles"], "LDTT": [*data["titles"]["LDTT"], "Lao động giỏi"]}
    vocab = Vocabulary(builtin_rulesets(), data)
    assert vocab.titles.match("Lao động giỏi").code == "LDTT"
    assert Vocabulary(builtin_rulesets()).titles.match("Lao động giỏi") is None


def test_title_names_of_the_user_rule_sets_count(db, agency, tmp_path):
    from thidua_desktop.domain.rulesets import Scope, copy_ruleset, with_title
    from thidua_desktop.store import rules

    national = builtin_rulesets()[-1]
    mine = copy_ruleset(national, "Quy chế Ban Dân tộc", Scope("agency", "Ban Dân tộc"))
    path = write_rows(tmp_path / "co.xlsx", [
        ["STT", "Tên tập thể", "Năm", "Danh hiệu"],
        [1, "Văn phòng", 2024, "Co thi dua xuat sac cua UBND tinh"],
    ])
    assert "Không nhận ra danh hiệu" in row(hi.plan_history_import(db, path), 2).reason
    rules.save_ruleset(db, with_title(mine, "CO_TINH", name="Cờ thi đua xuất sắc của Ủy ban nhân dân tỉnh"))
    assert row(hi.plan_history_import(db, path), 2).titles == ["CO_TINH"]


def test_row_errors_are_reported_and_nothing_is_written(db, agency, tmp_path):
    path = write_rows(tmp_path / "loi.xlsx", [
        ["STT", "Tên cá nhân, tập thể", "Ngày sinh", "Năm", "Danh hiệu, hình thức", "Quyết định", "Ghi chú"],
        [1, "Nguyễn Văn An", "12/03/1980", "năm ngoái", "LĐTT", "125/QĐ-UBND", None],
        [2, "Nguyễn Văn An", "12/03/1980", 2022, "Bằng khen", "125/QĐ-UBND", None],
        [3, "Tập thể Văn phòng", None, 2022, "Lao động tiên tiến", "125/QĐ-UBND", None],
        [4, "Trần Thị Bình", "01/07/1985", 2022, "LĐTT", "Số 125/QĐ-UBND ngày 31/02/2022", None],
        [5, "Trần Thị Bình", "01/07/1985", 2021, "LĐTT", "7/QĐ-UBND ngày 20/12/2020", None],
        [6, "Lê Văn Cường", 1979, 2022, "CSTĐCS", "125/QĐ-UBND", None],
        [7, "Le Van Cuong", 1979, 2022, "Chiến sĩ thi đua cơ sở", "126/QĐ-UBND", None],
        [8, "Y Ngọc", "15/06/1987", 2022, "Giấy khen", "125/QĐ-UBND", None],
        [9, "Y Ngọc", "15/06/1987", 2022, "Giấy khen", "125/QĐ-UBND", "nhập trùng"],
        [None, None, None, 2022, "LĐTT", None, None],
    ])
    before = dump(db)
    plan = hi.plan_history_import(db, path)
    reasons = {r.excel_row: r.reason for r in plan.rows}
    assert "Năm: “năm ngoái” không phải năm" in reasons[2]
    assert "Không nhận ra danh hiệu, hình thức “Bằng khen”" in reasons[3]
    assert "“Lao động tiên tiến” không dành cho tập thể" in reasons[4]
    assert "31/2/2022 không tồn tại" in reasons[5]
    assert "trước năm được khen 2021" in reasons[6]
    assert "Trùng với dòng 7" in reasons[8] and row(plan, 8).status is RowStatus.ERROR
    assert row(plan, 10).status is RowStatus.SKIPPED and "trùng với dòng 9" in reasons[10]
    assert "Không có tên cá nhân/tập thể nhưng có dữ liệu ở cột D, E" in reasons[11]
    assert [r.excel_row for r in plan.errors] == [2, 3, 4, 5, 6, 8, 11]
    with pytest.raises(ImportFileError, match="7 dòng lỗi"):
        hi.apply_history_import(db, plan)
    assert dump(db) == before


def test_a_failure_while_writing_leaves_nothing(db, agency, tmp_path, monkeypatch):
    sheet = messy_history(tmp_path / "ls.xlsx")
    plan = hi.plan_history_import(db, sheet.path, resolutions={17: ("skip", 0), 18: ("skip", 0)})
    real = merit.save_awards

    def half_then_fail(database, entries):
        entries = list(entries)
        real(database, entries[: len(entries) // 2])
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(hi, "save_awards", half_then_fail)
    before = dump(db)
    with pytest.raises(sqlite3.OperationalError):
        hi.apply_history_import(db, plan)
    assert dump(db) == before


def test_subject_column_and_collective_guesses(db, agency, tmp_path):
    path = write_rows(tmp_path / "tt.xlsx", [
        ["TT", "Họ tên cá nhân/tập thể", "Cá nhân hay tập thể", "Năm", "Hình thức khen thưởng"],
        [1, "Văn phòng", "Tập thể", 2023, "Giấy khen"],
        [2, "Phòng Chính sách", None, 2023, "Giấy khen"],  # no birth date, names a unit
        [3, "Y Ngọc", "CN", 2023, "Giấy khen"],
        [4, "Phòng Tổ chức", "Tập thể", 2023, "Giấy khen"],  # no such unit
    ])
    plan = hi.plan_history_import(db, path, year=2023)
    assert (row(plan, 2).subject.kind, row(plan, 2).subject.id) == ("unit", agency.units["Văn phòng"])
    assert (row(plan, 3).subject.kind, row(plan, 3).subject.id) == ("unit", agency.units["Phòng Chính sách"])
    assert (row(plan, 4).subject.kind, row(plan, 4).subject.id) == ("staff", agency.people["y"])
    assert row(plan, 5).status is RowStatus.UNMATCHED and "Không tìm thấy đơn vị “Phòng Tổ chức”" in row(plan, 5).reason


def test_legacy_tcvn3_list_imports_like_unicode(db, agency, tmp_path):
    sheet = messy_history(tmp_path / "cu.xlsx", legacy=True)
    resolutions = {17: ("skip", 0), 18: ("skip", 0)}
    plan = hi.plan_history_import(db, sheet.path, resolutions=resolutions)
    assert plan.ok, [(r.excel_row, r.reason) for r in plan.errors]
    assert {(c.excel_row, c.after) for c in plan.legacy_cells} >= {
        (12, "Nguyễn Văn An"), (12, "Lao động tiên tiến"), (14, "Trần Thị Bình")}
    assert all(c.encoding.startswith("tcvn3") for c in plan.legacy_cells)
    hi.apply_history_import(db, plan)
    assert stored(db) == expected_awards(sheet, agency)
    # without conversion the garbled names match nobody
    raw = hi.plan_history_import(db, sheet.path, resolutions=resolutions, convert_legacy=False)
    assert row(raw, 12).status is RowStatus.ERROR or row(raw, 12).status is RowStatus.UNMATCHED


def test_one_tick_column_per_title(db, agency, tmp_path):
    path = write_rows(tmp_path / "x.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu thi đua", None, "Hình thức khen thưởng", "Ghi chú"],
        [None, None, None, None, "LĐTT", "CSTĐCS", "Giấy khen", None],
        [1, "Nguyễn Văn An", "12/03/1980", 2023, "x", "x", None, None],
        [2, "Trần Thị Bình", "01/07/1985", 2023, "X", None, "✓", None],
        [3, "Lê Văn Cường", 1979, 2023, "đạt", None, None, None],
    ], merges=["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "H1:H2"])
    layout = hi.detect_layout(hi.read_sheet(path))
    assert "danh_hieu" not in layout.columns and (layout.header_first_row, layout.header_last_row) == (1, 2)
    plan = hi.plan_history_import(db, path)
    assert row(plan, 3).titles == ["LDTT", "CSTDCS"]
    assert row(plan, 4).titles == ["LDTT", "GK"]
    assert "Cột E (“Lao động tiên tiến”) ghi “đạt”: chỉ đánh dấu x" in row(plan, 5).reason


def test_no_title_column_needs_sections_and_no_year_is_an_error(db, agency, tmp_path):
    path = write_rows(tmp_path / "n.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Danh hiệu"],
        [1, "Nguyễn Văn An", "12/03/1980", "LĐTT"],
        [2, "Trần Thị Bình", "01/07/1985", None],
    ])
    plan = hi.plan_history_import(db, path)
    assert "Không có năm" in row(plan, 2).reason
    assert "Không có danh hiệu" in row(plan, 3).reason


# --- CLI --------------------------------------------------------------------------

def test_cli_refuses_unmatched_rows_and_writes_nothing(db_path, db, agency, tmp_path, capsys):
    sheet = messy_history(tmp_path / "ls.xlsx")
    db.close()
    before = db_path.read_bytes()
    assert cli_main(["import-history", "--db", str(db_path), str(sheet.path)]) == 2
    out, err = capsys.readouterr()
    assert "Dòng 17 (chưa xác định): Không tìm thấy “Đỗ Văn Mới”" in err
    assert "Dòng 18 (chưa xác định)" in err and "Hoàng Thị Hoa (09/09/1993)" in err
    assert "chưa ghi gì" in err
    assert "Dòng 10: Dòng đánh số cột" in out
    assert db_path.read_bytes() == before


def test_cli_imports_a_clean_list_and_dry_run_writes_nothing(db_path, db, agency, tmp_path, capsys):
    sheet = sectioned_history(tmp_path / "sach.xlsx")
    db.close()
    before = db_path.read_bytes()
    assert cli_main(["import-history", "--db", str(db_path), str(sheet.path), "--dry-run"]) == 0
    assert "Sẽ nhập: 3 dòng mới" in capsys.readouterr().out
    assert db_path.read_bytes() == before
    assert cli_main(["import-history", "--db", str(db_path), str(sheet.path)]) == 0
    out = capsys.readouterr().out
    assert "Quyết định chung ghi trên đầu trang: số 200/QĐ-BDT ngày 25/12/2024" in out
    assert "3 dòng lịch sử mới" in out
    assert cli_main(["import-history", "--db", str(db_path), str(sheet.path)]) == 0
    assert "0 dòng lịch sử mới, 0 cập nhật, 3 không đổi" in capsys.readouterr().out


def test_cli_needs_an_existing_data_file(tmp_path, capsys):
    sheet = sectioned_history(tmp_path / "sach.xlsx")
    missing = tmp_path / "khong-co.sqlite"
    assert cli_main(["import-history", "--db", str(missing), str(sheet.path)]) == 2
    assert "chưa có" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize(("text", "code"), [("LĐ TT", "LDTT"), ("C.S.T.Đ.C.S", "CSTDCS"), ("CSTĐ CS", "CSTDCS"),
                                            ("G.K", "GK")])
def test_spacing_and_dots_inside_a_title_abbreviation_are_read(text, code):
    assert Vocabulary(builtin_rulesets()).titles.match(text).code == code


def test_an_unknown_title_is_mapped_by_the_user_for_every_row(db, tmp_path):
    from thidua_desktop.services.imports.vocab import vocabulary_for
    from thidua_desktop.services.imports.records import parse_value_map

    seed_agency(db)
    path = write_rows(tmp_path / "t.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu"],
        [1, "Nguyễn Văn An", "12/03/1980", 2023, "Lao động giỏi"],
        [2, "Trần Thị Bình", "01/07/1985", 2023, "lao dong gioi"],
    ])
    plan = hi.plan_history_import(db, path)
    [value] = plan.unknown_values()
    assert (value.field, value.text, value.rows) == ("danh_hieu", "Lao động giỏi", (2, 3))
    plan = hi.plan_history_import(db, path, value_map=parse_value_map(["Lao động giỏi=LDTT"], vocabulary_for(db)))
    assert plan.ok and row(plan, 2).titles == row(plan, 3).titles == ["LDTT"]
