"""One spreadsheet or CSV cell as text: dates ISO, whole numbers without '.0', NFC."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from typing import TypeAlias

#: Rows of cells, as a sheet (text, numbers, dates…) or an HTML table (text) holds them.
Rows: TypeAlias = Sequence[Sequence[object]]


def cell_text(value: object) -> str:
    """A cell as text: dates ISO, whole numbers without '.0', long IDs kept whole, NFC."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).replace("\u00a0", " ").strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def grid_from_rows(rows: Rows) -> list[list[str]]:
    """Rows of cells as rows of text (:func:`cell_text`)."""
    return [[cell_text(v) for v in row] for row in rows]
