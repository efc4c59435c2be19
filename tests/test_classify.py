"""Classification rules (DOMAIN "Early, on time, late"), one row per rule, period 2020-05 (15/4–14/5)."""

import datetime as dt

import pandas as pd
import pytest

from compliance.analyse.classify import channel_of, classify_cases
from compliance.calendar.periods import parse_period
from compliance.calendar.working import WorkingCalendar

CAL = WorkingCalendar()
MAY = parse_period("2020-05")


def classify(received, due, result, *, as_of=None, exempt=False, early_min=1):
    frame = pd.DataFrame(
        {
            "case_key": ["K-200101-1"],
            "received_at_ts": [pd.Timestamp(received)],
            "due_at_ts": [pd.Timestamp(due)],
            "result_ts": [pd.Timestamp(result) if result else pd.NaT],
            "channel": [""],
        }
    )
    out = classify_cases(frame, MAY, CAL, as_of=as_of, early_min_working_days=early_min,
                         exempt_keys={"K-200101-1"} if exempt else set())  # fmt: skip
    return out.iloc[0]


@pytest.mark.parametrize(
    ("received", "due", "result", "state", "days_late"),
    [
        ("2020-04-20 08:00", "2020-04-24", "2020-04-23 10:00", "resolved_early", 0),
        ("2020-04-20 08:00", "2020-04-24", "2020-04-24 16:59", "resolved_on_time", 0),
        (
            "2020-04-20 08:00",
            "2020-04-24",
            "2020-04-24 23:00",
            "resolved_on_time",
            0,
        ),  # due day, no time: end of day
        (
            "2020-04-20 08:00",
            "2020-04-24 10:00",
            "2020-04-24 11:00",
            "resolved_late",
            0,
        ),  # due time given
        ("2020-04-20 08:00", "2020-04-24", "2020-04-28 09:00", "resolved_late", 2),
        (
            "2020-04-22 08:00",
            "2020-04-29",
            "2020-05-06 09:00",
            "resolved_late",
            3,
        ),  # 30/4, 1/5 and weekend skipped
        (
            "2020-05-08 08:00",
            "2020-05-11",
            "2020-05-08 15:00",
            "resolved_early",
            0,
        ),  # Friday for a Monday
        (
            "2020-05-11 08:00",
            "2020-05-11",
            "2020-05-11 15:00",
            "resolved_on_time",
            0,
        ),  # same day: never early
        ("2020-04-20 08:00", "2020-05-20", None, "pending_in_time", 0),
        (
            "2020-05-07 08:00",
            "2020-05-14",
            None,
            "pending_in_time",
            0,
        ),  # due at the very end of the period
        ("2020-05-07 08:00", "2020-05-14 10:00", None, "pending_overdue", 0),
        ("2020-04-24 14:00", "2020-05-06", None, "pending_overdue", 6),
        (
            "2020-05-11 08:00",
            "2020-05-13",
            "2020-05-15 09:00",
            "pending_overdue",
            1,
        ),  # result after the period
        ("2020-04-10 08:00", "2020-04-17", "2020-04-20 10:00", "resolved_late", 1),  # carried over
        (
            "2020-04-10 08:00",
            "2020-04-17",
            "2020-04-14 10:00",
            "",
            0,
        ),  # resolved before the period: not counted
        ("2020-05-15 08:00", "2020-05-20", None, "", 0),  # received after the period: not counted
    ],
)
def test_states(received, due, result, state, days_late):
    row = classify(received, due, result)
    assert row["state"] == state
    assert row["working_days_late"] == days_late


def test_carried_over_and_received_in_period():
    carried = classify("2020-04-10", "2020-04-17", "2020-04-20")
    assert bool(carried["carried_over"]) and not bool(carried["received_in_period"])
    new = classify("2020-04-20", "2020-04-24", None)
    assert bool(new["received_in_period"]) and not bool(new["carried_over"])


def test_as_of_cuts_the_period_short():
    row = classify("2020-04-20", "2020-04-24", "2020-05-06", as_of=dt.date(2020, 5, 1))
    assert row["state"] == "pending_overdue"  # the result came after the as-of date


def test_early_needs_the_configured_spare_days():
    assert (
        classify("2020-05-04", "2020-05-08", "2020-05-07", early_min=1)["state"] == "resolved_early"
    )
    assert (
        classify("2020-05-04", "2020-05-08", "2020-05-07", early_min=2)["state"]
        == "resolved_on_time"
    )


def test_exempt_is_marked_only_on_late_cases():
    assert bool(classify("2020-04-20", "2020-04-24", "2020-04-28", exempt=True)["exempt"])
    assert not bool(classify("2020-04-20", "2020-04-24", "2020-04-23", exempt=True)["exempt"])


@pytest.mark.parametrize(
    ("value", "channel"),
    [
        ("Trực tuyến", "online"), ("trực tuyến mức độ 4", "online"), ("2", "online"), ("Dịch vụ công", "online"),
        ("Trực tiếp", "direct"), ("1", "direct"), ("", "direct"),
        ("Bưu chính công ích", "postal"), ("BCCI", "postal"), ("3", "postal"),
        ("Liên thông", "interconnected"),
    ],
)  # fmt: skip
def test_channels(value, channel):
    assert channel_of(pd.Series([value])).iloc[0] == channel


@pytest.mark.parametrize(
    ("value", "channel"), [("DVC mức độ 4", "online"), ("Nộp qua dịch vụ bưu chính", "postal")]
)
def test_channel_words_inside_longer_text(value, channel):
    assert channel_of(pd.Series([value])).iloc[0] == channel
