"""Demo data: a realistic, deterministic agency to try the program on.

A Ban Dân tộc of a province (Khánh Hòa): organisation settings, units (the
leadership, three phòng and the inspectorate, a centre with field stations,
and for large sizes more field teams so each unit holds about 20 people),
staff with realistic Vietnamese names (family names weighted as in reality,
about 10 % ethnic-minority names of the Ê Đê, Raglai, Cơ Ho and Cơ Tu
patterns), and two campaigns modelled on real plans: the yearly one (Kế
hoạch số …/KH-BDT, deadlines 15/03, 01/11, 20/11) and a chuyên đề one over a
five-year period.

Everything comes from ``random.Random(seed)`` and the ``year`` argument, so
the same arguments give the same file, row for row. The build runs in one
transaction and inserts staff in bulk (50,000 people in a few seconds).
"""
from __future__ import annotations

import datetime as dt
import math
import random
import time
from dataclasses import dataclass, replace
from itertools import accumulate

import sqlite_utils

from ...domain.dates import PartialDate
from ...domain.models import Campaign, OrgSettings, Staff, Unit
from ...domain.vntext import search_key
from ...store import audit, records
from ...store.db import StoreError, transaction
from ..bulk import gc_paused

STAFF_PER_UNIT = 20
MINORITY_SHARE = 0.10


class DemoDataExistsError(StoreError):
    """Demo data is only built into an empty file."""


@dataclass(frozen=True)
class DemoSummary:
    units: int
    staff: int
    staff_left: int
    campaigns: int
    seconds: float
    registrations: int = 0
    awards: int = 0
    initiatives: int = 0
    meetings: int = 0

    def describe(self) -> str:
        secs = f"{self.seconds:.2f}".replace(".", ",")
        return (
            f"{self.units} đơn vị, {self.staff} cán bộ ({self.staff_left} đã nghỉ), "
            f"{self.campaigns} phong trào, {self.registrations} đăng ký, "
            f"{self.awards} dòng lịch sử khen thưởng, {self.initiatives} sáng kiến, "
            f"{self.meetings} cuộc họp Hội đồng — {secs} giây"
        )


# --- names -------------------------------------------------------------------------

class _Weighted:
    """``random.choices`` with precomputed cumulative weights."""

    def __init__(self, pairs: list[tuple[str, float]]):
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum)[0]


# Family names of the Kinh, weighted roughly by their share in the south-central coast.
FAMILY_NAMES = _Weighted([
    ("Nguyễn", 31.5), ("Trần", 10.9), ("Lê", 9.5), ("Phạm", 7.0), ("Huỳnh", 3.6),
    ("Hoàng", 2.5), ("Phan", 4.5), ("Võ", 3.9), ("Vũ", 1.5), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.8),
    ("Trương", 1.1), ("Đoàn", 0.7), ("Lương", 0.4), ("Mai", 0.4), ("Cao", 0.4),
    ("Lâm", 0.3), ("Châu", 0.3), ("Tô", 0.2), ("Thái", 0.2), ("Tạ", 0.2), ("Phùng", 0.2),
])
MALE_MIDDLE = _Weighted([
    ("Văn", 30), ("Minh", 8), ("Hữu", 6), ("Đức", 6), ("Quang", 5), ("Thanh", 5),
    ("Công", 4), ("Ngọc", 4), ("Tấn", 4), ("Quốc", 4), ("Đình", 4), ("Xuân", 3),
    ("Trọng", 3), ("Anh", 3), ("Duy", 3), ("Hoàng", 2), ("Thành", 2), ("Bá", 2),
    ("Phước", 2), ("Nhật", 2),
])
FEMALE_MIDDLE = _Weighted([
    ("Thị", 45), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Kim", 4), ("Thùy", 3), ("Mỹ", 3),
    ("Phương", 3), ("Hồng", 3), ("Bích", 3), ("Minh", 3), ("Diệu", 2), ("Hoài", 2),
    ("Bảo", 2), ("Quỳnh", 2), ("Khánh", 2), ("Mai", 2), ("Tường", 1),
])
FEMALE_SECOND_MIDDLE = ["Thu", "Ngọc", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Minh", "Thùy", "Diệu"]
MALE_GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khang", "Khoa", "Long",
    "Lâm", "Minh", "Nam", "Nghĩa", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thịnh", "Trung",
    "Tuấn", "Việt", "Vinh", "Hiếu", "Hoàng", "Tâm", "Toàn", "Phong", "Kiên", "Lộc", "Thái",
    "Đức", "Hưng", "Quang", "Tùng", "Trí", "Tín", "Bảo", "Duy", "Khánh", "Nhân", "Thành",
]
FEMALE_GIVEN = [
    "Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Hương",
    "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
    "Phương", "Quyên", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến",
    "Nhi", "Thư", "Trâm", "Diễm", "Hậu", "Lệ", "Thơ", "Duyên", "Hoài", "Khuê",
]

