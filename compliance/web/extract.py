"""Reading fetched pages: which kind of content a body is, and the case codes in its text.

Each content kind is read by its site kind's parser (:mod:`compliance.web.sites`). Portals split
codes with markup (``000.00.21.<span>H16</span>–<br>200416``), lower-case them, use en-dashes
and non-breaking spaces; :func:`find_case_codes` sees through all of that.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from urllib.parse import urlsplit

from compliance.text import CASE_CODE_PATTERN, DASHES, SLASHES, SPACES
from compliance.web import sites
from compliance.web.document import Document

_SPACE_AROUND_PUNCT = re.compile(r" ?([-./]) ?")
_DIGITS = frozenset("0123456789")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def parse_document(body: bytes, content_type: str, url: str) -> Document:
    """Parse a fetched body with the parser its sniffed kind has in the site-kind registry."""
    parser = sites.parser_for(sniff_kind(body, content_type, url))
    return (
        parser(body, content_type, url) if parser is not None else Document("other", complete=False)
    )


def sniff_kind(body: bytes, content_type: str, url: str) -> str:
    """html, json, pdf, docx, doc, text or other: from the content first, then the headers."""
    head = body[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(body) else "other"
    if head.startswith(_OLE_MAGIC):
        return "doc"
    ctype = content_type.split(";")[0].strip().lower()
    path = urlsplit(url).path.lower()
    if "json" in ctype or path.endswith(".json"):
        return "json"
    if "html" in ctype or "xml" in ctype:
        return "html"
    if ctype == "text/plain" or path.endswith(".txt"):
        return "text"
    if ctype.startswith(("image/", "audio/", "video/")):
        return "other"
    start = body.lstrip()[:1]
    if start in (b"{", b"[") and _is_json(body):
        return "json"
    if b"\x00" in body[:1024]:
        return "other"
    return "html"  # many portals send no or a wrong Content-Type


def _is_docx(body: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_json(body: bytes) -> bool:
    try:
        json.loads(body.decode("utf-8-sig"))
    except ValueError:
        return False
    return True


# -- case codes ----------------------------------------------------------------------------


def matching_forms(text: str) -> tuple[str, str]:
    """Two upper-case forms of a text to look for codes in: with single spaces (but none
    around '-', '.' and '/'), and with no whitespace at all. Dashes are all '-', slashes '/'."""
    upper = SLASHES.sub("/", DASHES.sub("-", unicodedata.normalize("NFC", text).upper()))
    spaced = re.sub("-{2,}", "-", _SPACE_AROUND_PUNCT.sub(r"\1", SPACES.sub(" ", upper)))
    compact = re.sub("-{2,}", "-", SPACES.sub("", upper))
    return spaced, compact


class CaseCodes:
    """Known case codes (normalised, any shape), to find in a text as whole codes.

    A code is found where it starts after a character that is not a letter, digit or '.', and
    is not followed by a digit: ``…-0003`` is not inside ``…-00031``, ``00352112000539`` not
    inside a longer number. A set lookup at each place a code can start, so a million known
    codes (``compliance sites test`` knows every case read) cost no more than ten.
    """

    def __init__(self, keys: Iterable[str] = ()):
        self.keys = frozenset(k for k in keys if k)
        self._lengths = sorted({len(k) for k in self.keys}, reverse=True)
        self._start: re.Pattern | None = None
        if self.keys:
            chars = "".join(re.escape(c) for c in sorted(set("".join(self.keys))))
            self._start = re.compile(rf"(?<![A-Z0-9.])(?=[{chars}]{{{self._lengths[-1]}}})")

    def __len__(self) -> int:
        return len(self.keys)

    def with_keys(self, keys: set[str]) -> CaseCodes:
        """These codes and ``keys``."""
        return self if keys <= self.keys else CaseCodes(self.keys | keys)

    def find(self, text: str) -> set[str]:
        """The known codes in ``text`` (a :func:`matching_forms` form)."""
        if self._start is None:
            return set()
        found: set[str] = set()
        end = len(text)
        for match in self._start.finditer(text):
            at = match.start()
            for length in self._lengths:
                stop = at + length
                if stop > end:
                    continue
                if text[at:stop] in self.keys and not (stop < end and text[stop] in _DIGITS):
                    found.add(text[at:stop])
        return found


def find_case_codes(doc: Document, known: CaseCodes | None = None) -> set[str]:
    """Every case code in the document, for the run and ``sites test`` alike: the shapes of
    :data:`~compliance.text.CASE_CODE_PATTERN` in its spaced rendering, and the ``known`` codes
    (any shape; all-digit ones only so) in every rendering, also when split by markup or a line
    break. An HTML page's tag-joined text is searched for known codes only: there, adjacent
    table cells run together ("1" + "000.00…" reads as "1000.00…")."""
    found: set[str] = set()
    for number, (spaced, compact) in enumerate(doc.forms):
        if number == 0 or doc.kind != "html":
            found.update(CASE_CODE_PATTERN.findall(spaced))
        if known:
            found |= known.find(spaced) | known.find(compact)
    return found
