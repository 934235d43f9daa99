"""The documents of a council meeting as PDF (reportlab platypus).

Four writers, each reading only a :class:`.meeting_view.MeetingView` and
returning the number of pages written:

* :func:`write_ballots` — phiếu bầu, one numbered copy per page per title;
* :func:`write_tally_sheet` — a blank biên bản kiểm phiếu for the counting
  committee to fill in by hand;
* :func:`write_count_minutes` — the biên bản kiểm phiếu with the results;
* :func:`write_meeting_minutes` — the biên bản họp Hội đồng.

Every document opens with the administrative header of Nghị định 30/2020
(agency left, quốc hiệu and tiêu ngữ right, place and date), on A4 with
margins 20/20/30/15 mm, in Times New Roman when it is installed, else the
bundled Liberation Serif (metric-compatible; see :mod:`.pdf_fonts` — the
built-in PDF fonts cannot show Vietnamese). User text is always escaped
before it reaches Paragraph markup.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.flowables import HRFlowable

from .meeting_view import CandidateLine, MeetingView, MemberLine, RoundView, TitleView
from .pdf_fonts import BUNDLED_FAMILY, STYLES, face_name, register_fonts

__all__ = ["write_ballots", "write_count_minutes", "write_meeting_minutes", "write_tally_sheet"]

# The face names of the registered family; set by _register_fonts() before any use.
FONT = BUNDLED_FAMILY
BOLD, ITALIC, BOLD_ITALIC = f"{FONT}-Bold", f"{FONT}-Italic", f"{FONT}-BoldItalic"

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
COUNCIL = "Hội đồng Thi đua – Khen thưởng"
QUOC_HIEU, TIEU_NGU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
DOTS = "……………"
PathLike = str | os.PathLike


def _register_fonts() -> str:
    """Register the PDF font family (:mod:`.pdf_fonts`), point the module's
    face names (``FONT``, ``BOLD``, …) at it and return the family."""
    global FONT, BOLD, ITALIC, BOLD_ITALIC
    family = register_fonts()
    if family != FONT:
        FONT, BOLD, ITALIC, BOLD_ITALIC = (face_name(family, style) for style in STYLES)
    return family


def _styles() -> dict[str, ParagraphStyle]:
    return _styles_for(_register_fonts())


@functools.cache
def _styles_for(family: str) -> dict[str, ParagraphStyle]:
    FONT, BOLD, ITALIC = (face_name(family, style) for style in ("regular", "bold", "italic"))  # noqa: N806
    body = ParagraphStyle("body", fontName=FONT, fontSize=13, leading=17, textColor=colors.black,
                          alignment=TA_JUSTIFY, spaceAfter=3)

    def style(name: str, parent: ParagraphStyle = body, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    cell = style("cell", fontSize=12, leading=14.5, alignment=TA_LEFT, spaceAfter=0)
    return {
        "body": body,
        "italic": style("italic", fontName=ITALIC),
        "title": style("title", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER, spaceBefore=10,
                       spaceAfter=2),
        "subtitle": style("subtitle", fontName=BOLD, alignment=TA_CENTER, spaceAfter=1),
        "meeting": style("meeting", fontName=ITALIC, alignment=TA_CENTER, spaceAfter=8),
        "heading": style("heading", fontName=BOLD, spaceBefore=6, keepWithNext=1),
        "cell": cell,
        "cell_c": style("cell_c", cell, alignment=TA_CENTER),
        "cell_h": style("cell_h", cell, fontName=BOLD, alignment=TA_CENTER),
        "cell_note": style("cell_note", cell, fontName=ITALIC, fontSize=10.5, leading=12.5, alignment=TA_CENTER),
        "hdr": style("hdr", fontSize=12.5, leading=15, alignment=TA_CENTER, spaceAfter=0),
        "hdr_b": style("hdr_b", fontName=BOLD, fontSize=12.5, leading=15, alignment=TA_CENTER, spaceAfter=0),
        "hdr_motto": style("hdr_motto", fontName=BOLD, leading=16, alignment=TA_CENTER, spaceAfter=0),
        "hdr_date": style("hdr_date", fontName=ITALIC, alignment=TA_CENTER, spaceBefore=5, spaceAfter=0),
        "sig_role": style("sig_role", fontName=BOLD, leading=16, alignment=TA_CENTER, spaceAfter=0),
        "sig_hint": style("sig_hint", fontName=ITALIC, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=0),
        "sig_name": style("sig_name", fontName=BOLD, alignment=TA_CENTER, spaceAfter=0),
    }


# ---------------------------------------------------------------- small helpers
def _e(text: object) -> str:
    """User text made safe for Paragraph markup."""
    return escape(str(text or ""))


def _p(markup: str, style: str = "body") -> Paragraph:
    return Paragraph(markup, _styles()[style])


def _dmy(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


def _date_line(view: MeetingView) -> str:
    """"Hà Nội, ngày 05 tháng 02 năm 2026" (Nghị định 30: day < 10 and months 1–2 get a zero)."""
    d = view.date
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    place = (view.settings.dia_danh or "").strip()
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def _meeting_line(view: MeetingView) -> str:
    return f"Cuộc họp {COUNCIL} ngày {_dmy(view.date)}"


def _or_dots(text: str) -> str:
    return _e(text) if (text or "").strip() else DOTS


def _is_collective(title: TitleView) -> bool:
    """A title for collectives: its candidates have no sex, birth year or position."""
    return bool(title.candidates) and not any(c.gioi_tinh or c.nam_sinh or c.chuc_vu for c in title.candidates)


def _name_header(title: TitleView) -> str:
    return "Tên tập thể" if _is_collective(title) else "Họ và tên"


def _born(c: CandidateLine) -> str:
    if c.nam_sinh and c.gioi_tinh:
        return f"{c.nam_sinh} ({c.gioi_tinh})"
    return c.nam_sinh or c.gioi_tinh


def _post(c: CandidateLine) -> str:
    return ", ".join(part for part in (c.chuc_vu, c.don_vi) if part)


def _kind(member: MemberLine) -> str:
    """"present", "written" or "absent" from the attendance text."""
    text = (member.attendance or "").casefold()
    if text.startswith("có mặt"):
        return "present"
    return "written" if "văn bản" in text else "absent"


def _counters(view: MeetingView) -> tuple[list[MemberLine], list[MemberLine]]:
    """The counting committee: its head(s) and its other members."""
    team = [m for m in view.members if m.kiem_phieu]
    heads = [m for m in team if "trưởng" in m.kiem_phieu.casefold()]
    return heads, [m for m in team if m not in heads]


def _head_counter(view: MeetingView) -> str:
    heads, _ = _counters(view)
    return heads[0].ho_ten if heads else ""


def _women_note(rnd: RoundView) -> list[Flowable]:
    women = [c.ho_ten for c in rnd.candidates if c.women_priority]
    if not women:
        return []
    return [_p("Ưu tiên nữ khi có thành tích ngang nhau (cá nhân nữ, tập thể có từ 70% nữ trở lên): "
               f"{_e(', '.join(women))}; Hội đồng xem xét quyết định.", "italic")]


class _Label(Flowable):
    """An invisible marker: from here on the top-right corner reads ``text``."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        pass


