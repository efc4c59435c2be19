"""report.xlsx: the report's tables as a workbook, in Vietnamese.

Sheets: "Tổng hợp" (figures per level and the summary sentences), "Biểu kết quả" (the standard
13-column table with its merged header), "Hồ sơ quá hạn" (the findings), "Đơn vị cần đôn đốc"
and "Dòng bị loại". Text from the data is always written as text (``write_string``), never as
a formula, so a case code such as ``=HYPERLINK(…)`` stays inert. Dates are real Excel dates.
"""

from __future__ import annotations

import datetime as dt
import numbers
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from compliance.model import RESOLUTION_TOTAL_ID, FollowUp, RunResult
from compliance.outputs.files import write_with
from compliance.render import labels, sentences, view

SHEET_SUMMARY = "Tổng hợp"
SHEET_RESOLUTION = "Biểu kết quả"
SHEET_FINDINGS = "Hồ sơ quá hạn"
SHEET_FOLLOWUP = "Đơn vị cần đôn đốc"
SHEET_REJECTS = "Dòng bị loại"

_MAX_CELL = 32767  # characters Excel keeps in one cell
_MAX_URL = 2079  # longest hyperlink Excel accepts
_LOCAL_TZ = "Asia/Ho_Chi_Minh"


def write_report_xlsx(result: RunResult, path: Path, *, mask_names: bool = False) -> None:
    """Write report.xlsx for ``result`` atomically; ``mask_names`` masks applicants' names."""
    write_with(Path(path), lambda tmp: build_workbook(result, tmp, mask_names=mask_names))


def build_workbook(result: RunResult, target: Path, *, mask_names: bool = False) -> None:
    """Write the workbook to ``target``."""
    findings = labels.mask_applicants(result.findings) if mask_names else result.findings
    workbook = xlsxwriter.Workbook(
        str(target),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
            "in_memory": True,  # no temporary file per sheet
        },
    )
    workbook.set_properties({"title": "Báo cáo kết quả kiểm tra việc xin lỗi hồ sơ TTHC quá hạn"})
    styles = Styles(workbook)
    write_summary_sheet(workbook, styles, result)
    write_resolution_sheet(workbook, styles, result.resolution_table)
    write_findings_sheet(workbook, styles, findings)
    write_followup_sheet(workbook, styles, result.followups)
    write_rejects_sheet(workbook, styles, result.rejects)
    workbook.close()


# --------------------------------------------------------------------------- cells


class Styles:
    """The workbook's cell formats."""

    def __init__(self, workbook: Workbook):
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
        boxed = {**base, "border": 1}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14})
        self.bold = workbook.add_format({**base, "bold": True})
        self.plain = workbook.add_format(base)
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


def _missing(value: object) -> bool:
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
    elif _missing(value):
        ws.write_blank(row, col, None, fmt or styles.text)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", fmt or styles.text)
    elif isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        moment = _excel_datetime(value)
        has_time = (moment.hour, moment.minute, moment.second) != (0, 0, 0)
        ws.write_datetime(row, col, moment, styles.datetime if has_time else styles.date)
    elif isinstance(value, numbers.Real):  # numpy's numbers too (complex: never in a report)
        ws.write_number(row, col, float(value), fmt or styles.number)
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


# --------------------------------------------------------------------------- sheets


def write_summary_sheet(workbook: Workbook, styles: Styles, result: RunResult) -> None:
    """'Tổng hợp': the figures per level, then the summary sentences and the report's details."""
    ws = workbook.add_worksheet(SHEET_SUMMARY)
    run = result.counts
    header = view.report_header(result)
    levels = run.active_levels()
    headers = ["Chỉ tiêu", *(labels.LEVEL_NAMES[level] for level in levels), "Tổng số"]
    ws.write_string(
        0,
        0,
        f"KẾT QUẢ KIỂM TRA VIỆC XIN LỖI HỒ SƠ TTHC QUÁ HẠN – {header.period_title.upper()}",
        styles.title,
    )
    write_header_row(ws, 1, headers, styles)
    row = 2
    for figure in view.figure_rows(run, levels):
        ws.write_string(row, 0, figure.label, styles.indents[figure.indent])
        for col, value in enumerate(figure.values, start=1):
            ws.write_number(
                row, col, value, styles.total_number if figure.strong else styles.number
            )
        row += 1
    row += 1
    details = [
        header.authority,
        f"Tỉnh {header.province}",
        header.period,
        header.as_of,
        header.generated,
    ]
    for text in details:
        ws.write_string(row, 0, text, styles.plain)
        row += 1
    for paragraph in sentences.summary_paragraphs(run):
        row += 1
        ws.write_string(row, 0, paragraph.title, styles.bold)
        for sentence in paragraph.sentences:
            row += 1
            ws.write_string(row, 0, f"- {sentence}", styles.plain)
    ws.set_column(0, 0, 52)
    ws.set_column(1, len(headers) - 1, 14)
    ws.freeze_panes(2, 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)


