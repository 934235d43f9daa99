"""The shortcuts a record-import plan takes for common cells read exactly as
the full readings do: a decision "Số 12/QĐ-UBND ngày 20/12/2019", a birth
date "02/05/1981", text already clean, a candidate's label made when asked."""
from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.merit_factory import seed_agency
from thidua_desktop.domain.dates import DateError, PartialDate, parse_partial_date
from thidua_desktop.services.imports.subjects import Candidate, Subjects
from thidua_desktop.services.imports.values import _parse_decision, parse_decision


_PREFIXES = ["", "Số ", "số ", "Số: ", "SỐ ", "QĐ số ", "So ", "Số  ", " Số ", unicodedata.normalize("NFD", "Số ")]
_NUMBERS = ["12/QĐ-UBND", "125/QĐ-BDT", "2001/QĐ-UBND", "1/QĐ", "123456/QĐ-UBND", "1234567/QĐ-UBND", "12/2019/QĐ-UBND",
            "12/QĐ-1-2-2019", "12/QĐ.", "12/QĐ-UBND.", "12/QD-UBND", "12/qđ-ubnd", "12/QĐ–UBND", "12 / QĐ-UBND",
            "٠١/QĐ", "12/ĐU", "12", "12/-", "12/Q;Đ"]
_JOINS = [" ngày ", ", ngày ", ", ", " ngày: ", ", ngày: ", " ", "  ngày ", " ngay ", " NGÀY ", ",ngày ", " ngày\n",
          " và ngày "]
_DATES = ["20/12/2019", "2/1/2020", "20-12-2019", "20.12.2019", "20/12-2019", "31/02/2019", "0/12/2019",
          "20/13/2019", "020/12/2019", "20/12/20199", "20 / 12 / 2019", "20 tháng 12 năm 2019", "١٢/١٢/٢٠١٩",
          "20/12/2019.", "20/12/2019 (bổ sung)", "29/02/2020", "29/02/2019", "20/12/0000"]


def test_a_common_decision_reads_as_the_full_reading_reads_it():
    shapes = [p + n for p, n in itertools.product(_PREFIXES, _NUMBERS)]
    shapes += [p + n + j + d for p, n, j, d in itertools.product(_PREFIXES[:5], _NUMBERS, _JOINS, _DATES)]
    shapes += [125, 2022.0, dt.date(2022, 12, 20), None, "", " ", "abc", "ngày 20/12/2019"]
    for value in shapes:
        assert parse_decision(value) == _parse_decision(value), value


def test_the_usual_decision_cells_take_the_shortcut(monkeypatch):
    from thidua_desktop.services.imports import values

    def full(value):
        raise AssertionError(f"full reading of {value!r}")

    monkeypatch.setattr(values, "_parse_decision", full)
    assert parse_decision("Số 12/QĐ-UBND ngày 20/12/2019") == ("12/QĐ-UBND", dt.date(2019, 12, 20), None)
    assert parse_decision("125/QĐ-UBND, 2/1/2020") == ("125/QĐ-UBND", dt.date(2020, 1, 2), None)
    assert parse_decision("Số: 2001/QĐ-UBND ngày: 30/12/2022") == ("2001/QĐ-UBND", dt.date(2022, 12, 30), None)
    assert parse_decision("130/QĐ-BDT") == ("130/QĐ-BDT", None, None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Số", "số", " ", ":", ",", "/", "-", ".", "ngày", "QĐ", "UBND", "Đ", "1", "12",
                                 "2019", "31", "0", "(", "tháng", "năm", "\u0301", "٣", "\u200b", "\n", "x"]),
                max_size=14))
def test_any_decision_text_reads_as_the_full_reading_reads_it(parts):
    text = "".join(parts)
    assert parse_decision(text) == _parse_decision(text)


def _full_partial_date(text: str):
    """The reading without the shortcut (a leading space is stripped by the full reading)."""
    try:
        return parse_partial_date(" " + text)
    except DateError as exc:
        return str(exc)


