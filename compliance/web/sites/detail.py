"""Site kind ``detail``: detail pages and attachments linked from list pages, one level deep.

From each list page, the links chosen by ``follow`` (a CSS selector) are read, else the links
that look like apology documents (text or URL mentions xin lỗi / xin-loi, or a PDF/DOC/DOCX
attachment); from those pages, their PDF/DOC/DOCX attachments. Only links on the unit's host.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from compliance.config import Website
from compliance.text import fold
from compliance.web.document import Document, Link, select_links
from compliance.web.sites.base import SiteKind

_APOLOGY = re.compile(r"xin[\s_.-]*loi")
_ATTACHMENT = re.compile(r"\.(pdf|docx?)$", re.IGNORECASE)


def is_attachment(url: str) -> bool:
    return bool(_ATTACHMENT.search(urlsplit(url).path))


def looks_like_apology(link: Link) -> bool:
    """A link worth following by default: it mentions 'xin lỗi' (text or URL, any accents and
    separators) or is a PDF/DOC/DOCX attachment."""
    if is_attachment(link.url):
        return True
    return bool(_APOLOGY.search(fold(f"{link.text} {unquote(link.url)}")))


def follow_links(doc: Document, website: Website) -> list[Link]:
    """The links of a list page to read: ``follow``'s, else those that look like apologies."""
    if website.follow:
        return select_links(doc, website.follow)
    return [link for link in doc.links if looks_like_apology(link)]


def attachments(doc: Document) -> list[Link]:
    """The PDF/DOC/DOCX attachments of a detail page."""
    return [link for link in doc.links if is_attachment(link.url)]


KIND = SiteKind(
    name="detail",
    keys=("follow",),
    follow=follow_links,
    attachments=attachments,
)
