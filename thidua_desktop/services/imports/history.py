"""Import award history (lịch sử khen thưởng) from old spreadsheets.

Eligibility looks back over the years (three consecutive Chiến sĩ thi đua
cơ sở, two consecutive Bằng khen …), and those years live in old Excel
lists: who (a person, or a collective), which year, which title or form,
which decision. The import has the same steps and behaviour as the roster
import (:mod:`.roster`): :func:`read_sheet` → :func:`detect_layout`
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
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from openpyxl.utils import get_column_letter

from ...domain.dates import PartialDate
from ...domain.registrations import AwardEntry
from ...domain.rulesets import builtin_rulesets
from ...domain.titles import CA_NHAN, TAP_THE
from ...store.merit import awards_all, save_awards
from . import sheet as _sheets
from .vocab import TitleMatch, Vocabulary, vocabulary_for
from .records import (
    RecordPlan,
    RecordRow,
    Resolutions,
    Subjects,
    ValueMap,
    apply_resolution,
    parse_decision,
    parse_decision_date,
    parse_year,
    section_year,
    sheet_defaults,
    unmatched_reason,
    value_key,
)
from .cells import (
    CellText,
    imported_legacy,
    is_blank,
    is_mark,
    legacy_fixes,
    legacy_label,
    parse_birth,
    short,
)
from .layout import FAMILY_PART, HeaderSpec, Layout, check_layout, header_key, header_text, is_name_header
from .sheet import RowStatus
from .table import scan_table
from .workbook import ImportFileError, SheetData

__all__ = [
    "HISTORY_FIELDS", "HISTORY_HEADERS", "HistoryImportPlan", "HistoryImportResult", "HistoryRow",
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

_STT = {"stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"}
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
    if key in _STT:
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
    if "don vi" in key or key in ("phong", "phong ban", "bo phan", "noi cong tac", "co quan", "to", "khoa"):
        return "don_vi"
    return None


def _refine(top: str | None, bottom: str) -> str | None:
    if top == "ngay_sinh":
        return {"nam": "ngay_sinh_nam", "nu": "ngay_sinh_nu"}.get(bottom, "ngay_sinh")
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


def read_sheet(path: Path | str, sheet: str | None = None) -> SheetData:
    """Read ``sheet`` (default: the first sheet with a history header)."""
    return _sheets.read_sheet(path, sheet, HISTORY_HEADERS)


def detect_layout(data: SheetData) -> Layout:
    """Header rows and columns of an award history list. Columns headed by a
    title ("LĐTT" | "CSTĐCS" under "Danh hiệu") are tick columns, read by
    the plan, not a "Danh hiệu" text column."""
    layout = _sheets.detect_layout(data, HISTORY_HEADERS)
    return _without_tick_title_column(data, layout, _builtin_vocabulary())


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
    entries: list[AwardEntry] = field(default_factory=list)  # the lines, as they will be stored
    writes: list[AwardEntry] = field(default_factory=list)  # those that are new or changed


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


def describe_history_counts(counts: dict[RowStatus, int]) -> str:
    """``"12 dòng mới, 3 cập nhật, 40 không đổi, 8 bỏ qua"`` (rows of the file)."""
    return (f"{counts.get(RowStatus.NEW, 0)} dòng mới, {counts.get(RowStatus.UPDATE, 0)} cập nhật, "
            f"{counts.get(RowStatus.UNCHANGED, 0)} không đổi, {counts.get(RowStatus.SKIPPED, 0)} bỏ qua")


def _awards_fingerprint(db) -> str:
    h = hashlib.sha1()
    for row in db.execute("SELECT * FROM awards ORDER BY id"):
        h.update(repr(row).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _subject_key(entry: AwardEntry) -> tuple[int, int, int, str]:
    return (entry.staff_id or 0, entry.unit_id or 0, entry.nam, entry.ma)


class _Context:
    """What the section rows above a row say: title, collective/person, year, unit."""

    def __init__(self):
        self.title: TitleMatch | None = None
        self.kind: str | None = None
        self.year: int | None = None
        self.unit = ""


def _section(text: str, ctx: _Context, vocab: Vocabulary) -> str:
    """Apply a section row to the context; the reason shown for it."""
    year = section_year(text)
    if year is not None:
        ctx.year = year
        return f"Dòng nhóm: năm {year}"
    title = vocab.titles.match(text)
    if title is not None:
        ctx.title = title
        if title.year:
            ctx.year = title.year
        return f"Dòng nhóm: {vocab.titles.name(title.code)}"
    words = f" {header_key(text)} "
    for phrase, kind, label in ((" tap the ", "unit", "tập thể"), (" ca nhan ", "staff", "cá nhân")):
        if phrase in words:
            ctx.kind, ctx.title, ctx.unit = kind, None, ""
            return f"Dòng nhóm: {label}"
    ctx.unit = text
    return f"Dòng đơn vị: {text}"


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


def plan_history_import(
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
) -> HistoryImportPlan:
    """Read the history list and decide, row by row, what an import would do.

    Writes nothing. ``layout`` overrides the detected one; ``resolutions``
    (Excel row → ``("staff", id)``, ``("unit", id)`` or ``("skip", 0)``) says
    who unmatched rows are; ``year`` is the year of rows that give none;
    ``convert_legacy`` decodes TCVN3/VNI text; ``data`` (from
    :func:`read_sheet`) saves reading the file again; ``value_map`` says what
    title texts the vocabulary does not know mean (``records``).
    """
    path = Path(path)
    if data is None:
        data = read_sheet(path, sheet)
    if layout is None:
        layout = detect_layout(data)
    check_layout(layout, HISTORY_HEADERS)
    resolutions = dict(resolutions or {})
    fixes, encoding = legacy_fixes(data, layout.header_last_row + 1)
    cells = CellText(fixes, convert_legacy)
    subjects = Subjects(db)
    vocab = vocabulary_for(db)
    existing = {_subject_key(a): a for a in awards_all(db)}
    heading_year, heading_where, sheet_decision = sheet_defaults(data, layout)
    if year is not None:
        default_year, year_source = year, "năm chọn cho cả trang"
    else:
        default_year, year_source = heading_year, heading_where
    layout = _without_tick_title_column(data, layout, vocab)
    ticks = _title_columns(data, layout, vocab)
    scanned = scan_table(data, layout, HISTORY_HEADERS, cells, fill_fields=_FILL_FIELDS,
                         date_fields=_DATE_FIELDS)
    cols = layout.columns
    ctx = _Context()
    rows: list[HistoryRow] = []
    seen: dict[tuple, tuple[int, AwardEntry]] = {}

    def get(raw, fld):
        c = cols.get(fld)
        if c is None:
            return None
        v = raw[c - 1] if c - 1 < len(raw) else None
        return None if isinstance(v, str) and not v.strip() else v

    def text(raw, fld, excel_row):
        v = get(raw, fld)
        return cells.text(v, excel_row, cols[fld]) if v is not None else ""

    inputs = _Inputs(cols, ticks, get, text, vocab, subjects, resolutions, default_year, sheet_decision,
                     value_map or {})
    for s in scanned:
        if s.kind == "skipped":
            rows.append(HistoryRow(s.excel_row, RowStatus.SKIPPED, s.reason))
            continue
        if s.kind == "section":
            rows.append(HistoryRow(s.excel_row, RowStatus.SKIPPED, _section(s.section, ctx, vocab)))
            continue
        raw = s.raw
        if s.kind == "badname":
            rows.append(HistoryRow(s.excel_row, RowStatus.ERROR, f"Tên không hợp lệ: {s.reason}"))
            continue
        if s.kind == "noname":
            reason = f"Không có tên cá nhân/tập thể nhưng có dữ liệu ở cột {s.reason}"
            rows.append(HistoryRow(s.excel_row, RowStatus.ERROR, reason))
            continue
        row = _plan_row(s.excel_row, raw, ctx, inputs)
        rows.append(row)
        if row.status in (RowStatus.ERROR, RowStatus.UNMATCHED, RowStatus.SKIPPED):
            continue
        _compare(row, existing, seen)
    legacy = imported_legacy(cells, (r.excel_row for r in rows if r.status is not RowStatus.SKIPPED))
    return HistoryImportPlan(
        path=path, sheet=data.name, layout=layout, rows=rows, legacy_cells=legacy,
        legacy_encoding=legacy_label(encoding, legacy), converted_legacy=convert_legacy,
        year=default_year, year_source=year_source if default_year else "",
        fingerprint=subjects.fingerprint + _awards_fingerprint(db), sheet_decision=sheet_decision,
    )


@dataclass
class _Inputs:
    """What every row of one plan reads with."""
    cols: dict[str, int]
    ticks: dict[int, TitleMatch]  # tick columns
    get: object
    text: object
    vocab: Vocabulary
    subjects: Subjects
    resolutions: dict
    default_year: int | None
    sheet_decision: tuple[str, dt.date | None] | None
    value_map: ValueMap


def _plan_row(excel_row: int, raw: tuple, ctx: _Context, inp: _Inputs) -> HistoryRow:
    cols, get, text, vocab, subjects = inp.cols, inp.get, inp.text, inp.vocab, inp.subjects
    resolutions, default_year, sheet_decision = inp.resolutions, inp.default_year, inp.sheet_decision
    errors: list[str] = []
    name = text(raw, "ho_ten", excel_row)
    row = HistoryRow(excel_row, RowStatus.NEW, name=name)
    if not any(get(raw, f) is not None for f in cols if f not in ("stt", "ho_ten")) \
            and not any(c - 1 < len(raw) and not is_blank(raw[c - 1]) for c in inp.ticks):
        # A lone text in the name column: a section row ("Lao động tiên tiến", "Năm 2023")?
        if section_year(name) is not None or vocab.titles.match(name) is not None \
                or header_key(name) in ("ca nhan", "tap the"):
            row.status, row.reason = RowStatus.SKIPPED, _section(name, ctx, vocab)
            return row
    # Birth date (a date in a Nam / Nữ column is enough).
    birth: PartialDate | None = None
    for fld in ("ngay_sinh", "ngay_sinh_nam", "ngay_sinh_nu"):
        v = get(raw, fld)
        if v is not None and not (isinstance(v, str) and len(v.strip()) <= 2 and not v.strip().isdigit()):
            d = parse_birth(v, cols[fld], errors)
            if birth is not None and d is not None and d != birth:
                errors.append(f"Ngày sinh ghi hai lần khác nhau ({birth.display()} và {d.display()})")
            birth = birth or d
    row.birth = birth
    row.unit_text = text(raw, "don_vi", excel_row) or ctx.unit
    # Who: person or collective.
    kind = None
    kind_text = text(raw, "doi_tuong", excel_row)
    if kind_text:
        code = vocab.subjects.match(kind_text)
        if code is None:
            errors.append(f"Cột Cá nhân/Tập thể ghi “{short(kind_text, 30)}” không rõ (ghi Cá nhân hoặc Tập thể)")
        else:
            kind = "staff" if code == CA_NHAN else "unit"
    # Titles.
    title_text = text(raw, "danh_hieu", excel_row)
    titles: list[TitleMatch] = []
    if title_text:
        mapped = inp.value_map.get(("danh_hieu", value_key(title_text)))
        found = [TitleMatch(mapped)] if mapped else _match_titles(title_text, vocab)
        if found is None:
            errors.append(f"Không nhận ra danh hiệu, hình thức “{short(title_text, 60)}”"
                          + (vocab.taken_back(title_text) or " (ghi như trong danh mục: "
                             "Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Giấy khen, …)"))
            row.unknown.append(("danh_hieu", title_text))
        else:
            titles = found
    for c, title in inp.ticks.items():
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
    row.titles = [t.code for t in titles]
    row.title_names = [vocab.titles.name(t.code) for t in titles]
    # Year.
    year = None
    v = get(raw, "nam")
    if v is not None:
        try:
            year = parse_year(v)
        except ValueError as exc:
            errors.append(f"Năm: {exc}")
    else:
        year = next((t.year for t in titles if t.year), None) or ctx.year or default_year
        if year is None:
            errors.append("Không có năm (thêm cột Năm, hoặc chọn năm cho cả trang)")
    row.year = year
    # Decision.
    number, date = "", None
    v_no, v_date = get(raw, "so_quyet_dinh"), get(raw, "ngay_quyet_dinh")
    if v_no is not None:
        number, date, err = parse_decision(text(raw, "so_quyet_dinh", excel_row) if isinstance(v_no, str) else v_no)
        if err:
            errors.append(err)
    if v_date is not None:
        d2, err = parse_decision_date(text(raw, "ngay_quyet_dinh", excel_row) if isinstance(v_date, str) else v_date)
        if err:
            errors.append(err)
        elif date is not None and d2 is not None and d2 != date:
            errors.append(f"Ngày quyết định ghi hai lần khác nhau ({date:%d/%m/%Y} và {d2:%d/%m/%Y})")
        date = date or d2
    if v_no is None and v_date is None and sheet_decision is not None:
        number, date = sheet_decision
    row.decision, row.decision_date = number, date
    note = text(raw, "ghi_chu", excel_row)
    if kind is None:
        kind = _guess_kind(name, birth, titles, ctx, vocab, subjects)
    row.kind = kind
    if kind == "unit" and birth is not None:
        errors.append("Dòng của tập thể nhưng có ngày sinh")
    if not errors:
        errors += _kind_errors(kind, titles, vocab)
    if errors:
        return _error(row, errors)
    # Who exactly.
    choice = resolutions.get(excel_row)
    if choice is not None:
        if not apply_resolution(row, subjects, choice, ("staff", "unit")):
            return row  # skipped by the user, or an impossible choice (an error)
        row.reason = f"Đã chọn: {row.subject.label}"  # type: ignore[union-attr]
    else:
        found = subjects.find_person(name, birth, row.unit_text) if kind == "staff" else subjects.find_unit(name)
        if len(found) == 1:
            row.subject = found[0]
        else:
            row.status = RowStatus.UNMATCHED
            row.reason = unmatched_reason(row, found, kind)
            if found:
                row.candidates = found
            elif kind == "staff":
                row.candidates = subjects.similar_people(name)
            else:
                row.candidates = subjects.similar_units(name)
            return row
    kind = row.kind
    errors += _kind_errors(kind, titles, vocab)  # the user may have chosen the other kind
    for t in titles:
        entry = AwardEntry(
            nam=year, ma=t.code,  # type: ignore[arg-type]
            staff_id=row.subject.id if kind == "staff" else None,  # type: ignore[union-attr]
            unit_id=row.subject.id if kind == "unit" else None,  # type: ignore[union-attr]
            so_quyet_dinh=number, ngay_quyet_dinh=date, co_so=t.basis or "cong_trang",
            nguon="nhap_excel", ghi_chu=note,
        ).normalised()
        errors.extend(e for e in entry.errors() if e not in errors)
        row.entries.append(entry)
    if errors:
        return _error(row, errors)
    return row


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
    if re.match(r"^(tap the|tt)\s", header_key(name)):
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
    kept: list[AwardEntry] = []
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
        kept.append(entry)
    for entry in kept:
        seen[_subject_key(entry)] = (row.excel_row, entry)
    if not kept:
        row.status = RowStatus.SKIPPED
        row.reason = "; ".join(filter(None, [row.reason, *row.changes]))
        row.changes = []
        return
    statuses = set()
    for entry in kept:
        old = existing.get(_subject_key(entry))
        if old is None:
            row.writes.append(entry)
            statuses.add(RowStatus.NEW)
            continue
        merged = dataclasses.replace(
            old,
            so_quyet_dinh=entry.so_quyet_dinh or old.so_quyet_dinh,
            ngay_quyet_dinh=entry.ngay_quyet_dinh or old.ngay_quyet_dinh,
            co_so=entry.co_so if entry.co_so != "cong_trang" else old.co_so,
            ghi_chu=entry.ghi_chu or old.ghi_chu,
        )
        if merged == old:
            statuses.add(RowStatus.UNCHANGED)
            continue
        for label, a, b in (("Số quyết định", old.so_quyet_dinh, merged.so_quyet_dinh),
                            ("Ngày quyết định", old.ngay_quyet_dinh, merged.ngay_quyet_dinh),
                            ("Cơ sở", _BASIS_LABELS.get(old.co_so), _BASIS_LABELS.get(merged.co_so)),
                            ("Ghi chú", old.ghi_chu, merged.ghi_chu)):
            if a != b:
                row.changes.append(f"{entry.ma} {entry.nam} — {label}: {_show(a)} → {_show(b)}")
        row.writes.append(merged)
        statuses.add(RowStatus.UPDATE)
    row.status = (RowStatus.NEW if RowStatus.NEW in statuses
                  else RowStatus.UPDATE if RowStatus.UPDATE in statuses else RowStatus.UNCHANGED)
    row.entries = kept


# --- apply ------------------------------------------------------------------

def apply_history_import(db: sqlite_utils.Database, plan: HistoryImportPlan) -> HistoryImportResult:
    """Write the plan in one transaction: all rows or none.

    Refuses (:class:`ImportFileError`) a plan with error or unmatched rows,
    or a plan made before the data changed (e.g. applied twice).
    """
    refusal = plan.refusal()
    if refusal:
        raise ImportFileError(refusal)
    writes = [e for r in plan.rows if r.status in (RowStatus.NEW, RowStatus.UPDATE) for e in r.writes]
    counts = plan.counts()
    with db.atomic():
        if plan.fingerprint and Subjects(db).fingerprint + _awards_fingerprint(db) != plan.fingerprint:
            raise ImportFileError(
                "Dữ liệu đã thay đổi sau khi xem trước (hoặc danh sách này vừa được nhập). "
                "Hãy xem trước lại rồi mới nhập."
            )
        save_awards(db, writes)
    created = sum(1 for e in writes if e.id is None)
    return HistoryImportResult(
        created=created, updated=len(writes) - created, unchanged=counts[RowStatus.UNCHANGED],
        skipped=counts[RowStatus.SKIPPED],
    )

