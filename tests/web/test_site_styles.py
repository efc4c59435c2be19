"""One test per way portals publish apologies, each against a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from webdocs import make_docx, make_pdf
from webkit import make_config, run_check, statuses, unit

CODE = "000.00.20.H16-200420-0003"
ABSENT = "000.00.20.H16-200422-0007"
OLD = ["000.00.20.H16-200310-0001", "000.00.20.H16-200311-0002"]
DATA = Path(__file__).parent.parent / "data" / "web"


def table_page(codes: list[str], extra: str = "") -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{code}</td><td>Cấp giấy phép</td><td>12/05/2020</td></tr>"
        for i, code in enumerate(codes, 1)
    )
    return (
        '<html><head><meta charset="utf-8"><title>Danh sách xin lỗi</title></head><body>'
        f"<table><tr><th>STT</th><th>Mã hồ sơ</th><th>Thủ tục</th><th>Hẹn lại</th></tr>{rows}</table>"
        f"{extra}</body></html>"
    )


def news_page(items: list[tuple[str, str]], next_href: str | None = None) -> str:
    entries = "".join(
        f'<div class="panel-body"><h3><a href="{href}">{title}</a></h3></div>'
        for href, title in items
    )
    pager = (
        f'<ul class="pagination"><li><a href="{next_href}" title="Trang sau">»</a></li></ul>'
        if next_href
        else ""
    )
    return f'<html><head><meta charset="utf-8"></head><body>{entries}{pager}</body></html>'


@pytest.mark.parametrize("last_page", ["empty", "repeat", "404"])
def test_table_with_page_query_pagination(site, tmp_path, last_page):
    site.add("/xin-loi?page=1", table_page(OLD))
    site.add("/xin-loi?page=2", table_page([CODE]))
    if last_page == "empty":
        site.add("/xin-loi?page=3", table_page([]))
    elif last_page == "repeat":
        site.add("/xin-loi?page=3", table_page([CODE]))
    config = make_config(tmp_path, [unit("nhnn", site.url("/xin-loi?page={page}"))])

    result = run_check(config, [(CODE, "nhnn"), (ABSENT, "nhnn")])

    assert statuses(result) == {CODE: "verified", ABSENT: "not_found"}
    assert result.cases["web_evidence_url"].tolist() == [site.url("/xin-loi?page=2"), ""]
    assert [h.path for h in site.pages()] == [
        "/xin-loi?page=1",
        "/xin-loi?page=2",
        "/xin-loi?page=3",
    ]
    assert result.units.loc[0, "codes_found"] == 3


def test_news_list_with_next_link_and_detail_pages(site, tmp_path):
    site.add("/thong-bao", news_page(
        [("/tin-tuc/phieu-xin-loi-ong-binh-112.html", "Phiếu xin lỗi ông Trần Văn Bình"),
         ("/tin-tuc/lich-tiep-cong-dan-111.html", "Lịch tiếp công dân tháng 5")],
        next_href="/thong-bao/page-2"))  # fmt: skip
    site.add(
        "/thong-bao/page-2",
        news_page([("/tin-tuc/bai-105.html", "Văn bản xin lỗi do chậm trả kết quả")]),
    )
    site.add("/tin-tuc/phieu-xin-loi-ong-binh-112.html", f"<p>Mã hồ sơ: {OLD[0]}</p>")
    site.add("/tin-tuc/bai-105.html", f"<p>Kính gửi bà Hoa. Mã hồ sơ: {CODE}.</p>")
    config = make_config(
        tmp_path, [unit("so", site.url("/thong-bao"), next="ul.pagination a[title='Trang sau']")]
    )

    result = run_check(config, [(CODE, "so"), (ABSENT, "so")])

    assert statuses(result) == {CODE: "verified", ABSENT: "not_found"}
    assert result.cases.loc[0, "web_evidence_url"] == site.url("/tin-tuc/bai-105.html")
    assert not site.hits("/tin-tuc/lich-tiep-cong-dan-111.html")  # not an apology: not read
    assert result.units.loc[0, "pages_read"] == 4


def test_follow_selector_chooses_the_detail_links(site, tmp_path):
    site.add(
        "/ds",
        '<table class="ds"><tr><td><a href="/ct/1">Chi tiết</a></td></tr></table><a href="/ct/2">Khác</a>',
    )
    site.add("/ct/1", f"<p>{CODE}</p>")
    config = make_config(tmp_path, [unit("u", site.url("/ds"), follow="table.ds")])

    result = run_check(config, [(CODE, "u")])

    assert statuses(result) == {CODE: "verified"}
    assert not site.hits("/ct/2")


@pytest.mark.parametrize(
    ("name", "content_type", "make"),
    [
        ("pxl-15.pdf", "application/pdf", lambda text: make_pdf(["PHIEU XIN LOI", text])),
        ("pxl-15.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         lambda text: make_docx(["PHIẾU XIN LỖI"], table=[["Mã hồ sơ"], [text]])),
    ],
)  # fmt: skip
def test_attachment_holds_the_only_copy_of_the_code(site, tmp_path, name, content_type, make):
    site.add(
        "/thong-bao", news_page([("/tin-tuc/van-ban-xin-loi-105.html", "Văn bản xin lỗi tháng 4")])
    )
    site.add(
        "/tin-tuc/van-ban-xin-loi-105.html",
        f'<p>Xem tệp đính kèm: <a href="/files/{name}">Tải về</a></p>',
    )
    site.add(f"/files/{name}", make(f"Ma ho so: {CODE}"), content_type=content_type)
    config = make_config(tmp_path, [unit("so", site.url("/thong-bao"))])

    result = run_check(config, [(CODE, "so"), (ABSENT, "so")])

    assert statuses(result) == {CODE: "verified", ABSENT: "not_found"}
    assert result.cases.loc[0, "web_evidence_url"] == site.url(f"/files/{name}")
    evidence = result.evidence.set_index("url")
    assert evidence.loc[site.url(f"/files/{name}"), "path"].endswith(Path(name).suffix)


def test_json_endpoint(site, tmp_path):
    def payload(rows):
        return json.dumps({"total": 3, "data": rows}, ensure_ascii=False)

    site.add("/api/xinloi?trang=1", payload([{"maHoSo": OLD[0], "tenTTHC": "Cấp phép"}, {"maHoSo": OLD[1]}]),
             content_type="application/json")  # fmt: skip
    site.add("/api/xinloi?trang=2", payload([{"maHoSo": CODE.lower(), "nguoiNop": "Nguyễn Văn An"}]),
             content_type="application/json")  # fmt: skip
    site.add("/api/xinloi?trang=3", payload([]), content_type="application/json")
    config = make_config(tmp_path, [unit("u", site.url("/api/xinloi?trang={page}"))])

    result = run_check(config, [(CODE, "u"), (ABSENT, "u")])

    assert statuses(result) == {CODE: "verified", ABSENT: "not_found"}
    assert len(site.pages()) == 3


def test_code_split_by_tags(site, tmp_path):
    split = "000.00.20.<span>h16</span>&nbsp;&ndash;<br>200420&nbsp;-&nbsp;<b>0003</b>"
    site.add("/xin-loi", f"<html><body><p>Mã hồ sơ: {split}</p></body></html>")
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi"))])

    assert statuses(run_check(config, [(CODE, "u")])) == {CODE: "verified"}


def test_windows_1258_page(site, tmp_path):
    # The only hint that the detail page is an apology is the link text, in Windows-1258.
    site.add(
        "/cong-khai.asp", (DATA / "xin-loi-cp1258.html").read_bytes(), content_type="text/html"
    )
    site.add("/chi-tiet.asp?id=15", f"<p>{CODE}</p>")
    config = make_config(tmp_path, [unit("u", site.url("/cong-khai.asp"))])

    result = run_check(config, [(CODE, "u")])

    assert statuses(result) == {CODE: "verified"}
    assert not site.hits("/chi-tiet.asp?id=16")


def test_letter_url_on_another_host_counts_for_its_case(sites, tmp_path):
    portal, news = sites(), sites()
    portal.add("/xin-loi", table_page(OLD))
    news.add("/bai-viet/15", f"<p>Phiếu xin lỗi, mã hồ sơ {CODE}</p>")
    config = make_config(tmp_path, [unit("u", portal.url("/xin-loi"))])

    result = run_check(
        config, [(CODE, "u"), (ABSENT, "u")], letters=[(CODE, news.url("/bai-viet/15"))]
    )

    assert statuses(result) == {CODE: "verified", ABSENT: "not_found"}
    assert result.cases.loc[0, "web_evidence_url"] == news.url("/bai-viet/15")


def test_failed_letter_url_makes_only_its_case_unverifiable(site, tmp_path):
    site.add("/xin-loi", table_page(OLD))
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi"))])

    result = run_check(
        config, [(CODE, "u"), (ABSENT, "u")], letters=[(CODE, site.url("/bai-da-xoa"))]
    )

    assert statuses(result) == {CODE: "unverifiable", ABSENT: "not_found"}
    assert "HTTP 404" in result.cases.loc[0, "note"]


def test_units_without_website(site, tmp_path):
    site.add("/bai/1", f"<p>{CODE}</p>")
    config = make_config(tmp_path, [unit("a"), unit("b")])

    result = run_check(config, [(CODE, "a"), (ABSENT, "b"), (OLD[0], "unknown-unit")],
                       letters=[(CODE, site.url("/bai/1"))])  # fmt: skip

    assert statuses(result) == {CODE: "verified", ABSENT: "no_website", OLD[0]: "no_website"}


def test_evidence_is_saved_once_by_hash_and_indexed(site, tmp_path):
    site.add("/xin-loi?page=1", table_page([CODE]))
    site.add("/xin-loi?page=2", table_page([CODE]))  # same content as page 1
    config = make_config(tmp_path, [unit("u", site.url("/xin-loi?page={page}"))])

    result = run_check(config, [(CODE, "u")])

    evidence = result.evidence
    assert list(evidence.columns) == [
        "url",
        "final_url",
        "fetched_at",
        "status",
        "sha256",
        "content_type",
        "path",
        "warc_file",
        "warc_offset",
    ]
    pages = evidence[evidence["url"].str.contains("xin-loi")]
    assert pages["status"].tolist() == ["200", "200"]
    assert pages["sha256"].nunique() == 1
    path = pages["path"].iloc[0]
    assert path == f"evidence/{pages['sha256'].iloc[0][:2]}/{pages['sha256'].iloc[0]}.html"
    assert (tmp_path / "out" / path).read_bytes() == table_page([CODE]).encode()
    assert pd.Timestamp(pages["fetched_at"].iloc[0]).utcoffset() is not None
    index = pd.read_csv(
        tmp_path / "out" / "evidence" / "index.csv", encoding="utf-8-sig", dtype=str
    )
    assert len(index) == len(evidence)


def test_max_pages_is_shared_by_all_urls_of_a_unit(site, tmp_path):
    for prefix, pages in (("a", 2), ("b", 3)):
        for n in range(1, pages + 1):
            site.add(
                f"/{prefix}?page={n}",
                f"<p>{prefix}-{n}</p><a href='/{prefix}/xin-loi-{n}'>Thư xin lỗi {n}</a>",
            )
    website = {"urls": [site.url("/a?page={page}"), site.url("/b?page={page}")], "max_pages": 4}
    config = make_config(tmp_path, [{"id": "u", "name": "U", "website": website}])

    run_check(config, [(CODE, "u")])

    lists = [h.path for h in site.log if "?page=" in h.path]
    # a: two pages and the 404 that ends its list; b: only what is left of the unit's four
    assert lists == ["/a?page=1", "/a?page=2", "/a?page=3", "/b?page=1"]
