"""One test per site kind (compliance/web/sites): its saved page under tests/data/sites/<kind>/,
served by a local server, crawled as ``compliance sites test`` does; the codes found and the
pages read (role, path) are checked."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from webdocs import make_docx, make_pdf
from webkit import make_config, unit

from compliance.config import Website
from compliance.web import run_site_test, sites
from compliance.web.extract import CaseCodes

DATA = Path(__file__).parent.parent / "data" / "sites"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def saved(kind: str, name: str) -> bytes:
    return (DATA / kind / name).read_bytes()


def crawl(site, tmp_path, *urls: str, **website):
    """Crawl one unit whose website is ``urls`` (paths on ``site``); codes by shape only."""
    config = make_config(tmp_path, [unit("u", *(site.url(u) for u in urls), **website)])
    [report] = run_site_test(config, known=CaseCodes())
    assert report.errors == []
    return report


def pages(report, site) -> list[tuple[str, str]]:
    """(role, path) of every page read, in order, with 'end' for a list past its last page."""
    prefix = site.url("")
    return [
        ("end" if v.end_of_list else v.role, v.shown.removeprefix(prefix)) for v in report.visits
    ]


def ascii_text(text: str) -> str:
    """The text without Vietnamese accents (the test PDFs are Latin-1)."""
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return folded.encode("ascii", "ignore").decode()


def test_list_page_table_of_codes(site, tmp_path):
    site.add("/vi/phieu-xin-loi/", saved("list", "nukeviet-phieu-xin-loi.html"))

    report = crawl(site, tmp_path, "/vi/phieu-xin-loi/")

    # split by <span>, lower case, en-dash and non-breaking hyphen; not the code in a <script>
    assert report.codes == [
        "000.00.20.H16-200420-0003",
        "000.00.20.H16-200421-0011",
        "000.00.20.H16-200423-0027",
    ]
    assert pages(report, site) == [("list", "/vi/phieu-xin-loi/")]  # no apology links to follow


@pytest.mark.parametrize(
    ("entry", "website", "expected"),
    [
        ("/tthc/ds-phieu.aspx?page={page}", {}, ["?page=1", "?page=2", "end ?page=3"]),
        ("/tthc/ds-phieu.aspx?page=1", {"next": "a[title='Trang sau']"}, ["?page=1", "?page=2"]),
        ("/tthc/ds-phieu.aspx?page=1", {}, ["?page=1", "?page=2"]),  # "Trang sau" found alone
    ],
)
def test_paginated_list(site, tmp_path, entry, website, expected):
    site.add("/tthc/ds-phieu.aspx?page=1", saved("paginated", "ds-phieu-trang-1.html"))
    site.add("/tthc/ds-phieu.aspx?page=2", saved("paginated", "ds-phieu-trang-2.html"))

    report = crawl(site, tmp_path, entry, **website)

    assert report.codes == [
        "000.00.14.H16-200402-0005",
        "000.00.14.H16-200403-0019",
        "000.00.14.H16-200415-0042",
    ]
    read = [f"{role} {path}" if role == "end" else path for role, path in pages(report, site)]
    assert read == [item.replace("?", "/tthc/ds-phieu.aspx?") for item in expected]


@pytest.mark.parametrize("follow", [None, "article.category-phieu-xin-loi .entry-title"])
def test_detail_page_and_its_attachments(site, tmp_path, follow):
    post = "/2020/05/14/phieu-xin-loi-ong-nguyen-van-an/"
    uploads = "/wp-content/uploads/2020/05"
    site.add("/chuyen-muc/cong-khai/", saved("detail", "danh-sach.html"))
    site.add(post, saved("detail", "chi-tiet.html"))
    site.add(f"{uploads}/pxl-0003.pdf", make_pdf(["Ma ho so 000.00.20.H16-200424-0031"]),
             content_type=PDF)  # fmt: skip
    site.add(f"{uploads}/pxl-0003.docx", make_docx(["Mã hồ sơ: 000.00.20.H16-200425-0036"]),
             content_type=DOCX)  # fmt: skip

    report = crawl(site, tmp_path, "/chuyen-muc/cong-khai/", follow=follow)

    assert report.codes == [
        "000.00.20.H16-200420-0003",  # on the detail page
        "000.00.20.H16-200424-0031",  # in the PDF
        "000.00.20.H16-200425-0036",  # in the DOCX
    ]
    assert pages(report, site) == [
        ("list", "/chuyen-muc/cong-khai/"),
        ("detail", post),  # not the "lịch tiếp công dân" post, not the photo
        ("attachment", f"{uploads}/pxl-0003.pdf"),
        ("attachment", f"{uploads}/pxl-0003.docx"),
    ]


def test_json_endpoint_every_string_value(site, tmp_path):
    site.add("/api/phieu-xin-loi?page=1", saved("json", "api-phieu-xin-loi.json"),
             content_type="application/json; charset=utf-8")  # fmt: skip

    report = crawl(site, tmp_path, "/api/phieu-xin-loi?page=1")

    assert report.codes == ["000.00.21.H16-200416-0012", "000.00.21.H16-200417-0008"]
    # the dichvucong.gov.vn link is on another host: never requested
    assert pages(report, site) == [("list", "/api/phieu-xin-loi?page=1")]


def test_pdf_and_docx_documents(site, tmp_path):
    lines = saved("documents", "phieu-xin-loi.txt").decode("utf-8").splitlines()
    site.add("/files/pxl-0012.pdf", make_pdf([ascii_text(line) for line in lines]),
             content_type=PDF)  # fmt: skip
    site.add("/files/pxl-0012.docx", make_docx(lines[:3], table=[[line] for line in lines[3:]]),
             content_type=DOCX)  # fmt: skip

    report = crawl(site, tmp_path, "/files/pxl-0012.pdf", "/files/pxl-0012.docx")

    assert report.codes == ["000.00.21.H16-200416-0012"]
    assert [v.codes for v in report.visits] == [{"000.00.21.H16-200416-0012"}] * 2
    assert pages(report, site) == [
        ("list", "/files/pxl-0012.pdf"),
        ("list", "/files/pxl-0012.docx"),
    ]


def test_every_kind_is_registered_once_with_known_keys_and_a_saved_page():
    names = [kind.name for kind in sites.KINDS]
    assert names == ["list", "paginated", "detail", "json", "documents"]
    for kind in sites.KINDS:
        assert set(kind.keys) <= set(Website.model_fields), kind.name
        assert any((DATA / kind.name).iterdir()), kind.name
        assert sites.kind(kind.name) is kind
