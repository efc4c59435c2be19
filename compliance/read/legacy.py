"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC and VNI-Windows) in old spreadsheets.

Before Unicode, Vietnamese offices typed with 8-bit fonts: ".VnTime" (TCVN3, also called ABC,
standard TCVN 5712:1993, table VN3) and "VNI-Times" (VNI-Windows). The bytes were stored as
ordinary Windows-1252 / Latin-1 characters, so an old Excel cell that showed "Hà Nội" on the
typist's screen reads today as "Hµ Néi" (TCVN3) or "Haø Noäi" (VNI).

The fix is to re-interpret the characters, but only on positive evidence: much genuine text is
Latin-1 too ("Müller", "José", "Café", and Vietnamese written only with Latin-1 letters such
as "Tây Ninh" or "Hoàng Anh", which would decode to nonsense). :func:`detect_legacy` therefore
accepts an encoding only when

1. the text holds nothing outside Windows-1252 (so no genuine Vietnamese letter such as
   ă đ ơ ư, no precomposed toned vowel U+1EA0–U+1EF9 and no combining tone mark);
2. at least one word carries a *strong* marker of that encoding: a marker that ordinary text,
   Vietnamese or European, practically never contains (TCVN3: symbols such as µ ¸ ¶ · ¹ ¨ » ¾
   © « ¬ ® § or an upper-case letter such as Ê Ö Þ after a lower-case one, "nhÊt", "huyÖn";
   VNI: a vowel followed by a tone or shape byte, "aø", "oä", "eâ", or one of ö ñ æ î);
3. every word the conversion changes becomes a well-formed Vietnamese syllable (initial
   consonant cluster, vowel nucleus, final consonant, at most one tone mark); and
4. at least half of the words that are not acronyms are well-formed syllables after conversion,
   which keeps French or English sentences with one odd-looking word out.

Words whose only markers are weak (a lone é, ó, ô, "oà"…) are never enough on their own:
"Ea Sóp" could be TCVN3 for "Ea Súp" or could be genuine text. :func:`fix_legacy_series` can
still convert such cells when the rest of the column is positively TCVN3 (or VNI) and holds no
genuine Unicode Vietnamese at all (``column_context=True``, the default). A column of
TCVN3 names makes "Ea Sóp" in it TCVN3 too, as a human reader would decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from compliance.read.kernels import matches_fast
from compliance.read.legacy_tables import (
    LETTERS,
    LOOKALIKES,
    TCVN3_MIXED,
    TCVN3_SYMBOLS,
    TCVN3_TRANS,
    TCVN3_UPPER_CODES,
    UPPER_EVIDENCE,
    VNI_RE,
    VNI_STRONG,
    VNI_TABLE,
)

__all__ = [
    "NOT_8BIT_PATTERN",
    "SUSPECT_PATTERN",
    "TCVN3",
    "VNI",
    "convert_legacy",
    "detect_legacy",
    "fix_legacy_series",
    "fix_legacy_text",
]

TCVN3 = "tcvn3"
VNI = "vni"


