"""The working-day calendar of Vietnamese civil servants, vectorised.

Working days are Monday–Friday minus the days off, plus the Saturdays worked in exchange for a
swapped day off. Three layers, each overriding the one before:

1. the ``holidays`` package's Vietnam calendar (public holidays and the swaps it knows);
2. ``compliance/calendar/official_days.csv``: the reviewed list of every official weekday off and
   every swapped working day of each year, with the notice each comes from (docs/rules.md);
3. the config's ``calendar.extra_holidays`` and ``calendar.extra_working_days``.

Arithmetic is done on a table of every day in a wide range: ``cum[i]`` is the number of
working days up to and including day ``i``. Counting and offsets are then array lookups,
so a million cases cost a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import holidays
import numpy as np
import pandas as pd

from compliance.errors import ConfigError, UsageError
from compliance.formatting import vn_date

if TYPE_CHECKING:
    from compliance.calendar.periods import Period
    from compliance.config import Config

_FIRST_YEAR = 2010
_LAST_YEAR = 2035

#: Dates the calendar counts over: a column of dates or datetimes, or an array of them.
Dates: TypeAlias = pd.Series | np.ndarray

DATA_FILE = "compliance/calendar/official_days.csv"
DATA_COLUMNS = ["date", "kind", "name", "source", "status", "note"]
KINDS = ("off", "working")
STATUSES = ("confirmed", "provisional")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def parse_official_days(text: str, where: str = DATA_FILE) -> pd.DataFrame:
    """The rows of an official-days CSV (columns ``DATA_COLUMNS``), checked; ``date`` as dates.

    A bad header, date, kind or status, or a date listed twice, raises ``ConfigError`` naming
    the line and column, so that whoever edits the file sees what to fix.
    """
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if list(frame.columns) != DATA_COLUMNS:
        raise ConfigError(
            f"{where}: dòng tiêu đề phải là {','.join(DATA_COLUMNS)}",
            hint="Sửa dòng đầu của tệp cho đúng tên và thứ tự các cột.",
        )
    frame = frame.apply(lambda col: col.str.strip())
    dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    lines = frame.index + 2  # the header is line 1
    checks = [
        ("date", dates.isna(), "ngày phải viết dạng YYYY-MM-DD"),
        ("kind", ~frame["kind"].isin(KINDS), "phải là off (nghỉ) hoặc working (làm việc)"),
        ("status", ~frame["status"].isin(STATUSES), "phải là confirmed hoặc provisional"),
        ("source", frame["source"] == "", "cần ghi văn bản nguồn"),
        ("date", dates.duplicated(keep="first"), "ngày này đã có ở một dòng trên"),
    ]
    for column, bad, rule in checks:
        if bad.any():
            first = int(np.flatnonzero(bad.to_numpy())[0])
            raise ConfigError(
                f"{where}, dòng {lines[first]}, cột {column}: {frame[column].iloc[first]!r} — {rule}",
                hint="Sửa dòng đó rồi chạy lại.",
            )
    frame["date"] = dates
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


@functools.cache
def official_days() -> pd.DataFrame:
    """The reviewed list shipped with the package (read once; do not modify the frame)."""
    text = resources.files("compliance.calendar").joinpath("official_days.csv").read_text("utf-8")
    return parse_official_days(text)


def covered_years(official: pd.DataFrame | None = None) -> list[int]:
    """The years the official-days list covers (the packaged one by default)."""
    data = official_days() if official is None else official
    return sorted(set(data["date"].dt.year))


class WorkingCalendar:
    """Working days from ``first_year`` - 1 to ``last_year`` + 1.

    Dates outside that range are clipped to its edges: a run's calendar spans several years
    around its period (:func:`calendar_from_config`), far wider than any due or result date.
    ``official`` replaces the packaged official-days list (a frame from
    :func:`parse_official_days`).
    """

    def __init__(
        self,
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
        first_year: int = _FIRST_YEAR,
        last_year: int = _LAST_YEAR,
        official: pd.DataFrame | None = None,
    ):
        self.start = np.datetime64(f"{first_year - 1}-01-01", "D")
        self.end = np.datetime64(f"{last_year + 1}-12-31", "D")
        days = np.arange(self.start, self.end + 1, dtype="datetime64[D]")
        working = _weekday(days) < 5

        vn = holidays.country_holidays("VN", years=range(first_year - 1, last_year + 2))
        data = official_days() if official is None else official
        kind = data["kind"].to_numpy()
        layers = [
            (sorted(vn.keys()), False),
            (sorted(getattr(vn, "weekend_workdays", set())), True),
            (data["date"].to_numpy("datetime64[D]")[kind == "off"], False),
            (data["date"].to_numpy("datetime64[D]")[kind == "working"], True),
            (sorted(extra_holidays), False),
            (sorted(extra_working_days), True),
        ]
        for dates, is_working in layers:  # in order: each layer overrides the ones before
            working[self._index(np.array(dates, dtype="datetime64[D]"))] = is_working

        self.days = days
        self.working = working
        self.cum = np.cumsum(working)
        self.workdays = days[working]

    def _index(self, dates: np.ndarray) -> np.ndarray:
        dates = dates[(dates >= self.start) & (dates <= self.end)]
        return (dates - self.start).astype("int64")

    def _positions(self, dates: pd.Series | np.ndarray) -> np.ndarray:
        """Index of each date's day in ``self.days`` (clipped to the range; NaT → the first day)."""
        values = np.asarray(dates)
        if values.dtype != np.dtype("datetime64[ns]"):
            values = pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[ns]")
        # Whole days since the start by integer division: a million dates in a few milliseconds.
        start_ns = self.start.astype("datetime64[ns]").astype(np.int64)
        idx = (values.view(np.int64) - start_ns) // 86_400_000_000_000
        idx[np.isnat(values)] = 0
        return np.clip(idx, 0, len(self.days) - 1)

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.working[self._positions(np.array([day], dtype="datetime64[D]"))[0]])

    def count_after(self, start: Dates, end: Dates) -> np.ndarray:
        """Working days in ``(start, end]`` per element (0 when end ≤ start). Dates, not times."""
        start_idx = self._positions(start)
        end_idx = self._positions(end)
        return np.maximum(self.cum[end_idx] - self.cum[start_idx], 0)

    def working_days_before(self, dates: Dates, n: int) -> np.ndarray:
        """The working day ``n`` working days before each date (``n`` = 0: the date itself)."""
        values = pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[D]")
        if n == 0:
            return values
        pos = np.searchsorted(self.workdays, values, side="left") - n
        pos = np.clip(pos, 0, len(self.workdays) - 1)
        return self.workdays[pos]


