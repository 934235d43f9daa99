"""Where a certificate's text and border go on the page, for every renderer (the PDF writer here
and the Qt painter of ``ui/certificates``): fitted lines in millimetres, the border's shapes, the
emblem's box, and :func:`check_fit` before printing.


Position convention (what a template's millimetres mean)
--------------------------------------------------------
Coordinates are millimetres from the **top-left corner of the page**, x to
the right, y down. For a field with box ``(x_mm, y_mm, width_mm)`` whose
text was fitted at ``size`` points:

* **baseline** of line *i* (from 0) is at
  ``y_mm + (A + i × line_gap) × size × 25.4/72`` where ``A`` is the font's
  ascender as a fraction of its size (the ``hhea`` ascender,
  :func:`..fonts.font_ascent`: 0.891 for Times New Roman and for
  Liberation Serif), so the tallest Vietnamese capitals (``Ấ``, ``Ộ``)
  stay inside the box;
* **x** of a line: its left end at ``x_mm`` (``left``), its middle at
  ``x_mm + width_mm / 2`` (``center``), its right end at ``x_mm + width_mm``
  (``right``), with the line's width measured in the face and size used;
* ``offset_mm=(dx, dy)`` moves everything on the page (text, rules, border,
  emblem) by ``dx`` to the right and ``dy`` down — the printer correction
  measured with :func:`.calibration.write_calibration_sheet`.

:func:`layout` computes these positions once (no offset); the PDF writer and
any direct print path must both draw from it.

Text that does not fit even at its minimum size is drawn at that size, all
of it (over the box's limits), never cut: :func:`check_fit` lists such
fields so the user can fix them before printing.
"""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from ....domain.certificates import (
    MODES,
    PT_TO_MM,
    CertificateData,
    FieldSpec,
    Fit,
    Template,
    fit_text,
    format_size,
)
from ..fonts import face_name, font_ascent, register_fonts

RULE_DROP = 0.3        # a rule_below sits this many font sizes under the baseline
RULE_WIDTH_PT = 0.6


@functools.lru_cache(maxsize=1 << 16)
def _unit_width(font_face: str, text: str) -> float:
    return pdfmetrics.stringWidth(text, font_face, 1.0)


def measure(font_face: str, text: str, size: float) -> float:
    """Width in points of ``text`` in a registered face (reportlab name, e.g.
    ``"LiberationSerif-Bold"``) at ``size`` points; cached per string."""
    return _unit_width(font_face, text) * size


@dataclass(frozen=True)
class PlacedLine:
    text: str
    x_mm: float           # left end of the line, from the page's left edge
    baseline_mm: float    # from the page's top edge
    width_mm: float


@dataclass(frozen=True)
class PlacedField:
    field: FieldSpec
    text: str
    font: str             # reportlab face name
    size_pt: float
    fits: bool
    lines: tuple[PlacedLine, ...]


@functools.lru_cache(maxsize=1 << 14)
def _fit(field: FieldSpec, text: str, font: str) -> Fit:
    def width(t: str, size: float) -> float:
        return measure(font, t, size)

    return fit_text(text, field.width_mm * mm, field.max_lines, field.size_pt, field.min_pt, width)


@functools.lru_cache(maxsize=1 << 14)
def place_field(field: FieldSpec, text: str, family: str) -> PlacedField:
    """Fit ``text`` into ``field`` and place its lines (the module's position
    convention, no offset)."""
    font = face_name(family, field.font)
    fit = _fit(field, text, font)
    pitch = field.line_gap * fit.size * PT_TO_MM
    first = field.y_mm + font_ascent(font) * fit.size * PT_TO_MM
    lines = []
    for i, line in enumerate(fit.lines):
        w = measure(font, line, fit.size) * PT_TO_MM
        if field.align == "left":
            x = field.x_mm
        elif field.align == "right":
            x = field.x_mm + field.width_mm - w
        else:
            x = field.x_mm + (field.width_mm - w) / 2
        lines.append(PlacedLine(line, x, first + i * pitch, w))
    return PlacedField(field, text, font, fit.size, fit.fits, tuple(lines))


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"Chế độ in “{mode}” không có (dùng “full” hoặc “phoi”)")


def layout(item: CertificateData, template: Template, mode: str = "full",
           family: str | None = None) -> list[PlacedField]:
    """The fields of ``template`` printed in ``mode`` for ``item``, fitted and
    placed (empty fields left out)."""
    _check_mode(mode)
    family = family or register_fonts()
    data = item.normalised()
    out = []
    for field in template.fields_for(mode):
        text = field.text_for(data)
        if text:
            out.append(place_field(field, text, family))
    return out


def _who(item: CertificateData, index: int) -> str:
    return item.nguoi_nhan or f"Bản thứ {index}"


