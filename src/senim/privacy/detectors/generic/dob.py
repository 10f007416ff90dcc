"""Dates of birth (``DATE_OF_BIRTH``): a date stated as a birth date.

Candidates are a plausible year (``19xx``/``20xx``, ASCII) and a numeric date with a two-digit
year (``27.02.61``); the registry marks the detector ``requires_context`` so the engine drops
candidates without a birth-date word nearby (дата рождения, д.р., г.р., туған күні, ж.т., born,
DOB, ...) or a birth-date column. The validator then grows a year to the full date around it:

- ``12.03.1985``, ``12/03/1985``, ``12-03-1985``; ``1985-03-12``; ``12.03.85`` (a two-digit year
  is the most recent past one: ``61`` is 1961, ``05`` is 2005);
- ``12 марта 1985`` (Russian months, genitive or nominative), ``12 March 1985``, ``March 12, 1985``;
- ``1985 жылғы 12 наурыз`` / ``1955 жылы 24 қаңтарда`` (Kazakh year-first dates, any month suffix);
- with the year word after the year when it is written: ``14 марта 1992 г.``, ``12.03.1985 года``,
  ``05.01.1969 ж.``, ``05.01.1969 жылы`` — but not the label of an after-cue (``г.р.``, ``года
  рождения``, ``ж.т.``, ``жылы туған``), which stays outside the span.

The date must exist and not lie in the future. A year with no full date around it is reported
alone with a lower score (``year_score``).

Which date a cue names
----------------------
The engine only checks that a cue word is somewhere in the window around a candidate, so one cue
would admit every date near it ("д.р. 4 июля 1970 г., на лечении с 2019-01-02 по 2019-02-04").
The validator therefore reads the text between cue and date (:func:`cue_owns`): a cue written
before a date (д.р., дата рождения, born, туған күні) names the nearest date after it, and no
longer does once another date, a date label (заезд, выдан, check-in, last seen, келген, "с"/"по",
...) or a sentence end stands between them; an after-cue (г.р., года рождения, ж.т., жылы туған,
or a clause-final туған / родился a few words on) names the date right before it. A date followed
by бастап / дейін (from / until) ends a period and is not a birth date. A candidate with cue words
around it of which none names it is rejected; one with no cue word at all (admitted by a
birth-date column) is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float

__all__ = [
    "MONTHS",
    "cue_owns",
    "find_birth_date",
    "find_short_birth_date",
    "is_past_date",
    "make_dob_validator",
]

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
#: A two-digit-year candidate: day, separator, month, the same separator, year.
_SHORT_DATE: Final = re.compile(r"([0-3]?[0-9])([./-])([01]?[0-9])\2([0-9]{2})\Z")
_SEPARATORS: Final = frozenset("./-")
#: The year word after a date that ends with its year: part of the date as written ("14 марта
#: 1992 г.", "12.03.1985 года", "05.01.1969 ж.", "1969 жылы"), unless it begins a label: an
#: abbreviation of two letters ("г.р.", "ж.т.") or "года рождения" / "жылы туған".
_YEAR_WORD: Final = re.compile(
    r"[ \t\u00a0]?(?:г\.|года\b|г(?![\w.])|ж\.|жылы\b|жылғы\b|ж(?![\w.]))"
    r"(?![ \t\u00a0]?[^\W\d_]\.|[ \t\u00a0]+(?:рожд|туған|туылған))",
    re.IGNORECASE,
)
_KK_AFTER: Final = re.compile(
    rf"\A\s*(?:ж\.|жылғы|жылы)?\s*([0-3]?[0-9])(?:-?(?:інші|ыншы|ші|шы))?\s+({_MONTH_ALT})\w*",
    re.IGNORECASE,
)

# --- cues ------------------------------------------------------------------------------------------
#: How far from the date the validator reads for cues (the engine's windows are within these).
CUE_BEFORE: Final = 80
CUE_AFTER: Final = 88
#: Cues written before the date they name ("д.р. 12.03.1985", "born on 5 May 1990").
#: Keys of JSON, key=value logs and CSV headers count as cues: "_" / "-" join their words and may
#: come before them (``birth_date``, ``date_of_birth``, ``birthDate``, ``user_dob``, ``дата_рождения``,
#: transliterated ``data_rozhdeniya``, ``tugan_kuni``).
_BEFORE_CUE: Final = re.compile(
    r"(?<![^\W_]|\.)(?:"
    r"дат[аы][\s_-]+рожд(?:ени[яе]|\.)?|рожд(?:ени[яе]|\.)|д\.[ \t\u00a0]?р\.|д/р\b|родил(?:ся|ась|ись|ось)\b"
    r"|born\b|d\.?o\.?b(?![^\W_])\.?|(?:date[\s_-]*of[\s_-]*)?birth(?:[ \t\u00a0_-]*date|[_-]?day)?(?![^\W_])"
    r"|data[\s_-]?ro[zj]h?d(?:eni[ey]a?)?(?![^\W_])|tugan[\s_-]?(?:kuni|kun|data)(?![^\W_])"
    r"|ту(?:ыл)?ған(?:[\s_]+(?:күні|күн|жылы))?|т\.[ \t\u00a0]?к\."
    r")",
    re.IGNORECASE,
)
#: Before-cue words that are also written after a date ("1960 года рождения", "1960 жылы туған"):
#: right after a date (and its year word) they belong to that date.
_AMBIGUOUS: Final = re.compile(r"\A(?:рожд|родил|туған|туылған)", re.IGNORECASE)
#: The end of a date right before such a cue: a year, a numeric date, or a day and a month in the
#: Kazakh locative ("9 мамырда"); not any digit ("төлқұжат N65226809, туған күні ...": a document
#: number before the cue leaves it to the date after it).
_DATE_JUST_BEFORE: Final = re.compile(
    r"(?:(?<![0-9A-Za-z])(?:19|20)[0-9]{2}|[0-9][./-][0-9]{2}"
    r"|(?<![0-9])[0-3]?[0-9][ \t\u00a0]?[^\W\d_]+(?:да|де|та|те))"
    r"(?:[ \t\u00a0]?(?:г\.?|года|ж\.?|жылы|жылғы))?[ \t\u00a0,]*\Z",
    re.IGNORECASE,
)
_BARE_VERBS: Final = frozenset({"туған", "туылған"})
_LABEL_COLON: Final = re.compile(r"[ \t\u00a0]*[:\-\u2013\u2014]")
#: Cues written right after the date they name: "г.р.", "года рождения", "ж.т.", "жылы туған".
_AFTER_CUE: Final = re.compile(
    r"[ \t\u00a0,(]*(?:г\.?[ \t\u00a0]?р\b\.?|ж\.?[ \t\u00a0]?т\b\.?"
    r"|(?:(?:г\.|года|г|ж\.|жылы|жылғы|ж)[ \t\u00a0]*)?"
    r"(?:рожд(?:ени[яе]|\.)|ту(?:ыл)?ған\b(?![ \t\u00a0]+(?:күн|жер|ауыл|қала|өлке|ел\b|тіл))"
    r"|родил(?:ся|ась|ись)\b))",
    re.IGNORECASE,
)
#: A verb a few words after the date: "1955 жылы 24 қаңтарда Павлодар қаласында туған", "12 марта
#: 1985 года в Алматы родился". The Kazakh participle must end its clause: followed by a noun it
#: is an attribute ("туған күні" someone's birthday, "туған ауылы" a native village).
_AFTER_VERB: Final = re.compile(
    r"[ \t\u00a0,]*((?:(?:[^\W\d_]+|[^\W\d_]{1,2}\.)[ \t\u00a0,]+){1,6})"
    r"(?:ту(?:ыл)?ған(?=[ \t\u00a0]*(?:[.,;:!?)]|\Z))|родил(?:ся|ась|ись)\b)",
    re.IGNORECASE,
)
#: Any cue word: with none around, the candidate was admitted by a birth-date column.
_ANY_CUE: Final = re.compile(
    _BEFORE_CUE.pattern + r"|(?<![\w.])(?:г\.?[ \t\u00a0]?р\b|ж\.?[ \t\u00a0]?т\b)", re.IGNORECASE
)
#: Between a cue and a date: another date or year.
_OTHER_DATE: Final = re.compile(
    r"(?<![0-9])(?:(?:19|20)[0-9]{2}|[0-3]?[0-9][./-][01]?[0-9][./-][0-9]{2})(?![0-9])"
)
#: Between a cue and a date: a label of another date, a period preposition, a sentence end.
_DATE_LABEL: Final = re.compile(
    r"(?<![\w])(?:"
    # Russian
    r"дат[аыу]|заезд\w*|выезд\w*|засел\w*|высел\w*|прибы\w*|убы[лт]\w*|поступ\w*|выпис\w*"
    r"|госпитал\w*|выда[нчв]\w*|действ\w*|истек\w*|оконч\w*|смерт\w*|умер\w*|скончал\w*|срок\w*"
    r"|период\w*|визит\w*|при[её]м\w*|регистрац\w*|с|со|по|до|от"
    # Kazakh
    r"|келген|кеткен|келу|кету|бастап|дейін|шейін|аралығ\w*|берілген|берілді|мерзім\w*|күні|қайтыс"
    # English
    r"|date[ds]?|check[- ]?in|check[- ]?out|arriv\w*|depart\w*|admi(?:tted|ssion)|discharg\w*"
    r"|seen|visit\w*|issued?|expir\w*|valid\w*|from|since|until|till|between|died|death|deceased"
    r"|registered|hired|joined|signed"
    r")(?![\w])"
    r"|(?<=[^\W\d_]{3})[.!?]+[ \t\u00a0]+(?=(?-i:[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ]))",
    re.IGNORECASE,
)
#: A date that starts or ends a period ("2022-11-02 бастап", "2023 жылға дейін").
_PERIOD_AFTER: Final = re.compile(
    r"[ \t\u00a0]*(?:-?[^\W\d_]+\.?[ \t\u00a0]+)?(?:бастап|дейін|шейін|аралығ)", re.IGNORECASE
)


def is_past_date(year: int, month: int, day: int, today: dt.date) -> bool:
    """Whether the date exists and is not after ``today`` (a birth date's first test)."""
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
    w = _YEAR_WORD.match(after)
    year_end = end + (w.end() if w else 0)
    m = _NUMERIC_BEFORE.search(before)
    if m and is_past_date(year, int(m.group(3)), int(m.group(1)), today):
        return lo + m.start(), year_end
    m = _ISO_AFTER.match(after)
    if m and is_past_date(year, int(m.group(1)), int(m.group(2)), today):
        return start, end + m.end()
    m = _DAY_MONTH_BEFORE.search(before)
    if m and is_past_date(year, _month(m.group(2)), int(m.group(1)), today):
        return lo + m.start(), year_end
    m = _MONTH_DAY_BEFORE.search(before)
    if m and is_past_date(year, _month(m.group(1)), int(m.group(2)), today):
        return lo + m.start(), end
    m = _KK_AFTER.match(after)
    if m and is_past_date(year, _month(m.group(2)), int(m.group(1)), today):
        return start, end + m.end()
    return None


def find_short_birth_date(
    value: str, start: int, end: int, today: dt.date | None = None
) -> tuple[int, int] | None:
    """The span of the date ``value[start:end]`` written with a two-digit year (``27.02.61``).

    The year is the most recent one not in the future (``61`` -> 1961, ``05`` -> 2005); the date
    must exist, use one separator twice and not be part of a longer dotted number (``1.12.03.85``,
    ``12.03.85.1``). The year word after it joins the span as after a four-digit year.
    """
    today = today or dt.date.today()
    m = _SHORT_DATE.match(value, start, end)
    if m is None or m.start() != start:
        return None
    if (start >= 2 and value[start - 1] in _SEPARATORS and value[start - 2].isdigit()) or (
        value[end : end + 1] in _SEPARATORS and value[end + 1 : end + 2].isdigit()
    ):
        return None
    day, month, yy = int(m.group(1)), int(m.group(3)), int(m.group(4))
    year = 2000 + yy
    if not is_past_date(year, month, day, today):
        year -= 100
        if not is_past_date(year, month, day, today):
            return None
    w = _YEAR_WORD.match(value, end, end + 12)
    return start, (w.end() if w else end)


def _before_cue_owns(value: str, start: int) -> bool | None:
    """Does the nearest cue before ``start`` name the date there (``None``: no cue)?"""
    lo = max(0, start - CUE_BEFORE)
    last = None
    for last in _BEFORE_CUE.finditer(value, lo, start):  # noqa: B007 - the last match is wanted
        pass
    if last is None:
        return None
    cue_start = last.start()
    if _AMBIGUOUS.match(last.group()) and _DATE_JUST_BEFORE.search(value, max(0, cue_start - 24), cue_start):
        return False  # "1960 года рождения, ..." / "1960 жылы туған, ...": the earlier date's cue
    gap = last.end()
    if last.group().lower() in _BARE_VERBS and not _LABEL_COLON.match(value, gap, start):
        return False  # "туған" ends its clause ("... 1955 жылы туған, ..."); a label is "Туған: ..."
    return not (_OTHER_DATE.search(value, gap, start) or _DATE_LABEL.search(value, gap, start))


def _after_cue_owns(value: str, end: int) -> bool:
    """Does a cue right after the date ending at ``end`` name it ("г.р.", "... туған")?"""
    if _AFTER_CUE.match(value, end, end + 24):
        return True
    m = _AFTER_VERB.match(value, end, end + CUE_AFTER)
    return m is not None and not _DATE_LABEL.search(value, m.start(1), m.end(1))


def cue_owns(value: str, start: int, end: int) -> bool | None:
    """Whether a birth-date cue in ``value`` names the date ``value[start:end]``.

    Returns
    -------
    bool or None
        ``True``: a cue before the date names it (nothing but words between them: no other date,
        date label or sentence end) or a cue after it does (``г.р.``, ``ж.т.``, ``... туған``);
        ``False``: there are cue words around, but each belongs to another date; ``None``: no
        cue word within :data:`CUE_BEFORE` / :data:`CUE_AFTER` characters (a column hint).
    """
    if _PERIOD_AFTER.match(value, end, end + 24):
        return False
    before = _before_cue_owns(value, start)
    if before or _after_cue_owns(value, end):
        return True
    if before is None and not (
        _ANY_CUE.search(value, end, end + CUE_AFTER)
        or _ANY_CUE.search(value, max(0, start - CUE_BEFORE), start)
    ):
        return None
    return False


def make_dob_validator(params: Mapping[str, object]) -> Validator:
    """Validator for birth-date candidates (a cue word or column is enforced by the engine).

    A four-digit year grows to the full date around it; a two-digit-year date is checked as it
    stands; either is kept only when a cue around it names it (:func:`cue_owns`).
    Parameters: ``score`` (a full date), ``year_score`` (a year alone).
    """
    score = param_float(params, "score", 0.6)
    year_score = param_float(params, "year_score", 0.35)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        today = dt.date.today()
        if end - start == 4:
            found = find_birth_date(value, start, end, today)
            if found is None and int(value[start:end]) > today.year:
                return None
        else:
            found = find_short_birth_date(value, start, end, today)
            if found is None:
                return None
        s, e = found if found is not None else (start, end)
        if cue_owns(value, s, e) is False:
            return None
        return Verdict(score if found is not None else year_score, False, s, e)

    return validate
