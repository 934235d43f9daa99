"""Words of old spreadsheets → codes: titles, xếp loại, kỷ luật.

The phrases are data: the names and codes of the rule sets' titles, plus
``resources/import/vocabulary.json`` (abbreviations such as ``UBND``, filler
words, synonyms such as ``LĐTT`` or ``Hoàn thành tốt NV``). Texts are
compared after :func:`normalise`: accents, case and punctuation dropped
(:func:`sheet.header_key`), abbreviations written out, filler words
removed. A phrase of two words or more also matches a text that goes on
after it ("Bằng khen của Chủ tịch UBND tỉnh Khánh Hòa"); the longest phrase
wins, and a text two codes claim equally is not matched at all.

Variants of an abbreviation are read as the abbreviation: when nothing
matches, a text made only of short pieces ("HTXS NV", "H.T.X.S.N.V", "HT
XSNV") is joined and compared with the one-word phrases ("HTXSNV") — every
piece is kept, so a word such as "Không" in front never disappears and a
different meaning never matches.

The user's own phrases (values corrected in an import's preview and
remembered) live in the data folder's ``import/vocabulary.json``
(:func:`user_vocabulary_path`), in the same format, added to the bundled
ones by :func:`vocabulary_for`.

What is left over must not take the phrase back: a text with a word of
negation, cancellation, withdrawal or expiry (``negations`` of the
vocabulary: "không", "đã hủy", "rút", "thu hồi", "hết thời hạn" …) that the
phrase itself does not contain ("LĐTT (không đạt)", "Giấy khen (đã hủy)",
"Đã xóa kỷ luật cảnh cáo") matches nothing, and the row is left for the
user, as an unknown text is. "Không hoàn thành nhiệm vụ" still matches: its
"không" is the phrase's own. The words are compared with their accents when
the text has any ("Huy" is a name, "hủy" a cancellation) and without when the
text was typed without accents.
"""
from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...domain.rulesets import RuleSet, builtin_rulesets
from ...domain.titles import DISCIPLINE_FORMS, XEP_LOAI
from ...paths import resource_path, user_data_dir
from .layout import header_key

__all__ = ["Negations", "Phrasebook", "TitleMatch", "TitleVocabulary", "Vocabulary", "remember_phrases",
           "user_vocabulary_path", "vocabulary_for"]

_AMBIGUOUS = object()
_VARIANT_PIECE = 6  # the longest piece of an abbreviation written apart ("htxs", "cstd")


@functools.lru_cache(maxsize=1)
def _vocabulary_data() -> Mapping:
    with open(resource_path("import", "vocabulary.json"), encoding="utf-8") as fh:
        return json.load(fh)


_WORD = re.compile(r"\w+")


def _accented_words(text: object) -> list[str]:
    """The words of a text, NFC and lower case, accents kept."""
    return _WORD.findall(unicodedata.normalize("NFC", str(text)).casefold())


class Negations:
    """Words that take a phrase back ("không", "đã hủy", "thu hồi" …)."""

    def __init__(self, words: Iterable[str]):
        # (accented, accent-free) word sequences of each negation
        self.pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        for w in words:
            pair = tuple(_accented_words(w)), tuple(header_key(w).split())
            if pair[0] and pair[1] and pair not in self.pairs:
                self.pairs.append(pair)
        self.plain = list(dict.fromkeys(p for _a, p in self.pairs))

    def __bool__(self) -> bool:
        return bool(self.plain)

    def left_over(self, text: object, phrase: str) -> str | None:
        """A negation word of ``text`` that the matched ``phrase`` (a
        normalised key) does not account for, or ``None``."""
        if not self.plain or text is None:
            return None
        raw = str(text)
        accents = not raw.isascii()
        words = _accented_words(raw) if accents else header_key(raw).split()
        phrase_words = phrase.split()
        pairs = self.pairs if accents else [(p, p) for p in self.plain]
        for neg, neg_plain in pairs:
            n = _count(words, neg)
            if n and n > _count(phrase_words, neg_plain):
                return " ".join(neg)
        return None


