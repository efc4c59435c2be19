"""The data that flows between stages: the contract's column lists, counts, findings, the run result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from compliance import codes
from compliance.calendar.periods import Period
from compliance.config import LEVELS, Config
from compliance.history.records import FollowupsHeeded, Trend

#: CONTRACT section 5, in order. More columns may follow at the end.
FINDINGS_COLUMNS = [
    "case_id", "unit_id", "unit_name", "level", "sector", "procedure", "applicant",
    "received_at", "due_at", "result_at", "overdue_kind", "working_days_late",
    "letter_no", "letter_issued_on", "letter_match", "apology", "desk_posting",
    "web_posting", "web_evidence_url", "new_due_at", "gaps", "note",
]  # fmt: skip

#: CONTRACT section 7.
RESOLUTION_COLUMNS = [
    "stt", "unit_id", "unit_name", "total", "new_online", "carried_over",
    "new_direct_or_postal", "interconnected", "resolved", "resolved_on_time",
    "resolved_late", "pending", "pending_in_time", "pending_overdue",
]  # fmt: skip
#: ``unit_id`` of the table's last row, the sum of the others (no STT, unit name "Tổng cộng").
RESOLUTION_TOTAL_ID = "TOTAL"

FOLLOWUP_COLUMNS = ["unit_id", "unit_name", "level", "reasons", "cases"]
REJECT_COLUMNS = ["file", "row", "case_id", "reason"]
EVIDENCE_COLUMNS = ["url", "final_url", "fetched_at", "status", "sha256", "content_type", "path"]
#: Where the page's records are in the run's WARC file (empty when the page has no body).
EVIDENCE_COLUMNS += ["warc_file", "warc_offset"]

#: The two kinds of overdue case, each with its compliance block in :class:`Counts`.
OVERDUE_KINDS: tuple[str, ...] = tuple(codes.codes("overdue_kind"))


# ----------------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class ComplianceCounts:
    """The C object of CONTRACT section 6: what was done for one kind of overdue case."""

    cases: int = 0
    apology_issued: int = 0
    apology_on_time: int = 0
    apology_late: int = 0
    apology_missing: int = 0
    posted_at_desk: int = 0
    published_online: int = 0
    online_not_found: int = 0
    online_unverifiable: int = 0
    online_no_website: int = 0
    exempt: int = 0

    def __add__(self, other: ComplianceCounts) -> ComplianceCounts:
        return ComplianceCounts(**{k: self[k] + other[k] for k in COMPLIANCE_KEYS})

    def __getitem__(self, key: str) -> int:
        value: int = getattr(self, key)
        return value

    @property
    def undated(self) -> int:
        """Apologies issued without a date (neither on time nor late)."""
        return self.apology_issued - self.apology_on_time - self.apology_late

    def as_dict(self) -> dict[str, int]:
        return {k: self[k] for k in COMPLIANCE_KEYS}


COMPLIANCE_KEYS: tuple[str, ...] = tuple(f.name for f in fields(ComplianceCounts))


def _no_compliance() -> dict[str, ComplianceCounts]:
    return {kind: ComplianceCounts() for kind in OVERDUE_KINDS}


@dataclass(frozen=True)
class Counts:
    """The COUNTS object of CONTRACT section 6, for a unit, a level or the whole run.

    Exempt cases count as on time (or in time) here; ``compliance`` has one block per overdue
    kind (``resolved_late``, ``pending_overdue``).
    """

    received: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    compliance: Mapping[str, ComplianceCounts] = field(default_factory=_no_compliance)

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def pending(self) -> int:
        return self.pending_in_time + self.pending_overdue

    def __getitem__(self, key: str) -> int:
        value: int = getattr(self, key)
        return value

    def of(self, kind: str | None = None) -> ComplianceCounts:
        """The compliance block of ``kind``, or both kinds added up when ``kind`` is None."""
        if kind is not None:
            return self.compliance.get(kind, ComplianceCounts())
        total = ComplianceCounts()
        for kind_ in OVERDUE_KINDS:
            total = total + self.of(kind_)
        return total

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{k: self[k] + other[k] for k in COUNT_FIELDS},
            compliance={k: self.of(k) + other.of(k) for k in OVERDUE_KINDS},
        )

    @staticmethod
    def total(items: Iterable[Counts]) -> Counts:
        out = Counts()
        for item in items:
            out = out + item
        return out


#: The stored figures of :class:`Counts` (``resolved`` and ``pending`` are their sums).
COUNT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Counts) if f.name != "compliance")
#: The figures of COUNTS in the contract's order (summary.json).
COUNT_KEYS: tuple[str, ...] = (
    "received", "resolved", "resolved_early", "resolved_on_time", "resolved_late",
    "pending", "pending_in_time", "pending_overdue",
)  # fmt: skip


# ----------------------------------------------------------------------------------- units


@dataclass(frozen=True)
class FlagReason:
    """A gap that flags a unit, and how many of its cases have it (``missing_apology:2``)."""

    gap: str
    cases: int

    def __str__(self) -> str:
        return f"{self.gap}:{self.cases}"


@dataclass(frozen=True)
class UnitResult:
    """One unit's counts and, when it fell short, the reasons it is flagged."""

    unit_id: str
    unit_name: str
    level: str
    counts: Counts
    flag_reasons: tuple[FlagReason, ...] = ()
    parent: str | None = None
    #: the 2025 reform: the unit that took this unit's duties over
    succeeded_by: str | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.flag_reasons)


