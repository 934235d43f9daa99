"""Vietnamese text: the one module every entry point goes through.

NFC normalisation, whitespace clean-up, accent-insensitive search keys,
Vietnamese name splitting and sorting, and legacy TCVN3 (ABC) / VNI detection
and conversion. Pure Python: no Qt, no SQL. Every function returns NFC text.

Public API
----------
``nfc``, ``clean``, ``strip_accents``, ``search_key``
    normalisation and accent-insensitive search.
``split_name``, ``collation_key``, ``name_sort_key``
    Vietnamese names and sorting (letter order ``a ă â b c d đ e ê g h i k l
    m n o ô ơ p q r s t u ư v x y``; tones compared after the letters).
``detect_legacy``, ``detect_legacy_many``, ``convert_legacy``, ``fix_legacy``,
``legacy_encoding_for_font``, ``TCVN3_TABLE``, ``VNI_TABLE``
    text typed with the pre-Unicode fonts (.VnTime = TCVN3/ABC, VNI-Times =
    VNI) and later read as Unicode (each byte taken as the Latin-1 /
    Windows-1252 character with the same number).

Apostrophes
-----------
Ethnic-minority names (``H'Hen Niê``, ``Bh'riu Liếc``) contain apostrophes.
:func:`clean` never removes them; it maps the typographic variants that
Word/web copies produce (’ U+2019, ‘ U+2018, ʼ U+02BC) to the ASCII ``'`` so
that ``H’Hen`` and ``H'Hen`` are the same name everywhere (storage, search,
duplicates). Nothing else about a name is ever changed: no re-capitalisation,
no re-ordering, no "correction" of spelling.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from types import MappingProxyType

__all__ = [
    "LEGACY_ENCODINGS",
    "TCVN3_TABLE",
    "VNI_TABLE",
    "clean",
    "collation_key",
    "convert_legacy",
    "detect_legacy",
    "detect_legacy_many",
    "fix_legacy",
    "legacy_encoding_for_font",
    "is_capitals",
    "name_sort_key",
    "nfc",
    "search_key",
    "split_name",
    "strip_accents",
    "unit_name_case",
]

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

#: Characters :func:`clean` deletes: zero-width spaces/joiners, word joiner,
#: BOM, direction marks and bidi embeddings/isolates (web and Word copies).
#: U+00AD SOFT HYPHEN is deliberately *kept*: in TCVN3 text it is the letter
#: ``ư`` and removing it would destroy legacy text before it can be converted
#: (:func:`search_key` and :func:`collation_key` ignore it instead).
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff" \
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Typographic apostrophes mapped to ASCII ``'``.
_APOSTROPHES = "\u2019\u2018\u02bc"

_CLEAN_TABLE: dict[int, str | None] = {cp: " " for cp in (*range(0x20), *range(0x7F, 0xA0))}
_CLEAN_TABLE.update(dict.fromkeys(map(ord, _INVISIBLE)))
_CLEAN_TABLE.update(dict.fromkeys(map(ord, _APOSTROPHES), "'"))
_NEEDS_CLEAN = re.compile(
    "[\x00-\x1f\x7f-\x9f" + re.escape(_INVISIBLE + _APOSTROPHES) + "]"
)


def nfc(text: object) -> str:
    """Unicode NFC of any value (``None`` becomes ``""``)."""
    if text is None:
        return ""
    s = text if type(text) is str else str(text)
    if unicodedata.is_normalized("NFC", s):
        return s
    return unicodedata.normalize("NFC", s)


def clean(text: object) -> str:
    """NFC, invisible characters removed, runs of whitespace collapsed, trimmed.

    Control characters become spaces; typographic apostrophes become ``'``
    (see the module notes). Letters, apostrophes and the soft hyphen (TCVN3
    ``ư``) are never touched, so legacy text survives for
    :func:`fix_legacy`. Idempotent: ``clean(clean(x)) == clean(x)``.
    """
    if text is None:
        return ""
    s = text if type(text) is str else str(text)
    if _NEEDS_CLEAN.search(s):
        s = s.translate(_CLEAN_TABLE)
    s = " ".join(s.split())
    # NFC last: deleting a zero-width character can bring a letter and a
    # combining mark together.
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


def _build_strip_table() -> dict[int, str]:
    """Precomposed Latin letters (Latin-1 … Latin Extended Additional, where
    every Vietnamese letter lives) → their letter without marks."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for cp in range(start, end):
            ch = chr(cp)
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
            if base != ch and base.isascii():
                table[cp] = base
    return table


