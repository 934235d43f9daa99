"""Eligibility rules for every title of domain.md §2, with the boundary cases."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest

from thidua_desktop.domain.eligibility import (
    BLOCKED,
    OK,
    WARNING,
    AwardRecord,
    Discipline,
    HouseholdProfile,
    Initiative,
    PendingReview,
    PersonProfile,
    UnitProfile,
    YearEvaluation,
    check_bk_tinh,
    check_bk_ttg,
    check_co_tinh,
    check_cstd_tinh,
    check_cstd_tq,
    check_cstdcs,
    check_gk,
    check_ldtt,
    check_title,
    check_ttldtt,
    check_ttldxs,
    disciplined_in_year,
    suggest,
)
from thidua_desktop.domain.rulesets import (
    Scope,
    builtin_rulesets,
    copy_ruleset,
    load_ruleset,
    pick_ruleset,
    ruleset_to_dict,
    with_params,
    with_title,
)

Y = 2026


@pytest.fixture(scope="module")
def rs():
    return pick_ruleset(builtin_rulesets(), Y)


def person(
    pid=1,
    name="",
    *,
    xl=None,
    months=None,
    maternity=None,
    awards=(),
    inits=(),
    disc=(),
    reviews=(),
    gender=None,
):
    """``xl``: {year: xếp loại}; ``awards``: [(year, code)] or AwardRecord;
    ``inits``: [(year, level)]."""
    xl = xl or {}
    months = months or {}
    maternity = maternity or {}
    years = set(xl) | set(months)
    evals = [YearEvaluation(y, xl.get(y), months.get(y, 12), maternity.get(y, 0)) for y in years]
    recs = [a if isinstance(a, AwardRecord) else AwardRecord(a[0], a[1]) for a in awards]
    return PersonProfile.build(
        pid,
        name,
        gender,
        evaluations=evals,
        awards=recs,
        initiatives=[i if isinstance(i, Initiative) else Initiative(*i) for i in inits],
        disciplines=disc,
        reviews=reviews,
    )


def ldtt_people(n_ok, n_bad, *, decided=True, start=1):
    """``n_ok`` members with LĐTT (decided, or only eligible), ``n_bad`` rated HTNV."""
    out = []
    for i in range(n_ok):
        out.append(
            person(
                start + i,
                f"Người {start + i}",
                xl={Y: "HTTNV"},
                awards=[(Y, "LDTT")] if decided else (),
            )
        )
    for i in range(n_bad):
        k = start + n_ok + i
        out.append(person(k, f"Người {k}", xl={Y: "HTNV"}))
    return out


def unit(members, *, xl="HTTNV", evaluations=None, awards=(), rank=None, reviews=()):
    ev = dict(evaluations or {})
    if xl is not None:
        ev[Y] = xl
    return UnitProfile.build(
        10,
        "Phòng Tổng hợp",
        evaluations=ev,
        awards=[a if isinstance(a, AwardRecord) else AwardRecord(a[0], a[1]) for a in awards],
        members=members,
        cluster_rank={Y: rank} if rank else None,
        reviews=reviews,
    )


# ---------------------------------------------------------------------------
# LĐTT
# ---------------------------------------------------------------------------


class TestLDTT:
    def test_ok(self, rs):
        assert check_ldtt(person(xl={Y: "HTTNV"}), Y, rs).status == OK
        assert check_ldtt(person(xl={Y: "HTXSNV"}), Y, rs).status == OK

    def test_rating_missing_is_a_warning(self, rs):
        r = check_ldtt(person(), Y, rs)
        assert r.status == WARNING
        assert r.reasons == ("Chưa có xếp loại Hoàn thành tốt nhiệm vụ năm 2026",)

    def test_rating_too_low_blocks(self, rs):
        r = check_ldtt(person(xl={Y: "HTNV"}), Y, rs)
        assert r.status == BLOCKED
        assert r.reasons == (
            "Xếp loại năm 2026 là Hoàn thành nhiệm vụ, cần Hoàn thành tốt nhiệm vụ trở lên",
        )
        assert check_ldtt(person(xl={Y: "KHTNV"}), Y, rs).blocked

    def test_months_boundary(self, rs):
        assert check_ldtt(person(xl={Y: "HTTNV"}, months={Y: 10}), Y, rs).ok
        r = check_ldtt(person(xl={Y: "HTTNV"}, months={Y: 9}), Y, rs)
        assert r.blocked and r.reasons == ("Năm 2026 mới công tác 9 tháng, cần ≥ 10 tháng",)

    def test_maternity_leave_counts_as_worked(self, rs):
        p = person(xl={Y: "HTTNV"}, months={Y: 4}, maternity={Y: 6})
        assert check_ldtt(p, Y, rs).ok
        p = person(xl={Y: "HTTNV"}, months={Y: 3}, maternity={Y: 6})
        assert check_ldtt(p, Y, rs).reasons == (
            "Năm 2026 mới công tác 9 tháng (kể cả 6 tháng nghỉ thai sản), cần ≥ 10 tháng",
        )
        strict = with_params(rs, maternity_counts_as_worked=False)
        assert check_ldtt(
            person(xl={Y: "HTTNV"}, months={Y: 6}, maternity={Y: 6}), Y, strict
        ).blocked

    def test_months_unknown_warns(self, rs):
        p = PersonProfile.build(1, evaluations=[YearEvaluation(Y, "HTTNV", None)])
        assert check_ldtt(p, Y, rs).reasons == ("Chưa có số tháng công tác năm 2026",)

    def test_disciplined_in_the_year(self, rs):
        d = Discipline("khien_trach", dt.date(2026, 3, 1))
        r = check_ldtt(person(xl={Y: "HTXSNV"}, disc=[d]), Y, rs)
        assert r.blocked and r.reasons == ("Bị kỷ luật khiển trách năm 2026",)

    def test_discipline_effect_period(self, rs):
        # decided in Nov 2025, khiển trách runs 6 months → into 2026
        late = Discipline("khien_trach", dt.date(2025, 11, 1))
        assert check_ldtt(person(xl={Y: "HTTNV"}, disc=[late]), Y, rs).blocked
        # decided in June 2025 → over by 30/11/2025
        early = Discipline("khien_trach", dt.date(2025, 6, 1))
        assert check_ldtt(person(xl={Y: "HTTNV"}, disc=[early]), Y, rs).ok
        # exactly 6 months from 01/07/2025 ends 31/12/2025
        edge = Discipline("khien_trach", dt.date(2025, 7, 1))
        assert check_ldtt(person(xl={Y: "HTTNV"}, disc=[edge]), Y, rs).ok
        # cảnh cáo 12 months from 15/02/2025 → 14/02/2026
        cc = Discipline("canh_cao", dt.date(2025, 2, 15))
        assert check_ldtt(person(xl={Y: "HTTNV"}, disc=[cc]), Y, rs).blocked
        # an explicit end date wins
        cc_end = Discipline("canh_cao", dt.date(2025, 2, 15), dt.date(2025, 12, 31))
        assert check_ldtt(person(xl={Y: "HTTNV"}, disc=[cc_end]), Y, rs).ok
        # decision year only when the rule set says 0 months
        zero = with_params(rs, discipline_effect_months={"khien_trach": 0})
        assert check_ldtt(person(xl={Y: "HTTNV"}, disc=[late]), Y, zero).ok
        assert disciplined_in_year([early, cc], Y, rs) is cc

    def test_pending_review_blocks(self, rs):
        r = check_ldtt(person(xl={Y: "HTXSNV"}, reviews=[PendingReview("ky_luat")]), Y, rs)
        assert r.blocked and r.reasons == ("Đang bị xem xét kỷ luật",)
        r = check_ldtt(
            person(
                xl={Y: "HTXSNV"}, reviews=[PendingReview("thanh_tra"), PendingReview("khieu_nai")]
            ),
            Y,
            rs,
        )
        assert r.reasons == (
            "Đang bị thanh tra, kiểm tra",
            "Đang có đơn thư khiếu nại, tố cáo chưa được giải quyết",
        )


# ---------------------------------------------------------------------------
# CSTĐCS
# ---------------------------------------------------------------------------


class TestCSTDCS:
    def test_htxsnv_with_ldtt(self, rs):
        assert check_cstdcs(person(xl={Y: "HTXSNV"}, awards=[(Y, "LDTT")]), Y, rs).ok

    def test_initiative_instead_of_htxsnv(self, rs):
        p = person(xl={Y: "HTTNV"}, awards=[(Y, "LDTT")], inits=[(Y, "co_so")])
        assert check_cstdcs(p, Y, rs).ok
        research = Initiative(Y, "co_so", kind="de_tai", title="Đề tài cấp cơ sở")
        p = person(xl={Y: "HTTNV"}, awards=[(Y, "LDTT")], inits=[research])
        assert check_cstdcs(p, Y, rs).ok

    def test_neither_htxsnv_nor_initiative(self, rs):
        p = person(xl={Y: "HTTNV"}, awards=[(Y, "LDTT")], inits=[(2025, "tinh")])
        r = check_cstdcs(p, Y, rs)
        assert r.blocked
        assert r.reasons == (
            "Chưa có xếp loại Hoàn thành xuất sắc nhiệm vụ hoặc sáng kiến được công nhận năm 2026",
        )

    def test_initiative_not_yet_recognised(self, rs):
        p = person(xl={Y: "HTTNV"}, awards=[(Y, "LDTT")], inits=[(Y, None)])
        r = check_cstdcs(p, Y, rs)
        assert r.status == WARNING and r.reasons == ("Sáng kiến năm 2026 chưa được công nhận",)

    def test_same_year_ldtt_not_decided_is_a_warning(self, rs):
        r = check_cstdcs(person(xl={Y: "HTXSNV"}), Y, rs)
        assert r.status == WARNING
        assert r.reasons == ("Chờ quyết định công nhận Lao động tiên tiến năm 2026 (xét cùng đợt)",)

    def test_no_rating_yet(self, rs):
        r = check_cstdcs(person(), Y, rs)
        assert r.status == WARNING
        assert "Chưa có xếp loại Hoàn thành tốt nhiệm vụ năm 2026" in r.reasons

    def test_ldtt_fails_so_cstdcs_blocked(self, rs):
        r = check_cstdcs(person(xl={Y: "HTXSNV"}, months={Y: 8}), Y, rs)
        assert r.blocked and "Năm 2026 mới công tác 8 tháng, cần ≥ 10 tháng" in r.reasons

    def test_review_reported_once(self, rs):
        p = person(xl={Y: "HTXSNV"}, awards=[(Y, "LDTT")], reviews=[PendingReview()])
        assert check_cstdcs(p, Y, rs).reasons == ("Đang bị xem xét kỷ luật",)


# ---------------------------------------------------------------------------
# CSTĐ cấp tỉnh, toàn quốc
# ---------------------------------------------------------------------------


class TestCSTDTinh:
    def test_three_consecutive_and_provincial_initiative(self, rs):
        p = person(
            awards=[(2024, "CSTDCS"), (2025, "CSTDCS"), (2026, "CSTDCS")], inits=[(2025, "tinh")]
        )
        assert check_cstd_tinh(p, Y, rs).ok

    def test_gap_year_breaks_the_chain(self, rs):
        p = person(
            awards=[(2023, "CSTDCS"), (2025, "CSTDCS"), (2026, "CSTDCS")], inits=[(2025, "tinh")]
        )
        r = check_cstd_tinh(p, Y, rs)
        assert r.blocked
        assert r.reasons == ("Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở: thiếu năm 2024",)

    def test_several_missing_years_named(self, rs):
        p = person(awards=[(2026, "CSTDCS")], inits=[(2026, "toan_quoc")])
        assert check_cstd_tinh(p, Y, rs).reasons == (
            "Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở: thiếu năm 2024, 2025",
        )

    def test_current_year_pending(self, rs):
        p = person(
            xl={Y: "HTXSNV"},
            awards=[(2024, "CSTDCS"), (2025, "CSTDCS"), (Y, "LDTT")],
            inits=[(2024, "tinh")],
        )
        r = check_cstd_tinh(p, Y, rs)
        assert r.status == WARNING
        assert r.reasons == ("Chờ quyết định công nhận Chiến sĩ thi đua cơ sở năm 2026 (xét cùng đợt)",)

    def test_current_year_cannot_be_reached(self, rs):
        p = person(
            xl={Y: "HTNV"}, awards=[(2024, "CSTDCS"), (2025, "CSTDCS")], inits=[(2024, "tinh")]
        )
        r = check_cstd_tinh(p, Y, rs)
        assert r.blocked
        assert r.reasons[0] == "Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở: thiếu năm 2026"

    def test_initiative_level_and_window(self, rs):
        chain = [(2024, "CSTDCS"), (2025, "CSTDCS"), (2026, "CSTDCS")]
        r = check_cstd_tinh(person(awards=chain, inits=[(2025, "co_so")]), Y, rs)
        assert r.reasons == ("Chưa có sáng kiến có phạm vi ảnh hưởng trong tỉnh (2024–2026)",)
        assert check_cstd_tinh(person(awards=chain, inits=[(2023, "tinh")]), Y, rs).blocked
        assert check_cstd_tinh(person(awards=chain, inits=[(2026, "toan_quoc")]), Y, rs).ok
        r = check_cstd_tinh(person(awards=chain, inits=[(2026, None)]), Y, rs)
        assert r.status == WARNING and "chưa được công nhận" in r.reasons[0]


class TestCSTDTQ:
    def test_ok(self, rs):
        p = person(awards=[(2023, "CSTD_TINH"), (2026, "CSTD_TINH")], inits=[(2022, "toan_quoc")])
        assert check_cstd_tq(p, Y, rs).ok

    def test_gap(self, rs):
        p = person(awards=[(2024, "CSTD_TINH"), (2026, "CSTD_TINH")], inits=[(2025, "toan_quoc")])
        assert check_cstd_tq(p, Y, rs).reasons == (
            "Chưa đủ 2 lần liên tục Chiến sĩ thi đua cấp tỉnh (mỗi lần trên 3 năm Chiến sĩ thi đua cơ sở riêng): "
            "cần năm 2023, 2026, thiếu năm 2023",
        )

    def test_needs_national_initiative(self, rs):
        p = person(awards=[(2023, "CSTD_TINH"), (2026, "CSTD_TINH")], inits=[(2025, "tinh")])
        assert check_cstd_tq(p, Y, rs).reasons == (
            "Chưa có sáng kiến có phạm vi ảnh hưởng toàn quốc (2021–2026)",
        )

    def test_current_year_pending_through_the_chain(self, rs):
        p = person(
            xl={Y: "HTXSNV"},
            awards=[(2023, "CSTD_TINH"), (2024, "CSTDCS"), (2025, "CSTDCS"), (Y, "LDTT")],
            inits=[(2025, "toan_quoc")],
        )
        r = check_cstd_tq(p, Y, rs)
        assert r.status == WARNING
        assert (
            r.reasons[0] == "Chờ quyết định công nhận Chiến sĩ thi đua cấp tỉnh năm 2026 (xét cùng đợt)"
        )


# ---------------------------------------------------------------------------
# Collectives
# ---------------------------------------------------------------------------


class TestTTLDTT:
    def test_issue_example_12_of_19(self, rs):
        r = check_ttldtt(unit(ldtt_people(12, 7)), Y, rs)
        assert r.blocked
        assert r.reasons == (
            "Đơn vị mới có 12/19 cá nhân đạt Lao động tiên tiến (63 %), cần ≥ 70 %",
        )

    def test_exactly_70_percent_passes(self, rs):
        assert check_ttldtt(unit(ldtt_people(7, 3)), Y, rs).ok
        assert check_ttldtt(unit(ldtt_people(14, 6)), Y, rs).ok

    def test_69_point_something_fails(self, rs):
        r = check_ttldtt(unit(ldtt_people(16, 7)), Y, rs)  # 69.57 %
        assert r.blocked
        assert r.reasons == (
            "Đơn vị mới có 16/23 cá nhân đạt Lao động tiên tiến (69,5 %), cần ≥ 70 %",
        )
        assert check_ttldtt(unit(ldtt_people(69, 31)), Y, rs).blocked  # 69 %

    def test_members_eligible_but_not_decided(self, rs):
        members = ldtt_people(10, 6) + ldtt_people(4, 0, decided=False, start=50)
        r = check_ttldtt(unit(members), Y, rs)
        assert r.status == WARNING
        assert r.reasons == (
            "Lao động tiên tiến năm 2026 của 4/20 cá nhân chưa có quyết định (xét cùng đợt)",
        )

    def test_members_without_data(self, rs):
        members = ldtt_people(10, 4) + [person(100 + i) for i in range(6)]
        r = check_ttldtt(unit(members), Y, rs)
        assert r.status == WARNING
        assert r.reasons == (
            (
                "Đơn vị mới có 10/20 cá nhân đạt Lao động tiên tiến (50 %), cần ≥ 70 %; "
                "6 cá nhân chưa đủ dữ liệu năm 2026"
            ),
        )

    def test_member_discipline(self, rs):
        members = ldtt_people(9, 0)
        cc = person(
            91, "Lê Thị C", xl={Y: "HTTNV"}, disc=[Discipline("canh_cao", dt.date(2026, 2, 1))]
        )
        r = check_ttldtt(unit(members + [cc]), Y, rs)
        assert r.blocked
        assert r.reasons == ("Có 1 cá nhân bị kỷ luật từ cảnh cáo trở lên năm 2026: Lê Thị C",)

    def test_khien_trach_does_not_block_ttldtt(self, rs):
        kt = person(
            90, "Trần Văn B", xl={Y: "HTTNV"}, disc=[Discipline("khien_trach", dt.date(2026, 2, 1))]
        )
        assert check_ttldtt(unit(ldtt_people(9, 0) + [kt]), Y, rs).ok

    def test_unit_rating(self, rs):
        r = check_ttldtt(unit(ldtt_people(10, 0), xl=None), Y, rs)
        assert r.status == WARNING
        assert r.reasons == ("Đơn vị chưa có xếp loại Hoàn thành tốt nhiệm vụ năm 2026",)
        r = check_ttldtt(unit(ldtt_people(10, 0), xl="HTNV"), Y, rs)
        assert r.reasons == (
            (
                "Xếp loại của đơn vị năm 2026 là Hoàn thành nhiệm vụ, "
                "cần Hoàn thành tốt nhiệm vụ trở lên"
            ),
        )

    def test_no_members(self, rs):
        r = check_ttldtt(unit([]), Y, rs)
        assert r.status == WARNING and "Chưa có danh sách cá nhân" in r.reasons[0]

    def test_provincial_copy_with_80_percent(self, rs):
        bn = with_params(
            copy_ruleset(rs, "Bắc Ninh", Scope("province", "Bắc Ninh")), ttldtt_min_ldtt_pct=80
        )
        u = unit(ldtt_people(15, 4))  # 78.9 %
        assert check_ttldtt(u, Y, rs).ok
        r = check_ttldtt(u, Y, bn)
        assert r.reasons == (
            "Đơn vị mới có 15/19 cá nhân đạt Lao động tiên tiến (79 %), cần ≥ 80 %",
        )


class TestTTLDXS:
    def members(self):
        out = ldtt_people(7, 0)
        out[0] = person(1, "Người 1", xl={Y: "HTXSNV"}, awards=[(Y, "LDTT"), (Y, "CSTDCS")])
        out += [person(20 + i, xl={Y: "HTNV"}) for i in range(3)]
        return out

    def test_ok(self, rs):
        assert check_ttldxs(unit(self.members(), xl="HTXSNV"), Y, rs).ok

    def test_unit_must_be_htxsnv(self, rs):
        r = check_ttldxs(unit(self.members(), xl="HTTNV"), Y, rs)
        assert r.blocked and r.reasons[0].startswith(
            "Xếp loại của đơn vị năm 2026 là Hoàn thành tốt"
        )

    def test_everyone_completes_tasks(self, rs):
        members = self.members()
        members[-1] = person(99, xl={Y: "KHTNV"})
        r = check_ttldxs(unit(members, xl="HTXSNV"), Y, rs)
        assert r.blocked
        assert r.reasons == ("Đơn vị mới có 9/10 cá nhân hoàn thành nhiệm vụ (90 %), cần 100 %",)

    def test_needs_a_cstdcs(self, rs):
        members = ldtt_people(7, 3)
        members = [
            person(
                m.id, xl={Y: "HTTNV" if i < 7 else "HTNV"}, awards=[(Y, "LDTT")] if i < 7 else ()
            )
            for i, m in enumerate(members)
        ]
        r = check_ttldxs(unit(members, xl="HTXSNV"), Y, rs)
        assert r.reasons == ("Đơn vị không có cá nhân đạt Chiến sĩ thi đua cơ sở năm 2026",)
        members[0] = person(1, xl={Y: "HTXSNV"}, awards=[(Y, "LDTT")])  # CSTĐCS still to decide
        r = check_ttldxs(unit(members, xl="HTXSNV"), Y, rs)
        assert r.status == WARNING
        assert r.reasons == (
            (
                "Đơn vị mới có 0 cá nhân đạt Chiến sĩ thi đua cơ sở năm 2026 "
                "đã có quyết định, cần ≥ 1 (1 cá nhân đang xét)"
            ),
        )

    def test_ldtt_share(self, rs):
        members = self.members()
        members[1] = person(2, xl={Y: "HTNV"})  # 6/10 LĐTT
        r = check_ttldxs(unit(members, xl="HTXSNV"), Y, rs)
        assert r.reasons == (
            "Đơn vị mới có 6/10 cá nhân đạt Lao động tiên tiến (60 %), cần ≥ 70 %",
        )

    def test_discipline_only_where_the_province_adds_it(self, rs):
        """Luật 2022 Điều 27 sets no discipline condition for TTLĐXS; a province's set may add one."""
        members = self.members()
        members[-1] = person(
            99, "Phạm D", xl={Y: "HTNV"}, disc=[Discipline("khien_trach", dt.date(2026, 5, 1))]
        )
        assert check_ttldxs(unit(members, xl="HTXSNV"), Y, rs).ok
        province = with_params(rs, ttldxs_block_discipline_from="khien_trach")
        r = check_ttldxs(unit(members, xl="HTXSNV"), Y, province)
        assert r.reasons == ("Có 1 cá nhân bị kỷ luật năm 2026: Phạm D",)


