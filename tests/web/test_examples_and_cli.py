"""The bundled example's archived pages, and ``compliance sites test``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from webkit import make_config, notes, run_check, statuses, unit

from compliance.cli import main
from compliance.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]

#: The website blocks of the bundled example (paths relative to the repository root).
EXAMPLE_UNITS = [
    {"id": "nhnn-daklak", "name": "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk",
     "website": {"urls": ["examples/web/nhnn-daklak/danh-sach-{page}.html"], "max_pages": 10}},
    {"id": "so-tnmt", "name": "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk",
     "website": {"urls": ["examples/web/so-tnmt/thong-bao.html"], "next": "ul.pagination a[title='Trang sau']"}},
    {"id": "ubnd-tp-bmt", "name": "UBND thành phố Buôn Ma Thuột",
     "website": {"urls": ["examples/web/ubnd-tp-bmt/xin-loi.html"]}},
]  # fmt: skip

EXPECTED = {
    ("000.00.20.H16-200420-0003", "nhnn-daklak"): "verified",
    ("000.00.20.H16-200422-0007", "nhnn-daklak"): "not_found",
    ("000.00.21.H16-200416-0012", "so-tnmt"): "verified",  # split by <span>/<br>/nbsp/en-dash
    ("000.00.21.H16-200424-0002", "so-tnmt"): "verified",  # only in a PDF attachment
    ("000.00.21.H16-200427-0005", "so-tnmt"): "not_found",
    ("000.30.24.H16-200417-0021", "ubnd-tp-bmt"): "unverifiable",  # its detail page is missing
}


@pytest.fixture
def example_config(tmp_path):
    config = make_config(tmp_path, EXAMPLE_UNITS, cache_dir=str(tmp_path / "cache"))
    config.base_dir = ROOT
    return config


@pytest.mark.parametrize("offline", [False, True])
def test_example_snapshots(example_config, tmp_path, offline):
    result = run_check(example_config, list(EXPECTED), offline=offline, out=tmp_path / "out")

    assert statuses(result) == {key: status for (key, _), status in EXPECTED.items()}
    evidence = result.cases.set_index("case_key")["web_evidence_url"]
    assert (
        evidence["000.00.21.H16-200424-0002"]
        == "examples/web/so-tnmt/files/van-ban-xin-loi-so-15-pxl-vpdk.pdf"
    )
    assert evidence["000.00.20.H16-200420-0003"] == "examples/web/nhnn-daklak/danh-sach-1.html"
    note = notes(result)["000.30.24.H16-200417-0021"]
    assert note.startswith("Không kiểm tra được: không có tệp bản lưu trang")
    assert "examples/web/ubnd-tp-bmt/chi-tiet/phieu-xin-loi-ho-so-ngay-17-4-2020.html" in note
    units = result.units.set_index("unit_id")
    assert units.loc["nhnn-daklak", "pages_read"] == 3  # page 3 repeats page 2: the end
    assert units.loc["ubnd-tp-bmt", "status"] == "partial"


@pytest.fixture
def config_file(tmp_path) -> Path:
    units = [
        {
            **u,
            "website": {**u["website"], "urls": [str(ROOT / url) for url in u["website"]["urls"]]},
        }
        for u in EXAMPLE_UNITS
    ] + [{"id": "ubnd-xa-ea-tu", "name": "UBND xã Ea Tu"}]
    path = tmp_path / "config.yaml"
    data = {"inputs": {"cases": ["cases.csv"]}, "web": {"cache_dir": "cache"}, "units": units}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_sites_test_prints_pages_codes_and_errors(config_file):
    outcome = CliRunner().invoke(main, ["--config", str(config_file), "sites", "test", "--offline"])

    assert outcome.exit_code == 0, outcome.output
    out = outcome.output
    for unit_id in ("nhnn-daklak", "so-tnmt", "ubnd-tp-bmt"):
        assert f"== {unit_id}:" in out
    assert "ubnd-xa-ea-tu" not in out  # no website: not listed unless named
    assert "000.00.21.H16-200416-0012, 000.00.21.H16-200424-0002" in out
    assert "van-ban-xin-loi-so-15-pxl-vpdk.pdf" in out
    assert "không có tệp bản lưu trang" in out
    assert "000.00.20.H16-200420-0003" in out


def test_sites_test_named_unit(config_file):
    outcome = CliRunner().invoke(
        main, ["--config", str(config_file), "sites", "test", "so-tnmt", "ubnd-xa-ea-tu"]
    )

    assert outcome.exit_code == 0, outcome.output
    assert "== so-tnmt:" in outcome.output and "nhnn-daklak" not in outcome.output
    assert "chưa có khóa website" in outcome.output
    assert "Lỗi: không có" in outcome.output


def test_sites_test_unknown_unit(config_file):
    outcome = CliRunner().invoke(
        main, ["--config", str(config_file), "sites", "test", "so-khong-co"]
    )

    assert outcome.exit_code == 2
    assert "so-khong-co" in outcome.output
    assert "nhnn-daklak, so-tnmt, ubnd-tp-bmt, ubnd-xa-ea-tu" in outcome.output


@pytest.mark.parametrize("key", ["next", "follow"])
def test_invalid_selector_is_a_config_error(tmp_path, key):
    units = [
        {"id": "so-tnmt", "name": "Sở Tài nguyên và Môi trường",
         "website": {"urls": [str(ROOT / "examples/web/so-tnmt/thong-bao.html")], key: "a["}},
    ]  # fmt: skip
    path = tmp_path / "config.yaml"
    data = {"inputs": {"cases": ["cases.csv"]}, "web": {"cache_dir": "cache"}, "units": units}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    outcome = CliRunner().invoke(main, ["--config", str(path), "sites", "test", "--offline"])

    assert outcome.exit_code == 2, outcome.output
    assert (
        f"units[0].website.{key}: bộ chọn CSS 'a[' không hợp lệ "
        "(Malformed attribute selector at position 1)"
    ) in outcome.output


def test_invalid_selector_stops_the_web_check(tmp_path):
    config = make_config(tmp_path, [unit("u", "https://example.invalid/", follow="td >> a")])

    with pytest.raises(ConfigError) as err:
        run_check(config, [("000.00.20.H16-200420-0003", "u")])

    message = err.value.message
    assert message.startswith("units[0].website.follow: bộ chọn CSS 'td >> a' không hợp lệ (")
    assert "\n" not in message
