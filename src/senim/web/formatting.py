"""Dates, times, numbers and durations in the reader's language (babel: kk_KZ, ru_RU, en_GB).

Times are shown in Kazakhstan's time (UTC+5, one national zone since 2024-03-01), as the
registry's incident clocks count in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal, format_percent

from senim.registry.services import KZ_TIME

__all__ = ["LOCALES", "Formatter"]

Unit = Literal["year", "month", "week", "day", "hour", "minute", "second"]

LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}


@dataclass(frozen=True, slots=True)
class Formatter:
    """Formatting bound to one language; every method accepts None and then returns an empty string."""

    lang: str

    @property
    def locale(self) -> str:
        return LOCALES.get(self.lang, "kk_KZ")

    def date(self, value: dt.date | dt.datetime | str | None, format: str = "medium") -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        if isinstance(value, dt.datetime):
            value = value.astimezone(KZ_TIME).date() if value.tzinfo else value.date()
        return format_date(value, format=format, locale=self.locale)

    def datetime(self, value: dt.datetime | str | None, format: str = "medium") -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return format_datetime(value.astimezone(KZ_TIME), format=format, locale=self.locale)

    def number(self, value: float | int | None, digits: int | None = None) -> str:
        if value is None:
            return ""
        if digits is not None:
            return format_decimal(
                value, format="#,##0." + "0" * digits if digits else "#,##0", locale=self.locale
            )
        return format_decimal(value, locale=self.locale)

    def percent(self, value: float | None) -> str:
        if value is None:
            return ""
        return format_percent(value, locale=self.locale)

    def timedelta(
        self, value: dt.timedelta | None, *, direction: bool = True, granularity: Unit = "minute"
    ) -> str:
        """A duration as words ("in 3 days", "2 hours ago" in the reader's language)."""
        if value is None:
            return ""
        return format_timedelta(
            value, add_direction=direction, granularity=granularity, threshold=1.0, locale=self.locale
        )

    def duration(self, value: dt.timedelta | None) -> str:
        """A length of time in at most two units, e.g. "1 day 20 hours", "3 hours 5 minutes" (unsigned)."""
        if value is None:
            return ""
        seconds = abs(int(value.total_seconds()))
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        parts: list[tuple[int, Unit]] = [(days, "day"), (hours, "hour"), (minutes, "minute")]
        chosen = [(n, unit) for n, unit in parts if n][:2] or [(0, "minute")]
        seconds_of: dict[Unit, int] = {"day": 86400, "hour": 3600, "minute": 60}
        return " ".join(
            format_timedelta(
                dt.timedelta(seconds=n * seconds_of[unit]),
                granularity=unit,
                threshold=10**9,  # never promote to a larger unit: the caller chose the unit
                format="long",
                locale=self.locale,
            )
            for n, unit in chosen
        )
