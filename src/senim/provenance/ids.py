"""Label ids and the error-correcting code that carries them in watermarks.

A label id is a random 64-bit integer (:func:`new_label_id`), written as 16 lowercase hex digits
(:func:`format_label_id`). A watermark carries it as a *payload* of :data:`PAYLOAD_BITS` bits:

1. the 64 id bits (most significant first) followed by their CRC-16 (CCITT polynomial ``0x1021``,
   initial value ``0xFFFF``): 80 bits;
2. six zero tail bits, then a rate-1/2 convolutional code with constraint length 7 (generators
   ``171``/``133`` octal, free distance 10): ``2 · (80 + 6) = 172`` coded bits.

:func:`decode_payload` takes *soft* values (positive means bit 1, negative bit 0, magnitude the
reliability; e.g. the sum of a bit's repetitions over a picture or many frames), runs a
soft-decision Viterbi decoder, checks the CRC and re-encodes the decoded bits to estimate the raw
(pre-correction) bit error rate. A decode is accepted only when the CRC matches *and* that estimate
is at most :data:`MAX_ACCEPTED_BER`. On pure noise the CRC passes with probability 2^-16 and the
nearest codeword lies at a raw error rate of 0.13–0.25 (only ~6 % of noise vectors at or below
0.16), so the two checks together give about one false id in 10^6 decodes; a detector that tries
many geometric candidates multiplies that by its number of decodes.
``tests/provenance/test_ids.py`` checks the rate on random soft vectors.
"""

from __future__ import annotations

import re
import secrets
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = [
    "MAX_ACCEPTED_BER",
    "PAYLOAD_BITS",
    "decode_payload",
    "encode_payload",
    "format_label_id",
    "new_label_id",
    "parse_label_id",
]

ID_BITS: Final = 64
CRC_BITS: Final = 16
_K: Final = 7  # constraint length
_MEMORY: Final = _K - 1
_GENERATORS: Final = (0o171, 0o133)
_MESSAGE_BITS: Final = ID_BITS + CRC_BITS
PAYLOAD_BITS: Final = len(_GENERATORS) * (_MESSAGE_BITS + _MEMORY)
"""Length of :func:`encode_payload`'s output (172)."""

MAX_ACCEPTED_BER: Final = 0.16
"""A decode whose estimated raw bit error rate is above this is rejected even when the CRC matches."""

_HEX_ID = re.compile(r"[0-9a-f]{16}")


def new_label_id() -> int:
    """A fresh random 64-bit label id (from :mod:`secrets`)."""
    return secrets.randbits(ID_BITS)


def format_label_id(label_id: int) -> str:
    """The id as 16 lowercase hex digits.

    Raises
    ------
    ValueError
        When the id is not an integer in ``[0, 2**64)``.
    """
    _check_id(label_id)
    return f"{label_id:016x}"


def parse_label_id(text: str) -> int:
    """Inverse of :func:`format_label_id` (surrounding spaces and upper case are accepted).

    Raises
    ------
    ValueError
        When the text is not exactly 16 hex digits.
    """
    cleaned = text.strip().lower()
    if not _HEX_ID.fullmatch(cleaned):
        raise ValueError(f"not a label id (16 hex digits expected): {text!r}")
    return int(cleaned, 16)


def _check_id(label_id: int) -> None:
    if isinstance(label_id, bool) or not isinstance(label_id, int | np.integer):
        raise ValueError(f"label id must be an integer, not {type(label_id).__name__}")
    if not 0 <= int(label_id) < 1 << ID_BITS:
        raise ValueError(f"label id out of range (64-bit unsigned): {label_id}")


def _crc16(bits: npt.NDArray[np.uint8]) -> int:
    crc = 0xFFFF
    for bit in bits.tolist():
        top = (crc >> 15) & 1
        crc = (crc << 1) & 0xFFFF
        if top ^ bit:
            crc ^= 0x1021
    return crc


def _int_bits(value: int, width: int) -> npt.NDArray[np.uint8]:
    return np.array([(value >> (width - 1 - i)) & 1 for i in range(width)], dtype=np.uint8)


def _bits_int(bits: npt.NDArray[np.uint8]) -> int:
    value = 0
    for bit in bits.tolist():
        value = (value << 1) | int(bit)
    return value


