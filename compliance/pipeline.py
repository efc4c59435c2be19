"""The monthly run, in order: the one place that knows the sequence of stages.

read inputs → resolve units → classify → match letters → verify websites →
findings and counts → write outputs → render reports and drafts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from compliance.analyse.apologies import assess_apologies, cross_reference
from compliance.analyse.classify import classify_cases, empty_cases
from compliance.analyse.findings import (
    build_counts,
    build_findings,
    build_followups,
    build_resolution_table,
    unit_counts,
)
from compliance.analyse.heeded import assess_heeded, earlier_cases
from compliance.analyse.online import joined_notes, web_status
from compliance.analyse.quality import collect_rejects, collect_warnings, warning_lines
from compliance.analyse.units import UnitDirectory, assign_units
from compliance.calendar.periods import Period
from compliance.calendar.working import WorkingCalendar, calendar_from_config, calendar_warnings
from compliance.config import Config
from compliance.errors import InputError
from compliance.history.query import earlier_followups_in
from compliance.history.store import hash_in_background, history_path, record_run
from compliance.history.trend import read_trend
from compliance.inputs.cases import load_cases
from compliance.inputs.collect import Loaded
from compliance.inputs.letters import load_exemptions, load_letters
from compliance.inputs.paths import input_files
from compliance.inputs.rejects import catalogued, reject_frame
from compliance.model import InputFile, RunResult
from compliance.outputs.run_files import write_run_files

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """Everything read and classified for a period, before letters are matched."""

    calendar: WorkingCalendar
    cases: Loaded
    letters: Loaded
    exemptions: Loaded
    units: UnitDirectory
    classified: pd.DataFrame  # every usable case, with its period classification
    unit_rejects: pd.DataFrame  # cases whose unit could not be found
    exempt_reason: dict[str, str]  # case_key → reason, from the exemption list
    exemption_known: pd.Series  # per exemption row: its case is among the cases read
    calendar_warnings: dict[str, Any] = field(default_factory=dict)  # years the list lacks

    def input_files(self) -> tuple[InputFile, ...]:
        """Every file read, with its input."""
        inputs = (("cases", self.cases), ("letters", self.letters), ("exemptions", self.exemptions))
        return tuple(
            InputFile(role, table.shown, table.path)
            for role, loaded in inputs
            for table in loaded.tables
        )


def prepare(config: Config, period: Period, as_of: dt.date | None = None) -> Prepared:
    """Read and classify everything (no web, no files written). Used by ``run`` and ``validate``."""
    calendar = calendar_from_config(config, period)
    cases = load_cases(config)
    letters = load_letters(config)
    exemptions = load_exemptions(config)
    units = UnitDirectory.from_config(config)

    frame, unit_rejects = cases.frame, reject_frame([])
    if len(frame):
        frame, unknown = assign_units(frame, units)
        if unknown.any():
            unit_rejects = catalogued(cases.frame, unknown, "unknown_unit")

    exempt_reason = dict(zip(exemptions.frame["case_key"], exemptions.frame["reason"], strict=True))
    classified = classify_cases(
        frame if len(frame) else empty_cases(),
        period,
        calendar,
        as_of=as_of,
        early_min_working_days=config.rules.early_min_working_days,
        exempt_keys=set(exempt_reason),
    )
    known = set(
        classified.loc[classified["case_key"].isin(exemptions.frame["case_key"]), "case_key"]
    )
    return Prepared(
        calendar=calendar,
        cases=cases,
        letters=letters,
        exemptions=exemptions,
        units=units,
        classified=classified,
        unit_rejects=unit_rejects,
        exempt_reason=exempt_reason,
        exemption_known=exemptions.frame["case_key"].isin(known),
        calendar_warnings=calendar_warnings(config, period, as_of),
    )


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Log how long a stage of the run took (shown with --debug)."""
    start = time.perf_counter()
    yield
    log.debug("%s: %.2f s", name, time.perf_counter() - start)