def check_fit(items: Sequence[CertificateData], template: Template, mode: str | None = None) -> list[str]:
    """Everything to fix BEFORE printing, in Vietnamese: items without a name,
    and every field of every item that does not fit even at its minimum size
    (``"Nguyễn Văn An: “Đơn vị” quá dài, không vừa 2 dòng ở cỡ chữ 12"``).
    ``mode`` limits the check to the fields printed in that mode."""
    if mode is not None:
        _check_mode(mode)
    family = register_fonts()
    fields = template.fields if mode is None else template.fields_for(mode)
    out: list[str] = []

    def problem(field: FieldSpec) -> str:
        return (f"“{field.display_label}” quá dài, không vừa {field.max_lines} dòng "
                f"ở cỡ chữ {format_size(field.min_pt)}")

    empty = CertificateData()
    for field in fields:  # fixed text: the template's own problem, reported once
        if field.is_fixed and not place_field(field, field.text_for(empty), family).fits:
            out.append(f"Mẫu “{template.name}”: {problem(field)}")
    for i, item in enumerate(items, 1):
        data = item.normalised()
        who = _who(data, i)
        out += [f"{who}: {e}" for e in data.errors()]
        for field in fields:
            if field.is_fixed:
                continue
            text = field.text_for(data)
            if text and not place_field(field, text, family).fits:
                out.append(f"{who}: {problem(field)}")
    return out


@dataclass(frozen=True)
class Shape:
    """One piece of the decorative border, in page millimetres from the top-left:
    a rectangle (``x, y, w, h``) or a diamond (centre ``x, y``, half-diagonal ``w``)."""
    kind: str                 # "rect" | "diamond"
    x: float
    y: float
    w: float
    h: float = 0.0
    line_pt: float = 0.0      # stroke width (0: no stroke)
    stroke: str | None = None
    fill: str | None = None


@functools.lru_cache(maxsize=16)
def border_shapes(page_w_mm: float, page_h_mm: float, color: str) -> tuple[Shape, ...]:
    """The double border of a full-mode page: two frames, a row of small
    diamonds between them and a larger diamond at each corner. Both the PDF
    writer and the direct print path draw these shapes."""
    w, h = page_w_mm, page_h_mm
    outer, inner = 8.0, 11.0
    shapes = [Shape("rect", outer, outer, w - 2 * outer, h - 2 * outer, 2.4, color),
              Shape("rect", inner, inner, w - 2 * inner, h - 2 * inner, 0.7, color)]
    band = (outer + inner) / 2
    for x0, x1, y0, y1 in ((band, w - band, band, band), (band, w - band, h - band, h - band),
                           (band, band, band, h - band), (w - band, w - band, band, h - band)):
        count = int(max(abs(x1 - x0), abs(y1 - y0)) // 6)
        for k in range(1, count):
            t = k / count
            shapes.append(Shape("diamond", x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, 0.55, fill=color))
    for cx in (band, w - band):
        for cy in (band, h - band):
            shapes += [Shape("rect", cx - 3, cy - 3, 6, 6, fill="#FFFFFF"),
                       Shape("diamond", cx, cy, 2.6, fill=color), Shape("diamond", cx, cy, 1.2, fill="#FFFFFF")]
    return tuple(shapes)


def emblem_rect(box, image_w: float, image_h: float) -> tuple[float, float, float, float]:
    """Where an ``image_w × image_h`` emblem goes in its box (mm): as large as
    fits, aspect kept, centred — (x, y, w, h) from the page's top-left."""
    scale = min(box.w_mm / image_w, box.h_mm / image_h)
    w, h = image_w * scale, image_h * scale
    return box.x_mm + (box.w_mm - w) / 2, box.y_mm + (box.h_mm - h) / 2, w, h


#: what stays between the page's top frame and the first line once the emblem's band is closed (mm)
EMBLEM_BAND_KEEP_MM = 4.0


def without_emblem_band(template: Template) -> Template:
    """The template printed on blank paper with no emblem image: the lines
    under the emblem's box that span it (quốc hiệu … thành tích) move up by
    the box's height (less :data:`EMBLEM_BAND_KEEP_MM`), so no empty band is
    left at the top; the corner blocks (date, signer, decision number) stay."""
    e = template.emblem
    if e is None:
        return template
    shift = max(0.0, e.h_mm - EMBLEM_BAND_KEEP_MM)

    def moves(f: FieldSpec) -> bool:
        return f.y_mm >= e.y_mm + e.h_mm - 0.5 and f.x_mm <= e.x_mm and f.x_mm + f.width_mm >= e.x_mm + e.w_mm

    fields = tuple(dataclasses.replace(f, y_mm=f.y_mm - shift) if moves(f) else f for f in template.fields)
    return dataclasses.replace(template, emblem=None, fields=fields)


def content_box(template: Template, mode: str) -> tuple[float, float, float, float]:
    """The part of the page ``mode`` draws on (x, y, w, h in mm, no offset):
    every field's box, the emblem and the border in full mode — what must be
    inside the printer's printable area."""
    boxes = [(f.x_mm, f.y_mm, f.width_mm, f.height_mm) for f in template.fields_for(mode)]
    if mode == "full" and template.emblem is not None:
        e = template.emblem
        boxes.append((e.x_mm, e.y_mm, e.w_mm, e.h_mm))
    if mode == "full" and template.border:
        boxes += [(s.x - s.w, s.y - s.w, 2 * s.w, 2 * s.w) if s.kind == "diamond" else (s.x, s.y, s.w, s.h)
                  for s in border_shapes(template.page_w_mm, template.page_h_mm, template.border_color)]
    if not boxes:
        return (0.0, 0.0, 0.0, 0.0)
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return (left, top, right - left, bottom - top)
