"""The sheet reader of every import (:mod:`services.imports.sheet_xml`) gives
exactly the rows openpyxl's ``iter_rows(values_only=True)`` gives, cell kind
by cell kind: workbooks saved by openpyxl (shared strings, styles, dates,
1904), streamed by its write-only mode (inline strings), and sheets written
by hand the ways other programs write them (no ``r`` attributes, gaps, rows
out of order, rich and phonetic runs, ISO dates, errors, a prefixed
namespace). What openpyxl refuses, it refuses too."""
from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from thidua_desktop.services.imports import workbook
from thidua_desktop.services.imports.sheet_xml import iter_values
from thidua_desktop.services.imports.workbook import ImportFileError, open_workbook, read_rows

MAX_ROWS = (None, 1, 2, 3, 5, 9)


def openpyxl_rows(ws, max_row=None) -> list[tuple]:
    ws.reset_dimensions()
    return [tuple(r) for r in ws.iter_rows(values_only=True, max_row=max_row)]


def both(path, max_row=None) -> tuple[list[tuple], list[tuple]]:
    """Each sheet's rows as openpyxl gives them and as iter_values does."""
    theirs, ours = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's warning of a date out of range: both give "#VALUE!"
        with open_workbook(path) as wb:
            for ws in wb.worksheets:
                theirs.append(openpyxl_rows(ws, max_row))
                ours.append(list(iter_values(ws, max_row)))
    return theirs, ours


def assert_same(path):
    for max_row in MAX_ROWS:
        theirs, ours = both(path, max_row)
        assert ours == theirs, max_row
        assert [[type(v) for v in r] for s in ours for r in s] == [[type(v) for v in r] for s in theirs for r in s]
    return theirs


def saved_workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Năm", "Hệ số", "Đạt", "Ghi chú"])
    ws.append([1, "Nguyễn Văn An", dt.date(1980, 3, 12), 2024, 2.34, True, None])
    ws.append([2, "  Lê Thị Bình  ", dt.datetime(1985, 7, 1, 8, 30), 2023, 1.0, False, ""])
    ws.append([3, "K’Điểu", "12/03/1980", "2025", -0.5, None, "=1+1"])
    ws["H4"] = dt.time(7, 45)
    ws["I4"] = dt.timedelta(hours=30)
    ws["B6"] = CellRichText(["Trần ", TextBlock(InlineFont(b=True), "Văn"), " Cường"])
    ws["C6"] = 10 ** 15
    ws["D6"] = 1.5e-7
    ws["AA7"] = "xa về bên phải"
    ws["A9"] = "#N/A"
    ws["A9"].data_type = "e"
    ws["B9"] = 45000
    ws["B9"].number_format = "dd/mm/yyyy"
    ws["C9"] = 45000.5
    ws["C9"].number_format = "[h]:mm"
    ws.merge_cells("E9:F10")
    other = wb.create_sheet("Trang 2")
    other["C3"] = "chỉ một ô"
    wb.save(path)
    return path


def test_a_workbook_saved_by_openpyxl_reads_the_same(tmp_path):
    rows = assert_same(saved_workbook(tmp_path / "saved.xlsx"))
    assert rows[0][1][:4] == (1, "Nguyễn Văn An", dt.datetime(1980, 3, 12), 2024)
    assert rows[0][8][:3] == ("#N/A", dt.datetime(2023, 3, 15), dt.timedelta(days=45000, hours=12))
    assert rows[1] == [(), (), (None, None, "chỉ một ô")]


