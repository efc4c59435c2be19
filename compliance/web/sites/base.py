"""What a site kind is: its name, the ``website`` keys it reads and what it contributes to a crawl."""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compliance.config import Website
from compliance.web.document import Document, Link

if TYPE_CHECKING:
    from compliance.web.crawl import Crawl

#: Reads a fetched body (bytes, Content-Type, final URL) of one content kind.
Parser = Callable[[bytes, str, str], Document]
#: Walks one ``website.urls`` entry: a crawl plan (see :mod:`compliance.web.crawl`).
Walk = Callable[["Crawl", str, Website], Generator[Any, Any, None]]


@dataclass(frozen=True)
class SiteKind:
    """One kind of unit website, or of content found on one.

    Every contribution is optional; the registry (:mod:`compliance.web.sites`) asks the kinds in
    its order and combines their answers.
    """

    name: str
    #: the ``units[].website`` keys this kind reads (CONTRACT section 3); none of them required
    keys: tuple[str, ...]
    #: content kind (as :func:`~compliance.web.extract.sniff_kind` names it) → its parser
    parsers: Mapping[str, Parser] = field(default_factory=dict)
    #: (does it take this ``urls`` entry?, how to walk it); the first kind that takes it walks it
    walks: tuple[tuple[Callable[[str], bool], Walk], ...] = ()
    #: the next list page after a page, or None
    next_page: Callable[[Document, Website], str | None] | None = None
    #: the links on a list page to read one level deep (detail pages, attachments)
    follow: Callable[[Document, Website], list[Link]] | None = None
    #: the attachments of a detail page, read as well
    attachments: Callable[[Document], list[Link]] | None = None
