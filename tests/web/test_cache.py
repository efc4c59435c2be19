"""How long a cached page is used without asking the server again."""

from __future__ import annotations

import pytest

from compliance.web.cache import PageCache, expiry

NOW = 1_700_000_000.0
TTL = 43200


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, NOW + TTL),
        ({"Cache-Control": "public, max-age=60"}, NOW + 60),
        ({"Cache-Control": "max-age=0"}, NOW),
        ({"Cache-Control": "no-cache"}, NOW),
        ({"Cache-Control": "max-age=soon"}, NOW),
        ({"Cache-Control": "no-store"}, None),
        ({"Expires": "Thu, 01 Jan 2099 00:00:00 GMT"}, 4070908800.0),
        ({"Expires": "0"}, NOW),  # RFC 9111: an invalid date is in the past
        ({"Cache-Control": "max-age=60", "Expires": "0"}, NOW + 60),  # max-age wins
    ],
)
def test_expiry(headers, expected):
    assert expiry(headers, NOW, TTL) == expected


def test_revalidated_page_keeps_its_body_and_takes_new_headers(tmp_path):
    cache = PageCache(tmp_path / "pages.sqlite", ttl=0, statuses=(200,))
    cache.store("http://x.vn/a", 200, {"ETag": '"1"', "Content-Type": "text/html"}, b"<p>a</p>")
    cache.store("http://x.vn/err", 500, {}, b"down")
    stale = cache.get("http://x.vn/a")
    assert not stale.is_fresh() and stale.validators() == {"If-None-Match": '"1"'}
    assert cache.get("http://x.vn/err") is None

    fresh = cache.revalidated(stale, {"ETag": '"1"', "Cache-Control": "max-age=600"})

    again = cache.get("http://x.vn/a")
    assert fresh.revalidated and again.is_fresh() and again.content == b"<p>a</p>"
    assert again.headers["content-type"] == "text/html"
    cache.close()
