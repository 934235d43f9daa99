"""The annex of a decision as PDF: "Danh sách … kèm theo Quyết định số …".

:func:`export_decision_annex` lays out the same list as the workbook of
:func:`.decision_service.export_decision_list` as an annex of Nghị định
30/2020: the administrative header (agency left; quốc hiệu, tiêu ngữ right),
"DANH SÁCH", the title and year, "(Kèm theo Quyết định số … ngày … của …)",
then the table — STT, name, birth year, position and unit, achievement,
award-book number, reward — on A4 landscape (seven columns do not fit a
portrait page without wrapping every unit name), its header row repeated on
every page, page numbers from page 2. Cancelled awardees stay in the list,
marked "(đã hủy)", their reward struck through and left out of the total.
The machinery is :mod:`.document_pdf`, shared with the council's documents.
"""
from __future__ import annotations

import sqlite_utils
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ...domain.dates import ngay_thang_nam
from ...domain.models import OrgSettings
from ...domain.positions import position_with_unit
from ...domain.votes import format_money
from ...domain.vntext import strip_accents
from ...store import decisions as store
from ...store import records
from ...store.rules import ruleset_for_year
from ..decisions.service import born_text, issuer_title, reward_note
from .pdf import WIDTH_LANDSCAPE, PathLike, admin_header, build, esc, grid, head_row, para

__all__ = ["export_decision_annex"]

#: column widths (mm) on the 252 mm of a landscape page
_WIDTHS = (11, 48, 24, 62, 62, 18, 27)
#: words that name the kind of body, capitalised with the next word: "Ban Dân tộc", "Sở Nội vụ"
_KIND_WORDS = {"ban", "sở", "cục", "vụ", "phòng", "viện", "chi cục", "tổng cục"}


def _agency_case(name: str) -> str:
    """An agency typed in capitals ("BAN DÂN TỘC", as the settings form
    suggests) written for a sentence: "Ban Dân tộc". Text that already has
    lower-case letters is the user's spelling and is kept; abbreviations
    (no vowel: "THPT") stay in capitals."""
    name = (name or "").strip()
    if not name or any(ch.islower() for ch in name):
        return name
    words = name.lower().split()
    capitals = 2 if words[0] in _KIND_WORDS and len(words) > 1 else 1
    out = []
    for i, word in enumerate(words):
        if not any(v in strip_accents(word) for v in "aeiouy"):
            word = word.upper()
        elif i < capitals:
            word = word[0].upper() + word[1:]
        out.append(word)
    return " ".join(out)


def issuer_name(settings: OrgSettings) -> str:
    """"Trưởng Ban Dân tộc tỉnh Khánh Hòa": the words of
    :func:`.decision_service.issuer_title` in the case the settings spell them."""
    cased: dict[str, str] = {}  # a word shared by title and agency is the agency's: "Trưởng Phòng Nội vụ"
    for text in (settings.chuc_danh_thu_truong, _agency_case(settings.co_quan), "tỉnh", settings.dia_danh):
        cased.update((word.upper(), word) for word in (text or "").split())
    return " ".join(cased.get(word, word) for word in issuer_title(settings).split())


def _who(people: int, units: int) -> str:
    """"63 cá nhân", "2 tập thể", "3 cá nhân và 1 tập thể"."""
    parts = [f"{people} cá nhân"] * bool(people) + [f"{units} tập thể"] * bool(units)
    return " và ".join(parts) or "0 cá nhân"


def _name_header(rows) -> str:
    people = any(r["staff_id"] is not None for r in rows)
    units = any(r["staff_id"] is None for r in rows)
    return "Họ và tên / Tên tập thể" if people == units else ("Họ và tên" if people else "Tên tập thể")


def _table(rows) -> tuple[Flowable, int, int, int]:
    """The grid, and the total reward, people and units of the rows not cancelled."""
    lines = [head_row("STT", _name_header(rows), "Năm sinh", "Chức vụ, đơn vị", "Thành tích", "Số sổ vàng",
                      "Tiền thưởng (đồng)")]
    total = people = units = 0
    for i, r in enumerate(rows, start=1):
        cancelled = bool(r["huy"])
        reward = "" if r["tien_thuong"] is None else format_money(r["tien_thuong"])
        if cancelled:
            reward = f"<strike>{reward}</strike>" if reward else ""
        else:
            total += r["tien_thuong"] or 0
            people += r["staff_id"] is not None
            units += r["staff_id"] is None
        post = position_with_unit(r["chuc_vu"], r["don_vi"])
        lines.append([para(str(i), "cell_c"), para(esc(r["ten"]) + (" <i>(đã hủy)</i>" if cancelled else ""), "cell"),
                      para(esc(born_text(r)), "cell_c"), para(esc(post), "cell"), para(esc(r["thanh_tich"]), "cell"),
                      para(esc(r["so_so_vang"] if r["so_so_vang"] is not None else ""), "cell_c"),
                      para(reward, "cell_r")])
    lines.append([para(f"<b>Tổng cộng: {_who(people, units)}</b>", "cell_c"), "", "", "", "", "",
                  para(f"<b>{format_money(total)}</b>", "cell_r")])
    last = len(lines) - 1
    table = grid(lines, _WIDTHS, width=WIDTH_LANDSCAPE, row_pad=2, extra=[("SPAN", (0, last), (5, last))])
    return table, total, people, units


def export_decision_annex(db: sqlite_utils.Database, decision_id: int, path: PathLike) -> int:
    """Write the annex of decision ``decision_id`` to the PDF ``path``; returns the number of awardees."""
    d = store.get_decision(db, decision_id)
    rows = store.awardee_rows(db, decision_id)
    title = ruleset_for_year(db, d.nam).title_name(d.ma)
    settings = records.document_settings(db)
    issuer = issuer_name(settings)
    table, total, people, units = _table(rows)
    cancelled = sum(1 for r in rows if r["huy"])
    note = f" (không kể {cancelled} trường hợp đã hủy)" if cancelled else ""
    story: list[Flowable] = [
        *admin_header(settings.co_quan_chu_quan, settings.co_quan, width=WIDTH_LANDSCAPE, left_width=100 * mm),
        para("DANH SÁCH", "title"),
        para(f"{esc(title)} năm {d.nam}", "subtitle"),
        para(f"(Kèm theo Quyết định số {esc(d.so)} {ngay_thang_nam(d.ngay)}{' của ' + esc(issuer) if issuer else ''})",
             "caption"),
        table,
        Spacer(1, 6),
        para(f"Danh sách có {_who(people, units)}{note}; tổng số tiền thưởng: {format_money(total)} đồng./.", "italic"),
    ]
    if rule := reward_note(db, d, rows):
        story.append(para(esc(rule), "italic"))
    build(path, story, title=f"Danh sách {title} năm {d.nam} kèm theo Quyết định số {d.so}",
          author=settings.co_quan or "", subject=d.trich_yeu, landscape=True)
    return len(rows)
