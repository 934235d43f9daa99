"""Titles catalogue, versioned rule sets (JSON), quotas, votes and money."""

from __future__ import annotations

import copy
import datetime as dt
import json
from fractions import Fraction

import pytest

from thidua_desktop.domain.eligibility import (
    check_quota,
    check_quota_groups,
    quota_limit,
)
from thidua_desktop.domain.rulesets import (
    NoRuleSetError,
    RuleSetError,
    Scope,
    builtin_rulesets,
    copy_ruleset,
    load_ruleset,
    newer_national,
    pick_ruleset,
    ruleset_to_dict,
    save_ruleset,
    validate_ruleset_dict,
    with_params,
    with_title,
)
from thidua_desktop.domain.titles import (
    BUILTIN_CODES,
    QuotaRule,
    format_pct,
    number_to_json,
    parse_fraction_of_one,
    parse_number,
)
from thidua_desktop.domain.votes import (
    passes_threshold,
    quorum_met,
    quorum_needed,
    reward_amount,
    reward_for,
    vote_pct_text,
    votes_needed,
    women_priority,
)
from thidua_desktop.paths import resource_path


@pytest.fixture(scope="module")
def builtins():
    return builtin_rulesets()


@pytest.fixture(scope="module")
def rs25(builtins):
    return next(r for r in builtins if r.id == "national-2025")


@pytest.fixture(scope="module")
def rs24(builtins):
    return next(r for r in builtins if r.id == "national-2024")


# ---------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------


def test_shipped_files_exist_and_validate(builtins):
    names = sorted(p.name for p in resource_path("rules").glob("*.json"))
    assert names == ["national-2024.json", "national-2025.json"]
    assert [r.id for r in builtins] == ["national-2024", "national-2025"]
    for rs in builtins:
        assert rs.builtin
        assert rs.errors() == []
        assert rs.scope.is_national


def test_catalogue_has_every_title_of_domain_md(rs25, rs24):
    for rs in (rs24, rs25):
        assert set(BUILTIN_CODES) <= set(rs.codes)
        kinds = {t.code: t.kind for t in rs.titles}
        assert {c for c, k in kinds.items() if k == "danh_hieu"} == {
            "LDTT",
            "CSTDCS",
            "CSTD_TINH",
            "CSTD_TQ",
            "TTLDTT",
            "TTLDXS",
            "CO_TINH",
        }
        assert {c for c, k in kinds.items() if k == "hinh_thuc"} == {"GK", "BK_TINH", "BK_TTG"}


def test_catalogue_rows(rs25):
    t = rs25.title
    assert t("LDTT").name == "Lao động tiên tiến"
    assert t("LDTT").subjects == ("ca_nhan",) and not t("LDTT").council_vote
    assert t("CSTDCS").council_vote and t("CSTDCS").vote_threshold_pct == 80
    assert t("CSTDCS").certificate == "bang_cstdcs"
    assert t("CSTDCS").quota is None  # no national cap since 2024
    assert t("CSTD_TINH").vote_threshold_pct == 90 and t("CSTD_TQ").vote_threshold_pct == 90
    assert t("CO_TINH").vote_threshold_pct == 80
    assert t("CO_TINH").quota == QuotaRule(scope="cum_khoi", max_count=1)
    assert t("GK").subjects == ("ca_nhan", "tap_the", "ho_gia_dinh")
    assert t("GK").certificate == "giay_khen" and t("BK_TINH").certificate == "bang_khen"
    assert t("TTLDTT").subjects == ("tap_the",)
    assert t("CSTD_TQ").decided_by == "Thủ tướng Chính phủ"
    assert t("BK_TINH").decided_by == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert t("CSTD_TINH").level == "tinh" and t("CSTD_TQ").level == "toan_quoc"
    assert t("CSTDCS").prerequisites == ("LDTT",)


def test_reward_coefficients(rs25):
    coef = {
        ("CSTD_TQ", "ca_nhan"): Fraction("4.5"),
        ("CSTD_TINH", "ca_nhan"): 3,
        ("CSTDCS", "ca_nhan"): 1,
        ("LDTT", "ca_nhan"): Fraction("0.3"),
        ("TTLDXS", "tap_the"): Fraction("1.5"),
        ("TTLDTT", "tap_the"): Fraction("0.8"),
        ("CO_TINH", "tap_the"): 8,
        ("BK_TINH", "tap_the"): 3,
        ("BK_TINH", "ca_nhan"): Fraction("1.5"),
        ("GK", "tap_the"): Fraction("0.6"),
        ("GK", "ca_nhan"): Fraction("0.3"),
    }
    for (code, subj), value in coef.items():
        assert rs25.title(code).reward_coefficient(subj) == value, code
    assert rs25.title("LDTT").reward_coefficient("tap_the") is None


