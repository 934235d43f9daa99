"""Import award history (lịch sử khen thưởng) from old spreadsheets.

Eligibility looks back over the years (three consecutive Chiến sĩ thi đua
cơ sở, two consecutive Bằng khen …), and those years live in old Excel
lists: who (a person, or a collective), which year, which title or form,
which decision. The import is the record-import flow of :mod:`.records`
(:class:`HistoryImport`): :func:`read_sheet` → :func:`detect_layout`
→ :func:`plan_history_import` (every Excel row gets a status and a reason,
nothing written) → :func:`apply_history_import` (all rows in one
transaction, or nothing).

Reading rules:

* The title or form is free text — "Lao động tiên tiến", "LĐTT", "Chiến sỹ
  thi đua cơ sở năm 2023", "Bằng khen của Chủ tịch UBND tỉnh Khánh Hòa",
  "Giấy khen đột xuất" — matched accent-insensitively to a code of the rule
  sets by the titles' names and the synonyms of
  ``resources/import/vocabulary.json`` (:mod:`.vocab`); "đột xuất" /
  "chuyên đề" set the basis (cơ sở khen thưởng). One cell may name several
  titles ("LĐTT; CSTĐCS"). A section row naming a title ("1. Lao động tiên
  tiến") gives the title to the rows below it that have none.
* The decision is one cell ("Số 125/QĐ-UBND ngày 20/12/2024") or two
  columns (number, date), possibly under a merged "Quyết định" header. A
  "(Kèm theo Quyết định số … ngày …)" line above the table is the decision
  of rows that have none.
* The year: a Năm column, else a year in the title text, else a "NĂM 2023"
  section row, else the year chosen for the whole sheet (``year``), else a
  "… năm 2023" line of the heading.
* A row is about a collective when a Cá nhân/Tập thể column says so, when
  its title is only for collectives (Tập thể lao động xuất sắc …), under a
  "II. TẬP THỂ" section row, when its name starts with "Tập thể", or when it
  has no birth date and names a stored unit; otherwise about a person.
* People are matched by name + birth date, units by name
  (:mod:`.records`). Rows that fit nobody or several are UNMATCHED and
  listed with candidates; ``resolutions`` says who they are. Unmatched rows
  block the import like errors.
* A line already stored (same person or unit, year, title) is UNCHANGED, or
  UPDATE when the file adds or changes its decision number, date, basis or
  note (an empty cell never blanks a stored value). Re-importing a file
  changes nothing. The same line twice in the file is skipped when equal,
  an error when the decisions differ.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

import sqlite_utils
from openpyxl.utils import get_column_letter

from ...domain.registrations import AwardEntry
from ...domain.rulesets import builtin_rulesets
from ...domain.titles import CA_NHAN, TAP_THE
from ...store.merit import awards_all, save_awards, save_checked_awards
from .cells import is_blank, is_mark, short
from .layout import (
    FAMILY_PART,
    STT_HEADERS,
    HeaderSpec,
    Layout,
    header_key,
    header_text,
    is_name_header,
    is_unit_header,
    refine_birth,
)
from .records import RecordContext, RecordImport, RecordPlan, RecordRow, describe_record_counts, value_key
from .sheet import RowStatus
from .values import parse_decision, parse_decision_date, section_year
from .vocab import TitleMatch, Vocabulary
from .workbook import SheetData

__all__ = [
    "HISTORY_FIELDS", "HISTORY_HEADERS", "HISTORY_IMPORT", "HistoryImportPlan", "HistoryImportResult", "HistoryRow",
    "apply_history_import", "describe_history_counts", "detect_layout", "plan_history_import", "read_sheet",
]

#: field code → Vietnamese label, in the order the wizard shows them.
HISTORY_FIELDS: dict[str, str] = {
    "stt": "STT",
    "ho_ten": "Họ và tên / Tên tập thể",
    "ngay_sinh": "Ngày sinh",
    "ngay_sinh_nam": "Ngày sinh (Nam)",
    "ngay_sinh_nu": "Ngày sinh (Nữ)",
    "doi_tuong": "Cá nhân / Tập thể",
    "don_vi": "Đơn vị",
    "nam": "Năm",
    "danh_hieu": "Danh hiệu / Hình thức khen thưởng",
    "so_quyet_dinh": "Số quyết định (hoặc số và ngày)",
    "ngay_quyet_dinh": "Ngày quyết định",
    "ghi_chu": "Ghi chú",
}

_SUBJECT = r"(?:ca nhan|tap the|don vi|co quan)"
_SUBJECT_NAME = re.compile(
    rf"(?:(?:ho (?:va )?ten |ten ){_SUBJECT}(?: (?:va |hoac )?{_SUBJECT})*"
    rf"|{_SUBJECT}(?: (?:va |hoac )?{_SUBJECT})+)"
    r"(?: (?:duoc )?(?:khen|khen thuong|de nghi))?"
)
_YEAR_HEADERS = {"nam", "nam khen", "nam khen thuong", "nam duoc khen", "nam duoc khen thuong", "nam dat",
                 "nam dat danh hieu", "nam danh hieu", "nam cong nhan", "nam thi dua", "nam xet"}
_SUBJECT_HEADERS = {"doi tuong", "loai doi tuong", "ca nhan hay tap the", "loai", "doi tuong khen thuong"}
_DECISION_NUMBER_SUB = {"so", "so hieu", "so ky hieu", "so qd", "so quyet dinh"}
_DECISION_DATE_SUB = {"ngay", "ngay thang", "ngay thang nam", "ngay ky", "ngay ban hanh", "ngay qd",
                      "ngay quyet dinh"}


def _anchor(key: str) -> bool:
    if is_name_header(key):
        return True
    return key not in ("don vi", "co quan") and bool(_SUBJECT_NAME.fullmatch(key))


def _classify(key: str) -> str | None:
    """The field a history header names (short, exact phrases: a long title
    line of the heading must not look like a column)."""
    if not key or len(key.split()) > 10:
        return None
    words = set(key.split())
    if key in STT_HEADERS:
        return "stt"
    if _anchor(key) or key in FAMILY_PART:
        return "ho_ten"
    if "sinh" in words and not {"noi", "que"} & words:
        return "ngay_sinh"
    if key in _YEAR_HEADERS:
        return "nam"
    if key in _SUBJECT_HEADERS:
        return "doi_tuong"
    if "danh hieu" in key or "hinh thuc" in key or key in (
            "khen thuong", "noi dung khen thuong", "loai khen thuong", "muc khen thuong", "ten danh hieu"):
        return "danh_hieu"
    if "quyet dinh" in key or words & {"qd", "qdkt"}:
        if "ngay" in words and "so" not in words:
            return "ngay_quyet_dinh"
        return "so_quyet_dinh"
    if key in ("ngay ky", "ngay ban hanh"):
        return "ngay_quyet_dinh"
    if "ghi chu" in key:
        return "ghi_chu"
    if is_unit_header(key):
        return "don_vi"
    return None


def _refine(top: str | None, bottom: str) -> str | None:
    if top == "ngay_sinh":
        return refine_birth(top, bottom)
    if top in ("so_quyet_dinh", "ngay_quyet_dinh"):
        if bottom in _DECISION_NUMBER_SUB:
            return "so_quyet_dinh"
        if bottom in _DECISION_DATE_SUB:
            return "ngay_quyet_dinh"
    return None


#: The header words of an award history list (for :func:`sheet.detect_layout`).
HISTORY_HEADERS = HeaderSpec(
    fields=HISTORY_FIELDS, classify=_classify, required="ho_ten", anchor=_anchor, refine=_refine,
    sub_keys=frozenset({"nam", "nu"} | _DECISION_NUMBER_SUB | _DECISION_DATE_SUB),
    sub_key=lambda key: _builtin_vocabulary().titles.match(key) is not None,
    group_fields=("ngay_sinh", "so_quyet_dinh", "ngay_quyet_dinh"), what="danh sách khen thưởng",
)

_FILL_FIELDS = ("don_vi", "doi_tuong", "nam", "danh_hieu", "so_quyet_dinh", "ngay_quyet_dinh", "ghi_chu")
_DATE_FIELDS = ("ngay_sinh", "ngay_sinh_nam", "ngay_sinh_nu", "nam", "ngay_quyet_dinh")


@functools.lru_cache(maxsize=1)
def _builtin_vocabulary() -> Vocabulary:
    return Vocabulary(builtin_rulesets())


def _title_columns(data: SheetData, layout: Layout, vocab: Vocabulary) -> dict[int, TitleMatch]:
    """Columns whose header names a title (tick columns): column → title."""
    mapped = {c for f, c in layout.columns.items() if f != "danh_hieu"}
    width = max((len(data.rows[r - 1]) for r in range(layout.header_first_row, layout.header_last_row + 1)
                 if r - 1 < len(data.rows)), default=0)
    out: dict[int, TitleMatch] = {}
    for c in range(1, width + 1):
        if c in mapped:
            continue
        for r in range(layout.header_last_row, layout.header_first_row - 1, -1):
            text = header_text(data.value(r, c))
            if text and len(header_key(text).split()) <= 10:
                found = vocab.titles.match(text)
                if found is not None:
                    out[c] = found
                    break
    return out


def _without_tick_title_column(data: SheetData, layout: Layout, vocab: Vocabulary) -> Layout:
    c = layout.columns.get("danh_hieu")
    if c is not None and c in _title_columns(data, layout, vocab):
        columns = {f: col for f, col in layout.columns.items() if f != "danh_hieu"}
        return Layout(layout.header_first_row, layout.header_last_row, columns)
    return layout


# --- plan -------------------------------------------------------------------

@dataclass
class HistoryRow(RecordRow):
    """A row of the history list and the history lines it gives."""
    titles: list[str] = field(default_factory=list)  # codes, in the order of the cell
    title_names: list[str] = field(default_factory=list)
    decision: str = ""
    decision_date: dt.date | None = None
    note: str = ""
    entries: list[AwardEntry] = field(default_factory=list)  # the lines, as they will be stored
    writes: list[AwardEntry] = field(default_factory=list)  # those that are new or changed
    matches: list[TitleMatch] = field(default_factory=list, repr=False)  # the titles as read


@dataclass
class HistoryImportPlan(RecordPlan):
    #: ``(number, date)`` of a decision named above the table, used by rows without one
    sheet_decision: tuple[str, dt.date | None] | None = None


@dataclass(frozen=True)
class HistoryImportResult:
    created: int  # history lines
    updated: int
    unchanged: int  # rows
    skipped: int

    def describe(self) -> str:
        return (f"{self.created} dòng lịch sử mới, {self.updated} cập nhật, {self.unchanged} không đổi, "
                f"{self.skipped} dòng bỏ qua")


def _subject_key(entry: AwardEntry) -> tuple[int, int, int, str]:
    return (entry.staff_id or 0, entry.unit_id or 0, entry.nam, entry.ma)


class _Context(RecordContext):
    """Besides the unit and year: the title and the kind (person or
    collective) section rows give, and the tick columns."""

    def __init__(self, *args):
        super().__init__(*args)
        self.title: TitleMatch | None = None
        self.kind: str | None = None
        self.ticks: dict[int, TitleMatch] = {}


def _match_titles(text: str, vocab: Vocabulary) -> list[TitleMatch] | None:
    """Titles a cell names: each part of a list ("LĐTT; CSTĐCS", "LĐTT +
    Giấy khen") when every part is one, else the whole text ("Chiến sĩ thi
    đua cấp bộ, ban, ngành, tỉnh"). None if unknown."""
    parts = [p for p in re.split(r"\s*(?:[;+\n/]|,|\bvà\b)\s*", text) if p.strip()]
    if len(parts) > 1:
        found = [vocab.titles.match(p) for p in parts]
        if all(f is not None for f in found):
            return list({f.code: f for f in found}.values())  # type: ignore[union-attr]
    whole = vocab.titles.match(text)
    return [whole] if whole is not None else None


def _cell_titles(text: str, ctx: _Context) -> list[TitleMatch] | None:
    """The titles of a Danh hiệu cell: what the user said it means, else what the vocabulary reads."""
    mapped = ctx.value_map.get(("danh_hieu", value_key(text)))
    return [TitleMatch(mapped)] if mapped else _match_titles(text, ctx.vocab)


class HistoryImport(RecordImport):
    """The award history import: a row gives one line of the history per title it names."""
    headers = HISTORY_HEADERS
    plan_type = HistoryImportPlan
    row_type = HistoryRow
    context_type = _Context
    fill_fields = ("don_vi", "doi_tuong", "nam", "danh_hieu", "so_quyet_dinh", "ngay_quyet_dinh", "ghi_chu")
    date_fields = ("ngay_sinh", "ngay_sinh_nam", "ngay_sinh_nu", "nam", "ngay_quyet_dinh")
    tables = ("awards",)
    kinds = ("staff", "unit")
    bad_name = "Tên không hợp lệ"
    no_name = "Không có tên cá nhân/tập thể"

    def detect_layout(self, data: SheetData) -> Layout:
        """Header rows and columns of an award history list. Columns headed by a
        title ("LĐTT" | "CSTĐCS" under "Danh hiệu") are tick columns, read by
        the plan, not a "Danh hiệu" text column."""
        return _without_tick_title_column(data, super().detect_layout(data), _builtin_vocabulary())

    def prepare(self, ctx: _Context, db: sqlite_utils.Database, data: SheetData) -> None:
        ctx.existing = {_subject_key(a): a for a in awards_all(db)}
        ctx.use_layout(_without_tick_title_column(data, ctx.layout, ctx.vocab))
        ctx.ticks = _title_columns(data, ctx.layout, ctx.vocab)

    def plan_fields(self, ctx: _Context) -> dict:
        return {"sheet_decision": ctx.sheet_decision}

    def section(self, text: str, ctx: _Context) -> str:
        if section_year(text) is None:
            title = ctx.vocab.titles.match(text)
            if title is not None:
                ctx.title = title
                if title.year:
                    ctx.section_year = title.year
                return f"Dòng nhóm: {ctx.vocab.titles.name(title.code)}"
            words = f" {header_key(text)} "
            for phrase, kind, label in ((" tap the ", "unit", "tập thể"), (" ca nhan ", "staff", "cá nhân")):
                if phrase in words:
                    ctx.kind, ctx.title, ctx.section_unit = kind, None, ""
                    return f"Dòng nhóm: {label}"
        return super().section(text, ctx)

    def read_row(self, excel_row: int, raw: tuple, ctx: _Context) -> HistoryRow:
        vocab = ctx.vocab
        errors: list[str] = []
        values = ctx.values(raw)
        name = ctx.text(values, "ho_ten", excel_row)
        row = HistoryRow(excel_row, RowStatus.NEW, name=name)
        if len(values) == ("stt" in values) + ("ho_ten" in values) \
                and not any(c - 1 < len(raw) and not is_blank(raw[c - 1]) for c in ctx.ticks):
            # A lone text in the name column: a section row ("Lao động tiên tiến", "Năm 2023")?
            if section_year(name) is not None or vocab.titles.match(name) is not None \
                    or header_key(name) in ("ca nhan", "tap the"):
                row.status, row.reason = RowStatus.SKIPPED, self.section(name, ctx)
                return row
        row.birth = ctx.birth(values, errors)
        row.unit_text = ctx.text(values, "don_vi", excel_row) or ctx.section_unit
        # Who: person or collective.
        kind = None
        kind_text = ctx.text(values, "doi_tuong", excel_row)
        if kind_text:
            code = vocab.subjects.match(kind_text)
            if code is None:
                errors.append(f"Cột Cá nhân/Tập thể ghi “{short(kind_text, 30)}” không rõ (ghi Cá nhân hoặc Tập thể)")
            else:
                kind = "staff" if code == CA_NHAN else "unit"
        titles = self._titles(row, raw, values, ctx, errors)
        row.matches = titles
        row.titles = [t.code for t in titles]
        row.title_names = [vocab.titles.name(t.code) for t in titles]
        row.year = ctx.year(values, errors, next((t.year for t in titles if t.year), None)
                            or ctx.section_year or ctx.default_year)
        self._decision(row, values, ctx, errors)
        row.note = ctx.text(values, "ghi_chu", excel_row)
        if kind is None:
            kind = _guess_kind(name, row.birth, titles, ctx, vocab, ctx.subjects)
        row.kind = kind
        if kind == "unit" and row.birth is not None:
            errors.append("Dòng của tập thể nhưng có ngày sinh")
        if not errors:
            errors += _kind_errors(kind, titles, vocab)
        if errors:
            return _error(row, errors)
        return row

    def _titles(self, row: HistoryRow, raw: tuple, values: dict, ctx: _Context, errors: list[str]) -> list[TitleMatch]:
        """The titles of the Danh hiệu cell and the ticked title columns, else of a section row."""
        vocab = ctx.vocab
        title_text = ctx.text(values, "danh_hieu", row.excel_row)
        titles: list[TitleMatch] = []
        if title_text:
            found = ctx.once(_cell_titles, title_text, ctx)
            if found is None:
                errors.append(f"Không nhận ra danh hiệu, hình thức “{short(title_text, 60)}”"
                              + (vocab.taken_back(title_text) or " (ghi như trong danh mục: "
                                 "Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Giấy khen, …)"))
                row.unknown.append(("danh_hieu", title_text))
            else:
                titles = list(found)
        for c, title in ctx.ticks.items():
            v = raw[c - 1] if c - 1 < len(raw) else None
            if is_blank(v) or v == 0 or (isinstance(v, str) and vocab.is_none(v)):
                continue
            if is_mark(v):
                if title.code not in {t.code for t in titles}:
                    titles.append(title)
            else:
                errors.append(f"Cột {get_column_letter(c)} (“{vocab.titles.name(title.code)}”) ghi "
                              f"“{short(str(v), 30)}”: chỉ đánh dấu x vào ô của danh hiệu đạt được")
        if not titles and not title_text and not errors:
            if ctx.title is not None:
                titles = [ctx.title]
            else:
                errors.append("Không có danh hiệu, hình thức khen thưởng")
        return titles

    def _decision(self, row: HistoryRow, values: dict, ctx: _Context, errors: list[str]) -> None:
        """The decision's number and date: one cell, two columns, or the line above the table."""
        number, date = "", None
        v_no = ctx.value(values, "so_quyet_dinh", row.excel_row)
        v_date = ctx.value(values, "ngay_quyet_dinh", row.excel_row)
        if v_no is not None:
            number, date, err = ctx.once(parse_decision, v_no)
            if err:
                errors.append(err)
        if v_date is not None:
            d2, err = ctx.once(parse_decision_date, v_date)
            if err:
                errors.append(err)
            elif date is not None and d2 is not None and d2 != date:
                errors.append(f"Ngày quyết định ghi hai lần khác nhau ({date:%d/%m/%Y} và {d2:%d/%m/%Y})")
            date = date or d2
        if v_no is None and v_date is None and ctx.sheet_decision is not None:
            number, date = ctx.sheet_decision
        row.decision, row.decision_date = number, date

    def settle(self, row: HistoryRow, ctx: _Context) -> None:
        # read_row found the titles fit the row's kind; the user may have chosen the other kind
        errors = _kind_errors(row.kind, row.matches, ctx.vocab) if row.resolved else []
        subject = row.subject.id  # type: ignore[union-attr]
        staff_id, unit_id = (subject, None) if row.kind == "staff" else (None, subject) if row.kind == "unit" \
            else (None, None)
        for t in row.matches:
            entry = AwardEntry(
                nam=row.year, ma=t.code, staff_id=staff_id, unit_id=unit_id,  # type: ignore[arg-type]
                so_quyet_dinh=row.decision, ngay_quyet_dinh=row.decision_date, co_so=t.basis or "cong_trang",
                nguon="nhap_excel", ghi_chu=row.note,
            ).normalised()
            for e in entry.errors():
                if e not in errors:
                    errors.append(e)
            row.entries.append(entry)
        if errors:
            _error(row, errors)
        else:
            _compare(row, ctx.existing, ctx.seen)

    def write(self, db: sqlite_utils.Database, plan: HistoryImportPlan) -> HistoryImportResult:
        writes = [e for r in plan.rows if r.status in (RowStatus.NEW, RowStatus.UPDATE) for e in r.writes]
        # New lines were normalised and checked by settle(), against the data that apply() has just
        # found unchanged; a stored line with the file's values merged in is checked by save_awards.
        save_checked_awards(db, [e for e in writes if e.id is None])
        save_awards(db, [e for e in writes if e.id is not None])
        created = sum(1 for e in writes if e.id is None)
        counts = plan.counts()
        return HistoryImportResult(
            created=created, updated=len(writes) - created, unchanged=counts[RowStatus.UNCHANGED],
            skipped=counts[RowStatus.SKIPPED],
        )


def _kind_errors(kind: str, titles: list[TitleMatch], vocab: Vocabulary) -> list[str]:
    wanted, label = (CA_NHAN, "cá nhân") if kind == "staff" else (TAP_THE, "tập thể")
    return [f"“{vocab.titles.name(t.code)}” không dành cho {label}"
            for t in titles if wanted not in vocab.titles.subjects.get(t.code, ())]


def _error(row: HistoryRow, errors: list[str]) -> HistoryRow:
    row.status = RowStatus.ERROR
    row.reason = "; ".join(dict.fromkeys(errors))
    row.entries, row.writes, row.changes = [], [], []
    return row


def _guess_kind(name, birth, titles, ctx, vocab, subjects) -> str:
    """Person or collective, from the strongest sign: the name ("Tập thể …"),
    a section row, the titles (only for one kind), the birth date, a stored
    unit of that name."""
    if name[:1] in "tT" and re.match(r"^(tap the|tt)\s", header_key(name)):
        return "unit"
    if ctx.kind is not None:
        return ctx.kind
    allowed = None
    for t in titles:
        s = vocab.titles.subjects.get(t.code, frozenset()) & {CA_NHAN, TAP_THE}
        allowed = s if allowed is None else allowed & s
    if allowed == {TAP_THE}:
        return "unit"
    if allowed == {CA_NHAN}:
        return "staff"
    if birth is None and subjects.unit_of_name(name):
        return "unit"
    return "staff"


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"


_BASIS_LABELS = {"cong_trang": "công trạng", "chuyen_de": "chuyên đề", "dot_xuat": "đột xuất"}


def _compare(row: HistoryRow, existing: dict, seen: dict) -> None:
    """Status of a matched row against the stored history and earlier rows."""
    kept: list[tuple[tuple, AwardEntry]] = []
    for entry in row.entries:
        key = _subject_key(entry)
        if key in seen:
            first_row, first = seen[key]
            if dataclasses.replace(first, ghi_chu="") == dataclasses.replace(entry, ghi_chu=""):
                row.changes.append(f"{entry.ma} năm {entry.nam}: trùng với dòng {first_row}, bỏ qua")
                continue
            _error(row, [f"Trùng với dòng {first_row} (cùng {'người' if entry.staff_id else 'tập thể'}, "
                         f"năm {entry.nam}, {entry.ma}) nhưng khác quyết định"])
            return
        kept.append((key, entry))
    for key, entry in kept:
        seen[key] = (row.excel_row, entry)
    if not kept:
        row.status = RowStatus.SKIPPED
        row.reason = "; ".join(filter(None, [row.reason, *row.changes]))
        row.changes = []
        return
    new = update = False  # else every line is stored as the file has it: UNCHANGED
    for key, entry in kept:
        old = existing.get(key)
        if old is None:
            row.writes.append(entry)
            new = True
            continue
        merged = dataclasses.replace(
            old,
            so_quyet_dinh=entry.so_quyet_dinh or old.so_quyet_dinh,
            ngay_quyet_dinh=entry.ngay_quyet_dinh or old.ngay_quyet_dinh,
            co_so=entry.co_so if entry.co_so != "cong_trang" else old.co_so,
            ghi_chu=entry.ghi_chu or old.ghi_chu,
        )
        if merged == old:
            continue
        for label, a, b in (("Số quyết định", old.so_quyet_dinh, merged.so_quyet_dinh),
                            ("Ngày quyết định", old.ngay_quyet_dinh, merged.ngay_quyet_dinh),
                            ("Cơ sở", _BASIS_LABELS.get(old.co_so), _BASIS_LABELS.get(merged.co_so)),
                            ("Ghi chú", old.ghi_chu, merged.ghi_chu)):
            if a != b:
                row.changes.append(f"{entry.ma} {entry.nam} — {label}: {_show(a)} → {_show(b)}")
        row.writes.append(merged)
        update = True
    row.status = RowStatus.NEW if new else RowStatus.UPDATE if update else RowStatus.UNCHANGED
    row.entries = [entry for _, entry in kept]


HISTORY_IMPORT = HistoryImport()
read_sheet = HISTORY_IMPORT.read_sheet
detect_layout = HISTORY_IMPORT.detect_layout
plan_history_import = HISTORY_IMPORT.plan
apply_history_import = HISTORY_IMPORT.apply
describe_history_counts = describe_record_counts
