"""Draft apology letters (Mẫu số 04) for overdue cases that have none.

One Word file per case, ``<out_dir>/<unit id>/<case id>.docx``, rendered by docxtpl from a
template that users may reword in Word, and ``<out_dir>/index.csv`` listing the drafts.

- The form follows the letter date (the day of drafting, ``today``) unless ``form`` (or the
  config's ``letters.form``) names one: before 15/9/2025 the 2018 form (Thông tư
  01/2018/TT-VPCP, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"), from that day the 2025 form
  (Thông tư 03/2025/TT-VPCP, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết").
- The letter says what happened: a result already returned late (``resolved_late``) gets its
  return date and how many working days late; a case still open past due (``pending_overdue``)
  gets the new return date of the form.
- Templates are looked up in the config's ``templates/`` folder first, then in the package
  ``compliance.templates`` (the repository's ``templates/``).
- A draft never invents facts: what the run does not know (reason, new date, letter number,
  signer…) stays a visible blank "…", and the index lists the blanks in ``missing_fields``.

The texts shared with the follow-up letters (blanks, signer lines, the place and date) live here
too; template lookup, rendering, file naming and the index are in :mod:`compliance.render.docx`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from compliance.config import Config, Unit
from compliance.errors import UsageError
from compliance.formatting import vn_date, vn_long_date
from compliance.model import RunResult
from compliance.render.docx import FileNamer, relative, render_many, template_path, write_index
from compliance.render.labels import is_missing
from compliance.text import clean_text, fold, mask_name, normalise_case_code

#: A fact the run does not know, left visible for the officer to fill in.
BLANK = "…"
#: Thông tư 03/2025/TT-VPCP (and its Mẫu số 04) applies to letters dated from this day.
FORM_2025_FROM = dt.date(2025, 9, 15)
#: From 1/7/2025 districts are abolished: a commune's parent body is the province's.
DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)
#: ``form`` values: by the letter's date, or one form whatever the date.
FORMS = ("auto", "2018", "2025")
FORM_2018_TEMPLATE = "mau-04-2018.docx"
FORM_2025_TEMPLATE = "mau-04-2025.docx"
DEFAULT_SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN"
INDEX_COLUMNS = ["case_id", "unit_id", "unit_name", "applicant", "form", "path", "missing_fields"]

# --------------------------------------------------------------------------- shared helpers


def apology_template_name(letter_date: dt.date, form: str = "auto") -> str:
    """The template file of the Mẫu số 04 in force on ``letter_date`` (``form`` "auto"), or of
    the form ``form`` names ("2018": Thông tư 01/2018/TT-VPCP; "2025": Thông tư 03/2025/TT-VPCP)."""
    if form not in FORMS:
        raise UsageError(f"mẫu văn bản không hợp lệ: {form}", hint="Chọn auto, 2018 hoặc 2025.")
    if form == "auto":
        form = "2025" if letter_date >= FORM_2025_FROM else "2018"
    return FORM_2025_TEMPLATE if form == "2025" else FORM_2018_TEMPLATE


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


# --------------------------------------------------------------------------- who, where, from whom

#: Openings of an organisation's name, compared without accents or case ("CONG TY TNHH …").
_ORGANISATIONS = (
    "cong ty", "tong cong ty", "hop tac xa", "htx", "doanh nghiep", "dntn", "chi nhanh", "ubnd",
    "uy ban nhan dan", "ngan hang", "ho kinh doanh", "tap doan", "trung tam", "benh vien",
    "nha may", "xi nghiep",
)  # fmt: skip
#: Openings that are also family names once their accents are gone (Trương, Bàn, Hồ, Văn…):
#: compared with their accents, case aside.
_ORGANISATIONS_ACCENTED = (
    "trường", "văn phòng", "hội", "ban", "sở", "phòng", "quỹ", "tổ chức", "cơ sở",
)  # fmt: skip
#: How the letter names a person it writes to: Ông/Bà, whatever the register says.
PERSON = "Ông/Bà"
#: How the letter names an organisation in its body (the addressee line carries its name).
ORGANISATION = "Quý tổ chức"


def _starts_with(text: str, openings: tuple[str, ...]) -> bool:
    return any(text == w or text.startswith(w + " ") for w in openings)


def is_organisation(name: str) -> bool:
    """Whether an applicant is an organisation (Công ty, Hợp tác xã, UBND, Trường…), not a person."""
    text = clean_text(name).casefold()
    return _starts_with(fold(text), _ORGANISATIONS) or _starts_with(text, _ORGANISATIONS_ACCENTED)


def addressee(applicant: object) -> tuple[str, str]:
    """("Kính gửi" line, how the body names them): ("Ông/Bà Nguyễn Văn An", "Ông/Bà") for a
    person, ("Công ty TNHH A & B", "Quý tổ chức") for an organisation; never masked (the
    applicant is who the letter goes to). An unknown applicant stays a blank."""
    name = clean_text(applicant)
    if not name:
        return BLANK, PERSON
    if is_organisation(name):
        return name, ORGANISATION
    first = name.split()[0].casefold()
    if first in ("ông", "bà", "ông/bà"):  # the register already says how to address them
        return name, name.split()[0]
    return f"{PERSON} {name}", PERSON


#: Words naming an administrative unit's kind, per level of the unit whose letter it is.
_UNIT_KINDS = {
    "commune": ("thi tran", "xa", "phuong"),
    "district": ("thanh pho", "thi xa", "huyen", "quan"),
}


def derived_place(unit_name: str, level: str) -> str:
    """Place name of a district's or commune's letter, from the unit's name ('' if none).

    Nghị định 30/2020/NĐ-CP, Phụ lục I (địa danh): the place name of a local body's document
    is the official name of the administrative unit where it sits; for a unit named after a
    person, a number or an event, the full name with its kind. So "UBND xã Ea Tu" → "Ea Tu",
    "Phòng Tư pháp huyện Krông Pắc" → "Krông Pắc", "UBND thành phố Buôn Ma Thuột" → "Buôn Ma
    Thuột" (the proper name without "thành phố"/"thị xã", as the decree's examples write the
    towns), "UBND phường 5" → "Phường 5". Names after a person ("phường Trần Hưng Đạo" →
    "Phường Trần Hưng Đạo") cannot be told apart here: set the unit's ``place``.
    """
    name = clean_text(unit_name)
    folded = fold(name)
    kinds = "|".join(_UNIT_KINDS.get(level, ()))
    # the last kind word: "Ban Văn hóa - Xã hội phường Thành Công" is in phường Thành Công
    last = re.search(rf"^(?:.*\s)?({kinds})\s+(\S.*)$", folded) if kinds else None
    if not last or len(folded) != len(name):
        return ""
    proper = re.split(r"\s*[,(;]|\s+-\s+", name[last.start(2) :])[0].strip()
    if proper.isdigit():
        return f"{name[last.start(1) : last.end(1)].capitalize()} {proper}"
    return proper


#: A unit name's tail that names its territory ("… tỉnh Đắk Lắk", "… huyện Krông Pắc").
_TERRITORY = re.compile(r"\s+((?:tinh|thanh pho|huyen|quan|thi xa)\s+\S.*)$")


def header_names(unit_name: object, parent: str) -> tuple[str, str]:
    """(parent body, issuing unit) in capitals, as Nghị định 30/2020 draws the header: the
    parent once — none when it is the unit itself — and the unit without what the parent
    already says ("UBND TỈNH ĐẮK LẮK" over "SỞ TƯ PHÁP", not "SỞ TƯ PHÁP TỈNH ĐẮK LẮK")."""
    unit, parent = clean_text(unit_name), clean_text(parent)
    if not unit:
        return upper_or_blank(parent), BLANK
    if fold(parent) == fold(unit):
        return "", unit.upper()
    if parent and fold(unit).startswith(fold(parent) + " ") and len(fold(unit)) == len(unit):
        unit = unit[len(parent) + 1 :]  # "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM" over "CHI NHÁNH ĐẮK LẮK"
    tail = _TERRITORY.search(fold(unit))
    if parent and tail and len(fold(unit)) == len(unit) and fold(parent).endswith(tail.group(1)):
        unit = unit[: tail.start()]
    return parent.upper(), unit.upper()


def unit_letter_values(
    config: Config, unit_id: str, level: object, letter_date: dt.date, unit_name: str = ""
) -> dict:
    """Header and signature values of a unit's letters, from the unit's config first.

    Place (Nghị định 30/2020): the unit's ``place``; else a province-level unit takes the
    organisation's place (else its province), a district or commune the name of its own unit
    (:func:`derived_place`); else the blank. Parent body: the unit's ``parent_body`` ("" for
    none), else its ``parent`` unit's name; else a province-level or district unit is under
    the organisation's ``parent_body``, and so is a commune from 1/7/2025 (districts
    abolished); before, a commune's district must be configured, or it stays blank. The
    signer never falls back: the organisation's signer signs the follow-up letters, not the
    units' apologies, so an unconfigured unit gets the form's "THỦ TRƯỞNG CƠ QUAN" and a blank.
    """
    unit: Unit | None = config.unit(unit_id)
    org = config.organisation
    level = clean_text(level) or (unit.level if unit else "")
    parent_unit = config.unit(unit.parent) if unit and unit.parent else None
    if unit and unit.parent_body is not None:
        parent = unit.parent_body
    elif parent_unit:
        parent = parent_unit.name
    elif level != "commune" or letter_date >= DISTRICTS_ABOLISHED:
        parent = org.parent_body or ""
    else:
        parent = ""
    if level in _UNIT_KINDS:
        place = derived_place(unit.name if unit else unit_name, level)
    else:
        place = clean_text(org.place or org.province)
    return {
        "parent_body": parent if (unit and unit.parent_body == "") else (parent or BLANK),
        "place": known((unit and unit.place) or place),
        "signer_lines": signer_lines(unit.signer_title if unit else None),
        "signer_name": known(unit and unit.signer_name),
    }


# --------------------------------------------------------------------------- apology letters

#: context key → name listed in ``missing_fields`` when the key holds the blank
_APOLOGY_FIELDS = {
    "applicant": "applicant",
    "procedure": "procedure",
    "received_on": "received_at",
    "due_on": "due_at",
    "result_on": "result_at",
    "days_late": "working_days_late",
    "reason": "reason",
    "new_due_on": "new_due_at",
    "parent_body": "parent_body",
    "signer_name": "signer_name",
    "place": "place",
}
#: the facts one kind of letter does not print (and so never lists as missing)
_NOT_PRINTED = {True: {"new_due_on"}, False: {"result_on", "days_late"}}


def draft_apology_letters(
    result: RunResult,
    out_dir: Path,
    *,
    case_ids: list[str] | None = None,
    mask_names: bool = False,
    today: dt.date | None = None,
    form: str | None = None,
) -> pd.DataFrame:
    """Write a draft apology letter for every overdue case without one, and ``index.csv``.

    Without ``case_ids``: one draft per finding whose ``apology`` is ``missing``; the drafts of
    a previous run in ``out_dir`` that are not written again are deleted (see
    :func:`write_index`). With ``case_ids``: exactly those cases among the findings (compared
    as normalised case codes), whatever their apology status, and the other drafts already
    there stay listed; unknown ids raise :class:`UsageError` naming them.
    The letter is dated ``today`` (default: the day of the run, ``result.generated_at``);
    ``form`` ("auto", "2018", "2025"; default the config's ``letters.form``) picks the Mẫu số 04,
    "auto" by that date.
    ``mask_names`` masks applicants' names in the index only: a letter goes to its applicant.
    Returns the index of the drafts written (``INDEX_COLUMNS``; ``path`` relative to ``out_dir``).
    """
    out_dir = Path(out_dir)
    letter_date = today or result.generated_at.date()
    chosen = select_cases(result.findings, case_ids)
    name = apology_template_name(letter_date, form or result.config.letters.form)
    template = template_path(result.config, name).read_bytes()
    reasons = known_reasons(result.letters)
    namer = FileNamer(out_dir)
    rows, jobs = [], []
    for case in chosen.to_dict("records"):
        context = apology_context(case, result.config, letter_date, reasons)
        path = namer.path(case["case_id"], ".docx", folder=case["unit_id"])
        jobs.append((template, context, path))
        fields = {k: v for k, v in _APOLOGY_FIELDS.items()
                  if k not in _NOT_PRINTED[context["resolved_late"]]}  # fmt: skip
        applicant = "" if context["applicant"] == BLANK else context["applicant"]
        rows.append({
            "case_id": case["case_id"], "unit_id": case["unit_id"], "unit_name": case["unit_name"],
            "applicant": mask_name(applicant) if mask_names else applicant,
            "form": Path(name).stem, "path": relative(path, out_dir),
            "missing_fields": blanks(context, fields),
        })  # fmt: skip
    render_many(jobs, highlight=BLANK)
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


def days_late_text(value: object) -> str:
    """Working days late as the letter writes them: '02', '12'; under a day 'dưới 01'."""
    if is_missing(value):
        return BLANK
    try:
        days = int(float(str(value)))
    except ValueError:
        return BLANK
    return f"{days:02d}" if days > 0 else "dưới 01"


def apology_context(
    case: dict, config: Config, letter_date: dt.date, reasons: dict[str, str]
) -> dict:
    """The docxtpl context of one apology letter (keys documented in docs/letters.md)."""
    applicant = clean_text(case.get("applicant"))
    to, you = addressee(applicant)
    unit = unit_letter_values(
        config, case["unit_id"], case.get("level"), letter_date, clean_text(case.get("unit_name"))
    )
    parent, issuing = header_names(case.get("unit_name"), unit["parent_body"])
    resolved_late = clean_text(case.get("overdue_kind")) == "resolved_late"
    return {
        **unit,
        "parent_body": parent,
        "place_date": place_date(unit["place"], letter_date),
        "date_text": vn_long_date(letter_date),
        "letter_no": BLANK,
        "issuing_unit": issuing,
        "unit_name": known(case.get("unit_name")),
        "applicant": applicant or BLANK,
        "addressee": to,
        "you": you,
        "procedure": known(case.get("procedure")),
        "case_code": known(case.get("case_id")),
        "received_on": day_text(case.get("received_at")),
        "due_on": day_text(case.get("due_at")),
        "resolved_late": resolved_late,
        "result_on": day_text(case.get("result_at")) if resolved_late else BLANK,
        "days_late": days_late_text(case.get("working_days_late")) if resolved_late else BLANK,
        "reason": reasons.get(clean_text(case.get("case_id")), BLANK),
        "new_due_on": BLANK if resolved_late else day_text(case.get("new_due_at")),
        "letter_date": letter_date.isoformat(),
    }
