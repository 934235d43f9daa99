"""The fields of the Quyết định khen thưởng / công nhận danh hiệu and its annex, from a decision of the agency.

Căn cứ from the rule set in force (its Luật and Nghị định), the agency's quy
chế, the council's biên bản when the decision came from a meeting, and the
council's proposal; Điều 1 with the counts and "có danh sách kèm theo"; Điều 2
the rewards each awardee row already carries (computed by
:mod:`thidua_desktop.services.decisions.service`, never here) and its
:func:`~thidua_desktop.services.decisions.service.reward_note`; the annex
rows. Cancelled awardees stay in the annex, marked, out of the counts.
"""
from __future__ import annotations

import datetime as dt

import sqlite_utils

from ....domain.decisions import default_trich_yeu
from ....domain.votes import format_money
from ....store import council as council_store
from ....store import decisions as store
from ....store import records
from ....store.records import ValidationError
from ....store.rules import ruleset_for_year
from ...decisions.service import born_text, issuer_title, reward_note
from ..decision_pdf import issuer_name
from .parts import COUNCIL, agency_name, legal_grounds, nd30_parts, who_count

__all__ = ["decision_context"]


def _meeting_date(db: sqlite_utils.Database, meeting_id: int | None) -> dt.date | None:
    if meeting_id is None:
        return None
    try:
        m = council_store.get_meeting(db, meeting_id)
    except ValidationError:  # a meeting deleted since: the decision still stands
        return None
    return m.ngay if isinstance(m.ngay, dt.date) else None


def _rewards(rows) -> str:
    """"Mỗi cá nhân được thưởng 1.190.000 đồng" or the amounts by subject, from the rows."""
    by_kind: dict[str, set[int]] = {"cá nhân": set(), "tập thể": set()}
    for r in rows:
        if r["tien_thuong"] is not None:
            by_kind["cá nhân" if r["staff_id"] is not None else "tập thể"].add(r["tien_thuong"])
    parts = []
    for kind, amounts in by_kind.items():
        if len(amounts) == 1:
            parts.append(f"mỗi {kind} được thưởng {format_money(next(iter(amounts)))} đồng")
        elif amounts:
            parts.append(f"mỗi {kind} được thưởng theo mức ghi trong danh sách kèm theo")
    return "; ".join(parts)


def decision_context(db: sqlite_utils.Database, decision_id: int, *, blank: bool = False) -> dict[str, object]:
    d = store.get_decision(db, decision_id)
    if not d.is_own:
        raise ValidationError([f"Quyết định {d.so} do {d.co_quan_ban_hanh} ban hành: chương trình chỉ ghi lại, "
                               "không lập văn bản này"])
    settings = records.document_settings(db)
    rs = ruleset_for_year(db, d.nam)
    title = rs.get_title(d.ma)
    name = title.name if title else d.ma
    danh_hieu = bool(title and title.is_danh_hieu)
    rows = store.awardee_rows(db, decision_id)
    active = [r for r in rows if not r["huy"]]
    people = sum(1 for r in active if r["staff_id"] is not None)
    units = len(active) - people
    agency = agency_name(settings)
    parts = nd30_parts(settings, ky_hieu="QĐ", trich_yeu=d.trich_yeu or default_trich_yeu(title, d.nam),
                       date=d.ngay, so=d.so, blank=blank, signer_title=d.chuc_danh_ky or None,
                       signer_name=d.nguoi_ky or None, recipients=["Như Điều 3", COUNCIL], archive="VT, HĐTĐKT")
    grounds = legal_grounds(rs.legal_basis) + [f"Căn cứ Quy chế Thi đua, khen thưởng của {agency};"]
    if (held := _meeting_date(db, d.meeting_id)) is not None:
        grounds.append(f"Căn cứ Biên bản họp {COUNCIL} {agency} ngày {held:%d/%m/%Y};")
    grounds.append(f"Xét đề nghị của Thường trực {COUNCIL} {agency}.")
    who = who_count(people, units)
    texts = {r["thanh_tich"] for r in active if r["thanh_tich"]}
    if danh_hieu:
        dieu_1 = f"Công nhận danh hiệu “{name}” năm {d.nam} cho {who} thuộc {agency}"
    else:
        dieu_1 = f"Tặng {name} cho {who}"
        if len(texts) == 1:
            text = next(iter(texts)).strip().rstrip(".")
            dieu_1 += f" {text[:1].lower()}{text[1:]}" if text.startswith("Đã") else f" đã có {text}"
    dieu_1 += " (có danh sách kèm theo)."
    total = sum(r["tien_thuong"] or 0 for r in active)
    if total:
        dieu_2 = (f"Kèm theo {'danh hiệu' if danh_hieu else 'hình thức khen thưởng'} tại Điều 1, "
                  f"{_rewards(active)}. Tổng số tiền thưởng: {format_money(total)} đồng, chi từ Quỹ thi đua, "
                  f"khen thưởng của {agency} năm {d.ngay.year}.")
    else:
        dieu_2 = f"Các trường hợp tại Điều 1 không kèm tiền thưởng từ Quỹ thi đua, khen thưởng của {agency}."
    note = reward_note(db, d, rows)
    if note:
        dieu_2 += f" {note}"
    danh_sach = []
    for i, r in enumerate(rows, start=1):
        cancelled = bool(r["huy"])
        danh_sach.append({
            "stt": str(i),
            "ten": (r["ten"] or "") + (" (đã hủy)" if cancelled else ""),
            "nam_sinh": born_text(r),
            "chuc_vu_don_vi": ", ".join(p for p in (r["chuc_vu"], r["don_vi"]) if p),
            "so_so_vang": "" if r["so_so_vang"] is None else str(r["so_so_vang"]),
            "tien_thuong": "" if r["tien_thuong"] is None or cancelled else format_money(r["tien_thuong"]),
        })
    has_people, has_units = any(r["staff_id"] is not None for r in rows), any(r["staff_id"] is None for r in rows)
    cancelled = len(rows) - len(active)
    return {
        **parts,
        "tham_quyen": issuer_title(settings),
        "tham_quyen_ten": issuer_name(settings),
        "co_quan_ten": agency,
        "can_cu": grounds,
        "dieu_1": dieu_1,
        "dieu_2": dieu_2,
        "danh_sach_tieu_de": (f"Được công nhận danh hiệu “{name}” năm {d.nam}" if danh_hieu
                              else f"Được tặng {name} năm {d.nam}"),
        "cot_ten": "Họ và tên / Tên tập thể" if has_people == has_units else ("Họ và tên" if has_people
                                                                                else "Tên tập thể"),
        "danh_sach": danh_sach,
        "tong_doi_tuong": who,
        "tong_tien": format_money(total),
        "ghi_chu_danh_sach": f"Danh sách có {who}" + (f" (không kể {cancelled} trường hợp đã hủy)" if cancelled
                                                      else "") + ".",
    }