def _weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday … 6 = Sunday (1970-01-01 was a Thursday)."""
    return (days.astype("datetime64[D]").astype("int64") + 3) % 7


def calendar_from_config(config: Config, period: Period) -> WorkingCalendar:
    """The calendar of a run: years around the period (dates further away clip to its edges)."""
    return WorkingCalendar(
        config.calendar.extra_holidays,
        config.calendar.extra_working_days,
        first_year=period.start.year - 5,
        last_year=period.end.year + 3,
    )


# -- What the list covers: warnings for a run, and one year's days for `compliance calendar` --


def calendar_warnings(
    config: Config,
    period: Period,
    as_of: dt.date | None = None,
    official: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The calendar's warnings for a period (from its start to the later of its end and ``as_of``).

    ``calendar_years_not_covered``: years the official-days list does not cover and the config's
    ``calendar.extra_*`` say nothing about; ``calendar_provisional_days``: provisional entries of
    the list in those days that the config does not override.
    """
    data = official_days() if official is None else official
    extras = {*config.calendar.extra_holidays, *config.calendar.extra_working_days}
    first, last = period.start, max(period.end, as_of or period.end)
    covered = set(covered_years(data)) | {d.year for d in extras}
    inside = data["date"].between(pd.Timestamp(first), pd.Timestamp(last))
    provisional = data[inside & (data["status"] == "provisional")]
    provisional = provisional[~provisional["date"].dt.date.isin(extras)]
    return {
        "calendar_years_not_covered": [
            y for y in range(first.year, last.year + 1) if y not in covered
        ],
        "calendar_provisional_days": [
            {"date": d.date().isoformat(), "kind": k, "name": n}
            for d, k, n in zip(
                provisional["date"], provisional["kind"], provisional["name"], strict=True
            )
        ],
    }


