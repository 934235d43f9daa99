"""The council meeting's PDFs, read back with pypdf: pages, Vietnamese text, order, fonts."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader

from thidua_desktop.domain.models import OrgSettings
from thidua_desktop.domain.votes import VoteRule
from thidua_desktop.services.documents import council_pdf
from thidua_desktop.services.documents.council_pdf import (
    write_ballots,
    write_count_minutes,
    write_meeting_minutes,
    write_tally_sheet,
)
from thidua_desktop.services.council.view import (
    CandidateLine,
    MeetingView,
    MemberLine,
    RoundView,
    TitleView,
)

TUYET, HUNG, HOA, DUNG = "Nguyễn Thị Ánh Tuyết", "Đặng Quốc Hưng", "Tôn Nữ <Hoa> & Co", "Phạm Văn Dũng"
UNIT = "Phòng Tổ chức – Hành chính"
TIE_NOTE = "Đặng Quốc Hưng và Nguyễn Thị Ánh Tuyết bằng phiếu; Hội đồng bỏ phiếu lần 2 cho 1 suất."


def _cand(stt, name, born="", sex="", post="", unit="", votes=None, pct="", outcome="", **kw) -> CandidateLine:
    return CandidateLine(stt=stt, ho_ten=name, nam_sinh=born, gioi_tinh=sex, chuc_vu=post, don_vi=unit,
                         votes=votes, pct=pct, outcome=outcome, **kw)


def _view(**changes) -> MeetingView:
    ballot = (  # ballot order differs from the vote order
        _cand(1, TUYET, "1978", "Nữ", "Chuyên viên chính", "Phòng Tổng hợp"),
        _cand(2, HUNG, "1985", "Nam", "Trưởng phòng", "Phòng Kế hoạch – Tài chính"),
        _cand(3, DUNG, "1969", "Nam", "Phó Trưởng phòng", "Phòng Chính sách"),
        _cand(4, HOA, "1990", "Nữ", "Chuyên viên", "Văn phòng Ban"),
    )
    by_name = {c.ho_ten: c for c in ballot}

    def voted(name, votes, pct, outcome, **kw):
        return replace(by_name[name], votes=votes, pct=pct, outcome=outcome, **kw)

    round1 = RoundView(1, issued=8, returned=8, valid=8, invalid=0, reached=2, seats=1, tie_note=TIE_NOTE,
                       candidates=(voted(HUNG, 8, "88,89 %", "Bằng phiếu, chưa quyết"),
                                   voted(TUYET, 8, "88,89 %", "Bằng phiếu, chưa quyết", women_priority=True),
                                   voted(HOA, 7, "77,78 %", "Không đạt", note="7/9 phiếu, dưới 80%"),
                                   voted(DUNG, 5, "55,56 %", "Không đạt")))
    round2 = RoundView(2, issued=8, returned=8, valid=7, invalid=1, reached=0, seats=1,
                       candidates=(voted(TUYET, 6, "66,67 %", "Đạt"), voted(HUNG, 2, "22,22 %", "Không đạt")))
    cstd = TitleView("CSTDCS", "Chiến sĩ thi đua cơ sở", VoteRule(80), needed=8, quota=1, candidates=ballot,
                     rounds=(round1, round2))
    unit = _cand(1, UNIT)
    co = TitleView("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", VoteRule(80), needed=8, quota=None,
                   candidates=(unit,),
                   rounds=(RoundView(1, 8, 8, 8, 0, reached=1,
                                     candidates=(replace(unit, votes=8, pct="88,89 %", outcome="Đạt"),)),))
    members = (
        MemberLine("Lê Văn Thành", "Trưởng Ban", "Chủ tịch Hội đồng", "Có mặt"),
        MemberLine("Trần Thị Thu Hằng", "Phó Trưởng Ban", "Phó Chủ tịch Hội đồng", "Có mặt"),
        MemberLine("Võ Minh Đức", "Chánh Văn phòng", "Ủy viên", "Có mặt", kiem_phieu="Trưởng ban"),
        MemberLine("Huỳnh Thị Ngọc Ẩn", "Trưởng phòng Chính sách", "Ủy viên", "Có mặt", kiem_phieu="Ủy viên"),
        MemberLine("Bùi Xuân Trường", "Chủ tịch Công đoàn", "Ủy viên", "Có mặt", kiem_phieu="Ủy viên"),
        MemberLine("Dương Thị Mỹ Ỷ", "Bí thư Chi đoàn", "Ủy viên", "Có mặt"),
        MemberLine("Ngô Đình Khiêm", "Chuyên viên Văn phòng", "Ủy viên, Thư ký", "Có mặt"),
        MemberLine("Phan Thị Ửng", "Phó Chánh Văn phòng", "Ủy viên", "Vắng, có ý kiến bằng văn bản",
                   ly_do="Đi công tác"),
        MemberLine("Hồ Sĩ Lượng", "Trưởng phòng Kế hoạch", "Ủy viên", "Vắng", ly_do="Nghỉ ốm"),
    )
    settings = OrgSettings(co_quan_chu_quan="Ủy ban nhân dân tỉnh Quảng Ngãi", co_quan="Ban Dân tộc",
                           ky_hieu="BDT", dia_danh="Quảng Ngãi", chuc_danh_thu_truong="Trưởng Ban",
                           ten_thu_truong="Lê Văn Thành")
    view = MeetingView(
        settings=settings, meeting_id=1, year=2025, campaign="Phong trào thi đua năm 2025",
        council_decision="Quyết định số 12/QĐ-BDT ngày 05/01/2026 của Trưởng Ban Dân tộc",
        date=dt.date(2026, 2, 5), time="14 giờ 00", place="Phòng họp số 2, Ban Dân tộc", total_members=9,
        members=members, present=7, written=1,
        quorum_text="Có mặt 7/9 thành viên (cần ít nhất 6); 1 ý kiến bằng văn bản — đủ điều kiện",
        quorum_met=True, chair="Lê Văn Thành", secretary="Ngô Đình Khiêm", titles=(cstd, co),
        conclusions="Hội đồng thống nhất đề nghị Trưởng Ban tặng danh hiệu cho các cá nhân, tập thể đạt.")
    return replace(view, **changes)


def _norm(text: str) -> str:
    """NFC, whitespace (line breaks inside table cells) collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _pages(path, which=None) -> list[str]:
    """The text of the pages (or of the pages numbered in ``which``, from 0)."""
    pages = PdfReader(path).pages
    return [_norm(pages[i].extract_text()) for i in (range(len(pages)) if which is None else which)]


