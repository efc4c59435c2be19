"""A unit's results table, read by its header text: its sums checked, its figures compared with a run.

``compliance check-table FILE`` reads a results table — a unit's own report, a province's
compilation, or this tool's ``resolution_table.csv`` — names every row where a total is not the
sum of its parts (a published report gave 138.907 resolved but 139.792 on time plus 115 late),
and with ``--against OUT/<period>`` compares every figure with the table the run computed from
the one-stop cases.

Columns are found by their header text (group title and sub-header read together, accents, case
and punctuation ignored), never by position, so these layouts all read, with or without the row
of column numbers ``(1) (2) …`` under the header:

- the official form, Biểu II.06a/VPCP/KSTT (given to us as the form of Thông tư 01/2018/TT-VPCP;
  its text was not available to us: check): STT | Lĩnh vực/Đơn vị |
  Số hồ sơ nhận giải quyết (Tổng số; Trong đó: Số kỳ trước chuyển qua, Số mới tiếp nhận trực
  tuyến, trực tiếp/bưu chính) | Kết quả giải quyết: Số hồ sơ đã giải quyết (Tổng số, Trả trước
  hạn, Trả đúng thời hạn, Trả quá hạn), Số hồ sơ đang giải quyết (Tổng số, Trong hạn, Quá hạn).
  With a separate early column, "đúng hạn" excludes early: resolved = early + on time + late.
  Its successor in Thông tư 03/2025/TT-VPCP was not available either; we assume the same column
  titles, in any order;
- the 13-column table of this tool's report (CONTRACT section 7: no early column, on time
  includes early, a column for cases received from another agency, liên thông);
- ``resolution_table.csv`` itself (its English column names).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compliance.errors import InputError, UsageError
from compliance.formatting import vn_int
from compliance.read.table import read_grid
from compliance.text import header_key, name_key

#: Every figure the reader knows: (words in the column list, words in a difference).
FIELDS = {
    "received_total": ("tổng số hồ sơ nhận giải quyết", "hồ sơ nhận giải quyết"),
    "carried_over": ("kỳ trước chuyển qua", "hồ sơ kỳ trước chuyển qua"),
    "new_total": ("mới tiếp nhận", "hồ sơ mới tiếp nhận"),
    "new_online": ("mới tiếp nhận trực tuyến", "hồ sơ mới tiếp nhận trực tuyến"),
    "new_direct_or_postal": ("mới tiếp nhận trực tiếp/bưu chính", "hồ sơ mới tiếp nhận trực tiếp/bưu chính"),
    "interconnected": ("tiếp nhận liên thông", "hồ sơ tiếp nhận liên thông"),
    "resolved_total": ("đã giải quyết: tổng số", "hồ sơ đã giải quyết"),
    "resolved_early": ("trả trước hạn", "hồ sơ trả trước hạn"),
    "resolved_on_time": ("trả đúng hạn", "hồ sơ trả đúng hạn"),
    "resolved_late": ("trả quá hạn", "hồ sơ trả quá hạn"),
    "pending_total": ("đang giải quyết: tổng số", "hồ sơ đang giải quyết"),
    "pending_in_time": ("đang giải quyết trong hạn", "hồ sơ đang giải quyết trong hạn"),
    "pending_overdue": ("đang giải quyết quá hạn", "hồ sơ đang giải quyết quá hạn"),
}  # fmt: skip

#: resolution_table.csv (CONTRACT section 7) column → field.
OWN_COLUMNS = {
    "stt": "stt", "unit_id": "unit_id", "unit_name": "name", "total": "received_total",
    "new_online": "new_online", "carried_over": "carried_over",
    "new_direct_or_postal": "new_direct_or_postal", "interconnected": "interconnected",
    "resolved": "resolved_total", "resolved_on_time": "resolved_on_time",
    "resolved_late": "resolved_late", "pending": "pending_total",
    "pending_in_time": "pending_in_time", "pending_overdue": "pending_overdue",
}  # fmt: skip
_OWN_KEYS = {header_key(name): f for name, f in OWN_COLUMNS.items()}

#: Sums every table must keep: (total, parts always needed, parts added when present, the total in words).
RULES = [
    ("received_total", ("carried_over", "new_total"), ("interconnected",), "tổng số hồ sơ nhận giải quyết"),
    ("received_total", ("carried_over", "new_online", "new_direct_or_postal"), ("interconnected",),
     "tổng số hồ sơ nhận giải quyết"),
    ("new_total", ("new_online", "new_direct_or_postal"), (), "số hồ sơ mới tiếp nhận"),
    ("received_total", ("resolved_total", "pending_total"), (), "tổng số hồ sơ nhận giải quyết"),
    ("resolved_total", ("resolved_on_time", "resolved_late"), ("resolved_early",), "số hồ sơ đã giải quyết"),
    ("pending_total", ("pending_in_time", "pending_overdue"), (), "số hồ sơ đang giải quyết"),
]  # fmt: skip

_FIELD_GROUP = {
    "received_total": "received", "carried_over": "received", "new_total": "received",
    "new_online": "received", "new_direct_or_postal": "received", "interconnected": "received",
    "resolved_total": "resolved", "resolved_early": "resolved", "resolved_on_time": "resolved",
    "resolved_late": "resolved", "pending_total": "pending", "pending_in_time": "pending",
    "pending_overdue": "pending",
}  # fmt: skip
_GROUP_TOTAL = {
    "received": "received_total", "new": "new_total", "resolved": "resolved_total",
    "pending": "pending_total",
}  # fmt: skip


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# Header words, matched on header_key() text (no accents, lower case, punctuation as spaces).
_IGNORED = _words(
    "ty le", "phan tram", "ghi chu", "binh quan", "trung binh", "ly do", "nguyen nhan"
)
_STT = re.compile(r"^(?:stt|tt|so tt|so thu tu)$")
_UNIT_ID = re.compile(r"^(?:unit id|ma don vi|ma dinh danh)$")
_NAME = _words("don vi", "linh vuc", "co quan", "dia phuong", "unit name")
_GROUPS = [  # checked in this order on each header cell, from the lowest one up
    ("pending", _words("dang giai quyet", "chua giai quyet", "dang xu ly", "chua xu ly",
                       "chua co ket qua", "chua tra ket qua")),
    ("resolved", _words("da giai quyet", "da xu ly", "da tra ket qua", "da co ket qua",
                        "giai quyet xong")),
    ("new", _words("moi tiep nhan", "tiep nhan moi", "moi nhan", "tiep nhan trong ky")),
    ("received", _words("nhan giai quyet", "tiep nhan", "ho so nhan", "da nhan")),
]  # fmt: skip
_SPECIFIC = [  # a cell that names its figure whatever its group
    ("carried_over", _words("ky truoc", "ton dau ky", "ton truoc")),
    ("pending_total", _words("chuyen ky sau", "chuyen sang ky sau")),
    ("interconnected", _words("lien thong")),
    ("new_online", _words("truc tuyen", "qua mang")),
    ("new_direct_or_postal", _words("truc tiep", "buu chinh", "bcci", "buu dien")),
]
_EARLY = _words("truoc han", "som han", "truoc thoi han")
_ON_TIME = _words("dung han", "dung thoi han", "dung hen")
_IN_TIME = _words("trong han", "chua den han", "con han", "chua qua han", "trong thoi han")
_LATE = _words("qua han", "tre han", "tre hen", "qua thoi han", "cham")
_TOTAL = re.compile(r"^(?:tong so|tong cong|tong|cong|so luong)\b|^so ho so$")
_HEADER_WORD = re.compile(
    r"^(?:stt|tt)$|\b(?:don vi|linh vuc|co quan|ket qua giai quyet|giai quyet|tiep nhan)\b"
)

#: Row names: the totals row, and group rows (Cấp tỉnh, I., A.) that are no unit.
#: on lower-case text with its accents: "Cộng" is a total, "Công an tỉnh" a unit
_TOTAL_ROW = re.compile(r"^(?:tổng cộng|tổng số|cộng|total|toàn tỉnh|tổng(?! cục| công ty))\b")
_GROUP_ROW = re.compile(r"^(?:(?:cong )?cap (?:tinh|huyen|xa|so)|khoi \w+)\b")
_GROUP_STT = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")

_NUMBER_CELL = re.compile(r"^\(?\s*(\d{1,2}|[A-Z])\s*\)?(?:\s*=\s*[\d()+\-\s]+)?$")
_FIGURE = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$|^\d+$")
_DASH = re.compile(r"^[-–—]$")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}|[IVX]+|[a-zđ])[.)]\s+")  # "1. Sở Tư pháp", "a) …"

_HEADER_SCAN_ROWS = 60
_MAX_HEADER_ROWS = 4


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


# --------------------------------------------------------------------------- header


def _header_paths(grid: list[list[str]], start: int, depth: int, width: int) -> list[list[str]]:
    """Per column, the header texts from top to bottom (merged cells repeated, numbers left out).

    A merged group title leaves blanks to its right: they take the title, but never across the
    edge of a group of the row above.
    """
    filled: list[list[str]] = []
    for k in range(depth):
        row = list(grid[start + k]) + [""] * (width - len(grid[start + k]))
        if k < depth - 1:
            last, out = "", []
            for c, cell in enumerate(row):
                edge = c == 0 or any(filled[j][c] != filled[j][c - 1] for j in range(k))
                last = cell or ("" if edge else last)
                out.append(last)
            row = out
        filled.append(row)
    paths = []
    for c in range(width):
        path: list[str] = []
        for k in range(depth):
            text = filled[k][c]
            if text and not _NUMBER_CELL.match(text) and (not path or path[-1] != text):
                path.append(text)
        paths.append(path)
    return paths


def _kind(path: list[str]) -> tuple[str | None, str | None]:
    """(field or kind still needing its group, the column's own group) from its header texts."""
    if not path:
        return None, None
    keys = [header_key(p) for p in path]
    leaf = keys[-1]
    if any(_IGNORED.search(k) for k in keys) or "%" in path[-1]:
        return None, None
    group = next((g for k in reversed(keys) for g, words in _GROUPS if words.search(k)), None)
    if len(keys) == 1 and leaf in _OWN_KEYS:
        return _OWN_KEYS[leaf], None
    if _STT.match(leaf):
        return "stt", None
    if _UNIT_ID.match(leaf):
        return "unit_id", None
    for name, words in _SPECIFIC:
        if words.search(leaf):
            return name, group
    if _EARLY.search(leaf):
        both = _ON_TIME.search(leaf) or _IN_TIME.search(leaf)
        return ("on_time_with_early" if both else "resolved_early"), group
    if _ON_TIME.search(leaf):
        return "on_time", group
    if _IN_TIME.search(leaf):
        return "in_time", group
    if _LATE.search(leaf):
        return "late", group
    if _NAME.search(leaf):
        return "name", None
    if _TOTAL.search(leaf) or any(words.search(leaf) for _, words in _GROUPS):
        return "total", group
    return None, None


def _assign(paths: list[list[str]]) -> tuple[dict[str, int], list[tuple[int, str]], bool]:
    """(field → first column, later columns read as a field already found, on time has early)."""
    fields: dict[str, int] = {}
    repeated: list[tuple[int, str]] = []
    with_early = False
    current: str | None = None  # the group of the nearest column to the left
    for c, path in enumerate(paths):
        kind, group = _kind(path)
        if kind is None:
            continue
        group = group or current
        if kind == "on_time_with_early":
            kind, with_early = "resolved_on_time", True
        if kind == "total":
            kind = _GROUP_TOTAL[group or "received"]
        elif kind == "on_time":
            kind = "pending_in_time" if group == "pending" else "resolved_on_time"
        elif kind == "in_time":
            kind = "resolved_on_time" if group == "resolved" else "pending_in_time"
        elif kind == "late":
            kind = "pending_overdue" if group == "pending" else "resolved_late"
        current = _FIELD_GROUP.get(kind, current)
        if kind in fields:
            repeated.append((c, kind))
        else:
            fields[kind] = c
    return fields, repeated, with_early


def _find_header(grid: list[list[str]]):
    """The header rows that name the most figures: (start, depth, paths, fields, repeated, early)."""
    best, best_score = None, (0, 0)
    width = max((len(r) for r in grid[: _HEADER_SCAN_ROWS + _MAX_HEADER_ROWS]), default=0)
    for start in range(min(len(grid), _HEADER_SCAN_ROWS)):
        if not any(grid[start]):
            continue
        for depth in range(1, _MAX_HEADER_ROWS + 1):
            if start + depth > len(grid):
                break
            paths = _header_paths(grid, start, depth, width)
            fields, repeated, early = _assign(paths)
            figures = sum(f in FIELDS for f in fields)
            score = (figures + len(fields) - len(repeated), -depth)
            if figures >= 3 and score > best_score:
                best, best_score = (start, depth, paths, fields, repeated, early), score
    while best is not None and best[0] > 0 and best[1] < _MAX_HEADER_ROWS:
        # HTML repeats a cell merged downwards: the top header row may add nothing but still
        # belongs to the header ("Số hồ sơ nhận giải quyết" over "Tổng số" carried down)
        start, depth = best[0] - 1, best[1] + 1
        cells = [header_key(c) for c in grid[start] if c]
        if len(set(cells)) < 2 or not any(_HEADER_WORD.search(c) for c in cells):
            break
        paths = _header_paths(grid, start, depth, width)
        fields, repeated, early = _assign(paths)
        if (fields, repeated) != (best[3], best[4]):
            break
        best = (start, depth, paths, fields, repeated, early)
    return best


def _is_number_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    if len(cells) < 3:
        return False
    matches = [_NUMBER_CELL.match(c) for c in cells]
    if sum(bool(m) for m in matches) < 0.8 * len(cells):
        return False
    numbers = [int(m.group(1)) for m in matches if m and m.group(1).isdigit()]
    return len(numbers) >= 3 and all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


def _number_label(cell: str) -> str:
    match = _NUMBER_CELL.match(cell or "")
    return f"({match.group(1)})" if match else ""


def _unrecognised(path: Path, grid: list[list[str]]) -> InputError:
    seen = []
    for row in grid[:_HEADER_SCAN_ROWS]:
        cells = [c for c in row if c]
        if len(cells) >= 2:
            seen = cells
            break
    found = " | ".join(seen[:16]) + (" | …" if len(seen) > 16 else "") if seen else "(không có)"
    return InputError(
        f"{path}: không nhận ra biểu kết quả giải quyết hồ sơ — không có cột nào như "
        f"'Số hồ sơ nhận giải quyết', 'Đã giải quyết', 'Đang giải quyết'. Tiêu đề đọc được: {found}",
        hint=(
            "Dùng biểu theo mẫu II.06a/VPCP/KSTT (Số hồ sơ nhận giải quyết: Tổng số, Số kỳ trước "
            "chuyển qua, Trực tuyến, Trực tiếp/bưu chính; Số hồ sơ đã giải quyết: Tổng số, Trả trước "
            "hạn, Trả đúng thời hạn, Trả quá hạn; Số hồ sơ đang giải quyết: Tổng số, Trong hạn, Quá "
            "hạn) hoặc resolution_table.csv; sửa dòng tiêu đề cột cho giống mẫu rồi chạy lại."
        ),
    )


# --------------------------------------------------------------------------- rows


def _parse_figures(cells: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Text cells → (nullable integers, mask of cells that are text but not a count).

    '1.234', '1,234', '1 234' → 1234; '-' and an empty cell → 0 in a row of figures.
    """
    text = cells.apply(lambda s: s.str.replace("\u00a0", " ", regex=False).str.strip())
    figure = text.apply(lambda s: s.str.match(_FIGURE))
    digits = text.apply(lambda s: s.str.replace(r"[.,\s]", "", regex=True))
    values = digits.where(figure).apply(lambda s: pd.to_numeric(s, errors="coerce")).astype("Int64")
    zero = text.apply(lambda s: s.eq("") | s.str.match(_DASH))
    bad = ~figure & ~zero
    return values.mask(zero, 0), bad


def _row_kinds(names: pd.Series, stt: pd.Series, ids: pd.Series) -> pd.Series:
    def lower(s: pd.Series) -> pd.Series:
        return s.str.casefold().str.replace(r"[\W_]+", " ", regex=True).str.strip()

    total = (
        ids.str.upper().eq("TOTAL")
        | lower(names).str.match(_TOTAL_ROW)
        | (names.eq("") & lower(stt).str.match(_TOTAL_ROW))
    )
    group = names.map(header_key).str.match(_GROUP_ROW) | stt.str.match(_GROUP_STT)
    return pd.Series("unit", index=names.index).mask(group, "group").mask(total, "total")


def read_results_table(path: Path) -> ResultsTable:
    """Read a results table by its header text; InputError when it is none or has no figures."""
    path = Path(path)
    grid, numbers = read_grid(path)
    found = _find_header(grid)
    if found is None:
        raise _unrecognised(path, grid)
    start, depth, paths, fields, repeated, with_early = found
    if not any(f in fields for f in ("received_total", "resolved_total", "pending_total")):
        raise _unrecognised(path, grid)
    body = start + depth
    number_row = None
    while body < len(grid) and not any(grid[body]):
        body += 1
    if body < len(grid) and _is_number_row(grid[body]):
        number_row = body
        body += 1
    label_row = grid[number_row] if number_row is not None else []

    def column(f: str) -> Column:
        c = fields[f]
        return Column(c, f, _number_label(label_row[c]) if c < len(label_row) else "")

    columns = {f: column(f) for f in fields}
    own = sum(header_key(" ".join(paths[c])) in _OWN_KEYS for c in fields.values()) >= 8
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
    keep = cells.apply(lambda s: s.str.strip().str.match(_FIGURE)).any(axis=1)

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


# --------------------------------------------------------------------------- sums

#: How a part is named in a sum.
_PART_WORDS = {
    "carried_over": "kỳ trước chuyển qua", "new_total": "mới tiếp nhận", "new_online": "trực tuyến",
    "new_direct_or_postal": "trực tiếp/bưu chính", "interconnected": "liên thông",
    "resolved_total": "đã giải quyết", "pending_total": "đang giải quyết",
    "resolved_early": "trả trước hạn", "resolved_on_time": "trả đúng hạn",
    "resolved_late": "trả quá hạn", "pending_in_time": "trong hạn", "pending_overdue": "quá hạn",
}  # fmt: skip


def _rules(table: ResultsTable):
    """(total, parts) of every sum the table's columns allow."""
    cols = table.columns
    for total, required, optional, total_words in RULES:
        if total not in cols or not all(p in cols for p in required):
            continue
        if total == "received_total" and "new_online" in required and "new_total" in cols:
            continue  # the received total is checked against "mới tiếp nhận" instead
        extra = [p for p in optional if p in cols]
        if table.on_time_includes_early:
            extra = [p for p in extra if p != "resolved_early"]
        parts = [f for f in FIELDS if f in (*required, *extra)]
        yield total, parts, total_words


def _refs(columns: list[Column]) -> str:
    if all(c.number for c in columns):
        return " + ".join(c.number for c in columns)
    return "(cột " + " + ".join(c.letter for c in columns) + ")"


def check_sums(table: ResultsTable) -> list[TableProblem]:
    """Every row where a total is not the sum of its parts, and every cell that is not a count."""
    rows = table.rows
    found: list[tuple[int, int, TableProblem]] = [(p.row, -1, p) for p in table.problems]
    for order, (total, parts, words) in enumerate(_rules(table)):
        sums = rows[parts].sum(axis=1, min_count=len(parts))
        wrong = rows[total].notna() & sums.notna() & rows[parts].notna().all(axis=1)
        wrong &= rows[total] != sums
        refs = _refs([table.columns[p] for p in parts])
        names = " + ".join(_PART_WORDS[p] for p in parts)
        for i in rows.index[wrong.fillna(False).astype(bool)]:
            t, s = int(rows.at[i, total]), int(sums[i])
            message = (
                f"{words} {table.columns[total].ref} = {vn_int(t)} nhưng {names} {refs} = "
                f"{vn_int(s)} (lệch {vn_int(abs(t - s))})"
            )
            found.append(
                (
                    int(rows.at[i, "row"]),
                    order,
                    TableProblem(int(rows.at[i, "row"]), str(rows.at[i, "name"]), message),
                )
            )
    return [p for _, _, p in sorted(found, key=lambda t: (t[0], t[1]))]


def check_results_table(path: Path) -> tuple[int, list[TableProblem]]:
    """Rows of figures checked, and every row whose totals disagree with their parts."""
    table = read_results_table(path)
    return len(table.rows), check_sums(table)


# --------------------------------------------------------------------------- against a run


@dataclass
class Difference:
    """A figure of the report that is not the one the run computed from the cases."""

    row: int
    name: str
    field: str
    words: str
    reported: int
    computed: int

    def render(self) -> str:
        return (
            f"{self.name} (dòng {self.row}): báo cáo {vn_int(self.reported)} {self.words}, "
            f"dữ liệu một cửa có {vn_int(self.computed)}"
        )


@dataclass
class Comparison:
    """The report against a run: differences, and rows and units that could not be paired."""

    source: Path
    differences: list[Difference] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # report rows, no unit
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)  # row, name, first row
    missing: list[tuple[str, str, int]] = field(default_factory=list)  # unit id, name, cases
    compared_rows: int = 0
    compared_cells: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.differences or self.unmatched or self.duplicates or self.missing)

    def lines(self) -> list[str]:
        out = [d.render() for d in self.differences]
        out += [
            f"dòng {row} ({name}): trùng đơn vị với dòng {first}, chỉ so dòng {first}"
            for row, name, first in self.duplicates
        ]
        out += [
            f"dòng {row} ({name or 'không tên'}): không khớp đơn vị nào trong dữ liệu một cửa"
            for row, name in self.unmatched
        ]
        out += [
            f"{name}: có {vn_int(cases)} hồ sơ trong dữ liệu một cửa nhưng không có trong biểu"
            for _, name, cases in self.missing
        ]
        return out


