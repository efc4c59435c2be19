"""Build the history example (run from the repository root: python examples/history/build.py).

Three consecutive months of a small post-reform Đắk Lắk (no districts: provincial departments
and communes), to try ``compliance history`` on real runs. Periods (Nghị định 09/2019):
2026-09 = 15/8–14/9/2026, 2026-10 = 15/9–14/10, 2026-11 = 15/10–14/11. The Quốc khánh days off
31/8, 1/9 and 2/9/2026 fall in September's period, and Saturday 22/8/2026 is worked in exchange
(``compliance calendar 2026``). The files are committed; this script documents how they were
made and rebuilds them byte for byte.

What an office receives, month by month:
- ``data/ho-so-2026-09.xlsx``, ``-10``, ``-11``: the province's one-stop system exports one file
  per month (title rows, a two-row merged header, a row of column numbers, a totals row, a
  signature footer). A month's file lists the cases received in its period and those still open
  at its start, each with its status at the period's end: a case received in one month and
  resolved in the next is in both files, open in the first and resolved in the second. Every run
  reads the three files (``data/ho-so-*.xlsx``) and keeps, of a duplicated case code, the most
  complete and latest row (the others go to rejects.csv as ``duplicate_case_id``);
- ``data/so-xin-loi.xlsx``: the apology register, one row per letter in the order they were
  entered — some were issued only after the office's follow-up letter;
- ``web/``: each unit's page of published apologies, archived on 16/11/2026 (newest first; the
  lists grew month by month). Sở Nội vụ has no website declared.

The register and the pages are read as they stand at the end: a run of September made today
sees a letter issued on 16/9 (after September's follow-up) — as a late apology, since a late
apology stays late — and a page published on 17/9. The follow-up check of the next run asks
whether each listed case now has its apology, its desk posting and its web publication.

The story (the figures are in tests/test_example_history.py, worked out by hand from this design):
- UBND xã Cư M’gar (``xa-cu-mgar``) is flagged in all three months: a case received 20/8, due
  27/8, is still open on 14/11 with no apology (overdue in every period: 9, 31 and 53 working
  days), and each month brings one more late case: 25/8 (no apology), 21/9 (an apology on time,
  posted at the desk, never published), 2/11 (no apology). It heeds no follow-up: October
  finds September's 2 cases still open, November October's 2. With ``--repeat 3/6`` (the
  default) it is the one repeat offender: 3 periods, 6 overdue cases.
- Sở Xây dựng (``so-xd``) is flagged in September only: two cases resolved late (27/8 and 7/9;
  the second was due 3/9, after the days off, so its apology was due by 28/8) got no apology in
  time. After the follow-up it issued both apologies on 16/9, posted them at the desk and
  published them on 17/9: September's run marks them ``late_apology``, October's counts both
  as resolved since. Its late case of October (20/10) is handled in time.
- Sở Nông nghiệp và Môi trường (``so-nnmt``) is flagged in October for three late cases; it
  partly heeds: by November one has its apology (late), posted and published (resolved since),
  one has its apology and desk posting but is not on the website, one has nothing.
- UBND phường Buôn Ma Thuột (``phuong-buon-ma-thuot``) is flagged in September (a letter on
  time and posted, never published: still open in October) and in November (an apology issued
  after the due date): 2 of 3 periods, a repeat offender only with ``--repeat 2/6``.
- Sở Tài chính (``so-tc``) is late every month but always compliant: each apology on time (one
  due 3/9 was issued on 28/8, the last working day before the days off), posted and published
  (its page loads a JSON list); a case open past its due date on 14/10 has its apology and a new
  date (20/10), and is resolved on 19/10.
- Sở Nội vụ (``so-nv``) has no website declared: its one late case (November), apologised in
  time and posted, is flagged ``no_website`` (the office must ask for the address).
- UBND xã Ea Kar (``xa-ea-kar``) is never late.
Follow-ups heeded: October checks September's 5 listed cases (so-xd 2, xa-cu-mgar 2,
phuong-buon-ma-thuot 1): 2 resolved since, 3 still open; November checks October's 5 (so-nnmt 3,
xa-cu-mgar 2): 1 resolved since, 4 still open.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent


def _example_2026():
    """examples/2026/build.py, for its helpers (names, procedures, workbook and page writers)."""
    name = "_history_example_2026_build"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE.parent / "2026" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


E26 = _example_2026()
applicant, save_workbook, vn, page, sir, nukeviet_item, phone = (
    E26.applicant, E26.save_workbook, E26.vn, E26.page, E26.sir, E26.nukeviet_item, E26.phone,
)  # fmt: skip
PROCEDURES, CHANNEL_TEXT = E26.PROCEDURES, E26.CHANNEL_TEXT

D = dt.date
T = dt.datetime

# --------------------------------------------------------------------------- the calendar

#: Quốc khánh 2026: Monday 31/8 (swapped with Saturday 22/8), Tuesday 1/9 (adjacent day),
#: Wednesday 2/9 (Thông báo 9441/TB-BNV; compliance calendar 2026).
DAYS_OFF = {D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)}
WORKED_SATURDAYS = {D(2026, 8, 22)}


def is_workday(day: dt.date) -> bool:
    return day in WORKED_SATURDAYS or (day.weekday() < 5 and day not in DAYS_OFF)


def add_workdays(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        n -= is_workday(day)
    return day


@dataclass(frozen=True)
class Month:
    label: str
    start: dt.date
    end: dt.date

    @property
    def workdays(self) -> list[dt.date]:
        days = (self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1))
        return [d for d in days if is_workday(d)]


MONTHS = [
    Month("2026-09", D(2026, 8, 15), D(2026, 9, 14)),
    Month("2026-10", D(2026, 9, 15), D(2026, 10, 14)),
    Month("2026-11", D(2026, 10, 15), D(2026, 11, 14)),
]
assert [len(m.workdays) for m in MONTHS] == [19, 22, 22]  # September: 3 days off, 22/8 worked

# --------------------------------------------------------------------------- units, as exported

TC = "Sở Tài chính tỉnh Đắk Lắk"
XD = "Sở Xây dựng tỉnh Đắk Lắk"
NNMT = "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk"
NV = "Sở Nội vụ tỉnh Đắk Lắk"
BMT = "UBND phường Buôn Ma Thuột"
CU_MGAR = "UBND xã Cư M'gar"  # ASCII apostrophe; the config writes Cư M’gar
EA_KAR = "UBND xã Ea Kar"

#: export name, case-code prefix, procedures, applicant seed
UNITS = {
    "so-tc": (TC, "998.99.99.H05", "tc", 0),
    "so-xd": (XD, "000.00.15.H16", "xd", 100),
    "so-nnmt": (NNMT, "000.00.12.H16", "nnmt", 200),
    "so-nv": (NV, "000.00.09.H16", "nv", 300),
    "phuong-buon-ma-thuot": (BMT, "000.24.01.H16", "xa", 400),
    "xa-cu-mgar": (CU_MGAR, "000.25.01.H16", "xa", 500),
    "xa-ea-kar": (EA_KAR, "000.26.01.H16", "xa", 600),
}

#: Per unit and month: cases resolved early, resolved on time (on the due day), and received at
#: the period's end, still in time then and resolved on their due day in the next period (in the
#: last month: still open). Hand-placed cases (late ones) come on top.
BULK = {
    "so-tc": [(4, 3, 1), (5, 2, 1), (4, 3, 2)],
    "so-xd": [(3, 2, 1), (4, 3, 1), (3, 3, 1)],
    "so-nnmt": [(5, 3, 2), (4, 2, 1), (5, 2, 1)],
    "so-nv": [(2, 2, 0), (3, 1, 1), (2, 2, 1)],
    "phuong-buon-ma-thuot": [(6, 4, 1), (5, 4, 2), (6, 3, 1)],
    "xa-cu-mgar": [(3, 2, 1), (3, 1, 0), (2, 2, 1)],
    "xa-ea-kar": [(4, 2, 0), (3, 3, 1), (4, 2, 1)],
}
CHANNELS = ["online", "direct", "online", "direct", "postal", "direct", "online", "interconnected"]


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
    status: str = ""  # only for a case that is not counted (withdrawn …)
    expect: str = ""  # what the case is meant to be, for the reader of this script


def bulk_cases() -> list[Case]:
    """The early, on-time and in-time cases of every unit and month (see :data:`BULK`)."""
    out: list[Case] = []
    per_day: dict[tuple[str, dt.date], int] = {}  # receipts numbered per unit and day

    def make(unit_id: str, n: int, rec_day: dt.date, due, res_day: dt.date | None, hour: int,
             expect: str) -> None:  # fmt: skip
        name, prefix, procs, _ = UNITS[unit_id]
        key = (prefix, rec_day)
        per_day[key] = per_day.get(key, 0) + 1
        sector, proc = PROCEDURES[procs][n % len(PROCEDURES[procs])]
        received = T.combine(rec_day, dt.time(7 + n % 4, (n * 13) % 60))
        resolved = T.combine(res_day, dt.time(hour, (n * 7) % 60)) if res_day else None
        returned = resolved + dt.timedelta(hours=1) if resolved and n % 5 else None
        out.append(Case(f"{prefix}-{rec_day:%y%m%d}-{per_day[key]:04d}", name, sector, proc,
                        applicant(n, sector == "Hộ tịch"), CHANNELS[n % len(CHANNELS)], received,
                        due, resolved, returned, expect=expect))  # fmt: skip

    for unit_id, plan in BULK.items():
        for m, (month, (early, on_time, bridge)) in enumerate(zip(MONTHS, plan, strict=True)):
            w = month.workdays
            n_days = len(w)
            base = UNITS[unit_id][3] + 30 * m
            for k in range(early):  # at least one working day to spare
                span = [2, 3, 5, 4, 6][k % 5]
                i = (k * 3) % (n_days - span)
                make(unit_id, base + k, w[i], w[i + span], w[i + span - 1 - k % 2], 14, "early")
            for k in range(on_time):  # on the due day (same-day ones too), or before a due time
                span = [0, 2, 3, 5, 4][k % 5]
                i = (k * 5 + 1) % (n_days - span)
                due = T.combine(w[i + span], dt.time(17)) if k % 4 == 3 else w[i + span]
                make(unit_id, base + early + k, w[i], due, w[i + span], 15, "on_time")
            for k in range(bridge):  # received at the end, due in the next period
                received = w[n_days - 1 - k]
                due = add_workdays(received, [3, 4, 5][k % 3])
                last = m == len(MONTHS) - 1
                make(unit_id, base + early + on_time + k, received, due, None if last else due, 15,
                     "pending in time" + ("" if last else f", on time in {MONTHS[m + 1].label}"))  # fmt: skip
    return out


def c(case_id, unit_id, n, channel, received, due, resolved=None, status="", expect=""):  # fmt: skip
    """A hand-placed case of ``unit_id``; ``n`` picks its sector, procedure and applicant."""
    name, _, procs, _ = UNITS[unit_id]
    sector, proc = PROCEDURES[procs][n % len(PROCEDURES[procs])]
    returned = resolved + dt.timedelta(hours=2) if resolved else None
    return Case(case_id, name, sector, proc, applicant(n, sector == "Hộ tịch"), channel, received, due,
                resolved, returned, status, expect)  # fmt: skip


# Working days late count the days after the due date up to the result (or the period's end).
SPECIAL = [
    # UBND xã Cư M’gar: flagged every month, heeds nothing
    c("000.25.01.H16-260820-0101", "xa-cu-mgar", 1, "direct", T(2026, 8, 20, 8), D(2026, 8, 27), expect="never resolved: overdue 9 (2026-09), 31 (2026-10), 53 (2026-11) working days; no apology"),
    c("000.25.01.H16-260825-0101", "xa-cu-mgar", 2, "direct", T(2026, 8, 25, 9), D(2026, 8, 28), T(2026, 9, 4, 10), expect="2026-09: late 2 (3/9, 4/9: the days off do not count); no apology"),
    c("000.25.01.H16-260921-0101", "xa-cu-mgar", 3, "online", T(2026, 9, 21, 8), D(2026, 9, 24), T(2026, 9, 28, 10), expect="2026-10: late 2; apology on time, posted, never published"),
    c("000.25.01.H16-261102-0101", "xa-cu-mgar", 4, "direct", T(2026, 11, 2, 8), D(2026, 11, 5), T(2026, 11, 9, 10), expect="2026-11: late 2; no apology"),
    # Sở Xây dựng: flagged in September, heeds the follow-up
    c("000.00.15.H16-260819-0101", "so-xd", 1, "direct", T(2026, 8, 19, 8, 30), D(2026, 8, 26), T(2026, 8, 27, 10), expect="2026-09: late 1; apology 16/9 (late), posted, published 17/9"),
    c("000.00.15.H16-260826-0101", "so-xd", 2, "postal", T(2026, 8, 26, 9), D(2026, 9, 3), T(2026, 9, 7, 14), expect="2026-09: late 2; apology due by 28/8, issued 16/9 (late), posted, published 17/9"),
    c("000.00.15.H16-261020-0101", "so-xd", 3, "online", T(2026, 10, 20, 8), D(2026, 10, 27), T(2026, 10, 29, 10), expect="2026-11: late 2; apology on time, posted, published"),
    # Sở Nông nghiệp và Môi trường: flagged in October, partly heeds
    c("000.00.12.H16-260916-0101", "so-nnmt", 1, "direct", T(2026, 9, 16, 8), D(2026, 9, 23), T(2026, 9, 25, 10), expect="2026-10: late 2; apology 19/10 (late), posted, published on a detail page"),
    c("000.00.12.H16-260922-0101", "so-nnmt", 2, "direct", T(2026, 9, 22, 9), D(2026, 9, 29), T(2026, 10, 1, 15), expect="2026-10: late 2; apology 20/10 (late), posted, not published"),
    c("000.00.12.H16-261001-0101", "so-nnmt", 3, "online", T(2026, 10, 1, 10), D(2026, 10, 8), T(2026, 10, 12, 9), expect="2026-10: late 2; no apology"),
    # UBND phường Buôn Ma Thuột: flagged in September and November
    c("000.24.01.H16-260907-0101", "phuong-buon-ma-thuot", 1, "direct", T(2026, 9, 7, 8), D(2026, 9, 9), T(2026, 9, 10, 10), expect="2026-09: late 1; apology on time, posted, never published"),
    c("000.24.01.H16-260928-0101", "phuong-buon-ma-thuot", 3, "online", T(2026, 9, 28, 8), D(2026, 9, 30), T(2026, 10, 1, 9), expect="2026-10: late 1; apology on time (code mistyped in the register), posted, published"),
    c("000.24.01.H16-261104-0101", "phuong-buon-ma-thuot", 4, "direct", T(2026, 11, 4, 8), D(2026, 11, 6), T(2026, 11, 10, 10), expect="2026-11: late 2; apology 9/11 (late), posted, published"),
    c("000.24.01.H16-261006-0101", "phuong-buon-ma-thuot", 5, "direct", T(2026, 10, 6, 8), D(2026, 10, 8), status="Rút hồ sơ", expect="withdrawn: not counted, a reject"),
    # Sở Tài chính: late every month, always compliant
    c("998.99.99.H05-260826-0101", "so-tc", 1, "online", T(2026, 8, 26, 8), D(2026, 9, 3), T(2026, 9, 4, 10), expect="2026-09: late 1; apology 28/8 (on time: the last working day before 3/9), posted, published"),
    c("998.99.99.H05-261005-0101", "so-tc", 2, "online", T(2026, 10, 5, 9), D(2026, 10, 12), T(2026, 10, 19, 10), expect="2026-10: overdue 2, apology on time, new date 20/10; 2026-11: late 5; posted, published"),
    # Sở Nội vụ: no website
    c("000.00.09.H16-261026-0101", "so-nv", 1, "direct", T(2026, 10, 26, 8), D(2026, 11, 2), T(2026, 11, 3, 10), expect="2026-11: late 1; apology on time, posted; no website"),
]  # fmt: skip

CASES = bulk_cases() + SPECIAL

# --------------------------------------------------------------------------- the apology register

# case id as typed, letter no, applicant no, issued on, unit, reason, new due, posted at the desk, note
LETTERS = [
    ("998.99.99.H05-260826-0101", "31/XL-STC", 1, D(2026, 8, 28), "Sở Tài chính", "Chờ ý kiến thẩm định của Sở Xây dựng", D(2026, 9, 4), D(2026, 8, 28), ""),
    ("000.24.01.H16-260907-0101", "11/XL-UBND", 1, D(2026, 9, 8), "UBND phường Buôn Ma Thuột", "Công chức tư pháp - hộ tịch đi tập huấn", D(2026, 9, 10), D(2026, 9, 8), ""),
    ("000.00.15.H16-260819-0101", "141/XL-SXD", 1, D(2026, 9, 16), "Sở Xây dựng", "Phải lấy ý kiến cơ quan quản lý quy hoạch", None, D(2026, 9, 16), "Ban hành sau công văn đôn đốc kỳ tháng 9/2026"),
    ("000.00.15.H16-260826-0101", "142/XL-SXD", 2, D(2026, 9, 16), "Sở Xây dựng", "Hồ sơ gửi qua bưu chính đến chậm bộ phận thẩm định", None, D(2026, 9, 16), "Ban hành sau công văn đôn đốc kỳ tháng 9/2026"),
    ("000.25.01.H16-260921-0101", "07/XL-UBND", 3, D(2026, 9, 23), "UBND xã Cư M’gar", "Chờ xác minh nơi cư trú", D(2026, 9, 28), D(2026, 9, 23), ""),
    (" 000.24.01.h16 – 260928-0101", "13/XL-UBND", 3, D(2026, 9, 29), "UBND phường Buôn Ma Thuột", "Chờ kết quả xác minh của Công an phường", D(2026, 10, 1), D(2026, 9, 29), ""),
    ("998.99.99.H05-261005-0101", "36/XL-STC", 2, D(2026, 10, 9), "Sở Tài chính", "Nhà đầu tư bổ sung hồ sơ năng lực tài chính", D(2026, 10, 20), D(2026, 10, 9), ""),
    ("000.00.12.H16-260916-0101", "71/XL-SNNMT", 1, D(2026, 10, 19), "Sở Nông nghiệp và Môi trường", "Phải đo đạc, chỉnh lý bản đồ địa chính thửa đất", None, D(2026, 10, 19), "Ban hành sau công văn đôn đốc kỳ tháng 10/2026"),
    ("000.00.12.H16-260922-0101", "72/XL-SNNMT", 2, D(2026, 10, 20), "Sở Nông nghiệp và Môi trường", "Chờ kết quả thẩm định giá đất cụ thể", None, D(2026, 10, 20), "Ban hành sau công văn đôn đốc kỳ tháng 10/2026"),
    ("000.00.15.H16-261020-0101", "150/XL-SXD", 3, D(2026, 10, 26), "Sở Xây dựng", "Chờ ý kiến của Công an tỉnh về phòng cháy, chữa cháy", D(2026, 10, 29), D(2026, 10, 26), ""),
    ("000.00.09.H16-261026-0101", "28/XL-SNV", 1, D(2026, 10, 30), "Sở Nội vụ", "Chờ xác minh lý lịch tư pháp của người lao động", D(2026, 11, 3), D(2026, 10, 30), ""),
    ("000.24.01.H16-261104-0101", "16/XL-UBND", 4, D(2026, 11, 9), "UBND phường Buôn Ma Thuột", "Chờ hồ sơ liên thông từ Chi nhánh Văn phòng đăng ký đất đai", D(2026, 11, 10), D(2026, 11, 9), ""),
]  # fmt: skip

# --------------------------------------------------------------------------- writers

SIGNED_ON = {"2026-09": D(2026, 9, 15), "2026-10": D(2026, 10, 15), "2026-11": D(2026, 11, 16)}


def export_rows(month: Month) -> list[Case]:
    """The cases of a month's export: received by its end and not resolved before its start,
    each as it stood at the period's end (a result after it: still open)."""
    first, last = T.combine(month.start, dt.time()), T.combine(month.end, dt.time(23, 59, 59))
    rows = []
    for case in CASES:
        if case.received > last or (case.resolved is not None and case.resolved < first):
            continue
        if case.status and not month.start <= case.received.date() <= month.end:
            continue  # a withdrawn case is listed in the month it was withdrawn
        done = case.resolved is not None and case.resolved <= last
        rows.append(Case(case.case_id, case.unit, case.sector, case.procedure, case.applicant,
                         case.channel, case.received, case.due,
                         case.resolved if done else None, case.returned if done else None,
                         case.status or ("Đã trả kết quả" if done else "Đang xử lý")))  # fmt: skip
    return sorted(rows, key=lambda r: (r.received, r.case_id))


