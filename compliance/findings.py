"""Findings (one row per overdue case, with gap codes), the counts, the results table, follow-up.

Gap codes are data (CONTRACT section 5); reports translate them, nothing parses them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from compliance.model import FINDINGS_COLUMNS, FOLLOWUP_COLUMNS, GAP_CODES, RESOLUTION_COLUMNS
from compliance.periods import Period

LEVELS = ("province", "district", "commune")

#: Gap codes that say a unit fell short. ``online_unverifiable`` is our check failing, not
#: the unit: alone it never flags a unit (DOMAIN: never accuse a unit when the check failed).
FLAGGING_GAPS = [g for g in GAP_CODES if g != "online_unverifiable"]


def compute_gaps(f: pd.DataFrame, period_end: pd.Timestamp) -> pd.Series:
    """The ';'-joined gap codes of every finding ('' when compliant or exempt)."""
    exempt = f["apology"] == "exempt"
    web = f["web_posting"]
    result = f["result_at"]
    new_due = f["new_due_at"]
    new_due_end = new_due.dt.normalize() + pd.Timedelta(days=1)  # a new date is met until its end
    reference = result.where(result.notna(), period_end + pd.Timedelta(days=1))
    flags = {
        "missing_apology": f["apology"] == "missing",
        "late_apology": f["apology"] == "late",
        "undated_apology": f["apology"] == "undated",
        "not_posted_at_desk": f["desk_posting"] == "not_posted",
        "not_published_online": web == "not_found",
        "online_unverifiable": web == "unverifiable",
        "no_website": web == "no_website",
        "rescheduled_date_missed": new_due.notna() & (new_due_end <= reference),
        "multiple_reschedules": f["n_reschedules"] >= 2,
    }
    parts = pd.DataFrame(
        {code: np.where(flags[code] & ~exempt, code, "") for code in GAP_CODES}, index=f.index
    )
    return (
        parts.apply(lambda row: ";".join(v for v in row if v), axis=1)
        if len(parts)
        else pd.Series(dtype=object)
    )


def build_findings(
    overdue: pd.DataFrame, assessed: pd.DataFrame, web: pd.DataFrame, period: Period, last_day
) -> pd.DataFrame:
    """CONTRACT section 5 rows from the classified overdue cases, their apologies and web results."""
    f = pd.DataFrame(index=overdue.index)
    f["case_id"] = overdue["case_id"]
    f["unit_id"] = overdue["unit_id"]
    f["unit_name"] = overdue["unit_name"]
    f["level"] = overdue["level_name"]
    f["sector"] = overdue["sector"]
    f["procedure"] = overdue["procedure"]
    f["applicant"] = overdue["applicant"]
    f["received_at"] = overdue["received_at_ts"]
    f["due_at"] = overdue["due_at_ts"]
    f["result_at"] = overdue["result_in_period"]
    f["overdue_kind"] = overdue["overdue_kind"]
    f["working_days_late"] = overdue["working_days_late"].astype(int)
    for col in (
        "letter_no",
        "letter_issued_on",
        "letter_match",
        "apology",
        "desk_posting",
        "new_due_at",
        "n_reschedules",
    ):
        f[col] = assessed[col]
    f["web_posting"] = web["web_posting"]
    f["web_evidence_url"] = web["web_evidence_url"]
    f["note"] = web["note"]
    exempt = f["apology"] == "exempt"
    if exempt.any():
        reason = overdue.loc[exempt, "exempt_reason"].fillna("")
        f.loc[exempt, "note"] = ("Miễn trừ: " + reason).str.rstrip(": ")
    f["gaps"] = compute_gaps(f, pd.Timestamp(last_day)) if len(f) else ""
    f["case_key"] = overdue["case_key"]
    f = f.sort_values(["unit_id", "overdue_kind", "due_at", "case_id"], kind="stable")
    extra = ["case_key", "n_reschedules"]
    return f[FINDINGS_COLUMNS + extra].reset_index(drop=True)


# ---------------------------------------------------------------------------- counts

_COMPLIANCE_KEYS = [
    "cases", "apology_issued", "apology_on_time", "apology_late", "apology_missing", "posted_at_desk",
    "published_online", "online_not_found", "online_unverifiable", "online_no_website", "exempt",
]  # fmt: skip


def _compliance_counts(f: pd.DataFrame) -> dict:
    exempt = f["apology"] == "exempt"
    live = f[~exempt]
    return {
        "cases": int(len(live)),
        "apology_issued": int(live["apology"].isin(["on_time", "late", "undated"]).sum()),
        "apology_on_time": int((live["apology"] == "on_time").sum()),
        "apology_late": int((live["apology"] == "late").sum()),
        "apology_missing": int((live["apology"] == "missing").sum()),
        "posted_at_desk": int((live["desk_posting"] == "posted").sum()),
        "published_online": int((live["web_posting"] == "verified").sum()),
        "online_not_found": int((live["web_posting"] == "not_found").sum()),
        "online_unverifiable": int((live["web_posting"] == "unverifiable").sum()),
        "online_no_website": int((live["web_posting"] == "no_website").sum()),
        "exempt": int(exempt.sum()),
    }


def _state_counts(counted: pd.DataFrame) -> pd.DataFrame:
    """Per unit: received and the five states, exempt cases moved to on time / in time."""
    state = counted["state"].where(
        ~counted["exempt"],
        counted["state"].map(
            {"resolved_late": "resolved_on_time", "pending_overdue": "pending_in_time"}
        ),
    )
    table = pd.crosstab(counted["unit_id"], state)
    from compliance.classify import STATES

    table = table.reindex(columns=STATES, fill_value=0)
    table["received"] = counted.groupby("unit_id")["received_in_period"].sum()
    return table.fillna(0).astype(int)


def _counts_dict(row: pd.Series, f: pd.DataFrame) -> dict:
    resolved = int(row["resolved_early"] + row["resolved_on_time"] + row["resolved_late"])
    pending = int(row["pending_in_time"] + row["pending_overdue"])
    return {
        "received": int(row["received"]),
        "resolved": resolved,
        "resolved_early": int(row["resolved_early"]),
        "resolved_on_time": int(row["resolved_on_time"]),
        "resolved_late": int(row["resolved_late"]),
        "pending": pending,
        "pending_in_time": int(row["pending_in_time"]),
        "pending_overdue": int(row["pending_overdue"]),
        "compliance": {
            "resolved_late": _compliance_counts(f[f["overdue_kind"] == "resolved_late"]),
            "pending_overdue": _compliance_counts(f[f["overdue_kind"] == "pending_overdue"]),
        },
    }


def flag_reasons(findings: pd.DataFrame) -> dict[str, list[str]]:
    """Per unit: ['missing_apology:2', …] for the gaps that flag it, in the contract's order."""
    out: dict[str, list[str]] = {}
    if findings.empty:
        return out
    exploded = (
        findings[["unit_id", "gaps"]].assign(gap=findings["gaps"].str.split(";")).explode("gap")
    )
    exploded = exploded[exploded["gap"].astype(bool)]
    counts = exploded.groupby(["unit_id", "gap"]).size()
    for unit_id, group in counts.groupby(level=0):
        gaps = dict(zip(group.index.get_level_values(1), group.values, strict=True))
        if not any(g in gaps for g in FLAGGING_GAPS):
            continue
        out[unit_id] = [f"{g}:{int(gaps[g])}" for g in GAP_CODES if g in gaps]
    return out


