"""A run's place in its history, as data: last period's follow-ups checked again, the trend."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class HeededCase:
    """A case last period's follow-up letter listed, checked again in this run."""

    unit_id: str
    case_id: str
    apology: bool  #: the register has a letter for it now
    posted: bool  #: a letter of it was posted at the desk
    published: bool  #: found on the unit's website in this run's check

    @property
    def resolved(self) -> bool:
        """Every duty met since: an apology, posted at the desk and published."""
        return self.apology and self.posted and self.published


@dataclass(frozen=True)
class FollowupsHeeded:
    """Were the previous period's follow-up letters heeded? Each listed case, checked again."""

    period_label: str  #: the period of the follow-up letters
    cases: tuple[HeededCase, ...]
    #: unit id → name, of the units that got a follow-up letter
    unit_names: Mapping[str, str] = field(default_factory=dict)
    #: False when this run did not check websites (``published`` unknown, counted as not)
    web_checked: bool = True

    @property
    def resolved_since(self) -> int:
        return sum(case.resolved for case in self.cases)

    @property
    def still_open(self) -> int:
        return len(self.cases) - self.resolved_since


@dataclass(frozen=True)
class TrendLine:
    """One level's or unit's rates over the periods of a :class:`Trend` (None: nothing to divide)."""

    key: str  #: the level, or the unit id
    name: str
    late_rate: tuple[float | None, ...]
    apology_rate: tuple[float | None, ...]
    flagged: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Trend:
    """The last periods of the history up to this run's, for the report."""

    periods: tuple[str, ...]
    levels: tuple[TrendLine, ...]
    units: tuple[TrendLine, ...]  #: the units this run flags
    offenders: pd.DataFrame  #: repeat_offenders over these periods
    heeded: pd.DataFrame  #: heeded_by_period over these periods
    #: repeat offenders: flagged in at least ``repeat[0]`` of the last ``repeat[1]`` periods
    repeat: tuple[int, int] = (3, 6)
