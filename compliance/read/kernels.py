"""The fast column kernels of reading (Arrow, RE2, numpy bytes), each beside its plain twin.

Every ``*_fast`` function has a ``*_plain`` twin in plain pandas or Python, the reference that
``tests/test_kernels.py`` holds it to, value for value. Callers use the fast one; nothing else
imports pyarrow for speed (here it is imported inside the functions: importing stays cheap).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from compliance.read.cells import cell_text
from compliance.text import normalise_case_code

if TYPE_CHECKING:
    import pyarrow as pa

#: the years a date of an export can have; others are typing errors
MIN_YEAR, MAX_YEAR = 1990, 2100


# --------------------------------------------------------------------------- regex matching


def matches_fast(values: Sequence[str], pattern: str) -> np.ndarray:
    """Which ``values`` (strings; a missing value is False) hold a match of ``pattern`` (RE2
    syntax, which ``re`` reads alike), in one Arrow pass."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.large_string())
    found = pc.match_substring_regex(arr, pattern)
    return (found.fill_null(False) if found.null_count else found).to_numpy(zero_copy_only=False)


def matches_plain(values: Sequence[str], pattern: str) -> np.ndarray:
    """:func:`matches_fast` with ``re.search``, one value at a time (a missing value: False)."""
    rule = re.compile(pattern)
    hits = (isinstance(v, str) and rule.search(v) is not None for v in values)
    return np.fromiter(hits, dtype=bool, count=len(values))


def all_distinct_fast(keys: pd.Series) -> bool:
    """Whether no two values of ``keys`` are equal: one hash pass in Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return len(pc.unique(pa.array(keys, type=pa.large_string()))) == len(keys)


def all_distinct_plain(keys: pd.Series) -> bool:
    """:func:`all_distinct_fast` in pandas."""
    return not keys.duplicated().any()


# --------------------------------------------------------------------------- case codes

#: a code that needs more than upper-casing (RE2 syntax, for Arrow)
_NOT_PLAIN_CODE = r"[^!-~]|--|^-|-$"


def normalise_case_codes_fast(series: pd.Series) -> pd.Series:
    """Vectorised :func:`~compliance.text.normalise_case_code`, for columns of a million codes.

    Clean ASCII codes (nearly all of them) only need upper-casing, done in Arrow;
    the few with spaces, odd dashes or non-ASCII text go through the full function.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = series.astype("str").fillna("")
    arr = pa.array(text, type=pa.large_string())
    # One RE2 pass: anything but printable ASCII (spaces, odd dashes, Vietnamese), a doubled or
    # an edge dash. Codes without any (nearly all) only need upper-casing.
    suspicious = pc.match_substring_regex(arr, _NOT_PLAIN_CODE)
    if not pc.any(suspicious).as_py():
        return pc.ascii_upper(arr).to_pandas().set_axis(series.index)
    upper = pc.ascii_upper(arr)
    mask = suspicious.to_numpy(zero_copy_only=False)
    if mask.any():
        positions = np.flatnonzero(mask)
        fixed = [normalise_case_code(v) for v in text.iloc[positions]]
        values = upper.to_numpy(zero_copy_only=False)
        values[positions] = fixed
        upper = pa.array(values, type=pa.large_string())
    return upper.to_pandas().set_axis(series.index)


def normalise_case_codes_plain(series: pd.Series) -> pd.Series:
    """:func:`normalise_case_codes_fast` one code at a time."""
    text = series.astype("str").fillna("")
    return pd.Series([normalise_case_code(v) for v in text], index=series.index, dtype=object)


# --------------------------------------------------------------------------- cells as text


