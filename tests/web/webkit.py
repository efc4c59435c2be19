"""Test kit for the website tests: local servers (one threaded server per "host") and helpers.

Each :class:`Site` records every request it receives (path, headers, start and end times)
and the largest number of requests it had in flight at once, so tests can assert politeness
from the server's side. Nothing here touches the internet.
"""

from __future__ import annotations

import email.utils
import hashlib
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd

from compliance.config import parse_config
from compliance.web import check_publication

LAST_MODIFIED = email.utils.formatdate(1588291200, usegmt=True)  # 1 May 2020


@dataclass
class Reply:
    """One canned response."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  #: seconds to wait before answering
    validators: bool = True  #: send ETag and Last-Modified, answer conditional requests with 304
    declare_length: bool = (
        True  #: False: no Content-Length, the body ends when the connection closes
    )

    @property
    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    start: float
    end: float = 0.0
    status: int = 0


class Site:
    """A local HTTP server standing for one website (one host)."""

    def __init__(self, tls: tuple[Path, Path] | None = None):
        self.routes: dict[str, list[Reply]] = {}
        self.log: list[Hit] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # (certificate, key) in PEM files
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: Reply | bytes | str = b"", **kwargs) -> None:
        """Serve ``body`` (or a ready Reply) at ``path`` (with its query, e.g. '/list?page=2')."""
        self.routes[path] = [body if isinstance(body, Reply) else Reply(body, **kwargs)]

    def add_sequence(self, path: str, replies: list[Reply]) -> None:
        """Serve these replies in turn at ``path``; the last one is repeated."""
        self.routes[path] = list(replies)

    def hits(self, path: str | None = None) -> list[Hit]:
        return [h for h in self.log if path is None or h.path == path]

    def pages(self) -> list[Hit]:
        """Requests other than robots.txt."""
        return [h for h in self.log if h.path != "/robots.txt"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _reply_for(self, path: str) -> Reply:
        with self._lock:
            replies = self.routes.get(path)
            if not replies:
                return Reply("<h1>404 Không tìm thấy trang</h1>", status=404, validators=False)
            return replies.pop(0) if len(replies) > 1 else replies[0]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            pass

        def setup(self):
            super().setup()
            # Headers and body go out in two writes: without this, Nagle's algorithm and the
            # client's delayed ACK add 40 ms to every response.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self):
            hit = Hit(self.path, dict(self.headers.items()), time.monotonic())
            with site._lock:
                site.log.append(hit)
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            try:
                self._answer(hit)
            finally:
                with site._lock:
                    site.in_flight -= 1
                hit.end = time.monotonic()

        def _answer(self, hit: Hit) -> None:
            reply = site._reply_for(self.path)
            if reply.delay:
                time.sleep(reply.delay)
            data = reply.data
            etag = f'"{hashlib.sha1(data).hexdigest()[:16]}"'
            status = reply.status
            if reply.validators and status == 200 and self.headers.get("If-None-Match") == etag:
                status, data = 304, b""
            hit.status = status
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", reply.content_type)
            if reply.validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.declare_length:
                self.send_header("Content-Length", str(len(data)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (size cap, timeout)

    return Handler


#: Fast settings for tests: small delays and timeouts.
FAST_WEB = {"timeout_s": 1.0, "retries": 2, "min_interval_s": 0.05}


def make_config(tmp_path: Path, units: list[dict], **web):
    """A Config whose folder is ``tmp_path`` (cache under it), with ``units`` and fast web settings."""
    data = {
        "inputs": {"cases": ["cases.csv"]},
        "web": {**FAST_WEB, "cache_dir": "cache", **web},
        "units": units,
    }
    return parse_config(data, tmp_path)


def unit(unit_id: str, *urls: str, **website) -> dict:
    """A unit block with a website (none when no URL is given)."""
    block: dict = {"id": unit_id, "name": f"Đơn vị {unit_id}"}
    if urls:
        block["website"] = {"urls": list(urls), **website}
    return block


def run_check(
    config,
    cases: list[tuple[str, str]],
    letters: list[tuple[str, str]] = (),
    *,
    offline=False,
    out=None,
):
    """check_publication for ``(case_key, unit_id)`` pairs; returns the result."""
    overdue = pd.DataFrame(cases, columns=["case_key", "unit_id"])
    overdue.insert(0, "case_id", overdue["case_key"])
    letters_df = pd.DataFrame(list(letters), columns=["case_key", "web_url"])
    evidence_dir = (out or config.base_dir / "out") / "evidence"
    return check_publication(config, overdue, letters_df, evidence_dir, offline=offline)


def statuses(result) -> dict[str, str]:
    """case key → web_posting."""
    return dict(zip(result.cases["case_key"], result.cases["web_posting"], strict=True))


def notes(result) -> dict[str, str]:
    return dict(zip(result.cases["case_key"], result.cases["note"], strict=True))
