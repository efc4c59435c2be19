import datetime as dt
from importlib import resources
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from compliance.calendar.working import (
    WorkingCalendar,
    calendar_warning_lines,
    calendar_warnings,
    calendar_year,
    covered_years,
    official_days,
    parse_official_days,
    year_calendar,
    year_calendar_lines,
)
from compliance.config import load_config
from compliance.errors import ConfigError, UsageError

D = dt.date
CAL = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2020, 4, 29), True),  # Wednesday
        (D(2020, 4, 30), False),  # Reunification Day
        (D(2020, 5, 1), False),  # Labour Day
        (D(2020, 5, 2), False),  # Saturday
        (D(2020, 1, 24), False),  # Tết
        (D(2020, 4, 2), False),  # Hùng Kings (10/3 lunar)
        (D(2025, 5, 2), False),  # swapped day off …
        (D(2025, 4, 26), True),  # … worked on a Saturday instead
        (D(2025, 9, 1), False),  # National Day 2025 (two days)
    ],
)
def test_vietnamese_working_days(day, working):
    assert CAL.is_working_day(day) is working


def test_config_extras_override_the_builtin_calendar():
    cal = WorkingCalendar(extra_holidays=[D(2020, 5, 4)], extra_working_days=[D(2020, 5, 2)])
    assert not cal.is_working_day(D(2020, 5, 4))
    assert cal.is_working_day(D(2020, 5, 2))


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2020-04-28", "2020-05-04", 2),  # 29/4 and 4/5: the holidays and the weekend do not count
        ("2020-05-04", "2020-05-04", 0),
        ("2020-05-08", "2020-05-11", 1),  # Friday → Monday
        ("2020-05-11", "2020-05-08", 0),  # never negative
    ],
)
def test_count_after(start, end, count):
    assert (
        CAL.count_after(pd.Series([pd.Timestamp(start)]), pd.Series([pd.Timestamp(end)]))[0]
        == count
    )


def test_count_after_counts_days_not_times_and_clips_far_dates():
    start = pd.Series(
        pd.to_datetime(
            ["2020-05-08 17:30", "2020-05-08 00:00", "1960-01-01 00:00", "2020-05-08 00:00"]
        )
    )
    end = pd.Series(
        pd.to_datetime(
            ["2020-05-11 08:00", "2020-05-11 23:59", "1961-01-01 00:00", "2200-01-01 00:00"]
        )
    )
    got = CAL.count_after(start, end).tolist()
    assert got[:3] == [1, 1, 0]  # Friday evening → Monday morning; before the calendar: its edge
    assert got[3] == CAL.count_after(pd.Series([start[3]]), pd.Series([pd.Timestamp(CAL.end)]))[0]
    # The same from plain dates or datetime64[D] values as from timestamps.
    days = np.array(["2020-05-08", "2020-05-11"], dtype="datetime64[D]")
    assert CAL.count_after(days[:1], days[1:])[0] == 1


@pytest.mark.parametrize(
    ("due", "n", "expected"),
    [
        ("2020-05-04", 1, "2020-04-29"),  # Monday after the long weekend
        ("2020-05-06", 1, "2020-05-05"),
        ("2020-05-06", 0, "2020-05-06"),
        ("2020-05-06", 2, "2020-05-04"),
        ("2020-05-03", 1, "2020-04-29"),  # due on a Sunday
    ],
)
def test_working_days_before(due, n, expected):
    got = CAL.working_days_before(pd.Series([pd.Timestamp(due)]), n)[0]
    assert got == np.datetime64(expected)


# -- The official calendar: holidays + compliance/calendar/official_days.csv + config extras --------

DAYS = (
    "date,kind,name,source,status,note\n"
    "2028-01-03,off,Tết Dương lịch (nghỉ bù),Thông báo X,confirmed,\n"
    "2028-01-08,working,Làm bù,Thông báo X,confirmed,\n"
)


