"""Audio watermark: round trip, resampling and MP3 re-encode, unmarked audio, bad input."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from senim.provenance.errors import ProvenanceError
from senim.provenance.watermark.audio import MIN_AUDIO_SECONDS, detect_audio, embed_audio

LABEL = 0xA0D10000CAFE0001


def music(seconds: float, rate: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    x = 0.02 * rng.normal(size=t.size)
    for i in range(int(seconds * 4)):
        f0 = 220 * 2 ** (int(rng.integers(0, 24)) / 12)
        s, e = int(i * rate / 4), min(t.size, int(i * rate / 4) + rate // 2)
        tt = t[s:e] - t[s]
        for k in range(1, 6):
            x[s:e] += np.exp(-3 * tt) * np.sin(2 * np.pi * f0 * k * tt) / k
    x = x / np.abs(x).max() * 0.6
    return np.stack([x, np.roll(x, 30)], 1).astype(np.float32)


@pytest.fixture(scope="module")
def clip() -> tuple[np.ndarray, np.ndarray]:
    x = music(10, 22050)
    return x, embed_audio(x, 22050, LABEL)


def test_round_trip_snr_and_shape(clip: tuple[np.ndarray, np.ndarray]) -> None:
    x, marked = clip
    assert marked.shape == x.shape and marked.dtype == np.float32
    snr = 10 * np.log10(np.sum(x.astype(np.float64) ** 2) / np.sum((marked - x).astype(np.float64) ** 2))
    assert snr > 20
    assert detect_audio(marked, 22050).label_id == LABEL
    # mono in, mono out
    mono = embed_audio(x[:, 0].copy(), 22050, LABEL)
    assert mono.ndim == 1 and detect_audio(mono, 22050).label_id == LABEL


def test_unmarked_audio(clip: tuple[np.ndarray, np.ndarray]) -> None:
    assert detect_audio(clip[0], 22050).label_id is None
    assert detect_audio(np.zeros((5 * 8000, 1), np.float32), 8000).label_id is None


def test_trimmed_start(clip: tuple[np.ndarray, np.ndarray]) -> None:
    assert detect_audio(clip[1][12345:], 22050).label_id == LABEL


def _ffmpeg(
    tmp_path: Path, marked: np.ndarray, rate: int, args: list[str], ext: str
) -> tuple[np.ndarray, int]:
    import soundfile as sf

    sf.write(tmp_path / "a.wav", marked, rate)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(tmp_path / "a.wav"), *args, str(tmp_path / f"b{ext}")],
        check=True,
    )
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(tmp_path / f"b{ext}"), str(tmp_path / "c.wav")], check=True
    )
    y, r = sf.read(tmp_path / "c.wav", dtype="float32")
    return y, int(r)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
@pytest.mark.parametrize(
    ("args", "ext"),
    [(["-ar", "16000"], ".wav"), (["-c:a", "aac", "-b:a", "128k"], ".m4a")],
)
def test_survives_ffmpeg(
    tmp_path: Path, clip: tuple[np.ndarray, np.ndarray], args: list[str], ext: str
) -> None:
    y, r = _ffmpeg(tmp_path, clip[1], 22050, args, ext)
    assert detect_audio(y, r).label_id == LABEL


def test_too_short_and_bad_input() -> None:
    with pytest.raises(ProvenanceError, match="too short"):
        embed_audio(np.zeros((int(MIN_AUDIO_SECONDS * 8000) - 1, 1), np.float32), 8000, LABEL)
    with pytest.raises(ProvenanceError, match="too short"):
        detect_audio(np.zeros((8000, 1), np.float32), 8000)
    with pytest.raises(ProvenanceError):
        embed_audio(np.zeros((80000, 1), np.int16), 16000, LABEL)  # type: ignore[arg-type]
    with pytest.raises(ProvenanceError):
        embed_audio(np.full((80000, 1), np.nan, np.float32), 16000, LABEL)
    with pytest.raises(ProvenanceError):
        embed_audio(np.zeros((80000, 1), np.float32), 100, LABEL)
    with pytest.raises(ProvenanceError):
        detect_audio(np.zeros((2, 2, 2), np.float32), 16000)
