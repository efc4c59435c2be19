"""The Vietnamese working-day calendar, vectorised.

Working days are Monday–Friday minus public holidays (the ``holidays`` package's Vietnam
calendar, which also knows the official day swaps and the Saturdays worked in exchange),
plus the config's ``extra_holidays`` and ``extra_working_days``.

Arithmetic is done on a table of every day in a wide range: ``cum[i]`` is the number of
working days up to and including day ``i``. Counting and offsets are then array lookups,
so a million cases cost a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays
import numpy as np
import pandas as pd

_FIRST_YEAR = 2010
_LAST_YEAR = 2035


class WorkingCalendar:
    """Working days from ``first_year`` - 1 to ``last_year`` + 1.

    Dates outside that range are clipped to its edges: a run's calendar spans several years
    around its period (:func:`calendar_from_config`), far wider than any due or result date.
    """

    def __init__(
        self,
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
        first_year: int = _FIRST_YEAR,
        last_year: int = _LAST_YEAR,
    ):
        self.start = np.datetime64(f"{first_year - 1}-01-01", "D")
        self.end = np.datetime64(f"{last_year + 1}-12-31", "D")
        days = np.arange(self.start, self.end + 1, dtype="datetime64[D]")
        weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
        working = weekday < 5

        vn = holidays.country_holidays("VN", years=range(first_year - 1, last_year + 2))
        off = np.array(sorted(vn.keys()), dtype="datetime64[D]")
        swapped = np.array(sorted(getattr(vn, "weekend_workdays", set())), dtype="datetime64[D]")
        extra_off = np.array(sorted(extra_holidays), dtype="datetime64[D]")
        extra_on = np.array(sorted(extra_working_days), dtype="datetime64[D]")

        working[self._index(off)] = False
        working[self._index(swapped)] = True
        working[self._index(extra_off)] = False
        working[self._index(extra_on)] = True

        self.days = days
        self.working = working
        self.cum = np.cumsum(working)
        self.workdays = days[working]

    def _index(self, dates: np.ndarray) -> np.ndarray:
        dates = dates[(dates >= self.start) & (dates <= self.end)]
        return (dates - self.start).astype("int64")

    def _positions(self, dates: pd.Series | np.ndarray) -> np.ndarray:
        """Index of each date's day in ``self.days`` (clipped to the range; NaT → the first day)."""
        values = np.asarray(dates)
        if values.dtype != np.dtype("datetime64[ns]"):
            values = pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[ns]")
        # Whole days since the start by integer division: a million dates in a few milliseconds.
        start_ns = self.start.astype("datetime64[ns]").astype(np.int64)
        idx = (values.view(np.int64) - start_ns) // 86_400_000_000_000
        idx[np.isnat(values)] = 0
        return np.clip(idx, 0, len(self.days) - 1)

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.working[self._positions(np.array([day], dtype="datetime64[D]"))[0]])

    def count_after(self, start, end) -> np.ndarray:
        """Working days in ``(start, end]`` per element (0 when end ≤ start). Dates, not times."""
        start_idx = self._positions(start)
        end_idx = self._positions(end)
        return np.maximum(self.cum[end_idx] - self.cum[start_idx], 0)

    def working_days_before(self, dates, n: int) -> np.ndarray:
        """The working day ``n`` working days before each date (``n`` = 0: the date itself)."""
        values = pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[D]")
        if n == 0:
            return values
        pos = np.searchsorted(self.workdays, values, side="left") - n
        pos = np.clip(pos, 0, len(self.workdays) - 1)
        return self.workdays[pos]


def calendar_from_config(config, period) -> WorkingCalendar:
    """The calendar of a run: years around the period (dates further away clip to its edges)."""
    return WorkingCalendar(
        config.calendar.extra_holidays,
        config.calendar.extra_working_days,
        first_year=period.start.year - 5,
        last_year=period.end.year + 3,
    )