class TestCoTinh:
    def test_leader_ok(self, rs):
        assert check_co_tinh(unit([], xl="HTXSNV", rank=1), Y, rs).ok

    def test_warning_level_only(self, rs):
        r = check_co_tinh(unit([], xl="HTXSNV"), Y, rs)
        assert r.status == WARNING
        assert r.reasons == ("Chưa có kết quả xếp hạng cụm, khối thi đua năm 2026",)
        r = check_co_tinh(unit([], xl="HTTNV", rank=3), Y, rs)
        assert r.status == WARNING
        assert r.reasons == (
            "Đơn vị xếp thứ 3 trong cụm, khối thi đua năm 2026; Cờ thi đua dành cho đơn vị dẫn đầu",
            (
                "Xếp loại của đơn vị năm 2026 là Hoàn thành tốt nhiệm vụ, "
                "cần Hoàn thành xuất sắc nhiệm vụ trở lên"
            ),
        )

    def test_inspection_blocks(self, rs):
        r = check_co_tinh(
            unit([], xl="HTXSNV", rank=1, reviews=[PendingReview("thanh_tra")]), Y, rs
        )
        assert r.blocked and r.reasons == ("Tập thể đang bị thanh tra, kiểm tra",)


# ---------------------------------------------------------------------------
# Hình thức khen thưởng
# ---------------------------------------------------------------------------


