"""Council rules: tally checks, thresholds over all members, quota, ties, quorum."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua_desktop.domain import council as c
from thidua_desktop.domain.votes import VoteRule


def test_threshold_is_over_all_members_and_inclusive():
    # 9 members at 80 %: 8 votes pass (88,89 %), 7 do not (77,78 %)
    r = c.first_round({"an": 8, "binh": 7}, total_members=9, rule=VoteRule(80))
    by = {x.key: x for x in r.candidates}
    assert by["an"].outcome == c.PASSED and by["an"].pct == "88,89 %"
    assert by["binh"].outcome == c.FAILED and "cần 8 phiếu" in by["binh"].note
    # 10 members: 8 is exactly 80 % and passes; 7 is one vote below
    r = c.first_round({"an": 8, "binh": 7}, total_members=10, rule=VoteRule(80))
    assert [x.outcome for x in r.candidates] == [c.PASSED, c.FAILED]
    # 90 % of 9 members needs 9 (8 = 88,89 % fails)
    r = c.first_round({"an": 9, "binh": 8}, total_members=9, rule=VoteRule(90))
    assert [x.outcome for x in r.candidates] == [c.PASSED, c.FAILED]
    assert c.reached_count(r) == 1


def test_percent_just_below_the_threshold_never_reads_as_the_threshold():
    r = c.first_round({"an": 7999}, total_members=10_000, rule=VoteRule(80))
    assert r.candidates[0].outcome == c.FAILED and r.candidates[0].pct == "79,99 %"


def test_quota_ranks_by_votes_and_a_tie_at_the_cut_stays_open():
    votes = {"an": 9, "binh": 8, "cuong": 8, "dung": 8, "em": 6}
    r = c.first_round(votes, total_members=9, rule=VoteRule(80), quota=2, order=list(votes))
    by = {x.key: x for x in r.candidates}
    assert by["an"].outcome == c.PASSED and by["an"].rank == 1
    assert {k for k in ("binh", "cuong", "dung") if by[k].outcome == c.TIED} == {"binh", "cuong", "dung"}
    assert by["em"].outcome == c.FAILED and not by["em"].reached
    assert r.tied == ("binh", "cuong", "dung") and r.seats_left == 1
    # a second round among the tied fills the seat left
    r2 = c.next_round(r, {"binh": 5, "cuong": 7, "dung": 6}, total_members=9)
    assert [(x.key, x.outcome) for x in r2.candidates] == [("cuong", c.PASSED), ("dung", c.FAILED), ("binh", c.FAILED)]
    final = c.final_outcomes([r, r2])
    assert final["an"].outcome == c.PASSED and final["cuong"].outcome == c.PASSED
    assert final["binh"].outcome == c.FAILED and "Vòng 2" in final["binh"].note
    with pytest.raises(ValueError, match="chỉ gồm những người bằng phiếu"):
        c.next_round(r, {"an": 9, "binh": 5}, total_members=9)


def test_no_tie_when_everyone_at_the_cut_fits():
    r = c.first_round({"an": 9, "binh": 8, "cuong": 8}, total_members=9, rule=VoteRule(80), quota=3)
    assert all(x.outcome == c.PASSED for x in r.candidates) and not r.tied
    r = c.first_round({"an": 9, "binh": 9, "cuong": 8}, total_members=9, rule=VoteRule(80), quota=2)
    assert [x.outcome for x in r.candidates] == [c.PASSED, c.PASSED, c.FAILED]
    assert "ngoài chỉ tiêu 2" in r.candidates[2].note


def test_the_chair_settles_a_tie_and_is_named():
    r = c.first_round({"an": 8, "binh": 8}, total_members=9, rule=VoteRule(80), quota=1)
    assert r.tied == ("an", "binh")
    with pytest.raises(ValueError, match="đúng 1 người"):
        c.chair_decision(r, ["an", "binh"], decided_by="Ông Trần Văn Hùng, Chủ tịch Hội đồng")
    with pytest.raises(ValueError, match="người quyết định"):
        c.chair_decision(r, ["an"], decided_by=" ")
    d = c.chair_decision(r, ["binh"], decided_by="Ông Trần Văn Hùng, Chủ tịch Hội đồng")
    final = c.final_outcomes([r, d])
    assert final["binh"].outcome == c.PASSED and "Trần Văn Hùng" in final["binh"].note
    assert final["an"].outcome == c.FAILED


def test_tally_checks():
    ok = c.Tally(issued=8, returned=8, valid=7, invalid=1, votes={"an": 7, "binh": 0})
    assert c.tally_errors(ok, present=7, written=1) == []
    errors = c.tally_errors(c.Tally(9, 10, 8, 1, {"an": 9}), present=7, written=1, names={"an": "Nguyễn Văn An"})
    assert any("phát ra (9) lớn hơn" in e for e in errors)
    assert any("thu vào (10) lớn hơn" in e for e in errors)
    assert any("+ không hợp lệ" in e for e in errors)
    assert any("Nguyễn Văn An: 9 phiếu đồng ý, nhiều hơn số phiếu hợp lệ (8)" == e for e in errors)
    assert c.tally_errors(c.Tally(-1, 0, 0, 0, {"an": True}), present=5) == [
        "Số phiếu phát ra phải là số nguyên không âm", "Số phiếu đồng ý của an phải là số nguyên không âm"]
    with pytest.raises(c.TallyError):
        c.check_tally(c.Tally(1, 2, 2, 0), present=1)


def test_quorum_counts_those_present():
    q = c.quorum(9, 6, written=2)
    assert q.met and q.needed == 6 and "đủ điều kiện" in q.text
    assert not c.quorum(9, 5, written=4).met
    assert c.quorum(10, 8, fraction="80%").met and not c.quorum(10, 7, fraction="80%").met


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 9), min_size=1),
       st.integers(1, 8), st.sampled_from([80, 90]))
def test_never_more_passed_than_the_quota_and_ties_are_never_silent(votes, quota, threshold):
    r = c.first_round(votes, total_members=9, rule=VoteRule(threshold), quota=quota, order=sorted(votes))
    passed = [x for x in r.candidates if x.outcome == c.PASSED]
    tied = [x for x in r.candidates if x.outcome == c.TIED]
    assert len(passed) <= quota
    if tied:  # the tied all have the cut's votes and together overflow the seats
        assert len({x.votes for x in tied}) == 1 and len(passed) + len(tied) > quota
        assert all(p.votes > tied[0].votes for p in passed)
    for x in r.candidates:
        assert x.reached == (x.votes * 100 >= threshold * 9)
