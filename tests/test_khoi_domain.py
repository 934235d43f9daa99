"""Khối scoring arithmetic: caps, both total rules, boundaries, ties never broken silently."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from thidua_desktop.domain import khoi as k


def C(muc, text, level, loai="cham", diem=None, minh_chung=""):
    return k.Criterion(muc, text, level, loai, D(diem) if diem is not None else None, minh_chung)


SHEET = k.ScoreSheet((
    C("I", "ĐIỂM CHẤM", 0, diem=30),
    C("1", "Tiêu chuẩn 1: công tác chuyên môn", 1, diem=20),
    C("1.1", "Hoàn thành kế hoạch", 2, diem=12),
    C("1.2", "Báo cáo đúng hạn", 2, diem=8),
    C("2", "Tiêu chuẩn 2: cải cách hành chính", 1, diem=10),
    C("II", "ĐIỂM CỘNG (tối đa 20)", 0, "cong", 20),
    C("1", "Cờ thi đua của UBND tỉnh", 1, "cong", 10),
    C("2", "Cờ thi đua của Chính phủ", 1, "cong", 15),
    C("3", "Khối trưởng", 1, "cong", 5),
    C("III", "ĐIỂM TRỪ (tối đa 10)", 0, "tru", 10),
    C("1", "Chậm báo cáo (mỗi lần)", 1, "tru", 4),
    C("2", "Có cán bộ bị kỷ luật", 1, "tru", 8),
))
LEAF = {"1.1": 2, "1.2": 3, "2": 4, "co": 6, "cp": 7, "kt": 8, "cham": 10, "kl": 11}


def test_the_sheet_is_valid_and_its_tree_reads_from_levels():
    assert SHEET.errors() == []
    assert SHEET.parents()[:5] == [None, 0, 1, 1, 0]
    assert SHEET.leaves() == [2, 3, 4, 6, 7, 8, 10, 11]
    assert SHEET.max_total() == D(30)


def test_sum_of_items_with_bonus_and_penalty_caps():
    scores = {2: D(12), 3: D("7.5"), 4: D(10), 6: D(10), 7: D(15), 8: D(5), 10: D(4), 11: D(8)}
    t = k.totals(SHEET, scores)
    # bonuses 30 capped at 20; penalties 12 capped at 10
    assert (t.diem_chuan, t.cong, t.tru, t.tong) == (D("29.5"), D(20), D(10), D("39.5"))
    assert t.sentence() == "Điểm chuẩn 29,5, cộng 20, trừ 10, thống nhất đạt 39,5 điểm"
    assert (t.scored, t.lines) == (8, 8)


def test_a_cap_is_inclusive_and_below_it_nothing_is_cut():
    t = k.totals(SHEET, {6: D(10), 8: D(5), 10: D(4), 11: D(6)})
    assert (t.cong, t.tru) == (D(15), D(10))
    t = k.totals(SHEET, {6: D(10), 8: D("9.99") - D("4.99")})
    assert t.cong == D(15)
    assert k.totals(SHEET, {6: D(10), 7: D("10.01")}).cong == D(20)


def test_hundred_plus_bonus_minus_penalty():
    sheet = k.ScoreSheet((
        C("1", "Điểm cộng", 1, "cong", 15),
        C("a", "Cờ thi đua tỉnh", 2, "cong", 10),
        C("b", "Bằng khen", 2, "cong", 10),
        C("2", "Điểm trừ", 1, "tru", None),
        C("a", "Chậm tiến độ", 2, "tru", 5),
    ), cach_tinh="co_so", diem_co_so=D(100))
    assert sheet.errors() == []
    t = k.totals(sheet, {1: D(10), 2: D(10), 4: D("2.5")})
    assert (t.diem_chuan, t.cong, t.tru, t.tong) == (D(100), D(15), D("2.5"), D("112.5"))
    assert k.totals(sheet, {}).tong == D(100)


def test_a_sheet_that_cannot_be_scored_says_why():
    bad = k.ScoreSheet((
        C("1", "Tiêu chuẩn 1", 1, diem=20),
        C("1.1", "Mục", 2, diem=12),
        C("1.2", "Mục không điểm", 2),
        C("2", "Cộng", 1, "cong", 5),
        C("a", "Chấm trong mục cộng", 2, "cham", 5),
    ))
    errors = " | ".join(bad.errors())
    assert "Mục 1.2 (Mục không điểm) chưa có điểm chuẩn" in errors
    assert "Mục a là chấm điểm nhưng nằm trong Mục 2 là điểm cộng" in errors
    wrong_sum = k.ScoreSheet((C("1", "TC1", 1, diem=20), C("1.1", "a", 2, diem=12), C("1.2", "b", 2, diem=7)))
    assert wrong_sum.errors() == ["Mục 1 có điểm chuẩn 20 nhưng các mục con cộng lại 19"]
    co_so = k.ScoreSheet((C("1", "TC1", 1, diem=20),), cach_tinh="co_so")
    assert "chỉ có mục cộng và mục trừ" in co_so.errors()[0]
    assert k.ScoreSheet(()).errors() == ["Bảng chấm điểm chưa có mục nào"]


def test_a_score_above_its_line_or_on_a_heading_is_refused():
    assert SHEET.score_problem(2, D(12)) == ""
    assert SHEET.score_problem(2, D("12.01")) == "Mục 1.1: 12,01 điểm vượt điểm chuẩn 12"
    assert SHEET.score_problem(6, D(11)) == "Mục 1: 11 điểm vượt điểm cộng tối đa 10"
    assert SHEET.score_problem(1, D(5)) == "Mục 1 là mục tổng hợp, chỉ chấm các mục con"


@pytest.mark.parametrize(("raw", "value"), [
    ("12,5", D("12.5")), ("12.5", D("12.5")), (7, D(7)), (0.30000000000000004, D("0.3")), (" ", None),
    (None, None), ("0", D(0)),
])
def test_scores_parse_as_typed(raw, value):
    assert k.parse_score(raw) == value


@pytest.mark.parametrize(("raw", "message"), [
    ("-1", "không được âm"), ("abc", "không phải là số"), ("1,234", "quá hai chữ số"), (True, "không phải"),
])
def test_bad_scores_are_refused(raw, message):
    with pytest.raises(k.ScoreError, match=message):
        k.parse_score(raw)


def test_fmt_and_storage_round_trip():
    assert k.fmt(D("12.50")) == "12,5" and k.fmt(D("10.00")) == "10" and k.fmt(None) == ""
    assert k.from_text(k.to_text(D("12.50"))) == D("12.5") and k.to_text(D("10.00")) == "10"


def test_agreed_score_is_the_appraisal_else_the_self_score():
    lines = {2: k.LineScore(D(12), D(10)), 3: k.LineScore(D(8)), 4: k.LineScore(None, D(9))}
    assert lines[2].difference == D(-2) and lines[3].difference is None
    assert k.agreed_totals(SHEET, lines).diem_chuan == D(27)
    assert k.self_totals(SHEET, lines).diem_chuan == D(20)


def test_ties_share_a_rank_until_resolved():
    rows = k.rank({1: D(90), 2: D("88.5"), 3: D("88.5"), 4: D(80), 5: None})
    assert [(r.member_id, r.rank) for r in rows] == [(1, 1), (2, 2), (3, 2), (4, 4), (5, None)]
    assert rows[1].open_tie and rows[1].tied_with == (3,)
    assert k.open_ties(rows) == [(2, 3)]
    vote = k.TieResolution((3, 2), D("88.5"), "bieu_quyet", "Hội nghị khối")
    rows = k.rank({1: D(90), 2: D("88.5"), 3: D("88.5"), 4: D(80)}, [vote])
    assert [(r.member_id, r.rank) for r in rows] == [(1, 1), (3, 2), (2, 3), (4, 4)]
    assert not k.open_ties(rows) and rows[1].resolution is vote


def test_a_resolution_no_longer_applies_when_the_tie_changes():
    vote = k.TieResolution((3, 2), D("88.5"), "bieu_quyet", "Hội nghị khối")
    moved = k.rank({1: D(90), 2: D("88.5"), 3: D("88.5"), 4: D("88.5")}, [vote])  # a third member joins
    assert k.open_ties(moved) == [(2, 3, 4)] and k.unused_resolutions(moved, [vote]) == [vote]
    other_total = k.rank({2: D(89), 3: D(89)}, [vote])
    assert k.open_ties(other_total) == [(2, 3)]


def test_the_khoi_rule_orders_a_tie_only_when_it_separates_it():
    details = {2: k.Totals(D(70), D(20), D("1.5")), 3: k.Totals(D(71), D(19), D("2.5"))}
    assert k.order_by_rule("diem_cham", (2, 3), details) == (3, 2)
    assert k.order_by_rule("it_diem_tru", (2, 3), details) == (2, 3)
    same = {2: k.Totals(D(70), D(20), D(1)), 3: k.Totals(D(70), D(20), D(1))}
    assert k.order_by_rule("diem_cham", (2, 3), same) is None
    assert k.order_by_rule("", (2, 3), details) is None


def test_proposals_follow_the_quota_and_stop_at_an_open_tie():
    rows = k.rank({1: D(95), 2: D(90), 3: D(90), 4: D(80)})
    assert k.proposals(rows, 1, 1, {2: "Sở A", 3: "Sở B"}).blocked.startswith("Đồng điểm 90 (Sở A, Sở B)")
    assert k.proposals(rows, 1, 2, {}) == k.Proposals((1,), (2, 3))
    resolved = k.rank({1: D(95), 2: D(90), 3: D(90), 4: D(80)},
                      [k.TieResolution((3, 2), D(90), "quy_tac", "Khối trưởng")])
    assert k.proposals(resolved, 1, 1) == k.Proposals((1,), (3,))
    tie_first = k.rank({1: D(95), 2: D(95)})
    assert k.proposals(tie_first, 1, 0).blocked


def test_members_and_khoi_validate():
    assert k.member_errors([k.Member("A", "truong"), k.Member("B", "truong")])
    assert k.member_errors([k.Member("A", la_co_quan_minh=True), k.Member("a ", la_co_quan_minh=True)])
    assert k.Member("A", unit_id=3).errors() == ["Chỉ cơ quan mình mới gắn với một đơn vị trong tệp dữ liệu"]
    assert k.Khoi("", 2026, so_co=-1).errors()[:2] == ["Tên khối thi đua không được để trống",
                                                        "Số Cờ thi đua đề nghị phải từ 0 đến 50"]


def test_outline_levels_from_printed_codes():
    mucs = ["I", "Tiêu chuẩn 1", "1.1", "a", "a1", "-", "-", "b", "1.2", "2", "II", "1", "a"]
    assert k.outline_levels(mucs) == [0, 1, 2, 3, 4, 5, 5, 3, 2, 1, 0, 1, 2]
    assert k.outline_levels(["1", "a", "b", "2"]) == [1, 2, 2, 1]
