"""Build the post-reform example (run from the repository root: python examples/2026/build.py).

Đắk Lắk after the 2025 reform (from 1/7/2025 Phú Yên is part of Đắk Lắk, Nghị quyết
202/2025/QH15, and there are no districts; communes per Nghị quyết 1660/NQ-UBTVQH15), period
2026-11 = 15/10/2026–14/11/2026. The files are committed; this script documents how they were
made and rebuilds them byte for byte.

They imitate what offices receive today:
- ``data/ho-so-cap-tinh-2026-11.xlsx``: the province's one-stop system — title rows, a two-row
  merged header, a row of column numbers, text dates ``dd/mm/yyyy HH:MM:SS`` mixed with real
  Excel dates, a totals row and a signature footer; departments under their 2025 names and,
  for some cases, under the names of the departments merged into them;
- ``data/ho-so-phuong-buon-ma-thuot.xls``: an HTML table saved with an ``.xls`` name, UTF-8
  with no charset declaration and no BOM, as some one-stop systems save it;
- ``data/ho-so-cap-xa.csv``: Windows-1258, ISO dates with ``+07:00``, channel codes 1–4,
  case codes with slashes (Phường Tuy Hòa) and all digits (Xã Ea Kar);
- ``data/so-xin-loi-2026.xlsx``: the apology register, letters dated in 2026 (Thông tư
  03/2025/TT-VPCP applies from 15/9/2025); ``data/mien-tru.csv``: the exemption list;
- ``web/``: archived unit pages (lists, a detail page, a PDF attachment, a JSON endpoint).

Every case is designed to be one thing (early, on time, late, pending in time or overdue);
tests/test_example_2026.py holds the figures worked out from this design by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from build_examples import _cp1258_safe  # noqa: E402 - the first example's builder, beside this one

HERE = Path(__file__).resolve().parent

D = dt.date
T = dt.datetime

# Days off near the period, as the holidays package (0.109) lists them: 31/8–2/9/2026 (Quốc
# khánh) and 24/11/2026 (Ngày Văn hóa Việt Nam). Only used to place the due dates of long procedures.
DAYS_OFF = {D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2), D(2026, 11, 24)}
PERIOD_START, PERIOD_END = D(2026, 10, 15), D(2026, 11, 14)


def is_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in DAYS_OFF


def add_workdays(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        n -= is_workday(day)
    return day


#: The working days of the period that can carry a result: 15/10 … 13/11/2026 (22 days).
W = [
    PERIOD_START + dt.timedelta(days=i)
    for i in range((PERIOD_END - PERIOD_START).days + 1)
    if is_workday(PERIOD_START + dt.timedelta(days=i))
]
assert len(W) == 22 and W[-1] == D(2026, 11, 13)


@dataclass
class Case:
    case_id: str
    unit: str  # as written in the export
    sector: str
    procedure: str
    applicant: str
    channel: str  # direct | online | postal | interconnected
    received: dt.datetime
    due: dt.date | dt.datetime  # a date = end of that day
    resolved: dt.datetime | None = None
    returned: dt.datetime | None = None
    status: str = ""
    expect: str = ""  # what the case is meant to be, for the reader of this script

    def __post_init__(self):
        if not self.status:
            self.status = "Đã trả kết quả" if self.resolved else "Đang xử lý"


# --------------------------------------------------------------------------- units as exported

NNMT = "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk"
# Departments merged in 2025 (Nghị định 45/2025/NĐ-CP, from 1/3/2025), and Phú Yên's (1/7/2025).
TNMT_OLD = "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk"  # into Nông nghiệp và Môi trường
GTVT_OLD = "Sở Giao thông vận tải tỉnh Đắk Lắk"  # into Xây dựng
XD_PHU_YEN = "Sở Xây dựng tỉnh Phú Yên"  # into Xây dựng of the merged province
XD = "Sở Xây dựng tỉnh Đắk Lắk"
TC = "Sở Tài chính tỉnh Đắk Lắk"
NV = "Sở Nội vụ tỉnh Đắk Lắk"
TTPV = "Trung tâm Phục vụ hành chính công tỉnh Đắk Lắk"
BMT = "UBND phường Buôn Ma Thuột"
CU_MGAR = "UBND xã Cư M'gar"  # ASCII apostrophe; the config writes Cư M’gar
TUY_HOA = "UBND phường Tuy Hoà"  # old tone placement; the config writes Tuy Hòa
EA_KAR = "UBND xã Ea Kar"

PROCEDURES = {
    "nnmt": [
        ("Đất đai", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"),
        (
            "Đất đai",
            "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
        ),
        ("Môi trường", "Cấp giấy phép môi trường"),
        ("Trồng trọt và bảo vệ thực vật", "Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón"),
        ("Thú y", "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật"),
    ],
    "xd": [
        ("Hoạt động xây dựng", "Cấp giấy phép xây dựng mới đối với công trình cấp I, II"),
        ("Đường bộ", "Cấp phù hiệu xe ô tô kinh doanh vận tải"),
        ("Hoạt động xây dựng", "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng"),
        ("Nhà ở", "Công nhận chủ đầu tư dự án xây dựng nhà ở"),
    ],
    "tc": [
        ("Đầu tư tại Việt Nam", "Cấp Giấy chứng nhận đăng ký đầu tư"),
        ("Thành lập và hoạt động doanh nghiệp", "Đăng ký thành lập doanh nghiệp tư nhân"),
        ("Thành lập và hoạt động doanh nghiệp", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp"),
    ],
    "nv": [
        ("Việc làm", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"),
        ("Người có công", "Giải quyết chế độ trợ cấp một lần đối với người có công"),
        ("Tín ngưỡng, tôn giáo", "Đăng ký sinh hoạt tôn giáo tập trung"),
    ],
    "ttpv": [
        ("Chứng thực", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
        ("Chứng thực", "Chứng thực chữ ký trong các giấy tờ, văn bản"),
    ],
    "xa": [
        ("Hộ tịch", "Đăng ký khai sinh"),
        ("Hộ tịch", "Đăng ký kết hôn"),
        ("Chứng thực", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản"),
        ("Đất đai", "Đăng ký biến động đất đai do thay đổi thông tin người sử dụng đất"),
        ("Hoạt động xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ],
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Thị Thu", "Đức", "Ngọc", "Minh", "Thị Kim"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hạnh", "Khoa", "Lan", "Long", "Mai", "Nam",
         "Oanh", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Vy", "Xuân", "Yến", "Hòa", "Thủy"]  # fmt: skip
EDE = ["Y Bhim Niê", "H’Hen Byă", "Y Mlô Êban", "H’Linh Mlô", "Y Kuăn Ksor", "H’Yam Niê Kđăm"]
COMPANIES = ["Công ty TNHH Cà phê Ea Pốk", "Công ty CP Xây dựng Tây Nguyên", "HTX Nông nghiệp Ea Kiết",
             "Công ty TNHH Thương mại Hòa Thuận", "Công ty CP Thủy sản Sông Cầu", "Doanh nghiệp tư nhân Tuấn Phát"]  # fmt: skip


def applicant(n: int, person: bool = False) -> str:
    """A deterministic applicant: mostly people, some Ê Đê names, some organisations."""
    if n % 11 == 5 and not person:
        return COMPANIES[n % len(COMPANIES)]
    if n % 7 == 3:
        return EDE[n % len(EDE)]
    return f"{FAMILY[n % 12]} {MIDDLE[(n // 3) % 8]} {GIVEN[(n * 7) % 24]}"


CHANNELS = ["online", "online", "direct", "online", "direct", "direct", "online", "postal", "direct", "interconnected"]  # fmt: skip


# --------------------------------------------------------------------------- the bulk of cases


def h16_codes(unit_code: str):
    """``<unit code>-<yyMMdd>-<daily sequence>`` as one-stop systems number receipts."""
    per_day: dict[dt.date, int] = {}

    def code(day: dt.date) -> str:
        per_day[day] = per_day.get(day, 0) + 1
        return f"{unit_code}-{day:%y%m%d}-{per_day[day]:04d}"

    return code


def running_codes(template: str, first: int):
    """Codes with a running number, e.g. ``03706/2026/07906`` or ``00352112000539``."""
    counter = iter(range(first, 10**6))
    return lambda day: template.format(next(counter))


def bulk(
    unit: str, code, kinds: str, early: int, on_time: int, in_time: int, seed: int
) -> list[Case]:
    """Cases received in the period that are early, on time, or still in time at its end."""
    procs = PROCEDURES[kinds]
    out: list[Case] = []

    def make(k: int, rec_day: dt.date, due, res_day: dt.date | None, hour: int) -> Case:
        n = seed + k
        sector, proc = procs[n % len(procs)]
        received = T.combine(rec_day, dt.time(7 + n % 4, (n * 13) % 60))
        resolved = T.combine(res_day, dt.time(hour, (n * 7) % 60)) if res_day else None
        returned = resolved + dt.timedelta(hours=1) if resolved and n % 6 else None
        case = Case("", unit, sector, proc, applicant(n, sector == "Hộ tịch"), CHANNELS[n % 10], received, due,
                    resolved, returned)  # fmt: skip
        case.case_id = code(rec_day)
        return case

    for k in range(early):  # at least one working day to spare
        span = [3, 5, 7, 10, 2][k % 5]
        i = (k * 3) % (22 - span)
        res = i + span - 1 - (k % 2)
        out.append(make(k, W[i], W[i + span], W[res], 14))
        out[-1].expect = "early"
    for k in range(on_time):  # on the due day (same-day procedures included), or before a due time
        span = [0, 3, 5, 7, 10][k % 5]
        i = (k * 7) % (22 - span)
        due = T.combine(W[i + span], dt.time(17, 0)) if k % 4 == 3 else W[i + span]
        out.append(make(early + k, W[i], due, W[i + span], 15))
        out[-1].expect = "on_time"
    for k in range(in_time):  # received in November, due after the period
        i = 12 + k % 10  # W[12] = 02/11/2026
        due = add_workdays(W[i], [10, 12, 15][k % 3])
        out.append(make(early + on_time + k, W[i], due, None, 0))
        out[-1].expect = "pending_in_time"
    return out


def c(case_id, unit, procs, n, channel, received, due, resolved=None, returned=None, status="", expect=""):  # fmt: skip
    """A hand-placed case; ``n`` picks its sector, procedure and applicant."""
    sector, proc = PROCEDURES[procs][n % len(PROCEDURES[procs])]
    return Case(case_id, unit, sector, proc, applicant(n, sector == "Hộ tịch"), channel, received, due, resolved,
                returned, status, expect)  # fmt: skip


# --------------------------------------------------------------------------- the province export

PROVINCE_SPECIAL = [
    # Sở Nông nghiệp và Môi trường (website: list, detail page, PDF attachment)
    c("000.00.12.H16-261019-0101", NNMT, "nnmt", 1, "direct", T(2026, 10, 19, 8, 15), D(2026, 10, 26), T(2026, 10, 28, 10), T(2026, 10, 28, 14), expect="late 2; letter on time, posted, on a detail page"),
    c("000.00.12.H16-261020-0102", NNMT, "nnmt", 2, "direct", T(2026, 10, 20, 9), D(2026, 10, 27), T(2026, 10, 29, 15), T(2026, 10, 29, 16), expect="late 2; letter on the due day (late), in a PDF"),
    c("000.00.12.H16-261022-0103", NNMT, "nnmt", 5, "online", T(2026, 10, 22, 10), D(2026, 10, 29), T(2026, 10, 30, 9), T(2026, 10, 30, 10), expect="late 1; no letter, not online"),
    c("000.00.12.H16-261021-0104", NNMT, "nnmt", 4, "direct", T(2026, 10, 21, 8), D(2026, 10, 28), T(2026, 10, 29, 8, 30), T(2026, 10, 28, 16), expect="late 1 in the software; exempt (returned 28/10)"),
    c("000.00.12.H16-261026-0105", NNMT, "nnmt", 6, "online", T(2026, 10, 26, 14), D(2026, 11, 5), expect="overdue 6; letter on time, new date 12/11 missed; on the list page"),
    c("000.00.12.H16-261001-0106", NNMT, "nnmt", 7, "direct", T(2026, 10, 1, 8), D(2026, 10, 8), T(2026, 10, 7, 10), T(2026, 10, 7, 14), expect="not counted: resolved before the period"),
    c("000.00.12.H16-261005-0107", NNMT, "nnmt", 8, "direct", T(2026, 10, 5, 9), D(2026, 11, 20), expect="carried over, pending in time"),
    # Under the old names: a case from before the reform still open, and one the software still files under the old department
    c("000.00.21.H16-250610-0012", TNMT_OLD, "nnmt", 0, "direct", T(2025, 6, 10, 8), D(2025, 7, 10), expect="carried over, overdue since 10/07/2025; letter late"),
    c("000.00.21.H16-260925-0003", TNMT_OLD, "nnmt", 3, "direct", T(2026, 9, 25, 9), D(2026, 10, 9), T(2026, 10, 16, 10), T(2026, 10, 16, 15), expect="carried over, late 5; letter undated, not posted"),
    c("000.00.16.H16-261001-0004", GTVT_OLD, "xd", 1, "online", T(2026, 10, 1, 9), D(2026, 10, 16), T(2026, 10, 16, 9), T(2026, 10, 16, 10), expect="carried over, on time (due day)"),
    c("000.00.16.H16-261009-0002", GTVT_OLD, "xd", 2, "direct", T(2026, 10, 9, 10), D(2026, 10, 23), T(2026, 10, 19, 14), T(2026, 10, 19, 15), expect="carried over, early"),
    c("000.00.15.H48-250512-0007", XD_PHU_YEN, "xd", 3, "direct", T(2025, 5, 12, 8), D(2025, 6, 2), expect="carried over, overdue since 02/06/2025; no letter"),
    # Sở Xây dựng (website: a list in pages ?page=1, 2)
    c("000.00.15.H16-261015-0101", XD, "xd", 4, "direct", T(2026, 10, 15, 8, 30), D(2026, 10, 22), T(2026, 10, 23, 9), T(2026, 10, 23, 10), expect="late 1; letter on time, page 1"),
    c("000.00.15.H16-261016-0102", XD, "xd", 5, "postal", T(2026, 10, 16, 10), D(2026, 10, 23), T(2026, 10, 27, 14), T(2026, 10, 27, 15), expect="late 2; letter on time, page 2"),
    c("000.00.15.H16-261023-0103", XD, "xd", 6, "direct", T(2026, 10, 23, 8), D(2026, 10, 30), T(2026, 11, 3, 10), T(2026, 11, 3, 11), expect="late 2; letter late, not posted, not online"),
    c("000.00.15.H16-261102-0104", XD, "xd", 7, "online", T(2026, 11, 2, 8), T(2026, 11, 9, 10), expect="overdue 4 (due 10:00); letter on time, new date 20/11"),
    c("000.00.15.H16-261104-0105", XD, "xd", 8, "direct", T(2026, 11, 4, 9), D(2026, 11, 11), T(2026, 11, 17, 9), T(2026, 11, 17, 10), status="Đã có kết quả", expect="result after the period: overdue 2; no letter"),
    # Sở Tài chính: the new code shape 998.99.99.H05 (website: a JSON endpoint)
    c("998.99.99.H05-261019-0101", TC, "tc", 5, "online", T(2026, 10, 19, 8), D(2026, 11, 2), T(2026, 11, 4, 10), T(2026, 11, 4, 11), expect="late 2; two letters each setting a new date"),
    # Sở Nội vụ (no website)
    c("000.00.09.H16-261026-0101", NV, "nv", 1, "direct", T(2026, 10, 26, 8), T(2026, 11, 2, 16), T(2026, 11, 2, 17, 30), T(2026, 11, 3, 8), expect="late 0 days (after the due time); letter on time"),
    c("000.00.09.H16-261021-0102", NV, "nv", 2, "direct", T(2026, 10, 21, 8), D(2026, 10, 28), T(2026, 10, 27, 10), T(2026, 10, 27, 11), expect="early; listed twice"),
    # Rejects
    c("000.00.01.H16-261020-0101", TTPV, "ttpv", 1, "direct", T(2026, 10, 20, 9), D(2026, 10, 20), status="Từ chối", expect="reject: refused"),
]  # fmt: skip

#: Rows written as they are, after the cases: a bad date, and a duplicate with fewer fields.
PROVINCE_BAD_ROWS = [
    ["000.00.01.H16-261030-0102", TTPV, "Chứng thực", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Nguyễn Thị Lệ", "0905123456",
     "Trực tiếp", "31/11/2026 08:00:00", "30/10/2026", "30/10/2026 10:00:00", "30/10/2026 10:30:00", "Đã trả kết quả"],
    ["000.00.09.H16-261021-0102", NV, "", "", "", "", "", "21/10/2026 08:00:00", "28/10/2026", "", "", ""],
]  # fmt: skip

PROVINCE_CASES = [
    *bulk(NNMT, h16_codes("000.00.12.H16"), "nnmt", 20, 12, 8, seed=0),
    *bulk(TNMT_OLD, h16_codes("000.00.21.H16"), "nnmt", 3, 0, 0, seed=40),
    *bulk(XD, h16_codes("000.00.15.H16"), "xd", 15, 10, 6, seed=50),
    *bulk(TC, h16_codes("998.99.99.H05"), "tc", 12, 8, 5, seed=90),
    *bulk(NV, h16_codes("000.00.09.H16"), "nv", 10, 6, 4, seed=120),
    *bulk(TTPV, h16_codes("000.00.01.H16"), "ttpv", 14, 10, 4, seed=140),
    *PROVINCE_SPECIAL,
]

# --------------------------------------------------------------------------- the ward's HTML export

BMT_CASES = [
    *bulk(BMT, h16_codes("000.24.01.H16"), "xa", 18, 12, 6, seed=200),
    *bulk(CU_MGAR, h16_codes("000.25.01.H16"), "xa", 6, 4, 2, seed=240),
    c("000.24.01.H16-261020-0101", BMT, "xa", 1, "direct", T(2026, 10, 20, 8), D(2026, 10, 22), T(2026, 10, 23, 10), T(2026, 10, 23, 11), expect="late 1; letter on time (code mistyped in the register), on the list"),
    c("000.24.01.H16-261027-0102", BMT, "xa", 3, "online", T(2026, 10, 27, 9), D(2026, 10, 29), T(2026, 11, 2, 15), T(2026, 11, 2, 16), expect="late 2; letter on time, on a detail page"),
    c("000.24.01.H16-261105-0103", "Ủy ban nhân dân phường Buôn Ma Thuột", "xa", 4, "direct", T(2026, 11, 5, 8), D(2026, 11, 9), T(2026, 11, 10, 9), T(2026, 11, 10, 10), expect="late 1; no letter"),
    c("000.24.01.H16-261109-0104", BMT, "xa", 0, "direct", T(2026, 11, 9, 8), D(2026, 11, 11), expect="overdue 2; letter on time, not posted, not online"),
    c("000.24.01.H16-261009-0105", BMT, "xa", 2, "direct", T(2026, 10, 9, 8), D(2026, 10, 13), T(2026, 10, 14, 9), T(2026, 10, 14, 10), expect="not counted: resolved before the period"),
    c("000.24.01.H16-261028-0106", BMT, "xa", 5, "direct", T(2026, 10, 28, 8), D(2026, 10, 30), status="Rút hồ sơ", expect="reject: withdrawn"),
]  # fmt: skip

# --------------------------------------------------------------------------- the communes' CSV

XA_CASES = [
    *bulk(TUY_HOA, running_codes("03706/2026/{:05d}", 7906), "xa", 14, 8, 4, seed=300),
    *bulk(EA_KAR, running_codes("003521120{:05d}", 539), "xa", 10, 6, 3, seed=340),
    c("03706/2026/08101", TUY_HOA, "xa", 1, "direct", T(2026, 10, 21, 8), D(2026, 10, 23), T(2026, 10, 26, 9, 30), T(2026, 10, 26, 10), expect="late 1; letter on time, online"),
    c("03706/2026/08102", TUY_HOA, "xa", 2, "online", T(2026, 10, 28, 8), D(2026, 11, 4), expect="overdue 7; letter late, not online"),
    c("03706/2026/08103", TUY_HOA, "xa", 3, "direct", T(2026, 10, 29, 8), D(2026, 11, 5), status="Dừng xử lý", expect="reject: stopped"),
    c("00352112000901", EA_KAR, "xa", 4, "direct", T(2026, 11, 2, 8), D(2026, 11, 4), T(2026, 11, 6, 10), T(2026, 11, 6, 11), expect="late 2; letter on time; no website"),
    c("00352112000902", EA_KAR, "xa", 5, "direct", T(2026, 11, 6, 8), D(2026, 11, 10), expect="overdue 3; no letter; no website"),
    c("00352112000903", EA_KAR, "xa", 6, "direct", T(2026, 11, 16, 8), D(2026, 11, 18), expect="not counted: received after the period"),
]  # fmt: skip

# --------------------------------------------------------------------------- the apology register

# case id as typed, letter no, applicant, issued on, unit, reason, new due, posted at the desk, url
LETTERS = [
    ("000.00.12.H16-261019-0101", "45/XL-SNNMT", applicant(1), D(2026, 10, 23), "Sở Nông nghiệp và Môi trường", "Phải đo đạc, chỉnh lý bản đồ địa chính thửa đất", D(2026, 10, 28), D(2026, 10, 23), ""),
    ("000.00.12.H16-261020-0102", "52/XL-SNNMT", applicant(2), D(2026, 10, 27), "Sở Nông nghiệp và Môi trường", "Chờ kết quả thẩm định giá đất cụ thể", D(2026, 10, 30), "x", ""),
    ("000.00.12.H16-261026-0105", "61/XL-SNNMT", applicant(6), D(2026, 11, 4), "Sở Nông nghiệp và Môi trường", "Chờ ý kiến của UBND phường về nguồn gốc đất", D(2026, 11, 12), D(2026, 11, 4), ""),
    ("000.00.21.H16-250610-0012", "38/XL-SNNMT", applicant(0), D(2026, 10, 16), "Sở Nông nghiệp và Môi trường", "Hồ sơ tiếp nhận trước khi hợp nhất, phải rà soát lại", D(2026, 12, 15), "Đã niêm yết", ""),
    ("000.00.21.H16-260925-0003", "", applicant(3), None, "Sở Nông nghiệp và Môi trường", "Bổ sung trích lục bản đồ", None, "Chưa niêm yết", ""),
    ("000.00.15.H16-261015-0101", "112/XL-SXD", applicant(4), D(2026, 10, 21), "Sở Xây dựng", "Phải lấy ý kiến cơ quan quản lý quy hoạch", D(2026, 10, 23), D(2026, 10, 21), ""),
    ("000.00.15.H16-261016-0102", "115/XL-SXD", applicant(5), D(2026, 10, 22), "Sở Xây dựng", "Hồ sơ gửi qua bưu chính đến chậm bộ phận thẩm định", D(2026, 10, 27), D(2026, 10, 22), ""),
    ("000.00.15.H16-261023-0103", "121/XL-SXD", applicant(6), D(2026, 10, 30), "Sở Xây dựng", "Chờ ý kiến của Công an tỉnh về phòng cháy, chữa cháy", D(2026, 11, 3), "", ""),
    ("000.00.15.H16-261102-0104", "130/XL-SXD", applicant(7), D(2026, 11, 6), "Sở Xây dựng", "Phải kiểm tra thực địa tuyến vận tải", D(2026, 11, 20), D(2026, 11, 6), ""),
    ("998.99.99.H05-261019-0101", "07/XL-STC", applicant(5), D(2026, 10, 29), "Sở Tài chính", "Chờ ý kiến thẩm định của Sở Xây dựng", D(2026, 11, 3), D(2026, 10, 29), ""),
    ("998.99.99.H05-261019-0101", "09/XL-STC", applicant(5), D(2026, 11, 3), "Sở Tài chính", "Nhà đầu tư bổ sung hồ sơ năng lực tài chính", D(2026, 11, 4), D(2026, 11, 3), ""),
    ("000.00.09.H16-261026-0101", "24/XL-SNV", applicant(1), D(2026, 10, 30), "Sở Nội vụ", "Chờ xác minh lý lịch tư pháp của người lao động", D(2026, 11, 3), D(2026, 10, 30), ""),
    (" 000.24.01.h16 – 261020-0101", "15/XL-UBND", applicant(1), D(2026, 10, 21), "UBND phường Buôn Ma Thuột", "Công chức tư pháp - hộ tịch đi tập huấn", D(2026, 10, 23), D(2026, 10, 21), ""),
    ("000.24.01.H16-261027-0102", "17/XL-UBND", applicant(3), D(2026, 10, 28), "UBND phường Buôn Ma Thuột", "Chờ kết quả xác minh của Công an phường", D(2026, 11, 2), D(2026, 10, 28), ""),
    ("000.24.01.H16-261109-0104", "21/XL-UBND", applicant(0), D(2026, 11, 10), "UBND phường Buôn Ma Thuột", "Chờ hồ sơ liên thông từ Chi nhánh Văn phòng đăng ký đất đai", D(2026, 11, 16), "Chưa niêm yết", ""),
    ("03706/2026/08101", "09/XL-UBND", applicant(1), D(2026, 10, 22), "UBND phường Tuy Hòa", "Hệ thống phần mềm hộ tịch gián đoạn", D(2026, 10, 27), D(2026, 10, 22), ""),
    ("03706/2026/08102", "12/XL-UBND", applicant(2), D(2026, 11, 5), "UBND phường Tuy Hòa", "Chờ trích lục hồ sơ địa chính", D(2026, 11, 20), D(2026, 11, 5), ""),
    ("00352112000901", "05/XL-UBND", applicant(4), D(2026, 11, 3), "UBND xã Ea Kar", "Chờ xác minh hộ tịch tại nơi cư trú trước đây", D(2026, 11, 6), D(2026, 11, 3), ""),
    ("000.00.12.H16-260930-0199", "40/XL-SNNMT", "Đinh Văn Toàn", D(2026, 10, 1), "Sở Nông nghiệp và Môi trường", "", None, "", ""),
]  # fmt: skip

EXEMPTIONS = [
    ("000.00.12.H16-261021-0104", "Đã trả kết quả ngày 28/10/2026 (đúng hạn); phần mềm ghi ngày có kết quả sai, có sổ theo dõi"),
]  # fmt: skip


# --------------------------------------------------------------------------- writers

CHANNEL_TEXT = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính công ích", "interconnected": "Liên thông"}  # fmt: skip
CHANNEL_CODE = {"direct": "1", "online": "2", "postal": "3", "interconnected": "4"}
FIXED_TIME = (2026, 11, 15, 7, 30, 0)  # zip entry times, so a rebuild gives the same bytes


def vn(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M:%S}"
    return f"{value:%d/%m/%Y}"


def iso(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat() + "+07:00"
    return value.isoformat()


def phone(n: int) -> str:
    return f"09{(n * 7919) % 100_000_000:08d}"


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps (document properties and zip entries)."""
    stamp = dt.datetime(*FIXED_TIME)
    wb.properties.creator = "Hệ thống thông tin giải quyết TTHC tỉnh Đắk Lắk"
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" at save time
                data = _fixed_modified(data, stamp)
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    path.write_bytes(out.getvalue())


