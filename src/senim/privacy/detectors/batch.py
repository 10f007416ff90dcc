"""Batch (NumPy) forms of the commonest validators, used by the engine on whole batches.

A batch validator takes the candidate strings of one detector (and, when it asks for them, the
two characters before and after each candidate in its value) and returns, per candidate,
``(handled, accepted, score, validated)``. Candidates it does not handle (``handled`` false: a
custom registry pattern that gives another shape, a span the scalar validator would move, a
number that needs a ``phonenumbers`` lookup) go to the detector's ordinary validator one at a
time, so a batch form never changes a result, only its cost; ``accepted`` is false for them.
The spans are never moved. Forms exist for:

- ``kz_iin`` / ``kz_bin``: the two-pass mod-11 check digit, the IIN/BIN split on digit 5 and the
  date or attribute plausibility (:mod:`senim.privacy.detectors.kz.iin_bin`), digit arrays times
  weight vectors;
- ``kz_passport`` / ``kz_id_card``: format-only verdicts (the pattern fixed the format);
- ``card``: Luhn over digit matrices grouped by length and the issuer table of
  :mod:`~senim.privacy.detectors.generic.card`, numbers that stand alone only (a failing
  grouped candidate that the scalar validator would shorten is left to it, and so is one with a
  digit group right next to it, which may continue the number; the context-only ``short``
  detector has no batch form);
- ``kz_phone``: the national number and the operator code of the numbering plan (non-mobile
  numbers, which need a ``phonenumbers`` lookup, are left to the scalar validator, and so is a
  candidate without ``+`` that does not start its value: a number sign may stand before it;
  the Russian plan, ``plans: [ru]``, has no batch form);
- ``ipv4``: four octets of 1-3 digits, at most 255, no leading zero (what :mod:`ipaddress`
  accepts), not part of a longer dotted run;
- ``iban`` (upper case; ``any_case`` has no batch form): country length and ISO 7064 mod 97-10
  by column arithmetic on character matrices,
  known Kazakh bank codes (candidates longer than their country's length are left to the
  scalar validator, which trims them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Protocol

import numpy as np

from senim.privacy.detectors.base import PatternDetector, param_float, param_strings
from senim.privacy.detectors.generic.card import ISSUERS, needs_context
from senim.privacy.detectors.generic.iban import iban_lengths, kz_bank_codes

__all__ = ["NEIGHBOURS", "BatchResult", "BatchValidator", "batch_validator", "iin_bin_arrays"]

_Bool = np.ndarray[Any, np.dtype[np.bool_]]
_Float = np.ndarray[Any, np.dtype[np.float64]]
_Int = np.ndarray[Any, np.dtype[np.int64]]

#: ``(handled, accepted, score, validated)``, one entry per candidate.
BatchResult = tuple[_Bool, _Bool, _Float, _Bool]
#: Characters on each side of a candidate that a batch form asking for neighbours receives.
NEIGHBOURS: Final = 2


class BatchValidator(Protocol):
    """Validates the candidate strings of one detector at once.

    ``before``/``after`` hold up to :data:`NEIGHBOURS` characters of the value before and after
    each candidate; forms that need them (``needs_neighbours``) leave every candidate unhandled
    without them.
    """

    needs_neighbours: bool

    def __call__(
        self,
        candidates: Sequence[str],
        before: Sequence[str] | None = None,
        after: Sequence[str] | None = None,
    ) -> BatchResult:
        """``(handled, accepted, score, validated)``, one entry per candidate."""
        ...


class _Form:
    """A batch form: a function of the candidates (and neighbours when it needs them)."""

    __slots__ = ("_fn", "needs_neighbours")

    def __init__(self, fn: Any, *, needs_neighbours: bool = False) -> None:
        self._fn = fn
        self.needs_neighbours = needs_neighbours

    def __call__(
        self,
        candidates: Sequence[str],
        before: Sequence[str] | None = None,
        after: Sequence[str] | None = None,
    ) -> BatchResult:
        if self.needs_neighbours:
            if before is None or after is None:
                n = len(candidates)
                none = np.zeros(n, dtype=bool)
                return none, none.copy(), np.zeros(n, dtype=np.float64), none.copy()
            result: BatchResult = self._fn(candidates, before, after)
            return result
        result = self._fn(candidates)
        return result


_W1: Final = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], dtype=np.int64)
_W2: Final = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], dtype=np.int64)
_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _twelve_digits(candidates: Sequence[str]) -> tuple[_Bool, np.ndarray[Any, np.dtype[np.int64]]]:
    """Which candidates are 12 ASCII digits, and their digits (rows of the handled ones)."""
    n = len(candidates)
    joined = "".join(candidates)
    if len(joined) == 12 * n and joined.isascii() and joined.isdigit():
        handled = np.ones(n, dtype=bool)
        data = joined.encode("ascii")
    else:
        handled = np.fromiter(
            (len(c) == 12 and c.isascii() and c.isdigit() for c in candidates), dtype=bool, count=n
        )
        data = "".join(c for c, ok in zip(candidates, handled.tolist(), strict=True) if ok).encode("ascii")
    digits = (np.frombuffer(data, dtype=np.uint8).astype(np.int64) - 48).reshape(-1, 12)
    return handled, digits


def iin_bin_arrays(digits: np.ndarray[Any, np.dtype[np.int64]]) -> tuple[_Bool, _Bool, _Bool]:
    """For rows of 12 digits: ``(check digit valid, BIN-shaped, plausible)``.

    ``plausible`` is the IIN date/century test for IIN-shaped rows and the BIN month/attribute
    test for BIN-shaped ones (:func:`~senim.privacy.detectors.kz.iin_bin.classify_12`).
    """
    body = digits[:, :11]
    k = (body @ _W1) % 11
    k = np.where(k == 10, (body @ _W2) % 11, k)
    valid = (k != 10) & (k == digits[:, 11])
    bin_shaped = (digits[:, 4] >= 4) & (digits[:, 4] <= 6)
    month = digits[:, 2] * 10 + digits[:, 3]
    month_ok = (month >= 1) & (month <= 12)
    century = digits[:, 6]
    year = 1800 + 100 * ((century - 1) // 2) + digits[:, 0] * 10 + digits[:, 1]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = digits[:, 4] * 10 + digits[:, 5]
    last_day = _DAYS[np.where(month_ok, month, 0)] + ((month == 2) & leap)
    iin_ok = (century >= 1) & (century <= 6) & month_ok & (day >= 1) & (day <= last_day)
    bin_ok = month_ok & (digits[:, 5] <= 3)
    return valid, bin_shaped, np.where(bin_shaped, bin_ok, iin_ok)


def _iin_bin(entity_bin: bool, score: float, implausible: float) -> BatchValidator:
    def validate(candidates: Sequence[str]) -> BatchResult:
        handled, digits = _twelve_digits(candidates)
        n = len(candidates)
        accepted = np.zeros(n, dtype=bool)
        scores = np.zeros(n, dtype=np.float64)
        if len(digits):
            valid, bin_shaped, plausible = iin_bin_arrays(digits)
            accepted[handled] = valid & (bin_shaped if entity_bin else ~bin_shaped)
            scores[handled] = np.where(plausible, score, implausible)
        return handled, accepted, scores, accepted.copy()

    return _Form(validate)


def _constant(score: float) -> BatchValidator:
    def validate(candidates: Sequence[str]) -> BatchResult:
        n = len(candidates)
        ones = np.ones(n, dtype=bool)
        return ones, ones.copy(), np.full(n, score, dtype=np.float64), np.zeros(n, dtype=bool)

    return _Form(validate)


class _Chars:
    """ASCII candidates as one code array with per-candidate offsets (``None``: not all ASCII)."""

    __slots__ = ("codes", "lengths", "n", "owner", "starts")

    def __init__(self, candidates: Sequence[str]) -> None:
        joined = "".join(candidates)
        self.n = n = len(candidates)
        self.codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).astype(np.int64)
        self.lengths = np.fromiter(map(len, candidates), dtype=np.int64, count=n)
        self.starts = np.zeros(n, dtype=np.int64)
        if n > 1:
            np.cumsum(self.lengths[:-1], out=self.starts[1:])
        self.owner = np.repeat(np.arange(n), self.lengths)

    def count(self, mask: _Bool) -> _Int:
        """Per candidate: how many of its characters are in ``mask``."""
        return np.bincount(self.owner[mask], minlength=self.n).astype(np.int64)

    def local(self) -> _Int:
        """Per character: its index inside its candidate."""
        return np.arange(len(self.codes)) - np.repeat(self.starts, self.lengths)


def _empty(n: int) -> BatchResult:
    none = np.zeros(n, dtype=bool)
    return none, none.copy(), np.zeros(n, dtype=np.float64), none.copy()


def _ascii(candidates: Sequence[str]) -> _Chars | None:
    if not candidates or not all(candidates) or not "".join(candidates).isascii():
        return None
    return _Chars(candidates)


def _digit_rows(chars: _Chars, isdigit: _Bool, rows: _Int, skip: _Int | int, width: int) -> _Int:
    """Digits ``skip .. skip+width`` of each candidate in ``rows`` (as a matrix)."""
    digits = chars.codes[isdigit] - 48
    first = np.zeros(chars.n, dtype=np.int64)
    if chars.n > 1:
        np.cumsum(chars.count(isdigit)[:-1], out=first[1:])
    result: _Int = digits[(first[rows] + skip)[:, None] + np.arange(width)]
    return result


_DOUBLED: Final = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int64)


def _group_next_to(before: Sequence[str], after: Sequence[str]) -> _Bool:
    """Per candidate: does a digit group (one space or dash between) touch it on either side?"""
    return np.fromiter(
        (
            (a[:1] in ("-", " ") and a[1:2].isdigit()) or (len(b) == 2 and b[1] in "- " and b[0].isdigit())
            for a, b in zip(after, before, strict=True)
        ),
        dtype=bool,
        count=len(after),
    )


def _card(score: float) -> BatchValidator:
    def validate(candidates: Sequence[str], before: Sequence[str], after: Sequence[str]) -> BatchResult:
        chars = _ascii(candidates)
        if chars is None:
            return _empty(len(candidates))
        codes = chars.codes
        isdigit = (codes >= 48) & (codes <= 57)
        issep = (codes == 32) | (codes == 45)
        clean = chars.count(~(isdigit | issep)) == 0
        ndig = chars.count(isdigit)
        ok = np.zeros(chars.n, dtype=bool)
        for length in np.unique(ndig[clean & (ndig >= 13) & (ndig <= 19)]).tolist():
            rows = np.flatnonzero(clean & (ndig == length))
            d = _digit_rows(chars, isdigit, rows, 0, length)
            doubled = (length - 1 - np.arange(length)) % 2 == 1
            luhn = np.where(doubled, _DOUBLED[d], d).sum(axis=1) % 10 == 0
            prefix = [d[:, 0], d[:, 0] * 10 + d[:, 1]]
            prefix += [prefix[1] * 10 + d[:, 2], prefix[1] * 100 + d[:, 2] * 10 + d[:, 3]]
            issuer = np.zeros(len(rows), dtype=bool)
            for low, high, lengths, scheme in ISSUERS:
                if length in lengths and not needs_context(length, scheme):
                    p = prefix[len(low) - 1]
                    issuer |= (p >= int(low)) & (p <= int(high))
            ok[rows] = luhn & issuer
        # the scalar validator retries a failing grouped candidate without its last group
        last_sep = np.full(chars.n, -1, dtype=np.int64)
        i = np.flatnonzero(issep)
        np.maximum.at(last_sep, chars.owner[i], chars.local()[i])
        # a neighbouring digit group may continue the number: the scalar validator decides
        handled = clean & (ok | (last_sep < 15)) & ~_group_next_to(before, after)
        ok &= handled
        return handled, ok, np.where(ok, score, 0.0), ok.copy()

    return _Form(validate, needs_neighbours=True)


def _kz_phone(params: dict[str, object]) -> BatchValidator:
    score = param_float(params, "score", 0.8)
    mobile_codes = param_strings(params, "mobile_codes")
    codes = np.array(sorted(int(c) for c in mobile_codes if c.isdigit()), dtype=np.int64)
    mobile_only = bool(params.get("mobile_only", False))

    def validate(candidates: Sequence[str], before: Sequence[str], after: Sequence[str]) -> BatchResult:
        chars = _ascii(candidates)
        if chars is None:
            return _empty(len(candidates))
        c = chars.codes
        # a candidate without "+" after other text may follow a number sign ("№ 8701…"): scalar
        alone = np.fromiter(
            (b == "" or cand[:1] == "+" for b, cand in zip(before, candidates, strict=True)),
            dtype=bool,
            count=chars.n,
        )
        isdigit = (c >= 48) & (c <= 57)
        issep = (c == 32) | (c == 40) | (c == 41) | (c == 45) | (c == 46) | (c == 43)
        clean = chars.count(~(isdigit | issep)) == 0
        ndig = chars.count(isdigit)
        n = chars.n
        skip = np.full(n, -1, dtype=np.int64)
        shapes = clean & ((ndig == 10) | (ndig == 11) | (ndig == 14))
        rows = np.flatnonzero(shapes)
        if len(rows):
            head = _digit_rows(chars, isdigit, rows, 0, 4)
            d = ndig[rows]
            first = head[:, 0]
            s = np.where(d == 10, 0, np.where((d == 11) & ((first == 7) | (first == 8)), 1, -1))
            s = np.where((d == 14) & (head @ np.array([1000, 100, 10, 1]) == 8107), 4, s)
            skip[rows] = s
        national = np.flatnonzero(skip >= 0)
        code = np.full(n, -1, dtype=np.int64)
        if len(national):
            d3 = _digit_rows(chars, isdigit, national, skip[national], 3)
            code[national] = d3 @ np.array([100, 10, 1])
        plan = (code >= 700) & (code <= 799)
        mobile = plan & np.isin(code, codes)
        # other +7 7xx numbers need a phonenumbers lookup: the scalar validator does it
        handled = clean & alone & (mobile | ~plan | mobile_only)
        mobile &= handled
        return handled, mobile, np.where(mobile, score, 0.0), mobile.copy()

    return _Form(validate, needs_neighbours=True)


def _ipv4(score: float) -> BatchValidator:
    def validate(candidates: Sequence[str], before: Sequence[str], after: Sequence[str]) -> BatchResult:
        chars = _ascii(candidates)
        if chars is None:
            return _empty(len(candidates))
        c = chars.codes
        isdigit = (c >= 48) & (c <= 57)
        isdot = c == 46
        n = chars.n
        shaped = (chars.count(~(isdigit | isdot)) == 0) & (chars.count(isdot) == 3)
        ok = np.zeros(n, dtype=bool)
        rows = np.flatnonzero(shaped)
        if len(rows):
            dots = np.flatnonzero(isdot & shaped[chars.owner]).reshape(-1, 3)
            base = chars.starts[rows]
            bounds = np.column_stack((base - 1, dots, base + chars.lengths[rows]))
            part_start = bounds[:, :4] + 1
            part_len = bounds[:, 1:] - part_start
            good = ((part_len >= 1) & (part_len <= 3)).all(axis=1)
            value = np.zeros(part_start.shape, dtype=np.int64)
            for k in range(3):
                digit = c[np.minimum(part_start + k, len(c) - 1)] - 48
                value = np.where(k < part_len, value * 10 + digit, value)
            lead = (part_len > 1) & (c[part_start] == 48)
            ok[rows] = good & (value <= 255).all(axis=1) & ~lead.any(axis=1)
        # not part of a longer dotted run ("1.2.3.4.5", version strings)
        run = np.fromiter(
            (
                (a[:1] == "." and a[1:2].isdigit()) or (len(b) == 2 and b[1] == "." and b[0].isdigit())
                for a, b in zip(after, before, strict=True)
            ),
            dtype=bool,
            count=n,
        )
        ok &= ~run
        return np.ones(n, dtype=bool), ok, np.where(ok, score, 0.0), ok.copy()

    return _Form(validate, needs_neighbours=True)


_LETTER_VALUE: Final = np.arange(256, dtype=np.int64) - 55  # "A" -> 10 ... "Z" -> 35


def _iban(score: float, bank_score: float) -> BatchValidator:
    lengths = iban_lengths()
    banks = kz_bank_codes()

    def validate(candidates: Sequence[str]) -> BatchResult:
        n = len(candidates)
        if not "".join(candidates).isascii():
            return _empty(n)
        compact = [c.replace(" ", "") for c in candidates]
        want = np.fromiter((lengths.get(c[:2], 0) for c in candidates), dtype=np.int64, count=n)
        size = np.fromiter(map(len, compact), dtype=np.int64, count=n)
        chars = _ascii(compact)
        if chars is None:
            return _empty(n)
        c = chars.codes
        isdigit = (c >= 48) & (c <= 57)
        isupper = (c >= 65) & (c <= 90)
        clean = chars.count(~(isdigit | isupper)) == 0
        ok = np.zeros(n, dtype=bool)
        for length in np.unique(size[clean & (want > 0) & (size == want)]).tolist():
            rows = np.flatnonzero(clean & (want > 0) & (size == length))
            idx = chars.starts[rows][:, None] + np.roll(np.arange(length), -4)  # BBAN, then country
            m = c[idx]
            letter = m >= 65
            value = np.where(letter, _LETTER_VALUE[m], m - 48)
            scale = np.where(letter, 100, 10)
            r = np.zeros(len(rows), dtype=np.int64)
            for k in range(length):
                r = (r * scale[:, k] + value[:, k]) % 97
            ok[rows] = r == 1
        handled = (want == 0) | (clean & (size <= want))
        known = np.zeros(n, dtype=bool)
        i = np.flatnonzero(ok)
        if len(i):
            known[i] = [compact[j][:2] == "KZ" and compact[j][4:7] in banks for j in i.tolist()]
        ok &= handled
        return handled, ok, np.where(ok, np.where(known, bank_score, score), 0.0), ok.copy()

    return _Form(validate)


def batch_validator(detector: PatternDetector) -> BatchValidator | None:
    """The batch form of a detector's validator, or ``None`` when it has none."""
    params = dict(detector.params)
    params.setdefault("score", detector.score)
    name = detector.validator
    if name in ("kz_iin", "kz_bin"):
        return _iin_bin(
            name == "kz_bin",
            param_float(params, "score", 0.85),
            param_float(params, "implausible_score", 0.6),
        )
    if name == "kz_passport":
        return _constant(param_float(params, "score", 0.45))
    if name == "kz_id_card":
        return _constant(param_float(params, "score", 0.45))
    if name == "card":
        if params.get("short", False) or params.get("unlisted", False):
            return None  # context-only numbers: rare, the scalar validator does them
        return _card(param_float(params, "score", 0.8))
    if name == "kz_phone":
        if "ru" in param_strings(params, "plans", ("kz",)):
            return None  # Russian numbers need a phonenumbers lookup: the scalar validator does them
        return _kz_phone(params)
    if name == "ipv4":
        return _ipv4(param_float(params, "score", 0.6))
    if name == "iban":
        if params.get("any_case", False):
            return None  # lower-case IBANs next to an IBAN word: rare, the scalar validator does them
        return _iban(param_float(params, "score", 0.9), param_float(params, "known_bank_score", 0.95))
    return None