def write_resolution_sheet(workbook: Workbook, styles: Styles, table: pd.DataFrame) -> None:
    """'Biểu kết quả': the 13-column table with the official form's merged header."""
    ws = workbook.add_worksheet(SHEET_RESOLUTION)
    for cell in view.RESOLUTION_HEADER:
        last_row, last_col = cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1
        if (last_row, last_col) == (cell.row, cell.col):
            ws.write_string(cell.row, cell.col, cell.text, styles.header)
        else:
            ws.merge_range(cell.row, cell.col, last_row, last_col, cell.text, styles.header)
    header_rows = max(c.row + c.rowspan for c in view.RESOLUTION_HEADER)
    for col, number in enumerate(view.RESOLUTION_NUMBERS):
        ws.write_string(header_rows, col, number, styles.colnum)
    row = header_rows + 1
    for rec in table.to_dict("records"):
        total = str(rec.get("unit_id")) == RESOLUTION_TOTAL_ID
        text_fmt, number_fmt = (
            (styles.total_text, styles.total_number) if total else (styles.text, styles.number)
        )
        put(ws, row, 0, rec.get("stt"), styles, number_fmt)
        put(ws, row, 1, rec.get("unit_name"), styles, text_fmt)
        for col, key in enumerate(view.RESOLUTION_FIGURES, start=2):
            put(ws, row, col, rec.get(key), styles, number_fmt)
        row += 1
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 12, 13)
    ws.set_row(header_rows - 1, 48)
    ws.freeze_panes(header_rows + 1, 2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, header_rows)


@dataclass(frozen=True)
class Column:
    """A column of a data sheet: its header, width and how to get the cell from a record.

    A column that shows one column of a frame names it (``field``) and says how a value is
    shown (``show``, none: as it is); a sheet written from the frame then takes the column at
    once and shows each distinct value once, not every row through a record.
    """

    header: str
    width: float
    value: Callable[[dict], object]
    link: bool = False
    field: str | None = None
    #: shows one cell of the frame column (cells are untyped: pandas has no stubs here)
    show: Callable[[Any], object] | None = None


def _field(name: str) -> Callable[[dict], object]:
    return lambda rec: rec.get(name)


def _shown(
    header: str, width: float, name: str, show: Callable[[Any], object] | None = None,
    link: bool = False,
) -> Column:  # fmt: skip
    """A column showing the frame column ``name``, through ``show`` if given."""
    value = _field(name) if show is None else (lambda rec: show(rec.get(name)))
    return Column(header, width, value, link, name, show)


def _labelled(family: str) -> Callable[[object], object]:
    return lambda code: labels.code_label(family, code)


FINDINGS_SHEET_COLUMNS = [
    _shown("Mã hồ sơ", 28, "case_id"),
    _shown("Đơn vị", 36, "unit_name"),
    _shown("Cấp", 10, "level", labels.level_name),
    _shown("Lĩnh vực", 18, "sector"),
    _shown("Thủ tục", 36, "procedure"),
    _shown("Người nộp", 24, "applicant"),
    _shown("Ngày tiếp nhận", 17, "received_at"),
    _shown("Ngày hẹn trả", 17, "due_at"),
    _shown("Ngày có kết quả", 17, "result_at"),
    _shown("Tình trạng", 22, "overdue_kind", _labelled("overdue_kind")),
    _shown("Số ngày làm việc trễ", 11, "working_days_late"),
    _shown("Số văn bản xin lỗi", 16, "letter_no"),
    _shown("Ngày văn bản xin lỗi", 14, "letter_issued_on"),
    _shown("Cách khớp văn bản", 20, "letter_match", _labelled("letter_match")),
    _shown("Xin lỗi", 20, "apology", _labelled("apology")),
    _shown("Niêm yết tại một cửa", 14, "desk_posting", _labelled("desk")),
    _shown("Đăng tải trên trang", 20, "web_posting", _labelled("web")),
    _shown("Đường dẫn bằng chứng", 36, "web_evidence_url", link=True),
    _shown("Ngày hẹn lại", 14, "new_due_at"),
    _shown("Thiếu sót", 44, "gaps", lambda gaps: "\n".join(labels.gap_labels(gaps))),
    _shown("Ghi chú", 36, "note"),
]