class _Doc(BaseDocTemplate):
    """A4 with the margins of Nghị định 30; page numbers (from page 2) at the
    top centre, or the ballot's number at the top right."""

    def __init__(self, path: PathLike, view: MeetingView, title: str, *, page_numbers: bool = True):
        _register_fonts()
        super().__init__(os.fspath(path), pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author=view.settings.co_quan or "", subject=_meeting_line(view),
                         creator="ThiĐua Desktop", lang="vi-VN", displayDocTitle=1,
                         initialFontName=FONT, initialFontSize=13)
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, WIDTH, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._decorate)])
        self.page_numbers = page_numbers
        self.label, self.label_page = "", 0

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Label):
            self.label, self.label_page = flowable.text, self.page

    def _decorate(self, canv, doc):
        canv.saveState()
        y = PAGE_H - 12 * mm
        if self.label:
            more = " (tiếp theo)" if self.page > self.label_page else ""
            canv.setFont(BOLD, 12)
            canv.drawRightString(PAGE_W - MARGIN_RIGHT, y, self.label + more)
        elif self.page_numbers and self.page > 1:
            canv.setFont(FONT, 13)
            canv.drawCentredString(MARGIN_LEFT + WIDTH / 2, y, str(self.page))
        canv.restoreState()


def _build(path: PathLike, view: MeetingView, title: str, story: list, **kw) -> int:
    doc = _Doc(path, view, title, **kw)
    doc.build(story)
    return doc.page


