"""Certificates (Giấy khen, bằng Chiến sĩ thi đua cơ sở, Bằng khen): templates
and the data printed on them (text fitting is :mod:`.fitting`, printer
calibration :mod:`.calibration`). Pure Python: no Qt, no reportlab, no SQL (the PDF writer is :mod:`thidua_desktop.services.documents.certificates`).

Templates
---------
A :class:`Template` is a page size and a list of :class:`FieldSpec` boxes in
millimetres from the **top-left corner** of the page. Templates are data
(``resources/templates/*.json``), read with :func:`template_from_dict`, which
checks everything and raises :class:`TemplateError` with every problem in
Vietnamese; :func:`template_to_dict` writes them back.

A field's ``source`` says what it shows:

* a key of :class:`CertificateData` (``"ten"``, ``"don_vi"``, …) or one of the
  derived texts in :data:`DERIVED_KEYS` (``"nguoi_nhan"`` = ``"Ông Nguyễn Văn
  An"``, ``"noi_ngay_ky"`` = ``"Khánh Hòa, ngày 20 tháng 12 năm 2026"``, …);
* ``"text:…"`` — fixed text, e.g. ``"text:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"``;
* a format string over those keys, e.g. ``"Quyết định số {so_quyet_dinh} ngày
  {ngay_quyet_dinh_text}"``; when every key it names is empty the field
  prints nothing (no "Số sổ vàng:" without a number).

``modes`` says when a field prints: ``"full"`` (blank paper: border, emblem,
every line) and/or ``"phoi"`` (pre-printed blanks: only the variable text).

Space a field takes: ``max_lines × line_gap × size_pt`` points high from its
``y_mm``, ``width_mm`` wide from its ``x_mm``; fields printed in the same mode
must not overlap. Where the text goes inside the box (baselines, alignment)
is the renderer's convention, documented in :mod:`thidua_desktop.services.documents.certificates`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ..dates import ngay_thang_nam, place_date
from ..vntext import clean, clean_lines

__all__ = [
    "ALIGNS", "DATA_KEYS", "DERIVED_KEYS", "FIELD_LABELS", "FONTS", "KINDS", "MODES", "PT_TO_MM", "SOURCE_KEYS",
    "CertificateData", "EmblemBox", "FieldSpec", "Template", "TemplateError",
    "format_size", "ngay_thang_nam", "template_from_dict", "template_to_dict",
]

PT_TO_MM = 25.4 / 72
FONTS = ("regular", "bold", "italic", "bold_italic")
ALIGNS = ("left", "center", "right")
MODES = ("full", "phoi")
KINDS = {"giay_khen": "Giấy khen", "cstdcs": "Chiến sĩ thi đua cơ sở", "bang_khen": "Bằng khen"}



class TemplateError(ValueError):
    """A template that cannot be used; ``errors`` lists every problem (Vietnamese)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def format_size(value: float) -> str:
    """A number the Vietnamese way: ``12`` → ``"12"``, ``10.5`` → ``"10,5"``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


_clean_lines = clean_lines


# ---------------------------------------------------------------- data
@dataclass(frozen=True)
class CertificateData:
    """What one certificate says. Text is NFC-cleaned by :meth:`normalised`
    (line breaks kept: a signer's title may take two lines)."""

    ten: str = ""               # person or unit
    danh_xung: str = ""         # "Ông" / "Bà"; "" for a collective
    chuc_vu: str = ""
    don_vi: str = ""            # unit; for a collective its parent body
    thanh_tich: str = ""        # "Đã có thành tích xuất sắc …"
    hinh_thuc: str = ""         # "GIẤY KHEN", "CHIẾN SĨ THI ĐUA CƠ SỞ", "BẰNG KHEN"
    tang: str = "TẶNG"          # "TẶNG" or "TẶNG DANH HIỆU"
    nguoi_quyet_dinh: str = ""  # "TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA"
    so_quyet_dinh: str = ""     # "125/QĐ-BDT"
    ngay_quyet_dinh: dt.date | None = None
    so_so_vang: str = ""
    dia_danh: str = ""          # "Khánh Hòa"
    ngay_ky: dt.date | None = None
    chuc_danh_ky: str = ""      # "TRƯỞNG BAN" or "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
    nguoi_ky: str = ""

    def normalised(self) -> "CertificateData":
        changes = {f.name: _clean_lines(getattr(self, f.name)) for f in dataclasses.fields(self)
                   if isinstance(getattr(self, f.name), str)}
        return dataclasses.replace(self, **changes)

    def errors(self) -> list[str]:
        return [] if clean(self.ten) else ["Chưa có tên người hoặc tập thể được khen thưởng"]

    # derived texts (usable as sources)
    @property
    def nguoi_nhan(self) -> str:
        """``"Ông Nguyễn Văn An"``, or the unit's name alone."""
        return " ".join(part for part in (self.danh_xung.strip(), self.ten.strip()) if part)

    @property
    def ngay_quyet_dinh_text(self) -> str:
        return ngay_thang_nam(self.ngay_quyet_dinh)

    @property
    def ngay_ky_text(self) -> str:
        return ngay_thang_nam(self.ngay_ky)

    @property
    def noi_ngay_ky(self) -> str:
        """``"Khánh Hòa, ngày 20 tháng 12 năm 2026"``."""
        return place_date(self.dia_danh, self.ngay_ky)

    def value(self, key: str) -> str:
        """The text of a source key ("" for an empty value)."""
        raw = getattr(self, key)
        if raw is None:
            return ""
        if isinstance(raw, dt.date):
            return f"{raw:%d/%m/%Y}"
        return raw if isinstance(raw, str) else str(raw)

    def is_empty(self, key: str) -> bool:
        """Whether a key has no value (a derived date text is empty with its date)."""
        base = _DERIVED_BASE.get(key, (key,))
        return all(getattr(self, k) in (None, "") for k in base)


DATA_KEYS = tuple(f.name for f in dataclasses.fields(CertificateData))
DERIVED_KEYS = ("nguoi_nhan", "ngay_quyet_dinh_text", "ngay_ky_text", "noi_ngay_ky")
_DERIVED_BASE = {"nguoi_nhan": ("ten",), "ngay_quyet_dinh_text": ("ngay_quyet_dinh",),
                 "ngay_ky_text": ("ngay_ky",), "noi_ngay_ky": ("dia_danh", "ngay_ky")}
SOURCE_KEYS = frozenset(DATA_KEYS + DERIVED_KEYS)

FIELD_LABELS = {
    "ten": "Họ tên / tên tập thể", "danh_xung": "Danh xưng", "chuc_vu": "Chức vụ", "don_vi": "Đơn vị",
    "thanh_tich": "Thành tích", "hinh_thuc": "Hình thức khen thưởng", "tang": "Dòng “Tặng”",
    "nguoi_quyet_dinh": "Chức danh người quyết định", "so_quyet_dinh": "Số quyết định",
    "ngay_quyet_dinh": "Ngày quyết định", "so_so_vang": "Số sổ vàng", "dia_danh": "Địa danh",
    "ngay_ky": "Ngày ký", "chuc_danh_ky": "Chức danh người ký", "nguoi_ky": "Người ký",
    "nguoi_nhan": "Người được khen", "ngay_quyet_dinh_text": "Ngày quyết định", "ngay_ky_text": "Ngày ký",
    "noi_ngay_ky": "Địa danh, ngày ký",
}

_FORMATTER = string.Formatter()


def _format_keys(source: str) -> list[str]:
    """The keys a format string names (raises ValueError on a malformed one)."""
    keys = []
    for _literal, name, spec, conversion in _FORMATTER.parse(source):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"“{{{name}}}” không được có định dạng hay chuyển đổi")
        keys.append(name)
    return keys


