"""Human-facing formatting in Vietnamese style: 238.512, 38,40%, 14/05/2020."""

from __future__ import annotations

import datetime as dt
from typing import SupportsInt

import pandas as pd


def vn_int(value: SupportsInt | str | None) -> str:
    """238512 → '238.512'."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f"{int(value):,}".replace(",", ".")


def vn_percent(part: float, whole: float, digits: int = 2) -> str:
    """part/whole as '38,40%' ('' when whole is 0)."""
    if not whole:
        return ""
    return f"{100 * part / whole:.{digits}f}".replace(".", ",") + "%"


def vn_date(value: object) -> str:
    """A date, datetime, Timestamp or ISO text as dd/mm/yyyy ('' when missing: None, NaT, NaN)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if not isinstance(value, dt.date):
        raise TypeError(f"vn_date: not a date: {value!r}")
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: object) -> str:
    """A timestamp as dd/mm/yyyy HH:MM, or dd/mm/yyyy when it has no time of day."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    ts = pd.Timestamp(value)
    if ts.hour == 0 and ts.minute == 0 and ts.second == 0:
        return ts.strftime("%d/%m/%Y")
    return ts.strftime("%d/%m/%Y %H:%M")


def nd30_month(day: dt.date) -> str:
    """The month as Nghị định 30/2020 writes it in dates: '01', '02', then '3' … '12'
    (days always take two digits)."""
    return f"{day.month:02d}" if day.month <= 2 else str(day.month)


def vn_long_date(day: dt.date, place: str | None = None) -> str:
    """'Đắk Lắk, ngày 14 tháng 5 năm 2020' (no place: 'ngày 14 tháng 5 năm 2020')."""
    text = f"ngày {day.day:02d} tháng {nd30_month(day)} năm {day.year}"
    return f"{place}, {text}" if place else text
