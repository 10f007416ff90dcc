"""E-mail addresses (``EMAIL_ADDRESS``): syntax of the local part and domain, known TLD.

The candidate regex (registry) starts at the last character before the ``@``: a pattern that
began at the start of the local part would make Python's ``re`` try every position of a long
run of letters (quadratic) and, bounded, is too large for hyperscan. The validator grows the
span back over at most 64 local-part characters, refuses an address glued to a letter or digit
of another script, and checks the labels and the TLD. A TLD in the list (``data/tlds.txt``, data)
validates the address; any other TLD of 2-24 ASCII letters (a rare or new gTLD) is still reported,
unvalidated and at a lower score (``unknown_tld_score``).
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


def _tld_kind(address: str, tlds: frozenset[str]) -> int:
    """0: not an address; 1: well-formed with an unlisted 2-24-letter TLD; 2: listed TLD."""
    local, at, domain = address.rpartition("@")
    if not at or not local or len(local) > 64 or len(domain) > 253:
        return 0
    if local[0] == "." or local[-1] == "." or ".." in local:
        return 0
    labels = domain.split(".")
    if len(labels) < 2 or not all(0 < len(lb) <= 63 and lb[0] != "-" and lb[-1] != "-" for lb in labels):
        return 0
    tld = labels[-1]
    if tld.lower() in tlds:
        return 2
    return 1 if 2 <= len(tld) <= 24 and tld.isascii() and tld.isalpha() else 0


def _split_valid(address: str, tlds: frozenset[str]) -> bool:
    return _tld_kind(address, tlds) == 2


def is_valid_email(address: str) -> bool:
    """True for an ASCII address with a sane local part, well-formed labels and a listed TLD."""
    return address.isascii() and _split_valid(address, known_tlds())


def make_email_validator(params: Mapping[str, object]) -> Validator:
    """Validator for e-mail candidates (``x@domain``): grows the span over the local part.

    Leading dots of the local part stay outside the span; a local part longer than 64
    characters, or one glued to a letter or digit outside ASCII, rejects the candidate.
    Parameters: ``score`` (listed TLD, validated), ``unknown_tld_score`` (other TLD of 2-24
    letters, not validated; default 0.5).
    """
    verdict_score = param_float(params, "score", 0.9)
    unknown = Verdict(param_float(params, "unknown_tld_score", 0.5), False)
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
        kind = _tld_kind(value[first:end], tlds)
        if kind == 0:
            return None
        if kind == 1:
            return Verdict(unknown.score, False, first, end)
        return Verdict(verdict_score, True, first, end)

    return validate