# ---------------------------------------------------------------- shared blocks
def _admin_header(view: MeetingView) -> list[Flowable]:
    """Agency (left) and quốc hiệu, tiêu ngữ, place and date (right), no borders."""
    s = view.settings
    left_w, right_w = 68 * mm, WIDTH - 68 * mm
    left: list[Flowable] = []
    if s.co_quan_chu_quan:
        left.append(_p(_e(s.co_quan_chu_quan.upper()), "hdr"))
    if s.co_quan:
        agency = s.co_quan.upper()
        left.append(_p(_e(agency), "hdr_b"))
        line = min(pdfmetrics.stringWidth(agency, BOLD, 12.5), left_w - 3 * mm)
        left.append(HRFlowable(width=max(line * 0.4, 18 * mm), thickness=0.6, color=colors.black,
                               spaceBefore=3, spaceAfter=0, hAlign="CENTER"))
    right = [
        _p(QUOC_HIEU, "hdr_b"),
        _p(TIEU_NGU, "hdr_motto"),
        HRFlowable(width=pdfmetrics.stringWidth(TIEU_NGU, BOLD, 13), thickness=0.6, color=colors.black,
                   spaceBefore=2, spaceAfter=0, hAlign="CENTER"),
        _p(_e(_date_line(view)), "hdr_date"),
    ]
    gap = [("RIGHTPADDING", (0, 0), (0, 0), 3 * mm)]  # keep a long agency name off the quốc hiệu
    return [_table([[left or "", right]], [left_w, right_w], pad=0, extra=gap), Spacer(1, 6)]


def _opening(view: MeetingView, title: str, *subtitles: str) -> list[Flowable]:
    """Header, the document's name, its subject lines (markup) and the meeting."""
    return [*_admin_header(view), _p(title, "title"), *(_p(s, "subtitle") for s in subtitles),
            _p(_e(_meeting_line(view)), "meeting")]


def _table(rows: list[list], widths: Sequence[float], *, pad: float = 2, valign: str = "TOP",
           extra: Sequence[tuple] = (), **kw) -> Table:
    """A table in our font (a bare Table would set Helvetica for its plain-string cells)."""
    table = Table(rows, colWidths=list(widths), **kw)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 12), ("VALIGN", (0, 0), (-1, -1), valign),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               *extra]))
    return table


def _grid(rows: list[list], widths_mm: Sequence[float], *, row_pad: float = 3) -> Table:
    """A bordered table; the first row is the header and repeats on each page."""
    widths = [w * mm for w in widths_mm]
    widths[-1] += WIDTH - sum(widths)  # absorb rounding so the table is exactly as wide as the text
    return _table(rows, widths, pad=3, valign="MIDDLE", repeatRows=1, extra=[
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("TOPPADDING", (0, 1), (-1, -1), row_pad), ("BOTTOMPADDING", (0, 1), (-1, -1), row_pad + 1),
        ("TOPPADDING", (0, 0), (-1, 0), 3), ("BOTTOMPADDING", (0, 0), (-1, 0), 4)])


def _head_row(*labels: str) -> list[Paragraph]:
    return [_p(label, "cell_h") for label in labels]


