"""Printing certificates: per-printer calibration, the emblem, the direct print
path through QPrinter (checked against the PDF, page by page, within 0.5 mm),
the print dialog with its preview, and the calibration dialog."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from thidua_desktop import cli
from thidua_desktop.domain.certificates import Calibration
from thidua_desktop.services.decisions import service as ds
from thidua_desktop.services.documents.certificates import layout
from thidua_desktop.store import decisions as store
from thidua_desktop.store import printing
from thidua_desktop.store.records import ValidationError

MM = 72 / 25.4
DPI = 150
PX_PER_MM = DPI / 25.4


@pytest.fixture(autouse=True)
def _bundled_font(monkeypatch):  # the same glyphs on every machine
    monkeypatch.setenv("THIDUA_PDF_FONT", "bundled")


@pytest.fixture
def demo(decisions_demo):
    return decisions_demo


def _gk(db) -> int:
    return next(r["id"] for r in store.list_decisions(db) if r["ma"] == "GK")


def _png(color: str = "#2050a0", size: tuple[int, int] = (60, 40)) -> bytes:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _pages(data: bytes) -> list[QImage]:
    """Every page rendered at DPI on white, grey scale."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    assert doc.status() == QPdfDocument.Status.Ready
    out = []
    for page in range(doc.pageCount()):
        size = doc.pagePointSize(page)
        pixels = QSize(round(size.width() / 72 * DPI), round(size.height() / 72 * DPI))
        image = QImage(pixels, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.drawImage(0, 0, doc.render(page, pixels))
        painter.end()
        out.append(image.convertToFormat(QImage.Format.Format_Grayscale8))
    return out


INK = re.compile(rb"[\x00-\x80]")  # black or red ink, not the faint edge of anti-aliasing
ANY_INK = re.compile(rb"[\x00-\xe0]")  # the light gold of the border too


def ink_box(image: QImage, x_mm: float, y_mm: float, w_mm: float, h_mm: float, dark: re.Pattern = INK):
    """(left, top, right, bottom) in mm of the ink inside a rectangle, or None."""
    x0, y0 = max(0, int(x_mm * PX_PER_MM)), max(0, int(y_mm * PX_PER_MM))
    x1 = min(image.width(), int((x_mm + w_mm) * PX_PER_MM))
    y1 = min(image.height(), int((y_mm + h_mm) * PX_PER_MM))
    data, stride = bytes(image.constBits()), image.bytesPerLine()
    left = top = right = bottom = None
    for y in range(y0, y1):
        row = data[y * stride + x0: y * stride + x1]
        first = dark.search(row)
        if first is None:
            continue
        last = len(row) - 1 - dark.search(row[::-1]).start()
        left = first.start() if left is None else min(left, first.start())
        right = last if right is None else max(right, last)
        top = y if top is None else top
        bottom = y
    if left is None:
        return None
    return ((x0 + left) / PX_PER_MM, top / PX_PER_MM, (x0 + right) / PX_PER_MM, bottom / PX_PER_MM)


def _line_boxes(item, template, mode, offset=(0.0, 0.0)):
    """A search rectangle around each printed line (mm), moved by ``offset``."""
    for placed in layout(item, template, mode):
        size = placed.size_pt / MM  # from the tallest mark to the lowest descender, not the next line's
        for line in placed.lines:
            yield line.text, (line.x_mm - 3 + offset[0], line.baseline_mm - 0.9 * size + offset[1],
                              line.width_mm + 6, 1.15 * size)


# --- calibration as data ----------------------------------------------------------------
def test_calibration_checks_offsets_and_the_scale():
    assert Calibration("Canon LBP2900", 1.5, -0.8, 100.0, 100.3).errors() == []
    assert Calibration("Canon LBP2900", 1.5, -0.8, 100.0, 100.3).scale_warnings() == []
    shrunk = Calibration("Canon LBP2900", 0, 0, 98.6, None).scale_warnings()
    assert len(shrunk) == 1 and "98,6 mm" in shrunk[0] and "thu nhỏ 1,4 %" in shrunk[0] and "Fit to page" in shrunk[0]
    assert "phóng to" in Calibration("HP", 0, 0, None, 101.0).scale_warnings()[0]
    errors = Calibration(" ", 31, float("nan"), 20.0).errors()
    assert errors[0] == "Chưa có tên máy in" and "tối đa 30 mm" in errors[1] and "phải là một số" in errors[2]
    assert "Thước ngang" in errors[3]


def test_calibrations_are_kept_per_printer_and_logged(db):
    printing.save_calibration(db, Calibration("Canon LBP2900", 1.5, -0.8, 100.0, 99.8))
    printing.save_calibration(db, Calibration("HP LaserJet P2035", -2, 0.5))
    printing.save_calibration(db, Calibration("Canon LBP2900", 1.0, -1.0))  # measured again
    canon = printing.get_calibration(db, "Canon LBP2900")
    assert canon.offset == (1.0, -1.0) and canon.thuoc_ngang is None and canon.ngay
    assert [c.may_in for c in printing.list_calibrations(db)] == ["Canon LBP2900", "HP LaserJet P2035"]
    with pytest.raises(ValidationError, match="quá lớn"):
        printing.save_calibration(db, Calibration("HP LaserJet P2035", 45, 0))
    assert printing.get_calibration(db, "HP LaserJet P2035").offset == (-2, 0.5)  # unchanged
    logged = db.execute("SELECT count(*) FROM audit_log WHERE bang = 'printer_calibration'").fetchone()[0]
    assert logged == 3
    printing.delete_calibration(db, "HP LaserJet P2035")
    assert printing.get_calibration(db, "HP LaserJet P2035") is None


def test_emblem_is_kept_in_the_data_file_and_drawn_in_full_mode(demo, tmp_path):
    assert printing.get_emblem(demo) is None
    printing.set_emblem(demo, "quoc-huy.png", _png())
    assert printing.get_emblem(demo)[0] == "quoc-huy.png"
    with pytest.raises(ValidationError, match="nhỏ hơn"):
        printing.set_emblem(demo, "huge.png", b"x" * (printing.MAX_EMBLEM_BYTES + 1))
    batch = ds.certificate_batch(demo, _gk(demo))
    full, phoi = io.BytesIO(), io.BytesIO()
    ds.write_batch(demo, batch, full, limit=2)
    ds.write_batch(demo, batch, phoi, mode="phoi", limit=2)

    def images(data):
        return [k for k, v in PdfReader(io.BytesIO(data.getvalue())).pages[0]["/Resources"].get(
            "/XObject", {}).items() if v.get_object().get("/Subtype") == "/Image"]

    assert len(images(full)) == 1 and images(phoi) == []
    e = batch.template.emblem  # ink inside the emblem's box, blue-grey from the image
    box = ink_box(_pages(full.getvalue())[0], e.x_mm, e.y_mm, e.w_mm, e.h_mm, ANY_INK)
    assert box is not None and box[0] >= e.x_mm - 0.5 and box[2] <= e.x_mm + e.w_mm + 0.5
    printing.set_emblem(demo, "", None)
    assert printing.get_emblem(demo) is None


# --- the direct print path ----------------------------------------------------------------
@pytest.mark.parametrize("mode, offset", [("full", (0.0, 0.0)), ("phoi", (2.5, -1.5))])
def test_qprinter_prints_what_the_pdf_shows_at_full_scale(qapp, demo, tmp_path, mode, offset):
    from thidua_desktop.ui.certificates.painter import CertificatePainter, print_certificates
    from thidua_desktop.ui.printing import prepare_printer

    printing.set_emblem(demo, "logo.png", _png())
    batch = ds.certificate_batch(demo, _gk(demo))
    items = batch.items[:3]
    t = batch.template
    out = tmp_path / f"printed-{mode}.pdf"
    printer = pdf_printer(out)
    assert prepare_printer(printer, t.page_w_mm, t.page_h_mm) == []
    assert print_certificates(printer, CertificatePainter(t, mode, offset, printing.get_emblem(demo)[1]), items) == 3
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    w, h = (float(v) / MM for v in reader.pages[0].mediabox[2:])
    assert w == pytest.approx(297, abs=0.2) and h == pytest.approx(210, abs=0.2)  # the paper, never fitted

    reference = io.BytesIO()
    ds.write_batch(demo, batch, reference, mode=mode, offset_mm=offset, limit=3)
    printed, expected = _pages(out.read_bytes()), _pages(reference.getvalue())
    checked = 0
    for page, item in enumerate(items):
        for text, rect in _line_boxes(item, t, mode, offset):
            a, b = ink_box(printed[page], *rect), ink_box(expected[page], *rect)
            assert a is not None and b is not None, text
            assert max(abs(p - q) for p, q in zip(a, b)) <= 0.5, (text, a, b)
            checked += 1
    assert checked >= 3 * 8
    if mode == "full":  # the border's outer frame, 8 mm from the edges, and the emblem
        for image in (printed[0], expected[0]):
            left = ink_box(image, 5, 100, 5, 5, ANY_INK)
            assert left is not None and left[0] == pytest.approx(8 - 0.42, abs=0.5)
        e = t.emblem
        assert ink_box(printed[0], e.x_mm, e.y_mm, e.w_mm, e.h_mm, ANY_INK) is not None


class _LetterPrinter(QPrinter):
    """A printer that keeps US Letter with 4 mm hardware margins whatever it is asked."""

    def pageLayout(self):
        return QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Landscape,
                           QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter, QMarginsF(4, 4, 4, 4))


