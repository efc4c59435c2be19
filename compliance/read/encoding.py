"""Bytes of an unknown charset to NFC text: BOM, declared charset, strict UTF-8, then detection.

One-stop portals save exports as UTF-8 without a BOM and without any charset declaration
(an HTML table with an ``.xls`` name), as Windows-1258, or with a wrong declaration. Decoding
tries, in order: a BOM; the declared charsets; strict UTF-8; detection (charset-normalizer)
among UTF-8, Windows-1258 and Windows-1252; and Windows-1258 as the last resort. Latin-1 is
never assumed. A result that reads as UTF-8 mojibake ("Ã", "Æ°", "á»" for "à", "ư", "ộ") is
not accepted: the next candidate is tried, and text that was mojibake already inside the
file is repaired when it round-trips to UTF-8.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

#: What UTF-8 Vietnamese looks like when read as Windows-1252 / Latin-1: the lead bytes
#: C3 (Ã), C4 (Ä), C6 (Æ), E1 BA / E1 BB (áº / á») followed by a continuation byte's character.
MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
    "|Ä[\u0080-\u00bf\u2018\u2019]|Æ[\u00a0-\u00b0°¡¯]|á[º»]"
)
#: a charset declared in an HTTP header, an HTML <meta> or an XML prolog
DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charsets(*sources: bytes) -> list[str]:
    """The charsets ``sources`` declare (an HTTP Content-Type, the first KB of a page), in order."""
    return [m.decode("ascii") for src in sources for m in DECLARED_CHARSET.findall(src[:8192])]


#: the charsets detection may choose among (Vietnamese exports are one of these)
DETECTABLE = ("utf_8", "cp1258", "cp1252")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_like_mojibake(text: str) -> bool:
    """Whether ``text`` holds UTF-8 read as a single-byte charset ("Sá»Ÿ XÃ¢y dá»±ng")."""
    return MOJIBAKE.search(text) is not None


def repair_mojibake(text: str) -> str:
    """``text`` with UTF-8 mojibake undone when it round-trips exactly; else unchanged."""
    if not looks_like_mojibake(text):
        return text
    for single_byte in ("cp1252", "latin-1"):
        try:
            return text.encode(single_byte).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def decode_bytes(data: bytes, declared: Iterable[str] = ()) -> tuple[str, str]:
    """(NFC text, codec used). ``UnicodeDecodeError`` when no candidate decodes the bytes
    (Windows-1258, the last resort, leaves five bytes undefined)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _nfc(data.decode(codec).removeprefix("\ufeff")), codec
    candidates: list[str] = []
    for name in declared:
        try:
            codec = codecs.lookup(name).name
        except LookupError:  # a misspelt declaration: ignored
            continue
        if codec in _SINGLE_BYTE:  # a Latin declaration says "8-bit", not which 8-bit
            codec = _single_byte(data)
        if codec not in candidates:
            candidates.append(codec)
    if "utf-8" not in candidates:
        candidates.append("utf-8")
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not looks_like_mojibake(text):
            return _nfc(text), codec
        repaired = repair_mojibake(text)
        if repaired is not text and not looks_like_mojibake(repaired):
            return _nfc(repaired), "utf-8"
    detected = _detect(data)
    if detected:
        return _nfc(data.decode(detected)), detected
    codec = _single_byte(data)
    return _nfc(data.decode(codec)), codec  # strict: bytes that neither defines raise


def _detect(data: bytes) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[:1_000_000], cp_isolation=list(DETECTABLE)).best()
    if best is None:
        return None
    codec = codecs.lookup(best.encoding).name
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return None
    return _single_byte(data) if codec in _SINGLE_BYTE else codec


#: the 8-bit charsets a Vietnamese file may be declared or detected as
_SINGLE_BYTE = ("iso8859-1", "cp1252", "cp1258")


#: the marks Vietnamese puts on a vowel: the five tones, circumflex, breve, horn
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _single_byte(data: bytes) -> str:
    """Windows-1258 or Windows-1252 for 8-bit Vietnamese text. Windows-1258 (Windows' own
    Vietnamese code page) writes tones as combining marks after vowels. Text in the old
    TCVN3/VNI fonts is 1252 characters that ``compliance.read.legacy`` converts; read as 1258, 12 of
    its letters become tones on consonants ("Thò" → "Tḥ") or loose marks. So: 1252 when more
    than a tenth of the 1258 reading's marked letters are not Vietnamese ones."""
    try:
        sample = data[:200_000].decode("cp1258")  # a sample: the choice is one per file
    except UnicodeDecodeError:
        return "cp1252"
    good = bad = 0
    for char in set(unicodedata.normalize("NFC", sample)):
        parts = unicodedata.normalize("NFD", char)
        if len(parts) == 1 and not unicodedata.combining(char):
            continue
        vietnamese = parts[0] in "aeiouyAEIOUY" and set(parts[1:]) <= _VIETNAMESE_MARKS
        good, bad = (good + 1, bad) if vietnamese else (good, bad + 1)
    return "cp1252" if bad * 10 > good + bad else "cp1258"


def _nfc(text: str) -> str:
    # Windows-1258 writes tones as combining marks, and NFD text arrives from macOS.
    return unicodedata.normalize("NFC", text)
