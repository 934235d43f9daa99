"""The council meeting from the data file to the rules and back.

* :func:`propose_candidates` builds each voted title's candidate list from the
  campaign's proposals (``de_nghi``) whose title the rule set says the council
  votes on, keeping the order the secretary set; its quota comes from the
  rule set (agency-wide base) unless the secretary typed one.
* :func:`meeting_state` reads attendance, rounds and tie decisions and
  computes, with :mod:`thidua_desktop.domain.council`, every round's results
  and each candidate's final outcome, and what is still to be done.
* :func:`apply_results` moves the registrations to đạt / không đạt with the
  figures that decided — only with quorum and no open tie; one transaction —
  and closes the meeting: nothing that decided the results can change until
  :func:`reopen_meeting` (logged; refused once a decision used the results).
* :func:`meeting_view` gives the documents (:mod:`.council_pdf`) their data.
* :func:`import_tally_csv` reads counts from a CSV with the form's checks.

Decisions where ``domain.md`` is silent: a meeting's quorum counts members
present (written opinions count as ballots, not as presence); a quota whose
scope is a unit (``don_vi``) is left to the registration check (the meeting
shows no agency cap for it); the secretary may type a cap for any title.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ...domain import council as dc
from ...domain import vntext
from ...domain.eligibility import quota_limit
from ...domain.rulesets import RuleSet
from ...domain.titles import CA_NHAN
from ...domain.votes import VoteRule, women_priority
from ...store import audit
from ...store import council as store
from ...store import records
from ...store.records import ValidationError
from ...store.rules import ruleset_for_year
from .view import CandidateLine, MeetingView, MemberLine, RoundView, TitleView

KIEM_PHIEU = {"truong_ban": "Trưởng ban", "uy_vien": "Ủy viên"}


# --- candidates ----------------------------------------------------------------------

def voted_codes(rs: RuleSet) -> list[str]:
    return [t.code for t in rs.titles if t.council_vote]


def default_quota(db: sqlite_utils.Database, rs: RuleSet, campaign_id: int, year: int, code: str) -> int | None:
    """The rule set's cap for ``code`` over the whole agency (None: no cap, or a unit-level cap)."""
    title = rs.get_title(code)
    rule = title.quota if title else None
    if rule is None or rule.scope == "don_vi":
        return None
    base = 0
    if rule.base_title:
        base = db.execute(
            """SELECT count(*) FROM (
                 SELECT coalesce(staff_id, 0), coalesce(unit_id, 0) FROM registrations
                 WHERE campaign_id = ? AND nam = ? AND ma = ? AND trang_thai <> 'khong_dat'
                 UNION
                 SELECT coalesce(staff_id, 0), coalesce(unit_id, 0) FROM awards WHERE nam = ? AND ma = ?)""",
            [campaign_id, year, rule.base_title, year, rule.base_title],
        ).fetchone()[0]
    return quota_limit(rule, base)


def propose_candidates(db: sqlite_utils.Database, meeting_id: int) -> dict[str, int]:
    """Fill each voted title's list from the proposals; returns title → candidates."""
    meeting = store.get_meeting(db, meeting_id)
    store.require_open(db, meeting_id)
    rs = ruleset_for_year(db, meeting.nam)
    units = {u.id: i for i, u in enumerate(records.list_units(db))}
    current = {}
    for r in store.candidate_rows(db, meeting_id):
        current.setdefault(r["ma"], []).append(r["registration_id"])
    quotas = store.meeting_titles(db, meeting_id)
    out = {}
    with db.atomic():
        for code in voted_codes(rs):
            rows = list(db.query(
                """SELECT r.id, coalesce(s.ho_ten, u.ten) AS ten, coalesce(s.unit_id, r.unit_id) AS unit_id
                   FROM registrations r LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN units u ON u.id = r.unit_id
                   WHERE r.campaign_id = ? AND r.nam = ? AND r.ma = ? AND r.trang_thai IN ('de_nghi', 'dat', 'khong_dat')""",
                [meeting.campaign_id, meeting.nam, code]))
            if not rows and code not in current:
                continue
            rows.sort(key=lambda r: (units.get(r["unit_id"], 10**6), vntext.name_sort_key(r["ten"] or "")))
            kept = [rid for rid in current.get(code, []) if any(r["id"] == rid for r in rows)]
            ids = kept + [r["id"] for r in rows if r["id"] not in kept]
            store.set_candidates(db, meeting_id, code, ids)
            if quotas.get(code) is None:
                store.set_quota(db, meeting_id, code, default_quota(db, rs, meeting.campaign_id, meeting.nam, code))
            out[code] = len(ids)
    return out


