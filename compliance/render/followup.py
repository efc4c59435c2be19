"""Draft follow-up letters (công văn đôn đốc) to the units that fell short.

One Word file per unit of ``result.followups``: ``<out_dir>/<unit id>.docx``, from the
organisation's ``authority`` to the unit, saying what the run found in the period, listing the
cases concerned, what the unit must do and by when, plus ``<out_dir>/index.csv``. Only the unit's
own failures are reproached (gaps of fault ``unit``); what our check could not establish (fault
``checker``: the site could not be read, no site in config.yaml) is a polite request for the
links (``FollowUp.kind``). The unit reports back ``followup.deadline_working_days`` working days
after the letter's date, on the run's working-day calendar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from compliance import codes
from compliance.calendar.periods import Period
from compliance.calendar.working import WorkingCalendar
from compliance.config import Config
from compliance.formatting import vn_date
from compliance.model import FOLLOWUP_KINDS, FollowUp, RunResult, is_request
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
INDEX_COLUMNS = ["unit_id", "unit_name", "level", "reasons", "cases", "deadline", "path",
                 "missing_fields", "kind"]  # fmt: skip

#: Per kind of letter (``FollowUp.kind``): its subject (after "V/v"), the heading of the table's
#: last column, and the words before "<authority> trước ngày <deadline>.".
_SUBJECTS = {
    "violation": "đôn đốc thực hiện xin lỗi tổ chức, cá nhân đối với hồ sơ quá hạn",
    "request": "đề nghị cung cấp đường dẫn đăng tải văn bản xin lỗi tổ chức, cá nhân",
    "both": "đôn đốc thực hiện xin lỗi tổ chức, cá nhân và cung cấp đường dẫn đăng tải văn bản "
    "xin lỗi",
}
_GAPS_HEADINGS = {
    "violation": "Nội dung chưa thực hiện",
    "request": "Nội dung đề nghị",
    "both": "Nội dung chưa thực hiện, đề nghị",
}
_REPORT_BACK = {
    "violation": "Kết quả thực hiện đề nghị báo cáo về",
    "request": "Thông tin đề nghị gửi về",
    "both": "Kết quả thực hiện và thông tin nêu trên đề nghị gửi về",
}

_FOLLOWUP_FIELDS = {"parent_body": "parent_body", "signer_name": "signer_name", "place": "place"}


def draft_followup_letters(
    result: RunResult, out_dir: Path, *, mask_names: bool = False, today: dt.date | None = None
) -> pd.DataFrame:
    """Write ``<out_dir>/<unit id>.docx`` for every unit of ``result.followups``, and index.csv.

    The letter is dated ``today`` (default: the day of the run, ``result.generated_at``); the
    deadline is ``followup.deadline_working_days`` working days later (:func:`deadline_after`).
    ``mask_names`` masks applicants in the case table.
    Returns the index (``INDEX_COLUMNS``; ``path`` relative to ``out_dir``).
    """
    out_dir = Path(out_dir)
    letter_date = today or result.generated_at.date()
    deadline = deadline_after(result.config, letter_date)
    template = template_path(result.config, FOLLOWUP_TEMPLATE).read_bytes()
    namer = FileNamer(out_dir)
    rows, jobs = [], []
    by_unit = findings_by_unit(result.findings)
    for flagged in result.followups:
        context = followup_context(flagged, result, letter_date, mask_names, by_unit, deadline)
        path = namer.path(flagged.unit_id, ".docx")
        jobs.append((template, context, path))
        rows.append({
            "unit_id": flagged.unit_id, "unit_name": flagged.unit_name,
            "level": flagged.level, "reasons": ";".join(map(str, flagged.reasons)),
            "cases": ";".join(flagged.cases), "deadline": context["deadline_iso"],
            "path": relative(path, out_dir), "missing_fields": blanks(context, _FOLLOWUP_FIELDS),
            "kind": flagged.kind,
        })  # fmt: skip
    render_many(jobs)
    index = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    write_index(out_dir, index, INDEX_COLUMNS)  # the letters of a previous run are replaced
    return index


def deadline_after(config: Config, letter_date: dt.date) -> dt.date:
    """The day ``followup.deadline_working_days`` working days after ``letter_date`` (itself not
    counted), on the working-day calendar of the config (holidays, Tết, official swaps, the
    config's extra days): always a working day."""
    calendar = WorkingCalendar(
        config.calendar.extra_holidays,
        config.calendar.extra_working_days,
        first_year=letter_date.year,
        last_year=letter_date.year + 1,
    )
    n = config.followup.deadline_working_days
    after = np.searchsorted(calendar.workdays, np.datetime64(letter_date, "D"), side="right")
    day: dt.date = calendar.workdays[after + n - 1].astype(dt.date)
    return day


def followup_context(
    flagged: FollowUp,
    result: RunResult,
    letter_date: dt.date,
    mask_names: bool,
    by_unit: dict[str, dict[str, dict]],
    deadline: dt.date | None = None,
) -> dict:
    """The docxtpl context of one follow-up letter (keys documented in docs/letters.md)."""
    org = result.config.organisation
    authority = known(org.authority)
    unit_name = known(flagged.unit_name)
    deadline = deadline or deadline_after(result.config, letter_date)
    unit_id = clean_text(flagged.unit_id)
    by_id = by_unit.get(unit_id, {})
    case_ids = list(dict.fromkeys(flagged.cases))
    cases = case_rows(case_ids, by_id, mask_names)
    place = clean_text(org.place or org.province)
    kind = flagged.kind
    violation_findings = [
        f"{_capitalise(codes.phrase('gap', r.gap))}: {r.cases:02d} hồ sơ"
        for r in flagged.violations
    ]
    request_findings = [
        f"{_capitalise(_request_words(r.gap, 'request_phrase'))}: {r.cases:02d} hồ sơ"
        for r in flagged.requests
    ]
    violation_actions = [gap.action for r in flagged.violations if (gap := codes.get("gap", r.gap))]
    request_actions = list(
        dict.fromkeys(_request_words(r.gap, "request") for r in flagged.requests)
    )
    report_back = f"{_REPORT_BACK[kind]} {authority} trước ngày {vn_date(deadline)}"
    period = period_text(result.period)
    return {
        "parent_body": upper_or_blank(org.parent_body),
        "authority": authority,
        "authority_upper": authority.upper(),
        "place": place or BLANK,
        "place_date": place_date(place, letter_date),
        "letter_no": BLANK,
        "unit_name": unit_name,
        "period_text": period,
        "kind": kind,
        "kind_label": FOLLOWUP_KINDS[kind],
        "subject": _SUBJECTS[kind],
        "case_count": f"{len(cases):02d}",
        "violation_count": f"{_count(flagged, by_id, violations=True):02d}",
        "request_count": f"{_count(flagged, by_id, violations=False):02d}",
        "violation_findings": punctuate(violation_findings),
        "request_findings": punctuate(request_findings),
        "request_lead": (
            "Ngoài ra, " if violation_findings
            else f"Qua theo dõi, tổng hợp kết quả giải quyết hồ sơ thủ tục hành chính {period}, "
        ),
        "violation_actions": punctuate(violation_actions),
        "request_actions": punctuate(request_actions),
        "request_ask_lead": f"Đồng thời, {authority}" if violation_actions
        else f"Để có cơ sở tổng hợp, báo cáo, {authority}",
        "report_back": _REPORT_BACK[kind],
        "gaps_heading": _GAPS_HEADINGS[kind],
        "cases": cases,
        # the keys of the templates made before requests were set apart (a user's copy)
        "findings": punctuate(violation_findings + request_findings),
        "actions": punctuate(
            violation_actions + [f"Cung cấp {_lower_first(a)}" for a in request_actions]
            + [report_back]
        ),
        "deadline": vn_date(deadline),
        "deadline_iso": deadline.isoformat(),
        "signer_lines": signer_lines(org.signer_title),
        "signer_name": known(org.signer_name),
    }  # fmt: skip


def _request_words(gap: str, attribute: str) -> str:
    """A checker-fault gap's ``request_phrase`` or ``request`` (its phrase if it has none)."""
    entry = codes.get("gap", gap)
    return (getattr(entry, attribute) if entry else "") or codes.phrase("gap", gap)


def _count(flagged: FollowUp, by_id: dict[str, dict], *, violations: bool) -> int:
    """Cases with a gap of the unit's (``violations``), or with a gap we ask about; at least the
    most cases of one such reason (when the findings lack some of the unit's cases)."""
    reasons = flagged.violations if violations else flagged.requests
    found = sum(
        any(is_request(g) != violations for g in by_id.get(case_id, {}).get("gaps") or ())
        for case_id in dict.fromkeys(flagged.cases)
    )
    return max(found, *(r.cases for r in reasons), 0)


def case_rows(case_ids: list[str], by_id: dict[str, dict], mask_names: bool) -> list[dict]:
    """One table row per case (``by_id``: the unit's findings by case id): code, applicant,
    procedure, due date, and its gaps in words (what we ask for, for gaps of ours)."""
    rows = []
    for number, case_id in enumerate(case_ids, start=1):
        case = by_id.get(case_id, {})
        applicant = clean_text(case.get("applicant"))
        if mask_names:
            applicant = mask_name(applicant)
        gaps = case.get("gaps") or ()
        words = [codes.phrase("gap", g) for g in gaps if not is_request(g)]
        words += dict.fromkeys(_request_words(g, "ask") for g in gaps if is_request(g))
        rows.append({
            "number": str(number), "case_code": case_id, "applicant": applicant or BLANK,
            "procedure": known(case.get("procedure")), "due_on": day_text(case.get("due_at")),
            "gaps": "; ".join(words) or BLANK,
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


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
