"""A person's position and unit said the Vietnamese way, the one joining every
document uses (certificates, the decision's annex, the award book, lists).

Pure Python. ``"Phó Trưởng phòng"`` + ``"Phòng Chính sách dân tộc"`` →
``"Phó Trưởng phòng Chính sách dân tộc"``: the words the position ends with
and the unit's name begins with are said once, in the position's spelling.
A unit may have a name to print (``units.ten_in``): the leadership group
"Lãnh đạo Ban" prints as the agency, "Trưởng Ban Dân tộc tỉnh Khánh Hòa".
"""
from __future__ import annotations

from .vntext import clean

__all__ = ["born_text", "position_with_unit", "unit_print_name"]


def unit_print_name(ten: str | None, ten_in: str | None = "") -> str:
    """The name a unit prints under: its name to print when it has one."""
    return clean(ten_in) or clean(ten)


def _overlap(head: list[str], tail: list[str]) -> int:
    """How many words ``head`` ends with that ``tail`` begins with (case-insensitive)."""
    folded_head = [w.casefold() for w in head]
    folded_tail = [w.casefold() for w in tail]
    for k in range(min(len(head), len(tail)), 0, -1):
        if folded_head[-k:] == folded_tail[:k]:
            return k
    return 0


def position_with_unit(chuc_vu: str | None, don_vi: str | None) -> str:
    """``"Phó Trưởng phòng Chính sách dân tộc"``, ``"Trưởng Ban Dân tộc tỉnh
    Khánh Hòa"``, ``"Chuyên viên Phòng Kế hoạch - Tổng hợp"``; either part
    alone when the other is empty."""
    position, unit = clean(chuc_vu), clean(don_vi)
    if not position or not unit:
        return position or unit
    head, tail = position.split(" "), unit.split(" ")
    return " ".join(head + tail[_overlap(head, tail):])


def born_text(row) -> str:
    """"1980 (Nam)": the birth year and sex of a person's row (``ngay_sinh``,
    ``gioi_tinh``; empty for a unit), as the lists and the award book write them."""
    year = (row["ngay_sinh"] or "")[:4]
    sex = {"nam": "Nam", "nu": "Nữ"}.get(row["gioi_tinh"] or "", "")
    return f"{year} ({sex})" if year and sex else year or sex
