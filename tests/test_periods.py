import datetime as dt

import pytest

from compliance.calendar.periods import adhoc_period, parse_period
from compliance.errors import UsageError

D = dt.date


@pytest.mark.parametrize(
    ("text", "cutoff", "start", "end"),
    [
        ("2020-05", 15, D(2020, 4, 15), D(2020, 5, 14)),  # the example of Nghị định 09/2019
        ("2020-01", 15, D(2019, 12, 15), D(2020, 1, 14)),
        ("2020-12", 15, D(2020, 11, 15), D(2020, 12, 14)),
        ("2020-Q1", 15, D(2019, 12, 15), D(2020, 3, 14)),
        ("2020-Q4", 15, D(2020, 9, 15), D(2020, 12, 14)),
        ("2020-H1", 15, D(2019, 12, 15), D(2020, 6, 14)),
        ("2020-H2", 15, D(2020, 6, 15), D(2020, 12, 14)),
        ("2020", 15, D(2019, 12, 15), D(2020, 12, 14)),
        ("2020-02", 1, D(2020, 2, 1), D(2020, 2, 29)),  # calendar month, leap year
        ("2021-q2", 1, D(2021, 4, 1), D(2021, 6, 30)),
    ],
)
def test_periods(text, cutoff, start, end):
    period = parse_period(text, cutoff)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text", ["2020-13", "2020-5", "20-05", "2020-Q5", "2020-H3", "tháng 5", ""]
)
def test_bad_period_is_a_usage_error(text):
    with pytest.raises(UsageError) as err:
        parse_period(text)
    assert "--period" in err.value.message


def test_adhoc_period_label_and_order():
    period = adhoc_period(D(2020, 5, 1), D(2020, 5, 20))
    assert period.label == "2020-05-01_2020-05-20"
    with pytest.raises(UsageError):
        adhoc_period(D(2020, 5, 20), D(2020, 5, 1))
