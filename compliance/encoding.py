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
    return _nfc(data.decode("cp1258")), "cp1258"  # strict: bytes 1258 lacks raise


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
    # Windows-1252 cannot write ư, ơ, ă, đ: a Vietnamese file detected as 1252 is 1258 (the two
    # agree on every other letter, those that TCVN3/VNI legacy text is made of included).
    return "cp1258" if codec == "cp1252" else codec


def _nfc(text: str) -> str:
    # Windows-1258 writes tones as combining marks, and NFD text arrives from macOS.
    return unicodedata.normalize("NFC", text)
