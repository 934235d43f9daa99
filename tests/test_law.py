"""Issue #16: the law, at its boundaries, each test citing its article.

Votes where the law names no percentage, tiền thưởng by the decision date,
only the highest reward for one achievement period, coefficients.
"""
from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import pytest

from thidua_desktop.domain import council as dc
from thidua_desktop.domain.rulesets import builtin_rulesets, load_ruleset, pick_ruleset, ruleset_to_dict
from thidua_desktop.domain.votes import (VoteRule, base_salary_on, builtin_base_salaries, parse_base_salaries,
                                         payable_reward, reward_for)
from thidua_desktop.domain.models import Staff, Unit
from thidua_desktop.services.decisions import service as ds
from thidua_desktop.services.documents.council_pdf import _threshold_text
from thidua_desktop.store import decisions as store
from thidua_desktop.store import records


@pytest.fixture(scope="module")
def rs25():
    return pick_ruleset(builtin_rulesets(), 2025)


# --- 2. Votes where the law sets no percentage ------------------------------------------------

@pytest.mark.parametrize("code", ["TTLDXS", "BK_TTG"])
def test_a_title_without_a_percentage_is_decided_by_more_than_half_never_zero(rs25, code):
    """Luật Thi đua, khen thưởng 2022, Điều 27 (TTLĐXS) and Điều 73/74 (Bằng khen Thủ tướng) name no
    vote share: the rule set's default is quá bán of all members, never 0 %."""
    rule = VoteRule.for_title(rs25.title(code))
    assert rule == VoteRule(None) and rule.label == "quá bán"
    assert [rule.passes(v, 10) for v in (0, 1, 5, 6)] == [False, False, False, True]
    assert rule.needed(10) == 6 and rule.needed(9) == 5 and not rule.passes(4, 9) and rule.passes(5, 9)
    r = dc.first_round({"a": 1, "b": 0, "c": 6}, total_members=10, rule=rule)
    outcome = {c.key: c.outcome for c in r.candidates}
    assert outcome == {"a": dc.FAILED, "b": dc.FAILED, "c": dc.PASSED}
    assert "dưới ngưỡng quá bán (cần 6 phiếu)" in next(c.note for c in r.candidates if c.key == "a")


def test_titles_with_a_percentage_keep_it_and_titles_without_a_vote_have_no_rule(rs25):
    """NĐ 98/2023 Điều 30 k.7 kept under NĐ 152/2025: CSTĐCS 80 %, CSTĐ tỉnh 90 % of all members."""
    assert VoteRule.for_title(rs25.title("CSTDCS")) == VoteRule(80)
    assert VoteRule(80).passes(8, 10) and not VoteRule(80).passes(7, 9) and VoteRule(80).passes(8, 9)
    assert VoteRule.for_title(rs25.title("CSTD_TINH")).needed(9) == 9
    assert VoteRule.for_title(rs25.title("LDTT")) is None  # no vote: unit review only
    assert VoteRule(Fraction(85, 2)).label == "42,5 %"


def test_the_minutes_state_the_majority_rule_not_zero_percent():
    from thidua_desktop.services.council.view import TitleView

    class View:
        total_members = 10

    title = TitleView("TTLDXS", "Tập thể lao động xuất sắc", VoteRule(), needed=6, quota=None, candidates=())
    text = _threshold_text(View(), title)
    assert "quá một nửa (trên 50 %) tổng số thành viên Hội đồng" in text and "(6/10 phiếu)" in text
    assert "0%" not in text and "0 %" not in text.replace("50 %", "")


def test_a_stored_rule_set_of_an_older_version_still_loads(rs25):
    """Rule sets saved before the lương cơ sở became dated data carry ``luong_co_so``: it is ignored."""
    data = json.loads(json.dumps(ruleset_to_dict(rs25)))
    data["params"]["luong_co_so"] = 2_340_000
    assert load_ruleset(data).params == rs25.params