# Ethnic-minority names keep their own forms: never "fixed" to the Kinh pattern.
EDE_FAMILY = ["Niê", "Mlô", "Êban", "Ayun", "Adrơng", "Byă", "Knul", "Hđơk", "Êñuôl", "Kbuôr", "Buôn Yă"]
EDE_MALE = ["Ngọc", "Bhin", "Jek", "Khem", "Wang", "Blin", "Kô", "Djuan", "Siêng", "Thuyên", "Yơn", "Bri"]
EDE_FEMALE = ["Hen", "Bia", "Zen", "Ben", "Blang", "Yam", "Wiên", "Duyên", "Jư", "Nga", "Mai", "Xíu"]
RAGLAI_FAMILY = ["Mấu", "Bo Bo", "Pi Năng", "Katơr", "Chamaléa", "Mang", "Cao", "Ma"]
COHO_FAMILY = ["Liễng", "Liêng", "Cil", "Rơ Ông", "Bon Jơ Ding", "Đa Gout", "K'Long"]
COHO_FEMALE = ["Sô", "Brê", "Hiền", "Drim", "Lơn", "Mai", "Bơ", "Dung"]
COHO_MALE = ["Brơi", "Sớ", "Điểu", "Brêu", "Ha", "Thuận", "Jốt", "Kră"]
COTU_FAMILY = ["Bh'riu", "Alăng", "Zơ Râm", "Bling", "Pơloong", "Arất", "Clâu", "Ating", "Hốih"]
COTU_MALE = ["Liếc", "Đại", "Plênh", "Blũi", "Nhim", "Bhơ", "Thế", "Ngói", "Quân", "Pố"]


def _kinh_name(rng: random.Random, female: bool) -> str:
    family = FAMILY_NAMES.pick(rng)
    if female:
        middle = FEMALE_MIDDLE.pick(rng)
        if middle == "Thị" and rng.random() < 0.25:
            middle = f"Thị {rng.choice(FEMALE_SECOND_MIDDLE)}"
        given = rng.choice(FEMALE_GIVEN)
    else:
        middle = MALE_MIDDLE.pick(rng)
        given = rng.choice(MALE_GIVEN)
    if given == middle.split()[-1]:
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        if given == middle.split()[-1]:
            middle = "Thị" if female else "Văn"
    return f"{family} {middle} {given}"


#: the dân tộc of each group of minority names
_MINORITY_PEOPLES = {"raglai": "Raglai", "ede": "Ê Đê", "coho": "Cơ Ho", "cotu": "Cơ Tu"}


def _minority_name(rng: random.Random, female: bool) -> tuple[str, str]:
    """A minority name and its people (dân tộc)."""
    group = rng.choices(("raglai", "ede", "coho", "cotu"), cum_weights=(35, 65, 85, 100))[0]
    return _minority_name_of(rng, female, group), _MINORITY_PEOPLES[group]


def _minority_name_of(rng: random.Random, female: bool, group: str) -> str:
    if group == "ede":  # Y … (men), H'… (women), family name last
        if female:
            return f"H'{rng.choice(EDE_FEMALE)} {rng.choice(EDE_FAMILY)}"
        given = f"Y {rng.choice(EDE_MALE)}"
        return given if rng.random() < 0.2 else f"{given} {rng.choice(EDE_FAMILY)}"
    if group == "raglai":  # family name + Văn/Thị + a Vietnamese given name
        middle = "Thị" if female else "Văn"
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        return f"{rng.choice(RAGLAI_FAMILY)} {middle} {given}"
    if group == "coho":  # Ka … (women), K'… (men)
        if female:
            return f"Ka {rng.choice(COHO_FEMALE)} {rng.choice(COHO_FAMILY)}"
        return f"K'{rng.choice(COHO_MALE)} {rng.choice(COHO_FAMILY)}"
    family = rng.choice(COTU_FAMILY)
    if female:
        return f"{family} Thị {rng.choice(FEMALE_GIVEN)}"
    return f"{family} {rng.choice(COTU_MALE)}"


def _person(rng: random.Random, female: bool) -> tuple[str, str]:
    """A name and the dân tộc it belongs to."""
    if rng.random() < MINORITY_SHARE:
        return _minority_name(rng, female)
    return _kinh_name(rng, female), "Kinh"


def _person_name(rng: random.Random, female: bool) -> str:
    return _person(rng, female)[0]


# --- units ---------------------------------------------------------------------------

