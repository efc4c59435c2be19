"""Where a page lives: web URLs and local snapshot files, hosts, and how to show them.

A ``website.urls`` entry without a scheme is a local file relative to the config's folder
(an archived snapshot). Every location is turned into an absolute URL once (``file://`` for
snapshots), so links inside snapshots resolve to sibling files exactly as they would online.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

_DEFAULT_PORTS = {"http": 80, "https": 443}


def resolve_location(value: str, base_dir: Path) -> str:
    """Absolute URL for a config or register value: http(s) and file URLs as they are,
    anything without a scheme a file path relative to ``base_dir``."""
    value = value.strip()
    scheme = urlsplit(value).scheme.lower()
    # One-letter "schemes" are Windows drive letters (C:\...), i.e. paths.
    if scheme in ("http", "https", "file"):
        return value
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    return path.resolve().as_uri()


def is_local(url: str) -> bool:
    return url.lower().startswith("file:")


def is_web(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def local_path(url: str) -> Path:
    """The file a ``file://`` URL names."""
    return Path(url2pathname(unquote(urlsplit(url).path)))


def host_key(url: str) -> str:
    """The server a URL talks to: lower-case host name, plus the port when it is not the default.

    Politeness (one request at a time, the delay) is per server, so http and https of one
    host share a key; a leading ``www.`` is kept because it is a different name to connect to.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def origin(url: str) -> str:
    """``scheme://host[:port]``: the scope of a robots.txt file."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def same_site(url: str, site: str) -> bool:
    """True when ``url`` may be fetched while checking ``site``.

    Snapshots may only lead to other local files and web pages only to the same host
    (``www.`` and the bare name count as one host; http and https too). A link from a
    snapshot to the web is never followed, so an offline run never touches the network.
    """
    if is_local(site) or is_local(url):
        return is_local(site) and is_local(url)
    if not (is_web(url) and is_web(site)):
        return False
    return _bare(host_key(url)) == _bare(host_key(site))


def _bare(host: str) -> str:
    return host.removeprefix("www.")


def absolute_link(href: str, page_url: str) -> str | None:
    """Absolute URL of a link found on a page, without its #fragment; None for mailto:, js…"""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    url = urldefrag(urljoin(page_url, href)).url
    return url if (is_web(url) or is_local(url)) else None


def display_url(url: str, base_dir: Path) -> str:
    """How a location is shown to users: snapshots relative to the config folder when inside it."""
    if not is_local(url):
        return url
    path = local_path(url)
    try:
        return path.relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return url
