"""Reading fetched pages: text and links out of HTML, JSON, PDF and DOCX, and case codes in the text.

Page content is untrusted: it is only ever read here, never used to build a file path.
Portals split codes with markup (``000.00.21.<span>H16</span>–<br>200416``), lower-case them,
use en-dashes and non-breaking spaces; :func:`find_case_codes` sees through all of that.
"""

from __future__ import annotations

import copy
import io
import json
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from lxml import etree

from compliance.read.encoding import declared_charsets, decode_bytes
from compliance.text import CASE_CODE_PATTERN, DASHES, SLASHES, SPACES, fold
from compliance.web.urls import absolute_link

_SPACE_AROUND_PUNCT = re.compile(r" ?([-./]) ?")
_DIGITS = frozenset("0123456789")
_APOLOGY = re.compile(r"xin[\s_.-]*loi")
_ATTACHMENT = re.compile(r"\.(pdf|docx?)$", re.IGNORECASE)
_NEXT_WORDS = {"trang sau", "trang tiep", "trang tiep theo", "tiep", "tiep theo", "sau", "next"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: elements whose links are collected (href, else src, else data)
_LINK_TAGS = ("a", "iframe", "embed", "object")
_parsers = threading.local()


@dataclass
class Link:
    url: str  #: absolute, without #fragment
    text: str = ""


@dataclass
class Document:
    """What a page says: its text (one or more renderings) and its links."""

    kind: str  #: html | json | pdf | docx | doc | text | other
    #: the text; for HTML both with a space between elements and with nothing between them,
    #: so that codes split by tags and codes in adjacent table cells are both found
    texts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    #: False when part of the text may be missing (scanned PDF, old .doc, image)
    complete: bool = True
    #: why the content could not be read at all (damaged or protected file)
    problem: str | None = None
    #: the URL relative links on the page are resolved against (<base href> or the page)
    base_url: str = ""
    #: HTML only: the decoded markup and the lxml tree parsed from it
    html: str = field(default="", repr=False)
    tree: etree._Element | None = field(default=None, repr=False)

    @cached_property
    def soup(self) -> BeautifulSoup | None:
        """The page as BeautifulSoup, for CSS selectors (``next``, ``follow``); built only when
        asked for, because parsing with lxml alone is several times cheaper."""
        return BeautifulSoup(self.html, "lxml") if self.kind == "html" else None

    @cached_property
    def forms(self) -> list[tuple[str, str]]:
        """:func:`matching_forms` of each text, made once for both code searches."""
        return [matching_forms(text) for text in self.texts]


def parse_document(body: bytes, content_type: str, url: str) -> Document:
    """Parse a fetched body according to its sniffed kind."""
    kind = sniff_kind(body, content_type, url)
    if kind == "html":
        return _parse_html(body, content_type, url)
    if kind == "json":
        return _parse_json(body, content_type, url)
    if kind == "pdf":
        return _parse_pdf(body)
    if kind == "docx":
        return _parse_docx(body)
    if kind == "doc":
        # Old binary Word: no parser at hand; its text runs are usually plain UTF-16 or
        # 8-bit, which is enough to spot an ASCII case code, but not to be sure of absence.
        texts = [body.decode("utf-16-le", errors="ignore"), body.decode("latin-1")]
        return Document("doc", texts=texts, complete=False)
    if kind == "text":
        return Document("text", texts=[decode_text(body, content_type)])
    return Document("other", complete=False)


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


def decode_text(body: bytes, content_type: str = "") -> str:
    """Decode a page as exports are decoded (:func:`compliance.read.encoding.decode_bytes`): the
    charset of the HTTP header, then of a <meta> tag, then UTF-8, then detection; NFC. A page
    no candidate decodes is read with replacement characters rather than dropped."""
    declared = declared_charsets(content_type.encode("latin-1", errors="ignore"), body)
    try:
        return decode_bytes(body, declared)[0]
    except UnicodeDecodeError:
        return unicodedata.normalize("NFC", body.decode("utf-8", errors="replace"))


def _parse_html(body: bytes, content_type: str, url: str) -> Document:
    html = decode_text(body, content_type)
    root = _html_tree(html)
    if root is None:  # nothing but whitespace
        return Document("html", texts=["", ""], html=html, base_url=url)
    # <script> and <style> hold only text, never shown (BeautifulSoup's get_text skips them
    # too). Emptied, not removed, so the text around them stays two strings.
    for hidden in list(root.iter("script", "style")):
        hidden.clear(keep_tail=True)
    base_url = url
    for base in root.iter("base"):
        href = base.get("href")
        if href is not None:
            base_url = absolute_link(href, url) or url
            break
    links = []
    for tag in root.iter(_LINK_TAGS):
        href = tag.get("href") or tag.get("src") or tag.get("data")
        target = absolute_link(href, base_url) if href else None
        if target:
            text = " ".join(filter(None, [_text_of(tag), tag.get("title", "")]))
            links.append(Link(target, text))
    # The shown text, one string per text node: ' ' keeps cells apart, '' joins codes split
    # by tags. Comments and <template> content are not shown either.
    shown = root
    if root.find(".//template") is not None:
        shown = copy.deepcopy(root)
        for template in list(shown.iter("template")):
            template.clear(keep_tail=True)
    strings = list(shown.itertext())
    texts = [" ".join(strings), "".join(strings)]
    return Document("html", texts=texts, links=links, base_url=base_url, html=html, tree=root)


def _html_tree(html: str) -> etree._Element | None:
    """lxml's HTML tree of a decoded page (the parser BeautifulSoup's "lxml" builder drives)."""
    parser = getattr(_parsers, "html", None)
    if parser is None:  # lxml parsers must not be shared between threads
        parser = _parsers.html = etree.HTMLParser(encoding="utf-8")
    return etree.fromstring(html.encode("utf-8", errors="surrogatepass"), parser)


def _text_of(element: etree._Element) -> str:
    """Like BeautifulSoup's ``get_text(" ", strip=True)``: the stripped strings, space-joined."""
    return " ".join(s for s in (piece.strip() for piece in element.itertext()) if s)


def _parse_json(body: bytes, content_type: str, url: str) -> Document:
    try:
        data = json.loads(decode_text(body, content_type))
    except ValueError:
        return Document("json", problem="nội dung JSON không hợp lệ")
    strings: list[str] = []
    _walk_strings(data, strings)
    links = []
    for value in strings:
        if value.startswith(("http://", "https://", "/")) and " " not in value:
            target = absolute_link(value, url)
            if target:
                links.append(Link(target))
    return Document("json", texts=["\n".join(strings)], links=links)


def _walk_strings(value: object, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(unicodedata.normalize("NFC", value))
    elif isinstance(value, dict):
        for item in value.values():
            _walk_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _walk_strings(item, out)


def _parse_pdf(body: bytes) -> Document:
    from pypdf import PdfReader  # imported here: only needed when a PDF turns up

    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return Document("pdf", problem="tệp PDF có mật khẩu")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # noqa: BLE001 - any damage in an untrusted file means "could not read it"
        return Document("pdf", problem="tệp PDF hỏng, không đọc được")
    text = unicodedata.normalize("NFC", text)
    # A scan has no text layer: the letter may be in the picture.
    return Document("pdf", texts=[text], complete=bool(text.strip()))


def _parse_docx(body: bytes) -> Document:
    import docx  # python-docx; imported here: only needed when a DOCX turns up

    try:
        document = docx.Document(io.BytesIO(body))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            _table_text(table, parts)
        for section in document.sections:
            parts.extend(p.text for p in section.header.paragraphs)
            parts.extend(p.text for p in section.footer.paragraphs)
    except Exception:  # noqa: BLE001 - any damage in an untrusted file means "could not read it"
        return Document("docx", problem="tệp DOCX hỏng, không đọc được")
    return Document("docx", texts=[unicodedata.normalize("NFC", "\n".join(parts))])


def _table_text(table, out: list[str]) -> None:
    for row in table.rows:
        for cell in row.cells:
            out.extend(p.text for p in cell.paragraphs)
            for inner in cell.tables:
                _table_text(inner, out)


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


# -- links ---------------------------------------------------------------------------------


def is_attachment(url: str) -> bool:
    return bool(_ATTACHMENT.search(urlsplit(url).path))


def looks_like_apology(link: Link) -> bool:
    """A link worth following by default: it mentions 'xin lỗi' (text or URL, any accents and
    separators) or is a PDF/DOC/DOCX attachment."""
    if is_attachment(link.url):
        return True
    return bool(_APOLOGY.search(fold(f"{link.text} {unquote(link.url)}")))


def select_links(doc: Document, selector: str) -> list[Link]:
    """Links chosen by a CSS selector: the selected <a> elements, or the <a> inside them."""
    if doc.soup is None:
        return []
    links = []
    for element in doc.soup.select(selector):
        anchors = [element] if element.name == "a" else element.select("a[href]")
        for anchor in anchors:
            target = absolute_link(anchor.get("href", ""), doc.base_url)
            if target:
                links.append(Link(target, anchor.get_text(" ", strip=True)))
    return links


def next_page(doc: Document, selector: str | None) -> str | None:
    """The next page of a list: the configured selector, else rel=next or a 'Trang sau' link."""
    if doc.kind != "html":
        return None
    if selector:
        found = select_links(doc, selector)
        return found[0].url if found else None
    if doc.tree is None:
        return None
    for anchor in doc.tree.iter("a"):
        href = anchor.get("href")
        if href is None:
            continue
        rel = (anchor.get("rel") or "").lower().split()
        words = {fold(_text_of(anchor)), fold(anchor.get("title", ""))}
        if "next" in rel or words & _NEXT_WORDS:
            target = absolute_link(href, doc.base_url)
            if target:
                return target
    return None
