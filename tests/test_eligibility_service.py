"""Eligibility of registrations read from the data file: rules, quotas, kept rows, suggestions."""
from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.domain.registrations import (
    AwardEntry,
    Evaluation,
    InitiativeEntry,
    ReviewEntry,
)
from thidua_desktop.domain.rulesets import Scope, copy_ruleset, with_params, with_title
from thidua_desktop.services.eligibility import SeasonData, check_registrations, suggest_candidates
from thidua_desktop.store import merit, records, registrations, rules

YEAR = 2026


@pytest.fixture
def agency(db):
    records.save_settings(db, OrgSettings(co_quan="BAN DÂN TỘC", dia_danh="Khánh Hòa"))
    office = records.save_unit(db, Unit("Văn phòng"))
    policy = records.save_unit(db, Unit("Phòng Chính sách"))
    campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=YEAR))
    return db, office, policy, campaign


def person(db, name, unit, *, xep_loai=None, years=(YEAR,)):
    sid = records.save_staff(db, Staff(name, unit_id=unit, gioi_tinh="nam"))
    if xep_loai:
        merit.save_evaluations(db, [Evaluation(sid, y, xep_loai) for y in years])
    return sid


def check(db, campaign):
    return check_registrations(db, campaign)


def test_chain_of_cstdcs_names_the_missing_year(agency):
    db, office, _, campaign = agency
    an = person(db, "Nguyễn Văn An", office, xep_loai="HTXSNV", years=range(2023, YEAR + 1))
    merit.save_awards(db, [AwardEntry(y, code, staff_id=an) for y in (2023, 2025) for code in ("LDTT", "CSTDCS")])
    merit.save_initiative(db, InitiativeEntry("Số hóa hồ sơ", 2025, tac_gia=(an,), cap="tinh"))
    [rid], _ = registrations.register_many(db, campaign, YEAR, "CSTD_TINH", staff_ids=[an])
    result = check(db, campaign)[rid]
    assert result.status == "blocked"
    assert any("Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở" in r and "2024" in r for r in result.reasons)


def test_unit_share_of_ldtt_and_a_province_rule_set_changes_it(agency):
    db, office, _, campaign = agency
    members = [person(db, f"Cán bộ Số {i}", office, xep_loai="HTTNV" if i < 7 else "HTNV") for i in range(10)]
    registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=members[:7])
    [rid], _ = registrations.register_many(db, campaign, YEAR, "TTLDTT", unit_ids=[office])
    national = check(db, campaign)[rid]
    assert national.status != "blocked", national.reasons  # 7/10 = 70 % reaches the national 70 %
    province = with_params(
        copy_ruleset(rules.ruleset_for_year(db, YEAR), "Quy định tỉnh Khánh Hòa", Scope("province", "Khánh Hòa")),
        ttldtt_min_ldtt_pct=80,
    )
    rules.save_ruleset(db, province)
    stricter = check(db, campaign)[rid]
    assert stricter.status == "blocked"
    assert "Đơn vị mới có 7/10 cá nhân đạt Lao động tiên tiến (70 %), cần ≥ 80 %" in stricter.reasons


def test_pending_review_blocks_and_a_kept_row_shows_its_reason(agency):
    db, office, _, campaign = agency
    binh = person(db, "Trần Văn Bình", office, xep_loai="HTTNV")
    merit.save_review(db, ReviewEntry("ky_luat", staff_id=binh, tu_ngay=dt.date(YEAR, 10, 1)))
    [rid], _ = registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=[binh])
    result = check(db, campaign)[rid]
    assert result.status == "blocked" and "Đang bị xem xét kỷ luật" in result.text
    assert not result.kept
    registrations.set_keep_reason(db, [rid], "Chờ kết luận trước ngày họp Hội đồng")
    kept = check(db, campaign)[rid]
    assert kept.status == "blocked" and kept.kept
    assert kept.reasons[-1] == "Vẫn giữ lại: Chờ kết luận trước ngày họp Hội đồng"


def _with_cstdcs_quota(db, scope, pct=50):
    rs = rules.ruleset_for_year(db, YEAR)
    agency_rules = with_title(
        copy_ruleset(rs, "Quy chế Ban Dân tộc", Scope("agency", "BAN DÂN TỘC")),
        "CSTDCS", quota={"pct": pct, "base_title": "LDTT", "scope": scope},
    )
    rules.save_ruleset(db, agency_rules)


def test_quota_on_the_agency_is_rounded_down(agency):
    db, office, policy, campaign = agency
    _with_cstdcs_quota(db, "co_quan")
    people = [person(db, f"Người Số {i}", office if i % 2 else policy, xep_loai="HTXSNV") for i in range(5)]
    registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=people)
    ids, _ = registrations.register_many(db, campaign, YEAR, "CSTDCS", staff_ids=people[:3])
    results = check(db, campaign)
    # 50 % of 5 LĐTT = 2.5 → 2; three registrations are one too many: all three flagged
    for rid in ids:
        assert any("vượt chỉ tiêu 2" in r and "thừa 1" in r for r in results[rid].reasons), results[rid].reasons
    registrations.delete_registrations(db, ids[2:])
    assert not any("chỉ tiêu" in r for rid in ids[:2] for r in check(db, campaign)[rid].reasons)


def test_quota_per_unit_counts_each_unit_apart(agency):
    db, office, policy, campaign = agency
    _with_cstdcs_quota(db, "don_vi")
    in_office = [person(db, f"Văn Phòng {i}", office, xep_loai="HTXSNV") for i in range(2)]
    in_policy = [person(db, f"Chính Sách {i}", policy, xep_loai="HTXSNV") for i in range(4)]
    registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=in_office + in_policy)
    office_ids, _ = registrations.register_many(db, campaign, YEAR, "CSTDCS", staff_ids=in_office)
    policy_ids, _ = registrations.register_many(db, campaign, YEAR, "CSTDCS", staff_ids=in_policy[:2])
    results = check(db, campaign)
    assert all("Văn phòng: Đăng ký 2" in results[r].text for r in office_ids)  # 50 % of 2 = 1
    assert not any("chỉ tiêu" in results[r].text for r in policy_ids)  # 50 % of 4 = 2


