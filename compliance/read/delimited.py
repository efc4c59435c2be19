"""Delimited text (CSV) as columns of text, read by pyarrow, ragged rows put back in place."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from compliance.errors import InputError
from compliance.read.cells import cell_text
from compliance.read.headers import HEADER_SCAN_ROWS
from compliance.read.sniff import decode_text, sniff_delimiter


@dataclass
class TextLayout:
    """What the head of a delimited file tells: its body as pyarrow reads it, the delimiter,
    and the first rows as text cells with their line numbers."""

    body: bytes | Path  # the whole file as UTF-8 bytes, or the file itself when it is UTF-8 already
    delimiter: str
    grid: list[list[str]]  # first rows, for header detection
    line_numbers: list[int]


def _utf8_body(head: bytes, path: Path, whole: bool) -> bytes | Path:
    """The file as UTF-8 for pyarrow: the file itself when it is UTF-8 (nearly always, and then
    pyarrow reads it without a copy in Python), else its text transcoded from UTF-16 or
    Windows-1258. Only the head is checked here: pyarrow validates the rest while parsing, and
    the reader falls back to Windows-1258 if that fails."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(path.read_bytes(), path)[0].encode("utf-8")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if whole or exc.start < len(head) - 4:  # not just a character cut by the sample
            return decode_text(path.read_bytes(), path)[0].encode("utf-8")
    return path


def text_layout(path: Path, head: bytes, whole: bool) -> TextLayout:
    body = _utf8_body(head, path, whole)
    sample = body[:200_000] if isinstance(body, bytes) else head
    text = sample.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    head_lines = text.splitlines()[: HEADER_SCAN_ROWS + 5]
    delimiter = sniff_delimiter(head_lines)
    grid, numbers = [], []
    reader = csv.reader(io.StringIO("\n".join(head_lines)), delimiter=delimiter)
    for i, row in enumerate(reader):
        grid.append([cell_text(c) for c in row])
        numbers.append(i + 1)
    return TextLayout(body, delimiter, grid, numbers)


def read_text_body(
    path: Path,
    layout: TextLayout,
    skip_lines: int,
    width: int,
    header_width: int,
    categorical: AbstractSet[int] = frozenset(),
    wanted: set[int] | None = None,
) -> tuple[pd.DataFrame, np.ndarray, list[int]]:
    """The body of a delimited file with pyarrow: the ``wanted`` columns (default all) as text,
    line numbers kept, and the lines with non-empty cells beyond the header's ``header_width``.

    Rows of ``width`` fields (the usual one) are parsed by pyarrow; the others (a writer that
    drops trailing empty cells, a stray delimiter) are parsed on their own, padded with empty
    cells, and put back in their place. Other columns are split but never converted.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(width)]
    wanted = set(range(max(width, header_width))) if wanted is None else wanted
    invalid: list[tuple[int | None, str]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    body = layout.body

    def read(threads: bool):
        return pacsv.read_csv(
            io.BytesIO(body) if isinstance(body, bytes) else str(body),
            read_options=pacsv.ReadOptions(
                skip_rows=skip_lines, column_names=names, use_threads=threads
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=layout.delimiter,
                invalid_row_handler=on_invalid,
                ignore_empty_lines=False,
                newlines_in_values=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={
                    n: pa.dictionary(pa.int32(), pa.large_string())
                    if i in categorical
                    else pa.large_string()
                    for i, n in enumerate(names)
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                include_columns=[n for i, n in enumerate(names) if i in wanted],
            ),
        )

    try:
        try:
            table = read(threads=True)
        except pa.ArrowInvalid as exc:
            if "UTF8" not in str(exc):
                raise
            raw = body if isinstance(body, bytes) else path.read_bytes()
            body = decode_text(raw, path)[0].encode("utf-8")  # Windows-1258 beyond the head
            invalid.clear()
            table = read(threads=True)
        if invalid:  # rows with another number of fields: read again in order to know their lines
            invalid.clear()
            table = read(threads=False)
    except pa.ArrowInvalid as exc:
        raise InputError(
            f"{path}: không đọc được tệp CSV ({exc})", hint="Mở tệp bằng Excel và lưu lại."
        ) from None
    frame = table.to_pandas()
    for col in sorted(wanted):  # a header wider than its rows: the missing cells are empty
        if col >= width:
            frame[f"c{col}"] = ""
    numbered = [(n, text) for n, text in invalid if n is not None]
    # Line number of every row read: the lines after the header, less the ragged ones.
    ragged_lines = np.asarray([n for n, _ in numbered], dtype=np.int64)
    lines = np.arange(skip_lines + 1, skip_lines + 1 + len(frame) + len(numbered))
    if len(numbered):
        lines = lines[~np.isin(lines, ragged_lines)]
    extra: list[int] = []
    if numbered:
        cells = list(csv.reader([text for _, text in numbered], delimiter=layout.delimiter))
        extra = [
            int(n) for (n, _), row in zip(numbered, cells, strict=True) if any(row[header_width:])
        ]
        ragged = pd.DataFrame(
            {
                f"c{col}": [row[col] if col < len(row) else "" for row in cells]
                for col in sorted(wanted)
            }
        )
        frame = _put_back(frame, lines, ragged, ragged_lines)
        lines = np.sort(np.concatenate([lines, ragged_lines]))
    return frame, lines, extra


def _put_back(
    frame: pd.DataFrame, lines: np.ndarray, ragged: pd.DataFrame, ragged_lines: np.ndarray
) -> pd.DataFrame:
    """``frame`` with the ``ragged`` rows inserted at their lines (categoricals kept)."""
    order = np.argsort(np.concatenate([lines, ragged_lines]), kind="stable")
    out = {}
    for col in frame.columns:
        both = pd.concat(
            [frame[col].astype(object), ragged[col].astype(object)], ignore_index=True
        ).iloc[order]
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            both = both.astype("category")
        out[col] = both.reset_index(drop=True)
    return pd.DataFrame(out)


def body_width(rows: list[list[str]], header_width: int) -> int:
    """Number of fields of a data row: the most common among the first rows (header's if none)."""
    lengths = [len(r) for r in rows if any(r)]
    if not lengths:
        return header_width
    common = max(set(lengths), key=lengths.count)
    return max(common, 1)
