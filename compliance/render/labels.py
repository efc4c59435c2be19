"""Words and small texts for readers: code labels, levels, dates, counts, masked names, safe links."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, SupportsInt, TypeVar
from urllib.parse import urlsplit

import pandas as pd

from compliance import codes
from compliance.calendar.periods import period_name
from compliance.formatting import nd30_month, vn_int, vn_percent
from compliance.model import RunWarnings
from compliance.text import clean_text, mask_name

#: Level names as they start a phrase ("Cấp tỉnh: 129/129 hồ sơ").
LEVEL_NAMES = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}

T = TypeVar("T")


def is_missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (a cell with no value)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars
        return False


def cell_text(value: object) -> str:
    """Cell text: missing values → '', everything else NFC, spaces collapsed, trimmed."""
    if type(value) is str:  # most cells: never missing
        return clean_text(value)
    return "" if is_missing(value) else clean_text(value)


def label(mapping: dict[str, str], code: object) -> str:
    """The Vietnamese label of a code; unknown codes are shown as they are, empty stays empty."""
    text = cell_text(code)
    return mapping.get(text, text)


def code_label(family: str, code: object) -> str:
    """The Vietnamese label of a code of ``family`` (compliance/codes.py), as :func:`label`."""
    return codes.label(family, cell_text(code))


def level_name(level: object) -> str:
    """'province' → 'Cấp tỉnh' (unknown levels as they are)."""
    return label(LEVEL_NAMES, level)


def nn(number: int) -> str:
    """A count as written in reports: two digits below ten ('02'), else Vietnamese style."""
    return f"{int(number):02d}" if 0 <= number < 10 else vn_int(number)


def short_date(day: dt.date) -> str:
    """'15/4/2020': day on two digits, the month unpadded except January and February."""
    return f"{day.day:02d}/{nd30_month(day)}/{day.year}"


def period_phrase(start: dt.date, end: dt.date) -> str:
    """'Từ ngày 15/4/2020 đến ngày 14/5/2020'."""
    return f"Từ ngày {short_date(start)} đến ngày {short_date(end)}"


def period_title(kind: str, end: dt.date) -> str:
    """'tháng 5 năm 2020', 'quý II năm 2020', '6 tháng đầu năm 2020', 'năm 2020' or 'đột xuất'."""
    return period_name(kind, end) or "đột xuất"


def generated_phrase(moment: dt.datetime) -> str:
    """'14:30 ngày 20/5/2020' for the time a report was made."""
    return f"{moment:%H:%M} ngày {short_date(moment.date())}"


def safe_link(url: object) -> str | None:
    """``url`` when it is a plain http(s) address that may be made clickable, else None."""
    text = cell_text(url)
    if not text or any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def gap_labels(gaps: Iterable[str] | None) -> list[str]:
    """The gaps of a finding (a tuple of codes) in Vietnamese, in the order given."""
    return [codes.label("gap", code) for code in gaps or ()]


def reason_text(code: str, count: int) -> str:
    """'Chưa có văn bản xin lỗi: 02 hồ sơ'."""
    return f"{code_label('gap', code)}: {nn(count)} hồ sơ"


def mask_applicants(frame: pd.DataFrame, column: str = "applicant") -> pd.DataFrame:
    """Copy of ``frame`` with the names in ``column`` masked ('Nguyễn V. A.')."""
    if column not in frame.columns:
        return frame
    out = frame.copy()
    out[column] = out[column].map(lambda v: mask_name(v) if isinstance(v, str) and v.strip() else v)
    return out


def mask_warnings(warnings: RunWarnings) -> RunWarnings:
    """Copy of the run's warnings with the applicants of fuzzy matches and of the letters to
    review masked."""
    return replace(
        warnings,
        fuzzy_matches=[
            {**item, "applicant": mask_name(item.get("applicant") or "")}
            for item in warnings.fuzzy_matches
        ],
        letters_to_review=[
            {
                **item,
                "applicant": mask_name(item.get("applicant") or ""),
                "code_case_applicant": mask_name(item.get("code_case_applicant") or ""),
            }
            for item in warnings.letters_to_review
        ],
    )


def ratio(done: int, total: int) -> str:
    """'135/137' in Vietnamese number style."""
    return f"{vn_int(done)}/{vn_int(total)}"


def percent(part: int, whole: int) -> str:
    """A rate as reports write it: '38,40%', a whole one without decimals ('100%', '0%'), and
    one that rounds to 0 or 100 but is not ('dưới 0,01%', 'trên 99,99%'); '' when ``whole`` is 0.
    """
    if not whole:
        return ""
    if (100 * part) % whole == 0:
        return f"{100 * part // whole}%"
    text = vn_percent(part, whole)
    if text == "0,00%":
        return "dưới 0,01%"
    if text == "100,00%":
        return "trên 99,99%"
    return text


def number(value: object, digits: int = 1) -> str:
    """A measure in Vietnamese style: 96 → '96', 96.55 → '96,6', 1234.5 → '1.234,5'; '' when
    missing; text as it is."""
    if is_missing(value) or value == "":
        return ""
    try:
        rounded = round(float(value), digits)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return clean_text(value)
    whole, _, fraction = f"{abs(rounded):.{digits}f}".partition(".")
    text = vn_int(int(whole)) + ("," + fraction.rstrip("0") if fraction.rstrip("0") else "")
    return ("-" if rounded < 0 else "") + text


def int_or_blank(value: object) -> str:
    """A count in Vietnamese style; '' when missing, other text as it is."""
    if is_missing(value) or value == "":
        return ""
    if not isinstance(value, SupportsInt | str):  # (numbers, numpy's included, and text)
        return clean_text(value)
    try:
        return vn_int(int(value))
    except (TypeError, ValueError):
        return clean_text(value)


def shown_column(frame: pd.DataFrame, name: str, show: Callable[[Any], T]) -> list[T]:
    """``show(value)`` for every row of ``frame[name]``, computed once per distinct value
    (a missing value, or a missing column, is shown as None is). ``show`` takes a cell of the
    frame, which the types cannot know (pandas is untyped here)."""
    if name not in frame:
        return [show(None)] * len(frame)
    positions, uniques = pd.factorize(frame[name])
    shown = [show(value) for value in uniques] + [show(None)]
    return [shown[i] for i in positions.tolist()]
