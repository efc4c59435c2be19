"""Every code shape real systems issue, found alike by a run and by ``compliance sites test``.

Unit-code codes (``998.99.99.H05-260105-0003``, short ``H16.22-…``) and slash codes
(``03706/2026/07906``) by their shape; all-digit codes (``00352112000539``) only where they are
a known case's code, so that phone and ID numbers are never taken for codes.
"""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from webdocs import make_docx, make_pdf
from webkit import make_config, run_check, statuses, unit

from compliance.cli import main
from compliance.web.extract import CaseCodes, find_case_codes, parse_document

DIGITS = "00352112000539"
SLASH = "03706/2026/07906"
SHAPES = [
    "998.99.99.H05-260105-0003",
    "000.00.14.H50-200407-0011",
    "H16.22-200515-0001",
    SLASH,
    DIGITS,
]
PATTERNED = [c for c in SHAPES if c != DIGITS]  # the shapes found without knowing the cases
#: numbers on a page that are not case codes: a mobile, a 12-digit citizen ID, the code's digits
#: inside a longer number, a date, a legal document number
NOT_CODES = "ĐT 0912345678, CCCD 001234567890, TK 1003521120005390, ngày 15/04/2020, Nghị định 61/2018/NĐ-CP"
PLAIN_NOT_CODES = (
    "DT 0912345678, CCCD 001234567890, TK 1003521120005390, ngay 15/04/2020"  # Latin-1, for PDFs
)


def as_typed(code: str) -> str:
    """A code the way a portal shows it: lower case, an en-dash or spaced slashes, a nbsp."""
    if code == DIGITS:
        return code
    return code.lower().replace("-", "\u00a0–\u00a0", 1).replace("/", " / ")


def html(body: str) -> bytes:
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


def table(codes: list[str]) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{code}</td><td>Cấp giấy phép</td><td>12/05/2020</td></tr>"
        for i, code in enumerate(codes, 1)
    )
    return f"<table><tr><th>STT</th><th>Mã hồ sơ</th><th>Thủ tục</th><th>Hẹn lại</th></tr>{rows}</table>"


def pdf_lines(code: str, cut: int | None = None) -> list[str]:
    """The code split over two lines, as a PDF's text layer often gives it: inside a number,
    or at ``cut``."""
    cut = len(code) - 7 if cut is None else cut
    return ["PHIEU XIN LOI", f"Ma ho so: {code[:cut]}", f"{code[cut:]} ngay 12/05/2020"]


def after_last_separator(code: str) -> int:
    return max(code.rfind("-"), code.rfind("/")) + 1


DOCUMENTS = {
    "html": lambda code: (html(f"<p>{NOT_CODES}</p>{table([as_typed(code)])}"), "text/html"),
    "html-split-by-tags": lambda code: (
        html(f"<p>Mã hồ sơ: <span>{code[:6]}</span><b>{code[6:]}</b></p>"),
        "text/html",
    ),
    "json": lambda code: (
        json.dumps({"data": [{"maHoSo": as_typed(code), "dienThoai": "0912345678"}]}).encode(),
        "application/json",
    ),
    "pdf": lambda code: (
        make_pdf(["PHIEU XIN LOI", f"Ma ho so: {code}", PLAIN_NOT_CODES]),
        "application/pdf",
    ),
    "pdf-split-inside-a-number": lambda code: (make_pdf(pdf_lines(code)), "application/pdf"),
    "pdf-split-after-a-dash-or-slash": lambda code: (
        make_pdf(pdf_lines(code, after_last_separator(code))),
        "application/pdf",
    ),
    "docx": lambda code: (
        make_docx(["PHIẾU XIN LỖI", NOT_CODES], table=[["Mã hồ sơ"], [as_typed(code)]]),
        "application/octet-stream",
    ),
}


@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("code", SHAPES)
def test_every_shape_is_found_in_every_kind_of_document(code, kind):
    body, content_type = DOCUMENTS[kind](code)
    doc = parse_document(body, content_type, "http://x.vn/a")

    # knowing the cases (a run knows its overdue ones, sites test every case read)
    assert find_case_codes(doc, CaseCodes([code, "000.00.01.H16-200420-0001"])) == {code}
    # by shape alone: a whole code that is not split inside a number
    by_shape = find_case_codes(doc)
    if code == DIGITS or kind == "pdf-split-inside-a-number":
        assert by_shape == set()
    else:
        assert by_shape == {code}


