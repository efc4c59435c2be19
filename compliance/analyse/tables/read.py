"""A results table read from its file: the layout recognised, its columns and its rows of figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compliance.analyse.tables.header import (
    find_header,
    is_number_row,
    number_label,
    unrecognised,
)
from compliance.analyse.tables.layouts import (
    DASH,
    FIELDS,
    FIGURE,
    GROUP_ROW,
    GROUP_STT,
    OWN_KEYS,
    TOTAL_ROW,
)
from compliance.errors import InputError
from compliance.read.table import read_grid
from compliance.text import header_key


@dataclass
class Column:
    """A recognised column: 0-based position, what it holds, its label on the form."""

    index: int
    field: str
    number: str = ""  # "(8)" from the row of column numbers, if the table has one

    @property
    def letter(self) -> str:
        n, out = self.index + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out

    @property
    def ref(self) -> str:
        """'(8)' on a table with column numbers, else '(cột H)'."""
        return self.number or f"(cột {self.letter})"


@dataclass
class TableProblem:
    row: int
    unit: str
    message: str

    def render(self) -> str:
        who = f" ({self.unit})" if self.unit else ""
        return f"dòng {self.row}{who}: {self.message}"


@dataclass
class ResultsTable:
    """A results table as read: its layout, its columns and its rows of figures.

    ``rows`` has ``row`` (the row number the user sees), ``name``, ``unit_id``, ``kind``
    (``unit``, ``total`` or ``group``) and one nullable integer column per field present.
    """

    path: Path
    layout: str  # official | standard | own
    header_rows: tuple[int, int]
    number_row: int | None
    columns: dict[str, Column]
    on_time_includes_early: bool
    rows: pd.DataFrame
    problems: list[TableProblem] = field(default_factory=list)  # cells that are not numbers
    notes: list[str] = field(default_factory=list)

    @property
    def figures(self) -> list[str]:
        return [f for f in FIELDS if f in self.columns]

    def describe(self) -> str:
        """'Đã nhận dạng biểu: …' — the layout, the header rows, the row of column numbers."""
        if self.layout == "own":
            what = "resolution_table.csv của công cụ (trả đúng hạn gồm cả trước hạn)"
        elif self.layout == "official":
            what = (
                "mẫu II.06a/VPCP/KSTT, có cột trả trước hạn riêng "
                "(trả đúng hạn không gồm trước hạn)"
            )
        else:
            what = "biểu 13 cột, không có cột trả trước hạn (trả đúng hạn gồm cả trước hạn)"
        if "interconnected" not in self.columns and self.layout != "own":
            what += ", không có cột liên thông"
        first, last = self.header_rows
        where = f"tiêu đề cột ở dòng {first}" + (f"–{last}" if last != first else "")
        if self.number_row:
            where += f", dòng số thứ tự cột ở dòng {self.number_row}"
        elif self.layout != "own":
            where += ", không có dòng số thứ tự cột"
        return f"Đã nhận dạng biểu: {what}; {where}."

    def describe_columns(self) -> str:
        parts = []
        for col in sorted((self.columns[f] for f in self.figures), key=lambda c: c.index):
            f = col.field
            number = f" {col.number}" if col.number else ""
            words = FIELDS[f][0]
            if f == "resolved_on_time" and self.on_time_includes_early:
                words += " (gồm cả trước hạn)"
            parts.append(f"{col.letter}{number} {words}")
        return "Cột số liệu: " + "; ".join(parts) + "."


def _parse_figures(cells: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Text cells → (nullable integers, mask of cells that are text but not a count).

    '1.234', '1,234', '1 234' → 1234; '-' and an empty cell → 0 in a row of figures.
    """
    text = cells.apply(lambda s: s.str.replace("\u00a0", " ", regex=False).str.strip())
    figure = text.apply(lambda s: s.str.match(FIGURE))
    digits = text.apply(lambda s: s.str.replace(r"[.,\s]", "", regex=True))
    values = digits.where(figure).apply(lambda s: pd.to_numeric(s, errors="coerce")).astype("Int64")
    zero = text.apply(lambda s: s.eq("") | s.str.match(DASH))
    bad = ~figure & ~zero
    return values.mask(zero, 0), bad


