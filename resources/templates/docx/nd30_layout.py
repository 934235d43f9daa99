"""Layout helpers of the Word templates (python-docx): Nghị định 30/2020 page, header, lines, signature.

Used only by ``build.py`` to make the committed .docx templates once; the
program reads the .docx files, never this module. Fields are typed as whole
Jinja runs (``{{ trich_yeu }}``), so docxtpl finds them.
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
TEXT_WIDTH = Mm(210 - 30 - 15)  # A4 portrait, NĐ 30 margins left 30, right 15
#: the header's two columns: 12 pt capitals of the longest usual lines (“ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA” 77 mm,
#: “HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG” bold 77 mm, the Quốc hiệu bold 88 mm) each on one line; the centred table
#: is 3 mm wider than the 165 mm text, 1.5 mm into each margin, as offices lay it out
LEFT_COL, RIGHT_COL = Mm(79), Mm(89)
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)


def new_document(*, size: int = 14, landscape: bool = False) -> Document:
    """A4, margins top/bottom 20 mm, left 30, right 15; Times New Roman ``size`` pt on Normal (all scripts)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
    doc.core_properties.author = "ThiĐua Desktop"
    doc.core_properties.language = "vi-VN"
    _page_number_header(section)
    return doc


def _page_number_header(section) -> None:
    """Page numbers at the top centre from page 2 (NĐ 30)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def para(container, text: str = "", *, align=JUSTIFY, bold=False, italic=False, size: float | None = None,
         indent: bool = False, before: float = 0, after: float = 0, line: float | None = None, keep=False):
    """A paragraph with one run of ``text`` (a whole field or plain text)."""
    p = container.add_paragraph()
    p.alignment = align
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if line:
        pf.line_spacing = line
    if indent:
        pf.first_line_indent = Mm(10)
    if keep:
        pf.keep_with_next = True
    if text:
        run(p, text, bold=bold, italic=italic, size=size)
    return p


def run(p, text: str, *, bold=False, italic=False, size: float | None = None):
    r = p.add_run(text)
    r.bold, r.italic = bold or None, italic or None
    if size:
        r.font.size = Pt(size)
    return r


def rule(container, width_mm: float, cell_mm: float) -> None:
    """A short centred line (a bottom border on an empty paragraph indented to ``width_mm``)."""
    p = container.add_paragraph()
    side = Mm(max((cell_mm - width_mm) / 2, 0))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    p.paragraph_format.space_after = Pt(4)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    r = p.add_run()
    r.font.size = Pt(3)


def fixed_table(container, widths, *, borders: bool = False):
    """A table of fixed column ``widths`` (Mm), borderless unless ``borders``."""
    table = container.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tpr.append(layout)
    if borders:
        table.style = "Table Grid"
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (("left", 1.2), ("right", 1.2), ("top", 0.5), ("bottom", 0.5)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Mm(mm if borders else 0).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tpr.append(margins)
    for cell, w in zip(table.rows[0].cells, widths):
        cell.width = w
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(w.twips)))
    return table


def cell(table, row: int, col: int):
    """The cell, its first (empty) paragraph removed so ``para`` appends cleanly."""
    c = table.rows[row].cells[col]
    if len(c.paragraphs) == 1 and not c.paragraphs[0].text and not c.paragraphs[0].runs:
        c._tc.remove(c.paragraphs[0]._p)
    return c


def header(doc, *, left_top: str = "{{ co_quan_chu_quan }}", number: bool = True, size: float = 12) -> None:
    """The two-column header: cơ quan chủ quản, cơ quan (bold) and its line | quốc hiệu, tiêu ngữ and its
    line; then "Số: …" | địa danh, ngày (italic) on the second row."""
    table = fixed_table(doc, (LEFT_COL, RIGHT_COL))
    left, right = cell(table, 0, 0), cell(table, 0, 1)
    para(left, left_top, align=CENTER, size=size)
    para(left, "{{ co_quan }}", align=CENTER, bold=True, size=size)
    rule(left, 22, 79)
    para(right, "{{ quoc_hieu }}", align=CENTER, bold=True, size=size)
    para(right, "{{ tieu_ngu }}", align=CENTER, bold=True, size=14)
    rule(right, 62, 89)
    row = table.add_row()
    for c, w in zip(row.cells, (LEFT_COL, RIGHT_COL)):
        c.width = w
    left, right = cell(table, 1, 0), cell(table, 1, 1)
    para(left, "{{ so_ky_hieu }}" if number else "", align=CENTER, size=13)
    para(right, "{{ dia_danh_ngay }}", align=CENTER, italic=True, size=14)


def title(doc, name: str, *, trich_yeu: str = "{{ trich_yeu }}", line: bool = True) -> None:
    """The kind's name (bold 14, capitals) and the trích yếu under it, with a short line."""
    para(doc, name, align=CENTER, bold=True, size=14, before=18)
    if trich_yeu:
        para(doc, trich_yeu, align=CENTER, bold=True, size=14)
    if line:
        rule(doc, 40, 165)
    else:
        para(doc, "", after=6)


