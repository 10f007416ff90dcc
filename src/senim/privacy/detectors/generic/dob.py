"""Dates of birth (``DATE_OF_BIRTH``): a date stated as a birth date.

The candidate regex only finds a plausible year (``19xx``/``20xx``, ASCII); the registry marks the
detector ``requires_context`` so the engine drops years without a birth-date word nearby
(дата рождения, д.р., родился, туған күні, born, DOB, ...) or a birth-date column. The validator
then grows the span to the full date around the year:

- ``12.03.1985``, ``12/03/1985``, ``12-03-1985``; ``1985-03-12``;
- ``12 марта 1985`` (Russian months, genitive or nominative), ``12 March 1985``, ``March 12, 1985``;
- with the Russian year word after the year when it is written: ``14 марта 1992 г.``, ``12.03.1985 года``;
- ``1985 жылғы 12 наурыз`` / ``1985 ж. 12 наурызда`` (Kazakh months, any suffix).

The date must exist and not lie in the future. A year with no full date around it is reported
alone with a lower score (``year_score``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float

__all__ = ["MONTHS", "find_birth_date", "make_dob_validator"]

#: Month-name prefixes (lower case) -> month number; a name matches when a word starts with one.
MONTHS: Final[dict[str, int]] = {
    # Russian (a stem covers the genitive "марта" and the nominative "март")
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    # Kazakh
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    # English (full names start with these abbreviations)
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH_ALT: Final = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMERIC_BEFORE: Final = re.compile(r"(?<![0-9])([0-3]?[0-9])([./-])([01]?[0-9])\2\Z")
_ISO_AFTER: Final = re.compile(r"\A-([01][0-9])-([0-3][0-9])(?![0-9])")
_DAY_MONTH_BEFORE: Final = re.compile(
    rf"(?<![\w])([0-3]?[0-9])(?:-?го)?\s+({_MONTH_ALT})\w*\.?,?\s+\Z", re.IGNORECASE
)
_MONTH_DAY_BEFORE: Final = re.compile(
    rf"(?<![\w])({_MONTH_ALT})[a-z]*\.?\s+([0-3]?[0-9])(?:st|nd|rd|th)?,?\s+\Z", re.IGNORECASE
)
#: The Russian year word after a date that ends with its year: part of the date as written
#: ("14 марта 1992 г.", "12.03.1985 года"), unless it begins "year of birth", a label ("г.р.",
#: "года рождения").
_RU_YEAR_WORD: Final = re.compile(
    r"\A[ \t\u00a0]?(?:г\.|года\b|г(?![\w.]))(?![ \t\u00a0]?р\.|[ \t\u00a0]+рожд)", re.IGNORECASE
)
_KK_AFTER: Final = re.compile(
    rf"\A\s*(?:ж\.|жылғы|жылы)?\s*([0-3]?[0-9])(?:-?(?:інші|ыншы|ші|шы))?\s+({_MONTH_ALT})\w*",
    re.IGNORECASE,
)


def _date(year: int, month: int, day: int, today: dt.date) -> bool:
    try:
        return dt.date(year, month, day) <= today
    except ValueError:
        return False


def _month(word: str) -> int:
    return MONTHS[word.lower()]


def find_birth_date(value: str, start: int, end: int, today: dt.date | None = None) -> tuple[int, int] | None:
    """The span of a full, existing, past date around the year ``value[start:end]``, if any."""
    today = today or dt.date.today()
    year = int(value[start:end])
    lo = max(0, start - 32)
    before = value[lo:start]
    after = value[end : end + 40]
    w = _RU_YEAR_WORD.match(after)
    year_end = end + (w.end() if w else 0)
    m = _NUMERIC_BEFORE.search(before)
    if m and _date(year, int(m.group(3)), int(m.group(1)), today):
        return lo + m.start(), year_end
    m = _ISO_AFTER.match(after)
    if m and _date(year, int(m.group(1)), int(m.group(2)), today):
        return start, end + m.end()
    m = _DAY_MONTH_BEFORE.search(before)
    if m and _date(year, _month(m.group(2)), int(m.group(1)), today):
        return lo + m.start(), year_end
    m = _MONTH_DAY_BEFORE.search(before)
    if m and _date(year, _month(m.group(1)), int(m.group(2)), today):
        return lo + m.start(), end
    m = _KK_AFTER.match(after)
    if m and _date(year, _month(m.group(2)), int(m.group(1)), today):
        return start, end + m.end()
    return None


def make_dob_validator(params: Mapping[str, object]) -> Validator:
    """Validator for birth-year candidates (context is enforced by the engine).

    Parameters: ``score`` (a full date), ``year_score`` (a year alone).
    """
    score = param_float(params, "score", 0.6)
    year_score = param_float(params, "year_score", 0.35)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        today = dt.date.today()
        found = find_birth_date(value, start, end, today)
        if found is not None:
            return Verdict(score, False, found[0], found[1])
        if int(value[start:end]) > today.year:
            return None
        return Verdict(year_score, False, start, end)

    return validate
