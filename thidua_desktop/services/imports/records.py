"""What the imports of records about people and units share (award history,
yearly xếp loại): who a row is about, the plan rows, years and decisions.

Such a row names a person (name + birth date, matched by
:class:`sheet.PersonIndex`: accent-sensitive first, accent-insensitive
as a fallback, a year-only date compatible with a full one) or a unit (by its
name, accent-, case- and punctuation-insensitively, "Tập thể" in front
ignored). When the sheet gives the person's unit and several people fit,
the unit tells them apart. A row that fits nobody or several is
:attr:`RowStatus.UNMATCHED`: the plan lists the candidates, the user picks
one (``resolutions``: Excel row → ``("staff", id)``, ``("unit", id)`` or
``("skip", 0)``) and the plan is made again; nothing is written while an
unmatched row remains.

A value the vocabulary does not know ("HTXS NV" was, before spacing variants
were read) is an error of its row, listed once per distinct text by
:meth:`RecordPlan.unknown_values`; the user says what it means (``value_map``:
``(field, value_key(text)) → code``, made by :func:`parse_value_map` from the
CLI's ``--map "TEXT=CODE"`` or by the wizard's preview) and the plan is made
again, every row with that text read the same way.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ...domain import vntext
from ...domain.dates import DateError, PartialDate, parse_full_date
from ...domain.limits import record_years
from .cells import LegacyCell, plain
from .layout import HEADER_SCAN_ROWS, Layout, header_key, header_text
from .people import PersonIndex, date_label
from .sheet import RowStatus

__all__ = [
    "Candidate", "RecordPlan", "RecordRow", "Resolutions", "SKIP", "Subjects", "UnknownValue", "VALUE_FIELDS",
    "ValueMap", "parse_decision", "parse_decision_date", "parse_months", "parse_value_map", "parse_year",
    "sheet_defaults", "value_key",
]

#: ``excel_row → ("staff", id) | ("unit", id) | ("skip", 0)``
Resolutions = Mapping[int, tuple[str, int]]
SKIP = ("skip", 0)
KIND_LABELS = {"staff": "cá nhân", "unit": "tập thể"}

#: values read with the vocabulary that the user may correct: field → its label
VALUE_FIELDS = {"xep_loai": "Xếp loại", "ky_luat": "Hình thức kỷ luật", "danh_hieu": "Danh hiệu, hình thức"}
#: the section of the vocabulary (``vocab.USER_SECTIONS``) a field's reading is remembered in
VALUE_SECTIONS = {"xep_loai": "xep_loai", "ky_luat": "discipline", "danh_hieu": "titles"}
#: ``(field, value_key(text)) → code``: what the user says an unknown value means
ValueMap = Mapping[tuple[str, str], str]


def value_key(text: object) -> str:
    """The key a value is mapped by: accents, case, spacing and punctuation aside."""
    return header_key(text)


@dataclass(frozen=True)
class UnknownValue:
    """A text of a column the vocabulary does not read, and the rows that have it."""
    field: str  # a VALUE_FIELDS key
    text: str  # as the first such cell writes it
    rows: tuple[int, ...]  # Excel rows

    @property
    def key(self) -> tuple[str, str]:
        return (self.field, value_key(self.text))


@dataclass(frozen=True)
class Candidate:
    """A stored person or unit a row may be about."""
    kind: str  # "staff" | "unit"
    id: int
    label: str  # "Nguyễn Văn An (12/03/1980) — Văn phòng"

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass
class RecordRow:
    """One Excel row of a history or evaluation import."""
    excel_row: int
    status: RowStatus
    reason: str = ""
    name: str = ""
    birth: PartialDate | None = None
    unit_text: str = ""
    kind: str = ""  # "staff" | "unit": what the row is about
    subject: Candidate | None = None  # who, once matched or resolved
    resolved: bool = False  # chosen by the user
    candidates: list[Candidate] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    year: int | None = None
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (field, text) the vocabulary does not read

    @property
    def resolvable(self) -> bool:
        """Can the user pick who this row is about (unmatched, or picked before)?"""
        return self.status is RowStatus.UNMATCHED or self.resolved


@dataclass
class RecordPlan:
    """Rows with their statuses; nothing written. ``year`` is the year used
    for rows without one and ``year_source`` says where it came from."""
    path: Path
    sheet: str
    layout: Layout
    rows: list
    legacy_cells: list[LegacyCell]
    legacy_encoding: str | None = None
    converted_legacy: bool = True
    year: int | None = None
    year_source: str = ""
    fingerprint: str = field(default="", repr=False)

    @property
    def errors(self) -> list:
        return [r for r in self.rows if r.status is RowStatus.ERROR]

    @property
    def unmatched(self) -> list:
        return [r for r in self.rows if r.status is RowStatus.UNMATCHED]

    @property
    def ok(self) -> bool:
        return not any(r.status in (RowStatus.ERROR, RowStatus.UNMATCHED) for r in self.rows)

    def unknown_values(self) -> list[UnknownValue]:
        """Each distinct text the vocabulary did not read, in the order met, with its rows."""
        found: dict[tuple[str, str], tuple[str, list[int]]] = {}
        for r in self.rows:
            for fld, text in r.unknown:
                found.setdefault((fld, value_key(text)), (text, []))[1].append(r.excel_row)
        return [UnknownValue(fld, text, tuple(rows)) for (fld, _), (text, rows) in found.items()]

    def counts(self) -> dict[RowStatus, int]:
        out = dict.fromkeys(RowStatus, 0)
        for r in self.rows:
            out[r.status] += 1
        return out

    def refusal(self) -> str:
        """Why the plan cannot be applied (Vietnamese), or ``""``."""
        bad = [r for r in self.rows if r.status in (RowStatus.ERROR, RowStatus.UNMATCHED)]
        if not bad:
            return ""
        n_err, n_un = len(self.errors), len(self.unmatched)
        parts = []
        if n_err:
            parts.append(f"{n_err} dòng lỗi")
        if n_un:
            parts.append(f"{n_un} dòng chưa xác định được người hoặc đơn vị")
        lines = [f"Dòng {r.excel_row}: {r.reason}" for r in bad[:20]]
        if len(bad) > 20:
            lines.append(f"… và {len(bad) - 20} dòng khác")
        return f"Không nhập vì có {' và '.join(parts)}; chưa ghi gì vào dữ liệu.\n" + "\n".join(lines)


# --- who a row is about -------------------------------------------------------------

_COLLECTIVE_PREFIX = re.compile(r"^(tap the|tt)\s+")


def _unit_match_key(name: str) -> str:
    return _COLLECTIVE_PREFIX.sub("", header_key(name))


class Subjects:
    """The stored people and units, indexed for matching import rows."""

    def __init__(self, db: sqlite_utils.Database):
        rows = db.execute(
            "SELECT s.id, s.ho_ten, s.ten_key, s.unit_id, s.ngay_sinh, coalesce(u.ten, '') "
            "FROM staff s LEFT JOIN units u ON u.id = s.unit_id ORDER BY s.id"
        ).fetchall()
        units = db.execute("SELECT id, ten FROM units ORDER BY id").fetchall()
        self.people = PersonIndex(rows, birth_at=4)
        self.staff = {r[0]: r for r in rows}
        self.units = {uid: ten for uid, ten in units}
        self.units_by_key: dict[str, list[int]] = {}
        for uid, ten in units:
            self.units_by_key.setdefault(_unit_match_key(ten), []).append(uid)
        h = hashlib.sha1()
        h.update(repr(rows).encode("utf-8", "surrogatepass"))
        h.update(repr(units).encode("utf-8", "surrogatepass"))
        self.fingerprint = h.hexdigest()

    def staff_label(self, sid: int) -> str:
        r = self.staff[sid]
        unit = f" — {r[5]}" if r[5] else ""
        return f"{r[1]} ({date_label(r[4])}){unit}"

    def candidate(self, kind: str, ident: int) -> Candidate | None:
        if kind == "staff" and ident in self.staff:
            return Candidate("staff", ident, self.staff_label(ident))
        if kind == "unit" and ident in self.units:
            return Candidate("unit", ident, self.units[ident])
        return None

    def find_person(self, name: str, birth: PartialDate | None, unit_text: str = "") -> list[Candidate]:
        found = self.people.find(name, birth)
        if len(found) > 1 and unit_text:
            k = _unit_match_key(unit_text)
            same_unit = [s for s in found if s[5] and _unit_match_key(s[5]) == k]
            if same_unit:
                found = same_unit
        return [Candidate("staff", s[0], self.staff_label(s[0])) for s in found]

    def similar_people(self, name: str, limit: int = 5) -> list[Candidate]:
        return [Candidate("staff", s[0], self.staff_label(s[0])) for s in self.people.similar(name, limit)]

    def find_unit(self, name: str) -> list[Candidate]:
        ids = self.units_by_key.get(_unit_match_key(name), [])
        return [Candidate("unit", u, self.units[u]) for u in ids]

    def similar_units(self, name: str, limit: int = 5) -> list[Candidate]:
        k = _unit_match_key(name)
        if not k:
            return []
        out = [Candidate("unit", u, ten) for u, ten in self.units.items()
               if k in _unit_match_key(ten) or _unit_match_key(ten) in k]
        return out[:limit]

    def unit_of_name(self, name: str) -> bool:
        """Does the text name a stored unit (and no stored person)?"""
        return bool(self.find_unit(name)) and not self.people.by_key.get(vntext.search_key(name))


def unmatched_reason(row: RecordRow, found: list[Candidate], what: str) -> str:
    """Vietnamese reason of a row that fits nobody (``found`` empty) or several."""
    born = f" (sinh {row.birth.display()})" if row.birth else ""
    if not found:
        if what == "unit":
            return f"Không tìm thấy đơn vị “{row.name}” trong dữ liệu; hãy chọn đơn vị"
        return f"Không tìm thấy “{row.name}”{born} trong danh sách cán bộ; hãy chọn người"
    labels = "; ".join(c.label for c in found[:6]) + ("; …" if len(found) > 6 else "")
    if what == "unit":
        return f"Có {len(found)} đơn vị cùng tên “{row.name}” ({labels}); hãy chọn đơn vị"
    return (f"Có {len(found)} người tên “{row.name}”{born} ({labels}); hãy chọn đúng người "
            "(hoặc ghi đủ ngày sinh trong tệp)")


def apply_resolution(row: RecordRow, subjects: Subjects, choice: tuple[str, int],
                     kinds: Iterable[str]) -> bool:
    """Give the row the subject the user chose. False (and the row an error) if
    the choice is not possible; ``("skip", 0)`` skips the row."""
    kind, ident = choice
    if (kind, ident) == SKIP:
        row.status = RowStatus.SKIPPED
        row.reason = "Người dùng chọn bỏ qua dòng này"
        row.resolved = True
        return False
    if kind not in kinds:
        row.status = RowStatus.ERROR
        row.reason = f"Không chọn được {KIND_LABELS.get(kind, kind)} cho dòng này"
        return False
    cand = subjects.candidate(kind, ident)
    if cand is None:
        row.status = RowStatus.ERROR
        what = "Cán bộ" if kind == "staff" else "Đơn vị"
        row.reason = f"{what} được chọn cho dòng này không còn trong dữ liệu (đã bị xóa?); hãy chọn lại"
        return False
    row.subject, row.kind, row.resolved = cand, kind, True
    return True


# --- values -----------------------------------------------------------------

_YEAR_TEXT = re.compile(r"^(?:nam\s+)?((?:19|20|21)\d\d)$")


def parse_year(value) -> int:
    """A year from a cell: ``2023``, ``"2023"``, ``"Năm 2023"``; DateError otherwise."""
    if isinstance(value, bool):
        raise DateError(f"“{value}” không phải năm")
    if isinstance(value, (int, float)) and float(value).is_integer():
        year = int(value)
    else:
        m = _YEAR_TEXT.match(header_key(plain(value)))
        if not m:
            raise DateError(f"“{plain(value)}” không phải năm (ghi 4 chữ số, ví dụ 2024)")
        year = int(m.group(1))
    first, last = record_years()
    if not first <= year <= last:
        raise DateError(f"Năm {year} không hợp lệ (từ {first} đến {last})")
    return year


def parse_months(value, label: str) -> int:
    """Months in a year (0–12): ``12``, ``"12 tháng"``; DateError otherwise."""
    if isinstance(value, bool):
        raise DateError(f"{label} “{value}” không phải số tháng")
    if isinstance(value, (int, float)):
        if not float(value).is_integer():
            raise DateError(f"{label} “{plain(value)}” phải là số nguyên")
        n = int(value)
    else:
        m = re.fullmatch(r"(\d{1,2})(?: thang)?", header_key(value))
        if not m:
            raise DateError(f"{label} “{plain(value)}” không phải số tháng")
        n = int(m.group(1))
    if not 0 <= n <= 12:
        raise DateError(f"{label} phải từ 0 đến 12 (đang là {n})")
    return n


_DMY_IN_TEXT = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WORDS_DATE = re.compile(
    r"ng[aà]y\s*(\d{1,2})\s*th[aá]ng\s*(\d{1,2})\s*n[aă]m\s*(\d{4})", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w/])\d{1,6}(?:/[^\s,;()]+)+")
_DECISION_WORDS = re.compile(
    r"\b(?:quy[eế]t\s+[dđ][iị]nh|q[dđÐ]|s[oố]|ng[aà]y|theo|k[eè]m)\b\s*[:.]?", re.IGNORECASE
)


def _find_date(text: str) -> tuple[dt.date | None, str, str | None]:
    """``(date, text without it, error)`` of the first date written in a text."""
    nfc = vntext.nfc(text)
    for rx in (_WORDS_DATE, _DMY_IN_TEXT):
        m = rx.search(nfc)
        if m:
            d, mo, y = (int(g) for g in m.groups())
            rest = nfc[: m.start()] + " " + nfc[m.end():]
            try:
                return dt.date(y, mo, d), rest, None
            except ValueError:
                return None, rest, f"Ngày {d}/{mo}/{y} không tồn tại"
    return None, nfc, None


def parse_decision_date(value) -> tuple[dt.date | None, str | None]:
    """A decision date from its own cell: a date, ``20/12/2024``, ``ngày 20
    tháng 12 năm 2024``. ``(date, error)``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        try:
            return parse_full_date(value), None
        except DateError as exc:
            return None, f"Ngày quyết định: {exc}"
    found, rest, err = _find_date(str(value))
    if err:
        return None, f"Ngày quyết định: {err}"
    if found is None:
        return None, f"Ngày quyết định “{plain(value)}” không đọc được (ghi dd/mm/yyyy)"
    return found, None


