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

from compliance.text import utf8_bytes

LOCAL_TZ = "Asia/Ho_Chi_Minh"
MIN_YEAR, MAX_YEAR = 1990, 2100
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
        out = _parse_whole_column(text, formats[0])  # NaT where empty or in another format
        todo &= np.isnat(out)
        if todo.any():
            positions = np.flatnonzero(todo)
            rest = text.iloc[positions].reset_index(drop=True)
            parsed = _parse_rest(rest, formats[1:])
            out[positions] = parsed.to_numpy("datetime64[ns]")
    out[(out < _EARLIEST) | (out >= _AFTER_LATEST)] = np.datetime64("NaT")
    return pd.Series(out, index=values.index), blank


def _parse_whole_column(text: pd.Series, fmt: str) -> np.ndarray:
    """One format over a whole column.

    A column whose every value is written in full (``05/04/2020 08:30:00``, as one-stop
    systems export them) is read digit by digit in numpy (:func:`_parse_fixed_width`).
    Otherwise Arrow's strptime, ~20× faster than pandas' on a million distinct timestamps,
    which rolls impossible days over (31/02 → 02/03): a rolled-over date always lands on day
    1–3, so only those rows are checked against the day as written.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(text, type=pa.large_string())
        fixed = _parse_fixed_width(arr, fmt)
        if fixed is not None:
            return fixed
        parsed = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_datetime(text, format=fmt, errors="coerce").to_numpy(
            "datetime64[ns]", copy=True
        )
    out = parsed.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
    early = pc.fill_null(pc.less_equal(pc.day(parsed), 3), False)
    if pc.any(early).as_py():
        positions = np.flatnonzero(early.to_numpy(zero_copy_only=False))
        days = pc.day(pc.filter(parsed, early))
        written = _written_days(pc.filter(arr, early), fmt)
        mismatch = pc.fill_null(pc.not_equal(days, written), True).to_numpy(zero_copy_only=False)
        out[positions[mismatch]] = np.datetime64("NaT")
    return out


def _fixed_layout(fmt: str) -> tuple[int, dict[str, int], dict[int, int]]:
    """Width of ``fmt`` written in full, offset of each field, byte of each literal character."""
    fields, literals, pos, i = {}, {}, 0, 0
    while i < len(fmt):
        if fmt[i] == "%":
            fields[fmt[i + 1]] = pos
            pos += 4 if fmt[i + 1] == "Y" else 2
            i += 2
        else:
            literals[pos] = ord(fmt[i])
            pos += 1
            i += 1
    return pos, fields, literals


def _parse_fixed_width(arr, fmt: str) -> np.ndarray | None:
    """``fmt`` read from the bytes, when every value is empty or exactly as wide as ``fmt``.

    The values then lie end to end in Arrow's data buffer: a (rows × width) byte matrix,
    no copy. Each field is two or four digit columns; a row with a non-digit, a wrong
    separator or an impossible date (31/02, 25:00) is NaT, to be tried in other formats.
    None when the widths vary (``5/4/2020``): strptime then reads the column.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    width, fields, literals = _fixed_layout(fmt)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    lengths = pc.binary_length(arr).to_numpy(zero_copy_only=False)
    filled = lengths == width
    if arr.null_count or not filled.any() or not ((lengths == 0) | filled).all():
        return None
    data = utf8_bytes(arr)
    n = len(data) // width
    ok = np.ones(n, dtype=bool)
    for pos, byte in literals.items():
        ok &= data[pos::width] == byte

    def pair(pos: int) -> np.ndarray:
        """The two digits at ``pos`` of every value as 0–99 (one table look-up), 255 if not digits."""
        both = np.ndarray(shape=(n,), dtype="<u2", buffer=data, offset=pos, strides=(width,))
        value = _TWO_DIGITS[both]
        ok[:] &= value != 255
        return value

    def number(field: str, default: int) -> np.ndarray:
        if field not in fields:
            return np.full(n, default, dtype=np.int16)
        start = fields[field]
        if field == "Y":
            return pair(start).astype(np.int16) * 100 + pair(start + 2)
        return pair(start).astype(np.int16)

    year, month, day = number("Y", 1970), number("m", 1), number("d", 1)
    hour, minute, second = number("H", 0), number("M", 0), number("S", 0)
    ok &= (year >= MIN_YEAR) & (year <= MAX_YEAR) & (month >= 1) & (month <= 12)
    ok &= (hour < 24) & (minute < 60) & (second < 60)
    # Day number of the first of each month since 1970, and its length, looked up per row.
    index = np.where(ok, (year.astype(np.int32) - MIN_YEAR) * 12 + month - 1, 0)
    ok &= (day >= 1) & (day <= _MONTH_LENGTH[index])
    seconds = (_MONTH_START[index] + day - 1) * 86_400 + (
        hour.astype(np.int32) * 3600 + minute * 60 + second
    )
    stamps = np.where(ok, seconds * 1_000_000_000, np.datetime64("NaT").view(np.int64))
    if len(stamps) == len(arr):  # no empty cell: the stamps are the column
        return stamps.view("datetime64[ns]")
    out = np.full(len(arr), np.datetime64("NaT"), dtype="datetime64[ns]")
    out[filled] = stamps.view("datetime64[ns]")
    return out


#: two ASCII digits read as one little-endian 16-bit number → their value; 255 for anything else
_TWO_DIGITS = np.full(1 << 16, 255, dtype=np.uint8)
for _tens in range(10):
    for _units in range(10):
        _TWO_DIGITS[(ord("0") + _tens) | (ord("0") + _units) << 8] = _tens * 10 + _units

_MONTHS = np.arange(np.datetime64(f"{MIN_YEAR}-01", "M"), np.datetime64(f"{MAX_YEAR + 1}-02", "M"))
#: days from 1970-01-01 to the first of each month from MIN_YEAR, and the month's length
_MONTH_START = _MONTHS.astype("datetime64[D]").astype(np.int64)[:-1]
_MONTH_LENGTH = np.diff(_MONTHS.astype("datetime64[D]").astype(np.int64))


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
