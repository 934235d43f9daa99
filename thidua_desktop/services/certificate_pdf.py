"""Certificates as PDF (reportlab canvas): Giấy khen, bằng Chiến sĩ thi đua
cơ sở, Bằng khen — on blank paper or on pre-printed blanks (phôi) — and a
calibration sheet to measure a printer's offset.

Position convention (what a template's millimetres mean)
--------------------------------------------------------
Coordinates are millimetres from the **top-left corner of the page**, x to
the right, y down. For a field with box ``(x_mm, y_mm, width_mm)`` whose
text was fitted at ``size`` points:

* **baseline** of line *i* (from 0) is at
  ``y_mm + (A + i × line_gap) × size × 25.4/72`` where ``A`` is the font's
  ascender as a fraction of its size (the ``hhea`` ascender,
  :func:`.pdf_fonts.font_ascent`: 0.891 for Times New Roman and for
  Liberation Serif), so the tallest Vietnamese capitals (``Ấ``, ``Ộ``)
  stay inside the box;
* **x** of a line: its left end at ``x_mm`` (``left``), its middle at
  ``x_mm + width_mm / 2`` (``center``), its right end at ``x_mm + width_mm``
  (``right``), with the line's width measured in the face and size used;
* ``offset_mm=(dx, dy)`` moves everything on the page (text, rules, border,
  emblem) by ``dx`` to the right and ``dy`` down — the printer correction
  measured with :func:`write_calibration_sheet`.

:func:`layout` computes these positions once (no offset); the PDF writer and
any direct print path must both draw from it.

Text that does not fit even at its minimum size is drawn at that size, all
of it (over the box's limits), never cut: :func:`check_fit` lists such
fields so the user can fix them before printing.

Text is drawn as real text in the embedded TrueType faces of
:func:`.pdf_fonts.register_fonts` (extractable, NFC), one text object per
page. Measurements and fits are cached per string and size, the border is
one form XObject reused on every page and streams skip reportlab's
pure-Python ASCII85 step, so a thousand certificates take about a second.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..domain.certificates import (MODES, PT_TO_MM, CertificateData, FieldSpec, Fit, Template, TemplateError,
                                   fit_text, format_size, template_from_dict)
from ..paths import resource_path
from .pdf_fonts import face_name, font_ascent, register_fonts

__all__ = ["PlacedField", "PlacedLine", "check_fit", "layout", "load_templates", "measure", "place_field",
           "write_calibration_sheet", "write_certificates"]

PathLike = str | os.PathLike
CREATOR = "ThiĐua Desktop"
RULE_DROP = 0.3        # a rule_below sits this many font sizes under the baseline
RULE_WIDTH_PT = 0.6


# ---------------------------------------------------------------- templates
def load_templates(folders: Iterable[PathLike] | None = None) -> dict[str, Template]:
    """Every ``*.json`` template (by code) from ``folders`` (default: the
    bundled ``resources/templates``). A broken file raises
    :class:`TemplateError` naming the file; so does a code used twice."""
    dirs = [Path(f) for f in folders] if folders is not None else [resource_path("templates")]
    out: dict[str, Template] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise TemplateError([f"{path.name}: không đọc được tệp mẫu ({exc})"]) from None
            try:
                template = template_from_dict(data)
            except TemplateError as exc:
                raise TemplateError([f"{path.name}: {m}" for m in exc.errors]) from None
            if template.code in out:
                raise TemplateError([f"{path.name}: mã mẫu “{template.code}” đã dùng cho mẫu khác"])
            out[template.code] = template
    return out


# ---------------------------------------------------------------- measuring and layout
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


# ---------------------------------------------------------------- drawing
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
    """The decorative double border as a form XObject (drawn once, used on every page)."""
    name = f"border-{template.code}"
    w, h = template.page_w_mm, template.page_h_mm
    c.beginForm(name)
    c.saveState()
    color = _color(template.border_color)
    c.setStrokeColor(color)
    c.setFillColor(color)
    outer, inner = 8.0, 11.0
    c.setLineWidth(2.4)
    c.rect(page.x(outer), page.y(h - outer), (w - 2 * outer) * mm, (h - 2 * outer) * mm)
    c.setLineWidth(0.7)
    c.rect(page.x(inner), page.y(h - inner), (w - 2 * inner) * mm, (h - 2 * inner) * mm)
    # a row of small diamonds between the two lines, and a larger one at each corner
    band = (outer + inner) / 2
    r = 0.55

    def diamond(cx: float, cy: float, rad: float) -> None:
        path = c.beginPath()
        path.moveTo(page.x(cx), page.y(cy - rad))
        path.lineTo(page.x(cx + rad), page.y(cy))
        path.lineTo(page.x(cx), page.y(cy + rad))
        path.lineTo(page.x(cx - rad), page.y(cy))
        path.close()
        c.drawPath(path, stroke=0, fill=1)

    for x0, x1, y0, y1 in ((band, w - band, band, band), (band, w - band, h - band, h - band),
                           (band, band, band, h - band), (w - band, w - band, band, h - band)):
        length = max(abs(x1 - x0), abs(y1 - y0))
        count = int(length // 6)
        for k in range(1, count):
            t = k / count
            diamond(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, r)
    for cx in (band, w - band):
        for cy in (band, h - band):
            c.setFillColor(_color("#FFFFFF"))
            c.rect(page.x(cx - 3), page.y(cy + 3), 6 * mm, 6 * mm, stroke=0, fill=1)
            c.setFillColor(color)
            diamond(cx, cy, 2.6)
            c.setFillColor(_color("#FFFFFF"))
            diamond(cx, cy, 1.2)
            c.setFillColor(color)
    c.restoreState()
    c.endForm()
    return name


def _emblem_reader(emblem: PathLike | None):
    if emblem is None:
        return None
    from reportlab.lib.utils import ImageReader

    path = Path(emblem)
    if not path.is_file():
        raise ValueError(f"Không tìm thấy ảnh quốc huy/biểu trưng: {path}")
    try:
        reader = ImageReader(str(path))
        reader.getSize()
    except Exception as exc:  # noqa: BLE001 — any unreadable image
        raise ValueError(f"Không đọc được ảnh quốc huy/biểu trưng {path.name}: {exc}") from None
    return str(path)


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
    c = Canvas(os.fspath(path), pagesize=(w_mm * mm, h_mm * mm), lang="vi-VN", initialFontName=family,
               initialFontSize=12)
    c.setTitle(title)
    c.setSubject(subject)
    c.setCreator(CREATOR)
    c.setAuthor(CREATOR)
    return c


def write_certificates(items: Sequence[CertificateData], template: Template, path: PathLike, *,
                       mode: str = "full", offset_mm: tuple[float, float] = (0.0, 0.0),
                       emblem: PathLike | None = None, title: str | None = None) -> int:
    """One page per item at the template's page size. ``mode="full"`` draws
    the border, the emblem (when ``emblem`` names an image) and every field;
    ``"phoi"`` only the fields meant for pre-printed blanks. ``offset_mm``
    moves everything (x right, y down). Text that does not fit is drawn at
    its minimum size over its box: call :func:`check_fit` first. Returns the
    number of pages."""
    _check_mode(mode)
    items = list(items)
    if not items:
        raise ValueError("Không có ai trong danh sách để in")
    family = register_fonts()
    image = _emblem_reader(emblem) if mode == "full" and template.emblem is not None else None
    with _binary_streams():
        _write_pages(items, template, path, mode, offset_mm, image, family, title)
    return len(items)


def _write_pages(items: list[CertificateData], template: Template, path: PathLike, mode: str,
                 offset_mm: tuple[float, float], image: str | None, family: str, title: str | None) -> None:
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
            e = template.emblem
            c.drawImage(image, page.x(e.x_mm), page.y(e.y_mm + e.h_mm), e.w_mm * mm, e.h_mm * mm,
                        preserveAspectRatio=True, anchor="c", mask="auto")
        data = item.normalised()
        placed = []
        for field in fields:
            text = field.text_for(data)
            if text:
                placed.append(place_field(field, text, family))
        _draw_fields(page, placed)
        c.showPage()
    c.save()


# ---------------------------------------------------------------- calibration
CALIBRATION_TITLE = "TRANG CANH CHỈNH MÁY IN"
CALIBRATION_STEPS = (
    "1. In trang này ở tỉ lệ 100 % (không co giãn): trong hộp thoại in chọn “Kích thước thực” (Actual size), "
    "bỏ “Vừa trang” (Fit to page); dùng đúng khổ giấy, hướng giấy và khay giấy sẽ dùng để in giấy khen.",
    "2. Kiểm tra tỉ lệ: hai thước kiểm tra (ngang và dọc) phải dài đúng 100 mm. Nếu đo được khác 100 mm, máy in "
    "đang co giãn: sửa cài đặt in rồi in lại trang này.",
    "3. Dùng thước đo khoảng cách thực tế từ mép trái và từ mép trên của tờ giấy đến tâm mỗi dấu chữ thập; "
    "bên cạnh mỗi dấu có ghi vị trí đúng của nó.",
    "4. Trong phần cài đặt máy in của chương trình, nhập độ lệch X, Y (mm) = vị trí ghi bên dấu − khoảng cách "
    "đo được (X: ngang, sang phải là dương; Y: dọc, xuống dưới là dương). Ví dụ: dấu ghi X = 20 mm, đo được "
    "22 mm → nhập X = −2. Lấy trung bình các dấu.",
    "5. Mỗi máy in, mỗi khay giấy có độ lệch riêng. Thước ở mép trên và mép trái cho thấy nhanh độ lệch: "
    "vạch số 0 phải trùng mép giấy (sát mép giấy máy in có thể không in được).",
)


def write_calibration_sheet(path: PathLike, page_w_mm: float = 297, page_h_mm: float = 210) -> int:
    """One page to measure a printer: millimetre rulers along the top and left
    edges, crosshairs 20 mm from each corner and at the centre labelled with
    their coordinates, a 100 mm scale bar and the instructions. Returns 1."""
    if page_w_mm < 120 or page_h_mm < 120:
        raise ValueError("Khổ giấy quá nhỏ cho trang canh chỉnh (cần tối thiểu 120 × 120 mm)")
    with _binary_streams():
        _write_calibration(path, page_w_mm, page_h_mm, register_fonts())
    return 1


def _write_calibration(path: PathLike, page_w_mm: float, page_h_mm: float, family: str) -> None:
    regular, bold = face_name(family, "regular"), face_name(family, "bold")
    c = _new_canvas(path, page_w_mm, page_h_mm, "Trang canh chỉnh máy in",
                    f"Canh chỉnh máy in – khổ {format_size(page_w_mm)} × {format_size(page_h_mm)} mm", family)
    page = _Page(c, page_h_mm, (0.0, 0.0))
    w, h = page_w_mm, page_h_mm
    black = _color("#000000")
    c.setStrokeColor(black)
    c.setFillColor(black)

    # rulers: a tick every mm, longer every 5 and 10 mm, numbers every 10 mm
    c.setLineWidth(0.25)
    c.setFont(regular, 6.5)
    for i in range(int(w) + 1):
        length = 5.0 if i % 10 == 0 else 3.5 if i % 5 == 0 else 2.0
        c.line(page.x(i), page.y(0), page.x(i), page.y(length))
        if i % 10 == 0 and 0 < i < w - 3:
            c.drawCentredString(page.x(i), page.y(7.6), str(i))
    for i in range(int(h) + 1):
        length = 5.0 if i % 10 == 0 else 3.5 if i % 5 == 0 else 2.0
        c.line(page.x(0), page.y(i), page.x(length), page.y(i))
        if i % 10 == 0 and 0 < i < h - 3:
            c.drawString(page.x(5.8), page.y(i + 0.8), str(i))

    # crosshairs
    marks = [(20.0, 20.0), (w - 20, 20.0), (20.0, h - 20), (w - 20, h - 20), (w / 2, h / 2)]
    for x, y in marks:
        c.setLineWidth(0.3)
        c.line(page.x(x - 7), page.y(y), page.x(x + 7), page.y(y))
        c.line(page.x(x), page.y(y - 7), page.x(x), page.y(y + 7))
        c.circle(page.x(x), page.y(y), 3 * mm)
        label = f"X = {format_size(x)} mm; Y = {format_size(y)} mm"
        c.setFont(bold, 8)
        if x > w / 2 + 1:
            c.drawRightString(page.x(x - 4), page.y(y + 3.2), label)
        else:
            c.drawString(page.x(x + 4), page.y(y + 3.2), label)

    # instructions, wrapped to the text block
    left, right = 35.0, w - 62.0
    size = 10.5
    c.setFont(bold, 15)
    c.drawCentredString(page.x(w / 2), page.y(36), CALIBRATION_TITLE)
    c.setFont(regular, size)
    y = 44.0
    pitch = size * 1.3 * PT_TO_MM
    for step in CALIBRATION_STEPS:
        fit = fit_text(step, (right - left) * mm, 20, size, size, lambda t, s: measure(regular, t, s))
        for line in fit.lines:
            if abs(y - h / 2) < 9:  # leave the centre crosshair clear
                y = h / 2 + 9
            c.drawString(page.x(left), page.y(y), line)
            y += pitch
        y += 1.2

    # the 100 mm scale bars, horizontal (under the text) and vertical (right of it)
    y = max(y + 8, h - 48)
    x0 = (right + left) / 2 - 50
    c.setLineWidth(0.8)
    c.line(page.x(x0), page.y(y), page.x(x0 + 100), page.y(y))
    c.setLineWidth(0.3)
    c.setFont(regular, 7)
    for i in range(101):
        length = 4.0 if i % 10 == 0 else 2.5 if i % 5 == 0 else 1.5
        c.line(page.x(x0 + i), page.y(y), page.x(x0 + i), page.y(y - length))
        if i % 10 == 0:
            c.drawCentredString(page.x(x0 + i), page.y(y + 3.2), str(i))
    c.setFont(bold, 9)
    c.drawCentredString(page.x(x0 + 50), page.y(y + 8), "Thước kiểm tra tỉ lệ: từ vạch 0 đến vạch 100 phải đúng 100 mm")
    vx, vy0 = w - 42.0, (h - 100) / 2
    c.setLineWidth(0.8)
    c.line(page.x(vx), page.y(vy0), page.x(vx), page.y(vy0 + 100))
    c.setLineWidth(0.3)
    c.setFont(regular, 7)
    for i in range(101):
        length = 4.0 if i % 10 == 0 else 2.5 if i % 5 == 0 else 1.5
        c.line(page.x(vx), page.y(vy0 + i), page.x(vx - length), page.y(vy0 + i))
        if i % 10 == 0:
            c.drawString(page.x(vx + 1.5), page.y(vy0 + i + 0.9), str(i))
    c.saveState()
    c.translate(page.x(vx + 9), page.y(vy0 + 50))
    c.rotate(-90)
    c.setFont(bold, 9)
    c.drawCentredString(0, 0, "Thước dọc: 100 mm")
    c.restoreState()
    c.showPage()
    c.save()
