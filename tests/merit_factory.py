"""A small agency and messy award-history / xếp loại workbooks, for tests.

Everything is generated with openpyxl in a temporary folder: no binary
fixtures. :func:`seed_agency` stores a few units and people (two namesakes
without birth dates apart, a person with only a birth year);
:func:`messy_history` and :func:`messy_evaluations` write lists the way
offices keep them (administrative header, merged two-row header, section
rows, subtotal, signature footer).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from tests.roster_factory import put, put_row, to_tcvn3
from thidua_desktop.domain.dates import PartialDate
from thidua_desktop.domain.models import Staff, Unit
from thidua_desktop.store import records


@dataclass
class Agency:
    units: dict[str, int]  # name -> id
    people: dict[str, int]  # label -> id


def seed_agency(db) -> Agency:
    units = {}
    for i, name in enumerate(("Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Chính sách"), start=1):
        units[name] = records.save_unit(db, Unit(name, thu_tu=i))
    people = {}
    for label, name, born, unit in (
        ("an", "Nguyễn Văn An", PartialDate(1980, 3, 12), "Văn phòng"),
        ("binh", "Trần Thị Bình", PartialDate(1985, 7, 1), "Phòng Kế hoạch - Tài chính"),
        ("cuong", "Lê Văn Cường", PartialDate(1979), "Phòng Chính sách"),
        ("dung", "Phạm Thị Dung", PartialDate(1990, 1, 5), "Văn phòng"),
        ("dung2", "Phạm Thị Dũng", PartialDate(1991, 2, 6), "Văn phòng"),
        ("hoa1", "Hoàng Thị Hoa", PartialDate(1988, 4, 4), "Văn phòng"),
        ("hoa2", "Hoàng Thị Hoa", PartialDate(1993, 9, 9), "Phòng Chính sách"),
        ("y", "Y Ngọc", PartialDate(1987, 6, 15), "Phòng Chính sách"),
    ):
        people[label] = records.save_staff(
            db, Staff(ho_ten=name, ngay_sinh=born, unit_id=units[unit], gioi_tinh="nu" if "Thị" in name else "nam")
        )
    return Agency(units, people)


def _admin(ws, ncols: int, title: str, annex: str | None) -> None:
    put(ws, 1, 1, "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA")
    put(ws, 2, 1, "BAN DÂN TỘC")
    put(ws, 1, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    put(ws, 2, 5, "Độc lập - Tự do - Hạnh phúc")
    put(ws, 3, 5, "Khánh Hòa, ngày 05 tháng 3 năm 2026")
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=ncols)
    put(ws, 5, 1, title)
    ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=ncols)
    if annex:
        put(ws, 6, 1, annex)
        ws.merge_cells(start_row=6, start_column=1, end_row=6, end_column=ncols)


@dataclass
class Sheet:
    path: Path
    #: excel row -> (subject label in Agency.people / units, year, codes, number, date ISO)
    expected: dict[int, tuple] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)  # excel row -> a word of the reason
    unmatched: list[int] = field(default_factory=list)


def messy_history(path: Path, *, legacy: bool = False) -> Sheet:
    """Award history 2022–2023 as an office keeps it.

    Header rows 8–9 (Ngày sinh over Nam | Nữ, Quyết định over Số | Ngày),
    column numbers in row 10, "I. CÁ NHÂN" / "II. TẬP THỂ" sections, a
    decision written in one cell or in two, title synonyms, a collective
    row, a subtotal and a signature footer. Row 17 names a person who is not
    stored; row 18 a name two stored people share.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Khen thưởng"
    ncols = 10
    _admin(ws, ncols, "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG CÁC NĂM 2022 - 2023", None)
    top = ["STT", "Họ và tên", "Ngày sinh", None, "Đơn vị", "Năm", "Danh hiệu, hình thức khen thưởng",
           "Quyết định", None, "Ghi chú"]
    put_row(ws, 8, top)
    put_row(ws, 9, [None, None, "Nam", "Nữ", None, None, None, "Số", "Ngày"])
    for col in (1, 2, 5, 6, 7, 10):
        ws.merge_cells(start_row=8, start_column=col, end_row=9, end_column=col)
    ws.merge_cells("C8:D8")
    ws.merge_cells("H8:I8")
    put_row(ws, 10, [f"({i})" for i in range(1, ncols + 1)])
    enc = to_tcvn3 if legacy else (lambda s: s)
    sheet = Sheet(path)
    rows = [
        (11, ["I", "CÁ NHÂN"], None),
        (12, [1, enc("Nguyễn Văn An"), "12/03/1980", None, "Văn phòng", 2022, enc("Lao động tiên tiến"),
              "Số 125/QĐ-UBND ngày 20/12/2022", None, None], ("an", 2022, ["LDTT"], "125/QĐ-UBND", "2022-12-20")),
        (13, [2, "Nguyen Van An", "12/03/1980", None, "Văn phòng", 2023, "LĐTT; CSTĐCS",
              "130/QĐ-BDT", "22/12/2023", None], ("an", 2023, ["LDTT", "CSTDCS"], "130/QĐ-BDT", "2023-12-22")),
        (14, [3, enc("Trần Thị Bình"), None, "01/07/1985", None, 2023, "Chiến sỹ thi đua cơ sở",
              "130/QĐ-BDT", "22/12/2023", None], ("binh", 2023, ["CSTDCS"], "130/QĐ-BDT", "2023-12-22")),
        (15, [4, "Lê Văn Cường", "1979", None, "Phòng Chính sách", 2023, "Giấy khen đột xuất",
              "QĐ số 45/QĐ-BDT ngày 10 tháng 8 năm 2023", None, "Cứu người"],
         ("cuong", 2023, ["GK"], "45/QĐ-BDT", "2023-08-10")),
        (16, [5, "Y Ngọc", "15/06/1987", None, None, 2022, "Bằng khen của Chủ tịch UBND tỉnh Khánh Hòa",
              "2001/QĐ-UBND", "30/12/2022", None], ("y", 2022, ["BK_TINH"], "2001/QĐ-UBND", "2022-12-30")),
        (17, [6, "Đỗ Văn Mới", "02/02/1995", None, "Văn phòng", 2023, "LĐTT", "130/QĐ-BDT", "22/12/2023", None],
         None),
        (18, [7, "Hoàng Thị Hoa", None, None, None, 2023, "Lao động tiên tiến", "130/QĐ-BDT", "22/12/2023", None],
         None),
        (19, ["II", "TẬP THỂ"], None),
        (20, [1, "Phòng Kế hoạch - Tài chính", None, None, None, 2023, "Tập thể lao động xuất sắc",
              "2100/QĐ-UBND ngày 28/12/2023", None, None],
         ("unit:Phòng Kế hoạch - Tài chính", 2023, ["TTLDXS"], "2100/QĐ-UBND", "2023-12-28")),
        (21, [2, "Tập thể Văn phòng", None, None, None, 2022, "Giấy khen", "125/QĐ-UBND", "20/12/2022", None],
         ("unit:Văn phòng", 2022, ["GK"], "125/QĐ-UBND", "2022-12-20")),
        (22, [None, "Cộng: 10 lượt"], None),
        (24, [None, "NGƯỜI LẬP BIỂU", None, None, None, None, "TRƯỞNG BAN"], None),
        (27, [None, "Nguyễn Thị Lập", None, None, None, None, "Phạm Văn Trưởng"], None),
    ]
    for r, values, expected in rows:
        put_row(ws, r, values)
        if expected:
            sheet.expected[r] = expected
    sheet.unmatched = [17, 18]
    sheet.skipped = {10: "số cột", 11: "cá nhân", 19: "tập thể", 22: "cộng", 23: "trống", 24: "cuối",
                     25: "trống", 26: "trống", 27: "cuối"}
    wb.save(path)
    return sheet