_STRIP_TABLE = _build_strip_table()


def strip_accents(text: str) -> str:
    """Remove every diacritic; ``đ``/``Đ`` become ``d``/``D``.

    Vietnamese text goes through one ``str.translate`` (C speed: 50,000 names
    in a few milliseconds); anything still not ASCII after it (other scripts,
    loose combining marks) takes the general path."""
    fast = text.translate(_STRIP_TABLE)
    if fast.isascii():
        return fast
    decomposed = unicodedata.normalize("NFD", fast)
    base = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", base.replace("đ", "d").replace("Đ", "D"))


_SOFT_HYPHEN = "\u00ad"


@functools.lru_cache(maxsize=4096)
def search_key_cached(text: str) -> str:
    """:func:`search_key` remembered, for the few distinct values of a column
    repeated down a long list (chức vụ, unit names)."""
    return search_key(text)


def search_key(text: object) -> str:
    """Accent- and case-insensitive key: ``"Nguyễn Văn Ân"`` → ``"nguyen van an"``."""
    s = strip_accents(clean(text).casefold())
    # clean again: casefold can produce ʼ (ŉ → ʼn), and removing a lone mark
    # can leave two spaces side by side
    return clean(s.replace(_SOFT_HYPHEN, ""))


# ---------------------------------------------------------------------------
# Vietnamese letters
# ---------------------------------------------------------------------------

#: Tones in collation order, as combining marks: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWELS = "aăâeêioôơuưy"
#: Letter order; f j w z (not Vietnamese) follow their Latin neighbours.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"


def _toned(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_MARKS[tone])


#: lowercase letter -> (toneless letter with its shape marks, tone 0..5),
#: for every Vietnamese letter (ASCII letters included, tone 0).
_DECOMP: dict[str, tuple[str, int]] = {c: (c, 0) for c in "abcdefghijklmnopqrstuvwxyz"}
_DECOMP["đ"] = ("đ", 0)
for _v in _VOWELS:
    for _t in range(6):
        _DECOMP[_toned(_v, _t)] = (_v, _t)

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
        return s.translate(_P_TABLE), s.translate(_S_TABLE), s.translate(_T_TABLE), s
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
    return "".join(primary), "".join(secondary), "".join(tertiary), s


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
    return ck(given) + ck(middle) + ck(family) + (s,)


# ---------------------------------------------------------------------------
# Legacy encodings: tables
# ---------------------------------------------------------------------------
# Both encodings are read here as they reach us: every byte of the 8-bit text
# has become the Unicode character with the same number (Latin-1; Windows-1252
# agrees above 0x9F, where all the Vietnamese letters live).

def _by_tone(base: str, codes: str) -> dict[str, str]:
    """{legacy code: letter} for ``base`` with tones huyền, hỏi, ngã, sắc, nặng."""
    return {code: _toned(base, t) for t, code in enumerate(codes, start=1)}


# TCVN 5712:1993 VN3, "TCVN3 (ABC)", the .VnTime fonts: 67 lowercase letters
# and 7 capitals (Ă Â Ê Ô Ơ Ư Đ) in 0xA1-0xFE. It has no code for a capital
# with a tone: those were typed with an all-capital font (.VnTimeH), which
# shows the lowercase codes as capitals. Checked against glibc's TCVN5712-1.
_TCVN3: dict[str, str] = {
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư", "\u00a7": "Đ",
    "\u00a8": "ă", "\u00a9": "â", "\u00aa": "ê", "\u00ab": "ô", "\u00ac": "ơ", "\u00ad": "ư", "\u00ae": "đ",
}
_TCVN3.update(_by_tone("a", "\u00b5\u00b6\u00b7\u00b8\u00b9"))   # µ ¶ · ¸ ¹   à ả ã á ạ
_TCVN3.update(_by_tone("ă", "\u00bb\u00bc\u00bd\u00be\u00c6"))   # » ¼ ½ ¾ Æ   ằ ẳ ẵ ắ ặ
_TCVN3.update(_by_tone("â", "\u00c7\u00c8\u00c9\u00ca\u00cb"))   # Ç È É Ê Ë   ầ ẩ ẫ ấ ậ
_TCVN3.update(_by_tone("e", "\u00cc\u00ce\u00cf\u00d0\u00d1"))   # Ì Î Ï Ð Ñ   è ẻ ẽ é ẹ
_TCVN3.update(_by_tone("ê", "\u00d2\u00d3\u00d4\u00d5\u00d6"))   # Ò Ó Ô Õ Ö   ề ể ễ ế ệ
_TCVN3.update(_by_tone("i", "\u00d7\u00d8\u00dc\u00dd\u00de"))   # × Ø Ü Ý Þ   ì ỉ ĩ í ị
_TCVN3.update(_by_tone("o", "\u00df\u00e1\u00e2\u00e3\u00e4"))   # ß á â ã ä   ò ỏ õ ó ọ
_TCVN3.update(_by_tone("ô", "\u00e5\u00e6\u00e7\u00e8\u00e9"))   # å æ ç è é   ồ ổ ỗ ố ộ
_TCVN3.update(_by_tone("ơ", "\u00ea\u00eb\u00ec\u00ed\u00ee"))   # ê ë ì í î   ờ ở ỡ ớ ợ
_TCVN3.update(_by_tone("u", "\u00ef\u00f1\u00f2\u00f3\u00f4"))   # ï ñ ò ó ô   ù ủ ũ ú ụ
_TCVN3.update(_by_tone("ư", "\u00f5\u00f6\u00f7\u00f8\u00f9"))   # õ ö ÷ ø ù   ừ ử ữ ứ ự
_TCVN3.update(_by_tone("y", "\u00fa\u00fb\u00fc\u00fd\u00fe"))   # ú û ü ý þ   ỳ ỷ ỹ ý ỵ

