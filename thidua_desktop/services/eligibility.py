"""Eligibility of registrations, from the data file to the pure rules.

:class:`SeasonData` loads, in a handful of bulk queries, everything the
checks of :mod:`thidua_desktop.domain.eligibility` read — xếp loại, award
history, initiatives (by author), kỷ luật and open reviews — and builds one
:class:`~thidua_desktop.domain.eligibility.PersonProfile` per person, and on
demand one :class:`~thidua_desktop.domain.eligibility.UnitProfile` per unit
and year. :func:`check_registrations` then checks every registration of a
campaign with no further query, and adds the quota checks.

Decisions (where ``domain.md`` is silent):

* A collective is a unit **with its child units**: a Trung tâm's members are
  its own staff and those of its trạm. Members are the staff not gone before
  the year considered (``ngay_nghi`` earlier than 1 January of that year).
* Quota groups follow the rule's scope: ``co_quan`` — the whole agency;
  ``don_vi`` — each top-level unit (a phòng, or a Trung tâm with its trạm);
  ``cum_khoi`` — the data file holds one agency, so it is one group. The
  base is the number of subjects in the group that have the base title that
  year: registered for it in the campaign (not refused by the council) or
  already awarded it. Every row of a group over its cap gets the warning:
  who gives way is the council's choice.
* A registration's own decision writes the award of its title and year into
  the history; that award is the registration's, not a second one
  (``SeasonData.own_decisions``), so a decided row stays Đủ điều kiện. An
  award of the same title and year from another decision is still flagged.
* A blocked row kept with a written reason (``ly_do_giu``) stays blocked and
  shows that reason; ``RowCheck.kept`` tells the list to show it apart.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

import sqlite_utils

from ..domain import eligibility as el
from ..domain.rulesets import RuleSet
from ..domain.titles import CA_NHAN, TAP_THE
from ..store import merit, registrations
from ..store.records import ValidationError, _date
from ..store.registrations import RegistrationKey, RegistrationKeys
from ..store.rules import ruleset_for_year
from .bulk import gc_paused


_NOTHING: Mapping = MappingProxyType({})  # the history of someone without any, shared


class RowCheck(NamedTuple):
    """Eligibility of one registration, for a list cell and its tooltip."""

    status: str  # "ok" | "warning" | "blocked"
    reasons: tuple[str, ...] = ()  # Vietnamese, blocking first
    kept: bool = False  # blocked, but kept with a written reason

    @property
    def text(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Candidate:
    """Someone who meets a title's conditions but has not registered for it."""

    ten: str
    don_vi: str
    status: str
    reasons: tuple[str, ...]
    staff_id: int | None = None
    unit_id: int | None = None