def calendar_warning_lines(warnings: dict[str, Any]) -> list[str]:
    """The human lines of :func:`calendar_warnings` (Vietnamese)."""
    lines = [
        f"chưa có lịch nghỉ chính thức năm {year}: thêm calendar.extra_holidays / "
        f"extra_working_days trong config.yaml (ngày nghỉ, ngày làm bù theo thông báo nghỉ lễ, "
        f"Tết năm {year}); xem 'compliance calendar {year}'."
        for year in warnings.get("calendar_years_not_covered", [])
    ]
    days = warnings.get("calendar_provisional_days", [])
    if days:
        listed = "; ".join(
            f"{vn_date(d['date'])} {d['name']}: tính là ngày {'nghỉ' if d['kind'] == 'off' else 'làm việc'}"
            for d in days[:6]
        ) + (f"; … ({len(days)} ngày)" if len(days) > 6 else "")
        lines.append(
            f"lịch nghỉ còn tạm tính cho {len(days)} ngày trong kỳ: {listed}. Đối chiếu với thông "
            "báo chính thức ('compliance calendar NĂM'); nếu khác, sửa bằng calendar.extra_holidays "
            "/ extra_working_days trong config.yaml."
        )
    return lines


@dataclass
class YearCalendar:
    """One year's days off on weekdays and working days on weekends, each with its source.

    ``days`` has ``date, kind, name, source, status, note, origin``: ``origin`` is ``official``
    (the list), ``holidays`` (the package alone) or ``config`` (``calendar.extra_*``).
    """

    year: int
    covered: bool
    days: pd.DataFrame
    working_days: int
    covered_years: list[int]
    holidays_version: str

    def render(self) -> list[str]:
        """The lines ``compliance calendar YEAR`` prints (Vietnamese)."""
        years = self.covered_years
        span = f"các năm {years[0]}–{years[-1]}" if years else "chưa có năm nào"
        lines = [
            f"Lịch làm việc năm {self.year} của cán bộ, công chức, viên chức: thứ Hai đến thứ Sáu, "
            "trừ các ngày nghỉ dưới đây, cộng các ngày làm việc dưới đây.",
        ]
        official = self.days[self.days["origin"] == "official"]
        if not self.covered:
            lines += [
                f"CẢNH BÁO: chưa có lịch nghỉ chính thức năm {self.year} trong danh sách đã rà soát "
                f"({DATA_FILE}, {span}).",
                f"Các ngày dưới đây chỉ theo thư viện holidays {self.holidays_version}, chưa đối chiếu "
                f"văn bản. Khi có thông báo nghỉ lễ, Tết năm {self.year}, thêm ngày nghỉ và ngày làm "
                "bù vào calendar.extra_holidays / extra_working_days trong config.yaml.",
            ]
        else:
            lines.append(
                f"Nguồn: {DATA_FILE} (đã rà soát, {span}), trên nền thư viện holidays "
                f"{self.holidays_version}."
            )
            if len(official) and (official["status"] == "provisional").all():
                lines.append(
                    f"Lịch năm {self.year} còn TẠM TÍNH: chưa có thông báo nghỉ lễ, Tết chính thức "
                    "của năm. Đối chiếu từng ngày khi có thông báo."
                )
        for kind, title in (
            ("off", "Ngày nghỉ (thứ Hai–thứ Sáu)"),
            ("working", "Ngày làm việc (thứ Bảy làm bù, hoặc ngày vẫn làm việc)"),
        ):
            part = self.days[self.days["kind"] == kind]
            lines.append("")
            lines.append(f"{title}: {len(part)} ngày")
            lines += [_day_line(row) for row in part.itertuples(index=False)]
        lines.append("")
        lines.append(f"Số ngày làm việc trong năm {self.year}: {self.working_days}.")
        if (self.days["status"] == "provisional").any():
            lines.append(
                "(tạm tính) = chưa có văn bản chính thức: đối chiếu với thông báo của năm trước khi "
                "chạy; nếu khác, sửa bằng calendar.extra_holidays / extra_working_days."
            )
        return lines