#: TCVN3 (ABC) code (as a Latin-1 character) → Unicode letter; 74 entries.
TCVN3_TABLE = MappingProxyType(_TCVN3)
_TCVN3_TRANS = str.maketrans(_TCVN3)
#: codes of the 60 toned lowercase letters: their case is not known (the same
#: code is a capital in .VnTimeH); see _tcvn3_fix_case.
_TCVN3_CASELESS = frozenset(c for c, u in _TCVN3.items() if _DECOMP[u.lower()][1])

# VNI (VNI-Windows, the VNI-Times fonts): a letter is its ASCII base followed
# by one mark character; ơ ư đ and the i/ỵ forms are single characters.
# Lowercase and capital letters use different mark characters.
_VNI_TONE = {"lower": "ùøûõï", "upper": "ÙØÛÕÏ"}            # sắc huyền hỏi ngã nặng
_VNI_CIRC = {"lower": "âáàåãä", "upper": "ÂÁÀÅÃÄ"}          # ^, then ^ + sắc huyền hỏi ngã nặng
_VNI_BREVE = {"lower": "êéèúüë", "upper": "ÊÉÈÚÜË"}         # breve, then + tones
_VNI_I = {"lower": "íìæóò", "upper": "ÍÌÆÓÒ"}               # í ì ỉ ĩ ị
_VNI_SINGLE = {"lower": {"ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ"},
               "upper": {"Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Î": "Ỵ"}}
# order of the tone characters above -> our tone numbers
_VNI_TONE_ORDER = (4, 1, 2, 3, 5)


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for case in ("lower", "upper"):
        up = (lambda x: x.upper()) if case == "upper" else (lambda x: x)
        tones = _VNI_TONE[case]
        for base in "aeouy":
            for mark, t in zip(tones, _VNI_TONE_ORDER):
                if base == "y" and t == 5:
                    continue                         # ỵ is the single "î"
                table[up(base) + mark] = up(_toned(base, t))
        for base, shaped in (("a", "â"), ("e", "ê"), ("o", "ô")):
            marks = _VNI_CIRC[case]
            table[up(base) + marks[0]] = up(shaped)
            for mark, t in zip(marks[1:], _VNI_TONE_ORDER):
                table[up(base) + mark] = up(_toned(shaped, t))
        marks = _VNI_BREVE[case]
        table[up("a") + marks[0]] = up("ă")
        for mark, t in zip(marks[1:], _VNI_TONE_ORDER):
            table[up("a") + mark] = up(_toned("ă", t))
        for mark, t in zip(_VNI_I[case], _VNI_TONE_ORDER):
            table[mark] = up(_toned("i", t))
        for single, letter in _VNI_SINGLE[case].items():
            table[single] = letter
        for single, shaped in (("ô", "ơ"), ("ö", "ư")):
            for mark, t in zip(tones, _VNI_TONE_ORDER):
                table[up(single) + mark] = up(_toned(shaped, t))
    return table