def _signatures(lead: str, columns: Sequence[tuple[str, Iterable[str]]], *, hint: bool = False) -> Flowable:
    """The closing sentence (markup) kept together with side-by-side signature
    blocks: role in capitals, room to sign, name. Each column is as wide as its
    longest line (spare room shared out) so the names line up."""
    columns = [(role, [n for n in people if n] or [""]) for role, people in columns]
    roles = [[_p(_e(role), "sig_role")] + ([_p("(Ký, ghi rõ họ tên)", "sig_hint")] if hint else [])
             for role, _ in columns]
    names = [[f for name in people for f in (Spacer(1, 22 * mm), _p(_e(name), "sig_name"))]
             for _, people in columns]
    widths = [max(pdfmetrics.stringWidth(text, BOLD, 13) for text in (role, *people)) + 6 * mm
              for role, people in columns]
    spare = WIDTH - sum(widths)
    widths = [w + spare / len(widths) for w in widths] if spare >= 0 else [WIDTH / len(widths)] * len(widths)
    return KeepTogether([_p(lead), Spacer(1, 8), _table([roles, names], widths)])


def _titles(view: MeetingView, codes: Sequence[str] | None = None) -> list[TitleView]:
    titles = [t for t in view.titles if codes is None or t.code in codes]
    if not titles:
        raise ValueError("Không có danh hiệu nào để in")
    return titles


def _threshold_text(view: MeetingView, title: TitleView) -> str:
    pct = str(title.threshold_pct).replace(".", ",")
    quota = f"; chỉ tiêu: {title.quota}" if title.quota is not None else ""
    return (f"Số phiếu cần đạt: từ {pct}% tổng số thành viên Hội đồng trở lên "
            f"({title.needed}/{view.total_members} phiếu){quota}.")


# ---------------------------------------------------------------- 1. ballots
def write_ballots(view: MeetingView, path: PathLike, *, codes: list[str] | None = None,
                  copies: int | None = None) -> int:
    """Phiếu bầu: for each title (only ``codes`` if given) ``copies`` numbered
    copies (default: members present + written opinions), each starting on a
    new page. Returns the number of pages."""
    count = copies if copies is not None else (view.present + view.written or view.total_members or 1)
    if count < 1:
        raise ValueError("Số phiếu cần in phải lớn hơn 0")
    titles = _titles(view, codes)
    story: list[Flowable] = []
    for title in titles:
        for n in range(1, count + 1):
            rows = [_head_row("STT", _name_header(title), "Chức vụ", "Đơn vị", "Đồng ý", "Không đồng ý")]
            rows += [[_p(str(c.stt), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(c.chuc_vu), "cell"),
                      _p(_e(c.don_vi), "cell"), "", ""] for c in title.candidates]
            if story:
                story.append(PageBreak())
            story += [_Label(f"Phiếu số {n}/{count}"),
                      *_opening(view, "PHIẾU BẦU", f"Danh hiệu: {_e(title.name)}"),
                      _p("<i>Đồng ý thì đánh dấu × vào cột “Đồng ý”, không đồng ý thì đánh dấu × vào cột "
                         "“Không đồng ý”. Trường hợp được đánh dấu ở cả hai cột hoặc không được đánh dấu cột "
                         "nào thì ý kiến về trường hợp đó không hợp lệ.</i>"),
                      Spacer(1, 4),
                      _grid(rows, (11, 45, 34, 41, 17, 17), row_pad=6)]
    names = ", ".join(t.name for t in titles)
    return _build(path, view, f"Phiếu bầu – {names} – {_dmy(view.date)}", story, page_numbers=False)


