"""Kazakhstan identity card numbers (``KZ_ID_CARD``): 9 digits, no check digit of their own.

Nine digits are far too common to mean anything alone, so the registry marks the plain detector
``requires_context``: it reports only near a context word (удостоверение, жеке куәлік, ID card)
or in a column whose name hints at it. In the card's machine-readable zone (TD1 line 1,
``IDKAZ`` + number + ICAO check digit) the number validates without context.
"""

from __future__ import annotations

from collections.abc import Mapping

from senim.privacy.detectors.base import Validator, Verdict, param_float
from senim.privacy.detectors.kz.passport import mrz_check_digit

__all__ = ["make_id_card_mrz_validator", "make_id_card_validator"]


def make_id_card_validator(params: Mapping[str, object]) -> Validator:
    """Format-only validator for 9 digits (context is enforced by the engine)."""
    verdict = Verdict(param_float(params, "score", 0.45), False)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        return verdict

    return validate


def make_id_card_mrz_validator(params: Mapping[str, object]) -> Validator:
    """Validator for ``IDKAZ`` + 9 digits + check digit; the span is trimmed to the 9 digits.

    A wrong check digit rejects the candidate (without context, 9 digits are not evidence).
    """
    score = param_float(params, "score", 0.95)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        number = value[start + 5 : start + 14]
        check = value[start + 14 : start + 15]
        if not check.isdigit() or mrz_check_digit(number) != ord(check) - 48:
            return None
        return Verdict(score, True, start + 5, start + 14)

    return validate
