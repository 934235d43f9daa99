"""Property-based tests (hypothesis) of the importers and exporters.

1. Staff round trip: people the store accepts (Vietnamese in NFC and NFD,
   loose combining marks, emoji, RTL text, control characters, long notes,
   formula-like text, partial birth dates, units, contracts, leaving dates)
   come back from ``export_staff`` → roster import into a fresh data file
   exactly as the app normalises them (``vntext.clean``); the exported
   workbook holds no formula; importing it again changes nothing.
2. Exporters (registration summary, proposals, audit log, unit templates)
   never crash on arbitrary user text, never write a formula, and write the
   stored text verbatim (``xlsx.safe_text``: cut to 32,767 characters, the
   characters XML forbids removed).
3. Unit templates: export, tick random cells, import → exactly the ticks are
   registered (with the row's note); a write failing half-way leaves no
   trace; importing the same files again changes nothing; one bad cell
   refuses its whole file.
4. Importers never half-write: a sheet with an invalid row (and arbitrary
   other rows) leaves the data file unchanged (the whole SQL dump) and the
   errors name Excel rows; a valid sheet whose writing fails half-way leaves
   no trace, and applied twice changes nothing the second time.
5. Bad files (text, PNG, empty, zip, random bytes, damaged xlsx, 0 rows,
   5,000 rows): every importer raises the app's own Vietnamese error (a
   ``StoreError``) or returns a plan; nothing is written.

At the end, regression tests for the product bugs these properties found.

Examples are few by default (the file takes about 20 s, a quarter of it the
5,000-row workbook); set ``THIDUA_LONG=1`` for ten times more. Every example
works in its own data file (a copy of a freshly created, migrated one).
"""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import io
import os
import re
import shutil
import sqlite3
import unicodedata
import zipfile
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests import roster_factory as rf
from tests.merit_factory import seed_agency
from thidua_desktop.domain import vntext
from thidua_desktop.domain.dates import PartialDate
from thidua_desktop.domain.limits import TEXT_LIMITS
from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.domain.titles import CA_NHAN, TAP_THE, XEP_LOAI
from thidua_desktop.services.imports import xep_loai as ei
from thidua_desktop.services.imports import history as hi
from thidua_desktop.services.imports import roster as ri
from thidua_desktop.services.imports import unit_workbooks as ut
from thidua_desktop.services.documents.audit_xlsx import export_audit
from thidua_desktop.domain.positions import position_with_unit
from thidua_desktop.services.documents.council_xlsx import export_proposals
from thidua_desktop.services.documents.registration_xlsx import export_registration_summary
from thidua_desktop.services.imports.sheet import ImportFileError, RowStatus, name_key
from thidua_desktop.services.documents.staff_xlsx import export_staff
from thidua_desktop.services.documents.xlsx import MAX_CELL_CHARS, safe_text
from thidua_desktop.store import audit, records, registrations
from thidua_desktop.store.audit_labels import AuditLabels
from thidua_desktop.store.council import set_registration_results
from thidua_desktop.store.db import StoreError, open_database
from thidua_desktop.store.rules import ruleset_for_year

# --- settings -------------------------------------------------------------------------


def _examples(n: int) -> int:
    """``n`` examples, ten times more with ``THIDUA_LONG=1``."""
    return n * 10 if os.environ.get("THIDUA_LONG") == "1" else n


def _settings(n: int):
    """The normal suite draws the same examples on every run (CI never flakes on
    a rare draw); ``THIDUA_LONG=1`` explores ten times as many, at random."""
    return settings(
        max_examples=_examples(n), deadline=None, derandomize=os.environ.get("THIDUA_LONG") != "1",
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large],
    )


# --- data files ---------------------------------------------------------------------------

_PRISTINE: dict[str, Path] = {}
#: id of the campaign "Thi đua năm 2026" of the seeded data file
SEEDED_CAMPAIGN = 1


def _pristine(factory, seeded: bool) -> Path:
    key = "seeded" if seeded else "empty"
    if key not in _PRISTINE:
        path = factory.mktemp("pristine") / f"{key}.sqlite"
        db = open_database(path)
        # every document needs the agency's name and place (records.document_settings)
        records.save_settings(db, OrgSettings(co_quan="Ban Dân tộc", dia_danh="Khánh Hòa"))
        if seeded:
            with db.atomic():
                seed_agency(db)  # three units, eight people (namesakes, a year-only birth date)
                assert records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026)) == SEEDED_CAMPAIGN
        db.close()
        _PRISTINE[key] = path
    return _PRISTINE[key]


@contextmanager
def fresh_db(factory, name: str = "p", *, seeded: bool = False):
    """A new data file for one example: a copy of a freshly created (migrated,
    optionally seeded) one, which saves running the migrations every time.
    Closed at the end."""
    folder = factory.mktemp(name)
    path = folder / "x.sqlite"
    shutil.copyfile(_pristine(factory, seeded), path)
    db = open_database(path)
    try:
        yield db, folder
    finally:
        db.close()


def dump(db) -> str:
    return "\n".join(db.conn.iterdump())


# --- workbooks ---------------------------------------------------------------------------


_FORMULA_XML = re.compile(rb"<(?:\w+:)?f[\s>/]")