def test_a_birth_date_dd_mm_yyyy_reads_as_the_full_reading_reads_it():
    days = ["00", "01", "07", "29", "30", "31", "32", "99", "1a", "+1", " 1", "²1", "٠١"]
    years = ["1900", "1899", "1985", "2000", str(dt.date.today().year), str(dt.date.today().year + 1), "0000", "19a5"]
    for d, m, y in itertools.product(days, ["00", "01", "02", "12", "13"], years):
        for sep in ("/", ".", "-"):
            text = f"{d}{sep}{m}{sep}{y}"
            try:
                fast = parse_partial_date(text)
            except DateError as exc:
                fast = str(exc)
            assert fast == _full_partial_date(text), text
    assert parse_partial_date("02/05/1981") == PartialDate(1981, 5, 2)


def test_a_usual_birth_date_takes_the_shortcut(monkeypatch):
    from thidua_desktop.domain import dates

    class NoRegex:
        def match(self, text):
            raise AssertionError(f"regex reading of {text!r}")

    monkeypatch.setattr(dates, "_DMY", NoRegex())
    assert parse_partial_date("02/05/1981") == PartialDate(1981, 5, 2)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aăâđĐ AZ09\u00a0\u200b\u0301\u0300\t\n\x1f\x7f\x85\u2028\u3000\u00ad’ếỆ"), max_size=12))
def test_clean_reads_printable_text_as_the_full_clean(text):
    from thidua_desktop.domain.vntext import normalise

    full = " ".join((text.translate(normalise._CLEAN_TABLE) if normalise._NEEDS_CLEAN.search(text) else text).split())
    assert normalise.clean(text) == unicodedata.normalize("NFC", full)


_TRICKY = "aeăĂđĐ AZ09\u00a0\u200b\u0301\u0300\u0323\t\n\x1f\u00adếỆ\u1100\u1161"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(st.sampled_from(_TRICKY), max_size=6), max_size=4))
def test_texts_said_clean_are_left_as_they_are_by_clean(texts):
    from thidua_desktop.domain.vntext import normalise

    if normalise.is_clean(texts):
        assert [normalise.clean(t) for t in texts] == texts
    if all(normalise.clean(t) == t and t.isprintable() for t in texts) and "" not in texts:
        assert normalise.is_clean(texts)  # the shortcut is taken for clean printable texts


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(_TRICKY), max_size=8), st.text(st.sampled_from(_TRICKY), max_size=8))
def test_a_records_text_fields_are_cleaned_as_one_by_one(number, note):
    from thidua_desktop.domain.registrations import AwardEntry
    from thidua_desktop.domain.vntext import clean

    entry = AwardEntry(nam=2020, ma="LDTT", staff_id=1, so_quyet_dinh=number, ghi_chu=note)
    assert entry.normalised() == AwardEntry(nam=2020, ma="LDTT", staff_id=1, so_quyet_dinh=clean(number),
                                            ghi_chu=clean(note))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aăĂđĐ AZ09\u00a0\u200b\u0301\u0300\t\u00adŉ’‘ʼếỆﬁß'"), max_size=12))
def test_search_key_reads_as_before_its_shortcut_for_ascii(text):
    from thidua_desktop.domain.vntext import normalise

    s = normalise.strip_accents(normalise.clean(text).casefold()).translate(normalise._APOSTROPHE_TABLE)
    full = normalise.clean(s.replace("\u00ad", "").translate(normalise._APOSTROPHE_TABLE))
    assert normalise.search_key(text) == full


def test_a_candidates_label_is_made_once_when_asked(db):
    agency = seed_agency(db)
    subjects = Subjects(db)
    made = []

    def label(ident):
        made.append(ident)
        return subjects.staff_label(ident)

    found = [Candidate(c.kind, c.id, label) for c in subjects.find_person("Hoàng Thị Hoa", None)]
    assert made == []
    assert [c.label for c in found] == ["Hoàng Thị Hoa (04/04/1988) — Văn phòng",
                                        "Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách"]
    assert [c.label for c in found] and made == [agency.people["hoa1"], agency.people["hoa2"]]
    assert found == subjects.find_person("Hoàng Thị Hoa", None)
    assert found[0] == Candidate("staff", agency.people["hoa1"], "Hoàng Thị Hoa (04/04/1988) — Văn phòng")
    assert found[0] != Candidate("unit", agency.people["hoa1"], "Hoàng Thị Hoa (04/04/1988) — Văn phòng")
    assert repr(found[0]) == (f"Candidate(kind='staff', id={agency.people['hoa1']}, "
                              "label='Hoàng Thị Hoa (04/04/1988) — Văn phòng')")
