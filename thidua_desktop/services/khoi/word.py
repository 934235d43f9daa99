"""The fields of the khối's Word documents (``services.documents.word``): the biên
bản họp khối and the khối's tờ trình proposing the Cờ thi đua and Bằng khen.

Both are issued under the khối's name (the cơ quan chủ quản above it, the
number left for the văn thư of the khối trưởng's agency), carry the ranking
as the khối agreed it, and sign for the khối trưởng. The tờ trình is refused
while nobody is scored or a tie lies across the quota's cut: it proposes by rank.
"""
from __future__ import annotations

import sqlite_utils

from ...domain import khoi as dk
from ...domain.dates import ngay_thang_nam
from ...store import records
from ...store.records import ValidationError
from ...store.rules import ruleset_for_year
from ..documents.word.parts import BLANK_NAME, legal_grounds, nd30_parts
from . import service


def _table(view: service.KhoiView) -> list[dict[str, str]]:
    proposed = view.proposals()
    rows = []
    for row in view.ranking:
        res = view.results[row.member_id]
        notes = []
        if row.member_id in proposed.co:
            notes.append("Đề nghị Cờ thi đua")
        elif row.member_id in proposed.bang_khen:
            notes.append("Đề nghị Bằng khen")
        if row.tied_with:
            notes.append("đồng điểm" + ("" if row.resolution else ", chưa giải quyết"))
        rows.append({"hang": str(row.rank or ""), "ten": res.member.ten,
                     "tu_cham": dk.fmt(res.self_totals.tong) if res.scored else "",
                     "tong": dk.fmt(res.agreed.tong) if res.scored else "chưa chấm", "ghi_chu": "; ".join(notes)})
    return rows


def _proposal_text(view: service.KhoiView) -> str:
    p, names = view.proposals(), view.names
    parts = []
    if p.co:
        parts.append("tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho " + ", ".join(
            f"{names[m]} ({dk.fmt(view.results[m].agreed.tong)} điểm)" for m in p.co))
    if p.bang_khen:
        parts.append("tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho " + ", ".join(names[m] for m in p.bang_khen))
    return "; ".join(parts)


def _ties(view: service.KhoiView) -> list[str]:
    out, seen = [], set()
    for row in view.ranking:
        if not row.tied_with or row.member_id in seen:
            continue
        group = (row.member_id, *row.tied_with)
        seen.update(group)
        names = ", ".join(view.names[m] for m in group)
        if row.resolution is None:
            out.append(f"{names} cùng {dk.fmt(row.total)} điểm, chưa thống nhất thứ tự.")
        else:
            r = row.resolution
            out.append(f"{names} cùng {dk.fmt(row.total)} điểm: {dk.CACH_GIAI_QUYET[r.cach].lower()}"
                       + (f" ({r.ghi_chu})" if r.ghi_chu else "") + f", {r.nguoi_quyet_dinh} quyết định thứ tự "
                       + ", ".join(view.names[m] for m in r.order) + ".")
    return out


def khoi_context(db: sqlite_utils.Database, khoi_id: int, kind: str, *, blank: bool = False) -> dict[str, object]:
    """``kind``: ``bien_ban_khoi`` or ``to_trinh_khoi``."""
    view = service.load_view(db, khoi_id)
    k = view.khoi
    if view.sheet is None or not any(r.scored for r in view.results.values()):
        raise ValidationError([f"{k.ten} năm {k.nam} chưa có điểm chấm: chưa lập được văn bản của khối"])
    settings = records.document_settings(db)
    truong = next((m for m in view.members if m.vai_tro == "truong"), None)
    pho = next((m for m in view.members if m.vai_tro == "pho"), None)
    ours_lead = truong is not None and truong.la_co_quan_minh
    common = dict(signer_title="TM. KHỐI THI ĐUA\nKHỐI TRƯỞNG",
                  signer_name=settings.ten_thu_truong if ours_lead else BLANK_NAME)
    bang_diem = f"bảng chấm điểm phiên bản {view.sheet.phien_ban} ({dk.CACH_TINH[view.sheet.cach_tinh].lower()})"
    if kind == "bien_ban_khoi":
        parts = nd30_parts(settings, ky_hieu="BB", trich_yeu=f"Họp bình xét, chấm điểm thi đua năm {k.nam}",
                           date=k.ngay_hop, blank=blank or k.ngay_hop is None, **common)
        when = (f"Hôm nay, {ngay_thang_nam(k.ngay_hop)}" if k.ngay_hop else "Hôm nay, ngày …… tháng …… năm ……")
        where = k.dia_diem_hop or "……………………"
        extra = {
            "thoi_gian_dia_diem": f"{when}, tại {where}, {k.ten} tổ chức họp bình xét, chấm điểm thi đua năm {k.nam}.",
            "so_thanh_vien": str(len(view.members)),
            "khoi_ten": k.ten,
            "thanh_phan": [m.ten + (f" ({dk.VAI_TRO[m.vai_tro].lower()})" if m.vai_tro != "thanh_vien" else "")
                           for m in view.members],
            "chu_tri": f"đại diện lãnh đạo {truong.ten}, khối trưởng" if truong else "……………………",
            "thu_ky_text": f"đại diện {pho.ten}, khối phó" if pho else "……………………",
            "thu_ky": BLANK_NAME,
            "bang_diem": bang_diem,
            "dong_diem": _ties(view),
            "ket_luan": (view.proposals().blocked or "khối thống nhất đề nghị " + (_proposal_text(view) or
                                                                                   "(chưa có đề nghị)") + "."),
        }
    else:
        blocked = view.proposals().blocked
        if blocked:
            raise ValidationError([blocked])
        proposal = _proposal_text(view)
        if not proposal:
            raise ValidationError([f"{k.ten}: chỉ tiêu đề nghị bằng 0, chưa có ai để đề nghị khen thưởng"])
        parts = nd30_parts(settings, ky_hieu="TTr", trich_yeu=f"Về việc đề nghị khen thưởng năm {k.nam} cho các "
                                                              f"cơ quan thuộc {k.ten}", date=None, blank=True,
                           recipients=["Như trên", "Các cơ quan thành viên khối"], **common)
        place = settings.dia_danh.strip()
        grounds = legal_grounds(ruleset_for_year(db, k.nam).legal_basis)
        if view.sheet.can_cu:
            grounds.append(f"Căn cứ {view.sheet.can_cu.rstrip('.;')};")
        grounds.append(f"Căn cứ kết quả chấm điểm, bình xét thi đua năm {k.nam} của {k.ten}"
                       + (f" tại cuộc họp {ngay_thang_nam(k.ngay_hop)}." if k.ngay_hop else "."))
        extra = {
            "kinh_gui": f"Hội đồng Thi đua - Khen thưởng tỉnh {place} (qua Sở Nội vụ)",
            "kinh_gui_ngan": "Hội đồng Thi đua - Khen thưởng tỉnh",
            "can_cu": grounds,
            "mo_dau": (f"{k.ten} gồm {len(view.members)} cơ quan thành viên. Khối đã tổ chức chấm điểm theo "
                       f"{bang_diem}, thẩm định và thống nhất kết quả xếp hạng năm {k.nam} như sau:"),
            "de_nghi": f"{k.ten} kính đề nghị {proposal}.",
        }
    return {**parts, "co_quan": k.ten.upper(), "bang_xep_hang": _table(view), **extra}