def test_params_defaults(rs25):
    p = rs25.params
    assert p.ldtt_min_months == 10 and p.maternity_counts_as_worked
    assert p.ttldtt_min_ldtt_pct == 70 and p.ttldxs_min_ldtt_pct == 70
    assert p.ttldxs_min_complete_pct == 100
    assert p.cstd_tinh_consecutive_cstdcs == 3 and p.cstd_tq_consecutive_cstd_tinh == 2
    assert p.quorum == Fraction(2, 3) and p.tie_break == "new_round"
    assert p.reward_rounding_step == 10_000


def test_2024_and_2025_legal_bases(rs24, rs25):
    assert rs24.effective_from == dt.date(2024, 1, 1)
    assert rs25.effective_from == dt.date(2025, 7, 1)
    assert any("98/2023/NĐ-CP" in b for b in rs24.legal_basis)
    assert any("152/2025/NĐ-CP" in b for b in rs25.legal_basis)
    assert any("15/2025/TT-BNV" in b for b in rs25.legal_basis)
    assert all("06/2022/QH15" in rs.legal_basis[0] for rs in (rs24, rs25))
    assert any("(verify)" in n for n in rs24.notes)


# ---------------------------------------------------------------------------
# JSON round trip and validation
# ---------------------------------------------------------------------------


def test_json_round_trip(rs25, tmp_path):
    data = ruleset_to_dict(rs25)
    again = load_ruleset(json.loads(json.dumps(data, ensure_ascii=False)))
    assert ruleset_to_dict(again) == data
    path = tmp_path / "x.json"
    save_ruleset(rs25, path)
    assert ruleset_to_dict(load_ruleset(path)) == data
    assert load_ruleset(str(path)).title("LDTT").reward_coefficient("ca_nhan") == Fraction(3, 10)


def test_shipped_files_are_canonical(builtins):
    """The files are exactly what save_ruleset writes (edits stay diffable)."""
    for rs in builtins:
        text = (resource_path("rules") / f"{rs.id}.json").read_text(encoding="utf-8")
        assert text == json.dumps(ruleset_to_dict(rs), ensure_ascii=False, indent=2) + "\n"


def test_fraction_values_round_trip(rs25):
    rs = with_params(rs25, quorum="80%", ttldtt_min_ldtt_pct="200/3")
    data = ruleset_to_dict(rs)
    assert data["params"]["quorum"] == "80%"
    assert data["params"]["ttldtt_min_ldtt_pct"] == "200/3"
    back = load_ruleset(data)
    assert back.params.quorum == Fraction(4, 5)
    assert back.params.ttldtt_min_ldtt_pct == Fraction(200, 3)


def test_bad_ruleset_refused_with_vietnamese_errors(rs25):
    data = copy.deepcopy(ruleset_to_dict(rs25))
    data["name"] = "  "
    data["effective_from"] = "31/02/2025"
    data["params"]["ttldtt_min_ldtt_pct"] = 170
    data["params"]["quorum"] = 2
    data["params"]["ldtt_min_months"] = 10.5
    data["params"]["ttldtt_min_ldt_pct"] = 70  # typo
    data["titles"] = [t for t in data["titles"] if t["code"] != "GK"]
    cs = next(t for t in data["titles"] if t["code"] == "CSTDCS")
    cs["vote_threshold_pct"] = 0
    cs["kind"] = "danh hieu"
    ld = next(t for t in data["titles"] if t["code"] == "LDTT")
    ld["vote_threshold_pct"] = 50  # a threshold without a vote
    with pytest.raises(RuleSetError) as info:
        load_ruleset(data)
    errors = info.value.errors
    assert errors == validate_ruleset_dict(data)
    text = "\n".join(errors)
    assert "Bộ quy tắc chưa có tên" in text
    assert "Ngày có hiệu lực “31/02/2025” không hợp lệ" in text
    assert "TTLĐTT: tỉ lệ tối thiểu cá nhân đạt LĐTT (%)" in text and "từ 0 đến 100" in text
    assert "Tham số “ttldtt_min_ldt_pct” không được hỗ trợ" in text
    assert "phân số (2/3) hoặc tỉ lệ (80%)" in text
    assert "số nguyên từ 0 đến 12" in text
    assert "Danh mục thiếu GK" in text
    assert "Danh hiệu/hình thức CSTDCS: ngưỡng biểu quyết" in text
    assert "Danh hiệu/hình thức CSTDCS: loại “danh hieu” không hợp lệ" in text
    assert (
        "Danh hiệu/hình thức LDTT: có ngưỡng biểu quyết nhưng không biểu quyết tại Hội đồng" in text
    )
    assert "Bộ quy tắc không hợp lệ" in str(info.value)


