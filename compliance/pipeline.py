"""The monthly run, in order. This is the one place that knows the sequence of stages:

read inputs → resolve units → classify → match letters → verify websites →
findings and counts → write outputs → render reports and drafts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from compliance.analyse.apologies import assess_apologies, match_letters
from compliance.analyse.classify import classify_cases
from compliance.analyse.findings import (
    build_findings,
    build_followup,
    build_resolution_table,
    build_summary,
    unit_counts,
)
from compliance.analyse.units import UnitDirectory
from compliance.calendar.periods import Period
from compliance.calendar.working import (
    WorkingCalendar,
    calendar_from_config,
    calendar_warning_lines,
    calendar_warnings,
)
from compliance.config import Config
from compliance.errors import InputError
from compliance.inputs.cases import load_cases
from compliance.inputs.collect import Loaded
from compliance.inputs.letters import load_exemptions, load_letters
from compliance.inputs.rejects import reject_frame, rejects_of
from compliance.model import EVIDENCE_COLUMNS, FINDINGS_COLUMNS, RunResult
from compliance.outputs.files import write_csv, write_json
from compliance.text import CASE_KEY_PARTS, blank_cells

log = logging.getLogger(__name__)

_CASE_TEXT = ["unit", "sector", "procedure", "applicant"]


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
    calendar_warnings: dict = field(default_factory=dict)  # years the official list lacks


def prepare(config: Config, period: Period, as_of: dt.date | None = None) -> Prepared:
    """Load and classify everything (no web, no files written). Used by ``run`` and ``validate``."""
    calendar = calendar_from_config(config, period)
    cases = load_cases(config)
    letters = load_letters(config)
    exemptions = load_exemptions(config)
    units = UnitDirectory.from_config(config)

    frame = cases.frame
    unit_rejects = reject_frame([])
    if len(frame):
        no_name = blank_cells(frame["unit"])
        prefixes = pd.Series("", index=frame.index, dtype=object)
        if no_name.any():
            prefixes[no_name] = (
                frame.loc[no_name, "case_key"].str.extract(CASE_KEY_PARTS)[0].fillna("")
            )
        frame["unit_id"] = units.resolve(frame["unit"], prefixes, frame["level"])
        unknown = frame["unit_id"] == ""
        if unknown.any():
            unit_rejects = rejects_of(
                frame,
                unknown,
                "không xác định được đơn vị: cột đơn vị trống và mã hồ sơ không có mã đơn vị nào trong "
                "cấu hình (units[].code) — điền tên đơn vị hoặc thêm mã đơn vị vào config.yaml",
                "unknown_unit",
            )
            frame = frame[~unknown].copy()
        unit_rows = units.frame().set_index("unit_id")
        frame["unit_name"] = frame["unit_id"].map(unit_rows["unit_name"])
        frame["level_name"] = frame["unit_id"].map(unit_rows["level"])
        counts = frame.loc[
            ~frame["unit_id"].map(unit_rows["configured"]).astype(bool), "unit_id"
        ].value_counts()
        for uid, n in counts[counts > 0].items():
            units.created[uid]["cases"] = int(n)

    exempt_reason = dict(zip(exemptions.frame["case_key"], exemptions.frame["reason"], strict=True))
    classified = classify_cases(
        frame if len(frame) else _empty_cases(),
        period,
        calendar,
        as_of=as_of,
        early_min_working_days=config.rules.early_min_working_days,
        exempt_keys=set(exempt_reason),
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
        exemption_known=_known_keys(exemptions.frame["case_key"], classified),
        calendar_warnings=calendar_warnings(config, period, as_of),
    )


def _known_keys(keys: pd.Series, classified: pd.DataFrame) -> pd.Series:
    """Which of a few ``keys`` are case codes of ``classified`` (one pass over the cases)."""
    known = set(classified.loc[classified["case_key"].isin(keys), "case_key"])
    return keys.isin(known)


@contextmanager
def stage(name: str):
    """Log how long a stage of the run took (shown with --debug)."""
    start = time.perf_counter()
    yield
    log.debug("%s: %.2f s", name, time.perf_counter() - start)


def _empty_cases() -> pd.DataFrame:
    cols = ["case_id", "case_key", "unit", "unit_id", "unit_name", "level_name", "sector", "procedure",
            "applicant", "channel", "status", "level", "_file", "_row"]  # fmt: skip
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    for c in ("received_at_ts", "due_at_ts", "resolved_at_ts", "returned_at_ts", "result_ts"):
        frame[c] = pd.Series(dtype="datetime64[ns]")
    return frame


COUNT_COLUMNS = ["unit_id", "state", "exempt", "received_in_period", "carried_over", "channel_kind"]


def cross_reference(
    config: Config, state: Prepared
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The counted cases, the overdue ones, and the register's letters matched to cases."""
    classified = state.classified
    counted_mask = classified["counted"].to_numpy(dtype=bool)
    late = classified["state"].isin(["resolved_late", "pending_overdue"]).to_numpy(dtype=bool)
    overdue = classified.loc[counted_mask & late].copy()
    # Only the columns the counts need: copying a million rows of text would cost more than counting.
    counted = classified.loc[counted_mask, COUNT_COLUMNS]
    matched = match_letters(
        state.letters.frame, classified, overdue, state.units, config.rules.fuzzy_threshold
    )
    matched["matched_case_id"] = (
        matched["matched_key"].map(case_ids_of(classified, matched["matched_key"])).fillna("")
    )
    return counted, overdue, matched


