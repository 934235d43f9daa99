"""Nothing in a document can crash it (issue 15, item 14): a thành tích of
1,200 or 20,000 characters, a very long chức vụ, unit or agency name wraps
and splits across pages in the decision annex, the ballots, the tally sheet
and the minutes — through the services, the CLI and the window."""
from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader

from tests.test_council_pdf import _view
from thidua_desktop import cli
from thidua_desktop.services.documents import council_pdf as cp
from thidua_desktop.services.documents.pdf import build, grid, head_row, para
from thidua_desktop.store import council as council_store
from thidua_desktop.store import decisions as store

SENTENCE = "Hoàn thành xuất sắc nhiệm vụ công tác dân tộc năm 2025, dẫn đầu phong trào thi đua. "


def long_text(n: int, end: str = "HẾTĐOẠN") -> str:
    return (SENTENCE * (n // len(SENTENCE) + 1))[: n - len(end) - 1] + " " + end


def text_of(path) -> str:
    return " ".join(" ".join(unicodedata.normalize("NFC", p.extract_text()).split())
                    for p in PdfReader(path).pages)


@pytest.fixture(autouse=True)
def _bundled_font(monkeypatch):
    monkeypatch.setenv("THIDUA_PDF_FONT", "bundled")


@pytest.mark.parametrize("n", [1_200, 20_000])
def test_a_grid_row_taller_than_a_page_splits(tmp_path, n):
    word = "X" * n  # one unbroken "word": broken inside the cell
    rows = [head_row("STT", "Nội dung", "Ghi chú"),
            [para("1", "cell_c"), para(long_text(n), "cell"), para(word, "cell")],
            [para("2", "cell_c"), para("ngắn", "cell"), para("", "cell")]]
    out = tmp_path / "g.pdf"
    pages = build(out, [grid(rows, (11, 100, 54))], title="x")
    text = text_of(out)
    assert pages > 1 and "HẾTĐOẠN" in text and "ngắn" in text
    assert text.count("X") == n  # nothing cut off
    assert text.count("Nội dung") == pages  # the header row repeats on every page


@pytest.mark.parametrize("n", [1_200, pytest.param(20_000, marks=pytest.mark.slow)])
def test_council_documents_with_long_cells(tmp_path, n):
    v = _view()
    t = v.titles[0]
    first = replace(t.candidates[0], chuc_vu=long_text(n, "HẾTCHỨCVỤ"), don_vi=long_text(n, "HẾTĐƠNVỊ"))
    rounds = tuple(replace(r, candidates=tuple(replace(c, chuc_vu=first.chuc_vu) if c.ho_ten == first.ho_ten
                                               else c for c in r.candidates)) for r in t.rounds)
    v = replace(v, titles=(replace(t, candidates=(first, *t.candidates[1:]), rounds=rounds), *v.titles[1:]),
                members=(*v.members[:-1], replace(v.members[-1], chuc_vu=long_text(n, "HẾTTHÀNHVIÊN"))),
                settings=replace(v.settings, co_quan=long_text(min(n, 5_000), "HẾTCƠQUAN")))
    for write, ends in ((lambda view, p: cp.write_ballots(view, p, copies=1), ("HẾTCHỨCVỤ", "HẾTĐƠNVỊ")),
                        (cp.write_tally_sheet, ("HẾTCHỨCVỤ", "HẾTĐƠNVỊ")),
                        (cp.write_count_minutes, ("HẾTTHÀNHVIÊN",)),
                        (cp.write_meeting_minutes, ("HẾTCHỨCVỤ", "HẾTTHÀNHVIÊN"))):
        out = tmp_path / "doc.pdf"
        assert write(v, out) > 1
        text = text_of(out)
        for end in (*ends, "HẾTCƠQUAN"):
            assert end in text


def _long_awardee(db, n):
    gk = next(r for r in store.list_decisions(db) if r["ma"] == "CSTDCS")
    row = store.awardee_rows(db, gk["id"])[0]
    # as a file of an older version or another tool may hold them: straight into the tables
    db.execute("UPDATE decision_awardees SET thanh_tich = ? WHERE decision_id = ?", [long_text(n), gk["id"]])
    db.execute("UPDATE staff SET chuc_vu = ? WHERE id = ?", [long_text(n, "HẾTCHỨCVỤ"), row["staff_id"]])
    return gk["id"]


@pytest.mark.parametrize("n", [1_200, 20_000])
def test_annex_with_a_long_thanh_tich_through_the_cli(decisions_demo, db_path, tmp_path, capsys, n):
    did = _long_awardee(decisions_demo, n)
    out = tmp_path / "phu-luc.pdf"
    assert cli.main(["export-decision", "--db", str(db_path), "--decision", str(did), str(out)]) == 0
    text = text_of(out)
    assert len(PdfReader(out).pages) > 1
    assert text.count("HẾTĐOẠN") == 3 and "HẾTCHỨCVỤ" in text and "Tổng cộng" in text


def test_minutes_with_a_long_chuc_vu_through_the_cli(decisions_demo, db_path, tmp_path, capsys):
    past = council_store.list_meetings(decisions_demo)[1]
    decisions_demo.execute("UPDATE staff SET chuc_vu = ?", [long_text(1_200, "HẾTCHỨCVỤ")])
    out = tmp_path / "bien-ban.pdf"
    assert cli.main(["minutes", "--db", str(db_path), "--meeting", str(past.id), str(out)]) == 0
    assert "HẾTCHỨCVỤ" in text_of(out)
    assert cli.main(["ballots", "--db", str(db_path), "--meeting", str(past.id), str(tmp_path / "p.pdf")]) == 0


def test_the_window_saves_the_annex_with_a_long_thanh_tich(decisions_window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    did = _long_awardee(decisions_window.db, 1_200)
    tab = decisions_window.decision_tab
    tab.list.selectRow(tab.decisions.view_row_of(did))
    out = tmp_path / "annex.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out), "PDF – phụ lục kèm theo quyết định (*.pdf)"))
    tab.actions["export"].trigger()
    assert "HẾTĐOẠN" in text_of(out)
    assert decisions_window.statusBar().currentMessage() == f"Đã lưu {out}"
