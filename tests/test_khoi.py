"""Khối thi đua in the data file: score-sheet import, member workbooks out and
back (protected cells, version mismatch refused, nothing written on a bad row),
ties resolved with who decided, our rank into the profile, the summary table."""
from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from khoi_factory import NAMES, circulated_sheet
from thidua_desktop.domain.khoi import Khoi, LineScore, Member
from thidua_desktop.domain.models import OrgSettings, Unit
from thidua_desktop.services.khoi import demo as khoi_demo
from thidua_desktop.services.khoi import service, summary, workbooks
from thidua_desktop.services.khoi.sheet_import import read_score_sheet
from thidua_desktop.store import khoi as store
from thidua_desktop.store import merit, records
from thidua_desktop.store.db import StoreError

YEAR = 2026
@pytest.fixture
def khoi(db):
    """An empty file's secretary: the agency, one unit, the khối and its seven members."""
    records.save_settings(db, OrgSettings("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "BAN DÂN TỘC", "BDT", "Khánh Hòa",
                                          "Trưởng Ban", "Nguyễn Văn An"))
    unit = records.save_unit(db, Unit("Ban Dân tộc tỉnh"))
    kid = service.save_khoi(db, Khoi("Khối các cơ quan tổng hợp", YEAR, so_co=1, so_bang_khen=2,
                                     quy_tac_dong_diem="diem_cham"))
    for i, name in enumerate(NAMES):
        service.save_member(db, kid, Member(name, "truong" if i == 0 else "pho" if i == 1 else "thanh_vien",
                                            la_co_quan_minh=i == 0, unit_id=unit if i == 0 else None))
    return kid, unit


def test_a_circulated_sheet_is_read_into_an_outline_with_caps(tmp_path, db, khoi):
    read = read_score_sheet(circulated_sheet(tmp_path / "bang-diem.xlsx"))
    assert read.ok, read.all_problems()
    sheet = read.sheet
    assert [(c.muc, c.level, c.loai, c.diem_chuan) for c in sheet.criteria] == [
        ("I", 0, "cham", 50), ("1", 1, "cham", 30), ("1.1", 2, "cham", 20), ("1.2", 2, "cham", 10),
        ("2", 1, "cham", 20), ("a", 2, "cham", 12), ("b", 2, "cham", 8),
        ("II", 0, "cong", 15), ("1", 1, "cong", 10), ("2", 1, "cong", 15), ("III", 0, "tru", None),
        ("1", 1, "tru", 5)]
    assert sheet.ten.startswith("BẢNG CHẤM ĐIỂM") and sheet.cach_tinh == "tong"
    kid, _ = khoi
    service.save_sheet(db, kid, sheet)
    assert store.current_sheet(db, kid).phien_ban == 1


def test_a_sheet_with_a_wrong_sum_is_not_saved(tmp_path, db, khoi):
    path = circulated_sheet(tmp_path / "sai.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["C7"] = 21
    wb.save(path)
    read = read_score_sheet(path)
    assert not read.ok and "Mục 1 có điểm chuẩn 30 nhưng các mục con cộng lại 31" in read.all_problems()
    with pytest.raises(StoreError):
        service.save_sheet(db, khoi[0], read.sheet)
    assert store.current_sheet(db, khoi[0]) is None


def _demo_sheet(db, kid):
    service.save_sheet(db, kid, khoi_demo.SHEET)
    return store.current_sheet(db, kid)


def test_member_workbooks_round_trip(tmp_path, db, khoi):
    kid, _ = khoi
    sheet = _demo_sheet(db, kid)
    paths = workbooks.export_member_workbooks(db, kid, tmp_path / "out")
    assert len(paths) == 7
    ws = openpyxl.load_workbook(paths[1])[workbooks.SHEET]
    assert ws.protection.sheet
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "TC%d" % sheet.criteria[0].id)
    # a heading's cells and every fixed column are locked; a scored line's Tự chấm and Minh chứng are open
    assert ws.cell(first, workbooks.SCORE_COL).protection.locked
    assert not ws.cell(first + 2, workbooks.SCORE_COL).protection.locked
    assert not ws.cell(first + 2, workbooks.EVIDENCE_COL).protection.locked
    assert ws.cell(first + 2, 3).protection.locked
    assert openpyxl.load_workbook(paths[1])[workbooks.IDENTITY_SHEET].sheet_state == "veryHidden"
    # Sở Nội vụ fills its self-scores in
    wb = openpyxl.load_workbook(paths[1])
    ws = wb[workbooks.SHEET]
    leaves = set(sheet.leaves())
    for offset, c in enumerate(sheet.criteria):
        if offset in leaves:
            ws.cell(first + offset, workbooks.SCORE_COL).value = float(c.diem_chuan) if c.loai == "cham" else 0
            ws.cell(first + offset, workbooks.EVIDENCE_COL).value = "Báo cáo số 12/BC-SNV"
    ws.cell(first + 2, workbooks.SCORE_COL).value = 24.5
    wb.save(paths[1])
    plan = workbooks.plan_member_workbook(db, kid, paths[1])
    assert plan.ok and plan.member_name == "Sở Nội vụ"
    assert workbooks.apply_member_workbook(db, plan) == len(leaves)
    view = service.load_view(db, kid)
    member = next(m for m in view.members if m.ten == "Sở Nội vụ")
    lines = view.results[member.id].lines
    assert lines[2].tu_cham == D("24.5") and lines[2].minh_chung == "Báo cáo số 12/BC-SNV"
    assert view.results[member.id].self_totals.tong == D("99.5")


