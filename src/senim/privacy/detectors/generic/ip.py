"""IP addresses (``IP_ADDRESS``): IPv4 and IPv6 candidates parsed with :mod:`ipaddress`.

Dotted runs longer than four parts (``1.2.3.4.5``, version strings) are not addresses; colon
runs are checked cheaply before parsing (times such as ``12:30:45`` and MAC addresses never
reach the parser).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from senim.privacy.detectors.base import Validator, Verdict, param_float

__all__ = ["make_ipv4_validator", "make_ipv6_validator"]


def make_ipv4_validator(params: Mapping[str, object]) -> Validator:
    """Validator for dotted-quad candidates; rejects parts of longer dotted number runs."""
    verdict = Verdict(param_float(params, "score", 0.6), True)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        if value[end : end + 1] == "." and value[end + 1 : end + 2].isdigit():
            return None
        if start >= 2 and value[start - 1] == "." and value[start - 2].isdigit():
            return None
        try:
            ipaddress.IPv4Address(value[start:end])
        except ValueError:
            return None
        return verdict

    return validate


def make_ipv6_validator(params: Mapping[str, object]) -> Validator:
    """Validator for IPv6 candidates; trailing ``.``/``:`` that ends a sentence is trimmed."""
    verdict_score = param_float(params, "score", 0.7)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        text = value[start:end]
        stripped = text.rstrip(".")
        if stripped.endswith(":") and not stripped.endswith("::"):
            stripped = stripped[:-1]
        colons = stripped.count(":")
        if "::" not in stripped and colons != 7 and not (colons == 6 and "." in stripped):
            return None
        try:
            ipaddress.IPv6Address(stripped)
        except ValueError:
            return None
        return Verdict(verdict_score, True, start, start + len(stripped))

    return validate
