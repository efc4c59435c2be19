"""Former home of compliance.analyse.tables: kept until cli.py imports from there, then delete."""

from compliance.analyse.tables import (  # noqa: F401
    check_results_table,
    check_sums,
    compare_with_run,
    read_results_table,
)
