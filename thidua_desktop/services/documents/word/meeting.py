"""The fields of the council meeting's documents, from :func:`~thidua_desktop.services.council.service.meeting_view`.

* Biên bản họp Hội đồng: attendance, every round's vote (round 1 the basis of
  the threshold, a later round a tie-break ranking among those who reached
  it), a place for the discussion, the conclusions, "Biên bản đã được thông
  qua …";
* Giấy mời họp: time, place, agenda, documents sent with it;
* Tờ trình (internal): Thường trực Hội đồng → the agency's head, the counts
  by title and the list of those who passed;
* Thông báo kết quả bình xét (for posting before the decision);
* Phiếu lấy ý kiến for a member who cannot attend.
"""
from __future__ import annotations

import datetime as dt

import sqlite_utils

from ....domain.dates import ngay_thang_nam
from ....store import records
from ....store.rules import ruleset_for_year
from ...council.service import meeting_view
from ...council.view import CandidateLine, MeetingView, TitleView
from ..decision_pdf import issuer_name
from .parts import BLANK_NAME, COUNCIL, agency_name, legal_grounds, nd30_parts, signer_lines, who_count

__all__ = ["bien_ban_context", "giay_moi_context", "phieu_y_kien_context", "thong_bao_context",
           "to_trinh_context"]

DOTS = "……………"


def _or_dots(text: str) -> str:
    return text.strip() if (text or "").strip() else DOTS


def _pct(c: CandidateLine) -> str:
    """"88,89 %" that never breaks between the figure and its sign."""
    return c.pct.replace(" ", "\u00a0")


def _post(c: CandidateLine) -> str:
    return ", ".join(p for p in (c.chuc_vu, c.don_vi) if p and p != "Tập thể") or c.don_vi


def _collective(title: TitleView) -> bool:
    return bool(title.candidates) and not any(c.gioi_tinh or c.nam_sinh or c.chuc_vu not in ("", "Tập thể")
                                              for c in title.candidates)


def _final(title: TitleView) -> list[tuple[int, CandidateLine]]:
    """Each candidate's line from the last round they were voted on, in round-1 order."""
    final: dict[object, tuple[int, CandidateLine]] = {}
    for rnd in title.rounds:
        for c in rnd.candidates:
            final[c.key or (c.stt, c.ho_ten)] = (rnd.number, c)
    return list(final.values())


def passed(title: TitleView) -> list[CandidateLine]:
    return [c for _, c in _final(title) if c.outcome == "Đạt"]


def _member(view: MeetingView, role: str) -> str:
    return next((m.ho_ten for m in view.members if m.vai_tro == role), "")


def _threshold(view: MeetingView, title: TitleView) -> str:
    quota = f"; chỉ tiêu: {title.quota}" if title.quota is not None else ""
    return f"Số phiếu cần đạt: {title.rule.requirement} ({title.needed}/{view.total_members} phiếu){quota}."


def _rounds(view: MeetingView, title: TitleView) -> list[dict]:
    out = []
    for rnd in title.rounds:
        if rnd.number == 1:
            head = (f"Lần bỏ phiếu thứ 1 (căn cứ xác định người đạt số phiếu theo quy định: "
                    f"{title.rule.requirement})")
        else:
            seats = f", {rnd.seats} suất" if rnd.seats is not None else ""
            head = (f"Lần bỏ phiếu thứ {rnd.number}: xếp thứ tự giữa những người đã đạt số phiếu ở lần 1 và bằng "
                    f"phiếu ở vị trí cuối của chỉ tiêu{seats} (không xét lại tỉ lệ phiếu)")
        notes = [rnd.tie_note] if rnd.tie_note else []
        women = [c.ho_ten for c in rnd.candidates if c.women_priority]
        if women:
            notes.append(f"Ưu tiên nữ khi có thành tích ngang nhau: {', '.join(women)}.")
        if rnd.number == 1:
            notes.insert(0, f"Số trường hợp đạt số phiếu theo quy định ở lần 1: {rnd.reached}.")
        out.append({
            "tieu_de": head,
            "phieu": (f"Số phiếu phát ra: {rnd.issued}; thu vào: {rnd.returned}; hợp lệ: {rnd.valid}; "
                      f"không hợp lệ: {rnd.invalid}."),
            "ung_vien": [{"stt": str(i), "ten": c.ho_ten, "chuc_vu_don_vi": _post(c),
                          "so_phieu": "" if c.votes is None else str(c.votes), "ti_le": _pct(c),
                          "ket_qua": c.outcome} for i, c in enumerate(rnd.candidates, 1)],
            "ghi_chu": " ".join(notes),
        })
    return out