# --------------------------------------------------------------------------------------------
# Candidate filter, words and the Vietnamese syllable shape.
# --------------------------------------------------------------------------------------------
_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
# Legacy text was typed through an 8-bit code page: anything outside Windows-1252 (a genuine
# Vietnamese letter, a combining mark, an arrow, CJK…) means the text is not legacy.
_NOT_8BIT = re.compile(f"[^\\x00-\\xff{_CP1252_EXTRA}]")
# Cheap pre-filter: every TCVN3 or VNI marker lies in 0xA1-0xFF.
_CANDIDATE = re.compile("[\u00a1-\u00ff]")
#: The two rules above as one pattern over a whole value, in the syntax that both Python's ``re``
#: and Arrow's RE2 read: a value it does not match is never detected as legacy text. Readers use
#: it to pick the few values worth detecting out of a million cells.
SUSPECT_PATTERN = f"^[\\x00-\\xff{_CP1252_EXTRA}]*[\\xa1-\\xff][\\x00-\\xff{_CP1252_EXTRA}]*$"
#: Text that is not legacy (outside Windows-1252), in the same syntax.
NOT_8BIT_PATTERN = _NOT_8BIT.pattern
_APOS = "'\u2019\u02bc"
_WORD = re.compile(f"[{LETTERS}]+(?:[{_APOS}][{LETTERS}]+)*")
_URL_OR_EMAIL = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[^\s@]+@[^\s@]+\.[^\s@]+", re.IGNORECASE
)

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|kr|dr|[bcdđghklmnprstvx]"  # kr dr: Krông, M'Drắk
# Vowel nuclei, tone marks removed. Those ending in a glide (ai, ao, au, iêu, ươi…) close the
# syllable themselves and take no final consonant; the others may ("oan", "uyên", "ương").
_OPEN_NUCLEI = (
    "iêu oai oao oay oeo uây uôi ươi ươu uya uyu yêu "
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu"
).split()
_CLOSABLE_NUCLEI = (
    "uyê iê oa oă oe oo uâ uê uô ươ uy yê "
    "ea "  # Ea Súp, Ea Kar, Ea H'leo: Ê Đê place names, everywhere in Đắk Lắk
    "a ă â e ê i o ô ơ u ư y"
).split()
_FINALS = "ch|ng|nh|[cmnptk]"  # k: Đắk, Lắk, Búk
_SYLLABLE = re.compile(
    f"(?:{_INITIALS})?"
    f"(?:(?:{'|'.join(_OPEN_NUCLEI)})|(?:{'|'.join(_CLOSABLE_NUCLEI)})(?:{_FINALS})?)"
)

_ACRONYM = re.compile("[A-ZĐ]*Đ[A-ZĐ]*")

#: Share of non-acronym words that must be Vietnamese syllables after conversion.
MIN_SYLLABLE_SHARE = 0.5


def _is_syllable(word: str) -> bool:
    """Whether ``word`` has the shape of one Vietnamese syllable (tone on any vowel)."""
    for apos in _APOS[1:]:
        word = word.replace(apos, "'")
    if "'" in word:
        # Ethnic-minority names: "M'Drắk", "H'leo", "M'gar" = short prefix + apostrophe.
        *prefix, word = word.split("'")
        if any(len(p) > 2 or not p.isascii() or not p.isalpha() for p in prefix):
            return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", decomposed.translate({ord(t): None for t in _TONE_MARKS}))
    return _SYLLABLE.fullmatch(bare) is not None


def _decode_plain(word: str, encoding: str) -> str:
    if encoding == TCVN3:
        return word.translate(TCVN3_TRANS)
    return VNI_RE.sub(lambda m: VNI_TABLE[m.group()], word)


def _is_strong(word: str, encoding: str) -> bool:
    if word.lower() in LOOKALIKES:
        return False
    if encoding == VNI:
        return VNI_STRONG.search(word) is not None
    seen_lower = False
    for ch in word:
        if ch in TCVN3_SYMBOLS or (seen_lower and ch in TCVN3_UPPER_CODES):
            return True
        seen_lower = seen_lower or ch.islower()
    return False


def _strong_hint(text: str, encoding: str) -> bool:
    """Cheap test over the whole text: could any word in it carry a strong marker?"""
    if encoding == VNI:
        return VNI_STRONG.search(text) is not None
    return not TCVN3_SYMBOLS.isdisjoint(text) or TCVN3_MIXED.search(text) is not None


#: :func:`_strong_hint` for either encoding as one pattern, in the syntax of both ``re`` and
#: Arrow's RE2: a value it does not match is detected as legacy only with ``allow_weak``.
STRONG_HINT_PATTERN = (
    f"[{''.join(sorted(TCVN3_SYMBOLS))}]|{TCVN3_MIXED.pattern}|{VNI_STRONG.pattern}"
)


