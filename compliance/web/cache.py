"""The HTTP cache of the website checks: one SQLite row per URL, read and written directly.

A page is used without asking the server again for ``web.cache_ttl_s`` seconds, or for as
long as the server's ``Cache-Control: max-age`` / ``Expires`` says (``no-cache``: ask every
time; ``no-store``: never kept). After that it is revalidated with a conditional GET
(``If-None-Match`` / ``If-Modified-Since``): a ``304`` keeps the stored body. An offline run
takes any stored page, however old.

This replaces requests-cache, whose per-request work (URL normalisation and hashing for the
key, option introspection, cattrs (de)serialisation) cost more CPU than fetching and reading a
small page: a cached re-run is a primary-key lookup here.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from requests.structures import CaseInsensitiveDict

CACHE_FILE = "pages.sqlite"
#: Headers a 304 answer may update on the stored page (RFC 9111 §4.3.4, the ones used here).
_REFRESHED = ("Cache-Control", "Expires", "ETag", "Last-Modified", "Date")


@dataclass
class CachedResponse:
    """A stored page, shaped like the parts of ``requests.Response`` the fetcher reads."""

    url: str
    status_code: int
    headers: CaseInsensitiveDict
    content: bytes
    stored_at: float  #: time.time() when the server last sent or confirmed it
    expires_at: float  #: time.time() from which it must be revalidated
    from_cache: bool = True
    revalidated: bool = False  #: True: the server confirmed it just now (304)
    raw: None = field(default=None, repr=False)

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.stored_at, dt.UTC)

    def is_fresh(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) < self.expires_at

    def validators(self) -> dict[str, str]:
        """Headers of a conditional GET for this page (empty: it cannot be revalidated)."""
        headers = {}
        if self.headers.get("ETag"):
            headers["If-None-Match"] = self.headers["ETag"]
        if self.headers.get("Last-Modified"):
            headers["If-Modified-Since"] = self.headers["Last-Modified"]
        return headers


def cache_directives(headers) -> dict[str, str]:
    """``Cache-Control`` as {directive: value} (lower-case names; '' for bare directives)."""
    out = {}
    for part in headers.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            out[name.lower()] = value.strip().strip('"')
    return out


def expiry(headers, now: float, ttl: float) -> float | None:
    """When a page received ``now`` must be revalidated; None when it may not be stored."""
    directives = cache_directives(headers)
    if "no-store" in directives:
        return None
    if "no-cache" in directives:
        return now
    if "max-age" in directives:
        try:
            return now + max(0, int(directives["max-age"]))
        except ValueError:
            return now  # a malformed max-age: ask again next time
    expires = headers.get("Expires")
    if expires is not None:
        try:
            return email.utils.parsedate_to_datetime(expires).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return now  # RFC 9111: an invalid Expires (e.g. "0") is in the past
    return now + ttl


class PageCache:
    """The pages kept between runs; safe to share between threads."""

    def __init__(self, path: Path, ttl: float, statuses: tuple[int, ...]):
        self.path = path
        self.ttl = ttl
        self.statuses = frozenset(statuses)
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
        # A lost entry is only a page to fetch again: no fsync on every write.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, status INTEGER NOT NULL, "
            "headers TEXT NOT NULL, body BLOB NOT NULL, stored_at REAL NOT NULL, expires_at REAL NOT NULL)"
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get(self, url: str) -> CachedResponse | None:
        with self._lock:
            row = self._db.execute(
                "SELECT status, headers, body, stored_at, expires_at FROM pages WHERE url = ?", (url,)
            ).fetchone()
        if row is None:
            return None
        status, headers, body, stored_at, expires_at = row
        return CachedResponse(url, status, CaseInsensitiveDict(json.loads(headers)), body, stored_at, expires_at)

    def store(self, url: str, status: int, headers, body: bytes) -> None:
        """Keep a response from the server, when its status and headers allow."""
        if status not in self.statuses:
            return
        now = time.time()
        expires_at = expiry(headers, now, self.ttl)
        if expires_at is None:
            self.delete(url)
            return
        self._write(url, status, headers, body, now, expires_at)

    def revalidated(self, entry: CachedResponse, headers) -> CachedResponse:
        """The server answered 304 for ``entry``: keep its body, take the new headers."""
        merged = CaseInsensitiveDict(entry.headers)
        for name in _REFRESHED:
            if name in headers:
                merged[name] = headers[name]
        now = time.time()
        expires_at = expiry(merged, now, self.ttl)
        if expires_at is None:
            self.delete(entry.url)
            expires_at = now
        else:
            self._write(entry.url, entry.status_code, merged, entry.content, now, expires_at)
        return CachedResponse(
            entry.url, entry.status_code, merged, entry.content, now, expires_at, from_cache=True, revalidated=True
        )

    def delete(self, url: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM pages WHERE url = ?", (url,))

    def _write(self, url: str, status: int, headers, body: bytes, stored_at: float, expires_at: float) -> None:
        encoded = json.dumps(list(headers.items()), ensure_ascii=False)
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)",
                (url, status, encoded, body, stored_at, expires_at),
            )