def parse_decision(value) -> tuple[str, dt.date | None, str | None]:
    """Number and date of a decision written in one cell: ``"Số 125/QĐ-UBND
    ngày 20/12/2024"``, ``"125/QĐ-UBND, 20/12/2024"``, ``"QĐ số 125/QĐ-UBND
    ngày 20 tháng 12 năm 2024"`` or only the number. ``(number, date, error)``."""
    if value is None:
        return "", None, None
    if isinstance(value, (dt.date, dt.datetime)):
        return "", parse_full_date(value), None
    text = vntext.clean(plain(value))
    if not text:
        return "", None, None
    found, rest, err = _find_date(text)
    m = _NUMBER.search(rest)
    if m:
        number = m.group(0).rstrip(".,;:")
    else:
        number = vntext.clean(_DECISION_WORDS.sub(" ", rest)).strip(" ,;:-–")
        if not any(ch.isdigit() for ch in number):
            number = ""
    if not number and found is None and err is None:
        return "", None, f"Quyết định “{text}” không đọc được số hoặc ngày"
    return number, found, (f"Ngày quyết định: {err}" if err else None)


# --- the sheet's own defaults -----------------------------------------------------------

_SHEET_YEAR = re.compile(
    r"(?<!thang )(?<!thang \d )(?<!thang \d\d )\bnam (?:hoc )?((?:19|20)\d\d)\b(?! (?:19|20)\d\d\b)"
)
_YEAR_ONLY = re.compile(r"^(?:nam )?((?:19|20)\d\d)$")


