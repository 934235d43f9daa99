"""Statistical report forms (biểu mẫu báo cáo thống kê) as versioned data.

A form (``resources/rules/forms/*.json``, or the user's own in the data
folder's ``forms/``) names its legal basis, the reporting period, the header
and footer texts, what it counts (``source``: award facts, campaigns or
staff), and its rows and columns, each with a small declarative predicate
(``where``); a cell counts the records its row's and its column's predicates
(and the form's ``base``) all accept. No code lives in the data: a predicate
is an object whose every key must hold —

* ``{"all": [p, …]}``, ``{"any": [p, …]}``, ``{"not": p}``;
* ``{"field": value}`` (equal), ``{"field": [v, …]}`` (one of), or
  ``{"field": {"in"|"not_in": [...], "gte"|"gt"|"lte"|"lt": n,
  "prefix": [...], "contains": [...]}}`` (``contains``: accent-insensitive).

The fields each source offers are listed in :data:`FIELDS`; a form naming
another is refused on load with the place of the mistake. A row or column
whose figure the file cannot know carries ``"no_data": "why"`` instead of a
predicate: its cells stay blank for the secretary to fill; ``"heading": true``
marks a group's title row.

Pure Python, standard library only.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .vntext import search_key

FORMAT = "thidua-report-form"
FORMAT_VERSION = 1

#: source → field → what it is (Vietnamese, for the documentation and error messages)
FIELDS: Mapping[str, Mapping[str, str]] = {
    "facts": {
        "ma": "mã danh hiệu, hình thức", "level": "cấp (co_so, tinh, toan_quoc, chua_ro)",
        "kind": "loại (danh_hieu, hinh_thuc)", "subject": "đối tượng (ca_nhan, tap_the)",
        "phuong_thuc": "phương thức (cong_trang, chuyen_de, dot_xuat)",
        "nguon": "nguồn (quyet_dinh, cap_tren, lich_su, nhap_tay, nhap_excel)",
        "gioi_tinh": "giới tính (nam, nu)", "dan_toc": "dân tộc", "thieu_so": "dân tộc thiểu số (true/false)",
        "phan_loai": "phân loại đối tượng", "chuc_vu": "chức vụ",
    },
    "campaigns": {
        "loai": "loại phong trào (thuong_xuyen, chuyen_de)", "so_nam": "thời hạn (số năm)",
        "pham_vi": "phạm vi (co_quan)", "phat_dong": "cấp phát động (co_quan)",
    },
    "staff": {
        "gioi_tinh": "giới tính (nam, nu)", "tuoi": "tuổi (năm báo cáo − năm sinh)", "trinh_do": "trình độ",
        "chuc_vu": "chức vụ", "ngach": "ngạch", "ghi_chu": "ghi chú", "dan_toc": "dân tộc",
        "thieu_so": "dân tộc thiểu số (true/false)", "phan_loai": "phân loại đối tượng",
        "dang_cong_tac": "đang công tác (true/false)",
    },
}
_OPS = {"in", "not_in", "gte", "gt", "lte", "lt", "prefix", "contains"}


class FormError(ValueError):
    """A form file that cannot be used; ``errors`` are Vietnamese sentences."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class Line:
    """A row or a column: its code (mã số / số cột), label, predicate or why it has no data."""

    code: str
    label: str
    where: Mapping[str, Any] | None = None
    no_data: str = ""
    unit: str = ""  # đơn vị tính (rows)
    indent: int = 0
    heading: bool = False  # a group's title row: no code, no figures

    @property
    def blank(self) -> bool:
        """Its cells hold no figure."""
        return self.heading or bool(self.no_data)


@dataclass(frozen=True)
class ReportForm:
    id: str
    code: str  # "0603.N"
    name: str  # "Khen thưởng cấp bộ, ban, ngành, tỉnh"
    form_number: str  # "Biểu số: 0603.N/BNV-TĐKT"
    legal_basis: str
    effective_from: dt.date
    source: str  # a key of FIELDS
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]
    base: Mapping[str, Any] = field(default_factory=dict)
    period_start: str = "12-01"  # MM-DD of the previous year
    period_end: str = "11-30"  # MM-DD of the report's year
    receiver: str = ""  # đơn vị nhận báo cáo
    received_on: str = ""  # ngày nhận báo cáo
    unit_label: str = "Đơn vị tính"
    notes: str = ""

    def period(self, year: int) -> tuple[dt.date, dt.date]:
        """The reporting period that ends in ``year``."""
        sm, sd = (int(x) for x in self.period_start.split("-"))
        em, ed = (int(x) for x in self.period_end.split("-"))
        end = dt.date(year, em, ed)
        start = dt.date(year, sm, sd)
        if start > end:
            start = dt.date(year - 1, sm, sd)
        return start, end

    @property
    def fields(self) -> set[str]:
        """The fields its predicates read."""
        out: set[str] = set()
        for p in (self.base, *(x.where for x in (*self.rows, *self.columns) if x.where)):
            _collect_fields(p, out)
        return out