def _count(words: list[str], seq: tuple[str, ...]) -> int:
    k = len(seq)
    return sum(1 for i in range(len(words) - k + 1) if tuple(words[i:i + k]) == seq)


class Phrasebook:
    """Phrases → codes, matched exactly or as the start of a longer text."""

    def __init__(self, entries: Iterable[tuple[str, str]], abbreviations: Mapping[str, str],
                 fillers: Iterable[str], negations: Negations | None = None):
        self.negations = negations or Negations(())
        self.abbreviations = {header_key(k): header_key(v) for k, v in abbreviations.items()}
        words = sorted((header_key(f) for f in fillers if header_key(f)), key=len, reverse=True)
        self._fillers = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b") if words else None
        self.exact: dict[str, object] = {}
        prefixes: dict[tuple[str, ...], object] = {}
        for text, code in entries:
            key = self.normalise(text)
            if not key:
                continue
            for table, k in ((self.exact, key), (prefixes, tuple(key.split()))):
                if isinstance(k, tuple) and len(k) < 2:
                    continue
                old = table.get(k)
                table[k] = code if old in (None, code) else _AMBIGUOUS
        self._prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[0]))
        # One-word phrases as written (before abbreviations are expanded): "htxsnv", "ldtt", "htt".
        self._compact: dict[str, object] = {}
        for text, code in entries:
            raw = header_key(text)
            if raw and " " not in raw:
                old = self._compact.get(raw)
                self._compact[raw] = code if old in (None, code) else _AMBIGUOUS

    def normalise(self, text: object) -> str:
        words = []
        for w in header_key(text).split():
            words.append(self.abbreviations.get(w, w))
        key = " ".join(words)
        if self._fillers is not None:
            key = self._fillers.sub(" ", key)
        return " ".join(key.split())

    def match(self, text: object, *, prefix: bool = True) -> str | None:
        """The code a text names, or ``None`` (unknown, ambiguous, or taken
        back by a negation word: "Hoàn thành xuất sắc – không được công nhận")."""
        key = self.normalise(text)
        hit = self.match_phrase(key, prefix=False)
        if hit is None and key not in self.exact:  # a variant is read before a longer text's start
            variant = self.match_variant(text)  # every piece is part of the abbreviation: nothing left over
            if variant is not None:
                return variant
            if prefix:
                hit = self.match_phrase(key)
        if hit is None or self.negations.left_over(text, hit[1]):
            return None
        return hit[0]

    def match_variant(self, text: object) -> str | None:
        """A spacing or punctuation variant of a one-word abbreviation ("HTXS NV",
        "H.T.X.S.N.V", "HT XSNV" → "HTXSNV"): the pieces, each short, joined
        whole (none dropped) and compared with the one-word phrases; ``None``
        otherwise."""
        pieces = header_key(text).split()
        if len(pieces) < 2 or any(len(p) > _VARIANT_PIECE for p in pieces):
            return None
        hit = self._compact.get("".join(pieces))
        return None if hit is None or hit is _AMBIGUOUS else hit  # type: ignore[return-value]

    def find(self, text: object) -> str | None:
        """The one code whose phrase occurs anywhere in the text
        ("Kỷ luật khiển trách theo QĐ …"), or ``None`` (also when a negation
        word takes it back: "Đã xóa kỷ luật cảnh cáo")."""
        key = f" {self.normalise(text)} "
        found = {code: phrase for phrase, code in self._phrases() if f" {phrase} " in key}
        if len(found) != 1 or _AMBIGUOUS in found:
            return None
        code, phrase = found.popitem()
        return None if self.negations.left_over(text, phrase) else code  # type: ignore[return-value]

    def _phrases(self):
        return [(k, code) for k, code in self.exact.items()]

    def match_key(self, key: str, *, prefix: bool = True) -> str | None:
        """:meth:`match` of an already normalised text (no negation check:
        the words of the original text are needed for that)."""
        hit = self.match_phrase(key, prefix=prefix)
        return hit[0] if hit else None

    def match_phrase(self, key: str, *, prefix: bool = True) -> tuple[str, str] | None:
        """The code and the phrase (normalised) that a normalised text names."""
        if not key:
            return None
        hit = self.exact.get(key)
        if hit is not None:
            return None if hit is _AMBIGUOUS else (hit, key)  # type: ignore[return-value]
        if not prefix:
            return None
        words = tuple(key.split())
        best_len, found = 0, None
        for phrase, code in self._prefixes:
            n = len(phrase)
            if n < best_len:
                break
            if words[:n] == phrase:
                if found is not None and found != code:
                    return None  # two codes claim the text equally
                best_len, found = n, code
        if found is None or found is _AMBIGUOUS:
            return None
        return found, " ".join(words[:best_len])  # type: ignore[return-value]