def _text(path) -> str:
    return " ".join(_pages(path))


@pytest.fixture(autouse=True)
def _bundled_font(monkeypatch):  # the output must not depend on the fonts of the machine
    monkeypatch.setenv("THIDUA_PDF_FONT", "bundled")


@pytest.fixture
def view() -> MeetingView:
    return _view()


def test_ballots_one_page_per_copy_with_no_serial(view, tmp_path):
    out = tmp_path / "phieu.pdf"
    pages = write_ballots(view, out)
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 8 * 2  # present + written, for each title
    first, eighth, ninth = _pages(out, (0, 7, 8))
    assert first == eighth  # identical copies: a secret ballot carries no serial (issue #16)
    assert not any("Phiếu số" in t for t in _pages(out))
    for expected in ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "BAN DÂN TỘC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 05 tháng 02 năm 2026", "PHIẾU BẦU",
                     "Danh hiệu: Chiến sĩ thi đua cơ sở",
                     "Cuộc họp Hội đồng Thi đua - Khen thưởng ngày 05/02/2026", "đánh dấu × vào cột “Đồng ý”",
                     "Họ và tên", "Không đồng ý", TUYET, HUNG, HOA, DUNG, "Phòng Kế hoạch – Tài chính"):
        assert _norm(expected) in first, expected
    # ballot order, not vote order
    assert first.index(TUYET) < first.index(HUNG) < first.index(DUNG) < first.index(HOA)
    assert "Chiến sĩ thi đua cơ sở" in eighth and TUYET in eighth
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in ninth and UNIT in ninth and "Tên tập thể" in ninth
    assert reader.metadata.title.startswith("Phiếu bầu")


