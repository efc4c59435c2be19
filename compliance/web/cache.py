"""The HTTP cache: requests-cache's SQLite backend, cache keys, and when a stored page is fresh.

A page is used without asking the server again for ``web.cache_ttl_s`` (or what the server's
``Cache-Control``/``Expires`` say); after that it is revalidated with a conditional GET. An
offline run answers from the cache only, expired pages included.
"""

from __future__ import annotations

import email.utils
import hashlib
from pathlib import Path

import requests
from requests_cache import CachedResponse, CachedSession, SQLiteCache

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Responses kept in the cache: pages, redirects (so an offline run can follow them too) and
#: "no such page" (robots.txt absent, the page after the last one of a list). How long one is
#: used without asking the server again is ``web.cache_ttl_s`` (or the server's Cache-Control);
#: after that it is revalidated with a conditional GET.
CACHED_STATUSES = (200, 203, 301, 302, 303, 307, 308, 404, 410)
CACHE_FILE = "web_cache.sqlite"


class PageCache(SQLiteCache):
    """requests-cache's SQLite backend, without the look-up of redirect aliases on a miss.

    The fetcher follows redirects itself, one request at a time (``allow_redirects=False``), so
    requests-cache never records an alias and a miss is one query instead of two.
    """

    def get_response(self, key: str, default=None) -> CachedResponse | None:
        return self.responses.get(key, default)


def make_cached_session(cache_dir: Path, ttl_s: float, *, offline: bool) -> CachedSession:
    """A requests session answering from (and storing into) ``cache_dir/web_cache.sqlite``."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        # A lost cache entry is only a page to fetch again: skip the fsync on every write.
        backend=PageCache(cache_dir / CACHE_FILE, fast_save=True, wal=True),
        expire_after=ttl_s,
        cache_control=True,  # a server's max-age / no-cache / no-store / Expires is obeyed
        allowable_codes=CACHED_STATUSES,
        allowable_methods=("GET",),
        # Every request of a run carries the same headers and no secrets: the key is the URL
        # alone (see cache_key) and nothing needs redacting before it is stored.
        key_fn=cache_key,
        match_headers=False,
        ignored_parameters=(),
        # Offline, an expired page is still the best evidence there is; online it is not.
        stale_if_error=offline,
    )


def cache_key(request: requests.PreparedRequest, **_) -> str:
    """The cache key of a request: a digest of its method and URL.

    requests-cache's own key also normalises the URL, query, body and chosen headers; a run
    only sends GETs with the same headers, so the URL (as requests prepared it) is enough. A
    digest, not the URL itself: the SQLite backend puts the key into its SQL text.
    """
    return hashlib.blake2b(f"{request.method} {request.url}".encode(), digest_size=16).hexdigest()


def url_key(url: str) -> str:
    """The cache key of a GET of ``url`` (the URL normalised as requests prepares it)."""
    request = requests.PreparedRequest()
    request.method = "GET"
    request.prepare_url(url, None)
    return cache_key(request)


def fresh_response(session: CachedSession, url: str) -> CachedResponse | None:
    """The cached page for ``url`` when it may be used as it is (not a redirect)."""
    cached = session.cache.get_response(url_key(url))
    if cached is None or cached.is_expired or cached.status_code in REDIRECT_STATUSES:
        return None
    directives = cached.headers.get("Cache-Control", "").lower()
    if "no-cache" in directives or "must-revalidate" in directives:
        return None  # the server asked to be asked again each time
    return cached


def invalid_freshness_is_stale(headers) -> None:
    """Rewrite an invalid ``Expires`` as ``0`` and an invalid ``max-age`` as ``max-age=0``.

    RFC 9111 (§5.3, §4.2.1): an Expires that is not a date is in the past, and a page with
    invalid freshness information is stale. requests-cache would instead fail on such an Expires
    (ValueError) and ignore such a max-age (keeping the page for ``web.cache_ttl_s``).
    """
    expires = headers.get("Expires")
    if expires is not None:
        try:
            email.utils.parsedate_to_datetime(expires)
        except (TypeError, ValueError, IndexError, OverflowError):
            headers["Expires"] = "0"
    control = headers.get("Cache-Control")
    if control and "max-age" in control.lower():
        parts = [part.strip() for part in control.split(",")]
        for i, part in enumerate(parts):
            name, _, value = part.partition("=")
            if name.strip().lower() == "max-age" and not value.strip().strip('"').isdigit():
                parts[i] = "max-age=0"
        headers["Cache-Control"] = ", ".join(parts)