def test_a_bad_row_writes_nothing_and_names_the_row(tmp_path, db, khoi):
    kid, _ = khoi
    _demo_sheet(db, kid)
    path = workbooks.export_member_workbooks(db, kid, tmp_path)[2]
    wb = openpyxl.load_workbook(path)
    ws = wb[workbooks.SHEET]
    rows = [r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("TC")]
    ws.cell(rows[2], workbooks.SCORE_COL).value = 7  # fine
    ws.cell(rows[3], workbooks.SCORE_COL).value = 99  # over its 15 points
    ws.cell(rows[0], workbooks.SCORE_COL).value = 5  # a heading
    wb.save(path)
    plan = workbooks.plan_member_workbook(db, kid, path)
    assert not plan.ok
    text = "\n".join(plan.errors)
    assert f"Dòng {rows[3]} (mục 1.2): Mục 1.2: 99 điểm vượt điểm chuẩn 15" in text
    assert f"Dòng {rows[0]} (mục I): mục tổng hợp không chấm điểm" in text
    with pytest.raises(StoreError, match="chưa ghi gì"):
        workbooks.apply_member_workbook(db, plan)
    assert db.execute("SELECT count(*) FROM khoi_scores").fetchone()[0] == 0


def test_a_workbook_of_an_older_sheet_version_or_another_khoi_is_refused(tmp_path, db, khoi):
    kid, _ = khoi
    _demo_sheet(db, kid)
    old = workbooks.export_member_workbooks(db, kid, tmp_path / "v1")[0]
    service.save_sheet(db, kid, khoi_demo.SHEET)  # the khối agrees a second version
    with pytest.raises(StoreError, match="phiên bản 1, khối đang dùng phiên bản 2"):
        workbooks.plan_member_workbook(db, kid, old)
    other = service.save_khoi(db, Khoi("Khối kinh tế", YEAR))
    with pytest.raises(StoreError, match="là phiếu của khối “Khối các cơ quan tổng hợp”"):
        workbooks.plan_member_workbook(db, other, old)
    wb = openpyxl.load_workbook(old)
    wb[workbooks.IDENTITY_SHEET]["B5"] = "2"  # tampered with: the two copies disagree
    wb.save(old)
    with pytest.raises(StoreError, match="đã bị sửa"):
        workbooks.plan_member_workbook(db, kid, old)


def test_scores_carry_over_to_a_new_sheet_version(db, khoi):
    kid, _ = khoi
    sheet = _demo_sheet(db, kid)
    member = store.list_members(db, kid)[0].id
    service.save_scores(db, member, {2: LineScore(D(24), D(23), "BC", "thiếu minh chứng")})
    service.save_sheet(db, kid, khoi_demo.SHEET)
    again = service.load_view(db, kid)
    assert again.sheet.phien_ban == 2 and again.sheet.id != sheet.id
    assert again.results[member].lines[2] == LineScore(D(24), D(23), "BC", "thiếu minh chứng")


def test_a_score_over_its_line_is_refused_whole(db, khoi):
    kid, _ = khoi
    _demo_sheet(db, kid)
    member = store.list_members(db, kid)[0].id
    with pytest.raises(StoreError, match="vượt điểm chuẩn 25"):
        service.save_scores(db, member, {2: LineScore(D(26)), 3: LineScore(D(10))})
    assert db.execute("SELECT count(*) FROM khoi_scores").fetchone()[0] == 0