# --- 3. Tiền thưởng (Nghị định 152/2025/NĐ-CP, Điều 49–54) -----------------------------------

@pytest.mark.parametrize(("day", "amount"), [
    (dt.date(2024, 6, 30), 1_800_000),
    (dt.date(2024, 7, 1), 2_340_000),  # NĐ 73/2024/NĐ-CP
    (dt.date(2025, 12, 20), 2_340_000),
    (dt.date(2026, 6, 30), 2_340_000),
    (dt.date(2026, 7, 1), 2_530_000),  # NĐ 161/2026/NĐ-CP
    (dt.date(2026, 12, 20), 2_530_000),
])
def test_luong_co_so_is_the_one_in_force_on_the_decision_date(day, amount):
    """Điều 49 khoản 1: the lương cơ sở in force when the decision is signed."""
    salary = base_salary_on(builtin_base_salaries(), day)
    assert salary.amount == amount and salary.legal_basis.startswith("Nghị định")


def test_the_salary_table_refuses_nonsense():
    with pytest.raises(ValueError, match="dòng 1"):
        parse_base_salaries({"entries": [{"from": "2026-07-01", "amount": -5}]})
    with pytest.raises(ValueError, match="Chưa có mức lương cơ sở"):
        base_salary_on(builtin_base_salaries(), dt.date(2000, 1, 1))


def test_coefficients_of_bang_khen_thu_tuong_and_households(rs25):
    """Điều 50: Bằng khen Thủ tướng 3,5 (cá nhân) / 7 (tập thể); Điều 54: hộ gia đình 1,5 × cá nhân."""
    assert reward_for(rs25, "BK_TTG", "ca_nhan", 2_340_000) == 8_190_000
    assert reward_for(rs25, "BK_TTG", "tap_the", 2_340_000) == 16_380_000
    individual = Fraction(3, 10) * 2_340_000  # 702,000 before rounding
    assert reward_for(rs25, "GK", "ho_gia_dinh", 2_340_000) == 1_060_000  # 1.5 × 702,000 = 1,053,000 ↑
    assert individual * Fraction(3, 2) == 1_053_000


def test_only_the_highest_reward_for_one_period():
    """Điều 49 khoản 5: the sum paid for one achievement period is the highest amount."""
    assert payable_reward(2_340_000, [710_000]) == 1_630_000  # CSTĐCS after LĐTT: the difference
    assert payable_reward(710_000, [2_340_000]) == 0  # LĐTT after CSTĐCS: nothing more
    assert payable_reward(710_000, []) == 710_000
    assert payable_reward(None, [710_000]) is None


