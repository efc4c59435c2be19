"""Finding the header: the fields a caller wants (FieldSpec), their aliases, the header row(s)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compliance.errors import InputError
from compliance.read.cells import Rows, grid_from_rows
from compliance.text import header_key

#: the header is looked for in this many first rows
HEADER_SCAN_ROWS = 40
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
    best: tuple[int, int, list[str], dict[str, int]] = (0, 0, [], {})
    best_score = 0
    limit = min(len(grid), HEADER_SCAN_ROWS)
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


def is_column_numbers(row: list[str]) -> bool:
    """A row of column numbers "(1) (2) …" under a header."""
    cells = [c for c in row if c]
    return len(cells) >= 2 and sum(bool(_COLUMN_NUMBER.match(c)) for c in cells) >= 0.6 * len(cells)


def header_score(specs: list[FieldSpec]) -> Callable[[Rows], tuple[int, int]]:
    """Rank a sheet or table by how many fields its header names (ties: more rows)."""

    def score(rows: Rows) -> tuple[int, int]:
        return len(find_header(grid_from_rows(rows[:HEADER_SCAN_ROWS]), specs)[3]), len(rows)

    return score


def raise_missing_columns(
    path: Path, specs: list[FieldSpec], columns: dict, found: list[str], none_found=False
):
    """Stop with the required fields no header names (or no header at all), and what was found."""
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
