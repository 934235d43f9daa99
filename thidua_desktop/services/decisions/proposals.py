"""Proposals to the level that decides, and the decisions that come back.

The agency's head decides only Lao động tiên tiến, Chiến sĩ thi đua cơ sở,
Tập thể lao động tiên tiến and Giấy khen (Luật Thi đua, khen thưởng 2022,
Điều 80; ``Title.agency_decides``). For every higher title the council's
result becomes a **proposal** (đề nghị, Điều 84: tờ trình and danh sách):

* :func:`create_proposal` — the registrations of a title marked đạt (from one
  meeting, or the year) and not yet proposed;
* :func:`submit_proposal` — the tờ trình's number and date (đã trình);
* :func:`record_higher_decision` — the higher level's decision (number, date,
  issuer) with the proposed registrations it awards; the others are recorded as
  not awarded. Its awardees enter the award history that later eligibility
  reads; the agency gives no award-book numbers and prints no certificates.
* :func:`read_awarded_names` — the higher level's list (.xlsx) matched to the
  proposal, all rows or nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ...domain import vntext
from ...domain.decisions import (
    Awardee,
    Decision,
    achievement,
    default_achievement,
    default_trich_yeu,
)
from ...domain.limits import date_errors, field_errors
from ...domain.registrations import STATUSES
from ...domain.titles import DECIDED_AT
from ...store import decisions as decisions_store
from ...store import proposals as store
from ...store.records import ValidationError
from ...store.rules import ruleset_for_year
from ..imports.sheet import HeaderSpec, ImportFileError, detect_layout, is_name_header, read_sheet

#: proposal states, derived from what is recorded
STATES = {"du_thao": "Chưa trình", "da_trinh": "Đã trình", "co_quyet_dinh": "Đã có quyết định"}
OUTCOMES = store.OUTCOMES


def _higher_title(db: sqlite_utils.Database, nam: int, ma: str):
    title = ruleset_for_year(db, nam).get_title(ma)
    if title is None:
        raise ValidationError([f"Bộ quy tắc năm {nam} không có danh hiệu/hình thức {ma}"])
    if title.agency_decides:
        raise ValidationError([f"{title.name} do Thủ trưởng cơ quan quyết định (Luật Thi đua, khen thưởng 2022, "
                               "Điều 80): lập quyết định của cơ quan ở tab Quyết định, không đề nghị cấp trên"])
    return title


def create_proposal(db: sqlite_utils.Database, *, nam: int, ma: str, meeting_id: int | None = None,
                    registration_ids: Sequence[int] | None = None) -> int:
    """A proposal of ``ma`` (a title decided above the agency) for the
    registrations marked đạt and not yet proposed — of ``meeting_id`` when
    given — or exactly ``registration_ids``."""
    _higher_title(db, nam, ma)
    if registration_ids is None:
        registration_ids = store.proposable_registrations(db, nam, ma, meeting_id)
    if not registration_ids:
        raise ValidationError(["Không có đăng ký nào đã được Hội đồng xét đạt mà chưa đề nghị cấp trên"])
    return store.save_proposal(db, nam=nam, ma=ma, meeting_id=meeting_id, registration_ids=registration_ids)


def submit_proposal(db: sqlite_utils.Database, proposal_id: int, *, so_to_trinh: str, ngay: dt.date) -> None:
    """Record the tờ trình that sent the proposal up (number and date)."""
    so = vntext.clean(so_to_trinh)
    problems = (field_errors("so_to_trinh", so) or ([] if so else ["Chưa ghi số tờ trình (ví dụ 15/TTr-BDT)"])) \
        + date_errors(ngay, "Ngày tờ trình")
    if problems:
        raise ValidationError(problems)
    _refuse_changed(store.proposal_items(db, proposal_id), "trình")
    store.set_submitted(db, proposal_id, so, ngay)


def _refuse_changed(items, what: str) -> None:
    """Refuse when a registration of ``items`` is no longer đạt: the council's
    result changed after it was proposed (the meeting reopened and recorded
    again, a status set by hand) — the proposal is out of date."""
    changed = [f"{r['ten']} (nay là “{STATUSES.get(r['trang_thai'], r['trang_thai'])}”)"
               for r in items if r["trang_thai"] != "dat"]
    if changed:
        raise ValidationError([
            f"Không {what} được: {len(changed)} đăng ký trong đề nghị không còn ở trạng thái Đạt kể từ khi đề nghị: "
            f"{'; '.join(changed[:5])}{' …' if len(changed) > 5 else ''}. Xóa đề nghị này và lập lại từ kết quả "
            "bình xét hiện nay. Chưa ghi gì."])


def state(p) -> str:
    """``du_thao`` / ``da_trinh`` / ``co_quyet_dinh`` of a proposal row."""
    if p["decision_id"] is not None:
        return "co_quyet_dinh"
    return "da_trinh" if p["so_to_trinh"] else "du_thao"


def record_higher_decision(db: sqlite_utils.Database, proposal_id: int, *, so: str, ngay: dt.date,
                           issuer: str, awarded: Sequence[int], thanh_tich: str = "") -> int:
    """The higher level's decision on a proposal: ``awarded`` are the proposed
    registrations it names (the others were not awarded). One transaction:
    the decision (no award-book numbers, no reward computed here: the level
    that decides pays), the award history, the registrations' states and each
    proposed row's outcome."""
    p = store.get_proposal(db, proposal_id)
    title = _higher_title(db, p["nam"], p["ma"])
    if p["decision_id"] is not None:
        raise ValidationError([f"Đề nghị này đã ghi quyết định {p['so_quyet_dinh']}"])
    items = store.proposal_items(db, proposal_id)
    proposed = {r["registration_id"]: r for r in items}
    stray = [rid for rid in awarded if rid not in proposed]
    if stray:
        raise ValidationError([f"Đăng ký mã {rid} không có trong đề nghị này" for rid in stray])
    if not awarded:
        raise ValidationError(["Quyết định của cấp trên phải có ít nhất một người, tập thể trong đề nghị"])
    _refuse_changed([proposed[rid] for rid in awarded], "ghi quyết định của cấp trên")
    if p["ngay_trinh"] and ngay < dt.date.fromisoformat(p["ngay_trinh"][:10]):
        raise ValidationError([f"Ngày quyết định của cấp trên {ngay:%d/%m/%Y} trước ngày Tờ trình số "
                               f"{p['so_to_trinh']} ({dt.date.fromisoformat(p['ngay_trinh'][:10]):%d/%m/%Y}): "
                               "kiểm tra lại ngày ký"])
    text = achievement(thanh_tich or default_achievement(title), p["nam"])
    chosen = [proposed[rid] for rid in sorted(awarded, key=lambda r: proposed[r]["thu_tu"])]
    decision = Decision(
        so=so, ngay=ngay, nam=p["nam"], ma=p["ma"], trich_yeu=default_trich_yeu(title, p["nam"]),
        meeting_id=p["meeting_id"], cap=title.decided_at, co_quan_ban_hanh=issuer or DECIDED_AT[title.decided_at],
        awardees=tuple(Awardee(staff_id=r["staff_id"], unit_id=r["unit_id"], registration_id=r["registration_id"],
                               thanh_tich=text) for r in chosen))
    with db.atomic():
        did = decisions_store.save_decision(db, decision, numbered=False)
        store.set_outcome(db, proposal_id, did, set(awarded))
    return did