def _titles(view: MeetingView) -> list[dict]:
    out = []
    for i, t in enumerate(view.titles, 1):
        ok = passed(t)
        result = (f"Kết quả: {len(ok)}/{len(t.candidates)} trường hợp đạt"
                  + (f": {', '.join(c.ho_ten for c in ok)}." if ok else ".")) if t.rounds else "Chưa bỏ phiếu."
        out.append({"tieu_de": f"{i}. Danh hiệu, hình thức: {t.name}", "nguong": _threshold(view, t),
                    "vong": _rounds(view, t), "ket_qua": result,
                    "cot_ten": "Tên tập thể" if _collective(t) else "Họ và tên"})
    return out


def _attendance(view: MeetingView) -> list[str]:
    voting = view.present + view.written
    lines = [f"Tổng số thành viên Hội đồng theo quyết định thành lập: {view.total_members} người.",
             f"Số thành viên tham gia biểu quyết: {voting} người (có mặt: {view.present}; vắng mặt có ý kiến "
             f"bằng văn bản: {view.written})."]
    for m in view.members:
        if m.attendance == "Vắng":
            lines.append(f"Vắng mặt: {m.ho_ten}{', ' + m.chuc_vu if m.chuc_vu else ''}"
                         f"{' – lý do: ' + m.ly_do if m.ly_do else ''}.")
    if view.quorum_text:
        lines.append(view.quorum_text.rstrip(". ") + ".")
    return lines


def _base(db: sqlite_utils.Database, meeting_id: int, *, ky_hieu: str, trich_yeu: str,
          issuer: str = "council", recipients=(), signer: tuple[str, str] | None = None,
          dated: bool = False) -> tuple[MeetingView, dict]:
    """The meeting's view and the fields its documents share. No number is recorded for these documents, so
    it is left for the văn thư; the date is the meeting's when ``dated`` (the biên bản), else its day is left
    blank in the meeting's month."""
    view = meeting_view(db, meeting_id)
    settings = records.check_document_settings(view.settings)
    agency = agency_name(settings)
    if signer is None:
        signer = ("TM. HỘI ĐỒNG\nCHỦ TỊCH", view.chair or BLANK_NAME)
    parts = nd30_parts(settings, ky_hieu=ky_hieu, trich_yeu=trich_yeu, date=view.date, blank=True,
                       blank_date=not dated, issuer=issuer, signer_title=signer[0], signer_name=signer[1],
                       recipients=recipients, archive="VT, HĐTĐKT")
    context = {
        **parts,
        "co_quan_ten": agency,
        "hoi_dong": f"{COUNCIL} {agency}",
        "nam": str(view.year),
        "phong_trao": view.campaign or f"Phong trào thi đua năm {view.year}",
        "ngay_hop": f"{view.date:%d/%m/%Y}",
        "thoi_gian": f"{_or_dots(view.time)}, {ngay_thang_nam(view.date)}",
        "dia_diem": _or_dots(view.place),
        "chu_tri": view.chair or BLANK_NAME,
        "thu_ky": view.secretary or BLANK_NAME,
        "quyet_dinh_thanh_lap": view.council_decision,
    }
    return view, context