def _is_format(source: str) -> bool:
    return "{" in source or "}" in source


# ---------------------------------------------------------------- template
@dataclass(frozen=True)
class FieldSpec:
    """One box of text on the page (see the module notes)."""

    name: str
    source: str
    x_mm: float
    y_mm: float
    width_mm: float
    max_lines: int = 1
    font: str = "regular"
    size_pt: float = 14.0
    min_size_pt: float | None = None    # None: the field does not shrink
    align: str = "center"
    color: str = "#000000"
    uppercase: bool = False
    modes: tuple[str, ...] = MODES
    line_gap: float = 1.2
    rule_below: bool = False
    label: str = ""                     # for messages; defaults to the source's label

    @property
    def min_pt(self) -> float:
        return self.size_pt if self.min_size_pt is None else self.min_size_pt

    @property
    def is_fixed(self) -> bool:
        return self.source.startswith("text:")

    @property
    def height_mm(self) -> float:
        """The height the field reserves: ``max_lines × line_gap × size_pt``."""
        return self.max_lines * self.line_gap * self.size_pt * PT_TO_MM

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        return FIELD_LABELS.get(self.source, self.name)

    def keys(self) -> tuple[str, ...]:
        if self.is_fixed:
            return ()
        if _is_format(self.source):
            return tuple(_format_keys(self.source))
        return (self.source,)

    def prints_in(self, mode: str) -> bool:
        return mode in self.modes

    def text_for(self, data: CertificateData) -> str:
        """The text this field prints for ``data`` (already normalised): NFC,
        in capitals when ``uppercase``; ``""`` when there is nothing to print."""
        if self.is_fixed:
            text = self.source[5:]
        elif _is_format(self.source):
            keys = _format_keys(self.source)
            if keys and all(data.is_empty(k) for k in keys):
                return ""
            text = self.source.format_map({k: data.value(k) for k in keys})
        else:
            text = data.value(self.source)
        text = _clean_lines(text)
        if self.uppercase:
            text = text.upper()
        return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class EmblemBox:
    """Where the emblem (Quốc huy or the organisation's) goes, full mode only;
    the image is scaled to fit, keeping its proportions, centred in the box."""

    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    kind: str
    page_w_mm: float
    page_h_mm: float
    fields: tuple[FieldSpec, ...]
    border: bool = True                 # full mode: a decorative double border
    border_color: str = "#B0802A"
    emblem: EmblemBox | None = None
    ghi_chu: str = ""

    def fields_for(self, mode: str) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.prints_in(mode))

    @property
    def landscape(self) -> bool:
        return self.page_w_mm >= self.page_h_mm