def _collect_fields(p: Mapping[str, Any], out: set[str]) -> None:
    for key, value in p.items():
        if key in ("all", "any"):
            for q in value:
                _collect_fields(q, out)
        elif key == "not":
            _collect_fields(value, out)
        else:
            out.add(key)


# --- evaluation ---------------------------------------------------------------------------------

def _holds(cond: Any, value: Any) -> bool:
    if isinstance(cond, list):
        return value in cond
    if not isinstance(cond, Mapping):
        return value == cond
    for op, arg in cond.items():
        if op == "in" and value not in arg:
            return False
        if op == "not_in" and value in arg:
            return False
        if op in ("gte", "gt", "lte", "lt"):
            if value is None:
                return False
            if (op == "gte" and not value >= arg) or (op == "gt" and not value > arg) or \
                    (op == "lte" and not value <= arg) or (op == "lt" and not value < arg):
                return False
        if op == "prefix" and not (isinstance(value, str) and any(value.startswith(a) for a in arg)):
            return False
        if op == "contains":
            text = search_key(value or "")
            if not any(search_key(a) in text for a in arg):
                return False
    return True


def matches(p: Mapping[str, Any] | None, record: Mapping[str, Any]) -> bool:
    """Whether ``record`` (field → value) satisfies predicate ``p``."""
    if not p:
        return True
    for key, cond in p.items():
        if key == "all":
            if not all(matches(q, record) for q in cond):
                return False
        elif key == "any":
            if not any(matches(q, record) for q in cond):
                return False
        elif key == "not":
            if matches(cond, record):
                return False
        elif not _holds(cond, record.get(key)):
            return False
    return True


def tally(form: ReportForm, records: Sequence[tuple[Mapping[str, Any], int]]) -> list[list[int | None]]:
    """The grid: ``[row][column]`` = the weight of the records (each given as
    (fields, weight)) every predicate accepts; ``None`` where a row or column
    has no data."""
    grid: list[list[int | None]] = [
        [None if (r.blank or c.blank) else 0 for c in form.columns] for r in form.rows]
    rows = [(i, r.where) for i, r in enumerate(form.rows) if not r.blank]
    cols = [(j, c.where) for j, c in enumerate(form.columns) if not c.blank]
    for record, weight in records:
        if not matches(form.base, record):
            continue
        in_cols = [j for j, p in cols if matches(p, record)]
        if not in_cols:
            continue
        for i, p in rows:
            if matches(p, record):
                line = grid[i]
                for j in in_cols:
                    line[j] += weight  # type: ignore[operator]
    return grid


# --- loading and validation ---------------------------------------------------------------------

def _check_predicate(p: Any, source: str, where: str, errors: list[str]) -> None:
    if not isinstance(p, Mapping):
        errors.append(f"{where}: điều kiện phải là một đối tượng JSON")
        return
    for key, value in p.items():
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                errors.append(f"{where}: “{key}” cần một danh sách điều kiện")
                continue
            for k, q in enumerate(value, 1):
                _check_predicate(q, source, f"{where} › {key} {k}", errors)
        elif key == "not":
            _check_predicate(value, source, f"{where} › not", errors)
        elif key not in FIELDS[source]:
            errors.append(f"{where}: trường “{key}” không có trong nguồn “{source}” "
                          f"(có: {', '.join(FIELDS[source])})")
        elif isinstance(value, Mapping):
            bad = set(value) - _OPS
            if bad or not value:
                errors.append(f"{where}: phép so sánh “{', '.join(sorted(bad)) or '{}'}” không hợp lệ "
                              f"({', '.join(sorted(_OPS))})")
            for op in ("in", "not_in", "prefix", "contains"):
                if op in value and not isinstance(value[op], list):
                    errors.append(f"{where}: “{key}.{op}” cần một danh sách")
            for op in ("gte", "gt", "lte", "lt"):
                if op in value and not isinstance(value[op], (int, float)):
                    errors.append(f"{where}: “{key}.{op}” cần một số")