# --- state ---------------------------------------------------------------------------

@dataclass
class TitleState:
    code: str
    name: str
    rule: VoteRule  # percentage of all members, or quá bán
    quota: int | None
    candidates: list  # sqlite3.Row of store.candidate_rows, ballot order
    rounds: list[dc.RoundResult] = field(default_factory=list)
    tallies: list[dc.Tally] = field(default_factory=list)
    decision: tuple[list[int], str] | None = None
    error: str = ""  # stored counts that no longer fit (candidates changed)

    @property
    def chair_round(self) -> dc.RoundResult | None:
        """The chair's decision, when one settled the tie of the last vote."""
        return self.rounds[-1] if len(self.rounds) > len(self.tallies) else None

    @property
    def final(self) -> dict[int, dc.CandidateResult]:
        return dc.final_outcomes(self.rounds)

    @property
    def open_tie(self) -> tuple[int, ...]:
        if not self.rounds:
            return ()
        return tuple(k for k, c in self.final.items() if c.outcome == dc.TIED)

    @property
    def done(self) -> bool:
        return bool(self.rounds) and not self.open_tie and not self.error


@dataclass
class MeetingState:
    meeting: object
    council: dc.Council
    rs: RuleSet
    attendance: dict[int, tuple[str, str, str]]
    quorum: dc.Quorum
    titles: list[TitleState]
    closed: bool = False  # results recorded: nothing that decided them changes until reopened

    @property
    def present(self) -> int:
        return self.quorum.present

    @property
    def written(self) -> int:
        return self.quorum.written

    def title(self, code: str) -> TitleState:
        return next(t for t in self.titles if t.code == code)

    def problems(self) -> list[str]:
        """What stops the results from being recorded, in Vietnamese."""
        out = []
        if not self.quorum.met:
            out.append("Cuộc họp không đủ số thành viên có mặt: không thông qua kết quả")
        for t in self.titles:
            if not t.candidates:
                continue
            if t.error:
                out.append(f"{t.name}: {t.error}")
            elif not t.rounds:
                out.append(f"{t.name}: chưa nhập kết quả kiểm phiếu")
            elif t.open_tie:
                rule = "bỏ phiếu lại" if self.rs.params.tie_break == "new_round" else "Chủ tịch Hội đồng quyết định"
                out.append(f"{t.name}: còn {len(t.open_tie)} người bằng phiếu ở vị trí cuối ({rule})")
        return out


def meeting_state(db: sqlite_utils.Database, meeting_id: int) -> MeetingState:
    meeting = store.get_meeting(db, meeting_id)
    council = store.get_council(db, meeting.council_id)
    rs = ruleset_for_year(db, meeting.nam)
    att = store.attendance(db, meeting_id)
    present = sum(1 for m in council.members if att.get(m.id, ("co_mat",))[0] == "co_mat")
    written = sum(1 for m in council.members if att.get(m.id, ("",))[0] == "van_ban")
    q = dc.quorum(len(council.members), present, written, rs.params.quorum)
    by_code: dict[str, list] = {}
    for r in store.candidate_rows(db, meeting_id):
        by_code.setdefault(r["ma"], []).append(r)
    quotas = store.meeting_titles(db, meeting_id)
    stored = store.rounds(db, meeting_id)
    decisions = store.tie_decisions(db, meeting_id)
    titles = []
    for code in [c for c in quotas if c in by_code] + [c for c in by_code if c not in quotas]:
        title = rs.get_title(code)
        rule = (VoteRule.for_title(title) if title else None) or VoteRule()  # never 0 %: quá bán by default
        t = TitleState(code, title.name if title else code, rule,
                       quotas.get(code), by_code[code], decision=decisions.get(code))
        _compute(t, stored.get(code, []), len(council.members))
        titles.append(t)
    return MeetingState(meeting, council, rs, att, q, titles, closed=store.meeting_closed(db, meeting_id))