class TestGK:
    def test_person(self, rs):
        assert check_gk(person(xl={Y: "HTTNV"}), Y, rs).ok
        r = check_gk(person(xl={Y: "HTNV"}), Y, rs)
        assert r.status == WARNING  # warning-level
        assert check_gk(person(), Y, rs).reasons == (
            "Chưa có xếp loại Hoàn thành tốt nhiệm vụ năm 2026",
        )

    def test_dot_xuat_skips_rating(self, rs):
        assert check_gk(person(xl={Y: "HTNV"}), Y, rs, basis="dot_xuat").ok

    def test_discipline_and_review_block(self, rs):
        d = Discipline("canh_cao", dt.date(2026, 1, 5))
        assert check_gk(person(xl={Y: "HTXSNV"}, disc=[d]), Y, rs).blocked
        assert check_gk(person(xl={Y: "HTXSNV"}, reviews=[PendingReview()]), Y, rs).blocked

    def test_unit_and_household(self, rs):
        assert check_gk(unit([], xl="HTTNV"), Y, rs).ok
        assert check_gk(unit([], xl="HTNV"), Y, rs).status == WARNING
        assert check_title(rs, "GK", HouseholdProfile(7, "Hộ ông A"), Y).ok
        r = check_title(rs, "GK", HouseholdProfile(7, reviews=(PendingReview("khieu_nai"),)), Y)
        assert r.blocked