@pytest.mark.parametrize(
    ("due", "returned", "late"),
    [
        # New Year 2026: 1/1 and 2/1 off (Công văn 12729/VPCP-KGVX), the weekend, then Monday.
        ("2025-12-31", "2026-01-05", 1),
        ("2025-12-31", "2026-01-02", 0),
        ("2026-01-09", "2026-01-10", 1),  # Saturday 10/1/2026 is worked for 2/1
        ("2026-01-09", "2026-01-12", 2),
        # Tết 2026: 16–20/2 off (break 14–22/2).
        ("2026-02-13", "2026-02-23", 1),
        ("2026-02-13", "2026-02-20", 0),
        # Hùng Kings 26/4/2026 is a Sunday: Monday 27/4 off; 30/4 and 1/5 off.
        ("2026-04-24", "2026-04-28", 1),
        ("2026-04-29", "2026-05-04", 1),
        ("2026-04-24", "2026-05-04", 3),  # 28/4, 29/4, 4/5
        # National Day 2026: 31/8 (swapped for Saturday 22/8), 1/9, 2/9 off.
        ("2026-08-21", "2026-08-24", 2),  # Saturday 22/8 and Monday 24/8
        ("2026-08-28", "2026-09-03", 1),
        # 2025: 1/1; Tết 27–31/1; 7/4; 30/4–2/5 with Saturday 26/4 worked; 1–2/9.
        ("2024-12-31", "2025-01-02", 1),
        ("2025-01-24", "2025-02-03", 1),
        ("2025-04-04", "2025-04-08", 1),
        ("2025-04-25", "2025-05-05", 4),  # 26/4 (Saturday), 28/4, 29/4, 5/5
        ("2025-08-29", "2025-09-03", 1),
    ],
)
def test_working_days_late_match_the_official_calendar(due, returned, late):
    got = CAL.count_after(pd.Series([pd.Timestamp(due)]), pd.Series([pd.Timestamp(returned)]))
    assert got[0] == late


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 1, 2), False),  # missing from holidays 0.109
        (D(2026, 1, 10), True),  # missing from holidays 0.109
        *[(D(2026, 2, d), False) for d in range(16, 21)],
        (D(2026, 4, 27), False),
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 8, 22), True),
        (D(2026, 8, 31), False),
        (D(2026, 9, 1), False),
        (D(2026, 9, 2), False),
        (D(2026, 11, 24), True),  # Ngày Văn hóa Việt Nam: not (yet) a day off in the Labour Code
        (D(2027, 2, 4), False),  # provisional
        (D(2027, 11, 24), True),
    ],
)
def test_official_days_2026_2027(day, working):
    assert CAL.is_working_day(day) is working


def test_the_official_list_alone_decides_every_covered_year():
    """Whatever the installed ``holidays`` knows, the days off and swapped working days of
    2018–2027 are exactly those of the reviewed list (and 2026 has 250 working days)."""
    official = official_days()
    assert covered_years() == list(range(2018, 2028))
    assert (official["date"].dt.year.value_counts() > 0).all()
    days = CAL.days
    in_years = (days >= np.datetime64("2018-01-01")) & (days <= np.datetime64("2027-12-31"))
    weekday = (days.astype("int64") + 3) % 7 < 5
    differs = days[in_years & (CAL.working != weekday)]
    listed = official["date"].to_numpy("datetime64[D]")
    kind = official["kind"].to_numpy()
    on_weekday = (official["date"].dt.day_of_week < 5).to_numpy()
    assert sorted(differs) == sorted(listed[(kind == "off") | ~on_weekday])
    assert all(CAL.is_working_day(d) for d in official.loc[kind == "working", "date"].dt.date)
    year = (days >= np.datetime64("2026-01-01")) & (days <= np.datetime64("2026-12-31"))
    assert int(CAL.working[year].sum()) == 250


def test_every_entry_has_a_source_and_only_2027_and_24_11_are_provisional():
    official = official_days()
    assert (official["source"] != "").all()
    provisional = official[official["status"] == "provisional"]
    assert set(provisional["date"].dt.year) == {2026, 2027}
    assert (official.loc[official["date"].dt.year == 2027, "status"] == "provisional").all()
    assert provisional.loc[provisional["date"].dt.year == 2026, "date"].dt.date.tolist() == [
        D(2026, 11, 24)
    ]
    # A day off is a weekday; a swapped working day a Saturday (or a weekday holidays lists as off).
    off = official[official["kind"] == "off"]
    assert (off["date"].dt.day_of_week < 5).all()