def build_summary(
    counted: pd.DataFrame, findings: pd.DataFrame, units: pd.DataFrame, period: Period, as_of
) -> dict:
    """summary.json (CONTRACT section 6)."""
    states = _state_counts(counted)
    unit_ids = units["unit_id"].tolist()
    states = states.reindex(unit_ids, fill_value=0)
    reasons = flag_reasons(findings)
    level_of = dict(zip(units["unit_id"], units["level"], strict=True))

    by_unit = []
    for uid, name, level in zip(units["unit_id"], units["unit_name"], units["level"], strict=True):
        by_unit.append(
            {
                "unit_id": uid,
                "unit_name": name,
                "level": level,
                "counts": _counts_dict(states.loc[uid], findings[findings["unit_id"] == uid]),
                "flagged": uid in reasons,
                "flag_reasons": reasons.get(uid, []),
            }
        )
    by_level = {}
    for level in LEVELS:
        ids = [u for u in unit_ids if level_of[u] == level]
        by_level[level] = _counts_dict(
            states.loc[ids].sum() if ids else states.iloc[:0].sum(),
            findings[findings["unit_id"].isin(ids)],
        )
    return {
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "as_of": as_of.isoformat(),
        "totals": _counts_dict(states.sum(), findings),
        "by_level": by_level,
        "by_unit": by_unit,
        "flagged_units": [u for u in unit_ids if u in reasons],
    }