# ---------------------------------------------------------------- validation
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CODE = re.compile(r"^[a-z0-9_\-]+$")
_FIELD_KEYS = {f.name for f in dataclasses.fields(FieldSpec)}
_TEMPLATE_KEYS = {"code", "name", "kind", "page_w_mm", "page_h_mm", "fields", "border", "border_color", "emblem",
                  "ghi_chu"}
_FIELD_DEFAULTS = {f.name: f.default for f in dataclasses.fields(FieldSpec)
                   if f.default is not dataclasses.MISSING}
_OVERLAP_TOLERANCE_MM = 0.5


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def number(self, where: str, label: str, value: object, *, low: float | None = None,
               high: float | None = None, strict_low: bool = False) -> float | None:
        if not _is_number(value):
            self.errors.append(f"{where}{label} phải là một số (đang là {value!r})")
            return None
        v = float(value)  # type: ignore[arg-type]
        if low is not None and (v <= low if strict_low else v < low):
            self.errors.append(f"{where}{label} phải {'lớn hơn' if strict_low else 'từ'} {format_size(low)}"
                               f"{'' if strict_low else ' trở lên'} (đang là {format_size(v)})")
            return None
        if high is not None and v > high:
            self.errors.append(f"{where}{label} không được quá {format_size(high)} (đang là {format_size(v)})")
            return None
        return v

    def boolean(self, where: str, label: str, value: object) -> bool | None:
        if not isinstance(value, bool):
            self.errors.append(f"{where}{label} phải là true hoặc false (đang là {value!r})")
            return None
        return value

    def color(self, where: str, label: str, value: object) -> str | None:
        if not isinstance(value, str) or not _HEX.match(value):
            self.errors.append(f"{where}{label} phải có dạng #RRGGBB (đang là {value!r})")
            return None
        return value.upper()


