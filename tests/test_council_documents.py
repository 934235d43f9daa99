"""Council documents that print right (issue 18 §3): one sheet per ballot,
collective ballots, the biên bản kiểm phiếu's number line, the agency in a
sentence, "88,89 %" on one line, notes under the table, signatures with the
text before them, the results workbook's rounds and its chairman."""
from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from thidua_desktop.domain.models import OrgSettings
from thidua_desktop.services.documents import council_pdf
from thidua_desktop.services.documents.council_pdf import write_ballots, write_count_minutes
from thidua_desktop.services.documents.council_xlsx import export_results
from thidua_desktop.services.documents.pdf import grid, keep_closing, para, signatures
from thidua_desktop.store import council as store

from tests.test_council_pdf import HOA, _cand, _norm, _pages, _view


@pytest.fixture(autouse=True)
def _bundled_font(monkeypatch):
    monkeypatch.setenv("THIDUA_PDF_FONT", "bundled")


def test_eleven_candidates_nine_members_nine_sheets(tmp_path):
    view = _view()
    eleven = tuple(_cand(i, f"Nguyễn Thị Thanh Hương {i}", "1980", "Nữ", "Phó Trưởng phòng",
                         "Phòng Kế hoạch – Tài chính và Tổng hợp") for i in range(1, 12))
    view = replace(view, titles=(replace(view.titles[0], candidates=eleven, rounds=()),))
    out = tmp_path / "phieu.pdf"
    assert write_ballots(view, out, copies=9) == 9 == len(PdfReader(out).pages)
    assert all("Nguyễn Thị Thanh Hương 11" in page for page in _pages(out))


def test_a_collective_ballot_asks_for_the_collective(tmp_path):
    view = _view()
    units = tuple(_cand(i, f"Phòng số {i}", unit="Ban Dân tộc tỉnh Quảng Ngãi", tap_the=True) for i in (1, 2))
    view = replace(view, titles=(replace(view.titles[1], candidates=units, rounds=()),))
    out = tmp_path / "tap-the.pdf"
    write_ballots(view, out, copies=1)
    [page] = _pages(out)
    assert "Tên tập thể" in page and "Họ và tên" not in page and "Chức vụ" not in page
    assert "Ban Dân tộc tỉnh Quảng Ngãi" in page


def test_count_minutes_number_agency_notes(tmp_path):
    view = _view(settings=OrgSettings(co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", co_quan="BAN DÂN TỘC",
                                      ky_hieu="BDT", dia_danh="Quảng Ngãi"))
    out = tmp_path / "kiem-phieu.pdf"
    write_count_minutes(view, out)
    text = " ".join(_pages(out))
    assert "Số: /BB-HĐTĐKT" in text
    assert "Hội đồng Thi đua - Khen thưởng Ban Dân tộc tỉnh Quảng Ngãi họp" in text  # not "BAN DÂN TỘC"
    # the note leaves the result cell: a reference in the cell, the note under the table
    assert "Không đạt (1)" in text and _norm(f"(1) {HOA}: 7/9 phiếu, dưới 80%") in text


def test_a_percentage_and_a_heading_are_never_broken():
    p = council_pdf._p("Tuyết được 8/9 phiếu, tỉ lệ 88,89 %")
    assert "88,89\u00a0%" in p.text
    for width in range(60, 300, 3):  # wherever the line would break, "88,89" keeps its "%"
        p.wrap(width, 1000)
        assert not any(" ".join(words).endswith("88,89") for _w, words in p.blPara.lines)
    block = signatures("Xong.", [("TRƯỞNG BAN KIỂM PHIẾU", ["Võ Minh Đức"]), ("THƯ KÝ", ["Ngô Đình Khiêm"]),
                                 ("CHỦ TỊCH HỘI ĐỒNG", ["Lê Văn Thành"])])
    roles = block._content[2]._cellvalues[0]
    role = roles[0][0]
    role.wrap(block._content[2]._colWidths[0] - 6, 1000)
    assert len(role.blPara.lines) == 1 and "TRƯỞNG\u00a0BAN\u00a0KIỂM\u00a0PHIẾU" in role.text


