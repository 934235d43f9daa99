"""A person's or a unit's whole record, as plain text tables (one model for the
window, the trích lục PDF and workbook, the CLI and its JSON).

Every section reads its own table through an index on the subject (the
award facts of :mod:`thidua_desktop.store.awards`, xếp loại, sáng kiến, kỷ
luật and reviews, registrations with their council results, proposals and
their outcome, certificates and their prints). What comes next is what the
eligibility check says for each title of the rule set in force that year
(:mod:`thidua_desktop.services.eligibility`, loading only this subject's
records), with the streaks of the titles a title builds on (its
``prerequisites`` in the rule set) as the facts behind it.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils

from ...domain import eligibility as el
from ...domain.dates import PartialDate
from ...domain.registrations import STATUSES
from ...domain.rulesets import RuleSet
from ...domain.titles import CA_NHAN, DISCIPLINE_FORMS, INITIATIVE_LEVELS, TAP_THE, XEP_LOAI
from ...store import awards
from ...store.proposals import OUTCOMES
from ...store.records import ValidationError
from ...store.rules import ruleset_for_year

STAFF, UNIT = "staff", "unit"

#: how a next step's status reads
STEP_LABELS = {el.OK: "Đủ điều kiện", el.WARNING: "Cần xem thêm", el.BLOCKED: "Chưa đủ điều kiện",
               "awarded": "Đã có"}


@dataclass(frozen=True)
class Section:
    """One table of the record; ``empty`` says what an empty one means."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str

    def as_dict(self) -> dict:
        return {"muc": self.key, "tieu_de": self.title,
                "dong": [dict(zip(self.columns, row)) for row in self.rows]}


@dataclass(frozen=True)
class NextStep:
    """The eligibility check's verdict on one title for the year considered."""

    code: str
    title: str
    status: str  # el.OK | el.WARNING | el.BLOCKED | "awarded"
    text: str  # one Vietnamese sentence
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"ma": self.code, "danh_hieu": self.title, "tinh_trang": self.status, "noi_dung": self.text,
                "ly_do": list(self.reasons)}