@dataclass(frozen=True)
class RunCounts:
    """The counted part of a run: totals, per level and per unit (in configuration order)."""

    totals: Counts
    by_level: Mapping[str, Counts]
    units: tuple[UnitResult, ...]

    def level(self, level: str | None = None) -> Counts:
        """COUNTS of one level; ``None``: the totals."""
        if level is None:
            return self.totals
        return self.by_level.get(level, Counts())

    def active_levels(self) -> list[str]:
        """Levels that have any case or any unit, in the order tỉnh, huyện, xã."""
        unit_levels = {u.level for u in self.units}
        return [
            level
            for level in LEVELS
            if level in unit_levels
            or any(self.level(level)[k] for k in ("received", "resolved", "pending"))
        ]

    @property
    def flagged(self) -> tuple[UnitResult, ...]:
        return tuple(u for u in self.units if u.flagged)


#: What a follow-up letter is (followup.csv ``kind``), and its words: a reminder of the duties
#: the unit did not meet (gaps of fault ``unit``), a request for what our check lacked (gaps of
#: fault ``checker``: the site could not be read, no site in config.yaml), or both.
FOLLOWUP_KINDS = MappingProxyType({
    "violation": "Đôn đốc khắc phục",
    "request": "Đề nghị cung cấp thông tin",
    "both": "Đôn đốc khắc phục và đề nghị cung cấp thông tin",
})  # fmt: skip


def is_request(gap: str) -> bool:
    """True for a gap that is the checker's (our check failed or config.yaml lacks the site):
    the unit is asked for information about it, never reproached."""
    entry = codes.get("gap", gap)
    return entry is not None and entry.fault == "checker"


@dataclass(frozen=True)
class FollowUp:
    """A unit to follow up (a row of followup.csv): its reasons (every gap of its cases, with
    their number of cases) and its cases with gaps.

    ``violations`` are the unit's failures, ``requests`` what we ask it for (:func:`is_request`);
    ``kind`` says which the letter holds.
    """

    unit_id: str
    unit_name: str
    level: str
    reasons: tuple[FlagReason, ...]
    cases: tuple[str, ...]

    @property
    def violations(self) -> tuple[FlagReason, ...]:
        return tuple(r for r in self.reasons if not is_request(r.gap))

    @property
    def requests(self) -> tuple[FlagReason, ...]:
        return tuple(r for r in self.reasons if is_request(r.gap))

    @property
    def kind(self) -> str:
        """``violation``, ``request`` or ``both`` (a unit without reasons: ``violation``)."""
        if self.requests and self.violations:
            return "both"
        return "request" if self.requests else "violation"


# ----------------------------------------------------------------------------------- warnings


@dataclass
class RunWarnings:
    """What a run noticed in its inputs that is not a reject (summary.json ``warnings``).

    Each list holds small records (dicts of plain values) in the order summary.json shows them.
    """

    unmatched_letters: list[dict[str, Any]] = field(default_factory=list)
    fuzzy_matches: list[dict[str, Any]] = field(default_factory=list)
    letters_to_review: list[dict[str, Any]] = field(default_factory=list)
    unknown_units: list[dict[str, Any]] = field(default_factory=list)
    unmatched_exemptions: list[dict[str, Any]] = field(default_factory=list)
    rejected_rows: int = 0
    non_case_rows: int = 0
    extra_cells: list[dict[str, Any]] = field(default_factory=list)
    #: years the official-days list does not cover, and provisional days in the period
    calendar_years_not_covered: list[int] = field(default_factory=list)
    calendar_provisional_days: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# ----------------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class InputFile:
    """A file a run read: its input (``cases``, ``letters``, ``exemptions``), how it is shown
    to the user (relative to the config) and where it is."""

    role: str
    shown: str
    path: Path


@dataclass
class RunResult:
    """Everything one run produced, as data; the output writers and renderers read only this.

    ``findings`` has the contract's columns (dates as Timestamps / NaT, ``gaps`` a tuple of gap
    codes per row) plus ``case_key`` and ``n_reschedules``; ``resolution_table`` and ``rejects``
    have the contract's columns.
    """

    config: Config
    period: Period
    as_of: dt.date
    generated_at: dt.datetime
    findings: pd.DataFrame
    counts: RunCounts
    resolution_table: pd.DataFrame
    followups: tuple[FollowUp, ...]
    rejects: pd.DataFrame
    warnings: RunWarnings
    #: one row per unit known to the run: unit_id, unit_name, level, parent, code, configured
    units: pd.DataFrame
    #: letters read from the register with their match: case_id, letter_no, issued_on, unit,
    #: applicant, match (exact/normalised/fuzzy/''), matched_case_id, file, row
    letters: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: web check results per unit (pages read, letters found, failures) when the web ran
    web_units: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: every page fetched (evidence/index.csv)
    evidence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVIDENCE_COLUMNS))
    out_dir: Path | None = None
    #: every file the run read
    inputs: tuple[InputFile, ...] = ()
    #: the previous period's follow-ups checked again (None: no earlier run in the history)
    heeded: FollowupsHeeded | None = None
    #: this run among the last periods of the history (None: no earlier period)
    trend: Trend | None = None
    #: the warnings as lines for a person (Vietnamese)
    warning_lines: list[str] = field(default_factory=list)

    @property
    def has_gaps(self) -> bool:
        """Any overdue case with a duty not met."""
        return bool(self.findings["gaps"].map(bool).any()) if len(self.findings) else False
