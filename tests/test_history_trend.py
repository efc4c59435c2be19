"""A run's trend: the history's last periods up to this run, as the report shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.calendar.periods import parse_period
from compliance.config import load_config
from compliance.history.trend import TREND_PERIODS, read_trend
from compliance.pipeline import run_period

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "examples" / "history" / "config.yaml"
MONTHS = ["2026-09", "2026-10", "2026-11"]


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    out = tmp_path_factory.mktemp("trend")
    config = load_config(CONFIG)
    results = [
        run_period(config, parse_period(label), out_dir=out, offline=True, render=False)
        for label in MONTHS
    ]
    summaries = [json.loads((out / m / "summary.json").read_text(encoding="utf-8")) for m in MONTHS]
    return results, summaries, out


def test_the_first_period_has_no_trend(months):
    results, _, _ = months
    assert results[0].trend is None


def test_levels_follow_summary_json_period_by_period(months):
    results, summaries, _ = months
    trend = results[-1].trend
    assert trend is not None and trend.periods == tuple(MONTHS)
    for line in trend.levels:
        for i, summary in enumerate(summaries):
            c = summary["by_level"][line.key]
            overdue = sum(c["compliance"][k]["cases"] for k in ("resolved_late", "pending_overdue"))
            issued = sum(
                c["compliance"][k]["apology_issued"] for k in ("resolved_late", "pending_overdue")
            )
            assert line.late_rate[i] == (
                c["resolved_late"] / c["resolved"] if c["resolved"] else None
            )
            assert line.apology_rate[i] == (issued / overdue if overdue else None)


def test_units_are_those_flagged_now_with_their_past(months):
    results, summaries, _ = months
    trend = results[-1].trend
    flagged_now = [u["unit_id"] for u in summaries[-1]["by_unit"] if u["flagged"]]
    assert [u.key for u in trend.units] == flagged_now
    cu_mgar = next(u for u in trend.units if u.key == "xa-cu-mgar")
    assert cu_mgar.flagged == (True, True, True)
    assert list(trend.offenders["unit_id"]) == ["xa-cu-mgar"]  # 3 of the last 6
    assert trend.heeded.to_dict("records") == [
        {"period_label": "2026-10", "followup_period": "2026-09", "cases_listed": 5,
         "resolved_since": 2, "still_open": 3},
        {"period_label": "2026-11", "followup_period": "2026-10", "cases_listed": 5,
         "resolved_since": 1, "still_open": 4},
    ]  # fmt: skip


def test_a_re_run_of_an_earlier_period_stops_its_trend_there(months):
    results, _, out = months
    config = load_config(CONFIG)
    again = run_period(config, parse_period("2026-10"), out_dir=out, offline=True, render=False)
    assert again.trend is not None and again.trend.periods == ("2026-09", "2026-10")
    assert read_trend(out / "missing.sqlite", again) is None
    assert TREND_PERIODS == 12


def test_the_report_shows_the_trend(months, tmp_path):
    from bs4 import BeautifulSoup

    from compliance.render.html import render_report_html

    results, _, _ = months
    soup = BeautifulSoup(render_report_html(results[-1]), "html.parser")
    section = soup.find(id="dien-bien")
    rows = section.find(id="bang-dien-bien").tbody.find_all("tr")
    names = [row.td.get_text(strip=True) for row in rows]
    assert names[:2] == ["Cấp tỉnh", "Cấp xã"] and "UBND xã Cư M’gar" in names
    cu_mgar = rows[names.index("UBND xã Cư M’gar")].find_all("td")
    assert [td.get_text(" ", strip=True) for td in cu_mgar[2:]] == [
        "QH 16,7% XL 0%", "QH 16,7% XL 50%", "QH 20% XL 0%",
    ]  # fmt: skip
    assert all("flagged" in td["class"] for td in cu_mgar[2:])  # flagged all three months
    svg = cu_mgar[1].svg
    assert svg["aria-label"].startswith("UBND xã Cư M’gar: 2026-09: quá hạn 16,7%")
    assert len(svg.find_all("circle")) == 6  # three periods, two rates
    assert "UBND xã Cư M’gar" in section.find(id="bang-nhac-nhieu-lan").get_text()
    assert (
        section.find(id="khac-phuc")
        .get_text(" ", strip=True)
        .startswith(
            "Kỳ 2026-10: trong 5 hồ sơ được nêu ở công văn đôn đốc kỳ 2026-09, đã khắc phục đủ"
        )
    )
    first = BeautifulSoup(render_report_html(results[0]), "html.parser").find(id="dien-bien")
    assert "Chưa có số liệu các kỳ trước" in first.get_text()


def test_the_workbook_has_the_trend_sheet(months, tmp_path):
    import openpyxl

    from compliance.render.xlsx import SHEET_TREND, build_workbook

    results, _, _ = months
    build_workbook(results[-1], tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")[SHEET_TREND]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert ["UBND xã Cư M’gar", "2026-11", "20%", "0%", "Có"] in rows
    build_workbook(results[0], tmp_path / "first.xlsx")
    assert SHEET_TREND not in openpyxl.load_workbook(tmp_path / "first.xlsx").sheetnames
