"""Site kind ``json``: JSON endpoints (list APIs of one-stop portals); every string value is searched.

String values that are URLs (absolute, or a path starting with ``/``) are links, so a JSON list
can lead to detail pages and attachments like an HTML one.
"""

from __future__ import annotations

import json
import unicodedata

from compliance.web.document import Document, Link, decode_text
from compliance.web.sites.base import SiteKind
from compliance.web.urls import absolute_link


def parse_json(body: bytes, content_type: str, url: str) -> Document:
    """Every string value of a JSON body, one a line; the URL-like ones also as links."""
    try:
        data = json.loads(decode_text(body, content_type))
    except ValueError:
        return Document("json", problem="nội dung JSON không hợp lệ")
    strings: list[str] = []
    _walk_strings(data, strings)
    links = []
    for value in strings:
        if value.startswith(("http://", "https://", "/")) and " " not in value:
            target = absolute_link(value, url)
            if target:
                links.append(Link(target))
    return Document("json", texts=["\n".join(strings)], links=links)


def _walk_strings(value: object, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(unicodedata.normalize("NFC", value))
    elif isinstance(value, dict):
        for item in value.values():
            _walk_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _walk_strings(item, out)


KIND = SiteKind(name="json", keys=("urls",), parsers={"json": parse_json})