def case_ids_of(classified: pd.DataFrame, keys: pd.Series) -> dict[str, str]:
    """case_key → case_id as typed in the export, for a few keys (without indexing every case)."""
    part = classified.loc[classified["case_key"].isin(keys), ["case_key", "case_id"]].astype(object)
    return dict(zip(part["case_key"], part["case_id"], strict=True))


def run_moment() -> dt.datetime:
    """The moment a run is made: now, or the ``SOURCE_DATE_EPOCH`` environment variable's.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) pins the
    date of the letters and the report's "Lập lúc", so two runs give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).astimezone()
    return dt.datetime.now().astimezone()


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
) -> RunResult:
    """The monthly compliance run: every output of CONTRACT section 4 into ``out_dir/<label>/``."""
    as_of = as_of or period.end
    last_day = min(period.end, as_of)
    base = Path(out_dir) if out_dir else config.path(config.outputs.dir)
    run_dir = base / period.label
    with stage("read and classify"):
        state = prepare(config, period, as_of)
    cases, units, classified = state.cases, state.units, state.classified

    if not len(classified) and not len(cases.rejects):
        raise InputError(
            "không có hồ sơ nào trong các tệp đầu vào (inputs.cases)",
            hint="Kiểm tra lại tệp xuất từ phần mềm một cửa: cần có dòng tiêu đề và các dòng hồ sơ.",
        )
    if not len(classified):
        raise InputError(
            f"không có hồ sơ nào dùng được: cả {len(cases.rejects)} dòng đều bị loại",
            hint="Chạy 'compliance validate' để xem lý do từng dòng.",
        )

    with stage("match letters"):
        counted, overdue, matched = cross_reference(config, state)
    overdue["exempt_reason"] = overdue["case_key"].map(state.exempt_reason)
    assessed = assess_apologies(
        overdue, matched, state.calendar, config.rules.apology_lead_working_days
    )

    evidence_dir = run_dir / "evidence"
    with stage("websites"):
        web_cases, web_units, evidence = check_websites(
            config, overdue, assessed, matched, evidence_dir, web, offline, progress
        )
    web_cases["note"] = _joined(assessed["letter_note"], web_cases["note"])

    findings = build_findings(overdue, assessed, web_cases, period, last_day)
    unit_frame = units.frame()
    counts = unit_counts(counted, unit_frame["unit_id"].tolist())
    summary = build_summary(counts, findings, unit_frame, period, as_of)
    summary["warnings"] = _warnings(state, matched)
    resolution = build_resolution_table(counts, unit_frame)
    followup = build_followup(findings, summary)
    rejects = _all_rejects(state, matched)
    summary["warnings"]["rejected_rows"] = int(len(rejects))

    result = RunResult(
        config=config,
        period=period,
        as_of=as_of,
        generated_at=now or run_moment(),
        findings=findings,
        summary=summary,
        resolution_table=resolution,
        followup=followup,
        rejects=rejects,
        units=unit_frame,
        letters=matched,
        web_units=web_units,
        out_dir=run_dir,
        warnings=_warning_lines(summary["warnings"]),
    )
    if write:
        with stage("write findings, summary, tables"):
            write_outputs(result, evidence)
    if write and render:
        with stage("render report and letters"):
            render_documents(result, mask_names=mask_names)
    return result


def check_websites(config, overdue, assessed, matched, evidence_dir, web, offline, progress):
    """Web status per overdue case: the real check, or ``not_checked`` / ``no_website`` without it."""
    keys = overdue["case_key"]
    if web and len(overdue):
        from compliance.web import check_publication

        letters = matched.loc[matched["matched_key"].isin(set(keys)), ["matched_key", "web_url"]]
        letters = letters.rename(columns={"matched_key": "case_key"})
        checked = check_publication(
            config,
            overdue[["case_id", "case_key", "unit_id"]],
            letters,
            evidence_dir,
            offline=offline,
            progress=progress,
        )
        by_key = checked.cases.drop_duplicates("case_key").set_index("case_key")
        frame = by_key.reindex(keys.values)[["web_posting", "web_evidence_url", "note"]]
        frame.index = overdue.index
        return frame.fillna(""), checked.units, checked.evidence
    has_site = {u.id for u in config.units if u.website}
    status = np.where(overdue["unit_id"].isin(has_site), "not_checked", "no_website")
    frame = pd.DataFrame(
        {"web_posting": status, "web_evidence_url": "", "note": ""}, index=overdue.index
    )
    return frame, pd.DataFrame(), pd.DataFrame(columns=EVIDENCE_COLUMNS)


def _joined(first: pd.Series, second: pd.Series) -> pd.Series:
    """Two columns of notes, '; '-joined where both have one."""
    both = (first != "") & (second != "")
    return (first + np.where(both, "; ", "") + second).astype(object)


def _all_rejects(state: Prepared, matched: pd.DataFrame) -> pd.DataFrame:
    parts = [
        state.cases.rejects,
        state.unit_rejects,
        state.letters.rejects,
        state.exemptions.rejects,
    ]
    parts.append(
        rejects_of(
            matched,
            matched["match"] == "",
            "văn bản xin lỗi không khớp với hồ sơ nào trong dữ liệu — kiểm tra lại mã hồ sơ",
            "letter_without_case",
        )
    )
    parts.append(
        rejects_of(
            state.exemptions.frame,
            ~state.exemption_known,
            "mã hồ sơ miễn trừ không có trong dữ liệu hồ sơ — kiểm tra lại mã",
            "exemption_without_case",
        )
    )
    rejects = reject_frame(parts)
    if not len(rejects):
        return rejects
    rejects["row"] = rejects["row"].astype(int)
    return rejects.sort_values(["file", "row"], kind="stable").reset_index(drop=True)


def _warnings(state: Prepared, matched: pd.DataFrame) -> dict:
    unmatched = matched[matched["match"] == ""]
    fuzzy = matched[matched["match"] == "fuzzy"]
    ex = state.exemptions.frame
    return {
        "unmatched_letters": [
            {"file": f, "row": int(r), "case_id": c, "letter_no": n}
            for f, r, c, n in zip(
                unmatched["_file"],
                unmatched["_row"],
                unmatched["case_id"],
                unmatched["letter_no"],
                strict=True,
            )
        ],
        "fuzzy_matches": [
            {
                "case_id": k,
                "letter_case_id": c,
                "letter_no": n,
                "applicant": a,
                "score": round(float(s), 1),
            }
            for k, c, n, a, s in zip(
                fuzzy["matched_case_id"],
                fuzzy["case_id"],
                fuzzy["letter_no"],
                fuzzy["applicant"],
                fuzzy["match_score"],
                strict=True,
            )
        ],
        "letters_to_review": _letters_to_review(state.classified, matched),
        "unknown_units": list(state.units.created.values()),
        "unmatched_exemptions": [{"case_id": c} for c in ex.loc[~state.exemption_known, "case_id"]],
        "rejected_rows": 0,
        "non_case_rows": int(state.cases.skipped),
        "extra_cells": [
            {"file": table.shown, "rows": table.extra_cells}
            for loaded in (state.cases, state.letters, state.exemptions)
            for table in loaded.tables
            if table.extra_cells
        ],
        **state.calendar_warnings,
    }


def _letters_to_review(classified: pd.DataFrame, matched: pd.DataFrame) -> list[dict]:
    """Letters whose code names another applicant's case, matched by applicant and unit instead
    (:func:`apologies.match_letters`): both codes, both applicants, the note."""
    moved = matched[matched["code_key"] != ""]
    if moved.empty:
        return []
    named = classified.loc[
        classified["case_key"].isin(moved["code_key"]), ["case_key", "case_id", "applicant"]
    ].astype(object)
    named = named.drop_duplicates("case_key").set_index("case_key")
    return [
        {
            "file": row["_file"],
            "row": int(row["_row"]),
            "letter_no": row["letter_no"],
            "letter_case_id": row["case_id"],
            "case_id": row["matched_case_id"],
            "applicant": row["applicant"],
            "score": round(float(row["match_score"]), 1),
            "code_case_id": named["case_id"].get(row["code_key"], row["code_key"]),
            "code_case_applicant": named["applicant"].get(row["code_key"], ""),
            "note": row["match_note"],
        }
        for row in moved.to_dict("records")
    ]


def _warning_lines(warnings: dict) -> list[str]:
    lines = calendar_warning_lines(warnings)
    for unit in warnings["unknown_units"]:
        lines.append(
            f"đơn vị '{unit['name']}' không có trong config.yaml ({unit['cases']} hồ sơ): đã tạo đơn vị "
            f"'{unit['unit_id']}'. Thêm tên này vào units[].aliases nếu đó là một đơn vị đã khai báo."
        )
    if warnings["unmatched_letters"]:
        lines.append(
            f"{len(warnings['unmatched_letters'])} văn bản xin lỗi không khớp hồ sơ nào (xem rejects.csv)."
        )
    for part in warnings["extra_cells"]:
        rows = part["rows"]
        shown = ", ".join(str(r) for r in rows[:10]) + (
            f" … ({len(rows)} dòng)" if len(rows) > 10 else ""
        )
        lines.append(
            f"{part['file']}: dòng {shown} có ô ngoài cột cuối của dòng tiêu đề (các ô đó không được "
            "đọc) — kiểm tra dòng có bị lệch cột hay thừa dấu phân cách không."
        )
    if warnings["fuzzy_matches"]:
        lines.append(
            f"{len(warnings['fuzzy_matches'])} văn bản xin lỗi được ghép theo tên người nộp (letter_match = fuzzy): cần kiểm tra lại."
        )
    if warnings.get("letters_to_review"):
        lines.append(
            f"{len(warnings['letters_to_review'])} văn bản xin lỗi ghi mã của hồ sơ một người nộp khác nhưng tên người "
            "nộp khớp một hồ sơ quá hạn cùng đơn vị: đã ghép với hồ sơ đó (letter_match = fuzzy), cần kiểm tra lại "
            "(summary.json, warnings.letters_to_review; báo cáo, mục Chất lượng dữ liệu)."
        )
    return lines


def _iso(values: pd.Series) -> pd.Series:
    """ISO 8601 for machine-facing files: a date alone when the time is midnight."""
    ts = pd.to_datetime(values)
    full = ts.dt.strftime("%Y-%m-%dT%H:%M:%S")
    day = ts.dt.strftime("%Y-%m-%d")
    midnight = ts.notna() & (ts == ts.dt.normalize())
    return full.where(~midnight, day).fillna("")


def findings_for_csv(findings: pd.DataFrame) -> pd.DataFrame:
    out = findings[FINDINGS_COLUMNS].copy()
    for col in ("received_at", "due_at", "result_at", "letter_issued_on", "new_due_at"):
        out[col] = _iso(out[col])
    return out


def write_outputs(result: RunResult, evidence: pd.DataFrame) -> None:
    """The machine-facing files of CONTRACT section 4, each written atomically."""
    run_dir = result.out_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    write_csv(run_dir / "findings.csv", findings_for_csv(result.findings))
    write_json(run_dir / "summary.json", result.summary)
    write_csv(run_dir / "resolution_table.csv", result.resolution_table)
    write_csv(run_dir / "followup.csv", result.followup)
    write_csv(run_dir / "rejects.csv", result.rejects)
    index = run_dir / "evidence" / "index.csv"
    if not index.exists() or evidence.empty:
        write_csv(index, evidence.reindex(columns=EVIDENCE_COLUMNS))


def render_documents(result: RunResult, *, mask_names: bool = False) -> None:
    """The human-facing outputs: report.html, report.xlsx, letters/, followup/."""
    from compliance.render import render_all

    render_all(result, mask_names=mask_names)
