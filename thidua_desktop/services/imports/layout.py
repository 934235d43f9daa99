"""Finding a table in a sheet: the header row (or two), and which column holds
which field, by accent-insensitive header words.

*What* the words mean is each importer's :class:`HeaderSpec` (its fields,
its classifier, the header cell that anchors the table, two-row header
refinements); :func:`detect_layout` finds the header rows and maps the
columns, the user may correct the result (:func:`check_layout`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ...domain import vntext
from .cells import DATE_LIKE_TEXT, fix_legacy
from .workbook import ImportFileError, SheetData

__all__ = [
    "FAMILY_PART", "GIVEN_PART", "HEADER_SCAN_ROWS", "STT_HEADERS", "HeaderSpec", "Layout", "check_layout",
    "detect_layout", "find_header", "header_key", "header_text", "is_name_header", "is_unit_header", "refine_birth",
]

HEADER_SCAN_ROWS = 60


@dataclass
class Layout:
    """Where the table header is and which column (1-based) holds each field."""
    header_first_row: int
    header_last_row: int
    columns: dict[str, int]


_NON_WORD = re.compile(r"[^0-9a-z]+")
_key_cache: dict[str, str] = {}


def header_key(value) -> str:
    """Accent-free, lower-case, punctuation-free key of a header/footer text:
    ``"Ngày, tháng, năm sinh"`` → ``"ngay thang nam sinh"``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    k = _key_cache.get(text)
    if k is None:
        k = _NON_WORD.sub(" ", vntext.search_key(text)).strip()
        if len(_key_cache) > 50_000:
            _key_cache.clear()
        _key_cache[text] = k
    return k


_HO_TEN_RE = re.compile(
    r"ho (va |va chu dem |dem |chu dem )?ten( (khai sinh|can bo|cb|cbcc|cbccvc|cong chuc|vien chuc|"
    r"nguoi lao dong|nhan vien|ca nhan|thanh vien))*( \w+)?"
)
_HO_TEN_EXACT = {"ho ten", "ho va ten", "ten can bo", "ten cbccvc", "ten nhan vien", "ho ten can bo"}
GIVEN_PART = frozenset({"ten", "ten goi"})
FAMILY_PART = frozenset({"ho", "ho dem", "ho va dem", "ho va ten dem", "ho chu dem", "ho va chu dem"})


#: header keys of the STT (số thứ tự) column
STT_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"})


def refine_birth(top: str | None, bottom: str) -> str | None:
    """A "Ngày sinh" group over "Nam" | "Nữ" sub-headers: the birth date of
    men, of women (``ngay_sinh_nam`` / ``ngay_sinh_nu``); any other sub-header
    of the group is the birth date itself. ``None`` under other groups."""
    if top == "ngay_sinh":
        return {"nam": "ngay_sinh_nam", "nu": "ngay_sinh_nu"}.get(bottom, "ngay_sinh")
    return None


def is_unit_header(key: str) -> bool:
    """Does a header key name a unit column ("Đơn vị", "Phòng ban", "Nơi công tác")?"""
    return "don vi" in key or key in ("phong", "phong ban", "bo phan", "noi cong tac", "co quan", "to", "khoa")


def is_name_header(key: str) -> bool:
    """Does a header key name a person's name column ("Họ và tên", "Họ tên cán bộ")?"""
    return key in _HO_TEN_EXACT or bool(_HO_TEN_RE.fullmatch(key))


