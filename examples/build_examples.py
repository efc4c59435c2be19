"""Build the bundled example inputs (run from the repository root: python examples/build_examples.py).

The files are committed; this script documents how they were made and rebuilds them.
They imitate real one-stop exports: title rows, a two-row merged header with a row of
column numbers, a totals row and a signature footer in the XLSX; Windows-1258 text and
ISO dates with +07:00 offsets in the commune's CSV; a mistyped case code in the register.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent / "data"

# (case id, unit, sector, procedure, applicant, channel, received, due, resolved, returned, status)
CASES = [
    ("000.00.20.H16-200416-0001", "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk", "Ngân hàng", "Cấp giấy phép hoạt động quỹ tín dụng nhân dân", "Quỹ tín dụng nhân dân Hòa Thắng", "Trực tuyến", "16/04/2020 08:00:00", "20/04/2020", "17/04/2020 10:00:00", "17/04/2020 14:00:00", "Đã trả kết quả"),
    ("000.00.20.H16-200420-0003", "NHNN chi nhánh Đắk Lắk", "Ngân hàng", "Chấp thuận thay đổi địa điểm đặt trụ sở", "Công ty TNHH Hoàng Long", "Trực tiếp", "20/04/2020 09:15:00", "24/04/2020", "28/04/2020 15:00:00", "28/04/2020 16:00:00", "Đã trả kết quả"),
    ("000.00.20.H16-200422-0007", "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk", "Ngân hàng", "Chấp thuận mở phòng giao dịch", "Quỹ tín dụng nhân dân Ea Kao", "Trực tiếp", "22/04/2020 10:00:00", "29/04/2020", "06/05/2020 09:00:00", "06/05/2020 10:00:00", "Đã trả kết quả"),
    ("000.00.20.H16-200505-0002", "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk", "Ngân hàng", "Cấp giấy phép hoạt động quỹ tín dụng nhân dân", "Quỹ tín dụng nhân dân Krông Ana", "Trực tiếp", "05/05/2020 08:30:00", "08/05/2020", "08/05/2020 16:00:00", "08/05/2020 16:30:00", "Đã trả kết quả"),
    ("000.00.20.H16-200512-0001", "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk", "Ngân hàng", "Chấp thuận mở phòng giao dịch", "Quỹ tín dụng nhân dân Tân Lập", "Trực tiếp", "12/05/2020 14:00:00", "19/05/2020", "", "", "Đang xử lý"),
    ("000.00.20.H16-200410-0004", "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk", "Ngân hàng", "Chấp thuận thay đổi tên", "Quỹ tín dụng nhân dân Ea Tam", "Trực tiếp", "10/04/2020 08:00:00", "17/04/2020", "14/04/2020 10:00:00", "14/04/2020 11:00:00", "Đã trả kết quả"),
    ("000.00.20.H16-200413-0001", "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk", "Ngân hàng", "Chấp thuận thay đổi tên", "Quỹ tín dụng nhân dân Thành Nhất", "Bưu chính công ích", "13/04/2020 08:00:00", "20/04/2020", "17/04/2020 10:00:00", "17/04/2020 11:00:00", "Đã trả kết quả"),
    ("000.00.21.H16-200416-0012", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "Đất đai", "Đăng ký biến động quyền sử dụng đất", "Nguyễn Văn An", "Trực tiếp", "16/04/2020 08:10:00", "23/04/2020", "27/04/2020 09:00:00", "27/04/2020 10:00:00", "Đã trả kết quả"),
    ("000.00.21.H16-200424-0002", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "Đất đai", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Trần Thị Bích", "Trực tiếp", "24/04/2020 14:00:00", "06/05/2020", "", "", "Đang xử lý"),
    ("000.00.21.H16-200427-0005", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "Môi trường", "Thẩm định báo cáo đánh giá tác động môi trường", "Công ty CP Cà phê Buôn Ma Thuột", "Trực tiếp", "27/04/2020 09:00:00", "04/05/2020", "05/05/2020 15:00:00", "05/05/2020 16:00:00", "Đã trả kết quả"),
    ("000.00.21.H16-200428-0001", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "Đất đai", "Đăng ký biến động quyền sử dụng đất", "Lê Văn Cường", "Trực tuyến", "28/04/2020 08:00:00", "12/05/2020", "07/05/2020 10:00:00", "07/05/2020 11:00:00", "Đã trả kết quả"),
    ("000.00.21.H16-200429-0003", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "Đất đai", "Xóa đăng ký thế chấp", "Phạm Thị Dung", "Liên thông", "29/04/2020 08:00:00", "06/05/2020", "06/05/2020 10:00:00", "06/05/2020 11:00:00", "Đã trả kết quả"),
    ("000.00.21.H16-200504-0009", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "Đất đai", "Đăng ký thế chấp quyền sử dụng đất", "Hoàng Văn Em", "Trực tiếp", "04/05/2020 08:00:00", "11/05/2020", "13/05/2020 09:00:00", "13/05/2020 10:00:00", "Đã trả kết quả"),
    ("000.00.21.H16-200506-0004", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "Khoáng sản", "Cấp giấy phép khai thác khoáng sản", "Công ty TNHH Khoáng sản Tây Nguyên", "Trực tiếp", "06/05/2020 08:00:00", "13/05/2020", "", "", "Từ chối"),
    ("000.00.21.H16-200428-0001", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "", "", "", "", "28/04/2020", "12/05/2020", "", "", ""),
    ("000.30.24.H16-200417-0021", "UBND thành phố Buôn Ma Thuột", "Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Võ Thị Giang", "Trực tiếp", "17/04/2020 09:00:00", "24/04/2020", "29/04/2020 10:00:00", "29/04/2020 14:00:00", "Đã trả kết quả"),
    ("000.30.24.H16-200420-0011", "Ủy ban nhân dân thành phố Buôn Ma Thuột", "Hộ tịch", "Đăng ký kết hôn có yếu tố nước ngoài", "Đặng Văn Hải", "Trực tiếp", "20/04/2020 08:00:00", "27/04/2020", "24/04/2020 10:00:00", "24/04/2020 10:30:00", "Đã trả kết quả"),
    ("000.30.24.H16-200507-0002", "UBND thành phố Buôn Ma Thuột", "Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Bùi Thị Lan", "Trực tuyến", "07/05/2020 08:00:00", "14/05/2020", "", "", "Đang xử lý"),
    ("000.30.24.H16-200508-0003", "UBND thành phố Buôn Ma Thuột", "Đất đai", "Chuyển mục đích sử dụng đất", "Đỗ Văn Minh", "Trực tiếp", "08/05/2020 08:00:00", "13/05/2020 10:00:00", "", "", "Đang xử lý"),
    ("000.30.24.H16-200415-0030", "UBND thành phố Buôn Ma Thuột", "Hộ tịch", "Đăng ký khai sinh", "Ngô Thị Nga", "Trực tiếp", "31/04/2020 08:00:00", "05/05/2020", "", "", "Đang xử lý"),
    ("000.30.24.H16-200423-0008", "UBND thành phố Buôn Ma Thuột", "Hộ tịch", "Đăng ký khai tử", "Dương Văn Phúc", "Trực tiếp", "23/04/2020 08:00:00", "28/04/2020", "21/04/2020 08:00:00", "21/04/2020 09:00:00", "Đã trả kết quả"),
    ("000.30.24.H16-200421-0015", "Phòng Tài nguyên và Môi trường thành phố Buôn Ma Thuột", "Đất đai", "Đăng ký đất đai lần đầu", "Lý Văn Quang", "Trực tiếp", "21/04/2020 08:00:00", "28/04/2020", "27/04/2020 15:00:00", "27/04/2020 16:00:00", "Đã trả kết quả"),
]  # fmt: skip

# The commune's CSV: ISO dates with offsets, Windows-1258, one row without its unit name.
COMMUNE = [
    ("000.31.24.H16-200421-0001", "UBND xã Ea Tu", "Chứng thực", "Chứng thực hợp đồng, giao dịch", "Y Bhim Niê", "1", "2020-04-21T08:00:00+07:00", "2020-04-23", "2020-04-24T09:30:00+0700", "2020-04-24T10:00:00+0700", "Đã trả kết quả"),
    ("000.31.24.H16-200422-0002", "", "Hộ tịch", "Đăng ký khai sinh", "H’Hen Byă", "1", "2020-04-22T08:00:00+07:00", "2020-04-24", "2020-04-24T10:00:00+07:00", "2020-04-24T10:30:00+07:00", "Đã trả kết quả"),
    ("000.31.24.H16-200511-0003", "Ủy ban nhân dân xã Ea Tu", "Hộ tịch", "Đăng ký thường trú", "Nguyễn Thị Hoà", "2", "2020-05-11T08:00:00+07:00", "2020-05-13", "2020-05-15T09:00:00+07:00", "", "Đã trả kết quả"),
]  # fmt: skip

LETTERS = [
    # case id (as typed), letter no, applicant, issued, unit, reason, new due, desk posting, url
    ("000.00.20.H16-200420-0003", "12/PXL-NHNN", "Công ty TNHH Hoàng Long", "23/04/2020", "NHNN chi nhánh Đắk Lắk", "Cần xác minh thêm hồ sơ pháp lý", "28/04/2020", "23/04/2020", ""),
    ("000.00.20.H16-200422-0007", "15/PXL-NHNN", "Quỹ tín dụng nhân dân Ea Kao", "29/04/2020", "NHNN chi nhánh Đắk Lắk", "Chờ ý kiến của Ngân hàng Nhà nước Việt Nam", "06/05/2020", "", ""),
    (" 000.00.21.h16 – 200416-0012", "31/PXL-STNMT", "Nguyễn Văn An", "22/04/2020", "Sở Tài nguyên và Môi trường", "Hồ sơ phải đo đạc lại thửa đất", "27/04/2020", "22/04/2020", ""),
    ("000.00.21.H16-200424-0002", "40/PXL-STNMT", "Trần Thị Bích", "05/05/2020", "Sở Tài nguyên và Môi trường", "Chờ kết quả xác minh nguồn gốc đất", "12/05/2020", "05/05/2020", ""),
    ("000.30.24.H16-200417-0021", "08/PXL-UBND", "Võ Thị Giang", "23/04/2020", "UBND thành phố Buôn Ma Thuột", "Phải lấy ý kiến cơ quan quản lý quy hoạch", "29/04/2020", "23/04/2020", ""),
    ("000.30.24.H16-200508-0003", "11/PXL-UBND", "Đỗ Văn Minh", "12/05/2020", "UBND thành phố Buôn Ma Thuột", "Chờ ý kiến Phòng Tài nguyên và Môi trường", "20/05/2020", "12/05/2020", ""),
    ("000.30.24.H16-200508-0003", "12/PXL-UBND", "Đỗ Văn Minh", "13/05/2020", "UBND thành phố Buôn Ma Thuột", "Bổ sung trích đo địa chính", "25/05/2020", "13/05/2020", ""),
    ("000.31.24.H16-200421-0010", "02/PXL-UBND", "Y Bhim Nie", "22/04/2020", "UBND xã Ea Tu", "Cán bộ tư pháp đi công tác", "24/04/2020", "22/04/2020", ""),
    ("000.00.99.H16-200401-0001", "05/PXL", "Trương Văn Tài", "02/04/2020", "", "", "", "", ""),
]  # fmt: skip


def build_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách hồ sơ"
    ws["A1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH"
    ws["A3"] = "Từ ngày 15/04/2020 đến ngày 14/05/2020"
    for cell in ("A1", "A2", "A3"):
        ws[cell].font = Font(bold=True)
    top = ["STT", "Mã hồ sơ", "Đơn vị giải quyết", "Lĩnh vực", "Tên thủ tục hành chính", "Chủ hồ sơ",
           "Hình thức nộp", "Ngày", "", "", "", "Trạng thái"]  # fmt: skip
    bottom = ["", "", "", "", "", "", "", "Tiếp nhận", "Hẹn trả", "Có kết quả", "Trả kết quả", ""]
    ws.append([])
    ws.append(top)
    ws.append(bottom)
    ws.merge_cells("H5:K5")
    for col in "ABCDEFGL":
        ws.merge_cells(f"{col}5:{col}6")
    ws.append([f"({i})" for i in range(1, 13)])
    for n, row in enumerate(CASES, 1):
        values = list(row)
        # Real Excel dates for some cells, text for the others, as in real exports.
        if n % 3 == 0 and len(values[6]) == 19:
            values[6] = dt.datetime.strptime(values[6], "%d/%m/%Y %H:%M:%S")
        if n % 4 == 0 and values[7] and len(values[7]) == 10:
            values[7] = dt.datetime.strptime(values[7], "%d/%m/%Y")
        case, unit, sector, proc, who, channel, rec, due, res, ret, status = values
        ws.append([n, case, unit, sector, proc, who, channel, rec, due, res, ret, status])
    ws.append(["Tổng số", "", "", "", "", "", "", "", "", "", "", f"{len(CASES)} hồ sơ"])
    ws.append([])
    ws.append(["", "", "", "", "", "", "", "", "Đắk Lắk, ngày 15 tháng 5 năm 2020"])
    ws.append(["", "Người lập biểu", "", "", "", "", "", "", "THỦ TRƯỞNG ĐƠN VỊ"])
    ws.append(
        ["", "(Ký, ghi rõ họ tên)", "", "", "", "", "", "", "(Ký, ghi rõ họ tên và đóng dấu)"]
    )
    for row in ws.iter_rows(min_row=5, max_row=6):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
    wb.save(path)


def build_commune_csv(path: Path) -> None:
    header = ["Số biên nhận", "Cơ quan giải quyết", "Lĩnh vực", "Thủ tục", "Người nộp", "Kênh nộp",
              "Ngày nhận", "Hạn xử lý", "Ngày hoàn thành", "Ngày trả", "Trạng thái hồ sơ"]  # fmt: skip
    with path.open("w", encoding="cp1258", errors="strict", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow([_cp1258_safe(v) for v in header])
        for row in COMMUNE:
            writer.writerow([_cp1258_safe(v) for v in row])


def _cp1258_safe(value: str) -> str:
    """Windows-1258 has few precomposed toned letters: write base letter + combining tone, as Word does."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", value.replace("’", "'")):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out)


def build_letters(path: Path) -> None:
    header = ["Mã hồ sơ", "Số văn bản", "Chủ hồ sơ", "Ngày xin lỗi", "Đơn vị", "Lý do", "Ngày hẹn lại",
              "Ngày niêm yết", "Đường dẫn đăng tải"]  # fmt: skip
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(LETTERS)


def build_exemptions(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã hồ sơ", "Lý do"])
        writer.writerow(
            [
                "000.00.21.H16-200504-0009",
                "Đã trả kết quả đúng hạn ngày 11/5/2020; phần mềm ghi nhận sai",
            ]
        )


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    build_xlsx(HERE / "ho-so-2020-05.xlsx")
    build_commune_csv(HERE / "ho-so-xa-ea-tu.csv")
    build_letters(HERE / "so-xin-loi.csv")
    build_exemptions(HERE / "mien-tru.csv")
    print("examples/data rebuilt")
