"""Politeness towards servers: robots.txt (protego), one request at a time per host, pacing, retries.

* robots.txt is read once per site and obeyed; its Crawl-delay raises the host's delay;
* at most one request in flight per host and ``web.min_interval_s`` between two requests to a
  host (:class:`HostGate`), retries included;
* retries on connection errors, timeouts, 408, 429 and 5xx with exponential backoff and jitter,
  honouring ``Retry-After`` (urllib3 ``Retry``, :class:`PoliteRetry`).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin

import requests
import urllib3
from protego import Protego
from urllib3.util.retry import Retry

from compliance.web.cache import REDIRECT_STATUSES
from compliance.web.urls import host_key, is_local, origin, same_site

#: Statuses worth asking again: the server said "later", or failed on its side.
RETRY_STATUSES = frozenset({408, 429, *range(500, 600)})
MAX_REDIRECTS = 5
#: A robots.txt Crawl-delay above this is capped (a page every minute is still polite).
MAX_CRAWL_DELAY_S = 60.0
MAX_RETRY_AFTER_S = 120


class HostGate:
    """One request at a time per host, and a minimum interval between two requests to it.

    The interval runs from the end of one request to the start of the next, so a slow
    server is never asked faster than it answers.
    """

    def __init__(self, default_interval: float):
        self.default_interval = default_interval
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._interval: dict[str, float] = {}
        self._held = threading.local()  # the host this thread holds a slot for

    def set_interval(self, host: str, seconds: float) -> None:
        with self._lock:
            self._interval[host] = max(self.default_interval, seconds)

    def interval(self, host: str | None) -> float:
        """The delay between two requests to ``host`` (None: no host held, the default)."""
        if host is None:
            return self.default_interval
        return self._interval.get(host, self.default_interval)

    def ready_at(self, host: str) -> float:
        """``time.monotonic()`` value from which the host may be asked again."""
        last = self._last.get(host)
        return float("-inf") if last is None else last + self.interval(host)

    def held_host(self) -> str | None:
        """The host whose slot the calling thread holds (None outside :meth:`slot`)."""
        return getattr(self._held, "host", None)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold the host for one exchange (retries included), waiting for its turn first."""
        with lock_for(self._lock, self._host_locks, host):
            wait = self.ready_at(host) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._held.host = host
            try:
                yield
            finally:
                self._held.host = None
                self._last[host] = time.monotonic()