def test_a_1904_workbook_reads_the_same(tmp_path):
    path = saved_workbook(tmp_path / "mac.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert b"date1904" in zf.read("xl/workbook.xml")
        assert b"<v>43538</v>" in zf.read("xl/worksheets/sheet1.xml")  # 45000 - 1462 days
    rows = assert_same(path)
    assert rows[0][8][1] == dt.datetime(2023, 3, 15)


def test_a_streamed_workbook_reads_the_same(tmp_path):
    path = tmp_path / "stream.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Lịch sử")
    ws.append(["STT", "Họ và tên", "Năm", "Danh hiệu"])
    for i in range(1, 40):
        ws.append([i, f"Người thứ {i}", 2019 + i % 3, None if i % 7 else "LĐTT", i / 4])
    ws.append([])
    ws.append([None, None, "cuối"])
    wb.save(path)
    rows = assert_same(path)
    assert rows[0][1] == (1, "Người thứ 1", 2020, None, 0.25)


SHARED = ("chỗ", "khác", "  có khoảng trắng  ")


def sheet_file(path, sheet_data: str, *, prefix: str = "") -> object:
    """A workbook whose first sheet's XML is ``sheet_data`` inside ``<sheetData>``,
    with a shared string table of :data:`SHARED` as Excel writes one (openpyxl
    writes inline strings only)."""
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns{":" + prefix if prefix else ""}="{ns}"'
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {xmlns}>'
             f"<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>")
    items = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in SHARED)
    strings = f'<sst xmlns="{ns}" count="{len(SHARED)}" uniqueCount="{len(SHARED)}">{items}</sst>'
    rel = ('<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
           'officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    override = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name).decode("utf-8")
            if name == "xl/worksheets/sheet1.xml":
                data = sheet
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", rel)
            elif name == "[Content_Types].xml":
                data = data.replace("</Types>", override)
            out.writestr(name, data.encode("utf-8"))
        out.writestr("xl/sharedStrings.xml", strings.encode("utf-8"))
    return path


HAND_WRITTEN = {
    "no r anywhere": '<row><c t="s"><v>0</v></c><c/><c t="n"><v>7</v></c></row><row><c t="s"><v>1</v></c></row>',
    "rows with gaps": '<row r="2"><c r="B2" t="n"><v>1</v></c></row><row r="6"><c r="A6" t="str"><v>x</v></c></row>',
    "a row numbered 3.0": '<row r="3.0"><c r="A3"><v>5</v></c></row><row><c><v>6</v></c></row>',
    "empty rows and cells": '<row r="1"/><row r="2"><c r="A2"/><c r="B2" t="s"/><c r="C2"><v></v></c></row>'
                            '<row r="3"><c r="A3" t="inlineStr"/><c r="B3" t="inlineStr"><is/></c></row>',
    "kinds": '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#REF!</v></c>'
             '<c r="D1" t="str"><v>12</v></c><c r="E1" t="d"><v>2024-12-20T00:00:00</v></c>'
             '<c r="F1" t="d"><v>2024-12-20</v></c><c r="G1"><v>1E3</v></c><c r="H1"><v>2.50</v></c>'
             '<c r="I1"><v> 42 </v></c><c r="J1" t="s"><v>1</v></c><c r="K1"><f>SUM(A1:B1)</f><v>1</v></c>'
             '<c r="L1" t="zz"><v>lạ</v></c></row>',
    "inline runs": '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> Nguyễn </t></is></c>'
                   '<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>Văn</t></r><r><t xml:space="preserve"> An'
                   '</t></r><rPh sb="0" eb="1"><t>グエン</t></rPh></is></c>'
                   '<c r="C1" t="inlineStr"><is><r><t>sau</t></r><t>trước</t></is></c>'
                   '<c r="D1" t="inlineStr"><v>bỏ qua</v><is><t>&lt;đúng&gt; &amp; &#7889;</t></is></c></row>',
    "lowercase and far columns": '<row r="1"><c r="a1"><v>1</v></c><c r="AB1"><v>2</v></c></row>'
                                 '<row r="2"><c r="XFD2"><v>3</v></c></row>',
    "a row child that is not a cell": '<row r="1"><c r="A1"><v>1</v></c><extLst/></row>',
}


@pytest.mark.parametrize("xml", HAND_WRITTEN.values(), ids=HAND_WRITTEN.keys())
def test_hand_written_sheets_read_the_same(tmp_path, xml):
    assert assert_same(sheet_file(tmp_path / "hand.xlsx", xml))[0], "the sheet gave rows"


def test_cells_written_out_of_order_are_all_kept(tmp_path):
    """openpyxl would give (1,): a row as wide as its last cell, C1 lost."""
    path = sheet_file(tmp_path / "order.xlsx", '<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row>')
    with open_workbook(path) as wb:
        assert list(iter_values(wb.worksheets[0])) == [(1, None, 3)]


@pytest.mark.parametrize("rows", ['<row r="1"/><row r="3"/><row r="2"><c r="A2"><v>2</v></c></row>',
                                  '<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="A1"><v>9</v></c></row>'],
                         ids=["backwards", "twice"])
def test_a_row_written_out_of_order_makes_the_sheet_damaged_not_shorter(tmp_path, rows):
    """openpyxl drops such a row without a word."""
    path = sheet_file(tmp_path / "rows.xlsx", rows)
    with pytest.raises(ImportFileError, match=r"bị hỏng .*dòng \d được ghi sau dòng \d"):
        with open_workbook(path) as wb:
            workbook.sheet_rows(path, wb.worksheets[0])


def test_a_prefixed_namespace_reads_the_same(tmp_path):
    xml = '<x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:c r="B1"><x:v>9</x:v></x:c></x:row>'
    rows = assert_same(sheet_file(tmp_path / "prefixed.xlsx", xml, prefix="x"))
    assert rows[0] == [("khác", 9)]


def test_shared_strings_are_the_workbook_s(tmp_path):
    xml = '<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>0</v></c></row>'
    assert assert_same(sheet_file(tmp_path / "shared.xlsx", xml))[0] == [(SHARED[2], SHARED[0])]


def test_a_date_out_of_range_is_an_error_value_as_in_openpyxl(tmp_path):
    path = saved_workbook(tmp_path / "range.xlsx")
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"<v>45000</v>", b"<v>99999999</v>")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    rows = assert_same(path)
    assert rows[0][8][1] == "#VALUE!"


