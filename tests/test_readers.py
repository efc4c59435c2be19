"""Reading messy exports: formats sniffed from content, headers found, rows numbered as users see them."""

import codecs
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from compliance.errors import InputError
from compliance.inputs.fields import CASE_FIELDS
from compliance.read.cells import cell_text
from compliance.read.kernels import text_cells_fast
from compliance.read.sniff import sniff_format
from compliance.read.table import read_table
from compliance.text import header_key

HEADER = ["Mã hồ sơ", "Đơn vị giải quyết", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả"]
ROW = ["000.00.01.H16-200420-0001", "Sở A", "20/04/2020", "24/04/2020", "23/04/2020"]


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letters with separate combining tone marks."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


def csv_bytes(rows, delimiter=","):
    return "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("cp1258", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
    ],
)
def test_csv_encodings(tmp_path, encoding, prefix):
    path = tmp_path / "a.csv"
    text = csv_bytes([HEADER, ROW])
    path.write_bytes(
        prefix + (encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    )
    table = read_table(path, CASE_FIELDS)
    assert set(table.columns) >= {"case_id", "unit", "received_at", "due_at", "resolved_at"}
    assert table.frame["case_id"].tolist() == [ROW[0]]
    assert table.frame["_row"].tolist() == [2]


def test_semicolon_csv_with_title_rows_keeps_line_numbers(tmp_path):
    path = tmp_path / "a.csv"
    rows = [
        ["BÁO CÁO HỒ SƠ"],
        ["Từ ngày 15/04/2020 đến ngày 14/05/2020"],
        [],
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ROW,
        [],
        ROW,
    ]
    path.write_text(csv_bytes(rows, ";"), encoding="utf-8")
    table = read_table(path, CASE_FIELDS)
    assert table.header_row == 4
    nonblank = table.frame[table.frame["case_id"] != ""]
    assert nonblank["_row"].tolist() == [6, 8]


def test_csv_columns_of_no_field_are_left_out(tmp_path):
    path = tmp_path / "a.csv"
    header = ["STT", *HEADER[:2], "Địa chỉ", "Ghi chú", *HEADER[2:]]
    row = ["1", *ROW[:2], '"12, Lê Duẩn"', "=1+1", *ROW[2:]]
    path.write_text(csv_bytes([header, row, row]), encoding="utf-8")
    table = read_table(path, CASE_FIELDS)
    assert list(table.frame.columns) == [
        "case_id",
        "unit",
        "received_at",
        "due_at",
        "resolved_at",
        "_row",
    ]
    assert table.frame.iloc[0, :5].tolist() == ROW
    assert table.frame["_row"].tolist() == [2, 3]


def test_csv_row_with_extra_cells_is_read_and_reported_with_its_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        csv_bytes([HEADER, ROW, ROW + ["x", "y"], ROW, ROW + ["", ""]]), encoding="utf-8"
    )
    table = read_table(path, CASE_FIELDS)
    assert table.frame["_row"].tolist() == [2, 3, 4, 5]
    assert table.frame.iloc[1, :5].tolist() == ROW
    assert table.extra_cells == [3]  # empty extra cells (line 5) are not worth a warning


def make_xlsx(path: Path, two_row_header=True):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "DANH SÁCH HỒ SƠ"
    ws.append([])
    if two_row_header:
        ws.append(["STT", "Mã hồ sơ", "Đơn vị giải quyết", "Ngày", "", ""])
        ws.append(["", "", "", "Tiếp nhận", "Hẹn trả", "Có kết quả"])
        ws.merge_cells("D4:F4")
    else:
        ws.append(["STT", *HEADER])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
    ws.append(
        [
            1,
            "000.00.01.H16-200420-0001",
            "Sở A",
            dt.datetime(2020, 4, 20, 8, 30),
            "24/04/2020",
            None,
        ]
    )
    ws.append([2, 123456789012, "Sở A", "21/04/2020", dt.datetime(2020, 4, 27), "22/04/2020 10:00"])
    ws.append(["Tổng số", "", "", "", "", ""])
    wb.save(path)


@pytest.mark.parametrize("two_rows", [True, False])
def test_xlsx_title_rows_merged_header_and_column_numbers(tmp_path, two_rows):
    path = tmp_path / "export.xlsx"
    make_xlsx(path, two_rows)
    table = read_table(path, CASE_FIELDS)
    frame = table.frame
    assert frame["_row"].tolist()[:2] == ([7, 8] if two_rows else [6, 7])
    assert frame["received_at"].tolist()[:2] == ["2020-04-20T08:30:00", "21/04/2020"]
    assert frame["case_id"].tolist()[1] == "123456789012"  # long numbers stay whole


def test_content_not_name_decides_the_format(tmp_path):
    xlsx = tmp_path / "export.csv"  # an XLSX with a misleading name
    make_xlsx(xlsx)
    assert read_table(xlsx, CASE_FIELDS).frame["case_id"].iloc[0] == "000.00.01.H16-200420-0001"


