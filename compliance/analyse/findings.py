"""Findings (one row per overdue case, with gap codes), the counts, the results table, follow-up.

Gap codes are data (CONTRACT section 5); reports translate them, nothing parses them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from compliance import codes
from compliance.analyse.classify import STATES
from compliance.calendar.periods import Period
from compliance.config import LEVELS
from compliance.model import (
    FINDINGS_COLUMNS,
    FOLLOWUP_COLUMNS,
    RESOLUTION_COLUMNS,
    RESOLUTION_TOTAL_ID,
)
from compliance.read.dates import end_of_day_if_midnight

#: Gap codes that say a unit fell short (severity ``error``). ``online_unverifiable`` is our
#: check failing, a warning: alone it never flags a unit (DOMAIN: never accuse a unit when the
#: check failed).
FLAGGING_GAPS = [c.code for c in codes.GAPS if c.flags_unit]


def compute_gaps(f: pd.DataFrame, period_end: pd.Timestamp) -> pd.Series:
    """The ';'-joined gap codes of every finding ('' when compliant or exempt)."""
    exempt = f["apology"] == "exempt"
    web = f["web_posting"]
    result = f["result_at"]
    new_due = f["new_due_at"]
    # A new date with no time of day lasts until the end of that day, like the first one.
    new_due_end = end_of_day_if_midnight(new_due)
    period_end_instant = period_end + pd.Timedelta(hours=23, minutes=59, seconds=59)
    missed = (result.notna() & (result > new_due_end)) | (
        result.isna() & (new_due_end < period_end_instant)
    )
    flags = {
        "missing_apology": f["apology"] == "missing",
        "late_apology": f["apology"] == "late",
        "undated_apology": f["apology"] == "undated",
        "not_posted_at_desk": f["desk_posting"] == "not_posted",
        "not_published_online": web == "not_found",
        "online_unverifiable": web == "unverifiable",
        "no_website": web == "no_website",
        "rescheduled_date_missed": new_due.notna() & missed,
        "multiple_reschedules": f["n_reschedules"] >= 2,
    }
    joined = np.full(len(f), "", dtype=object)
    for code in codes.GAP_CODES:
        hit = np.asarray(flags[code] & ~exempt, dtype=bool)
        joined[hit] = joined[hit] + np.where(joined[hit] == "", code, ";" + code)
    return pd.Series(joined, index=f.index, dtype=object)


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
_KINDS = codes.codes("overdue_kind")
_STATE_INDEX = {name: i for i, name in enumerate(STATES)}
_CHANNELS = ("online", "direct", "postal", "interconnected")


def unit_counts(counted: pd.DataFrame, unit_ids: list[str]) -> pd.DataFrame:
    """Per unit (rows in ``unit_ids`` order): received, the five states, channels, carried over.

    Exempt cases count as on time / in time. Counting is ``np.bincount`` over integer codes,
    so a million cases cost a few milliseconds.
    """
    n = len(unit_ids)
    unit_pos = _positions(counted["unit_id"], unit_ids)
    state_pos = _positions(counted["state"], STATES)  # '' (not counted) → -1
    exempt = counted["exempt"].to_numpy(dtype=bool)
    late, on_time = _STATE_INDEX["resolved_late"], _STATE_INDEX["resolved_on_time"]
    overdue, in_time = _STATE_INDEX["pending_overdue"], _STATE_INDEX["pending_in_time"]
    state_pos[exempt & (state_pos == late)] = on_time
    state_pos[exempt & (state_pos == overdue)] = in_time

    def per_unit(mask: np.ndarray) -> np.ndarray:
        return np.bincount(unit_pos[mask & (unit_pos >= 0)], minlength=n)[:n]

    table = pd.DataFrame(index=pd.Index(unit_ids, name="unit_id"))
    for name, i in _STATE_INDEX.items():
        table[name] = per_unit(state_pos == i)
    received = counted["received_in_period"].to_numpy(dtype=bool)
    table["received"] = per_unit(received)
    channel = _positions(counted["channel_kind"], list(_CHANNELS))
    for i, name in enumerate(_CHANNELS):
        table[name] = per_unit(received & (channel == i))
    table["carried_over"] = per_unit(counted["carried_over"].to_numpy(dtype=bool))
    return table


def _positions(values: pd.Series, labels: list[str]) -> np.ndarray:
    """Position of each value in ``labels`` (-1 when absent); a categorical maps its few
    categories, not every row."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        remap = pd.Index(labels).get_indexer(values.cat.categories)
        cat = values.cat.codes.to_numpy()
        return np.where(cat >= 0, remap[cat], -1).astype(np.int64)
    return pd.Index(labels).get_indexer(values.astype(object)).astype(np.int64)


def compliance_counts(findings: pd.DataFrame, unit_ids: list[str]) -> dict[tuple[str, str], dict]:
    """Per (unit, overdue kind): the C object of CONTRACT section 6 (exempt cases apart)."""
    f = findings
    live = f["apology"] != "exempt"
    flags = pd.DataFrame(
        {
            "cases": live,
            "apology_issued": live & f["apology"].isin(["on_time", "late", "undated"]),
            "apology_on_time": live & (f["apology"] == "on_time"),
            "apology_late": live & (f["apology"] == "late"),
            "apology_missing": live & (f["apology"] == "missing"),
            "posted_at_desk": live & (f["desk_posting"] == "posted"),
            "published_online": live & (f["web_posting"] == "verified"),
            "online_not_found": live & (f["web_posting"] == "not_found"),
            "online_unverifiable": live & (f["web_posting"] == "unverifiable"),
            "online_no_website": live & (f["web_posting"] == "no_website"),
            "exempt": ~live,
        }
    ).astype(int)
    flags["unit_id"] = f["unit_id"].astype(object)
    flags["kind"] = f["overdue_kind"].astype(object)
    sums = flags.groupby(["unit_id", "kind"])[_COMPLIANCE_KEYS].sum()
    zero = dict.fromkeys(_COMPLIANCE_KEYS, 0)
    out = {}
    for (uid, kind), row in sums.iterrows():
        out[(uid, kind)] = {k: int(row[k]) for k in _COMPLIANCE_KEYS}
    return {(u, k): out.get((u, k), dict(zero)) for u in unit_ids for k in _KINDS}