def _line(raw: Any, what: str, source: str, errors: list[str]) -> Line | None:
    if not isinstance(raw, Mapping):
        errors.append(f"{what}: phải là một đối tượng JSON")
        return None
    code, label = raw.get("code"), raw.get("label")
    if raw.get("heading") is True and isinstance(label, str) and label:
        return Line(code="", label=label, heading=True)
    if not isinstance(code, str) or not code or not isinstance(label, str) or not label:
        errors.append(f"{what}: cần “code” và “label” (chữ)")
        return None
    where, no_data = raw.get("where"), raw.get("no_data", "")
    if where is None and not no_data:
        errors.append(f"{what} ({code}): cần “where” hoặc “no_data”")
    if where is not None:
        _check_predicate(where, source, f"{what} ({code})", errors)
    return Line(code=code, label=label, where=where, no_data=str(no_data or ""), unit=str(raw.get("unit", "")),
                indent=int(raw.get("indent", 0)) if isinstance(raw.get("indent", 0), int) else 0)


def load_form(source: str | Path | Mapping[str, Any]) -> ReportForm:
    """A form from a file or a parsed dict; :class:`FormError` lists every mistake."""
    if isinstance(source, Mapping):
        data = source
    else:
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise FormError([f"Không đọc được biểu mẫu {Path(source).name}: {exc}"]) from None
    errors: list[str] = []
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise FormError([f"Không phải tệp biểu mẫu thống kê (cần \"format\": \"{FORMAT}\")"])
    if data.get("format_version") != FORMAT_VERSION:
        errors.append(f"Phiên bản định dạng {data.get('format_version')!r} chưa hỗ trợ (cần {FORMAT_VERSION})")
    for key in ("id", "code", "name", "form_number", "legal_basis"):
        if not isinstance(data.get(key), str) or not data.get(key):
            errors.append(f"Thiếu “{key}”")
    src = data.get("source")
    if src not in FIELDS:
        errors.append(f"Nguồn “{src}” không hợp lệ ({', '.join(FIELDS)})")
        raise FormError(errors)
    try:
        effective = dt.date.fromisoformat(str(data.get("effective_from")))
    except ValueError:
        errors.append("Ngày có hiệu lực (effective_from) phải là YYYY-MM-DD")
        effective = dt.date.min
    period = data.get("period", {})
    start, end = period.get("start", "12-01"), period.get("end", "11-30")
    for label, text in (("period.start", start), ("period.end", end)):
        try:
            dt.date.fromisoformat(f"2000-{text}")
        except (TypeError, ValueError):
            errors.append(f"{label}: cần dạng MM-DD, ví dụ 12-01")
    if data.get("base") is not None:
        _check_predicate(data["base"], src, "base", errors)
    rows = [_line(r, f"Dòng {i}", src, errors) for i, r in enumerate(data.get("rows") or [], 1)]
    cols = [_line(c, f"Cột {i}", src, errors) for i, c in enumerate(data.get("columns") or [], 1)]
    if not rows or not cols:
        errors.append("Biểu mẫu cần ít nhất một dòng và một cột")
    codes = [r.code for r in rows if r and not r.heading]
    if len(set(codes)) != len(codes):
        errors.append("Mã số dòng bị trùng: " + ", ".join(sorted({c for c in codes if codes.count(c) > 1})))
    if errors:
        raise FormError(errors)
    return ReportForm(
        id=data["id"], code=data["code"], name=data["name"], form_number=data["form_number"],
        legal_basis=data["legal_basis"], effective_from=effective, source=src, rows=tuple(rows),  # type: ignore
        columns=tuple(cols), base=data.get("base") or {}, period_start=start, period_end=end,  # type: ignore
        receiver=str(data.get("receiver", "")), received_on=str(data.get("received_on", "")),
        unit_label=str(data.get("unit_label", "Đơn vị tính")), notes=str(data.get("notes", "")),
    )


def load_forms_dir(folder: str | Path) -> list[ReportForm]:
    """Every ``*.json`` form of a folder; a bad file raises :class:`FormError` naming it."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            out.append(load_form(path))
        except FormError as exc:
            raise FormError([f"{path.name}: {e}" for e in exc.errors]) from None
    return out


def pick_form(forms: Sequence[ReportForm], code: str, year: int) -> ReportForm:
    """The form ``code`` in force on 30/11 of ``year`` (the newest effective by then)."""
    wanted = [f for f in forms if f.code.casefold() == code.casefold()]
    if not wanted:
        raise LookupError(f"Không có biểu {code} (có: {', '.join(sorted({f.code for f in forms}))})")
    in_force = [f for f in wanted if f.effective_from <= dt.date(year, 12, 31)]
    if not in_force:
        raise LookupError(f"Biểu {code} chưa có hiệu lực trong năm {year}")
    return max(in_force, key=lambda f: f.effective_from)