def sectioned_history(path: Path) -> Sheet:
    """Grouped by title, the year in the heading, the decision above the table,
    one "Số, ngày quyết định" column only where a row differs."""
    wb = openpyxl.Workbook()
    ws = wb.active
    _admin(ws, 5, "DANH SÁCH KHEN THƯỞNG NĂM 2024",
           "(Kèm theo Quyết định số 200/QĐ-BDT ngày 25/12/2024 của Trưởng Ban Dân tộc)")
    put_row(ws, 8, ["STT", "Họ và tên", "Năm sinh", "Số, ngày quyết định", "Ghi chú"])
    rows = [
        (9, ["1", "Lao động tiên tiến"], None),
        (10, [1, "Nguyễn Văn An", 1980, None, None], ("an", 2024, ["LDTT"], "200/QĐ-BDT", "2024-12-25")),
        (11, [2, "Trần Thị Bình", 1985, None, None], ("binh", 2024, ["LDTT"], "200/QĐ-BDT", "2024-12-25")),
        (12, ["2", "Chiến sĩ thi đua cơ sở"], None),
        (13, [1, "Nguyễn Văn An", 1980, "201/QĐ-BDT, 26/12/2024", None],
         ("an", 2024, ["CSTDCS"], "201/QĐ-BDT", "2024-12-26")),
    ]
    sheet = Sheet(path)
    for r, values, expected in rows:
        put_row(ws, r, values)
        if expected:
            sheet.expected[r] = expected
    sheet.skipped = {9: "Lao động tiên tiến", 12: "Chiến sĩ thi đua cơ sở"}
    wb.save(path)
    return sheet


