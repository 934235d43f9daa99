"""Decisions from the council's results (or chosen by hand), their lists and the award book.

* :func:`passed_registrations` — the registrations of a title marked đạt and
  not yet in a decision: a decision's awardees by default.
* :func:`awaiting_prerequisite` — who among them still waits for the decision
  of a same-year danh hiệu the title needs (LĐTT before CSTĐCS).
* :func:`create_decision` — the decision with each awardee's achievement text,
  reward (coefficient × lương cơ sở, rounded up as ``domain.md`` says) and,
  when the title leads to a certificate the agency prints, an award-book
  number; one transaction (:func:`thidua_desktop.store.decisions.save_decision`).
* :func:`export_decision_list` / :func:`export_award_book` — workbooks with the
  Nghị định 30 header.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import sqlite_utils

from ...domain.certificates import CertificateData, Template
from ...domain.decisions import (
    Awardee,
    Decision,
    achievement,
    default_achievement,
    default_trich_yeu,
)
from ...domain.limits import year_errors
from ...domain.positions import born_text, position_with_unit  # born_text: read from here by the documents
from ...domain.titles import CA_NHAN, DECIDED_AT, TAP_THE
from ...domain.votes import (
    HIGHEST_ONLY_NOTE,
    base_salary_on,
    builtin_base_salaries,
    payable_reward,
    reward_for,
)
from ...store import decisions as store
from ...store import records
from ...store.records import ValidationError
from ...store.rules import ruleset_for_year
from ..documents.xlsx import (
    BOX,
    MONEY_FORMAT,
    RIGHT,
    font,
    merge_write,
    save_workbook,
    set_column_widths,
    setup_print,
    write_admin_header,
    write_grid_row,
    write_table_header,
)

#: certificates the agency prints itself (the others are issued by the level that decides)
PRINTED = ("giay_khen", "bang_khen", "bang_cstdcs")


def passed_registrations(db: sqlite_utils.Database, nam: int, ma: str) -> list[int]:
    """Registrations of ``ma`` for ``nam`` marked đạt and not in a decision yet
    (a cancelled certificate does not count)."""
    return [r[0] for r in db.execute(
        """SELECT r.id FROM registrations r
           WHERE r.nam = ? AND r.ma = ? AND r.trang_thai = 'dat'
             AND NOT EXISTS (SELECT 1 FROM decision_awardees a WHERE a.registration_id = r.id AND a.huy = 0)
           ORDER BY r.id""", [nam, ma])]


def awaiting_prerequisite(db: sqlite_utils.Database, nam: int, ma: str, registration_ids: Sequence[int]
                          ) -> list[tuple[str, list[str]]]:
    """For a decision of ``ma`` over ``registration_ids``: each danh hiệu the title
    needs in the same year (Chiến sĩ thi đua cơ sở needs Lao động tiên tiến)
    with the names of those who have no award of it that year yet — the
    decision of that title comes first. Empty when nothing waits."""
    rs = ruleset_for_year(db, nam)
    title = rs.get_title(ma)
    if title is None or not registration_ids:
        return []
    out = []
    marks = ",".join("?" * len(registration_ids))
    for code in title.prerequisites:
        before = rs.get_title(code)
        if before is None or before.kind != title.kind:  # a danh hiệu of the same year, not a Bằng khen of the past
            continue
        names = [row[0] for row in db.execute(
            f"""SELECT coalesce(s.ho_ten, u.ten) FROM registrations r
                LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN units u ON u.id = r.unit_id
                WHERE r.id IN ({marks}) AND NOT EXISTS (
                    SELECT 1 FROM awards a WHERE a.nam = ? AND a.ma = ? AND a.co_so = 'cong_trang'
                      AND coalesce(a.staff_id, 0) = coalesce(r.staff_id, 0)
                      AND coalesce(a.unit_id, 0) = coalesce(r.unit_id, 0))
                ORDER BY r.id""", [*registration_ids, nam, code])]
        if names:
            out.append((before.name, names))
    return out


def agency_title(db: sqlite_utils.Database, nam: int, ma: str):
    """The title ``ma`` of year ``nam`` if the agency's head decides it, else
    the refusal naming the level that does (Luật Thi đua, khen thưởng 2022, Điều 80)."""
    title = ruleset_for_year(db, nam).get_title(ma)
    if title is None:
        raise ValidationError([f"Bộ quy tắc năm {nam} không có danh hiệu/hình thức {ma}"])
    if not title.agency_decides:
        raise ValidationError([f"{title.name} do {DECIDED_AT[title.decided_at]} quyết định (Luật Thi đua, khen "
                               "thưởng 2022, Điều 80): cơ quan lập tờ trình đề nghị (tab Đề nghị cấp trên), rồi "
                               "ghi quyết định của cấp trên khi nhận được"])
    return title


def meeting_passed_registrations(db: sqlite_utils.Database, meeting_id: int, ma: str) -> list[int]:
    """The registrations of ``ma`` a meeting voted on, marked đạt and not in a decision yet (ballot order)."""
    return [r[0] for r in db.execute(
        """SELECT r.id FROM meeting_candidates c JOIN registrations r ON r.id = c.registration_id
           WHERE c.meeting_id = ? AND c.ma = ? AND r.trang_thai = 'dat'
             AND NOT EXISTS (SELECT 1 FROM decision_awardees a WHERE a.registration_id = r.id AND a.huy = 0)
           ORDER BY c.thu_tu, c.id""", [meeting_id, ma])]


def create_decision(
    db: sqlite_utils.Database,
    *,
    so: str,
    ngay: dt.date,
    nam: int,
    ma: str,
    registration_ids: Sequence[int] = (),
    staff_ids: Sequence[int] = (),
    unit_ids: Sequence[int] = (),
    thanh_tich: str = "",
    nguoi_ky: str = "",
    chuc_danh_ky: str = "",
    trich_yeu: str = "",
    meeting_id: int | None = None,
) -> int:
    """Write a decision; awardees from registrations (in order) then people and units chosen by hand."""
    rs = ruleset_for_year(db, nam)
    title = agency_title(db, nam, ma)
    awardees = _awardees(db, rs, title, nam, ngay, registration_ids=registration_ids, staff_ids=staff_ids,
                         unit_ids=unit_ids, thanh_tich=thanh_tich)
    settings = records.get_settings(db)
    decision = Decision(
        so=so, ngay=ngay, nam=nam, ma=ma, nguoi_ky=nguoi_ky or settings.ten_thu_truong,
        chuc_danh_ky=chuc_danh_ky or settings.chuc_danh_thu_truong.upper(),
        trich_yeu=trich_yeu or default_trich_yeu(title, nam), meeting_id=meeting_id, awardees=awardees)
    return store.save_decision(db, decision, numbered=title.certificate in PRINTED, per_decision=_per_decision(rs))


def _per_decision(rs) -> bool:
    """Award-book numbers 1, 2, … in each decision (the rule set's setting), else continuing in the book."""
    return rs.params.award_book_numbering == "theo_quyet_dinh"


def _awardees(db: sqlite_utils.Database, rs, title, nam: int, ngay: dt.date, *, registration_ids: Sequence[int] = (),
              staff_ids: Sequence[int] = (), unit_ids: Sequence[int] = (), thanh_tich: str = "",
              without: Sequence[int] = ()              ) -> tuple[Awardee, ...]:
    """New awardees of ``title`` from registrations (in order), then people and
    units chosen by hand, with the achievement text and the reward payable on ``ngay``."""
    ma = title.code
    subjects: list[tuple[int | None, int | None, int | None]] = []
    for rid in registration_ids:
        row = db.execute("SELECT staff_id, unit_id, ma FROM registrations WHERE id = ?", [rid]).fetchone()
        if row is None:
            raise ValidationError([f"Không có đăng ký mã {rid}"])
        if row[2] != ma:
            raise ValidationError([f"Đăng ký mã {rid} là {row[2]}, không phải {ma}"])
        subjects.append((row[0], row[1], rid))
    subjects += [(sid, None, None) for sid in staff_ids] + [(None, uid, None) for uid in unit_ids]
    text = achievement(thanh_tich or default_achievement(title), nam)
    luong_co_so = base_salary_on(builtin_base_salaries(), ngay).amount  # Điều 49 k.1: on the decision date

    paid = paid_for_period(db, nam, without=without) if title.is_danh_hieu else {}

    def pay(sid: int | None, uid: int | None) -> int | None:
        full = _reward(rs, ma, CA_NHAN if sid is not None else TAP_THE, luong_co_so)
        return payable_reward(full, paid.get((sid, uid), ()))

    return tuple(
        Awardee(staff_id=sid, unit_id=uid, registration_id=rid, thanh_tich=text, tien_thuong=pay(sid, uid))
        for sid, uid, rid in subjects)


def correct_decision(
    db: sqlite_utils.Database,
    decision_id: int,
    *,
    so: str,
    ngay: dt.date,
    nguoi_ky: str,
    chuc_danh_ky: str,
    remove_awardee_ids: Sequence[int] = (),
    staff_ids: Sequence[int] = (),
    unit_ids: Sequence[int] = (),
    thanh_tich: str = "",
) -> int:
    """Correct a decision: in place while nothing of it is printed; once printed,
    by cancelling it and issuing a replacing decision (a new number; the print
    log stays with the old one). Returns the id of the decision now in force."""
    d = store.get_decision(db, decision_id)
    rs = ruleset_for_year(db, d.nam)
    title = rs.get_title(d.ma)
    if title is None:
        raise ValidationError([f"Bộ quy tắc năm {d.nam} không có danh hiệu/hình thức {d.ma}"])
    numbered = d.is_own and title.certificate in PRINTED
    if (staff_ids or unit_ids) and d.is_own:
        agency_title(db, d.nam, d.ma)  # Điều 80: nobody is added to an agency decision of a title decided above it
    # what the people added are paid leaves out the rows this correction takes away (someone taken
    # out and added again; every row of a decision cancelled and reissued)
    going = [a.id for a in d.awardees] if store.print_count(db, decision_id) else list(remove_awardee_ids)
    added = _awardees(db, rs, title, d.nam, ngay, staff_ids=staff_ids, unit_ids=unit_ids, thanh_tich=thanh_tich,
                      without=going)
    if not d.is_own:  # the higher level that decides pays: no reward is computed here
        added = tuple(dataclasses.replace(a, tien_thuong=None) for a in added)
    removed = set(remove_awardee_ids)
    kept = [a for a in d.awardees if not a.huy and a.id not in removed]
    rewards = _rewards_on(db, rs, title, d, kept, ngay)  # Điều 49 k.1: the corrected date's lương cơ sở
    _refuse_stale_differences(db, d, [a for a in d.awardees if not a.huy and (
        a.id in removed or rewards[a.id] != a.tien_thuong)], "sửa")
    if not store.print_count(db, decision_id):
        store.update_decision(db, decision_id, so=so, ngay=ngay, nguoi_ky=nguoi_ky, chuc_danh_ky=chuc_danh_ky,
                              remove=remove_awardee_ids, add=added, numbered=numbered,
                              per_decision=_per_decision(rs), rewards=rewards)
        return decision_id
    if so.strip() == d.so and ngay.year == d.ngay.year:
        raise ValidationError([f"Quyết định số {d.so} đã in: quyết định thay thế cần số mới"])
    kept_new = tuple(dataclasses.replace(a, id=None, so_so_vang=None, tien_thuong=rewards[a.id]) for a in kept)
    replacement = dataclasses.replace(d, so=so, ngay=ngay, nguoi_ky=nguoi_ky, chuc_danh_ky=chuc_danh_ky,
                                      awardees=(*kept_new, *added), ghi_chu=f"Thay thế Quyết định số {d.so}.", id=None)
    return store.reissue_decision(db, decision_id, replacement, numbered=numbered, per_decision=_per_decision(rs))


def _rewards_on(db: sqlite_utils.Database, rs, title, d: Decision, awardees: Sequence[Awardee], ngay: dt.date
                ) -> dict[int | None, int | None]:
    """What each of ``awardees`` of decision ``d`` is paid when it is signed on
    ``ngay``: the title's amount at that day's lương cơ sở, less what decisions
    of the period made before ``d`` paid them (Điều 49 khoản 5)."""
    if not d.is_own:
        return {a.id: a.tien_thuong for a in awardees}  # a higher level's decision: its own rewards
    luong_co_so = base_salary_on(builtin_base_salaries(), ngay).amount
    paid = paid_for_period(db, d.nam, before=d.id) if title.is_danh_hieu else {}
    return {a.id: payable_reward(_reward(rs, d.ma, CA_NHAN if a.staff_id is not None else TAP_THE, luong_co_so),
                                 paid.get((a.staff_id, a.unit_id), ()))
            for a in awardees}


def later_differences(db: sqlite_utils.Database, d: Decision, awardees: Sequence[Awardee]) -> list[str]:
    """The other decisions of ``d``'s achievement period that paid any of
    ``awardees`` only the difference above what ``d`` paid them (Điều 49
    khoản 5): changing or deleting what ``d`` paid would leave those short or
    paid twice. Their numbers, in the order they were made."""
    rs = ruleset_for_year(db, d.nam)
    title = rs.get_title(d.ma)
    if title is None or not title.is_danh_hieu:
        return []
    subjects = {(a.staff_id, a.unit_id) for a in awardees if not a.huy and a.tien_thuong}
    if not subjects:
        return []
    danh_hieu = [t.code for t in rs.titles if t.is_danh_hieu]
    marks = ", ".join("?" * len(danh_hieu))
    out: list[str] = []
    for other_id, so, ngay, ma, sid, uid, amount in db.execute(
            f"""SELECT d.id, d.so, d.ngay, d.ma, a.staff_id, a.unit_id, a.tien_thuong
                FROM decision_awardees a JOIN decisions d ON d.id = a.decision_id
                WHERE d.nam = ? AND d.id != ? AND a.huy = 0 AND a.tien_thuong IS NOT NULL AND d.ma IN ({marks})
                ORDER BY d.id""", [d.nam, d.id, *danh_hieu]):
        if (sid, uid) not in subjects or so in out:
            continue
        full = _reward(rs, ma, CA_NHAN if sid is not None else TAP_THE,
                       base_salary_on(builtin_base_salaries(), dt.date.fromisoformat(ngay)).amount)
        if full is not None and amount < full:
            out.append(so)
    return out


def _refuse_stale_differences(db: sqlite_utils.Database, d: Decision, changed: Sequence[Awardee], what: str) -> None:
    if later := later_differences(db, d, changed):
        raise ValidationError([
            f"Không {what} được Quyết định số {d.so}: Quyết định số {', '.join(later)} chỉ trả phần chênh lệch "
            "tiền thưởng so với quyết định này (Nghị định 152/2025/NĐ-CP, Điều 49 khoản 5) — hãy xóa Quyết định "
            f"số {', '.join(later)} trước, rồi lập lại quyết định đó sau khi {what}."])


def cancel_certificates(db: sqlite_utils.Database, awardee_ids: Sequence[int], huy: bool = True) -> None:
    """Hủy giấy khen (or Bỏ hủy): a cancelled awardee is not paid, so cancelling
    one another decision of the period paid only the difference above is refused
    (Điều 49 khoản 5), like deleting its decision."""
    if not awardee_ids:
        return
    marks = ",".join("?" * len(awardee_ids))
    higher = db.execute(f"""SELECT d.so, d.co_quan_ban_hanh FROM decision_awardees a JOIN decisions d
                            ON d.id = a.decision_id WHERE a.id IN ({marks}) AND d.cap <> 'co_quan' LIMIT 1""",
                        list(awardee_ids)).fetchone()
    if higher is not None:
        raise ValidationError([f"Quyết định số {higher[0]} của {higher[1]}: bằng do cấp quyết định in và cấp phát, "
                               "cơ quan không hủy hay bỏ hủy được (ghi nhầm thì sửa quyết định)"])
    if not huy:
        replaced = db.execute(
            f"""SELECT DISTINCT d.so, n.so FROM decision_awardees a JOIN decisions d ON d.id = a.decision_id
                JOIN decisions n ON n.thay_the = d.id WHERE a.id IN ({marks})""", list(awardee_ids)).fetchall()
        if replaced:  # its awardees are in the replacing decision: a restored one would be awarded and paid twice
            old, new = replaced[0]
            raise ValidationError([f"Quyết định số {old} đã được thay bằng Quyết định số {new}: giấy khen của nó "
                                   "đã hủy không bỏ hủy được (người được khen ở quyết định thay thế)."])
    if huy:
        for (decision_id,) in db.execute(f"SELECT DISTINCT decision_id FROM decision_awardees WHERE id IN ({marks})",
                                         list(awardee_ids)).fetchall():
            d = store.get_decision(db, decision_id)
            _refuse_stale_differences(db, d, [a for a in d.awardees if a.id in set(awardee_ids)], "hủy giấy khen")
    store.set_cancelled(db, awardee_ids, huy)


def delete_decision(db: sqlite_utils.Database, decision_id: int) -> None:
    """Delete a decision nothing of which is printed (refused otherwise, and
    while another decision of the period paid its awardees only the difference)."""
    d = store.get_decision(db, decision_id)
    _refuse_stale_differences(db, d, d.awardees, "xóa")
    store.delete_decision(db, decision_id)


def certificate_refusal(db: sqlite_utils.Database, decision_id: int) -> str:
    """Why the decision's certificates cannot be printed here ("" when they can)."""
    try:
        template_code(db, store.get_decision(db, decision_id))
    except ValidationError as exc:
        return str(exc)
    return ""


#: the certificate a title leads to → the template that prints it
TEMPLATE_OF = {"giay_khen": "giay_khen", "bang_cstdcs": "cstdcs", "bang_khen": "bang_khen_tinh"}
_HEADLINE = {"giay_khen": ("TẶNG", "GIẤY KHEN"), "cstdcs": ("TẶNG DANH HIỆU", "CHIẾN SĨ THI ĐUA CƠ SỞ"),
             "bang_khen_tinh": ("TẶNG", "BẰNG KHEN")}


def template_code(db: sqlite_utils.Database, d: Decision) -> str:
    """The certificate template of a decision's title (refused when the agency prints none)."""
    if not d.is_own:
        raise ValidationError([f"Quyết định {d.so} của {d.co_quan_ban_hanh}: bằng do cấp quyết định in và cấp phát"])
    title = ruleset_for_year(db, d.nam).get_title(d.ma)
    code = TEMPLATE_OF.get(title.certificate if title else "")
    if code is None:
        raise ValidationError([f"{title.name if title else d.ma}: cơ quan không in giấy khen, bằng khen cho "
                               "hình thức này"])
    return code


def issuer_title(settings) -> str:
    """"TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA": the head's title joined to the agency
    (a word they share is said once: Trưởng Ban + Ban Dân tộc), then the province."""
    head = settings.chuc_danh_thu_truong.strip().upper().split()
    body = settings.co_quan.strip().upper().split()
    if head and body and head[-1] == body[0]:
        head = head[:-1]
    text = " ".join(head + body)
    place = settings.dia_danh.strip().upper()
    if place and place not in text:
        text = f"{text} TỈNH {place}"
    return text


def certificate_items(db: sqlite_utils.Database, d: Decision, template: str, *,
                      awardee_ids: Sequence[int] | None = None, include_cancelled: bool = False):
    """What each certificate of decision ``d`` says, in the decision's order."""
    settings = records.document_settings(db)
    tang, headline = _HEADLINE[template]
    issuer = issuer_title(settings)
    items = []
    for r in store.awardee_rows(db, d.id):
        if (r["huy"] and not include_cancelled) or (awardee_ids is not None and r["id"] not in awardee_ids):
            continue
        person = r["staff_id"] is not None
        # a person: "Phó Trưởng phòng Chính sách dân tộc" on one line; a collective: its parent body above its name
        items.append(CertificateData(
            ten=r["ten"] or "", danh_xung={"nam": "Ông", "nu": "Bà"}.get(r["gioi_tinh"] or "", "") if person else "",
            chuc_vu=position_with_unit(r["chuc_vu"], r["don_vi"]) if person else "",
            don_vi="" if person else (r["don_vi"] or settings.agency_in_sentence()), thanh_tich=r["thanh_tich"],
            hinh_thuc=headline, tang=tang, nguoi_quyet_dinh=issuer, so_quyet_dinh=d.so, ngay_quyet_dinh=d.ngay,
            so_so_vang=str(r["so_so_vang"] or ""), dia_danh=settings.dia_danh, ngay_ky=d.ngay,
            chuc_danh_ky=d.chuc_danh_ky, nguoi_ky=d.nguoi_ky).normalised())
    return items


@dataclass(frozen=True)
class CertificateBatch:
    """The certificates of (part of) a decision, ready to check, draw and log."""

    decision: Decision
    template: Template
    items: tuple[CertificateData, ...]
    awardee_ids: tuple[int, ...] | None = None

    @property
    def numbers(self) -> list[int]:
        return [int(i.so_so_vang) for i in self.items if i.so_so_vang]

    def problems(self, mode: str) -> list[str]:
        """What does not fit (or is missing) in ``mode``: fix before printing."""
        from ..documents.certificates import check_fit

        return check_fit(self.items, self.template, mode)

    def warnings(self, db: sqlite_utils.Database, mode: str) -> list[str]:
        """What to look at before printing in ``mode`` (not blocking): see :mod:`.certificate_checks`."""
        from .certificate_checks import certificate_warnings

        return certificate_warnings(db, self.decision, self.template, mode, self.awardee_ids)


def certificate_batch(db: sqlite_utils.Database, decision_id: int, *, awardee_ids: Sequence[int] | None = None,
                      template: Template | None = None) -> CertificateBatch:
    """The certificates of decision ``decision_id`` (or of ``awardee_ids`` in
    it), cancelled ones left out, on its title's template (or ``template``)."""
    from ..documents.certificates import load_templates

    d = store.get_decision(db, decision_id)
    code = template_code(db, d)
    if template is None:
        try:
            template = load_templates()[code]
        except KeyError:
            raise ValidationError([f"Không có mẫu “{code}” trong thư mục mẫu"]) from None
    items = certificate_items(db, d, code, awardee_ids=awardee_ids)
    if not items:
        raise ValidationError(["Không có giấy khen nào để in (đã hủy hết hoặc chưa chọn)"])
    return CertificateBatch(d, template, tuple(items), None if awardee_ids is None else tuple(awardee_ids))


def printer_offset(db: sqlite_utils.Database, printer: str, mode: str) -> tuple[float, float]:
    """The offset to print with: the printer's saved calibration on phôi, none on blank paper."""
    from ...store.printing import get_calibration

    calibration = get_calibration(db, printer) if mode == "phoi" and printer else None
    return calibration.offset if calibration else (0.0, 0.0)


def write_batch(db: sqlite_utils.Database, batch: CertificateBatch, path, *, mode: str = "full",
                offset_mm: tuple[float, float] = (0.0, 0.0), limit: int | None = None) -> int:
    """Draw ``batch`` (its first ``limit`` items) to a PDF file or binary file
    object, with the organisation's emblem in full mode; returns the pages."""
    from ...store.printing import get_emblem
    from ..documents.certificates import write_certificates

    emblem = get_emblem(db) if mode == "full" else None
    items = batch.items[:limit] if limit else batch.items
    return write_certificates(items, batch.template, path, mode=mode, offset_mm=offset_mm,
                              emblem=emblem[1] if emblem else None,
                              title=f"{batch.template.name} – Quyết định số {batch.decision.so}")


def log_printed(db: sqlite_utils.Database, batch: CertificateBatch, printer: str, mode: str) -> bool:
    """Record that ``batch`` went to ``printer``; returns whether it was (partly) a reprint."""
    return store.log_print(db, batch.decision.id, batch.numbers, printer=printer, mode=mode)


def print_certificates(db: sqlite_utils.Database, decision_id: int, path: Path | str, *, mode: str = "full",
                       offset_mm: tuple[float, float] | None = None, awardee_ids: Sequence[int] | None = None,
                       printer: str = "", force: bool = False) -> tuple[int, bool]:
    """Write the decision's certificates to one PDF and log the print; returns
    (pages, whether it was a reprint). ``offset_mm`` defaults to ``printer``'s
    calibration on phôi. Text that does not fit its box is refused before
    anything is written, unless ``force``."""
    batch = certificate_batch(db, decision_id, awardee_ids=awardee_ids)
    problems = batch.problems(mode)
    if problems and not force:
        raise ValidationError(problems)
    if offset_mm is None:
        offset_mm = printer_offset(db, printer, mode)
    pages = write_batch(db, batch, path, mode=mode, offset_mm=offset_mm)
    return pages, log_printed(db, batch, printer or f"Tệp PDF: {path}", mode)


def _reward(rs, ma: str, subject: str, luong_co_so: int) -> int | None:
    try:
        return reward_for(rs, ma, subject, luong_co_so)
    except (KeyError, ValueError):
        return None


def reward_note(db: sqlite_utils.Database, d: Decision, rows) -> str:
    """Where an awardee of ``d`` is paid less than the title's amount because a
    danh hiệu of the same period was already paid: the rule and how many, else ""."""
    rs = ruleset_for_year(db, d.nam)
    title = rs.get_title(d.ma)
    if title is None or not title.is_danh_hieu:
        return ""
    luong_co_so = base_salary_on(builtin_base_salaries(), d.ngay).amount
    reduced = [r for r in rows if not r["huy"] and r["tien_thuong"] is not None
               and r["tien_thuong"] < (_reward(rs, d.ma, CA_NHAN if r["staff_id"] is not None else TAP_THE,
                                               luong_co_so) or 0)]
    if not reduced:
        return ""
    return (f"{HIGHEST_ONLY_NOTE}: {len(reduced)} trường hợp đã nhận tiền thưởng danh hiệu khác của năm "
            f"{d.nam} chỉ nhận phần chênh lệch.")


def paid_for_period(db: sqlite_utils.Database, nam: int, *, before: int | None = None, without: Sequence[int] = ()
                    ) -> dict[tuple[int | None, int | None], list[int]]:
    """Rewards already paid for danh hiệu of year ``nam`` (one achievement
    period) by this file's decisions (only those made before decision id
    ``before`` when given), cancelled ones and the awardee rows ``without``
    left out, per (staff_id, unit_id)."""
    danh_hieu = [t.code for t in ruleset_for_year(db, nam).titles if t.is_danh_hieu]
    out: dict[tuple[int | None, int | None], list[int]] = {}
    if not danh_hieu:
        return out
    marks = ", ".join("?" * len(danh_hieu))
    for sid, uid, amount in db.execute(
            f"""SELECT a.staff_id, a.unit_id, a.tien_thuong FROM decision_awardees a
                JOIN decisions d ON d.id = a.decision_id
                WHERE d.nam = ? AND a.huy = 0 AND a.tien_thuong IS NOT NULL AND d.ma IN ({marks})
                  AND d.id < ? AND a.id NOT IN ({",".join("?" * len(without))})""",
            [nam, *danh_hieu, before if before is not None else 2**62, *without]):
        out.setdefault((sid, uid), []).append(amount)
    return out


def _table(ws, first: int, rows: list[tuple], widths: list[int], centred: set[int], numbers: set[int],
           number_format: str) -> int:
    for r, values in enumerate(rows, start=first):
        write_grid_row(ws, r, values, centred=centred, numbers=numbers, number_format=number_format, widths=widths)
    return first + len(rows)


def export_decision_list(db: sqlite_utils.Database, decision_id: int, path: Path | str) -> int:
    """"Danh sách … kèm theo Quyết định số …": awardees, achievement, award-book number, reward, total."""
    d = store.get_decision(db, decision_id)
    rows = store.awardee_rows(db, decision_id)
    title = ruleset_for_year(db, d.nam).title_name(d.ma)
    columns = (("STT", 6), ("Họ và tên / Tên tập thể", 26), ("Năm sinh", 11), ("Chức vụ, đơn vị", 34),
               ("Thành tích", 40), ("Số sổ vàng", 10), ("Tiền thưởng (đồng)", 14))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    settings = records.document_settings(db)
    header = write_admin_header(
        ws, settings, f"DANH SÁCH {title.upper()} NĂM {d.nam}", len(columns), left_cols=3, when=d.ngay,
        subtitle=f"(Kèm theo Quyết định số {d.so} ngày {d.ngay:%d/%m/%Y})")
    first = write_table_header(ws, header, [(None, label) for label, _ in columns])
    values = [(i, r["ten"], born_text(r), position_with_unit(r["chuc_vu"], r["don_vi"]), r["thanh_tich"],
               r["so_so_vang"] if not r["huy"] else f"{r['so_so_vang']} (hủy)", r["tien_thuong"])
              for i, r in enumerate(rows, start=1)]
    widths = [w for _, w in columns]
    for r, line in enumerate(values, start=first):  # money right-aligned, dotted thousands
        write_grid_row(ws, r, line, centred={1, 3, 6}, numbers={1, 6}, money={7}, widths=widths)
    r = first + len(values)
    paid = [x for x in rows if not x["huy"]]  # a cancelled certificate is not paid
    total = sum(x["tien_thuong"] or 0 for x in paid)
    merge_write(ws, r, 1, 6, f"Tổng cộng: {len(paid)} cá nhân, tập thể"
                + (f" (không kể {len(rows) - len(paid)} đã hủy)" if len(paid) < len(rows) else ""),
                style_font=font(12, bold=True))
    cell = ws.cell(row=r, column=7, value=total)
    cell.number_format = MONEY_FORMAT
    cell.alignment = RIGHT
    cell.font = font(12, bold=True)
    for col in range(1, 8):
        ws.cell(row=r, column=col).border = BOX
    if note := reward_note(db, d, rows):
        merge_write(ws, r + 1, 1, 7, note, style_font=font(11, italic=True))
    set_column_widths(ws, [w for _, w in columns])
    ws.freeze_panes = ws.cell(row=first, column=3)
    setup_print(ws, landscape=True, header_rows=(header, first - 1))
    save_workbook(wb, path)
    return len(rows)


def export_award_book(db: sqlite_utils.Database, path: Path | str, first_year: int, last_year: int | None = None) -> int:
    """Sổ khen thưởng of the years: one sheet per title (:mod:`.award_book`)."""
    from .award_book import write_award_book

    return write_award_book(db, path, first_year, last_year)
