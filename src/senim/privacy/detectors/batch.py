"""Batch (NumPy) forms of the commonest validators, used by the engine on whole batches.

A batch validator takes the candidate strings of one detector and returns, per candidate,
``(handled, accepted, score, validated)``. Candidates it does not handle (``handled`` false: a
custom registry pattern that does not give 12 ASCII digits, say) go to the detector's ordinary
validator one at a time, so a batch form never changes a result, only its cost. The spans are
never moved. Forms exist for:

- ``kz_iin`` / ``kz_bin``: the two-pass mod-11 check digit, the IIN/BIN split on digit 5 and the
  date or attribute plausibility (:mod:`senim.privacy.detectors.kz.iin_bin`), digit arrays times
  weight vectors;
- ``kz_passport`` / ``kz_id_card``: format-only verdicts (the pattern fixed the format).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np

from senim.privacy.detectors.base import PatternDetector, param_float

__all__ = ["BatchResult", "BatchValidator", "batch_validator", "iin_bin_arrays"]

_Bool = np.ndarray[Any, np.dtype[np.bool_]]
_Float = np.ndarray[Any, np.dtype[np.float64]]
_Int = np.ndarray[Any, np.dtype[np.int64]]

#: ``(handled, accepted, score, validated)``, one entry per candidate.
BatchResult = tuple[_Bool, _Bool, _Float, _Bool]
#: Validates the candidate strings of one detector at once.
BatchValidator = Callable[[Sequence[str]], BatchResult]

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

    return validate


def _constant(score: float) -> BatchValidator:
    def validate(candidates: Sequence[str]) -> BatchResult:
        n = len(candidates)
        ones = np.ones(n, dtype=bool)
        return ones, ones.copy(), np.full(n, score, dtype=np.float64), np.zeros(n, dtype=bool)

    return validate


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
    return None
