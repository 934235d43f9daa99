"""The fields of the Tờ trình to the level that decides (Chủ tịch UBND tỉnh, through the Sở Nội vụ), from a proposal.

The proposal (:mod:`thidua_desktop.services.decisions.proposals`) holds the
title, the year, the meeting whose result it carries and the registrations
proposed; the tờ trình's number is the one recorded when it was sent up, else
it is left for the văn thư.
"""
from __future__ import annotations

import datetime as dt

import sqlite_utils

from ....store import council as council_store
from ....store import proposals as store
from ....store import records
from ....store.rules import ruleset_for_year
from ...decisions.service import born_text
from .parts import COUNCIL, agency_name, legal_grounds, nd30_parts, who_count

__all__ = ["to_trinh_cap_tren_context"]


def _born(db: sqlite_utils.Database, staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    row = db.execute("SELECT ngay_sinh, gioi_tinh FROM staff WHERE id = ?", [staff_id]).fetchone()
    return born_text({"ngay_sinh": row[0], "gioi_tinh": row[1]}) if row else ""


def to_trinh_cap_tren_context(db: sqlite_utils.Database, proposal_id: int, *, blank: bool = False) -> dict:
    p = store.get_proposal(db, proposal_id)
    settings = records.document_settings(db)
    rs = ruleset_for_year(db, p["nam"])
    title = rs.get_title(p["ma"])
    name = title.name if title else p["ma"]
    danh_hieu = bool(title and title.is_danh_hieu)
    items = store.proposal_items(db, proposal_id)
    people = sum(1 for r in items if r["staff_id"] is not None)
    agency = agency_name(settings)
    place = (settings.dia_danh or "").strip()
    sent = dt.date.fromisoformat(p["ngay_trinh"][:10]) if p["ngay_trinh"] else None
    parts = nd30_parts(settings, ky_hieu="TTr", trich_yeu=f"Về việc đề nghị {'công nhận danh hiệu' if danh_hieu else 'tặng'}"
                       f" “{name}” năm {p['nam']}" if danh_hieu else f"Về việc đề nghị tặng {name} năm {p['nam']}",
                       date=sent or dt.date.today(), so=p["so_to_trinh"], blank=blank or not p["so_to_trinh"],
                       recipients=["Như trên", f"Sở Nội vụ tỉnh {place}" if place else "Sở Nội vụ",
                                   COUNCIL], archive="VT, HĐTĐKT")
    grounds = legal_grounds(rs.legal_basis) + [f"Căn cứ Quy chế Thi đua, khen thưởng của {agency};"]
    if p["meeting_id"] is not None:
        m = council_store.get_meeting(db, p["meeting_id"])
        if isinstance(m.ngay, dt.date):
            grounds.append(f"Căn cứ kết quả họp {COUNCIL} {agency} ngày {m.ngay:%d/%m/%Y}.")
    who = who_count(people, len(items) - people)
    verb = f"công nhận danh hiệu “{name}”" if danh_hieu else f"tặng {name}"
    rows = [{"stt": str(i), "ten": r["ten"], "nam_sinh": _born(db, r["staff_id"]),
             "chuc_vu_don_vi": ", ".join(x for x in (r["chuc_vu"], r["don_vi"]) if x and x != r["ten"])}
            for i, r in enumerate(items, 1)]
    return {
        **parts,
        "co_quan_ten": agency,
        "nam": str(p["nam"]),
        "kinh_gui": f"Chủ tịch Ủy ban nhân dân tỉnh {place}" if place else "Chủ tịch Ủy ban nhân dân tỉnh",
        "qua": f"Sở Nội vụ tỉnh {place}" if place else "Sở Nội vụ",
        "can_cu": grounds,
        "tom_tat": (f"{COUNCIL} {agency} đã họp, bỏ phiếu kín; {who} đạt số phiếu theo quy định để đề nghị {verb} "
                    f"năm {p['nam']}."),
        "de_nghi": (f"{agency} kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, {verb} năm {p['nam']} cho {who} "
                    "(có danh sách và báo cáo thành tích kèm theo)./."),
        "danh_sach_tieu_de": f"Đề nghị {verb} năm {p['nam']}",
        "danh_sach": rows,
        "tong_doi_tuong": who,
    }
