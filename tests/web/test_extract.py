"""Reading pages: case codes through markup, charsets, JSON, PDF, DOCX, which links to follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from webdocs import make_docx, make_pdf

from compliance.web.document import Link, decode_text
from compliance.web.extract import CaseCodes, find_case_codes, parse_document, sniff_kind
from compliance.web.sites.detail import looks_like_apology
from compliance.web.sites.paginated import next_page

DATA = Path(__file__).parent.parent / "data" / "web"
CODE = "000.00.21.H16-200416-0012"


def keys_in(
    body: str | bytes, keys=(CODE,), content_type="text/html; charset=utf-8", url="http://x.vn/a"
):
    body = body.encode("utf-8") if isinstance(body, str) else body
    return find_case_codes(parse_document(body, content_type, url), CaseCodes(keys)) & set(keys)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Mã hồ sơ: 000.00.21.H16-200416-0012</p>",
        "<p>000.00.21.<span>H16</span>-200416-0012</p>",
        "<p>000.00.21.H16-<br>200416-0012</p>",
        "<p>000.00.21.h16&nbsp;&ndash;&nbsp;200416 - 0012</p>",
        "<p>000.00.21.<b>h16</b>&nbsp;–<br>\n200416&nbsp;-&nbsp;<span>0012</span>;</p>",
        "<table><tr><td>1</td><td>000.00.21.H16-200416-0012</td><td>12/05/2020</td></tr></table>",
        "<table><tr><td>1</td><td>000.00.21.H16-200416-0012</td><td>05</td></tr></table>",
        "<p>mã HS 000.00.21.H16\u2011200416\u20140012.</p>",
        "<p>000.00.21.H1<i>6</i>-2004<u>16</u>-0012</p>",
    ],
)
def test_code_is_found_through_markup(markup):
    assert keys_in(f"<html><body>{markup}</body></html>") == {CODE}


@pytest.mark.parametrize(
    "markup",
    [
        "<p>000.00.21.H16-200416-00123</p>",  # another, longer sequence number
        "<p>1000.00.21.H16-200416-0012</p>",  # another unit code
        "<p>000.00.21.H16-200416-0013</p>",
        "<script>var ma = '000.00.21.H16-200416-0012';</script><p>trống</p>",  # not shown text
    ],
)
def test_similar_codes_are_not_taken_for_the_wanted_one(markup):
    assert keys_in(f"<html><body>{markup}</body></html>") == set()


def test_every_case_code_is_counted():
    doc = parse_document(
        "<table><tr><td>000.00.20.H16-200420-0003</td></tr><tr><td>h16.22 – 200515-0001</td></tr></table>".encode(),
        "text/html",
        "http://x.vn/",
    )
    assert find_case_codes(doc) == {"000.00.20.H16-200420-0003", "H16.22-200515-0001"}


@pytest.mark.parametrize(
    ("content_type", "strip_meta"),
    [("text/html", False), ("text/html; charset=windows-1258", True), ("", True)],
    ids=["meta-tag", "http-header", "detected"],
)
def test_windows_1258_page_is_decoded_to_nfc(content_type, strip_meta):
    body = (DATA / "xin-loi-cp1258.html").read_bytes()
    if strip_meta:
        body = body.replace(b"; charset=windows-1258", b"")
    text = decode_text(body, content_type)
    assert "Phiếu xin lỗi ông Nguyễn Văn Hùng" in text
    assert "tỉnh Đắk Lắk" in text


def test_wrong_charset_header_falls_back_to_the_content():
    body = "<p>Phiếu xin lỗi</p>".encode()
    assert "Phiếu xin lỗi" in decode_text(body, "text/html; charset=utf-8")
    assert "Phiếu xin lỗi" in decode_text(body, "text/html; charset=no-such-charset")


def test_json_string_values_are_searched_and_document_links_kept():
    payload = {
        "total": 2,
        "data": [
            {"maHoSo": "000.00.21.h16-200416-0012", "nguoiNop": "Trần Văn Bình", "soNgayTre": 3},
            {"ma": "000.00.21.H16-200301-0001", "tep": "/files/phieu-xin-loi-15.pdf"},
        ],
    }
    doc = parse_document(
        json.dumps(payload, ensure_ascii=False).encode(), "application/json", "http://x.vn/api"
    )
    assert CODE in find_case_codes(doc, CaseCodes({CODE}))
    assert [link.url for link in doc.links] == ["http://x.vn/files/phieu-xin-loi-15.pdf"]


def test_pdf_text_is_searched():
    doc = parse_document(
        make_pdf(["PHIEU XIN LOI", f"Ma ho so: {CODE}"]), "application/pdf", "http://x.vn/a.pdf"
    )
    assert doc.kind == "pdf" and doc.complete
    assert CODE in find_case_codes(doc, CaseCodes({CODE}))


def test_pdf_without_text_is_incomplete():
    doc = parse_document(make_pdf([]), "application/pdf", "http://x.vn/scan.pdf")
    assert doc.kind == "pdf" and not doc.complete


def test_damaged_pdf_is_a_problem_not_a_crash():
    doc = parse_document(b"%PDF-1.4\ngarbage", "application/pdf", "http://x.vn/a.pdf")
    assert doc.problem


def test_docx_paragraphs_and_tables_are_searched():
    body = make_docx(
        ["PHIẾU XIN LỖI"], table=[["STT", "Mã hồ sơ"], ["1", "000.00.21.h16 – 200416-0012"]]
    )
    doc = parse_document(body, "application/octet-stream", "http://x.vn/a.docx")
    assert doc.kind == "docx"
    assert CODE in find_case_codes(doc, CaseCodes({CODE}))


@pytest.mark.parametrize(
    ("body", "content_type", "url", "kind"),
    [
        (b"%PDF-1.4 ...", "application/octet-stream", "http://x/a", "pdf"),
        (b"<html></html>", "", "http://x/a", "html"),
        (b'{"a": 1}', "text/plain", "http://x/api", "text"),
        (b'{"a": 1}', "", "http://x/api", "json"),
        (b'[{"a": 1}]', "application/json; charset=utf-8", "http://x/api", "json"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "http://x/a.png", "other"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "", "http://x/a.doc", "doc"),
    ],
)
def test_kind_is_sniffed_from_content_first(body, content_type, url, kind):
    assert sniff_kind(body, content_type, url) == kind


@pytest.mark.parametrize(
    ("url", "text", "follow"),
    [
        ("http://x.vn/tin-tuc/thu-xin-loi-ong-a.html", "", True),
        ("http://x.vn/tin-tuc/xinloi-15.html", "", True),
        ("http://x.vn/tin-tuc/bai-15.html", "Phiếu XIN LỖI công dân", True),
        ("http://x.vn/tin-tuc/bai-15.html", "Phieu xin loi", True),
        ("http://x.vn/tin-tuc/xin%20l%E1%BB%97i.html", "", True),
        ("http://x.vn/files/quyet-dinh.PDF", "Tải về", True),
        ("http://x.vn/files/pxl.docx", "", True),
        ("http://x.vn/tin-tuc/lich-tiep-cong-dan.html", "Lịch tiếp công dân", False),
        ("http://x.vn/anh/xin.jpg", "Lời chào", False),
    ],
)
def test_which_links_look_like_apologies(url, text, follow):
    assert looks_like_apology(Link(url, text)) is follow


@pytest.mark.parametrize(
    ("markup", "selector", "expected"),
    [
        (
            '<ul class="pagination"><li><a href="?p=2" title="Trang sau">»</a></li></ul>',
            None,
            "http://x.vn/l?p=2",
        ),
        ('<a href="/l/2">Trang sau</a>', None, "http://x.vn/l/2"),
        ('<a rel="next" href="/l/2">›</a>', None, "http://x.vn/l/2"),
        ('<a href="/l/9">Trang cuối</a>', None, None),
        (
            '<div class="pager"><a class="next" href="/l/3">›</a></div>',
            "div.pager a.next",
            "http://x.vn/l/3",
        ),
    ],
)
def test_next_page_link(markup, selector, expected):
    doc = parse_document(
        f"<html><body>{markup}</body></html>".encode(), "text/html", "http://x.vn/l"
    )
    assert next_page(doc, selector) == expected
