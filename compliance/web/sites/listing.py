"""Site kind ``list``: the generic list or table page (HTML, or plain text) whose text holds codes.

The page's shown text is searched in two renderings (a space between elements, and nothing
between them) so codes split by tags and codes in adjacent table cells are both found; its
links (``a``, ``iframe``, ``embed``, ``object``) are what the other kinds choose from.
"""

from __future__ import annotations

import copy
import threading

from lxml import etree

from compliance.web.document import Document, Link, decode_text, text_of
from compliance.web.sites.base import SiteKind
from compliance.web.urls import absolute_link

#: elements whose links are collected (href, else src, else data)
_LINK_TAGS = ("a", "iframe", "embed", "object")
_parsers = threading.local()


def parse_html(body: bytes, content_type: str, url: str) -> Document:
    """Text and links of an HTML page; scripts, styles, comments and templates are not text."""
    html = decode_text(body, content_type)
    root = html_tree(html)
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
            text = " ".join(filter(None, [text_of(tag), tag.get("title", "")]))
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


def html_tree(html: str) -> etree._Element | None:
    """lxml's HTML tree of a decoded page (the parser BeautifulSoup's "lxml" builder drives)."""
    parser = getattr(_parsers, "html", None)
    if parser is None:  # lxml parsers must not be shared between threads
        parser = _parsers.html = etree.HTMLParser(encoding="utf-8")
    return etree.fromstring(html.encode("utf-8", errors="surrogatepass"), parser)


def parse_text(body: bytes, content_type: str, url: str) -> Document:
    """A plain-text page: its decoded text, no links."""
    return Document("text", texts=[decode_text(body, content_type)])


KIND = SiteKind(
    name="list",
    keys=("urls",),
    parsers={"html": parse_html, "text": parse_text},
)
