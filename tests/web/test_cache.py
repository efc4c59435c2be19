"""How long a cached page is used without asking the server again (requests-cache, as set up
by the fetcher), asserted on the stored entries."""

from __future__ import annotations

import time

import pytest
from webkit import Reply, make_config

from compliance.web.cache import fresh_response, url_key
from compliance.web.fetch import Fetcher

TTL = 43200


def stored(fetcher: Fetcher, url: str):
    return fetcher.session.cache.get_response(url_key(url))


def fresh(fetcher: Fetcher, url: str):
    return fresh_response(fetcher.session, url)


def seconds_left(entry) -> float:
    return entry.expires.timestamp() - time.time()


@pytest.mark.parametrize(
    ("headers", "fresh_for"),
    [
        ({}, TTL),
        ({"Cache-Control": "public, max-age=60"}, 60),
        ({"Cache-Control": "max-age=0"}, 0),
        ({"Cache-Control": "max-age=soon"}, 0),  # RFC 9111: invalid freshness is stale
        ({"Expires": "Thu, 01 Jan 2099 00:00:00 GMT"}, "until 2099"),  # computed when the test runs
        ({"Expires": "0"}, 0),  # RFC 9111: an invalid date is in the past
        ({"Expires": "soon"}, 0),
        ({"Cache-Control": "max-age=60", "Expires": "0"}, 60),  # max-age wins
    ],
)
def test_how_long_a_page_is_fresh(site, tmp_path, headers, fresh_for):
    if fresh_for == "until 2099":
        fresh_for = 4070908800.0 - time.time()
    site.add("/a", Reply("<p>a</p>", headers=headers))
    config = make_config(tmp_path, [], respect_robots=False)
    fetcher = Fetcher(config.web, tmp_path)
    try:
        assert fetcher.fetch(site.url("/a")).ok
        entry = stored(fetcher, site.url("/a"))
        assert entry is not None and seconds_left(entry) == pytest.approx(fresh_for, abs=5)
        assert (fresh(fetcher, site.url("/a")) is not None) == (fresh_for > 5)
    finally:
        fetcher.close()


@pytest.mark.parametrize("control", ["no-cache", "no-store"])
def test_no_cache_is_asked_again_and_no_store_is_not_kept(site, tmp_path, control):
    site.add("/a", Reply("<p>a</p>", headers={"Cache-Control": control}))
    config = make_config(tmp_path, [], respect_robots=False)
    fetcher = Fetcher(config.web, tmp_path)
    try:
        assert fetcher.fetch(site.url("/a")).ok
        assert fresh(fetcher, site.url("/a")) is None
        assert (stored(fetcher, site.url("/a")) is None) == (control == "no-store")
    finally:
        fetcher.close()


def test_revalidated_page_keeps_its_body_and_takes_new_headers(site, tmp_path):
    body = "<p>a</p>"
    site.add_sequence("/a", [Reply(body), Reply(body, headers={"Cache-Control": "max-age=600"})])
    site.add("/err", Reply("down", status=500))
    config = make_config(tmp_path, [], respect_robots=False, cache_ttl_s=0, retries=0)
    fetcher = Fetcher(config.web, tmp_path)
    try:
        assert fetcher.fetch(site.url("/a")).ok
        fetcher.fetch(site.url("/err"))
        assert fresh(fetcher, site.url("/a")) is None  # stale at once (cache_ttl_s = 0)
        assert stored(fetcher, site.url("/err")) is None  # a server error is never kept

        again = fetcher.fetch(site.url("/a"))

        assert [h.status for h in site.hits("/a")] == [200, 304]
        assert "If-None-Match" in site.hits("/a")[1].headers
        assert again.ok and again.body == body.encode() and not again.from_cache
        entry = fresh(fetcher, site.url("/a"))
        assert entry is not None and entry.content == body.encode()
        assert entry.headers["content-type"] == "text/html; charset=utf-8"
    finally:
        fetcher.close()