@pytest.mark.parametrize("xml", [
    '<row r="1"><c r="1A"><v>1</v></c></row>',
    '<row r="1"><c r="A"><v>1</v></c></row>',
    '<row r="x"><c r="A1"><v>1</v></c></row>',
    '<row r="1.5"><c r="A1"><v>1</v></c></row>',
    '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',
    '<row r="1"><c r="A1" t="b"><v>có</v></c></row>',
    '<row r="1"><c r="A1"><v>1,5</v></c></row>',
    '<row r="1"><c r="A1" s="x"><v>1</v></c></row>',
    '<row r="1"><c r="A1"><v>1</v></c>',
], ids=["digits first", "no row", "row x", "row 1.5", "no such string", "bool text", "comma number", "style x",
        "cut short"])
def test_what_openpyxl_refuses_is_refused_as_damaged(tmp_path, xml):
    path = sheet_file(tmp_path / "bad.xlsx", xml)
    with pytest.raises(Exception):  # noqa: B017 - openpyxl raises what its parser raises
        with open_workbook(path) as wb:
            openpyxl_rows(wb.worksheets[0])
    with pytest.raises(ImportFileError, match="bị hỏng hoặc không phải bảng tính Excel hợp lệ"):
        with open_workbook(path) as wb:
            workbook.sheet_rows(path, wb.worksheets[0])


def test_the_header_scan_stops_at_max_row_without_reading_on(tmp_path):
    """read_rows(ws, n) reads the first n rows only: a damaged row further down does not stop the header scan."""
    xml = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
           '<row r="50"><c r="1A"><v>1</v></c></row>')
    path = sheet_file(tmp_path / "scan.xlsx", xml)
    with open_workbook(path) as wb:
        assert read_rows(wb.worksheets[0], 30) == [("chỗ",), (2,)]
