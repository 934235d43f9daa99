"""The plans of a mixed, hostile award-history list and xếp loại list read
every row as they always have: status, reason, who, what would be written
(a guard for the plan's shortcuts, :mod:`tests.test_import_shortcuts`)."""
from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
import pytest

from tests import roster_factory as rf
from tests.merit_factory import seed_agency
from thidua_desktop.domain.registrations import AwardEntry, Evaluation
from thidua_desktop.services.imports import history as hi
from thidua_desktop.services.imports import xep_loai as xl
from thidua_desktop.store import merit


def write_rows(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        if values:
            rf.put_row(ws, r, values)
    wb.save(path)
    return path


@pytest.fixture
def agency(db):
    agency = seed_agency(db)
    merit.save_awards(db, [
        AwardEntry(nam=2022, ma="LDTT", staff_id=agency.people["an"], so_quyet_dinh="125/QĐ-UBND"),
        AwardEntry(nam=2023, ma="CSTDCS", staff_id=agency.people["binh"], so_quyet_dinh="130/QĐ-BDT",
                   ngay_quyet_dinh=dt.date(2023, 12, 22), co_so="dot_xuat", ghi_chu="cũ"),
        AwardEntry(nam=2023, ma="GK", unit_id=agency.units["Văn phòng"]),
    ])
    merit.save_evaluations(db, [Evaluation(staff_id=agency.people["an"], nam=2023, xep_loai="HTXSNV"),
                                Evaluation(staff_id=agency.people["cuong"], nam=2024, xep_loai="HTNV", so_thang=10)])
    return agency


def _iso(d):
    return d.isoformat() if d else None


def _undated(reason: str) -> str:
    """A reason as it reads in any year (a birth year may not be after this year)."""
    return reason.replace(f"1900–{dt.date.today().year}", "1900–<năm nay>")


def history_summary(r) -> tuple:
    subject = (r.subject.kind, r.subject.label) if r.subject else None
    writes = [(e.ma, e.nam, e.co_so, e.so_quyet_dinh, _iso(e.ngay_quyet_dinh), e.ghi_chu[:20], e.id is None)
              for e in r.writes]
    return (r.excel_row, r.status.name, _undated(r.reason), r.kind, subject, [c.label for c in r.candidates], r.titles,
            r.year, r.decision, _iso(r.decision_date), writes, r.changes)


def evaluation_summary(r) -> tuple:
    subject = r.subject.label if r.subject else None
    evaluation = (r.evaluation.xep_loai, r.evaluation.so_thang, r.evaluation.thai_san_thang) if r.evaluation else None
    discipline = (r.new_discipline.hinh_thuc, _iso(r.new_discipline.tu_ngay), r.new_discipline.so_quyet_dinh) \
        if r.new_discipline else None
    return (r.excel_row, r.status.name, r.reason, subject, [c.label for c in r.candidates], r.year, evaluation,
            discipline, r.new_review is not None, r.changes)


HISTORY_ROWS = [
    ["DANH SÁCH KHEN THƯỞNG NĂM 2023"],
    ["(Kèm theo Quyết định số 200/QĐ-BDT ngày 25/12/2023)"],
    None,
    ["STT", "Họ và tên", "Ngày sinh", "Cá nhân/Tập thể", "Đơn vị", "Năm", "Danh hiệu", "Số quyết định",
     "Ngày quyết định", "Ghi chú"],
    [1, "Nguyễn Văn An", "12/03/1980", None, "Văn phòng", 2022, "Lao động tiên tiến",
     "Số 125/QĐ-UBND ngày 20/12/2022"],
    [2, "Nguyen Van An", "12/3/1980", None, None, "2023", "LĐTT; CSTĐCS", "130/QĐ-BDT", "22/12/2023", "Cứu người"],
    [3, "Trần Thị Bình", "01/07/1985", "Cá nhân", None, 2023, "Chiến sỹ thi đua cơ sở", "130/QĐ-BDT, 22/12/2023"],
    [4, "Lê Văn Cường", 1979, None, "Phòng Chính sách", 2023, "Giấy khen đột xuất",
     "QĐ số 45/QĐ-BDT ngày 10 tháng 8 năm 2023"],
    [5, "Y Ngọc", "15.06.1987", None, None, 2022, "Bằng khen của Chủ tịch UBND tỉnh Khánh Hòa",
     "Số: 2001/QĐ-UBND ngày: 30/12/2022"],
    [6, "Đỗ Văn Mới", "02/02/1995", None, "Văn phòng", 2023, "LĐTT", "Số 12/QĐ-UBND ngày 20/12/2023"],
    [7, "Hoàng Thị Hoa", None, None, None, 2023, "LĐTT", "Số 12/QĐ-UBND ngày 20/12/2023"],
    [8, "Hoàng Thị Hoa", None, None, "Phòng Chính sách", 2023, "LĐTT", "Số 12/QĐ-UBND ngày 20/12/2023"],
    [9, "Tập thể Văn phòng", None, None, None, 2023, "Giấy khen", "125/QĐ-UBND", "20/12/2023"],
    [10, "Phòng Kế hoạch - Tài chính", None, "Tập thể", None, 2023, "Tập thể lao động xuất sắc",
     "Số 2100/QĐ-UBND ngày 28/12/2023"],
    [11, "Phạm Thị Dung", "05/01/1990", None, None, 2023, "LĐTT", "Số 125/QĐ-UBND ngày 31/02/2023"],
    [12, "Pham Thi Dung", "05/01/1990", None, None, 2023, "LĐTT", "Số 12/QĐ-UBND ngày 20/12/2022"],
    [13, "Phạm Thị Dũng", "06/02/1991", None, None, "năm ngoái", "LĐTT", "Số 12/QĐ-UBND ngày 20/12/2023"],
    [14, "Phạm Thị Dũng", "31/02/1991", None, None, 2023, "LĐTT", "Số 12/QĐ-UBND ngày 20/12/2023"],
    [15, "Phạm Thị Dũng", 29000, None, None, 2023, "LĐTT", "Số 12/QĐ-UBND ngày 20/12/2023"],
    [16, "Y Ngọc", "15/06/1987", None, None, 2023, "Bằng khen", "Số 1/QĐ-UBND ngày 20/12/2023"],
    [17, "Y Ngọc", "15/06/1987", "Người", None, 2023, "LĐTT", "Số 1/QĐ-UBND ngày 20/12/2023"],
    [18, "Nguyễn Văn An", "1980", None, None, 2024, "LĐTT", "Số 7/QĐ-UBND ngày 20/12/2024", None, "x" * 4100],
    [19, "Nguyễn Văn An", "12/03/1980", None, None, 2024, "CSTĐCS",
     unicodedata.normalize("NFD", "Số 8/QĐ-UBND ngày 20/12/2024")],
    [20, "Nguyễn Văn An", "12/03/1980", None, None, 2024, "CSTĐCS", "Số 8/QĐ-UBND ngày 20/12/2024"],
    [21, "Nguyễn Văn An", "12/03/1980", None, None, 2024, "CSTĐCS", "Số 9/QĐ-UBND ngày 21/12/2024"],
    [5, rf.to_tcvn3("Nguyễn Văn An"), "12/03/1980", None, None, 2021, rf.to_tcvn3("Lao động tiên tiến")],
    [6, "Trần Thị Bình", "1985-07-01", None, None, 2021, "LĐTT", "Số 12345678/QĐ-UBND ngày 20/12/2021"],
    [7, "Trần Thị Bình", dt.date(1985, 7, 1), None, None, 2020, "LĐTT", "12/2020/QĐ-UBND 20/12/2020"],
    [8, "Trần Thị Bình", "01/07/1985", None, None, 2019, "LĐTT", "Số 5/QĐ-UBND ngày 20-12-2019"],
    [9, "Trần Thị Bình", "01/07/1985", None, None, 2018, "LĐTT", "SỐ 5/QĐ-UBND NGÀY 20/12/2018"],
    [10, "Trần Thị Bình", "01/07/1985", None, None, 2017, "LĐTT", "Số 5/QĐ-UBND ngày 20/12/2017 (bổ sung)"],
    [11, "Trần Thị Bình", "01/07/1985", None, None, 2016, "LĐTT", "abc"],
    [12, "Trần Thị Bình", "01/07/1985", None, None, 2016, "CSTĐCS", "Số 5/QĐ-UBND ngày 20/12/2016", "21/12/2016"],
    [13, "Trần Thị Bình", "01/07/1985", None, None, "20233", "LĐTT", 125],
    [14, "Trần Thị Bình", "٠١/٠٧/١٩٨٥", None, None, 2015, "LĐTT", "Số 5/QĐ-UBND ngày 20/12/2015."],
    [15, "Trần Thị Bình", "01/07/1985 ", None, None, 2014, "GK chuyên đề", "Số 5/QĐ-UBND  ngày 20/12/2014"],
    [16, "Trần Thị Bình", "1/7/1985", None, None, 2013, "LĐTT", "Số 5/QĐ-UBND ngày 20/12/2013 và 21/12/2013"],
    [17, "Trần Thị Bình", "01/07/1985", None, None, 2012, "LĐTT", "Số 5/QĐ-UBND ngày 0/12/2012"],
    [18, "Trần Thị Bình", "01/07/1985", None, None, 2011, "HTXS NV", "So 5/QD-UBND ngay 20/12/2011"],
    [None, "II. TẬP THỂ"],
    [1, "Phòng Chính sách", None, None, None, 2024, "Giấy khen", "Số 20/QĐ-UBND ngày 2/1/2025"],
    [2, "Văn phòng", "12/03/1980", None, None, 2024, "Giấy khen", "Số 20/QĐ-UBND ngày 2/1/2025"],
    [3, "Phòng Tổ chức", None, None, None, 2024, "Giấy khen", None, "20/12/2024"],
    [4, "123", None, None, None, 2024, "Giấy khen"],
    [None, None, None, None, None, 2024, "LĐTT"],
    None,
    [None, "Cộng: 40 lượt"],
    [None, "NGƯỜI LẬP BIỂU"],
]

#: (Excel row, status, reason, kind, who, candidates, titles, year, decision, date, writes, changes)
HISTORY_SNAPSHOT = [
 (5, 'UPDATE', '', 'staff', ('staff', 'Nguyễn Văn An (12/03/1980) — Văn phòng'), [], ['LDTT'], 2022, '125/QĐ-UBND',
  '2022-12-20', [('LDTT', 2022, 'cong_trang', '125/QĐ-UBND', '2022-12-20', '', False)],
  ['LDTT 2022 — Ngày quyết định: — → 20/12/2022']),
 (6, 'NEW', '', 'staff', ('staff', 'Nguyễn Văn An (12/03/1980) — Văn phòng'), [], ['LDTT', 'CSTDCS'], 2023,
  '130/QĐ-BDT', '2023-12-22',
  [('LDTT', 2023, 'cong_trang', '130/QĐ-BDT', '2023-12-22', 'Cứu người', True),
   ('CSTDCS', 2023, 'cong_trang', '130/QĐ-BDT', '2023-12-22', 'Cứu người', True)],
  []),
 (7, 'UNCHANGED', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['CSTDCS'],
  2023, '130/QĐ-BDT', '2023-12-22', [], []),
 (8, 'NEW', '', 'staff', ('staff', 'Lê Văn Cường (1979) — Phòng Chính sách'), [], ['GK'], 2023, '45/QĐ-BDT',
  '2023-08-10', [('GK', 2023, 'dot_xuat', '45/QĐ-BDT', '2023-08-10', '', True)], []),
 (9, 'NEW', '', 'staff', ('staff', 'Y Ngọc (15/06/1987) — Phòng Chính sách'), [], ['BK_TINH'], 2022, '2001/QĐ-UBND',
  '2022-12-30', [('BK_TINH', 2022, 'cong_trang', '2001/QĐ-UBND', '2022-12-30', '', True)], []),
 (10, 'UNMATCHED', 'Không tìm thấy “Đỗ Văn Mới” (sinh 02/02/1995) trong danh sách cán bộ; hãy chọn người', 'staff',
  None, [], ['LDTT'], 2023, '12/QĐ-UBND', '2023-12-20', [], []),
 (11, 'UNMATCHED',
  'Có 2 người tên “Hoàng Thị Hoa” (Hoàng Thị Hoa (04/04/1988) — Văn phòng; Hoàng Thị Hoa (09/09/1993) — Phòng '
  'Chính sách); hãy chọn đúng người (hoặc ghi đủ ngày sinh trong tệp)',
  'staff', None, ['Hoàng Thị Hoa (04/04/1988) — Văn phòng', 'Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách'],
  ['LDTT'], 2023, '12/QĐ-UBND', '2023-12-20', [], []),
 (12, 'NEW', '', 'staff', ('staff', 'Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách'), [], ['LDTT'], 2023,
  '12/QĐ-UBND', '2023-12-20', [('LDTT', 2023, 'cong_trang', '12/QĐ-UBND', '2023-12-20', '', True)], []),
 (13, 'UPDATE', '', 'unit', ('unit', 'Văn phòng'), [], ['GK'], 2023, '125/QĐ-UBND', '2023-12-20',
  [('GK', 2023, 'cong_trang', '125/QĐ-UBND', '2023-12-20', '', False)],
  ['GK 2023 — Số quyết định: — → “125/QĐ-UBND”', 'GK 2023 — Ngày quyết định: — → 20/12/2023']),
 (14, 'NEW', '', 'unit', ('unit', 'Phòng Kế hoạch - Tài chính'), [], ['TTLDXS'], 2023, '2100/QĐ-UBND', '2023-12-28',
  [('TTLDXS', 2023, 'cong_trang', '2100/QĐ-UBND', '2023-12-28', '', True)], []),
 (15, 'ERROR', 'Ngày quyết định: Ngày 31/2/2023 không tồn tại', 'staff', None, [], ['LDTT'], 2023, '125/QĐ-UBND',
  None, [], []),
 (16, 'ERROR', 'Ngày quyết định 20/12/2022 trước năm được khen 2023', 'staff',
  ('staff', 'Phạm Thị Dung (05/01/1990) — Văn phòng'), [], ['LDTT'], 2023, '12/QĐ-UBND', '2022-12-20', [], []),
 (17, 'ERROR', 'Năm: “năm ngoái” không phải năm (ghi 4 chữ số, ví dụ 2024)', 'staff', None, [], ['LDTT'], None,
  '12/QĐ-UBND', '2023-12-20', [], []),
 (18, 'ERROR', 'Ngày sinh (cột C): Ngày 31/2/1991 không tồn tại', 'staff', None, [], ['LDTT'], 2023, '12/QĐ-UBND',
  '2023-12-20', [], []),
 (19, 'ERROR',
  'Ngày sinh (cột C): Năm 29000 nằm ngoài khoảng 1900–<năm nay> — có thể là ngày 25/05/1979 ở dạng số; hãy định '
  'dạng cột là Ngày (Date) trong Excel rồi nhập lại',
  'staff', None, [], ['LDTT'], 2023, '12/QĐ-UBND', '2023-12-20', [], []),
 (20, 'ERROR',
  'Không nhận ra danh hiệu, hình thức “Bằng khen” (ghi như trong danh mục: Lao động tiên tiến, Chiến sĩ thi đua cơ '
  'sở, Giấy khen, …)',
  'staff', None, [], [], 2023, '1/QĐ-UBND', '2023-12-20', [], []),
 (21, 'NEW', '', 'staff', ('staff', 'Y Ngọc (15/06/1987) — Phòng Chính sách'), [], ['LDTT'], 2023, '1/QĐ-UBND',
  '2023-12-20', [('LDTT', 2023, 'cong_trang', '1/QĐ-UBND', '2023-12-20', '', True)], []),
 (22, 'ERROR', 'Ghi chú quá dài (4.100 ký tự, tối đa 4.000)', 'staff',
  ('staff', 'Nguyễn Văn An (12/03/1980) — Văn phòng'), [], ['LDTT'], 2024, '7/QĐ-UBND', '2024-12-20', [], []),
 (23, 'NEW', '', 'staff', ('staff', 'Nguyễn Văn An (12/03/1980) — Văn phòng'), [], ['CSTDCS'], 2024, '8/QĐ-UBND',
  '2024-12-20', [('CSTDCS', 2024, 'cong_trang', '8/QĐ-UBND', '2024-12-20', '', True)], []),
 (24, 'SKIPPED', 'CSTDCS năm 2024: trùng với dòng 23, bỏ qua', 'staff',
  ('staff', 'Nguyễn Văn An (12/03/1980) — Văn phòng'), [], ['CSTDCS'], 2024, '8/QĐ-UBND', '2024-12-20', [], []),
 (25, 'ERROR', 'Trùng với dòng 23 (cùng người, năm 2024, CSTDCS) nhưng khác quyết định', 'staff',
  ('staff', 'Nguyễn Văn An (12/03/1980) — Văn phòng'), [], ['CSTDCS'], 2024, '9/QĐ-UBND', '2024-12-21', [], []),
 (26, 'NEW', '', 'staff', ('staff', 'Nguyễn Văn An (12/03/1980) — Văn phòng'), [], ['LDTT'], 2021, '200/QĐ-BDT',
  '2023-12-25', [('LDTT', 2021, 'cong_trang', '200/QĐ-BDT', '2023-12-25', '', True)], []),
 (27, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['LDTT'], 2021,
  '12345678/ -UBND', '2021-12-20', [('LDTT', 2021, 'cong_trang', '12345678/ -UBND', '2021-12-20', '', True)], []),
 (28, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['LDTT'], 2020,
  '12/2020/QĐ-UBND', '2020-12-20', [('LDTT', 2020, 'cong_trang', '12/2020/QĐ-UBND', '2020-12-20', '', True)], []),
 (29, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['LDTT'], 2019,
  '5/QĐ-UBND', '2019-12-20', [('LDTT', 2019, 'cong_trang', '5/QĐ-UBND', '2019-12-20', '', True)], []),
 (30, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['LDTT'], 2018,
  '5/QĐ-UBND', '2018-12-20', [('LDTT', 2018, 'cong_trang', '5/QĐ-UBND', '2018-12-20', '', True)], []),
 (31, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['LDTT'], 2017,
  '5/QĐ-UBND', '2017-12-20', [('LDTT', 2017, 'cong_trang', '5/QĐ-UBND', '2017-12-20', '', True)], []),
 (32, 'ERROR', 'Quyết định “abc” không đọc được số hoặc ngày', 'staff', None, [], ['LDTT'], 2016, '', None, [], []),
 (33, 'ERROR', 'Ngày quyết định ghi hai lần khác nhau (20/12/2016 và 21/12/2016)', 'staff', None, [], ['CSTDCS'],
  2016, '5/QĐ-UBND', '2016-12-20', [], []),
 (34, 'ERROR', 'Năm: “20233” không phải năm (ghi 4 chữ số, ví dụ 2024)', 'staff', None, [], ['LDTT'], None, '125',
  None, [], []),
 (35, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['LDTT'], 2015,
  '5/QĐ-UBND', '2015-12-20', [('LDTT', 2015, 'cong_trang', '5/QĐ-UBND', '2015-12-20', '', True)], []),
 (36, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['GK'], 2014,
  '5/QĐ-UBND', '2014-12-20', [('GK', 2014, 'chuyen_de', '5/QĐ-UBND', '2014-12-20', '', True)], []),
 (37, 'NEW', '', 'staff', ('staff', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính'), [], ['LDTT'], 2013,
  '5/QĐ-UBND', '2013-12-20', [('LDTT', 2013, 'cong_trang', '5/QĐ-UBND', '2013-12-20', '', True)], []),
 (38, 'ERROR', 'Ngày quyết định: Ngày 0/12/2012 không tồn tại', 'staff', None, [], ['LDTT'], 2012, '5/QĐ-UBND',
  None, [], []),
 (39, 'ERROR',
  'Không nhận ra danh hiệu, hình thức “HTXS NV” (ghi như trong danh mục: Lao động tiên tiến, Chiến sĩ thi đua cơ '
  'sở, Giấy khen, …)',
  'staff', None, [], [], 2011, '5/QD-UBND', '2011-12-20', [], []),
 (40, 'SKIPPED', 'Dòng nhóm: tập thể', '', None, [], [], None, '', None, [], []),
 (41, 'NEW', '', 'unit', ('unit', 'Phòng Chính sách'), [], ['GK'], 2024, '20/QĐ-UBND', '2025-01-02',
  [('GK', 2024, 'cong_trang', '20/QĐ-UBND', '2025-01-02', '', True)], []),
 (42, 'ERROR', 'Dòng của tập thể nhưng có ngày sinh', 'unit', None, [], ['GK'], 2024, '20/QĐ-UBND', '2025-01-02',
  [], []),
 (43, 'UNMATCHED', 'Không tìm thấy đơn vị “Phòng Tổ chức” trong dữ liệu; hãy chọn đơn vị', 'unit', None, [], ['GK'],
  2024, '', '2024-12-20', [], []),
 (44, 'ERROR', 'Tên không hợp lệ: “123”', '', None, [], [], None, '', None, [], []),
 (45, 'ERROR', 'Không có tên cá nhân/tập thể nhưng có dữ liệu ở cột F, G', '', None, [], [], None, '', None, [],
  []),
 (46, 'SKIPPED', 'Dòng trống', '', None, [], [], None, '', None, [], []),
 (47, 'SKIPPED', 'Dòng cộng: “Cộng: 40 lượt”', '', None, [], [], None, '', None, [], []),
 (48, 'SKIPPED', 'Phần cuối bảng: “NGƯỜI LẬP BIỂU”', '', None, [], [], None, '', None, [], [])]

EVALUATION_ROWS = [
    ["STT", "Họ và tên", "Ngày sinh", "Đơn vị", "Năm", "Xếp loại", "Số tháng công tác", "Số tháng nghỉ thai sản",
     "Hình thức kỷ luật", "Ngày quyết định kỷ luật", "Số quyết định kỷ luật", "Ghi chú"],
    [1, "Nguyễn Văn An", "12/03/1980", "Văn phòng", 2023, "HTXSNV", 12],
    [2, "Nguyen Van An", "12/03/1980", None, 2024, "Hoàn thành tốt NV", "12 tháng", None, None, None, None, "ghi"],
    [3, "Lê Văn Cường", "1979", None, 2024, "HTNV", 10, None, "Khiển trách, QĐ 12/QĐ-BDT ngày 05/6/2024"],
    [4, "Hoàng Thị Hoa", None, None, 2024, "HTTNV", 12],
    [5, "Hoàng Thị Hoa", None, "Phòng Chính sách", 2024, "HTTNV", 12],
    [6, "Phạm Thị Dung", "05/01/1990", None, 2024, "xyz", 13],
    [7, "Phạm Thị Dũng", "06/02/1991", None, 2024, None, None, None, "Khiển trách", "31/02/2024"],
    [8, "Y Ngọc", "15/06/1987", None, 2024, "HTTNV", 9, 3, "Đang xem xét kỷ luật"],
    [9, "Y Ngọc", "15/06/1987", None, 2024, "HTXSNV", 9],
    [10, "Trần Thị Bình", "01/07/1985", None, 2024, None, None, None, "Cảnh cáo", None, "Số 3/QĐ-BDT ngày 05/06/2024"],
    [11, "Trần Thị Bình", "01/07/1985", None, 2023, "HTNV", 12, None, "Cảnh cáo", "ngày 5 tháng 6 năm 2023", 12],
    [12, "Đỗ Văn Mới", "02/02/1995", None, 2024, "HTNV"],
    [13, "Trần Thị Bình", "01/07/1985", None, 2022],
]

#: (Excel row, status, reason, who, candidates, year, evaluation, kỷ luật, review, changes)
EVALUATION_SNAPSHOT = [(2, 'UNCHANGED', '', 'Nguyễn Văn An (12/03/1980) — Văn phòng', [], 2023, None, None, False, []),
 (3, 'NEW', '', 'Nguyễn Văn An (12/03/1980) — Văn phòng', [], 2024, ('HTTNV', 12, 0), None, False, []),
 (4, 'UPDATE', '', 'Lê Văn Cường (1979) — Phòng Chính sách', [], 2024, None,
  ('khien_trach', '2024-06-05', '12/QĐ-BDT'), False, ['Thêm kỷ luật khiển trách ngày 05/06/2024']),
 (5, 'UNMATCHED',
  'Có 2 người tên “Hoàng Thị Hoa” (Hoàng Thị Hoa (04/04/1988) — Văn phòng; Hoàng Thị Hoa (09/09/1993) — Phòng '
  'Chính sách); hãy chọn đúng người (hoặc ghi đủ ngày sinh trong tệp)',
  None, ['Hoàng Thị Hoa (04/04/1988) — Văn phòng', 'Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách'], 2024, None,
  None, False, []),
 (6, 'NEW', '', 'Hoàng Thị Hoa (09/09/1993) — Phòng Chính sách', [], 2024, ('HTTNV', 12, 0), None, False, []),
 (7, 'ERROR',
  'Xếp loại “xyz” không rõ (ghi Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không '
  'hoàn thành nhiệm vụ); Số tháng công tác phải từ 0 đến 12 (đang là 13)',
  None, [], 2024, None, None, False, []),
 (8, 'ERROR',
  'Kỷ luật: Ngày quyết định: Ngày 31/2/2024 không tồn tại; Kỷ luật khiển trách: thiếu ngày quyết định kỷ luật (ghi '
  'ở cột ngày, hoặc trong cùng ô: “Khiển trách, QĐ 12/QĐ-BDT ngày 05/6/2024”)',
  None, [], 2024, None, None, False, []),
 (9, 'NEW', '', 'Y Ngọc (15/06/1987) — Phòng Chính sách', [], 2024, ('HTTNV', 9, 3), None, True,
  ['Thêm: đang xem xét kỷ luật']),
 (10, 'ERROR', 'Trùng với dòng 9 (cùng người, năm 2024) nhưng khác nội dung; hãy giữ một dòng',
  'Y Ngọc (15/06/1987) — Phòng Chính sách', [], 2024, None, None, False, []),
 (11, 'ERROR',
  'Kỷ luật cảnh cáo: thiếu ngày quyết định kỷ luật (ghi ở cột ngày, hoặc trong cùng ô: “Khiển trách, QĐ 12/QĐ-BDT '
  'ngày 05/6/2024”)',
  None, [], 2024, None, None, False, []),
 (12, 'NEW', '', 'Trần Thị Bình (01/07/1985) — Phòng Kế hoạch - Tài chính', [], 2023, ('HTNV', 12, 0),
  ('canh_cao', '2023-06-05', '12'), False, ['Thêm kỷ luật cảnh cáo ngày 05/06/2023']),
 (13, 'UNMATCHED', 'Không tìm thấy “Đỗ Văn Mới” (sinh 02/02/1995) trong danh sách cán bộ; hãy chọn người', None, [],
  2024, None, None, False, []),
 (14, 'SKIPPED', 'Không có xếp loại, số tháng hay kỷ luật', None, [], 2022, None, None, False, [])]


def test_a_mixed_hostile_history_list_plans_as_before(db, agency, tmp_path):
    plan = hi.plan_history_import(db, write_rows(tmp_path / "h.xlsx", HISTORY_ROWS))
    assert [history_summary(r) for r in plan.rows] == HISTORY_SNAPSHOT
    assert [(c.excel_row, c.column, c.after) for c in plan.legacy_cells] == [
        (26, "B", "Nguyễn Văn An"), (26, "G", "Lao động tiên tiến")]
    assert [(u.field, u.text, u.rows) for u in plan.unknown_values()] == [
        ("danh_hieu", "Bằng khen", (20,)), ("danh_hieu", "HTXS NV", (39,))]


def test_a_mixed_hostile_xep_loai_list_plans_as_before(db, agency, tmp_path):
    plan = xl.plan_evaluation_import(db, write_rows(tmp_path / "x.xlsx", EVALUATION_ROWS))
    assert [evaluation_summary(r) for r in plan.rows] == EVALUATION_SNAPSHOT
