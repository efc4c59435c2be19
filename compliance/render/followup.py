"""Draft follow-up letters (công văn đôn đốc) to the units that fell short.

One Word file per unit of ``result.followups``: ``<out_dir>/<unit id>.docx``, from the
organisation's ``authority`` to the unit, saying what the run found in the period (counts per
reason), listing the cases concerned, what the unit must do and by when, plus
``<out_dir>/index.csv``. The deadline is the letter date plus :data:`DEADLINE_DAYS` calendar
days — a plain, predictable rule the officer can change in the draft.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from compliance import codes
from compliance.calendar.periods import Period
from compliance.formatting import vn_date
from compliance.model import FollowUp, RunResult
from compliance.render.docx import FileNamer, relative, render_many, template_path, write_index
from compliance.render.letters import (
    BLANK,
    blanks,
    day_text,
    known,
    place_date,
    signer_lines,
    upper_or_blank,
)
from compliance.text import clean_text, mask_name

FOLLOWUP_TEMPLATE = "don-doc.docx"
#: calendar days the unit is given to report back
DEADLINE_DAYS = 7
INDEX_COLUMNS = ["unit_id", "unit_name", "level", "reasons", "cases", "deadline", "path",
                 "missing_fields"]  # fmt: skip

_FOLLOWUP_FIELDS = {"parent_body": "parent_body", "signer_name": "signer_name", "place": "place"}


def draft_followup_letters(
    result: RunResult, out_dir: Path, *, mask_names: bool = False, today: dt.date | None = None
) -> pd.DataFrame:
    """Write ``<out_dir>/<unit id>.docx`` for every unit of ``result.followups``, and index.csv.

    The letter is dated ``today`` (default: the day of the run, ``result.generated_at``); the deadline is
    :data:`DEADLINE_DAYS` days later. ``mask_names`` masks applicants in the case table.
    Returns the index (``INDEX_COLUMNS``; ``path`` relative to ``out_dir``).
    """
    out_dir = Path(out_dir)
    letter_date = today or result.generated_at.date()
    template = template_path(result.config, FOLLOWUP_TEMPLATE).read_bytes()
    namer = FileNamer(out_dir)
    rows, jobs = [], []
    by_unit = findings_by_unit(result.findings)
    for flagged in result.followups:
        context = followup_context(flagged, result, letter_date, mask_names, by_unit)
        path = namer.path(flagged.unit_id, ".docx")
        jobs.append((template, context, path))
        rows.append({
            "unit_id": flagged.unit_id, "unit_name": flagged.unit_name,
            "level": flagged.level, "reasons": ";".join(map(str, flagged.reasons)),
            "cases": ";".join(flagged.cases), "deadline": context["deadline_iso"],
            "path": relative(path, out_dir), "missing_fields": blanks(context, _FOLLOWUP_FIELDS),
        })  # fmt: skip
    render_many(jobs)
    index = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    write_index(out_dir, index, INDEX_COLUMNS)  # the letters of a previous run are replaced
    return index


def followup_context(
    flagged: FollowUp,
    result: RunResult,
    letter_date: dt.date,
    mask_names: bool,
    by_unit: dict[str, dict[str, dict]],
) -> dict:
    """The docxtpl context of one follow-up letter (keys documented in docs/letters.md)."""
    org = result.config.organisation
    authority = known(org.authority)
    unit_name = known(flagged.unit_name)
    deadline = letter_date + dt.timedelta(days=DEADLINE_DAYS)
    counts = [(reason.gap, reason.cases) for reason in flagged.reasons]
    unit_id = clean_text(flagged.unit_id)
    cases = case_rows(list(dict.fromkeys(flagged.cases)), by_unit.get(unit_id, {}), mask_names)
    place = clean_text(org.place or org.province)
    return {
        "parent_body": upper_or_blank(org.parent_body),
        "authority": authority,
        "authority_upper": authority.upper(),
        "place": place or BLANK,
        "place_date": place_date(place, letter_date),
        "letter_no": BLANK,
        "unit_name": unit_name,
        "period_text": period_text(result.period),
        "case_count": f"{len(cases):02d}",
        "findings": punctuate(
            [f"{_capitalise(codes.phrase('gap', code))}: {n:02d} hồ sơ" for code, n in counts]
        ),
        "cases": cases,
        "actions": punctuate(
            [gap.action for code, _ in counts if (gap := codes.get("gap", code))]
            + [f"Báo cáo kết quả thực hiện về {authority} trước ngày {vn_date(deadline)}"]
        ),
        "deadline": vn_date(deadline),
        "deadline_iso": deadline.isoformat(),
        "signer_lines": signer_lines(org.signer_title),
        "signer_name": known(org.signer_name),
    }


def case_rows(case_ids: list[str], by_id: dict[str, dict], mask_names: bool) -> list[dict]:
    """One table row per case (``by_id``: the unit's findings by case id): code, applicant,
    procedure, due date and gaps in words."""
    rows = []
    for number, case_id in enumerate(case_ids, start=1):
        case = by_id.get(case_id, {})
        applicant = clean_text(case.get("applicant"))
        if mask_names:
            applicant = mask_name(applicant)
        gaps = [codes.phrase("gap", g) for g in case.get("gaps") or ()]
        rows.append({
            "number": str(number), "case_code": case_id, "applicant": applicant or BLANK,
            "procedure": known(case.get("procedure")), "due_on": day_text(case.get("due_at")),
            "gaps": "; ".join(gaps) or BLANK,
        })  # fmt: skip
    return rows


#: the fields of a finding that a follow-up letter shows (:func:`case_rows`)
CASE_FIELDS = ["unit_id", "case_id", "applicant", "procedure", "due_at", "gaps"]


def findings_by_unit(findings: pd.DataFrame) -> dict[str, dict[str, dict]]:
    """Findings as records of :data:`CASE_FIELDS`, by unit id then case id (a follow-up names
    only its own cases)."""
    out: dict[str, dict[str, dict]] = {}
    shown = findings[[c for c in CASE_FIELDS if c in findings]]  # not every column of every case
    for record in shown.to_dict("records"):
        unit = out.setdefault(clean_text(record.get("unit_id")), {})
        unit.setdefault(clean_text(record.get("case_id")), record)
    return out


def period_text(period: Period) -> str:
    """'kỳ báo cáo tháng 5 năm 2020 (từ ngày 15/04/2020 đến ngày 14/05/2020)'."""
    span = f"từ ngày {vn_date(period.start)} đến ngày {vn_date(period.end)}"
    name = period.title
    return f"kỳ báo cáo {name} ({span})" if name else f"kỳ báo cáo {span}"


def punctuate(items: list[str]) -> list[str]:
    """List items of a letter: each ends with ';', the last with '.'."""
    return [item + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items)]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
