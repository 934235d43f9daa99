"""Finding people and units by what the user types: accent- and case-insensitive
words in any order (``"nguyen van an"``, ``"an nguyen"``), a year of birth as a
word of its own (``"an 1980"``); best matches first (the whole name, then whole
words, then parts of words), then in Vietnamese name order."""
from __future__ import annotations

import heapq
import json
from dataclasses import dataclass

import sqlite_utils

from ...domain.dates import PartialDate
from ...domain.vntext import name_sort_key, search_key

#: at most this many matches are returned (the count says how many there were)
LIMIT = 200


@dataclass(frozen=True)
class Match:
    """One person (``kind == "staff"``) or unit (``"unit"``) found."""

    kind: str
    id: int
    ten: str
    don_vi: str = ""  # a person's unit; a unit's parent
    ngay_sinh: str = ""  # as documents write it: 07/03/1985 or 1985
    chuc_vu: str = ""
    dang_cong_tac: bool = True

    @property
    def label(self) -> str:
        """One line for a list: name, birth, position and unit, left."""
        if self.kind == "unit":
            return f"{self.ten} (tập thể{', thuộc ' + self.don_vi if self.don_vi else ''})"
        parts = [self.ten]
        if self.ngay_sinh:
            parts.append(f"sinh {self.ngay_sinh}")
        post = ", ".join(p for p in (self.chuc_vu, self.don_vi) if p)
        if post:
            parts.append(post)
        return " — ".join(parts) + ("" if self.dang_cong_tac else " (đã nghỉ)")

    def as_dict(self) -> dict:
        return {"loai": "ca_nhan" if self.kind == "staff" else "tap_the", "id": self.id, "ten": self.ten,
                "don_vi": self.don_vi, "ngay_sinh": self.ngay_sinh, "chuc_vu": self.chuc_vu,
                "dang_cong_tac": self.dang_cong_tac}


def _words(query: str) -> tuple[list[str], list[str]]:
    """The name words and the year words of a query."""
    words = search_key(query).split()
    return [w for w in words if not w.isdigit()], [w for w in words if w.isdigit()]


def _rank(key: str, names: list[str]) -> tuple[int, int]:
    """0 for the whole name typed, then fewer words matched only in part."""
    if key == " ".join(names):
        return 0, 0
    whole = set(key.split())
    return 1, sum(1 for w in names if w not in whole)


def find(db: sqlite_utils.Database, query: str, *, units: bool = True, limit: int = LIMIT) -> tuple[list[Match], int]:
    """People (and units when ``units``) matching every word of ``query``;
    returns at most ``limit`` matches, best first, and how many there were."""
    names, years = _words(query)
    if not names and not years:
        return [], 0
    like = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in names]
    name_where = ["ten_key LIKE ? ESCAPE '\\'"] * len(names)
    where = " AND ".join(["s." + w for w in name_where] + ["s.ngay_sinh LIKE ?"] * len(years))
    people = db.execute(
        f"""SELECT s.id, s.ho_ten, s.ten_key, s.ngay_sinh, s.chuc_vu, coalesce(u.ten, ''), s.dang_cong_tac
            FROM staff s LEFT JOIN units u ON u.id = s.unit_id WHERE {where}""",
        [*like, *[f"%{y}%" for y in years]]).fetchall()
    # ranked on the raw rows; a Match (and its birth date) is made only for those returned
    found: list[tuple[tuple, tuple]] = [((_rank(r[2], names), not r[6], name_sort_key(r[1]), r[0]), ("staff", r))
                                        for r in people]
    if units and names and not years:
        rows = db.execute(
            f"""SELECT u.id, u.ten, u.ten_key, coalesce(p.ten, '') FROM units u LEFT JOIN units p ON p.id = u.parent_id
                WHERE {' AND '.join("u." + w for w in name_where)}""", like).fetchall()
        found += [((_rank(r[2], names), False, (search_key(r[1]),), r[0]), ("unit", r)) for r in rows]
    best = heapq.nsmallest(limit, found, key=lambda pair: pair[0])
    return [_match(kind, row) for _, (kind, row) in best], len(found)


def _match(kind: str, row: tuple) -> Match:
    if kind == "unit":
        uid, ten, _key, parent = row
        return Match("unit", uid, ten, parent)
    sid, ten, _key, born, post, unit, active = row
    birth = PartialDate.from_iso(born) if born else None
    return Match("staff", sid, ten, unit, birth.display() if birth else "", post or "", bool(active))


def matches_json(matches: list[Match], total: int) -> str:
    return json.dumps({"so_ket_qua": total, "ket_qua": [m.as_dict() for m in matches]}, ensure_ascii=False, indent=2)
