"""Certificates as PDF (reportlab canvas), one page per person, from :func:`.layout.layout`:
Giấy khen, bằng Chiến sĩ thi đua cơ sở, Bằng khen, on blank paper or on pre-printed blanks (phôi).

Text is drawn as real text in the embedded TrueType faces of
:func:`..fonts.register_fonts` (extractable, NFC), one text object per
page. Measurements and fits are cached per string and size, the border is
one form XObject reused on every page and streams skip reportlab's
pure-Python ASCII85 step, so a thousand certificates take about a second.
"""
from __future__ import annotations

import contextlib
import functools
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ....domain.certificates import PT_TO_MM, CertificateData, FieldSpec, Template
from ..fonts import register_fonts
from .layout import (
    RULE_DROP,
    RULE_WIDTH_PT,
    PlacedField,
    _check_mode,
    border_shapes,
    emblem_rect,
    place_field,
    without_emblem_band,
)
from .templates import PathLike

CREATOR = "ThiĐua Desktop"


@functools.lru_cache(maxsize=64)
def _color(hex_color: str) -> HexColor:
    return HexColor(hex_color)


class _Page:
    """Millimetres from the top-left, with the printer offset, onto a canvas."""

    def __init__(self, canvas: Canvas, page_h_mm: float, offset_mm: tuple[float, float]):
        self.c = canvas
        self.h = page_h_mm
        self.dx, self.dy = float(offset_mm[0]), float(offset_mm[1])

    def x(self, x_mm: float) -> float:
        return (x_mm + self.dx) * mm

    def y(self, y_mm: float) -> float:
        return (self.h - y_mm - self.dy) * mm


def _draw_fields(page: _Page, placed: Iterable[PlacedField]) -> None:
    """All the text of a page in one text object (one BT … ET), then the rules."""
    c = page.c
    text = c.beginText()
    rules = []
    font = size = color = None
    for p in placed:
        if (p.font, p.size_pt) != (font, size):
            font, size = p.font, p.size_pt
            text.setFont(font, size)
        if p.field.color != color:
            color = p.field.color
            text.setFillColor(_color(color))
        for line in p.lines:
            text.setTextOrigin(page.x(line.x_mm), page.y(line.baseline_mm))
            text.textOut(line.text)
            if p.field.rule_below:
                rules.append((color, page.y(line.baseline_mm + RULE_DROP * p.size_pt * PT_TO_MM),
                              page.x(line.x_mm), page.x(line.x_mm + line.width_mm)))
    c.drawText(text)
    for color, y, x0, x1 in rules:
        c.setStrokeColor(_color(color))
        c.setLineWidth(RULE_WIDTH_PT)
        c.line(x0, y, x1, y)


def _border_form(c: Canvas, template: Template, page: _Page) -> str:
    """The decorative border as a form XObject (drawn once, used on every page)."""
    name = f"border-{template.code}"
    c.beginForm(name)
    c.saveState()
    for shape in border_shapes(template.page_w_mm, template.page_h_mm, template.border_color):
        if shape.stroke:
            c.setStrokeColor(_color(shape.stroke))
            c.setLineWidth(shape.line_pt)
        if shape.fill:
            c.setFillColor(_color(shape.fill))
        if shape.kind == "rect":
            c.rect(page.x(shape.x), page.y(shape.y + shape.h), shape.w * mm, shape.h * mm,
                   stroke=int(bool(shape.stroke)), fill=int(bool(shape.fill)))
        else:
            path = c.beginPath()
            path.moveTo(page.x(shape.x), page.y(shape.y - shape.w))
            path.lineTo(page.x(shape.x + shape.w), page.y(shape.y))
            path.lineTo(page.x(shape.x), page.y(shape.y + shape.w))
            path.lineTo(page.x(shape.x - shape.w), page.y(shape.y))
            path.close()
            c.drawPath(path, stroke=0, fill=1)
    c.restoreState()
    c.endForm()
    return name


def _emblem_reader(emblem: PathLike | bytes | None):
    """A reportlab image for ``emblem`` (a file or the image's bytes), checked readable."""
    if emblem is None:
        return None
    from reportlab.lib.utils import ImageReader

    if isinstance(emblem, (bytes, bytearray)):
        source, name = io.BytesIO(bytes(emblem)), "đã chọn"
    else:
        path = Path(emblem)
        if not path.is_file():
            raise ValueError(f"Không tìm thấy ảnh quốc huy/biểu trưng: {path}")
        source, name = str(path), path.name
    try:
        reader = ImageReader(source)
        reader.getSize()
    except Exception as exc:  # noqa: BLE001 — any unreadable image
        raise ValueError(f"Không đọc được ảnh quốc huy/biểu trưng {name}: {exc}") from None
    return reader