@dataclass
class SeasonData:
    """Everything the checks read, loaded once. Cheap to rebuild after a change."""

    db: sqlite_utils.Database
    persons: dict[int, el.PersonProfile]
    staff_unit: dict[int, int | None]
    staff_left_year: dict[int, int | None]  # year the person left, None while working
    unit_names: dict[int, str]
    unit_parent: dict[int, int | None]
    unit_evaluations: dict[int, dict[int, str]]
    unit_ranks: dict[int, dict[int, int]]
    unit_awards: dict[int, list[el.AwardRecord]]
    unit_disciplines: dict[int, list[el.Discipline]]
    unit_reviews: dict[int, list[el.PendingReview]]
    #: registration id → the number of the decision it is in: the award that
    #: decision wrote is the registration's own, not an earlier one
    own_decisions: dict[int, str] = field(default_factory=dict)
    _rulesets: dict[int, RuleSet] = field(default_factory=dict)
    _unit_profiles: dict[tuple[int, int], el.UnitProfile] = field(default_factory=dict)
    _children: dict[int | None, list[int]] | None = None
    _staff_by_unit: dict[int | None, list[int]] | None = None

    @classmethod
    def load(cls, db: sqlite_utils.Database, staff_ids: Sequence[int] | None = None,
             unit_ids: Sequence[int] = ()) -> SeasonData:
        """Everyone, or only ``staff_ids`` and the units ``unit_ids`` (one
        person's or one unit's record: a unit's profile then counts only the
        people given)."""
        with gc_paused():
            return cls._load(db, staff_ids, unit_ids)

    @classmethod
    def _load(cls, db: sqlite_utils.Database, staff_ids: Sequence[int] | None = None,
              unit_ids: Sequence[int] = ()) -> SeasonData:
        rows = merit.eligibility_rows(db, staff_ids, unit_ids)
        date = _date
        # Equal records are made once and shared, and so is each distinct
        # history: most people's xếp loại and awards read alike, and the
        # checks remember a result per history (see ``check_titles``).
        year_evaluations: dict[tuple, el.YearEvaluation] = {}
        evaluation_histories: dict[str, dict[int, el.YearEvaluation]] = {}
        evaluations: dict[int, Mapping[int, el.YearEvaluation]] = {}
        for sid, text in rows["evaluations"]:
            by_year = evaluation_histories.get(text)
            if by_year is None:
                by_year = evaluation_histories[text] = {}
                for row in json.loads(text):
                    key = tuple(row)
                    ev = year_evaluations.get(key)
                    if ev is None:
                        ev = year_evaluations[key] = el.YearEvaluation(*row)
                    by_year[ev.year] = ev
            evaluations[sid] = by_year
        award_records: dict[tuple, el.AwardRecord] = {}

        def award(nam, ma, so_qd, ngay_qd, co_so) -> el.AwardRecord:
            key = (nam, ma, so_qd, ngay_qd, co_so)
            rec = award_records.get(key)
            if rec is None:
                rec = award_records[key] = el.AwardRecord(nam, ma, so_qd, date(ngay_qd), co_so)
            return rec

        award_histories: dict[str, dict[int, dict[str, el.AwardRecord]]] = {}
        award_years: dict[tuple, dict[str, el.AwardRecord]] = {}
        person_awards: dict[int, Mapping[int, Mapping[str, el.AwardRecord]]] = {}
        for sid, text in rows["awards"]:
            history = award_histories.get(text)
            if history is None:
                history = award_histories[text] = {}
                for a in json.loads(text):
                    el.add_award(history, award(*a))
                for nam, of_year in history.items():  # equal years shared too (records are shared: ids name them)
                    history[nam] = award_years.setdefault(tuple((c, id(r)) for c, r in of_year.items()), of_year)
            person_awards[sid] = history
        unit_awards: dict[int, list[el.AwardRecord]] = {}
        for uid, *a in rows["unit_awards"]:
            unit_awards.setdefault(uid, []).append(award(*a))
        by_initiative = {
            iid: el.Initiative(nam, cap, loai, ten, so_qd) for iid, nam, cap, loai, ten, so_qd in rows["initiatives"]
        }
        initiatives: dict[int, dict[int, list[el.Initiative]]] = {}
        for iid, sid in rows["initiative_authors"]:
            i = by_initiative[iid]
            initiatives.setdefault(sid, {}).setdefault(i.year, []).append(i)
        person_disc: dict[int, list[el.Discipline]] = {}
        unit_disc: dict[int, list[el.Discipline]] = {}
        for sid, uid, form, since, until, so_qd in rows["disciplines"]:
            rec = el.Discipline(form, date(since), date(until), so_qd)
            (person_disc if sid is not None else unit_disc).setdefault(sid if sid is not None else uid, []).append(rec)
        person_rev: dict[int, list[el.PendingReview]] = {}
        unit_rev: dict[int, list[el.PendingReview]] = {}
        for sid, uid, kind, since, note in rows["open_reviews"]:
            rec = el.PendingReview(kind, date(since), note)
            (person_rev if sid is not None else unit_rev).setdefault(sid if sid is not None else uid, []).append(rec)
        profile, none = el.PersonProfile, _NOTHING
        persons, staff_unit, left_year = {}, {}, {}
        for sid, name, gender, unit_id, active, ngay_nghi in rows["staff"]:
            inits = initiatives.get(sid)
            disc = person_disc.get(sid)
            rev = person_rev.get(sid)
            persons[sid] = profile(
                sid, name, gender, evaluations.get(sid, none), person_awards.get(sid, none),
                {y: tuple(v) for y, v in inits.items()} if inits else none,
                tuple(disc) if disc else (), tuple(rev) if rev else (),
            )
            staff_unit[sid] = unit_id
            left_year[sid] = None if active else (int(ngay_nghi[:4]) if ngay_nghi else 0)
        unit_eval: dict[int, dict[int, str]] = {}
        unit_rank: dict[int, dict[int, int]] = {}
        for uid, nam, xep_loai, rank in rows["unit_evaluations"]:
            if xep_loai:
                unit_eval.setdefault(uid, {})[nam] = xep_loai
            if rank:
                unit_rank.setdefault(uid, {})[nam] = rank
        units = rows["units"]
        return cls(
            db=db,
            persons=persons,
            staff_unit=staff_unit,
            staff_left_year=left_year,
            unit_names={uid: ten for uid, ten, _parent in units},
            unit_parent={uid: parent for uid, _ten, parent in units},
            unit_evaluations=unit_eval,
            unit_ranks=unit_rank,
            unit_awards=unit_awards,
            unit_disciplines=unit_disc,
            unit_reviews=unit_rev,
            own_decisions=dict(db.execute(
                """SELECT a.registration_id, d.so FROM decision_awardees a JOIN decisions d ON d.id = a.decision_id
                   WHERE a.registration_id IS NOT NULL ORDER BY a.id""").fetchall()),
        )

    # --- rules and subjects -------------------------------------------------------
    def ruleset(self, year: int) -> RuleSet:
        rs = self._rulesets.get(year)
        if rs is None:
            rs = self._rulesets[year] = ruleset_for_year(self.db, year)
        return rs

    def person(self, staff_id: int) -> el.PersonProfile | None:
        return self.persons.get(staff_id)

    def children(self, unit_id: int) -> list[int]:
        """The units directly under ``unit_id``."""
        if self._children is None:
            self._children = {}
            for uid, parent in self.unit_parent.items():
                self._children.setdefault(parent, []).append(uid)
        return self._children.get(unit_id, [])

    def top_unit(self, unit_id: int | None) -> int | None:
        """The top-level unit holding ``unit_id`` (itself when it has no parent)."""
        seen = set()
        while unit_id is not None and self.unit_parent.get(unit_id) is not None and unit_id not in seen:
            seen.add(unit_id)
            unit_id = self.unit_parent[unit_id]
        return unit_id

    def _own_members(self, unit_id: int, year: int) -> list[int]:
        """Staff of the unit itself (not of units under it) not gone before ``year``."""
        if self._staff_by_unit is None:
            self._staff_by_unit = {}
            for sid, uid in self.staff_unit.items():
                self._staff_by_unit.setdefault(uid, []).append(sid)
        left = self.staff_left_year
        return [sid for sid in self._staff_by_unit.get(unit_id, ()) if left[sid] is None or left[sid] >= year]

    def unit(self, unit_id: int, year: int, _building: frozenset[int] = frozenset()) -> el.UnitProfile | None:
        """The collective for ``year``: its own staff, and its child units as
        ``parts`` (built first, each once) — so counting its members adds
        theirs instead of walking everyone below it again."""
        if unit_id not in self.unit_names:
            return None
        key = (unit_id, year)
        profile = self._unit_profiles.get(key)
        if profile is None:
            children = self.children(unit_id)
            if children:
                inside = _building | {unit_id}  # a unit never counts within itself
                parts = [self.unit(child, year, inside) for child in children if child not in inside]
            else:
                parts = []
            profile = self._unit_profiles[key] = el.UnitProfile.build(
                unit_id, self.unit_names[unit_id],
                evaluations=self.unit_evaluations.get(unit_id),
                awards=self.unit_awards.get(unit_id, ()),
                members=[self.persons[sid] for sid in self._own_members(unit_id, year)],
                cluster_rank=self.unit_ranks.get(unit_id),
                disciplines=self.unit_disciplines.get(unit_id, ()),
                reviews=self.unit_reviews.get(unit_id, ()),
                parts=parts,
            )
        return profile

    def has_title(self, reg_subject: tuple[str, int], year: int, code: str) -> bool:
        kind, sid = reg_subject
        if kind == "staff":
            p = self.persons.get(sid)
            return bool(p and code in p.awards.get(year, {}))
        return any(a.year == year and a.code == code for a in self.unit_awards.get(sid, ()))


