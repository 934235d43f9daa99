"""The parts of Nghị định 30/2020 every Word document has, as template fields.

:func:`nd30_parts` turns the agency's settings and a document's number, date,
trích yếu, signer and recipients into the fields the bundled templates name:

========================  ==================================================
``co_quan_chu_quan``      cơ quan chủ quản, in capitals ("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA")
``co_quan``               cơ quan ban hành, in capitals (the line under it is in the template)
``quoc_hieu``             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
``tieu_ngu``              Độc lập - Tự do - Hạnh phúc
``so_ky_hieu``            "Số: 12/QĐ-BDT", or "Số:      /QĐ-BDT" left for the văn thư
``so``                    the number alone ("12/QĐ-BDT"), for "kèm theo Quyết định số …"
``ngay_chu``              "ngày 05 tháng 02 năm 2026" (dots when the number is left blank)
``dia_danh_ngay``         "Khánh Hòa, ngày 05 tháng 02 năm 2026" (italic in the template)
``trich_yeu``             "Về việc …"
``ky_chuc_danh``          the signer's title, one line or two ("KT. TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN")
``ky_ho_ten``             the signer's name (dots when unknown, for a hand to write)
``noi_nhan``              the recipients, each one line, the last "Lưu: VT, …."
========================  ==================================================

A document issued by the council (``issuer="council"``) has the agency as
its cơ quan chủ quản and "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" as its issuer, and
the ký hiệu "HĐTĐKT" after the dash. The settings are checked first
(:func:`~thidua_desktop.store.records.check_document_settings`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ....domain.dates import ngay_thang_nam, place_date
from ....domain.models import QUOC_HIEU, TIEU_NGU, OrgSettings
from ....store.records import check_document_settings

__all__ = ["BLANK_NAME", "COUNCIL", "COUNCIL_KY_HIEU", "blank_number", "nd30_parts", "signer_lines"]

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
COUNCIL_KY_HIEU = "HĐTĐKT"
#: where a number is left for the văn thư: "Số:      /QĐ-BDT"
NUMBER_GAP = "\u00a0" * 6
#: a name left for a hand to write
BLANK_NAME = "……………………"


def issuer_code(settings: OrgSettings, issuer: str = "agency") -> str:
    return COUNCIL_KY_HIEU if issuer == "council" else (settings.ky_hieu or "").strip()


def blank_number(ky_hieu: str, settings: OrgSettings, issuer: str = "agency") -> str:
    """"Số:      /QĐ-BDT"."""
    code = issuer_code(settings, issuer)
    return f"Số:{NUMBER_GAP}/{ky_hieu}{'-' + code if code else ''}"


def _number(so: str | None, ky_hieu: str, settings: OrgSettings, issuer: str, blank: bool) -> str:
    """"12/QĐ-BDT", or "      /QĐ-BDT" left for the văn thư."""
    if so and not blank:
        return so.strip()
    return blank_number(ky_hieu, settings, issuer)[len("Số:"):]


def _date_line(settings: OrgSettings, date: dt.date | None, blank: bool) -> str:
    if date is None or blank:
        # the day left for the văn thư, the month and year kept as offices write them
        when = date or dt.date.today()
        month = f"{when.month:02d}" if when.month <= 2 else str(when.month)
        return f"{settings.dia_danh.strip()}, ngày{NUMBER_GAP}tháng {month} năm {when.year}"
    return place_date(settings.dia_danh, date)


def signer_lines(title: str, *, authority: str = "") -> str:
    """The signer's title in capitals, each line of the settings kept ("KT. TRƯỞNG BAN\\nPHÓ TRƯỞNG BAN");
    ``authority`` ("KT. CHỦ TỊCH", "TM. HỘI ĐỒNG") goes on the line above."""
    lines = [line.strip().upper() for line in (title or "").splitlines() if line.strip()]
    if authority:
        lines.insert(0, authority.strip().upper())
    return "\n".join(lines)


def _upper_lines(text: str) -> str:
    return "\n".join(line.strip().upper() for line in (text or "").splitlines() if line.strip())


def nd30_parts(settings: OrgSettings, *, ky_hieu: str, trich_yeu: str, date: dt.date | None,
               so: str | None = None, blank: bool = False, issuer: str = "agency",
               signer_title: str | None = None, signer_name: str | None = None,
               recipients: Sequence[str] = (), archive: str = "VT", blank_date: bool | None = None
               ) -> dict[str, object]:
    """The NĐ 30 fields of a document (see the module's table). ``blank``
    leaves the number (and the day) for the văn thư; ``signer_title`` defaults
    to the head's title of the settings, ``signer_name`` to the head's name; ``blank_date`` (default: as
    ``blank``) leaves the day of the date line blank in ``date``'s month."""
    settings = check_document_settings(settings)
    if issuer == "council":
        chu_quan, co_quan = _upper_lines(settings.co_quan), COUNCIL.upper()
    else:
        chu_quan, co_quan = _upper_lines(settings.co_quan_chu_quan), _upper_lines(settings.co_quan)
    title = signer_lines(settings.chuc_danh_thu_truong if signer_title is None else signer_title)
    name = (settings.ten_thu_truong if signer_name is None else signer_name) or ""
    nhan = [r.strip() for r in recipients if r and r.strip()]
    number = _number(so, ky_hieu, settings, issuer, blank) if ky_hieu else ""  # a form has no number
    return {
        "co_quan_chu_quan": chu_quan,
        "co_quan": co_quan,
        "quoc_hieu": QUOC_HIEU,
        "tieu_ngu": TIEU_NGU,
        "so": number,
        "so_ky_hieu": "" if not ky_hieu else f"Số:{number}" if number.startswith(NUMBER_GAP) else f"Số: {number}",
        "dia_danh_ngay": _date_line(settings, date, blank if blank_date is None else blank_date),
        "trich_yeu": trich_yeu.strip(),
        "ky_chuc_danh": title or BLANK_NAME,
        "ky_ho_ten": name.strip() or BLANK_NAME,
        "noi_nhan": [f"{r};" for r in nhan] + [f"Lưu: {archive}."],
        "ngay_chu": ngay_thang_nam(None if (blank if blank_date is None else blank_date) else date),
    }


def agency_name(settings: OrgSettings) -> str:
    """"Ban Dân tộc tỉnh Khánh Hòa": the agency as a sentence names it."""
    from ....domain.vntext import unit_name_case

    name = unit_name_case(" ".join((settings.co_quan or "").split()))
    place = (settings.dia_danh or "").strip()
    if place and place.casefold() not in name.casefold():
        name = f"{name} tỉnh {place}"
    return name


def legal_grounds(legal_basis: Sequence[str]) -> list[str]:
    """"Căn cứ Luật …;" lines from a rule set's legal basis: the Luật and the Nghị định that details it
    (not the lương cơ sở tables), their notes in brackets left out."""
    import re

    out = []
    for text in legal_basis:
        text = re.sub(r"\s*\([^)]*\)", "", text).strip()
        if text.startswith(("Luật", "Nghị định")) and "lương cơ sở" not in text:
            out.append(f"Căn cứ {text};")
    return out


def who_count(people: int, units: int) -> str:
    """"63 cá nhân", "2 tập thể", "3 cá nhân và 1 tập thể"."""
    parts = [f"{people} cá nhân"] * bool(people) + [f"{units} tập thể"] * bool(units)
    return " và ".join(parts) or "0 cá nhân"
