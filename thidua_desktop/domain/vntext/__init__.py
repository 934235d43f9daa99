"""Vietnamese text: the one package every entry point goes through.

NFC normalisation, whitespace clean-up, accent-insensitive search keys,
Vietnamese name splitting and sorting, legacy TCVN3 (ABC) / VNI detection
and conversion, unit names typed in capitals. May import the standard library
only: no Qt, no SQL. Every function returns NFC text.

Public API (import it from here), by module — each imports only those above it
------------------------------------------------------------------------------
``normalise``: ``nfc``, ``clean``, ``is_clean``, ``clean_lines``, ``strip_accents``, ``search_key``,
``search_key_cached``
    normalisation and accent-insensitive search.
``letters``
    the Vietnamese letters and tones the modules below read.
``collation``: ``split_name``, ``collation_key``, ``name_sort_key``
    Vietnamese names and sorting (letter order ``a ă â b c d đ e ê g h i k l
    m n o ô ơ p q r s t u ư v x y``; tones compared after the letters).
``syllables``
    Vietnamese spelling: is a word one syllable (strictly, or leniently for
    minority names).
``legacy``: ``detect_legacy``, ``detect_legacy_many``, ``convert_legacy``, ``fix_legacy``,
``legacy_encoding_for_font``, ``LEGACY_ENCODINGS``, ``TCVN3_TABLE``, ``VNI_TABLE``
    text typed with the pre-Unicode fonts (.VnTime = TCVN3/ABC, VNI-Times =
    VNI) and later read as Unicode (each byte taken as the Latin-1 /
    Windows-1252 character with the same number).
``capitals``: ``is_capitals``, ``unit_name_case``
    a unit name typed in capitals, in the case documents use.

Apostrophes
-----------
Ethnic-minority names (``H'Hen Niê``, ``Bh'riu Liếc``, ``K’Điểu``) contain
apostrophes. :func:`clean` keeps them as typed, the typographic variants that
Word/web copies produce (’ U+2019, ‘ U+2018, ʼ U+02BC) included, so a
certificate prints the name as its owner writes it; :func:`search_key` and
:func:`collation_key` read every variant as the ASCII ``'``, so ``H’Hen`` and
``H'Hen`` are the same name for search, matching and duplicates. Nothing else
about a name is ever changed: no re-capitalisation, no re-ordering, no
"correction" of spelling.
"""

from .capitals import is_capitals, unit_name_case
from .collation import collation_key, name_sort_key, split_name
from .legacy import (
    LEGACY_ENCODINGS,
    TCVN3_TABLE,
    VNI_TABLE,
    convert_legacy,
    detect_legacy,
    detect_legacy_many,
    fix_legacy,
    legacy_encoding_for_font,
)
from .normalise import clean, clean_lines, is_clean, nfc, search_key, search_key_cached, strip_accents

__all__ = [
    "LEGACY_ENCODINGS",
    "TCVN3_TABLE",
    "VNI_TABLE",
    "clean",
    "clean_lines",
    "collation_key",
    "convert_legacy",
    "detect_legacy",
    "detect_legacy_many",
    "fix_legacy",
    "is_capitals",
    "is_clean",
    "legacy_encoding_for_font",
    "name_sort_key",
    "nfc",
    "search_key",
    "search_key_cached",
    "split_name",
    "strip_accents",
    "unit_name_case",
]
