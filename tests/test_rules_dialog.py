"""Sửa → Danh hiệu và quy tắc thi đua: copy a rule set, change its numbers, refuse bad ones."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from thidua_desktop.domain.models import OrgSettings
from thidua_desktop.domain.rulesets import PARAM_SPECS
from thidua_desktop.store import records, rules
from thidua_desktop.ui.main_window import MainWindow
from thidua_desktop.ui.rules_dialog import RulesDialog


@pytest.fixture
def dialog(qtbot, db, db_path):
    records.save_settings(db, OrgSettings(co_quan="BAN DÂN TỘC", dia_danh="Khánh Hòa"))
    window = MainWindow(db_path, db)
    qtbot.addWidget(window)
    d = RulesDialog(window)
    qtbot.addWidget(d)
    return d


def row_of(param: str) -> int:
    return [s.name for s in PARAM_SPECS].index(param)


def test_builtin_sets_are_read_only_and_the_set_in_force_is_named(dialog):
    assert dialog.current().builtin
    assert not dialog.save_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert "Nghị định" in dialog.basis.toPlainText()
    assert "Áp dụng cho năm" in dialog.in_force.text()


def test_copy_for_the_province_then_change_a_percentage_and_a_quota(dialog, monkeypatch):
    db = dialog.db
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Quy định tỉnh Khánh Hòa", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a: (
        next(i for i in items if "Khánh Hòa" in i), True))
    dialog.year.setValue(2026)
    national = rules.ruleset_for_year(db, 2026)
    dialog.list.setCurrentRow([r.id for r in dialog.rulesets].index(national.id))
    dialog.copy_selected()
    copy = dialog.current()
    assert not copy.builtin and copy.scope.name == "Khánh Hòa"
    assert "Quy định tỉnh Khánh Hòa" in dialog.in_force.text()
    dialog.params.item(row_of("ttldtt_min_ldtt_pct"), 1).setText("80")
    cstdcs = [t.code for t in copy.titles].index("CSTDCS")
    dialog.titles.item(cstdcs, 5).setText('{"pct": 15, "base_title": "LDTT", "scope": "co_quan"}')
    dialog.save_selected()
    stored = rules.ruleset_for_year(db, 2026)
    assert stored.params.ttldtt_min_ldtt_pct == 80
    assert stored.title("CSTDCS").quota.pct == 15
    dialog.window.undo()
    assert rules.ruleset_for_year(db, 2026).params.ttldtt_min_ldtt_pct == national.params.ttldtt_min_ldtt_pct


def test_a_bad_number_is_refused_and_nothing_saved(dialog, monkeypatch):
    db = dialog.db
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Bản sửa", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a: (items[0], True))
    dialog.copy_selected()
    before = rules.stored_rulesets(db)[0]
    dialog.params.item(row_of("ldtt_min_months"), 1).setText("15")
    dialog.save_selected()
    assert dialog.message.text().startswith("Chưa lưu:")
    assert rules.stored_rulesets(db)[0].params.ldtt_min_months == before.params.ldtt_min_months
