"""Checking a results table (the 13-column "Biểu kết quả giải quyết hồ sơ") for sums that disagree.

Published reports often break their own arithmetic (one gave 138.907 resolved but 139.792 on
time plus 115 late). ``compliance check-table FILE`` reads such a table — a unit's own report,
a province's compilation, or this tool's ``resolution_table.csv`` — and names every row where a
total is not the sum of its parts.

Columns are found by the row of column numbers ``(1) (2) … (13)`` that the official form puts
under its header, or by this tool's own column names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from compliance.errors import InputError
from compliance.formatting import vn_int
from compliance.readers import read_grid

#: (total column, part columns, what the total is, in words), numbered as on the official form.
RULES = [
    (3, (4, 5, 6, 7), "tổng số hồ sơ nhận giải quyết", "trực tuyến + kỳ trước chuyển qua + trực tiếp/BCCI + liên thông"),
    (3, (8, 11), "tổng số hồ sơ nhận giải quyết", "đã giải quyết + đang giải quyết"),
    (8, (9, 10), "số hồ sơ đã giải quyết", "đúng hạn + quá hạn"),
    (11, (12, 13), "số hồ sơ đang giải quyết", "chưa đến hạn + quá hạn"),
]  # fmt: skip

#: This tool's resolution_table.csv column names, by the form's column number.
OWN_COLUMNS = {
    2: "unit_name", 3: "total", 4: "new_online", 5: "carried_over", 6: "new_direct_or_postal",
    7: "interconnected", 8: "resolved", 9: "resolved_on_time", 10: "resolved_late", 11: "pending",
    12: "pending_in_time", 13: "pending_overdue",
}  # fmt: skip

_NUMBER_CELL = re.compile(r"^\(?\s*(\d{1,2})\s*\)?$")


@dataclass
class TableProblem:
    row: int
    unit: str
    message: str

    def render(self) -> str:
        who = f" ({self.unit})" if self.unit else ""
        return f"dòng {self.row}{who}: {self.message}"


def _locate_columns(path: Path, grid: list[list[str]]) -> tuple[int, dict[int, int]]:
    """(index of the last header row, form column number → grid column)."""
    for r, row in enumerate(grid[:60]):
        numbers = {}
        for c, cell in enumerate(row):
            match = _NUMBER_CELL.match(cell.strip())
            if match:
                numbers.setdefault(int(match.group(1)), c)
        if all(n in numbers for n in range(3, 14)):
            return r, numbers
        own = {name: c for c, name in enumerate(row)}
        if all(name in own for name in OWN_COLUMNS.values()):
            return r, {n: own[name] for n, name in OWN_COLUMNS.items()}
    raise InputError(
        f"{path}: không tìm thấy dòng số thứ tự cột (1) (2) … (13) của biểu kết quả",
        hint="Biểu cần có dòng đánh số cột như mẫu báo cáo (dưới dòng tiêu đề).",
    )


def _number(text: str) -> int | None:
    """'238.512' / '238,512' / '238 512' → 238512; '' or text → None."""
    digits = re.sub(r"[.,\s\u00a0]", "", text or "")
    return int(digits) if digits.isdigit() else None


def check_results_table(path: Path) -> tuple[int, list[TableProblem]]:
    """Rows checked, and every row whose totals disagree with their parts."""
    grid, numbers = read_grid(Path(path))
    header, columns = _locate_columns(path, grid)
    problems: list[TableProblem] = []
    checked = 0
    for r in range(header + 1, len(grid)):
        row = grid[r]

        def value(n: int, row=row) -> int | None:
            c = columns.get(n)
            return _number(row[c]) if c is not None and c < len(row) else None

        if value(3) is None:
            continue  # not a row of figures (a group title, a footer)
        checked += 1
        unit = row[columns[2]].strip() if 2 in columns and columns[2] < len(row) else ""
        for total_col, parts, total_name, parts_name in RULES:
            total, values = value(total_col), [value(n) for n in parts]
            if total is None or any(v is None for v in values):
                continue
            if total != sum(values):
                cols = " + ".join(f"({n})" for n in parts)
                problems.append(
                    TableProblem(
                        numbers[r],
                        unit,
                        f"{total_name} ({total_col}) = {vn_int(total)} nhưng {parts_name} {cols} = "
                        f"{vn_int(sum(values))} (lệch {vn_int(abs(total - sum(values)))})",
                    )
                )
    if not checked:
        raise InputError(
            f"{path}: biểu không có dòng số liệu nào dưới dòng số thứ tự cột",
            hint="Kiểm tra lại tệp: các cột (3)…(13) phải là số.",
        )
    return checked, problems