def _fixed_modified(xml: bytes, stamp: dt.datetime) -> bytes:
    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
        xml,
    )


def build_province_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "DanhSachHoSo"
    ws["A1"], ws["H1"] = "UBND TỈNH ĐẮK LẮK", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"], ws["H2"] = "VĂN PHÒNG", "Độc lập - Tự do - Hạnh phúc"
    ws["A4"] = "DANH SÁCH HỒ SƠ TIẾP NHẬN VÀ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CẤP TỈNH"
    ws["A5"] = "Kỳ báo cáo tháng 11/2026: từ ngày 15/10/2026 đến ngày 14/11/2026"
    for cell in ("A1", "H1", "A4"):
        ws[cell].font = Font(bold=True)
    top = ["STT", "Mã hồ sơ", "Cơ quan giải quyết", "Lĩnh vực", "Tên thủ tục hành chính", "Chủ hồ sơ",
           "Số điện thoại", "Hình thức nộp", "Ngày", "", "", "", "Trạng thái"]  # fmt: skip
    bottom = [""] * 8 + ["Tiếp nhận", "Hẹn trả", "Có kết quả", "Trả kết quả", ""]
    ws.append([])
    ws.append(top)  # row 7
    ws.append(bottom)  # row 8
    ws.merge_cells("I7:L7")
    for col in "ABCDEFGHM":
        ws.merge_cells(f"{col}7:{col}8")
    ws.append([f"({i})" for i in range(1, 14)])  # row 9
    rows = []
    for n, case in enumerate(PROVINCE_CASES, 1):
        received: object = vn(case.received)
        due: object = vn(case.due)
        # Real Excel dates in some cells, text in the others, as in real exports.
        if n % 3 == 0:
            received = case.received
        if n % 4 == 0 and not isinstance(case.due, dt.datetime):
            due = T.combine(case.due, dt.time())
        rows.append([case.case_id, case.unit, case.sector, case.procedure, case.applicant, phone(n),
                     CHANNEL_TEXT[case.channel], received, due, vn(case.resolved), vn(case.returned),
                     case.status])  # fmt: skip
    rows.extend(PROVINCE_BAD_ROWS)
    for n, row in enumerate(rows, 1):
        ws.append([n, *row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss" if cell.value.time() else "dd/mm/yyyy"
    ws.append(["Tổng cộng", "", "", "", "", "", "", "", "", "", "", "", f"{len(rows)} hồ sơ"])
    ws.append([])
    ws.append(["", "", "", "", "", "", "", "", "Đắk Lắk, ngày 16 tháng 11 năm 2026"])
    ws.append(["", "NGƯỜI LẬP BIỂU", "", "", "", "", "", "", "KT. CHÁNH VĂN PHÒNG"])
    ws.append(["", "(Ký, ghi rõ họ tên)", "", "", "", "", "", "", "PHÓ CHÁNH VĂN PHÒNG"])
    for row in ws.iter_rows(min_row=7, max_row=9):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    save_workbook(wb, path)


def build_ward_html(path: Path) -> None:
    """An HTML table with an .xls name, UTF-8 without a charset declaration and without a BOM."""
    head = ["STT", "Số hồ sơ", "Đơn vị xử lý", "Lĩnh vực", "Thủ tục", "Người nộp", "Kênh tiếp nhận",
            "Ngày nhận hồ sơ", "Hạn giải quyết", "Ngày hoàn thành", "Ngày trả kết quả", "Tình trạng"]  # fmt: skip
    lines = [
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">',
        "<head><title>DanhSachHoSo</title>",
        '<style>td { mso-number-format:"\\@"; border: .5pt solid windowtext; }</style></head>',
        "<body>",
        '<table border="1" cellspacing="0" cellpadding="2">',
        f'<tr><td colspan="{len(head)}" align="center"><b>ỦY BAN NHÂN DÂN PHƯỜNG BUÔN MA THUỘT</b></td></tr>',
        f'<tr><td colspan="{len(head)}" align="center"><b>DANH SÁCH HỒ SƠ TIẾP NHẬN TẠI BỘ PHẬN MỘT CỬA</b></td></tr>',
        f'<tr><td colspan="{len(head)}" align="center"><i>Từ ngày 15/10/2026 đến ngày 14/11/2026</i></td></tr>',
        "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>",
    ]  # fmt: skip
    for n, case in enumerate(BMT_CASES, 1):
        cells = [str(n), case.case_id, case.unit, case.sector, case.procedure, case.applicant,
                 CHANNEL_TEXT[case.channel], vn(case.received), vn(case.due), vn(case.resolved),
                 vn(case.returned), case.status]  # fmt: skip
        lines.append("<tr>" + "".join(f"<td>{_html(v)}</td>" for v in cells) + "</tr>")
    lines.append(
        f'<tr><td colspan="7"><b>Tổng cộng</b></td><td colspan="5"><b>{len(BMT_CASES)} hồ sơ</b></td></tr>'
    )
    lines += ["</table>", "</body>", "</html>", ""]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_communes_csv(path: Path) -> None:
    header = ["Mã số hồ sơ", "Cơ quan thực hiện", "Tên lĩnh vực", "Tên TTHC", "Tên người nộp",
              "Hình thức nộp hồ sơ", "Thời gian tiếp nhận", "Ngày hẹn trả kết quả", "Ngày giải quyết xong",
              "Ngày trả kết quả thực tế", "Trạng thái hồ sơ"]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for case in XA_CASES:
        writer.writerow([case.case_id, case.unit, case.sector, case.procedure, case.applicant,
                         CHANNEL_CODE[case.channel], iso(case.received), iso(case.due),
                         iso(case.resolved), iso(case.returned), case.status])  # fmt: skip
    path.write_bytes(cp1258(buffer.getvalue()))


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it (the first example's rule): base letters with combining
    tones; ’ becomes '."""
    return _cp1258_safe(text).encode("cp1258")


def build_letters_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "So xin loi"
    ws["A1"] = "SỔ THEO DÕI VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ"
    ws["A2"] = "(Mẫu số 04, Thông tư 03/2025/TT-VPCP) — tháng 11/2026"
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(["STT", "Mã hồ sơ", "Số văn bản", "Kính gửi", "Ngày ban hành", "Cơ quan xin lỗi",
               "Lý do quá hạn", "Hẹn lại ngày trả kết quả", "Niêm yết tại Bộ phận một cửa",
               "Đường dẫn đăng tải"])  # fmt: skip
    for n, (case, no, who, issued, unit, reason, new_due, posted, url) in enumerate(LETTERS, 1):
        # Register dates typed as text in some rows, real dates in others.
        issued_cell = T.combine(issued, dt.time()) if issued and n % 2 else vn(issued)
        posted_cell = vn(posted) if isinstance(posted, dt.date) else posted
        ws.append([n, case, no, who, issued_cell, unit, reason, vn(new_due), posted_cell, url])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    save_workbook(wb, path)


def build_exemptions(path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Mã hồ sơ", "Lý do"])
    writer.writerows(EXEMPTIONS)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


# --------------------------------------------------------------------------- archived web pages


def page(title: str, body: str, charset: bool = True) -> str:
    meta = '<meta charset="utf-8">\n' if charset else ""
    return f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n{meta}<title>{title}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n'


def xd_page(headers: list[str], rows: list[tuple], number: int, pages: int) -> str:
    """A page of Sở Xây dựng's table of published apologies (a Bootstrap table, "Trang n/N")."""
    body = ['<div class="page-header"><h2>SỞ XÂY DỰNG TỈNH ĐẮK LẮK — Công khai văn bản xin lỗi</h2></div>',
            '<table class="table table-bordered"><thead><tr>' + "".join(f"<th>{h}</th>" for h in headers)
            + "</tr></thead><tbody>"]  # fmt: skip
    body += ["<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows]
    body.append(f"</tbody></table><p>Trang {number}/{pages}</p>")
    return page("Công khai văn bản xin lỗi - Sở Xây dựng", "\n".join(body))


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` (Latin-1) in Helvetica, as a scanner-free office PDF has."""
    shown = " ".join(
        "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
        for s in lines
    )
    content = f"BT /F1 11 Tf 50 780 Td 14 TL {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sir(name: str) -> str:
    """'ông …' or 'bà …' as a page writes it (an organisation is named as it is)."""
    if any(word in name for word in ("Công ty", "HTX", "Doanh nghiệp")):
        return name
    return ("bà " if " Thị " in name or name.startswith("H’") else "ông ") + name


def ascii_text(text: str) -> str:
    """Vietnamese without accents (the PDF's font has no Vietnamese letters)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def nukeviet_item(href: str, title: str, when: str, text: str) -> str:
    return (f'<div class="news_column panel panel-default"><div class="panel-body">\n'
            f'  <h3><a href="{href}" title="{title}">{title}</a></h3>\n'
            f'  <div class="text-muted"><em class="fa fa-clock-o">&nbsp;</em> {when}</div>\n'
            f"  <p>{text}</p>\n</div></div>")  # fmt: skip


def build_web() -> dict[str, str | bytes]:
    """Every archived page: path under web/ → content."""
    files: dict[str, bytes] = {}
    # Sở Nông nghiệp và Môi trường: NukeViet news list in two pages, detail pages, a PDF.
    nnmt_head = '<div id="header"><h1>SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH ĐẮK LẮK</h1></div>'
    files["so-nnmt/thong-bao.html"] = page("Thông báo - Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", "\n".join([
        nnmt_head,
        nukeviet_item("tin-tuc/van-ban-xin-loi-va-de-nghi-gia-han-ho-so-dat-dai-201.html", f"Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ của {sir(applicant(1))}",
                      "Thứ sáu - 23/10/2026 15:20", f"Văn phòng Đăng ký đất đai xin lỗi {sir(applicant(1))} vì hồ sơ đăng ký biến động chậm trả kết quả."),
        nukeviet_item("tin-tuc/ke-hoach-tiem-phong-vu-thu-2026-198.html", "Kế hoạch tiêm phòng vụ Thu năm 2026",
                      "Thứ năm - 22/10/2026 09:00", "Chi cục Chăn nuôi và Thú y triển khai kế hoạch tiêm phòng."),
        '<ul class="pagination"><li class="active"><a href="#">1</a></li><li><a href="thong-bao-trang-2.html">2</a></li>'
        '<li><a href="thong-bao-trang-2.html" title="Trang sau">&raquo;</a></li></ul>',
    ]))  # fmt: skip
    files["so-nnmt/thong-bao-trang-2.html"] = page("Thông báo - Trang 2 - Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", "\n".join([
        nnmt_head,
        nukeviet_item("tin-tuc/van-ban-xin-loi-so-52-xl-snnmt-207.html", "Văn bản xin lỗi số 52/XL-SNNMT",
                      "Thứ ba - 27/10/2026 16:45", f"Văn bản xin lỗi {sir(applicant(2))} (tệp đính kèm)."),
        nukeviet_item("tin-tuc/danh-sach-ho-so-qua-han-thang-11-2026-212.html", "Danh sách hồ sơ quá hạn đã có văn bản xin lỗi",
                      "Thứ tư - 04/11/2026 10:10", f"Hồ sơ 000.00.12.H16-261026-0105 của {sir(applicant(6))}: đã có văn bản xin lỗi số 61/XL-SNNMT, hẹn lại ngày 12/11/2026."),
        '<ul class="pagination"><li><a href="thong-bao.html">1</a></li><li class="active"><a href="#">2</a></li></ul>',
    ]))  # fmt: skip
    files["so-nnmt/tin-tuc/van-ban-xin-loi-va-de-nghi-gia-han-ho-so-dat-dai-201.html"] = page(f"Văn bản xin lỗi {sir(applicant(1))}", "\n".join([
        nnmt_head,
        '<div class="bodytext"><p>Ngày 19/10/2026, Sở Nông nghiệp và Môi trường tiếp nhận hồ sơ đăng ký biến động của ' + sir(applicant(1)) + ',',
        "mã hồ sơ <strong>000.00.12.H16-</strong><span>261019-0101</span>, hẹn trả ngày 26/10/2026.</p>",
        "<p>Do phải đo đạc, chỉnh lý bản đồ địa chính, Sở xin lỗi và đề nghị gia hạn thời gian giải quyết đến ngày 28/10/2026.</p></div>",
    ]))  # fmt: skip
    files["so-nnmt/tin-tuc/van-ban-xin-loi-so-52-xl-snnmt-207.html"] = page("Văn bản xin lỗi số 52/XL-SNNMT", "\n".join([
        nnmt_head,
        '<div class="bodytext"><p>Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ của ' + sir(applicant(2)) + '.</p>',
        '<p>Tệp đính kèm: <a href="../files/van-ban-xin-loi-so-52-xl-snnmt.pdf">van-ban-xin-loi-so-52-xl-snnmt.pdf</a></p></div>',
    ]))  # fmt: skip
    files["so-nnmt/tin-tuc/ke-hoach-tiem-phong-vu-thu-2026-198.html"] = page(
        "Kế hoạch tiêm phòng", nnmt_head + "<p>Không liên quan.</p>"
    )
    files["so-nnmt/tin-tuc/danh-sach-ho-so-qua-han-thang-11-2026-212.html"] = page("Danh sách hồ sơ quá hạn", "\n".join([
        nnmt_head, "<p>Hồ sơ 000.00.12.H16-261026-0105: văn bản xin lỗi số 61/XL-SNNMT ngày 04/11/2026.</p>",
    ]))  # fmt: skip
    files["so-nnmt/files/van-ban-xin-loi-so-52-xl-snnmt.pdf"] = pdf(
        [
            "UBND TINH DAK LAK - SO NONG NGHIEP VA MOI TRUONG",
            "So: 52/XL-SNNMT",
            "VAN BAN XIN LOI VA DE NGHI GIA HAN THOI GIAN GIAI QUYET",
            "Kinh gui: " + ascii_text(sir(applicant(2))).title(),
            "Ma ho so: 000.00.12.H16-261020-0102, hen tra ngay 27/10/2026.",
            "De nghi gia han thoi gian giai quyet den ngay 30/10/2026.",
        ]
    )
    # Sở Xây dựng: a table of late cases, ?page=1, 2 (page 3 does not exist: the end of the list).
    rows_xd = {
        1: [("000.00.15.H16-261015-0101", "Cấp giấy phép xây dựng mới", "22/10/2026", "23/10/2026", "112/XL-SXD"),
            ("000.00.15.H16-260907-0044", "Cấp phù hiệu xe ô tô kinh doanh vận tải", "14/09/2026", "16/09/2026", "98/XL-SXD")],
        2: [("000.00.15.h16-261016-0102", "Thẩm định báo cáo nghiên cứu khả thi", "23/10/2026", "27/10/2026", "115/XL-SXD"),
            ("000.00.15.H16-261102-0104", "Công nhận chủ đầu tư dự án", "09/11/2026 10:00", "20/11/2026", "130/XL-SXD")],
    }  # fmt: skip
    headers = ["Mã hồ sơ", "Thủ tục", "Hạn trả", "Hẹn lại", "Số văn bản"]
    for number, rows in rows_xd.items():
        files[f"so-xd/xin-loi-trang-{number}.html"] = xd_page(headers, rows, number, len(rows_xd))
    # Sở Tài chính: the page loads its list from a JSON endpoint; the endpoint is archived.
    files["so-tc/api/van-ban-xin-loi.json"] = (json.dumps({
        "total": 2,
        "items": [
            {"maHoSo": "998.99.99.H05-261019-0101", "soVanBan": "07/XL-STC", "ngayBanHanh": "2026-10-29", "tieuDe": "Văn bản xin lỗi và đề nghị gia hạn"},
            {"maHoSo": "998.99.99.H05-260105-0003", "soVanBan": "01/XL-STC", "ngayBanHanh": "2026-01-12", "tieuDe": "Văn bản xin lỗi"},
        ],
    }, ensure_ascii=False, indent=1) + "\n").encode("utf-8")  # fmt: skip
    # Phường Buôn Ma Thuột: a list table, one entry only on its detail page.
    files["phuong-bmt/xin-loi.html"] = page("Thông báo xin lỗi - UBND phường Buôn Ma Thuột", "\n".join([
        "<h1>ỦY BAN NHÂN DÂN PHƯỜNG BUÔN MA THUỘT</h1>",
        "<table border='1'><tr><th>STT</th><th>Nội dung</th><th>Ngày đăng</th></tr>",
        "<tr><td>1</td><td>Xin lỗi ông/bà có hồ sơ 000.24.01.H16-261020-0101 (khai sinh) chậm trả kết quả</td><td>21/10/2026</td></tr>",
        "<tr><td>2</td><td><a href='chi-tiet/xin-loi-ho-so-ngay-27-10-2026.html'>Văn bản xin lỗi hồ sơ tiếp nhận ngày 27/10/2026</a></td><td>28/10/2026</td></tr>",
        "</table>",
    ]))  # fmt: skip
    files["phuong-bmt/chi-tiet/xin-loi-ho-so-ngay-27-10-2026.html"] = page("Văn bản xin lỗi", "\n".join([
        "<h1>ỦY BAN NHÂN DÂN PHƯỜNG BUÔN MA THUỘT</h1>",
        "<p>Mã hồ sơ: 000.24.01.H16&#8209;261027&#8209;0102. Lý do: chờ kết quả xác minh của Công an phường.</p>",
    ]))  # fmt: skip
    # Phường Tuy Hòa: a WordPress category page.
    files["phuong-tuy-hoa/van-ban-xin-loi.html"] = page("Văn bản xin lỗi – UBND phường Tuy Hòa", "\n".join([
        '<div class="site-branding"><p class="site-title">UBND phường Tuy Hòa</p></div>',
        '<article class="post"><h2 class="entry-title">Văn bản xin lỗi số 09/XL-UBND</h2>',
        '<div class="entry-content"><p>Hồ sơ số 03706/2026/08101 (đăng ký khai sinh) trả kết quả chậm 01 ngày do phần mềm hộ tịch gián đoạn.</p></div></article>',
        '<article class="post"><h2 class="entry-title">Lịch tiếp công dân tháng 11/2026</h2></article>',
    ]))  # fmt: skip
    return files


def main(root: Path = HERE) -> None:
    """Write every input file and archived page under ``root`` (default: this folder)."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    build_province_xlsx(data / "ho-so-cap-tinh-2026-11.xlsx")
    build_ward_html(data / "ho-so-phuong-buon-ma-thuot.xls")
    build_communes_csv(data / "ho-so-cap-xa.csv")
    build_letters_xlsx(data / "so-xin-loi-2026.xlsx")
    build_exemptions(data / "mien-tru.csv")
    for rel, content in build_web().items():
        target = root / "web" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


if __name__ == "__main__":
    main()
    print("examples/2026 rebuilt")
