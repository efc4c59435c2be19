"""Reading messy one-stop exports into a plain table of text cells.

A file is sniffed from its content (not its name): XLSX, old XLS, an HTML table saved
as ``.xls``, or delimited text in UTF-8 / UTF-8 with BOM / UTF-16 / Windows-1258.
The header row is found under title rows, across two merged rows, and a row of column
numbers ``(1) (2) …`` under it is skipped. The result keeps, for every data row, the row
number the user sees (the sheet row in Excel, the line number of a CSV).

This module knows nothing of cases or letters: it maps headers to field names given by
the caller (:class:`FieldSpec`) and leaves the meaning of values to ``inputs``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from compliance.errors import InputError
from compliance.read.encoding import declared_charsets, decode_bytes
from compliance.text import header_key

_HEADER_SCAN_ROWS = 40
_HEAD_BYTES = 262_144  # what is read first: enough to sniff the format and find the header
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


@dataclass(frozen=True)
class FieldSpec:
    """A field of an input and the headers that name it (earlier aliases win)."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False
    label: str = ""  # the Vietnamese name shown to users
    #: few distinct values (unit, sector, status…): kept as a categorical, which makes a
    #: million-row column cheap to copy, filter and group
    categorical: bool = False


@dataclass
class Table:
    """A read table: one text column per recognised field, plus ``_row`` (row as the user sees it)."""

    path: Path
    frame: pd.DataFrame
    columns: dict[str, str]  # field → header text as found in the file
    headers_found: list[str]
    header_row: int  # 1-based row number of the (last) header row
    sheet: str | None = None
    #: rows (as the user sees them) with non-empty cells right of the header's last column
    extra_cells: list[int] = field(default_factory=list)
    #: the file as shown to the user (relative to the config), set by the caller
    shown: str = ""


def naming_the_file(reader):
    """Every failure of ``reader(path, …)`` becomes an :class:`InputError` naming the file: a
    file that breaks a reader in a way nobody foresaw stops the run with exit 3 and its name,
    not a traceback (``--debug`` shows the original error)."""

    @wraps(reader)
    def read(path, *args, **kwargs):
        try:
            return reader(Path(path), *args, **kwargs)
        except (InputError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - a reader bug must still name the file
            raise InputError(
                f"{path}: lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {exc})",
                hint="Mở tệp bằng Excel, lưu lại dạng .xlsx rồi chạy lại; chạy với --debug để "
                "xem chi tiết (--debug for details) và gửi cho bộ phận kỹ thuật.",
            ) from exc

    return read


# --------------------------------------------------------------------------- sniffing


def sniff_format(head: bytes) -> str:
    """'xlsx', 'xls', 'html' or 'text' from the first bytes of a file."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    probe = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text (Excel's "Unicode text")
        probe = head.decode("utf-16", errors="ignore").lower().encode("utf-8")
        return "html" if b"<table" in probe else "text"
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<meta")) or (
        b"<table" in probe and b"<td" in probe
    ):
        return "html"
    if b"\x00" in head[:4096]:
        return "binary"
    return "text"


def decode_text(data: bytes, path: Path, declared: Sequence[str] = ()) -> tuple[str, str]:
    """Decode a text or HTML export (:func:`compliance.read.encoding.decode_bytes`: BOM, ``declared``
    charsets, strict UTF-8, detection, never Latin-1). Returns (NFC text, encoding)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: tệp UTF-16 bị hỏng (byte {exc.start})",
                hint="Mở tệp trong Excel và lưu lại dạng 'CSV UTF-8 (Comma delimited)' hoặc .xlsx.",
            ) from None
    try:
        return decode_bytes(data, declared)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}: dòng {line}: không đọc được bảng mã ký tự (không phải UTF-8 hay Windows-1258)",
            hint="Mở tệp trong Excel và lưu lại dạng 'CSV UTF-8 (Comma delimited)' hoặc .xlsx.",
        ) from None