@dataclass(frozen=True)
class TitleMatch:
    code: str
    basis: str | None = None  # "dot_xuat" | "chuyen_de" when the text says so
    year: int | None = None  # "Lao động tiên tiến năm 2023"


_YEAR_IN_TITLE = re.compile(r"(?:\bnam\s+)?\b((?:19|20)\d\d)\b")


class TitleVocabulary:
    """Titles and forms of the rule sets, by code, name and synonyms."""

    def __init__(self, rulesets: Iterable[RuleSet], data: Mapping | None = None):
        data = data if data is not None else _vocabulary_data()
        self.names: dict[str, str] = {}
        self.subjects: dict[str, frozenset[str]] = {}
        entries: list[tuple[str, str]] = []
        for rs in rulesets:
            for t in rs.titles:
                self.names.setdefault(t.code, t.name)
                self.subjects[t.code] = self.subjects.get(t.code, frozenset()) | frozenset(t.subjects)
                entries += [(t.code, t.code), (t.name, t.code)]
        for code, phrases in data.get("titles", {}).items():
            if code in self.names:
                entries += [(p, code) for p in phrases]
        abbreviations, fillers = data.get("abbreviations", {}), data.get("fillers", ())
        self.book = Phrasebook(entries, abbreviations, fillers, Negations(data.get("negations", ())))
        self._bases = [
            (re.compile(r"\b" + re.escape(self.book.normalise(p)) + r"\b"), code)
            for code, phrases in data.get("bases", {}).items() for p in phrases if self.book.normalise(p)
        ]

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def match(self, text: object) -> TitleMatch | None:
        """The title a cell names, with the basis and year it mentions."""
        key = self.book.normalise(text)
        if not key:
            return None
        hit = self.book.match_phrase(key, prefix=False)
        if hit is not None:
            return None if self.book.negations.left_over(text, hit[1]) else TitleMatch(hit[0])
        if key not in self.book.exact:
            hit = self.book.match_variant(text)  # "LĐ TT", "C.S.T.Đ.C.S"
            if hit is not None:
                return TitleMatch(hit)
        year = None
        m = _YEAR_IN_TITLE.search(key)
        if m and m.end() == len(key):
            year = int(m.group(1))
            key = key[: m.start()].strip()
        basis = None
        for rx, code in self._bases:
            if rx.search(key):
                basis = code
                key = " ".join(rx.sub(" ", key).split())
        hit = self.book.match_phrase(key)
        if hit is None or self.book.negations.left_over(text, hit[1]):
            return None
        return TitleMatch(hit[0], basis, year)