#: VNI sequence (base letter + mark, or a single character) → Unicode letter;
#: the 134 Vietnamese letters that are not plain ASCII.
VNI_TABLE = MappingProxyType(_build_vni())

# The reader also accepts a capital base letter followed by a lowercase mark
# ("Aù"), which some documents contain; the base letter decides the case.
_VNI_READ = dict(VNI_TABLE)
for _seq, _letter in VNI_TABLE.items():
    if len(_seq) == 2 and _seq[0].isupper():
        _VNI_READ.setdefault(_seq[0] + _seq[1].lower(), _letter)
_VNI_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_READ, key=len, reverse=True))
    + "|(?P<other>[\u00a1-\u00ff])"
)

#: Encodings :func:`convert_legacy` understands. ``tcvn3h`` is TCVN3 typed in
#: an all-capital font (.VnTimeH, .VnArialH…): the result is upper-cased.
LEGACY_ENCODINGS = ("tcvn3", "tcvn3h", "vni")


# ---------------------------------------------------------------------------
# Legacy encodings: conversion
# ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


def _tcvn3_fix_case(src: str, out: str) -> str:
    """Restore capitals the .VnTime encoding could not represent.

    ``src`` (TCVN3) and ``out`` (its 1:1 translation) are aligned. A toned
    vowel code has no case ("caseless"); every other letter has a known case.
    All-capital writing is recognised only from known letters that are not
    the first of their word (``"Hå Vò"`` is ``"Hồ Vũ"``, not ``"HỒ VŨ"``).
    A caseless letter is upper-cased when
      * the whole text is in capitals (known letters all capitals, some of
        them inside words): ``"TRÇN V¡N"`` → ``"TRẦN VĂN"``;
      * its word is in capitals (likewise, within the word):
        ``"DANH S¸CH"`` → ``"DANH SÁCH"``;
      * it starts a word whose other letters are lowercase, in a text where
        every word with a known first letter starts with a capital (names,
        unit names; a single word counts): ``"Lª ThÞ ¸nh"`` → ``"Lê Thị Ánh"``,
        ``"¸nh"`` → ``"Ánh"``, but ``"¸nh s¸ng"`` → ``"ánh sáng"``.
    """
    chars = list(out)
    caseless = [c in _TCVN3_CASELESS for c in src]
    words = [(m.start(), m.end()) for m in _WORD.finditer(out)]

    def known(a: int, b: int, inner: bool) -> list[str]:
        return [chars[i] for i in range(a + inner, b)
                if not caseless[i] and chars[i].lower() != chars[i].upper()]

    inner_known = [c for a, b in words for c in known(a, b, True)]
    if inner_known and all(c.isupper() for a, b in words for c in known(a, b, False)):
        return "".join(c.upper() if amb else c for c, amb in zip(chars, caseless))
    title = all(chars[a].isupper() for a, _ in words if not caseless[a])
    for a, b in words:
        if not any(caseless[a:b]):
            continue
        inner = known(a, b, True)
        if inner and all(c.isupper() for c in known(a, b, False)):
            for i in range(a, b):
                chars[i] = chars[i].upper()
        elif caseless[a] and title and all(c.islower() for c in inner):
            chars[a] = chars[a].upper()
    return "".join(chars)


def _convert_tcvn3(text: str) -> str:
    out = text.translate(_TCVN3_TRANS)
    if not any(c in _TCVN3_CASELESS for c in text):
        return out
    return _tcvn3_fix_case(text, out)


