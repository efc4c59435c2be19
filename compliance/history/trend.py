"""A run's place in its history: late and apology rates over the last periods, per level and unit."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from compliance.config import LEVELS
from compliance.history.query import (
    DEFAULT_RULE,
    RepeatRule,
    heeded_by_period,
    latest_runs,
    ratio,
    repeat_offenders,
    unit_periods,
)
from compliance.history.records import Trend, TrendLine
from compliance.history.store import connect
from compliance.model import RunResult

#: periods a trend shows at most (the report's charts: a year of months)
TREND_PERIODS = 12


def read_trend(database: Path, result: RunResult, rule: RepeatRule = DEFAULT_RULE) -> Trend | None:
    """The trend of ``result`` in the history at ``database`` (which holds this run already);
    None when the history has no period before this one."""
    if not database.is_file():
        return None
    with connect(database) as conn:
        runs = latest_runs(conn)
        runs = runs[runs["period_end"] <= result.period.end.isoformat()].tail(TREND_PERIODS)
        if len(runs) < 2:
            return None
        rows = unit_periods(conn, runs)
        heeded = heeded_by_period(conn, runs)
    periods = tuple(runs["period_label"])
    flagged_now = [u.unit_id for u in result.counts.flagged]
    return Trend(
        periods=periods,
        levels=tuple(
            _level_line(rows, periods, level) for level in LEVELS if (rows["level"] == level).any()
        ),
        units=tuple(
            _unit_line(rows, periods, unit_id)
            for unit_id in flagged_now
            if (rows["unit_id"] == unit_id).any()
        ),
        offenders=repeat_offenders(rows, rule),
        heeded=heeded,
        repeat=(rule.flagged, rule.window),
    )


def _rates(frame: pd.DataFrame, periods: tuple[str, ...]) -> tuple[tuple[float | None, ...], ...]:
    sums = frame.groupby("period_label")[
        ["resolved", "resolved_late", "overdue_cases", "apology_issued"]
    ].sum()
    sums = sums.reindex(list(periods))
    late = ratio(sums["resolved_late"], sums["resolved"])
    apology = ratio(sums["apology_issued"], sums["overdue_cases"])
    return tuple(late), tuple(apology)


def _level_line(rows: pd.DataFrame, periods: tuple[str, ...], level: str) -> TrendLine:
    late, apology = _rates(rows[rows["level"] == level], periods)
    return TrendLine(level, level, late, apology)


def _unit_line(rows: pd.DataFrame, periods: tuple[str, ...], unit_id: str) -> TrendLine:
    own = rows[rows["unit_id"] == unit_id]
    late, apology = _rates(own, periods)
    flagged = own.set_index("period_label")["flagged"].reindex(list(periods)).fillna(False)
    return TrendLine(
        unit_id, str(own["unit_name"].iloc[-1]), late, apology, tuple(bool(f) for f in flagged)
    )
