"""Findings (one row per overdue case, with gap codes), the counts, the results table, follow-up.

Gap codes are data (CONTRACT section 5); reports translate them, nothing parses them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from compliance import codes
from compliance.analyse.classify import STATES
from compliance.config import LEVELS
from compliance.model import (
    COMPLIANCE_KEYS,
    COUNT_FIELDS,
    FINDINGS_COLUMNS,
    OVERDUE_KINDS,
    RESOLUTION_COLUMNS,
    RESOLUTION_TOTAL_ID,
    ComplianceCounts,
    Counts,
    FlagReason,
    FollowUp,
    RunCounts,
    UnitResult,
)
from compliance.read.dates import end_of_day_if_midnight

#: Gap codes that say a unit fell short (severity ``error``). ``online_unverifiable`` is our
#: check failing, a warning: alone it never flags a unit (DOMAIN: never accuse a unit when the
#: check failed).
FLAGGING_GAPS = [c.code for c in codes.GAPS if c.flags_unit]


def compute_gaps(f: pd.DataFrame, period_end: pd.Timestamp) -> pd.Series:
    """The gap codes of every finding, a tuple each (empty when compliant or exempt)."""
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
    # Each row's gaps as a bit pattern; the few distinct patterns become tuples once.
    pattern = np.zeros(len(f), dtype=np.int64)
    for bit, code in enumerate(codes.GAP_CODES):
        pattern |= np.asarray(flags[code] & ~exempt, dtype=bool).astype(np.int64) << bit
    tuples = {
        p: tuple(c for bit, c in enumerate(codes.GAP_CODES) if p >> bit & 1)
        for p in np.unique(pattern).tolist()
    }
    return pd.Series([tuples[p] for p in pattern.tolist()], index=f.index, dtype=object)


def build_findings(
    overdue: pd.DataFrame, assessed: pd.DataFrame, web: pd.DataFrame, last_day: dt.date
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
    f["gaps"] = compute_gaps(f, pd.Timestamp(last_day)) if len(f) else pd.Series(dtype=object)
    f["case_key"] = overdue["case_key"]
    f = f.sort_values(["unit_id", "overdue_kind", "due_at", "case_id"], kind="stable")
    extra = ["case_key", "n_reschedules"]
    return f[FINDINGS_COLUMNS + extra].reset_index(drop=True)


# ---------------------------------------------------------------------------- counts

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


def compliance_counts(
    findings: pd.DataFrame, unit_ids: list[str]
) -> dict[tuple[str, str], ComplianceCounts]:
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
    sums = flags.groupby(["unit_id", "kind"])[list(COMPLIANCE_KEYS)].sum()
    found = {
        key: ComplianceCounts(**{k: int(v) for k, v in row.items()})
        for key, row in zip(sums.index, sums.to_dict("records"), strict=True)
    }
    return {(u, k): found.get((u, k), ComplianceCounts()) for u in unit_ids for k in OVERDUE_KINDS}


def flag_reasons(findings: pd.DataFrame) -> dict[str, tuple[FlagReason, ...]]:
    """Per flagged unit: its gaps with their number of cases, in the contract's order."""
    return {
        unit_id: reasons
        for unit_id, reasons in _gap_counts(findings).items()
        if any(r.gap in FLAGGING_GAPS for r in reasons)
    }


def _gap_counts(findings: pd.DataFrame) -> dict[str, tuple[FlagReason, ...]]:
    """Per unit with any gap: every gap with its number of cases, in the contract's order."""
    if findings.empty:
        return {}
    exploded = findings[["unit_id", "gaps"]].explode("gaps").dropna(subset=["gaps"])
    counts = exploded.groupby([exploded["unit_id"].astype(object), "gaps"]).size()
    out = {}
    for unit_id, group in counts.groupby(level=0):
        gaps = dict(zip(group.index.get_level_values(1), group.values, strict=True))
        out[str(unit_id)] = tuple(FlagReason(g, int(gaps[g])) for g in codes.GAP_CODES if g in gaps)
    return out


def build_counts(counts: pd.DataFrame, findings: pd.DataFrame, units: pd.DataFrame) -> RunCounts:
    """Totals, per level and per unit (CONTRACT section 6) from :func:`unit_counts` and the findings."""
    unit_ids = units["unit_id"].tolist()
    comp = compliance_counts(findings, unit_ids)
    reasons = flag_reasons(findings)
    rows = counts.reindex(unit_ids, fill_value=0).to_dict("index")
    per_unit = {
        uid: Counts(
            **{k: int(rows[uid][k]) for k in COUNT_FIELDS},
            compliance={kind: comp[(uid, kind)] for kind in OVERDUE_KINDS},
        )
        for uid in unit_ids
    }
    results = tuple(
        UnitResult(
            unit_id=uid,
            unit_name=name,
            level=level,
            counts=per_unit[uid],
            flag_reasons=reasons.get(uid, ()),
            parent=parent or None,
            succeeded_by=successor or None,
        )
        for uid, name, level, parent, successor in zip(
            units["unit_id"],
            units["unit_name"],
            units["level"],
            units["parent"],
            units["succeeded_by"],
            strict=True,
        )
    )
    return RunCounts(
        totals=Counts.total(per_unit.values()),
        by_level={lv: Counts.total(u.counts for u in results if u.level == lv) for lv in LEVELS},
        units=results,
    )


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


def build_followups(findings: pd.DataFrame, counts: RunCounts) -> tuple[FollowUp, ...]:
    """One per unit to write to, most cases first: its reasons and the cases concerned.

    Every flagged unit (summary.json ``flagged``), with its flag reasons; and every unit whose
    only gaps are the checker's (``online_unverifiable`` alone does not flag a unit), with those
    gaps: its letter asks for the links instead of reproaching it (``FollowUp.kind``).
    """
    with_gaps = findings[findings["gaps"].map(bool)] if len(findings) else findings
    cases_of = with_gaps.groupby(with_gaps["unit_id"].astype(object))["case_id"].agg(list).to_dict()
    every_gap = _gap_counts(with_gaps)
    items = [
        FollowUp(
            unit_id=unit.unit_id,
            unit_name=unit.unit_name,
            level=unit.level,
            reasons=unit.flag_reasons or every_gap.get(unit.unit_id, ()),
            cases=tuple(str(c) for c in cases_of.get(unit.unit_id, [])),
        )
        for unit in counts.units
        if unit.flagged or unit.unit_id in every_gap
    ]
    return tuple(sorted(items, key=lambda item: (-len(item.cases), item.unit_id)))
