import pandas as pd
import pytest

from compliance.read.dates import end_of_day_if_midnight, parse_dates

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


# Columns written in full (every value as wide as its format) are read digit by digit; the
# result must be exactly what a strict parser gives, impossible dates included.
FULL_WIDTH = [
    "14/05/2020 16:30:05",
    "31/02/2020 10:00:00",  # impossible day: not rolled over to March
    "29/02/2020 23:59:59",  # leap day
    "29/02/2021 08:00:00",  # no such day
    "31/12/2020 00:00:00",
    "30/04/2020 24:00:00",  # no such hour
    "14/05/2020 16:60:00",
    "14-05-2020 16:30:05",  # other separators: another format, read later
    "ab/05/2020 16:30:05",
    "1:/05/2020 16:30:05",  # ':' is the byte after '9': not a digit, though 1*10+10 = 20
    "00/05/2020 16:30:05",
    "14/00/2020 16:30:05",
    "",
]


def test_full_width_column_matches_strict_parsing():
    values = pd.Series(FULL_WIDTH * 3, dtype="str")
    strict = pd.to_datetime(values, format="%d/%m/%Y %H:%M:%S", errors="coerce")
    strict[values == "14-05-2020 16:30:05"] = T("2020-05-14 16:30:05")  # the later format
    got = parse_dates(values)
    assert got.isna().tolist() == strict.isna().tolist()
    assert (got[got.notna()] == strict[strict.notna()]).all()


def test_full_width_random_values_match_strict_parsing():
    import numpy as np

    rng = np.random.default_rng(7)
    days, months = rng.integers(0, 33, 5000), rng.integers(0, 14, 5000)
    years, hours = rng.integers(1995, 2030, 5000), rng.integers(0, 26, 5000)
    values = pd.Series(
        [
            f"{d:02d}/{m:02d}/{y} {h:02d}:{h:02d}:{d:02d}"
            for d, m, y, h in zip(days, months, years, hours, strict=True)
        ],
        dtype="str",
    )
    strict = pd.to_datetime(values, format="%d/%m/%Y %H:%M:%S", errors="coerce")
    got = parse_dates(values.iloc[1:])  # a slice: the values start inside the buffer
    pd.testing.assert_series_equal(got, strict.iloc[1:].astype("datetime64[ns]"), check_names=False)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["14/05/2020", "01/06/2020"], [T("2020-05-14"), T("2020-06-01")]),
        (["2020-05-14 16:30:00", ""], [T("2020-05-14 16:30"), pd.NaT]),
        (["14.05.2020", "31.06.2020"], [T("2020-05-14"), pd.NaT]),
        (["14/05/2020 16:30", "4/5/2020 16:30"], [T("2020-05-14 16:30"), T("2020-05-04 16:30")]),
    ],
)
def test_full_width_formats(values, expected):
    got = parse_dates(pd.Series(values * 20, dtype="str")).tolist()
    assert [None if pd.isna(v) else v for v in got] == [
        None if pd.isna(v) else v for v in expected * 20
    ]