class TestBKTinh:
    def test_two_consecutive_cstdcs(self, rs):
        p = person(awards=[(2025, "CSTDCS"), (2026, "CSTDCS")])
        assert check_bk_tinh(p, Y, rs).ok

    def test_two_htxsnv_years_with_two_initiatives(self, rs):
        p = person(xl={2025: "HTXSNV", 2026: "HTXSNV"}, inits=[(2025, "co_so"), (2026, "co_so")])
        assert check_bk_tinh(p, Y, rs).ok

    def test_one_initiative_is_not_enough(self, rs):
        p = person(
            xl={2025: "HTXSNV", 2026: "HTXSNV"}, awards=[(2026, "CSTDCS")], inits=[(2026, "co_so")]
        )
        r = check_bk_tinh(p, Y, rs)
        assert r.blocked
        assert r.reasons == (
            "Chưa đủ 2 năm liên tục Chiến sĩ thi đua cơ sở: thiếu năm 2025",
            "Chưa đủ 2 sáng kiến được công nhận (2025–2026): mới có 1",
        )

    def test_gap_in_htxsnv(self, rs):
        p = person(
            xl={2024: "HTXSNV", 2025: "HTTNV", 2026: "HTXSNV"},
            inits=[(2025, "co_so"), (2026, "co_so")],
        )
        r = check_bk_tinh(p, Y, rs)
        assert "Chưa đủ 2 năm liên tục Hoàn thành xuất sắc nhiệm vụ: thiếu năm 2025" in r.reasons

    def test_current_year_pending(self, rs):
        p = person(xl={2025: "HTXSNV"}, awards=[(2025, "CSTDCS")])
        r = check_bk_tinh(p, Y, rs)
        assert r.status == WARNING
        assert r.reasons[0] == "Chờ quyết định công nhận Chiến sĩ thi đua cơ sở năm 2026 (xét cùng đợt)"

    def test_dot_xuat(self, rs):
        r = check_bk_tinh(person(), Y, rs, basis="dot_xuat")
        assert r.status == WARNING and "Hội đồng thẩm định thành tích" in r.reasons[0]

    def test_collective(self, rs):
        assert check_bk_tinh(
            unit([], xl=None, evaluations={2025: "HTXSNV"}, awards=[(2026, "TTLDXS")]), Y, rs
        ).ok
        assert check_bk_tinh(unit([], xl="HTXSNV", evaluations={2025: "HTXSNV"}), Y, rs).ok
        r = check_bk_tinh(unit([], xl=None, evaluations={2025: "HTXSNV"}), Y, rs)
        assert r.status == WARNING
        assert r.reasons == ("Đơn vị chưa có xếp loại Hoàn thành xuất sắc nhiệm vụ năm 2026",)
        r = check_bk_tinh(unit([], xl="HTXSNV", evaluations={2024: "HTXSNV", 2025: "HTTNV"}), Y, rs)
        assert r.reasons == (
            (
                "Chưa đủ 2 năm liên tục Hoàn thành xuất sắc nhiệm vụ hoặc "
                "Tập thể lao động xuất sắc: thiếu năm 2025"
            ),
        )


