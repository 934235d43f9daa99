"""Unit names typed in capitals, written in the case documents use (:func:`unit_name_case`,
:func:`is_capitals`).

Imports :mod:`.normalise` and :mod:`.syllables`.
"""

from __future__ import annotations

import re

from .normalise import clean, nfc
from .syllables import _syllable_ok


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