def bien_ban_context(db: sqlite_utils.Database, meeting_id: int, *, blank: bool = False) -> dict:
    view, ctx = _base(db, meeting_id, ky_hieu="BB", trich_yeu="", dated=True)
    year = view.year
    ctx["trich_yeu"] = f"Họp {COUNCIL} xét thi đua, khen thưởng năm {year}"
    members = [{"stt": str(i), "ten": m.ho_ten, "chuc_vu": m.chuc_vu, "vai_tro": m.vai_tro,
                "tham_du": m.attendance + (f" ({m.ly_do})" if m.ly_do else "")}
               for i, m in enumerate(view.members, 1)]
    if view.quorum_met:
        content = [f"{COUNCIL} nghe Thường trực Hội đồng báo cáo kết quả đăng ký, bình xét của các đơn vị và danh "
                   f"sách đề nghị khen thưởng năm {year} ({view.campaign}).",
                   "Hội đồng thảo luận, bỏ phiếu kín; Ban kiểm phiếu báo cáo kết quả kiểm phiếu."]
    else:
        content = ["Cuộc họp không đủ số thành viên Hội đồng tham dự theo quy định (không đủ túc số), vì vậy không "
                   "thông qua kết quả xét thi đua, khen thưởng nào."]
    conclusions = [line.strip() for line in (view.conclusions or "").splitlines() if line.strip()]
    ctx.update({
        "thanh_phan": _attendance(view),
        "thanh_vien": members,
        "noi_dung": content,
        "danh_hieu": _titles(view) if view.quorum_met else [],
        "ket_luan": conclusions or [DOTS * 8, DOTS * 8],
        "ky_chuc_danh": "CHỦ TRÌ",
        "ky_thu_ky": "THƯ KÝ",
    })
    return ctx


def giay_moi_context(db: sqlite_utils.Database, meeting_id: int, *, blank: bool = False) -> dict:
    view, ctx = _base(db, meeting_id, ky_hieu="GM", trich_yeu="", recipients=["Như thành phần mời"])
    ctx["trich_yeu"] = f"Họp {COUNCIL} xét thi đua, khen thưởng năm {view.year}"
    agenda = [f"Nghe Thường trực Hội đồng báo cáo kết quả thực hiện {ctx['phong_trao']} và danh sách đề nghị "
              f"khen thưởng năm {view.year}."]
    for t in view.titles:
        agenda.append(f"Xét, bỏ phiếu kín danh hiệu, hình thức “{t.name}”: {len(t.candidates)} trường hợp được "
                      f"đề nghị ({t.rule.requirement}).")
    agenda.append("Thông qua biên bản cuộc họp.")
    ctx.update({
        "thanh_phan_moi": [f"{m.ho_ten}{', ' + m.chuc_vu if m.chuc_vu else ''} – {m.vai_tro}" for m in view.members]
        or ["Các thành viên Hội đồng theo quyết định thành lập"],
        "noi_dung": [f"{i}. {line}" for i, line in enumerate(agenda, 1)],
        "tai_lieu": ["Danh sách đề nghị khen thưởng của các đơn vị kèm tóm tắt thành tích",
                     "Phiếu lấy ý kiến (dành cho thành viên vắng mặt)"],
    })
    return ctx


def _listed(view: MeetingView, title: TitleView, lines: list[CandidateLine]) -> list[dict]:
    """Rows of a list of those who passed (numbered by :func:`_number` once every title is in)."""
    return [{"ten": c.ho_ten, "chuc_vu_don_vi": _post(c), "danh_hieu": title.name,
             "so_phieu": f"{c.votes}/{view.total_members}\u00a0({_pct(c)})"} for c in lines]


def _number(rows: list[dict]) -> None:
    for i, row in enumerate(rows, 1):
        row["stt"] = str(i)


def _vice_chair(view: MeetingView) -> tuple[str, str]:
    vice = _member(view, "Phó Chủ tịch Hội đồng")
    if vice:
        return "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", vice
    return "TM. HỘI ĐỒNG\nCHỦ TỊCH", view.chair or BLANK_NAME