def test_paper_and_margin_warnings(qapp, tmp_path):
    from thidua_desktop.ui.printing import prepare_printer

    letter = _LetterPrinter(QPrinter.PrinterMode.HighResolution)
    letter.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    letter.setOutputFileName(str(tmp_path / "x.pdf"))
    warnings = prepare_printer(letter, 297, 210)
    assert len(warnings) == 1 and "không phải A4 ngang (297 × 210 mm)" in warnings[0]
    a4 = pdf_printer(tmp_path / "y.pdf")
    assert prepare_printer(a4, 297, 210, QRectF(2, 2, 293, 206)) == []  # a PDF "printer" prints to the edge
    assert a4.pageLayout().orientation() == QPageLayout.Orientation.Landscape and a4.fullPage()


# --- the services and the command line ------------------------------------------------------
def test_phoi_uses_the_printers_saved_offset(demo, db_path, tmp_path, capsys):
    gid = _gk(demo)
    assert ds.printer_offset(demo, "Canon LBP2900", "phoi") == (0.0, 0.0)
    assert cli.main(["calibrate", "--db", str(db_path), "--printer", "Canon LBP2900", "--offset", "1,5;-0,8",
                     "--bars", "100,98.6"]) == 0
    captured = capsys.readouterr()
    assert "X 1,5 mm, Y -0,8 mm" in captured.out and "thu nhỏ 1,4 %" in captured.err
    assert ds.printer_offset(demo, "Canon LBP2900", "phoi") == (1.5, -0.8)
    assert ds.printer_offset(demo, "Canon LBP2900", "full") == (0.0, 0.0)  # blank paper: no offset
    assert cli.main(["calibrate", "--db", str(db_path)]) == 0
    assert "Canon LBP2900\tX 1,5 mm\tY -0,8 mm" in capsys.readouterr().out
    assert cli.main(["calibrate", "--db", str(db_path), "--printer", "HP", "--offset", "40,0"]) == 2
    assert "quá lớn" in capsys.readouterr().err

    def first_line(path):
        reader = PdfReader(path)
        found = []
        reader.pages[0].extract_text(visitor_text=lambda text, cm, tm, f, s: found.append(
            (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])) if text.strip() else None)
        return found[0]

    plain, moved = tmp_path / "plain.pdf", tmp_path / "moved.pdf"
    assert cli.main(["certificates", "--db", str(db_path), "--decision", str(gid), "--mode", "phoi",
                     str(plain)]) == 0
    assert cli.main(["certificates", "--db", str(db_path), "--decision", str(gid), "--mode", "phoi",
                     "--printer", "Canon LBP2900", str(moved)]) == 0
    (x0, y0), (x1, y1) = first_line(plain), first_line(moved)
    assert (x1 - x0) / MM == pytest.approx(1.5, abs=0.01) and (y1 - y0) / MM == pytest.approx(0.8, abs=0.01)
    printers = [r[0] for r in demo.execute("SELECT may_in FROM print_log ORDER BY id")]
    assert printers[-1] == "Canon LBP2900" and printers[-2].startswith("Tệp PDF:")


