"""A unit's results table (form II.06a and kin): read by its header text, its sums checked, compared with a run."""

from compliance.analyse.tables.compare import Comparison, Difference, compare_with_run, load_run
from compliance.analyse.tables.read import Column, ResultsTable, TableProblem, read_results_table
from compliance.analyse.tables.report import TableReport, check_table_report
from compliance.analyse.tables.sums import check_results_table, check_sums

__all__ = [
    "Column",
    "Comparison",
    "Difference",
    "ResultsTable",
    "TableProblem",
    "TableReport",
    "check_results_table",
    "check_sums",
    "check_table_report",
    "compare_with_run",
    "load_run",
    "read_results_table",
]
