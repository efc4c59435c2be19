"""The machine-facing files of a run (CONTRACT section 4): findings, summary, tables, rejects, evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from compliance import codes
from compliance.config import LEVELS
from compliance.history.records import FollowupsHeeded, HeededCase
from compliance.model import (
    COUNT_KEYS,
    EVIDENCE_COLUMNS,
    FINDINGS_COLUMNS,
    FOLLOWUP_COLUMNS,
    FOLLOWUP_KINDS,
    OVERDUE_KINDS,
    Counts,
    FlagReason,
    FollowUp,
    RunResult,
    is_request,
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


#: followup.csv's columns after the contract's: what the letter is (``violation``, ``request``
#: or ``both``) and the reasons split into the unit's failures and what it is asked for, as codes
#: (``missing_apology:2``) and in words for a reader ("Chưa có văn bản xin lỗi: 02 hồ sơ").
FOLLOWUP_EXTRA_COLUMNS = [
    "kind", "kind_label", "violations", "requests", "violations_label", "requests_label",
]  # fmt: skip


def followup_frame(followups: tuple[FollowUp, ...]) -> pd.DataFrame:
    """followup.csv: ``unit_id, unit_name, level, reasons, cases``, lists ``;``-joined, then
    :data:`FOLLOWUP_EXTRA_COLUMNS`."""
    rows = [
        (
            f.unit_id, f.unit_name, f.level, ";".join(map(str, f.reasons)), ";".join(f.cases),
            f.kind, FOLLOWUP_KINDS[f.kind], ";".join(map(str, f.violations)),
            ";".join(map(str, f.requests)), _in_words(f.violations), _in_words(f.requests),
        )
        for f in followups
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=FOLLOWUP_COLUMNS + FOLLOWUP_EXTRA_COLUMNS)


def _in_words(reasons: tuple[FlagReason, ...]) -> str:
    """'Chưa có văn bản xin lỗi: 02 hồ sơ; …' (a request in the words of what is asked)."""
    return "; ".join(f"{_first_upper(_reason_words(r.gap))}: {r.cases:02d} hồ sơ" for r in reasons)


def _reason_words(gap: str) -> str:
    entry = codes.get("gap", gap)
    if entry is None:
        return gap
    return entry.ask if is_request(gap) and entry.ask else entry.vi


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


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
