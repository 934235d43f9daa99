"""Import yearly đánh giá, xếp loại (and kỷ luật) from Excel.

The list each unit sends at year end: name, birth date, the xếp loại
("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV", "Hoàn thành tốt NV", …), the
months worked, and, when the sheet has them, kỷ luật columns (form, date,
decision number — or all of it in one cell: "Khiển trách, QĐ 12/QĐ-BDT ngày
05/6/2024"). The record-import flow of :mod:`.records`
(:class:`EvaluationImport`): :func:`read_sheet` → :func:`detect_layout` → :func:`plan_evaluation_import`
(statuses and reasons per Excel row, nothing written) →
:func:`apply_evaluation_import` (one transaction, all or nothing).

* The year: a Năm column, else the year chosen for the whole sheet
  (``year``), else a year in the xếp loại header ("Xếp loại năm 2024"), a
  "NĂM 2024" section row or the heading ("KẾT QUẢ … NĂM 2024").
* People are matched by name + birth date, with the unit column or unit
  section rows telling namesakes apart (:mod:`.records`); unmatched
  and ambiguous rows are resolved by the user (``resolutions``).
* A stored evaluation is updated only in what the file gives (an empty
  cell never blanks a stored value); months worked default to 12 for a new
  evaluation. A kỷ luật already stored (same person, form, date) is not
  added twice; "Đang xem xét kỷ luật" records a pending review. Re-importing
  a file changes nothing.
* A kỷ luật needs its decision date (the rules count its effect from it).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import sqlite_utils

from ...domain.registrations import DisciplineEntry, Evaluation, ReviewEntry
from ...domain.titles import DISCIPLINE_FORMS, XEP_LOAI
from ...store.merit import (
    disciplines_all,
    evaluations_all,
    reviews_all,
    save_discipline,
    save_evaluations,
    save_review,
)
from .cells import short
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
from .values import parse_decision, parse_decision_date, parse_months
from .workbook import SheetData

__all__ = [
    "EVALUATION_FIELDS", "EVALUATION_HEADERS", "EVALUATION_IMPORT", "EvaluationImportPlan", "EvaluationImportResult",
    "EvaluationRow", "apply_evaluation_import", "decision_label", "describe_evaluation_counts", "detect_layout",
    "plan_evaluation_import", "read_sheet",
]

EVALUATION_FIELDS: dict[str, str] = {
    "stt": "STT",
    "ho_ten": "Họ và tên",
    "ngay_sinh": "Ngày sinh",
    "ngay_sinh_nam": "Ngày sinh (Nam)",
    "ngay_sinh_nu": "Ngày sinh (Nữ)",
    "don_vi": "Đơn vị",
    "nam": "Năm",
    "xep_loai": "Xếp loại",
    "so_thang": "Số tháng công tác",
    "thai_san_thang": "Số tháng nghỉ thai sản",
    "ky_luat": "Kỷ luật (hình thức)",
    "ky_luat_ngay": "Ngày quyết định kỷ luật",
    "ky_luat_so": "Số quyết định kỷ luật",
    "ghi_chu": "Ghi chú",
}

_YEAR_HEADERS = {"nam", "nam danh gia", "nam xep loai", "nam danh gia xep loai"}
_DISCIPLINE_FORM_SUB = {"hinh thuc", "hinh thuc ky luat", "muc ky luat", "loai"}
_DISCIPLINE_NUMBER_SUB = {"so", "so qd", "so quyet dinh", "so hieu", "so ky hieu"}
_DISCIPLINE_DATE_SUB = {"ngay", "ngay qd", "ngay quyet dinh", "ngay ky", "thoi gian", "ngay thang",
                        "ngay thang nam", "tu ngay"}


def _classify(key: str) -> str | None:
    if not key or len(key.split()) > 12:
        return None
    words = set(key.split())
    if key in STT_HEADERS:
        return "stt"
    if is_name_header(key) or key in FAMILY_PART:
        return "ho_ten"
    if "sinh" in words and not {"noi", "que"} & words:
        return "ngay_sinh"
    if key in _YEAR_HEADERS:
        return "nam"
    if "ky luat" in key:
        if "xem xet" in key:
            return "ky_luat"
        if "ngay" in words or "thoi gian" in key:
            return "ky_luat_ngay"
        if "so" in words and ("qd" in words or "quyet dinh" in key):
            return "ky_luat_so"
        return "ky_luat"
    if "thai san" in key:
        return "thai_san_thang"
    if "xep loai" in key or "danh gia" in key or "phan loai" in key or "muc do hoan thanh" in key \
            or key in ("ket qua", "ket qua danh gia"):
        return "xep_loai"
    if "thang" in words and ("cong tac" in key or "lam viec" in key or key.startswith("so thang")):
        return "so_thang"
    if key in ("thoi gian cong tac", "thoi gian cong tac trong nam", "so thang"):
        return "so_thang"
    if "ghi chu" in key:
        return "ghi_chu"
    if is_unit_header(key):
        return "don_vi"
    return None


def _refine(top: str | None, bottom: str) -> str | None:
    if top == "ngay_sinh":
        return refine_birth(top, bottom)
    if top in ("ky_luat", "ky_luat_ngay", "ky_luat_so"):
        if bottom in _DISCIPLINE_FORM_SUB:
            return "ky_luat"
        if bottom in _DISCIPLINE_NUMBER_SUB:
            return "ky_luat_so"
        if bottom in _DISCIPLINE_DATE_SUB:
            return "ky_luat_ngay"
    return None


#: The header words of a xếp loại list (for :func:`sheet.detect_layout`).
EVALUATION_HEADERS = HeaderSpec(
    fields=EVALUATION_FIELDS, classify=_classify, required="ho_ten", refine=_refine,
    sub_keys=frozenset({"nam", "nu"} | _DISCIPLINE_FORM_SUB | _DISCIPLINE_NUMBER_SUB | _DISCIPLINE_DATE_SUB),
    group_fields=("ngay_sinh", "ky_luat"), what="danh sách xếp loại",
)

@dataclass
class EvaluationRow(RecordRow):
    xep_loai: str | None = None  # code, when the row gives one
    so_thang: int | None = None
    thai_san_thang: int | None = None
    note: str = ""
    discipline: DisciplineEntry | None = None  # as read (subject filled once matched)
    review: bool = False  # "Đang xem xét kỷ luật"
    evaluation: Evaluation | None = None  # to write (new or merged), None if nothing changes
    new_discipline: DisciplineEntry | None = None  # to write
    new_review: ReviewEntry | None = None  # to write


@dataclass
class EvaluationImportPlan(RecordPlan):
    pass


@dataclass(frozen=True)
class EvaluationImportResult:
    created: int  # evaluations
    updated: int
    disciplines: int
    reviews: int
    unchanged: int  # rows
    skipped: int

    def describe(self) -> str:
        extra = ""
        if self.disciplines:
            extra += f", {self.disciplines} kỷ luật"
        if self.reviews:
            extra += f", {self.reviews} vụ việc đang xem xét"
        return (f"{self.created} xếp loại mới, {self.updated} cập nhật{extra}, {self.unchanged} không đổi, "
                f"{self.skipped} dòng bỏ qua")


def _header_year(data: SheetData, layout: Layout) -> int | None:
    """A year written in the xếp loại column header ("Xếp loại năm 2024")."""
    c = layout.columns.get("xep_loai")
    if c is None:
        return None
    for r in range(layout.header_first_row, layout.header_last_row + 1):
        m = re.search(r"\b((?:19|20)\d\d)\b", header_key(header_text(data.value(r, c))))
        if m:
            return int(m.group(1))
    return None


_REVIEW = re.compile(r"\b(dang xem xet|xem xet ky luat|dang bi xem xet|cho xu ly)\b")


def _read_discipline(row: EvaluationRow, values: dict, ctx: RecordContext, errors: list[str]) -> None:
    vocab = ctx.vocab
    form_text = ctx.text(values, "ky_luat", row.excel_row)
    v_date = ctx.value(values, "ky_luat_ngay", row.excel_row)
    v_no = ctx.value(values, "ky_luat_so", row.excel_row)
    if not form_text or vocab.is_none(form_text):
        if v_date is not None or v_no is not None:
            if not form_text:
                errors.append("Có ngày hoặc số quyết định kỷ luật nhưng không ghi hình thức kỷ luật")
        return
    if _REVIEW.search(header_key(form_text)):
        row.review = True
        return
    form = ctx.value_map.get(("ky_luat", value_key(form_text))) or vocab.discipline.find(form_text)
    if form is None:
        errors.append(f"Hình thức kỷ luật “{short(form_text, 40)}” không rõ"
                      + (vocab.taken_back(form_text) or f" (ghi {', '.join(DISCIPLINE_FORMS.values())})"))
        row.unknown.append(("ky_luat", form_text))
        return
    number, date, err = parse_decision(form_text)
    if err and "Ngày" in err:
        errors.append(f"Kỷ luật: {err}")
    if v_date is not None:
        d2, err = parse_decision_date(v_date)
        if err:
            errors.append(f"Kỷ luật: {err}")
        date = d2 or date
    if v_no is not None:
        n2, _d, _err = parse_decision(v_no)
        number = n2 or number
    if date is None:
        errors.append(f"Kỷ luật {DISCIPLINE_FORMS[form]}: thiếu ngày quyết định kỷ luật (ghi ở cột ngày, "
                      "hoặc trong cùng ô: “Khiển trách, QĐ 12/QĐ-BDT ngày 05/6/2024”)")
        return
    row.discipline = DisciplineEntry(hinh_thuc=form, tu_ngay=date, staff_id=0, so_quyet_dinh=number)


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and value in XEP_LOAI:
        return XEP_LOAI[value]
    return str(value)


def _compare(row: EvaluationRow, stored: _Stored) -> None:
    sid, year = row.subject.id, row.year  # type: ignore[union-attr]
    old = stored.evaluations.get((sid, year))
    provided = {k: v for k, v in (("xep_loai", row.xep_loai), ("so_thang", row.so_thang),
                                  ("thai_san_thang", row.thai_san_thang), ("ghi_chu", row.note)) if v not in (None, "")}
    status = RowStatus.UNCHANGED
    if old is None:
        if {"xep_loai", "so_thang", "thai_san_thang"} & set(provided):
            row.evaluation = Evaluation(staff_id=sid, nam=year, **provided).normalised()  # type: ignore[arg-type]
            status = RowStatus.NEW
    else:
        merged = dataclasses.replace(old, **provided).normalised()
        if merged != old:
            labels = {"xep_loai": "Xếp loại", "so_thang": "Số tháng", "thai_san_thang": "Thai sản",
                      "ghi_chu": "Ghi chú"}
            for k, label in labels.items():
                a, b = getattr(old, k), getattr(merged, k)
                if a != b:
                    row.changes.append(f"{label}: {_show(a)} → {_show(b)}")
            row.evaluation = merged
            status = RowStatus.UPDATE
    if row.evaluation is not None and (errs := row.evaluation.errors()):
        row.status, row.reason, row.evaluation = RowStatus.ERROR, "; ".join(errs), None
        return
    if row.discipline is not None:
        d = dataclasses.replace(row.discipline, staff_id=sid)
        row.discipline = d
        if (sid, d.hinh_thuc, d.tu_ngay) not in stored.disciplines:
            row.new_discipline = d
            row.changes.append(f"Thêm kỷ luật {DISCIPLINE_FORMS[d.hinh_thuc]} ngày {d.tu_ngay:%d/%m/%Y}")
            if status is RowStatus.UNCHANGED:
                status = RowStatus.UPDATE if old is not None else RowStatus.NEW
    if row.review and sid not in stored.open_reviews:
        row.new_review = ReviewEntry(loai="ky_luat", staff_id=sid, ghi_chu=f"Nhập từ Excel (năm {year})")
        row.changes.append("Thêm: đang xem xét kỷ luật")
        if status is RowStatus.UNCHANGED:
            status = RowStatus.UPDATE
    row.status = status


@dataclass
class _Stored:
    """What the rows are compared with: evaluations by (person, year), kỷ
    luật by (person, form, date), people with a review under way."""
    evaluations: dict
    disciplines: set
    open_reviews: set


class EvaluationImport(RecordImport):
    """The xếp loại import: a row gives a person's evaluation of a year, and maybe a kỷ luật."""
    headers = EVALUATION_HEADERS
    plan_type = EvaluationImportPlan
    row_type = EvaluationRow
    fill_fields = ("don_vi", "nam", "xep_loai", "so_thang", "ghi_chu")
    date_fields = ("ngay_sinh", "ngay_sinh_nam", "ngay_sinh_nu", "nam", "so_thang")
    tables = ("evaluations", "disciplines", "reviews")
    wanted = frozenset({"xep_loai", "so_thang", "thai_san_thang", "ky_luat"})
    wanted_message = "Chưa có cột “Xếp loại” (hoặc số tháng công tác, kỷ luật): không có gì để nhập."

    def header_year(self, data: SheetData, layout: Layout) -> tuple[int, str] | None:
        year = _header_year(data, layout)
        return None if year is None else (year, "tiêu đề cột xếp loại")

    def prepare(self, ctx: RecordContext, db: sqlite_utils.Database, data: SheetData) -> None:
        ctx.existing = _Stored(
            evaluations={(e.staff_id, e.nam): e for e in evaluations_all(db)},
            disciplines={(d.staff_id, d.hinh_thuc, d.tu_ngay) for d in disciplines_all(db) if d.staff_id},
            open_reviews={r.staff_id for r in reviews_all(db, open_only=True) if r.staff_id},
        )

    def read_row(self, excel_row: int, raw: tuple, ctx: RecordContext) -> EvaluationRow:
        errors: list[str] = []
        values = ctx.values(raw)
        row = EvaluationRow(excel_row, RowStatus.NEW, name=ctx.text(values, "ho_ten", excel_row), kind="staff")
        row.birth = ctx.birth(values, errors)
        row.unit_text = ctx.text(values, "don_vi", excel_row) or ctx.section_unit
        row.year = ctx.year(values, errors, ctx.section_year or ctx.default_year)
        t = ctx.text(values, "xep_loai", excel_row)
        if t:
            code = ctx.value_map.get(("xep_loai", value_key(t))) or ctx.vocab.xep_loai.match(t)
            if code is None:
                errors.append(f"Xếp loại “{short(t, 40)}” không rõ"
                              + (ctx.vocab.taken_back(t) or f" (ghi {', '.join(XEP_LOAI.values())})"))
                row.unknown.append(("xep_loai", t))
            row.xep_loai = code
        for fld, label in (("so_thang", "Số tháng công tác"), ("thai_san_thang", "Số tháng nghỉ thai sản")):
            v = ctx.value(values, fld, excel_row)
            if v is not None:
                try:
                    setattr(row, fld, parse_months(v, label))
                except ValueError as exc:
                    errors.append(str(exc))
        row.note = ctx.text(values, "ghi_chu", excel_row)
        _read_discipline(row, values, ctx, errors)
        if errors:
            row.status, row.reason = RowStatus.ERROR, "; ".join(dict.fromkeys(errors))
        elif row.xep_loai is None and row.so_thang is None and row.thai_san_thang is None \
                and row.discipline is None and not row.review:
            row.status, row.reason = RowStatus.SKIPPED, "Không có xếp loại, số tháng hay kỷ luật"
        return row

    def settle(self, row: EvaluationRow, ctx: RecordContext) -> None:
        key = (row.subject.id, row.year)  # type: ignore[union-attr]
        first = ctx.seen.get(key)
        if first is None:
            ctx.seen[key] = row
            _compare(row, ctx.existing)
        elif (first.xep_loai, first.so_thang, first.thai_san_thang, first.discipline) == \
                (row.xep_loai, row.so_thang, row.thai_san_thang, row.discipline):
            row.status, row.reason = RowStatus.SKIPPED, f"Trùng với dòng {first.excel_row}, bỏ qua"
        else:
            row.status = RowStatus.ERROR
            row.reason = (f"Trùng với dòng {first.excel_row} (cùng người, năm {row.year}) nhưng khác "
                          "nội dung; hãy giữ một dòng")

    def write(self, db: sqlite_utils.Database, plan: EvaluationImportPlan) -> EvaluationImportResult:
        todo = [r for r in plan.rows if r.status in (RowStatus.NEW, RowStatus.UPDATE)]
        evaluations = [r.evaluation for r in todo if r.evaluation is not None]
        disciplines = [r.new_discipline for r in todo if r.new_discipline is not None]
        reviews = [r.new_review for r in todo if r.new_review is not None]
        existing = {(sid, nam) for sid, nam in db.execute("SELECT staff_id, nam FROM evaluations")}
        save_evaluations(db, evaluations)
        for d in disciplines:
            save_discipline(db, d)
        for r in reviews:
            save_review(db, r)
        created = sum(1 for e in evaluations if (e.staff_id, e.nam) not in existing)
        counts = plan.counts()
        return EvaluationImportResult(
            created=created, updated=len(evaluations) - created, disciplines=len(disciplines),
            reviews=len(reviews), unchanged=counts[RowStatus.UNCHANGED], skipped=counts[RowStatus.SKIPPED],
        )


def decision_label(d: DisciplineEntry | None) -> str:
    """``"Khiển trách, 12/QĐ-BDT ngày 05/06/2024"`` for the preview."""
    if d is None:
        return ""
    number = f", {d.so_quyet_dinh}" if d.so_quyet_dinh else ""
    form = DISCIPLINE_FORMS[d.hinh_thuc]
    return f"{form[:1].upper()}{form[1:]}{number} ngày {d.tu_ngay:%d/%m/%Y}"


EVALUATION_IMPORT = EvaluationImport()
read_sheet = EVALUATION_IMPORT.read_sheet
detect_layout = EVALUATION_IMPORT.detect_layout
plan_evaluation_import = EVALUATION_IMPORT.plan
apply_evaluation_import = EVALUATION_IMPORT.apply
describe_evaluation_counts = describe_record_counts
