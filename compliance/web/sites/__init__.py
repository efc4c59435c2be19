"""The registry of site kinds: the crawler asks it how to walk, follow and read a unit's pages.

Each kind is one module with a ``KIND`` (:class:`~compliance.web.sites.base.SiteKind`): its
``name``, the ``website`` keys it reads, and what it contributes. :data:`KINDS` is the order
in which they are asked; the first kind that answers decides.

==============  ===========================  ===============================================
kind            website keys                 contributes
==============  ===========================  ===============================================
``list``        urls                         HTML and plain-text pages: text and links
``paginated``   urls, next, max_pages        ``{page}`` numbering; next-page links
``detail``      follow                       links followed one level deep; attachments
``json``        urls                         JSON endpoints: every string value
``documents``   (none)                       PDF, DOCX and old DOC files
==============  ===========================  ===============================================

Adding a platform: a module here with its ``KIND``, its line in :data:`KINDS` (before the kinds
it must override: ``paginated`` walks every ``urls`` entry no earlier kind takes), a saved page
under ``tests/data/sites/`` and a test in ``tests/web/test_sites.py``.
"""

from __future__ import annotations

from compliance.config import Website
from compliance.web.document import Document, Link
from compliance.web.sites import detail, documents, json_api, listing, paginated
from compliance.web.sites.base import Parser, SiteKind, Walk

KINDS: tuple[SiteKind, ...] = (
    listing.KIND,
    paginated.KIND,
    detail.KIND,
    json_api.KIND,
    documents.KIND,
)

_BY_NAME = {kind.name: kind for kind in KINDS}
_PARSERS: dict[str, Parser] = {}
for _kind in reversed(KINDS):  # the first kind that reads a content kind wins
    _PARSERS.update(_kind.parsers)


def kind(name: str) -> SiteKind:
    """The kind called ``name`` (KeyError when there is none)."""
    return _BY_NAME[name]


def parser_for(content_kind: str) -> Parser | None:
    """How a body of ``content_kind`` (html, json, pdf, …) is read; None: it cannot be."""
    return _PARSERS.get(content_kind)


def walk_for(entry: str) -> Walk:
    """How a ``website.urls`` entry is walked: the first kind that takes it."""
    for site_kind in KINDS:
        for takes, walk in site_kind.walks:
            if takes(entry):
                return walk
    raise LookupError(f"no site kind walks {entry!r}")  # paginated takes every entry


def next_page(doc: Document, website: Website) -> str | None:
    """The next list page after ``doc``, from the first kind that finds one."""
    for site_kind in KINDS:
        if site_kind.next_page is not None:
            found = site_kind.next_page(doc, website)
            if found:
                return found
    return None


def follow_links(doc: Document, website: Website) -> list[Link]:
    """The links of list page ``doc`` to read one level deep, from every kind, in order."""
    return [link for k in KINDS if k.follow is not None for link in k.follow(doc, website)]


def attachment_links(doc: Document) -> list[Link]:
    """The attachments of detail page ``doc`` to read as well, from every kind, in order."""
    return [link for k in KINDS if k.attachments is not None for link in k.attachments(doc)]


__all__ = [
    "KINDS",
    "SiteKind",
    "attachment_links",
    "follow_links",
    "kind",
    "next_page",
    "parser_for",
    "walk_for",
]
