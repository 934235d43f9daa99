"""The window on data files with little or nothing in them, as a new secretary starts."""
from __future__ import annotations

from thidua_desktop.domain.models import Campaign
from thidua_desktop.store import records
from thidua_desktop.ui.fast_table import FastFilterProxy, FastTableModel


class _Facetted(FastTableModel):
    COLUMNS = (("ten", "Tên"),)
    FACETS = ("kind",)

    def facets(self, row):
        return {"kind": row["kind"]}


def test_an_empty_fast_table_has_every_facet_and_filters_to_nothing(qtmodeltester):
    model = _Facetted()
    model.load([])
    assert model.facet_values == {"kind": []}
    proxy = FastFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_allowed("kind", {"a"})
    proxy.set_search("an")
    model.sort(0)
    model.refresh()
    assert proxy.rowCount() == 0 and proxy.source_rows() == [] and proxy.ids([]) == []
    qtmodeltester.check(proxy)
    model.load([{"id": 1, "ten": "An", "kind": "a"}, {"id": 2, "ten": "Bình", "kind": "b"}])
    assert proxy.rowCount() == 1
    model.load([])
    assert model.facet_values == {"kind": []} and proxy.rowCount() == 0


def test_a_model_with_facets_must_declare_them():
    import pytest

    with pytest.raises(TypeError):
        class _Undeclared(FastTableModel):  # noqa: F841
            def facets(self, row):
                return {"kind": row["kind"]}


def test_a_campaign_without_registrations_opens_the_registration_tab(show_window, db, qtbot):
    """Regression: ``KeyError: 'ma'`` on a new campaign, on opening and on every keystroke."""
    records.save_campaign(db, Campaign("Phong trào thi đua năm 2026", nam_bat_dau=2026))
    window = show_window(db, "registrations")
    tab = window.registration_tab
    assert tab.campaign() is not None and tab.proxy.rowCount() == 0
    tab.search.setText("ng")
    assert "Đăng ký: 0" in window.count_label.text()
    assert tab.actions["add"].isEnabled()
