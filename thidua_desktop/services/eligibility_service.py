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
* A blocked row kept with a written reason (``ly_do_giu``) stays blocked and
  shows that reason; ``RowCheck.kept`` tells the list to show it apart.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import sqlite_utils

from ..domain import eligibility as el
from ..domain.rulesets import RuleSet
from ..domain.titles import CA_NHAN, TAP_THE
from ..store import merit, records, registrations
from ..store.records import ValidationError, _date
from ..store.registrations import RegistrationKey
from ..store.rules import ruleset_for_year
from .bulk import gc_paused


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
    _rulesets: dict[int, RuleSet] = field(default_factory=dict)
    _unit_profiles: dict[tuple[int, int], el.UnitProfile] = field(default_factory=dict)
    _descendants: dict[int, frozenset[int]] = field(default_factory=dict)
    _children: dict[int | None, list[int]] | None = None
    _staff_by_unit: dict[int | None, list[int]] | None = None

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> SeasonData:
        with gc_paused():
            return cls._load(db)

    @classmethod
    def _load(cls, db: sqlite_utils.Database) -> SeasonData:
        rows = merit.eligibility_rows(db)
        date = _date
        evaluations: dict[int, list[el.YearEvaluation]] = {}
        for sid, nam, xep_loai, so_thang, thai_san in rows["evaluations"]:
            evaluations.setdefault(sid, []).append(el.YearEvaluation(nam, xep_loai, so_thang, thai_san))
        person_awards: dict[int, list[el.AwardRecord]] = {}
        unit_awards: dict[int, list[el.AwardRecord]] = {}
        for sid, uid, nam, ma, so_qd, ngay_qd, co_so in rows["awards"]:
            rec = el.AwardRecord(nam, ma, so_qd, date(ngay_qd), co_so)
            if sid is not None:
                person_awards.setdefault(sid, []).append(rec)
            else:
                unit_awards.setdefault(uid, []).append(rec)
        by_initiative = {
            iid: el.Initiative(nam, cap, loai, ten, so_qd) for iid, nam, cap, loai, ten, so_qd in rows["initiatives"]
        }
        initiatives: dict[int, list[el.Initiative]] = {}
        for iid, sid in rows["initiative_authors"]:
            initiatives.setdefault(sid, []).append(by_initiative[iid])
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
        build = el.PersonProfile.build
        empty = ()
        persons, staff_unit, left_year = {}, {}, {}
        for sid, name, gender, unit_id, active, ngay_nghi in rows["staff"]:
            persons[sid] = build(
                sid, name, gender,
                evaluations=evaluations.get(sid, empty), awards=person_awards.get(sid, empty),
                initiatives=initiatives.get(sid, empty), disciplines=person_disc.get(sid, empty),
                reviews=person_rev.get(sid, empty),
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
        units = records.list_units(db)
        return cls(
            db=db,
            persons=persons,
            staff_unit=staff_unit,
            staff_left_year=left_year,
            unit_names={u.id: u.ten for u in units},
            unit_parent={u.id: u.parent_id for u in units},
            unit_evaluations=unit_eval,
            unit_ranks=unit_rank,
            unit_awards=unit_awards,
            unit_disciplines=unit_disc,
            unit_reviews=unit_rev,
        )

    # --- rules and subjects -------------------------------------------------------
    def ruleset(self, year: int) -> RuleSet:
        rs = self._rulesets.get(year)
        if rs is None:
            rs = self._rulesets[year] = ruleset_for_year(self.db, year)
        return rs

    def person(self, staff_id: int) -> el.PersonProfile | None:
        return self.persons.get(staff_id)

    def descendants(self, unit_id: int) -> frozenset[int]:
        """The unit and every unit under it."""
        found = self._descendants.get(unit_id)
        if found is None:
            if self._children is None:
                self._children = {}
                for uid, parent in self.unit_parent.items():
                    self._children.setdefault(parent, []).append(uid)
            out, stack = {unit_id}, [unit_id]
            while stack:
                for child in self._children.get(stack.pop(), ()):
                    if child not in out:
                        out.add(child)
                        stack.append(child)
            found = self._descendants[unit_id] = frozenset(out)
        return found

    def top_unit(self, unit_id: int | None) -> int | None:
        """The top-level unit holding ``unit_id`` (itself when it has no parent)."""
        seen = set()
        while unit_id is not None and self.unit_parent.get(unit_id) is not None and unit_id not in seen:
            seen.add(unit_id)
            unit_id = self.unit_parent[unit_id]
        return unit_id

    def members(self, unit_id: int, year: int) -> list[int]:
        if self._staff_by_unit is None:
            self._staff_by_unit = {}
            for sid, uid in self.staff_unit.items():
                self._staff_by_unit.setdefault(uid, []).append(sid)
        left = self.staff_left_year
        return [
            sid for uid in self.descendants(unit_id) for sid in self._staff_by_unit.get(uid, ())
            if left[sid] is None or left[sid] >= year
        ]

    def unit(self, unit_id: int, year: int) -> el.UnitProfile | None:
        if unit_id not in self.unit_names:
            return None
        key = (unit_id, year)
        profile = self._unit_profiles.get(key)
        if profile is None:
            profile = self._unit_profiles[key] = el.UnitProfile.build(
                unit_id, self.unit_names[unit_id],
                evaluations=self.unit_evaluations.get(unit_id),
                awards=self.unit_awards.get(unit_id, ()),
                members=[self.persons[sid] for sid in self.members(unit_id, year)],
                cluster_rank=self.unit_ranks.get(unit_id),
                disciplines=self.unit_disciplines.get(unit_id, ()),
                reviews=self.unit_reviews.get(unit_id, ()),
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
    with gc_paused():
        data = data or SeasonData.load(db)
        return check_many(data, registrations.registration_keys(db, campaign_id))


def check_many(data: SeasonData, regs: Iterable[RegistrationKey]) -> dict[int, RowCheck]:
    """Check registrations against the data already loaded (no query)."""
    regs = list(regs)
    rulesets: dict[int, RuleSet | str] = {}
    out: dict[int, RowCheck] = {}
    person, unit, check_title = data.persons.get, data.unit, el.check_title
    with gc_paused(), el.batch():
        for reg in regs:
            rs = rulesets.get(reg.nam)
            if rs is None:
                try:
                    rs = rulesets[reg.nam] = data.ruleset(reg.nam)
                except ValidationError as exc:  # no rule set in force: shown on the row
                    rs = rulesets[reg.nam] = str(exc)
            if isinstance(rs, str):
                out[reg.id] = RowCheck(el.BLOCKED, (rs,))
                continue
            subject = person(reg.staff_id) if reg.staff_id is not None else unit(reg.unit_id, reg.nam)
            if subject is None:
                out[reg.id] = RowCheck(el.BLOCKED, ("Không tìm thấy cá nhân hoặc đơn vị của đăng ký",))
                continue
            result = check_title(rs, reg.ma, subject, reg.nam, basis=reg.co_so)
            if result.status == el.BLOCKED and reg.ly_do_giu:
                out[reg.id] = RowCheck(el.BLOCKED, (*result.reasons, f"Vẫn giữ lại: {reg.ly_do_giu}"), True)
            else:
                out[reg.id] = RowCheck(result.status, result.reasons)
        for rid, note in _quota_notes(data, regs).items():
            status, reasons, kept = out[rid]
            reasons = (*reasons[:-1], note, reasons[-1]) if kept else (*reasons, note)
            out[rid] = RowCheck(el.WARNING if status == el.OK else status, reasons, kept)
    return out


def _subject(reg: RegistrationKey) -> tuple[str, int]:
    return ("staff", reg.staff_id) if reg.staff_id is not None else ("unit", reg.unit_id)


def _quota_notes(data: SeasonData, regs: list[RegistrationKey]) -> dict[int, str]:
    """Registration id → the quota message of its over-cap group."""
    live = [r for r in regs if r.trang_thai != "khong_dat"]
    by_title: dict[tuple[int, str], list[RegistrationKey]] = {}
    for r in live:
        by_title.setdefault((r.nam, r.ma), []).append(r)
    notes: dict[int, str] = {}
    for (year, code), items in by_title.items():
        try:
            rs = data.ruleset(year)
        except Exception:
            continue
        title = rs.get_title(code)
        if title is None or title.quota is None:
            continue
        rule = title.quota

        def group_of(reg: RegistrationKey):
            if rule.scope != "don_vi":
                return None
            unit = data.staff_unit.get(reg.staff_id) if reg.staff_id is not None else reg.unit_id
            return data.top_unit(unit)

        base: dict = {}
        if rule.base_title:
            having = {_subject(r) for r in by_title.get((year, rule.base_title), ())}
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