def test_the_signatures_are_kept_with_the_text_before_them():
    table = grid([[para("TT")], [para("1")]], (20,))
    story = [para("Trước"), table, Spacer(1, 4), para("Số cá nhân đạt …")]
    closing = para("Chữ ký")
    out = keep_closing(story, closing)
    assert out[:2] == story[:2] and isinstance(out[-1], KeepTogether)
    kept = out[-1]._content
    assert kept[-1] is closing and isinstance(kept[-2], Paragraph)
    assert keep_closing([para("a"), table], closing)[-1] is closing  # after a table: nothing to keep with


def test_results_workbook_rounds_and_chairman(decisions_demo, tmp_path):
    past = store.list_meetings(decisions_demo)[1]
    out = tmp_path / "ket-qua.xlsx"
    export_results(decisions_demo, past.id, out)
    ws = openpyxl.load_workbook(out).active
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("Vòng 1: phát ra") for t in text)
    assert any(t.startswith("Vòng 2 (bỏ phiếu lại") for t in text)
    chair = next(m.ho_ten for m in store.get_council(decisions_demo, past.council_id).members
                 if m.vai_tro == "chu_tich")
    assert "TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text and "CHỦ TỊCH" in text
    assert text[-1] == chair


def test_proposal_list_names_its_to_trinh_sums_up_and_keeps_the_not_voted_apart(decisions_demo, tmp_path):
    import datetime as dt

    from thidua_desktop.domain.registrations import Evaluation
    from thidua_desktop.services.documents.council_xlsx import export_proposals
    from thidua_desktop.store import merit

    db = decisions_demo
    meeting = store.list_meetings(db)[0]  # this year's meeting, not voted yet
    rows = store.candidate_rows(db, meeting.id)
    person = next(r for r in rows if r["staff_id"] is not None)
    db.execute("UPDATE registrations SET trang_thai = 'de_nghi' WHERE id IN "
               f"({','.join(str(r['registration_id']) for r in rows)})")
    merit.save_evaluations(db, [Evaluation(person["staff_id"], meeting.nam, "HTXSNV")])
    out = tmp_path / "de-nghi.xlsx"
    export_proposals(db, meeting.campaign_id, out, nam=meeting.nam)
    ws = openpyxl.load_workbook(out).active
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("(Kèm theo Tờ trình số …") for t in text)  # no tờ trình yet: dots for the văn thư
    assert "Tóm tắt thành tích" in text
    line = next(row for row in ws.iter_rows(values_only=True) if row[1] == person["ten"])
    assert line[4].startswith(f"Năm {meeting.nam}: hoàn thành xuất sắc nhiệm vụ")
    assert line[5] == "Chưa bình xét"  # not listed as if decided
    assert any("— chưa bình xét (" in t for t in text)
    db.execute("INSERT INTO proposals (nam, ma, so_to_trinh, ngay_trinh) VALUES (?, 'BK_TINH', '15/TTr-BDT', ?)",
               [meeting.nam, dt.date(meeting.nam, 12, 20).isoformat()])
    export_proposals(db, meeting.campaign_id, out, nam=meeting.nam)
    text = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value]
    assert f"(Kèm theo Tờ trình số 15/TTr-BDT ngày 20 tháng 12 năm {meeting.nam})" in text


def test_cli_blank_tally_sheet_and_results_workbook(decisions_demo, db_path, tmp_path, capsys):
    from thidua_desktop import cli

    now, past = store.list_meetings(decisions_demo)
    blank = tmp_path / "kiem-phieu-trong.pdf"
    assert cli.main(["minutes", "--db", str(db_path), "--meeting", str(now.id), "--blank", str(blank)]) == 0
    assert "để trống" in capsys.readouterr().out
    text = " ".join(_pages(blank))
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Số phiếu phát ra: ……" in text and "Số: /BB-HĐTĐKT" in text
    out = tmp_path / "ket-qua.xlsx"
    assert cli.main(["export-results", "--db", str(db_path), "--meeting", str(past.id), str(out)]) == 0
    assert "Đã xuất kết quả bình xét" in capsys.readouterr().out
    text = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value]
    assert any(t.startswith("Vòng 1") for t in text) and "CHỦ TỊCH" in text
    assert cli.main(["export-results", "--db", str(db_path), "--meeting", str(now.id), str(out)]) == 2
    assert "chưa có kết quả kiểm phiếu" in capsys.readouterr().err
    assert cli.main(["export-results", "--db", str(db_path), "--meeting", str(past.id),
                     str(tmp_path / "ket-qua.pdf")]) == 2
