"""Every way a site can fail ends as unverifiable with a plain reason, never as not_found."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from webkit import Reply, Site, make_config, notes, run_check, statuses, unit

CODE = "000.00.20.H16-200420-0003"
ABSENT = "000.00.20.H16-200422-0007"
PAGE = f"<html><body><table><tr><td>{CODE}</td></tr></table></body></html>"


def check_one(config, unit_id="u"):
    """Statuses and notes for one present and one absent code."""
    result = run_check(config, [(CODE, unit_id), (ABSENT, unit_id)])
    return statuses(result), notes(result)


def test_server_busy_twice_then_answers(site, tmp_path):
    site.add_sequence("/xin-loi", [Reply("bận", status=503), Reply("bận", status=503), Reply(PAGE)])
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi"))], min_interval_s=0.1)

    found, _ = check_one(config)

    assert found == {CODE: "verified", ABSENT: "not_found"}
    hits = site.hits("/xin-loi")
    assert [h.status for h in hits] == [503, 503, 200]
    # Backoff: never sooner than the interval, and growing.
    gaps = [b.start - a.end for a, b in zip(hits, hits[1:], strict=False)]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2


def test_retry_after_is_honoured(site, tmp_path):
    site.add_sequence(
        "/xin-loi", [Reply("chậm lại", status=429, headers={"Retry-After": "1"}), Reply(PAGE)]
    )
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi"))])

    found, _ = check_one(config)

    assert found[CODE] == "verified"
    first, second = site.hits("/xin-loi")
    assert second.start - first.end >= 0.95


@pytest.mark.parametrize(
    ("reply", "settings", "expected_note"),
    [
        (Reply("lỗi", status=503), {}, "máy chủ trả lỗi HTTP 503 sau 3 lần thử"),
        (Reply("lỗi", status=500), {"retries": 0}, "máy chủ trả lỗi HTTP 500 ("),
        (
            Reply(PAGE, delay=0.6),
            {"timeout_s": 0.2, "retries": 1},
            "máy chủ không trả lời trong 0.2 giây sau 2 lần thử",
        ),
        (Reply("không có", status=404), {}, "trang không tồn tại (HTTP 404)"),
        (Reply("cấm", status=403), {}, "máy chủ từ chối truy cập (HTTP 403)"),
        (Reply(PAGE + "x" * 5000), {"max_bytes": 2048}, "lớn hơn giới hạn web.max_bytes"),
        (
            Reply(PAGE + "x" * 5000, declare_length=False),
            {"max_bytes": 2048},
            "lớn hơn giới hạn web.max_bytes",
        ),
    ],
    ids=[
        "always-503",
        "500-no-retries",
        "timeout",
        "404-listing",
        "403",
        "too-big",
        "too-big-undeclared",
    ],
)
def test_listing_failure_is_unverifiable_with_its_reason(
    site, tmp_path, reply, settings, expected_note
):
    site.add("/xin-loi", reply)
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi"))], **settings)

    found, why = check_one(config)

    assert found == {CODE: "unverifiable", ABSENT: "unverifiable"}
    assert why[ABSENT].startswith("Không kiểm tra được: ")
    assert expected_note in why[ABSENT]
    assert site.url("/xin-loi") in why[ABSENT]


def test_one_failed_detail_page_makes_absent_codes_unverifiable(site, tmp_path):
    site.add(
        "/ds", '<a href="/xin-loi/1">Phiếu xin lỗi 1</a> <a href="/xin-loi/2">Phiếu xin lỗi 2</a>'
    )
    site.add("/xin-loi/1", PAGE)
    site.add("/xin-loi/2", Reply("lỗi", status=502))
    config = make_config(tmp_path, [unit("u", site.url("/ds"))], retries=1)

    found, why = check_one(config)

    assert found == {CODE: "verified", ABSENT: "unverifiable"}
    assert "HTTP 502 sau 2 lần thử" in why[ABSENT]


def test_unreachable_server(tmp_path):
    closed = Site()
    url = closed.url("/xin-loi")
    closed.close()
    config = make_config(tmp_path, [unit("u", url)], retries=1, respect_robots=False)

    found, why = check_one(config)

    assert found[ABSENT] == "unverifiable"
    assert "không kết nối được tới máy chủ sau 2 lần thử" in why[ABSENT]


@pytest.mark.parametrize(
    ("robots", "expected"),
    [
        ("User-agent: *\nDisallow: /private/\n", {CODE: "verified", ABSENT: "unverifiable"}),
        (
            "User-agent: compliance\nDisallow: /private/\n",
            {CODE: "verified", ABSENT: "unverifiable"},
        ),
        ("User-agent: otherbot\nDisallow: /\n", {CODE: "verified", ABSENT: "not_found"}),
    ],
)
def test_robots_disallowed_pages_are_never_requested(site, tmp_path, robots, expected):
    site.add("/robots.txt", robots, content_type="text/plain")
    site.add(
        "/ds",
        '<a href="/public/xin-loi-1.html">Phiếu xin lỗi 1</a> <a href="/private/xin-loi-2.html">Xin lỗi 2</a>',
    )
    site.add("/public/xin-loi-1.html", PAGE)
    site.add("/private/xin-loi-2.html", "<p>bí mật</p>")
    config = make_config(tmp_path, [unit("u", site.url("/ds"))])

    found, why = check_one(config)

    assert found == expected
    disallowed = "otherbot" not in robots
    assert bool(site.hits("/private/xin-loi-2.html")) is not disallowed
    if disallowed:
        assert "robots.txt của trang không cho phép truy cập" in why[ABSENT]
    assert len(site.hits("/robots.txt")) == 1


def test_robots_ignored_when_configured(site, tmp_path):
    site.add("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    site.add("/xin-loi", PAGE)
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi"))], respect_robots=False)

    found, _ = check_one(config)

    assert found == {CODE: "verified", ABSENT: "not_found"}
    assert not site.hits("/robots.txt")


def test_broken_robots_txt_closes_the_site(site, tmp_path):
    site.add("/robots.txt", Reply("lỗi", status=500))
    site.add("/xin-loi", PAGE)
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi"))], retries=0)

    found, why = check_one(config)

    assert found == {CODE: "unverifiable", ABSENT: "unverifiable"}
    assert "robots.txt" in why[ABSENT]
    assert not site.hits("/xin-loi")


@pytest.mark.parametrize("target_host", ["same", "other"])
def test_redirects_are_followed_only_on_the_same_host(sites, tmp_path, target_host):
    portal, elsewhere = sites(), sites()
    target = portal if target_host == "same" else elsewhere
    portal.add("/xin-loi", Reply("", status=302, headers={"Location": target.url("/moi/xin-loi")}))
    target.add("/moi/xin-loi", PAGE)
    config = make_config(tmp_path, [unit("u", portal.url("/xin-loi"))])

    found, why = check_one(config)

    if target_host == "same":
        assert found == {CODE: "verified", ABSENT: "not_found"}
    else:
        assert found == {CODE: "unverifiable", ABSENT: "unverifiable"}
        assert "chuyển hướng sang máy chủ khác" in why[ABSENT]
        assert not elsewhere.log  # never contacted


def test_next_link_loop_ends(site, tmp_path):
    site.add("/a", f'<p>{CODE}</p><a href="/b">Trang sau</a>')
    site.add("/b", '<p>trang b</p><a href="/c">Trang sau</a>')
    site.add("/c", '<p>trang c</p><a href="/a">Trang sau</a>')  # back to the start
    config = make_config(tmp_path, [unit("u", site.url("/a"))])

    found, _ = check_one(config)

    assert found == {CODE: "verified", ABSENT: "not_found"}
    assert [h.path for h in site.pages()] == ["/a", "/b", "/c"]


def test_numbered_pages_that_never_end_are_capped(site, tmp_path):
    for page in range(1, 10):
        site.add(
            f"/ds?p={page}", f"<p>000.00.20.H16-2004{page:02d}-0001</p>"
        )  # always something new
    config = make_config(tmp_path, [unit("u", site.url("/ds?p={page}"), max_pages=4)])

    found, _ = check_one(config)

    assert found == {CODE: "not_found", ABSENT: "not_found"}
    assert [h.path for h in site.pages()] == [f"/ds?p={n}" for n in range(1, 5)]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_tls_error_says_to_add_a_ca_bundle(tmp_path, request):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    secure = Site(tls=(cert, key))
    request.addfinalizer(secure.close)
    secure.add("/xin-loi", PAGE)

    config = make_config(tmp_path, [unit("u", secure.url("/xin-loi"))], retries=0)
    found, why = check_one(config)
    assert found[ABSENT] == "unverifiable"
    assert "lỗi chứng chỉ TLS" in why[ABSENT] and "web.ca_bundle" in why[ABSENT]

    config = make_config(
        tmp_path, [unit("u", secure.url("/xin-loi"))], ca_bundle="cert.pem", cache_dir="c2"
    )
    found, _ = check_one(config)
    assert found == {CODE: "verified", ABSENT: "not_found"}