# --- checking registrations ---------------------------------------------------------------

def check_registrations(
    db: sqlite_utils.Database, campaign_id: int | None, *, data: SeasonData | None = None
) -> dict[int, RowCheck]:
    """Every registration of the campaign (of every campaign when ``None``) →
    its :class:`RowCheck` (rules and quotas)."""
    with gc_paused():  # what is made only for this call is also freed inside the pause
        return check_many(data or SeasonData.load(db), registrations.registration_keys(db, campaign_id))


def check_many(data: SeasonData, regs: Iterable[RegistrationKey]) -> dict[int, RowCheck]:
    """Check registrations against the data already loaded (no query).

    Registrations are checked a title at a time (:func:`~..domain.eligibility.check_titles`
    per year, title and basis); rows with the same result share one
    :class:`RowCheck`."""
    # Rows are read as plain tuples (a RegistrationKey is one too).
    rows: list[tuple] = regs.rows if isinstance(regs, RegistrationKeys) else list(regs)
    checks: list[RowCheck | None] = [None] * len(rows)
    # (year, title, basis) → positions in rows, and each row's staff and unit
    groups: dict[tuple[int, str, str], tuple[list[int], list[int | None], list[int | None]]] = {}
    for i, (_id, _campaign, nam, staff_id, unit_id, ma, _status, co_so, _keep) in enumerate(rows):
        group = groups.get((nam, ma, co_so))
        if group is None:
            group = groups[(nam, ma, co_so)] = ([], [], [])
        group[0].append(i)
        group[1].append(staff_id)
        group[2].append(unit_id)
    person, unit = data.persons.get, data.unit
    not_found = RowCheck(el.BLOCKED, ("Không tìm thấy cá nhân hoặc đơn vị của đăng ký",))
    shared: dict[int, tuple[el.Eligibility, RowCheck]] = {}  # id(result) → (result, its row)
    with gc_paused(), el.batch():
        for (nam, ma, co_so), (members, staff_ids, unit_ids) in groups.items():
            try:
                rs = data.ruleset(nam)
            except ValidationError as exc:  # no rule set in force: shown on the row
                blocked = RowCheck(el.BLOCKED, (str(exc),))
                for i in members:
                    checks[i] = blocked
                continue
            if None not in staff_ids:  # people only
                subjects = list(map(person, staff_ids))
            else:
                subjects = [
                    person(sid) if sid is not None else unit(uid, nam) for sid, uid in zip(staff_ids, unit_ids)
                ]
            if None in subjects:
                for i in [i for i, s in zip(members, subjects) if s is None]:
                    checks[i] = not_found
                members = [i for i, s in zip(members, subjects) if s is not None]
                subjects = [s for s in subjects if s is not None]
            own = data.own_decisions
            decided = [own.get(rows[i][0]) for i in members] if own else None
            for i, result in zip(members, el.check_titles(rs, ma, subjects, nam, basis=co_so, own_decisions=decided)):
                hit = shared.get(id(result))
                if hit is None:  # the result is kept beside its row: its id stays its own
                    hit = shared[id(result)] = (result, RowCheck(result.status, result.reasons))
                checks[i] = hit[1]
            for i in members:
                keep = rows[i][-1]
                if keep and checks[i].status == el.BLOCKED:  # type: ignore[union-attr]
                    checks[i] = RowCheck(el.BLOCKED, (*checks[i].reasons, f"Vẫn giữ lại: {keep}"), True)  # type: ignore[union-attr]
        out = dict(zip([row[0] for row in rows], checks))
        by_title: dict[tuple[int, str], list[int]] = {}
        for (nam, ma, _co_so), (members, _staff, _unit) in groups.items():
            by_title.setdefault((nam, ma), []).extend(members)
        for rid, note in _quota_notes(data, rows, by_title).items():
            status, reasons, kept = out[rid]
            reasons = (*reasons[:-1], note, reasons[-1]) if kept else (*reasons, note)
            out[rid] = RowCheck(el.WARNING if status == el.OK else status, reasons, kept)
    return out  # type: ignore[return-value]


