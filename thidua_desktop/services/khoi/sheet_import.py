"""A khối's bảng chấm điểm read from the .xlsx it circulates.

The table is found by its header (Mục / TT · Nội dung / Tiêu chí · Điểm
chuẩn / Điểm tối đa, and optionally Điểm cộng · Điểm trừ · Minh chứng);
columns a member fills (Tự chấm, Thẩm định) are ignored. Each row becomes a
line; its level comes from the printed Mục (``domain.khoi.outline_levels``:
I → 1 → 1.1 → a → a1, bullets below); a heading whose text says "điểm cộng"
or "điểm trừ" makes its lines bonuses or penalties, as does a value in a
Điểm cộng or Điểm trừ column; a heading's "(tối đa 20 điểm)" is its cap when
its Điểm chuẩn cell is empty. Total rows and the signature block are left
out. Nothing is written: :func:`read_score_sheet` returns the sheet and the
problems, row by row; the caller saves it (a new version) only when there are none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ...domain import khoi as dk
from ...domain import vntext
from ...domain.khoi import Criterion, ScoreSheet
from ..imports.cells import fix_legacy, plain
from ..imports.layout import HEADER_SCAN_ROWS, header_key, header_text
from ..imports.workbook import ImportFileError, open_workbook, sheet_rows

_COLUMNS = {
    "muc": {"muc", "tt", "stt", "so tt", "so thu tu", "ma", "ma so"},
    "noi_dung": {"noi dung", "tieu chi", "tieu chuan", "noi dung tieu chi", "noi dung cham diem",
                 "noi dung thi dua", "tieu chi cham diem", "noi dung tieu chuan", "cac tieu chi"},
    "diem_chuan": {"diem chuan", "diem toi da", "thang diem", "diem", "so diem", "diem chuan toi da"},
    "cong": {"diem cong", "diem thuong"},
    "tru": {"diem tru"},
    "minh_chung": {"minh chung", "tai lieu minh chung", "tai lieu kiem chung", "yeu cau minh chung",
                   "can cu cham diem", "ho so minh chung"},
}
_SKIP_TEXT = re.compile(r"^(tong cong|tong diem|tong so|cong|nguoi lap|xac nhan|thu truong)\b")
_CAP = re.compile(r"toi da\s*(?:la\s*)?(\d+(?:[.,]\d+)?)")


@dataclass
class SheetRead:
    path: Path
    sheet: ScoreSheet
    rows: dict[int, int] = field(default_factory=dict)  # line index → Excel row
    problems: list[str] = field(default_factory=list)  # each names its Excel row

    @property
    def ok(self) -> bool:
        return not self.problems and not self.sheet.errors()

    def all_problems(self) -> list[str]:
        return self.problems + self.sheet.errors()


def _column(key: str) -> str | None:
    for name, keys in _COLUMNS.items():
        if key in keys:
            return name
    if key.startswith("diem chuan"):
        return "diem_chuan"
    if key.startswith("noi dung"):
        return "noi_dung"
    return None


def _text(value) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else plain(value)
    if not text.isascii():
        fixed = fix_legacy(text, None)
        if fixed is not None:
            text = fixed[0]
    return vntext.clean(text)


def read_score_sheet(path: Path | str, *, cach_tinh: str | None = None,
                     diem_co_so: Decimal = Decimal(100)) -> SheetRead:
    """Read the first sheet of ``path`` that holds a score table. ``cach_tinh``
    overrides the total rule (by default: ``co_so`` when no line is scored, only
    bonuses and penalties; ``tong`` otherwise)."""
    path = Path(path)
    with open_workbook(path) as wb:
        found = None
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            rows = sheet_rows(path, ws)
            header = _find_header(rows)
            if header is not None:
                found = (ws.title, rows, *header)
                break
    if found is None:
        raise ImportFileError(f"Không tìm thấy bảng chấm điểm trong “{path.name}”: cần một dòng tiêu đề có cột "
                              "Nội dung (hoặc Tiêu chí) và cột Điểm chuẩn (hoặc Điểm tối đa).")
    title, rows, header_index, columns = found
    name = next((t for r in rows[:header_index] for t in (_text(v) for v in r) if "cham diem" in header_key(t)),
                path.stem)
    lines: list[dict] = []
    problems: list[str] = []
    excel_rows: list[int] = []
    for index in range(header_index + 1, len(rows)):
        raw = rows[index]
        excel_row = index + 1

        def cell(col_name: str, raw=raw):
            col = columns.get(col_name)
            return raw[col] if col is not None and col < len(raw) else None

        muc, noi_dung = _text(cell("muc")), _text(cell("noi_dung"))
        values = [v for v in raw if v not in (None, "")]
        if not values:
            continue
        if all(isinstance(v, (int, float)) or str(v).strip().isdigit() for v in values) and len(values) >= 3 \
                and not noi_dung.strip("()0123456789 "):
            continue  # the row of column numbers under the header
        if not noi_dung:
            if muc:
                problems.append(f"Dòng {excel_row}: mục “{muc}” không có nội dung")
            continue
        if _SKIP_TEXT.match(header_key(noi_dung)) and not muc:
            continue
        if not muc:
            m = re.match(r"^(tiêu chuẩn|tiêu chí|phần)\s+([0-9IVX]+)\b", noi_dung, re.IGNORECASE)
            if m:
                muc = m.group(2)
        line = {"muc": muc, "noi_dung": noi_dung, "minh_chung": _text(cell("minh_chung")), "loai": None,
                "diem_chuan": None}
        for col_name, loai in (("diem_chuan", None), ("cong", "cong"), ("tru", "tru")):
            value = cell(col_name)
            if value in (None, ""):
                continue
            try:
                score = dk.parse_score(value, "Điểm")
            except dk.ScoreError as exc:
                problems.append(f"Dòng {excel_row}: {exc}")
                continue
            if score is None:
                continue
            line["diem_chuan"] = score
            if loai:
                line["loai"] = loai
        key = header_key(noi_dung)
        heading = dk.muc_kind(muc)[0] in ("roman", "") or key.startswith(("diem cong", "diem thuong", "diem tru"))
        if line["loai"] is None and heading and ("diem cong" in key or "diem thuong" in key):
            line["loai"] = "cong"
        elif line["loai"] is None and heading and "diem tru" in key:
            line["loai"] = "tru"
        if line["diem_chuan"] is None and (m := _CAP.search(key.replace(" diem", ""))) and line["loai"]:
            line["diem_chuan"] = dk.parse_score(m.group(1))
        lines.append(line)
        excel_rows.append(excel_row)
    levels = dk.outline_levels([line["muc"] for line in lines])
    criteria: list[Criterion] = []
    kinds: list[str] = []
    for i, (line, level) in enumerate(zip(lines, levels)):
        parent = next((j for j in range(i - 1, -1, -1) if levels[j] < level), None)
        loai = line["loai"] or (kinds[parent] if parent is not None else "cham")
        kinds.append(loai)
        criteria.append(Criterion(line["muc"], line["noi_dung"], level, loai, line["diem_chuan"], line["minh_chung"]))
    if cach_tinh is None:
        cach_tinh = "tong" if any(c.loai == "cham" for c in criteria) else "co_so"
    ten = name if name != path.stem else f"Bảng chấm điểm “{path.name}”, trang “{title}”"
    sheet = ScoreSheet(tuple(criteria), cach_tinh, diem_co_so, ten=ten)
    return SheetRead(path, sheet.normalised(), dict(enumerate(excel_rows)), problems)


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for index, raw in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(raw):
            name = _column(header_key(header_text(value)))
            if name is not None and name not in columns:
                columns[name] = col
        if "noi_dung" in columns and ("diem_chuan" in columns or "cong" in columns or "tru" in columns):
            return index, columns
    return None
