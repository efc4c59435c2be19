"""report.xlsx: the report's tables as a workbook, in Vietnamese.

Sheets: "Tổng hợp" (figures per level and the summary sentences), "Biểu kết quả" (the standard
13-column table with its merged header), "Hồ sơ quá hạn" and "Xin lỗi, niêm yết, đăng tải" (the
findings, in two sheets so that each prints one A4 page wide at 9 pt or more), "Đơn vị cần đôn
đốc", "Dòng bị loại" and, with an earlier period in the history, "Diễn biến qua các kỳ". Each starts with its title and the report's period, and prints on A4,
one page wide, its header rows repeated (render.xlsx_cells). Text from the data is always written
as text (``write_string``), never as a formula, so a case code such as ``=HYPERLINK(…)`` stays
inert. Dates are real Excel dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from compliance.history.records import Trend
from compliance.model import RESOLUTION_TOTAL_ID, FollowUp, RunResult
from compliance.outputs.files import write_with
from compliance.render import labels, sentences, view
from compliance.render.trend import trend_row
from compliance.render.xlsx_cells import (
    LINE_HEIGHT,
    Styles,
    missing,
    paragraph_height,
    put,
    put_link,
    set_up_page,
    write_header_row,
    write_title,
)

SHEET_SUMMARY = "Tổng hợp"
SHEET_RESOLUTION = "Biểu kết quả"
SHEET_FINDINGS = "Hồ sơ quá hạn"
SHEET_LETTERS = "Xin lỗi, niêm yết, đăng tải"
SHEET_FOLLOWUP = "Đơn vị cần đôn đốc"
SHEET_REJECTS = "Dòng bị loại"
SHEET_TREND = "Diễn biến qua các kỳ"


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
    header = view.report_header(result)
    period = f"Tỉnh {header.province} – Kỳ báo cáo {header.period_title} ({header.period})"
    write_summary_sheet(workbook, styles, result, period)
    write_resolution_sheet(workbook, styles, result.resolution_table, period)
    write_findings_sheets(workbook, styles, findings, period)
    write_followup_sheet(workbook, styles, result.followups, period)
    write_rejects_sheet(workbook, styles, result.rejects, period)
    if result.trend is not None:
        write_trend_sheet(workbook, styles, result.trend, period)
    workbook.close()


# --------------------------------------------------------------------------- sheets


def write_summary_sheet(workbook: Workbook, styles: Styles, result: RunResult, period: str) -> None:
    """'Tổng hợp': the figures per level, then the report's details and the summary sentences."""
    ws = workbook.add_worksheet(SHEET_SUMMARY)
    run = result.counts
    header = view.report_header(result)
    levels = run.active_levels()
    headers = ["Chỉ tiêu", *(labels.LEVEL_NAMES[level] for level in levels), "Tổng số"]
    widths = [46.0] + [13.0] * (len(headers) - 1)
    title = f"KẾT QUẢ KIỂM TRA VIỆC XIN LỖI HỒ SƠ TTHC QUÁ HẠN – {header.period_title.upper()}"
    top = write_title(ws, title, period, styles)
    write_header_row(ws, top, headers, styles)
    row = top + 1
    for figure in view.figure_rows(run, levels):
        ws.write_string(row, 0, figure.label, styles.indents[figure.indent])
        for col, value in enumerate(figure.values, start=1):
            ws.write_number(
                row, col, value, styles.total_number if figure.strong else styles.number
            )
        row += 1
    row += 1
    for text in (header.authority, header.as_of, header.generated):
        ws.write_string(row, 0, text, styles.plain)
        row += 1
    last = len(headers) - 1
    for paragraph in sentences.summary_paragraphs(run):
        row += 1
        ws.write_string(row, 0, paragraph.title, styles.bold)
        for sentence in paragraph.sentences:
            row += 1
            # across the table's width, wrapped; the height is set (merged cells do not grow)
            ws.merge_range(row, 0, row, last, f"- {sentence}", styles.paragraph)
            ws.set_row(row, paragraph_height(f"- {sentence}", sum(widths)))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(top + 1, 1)
    set_up_page(ws, widths, (top, top))


