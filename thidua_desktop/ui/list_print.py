"""Printing a list as the table on screen shows it: Tệp → In danh sách… and
Xem trước khi in… for the Cán bộ, Đăng ký, Kết quả bình xét and Quyết định tabs.

What prints is what the view shows — the rows its (filtering, sorting) model
gives, in that order, and its visible columns in their on-screen order — on
A4 landscape under the Nghị định 30 header (cơ quan chủ quản and the agency
on the left, quốc hiệu and tiêu ngữ with place and date on the right), a
title, the table with its header row repeated on every page, long cells
wrapped, and “Trang i/n” at the foot of each page. The page is a
``QTextDocument`` laid out at the printer's resolution and painted a page at
a time, so the printer, the PDF and the preview get the same pages.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QMarginsF, QModelIndex, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QTableView, QWidget

from ..domain.dates import place_date
from ..domain.models import QUOC_HIEU, TIEU_NGU, OrgSettings
from ..store import records
from .printing import PrintError

#: page margins in mm (left, top, right, bottom): Nghị định 30 leaves the binding side wider
MARGINS_MM = (20.0, 15.0, 15.0, 15.0)
#: body text size in points; the header lines follow Nghị định 30 (12–13 pt)
FONT_PT = 10.5
FONT_FAMILY = "Times New Roman"
#: room inside a table cell (px of the screen, scaled to the printer by the layout)
CELL_PADDING = 3
#: the foot of the page, where its number goes (mm)
FOOTER_MM = 7.0


@dataclass
class PrintableList:
    """What a tab prints: the title in capitals, lines under it (the campaign,
    the filters in force), and the view whose shown rows and columns print."""
    title: str
    view: QTableView
    subtitle: list[str] = field(default_factory=list)


def table_content(view: QTableView) -> tuple[list[str], list[list[str]], list[int]]:
    """Headers, rows and column widths (px) of what ``view`` shows: its model's
    rows in order (a proxy's filtered, sorted rows), rows the view hides left
    out, visible columns in their on-screen order."""
    model = view.model()
    header = view.horizontalHeader()
    columns = [header.logicalIndex(v) for v in range(header.count())]
    columns = [c for c in columns if not header.isSectionHidden(c)]
    heads = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
             for c in columns]
    rows = []
    for r in range(model.rowCount(QModelIndex())):
        if view.isRowHidden(r):
            continue
        cells = []
        for c in columns:
            value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            cells.append("" if value is None else str(value))
        rows.append(cells)
    widths = [max(header.sectionSize(c), 30) for c in columns]
    return heads, rows, widths


def table_font() -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(FONT_PT)
    return font


def column_percents(heads: list[str], rows: list[list[str]], font: QFont, width_mm: float,
                    device: QPaintDevice | None = None) -> list[float]:
    """Each column's share of the page width, from what it holds: every
    column at least as wide as its longest word (a date or a number is never
    broken); then, as far as the width goes, as wide as nine in ten of its
    cells need (so a column of names stays on one line and a column with a
    few long notes does not take the page); any width left by how much the
    longest texts still lack. Text is measured as ``device`` (the printer)
    will draw it."""
    if not heads:
        return []
    bold = QFont(font)
    bold.setBold(True)
    metrics, bold_metrics = (QFontMetricsF(f, device) if device else QFontMetricsF(f) for f in (font, bold))
    # padding and borders are screen pixels, scaled to the device by the layout
    pad = (2 * CELL_PADDING + 4) * metrics.fontDpi() / 96
    shortest, typical, longest = [], [], []
    for c, head in enumerate(heads):
        sizes = sorted(metrics.horizontalAdvance(row[c]) for row in rows) or [0.0]
        words = {w for row in rows for w in row[c].split()}
        shortest.append(pad + max(max((bold_metrics.horizontalAdvance(w) for w in head.split()), default=0),
                                  max((metrics.horizontalAdvance(w) for w in words), default=0)))
        typical.append(max(shortest[-1], pad + sizes[(len(sizes) - 1) * 9 // 10]))
        longest.append(max(typical[-1], pad + sizes[-1]))
    room = width_mm / 25.4 * metrics.fontDpi()
    widths = _grow(list(shortest), typical, room - sum(shortest))
    return [100 * w / sum(widths) for w in _grow(widths, longest, room - sum(widths))]


def _grow(widths: list[float], wanted: list[float], spare: float) -> list[float]:
    """Give ``spare`` to the columns below their ``wanted`` width: those that
    need least are served whole first, then the rest by what each lacks."""
    waiting = sorted((c for c in range(len(widths)) if wanted[c] > widths[c]), key=lambda c: wanted[c] - widths[c])
    while waiting and spare > 0:
        c = waiting[0]
        need = wanted[c] - widths[c]
        if need > spare / len(waiting):
            lacking = {c: wanted[c] - widths[c] for c in waiting}
            for c in waiting:
                widths[c] += spare * lacking[c] / sum(lacking.values())
            break
        widths[c] = wanted[c]
        spare -= need
        waiting.pop(0)
    return widths


def list_html(settings: OrgSettings, printable: PrintableList, when: dt.date | None = None,
              page_width_mm: float = 297 - MARGINS_MM[0] - MARGINS_MM[2], device: QPaintDevice | None = None) -> str:
    """The page as HTML for ``QTextDocument``: header, title, table, count."""
    settings = records.check_document_settings(settings.normalised())  # no blank header, no date without a place
    heads, rows, _ = table_content(printable.view)
    if heads and heads[0] != "STT":  # lists on paper are numbered
        heads = ["STT", *heads]
        rows = [[str(i), *row] for i, row in enumerate(rows, start=1)]
    left = []
    if settings.co_quan_chu_quan:
        left.append(escape(settings.co_quan_chu_quan.upper()))
    if settings.co_quan:
        left.append(f"<b>{escape(settings.co_quan.upper())}</b>")
    right = [f"<b>{escape(QUOC_HIEU)}</b>", f"<b><u>{escape(TIEU_NGU)}</u></b>",
             f"<i>{escape(place_date(settings.dia_danh, when or dt.date.today()))}</i>"]
    parts = [
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td width="40%" align="center" style="font-size:12pt">{"<br>".join(left) or "&nbsp;"}</td>'
        f'<td width="60%" align="center" style="font-size:12pt">{"<br>".join(right)}</td>'
        "</tr></table>",
        f'<p align="center" style="font-size:14pt; margin-top:14px"><b>{escape(printable.title.upper())}</b></p>',
    ]
    parts += [f'<p align="center"><i>{escape(line)}</i></p>' for line in printable.subtitle if line]
    percents = column_percents(heads, rows, table_font(), page_width_mm, device)
    cells = "".join(f'<th width="{p:.1f}%" bgcolor="#e8e8e8">{escape(h)}</th>' for h, p in zip(heads, percents))
    body = "".join("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in row) + "</tr>" for row in rows)
    if not rows:
        body = f'<tr><td colspan="{max(len(heads), 1)}" align="center"><i>Không có dòng nào.</i></td></tr>'
    parts.append(f'<table width="100%" border="1" cellspacing="0" cellpadding="{CELL_PADDING}" '
                 'style="border-collapse:collapse; margin-top:8px">'
                 f"<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>")
    parts.append(f"<p><i>Tổng số: {len(rows)} dòng.</i></p>")
    return "".join(parts)


def set_up_printer(printer: QPrinter) -> None:
    """A4 landscape with the list's margins."""
    printer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
        QMarginsF(*MARGINS_MM), QPageLayout.Unit.Millimeter))


