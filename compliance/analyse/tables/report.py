"""What `compliance check-table` prints: a table's layout, its sums and, if asked, the run it is compared with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from compliance.analyse.tables.compare import Comparison, compare_with_run
from compliance.analyse.tables.read import ResultsTable, TableProblem, read_results_table
from compliance.analyse.tables.sums import check_sums
from compliance.errors import UsageError


@dataclass
class TableReport:
    """The lines to print, in order, and what they were made from."""

    table: ResultsTable
    problems: list[TableProblem]  # totals that disagree with their parts, cells that are no count
    comparison: Comparison | None  # with ``against``
    lines: list[str]

    @property
    def ok(self) -> bool:
        """True when every sum holds and, with ``against``, every figure matches the run."""
        return not self.problems and (self.comparison is None or self.comparison.ok)


def check_table_report(
    path: Path,
    against: Path | None = None,
    unit: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> TableReport:
    """Read the results table at ``path``, check its sums and, with ``against`` (OUT/<period>),
    compare it with that run (``unit``, ``aliases``: see :func:`compare_with_run`).

    Raises UsageError for ``unit`` without ``against`` or an ``against`` that is no run's output,
    InputError for a file that is no results table.
    """
    if unit is not None and against is None:
        raise UsageError("--unit chỉ dùng cùng --against", hint="Thêm --against OUT/<kỳ>.")
    table = read_results_table(path)
    lines = [table.describe(), table.describe_columns()]
    lines += [f"Lưu ý: {note}." for note in table.notes]
    problems = check_sums(table)
    lines += [problem.render() for problem in problems]
    checked = len(table.rows)
    if problems:
        lines.append(f"{len(problems)} chỗ số liệu không khớp trong {checked} dòng số liệu.")
    else:
        lines.append(
            f"Số liệu khớp: đã kiểm tra {checked} dòng, mọi tổng số bằng tổng các thành phần."
        )
    comparison = None
    if against is not None:
        comparison = compare_with_run(
            table, against, unit=unit, aliases=dict(aliases) if aliases else None
        )
        lines += _comparison_lines(comparison)
    return TableReport(table, problems, comparison, lines)


def _comparison_lines(comparison: Comparison) -> list[str]:
    differences = comparison.lines()
    counted = f"{comparison.compared_rows} dòng, {comparison.compared_cells} ô số liệu"
    return [
        f"So với dữ liệu một cửa ({comparison.source}):",
        *(f"Lưu ý: {note}." for note in comparison.notes),
        *(f"  {line}" for line in differences),
        f"Khớp dữ liệu một cửa: {counted}."
        if comparison.ok
        else f"{len(differences)} chỗ khác dữ liệu một cửa (đã so {counted}).",
    ]
