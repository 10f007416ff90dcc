"""Kazakhstan passport numbers (``KZ_PASSPORT``): ``N`` + 8 digits; ICAO 9303 MRZ check digits.

The letter-plus-eight-digits form has no check digit of its own, so a bare match is format-only
evidence (low score, raised by context words). In the machine-readable zone of a passport (TD3
line 2) the number is followed by its check digit (weights 7-3-1, mod 10) and the nationality
``KAZ``: a matching check digit validates the number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float

__all__ = ["make_passport_mrz_validator", "make_passport_validator", "mrz_check_digit"]

_WEIGHTS: Final[tuple[int, int, int]] = (7, 3, 1)


def _mrz_value(ch: str) -> int:
    if "0" <= ch <= "9":
        return ord(ch) - 48
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    if ch == "<":
        return 0
    raise ValueError("not an MRZ character")


def mrz_check_digit(field: str) -> int:
    """ICAO 9303 check digit of an MRZ field (``0-9``, ``A-Z``, ``<``).

    Raises
    ------
    ValueError
        When ``field`` holds a character outside the MRZ alphabet.
    """
    return sum(_mrz_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field)) % 10


def make_passport_validator(params: Mapping[str, object]) -> Validator:
    """Format-only validator for ``N`` + 8 digits (the pattern already fixed the format)."""
    verdict = Verdict(param_float(params, "score", 0.45), False)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        return verdict

    return validate


def make_passport_mrz_validator(params: Mapping[str, object]) -> Validator:
    """Validator for an MRZ candidate ``N12345678`` + check digit + ``KAZ``.

    A correct check digit validates the number (``score``); a wrong one leaves format-only
    evidence (``format_score``). The span is trimmed to the 9-character number.
    """
    score = param_float(params, "score", 0.95)
    format_score = param_float(params, "format_score", 0.45)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        number = value[start : start + 9].upper()
        check = value[start + 9 : start + 10]
        ok = check.isdigit() and mrz_check_digit(number) == ord(check) - 48
        return Verdict(score if ok else format_score, ok, start, start + 9)

    return validate
