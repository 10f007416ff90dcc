"""Check digits of Kazakhstan's IIN (individuals) and BIN (legal entities).

Both are 12-digit numbers sharing one two-pass mod-11 check digit:

1. ``s1 = sum(d_i * w_i)`` over the first 11 digits with weights ``1..11``; ``k = s1 mod 11``.
2. If ``k == 10``, ``s2`` uses weights ``3,4,5,6,7,8,9,10,11,1,2``; ``k = s2 mod 11``.
3. If ``k`` is 10 again the number is never issued and is rejected.

References
----------
Government Decree No. 565 of 11.06.2003 and the rules at https://adilet.zan.kz/rus/docs/P070000406_
(digest: ``shared/law/kz-personal-data.md`` §2.8).

This module is pure and dependency-free so that the profile validator and the scanner share it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from functools import lru_cache
from operator import mul
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_ZERO_SUM = 48 * 66  # both weight rows sum to 66; ASCII '0' is 48

__all__ = [
    "check_digit",
    "classify_12",
    "has_valid_check_digit",
    "iin_birth_date",
    "is_bin_shaped",
    "is_valid_bin",
    "is_valid_iin",
    "make_bin_grouped_validator",
    "make_bin_validator",
    "make_iin_grouped_validator",
    "make_iin_validator",
]


def check_digit(first11: str) -> int | None:
    """Return the check digit for 11 leading digits, or ``None`` when no digit is valid."""
    if len(first11) != 11 or not first11.isascii() or not first11.isdigit():
        raise ValueError("expected exactly 11 ASCII digits")
    return _check(first11.encode("ascii"))


def _check(first11: bytes) -> int | None:
    # byte values are ASCII codes: subtract 48 * (sum of weights) once instead of per digit
    k: int = (sum(map(mul, first11, _W1)) - _ZERO_SUM) % 11
    if k == 10:
        k = (sum(map(mul, first11, _W2)) - _ZERO_SUM) % 11
        if k == 10:
            return None
    return k


def has_valid_check_digit(number: str) -> bool:
    """True when ``number`` is 12 ASCII digits whose last digit is the mod-11 check digit."""
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return False
    k = _check(number[:11].encode("ascii"))
    return k is not None and k == ord(number[11]) - 48


def iin_birth_date(number: str) -> _dt.date | None:
    """The birth date encoded in an IIN (digits 1-6 plus the century digit 7), if it is a real date."""
    if len(number) < 7 or not number[:7].isdigit():
        return None
    century_digit = ord(number[6]) - 48
    if not 1 <= century_digit <= 6:
        return None
    century = 1800 + 100 * ((century_digit - 1) // 2)
    try:
        return _dt.date(century + int(number[0:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        return None


def is_valid_iin(number: str) -> bool:
    """A structurally valid IIN: check digit, century/sex digit 1-6 and a real birth date."""
    return has_valid_check_digit(number) and iin_birth_date(number) is not None


def is_valid_bin(number: str) -> bool:
    """A structurally valid BIN: check digit, month 01-12, type digit 4-6, attribute digit 0-3."""
    if not has_valid_check_digit(number):
        return False
    month = int(number[2:4])
    return 1 <= month <= 12 and number[4] in "456" and number[5] in "0123"


def is_bin_shaped(number: str) -> bool:
    """True when digit 5 is 4-6: a BIN's entity-type digit, never the tens of a birth day.

    This is the only split between IIN and BIN: a 12-digit number with a valid check digit is a
    BIN when this holds and an IIN otherwise (dates and attribute digits only weigh the score).
    """
    return len(number) >= 5 and number[4] in "456"


@lru_cache(maxsize=1024)  # the IIN and BIN detectors see each 12-digit candidate in turn
def classify_12(number: str) -> tuple[str, bool] | None:
    """``(entity, plausible)`` for a 12-digit number with a valid check digit, else ``None``.

    ``entity`` is ``"KZ_BIN"`` or ``"KZ_IIN"`` (see :func:`is_bin_shaped`); ``plausible`` is
    :func:`is_valid_bin` or :func:`is_valid_iin`. An implausible date never rejects the number:
    post-2013 numbers need not encode one (design notes section 1.1).
    """
    if not has_valid_check_digit(number):
        return None
    if is_bin_shaped(number):
        return "KZ_BIN", is_valid_bin(number)
    return "KZ_IIN", iin_birth_date(number) is not None


def _make_validator(entity: str, params: Mapping[str, object]) -> Validator:
    score = param_float(params, "score", 0.85)
    implausible = param_float(params, "implausible_score", 0.6)
    plausible_verdict = Verdict(score, True)
    implausible_verdict = Verdict(implausible, True)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        found = classify_12(value[start:end])
        if found is None or found[0] != entity:
            return None
        return plausible_verdict if found[1] else implausible_verdict

    return validate


def make_iin_validator(params: Mapping[str, object]) -> Validator:
    """Validator of ``KZ_IIN`` candidates: check digit, not BIN-shaped; a bad date lowers the score.

    Parameters: ``score`` (plausible date and century digit), ``implausible_score``.
    """
    return _make_validator("KZ_IIN", params)


#: An IIN or BIN written in groups with one kind of separator: 6+6 (birth date, then the rest),
#: 3+3+3+3 or 4+4+4 (a candidate is at most 15 characters, so this never runs long).
_GROUPED: Final = re.compile(
    r"[0-9]{6}([ -])[0-9]{6}|[0-9]{3}([ -])[0-9]{3}\2[0-9]{3}\2[0-9]{3}|[0-9]{4}([ -])[0-9]{4}\3[0-9]{4}"
)


def _make_grouped_validator(entity: str, params: Mapping[str, object]) -> Validator:
    plain = _make_validator(entity, params)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        text = value[start:end]
        if _GROUPED.fullmatch(text) is None:
            return None
        digits = text.replace(" ", "").replace("-", "")
        return plain(digits, 0, 12)

    return validate


def make_iin_grouped_validator(params: Mapping[str, object]) -> Validator:
    """Validator of ``KZ_IIN`` written in groups (``880223 335929``, ``880 223 335 929``): the groups
    use one separator, then the checks of :func:`make_iin_validator` on the 12 digits."""
    return _make_grouped_validator("KZ_IIN", params)


def make_bin_grouped_validator(params: Mapping[str, object]) -> Validator:
    """Validator of ``KZ_BIN`` written in groups: as :func:`make_iin_grouped_validator`, for a BIN."""
    return _make_grouped_validator("KZ_BIN", params)


def make_bin_validator(params: Mapping[str, object]) -> Validator:
    """Validator of ``KZ_BIN`` candidates: check digit and BIN-shaped; bad month/attribute lowers it.

    Parameters: ``score`` (month 01-12, attribute digit 0-3), ``implausible_score``.
    """
    return _make_validator("KZ_BIN", params)
