"""report.html in a real browser: headless Chromium renders it, runs its script, logs nothing;
it reads on a phone without scrolling the page sideways, and prints its lists as tables.

Chromium prints the page's console messages (errors, CSP violations) to stderr as
``INFO:CONSOLE(…)`` lines with ``--enable-logging=stderr``; the dumped DOM shows what the
inline script wrote (the "x/y dòng" counters of the filter boxes). A measuring script added to a
copy of the page (its hash added to the page's Content-Security-Policy) writes what the page
measures, or types in a filter box before the page is printed.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from compliance.render.html import render_report_html, write_report_html

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium not installed (apt-get install chromium)"
)


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess:
    """Headless Chromium on ``page`` with ``options`` (--dump-dom, --screenshot=…, …)."""
    args = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
        *options, page.resolve().as_uri(),
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def open_in_chromium(page: Path, profile: Path, *options: str) -> tuple[BeautifulSoup, list[str]]:
    """The DOM after load and the console messages of ``page``."""
    done = chromium(page, profile, *options, "--dump-dom")
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return BeautifulSoup(done.stdout, "html.parser"), console


def with_script(html: str, script: str) -> str:
    """``html`` with ``script`` run after the page's own, allowed by the page's CSP."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    html = html.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
    return html.replace("</body>", f"<script>{script}</script>\n</body>", 1)


def test_report_renders_in_chromium(result, tmp_path):
    page = tmp_path / "report.html"
    write_report_html(result, page)
    dom, console = open_in_chromium(page, tmp_path / "profile")
    assert console == []
    assert dom.html["data-script"] == "ready"
    counters = {span["id"]: span.get_text() for span in dom.select("span.count")}
    assert counters == {
        "bang-don-vi-dem": "3/3 dòng",
        "bang-ho-so-dem": "9/9 dòng",
        "bang-dong-bi-loai-dem": "2/2 dòng",
    }
    summary = " ".join(dom.find(id="tom-tat").get_text(" ").split())
    assert "Tổng số hồ sơ TTHC đã giải quyết: 238.520" in summary
    assert (
        "Đã có văn bản xin lỗi: 4/5 hồ sơ quá hạn (Cấp tỉnh: 3/3 hồ sơ, cấp xã: 1/2 hồ sơ)."
        in summary
    )
    assert all(not box.has_attr("disabled") for box in dom.select("input[data-filter]"))


def test_hostile_data_stays_inert_in_chromium(hostile_result, tmp_path):
    page = tmp_path / "report.html"
    write_report_html(hostile_result, page)
    dom, console = open_in_chromium(page, tmp_path / "profile")
    assert console == []
    assert len(dom.find_all("script")) == 1
    assert not dom.find_all("img")
    assert "<script>alert(1)</script>" in dom.find(id="bang-ho-so").get_text()


#: Tells the page around it the page's width as laid out, and what sticks out of the window
#: outside a scroll box. (Headless Chromium lays a page out at least 500 px wide whatever
#: --window-size says, so the report is measured in a 390 x 844 frame.)
MEASURE = """
(function () {
  var root = document.documentElement, width = window.innerWidth, out = [];
  Array.prototype.forEach.call(document.body.querySelectorAll("*"), function (el) {
    if (el.closest(".table-wrap, .chart-wrap")) { return; }
    if (el.getBoundingClientRect().right > width + 0.5) {
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""));
    }
  });
  parent.postMessage(JSON.stringify({window: width, scrollWidth: root.scrollWidth,
                                     outside: out.slice(0, 10)}), "*");
}());
"""
PHONE = """<!DOCTYPE html><html><body>
<script>window.addEventListener("message", function (e) {
  document.documentElement.setAttribute("data-measure", e.data); });</script>
<iframe src="report.html" style="width: 390px; height: 844px; border: 0"></iframe>
</body></html>
"""


def test_report_reads_on_a_phone_without_sideways_scrolling(result, tmp_path):
    html = render_report_html(result)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "viewport"})["content"] == (
        "width=device-width, initial-scale=1"
    )
    for table_id in ("bang-ho-so", "bang-bieu-ket-qua", "bang-don-vi"):  # scroll in a box
        assert "table-wrap" in soup.find(id=table_id).parent["class"]
    page = tmp_path / "report.html"
    page.write_text(with_script(html, MEASURE), encoding="utf-8")
    (tmp_path / "phone.html").write_text(PHONE, encoding="utf-8")
    dom, console = open_in_chromium(tmp_path / "phone.html", tmp_path / "profile")
    assert console == []
    measure = json.loads(dom.html["data-measure"])
    assert measure["window"] == 390
    assert measure["scrollWidth"] <= 390, measure["outside"]
    assert measure["outside"] == []
    shot = tmp_path / "phone.png"
    chromium(page, tmp_path / "profile-2", "--window-size=390,844", f"--screenshot={shot}")
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (
        390,
        844,
    )


#: Types "thiếu mã" in the filter box of the rejected rows, as a reader would before printing.
FILTER = """
(function () {
  var box = document.getElementById("bang-dong-bi-loai-loc");
  box.value = "thiếu mã";
  box.dispatchEvent(new Event("input"));
}());
"""


def _many_findings(result, copies: int = 8):
    """The sample run with its nine overdue cases repeated: a list of cases over several pages."""
    many = copy.deepcopy(result)
    frames = []
    for i in range(copies):
        frame = result.findings.copy()
        frame["case_id"] = frame["case_id"] + f"-{i:02d}"
        frames.append(frame)
    many.findings = pd.concat(frames, ignore_index=True)
    return many


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext not installed (poppler-utils)")
def test_report_prints_its_lists_as_tables_with_headers_on_every_page(result, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(with_script(render_report_html(_many_findings(result)), FILTER), "utf-8")
    pdf = tmp_path / "report.pdf"
    chromium(page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.92 x 594.96 pts (A4)" in info  # A4 landscape
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    first = " ".join(pages[0].split())
    assert "Đã lọc: Dòng bị loại theo “thiếu mã” (1/2 dòng)" in first
    assert "Lọc:" not in first  # the boxes themselves are not printed
    listed = [len(re.findall(r"-\d{6}-\d{4}-\d{2}\b", text)) for text in pages]
    case_pages = [i for i, n in enumerate(listed) if n]
    assert sum(listed) == 72 and len(case_pages) >= 2, listed
    for i in case_pages[1:]:
        words = " ".join(pages[i].split())
        assert "Mã hồ sơ" in words and "Thiếu sót" in words, f"page {i + 1}: no table header"
    assert max(listed) >= 4, f"cases per page: {listed}"
    print(listed)  # a table, not one case per page
