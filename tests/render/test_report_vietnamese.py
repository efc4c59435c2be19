"""report.html reads as Vietnamese: no raw code or English token, numbers in Vietnamese style.

The visible text of the page (BeautifulSoup, without <script> and <style>) of the sample run and
of the bundled examples' runs is scanned for the contract's codes, Python/pandas values and
numbers written the English way ('100.0', '38.4%', '0.5', '1,234').
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from compliance import codes
from compliance.render.html import render_report_html
from compliance.render.labels import number, percent

#: Codes a reader must never see: every code of the catalogue, the levels, what Python or
#: pandas print for a missing or boolean value.
BLACKLIST = sorted(
    {code for family in codes.FAMILIES.values() for code in (c.code for c in family)}
    | {"province", "district", "commune", "ok", "partial", "failed"}
    | {"True", "False", "None", "nan", "NaN", "NaT", "<NA>", "null", "undefined", "inf"}
)
#: Neither part of a word, a path or an address (evidence links and file names may hold anything).
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w/.\-<=?&#])", r"(?![\w/.\-])"
_BLACKLISTED = re.compile(
    _EDGE_BEFORE + "(" + "|".join(map(re.escape, BLACKLIST)) + ")" + _EDGE_AFTER
)
_SNAKE_CASE = re.compile(_EDGE_BEFORE + r"[a-z]+(?:_[a-z]+)+" + _EDGE_AFTER)
#: Numbers written the English way, or a whole percentage with decimals.
_BAD_NUMBERS = {
    "decimal point": re.compile(r"(?<![\w.,])\d+\.\d{1,2}(?![\w.])"),
    "point zero": re.compile(r"(?<![\w.])\d+\.0(?![\w.])"),
    "percent with a point": re.compile(r"\d+\.\d+\s?%"),
    "comma thousands": re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])"),
    "whole percent with decimals": re.compile(r"\d+,0+%"),
}
#: What a numeric cell may hold: a count (238.512), a measure (96,5), a rate (38,40%), a ratio
#: (135/137), a date with or without its time, a dash, or nothing.
_NUMERIC_CELL = re.compile(
    r"(?:\d{1,3}(?:\.\d{3})*(?:,\d+)?%?|\d{1,3}(?:\.\d{3})*/\d{1,3}(?:\.\d{3})*"
    r"|\d{2}/\d{2}/\d{4}(?: \d{2}:\d{2})?|–)?"
)


def visible_text(html: str) -> tuple[str, list[str]]:
    """The page's visible text (no script or style), and the text of each numeric cell."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style"]):
        node.decompose()
    cells = [" ".join(td.get_text(" ").split()) for td in soup.select("td.num")]
    return " ".join(soup.get_text(" ").split()), cells


def problems(html: str) -> list[str]:
    """Every raw code, English token or English-style number a reader would see."""
    text, cells = visible_text(html)

    def around(match: re.Match) -> str:
        return text[max(0, match.start() - 40) : match.end() + 20]

    found = [f"code {m.group(0)!r}: …{around(m)}…" for m in _BLACKLISTED.finditer(text)]
    found += [f"snake_case {m.group(0)!r}: …{around(m)}…" for m in _SNAKE_CASE.finditer(text)]
    for what, pattern in _BAD_NUMBERS.items():
        found += [f"{what} {m.group(0)!r}: …{around(m)}…" for m in pattern.finditer(text)]
    found += [f"numeric cell {cell!r}" for cell in cells if not _NUMERIC_CELL.fullmatch(cell)]
    return found


@pytest.mark.parametrize(
    "html",
    [
        "<p>Trạng thái: ok</p>",
        "<p>Trang: partial (2 trang)</p>",
        "<p>Tình trạng: resolved_late</p>",
        "<td>not_found</td>",
        "<p>Ghi chú: nan</p>",
        "<p>Đã xin lỗi: True</p>",
        "<p>Độ khớp: 100.0</p>",
        "<p>tỷ lệ 38.4%</p>",
        "<p>tỷ lệ 100,00%</p>",
        "<p>Số hồ sơ: 238,512</p>",
        '<table><tr><td class="num">0.5</td></tr></table>',
        '<table><tr><td class="num">238512.0</td></tr></table>',
    ],
)
def test_the_scan_catches(html):
    assert problems(html)


def test_the_scan_lets_vietnamese_through():
    html = (
        "<p>Tổng số hồ sơ: 238.512, tỷ lệ 38,40%; 100%; dưới 0,01%. Mã 000.00.20.H16-200420-0003,"
        " H16.25.10-200422-0004; phiên bản 0.1.0; tệp examples/web/so_tnmt/a_b.html;"
        " https://x.gov.vn/xin_loi?id=not_found; Y Bhim Niê; Ea H’leo.</p>"
        '<table><tr><td class="num">135/137</td><td class="num">20/04/2020 09:15</td>'
        '<td class="num">96,5</td><td class="num"></td><td class="num">1.234</td></tr></table>'
        "<script>var ok = null;</script><style>.partial{}</style>"
    )
    assert problems(html) == []


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [(1, 2, "50%"), (2, 2, "100%"), (0, 7, "0%"), (2, 3, "66,67%"), (91589, 238512, "38,40%"),
     (5, 238520, "dưới 0,01%"), (238511, 238512, "trên 99,99%"), (1, 0, "")],
)  # fmt: skip
def test_percent(part, whole, text):
    assert percent(part, whole) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(96, "96"), (100.0, "100"), (96.25, "96,2"), (1234.5, "1.234,5"), (None, ""), (float("nan"), "")],
)  # fmt: skip
def test_number(value, text):
    assert number(value) == text


def test_sample_run_reads_as_vietnamese(result):
    result.web_units.loc[len(result.web_units)] = ["ubnd-xa-ea-tu", 0, 0, 0, 2, "failed"]
    result.findings.loc[0, "working_days_late"] = 3.0  # a float column: shown as 3
    assert problems(render_report_html(result)) == []


@pytest.mark.parametrize("name", ["2020-05", "2026-11"])
def test_bundled_examples_read_as_vietnamese(example_run, name):
    html = (example_run(name) / "report.html").read_text(encoding="utf-8")
    assert problems(html) == []
