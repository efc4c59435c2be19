"""`compliance calendar YEAR`, and the warnings of `validate` and `run` for a year the official
calendar does not cover."""

import json

import pytest
from click.testing import CliRunner

from compliance.cli import main

ROW_2028 = [
    "000.00.01.H16-280420-0001",
    "Sở A",
    "Nguyễn Văn An",
    "Trực tiếp",
    "20/04/2028 08:00",
    "24/04/2028",
    "28/04/2028 10:00",
    "",
]
NOT_COVERED = (
    "chưa có lịch nghỉ chính thức năm 2028: thêm calendar.extra_holidays / extra_working_days"
)


def invoke(config_path, *args):
    result = CliRunner().invoke(main, ["--config", str(config_path), *args])
    return result.exit_code, result.output + (
        result.stderr if result.stderr_bytes is not None else ""
    )


def test_calendar_works_without_a_config(tmp_path):
    code, out = invoke(tmp_path / "config.yaml", "calendar", "2026")
    assert code == 0, out
    assert "Không có tệp cấu hình" in out
    for line in (
        "01/01/2026  Thứ Năm   Tết Dương lịch — Bộ luật Lao động 2019, Điều 112",
        "02/01/2026  Thứ Sáu   Tết Dương lịch (hoán đổi với thứ Bảy 10/01/2026) — "
        "Công văn 12729/VPCP-KGVX (25/12/2025)",
        "10/01/2026  Thứ Bảy   Làm bù cho thứ Sáu 02/01/2026 — Công văn 12729/VPCP-KGVX",
        "16/02/2026  Thứ Hai   Tết Nguyên đán",
        "27/04/2026  Thứ Hai   Giỗ Tổ Hùng Vương (nghỉ bù 26/04 Chủ nhật)",
        "22/08/2026  Thứ Bảy   Làm bù cho thứ Hai 31/08/2026",
        "24/11/2026  Thứ Ba    Ngày Văn hóa Việt Nam (tạm tính)",
        "Số ngày làm việc trong năm 2026: 250.",
    ):
        assert line in out
    assert "CẢNH BÁO" not in out


def test_calendar_applies_the_config_extras_and_says_so(ws):
    ws.config("calendar:\n  extra_holidays: [2026-11-24]\n  extra_working_days: [2026-12-26]\n")
    code, out = invoke(ws.root / "config.yaml", "calendar", "2026")
    assert code == 0, out
    assert "áp dụng 2 ngày của calendar.extra_holidays / extra_working_days trong năm 2026" in out
    assert "24/11/2026  Thứ Ba    ngày do config đặt — config.yaml: calendar.extra_holidays" in out
    assert (
        "26/12/2026  Thứ Bảy   ngày do config đặt — config.yaml: calendar.extra_working_days" in out
    )
    assert "Số ngày làm việc trong năm 2026: 250." in out  # one day off more, one Saturday worked


def test_calendar_with_an_invalid_config_warns_and_goes_on(ws):
    ws.config("calendar:\n  extra_holidayz: []\n")
    code, out = invoke(ws.root / "config.yaml", "calendar", "2026")
    assert code == 0, out
    assert "có lỗi" in out and "không dùng calendar.extra_*" in out
    assert "02/01/2026" in out


def test_calendar_of_a_provisional_year(tmp_path):
    code, out = invoke(tmp_path / "none.yaml", "calendar", "2027")
    assert code == 0, out
    assert "Lịch năm 2027 còn TẠM TÍNH" in out
    assert "04/02/2027  Thứ Năm   Tết Nguyên đán (tạm tính)" in out


def test_calendar_of_a_year_not_covered_shows_holidays_with_a_warning(tmp_path):
    code, out = invoke(tmp_path / "none.yaml", "calendar", "2028")
    assert code == 0, out
    assert "CẢNH BÁO: chưa có lịch nghỉ chính thức năm 2028" in out
    assert "03/01/2028  Thứ Hai   Tết Dương lịch (nghỉ bù) (tạm tính) — holidays" in out


@pytest.mark.parametrize("year", ["20x6", "1999", "26"])
def test_calendar_refuses_a_bad_year(tmp_path, year):
    code, out = invoke(tmp_path / "none.yaml", "calendar", year)
    assert code == 2
    assert f"năm '{year}' không hợp lệ" in out


def test_validate_warns_about_a_year_not_covered(ws):
    ws.config()
    ws.cases([ROW_2028])
    code, out = invoke(ws.root / "config.yaml", "validate", "--period", "2028-05")
    assert code == 0, out
    assert f"Lưu ý: {NOT_COVERED}" in out
    code, out = invoke(ws.root / "config.yaml", "validate", "--period", "2026-05")
    assert "chưa có lịch nghỉ chính thức" not in out


def test_run_warns_about_a_year_not_covered(ws):
    ws.config()
    ws.cases([ROW_2028])
    code, out = invoke(ws.root / "config.yaml", "run", "--period", "2028-05", "--no-web")
    assert code == 0, out
    assert f"Lưu ý: {NOT_COVERED}" in out
    summary = json.loads((ws.root / "out" / "2028-05" / "summary.json").read_text("utf-8"))
    assert summary["warnings"]["calendar_years_not_covered"] == [2028]
    assert summary["warnings"]["calendar_provisional_days"] == []


def test_config_extras_for_the_year_silence_the_warning(ws):
    ws.config("calendar:\n  extra_holidays: [2028-04-04]\n")
    ws.cases([ROW_2028])
    code, out = invoke(ws.root / "config.yaml", "run", "--period", "2028-05", "--no-web")
    assert code == 0, out
    assert "chưa có lịch nghỉ chính thức" not in out
    summary = json.loads((ws.root / "out" / "2028-05" / "summary.json").read_text("utf-8"))
    assert summary["warnings"]["calendar_years_not_covered"] == []
