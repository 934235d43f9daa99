"""Printing a PDF straight to a printer through ``QPrinter``, at 100 % scale.

The certificates' PDF (:mod:`thidua_desktop.services.documents.certificates`) is the
one source of what prints: the preview shows it and this module prints it.
Each page is rendered by QtPdf at the printer's resolution (capped at
:data:`MAX_DPI`) and painted onto the paper in **full-page** mode, so page
millimetre (0, 0) is the paper's corner and one PDF millimetre is one paper
millimetre — never "fit to page". The printer's page layout is set to the
document's paper size and orientation; when the printer cannot take that
paper, :func:`prepare_printer` says so in Vietnamese before anything prints.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ..domain.certificates import format_size

MM_PER_INCH = 25.4
#: render pages at most this fine (a landscape A4 page at 600 dpi is 139 MB of pixels)
MAX_DPI = 600
#: a paper size this close to the document's counts as the same paper
SIZE_TOLERANCE_MM = 1.0


class PrintError(Exception):
    """Printing could not start or failed; the message is Vietnamese."""


def system_printer(name: str) -> QPrinter:
    """A high-resolution QPrinter for the installed printer ``name``."""
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise PrintError(f"Không tìm thấy máy in “{name}” trên máy tính này")
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def offset_text(offset: tuple[float, float]) -> str:
    return f"X {format_size(offset[0])} mm, Y {format_size(offset[1])} mm"


def printer_names() -> list[str]:
    """The printers of this computer, the default one first."""
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    if default in names:
        names.remove(default)
        names.insert(0, default)
    return names


def page_layout(w_mm: float, h_mm: float) -> QPageLayout:
    """The paper of a ``w_mm × h_mm`` page (portrait size + orientation), no margins."""
    orientation = QPageLayout.Orientation.Landscape if w_mm > h_mm else QPageLayout.Orientation.Portrait
    size = QPageSize(QSizeF(min(w_mm, h_mm), max(w_mm, h_mm)), QPageSize.Unit.Millimeter, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def _paper_text(w_mm: float, h_mm: float) -> str:
    size = page_layout(w_mm, h_mm).pageSize()
    name = size.name() if size.id() != QPageSize.PageSizeId.Custom else "khổ riêng"
    turn = "ngang" if w_mm > h_mm else "dọc"
    return f"{name} {turn} ({format_size(w_mm)} × {format_size(h_mm)} mm)"


def _same_paper(rect: QRectF, w_mm: float, h_mm: float) -> bool:
    return abs(rect.width() - w_mm) <= SIZE_TOLERANCE_MM and abs(rect.height() - h_mm) <= SIZE_TOLERANCE_MM


def prepare_printer(printer: QPrinter, w_mm: float, h_mm: float,
                    content_mm: QRectF | None = None) -> list[str]:
    """Set ``printer`` to full-page printing on ``w_mm × h_mm`` paper; returns
    warnings (Vietnamese) for the user to confirm: the printer does not take
    that paper, or ``content_mm`` (what the page draws, in page millimetres)
    reaches into the margin the printer cannot print."""
    wanted = page_layout(w_mm, h_mm)
    set_ok = printer.setPageLayout(wanted)
    printer.setFullPage(True)  # after the layout, which resets it: origin at the paper's corner
    warnings = []
    name = printer.printerName() or "máy in"
    info = QPrinterInfo(printer)
    supported = [] if info.isNull() else info.supportedPageSizes()
    paper = printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter)
    if supported and not any(
            _same_paper(QRectF(0, 0, *sorted((s.size(QPageSize.Unit.Millimeter).width(),
                                              s.size(QPageSize.Unit.Millimeter).height()))), *sorted((w_mm, h_mm)))
            for s in supported):
        warnings.append(f"Máy in “{name}” không có khổ giấy {_paper_text(w_mm, h_mm)} của mẫu: "
                        "trang in sẽ lệch hoặc mất chữ. Hãy chọn máy in, khay giấy khác hoặc sửa khổ giấy của mẫu.")
    elif not set_ok or not _same_paper(paper, w_mm, h_mm):
        warnings.append(f"Máy in “{name}” đang dùng giấy {format_size(paper.width())} × "
                        f"{format_size(paper.height())} mm, không phải {_paper_text(w_mm, h_mm)} của mẫu.")
    if content_mm is not None and not warnings:
        margins = printer.pageLayout().minimumMargins()  # in the layout's units (mm)
        printable = QRectF(margins.left(), margins.top(), w_mm - margins.left() - margins.right(),
                           h_mm - margins.top() - margins.bottom())
        if not printable.contains(content_mm):
            warnings.append(f"Máy in “{name}” không in được sát mép giấy (lề tối thiểu: trái "
                            f"{format_size(margins.left())}, trên {format_size(margins.top())}, phải "
                            f"{format_size(margins.right())}, dưới {format_size(margins.bottom())} mm): "
                            "phần sát mép của trang sẽ bị mất.")
    return warnings


def render_dpi(printer: QPrinter) -> int:
    return max(72, min(printer.resolution(), MAX_DPI))


def print_pages(printer: QPrinter, count: int, paint: Callable[[QPainter, int, float], None], *,
                progress: Callable[[int, int], bool] | None = None) -> int:
    """Pages 0 … ``count`` − 1 onto ``printer`` (set up by :func:`prepare_printer`):
    ``paint(painter, page, device_per_mm)`` draws each, in millimetres from the
    paper's corner times ``device_per_mm``. ``progress(done, total)`` returning
    False stops after the current page. Returns the number of pages sent."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"Không mở được máy in “{printer.printerName() or printer.outputFileName()}”: "
                         "máy in đang tắt, hết giấy hoặc không kết nối.")
    device_per_mm = printer.resolution() / MM_PER_INCH
    sent = 0
    try:
        for page in range(count):
            if page and not printer.newPage():
                raise PrintError("Máy in ngừng nhận trang (hết giấy hoặc bị hủy).")
            paint(painter, page, device_per_mm)
            sent += 1
            if progress is not None and not progress(sent, count):
                break
    finally:
        painter.end()
    return sent


def print_document(document: QPdfDocument, printer: QPrinter, w_mm: float, h_mm: float) -> int:
    """Every page of ``document``, each ``w_mm × h_mm`` page rendered at the
    printer's resolution (at most :data:`MAX_DPI`) and mapped 1:1 onto the
    paper. Returns the number of pages sent."""
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintError("Tài liệu để in chưa sẵn sàng")
    dpi = render_dpi(printer)
    pixels = QSize(round(w_mm / MM_PER_INCH * dpi), round(h_mm / MM_PER_INCH * dpi))

    def paint(painter: QPainter, page: int, device_per_mm: float) -> None:
        painter.drawImage(QRectF(0, 0, w_mm * device_per_mm, h_mm * device_per_mm), document.render(page, pixels))

    return print_pages(printer, document.pageCount(), paint)