@pytest.mark.parametrize(
    "text",
    [
        "Điện thoại: 0912345678",
        "CCCD số 001234567890 cấp ngày 01/01/2021",
        f"Số tài khoản 1{DIGITS}",  # the code's digits inside a longer number
        f"Số tài khoản {DIGITS}1",
        f"Mã {DIGITS[:-1]}",  # one digit short
        f"X{DIGITS}",  # glued to a word
    ],
)
def test_numbers_that_are_not_the_code_are_not_taken_for_it(text):
    doc = parse_document(html(f"<p>{text}</p>"), "text/html", "http://x.vn/a")
    assert find_case_codes(doc, CaseCodes([DIGITS])) == set()


def test_known_codes_scale_to_a_whole_export():
    """sites test knows every case read: a set lookup, not one regex alternative per code."""
    known = CaseCodes(f"{n:014d}" for n in range(200_000))
    doc = parse_document(
        html(f"<p>{NOT_CODES}; mã hồ sơ 00000000012345.</p>"), "text/html", "http://x.vn/a"
    )
    assert find_case_codes(doc, known) == {"00000000012345"}


@pytest.mark.parametrize("code", SHAPES)
def test_a_run_verifies_every_shape_on_a_page_a_json_endpoint_and_a_pdf(site, tmp_path, code):
    site.add("/xin-loi", html(f"<p>{NOT_CODES}</p>{table([as_typed(code)])}"))
    site.add("/api/xin-loi", DOCUMENTS["json"](code)[0], content_type="application/json")
    site.add(
        "/thong-bao",
        html('<a href="/files/van-ban-xin-loi.pdf">Văn bản xin lỗi</a>'),
    )
    site.add(
        "/files/van-ban-xin-loi.pdf", make_pdf(pdf_lines(code)), content_type="application/pdf"
    )
    absent = "000.00.14.H50-200407-0099"
    for n, path in enumerate(("/xin-loi", "/api/xin-loi", "/thong-bao")):
        config = make_config(tmp_path / str(n), [unit("u", site.url(path))])

        result = run_check(config, [(code, "u"), (absent, "u")])

        assert statuses(result) == {code: "verified", absent: "not_found"}, path
        assert result.units.loc[0, "codes_found"] == 1, path


@pytest.fixture
def sites_config(tmp_path, site):
    site.add("/xin-loi", html(f"<p>{NOT_CODES}</p>{table([as_typed(c) for c in SHAPES])}"))
    site.add(
        "/files/van-ban-xin-loi.pdf", make_pdf(pdf_lines(DIGITS)), content_type="application/pdf"
    )
    site.add("/tep", html('<a href="/files/van-ban-xin-loi.pdf">Tải về</a>'))
    header = "Mã hồ sơ,Đơn vị giải quyết,Chủ hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    rows = "".join(f"{c},Sở A,Nguyễn Văn An,05/01/2026,09/01/2026,\n" for c in SHAPES)
    (tmp_path / "cases.csv").write_text(header + rows, encoding="utf-8")
    data = {
        "inputs": {"cases": ["cases.csv"]},
        "web": {"cache_dir": "cache", "min_interval_s": 0.05, "timeout_s": 2},
        "units": [
            {
                "id": "so-a",
                "name": "Sở A",
                "website": {"urls": [site.url("/xin-loi"), site.url("/tep")]},
            }
        ],
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def sites_test(config_path):
    outcome = CliRunner().invoke(main, ["--config", str(config_path), "sites", "test"])
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


def test_sites_test_lists_every_shape_and_no_phone_or_id_number(sites_config):
    out = sites_test(sites_config)

    assert f"Mã hồ sơ tìm thấy ({len(SHAPES)}): {', '.join(sorted(SHAPES))}" in out
    assert "0912345678" not in out and "001234567890" not in out
    assert "van-ban-xin-loi.pdf  [1 mã]" in out  # the all-digit code split over two PDF lines
    assert "Lưu ý" not in out


def test_sites_test_without_readable_cases_says_so_and_finds_shapes_only(sites_config, tmp_path):
    (tmp_path / "cases.csv").unlink()

    out = sites_test(sites_config)

    notices = [line for line in out.splitlines() if line.startswith("Lưu ý:")]
    assert len(notices) == 1 and "inputs.cases" in notices[0] and "cases.csv" in notices[0]
    assert f"Mã hồ sơ tìm thấy ({len(PATTERNED)}): {', '.join(sorted(PATTERNED))}" in out