# ---------------------------------------------------------------- 2. blank tally sheet
def write_tally_sheet(view: MeetingView, path: PathLike) -> int:
    """A blank biên bản kiểm phiếu for the counting committee to fill in by hand."""
    story = _opening(view, "BIÊN BẢN KIỂM PHIẾU", "(Bản nháp của Ban kiểm phiếu)")
    story.append(_p(f"Lần bỏ phiếu thứ: {DOTS}&nbsp;&nbsp;&nbsp; Thời gian kiểm phiếu: {DOTS}"))
    for i, title in enumerate(view.titles, 1):
        rows = [_head_row("STT", _name_header(title), "Chức vụ, đơn vị", "Số phiếu đồng ý", "Tỉ lệ %")]
        for c in title.candidates:
            rows.append([_p(str(c.stt), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(_post(c)), "cell"), "", ""])
        story += [_p(f"{i}. Danh hiệu: {_e(title.name)}", "heading"),
                  _p(f"Số phiếu phát ra: {DOTS}&nbsp;&nbsp;&nbsp; Số phiếu thu vào: {DOTS}"),
                  _p(f"Số phiếu hợp lệ: {DOTS}&nbsp;&nbsp;&nbsp; Số phiếu không hợp lệ: {DOTS}"),
                  Spacer(1, 3), _grid(rows, (11, 50, 60, 24, 20), row_pad=6), Spacer(1, 6)]
    story.append(_signatures(f"Biên bản kiểm phiếu lập xong hồi {DOTS} cùng ngày.",
                             [("ỦY VIÊN BAN KIỂM PHIẾU", [m.ho_ten for m in _counters(view)[1]]),
                              ("TRƯỞNG BAN KIỂM PHIẾU", [_head_counter(view)])], hint=True))
    return _build(path, view, f"Biên bản kiểm phiếu (bản nháp) – {_dmy(view.date)}", story)


# ---------------------------------------------------------------- 3. count minutes
def _attendance_lines(view: MeetingView) -> list[Flowable]:
    absent = [m for m in view.members if _kind(m) == "absent"]
    out = [
        _p(f"– Tổng số thành viên Hội đồng theo quyết định thành lập: {view.total_members} người."),
        _p(f"– Số thành viên tham gia biểu quyết: {view.present + view.written} người "
           f"(có mặt: {view.present}; vắng mặt có ý kiến bằng văn bản: {view.written})."),
        _p(f"– Số thành viên không tham gia biểu quyết: {max(view.total_members - view.present - view.written, 0)}"
           f" người{':' if absent else '.'}"),
    ]
    for m in absent:
        why = f" – lý do: {_e(m.ly_do)}" if m.ly_do else ""
        out.append(_p(f"&nbsp;&nbsp;&nbsp;+ {_e(m.ho_ten)}{', ' + _e(m.chuc_vu) if m.chuc_vu else ''}{why}."))
    return out


def _result_cell(c: CandidateLine) -> list[Paragraph]:
    cell = [_p(_e(c.outcome), "cell_c")]
    if c.note:
        cell.append(_p(_e(c.note), "cell_note"))
    return cell


def _round_block(view: MeetingView, title: TitleView, rnd: RoundView) -> list[Flowable]:
    who = "tập thể" if _is_collective(title) else "cá nhân"
    rows = [_head_row("TT", _name_header(title), "Năm sinh (Nam/Nữ)", "Chức vụ, đơn vị", "Số phiếu", "Tỉ lệ",
                      "Kết quả")]
    for i, c in enumerate(rnd.candidates, 1):
        rows.append([_p(str(i), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(_born(c)), "cell_c"),
                     _p(_e(_post(c)), "cell"), _p("" if c.votes is None else str(c.votes), "cell_c"),
                     _p(_e(c.pct), "cell_c"), _result_cell(c)])
    seats = f" (số suất: {rnd.seats})" if rnd.seats is not None and rnd.number > 1 else ""
    out: list[Flowable] = [
        _p(f"<b><i>Lần bỏ phiếu thứ {rnd.number}{seats}</i></b>", "heading"),
        _p(f"Số phiếu phát ra: {rnd.issued}; số phiếu thu vào: {rnd.returned}; "
           f"số phiếu hợp lệ: {rnd.valid}; số phiếu không hợp lệ: {rnd.invalid}."),
        Spacer(1, 2), _grid(rows, (8, 41, 21, 36, 14, 18, 27)), Spacer(1, 4),
    ]
    if rnd.number == 1:
        pct = str(title.threshold_pct).replace(".", ",")
        out.append(_p(f"Số {who} đạt ít nhất {pct}% số phiếu trên tổng số thành viên Hội đồng "
                      f"là {rnd.reached} {'tập thể' if who == 'tập thể' else 'người'}."))
    if rnd.tie_note:
        out.append(_p(_e(rnd.tie_note), "italic"))
    return out + _women_note(rnd)


