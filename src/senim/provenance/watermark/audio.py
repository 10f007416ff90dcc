"""Inaudible audio watermark: keyed spread spectrum in the STFT magnitudes of 1–4 kHz.

Scheme (``org.senim.watermark.audio.v1``)
-----------------------------------------
- The frame grid is defined in *seconds*, so it survives resampling: hop 20 ms, frame 40 ms
  (periodic √Hann analysis and synthesis windows, 50 % overlap: perfect reconstruction), bins of
  25 Hz; the band 1000–4000 Hz has 120 bins at any sample rate ≥ 8 kHz.
- A *block* of :data:`BLOCK_FRAMES` frames (2 s) × 120 bins holds 12,000 chips; a keyed permutation
  gives each chip one of the :data:`~senim.provenance.ids.PAYLOAD_BITS` coded bits (about 70 chips
  per bit) and a keyed ±1 pseudo-noise sign. Every chip scales its STFT magnitude by
  ``1 ± ALPHA`` (the sign is the PN sign times the bit); blocks repeat over the whole file, so
  any :data:`MIN_AUDIO_SECONDS` of it carry the payload, and more audio means more votes.
- Only the *change* (the inverse STFT of ``ΔX = ±ALPHA·X``, computed on the channel mix) is added to
  every channel, so the mark follows the music's own spectrum (spectral masking) and leaves the
  rest of the signal bit-exact; the output is clipped to −1..1.
- Detection: log magnitudes of the mix, whitened in frequency and time (9-bin and 9-frame moving
  averages removed), folded modulo the
  block length; a search over 8 sub-hop sample offsets and all 100 frame shifts within a block
  (cyclic correlation of the folded chips) picks the alignment with the most payload energy;
  the soft sums of the best few alignments go to :func:`~senim.provenance.ids.decode_payload`.

At most :data:`MAX_DETECT_SECONDS` of audio are read by the detector (bounded time).
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from senim.provenance.errors import ProvenanceError
from senim.provenance.ids import PAYLOAD_BITS, decode_payload, encode_payload
from senim.provenance.types import WatermarkReading

__all__ = [
    "ALGORITHM",
    "ALPHA",
    "BLOCK_FRAMES",
    "MAX_DETECT_SECONDS",
    "MIN_AUDIO_SECONDS",
    "detect_audio",
    "embed_audio",
]

ALGORITHM: Final = "org.senim.watermark.audio.v1"
MIN_AUDIO_SECONDS: Final = 3.0
"""Shorter audio raises :class:`~senim.provenance.errors.ProvenanceError` (one block plus margin).