def _check_source(c: _Checker, where: str, source: object) -> str | None:
    if not isinstance(source, str) or not source.strip():
        c.errors.append(f"{where}thiếu nguồn dữ liệu (source)")
        return None
    if source.startswith("text:"):
        if not source[5:].strip():
            c.errors.append(f"{where}chữ cố định (text:) đang để trống")
            return None
        return source
    if _is_format(source):
        try:
            keys = _format_keys(source)
        except ValueError as exc:
            c.errors.append(f"{where}mẫu chữ “{source}” không hợp lệ: {exc}")
            return None
        unknown = [k for k in keys if k not in SOURCE_KEYS]
        if unknown or not keys:
            what = ", ".join(f"“{k}”" for k in unknown) if unknown else "không có trường nào"
            c.errors.append(f"{where}mẫu chữ “{source}” dùng trường không có: {what}")
            return None
        return source
    if source not in SOURCE_KEYS:
        c.errors.append(f"{where}nguồn dữ liệu không có: “{source}” (dùng một trong {', '.join(sorted(SOURCE_KEYS))}, "
                        "hoặc “text:…” cho chữ cố định)")
        return None
    return source


def _field_from_dict(c: _Checker, index: int, data: object, page_w: float | None,
                     page_h: float | None) -> FieldSpec | None:
    if not isinstance(data, Mapping):
        c.errors.append(f"Trường thứ {index}: phải là một đối tượng JSON")
        return None
    name = data.get("name")
    where = f"Trường “{name}”: " if isinstance(name, str) and name.strip() else f"Trường thứ {index}: "
    before = len(c.errors)
    if not (isinstance(name, str) and name.strip()):
        c.errors.append(f"{where}thiếu tên (name)")
    for key in sorted(set(data) - _FIELD_KEYS):
        c.errors.append(f"{where}khóa không biết “{key}”")
    missing = [key for key in ("source", "x_mm", "y_mm", "width_mm") if key not in data]
    for key in missing:
        c.errors.append(f"{where}thiếu “{key}”")
    if missing:
        return None
    values = {**_FIELD_DEFAULTS, **{k: v for k, v in data.items() if k in _FIELD_KEYS}}
    source = _check_source(c, where, values["source"])
    x = c.number(where, "x_mm", values["x_mm"], low=0)
    y = c.number(where, "y_mm", values["y_mm"], low=0)
    width = c.number(where, "width_mm", values["width_mm"], low=0, strict_low=True)
    max_lines = values["max_lines"]
    if not (isinstance(max_lines, int) and not isinstance(max_lines, bool) and 1 <= max_lines <= 30):
        c.errors.append(f"{where}số dòng tối đa (max_lines) phải là số nguyên từ 1 đến 30 (đang là {max_lines!r})")
        max_lines = None
    font = values["font"]
    if font not in FONTS:
        c.errors.append(f"{where}kiểu chữ “{font}” không có (dùng regular, bold, italic hoặc bold_italic)")
    size = c.number(where, "cỡ chữ (size_pt)", values["size_pt"], low=4, high=300)
    min_size = values["min_size_pt"]
    if min_size is not None:
        min_size = c.number(where, "cỡ chữ nhỏ nhất (min_size_pt)", min_size, low=4, high=300)
        if min_size is not None and size is not None and min_size > size:
            c.errors.append(f"{where}cỡ chữ nhỏ nhất ({format_size(min_size)}) lớn hơn cỡ chữ "
                            f"({format_size(size)})")
    align = values["align"]
    if align not in ALIGNS:
        c.errors.append(f"{where}căn lề “{align}” không có (dùng left, center hoặc right)")
    color = c.color(where, "màu chữ (color)", values["color"])
    uppercase = c.boolean(where, "uppercase", values["uppercase"])
    rule_below = c.boolean(where, "rule_below", values["rule_below"])
    modes = values["modes"]
    if (not isinstance(modes, (list, tuple)) or not modes or any(m not in MODES for m in modes)
            or len(set(modes)) != len(modes)):
        c.errors.append(f"{where}chế độ in (modes) phải là danh sách gồm “full” và/hoặc “phoi” (đang là {modes!r})")
        modes = None
    elif "modes" not in data and isinstance(source, str) and source.startswith("text:"):
        modes = ("full",)  # fixed lines are pre-printed on the phôi
    line_gap = c.number(where, "giãn dòng (line_gap)", values["line_gap"], low=0.8, high=4)
    label = values["label"]
    if not isinstance(label, str):
        c.errors.append(f"{where}nhãn (label) phải là chữ")
    # the box on the page, with whatever numbers are valid
    if page_w is not None and x is not None and width is not None and x + width > page_w + 1e-6:
        c.errors.append(f"{where}khung chữ vượt ra ngoài trang theo chiều ngang "
                        f"({format_size(x)} + {format_size(width)} > {format_size(page_w)} mm)")
    if page_h is not None and y is not None and None not in (size, max_lines, line_gap):
        height = max_lines * line_gap * size * PT_TO_MM
        if y + height > page_h + 1e-6:
            c.errors.append(f"{where}khung chữ vượt ra ngoài trang theo chiều dọc "
                            f"({format_size(y)} + {format_size(height)} > {format_size(page_h)} mm)")
    if len(c.errors) > before:
        return None
    return FieldSpec(name=name.strip(), source=source, x_mm=x, y_mm=y, width_mm=width, max_lines=max_lines,
                     font=font, size_pt=size, min_size_pt=min_size, align=align, color=color,
                     uppercase=uppercase, modes=tuple(m for m in MODES if m in modes), line_gap=line_gap,
                     rule_below=rule_below, label=label.strip())