def test_bad_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(RuleSetError, match="không phải JSON hợp lệ"):
        load_ruleset(bad)
    with pytest.raises(RuleSetError, match="Không đọc được tệp"):
        load_ruleset(tmp_path / "missing.json")
    assert validate_ruleset_dict([1, 2]) == [
        "Tệp bộ quy tắc không đúng định dạng (cần một đối tượng JSON)"
    ]
    errs = validate_ruleset_dict({"format": "other", "format_version": 9})
    assert any("Phiên bản định dạng 9" in e for e in errs)
    assert any("Căn cứ pháp lý" in e for e in errs)


def test_bad_quota_and_scope(rs25):
    data = ruleset_to_dict(rs25)
    data["scope"] = {"kind": "province", "name": ""}
    cs = next(t for t in data["titles"] if t["code"] == "CSTDCS")
    cs["quota"] = {"pct": 150, "scope": "phong"}
    errs = "\n".join(validate_ruleset_dict(data))
    assert "cần ghi tên tỉnh hoặc cơ quan" in errs
    assert "tỉ lệ chỉ tiêu phải lớn hơn 0 và không quá 100 %" in errs
    assert "cần mã danh hiệu làm cơ sở" in errs
    assert "phạm vi chỉ tiêu “phong” không hợp lệ" in errs


def test_missing_params_take_defaults(rs25):
    data = ruleset_to_dict(rs25)
    del data["params"]["women_priority_collective_pct"]
    assert load_ruleset(data).params.women_priority_collective_pct == 70


# ---------------------------------------------------------------------------
# Picking and copying
# ---------------------------------------------------------------------------


def test_pick_by_year(builtins):
    assert pick_ruleset(builtins, 2024).id == "national-2024"
    assert pick_ruleset(builtins, 2025).id == "national-2025"  # NĐ 152 in force at year end
    assert pick_ruleset(builtins, 2030).id == "national-2025"
    with pytest.raises(NoRuleSetError, match="năm 2023"):
        pick_ruleset(builtins, 2023)


def test_pick_prefers_provincial_copy(builtins, rs25):
    bn = copy_ruleset(rs25, "Bắc Ninh 2025", Scope("province", "Bắc Ninh"))
    bn = with_params(bn, ttldtt_min_ldtt_pct=80)
    assert bn.id == "bac-ninh-2025" and bn.based_on == "national-2025" and not bn.builtin
    assert bn.effective_from == rs25.effective_from
    sets = [*builtins, bn]
    assert pick_ruleset(sets, 2025, "Bắc Ninh") is bn
    assert pick_ruleset(sets, 2025, Scope("province", "bắc  ninh")) is bn
    assert pick_ruleset(sets, 2025).id == "national-2025"  # no scope: national
    assert pick_ruleset(sets, 2025, "Khánh Hòa").id == "national-2025"
    assert pick_ruleset(sets, 2024, "Bắc Ninh").id == "national-2024"  # copy not yet in force
    # an agency set beats the province, in the order given
    ag = copy_ruleset(
        rs25,
        "Quy chế Ban Dân tộc",
        Scope("agency", "Ban Dân tộc"),
        effective_from=dt.date(2026, 1, 1),
    )
    sets.append(ag)
    order = [Scope("agency", "Ban Dân tộc"), Scope("province", "Bắc Ninh")]
    assert pick_ruleset(sets, 2026, order) is ag
    assert pick_ruleset(sets, 2025, order) is bn


