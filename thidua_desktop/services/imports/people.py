"""Who an imported row names: stored people by name and birth date
(:class:`PersonIndex`), shared by every importer."""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from ...domain import vntext
from ...domain.dates import PartialDate

__all__ = ["PersonIndex", "compatible_dates", "date_label", "fewer_accents", "name_key", "unit_key"]


def compatible_dates(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Can two birth dates be the same person's: equal, or one only a year (or
    missing) and the other of that year."""
    if a is None or b is None:
        return True
    if a.year_only or b.year_only:
        return a.year == b.year
    return a == b


def name_key(name: str) -> str:
    """Case- and spacing-insensitive, accent-sensitive."""
    return " ".join(vntext.nfc(name).casefold().split())


def _marks(ch: str) -> tuple[str, frozenset[str]]:
    if ch in "đĐ":
        return ch.replace("đ", "d").replace("Đ", "D"), frozenset({"đ"})
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0], frozenset(decomposed[1:])


def fewer_accents(new: str, old: str) -> bool:
    """``new`` is ``old`` with some of its diacritics lost (case and spacing
    aside): "Nguyen Van Trung" or "Nguyên Văn Trung" of "Nguyễn Văn Trùng". An
    update never replaces a name by such a form of it."""
    a, b = name_key(new), name_key(old)
    if a == b or len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x != y:
            (bx, mx), (by, my) = _marks(x), _marks(y)
            if bx != by or not mx < my:
                return False
    return True


def date_label(iso: str | None) -> str:
    d = PartialDate.from_iso(iso)
    return d.display() if d else "không rõ ngày sinh"


@functools.lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """Accent- and case-insensitive key of a unit name."""
    return vntext.search_key(name)


class PersonIndex:
    """Stored people by name, for finding who an imported row names.

    ``rows`` are tuples whose items 0, 1, 2 are the staff id, ``ho_ten`` and
    ``ten_key`` (:func:`vntext.search_key` of the name) and item
    ``birth_at`` the ISO birth date (``"1980"`` or ``"1980-03-12"``) or
    ``None``. The rules, shared by every importer:

    * names are compared letter for letter (case and spacing aside) first;
      only when no such person has a compatible birth date are they compared
      without accents, so a list typed without accents still finds "Nguyễn
      Văn An", while "Dung" and "Dũng" stay two people (:meth:`pool`);
    * birth dates must be *compatible* (:func:`compatible_dates`); a person
      with the same date as the row wins over those only compatible with it
      (:meth:`find`).
    """

    def __init__(self, rows: Iterable[tuple], *, birth_at: int = 4):
        self.birth_at = birth_at
        self.by_key: dict[str, list[tuple]] = {}
        self._by_given: dict[str, list[str]] | None = None
        self._spellings: dict[str, dict[str, list[tuple]]] = {}  # key → name_key → people, made when first asked
        self._births: dict[str | None, PartialDate | None] = {}  # ISO → date, parsed once
        for s in rows:
            self.by_key.setdefault(s[2], []).append(s)

    def add(self, row: tuple) -> None:
        """One more person (a row of the file being read, to match later rows against)."""
        self.by_key.setdefault(row[2], []).append(row)
        self._spellings.pop(row[2], None)
        self._by_given = None

    def birth(self, row: tuple) -> PartialDate | None:
        iso = row[self.birth_at]
        found = self._births.get(iso, self._births)
        if found is self._births:
            found = self._births[iso] = PartialDate.from_iso(iso)
        return found

    def spelled(self, key: str, name: str) -> list[tuple]:
        """The people of ``key`` whose name is spelled as ``name`` (case and spacing aside)."""
        spellings = self._spellings.get(key)
        if spellings is None:
            spellings = self._spellings[key] = {}
            for s in self.by_key.get(key, ()):
                spellings.setdefault(name_key(s[1]), []).append(s)
        return spellings.get(name_key(name), [])

    def pool(self, name: str, key: str, birth: PartialDate | None) -> list[tuple] | tuple:
        """Stored people a row may be: same spelling if any has a compatible
        date, else the same accent-free key."""
        return self._pool(name, key, birth, birth.iso() if birth else None)

    def _pool(self, name: str, key: str, birth: PartialDate | None, iso: str | None) -> list[tuple] | tuple:
        same_key = self.by_key.get(key, ())
        if len(same_key) < 2:
            return same_key  # nobody, or one person: the spelling cannot narrow it
        spelled = self.spelled(key, name)
        at = self.birth_at
        # the same date (as stored) is compatible: looked for first, nothing parsed
        if any(s[at] == iso for s in spelled) or any(compatible_dates(birth, self.birth(s)) for s in spelled):
            return list(spelled)
        return same_key

    def find(self, name: str, birth: PartialDate | None, key: str | None = None) -> list[tuple]:
        """Who a row (name, birth date) may be: the people of :meth:`pool`
        with the same date if any, else those with a compatible date. One
        row: found; none: nobody; several: ambiguous."""
        key = key if key is not None else vntext.search_key(name)
        iso = birth.iso() if birth else None
        pool = self._pool(name, key, birth, iso)
        at = self.birth_at
        same = [s for s in pool if s[at] == iso]
        if same:
            return same
        return [s for s in pool if compatible_dates(birth, self.birth(s))]

    def similar(self, name: str, limit: int = 5) -> list[tuple]:
        """People whose name shares the given name and one more word (for
        suggesting candidates of an unmatched row), at most ``limit``."""
        words = vntext.search_key(name).split()
        if not words:
            return []
        if self._by_given is None:
            self._by_given = {}
            for key in self.by_key:
                if key:
                    self._by_given.setdefault(key.split()[-1], []).append(key)
        out: list[tuple] = []
        for key in self._by_given.get(words[-1], ()):
            if len(set(key.split()) & set(words)) >= min(2, len(words)):
                out.extend(self.by_key[key])
                if len(out) >= limit:
                    break
        return out[:limit]