def _box(f: FieldSpec) -> tuple[float, float, float, float]:
    return f.x_mm, f.y_mm, f.width_mm, f.height_mm


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two (x, y, w, h) rectangles overlap by more than the tolerance."""
    t = _OVERLAP_TOLERANCE_MM
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw - t and bx < ax + aw - t and ay < by + bh - t and by < ay + ah - t


def template_from_dict(data: object) -> Template:
    """A :class:`Template` from its JSON form; :class:`TemplateError` lists
    every problem found (unknown keys, fonts, sources; boxes outside the page
    or overlapping; minimum size above the size …)."""
    c = _Checker()
    if not isinstance(data, Mapping):
        raise TemplateError(["Mẫu phải là một đối tượng JSON"])
    for key in sorted(set(data) - _TEMPLATE_KEYS):
        c.errors.append(f"Khóa không biết “{key}”")
    code, name, kind = data.get("code"), data.get("name"), data.get("kind")
    if not (isinstance(code, str) and _CODE.match(code)):
        c.errors.append(f"Mã mẫu (code) phải gồm chữ thường không dấu, số, “_” hoặc “-” (đang là {code!r})")
    if not (isinstance(name, str) and name.strip()):
        c.errors.append("Thiếu tên mẫu (name)")
    if kind not in KINDS:
        c.errors.append(f"Loại (kind) “{kind}” không có (dùng {', '.join(KINDS)})")
    page_w = c.number("", "Chiều rộng trang (page_w_mm)", data.get("page_w_mm"), low=50, high=1200)
    page_h = c.number("", "Chiều cao trang (page_h_mm)", data.get("page_h_mm"), low=50, high=1200)
    border = c.boolean("", "Viền (border)", data.get("border", True))
    border_color = c.color("", "Màu viền (border_color)", data.get("border_color", Template.border_color))
    ghi_chu = data.get("ghi_chu", "")
    if not isinstance(ghi_chu, str):
        c.errors.append("Ghi chú (ghi_chu) phải là chữ")
    emblem = None
    raw_emblem = data.get("emblem")
    if raw_emblem is not None:
        if not isinstance(raw_emblem, Mapping) or set(raw_emblem) != {"x_mm", "y_mm", "w_mm", "h_mm"}:
            c.errors.append("Khung quốc huy (emblem) phải có đúng x_mm, y_mm, w_mm, h_mm")
        else:
            where = "Khung quốc huy: "
            x = c.number(where, "x_mm", raw_emblem["x_mm"], low=0)
            y = c.number(where, "y_mm", raw_emblem["y_mm"], low=0)
            w = c.number(where, "w_mm", raw_emblem["w_mm"], low=0, strict_low=True)
            h = c.number(where, "h_mm", raw_emblem["h_mm"], low=0, strict_low=True)
            if None not in (x, y, w, h):
                emblem = EmblemBox(x, y, w, h)
                if page_w is not None and page_h is not None and (x + w > page_w + 1e-6 or y + h > page_h + 1e-6):
                    c.errors.append("Khung quốc huy vượt ra ngoài trang")
    fields: list[FieldSpec] = []
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        c.errors.append("Mẫu phải có danh sách trường (fields) không rỗng")
    else:
        for i, raw in enumerate(raw_fields, 1):
            spec = _field_from_dict(c, i, raw, page_w, page_h)
            if spec is not None:
                fields.append(spec)
        seen: set[str] = set()
        for spec in fields:
            if spec.name in seen:
                c.errors.append(f"Tên trường “{spec.name}” bị trùng")
            seen.add(spec.name)
        for i, a in enumerate(fields):
            for b in fields[i + 1:]:
                if set(a.modes) & set(b.modes) and _overlaps(_box(a), _box(b)):
                    c.errors.append(f"Trường “{a.name}” và “{b.name}” chồng lên nhau")
        if emblem is not None:
            box = (emblem.x_mm, emblem.y_mm, emblem.w_mm, emblem.h_mm)
            for spec in fields:
                if "full" in spec.modes and _overlaps(_box(spec), box):
                    c.errors.append(f"Trường “{spec.name}” chồng lên khung quốc huy")
    if c.errors:
        raise TemplateError(c.errors)
    return Template(code=code, name=name.strip(), kind=kind, page_w_mm=page_w, page_h_mm=page_h,
                    fields=tuple(fields), border=border, border_color=border_color, emblem=emblem,
                    ghi_chu=ghi_chu)


def template_to_dict(template: Template) -> dict:
    """The JSON form of a template (every key written out)."""
    def num(v: float) -> float | int:
        return int(v) if float(v).is_integer() else v

    fields = []
    for f in template.fields:
        out = {"name": f.name}
        if f.label:
            out["label"] = f.label
        out.update(source=f.source, x_mm=num(f.x_mm), y_mm=num(f.y_mm), width_mm=num(f.width_mm),
                   max_lines=f.max_lines, font=f.font, size_pt=num(f.size_pt),
                   min_size_pt=None if f.min_size_pt is None else num(f.min_size_pt), align=f.align,
                   color=f.color, uppercase=f.uppercase, modes=list(f.modes), line_gap=num(f.line_gap),
                   rule_below=f.rule_below)
        fields.append(out)
    emblem = None
    if template.emblem is not None:
        e = template.emblem
        emblem = {"x_mm": num(e.x_mm), "y_mm": num(e.y_mm), "w_mm": num(e.w_mm), "h_mm": num(e.h_mm)}
    return {"code": template.code, "name": template.name, "kind": template.kind, "ghi_chu": template.ghi_chu,
            "page_w_mm": num(template.page_w_mm), "page_h_mm": num(template.page_h_mm),
            "border": template.border, "border_color": template.border_color, "emblem": emblem, "fields": fields}