def section_year(text: str) -> int | None:
    """The year a section row names ("NĂM 2023", "2023")."""
    m = _YEAR_ONLY.match(header_key(text))
    return int(m.group(1)) if m else None


def sheet_defaults(data, layout: Layout) -> tuple[int | None, str, tuple[str, dt.date | None] | None]:
    """What the document's heading above the table says for every row:
    ``(year, where, decision)``. The year comes from a "… năm 2024" title
    line (one year only; dates like "ngày 20 tháng 12 năm 2024" do not
    count), the decision from a "(Kèm theo Quyết định số 125/QĐ-UBND ngày
    20/12/2024)" line."""
    years: dict[int, int] = {}
    decision = None
    for r in range(1, min(layout.header_first_row, HEADER_SCAN_ROWS + 1)):
        for v in data.rows[r - 1] if r - 1 < len(data.rows) else ():
            if not isinstance(v, str) or not v.strip():
                continue
            text = header_text(v) or ""
            key = header_key(text)
            for m in _SHEET_YEAR.finditer(key):
                years.setdefault(int(m.group(1)), r)
            if decision is None and re.search(r"\b(quyet dinh|qd)\b", key):
                number, date, err = parse_decision(text)
                if number and err is None and "/" in number:
                    decision = (number, date)
    if len(years) == 1:
        year, r = next(iter(years.items()))
        return year, f"dòng {r} của tiêu đề", decision
    return None, "", decision