def test_html_table_saved_as_xls(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text(
        """<html><head><meta charset="utf-8"></head><body>
        <table><tr><td colspan="5">DANH SÁCH HỒ SƠ</td></tr>
        <tr><th rowspan="2">Mã hồ sơ</th><th rowspan="2">Đơn vị giải quyết</th><th colspan="3">Ngày</th></tr>
        <tr><th>Tiếp nhận</th><th>Hẹn trả</th><th>Có kết quả</th></tr>
        <tr><td>000.00.01.H16-200420-0001</td><td>Sở&nbsp;A</td><td>20/04/2020</td><td>24/04/2020</td><td></td></tr>
        </table></body></html>""",
        encoding="utf-8",
    )
    assert sniff_format(path.read_bytes()) == "html"
    table = read_table(path, CASE_FIELDS)
    assert table.frame[["case_id", "unit", "due_at"]].values.tolist() == [
        ["000.00.01.H16-200420-0001", "Sở A", "24/04/2020"]
    ]
    assert table.frame["_row"].tolist() == [4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tệp rỗng"),
        (b"\x00\x01\x02\x03binary\x00\x00" * 10, "không phải tệp bảng tính"),
        (b"Lorem ipsum dolor sit amet\nconsectetur\n", "không tìm thấy dòng tiêu đề"),
        (b"\xff\xfe\x00\xd8 broken", "tệp UTF-16 bị hỏng"),
        (
            "Mã hồ sơ,Ngày".encode() + b"\x81\x8a\x9e\n",
            "không đọc được bảng mã",
        ),  # neither UTF-8 nor 1258
    ],
)
def test_unreadable_files_say_why(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_table(path, CASE_FIELDS)
    assert message in err.value.message
    assert str(path) in err.value.message


def test_missing_required_column_lists_found_and_expected(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Mã hồ sơ,Đơn vị,Ngày nhận\nX-200420-1,Sở A,20/04/2020\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(path, CASE_FIELDS)
    assert "Ngày hẹn trả" in err.value.message
    assert "'Mã hồ sơ'" in err.value.message and "'Ngày nhận'" in err.value.message
    assert "Hẹn trả kết quả" in err.value.hint


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("MÃ HỒ SƠ", "case_id"),
        ("Mã hồ sơ (*)", "case_id"),
        ("Số  biên   nhận", "case_id"),
        ("Ngày hẹn trả kết quả", "due_at"),
        ("Hạn xử lý", "due_at"),
        ("Cơ quan chủ trì giải quyết", "unit"),
        ("Tên TTHC", "procedure"),
        ("Ngày kết thúc xử lý", "resolved_at"),
        ("Hình thức tiếp nhận", "channel"),
    ],
)
def test_header_aliases(tmp_path, header, field):
    from compliance.read.headers import _assign

    assert field in _assign([header], CASE_FIELDS)


def test_header_key_is_accent_and_case_insensitive():
    assert header_key("  Ngày  TIẾP nhận ") == header_key("ngay tiep nhan") == "ngay tiep nhan"


def test_real_xls_biff_file(tmp_path):
    """Old one-stop systems export BIFF .xls (Excel 97–2003): read through calamine."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Hồ sơ")
    sheet.write(0, 0, "DANH SÁCH HỒ SƠ")
    for col, name in enumerate(HEADER):
        sheet.write(2, col, name)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    sheet.write(3, 0, ROW[0])
    sheet.write(3, 1, ROW[1])
    sheet.write(3, 2, dt.datetime(2020, 4, 20, 8, 30), date_style)
    sheet.write(3, 3, ROW[3])
    path = tmp_path / "export.xls"
    book.save(str(path))
    assert sniff_format(path.read_bytes()) == "xls"
    table = read_table(path, CASE_FIELDS)
    assert table.frame[["case_id", "unit", "received_at", "due_at"]].values.tolist() == [
        [ROW[0], "Sở A", "2020-04-20T08:30:00", "24/04/2020"]
    ]
    assert table.frame["_row"].tolist() == [4]


def test_windows_1258_text_found_only_beyond_the_sniffed_head(tmp_path):
    path = tmp_path / "big.csv"
    ascii_row = ",".join(["000.00.01.H16-200420-0001", "So A", "20/04/2020", "24/04/2020", ""])
    late_row = ",".join(["000.00.01.H16-200420-0002", "Sở A", "20/04/2020", "24/04/2020", ""])
    lines = [",".join(HEADER)] + [ascii_row] * 12_000 + [late_row]
    path.write_bytes(encode_cp1258("\r\n".join(lines) + "\r\n"))
    assert path.stat().st_size > 262_144
    table = read_table(path, CASE_FIELDS)
    assert table.frame["unit"].iloc[-1] == "Sở A"
    assert table.frame["_row"].iloc[-1] == len(lines)


# ------------------------------------------------------------------------------------------
# Spreadsheet cells as text, column by column: the same text as cell_text gives one by one
# ------------------------------------------------------------------------------------------
_CELLS = [
    None, "", "  Hà Nội\u00a0 ", "Ha\u0300 No\u0323i", "=1+2", "000.00.01.H16-200315-0001",
    dt.datetime(2020, 5, 4, 8, 30, 15, 999_999), dt.datetime(1965, 1, 1, 8, 0, 0, 500_000),
    dt.datetime(2020, 5, 4), dt.date(2020, 5, 14), dt.time(8, 30), dt.timedelta(days=1, hours=2),
    1.0, -3.0, 0.1, 1.5e-7, 123456789012.0, 12345678901234567.0, 1e20, float("nan"),
    float("inf"), True, False, 7, 10**30,
]  # fmt: skip


@pytest.mark.parametrize(
    "column",
    [
        _CELLS,
        [c for c in _CELLS if isinstance(c, str) or c is None],  # a text column
        ["Sở Tư pháp\u00a0", "Ha\u0300 No\u0323i ", None, "Đã trả kết quả"] * 50,  # few values
        [dt.datetime(2020, 5, d, 8, d) for d in range(1, 29)] + [None, "14/05/2020"],
        [None, None],
        [],
    ],
    ids=["every kind", "text", "few distinct", "dates", "empty cells", "no cells"],
)
def test_text_cells_is_cell_text_for_a_whole_column(column):
    assert text_cells_fast(column).to_pylist() == [cell_text(v) for v in column]
