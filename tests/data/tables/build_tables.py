"""Rebuild the results tables in this folder: python3 tests/data/tables/build_tables.py

Each is laid out as units and provinces send them: title rows (national motto, the form's code,
"BIỂU TỔNG HỢP KẾT QUẢ…", the period), a header merged over two or three rows, maybe a row of
column numbers, group rows (Cấp tỉnh, Cấp huyện), a "Tổng cộng" row and a signature footer.
The figures are those of tests/test_tables.py (RUN and the report rows there).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

TITLE = [
    ["UBND TỈNH ĐẮK LẮK", "", "", "", "", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["", "", "", "", "", "", "", "", "Độc lập - Tự do - Hạnh phúc"],
    ["Biểu II.06a/VPCP/KSTT"],
    ["BIỂU TỔNG HỢP KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"],
    ["Kỳ báo cáo: Tháng 5/2020 (Từ ngày 15/4/2020 đến ngày 14/5/2020)"],
    [],
]
FOOTER = [
    [],
    ["", "Người lập biểu", "", "", "", "", "", "", "Đắk Lắk, ngày 20 tháng 5 năm 2020"],
    ["", "", "", "", "", "", "", "", "KT. CHÁNH VĂN PHÒNG"],
    ["", "Nguyễn Văn A", "", "", "", "", "", "", "(Ký, ghi rõ họ tên và đóng dấu)"],
]

# Official order: received total, carried over, online, direct/postal; resolved total, early,
# on time, late; pending total, in time, overdue.
OFFICIAL_ROWS = [
    ["I", "Cấp tỉnh"],
    [1, "Sở Tư pháp", 120, 20, 60, 40, 100, 30, 60, 10, 20, 15, 5],
    [2, "Sở Xây dựng", 150, 10, 20, 120, 130, 40, 78, 12, 20, 8, 12],
    ["II", "Cấp huyện"],
    [3, "UBND huyện Cư M’gar", "1.234", 34, 600, 600, 1200, 200, 950, 50, 34, 30, 4],
    ["", "Tổng cộng", "1.504", 64, 680, 760, 1430, 270, 1088, 72, 74, 53, 21],
]


def header_official_3rows(ws, top: int) -> int:
    """STT | Lĩnh vực/Đơn vị | Số hồ sơ nhận giải quyết (4) | Kết quả giải quyết (7), three rows."""
    r1, r2, r3 = top, top + 1, top + 2
    cells = {
        (r1, 1): "STT", (r1, 2): "Lĩnh vực/Đơn vị", (r1, 3): "Số hồ sơ nhận giải quyết",
        (r1, 7): "Kết quả giải quyết",
        (r2, 3): "Tổng số", (r2, 4): "Trong đó", (r2, 7): "Số hồ sơ đã giải quyết",
        (r2, 11): "Số hồ sơ đang giải quyết",
        (r3, 4): "Số kỳ trước chuyển qua", (r3, 5): "Số mới tiếp nhận trực tuyến",
        (r3, 6): "Số mới tiếp nhận trực tiếp hoặc qua dịch vụ bưu chính",
        (r3, 7): "Tổng số", (r3, 8): "Trả trước hạn", (r3, 9): "Trả đúng thời hạn",
        (r3, 10): "Trả quá hạn", (r3, 11): "Tổng số", (r3, 12): "Trong hạn", (r3, 13): "Quá hạn",
    }  # fmt: skip
    for (r, c), text in cells.items():
        ws.cell(r, c, text)
    for rng in (f"A{r1}:A{r3}", f"B{r1}:B{r3}", f"C{r1}:F{r1}", f"G{r1}:M{r1}", f"C{r2}:C{r3}",
                f"D{r2}:F{r2}", f"G{r2}:J{r2}", f"K{r2}:M{r2}"):  # fmt: skip
        ws.merge_cells(rng)
    return r3


def header_official_2rows(ws, top: int) -> int:
    """The same columns under a two-row header: group titles over sub-headers."""
    r1, r2 = top, top + 1
    cells = {
        (r1, 1): "STT", (r1, 2): "Đơn vị", (r1, 3): "Số hồ sơ nhận giải quyết",
        (r1, 7): "Số hồ sơ đã giải quyết", (r1, 11): "Số hồ sơ đang giải quyết",
        (r2, 3): "Tổng số", (r2, 4): "Số kỳ trước chuyển qua", (r2, 5): "Trực tuyến",
        (r2, 6): "Trực tiếp/Bưu chính", (r2, 7): "Tổng số", (r2, 8): "Trả trước hạn",
        (r2, 9): "Trả đúng thời hạn", (r2, 10): "Trả quá hạn", (r2, 11): "Tổng số",
        (r2, 12): "Trong hạn", (r2, 13): "Quá hạn",
    }  # fmt: skip
    for (r, c), text in cells.items():
        ws.cell(r, c, text)
    for rng in (f"A{r1}:A{r2}", f"B{r1}:B{r2}", f"C{r1}:F{r1}", f"G{r1}:J{r1}", f"K{r1}:M{r1}"):
        ws.merge_cells(rng)
    return r2


def header_ours_3rows(ws, top: int) -> int:
    """This tool's 13-column order (report.xlsx): online, carried over, direct, liên thông; on
    time includes early."""
    r1, r2, r3 = top, top + 1, top + 2
    cells = {
        (r1, 1): "STT", (r1, 2): "Đơn vị", (r1, 3): "Số hồ sơ nhận giải quyết",
        (r1, 8): "Kết quả giải quyết", (r2, 3): "Tổng số", (r2, 4): "Trong đó",
        (r2, 8): "Số hồ sơ đã giải quyết", (r2, 11): "Số hồ sơ đang giải quyết",
        (r3, 4): "Số mới tiếp nhận trực tuyến", (r3, 5): "Số kỳ trước chuyển qua",
        (r3, 6): "Số mới tiếp nhận trực tiếp hoặc qua BCCI", (r3, 7): "Số tiếp nhận liên thông",
        (r3, 8): "Tổng số", (r3, 9): "Trả đúng thời hạn", (r3, 10): "Trả quá hạn",
        (r3, 11): "Tổng số", (r3, 12): "Chưa đến hạn", (r3, 13): "Quá hạn",
    }  # fmt: skip
    for (r, c), text in cells.items():
        ws.cell(r, c, text)
    for rng in (f"A{r1}:A{r3}", f"B{r1}:B{r3}", f"C{r1}:G{r1}", f"H{r1}:M{r1}", f"C{r2}:C{r3}",
                f"D{r2}:G{r2}", f"H{r2}:J{r2}", f"K{r2}:M{r2}"):  # fmt: skip
        ws.merge_cells(rng)
    return r3


def header_flat(ws, top: int) -> int:
    """One header row, no group titles: which "Quá hạn" is which follows from its neighbours."""
    texts = ["STT", "Tên đơn vị", "Tổng số hồ sơ", "Tồn kỳ trước", "Trực tuyến",
             "Trực tiếp, BCCI", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn",
             "Đang giải quyết", "Trong hạn", "Quá hạn"]  # fmt: skip
    for c, text in enumerate(texts, start=1):
        ws.cell(top, c, text)
    return top


# Our 13-column order; on time includes early.
OURS_ROWS = [
    [1, "Sở Tư pháp", 120, 60, 20, 35, 5, 100, 90, 10, 20, 15, 5],
    [2, "Sở Xây dựng", 150, 20, 10, 120, 0, 130, 118, 12, 20, 8, 12],
    [3, "UBND huyện Cư M’gar", "1.234", 600, 34, 600, 0, 1200, 1150, 50, 34, 30, 4],
    ["", "Tổng cộng", "1.504", 680, 64, 755, 5, 1430, 1358, 72, 74, 53, 21],
]

# A unit's own table: its rows are sectors (lĩnh vực), the totals row is the unit.
SECTOR_ROWS = [
    [1, "Lĩnh vực Quy hoạch - Kiến trúc", 50, 4, 6, 40, 45, 15, 26, 4, 5, 3, 2],
    [2, "Lĩnh vực Nhà ở", 100, 6, 14, 80, 85, 25, 52, 8, 15, 5, 10],
    ["", "Cộng", 150, 10, 20, 120, 130, 40, 78, 12, 20, 8, 12],
]


def put_rows(ws, top: int, rows) -> int:
    """Write ``rows`` from sheet row ``top`` on (an empty list is a blank row); the next free row."""
    for r, row in enumerate(rows, start=top):
        for c, value in enumerate(row, start=1):
            if value not in ("", None):
                ws.cell(r, c, value)
    return top + len(rows)


def write_xlsx(path: Path, header, rows, numbered: bool) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06a"
    last = header(ws, put_rows(ws, 1, TITLE))
    if numbered:
        last = put_rows(ws, last + 1, [[f"({c})" for c in range(1, 14)]]) - 1
    put_rows(ws, put_rows(ws, last + 1, rows), FOOTER)
    wb.save(path)
    return path


def html_official(rows) -> str:
    """The official form as an HTML table saved with an .xls name (rowspan/colspan)."""

    def td(value):
        return f"<td>{value}</td>"

    body = "\n".join("<tr>" + "".join(td(v) for v in row) + "</tr>" for row in rows)
    return f"""<html><head><meta charset="utf-8"></head><body>