class TestBKTTG:
    HTXS: ClassVar[dict[int, str]] = {y: "HTXSNV" for y in range(2022, 2027)}

    def test_ok(self, rs):
        p = person(xl=self.HTXS, awards=[(2020, "BK_TINH")], inits=[(2023, "co_so")])
        r = check_bk_ttg(p, Y, rs)
        # Luật 2022 Điều 73: the initiative requirement is never shown as met until confirmed
        assert r.status == WARNING and r.reasons == (
            "Cần kiểm tra yêu cầu sáng kiến theo Điều 73 Luật Thi đua, khen thưởng 2022 (chưa đối chiếu văn bản "
            "hiện hành); có 1 sáng kiến được công nhận trong 2022–2026",)

    def test_unmet_is_only_a_warning_by_default(self, rs):
        r = check_bk_ttg(person(xl=self.HTXS), Y, rs)
        assert r.status == WARNING
        assert r.reasons[0] == "Chưa có Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh trước năm 2022"
        assert "(verify)" in r.reasons[-2] and "Điều 73" in r.reasons[-1]
        strict = with_params(rs, bk_ttg_blocking=True)
        assert check_bk_ttg(person(xl=self.HTXS), Y, strict).blocked

    def test_dot_xuat_bk_tinh_does_not_count(self, rs):
        bk = AwardRecord(2020, "BK_TINH", "5/QĐ-UBND", basis="dot_xuat")
        r = check_bk_ttg(person(xl=self.HTXS, awards=[bk]), Y, rs)
        assert r.status == WARNING and "trước năm 2022" in r.reasons[0]

    def test_htxsnv_chain(self, rs):
        xl = {**self.HTXS, 2024: "HTTNV"}
        r = check_bk_ttg(person(xl=xl, awards=[(2019, "BK_TINH")]), Y, rs)
        assert "Chưa đủ 5 năm liên tục Hoàn thành xuất sắc nhiệm vụ: thiếu năm 2024" in r.reasons

    def test_collective(self, rs):
        u = unit([], xl=None, evaluations=self.HTXS, awards=[(2021, "BK_TINH")])
        assert check_bk_ttg(u, Y, rs).ok
        assert check_bk_ttg(unit([], xl=None, evaluations=self.HTXS), Y, rs).status == WARNING