def _html_text(data: bytes, path: Path) -> str:
    """An HTML export as text: its declared charset is a candidate, not a fact (a page may say
    iso-8859-1 and be UTF-8), and no declaration means UTF-8 or detection, never Latin-1."""
    text, _ = decode_text(data, path, declared_charsets(data))
    # lxml refuses text that still declares an encoding in an XML prolog
    return re.sub(r"^\s*<\?xml[^>]*>", "", text)


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1
    for delim in (",", ";", "\t", "|"):
        counts = [line.count(delim) for line in lines if line.strip()]
        if not counts:
            continue
        # a delimiter that splits many lines into the same number of fields
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * common
        if score > best_score:
            best, best_score = delim, score
    return best


# --------------------------------------------------------------------------- header detection


def _match_field(key: str, specs: list[FieldSpec]) -> tuple[str, int, bool] | None:
    """(field, alias rank, exact) for one header key, or None."""
    return _match_key(key, tuple(specs))


@lru_cache(maxsize=4096)
def _match_key(key: str, specs: tuple[FieldSpec, ...]) -> tuple[str, int, bool] | None:
    best = None
    for name, rank, akey in _alias_keys(specs):
        if key == akey:
            cand = (name, rank, True)
        elif key.startswith(akey + " ") and len(akey) >= 4:
            cand = (name, rank + 100, False)
        else:
            continue
        if best is None or (cand[2], -cand[1]) > (best[2], -best[1]):
            best = cand
    return best


@lru_cache(maxsize=16)
def _alias_keys(specs: tuple[FieldSpec, ...]) -> tuple[tuple[str, int, str], ...]:
    """(field, alias rank, header key of the alias) for every alias of ``specs``."""
    return tuple(
        (spec.name, rank, header_key(alias))
        for spec in specs
        for rank, alias in enumerate(spec.aliases)
    )


def _assign(headers: list[str], specs: list[FieldSpec]) -> dict[str, int]:
    """Field → column index, the best-ranked alias winning when several columns match."""
    chosen: dict[str, tuple[int, int]] = {}
    for col, text in enumerate(headers):
        match = _match_field(header_key(text), specs)
        if not match:
            continue
        name, rank, exact = match
        score = rank if exact else rank + 1000
        if name not in chosen or score < chosen[name][1]:
            chosen[name] = (col, score)
    return {name: col for name, (col, _) in chosen.items()}


def _forward_fill(row: list[str]) -> list[str]:
    """Merged header cells leave blanks to the right of their text: repeat the text."""
    out, last = [], ""
    for cell in row:
        last = cell if cell else last
        out.append(last)
    return out


def find_header(
    grid: list[list[str]], specs: list[FieldSpec]
) -> tuple[int, int, list[str], dict[str, int]]:
    """Locate the header: (first header row index, rows it spans, header texts, field → column)."""
    best = (0, 0, [], {})
    best_score = 0
    limit = min(len(grid), _HEADER_SCAN_ROWS)
    for r in range(limit):
        row = grid[r]
        single = _assign(row, specs)
        if len(single) > best_score:
            best, best_score = (r, 1, row, single), len(single)
        if r + 1 < len(grid):
            top, bottom = _forward_fill(row), grid[r + 1]
            width = max(len(top), len(bottom))
            top = top + [""] * (width - len(top))
            bottom = bottom + [""] * (width - len(bottom))
            combined = []
            for t, b in zip(top, bottom, strict=True):
                if b and t and b != t:
                    joined = f"{t} {b}"
                    # "Ngày" over "Tiếp nhận" reads "Ngày tiếp nhận"; a group title over a full
                    # header ("Thông tin hồ sơ" over "Mã hồ sơ") reads as the lower cell.
                    combined.append(joined if _match_field(header_key(joined), specs) else b)
                else:
                    combined.append(b or t)
            pair = _assign(combined, specs)
            if len(pair) > best_score:
                best, best_score = (r, 2, combined, pair), len(pair)
    return best