# --- the dialogs ----------------------------------------------------------------------------
@pytest.fixture
def win(decisions_window):
    return decisions_window


def kept_open(into: list):
    """An ``exec()`` that keeps the dialog open for the test to drive: the tab
    frees a dialog once its exec() returns."""
    def exec_(dialog):
        into.append(dialog)
        dialog.deleteLater = lambda: None
        return 0
    return exec_


def _open_print_dialog(win, monkeypatch, rows=(), achievement=""):
    from thidua_desktop.ui.certificates import dialog as certificate_dialog

    tab = win.decision_tab
    tab.list.selectRow(tab.decisions.view_row_of(_gk(win.db)))
    for row in rows:
        tab.table.selectRow(row)
    if achievement:
        store.set_achievement(win.db, tab.selected_awardees(), achievement)
    opened = []
    monkeypatch.setattr(certificate_dialog.CertificatePrintDialog, "exec", kept_open(opened))
    tab.actions["certificates"].trigger()
    return opened[0]


def test_print_dialog_previews_prints_and_logs(win, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.ui.certificates import dialog as certificate_dialog

    monkeypatch.setattr(certificate_dialog, "printer_names", lambda: ["Canon LBP2900"])
    printing.save_calibration(win.db, Calibration("Canon LBP2900", 2.0, 1.0))
    dialog = _open_print_dialog(win, monkeypatch)
    qtbot.addWidget(dialog)
    total = dialog.batch.items.__len__()
    assert total >= 60
    assert dialog.preview.document.pageCount() == 1  # the first page at once …
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() == total)  # … then the whole decision
    assert dialog.preview.page_label.text() == f"Trang 1/{total}"
    dialog.preview.go(5)
    assert dialog.preview.page_label.text() == f"Trang 6/{total}"
    assert "Không dùng" in dialog.offset_label.text()
    dialog.phoi.setChecked(True)
    assert "X 2 mm, Y 1 mm" in dialog.offset_label.text()
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() == total)
    assert dialog.preview.page_label.text() == f"Trang 6/{total}"  # the page stays while the mode changes

    printed = tmp_path / "printer.pdf"
    dialog.make_printer = lambda name: pdf_printer(printed)
    assert dialog.print_button.isEnabled()
    dialog.print_button.click()
    assert len(PdfReader(printed).pages) == total
    assert f"Đã gửi {total} bản tới máy in “Canon LBP2900”." == dialog.status.text()
    dialog.print_now()  # again: a reprint, logged as such
    assert "in lại" in dialog.status.text()
    log = win.db.execute("SELECT may_in, che_do, in_lai FROM print_log ORDER BY id").fetchall()
    assert [tuple(r) for r in log] == [("Canon LBP2900", "phoi", 0), ("Canon LBP2900", "phoi", 1)]

    saved = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), "PDF (*.pdf)"))
    dialog.save_button.click()
    assert len(PdfReader(saved).pages) == total and "Đã lưu" in dialog.status.text()