def _compute(t: TitleState, stored: list[tuple[int, dc.Tally]], members: int) -> None:
    order = [r["id"] for r in t.candidates]
    try:
        for number, tally in stored:
            if number == 1:
                if set(tally.votes) != set(order):
                    raise ValueError("danh sách người được bầu đã đổi sau khi nhập phiếu; hãy nhập lại vòng 1")
                t.rounds.append(dc.first_round(tally.votes, total_members=members, rule=t.rule,
                                               quota=t.quota, order=order))
            else:
                t.rounds.append(dc.next_round(t.rounds[-1], tally.votes, total_members=members, order=order))
            t.tallies.append(tally)
        if t.decision and t.rounds and t.rounds[-1].tied:
            chosen, by = t.decision
            t.rounds.append(dc.chair_decision(t.rounds[-1], chosen, decided_by=by))
    except ValueError as exc:
        t.error = str(exc)


# --- writing ---------------------------------------------------------------------------

def save_counts(db: sqlite_utils.Database, meeting_id: int, code: str, number: int, tally: dc.Tally) -> int:
    """Check a round against the meeting (who may vote; for round 2+, only the
    tied of the round before) and store it."""
    store.require_open(db, meeting_id)
    state = meeting_state(db, meeting_id)
    if not state.quorum.met:
        raise ValidationError([f"Cuộc họp không đủ số thành viên có mặt ({state.quorum.text}); "
                               "không ghi kết quả kiểm phiếu"])
    t = state.title(code)
    names = {r["id"]: r["ten"] for r in t.candidates}
    if number == 1:
        expected = set(names)
    else:
        if len(t.rounds) < number - 1 or not t.rounds[number - 2].tied:
            raise ValidationError([f"Vòng {number - 1} không có ai bằng phiếu: không cần vòng {number}"])
        expected = set(t.rounds[number - 2].tied)
    if set(tally.votes) != expected:
        raise ValidationError(["Số phiếu phải nhập cho đúng những người trong danh sách của vòng này"])
    return store.save_round(db, meeting_id, code, number, tally, present=state.present, written=state.written,
                            names=names)


def chair_may_decide(state: MeetingState, t: TitleState) -> bool:
    """The rule set lets the chair settle ties, or a new round has tied again."""
    return bool(t.rounds) and bool(t.rounds[-1].tied) and (
        state.rs.params.tie_break == "chair_decides" or len(t.tallies) >= 2)


def decide_tie(db: sqlite_utils.Database, meeting_id: int, code: str, chosen: list[int], by: str) -> None:
    store.require_open(db, meeting_id)
    state = meeting_state(db, meeting_id)
    t = state.title(code)
    if not t.rounds or not t.rounds[-1].tied:
        raise ValidationError([f"{t.name}: không có ai bằng phiếu để quyết định"])
    if not chair_may_decide(state, t):
        raise ValidationError([f"{t.name}: theo bộ quy tắc, khi bằng phiếu thì bỏ phiếu lại giữa những người "
                               "bằng phiếu; Chủ tịch Hội đồng quyết định khi vòng bỏ phiếu lại vẫn bằng phiếu"])
    try:
        dc.chair_decision(t.rounds[-1], chosen, decided_by=by)
    except ValueError as exc:
        raise ValidationError([str(exc)]) from exc
    store.save_tie_decision(db, meeting_id, code, chosen, by)


def planned_results(state: MeetingState) -> dict[int, tuple[str, str]]:
    """registration id → (trang_thai, figures) the meeting decides."""
    out = {}
    for t in state.titles:
        reg_of = {r["id"]: r["registration_id"] for r in t.candidates}
        for key, c in t.final.items():
            status = "dat" if c.outcome == dc.PASSED else "khong_dat"
            out[reg_of[key]] = (status, f"Họp Hội đồng ngày {state.meeting.ngay:%d/%m/%Y}: {c.note}")
    return out


def apply_results(db: sqlite_utils.Database, meeting_id: int) -> None:
    """Registrations → đạt / không đạt, and the meeting closed (counts are
    refused until :func:`reopen_meeting`). One transaction; the window's undo
    reads it back from the audit log."""
    state = meeting_state(db, meeting_id)
    if state.closed:
        raise ValidationError(["Kết quả cuộc họp này đã được ghi; muốn ghi lại, hãy “Mở lại cuộc họp” trước"])
    if problems := state.problems():
        raise ValidationError(problems)
    results = planned_results(state)
    if not results:
        raise ValidationError(["Cuộc họp chưa có người được bầu"])
    with db.atomic():
        store.set_registration_results(db, results)
        store.set_meeting_closed(db, meeting_id, True)


