"""Draft apology letters (Mẫu số 04) for overdue cases that have none.

One Word file per case, ``<out_dir>/<unit id>/<case id>.docx``, rendered by docxtpl from a
template that users may reword in Word, and ``<out_dir>/index.csv`` listing the drafts.

- The form follows the letter date (the day of drafting, ``today``): before 15/9/2025 the
  2018 form (Thông tư 01/2018/TT-VPCP, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"), from that
  day the 2025 form (Thông tư 03/2025/TT-VPCP, "Văn bản xin lỗi và đề nghị gia hạn thời gian
  giải quyết").
- Templates are looked up in the config's ``templates/`` folder first, then in the package
  ``compliance.templates`` (the repository's ``templates/``).
- A draft never invents facts: what the run does not know (reason, new date, letter number,
  signer…) stays a visible blank "…", and the index lists the blanks in ``missing_fields``.

The texts shared with the follow-up letters (blanks, signer lines, the place and date) live here
too; template lookup, rendering, file naming and the index are in :mod:`compliance.render.docx`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TypedDict

import pandas as pd

from compliance.config import Config, Unit
from compliance.errors import UsageError
from compliance.formatting import vn_date, vn_long_date
from compliance.model import RunResult
from compliance.render.docx import FileNamer, relative, render_many, template_path, write_index
from compliance.render.labels import is_missing
from compliance.text import clean_text, mask_name, normalise_case_code

#: A fact the run does not know, left visible for the officer to fill in.
BLANK = "…"
#: Thông tư 03/2025/TT-VPCP (and its Mẫu số 04) applies to letters dated from this day.
FORM_2025_FROM = dt.date(2025, 9, 15)
FORM_2018_TEMPLATE = "mau-04-2018.docx"
FORM_2025_TEMPLATE = "mau-04-2025.docx"
DEFAULT_SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN"
INDEX_COLUMNS = ["case_id", "unit_id", "unit_name", "applicant", "form", "path", "missing_fields"]

# --------------------------------------------------------------------------- shared helpers


def apology_template_name(letter_date: dt.date) -> str:
    """The template file of the Mẫu số 04 in force on ``letter_date``."""
    return FORM_2025_TEMPLATE if letter_date >= FORM_2025_FROM else FORM_2018_TEMPLATE


def known(value: object) -> str:
    """Cleaned text of ``value``, or the visible blank when there is none."""
    text = clean_text(value)
    return text or BLANK


def day_text(value: object) -> str:
    """A date as dd/mm/yyyy, or the visible blank when it is unknown."""
    if is_missing(value):
        return BLANK
    return vn_date(value) or BLANK


def blanks(context: dict, fields: dict[str, str]) -> str:
    """``;``-joined names (values of ``fields``) of the context keys that hold the blank."""
    return ";".join(name for key, name in fields.items() if context[key] == BLANK)


def signer_lines(title: str | None, default: str = DEFAULT_SIGNER_TITLE) -> list[str]:
    """Signer title as lines: 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC' (or a newline) gives two lines."""
    text = (title or "").replace(" / ", "\n")
    lines = [clean_text(line).upper() for line in text.splitlines() if clean_text(line)]
    return lines or [default]


def place_date(place: str | None, day: dt.date) -> str:
    """'Đắk Lắk, ngày 14 tháng 5 năm 2020', with the blank when the place is unknown."""
    return vn_long_date(day, clean_text(place) or BLANK)


def upper_or_blank(value: object) -> str:
    """Upper-case text for the letter header, or the blank."""
    text = clean_text(value)
    return text.upper() if text else BLANK


# --------------------------------------------------------------------------- apology letters

#: context key → name listed in ``missing_fields`` when the key holds the blank
_APOLOGY_FIELDS = {
    "applicant": "applicant",
    "procedure": "procedure",
    "received_on": "received_at",
    "due_on": "due_at",
    "reason": "reason",
    "new_due_on": "new_due_at",
    "parent_body": "parent_body",
    "signer_name": "signer_name",
    "place": "place",
}


