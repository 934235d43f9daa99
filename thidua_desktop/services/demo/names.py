"""Demo people's names: Vietnamese family, middle and given names weighted as in reality, and
about 10 % names of the Ê Đê, Raglai, Cơ Ho and Cơ Tu patterns."""
from __future__ import annotations

import random
from itertools import accumulate

MINORITY_SHARE = 0.10


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