def test_unknown_title_and_wrong_subject_are_blocked(agency):
    db, office, _, campaign = agency
    an = person(db, "Nguyễn Văn An", office)
    [rid], _ = registrations.register_many(db, campaign, YEAR, "KHONG_CO", staff_ids=[an])
    [rid2], _ = registrations.register_many(db, campaign, YEAR, "TTLDTT", staff_ids=[an])
    results = check(db, campaign)
    assert results[rid].status == "blocked" and "KHONG_CO" in results[rid].text
    assert results[rid2].status == "blocked" and "không xét cho cá nhân" in results[rid2].text


def test_suggestions_skip_the_registered_and_the_ineligible(agency):
    db, office, _, campaign = agency
    good = [person(db, f"Tốt {i}", office, xep_loai="HTTNV") for i in range(3)]
    weak = person(db, "Chưa Đạt", office, xep_loai="HTNV")
    registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=good[:1])
    data = SeasonData.load(db)
    found = suggest_candidates(db, campaign, YEAR, "LDTT", data=data)
    ids = {c.staff_id for c in found}
    assert set(good[1:]) <= ids and good[0] not in ids and weak not in ids
    assert all(c.don_vi == "Văn phòng" and c.status == "ok" for c in found if c.staff_id in good)


def _decide(db, so, ma, rids=(), staff_ids=()):
    from thidua_desktop.services.decisions import service as ds

    registrations.set_status(db, list(rids), "dat")
    return ds.create_decision(db, so=so, ngay=dt.date(YEAR, 12, 20), nam=YEAR, ma=ma,
                              registration_ids=list(rids), staff_ids=list(staff_ids))


def test_a_registration_decided_by_its_own_decision_stays_eligible(agency):
    """Its own decision writes the award into the history: the same award, not a second one."""
    db, office, _, campaign = agency
    an = person(db, "Nguyễn Văn An", office, xep_loai="HTTNV")
    [rid], _ = registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=[an])
    assert check(db, campaign)[rid].status == "ok"
    _decide(db, "10/QĐ-BDT", "LDTT", [rid])
    result = check(db, campaign)[rid]
    assert (result.status, result.reasons) == ("ok", ())


def test_another_award_of_the_same_title_and_year_is_still_flagged(agency):
    db, office, _, campaign = agency
    an = person(db, "Nguyễn Văn An", office, xep_loai="HTTNV")
    binh = person(db, "Trần Văn Bình", office, xep_loai="HTTNV")
    merit.save_awards(db, [AwardEntry(YEAR, "LDTT", staff_id=an, so_quyet_dinh="5/QĐ-BDT")])
    [rid_an, rid_binh], _ = registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=[an, binh])
    # Bình is decided by hand (not from his registration): his registration has no decision of its own
    _decide(db, "10/QĐ-BDT", "LDTT", staff_ids=[binh])
    checks = check(db, campaign)
    assert checks[rid_an].status == "warning"
    assert "Đã có Lao động tiên tiến năm 2026 (QĐ số 5/QĐ-BDT)" in checks[rid_an].reasons
    assert "Đã có Lao động tiên tiến năm 2026 (QĐ số 10/QĐ-BDT)" in checks[rid_binh].reasons
    # a second campaign's registration of a person decided from the first one is a duplicate too
    other = records.save_campaign(db, Campaign("Thi đua chuyên đề 2026", nam_bat_dau=YEAR))
    [rid_first], _ = registrations.register_many(db, campaign, YEAR, "CSTDCS", staff_ids=[an])
    [rid_second], _ = registrations.register_many(db, other, YEAR, "CSTDCS", staff_ids=[an])
    _decide(db, "11/QĐ-BDT", "CSTDCS", [rid_first])
    everything = check_registrations(db, None)
    assert not any("Đã có Chiến sĩ" in r for r in everything[rid_first].reasons)
    assert "Đã có Chiến sĩ thi đua cơ sở năm 2026 (QĐ số 11/QĐ-BDT)" in everything[rid_second].reasons


def test_cstdcs_waits_for_the_ldtt_decision_then_both_stay_eligible(agency):
    """The natural order: LĐTT decided first, then CSTĐCS; no row ends in Cần kiểm tra."""
    db, office, _, campaign = agency
    an = person(db, "Nguyễn Văn An", office, xep_loai="HTXSNV")
    [ldtt], _ = registrations.register_many(db, campaign, YEAR, "LDTT", staff_ids=[an])
    [cstdcs], _ = registrations.register_many(db, campaign, YEAR, "CSTDCS", staff_ids=[an])
    waiting = check(db, campaign)[cstdcs]
    assert waiting.status == "warning"
    assert waiting.reasons == ("Chờ quyết định công nhận Lao động tiên tiến năm 2026 (xét cùng đợt)",)
    _decide(db, "10/QĐ-BDT", "LDTT", [ldtt])
    checks = check(db, campaign)
    assert (checks[ldtt].status, checks[cstdcs].status) == ("ok", "ok")
    _decide(db, "11/QĐ-BDT", "CSTDCS", [cstdcs])
    checks = check(db, campaign)
    assert (checks[ldtt].status, checks[cstdcs].status) == ("ok", "ok")
    assert registrations.get_registrations(db, [ldtt, cstdcs])[0].trang_thai == "quyet_dinh"
