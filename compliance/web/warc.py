"""Every page read, also as WARC records (ISO 28500, WARC/1.1) in evidence/<period>.warc.gz.

A page fetched over HTTP, from the network or from the HTTP cache, becomes a ``response``
record (the status line and headers as the server sent them, the body as saved in evidence/)
followed by the ``request`` record that asked for it. A local snapshot file had no HTTP
exchange: it becomes a ``resource`` record with the file's content type. Standard replay and
indexing tools (pywb, warcio, cdxj-indexer) read the file.

The file is written beside its final place and moved there when the run finishes (a crash
leaves no half-written WARC); the caller serialises the writes (EvidenceStore's lock).
"""

from __future__ import annotations

import base64
import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from compliance import PROJECT_URL, __version__
from compliance.outputs.files import atomic_path

if TYPE_CHECKING:
    from compliance.web.fetch import FetchResult

_PROTOCOLS = {10: "HTTP/1.0", 11: "HTTP/1.1"}
#: Response headers that describe the bytes on the wire, not the saved (decoded) body: kept
#: under the name replay tools know for original headers, X-Archive-Orig-<name>.
_WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
#: The warcinfo record that opens every file: who wrote it, to which standard.
_INFO = {
    "software": f"compliance/{__version__} (+{PROJECT_URL})",
    "format": "WARC File Format 1.1",
    "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
    "description": "Các trang đã đọc khi kiểm tra đăng tải văn bản xin lỗi",
}


@dataclass(frozen=True)
class HttpExchange:
    """What was said over HTTP for one page: the request's and the response's heads."""

    protocol: str  #: e.g. ``HTTP/1.1``
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]  #: response headers, as received, in order
    method: str = "GET"
    request_headers: tuple[tuple[str, str], ...] = ()


def exchange_of(response: requests.Response) -> HttpExchange:
    """The heads of a response from the network or from the HTTP cache (which keeps them)."""
    raw = response.raw
    raw_headers = getattr(raw, "headers", None)
    # urllib3 keeps repeated headers (Set-Cookie) apart; requests' own dict joins them.
    headers = raw_headers.items() if raw_headers else response.headers.items()
    request = response.request
    return HttpExchange(
        protocol=_PROTOCOLS.get(getattr(raw, "version", 0), "HTTP/1.1"),
        status=response.status_code,
        reason=response.reason or "",
        headers=tuple((str(k), str(v)) for k, v in headers),
        method=(request.method if request is not None else None) or "GET",
        request_headers=tuple(request.headers.items()) if request is not None else (),
    )


class WarcFile:
    """One WARC file being written; ``with`` it, or ``open()`` then ``close()``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._stack = ExitStack()
        self._writer: WARCWriter | None = None

    def open(self) -> WarcFile:
        """Start the file (a temporary one beside ``path``) with its ``warcinfo`` record."""
        try:
            tmp = self._stack.enter_context(atomic_path(self.path))
            out = self._stack.enter_context(open(tmp, "wb"))
            self._writer = WARCWriter(out, gzip=True, warc_version="1.1")
            self._writer.write_record(self._writer.create_warcinfo_record(self.path.name, _INFO))
        except BaseException as exc:
            self.close(type(exc), exc, exc.__traceback__)
            raise
        return self

    def close(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        """Move the file into place; after an exception (given), delete it instead."""
        self._writer = None
        self._stack.__exit__(exc_type, exc, tb)

    def __enter__(self) -> WarcFile:
        return self.open()

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(exc_type, exc, tb)

    def encode(self, result: FetchResult, sha256: str) -> bytes | None:
        """The records of one page read, gzip-compressed, made apart from the file so that
        threads compress in parallel; None when the file is not open or the page has no body."""
        if self._writer is None or result.body is None:
            return None
        writer = WARCWriter(BytesIO(), gzip=True, warc_version="1.1")
        for record in _records(writer, result, sha256):
            writer.write_record(record)
        return bytes(writer.out.getvalue())

    def append(self, records: bytes | None) -> int | None:
        """Add records made by :meth:`encode`; returns the offset of the first (the page's
        response or resource record). The caller serialises the calls."""
        if self._writer is None or records is None:
            return None
        out = self._writer.out
        offset = int(out.tell())
        out.write(records)
        return offset


def _records(writer: WARCWriter, result: FetchResult, sha256: str) -> list:
    """A page's ``response`` and ``request`` records, or its ``resource`` record."""
    body = result.body
    assert body is not None
    warc_headers = {
        "WARC-Date": _warc_date(result.fetched_at),
        # The SHA-256 of evidence/index.csv, in the WARC's usual base32 spelling.
        "WARC-Payload-Digest": "sha256:" + base64.b32encode(bytes.fromhex(sha256)).decode("ascii"),
    }
    exchange = result.exchange
    if exchange is None:  # a snapshot file: no HTTP exchange
        return [
            writer.create_warc_record(
                result.shown, "resource", payload=BytesIO(body), length=len(body),
                warc_content_type=result.content_type or "application/octet-stream",
                warc_headers_dict=warc_headers,
            )
        ]  # fmt: skip
    uri = result.final_url
    status = f"{exchange.status} {exchange.reason}".strip()
    response = writer.create_warc_record(
        uri, "response", payload=BytesIO(body), length=len(body),
        warc_headers_dict=warc_headers,
        http_headers=StatusAndHeaders(status, _saved_headers(exchange.headers, len(body)),
                                      protocol=exchange.protocol),
    )  # fmt: skip
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", parts.netloc))
    request = writer.create_warc_record(
        uri, "request", payload=BytesIO(b""), length=0,
        warc_headers_dict={
            "WARC-Date": warc_headers["WARC-Date"],
            "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
        },
        http_headers=StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol}",
                                      request_headers, is_http_request=True),
    )  # fmt: skip
    return [response, request]


def _saved_headers(headers: tuple[tuple[str, str], ...], length: int) -> list[tuple[str, str]]:
    """The response headers as received, except those that would misdescribe the saved body
    (requests undoes gzip and chunking): renamed X-Archive-Orig-…, with the real length."""
    out: list[tuple[str, str]] = []
    renamed = False
    for name, value in headers:
        lower = name.lower()
        wire = lower in _WIRE_HEADERS and not (
            (lower == "content-length" and value.strip() == str(length))
            or (lower == "content-encoding" and value.strip().lower() in ("", "identity"))
        )
        out.append((f"X-Archive-Orig-{name}" if wire else name, value))
        renamed = renamed or wire
    if renamed and not any(name.lower() == "content-length" for name, _ in out):
        out.append(("Content-Length", str(length)))
    return out


def _warc_date(moment: dt.datetime) -> str:
    """WARC-Date: UTC, ISO 8601 with a Z."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