def _counts_dict(row: dict, compliance: dict[str, dict]) -> dict:
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
        "compliance": compliance,
    }


def _sum_compliance(parts: list[dict]) -> dict:
    return {k: int(sum(p[k] for p in parts)) for k in _COMPLIANCE_KEYS}


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
        out[unit_id] = [f"{g}:{int(gaps[g])}" for g in codes.GAP_CODES if g in gaps]
    return out


def build_summary(
    counts: pd.DataFrame, findings: pd.DataFrame, units: pd.DataFrame, period: Period, as_of
) -> dict:
    """summary.json (CONTRACT section 6) from :func:`unit_counts` and the findings."""
    unit_ids = units["unit_id"].tolist()
    comp = compliance_counts(findings, unit_ids)
    reasons = flag_reasons(findings)
    level_of = dict(zip(units["unit_id"], units["level"], strict=True))

    rows = counts.to_dict("index")
    zero = dict.fromkeys(counts.columns, 0)

    def counts_for(ids: list[str]) -> dict:
        row = {c: sum(rows.get(u, zero)[c] for u in ids) for c in counts.columns}
        return _counts_dict(row, {k: _sum_compliance([comp[(u, k)] for u in ids]) for k in _KINDS})

    by_unit = [
        {
            "unit_id": uid,
            "unit_name": name,
            "level": level,
            "counts": counts_for([uid]),
            "flagged": uid in reasons,
            "flag_reasons": reasons.get(uid, []),
            "parent": parent or None,
            "succeeded_by": successor or None,  # the 2025 reform: who took the unit's duties over
        }
        for uid, name, level, parent, successor in zip(
            units["unit_id"],
            units["unit_name"],
            units["level"],
            units["parent"],
            units["succeeded_by"],
            strict=True,
        )
    ]
    return {
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "as_of": as_of.isoformat(),
        "totals": counts_for(unit_ids),
        "by_level": {lv: counts_for([u for u in unit_ids if level_of[u] == lv]) for lv in LEVELS},
        "by_unit": by_unit,
        "flagged_units": [u for u in unit_ids if u in reasons],
    }


def build_resolution_table(counts: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The 13-column table (CONTRACT section 7) from :func:`unit_counts`: one row per unit, then TOTAL."""
    c = counts.reindex(units["unit_id"], fill_value=0)
    t = pd.DataFrame(index=c.index)
    t["unit_name"] = units.set_index("unit_id")["unit_name"]
    t["new_online"] = c["online"]
    t["carried_over"] = c["carried_over"]
    t["new_direct_or_postal"] = c["direct"] + c["postal"]
    t["interconnected"] = c["interconnected"]
    t["total"] = (
        t["new_online"] + t["carried_over"] + t["new_direct_or_postal"] + t["interconnected"]
    )
    t["resolved_on_time"] = c["resolved_early"] + c["resolved_on_time"]
    t["resolved_late"] = c["resolved_late"]
    t["resolved"] = t["resolved_on_time"] + t["resolved_late"]
    t["pending_in_time"] = c["pending_in_time"]
    t["pending_overdue"] = c["pending_overdue"]
    t["pending"] = t["pending_in_time"] + t["pending_overdue"]
    t = t.reset_index()
    t.insert(0, "stt", range(1, len(t) + 1))
    numeric = [col for col in RESOLUTION_COLUMNS if col not in ("stt", "unit_id", "unit_name")]
    total = {
        "stt": "",
        "unit_id": RESOLUTION_TOTAL_ID,
        "unit_name": "Tổng cộng",
        **{col: int(t[col].sum()) for col in numeric},
    }
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True)
    for col in numeric:
        t[col] = t[col].astype(int)
    return t[RESOLUTION_COLUMNS]


def build_followup(findings: pd.DataFrame, summary: dict) -> pd.DataFrame:
    """One row per flagged unit: reasons and the cases concerned, worst first."""
    with_gaps = findings[findings["gaps"] != ""]
    cases_of = with_gaps.groupby(with_gaps["unit_id"].astype(object))["case_id"].agg(list).to_dict()
    rows = []
    for unit in summary["by_unit"]:
        if not unit["flagged"]:
            continue
        cases = cases_of.get(unit["unit_id"], [])
        rows.append(
            {
                "unit_id": unit["unit_id"],
                "unit_name": unit["unit_name"],
                "level": unit["level"],
                "reasons": ";".join(unit["flag_reasons"]),
                "cases": ";".join(str(c) for c in cases),
                "_n": len(cases),
            }
        )
    frame = pd.DataFrame(rows, columns=[*FOLLOWUP_COLUMNS, "_n"])
    frame = frame.sort_values(["_n", "unit_id"], ascending=[False, True], kind="stable")
    return frame[FOLLOWUP_COLUMNS].reset_index(drop=True)