def check_emblem(data: bytes) -> None:
    """Raise ValueError (in Vietnamese) unless ``data`` is an image the PDF writer can draw."""
    _emblem_reader(data)


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed streams without the ASCII85 wrapper while writing: reportlab
    encodes ASCII85 in pure Python (most of the time of a 1,000-page file)
    and it only makes the file bigger. The setting is global; any value
    gives a valid PDF, so a concurrent writer is not harmed."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def _new_canvas(path: PathLike, w_mm: float, h_mm: float, title: str, subject: str, family: str) -> Canvas:
    # the initial font is ours too, or every page would reference Helvetica
    target = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path  # or a binary file object
    c = Canvas(target, pagesize=(w_mm * mm, h_mm * mm), lang="vi-VN", initialFontName=family,
               initialFontSize=12)
    c.setTitle(title)
    c.setSubject(subject)
    c.setCreator(CREATOR)
    c.setAuthor(CREATOR)
    return c


def write_certificates(items: Sequence[CertificateData], template: Template, path: PathLike, *,
                       mode: str = "full", offset_mm: tuple[float, float] = (0.0, 0.0),
                       emblem: PathLike | bytes | None = None, title: str | None = None,
                       guides: bool = False, highlight: str | None = None) -> int:
    """One page per item at the template's page size. ``mode="full"`` draws
    the border, the emblem (when ``emblem`` is an image file or its bytes) and every field;
    ``"phoi"`` only the fields meant for pre-printed blanks. ``offset_mm``
    moves everything (x right, y down). Text that does not fit is drawn at
    its minimum size over its box: call :func:`check_fit` first. ``guides``
    (the template editor's preview) outlines every field's box, the one named
    ``highlight`` in red. Returns the number of pages."""
    _check_mode(mode)
    items = list(items)
    if not items:
        raise ValueError("Không có ai trong danh sách để in")
    family = register_fonts()
    image = _emblem_reader(emblem) if mode == "full" and template.emblem is not None else None
    if mode == "full" and image is None and not guides:
        template = without_emblem_band(template)  # no empty band where the emblem would be
    with _binary_streams():
        _to_file(path, lambda target: _write_pages(items, template, target, mode, offset_mm, image, family, title,
                                                   (highlight or "") if guides else None))
    return len(items)


def _to_file(path: PathLike, write) -> None:
    """A path is written through :func:`~thidua_desktop.services.documents.output.atomic_write`;
    a binary file object (a preview in memory) directly."""
    if isinstance(path, (str, os.PathLike)):
        from ..output import atomic_write

        atomic_write(path, write)
    else:
        write(path)


def _write_pages(items: list[CertificateData], template: Template, path: PathLike, mode: str,
                 offset_mm: tuple[float, float], image: object | None, family: str, title: str | None,
                 guides: str | None = None) -> None:
    kind = "phôi" if mode == "phoi" else "bản đầy đủ"
    c = _new_canvas(path, template.page_w_mm, template.page_h_mm,
                    title or f"{template.name} – {len(items)} bản", f"{template.name} ({kind})", family)
    page = _Page(c, template.page_h_mm, offset_mm)
    border = _border_form(c, template, page) if mode == "full" and template.border else None
    fields = template.fields_for(mode)
    for item in items:
        if border:
            c.doForm(border)
        if image is not None:
            x, y, w, h = emblem_rect(template.emblem, *image.getSize())
            c.drawImage(image, page.x(x), page.y(y + h), w * mm, h * mm, mask="auto")
        data = item.normalised()
        placed = []
        for field in fields:
            text = field.text_for(data)
            if text:
                placed.append(place_field(field, text, family))
        _draw_fields(page, placed)
        if guides is not None:
            _draw_guides(page, fields, guides)
        c.showPage()
    c.save()


GUIDE_COLOR, HIGHLIGHT_COLOR = "#3A7BD5", "#D0302A"


def _draw_guides(page: _Page, fields: Iterable[FieldSpec], highlight: str) -> None:
    """Each field's box, dashed (the highlighted one solid and red)."""
    c = page.c
    c.saveState()
    for field in fields:
        chosen = field.name == highlight
        c.setStrokeColor(_color(HIGHLIGHT_COLOR if chosen else GUIDE_COLOR))
        c.setLineWidth(0.8 if chosen else 0.3)
        c.setDash([] if chosen else [2, 2])
        c.rect(page.x(field.x_mm), page.y(field.y_mm + field.height_mm), field.width_mm * mm, field.height_mm * mm,
               stroke=1, fill=0)
    c.restoreState()
