"""Payment card numbers (``CREDIT_CARD``): 12-19 digits, Luhn mod 10 and issuer ranges.

Luhn alone accepts one random digit string in ten, so a candidate must also fall in a known
issuer range with a length that issuer uses (table below, from the card schemes' public
ranges). Numbers of 16-19 digits and 15-digit American Express stand on their own; shorter ones
(12-19-digit Maestro, 15-digit JCB 2131/1800, 14-digit Diners, 13-digit Visa) are only reported
by the detector that requires a card word (``short: true``): a 12-digit number is as likely an
IIN/BIN or an order number. A 16-19-digit number that passes Luhn in no listed range (fuel and
store cards, ISO/IEC 7812 industries 1, 7-9, new ranges) is reported only next to a card word, at a
lower score (``unlisted: true``).

A card number is a whole run of digit groups (``6252 3784 4588 3259``), or one of several whole
cards side by side (``4111 1111 1111 1111 5500 0000 0000 0004``), never the first groups of a
longer run: a grouped span is refused when the digit group right after it (or right before it)
continues the same layout (a group as long as the span's last, or first, group) and the two
together have at most 19 digits. A group of another length is another number (a day, an amount:
``5490 8733 7530 7408 23 февраля``), and so is a group that starts a date, a time or a decimal
(``12/25``, ``10.30``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float

__all__ = [
    "ISSUERS",
    "MAX_LENGTH",
    "SHORT_LENGTH",
    "continues_group_run",
    "issuer_of",
    "luhn_ok",
    "make_card_validator",
    "needs_context",
]

_MAESTRO_LENGTHS: Final = frozenset(range(12, 20))

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
    ("2131", "2131", frozenset({15}), "JCB"),
    ("1800", "1800", frozenset({15}), "JCB"),
    ("62", "62", frozenset({16, 17, 18, 19}), "UnionPay"),
    ("300", "305", frozenset({14, 16, 17, 18, 19}), "Diners Club"),
    ("36", "36", frozenset({14, 16, 17, 18, 19}), "Diners Club"),
    ("38", "39", frozenset({14, 16, 17, 18, 19}), "Diners Club"),
    ("50", "50", _MAESTRO_LENGTHS, "Maestro"),
    ("56", "69", _MAESTRO_LENGTHS, "Maestro"),
)
#: Schemes whose short numbers (< 16 digits) stand on their own; other short numbers (a 12-digit
#: Maestro may be an IIN, a 13-digit Visa an order number) need a card word nearby.
_SHORT_ALONE: Final = frozenset({"American Express"})
#: Shortest number that needs no context, whatever the scheme.
SHORT_LENGTH: Final = 16

#: Most digits of a card number (ISO/IEC 7812).
MAX_LENGTH: Final = 19
#: The digit group right after a span (one space or dash before it), unless it starts a date, a time
#: or a decimal ("12/25", "10.30").
_NEXT_GROUP: Final = re.compile(r"[ -]([0-9]+)(?![0-9])(?![/.:][0-9])", re.ASCII)
#: The digit group right before a span (one space or dash after it), unless it ends a date or a time.
_PREV_GROUP: Final = re.compile(r"(?<![0-9])(?<![0-9][/.:])([0-9]+)[ -]\Z", re.ASCII)
_GROUPS: Final = re.compile(r"[0-9]+", re.ASCII)
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


def needs_context(length: int, scheme: str) -> bool:
    """Whether a card number of this length and scheme is only reported next to a card word."""
    return length < SHORT_LENGTH and scheme not in _SHORT_ALONE


def continues_group_run(value: str, start: int, end: int) -> bool:
    """Whether the grouped span ``value[start:end]`` is only the start (or end) of a longer number.

    The group right after (or right before) the span, joined by one space or dash, belongs to the
    same number when it is as long as the span's last (or first) group and the two together have
    at most :data:`MAX_LENGTH` digits: ``6252 3784 4588`` followed by `` 3259`` is the start of a
    16-digit number, not a 12-digit card; ``4111 1111 1111 1111`` followed by `` 2024`` (20 digits)
    or by `` 23`` (another layout) is a whole card. A span without separators has no layout to
    continue: never.
    """
    groups = _GROUPS.findall(value, start, end)
    if len(groups) < 2:
        return False
    length = sum(map(len, groups))
    nxt = _NEXT_GROUP.match(value, end)
    if nxt is not None and len(nxt.group(1)) == len(groups[-1]) and length + len(groups[-1]) <= MAX_LENGTH:
        return True
    prev = _PREV_GROUP.search(value, max(start - 2 * MAX_LENGTH, 0), start) if start else None
    return prev is not None and len(prev.group(1)) == len(groups[0]) and length + len(groups[0]) <= MAX_LENGTH


def make_card_validator(params: Mapping[str, object]) -> Validator:
    """Validator for card candidates: 12-19 digits, Luhn and an issuer range.

    Parameters: ``score``; ``short`` (false: only numbers that stand alone, see
    :func:`needs_context`; true: only the short numbers that need context, for a detector that
    requires a card word); ``unlisted`` (true: only 16-19-digit numbers that pass Luhn but fall
    in no issuer range of :data:`ISSUERS`, for a detector that requires a card word). A grouped
    candidate that fails is retried without its last group (the regex is greedy). A span that a
    neighbouring digit group could extend (:func:`continues_group_run`) is refused.
    """
    verdict = Verdict(param_float(params, "score", 0.8), True)
    short = bool(params.get("short", False))
    unlisted = bool(params.get("unlisted", False))
    min_cut = 14 if short or unlisted else 15  # the batch form (long numbers only) assumes 15

    def ok(candidate: str) -> bool:
        digits = candidate.translate(_SEPARATORS)
        if not 12 <= len(digits) <= 19:
            return False
        scheme = issuer_of(digits)
        if unlisted:
            # a 16-19-digit number in no listed range (a fuel, store or newly assigned card, a
            # test number), for a detector that requires a card word
            return scheme is None and len(digits) >= SHORT_LENGTH and luhn_ok(digits)
        return scheme is not None and needs_context(len(digits), scheme) == short and luhn_ok(digits)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        candidate = value[start:end]
        if ok(candidate):
            return None if continues_group_run(value, start, end) else verdict
        # a grouped candidate may have run into a following number ("... 0004 2024"): drop it
        cut = max(candidate.rfind(" "), candidate.rfind("-"))
        if cut >= min_cut and ok(candidate[:cut]) and not continues_group_run(value, start, start + cut):
            return Verdict(verdict.score, True, start, start + cut)
        return None

    return validate