def test_print_dialog_of_chosen_rows_and_text_that_does_not_fit(win, qtbot, monkeypatch, tmp_path):
    from thidua_desktop.ui.certificates import dialog as certificate_dialog

    monkeypatch.setattr(certificate_dialog, "printer_names", lambda: [])
    dialog = _open_print_dialog(win, monkeypatch, rows=[0], achievement="Đã có thành tích xuất sắc " * 30)
    qtbot.addWidget(dialog)
    assert len(dialog.batch.items) == 1 and dialog.preview.document.pageCount() == 1
    assert "“Thành tích” quá dài" in dialog.problem_list.item(0).text()
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert "chưa cài máy in" in dialog.status.text()  # no printer on this computer: PDF only
    dialog.force.setChecked(True)
    assert dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()


def test_calibration_dialog_saves_per_printer_with_undo(win, qtbot, monkeypatch, tmp_path):
    from thidua_desktop.ui.certificates import calibration as calibration_dialog

    monkeypatch.setattr(calibration_dialog, "printer_names", lambda: ["Canon LBP2900", "HP LaserJet"])
    printing.save_calibration(win.db, Calibration("HP LaserJet", -1.0, 0.5))
    win.checkpoint()  # written before: not part of the dialog's change
    dialogs = []
    monkeypatch.setattr(calibration_dialog.CalibrationDialog, "exec", kept_open(dialogs))
    win.decision_tab.actions["calibrate"].trigger()
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert dialog.printer.currentText() == "Canon LBP2900" and dialog.offset_x.value() == 0
    dialog.printer.setCurrentText("HP LaserJet")
    assert (dialog.offset_x.value(), dialog.offset_y.value()) == (-1.0, 0.5)  # what was saved for that printer
    assert dialog.offset_x.locale().decimalPoint() == ","
    sheet = tmp_path / "sheet.pdf"
    dialog.make_printer = lambda name: pdf_printer(sheet)
    dialog.print_sheet()
    page = PdfReader(sheet).pages[0]
    assert [round(float(v) / MM) for v in page.mediabox[2:]] == [297, 210]
    dialog.offset_x.setValue(1.4)
    dialog.bar_h.setValue(98.6)
    assert "thu nhỏ 1,4 %" in dialog.warning.text()
    dialog.save()
    assert printing.get_calibration(win.db, "HP LaserJet").offset == (1.4, 0.5)
    win.undo()
    assert printing.get_calibration(win.db, "HP LaserJet").offset == (-1.0, 0.5)


