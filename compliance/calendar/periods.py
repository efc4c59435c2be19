"""Reporting periods (Nghị định 09/2019/NĐ-CP).

A month M runs from ``cutoff_day`` of M-1 to the day before ``cutoff_day`` of M
(May 2020 = 15/4/2020–14/5/2020); with ``cutoff_day`` 1 it is the calendar month.
Quarters, half-years and years join the months they cover.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from compliance.errors import UsageError

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<q>[1-4])|H(?P<h>[12])))?$", re.I
)


@dataclass(frozen=True)
class Period:
    """A reporting period; ``start`` and ``end`` are both included."""

    label: str
    start: dt.date
    end: dt.date
    kind: str = "month"  # month | quarter | half | year | adhoc

    @property
    def title(self) -> str:
        """How reports name it: 'tháng 5 năm 2020', 'quý II năm 2020'… ('' for an ad-hoc period)."""
        return period_name(self.kind, self.end)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_name(kind: str, end: dt.date) -> str:
    """The name of a reporting period from its kind and last day ('' for an ad-hoc period).

    The last day names it: with the day-15 cut-off, May 2020 ends on 14/5/2020 and the year
    2020 on 14/12/2020.
    """
    if kind == "month":
        return f"tháng {end.month} năm {end.year}"
    if kind == "quarter":
        return f"quý {_ROMAN[(end.month - 1) // 3 + 1]} năm {end.year}"
    if kind == "half":
        return f"6 tháng {'đầu' if end.month <= 6 else 'cuối'} năm {end.year}"
    if kind == "year":
        return f"năm {end.year}"
    return ""


def _month_start(year: int, month: int, cutoff_day: int) -> dt.date:
    """First day of reporting month (year, month)."""
    if cutoff_day == 1:
        return dt.date(year, month, 1)
    if month == 1:
        return dt.date(year - 1, 12, cutoff_day)
    return dt.date(year, month - 1, cutoff_day)


def _months(year: int, first: int, last: int, cutoff_day: int) -> tuple[dt.date, dt.date]:
    start = _month_start(year, first, cutoff_day)
    following = _month_start(year + (last == 12), last % 12 + 1, cutoff_day)
    return start, following - dt.timedelta(days=1)


def parse_period(text: str, cutoff_day: int = 15) -> Period:
    """Parse ``YYYY-MM``, ``YYYY-Qn``, ``YYYY-H1``/``YYYY-H2`` or ``YYYY``."""
    match = _PERIOD.match((text or "").strip())
    if not match:
        raise UsageError(
            f"--period {text!r}: không đúng dạng kỳ báo cáo",
            hint="Dùng YYYY-MM (tháng, ví dụ 2020-05), YYYY-Qn (quý), YYYY-H1/YYYY-H2 (6 tháng) "
            "hoặc YYYY (năm); kỳ đột xuất dùng --from NGÀY --to NGÀY.",
        )
    year = int(match["year"])
    label = match.group(0).upper()
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise UsageError(f"--period {text!r}: tháng phải từ 01 đến 12")
        start, end = _months(year, month, month, cutoff_day)
        return Period(label, start, end, "month")
    if match["q"]:
        q = int(match["q"])
        start, end = _months(year, 3 * q - 2, 3 * q, cutoff_day)
        return Period(label, start, end, "quarter")
    if match["h"]:
        h = int(match["h"])
        start, end = _months(year, 6 * h - 5, 6 * h, cutoff_day)
        return Period(label, start, end, "half")
    start, end = _months(year, 1, 12, cutoff_day)
    return Period(label, start, end, "year")


def adhoc_period(start: dt.date, end: dt.date) -> Period:
    """An ad-hoc period (báo cáo đột xuất), both days included; labelled ``FROM_TO``."""
    if end < start:
        raise UsageError(
            f"--from {start.isoformat()} --to {end.isoformat()}: ngày kết thúc trước ngày bắt đầu",
            hint="Đổi lại hai ngày: --from là ngày đầu kỳ, --to là ngày cuối kỳ.",
        )
    return Period(f"{start.isoformat()}_{end.isoformat()}", start, end, "adhoc")


# --------------------------------------------------------------------------- from the options


def option_date(value: str | None, option: str) -> dt.date | None:
    """A date given on the command line (``YYYY-MM-DD`` or ``dd/mm/yyyy``); None when not given."""
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise UsageError(
        f"{option} {value!r}: ngày không hợp lệ", hint="Viết ngày dạng YYYY-MM-DD hoặc dd/mm/yyyy."
    )


def check_as_of(as_of: dt.date | None, period: Period) -> dt.date | None:
    """--as-of must not fall before the period it cuts short."""
    if as_of is not None and as_of < period.start:
        raise UsageError(
            f"--as-of {as_of:%d/%m/%Y}: trước ngày đầu kỳ ({period.start:%d/%m/%Y})",
            hint="Bỏ --as-of (mặc định là ngày cuối kỳ) hoặc chọn một ngày trong kỳ.",
        )
    return as_of


def period_from_options(
    cutoff_day: int, period: str | None, date_from: str | None, date_to: str | None
) -> Period:
    """The period named by --period, or --from and --to; a UsageError when none is given."""
    chosen = optional_period(cutoff_day, period, date_from, date_to)
    if chosen is None:
        raise UsageError(
            "chưa chọn kỳ báo cáo",
            hint="Thêm --period 2020-05 (tháng), hoặc --from NGÀY --to NGÀY.",
        )
    return chosen


def optional_period(
    cutoff_day: int, period: str | None, date_from: str | None, date_to: str | None
) -> Period | None:
    """The period named by --period, or --from and --to; None when neither is given."""
    if period and (date_from or date_to):
        raise UsageError(
            "--period và --from/--to không dùng cùng nhau", hint="Chọn một trong hai cách."
        )
    if period:
        return parse_period(period, cutoff_day)
    first, last = option_date(date_from, "--from"), option_date(date_to, "--to")
    if first is not None and last is not None:
        return adhoc_period(first, last)
    if first is not None or last is not None:
        raise UsageError(
            "kỳ đột xuất cần cả --from và --to", hint="Ví dụ: --from 2020-05-01 --to 2020-05-20"
        )
    return None
