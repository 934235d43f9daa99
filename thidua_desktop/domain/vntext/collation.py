"""Sorting in Vietnamese alphabetical order (:func:`collation_key`) and names: :func:`split_name`
and :func:`name_sort_key` (given name, then middle, then family name).

Imports :mod:`.normalise` and :mod:`.letters`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .letters import _ALPHABET, _DECOMP, _TONE_MARKS
from .normalise import _APOSTROPHE_TABLE, _APOSTROPHES, _SOFT_HYPHEN, clean, nfc


# ---------------------------------------------------------------------------
# Collation
# ---------------------------------------------------------------------------
# A key is a tuple of four strings compared in order, like the levels of a
# real collation: (primary, secondary, tertiary, text).
#   primary   letters as rank characters (ă â ê ô ơ ư đ are letters of their
#             own); word separators; numbers by value ("Tổ 2" < "Tổ 10").
#   secondary one tone digit per letter: 0 none, 1 huyền, 2 hỏi, 3 ngã,
#             4 sắc, 5 nặng (other accents, e.g. French, 6 and above).
#   tertiary  one case digit per letter: lowercase first.
#   text      the NFC text itself, the final tie-break (e.g. apostrophes).
# Apostrophes, the soft hyphen and other format characters are ignored at the
# first three levels; any other run of spaces/punctuation is one separator,
# which sorts before every letter ("An Bình" < "Anh").
# Primary ranks are characters so the keys compare as plain strings (fast).

_SEP = "\x01"
_NUM = "\x02"                       # marks a number: _NUM, length, digits
_LETTER_BASE = 0x100                # Vietnamese/Latin letters: 0x100 + index
_OTHER_BASE = 0x200                 # other scripts: 0x200 + code point

_PRIMARY: dict[str, str] = {}
_SECONDARY: dict[str, str] = {}
_TERTIARY: dict[str, str] = {}
for _lower, (_base, _tone) in _DECOMP.items():
    for _ch, _case in ((_lower, "0"), (_lower.upper(), "1")):
        _PRIMARY[_ch] = chr(_LETTER_BASE + _ALPHABET.index(_base))
        _SECONDARY[_ch] = str(_tone)
        _TERTIARY[_ch] = _case
_IGNORABLE = "'" + _SOFT_HYPHEN + _APOSTROPHES

# Fast path: a string made only of letters, apostrophes and single inner
# spaces (every cleaned name) is three str.translate calls.
_P_TABLE = str.maketrans({**_PRIMARY, " ": _SEP, **dict.fromkeys(_IGNORABLE, None)})
_S_TABLE = str.maketrans({**_SECONDARY, " ": None, **dict.fromkeys(_IGNORABLE, None)})
_T_TABLE = str.maketrans({**_TERTIARY, " ": None, **dict.fromkeys(_IGNORABLE, None)})
_FAST_WORD = "[{i}]*[{l}][{l}{i}]*".format(l=re.escape("".join(_PRIMARY)), i=re.escape(_IGNORABLE))
_FAST_CHARS = re.compile(f"{_FAST_WORD}(?: {_FAST_WORD})*")
_SHAPE_MARKS = frozenset("\u0306\u0302\u031b")          # breve, circumflex, horn
_TONE_OF_MARK = {m: t for t, m in enumerate(_TONE_MARKS) if m}


def _slow_units(ch: str) -> tuple[str, str, str] | None:
    """Collation units of a character outside the fast tables (None: separator)."""
    cat = unicodedata.category(ch)
    if cat[0] != "L":
        return None
    lower = ch.lower()
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    case = "1" if ch != lower else "0"
    if base in _PRIMARY:
        # Latin letter with accents Vietnamese does not use (ç, ñ, ü, ŏ…):
        # keep any Vietnamese shape/tone, rank the rest after the tones.
        shaped = base
        extra = 0
        tone = 0
        for m in marks:
            candidate = unicodedata.normalize("NFC", shaped + m)
            if m in _SHAPE_MARKS and candidate in _DECOMP and _DECOMP[candidate][1] == 0:
                shaped = candidate
            elif m in _TONE_OF_MARK and not tone:
                tone = _TONE_OF_MARK[m]
            else:
                extra = extra * 8 + 1 + (ord(m) & 0x7F) % 7
        secondary = str(tone) if not extra else chr(ord("6") + extra)
        return _PRIMARY[shaped], secondary, case
    return chr(min(_OTHER_BASE + ord(lower[0]), 0x10FFFF)), "0", case


def _collate(s: str) -> tuple[str, str, str, str]:
    if _FAST_CHARS.fullmatch(s):
        return s.translate(_P_TABLE), s.translate(_S_TABLE), s.translate(_T_TABLE), s.translate(_APOSTROPHE_TABLE)
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    pending_sep = False
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch in _IGNORABLE or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            i += 1
            continue
        if ch.isdecimal():
            j = i
            while j < n and s[j].isdecimal():
                j += 1
            digits = "".join(str(unicodedata.decimal(d)) for d in s[i:j]).lstrip("0") or "0"
            if pending_sep and primary:
                primary.append(_SEP)
            pending_sep = False
            primary.append(_NUM + chr(0x10 + min(len(digits), 0x10FFEF)) + digits)
            i = j
            continue
        p = _PRIMARY.get(ch)
        if p is not None:
            units = (p, _SECONDARY[ch], _TERTIARY[ch])
        else:
            units = _slow_units(ch)
        if units is None:
            pending_sep = True
        else:
            if pending_sep and primary:
                primary.append(_SEP)
            pending_sep = False
            primary.append(units[0])
            secondary.append(units[1])
            tertiary.append(units[2])
        i += 1
    return "".join(primary), "".join(secondary), "".join(tertiary), s.translate(_APOSTROPHE_TABLE)


@functools.lru_cache(maxsize=1 << 16)
def _collation_key_cached(s: str) -> tuple[str, str, str, str]:
    return _collate(nfc(s))


def collation_key(text: object) -> tuple[str, str, str, str]:
    """Sort key in Vietnamese alphabetical order, case-insensitive.

    Letters compare first (``a < ă < â < b``, ``d < đ < e``, ``o < ô < ơ``,
    ``u < ư``; f j w z after e, i, v, y), then tones (none < huyền < hỏi <
    ngã < sắc < nặng), then case (lowercase first), then the text itself.
    Spaces and punctuation separate words and sort before letters; numbers
    compare by value; apostrophes are ignored until the last level. NFD input
    gives the same key as NFC. Results are cached per string.
    """
    s = text if type(text) is str else ("" if text is None else str(text))
    return _collation_key_cached(s)


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

def split_name(full_name: object) -> tuple[str, str, str]:
    """``(family, middle, given)`` of a cleaned full name.

    ``"Nguyễn Thị Thu Hà"`` → ``("Nguyễn", "Thị Thu", "Hà")``; two words →
    ``(family, "", given)``; one word → ``("", "", word)``. The split is
    purely positional: words are never re-cased, re-ordered or corrected, so
    ethnic-minority names (``Y Ngọc``, ``H'Hen Niê``, ``Ka Sô Liễng``) come
    back exactly as written and ``" ".join(filter(None, parts)) == clean(name)``.
    """
    s = clean(full_name)
    if not s:
        return "", "", ""
    words = s.split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(full_name: object) -> tuple[str, ...]:
    """Key sorting people by given name, then middle name, then family name.

    Each part is compared with :func:`collation_key` (so ``An < Ánh < Bình <
    Cường < Dũng < Đức``); full ties fall back to the cleaned full text. The
    key is a flat tuple of strings (the three collation keys concatenated,
    then the text) so that sorting 50 000 names stays fast; per-part keys are
    cached.
    """
    s = clean(full_name)
    words = s.split(" ")
    n = len(words)
    if n == 1:
        family, middle, given = "", "", words[0]
    elif n == 2:
        family, middle, given = words[0], "", words[1]
    else:
        family, middle, given = words[0], " ".join(words[1:-1]), words[-1]
    ck = _collation_key_cached
    return ck(given) + ck(middle) + ck(family) + (s.translate(_APOSTROPHE_TABLE),)