def test_emblem_chosen_in_the_settings_dialog_with_undo(win, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QDialog, QFileDialog, QLabel

    from thidua_desktop.ui import dialogs

    good, bad = tmp_path / "quoc-huy.png", tmp_path / "hong.png"
    good.write_bytes(_png())
    bad.write_bytes(b"not an image at all")
    chosen = iter([str(bad), str(good)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(chosen), ""))

    def run(self):
        assert self.w(QLabel, "emblemPreview").text() == "(chưa có)"
        self.choose_emblem()
        assert "Không đọc được ảnh quốc huy/biểu trưng" in self.w(QLabel, "errorLabel").text()
        assert self.emblem is None  # nothing kept from a bad file
        self.choose_emblem()
        assert not self.w(QLabel, "emblemPreview").pixmap().isNull()
        self.save()
        return self.dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.OrgSettingsDialog, "exec", run)
    win.edit_org_settings()
    assert printing.get_emblem(win.db) == ("quoc-huy.png", good.read_bytes())
    win.undo()
    assert printing.get_emblem(win.db) is None


# --- the template editor ----------------------------------------------------------------------
def _first_line_x(data: bytes, text: str) -> float:
    reader = PdfReader(io.BytesIO(data))
    found = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, f, s: found.append(tm[4] * cm[0] + cm[4])
                                 if t.strip() == text else None)
    return found[0] / MM