def build_resolution_table(counted: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The 13-column table (CONTRACT section 7): one row per unit, then TOTAL."""
    states = _state_counts(counted).reindex(units["unit_id"], fill_value=0)
    received_in = counted[counted["received_in_period"]]
    channels = pd.crosstab(received_in["unit_id"], received_in["channel_kind"]).reindex(
        index=units["unit_id"],
        columns=["online", "direct", "postal", "interconnected"],
        fill_value=0,
    )
    carried = (
        counted[counted["carried_over"]]
        .groupby("unit_id")
        .size()
        .reindex(units["unit_id"], fill_value=0)
    )
    t = pd.DataFrame(index=units["unit_id"])
    t["unit_name"] = units.set_index("unit_id")["unit_name"]
    t["new_online"] = channels["online"]
    t["carried_over"] = carried
    t["new_direct_or_postal"] = channels["direct"] + channels["postal"]
    t["interconnected"] = channels["interconnected"]
    t["total"] = (
        t["new_online"] + t["carried_over"] + t["new_direct_or_postal"] + t["interconnected"]
    )
    t["resolved_on_time"] = states["resolved_early"] + states["resolved_on_time"]
    t["resolved_late"] = states["resolved_late"]
    t["resolved"] = t["resolved_on_time"] + t["resolved_late"]
    t["pending_in_time"] = states["pending_in_time"]
    t["pending_overdue"] = states["pending_overdue"]
    t["pending"] = t["pending_in_time"] + t["pending_overdue"]
    t = t.reset_index()
    t.insert(0, "stt", range(1, len(t) + 1))
    numeric = [c for c in RESOLUTION_COLUMNS if c not in ("stt", "unit_id", "unit_name")]
    total = {
        "stt": "",
        "unit_id": "TOTAL",
        "unit_name": "Tổng cộng",
        **{c: int(t[c].sum()) for c in numeric},
    }
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True)
    for c in numeric:
        t[c] = t[c].astype(int)
    return t[RESOLUTION_COLUMNS]


def build_followup(findings: pd.DataFrame, summary: dict) -> pd.DataFrame:
    """One row per flagged unit: reasons and the cases concerned, worst first."""
    rows = []
    for unit in summary["by_unit"]:
        if not unit["flagged"]:
            continue
        cases = findings.loc[
            (findings["unit_id"] == unit["unit_id"]) & (findings["gaps"] != ""), "case_id"
        ]
        rows.append(
            {
                "unit_id": unit["unit_id"],
                "unit_name": unit["unit_name"],
                "level": unit["level"],
                "reasons": ";".join(unit["flag_reasons"]),
                "cases": ";".join(cases.astype(str)),
                "_n": len(cases),
            }
        )
    frame = pd.DataFrame(rows, columns=[*FOLLOWUP_COLUMNS, "_n"])
    frame = frame.sort_values(["_n", "unit_id"], ascending=[False, True], kind="stable")
    return frame[FOLLOWUP_COLUMNS].reset_index(drop=True)
