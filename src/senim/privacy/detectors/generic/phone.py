"""Phone numbers (``PHONE_NUMBER``): the Kazakhstan numbering plan and international E.164.

Candidates come from the engine's ASCII regexes; here they are checked against the numbering
plan. Kazakh mobile numbers are checked against the operator codes listed in the registry
(``mobile_codes``: 700, 701, 702, 705-708, 747, 760-764, 771, 775-778, 785); other ``+7 7…``
numbers (landlines, ``+7 7172 …`` Astana) and international numbers are checked with
``phonenumbers``. ``phonenumbers.parse`` backtracks badly on crafted text (``tel:…;phone-context=``),
so it only ever sees a ``+`` followed by at most 15 ASCII digits built here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Final

import phonenumbers

from senim.privacy.detectors.base import Validator, Verdict, param_float, param_strings

__all__ = [
    "MAX_E164_DIGITS",
    "digits_only",
    "is_valid_e164",
    "kz_national_number",
    "make_intl_phone_validator",
    "make_kz_phone_validator",
]

#: E.164 allows at most 15 digits (country code included).
MAX_E164_DIGITS: Final = 15
_SEPARATORS: Final = str.maketrans("", "", " ()-.+")


def digits_only(candidate: str) -> str:
    """The digits of an ASCII phone candidate (drops ``+``, spaces, brackets, dashes and dots)."""
    return candidate.translate(_SEPARATORS)


def kz_national_number(candidate: str) -> str | None:
    """The 10-digit national number of a ``+7``/``8``/``8 10 7`` or bare candidate, if it has one."""
    digits = digits_only(candidate)
    if len(digits) == 10:
        national = digits
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    elif len(digits) == 14 and digits.startswith("8107"):
        national = digits[4:]
    else:
        return None
    return national if national[0] == "7" else None


def is_valid_e164(digits: str) -> bool:
    """True when ``+digits`` is a valid number for its country (``phonenumbers`` metadata).

    Only digit strings of 8-15 digits are parsed: the input can never trigger the parser's slow
    paths.
    """
    if not (8 <= len(digits) <= MAX_E164_DIGITS) or not digits.isascii() or not digits.isdigit():
        return False
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


@lru_cache(maxsize=4096)
def _kz_landline_prefix_ok(prefix6: str) -> bool:
    """Whether ``+7`` + ``prefix6`` + ``0000`` is a valid Kazakh non-mobile number.

    The Kazakh plan fixes the length (10 national digits) and decides by prefix, so one
    ``phonenumbers`` call (about 70 µs) per 6-digit prefix serves every number behind it.
    """
    try:
        number = phonenumbers.parse("+7" + prefix6 + "0000", None)
    except phonenumbers.NumberParseException:  # pragma: no cover - 11 digits always parse
        return False
    return (
        phonenumbers.region_code_for_number(number) == "KZ"
        and phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    )


def make_kz_phone_validator(params: Mapping[str, object]) -> Validator:
    """Validator for Kazakh numbers (``+7 7xx``, ``8 7xx``, ``8 10 7 7xx`` and bare ``7xx``).

    Parameters: ``score``; ``mobile_codes`` (3-digit operator codes accepted without a lookup);
    ``landline_score`` for other numbers that ``phonenumbers`` confirms in region KZ;
    ``mobile_only`` (true: nothing but operator codes, for bare 10-digit candidates).
    """
    score = param_float(params, "score", 0.8)
    landline_score = param_float(params, "landline_score", score)
    codes = frozenset(param_strings(params, "mobile_codes"))
    if not codes or any(len(c) != 3 or not c.isdigit() for c in codes):
        raise ValueError("parameter 'mobile_codes' must list 3-digit operator codes")
    mobile_only = bool(params.get("mobile_only", False))
    mobile = Verdict(score, True)
    landline = Verdict(landline_score, True)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        national = kz_national_number(value[start:end])
        if national is None:
            return None
        if national[:3] in codes:
            return mobile
        if mobile_only or not _kz_landline_prefix_ok(national[:6]):
            return None  # also a mobile range whose operator code the registry does not list
        return landline

    return validate


def make_intl_phone_validator(params: Mapping[str, object]) -> Validator:
    """Validator for ``+`` international numbers; ``+7 7…`` is left to the Kazakh detector."""
    verdict = Verdict(param_float(params, "score", 0.75), True)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        digits = digits_only(value[start:end])
        if digits.startswith("77"):
            return None
        return verdict if is_valid_e164(digits) else None

    return validate