def write_resolution_sheet(
    workbook: Workbook, styles: Styles, table: pd.DataFrame, period: str
) -> None:
    """'Biểu kết quả': the 13-column table with the official form's merged header."""
    ws = workbook.add_worksheet(SHEET_RESOLUTION)
    top = write_title(ws, "BIỂU KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", period, styles)
    for cell in view.RESOLUTION_HEADER:
        first_row, last_row = top + cell.row, top + cell.row + cell.rowspan - 1
        last_col = cell.col + cell.colspan - 1
        if (last_row, last_col) == (first_row, cell.col):
            ws.write_string(first_row, cell.col, cell.text, styles.header)
        else:
            ws.merge_range(first_row, cell.col, last_row, last_col, cell.text, styles.header)
    numbers_row = top + max(c.row + c.rowspan for c in view.RESOLUTION_HEADER)
    for col, number in enumerate(view.RESOLUTION_NUMBERS):
        ws.write_string(numbers_row, col, number, styles.colnum)
    row = numbers_row + 1
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
    widths = [5.0, 36.0] + [11.0] * len(view.RESOLUTION_FIGURES)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.set_row(numbers_row - 1, 64)  # the last header row holds the longest headers, wrapped
    ws.freeze_panes(numbers_row + 1, 2)
    set_up_page(ws, widths, (top, numbers_row))


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
    #: a code or a number: one line, never wrapped
    one_line: bool = False


def _field(name: str) -> Callable[[dict], object]:
    return lambda rec: rec.get(name)


def _shown(
    header: str, width: float, name: str, show: Callable[[Any], object] | None = None,
    link: bool = False, one_line: bool = False,
) -> Column:  # fmt: skip
    """A column showing the frame column ``name``, through ``show`` if given."""
    value = _field(name) if show is None else (lambda rec: show(rec.get(name)))
    return Column(header, width, value, link, name, show, one_line)


def _labelled(family: str) -> Callable[[object], object]:
    return lambda code: labels.code_label(family, code)