def test_ballots_codes_and_copies(view, tmp_path):
    out = tmp_path / "co.pdf"
    assert write_ballots(view, out, codes=["CO_TINH"], copies=3) == 3
    texts = _pages(out)
    assert len(set(texts)) == 1 and "Phiếu số" not in texts[0]
    assert not any(TUYET in t for t in texts)
    with pytest.raises(ValueError):
        write_ballots(view, out, codes=["KHONG_CO"])
    with pytest.raises(ValueError):
        write_ballots(view, out, copies=0)


def test_long_ballot_repeats_table_header(view, tmp_path):
    many = tuple(_cand(i, f"Lê Thị Thanh Hương {i}", "1980", "Nữ", "Chuyên viên", "Phòng Tổng hợp")
                 for i in range(1, 31))
    long_view = replace(view, titles=(replace(view.titles[0], candidates=many, rounds=()),))
    out = tmp_path / "dai.pdf"
    pages = write_ballots(long_view, out, copies=2)
    texts = _pages(out)
    assert pages == len(texts) == 4
    assert "Phiếu bầu – Chiến sĩ thi đua cơ sở (tiếp theo)" in texts[1] and "Họ và tên" in texts[1]
    assert "Đồng ý" in texts[1] and "(tiếp theo)" not in texts[2] and "Lê Thị Thanh Hương 30" in texts[3]


def test_fonts_are_embedded_liberation_serif(view, tmp_path):
    out = tmp_path / "bb.pdf"
    write_count_minutes(view, out)
    for page in PdfReader(out).pages:
        fonts = page["/Resources"]["/Font"]
        names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
        assert names and all("LiberationSerif" in n for n in names), names
        descriptors = [f.get_object()["/FontDescriptor"].get_object() for f in fonts.values()]
        assert all("/FontFile2" in d for d in descriptors)  # TrueType embedded


def test_count_minutes(view, tmp_path):
    out = tmp_path / "kiem_phieu.pdf"
    pages = write_count_minutes(view, out)
    assert pages == len(PdfReader(out).pages)
    text = _text(out)
    for expected in ("BIÊN BẢN KIỂM PHIẾU", "Căn cứ Quyết định số 12/QĐ-BDT ngày 05/01/2026",
                     "Võ Minh Đức, Chánh Văn phòng – Trưởng Ban kiểm phiếu",
                     "Tổng số thành viên Hội đồng theo quyết định thành lập: 9 người",
                     "Số thành viên tham gia biểu quyết: 8 người", "Hồ Sĩ Lượng", "lý do: Nghỉ ốm",
                     "Số phiếu phát ra: 8; số phiếu thu vào: 8; số phiếu hợp lệ: 7; số phiếu không hợp lệ: 1",
                     "Năm sinh (Nam/Nữ)", "1978 (Nữ)", "88,89 %", "7/9 phiếu, dưới 80%",
                     "Số cá nhân đạt ít nhất 80 % số phiếu trên tổng số thành viên Hội đồng là 2 người.",
                     "Số tập thể đạt ít nhất 80 % số phiếu trên tổng số thành viên Hội đồng là 1 tập thể.",
                     TIE_NOTE, "Ưu tiên nữ khi có thành tích ngang nhau", "TRƯỞNG BAN KIỂM PHIẾU",
                     "THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG", "Ngô Đình Khiêm", "Lê Văn Thành"):
        assert _norm(expected) in text, expected
    round1 = text[text.index("Lần bỏ phiếu thứ 1"):text.index("Lần bỏ phiếu thứ 2")]
    assert round1.index(HUNG) < round1.index(TUYET) < round1.index(HOA) < round1.index(DUNG)
    round2 = text[text.index("Lần bỏ phiếu thứ 2"):text.index("Cờ thi đua")]
    assert round2.index(TUYET) < round2.index(HUNG)