@dataclass(frozen=True)
class Record:
    kind: str  # STAFF | UNIT
    id: int
    name: str
    facts: tuple[tuple[str, str], ...]  # (label, value) about who it is
    sections: tuple[Section, ...]
    year: int  # the year "what comes next" considers
    streaks: tuple[str, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    rules_note: str = ""  # which rule set said so, or why none could
    made_on: dt.date = field(default_factory=dt.date.today)

    @property
    def subject_label(self) -> str:
        return "Cá nhân" if self.kind == STAFF else "Tập thể"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def as_dict(self) -> dict:
        return {
            "loai": "ca_nhan" if self.kind == STAFF else "tap_the", "id": self.id, "ten": self.name,
            "thong_tin": dict(self.facts), "muc": [s.as_dict() for s in self.sections],
            "xet_nam": self.year, "thanh_tich_lien_tuc": list(self.streaks),
            "tiep_theo": [s.as_dict() for s in self.next_steps], "bo_quy_tac": self.rules_note,
            "ngay_lap": self.made_on.isoformat(),
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


# --- small helpers ---------------------------------------------------------------------------------

def _date_text(text: str | None) -> str:
    """An ISO date (or year) as documents write it; anything else as it is."""
    if not text:
        return ""
    try:
        d = PartialDate.from_iso(text[:10])
    except ValueError:
        return text
    return d.display() if d else text


def _years_text(years: Sequence[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


class _Names:
    """Title names (the title catalogue of the award facts) and the rule set
    of a year, each read once per record."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.cat = awards.catalogue(db)
        self._sets: dict[int, RuleSet | None] = {}

    def ruleset(self, year: int) -> RuleSet | None:
        if year not in self._sets:
            try:
                self._sets[year] = ruleset_for_year(self.db, year)
            except ValidationError:
                self._sets[year] = None
        return self._sets[year]

    def name(self, year: int, code: str) -> str:
        return self.cat.name(code)


def _column(kind: str) -> str:
    return "staff_id" if kind == STAFF else "unit_id"


# --- sections --------------------------------------------------------------------------------------

def _award_section(db, kind: str, sid: int, names: _Names) -> tuple[Section, list[awards.AwardFact]]:
    flt = awards.Filter(staff_ids=[sid]) if kind == STAFF else awards.Filter(unit_ids=[sid])
    facts = awards.facts(db, flt, cat=names.cat)
    rows = tuple((str(f.nam), f.ten_danh_hieu, f.level_label, f.so, f.ngay.strftime("%d/%m/%Y") if f.ngay else "",
                  f.co_quan_ban_hanh or ("Cơ quan" if f.nguon == "quyet_dinh" else ""), f.source_label)
                 for f in sorted(facts, key=lambda f: (-f.nam, f.ma)))
    return Section("khen_thuong", "Danh hiệu thi đua, hình thức khen thưởng",
                   ("Năm", "Danh hiệu / hình thức", "Cấp", "Số quyết định", "Ngày", "Cơ quan ban hành", "Nguồn"),
                   rows, "Chưa có danh hiệu, hình thức khen thưởng nào."), facts


def _evaluation_section(db, kind: str, sid: int) -> Section:
    if kind == STAFF:
        rows = tuple((str(nam), XEP_LOAI.get(xl, xl or "Chưa xếp loại"), "" if months is None else str(months),
                      str(maternity or "") , note or "")
                     for nam, xl, months, maternity, note in db.execute(
                         """SELECT nam, xep_loai, so_thang, thai_san_thang, ghi_chu FROM evaluations
                            WHERE staff_id = ? ORDER BY nam DESC""", [sid]))
        columns = ("Năm", "Xếp loại", "Số tháng công tác", "Tháng nghỉ thai sản", "Ghi chú")
    else:
        rows = tuple((str(nam), XEP_LOAI.get(xl, xl or "Chưa xếp loại"), "" if rank is None else str(rank), note or "")
                     for nam, xl, rank, note in db.execute(
                         """SELECT nam, xep_loai, xep_hang_cum, ghi_chu FROM unit_evaluations
                            WHERE unit_id = ? ORDER BY nam DESC""", [sid]))
        columns = ("Năm", "Xếp loại", "Thứ hạng trong cụm, khối", "Ghi chú")
    return Section("xep_loai", "Đánh giá, xếp loại hằng năm", columns, rows, "Chưa có kết quả xếp loại năm nào.")


def _initiative_section(db, kind: str, sid: int) -> Section:
    if kind == STAFF:
        where, params = "i.id IN (SELECT initiative_id FROM initiative_authors WHERE staff_id = ?)", [sid]
    else:
        where, params = "i.unit_id = ?", [sid]
    rows = []
    for nam, ten, loai, cap, so, ngay, authors in db.execute(
            f"""SELECT i.nam, i.ten, i.loai, i.cap, i.so_quyet_dinh, i.ngay_quyet_dinh,
                       (SELECT group_concat(s.ho_ten, ', ') FROM initiative_authors a JOIN staff s ON s.id = a.staff_id
                        WHERE a.initiative_id = i.id ORDER BY a.thu_tu)
                FROM initiatives i WHERE {where} ORDER BY i.nam DESC, i.id""", params):
        level = INITIATIVE_LEVELS.get(cap, "") if cap else "Chưa công nhận"
        rows.append((str(nam), ten, "Đề tài khoa học" if loai == "de_tai" else "Sáng kiến", level,
                     " ngày ".join(p for p in (so, _date_text(ngay)) if p), authors or ""))
    return Section("sang_kien", "Sáng kiến, đề tài khoa học",
                   ("Năm", "Tên", "Loại", "Công nhận", "Quyết định", "Tác giả"), tuple(rows),
                   "Chưa có sáng kiến, đề tài nào.")


def _discipline_section(db, kind: str, sid: int) -> Section:
    column = _column(kind)
    rows = [("Kỷ luật", DISCIPLINE_FORMS.get(form, form).capitalize(), _date_text(since), _date_text(until),
             " ".join(p for p in (f"QĐ số {so}" if so else "", note) if p))
            for form, since, until, so, note in db.execute(
                f"""SELECT hinh_thuc, tu_ngay, den_ngay, so_quyet_dinh, ghi_chu FROM disciplines
                    WHERE {column} = ? ORDER BY tu_ngay DESC""", [sid])]
    rows += [("Vụ việc " + ("đang xem xét" if end is None else "đã kết thúc"),
              el.REVIEW_KINDS.get(loai, loai).removeprefix("Đang "), _date_text(since), _date_text(end), note or "")
             for loai, since, end, note in db.execute(
                 f"""SELECT loai, tu_ngay, ket_thuc, ghi_chu FROM reviews WHERE {column} = ?
                     ORDER BY ket_thuc IS NOT NULL, tu_ngay DESC""", [sid])]
    return Section("ky_luat", "Kỷ luật và vụ việc đang xem xét", ("Loại", "Hình thức / nội dung", "Từ ngày",
                                                                 "Đến ngày", "Ghi chú"),
                   tuple(rows), "Không có kỷ luật, không có vụ việc nào đang xem xét.")


def _registration_section(db, kind: str, sid: int, names: _Names) -> Section:
    rows = []
    for nam, ma, status, result, campaign, plan, meeting in db.execute(
            f"""SELECT r.nam, r.ma, r.trang_thai, r.ket_qua_binh_xet, c.ten, c.so_ke_hoach,
                       (SELECT m.ngay FROM meeting_candidates mc JOIN meetings m ON m.id = mc.meeting_id
                        WHERE mc.registration_id = r.id ORDER BY m.ngay DESC LIMIT 1)
                FROM registrations r JOIN campaigns c ON c.id = r.campaign_id
                WHERE r.{_column(kind)} = ? ORDER BY r.nam DESC, r.id""", [sid]):
        council = result or (f"Trong danh sách cuộc họp Hội đồng ngày {_date_text(meeting)}" if meeting else "")
        rows.append((str(nam), names.name(nam, ma), STATUSES.get(status, status), council,
                     f"{campaign}{' (' + plan + ')' if plan else ''}"))
    return Section("dang_ky", "Đăng ký thi đua và kết quả bình xét",
                   ("Năm", "Danh hiệu / hình thức", "Trạng thái", "Bình xét của Hội đồng", "Phong trào"),
                   tuple(rows), "Chưa đăng ký thi đua lần nào.")


def _proposal_section(db, kind: str, sid: int, names: _Names) -> Section:
    rows = []
    for nam, ma, so, ngay, outcome, d_so, d_ngay, issuer in db.execute(
            f"""SELECT p.nam, p.ma, p.so_to_trinh, p.ngay_trinh, i.ket_qua, d.so, d.ngay, d.co_quan_ban_hanh
                FROM proposal_items i JOIN proposals p ON p.id = i.proposal_id
                JOIN registrations r ON r.id = i.registration_id LEFT JOIN decisions d ON d.id = p.decision_id
                WHERE r.{_column(kind)} = ? ORDER BY p.nam DESC, p.id DESC""", [sid]):
        sent = f"Tờ trình số {so} ngày {_date_text(ngay)}" if so else "Chưa trình"
        decided = " ".join(p for p in (f"QĐ số {d_so}" if d_so else "", f"ngày {_date_text(d_ngay)}" if d_ngay else "",
                                       f"của {issuer}" if issuer else "") if p)
        rows.append((str(nam), names.name(nam, ma), sent, OUTCOMES.get(outcome, outcome), decided))
    return Section("de_nghi", "Đề nghị cấp trên khen thưởng",
                   ("Năm", "Danh hiệu / hình thức", "Tờ trình", "Kết quả", "Quyết định của cấp trên"),
                   tuple(rows), "Chưa được đề nghị cấp trên khen thưởng lần nào.")


def _certificate_section(db, kind: str, sid: int, names: _Names) -> Section:
    rows = []
    awarded = db.execute(
        f"""SELECT d.id, d.so, d.ngay, d.nam, d.ma, x.so_so_vang, x.huy FROM decision_awardees x
            JOIN decisions d ON d.id = x.decision_id
            WHERE x.{_column(kind)} = ? AND d.cap = 'co_quan' ORDER BY d.ngay DESC, d.id DESC""", [sid]).fetchall()
    for decision_id, so, ngay, nam, ma, number, cancelled in awarded:
        prints = [t for t, numbers in db.execute(
            "SELECT thoi_gian, so_so_vang FROM print_log WHERE decision_id = ? ORDER BY id", [decision_id])
            if number is not None and str(number) in numbers.split(",")]
        printed = (f"Đã in {len(prints)} lần, lần cuối {_date_text(prints[-1][:10])}" if prints else "Chưa in")
        rows.append((names.name(nam, ma), f"{so} ngày {_date_text(ngay)}", "" if number is None else str(number),
                     "Đã hủy" if cancelled else printed))
    return Section("giay_khen", "Giấy khen, bằng do cơ quan cấp",
                   ("Danh hiệu / hình thức", "Quyết định", "Số sổ vàng", "In"), tuple(rows),
                   "Chưa có giấy khen, bằng nào do cơ quan cấp.")


# --- what comes next -------------------------------------------------------------------------------

def _streaks(facts: Sequence[awards.AwardFact], codes: Sequence[str], year: int, names: _Names) -> list[str]:
    """"Đã có 3 năm liên tục Chiến sĩ thi đua cơ sở (2023–2025)": each title
    in ``codes`` held in consecutive years up to ``year`` or the year before."""
    out = []
    for code in codes:
        years = {f.nam for f in facts if f.ma == code and f.phuong_thuc == "cong_trang"}
        end = year if year in years else year - 1
        run = []
        while end in years:
            run.insert(0, end)
            end -= 1
        if run:
            count = f"{len(run)} năm liên tục" if len(run) > 1 else "năm"
            out.append(f"Đã có {count} {names.name(run[-1], code)} ({_years_text(run)})")
    return out


def _next_steps(db, kind: str, sid: int, year: int, names: _Names, facts: Sequence[awards.AwardFact],
                staff_ids: Sequence[int], units: Sequence[int] = ()) -> tuple[list[str], list[NextStep], str]:
    from ..eligibility import SeasonData

    rs = names.ruleset(year)
    if rs is None:
        return [], [], f"Chưa có bộ quy tắc áp dụng cho năm {year}: không xét được điều kiện."
    data = SeasonData.load(db, staff_ids, units)
    subject = data.person(sid) if kind == STAFF else data.unit(sid, year)
    if subject is None:
        return [], [], ""
    wanted = CA_NHAN if kind == STAFF else TAP_THE
    steps: list[NextStep] = []
    prerequisites: dict[str, None] = {}
    with el.batch():
        for title in rs.titles:
            if wanted not in title.subjects:
                continue
            held = next((f for f in facts if f.nam == year and f.ma == title.code), None)
            if held is not None:
                so = f" (QĐ số {held.so})" if held.so else ""
                steps.append(NextStep(title.code, title.name, "awarded", f"Đã có {title.name} năm {year}{so}."))
                continue
            result = el.check_title(rs, title.code, subject, year)
            if result.status == el.OK:
                text = f"Đủ điều kiện đề nghị {title.name} năm {year}."
                prerequisites.update(dict.fromkeys(title.prerequisites))
            elif result.status == el.WARNING:
                text = f"Cần xem thêm trước khi đề nghị {title.name} năm {year}: {result.text}."
                prerequisites.update(dict.fromkeys(title.prerequisites))
            else:
                text = f"Chưa đủ điều kiện {title.name} năm {year}: {result.text}."
            steps.append(NextStep(title.code, title.name, result.status, text, result.reasons))
    order = {el.OK: 0, el.WARNING: 1, "awarded": 2, el.BLOCKED: 3}
    steps.sort(key=lambda s: order[s.status])  # stable: the rule set's order within each
    return _streaks(facts, list(prerequisites), year, names), steps, f"Theo {rs.name}."


# --- the records -----------------------------------------------------------------------------------

def _subtree(db, unit_id: int) -> list[int]:
    """The unit and every unit under it."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in db.execute("SELECT id, parent_id FROM units"):
        children.setdefault(parent, []).append(uid)
    units, seen = [unit_id], {unit_id}
    for uid in units:  # grows while walked
        for child in children.get(uid, ()):
            if child not in seen:
                seen.add(child)
                units.append(child)
    return units


def person_record(db: sqlite_utils.Database, staff_id: int, *, year: int | None = None) -> Record:
    """Everything the file knows about person ``staff_id``; what comes next for ``year`` (default: this year)."""
    row = db.execute(
        """SELECT s.ho_ten, s.gioi_tinh, s.ngay_sinh, s.chuc_vu, s.ngach, s.trinh_do, coalesce(u.ten, ''),
                  s.loai_hop_dong, s.dang_cong_tac, s.ngay_nghi
           FROM staff s LEFT JOIN units u ON u.id = s.unit_id WHERE s.id = ?""", [staff_id]).fetchone()
    if row is None:
        raise ValidationError([f"Không có cán bộ mã {staff_id}"])
    name, gender, born, post, grade, level, unit, contract, active, left = row
    year = year or dt.date.today().year
    names = _Names(db)
    facts = [("Giới tính", {"nam": "Nam", "nu": "Nữ"}.get(gender or "", "")), ("Ngày sinh", _date_text(born)),
             ("Chức vụ", post), ("Đơn vị", unit), ("Ngạch", grade), ("Trình độ", level),
             ("Loại", {"bien_che": "Biên chế", "hop_dong": "Hợp đồng"}.get(contract or "", "")),
             ("Tình trạng", "Đang công tác" if active else f"Đã nghỉ{' từ ' + _date_text(left) if left else ''}")]
    award, award_facts = _award_section(db, STAFF, staff_id, names)
    streaks, steps, note = _next_steps(db, STAFF, staff_id, year, names, award_facts, [staff_id])
    return Record(STAFF, staff_id, name, tuple((k, v) for k, v in facts if v), (
        award, _evaluation_section(db, STAFF, staff_id), _initiative_section(db, STAFF, staff_id),
        _discipline_section(db, STAFF, staff_id), _registration_section(db, STAFF, staff_id, names),
        _proposal_section(db, STAFF, staff_id, names), _certificate_section(db, STAFF, staff_id, names),
    ), year, tuple(streaks), tuple(steps), note)


def unit_record(db: sqlite_utils.Database, unit_id: int, *, year: int | None = None) -> Record:
    """Everything the file knows about the collective ``unit_id`` (its members: its staff and its child units')."""
    row = db.execute("""SELECT u.ten, coalesce(p.ten, '') FROM units u LEFT JOIN units p ON p.id = u.parent_id
                        WHERE u.id = ?""", [unit_id]).fetchone()
    if row is None:
        raise ValidationError([f"Không có đơn vị mã {unit_id}"])
    name, parent = row
    year = year or dt.date.today().year
    names = _Names(db)
    units = _subtree(db, unit_id)
    marks = ",".join("?" * len(units))
    staff_ids = [r[0] for r in db.execute(f"SELECT id FROM staff WHERE unit_id IN ({marks})", units)]
    working = db.execute(f"SELECT count(*) FROM staff WHERE dang_cong_tac = 1 AND unit_id IN ({marks})",
                         units).fetchone()[0]
    children = [r[0] for r in db.execute("SELECT ten FROM units WHERE parent_id = ? ORDER BY thu_tu, id", [unit_id])]
    facts = [("Thuộc", parent), ("Đơn vị trực thuộc", ", ".join(children)),
             ("Số cán bộ đang công tác", f"{working} (kể cả các đơn vị trực thuộc)" if children else str(working))]
    award, award_facts = _award_section(db, UNIT, unit_id, names)
    streaks, steps, note = _next_steps(db, UNIT, unit_id, year, names, award_facts, staff_ids, units)
    return Record(UNIT, unit_id, name, tuple((k, v) for k, v in facts if v), (
        award, _evaluation_section(db, UNIT, unit_id), _initiative_section(db, UNIT, unit_id),
        _discipline_section(db, UNIT, unit_id), _registration_section(db, UNIT, unit_id, names),
        _proposal_section(db, UNIT, unit_id, names), _certificate_section(db, UNIT, unit_id, names),
    ), year, tuple(streaks), tuple(steps), note)


def record(db: sqlite_utils.Database, kind: str, subject_id: int, *, year: int | None = None) -> Record:
    return (person_record if kind == STAFF else unit_record)(db, subject_id, year=year)
