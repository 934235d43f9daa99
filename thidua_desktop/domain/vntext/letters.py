"""The Vietnamese letters: the alphabet's order, the vowels, the six tones as combining marks,
and every letter decomposed into its toneless letter and tone (``_DECOMP``) — read by the
collation, the legacy encodings and the spelling checks.

Imports the standard library only.
"""

from __future__ import annotations

import unicodedata


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
