"""Build messy staff-roster workbooks (and bad files) for tests and benchmarks.

Everything is generated with openpyxl in a temporary folder: no binary
fixtures are committed. :func:`make_roster` is also used by
``benchmarks/`` (``make_roster(path, n_rows)``).
"""
from __future__ import annotations

import datetime as dt
import random
import struct
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from thidua_desktop.domain import vntext

# --- cells and encodings ------------------------------------------------------


def put(ws, row: int, col: int, value) -> None:
    """Write a value; strings stay strings (never formulas or error cells)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def put_row(ws, row: int, values, start_col: int = 1) -> None:
    for i, v in enumerate(values):
        if v is not None:
            put(ws, row, start_col + i, v)


def clear_marks(path: Path, sheet: str, mark: str = "x") -> None:
    """Empty every cell of ``sheet`` holding ``mark``, as a unit untangling its
    returned registration workbook does."""
    wb = openpyxl.load_workbook(path)
    for row in wb[sheet].iter_rows():
        for cell in row:
            if cell.value == mark:
                cell.value = None
    wb.save(path)


def write_sheet(path: Path, rows) -> Path:
    """A workbook of ``rows`` from row 1; strings stay strings (never
    formulas), characters XML forbids removed (a real .xlsx cannot hold them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = openpyxl.Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        put_row(ws, r, [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    wb.save(path)
    return path


_TCVN3_ENCODE = {u: code for code, u in vntext.TCVN3_TABLE.items()}
_VNI_ENCODE = {u: code for code, u in vntext.VNI_TABLE.items()}


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 (ABC) as it reaches us (each byte read as Latin-1).
    Capitals with a tone have no code in TCVN3; such text is refused."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ch.isascii():
            out.append(ch)
        elif ch.lower() in _TCVN3_ENCODE and ch.isupper():
            raise ValueError(f"{ch!r} has no TCVN3 code in a normal font")
        else:
            raise ValueError(f"{ch!r} not in TCVN3")
    return "".join(out)


def to_vni(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _VNI_ENCODE:
            out.append(_VNI_ENCODE[ch])
        elif ch.isascii():
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} not in VNI")
    return "".join(out)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- expected people ----------------------------------------------------------


@dataclass
class Person:
    """What an imported row must become."""
    ho_ten: str
    ngay_sinh: str | None  # ISO, "1985" for a year only
    gioi_tinh: str | None
    unit: str | None
    chuc_vu: str = ""
    ngach: str = ""
    trinh_do: str = ""
    loai_hop_dong: str | None = None
    ghi_chu: str = ""
    excel_row: int = 0


@dataclass
class Roster:
    path: Path
    people: list[Person]
    units: list[str]
    skipped_rows: dict[int, str] = field(default_factory=dict)  # row -> a word of the reason
    legacy_rows: list[int] = field(default_factory=list)
    header_rows: tuple[int, int] = (0, 0)


ADMIN = ("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "BAN DÂN TỘC")


def _admin_header(ws, ncols: int, title: str) -> int:
    """Rows 1–6 of an administrative header; returns the first free row."""
    put(ws, 1, 1, ADMIN[0])
    put(ws, 2, 1, ADMIN[1])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
    put(ws, 1, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    put(ws, 2, 5, "Độc lập - Tự do - Hạnh phúc")
    put(ws, 3, 5, "Khánh Hòa, ngày 05 tháng 3 năm 2026")
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=ncols)
    put(ws, 5, 1, title)
    ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=ncols)
    put(ws, 6, 1, "(Kèm theo Công văn số 12/BDT-VP ngày 01/3/2026)")
    ws.merge_cells(start_row=6, start_column=1, end_row=6, end_column=ncols)
    return 8


HEADER_TOP = ["STT", "Họ và tên", "Ngày, tháng, năm sinh", None, "Chức vụ", "Ngạch / Chức danh",
              "Trình độ chuyên môn", "Loại hợp đồng", "Ghi chú"]
NCOLS = len(HEADER_TOP)


def _two_row_header(ws, row: int) -> int:
    """STT | Họ và tên | Ngày, tháng, năm sinh (Nam | Nữ) | … merged over two rows."""
    put_row(ws, row, HEADER_TOP)
    put(ws, row + 1, 3, "Nam")
    put(ws, row + 1, 4, "Nữ")
    for col in range(1, NCOLS + 1):
        if col not in (3, 4):
            ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
    return row + 2


def messy_roster(path: Path) -> Roster:
    """The roster of the issue: admin header, merged two-row header with
    Nam/Nữ date columns, column numbers, section rows, blank rows, a repeated
    header, NFD / TCVN3 / VNI names, stray spaces, every date format, Excel
    dates, a formula-like note, a subtotal and a footer with signatures."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    r = _admin_header(ws, NCOLS, "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC NĂM 2026")
    header_first = r
    r = _two_row_header(ws, r)
    header_last = r - 1
    skipped: dict[int, str] = {}
    people: list[Person] = []
    legacy_rows: list[int] = []
    put_row(ws, r, list(range(1, NCOLS + 1)))  # column numbers (1) … (9)
    skipped[r] = "đánh số cột"
    r += 1

    put_row(ws, r, ["I", "VĂN PHÒNG"])
    skipped[r] = "đơn vị"
    r += 1
    # 1: Excel date in the Nam column
    put_row(ws, r, [1, "Nguyễn Văn An", dt.datetime(1980, 3, 12), None, "Chánh Văn phòng",
                    "Chuyên viên chính", "Thạc sĩ", "Biên chế", None])
    people.append(Person("Nguyễn Văn An", "1980-03-12", "nam", "VĂN PHÒNG", "Chánh Văn phòng",
                         "Chuyên viên chính", "Thạc sĩ", "bien_che", excel_row=r))
    r += 1
    # 2: NFD name, dd/mm/yyyy text in the Nữ column, formula-like note
    put_row(ws, r, ["2", nfd("Trần Thị Hương"), None, "05/11/1990", "Chuyên viên", "Chuyên viên",
                    "Đại học", "Hợp đồng", '=HYPERLINK("http://x","y")'])
    people.append(Person("Trần Thị Hương", "1990-11-05", "nu", "VĂN PHÒNG", "Chuyên viên",
                         "Chuyên viên", "Đại học", "hop_dong", '=HYPERLINK("http://x","y")',
                         excel_row=r))
    r += 1
    # 3: stray and non-breaking spaces, d/m/yyyy
    put_row(ws, r, [3, "  Lê   Văn\u00a0 Bình ", " 7/4/1975 ", None, " Lái xe ", None, None,
                    "HĐ 111", "  "])
    people.append(Person("Lê Văn Bình", "1975-04-07", "nam", "VĂN PHÒNG", "Lái xe",
                         loai_hop_dong="hop_dong", excel_row=r))
    r += 1
    r += 1  # blank row
    skipped[r - 1] = "trống"

    put_row(ws, r, ["II.", "PHÒNG CHÍNH SÁCH DÂN TỘC"])
    skipped[r] = "đơn vị"
    r += 1
    # 4: TCVN3 name, bare year as text in the Nữ column
    put_row(ws, r, [4, to_tcvn3("Phạm Thị Thu"), None, "1988", to_tcvn3("Trưởng phòng"), None,
                    None, None, None])
    people.append(Person("Phạm Thị Thu", "1988", "nu", "PHÒNG CHÍNH SÁCH DÂN TỘC", "Trưởng phòng",
                         excel_row=r))
    legacy_rows.append(r)
    r += 1
    # 5: TCVN3 name with Đ, dd.mm.yyyy
    put_row(ws, r, [5, to_tcvn3("Đinh Văn Cường"), "15.08.1985", None, None, None, None, None, None])
    people.append(Person("Đinh Văn Cường", "1985-08-15", "nam", "PHÒNG CHÍNH SÁCH DÂN TỘC",
                         excel_row=r))
    legacy_rows.append(r)
    r += 1
    # page break: the header repeated
    put_row(ws, r, HEADER_TOP)
    skipped[r] = "tiêu đề"
    r += 1
    put_row(ws, r, [None, None, "Nam", "Nữ"])
    skipped[r] = "tiêu đề"
    r += 1
    # 6: ethnic-minority name, bare year as a number
    put_row(ws, r, [6, "H'Hen Niê", None, 1992, "Chuyên viên", None, None, None, "Người Ê Đê"])
    people.append(Person("H'Hen Niê", "1992", "nu", "PHÒNG CHÍNH SÁCH DÂN TỘC", "Chuyên viên",
                         ghi_chu="Người Ê Đê", excel_row=r))
    r += 1
    # 7: VNI name, no STT, a date
    put_row(ws, r, [None, to_vni("Hoàng Văn Sơn"), "1/12/1979", None, None, None, None, None, None])
    people.append(Person("Hoàng Văn Sơn", "1979-12-01", "nam", "PHÒNG CHÍNH SÁCH DÂN TỘC",
                         excel_row=r))
    legacy_rows.append(r)
    r += 1
    # subtotal inside the table
    put(ws, r, 1, "Cộng: 4 người")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    skipped[r] = "cộng"
    r += 1

    put(ws, r, 1, "III - PHÒNG KẾ HOẠCH TỔNG HỢP")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=NCOLS)
    skipped[r] = "đơn vị"
    r += 1
    # 8: Excel date in the Nữ column, minority name
    put_row(ws, r, [8, "Y Ngọc", None, dt.datetime(1995, 2, 28), "Kế toán", "Kế toán viên",
                    "Cao đẳng", "Biên chế", "+84 912 345 678"])
    people.append(Person("Y Ngọc", "1995-02-28", "nu", "PHÒNG KẾ HOẠCH TỔNG HỢP", "Kế toán",
                         "Kế toán viên", "Cao đẳng", "bien_che", "+84 912 345 678", excel_row=r))
    r += 1
    # 9: date as ISO text, name in capitals
    put_row(ws, r, [9, "NGUYỄN THỊ THU HÀ", None, "1993-06-30", None, None, None, None, None])
    people.append(Person("NGUYỄN THỊ THU HÀ", "1993-06-30", "nu", "PHÒNG KẾ HOẠCH TỔNG HỢP",
                         excel_row=r))
    r += 1
    put(ws, r, 1, 10)  # a pre-numbered empty row of the template
    skipped[r] = "số thứ tự"
    r += 1
    r += 1
    skipped[r - 1] = "trống"
    # footer
    put(ws, r, 1, "Tổng cộng: 9 người")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    skipped[r] = "cuối"
    r += 1
    put(ws, r, 6, "Khánh Hòa, ngày …… tháng …… năm 2026")
    skipped[r] = "cuối"
    r += 1
    put(ws, r, 2, "NGƯỜI LẬP BIỂU")
    put(ws, r, 6, "KT. TRƯỞNG BAN")
    skipped[r] = "cuối"
    r += 1
    put(ws, r, 2, "(Ký, ghi rõ họ tên)")
    put(ws, r, 6, "PHÓ TRƯỞNG BAN")
    skipped[r] = "cuối"
    r += 1
    skipped[r] = skipped[r + 1] = "trống"
    r += 2
    put(ws, r, 2, "Nguyễn Văn Tư")
    put(ws, r, 6, "Trần Văn Sáu")
    skipped[r] = "cuối"
    wb.save(path)
    units = ["VĂN PHÒNG", "PHÒNG CHÍNH SÁCH DÂN TỘC", "PHÒNG KẾ HOẠCH TỔNG HỢP"]
    return Roster(path, people, units, skipped, legacy_rows, (header_first, header_last))


def bad_roster(path: Path) -> tuple[Roster, dict[int, str]]:
    """A roster with errors: row → a fragment of the expected reason."""
    wb = openpyxl.Workbook()
    ws = wb.active
    r = _admin_header(ws, NCOLS, "DANH SÁCH CÁN BỘ")
    r = _two_row_header(ws, r)
    put_row(ws, r, ["I", "VĂN PHÒNG"])
    r += 1
    errors: dict[int, str] = {}
    put_row(ws, r, [1, "Nguyễn Văn An", "12/03/1980"])  # fine
    r += 1
    put_row(ws, r, [2, "Trần Thị Bích", None, "31/02/1980"])
    errors[r] = "không tồn tại"
    r += 1
    put_row(ws, r, [3, "Lê Văn Cường", "01/01/1981", "01/01/1981"])
    errors[r] = "cả cột Nam và cột Nữ"
    r += 1
    put_row(ws, r, [4, None, "02/02/1982", None, "Chuyên viên"])
    errors[r] = "Không có họ tên"
    r += 1
    put_row(ws, r, [5, "Phạm Văn Dũng", "ngày xưa"])
    errors[r] = "không phải ngày tháng"
    r += 1
    put_row(ws, r, [6, "Võ Thị E", None, "1850"])
    errors[r] = "1850"
    r += 1
    put_row(ws, r, [7, "nguyễn  văn AN", "12/3/1980"])  # same as the first
    errors[r] = f"Trùng với dòng {r - 6}"
    r += 1
    put_row(ws, r, [8, "Đỗ Văn Giang", "1/1/1990", None, None, None, None, "Thời vụ"])
    errors[r] = "Loại hợp đồng"
    wb.save(path)
    return Roster(path, [], ["VĂN PHÒNG"]), errors


# --- the benchmark roster -----------------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Mai", "Trịnh", "Cao"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Đình"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thanh", "Thị Kim", "Thị Minh", "Hồng", "Thị Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam",
           "Phong", "Quân", "Sơn", "Tài", "Thắng", "Trung", "Tuấn", "Việt", "Vinh"]
GIVEN_F = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh",
           "Mai", "Nga", "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Vân", "Yến"]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Kế toán",
             "Văn thư", "Lái xe", "Chánh Văn phòng"]
RANKS = ["Chuyên viên", "Chuyên viên chính", "Cán sự", "Kế toán viên", "Nhân viên"]
LEVELS = ["Đại học", "Thạc sĩ", "Cao đẳng", "Trung cấp", "Tiến sĩ"]
UNITS = ["VĂN PHÒNG", "PHÒNG CHÍNH SÁCH DÂN TỘC", "PHÒNG KẾ HOẠCH TỔNG HỢP", "THANH TRA",
         "PHÒNG TUYÊN TRUYỀN", "TRUNG TÂM DỊCH VỤ", "PHÒNG DÂN TỘC THIỂU SỐ", "PHÒNG TỔ CHỨC"]
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _compatible(iso: str, other: str) -> bool:
    return iso == other or ((len(iso) == 4 or len(other) == 4) and iso[:4] == other[:4])


def make_roster(
    path: Path | str,
    n_rows: int,
    *,
    seed: int = 1,
    units: int = 8,
    footer: bool = True,
    nfd_every: int = 7,
    legacy_every: int = 0,
) -> list[Person]:
    """Write a realistic roster of ``n_rows`` people to ``path`` (.xlsx).

    Admin header, two-row merged header with Nam/Nữ birth-date columns,
    ``units`` section rows (``I | VĂN PHÒNG``…), dates mixing Excel dates,
    ``dd/mm/yyyy``, ``d/m/yyyy``, ``dd.mm.yyyy`` and bare years, every
    ``nfd_every``-th name in NFD, every ``legacy_every``-th in TCVN3 (0: none),
    blank rows between sections and a footer. No two people share a name
    (accents and case aside) with compatible birth dates (equal, or a year
    only of the other's year), so the file imports without errors — not even
    probable duplicates. Returns the expected people.
    """
    rng = random.Random(seed)
    path = Path(path)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    blank = [None] * NCOLS
    ws.append([ADMIN[0], None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append([ADMIN[1], None, None, None, "Độc lập - Tự do - Hạnh phúc"])
    ws.append([None, None, None, None, "Khánh Hòa, ngày 05 tháng 3 năm 2026"])
    ws.append(blank)
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"])
    ws.append(blank)
    ws.append(HEADER_TOP)
    ws.append([None, None, "Nam", "Nữ"])
    ws.append(list(range(1, NCOLS + 1)))
    unit_names = UNITS[:units] if units <= len(UNITS) else UNITS + [f"TỔ CÔNG TÁC SỐ {i}" for i in range(len(UNITS) + 1, units + 1)]
    per_unit = max(1, -(-n_rows // max(units, 1)))
    seen: dict[str, list[str]] = {}
    people: list[Person] = []
    row_no = 10
    stt = 0
    for u, unit in enumerate(unit_names):
        if stt >= n_rows:
            break
        ws.append([_ROMANS[u] if u < len(_ROMANS) else str(u + 1), unit])
        row_no += 1
        for _ in range(per_unit):
            if stt >= n_rows:
                break
            stt += 1
            while True:
                female = rng.random() < 0.45
                name = " ".join([
                    rng.choice(FAMILY),
                    rng.choice(MIDDLE_F if female else MIDDLE_M),
                    rng.choice(GIVEN_F if female else GIVEN_M),
                ])
                year = rng.randint(1960, 2003)
                year_only = rng.random() < 0.1
                if year_only:
                    iso = f"{year}"
                    value: object = str(year) if rng.random() < 0.5 else year
                else:
                    month, day = rng.randint(1, 12), rng.randint(1, 28)
                    iso = f"{year:04d}-{month:02d}-{day:02d}"
                    style = rng.randrange(4)
                    value = (
                        dt.datetime(year, month, day) if style == 0
                        else f"{day:02d}/{month:02d}/{year}" if style == 1
                        else f"{day}/{month}/{year}" if style == 2
                        else f"{day:02d}.{month:02d}.{year}"
                    )
                taken = seen.setdefault(vntext.search_key(name), [])
                if not any(_compatible(iso, other) for other in taken):
                    taken.append(iso)
                    break
            shown = name
            if legacy_every and stt % legacy_every == 0:
                try:
                    shown = to_tcvn3(name)
                except ValueError:
                    shown = name
            elif nfd_every and stt % nfd_every == 0:
                shown = nfd(name)
            position = rng.choice(POSITIONS)
            rank = rng.choice(RANKS)
            level = rng.choice(LEVELS)
            contract = rng.choice(["Biên chế", "Biên chế", "Hợp đồng"])
            ws.append([stt, shown, None if female else value, value if female else None,
                       position, rank, level, contract, None])
            row_no += 1
            people.append(Person(name, iso, "nu" if female else "nam", unit, position, rank, level,
                                 "bien_che" if contract == "Biên chế" else "hop_dong",
                                 excel_row=row_no))
        ws.append(blank)
        row_no += 1
    if footer:
        ws.append([f"Tổng cộng: {len(people)} người"])
        ws.append([None, None, None, None, None, "Khánh Hòa, ngày …… tháng …… năm 2026"])
        ws.append([None, "NGƯỜI LẬP BIỂU", None, None, None, "TRƯỞNG BAN"])
        ws.append(blank)
        ws.append([None, "Nguyễn Văn Tư", None, None, None, "Trần Văn Sáu"])
    wb.save(path)
    return people


# --- files that are not rosters -----------------------------------------------


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (what .xls and password-protected .xlsx
    files are) holding ``streams``; each stream is padded to 4096 bytes so
    that no mini-stream is needed."""
    sector = 512
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    assert len(names) <= 3
    data_sectors = []
    chains = []
    next_sector = 2  # 0: FAT, 1: directory
    for name in names:
        body = streams[name].ljust(4096, b"\0")
        body += b"\0" * (-len(body) % sector)
        n = len(body) // sector
        chains.append((next_sector, n, len(body)))
        data_sectors.append(body)
        next_sector += n
    fat = [fat_sect, end]
    for start, n, _ in chains:
        fat += [start + i + 1 for i in range(n - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw) if name else 0, kind, 1)
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    entries = [entry("Root Entry", 5, nostream, nostream, 1 if names else nostream, end, 0)]
    for i, (name, (start, _n, size)) in enumerate(zip(names, chains, strict=True), start=1):
        right = i + 1 if i < len(names) else nostream
        entries.append(entry(name, 2, nostream, right, nostream, start, size))
    while len(entries) < 4:
        entries.append(entry("", 0, nostream, nostream, nostream, 0, 0))
    directory = b"".join(entries)
    return bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(data_sectors)


def encrypted_xlsx(path: Path) -> Path:
    """What Excel writes for a workbook with a password to open."""
    path.write_bytes(_cfb({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                           "EncryptedPackage": b"\x00" * 64}))
    return path


def old_xls(path: Path) -> Path:
    """An Excel 97–2003 workbook (a compound file with a Workbook stream)."""
    path.write_bytes(_cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}))
    return path


def docx_renamed(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def text_renamed(path: Path) -> Path:
    path.write_text("STT,Họ và tên,Ngày sinh\n1,Nguyễn Văn An,12/03/1980\n", encoding="utf-8")
    return path


def truncated_xlsx(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.save(path)
    return path


def no_header_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    put_row(ws, 1, ["Báo cáo", "Số liệu"])
    put_row(ws, 2, ["Quý 1", 12])
    wb.save(path)
    return path