def test_tally_sheet_is_blank(view, tmp_path):
    out = tmp_path / "nhap.pdf"
    assert write_tally_sheet(view, out) == len(PdfReader(out).pages)
    text = _text(out)
    for expected in ("BIÊN BẢN KIỂM PHIẾU", "Số phiếu phát ra: ……", "Số phiếu thu vào: ……",
                     "Số phiếu hợp lệ: ……", "Số phiếu không hợp lệ: ……", "Chức vụ, đơn vị", "Số phiếu đồng ý",
                     "Tỉ lệ %", "Chuyên viên chính Phòng Tổng hợp", HOA, "TRƯỞNG BAN KIỂM PHIẾU",
                     "ỦY VIÊN BAN KIỂM PHIẾU", "Võ Minh Đức", "Huỳnh Thị Ngọc Ẩn"):
        assert _norm(expected) in text, expected
    assert "88,89" not in text  # no results on the blank sheet


def test_meeting_minutes(view, tmp_path):
    out = tmp_path / "hop.pdf"
    assert write_meeting_minutes(view, out) == len(PdfReader(out).pages)
    text = _text(out)
    for expected in ("BIÊN BẢN HỌP", "Thời gian: 14 giờ 00, ngày 05/02/2026", "Phòng họp số 2, Ban Dân tộc",
                     "Chủ trì: Lê Văn Thành, Chủ tịch Hội đồng", "Thư ký: Ngô Đình Khiêm",
                     "Vắng, có ý kiến bằng văn bản (Đi công tác)", "Có mặt 7/9 thành viên",
                     "Nguyễn Thị Ánh Tuyết, Chuyên viên chính Phòng Tổng hợp: 6/9 phiếu (66,67 %), "
                     "lần bỏ phiếu thứ 2", "Đạt (lần 2)", "Không đạt (lần 1)", "88,89 %",
                     "Hội đồng thống nhất đề nghị Trưởng Ban", "CHỦ TỊCH HỘI ĐỒNG", "THƯ KÝ"):
        assert _norm(expected) in text, expected
    assert "không đủ túc số" not in text
    assert PdfReader(out).metadata.title.startswith("Biên bản họp")


def test_meeting_minutes_without_quorum(view, tmp_path):
    out = tmp_path / "khong_du.pdf"
    write_meeting_minutes(replace(view, present=5, quorum_met=False,
                                  quorum_text="Có mặt 5/9 thành viên — KHÔNG đủ điều kiện"), out)
    fonts = []  # the statement is set in bold

    def visit(text, cm, tm, font, size):
        if "không đủ số thành viên" in text and font:
            fonts.append(str(font["/BaseFont"]))

    text = _norm(" ".join(page.extract_text(visitor_text=visit) for page in PdfReader(out).pages))
    assert "Cuộc họp không đủ số thành viên Hội đồng tham dự theo quy định (không đủ túc số)" in text
    assert "Đạt (lần 2)" not in text and "Hội đồng thảo luận, bỏ phiếu kín" not in text
    assert fonts and all("Bold" in f for f in fonts)


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2026, 2, 5), "Quảng Ngãi, ngày 05 tháng 02 năm 2026"),
    (dt.date(2026, 1, 10), "Quảng Ngãi, ngày 10 tháng 01 năm 2026"),
    (dt.date(2025, 12, 9), "Quảng Ngãi, ngày 09 tháng 12 năm 2025"),
    (dt.date(2025, 3, 31), "Quảng Ngãi, ngày 31 tháng 3 năm 2025"),
])
def test_date_line(view, date, expected):
    assert council_pdf._date_line(replace(view, date=date)) == expected