def field_choices(vocab, fld: str) -> dict[str, str]:
    """The codes a value of ``fld`` may be read as: code → name."""
    from ...domain.titles import DISCIPLINE_FORMS, XEP_LOAI

    if fld == "xep_loai":
        return dict(XEP_LOAI)
    if fld == "ky_luat":
        return dict(DISCIPLINE_FORMS)
    return dict(vocab.titles.names)


def parse_value_map(items: Iterable[str], vocab, fields: Iterable[str] = tuple(VALUE_FIELDS)) -> dict[tuple[str, str], str]:
    """``["HTXS NV=HTXSNV", "Khien trach nhe=Khiển trách"]`` → a value map for
    ``fields``. The right side is a code or a name of one of the fields'
    choices (accents and case aside); a side that names nothing is refused
    (:class:`ValueError`, one Vietnamese sentence)."""
    out: dict[tuple[str, str], str] = {}
    fields = tuple(fields)
    for item in items:
        text, sep, target = item.partition("=")
        if not sep or not text.strip() or not target.strip():
            raise ValueError(f"“{item}”: ghi theo mẫu “giá trị trong tệp=mã”, ví dụ “HTXS NV=HTXSNV”")
        want = value_key(target)
        hits = [(fld, code) for fld in fields for code, name in field_choices(vocab, fld).items()
                if want in (value_key(code), value_key(name))]
        if not hits:
            names = ", ".join(field_choices(vocab, "xep_loai"))
            raise ValueError(f"“{target.strip()}” không phải mã xếp loại ({names}), hình thức kỷ luật hay "
                             "danh hiệu, hình thức khen thưởng trong danh mục")
        for fld, code in hits:
            out[(fld, value_key(text))] = code
    return out
