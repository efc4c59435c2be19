"""Every fast kernel of reading gives what its plain twin gives (compliance.read.kernels)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from compliance.inputs.checks import NOT_A_CODE, WORDS
from compliance.read import kernels
from compliance.read.dates import _FORMATS
from compliance.read.kernels import (
    MAX_YEAR,
    MIN_YEAR,
    all_distinct_fast,
    all_distinct_plain,
    fix_legacy_column_fast,
    fix_legacy_column_plain,
    matches_fast,
    matches_plain,
    normalise_case_codes_fast,
    normalise_case_codes_plain,
    parse_format_fast,
    parse_format_plain,
    text_cells_fast,
    text_cells_plain,
)
from compliance.read.legacy import (
    _CANDIDATE,
    NOT_8BIT_PATTERN,
    STRONG_HINT_PATTERN,
    SUSPECT_PATTERN,
)

NFD = unicodedata.normalize("NFD", "Nguyễn Thị Hằng, Ủy ban nhân dân xã Ea H’leo")

#: text as it arrives: Unicode (NFC and NFD), TCVN3 and VNI, Latin-1 names, codes, blanks
TEXTS = [
    "Hà Nội", NFD, "Hµ Néi", "Haø Noäi", "UBND x· Ea Sóp", "Ea Sóp", "José Café", "Müller",
    "Tây Ninh", "Lª V¨n Hïng", "NGUYÔN V¡N AN", "Nguyeãn Vaên An", "000.00.01.H16-200420-0001",
    "h16.22 – 200515-0001", " 000.31.01.H16-200421-0001 ", "00352112000539", "03706/2026/07906",
    "--A-1--", "A--1", "Da tra ket qua", "Xây dựng", "4", "20/10/2026", "2026-10-20",
    "Tổng số", "", " ", "\u00a0", "Sở Tư pháp\u00a0", "x", "Có", "Không",
]  # fmt: skip
MISSING = [None, float("nan")]


# -- regular expressions: RE2 in Arrow and Python's re ----------------------------------

PATTERNS = {
    "legacy candidate": _CANDIDATE.pattern,
    "legacy strong hint": STRONG_HINT_PATTERN,
    "legacy suspect": SUSPECT_PATTERN,
    "not 8-bit": NOT_8BIT_PATTERN,
    "not a code": NOT_A_CODE,
    "words": WORDS,
    "not a plain code": kernels._NOT_PLAIN_CODE,
}


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
@pytest.mark.parametrize(
    "values", [TEXTS, TEXTS + [None], [normalise_case_codes_plain(pd.Series(TEXTS)).iloc[0]], []],
    ids=["texts", "with None", "one code", "none"],
)  # fmt: skip
def test_matches_fast_is_re_search(pattern, values):
    assert matches_fast(values, pattern).tolist() == matches_plain(values, pattern).tolist()


@pytest.mark.parametrize(
    "keys",
    [
        ["A-1", "A-2", "B-1"],
        ["A-1", "A-2", "A-1"],
        ["", "A-1", ""],
        [unicodedata.normalize("NFC", "Đ-1"), unicodedata.normalize("NFD", "Đ-1"), "Hµ"],
        [],
    ],
    ids=["distinct", "repeated", "blank twice", "NFC and NFD", "empty"],
)
def test_all_distinct_fast_is_pandas(keys):
    series = pd.Series(keys, dtype=object)
    assert all_distinct_fast(series) == all_distinct_plain(series)


# -- case codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        TEXTS + MISSING,
        ["000.00.01.H16-200420-0001", "h16.22-200515-0001"] * 3,  # all plain: Arrow only
        ["000.00.01.H16\u2013200420\u20140001", "H16.22 - 200515 - 0001", "03706\u20442026/07906"],
        MISSING,
        [],
    ],
    ids=["mixed", "plain ASCII", "odd dashes and slashes", "missing", "empty"],
)
def test_normalise_case_codes_fast_is_one_by_one(values):
    series = pd.Series(values, dtype=object, index=range(10, 10 + len(values)))
    fast, plain = normalise_case_codes_fast(series), normalise_case_codes_plain(series)
    assert fast.tolist() == plain.tolist()
    assert fast.index.equals(series.index)


# -- spreadsheet cells as text -------------------------------------------------------------

CELLS = [
    *TEXTS, *MISSING, 0.0, 12.0, -3.0, 1.5, 1e17, 35000.25, float("inf"), 352112000539.0, 7, True,
    False, dt.datetime(2020, 5, 4, 8, 30), dt.datetime(2020, 5, 4, 8, 30, 15, 999_999),
    dt.date(2020, 2, 29), dt.time(17, 0), dt.timedelta(days=1, hours=2),
]  # fmt: skip


@pytest.mark.parametrize(
    "values",
    [
        CELLS,
        TEXTS + [None],  # a text column: all in Arrow
        ["Sở Tư pháp\u00a0", NFD, "Hµ Néi", None] * 20,  # few distinct values: once per value
        [12.0, float("nan"), 3.25, 1e16, -0.0],
        [dt.datetime(2021, 1, d, 23, 59, 59) for d in range(1, 29)] + [None],
        [None, None],
        [],
    ],
    ids=["every kind", "text", "few distinct", "numbers", "date-times", "missing", "empty"],
)
def test_text_cells_fast_is_cell_text(values):
    assert text_cells_fast(values).to_pylist() == text_cells_plain(values)


# -- dates in one format -------------------------------------------------------------------

DATES = [
    "05/04/2020 08:30:00", "31/02/2020 08:30:00", "29/02/2020 23:59:59", "29/02/2021 10:00:00",
    "05/04/2020 25:00:00", "05/04/2020 08:60:00", "00/04/2020 08:30:00", "05/13/2020 08:30:00",
    "05/04/1890 08:30:00", "05/04/2200 08:30:00", "", "5/4/2020 8:30", "5/4/2020", "05/04/2020",
    "31/02/2020", "01/03/2020", "03/03/2020", "2020-05-04", "2020-05-04 08:30:00",
    "2020-05-04T08:30:00", "2020-05-04T08:30:00+07:00", "2020-05-04T08:30:00+0700",
    "2020-05-04T08:30:00Z", "2020-02-31", "2020-03-01", "05-04-2020 08:30", "05.04.2020",
    "43955", "08:30 05/04/2020", "ngày 05/04/2020", "Hµ Néi", NFD, "05/04/2020 08:30:00 ",
]  # fmt: skip
#: every value written in full (as one-stop systems export): the byte reader's columns
FULL_WIDTH = {
    "%d/%m/%Y %H:%M:%S": ["05/04/2020 08:30:00", "31/02/2020 08:30:00", "29/02/2020 23:59:59",
                          "29/02/2021 10:00:00", "05/04/2020 25:00:00", "05/04/2020 08:60:00",
                          "00/04/2020 08:30:00", "05/13/2020 08:30:00", "05/04/1890 08:30:00",
                          "05/04/2200 08:30:00", "05-04-2020 08:30:00", "ab/04/2020 08:30:00",
                          "31/12/2100 23:59:59", "01/01/1990 00:00:00", ""],
    "%d/%m/%Y": ["05/04/2020", "31/02/2020", "29/02/2024", "31/04/2020", "", "5/04/20200"],
    "%Y-%m-%dT%H:%M:%S+07:00": ["2020-05-04T08:30:00+07:00", "2020-02-30T08:30:00+07:00",
                                "2020-05-04T08:30:00+08:00", ""],
    "%Y-%m-%dT%H:%M:%S+0700": ["2020-05-04T08:30:00+0700", "2020-05-04T24:00:00+0700"],
}  # fmt: skip


def _years(values: np.ndarray) -> list:
    """Dates outside MIN_YEAR–MAX_YEAR as NaT: the caller drops them, whoever read them."""
    out = values.copy()
    earliest = np.datetime64(f"{MIN_YEAR}-01-01", "ns")
    out[(out < earliest) | (out >= np.datetime64(f"{MAX_YEAR + 1}-01-01", "ns"))] = np.datetime64(
        "NaT"
    )
    return out.tolist()


def _as_caller(values: list) -> pd.Series:
    """The column as :func:`~compliance.read.dates.parse_date_column` hands it over."""
    return pd.Series(values, dtype=object).astype("str").fillna("").str.strip()


@pytest.mark.parametrize("fmt", _FORMATS)
@pytest.mark.parametrize(
    "values", [DATES, DATES + MISSING, ["", ""], []], ids=["dates", "missing", "blank", "empty"]
)
def test_parse_format_fast_is_pandas_strptime(fmt, values):
    text = _as_caller(values)
    assert _years(parse_format_fast(text, fmt)) == _years(parse_format_plain(text, fmt))


@pytest.mark.parametrize("fmt", FULL_WIDTH)
def test_the_byte_reader_is_pandas_strptime(fmt):
    text = _as_caller(FULL_WIDTH[fmt])
    assert kernels._fixed_width_dates(pa.array(text, type=pa.large_string()), fmt) is not None
    assert _years(parse_format_fast(text, fmt)) == _years(parse_format_plain(text, fmt))


# -- legacy fonts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        ["Hµ Néi", "Lª V¨n Hïng", "Ea Sóp", "", None],  # TCVN3: "Ea Sóp" follows its column
        ["Hµ Néi", "Lª V¨n Hïng", "Ea Sóp", "Hà Nội"],  # genuine Unicode: "Ea Sóp" stays
        ["Haø Noäi", "Nguyeãn Vaên An", "Traàn Thò Bích"],
        ["José Café", "Müller", "Tây Ninh", "Hoàng Anh", NFD],
        ["Hµ Néi", "Haø Noäi", float("nan"), "Sở Tư pháp"],
        [f"Hé kinh doanh {i}" for i in range(40)] + ["NguyÔn V¨n An"] * 5,  # all distinct
        ["Hµ Néi", "Lª V¨n Hïng", "Sở Tư pháp"] * 30,  # few distinct: scanned once each
        ["", ""],
    ],
    ids=["tcvn3", "tcvn3 and unicode", "vni", "latin-1 and nfd", "mixed", "many", "few", "blank"],
)
def test_fix_legacy_column_fast_is_fix_legacy_series(values):
    series = pd.Series(values, dtype=object, index=range(5, 5 + len(values)))
    fast, plain = fix_legacy_column_fast(series), fix_legacy_column_plain(series)
    assert (fast is None) == (plain is None)
    if fast is not None:
        assert fast.tolist() == plain.tolist()
        assert fast.index.equals(series.index)