def write_count_minutes(view: MeetingView, path: PathLike) -> int:
    """Biên bản kiểm phiếu: committee, who voted, then per title and round the
    counts and the results sorted by votes; signed by the head of the
    counting committee, the secretary and the chair."""
    story = _opening(view, "BIÊN BẢN KIỂM PHIẾU", f"Xét danh hiệu thi đua năm {view.year}")
    if view.council_decision:
        story.append(_p(f"Căn cứ {_e(view.council_decision)};"))
    story.append(_p(f"Hôm nay, ngày {_dmy(view.date)}, tại {_or_dots(view.place)}, {COUNCIL} "
                    f"{_e(view.settings.co_quan)} họp xét danh hiệu thi đua năm {view.year}"
                    f"{' (' + _e(view.campaign) + ')' if view.campaign else ''}. "
                    "Ban kiểm phiếu do Hội đồng bầu gồm:"))
    team = [m for group in _counters(view) for m in group]
    for i, m in enumerate(team, 1):
        role = re.sub(r"\s*ban$", "", m.kiem_phieu.strip(), flags=re.IGNORECASE)
        story.append(_p(f"{i}. {_e(m.ho_ten)}{', ' + _e(m.chuc_vu) if m.chuc_vu else ''} – "
                        f"{_e(role)} Ban kiểm phiếu."))
    if not team:
        story.append(_p(f"1. {DOTS} – Trưởng ban; 2. {DOTS} – Ủy viên."))
    story.append(_p("I. THÀNH PHẦN THAM GIA BIỂU QUYẾT", "heading"))
    story += _attendance_lines(view)
    story.append(_p("II. KẾT QUẢ KIỂM PHIẾU", "heading"))
    for i, title in enumerate(view.titles, 1):
        story += [_p(f"{i}. Danh hiệu: {_e(title.name)}", "heading"), _p(_e(_threshold_text(view, title)))]
        if not title.rounds:
            story.append(_p("Chưa có kết quả kiểm phiếu.", "italic"))
        for rnd in title.rounds:
            story += _round_block(view, title, rnd)
    story.append(_signatures("Biên bản kiểm phiếu được lập xong và công bố trước Hội đồng ngay sau khi kiểm phiếu.",
                             [("TRƯỞNG BAN KIỂM PHIẾU", [_head_counter(view)]), ("THƯ KÝ", [view.secretary]),
                              ("CHỦ TỊCH HỘI ĐỒNG", [view.chair])]))
    return _build(path, view, f"Biên bản kiểm phiếu – {_dmy(view.date)}", story)


# ---------------------------------------------------------------- 4. meeting minutes
def _final_lines(title: TitleView) -> list[tuple[int, CandidateLine]]:
    """Each candidate's line from the last round they were voted on: those who
    passed first, then the undecided, then the others, each in round-1 order."""
    final: dict[object, tuple[int, CandidateLine]] = {}
    for rnd in title.rounds:
        for c in rnd.candidates:
            final[c.key or (c.stt, c.ho_ten)] = (rnd.number, c)
    rank = {"Đạt": 0, "Không đạt": 2}
    return sorted(final.values(), key=lambda line: rank.get(line[1].outcome, 1))