def _is_column_numbers(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return len(cells) >= 2 and sum(bool(_COLUMN_NUMBER.match(c)) for c in cells) >= 0.6 * len(cells)


# --------------------------------------------------------------------------- cell values


def cell_text(value: object) -> str:
    """A cell as text: dates ISO, whole numbers without '.0', long IDs kept whole, NFC."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).replace("\u00a0", " ").strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def text_cells(values: Sequence[object]):
    """:func:`cell_text` over a column of spreadsheet cells, as an Arrow ``large_string`` array.

    One vectorised pass per kind of value (text, date-times, dates, numbers) instead of one
    Python call per cell; the rare kinds (times, booleans, fractions) go through
    :func:`cell_text` itself, so both give the same text for every cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kinds = np.fromiter(map(type, values), dtype=object, count=len(values))
    if (np.equal(kinds, str) | np.equal(kinds, _NONE)).all():  # a text column: all in Arrow
        return _str_text(values).fill_null("")
    cells = np.fromiter(values, dtype=object, count=len(values))
    out = pa.nulls(len(cells), pa.large_string())
    for kind, convert in _CONVERTERS.items():
        mask = np.equal(kinds, kind)
        if mask.any():
            out = pc.replace_with_mask(out, mask, convert(cells[mask]))
            kinds[mask] = _NONE
    rest = ~np.equal(kinds, _NONE)
    if rest.any():
        by_cell = [cell_text(v) for v in cells[rest]]
        out = pc.replace_with_mask(out, rest, pa.array(by_cell, type=pa.large_string()))
    return out.fill_null("")


def _str_text(cells: Sequence[object]):
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


_NONE = type(None)
_CONVERTERS = {
    str: _str_text,
    dt.datetime: _datetime_text,
    dt.date: _date_text,
    float: _number_text,
}


# --------------------------------------------------------------------------- readers per format


def _grid_from_rows(rows: list[list[object]]) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in rows]


def _header_score(specs: list[FieldSpec]):
    """Rank a sheet or table by how many fields its header names (ties: more rows)."""

    def score(rows: list[list[object]]) -> tuple[int, int]:
        return len(find_header(_grid_from_rows(rows[:_HEADER_SCAN_ROWS]), specs)[3]), len(rows)

    return score


def _filled_rows(rows: list[list[object]]) -> int:
    """Rank a sheet or table by its rows with something in them."""
    return sum(1 for row in rows if any(v not in (None, "") for v in row))


def _read_excel(path: Path, data: bytes, score) -> tuple[list[list[object]], list[int], str]:
    """Rows of the best sheet (highest ``score(rows)``) as the workbook holds them (text, numbers,
    dates), with 1-based sheet row numbers. :func:`cell_text` / :func:`text_cells` make text."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        raise InputError(
            f"{path}: không mở được bảng tính ({exc})",
            hint="Mở tệp bằng Excel để kiểm tra, rồi lưu lại dạng .xlsx.",
        ) from None

    def sheets():
        for name in book.sheet_names:
            try:
                yield name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception:  # noqa: BLE001,S112 - a chart sheet or a broken sheet: try the others
                continue

    best = max(sheets(), key=lambda sheet: score(sheet[1]), default=None)  # the first of equals
    if best is None:
        raise InputError(
            f"{path}: bảng tính không có trang nào đọc được", hint="Kiểm tra lại tệp trong Excel."
        )
    name, rows = best
    return rows, list(range(1, len(rows) + 1)), name


def _read_html(path: Path, data: bytes, score) -> tuple[list[list[str]], list[int], str]:
    """The best HTML table (often saved by one-stop software with an .xls name), spans expanded;
    cells as their words, made text like a sheet's cells by the caller."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(_html_text(data, path))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"{path}: không đọc được bảng HTML ({exc})") from None
    grids = ((f"table {i}", _html_table_grid(t)) for i, t in enumerate(doc.iter("table"), start=1))
    best = max(((n, g) for n, g in grids if g), key=lambda t: score(t[1]), default=None)
    if best is None:
        raise InputError(
            f"{path}: tệp HTML không có bảng dữ liệu", hint="Xuất lại danh sách hồ sơ ra Excel."
        )
    name, grid = best
    return grid, list(range(1, len(grid) + 1)), name


def _html_table_grid(table) -> list[list[str]]:
    rows: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) → text carried down by rowspan
    for r, tr in enumerate(table.iter("tr")):
        row: list[str] = []
        col = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            text = " ".join(cell.text_content().split())
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            for c in range(colspan):
                row.append(text if c == 0 else "")
                for extra in range(1, rowspan):
                    pending[(r + extra, col + c)] = text
            col += colspan
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        rows.append(row)
    return rows


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


