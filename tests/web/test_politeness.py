"""Politeness and the cache, asserted from the servers' own request logs."""

from __future__ import annotations

import pytest
from webkit import Reply, make_config, notes, run_check, statuses, unit

from compliance import __version__

CODES = [f"000.00.20.H16-2004{day:02d}-0001" for day in range(15, 30)]


def listing(site, prefix: str, codes: list[str], pages: int = 3, **reply) -> None:
    """A numbered list on ``site`` whose pages each link one apology detail page."""
    per_page = max(1, len(codes) // pages)
    for number in range(1, pages + 1):
        chunk = codes[(number - 1) * per_page : number * per_page]
        links = "".join(
            f'<a href="{prefix}/xin-loi-{number}-{i}.html">Phiếu xin lỗi</a>'
            for i in range(len(chunk))
        )
        site.add(
            f"{prefix}?page={number}",
            Reply(f"<table><tr><td>{number}</td></tr></table>{links}", **reply),
        )
        for i, code in enumerate(chunk):
            site.add(f"{prefix}/xin-loi-{number}-{i}.html", Reply(f"<p>{code}</p>", **reply))


def assert_polite(site, interval: float) -> None:
    hits = sorted(site.log, key=lambda h: h.start)
    assert site.max_in_flight == 1
    for before, after in zip(hits, hits[1:], strict=False):
        # Start to start: exact, whatever the load (the client waits after its own reply).
        assert after.start - before.start >= interval, (before.path, after.path)
        # End to start: the server logs a reply's end when its thread next runs, which a busy
        # machine delays by a few milliseconds; a gate that counted from the request's start
        # instead of its end would still fail here by the server's whole answer time.
        assert after.start - before.end >= interval - 0.05, (before.path, after.path)


def test_one_request_at_a_time_per_host_with_the_interval(sites, tmp_path):
    first, second = sites(), sites()
    listing(first, "/a", CODES[:6])
    listing(first, "/b", CODES[6:9])  # a second unit on the same host
    listing(second, "/c", CODES[9:12])
    second.add("/letter", f"<p>{CODES[14]}</p>")
    units = [
        unit("a", first.url("/a?page={page}")),
        unit("b", first.url("/b?page={page}")),
        unit("c", second.url("/c?page={page}")),
    ]
    config = make_config(tmp_path, units, min_interval_s=0.1, parallel_hosts=4)
    cases = (
        [(c, "a") for c in CODES[:6]]
        + [(c, "b") for c in CODES[6:9]]
        + [(c, "c") for c in CODES[9:12]]
    )
    cases.append((CODES[14], "a"))  # its letter URL is on the other host

    result = run_check(config, cases, letters=[(CODES[14], second.url("/letter"))])

    assert set(statuses(result).values()) == {"verified"}
    for site in (first, second):
        assert_polite(site, 0.1)
        assert all(
            h.headers["User-Agent"].startswith(f"compliance/{__version__} (+http") for h in site.log
        )
    # The two hosts were read at the same time, not one after the other.
    assert first.log[0].start < second.log[-1].start and second.log[0].start < first.log[-1].start


def test_custom_user_agent(site, tmp_path):
    site.add("/xin-loi", f"<p>{CODES[0]}</p>")
    config = make_config(
        tmp_path, [unit("u", site.url("/xin-loi"))], user_agent="VP-UBND-DakLak-check/1.0"
    )

    run_check(config, [(CODES[0], "u")])

    assert {h.headers["User-Agent"] for h in site.log} == {"VP-UBND-DakLak-check/1.0"}


def test_crawl_delay_raises_the_interval(site, tmp_path):
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain")
    listing(site, "/a", CODES[:2], pages=2)
    config = make_config(tmp_path, [unit("u", site.url("/a?page={page}"))], min_interval_s=0.05)

    run_check(config, [(CODES[0], "u")])

    assert len(site.log) >= 5
    assert_polite(site, 0.3)


@pytest.mark.parametrize(
    ("cache_control", "second_run"),
    [("no-cache", "conditional"), (None, "none")],
    ids=["server-says-revalidate", "fresh-for-hours"],
)
def test_second_run_is_nearly_free(site, tmp_path, cache_control, second_run):
    headers = {"Cache-Control": cache_control} if cache_control else {}
    listing(site, "/a", CODES[:4], pages=2, headers=headers)
    config = make_config(tmp_path, [unit("u", site.url("/a?page={page}"))])
    cases = [(c, "u") for c in CODES[:5]]

    first = run_check(config, cases, out=tmp_path / "run1")
    before = len(site.log)
    second = run_check(config, cases, out=tmp_path / "run2")
    again = site.log[before:]

    assert statuses(second) == statuses(first)
    assert list(statuses(first).values()) == ["verified"] * 4 + ["not_found"]
    if second_run == "none":
        assert again == []
    else:
        pages = [h for h in again if h.path != "/robots.txt"]
        assert pages and all(h.status == 304 for h in pages)
        assert all("If-None-Match" in h.headers or "If-Modified-Since" in h.headers for h in pages)
    # The second run keeps its evidence too (read from the cache).
    assert len(second.evidence) == len(first.evidence)


def test_offline_with_empty_cache_touches_no_server(site, tmp_path):
    listing(site, "/a", CODES[:2], pages=1)
    config = make_config(tmp_path, [unit("u", site.url("/a?page={page}"))])

    result = run_check(config, [(CODES[0], "u")], offline=True)

    assert site.log == []
    assert statuses(result) == {CODES[0]: "unverifiable"}
    assert "chưa có trong bộ nhớ đệm, chạy lại khi có mạng" in notes(result)[CODES[0]]


def test_offline_after_an_online_run_answers_from_the_cache(site, tmp_path):
    listing(site, "/a", CODES[:2], pages=1, headers={"Cache-Control": "max-age=0"})
    config = make_config(tmp_path, [unit("u", site.url("/a?page={page}"))])
    cases = [(CODES[0], "u"), (CODES[5], "u")]
    online = run_check(config, cases, out=tmp_path / "run1")
    before = len(site.log)

    offline = run_check(config, cases, offline=True, out=tmp_path / "run2")

    assert len(site.log) == before
    assert statuses(offline) == statuses(online) == {CODES[0]: "verified", CODES[5]: "not_found"}


@pytest.mark.parametrize(
    ("headers", "settings", "status", "conditional"),
    [
        ({}, {"cache_ttl_s": 0}, 304, True),  # cache_ttl_s 0: every page asked again, conditionally
        (
            {"Cache-Control": "no-store"},
            {},
            200,
            False,
        ),  # no-store: never kept, fetched whole again
    ],
)
def test_second_run_asks_again_when_the_page_may_not_be_reused(
    site, tmp_path, headers, settings, status, conditional
):
    listing(site, "/a", CODES[:2], pages=1, headers=headers)
    config = make_config(tmp_path, [unit("u", site.url("/a?page={page}"))], **settings)
    cases = [(CODES[0], "u")]

    run_check(config, cases, out=tmp_path / "run1")
    before = len(site.log)
    second = run_check(config, cases, out=tmp_path / "run2")

    pages = [h for h in site.log[before:] if h.status != 404]  # robots.txt, the page after the last
    assert statuses(second) == {CODES[0]: "verified"}
    assert len(pages) == 3
    assert all(h.status == status and ("If-None-Match" in h.headers) == conditional for h in pages)


@pytest.mark.parametrize("bypassed", [False, True], ids=["through-proxy", "no-proxy"])
def test_proxy_from_the_environment(sites, tmp_path, monkeypatch, bypassed):
    target, proxy = sites(), sites()
    target.add("/xin-loi", f"<p>{CODES[0]}</p>")
    proxied = target.url("/xin-loi")
    proxy.add(proxied, f"<p>{CODES[0]}</p>")  # a proxy is asked for the absolute URL
    for name in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy.url())
    if bypassed:
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    config = make_config(tmp_path, [unit("u", proxied)])

    result = run_check(config, [(CODES[0], "u")])

    assert statuses(result) == {CODES[0]: "verified"}
    if bypassed:
        assert proxy.log == [] and [h.path for h in target.pages()] == ["/xin-loi"]
    else:
        assert target.log == [] and proxied in [h.path for h in proxy.log]