Uncompressed or resampled audio decodes from about 3–5 s on; surviving MP3/AAC re-encoding needs
about 10 s (more repetitions to vote), see ``benchmarks/README.md``."""
MAX_DETECT_SECONDS: Final = 60.0
BLOCK_FRAMES: Final = 100
ALPHA: Final = 0.2
MIN_RATE: Final = 8000
MAX_RATE: Final = 384_000

_HOP_SECONDS: Final = 0.02
_BAND_HZ: Final = (1000.0, 4000.0)
_BIN_HZ: Final = 25.0
_NBINS: Final = round((_BAND_HZ[1] - _BAND_HZ[0]) / _BIN_HZ)
_OFFSETS: Final = 8
_CANDIDATES: Final = 3
_KEY: Final = b"senim/watermark/audio/v1"

FloatArray = npt.NDArray[np.float64]


def _keyed_rng(label: bytes) -> np.random.Generator:
    return np.random.default_rng(int.from_bytes(hashlib.sha256(_KEY + label).digest()[:8], "big"))


_TILE: Final = (
    4,
    2,
)  # a chip covers 4 frames (80 ms) x 2 bins (50 Hz): smearing by overlap and leakage stays inside it
_TILE_ROWS: Final = BLOCK_FRAMES // _TILE[0]
_TILE_COLS: Final = _NBINS // _TILE[1]


def _expand(chips: npt.NDArray[Any]) -> npt.NDArray[Any]:
    return np.repeat(np.repeat(chips.reshape(_TILE_ROWS, _TILE_COLS), _TILE[0], axis=0), _TILE[1], axis=1)


_LAYOUT: Final[npt.NDArray[np.intp]] = _expand(
    _keyed_rng(b"layout").permutation(_TILE_ROWS * _TILE_COLS) % PAYLOAD_BITS
)
_PN: Final[npt.NDArray[np.float64]] = _expand(
    _keyed_rng(b"pn").integers(0, 2, _TILE_ROWS * _TILE_COLS) * 2.0 - 1.0
)


def _grid(rate: int) -> tuple[int, int, int]:
    """(hop, frame length, first band bin) in samples/bins for a sample rate."""
    hop = max(1, round(rate * _HOP_SECONDS))
    return hop, 2 * hop, round(_BAND_HZ[0] * 2 * hop / rate)


def _window(n: int) -> FloatArray:
    return np.sqrt(0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n))


def _frames(x: FloatArray, hop: int, n: int) -> FloatArray:
    count = max(0, (x.size - n) // hop + 1)
    if count == 0:
        return np.zeros((0, n))
    view = np.lib.stride_tricks.sliding_window_view(x, n)[::hop][:count]
    framed: FloatArray = view * _window(n)
    return framed


def _check(samples: object, rate: object) -> tuple[FloatArray, bool]:
    if not isinstance(samples, np.ndarray):
        raise ProvenanceError(f"audio samples must be a NumPy array, not {type(samples).__name__}")
    if (
        isinstance(rate, bool)
        or not isinstance(rate, int | np.integer)
        or not MIN_RATE <= int(rate) <= MAX_RATE
    ):
        raise ProvenanceError(
            f"audio sample rate must be an integer in {MIN_RATE}..{MAX_RATE} Hz, got {rate!r}"
        )
    if samples.ndim not in (1, 2) or samples.size == 0:
        raise ProvenanceError(f"audio samples must be [n] or [n, channels], got shape {samples.shape}")
    if not np.issubdtype(samples.dtype, np.floating):
        raise ProvenanceError(f"audio samples must be float in -1..1, not {samples.dtype}")
    data = samples.astype(np.float64)
    if not np.all(np.isfinite(data)):
        raise ProvenanceError("audio samples contain NaN or infinity")
    mono = samples.ndim == 1
    return (data[:, None] if mono else data), mono


def embed_audio(samples: npt.NDArray[np.floating], rate: int, label_id: int) -> npt.NDArray[np.float32]:
    """Mark audio with a label id.

    Parameters
    ----------
    samples
        Float samples in −1..1, ``[n, channels]`` (``[n]`` for mono is accepted and kept).
    rate
        Sample rate in Hz (8 kHz or more; a multiple of 50 Hz keeps the frame grid exact).
    label_id
        64-bit label id.

    Returns
    -------
    numpy.ndarray
        ``float32`` marked samples, same shape as the input.

    Raises
    ------
    ProvenanceError
        Bad array, rate, or audio shorter than :data:`MIN_AUDIO_SECONDS`.
    ValueError
        When the label id is not a 64-bit unsigned integer.
    """
    data, mono = _check(samples, rate)
    rate = int(rate)
    if data.shape[0] < MIN_AUDIO_SECONDS * rate:
        raise ProvenanceError(
            f"audio too short for a watermark: {data.shape[0] / rate:.2f} s (minimum {MIN_AUDIO_SECONDS} s)"
        )
    bits = encode_payload(label_id)
    pattern = _PN * (2.0 * bits[_LAYOUT] - 1.0)  # (frames in block, bins)
    hop, n, lo = _grid(rate)
    mix = data.mean(axis=1)
    padded = np.concatenate([np.zeros(hop), mix, np.zeros(n)])  # first frame centred on sample 0
    frames = _frames(padded, hop, n)
    spectrum = np.fft.rfft(frames, axis=1)
    gain = np.zeros((frames.shape[0], spectrum.shape[1]))
    rows = (np.arange(frames.shape[0]) - 1) % BLOCK_FRAMES  # frame t starts at sample (t - 1) * hop
    gain[:, lo : lo + _NBINS] = ALPHA * pattern[rows]
    change_frames = np.fft.irfft(spectrum * gain, n=n, axis=1) * _window(n)
    # Overlap-add with hop = n / 2: frame t's halves land on hop segments t and t + 1.
    segments = np.zeros((frames.shape[0] + 1, hop))
    segments[:-1] += change_frames[:, :hop]
    segments[1:] += change_frames[:, hop:]
    change = segments.reshape(-1)
    delta = change[hop : hop + mix.size]
    out = np.clip(data + delta[:, None], -1.0, 1.0).astype(np.float32)
    return out[:, 0] if mono else out


def _moving_average(a: FloatArray, k: int, axis: int) -> FloatArray:
    """Centred moving average of odd length ``k`` along an axis (edges repeated)."""
    moved = np.moveaxis(a, axis, 0)
    pad = np.concatenate([np.repeat(moved[:1], k // 2, axis=0), moved, np.repeat(moved[-1:], k // 2, axis=0)])
    cs = np.concatenate([np.zeros((1, *moved.shape[1:])), np.cumsum(pad, axis=0)])
    out: FloatArray = np.moveaxis((cs[k:] - cs[:-k]) / k, 0, axis)
    return out


def _features(mix: FloatArray, rate: int) -> FloatArray:
    """Whitened log magnitudes of the band, one row per frame (frame t starts at sample t * hop)."""
    hop, n, lo = _grid(rate)
    frames = _frames(mix, hop, n)
    if frames.shape[0] == 0:
        return np.zeros((0, _NBINS))
    spectrum = np.fft.rfft(frames, axis=1)[:, lo : lo + _NBINS]
    logmag = np.log(np.abs(spectrum) + 1e-9)
    # Remove the host's smooth envelope in frequency (9 bins) and its slow change in time (9 frames);
    # what is left is mostly the chips plus the host's fine, noise-like structure.
    white = logmag - _moving_average(logmag, 9, axis=1)
    white = white - _moving_average(white, 9, axis=0)
    silent = np.abs(spectrum).mean(axis=1) < 1e-6
    white[silent] = 0.0
    white /= max(float(np.std(white)), 1e-9)
    clipped: FloatArray = np.clip(white, -3.0, 3.0)
    return clipped


def _candidates(mix: FloatArray, rate: int) -> list[tuple[float, int, int, FloatArray]]:
    """(payload energy, sample offset, frame shift, soft sums) of the best alignments."""
    hop, _, _ = _grid(rate)
    found: list[tuple[float, int, int, FloatArray]] = []
    for k in range(_OFFSETS):
        offset = (k * hop) // _OFFSETS
        feats = _features(mix[offset:], rate)
        count = feats.shape[0]
        if count < BLOCK_FRAMES:
            continue
        fold = np.zeros((BLOCK_FRAMES, _NBINS))
        whole = (count // BLOCK_FRAMES) * BLOCK_FRAMES
        fold += feats[:whole].reshape(-1, BLOCK_FRAMES, _NBINS).sum(axis=0)
        fold[: count - whole] += feats[whole:]
        for shift in range(BLOCK_FRAMES):
            # frame t of this reading is block row (t + shift) mod BLOCK_FRAMES
            aligned = np.roll(fold, shift, axis=0)
            soft = np.bincount(
                _LAYOUT.reshape(-1), weights=(aligned * _PN).reshape(-1), minlength=PAYLOAD_BITS
            ).astype(np.float64)
            energy = float(np.sum(soft**2) / max(np.sum(aligned**2), 1e-12))
            found.append((energy, offset, shift, soft))
    found.sort(key=lambda item: -item[0])
    return found[:_CANDIDATES]


def detect_audio(samples: npt.NDArray[np.floating], rate: int) -> WatermarkReading:
    """Read a label id from audio.

    Parameters
    ----------
    samples
        Float samples, ``[n, channels]`` or ``[n]``; at most :data:`MAX_DETECT_SECONDS` are read.
    rate
        Sample rate in Hz (any rate ≥ 8 kHz: the mark survives resampling).

    Returns
    -------
    WatermarkReading
        ``label_id`` is ``None`` when no valid payload is found.

    Raises
    ------
    ProvenanceError
        Bad array or rate, or audio shorter than one block (2 s).
    """
    data, _ = _check(samples, rate)
    rate = int(rate)
    hop, n, _ = _grid(rate)
    if data.shape[0] < BLOCK_FRAMES * hop + n:
        raise ProvenanceError(f"audio too short to carry a watermark: {data.shape[0] / rate:.2f} s")
    mix = data[: int(MAX_DETECT_SECONDS * rate)].mean(axis=1)
    best = _candidates(mix, rate)
    for energy, offset, shift, soft in best:
        label_id, ber, confidence = decode_payload(soft)
        if label_id is not None:
            return WatermarkReading(
                label_id,
                ber,
                confidence,
                f"offset {offset} samples, frame shift {shift}, energy {energy:.2f}",
            )
    top = best[0][0] if best else 0.0
    return WatermarkReading(None, 0.5, 0.0, f"no payload; best alignment energy {top:.2f}")