def _title_results(view: MeetingView, title: TitleView) -> list[Flowable]:
    out = [_p(_e(_threshold_text(view, title)))]
    if not title.rounds:
        return out + [_p(f"Số trường hợp được đề nghị: {len(title.candidates)}. Chưa bỏ phiếu.", "italic")]
    lines = _final_lines(title)
    passed = [(n, c) for n, c in lines if c.outcome == "Đạt"]
    out.append(_p(f"Số trường hợp được đề nghị: {len(title.candidates)}; số lần bỏ phiếu: {len(title.rounds)}; "
                  f"số trường hợp đạt: {len(passed)}."))
    for n, c in passed:
        when = f", lần bỏ phiếu thứ {n}" if len(title.rounds) > 1 else ""
        out.append(_p(f"&nbsp;&nbsp;&nbsp;+ {_e(c.ho_ten)}{', ' + _e(_post(c)) if _post(c) else ''}: "
                      f"{c.votes}/{view.total_members} phiếu ({_e(c.pct)}){when}."))
    rows = [_head_row("TT", _name_header(title), "Chức vụ, đơn vị", "Số phiếu", "Tỉ lệ", "Kết quả")]
    for i, (n, c) in enumerate(lines, 1):
        outcome = _e(c.outcome) + (f" (lần {n})" if len(title.rounds) > 1 else "")
        rows.append([_p(str(i), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(_post(c)), "cell"),
                     _p("" if c.votes is None else str(c.votes), "cell_c"), _p(_e(c.pct), "cell_c"),
                     _p(outcome, "cell_c")])
    out += [Spacer(1, 2), _grid(rows, (9, 45, 50, 15, 19, 27)), Spacer(1, 4)]
    last = title.rounds[-1]
    if last.tie_note:
        out.append(_p(_e(last.tie_note), "italic"))
    return out + _women_note(last)


def write_meeting_minutes(view: MeetingView, path: PathLike) -> int:
    """Biên bản họp Hội đồng: time, place, who attended, quorum, the result
    per title, conclusions; signed by the secretary and the chair."""
    story = _opening(view, "BIÊN BẢN HỌP", f"{COUNCIL}", f"Xét danh hiệu thi đua năm {view.year}")
    chair_role = next((m.vai_tro for m in view.members if m.ho_ten == view.chair and m.vai_tro), "")
    story += [
        _p("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", "heading"),
        _p(f"– Thời gian: {_or_dots(view.time)}, ngày {_dmy(view.date)}."),
        _p(f"– Địa điểm: {_or_dots(view.place)}."),
        _p(f"– Chủ trì: {_or_dots(view.chair)}{', ' + _e(chair_role) if chair_role else ''}."),
        _p(f"– Thư ký: {_or_dots(view.secretary)}."),
    ]
    if view.council_decision:
        story.append(_p(f"– Hội đồng được thành lập theo {_e(view.council_decision)}."))
    story += _attendance_lines(view)
    rows = [_head_row("TT", "Họ và tên", "Chức vụ", "Vai trò trong Hội đồng", "Tham dự")]
    for i, m in enumerate(view.members, 1):
        seen = _e(m.attendance) + (f" ({_e(m.ly_do)})" if m.ly_do else "")
        rows.append([_p(str(i), "cell_c"), _p(_e(m.ho_ten), "cell"), _p(_e(m.chuc_vu), "cell"),
                     _p(_e(m.vai_tro), "cell"), _p(seen, "cell")])
    if view.members:
        story += [Spacer(1, 2), _grid(rows, (9, 45, 36, 38, 37)), Spacer(1, 4)]
    if view.quorum_text:
        story.append(_p(_e(view.quorum_text.rstrip(". ")) + "."))
    story.append(_p("II. NỘI DUNG VÀ KẾT QUẢ", "heading"))
    if not view.quorum_met:
        story.append(_p("<b>Cuộc họp không đủ số thành viên Hội đồng tham dự theo quy định (không đủ túc số), "
                        "vì vậy không thông qua kết quả xét thi đua, khen thưởng nào.</b>"))
    else:
        story.append(_p("Hội đồng thảo luận, bỏ phiếu kín; kết quả kiểm phiếu như sau:"))
        for i, title in enumerate(view.titles, 1):
            story += [_p(f"{i}. Danh hiệu: {_e(title.name)}", "heading"), *_title_results(view, title)]
    story.append(_p("III. KẾT LUẬN", "heading"))
    paragraphs = [line.strip() for line in (view.conclusions or "").splitlines() if line.strip()]
    story += [_p(_e(line)) for line in paragraphs] or [_p(DOTS * 6) for _ in range(3)]
    story.append(_signatures(f"Cuộc họp kết thúc vào hồi {DOTS} cùng ngày./.",
                             [("THƯ KÝ", [view.secretary]), ("CHỦ TỊCH HỘI ĐỒNG", [view.chair])]))
    return _build(path, view, f"Biên bản họp {COUNCIL} – {_dmy(view.date)}", story)