def test_template_editor_live_preview_save_and_reset(win, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from thidua_desktop.services.documents import certificates as pdf
    from thidua_desktop.ui.certificates import template_editor

    editors = []
    monkeypatch.setattr(template_editor.TemplateEditor, "exec", kept_open(editors))
    tab = win.decision_tab
    tab.list.selectRow(tab.decisions.view_row_of(_gk(win.db)))
    tab.actions["template"].trigger()
    editor = editors[0]
    qtbot.addWidget(editor)
    assert editor.choice.currentData() == "giay_khen"  # the selected decision's template
    batch = ds.certificate_batch(win.db, _gk(win.db))
    name = batch.items[0].nguoi_nhan
    assert editor.sample.currentText() == name and editor.sample.count() == len(batch.items)
    assert editor.preview.document.pageCount() == 1
    row = next(i for i, f in enumerate(editor.template.fields) if f.source == "nguoi_nhan")
    editor.table.selectRow(row)
    assert editor.x_mm.value() == editor.template.fields[row].x_mm
    before = _first_line_x(editor.preview.data, name)

    editor.x_mm.setValue(editor.x_mm.value() + 6)  # the box moves 6 mm right; its centred text with it
    assert editor.model.index(row, 2).data() == format_mm(editor.template.fields[row].x_mm)
    qtbot.waitUntil(lambda: abs(_first_line_x(editor.preview.data, name) - before - 6) < 0.05, timeout=3000)
    assert editor.save_button.isEnabled()

    below = next(f for f in editor.template.fields if f.source == "chuc_vu")
    editor.y_mm.setValue(below.y_mm)  # onto the next field
    assert "chồng" in editor.error.text() and not editor.save_button.isEnabled()
    editor.y_mm.setValue(editor.saved.fields[row].y_mm)
    assert editor.error.text() == "" and editor.save_button.isEnabled()

    editor.save_button.click()
    saved = pdf.user_template_path("giay_khen")
    assert saved.is_file() and pdf.load_templates()["giay_khen"].fields[row].x_mm == editor.template.fields[row].x_mm
    assert "Bản đã sửa" in editor.origin.text()
    moved = io.BytesIO()  # the decision now prints on the edited template
    ds.write_batch(win.db, ds.certificate_batch(win.db, _gk(win.db)), moved, limit=1)
    assert _first_line_x(moved.getvalue(), name) == pytest.approx(before + 6, abs=0.05)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.reset_button.click()
    assert not saved.exists() and editor.template == pdf.bundled_template("giay_khen")
    editor.size_pt.setValue(editor.size_pt.value() + 2)
    editor.show()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    editor.reject()
    assert asked and "chưa lưu" in asked[0] and editor.isVisible()  # unsaved edits are not dropped silently


def format_mm(value: float) -> str:
    from thidua_desktop.domain.certificates import format_size

    return format_size(value)


def test_year_end_from_results_to_a_reprint_and_the_award_book(win, qtbot, monkeypatch, tmp_path):
    """The issue's walk-through: a decision for the people the council passed,
    their Giấy khen previewed and printed in full, the printer calibrated and
    the phôi printed with its offset, one certificate reprinted, the award book
    exported."""
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.ui.certificates import (
        calibration as calibration_dialog,
        dialog as certificate_dialog,
    )
    from thidua_desktop.ui.decisions import tab as decision_tab

    monkeypatch.setattr(certificate_dialog, "printer_names", lambda: ["Canon LBP2900"])
    monkeypatch.setattr(calibration_dialog, "printer_names", lambda: ["Canon LBP2900"])
    win.db.execute("UPDATE registrations SET trang_thai = 'dat' WHERE id IN "
                   "(SELECT id FROM registrations WHERE nam = 2026 AND ma = 'GK' ORDER BY id LIMIT 4)")
    n = len(ds.passed_registrations(win.db, 2026, "GK"))
    assert n >= 3
    tab = win.decision_tab

    def fill(dialog):
        dialog.year.setValue(2026)
        dialog.title.setCurrentIndex(dialog.title.findData("GK"))
        dialog.number.setText("160/QĐ-BDT")
        dialog.save()
        return True

    monkeypatch.setattr(decision_tab.DecisionDialog, "exec", fill)
    tab.actions["new"].trigger()
    did = tab.decision_id()
    assert store.get_decision(win.db, did).so == "160/QĐ-BDT" and tab.awardees.rowCount() == n

    pages: dict[str, bytes] = {}
    # with the emblem set, blank paper puts every line where the template does (no band to close)
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGBA", (60, 60), (200, 0, 0, 255)).save(png, "PNG")
    printing.set_emblem(win.db, "quoc_huy.png", png.getvalue())

    def print_with(mode, rows=()):
        tab.table.clearSelection()
        for row in rows:
            tab.table.selectRow(row)
        dialogs = []
        monkeypatch.setattr(certificate_dialog.CertificatePrintDialog, "exec", kept_open(dialogs))
        tab.actions["certificates"].trigger()
        dialog = dialogs[0]
        qtbot.addWidget(dialog)
        (dialog.full if mode == "full" else dialog.phoi).setChecked(True)
        out = tmp_path / f"{mode}-{len(pages)}.pdf"
        dialog.make_printer = lambda name: pdf_printer(out)
        dialog.print_button.click()
        pages[out.name] = out.read_bytes()
        return dialog, out

    dialog, full = print_with("full")
    assert dialog.preview.document.pageCount() >= 1 and len(PdfReader(full).pages) == n

    calibrations = []
    monkeypatch.setattr(calibration_dialog.CalibrationDialog, "exec", kept_open(calibrations))
    tab.actions["calibrate"].trigger()
    cal = calibrations[0]
    cal.offset_x.setValue(1.5)
    cal.offset_y.setValue(-0.8)
    cal.bar_h.setValue(100.0)
    cal.bar_v.setValue(100.2)
    cal.save()
    assert printing.get_calibration(win.db, "Canon LBP2900").offset == (1.5, -0.8)

    dialog, phoi = print_with("phoi")
    assert "X 1,5 mm, Y -0,8 mm" in dialog.offset_label.text()
    batch = dialog.batch
    printed, plain = _pages(phoi.read_bytes()), _pages(pages[full.name])
    name_field = next(f for f in batch.template.fields if f.source == "nguoi_nhan")
    for page in range(n):  # the name sits where the template says, moved by the offset
        line_mm = name_field.height_mm / name_field.max_lines  # the name's first line, not the one below
        moved = ink_box(printed[page], name_field.x_mm - 2, name_field.y_mm - 1, name_field.width_mm + 4, line_mm + 1)
        at = ink_box(plain[page], name_field.x_mm - 2, name_field.y_mm - 1, name_field.width_mm + 4, line_mm + 1)
        assert moved[0] - at[0] == pytest.approx(1.5, abs=0.5) and moved[1] - at[1] == pytest.approx(-0.8, abs=0.5)

    dialog, again = print_with("phoi", rows=[2])
    assert len(PdfReader(again).pages) == 1 and "in lại" in dialog.status.text()
    log = win.db.execute("SELECT che_do, so_so_vang, in_lai FROM print_log WHERE decision_id = ? ORDER BY id",
                         [did]).fetchall()
    assert [(r[0], r[2]) for r in log] == [("full", 0), ("phoi", 1), ("phoi", 1)]
    assert len(log[2][1].split(",")) == 1

    book = tmp_path / "so-khen-thuong-2026.xlsx"
    monkeypatch.setattr(decision_tab.YearRangeDialog, "exec",
                        lambda self: self.last.setValue(2026) or self.first.setValue(2025) or True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), "Excel (*.xlsx)"))
    tab.actions["book"].trigger()
    text = " ".join(str(c.value) for ws in openpyxl.load_workbook(book) for row in ws.iter_rows() for c in row
                    if c.value)
    assert "160/QĐ-BDT" in text and "143/QĐ-BDT" in text  # 2025 and 2026 in one book


def test_the_tab_tells_when_the_decision_was_last_printed(win, monkeypatch):
    from thidua_desktop.ui.certificates import dialog as certificate_dialog

    tab = win.decision_tab
    tab.list.selectRow(tab.decisions.view_row_of(_gk(win.db)))
    assert "đã in" not in tab.summary.text()
    monkeypatch.setattr(certificate_dialog.CertificatePrintDialog, "exec",
                        lambda self: ds.log_printed(win.db, self.batch, "Canon LBP2900", "full"))
    tab.actions["certificates"].trigger()
    assert re.search(r"đã in 1 lần, lần cuối \d\d:\d\d \d\d/\d\d/\d{4} \(Canon LBP2900, \d+ bản\)", tab.summary.text())