def _subject(reg: RegistrationKey) -> tuple[str, int]:
    return ("staff", reg.staff_id) if reg.staff_id is not None else ("unit", reg.unit_id)


def _quota_notes(data: SeasonData, rows: list[tuple], by_title: dict[tuple[int, str], list[int]]) -> dict[int, str]:
    """Registration id → the quota message of its over-cap group (``by_title``:
    (year, title) → positions in ``rows``)."""

    def live(year: int, code: str) -> list[RegistrationKey]:
        regs = map(RegistrationKey._make, map(rows.__getitem__, sorted(by_title.get((year, code), ()))))
        return [r for r in regs if r.trang_thai != "khong_dat"]

    notes: dict[int, str] = {}
    for year, code in by_title:
        try:
            rs = data.ruleset(year)
        except Exception:
            continue
        title = rs.get_title(code)
        if title is None or title.quota is None:
            continue
        rule = title.quota
        items = live(year, code)
        if not items:
            continue

        def group_of(reg: RegistrationKey):
            if rule.scope != "don_vi":
                return None
            unit = data.staff_unit.get(reg.staff_id) if reg.staff_id is not None else reg.unit_id
            return data.top_unit(unit)

        base: dict = {}
        if rule.base_title:
            having = {_subject(r) for r in live(year, rule.base_title)}
            for kind_id, person in data.persons.items():
                if rule.base_title in person.awards.get(year, {}):
                    having.add(("staff", kind_id))
            for uid, awards in data.unit_awards.items():
                if any(a.year == year and a.code == rule.base_title for a in awards):
                    having.add(("unit", uid))
            for kind, sid in having:
                unit = data.staff_unit.get(sid) if kind == "staff" else sid
                g = data.top_unit(unit) if rule.scope == "don_vi" else None
                base[g] = base.get(g, 0) + 1
        labels = {g: data.unit_names.get(g, "") for g in {group_of(r) for r in items}} if rule.scope == "don_vi" else {}
        checks = el.check_quota_groups(rs, code, items, group_of, base, labels=labels)
        for check in checks.values():
            if not check.ok:
                for reg in check.items:
                    notes[reg.id] = check.message
    return notes


