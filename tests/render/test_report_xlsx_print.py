"""report.xlsx prints as delivered: every sheet on A4, one page wide at 9 pt or more.

Read back with openpyxl from the sample run and from the bundled examples' runs: paper, orientation,
fit to one page wide, repeated header rows, the title and the period in the first rows, and the
type size each sheet prints at, computed from its column widths and the printable width of the
page (not from the writer's own arithmetic).
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from compliance.render.xlsx import write_report_xlsx

A4_WIDTH_POINTS = {"portrait": 595.3, "landscape": 841.9}
DEFAULT_WIDTH = 9.140625  # the stored width of a column left at 8.43
PERIOD = re.compile(r"Kỳ báo cáo .* \(Từ ngày \d{2}/\d{1,2}/\d{4} đến ngày \d{2}/\d{1,2}/\d{4}\)")


def _column_points(width: float) -> float:
    """A column width as stored in the file (characters of the default font, Calibri 11's
    7 px digit, its padding included) in points."""
    return round(width * 7) * 0.75


def printed_font(ws) -> float:
    """The largest type size of the sheet's table cells times the scale of one page wide."""
    widths = [
        ws.column_dimensions[get_column_letter(col)].width or DEFAULT_WIDTH
        for col in range(1, ws.max_column + 1)
    ]
    content = sum(_column_points(w) for w in widths)
    margins = (ws.page_margins.left + ws.page_margins.right) * 72
    printable = A4_WIDTH_POINTS[ws.page_setup.orientation] - margins
    scale = min(1.0, printable / content)
    sizes = {cell.font.sz for row in ws.iter_rows(min_row=3) for cell in row if cell.value}
    return max(sizes) * scale


def header_row(ws) -> int:
    """The first row (1-based) whose first cell is a table header: bold, boxed, filled."""
    for row in range(1, 12):
        cell = ws.cell(row=row, column=1)
        if cell.fill.fgColor.rgb not in (None, "00000000") and cell.border.left.style:
            return row
    raise AssertionError(f"{ws.title}: no header row")


def check_printable(path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        setup = ws.page_setup
        assert setup.paperSize in (9, "9"), f"{ws.title}: not A4"
        assert ws.sheet_properties.pageSetUpPr.fitToPage, f"{ws.title}: not fitted to the page"
        # one page wide (fitToWidth absent: 1), as many pages tall as it takes (fitToHeight 0)
        fit = (
            int(setup.fitToWidth or 1),
            int(setup.fitToHeight if setup.fitToHeight is not None else 1),
        )
        assert fit == (1, 0), f"{ws.title}: fit to {fit}"
        font = printed_font(ws)
        assert font >= 9, f"{ws.title}: prints at {font:.1f} pt"
        portrait_content = sum(
            _column_points(ws.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH)
            for c in range(1, ws.max_column + 1)
        )
        if portrait_content > A4_WIDTH_POINTS["portrait"]:  # a wide sheet
            assert setup.orientation == "landscape", ws.title
        # the title, then the period, then the header, which repeats on every page
        assert ws["A1"].value and ws["A1"].font.b, ws.title
        assert PERIOD.search(ws["A2"].value), ws.title
        first = header_row(ws)
        assert first == 3, ws.title
        repeated = re.fullmatch(r"\$?(\d+):\$?(\d+)", ws.print_title_rows or "")
        assert repeated and int(repeated.group(1)) == first, f"{ws.title}: {ws.print_title_rows}"
        assert ws.freeze_panes and int(re.sub(r"\D", "", ws.freeze_panes)) > first
        # codes and numbers: one line; numbers and dates never wrap
        for row in ws.iter_rows(min_row=first + 1):
            for cell in row:
                if isinstance(cell.value, (int, float)) or getattr(cell, "is_date", False):
                    assert not cell.alignment.wrap_text, f"{ws.title}!{cell.coordinate}"
        headers = [c.value for c in ws[first]]
        for name in ("Mã hồ sơ", "Mã đơn vị", "Số văn bản xin lỗi"):
            if name in headers:
                col = headers.index(name) + 1
                for row in range(first + 1, ws.max_row + 1):
                    cell = ws.cell(row=row, column=col)
                    multi = isinstance(cell.value, str) and "\n" in cell.value  # a list of codes
                    assert multi or not cell.alignment.wrap_text, f"{ws.title}!{cell.coordinate}"


def test_sample_workbook_prints(result, tmp_path):
    path = tmp_path / "report.xlsx"
    write_report_xlsx(result, path)
    check_printable(path)


@pytest.mark.parametrize("name", ["2020-05", "2026-11"])
def test_bundled_examples_workbooks_print(example_run, name):
    check_printable(example_run(name) / "report.xlsx")


def test_a_too_wide_sheet_is_caught(result, tmp_path):
    """The check reads the file: a sheet widened by hand fails it."""
    path = tmp_path / "report.xlsx"
    write_report_xlsx(result, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Hồ sơ quá hạn"]
    ws.column_dimensions["B"].width = 80
    wb.save(path)
    with pytest.raises(AssertionError, match="prints at"):
        check_printable(path)
