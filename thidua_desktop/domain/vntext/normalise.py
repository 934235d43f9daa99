"""Text as every entry point takes it: NFC (:func:`nfc`), invisible characters, control
characters and runs of whitespace cleaned (:func:`clean`, apostrophes kept — see the package
notes), diacritics removed (:func:`strip_accents`) and accent-insensitive search keys
(:func:`search_key`).

Imports the standard library only.
"""

from __future__ import annotations

import functools
import re
import unicodedata


#: Characters :func:`clean` deletes: zero-width spaces/joiners, word joiner,
#: BOM, direction marks and bidi embeddings/isolates (web and Word copies).
#: U+00AD SOFT HYPHEN is deliberately *kept*: in TCVN3 text it is the letter
#: ``ư`` and removing it would destroy legacy text before it can be converted
#: (:func:`search_key` and :func:`collation_key` ignore it instead).
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff" \
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Typographic apostrophes: kept by :func:`clean`, read as ASCII ``'`` by the keys.
_APOSTROPHES = "\u2019\u2018\u02bc"
_APOSTROPHE_TABLE = dict.fromkeys(map(ord, _APOSTROPHES), "'")

_CLEAN_TABLE: dict[int, str | None] = {cp: " " for cp in (*range(0x20), *range(0x7F, 0xA0))}
_CLEAN_TABLE.update(dict.fromkeys(map(ord, _INVISIBLE)))
_NEEDS_CLEAN = re.compile(
    "[\x00-\x1f\x7f-\x9f" + re.escape(_INVISIBLE) + "]"
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

    Control characters become spaces; apostrophes are kept as typed
    (see the package notes). Letters, apostrophes and the soft hyphen (TCVN3
    ``ư``) are never touched, so legacy text survives for
    :func:`fix_legacy`. Idempotent: ``clean(clean(x)) == clean(x)``.
    """
    if text is None:
        return ""
    s = text if type(text) is str else str(text)
    if not _spaced_printable(s):
        if _NEEDS_CLEAN.search(s):
            s = s.translate(_CLEAN_TABLE)
        s = " ".join(s.split())
    # NFC last: deleting a zero-width character can bring a letter and a
    # combining mark together.
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


def _spaced_printable(s: str) -> bool:
    """Printable text has no control or invisible character and no whitespace
    but the ASCII space: with single spaces inside and none around, only NFC
    is left for :func:`clean` to do."""
    return s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " "


def is_clean(texts: list[str]) -> bool:
    """True when :func:`clean` leaves each text as it is, for most texts
    (printable, single spaces, NFC) — checked all at once on the texts
    joined by a space, which neither adds nor hides any of these; False
    means "maybe not": clean them."""
    s = " ".join(texts)
    return _spaced_printable(s) and unicodedata.is_normalized("NFC", s)


def clean_lines(text: object) -> str:
    """:func:`clean` line by line: explicit line breaks survive (a signer's
    title ``KT. TRƯỞNG BAN`` / ``PHÓ TRƯỞNG BAN``), empty lines go."""
    return "\n".join(line for line in (clean(part) for part in nfc(text).splitlines()) if line)


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
    if not s.isascii():  # apostrophes and the soft hyphen are not ASCII
        s = s.translate(_APOSTROPHE_TABLE).replace(_SOFT_HYPHEN, "")
    # clean again: casefold can produce ʼ (ŉ → ʼn, read as ' above), and
    # removing a lone mark can leave two spaces side by side
    return clean(s)