<table border="1">
<tr><td colspan="13"><b>BIỂU TỔNG HỢP KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH</b></td></tr>
<tr><td colspan="13">Từ ngày 15/04/2020 đến ngày 14/05/2020</td></tr>
<tr><th rowspan="3">STT</th><th rowspan="3">Lĩnh vực, đơn vị</th>
<th colspan="4">Số hồ sơ nhận giải quyết</th><th colspan="7">Kết quả giải quyết</th></tr>
<tr><th rowspan="2">Tổng số</th><th colspan="3">Trong đó</th>
<th colspan="4">Số hồ sơ đã giải quyết</th><th colspan="3">Số hồ sơ đang giải quyết</th></tr>
<tr><th>Số kỳ trước chuyển qua</th><th>Số mới tiếp nhận trực tuyến</th>
<th>Số mới tiếp nhận trực tiếp/BCCI</th><th>Tổng số</th><th>Trả trước hạn</th>
<th>Trả đúng thời hạn</th><th>Trả quá hạn</th><th>Tổng số</th><th>Trong hạn</th><th>Quá hạn</th></tr>
<tr>{"".join(td(f"({i})") for i in range(1, 14))}</tr>
{body}
<tr><td></td><td>Người lập biểu</td></tr>
</table></body></html>
"""


def main() -> None:
    write_xlsx(HERE / "bieu-06a-3-dong-tieu-de.xlsx", header_official_3rows, OFFICIAL_ROWS, True)
    write_xlsx(HERE / "bieu-06a-khong-so-cot.xlsx", header_official_2rows, OFFICIAL_ROWS, False)
    (HERE / "bieu-06a-html.xls").write_text(html_official(OFFICIAL_ROWS), encoding="utf-8")
    write_xlsx(HERE / "bieu-13-cot.xlsx", header_ours_3rows, OURS_ROWS, True)
    write_xlsx(HERE / "bieu-06a-so-xay-dung-theo-linh-vuc.xlsx", header_official_2rows, SECTOR_ROWS, True)


if __name__ == "__main__":
    main()
