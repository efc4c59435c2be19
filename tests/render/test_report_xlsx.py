"""report.xlsx read back with openpyxl: sheets, headers, merged ranges, frozen panes, key cells.

Regenerate the golden file after an intended change with ``UPDATE_GOLDEN=1 pytest tests/render``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import openpyxl
import pytest

from compliance.render.xlsx import (
    SHEET_FINDINGS,
    SHEET_FOLLOWUP,
    SHEET_LETTERS,
    SHEET_REJECTS,
    SHEET_RESOLUTION,
    SHEET_SUMMARY,
    write_report_xlsx,
)

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "data" / "render" / "report_xlsx.json"
FORMULA = '=HYPERLINK("http://x")'


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _sheet_rows(ws, first: int, last: int | None = None) -> list[list[object]]:
    return [
        [_plain(v) for v in row]
        for row in ws.iter_rows(min_row=first, max_row=last or ws.max_row, values_only=True)
    ]


def extract_workbook(path: Path) -> dict:
    """The workbook as plain data: per sheet its frozen cell, merged ranges and cell values."""
    wb = openpyxl.load_workbook(path)
    return {
        "sheets": wb.sheetnames,
        "layout": {
            ws.title: {
                "freeze": ws.freeze_panes,
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            }
            for ws in wb
        },
        "summary_table": _sheet_rows(wb[SHEET_SUMMARY], 1, 34),
        "resolution": _sheet_rows(wb[SHEET_RESOLUTION], 1),
        "findings": _sheet_rows(wb[SHEET_FINDINGS], 1),
        "letters": _sheet_rows(wb[SHEET_LETTERS], 1),
        "followup": _sheet_rows(wb[SHEET_FOLLOWUP], 1),
        "rejects": _sheet_rows(wb[SHEET_REJECTS], 1),
    }


@pytest.fixture
def workbook_path(result, tmp_path) -> Path:
    path = tmp_path / "report.xlsx"
    write_report_xlsx(result, path)
    return path


def test_workbook_matches_golden(workbook_path):
    got = extract_workbook(workbook_path)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_sheets_and_layout(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == [
        "Tổng hợp",
        "Biểu kết quả",
        "Hồ sơ quá hạn",
        "Xin lỗi, niêm yết, đăng tải",
        "Đơn vị cần đôn đốc",
        "Dòng bị loại",
    ]
    table = wb[SHEET_RESOLUTION]
    assert {"A3:A5", "B3:B5", "C3:G3", "H3:M3", "C4:C5", "D4:G4", "H4:J4", "K4:M4"} == {
        str(r) for r in table.merged_cells.ranges
    }
    assert table["A1"].value == "BIỂU KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
    assert table["A2"].value == (
        "Tỉnh Đắk Lắk – Kỳ báo cáo tháng 5 năm 2020 (Từ ngày 15/4/2020 đến ngày 14/5/2020)"
    )
    assert [c.value for c in table[6]] == [f"({i})" for i in range(1, 14)]
    assert table.freeze_panes == "C7"
    total = [c.value for c in table[table.max_row]]
    assert total[:3] == [None, "Tổng cộng", 241150]
    assert total[2] == sum(total[3:7]) == total[7] + total[10]
    for name in (SHEET_FINDINGS, SHEET_LETTERS, SHEET_FOLLOWUP, SHEET_REJECTS):
        assert wb[name].freeze_panes == "B4"
        assert wb[name]["A3"].value in ("Mã hồ sơ", "STT", "Tệp")
    assert wb[SHEET_FINDINGS].column_dimensions["A"].width > 20


def test_dates_are_excel_dates(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    ws, letters = wb[SHEET_FINDINGS], wb[SHEET_LETTERS]
    received = ws.cell(row=4, column=[c.value for c in ws[3]].index("Ngày tiếp nhận") + 1)
    headers = [c.value for c in letters[3]]
    letter = letters.cell(row=4, column=headers.index("Ngày văn bản xin lỗi") + 1)
    assert received.value == dt.datetime(2020, 4, 16, 8, 10)
    assert received.number_format == "dd/mm/yyyy hh:mm"
    assert letter.value == dt.datetime(2020, 4, 27)
    assert letter.number_format == "dd/mm/yyyy"


def test_gaps_and_statuses_in_vietnamese(workbook_path):
    ws = openpyxl.load_workbook(workbook_path)[SHEET_LETTERS]
    headers = [c.value for c in ws[3]]
    gaps = [
        ws.cell(row=r, column=headers.index("Thiếu sót") + 1).value
        for r in range(4, ws.max_row + 1)
    ]
    assert (
        "Chưa có văn bản xin lỗi\nChưa niêm yết tại Bộ phận một cửa\nĐơn vị chưa có Trang thông tin điện tử"
        in gaps
    )
    assert not any("_" in (g or "") for g in gaps)


def test_data_never_becomes_a_formula(hostile_result, tmp_path):
    path = tmp_path / "report.xlsx"
    write_report_xlsx(hostile_result, path)
    wb = openpyxl.load_workbook(path)
    findings, letters = wb[SHEET_FINDINGS], wb[SHEET_LETTERS]
    cells = [
        c for ws in (findings, letters) for row in ws.iter_rows() for c in row if c.value == FORMULA
    ]
    assert len(cells) == 3  # case id and applicant; case id again
    assert all(c.data_type == "s" for c in cells)
    reject = wb[SHEET_REJECTS]["C4"]
    assert (reject.value, reject.data_type) == (FORMULA, "s")
    links = [c.hyperlink.target for row in letters.iter_rows() for c in row if c.hyperlink]
    assert links == ["https://ok.example.gov.vn/a?b=1&c=%3c2%3e"]  # javascript: stays text
    assert "javascript:alert(1)" in [c.value for row in letters.iter_rows() for c in row]


def test_masking_applies_to_the_workbook(result, tmp_path):
    path = tmp_path / "report.xlsx"
    write_report_xlsx(result, path, mask_names=True)
    ws = openpyxl.load_workbook(path)[SHEET_FINDINGS]
    column = [c.value for c in ws[3]].index("Người nộp")
    applicants = [row[column] for row in ws.iter_rows(min_row=4, values_only=True)]
    assert "Nguyễn V. A." in applicants
    assert "Nguyễn Văn An" not in applicants


def test_written_atomically(result, tmp_path):
    path = tmp_path / "out" / "report.xlsx"
    write_report_xlsx(result, path)
    assert [p.name for p in path.parent.iterdir()] == ["report.xlsx"]