def body(doc, text: str, **kw):
    """A justified body paragraph, first line indented, 6 pt after, line spacing 1.1."""
    kw.setdefault("indent", True)
    kw.setdefault("after", 6)
    kw.setdefault("line", 1.1)
    return para(doc, text, **kw)


def loop(doc, head: str, line: str, tail: str = "{%p endfor %}", **kw) -> None:
    """Paragraph loop: ``{%p for … %}`` / the line / ``{%p endfor %}``."""
    para(doc, head)
    body(doc, line, **kw)
    para(doc, tail)


def numbered(doc, label: str, text: str) -> None:
    """"Điều 1. …": the label bold, the text after it."""
    p = body(doc, "")
    run(p, label, bold=True)
    run(p, " " + text)


def signature(doc, *, noi_nhan: bool = True, title: str = "{{ ky_chuc_danh }}", name: str = "{{ ky_ho_ten }}",
              left_title: str = "", left_name: str = "") -> None:
    """Nơi nhận (bottom left, 12/11 pt) beside the signer's block (title in capitals, room, name) — or a second
    signer on the left (``left_title``/``left_name``: biên bản)."""
    table = fixed_table(doc, (Mm(80), Mm(85)))
    left, right = cell(table, 0, 0), cell(table, 0, 1)
    if noi_nhan:
        para(left, "Nơi nhận:", align=LEFT, bold=True, italic=True, size=12, before=6)
        para(left, "{%p for n in noi_nhan %}", align=LEFT, size=11)
        para(left, "- {{ n }}", align=LEFT, size=11)
        para(left, "{%p endfor %}", align=LEFT, size=11)
    elif left_title:
        para(left, left_title, align=CENTER, bold=True, size=14, before=6)
        for _ in range(4):
            para(left, "", size=14)
        para(left, left_name, align=CENTER, bold=True, size=14)
    else:
        para(left, "")
    para(right, title, align=CENTER, bold=True, size=14, before=6)
    for _ in range(4):
        para(right, "", size=14)
    para(right, name, align=CENTER, bold=True, size=14)


def grid(doc, heads: list[tuple[str, float]], cells: list[str], *, loop_var: str, size: float = 12,
         total: list[str] | None = None, centred: tuple[int, ...] = (0,), right: tuple[int, ...] = (),
         var: str = "r"):
    """A bordered table: a header row, one row repeated by ``{%tr for … %}``, and an optional total row."""
    widths = [Mm(w) for _, w in heads]
    table = fixed_table(doc, widths, borders=True)
    for i, (head, _) in enumerate(heads):
        para(cell(table, 0, i), head, align=CENTER, bold=True, size=size)
    _repeat_header(table.rows[0])

    def add(texts, *, bold=False, aligns=None):
        row = table.add_row()
        for i, text in enumerate(texts):
            c = row.cells[i]
            c.width = widths[i]
            c.paragraphs[0].alignment = (aligns or [LEFT] * len(texts))[i]
            if text:
                run(c.paragraphs[0], text, bold=bold, size=size)
        return row

    add([f"{{%tr for {var} in {loop_var} %}}"] + [""] * (len(heads) - 1))
    add(cells, aligns=[CENTER if i in centred else RIGHT if i in right else LEFT for i in range(len(cells))])
    add(["{%tr endfor %}"] + [""] * (len(heads) - 1))
    if total:
        add(total, bold=True, aligns=[CENTER if i in centred or i < len(total) - 1 else RIGHT
                                      for i in range(len(total))])
    return table


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
