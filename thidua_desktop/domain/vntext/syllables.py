"""Vietnamese spelling: is a word one syllable (onset, vowel cluster, final consonant, tone on the
right vowel)? Strictly, as standard spelling writes it, or leniently, letting through
ethnic-minority words (Mlô, Niê, Ksor). Read by the legacy-encoding detection and by
:func:`~thidua_desktop.domain.vntext.unit_name_case` (acronyms are not syllables).

Imports :mod:`.letters` only.
"""

from __future__ import annotations

from .letters import _DECOMP


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
