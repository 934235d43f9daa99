"""In giấy khen: preview a decision's certificates and print them straight
to a printer at 100 % scale, or save them as a PDF.

The preview (QtPdf) shows the PDF the writer makes for the chosen mode and
printer offset; the printer receives the same layout drawn by
:class:`~thidua_desktop.ui.certificates.painter.CertificatePainter`. The first
page is shown at once; the whole batch follows a moment later. Text that
does not fit its box is listed, and printing waits for the user to fix it or
to tick "Vẫn in". Every print goes to the print log, reprints marked.
"""
from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...services.decisions import service as ds
from ...services.documents.certificates import content_box
from ...store import printing as printing_store
from ...store.db import StoreError
from .painter import CertificatePainter, print_certificates
from ..printing import PrintError, offset_text, prepare_printer, printer_names, system_printer
from ..widgets import fit_to_screen

PDF_ONLY = "(không in — chỉ lưu PDF)"


class PdfPreview(QWidget):
    """A QPdfView of PDF bytes, with "Trang i/n" and the page buttons."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfPreview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.page_label = QLabel()
        self.page_label.setObjectName("previewPage")
        self._buffer: QBuffer | None = None
        self.data = b""  # the PDF shown
        previous, following = QPushButton("◀ Trang trước"), QPushButton("Trang sau ▶")
        previous.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        following.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        previous.clicked.connect(lambda: self.go(self.page() - 1))
        following.clicked.connect(lambda: self.go(self.page() + 1))
        nav = QHBoxLayout()
        nav.addWidget(previous)
        nav.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(following)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(nav)
        self.view.pageNavigator().currentPageChanged.connect(lambda *_: self._label())

    def show_pdf(self, data: bytes, page: int = 0) -> None:
        old = self._buffer
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)  # synchronous for an in-memory buffer
        self._buffer = buffer
        self.data = data
        if old is not None:
            old.deleteLater()
        self.go(page)

    def clear(self) -> None:
        self.document.close()
        self._label()

    def page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go(self, page: int) -> None:
        count = self.document.pageCount()
        if count:
            self.view.pageNavigator().jump(max(0, min(page, count - 1)), self.view.pageNavigator().currentLocation())
        self._label()

    def _label(self) -> None:
        count = self.document.pageCount()
        self.page_label.setText(f"Trang {self.page() + 1}/{count}" if count else "Không có trang nào")


def layout_with_preview(dialog: QDialog, parts: Sequence, buttons: Sequence[QPushButton],
                        left_width: int) -> PdfPreview:
    """The layout of a dialog around a PDF preview: ``parts`` (widgets,
    layouts, or ``(widget, stretch)``) stacked on the left above a row of
    ``buttons`` … Đóng; the preview on the right. Returns the preview."""
    left = QWidget()
    column = QVBoxLayout(left)
    for part in parts:
        if isinstance(part, tuple):
            column.addWidget(*part)
        elif isinstance(part, QWidget):
            column.addWidget(part)
        else:
            column.addLayout(part)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    close = QPushButton("Đóng")
    close.clicked.connect(dialog.reject)
    row.addWidget(close)
    column.addLayout(row)
    preview = PdfPreview()
    split = QSplitter()
    split.addWidget(left)
    split.addWidget(preview)
    split.setSizes([left_width, dialog.width() - left_width])
    QVBoxLayout(dialog).addWidget(split)
    return preview


class CertificatePrintDialog(QDialog):
    """Preview, then print or save, the certificates of one decision (or of the chosen awardees)."""

    #: pages drawn for the first preview; the rest follow once it is shown
    FIRST_PREVIEW = 1

    def __init__(self, parent, window, decision_id: int, awardee_ids: Sequence[int] | None = None):
        super().__init__(parent)
        self.window = window
        self.db = window.db
        self.setWindowTitle("In giấy khen, bằng khen")
        self.resize(1180, 720)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        #: name → QPrinter; tests replace it to print into a PDF file
        self.make_printer: Callable[[str], QPrinter] = system_printer
        self.batch = ds.certificate_batch(self.db, decision_id, awardee_ids=awardee_ids)  # may raise StoreError
        self.problems: list[str] = []
        self.warnings: list[str] = []  # shown with the problems, printing not blocked
        self.pdf_bytes = b""
        self._complete = False
        self._page = 0  # the page to show again once the whole batch is drawn

        d, t = self.batch.decision, self.batch.template
        chosen = f"{len(self.batch.items)} người được chọn" if awardee_ids else f"{len(self.batch.items)} bản"
        heading = QLabel(f"<b>Quyết định số {d.so}</b> — {t.name}: {chosen}")
        heading.setObjectName("printHeading")
        heading.setWordWrap(True)
        self.full = QRadioButton("Đầy đủ trên giấy trắng (viền, quốc hiệu, quốc huy)")
        self.phoi = QRadioButton("Phôi in sẵn (chỉ in chữ, theo độ lệch của máy in)")
        self.full.setObjectName("modeFull")
        self.phoi.setObjectName("modePhoi")
        self.full.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.full)
        modes.addButton(self.phoi)
        self.printer = QComboBox()
        self.printer.setObjectName("printerChoice")
        self.printer.setEditable(False)
        names = printer_names()
        self.printer.addItems(names + [PDF_ONLY])
        self.offset_label = QLabel()
        self.offset_label.setObjectName("offsetLabel")
        self.offset_label.setWordWrap(True)
        calibrate = QPushButton("Hiệu chỉnh máy in…")
        calibrate.setObjectName("calibrateButton")
        calibrate.clicked.connect(self.calibrate)
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("fitProblems")
        self.force = QCheckBox("Vẫn in khi có chữ không vừa ô (chữ sẽ tràn khung)")
        self.force.setObjectName("forcePrint")
        self.status = QLabel()
        self.status.setObjectName("printStatus")
        self.status.setWordWrap(True)
        self.print_button = QPushButton("&In")
        self.print_button.setObjectName("printButton")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_now)
        self.save_button = QPushButton("&Lưu PDF…")
        self.save_button.setObjectName("savePdfButton")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.save_pdf)

        form = QFormLayout()
        form.addRow("Cách in:", self.full)
        form.addRow("", self.phoi)
        form.addRow("&Máy in:", self.printer)
        form.addRow("Độ lệch:", self.offset_label)
        form.addRow("", calibrate)
        self.preview = layout_with_preview(
            self, [heading, form, QLabel("Chữ không vừa ô (sửa trước khi in):"), (self.problem_list, 1), self.force,
                   self.status], [self.print_button, self.save_button], 420)

        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.timeout.connect(self._build_all)
        self.full.toggled.connect(lambda *_: self.refresh())
        self.printer.currentIndexChanged.connect(lambda *_: self.refresh())
        self.force.toggled.connect(lambda *_: self._buttons())
        self.refresh()

    # --- state -------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return "full" if self.full.isChecked() else "phoi"

    def printer_name(self) -> str:
        name = self.printer.currentText()
        return "" if name == PDF_ONLY else name

    def offset(self) -> tuple[float, float]:
        return ds.printer_offset(self.db, self.printer_name(), self.mode)

    def refresh(self) -> None:
        """Mode or printer changed: offset, fit problems, the first preview page, then the rest."""
        name = self.printer_name()
        calibration = printing_store.get_calibration(self.db, name) if name else None
        if self.mode == "full":
            self.offset_label.setText("Không dùng khi in đầy đủ trên giấy trắng.")
        elif calibration is None:
            self.offset_label.setText(f"Máy in “{name}” chưa được hiệu chỉnh: in không lệch (0 mm). Nên hiệu chỉnh "
                                      "trước khi in lên phôi." if name else "0 mm (lưu PDF).")
        else:
            warn = "".join(f"<br><span style='color:#b00020'>{w}</span>" for w in calibration.scale_warnings())
            self.offset_label.setText(f"{offset_text(calibration.offset)} (hiệu chỉnh ngày "
                                      f"{calibration.ngay}){warn}")
        self.problems = self.batch.problems(self.mode)
        self.warnings = [f"Lưu ý: {w}" for w in self.batch.warnings(self.db, self.mode)]
        self.problem_list.clear()
        self.problem_list.addItems(self.problems + self.warnings or ["(không có — mọi chữ đều vừa ô)"])
        self.problem_list.setStyleSheet("color: #b00020;" if self.problems or self.warnings else "color: #555555;")
        self.force.setVisible(bool(self.problems))
        if self._complete:
            self._page = self.preview.page()
        self._complete = False
        self._show(limit=self.FIRST_PREVIEW, page=self._page)
        if len(self.batch.items) > self.FIRST_PREVIEW:
            self._rebuild.start(0)
        self._buttons()

    def _pdf(self, limit: int | None = None) -> bytes:
        out = io.BytesIO()
        ds.write_batch(self.db, self.batch, out, mode=self.mode, offset_mm=self.offset(), limit=limit)
        return out.getvalue()

    def _show(self, limit: int | None, page: int = 0) -> None:
        try:
            data = self._pdf(limit)
        except (ValueError, StoreError) as exc:
            self.preview.clear()
            self.status.setText(f"Không tạo được bản xem trước: {exc}")
            return
        self.pdf_bytes = data
        self._complete = limit is None or limit >= len(self.batch.items)
        self.preview.show_pdf(data, page)

    def _build_all(self) -> None:
        self._show(None, self._page)

    def _buttons(self) -> None:
        blocked = bool(self.problems) and not self.force.isChecked()
        self.print_button.setEnabled(bool(self.printer_name()) and not blocked)
        self.save_button.setEnabled(not blocked)
        self.print_button.setToolTip("" if self.printer_name() else
                                     "Máy tính này chưa có máy in nào (hoặc đã chọn chỉ lưu PDF)")
        if self.printer.count() == 1 and not self.status.text():
            self.status.setText("Máy tính này chưa cài máy in nào: có thể lưu PDF rồi in ở máy khác "
                                "(in ở tỉ lệ 100 %, không “Vừa trang”).")

    def full_pdf(self) -> bytes:
        if not self._complete:
            self._rebuild.stop()
            self._build_all()
        return self.pdf_bytes

    # --- actions -----------------------------------------------------------------
    def _log(self, batch, printer: str) -> bool:
        reprint: list[bool] = []
        ok = self.window.perform(lambda: reprint.append(ds.log_printed(self.db, batch, printer, self.mode)))
        self.window.checkpoint()  # the print log is history: no undo takes it back
        return reprint[0] if ok else False

    def save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Lưu giấy khen (PDF)", str(Path.home() / "giay-khen.pdf"),
                                              "PDF (*.pdf)")
        if not path:
            return
        path = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        from ...services.documents.output import write_bytes
        from ...store.db import StoreError

        try:
            write_bytes(path, self.full_pdf())
        except StoreError as exc:
            QMessageBox.warning(self, "Không lưu được", str(exc))
            return
        reprint = self._log(self.batch, f"Tệp PDF: {path}")
        self.status.setText(f"Đã lưu {len(self.batch.items)} bản vào {path}" + (" (có bản in lại)" if reprint else ""))

    def print_now(self) -> None:
        name = self.printer_name()
        if not name:
            return
        t = self.batch.template
        try:
            printer = self.make_printer(name)
        except PrintError as exc:
            QMessageBox.warning(self, "Không in được", str(exc))
            return
        x, y, w, h = content_box(t, self.mode)
        offset = dx, dy = self.offset()
        warnings = prepare_printer(printer, t.page_w_mm, t.page_h_mm, QRectF(x + dx, y + dy, w, h))
        if warnings and QMessageBox.warning(
                self, "Kiểm tra máy in", "\n\n".join(warnings) + "\n\nVẫn in?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        items = self.batch.items
        progress = QProgressDialog("Đang gửi giấy khen tới máy in…", "Dừng", 0, len(items), self)
        progress.setWindowTitle("In giấy khen")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def step(done: int, total: int) -> bool:
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            painter = CertificatePainter(t, self.mode, offset, self._emblem())
            sent = print_certificates(printer, painter, items, progress=step)
        except PrintError as exc:
            progress.close()
            QMessageBox.warning(self, "Không in được", str(exc))
            return
        progress.close()
        printed = dataclasses.replace(self.batch, items=items[:sent])
        reprint = self._log(printed, name)
        partial = f" (dừng sau {sent}/{len(items)} bản)" if sent < len(items) else ""
        self.status.setText(f"Đã gửi {sent} bản tới máy in “{name}”{partial}"
                            + (" — có bản in lại, đã ghi nhật ký in." if reprint else "."))
        self.window.statusBar().showMessage(self.status.text(), 10000)

    def _emblem(self) -> bytes | None:
        emblem = printing_store.get_emblem(self.db) if self.mode == "full" else None
        return emblem[1] if emblem else None

    def calibrate(self) -> None:
        from .calibration import CalibrationDialog

        dialog = CalibrationDialog(self, self.window, self.printer_name())
        if dialog.exec():
            index = self.printer.findText(dialog.saved_printer)
            if index >= 0:
                self.printer.setCurrentIndex(index)
            self.refresh()
