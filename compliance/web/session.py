"""HTTP for the website checks: polite, cached, retried and size-capped.

Every request to a unit's website goes through :class:`Fetcher`:

* an honest User-Agent (``compliance/<version> (+project URL)``, or ``web.user_agent``);
* robots.txt read once per site and obeyed; its Crawl-delay raises the per-host delay;
* at most one request in flight per host and ``web.min_interval_s`` between two requests to a
  host (:class:`HostGate`), retries included;
* retries on connection errors, timeouts, 408, 429 and 5xx with exponential backoff and jitter,
  honouring ``Retry-After`` (urllib3 ``Retry``);
* a persistent HTTP cache (requests-cache, SQLite) with conditional GET, so a re-run is nearly
  free, and an offline mode that answers from that cache only;
* proxies from the environment (``HTTPS_PROXY``, ``NO_PROXY``…) looked up once per site, not
  on every request;
* bodies streamed and cut at ``web.max_bytes``; redirects followed only on the same host.

Failures are not exceptions: a :class:`FetchResult` carries a plain Vietnamese ``error`` that
ends up in the case's note.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import mimetypes
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
import urllib3
from protego import Protego
from requests.adapters import HTTPAdapter
from requests_cache import CachedResponse, CachedSession, SQLiteCache
from urllib3.util.retry import Retry

from compliance import PROJECT_URL, __version__
from compliance.config import WebConfig
from compliance.web.urls import display_url, host_key, is_local, local_path, origin, same_site

log = logging.getLogger(__name__)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
#: Statuses worth asking again: the server said "later", or failed on its side.
RETRY_STATUSES = frozenset({408, 429, *range(500, 600)})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
#: A robots.txt Crawl-delay above this is capped (a page every minute is still polite).
MAX_CRAWL_DELAY_S = 60.0
MAX_RETRY_AFTER_S = 120
#: Responses kept in the cache: pages, redirects (so an offline run can follow them too) and
#: "no such page" (robots.txt absent, the page after the last one of a list). How long one is
#: used without asking the server again is ``web.cache_ttl_s`` (or the server's Cache-Control);
#: after that it is revalidated with a conditional GET.
CACHED_STATUSES = (200, 203, 301, 302, 303, 307, 308, 404, 410)
CACHE_FILE = "web_cache.sqlite"
#: Connection pools kept (one per host, one connection each): enough for every host of a run
#: to keep its connection between two requests instead of opening a new one each time.
POOLS = 512


def default_user_agent() -> str:
    return f"compliance/{__version__} (+{PROJECT_URL})"


def now() -> dt.datetime:
    """The current time in Vietnam, to the second (evidence timestamps)."""
    return dt.datetime.now(TZ).replace(microsecond=0)


@dataclass
class FetchResult:
    """One page (or attachment) as fetched, or why it could not be."""

    url: str  #: absolute URL as requested (``file://`` for snapshots)
    shown: str  #: how the page is shown to users (snapshots relative to the config folder)
    final_url: str
    status: int | None
    fetched_at: dt.datetime
    body: bytes | None = None
    content_type: str = ""
    from_cache: bool = False
    #: plain Vietnamese reason the page could not be read (None when it was)
    error: str | None = None
    #: short code of the failure, for evidence/index.csv when there is no HTTP status
    error_kind: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None

    @property
    def status_label(self) -> str:
        """The ``status`` column of evidence/index.csv: HTTP status, ``file`` or the failure."""
        if self.status is not None:
            return str(self.status)
        return self.error_kind or "file"


class ResponseTooLarge(requests.RequestException):
    """The body is bigger than ``web.max_bytes``."""


class OfflineMiss(requests.RequestException):
    """A request would have gone to the network during an offline run."""


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

    def set_interval(self, host: str, seconds: float) -> None:
        with self._lock:
            self._interval[host] = max(self.default_interval, seconds)

    def interval(self, host: str) -> float:
        return self._interval.get(host, self.default_interval)

    def ready_at(self, host: str) -> float:
        """``time.monotonic()`` value from which the host may be asked again."""
        last = self._last.get(host)
        return float("-inf") if last is None else last + self.interval(host)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold the host for one exchange (retries included), waiting for its turn first."""
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            wait = self.ready_at(host) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = time.monotonic()


