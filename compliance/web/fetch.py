"""Fetching one page: the requests session, size caps, snapshots, offline mode, FetchResult.

Every request to a unit's website goes through :class:`Fetcher`:

* an honest User-Agent (``compliance/<version> (+project URL)``, or ``web.user_agent``);
* robots.txt, the per-host gate and polite retries of :mod:`compliance.web.politeness`;
* the persistent HTTP cache of :mod:`compliance.web.cache` (conditional GET, so a re-run is
  nearly free), and an offline mode that answers from that cache only;
* proxies from the environment (``HTTPS_PROXY``, ``NO_PROXY``…) looked up once per site, not
  on every request;
* bodies streamed and cut at ``web.max_bytes``; redirects followed only on the same host.

Failures are not exceptions: a :class:`FetchResult` carries a plain Vietnamese ``error`` that
ends up in the case's note.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests_cache import CachedResponse, CachedSession

from compliance import PROJECT_URL, __version__
from compliance.config import WebConfig
from compliance.web.cache import (
    REDIRECT_STATUSES,
    fresh_response,
    invalid_freshness_is_stale,
    make_cached_session,
)
from compliance.web.politeness import (
    MAX_REDIRECTS,
    HostGate,
    RobotsRules,
    attempts,
    polite_retry,
    status_note,
    timed_out,
)
from compliance.web.urls import display_url, host_key, is_local, local_path, origin, same_site
from compliance.web.warc import HttpExchange, exchange_of

log = logging.getLogger(__name__)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
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
    #: the HTTP status line and headers, for the WARC (None: a snapshot file, no HTTP)
    exchange: HttpExchange | None = None

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


class _NetworkAdapter(HTTPAdapter):
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
            # requests has no public way to hand a body read elsewhere to a Response; setting
            # _content is what requests itself (and requests-cache) do.
            response._content = _read_capped(response, self.max_bytes)
        invalid_freshness_is_stale(response.headers)
        return response


class _OfflineAdapter(HTTPAdapter):
    """Refuses every request: an offline run must never touch the network."""

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        raise OfflineMiss(f"offline: {request.url}")


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
        self._proxies: dict[str, dict[str, str]] = {}
        self.session = self._make_session(cache_dir or base_dir / web.cache_dir)
        self.robots = RobotsRules(
            web.respect_robots,
            self.user_agent,
            self.gate,
            exchange=lambda url: self._exchange(url, url),
            fresh=self._fresh,
        )

    def _make_session(self, cache_dir: Path) -> CachedSession:
        session = make_cached_session(cache_dir, self.web.cache_ttl_s, offline=self.offline)
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
            adapter = _NetworkAdapter(
                self.gate,
                self.web.max_bytes,
                max_retries=polite_retry(self.web.retries, self.web.min_interval_s, self.gate),
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

    # -- robots.txt (see politeness.RobotsRules) ----------------------------------------------

    def robots_pending(self, url: str) -> bool:
        """True when robots.txt for ``url``'s site still has to be read (a request of its own)."""
        return self.robots.pending(url)

    def load_robots(self, url: str) -> None:
        """Read robots.txt for ``url``'s site once; its Crawl-delay becomes the host's delay."""
        self.robots.load(url)

    def _robots_refusal(self, url: str, shown: str) -> FetchResult | None:
        refused = self.robots.refusal(url, shown)
        return None if refused is None else self._failure(url, shown, *refused)

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
        if self.robots.pending(url) and not self.robots.load_from_cache(url):
            return None  # robots.txt needs a request first
        cached = self._fresh(url)
        if cached is None:
            return None
        shown = display_url(url, self.base_dir)
        return self._robots_refusal(url, shown) or self._result(url, shown, url, cached)

    def _fresh(self, url: str) -> CachedResponse | None:
        return fresh_response(self.session, url)

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
                target = urljoin(current, location)
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
        tries = self.web.retries + 1
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
            return self._failure(
                url, shown, "offline", f"chưa có trong bộ nhớ đệm, chạy lại khi có mạng ({shown})"
            )
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
            if timed_out(exc):
                note = f"máy chủ không trả lời trong {self.web.timeout_s:g} giây sau {tries} lần thử ({shown})"
                return self._failure(url, shown, "timeout", note)
            note = f"không kết nối được tới máy chủ sau {tries} lần thử ({shown})"
            return self._failure(url, shown, "connection_error", note)
        except requests.RequestException as exc:
            return self._failure(
                url, shown, "error", f"lỗi khi tải trang ({type(exc).__name__}) ({shown})"
            )
        return response

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
            from_cache=from_cache and not revalidated, exchange=exchange_of(response),
        )  # fmt: skip
        status = response.status_code
        if 200 <= status < 300:
            result.body = response.content
        else:
            result.error = status_note(status, attempts(response), shown)
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
            url=url, shown=shown, final_url=url, status=status, fetched_at=now(),
            error=note, error_kind=kind,
        )  # fmt: skip
