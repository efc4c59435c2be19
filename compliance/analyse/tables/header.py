"""The header of a results table: the rows and columns that name its figures, found by their words."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from compliance.analyse.tables.layouts import (
    EARLY,
    FIELD_GROUP,
    FIELDS,
    GROUP_TOTAL,
    GROUPS,
    HEADER_WORD,
    IGNORED,
    IN_TIME,
    LATE,
    NAME,
    NUMBER_CELL,
    ON_TIME,
    OWN_KEYS,
    SPECIFIC,
    STT,
    TOTAL,
    UNIT_ID,
)
from compliance.errors import InputError
from compliance.text import header_key

_HEADER_SCAN_ROWS = 60
_MAX_HEADER_ROWS = 4


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
            if text and not NUMBER_CELL.match(text) and (not path or path[-1] != text):
                path.append(text)
        paths.append(path)
    return paths


def _kind(path: list[str]) -> tuple[str | None, str | None]:
    """(field or kind still needing its group, the column's own group) from its header texts."""
    if not path:
        return None, None
    keys = [header_key(p) for p in path]
    leaf = keys[-1]
    if any(IGNORED.search(k) for k in keys) or "%" in path[-1]:
        return None, None
    group = next((g for k in reversed(keys) for g, words in GROUPS if words.search(k)), None)
    if len(keys) == 1 and leaf in OWN_KEYS:
        return OWN_KEYS[leaf], None
    if STT.match(leaf):
        return "stt", None
    if UNIT_ID.match(leaf):
        return "unit_id", None
    for name, words in SPECIFIC:
        if words.search(leaf):
            return name, group
    if EARLY.search(leaf):
        both = ON_TIME.search(leaf) or IN_TIME.search(leaf)
        return ("on_time_with_early" if both else "resolved_early"), group
    if ON_TIME.search(leaf):
        return "on_time", group
    if IN_TIME.search(leaf):
        return "in_time", group
    if LATE.search(leaf):
        return "late", group
    if NAME.search(leaf):
        return "name", None
    if TOTAL.search(leaf) or any(words.search(leaf) for _, words in GROUPS):
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
            kind = GROUP_TOTAL[group or "received"]
        elif kind == "on_time":
            kind = "pending_in_time" if group == "pending" else "resolved_on_time"
        elif kind == "in_time":
            kind = "resolved_on_time" if group == "resolved" else "pending_in_time"
        elif kind == "late":
            kind = "pending_overdue" if group == "pending" else "resolved_late"
        current = FIELD_GROUP.get(kind, current)
        if kind in fields:
            repeated.append((c, kind))
        else:
            fields[kind] = c
    return fields, repeated, with_early


class Header(NamedTuple):
    """The header rows found: where they are, each column's texts, and the figures they name."""

    start: int  # 0-based row of the grid
    depth: int  # rows
    paths: list[list[str]]  # per column, its header texts from top to bottom
    fields: dict[str, int]  # field → first column
    repeated: list[tuple[int, str]]  # later columns read as a field already found
    with_early: bool  # "đúng hạn" includes "trước hạn"


def find_header(grid: list[list[str]]) -> Header | None:
    """The header rows that name the most figures; None when no rows name three figures."""
    best: Header | None = None
    best_score = (0, 0)
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
                best, best_score = Header(start, depth, paths, fields, repeated, early), score
    while best is not None and best.start > 0 and best.depth < _MAX_HEADER_ROWS:
        # HTML repeats a cell merged downwards: the top header row may add nothing but still
        # belongs to the header ("Số hồ sơ nhận giải quyết" over "Tổng số" carried down)
        start, depth = best.start - 1, best.depth + 1
        cells = [header_key(c) for c in grid[start] if c]
        if len(set(cells)) < 2 or not any(HEADER_WORD.search(c) for c in cells):
            break
        paths = _header_paths(grid, start, depth, width)
        fields, repeated, early = _assign(paths)
        if (fields, repeated) != (best.fields, best.repeated):
            break
        best = Header(start, depth, paths, fields, repeated, early)
    return best


def is_number_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    if len(cells) < 3:
        return False
    matches = [NUMBER_CELL.match(c) for c in cells]
    if sum(bool(m) for m in matches) < 0.8 * len(cells):
        return False
    numbers = [int(m.group(1)) for m in matches if m and m.group(1).isdigit()]
    return len(numbers) >= 3 and all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


def number_label(cell: str) -> str:
    match = NUMBER_CELL.match(cell or "")
    return f"({match.group(1)})" if match else ""


def unrecognised(path: Path, grid: list[list[str]]) -> InputError:
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
