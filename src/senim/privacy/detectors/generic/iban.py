"""IBANs (``IBAN_CODE``): ISO 13616 country length, ISO 7064 mod 97-10, Kazakh bank codes.

Country lengths and the (partial) table of Kazakh bank codes are data files in ``data/``. A
Kazakh IBAN whose bank code is in the table scores higher; an unknown code does not reject it.
Lower-case IBANs are reported only next to an IBAN word (``any_case``). Candidates may be
grouped by spaces (``KZ86 125K ZT50 0410 0100``); when the candidate ran on
into a following group the span is trimmed to the country's length.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float
from senim.privacy.detectors.generic._data import data_rows

__all__ = ["iban_lengths", "is_valid_iban", "kz_bank_codes", "make_iban_validator", "mod97_ok"]

_LETTERS: Final = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


@lru_cache(maxsize=1)
def iban_lengths() -> Mapping[str, int]:
    """IBAN length per country code (``data/iban_lengths.txt``)."""
    return {row[0]: int(row[1]) for row in data_rows("iban_lengths.txt")}


@lru_cache(maxsize=1)
def kz_bank_codes() -> Mapping[str, tuple[str, str]]:
    """Kazakh bank code -> (BIC, bank name) (``data/kz_bank_codes.tsv``; partial)."""
    return {row[0]: (row[1], row[2]) for row in data_rows("kz_bank_codes.tsv")}


def mod97_ok(compact: str) -> bool:
    """ISO 7064 mod 97-10 over an upper-case compact IBAN (country, check digits, BBAN)."""
    if not compact.isascii() or not compact.isalnum():
        return False
    rearranged = (compact[4:] + compact[:4]).translate(_LETTERS)
    return int(rearranged) % 97 == 1


def is_valid_iban(text: str) -> bool:
    """True when ``text`` (spaces allowed) is an IBAN of a known country length with a valid checksum."""
    compact = text.replace(" ", "").upper()
    length = iban_lengths().get(compact[:2])
    return length is not None and len(compact) == length and compact[2:4].isdigit() and mod97_ok(compact)


def make_iban_validator(params: Mapping[str, object]) -> Validator:
    """Validator for IBAN candidates.

    Parameters: ``score`` (checksum and length), ``known_bank_score`` (Kazakh IBAN whose bank code
    is in the table), ``any_case`` (true: check lower- and mixed-case candidates as upper case,
    and leave upper-case ones to the ordinary detector; meant for a detector that requires an
    IBAN word, as a lower-case IBAN is not recognisable on format alone).
    """
    any_case = bool(params.get("any_case", False))
    score = param_float(params, "score", 0.9)
    bank_score = param_float(params, "known_bank_score", 0.95)
    lengths = iban_lengths()
    banks = kz_bank_codes()

    def validate(value: str, start: int, end: int) -> Verdict | None:
        candidate = value[start:end]
        if any_case:
            upper = candidate.upper()
            if upper == candidate:
                return None
            candidate = upper
        length = lengths.get(candidate[:2])
        if length is None:
            return None
        compact = candidate.replace(" ", "")
        if len(compact) < length:
            return None
        if len(compact) > length:
            # the regex took a following group: cut after `length` characters, at a group end only
            seen = 0
            cut = 0
            for ch in candidate:  # <= 40 characters
                cut += 1
                if ch != " ":
                    seen += 1
                    if seen == length:
                        break
            if candidate[cut : cut + 1] != " ":
                return None
            compact = compact[:length]
            end = start + cut
        if not mod97_ok(compact):
            return None
        known = compact[:2] == "KZ" and compact[4:7] in banks
        return Verdict(bank_score if known else score, True, start, end)

    return validate