def test_old_provincial_copy_and_newer_national(builtins, rs24):
    old = copy_ruleset(rs24, "Bắc Ninh 2024", Scope("province", "Bắc Ninh"))
    sets = [*builtins, old]
    chosen = pick_ruleset(sets, 2025, "Bắc Ninh")
    assert chosen is old  # the local set wins …
    assert newer_national(sets, chosen, 2025).id == "national-2025"  # … and the UI can say why
    assert newer_national(sets, pick_ruleset(sets, 2025), 2025) is None


def test_copy_requires_name_and_scope_name(rs25):
    with pytest.raises(RuleSetError, match="chưa có tên"):
        copy_ruleset(rs25, " ", Scope())
    with pytest.raises(RuleSetError, match="cần ghi tên"):
        copy_ruleset(rs25, "X", Scope("agency", ""))


def test_with_title_sets_agency_cap(rs25):
    rs = with_title(rs25, "CSTDCS", quota={"pct": 15, "base_title": "LDTT", "scope": "co_quan"})
    assert rs.title("CSTDCS").quota == QuotaRule(Fraction(15), "LDTT", "co_quan", None)
    assert rs25.title("CSTDCS").quota is None  # the original is untouched
    with pytest.raises(RuleSetError, match="CSTDCS"):
        with_title(rs25, "CSTDCS", vote_threshold_pct=120)
    with pytest.raises(RuleSetError, match="ldtt_min_months"):
        with_params(rs25, ldtt_min_months=13)


# ---------------------------------------------------------------------------
# Quotas
# ---------------------------------------------------------------------------


def test_quota_limit_rounds_down():
    cap = QuotaRule(pct=Fraction(15), base_title="LDTT")
    assert quota_limit(cap, 100) == 15
    assert quota_limit(cap, 99) == 14  # 14.85
    assert quota_limit(cap, 6) == 0  # 0.9
    assert quota_limit(cap, 0) == 0
    assert quota_limit(QuotaRule(pct=Fraction("33.4"), base_title="LDTT"), 10) == 3
    assert quota_limit(QuotaRule(max_count=1, scope="cum_khoi"), 40) == 1
    assert quota_limit(QuotaRule(pct=Fraction(15), base_title="LDTT", max_count=5), 100) == 5
    assert quota_limit(None, 100) is None


def test_check_quota_flags_overflow_without_choosing(rs25):
    rs = with_title(rs25, "CSTDCS", quota={"pct": 15, "base_title": "LDTT", "scope": "co_quan"})
    regs = [f"r{i}" for i in range(17)]
    q = check_quota(rs, "CSTDCS", regs, 99, group_label="Ban Dân tộc")
    assert (q.limit, q.count, q.overflow, q.ok) == (14, 17, 3, False)
    assert q.items == tuple(regs)
    assert q.message == (
        "Ban Dân tộc: Đăng ký 17 Chiến sĩ thi đua cơ sở, vượt chỉ tiêu 14 "
        "(15 % của 99 Lao động tiên tiến, làm tròn xuống): thừa 3, Hội đồng xem xét chọn"
    )
    assert check_quota(rs, "CSTDCS", 14, 99).ok
    assert check_quota(rs25, "CSTDCS", 500, 10).limit is None  # no national cap


def test_check_quota_groups(rs25):
    regs = [("A", 1), ("A", 2), ("B", 3)]
    res = check_quota_groups(rs25, "CO_TINH", regs, lambda r: r[0], {})
    assert res["A"].overflow == 1 and res["A"].limit == 1
    assert "tối đa 1 – từng cụm, khối thi đua" in res["A"].message
    assert res["B"].ok


# ---------------------------------------------------------------------------
# Votes, quorum, money
# ---------------------------------------------------------------------------


def test_threshold_exact():
    assert votes_needed(9, 80) == 8
    assert not passes_threshold(7, 9, 80)  # 77.8 %
    assert passes_threshold(8, 9, 80)
    assert passes_threshold(8, 10, 80)  # exactly 80 %
    assert not passes_threshold(7, 10, 80)
    assert votes_needed(9, 90) == 9 and votes_needed(10, 90) == 9
    assert not passes_threshold(8, 9, 90) and passes_threshold(9, 10, 90)
    assert votes_needed(15, 80) == 12 and passes_threshold(12, 15, "80")
    assert passes_threshold(2, 3, Fraction(200, 3))  # 66.67 % written exactly