def run_moment() -> dt.datetime:
    """The moment a run is made: now, or the ``SOURCE_DATE_EPOCH`` environment variable's.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) pins the
    date of the letters and the report's "Lập lúc", so two runs give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).astimezone()
    return dt.datetime.now().astimezone()


def _check_usable(state: Prepared) -> None:
    if not len(state.classified) and not len(state.cases.rejects):
        raise InputError(
            "không có hồ sơ nào trong các tệp đầu vào (inputs.cases)",
            hint="Kiểm tra lại tệp xuất từ phần mềm một cửa: cần có dòng tiêu đề và các dòng hồ sơ.",
        )
    if not len(state.classified):
        raise InputError(
            f"không có hồ sơ nào dùng được: cả {len(state.cases.rejects)} dòng đều bị loại",
            hint="Chạy 'compliance validate' để xem lý do từng dòng.",
        )


def analyse(
    config: Config,
    period: Period,
    *,
    as_of: dt.date | None = None,
    run_dir: Path,
    web: bool = True,
    offline: bool = False,
    progress: bool = False,
    now: dt.datetime | None = None,
    earlier: pd.DataFrame | None = None,
) -> RunResult:
    """Every stage up to the findings: the run as data (the web check writes its evidence
    into ``run_dir/evidence`` as it goes). ``earlier``: the cases of the previous period's
    follow-up letters (:func:`history.query.earlier_followups`), checked again."""
    as_of = as_of or period.end
    with stage("read and classify"):
        state = prepare(config, period, as_of)
    _check_usable(state)
    with stage("match letters"):
        counted, overdue, matched = cross_reference(
            state.classified, state.letters.frame, state.units, config.rules.fuzzy_threshold
        )
    overdue["exempt_reason"] = overdue["case_key"].map(state.exempt_reason)
    assessed = assess_apologies(
        overdue, matched, state.calendar, config.rules.apology_lead_working_days
    )
    also = earlier_cases(earlier) if earlier is not None and len(earlier) else None
    with stage("websites"):
        online, web_units, evidence, published = web_status(
            config,
            overdue,
            matched,
            run_dir / "evidence",
            web=web,
            offline=offline,
            progress=progress,
            also=also,
            register=state.letters.frame,
        )
    online["note"] = joined_notes(assessed["letter_note"], online["note"])

    findings = build_findings(overdue, assessed, online, min(period.end, as_of))
    unit_frame = state.units.frame()
    per_unit = unit_counts(counted, unit_frame["unit_id"].tolist())
    counts = build_counts(per_unit, findings, unit_frame)
    rejects = collect_rejects(state, matched)
    warnings = collect_warnings(state, matched, rejected_rows=len(rejects))
    return RunResult(
        config=config,
        period=period,
        as_of=as_of,
        generated_at=now or run_moment(),
        findings=findings,
        counts=counts,
        resolution_table=build_resolution_table(per_unit, unit_frame),
        followups=build_followups(findings, counts),
        rejects=rejects,
        warnings=warnings,
        units=unit_frame,
        letters=matched,
        web_units=web_units,
        evidence=evidence,
        out_dir=run_dir,
        inputs=state.input_files(),
        warning_lines=warning_lines(warnings),
        heeded=(
            assess_heeded(earlier, state.letters.frame, published, web_checked=web)
            if earlier is not None
            else None
        ),
    )


def run_period(
    config: Config,
    period: Period,
    *,
    as_of: dt.date | None = None,
    out_dir: Path | None = None,
    web: bool = True,
    offline: bool = False,
    mask_names: bool = False,
    progress: bool = False,
    render: bool = True,
    write: bool = True,
    now: dt.datetime | None = None,
    history: bool | Path = True,
    form: str | None = None,
) -> RunResult:
    """The monthly compliance run: every output of CONTRACT section 4 into ``out_dir/<label>/``,
    then the run recorded in the history database (``history``: True for the config's,
    ``outputs.history`` or ``OUT/history.sqlite``; a path; False for none).

    ``form`` ("auto", "2018", "2025") overrides the config's ``letters.form`` for the drafts.
    """
    config = with_letter_form(config, form)
    started_at = dt.datetime.now().astimezone()
    base = Path(out_dir) if out_dir else config.path(config.outputs.dir)
    database = (history_path(config, base) if history is True else history) if write else False
    digests = hash_in_background(input_files(config), database) if database is not False else None
    result = analyse(
        config,
        period,
        as_of=as_of,
        run_dir=base / period.label,
        web=web,
        offline=offline,
        progress=progress,
        now=now,
        earlier=earlier_followups_in(database, period) if database is not False else None,
    )
    if write:
        with stage("write findings, summary, tables"):
            write_run_files(result, base / period.label)
    # The hashing thread is done before the letters' process is forked (no thread to copy).
    hashes = digests.result() if digests is not None else {}
    if database is not False:
        with stage("record the run in the history"):
            record_run(database, result, started_at=started_at, digests=hashes)
            result.trend = read_trend(database, result)
    if write and render:
        with stage("render report and letters"):
            render_documents(result, mask_names=mask_names)
    return result


def draft_letters(
    config: Config,
    period: Period,
    case_ids: list[str],
    *,
    as_of: dt.date | None = None,
    out_dir: Path | None = None,
    mask_names: bool = False,
    form: str | None = None,
) -> list[Path]:
    """Draft the apology letters of a few overdue cases of ``period`` (``compliance draft``):
    the run without the web, its files or its reports; returns the drafts' paths."""
    from compliance.render.letters import draft_apology_letters

    result = run_period(
        config,
        period,
        as_of=as_of,
        out_dir=out_dir,
        web=False,
        render=False,
        write=False,
        history=False,
        form=form,
    )
    assert result.out_dir is not None  # run_period always sets it
    letters = result.out_dir / "letters"
    index = draft_apology_letters(result, letters, case_ids=case_ids, mask_names=mask_names)
    return [letters / path for path in index["path"]]


def with_letter_form(config: Config, form: str | None) -> Config:
    """``config`` with ``letters.form`` set to ``form`` (``--form``); unchanged when None."""
    if form is None:
        return config
    letters = config.letters.model_copy(update={"form": form})
    return config.model_copy(update={"letters": letters})


def render_documents(result: RunResult, *, mask_names: bool = False) -> None:
    """The human-facing outputs: report.html, report.xlsx, letters/, followup/."""
    from compliance.render import render_all

    render_all(result, mask_names=mask_names)
