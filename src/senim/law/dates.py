"""Legal clocks: ISO 8601 periods, including working days (``PnWD``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["add_period", "describe_period"]

_PERIOD = re.compile(r"^P(\d{1,4})(Y|M|W|D|WD)$")


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_period(day: dt.date, period: str) -> dt.date:
    """``day`` plus an ISO 8601 period (``P1Y``, ``P6M``, ``P2W``, ``P15D``) or ``PnWD`` working days.

    Working days skip Saturdays and Sundays; public holidays are not modelled, so a working-day
    deadline may in fact fall later (never earlier) than computed.
    """
    m = _PERIOD.match(period)
    if m is None:
        raise ValueError(f"invalid period {period!r}")
    n, unit = int(m.group(1)), m.group(2)
    if unit == "Y":
        return _add_months(day, 12 * n)
    if unit == "M":
        return _add_months(day, n)
    if unit == "W":
        return day + dt.timedelta(weeks=n)
    if unit == "D":
        return day + dt.timedelta(days=n)
    out = day
    left = n
    while left:
        out += dt.timedelta(days=1)
        if out.weekday() < 5:
            left -= 1
    return out


_UNITS = {
    "Y": ("year", "years"),
    "M": ("month", "months"),
    "W": ("week", "weeks"),
    "D": ("day", "days"),
    "WD": ("working day", "working days"),
}


def describe_period(period: str) -> str:
    """``P15D`` -> ``15 days``."""
    m = _PERIOD.match(period)
    if m is None:
        return period
    n, unit = int(m.group(1)), m.group(2)
    one, many = _UNITS[unit]
    return f"{n} {one if n == 1 else many}"
