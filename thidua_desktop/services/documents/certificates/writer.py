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
import dataclasses
import functools
import io
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

from ....domain.certificates import (
    MODES,
    PT_TO_MM,
    CertificateData,
    FieldSpec,
    Fit,
    Template,
    TemplateError,
    fit_text,
    format_size,
    template_from_dict,
    template_to_dict,
)
from ....paths import resource_path, user_templates_dir
from ..fonts import face_name, font_ascent, register_fonts

__all__ = ["PlacedField", "PlacedLine", "Shape", "border_shapes", "bundled_template", "content_box", "emblem_rect",
           "without_emblem_band", "check_emblem", "check_fit", "layout", "load_templates",
           "measure", "place_field", "read_template", "remove_user_template", "save_user_template", "user_template_path",
           "write_calibration_sheet", "write_certificates"]

PathLike = str | os.PathLike
CREATOR = "ThiĐua Desktop"
RULE_DROP = 0.3        # a rule_below sits this many font sizes under the baseline
RULE_WIDTH_PT = 0.6


# ---------------------------------------------------------------- templates
def load_templates(folders: Iterable[PathLike] | None = None) -> dict[str, Template]:
    """Every ``*.json`` template (by code) from ``folders``, a later folder's
    template replacing an earlier one of the same code (default: the bundled
    ``resources/templates``, then the user's own copies in
    :func:`~thidua_desktop.paths.user_templates_dir`, written by the template
    editor). A broken file raises :class:`TemplateError` naming the file; so
    does a code used twice within one folder."""
    dirs = [Path(f) for f in folders] if folders is not None else [resource_path("templates"), user_templates_dir()]
    out: dict[str, Template] = {}
    for folder in dirs:
        seen: set[str] = set()
        for path in sorted(folder.glob("*.json")):
            template = read_template(path)
            if template.code in seen:
                raise TemplateError([f"{path.name}: mã mẫu “{template.code}” đã dùng cho mẫu khác"])
            seen.add(template.code)
            out[template.code] = template
    return out


def read_template(path: PathLike) -> Template:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TemplateError([f"{path.name}: không đọc được tệp mẫu ({exc})"]) from None
    try:
        return template_from_dict(data)
    except TemplateError as exc:
        raise TemplateError([f"{path.name}: {m}" for m in exc.errors]) from None


def user_template_path(code: str) -> Path:
    """Where the user's copy of template ``code`` is (or would be) kept."""
    return user_templates_dir() / f"{code}.json"


def save_user_template(template: Template) -> Path:
    """Write ``template`` as the user's copy (it then replaces the bundled one of its code)."""
    path = user_template_path(template.code)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(template_to_dict(template), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def remove_user_template(code: str) -> bool:
    """Drop the user's copy of ``code`` (back to the bundled template); returns whether there was one."""
    path = user_template_path(code)
    if path.is_file():
        path.unlink()
        return True
    return False


def bundled_template(code: str) -> Template | None:
    return load_templates([resource_path("templates")]).get(code)


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
        family = register_fonts()
        _to_file(path, lambda target: _write_calibration(target, page_w_mm, page_h_mm, family))
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
