"""Vietnamese text: the one module every entry point goes through.

NFC normalisation, whitespace clean-up, accent-insensitive search keys,
Vietnamese name sorting, and legacy TCVN3 (ABC) / VNI detection and
conversion. Pure Python: no Qt, no SQL.
"""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# Zero-width and BOM characters that creep in from Word/web copies.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def nfc(text: object) -> str:
    """Unicode NFC of any value (``None`` becomes ``""``)."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text))


def clean(text: object) -> str:
    """NFC, invisible characters removed, runs of whitespace collapsed, trimmed."""
    s = nfc(text).translate(_INVISIBLE)
    s = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in s)
    return _WS.sub(" ", s).strip()


def strip_accents(text: str) -> str:
    """Remove every diacritic; ``đ``/``Đ`` become ``d``/``D``."""
    decomposed = unicodedata.normalize("NFD", text)
    base = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", base.replace("đ", "d").replace("Đ", "D"))


def search_key(text: object) -> str:
    """Accent- and case-insensitive key: ``"Nguyễn Văn Ân"`` → ``"nguyen van an"``."""
    return strip_accents(clean(text)).casefold()
