"""Batch (NumPy) validators agree with the scalar validators they stand in for."""

from __future__ import annotations

import random

import numpy as np
import pytest
from kz_iin_validator import safe_validate_iin

from senim.privacy.detectors.batch import batch_validator, iin_bin_arrays
from senim.privacy.detectors.kz.iin_bin import check_digit, classify_12, has_valid_check_digit
from senim.privacy.detectors.registry import build_validator, default_registry

DETECTORS = {d.id: d for d in default_registry()}
VECTORS = ["791028302728", "061211600012", "931105385718", "961226369943", "990340005977",
           "791028302729", "800101300720", "800101300721", "000000000000", "991332300017"]  # fmt: skip


def _random_numbers(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        body = f"{rng.randint(0, 99):02d}{rng.randint(0, 13):02d}{rng.randint(0, 69):02d}"
        body += f"{rng.randint(0, 9)}{rng.randint(0, 9999):04d}"
        k = check_digit(body)
        out.append(body + str(k if k is not None and rng.random() < 0.8 else rng.randint(0, 9)))
    return out


@pytest.mark.parametrize("ident", ["kz.iin", "kz.bin", "kz.passport", "kz.id_card"])
def test_batch_equals_scalar(ident: str) -> None:
    det = DETECTORS[ident]
    batch = batch_validator(det)
    assert batch is not None
    scalar = build_validator(det)
    values = (
        VECTORS + _random_numbers(3, 3000) if ident in ("kz.iin", "kz.bin") else ["N12345678", "012345678"]
    )
    handled, ok, score, validated = batch(values)
    assert handled.all()
    for i, value in enumerate(values):
        verdict = scalar(value, 0, len(value))
        assert (verdict is not None) == ok[i], value
        if verdict is not None:
            assert (verdict.score, verdict.validated) == (score[i], validated[i]), value


def test_batch_leaves_other_shapes_to_the_scalar_validator() -> None:
    batch = batch_validator(DETECTORS["kz.iin"])
    assert batch is not None
    handled, ok, _, _ = batch(["791028302728", "79102830272", "７９１０２８３０２７２８", "7910283027281"])
    assert handled.tolist() == [True, False, False, False]
    assert ok.tolist() == [True, False, False, False]
    assert batch_validator(DETECTORS["email"]) is None


def test_iin_arrays_against_oracle() -> None:
    numbers = VECTORS + _random_numbers(5, 2000)
    digits = np.array([[int(c) for c in n] for n in numbers], dtype=np.int64)
    valid, bin_shaped, plausible = iin_bin_arrays(digits)
    for i, n in enumerate(numbers):
        assert valid[i] == has_valid_check_digit(n), n
        found = classify_12(n)
        if found is not None:
            assert (found[0] == "KZ_BIN", found[1]) == (bin_shaped[i], plausible[i]), n
        if valid[i] and not bin_shaped[i] and plausible[i]:
            assert safe_validate_iin(n)[0] is not None, n  # the independent oracle agrees
