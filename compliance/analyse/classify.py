"""Classifying cases for a period: early / on time / late, in time / overdue, channels.

All rules from DOMAIN "Early, on time, late", vectorised over the whole frame:

- a case counts for the period when it was received in it, or received before it and not
  resolved before it (carried over);
- it is resolved in the period when its result date falls in the period (a result after the
  period's end, or after ``as_of``, leaves it pending);
- late = result after the due time (a due value with no time of day means the end of that day);
- early = resolved at least ``early_min_working_days`` working days before the due date;
- overdue pending = no result by the end of the period, due before it;
- exempt cases (exemption list) count as on time / in time.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from compliance.calendar.periods import Period
from compliance.calendar.working import WorkingCalendar
from compliance.read.dates import end_of_day_if_midnight
from compliance.text import header_key

STATES = [
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_in_time",
    "pending_overdue",
]

_CHANNELS = {
    "online": ("truc tuyen", "online", "2", "dich vu cong", "dvc", "qua mang", "internet", "dvctt"),
    "postal": ("buu chinh", "bcci", "buu chinh cong ich", "3", "qua buu dien", "buu dien"),
    "interconnected": ("lien thong", "4", "tiep nhan lien thong"),
    "direct": ("truc tiep", "1", "tai bo phan mot cua", "tai quay"),
}


def channel_of(values: pd.Series) -> pd.Series:
    """'trực tiếp' / 'trực tuyến' / 'bưu chính' (BCCI) / 'liên thông', codes 1/2/3 → channel names.

    An empty or unknown channel counts as direct: it is what one-stop desks default to.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), [str(v) for v in values.cat.categories]
    else:
        codes, uniques = pd.factorize(values.fillna(""))
    kinds = list(_CHANNELS)
    mapped = np.asarray(
        [kinds.index(_channel(header_key(v))) for v in uniques] + [kinds.index("direct")]
    )
    return pd.Series(pd.Categorical.from_codes(mapped[codes], categories=kinds), index=values.index)


def _channel(key: str) -> str:
    """Channel of one header-key'd value: a code alone (1/2/3/4), a word (dvc, bcci), a phrase."""
    tokens = key.split()
    for channel, words in _CHANNELS.items():
        for word in words:
            if word.isdigit():
                if key == word:
                    return channel
            elif (" " in word or len(word) > 4) and word in key:
                return channel
            elif word in tokens:
                return channel
    return "direct"


def classify_cases(
    cases: pd.DataFrame,
    period: Period,
    calendar: WorkingCalendar,
    *,
    as_of: dt.date | None = None,
    early_min_working_days: int = 1,
    exempt_keys: set[str] | frozenset = frozenset(),
) -> pd.DataFrame:
    """Add the period classification to ``cases`` (which has ``*_ts`` timestamps and ``case_key``),
    in place (a million-row frame is not copied), and return it.

    Adds: ``counted``, ``received_in_period``, ``carried_over``, ``channel_kind``, ``state``
    (one of :data:`STATES`, '' when not counted), ``result_in_period`` (timestamp or NaT),
    ``due_end`` (due with end-of-day rule), ``overdue_kind``, ``working_days_late``, ``exempt``.
    """
    out = cases
    start = pd.Timestamp(period.start)
    last_day = period.end if as_of is None else min(period.end, as_of)
    end_ts = pd.Timestamp(last_day) + pd.Timedelta(days=1)  # exclusive end of the last day

    received = out["received_at_ts"]
    result = out["result_ts"]
    due_end = end_of_day_if_midnight(out["due_at_ts"])

    received_in = (received >= start) & (received < end_ts)
    resolved_before = result.notna() & (result < start)
    carried = (received < start) & ~resolved_before
    counted = received_in | carried
    resolved_in = counted & result.notna() & (result >= start) & (result < end_ts)
    pending = counted & ~resolved_in

    late = resolved_in & (result > due_end)
    spare = calendar.count_after(result.fillna(start), due_end)
    # A working day to spare means the result came on or before the working day before the due date.
    early = resolved_in & ~late & (spare >= early_min_working_days)
    # "due before the end of the period": a case due at the very end of its last day is in time
    overdue = pending & (due_end < end_ts - pd.Timedelta(seconds=1))

    # Only the overdue cases (a few hundred) are looked up in the exemption list.
    exempt = pd.Series(False, index=out.index)
    behind = (late | overdue).to_numpy(dtype=bool)
    if exempt_keys and behind.any():
        exempt[behind] = out["case_key"][behind].isin(exempt_keys).to_numpy(dtype=bool)

    # Categorical codes: 0 = not counted, then STATES in order (cheap on a million rows).
    code = np.zeros(len(out), dtype=np.int8)
    for mask, name in (
        (resolved_in, "resolved_on_time"),
        (early, "resolved_early"),
        (late, "resolved_late"),
        (pending & ~overdue, "pending_in_time"),
        (overdue, "pending_overdue"),
    ):
        code[np.asarray(mask, dtype=bool)] = STATES.index(name) + 1
    state = pd.Categorical.from_codes(code, categories=["", *STATES])
    kind_code = np.where(late, 1, np.where(overdue, 2, 0)).astype(np.int8)

    period_end = pd.Series(pd.Timestamp(last_day), index=out.index)
    late_until = result.where(late, period_end)
    days_late = calendar.count_after(due_end, late_until)

    out["received_in_period"] = received_in
    out["carried_over"] = carried
    out["counted"] = counted
    out["state"] = state
    out["due_end"] = due_end
    out["result_in_period"] = result.where(resolved_in)
    out["overdue_kind"] = pd.Categorical.from_codes(
        kind_code, categories=["", "resolved_late", "pending_overdue"]
    )
    out["working_days_late"] = np.where(late | overdue, days_late, 0).astype(np.int64)
    out["exempt"] = exempt
    out["channel_kind"] = channel_of(out["channel"]) if "channel" in out else "direct"
    return out


def empty_cases() -> pd.DataFrame:
    """A case frame with no rows and the columns the classification reads."""
    cols = ["case_id", "case_key", "unit", "unit_id", "unit_name", "level_name", "sector", "procedure",
            "applicant", "channel", "status", "level", "_file", "_row"]  # fmt: skip
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    for c in ("received_at_ts", "due_at_ts", "resolved_at_ts", "returned_at_ts", "result_ts"):
        frame[c] = pd.Series(dtype="datetime64[ns]")
    return frame
