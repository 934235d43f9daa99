"""A khối's scoring as the window, the CLI and the files read it, and every write to it.

:func:`load_view` computes everything from what is stored — each member's
self-score and agreed totals, the ranking with its ties, the proposals — so
nothing is ever stale. Every write runs in one transaction and then feeds our
own agency's rank to its profile (:func:`feed_profile`): the collective of
this file linked to our member gets ``unit_evaluations.xep_hang_cum`` for the
khối's year, which the Cờ thi đua check reads. That is the one way the rank
gets there while a khối is kept here (the Hồ sơ thi đua tab shows it, read-only).
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import sqlite_utils

from ...domain import khoi as dk
from ...domain.khoi import Khoi, LineScore, Member, RankRow, ScoreSheet, TieResolution, Totals
from ...store import khoi as store
from ...store.db import StoreError, transaction


@dataclass(frozen=True)
class MemberResult:
    member: Member
    lines: Mapping[int, LineScore]
    self_totals: Totals
    agreed: Totals
    rank: RankRow

    @property
    def differences(self) -> int:
        """Lines whose appraisal differs from the self-score."""
        return sum(1 for s in self.lines.values() if s.difference)

    @property
    def scored(self) -> bool:
        return any(s.agreed is not None for s in self.lines.values())


@dataclass
class KhoiView:
    khoi: Khoi
    members: list[Member]
    sheet: ScoreSheet | None
    results: dict[int, MemberResult] = field(default_factory=dict)
    ranking: list[RankRow] = field(default_factory=list)
    resolutions: list[TieResolution] = field(default_factory=list)

    @property
    def names(self) -> dict[int, str]:
        return {m.id: m.ten for m in self.members}

    def open_ties(self) -> list[tuple[int, ...]]:
        return dk.open_ties(self.ranking)

    def proposals(self) -> dk.Proposals:
        return dk.proposals(self.ranking, self.khoi.so_co, self.khoi.so_bang_khen, self.names)

    def ours(self) -> MemberResult | None:
        return next((r for r in self.results.values() if r.member.la_co_quan_minh), None)

    def tie_text(self, row: RankRow) -> str:
        """How a member's rank stands: ``""``, an open tie, or how it was resolved."""
        if not row.tied_with:
            return ""
        others = ", ".join(self.names.get(m, "?") for m in row.tied_with)
        if row.resolution is None:
            return f"Đồng điểm với {others} — chưa giải quyết"
        r = row.resolution
        return f"Đồng điểm với {others}; {dk.CACH_GIAI_QUYET[r.cach].lower()}, {r.nguoi_quyet_dinh} quyết định"


def load_view(db: sqlite_utils.Database, khoi_id: int) -> KhoiView:
    khoi = store.get_khoi(db, khoi_id)
    members = store.list_members(db, khoi_id)
    sheet = store.current_sheet(db, khoi_id)
    view = KhoiView(khoi, members, sheet, resolutions=store.ties(db, khoi_id))
    all_scores = store.scores(db, sheet) if sheet is not None else {}
    agreed: dict[int, Totals] = {}
    selfs: dict[int, Totals] = {}
    totals_by_member: dict[int, object] = {}
    for m in members:
        lines = all_scores.get(m.id, {})
        if sheet is not None:
            agreed[m.id] = dk.agreed_totals(sheet, lines)
            selfs[m.id] = dk.self_totals(sheet, lines)
        scored = any(s.agreed is not None for s in lines.values())
        totals_by_member[m.id] = agreed[m.id].tong if scored else None
    view.ranking = dk.rank(totals_by_member, view.resolutions)
    empty = Totals(dk.ZERO, dk.ZERO, dk.ZERO)
    for row in view.ranking:
        m = next(x for x in members if x.id == row.member_id)
        view.results[m.id] = MemberResult(m, all_scores.get(m.id, {}), selfs.get(m.id, empty),
                                          agreed.get(m.id, empty), row)
    return view


# --- our agency's rank into its profile --------------------------------------------------------

def feed_profile(db: sqlite_utils.Database, before: set[tuple[int, int]] = frozenset()) -> None:
    """Give each collective linked to our member in a khối its rank there;
    a collective no longer linked (``before`` minus now) loses the rank the khối gave it."""
    now = store.fed_units(db)
    khoi_of = {(r[0], r[1]): r[2] for r in db.execute(
        """SELECT m.unit_id, k.nam, k.id FROM khoi_members m JOIN khoi k ON k.id = m.khoi_id
           WHERE m.la_co_quan_minh = 1 AND m.unit_id IS NOT NULL ORDER BY k.id""")}
    for (unit_id, nam), khoi_id in khoi_of.items():
        ours = load_view(db, khoi_id).ours()
        store.set_cluster_rank(db, unit_id, nam, ours.rank.rank if ours is not None else None)
    for unit_id, nam in set(before) - set(now):
        store.set_cluster_rank(db, unit_id, nam, None)


