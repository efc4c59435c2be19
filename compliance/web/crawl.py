"""Crawling one unit's website: list pages, their pagination, detail pages and attachments.

A crawl is written as a *plan*: a generator that yields the next :class:`Want` (a URL) and
receives the :class:`Page` fetched for it. The plan decides *what* to read; the scheduler
(:mod:`compliance.web.schedule`) decides *when*, so many sites are read by a few threads and
no host ever gets two requests at once. What the plan saw is kept as :class:`PageVisit` rows.

How a ``urls`` entry is walked (numbered pages, next links), which links are followed and how
each content type is read is up to the site kinds (:mod:`compliance.web.sites`, CONTRACT
section 3); this module keeps the pages read, what they said, and that nothing off the unit's
host is ever requested.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from compliance.config import Website
from compliance.web import sites
from compliance.web.document import Document
from compliance.web.evidence import EvidenceStore
from compliance.web.extract import CaseCodes, find_case_codes, parse_document
from compliance.web.fetch import Fetcher, FetchResult
from compliance.web.sites.detail import is_attachment
from compliance.web.urls import display_url, same_site

log = logging.getLogger(__name__)

R = TypeVar("R")


@dataclass(frozen=True)
class Want:
    """A page a plan wants; ``site`` is the page whose host the fetch must stay on."""

    url: str
    site: str


@dataclass
class Page:
    """A fetched page and its parsed content: what a plan receives for a :class:`Want`."""

    result: FetchResult
    doc: Document | None = None
    sha256: str = ""


@dataclass
class PageVisit:
    """What one page told us (kept after the page itself is dropped)."""

    url: str
    shown: str  #: URL (or snapshot path) where the page was found, as shown to users
    role: str  #: list | detail | attachment | letter
    status: str  #: HTTP status, 'file', or the failure code
    from_cache: bool = False
    sha256: str = ""
    codes: set[str] = field(default_factory=set)  #: every case code on the page
    keys: set[str] = field(default_factory=set)  #: the wanted case codes on the page
    error: str | None = None  #: why the page could not be read (it could hide a letter)
    end_of_list: bool = False  #: a numbered list page past the last one (404, no file)


@dataclass(frozen=True)
class ReadPage:
    """A page that was read, parsed and is new to the crawl: what the site kinds walk on."""

    result: FetchResult
    doc: Document


#: A crawl plan: yields what it wants, receives each page, returns what it found (``R``).
Plan = Generator[Want, Page, R]


def read_page(fetcher: Fetcher, want: Want, evidence: EvidenceStore | None = None) -> Page:
    """Fetch and parse one page, saving its evidence. Runs in a worker thread."""
    return make_page(fetcher.fetch(want.url, want.site), evidence)


def make_page(result: FetchResult, evidence: EvidenceStore | None = None) -> Page:
    """Parse a fetched page and save its evidence."""
    body = result.body
    if not result.ok or body is None:  # (ok implies a body)
        if evidence is not None:
            evidence.record(result)
        return Page(result)
    try:
        doc = parse_document(body, result.content_type, result.final_url)
    except Exception as exc:  # noqa: BLE001 - a hostile page must not stop the whole run
        log.debug("cannot parse %s", result.url, exc_info=True)
        doc = Document("other", problem=f"không đọc được nội dung ({type(exc).__name__})")
    if evidence is not None:
        digest = evidence.record(result, doc.kind)
    else:
        digest = hashlib.sha256(body).hexdigest()
    return Page(result, doc, digest)


class Crawl:
    """The pages read for one unit and what was found on them."""

    def __init__(self, keys: set[str], base_dir: Path, known: CaseCodes | None = None):
        self.wanted = keys
        #: the codes recognised whatever their shape: the wanted ones and ``known``
        self.codes = CaseCodes(keys) if known is None else known.with_keys(keys)
        self.base_dir = base_dir
        self.visits: list[PageVisit] = []
        #: case key → where it was first found
        self.found: dict[str, str] = {}
        self._by_url: dict[str, PageVisit] = {}
        self._shas: set[str] = set()
        self._list_pages_left = 0  # the unit's max_pages, shared by its urls (set by website())

    # -- one page ---------------------------------------------------------------------------

    def visit(
        self, url: str, site: str, role: str, *, may_end_list: bool = False
    ) -> Generator[Want, Page, tuple[PageVisit, ReadPage | None]]:
        """Read one page (once per crawl). Returns its visit, and the page when it was read
        now and is new (None when it failed, was read before or repeats another page)."""
        if url in self._by_url:
            return self._by_url[url], None
        page = yield Want(url, site)
        result = page.result
        visit = PageVisit(
            url=url, shown=result.shown, role=role, status=result.status_label,
            from_cache=result.from_cache, sha256=page.sha256,
        )  # fmt: skip
        self._by_url[url] = visit
        self.visits.append(visit)
        if not result.ok:
            if may_end_list and (
                result.status in (404, 410) or result.error_kind == "missing_file"
            ):
                visit.end_of_list = True
            else:
                visit.error = result.error
            return visit, None
        doc = page.doc
        assert doc is not None, "make_page parses every page that was read"
        visit.codes = find_case_codes(doc, self.codes)
        visit.keys = visit.codes & self.wanted
        where = display_url(result.final_url, self.base_dir)
        for key in sorted(visit.keys):
            self.found.setdefault(key, where)
        if doc.problem:
            visit.error = f"{doc.problem} ({result.shown})"
        elif not doc.complete and not visit.keys:
            visit.error = _incomplete_note(doc.kind, result.shown)
        if page.sha256 in self._shas:
            return visit, None  # same content as a page already read: nothing new here
        self._shas.add(page.sha256)
        return visit, (ReadPage(result, doc) if visit.error is None else None)

    # -- a website --------------------------------------------------------------------------

    def website(self, website: Website, max_pages: int):
        """Read every ``urls`` entry of a unit's website; ``max_pages`` list pages in all (per unit).
        Each entry is walked by the site kind that takes it (:func:`compliance.web.sites.walk_for`)."""
        self._list_pages_left = max_pages
        for entry in website.urls:
            yield from sites.walk_for(entry)(self, entry, website)

    # -- what site kinds walk with ----------------------------------------------------------

    def take_list_page(self) -> bool:
        """Count one list page against the unit's ``max_pages``; False when none is left."""
        self._list_pages_left -= 1
        return self._list_pages_left >= 0

    def seen(self, url: str) -> bool:
        """True when ``url`` was already read (or tried) in this crawl."""
        return url in self._by_url

    def next_page(self, doc: Document, website: Website) -> str | None:
        return sites.next_page(doc, website)

    def detail_links(self, page: ReadPage, website: Website, site: str) -> list[str]:
        """The URLs a list page leads to (one level deep), on ``site``'s host, each once."""
        urls: list[str] = []
        for link in sites.follow_links(page.doc, website):
            if same_site(link.url, site) and link.url not in urls and link.url != page.result.url:
                urls.append(link.url)
        return urls

    def details(self, urls: list[str], site: str):
        """Read detail pages (and attachments) and the attachments of each."""
        for url in urls:
            role = "attachment" if is_attachment(url) else "detail"
            _, page = yield from self.visit(url, site, role)
            if page is not None:
                yield from self._attachments(page, site)

    def _attachments(self, page: ReadPage, site: str):
        for link in sites.attachment_links(page.doc):
            if same_site(link.url, site):
                yield from self.visit(link.url, site, "attachment")

    # -- a letter's own URL -----------------------------------------------------------------

    def letter(self, url: str):
        """Read the page a letter says it was posted on, and that page's attachments.
        Returns the visits (already read ones included) that speak for this letter."""
        start = len(self.visits)
        visit, page = yield from self.visit(url, url, "letter")
        if page is not None:
            yield from self._attachments(page, url)
        return self.visits[start:] or [visit]