@dataclass
class _UnitPlan:
    id: int
    ten: str
    parent_id: int | None
    kind: str
    weight: float
    size: int = 0


# (name, parent index in this list or None, kind, relative size)
BASE_UNITS = [
    ("Lãnh đạo Ban", None, "lanh_dao", 0.0),
    ("Văn phòng", None, "van_phong", 1.3),
    ("Phòng Chính sách dân tộc", None, "phong", 1.2),
    ("Phòng Kế hoạch - Tổng hợp", None, "phong", 1.0),
    ("Thanh tra Ban", None, "thanh_tra", 0.7),
    ("Trung tâm Tư vấn và Hỗ trợ đồng bào dân tộc thiểu số", None, "trung_tam", 0.8),
    ("Trạm Hỗ trợ đồng bào dân tộc khu vực Khánh Vĩnh", 5, "tram", 0.6),
    ("Trạm Hỗ trợ đồng bào dân tộc khu vực Khánh Sơn", 5, "tram", 0.6),
    ("Trạm Hỗ trợ đồng bào dân tộc khu vực Ninh Hòa", 5, "tram", 0.5),
]
CENTRE_INDEX = 5
EXTRA_AREAS = [
    "Bác Ái", "Ninh Sơn", "Cam Lâm", "Diên Khánh", "Vạn Ninh", "Thuận Bắc", "Cam Ranh",
    "Ninh Phước", "Thuận Nam", "Nha Trang", "Phan Rang",
]
LEADERS = 3  # Trưởng Ban and two Phó Trưởng Ban


def _plan_units(rng: random.Random, staff: int) -> list[_UnitPlan]:
    units: list[_UnitPlan] = []
    for i, (ten, parent, kind, weight) in enumerate(BASE_UNITS, start=1):
        units.append(_UnitPlan(i, ten, parent + 1 if parent is not None else None, kind, weight))
    wanted = math.ceil(staff / STAFF_PER_UNIT)
    stations = [u for u in units if u.kind == "tram"]
    areas = iter(EXTRA_AREAS)
    team = 0
    while len(units) < wanted:
        area = next(areas, None)
        if area is not None:
            u = _UnitPlan(len(units) + 1, f"Trạm Hỗ trợ đồng bào dân tộc khu vực {area}",
                          units[CENTRE_INDEX].id, "tram", 0.6)
            stations.append(u)
        else:
            team += 1
            station = stations[(team - 1) % len(stations)]
            area_name = station.ten.rsplit("khu vực ", 1)[-1]
            u = _UnitPlan(len(units) + 1, f"Tổ công tác số {team:02d} - khu vực {area_name}",
                          station.id, "to", 1.0)
        units.append(u)
    # Sizes: the leadership first, the rest by weight, largest remainder.
    units[0].size = min(LEADERS, staff)
    rest = staff - units[0].size
    others = units[1:]
    weights = [u.weight * rng.uniform(0.75, 1.25) for u in others]
    total = sum(weights)
    shares = [rest * w / total for w in weights]
    sizes = [int(s) for s in shares]
    order = sorted(range(len(others)), key=lambda i: (-(shares[i] - sizes[i]), i))
    for i in order[: rest - sum(sizes)]:
        sizes[i] += 1
    for u, n in zip(others, sizes, strict=True):
        u.size = n
    return units


# --- people ---------------------------------------------------------------------------

# Per kind of unit: head, deputy, and the weighted positions of everybody else.
ROLES = {
    "lanh_dao": ("Trưởng Ban", "Phó Trưởng Ban", []),
    "van_phong": ("Chánh Văn phòng", "Phó Chánh Văn phòng", [
        ("Chuyên viên", 6), ("Chuyên viên chính", 2), ("Kế toán", 1), ("Văn thư", 1),
        ("Nhân viên", 1), ("Lái xe", 1), ("Bảo vệ", 0.5),
    ]),
    "phong": ("Trưởng phòng", "Phó Trưởng phòng", [("Chuyên viên", 7), ("Chuyên viên chính", 3)]),
    "thanh_tra": ("Chánh Thanh tra", "Phó Chánh Thanh tra", [
        ("Thanh tra viên", 6), ("Thanh tra viên chính", 2), ("Chuyên viên", 2),
    ]),
    "trung_tam": ("Giám đốc", "Phó Giám đốc", [
        ("Viên chức", 6), ("Kế toán", 1), ("Nhân viên", 1), ("Lái xe", 0.5),
    ]),
    "tram": ("Trạm trưởng", "Phó Trạm trưởng", [("Viên chức", 8), ("Nhân viên", 1)]),
    "to": ("Tổ trưởng", "Tổ phó", [("Viên chức", 9), ("Nhân viên", 1)]),
}
_ROLE_PICKERS = {kind: _Weighted(others) for kind, (_, _, others) in ROLES.items() if others}

