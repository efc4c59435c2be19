"""Reading one input file into a Table of text columns named by field, with the user's row numbers.

A file is sniffed from its content (not its name): XLSX, old XLS, an HTML table saved
as ``.xls``, or delimited text in UTF-8 / UTF-8 with BOM / UTF-16 / Windows-1258.
The header row is found under title rows, across two merged rows, and a row of column
numbers ``(1) (2) …`` under it is skipped. The result keeps, for every data row, the row
number the user sees (the sheet row in Excel, the line number of a CSV).

This package knows nothing of cases or letters: it maps headers to field names given by
the caller (:class:`~compliance.read.headers.FieldSpec`) and leaves the meaning of values
to ``inputs``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path

import numpy as np
import pandas as pd

from compliance.errors import InputError
from compliance.read.cells import cell_text, grid_from_rows
from compliance.read.delimited import body_width, read_text_body, text_layout
from compliance.read.headers import (
    HEADER_SCAN_ROWS,
    FieldSpec,
    find_header,
    header_score,
    is_column_numbers,
    raise_missing_columns,
)
from compliance.read.sheets import Reader, filled_rows, read_excel, read_html, spreadsheet_body
from compliance.read.sniff import decode_text, sniff_delimiter, sniff_file


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


@naming_the_file
def read_grid(path: Path) -> tuple[list[list[str]], list[int]]:
    """Every row of a (small) table file as text cells, with the row numbers the user sees.

    For documents that are not case lists (a published results table): no header matching,
    the sheet or HTML table with the most filled rows is taken.
    """
    kind, _, _ = sniff_file(path)
    if kind in ("xlsx", "xls", "html"):
        reader: Reader = read_html if kind == "html" else read_excel
        rows, numbers, _ = reader(path, path.read_bytes(), filled_rows)
        grid = grid_from_rows(rows)
    else:
        text, _ = decode_text(path.read_bytes(), path)
        delimiter = sniff_delimiter(text.splitlines()[:50])
        lines = csv.reader(io.StringIO(text), delimiter=delimiter)
        grid = [[cell_text(c) for c in row] for row in lines]
        numbers = list(range(1, len(grid) + 1))
    return grid, numbers


@naming_the_file
def read_table(path: Path, specs: list[FieldSpec]) -> Table:
    """Read one input file into a :class:`Table` of text columns named by field."""
    kind, head, whole = sniff_file(path)
    sheet = None
    if kind in ("xlsx", "xls", "html"):
        reader: Reader = read_html if kind == "html" else read_excel
        rows, numbers, sheet = reader(path, path.read_bytes(), header_score(specs))
        # The header lies in the first rows (a two-row header, then a column-number row).
        grid = grid_from_rows(rows[: HEADER_SCAN_ROWS + 2])
    else:
        layout = text_layout(path, head, whole)
        grid, numbers = layout.grid, layout.line_numbers

    start, span, headers, columns = find_header(grid, specs)
    header_width = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    spec_of = {spec.name: spec for spec in specs}
    if len(columns) < 2:
        found = [h for h in (grid[start] if grid else []) if h]
        raise_missing_columns(path, specs, columns, found, none_found=True)
    missing = [s for s in specs if s.required and s.name not in columns]
    if missing:
        raise_missing_columns(path, specs, columns, [h for h in headers if h])

    body_start = start + span
    if body_start < len(grid) and is_column_numbers(grid[body_start]):
        body_start += 1
    header_row = numbers[start + span - 1]

    row_numbers: np.ndarray | list[int]  # the text reader's line numbers, or the sheet's rows
    if kind == "text":
        width = body_width(grid[body_start:], len(headers))
        frame, lines, extra = read_text_body(
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
        body, extra_at = spreadsheet_body(body_rows, set(columns.values()), header_width)
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