def _scan(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the strings of ``values`` that are candidates (:data:`_CANDIDATE`), and of
    those that could carry a strong marker (:data:`STRONG_HINT_PATTERN`), in Arrow: a hundred
    thousand distinct names cost milliseconds, not a second."""
    texts = np.flatnonzero([isinstance(v, str) for v in values])
    if not len(texts):
        return texts, texts
    strings = values[texts].tolist()
    candidate = matches_fast(strings, _CANDIDATE.pattern)
    hint = matches_fast(strings, STRONG_HINT_PATTERN)
    return texts[candidate], texts[candidate & hint]


def _is_neutral(word: str) -> bool:
    """Unchanged words that say nothing about the language: acronyms, initials, "M'gar"."""
    return word.isascii() and (len(word) == 1 or word.isupper() or any(a in word for a in _APOS))


def _score(text: str, encoding: str, allow_weak: bool) -> int:
    """Number of words converted when ``text`` is accepted as ``encoding``, else 0."""
    if not allow_weak and not _strong_hint(text, encoding):
        return 0  # the usual case for genuine Latin-1 text: no need to look at words
    masked = _URL_OR_EMAIL.sub(" ", text)
    strong = weak = counted = valid = 0
    for match in _WORD.finditer(masked):
        word = match.group()
        start, end = match.span()
        glued = (start > 0 and masked[start - 1].isdigit()) or (
            end < len(masked) and masked[end].isdigit()
        )
        new = _decode_plain(word, encoding)
        if new == word:
            if glued or _is_neutral(word):
                continue
            counted += 1
            valid += _is_syllable(word)
            continue
        # Changed, but no evidence either way: "5µm", "1½", a lone "§" or "«", and
        # acronyms with Đ such as "QĐ", "HĐND", "NĐ-CP" (not syllables, yet fine).
        if (
            glued
            or (len(word) == 1 and word in TCVN3_SYMBOLS)
            or word.lower() in LOOKALIKES
            or _ACRONYM.fullmatch(new)
        ):
            continue
        if not _is_syllable(new):
            return 0  # one impossible word is enough to refuse: "Josộ", "nạve"
        counted += 1
        valid += 1
        if _is_strong(word, encoding):
            strong += 1
        else:
            weak += 1
    if not strong and not (allow_weak and weak):
        return 0
    if valid < MIN_SYLLABLE_SHARE * counted:
        return 0
    return strong + weak


def _detect(text: str, allow_weak: bool = False, only: str | None = None) -> str | None:
    if not _CANDIDATE.search(text) or _NOT_8BIT.search(text):
        return None
    if _URL_OR_EMAIL.fullmatch(text.strip()):
        return None
    encodings = (only,) if only else (TCVN3, VNI)
    scores = {enc: _score(text, enc, allow_weak) for enc in encodings}
    best = max(scores, key=scores.__getitem__)
    if not scores[best] or list(scores.values()).count(scores[best]) > 1:
        return None  # nothing, or a tie: too ambiguous to touch
    return best


def detect_legacy(text: str) -> str | None:
    """Return ``"tcvn3"`` or ``"vni"`` when ``text`` is positively legacy-encoded, else None.

    >>> detect_legacy("Hµ Néi"), detect_legacy("Haø Noäi"), detect_legacy("Hà Nội")
    ('tcvn3', 'vni', None)
    >>> detect_legacy("José Café") is None and detect_legacy("Tây Ninh") is None
    True
    """
    if not isinstance(text, str):
        return None
    return _detect(text)


def _tcvn3_caps(word: str) -> bool | None:
    """Whether a TCVN3 word was typed in capitals (.VnTimeH); None when it cannot tell."""
    if any("a" <= ch <= "z" for ch in word):
        return False
    if any(ch in UPPER_EVIDENCE for ch in word[1:]):
        return True
    return None


def _convert_tcvn3(text: str) -> str:
    words = list(_WORD.finditer(text))
    states = [_tcvn3_caps(m.group()) for m in words]
    # Words like "Hµ" or "X·" cannot tell on their own: they follow the rest of the text
    # ("X· HéI" is all capitals, "Hµ Néi" is not).
    text_caps = False not in states and True in states
    out, pos = [], 0
    for match, state in zip(words, states, strict=True):
        new = match.group().translate(TCVN3_TRANS)
        if state or (state is None and text_caps):
            new = new.upper()
        out.append(text[pos : match.start()])
        out.append(new)
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def convert_legacy(text: str, encoding: str) -> str:
    """Convert ``text`` from ``encoding`` ("tcvn3"/"abc" or "vni") to NFC Unicode, unconditionally.

    Use :func:`fix_legacy_text` unless the encoding is known for certain. TCVN3 capitals typed
    with the .VnTimeH fonts are restored from the case of the surrounding ASCII letters.
    """
    enc = encoding.strip().lower().replace("-", "").replace("_", "")
    if enc in {"tcvn3", "tcvn", "abc", "vn3"}:
        result = _convert_tcvn3(text)
    elif enc in {"vni", "vniwindows", "vniwin"}:
        result = _decode_plain(text, VNI)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected 'tcvn3' or 'vni'")
    return unicodedata.normalize("NFC", result)


@lru_cache(maxsize=65536)
def _fix_cached(text: str) -> str:
    encoding = _detect(text)
    return convert_legacy(text, encoding) if encoding else text


def fix_legacy_text(text: str) -> str:
    """Convert ``text`` to Unicode if it is positively TCVN3 or VNI; otherwise return it as is.

    Non-strings (None, NaN, numbers) are returned unchanged.
    """
    if not isinstance(text, str) or not _CANDIDATE.search(text):
        return text
    return _fix_cached(text)


def fix_legacy_series(
    series: pd.Series,
    *,
    column_context: bool = True,
    genuine_elsewhere: Callable[[], bool] | None = None,
) -> tuple[pd.Series, int]:
    """Fix every legacy-encoded cell of ``series``; return ``(fixed, number of cells changed)``.

    Work is done once per distinct value (``pd.factorize``), so a million cells with a few
    hundred distinct values take about a tenth of a second. Missing values and non-strings
    pass through; object, string and categorical dtypes are kept.

    With ``column_context`` (default), cells whose only markers are weak (``"Ea Sóp"``) are
    also converted when the column is positively of one encoding: at least two distinct values
    are strongly detected as it, they make up at least half of the candidate values, none is
    detected as the other encoding, and no value holds anything outside Windows-1252 (such as
    genuine Unicode Vietnamese, which shows the column is not purely legacy).

    ``genuine_elsewhere`` is for a ``series`` that holds only some of a column's values (the
    suspects a reader picked with :data:`SUSPECT_PATTERN`): it tells whether the rest of the
    column holds text beyond Windows-1252, and is asked only when the column rule could apply.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = np.asarray(uniques, dtype=object)
    fixed = values.copy()
    candidate_positions, hinted = _scan(values)
    candidates = candidate_positions.tolist()
    found: dict[int, str] = {}
    for i in hinted.tolist():  # without a strong hint, _detect finds nothing
        enc = _detect(values[i])
        if enc:
            found[i] = enc
    if column_context and found:
        encs = set(found.values())
        if (
            len(encs) == 1
            and 2 <= len(found)
            and 2 * len(found) >= len(candidates)
            and not any(isinstance(v, str) and _NOT_8BIT.search(v) for v in values)
            and not (genuine_elsewhere and genuine_elsewhere())
        ):
            (enc,) = encs
            for i in candidates:
                if i not in found and _detect(values[i], allow_weak=True, only=enc):
                    found[i] = enc
    for i, enc in found.items():
        fixed[i] = convert_legacy(values[i], enc)
    changed_unique = np.fromiter(
        (fixed[i] != values[i] for i in range(len(values))), dtype=bool, count=len(values)
    )
    if not changed_unique.any():
        return series.copy(), 0
    valid = codes >= 0
    changed = int(changed_unique[codes[valid]].sum())
    if series.dtype == object:
        # Only the changed cells are written, so missing values keep their own kind
        # (None stays None, NaN stays NaN).
        cell_changed = np.zeros(len(codes), dtype=bool)
        cell_changed[valid] = changed_unique[codes[valid]]
        result = series.to_numpy(dtype=object, copy=True)
        result[cell_changed] = fixed[codes[cell_changed]]
        return pd.Series(result, index=series.index, name=series.name, dtype=object), changed
    if isinstance(series.dtype, pd.StringDtype):
        # Arrow-backed strings (the pandas 3 default): take from the fixed uniques in Arrow,
        # far cheaper than a round trip through a million Python objects.
        taken = pd.array(fixed, dtype=series.dtype).take(codes, allow_fill=True)
        return pd.Series(taken, index=series.index, name=series.name), changed
    # Categorical and other extension types: rare, so the simple way is good enough.
    result = np.empty(len(codes), dtype=object)
    result[valid] = fixed[codes[valid]]
    result[~valid] = series.to_numpy(dtype=object)[~valid]
    out = pd.Series(result, index=series.index, name=series.name, dtype=object)
    return out.astype(
        series.dtype if not isinstance(series.dtype, pd.CategoricalDtype) else "category"
    ), changed