@pytest.mark.parametrize(
    ("extra_holidays", "extra_working_days", "day", "working"),
    [
        ([D(2026, 1, 10)], [], D(2026, 1, 10), False),  # the config undoes the list's swap
        ([], [D(2026, 1, 2)], D(2026, 1, 2), True),
        ([D(2026, 11, 24)], [], D(2026, 11, 24), False),  # once 24/11 is made a day off
        ([D(2026, 3, 2)], [D(2026, 3, 2)], D(2026, 3, 2), True),  # working days win
    ],
)
def test_config_extras_override_the_official_list(extra_holidays, extra_working_days, day, working):
    cal = WorkingCalendar(extra_holidays, extra_working_days, first_year=2025, last_year=2027)
    assert cal.is_working_day(day) is working


def test_a_year_is_added_by_editing_the_data_file_alone():
    text = resources.files("compliance.calendar").joinpath("official_days.csv").read_text("utf-8")
    extended = parse_official_days(text + DAYS.split("\n", 1)[1])
    assert covered_years(extended)[-1] == 2028
    cal = WorkingCalendar(first_year=2027, last_year=2028, official=extended)
    assert not cal.is_working_day(D(2028, 1, 3)) and cal.is_working_day(D(2028, 1, 8))
    assert year_calendar(2028, official=extended).covered


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2028-02-30,off,x,y,confirmed,", "dòng 4, cột date: '2028-02-30'"),
        ("03/02/2028,off,x,y,confirmed,", "dòng 4, cột date"),
        ("2028-02-03,of,x,y,confirmed,", "dòng 4, cột kind: 'of' — phải là off"),
        ("2028-02-03,off,x,y,maybe,", "dòng 4, cột status: 'maybe'"),
        ("2028-02-03,off,x,,confirmed,", "dòng 4, cột source"),
        ("2028-01-03,off,x,y,confirmed,", "dòng 4, cột date: '2028-01-03' — ngày này đã có"),
    ],
)
def test_a_bad_data_file_line_is_named(line, message):
    with pytest.raises(ConfigError) as err:
        parse_official_days(DAYS + line + "\n")
    assert message in err.value.message


def test_a_bad_data_file_header_is_named():
    with pytest.raises(ConfigError, match="dòng tiêu đề"):
        parse_official_days(DAYS.replace("status,note", "trạng thái,note"))


# -- What `compliance calendar YEAR` lists -----------------------------------------------------


def test_year_calendar_lists_days_with_their_source():
    year = year_calendar(2026)
    days = year.days.set_index("date")
    assert year.covered and year.working_days == 250
    assert days.loc[D(2026, 1, 2), "kind"] == "off"
    assert days.loc[D(2026, 1, 2), "source"] == "Công văn 12729/VPCP-KGVX (25/12/2025)"
    assert days.loc[D(2026, 1, 10), "kind"] == "working"
    assert days.loc[D(2026, 11, 24), ["kind", "status"]].tolist() == ["working", "provisional"]
    assert set(days["origin"]) == {"official"}
    text = "\n".join(year.render())
    assert (
        "02/01/2026  Thứ Sáu   Tết Dương lịch (hoán đổi với thứ Bảy 10/01/2026) — Công văn 12729"
        in text
    )
    assert "10/01/2026  Thứ Bảy   Làm bù cho thứ Sáu 02/01/2026" in text
    assert "24/11/2026  Thứ Ba    Ngày Văn hóa Việt Nam (tạm tính)" in text
    assert "Ngày nghỉ (thứ Hai–thứ Sáu): 13 ngày" in text


def test_year_calendar_marks_a_provisional_year():
    text = "\n".join(year_calendar(2027).render())
    assert "Lịch năm 2027 còn TẠM TÍNH" in text
    assert "04/02/2027  Thứ Năm   Tết Nguyên đán (tạm tính) — holidays" in text


def test_year_calendar_of_a_year_not_covered_shows_holidays_alone_with_a_warning():
    year = year_calendar(2028, extra_working_days=[D(2028, 1, 8)])
    assert not year.covered
    days = year.days.set_index("date")
    assert days.loc[D(2028, 1, 3), "origin"] == "holidays"
    assert days.loc[D(2028, 1, 3), "status"] == "provisional"
    assert days.loc[D(2028, 1, 8), "source"] == "config.yaml: calendar.extra_working_days"
    text = "\n".join(year.render())
    assert "CẢNH BÁO: chưa có lịch nghỉ chính thức năm 2028" in text
    assert "chỉ theo thư viện holidays" in text


