"""The demo agency's units (leadership, phòng, inspectorate, a centre with field stations, more field
teams for large sizes), its staff with positions, ngạch and notes, and its two campaigns."""
from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from ...domain.dates import PartialDate
from ...domain.models import Campaign, Staff
from .names import _person, _Weighted

STAFF_PER_UNIT = 20


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
