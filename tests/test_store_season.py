"""Store of the registration season: evaluations, discipline, history, initiatives,
registrations and the user's rule sets."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.domain.registrations import (
    AwardEntry,
    DisciplineEntry,
    Evaluation,
    InitiativeEntry,
    Registration,
    ReviewEntry,
)
from thidua_desktop.domain.rulesets import (
    Scope,
    builtin_rulesets,
    copy_ruleset,
    with_params,
)
from thidua_desktop.store import merit, records, registrations, rules
from thidua_desktop.store.records import InUseError, ValidationError


@pytest.fixture
def agency(db):
    unit = records.save_unit(db, Unit("Văn phòng"))
    people = [records.save_staff(db, Staff(name, unit_id=unit)) for name in ("Nguyễn Văn An", "Lê Thị Hoa")]
    campaign = records.save_campaign(db, Campaign("Phong trào thi đua năm 2026", nam_bat_dau=2026))
    return db, unit, people, campaign


def test_evaluations_upsert_all_or_nothing(agency):
    db, _, (an, hoa), _ = agency
    merit.save_evaluations(db, [Evaluation(an, 2025, "HTXSNV"), Evaluation(hoa, 2025, "HTTNV", so_thang=11)])
    merit.save_evaluations(db, [Evaluation(an, 2025, "HTTNV")])  # replaces
    assert merit.evaluations_for_year(db, 2025)[an].xep_loai == "HTTNV"
    with pytest.raises(ValidationError, match="Số tháng"):
        merit.save_evaluations(db, [Evaluation(hoa, 2026, "HTTNV"), Evaluation(an, 2026, "HTTNV", so_thang=13)])
    assert merit.evaluations_for_year(db, 2026) == {}
    with pytest.raises(ValidationError, match="không còn tồn tại"):
        merit.save_evaluations(db, [Evaluation(999, 2026, "HTTNV")])


def test_history_lines_are_unique_per_subject_year_and_title(agency):
    db, unit, (an, _), _ = agency
    merit.save_award(db, AwardEntry(2024, "ldtt", staff_id=an, so_quyet_dinh="12/QĐ-BDT"))
    with pytest.raises(ValidationError, match="trùng"):
        merit.save_award(db, AwardEntry(2024, "LDTT", staff_id=an))
    # an import updates the existing line instead
    merit.save_awards(db, [AwardEntry(2024, "LDTT", staff_id=an, so_quyet_dinh="15/QĐ-BDT"),
                           AwardEntry(2024, "TTLDTT", unit_id=unit)])
    lines = merit.awards_all(db)
    assert [(a.ma, a.so_quyet_dinh) for a in lines] == [("LDTT", "15/QĐ-BDT"), ("TTLDTT", "")]
    with pytest.raises(ValidationError, match="đúng một cá nhân hoặc một tập thể"):
        merit.save_award(db, AwardEntry(2024, "GK", staff_id=an, unit_id=unit))
    # the batch checks every line: one bad line, nothing written
    with pytest.raises(ValidationError, match="đúng một cá nhân hoặc một tập thể"):
        merit.save_awards(db, [AwardEntry(2023, "LDTT", staff_id=an), AwardEntry(2023, "GK")])
    assert len(merit.awards_all(db)) == 2


def test_checked_award_lines_are_written_as_save_awards_writes_them(agency):
    """An import's plan checks its lines; save_checked_awards writes them the same way, unchecked."""
    db, unit, (an, hoa), _ = agency
    merit.save_award(db, AwardEntry(2024, "LDTT", staff_id=an))
    lines = [AwardEntry(2024, "LDTT", staff_id=an, so_quyet_dinh="15/QĐ-BDT", ngay_quyet_dinh=dt.date(2024, 12, 20),
                        nguon="nhap_excel"),
             AwardEntry(2024, "CSTDCS", staff_id=hoa, co_so="dot_xuat", ghi_chu="Đột xuất")]
    assert merit.save_checked_awards(db, lines) == 2
    assert merit.save_checked_awards(db, []) == 0
    got = merit.awards_all(db)
    assert [dataclasses.replace(a, id=None) for a in got] == lines
    assert got[0].id == 1  # the stored line updated in place