def test_the_demo_tie_is_resolved_by_the_rule_and_our_rank_feeds_the_profile(db, khoi):
    kid, unit = khoi
    records.save_settings(db, records.get_settings(db))
    _demo_sheet(db, kid)
    view = service.load_view(db, kid)
    ids = {m.ten: m.id for m in view.members}
    demo_scores = {name: spec for name, spec in zip(NAMES, khoi_demo.MEMBERS)}
    sheet = view.sheet
    for name, (_, _, own, appraised, bonus, penalty) in demo_scores.items():
        lines = {}
        for i in sheet.leaves():
            c = sheet.criteria[i]
            key = next(k for k, v in khoi_demo.L.items() if v == i)
            if c.loai == "cham":
                lines[i] = LineScore(c.diem_chuan - D(own.get(key, 0)),
                                     c.diem_chuan - D(own.get(key, 0)) - D(appraised.get(key, 0)))
            else:
                lines[i] = LineScore(D((bonus if c.loai == "cong" else penalty).get(key, 0)))
        service.save_scores(db, ids[name], lines)
    view = service.load_view(db, kid)
    assert view.open_ties() == [tuple(sorted((ids["Sở Tài chính"], ids["Thanh tra tỉnh"])))]
    assert [r.rank for r in view.ranking] == [1, 2, 3, 4, 4, 6, 7]
    assert view.proposals().co == (ids["Ban Dân tộc"],)  # the Bằng khen cut (3) is above the tie
    assert merit.unit_evaluation(db, unit, YEAR).xep_hang_cum == 1
    with pytest.raises(StoreError, match="không phải một nhóm đang đồng điểm"):
        service.resolve_tie(db, kid, (ids["Sở Tài chính"], ids["Sở Tư pháp"]), cach="bieu_quyet",
                            nguoi_quyet_dinh="Hội nghị khối")
    service.resolve_by_rule(db, kid, (ids["Sở Tài chính"], ids["Thanh tra tỉnh"]), "Khối trưởng")
    view = service.load_view(db, kid)
    order = [view.names[r.member_id] for r in view.ranking]
    assert order[3:5] == ["Thanh tra tỉnh", "Sở Tài chính"] and not view.open_ties()
    assert "theo quy tắc của khối, Khối trưởng quyết định" in view.tie_text(view.ranking[3])
    # our agency falls behind: its profile follows
    service.save_scores(db, ids["Ban Dân tộc"], {i: LineScore() for i in sheet.leaves()})
    assert merit.unit_evaluation(db, unit, YEAR).xep_hang_cum is None
    service.save_member(db, kid, Member("Ban Dân tộc", "truong", True, None, 1, id=ids["Ban Dân tộc"]))
    assert store.fed_units(db) == {}


def test_the_summary_table(tmp_path, db, khoi):
    kid, _ = khoi
    _demo_sheet(db, kid)
    member = store.list_members(db, kid)[0].id
    service.save_scores(db, member, {2: LineScore(D(25)), 14: LineScore(D(10))})
    path = summary.export_summary(db, kid, tmp_path / "tong-hop.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Tổng hợp"]
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "BAN DÂN TỘC" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "35" in text and "Ban Dân tộc" in text  # 25 + 10 cộng
    assert any(t.startswith("Đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh: Ban Dân tộc") for t in text)
    assert "Chi tiết" in wb.sheetnames


def test_the_khoi_minutes_and_submission_in_word(tmp_path, db):
    from docx import Document

    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.services.documents.word.documents import write_document

    build_demo(db, staff=30, year=YEAR)
    kid = store.list_khoi(db)[0]["id"]

    def text(path):
        doc = Document(path)
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)

    minutes = text(write_document(db, "bien_ban_khoi", kid, tmp_path / "bb.docx"))
    assert "KHỐI CÁC CƠ QUAN TỔNG HỢP" in minutes and "ngày 10 tháng 12 năm 2026" in minutes
    assert "Sở Tài chính, Thanh tra tỉnh cùng 106 điểm, chưa thống nhất thứ tự." in minutes
    with pytest.raises(StoreError, match="ở ranh giới đề nghị Bằng khen"):
        write_document(db, "to_trinh_khoi", kid, tmp_path / "tt.docx")
    assert not (tmp_path / "tt.docx").exists()
    view = service.load_view(db, kid)
    service.resolve_by_rule(db, kid, view.open_ties()[0], "Khối trưởng")
    submission = text(write_document(db, "to_trinh_khoi", kid, tmp_path / "tt.docx"))
    assert "TỜ TRÌNH" in submission and "TM. KHỐI THI ĐUA" in submission
    assert ("tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho Ban Dân tộc (113,5 điểm); tặng Bằng khen của Chủ tịch "
            "Ủy ban nhân dân tỉnh cho Sở Nội vụ, Văn phòng Ủy ban nhân dân tỉnh, Thanh tra tỉnh") in submission
    minutes = text(write_document(db, "bien_ban_khoi", kid, tmp_path / "bb.docx"))
    assert "theo quy tắc của khối (Đơn vị có điểm chấm" in minutes and "Khối trưởng quyết định thứ tự" in minutes