def _day_line(row: Any) -> str:  # a row of YearCalendar.days (itertuples)
    day = row.date
    mark = " (tạm tính)" if row.status == "provisional" else ""
    line = f"  {vn_date(day)}  {WEEKDAYS[day.weekday()]:<8}  {row.name}{mark} — {row.source}"
    return line + (f"\n      ghi chú: {row.note}" if row.note else "")


def year_calendar(
    year: int,
    extra_holidays: Iterable[dt.date] = (),
    extra_working_days: Iterable[dt.date] = (),
    official: pd.DataFrame | None = None,
) -> YearCalendar:
    """The days of ``year`` that differ from Monday–Friday, and every entry of the list or the
    config for that year, with where each comes from (config, then the list, then ``holidays``)."""
    data = official_days() if official is None else official
    extra_off, extra_on = set(extra_holidays), set(extra_working_days)
    cal = WorkingCalendar(extra_off, extra_on, first_year=year, last_year=year, official=data)
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    working = cal.working[cal._index(days)]
    differs = days[working != (_weekday(days) < 5)]

    entries = data[data["date"].dt.year == year]
    entries = entries.set_index(entries["date"].dt.date)
    names = holidays.country_holidays("VN", years=year, language="vi")
    listed = {d for d in (extra_off | extra_on) if d.year == year}
    version = holidays.__version__
    rows = []
    for day in sorted({*differs.astype(object), *entries.index, *listed}):
        is_working = bool(working[(np.datetime64(day) - days[0]).astype(int)])
        if day in extra_on or day in extra_off:
            key = "extra_working_days" if day in extra_on else "extra_holidays"
            row = {"name": "ngày do config đặt", "source": f"config.yaml: calendar.{key}",
                   "status": "confirmed", "note": "", "origin": "config"}  # fmt: skip
        elif day in entries.index:
            entry = entries.loc[day]
            row = {"name": entry["name"], "source": entry["source"], "status": entry["status"],
                   "note": entry["note"], "origin": "official"}  # fmt: skip
        else:
            name = names.get(day) or "Ngày làm bù (theo holidays)"
            row = {"name": name, "source": f"holidays {version}", "status": "provisional",
                   "note": "", "origin": "holidays"}  # fmt: skip
        rows.append({"date": day, "kind": "working" if is_working else "off", **row})
    frame = pd.DataFrame(rows, columns=["date", "kind", *DATA_COLUMNS[2:], "origin"])
    return YearCalendar(
        year=year,
        covered=year in covered_years(data),
        days=frame,
        working_days=int(working.sum()),
        covered_years=covered_years(data),
        holidays_version=version,
    )


def calendar_year(text: str) -> int:
    """YEAR as given to ``compliance calendar``: four digits, 2000–2099; UsageError otherwise."""
    if not (text.isdigit() and 2000 <= int(text) <= 2099):
        raise UsageError(
            f"năm {text!r} không hợp lệ",
            hint="Viết năm bằng bốn chữ số, ví dụ: compliance calendar 2026",
        )
    return int(text)


def year_calendar_lines(year: int, config: Config | None, config_path: Path) -> list[str]:
    """The lines ``compliance calendar YEAR`` prints: which config days apply, then the year.

    ``config``: the one loaded from ``config_path``, whose ``calendar.extra_*`` apply; None when
    there is no such file (a first line says so) or it could not be loaded (no line: whoever
    loaded it warns).
    """
    extra_off: list[dt.date] = []
    extra_on: list[dt.date] = []
    lines = []
    if config is not None:
        extra_off, extra_on = config.calendar.extra_holidays, config.calendar.extra_working_days
        used = sum(d.year == year for d in (*extra_off, *extra_on))
        lines.append(
            f"Cấu hình {config_path}: áp dụng {used} ngày của calendar.extra_holidays / "
            f"extra_working_days trong năm {year}."
        )
    elif not config_path.exists():
        lines.append(
            f"Không có tệp cấu hình {config_path}: chỉ dùng lịch có sẵn, không có calendar.extra_*."
        )
    return lines + year_calendar(year, extra_off, extra_on).render()