def _incomplete_note(kind: str, shown: str) -> str:
    if kind == "pdf":
        return f"tệp PDF không có lớp chữ (bản quét), cần xem bằng mắt ({shown})"
    if kind == "doc":
        return f"tệp Word .doc cũ không đọc được đầy đủ, cần xem bằng mắt ({shown})"
    return f"tệp không phải văn bản (ảnh hoặc định dạng khác), cần xem bằng mắt ({shown})"


@dataclass
class UnitCrawl:
    """Everything read for one unit."""

    visits: list[PageVisit]  #: every page, in the order read
    site_visits: list[PageVisit]  #: the pages of the unit's website
    letter_visits: dict[str, list[PageVisit]]  #: case key → pages of that case's letter URLs
    found: dict[str, str]  #: case key → where it was first found

    @property
    def site_failures(self) -> list[str]:
        return [v.error for v in self.site_visits if v.error]

    @property
    def pages_read(self) -> int:
        return sum(1 for v in self.visits if v.error is None and not v.end_of_list)

    @property
    def codes(self) -> set[str]:
        return set().union(*(v.codes for v in self.visits)) if self.visits else set()


def plan_unit(
    website: Website | None,
    keys: set[str],
    letter_urls: dict[str, list[str]],
    *,
    base_dir: Path,
    max_pages: int,
    known: CaseCodes | None = None,
) -> Generator[Want, Page, UnitCrawl]:
    """The crawl plan of one unit: its website, then its letters' own URLs.

    ``keys`` are the codes wanted (the unit's overdue cases); ``known`` more codes to recognise
    besides those of a code shape (``sites test``: every case read)."""
    crawl = Crawl(keys, base_dir, known)
    if website is not None:
        yield from crawl.website(website, website.max_pages or max_pages)
    site_visits = list(crawl.visits)
    letters: dict[str, list[PageVisit]] = {}
    for key, urls in letter_urls.items():
        for url in urls:
            letters.setdefault(key, []).extend((yield from crawl.letter(url)))
    return UnitCrawl(crawl.visits, site_visits, letters, crawl.found)