def reopen_meeting(db: sqlite_utils.Database, meeting_id: int) -> None:
    """Open a meeting whose results are recorded, so its counts can be corrected
    (and the results recorded again). Refused when a decision was made from its
    results or a tờ trình proposed them to the higher level; written in the audit log. The registrations keep their results
    until they are recorded again."""
    meeting = store.get_meeting(db, meeting_id)
    if not store.meeting_closed(db, meeting_id):
        raise ValidationError(["Cuộc họp chưa ghi kết quả, không cần mở lại"])
    if numbers := store.decisions_of_meeting(db, meeting_id):
        which = ", ".join(f"số {n}" for n in numbers)
        raise ValidationError([f"Không mở lại được cuộc họp ngày {meeting.ngay:%d/%m/%Y}: kết quả của cuộc họp đã dùng "
                               f"để ban hành Quyết định {which}. Sửa quyết định trước (hủy và ban hành lại) "
                               "nếu cần."])
    if numbers := store.submissions_of_meeting(db, meeting_id):
        which = ", ".join(f"số {n}" for n in numbers)
        raise ValidationError([f"Không mở lại được cuộc họp ngày {meeting.ngay:%d/%m/%Y}: kết quả của cuộc họp đã trình "
                               f"cấp trên bằng Tờ trình {which}. Rút đề nghị trước nếu cần sửa."])
    with db.atomic():
        store.set_meeting_closed(db, meeting_id, False)
        audit.note(db, f"Mở lại cuộc họp Hội đồng ngày {meeting.ngay:%d/%m/%Y} (mã {meeting_id}) "
                       "để sửa kết quả bình xét", "meetings")


# --- CSV counts ----------------------------------------------------------------------------

CSV_COLUMNS = ("ma", "vong", "phat_ra", "thu_vao", "hop_le", "khong_hop_le", "dang_ky", "ho_ten", "dong_y")
_COUNT_LABELS = {"phat_ra": "phát ra", "thu_vao": "thu vào", "hop_le": "hợp lệ", "khong_hop_le": "không hợp lệ"}
MAX_ROUND = 20  # a council that ties twenty times has a problem a CSV cannot solve