def read_checked(path: Path) -> dict[str, list[tuple]]:
    """The cell values of every sheet, after checking that no sheet holds a
    formula (no ``<f>`` element, no cell of type ``f``) and that every text
    cell is a plain string (type ``s``: not a formula, not an error value)."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not _FORMULA_XML.search(z.read(name)), f"{path.name}: formula in {name}"
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                assert c.data_type != "f", (path.name, ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert c.data_type == "s", (path.name, ws.title, c.coordinate, c.data_type, c.value[:80])
            rows.append(tuple(c.value for c in row))
        out[ws.title] = rows
    wb.close()
    return out


def string_cells(sheets: dict[str, list[tuple]]) -> set[str]:
    return {v for rows in sheets.values() for row in rows for v in row if isinstance(v, str)}


def _norm(v):
    return None if v == "" else v


# --- text strategies -----------------------------------------------------------------------

_VIET_LOWER = ("aăâbcdđeêghiklmnoôơpqrstuưvxy"
               "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_VIET = _VIET_LOWER + _VIET_LOWER.upper()
_COMBINING = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
#: U+FFFE / U+FFFF: XML forbids them; the exporters remove them (a bug these
#: properties found, see test_xml_forbidden_noncharacters_make_a_corrupt_workbook);
#: kept out of the general strategies, which compare text exactly.
_XML_FORBIDDEN = "\ufffe\uffff"
_ODD = [
    # emoji, flags, ZWJ sequences, skin tones
    "😀", "👍🏽", "👨\u200d👩\u200d👧", "🇻🇳",
    # right-to-left text and direction marks
    "مرحبا", "שלום", "\u200f", "\u200e", "\u202e", "\u2067",
    # control characters (C0, DEL, C1), tab, line breaks
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c",
    # formula-like text and error literals
    "=1+1", "+84 912 345 678", "-x", "@a", "\t=cmd", "=HYPERLINK(\"http://x\",\"y\")", "#N/A", "#REF!",
    "=SUM(A1:A9)", "'", "’", "\"", "<b>&amp;</b>", "]]>",
    # spaces and invisible characters
    " ", "  ", "\u00a0", "\u3000", "\u2003", "\u200b", "\ufeff", "\u00ad", "\u2028",
    # names from the minorities, apostrophes
    "H’Hen", "Niê", "Y Ngọc", "Ksor", "Bh'riu", "Ê Đê",
    # other scripts and Latin-1-only letters (not legacy text)
    "Müller", "Ðức", "ß", "José", "中文", "한국어", "Ωμέγα", "Жанна", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]

viet_word = st.text(st.sampled_from(_VIET), min_size=1, max_size=7)
nfd_word = viet_word.map(lambda w: unicodedata.normalize("NFD", w))
any_chars = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_XML_FORBIDDEN), max_size=12)
#: Latin-1 symbols and letters (U+0080–U+00FF) are what TCVN3 / VNI text
#: read as Latin-1 is made of; a roster cell made only of them may be decoded
#: as legacy text on import, by design (tests/test_roster_import.py). Text
#: that must come back unchanged from a roster import draws its random
#: characters outside that block (the odd pieces above still include
#: "Müller", "José", NBSP, C1 controls …).
_LATIN1_BLOCK = dict.fromkeys(range(0x80, 0x100))
any_chars_not_latin1 = any_chars.map(lambda s: s.translate(_LATIN1_BLOCK))


def _user_text(random_chars):
    piece = st.one_of(
        viet_word, nfd_word, st.sampled_from(_ODD), random_chars,
        st.text(st.sampled_from(_COMBINING), min_size=1, max_size=3),
    )
    return st.lists(
        st.tuples(piece, st.sampled_from(["", " ", "  ", "\t", "\n", "\r\n", ", "])), max_size=5
    ).map(lambda parts: "".join(p + s for p, s in parts))


#: arbitrary user text: words, odd pieces and separators
user_text = _user_text(any_chars)
#: the same, for text that goes through a roster import
roster_text = _user_text(any_chars_not_latin1)
#: text with something visible in it
visible_text = st.builds(
    lambda a, w, b: f"{a}{w}{b}", user_text, st.one_of(viet_word, nfd_word, st.sampled_from(_ODD[:6])), user_text,
)
#: a few thousand characters
long_text = st.builds(lambda t, n: (t + " ") * n, visible_text, st.integers(20, 100))
roster_long_text = st.builds(lambda t, n: (t + " ") * n, st.builds(lambda a, w: a + w, roster_text, viet_word),
                             st.integers(20, 100))
#: beyond Excel's 32,767 characters per cell
huge_text = st.builds(lambda t, extra: (t * (MAX_CELL_CHARS // len(t) + 1))[:MAX_CELL_CHARS + extra],
                      st.sampled_from(["Nguyễn Văn An ", "=1+1;", "😀", "Ư\u0301", "a\x01"]), st.integers(-3, 40))
note_text = st.one_of(user_text, user_text, long_text, huge_text)

def _name(before: str, word: str, after: str) -> str:
    """A name the roster import can read back: a Vietnamese word among
    arbitrary text, at most 100 characters."""
    name = f"{before[:40]} {word} {after[:40]}"
    return name if len(vntext.clean(name)) <= 100 else word  # NFC may lengthen a few scripts


#: real syllables written with Latin-1 letters only ("Lê Bá Tú"): they must not be taken for TCVN3 / VNI
_LATIN1_SYLLABLES = ["Lê", "Bá", "Tú", "Hà", "Tô", "Mã", "Võ", "Lý", "Ký", "Thái", "Tài", "Hào", "Toàn", "Xuân",
                     "Quý", "Chí", "Trí", "Huê", "Nhã", "Tín", "Thúy", "Thùy", "Vân", "Hòa", "Thành", "Nguyên",
                     "Khánh", "Tâm", "Sáu", "Bé", "Tí", "Cò", "Ngô", "Châu", "Hân", "Ý", "Ánh", "Ân"]
latin1_name = st.lists(st.sampled_from(_LATIN1_SYLLABLES), min_size=1, max_size=4).map(" ".join)
person_name = st.one_of(
    st.builds(_name, roster_text, st.one_of(viet_word, nfd_word), roster_text),
    latin1_name,
)
#: any name the store accepts (a letter somewhere, at most 100 characters once cleaned)
free_name = st.one_of(person_name, visible_text, long_text.map(lambda t: t[:90])).filter(
    lambda n: not Staff(n).errors())
unit_name = st.one_of(person_name, visible_text)

birth_date = st.one_of(
    st.none(),
    st.integers(1900, 2010).map(PartialDate),
    st.dates(dt.date(1900, 1, 1), dt.date(2010, 12, 31)).map(lambda d: PartialDate(d.year, d.month, d.day)),
)


# --- 1. staff: export → roster import round trip ---------------------------------------------------


@st.composite
def people_and_units(draw):
    units = draw(st.lists(person_name, max_size=3, unique_by=lambda u: vntext.search_key(u)))
    person = st.fixed_dictionaries({
        "ho_ten": person_name,
        "gioi_tinh": st.sampled_from([None, "nam", "nu"]),
        "ngay_sinh": birth_date,
        "unit": st.one_of(st.none(), st.integers(0, len(units) - 1)) if units else st.none(),
        "chuc_vu": st.one_of(roster_text, st.sampled_from(["Trưởng phòng", "Chuyên viên", "Kế toán"])),
        "ngach": roster_text,
        "trinh_do": roster_text,
        "loai_hop_dong": st.sampled_from([None, "bien_che", "hop_dong"]),
        "left": st.one_of(st.none(), st.just("no date"), st.dates(dt.date(2011, 1, 1), dt.date(2030, 12, 31))),
        "ghi_chu": st.one_of(roster_text, roster_long_text),
    })
    people = draw(st.lists(
        person, min_size=1, max_size=8,
        unique_by=lambda p: (name_key(vntext.clean(p["ho_ten"])), p["ngay_sinh"].iso() if p["ngay_sinh"] else None),
    ))
    return units, people


def _expected_people(units, people) -> collections.Counter:
    out = collections.Counter()
    for p in people:
        left = p["left"]
        out[(
            vntext.clean(p["ho_ten"]), p["ngay_sinh"].iso() if p["ngay_sinh"] else None, p["gioi_tinh"],
            vntext.clean(units[p["unit"]]) if p["unit"] is not None else "", vntext.clean(p["chuc_vu"]),
            vntext.clean(p["ngach"]), vntext.clean(p["trinh_do"]), p["loai_hop_dong"], int(left is None),
            left.isoformat() if isinstance(left, dt.date) else None, vntext.clean(p["ghi_chu"]),
        )] += 1
    return out


def _stored_people(db) -> collections.Counter:
    return collections.Counter(
        (r["ho_ten"], r["ngay_sinh"], r["gioi_tinh"], r["unit_ten"], r["chuc_vu"], r["ngach"], r["trinh_do"],
         r["loai_hop_dong"], r["dang_cong_tac"], r["ngay_nghi"], r["ghi_chu"])
        for r in records.list_staff_rows(db)
    )


def _save_people(db, units, people) -> None:
    unit_ids = [records.save_unit(db, Unit(u)) for u in units]
    for p in people:
        left = p["left"]
        records.save_staff(db, Staff(
            ho_ten=p["ho_ten"], gioi_tinh=p["gioi_tinh"], ngay_sinh=p["ngay_sinh"],
            unit_id=unit_ids[p["unit"]] if p["unit"] is not None else None, chuc_vu=p["chuc_vu"],
            ngach=p["ngach"], trinh_do=p["trinh_do"], loai_hop_dong=p["loai_hop_dong"],
            dang_cong_tac=left is None, ngay_nghi=left if isinstance(left, dt.date) else None,
            ghi_chu=p["ghi_chu"],
        ))


@_settings(15)
@given(data=people_and_units())
def test_staff_export_then_roster_import_gives_back_the_same_people(tmp_path_factory, data):
    units, people = data
    expected = _expected_people(units, people)
    with fresh_db(tmp_path_factory, "src") as (src, folder):
        with src.atomic():
            _save_people(src, units, people)
        assert _stored_people(src) == expected  # the store normalises with vntext.clean
        path = folder / "danh-sach.xlsx"
        assert export_staff(src, path) == len(people)
    read_checked(path)
    with fresh_db(tmp_path_factory, "dst") as (dst, _):
        plan = ri.plan_import(dst, path, rename_units=False)  # unit names back as written, capitals or not
        assert plan.ok, [(r.excel_row, r.reason) for r in plan.errors]
        assert plan.legacy_cells == []  # Unicode written by the app never looks like TCVN3/VNI
        result = ri.apply_import(dst, plan)
        assert result.created == len(people) and result.updated == 0
        assert result.units_created == len({p["unit"] for p in people if p["unit"] is not None})
        assert _stored_people(dst) == expected
        for row in dst.query("SELECT ho_ten FROM staff"):
            assert unicodedata.is_normalized("NFC", row["ho_ten"]) and row["ho_ten"] == vntext.clean(row["ho_ten"])
        # and importing the same file again changes nothing
        before = dump(dst)
        again = ri.plan_import(dst, path)
        assert again.counts()[RowStatus.UNCHANGED] == len(people), [(r.excel_row, r.status, r.reason, r.changes)
                                                                     for r in again.rows]
        ri.apply_import(dst, again)
        assert dump(dst) == before


# --- 2. exporters never write formulas and keep the text ---------------------------------------------


@st.composite
def agency_texts(draw):
    return {
        "settings": OrgSettings(
            co_quan_chu_quan=draw(user_text), co_quan=draw(user_text.filter(vntext.clean)),
            dia_danh=draw(user_text.filter(vntext.clean)),
            chuc_danh_thu_truong=draw(user_text), ten_thu_truong=draw(free_name),
        ),
        "units": draw(st.lists(unit_name, min_size=1, max_size=3, unique_by=lambda u: vntext.search_key(u))),
        "people": draw(st.lists(
            st.tuples(free_name, st.one_of(user_text, long_text), st.integers(0, 2), note_text, st.booleans()),
            min_size=1, max_size=5)),
        "unit_notes": draw(st.lists(note_text, min_size=3, max_size=3)),
        "campaign": (draw(free_name), draw(user_text)),
        "results": draw(st.lists(user_text.map(lambda t: t.replace("\r", "")), min_size=8, max_size=8)),
    }


def _fit(text: str, field: str) -> str:
    """``text`` cut to what a record accepts today (domain.limits)."""
    return text[: TEXT_LIMITS[field][1]]


def _build_agency(db, data):
    """The agency through the records (text cut to today's limits), then the
    drawn text written over it as a file of an older version, or another
    program, may hold it: the exporters must cope with any stored text."""
    settings = data["settings"]
    records.save_settings(db, dataclasses.replace(settings, **{
        f: _fit(getattr(settings, f), f) for f in ("co_quan_chu_quan", "co_quan", "dia_danh",
                                                  "chuc_danh_thu_truong", "ten_thu_truong")}))
    db.execute("UPDATE org_settings SET co_quan_chu_quan = ?, co_quan = ?, dia_danh = ?, chuc_danh_thu_truong = ?",
               [vntext.clean(settings.co_quan_chu_quan), vntext.clean(settings.co_quan),
                vntext.clean(settings.dia_danh), vntext.clean(settings.chuc_danh_thu_truong)])
    unit_ids = [records.save_unit(db, Unit(u)) for u in data["units"]]
    staff = []
    for name, chuc_vu, unit, note, working in data["people"]:
        uid = unit_ids[unit % len(unit_ids)]
        sid = records.save_staff(db, Staff(name, chuc_vu=_fit(chuc_vu, "chuc_vu"), unit_id=uid,
                                           dang_cong_tac=working))
        db.execute("UPDATE staff SET chuc_vu = ? WHERE id = ?", [vntext.clean(chuc_vu), sid])
        staff.append((sid, uid, note))
    ten, so_ke_hoach = data["campaign"]
    campaign = records.save_campaign(db, Campaign(ten, nam_bat_dau=2026, so_ke_hoach=_fit(so_ke_hoach, "so_ke_hoach")))
    db.execute("UPDATE campaigns SET so_ke_hoach = ? WHERE id = ?", [vntext.clean(so_ke_hoach), campaign])
    notes = [(note, "staff_id", sid) for sid, _uid, note in staff]
    for sid, _uid, note in staff:
        registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[sid], ghi_chu=_fit(note, "ghi_chu"))
    for uid, note in zip(unit_ids, data["unit_notes"], strict=False):
        registrations.register_many(db, campaign, 2026, "TTLDTT", unit_ids=[uid], ghi_chu=_fit(note, "ghi_chu"))
        notes.append((note, "unit_id", uid))
    for note, column, subject in notes:
        db.execute(f"UPDATE registrations SET ghi_chu = ? WHERE campaign_id = ? AND {column} = ?",
                   [vntext.clean(note), campaign, subject])
    return campaign


def _check_registration_summary(db, campaign, folder) -> None:
    path = folder / "tong-hop.xlsx"
    export_registration_summary(db, campaign, path)
    cells = string_cells(read_checked(path))
    want = {safe_text(r["ten"]) for r in registrations.registration_rows(db, campaign)}
    want |= {safe_text(r["chuc_vu"]) for r in registrations.registration_rows(db, campaign) if r["staff_id"]}
    want |= {safe_text(r["ghi_chu"]) for r in registrations.registration_rows(db, campaign)}
    want |= {safe_text(records.get_settings(db).ten_thu_truong)}
    missing = {w for w in want if w} - cells
    assert not missing, [m[:80] for m in missing]


def _check_proposals(db, campaign, folder, results) -> None:
    ids = [r.id for r in registrations.registrations_of_campaign(db, campaign)]
    registrations.set_status(db, ids, "de_nghi")
    set_registration_results(db, {rid: ("de_nghi", results[i % len(results)]) for i, rid in enumerate(ids)})
    path = folder / "de-nghi.xlsx"
    assert export_proposals(db, campaign, path) == len(ids)
    cells = string_cells(read_checked(path))
    want = {safe_text(records.get_settings(db).ten_thu_truong)}
    for r in db.query(
        """SELECT coalesce(s.ho_ten, u.ten) AS ten, s.chuc_vu, su.ten AS don_vi, r.ghi_chu, r.ket_qua_binh_xet
           FROM registrations r LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN units su ON su.id = s.unit_id
           LEFT JOIN units u ON u.id = r.unit_id WHERE r.campaign_id = ?""", [campaign]):
        want |= {safe_text(r["ten"]), safe_text(r["ghi_chu"]), safe_text(r["ket_qua_binh_xet"])}
        if r["don_vi"] is not None:
            want.add(safe_text(position_with_unit(r["chuc_vu"], r["don_vi"])))  # the one joining
    missing = {w for w in want if w} - cells
    assert not missing, [m[:80] for m in missing]


def _check_audit(db, folder) -> None:
    audit.note(db, "Nhập tệp “=1+1 😀.xlsx”\x01")
    entries = audit.entries(db)
    path = folder / "nhat-ky.xlsx"
    assert export_audit(db, path) == len(entries)
    rows = read_checked(path)["Nhật ký"]
    first = next(i for i, r in enumerate(rows) if r and r[0] == "Thời gian") + 2
    labels = AuditLabels(db)
    got = [tuple(_norm(v) for v in (r + (None,) * 5)[:5]) for r in rows[first:]]
    want = [tuple(_norm(safe_text(v)) if v else None for v in (
        labels.when(e["thoi_gian"]), e["nguoi_dung"], audit.AUDITED.get(e["bang"], e["bang"]),
        audit.ACTIONS.get(e["thao_tac"], ""), labels.describe(e))) for e in entries]
    assert got == want


def _check_unit_templates(db, campaign, folder) -> None:
    paths = ut.export_unit_templates(db, campaign, folder / "mau")
    units = records.list_units(db)
    assert len(paths) == len(units) == len({p.name for p in paths})
    staff = [r for r in records.list_staff_rows(db) if r["dang_cong_tac"]]
    for unit, path in zip(units, paths, strict=True):
        rows = read_checked(path)[ut.SHEET]
        got = {(r[0], _norm(r[2]), _norm(r[3])) for r in rows
               if r and isinstance(r[0], str) and re.fullmatch(r"(NV|DV)\d+", r[0])}
        want = {(f"NV{s['id']}", _norm(safe_text(s["ho_ten"])), _norm(safe_text(s["chuc_vu"])))
                for s in staff if s["unit_id"] == unit.id}
        want.add((f"DV{unit.id}", safe_text(unit.ten), "Tập thể"))
        assert got == want


@_settings(8)
@given(data=agency_texts())
def test_exporters_write_user_text_verbatim_and_never_a_formula(tmp_path_factory, data):
    with fresh_db(tmp_path_factory, "exp") as (db, folder):
        with db.atomic():
            campaign = _build_agency(db, data)
        _check_registration_summary(db, campaign, folder)
        _check_unit_templates(db, campaign, folder)
        _check_proposals(db, campaign, folder, data["results"])
        _check_audit(db, folder)


# --- 3. unit templates: ticks in, registrations out ----------------------------------------------------


@st.composite
def template_agency(draw):
    units = draw(st.lists(unit_name, min_size=1, max_size=3, unique_by=lambda u: vntext.search_key(u)))
    people = draw(st.lists(st.tuples(free_name, user_text, st.integers(0, len(units) - 1),
                                     st.sampled_from([True, True, True, False])), max_size=6))
    return units, people


_TICKS = st.sampled_from(["x", "X", " x ", "x\n"])


@_settings(8)
@given(agency=template_agency(), data=st.data())
def test_unit_templates_round_trip_the_ticks_exactly(tmp_path_factory, agency, data):
    units, people = agency
    with fresh_db(tmp_path_factory, "tpl") as (db, folder):
        with db.atomic():
            unit_ids = [records.save_unit(db, Unit(u)) for u in units]
            for name, chuc_vu, unit, working in people:
                records.save_staff(db, Staff(name, chuc_vu=chuc_vu, unit_id=unit_ids[unit], dang_cong_tac=working))
            campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026))
        rs = ruleset_for_year(db, 2026)
        by_name = {t.name: t for t in rs.titles}
        paths = ut.export_unit_templates(db, campaign, folder / "mau")
        expected: dict[tuple, str] = {}  # (staff_id, unit_id, code) -> note
        bad_rows: dict[Path, int] = {}
        for path in paths:
            wb = openpyxl.load_workbook(path)
            ws = wb[ut.SHEET]
            header = next(row for row in ws.iter_rows() if row[0].value == "Mã")
            title_cols = {c.column: by_name[c.value] for c in header if c.value in by_name}
            note_col = next(c.column for c in header if c.value == ut.NOTE)
            for row in ws.iter_rows(min_row=header[0].row + 1):
                m = re.fullmatch(r"(NV|DV)(\d+)", str(row[0].value or ""))
                if not m:
                    continue
                r = row[0].row
                sid, uid = (int(m.group(2)), None) if m.group(1) == "NV" else (None, int(m.group(2)))
                subject = CA_NHAN if sid else TAP_THE
                note = data.draw(st.one_of(st.just(""), user_text), label="note")
                note = ILLEGAL_CHARACTERS_RE.sub("", note)
                if note:
                    rf.put(ws, r, note_col, note)
                for col, title in title_cols.items():
                    if subject in title.subjects and data.draw(st.booleans(), label="tick"):
                        rf.put(ws, r, col, data.draw(_TICKS, label="mark"))
                        expected[(sid, uid, title.code)] = vntext.clean(note)
            if data.draw(st.integers(0, 4), label="tamper") == 0:
                # a tick where the title is not for this kind of subject, or a word instead of x
                row = next(row for row in ws.iter_rows(min_row=header[0].row + 1)
                           if str(row[0].value or "").startswith("DV"))
                col = next(c for c, t in title_cols.items() if TAP_THE not in t.subjects)
                rf.put(ws, row[0].row, col, data.draw(st.sampled_from(["x", "có", "=1+1", "1"])))
                bad_rows[path] = row[0].row
            wb.save(path)
        plans = [ut.plan_template_import(db, campaign, p) for p in paths]
        before = dump(db)
        for path, plan in zip(paths, plans, strict=True):
            assert not plan.conflicts
            if path in bad_rows:
                assert [r.excel_row for r in plan.errors] == [bad_rows[path]]
                with pytest.raises(StoreError, match="có dòng lỗi"):
                    ut.apply_template_import(db, plan)
                assert dump(db) == before
            else:
                assert plan.ok, [(r.excel_row, r.reason) for r in plan.errors]
        if bad_rows:
            return
        adds = [(plan, sum(len(r.add) for r in plan.rows)) for plan in plans]
        plan, n = next(((p, n) for p, n in adds if n), (None, 0))
        if n:  # a write failing half-way through a file leaves no trace
            with failing_insert(db, "registrations", data.draw(st.integers(0, n - 1), label="failing insert")):
                with pytest.raises((sqlite3.DatabaseError, StoreError)):
                    ut.apply_template_import(db, plan)
                assert not db.conn.in_transaction
            assert dump(db) == before
        for plan in plans:
            ut.apply_template_import(db, plan)
        got = {(r.staff_id, r.unit_id, r.ma): r.ghi_chu for r in registrations.registrations_of_campaign(db, campaign)}
        assert got == expected
        # the same files again: nothing new, nothing written
        after = dump(db)
        for path in paths:
            again = ut.plan_template_import(db, campaign, path)
            assert again.ok and not again.conflicts
            assert again.counts()[ut.RowStatus.NEW] == 0
            assert ut.apply_template_import(db, again).created == 0
        assert dump(db) == after


# --- 4. importers never half-write -----------------------------------------------------------------

_cell = st.one_of(
    user_text, st.none(), st.integers(-10, 3000), st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
)

#: people of merit_factory.seed_agency: (name, birth as written in a file)
_SEEDED = [("Nguyễn Văn An", "12/03/1980"), ("Trần Thị Bình", "01/07/1985"), ("Lê Văn Cường", "1979"),
           ("Phạm Thị Dung", "05/01/1990"), ("Phạm Thị Dũng", "06/02/1991"), ("Hoàng Thị Hoa", "04/04/1988"),
           ("Hoàng Thị Hoa", "09/09/1993"), ("Y Ngọc", "15/06/1987")]

ROSTER_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Loại hợp đồng", "Ghi chú"]
_roster_bad = st.sampled_from([
    ["Nguyễn Văn Lỗi", "31/02/1980", None, None, None],
    ["Trần Thị Sai", "1980", "X", None, None],
    ["Lê Văn Hợp", None, None, "Thời vụ", None],
    ["Nguyễn " + "Văn " * 30 + "Dài", None, None, None, None],
    ["Phạm Văn Năm", "1850", None, None, None],
    ["Đỗ Văn Ngày", "12/13/1990", "Nam", None, None],
])
_roster_good = st.tuples(
    st.one_of(person_name, st.sampled_from([n for n, _ in _SEEDED])),
    st.one_of(st.none(), st.sampled_from(["12/03/1980", "1985", "1/2/1990", "2001-05-06"])),
    st.sampled_from([None, "Nam", "Nữ", "nu"]), st.sampled_from([None, "Biên chế", "HĐ", "Hợp đồng"]),
    user_text,
).map(list)

HISTORY_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu", "Số quyết định", "Ghi chú"]
_history_bad = st.sampled_from([
    ["Nguyễn Văn An", "12/03/1980", 2023, "Danh hiệu không có thật", None, None],
    ["Nguyễn Văn An", "12/03/1980", "năm ngoái", "Lao động tiên tiến", None, None],
    ["Nguyễn Văn An", "12/03/1980", 1850, "LĐTT", None, None],
    ["Trần Thị Bình", "01/07/1985", 2023, "Lao động tiên tiến", "ngày 31/02/2023", None],
    ["Lê Văn Cường", "1979", 2023, "Tập thể lao động xuất sắc", None, None],
    ["Phạm Thị Dung", "31/02/1990", 2023, "Giấy khen", None, None],
])
_titles = st.sampled_from(["Lao động tiên tiến", "LĐTT", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "Giấy khen"])
_history_good = st.tuples(
    st.sampled_from(_SEEDED), st.integers(2019, 2025), _titles,
    st.sampled_from([None, "125/QĐ-UBND ngày 20/12/{year}", "Số 12/QĐ-BDT",
                     "QĐ số 7/QĐ-BDT ngày 05 tháng 1 năm {next}"]),
    user_text,
).map(lambda t: [t[0][0], t[0][1], t[1], t[2], t[3] and t[3].format(year=t[1], next=t[1] + 1), t[4]])

EVALUATION_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại", "Số tháng công tác", "Ghi chú"]
_evaluation_bad = st.sampled_from([
    ["Nguyễn Văn An", "12/03/1980", 2024, "Tuyệt vời", 12, None],
    ["Nguyễn Văn An", "12/03/1980", 2024, "Hoàn thành tốt nhiệm vụ", 13, None],
    ["Trần Thị Bình", "01/07/1985", "abc", "HTTNV", None, None],
    ["Trần Thị Bình", "31/02/1985", 2024, "HTTNV", None, None],
    ["Y Ngọc", "15/06/1987", 2024, "HTXSNV", "mười hai", None],
])
_evaluation_good = st.tuples(
    st.sampled_from(_SEEDED), st.integers(2019, 2025),
    st.sampled_from([*XEP_LOAI.values(), "HTXSNV", "HTTNV"]), st.one_of(st.none(), st.integers(1, 12)), user_text,
).map(lambda t: [t[0][0], t[0][1], t[1], t[2], t[3], t[4]])

IMPORTERS = {
    "roster": (ROSTER_HEADER, _roster_bad, _roster_good,
               lambda db, p: ri.plan_import(db, p), ri.apply_import),
    "history": (HISTORY_HEADER, _history_bad, _history_good,
                lambda db, p: hi.plan_history_import(db, p), hi.apply_history_import),
    "evaluation": (EVALUATION_HEADER, _evaluation_bad, _evaluation_good,
                   lambda db, p: ei.plan_evaluation_import(db, p), ei.apply_evaluation_import),
}


@pytest.mark.parametrize("kind", list(IMPORTERS))
@_settings(8)
@given(data=st.data())
def test_a_sheet_with_an_invalid_row_writes_nothing(tmp_path_factory, kind, data):
    header, bad, good, plan_of, apply = IMPORTERS[kind]
    width = len(header) - 1
    junk = st.lists(_cell, min_size=width, max_size=width)
    first = data.draw(bad, label="first row (invalid)")
    others = data.draw(st.lists(st.one_of(bad, good, good, junk), max_size=8), label="other rows")
    rows = [header]
    for n, values in enumerate([first, *others], start=1):
        rows.append([n, *values])
    with fresh_db(tmp_path_factory, kind, seeded=True) as (db, folder):
        path = rf.write_sheet(folder / f"{kind}.xlsx", rows)
        before = dump(db)
        plan = plan_of(db, path)
        assert dump(db) == before
        by_row = {r.excel_row: r for r in plan.rows}
        assert by_row[2].status is RowStatus.ERROR and by_row[2].reason, by_row[2]
        bad_rows = [r for r in plan.rows if r.status in (RowStatus.ERROR, RowStatus.UNMATCHED)]
        assert all(2 <= r.excel_row <= len(rows) and r.reason for r in bad_rows)
        with pytest.raises(ImportFileError) as exc:
            apply(db, plan)
        message = str(exc.value)
        assert "chưa ghi gì" in message
        for r in bad_rows[:20]:
            assert f"Dòng {r.excel_row}:" in message
        assert dump(db) == before


_roster_valid = st.tuples(
    person_name, st.one_of(st.none(), st.sampled_from(["12/03/1980", "1985", "1/2/1990", "2001-05-06"])),
    st.sampled_from([None, "Nam", "Nữ", "nu"]), st.sampled_from([None, "Biên chế", "HĐ", "Hợp đồng"]), roster_text,
).map(list)


def _one_per_key(kind: str, rows: list[list]) -> list[list]:
    """Rows that are each a different line: roster, one per name; history, one
    per person, year and title; evaluation, one per person and year."""
    titles = {"LĐTT": "Lao động tiên tiến", "CSTĐCS": "Chiến sĩ thi đua cơ sở"}
    seen, out = set(), []
    for r in rows:
        if kind == "roster":
            key = name_key(vntext.clean(r[0]))
        elif kind == "history":
            key = (r[0], r[1], r[2], titles.get(r[3], r[3]))
        else:
            key = (r[0], r[1], r[2])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


#: the table each import inserts into (where a failure is injected)
_WRITTEN_TABLE = {"roster": "staff", "history": "awards", "evaluation": "evaluations"}


def _inserts(kind: str, plan) -> int:
    if kind == "roster":
        return sum(1 for r in plan.rows if r.status is RowStatus.NEW)
    if kind == "history":
        return sum(1 for r in plan.rows if r.status in (RowStatus.NEW, RowStatus.UPDATE)
                   for e in r.writes if e.id is None)
    return sum(1 for r in plan.rows if r.status is RowStatus.NEW and r.evaluation is not None)


@contextmanager
def failing_insert(db, table: str, after: int):
    """Every insert into ``table`` beyond ``after`` more rows fails (a full
    disk, a crash …), from a temporary trigger (not part of the dump)."""
    count = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    db.execute(f"CREATE TEMP TRIGGER fail_insert AFTER INSERT ON main.{table} "
               f"WHEN (SELECT count(*) FROM main.{table}) > {count + after} "
               "BEGIN SELECT RAISE(ABORT, 'lỗi ghi giả lập'); END")
    try:
        yield
    finally:
        db.execute("DROP TRIGGER temp.fail_insert")


@pytest.mark.parametrize("kind", ["roster", "history", "evaluation"])
@_settings(8)
@given(data=st.data())
def test_a_valid_sheet_is_written_all_or_nothing_and_only_once(tmp_path_factory, kind, data):
    header, _bad, good, plan_of, apply = IMPORTERS[kind]
    good = _roster_valid if kind == "roster" else good
    body = _one_per_key(kind, data.draw(st.lists(good, min_size=1, max_size=8), label="rows"))
    rows = [header] + [[n, *values] for n, values in enumerate(body, start=1)]
    with fresh_db(tmp_path_factory, kind, seeded=True) as (db, folder):
        path = rf.write_sheet(folder / f"{kind}.xlsx", rows)
        plan = plan_of(db, path)
        assert plan.ok, [(r.excel_row, r.status, r.reason) for r in plan.rows if r.status is not RowStatus.NEW]
        before = dump(db)
        n = _inserts(kind, plan)
        if n:
            # a write that fails half-way leaves no trace, and the plan can then be applied
            with failing_insert(db, _WRITTEN_TABLE[kind], data.draw(st.integers(0, n - 1), label="failing insert")):
                with pytest.raises((sqlite3.DatabaseError, StoreError)):
                    apply(db, plan)
                assert not db.conn.in_transaction
            assert dump(db) == before
        apply(db, plan)
        after = dump(db)
        again = plan_of(db, path)
        assert again.ok
        assert {r.status for r in again.rows} <= {RowStatus.UNCHANGED, RowStatus.SKIPPED}, \
            [(r.excel_row, r.status, r.changes) for r in again.rows]
        apply(db, again)
        assert dump(db) == after


# --- 5. bad files -----------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def _workbook_bytes(rows=(), *, title: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    if title:
        wb.active.title = title
    for r, values in enumerate(rows, start=1):
        rf.put_row(wb.active, r, values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _big_workbook(n: int) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu", "Xếp loại", "Ghi chú"])
    for i in range(1, n + 1):
        ws.append([i, f"Nguyễn Văn Số {i}", f"{1 + i % 28}/{1 + i % 12}/{1950 + i % 60}", 2024,
                   "Lao động tiên tiến", "Hoàn thành tốt nhiệm vụ", "=1+1" if i % 7 == 0 else None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BAD_FILES = {
    "text": lambda: "STT;Họ và tên;Ngày sinh\n1;Nguyễn Văn An;12/03/1980\n".encode(),
    "png": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "empty": lambda: b"",
    "zip": lambda: _zip({"readme.txt": b"not a workbook"}),
    "zip-fake-xlsx": lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook>",
                                   "xl/worksheets/sheet1.xml": b"\x00\x01"}),
    "truncated": lambda: _workbook_bytes([["STT", "Họ và tên"], [1, "Nguyễn Văn An"]])[:700],
    "0-rows": lambda: _workbook_bytes(),
    "0-rows-template-sheet": lambda: _workbook_bytes(title=ut.SHEET),
    "5000-rows": lambda: _big_workbook(5000),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    out = {}
    for name, make in BAD_FILES.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(make())
        out[name] = path
    return out


def _importers(campaign: int):
    return {
        "roster": lambda db, p: ri.plan_import(db, p),
        "history": lambda db, p: hi.plan_history_import(db, p),
        "evaluation": lambda db, p: ei.plan_evaluation_import(db, p),
        "template": lambda db, p: ut.plan_template_import(db, campaign, p),
        "sheets": lambda db, p: ri.list_sheets(p),
    }


_VIETNAMESE = re.compile("[\u0100-\u024f\u1e00-\u1eff]")


def _refused_or_planned(db, run, path):
    """Run one importer on ``path``: the app's own Vietnamese error or a result; nothing written."""
    before = dump(db)
    try:
        result = run(db, path)
    except StoreError as exc:
        message = str(exc)
        assert message and _VIETNAMESE.search(message), message
        result = exc
    assert dump(db) == before
    assert not db.conn.in_transaction
    return result


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_give_the_apps_own_error_and_write_nothing(tmp_path_factory, bad_files, kind):
    with fresh_db(tmp_path_factory, "badfile", seeded=True) as (db, _):
        for importer, run in _importers(SEEDED_CAMPAIGN).items():
            result = _refused_or_planned(db, run, bad_files[kind])
            if kind == "5000-rows":
                if importer == "sheets":
                    assert result == ["Danh sách"]
                elif importer == "template":
                    assert isinstance(result, StoreError)
                else:
                    assert not isinstance(result, StoreError), (importer, result)
                    assert len([r for r in result.rows if r.status is not RowStatus.SKIPPED]) == 5000, importer
            elif importer != "sheets" or kind not in ("0-rows", "0-rows-template-sheet"):
                assert isinstance(result, StoreError), (kind, importer, result)


_MAGIC = [b"", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"SQLite format 3\x00",
          b"<?xml version=\"1.0\"?>", b"%PDF-1.4", b"\xef\xbb\xbf", b"\xff\xfe"]
_XLSX_PARTS = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
               "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "mimetype", "docProps/app.xml"]


@st.composite
def broken_files(draw):
    """``(content, kind)``: random bytes behind a magic number, a zip of
    random parts, or a real workbook (a roster-like one, or one laid out like
    a returned unit template) with one part cut, dropped or overwritten."""
    how = draw(st.sampled_from(["bytes", "zip", "damaged", "damaged-template"]))
    if how == "bytes":
        return draw(st.sampled_from(_MAGIC)) + draw(st.binary(max_size=600)), how
    if how == "zip":
        names = draw(st.lists(st.sampled_from(_XLSX_PARTS), min_size=1, max_size=6, unique=True))
        return _zip({n: draw(st.one_of(st.binary(max_size=200),
                                       st.sampled_from([b"<workbook/>", b"<Types/>", b"<worksheet><sheetData>"]))
                             ) for n in names}), how
    # a real workbook with one of its parts cut, dropped or overwritten
    good = _TEMPLATE_LIKE if how == "damaged-template" else _workbook_bytes(
        [["STT", "Họ và tên", "Ngày sinh", "Năm", "Danh hiệu", "Xếp loại"],
         [1, "Nguyễn Văn An", "12/03/1980", 2024, "Lao động tiên tiến", "HTTNV"]])
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        members = {n: z.read(n) for n in z.namelist()}
    target = draw(st.sampled_from(sorted(members)))
    action = draw(st.sampled_from(["cut", "drop", "garbage"]))
    if action == "cut":
        members[target] = members[target][: draw(st.integers(0, max(0, len(members[target]) - 1)))]
    elif action == "drop":
        del members[target]
    else:
        members[target] = draw(st.binary(max_size=100))
    return _zip(members), how


_TEMPLATE_LIKE = _workbook_bytes([["Mã", "STT", "Họ và tên", "Chức vụ", "Lao động tiên tiến", "Ghi chú"],
                                  ["NV1", "1", "Nguyễn Văn An", "Chuyên viên", "x", None]], title=ut.SHEET)


@_settings(20)
@given(broken=broken_files())
def test_random_and_damaged_files_are_refused_cleanly(tmp_path_factory, broken):
    content, how = broken
    with fresh_db(tmp_path_factory, "bad", seeded=True) as (db, folder):
        path = folder / "tep.xlsx"
        path.write_bytes(content)
        for importer, run in _importers(SEEDED_CAMPAIGN).items():
            _refused_or_planned(db, run, path)


# --- bugs these properties found (fixed; kept as regression tests) ------------------------------------


def _export_one(db, folder, exporter: str, campaign: int) -> list[Path]:
    """Run one exporter over the data file; the files it wrote."""
    if exporter == "staff":
        export_staff(db, folder / "ds.xlsx")
        return [folder / "ds.xlsx"]
    if exporter == "registrations":
        export_registration_summary(db, campaign, folder / "th.xlsx")
        return [folder / "th.xlsx"]
    if exporter == "proposals":
        ids = [r.id for r in registrations.registrations_of_campaign(db, campaign)]
        registrations.set_status(db, ids, "de_nghi")
        export_proposals(db, campaign, folder / "dn.xlsx")
        return [folder / "dn.xlsx"]
    if exporter == "audit":
        export_audit(db, folder / "nk.xlsx")
        return [folder / "nk.xlsx"]
    return ut.export_unit_templates(db, campaign, folder / "mau")


@pytest.mark.parametrize(("exporter", "char"), [
    ("staff", "\uffff"), ("staff", "\ufffe"), ("registrations", "\uffff"), ("proposals", "\uffff"),
    ("audit", "\uffff"), ("templates", "\uffff"),
])
def test_xml_forbidden_noncharacters_make_a_corrupt_workbook(tmp_path_factory, exporter, char):
    with fresh_db(tmp_path_factory, "nonchar") as (db, folder):
        unit = records.save_unit(db, Unit("Văn phòng"))
        try:
            sid = records.save_staff(db, Staff(f"Nguyễn Văn{char} An", unit_id=unit, ghi_chu=f"ghi{char} chú"))
        except records.ValidationError:
            return  # the store refusing the character would fix it too
        campaign = records.save_campaign(db, Campaign("Thi đua năm 2026", nam_bat_dau=2026))
        registrations.register_many(db, campaign, 2026, "LDTT", staff_ids=[sid])
        for path in _export_one(db, folder, exporter, campaign):
            cells = string_cells(read_checked(path))  # today: xml.etree.ElementTree.ParseError
            assert any("Nguyễn Văn An" in c for c in cells)
            assert not any(char in c for c in cells)


@pytest.mark.parametrize("name", [
    "Nguyễn " + "Thị " * 23 + "Minh Khai",  # 108 characters
    "😀",
    "+84 912 345 678",
    "???",
])
def test_every_name_the_store_accepts_comes_back_from_its_own_export(tmp_path_factory, name):
    with fresh_db(tmp_path_factory, "name") as (db, folder):
        try:
            records.save_staff(db, Staff(name, ngay_sinh=PartialDate(1980)))
        except records.ValidationError:
            return  # the store refusing such a name would resolve the inconsistency too
        export_staff(db, folder / "ds.xlsx")
    with fresh_db(tmp_path_factory, "name2") as (db, _):
        plan = ri.plan_import(db, folder / "ds.xlsx")
        assert plan.ok, [(r.excel_row, r.reason) for r in plan.errors]
        ri.apply_import(db, plan)
        assert [r["ho_ten"] for r in records.list_staff_rows(db)] == [vntext.clean(name)]


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_damaged_returned_template_gives_the_apps_own_error(tmp_path_factory, keep):
    with fresh_db(tmp_path_factory, "tpl-bad", seeded=True) as (db, folder):
        [path, *_] = ut.export_unit_templates(db, SEEDED_CAMPAIGN, folder / "mau")
        with zipfile.ZipFile(path) as z:
            members = {n: z.read(n) for n in z.namelist()}
        sheet = "xl/worksheets/sheet1.xml"  # the sheet “Đăng ký”
        members[sheet] = members[sheet][: int(len(members[sheet]) * keep)]
        path.write_bytes(_zip(members))
        before = dump(db)
        with pytest.raises(StoreError):
            ut.plan_template_import(db, SEEDED_CAMPAIGN, path)
        assert dump(db) == before