def test_initiative_authors_and_discipline_and_reviews(agency):
    db, unit, (an, hoa), _ = agency
    iid = merit.save_initiative(db, InitiativeEntry("Số hóa hồ sơ thi đua", 2025, tac_gia=(hoa, an, hoa), unit_id=unit, cap="co_so"))
    [ini] = merit.initiatives_all(db)
    assert ini.id == iid and ini.tac_gia == (hoa, an)
    merit.save_discipline(db, DisciplineEntry("khien_trach", dt.date(2025, 5, 1), staff_id=an))
    merit.save_review(db, ReviewEntry("ky_luat", staff_id=hoa, tu_ngay=dt.date(2026, 10, 1)))
    assert [d.hinh_thuc for d in merit.disciplines_all(db)] == ["khien_trach"]
    assert [r.staff_id for r in merit.reviews_all(db, open_only=True)] == [hoa]
    with pytest.raises(InUseError):
        records.delete_staff(db, [an])


def test_register_many_skips_existing_and_rows_show_names(agency):
    db, unit, (an, hoa), campaign = agency
    created, existing = registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[an])
    assert len(created) == 1 and existing == 0
    created, existing = registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[an, hoa], unit_ids=[])
    assert len(created) == 1 and existing == 1
    registrations.register_many(db, campaign, 2026, "TTLDTT", unit_ids=[unit])
    rows = registrations.registration_rows(db, campaign)
    assert [(r["ten"], r["ma"], r["don_vi"]) for r in rows] == [
        ("Nguyễn Văn An", "LDTT", "Văn phòng"), ("Lê Thị Hoa", "LDTT", "Văn phòng"), ("Văn phòng", "TTLDTT", "Văn phòng")]
    with pytest.raises(InUseError):
        records.delete_campaign(db, campaign)


def test_status_keep_reason_and_delete(agency):
    db, _, (an, hoa), campaign = agency
    ids, _ = registrations.register_many(db, campaign, 2026, "CSTDCS", staff_ids=[an, hoa])
    registrations.set_status(db, ids, "de_nghi")
    registrations.set_keep_reason(db, ids[:1], "  Thành tích đột xuất   trong năm ")
    after = registrations.get_registrations(db, ids)
    assert [r.trang_thai for r in after] == ["de_nghi", "de_nghi"]
    assert after[0].ly_do_giu == "Thành tích đột xuất trong năm"
    registrations.delete_registrations(db, ids)
    assert registrations.count_registrations(db, campaign) == 0
    with pytest.raises(ValidationError):
        registrations.set_status(db, ids, "xong")
    with pytest.raises(ValidationError, match="Chưa chọn danh hiệu"):
        registrations.save_registration(db, Registration(campaign, 2026, " ", staff_id=an))


def test_user_ruleset_is_stored_and_picked_for_the_agency(db):
    records.save_settings(db, OrgSettings(co_quan="BAN DÂN TỘC", dia_danh="Khánh Hòa"))
    national = rules.ruleset_for_year(db, 2026)
    assert national.builtin and national.scope.is_national
    province = with_params(
        copy_ruleset(national, "Quy định tỉnh Khánh Hòa", Scope("province", "Khánh Hòa")),
        ttldtt_min_ldtt_pct=80,
    )
    rules.save_ruleset(db, province)
    picked = rules.ruleset_for_year(db, 2026)
    assert picked.id == province.id and picked.params.ttldtt_min_ldtt_pct == 80
    with pytest.raises(ValidationError, match="có sẵn"):
        rules.save_ruleset(db, builtin_rulesets()[0])
    rules.delete_ruleset(db, province.id)
    assert rules.ruleset_for_year(db, 2026).id == national.id