@contextlib.contextmanager
def _feeding(db: sqlite_utils.Database) -> Iterator[None]:
    with transaction(db):
        before = set(store.fed_units(db))
        yield
        feed_profile(db, before)


# --- writes -----------------------------------------------------------------------------------------

def save_khoi(db: sqlite_utils.Database, khoi: Khoi) -> int:
    with _feeding(db):
        return store.save_khoi(db, khoi)


def delete_khoi(db: sqlite_utils.Database, khoi_id: int) -> None:
    with _feeding(db):
        store.delete_khoi(db, khoi_id)


def save_member(db: sqlite_utils.Database, khoi_id: int, member: Member) -> int:
    with _feeding(db):
        return store.save_member(db, khoi_id, member)


def delete_member(db: sqlite_utils.Database, member_id: int) -> None:
    with _feeding(db):
        khoi_id = store.khoi_of_member(db, member_id)
        store.delete_member(db, member_id)
        if khoi_id is not None:
            _drop_unused_ties(db, khoi_id)


def save_sheet(db: sqlite_utils.Database, khoi_id: int, sheet: ScoreSheet) -> int:
    with _feeding(db):
        return store.save_sheet(db, khoi_id, sheet)


def save_scores(db: sqlite_utils.Database, member_id: int, lines: Mapping[int, LineScore]) -> None:
    """One member's scores of the current sheet's lines."""
    khoi_id = store.khoi_of_member(db, member_id)
    if khoi_id is None:
        raise StoreError("Cơ quan thành viên không còn trong khối.")
    sheet = store.current_sheet(db, khoi_id)
    if sheet is None:
        raise StoreError("Khối chưa có bảng chấm điểm: hãy nhập hoặc soạn bảng chấm điểm trước.")
    with _feeding(db):
        store.save_scores(db, member_id, sheet, lines)


def _drop_unused_ties(db: sqlite_utils.Database, khoi_id: int) -> None:
    view = load_view(db, khoi_id)
    for r in dk.unused_resolutions(view.ranking, view.resolutions):
        store.delete_tie(db, r.id)


def resolve_tie(db: sqlite_utils.Database, khoi_id: int, order: Sequence[int], *, cach: str,
                nguoi_quyet_dinh: str, ghi_chu: str = "") -> int:
    """Record the order of a group tied now (exactly that group: refused otherwise)."""
    view = load_view(db, khoi_id)
    group = next((g for g in view.open_ties() if set(g) == set(order)), None)
    if group is None:
        raise StoreError("Các cơ quan đã chọn không phải một nhóm đang đồng điểm (điểm có thể vừa thay đổi); "
                         "hãy xem lại bảng xếp hạng.")
    total = view.results[order[0]].rank.total
    with _feeding(db):
        return store.save_tie(db, khoi_id, TieResolution(tuple(order), total, cach, nguoi_quyet_dinh, ghi_chu))


def resolve_by_rule(db: sqlite_utils.Database, khoi_id: int, group: Sequence[int], nguoi_quyet_dinh: str) -> int:
    """Order a tied group by the khối's rule; refused when the khối has none or it does not separate them."""
    view = load_view(db, khoi_id)
    rule = view.khoi.quy_tac_dong_diem
    if not rule:
        raise StoreError("Khối chưa chọn quy tắc khi đồng điểm (Sửa khối…); hãy ghi kết quả biểu quyết.")
    order = dk.order_by_rule(rule, group, {m: view.results[m].agreed for m in group})
    if order is None:
        names = ", ".join(view.names.get(m, "?") for m in group)
        raise StoreError(f"Quy tắc “{dk.QUY_TAC_DONG_DIEM[rule]}” không tách được {names}; "
                         "hãy ghi kết quả biểu quyết của khối.")
    return resolve_tie(db, khoi_id, order, cach="quy_tac", nguoi_quyet_dinh=nguoi_quyet_dinh,
                       ghi_chu=dk.QUY_TAC_DONG_DIEM[rule])


def delete_tie(db: sqlite_utils.Database, tie_id: int) -> None:
    with _feeding(db):
        store.delete_tie(db, tie_id)
