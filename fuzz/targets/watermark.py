"""Invisible-watermark decoders: ``detect_image`` and ``detect_audio``.

Input: byte 0 chooses the mode.

* ``0``: a media file (the rest) decoded with ``decode_image``/``decode_wav`` and then read by the
  detector (pictures over :data:`MAX_FUZZ_PIXELS` are skipped to keep the rate up: the decoders'
  size limits are fuzzed by ``media_xmp``).
* ``1``: a raw ``HxWx3`` ``uint8`` picture: bytes 1-2 give the height and width (64-191), the rest
  is tiled to fill it.
* ``2``: raw ``float32`` audio: bytes 1-2 give the rate (8-72 kHz) and channels, the rest is tiled
  to 2.5 s (NaN and infinities included: they must be refused with a typed error).

Bit 7 of byte 0 switches the image crop search on (slower). Expected:
:class:`~senim.provenance.errors.ProvenanceError`. Anything else, or a reading with a bit error
rate or confidence outside 0..1, is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np

from fuzz._common import instrumented, main

with instrumented():
    from senim.provenance.errors import ProvenanceError
    from senim.provenance.media import decode_image, decode_wav, sniff
    from senim.provenance.types import WatermarkReading
    from senim.provenance.watermark.audio import detect_audio
    from senim.provenance.watermark.image import detect_image

MAX_FUZZ_PIXELS = 160_000


def _check(reading: WatermarkReading) -> None:
    if not (0.0 <= reading.bit_error_rate <= 1.0 and 0.0 <= reading.confidence <= 1.0):
        raise AssertionError(
            f"reading out of range: bit error rate {reading.bit_error_rate}, confidence {reading.confidence}"
        )


def _media(data: bytes, crops: bool) -> None:
    media = sniff(data)
    if media.kind == "image":
        image = decode_image(data, media)
        if image.rgb.shape[0] * image.rgb.shape[1] <= MAX_FUZZ_PIXELS:
            _check(detect_image(image.rgb, search_crops=crops))
    elif media.kind == "audio":
        audio = decode_wav(data)
        _check(detect_audio(audio.samples, audio.rate))


def _raw_image(data: bytes, crops: bool) -> None:
    if len(data) < 3:
        return
    h, w = 64 + data[0] % 128, 64 + data[1] % 128
    rgb = np.resize(np.frombuffer(data[2:], dtype=np.uint8), (h, w, 3))
    _check(detect_image(rgb, search_crops=crops))


def _raw_audio(data: bytes) -> None:
    if len(data) < 6:
        return
    rate = 8000 * (1 + data[0] % 9)
    channels = 1 + data[1] % 2
    body = data[2 : 2 + (len(data) - 2) // 4 * 4]
    samples = np.resize(np.frombuffer(body, dtype="<f4"), (int(rate * 2.5), channels))
    _check(detect_audio(samples if channels == 2 else samples[:, 0], rate))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    mode, crops = data[0] % 3, bool(data[0] & 0x80)
    try:
        if mode == 0:
            _media(data[1:], crops)
        elif mode == 1:
            _raw_image(data[1:], crops)
        else:
            _raw_audio(data[1:])
    except ProvenanceError as exc:
        str(exc)


if __name__ == "__main__":
    main(test_one_input)
