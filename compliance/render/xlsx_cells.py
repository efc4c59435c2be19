"""Cells and pages of report.xlsx: formats, typed cell writers, A4 pages one page wide, title rows.

Text is always written as text (``write_string``), never as a formula. A sheet prints on A4, one
page wide with its header rows repeated; the scale that takes is computed here from the column
widths (:func:`printed_scale`), so a sheet too wide to print at 9 pt is split, not shrunk.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import unicodedata

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from compliance.render import labels

_MAX_CELL = 32767  # characters Excel keeps in one cell
_MAX_URL = 2079  # longest hyperlink Excel accepts
_LOCAL_TZ = "Asia/Ho_Chi_Minh"

#: The type size of every cell but the titles, in points.
FONT_SIZE = 12
#: A4 in points (portrait) and the page margins in inches.
A4_POINTS = (595.3, 841.9)
MARGIN_SIDE, MARGIN_TOP = 0.4, 0.5
#: Row height of one line of 12 pt text, in points.
LINE_HEIGHT = 15.75


class Styles:
    """The workbook's cell formats."""

    def __init__(self, workbook: Workbook):
        base = {"font_name": "Times New Roman", "font_size": FONT_SIZE, "valign": "top"}
        boxed = {**base, "border": 1}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14})
        self.bold = workbook.add_format({**base, "bold": True})
        self.plain = workbook.add_format(base)
        self.paragraph = workbook.add_format({**base, "text_wrap": True})
        self.header = workbook.add_format(
            {
                **boxed,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#EEF1F5",
            }
        )
        self.colnum = workbook.add_format({**boxed, "italic": True, "align": "center"})
        self.text = workbook.add_format({**boxed, "text_wrap": True})
        #: a code (case code, unit id, file name): one line, never wrapped
        self.code = workbook.add_format(boxed)
        self.number = workbook.add_format({**boxed, "num_format": "#,##0"})
        self.date = workbook.add_format({**boxed, "num_format": "dd/mm/yyyy", "align": "right"})
        self.datetime = workbook.add_format(
            {**boxed, "num_format": "dd/mm/yyyy hh:mm", "align": "right"}
        )
        self.link = workbook.add_format(
            {**boxed, "font_color": "#0B4F9C", "underline": 1, "text_wrap": True}
        )
        self.total_text = workbook.add_format({**boxed, "bold": True, "bg_color": "#F2F2F2"})
        self.total_number = workbook.add_format(
            {**boxed, "bold": True, "num_format": "#,##0", "bg_color": "#F2F2F2"}
        )
        self.indents = [
            workbook.add_format({**boxed, "indent": level, "bold": level == 0, "italic": level == 2})
            for level in range(3)
        ]  # fmt: skip


def missing(value: object) -> bool:
    """No value, or only spaces: an empty cell."""
    return labels.is_missing(value) or (isinstance(value, str) and not value.strip())


def _excel_datetime(value: object) -> dt.datetime:
    """A naive local datetime for Excel (which has no time zones)."""
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert(_LOCAL_TZ).tz_localize(None)
    return ts.to_pydatetime()


def put(ws: Worksheet, row: int, col: int, value: object, styles: Styles, fmt=None) -> None:
    """Write one cell by the value's type: text stays text (never a formula), dates are dates."""
    if type(value) is str and value.strip():  # most cells: no missing-value test needed
        _put_text(ws, row, col, value, fmt or styles.text)
    elif missing(value):
        ws.write_blank(row, col, None, fmt or styles.text)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", fmt or styles.text)
    elif isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        moment = _excel_datetime(value)
        has_time = (moment.hour, moment.minute, moment.second) != (0, 0, 0)
        ws.write_datetime(row, col, moment, styles.datetime if has_time else styles.date)
    elif isinstance(value, numbers.Real):  # numpy's numbers too (complex: never in a report)
        plain = fmt is None or fmt is styles.text or fmt is styles.code
        ws.write_number(row, col, float(value), styles.number if plain else fmt)
    else:
        _put_text(ws, row, col, str(value), fmt or styles.text)


def _put_text(ws: Worksheet, row: int, col: int, text: str, fmt) -> None:
    text = unicodedata.normalize("NFC", text)
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 1] + "…"
    ws.write_string(row, col, text, fmt)


def put_link(ws: Worksheet, row: int, col: int, url: object, styles: Styles) -> None:
    """A clickable link for plain http(s) addresses; anything else as text."""
    link = labels.safe_link(url)
    if (
        link
        and len(link) <= _MAX_URL
        and ws.write_url(row, col, link, styles.link, string=link) >= 0
    ):
        return
    put(ws, row, col, url, styles)


def write_header_row(ws: Worksheet, row: int, headers: list[str], styles: Styles) -> None:
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, styles.header)


def write_title(ws: Worksheet, title: str, period: str, styles: Styles) -> int:
    """The sheet's title and the report's period in its first two rows; the next free row."""
    ws.write_string(0, 0, title, styles.title)
    ws.write_string(1, 0, period, styles.plain)
    return 2


def paragraph_height(text: str, width: float) -> float:
    """Row height (points) of ``text`` wrapped in a cell ``width`` characters wide.

    Excel does not fit the height of a merged cell to its text: the writer sets it.
    """
    per_line = max(1.0, width * 1.2)  # 12 pt Times: about 1.2 characters per width unit
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return lines * LINE_HEIGHT + 2


# --------------------------------------------------------------------------- printing


def column_points(width: float) -> float:
    """A column ``width`` characters wide, in points (Calibri 11's 7 px digit, 5 px padding)."""
    return (math.floor(width * 7 + 0.5) + 5) * 0.75 if width > 0 else 0.0


def printable_points(landscape: bool) -> float:
    """The width inside the margins of an A4 page, in points."""
    return (A4_POINTS[1] if landscape else A4_POINTS[0]) - 2 * MARGIN_SIDE * 72


def printed_scale(widths: list[float], landscape: bool) -> float:
    """How much a sheet of ``widths`` is shrunk to print one page wide (1: not at all)."""
    content = sum(column_points(w) for w in widths)
    return min(1.0, printable_points(landscape) / content) if content else 1.0


def set_up_page(ws: Worksheet, widths: list[float], header_rows: tuple[int, int]) -> None:
    """A4, one page wide with ``header_rows`` (first, last; 0-based) repeated on each page;
    portrait when the sheet prints there at almost full size, landscape otherwise."""
    landscape = printed_scale(widths, landscape=False) < 0.9
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_TOP)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(*header_rows)
    ws.set_footer("&CTrang &P/&N", {"margin": 0.2})