def _convert_vni(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return m.group(0) if m.lastgroup == "other" else _VNI_READ[m.group(0)]
    return _VNI_RE.sub(repl, text)


def convert_legacy(text: object, encoding: str) -> str:
    """Convert legacy-encoded text (read as Latin-1) to Unicode NFC.

    ``encoding`` is ``"tcvn3"`` (ABC, .VnTime fonts), ``"tcvn3h"`` (ABC in an
    all-capital font such as .VnTimeH: the result is upper-cased) or
    ``"vni"`` (VNI-Times fonts). Characters outside the table (ASCII, digits,
    punctuation, anything already Unicode) are kept. The conversion is done
    unconditionally; use :func:`fix_legacy` to convert only when it applies.

    >>> convert_legacy("NguyÔn V¨n An", "tcvn3")
    'Nguyễn Văn An'
    >>> convert_legacy("Nguyeãn Vaên An", "vni")
    'Nguyễn Văn An'
    """
    s = nfc(text)
    enc = encoding.lower()
    if enc == "tcvn3":
        out = _convert_tcvn3(s)
    elif enc == "tcvn3h":
        out = s.translate(_TCVN3_TRANS).upper()
    elif enc == "vni":
        out = _convert_vni(s)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {LEGACY_ENCODINGS}")
    return nfc(out)


# ---------------------------------------------------------------------------
# Legacy encodings: detection
# ---------------------------------------------------------------------------
# Detection looks at each word that has a character between U+00A1 and
# U+00FF and asks, for each encoding, whether
#   * the word is NOT plausible as Unicode Vietnamese: a character that is not
#     a Vietnamese letter, an odd capital inside the word, more than one
#     syllable's worth of vowels, or a tone on the wrong vowel ("Caù"); and
#   * its conversion IS a well-formed Vietnamese syllable (strict spelling:
#     onset, vowel cluster, final consonant, tone on the right vowel, only
#     sắc/nặng before c ch p t…).
# That is evidence for the encoding. Evidence against: a letter the encoding
# cannot produce, or a plausible Unicode word that the conversion would turn
# into a malformed syllable. A letter beyond U+00FF (ă, ơ, ạ, ŭ…) means the
# text is real Unicode: no detection at all. Single-letter words never count.
# Known collisions with foreign words ("où" reads as VNI "ó", "Loïc" as VNI
# "Lọc") are listed in _FOREIGN_LOOKALIKES.

_CONSONANTS = frozenset("bcdđfghjklmnpqrstvwxz")
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
#: vowel clusters (without tone) and the positions their tone may take;
#: oa oe uy without a final consonant accept both the old (hóa) and new (hoá)
#: placement.
_NUCLEI: dict[str, frozenset[int]] = {}
for _group, _positions in (
    ("a ă â e ê i o ô ơ u ư y", {0}),
    ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu", {0}),
    ("iê yê uô ươ oa oe uy oă uâ uê uơ oo", {1}),
    ("iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyu", {1}),
    ("uyê", {2}),
):
    for _n in _group.split():
        _NUCLEI[_n] = frozenset(_positions)
_NUCLEI_BY_LENGTH = sorted(_NUCLEI, key=len, reverse=True)
_OPEN_ONLY = frozenset("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu "
                       "iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyu".split())
_NEED_CODA = frozenset("ă â oă uâ iê yê uô ươ uyê oo".split())
_CH_NH = frozenset("a ê i y oa uê uy".split())


def _toneless(word: str) -> tuple[str, int, int] | None:
    """(lowercase letters without tone, tone, index of the toned letter), or
    None if a character is not a Vietnamese letter or there are two tones."""
    bases = []
    tone = 0
    where = -1
    for i, ch in enumerate(word.lower()):
        info = _DECOMP.get(ch)
        if info is None:
            return None
        if info[1]:
            if tone:
                return None
            tone, where = info[1], i
        bases.append(info[0])
    return "".join(bases), tone, where


def _syllable_ok(word: str, strict: bool) -> bool:
    """Is ``word`` one Vietnamese syllable?

    strict: standard spelling (used on the result of a conversion).
    lenient: any consonant clusters around one vowel cluster with its tone in
    the right place (used to decide whether a word may simply be Unicode;
    lets through ethnic-minority words such as Mlô, Niê, Ksor).
    """
    parts = _toneless(word)
    if parts is None:
        return False
    s, tone, where = parts
    if strict:
        onsets = [o for o in _ONSETS if s.startswith(o)]
    else:
        m = 0
        while m < len(s) and s[m] in _CONSONANTS:
            m += 1
        onsets = [s[:m]]
        if s[m - 1:m + 1] in ("gi", "qu"):
            onsets.insert(0, s[:m + 1])
    for onset in onsets:
        rest = s[len(onset):]
        for nucleus in _NUCLEI_BY_LENGTH:
            if not rest.startswith(nucleus):
                continue
            coda = rest[len(nucleus):]
            if strict:
                if coda not in _CODAS:
                    continue
            elif not all(c in _CONSONANTS for c in coda):
                continue
            if _nucleus_ok(onset, nucleus, coda, tone, where - len(onset), strict):
                return True
    return False


_MEDIAL_U = frozenset("uy uâ uê uơ uya uyê uyu uây".split())


def _nucleus_ok(onset: str, nucleus: str, coda: str, tone: int, at: int, strict: bool) -> bool:
    if tone:
        allowed = _NUCLEI[nucleus]
        if not coda and nucleus in ("oa", "oe", "uy"):
            allowed = frozenset({0, 1})
        if at not in allowed:
            return False
    if coda in ("c", "ch", "p", "t") and tone in (1, 2, 3):
        return False                       # only sắc/nặng (or none, loan words) before a stop
    if not coda and nucleus in ("ă", "â", "oo"):
        return False
    if coda in ("ch", "nh") and nucleus not in _CH_NH:
        return False
    first = nucleus[0]
    if onset.endswith(("gh", "ngh")) and first not in "eêi":
        return False
    if onset.endswith("qu") and first in "ou":
        return False
    if onset.endswith("c") and first in "eêiy" or onset.endswith("k") and first in "aăâoôơuư":
        return False
    if not strict:
        return True
    # standard spelling, checked on the result of a conversion
    if coda in ("c", "ch", "p", "t") and tone not in (4, 5):
        return False
    if coda and nucleus in _OPEN_ONLY or not coda and nucleus in _NEED_CODA:
        return False
    if nucleus == "oo" or nucleus == "y" and coda and onset != "qu":
        return False                       # y takes a final only as u-y (quýt, huỳnh)
    if coda in ("c", "ng") and nucleus in ("i", "ê", "uê"):
        return False
    if onset == "ng" and first in "eêi" or onset == "k" and first not in "eêiy":
        return False
    # /kw/ is spelled qu
    return not (onset in ("c", "k") and nucleus in _MEDIAL_U)


def _case_ok(word: str) -> bool:
    return len(word) < 2 or word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _plausible_unicode(word: str) -> bool:
    """Could this word simply be Unicode Vietnamese (lenient: minority names too)?"""
    return _case_ok(word) and _syllable_ok(word, strict=False)


_LATIN1_WORD = re.compile(r"(?:[^\W\d_]|[\u00a1-\u00bf\u00d7\u00f7])+")
#: foreign words whose VNI reading is a Vietnamese syllable (French où, Loïc…)
_FOREIGN_LOOKALIKES = frozenset({"où", "loïc", "thaï", "moï", "caïn"})


def _tcvn3_leftover(word: str) -> bool:
    return any(c >= "\u00a1" and c not in _TCVN3 and c.isalpha() for c in word)


def _vni_leftover(word: str) -> bool:
    return any(m.lastgroup == "other" and m.group(0).isalpha() for m in _VNI_RE.finditer(word))


def _evidence(text: str) -> tuple[int, int, int, int, int]:
    """(for TCVN3, against TCVN3, for VNI, against VNI, Unicode words) in NFC ``text``."""
    t_for = t_against = v_for = v_against = unicode_words = 0
    for word in _LATIN1_WORD.findall(text):
        if word.isascii():
            continue
        if any(c > "\u00ff" for c in word):
            unicode_words += 1
            continue
        plausible = _plausible_unicode(word)
        # TCVN3
        if _tcvn3_leftover(word):
            t_against += 1
        else:
            conv = word.translate(_TCVN3_TRANS)
            if conv != word:
                valid = _syllable_ok(conv, strict=True)
                if valid and not plausible and len(word) > 1:
                    t_for += 1
                elif plausible and not valid:
                    t_against += 1
        # VNI
        if _vni_leftover(word):
            v_against += 1
        else:
            conv = _convert_vni(word)
            if conv != word:
                valid = _syllable_ok(conv, strict=True) and _case_ok(conv)
                if valid and not plausible and len(word) > 1:
                    if word.lower() not in _FOREIGN_LOOKALIKES:
                        v_for += 1
                elif plausible and not valid:
                    v_against += 1
    return t_for, t_against, v_for, v_against, unicode_words


def _decide(t_for: int, t_against: int, v_for: int, v_against: int) -> str | None:
    t_ok = t_for >= 1 and t_for > t_against
    v_ok = v_for >= 1 and v_for > v_against
    if t_ok and (not v_ok or t_for > v_for):
        return "tcvn3"
    if v_ok and (not t_ok or v_for > t_for):
        return "vni"
    return None


def detect_legacy(text: object) -> str | None:
    """``"tcvn3"``, ``"vni"`` or ``None`` for one piece of text; conservative.

    Needs at least one word of clear evidence and no word against (see the
    notes above): plain ASCII, real Unicode Vietnamese (NFC or NFD), names
    such as ``H'Hen Niê`` or ``Ka Sô Liễng``, French/English words, e-mail
    addresses and numbers give ``None``. Short texts may be undecidable
    (``"Vò"`` is TCVN3 for ``"Vũ"``); decide a whole column with
    :func:`detect_legacy_many`.
    """
    s = nfc(text)
    if s.isascii():
        return None
    t_for, t_against, v_for, v_against, unicode_words = _evidence(s)
    if unicode_words or t_against and v_against:
        return None
    return _decide(t_for if not t_against else 0, 0, v_for if not v_against else 0, 0)


def detect_legacy_many(texts: Iterable[object]) -> str | None:
    """Decide the encoding of a whole column/sheet by the weight of evidence.

    Sums the per-word evidence of every text; words that are real Unicode
    count against both encodings. Returns the encoding whose evidence
    outweighs the evidence against it (and the other encoding), else None.
    Convert the cells with ``fix_legacy(cell, encoding)``, which leaves cells
    that are evidently not in that encoding alone.
    """
    totals = [0, 0, 0, 0]
    for text in texts:
        s = nfc(text)
        if s.isascii():
            continue
        t_for, t_against, v_for, v_against, unicode_words = _evidence(s)
        totals[0] += t_for
        totals[1] += t_against + unicode_words
        totals[2] += v_for
        totals[3] += v_against + unicode_words
    return _decide(*totals)


def fix_legacy(text: object, encoding: str | None = None) -> tuple[str, str | None]:
    """``(unicode_text, encoding_used)``, or ``(nfc(text), None)`` when nothing to do.

    Without ``encoding`` the text is converted only if :func:`detect_legacy`
    recognises it. With an ``encoding`` (e.g. decided for the whole column by
    :func:`detect_legacy_many`, or from the cell's font with
    :func:`legacy_encoding_for_font`) the text is converted unless it
    evidently is not in that encoding: already Unicode (a letter beyond
    U+00FF), letters the encoding cannot produce, or Unicode Vietnamese words
    the conversion would spoil. Text the conversion would not change gives
    ``None`` as the encoding.
    """
    if encoding is not None and encoding.lower() not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {LEGACY_ENCODINGS}")
    s = nfc(text)
    if s.isascii():
        return s, None
    if encoding is None:
        enc = detect_legacy(s)
        if enc is None:
            return s, None
    else:
        enc = encoding.lower()
        _, t_against, _, v_against, unicode_words = _evidence(s)
        against = t_against if enc.startswith("tcvn3") else v_against
        if unicode_words or against:
            return s, None
    out = convert_legacy(s, enc)
    return (out, enc) if out != s else (s, None)


def legacy_encoding_for_font(font_name: str | None) -> str | None:
    """Encoding implied by a legacy font name (e.g. from an Excel cell's font).

    ``.VnTime``, ``.VnArial``… → ``"tcvn3"``; the all-capital variants ending
    in ``H`` (``.VnTimeH``, ``.VnArialH``) → ``"tcvn3h"``; ``VNI-Times``,
    ``VNI-Helve``… → ``"vni"``; anything else → ``None``.
    """
    if not font_name:
        return None
    name = font_name.strip()
    low = name.lower()
    if low.startswith(".vn"):
        return "tcvn3h" if name.endswith("H") else "tcvn3"
    if low.startswith(("vni-", "vni ")):
        return "vni"
    return None


# ---------------------------------------------------------------------------
# Names of units typed in capitals
# ---------------------------------------------------------------------------
#
# Rosters often write unit names in capitals ("VĂN PHÒNG", "PHÒNG TÀI CHÍNH -
# KẾ HOẠCH") while certificates print them in running text. Nghị định 30/2020
# (Phụ lục II) capitalises the first letter of the name, of the words naming
# the function or field after the kind of body ("Phòng Tài chính - Kế hoạch",
# "Trung tâm Dịch vụ"), and of every syllable of a place name ("huyện Châu
# Thành"). Words that are not Vietnamese syllables (UBND, HĐND, THCS) and
# roman numerals stay as they are.

#: kinds of body whose next word starts the function/field part of the name
_UNIT_KINDS = tuple(sorted((
    "văn phòng", "trung tâm", "chi cục", "ủy ban", "uỷ ban", "hội đồng", "bộ phận",
    "bệnh viện", "công ty", "chi nhánh", "liên đoàn", "thanh tra", "phòng", "ban", "sở",
    "cục", "tổ", "đội", "trường", "khoa", "viện", "trạm", "hạt", "đoàn", "hội", "khối", "cụm",
), key=lambda k: -len(k.split())))
#: words after which a place name follows (every syllable of it capitalised),
#: as after an acronym that starts the field part ("Trường THCS Nguyễn Du")
_PLACE_WORDS = tuple(sorted((
    "tỉnh", "huyện", "quận", "thị xã", "thành phố", "xã", "phường", "thị trấn",
), key=lambda k: -len(k.split())))
#: what looks like a kind of body at the start but is an ordinary word
_NOT_KINDS = frozenset({"tổ chức", "ban hành", "hội nghị", "đoàn kết", "trường học", "cục bộ"})
_ROMAN = re.compile(r"^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_NAME_WORD = re.compile(r"[^\W\d_]+")
_JOINERS = frozenset({"và"})


def is_capitals(text: object) -> bool:
    """True when ``text`` is written in capitals: no lowercase letter and at
    least one real Vietnamese word of two letters or more (so "UBND" alone is
    not)."""
    s = nfc(text)
    if any(ch.islower() for ch in s):
        return False
    return any(len(w) > 1 and _syllable_ok(w, strict=True) for w in _NAME_WORD.findall(s))


def unit_name_case(text: object) -> str:
    """A unit name written in capitals, in the case documents use:
    ``"VĂN PHÒNG"`` → ``"Văn phòng"``, ``"PHÒNG TÀI CHÍNH - KẾ HOẠCH"`` →
    ``"Phòng Tài chính - Kế hoạch"``, ``"VĂN PHÒNG HĐND VÀ UBND HUYỆN CHÂU
    THÀNH"`` → ``"Văn phòng HĐND và UBND huyện Châu Thành"``. Acronyms (words
    that are not Vietnamese syllables) and roman numerals are kept. Text that
    is not all capitals is returned cleaned but otherwise unchanged."""
    s = clean(text)
    if not is_capitals(s):
        return s
    matches = list(_NAME_WORD.finditer(s))
    words = [m.group(0) for m in matches]
    lower = [w.lower() for w in words]
    # What each word becomes: "keep" (acronym, numeral), "upper" (first letter) or "lower".
    role = ["lower"] * len(words)
    for i, w in enumerate(words):
        numeral = _ROMAN.match(w) and len(words) > 1 and (
            i == len(words) - 1 or any(c in s[matches[i].end():matches[i + 1].start()] for c in ".)-–:"))
        if numeral or not _syllable_ok(w, strict=True):
            role[i] = "keep"

    def phrase_at(i: int, phrases) -> int:
        """Number of words of the longest phrase of ``phrases`` starting at word ``i``."""
        for phrase in phrases:
            parts = phrase.split()
            if lower[i:i + len(parts)] == parts:
                return len(parts)
        return 0

    def separated(i: int) -> bool:
        """Is word ``i`` after a separator (-, –, ",", "/", "(") or a joiner ("và")?"""
        if i == 0:
            return True
        between = s[matches[i - 1].end():matches[i].start()]
        return any(c in between for c in "-–—,/(&;") or lower[i - 1] in _JOINERS

    start_next = True   # the next word starts a part of the name
    in_place = False
    i = 0
    while i < len(words):
        if i and separated(i):
            start_next, in_place = True, False
        if lower[i] in _JOINERS and role[i] != "keep" or role[i] == "keep" and _ROMAN.match(words[i]):
            i += 1  # "và", a numeral: the part of the name goes on after it
            continue
        place = phrase_at(i, _PLACE_WORDS)
        if place and i:  # "huyện Châu Thành": the place word in lowercase, the name capitalised
            in_place, start_next = True, False
            i += place
            continue
        if start_next:
            if role[i] != "keep":
                role[i] = "upper"
            elif i:  # "Trường THCS Nguyễn Du": a name follows the acronym
                in_place = True
            start_next = False
            kind = phrase_at(i, _UNIT_KINDS)
            if kind and " ".join(lower[i:i + 2]) not in _NOT_KINDS and i + kind < len(words):
                start_next = True  # the kind of body, then its field: "Phòng Tài chính"
                i += kind
                continue
            if phrase_at(i, _PLACE_WORDS) and i + 1 < len(words):  # "Xã An Bình"
                in_place = True
        elif in_place and role[i] != "keep":
            role[i] = "upper"
        i += 1
    out, pos = [], 0
    for m, w, r in zip(matches, words, role):
        out.append(s[pos:m.start()])
        out.append(w if r == "keep" else w[:1].upper() + w[1:].lower() if r == "upper" else w.lower())
        pos = m.end()
    out.append(s[pos:])
    return "".join(out)
