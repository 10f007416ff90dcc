"""E-mail addresses (``EMAIL_ADDRESS``): syntax of the local part and domain, known TLD.

The candidate regex (registry) starts at the last character before the ``@``: a pattern that
began at the start of the local part would make Python's ``re`` try every position of a long
run of letters (quadratic) and, bounded, is too large for hyperscan. The validator grows the
span back over at most 64 local-part characters, refuses an address glued to a letter or digit
of another script, and checks the labels and the TLD against the DNS root zone (``data/tlds.txt``:
IANA's list of top-level domains, dated; IDN TLDs in punycode and Unicode). A listed TLD validates
the address. An unlisted TLD of 2-4 letters rejects it: that is the length of file extensions
(``logo.jpg``, ``icon@3x.webp``, ``report.docx``), and every real TLD that short is in the list. A
longer unlisted TLD of at most 24 ASCII letters (one delegated after the list's date) is still
reported, unvalidated and at a lower score (``unknown_tld_score``).

Some file extensions are TLDs (``.zip``, ``.mov``, ``.app``): an image asset named for a pixel
density (``banner@2x.png``, ``logo@1.5x.zip``: the domain is nothing but ``<digits>x``, Apple's
retina suffix) is never an address, whatever its TLD.

Internationalised addresses (a domain with letters outside ASCII, ``иван@почта.рф``,
``info@мектеп.қаз``; RFC 6531) have their own candidate pattern and validator
(:func:`make_idn_email_validator`): the domain's labels are converted to their ASCII (punycode)
form with the IDNA codec and the TLD is looked up in the same list (``.рф`` is ``xn--p1ai``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

from senim.privacy.detectors.base import Validator, Verdict, param_float
from senim.privacy.detectors.generic._data import data_rows

__all__ = [
    "LOCAL_CHARS",
    "MIN_UNLISTED_TLD",
    "is_valid_email",
    "known_tlds",
    "make_email_validator",
    "make_idn_email_validator",
]

#: Characters accepted in the local part (a practical subset of RFC 5322 atoms).
LOCAL_CHARS: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-"
_MAX_LOCAL: Final = 64
#: Shortest unlisted TLD still reported (unvalidated): shorter ones are file extensions.
MIN_UNLISTED_TLD: Final = 5
#: A domain that is only a pixel-density suffix (``2x``, ``3x``, ``1.5x``) and a TLD: a retina asset name.
_RETINA_DOMAIN: Final = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2})?x\.[^.]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def known_tlds() -> frozenset[str]:
    """The top-level domains of the root zone, lower case: ASCII, punycode and Unicode forms."""
    return frozenset(field.lower() for row in data_rows("tlds.txt") for field in row)


def _tld_kind(address: str, tlds: frozenset[str]) -> int:
    """0: not an address; 1: well-formed with an unlisted 5-24-letter TLD; 2: listed TLD."""
    local, at, domain = address.rpartition("@")
    if not at or not local or len(local) > 64 or len(domain) > 253:
        return 0
    if local[0] == "." or local[-1] == "." or ".." in local:
        return 0
    if _RETINA_DOMAIN.fullmatch(domain):
        return 0  # "icon@2x.png", "logo@1.5x.zip": an image asset, not an address
    labels = domain.split(".")
    if len(labels) < 2 or not all(0 < len(lb) <= 63 and lb[0] != "-" and lb[-1] != "-" for lb in labels):
        return 0
    tld = labels[-1]
    if tld.lower() in tlds:
        return 2
    return 1 if MIN_UNLISTED_TLD <= len(tld) <= 24 and tld.isascii() and tld.isalpha() else 0


def _split_valid(address: str, tlds: frozenset[str]) -> bool:
    return _tld_kind(address, tlds) == 2


def is_valid_email(address: str) -> bool:
    """True for an ASCII address with a sane local part, well-formed labels and a listed TLD."""
    return address.isascii() and _split_valid(address, known_tlds())


def make_email_validator(params: Mapping[str, object]) -> Validator:
    """Validator for e-mail candidates (``x@domain``): grows the span over the local part.

    Leading dots of the local part stay outside the span; a local part longer than 64
    characters, or one glued to a letter or digit outside ASCII, rejects the candidate.
    Parameters: ``score`` (listed TLD, validated), ``unknown_tld_score`` (unlisted TLD of 5-24
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


def _label_ok(label: str) -> bool:
    """A domain label of letters (any script), digits and inner hyphens, 1-63 characters."""
    return (
        0 < len(label) <= 63
        and label[0] != "-"
        and label[-1] != "-"
        and all(c.isalnum() or c == "-" for c in label)
    )


def _ascii_form(label: str) -> str | None:
    """The label as it travels in DNS (punycode for a non-ASCII label), lower case; ``None`` if invalid."""
    if label.isascii():
        return label.lower()
    try:
        return label.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def _local_char(c: str) -> bool:
    """A character of an internationalised local part: an ASCII atom, or a letter or digit of any script."""
    return c in LOCAL_CHARS or (not c.isascii() and c.isalnum())


def make_idn_email_validator(params: Mapping[str, object]) -> Validator:
    """Validator for internationalised e-mail candidates: a domain with a label outside ASCII.

    The candidate ends where the pattern's last letter run ends (trailing punctuation outside ASCII,
    such as a closing guillemet, is cut off); the span grows back over the local part (ASCII atoms
    or letters and digits of any script, not both scripts at once: ``почтаivan`` is two words glued
    together). Addresses without a non-ASCII domain label are left to the ASCII detector. The TLD,
    in its punycode form, must be in the list (``score``, validated) or be an unlisted ASCII TLD of
    5-24 letters (``unknown_tld_score``, not validated); an unlisted non-ASCII TLD rejects.
    """
    verdict_score = param_float(params, "score", 0.9)
    unknown_score = param_float(params, "unknown_tld_score", 0.5)
    tlds = known_tlds()

    def validate(value: str, start: int, end: int) -> Verdict | None:
        at = value.find("@", start, end)
        if at < 0:
            return None
        while end > at and not value[end - 1].isalnum():
            end -= 1
        domain = value[at + 1 : end]
        if domain.isascii():
            return None  # the ASCII detector's case
        labels = domain.split(".")
        if len(labels) < 2 or len(domain) > 253 or not all(map(_label_ok, labels)):
            return None
        forms: list[str] = []
        for label in labels:
            form = _ascii_form(label)
            if form is None:
                return None
            forms.append(form)
        lo = at - _MAX_LOCAL - 1
        prefix = value[lo if lo > 0 else 0 : at]
        run = len(prefix)
        while run > 0 and _local_char(prefix[run - 1]):
            run -= 1
        local = prefix[run:].lstrip(".")
        if len(prefix) - run > _MAX_LOCAL:
            return None
        if not local.isascii() and any(c.isascii() and c.isalpha() for c in local):
            return None  # letters of two scripts: a word glued to an address
        first = at - len(local)
        if first and value[first - 1].isalnum():
            return None
        # the ASCII address's rules on the punycode form: local-part dots, labels, TLD listed or
        # an unlisted ASCII one (an unlisted punycode TLD is no letters-only TLD: rejected)
        kind = _tld_kind(local + "@" + ".".join(forms), tlds)
        if kind == 0:
            return None
        return (
            Verdict(verdict_score, True, first, end)
            if kind == 2
            else Verdict(unknown_score, False, first, end)
        )

    return validate