def to_trinh_context(db: sqlite_utils.Database, meeting_id: int, *, blank: bool = False) -> dict:
    view = meeting_view(db, meeting_id)
    view, ctx = _base(db, meeting_id, ky_hieu="TTr", trich_yeu=f"Về việc đề nghị khen thưởng năm {view.year}",
                      recipients=["Như trên"], signer=_vice_chair(view))
    settings = view.settings
    rs = ruleset_for_year(db, view.year)
    head = signer_lines(settings.chuc_danh_thu_truong).split("\n")[-1].title() or "Thủ trưởng cơ quan"
    decides, above, rows = [], [], []
    for t in view.titles:
        ok = passed(t)
        if not ok:
            continue
        title = rs.get_title(t.code)
        people = sum(1 for c in ok if not _collective(t))
        line = f"“{t.name}”: {who_count(people, len(ok) - people)}"
        (decides if title is None or title.agency_decides else above).append(line)
        rows += _listed(view, t, ok)
    if not rows:
        from ....store.records import ValidationError

        raise ValidationError([f"Cuộc họp ngày {view.date:%d/%m/%Y} chưa có ai đạt: chưa có gì để trình"])
    _number(rows)
    asks = []
    if decides:
        asks.append(f"{head} quyết định công nhận danh hiệu, tặng hình thức khen thưởng: {'; '.join(decides)}")
    if above:
        asks.append(f"{head} trình cấp có thẩm quyền xem xét, khen thưởng: {'; '.join(above)}")
    ctx.update({
        "kinh_gui": issuer_name(settings),
        "can_cu": legal_grounds(rs.legal_basis) + [f"Căn cứ Quy chế Thi đua, khen thưởng của {ctx['co_quan_ten']};",
                                                   f"Căn cứ Biên bản họp {COUNCIL} ngày {ctx['ngay_hop']}."],
        "tom_tat": (f"Ngày {ctx['ngay_hop']}, {ctx['hoi_dong']} đã họp xét thi đua, khen thưởng năm {view.year}; "
                    f"có {view.present + view.written}/{view.total_members} thành viên tham gia biểu quyết. "
                    "Kết quả bỏ phiếu kín, các trường hợp đạt số phiếu theo quy định như sau:"),
        "ket_qua": [f"Danh hiệu, hình thức {line}." for line in decides + above],
        "de_nghi": [f"Kính đề nghị {a} (có danh sách kèm theo)." for a in asks],
        "danh_sach": rows,
    })
    return ctx


def thong_bao_context(db: sqlite_utils.Database, meeting_id: int, *, blank: bool = False) -> dict:
    view = meeting_view(db, meeting_id)
    view, ctx = _base(db, meeting_id, ky_hieu="TB", issuer="council",
                      trich_yeu=f"Kết quả bình xét thi đua, khen thưởng năm {view.year}",
                      recipients=["Các phòng, đơn vị thuộc " + agency_name(view.settings), "Đăng trang thông tin "
                                  "điện tử"], signer=_vice_chair(view))
    rows = []
    for t in view.titles:
        rows += _listed(view, t, passed(t))
    if not rows:
        from ....store.records import ValidationError

        raise ValidationError([f"Cuộc họp ngày {view.date:%d/%m/%Y} chưa có ai đạt: chưa có gì để thông báo"])
    _number(rows)
    ctx.update({"danh_sach": rows, "so_truong_hop": str(len(rows))})
    return ctx


def phieu_y_kien_context(db: sqlite_utils.Database, meeting_id: int, *, blank: bool = False) -> dict:
    view, ctx = _base(db, meeting_id, ky_hieu="", trich_yeu="")
    absent = [m for m in view.members if m.attendance != "Có mặt"]
    titles = [{"tieu_de": f"{i}. {t.name} ({t.rule.requirement}; chỉ tiêu: "
                          f"{t.quota if t.quota is not None else 'không giới hạn'})",
               "cot_ten": "Tên tập thể" if _collective(t) else "Họ và tên",
               "ung_vien": [{"stt": str(c.stt), "ten": c.ho_ten, "chuc_vu_don_vi": _post(c)} for c in t.candidates]}
              for i, t in enumerate(view.titles, 1)]
    ctx.update({
        # one absent member: her name; several: each signs a copy with her own name
        "thanh_vien": absent[0].ho_ten if len(absent) == 1 else BLANK_NAME,
        "danh_hieu": titles,
        "ky_chuc_danh": "NGƯỜI CHO Ý KIẾN",
        "ky_ho_ten": "(Ký, ghi rõ họ tên)",
    })
    return ctx