class PoliteRetry(Retry):
    """urllib3 ``Retry`` whose pauses are never shorter than the host's interval.

    Backoff: interval × 2^(n-1) plus up to 25 % jitter (so many clients do not retry in step),
    or the server's ``Retry-After`` when that is longer.
    """

    def __init__(self, *args, gate: HostGate | None = None, host: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.gate = gate
        self.host = host

    def new(self, **kw) -> PoliteRetry:
        retry = super().new(**kw)
        retry.gate, retry.host = self.gate, self.host
        return retry

    def increment(
        self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None
    ):
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if _pool is not None:
            host = f"[{_pool.host}]" if ":" in _pool.host else _pool.host
            retry.host = host_key(f"{_pool.scheme}://{host}:{_pool.port}")
        return retry

    def get_backoff_time(self) -> float:
        failures = len(self.history)
        if failures == 0:
            return 0.0
        floor = self.gate.interval(self.host) if self.gate is not None else 0.0
        base = max(self.backoff_factor, floor) * 2 ** (failures - 1)
        return min(self.backoff_max, base * (1 + 0.25 * random.random()))

    def sleep(self, response=None) -> None:
        wait = self.get_backoff_time()
        if response is not None and self.respect_retry_after_header:
            wait = max(wait, self.get_retry_after(response) or 0.0)
        if wait > 0:
            time.sleep(wait)


class _PoliteAdapter(HTTPAdapter):
    """Sends through the host gate and reads the body itself, stopping at ``max_bytes``.

    Only real network exchanges reach an adapter (cache hits never do), so only they wait.
    """

    def __init__(self, gate: HostGate, max_bytes: int, **kwargs):
        self.gate = gate
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        with self.gate.slot(host_key(request.url)):
            response = super().send(
                request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )
            response._content = _read_capped(response, self.max_bytes)
        _invalid_freshness_is_stale(response.headers)
        return response


class _OfflineAdapter(HTTPAdapter):
    """Refuses every request: an offline run must never touch the network."""

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        raise OfflineMiss(f"offline: {request.url}")


def _invalid_freshness_is_stale(headers) -> None:
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


def _read_capped(response: requests.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise ResponseTooLarge(f"{declared} bytes")
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            response.close()
            raise ResponseTooLarge(f"more than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class _Robots:
    parser: Protego | None = None  #: None: everything allowed (no robots.txt, or not checked)
    error: str | None = None  #: robots.txt could not be read: nothing may be fetched


class Fetcher:
    """Fetches pages for the website checks; safe to share between threads."""

    def __init__(
        self,
        web: WebConfig,
        base_dir: Path,
        *,
        offline: bool = False,
        cache_dir: Path | None = None,
    ):
        self.web = web
        self.base_dir = base_dir
        self.offline = offline
        self.user_agent = web.user_agent or default_user_agent()
        self.gate = HostGate(web.min_interval_s)
        if web.ca_bundle:
            self.verify: bool | str = str((base_dir / web.ca_bundle).resolve())
        else:
            self.verify = web.verify_tls
        if self.verify is True:
            # What requests does with trust_env, which is off (see _make_session).
            self.verify = (
                os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            )
        if self.verify is False:
            # The user chose to skip verification for broken portals; do not warn on every page.
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._proxies: dict[str, dict[str, str]] = {}
        self.session = self._make_session(cache_dir or base_dir / web.cache_dir)

    def _make_session(self, cache_dir: Path) -> CachedSession:
        cache_dir.mkdir(parents=True, exist_ok=True)
        session = CachedSession(
            # A lost cache entry is only a page to fetch again: skip the fsync on every write.
            backend=_PageCache(cache_dir / CACHE_FILE, fast_save=True, wal=True),
            expire_after=self.web.cache_ttl_s,
            cache_control=True,  # a server's max-age / no-cache / no-store / Expires is obeyed
            allowable_codes=CACHED_STATUSES,
            allowable_methods=("GET",),
            # Every request of a run carries the same headers and no secrets: the key is the URL
            # alone (see cache_key) and nothing needs redacting before it is stored.
            key_fn=cache_key,
            match_headers=False,
            ignored_parameters=(),
            # Offline, an expired page is still the best evidence there is; online it is not.
            stale_if_error=self.offline,
        )
        # Reading the proxy variables, .netrc and CA bundle variables from the environment on
        # every request costs more than the request: proxies are looked up once per site
        # (_proxies_for) and the CA bundle once (__init__).
        session.trust_env = False
        session.headers.update(
            {
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,"
                "application/pdf;q=0.8,*/*;q=0.5",
                "Accept-Language": "vi,en;q=0.5",
            }
        )
        if self.offline:
            adapter: HTTPAdapter = _OfflineAdapter()
        else:
            retries = self.web.retries
            retry = PoliteRetry(
                total=retries, connect=retries, read=retries, status=retries, other=0,
                allowed_methods=frozenset({"GET", "HEAD"}), status_forcelist=RETRY_STATUSES,
                backoff_factor=self.web.min_interval_s, raise_on_status=False,
                respect_retry_after_header=True, retry_after_max=MAX_RETRY_AFTER_S, gate=self.gate,
            )  # fmt: skip
            adapter = _PoliteAdapter(
                self.gate,
                self.web.max_bytes,
                max_retries=retry,
                pool_connections=POOLS,
                pool_maxsize=2,
            )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def close(self) -> None:
        self.session.close()

    def _proxies_for(self, url: str) -> dict[str, str]:
        """The proxies of the environment for ``url``'s site (none when NO_PROXY covers it)."""
        site = origin(url)
        proxies = self._proxies.get(site)
        if proxies is None:
            proxies = self._proxies[site] = requests.utils.get_environ_proxies(url)
        return proxies

    # -- robots.txt -------------------------------------------------------------------------

    def robots_pending(self, url: str) -> bool:
        """True when robots.txt for ``url``'s site still has to be read (a request of its own)."""
        return self.web.respect_robots and not is_local(url) and origin(url) not in self._robots

    def load_robots(self, url: str) -> None:
        """Read robots.txt for ``url``'s site once; its Crawl-delay becomes the host's delay."""
        if not self.web.respect_robots or is_local(url):
            return
        site = origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(site, threading.Lock())
        with lock:
            if site not in self._robots:
                self._robots[site] = self._read_robots(site)

    def _read_robots(self, site: str, cached: requests.Response | None = None) -> _Robots:
        """robots.txt of ``site``; ``cached``: its fresh cache entry, already looked up."""
        robots_url = site + "/robots.txt"
        url = robots_url
        for _ in range(MAX_REDIRECTS + 1):
            # (A Response is falsy for 4xx/5xx: compare with None.)
            response = cached if cached is not None else self._exchange(url, url)
            cached = None
            if isinstance(response, FetchResult):
                if response.error_kind == "offline":
                    return _Robots()  # offline: only cached pages are read; they were allowed
                # RFC 9309: an unreachable robots.txt means the whole site is off limits.
                return _Robots(error=f"không đọc được {robots_url}: {response.error}")
            status = response.status_code
            location = response.headers.get("Location")
            if status in REDIRECT_STATUSES and location:
                url = requests.compat.urljoin(url, location)
                if not same_site(url, site):
                    return _Robots()
                continue
            if status >= 500 or status == 429:
                reason = _status_note(status, _attempts(response), robots_url)
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

    def _robots_refusal(self, url: str, shown: str) -> FetchResult | None:
        if not self.web.respect_robots:
            return None
        self.load_robots(url)
        robots = self._robots[origin(url)]
        if robots.error:
            return self._failure(url, shown, "robots_unreachable", robots.error)
        if robots.parser is not None and not robots.parser.can_fetch(url, self.user_agent):
            note = f"robots.txt của trang không cho phép truy cập ({shown})"
            return self._failure(url, shown, "robots_disallowed", note)
        return None

    # -- fetching ---------------------------------------------------------------------------

    def host_of(self, url: str) -> str | None:
        """The host a fetch of ``url`` occupies (None: no network, e.g. a snapshot or offline)."""
        if is_local(url) or self.offline:
            return None
        return host_key(url)

    def peek(self, url: str, site: str | None = None) -> FetchResult | None:
        """The page when it can be had without touching the network or waiting for the host:
        a snapshot, an offline run, or a fresh cache entry; None when a request is needed.

        The scheduler reads such pages at once in its own thread: a cached re-run then costs
        a cache lookup and a parse per page, with no thread hand-offs.
        """
        if is_local(url) or self.offline:
            return self.fetch(url, site)
        if self.robots_pending(url) and not self._robots_from_cache(url):
            return None  # robots.txt needs a request first
        cached = self._fresh(url)
        if cached is None:
            return None
        shown = display_url(url, self.base_dir)
        return self._robots_refusal(url, shown) or self._result(url, shown, url, cached)

    def _fresh(self, url: str) -> CachedResponse | None:
        """The cached page for ``url`` when it may be used as it is (not a redirect)."""
        cached = self.session.cache.get_response(cache_key(_prepared(url)))
        if cached is None or cached.is_expired or cached.status_code in REDIRECT_STATUSES:
            return None
        directives = cached.headers.get("Cache-Control", "").lower()
        if "no-cache" in directives or "must-revalidate" in directives:
            return None  # the server asked to be asked again each time
        return cached

    def _robots_from_cache(self, url: str) -> bool:
        """Read robots.txt for ``url``'s site now when the cache has it fresh, without waiting
        for a thread that may be reading it. True when it is known afterwards."""
        site = origin(url)
        cached = self._fresh(site + "/robots.txt")
        if cached is None:
            return False
        with self._lock:
            lock = self._robots_locks.setdefault(site, threading.Lock())
        if not lock.acquire(blocking=False):
            return False
        try:
            if site not in self._robots:
                self._robots[site] = self._read_robots(site, cached)
        finally:
            lock.release()
        return True

    def fetch(self, url: str, site: str | None = None) -> FetchResult:
        """Fetch one page. Redirects are followed only while they stay on ``site``'s host."""
        shown = display_url(url, self.base_dir)
        if is_local(url):
            return self._read_local(url, shown)
        site = site or url
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            refused = self._robots_refusal(current, shown)
            if refused:
                return refused
            response = self._exchange(current, shown)
            if isinstance(response, FetchResult):
                return response
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_STATUSES and location:
                target = requests.compat.urljoin(current, location)
                if not same_site(target, site):
                    note = f"trang chuyển hướng sang máy chủ khác ({target}) nên không được theo ({shown})"
                    return self._failure(
                        url, shown, "redirect_off_host", note, status=response.status_code
                    )
                current = target
                continue
            return self._result(url, shown, current, response)
        return self._failure(
            url, shown, "too_many_redirects", f"chuyển hướng quá {MAX_REDIRECTS} lần ({shown})"
        )

    def _get(self, url: str) -> requests.Response:
        """The page from the cache when it is fresh (offline: whenever it is there), else from
        the server, conditionally when a stale copy can be revalidated (requests-cache)."""
        response = self.session.get(
            url,
            allow_redirects=False,
            timeout=(self.web.timeout_s, self.web.timeout_s),
            verify=self.verify,
            proxies=self._proxies_for(url),
            only_if_cached=self.offline,
        )
        if self.offline and response.status_code == 504:
            # requests-cache's "not cached" answer (a server's 504 is never cached).
            raise OfflineMiss(f"offline: {url}")
        return response

    def _exchange(self, url: str, shown: str) -> requests.Response | FetchResult:
        """One GET (with its retries), or a FetchResult saying why it failed."""
        attempts = self.web.retries + 1
        try:
            response = self._get(url)
        except ResponseTooLarge:
            note = f"trang lớn hơn giới hạn web.max_bytes = {self.web.max_bytes:,} byte ({shown})"
            return self._failure(url, shown, "too_large", note)
        except requests.exceptions.SSLError:
            note = (
                f"lỗi chứng chỉ TLS ({shown}): chuỗi chứng chỉ của máy chủ có thể thiếu chứng chỉ "
                "trung gian; thêm web.ca_bundle (tệp PEM có chứng chỉ trung gian) vào config.yaml"
            )
            return self._failure(url, shown, "tls_error", note)
        except OfflineMiss:
            return self._offline_miss(url, shown)
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
            if _timed_out(exc):
                note = f"máy chủ không trả lời trong {self.web.timeout_s:g} giây sau {attempts} lần thử ({shown})"
                return self._failure(url, shown, "timeout", note)
            note = f"không kết nối được tới máy chủ sau {attempts} lần thử ({shown})"
            return self._failure(url, shown, "connection_error", note)
        except requests.RequestException as exc:
            return self._failure(
                url, shown, "error", f"lỗi khi tải trang ({type(exc).__name__}) ({shown})"
            )
        return response

    def _offline_miss(self, url: str, shown: str) -> FetchResult:
        return self._failure(
            url, shown, "offline", f"chưa có trong bộ nhớ đệm, chạy lại khi có mạng ({shown})"
        )

    def _result(
        self, url: str, shown: str, final_url: str, response: requests.Response
    ) -> FetchResult:
        from_cache = bool(getattr(response, "from_cache", False))
        revalidated = bool(getattr(response, "revalidated", False))
        fetched_at = now()
        created = getattr(response, "created_at", None)
        if from_cache and not revalidated and isinstance(created, dt.datetime):
            fetched_at = created.astimezone(TZ).replace(microsecond=0)
        result = FetchResult(
            url=url, shown=shown, final_url=final_url, status=response.status_code,
            fetched_at=fetched_at, content_type=response.headers.get("Content-Type", ""),
            from_cache=from_cache and not revalidated,
        )  # fmt: skip
        status = response.status_code
        if 200 <= status < 300:
            result.body = response.content
        else:
            result.error = _status_note(status, _attempts(response), shown)
            result.error_kind = "http_error"
        return result

    def _read_local(self, url: str, shown: str) -> FetchResult:
        path = local_path(url)
        if not path.is_file():
            return self._failure(
                url, shown, "missing_file", f"không có tệp bản lưu trang ({shown})"
            )
        if path.stat().st_size > self.web.max_bytes:
            note = f"tệp lớn hơn giới hạn web.max_bytes = {self.web.max_bytes:,} byte ({shown})"
            return self._failure(url, shown, "too_large", note)
        content_type = mimetypes.guess_type(path.name)[0] or ""
        return FetchResult(
            url=url, shown=shown, final_url=url, status=None, fetched_at=now(),
            body=path.read_bytes(), content_type=content_type,
        )  # fmt: skip

    @staticmethod
    def _failure(
        url: str, shown: str, kind: str, note: str, status: int | None = None
    ) -> FetchResult:
        return FetchResult(
            url=url,
            shown=shown,
            final_url=url,
            status=status,
            fetched_at=now(),
            error=note,
            error_kind=kind,
        )


class _PageCache(SQLiteCache):
    """requests-cache's SQLite backend, without the look-up of redirect aliases on a miss.

    The fetcher follows redirects itself, one request at a time (``allow_redirects=False``), so
    requests-cache never records an alias and a miss is one query instead of two.
    """

    def get_response(self, key: str, default=None) -> CachedResponse | None:
        return self.responses.get(key, default)


def cache_key(request: requests.PreparedRequest, **_) -> str:
    """The cache key of a request: a digest of its method and URL.

    requests-cache's own key also normalises the URL, query, body and chosen headers; a run
    only sends GETs with the same headers, so the URL (as requests prepared it) is enough. A
    digest, not the URL itself: the SQLite backend puts the key into its SQL text.
    """
    return hashlib.blake2b(f"{request.method} {request.url}".encode(), digest_size=16).hexdigest()


def _prepared(url: str) -> requests.PreparedRequest:
    """A GET of ``url`` as requests prepares it (the URL normalised the same way)."""
    request = requests.PreparedRequest()
    request.method = "GET"
    request.prepare_url(url, None)
    return request


def _timed_out(exc: requests.RequestException) -> bool:
    """True when the server accepted no connection or sent nothing in time. After the last
    retry requests reports a read timeout as a ConnectionError wrapping urllib3's reason."""
    if isinstance(exc, requests.exceptions.Timeout):
        return True
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return False
    return isinstance(reason, urllib3.exceptions.TimeoutError)


def _attempts(response: requests.Response) -> int:
    retries = getattr(getattr(response, "raw", None), "retries", None)
    return len(getattr(retries, "history", ()) or ()) + 1


def _status_note(status: int, attempts: int, shown: str) -> str:
    if status in (404, 410):
        return f"trang không tồn tại (HTTP {status}) ({shown})"
    if status in (401, 403):
        return f"máy chủ từ chối truy cập (HTTP {status}) ({shown})"
    tries = f" sau {attempts} lần thử" if attempts > 1 else ""
    return f"máy chủ trả lỗi HTTP {status}{tries} ({shown})"