@pytest.fixture
def agency(db):
    unit = records.save_unit(db, Unit("Văn phòng"))
    people = [records.save_staff(db, Staff(name, gioi_tinh="nam", unit_id=unit))
              for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    return db, people


def test_a_decision_pays_by_its_own_date_and_the_second_danh_hieu_pays_the_difference(agency):
    db, (an, binh) = agency
    ldtt = ds.create_decision(db, so="10/QĐ-BDT", ngay=dt.date(2026, 12, 20), nam=2026, ma="LDTT",
                              staff_ids=[an, binh])
    assert [a.tien_thuong for a in store.get_decision(db, ldtt).awardees] == [760_000, 760_000]  # 0,3 × 2.530.000
    cstdcs = ds.create_decision(db, so="11/QĐ-BDT", ngay=dt.date(2026, 12, 21), nam=2026, ma="CSTDCS",
                                staff_ids=[an])
    d = store.get_decision(db, cstdcs)
    assert d.awardees[0].tien_thuong == 2_530_000 - 760_000  # total paid for 2026: 2,530,000
    note = ds.reward_note(db, d, store.awardee_rows(db, cstdcs))
    assert "Điều 49 khoản 5" in note and "1 trường hợp" in note
    # a Giấy khen (hình thức, not a danh hiệu of the period) is paid in full
    gk = ds.create_decision(db, so="12/QĐ-BDT", ngay=dt.date(2026, 12, 22), nam=2026, ma="GK", staff_ids=[an])
    assert store.get_decision(db, gk).awardees[0].tien_thuong == 760_000
    last_year = ds.create_decision(db, so="90/QĐ-BDT", ngay=dt.date(2025, 12, 20), nam=2025, ma="CSTDCS",
                                   staff_ids=[binh])
    assert store.get_decision(db, last_year).awardees[0].tien_thuong == 2_340_000  # signed before 01/07/2026


def test_a_corrected_date_pays_by_the_new_dates_luong_co_so(agency):
    """Điều 49 khoản 1: the lương cơ sở in force when the decision is issued — also after its date is corrected,
    in place or by a reissued decision."""
    db, (an, binh) = agency
    ldtt = ds.create_decision(db, so="10/QĐ-BDT", ngay=dt.date(2026, 6, 20), nam=2026, ma="LDTT", staff_ids=[an])
    assert store.get_decision(db, ldtt).awardees[0].tien_thuong == 710_000  # 0,3 × 2.340.000 ↑
    d = store.get_decision(db, ldtt)
    ds.correct_decision(db, ldtt, so=d.so, ngay=dt.date(2026, 7, 20), nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky)
    assert store.get_decision(db, ldtt).awardees[0].tien_thuong == 760_000  # 0,3 × 2.530.000
    store.log_print(db, ldtt, [1])
    new = ds.correct_decision(db, ldtt, so="15/QĐ-BDT", ngay=dt.date(2026, 6, 30), nguoi_ky=d.nguoi_ky,
                              chuc_danh_ky=d.chuc_danh_ky)
    assert [a.tien_thuong for a in store.get_decision(db, new).awardees] == [710_000]
    assert ds.paid_for_period(db, 2026) == {(an, None): [710_000]}  # the cancelled one no longer counts


def test_a_decision_another_paid_the_difference_from_is_not_deleted_or_repriced(agency):
    """Điều 49 khoản 5: after the CSTĐCS decision paid only the difference above the LĐTT one, deleting the
    LĐTT decision (or changing what it pays) would leave the person short: refused, nothing written."""
    db, (an, binh) = agency
    ldtt = ds.create_decision(db, so="10/QĐ-BDT", ngay=dt.date(2026, 6, 20), nam=2026, ma="LDTT",
                              staff_ids=[an, binh])
    cstdcs = ds.create_decision(db, so="11/QĐ-BDT", ngay=dt.date(2026, 12, 1), nam=2026, ma="CSTDCS",
                                staff_ids=[an])
    assert store.get_decision(db, cstdcs).awardees[0].tien_thuong == 2_530_000 - 710_000
    d = store.get_decision(db, ldtt)
    with pytest.raises(records.ValidationError, match="Quyết định số 11/QĐ-BDT chỉ trả phần chênh lệch"):
        ds.delete_decision(db, ldtt)
    with pytest.raises(records.ValidationError, match="Không sửa được Quyết định số 10/QĐ-BDT"):
        ds.correct_decision(db, ldtt, so=d.so, ngay=dt.date(2026, 7, 20), nguoi_ky=d.nguoi_ky,
                            chuc_danh_ky=d.chuc_danh_ky)  # 710.000 → 760.000
    [a_an] = [a for a in d.awardees if a.staff_id == an]
    with pytest.raises(records.ValidationError):
        ds.correct_decision(db, ldtt, so=d.so, ngay=d.ngay, nguoi_ky=d.nguoi_ky, chuc_danh_ky=d.chuc_danh_ky,
                            remove_awardee_ids=[a_an.id])
    assert store.get_decision(db, ldtt) == d
    with pytest.raises(records.ValidationError, match="Không hủy giấy khen được Quyết định số 10/QĐ-BDT"):
        ds.cancel_certificates(db, [a.id for a in d.awardees])  # a cancelled awardee is not paid
    assert store.get_decision(db, ldtt) == d
    [a_binh] = [a for a in d.awardees if a.staff_id == binh]
    ds.cancel_certificates(db, [a_binh.id])  # nobody paid Bình a difference above it
    ds.cancel_certificates(db, [a_binh.id], huy=False)
    # what does not touch the difference goes through: the number, another awardee, a date at the same salary
    ds.correct_decision(db, ldtt, so="12/QĐ-BDT", ngay=dt.date(2026, 6, 25), nguoi_ky=d.nguoi_ky,
                        chuc_danh_ky=d.chuc_danh_ky, remove_awardee_ids=[a_binh.id])
    assert [(a.staff_id, a.tien_thuong) for a in store.get_decision(db, ldtt).awardees] == [(an, 710_000)]
    # the other way round: LĐTT after CSTĐCS paid nothing more, so the CSTĐCS decision is the one held
    ds.delete_decision(db, cstdcs)
    ds.delete_decision(db, ldtt)
    first = ds.create_decision(db, so="20/QĐ-BDT", ngay=dt.date(2026, 12, 1), nam=2026, ma="CSTDCS", staff_ids=[an])
    then = ds.create_decision(db, so="21/QĐ-BDT", ngay=dt.date(2026, 12, 2), nam=2026, ma="LDTT", staff_ids=[an])
    assert store.get_decision(db, then).awardees[0].tien_thuong == 0
    with pytest.raises(records.ValidationError, match="Quyết định số 21/QĐ-BDT"):
        ds.delete_decision(db, first)
    ds.delete_decision(db, then)
    ds.delete_decision(db, first)


# --- 4. Chains of titles ------------------------------------------------------------------------

def _person(awards=(), inits=(), xl=None):
    from thidua_desktop.domain.eligibility import AwardRecord, Initiative, PersonProfile, YearEvaluation

    xl = xl or {}
    return PersonProfile.build(
        1, "Nguyễn Văn An", "nam", evaluations=[YearEvaluation(y, v, 12, 0) for y, v in xl.items()],
        awards=[AwardRecord(y, c) for y, c in awards], initiatives=[Initiative(y, lv) for y, lv in inits],
        disciplines=(), reviews=())


def test_cstd_toan_quoc_takes_two_successive_provincial_awards_on_their_own_chains(rs25):
    """Luật 2022 Điều 21: "02 lần liên tục" Chiến sĩ thi đua cấp tỉnh, each on its own three CSTĐCS years."""
    from thidua_desktop.domain.eligibility import check_cstd_tq

    assert check_cstd_tq(_person([(2022, "CSTD_TINH"), (2025, "CSTD_TINH")], [(2024, "toan_quoc")]), 2025, rs25).ok
    overlapping = check_cstd_tq(_person([(2024, "CSTD_TINH"), (2025, "CSTD_TINH")], [(2024, "toan_quoc")]), 2025,
                                rs25)
    assert overlapping.blocked and "cần năm 2022, 2025, thiếu năm 2022" in overlapping.reasons[0]


def test_years_used_for_one_provincial_award_are_not_counted_again(rs25):
    """Luật 2022 Điều 5 khoản 2: an achievement is rewarded once."""
    from thidua_desktop.domain.eligibility import check_cstd_tinh

    chain = [(y, "CSTDCS") for y in range(2020, 2028)] + [(2022, "CSTD_TINH")]
    inits = [(2021, "tinh"), (2024, "tinh"), (2027, "tinh")]
    again = check_cstd_tinh(_person(chain, inits), 2024, rs25)
    assert again.blocked and again.reasons[0] == (
        "Năm 2022 đã được tính cho Chiến sĩ thi đua cấp tỉnh năm 2022, không tính lại (Luật Thi đua, khen thưởng "
        "2022, Điều 5 khoản 2): cần 3 năm Chiến sĩ thi đua cơ sở mới, sớm nhất năm 2025")
    assert check_cstd_tinh(_person(chain, inits), 2025, rs25).ok  # 2023–2025: a chain of its own


def test_ttldxs_has_no_discipline_condition_in_the_national_set(rs25):
    """Luật 2022 Điều 27: no discipline condition for Tập thể lao động xuất sắc."""
    assert rs25.params.ttldxs_block_discipline_from == "khong"
    assert "Điều 27" in rs25.title("TTLDXS").legal_basis


def test_ldtt_months_are_labelled_as_the_agencys_rule():
    from thidua_desktop.domain.rulesets import PARAM_SPECS

    label = next(s.label for s in PARAM_SPECS if s.name == "ldtt_min_months")
    assert "không phải toàn quốc" in label


# --- 5. Numbering and wording ------------------------------------------------------------------

def test_trich_yeu_cong_nhan_for_danh_hieu_tang_for_hinh_thuc_and_ldtt_achievement(agency):
    db, (an, binh) = agency
    ldtt = store.get_decision(db, ds.create_decision(db, so="1/QĐ-BDT", ngay=dt.date(2025, 12, 20), nam=2025,
                                                     ma="LDTT", staff_ids=[an]))
    assert ldtt.trich_yeu == "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2025"
    assert ldtt.awardees[0].thanh_tich == "Đã hoàn thành tốt nhiệm vụ năm 2025"  # Luật 2022 Điều 24
    gk = store.get_decision(db, ds.create_decision(db, so="2/QĐ-BDT", ngay=dt.date(2025, 12, 20), nam=2025,
                                                   ma="GK", staff_ids=[binh]))
    assert gk.trich_yeu == "Về việc tặng Giấy khen năm 2025"
    assert gk.awardees[0].thanh_tich == "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025"


def test_every_rule_of_the_2025_set_cites_its_article_of_the_current_law(rs25):
    """No current rule cites a lapsed text (NĐ 98/2023 lapsed on 01/07/2025)."""
    articles = {"LDTT": "Điều 24", "CSTDCS": "Điều 23", "CSTD_TINH": "Điều 22", "CSTD_TQ": "Điều 21",
                "TTLDTT": "Điều 28", "TTLDXS": "Điều 27", "CO_TINH": "Điều 26", "GK": "Điều 75",
                "BK_TINH": "Điều 74", "BK_TTG": "Điều 73"}
    for code, article in articles.items():
        basis = rs25.title(code).legal_basis
        assert "Luật Thi đua, khen thưởng 2022" in basis and article in basis, code
        assert "98/2023" not in basis
    from thidua_desktop.paths import resource_path

    for template in (resource_path("templates")).glob("*.json"):
        assert "98/2023" not in template.read_text(encoding="utf-8"), template.name


def test_the_council_is_written_with_a_hyphen():
    from thidua_desktop.services.documents.council_pdf import COUNCIL

    assert COUNCIL == "Hội đồng Thi đua - Khen thưởng"


def test_award_book_numbers_start_at_one_in_each_decision_by_default(agency):
    """Số sổ vàng: "số thứ tự … trong quyết định" by default; continuous numbering is a setting."""
    db, (an, binh) = agency
    first = ds.create_decision(db, so="3/QĐ-BDT", ngay=dt.date(2025, 12, 20), nam=2025, ma="GK", staff_ids=[an, binh])
    second = ds.create_decision(db, so="4/QĐ-BDT", ngay=dt.date(2025, 12, 21), nam=2025, ma="GK", staff_ids=[an])
    assert [a.so_so_vang for a in store.get_decision(db, first).awardees] == [1, 2]
    assert [a.so_so_vang for a in store.get_decision(db, second).awardees] == [1]
    assert rs_param(db, 2025) == "theo_quyet_dinh"


def rs_param(db, year):
    from thidua_desktop.store.rules import ruleset_for_year

    return ruleset_for_year(db, year).params.award_book_numbering
