"""The machine-facing files of a run (CONTRACT section 4): findings, summary, tables, rejects, evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from compliance.config import LEVELS
from compliance.model import (
    COUNT_KEYS,
    EVIDENCE_COLUMNS,
    FINDINGS_COLUMNS,
    FOLLOWUP_COLUMNS,
    OVERDUE_KINDS,
    Counts,
    FollowUp,
    FollowupsHeeded,
    HeededCase,
    RunResult,
)
from compliance.outputs.files import write_csv, write_json

#: The columns of findings.csv that hold a moment (written ISO 8601).
_DATE_COLUMNS = ("received_at", "due_at", "result_at", "letter_issued_on", "new_due_at")


def _iso(values: pd.Series) -> pd.Series:
    """ISO 8601 for machine-facing files: a date alone when the time is midnight."""
    ts = pd.to_datetime(values)
    full = ts.dt.strftime("%Y-%m-%dT%H:%M:%S")
    day = ts.dt.strftime("%Y-%m-%d")
    midnight = ts.notna() & (ts == ts.dt.normalize())
    return full.where(~midnight, day).fillna("")


def joined(items: pd.Series) -> pd.Series:
    """Tuples of codes as the contract writes them: ``a;b`` ('' for none)."""
    return items.map(lambda codes: ";".join(str(c) for c in codes))


def findings_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """findings.csv (CONTRACT section 5): ISO dates, gaps ``;``-joined."""
    out = findings[FINDINGS_COLUMNS].copy()
    for col in _DATE_COLUMNS:
        out[col] = _iso(out[col])
    out["gaps"] = joined(out["gaps"])
    return out


def followup_frame(followups: tuple[FollowUp, ...]) -> pd.DataFrame:
    """followup.csv: ``unit_id, unit_name, level, reasons, cases``, lists ``;``-joined."""
    rows = [
        (f.unit_id, f.unit_name, f.level, ";".join(map(str, f.reasons)), ";".join(f.cases))
        for f in followups
    ]
    return pd.DataFrame(rows, columns=FOLLOWUP_COLUMNS)


def counts_document(counts: Counts) -> dict[str, Any]:
    """A COUNTS object of summary.json."""
    doc: dict[str, Any] = {key: counts[key] for key in COUNT_KEYS}
    doc["compliance"] = {kind: counts.of(kind).as_dict() for kind in OVERDUE_KINDS}
    return doc


def summary_document(result: RunResult) -> dict[str, Any]:
    """summary.json (CONTRACT section 6), with the run's warnings at the end."""
    counts = result.counts
    return {
        "period": {
            "label": result.period.label,
            "start": result.period.start.isoformat(),
            "end": result.period.end.isoformat(),
        },
        "as_of": result.as_of.isoformat(),
        "totals": counts_document(counts.totals),
        "by_level": {level: counts_document(counts.level(level)) for level in LEVELS},
        "by_unit": [
            {
                "unit_id": unit.unit_id,
                "unit_name": unit.unit_name,
                "level": unit.level,
                "counts": counts_document(unit.counts),
                "flagged": unit.flagged,
                "flag_reasons": [str(reason) for reason in unit.flag_reasons],
                "parent": unit.parent,
                "succeeded_by": unit.succeeded_by,
            }
            for unit in counts.units
        ],
        "flagged_units": [unit.unit_id for unit in counts.flagged],
        "warnings": result.warnings.as_dict(),
        "followup_heeded": heeded_document(result.heeded),
    }


def heeded_document(heeded: FollowupsHeeded | None) -> dict[str, Any] | None:
    """summary.json ``followup_heeded``: the previous period's follow-ups checked again (null
    when the history has no earlier period)."""
    if heeded is None:
        return None
    units: dict[str, list[HeededCase]] = {}
    for case in heeded.cases:
        units.setdefault(case.unit_id, []).append(case)
    return {
        "period": heeded.period_label,
        "web_checked": heeded.web_checked,
        "cases_listed": len(heeded.cases),
        "resolved_since": heeded.resolved_since,
        "still_open": heeded.still_open,
        "units": [
            {
                "unit_id": unit_id,
                "unit_name": heeded.unit_names.get(unit_id, ""),
                "cases_listed": len(cases),
                "resolved_since": sum(c.resolved for c in cases),
                "still_open": [c.case_id for c in cases if not c.resolved],
            }
            for unit_id, cases in units.items()
        ],
    }


def write_run_files(result: RunResult, run_dir: Path) -> None:
    """Write the machine-facing files of CONTRACT section 4 into ``run_dir``, each atomically."""
    run_dir.mkdir(parents=True, exist_ok=True)
    write_csv(run_dir / "findings.csv", findings_frame(result.findings))
    write_json(run_dir / "summary.json", summary_document(result))
    write_csv(run_dir / "resolution_table.csv", result.resolution_table)
    write_csv(run_dir / "followup.csv", followup_frame(result.followups))
    write_csv(run_dir / "rejects.csv", result.rejects)
    index = run_dir / "evidence" / "index.csv"
    # The web check writes the index as it goes; without it, an empty index says so.
    if not index.exists() or result.evidence.empty:
        write_csv(index, result.evidence.reindex(columns=EVIDENCE_COLUMNS))