class Vocabulary:
    """Everything the imports of history and evaluations read words with."""

    def __init__(self, rulesets: Iterable[RuleSet], data: Mapping | None = None):
        data = data if data is not None else _vocabulary_data()
        self.titles = TitleVocabulary(rulesets, data)
        abbreviations, fillers = data.get("abbreviations", {}), data.get("fillers", ())
        self.negations = Negations(data.get("negations", ()))
        self.xep_loai = Phrasebook(
            [(c, c) for c in XEP_LOAI] + [(label, c) for c, label in XEP_LOAI.items()]
            + [(p, c) for c, phrases in data.get("xep_loai", {}).items() for p in phrases],
            abbreviations, (), self.negations,
        )
        self.discipline = Phrasebook(
            [(label, c) for c, label in DISCIPLINE_FORMS.items()]
            + [(p, c) for c, phrases in data.get("discipline", {}).items() for p in phrases],
            abbreviations, fillers, self.negations,
        )
        self.subjects = Phrasebook(
            [(p, c) for c, phrases in data.get("subjects", {}).items() for p in phrases], {}, (),
        )
        self.none_words = {header_key(w) for w in data.get("none", ())}

    def taken_back(self, text: object) -> str:
        """Why a text matched nothing when a word of it takes its phrase
        back: " (có chữ “đã hủy”: …)", else ""."""
        word = self.negations.left_over(text, "")
        return (f" (có chữ “{word}”: không nhận là đã đạt hay đã bị; sửa ô trong tệp hoặc bỏ dòng)"
                if word else "")

    def is_none(self, text: object) -> bool:
        """A cell that says "none" ("Không", "Không bị kỷ luật")."""
        return header_key(text) in self.none_words


def vocabulary_for(db) -> Vocabulary:
    """The vocabulary over every rule set of the data file (built-in and the
    user's), with the user's remembered phrases; a stored set that no longer
    loads is left out, not fatal."""
    from ...store.rules import all_rulesets

    try:
        rulesets = all_rulesets(db)
    except ValueError:  # RuleSetError: a damaged user set
        rulesets = builtin_rulesets()
    return Vocabulary(rulesets, _with_user_phrases(_vocabulary_data(), _user_phrases()))


#: the sections of the vocabulary a user may add phrases to (code → phrases)
USER_SECTIONS = ("titles", "xep_loai", "discipline")


def user_vocabulary_path() -> Path:
    """The user's own phrases, in the data folder (like the user's certificate templates)."""
    return user_data_dir() / "import" / "vocabulary.json"


def _user_phrases() -> Mapping:
    """The user's file, or nothing when it is missing or unreadable (never fatal)."""
    path = user_vocabulary_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _with_user_phrases(data: Mapping, user: Mapping) -> Mapping:
    if not user:
        return data
    merged = dict(data)
    for section in USER_SECTIONS:
        extra = user.get(section)
        if not isinstance(extra, dict):
            continue
        codes = dict(merged.get(section, {}))
        for code, phrases in extra.items():
            if isinstance(phrases, list):
                codes[code] = [*codes.get(code, []), *(p for p in phrases if isinstance(p, str))]
        merged[section] = codes
    return merged


def remember_phrases(phrases: Iterable[tuple[str, str, str]]) -> Path:
    """Add ``(section, code, phrase)`` to the user's vocabulary (``section``
    one of :data:`USER_SECTIONS`), so later imports read the phrase as the
    code; written whole or not at all. Returns the file's path."""
    path = user_vocabulary_path()
    data = dict(_user_phrases()) or {
        "format": "thidua-import-vocabulary", "format_version": 1,
        "notes": ["Cách đọc do người dùng thêm khi nhập Excel (chọn “Ghi nhớ” ở bước xem trước).",
                  "Cùng định dạng với tệp vocabulary.json đi kèm chương trình; được cộng thêm vào tệp đó."],
    }
    for section, code, phrase in phrases:
        if section not in USER_SECTIONS or not phrase.strip():
            continue
        codes = data.setdefault(section, {})
        known = codes.setdefault(code, [])
        if header_key(phrase) not in {header_key(p) for p in known}:
            known.append(" ".join(phrase.split()))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
