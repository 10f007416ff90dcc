"""Masked forms of found values: enough to recognise a finding, never enough to recover it.

Separators (spaces, dashes, dots, brackets) are kept so the shape stays readable; every letter
and digit outside the kept prefix/suffix becomes ``*``. The kept parts per entity:

- ``KZ_IIN``, ``KZ_BIN``: the first 4 digits (year and month), as in the contract's example;
- ``CREDIT_CARD``: the first 4 and the last 4 digits (PCI DSS masked PAN shows at most 6 + 4);
- ``IBAN_CODE``: the country code and check digits (4 characters);
- ``PHONE_NUMBER``: a leading ``+`` and the first 2 digits;
- ``EMAIL_ADDRESS``: the first character of the local part and the whole domain;
- ``PERSON``: the first letter of each word;
- everything else: nothing.

Masking runs once per finding (hundreds of thousands per scan), so it works with ``str.translate``
rather than a loop over characters.
"""

from __future__ import annotations

import re

__all__ = ["mask_value"]

_KEEP_PREFIX = {"KZ_IIN": 4, "KZ_BIN": 4, "CREDIT_CARD": 4, "IBAN_CODE": 4, "PHONE_NUMBER": 2}
_KEEP_SUFFIX = {"CREDIT_CARD": 4}
_ALNUM = re.compile(r"[^\W_]")
_NOT_FIRST_LETTER = re.compile(r"(?<=[^\W\d_])[^\W\d_]")


class _MaskTable(dict[int, int]):
    """``str.translate`` table: every letter or digit becomes ``*`` (computed once per code point)."""

    def __missing__(self, code: int) -> int:
        result = 42 if chr(code).isalnum() else code
        self[code] = result
        return result


_TABLE = _MaskTable()


_FIRST: dict[int, re.Pattern[str]] = {}


def _cut(value: str, nth: int) -> int:
    """The index just after the ``nth`` letter or digit of ``value`` (``len(value)`` if fewer)."""
    if nth <= 0:
        return 0
    pattern = _FIRST.get(nth)
    if pattern is None:
        pattern = _FIRST[nth] = re.compile(r"(?:[\W_]*[^\W_]){" + str(nth) + "}")
    found = pattern.match(value)
    return found.end() if found is not None else len(value)


def mask_value(entity: str, value: str) -> str:
    """The masked form of ``value`` found as ``entity``."""
    if value.isdigit() and value.isascii() and entity != "PERSON":
        # the common case (an IIN, BIN, card or phone written without separators): the same
        # result as the general path below, without its regular expressions
        n = len(value)
        head = min(_KEEP_PREFIX.get(entity, 0), n)
        tail = _KEEP_SUFFIX.get(entity, 0) if n >= 12 else 0
        return value[:head] + "*" * (n - head - tail) + value[n - tail :]
    return _mask_general(entity, value)


def _mask_general(entity: str, value: str) -> str:
    if entity == "EMAIL_ADDRESS" and "@" in value:
        local, _, domain = value.rpartition("@")
        return (local[:1] + "*" * max(len(local) - 1, 0)) + "@" + domain
    if entity == "PERSON":
        return _NOT_FIRST_LETTER.sub("*", value)
    keep = _KEEP_PREFIX.get(entity, 0)
    keep_suffix = _KEEP_SUFFIX.get(entity, 0)
    if keep_suffix:
        total = len(_ALNUM.findall(value))
        if total < 12:  # too short to show both ends
            keep_suffix = 0
        else:
            head = _cut(value, keep)
            # the last ``keep_suffix`` letters or digits stay (separators are never masked, so
            # where exactly the tail starts among them does not change the result)
            tail = len(value) - _cut(value[::-1], keep_suffix)
            return value[:head] + value[head:tail].translate(_TABLE) + value[tail:]
    head = _cut(value, keep)
    return value[:head] + value[head:].translate(_TABLE)