@dataclass
class _TextLayout:
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


def _text_layout(path: Path, head: bytes, whole: bool) -> _TextLayout:
    body = _utf8_body(head, path, whole)
    sample = body[:200_000] if isinstance(body, bytes) else head
    text = sample.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    head_lines = text.splitlines()[: _HEADER_SCAN_ROWS + 5]
    delimiter = _sniff_delimiter(head_lines)
    grid, numbers = [], []
    reader = csv.reader(io.StringIO("\n".join(head_lines)), delimiter=delimiter)
    for i, row in enumerate(reader):
        grid.append([cell_text(c) for c in row])
        numbers.append(i + 1)
    return _TextLayout(body, delimiter, grid, numbers)


def _read_text_body(
    path: Path,
    layout: _TextLayout,
    skip_lines: int,
    width: int,
    header_width: int,
    categorical: set[int] = frozenset(),
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
    invalid = [(n, text) for n, text in invalid if n is not None]
    # Line number of every row read: the lines after the header, less the ragged ones.
    ragged_lines = np.asarray([n for n, _ in invalid], dtype=np.int64)
    lines = np.arange(skip_lines + 1, skip_lines + 1 + len(frame) + len(invalid))
    if len(invalid):
        lines = lines[~np.isin(lines, ragged_lines)]
    extra: list[int] = []
    if invalid:
        cells = list(csv.reader([text for _, text in invalid], delimiter=layout.delimiter))
        extra = [
            int(n) for (n, _), row in zip(invalid, cells, strict=True) if any(row[header_width:])
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


@naming_the_file
def read_grid(path: Path) -> tuple[list[list[str]], list[int]]:
    """Every row of a (small) table file as text cells, with the row numbers the user sees.

    For documents that are not case lists (a published results table): no header matching,
    the sheet or HTML table with the most filled rows is taken.
    """
    kind, _, _ = _sniff_file(path)
    if kind in ("xlsx", "xls", "html"):
        reader = _read_html if kind == "html" else _read_excel
        rows, numbers, _ = reader(path, path.read_bytes(), _filled_rows)
        grid = _grid_from_rows(rows)
    else:
        text, _ = decode_text(path.read_bytes(), path)
        delimiter = _sniff_delimiter(text.splitlines()[:50])
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        grid = [[cell_text(c) for c in row] for row in reader]
        numbers = list(range(1, len(grid) + 1))
    return grid, numbers


def _sniff_file(path: Path) -> tuple[str, bytes, bool]:
    """(format, first bytes, whether those are the whole file); errors for unreadable,
    empty and non-table files."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
            whole = not fh.read(1)
    except OSError as exc:
        raise InputError(
            f"{path}: không đọc được tệp ({exc.strerror})",
            hint="Kiểm tra đường dẫn và quyền đọc tệp.",
        ) from None
    if not head.strip() and (whole or not path.read_bytes().strip()):
        raise InputError(f"{path}: tệp rỗng", hint="Xuất lại dữ liệu từ phần mềm một cửa.")
    kind = sniff_format(head[:8192])
    if kind == "binary":
        raise InputError(
            f"{path}: không phải tệp bảng tính hay văn bản (CSV/XLSX/XLS)",
            hint="Xuất lại danh sách hồ sơ từ phần mềm một cửa dạng Excel hoặc CSV.",
        )
    return kind, head, whole


def _body_width(rows: list[list[str]], header_width: int) -> int:
    """Number of fields of a data row: the most common among the first rows (header's if none)."""
    lengths = [len(r) for r in rows if any(r)]
    if not lengths:
        return header_width
    common = max(set(lengths), key=lengths.count)
    return max(common, 1)


@naming_the_file
def read_table(path: Path, specs: list[FieldSpec]) -> Table:
    """Read one input file into a :class:`Table` of text columns named by field."""
    kind, head, whole = _sniff_file(path)
    sheet = None
    if kind in ("xlsx", "xls", "html"):
        reader = _read_html if kind == "html" else _read_excel
        rows, numbers, sheet = reader(path, path.read_bytes(), _header_score(specs))
        # The header lies in the first rows (a two-row header, then a column-number row).
        grid = _grid_from_rows(rows[: _HEADER_SCAN_ROWS + 2])
    else:
        layout = _text_layout(path, head, whole)
        grid, numbers = layout.grid, layout.line_numbers

    start, span, headers, columns = find_header(grid, specs)
    header_width = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    spec_of = {spec.name: spec for spec in specs}
    if len(columns) < 2:
        found = [h for h in (grid[start] if grid else []) if h]
        _raise_missing(path, specs, columns, found, none_found=True)
    missing = [s for s in specs if s.required and s.name not in columns]
    if missing:
        _raise_missing(path, specs, columns, [h for h in headers if h])

    body_start = start + span
    if body_start < len(grid) and _is_column_numbers(grid[body_start]):
        body_start += 1
    header_row = numbers[start + span - 1]

    if kind == "text":
        width = _body_width(grid[body_start:], len(headers))
        frame, lines, extra = _read_text_body(
            path,
            layout,
            numbers[body_start - 1] if body_start else 0,
            width,
            header_width,
            {col for name, col in columns.items() if spec_of[name].categorical},
            set(columns.values()),
        )
        body = frame
        row_numbers = lines
    else:
        body_rows = rows[body_start:]
        row_numbers = numbers[body_start:]
        body, extra_at = _spreadsheet_body(body_rows, set(columns.values()), header_width)
        extra = [row_numbers[i] for i in extra_at]

    out = pd.DataFrame({name: body[f"c{col}"] for name, col in columns.items()})
    for name in out.columns:
        if not spec_of[name].categorical:
            out[name] = out[name].fillna("").astype("str")
        elif not isinstance(out[name].dtype, pd.CategoricalDtype):  # spreadsheets: built from cells
            out[name] = out[name].fillna("").astype("str").astype("category")
    out["_row"] = np.asarray(row_numbers[: len(out)], dtype=np.int64)
    return Table(
        path=path,
        frame=out.reset_index(drop=True),
        columns={name: headers[col] for name, col in columns.items()},
        headers_found=[h for h in headers if h],
        header_row=header_row,
        sheet=sheet,
        extra_cells=extra,
    )


def _spreadsheet_body(
    rows: list[list[object]], wanted: set[int], header_width: int
) -> tuple[pd.DataFrame, list[int]]:
    """The ``wanted`` columns of a sheet's (or HTML table's) body rows as text, column by column,
    short rows padded; and the indices of rows with non-empty cells beyond the header."""
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):  # HTML rows may be short; sheets are rectangular
        rows = [r + [""] * (width - len(r)) for r in rows]

    def column(col: int) -> pd.Series:
        if col >= width:  # a header wider than every row: its cells are empty
            return pd.Series("", index=pd.RangeIndex(len(rows)), dtype="str")
        return pd.Series(text_cells(list(map(itemgetter(col), rows))), dtype="str")

    beyond = np.zeros(len(rows), dtype=bool)
    for col in range(header_width, width):
        beyond |= column(col).to_numpy() != ""
    body = pd.DataFrame(
        {f"c{col}": column(col) for col in sorted(wanted)}, index=pd.RangeIndex(len(rows))
    )
    return body, np.flatnonzero(beyond).tolist()


def _raise_missing(
    path: Path, specs: list[FieldSpec], columns: dict, found: list[str], none_found=False
):
    missing = [s for s in specs if s.required and s.name not in columns]
    expected = "; ".join(
        f"{s.label or s.name} ({' / '.join(s.aliases[:3])})" for s in missing or specs if s.required
    )
    found_text = ", ".join(f"'{h}'" for h in found[:20]) or "không có"
    if none_found:
        message = (
            f"{path}: không tìm thấy dòng tiêu đề của bảng dữ liệu (các ô đầu tiên: {found_text})"
        )
    else:
        message = (
            f"{path}: thiếu cột bắt buộc: {', '.join(s.label or s.name for s in missing)}. "
            f"Các cột tìm thấy: {found_text}"
        )
    raise InputError(
        message, hint=f"Tệp cần có các cột: {expected}. Đổi tên tiêu đề cột cho đúng rồi chạy lại."
    )
