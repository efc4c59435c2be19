"""The rows of a results table where a total is not the sum of its parts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from compliance.analyse.tables.layouts import FIELDS
from compliance.analyse.tables.read import Column, ResultsTable, TableProblem, read_results_table
from compliance.formatting import vn_int

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

#: How a part is named in a sum.
_PART_WORDS = {
    "carried_over": "kỳ trước chuyển qua", "new_total": "mới tiếp nhận", "new_online": "trực tuyến",
    "new_direct_or_postal": "trực tiếp/bưu chính", "interconnected": "liên thông",
    "resolved_total": "đã giải quyết", "pending_total": "đang giải quyết",
    "resolved_early": "trả trước hạn", "resolved_on_time": "trả đúng hạn",
    "resolved_late": "trả quá hạn", "pending_in_time": "trong hạn", "pending_overdue": "quá hạn",
}  # fmt: skip


def _rules(table: ResultsTable) -> Iterator[tuple[str, list[str], str]]:
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
