"""Tổng quan: the facts on an empty file and on small files whose answers are
known, the deadline colours at their boundaries, and the tab's links."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtWidgets import QPushButton

from data_states import YEAR, decided_not_printed, registered
from thidua_desktop.domain.models import Staff, Unit
from thidua_desktop.services.overview import facts as ov
from thidua_desktop.store import awards, records

NOW = dt.datetime(YEAR, 3, 8, 9, 0)


def _item(facts, key):
    return next(i for i in facts.items if i.key == key)


def test_empty_file_has_first_steps_and_nothing_else(db):
    facts = ov.overview(db, now=NOW)
    assert facts.campaign is None and facts.deadlines == () and facts.items == ()
    assert [s.key for s in facts.first_steps] == ["org", "staff", "campaign", "register"]
    assert all(s.level == "todo" for s in facts.first_steps)
    assert facts.chart == tuple((str(y), 0) for y in range(YEAR - 4, YEAR + 1))


@pytest.mark.parametrize("days, level", [(-1, "past"), (0, "urgent"), (7, "urgent"), (8, "soon"), (30, "soon"),
                                         (31, "later")])
def test_deadline_colour_at_its_boundaries(days, level):
    d = ov._deadline("Hạn đăng ký thi đua", NOW.date() + dt.timedelta(days=days), NOW.date())
    assert (d.days_left, d.level) == (days, level)
    assert d.text.endswith("hôm nay" if days == 0 else f"còn {days} ngày" if days > 0 else "đã qua 1 ngày")


def test_a_registration_season_on_a_small_file(db):
    campaign_id, people = registered(db)
    campaign = records.get_campaign(db, campaign_id)
    records.save_campaign(db, dataclasses.replace(campaign, han_dang_ky=dt.date(YEAR, 3, 15), han_ho_so=None))
    late = records.save_unit(db, Unit("Phòng Tổng hợp", thu_tu=9))
    records.save_staff(db, Staff(ho_ten="Mai Văn Tâm", unit_id=late))  # a unit that sent nothing
    facts = ov.overview(db, now=NOW)
    assert facts.campaign.id == campaign_id
    assert [(d.text, d.level) for d in facts.deadlines] == [
        ("Hạn đăng ký thi đua: 15/03/" + str(YEAR) + " — còn 7 ngày", "urgent"),
        ("Hạn gửi sáng kiến: chưa đặt hạn", "none"), ("Hạn nộp hồ sơ khen thưởng: chưa đặt hạn", "none")]
    assert _item(facts, "units").text == ("1/4 đơn vị chưa gửi đăng ký (chưa có đăng ký nào trong phong trào): "
                                          "Phòng Tổng hợp.")
    assert _item(facts, "registrations").text == "7/10 đăng ký chưa xét (còn ở trạng thái Đăng ký)."
    assert _item(facts, "council").level == "todo"
    assert "decisions" not in {i.key for i in facts.items} and "proposals" not in {i.key for i in facts.items}
    backup = _item(facts, "backup") if any(i.key == "backup" for i in facts.items) else None
    assert backup is None  # no file name given: backups are not looked for
    assert dict(facts.figures)["Cán bộ đang công tác"] == "8"
    assert dict(facts.figures)[f"Đăng ký năm {YEAR}"] == "10"
    assert facts.first_steps == ()  # agency, staff, campaign and registrations are there


def test_a_decision_not_printed_and_the_backup(db, db_path):
    from thidua_desktop.services.backup import backup_now

    decided_not_printed(db)
    facts = ov.overview(db, db_file=db_path, now=NOW)
    item = _item(facts, "decisions")
    decision_id = db.execute("SELECT id FROM decisions").fetchone()[0]
    assert (item.text, item.level, item.link) == ("1 quyết định chưa in giấy khen, bằng: 120/QĐ-BDT.", "todo",
                                                  f"tab:decisions:{decision_id}")
    assert _item(facts, "backup").level == "warn"
    assert _item(facts, "council").text == f"Hội đồng đã họp ngày 15/12/{YEAR} và đã ghi kết quả bình xét."
    db.execute("UPDATE meetings SET da_ghi_ket_qua = 0")  # reopened
    assert _item(ov.overview(db, now=NOW), "council").text == f"Hội đồng sẽ họp ngày 15/12/{YEAR}."
    after = dt.datetime(YEAR, 12, 16, 9, 0)
    assert _item(ov.overview(db, now=after), "council").level == "todo"
    backup_now(db_path)
    facts = ov.overview(db, db_file=db_path)
    assert _item(facts, "backup").level == "ok" and "hôm nay" in _item(facts, "backup").text
    total = sum(n for _year, n, _paid in awards.counts(db, ["nam"], awards.Filter(first_year=YEAR, last_year=YEAR)))
    assert dict(facts.chart)[str(YEAR)] == total == 3


# --- the tab ------------------------------------------------------------------------------

def test_the_tab_on_an_empty_file(qtbot, show_window, db):
    window = show_window(db)
    window.findChild(QPushButton, "welcomeEmpty").click()
    window.select_tab("overview")
    tab = window.overview_tab
    assert window.tabs.currentWidget() is tab and window.tabs.indexOf(tab) == 0
    assert tab.steps_box.isVisible()
    assert set(tab.item_labels) == {"org", "staff", "campaign", "register"}
    assert "tạo phong trào" in tab.heading.text()


def test_the_tab_on_the_demo_and_its_links(qtbot, decisions_window, cancel_dialogs):
    window = decisions_window
    window.select_tab("overview")
    tab = window.overview_tab
    tab.reload()  # Làm mới while the first check runs: one check at a time, the last one's answer shown
    tab.reload()
    assert len(tab._jobs) <= 1
    tab.wait_for_checks()
    assert not tab._jobs and tab._next_check is None
    assert not tab.steps_box.isVisible()
    assert "đăng ký không đủ điều kiện" in tab.eligibility_label.text() or "đủ điều kiện" in tab.eligibility_label.text()
    assert "Đang kiểm tra" not in tab.eligibility_label.text()
    decisions = next(i for i in tab.facts.items if i.key == "decisions")
    tab.item_labels["decisions"].linkActivated.emit(decisions.link)
    assert window.tabs.currentWidget() is window.decision_tab
    assert window.decision_tab.list.currentIndex().isValid()
    council = next(i for i in tab.facts.items if i.key == "council")
    tab.follow(council.link)
    assert window.tabs.currentWidget() is window.council_tab
    assert window.council_tab.meeting_combo.currentData() == int(council.link.rsplit(":", 1)[1])
    tab.follow("tab:registrations:blocked")
    assert window.registration_tab.elig_combo.currentData() == "blocked"
    tab.follow("action:actionOrgSettings")
    assert any("Thông tin cơ quan" in text for text in cancel_dialogs)
