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
    text = values.astype("str").fillna("").str.strip()
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    todo = (text != "").to_numpy(dtype=bool, copy=True)
    if todo.any():
        filled = np.flatnonzero(todo)
        formats = _ordered_formats(text.iloc[filled[:: max(1, len(filled) // 200)][:200]])
        # The most common format over the whole column in one C pass; the rest on what is left.
        first = _parse_whole_column(text, formats[0])
        ok = todo & ~np.isnat(first)
        out[ok] = first[ok]
        todo &= ~ok
        if todo.any():
            positions = np.flatnonzero(todo)
            rest = text.iloc[positions].reset_index(drop=True)
            parsed = _parse_rest(rest, formats[1:])
            out[positions] = parsed.to_numpy("datetime64[ns]")
    years = out.astype("datetime64[Y]").astype(np.int64) + 1970
    out[(years < MIN_YEAR) | (years > MAX_YEAR)] = np.datetime64("NaT")
    return pd.Series(out, index=values.index)


def _parse_whole_column(text: pd.Series, fmt: str) -> np.ndarray:
    """One format over a whole column.

    Arrow's strptime is ~20× faster than pandas' on a million distinct timestamps, but it
    rolls impossible days over (31/02 → 02/03). A rolled-over date always lands on day 1–3,
    so only those rows are parsed again strictly by pandas, which rejects impossible dates.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(text, type=pa.large_string())
        parsed = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_datetime(text, format=fmt, errors="coerce").to_numpy("datetime64[ns]")
    out = parsed.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
    early_days = pc.fill_null(pc.less_equal(pc.day(parsed), 3), False).to_numpy(
        zero_copy_only=False
    )
    if early_days.any():
        positions = np.flatnonzero(early_days)
        index = pa.array(positions)
        days = pc.day(parsed.take(index))
        written = _written_days(arr.take(index), fmt)
        mismatch = pc.fill_null(pc.not_equal(days, written), True).to_numpy(zero_copy_only=False)
        out[positions[mismatch]] = np.datetime64("NaT")
    return out


def _written_days(values, fmt: str):
    """The day as written in each value (format starting ``%d<sep>`` or ``%Y-%m-%d``); null if unreadable."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if fmt.startswith("%Y"):
        part = pc.utf8_slice_codeunits(values, 8, 10)
    else:  # "5/4/2020" or "05/04/2020": the digits before the first separator
        part = pc.list_element(pc.split_pattern(values, fmt[2], max_splits=1), 0)
    return pc.cast(
        pc.if_else(pc.utf8_is_digit(part), part, pa.scalar(None, pa.large_string())), pa.int64()
    )


def _ordered_formats(sample: pd.Series) -> list[str]:
    """The formats, the one that parses most of a sample of the column first."""
    scores = []
    for fmt in _FORMATS:
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        scores.append(int(parsed.notna().sum()))
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


def end_of_day_if_midnight(values: pd.Series) -> pd.Series:
    """A due value with no time of day means the end of that day (23:59:59)."""
    midnight = values.notna() & (values == values.dt.normalize())
    out = values.copy()
    out[midnight] = values[midnight] + pd.Timedelta(hours=23, minutes=59, seconds=59)
    return out