@dataclass(frozen=True)
class HeaderSpec:
    """What one importer's header words mean.

    ``classify(key)`` maps a header key (:func:`header_key`) to a field of
    ``fields`` or ``None``. ``anchor(key)`` recognises the header cell that
    marks the table (the name column); the field it maps to is ``required``.
    In a two-row header, ``refine(top_field, bottom_key)`` names the field of
    a sub-header cell under a group cell ("Ngày sinh" over "Nam" | "Nữ",
    "Quyết định" over "Số" | "Ngày"), or ``None``. ``sub_keys`` are the
    sub-header words that alone say nothing ("nam", "nu", "so", "ngay"); a
    row of them right under the anchor row makes a two-row header, and a row
    holding the anchor and such words under a ``group_fields`` cell is the
    second row of one; ``sub_key(key)`` recognises more such words (titles
    over tick columns). ``no_inherit`` lists group fields whose unknown
    sub-headers do not inherit the group ("Trình độ" over "Lý luận chính
    trị"). ``what`` names the table in messages ("bảng cán bộ").
    """
    fields: Mapping[str, str]
    classify: Callable[[str], str | None]
    required: str = "ho_ten"
    anchor: Callable[[str], bool] = is_name_header
    refine: Callable[[str | None, str], str | None] = lambda top, bottom: None
    sub_keys: frozenset[str] = frozenset()
    sub_key: Callable[[str], bool] = lambda key: False
    group_fields: tuple[str, ...] = ()
    no_inherit: tuple[str, ...] = ()
    what: str = "bảng"

    @property
    def required_label(self) -> str:
        return self.fields.get(self.required, self.required)


def _row_keys(data: SheetData, row: int, width: int) -> list[str]:
    return [header_key(header_text(data.value(row, c))) for c in range(1, width + 1)]


def header_text(value) -> str | None:
    """Header cell text, decoded from TCVN3/VNI if it is legacy-encoded."""
    if not isinstance(value, str):
        return None if value is None else str(value)
    if not value.isascii():
        fixed = fix_legacy(value, None)
        if fixed is not None:
            return fixed[0]
    return value


def find_header(data: SheetData, spec: HeaderSpec) -> tuple[int, int]:
    """``(first_row, last_row)`` of the table header, or ImportFileError."""
    limit = min(len(data.rows), HEADER_SCAN_ROWS)
    for r in range(1, limit + 1):
        row = data.rows[r - 1]
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            if spec.anchor(header_key(header_text(v))):
                return _header_span(data, r, c, spec)
    raise ImportFileError(
        f"Không tìm thấy {spec.what} trong trang “{data.name}”: không có ô tiêu đề “{spec.required_label}” "
        f"trong {limit} dòng đầu. Hãy kiểm tra đúng trang tính, hoặc chọn dòng tiêu đề và các cột bằng tay."
    )


def _header_span(data: SheetData, r: int, name_col: int, spec: HeaderSpec) -> tuple[int, int]:
    width = max(len(data.rows[r - 1]), len(data.rows[r]) if r < len(data.rows) else 0)
    below = [data.value(r + 1, c) for c in range(1, width + 1)]
    if _is_subheader(below, name_col, spec):
        return r, r + 1
    here = _row_keys(data, r, width)
    if r > 1 and any(k in spec.sub_keys for k in here):
        above = _row_keys(data, r - 1, width)
        if any(spec.classify(k) in spec.group_fields for k in above if k):
            return r - 1, r
    return r, r



def _is_subheader(values: list, name_col: int, spec: HeaderSpec) -> bool:
    """Is the row below the anchor header its second header row?"""
    texts = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    if not texts:
        return False
    name_cell = values[name_col - 1] if name_col - 1 < len(values) else None
    name_key = header_key(header_text(name_cell))
    if name_cell is not None and name_key not in FAMILY_PART and name_key not in GIVEN_PART:
        return False
    known = 0
    for v in texts:
        if not isinstance(v, str) or DATE_LIKE_TEXT.match(v.strip()):
            return False
        k = header_key(header_text(v))
        if k in spec.sub_keys or spec.classify(k) is not None or spec.sub_key(k):
            known += 1
    return known > 0


