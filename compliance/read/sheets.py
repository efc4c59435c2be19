"""Spreadsheets and HTML tables as rows of cells: the best sheet or table, spans expanded."""

from __future__ import annotations

import io
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import TypeAlias

import numpy as np
import pandas as pd

from compliance.errors import InputError
from compliance.read.cells import Rows
from compliance.read.kernels import text_cells_fast
from compliance.read.sniff import html_text

#: How good a sheet or table is (the best one is read): :func:`filled_rows`, or
#: :func:`compliance.read.headers.header_score` (how many fields its header names, then rows).
Score: TypeAlias = Callable[[Rows], "int | tuple[int, int]"]
#: :func:`read_excel` or :func:`read_html`: ``(path, data, score)`` → the best sheet or table's
#: rows, their row numbers as the user sees them, and its name.
Reader: TypeAlias = Callable[[Path, bytes, Score], tuple[Rows, list[int], str]]


def filled_rows(rows: Rows) -> int:
    """Rank a sheet or table by its rows with something in them."""
    return sum(1 for row in rows if any(v not in (None, "") for v in row))


def read_excel(path: Path, data: bytes, score: Score) -> tuple[list[list[object]], list[int], str]:
    """Rows of the best sheet (highest ``score(rows)``) as the workbook holds them (text, numbers,
    dates), with 1-based sheet row numbers. :func:`~compliance.read.cells.cell_text` and
    :func:`~compliance.read.kernels.text_cells_fast` make text."""
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


def read_html(path: Path, data: bytes, score: Score) -> tuple[list[list[str]], list[int], str]:
    """The best HTML table (often saved by one-stop software with an .xls name), spans expanded;
    cells as their words, made text like a sheet's cells by the caller."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html_text(data, path))
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


def spreadsheet_body(
    rows: Rows, wanted: set[int], header_width: int
) -> tuple[pd.DataFrame, list[int]]:
    """The ``wanted`` columns of a sheet's (or HTML table's) body rows as text, column by column,
    short rows padded; and the indices of rows with non-empty cells beyond the header."""
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):  # HTML rows may be short; sheets are rectangular
        rows = [[*r, *[""] * (width - len(r))] for r in rows]

    def column(col: int) -> pd.Series:
        if col >= width:  # a header wider than every row: its cells are empty
            return pd.Series("", index=pd.RangeIndex(len(rows)), dtype="str")
        return pd.Series(text_cells_fast(list(map(itemgetter(col), rows))), dtype="str")

    beyond = np.zeros(len(rows), dtype=bool)
    for col in range(header_width, width):
        beyond |= column(col).to_numpy() != ""
    body = pd.DataFrame(
        {f"c{col}": column(col) for col in sorted(wanted)}, index=pd.RangeIndex(len(rows))
    )
    return body, np.flatnonzero(beyond).tolist()