def test_threshold_rejects_nonsense():
    with pytest.raises(ValueError, match="Tổng số thành viên"):
        passes_threshold(1, 0, 80)
    with pytest.raises(ValueError, match="lớn hơn tổng số"):
        passes_threshold(11, 10, 80)
    with pytest.raises(ValueError, match="không âm"):
        passes_threshold(-1, 10, 80)


def test_vote_pct_text():
    assert vote_pct_text(7, 9) == "77,78 %"
    assert vote_pct_text(8, 10) == "80 %"
    assert vote_pct_text(1, 8) == "12,5 %"
    assert vote_pct_text(7999, 10000, 1) == "80 %"
    assert vote_pct_text(7999, 10000, 1, threshold_pct=80) == "79,9 %"


def test_quorum():
    assert quorum_needed(9) == 6 and quorum_met(6, 9) and not quorum_met(5, 9)
    assert quorum_needed(10) == 7 and not quorum_met(6, 10)  # 6/10 < 2/3
    assert quorum_met(8, 9, "80%") and not quorum_met(7, 9, "80%")
    assert quorum_met(8, 10, Fraction(4, 5)) and quorum_met(2, 3, "2/3")
    with pytest.raises(ValueError):
        quorum_met(10, 9)


def test_reward_amount_rounds_up_exactly():
    L = 2_340_000
    assert reward_amount("0.3", L) == 710_000  # 702,000 → up
    assert reward_amount(0.3, L) == 710_000  # float given: still exact
    assert reward_amount(1, L) == 2_340_000
    assert reward_amount(0.8, L) == 1_880_000  # 1,872,000
    assert reward_amount(4.5, L) == 10_530_000
    assert reward_amount(8, L) == 18_720_000
    assert reward_amount(0.5, L) == 1_170_000  # already a multiple: unchanged
    assert reward_amount(0.1, 100_000) == 10_000  # binary float would give 10000.000…2
    assert reward_amount(0, L) == 0
    with pytest.raises(ValueError):
        reward_amount(-1, L)


def test_reward_for(rs25):
    assert reward_for(rs25, "LDTT", "ca_nhan", 2_340_000) == 710_000
    assert reward_for(rs25, "CSTD_TQ", "ca_nhan", 2_340_000) == 10_530_000
    assert reward_for(rs25, "BK_TINH", "ca_nhan", 2_340_000) == 3_510_000
    assert reward_for(rs25, "BK_TINH", "tap_the", 2_340_000) == 7_020_000
    assert reward_for(rs25, "GK", "tap_the", 2_340_000) == 1_410_000  # 1,404,000
    assert reward_for(rs25, "TTLDXS", "tap_the", 2_340_000) == 3_510_000
    assert reward_for(rs25, "BK_TTG", "ca_nhan", 2_340_000) == 8_190_000  # 3.5 × (NĐ 152/2025 Đ.50)
    assert reward_for(rs25, "LDTT", "ca_nhan", 1_800_000) == 540_000


def test_women_priority():
    assert women_priority("nu") and not women_priority("nam")
    assert women_priority(women=7, members=10) and not women_priority(women=6, members=10)


# ---------------------------------------------------------------------------
# Number helpers
# ---------------------------------------------------------------------------


def test_numbers():
    assert parse_number("4,5") == Fraction(9, 2)
    assert parse_number("2/3") == Fraction(2, 3)
    assert parse_number(0.3) == Fraction(3, 10)
    assert parse_fraction_of_one("80%") == Fraction(4, 5)
    assert parse_fraction_of_one(0.8) == Fraction(4, 5)
    for bad in (True, None, "abc", float("nan"), "1/0"):
        with pytest.raises(ValueError):
            parse_number(bad)
    with pytest.raises(ValueError):
        parse_fraction_of_one(80)
    assert number_to_json(Fraction(9, 2)) == 4.5
    assert number_to_json(Fraction(2, 3)) == "2/3"
    assert number_to_json(Fraction(70)) == 70


def test_format_pct_never_crosses_threshold():
    assert format_pct(12, 19) == "63 %"
    assert format_pct(7, 10, 70) == "70 %"
    assert format_pct(139, 200, 70) == "69,5 %"
    assert format_pct(16, 23, 70) == "69,5 %"  # 69.56 must not read "70 %"
    assert format_pct(2, 3, Fraction(200, 3)) == "67 %"
