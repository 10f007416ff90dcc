"""E-mail addresses (``EMAIL_ADDRESS``): syntax of the local part and domain, known TLD.

The candidate regex (registry) starts at the last character before the ``@``: a pattern that
began at the start of the local part would make Python's ``re`` try every position of a long
run of letters (quadratic) and, bounded, is too large for hyperscan. The validator grows the
span back over at most 64 local-part characters, refuses an address glued to a letter or digit
of another script, and checks the labels and the TLD (``data/tlds.txt``, data).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float
from senim.privacy.detectors.generic._data import data_rows

__all__ = ["LOCAL_CHARS", "is_valid_email", "known_tlds", "make_email_validator"]

#: Characters accepted in the local part (a practical subset of RFC 5322 atoms).
LOCAL_CHARS: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-"
_MAX_LOCAL: Final = 64


@lru_cache(maxsize=1)
def known_tlds() -> frozenset[str]:
    """The accepted top-level domains (lower case)."""
    return frozenset(row[0].lower() for row in data_rows("tlds.txt"))


def _split_valid(address: str, tlds: frozenset[str]) -> bool:
    local, at, domain = address.rpartition("@")
    if not at or not local or len(local) > 64 or len(domain) > 253:
        return False
    if local[0] == "." or local[-1] == "." or ".." in local:
        return False
    labels = domain.split(".")
    if len(labels) < 2 or labels[-1].lower() not in tlds:
        return False
    return all(0 < len(lb) <= 63 and lb[0] != "-" and lb[-1] != "-" for lb in labels)


def is_valid_email(address: str) -> bool:
    """True for an ASCII address with a sane local part, well-formed labels and a known TLD."""
    return address.isascii() and _split_valid(address, known_tlds())


def make_email_validator(params: Mapping[str, object]) -> Validator:
    """Validator for e-mail candidates (``x@domain``): grows the span over the local part.

    Leading dots of the local part stay outside the span; a local part longer than 64
    characters, or one glued to a letter or digit outside ASCII, rejects the candidate.
    """
    verdict_score = param_float(params, "score", 0.9)
    tlds = known_tlds()

    def validate(value: str, start: int, end: int) -> Verdict | None:
        at = value.index("@", start, end)
        lo = at - _MAX_LOCAL - 1
        prefix = value[lo if lo > 0 else 0 : at]
        local_len = len(prefix) - len(prefix.rstrip(LOCAL_CHARS))
        if local_len > _MAX_LOCAL:
            return None
        first = at - local_len
        if (first and value[first - 1].isalnum()) or value[end : end + 1].isalnum():
            return None
        while first < at and value[first] == ".":
            first += 1
        if not _split_valid(value[first:end], tlds):
            return None
        return Verdict(verdict_score, True, first, end)

    return validate