class PoliteRetry(Retry):
    """urllib3 ``Retry`` whose pauses are never shorter than the host's interval.

    Backoff: interval × 2^(n-1) plus up to 25 % jitter (so many clients do not retry in step),
    or the server's ``Retry-After`` when that is longer. The host is the one whose
    :meth:`HostGate.slot` the retrying thread holds (retries happen inside the slot).
    """

    def __init__(self, *args, gate: HostGate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gate = gate

    def new(self, **kw) -> PoliteRetry:
        retry = super().new(**kw)
        retry.gate = self.gate
        return retry

    def get_backoff_time(self) -> float:
        failures = len(self.history)
        if failures == 0:
            return 0.0
        floor = self.gate.interval(self.gate.held_host()) if self.gate is not None else 0.0
        base = max(self.backoff_factor, floor) * 2 ** (failures - 1)
        return min(self.backoff_max, base * (1 + 0.25 * random.random()))

    def sleep(self, response=None) -> None:
        wait = self.get_backoff_time()
        if response is not None and self.respect_retry_after_header:
            wait = max(wait, self.get_retry_after(response) or 0.0)
        if wait > 0:
            time.sleep(wait)


def polite_retry(retries: int, interval: float, gate: HostGate) -> PoliteRetry:
    """The retry policy of every network request: ``retries`` more tries of a GET."""
    return PoliteRetry(
        total=retries, connect=retries, read=retries, status=retries, other=0,
        allowed_methods=frozenset({"GET", "HEAD"}), status_forcelist=RETRY_STATUSES,
        backoff_factor=interval, raise_on_status=False,
        respect_retry_after_header=True, retry_after_max=MAX_RETRY_AFTER_S, gate=gate,
    )  # fmt: skip


def attempts(response: requests.Response) -> int:
    """How many times the request of ``response`` was sent (1 + its retries)."""
    retries = getattr(getattr(response, "raw", None), "retries", None)
    return len(getattr(retries, "history", ()) or ()) + 1


def status_note(status: int, tries: int, shown: str) -> str:
    """The plain Vietnamese reason a page answered with an HTTP error ``status``."""
    if status in (404, 410):
        return f"trang không tồn tại (HTTP {status}) ({shown})"
    if status in (401, 403):
        return f"máy chủ từ chối truy cập (HTTP {status}) ({shown})"
    after = f" sau {tries} lần thử" if tries > 1 else ""
    return f"máy chủ trả lỗi HTTP {status}{after} ({shown})"


def timed_out(exc: requests.RequestException) -> bool:
    """True when the server accepted no connection or sent nothing in time. After the last
    retry requests reports a read timeout as a ConnectionError wrapping urllib3's reason."""
    if isinstance(exc, requests.exceptions.Timeout):
        return True
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return False
    return isinstance(reason, urllib3.exceptions.TimeoutError)


# -- robots.txt -----------------------------------------------------------------------------


@dataclass
class _Robots:
    parser: Protego | None = None  #: None: everything allowed (no robots.txt, or not checked)
    error: str | None = None  #: robots.txt could not be read: nothing may be fetched


class ExchangeFailure(Protocol):
    """Why a GET failed (a :class:`compliance.web.fetch.FetchResult`, not imported here: the
    fetcher builds on this module)."""

    @property
    def error(self) -> str | None: ...

    @property
    def error_kind(self) -> str: ...


#: One GET of a URL: the response, or a failure with ``error`` and ``error_kind`` attributes.
Exchange = Callable[[str], "requests.Response | ExchangeFailure"]


class RobotsRules:
    """robots.txt of every site, read once per site and obeyed; safe to share between threads.

    ``exchange(url)`` makes one GET (a :class:`requests.Response`, or a failure carrying
    ``error`` and ``error_kind``); ``fresh(url)`` is the fresh cached response or None.
    """

    def __init__(
        self,
        enabled: bool,
        user_agent: str,
        gate: HostGate,
        exchange: Exchange,
        fresh: Callable[[str], requests.Response | None],
    ):
        self.enabled = enabled
        self.user_agent = user_agent
        self.gate = gate
        self._exchange = exchange
        self._fresh = fresh
        self._robots: dict[str, _Robots] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def pending(self, url: str) -> bool:
        """True when robots.txt for ``url``'s site still has to be read (a request of its own)."""
        return self.enabled and not is_local(url) and origin(url) not in self._robots

    def load(self, url: str) -> None:
        """Read robots.txt for ``url``'s site once; its Crawl-delay becomes the host's delay."""
        if not self.enabled or is_local(url):
            return
        site = origin(url)
        with lock_for(self._lock, self._locks, site):
            if site not in self._robots:
                self._robots[site] = self._read(site)

    def load_from_cache(self, url: str) -> bool:
        """Read robots.txt for ``url``'s site now when the cache has it fresh, without waiting
        for a thread that may be reading it. True when it is known afterwards."""
        site = origin(url)
        cached = self._fresh(site + "/robots.txt")
        if cached is None:
            return False
        lock = lock_for(self._lock, self._locks, site)
        if not lock.acquire(blocking=False):
            return False
        try:
            if site not in self._robots:
                self._robots[site] = self._read(site, cached)
        finally:
            lock.release()
        return True

    def refusal(self, url: str, shown: str) -> tuple[str, str] | None:
        """``(error_kind, note)`` when robots.txt keeps ``url`` from being fetched, else None."""
        if not self.enabled:
            return None
        self.load(url)
        robots = self._robots[origin(url)]
        if robots.error:
            return "robots_unreachable", robots.error
        if robots.parser is not None and not robots.parser.can_fetch(url, self.user_agent):
            return "robots_disallowed", f"robots.txt của trang không cho phép truy cập ({shown})"
        return None

    def _read(self, site: str, cached: requests.Response | None = None) -> _Robots:
        """robots.txt of ``site``; ``cached``: its fresh cache entry, already looked up."""
        robots_url = site + "/robots.txt"
        url = robots_url
        for _ in range(MAX_REDIRECTS + 1):
            # (A Response is falsy for 4xx/5xx: compare with None.)
            response = cached if cached is not None else self._exchange(url)
            cached = None
            if not isinstance(response, requests.Response):
                if response.error_kind == "offline":
                    return _Robots()  # offline: only cached pages are read; they were allowed
                # RFC 9309: an unreachable robots.txt means the whole site is off limits.
                return _Robots(error=f"không đọc được {robots_url}: {response.error}")
            status = response.status_code
            location = response.headers.get("Location")
            if status in REDIRECT_STATUSES and location:
                url = urljoin(url, location)
                if not same_site(url, site):
                    return _Robots()
                continue
            if status >= 500 or status == 429:
                reason = status_note(status, attempts(response), robots_url)
                return _Robots(error=f"không đọc được {robots_url}: {reason}")
            if status != 200:
                return _Robots()  # no robots.txt (4xx): everything is allowed
            parser = Protego.parse(response.content.decode("utf-8", errors="replace"))
            self._apply_crawl_delay(site, parser)
            return _Robots(parser=parser)
        return _Robots()

    def _apply_crawl_delay(self, site: str, parser: Protego) -> None:
        delay = parser.crawl_delay(self.user_agent) or 0.0
        rate = parser.request_rate(self.user_agent)
        if rate and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        if delay:
            self.gate.set_interval(host_key(site), min(float(delay), MAX_CRAWL_DELAY_S))


def lock_for(guard: threading.Lock, locks: dict[str, threading.Lock], name: str) -> threading.Lock:
    """The lock of ``name`` in ``locks``, made on first use (``guard`` protects the dict)."""
    with guard:
        return locks.setdefault(name, threading.Lock())
