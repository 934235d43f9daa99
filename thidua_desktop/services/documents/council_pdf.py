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
bundled Liberation Serif — the machinery (styles, header, tables, signature
blocks, page numbers) is :mod:`.document_pdf`, shared with the decision's
annex. User text is always escaped before it reaches Paragraph markup.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from ...domain.dates import place_date
from ...domain.positions import position_with_unit
from ...store import records
from .pdf import Label
from .pdf import PathLike, admin_header, build, grid, head_row, keep_closing, nobreak, on_one_page, signatures
from .pdf import esc as _e
from .pdf import para
from ..council.view import CandidateLine, MeetingView, MemberLine, RoundView, TitleView

__all__ = ["write_ballots", "write_count_minutes", "write_meeting_minutes", "write_tally_sheet"]

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
DOTS = "……………"
#: the biên bản's number, left for the văn thư to fill ("Số:      /BB-HĐTĐKT")
COUNT_NUMBER = "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BB-HĐTĐKT"
_PERCENT = re.compile(r"(\d) %")


def _p(markup: str, style: str = "body") -> Paragraph:
    """A paragraph in which a figure never leaves its "%" ("88,89 %" on one line)."""
    return para(_PERCENT.sub("\\1\u00a0%", markup), style)


# ---------------------------------------------------------------- small helpers
def _dmy(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


def _date_line(view: MeetingView) -> str:
    """"Hà Nội, ngày 05 tháng 02 năm 2026" (Nghị định 30: day < 10 and months 1–2 get a zero)."""
    return place_date(view.settings.dia_danh, view.date)


def _meeting_line(view: MeetingView) -> str:
    return f"Cuộc họp {COUNCIL} ngày {_dmy(view.date)}"


def _or_dots(text: str) -> str:
    return _e(text) if (text or "").strip() else DOTS


def _is_collective(title: TitleView) -> bool:
    """A title for collectives: its candidates are collectives (or, read from
    older data, have no sex, birth year or position)."""
    return bool(title.candidates) and all(
        c.tap_the or not (c.gioi_tinh or c.nam_sinh or c.chuc_vu) for c in title.candidates)


def _name_header(title: TitleView) -> str:
    return "Tên tập thể" if _is_collective(title) else "Họ và tên"


def _born(c: CandidateLine) -> str:
    if c.nam_sinh and c.gioi_tinh:
        return f"{c.nam_sinh} ({c.gioi_tinh})"
    return c.nam_sinh or c.gioi_tinh


def _post(c: CandidateLine) -> str:
    """"Phó Trưởng phòng Chính sách dân tộc"; a collective's parent body."""
    return position_with_unit(c.chuc_vu, c.don_vi)


def _agency(view: MeetingView) -> str:
    """The agency inside a sentence: "Ban Dân tộc tỉnh Khánh Hòa", not "BAN DÂN TỘC"."""
    return view.settings.agency_in_sentence()


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


def _build(path: PathLike, view: MeetingView, title: str, story: list, **kw) -> int:
    records.check_document_settings(view.settings)  # no blank header, no date without a place
    return build(path, story, title=title, author=view.settings.co_quan or "", subject=_meeting_line(view), **kw)


def _opening(view: MeetingView, title: str, *subtitles: str, number: str = "") -> list[Flowable]:
    """Header (with the document's ``number`` line), the document's name, its
    subject lines (markup) and the meeting."""
    settings = view.settings
    return [*admin_header(settings.co_quan_chu_quan, settings.co_quan, _date_line(view), number=number),
            _p(title, "title"), *(_p(line, "subtitle") for line in subtitles), _p(_e(_meeting_line(view)), "meeting")]


def _titles(view: MeetingView, codes: Sequence[str] | None = None) -> list[TitleView]:
    titles = [t for t in view.titles if codes is None or t.code in codes]
    if not titles:
        raise ValueError("Không có danh hiệu nào để in")
    return titles


def _threshold_text(view: MeetingView, title: TitleView) -> str:
    quota = f"; chỉ tiêu: {title.quota}" if title.quota is not None else ""
    return (f"Số phiếu cần đạt: {title.rule.requirement} "
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
        pad = 6 if len(title.candidates) <= 8 else 4  # room to mark, and one sheet for a longer list
        for n in range(1, count + 1):
            if _is_collective(title):
                rows = [head_row("STT", "Tên tập thể", "Trực thuộc", "Đồng ý", "Không đồng ý")]
                rows += [[_p(str(c.stt), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(c.don_vi), "cell"), "", ""]
                         for c in title.candidates]
                widths: tuple[float, ...] = (11, 70, 50, 17, 17)
            else:
                rows = [head_row("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Đồng ý", "Không đồng ý")]
                rows += [[_p(str(c.stt), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(c.chuc_vu), "cell"),
                          _p(_e(c.don_vi), "cell"), "", ""] for c in title.candidates]
                widths = (11, 45, 34, 41, 17, 17)
            if story:
                story.append(PageBreak())
            # no serial on a secret ballot: a numbered ballot could be traced to its voter
            story.append(Label(f"Phiếu bầu – {title.name}"))
            story += on_one_page([
                *_opening(view, "PHIẾU BẦU", f"Danh hiệu: {_e(title.name)}"),
                _p("<i>Đồng ý thì đánh dấu × vào cột “Đồng ý”, không đồng ý thì đánh dấu × vào cột "
                   "“Không đồng ý”. Trường hợp được đánh dấu ở cả hai cột hoặc không được đánh dấu cột "
                   "nào thì ý kiến về trường hợp đó không hợp lệ.</i>"),
                Spacer(1, 4),
                grid(rows, widths, row_pad=pad)])
    names = ", ".join(t.name for t in titles)
    return _build(path, view, f"Phiếu bầu – {names} – {_dmy(view.date)}", story, page_numbers=False)


# ---------------------------------------------------------------- 2. blank tally sheet
def write_tally_sheet(view: MeetingView, path: PathLike) -> int:
    """A blank biên bản kiểm phiếu for the counting committee to fill in by hand."""
    story = _opening(view, "BIÊN BẢN KIỂM PHIẾU", "(Bản nháp của Ban kiểm phiếu)", number=COUNT_NUMBER)
    story.append(_p(f"Lần bỏ phiếu thứ: {DOTS}&nbsp;&nbsp;&nbsp; Thời gian kiểm phiếu: {DOTS}"))
    for i, title in enumerate(view.titles, 1):
        rows = [head_row("STT", _name_header(title), "Chức vụ, đơn vị", "Số phiếu đồng ý", "Tỉ lệ %")]
        for c in title.candidates:
            rows.append([_p(str(c.stt), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(_post(c)), "cell"), "", ""])
        story += [_p(f"{i}. Danh hiệu: {_e(title.name)}", "heading"),
                  _p(f"Số phiếu phát ra: {DOTS}&nbsp;&nbsp;&nbsp; Số phiếu thu vào: {DOTS}"),
                  _p(f"Số phiếu hợp lệ: {DOTS}&nbsp;&nbsp;&nbsp; Số phiếu không hợp lệ: {DOTS}"),
                  Spacer(1, 3), grid(rows, (11, 50, 60, 24, 20), row_pad=6), Spacer(1, 6)]
    story = keep_closing(story, signatures(f"Biên bản kiểm phiếu lập xong hồi {DOTS} cùng ngày.",
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


def _result_cell(c: CandidateLine, mark: int | None) -> Paragraph:
    """The outcome alone; a note is referred to by its number ("Không đạt (1)") and written under the table."""
    return _p(_e(c.outcome) + (f"{nobreak(' ')}({mark})" if mark else ""), "cell_c")


def _notes(marked: list[tuple[int, CandidateLine]]) -> list[Flowable]:
    """The notes of a round under its table: "(1) Tôn Nữ Hoa: 7/9 phiếu, dưới 80%"."""
    return [_p(f"({n}) {_e(c.ho_ten)}: {_e(c.note)}", "note") for n, c in marked]


def _round_block(view: MeetingView, title: TitleView, rnd: RoundView) -> list[Flowable]:
    who = "tập thể" if _is_collective(title) else "cá nhân"
    rows = [head_row("TT", _name_header(title), "Năm sinh (Nam/Nữ)", "Chức vụ, đơn vị", "Số phiếu", "Tỉ lệ",
                      "Kết quả")]
    marked = [(n, c) for n, c in enumerate((c for c in rnd.candidates if c.note), 1)]
    marks = {id(c): n for n, c in marked}
    for i, c in enumerate(rnd.candidates, 1):
        rows.append([_p(str(i), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(_born(c)), "cell_c"),
                     _p(_e(_post(c)), "cell"), _p("" if c.votes is None else str(c.votes), "cell_c"),
                     _p(_e(nobreak(c.pct)), "cell_c"), _result_cell(c, marks.get(id(c)))])
    seats = f" (số suất: {rnd.seats})" if rnd.seats is not None and rnd.number > 1 else ""
    out: list[Flowable] = [
        _p(f"<b><i>Lần bỏ phiếu thứ {rnd.number}{seats}</i></b>", "heading"),
        _p(f"Số phiếu phát ra: {rnd.issued}; số phiếu thu vào: {rnd.returned}; "
           f"số phiếu hợp lệ: {rnd.valid}; số phiếu không hợp lệ: {rnd.invalid}."),
        Spacer(1, 2), grid(rows, (8, 41, 21, 36, 14, 19, 26)), *_notes(marked), Spacer(1, 4),
    ]
    if rnd.number == 1:
        share = (f"ít nhất {title.rule.label}" if title.rule.pct is not None
                 else "quá một nửa (trên 50 %)")
        out.append(_p(f"Số {who} đạt {share} số phiếu trên tổng số thành viên Hội đồng "
                      f"là {rnd.reached} {'tập thể' if who == 'tập thể' else 'người'}."))
    if rnd.tie_note:
        out.append(_p(_e(rnd.tie_note), "italic"))
    return out + _women_note(rnd)


def write_count_minutes(view: MeetingView, path: PathLike) -> int:
    """Biên bản kiểm phiếu: committee, who voted, then per title and round the
    counts and the results sorted by votes; signed by the head of the
    counting committee, the secretary and the chair."""
    story = _opening(view, "BIÊN BẢN KIỂM PHIẾU", f"Xét danh hiệu thi đua năm {view.year}", number=COUNT_NUMBER)
    if view.council_decision:
        story.append(_p(f"Căn cứ {_e(view.council_decision)};"))
    story.append(_p(f"Hôm nay, ngày {_dmy(view.date)}, tại {_or_dots(view.place)}, {COUNCIL} "
                    f"{_e(_agency(view))} họp xét danh hiệu thi đua năm {view.year}"
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
    story = keep_closing(story, signatures(
        "Biên bản kiểm phiếu được lập xong và công bố trước Hội đồng ngay sau khi kiểm phiếu.",
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
    rows = [head_row("TT", _name_header(title), "Chức vụ, đơn vị", "Số phiếu", "Tỉ lệ", "Kết quả")]
    for i, (n, c) in enumerate(lines, 1):
        outcome = _e(c.outcome) + (f" (lần {n})" if len(title.rounds) > 1 else "")
        rows.append([_p(str(i), "cell_c"), _p(_e(c.ho_ten), "cell"), _p(_e(_post(c)), "cell"),
                     _p("" if c.votes is None else str(c.votes), "cell_c"), _p(_e(c.pct), "cell_c"),
                     _p(outcome, "cell_c")])
    out += [Spacer(1, 2), grid(rows, (9, 45, 50, 15, 19, 27)), Spacer(1, 4)]
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
    rows = [head_row("TT", "Họ và tên", "Chức vụ", "Vai trò trong Hội đồng", "Tham dự")]
    for i, m in enumerate(view.members, 1):
        seen = _e(m.attendance) + (f" ({_e(m.ly_do)})" if m.ly_do else "")
        rows.append([_p(str(i), "cell_c"), _p(_e(m.ho_ten), "cell"), _p(_e(m.chuc_vu), "cell"),
                     _p(_e(m.vai_tro), "cell"), _p(seen, "cell")])
    if view.members:
        story += [Spacer(1, 2), grid(rows, (9, 45, 36, 38, 37)), Spacer(1, 4)]
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
    story = keep_closing(story, signatures(f"Cuộc họp kết thúc vào hồi {DOTS} cùng ngày./.",
                                           [("THƯ KÝ", [view.secretary]), ("CHỦ TỊCH HỘI ĐỒNG", [view.chair])]))
    return _build(path, view, f"Biên bản họp {COUNCIL} – {_dmy(view.date)}", story)