def _cells(column: Column, frame: pd.DataFrame) -> list:
    """The cells of ``column`` for every row of ``frame``, each distinct value shown once."""
    if column.field not in frame:  # as a record without the field
        return [column.value({})] * len(frame)
    values = frame[column.field]
    if column.show is None:
        return values.tolist()
    codes, uniques = pd.factorize(values)  # a missing value is -1: shown as None is
    shown = [column.show(value) for value in uniques] + [column.show(None)]
    return [shown[code] for code in codes.tolist()]


def _write_table(ws: Worksheet, styles: Styles, columns: list[Column], records: list[dict]) -> None:
    """A header row, one row per record, widths, frozen header and an autofilter."""
    _write_rows(ws, styles, columns, ([c.value(rec) for c in columns] for rec in records))


def _write_frame(ws: Worksheet, styles: Styles, columns: list[Column], frame: pd.DataFrame) -> None:
    """:func:`_write_table` for the rows of ``frame``, taken column by column."""
    if any(c.field is None for c in columns):
        _write_table(ws, styles, columns, frame.to_dict("records"))
        return
    _write_rows(ws, styles, columns, zip(*(_cells(c, frame) for c in columns), strict=True))


def _write_rows(ws: Worksheet, styles: Styles, columns: list[Column], rows) -> None:
    write_header_row(ws, 0, [c.header for c in columns], styles)
    links = [c.link for c in columns]
    written = 0
    for row, cells in enumerate(rows, start=1):
        for col, value in enumerate(cells):
            if links[col] and not _missing(value):
                put_link(ws, row, col, value, styles)
            else:
                put(ws, row, col, value, styles)
        written = row
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(written, 1), len(columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)


def write_findings_sheet(workbook: Workbook, styles: Styles, findings: pd.DataFrame) -> None:
    """'Hồ sơ quá hạn': every overdue case with Vietnamese headers and labels."""
    ws = workbook.add_worksheet(SHEET_FINDINGS)
    _write_frame(ws, styles, FINDINGS_SHEET_COLUMNS, findings)


FOLLOWUP_SHEET_COLUMNS = [
    Column("STT", 6, _field("stt")),
    Column("Đơn vị", 40, _field("unit_name")),
    Column("Mã đơn vị", 18, _field("unit_id")),
    Column("Cấp", 10, _field("level")),
    Column("Nội dung chưa thực hiện", 60, lambda rec: "\n".join(rec["reason_texts"])),
    Column("Số hồ sơ", 10, lambda rec: len(rec["cases"])),
    Column("Mã hồ sơ", 60, lambda rec: "\n".join(rec["cases"])),
]


def write_followup_sheet(workbook: Workbook, styles: Styles, followups: Iterable[FollowUp]) -> None:
    """'Đơn vị cần đôn đốc': the flagged units, worst first, with reasons in Vietnamese."""
    ws = workbook.add_worksheet(SHEET_FOLLOWUP)
    records = [
        {
            "stt": i,
            "unit_name": item.unit_name,
            "unit_id": item.unit_id,
            "level": item.level,
            "reason_texts": item.reason_texts,
            "cases": item.cases,
        }
        for i, item in enumerate(view.followup_items(followups), start=1)
    ]
    _write_table(ws, styles, FOLLOWUP_SHEET_COLUMNS, records)


REJECTS_SHEET_COLUMNS = [
    _shown("Tệp", 30, "file"),
    _shown("Dòng", 8, "row"),
    _shown("Mã hồ sơ", 28, "case_id"),
    _shown("Lý do", 70, "reason"),
]


def write_rejects_sheet(workbook: Workbook, styles: Styles, rejects: pd.DataFrame) -> None:
    """'Dòng bị loại': every input row left out, with its file, row and reason."""
    ws = workbook.add_worksheet(SHEET_REJECTS)
    _write_frame(ws, styles, REJECTS_SHEET_COLUMNS, rejects)