def text_cells_fast(values: Sequence[object]):
    """:func:`~compliance.read.cells.cell_text` over a column of spreadsheet cells, as an Arrow
    ``large_string`` array.

    One vectorised pass per kind of value (text, date-times, dates, numbers) instead of one
    Python call per cell; the rare kinds (times, booleans, fractions) go through
    :func:`cell_text` itself, so both give the same text for every cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kinds = np.fromiter(map(type, values), dtype=object, count=len(values))
    if (_of_kind(kinds, str) | _of_kind(kinds, type(None))).all():  # a text column: all in Arrow
        return _str_text(values).fill_null("")
    cells = np.fromiter(values, dtype=object, count=len(values))
    out = pa.nulls(len(cells), pa.large_string())
    for kind, convert in _CONVERTERS.items():
        mask = _of_kind(kinds, kind)
        if mask.any():
            out = pc.replace_with_mask(out, mask, convert(cells[mask]))
            kinds[mask] = type(None)
    rest = ~_of_kind(kinds, type(None))
    if rest.any():
        by_cell = [cell_text(v) for v in cells[rest]]
        out = pc.replace_with_mask(out, rest, pa.array(by_cell, type=pa.large_string()))
    return out.fill_null("")


def _of_kind(kinds: np.ndarray, kind: type) -> np.ndarray:
    """Which cells of ``kinds`` (an object array of the cells' types) are of type ``kind``."""
    return kinds == kind  # elementwise: each cell's type compared with ``kind``


def text_cells_plain(values: Sequence[object]) -> list[str]:
    """:func:`text_cells_fast` one cell at a time."""
    return [cell_text(v) for v in values]


def _str_text(cells: Sequence[object] | np.ndarray):
    """Text cells cleaned in Arrow; a column of few distinct values (units, statuses) is
    cleaned once per value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(cells, type=pa.large_string())
    encoded = pc.dictionary_encode(arr)
    if len(encoded.dictionary) * 4 < len(arr):
        return _clean_text(encoded.dictionary).take(encoded.indices)
    return _clean_text(arr)


def _clean_text(arr):
    """Arrow's :func:`cell_text` of text: NFC, non-breaking spaces plain, trimmed."""
    import pyarrow.compute as pc

    if not pc.all(pc.string_is_ascii(arr)).as_py():  # ASCII (case codes) is NFC already
        arr = pc.replace_substring(pc.utf8_normalize(arr, "NFC"), "\u00a0", " ")
    return pc.utf8_trim_whitespace(arr)


def _datetime_text(cells: np.ndarray):
    import pyarrow as pa
    import pyarrow.compute as pc

    stamps = pc.floor_temporal(pa.array(cells, type=pa.timestamp("us")), unit="second")
    text = stamps.cast(pa.timestamp("s")).cast(pa.large_string())  # "2020-05-04 08:30:00"
    return pc.utf8_replace_slice(text, start=10, stop=11, replacement="T")


def _date_text(cells: np.ndarray):
    import pyarrow as pa

    return pa.array(cells, type=pa.date32()).cast(pa.large_string())


def _number_text(cells: np.ndarray):
    """Whole numbers (below 10^16) as integers, others as Python writes them, NaN empty."""
    import pyarrow as pa

    numbers = cells.astype(np.float64)
    whole = np.isfinite(numbers) & (np.floor(numbers) == numbers) & (np.abs(numbers) < 1e16)
    text = np.empty(len(cells), dtype=object)
    text[whole] = (
        pa.array(numbers[whole].astype(np.int64))
        .cast(pa.large_string())
        .to_numpy(zero_copy_only=False)
    )
    others = np.flatnonzero(~whole)
    text[others] = [cell_text(v) for v in cells[others]]
    return pa.array(text, type=pa.large_string())


#: cell type → its converter of an object array of such cells to an Arrow large_string array
_CONVERTERS: dict[type, Callable[[np.ndarray], pa.Array]] = {
    str: _str_text,
    dt.datetime: _datetime_text,
    dt.date: _date_text,
    float: _number_text,
}


# --------------------------------------------------------------------------- dates in one format


def parse_format_fast(text: pd.Series, fmt: str) -> np.ndarray:
    """The stripped text dates of a column read in one strptime format, as ``datetime64[ns]``:
    NaT where empty, in another format or not a real date (31/02, 25:00). The byte reader
    also leaves NaT outside MIN_YEAR–MAX_YEAR, which the caller drops in any case.

    A column whose every value is written in full (``05/04/2020 08:30:00``, as one-stop
    systems export them) is read digit by digit in numpy (:func:`_fixed_width_dates`).
    Otherwise Arrow's strptime, ~20× faster than pandas' on a million distinct timestamps,
    which rolls impossible days over (31/02 → 02/03): a rolled-over date always lands on day
    1–3, so only those rows are checked against the day as written.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(text, type=pa.large_string())
        fixed = _fixed_width_dates(arr, fmt)
        if fixed is not None:
            return fixed
        parsed = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return parse_format_plain(text, fmt)
    out = parsed.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
    early = pc.fill_null(pc.less_equal(pc.day(parsed), 3), False)
    if pc.any(early).as_py():
        positions = np.flatnonzero(early.to_numpy(zero_copy_only=False))
        days = pc.day(pc.filter(parsed, early))
        written = _written_days(pc.filter(arr, early), fmt)
        mismatch = pc.fill_null(pc.not_equal(days, written), True).to_numpy(zero_copy_only=False)
        out[positions[mismatch]] = np.datetime64("NaT")
    return out


def parse_format_plain(text: pd.Series, fmt: str) -> np.ndarray:
    """:func:`parse_format_fast` with pandas' strptime."""
    return pd.to_datetime(text, format=fmt, errors="coerce").to_numpy("datetime64[ns]", copy=True)


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


def _fixed_width_dates(arr, fmt: str) -> np.ndarray | None:
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
    data = _utf8_bytes(arr)
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


def _utf8_bytes(arr) -> np.ndarray:
    """The bytes of the values of an Arrow large-string array, end to end, as numpy (no copy)."""
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[
        arr.offset : arr.offset + len(arr) + 1
    ]
    data = arr.buffers()[2]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return data[offsets[0] : offsets[-1]]


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


# --------------------------------------------------------------------------- legacy fonts


def fix_legacy_column_fast(series: pd.Series) -> pd.Series | None:
    """A text column with its TCVN3/VNI cells converted, or None when none is.

    Legacy text is 8-bit only (Windows-1252); an Arrow scan with legacy's own candidate rule
    (:data:`~compliance.read.legacy.SUSPECT_PATTERN`) picks the distinct values that could be
    legacy, so a million ordinary Unicode cells cost one pass, and each suspect is detected
    (and converted) once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from compliance.read.legacy import NOT_8BIT_PATTERN, SUSPECT_PATTERN, fix_legacy_series

    arr = pa.array(series.astype("str").fillna(""), type=pa.large_string())
    head = arr.slice(0, 20_000)
    # Few distinct values: scan those; many: scan the cells once, then take the distinct.
    scanned = pc.unique(arr) if len(pc.unique(head)) * 10 < len(head) else arr
    suspects = pc.unique(scanned.filter(pc.match_substring_regex(scanned, SUSPECT_PATTERN)))
    if not len(suspects):
        return None
    # Detected and converted once per distinct value, then only the changed cells replaced.
    before = suspects.to_pylist()

    def genuine_elsewhere() -> bool:
        """Whether some cell of the column holds text beyond Windows-1252 (asked at most once)."""
        return bool(pc.any(pc.match_substring_regex(scanned, NOT_8BIT_PATTERN)).as_py())

    fixed, changed = fix_legacy_series(
        pd.Series(before, dtype=object), genuine_elsewhere=genuine_elsewhere
    )
    if not changed:
        return None
    mapping = {old: new for old, new in zip(before, fixed, strict=True) if old != new}
    position = pc.index_in(arr, value_set=pa.array(list(mapping), type=pa.large_string()))
    replacement = pa.array(list(mapping.values()), type=pa.large_string()).take(position)
    return pc.if_else(pc.is_null(position), arr, replacement).to_pandas().set_axis(series.index)


def fix_legacy_column_plain(series: pd.Series) -> pd.Series | None:
    """:func:`fix_legacy_column_fast` over the whole column with
    :func:`~compliance.read.legacy.fix_legacy_series`."""
    from compliance.read.legacy import fix_legacy_series

    fixed, changed = fix_legacy_series(series.astype("str").fillna("").astype(object))
    return fixed if changed else None