def _row_kinds(names: pd.Series, stt: pd.Series, ids: pd.Series) -> pd.Series:
    def lower(s: pd.Series) -> pd.Series:
        return s.str.casefold().str.replace(r"[\W_]+", " ", regex=True).str.strip()

    total = (
        ids.str.upper().eq("TOTAL")
        | lower(names).str.match(TOTAL_ROW)
        | (names.eq("") & lower(stt).str.match(TOTAL_ROW))
    )
    group = names.map(header_key).str.match(GROUP_ROW) | stt.str.match(GROUP_STT)
    return pd.Series("unit", index=names.index).mask(group, "group").mask(total, "total")


def read_results_table(path: Path) -> ResultsTable:
    """Read a results table by its header text; InputError when it is none or has no figures."""
    path = Path(path)
    grid, numbers = read_grid(path)
    found = find_header(grid)
    if found is None:
        raise unrecognised(path, grid)
    start, depth, paths, fields, repeated, with_early = found
    if not any(f in fields for f in ("received_total", "resolved_total", "pending_total")):
        raise unrecognised(path, grid)
    body = start + depth
    number_row = None
    while body < len(grid) and not any(grid[body]):
        body += 1
    if body < len(grid) and is_number_row(grid[body]):
        number_row = body
        body += 1
    label_row = grid[number_row] if number_row is not None else []

    def column(f: str) -> Column:
        c = fields[f]
        return Column(c, f, number_label(label_row[c]) if c < len(label_row) else "")

    columns = {f: column(f) for f in fields}
    own = sum(header_key(" ".join(paths[c])) in OWN_KEYS for c in fields.values()) >= 8
    early = "resolved_early" in columns and not with_early
    layout = "own" if own else "official" if early else "standard"
    words = {"name": "tên đơn vị", "stt": "STT", "unit_id": "mã đơn vị"}
    notes = [
        f"cột {Column(c, f).letter} cũng đọc là '{words.get(f) or FIELDS[f][0]}': bỏ qua, "
        f"chỉ đọc cột {columns[f].letter}"
        for c, f in repeated
    ]
    width = max(len(paths), max(c.index for c in columns.values()) + 1)
    body_rows = [list(r[:width]) + [""] * (width - len(r)) for r in grid[body:]]
    frame = pd.DataFrame(body_rows, columns=range(width), dtype="string").fillna("")
    figures = [f for f in FIELDS if f in columns]
    cells = frame[[columns[f].index for f in figures]]
    cells.columns = figures
    values, bad = _parse_figures(cells)
    keep = cells.apply(lambda s: s.str.strip().str.match(FIGURE)).any(axis=1)

    def text(f: str) -> pd.Series:
        if f not in columns:
            return pd.Series("", index=frame.index, dtype="string")
        return frame[columns[f].index].str.strip()

    names = text("name")
    if "name" not in columns:  # no "Đơn vị" header: the text column just left of the figures
        taken = {c.index for c in columns.values()}
        left = [c for c in range(min(columns[f].index for f in figures) - 1, -1, -1)]
        left = [c for c in left if c not in taken]
        if left:
            names = frame[left[0]].str.strip()
    kinds = _row_kinds(names, text("stt"), text("unit_id"))
    table = pd.DataFrame(
        {
            "row": pd.Series(numbers[body:], index=frame.index, dtype="int64"),
            # "Tổng cộng" merged over the STT and name cells sits in the STT column
            "name": names.mask(kinds.eq("total") & names.eq(""), text("stt")),
            "unit_id": text("unit_id"),
            "kind": kinds,
        }
    )
    table = pd.concat([table, values], axis=1)[keep]
    if table.empty:
        raise InputError(
            f"{path}: biểu không có dòng số liệu nào dưới dòng tiêu đề cột "
            f"(tiêu đề ở dòng {numbers[start]}–{numbers[start + depth - 1]})",
            hint="Kiểm tra lại tệp: các cột số hồ sơ phải là số.",
        )
    problems = [
        TableProblem(
            int(table.at[i, "row"]),
            str(table.at[i, "name"]),
            f"ô {FIELDS[f][0]} {columns[f].ref} = '{cells.at[i, f]}' không phải số hồ sơ",
        )
        for i, f in bad[keep].stack().loc[lambda s: s].index
    ]
    return ResultsTable(
        path=path,
        layout=layout,
        header_rows=(numbers[start], numbers[start + depth - 1]),
        number_row=numbers[number_row] if number_row is not None else None,
        columns=columns,
        on_time_includes_early=not early,
        rows=table.reset_index(drop=True),
        problems=problems,
        notes=notes,
    )