NGACH = {
    "Chuyên viên": "Chuyên viên", "Chuyên viên chính": "Chuyên viên chính",
    "Thanh tra viên": "Thanh tra viên", "Thanh tra viên chính": "Thanh tra viên chính",
    "Kế toán": "Kế toán viên", "Văn thư": "Văn thư viên", "Viên chức": "Viên chức hạng III",
}
LEADER_NGACH = {
    "lanh_dao": ("Chuyên viên chính", "Chuyên viên chính", "Chuyên viên cao cấp"),
    "van_phong": ("Chuyên viên", "Chuyên viên chính"),
    "phong": ("Chuyên viên", "Chuyên viên chính"),
    "thanh_tra": ("Thanh tra viên", "Thanh tra viên chính"),
    "trung_tam": ("Viên chức hạng II", "Viên chức hạng III"),
    "tram": ("Viên chức hạng II", "Viên chức hạng III"),
    "to": ("Viên chức hạng III",),
}
SUPPORT = {"Nhân viên", "Lái xe", "Bảo vệ"}
SENIOR = {"Chuyên viên chính", "Thanh tra viên chính"}
OFFICE_FIRST = ("Kế toán", "Văn thư")
TRINH_DO = {
    "leader": _Weighted([("Thạc sĩ", 6), ("Tiến sĩ", 1), ("Đại học", 3)]),
    "staff": _Weighted([("Đại học", 70), ("Thạc sĩ", 20), ("Cao đẳng", 5), ("Trung cấp", 3)]),
    "support": _Weighted([("Trung cấp", 4), ("Cao đẳng", 3), ("Trung học phổ thông", 3), ("Đại học", 2)]),
}
NOTES = [
    "Đang học Cao cấp lý luận chính trị",
    "Biệt phái đến Văn phòng UBND tỉnh",
    "Kiêm nhiệm công tác thi đua, khen thưởng",
    "Tập sự đến tháng 6/{year}",
    "Chuyển đến từ Sở Nội vụ tháng 9/{prev}",
]
FEMALE_NOTES = ["Nghỉ thai sản từ tháng 3/{year}"]
LEFT_NOTES = [
    "Chuyển công tác sang Sở Nội vụ",
    "Chuyển công tác sang UBND xã Khánh Vĩnh",
    "Thôi việc theo nguyện vọng",
]