# ---------------------------------------------------------------------------
# Dispatcher, suggestions, edits of the rule set
# ---------------------------------------------------------------------------


def test_check_title_subject_kind(rs):
    r = check_title(rs, "LDTT", unit([]), Y)
    assert r.blocked and r.reasons == ("Lao động tiên tiến không xét cho tập thể",)
    r = check_title(rs, "TTLDTT", person(), Y)
    assert r.reasons == ("Tập thể lao động tiên tiến không xét cho cá nhân",)
    assert check_title(rs, "NOPE", person(), Y).blocked


def test_check_title_every_code_dispatches(rs):
    p = person(xl={Y: "HTXSNV"})
    u = unit(ldtt_people(3, 0), xl="HTXSNV")
    for t in rs.titles:
        subject = p if "ca_nhan" in t.subjects else u
        assert check_title(rs, t.code, subject, Y).status in (OK, WARNING, BLOCKED)


def test_already_awarded_is_a_warning(rs):
    rec = AwardRecord(Y, "LDTT", "12/QĐ-BDT")
    r = check_title(rs, "LDTT", person(xl={Y: "HTTNV"}, awards=[rec]), Y)
    assert r.status == WARNING
    assert r.reasons == ("Đã có Lao động tiên tiến năm 2026 (QĐ số 12/QĐ-BDT)",)


