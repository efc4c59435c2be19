import datetime as dt

import numpy as np
import pandas as pd
import pytest

from compliance.calendar import WorkingCalendar

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
    start = pd.Series(pd.to_datetime(["2020-05-08 17:30", "2020-05-08 00:00", "1960-01-01 00:00", "2020-05-08 00:00"]))
    end = pd.Series(pd.to_datetime(["2020-05-11 08:00", "2020-05-11 23:59", "1961-01-01 00:00", "2200-01-01 00:00"]))
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
