"""report.html: golden structure and figures, escaping, links, masking, the template and its override.

The golden file holds what a reader sees (summary sentences, table cells, chart descriptions),
extracted with BeautifulSoup; the run time is left out. Regenerate it after an intended change
with ``UPDATE_GOLDEN=1 pytest tests/render`` and review the diff.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from compliance.errors import ConfigError
from compliance.render import html as report_html
from compliance.render.html import render_report_html, write_report_html
from compliance.render.xlsx import write_report_xlsx

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "render" / "report_html.json"
HOSTILE_APPLICANT = "<script>alert(1)</script>"


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def _rows(soup: BeautifulSoup, table_id: str, part: str = "tbody") -> list[list[str]]:
    table = soup.find("table", id=table_id)
    assert table is not None, f"no table #{table_id}"
    return [
        [_text(cell) for cell in tr.find_all(["td", "th"])]
        for tr in table.find(part).find_all("tr")
    ]


def extract_report(html: str) -> dict:
    """What a reader sees in the report, as plain data (no run time)."""
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.find(id="tom-tat")
    charts = [
        {"title": _text(svg.find("title")), "desc": _text(svg.find("desc"))}
        for svg in soup.find_all("svg", class_="chart")
    ]
    header_cells = [
        [[_text(th), th.get("rowspan", "1"), th.get("colspan", "1")] for th in tr.find_all("th")]
        for tr in soup.find("table", id="bang-bieu-ket-qua").find("thead").find_all("tr")
    ]
    return {
        "title": _text(soup.find("title")),
        "period": _text(soup.find(id="ky-bao-cao")),
        "summary": [
            [
                _text(h3),
                [_text(p) for p in h3.find_next_siblings("p") if p.find_previous("h3") is h3],
            ]
            for h3 in summary.find_all("h3")
        ],  # fmt: skip
        "figures": _rows(soup, "bang-so-lieu-theo-cap", "thead")
        + _rows(soup, "bang-so-lieu-theo-cap"),
        "resolution_header": header_cells,
        "resolution": _rows(soup, "bang-bieu-ket-qua"),
        "followup": _rows(soup, "bang-don-doc"),
        "units": _rows(soup, "bang-don-vi"),
        "findings": _rows(soup, "bang-ho-so"),
        "quality": [_text(li) for li in soup.find(id="tom-tat-du-lieu").find_all("li")],
        "fuzzy": _rows(soup, "bang-khop-gan-dung"),
        "unmatched_letters": _rows(soup, "bang-van-ban-khong-khop"),
        "unknown_units": _rows(soup, "bang-don-vi-la"),
        "rejects": _rows(soup, "bang-dong-bi-loai"),
        "charts": charts,
    }


def test_report_matches_golden(result, tmp_path):
    path = tmp_path / "report.html"
    write_report_html(result, path)
    got = extract_report(path.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_report_header_and_key_figures(result):
    soup = BeautifulSoup(render_report_html(result), "html.parser")
    assert _text(soup.find(id="ky-bao-cao")) == (
        "Tỉnh Đắk Lắk – Kỳ báo cáo tháng 5 năm 2020 (Từ ngày 15/4/2020 đến ngày 14/5/2020)"
    )
    assert (
        _text(soup.find(id="thoi-diem"))
        == "Số liệu tính đến ngày 14/5/2020. Lập lúc 14:30 ngày 20/5/2020."
    )
    summary = _text(soup.find(id="tom-tat"))
    assert "Tổng số hồ sơ TTHC đã giải quyết: 238.520 (Cấp tỉnh: 109.900 hồ sơ" in summary
    assert "Trước hạn: 92.400 hồ sơ, tỷ lệ 38,74%" in summary
    total = _rows(soup, "bang-bieu-ket-qua")[-1]
    assert total[:4] == ["", "Tổng cộng", "241.150", "79.502"]
    assert len(total) == 13


def test_report_is_self_contained(result):
    html = render_report_html(result)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["link", "img", "iframe", "object", "embed"])
    assert all(not s.get("src") for s in soup.find_all("script"))
    assert not re.search(r"url\(|@import", "".join(s.get_text() for s in soup.find_all("style")))
    # the CSP allows exactly the inline script that is in the page
    script = soup.find("script").string
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"script-src 'sha256-{digest}';" in csp
    assert "default-src 'none'" in csp


def test_print_layout_is_a4_landscape(result):
    assert "@page { size: A4 landscape;" in render_report_html(result)


def test_data_is_escaped(hostile_result):
    html = render_report_html(hostile_result)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1  # only the template's filter script
    assert not soup.find_all("img")
    assert HOSTILE_APPLICANT in _text(soup.find(id="bang-ho-so"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src=x onerror="alert(2)">' in _text(soup.find(id="bang-ho-so"))


def test_only_http_links_are_clickable(hostile_result):
    soup = BeautifulSoup(render_report_html(hostile_result), "html.parser")
    links = soup.find(id="bang-ho-so").find_all("a")
    assert [a["href"] for a in links] == ["https://ok.example.gov.vn/a?b=1&c=<2>"]
    assert all(a["rel"] == ["noopener", "noreferrer"] for a in links)
    assert "javascript:alert(1)" in _text(soup.find(id="bang-ho-so"))  # shown, as text


def test_masking_hides_applicants_everywhere(result):
    html = render_report_html(result, mask_names=True)
    for name in ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "H’Hen Êban"):
        assert name not in html
    soup = BeautifulSoup(html, "html.parser")
    applicants = [row[3] for row in _rows(soup, "bang-ho-so")]
    assert "Nguyễn V. A." in applicants
    # an organisation's name is not personal data: it stays whole
    assert _rows(soup, "bang-khop-gan-dung")[0][3] == "Công ty TNHH Hoà Bình"
    assert soup.find(class_="masked") is not None
    assert "Nguyễn Văn An" in render_report_html(result)  # unmasked by default


def test_written_atomically_in_nfc(result, tmp_path):
    path = tmp_path / "out" / "report.html"
    write_report_html(result, path)
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]


def test_empty_run_renders(result):
    result.findings = result.findings.iloc[0:0]
    result.followups = ()
    result.rejects = result.rejects.iloc[0:0]
    soup = BeautifulSoup(render_report_html(result), "html.parser")
    assert "Không có đơn vị nào cần đôn đốc trong kỳ." in _text(soup)
    assert "Không có hồ sơ quá hạn trong kỳ." in _text(soup)


def test_the_default_template_is_the_one_copy_in_templates(result):
    """No config copy: the package's template is read, and it is the repository's templates/ one."""
    assert not (ROOT / "compliance" / "templates").exists(), "templates/ is the only copy"
    assert not (result.config.path("templates") / report_html.TEMPLATE_NAME).exists()
    template = report_html.load_template(result.config)
    assert Path(template.filename) == ROOT / "templates" / report_html.TEMPLATE_NAME


def test_template_next_to_config_overrides_the_default(result, tmp_path):
    templates = result.config.base_dir / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / report_html.TEMPLATE_NAME).write_text(
        "<p>{{ header.province }} – {{ paragraphs[0].sentences[1] }}</p>", encoding="utf-8"
    )
    html = render_report_html(result)
    assert html.startswith("<p>Đắk Lắk – Tổng số hồ sơ TTHC đã giải quyết: 238.520")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% for x in %}", r"report\.html\.j2: dòng 1: mẫu báo cáo bị lỗi"),
        ("{{ no_such_value.x }}", r"report\.html\.j2.*mẫu báo cáo bị lỗi .*no_such_value"),
    ],
)
def test_broken_user_template_is_a_clear_error(result, template, message):
    templates = result.config.base_dir / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / report_html.TEMPLATE_NAME).write_text(template, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        render_report_html(result)


def test_nullable_dtypes_render_as_blanks(result, tmp_path):
    """Frames with pandas' nullable dtypes (pd.NA) render like NaN: blank cells, no '<NA>'."""
    result.findings = result.findings.convert_dtypes()
    result.resolution_table = result.resolution_table.convert_dtypes()
    result.rejects = result.rejects.convert_dtypes()
    html = render_report_html(result)
    assert (
        "&lt;NA&gt;" not in html
        and "nan" not in BeautifulSoup(html, "html.parser").get_text().split()
    )
    write_report_xlsx(result, tmp_path / "report.xlsx")