def test_the_award_of_a_rows_own_decision_is_not_a_second_one(rs):
    """Records shared by several people (one history object) still get each row's own answer."""
    from thidua_desktop.domain.eligibility import check_titles

    p = person(xl={Y: "HTTNV"}, awards=[AwardRecord(Y, "LDTT", "12/QĐ-BDT")])
    own, other, none = check_titles(rs, "LDTT", [p, p, p], Y, own_decisions=["12/QĐ-BDT", "13/QĐ-BDT", None])
    assert own.status == OK
    assert other.reasons == none.reasons == ("Đã có Lao động tiên tiến năm 2026 (QĐ số 12/QĐ-BDT)",)


def test_custom_title_without_rule(rs):
    d = ruleset_to_dict(rs)
    d["titles"].append(
        {
            "code": "KN_NGANH",
            "name": "Kỷ niệm chương",
            "kind": "hinh_thuc",
            "subjects": ["ca_nhan"],
            "level": "toan_quoc",
            "decided_by": "Bộ trưởng",
        }
    )
    custom = load_ruleset(d)
    r = check_title(custom, "KN_NGANH", person(), Y)
    assert r.status == WARNING and "Chưa có quy tắc kiểm tra tự động" in r.reasons[0]


def test_suggest(rs):
    people = [
        person(1, "A", xl={Y: "HTTNV"}),  # ok
        person(2, "B", xl={Y: "HTNV"}),  # blocked
        person(3, "C"),  # warning (no rating)
        person(4, "D", xl={Y: "HTXSNV"}),  # ok but registered
        person(5, "E", xl={Y: "HTTNV"}, awards=[(Y, "LDTT")]),  # already awarded
    ]
    got = suggest(rs, "LDTT", people, Y, exclude_ids={4})
    assert [s.subject.name for s in got] == ["A"]
    got = suggest(rs, "LDTT", people, Y, exclude_ids={4}, include_warnings=True)
    assert [s.subject.name for s in got] == ["A", "C"]
    assert got[1].eligibility.status == WARNING
    # from history: CSTĐ cấp tỉnh candidates
    hist = [
        person(
            6,
            "F",
            awards=[(2024, "CSTDCS"), (2025, "CSTDCS"), (2026, "CSTDCS")],
            inits=[(2025, "tinh")],
        ),
        person(7, "G", awards=[(2025, "CSTDCS"), (2026, "CSTDCS")], inits=[(2025, "tinh")]),
    ]
    assert [s.subject.name for s in suggest(rs, "CSTD_TINH", hist, Y)] == ["F"]
    # units are skipped for a personal title
    assert suggest(rs, "LDTT", [unit([])], Y) == []


