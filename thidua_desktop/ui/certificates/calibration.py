"""Hiệu chỉnh máy in: print the calibration sheet on a printer, measure it,
and keep that printer's offset (and the scale check) for phôi printing."""
from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ...domain.certificates import MAX_OFFSET_MM, SCALE_BAR_MM, Calibration
from ...services.documents.certificates import write_calibration_sheet
from ...store import printing as printing_store
from ..printing import PrintError, offset_text, prepare_printer, print_document, printer_names, system_printer
from ..widgets import EntryDialog

#: the calibration sheet's paper (A4 landscape, like the shipped templates)
SHEET_MM = (297.0, 210.0)


def _spin(name: str, low: float, high: float, special: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSingleStep(0.1)
    box.setSuffix(" mm")
    box.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # 1,5 mm
    if special:
        box.setSpecialValueText(special)
    return box


class CalibrationDialog(EntryDialog):
    """One printer's offset X/Y (mm) and the measured 100 mm bars."""

    def __init__(self, parent, window, printer: str = ""):
        super().__init__(parent, "Hiệu chỉnh máy in", (620, 480))
        self.window = window
        self.db = window.db
        self.make_printer = system_printer
        self.saved_printer = ""
        self.printer = QComboBox()
        self.printer.setObjectName("calibrationPrinter")
        self.printer.setEditable(True)  # a printer of another computer can be typed in
        known = printer_names()
        known += [c.may_in for c in printing_store.list_calibrations(self.db) if c.may_in not in known]
        self.printer.addItems(known)
        if printer:
            self.printer.setCurrentText(printer)
        self.offset_x = _spin("offsetX", -MAX_OFFSET_MM, MAX_OFFSET_MM)
        self.offset_y = _spin("offsetY", -MAX_OFFSET_MM, MAX_OFFSET_MM)
        self.bar_h = _spin("barHorizontal", 0, SCALE_BAR_MM * 1.5, "chưa đo")
        self.bar_v = _spin("barVertical", 0, SCALE_BAR_MM * 1.5, "chưa đo")
        steps = QLabel(
            "1. In trang hiệu chỉnh trên đúng máy in, khay giấy và khổ giấy sẽ dùng để in phôi.<br>"
            "2. Đo hai thước kiểm tra (phải dài đúng 100 mm) và khoảng cách từ mép giấy tới các dấu chữ thập.<br>"
            "3. Độ lệch = vị trí ghi bên dấu − khoảng cách đo được (X: sang phải là dương; Y: xuống dưới là dương).")
        steps.setWordWrap(True)
        print_sheet = QPushButton("In &trang hiệu chỉnh")
        print_sheet.setObjectName("printSheetButton")
        print_sheet.clicked.connect(self.print_sheet)
        save_sheet = QPushButton("Lưu trang hiệu chỉnh (PDF)…")
        save_sheet.clicked.connect(self.save_sheet)
        sheet_row = QWidget()
        row = QHBoxLayout(sheet_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(print_sheet)
        row.addWidget(save_sheet)
        row.addStretch(1)
        self.warning = QLabel()
        self.warning.setObjectName("scaleWarning")
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.setWordWrap(True)
        self.lay_out([("&Máy in:", self.printer), ("Độ lệch &X:", self.offset_x), ("Độ lệch &Y:", self.offset_y),
                      ("Thước &ngang đo được:", self.bar_h), ("Thước &dọc đo được:", self.bar_v)],
                     above=[steps, sheet_row], below=[self.warning])
        self.printer.currentTextChanged.connect(self._load)
        for box in (self.offset_x, self.offset_y, self.bar_h, self.bar_v):
            box.valueChanged.connect(lambda *_: self._check())
        self._load(self.printer.currentText())

    def _load(self, name: str) -> None:
        saved = printing_store.get_calibration(self.db, name) if name.strip() else None
        c = saved or Calibration(name)
        self.offset_x.setValue(c.lech_x)
        self.offset_y.setValue(c.lech_y)
        self.bar_h.setValue(c.thuoc_ngang or 0.0)  # 0 shows "chưa đo"
        self.bar_v.setValue(c.thuoc_doc or 0.0)
        self._check()

    def calibration(self) -> Calibration:
        return Calibration(self.printer.currentText(), round(self.offset_x.value(), 1), round(self.offset_y.value(), 1),
                           self.bar_h.value() or None, self.bar_v.value() or None)

    def _check(self) -> list[str]:
        c = self.calibration()
        problems = c.errors() or c.scale_warnings()
        self.warning.setText("\n".join(problems))
        return problems

    def _sheet(self) -> bytes:
        out = io.BytesIO()
        write_calibration_sheet(out, *SHEET_MM)
        return out.getvalue()

    def save_sheet(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Trang hiệu chỉnh máy in",
                                              str(Path.home() / "hieu-chinh-may-in.pdf"), "PDF (*.pdf)")
        if path:
            path = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
            from ...services.documents.output import write_bytes
            from ...store.db import StoreError

            try:
                write_bytes(path, self._sheet())
            except StoreError as exc:
                QMessageBox.warning(self, "Không lưu được", str(exc))

    def print_sheet(self) -> None:
        """The sheet straight to the chosen printer, at 100 % on A4 landscape."""
        name = self.printer.currentText().strip()
        try:
            printer = self.make_printer(name)
            warnings = prepare_printer(printer, *SHEET_MM)
            if warnings:
                QMessageBox.warning(self, "Kiểm tra máy in", "\n\n".join(warnings))
            buffer = QBuffer(self)
            buffer.setData(QByteArray(self._sheet()))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document = QPdfDocument(self)
            document.load(buffer)
            print_document(document, printer, *SHEET_MM)
        except PrintError as exc:
            QMessageBox.warning(self, "Không in được", str(exc))
            return
        self.window.statusBar().showMessage(f"Đã gửi trang hiệu chỉnh tới máy in “{name}”", 8000)

    def save(self) -> None:
        calibration = self.calibration()

        self.try_save(lambda: printing_store.save_calibration(self.db, calibration))
        if self.result():
            self.saved_printer = calibration.may_in.strip()
            self.window.did_change(f"lưu độ lệch máy in “{self.saved_printer}” ({offset_text(calibration.offset)})")