def _birth(rng: random.Random, year: int, lo: int, hi: int) -> PartialDate:
    born = year - rng.randint(lo, hi)
    if rng.random() < 0.12:
        return PartialDate(born)
    d = dt.date(born, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return PartialDate(d.year, d.month, d.day)


def _make_person(
    rng: random.Random, year: int, unit: _UnitPlan, rank: int, deputies: int, taken: set[tuple[str, int]]
) -> Staff:
    """One person. ``taken`` holds the (name, birth year) pairs already used: no
    two demo people share them, so an exported demo list re-imports cleanly
    (a year-only birth date would otherwise match two people)."""
    head, deputy, _ = ROLES[unit.kind]
    if rank == 0:
        chuc_vu, level, ages = head, "leader", (42, 58)
    elif rank <= deputies:
        chuc_vu, level, ages = deputy, "leader", (35, 57)
    else:
        first = rank - deputies - 1
        if unit.kind == "van_phong" and first < len(OFFICE_FIRST) and unit.size >= 6:
            chuc_vu = OFFICE_FIRST[first]  # every office has its accountant and clerk
        else:
            chuc_vu = _ROLE_PICKERS[unit.kind].pick(rng)
        level = "support" if chuc_vu in SUPPORT else "staff"
        ages = (34, 59) if chuc_vu in SENIOR else (23, 59)
    female = rng.random() < 0.52
    for _ in range(1000):  # the name space is far larger than any demo size
        ho_ten, dan_toc = _person(rng, female)
        ngay_sinh = _birth(rng, year, *ages)
        if (ho_ten, ngay_sinh.year) not in taken:
            break
    taken.add((ho_ten, ngay_sinh.year))
    if level == "leader":
        ngach = rng.choice(LEADER_NGACH[unit.kind])
    else:
        ngach = NGACH.get(chuc_vu, "")
    hop_dong = chuc_vu in SUPPORT or (level == "staff" and rng.random() < 0.04)
    dang_cong_tac, ngay_nghi, ghi_chu = True, None, ""
    if level != "leader" and rng.random() < 0.03:
        dang_cong_tac = False
        ngay_nghi = dt.date(year - 1, 1, 1) + dt.timedelta(days=rng.randrange(365))
        ghi_chu = "Nghỉ hưu theo chế độ" if year - ngay_sinh.year >= 58 else rng.choice(LEFT_NOTES)
    elif rng.random() < 0.03:
        notes = NOTES + (FEMALE_NOTES if female else [])
        ghi_chu = rng.choice(notes).format(year=year, prev=year - 1)
    return Staff(
        ho_ten=ho_ten, gioi_tinh="nu" if female else "nam", ngay_sinh=ngay_sinh,
        chuc_vu=chuc_vu, ngach="" if hop_dong else ngach, trinh_do=TRINH_DO[level].pick(rng),
        unit_id=unit.id, loai_hop_dong="hop_dong" if hop_dong else "bien_che",
        dang_cong_tac=dang_cong_tac, ngay_nghi=ngay_nghi, ghi_chu=ghi_chu, dan_toc=dan_toc,
    )


# --- campaigns ---------------------------------------------------------------------------

def _campaigns(rng: random.Random, year: int) -> list[Campaign]:
    yearly = Campaign(
        ten=f"Phong trào thi đua thực hiện thắng lợi nhiệm vụ công tác dân tộc năm {year}",
        loai="thuong_xuyen", nam_bat_dau=year, nam_ket_thuc=year,
        so_ke_hoach=f"{rng.randint(12, 30)}/KH-BDT",
        ngay_ban_hanh=dt.date(year, 1, rng.randint(15, 28)),
        chu_de="Đoàn kết, kỷ cương, đổi mới, sáng tạo, hoàn thành xuất sắc nhiệm vụ công tác dân tộc",
        han_dang_ky=dt.date(year, 3, 15), han_sang_kien=dt.date(year, 11, 1),
        han_ho_so=dt.date(year, 11, 20),
        ghi_chu="Các phòng, đơn vị gửi đăng ký thi đua về Văn phòng (Thường trực Hội đồng Thi đua - Khen thưởng).",
    )
    start = 2021 + (year - 2021) // 5 * 5
    end = start + 4
    topical = Campaign(
        ten=f"Phong trào thi đua “Khánh Hòa chung sức xây dựng nông thôn mới” giai đoạn {start}-{end}",
        loai="chuyen_de", nam_bat_dau=start, nam_ket_thuc=end,
        so_ke_hoach=f"{rng.randint(40, 90)}/KH-BDT",
        ngay_ban_hanh=dt.date(start, rng.randint(4, 6), rng.randint(1, 28)),
        chu_de="Chung sức xây dựng nông thôn mới vùng đồng bào dân tộc thiểu số và miền núi",
        han_ho_so=dt.date(end, 9, 30),
        ghi_chu=f"Sơ kết giữa giai đoạn năm {start + 2}; tổng kết năm {end}.",
    )
    return [yearly, topical]


# --- the registration season -------------------------------------------------------------

#: xếp loại drawn for a year, with weights
_XEP_LOAI = (("HTXSNV", 0.18), ("HTTNV", 0.70), ("HTNV", 0.10), ("KHTNV", 0.02))
_INITIATIVE_TOPICS = (
    "Số hóa hồ sơ chính sách dân tộc", "Ứng dụng bản đồ số theo dõi vùng đặc biệt khó khăn",
    "Quy trình tiếp nhận đơn thư của đồng bào", "Sổ tay tuyên truyền song ngữ Việt – Raglai",
    "Mẫu báo cáo nhanh kết quả giảm nghèo", "Cải tiến lưu trữ văn bản đi, đến",
)


def _season(db: sqlite_utils.Database, rng: random.Random, year: int, campaign_id: int) -> dict[str, int]:
    """Three past years of xếp loại and award history, initiatives, a discipline
    and an open review, and this year's registrations — some of which break a
    rule the way real ones do (a gap in a chain, no initiative, a person under
    review, a unit under 70 %)."""
    staff = db.execute("SELECT id, unit_id, dang_cong_tac FROM staff ORDER BY id").fetchall()
    active = [sid for sid, _, on in staff if on]
    unit_of = {sid: uid for sid, uid, _ in staff}
    units = [r[0] for r in db.execute("SELECT id FROM units ORDER BY thu_tu, id")]
    codes, weights = zip(*_XEP_LOAI)
    evaluations, awards, registrations, rated = [], [], [], {}
    for y in range(year - 3, year + 1):
        for sid in active:
            if y == year and rng.random() < 0.15:  # this year's xếp loại not in yet
                continue
            xl = rng.choices(codes, weights)[0]
            rated[(sid, y)] = xl
            evaluations.append((sid, y, xl, 12 if rng.random() > 0.03 else rng.randint(6, 11), 0, ""))
    initiatives, authors = [], []
    for sid in rng.sample(active, max(1, len(active) // 12)) if active else []:
        y = rng.randint(year - 3, year)
        level = None if y == year and rng.random() < 0.4 else ("tinh" if rng.random() < 0.1 else "co_so")
        initiatives.append((f"{rng.choice(_INITIATIVE_TOPICS)} ({sid})", y, unit_of[sid], level,
                            f"{rng.randint(5, 90)}/QĐ-BDT" if level else ""))
        authors.append(sid)
    has_initiative = {(sid, row[1]) for sid, row in zip(authors, initiatives) if row[3]}
    for y in range(year - 3, year):
        qd = f"{rng.randint(100, 180)}/QĐ-BDT"
        for sid in active:
            xl = rated.get((sid, y))
            if xl in ("HTXSNV", "HTTNV"):
                awards.append((sid, None, y, "LDTT", qd))
                if (xl == "HTXSNV" or (sid, y) in has_initiative) and rng.random() < 0.5:
                    awards.append((sid, None, y, "CSTDCS", qd))
        for uid in units:
            if rng.random() < 0.8:
                awards.append((None, uid, y, "TTLDTT", qd))
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO evaluations (staff_id, nam, xep_loai, so_thang, thai_san_thang, ghi_chu) VALUES (?,?,?,?,?,?)",
            evaluations,
        )
        db.conn.executemany(
            "INSERT INTO awards (staff_id, unit_id, nam, ma, so_quyet_dinh, nguon) VALUES (?,?,?,?,?, 'quyet_dinh')",
            awards,
        )
        for (ten, y, uid, level, qd), sid in zip(initiatives, authors):
            iid = db.execute(
                "INSERT INTO initiatives (ten, nam, unit_id, cap, so_quyet_dinh) VALUES (?,?,?,?,?)",
                [ten, y, uid, level, qd],
            ).lastrowid
            db.execute("INSERT INTO initiative_authors (initiative_id, staff_id) VALUES (?, ?)", [iid, sid])
        if len(active) >= 20:
            punished, reviewed = rng.sample(active, 2)
            db.execute(
                "INSERT INTO disciplines (staff_id, hinh_thuc, tu_ngay, so_quyet_dinh) VALUES (?, 'khien_trach', ?, ?)",
                [punished, f"{year}-04-10", "12/QĐ-BDT"],
            )
            db.execute(
                "INSERT INTO reviews (staff_id, loai, tu_ngay, ghi_chu) VALUES (?, 'ky_luat', ?, ?)",
                [reviewed, f"{year}-10-02", "Đang xem xét theo đơn phản ánh"],
            )
        for sid in active:
            if rng.random() < 0.88:
                registrations.append((sid, None, "LDTT"))
            xl = rated.get((sid, year))
            roll = rng.random()
            if roll < 0.07 or (xl == "HTXSNV" and roll < 0.25):
                registrations.append((sid, None, "CSTDCS"))
            elif roll < 0.09:
                registrations.append((sid, None, "GK"))
            elif roll < 0.095:
                registrations.append((sid, None, "BK_TINH"))
            elif roll < 0.097:
                registrations.append((sid, None, "CSTD_TINH"))
        for i, uid in enumerate(units):
            registrations.append((None, uid, "TTLDTT"))
            if i % 4 == 1:
                registrations.append((None, uid, "TTLDXS"))
        if units:
            registrations.append((None, units[min(2, len(units) - 1)], "CO_TINH"))
        db.conn.executemany(
            f"INSERT INTO registrations (campaign_id, nam, staff_id, unit_id, ma) VALUES ({campaign_id}, {year}, ?, ?, ?)",
            registrations,
        )
    return {"registrations": len(registrations), "awards": len(awards), "initiatives": len(initiatives)}


def _council(db: sqlite_utils.Database, year: int, campaign_id: int) -> int:
    """The council (9 members, set up in January last year), last year's meeting with
    its counts — a tie at the CSTĐCS cut settled by a second round — and this year's
    meeting ready to vote. Returns the number of meetings."""
    from ...domain.council import Council, CouncilMember, Meeting, Tally
    from ..council import service as council_service
    from ...store import council as cstore

    people = db.execute(
        """SELECT s.id, s.ho_ten, s.chuc_vu, s.gioi_tinh FROM staff s JOIN units u ON u.id = s.unit_id
           WHERE s.dang_cong_tac = 1 AND (s.chuc_vu LIKE 'Trưởng%' OR s.chuc_vu LIKE 'Phó%'
                 OR s.chuc_vu LIKE 'Chánh%' OR s.chuc_vu LIKE 'Giám đốc%')
           ORDER BY u.thu_tu, u.id, s.id LIMIT 9""").fetchall()
    if len(people) < 9:
        return 0
    roles = ["chu_tich", "pho_chu_tich"] + ["uy_vien"] * 6 + ["thu_ky"]
    head = next((p for p in people if p[2] == "Trưởng Ban"), people[0])
    ordered = [head] + [p for p in people if p is not head]
    members = tuple(CouncilMember(ho_ten=name, vai_tro=role, chuc_vu=cv, gioi_tinh=g, staff_id=sid)
                    for (sid, name, cv, g), role in zip(ordered, roles))
    council_id = cstore.save_council(db, Council("05/QĐ-BDT", dt.date(year - 1, 1, 10), members))
    council = cstore.get_council(db, council_id)
    ids = [m.id for m in council.members]

    # last year: five CSTĐCS proposals, a cap of three, 9 / 8 / 8 / 8 / 6 votes → a second round
    last = year - 1
    past_id = records.save_campaign(db, Campaign(f"Phong trào thi đua thường xuyên năm {last}", so_ke_hoach="08/KH-BDT",
                                                 nam_bat_dau=last))
    chosen = [r[0] for r in db.execute(
        "SELECT staff_id FROM evaluations WHERE nam = ? AND xep_loai = 'HTXSNV' ORDER BY staff_id LIMIT 5", [last])]
    if len(chosen) < 5:
        return 0
    db.execute(f"DELETE FROM awards WHERE nam = ? AND ma = 'CSTDCS' AND staff_id IN ({','.join('?' * 5)})",
               [last, *chosen])
    db.conn.executemany(
        "INSERT INTO registrations (campaign_id, nam, staff_id, ma, trang_thai) VALUES (?, ?, ?, 'CSTDCS', 'de_nghi')",
        [(past_id, last, sid) for sid in chosen])
    past = cstore.save_meeting(db, Meeting(council_id, past_id, last, dt.date(last, 12, 16), gio="14 giờ 00",
                                           dia_diem="Phòng họp Ban Dân tộc",
                                           ket_luan="Hội đồng thống nhất đề nghị Trưởng Ban công nhận danh hiệu "
                                                    "Chiến sĩ thi đua cơ sở cho các cá nhân đạt."))
    cstore.set_attendance(db, past, {mid: ("co_mat", "", "truong_ban" if i == 2 else "uy_vien" if i in (3, 4) else "")
                                     for i, mid in enumerate(ids)})
    council_service.propose_candidates(db, past)
    cstore.set_quota(db, past, "CSTDCS", 3)
    cand = [r["id"] for r in cstore.candidate_rows(db, past)]
    council_service.save_counts(db, past, "CSTDCS", 1, Tally(9, 9, 9, 0, dict(zip(cand, (9, 8, 8, 8, 6)))))
    council_service.save_counts(db, past, "CSTDCS", 2, Tally(9, 9, 8, 1, dict(zip(cand[1:4], (8, 5, 7)))))
    council_service.apply_results(db, past)
    # last year's decisions: the CSTĐCS the council passed, and a Giấy khen for 60+ people (seed 001's size)
    from ..decisions import service as decision_service

    decision_service.create_decision(
        db, so="142/QĐ-BDT", ngay=dt.date(last, 12, 22), nam=last, ma="CSTDCS", meeting_id=past,
        registration_ids=decision_service.passed_registrations(db, last, "CSTDCS"))
    honoured = [r[0] for r in db.execute(
        """SELECT staff_id FROM awards WHERE nam = ? AND ma = 'LDTT' AND staff_id IS NOT NULL
           AND staff_id NOT IN (SELECT staff_id FROM registrations WHERE nam = ? AND ma = 'CSTDCS')
           ORDER BY staff_id LIMIT 64""", [last, last])]
    if honoured:
        decision_service.create_decision(db, so="143/QĐ-BDT", ngay=dt.date(last, 12, 22), nam=last, ma="GK",
                                         staff_ids=honoured)

    # this year: proposals of the titles the council votes on, the meeting set up, nobody counted yet
    for code, n in (("CSTDCS", 12), ("CSTD_TINH", 2), ("CO_TINH", 1)):
        db.execute("""UPDATE registrations SET trang_thai = 'de_nghi' WHERE id IN (
                        SELECT id FROM registrations WHERE campaign_id = ? AND ma = ? ORDER BY id LIMIT ?)""",
                   [campaign_id, code, n])
    now = cstore.save_meeting(db, Meeting(council_id, campaign_id, year, dt.date(year, 12, 15), gio="08 giờ 00",
                                          dia_diem="Phòng họp Ban Dân tộc"))
    cstore.set_attendance(db, now, {mid: (("van_ban", "Đi công tác", "") if i == 5 else
                                          ("co_mat", "", "truong_ban" if i == 2 else "uy_vien" if i in (3, 4) else ""))
                                    for i, mid in enumerate(ids)})
    council_service.propose_candidates(db, now)
    return 2


# --- build ---------------------------------------------------------------------------

def _existing_data(db: sqlite_utils.Database) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("units", "staff", "campaigns")
    )


def build_demo(
    db: sqlite_utils.Database, *, staff: int = 120, seed: int = 1, year: int | None = None
) -> DemoSummary:
    """Fill an empty data file with a demo agency of ``staff`` people.

    ``year`` is the "current year" of the data (campaigns, ages, leave dates);
    it defaults to today's year. Raises :class:`DemoDataExistsError` if the
    file already has units, staff or campaigns. Organisation settings are
    filled in only if they are still empty.
    """
    if staff < 0:
        raise ValueError("staff must be >= 0")
    year = year if year is not None else dt.date.today().year
    started = time.perf_counter()
    rng = random.Random(seed)
    stamp = f"{year}-01-05T08:00:00"
    with gc_paused(), transaction(db), audit.paused(db):  # one line in the audit log, not a row per record
        units_n, staff_n, campaigns_n = _existing_data(db)
        if units_n or staff_n or campaigns_n:
            raise DemoDataExistsError(
                f"Tệp dữ liệu đã có dữ liệu ({units_n} đơn vị, {staff_n} cán bộ, "
                f"{campaigns_n} phong trào); dữ liệu mẫu chỉ tạo được trong tệp trống."
            )
        plans = _plan_units(rng, staff)
        unit_rows = []
        for order, plan in enumerate(plans, start=1):
            unit = Unit(ten=plan.ten, parent_id=plan.parent_id, thu_tu=order, id=plan.id).normalised()
            unit_rows.append({
                "id": unit.id, "ten": unit.ten, "ten_key": search_key(unit.ten),
                "parent_id": unit.parent_id, "thu_tu": unit.thu_tu, "ghi_chu": unit.ghi_chu,
                # the leadership prints as the agency: "Trưởng Ban Dân tộc tỉnh Khánh Hòa"
                "ten_in": "Ban Dân tộc tỉnh Khánh Hòa" if plan.kind == "lanh_dao" else "",
            })
        db["units"].insert_all(unit_rows)

        rows = []
        left = 0
        head_of_agency = ""
        secretary_named = False
        taken: set[tuple[str, int]] = set()
        for plan in plans:
            deputies = 2 if plan.kind == "lanh_dao" else (2 if plan.size >= 12 else 1 if plan.size >= 4 else 0)
            for rank in range(plan.size):
                person = _make_person(rng, year, plan, rank, deputies, taken)
                if (
                    not secretary_named and plan.kind == "van_phong"
                    and person.chuc_vu == "Chuyên viên" and person.dang_cong_tac
                ):
                    person = replace(person, ghi_chu="Thư ký Hội đồng Thi đua - Khen thưởng")
                    secretary_named = True
                person = person.normalised()
                if errs := person.errors():  # a bug in this module, not a user fault
                    raise AssertionError(f"{person.ho_ten}: {errs}")
                if plan.kind == "lanh_dao" and rank == 0:
                    head_of_agency = person.ho_ten
                left += not person.dang_cong_tac
                values = records.staff_values(person)
                values["created_at"] = values["updated_at"] = stamp
                rows.append(values)
        if rows:  # one executemany of plain tuples: sqlite-utils would look at each of the 600,000 values
            columns = tuple(rows[0])
            db.conn.executemany(
                f"INSERT INTO staff ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [tuple(r[c] for c in columns) for r in rows],
            )

        if records.get_settings(db) == OrgSettings():
            records.save_settings(db, OrgSettings(
                co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
                co_quan="BAN DÂN TỘC",
                ky_hieu="BDT",
                dia_danh="Khánh Hòa",
                chuc_danh_thu_truong="Trưởng Ban",
                ten_thu_truong=head_of_agency,
            ))
        campaign_ids = [records.save_campaign(db, campaign) for campaign in _campaigns(rng, year)]
        season = _season(db, rng, year, campaign_ids[0])
        meetings = _council(db, year, campaign_ids[0])
        from ..khoi import demo as khoi_demo

        khoi_demo.build(db, year)  # the khối of seven agencies, ours its khối trưởng, one tie open

        audit.note(db, f"Tạo dữ liệu mẫu: {len(rows)} cán bộ, {season['registrations']} đăng ký, "
                       f"{meetings} cuộc họp Hội đồng")
    return DemoSummary(
        units=len(plans), staff=len(rows), staff_left=left, campaigns=2 + (meetings > 0), meetings=meetings,
        seconds=time.perf_counter() - started, **season,
    )
