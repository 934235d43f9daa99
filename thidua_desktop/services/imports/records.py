"""The record-import flow that the imports of records about people and units
share (award history :mod:`.history`, yearly xếp loại :mod:`.xep_loai`):
read → detect layout → **plan** (every Excel row gets a status and a
Vietnamese reason, nothing written) → **apply** (all rows in one transaction,
or nothing). :class:`RecordImport` is that flow; an importer gives its parts
as data (its header words, its plan and row types, the stored tables its
plan reads) and small hooks (:meth:`~RecordImport.prepare`,
:meth:`~RecordImport.read_row`, :meth:`~RecordImport.settle`,
:meth:`~RecordImport.write`).

Such a row names a person (name + birth date, matched by :mod:`.subjects`
over :class:`people.PersonIndex`: accent-sensitive first, accent-insensitive
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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ...domain.dates import PartialDate
from ..bulk import gc_paused
from .cells import CellText, LegacyCell, imported_legacy, legacy_fixes, legacy_label, parse_birth
from .layout import HeaderSpec, Layout, check_layout, detect_layout, header_key
from .sheet import RowStatus, read_sheet, status_counts
from .subjects import Candidate, Subjects, apply_resolution, digest, subject_rows, unmatched_reason
from .table import scan_table
from .values import parse_year, section_year, sheet_defaults
from .vocab import Vocabulary, vocabulary_for
from .workbook import ImportFileError, SheetData

__all__ = [
    "VALUE_FIELDS", "RecordContext", "RecordImport", "RecordPlan", "RecordRow", "Resolutions", "UnknownValue",
    "ValueMap", "describe_record_counts", "parse_value_map", "value_key",
]

#: ``excel_row → ("staff", id) | ("unit", id) | ("skip", 0)``
Resolutions = Mapping[int, tuple[str, int]]

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
        return status_counts(self.rows)

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


def describe_record_counts(counts: dict[RowStatus, int]) -> str:
    """``"12 dòng mới, 3 cập nhật, 40 không đổi, 8 bỏ qua"`` (rows of the file)."""
    return (f"{counts.get(RowStatus.NEW, 0)} dòng mới, {counts.get(RowStatus.UPDATE, 0)} cập nhật, "
            f"{counts.get(RowStatus.UNCHANGED, 0)} không đổi, {counts.get(RowStatus.SKIPPED, 0)} bỏ qua")


# --- the flow -----------------------------------------------------------------------

_CHANGED_SINCE_PLAN = ("Dữ liệu đã thay đổi sau khi xem trước (hoặc danh sách này vừa được nhập). "
                       "Hãy xem trước lại rồi mới nhập.")


class RecordContext:
    """What the rows of one plan are read with, and what earlier rows said:
    the section rows above (a unit, a year), the rows seen (``seen``, for
    the same record twice in the file), the stored records (``existing``,
    the importer's)."""

    def __init__(self, db: sqlite_utils.Database, layout: Layout, cells: CellText,
                 resolutions: Resolutions | None, value_map: ValueMap | None):
        self.use_layout(layout)
        self.cells = cells
        self.subjects = Subjects(db)
        self.vocab: Vocabulary = vocabulary_for(db)
        self.resolutions = dict(resolutions or {})
        self.value_map = value_map or {}
        self.default_year: int | None = None
        self.year_source = ""
        self.sheet_decision = None  # (number, date) named above the table
        self.section_unit = ""
        self.section_year: int | None = None
        self.seen: dict = {}
        self.existing = None
        self._memo: dict = {}

    def use_layout(self, layout: Layout) -> None:
        self.layout = layout
        self.cols = layout.columns
        self._at = tuple((fld, col - 1) for fld, col in layout.columns.items())

    def values(self, raw: tuple) -> dict:
        """The non-blank values of a row's mapped columns, field → value (one
        pass over the row; the other methods read a row through it)."""
        out = {}
        n = len(raw)
        for fld, i in self._at:
            if i < n:
                v = raw[i]
                if v is not None and not (isinstance(v, str) and not v.strip()):
                    out[fld] = v
        return out

    def text(self, values: dict, fld: str, excel_row: int) -> str:
        """The imported text of ``fld`` (legacy-decoded, NFC, cleaned), ``""`` when blank."""
        v = values.get(fld)
        return "" if v is None else self.cells.text(v, excel_row, self.cols[fld])

    def value(self, values: dict, fld: str, excel_row: int):
        """A cell as its parser takes it: text cleaned, other values as they are."""
        v = values.get(fld)
        return self.cells.text(v, excel_row, self.cols[fld]) if isinstance(v, str) else v

    def once(self, fn, value, *args):
        """``fn(value, *args)``, computed once per distinct value in this plan
        (a decision or a title is written the same way down a whole list;
        ``args`` are the same for the whole plan)."""
        key = (fn, type(value), value)
        found = self._memo.get(key, self._memo)
        if found is self._memo:
            found = self._memo[key] = fn(value, *args)
        return found

    def birth(self, values: dict, errors: list[str]) -> PartialDate | None:
        """The birth date of a Ngày sinh column, or of its Nam / Nữ columns."""
        birth: PartialDate | None = None
        for fld in _BIRTH_FIELDS:
            v = values.get(fld)
            if v is not None and not (isinstance(v, str) and len(v.strip()) <= 2 and not v.strip().isdigit()):
                d = parse_birth(v, self.cols[fld], errors)
                if birth is not None and d is not None and d != birth:
                    errors.append(f"Ngày sinh ghi hai lần khác nhau ({birth.display()} và {d.display()})")
                birth = birth or d
        return birth

    def year(self, values: dict, errors: list[str], fallback: int | None) -> int | None:
        """The row's Năm cell, else ``fallback``; an error when neither gives one."""
        v = values.get("nam")
        if v is None:
            if fallback is None:
                errors.append("Không có năm (thêm cột Năm, hoặc chọn năm cho cả trang)")
            return fallback
        try:
            return parse_year(v)
        except ValueError as exc:
            errors.append(f"Năm: {exc}")
            return None


_BIRTH_FIELDS = ("ngay_sinh", "ngay_sinh_nam", "ngay_sinh_nu")


class RecordImport:
    """One import of records about people (and units): the flow, with the
    importer's parts as class data and hooks.

    Data: ``headers`` (the header words), ``plan_type`` / ``row_type``,
    ``fill_fields`` (columns whose vertically merged cells apply to every
    row), ``date_fields`` (columns whose dates make a row surely part of
    the table), ``tables`` (the stored tables a plan reads: apply refuses
    when they changed since), ``kinds`` (what a row may be about),
    ``wanted`` (at least one of these columns, else ``wanted_message``),
    ``bad_name`` / ``no_name`` (the start of those rows' reasons).
    """
    headers: HeaderSpec
    plan_type: type[RecordPlan] = RecordPlan
    row_type: type[RecordRow] = RecordRow
    context_type: type[RecordContext] = RecordContext
    fill_fields: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("staff",)
    wanted: frozenset[str] = frozenset()
    wanted_message = ""
    bad_name = "Họ tên không hợp lệ"
    no_name = "Không có họ tên"

    def read_sheet(self, path: Path | str, sheet: str | None = None) -> SheetData:
        """Read ``sheet`` (default: the first sheet with this import's header)."""
        return read_sheet(path, sheet, self.headers)

    def detect_layout(self, data: SheetData) -> Layout:
        return detect_layout(data, self.headers)

    # --- hooks ---

    def prepare(self, ctx: RecordContext, db: sqlite_utils.Database, data: SheetData) -> None:
        """Load what the rows are compared with (``ctx.existing``); may adjust ``ctx.layout``."""

    def header_year(self, data: SheetData, layout: Layout) -> tuple[int, str] | None:
        """A year for the whole sheet that the table's own header gives, and where."""
        return None

    def section(self, text: str, ctx: RecordContext) -> str:
        """Apply a section row to the context; the reason shown for it."""
        year = section_year(text)
        if year is not None:
            ctx.section_year = year
            return f"Dòng nhóm: năm {year}"
        ctx.section_unit = text
        return f"Dòng đơn vị: {text}"

    def read_row(self, excel_row: int, raw: tuple, ctx: RecordContext) -> RecordRow:
        """A data row as read: NEW (to match), ERROR or SKIPPED, with ``kind`` set."""
        raise NotImplementedError

    def settle(self, row: RecordRow, ctx: RecordContext) -> None:
        """A matched row against earlier rows and the stored records: its status, changes and writes."""
        raise NotImplementedError

    def write(self, db: sqlite_utils.Database, plan: RecordPlan):
        """Write the plan's NEW and UPDATE rows (inside the apply's transaction); the result."""
        raise NotImplementedError

    def plan_fields(self, ctx: RecordContext) -> dict:
        """Fields of this import's plan type beyond :class:`RecordPlan`'s."""
        return {}

    # --- the flow ---

    def fingerprint(self, db: sqlite_utils.Database, subjects: Subjects | None = None) -> str:
        """What a plan rests on: the people and units, and this import's tables."""
        tables = [db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in self.tables]
        people = subjects.fingerprint if subjects is not None else digest(*subject_rows(db))
        return people + digest(*tables)

    @gc_paused()  # rows, entries and keys that live on
    def plan(
        self,
        db: sqlite_utils.Database,
        path: Path | str,
        *,
        sheet: str | None = None,
        layout: Layout | None = None,
        resolutions: Resolutions | None = None,
        year: int | None = None,
        convert_legacy: bool = True,
        data: SheetData | None = None,
        value_map: ValueMap | None = None,
    ) -> RecordPlan:
        """Read the list and decide, row by row, what an import would do.

        Writes nothing. ``layout`` overrides the detected one; ``resolutions``
        (Excel row → ``("staff", id)``, ``("unit", id)`` or ``("skip", 0)``)
        says who unmatched rows are; ``year`` is the year of rows that give
        none; ``convert_legacy`` decodes TCVN3/VNI text; ``data`` (from
        :meth:`read_sheet`) saves reading the file again; ``value_map`` says
        what texts the vocabulary does not know mean.
        """
        path = Path(path)
        if data is None:
            data = self.read_sheet(path, sheet)
        if layout is None:
            layout = self.detect_layout(data)
        check_layout(layout, self.headers)
        if self.wanted and not self.wanted & set(layout.columns):
            raise ImportFileError(self.wanted_message)
        fixes, encoding = legacy_fixes(data, layout.header_last_row + 1)
        ctx = self.context_type(db, layout, CellText(fixes, convert_legacy), resolutions, value_map)
        heading_year, heading_where, ctx.sheet_decision = sheet_defaults(data, layout)
        if year is not None:
            ctx.default_year, ctx.year_source = year, "năm chọn cho cả trang"
        elif (found := self.header_year(data, layout)) is not None:
            ctx.default_year, ctx.year_source = found
        else:
            ctx.default_year, ctx.year_source = heading_year, heading_where
        fingerprint = self.fingerprint(db, ctx.subjects)
        self.prepare(ctx, db, data)
        rows: list[RecordRow] = []
        make = self.row_type
        for s in scan_table(data, ctx.layout, self.headers, ctx.cells, fill_fields=self.fill_fields,
                            date_fields=self.date_fields):
            if s.kind == "skipped":
                rows.append(make(s.excel_row, RowStatus.SKIPPED, s.reason))
            elif s.kind == "section":
                rows.append(make(s.excel_row, RowStatus.SKIPPED, self.section(s.section, ctx)))
            elif s.kind == "badname":
                rows.append(make(s.excel_row, RowStatus.ERROR, f"{self.bad_name}: {s.reason}"))
            elif s.kind == "noname":
                rows.append(make(s.excel_row, RowStatus.ERROR, f"{self.no_name} nhưng có dữ liệu ở cột {s.reason}"))
            else:
                row = self.read_row(s.excel_row, s.raw, ctx)
                rows.append(row)
                if row.status is RowStatus.NEW and self.match(row, ctx):
                    self.settle(row, ctx)
        legacy = imported_legacy(ctx.cells, (r.excel_row for r in rows if r.status is not RowStatus.SKIPPED))
        return self.plan_type(
            path=path, sheet=data.name, layout=ctx.layout, rows=rows, legacy_cells=legacy,
            legacy_encoding=legacy_label(encoding, legacy), converted_legacy=convert_legacy,
            year=ctx.default_year, year_source=ctx.year_source if ctx.default_year else "",
            fingerprint=fingerprint, **self.plan_fields(ctx),
        )

    def match(self, row: RecordRow, ctx: RecordContext) -> bool:
        """Who the row is about: the user's choice, else the one person or
        unit that fits; otherwise the row is UNMATCHED (or skipped, or an
        error) and False."""
        subjects = ctx.subjects
        choice = ctx.resolutions.get(row.excel_row)
        if choice is not None:
            if not apply_resolution(row, subjects, choice, self.kinds):
                return False  # skipped by the user, or an impossible choice (an error)
            row.reason = f"Đã chọn: {row.subject.label}"  # type: ignore[union-attr]
            return True
        if row.kind == "unit":
            found = subjects.find_unit(row.name)
        else:
            found = subjects.find_person(row.name, row.birth, row.unit_text)
        if len(found) == 1:
            row.subject = found[0]
            return True
        row.status = RowStatus.UNMATCHED
        row.reason = unmatched_reason(row, found, row.kind)
        if found:
            row.candidates = found
        elif row.kind == "unit":
            row.candidates = subjects.similar_units(row.name)
        else:
            row.candidates = subjects.similar_people(row.name)
        return False

    @gc_paused()
    def apply(self, db: sqlite_utils.Database, plan: RecordPlan):
        """Write the plan in one transaction: all rows or none.

        Refuses (:class:`ImportFileError`) a plan with error or unmatched rows,
        or a plan made before the data changed (e.g. applied twice).
        """
        refusal = plan.refusal()
        if refusal:
            raise ImportFileError(refusal)
        with db.atomic():
            if plan.fingerprint and self.fingerprint(db) != plan.fingerprint:
                raise ImportFileError(_CHANGED_SINCE_PLAN)
            return self.write(db, plan)
