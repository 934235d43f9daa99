"""Who an imported record row is about: a stored person (name + birth date,
:class:`people.PersonIndex`; the unit the sheet gives tells namesakes
apart) or a unit (its name, "Tập thể" in front ignored); the candidates of a
row that fits nobody or several, and the user's choice for it."""
from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import sqlite_utils

from ...domain import vntext
from ...domain.dates import PartialDate
from .layout import header_key
from .people import PersonIndex, date_label
from .sheet import RowStatus

if TYPE_CHECKING:
    from .records import RecordRow

__all__ = ["KIND_LABELS", "SKIP", "Candidate", "Subjects", "apply_resolution", "subject_rows", "digest",
           "unmatched_reason"]

SKIP = ("skip", 0)
KIND_LABELS = {"staff": "cá nhân", "unit": "tập thể"}


class Candidate:
    """A stored person or unit a row may be about: ``kind`` ("staff" |
    "unit"), ``id`` and ``label`` ("Nguyễn Văn An (12/03/1980) — Văn
    phòng"), which may be given as a function of the id, made when first
    asked (a plan matches thousands of rows and shows a few labels). Equal
    when kind, id and label are; not to be changed."""
    __slots__ = ("_label", "id", "kind")

    def __init__(self, kind: str, id: int, label: str | Callable[[int], str]):  # noqa: A002
        self.kind, self.id, self._label = kind, id, label

    @property
    def label(self) -> str:
        if not isinstance(self._label, str):
            self._label = self._label(self.id)
        return self._label

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    def __eq__(self, other):
        if other.__class__ is not Candidate:
            return NotImplemented
        return (self.kind, self.id, self.label) == (other.kind, other.id, other.label)

    def __hash__(self):
        return hash((self.kind, self.id, self.label))

    def __repr__(self):
        return f"Candidate(kind={self.kind!r}, id={self.id!r}, label={self.label!r})"


_COLLECTIVE_PREFIX = re.compile(r"^(tap the|tt)\s+")


def _unit_match_key(name: str) -> str:
    return _COLLECTIVE_PREFIX.sub("", header_key(name))


def subject_rows(db: sqlite_utils.Database) -> tuple[list[tuple], list[tuple]]:
    rows = db.execute(
        "SELECT s.id, s.ho_ten, s.ten_key, s.unit_id, s.ngay_sinh, coalesce(u.ten, '') "
        "FROM staff s LEFT JOIN units u ON u.id = s.unit_id ORDER BY s.id"
    ).fetchall()
    return rows, db.execute("SELECT id, ten FROM units ORDER BY id").fetchall()


def digest(*parts) -> str:
    """A fingerprint of rows read from the data file: equal for equal rows, else different."""
    h = hashlib.sha1()
    for part in parts:
        try:
            # version 2: no back-references, so equal rows give the same bytes; three times faster than repr
            data = marshal.dumps(part, 2)
        except ValueError:  # a value marshal does not write
            data = repr(part).encode("utf-8", "surrogatepass")
        h.update(data)
    return h.hexdigest()


class Subjects:
    """The stored people and units, indexed for matching import rows."""

    def __init__(self, db: sqlite_utils.Database):
        rows, units = subject_rows(db)
        self.people = PersonIndex(rows, birth_at=4)
        self.staff = {r[0]: r for r in rows}
        self.units = {uid: ten for uid, ten in units}
        self.units_by_key: dict[str, list[int]] = {}
        for uid, ten in units:
            self.units_by_key.setdefault(_unit_match_key(ten), []).append(uid)
        self.fingerprint = digest(rows, units)

    def staff_label(self, sid: int) -> str:
        r = self.staff[sid]
        unit = f" — {r[5]}" if r[5] else ""
        born = self.people.birth(r)  # parsed once per date
        return f"{r[1]} ({born.display() if born else date_label(None)}){unit}"

    def candidate(self, kind: str, ident: int) -> Candidate | None:
        if kind == "staff" and ident in self.staff:
            return Candidate("staff", ident, self.staff_label(ident))
        if kind == "unit" and ident in self.units:
            return Candidate("unit", ident, self.units[ident])
        return None

    def find_person(self, name: str, birth: PartialDate | None, unit_text: str = "") -> list[Candidate]:
        found = self.people.find(name, birth)
        if len(found) > 1 and unit_text:
            k = _unit_match_key(unit_text)
            same_unit = [s for s in found if s[5] and _unit_match_key(s[5]) == k]
            if same_unit:
                found = same_unit
        label = self.staff_label
        return [Candidate("staff", s[0], label) for s in found]

    def similar_people(self, name: str, limit: int = 5) -> list[Candidate]:
        return [Candidate("staff", s[0], self.staff_label(s[0])) for s in self.people.similar(name, limit)]

    def find_unit(self, name: str) -> list[Candidate]:
        ids = self.units_by_key.get(_unit_match_key(name), [])
        return [Candidate("unit", u, self.units[u]) for u in ids]

    def similar_units(self, name: str, limit: int = 5) -> list[Candidate]:
        k = _unit_match_key(name)
        if not k:
            return []
        out = [Candidate("unit", u, ten) for u, ten in self.units.items()
               if k in _unit_match_key(ten) or _unit_match_key(ten) in k]
        return out[:limit]

    def unit_of_name(self, name: str) -> bool:
        """Does the text name a stored unit (and no stored person)?"""
        return bool(self.find_unit(name)) and not self.people.by_key.get(vntext.search_key(name))


def unmatched_reason(row: RecordRow, found: list[Candidate], what: str) -> str:
    """Vietnamese reason of a row that fits nobody (``found`` empty) or several."""
    born = f" (sinh {row.birth.display()})" if row.birth else ""
    if not found:
        if what == "unit":
            return f"Không tìm thấy đơn vị “{row.name}” trong dữ liệu; hãy chọn đơn vị"
        return f"Không tìm thấy “{row.name}”{born} trong danh sách cán bộ; hãy chọn người"
    labels = "; ".join(c.label for c in found[:6]) + ("; …" if len(found) > 6 else "")
    if what == "unit":
        return f"Có {len(found)} đơn vị cùng tên “{row.name}” ({labels}); hãy chọn đơn vị"
    return (f"Có {len(found)} người tên “{row.name}”{born} ({labels}); hãy chọn đúng người "
            "(hoặc ghi đủ ngày sinh trong tệp)")


def apply_resolution(row: RecordRow, subjects: Subjects, choice: tuple[str, int],
                     kinds: Iterable[str]) -> bool:
    """Give the row the subject the user chose. False (and the row an error) if
    the choice is not possible; ``("skip", 0)`` skips the row."""
    kind, ident = choice
    if (kind, ident) == SKIP:
        row.status = RowStatus.SKIPPED
        row.reason = "Người dùng chọn bỏ qua dòng này"
        row.resolved = True
        return False
    if kind not in kinds:
        row.status = RowStatus.ERROR
        row.reason = f"Không chọn được {KIND_LABELS.get(kind, kind)} cho dòng này"
        return False
    cand = subjects.candidate(kind, ident)
    if cand is None:
        row.status = RowStatus.ERROR
        what = "Cán bộ" if kind == "staff" else "Đơn vị"
        row.reason = f"{what} được chọn cho dòng này không còn trong dữ liệu (đã bị xóa?); hãy chọn lại"
        return False
    row.subject, row.kind, row.resolved = cand, kind, True
    return True
