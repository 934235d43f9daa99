"""Certificates drawn with ``QPainter`` — for printing straight to a printer.

Vector output, from the same geometry as the PDF writer: the fields placed by
:func:`~thidua_desktop.services.documents.certificates.layout` (fitted text, its
lines and baselines in millimetres), the border of
:func:`~thidua_desktop.services.documents.certificates.border_shapes` and the emblem
box of :func:`~thidua_desktop.services.documents.certificates.emblem_rect`. Text is
drawn as glyph runs of the very TrueType files reportlab embeds
(:func:`~thidua_desktop.services.documents.fonts.face_file`), with design-metric
advances and no kerning — as reportlab places them — so a line starts and
ends where it does in the PDF preview.

Coordinates: the painter's device is a page in full-page mode (origin at the
paper's corner); ``device_per_mm`` converts millimetres to device units.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGlyphRun, QImage, QPainter, QPen, QPolygonF, QRawFont
from PySide6.QtPrintSupport import QPrinter

from ...domain.certificates import PT_TO_MM, CertificateData, Template
from ...services.documents.certificates import (
    RULE_DROP,
    RULE_WIDTH_PT,
    border_shapes,
    emblem_rect,
    without_emblem_band,
    layout,
)
from ...services.documents.fonts import face_file, register_fonts
from ..printing import PrintError, print_pages


class CertificatePainter:
    """Draws certificates of one template, mode and offset onto any QPainter."""

    def __init__(self, template: Template, mode: str = "full", offset_mm: tuple[float, float] = (0.0, 0.0),
                 emblem: bytes | None = None):
        self.template = template
        self.mode = mode
        self.dx, self.dy = float(offset_mm[0]), float(offset_mm[1])
        self.family = register_fonts()
        self.emblem = None
        if emblem and mode == "full" and template.emblem is not None:
            image = QImage.fromData(emblem)
            if image.isNull():
                raise PrintError("Không đọc được ảnh quốc huy/biểu trưng đã chọn")
            self.emblem = image
        if mode == "full" and self.emblem is None:
            self.template = without_emblem_band(template)  # as the PDF: no empty band at the top
        self._faces: dict[str, QByteArray] = {}
        self._fonts: dict[tuple[str, float], QRawFont] = {}

    def _raw_font(self, face: str, pixel_size: float) -> QRawFont:
        key = (face, round(pixel_size, 3))
        font = self._fonts.get(key)
        if font is None:
            data = self._faces.get(face)
            if data is None:
                data = self._faces[face] = QByteArray(face_file(face).read_bytes())
            font = QRawFont(data, pixel_size, QFont.HintingPreference.PreferNoHinting)
            if not font.isValid():
                raise PrintError(f"Không nạp được phông chữ {face} để in")
            self._fonts[key] = font
        return font

    def paint(self, painter: QPainter, item: CertificateData, device_per_mm: float) -> None:
        """One certificate onto the current page."""
        k = device_per_mm

        def pt(x_mm: float, y_mm: float) -> QPointF:
            return QPointF((x_mm + self.dx) * k, (y_mm + self.dy) * k)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.mode == "full" and self.template.border:
            self._paint_border(painter, pt, k)
        if self.emblem is not None:
            x, y, w, h = emblem_rect(self.template.emblem, self.emblem.width(), self.emblem.height())
            corner = pt(x, y)
            painter.drawImage(QRectF(corner.x(), corner.y(), w * k, h * k), self.emblem)
        points_to_device = k * PT_TO_MM
        for placed in layout(item, self.template, self.mode, self.family):
            color = QColor(placed.field.color)
            raw = self._raw_font(placed.font, placed.size_pt * points_to_device)
            for line in placed.lines:
                glyphs = raw.glyphIndexesForString(line.text)
                advances = raw.advancesForGlyphIndexes(glyphs, QRawFont.LayoutFlag.UseDesignMetrics)
                positions, x = [], 0.0
                for advance in advances:
                    positions.append(QPointF(x, 0.0))
                    x += advance.x()
                run = QGlyphRun()
                run.setRawFont(raw)
                run.setGlyphIndexes(glyphs)
                run.setPositions(positions)
                painter.setPen(QPen(color))
                painter.drawGlyphRun(pt(line.x_mm, line.baseline_mm), run)
                if placed.field.rule_below:
                    y = line.baseline_mm + RULE_DROP * placed.size_pt * PT_TO_MM
                    painter.setPen(QPen(color, RULE_WIDTH_PT * points_to_device))
                    painter.drawLine(pt(line.x_mm, y), pt(line.x_mm + line.width_mm, y))
        painter.restore()

    def _paint_border(self, painter: QPainter, pt: Callable[[float, float], QPointF], k: float) -> None:
        for shape in border_shapes(self.template.page_w_mm, self.template.page_h_mm, self.template.border_color):
            pen = QPen(QColor(shape.stroke), shape.line_pt * k * PT_TO_MM) if shape.stroke else QPen(Qt.PenStyle.NoPen)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.setBrush(QBrush(QColor(shape.fill)) if shape.fill else Qt.BrushStyle.NoBrush)
            if shape.kind == "rect":
                corner = pt(shape.x, shape.y)
                painter.drawRect(QRectF(corner.x(), corner.y(), shape.w * k, shape.h * k))
            else:
                r = shape.w
                painter.drawPolygon(QPolygonF([pt(shape.x, shape.y - r), pt(shape.x + r, shape.y),
                                               pt(shape.x, shape.y + r), pt(shape.x - r, shape.y)]))


def print_certificates(printer: QPrinter, painter_spec: CertificatePainter, items: Sequence[CertificateData], *,
                       progress: Callable[[int, int], bool] | None = None) -> int:
    """Each item on its own page of ``printer`` (prepared with
    :func:`~thidua_desktop.ui.printing.prepare_printer`), at 100 % scale.
    ``progress(done, total)`` returning False stops after the current page.
    Returns the number of pages sent."""
    return print_pages(printer, len(items), lambda painter, i, device_per_mm: painter_spec.paint(
        painter, items[i], device_per_mm), progress=progress)