@dataclass(frozen=True)
class ListMatch:
    """The higher level's list read against a proposal."""

    awarded: tuple[int, ...]  # registration ids
    errors: tuple[str, ...]  # "Dòng 7: …" — nothing is recorded while there is one
    not_listed: tuple[str, ...]  # names proposed but not in the list (not awarded)


_LIST_HEADERS = HeaderSpec(
    fields={"ho_ten": "Họ và tên / Tên tập thể"},
    classify=lambda key: "ho_ten" if is_name_header(key) or key.startswith("ten tap the") else None,
    anchor=lambda key: is_name_header(key) or key.startswith("ten tap the") or key == "ho va ten ten tap the",
    what="danh sách khen thưởng của cấp trên",
)


def read_awarded_names(db: sqlite_utils.Database, proposal_id: int, path: Path | str) -> ListMatch:
    """Match the higher level's list (.xlsx: a "Họ và tên" or "Tên tập thể"
    column) to the proposal by name, accents, case and spacing aside. A row
    naming nobody of the proposal, or two of them, is an error."""
    try:
        data = read_sheet(path)
        layout = detect_layout(data, _LIST_HEADERS)
    except ImportFileError as exc:
        raise ValidationError([str(exc)]) from None
    col = layout.columns["ho_ten"]
    by_key: dict[str, list] = {}
    for r in store.proposal_items(db, proposal_id):
        by_key.setdefault(vntext.search_key(r["ten"]), []).append(r)
    awarded: list[int] = []
    errors: list[str] = []
    for n in range(layout.header_last_row + 1, len(data.rows) + 1):
        raw = data.value(n, col)
        name = vntext.clean(str(raw)) if raw is not None else ""
        if not name or not any(ch.isalpha() for ch in name):
            continue
        found = by_key.get(vntext.search_key(name), [])
        if not found:
            errors.append(f"Dòng {n}: “{name}” không có trong đề nghị")
        elif len(found) > 1:
            errors.append(f"Dòng {n}: “{name}” trùng tên {len(found)} người trong đề nghị: chọn bằng tay")
        elif found[0]["registration_id"] in awarded:
            errors.append(f"Dòng {n}: “{name}” có hai lần trong danh sách")
        else:
            awarded.append(found[0]["registration_id"])
    if not awarded and not errors:
        errors.append("Danh sách không có tên nào")
    listed = set(awarded)
    not_listed = tuple(r["ten"] for r in store.proposal_items(db, proposal_id) if r["registration_id"] not in listed)
    return ListMatch(tuple(awarded), tuple(errors), not_listed)
