"""A small regex-and-checksum scanner with the ``scan_values`` interface, for harness tests.

It stands in for ``senim.privacy.scanner.Scanner`` until that exists and gives the benchmark a
floor to compare with (``--scanner senim.privacy.eval.standin:RegexScanner``). It finds IIN/BIN
(mod-11 check digit), e-mails, IBANs (mod 97), payment cards (Luhn), KZ mobile phones, passports,
IPv4 addresses; no names, addresses, ID cards or birth dates. Not for production use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from senim.privacy.detectors.kz.iin_bin import has_valid_check_digit
from senim.privacy.types import Span

__all__ = ["RegexScanner"]

_PATTERNS: Final = (
    ("KZ_IIN", re.compile(r"(?<!\d)\d{12}(?!\d)")),
    ("EMAIL_ADDRESS", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")),
    ("IBAN_CODE", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b")),
    (
        "CREDIT_CARD",
        re.compile(
            r"(?<![\d-])(?:\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}|3[47]\d{2}[ -]?\d{6}[ -]?\d{5})(?![\d-])"
        ),
    ),
    (
        "PHONE_NUMBER",
        re.compile(
            r"(?<![\d+])(?:\+7|8)[ (-]{0,2}7(?:0[0-25-8]|47|6[0-4]|7[15-8]|85)[ )-]{0,2}"
            r"\d{3}[ -]?\d{2}[ -]?\d{2}(?!\d)"
        ),
    ),
    ("KZ_PASSPORT", re.compile(r"\bN\d{8}\b")),
    (
        "IP_ADDRESS",
        re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])"),
    ),
)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(value: str) -> bool:
    s = value.replace(" ", "")
    if s.startswith("KZ") and len(s) != 20:
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def _valid(entity: str, value: str) -> bool:
    if entity == "IBAN_CODE":
        return _iban_ok(value)
    if entity == "CREDIT_CARD":
        return _luhn(re.sub(r"\D", "", value))
    return True


def _spans(text: str, entities: Iterable[str] | None) -> list[Span]:
    wanted = set(entities) if entities is not None else None
    out: list[Span] = []
    for entity, rx in _PATTERNS:
        for m in rx.finditer(text):
            value = m.group()
            ent = entity
            if entity == "KZ_IIN":
                if not has_valid_check_digit(value):
                    continue
                ent = "KZ_BIN" if value[4] in "456" else "KZ_IIN"
            elif not _valid(entity, value):
                continue
            if wanted is None or ent in wanted:
                out.append(Span(ent, m.start(), m.end(), 0.9, True, "standin"))
    return out


class RegexScanner:
    """Stand-in scanner: ``RegexScanner(entities=None, language="auto").scan_values(values)``."""

    def __init__(self, entities: Sequence[str] | None = None, language: str = "auto") -> None:
        self.entities = entities
        self.language = language

    def scan_values(
        self, values: Sequence[str | None], *, field: str | None = None, language: str | None = None
    ) -> list[list[Span]]:
        """One list of spans per value (``None`` values give an empty list)."""
        return [_spans(v, self.entities) if v else [] for v in values]
