"""Site kind ``paginated``: list pages numbered by ``{page}`` in the URL, or chained by a next link.

* a ``urls`` entry with ``{page}`` is read for page = 1, 2, … until a page brings nothing new
  (no new case code, no new link), repeats an earlier page, or ``max_pages``; a 404 (or a
  missing snapshot file) after page 1 is the end of the list, not a failure;
* without ``{page}``, the ``next`` link (``website.next``, else ``rel=next`` or "Trang sau")
  is followed, up to ``max_pages`` list pages (a single page is a chain of one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compliance.config import Website
from compliance.text import fold
from compliance.web.document import Document, select_links, text_of
from compliance.web.sites.base import SiteKind
from compliance.web.urls import absolute_link, resolve_location, same_site

if TYPE_CHECKING:
    from compliance.web.crawl import Crawl

_NEXT_WORDS = {"trang sau", "trang tiep", "trang tiep theo", "tiep", "tiep theo", "sau", "next"}


def is_numbered(entry: str) -> bool:
    return "{page}" in entry


def walk_numbered(crawl: Crawl, template: str, website: Website):
    """Pages 1, 2, … of a ``{page}`` URL, and the detail pages of each."""
    codes: set[str] = set()
    links: set[str] = set()
    number = 0
    while crawl.take_list_page():
        number += 1
        url = resolve_location(template.replace("{page}", str(number)), crawl.base_dir)
        visit, page = yield from crawl.visit(url, url, "list", may_end_list=number > 1)
        if page is None:
            break  # failed, past the end, or a repeat of an earlier page
        wanted = crawl.detail_links(page, website, url)
        new_links = {link for link in wanted if link not in links}
        new_codes = visit.codes - codes
        links |= new_links
        codes |= visit.codes
        yield from crawl.details(wanted, url)
        if not new_codes and not new_links:
            break


def walk_chained(crawl: Crawl, entry: str, website: Website):
    """A list page, its detail pages, then its next page while there is one on the same site."""
    url = resolve_location(entry, crawl.base_dir)
    site = url
    while crawl.take_list_page():
        _, page = yield from crawl.visit(url, site, "list")
        if page is None:
            break
        yield from crawl.details(crawl.detail_links(page, website, site), site)
        following = crawl.next_page(page.doc, website)
        if not following or crawl.seen(following) or not same_site(following, site):
            break
        url = following


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
        words = {fold(text_of(anchor)), fold(anchor.get("title", ""))}
        if "next" in rel or words & _NEXT_WORDS:
            target = absolute_link(href, doc.base_url)
            if target:
                return target
    return None


KIND = SiteKind(
    name="paginated",
    keys=("urls", "next", "max_pages"),
    walks=((is_numbered, walk_numbered), (lambda entry: True, walk_chained)),
    next_page=lambda doc, website: next_page(doc, website.next),
)
