"""Questions across months: each unit's periods, when it was flagged and why, repeat offenders."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from compliance.calendar.periods import Period
from compliance.history.store import connect

#: the columns of :func:`unit_periods`, one row per unit and period
PERIOD_COLUMNS = [
    "unit_id", "unit_name", "level", "period_label", "period_start", "period_end", "run_id",
    "flagged", "flag_reasons", "received", "resolved", "resolved_late", "late_rate",
    "overdue_cases", "apology_issued", "apology_rate",
]  # fmt: skip


#: the columns of :func:`earlier_followups`: the cases the previous period's letters listed
EARLIER_COLUMNS = ["period_label", "unit_id", "unit_name", "case_id"]


@dataclass(frozen=True)
class RepeatRule:
    """A repeat offender: flagged in at least ``flagged`` of the last ``window`` periods."""

    flagged: int = 3
    window: int = 6


def latest_runs(conn: sqlite3.Connection, last: int | None = None) -> pd.DataFrame:
    """The latest run of each period (a re-run replaces the earlier one), oldest period first;
    only the ``last`` most recent periods when given."""
    runs = pd.read_sql_query(
        "SELECT r.run_id, r.period_label, r.period_kind, r.period_start, r.period_end"
        " FROM runs r JOIN (SELECT period_label, MAX(run_id) AS run_id FROM runs"
        " GROUP BY period_label) latest ON latest.run_id = r.run_id"
        " ORDER BY r.period_start, r.period_end, r.run_id",
        conn,
    )
    return runs.tail(last).reset_index(drop=True) if last else runs


_UNIT_PERIODS = (
    "SELECT unit_id, unit_name, level, run_id, flagged, flag_reasons, received, resolved,"
    " resolved_late, resolved_late__cases + pending_overdue__cases AS overdue_cases,"
    " resolved_late__apology_issued + pending_overdue__apology_issued AS apology_issued"
    " FROM unit_counts"
)


def unit_periods(
    conn: sqlite3.Connection, runs: pd.DataFrame, unit: str | None = None
) -> pd.DataFrame:
    """Per unit and period (the runs of ``runs``): its flags, late rate and apology compliance.

    ``late_rate`` = resolved late / resolved; ``apology_rate`` = overdue cases with an apology /
    overdue cases (both kinds); None where there is nothing to divide.
    """
    if runs.empty:
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    marks = ",".join("?" * len(runs))
    sql = _UNIT_PERIODS + f" WHERE run_id IN ({marks})"  # placeholders only

    params: list[object] = [int(r) for r in runs["run_id"]]
    if unit is not None:
        sql += " AND unit_id = ?"
        params.append(unit)
    frame = pd.read_sql_query(sql, conn, params=params)
    frame = frame.merge(runs[["run_id", "period_label", "period_start", "period_end"]], on="run_id")
    frame["flagged"] = frame["flagged"].astype(bool)
    frame["late_rate"] = ratio(frame["resolved_late"], frame["resolved"])
    frame["apology_rate"] = ratio(frame["apology_issued"], frame["overdue_cases"])
    order = {label: i for i, label in enumerate(runs["period_label"])}
    frame["_order"] = frame["period_label"].map(order)
    frame = frame.sort_values(["unit_id", "_order"], kind="stable")
    return frame[PERIOD_COLUMNS].reset_index(drop=True)


def ratio(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole row by row; None where ``whole`` is 0 (nothing to divide)."""
    rate = part / whole.where(whole > 0)
    return rate.astype(object).where(rate.notna(), None)


#: flagged in at least 3 of the last 6 periods
DEFAULT_RULE = RepeatRule()


def repeat_offenders(periods: pd.DataFrame, rule: RepeatRule = DEFAULT_RULE) -> pd.DataFrame:
    """Units flagged in at least ``rule.flagged`` of the last ``rule.window`` periods of
    ``periods``: how often, in which periods, and their cases with gaps; worst first."""
    columns = ["unit_id", "unit_name", "level", "flagged_periods", "periods", "overdue_cases"]
    labels = list(dict.fromkeys(periods.sort_values("period_start")["period_label"]))
    window = set(labels[-rule.window :])
    recent = periods[periods["period_label"].isin(window)]
    flagged = recent[recent["flagged"]]
    if flagged.empty:
        return pd.DataFrame(columns=columns)
    grouped = flagged.groupby("unit_id", sort=False).agg(
        unit_name=("unit_name", "last"),
        level=("level", "last"),
        flagged_periods=("period_label", "size"),
        periods=("period_label", lambda s: ";".join(s)),
        overdue_cases=("overdue_cases", "sum"),
    )
    grouped = grouped[grouped["flagged_periods"] >= rule.flagged].reset_index()
    grouped = grouped.sort_values(
        ["flagged_periods", "overdue_cases", "unit_id"], ascending=[False, False, True]
    )
    return grouped[columns].reset_index(drop=True)


def earlier_followups_in(database: Path, period: Period) -> pd.DataFrame | None:
    """The cases of the previous period's follow-up letters in the history at ``database``
    (:func:`earlier_followups`); None when there is no history yet."""
    if not database.is_file():
        return None
    with connect(database) as conn:
        return earlier_followups(conn, period.kind, period.start.isoformat())


def earlier_followups(conn: sqlite3.Connection, kind: str, before: str) -> pd.DataFrame:
    """The cases listed by the follow-up letters of the latest run of the period of ``kind``
    that ended last before ``before`` (ISO date): period_label, unit_id, unit_name, case_id."""
    previous = conn.execute(
        "SELECT period_label, MAX(run_id) FROM runs WHERE period_kind = ? AND period_end < ?"
        " GROUP BY period_label ORDER BY MAX(period_end) DESC LIMIT 1",
        (kind, before),
    ).fetchone()
    if previous is None:
        return pd.DataFrame(columns=EARLIER_COLUMNS)
    label, run_id = previous
    letters = conn.execute(
        "SELECT unit_id, unit_name, cases FROM followups WHERE run_id = ? ORDER BY rowid", (run_id,)
    ).fetchall()
    rows = [
        (label, unit_id, unit_name, case_id)
        for unit_id, unit_name, cases in letters
        for case_id in cases.split(";")
        if case_id
    ]
    return pd.DataFrame(rows, columns=EARLIER_COLUMNS)


_HEEDED = (
    "SELECT run_id, followup_period, COUNT(*) AS cases_listed, SUM(resolved) AS resolved_since"
    " FROM followups_heeded"
)


def heeded_by_period(conn: sqlite3.Connection, runs: pd.DataFrame) -> pd.DataFrame:
    """Per period of ``runs``: the previous period's follow-up cases checked again by its run —
    how many were listed, how many are resolved since (apology, desk, website) and still open."""
    columns = ["period_label", "followup_period", "cases_listed", "resolved_since", "still_open"]
    if runs.empty:
        return pd.DataFrame(columns=columns)
    marks = ",".join("?" * len(runs))
    sql = _HEEDED + f" WHERE run_id IN ({marks}) GROUP BY run_id, followup_period"
    frame = pd.read_sql_query(sql, conn, params=[int(r) for r in runs["run_id"]])
    frame = runs[["run_id", "period_label"]].merge(frame, on="run_id")
    frame["still_open"] = frame["cases_listed"] - frame["resolved_since"]
    return frame[columns].reset_index(drop=True)