def messy_evaluations(path: Path, *, with_year_column: bool = True) -> Sheet:
    """Kết quả đánh giá, xếp loại: admin header, two-row header with a
    "Kỷ luật" group (Hình thức | Ngày), unit section rows, footer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Xếp loại"
    _admin(ws, 9, "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC NĂM 2024", None)
    year_col = ["Năm"] if with_year_column else []
    top = ["STT", "Họ và tên", "Ngày sinh", *year_col, "Kết quả xếp loại", "Số tháng công tác",
           "Kỷ luật", None, "Ghi chú"]
    put_row(ws, 8, top)
    k = 6 + len(year_col)  # column of "Kỷ luật"
    put(ws, 9, k, "Hình thức")
    put(ws, 9, k + 1, "Ngày quyết định")
    for col in range(1, len(top) + 1):
        if col not in (k, k + 1):
            ws.merge_cells(start_row=8, start_column=col, end_row=9, end_column=col)
    ws.merge_cells(start_row=8, start_column=k, end_row=8, end_column=k + 1)
    y = [2024] if with_year_column else []
    rows = [
        (10, ["I", "VĂN PHÒNG"]),
        (11, [1, "Nguyễn Văn An", "12/03/1980", *y, "Hoàn thành xuất sắc nhiệm vụ", 12, None, None, None]),
        (12, [2, "Pham Thi Dung", "05/01/1990", *y, "HTTNV", "12 tháng", None, None, None]),
        (13, [3, "Hoàng Thị Hoa", None, *y, "Hoàn thành tốt NV", 12, None, None, None]),
        (14, ["II", "PHÒNG CHÍNH SÁCH"]),
        (15, [1, "Lê Văn Cường", "1979", *y, "Hoàn thành nhiệm vụ", 10, "Khiển trách", "05/06/2024", None]),
        (16, [2, "Y Ngọc", "15/06/1987", *y, "HT tốt NV", 9, "Không", None, "Nghỉ thai sản 3 tháng"]),
        (17, [3, "Hoàng Thị Hoa", None, *y, "Hoàn thành xuất sắc", 12, None, None, None]),
        (19, [None, "NGƯỜI LẬP BIỂU"]),
    ]
    for r, values in rows:
        put_row(ws, r, values)
    wb.save(path)
    return Sheet(path, unmatched=[])
