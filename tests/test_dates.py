import pandas as pd
import pytest

from compliance.dates import end_of_day_if_midnight, parse_dates

T = pd.Timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/05/2020", T("2020-05-14")),
        ("4/5/2020", T("2020-05-04")),
        ("14/05/2020 16:30", T("2020-05-14 16:30")),
        ("14/05/2020 16:30:05", T("2020-05-14 16:30:05")),
        ("2020-05-14", T("2020-05-14")),
        ("2020-05-14T16:30:00", T("2020-05-14 16:30")),
        ("2020-05-14T16:30:00+0700", T("2020-05-14 16:30")),
        ("2020-05-14T16:30:00+07:00", T("2020-05-14 16:30")),
        ("2020-05-14T09:30:00Z", T("2020-05-14 16:30")),  # UTC → Vietnam time
        ("43965", T("2020-05-14")),  # an Excel serial number
        ("43965.5", T("2020-05-14 12:00")),
        ("16:30 14/05/2020", T("2020-05-14 16:30")),
        ("31/04/2020", pd.NaT),  # impossible
        ("14/13/2020", pd.NaT),
        ("01/01/1900", pd.NaT),  # implausible year
        ("ngày 14", pd.NaT),
        ("", pd.NaT),
    ],
)
def test_parse_dates(text, expected):
    got = parse_dates(pd.Series([text, "01/01/2020"], dtype=object)).iloc[0]
    assert (pd.isna(got) and pd.isna(expected)) or got == expected


def test_mixed_column_keeps_each_format():
    values = pd.Series(
        ["14/05/2020 08:00:00", "2020-05-14T08:00:00+07:00", "15/5/2020", None], dtype=object
    )
    got = parse_dates(values).tolist()
    assert got[:3] == [T("2020-05-14 08:00"), T("2020-05-14 08:00"), T("2020-05-15")]
    assert pd.isna(got[3])


def test_due_without_time_means_end_of_day():
    got = end_of_day_if_midnight(pd.Series([T("2020-05-14"), T("2020-05-14 10:00")]))
    assert got.tolist() == [T("2020-05-14 23:59:59"), T("2020-05-14 10:00")]
