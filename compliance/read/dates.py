"""Vectorised parsing of the date values found in exports (CONTRACT 2.1).

``dd/mm/yyyy`` and ``d/m/yyyy`` with optional `` HH:MM[:SS]``, ISO 8601 with or without an
offset (``+0700`` / ``+07:00``, converted to Vietnam time), real Excel dates (already ISO
text after reading) and Excel serial numbers. The most common format is tried first on the
whole column, then the others on what is left, so a column costs about one C-level pass
(:func:`~compliance.read.kernels.parse_format_fast`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from compliance.read.kernels import MAX_YEAR, MIN_YEAR, parse_format_fast

LOCAL_TZ = "Asia/Ho_Chi_Minh"
_EARLIEST = np.datetime64(f"{MIN_YEAR}-01-01", "ns")
_AFTER_LATEST = np.datetime64(f"{MAX_YEAR + 1}-01-01", "ns")

_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    # Vietnam's own offset, as portals write ISO 8601: the time is local time as written
    # (Asia/Ho_Chi_Minh has been UTC+7, without summer time, since 1975), so read in one pass
    # like the others; any other offset is converted below (_parse_rest).
    "%Y-%m-%dT%H:%M:%S+07:00",
    "%Y-%m-%dT%H:%M:%S+0700",
    "%Y-%m-%d",
]
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_TIME_FIRST = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)\s+(\d{1,2}/\d{1,2}/\d{4})$")


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a column of text dates to naive local Timestamps (NaT where empty or unparseable)."""
    return parse_date_column(values)[0]


def parse_date_column(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """:func:`parse_dates`, and which cells are empty (or only spaces) beside it."""
    text = values.astype("str").fillna("").str.strip()
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    blank = (text == "").to_numpy(dtype=bool)
    todo = ~blank
    if todo.any():
        filled = np.flatnonzero(todo)
        formats = _ordered_formats(text.iloc[filled[:: max(1, len(filled) // 200)][:200]])
        # The most common format over the whole column in one C pass; the rest on what is left.
        out = parse_format_fast(text, formats[0])  # NaT where empty or in another format
        todo &= np.isnat(out)
        if todo.any():
            positions = np.flatnonzero(todo)
            rest = text.iloc[positions].reset_index(drop=True)
            parsed = _parse_rest(rest, formats[1:])
            out[positions] = parsed.to_numpy("datetime64[ns]")
    out[(out < _EARLIEST) | (out >= _AFTER_LATEST)] = np.datetime64("NaT")
    return pd.Series(out, index=values.index), blank


def _ordered_formats(sample: pd.Series) -> list[str]:
    """The formats, the one that parses most of a sample of the column first.

    A format that reads the whole sample is first at once (the usual export); the others keep
    their order.
    """
    scores = []
    for i, fmt in enumerate(_FORMATS):
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        scores.append(int(parsed.notna().sum()))
        if scores[-1] == len(sample):
            return [fmt, *_FORMATS[:i], *_FORMATS[i + 1 :]]
    order = sorted(range(len(_FORMATS)), key=lambda i: -scores[i])
    return [_FORMATS[i] for i in order]


def _parse_rest(text: pd.Series, formats: list[str]) -> pd.Series:
    """What the common format left: other formats, offsets, Excel serials, time-first text."""
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    todo = pd.Series(True, index=text.index)
    for fmt in formats:
        if not todo.any():
            return result
        _store(pd.to_datetime(text[todo], format=fmt, errors="coerce"), result, todo)
    rest = text[todo]
    with_offset = rest[rest.str.contains(_OFFSET, regex=True)]
    if len(with_offset):
        parsed = pd.to_datetime(with_offset, format="ISO8601", errors="coerce", utc=True)
        _store(parsed.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None), result, todo)
    rest = text[todo]
    serial = rest[rest.str.match(_SERIAL)]
    if len(serial):
        days = serial.astype(float)
        plausible = (days > 25000) & (days < 73000)  # 1968–2099
        parsed = pd.to_datetime("1899-12-30") + pd.to_timedelta(days[plausible], unit="D")
        _store(parsed.dt.round("s"), result, todo)
    rest = text[todo]
    if len(rest):
        swapped = rest.str.replace(_TIME_FIRST, r"\2 \1", regex=True)
        for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
            _store(pd.to_datetime(swapped, format=fmt, errors="coerce"), result, todo)
    rest = text[todo]
    if len(rest):
        _store(pd.to_datetime(rest, format="ISO8601", errors="coerce"), result, todo)
    return result


def _store(parsed: pd.Series, result: pd.Series, todo: pd.Series) -> None:
    ok = parsed.notna()
    if ok.any():
        idx = ok[ok].index
        result[idx] = parsed[idx].astype("datetime64[ns]")
        todo[idx] = False


def day_numbers(values: pd.Series) -> pd.Series:
    """Days since 1970-01-01 of each timestamp (a far negative number for NaT), for comparing days."""
    nanoseconds = values.to_numpy("datetime64[ns]").view(np.int64)
    return pd.Series(nanoseconds // 86_400_000_000_000, index=values.index)


def end_of_day_if_midnight(values: pd.Series) -> pd.Series:
    """A due value with no time of day means the end of that day (23:59:59)."""
    midnight = values.notna() & (values == values.dt.normalize())
    out = values.copy()
    out[midnight] = values[midnight] + pd.Timedelta(hours=23, minutes=59, seconds=59)
    return out