#: resolution_table.csv column of each figure of the report (early and on time: see _expected).
_RUN_COLUMNS = {
    "received_total": "total", "carried_over": "carried_over", "new_online": "new_online",
    "new_direct_or_postal": "new_direct_or_postal", "interconnected": "interconnected",
    "resolved_total": "resolved", "resolved_on_time": "resolved_on_time",
    "resolved_late": "resolved_late", "pending_total": "pending",
    "pending_in_time": "pending_in_time", "pending_overdue": "pending_overdue",
}  # fmt: skip


def load_run(folder: Path) -> tuple[pd.DataFrame, Path]:
    """A run's resolution_table.csv, by unit id, with ``early`` and ``on_time_only`` from its
    summary.json when that is there; UsageError when the folder is no run's output."""
    from compliance.model import RESOLUTION_COLUMNS, RESOLUTION_TOTAL_ID

    folder = Path(folder)
    hint = (
        "Chỉ --against tới thư mục kết quả của một lần chạy, ví dụ out/2020-05 "
        "(chạy `compliance run --period 2020-05` trước nếu chưa có)."
    )
    if not folder.exists():
        raise UsageError(f"--against {folder}: không có thư mục này", hint=hint)
    source = folder if folder.is_file() else folder / "resolution_table.csv"
    if not source.is_file():
        raise UsageError(f"--against {folder}: thư mục không có resolution_table.csv", hint=hint)
    try:
        run = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UsageError(f"{source}: không đọc được ({exc})", hint=hint) from None
    missing = [c for c in RESOLUTION_COLUMNS if c not in run.columns]
    if missing:
        raise UsageError(
            f"{source}: không phải resolution_table.csv của compliance (thiếu cột {', '.join(missing)})",
            hint=hint,
        )
    figures = RESOLUTION_COLUMNS[3:]
    numbers = run[figures].apply(pd.to_numeric, errors="coerce")
    if numbers.isna().any().any():
        bad = int(numbers.isna().any(axis=1).idxmax()) + 2
        raise UsageError(f"{source}, dòng {bad}: có ô không phải số", hint=hint)
    run = pd.concat([run[["unit_id", "unit_name"]], numbers.astype("int64")], axis=1)
    run = run.set_index("unit_id", drop=False)
    summary = source.parent / "summary.json"
    try:
        data = json.loads(summary.read_text(encoding="utf-8"))
        counts = {u["unit_id"]: u["counts"] for u in data["by_unit"]}
        counts[RESOLUTION_TOTAL_ID] = data["totals"]
        run["early"] = [int(counts[u]["resolved_early"]) for u in run.index]
        run["on_time_only"] = [int(counts[u]["resolved_on_time"]) for u in run.index]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # without summary.json early and on time are compared together
    return run, source