def build_export(month: Month, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "DanhSachHoSo"
    ws["A1"], ws["H1"] = "UBND TỈNH ĐẮK LẮK", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"], ws["H2"] = "VĂN PHÒNG", "Độc lập - Tự do - Hạnh phúc"
    ws["A4"] = "DANH SÁCH HỒ SƠ TIẾP NHẬN VÀ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    year, number = month.label.split("-")
    ws["A5"] = (
        f"Kỳ báo cáo tháng {int(number)}/{year}: từ ngày {vn(month.start)} đến ngày {vn(month.end)}"
    )
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
    rows = export_rows(month)
    for n, case in enumerate(rows, 1):
        received: object = vn(case.received)
        due: object = vn(case.due)
        # Real Excel dates in some cells, text in the others, as in real exports.
        if n % 3 == 0:
            received = case.received
        if n % 4 == 0 and not isinstance(case.due, dt.datetime):
            due = T.combine(case.due, dt.time())
        ws.append([n, case.case_id, case.unit, case.sector, case.procedure, case.applicant, phone(n),
                   CHANNEL_TEXT[case.channel], received, due, vn(case.resolved), vn(case.returned),
                   case.status])  # fmt: skip
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss" if cell.value.time() else "dd/mm/yyyy"
    ws.append(["Tổng cộng", "", "", "", "", "", "", "", "", "", "", "", f"{len(rows)} hồ sơ"])
    ws.append([])
    signed = SIGNED_ON[month.label]
    ws.append([""] * 8 + [f"Đắk Lắk, ngày {signed.day} tháng {signed.month} năm {signed.year}"])
    ws.append(["", "NGƯỜI LẬP BIỂU", "", "", "", "", "", "", "KT. CHÁNH VĂN PHÒNG"])
    ws.append(["", "(Ký, ghi rõ họ tên)", "", "", "", "", "", "", "PHÓ CHÁNH VĂN PHÒNG"])
    for row in ws.iter_rows(min_row=7, max_row=9):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    save_workbook(wb, path)


def build_register(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "So xin loi"
    ws["A1"] = "SỔ THEO DÕI VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ"
    ws["A2"] = "(Mẫu số 04, Thông tư 03/2025/TT-VPCP) — năm 2026, cập nhật đến ngày 16/11/2026"
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(["STT", "Mã hồ sơ", "Số văn bản", "Kính gửi", "Ngày ban hành", "Cơ quan xin lỗi",
               "Lý do quá hạn", "Hẹn lại ngày trả kết quả", "Niêm yết tại Bộ phận một cửa",
               "Ghi chú"])  # fmt: skip
    for n, (case, no, who, issued, unit, reason, new_due, posted, note) in enumerate(LETTERS, 1):
        # Register dates typed as text in some rows, real dates in others.
        issued_cell = T.combine(issued, dt.time()) if n % 2 else vn(issued)
        ws.append([n, case, no, applicant(who, True), issued_cell, unit, reason, vn(new_due),
                   vn(posted), note])  # fmt: skip
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    save_workbook(wb, path)


# --------------------------------------------------------------------------- archived web pages


def build_web() -> dict[str, bytes]:
    """Every archived page (16/11/2026): path under web/ → content."""
    pages: dict[str, str] = {}
    special = {case.case_id: case for case in SPECIAL}

    def who(code: str) -> str:
        return sir(special[code].applicant)

    # Sở Xây dựng: a table of published apologies, newest first, ?page=1, 2 (no page 3).
    rows_xd = {
        1: [("000.00.15.H16-261020-0101", "26/10/2026", "150/XL-SXD", "27/10/2026", "29/10/2026"),
            ("000.00.15.H16-260826-0101", "17/09/2026", "142/XL-SXD", "03/09/2026", "07/09/2026 (đã trả)")],
        2: [("000.00.15.H16-260819-0101", "17/09/2026", "141/XL-SXD", "26/08/2026", "27/08/2026 (đã trả)"),
            ("000.00.15.H16-260706-0101", "13/07/2026", "118/XL-SXD", "14/07/2026", "17/07/2026")],
    }  # fmt: skip
    headers = ["Mã hồ sơ", "Ngày đăng", "Số văn bản", "Hạn trả", "Ngày trả kết quả"]
    for number, rows in rows_xd.items():
        pages[f"so-xd/xin-loi-trang-{number}.html"] = E26.xd_page(headers, rows, number, len(rows_xd))
    # Sở Nông nghiệp và Môi trường: NukeViet news list, "Trang sau", the code on the detail page.
    head = '<div id="header"><h1>SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH ĐẮK LẮK</h1></div>'
    c10a = "000.00.12.H16-260916-0101"
    pages["so-nnmt/thong-bao.html"] = page("Thông báo - Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", "\n".join([
        head,
        nukeviet_item("tin-tuc/ke-hoach-kiem-tra-vat-tu-nong-nghiep-2026-241.html", "Kế hoạch kiểm tra vật tư nông nghiệp vụ Đông Xuân",
                      "Thứ năm - 05/11/2026 09:30", "Chi cục Trồng trọt và Bảo vệ thực vật triển khai kế hoạch kiểm tra."),
        nukeviet_item("tin-tuc/van-ban-xin-loi-so-71-xl-snnmt-236.html", f"Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ của {who(c10a)}",
                      "Thứ ba - 20/10/2026 15:10", f"Sở Nông nghiệp và Môi trường xin lỗi {who(c10a)} vì hồ sơ đăng ký biến động chậm trả kết quả."),
        '<ul class="pagination"><li class="active"><a href="#">1</a></li><li><a href="thong-bao-trang-2.html">2</a></li>'
        '<li><a href="thong-bao-trang-2.html" title="Trang sau">&raquo;</a></li></ul>',
    ]))  # fmt: skip
    pages["so-nnmt/thong-bao-trang-2.html"] = page("Thông báo - Trang 2 - Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", "\n".join([
        head,
        nukeviet_item("tin-tuc/ke-hoach-tiem-phong-vu-thu-2026-198.html", "Kế hoạch tiêm phòng vụ Thu năm 2026",
                      "Thứ ba - 08/09/2026 09:00", "Chi cục Chăn nuôi và Thú y triển khai kế hoạch tiêm phòng."),
        '<ul class="pagination"><li><a href="thong-bao.html">1</a></li><li class="active"><a href="#">2</a></li></ul>',
    ]))  # fmt: skip
    pages["so-nnmt/tin-tuc/van-ban-xin-loi-so-71-xl-snnmt-236.html"] = page("Văn bản xin lỗi số 71/XL-SNNMT", "\n".join([
        head,
        f"<div class=\"bodytext\"><p>Ngày 16/9/2026, Sở Nông nghiệp và Môi trường tiếp nhận hồ sơ của {who(c10a)}, mã hồ sơ",
        f"<strong>{c10a}</strong>, hẹn trả ngày 23/9/2026; kết quả đã trả ngày 25/9/2026.</p>",
        "<p>Do phải đo đạc, chỉnh lý bản đồ địa chính, hồ sơ trả kết quả chậm. Sở trân trọng xin lỗi ông/bà.</p></div>",
    ]))  # fmt: skip
    pages["so-nnmt/tin-tuc/ke-hoach-tiem-phong-vu-thu-2026-198.html"] = page(
        "Kế hoạch tiêm phòng", head + "<p>Không liên quan.</p>"
    )
    pages["so-nnmt/tin-tuc/ke-hoach-kiem-tra-vat-tu-nong-nghiep-2026-241.html"] = page(
        "Kế hoạch kiểm tra vật tư nông nghiệp", head + "<p>Không liên quan.</p>"
    )
    # Phường Buôn Ma Thuột: a list table (the September letter was never published).
    pages["phuong-bmt/xin-loi.html"] = page("Thông báo xin lỗi - UBND phường Buôn Ma Thuột", "\n".join([
        "<h1>ỦY BAN NHÂN DÂN PHƯỜNG BUÔN MA THUỘT</h1>",
        "<table border='1'><tr><th>STT</th><th>Nội dung</th><th>Ngày đăng</th></tr>",
        "<tr><td>1</td><td>Văn bản xin lỗi số 16/XL-UBND: hồ sơ 000.24.01.H16-261104-0101 chậm trả kết quả</td><td>09/11/2026</td></tr>",
        "<tr><td>2</td><td>Văn bản xin lỗi số 13/XL-UBND: hồ sơ 000.24.01.H16-260928-0101 chậm trả kết quả</td><td>29/09/2026</td></tr>",
        "</table>",
    ]))  # fmt: skip
    # Xã Cư M’gar: a WordPress category page, with one letter of July only.
    pages["xa-cu-mgar/van-ban-xin-loi.html"] = page("Văn bản xin lỗi – UBND xã Cư M’gar", "\n".join([
        '<div class="site-branding"><p class="site-title">UBND xã Cư M’gar</p></div>',
        '<article class="post"><h2 class="entry-title">Lịch tiếp công dân tháng 11/2026</h2></article>',
        '<article class="post"><h2 class="entry-title">Văn bản xin lỗi số 04/XL-UBND</h2>',
        '<div class="entry-content"><p>Hồ sơ số 000.25.01.H16-260708-0101 (đăng ký khai sinh) trả kết quả chậm 01 ngày.</p></div></article>',
    ]))  # fmt: skip
    # Xã Ea Kar: nothing to publish.
    pages["xa-ea-kar/xin-loi.html"] = page("Công khai xin lỗi - UBND xã Ea Kar", "\n".join([
        "<h1>UBND XÃ EA KAR</h1>", "<p>Chưa có hồ sơ trả kết quả quá hạn.</p>",
    ]))  # fmt: skip
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    # Sở Tài chính: the page loads its list from a JSON endpoint; the endpoint is archived.
    files["so-tc/api/van-ban-xin-loi.json"] = (json.dumps({
        "total": 2,
        "items": [
            {"maHoSo": "998.99.99.H05-261005-0101", "soVanBan": "36/XL-STC", "ngayBanHanh": "2026-10-09", "tieuDe": "Văn bản xin lỗi và đề nghị gia hạn"},
            {"maHoSo": "998.99.99.H05-260826-0101", "soVanBan": "31/XL-STC", "ngayBanHanh": "2026-08-28", "tieuDe": "Văn bản xin lỗi và đề nghị gia hạn"},
        ],
    }, ensure_ascii=False, indent=1) + "\n").encode("utf-8")  # fmt: skip
    return files


def main(root: Path = HERE) -> None:
    """Write every input file and archived page under ``root`` (default: this folder)."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    for month in MONTHS:
        build_export(month, data / f"ho-so-{month.label}.xlsx")
    build_register(data / "so-xin-loi.xlsx")
    for rel, content in build_web().items():
        target = root / "web" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


if __name__ == "__main__":
    main()
    print("examples/history rebuilt")