def _parity(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    out = np.zeros_like(values)
    for shift in range(_K):
        out ^= (values >> shift) & 1
    return out


# Trellis: state = last 6 input bits, the newest in bit 0. With input b the 7-bit register is
# r = (state << 1) | b, the outputs are parity(r & g) and the next state is r & 63. Seen from the
# next state ns, its two predecessors are (ns >> 1) | (x << 5) for x in {0, 1}, with r = ns | (x << 6).
_STATES: Final = 1 << _MEMORY
_NS = np.arange(_STATES, dtype=np.int64)
_PRED = np.stack([(_NS >> 1) | (x << (_MEMORY - 1)) for x in (0, 1)])  # (2, states)
_REG = np.stack([_NS | (x << _MEMORY) for x in (0, 1)])  # (2, states)
_OUT_SIGN = np.stack([2.0 * _parity(_REG & g) - 1.0 for g in _GENERATORS], axis=-1)  # (2, states, n)


def _convolve(message: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    bits = np.concatenate([message, np.zeros(_MEMORY, dtype=np.uint8)]).astype(np.int64)
    state = 0
    out = np.empty((bits.size, len(_GENERATORS)), dtype=np.uint8)
    for t, b in enumerate(bits.tolist()):
        reg = (state << 1) | b
        for j, g in enumerate(_GENERATORS):
            out[t, j] = bin(reg & g).count("1") & 1
        state = reg & (_STATES - 1)
    return out.reshape(-1)


def encode_payload(label_id: int) -> npt.NDArray[np.uint8]:
    """Coded payload bits (``uint8`` 0/1, length :data:`PAYLOAD_BITS`) for a label id.

    Raises
    ------
    ValueError
        When the id is not a 64-bit unsigned integer.
    """
    _check_id(label_id)
    id_bits = _int_bits(int(label_id), ID_BITS)
    message = np.concatenate([id_bits, _int_bits(_crc16(id_bits), CRC_BITS)])
    return _convolve(message)


def _viterbi(soft: npt.NDArray[np.float64]) -> npt.NDArray[np.uint8]:
    steps = soft.size // len(_GENERATORS)
    branch_soft = soft.reshape(steps, len(_GENERATORS))
    metric = np.full(_STATES, -np.inf)
    metric[0] = 0.0
    choice = np.empty((steps, _STATES), dtype=np.uint8)
    for t in range(steps):
        gain = _OUT_SIGN @ branch_soft[t]  # (2, states)
        candidates = metric[_PRED] + gain
        pick = np.argmax(candidates, axis=0)
        choice[t] = pick
        metric = candidates[pick, _NS]
    # The tail bits drive the encoder back to state 0; trace back from there.
    state = 0
    decoded = np.empty(steps, dtype=np.uint8)
    for t in range(steps - 1, -1, -1):
        decoded[t] = state & 1
        state = int(_PRED[choice[t, state], state])
    return decoded[: steps - _MEMORY]


def decode_payload(soft: npt.ArrayLike) -> tuple[int | None, float, float]:
    """Decode soft payload values back to a label id.

    Parameters
    ----------
    soft
        Float array of length :data:`PAYLOAD_BITS`: > 0 means bit 1, < 0 bit 0, the magnitude is
        the reliability (0 = erased). Non-finite values count as erasures.

    Returns
    -------
    tuple
        ``(label_id, bit_error_rate, confidence)``: the id, or ``None`` when the CRC fails or the
        estimated raw bit error rate exceeds :data:`MAX_ACCEPTED_BER`; the estimated raw bit error
        rate of the input (erased bits count one half), or 0.5 when no codeword passes the checks
        (the estimate is then meaningless: noise is as close to some codeword); a confidence in
        ``[0, 1]`` that a mark with this id is present (0 when no id is returned).

    Raises
    ------
    ValueError
        When ``soft`` does not have :data:`PAYLOAD_BITS` values.
    """
    values = np.asarray(soft, dtype=np.float64).reshape(-1)
    if values.size != PAYLOAD_BITS:
        raise ValueError(f"soft payload must have {PAYLOAD_BITS} values, got {values.size}")
    values = np.where(np.isfinite(values), values, 0.0)
    scale = float(np.max(np.abs(values)))
    if scale == 0.0:
        return None, 0.5, 0.0
    values = values / scale
    message = _viterbi(values)
    recoded = _convolve(message)
    expected = 2.0 * recoded - 1.0
    agree = np.sign(values) * expected
    ber = float(np.mean(np.where(agree == 0, 0.5, (agree < 0).astype(np.float64))))
    id_bits, crc_bits = message[:ID_BITS], message[ID_BITS:]
    if _crc16(id_bits) != _bits_int(crc_bits) or ber > MAX_ACCEPTED_BER:
        return None, 0.5, 0.0
    confidence = float(np.clip(1.0 - 0.5 * ber / MAX_ACCEPTED_BER, 0.0, 1.0))
    return _bits_int(id_bits), ber, confidence