def render(printer: QPrinter, settings: OrgSettings, printable: PrintableList, when: dt.date | None = None) -> int:
    """Lay the list out for ``printer``'s page and paint every page (numbered
    “Trang i/n” at its foot). Returns the number of pages."""
    document = QTextDocument()
    font = table_font()
    document.setDefaultFont(font)
    document.documentLayout().setPaintDevice(printer)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    width_mm = printer.pageLayout().paintRect(QPageLayout.Unit.Millimeter).width()
    document.setHtml(list_html(settings, printable, when, width_mm, printer))
    per_mm = printer.resolution() / 25.4
    footer = FOOTER_MM * per_mm
    body = QSizeF(page.width(), page.height() - footer)
    document.setPageSize(body)
    document.setDocumentMargin(0)
    pages = max(document.pageCount(), 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"Không mở được máy in “{printer.printerName() or printer.outputFileName()}”: "
                         "máy in đang tắt, hết giấy hoặc không kết nối.")
    try:
        number_font = QFont(font)
        number_font.setPointSizeF(FONT_PT - 1)
        for i in range(pages):
            if i and not printer.newPage():
                raise PrintError("Máy in ngừng nhận trang (hết giấy hoặc bị hủy).")
            painter.save()
            painter.translate(0, -i * body.height())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(QPointF(0, i * body.height()), body)
            painter.setClipRect(context.clip)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(number_font)
            painter.drawText(QRectF(0, body.height(), body.width(), footer),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, f"Trang {i + 1}/{pages}")
    finally:
        painter.end()
    return pages


def print_list(parent: QWidget, settings: OrgSettings, printable: PrintableList, *, preview: bool) -> bool:
    """Print (after the print dialog) or preview (``QPrintPreviewDialog``, which
    prints from its own button) the list; true when something was printed or previewed.
    Refused (``records.MissingSettingsError``) before any dialog while the agency's details are missing."""
    records.check_document_settings(settings)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    set_up_printer(printer)
    printer.setDocName(printable.title)
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(f"Xem trước khi in — {printable.title}")
        dialog.paintRequested.connect(lambda p: render(p, settings, printable))
        dialog.resize(1000, 700)
        return bool(dialog.exec())
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"In {printable.title.lower()}")
    if not dialog.exec():
        return False
    render(printer, settings, printable)
    return True
