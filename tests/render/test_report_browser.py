"""report.html in a real browser: headless Chromium renders it, runs its script, logs nothing.

Chromium prints the page's console messages (errors, CSP violations) to stderr as
``INFO:CONSOLE(…)`` lines with ``--enable-logging=stderr``; the dumped DOM shows what the
inline script wrote (the "x/y dòng" counters of the filter boxes).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from compliance.render.html import write_report_html

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium not installed (apt-get install chromium)"
)


def open_in_chromium(page: Path, profile: Path) -> tuple[BeautifulSoup, list[str]]:
    """The DOM after load and the console messages of ``page``."""
    args = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
        "--dump-dom", page.resolve().as_uri(),
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return BeautifulSoup(done.stdout, "html.parser"), console


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