def _merge_map(data: SheetData, first: int, last: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Cells of merged ranges touching the header rows → their anchor."""
    out = {}
    for c1, r1, c2, r2 in data.merged:
        if r2 < first or r1 > last or (c1 == c2 and r1 == r2):
            continue
        for r in range(max(r1, first), min(r2, last) + 1):
            for c in range(c1, c2 + 1):
                out[(r, c)] = (r1, c1)
    return out


def detect_layout(data: SheetData, spec: HeaderSpec) -> Layout:
    """Find the header rows and map columns to ``spec.fields``.

    Header texts are compared accent- and case-insensitively (legacy TCVN3 /
    VNI headers are decoded first). In a two-row header the group cells of
    the first row are filled to the right over the columns their merge covers
    (read-only files show a merged cell only at its anchor), and
    ``spec.refine`` names the sub-header cells under them. When several
    columns claim a field, the best-scored leftmost wins. Raises
    :class:`ImportFileError` if the anchor header is missing.
    """
    first, last = find_header(data, spec)
    width = max(len(data.rows[r - 1]) for r in range(first, last + 1))
    merges = _merge_map(data, first, last)
    top = [header_text(data.value(first, c)) for c in range(1, width + 1)]
    bottom = [header_text(data.value(last, c)) for c in range(1, width + 1)] if last > first else [None] * width
    # Fill merged group cells of the first row to the right.
    for i in range(width):
        if top[i] is None:
            anchor = merges.get((first, i + 1))
            if anchor is not None:
                top[i] = header_text(data.value(*anchor))
            elif i > 0 and bottom[i] is not None and top[i - 1] is not None and not merges:
                # merges unknown: a header cell empty above a sub-header
                # belongs to the group on its left
                top[i] = top[i - 1]
    candidates: dict[str, list[tuple[int, int]]] = {}  # field -> [(score, col)]
    for i in range(width):
        col = i + 1
        tkey, bkey = header_key(top[i]), header_key(bottom[i])
        # a cell merged vertically over both rows shows the same text below
        if last > first and merges.get((last, col)) == merges.get((first, col)) and (first, col) in merges:
            bkey = ""
        tfield = spec.classify(tkey)
        fld, score = None, 0
        if bkey:
            refined = spec.refine(tfield, bkey)
            if refined is not None:
                fld, score = refined, 3
            else:
                fld = spec.classify(bkey)
                score = 2
                if fld is None and tfield is not None and tfield not in spec.no_inherit:
                    fld, score = tfield, 1
        elif tfield is not None:
            fld, score = tfield, 2
        if fld is not None:
            candidates.setdefault(fld, []).append((score, col))
    columns: dict[str, int] = {}
    for fld in spec.fields:
        options = candidates.get(fld)
        if options:
            best = max(s for s, _ in options)
            columns[fld] = min(c for s, c in options if s == best)
    if spec.required not in columns:
        raise ImportFileError(f"Không tìm thấy cột “{spec.required_label}” trong trang “{data.name}”.")
    # "Họ và tên" merged over two columns without a second header row:
    # family + middle names on the left, given name on the right.
    if "ten" in spec.fields and "ten" not in columns:
        for c1, r1, c2, _r2 in data.merged:
            if r1 == first and c1 == columns[spec.required] and c2 == c1 + 1 and c2 not in columns.values():
                columns["ten"] = c2
                break
    return Layout(first, last, columns)


def check_layout(layout: Layout, spec: HeaderSpec) -> None:
    """Refuse a hand-made layout that cannot be used (ImportFileError)."""
    if spec.required not in layout.columns:
        raise ImportFileError(f"Chưa chọn cột “{spec.required_label}”.")
    if layout.header_first_row < 1 or layout.header_last_row < layout.header_first_row:
        raise ImportFileError("Dòng tiêu đề không hợp lệ: dòng cuối phải sau hoặc bằng dòng đầu.")
    unknown = set(layout.columns) - set(spec.fields)
    if unknown or any(not isinstance(c, int) or c < 1 for c in layout.columns.values()):
        raise ImportFileError(f"Cách gán cột không hợp lệ: {layout.columns}")

