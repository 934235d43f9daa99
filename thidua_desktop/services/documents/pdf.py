"""The machinery of the program's administrative documents as PDF (reportlab platypus).

Shared by the council's documents (:mod:`.council_pdf`) and the decision's
annex (:mod:`.decision_pdf`); it knows nothing of meetings or decisions, only
plain strings:

* :func:`styles` / :func:`para` / :func:`esc` — paragraph styles in the
  registered font family (Times New Roman when installed, else the bundled
  Liberation Serif, see :mod:`.pdf_fonts`; the built-in PDF fonts cannot show
  Vietnamese), and user text made safe for Paragraph markup;
* :func:`admin_header` — the administrative header of Nghị định 30/2020:
  cơ quan chủ quản and cơ quan (bold, a short rule under it) on the left,
  quốc hiệu and tiêu ngữ (with its rule) and optionally place and date on
  the right;
* :func:`table`, :func:`grid`, :func:`head_row` — tables in our font; a grid
  repeats its header row on every page;
* :func:`signatures` — the closing sentence and side-by-side signature blocks;
* :class:`Document` / :func:`build` — A4 (portrait or landscape) with the
  margins of Nghị định 30 (20/20/30/15 mm), page numbers from page 2 at the
  top centre, or a running :class:`Label` at the top right.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape as _landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle
from reportlab.platypus.flowables import HRFlowable

from ...domain.models import QUOC_HIEU, TIEU_NGU
from .fonts import face_name, register_fonts

__all__ = ["HEIGHT", "MARGIN_LEFT", "MARGIN_RIGHT", "NBSP", "QUOC_HIEU", "TIEU_NGU", "WIDTH", "WIDTH_LANDSCAPE",
           "Document", "Label", "PathLike", "admin_header", "build", "esc", "face", "grid", "head_row", "keep_closing",
           "nobreak", "on_one_page", "para", "signatures", "styles", "table"]

PathLike = str | os.PathLike
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
WIDTH = A4[0] - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm of text on a portrait page
WIDTH_LANDSCAPE = A4[1] - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm on a landscape page
HEIGHT = A4[1] - MARGIN_TOP - MARGIN_BOTTOM  # 257 mm of text on a portrait page
NBSP = "\u00a0"


def face(style: str = "regular") -> str:
    """The name of a face (``regular``, ``bold``, ``italic``, ``bold_italic``)
    of the registered family, registering it first if needed."""
    return face_name(register_fonts(), style)


def styles() -> dict[str, ParagraphStyle]:
    return _styles_for(register_fonts())


@functools.cache
def _styles_for(family: str) -> dict[str, ParagraphStyle]:
    font, bold, italic = (face_name(family, style) for style in ("regular", "bold", "italic"))
    body = ParagraphStyle("body", fontName=font, fontSize=13, leading=17, textColor=colors.black,
                          alignment=TA_JUSTIFY, spaceAfter=3)

    def style(name: str, parent: ParagraphStyle = body, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    cell = style("cell", fontSize=12, leading=14.5, alignment=TA_LEFT, spaceAfter=0)
    caption = style("caption", fontName=italic, alignment=TA_CENTER, spaceAfter=8)
    return {
        "body": body,
        "italic": style("italic", fontName=italic),
        "title": style("title", fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER, spaceBefore=10,
                       spaceAfter=2),
        "subtitle": style("subtitle", fontName=bold, alignment=TA_CENTER, spaceAfter=1),
        "caption": caption,
        "meeting": caption,
        "heading": style("heading", fontName=bold, spaceBefore=6, keepWithNext=1),
        "cell": cell,
        "cell_c": style("cell_c", cell, alignment=TA_CENTER),
        "cell_r": style("cell_r", cell, alignment=TA_RIGHT),
        "cell_h": style("cell_h", cell, fontName=bold, alignment=TA_CENTER),
        "note": style("note", fontName=italic, fontSize=12, leading=15, spaceAfter=0),
        "cell_note": style("cell_note", cell, fontName=italic, fontSize=10.5, leading=12.5, alignment=TA_CENTER),
        "hdr": style("hdr", fontSize=12.5, leading=15, alignment=TA_CENTER, spaceAfter=0),
        "hdr_b": style("hdr_b", fontName=bold, fontSize=12.5, leading=15, alignment=TA_CENTER, spaceAfter=0),
        "hdr_motto": style("hdr_motto", fontName=bold, leading=16, alignment=TA_CENTER, spaceAfter=0),
        "hdr_number": style("hdr_number", fontSize=13, leading=16, alignment=TA_CENTER, spaceBefore=5,
                            spaceAfter=0),
        "hdr_date": style("hdr_date", fontName=italic, alignment=TA_CENTER, spaceBefore=5, spaceAfter=0),
        "sig_role": style("sig_role", fontName=bold, leading=16, alignment=TA_CENTER, spaceAfter=0),
        "sig_hint": style("sig_hint", fontName=italic, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=0),
        "sig_name": style("sig_name", fontName=bold, alignment=TA_CENTER, spaceAfter=0),
    }


# ---------------------------------------------------------------- text
def esc(text: object) -> str:
    """User text made safe for Paragraph markup."""
    return escape(str(text or ""))


def nobreak(text: str) -> str:
    """Text whose parts must stay on one line: a figure and its unit ("88,89 %"),
    a phrase such as "TRƯỞNG BAN KIỂM PHIẾU" (non-breaking spaces)."""
    return text.replace(" ", NBSP)


def para(markup: str, style: str = "body") -> Paragraph:
    return Paragraph(markup, styles()[style])


# ---------------------------------------------------------------- blocks
def table(rows: list[list], widths: Sequence[float], *, pad: float = 2, valign: str = "TOP",
          extra: Sequence[tuple] = (), **kw) -> Table:
    """A table in our font (a bare Table would set Helvetica for its plain-string cells).
    A row taller than the room left on the page is split inside the row
    (``splitInRow``), so no text however long makes a page overflow."""
    kw.setdefault("splitInRow", 1)
    t = Table(rows, colWidths=list(widths), **kw)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), face(), 12), ("VALIGN", (0, 0), (-1, -1), valign),
                           ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                           ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                           *extra]))
    return t


TALL_ROW = 80 * mm  # a row this tall may have to be split across pages


def _cell_height(cell, width: float) -> float:
    """The height of a cell's flowables wrapped to ``width`` (0 for plain text:
    the short strings of our tables)."""
    if isinstance(cell, Flowable):
        if isinstance(cell, Paragraph) and len(cell.text) < 40:
            return 0.0
        return cell.wrap(width, 1e9)[1]
    if isinstance(cell, (list, tuple)):
        return sum(_cell_height(c, width) for c in cell)
    return 0.0


def grid(rows: list[list], widths_mm: Sequence[float], *, width: float = WIDTH, row_pad: float = 3,
         extra: Sequence[tuple] = ()) -> Table:
    """A bordered table ``width`` wide; the first row is the header and repeats on each page.

    Cells are centred vertically, except in a row too tall for part of a page
    (a thành tích of thousands of characters): its cells start at the top and
    the row is split across pages. (reportlab's split of a vertically centred
    row whose cells end at different heights pads the rest without end.)"""
    widths = [w * mm for w in widths_mm]
    widths[-1] += width - sum(widths)  # absorb rounding so the table is exactly as wide as the text
    tall = [("VALIGN", (0, r), (-1, r), "TOP") for r, row in enumerate(rows) if r and any(
        _cell_height(cell, w - 6) > TALL_ROW for cell, w in zip(row, widths))]
    return table(rows, widths, pad=3, valign="MIDDLE", repeatRows=1, extra=[
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("TOPPADDING", (0, 1), (-1, -1), row_pad), ("BOTTOMPADDING", (0, 1), (-1, -1), row_pad + 1),
        ("TOPPADDING", (0, 0), (-1, 0), 3), ("BOTTOMPADDING", (0, 0), (-1, 0), 4), *tall, *extra])


def head_row(*labels: str) -> list[Paragraph]:
    return [para(label, "cell_h") for label in labels]


def admin_header(co_quan_chu_quan: str, co_quan: str, dated: str = "", *, width: float = WIDTH,
                 left_width: float = 68 * mm, number: str = "") -> list[Flowable]:
    """Agency (left: cơ quan chủ quản, then the agency in bold with a short
    rule under it, then ``number``: "Số: …/BB-HĐTĐKT") and quốc hiệu, tiêu
    ngữ with its rule and ``dated`` (place and date, if given) on the right;
    no borders."""
    bold = face("bold")
    right_width = width - left_width
    left: list[Flowable] = []
    if (co_quan_chu_quan or "").strip():
        left.append(para(esc(co_quan_chu_quan.upper()), "hdr"))
    if (co_quan or "").strip():
        agency = co_quan.upper()
        left.append(para(esc(agency), "hdr_b"))
        line = min(pdfmetrics.stringWidth(agency, bold, 12.5), left_width - 3 * mm)
        left.append(HRFlowable(width=max(line * 0.4, 18 * mm), thickness=0.6, color=colors.black,
                               spaceBefore=3, spaceAfter=0, hAlign="CENTER"))
    if number:
        left.append(para(esc(number), "hdr_number"))
    right: list[Flowable] = [
        para(QUOC_HIEU, "hdr_b"),
        para(TIEU_NGU, "hdr_motto"),
        HRFlowable(width=pdfmetrics.stringWidth(TIEU_NGU, bold, 13), thickness=0.6, color=colors.black,
                   spaceBefore=2, spaceAfter=0, hAlign="CENTER"),
    ]
    if dated:
        right.append(para(esc(dated), "hdr_date"))
    gap = [("RIGHTPADDING", (0, 0), (0, 0), 3 * mm)]  # keep a long agency name off the quốc hiệu
    return [table([[left or "", right]], [left_width, right_width], pad=0, extra=gap), Spacer(1, 6)]


def signatures(lead: str, columns: Sequence[tuple[str, Iterable[str]]], *, hint: bool = False,
               width: float = WIDTH) -> Flowable:
    """The closing sentence (markup) kept together with side-by-side signature
    blocks: role in capitals, room to sign, name. Each column is as wide as its
    longest line (spare room shared out) so the names line up."""
    bold = face("bold")
    columns = [(role, [n for n in people if n] or [""]) for role, people in columns]
    widths = [max(pdfmetrics.stringWidth(text, bold, 13) for text in (role, *people)) + 6 * mm
              for role, people in columns]
    spare = width - sum(widths)
    # spare room shared out; short of room, each column keeps its share of its natural width
    widths = [w + spare / len(widths) for w in widths] if spare >= 0 else [w * width / sum(widths) for w in widths]

    def role_lines(role: str, w: float) -> str:
        """A role on one line when it fits, else broken only between its phrases
        ("KT. TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN"), never inside one ("TRƯỞNG BAN KIỂM PHIẾU")."""
        if pdfmetrics.stringWidth(role, bold, 13) <= w - 6 * mm or "\n" in role:
            return "<br/>".join(esc(nobreak(line)) for line in role.splitlines())
        return esc(role)

    roles = [[para(role_lines(role, w), "sig_role")] + ([para("(Ký, ghi rõ họ tên)", "sig_hint")] if hint else [])
             for (role, _), w in zip(columns, widths)]
    names = [[f for name in people for f in (Spacer(1, 22 * mm), para(esc(name), "sig_name"))]
             for _, people in columns]
    return KeepTogether([para(lead), Spacer(1, 8), table([roles, names], widths)])


def keep_closing(story: list[Flowable], closing: Flowable) -> list[Flowable]:
    """``story`` ending with ``closing`` (a signature block) kept on the page of
    the text just before it — the paragraphs after the last table — so the
    signatures never stand alone on a page."""
    tail = len(story)
    while tail > 0 and not isinstance(story[tail - 1], Table):
        tail -= 1
    if tail == len(story):
        return [*story, closing]
    return [*story[:tail], KeepTogether([*story[tail:], closing])]


#: a document may be set this much smaller to stay on one page, no smaller
MIN_SCALE = 0.8


def on_one_page(content: list[Flowable], *, width: float = WIDTH, height: float = HEIGHT) -> list[Flowable]:
    """``content`` on one page (a ballot: one sheet per voter): as it is when it
    fits, set up to :data:`MIN_SCALE` smaller when that makes it fit, else as
    it is over several pages (the table's header repeated)."""
    total = 0.0
    for f in content:
        total += f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    if total <= height or total * MIN_SCALE > height:
        return content
    return [KeepInFrame(width, height, content, mode="shrink")]


# ---------------------------------------------------------------- the document
class Label(Flowable):
    """An invisible marker: from here on the top-right corner reads ``text``
    (with "(tiếp theo)" on the pages after the one it starts on)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        pass


class Document(BaseDocTemplate):
    """A4 (portrait, or ``landscape``) with the margins of Nghị định 30; page
    numbers (from page 2) at the top centre, or the running :class:`Label`
    at the top right."""

    def __init__(self, path: PathLike, *, title: str, author: str = "", subject: str = "",
                 landscape: bool = False, page_numbers: bool = True):
        font = face()
        pagesize = _landscape(A4) if landscape else A4
        super().__init__(os.fspath(path), pagesize=pagesize, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author,
                         subject=subject, creator="ThiĐua Desktop", lang="vi-VN", displayDocTitle=1,
                         initialFontName=font, initialFontSize=13)
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._decorate)])
        self.page_numbers = page_numbers
        self.label, self.label_page = "", 0

    def afterFlowable(self, flowable):
        if isinstance(flowable, Label):
            self.label, self.label_page = flowable.text, self.page

    def _decorate(self, canv, doc):
        page_w, page_h = self.pagesize
        canv.saveState()
        y = page_h - 12 * mm
        if self.label:
            more = " (tiếp theo)" if self.page > self.label_page else ""
            canv.setFont(face("bold"), 12)
            canv.drawRightString(page_w - MARGIN_RIGHT, y, self.label + more)
        elif self.page_numbers and self.page > 1:
            canv.setFont(face(), 13)
            canv.drawCentredString(MARGIN_LEFT + self.width / 2, y, str(self.page))
        canv.restoreState()


def build(path: PathLike, story: list[Flowable], *, title: str, **kw) -> int:
    """Write ``story`` to ``path`` as a :class:`Document` (through
    :func:`~thidua_desktop.services.documents.output.atomic_write`); returns the number of pages."""
    from .output import atomic_write

    def write(tmp) -> int:
        doc = Document(tmp, title=title, **kw)
        doc.build(story)
        return doc.page

    return atomic_write(path, write)