# -- Warnings for a run's period ---------------------------------------------------------------


class _Cfg:
    def __init__(self, extra_holidays=(), extra_working_days=()):
        self.calendar = SimpleNamespace(
            extra_holidays=list(extra_holidays), extra_working_days=list(extra_working_days)
        )


@pytest.mark.parametrize(
    ("start", "end", "as_of", "extras", "years"),
    [
        (D(2026, 4, 15), D(2026, 5, 14), None, (), []),
        (D(2028, 4, 15), D(2028, 5, 14), None, (), [2028]),
        (D(2027, 12, 15), D(2028, 1, 14), None, (), [2028]),
        (D(2027, 11, 15), D(2027, 12, 14), D(2028, 1, 5), (), [2028]),  # as_of counts too
        (D(2028, 4, 15), D(2028, 5, 14), None, (D(2028, 4, 28),), []),  # config extras cover it
    ],
)
def test_years_not_covered(start, end, as_of, extras, years):
    period = SimpleNamespace(start=start, end=end)
    warnings = calendar_warnings(_Cfg(extras), period, as_of)
    assert warnings["calendar_years_not_covered"] == years
    lines = calendar_warning_lines(warnings)
    assert [
        y for y in years if any(f"chưa có lịch nghỉ chính thức năm {y}" in x for x in lines)
    ] == years


def test_provisional_days_of_the_period_are_named_unless_the_config_sets_them():
    period = SimpleNamespace(start=D(2026, 11, 15), end=D(2026, 12, 14))
    warnings = calendar_warnings(_Cfg(), period)
    assert warnings["calendar_provisional_days"] == [
        {"date": "2026-11-24", "kind": "working", "name": "Ngày Văn hóa Việt Nam"}
    ]
    assert (
        "24/11/2026 Ngày Văn hóa Việt Nam: tính là ngày làm việc"
        in calendar_warning_lines(warnings)[0]
    )
    assert calendar_warnings(_Cfg([D(2026, 11, 24)]), period)["calendar_provisional_days"] == []


def test_year_calendar_lines_without_a_config_say_so(tmp_path):
    lines = year_calendar_lines(2026, None, tmp_path / "config.yaml")
    assert lines[0] == (
        f"Không có tệp cấu hình {tmp_path / 'config.yaml'}: chỉ dùng lịch có sẵn, "
        "không có calendar.extra_*."
    )
    assert lines[1:] == year_calendar(2026).render()
    assert "Số ngày làm việc trong năm 2026: 250." in lines


def test_year_calendar_lines_apply_the_config_extras(ws):
    path = ws.config(
        "calendar:\n  extra_holidays: [2026-11-24]\n  extra_working_days: [2026-12-26]\n"
    )
    lines = year_calendar_lines(2026, load_config(path), path)
    assert lines[0] == (
        f"Cấu hình {path}: áp dụng 2 ngày của calendar.extra_holidays / extra_working_days "
        "trong năm 2026."
    )
    assert (
        "  24/11/2026  Thứ Ba    ngày do config đặt — config.yaml: calendar.extra_holidays" in lines
    )
    assert "Số ngày làm việc trong năm 2026: 250." in lines
    # a config that exists but could not be loaded: its loader warned, no line here
    assert year_calendar_lines(2026, None, path) == year_calendar(2026).render()


@pytest.mark.parametrize(
    ("text", "year"), [("2026", 2026), ("2000", 2000), ("2099", 2099), ("20x6", None),
                       ("1999", None), ("26", None), ("2100", None)],
)  # fmt: skip
def test_calendar_year_takes_four_digits_of_this_century(text, year):
    if year is not None:
        assert calendar_year(text) == year
        return
    with pytest.raises(UsageError) as err:
        calendar_year(text)
    assert err.value.message == f"năm {text!r} không hợp lệ"
    assert err.value.hint == "Viết năm bằng bốn chữ số, ví dụ: compliance calendar 2026"
