"""Builds the export files in this folder, shaped as real one-stop portals export them.

Run ``python3 tests/data/exports/build.py`` to regenerate them; the tests read the files.
Each file reproduces one real-world shape (see ``SHAPES``); the cases in them are invented.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

#: the 12 columns of a provincial public-service portal's "Danh sách hồ sơ" export
HEADER = ["STT", "Mã hồ sơ", "Tên thủ tục", "Lĩnh vực", "Chủ hồ sơ", "Số điện thoại",
          "Đơn vị giải quyết", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Trạng thái",
          "Ghi chú"]  # fmt: skip

UNIT = "Sở Xây dựng"
#: (code, applicant, received, due, resolved, status): 6 cases of the 2026-11 period
CASES = [
    ("000.00.14.H50-261020-0001", "Nguyễn Văn An", "20/10/2026 08:15:00", "27/10/2026 17:00:00", "23/10/2026 10:00:00", "Đã trả kết quả"),
    ("000.00.14.H50-261021-0002", "Trần Thị Bình", "21/10/2026 09:00:00", "28/10/2026 17:00:00", "30/10/2026 15:00:00", "Đã trả kết quả"),
    ("000.00.14.H50-261022-0003", "Lê Hoàng Cường", "22/10/2026 14:30:00", "29/10/2026 17:00:00", "", "Đang xử lý"),
    ("000.00.14.H50-261023-0004", "Phạm Thị Dung", "23/10/2026 07:45:00", "30/10/2026 17:00:00", "29/10/2026 16:20:00", "Đã trả kết quả"),
    ("000.00.14.H50-261026-0005", "Công ty TNHH Hòa Phát Đắk Lắk", "26/10/2026 10:10:00", "02/11/2026 17:00:00", "", "Đang xử lý"),
    ("000.00.14.H50-261027-0006", "Võ Minh Em", "27/10/2026 08:00:00", "03/11/2026 17:00:00", "03/11/2026 11:00:00", "Đã trả kết quả"),
]  # fmt: skip

TITLE = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH",
    "Từ ngày 15/10/2026 đến ngày 14/11/2026",
]


def rows() -> list[list[str]]:
    """The cases as 12-cell rows (the phone number 12 digits, kept as text)."""
    return [
        [str(i), code, "Cấp giấy phép xây dựng", "Xây dựng", who, f"09{i:08d}", UNIT, rec, due, res, st, ""]
        for i, (code, who, rec, due, res, st) in enumerate(CASES, start=1)
    ]  # fmt: skip


def _html(grid: list[list[str]], title: list[str]) -> str:
    head = "".join(f"<tr><td colspan='12'><b>{t}</b></td></tr>" for t in title)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in grid)
    # No <meta charset>, no BOM: what the portal sends with an .xls name.
    return f"<html><head><title>DS</title></head><body><table border='1'>{head}{body}</table></body></html>"


def html_no_charset() -> bytes:
    """An HTML table saved as .xls, UTF-8 without BOM and without a charset declaration."""
    return _html([HEADER, *rows()], TITLE).encode("utf-8")


def ragged_csv() -> bytes:
    """The header has 12 cells, the last one 'Ngày trả kết quả'; rows whose last cell is empty
    have 11 (the writer drops trailing empty cells), two rows carry a return date (12 cells),
    one row has a 13th, non-empty cell."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([*HEADER[:11], "Ngày trả kết quả"])
    for i, r in enumerate(rows()):
        cells = r[:11]
        if i in (0, 3):  # returned: the day after the result
            cells = [*cells, r[9].replace(r[9][:2], f"{int(r[9][:2]) + 1:02d}", 1)]
        if i == 5:
            cells = [*cells, "", "ghi chú thêm"]
        w.writerow(cells)
    return out.getvalue().encode("utf-8-sig")


def shifted_rows() -> list[list[str]]:
    """Cases 4–5 sit one column to the right (an empty cell inserted before the row: the
    code column holds the STT, the date columns the unit and the date before); case 6 sits
    two columns to the left (the code column holds the sector, the status column a date)."""
    data = rows()
    return [*data[:3], *(["", *r[:-1]] for r in data[3:5]), [*data[5][2:], "", ""]]


def mismapped_rows() -> list[list[str]]:
    """Every row one column to the left of the header: the header mapping itself is wrong."""
    return [[*r[1:], ""] for r in rows()]


def footer_grid() -> list[list[str]]:
    """The cases, a totals row, and the signature footer laid over the unit and date columns."""
    footer = [
        ["", "", "", "", "", "", "Quảng Trị, ngày 16 tháng 11 năm 2026", "", "", "", "", ""],
        ["", "NGƯỜI LẬP BIỂU", "", "", "", "", "THỦ TRƯỞNG ĐƠN VỊ", "", "", "", "", ""],
        ["", "(Ký, họ tên)", "", "", "", "", "(Ký tên, đóng dấu)", "", "", "", "", ""],
        [""] * 12,
        ["", "Nguyễn Thị Hoa", "", "", "", "", "Trần Văn Bảo", "", "", "", "", ""],
    ]
    return [*rows(), ["", "Tổng cộng: 6 hồ sơ", *[""] * 10], *footer]


def write_xlsx(path: Path, grid: list[list[str]], title: list[str] = TITLE) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for t in title:
        ws.append([t])
    ws.append(HEADER)
    for r in grid:
        ws.append(r)
    wb.save(path)


SHAPES = {
    "html-utf8-no-charset.xls": "HTML table with an .xls name, UTF-8, no BOM, no charset meta",
    "ragged.csv": "rows shorter than the header (trailing empty cells dropped), one longer",
    "shifted.xlsx": "a block of rows shifted one column to the right",
    "footer.xlsx": "a totals row and a two-column signature footer under the table",
    "mismapped.csv": "every row one column off its header",
}


def main() -> None:
    (HERE / "html-utf8-no-charset.xls").write_bytes(html_no_charset())
    (HERE / "ragged.csv").write_bytes(ragged_csv())
    write_xlsx(HERE / "shifted.xlsx", shifted_rows())
    write_xlsx(HERE / "footer.xlsx", footer_grid())
    (HERE / "mismapped.csv").write_bytes(_csv([HEADER, *mismapped_rows()]))


def _csv(grid: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(grid)
    return out.getvalue().encode("utf-8")


if __name__ == "__main__":
    main()
