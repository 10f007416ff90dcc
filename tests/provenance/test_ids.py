"""Label ids and the payload code: round trips, error correction, false positives on noise."""

from __future__ import annotations

import numpy as np
import pytest

from senim.provenance.ids import (
    MAX_ACCEPTED_BER,
    PAYLOAD_BITS,
    decode_payload,
    encode_payload,
    format_label_id,
    new_label_id,
    parse_label_id,
)


def test_format_and_parse_round_trip() -> None:
    for label_id in (0, 1, 0xDEADBEEF, (1 << 64) - 1, new_label_id()):
        text = format_label_id(label_id)
        assert len(text) == 16 and text == text.lower()
        assert parse_label_id(text) == label_id
    assert parse_label_id("  00000000DEADBEEF ") == 0xDEADBEEF


@pytest.mark.parametrize("bad", ["", "xyz", "0" * 15, "0" * 17, "0x00000000deadbeef", "g" * 16])
def test_parse_rejects_bad_text(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_label_id(bad)


@pytest.mark.parametrize("bad", [-1, 1 << 64, True])
def test_bad_ids_are_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        encode_payload(bad)
    with pytest.raises(ValueError):
        format_label_id(bad)


def test_new_ids_are_random_64_bit() -> None:
    ids = {new_label_id() for _ in range(50)}
    assert len(ids) == 50 and all(0 <= i < 1 << 64 for i in ids)


def test_encode_shape_and_clean_decode() -> None:
    label_id = 0x0123456789ABCDEF
    bits = encode_payload(label_id)
    assert bits.dtype == np.uint8 and bits.shape == (PAYLOAD_BITS,) and set(np.unique(bits)) <= {0, 1}
    decoded, ber, confidence = decode_payload(2.0 * bits - 1.0)
    assert decoded == label_id and ber == 0.0 and confidence == 1.0


def test_corrects_noise_and_flips() -> None:
    rng = np.random.default_rng(3)
    ok = 0
    for _ in range(100):
        label_id = new_label_id()
        soft = 2.0 * encode_payload(label_id) - 1.0 + rng.normal(0, 0.6, PAYLOAD_BITS)
        decoded, ber, _ = decode_payload(soft)
        ok += decoded == label_id
        assert decoded in (label_id, None)
    assert ok >= 98
    # hard flips of 8 % of the bits, spread out
    label_id = new_label_id()
    soft = 2.0 * encode_payload(label_id) - 1.0
    soft[::12] *= -1
    decoded, ber, _ = decode_payload(soft)
    assert decoded == label_id and 0.05 < ber <= MAX_ACCEPTED_BER


def test_erasures_count() -> None:
    label_id = new_label_id()
    soft = 2.0 * encode_payload(label_id) - 1.0
    soft[::6] = 0.0  # spread erasures (bursts are spread by the watermark layouts)
    soft[40] = np.nan
    assert decode_payload(soft)[0] == label_id
    assert decode_payload(np.zeros(PAYLOAD_BITS)) == (None, 0.5, 0.0)


def test_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError):
        decode_payload(np.ones(PAYLOAD_BITS + 1))


def test_false_positive_rate_on_noise() -> None:
    rng = np.random.default_rng(2026)
    false = sum(decode_payload(rng.normal(size=PAYLOAD_BITS))[0] is not None for _ in range(2500))
    assert false <= 2  # <= 0.1 % (expected ~0)
