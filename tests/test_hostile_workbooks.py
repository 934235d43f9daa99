"""Workbooks built to exhaust memory (issue 15, item 16): a small file that
unpacks to hundreds of MB of whitespace, cells in column XFD, a sheet that
declares a million rows. Each is refused before it is read, with a
Vietnamese reason, by the shared reader — so every importer, the CLI and the
window alike. The files are built with zipfile (small on disk)."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from tests import roster_factory as rf
from tests.merit_factory import messy_history
from thidua_desktop.cli import main as cli_main
from thidua_desktop.services.imports import xep_loai as ei
from thidua_desktop.services.imports import history as hi
from thidua_desktop.services.imports import roster as ri
from thidua_desktop.services.imports import sheet as si
from thidua_desktop.services.imports import workbook
from thidua_desktop.services.imports.sheet import ImportFileError

ROWS = [["STT", "Họ và tên", "Ngày sinh", "Đơn vị"], [1, "Nguyễn Văn An", "12/03/1980", "Văn phòng"]]


def parts_of(rows=ROWS) -> dict[str, bytes]:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def hostile(path, *, rows_xml: bytes = b"", filler_mb: int = 0, dimension: bytes | None = None):
    """The little roster with ``rows_xml`` added to its sheet data, ``filler_mb``
    MB of spaces inside it, or its <dimension> replaced; deflated."""
    parts = parts_of()
    sheet = parts["xl/worksheets/sheet1.xml"]
    if dimension is not None:
        start = sheet.index(b"<dimension")
        sheet = sheet[:start] + b'<dimension ref="' + dimension + b'"/>' + sheet[sheet.index(b">", start) + 1:]
    cut = sheet.index(b"</sheetData>")
    head, tail = sheet[:cut] + rows_xml, sheet[cut:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                zf.writestr(name, data)
                continue
            with zf.open(name, "w", force_zip64=True) as fh:
                fh.write(head)
                spaces = b" " * (1 << 20)
                for _ in range(filler_mb):
                    fh.write(spaces)
                fh.write(tail)
    return path


def xfd_rows(n: int, value: bool = True) -> bytes:
    far = b'<c r="XFD%d" t="inlineStr"><is><t>y</t></is></c>' if value else b'<c r="XFD%d" s="0"/>'
    return b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c>' % (r, r) + far % r + b"</row>"
                    for r in range(3, 3 + n))


READERS = [ri.read_sheet, hi.read_sheet, ei.read_sheet]


@pytest.fixture(scope="module")
def whitespace_bomb(tmp_path_factory):
    path = hostile(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", filler_mb=120)
    assert path.stat().st_size < 300_000  # small on disk
    return path


@pytest.mark.parametrize("read", READERS)
def test_a_sheet_that_unpacks_to_too_much_is_refused_unread(whitespace_bomb, read):
    with pytest.raises(ImportFileError, match=r"khi giải nén chiếm 120 MB \(phần “sheet1.xml”: 120 MB\), quá lớn"):
        read(whitespace_bomb)
    with pytest.raises(ImportFileError, match="quá lớn"):
        si.list_sheets(whitespace_bomb)


def test_a_value_beyond_two_hundred_columns_is_refused(tmp_path):
    path = hostile(tmp_path / "xfd.xlsx", rows_xml=xfd_rows(3000))
    with pytest.raises(ImportFileError) as info:
        ri.read_sheet(path)
    assert "có dữ liệu ở ô XFD3, quá lớn so với một danh sách (tối đa 200.000 dòng, 200 cột)" in str(info.value)


def test_empty_cells_far_right_are_dropped_not_kept(tmp_path):
    path = hostile(tmp_path / "styled.xlsx", rows_xml=xfd_rows(50, value=False))
    data = ri.read_sheet(path)
    assert max(len(r) for r in data.rows) <= si.MAX_COLUMNS
    assert data.rows[1][:2] == (1, "Nguyễn Văn An")


@pytest.mark.parametrize(("dimension", "said"), [
    (b"A1:XFD2", "khai báo ô tới cột XFD"),
    (b"A1:D1048576", "khai báo ô tới dòng 1.048.576"),
])
def test_a_declared_size_no_list_needs_is_refused_before_reading(tmp_path, dimension, said):
    path = hostile(tmp_path / "dim.xlsx", dimension=dimension)
    with pytest.raises(ImportFileError, match=said):
        ri.read_sheet(path)


def test_too_many_rows_are_refused_while_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 1_000)
    # the dimension says two rows (as some programs write it); a stray cell far below
    far = b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>x</t></is></c></row>'
    path = hostile(tmp_path / "rows.xlsx", rows_xml=far)
    with pytest.raises(ImportFileError, match="có hơn 1.000 dòng"):
        ri.read_sheet(path)


def test_merged_ranges_are_read_a_chunk_at_a_time(tmp_path, monkeypatch):
    sheet = messy_history(tmp_path / "ls.xlsx")
    whole = si.read_sheet(sheet.path).merged
    assert len(whole) >= 5
    for chunk in (7, 64, 1000):  # every range cut somewhere by a chunk's end
        monkeypatch.setattr(workbook, "_MERGE_CHUNK", chunk)
        assert si.read_sheet(sheet.path).merged == whole


def test_an_ordinary_roster_still_reads(tmp_path):
    path = rf.write_sheet(tmp_path / "ok.xlsx", ROWS)
    assert ri.read_sheet(path).rows[1][1] == "Nguyễn Văn An"


def test_cli_refuses_and_writes_nothing(whitespace_bomb, tmp_path, capsys):
    db_path = tmp_path / "d.sqlite"
    assert cli_main(["import-staff", "--db", str(db_path), str(whitespace_bomb)]) == 2
    assert "khi giải nén chiếm 120 MB" in capsys.readouterr().err
    assert not db_path.exists()
    xfd = hostile(tmp_path / "xfd.xlsx", rows_xml=xfd_rows(10))
    assert cli_main(["import-staff", "--db", str(db_path), str(xfd)]) == 2
    assert "có dữ liệu ở ô XFD3" in capsys.readouterr().err


def test_the_window_says_why(show_window, db, tmp_path, whitespace_bomb):
    from thidua_desktop.ui.imports.wizard import ImportWizard

    window = show_window(db)
    wizard = ImportWizard(window, db)
    page = wizard.file_page
    page.path_edit.setText(str(whitespace_bomb))
    page._load_sheets()
    assert "khi giải nén chiếm 120 MB" in page.message.text()
    page.path_edit.setText(str(hostile(tmp_path / "xfd.xlsx", rows_xml=xfd_rows(10))))
    page._load_sheets()
    assert not page.validatePage()
    assert "có dữ liệu ở ô XFD3" in page.message.text()
    wizard.deleteLater()


def test_a_row_written_out_of_order_is_refused_not_dropped(show_window, db, tmp_path, capsys):
    """A list whose row 4 is written after row 5 (a hand-edited file): openpyxl would
    drop row 4 without a word and import the rest; the CLI and the window refuse
    the file and say which rows, and nothing is written."""
    from thidua_desktop.ui.imports.wizard import ImportWizard

    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>L\xc3\xaa V\xc4\x83n %d</t>'
                    b'</is></c></row>' % (r, r, r, r, r) for r in (5, 4))
    path = hostile(tmp_path / "order.xlsx", rows_xml=rows)
    db_path = tmp_path / "d.sqlite"
    assert cli_main(["import-staff", "--db", str(db_path), str(path)]) == 2
    assert "bị hỏng" in (err := capsys.readouterr().err) and "dòng 4 được ghi sau dòng 5" in err
    assert not db_path.exists()
    window = show_window(db)
    staff_before = db.execute("SELECT count(*) FROM staff").fetchone()[0]
    wizard = ImportWizard(window, db)
    page = wizard.file_page
    page.path_edit.setText(str(path))
    page._load_sheets()
    assert not page.validatePage()
    assert "dòng 4 được ghi sau dòng 5" in page.message.text()
    assert db.execute("SELECT count(*) FROM staff").fetchone()[0] == staff_before
    wizard.deleteLater()