def draft_apology_letters(
    result: RunResult,
    out_dir: Path,
    *,
    case_ids: list[str] | None = None,
    mask_names: bool = False,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Write a draft apology letter for every overdue case without one, and ``index.csv``.

    Without ``case_ids``: one draft per finding whose ``apology`` is ``missing``; the drafts of
    a previous run in ``out_dir`` that are not written again are deleted (see
    :func:`write_index`). With ``case_ids``: exactly those cases among the findings (compared
    as normalised case codes), whatever their apology status, and the other drafts already
    there stay listed; unknown ids raise :class:`UsageError` naming them.
    The letter is dated ``today`` (default: the day of the run, ``result.generated_at``), which
    also picks the form.
    ``mask_names`` masks applicants' names in the letters and the index.
    Returns the index of the drafts written (``INDEX_COLUMNS``; ``path`` relative to ``out_dir``).
    """
    out_dir = Path(out_dir)
    letter_date = today or result.generated_at.date()
    chosen = select_cases(result.findings, case_ids)
    name = apology_template_name(letter_date)
    template = template_path(result.config, name).read_bytes()
    reasons = known_reasons(result.letters)
    namer = FileNamer(out_dir)
    rows, jobs = [], []
    for case in chosen.to_dict("records"):
        context = apology_context(case, result.config, letter_date, reasons, mask_names)
        path = namer.path(case["case_id"], ".docx", folder=case["unit_id"])
        jobs.append((template, context, path))
        rows.append({
            "case_id": case["case_id"], "unit_id": case["unit_id"], "unit_name": case["unit_name"],
            "applicant": "" if context["applicant"] == BLANK else context["applicant"],
            "form": Path(name).stem, "path": relative(path, out_dir),
            "missing_fields": blanks(context, _APOLOGY_FIELDS),
        })  # fmt: skip
    render_many(jobs)
    index = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    write_index(out_dir, index, INDEX_COLUMNS, only=None if case_ids is None else "case_id")
    return index


def select_cases(findings: pd.DataFrame, case_ids: Iterable[str] | None) -> pd.DataFrame:
    """The findings to draft for: missing apologies, or exactly ``case_ids`` (see above)."""
    if case_ids is None:
        return findings[findings["apology"] == "missing"]
    wanted = {normalise_case_code(c): c for c in case_ids}
    codes = findings["case_id"].map(normalise_case_code)
    present = set(codes)
    unknown = [original for code, original in wanted.items() if code not in present]
    if unknown:
        raise UsageError(
            f"không có trong danh sách hồ sơ quá hạn của kỳ này: {', '.join(unknown)}",
            hint="Kiểm tra mã hồ sơ (xem findings.csv); chỉ lập dự thảo cho hồ sơ quá hạn.",
        )
    return findings[codes.isin(wanted.keys())]


def known_reasons(letters: pd.DataFrame) -> dict[str, str]:
    """Reason for lateness per case, from the apology register when it gave one."""
    if letters is None or not {"matched_case_id", "reason"} <= set(letters.columns):
        return {}
    reasons: dict[str, str] = {}
    for case_id, reason in zip(letters["matched_case_id"], letters["reason"], strict=True):
        text = clean_text(reason)
        if text and clean_text(case_id):
            reasons.setdefault(clean_text(case_id), text)
    return reasons


class UnitLetterValues(TypedDict):
    """The header and signature of a unit's letters (docs/letters.md)."""

    parent_body: str
    place: str
    signer_lines: list[str]
    signer_name: str


def unit_letter_values(config: Config, unit_id: str, level: str | None) -> UnitLetterValues:
    """Header and signature values of a unit's letters, from the unit's config first.

    The place falls back to the organisation's (else its province), then to the blank. The
    parent body falls back to the organisation's only for province-level units (a provincial
    department sits under the provincial committee; a district or commune unit does not), and
    the signer never does: the organisation's signer signs the follow-up letters, not the
    units' apologies, so an unconfigured unit gets the form's "THỦ TRƯỞNG CƠ QUAN" and a
    blank name.
    """
    unit: Unit | None = config.unit(unit_id)
    org = config.organisation
    level = clean_text(level) or (unit.level if unit else "")
    org_parent = org.parent_body if level == "province" else None
    return {
        "parent_body": upper_or_blank((unit and unit.parent_body) or org_parent),
        "place": known((unit and unit.place) or org.place or org.province),
        "signer_lines": signer_lines(unit.signer_title if unit else None),
        "signer_name": known(unit and unit.signer_name),
    }


def apology_context(
    case: dict, config: Config, letter_date: dt.date, reasons: dict[str, str], mask_names: bool
) -> dict:
    """The docxtpl context of one apology letter (keys documented in docs/letters.md)."""
    applicant = clean_text(case.get("applicant"))
    if mask_names:
        applicant = mask_name(applicant)
    unit = unit_letter_values(config, case["unit_id"], case.get("level"))
    return {
        **unit,
        "place_date": place_date(unit["place"], letter_date),
        "letter_no": BLANK,
        "issuing_unit": upper_or_blank(case.get("unit_name")),
        "unit_name": known(case.get("unit_name")),
        "applicant": applicant or BLANK,
        "procedure": known(case.get("procedure")),
        "case_code": known(case.get("case_id")),
        "received_on": day_text(case.get("received_at")),
        "due_on": day_text(case.get("due_at")),
        "reason": reasons.get(clean_text(case.get("case_id")), BLANK),
        "new_due_on": day_text(case.get("new_due_at")),
        "letter_date": letter_date.isoformat(),
    }
