"""What a page says: its text and links (Document, Link), decoding, links chosen by CSS selector.

Page content is untrusted: it is only ever read, never used to build a file path.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from bs4 import BeautifulSoup
from lxml import etree

from compliance.read.encoding import declared_charsets, decode_bytes
from compliance.web.urls import absolute_link


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
        """:func:`~compliance.web.extract.matching_forms` of each text, made once for both
        code searches."""
        from compliance.web.extract import matching_forms

        return [matching_forms(text) for text in self.texts]


def decode_text(body: bytes, content_type: str = "") -> str:
    """Decode a page as exports are decoded (:func:`compliance.read.encoding.decode_bytes`): the
    charset of the HTTP header, then of a <meta> tag, then UTF-8, then detection; NFC. A page
    no candidate decodes is read with replacement characters rather than dropped."""
    declared = declared_charsets(content_type.encode("latin-1", errors="ignore"), body)
    try:
        return decode_bytes(body, declared)[0]
    except UnicodeDecodeError:
        return unicodedata.normalize("NFC", body.decode("utf-8", errors="replace"))


def text_of(element: etree._Element) -> str:
    """Like BeautifulSoup's ``get_text(" ", strip=True)``: the stripped strings, space-joined."""
    return " ".join(s for s in (piece.strip() for piece in element.itertext()) if s)


def select_links(doc: Document, selector: str) -> list[Link]:
    """Links chosen by a CSS selector: the selected <a> elements, or the <a> inside them."""
    if doc.soup is None:
        return []
    links = []
    for element in doc.soup.select(selector):
        anchors = [element] if element.name == "a" else element.select("a[href]")
        for anchor in anchors:
            href = anchor.get("href", "")
            # (bs4 splits only multi-valued attributes such as class into lists, never href)
            target = absolute_link(href, doc.base_url) if isinstance(href, str) else None
            if target:
                links.append(Link(target, anchor.get_text(" ", strip=True)))
    return links
