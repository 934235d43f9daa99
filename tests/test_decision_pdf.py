"""The PDF annex of a decision ("Danh sách … kèm theo Quyết định số …"), read back with pypdf."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape

from thidua_desktop import cli
from thidua_desktop.domain.models import OrgSettings
from thidua_desktop.services.decisions import service as ds
from thidua_desktop.services.documents.decision_pdf import export_decision_annex, issuer_name
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import decisions as store
from thidua_desktop.store import records

HEAD = ("STT", "Năm sinh", "Chức vụ, đơn vị", "Thành tích", "Số sổ vàng", "Tiền thưởng (đồng)")


@pytest.fixture(autouse=True)
def _bundled_font(monkeypatch):  # the output must not depend on the fonts of the machine
    monkeypatch.setenv("THIDUA_PDF_FONT", "bundled")


@pytest.fixture
def demo(db):
    build_demo(db, staff=120, seed=2, year=2026)
    return db


def _decision(db, ma: str):
    return next(r for r in store.list_decisions(db) if r["ma"] == ma)


def _norm(text: str) -> str:
    """NFC, whitespace (line breaks inside table cells) collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _pages(path) -> list[str]:
    return [_norm(page.extract_text()) for page in PdfReader(path).pages]


def _top_line(page) -> str:
    """The text above the top margin (20 mm): the page number."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() and tm[5] * cm[3] + cm[5] > float(page.mediabox.height) - 20 * 72 / 25.4:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def test_annex_of_the_sixty_four_giay_khen(demo, tmp_path):
    gk = _decision(demo, "GK")
    rows = store.awardee_rows(demo, gk["id"])
    out = tmp_path / "phu-luc.pdf"
    assert export_decision_annex(demo, gk["id"], out) == len(rows) == 64
    reader = PdfReader(out)
    width, height = landscape(A4)
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx((width, height), abs=0.5)
               for p in reader.pages)
    pages = _pages(out)
    assert len(pages) > 1
    text = " ".join(pages)
    for expected in ("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "BAN DÂN TỘC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "DANH SÁCH", "Giấy khen năm 2025",
                     "(Kèm theo Quyết định số 143/QĐ-BDT ngày 22 tháng 12 năm 2025 của Trưởng Ban Dân tộc "
                     "tỉnh Khánh Hòa)", "Họ và tên", *HEAD):
        assert _norm(expected) in pages[0], expected
    for r in rows:  # every awardee, in NFC, in the decision's order
        assert unicodedata.normalize("NFC", r["ten"]) in text, r["ten"]
    positions = [text.index(unicodedata.normalize("NFC", r["ten"])) for r in rows]
    assert positions == sorted(positions)
    total = sum(r["tien_thuong"] for r in rows)
    assert total == gk["tong_tien"] == 64 * 710_000
    assert f"Tổng cộng: 64 cá nhân {_vnd(total)}" in pages[-1]
    assert f"tổng số tiền thưởng: {_vnd(total)} đồng" in pages[-1]
    for page in pages[1:]:  # the header row repeats, the page is numbered
        assert all(label in page for label in HEAD), page[:200]
    assert [_top_line(page) for page in reader.pages] == ["", *map(str, range(2, len(pages) + 1))]
    assert reader.metadata.title == "Danh sách Giấy khen năm 2025 kèm theo Quyết định số 143/QĐ-BDT"


def test_fonts_are_embedded_never_helvetica(demo, tmp_path):
    out = tmp_path / "phu-luc.pdf"
    export_decision_annex(demo, _decision(demo, "CSTDCS")["id"], out)
    for page in PdfReader(out).pages:
        fonts = page["/Resources"]["/Font"]
        names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
        assert names and all("LiberationSerif" in n for n in names), names
        assert all("/FontFile2" in f.get_object()["/FontDescriptor"].get_object() for f in fonts.values())
    text = " ".join(_pages(out))
    assert "Chiến sĩ thi đua cơ sở năm 2025" in text and "Kèm theo Quyết định số 142/QĐ-BDT" in text
    assert "Tổng cộng: 3 cá nhân 7.020.000" in text


def test_cancelled_awardee_is_marked_and_not_counted(demo, tmp_path):
    gk = _decision(demo, "GK")
    rows = store.awardee_rows(demo, gk["id"])
    cancelled = rows[4]
    store.set_cancelled(demo, [cancelled["id"]])
    out = tmp_path / "phu-luc.pdf"
    assert export_decision_annex(demo, gk["id"], out) == 64  # still listed
    text = " ".join(_pages(out))
    assert f"{unicodedata.normalize('NFC', cancelled['ten'])} (đã hủy)" in text
    assert text.count("(đã hủy)") == 1
    total = sum(r["tien_thuong"] for r in rows if r["id"] != cancelled["id"])
    assert f"Tổng cộng: 63 cá nhân {_vnd(total)}" in text
    assert f"(không kể 1 trường hợp đã hủy); tổng số tiền thưởng: {_vnd(total)} đồng" in text


def test_collectives_and_hostile_names_stay_literal(demo, tmp_path):
    staff_id = demo.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 1").fetchone()[0]
    hostile = '=HYPERLINK("http://x","y") <b>&amp;'
    demo.execute("UPDATE staff SET ho_ten = ? WHERE id = ?", [hostile, staff_id])
    unit_id, unit_name = demo.execute("SELECT id, ten FROM units ORDER BY id DESC LIMIT 1").fetchone()
    did = ds.create_decision(demo, so="9/QĐ-BDT", ngay=dt.date(2026, 1, 5), nam=2025, ma="GK",
                             staff_ids=[staff_id], unit_ids=[unit_id])
    out = tmp_path / "phu-luc.pdf"
    assert export_decision_annex(demo, did, out) == 2
    text = " ".join(_pages(out))
    assert hostile.replace(" ", "") in text.replace(" ", "")  # the cell may wrap after the comma
    assert "<b>&amp;" in text  # markup is text, not bold
    assert unicodedata.normalize("NFC", unit_name) in text
    assert "Họ và tên / Tên tập thể" in text and "Tổng cộng: 1 cá nhân và 1 tập thể" in text
    assert "ngày 05 tháng 01 năm 2026" in text


@pytest.mark.parametrize(("settings", "expected"), [
    (OrgSettings(co_quan="BAN DÂN TỘC", chuc_danh_thu_truong="Trưởng Ban", dia_danh="Khánh Hòa"),
     "Trưởng Ban Dân tộc tỉnh Khánh Hòa"),
    (OrgSettings(co_quan="Sở Nội vụ", chuc_danh_thu_truong="Giám đốc", dia_danh="Bắc Ninh"),
     "Giám đốc Sở Nội vụ tỉnh Bắc Ninh"),
    (OrgSettings(co_quan="PHÒNG GD-ĐT", chuc_danh_thu_truong="Trưởng phòng", dia_danh=""),
     "Trưởng Phòng GD-ĐT"),  # an abbreviation stays in capitals
    (OrgSettings(), ""),
])
def test_issuer_name_in_sentence_case(settings, expected):
    assert issuer_name(settings) == expected
    assert issuer_name(settings).upper() == ds.issuer_title(settings)


def test_cli_writes_pdf_or_xlsx_by_extension(demo, db_path, tmp_path, capsys):
    gk = _decision(demo, "GK")
    pdf, xlsx = tmp_path / "phu-luc.pdf", tmp_path / "danh-sach.xlsx"
    assert cli.main(["export-decision", "--db", str(db_path), "--decision", str(gk["id"]), str(pdf)]) == 0
    assert "64 người" in capsys.readouterr().out
    assert PdfReader(pdf).pages[0].extract_text() and pdf.read_bytes().startswith(b"%PDF")
    assert cli.main(["export-decision", "--db", str(db_path), "--decision", str(gk["id"]), str(xlsx)]) == 0
    assert xlsx.read_bytes().startswith(b"PK")  # a zip: the workbook
    assert cli.main(["export-decision", "--db", str(db_path), "--decision", str(gk["id"]),
                     str(tmp_path / "x.txt")]) == 2


def test_settings_without_agency(demo, tmp_path):
    out = tmp_path / "phu-luc.pdf"
    records.save_settings(demo, replace(records.get_settings(demo), co_quan_chu_quan="", dia_danh=""))
    with pytest.raises(records.MissingSettingsError, match="địa danh"):
        export_decision_annex(demo, _decision(demo, "CSTDCS")["id"], out)
    assert not out.exists()
    records.save_settings(demo, replace(records.get_settings(demo), co_quan_chu_quan="", dia_danh="Hòa"))
    export_decision_annex(demo, _decision(demo, "CSTDCS")["id"], out)
    text = " ".join(_pages(out))
    assert "ỦY BAN NHÂN DÂN" not in text and "của Trưởng Ban Dân tộc tỉnh Hòa)" in text


def test_the_tab_saves_the_annex_as_pdf_or_the_list_as_xlsx(decisions_window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.store import decisions as store

    tab = decisions_window.decision_tab
    gk = next(r for r in store.list_decisions(decisions_window.db) if r["ma"] == "GK")
    tab.list.selectRow(tab.decisions.view_row_of(gk["id"]))
    for typed, chosen, written in (("annex", "PDF – phụ lục kèm theo quyết định (*.pdf)", "annex.pdf"),
                                   ("list", "Excel (*.xlsx)", "list.xlsx")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / typed), chosen))
        tab.actions["export"].trigger()
        assert (tmp_path / written).stat().st_size > 0
    assert (tmp_path / "annex.pdf").read_bytes().startswith(b"%PDF")
