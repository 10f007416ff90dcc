"""Legal clocks: ISO 8601 periods, including working days (``PnWD``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from senim.i18n import gettext_format

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


# gettext message ids per unit: (one, other, Russian "few" for 2-4, 22-24 ...). English picks only
# the first two, so its text is the message id itself.
_UNITS = {
    "Y": ("{n} year", "{n} years", "{n} years [few]"),
    "M": ("{n} month", "{n} months", "{n} months [few]"),
    "W": ("{n} week", "{n} weeks", "{n} weeks [few]"),
    "D": ("{n} day", "{n} days", "{n} days [few]"),
    "WD": ("{n} working day", "{n} working days", "{n} working days [few]"),
}


def _plural_form(n: int, lang: str) -> int:
    """Index into a ``_UNITS`` entry: 0 one, 1 other, 2 few (Russian only)."""
    if lang != "ru":
        return 0 if n == 1 else 1  # Kazakh nouns stay singular after numerals: one text serves both
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 2
    return 1


def describe_period(period: str, lang: str = "en") -> str:
    """``P15D`` -> ``15 days`` (``15 дней`` in ``ru``, ``15 күн`` in ``kk``)."""
    m = _PERIOD.match(period)
    if m is None:
        return period
    n, unit = int(m.group(1)), m.group(2)
    message = _UNITS[unit][_plural_form(n, lang)]
    return gettext_format(message, lang, n=n)
