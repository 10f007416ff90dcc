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
"""

from __future__ import annotations

__all__ = ["mask_value"]

_KEEP_PREFIX = {"KZ_IIN": 4, "KZ_BIN": 4, "CREDIT_CARD": 4, "IBAN_CODE": 4, "PHONE_NUMBER": 2}
_KEEP_SUFFIX = {"CREDIT_CARD": 4}


def _mask_alnum(value: str, keep_prefix: int, keep_suffix: int) -> str:
    total = sum(1 for c in value if c.isalnum())
    out: list[str] = []
    seen = 0
    for c in value:
        if c.isalnum():
            keep = seen < keep_prefix or seen >= total - keep_suffix
            out.append(c if keep else "*")
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def mask_value(entity: str, value: str) -> str:
    """The masked form of ``value`` found as ``entity``."""
    if entity == "EMAIL_ADDRESS" and "@" in value:
        local, _, domain = value.rpartition("@")
        return (local[:1] + "*" * max(len(local) - 1, 0)) + "@" + domain
    if entity == "PERSON":
        out: list[str] = []
        first = True
        for c in value:
            if c.isalpha():
                out.append(c if first else "*")
                first = False
            else:
                out.append(c)
                first = c.isspace() or c in "-."
        return "".join(out)
    keep_suffix = _KEEP_SUFFIX.get(entity, 0)
    total = sum(1 for c in value if c.isalnum())
    if keep_suffix and total < 12:  # too short to show both ends
        keep_suffix = 0
    return _mask_alnum(value, _KEEP_PREFIX.get(entity, 0), keep_suffix)
