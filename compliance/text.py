"""Vietnamese text as it really arrives: NFC, matching keys for names, case codes.

Everything that compares names or codes goes through these functions, so that
"UBND xã Ea H’leo", "Ủy ban nhân dân xã Ea H'leo" and "UỶ BAN NHÂN DÂN XÃ EA HLEO"
are one unit, and " h16.22 – 200515-0001 " is the case code ``H16.22-200515-0001``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONES}]")
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u02bb'`\u00b4\u2032]")
_NON_WORD = re.compile(r"[^\w\u0300-\u036f]+")
#: every dash a keyboard or a portal may give (en, em, minus, full-width…); normalised to "-"
DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
#: runs of whitespace, non-breaking and zero-width spaces
SPACES = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")
#: slashes other than '/' (fraction, division, full-width), in slash codes like 03706/2026/07906
SLASHES = re.compile("[\u2044\u2215\uff0f]")

#: Common long forms and their abbreviations, compared as keys.
_ABBREVIATIONS = {
    "ủy ban nhân dân": "ubnd",
    "thành phố": "tp",
    "thị xã": "tx",
    "chi nhánh": "cn",
}


def clean_text(value: object) -> str:
    """NFC, non-breaking and zero-width spaces made plain, runs of spaces collapsed, trimmed."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower case without Vietnamese accents: 'Xin lỗi Đắk Lắk' → 'xin loi dak lak'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _word_key(word: str) -> str:
    # Tone position differs between old and new spelling (hoà/hòa, thuỷ/thủy):
    # take the tone off the vowel and put it at the end of the syllable.
    tones = _TONE_RE.findall(word)
    if not tones:
        return word
    return _TONE_RE.sub("", word) + str(_TONES.index(tones[-1]) + 1)


@lru_cache(maxsize=65536)
def name_key(value: str) -> str:
    """Key for comparing unit or person names.

    Insensitive to Unicode form, case, apostrophe variants, punctuation, spacing,
    old/new tone placement and the usual abbreviations (UBND, TP, TX, CN).
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    words = [_word_key(w) for w in text.split()]
    key = unicodedata.normalize("NFC", " ".join(words))
    for long, short in _ABBREVIATION_KEYS:
        key = re.sub(rf"(?<!\w){re.escape(long)}(?!\w)", short, key)
    return key


def _abbreviation_keys() -> list[tuple[str, str]]:
    keys = []
    for long, short in _ABBREVIATIONS.items():
        text = unicodedata.normalize("NFD", long).casefold()
        keys.append(
            (unicodedata.normalize("NFC", " ".join(_word_key(w) for w in text.split())), short)
        )
    return keys


_ABBREVIATION_KEYS = _abbreviation_keys()


def normalise_case_code(value: object) -> str:
    """Case code for comparison: NFC, upper case, no whitespace, every dash a single '-',
    every slash '/'. Digits stay as they are (``00352112000539`` keeps its leading zeros)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = unicodedata.normalize("NFC", str(value)).upper()
    text = SPACES.sub("", text)
    text = SLASHES.sub("/", DASHES.sub("-", text))
    return re.sub("-{2,}", "-", text).strip("-")


def blank_cells(series: pd.Series) -> pd.Series:
    """True where a cell is empty or only spaces. Categorical columns are checked per category."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        per_category = np.asarray([str(c).strip() == "" for c in series.cat.categories] + [True])
        return pd.Series(per_category[series.cat.codes.to_numpy()], index=series.index)
    return (series.astype("str").fillna("").str.strip() == "").astype(bool)


#: Case codes inside free text (web pages, PDFs), as :func:`web.extract.matching_forms` gives
#: it (upper case, plain dashes), by shape: a unit-code prefix, yyMMdd and a daily sequence
#: (``000.00.20.H16-200515-0001``, ``998.99.99.H05-260105-0003``, short ``H16.22-200515-0001``),
#: or digits/yyyy/digits (``03706/2026/07906``). Not inside a longer code or number. All-digit
#: codes (``00352112000539``) have no shape to tell them from phone or ID numbers: they are
#: found only as known codes (:class:`web.extract.CaseCodes`).
CASE_CODE_PATTERN = re.compile(
    r"(?<![A-Z0-9.])[A-Z0-9][A-Z0-9.]*[A-Z0-9]-\d{6}-\d{1,8}(?!\d)"
    r"|(?<![\w/.-])\d{2,8}/(?:19|20)\d{2}/\d{2,8}(?![\w/])"
)


#: A normalised case code with a unit-code prefix (group 1), then -yyMMdd-sequence. The prefix
#: is a unit code's characters with at least one letter (mã định danh, QĐ 20/2020/QĐ-TTg:
#: ``000.00.20.H16``, ``H16.22``), so all-digit and slash codes, and odd ones, give none.
#: Written for RE2 too (no look-around): pandas runs it in Arrow over a column of codes.
CASE_KEY_PARTS = re.compile(r"^([0-9.]*[A-Z][A-Z0-9.]*)-\d{6}-\d+$")


def unit_code_of(case_code: str) -> str:
    """The unit-code prefix of a normalised case code ('' when there is none)."""
    match = CASE_KEY_PARTS.match(case_code or "")
    return match.group(1) if match else ""


#: Applicants that are organisations, not persons: their names are not personal data.
_ORGANISATION_WORDS = (
    "công ty", "cty", "quỹ", "hợp tác xã", "htx", "doanh nghiệp", "dntn", "chi nhánh", "ngân hàng",
    "trường", "tổ chức", "hội", "ban", "ủy ban", "ubnd", "sở", "phòng", "trung tâm", "bệnh viện",
    "văn phòng", "tổng công ty", "tập đoàn", "cơ sở", "nhà máy", "xí nghiệp", "hộ kinh doanh",
)  # fmt: skip


def is_organisation(name: str) -> bool:
    text = clean_text(name).casefold()
    return any(text == w or text.startswith(w + " ") for w in _ORGANISATION_WORDS)


def mask_name(name: str) -> str:
    """Mask a person's name for circulation: 'Nguyễn Văn An' → 'Nguyễn V. A.'.

    Organisations ("Công ty TNHH …", "Quỹ tín dụng nhân dân …") are not personal data and stay whole.
    """
    if is_organisation(name):
        return clean_text(name)
    words = clean_text(name).split()
    if len(words) <= 1:
        return (words[0][0] + ".") if words else ""
    return " ".join([words[0]] + [w[0] + "." for w in words[1:]])


@lru_cache(maxsize=65536)
def _header_key(value: str) -> str:
    # "(*)" marks required columns in some exports
    value = re.sub(r"\(\s*\*\s*\)|\*", " ", fold(value))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value).split())


def header_key(text: object) -> str:
    """Header comparison key: no accents, lower case, punctuation and spacing ignored."""
    return _header_key(str(text or ""))
