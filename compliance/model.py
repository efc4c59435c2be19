"""The shapes that flow between stages: column lists of the contract and the run result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compliance import codes
from compliance.calendar.periods import Period
from compliance.config import Config

#: CONTRACT section 5, in order. More columns may follow at the end.
FINDINGS_COLUMNS = [
    "case_id", "unit_id", "unit_name", "level", "sector", "procedure", "applicant",
    "received_at", "due_at", "result_at", "overdue_kind", "working_days_late",
    "letter_no", "letter_issued_on", "letter_match", "apology", "desk_posting",
    "web_posting", "web_evidence_url", "new_due_at", "gaps", "note",
]  # fmt: skip

#: CONTRACT section 7.
RESOLUTION_COLUMNS = [
    "stt", "unit_id", "unit_name", "total", "new_online", "carried_over",
    "new_direct_or_postal", "interconnected", "resolved", "resolved_on_time",
    "resolved_late", "pending", "pending_in_time", "pending_overdue",
]  # fmt: skip
#: ``unit_id`` of the table's last row, the sum of the others (no STT, unit name "Tổng cộng").
RESOLUTION_TOTAL_ID = "TOTAL"

FOLLOWUP_COLUMNS = ["unit_id", "unit_name", "level", "reasons", "cases"]
REJECT_COLUMNS = ["file", "row", "case_id", "reason"]
EVIDENCE_COLUMNS = ["url", "final_url", "fetched_at", "status", "sha256", "content_type", "path"]

#: Gap codes (CONTRACT section 5), in order, from the catalogue (compliance/codes.py); kept
#: here for tests/render/test_render_common.py.
GAP_CODES = list(codes.GAP_CODES)


@dataclass
class RunResult:
    """Everything one run produced; the renderers read only this.

    ``findings``, ``resolution_table``, ``followup`` and ``rejects`` are DataFrames with the
    contract's columns (dates as pandas Timestamps / NaT in ``findings``); ``summary`` is the
    summary.json document (CONTRACT section 6) as a dict.
    """

    config: Config
    period: Period
    as_of: dt.date
    generated_at: dt.datetime
    findings: pd.DataFrame
    summary: dict
    resolution_table: pd.DataFrame
    followup: pd.DataFrame
    rejects: pd.DataFrame
    #: one row per unit known to the run: unit_id, unit_name, level, parent, code, configured
    units: pd.DataFrame
    #: letters read from the register with their match: case_id, letter_no, issued_on, unit,
    #: applicant, match (exact/normalised/fuzzy/''), matched_case_id, file, row
    letters: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: web check results per unit (pages read, letters found, failures) when the web ran
    web_units: pd.DataFrame = field(default_factory=pd.DataFrame)
    out_dir: Path | None = None
    warnings: list[str] = field(default_factory=list)
