"""Dates of birth in tables written inside free text (``DATE_OF_BIRTH``, detector ``dob.table``).

Exports pasted into a message, a ticket or a document carry their own column names: a CSV-like
block (``id;фио;иин;дата_рождения;телефон`` then ``30954;…;28.07.1967;…``) or a markdown table
(``| # | Name | Date of birth |`` then ``| 1 | … | 07/01/2007 |``). The engine's context window
sees only the first rows under such a header, and a birth-date word there would name every date
of the row; so this validator reads the table itself:

- a *header* is a line with a delimiter (``|``, tab, ``;`` or ``,``: the most frequent of them in
  the line) one of whose cells is a short birth-date column name (:data:`BIRTH_COLUMNS`, matched
  as a column hint: ``Date of birth``, ``birthDate``, ``дата_рождения``, ``Д.р.``, ``Туған күні``,
  ``data_rozhdeniya``);
- its *rows* are the lines right after it with the same number of delimiters (markdown rule
  lines such as ``|---|:---:|`` are skipped);
- a candidate (a numeric date after a delimiter: ``;28.07.1967``, ``| 1990-12-01``; the engine's
  patterns) is a date of birth when that delimiter is the table's, the cell is the birth-date
  column (counted by delimiters) and the date, existing and past, fills the whole cell (blanks and
  quotes aside). Day first (``03.09.1984``, ``27.02.61``), year first (``1984-09-03``), or month
  first when only that reading is a date (``11/30/2005``).

A year alone, a date in another column (a visit or registration date), a date in a line that
does not fit the table and a date in the table's first column (no delimiter before it) are not
reported. The per-value table analysis is cached, so the candidates of one long value cost one
look each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from senim.privacy.context import field_matches, field_tokens
from senim.privacy.detectors.base import Validator, Verdict, param_float
from senim.privacy.detectors.generic.dob import is_past_date

__all__ = [
    "BIRTH_COLUMNS",
    "TableColumn",
    "birth_date_columns",
    "is_birth_date_text",
    "make_dob_table_validator",
]

#: Column names of a birth date (hints: whole tokens, see :func:`senim.privacy.context.field_matches`).
#: No bare "туған" / "birth": "Туған жері", "Birth place" are places.
BIRTH_COLUMNS: Final = (
    "dob", "d o b", "birth date", "date of birth", "birthdate", "birthday", "дата рождения",
    "дата рожд", "д р", "туған күні", "туған күн", "туылған күні", "туған уақыты", "data rozhdeniya",
    "data rozhd", "tugan kuni",
)  # fmt: skip
#: Cheap test for a line that may hold a birth-date column name.
_HINT: Final = re.compile(
    r"birth|d[ ./_-]?o[ ./_-]?b|рожд|туған|туылған|ro[zj]h?d|tugan|д[ ./_-]{1,2}р", re.IGNORECASE
)
_DELIMITERS: Final = ("|", "\t", ";", ",")
#: A markdown rule line under the header (``|---|:--:|``, ``+----+``).
_RULE: Final = re.compile(r"[ \t|:+=-]*-{2,}[ \t|:+=-]*\r?")
#: Most tokens a header cell may have (a name, not a sentence about a birth date).
_MAX_HEADER_TOKENS: Final = 5
_CELL_BLANKS: Final = " \t\r\"'`*"
#: A numeric date filling a cell: day first (two- or four-digit year) or year first.
_DAY_FIRST: Final = re.compile(r"([0-3]?[0-9])([./-])([0-3]?[0-9])\2((?:19|20)?[0-9]{2})")
_YEAR_FIRST: Final = re.compile(r"((?:19|20)[0-9]{2})([./-])([01]?[0-9])\2([0-3]?[0-9])")


@dataclass(frozen=True, slots=True)
class TableColumn:
    """Rows ``[start, end)`` of a value under a header whose cell ``column`` names a birth date.

    ``delimiter`` separates the cells; ``cells`` is the header's cell count.
    """

    start: int
    end: int
    delimiter: str
    column: int
    cells: int


def _line_end(value: str, pos: int) -> int:
    end = value.find("\n", pos)
    return len(value) if end < 0 else end


def _header_column(header: str) -> tuple[str, int, int] | None:
    """``(delimiter, birth-date column, cell count)`` of a header line, if it is one."""
    delimiter = max(_DELIMITERS, key=header.count)
    if delimiter not in header:
        return None
    cells = header.split(delimiter)
    # only the cells with a birth-date word are read as names (a sentence has many cells)
    found = [
        i
        for i, cell in enumerate(cells)
        if _HINT.search(cell) is not None
        and len(field_tokens(cell)) <= _MAX_HEADER_TOKENS
        and field_matches(cell.strip(_CELL_BLANKS), BIRTH_COLUMNS)
    ]
    if len(found) != 1:
        return None  # no such column, or two (ambiguous)
    return delimiter, found[0], len(cells)


@lru_cache(maxsize=16)
def birth_date_columns(value: str) -> tuple[TableColumn, ...]:
    """The table blocks of ``value`` whose header names a birth-date column (see the module docstring)."""
    if _HINT.search(value) is None:
        return ()
    blocks: list[TableColumn] = []
    done = -1
    for hint in _HINT.finditer(value):
        line_start = value.rfind("\n", 0, hint.start()) + 1
        if line_start <= done:
            continue
        line_end = _line_end(value, hint.end())
        done = line_end
        header = _header_column(value[line_start:line_end])
        if header is None:
            continue
        delimiter, column, cells = header
        rows_start = pos = line_end + 1
        rows_end = -1
        while pos < len(value):
            end = _line_end(value, pos)
            line = value[pos:end]
            if not _RULE.fullmatch(line):
                if line.count(delimiter) != cells - 1:
                    break
                rows_end = end
            pos = end + 1
        if rows_end > rows_start:
            blocks.append(TableColumn(rows_start, rows_end, delimiter, column, cells))
            done = rows_end
    return tuple(blocks)


def _cell_end(value: str, start: int, block: TableColumn) -> int | None:
    """The end of the cell starting at ``start`` (blanks and quotes off), if that cell is the
    birth-date column of ``block``."""
    line_start = value.rfind("\n", 0, start) + 1
    delimiter = block.delimiter
    if value.count(delimiter, line_start, start) != block.column:
        return None
    line_end = _line_end(value, start)
    cell_end = value.find(delimiter, start, line_end)
    if cell_end < 0:
        cell_end = line_end
    while cell_end > start and value[cell_end - 1] in _CELL_BLANKS:
        cell_end -= 1
    return cell_end


def is_birth_date_text(text: str, today: dt.date | None = None) -> bool:
    """Whether ``text`` is a whole numeric date that exists and is not in the future.

    Day first (a two-digit year is the most recent past one), year first, or month first with
    ``/`` when the day-first reading is no date (``11/30/2005``).
    """
    today = today or dt.date.today()
    m = _YEAR_FIRST.fullmatch(text)
    if m is not None:
        return is_past_date(int(m.group(1)), int(m.group(3)), int(m.group(4)), today)
    m = _DAY_FIRST.fullmatch(text)
    if m is None:
        return False
    first, second, year_text = int(m.group(1)), int(m.group(3)), m.group(4)
    years = [int(year_text)] if len(year_text) == 4 else [2000 + int(year_text), 1900 + int(year_text)]
    readings = [(second, first)] + ([(first, second)] if m.group(2) == "/" else [])
    return any(is_past_date(y, mo, d, today) for mo, d in readings for y in years)


def make_dob_table_validator(params: Mapping[str, object]) -> Validator:
    """Validator for a numeric date after a delimiter that fills a birth-date cell of a table in text.

    Parameters: ``score`` (the reported score; no context word is needed or looked for).
    """
    verdict = Verdict(param_float(params, "score", 0.85), False)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        blocks = birth_date_columns(value)
        if not blocks:
            return None  # the common case: no table with a birth-date column in this value
        block = next((b for b in blocks if b.start <= start < b.end), None)
        if block is None or value[start] != block.delimiter:
            return None
        cell_start = start + 1
        while cell_start < end and value[cell_start] in _CELL_BLANKS:
            cell_start += 1
        if _cell_end(value, cell_start, block) != end or not is_birth_date_text(value[cell_start:end]):
            return None  # another column, more in the cell than the date, or no such date
        return Verdict(verdict.score, False, cell_start, end)

    return validate