def _expected(table: ResultsTable, run: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(report figures, run figures, words) for every figure both tables have, by field."""
    report = table.rows
    cols = table.columns
    ours, theirs, words = {}, {}, {}
    for f in FIELDS:
        if f in _RUN_COLUMNS and f in cols:
            ours[f], theirs[f], words[f] = run[_RUN_COLUMNS[f]], report[f], FIELDS[f][1]
    if "new_direct_or_postal" in cols and "interconnected" not in cols:
        # the official form has no liên thông column: such cases are counted as received directly
        ours["new_direct_or_postal"] = run["new_direct_or_postal"] + run["interconnected"]
        words["new_direct_or_postal"] += " (gồm cả liên thông)"
    if "resolved_on_time" in cols and table.on_time_includes_early:
        words["resolved_on_time"] += " (gồm cả trước hạn)"
    elif "resolved_early" in cols and "early" in run.columns:
        ours["resolved_early"], theirs["resolved_early"] = run["early"], report["resolved_early"]
        words["resolved_early"] = FIELDS["resolved_early"][1]
        if "resolved_on_time" in cols:
            ours["resolved_on_time"] = run["on_time_only"]
    elif "resolved_early" in cols:
        ours.pop("resolved_on_time", None)
        theirs.pop("resolved_on_time", None)
        words.pop("resolved_on_time", None)
        if "resolved_on_time" in cols:
            ours["early_and_on_time"] = run["resolved_on_time"]
            theirs["early_and_on_time"] = report["resolved_early"] + report["resolved_on_time"]
            words["early_and_on_time"] = "hồ sơ trả trước hạn và đúng hạn"
    order = [f for f in [*FIELDS, "early_and_on_time"] if f in theirs]
    order.sort(
        key=lambda f: list(FIELDS).index("resolved_on_time" if f == "early_and_on_time" else f)
    )
    return pd.DataFrame(theirs)[order], pd.DataFrame(ours)[order], words


def _unit_finder(run: pd.DataFrame, aliases: dict[str, str] | None):
    """A function: unit id or name as written in a report → the run's unit id ('' if none).

    By unit id, by :func:`text.name_key` of the name or an alias, else the one unit whose name
    starts with the report's ("Sở Tư pháp" for "Sở Tư pháp tỉnh Đắk Lắk") or the other way round.
    """
    from compliance.model import RESOLUTION_TOTAL_ID

    units = run[run.index != RESOLUTION_TOTAL_ID]
    keys = {name_key(a): uid for a, uid in (aliases or {}).items() if uid in units.index}
    keys.update({name_key(n): uid for uid, n in zip(units.index, units["unit_name"], strict=True)})

    def find(text: str) -> str:
        text = text.strip()
        if text in units.index:
            return text
        key = name_key(_NUMBERING.sub("", text))
        if not key or key in keys:
            return keys.get(key, "")
        hits = {u for k, u in keys.items() if k.startswith(key + " ") or key.startswith(k + " ")}
        return hits.pop() if len(hits) == 1 else ""

    return find


def _pair_unit_rows(rows: pd.DataFrame, run: pd.DataFrame, find, result: Comparison) -> pd.Series:
    """Run unit id per report row (TOTAL for the totals row, '' for rows left out); fills in
    ``result``'s unmatched, duplicated and missing units."""
    from compliance.model import RESOLUTION_TOTAL_ID

    units = rows["kind"] == "unit"
    target = pd.Series("", index=rows.index, dtype=object)
    target[units] = [
        find(uid) or find(name)
        for uid, name in zip(rows.loc[units, "unit_id"], rows.loc[units, "name"], strict=True)
    ]
    found = target[target.ne("")]
    again = found.duplicated(keep="first")
    for i in found.index[again]:
        first = found.index[found.eq(found[i]) & ~again][0]
        result.duplicates.append(
            (int(rows.at[i, "row"]), rows.at[i, "name"], int(rows.at[first, "row"]))
        )
    target[found.index[again]] = None
    lost = units & target.eq("")
    result.unmatched = list(
        zip(rows.loc[lost, "row"].astype(int), rows.loc[lost, "name"], strict=True)
    )
    others = run[(run.index != RESOLUTION_TOTAL_ID) & ~run.index.isin(found) & (run["total"] > 0)]
    result.missing = list(zip(others.index, others["unit_name"], others["total"], strict=True))
    totals = rows.index[rows["kind"] == "total"]
    if len(totals) and result.missing:
        result.notes.append(
            f"dòng tổng cộng không được so vì biểu thiếu {len(result.missing)} đơn vị có hồ sơ"
        )
    elif len(totals):
        target[totals[-1]] = RESOLUTION_TOTAL_ID
    if found.empty:
        result.notes.append(
            "không dòng nào khớp một đơn vị: nếu đây là biểu của một đơn vị (các dòng là lĩnh "
            "vực), dùng --unit MÃ_ĐƠN_VỊ"
        )
    return target.where(target.notna(), "")


def _pair_one_unit(table: ResultsTable, run, find, unit: str, result: Comparison) -> pd.Series:
    """A unit's own table: its totals row (or its one row) is the unit."""
    from compliance.model import RESOLUTION_TOTAL_ID

    rows = table.rows
    uid = find(unit)
    if not uid or uid == RESOLUTION_TOTAL_ID:
        raise UsageError(
            f"--unit {unit}: không có đơn vị này trong {result.source}",
            hint="Dùng mã đơn vị (cột unit_id) hoặc tên đơn vị như trong resolution_table.csv.",
        )
    name = run.at[uid, "unit_name"]
    totals = rows.index[rows["kind"] == "total"]
    if not len(totals) and len(rows) != 1:
        raise InputError(
            f"{table.path}: biểu không có dòng Tổng cộng để so với {name}",
            hint="Thêm dòng Tổng cộng vào biểu, hoặc bỏ --unit nếu mỗi dòng là một đơn vị.",
        )
    target = pd.Series("", index=rows.index, dtype=object)
    target[totals[0] if len(totals) else rows.index[0]] = uid
    result.notes.append(f"biểu của {name}: so dòng tổng cộng với đơn vị này")
    return target


def compare_with_run(
    table: ResultsTable,
    folder: Path,
    unit: str | None = None,
    aliases: dict[str, str] | None = None,
) -> Comparison:
    """Every figure of ``table`` against the run in ``folder`` (OUT/<period>).

    Rows are paired with units by unit id or name (see :func:`_unit_finder`; ``aliases``: more
    names → unit id, from config.yaml); the totals row with the run's TOTAL when no unit with
    cases is missing. With ``unit`` the table is that one unit's (its rows are sectors): its
    totals row is compared with the unit.
    """
    run, source = load_run(folder)
    result = Comparison(source)
    find = _unit_finder(run, aliases)
    rows = table.rows.copy()
    if unit is None:
        target = _pair_unit_rows(rows, run, find, result)
    else:
        target = _pair_one_unit(table, run, find, unit, result)
        rows.loc[target.ne(""), "name"] = run.at[target[target.ne("")].iloc[0], "unit_name"]
    paired = target[target.ne("")]
    theirs, ours, words = _expected(table, run)
    theirs = theirs.loc[paired.index]
    ours = ours.reindex(paired.to_numpy()).set_axis(paired.index)
    both = theirs.notna() & ours.notna()
    result.compared_rows = len(paired)
    result.compared_cells = int(both.to_numpy().sum())
    for i, f in (both & theirs.ne(ours)).stack().loc[lambda s: s].index:
        result.differences.append(
            Difference(
                int(rows.at[i, "row"]),
                str(rows.at[i, "name"] or run.at[paired[i], "unit_name"]),
                f,
                words[f],
                int(theirs.at[i, f]),
                int(ours.at[i, f]),
            )
        )
    return result
