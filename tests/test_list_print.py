"""Tệp → In danh sách / Xem trước khi in: the list as its table shows it, on
A4 landscape under the Nghị định 30 header, checked in the PDF it prints to."""
from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

from thidua_desktop.domain.models import QUOC_HIEU, TIEU_NGU, OrgSettings
from thidua_desktop.store import records
from thidua_desktop.ui.list_print import render, set_up_printer, table_content

AGENCY = OrgSettings(co_quan_chu_quan="Ủy ban nhân dân tỉnh Khánh Hòa", co_quan="Ban Dân tộc", dia_danh="Khánh Hòa")


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    set_up_printer(printer)
    return printer


def pdf_pages(path) -> list[str]:
    """Each page's text, words separated by single spaces, NFC."""
    return [unicodedata.normalize("NFC", " ".join((page.extract_text() or "").split()))
            for page in PdfReader(str(path)).pages]


def shown_column(view, column: int) -> list[str]:
    model = view.model()
    return [model.index(r, column).data() or "" for r in range(model.rowCount())]


@pytest.fixture
def staff_window(show_window, decisions_demo):
    records.save_settings(decisions_demo, AGENCY)
    return show_window(decisions_demo, "staff")


def test_a_filtered_staff_list_prints_exactly_its_visible_rows(staff_window, tmp_path):
    tab = staff_window.staff_tab
    everyone = shown_column(tab.table, 0)
    tab.search.setText("nguyen")
    names = shown_column(tab.table, 0)
    assert 1 < len(names) < len(everyone)
    tab.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = shown_column(tab.table, 0)
    hidden = [n for n in everyone if n not in names]

    pdf = tmp_path / "can-bo.pdf"
    pages = render(pdf_printer(pdf), records.get_settings(staff_window.db), tab.printable_list())
    text = pdf_pages(pdf)
    assert len(text) == pages
    whole = " ".join(text)
    assert text[0].startswith("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA BAN DÂN TỘC")
    assert QUOC_HIEU in text[0] and TIEU_NGU in text[0] and "Khánh Hòa, ngày" in text[0]
    assert "DANH SÁCH CÁN BỘ" in text[0] and "Tìm: “nguyen”" in text[0]
    assert f"Tổng số: {len(names)} dòng." in whole
    positions = [whole.find(n) for n in names]
    assert -1 not in positions, [n for n, p in zip(names, positions) if p < 0]
    assert positions == sorted(positions)  # the view's order, Z → A
    assert not [n for n in hidden if n in whole]
    for i, page in enumerate(text, start=1):
        assert page.endswith(f"Trang {i}/{pages}")


def test_hidden_columns_stay_out_and_the_header_repeats_on_every_page(staff_window, tmp_path):
    tab = staff_window.staff_tab
    tab.search.setText("van")  # a page and a half or so (reading a PDF's text is slow)
    heads, rows, _ = table_content(tab.table)
    assert 20 <= len(rows) <= 60, len(rows)
    tab.table.setColumnHidden(1, True)
    pdf = tmp_path / "can-bo.pdf"
    pages = render(pdf_printer(pdf), AGENCY, tab.printable_list())
    text = pdf_pages(pdf)
    assert pages == len(text) > 1
    first, hidden = heads[0], heads[1]
    assert all(first in page for page in text)
    assert not any(hidden in page for page in text)
    assert f"Tổng số: {len(rows)} dòng." in text[-1]


def test_registrations_print_what_the_filters_show(show_window, decisions_demo, tmp_path):
    window = show_window(decisions_demo, "registrations")
    tab = window.registration_tab
    tab.wait_for_checks()
    tab.title_combo.setCurrentIndex(tab.title_combo.findData("CSTDCS"))
    names = shown_column(tab.table, 0)
    assert names
    pdf = tmp_path / "dang-ky.pdf"
    render(pdf_printer(pdf), AGENCY, tab.printable_list())
    whole = " ".join(pdf_pages(pdf))
    assert "DANH SÁCH ĐĂNG KÝ THI ĐUA" in whole and "Lọc: Chiến sĩ thi đua cơ sở" in whole
    assert f"Tổng số: {len(names)} dòng." in whole
    assert all(n in whole for n in names)
    assert "Lao động tiên tiến" not in whole.split("Lọc:")[1]