def test_agency_cap_does_not_change_eligibility(rs):
    capped = with_title(rs, "CSTDCS", quota={"pct": 15, "base_title": "LDTT"})
    p = person(xl={Y: "HTXSNV"}, awards=[(Y, "LDTT")])
    assert check_title(capped, "CSTDCS", p, Y).ok


def test_rules_of_2024_apply_to_2024(rs):
    sets = builtin_rulesets()
    rs24 = pick_ruleset(sets, 2024)
    p = person(xl={2024: "HTTNV"})
    assert rs24.id == "national-2024"
    assert check_title(rs24, "LDTT", p, 2024).ok


def test_batch_gives_the_same_results_as_single_checks():
    """Inside el.batch() results are remembered; they must equal fresh checks."""
    from thidua_desktop.domain import eligibility as el
    from thidua_desktop.domain.rulesets import builtin_rulesets, pick_ruleset

    rs = pick_ruleset(builtin_rulesets(), 2026)
    people = [
        el.PersonProfile.build(
            i, f"Người {i}", "nu" if i % 2 else "nam",
            evaluations=[el.YearEvaluation(2026, xl), el.YearEvaluation(2025, "HTXSNV")],
            awards=[el.AwardRecord(2025, "LDTT")] + ([el.AwardRecord(2026, "CSTDCS")] if i == 3 else []),
            initiatives=[el.Initiative(2026, "co_so")] if i % 3 == 0 else [],
        )
        for i, xl in enumerate(["HTXSNV", "HTTNV", "HTNV", None, "HTXSNV", "KHTNV"])
    ]
    unit = el.UnitProfile.build(1, "Văn phòng", evaluations={2026: "HTXSNV"}, members=people)
    codes = [("LDTT", p) for p in people] + [("CSTDCS", p) for p in people] + [("TTLDTT", unit), ("TTLDXS", unit)]
    fresh = [el.check_title(rs, code, s, 2026) for code, s in codes]
    with el.batch():
        remembered = [el.check_title(rs, code, s, 2026) for code, s in codes]
        again = [el.check_title(rs, code, s, 2026) for code, s in codes]
    assert remembered == fresh == again
