"""Text typed with the pre-Unicode fonts (.VnTime = TCVN3/ABC, VNI-Times = VNI) and later read as
Unicode (each byte taken as the Latin-1 / Windows-1252 character with the same number): the
tables, :func:`convert_legacy`, and the detection of an encoding in a text or a whole column
(:func:`detect_legacy`, :func:`detect_legacy_many`, :func:`fix_legacy`,
:func:`legacy_encoding_for_font`).

Imports :mod:`.normalise`, :mod:`.letters` and :mod:`.syllables`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from types import MappingProxyType

from .letters import _DECOMP, _toned
from .normalise import nfc
from .syllables import _case_ok, _plausible_unicode, _syllable_ok


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
        a, b, c, d, e = _word_evidence(word)
        t_for += a
        t_against += b
        v_for += c
        v_against += d
        unicode_words += e
    return t_for, t_against, v_for, v_against, unicode_words


@functools.lru_cache(maxsize=8192)
def _word_evidence(word: str) -> tuple[int, int, int, int, int]:
    """:func:`_evidence` of one non-ASCII word (the words of a list's names repeat: read each once)."""
    if any(c > "\u00ff" for c in word):
        return 0, 0, 0, 0, 1
    t_for = t_against = v_for = v_against = 0
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
    return t_for, t_against, v_for, v_against, 0


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