#: The findings, in two sheets that each print one page wide: the cases, then their apology,
#: posting and publication. The case code leads both.
FINDINGS_SHEET_COLUMNS = [
    _shown("Mã hồ sơ", 26, "case_id", one_line=True),
    _shown("Đơn vị", 24, "unit_name"),
    _shown("Cấp", 9, "level", labels.level_name),
    _shown("Lĩnh vực", 14, "sector"),
    _shown("Thủ tục", 25, "procedure"),
    _shown("Người nộp", 20, "applicant"),
    _shown("Ngày tiếp nhận", 16, "received_at"),
    _shown("Ngày hẹn trả", 16, "due_at"),
    _shown("Ngày có kết quả", 16, "result_at"),
    _shown("Tình trạng", 13, "overdue_kind", _labelled("overdue_kind")),
    _shown("Số ngày làm việc trễ", 8, "working_days_late", one_line=True),
]
LETTERS_SHEET_COLUMNS = [
    _shown("Mã hồ sơ", 26, "case_id", one_line=True),
    _shown("Xin lỗi", 15, "apology", _labelled("apology")),
    _shown("Số văn bản xin lỗi", 13, "letter_no", one_line=True),
    _shown("Ngày văn bản xin lỗi", 12, "letter_issued_on"),
    _shown("Cách khớp văn bản", 14, "letter_match", _labelled("letter_match")),
    _shown("Niêm yết tại một cửa", 11, "desk_posting", _labelled("desk")),
    _shown("Đăng tải trên trang", 15, "web_posting", _labelled("web")),
    _shown("Đường dẫn bằng chứng", 22, "web_evidence_url", link=True),
    _shown("Ngày hẹn lại", 12, "new_due_at"),
    _shown("Thiếu sót", 26, "gaps", lambda gaps: "\n".join(labels.gap_labels(gaps))),
    _shown("Ghi chú", 22, "note"),
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


def _write_table(
    ws: Worksheet,
    styles: Styles,
    columns: list[Column],
    records: list[dict],
    title: str,
    period: str,
) -> None:
    """A header row, one row per record, widths, frozen header and an autofilter."""
    rows = ([c.value(rec) for c in columns] for rec in records)
    _write_rows(ws, styles, columns, rows, title, period)


def _write_frame(
    ws: Worksheet,
    styles: Styles,
    columns: list[Column],
    frame: pd.DataFrame,
    title: str,
    period: str,
) -> None:
    """:func:`_write_table` for the rows of ``frame``, taken column by column."""
    if any(c.field is None for c in columns):
        _write_table(ws, styles, columns, frame.to_dict("records"), title, period)
        return
    rows = zip(*(_cells(c, frame) for c in columns), strict=True)
    _write_rows(ws, styles, columns, rows, title, period)


def _write_rows(
    ws: Worksheet, styles: Styles, columns: list[Column], rows, title: str, period: str
) -> None:
    """Title and period, a header row, the rows; widths, frozen header, autofilter, A4 page."""
    top = write_title(ws, title, period, styles)
    write_header_row(ws, top, [c.header for c in columns], styles)
    formats = [styles.code if c.one_line else styles.text for c in columns]
    links = [c.link for c in columns]
    # wrapped text (and a list of codes, a code a line): the row's height is set from it, as
    # not every program fits rows to their text on opening
    widths = [c.width for c in columns]
    written = top
    for row, cells in enumerate(rows, start=top + 1):
        height = 0.0
        for col, value in enumerate(cells):
            fmt = formats[col]
            if type(value) is str and (fmt is styles.text or "\n" in value):
                fmt = styles.text
                height = max(height, paragraph_height(value, widths[col]))
            if links[col] and not missing(value):
                put_link(ws, row, col, value, styles)
            else:
                put(ws, row, col, value, styles, fmt)
        if height > LINE_HEIGHT + 2:
            ws.set_row(row, height)
        written = row
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.set_row(top, max(paragraph_height(c.header, c.width) for c in columns))
    ws.freeze_panes(top + 1, 1)
    ws.autofilter(top, 0, max(written, top + 1), len(columns) - 1)
    set_up_page(ws, widths, (top, top))


def write_findings_sheets(
    workbook: Workbook, styles: Styles, findings: pd.DataFrame, period: str
) -> None:
    """'Hồ sơ quá hạn' and 'Xin lỗi, niêm yết, đăng tải': every overdue case, in Vietnamese."""
    ws = workbook.add_worksheet(SHEET_FINDINGS)
    _write_frame(ws, styles, FINDINGS_SHEET_COLUMNS, findings, "DANH SÁCH HỒ SƠ QUÁ HẠN", period)
    ws = workbook.add_worksheet(SHEET_LETTERS)
    title = "VIỆC XIN LỖI, NIÊM YẾT VÀ ĐĂNG TẢI ĐỐI VỚI HỒ SƠ QUÁ HẠN"
    _write_frame(ws, styles, LETTERS_SHEET_COLUMNS, findings, title, period)


FOLLOWUP_SHEET_COLUMNS = [
    Column("STT", 5, _field("stt"), one_line=True),
    Column("Đơn vị", 34, _field("unit_name")),
    Column("Mã đơn vị", 18, _field("unit_id"), one_line=True),
    Column("Cấp", 9, _field("level")),
    Column("Nội dung chưa thực hiện", 52, lambda rec: "\n".join(rec["reason_texts"])),
    Column("Số hồ sơ", 8, lambda rec: len(rec["cases"]), one_line=True),
    Column("Mã hồ sơ", 27, lambda rec: "\n".join(rec["cases"]), one_line=True),  # a code a line
]


def write_followup_sheet(
    workbook: Workbook, styles: Styles, followups: Iterable[FollowUp], period: str
) -> None:
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
    title = "ĐƠN VỊ CẦN ĐÔN ĐỐC"
    _write_table(ws, styles, FOLLOWUP_SHEET_COLUMNS, records, title, period)


REJECTS_SHEET_COLUMNS = [
    _shown("Tệp", 30, "file"),
    _shown("Dòng", 7, "row", one_line=True),
    _shown("Mã hồ sơ", 26, "case_id", one_line=True),
    _shown("Lý do", 60, "reason"),
]


def write_rejects_sheet(
    workbook: Workbook, styles: Styles, rejects: pd.DataFrame, period: str
) -> None:
    """'Dòng bị loại': every input row left out, with its file, row and reason."""
    ws = workbook.add_worksheet(SHEET_REJECTS)
    title = "DÒNG DỮ LIỆU BỊ LOẠI"
    _write_frame(ws, styles, REJECTS_SHEET_COLUMNS, rejects, title, period)


TREND_SHEET_COLUMNS = [
    Column("Cấp / đơn vị", 40, _field("name")),
    Column("Kỳ", 10, _field("period"), one_line=True),
    Column("Tỷ lệ giải quyết quá hạn", 14, _field("late"), one_line=True),
    Column("Tỷ lệ có văn bản xin lỗi", 14, _field("apology"), one_line=True),
    Column("Bị nêu cần đôn đốc", 12, _field("flagged"), one_line=True),
]


def write_trend_sheet(workbook: Workbook, styles: Styles, trend: Trend, period: str) -> None:
    """'Diễn biến qua các kỳ': each level's and flagged unit's rates, period by period."""
    ws = workbook.add_worksheet(SHEET_TREND)
    records = [
        {
            "name": row.name,
            "period": label,
            "late": row.late[i],
            "apology": row.apology[i],
            "flagged": ("Có" if row.flagged[i] else "Không") if row.kind == "unit" else "",
        }
        for row in (
            [trend_row(line, trend.periods, "level") for line in trend.levels]
            + [trend_row(line, trend.periods, "unit") for line in trend.units]
        )
        for i, label in enumerate(trend.periods)
    ]
    title = "DIỄN BIẾN QUA CÁC KỲ"
    _write_table(ws, styles, TREND_SHEET_COLUMNS, records, title, period)
