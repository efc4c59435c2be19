"""Vectorised parsing of the date values found in exports (CONTRACT 2.1).

``dd/mm/yyyy`` and ``d/m/yyyy`` with optional `` HH:MM[:SS]``, ISO 8601 with or without an
offset (``+0700`` / ``+07:00``, converted to Vietnam time), real Excel dates (already ISO
text after reading) and Excel serial numbers. The most common format is tried first on the
whole column, then the others on what is left, so a column costs about one C-level pass.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

LOCAL_TZ = "Asia/Ho_Chi_Minh"
MIN_YEAR, MAX_YEAR = 1990, 2100

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
    "%Y-%m-%d",
]
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_TIME_FIRST = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)\s+(\d{1,2}/\d{1,2}/\d{4})$")


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a column of text dates to naive local Timestamps (NaT where empty or unparseable)."""
    text = values.astype("str").str.strip()
    text = text.where(~values.isna(), "")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = text != ""
    if not todo.any():
        return result

    for fmt in _ordered_formats(text[todo]):
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        ok = parsed.notna()
        if ok.any():
            result[ok[ok].index] = parsed[ok]
            todo[ok[ok].index] = False

    if todo.any():
        _parse_rest(text, todo, result)
    years = result.dt.year
    return result.where((years >= MIN_YEAR) & (years <= MAX_YEAR) | result.isna(), pd.NaT)


def _ordered_formats(sample_source: pd.Series) -> list[str]:
    """The formats, the one that parses most of a sample first."""
    sample = sample_source.iloc[:: max(1, len(sample_source) // 200)].iloc[:200]
    scores = []
    for fmt in _FORMATS:
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        scores.append(int(parsed.notna().sum()))
    order = sorted(range(len(_FORMATS)), key=lambda i: -scores[i])
    return [_FORMATS[i] for i in order if scores[i] > 0] or _FORMATS[:3]


def _parse_rest(text: pd.Series, todo: pd.Series, result: pd.Series) -> None:
    """What the common formats left: offsets, Excel serials, other ISO shapes, time-first text."""
    rest = text[todo]
    with_offset = rest[rest.str.contains(_OFFSET, regex=True)]
    if len(with_offset):
        parsed = pd.to_datetime(with_offset, format="ISO8601", errors="coerce", utc=True)
        parsed = parsed.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
        _store(parsed, result, todo)
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


def _store(parsed: pd.Series, result: pd.Series, todo: pd.Series) -> None:
    ok = parsed.notna()
    if ok.any():
        idx = ok[ok].index
        result[idx] = parsed[idx].astype("datetime64[ns]")
        todo[idx] = False


def end_of_day_if_midnight(values: pd.Series) -> pd.Series:
    """A due value with no time of day means the end of that day (23:59:59)."""
    midnight = values.notna() & (values == values.dt.normalize())
    out = values.copy()
    out[midnight] = values[midnight] + pd.Timedelta(hours=23, minutes=59, seconds=59)
    return out


def to_day(values: pd.Series) -> np.ndarray:
    """Calendar days (datetime64[D]) of timestamps."""
    return values.to_numpy("datetime64[D]")
