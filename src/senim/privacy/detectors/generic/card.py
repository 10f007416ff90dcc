"""Payment card numbers (``CREDIT_CARD``): 13-19 digits, Luhn mod 10 and issuer ranges.

Luhn alone accepts one random digit string in ten, so a candidate must also fall in a known
issuer range with a length that issuer uses (table below, from the card schemes' public
ranges).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float

__all__ = ["ISSUERS", "issuer_of", "luhn_ok", "make_card_validator"]

#: (first prefix, last prefix, allowed lengths, scheme); prefixes compared on equal length.
ISSUERS: Final[tuple[tuple[str, str, frozenset[int], str], ...]] = (
    ("4", "4", frozenset({13, 16, 19}), "Visa"),
    ("51", "55", frozenset({16}), "Mastercard"),
    ("2221", "2720", frozenset({16}), "Mastercard"),
    ("34", "34", frozenset({15}), "American Express"),
    ("37", "37", frozenset({15}), "American Express"),
    ("2200", "2204", frozenset({16, 17, 18, 19}), "Mir"),
    ("6011", "6011", frozenset({16, 17, 18, 19}), "Discover"),
    ("644", "649", frozenset({16, 17, 18, 19}), "Discover"),
    ("65", "65", frozenset({16, 17, 18, 19}), "Discover"),
    ("3528", "3589", frozenset({16, 17, 18, 19}), "JCB"),
    ("62", "62", frozenset({16, 17, 18, 19}), "UnionPay"),
    ("300", "305", frozenset({14, 16, 17, 18, 19}), "Diners Club"),
    ("36", "36", frozenset({14, 16, 17, 18, 19}), "Diners Club"),
    ("38", "39", frozenset({16, 17, 18, 19}), "Diners Club"),
    ("50", "50", frozenset({16, 17, 18, 19}), "Maestro"),
    ("56", "58", frozenset({16, 17, 18, 19}), "Maestro"),
    ("63", "63", frozenset({16, 17, 18, 19}), "Maestro"),
    ("67", "67", frozenset({16, 17, 18, 19}), "Maestro"),
)

_DOUBLED: Final[tuple[int, ...]] = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
_SEPARATORS: Final = str.maketrans("", "", " -")


def luhn_ok(digits: str) -> bool:
    """Luhn mod 10 over ASCII digits (at most a few dozen: used on candidates only)."""
    if not digits.isascii() or not digits.isdigit():
        return False
    values = [ord(c) - 48 for c in reversed(digits)]
    return (sum(values[0::2]) + sum(_DOUBLED[v] for v in values[1::2])) % 10 == 0


def issuer_of(digits: str) -> str | None:
    """The card scheme whose prefix range and lengths fit ``digits``, if any."""
    n = len(digits)
    for low, high, lengths, scheme in ISSUERS:
        if n in lengths and low <= digits[: len(low)] <= high:
            return scheme
    return None


def make_card_validator(params: Mapping[str, object]) -> Validator:
    """Validator for card candidates: 13-19 digits, Luhn and an issuer range.

    A grouped candidate that fails is retried without its last group (the regex is greedy).
    """
    verdict = Verdict(param_float(params, "score", 0.8), True)

    def ok(candidate: str) -> bool:
        digits = candidate.translate(_SEPARATORS)
        return 13 <= len(digits) <= 19 and issuer_of(digits) is not None and luhn_ok(digits)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        candidate = value[start:end]
        if ok(candidate):
            return verdict
        # a grouped candidate may have run into a following number ("... 0004 2024"): drop it
        cut = max(candidate.rfind(" "), candidate.rfind("-"))
        if cut >= 15 and ok(candidate[:cut]):
            return Verdict(verdict.score, True, start, start + cut)
        return None

    return validate