def read_tally_csv(path: Path | str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a counts CSV as (line number, {column: text}), blank rows
    left out. UTF-8 with or without a BOM, or the Windows code page of a
    Vietnamese Excel (1258); the separator (``,`` ``;`` or tab, as Excel
    writes it for the computer's region) is detected. Refuses, in Vietnamese
    and by line, what it cannot read: an unknown column, a row longer than
    the header."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError([f"Không đọc được tệp CSV “{path}”: {exc.strerror or exc}"]) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise ValidationError(["Tệp CSV không phải văn bản (hãy lưu từ Excel bằng “CSV UTF-8”)"]) from None
    if "\x00" in text:
        raise ValidationError(["Tệp CSV không phải văn bản (hãy lưu từ Excel bằng “CSV UTF-8”)"])
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ValidationError(["Tệp CSV trống"])
    header_line = next(line for line in lines if line.strip())
    try:
        dialect = csv.Sniffer().sniff(header_line, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(",;\t", key=header_line.count) if any(c in header_line for c in ",;\t") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, quotechar='"')
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    errors: list[str] = []
    try:
        for values in reader:
            line = reader.line_num
            values = [vntext.clean(v) for v in values]
            if not any(values):
                continue
            if header is None:
                header = [v.lower() for v in values]
                unknown = [v for v in header if v and v not in CSV_COLUMNS]
                if unknown:
                    errors.append(f"Dòng {line}: cột “{unknown[0]}” không có trong mẫu "
                                  f"(các cột: {', '.join(CSV_COLUMNS)})")
                twice = [v for v in dict.fromkeys(header) if v and header.count(v) > 1]
                if twice:
                    errors.append(f"Dòng {line}: cột “{twice[0]}” ghi hai lần")
                if "ma" not in header:
                    errors.append(f"Dòng {line}: thiếu cột “ma” (mã danh hiệu)")
                if errors:
                    raise ValidationError(errors)
                continue
            extra = [v for v in values[len(header):] if v]
            if extra:
                errors.append(f"Dòng {line}: có {len(values)} ô, nhiều hơn {len(header)} cột của dòng tiêu đề")
                continue
            rows.append((line, {k: v for k, v in zip(header, values) if k}))
    except csv.Error as exc:
        errors.append(f"Dòng {reader.line_num}: không đọc được ({exc})")
    if errors:
        raise ValidationError(errors)
    return rows


def import_tally_csv(db: sqlite_utils.Database, meeting_id: int, path: Path | str) -> list[tuple[str, int]]:
    """Counts from a CSV (columns :data:`CSV_COLUMNS`, read by
    :func:`read_tally_csv`; a candidate by registration id in ``dang_ky`` or by
    name in ``ho_ten`` — both must then name the same person; the four ballot
    counts on at least one row of each title and round; a candidate once per
    round). Every round is checked like the form; all are written in one
    transaction or none. Refused while the meeting is closed
    (:func:`reopen_meeting` first). Returns the (title, round) pairs written."""
    store.require_open(db, meeting_id)
    state = meeting_state(db, meeting_id)
    rows = read_tally_csv(path)
    errors: list[str] = []
    groups: dict[tuple[str, int], dict] = {}
    titles = {t.code: t for t in state.titles}
    for line, row in rows:
        code = row.get("ma", "").upper()
        try:
            number = int(row.get("vong") or 1)
        except ValueError:
            errors.append(f"Dòng {line}: vòng “{row.get('vong')}” không phải số")
            continue
        if not 1 <= number <= MAX_ROUND:
            errors.append(f"Dòng {line}: vòng phải từ 1 đến {MAX_ROUND} (đang là {number})")
            continue
        if code not in titles:
            errors.append(f"Dòng {line}: cuộc họp không bầu danh hiệu “{code}”" if code
                          else f"Dòng {line}: thiếu mã danh hiệu (cột “ma”)")
            continue
        group = groups.setdefault((code, number), {"counts": {}, "votes": {}, "lines": {}})
        for key in ("phat_ra", "thu_vao", "hop_le", "khong_hop_le"):
            if row.get(key):
                try:
                    value = int(row[key])
                except ValueError:
                    errors.append(f"Dòng {line}: số phiếu {_COUNT_LABELS[key]} (“{key}”) phải là số nguyên "
                                  f"(đang là “{row[key]}”)")
                    continue
                if group["counts"].setdefault(key, value) != value:
                    errors.append(f"Dòng {line}: “{key}” khác với dòng trước của cùng danh hiệu, vòng")
        if not (row.get("dang_ky") or row.get("ho_ten")):
            if row.get("dong_y"):
                errors.append(f"Dòng {line}: có số phiếu đồng ý nhưng không ghi mã đăng ký hay họ tên")
            continue
        candidates = titles[code].candidates
        if row.get("dang_ky"):
            match = [r for r in candidates if str(r["registration_id"]) == row["dang_ky"]]
        else:
            key = vntext.search_key(row["ho_ten"])
            match = [r for r in candidates if vntext.search_key(r["ten"] or "") == key]
        if len(match) != 1:
            who = row.get("dang_ky") or row.get("ho_ten")
            errors.append(f"Dòng {line}: “{who}” " + ("trùng tên, hãy ghi mã đăng ký" if match
                                                      else "không có trong danh sách bầu"))
            continue
        found = match[0]
        if row.get("dang_ky") and row.get("ho_ten") \
                and vntext.search_key(row["ho_ten"]) != vntext.search_key(found["ten"] or ""):
            errors.append(f"Dòng {line}: mã đăng ký {row['dang_ky']} là “{found['ten']}”, "
                          f"không phải “{row['ho_ten']}”")
            continue
        first = group["lines"].setdefault(found["id"], line)
        if first != line:
            errors.append(f"Dòng {line}: “{found['ten']}” đã ghi ở dòng {first} ({code} vòng {number})")
            continue
        try:
            group["votes"][found["id"]] = int(row.get("dong_y", ""))
        except ValueError:
            errors.append(f"Dòng {line}: số phiếu đồng ý phải là số nguyên")
    for (code, number), group in groups.items():
        missing = [k for k in ("phat_ra", "thu_vao", "hop_le", "khong_hop_le") if k not in group["counts"]]
        if missing:
            errors.append(f"{code} vòng {number}: thiếu {', '.join(missing)}")
    if errors:
        raise ValidationError(errors)
    written = []
    with db.atomic():
        for (code, number), group in sorted(groups.items()):
            c = group["counts"]
            tally = dc.Tally(c["phat_ra"], c["thu_vao"], c["hop_le"], c["khong_hop_le"], group["votes"])
            try:
                save_counts(db, meeting_id, code, number, tally)
            except ValidationError as exc:
                raise ValidationError([f"{code} vòng {number}: {e}" for e in exc.errors]) from exc
            written.append((code, number))
    return written


# --- documents -------------------------------------------------------------------------------

def _gender(g: str | None) -> str:
    return {"nam": "Nam", "nu": "Nữ"}.get(g or "", "")


def meeting_view(db: sqlite_utils.Database, meeting_id: int) -> MeetingView:
    state = meeting_state(db, meeting_id)
    m, council = state.meeting, state.council
    campaign = records.get_campaign(db, m.campaign_id)
    members = []
    chair = secretary = ""
    for member in council.members:
        status, why, kp = state.attendance.get(member.id, ("co_mat", "", ""))
        members.append(MemberLine(member.ho_ten, member.chuc_vu, dc.ROLES[member.vai_tro], dc.ATTENDANCE[status],
                                  why, KIEM_PHIEU.get(kp, "")))
        if member.vai_tro == "chu_tich":
            chair = member.ho_ten
        if member.vai_tro == "thu_ky":
            secretary = member.ho_ten
    secretary = m.thu_ky or secretary  # the meeting's own secretary, else the council's
    titles = []
    for t in state.titles:
        rows = {r["id"]: r for r in t.candidates}

        def line(stt, r, result: dc.CandidateResult | None = None, tied=False):
            kind = CA_NHAN if r["staff_id"] is not None else "tap_the"
            return CandidateLine(
                stt=stt, ho_ten=r["ten"] or "", nam_sinh=(r["ngay_sinh"] or "")[:4], gioi_tinh=_gender(r["gioi_tinh"]),
                chuc_vu=r["chuc_vu"] if kind == CA_NHAN else "", don_vi=r["don_vi"], tap_the=kind != CA_NHAN,
                votes=result.votes if result else None, pct=result.pct if result else "",
                outcome=dc.OUTCOMES[result.outcome] if result else "", note=result.note if result else "",
                women_priority=tied and kind == CA_NHAN and women_priority(r["gioi_tinh"]), key=r["id"],
            )

        decided = t.chair_round
        rounds = []
        for i, (res, tally) in enumerate(zip(t.rounds, t.tallies)):
            last = i == len(t.tallies) - 1
            settled = {c.key: c for c in decided.candidates} if decided is not None and last else {}
            cands = tuple(line(n, rows[c.key], settled.get(c.key, c), c.outcome == dc.TIED)
                          for n, c in enumerate(res.candidates, start=1))
            note = ""
            if res.tied:
                if not last:
                    note = f"Bằng phiếu ở vị trí cuối; bỏ phiếu lại (vòng {res.number + 1}) giữa những người bằng phiếu."
                elif settled:
                    note = f"Bằng phiếu ở vị trí cuối; {t.decision[1]} quyết định."
                else:
                    note = "Bằng phiếu ở vị trí cuối: chưa quyết định."
            rounds.append(RoundView(res.number, tally.issued, tally.returned, tally.valid, tally.invalid, cands,
                                    dc.reached_count(res), res.seats, note))
        titles.append(TitleView(
            t.code, t.name, t.rule, t.rule.needed(len(council.members)), t.quota,
            tuple(line(i, r) for i, r in enumerate(t.candidates, start=1)), tuple(rounds)))
    when = m.ngay if isinstance(m.ngay, dt.date) else dt.date.today()
    return MeetingView(
        settings=records.get_settings(db), meeting_id=m.id, year=m.nam, campaign=campaign.ten,
        council_decision=f"{council.decision_text} về việc thành lập Hội đồng Thi đua - Khen thưởng",
        date=when, time=m.gio, place=m.dia_diem, total_members=len(council.members), members=tuple(members),
        present=state.present, written=state.written, quorum_text=state.quorum.text, quorum_met=state.quorum.met,
        chair=chair, secretary=secretary, titles=tuple(titles), conclusions=m.ket_luan,
    )