def test_the_other_lists_print(show_window, decisions_demo, tmp_path):
    window = show_window(decisions_demo)
    for key in ("council", "decisions", "campaigns", "proposals"):
        window.select_tab(key)
        printable = window.tabs.currentWidget().printable_list()
        heads, rows, _ = table_content(printable.view)
        assert rows or key == "proposals", key  # the demo has no proposal yet
        pdf = tmp_path / f"{key}.pdf"
        render(pdf_printer(pdf), AGENCY, printable)
        whole = " ".join(pdf_pages(pdf))
        assert printable.title.upper() in whole and f"Tổng số: {len(rows)} dòng." in whole
        assert [h for h in heads if h not in whole] == [], (key, whole)
        assert [cell for cell in (rows[0] if rows else []) if cell not in whole] == [], (key, whole)


def test_an_empty_list_prints_one_page(show_window, db, tmp_path):
    from thidua_desktop.domain.models import OrgSettings

    records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa"))  # every document needs them
    window = show_window(db)
    window.show_tabs()
    for key in ("staff", "registrations", "council", "decisions", "proposals"):
        window.select_tab(key)
        printable = window.tabs.currentWidget().printable_list()
        pdf = tmp_path / f"{key}.pdf"
        assert render(pdf_printer(pdf), records.get_settings(db), printable) == 1
        (text,) = pdf_pages(pdf)
        assert "Không có dòng nào." in text and "Tổng số: 0 dòng." in text and text.endswith("Trang 1/1")


def test_print_and_preview_from_the_menu(staff_window, monkeypatch, tmp_path):
    """Tệp → In danh sách goes through the print dialog; Xem trước shows QPrintPreviewDialog."""
    targets = iter([tmp_path / "printed.pdf", tmp_path / "preview.pdf"])

    def to_pdf(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(next(targets)))
        layout = printer.pageLayout()
        assert layout.orientation() == layout.Orientation.Landscape and layout.pageSize().key() == "A4"

    def accept_print(dialog):
        to_pdf(dialog.printer())
        return 1

    monkeypatch.setattr(QPrintDialog, "exec", accept_print)
    previews = []

    def preview_exec(dialog):
        previews.append(dialog.windowTitle())
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        set_up_printer(printer)
        to_pdf(printer)
        dialog.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", preview_exec)
    window = staff_window
    window.staff_tab.search.setText("nguyen van")  # one page
    assert window.print_action.isEnabled() and window.print_action.shortcut() == QKeySequence("Ctrl+P")
    window.print_action.trigger()
    assert "DANH SÁCH CÁN BỘ" in " ".join(pdf_pages(tmp_path / "printed.pdf"))
    window.preview_action.trigger()
    assert previews == ["Xem trước khi in — Danh sách cán bộ"]
    assert "DANH SÁCH CÁN BỘ" in " ".join(pdf_pages(tmp_path / "preview.pdf"))

    for key, printing in (("staff", "Ctrl+P"), ("registrations", "Ctrl+P"), ("council", ""), ("decisions", ""),
                          ("proposals", "Ctrl+P")):
        window.select_tab(key)
        assert window.print_action.shortcut().toString() == printing, key
        assert window.print_action.isEnabled()
    window.select_tab("merit")
    assert not window.print_action.isEnabled()


def test_columns_keep_dates_and_names_whole_and_long_notes_wrap():
    from PySide6.QtGui import QFontMetricsF

    from thidua_desktop.ui.list_print import column_percents, table_font

    font = table_font()
    metrics = QFontMetricsF(font)
    room = 120 / 25.4 * metrics.fontDpi()  # a narrow page: 120 mm
    rows = [["17/06/2026", f"Nguyễn Thị Minh {i}", "ghi chú rất dài " * (30 if i == 0 else 0)] for i in range(12)]
    date, name, note = (p / 100 * room for p in column_percents(["Ngày", "Họ và tên", "Ghi chú"], rows, font, 120))
    assert date > metrics.horizontalAdvance("17/06/2026")
    assert name > metrics.horizontalAdvance("Nguyễn Thị Minh 10")
    # the long note wraps in what the names and dates leave (its longest word still whole), it does not
    # widen itself at their expense (the old test's "less than half the page" held only for one font's metrics)
    assert metrics.horizontalAdvance("ghi chú") < note < room - metrics.horizontalAdvance("Nguyễn Thị Minh 10") \
        - metrics.horizontalAdvance("17/06/2026")
    assert column_percents([], [], font, 120) == []