# --- suggestions ----------------------------------------------------------------------------

def suggest_candidates(
    db: sqlite_utils.Database, campaign_id: int, nam: int, ma: str, *, data: SeasonData | None = None
) -> list[Candidate]:
    """People or units meeting ``ma``'s conditions for ``nam`` (ok first, then
    those only waiting for data) who have not registered for it in the campaign."""
    data = data or SeasonData.load(db)
    rs = data.ruleset(nam)
    title = rs.get_title(ma)
    if title is None:
        return []
    registered = {_subject(r) for r in registrations.registration_keys(db, campaign_id) if r.ma == ma and r.nam == nam}
    out: list[Candidate] = []
    if CA_NHAN in title.subjects:
        people = [
            p for sid, p in data.persons.items()
            if data.staff_left_year[sid] is None and ("staff", sid) not in registered
        ]
        for s in el.suggest(rs, ma, people, nam, include_warnings=True):
            sid = s.subject.id
            out.append(Candidate(
                s.subject.name, data.unit_names.get(data.staff_unit.get(sid), ""),
                s.eligibility.status, s.eligibility.reasons, staff_id=sid,
            ))
    if TAP_THE in title.subjects:
        units = [
            data.unit(uid, nam) for uid in data.unit_names if ("unit", uid) not in registered
        ]
        for s in el.suggest(rs, ma, [u for u in units if u is not None], nam, include_warnings=True):
            uid = s.subject.id
            parent = data.unit_parent.get(uid)
            out.append(Candidate(
                s.subject.name, data.unit_names.get(parent, "") if parent else "",
                s.eligibility.status, s.eligibility.reasons, unit_id=uid,
            ))
    return out
