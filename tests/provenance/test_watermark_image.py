"""Image watermark: round trip, every attack the benchmark claims (at a smaller size), bad input."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance

from senim.provenance.errors import ProvenanceError
from senim.provenance.watermark.image import (
    MIN_IMAGE_SIDE,
    detect_image,
    embed_image,
    read_soft_bits,
)

LABEL = 0x5E41A0B1C2D3E4F5


def natural_image(h: int, w: int, seed: int) -> np.ndarray:
    """Seeded natural-like picture: gradient, 1/f texture, shapes and strokes."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.stack(
        [rng.uniform(40, 200) + rng.uniform(-60, 60) * (yy / h + 0.3 * xx / w) for _ in range(3)], -1
    )
    f = np.sqrt(np.fft.fftfreq(h)[:, None] ** 2 + np.fft.rfftfreq(w)[None, :] ** 2)
    f[0, 0] = 1.0
    for c in range(3):
        tex = np.fft.irfft2((rng.normal(size=f.shape) + 1j * rng.normal(size=f.shape)) / f**1.1, s=(h, w))
        img[..., c] += tex / tex.std() * 20
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(pil)
    for _ in range(8):
        x0, y0, s = int(rng.integers(0, w)), int(rng.integers(0, h)), int(rng.integers(10, 60))
        draw.ellipse([x0, y0, x0 + s, y0 + s], fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
        draw.line([(x0, y0), (x0 + 40, y0 + 3)], fill=(20, 20, 20), width=2)
    return np.asarray(pil)


def _codec(a: np.ndarray, fmt: str, **kw: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, fmt, **kw)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _resize(a: np.ndarray, f: float) -> np.ndarray:
    h, w = a.shape[:2]
    return np.asarray(Image.fromarray(a).resize((round(w * f), round(h * f)), Image.Resampling.LANCZOS))


def _crop(a: np.ndarray, f: float) -> np.ndarray:
    h, w = a.shape[:2]
    dy, dx = round(h * f / 2), round(w * f / 2)
    return a[dy : h - dy, dx : w - dx]


ATTACKS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "png": lambda a: _codec(a, "PNG"),
    "jpeg90": lambda a: _codec(a, "JPEG", quality=90),
    "jpeg75": lambda a: _codec(a, "JPEG", quality=75),
    "jpeg50": lambda a: _codec(a, "JPEG", quality=50),
    "webp80": lambda a: _codec(a, "WEBP", quality=80),
    "resize75": lambda a: _resize(a, 0.75),
    "resize50": lambda a: _resize(a, 0.5),
    "crop10": lambda a: _crop(a, 0.10),
    "brighter10": lambda a: np.asarray(ImageEnhance.Brightness(Image.fromarray(a)).enhance(1.1)),
    "darker10": lambda a: np.asarray(ImageEnhance.Brightness(Image.fromarray(a)).enhance(0.9)),
}


@pytest.fixture(scope="module")
def original() -> np.ndarray:
    return natural_image(256, 320, 11)


@pytest.fixture(scope="module")
def marked(original: np.ndarray) -> np.ndarray:
    return embed_image(original, LABEL)


def test_round_trip_quality_and_input_untouched(original: np.ndarray, marked: np.ndarray) -> None:
    copy = original.copy()
    again = embed_image(original, LABEL)
    assert np.array_equal(original, copy)  # input not modified
    assert np.array_equal(again, marked)  # deterministic
    assert marked.shape == original.shape and marked.dtype == np.uint8
    mse = np.mean((marked.astype(np.float64) - original) ** 2)
    assert 10 * np.log10(255**2 / mse) >= 40.0
    reading = detect_image(marked)
    assert reading.label_id == LABEL and reading.bit_error_rate < 0.05 and reading.confidence > 0.8


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_survives_attack(marked: np.ndarray, attack: str) -> None:
    reading = detect_image(ATTACKS[attack](marked))
    assert reading.label_id == LABEL, reading.detail


def test_soft_bits_match_payload(marked: np.ndarray) -> None:
    from senim.provenance.ids import PAYLOAD_BITS, encode_payload

    soft = read_soft_bits(_codec(marked, "JPEG", quality=75))
    assert soft.shape == (PAYLOAD_BITS,)
    assert np.mean((soft > 0) == encode_payload(LABEL)) > 0.95


def test_unmarked_gives_no_id(original: np.ndarray) -> None:
    assert detect_image(original).label_id is None  # with the crop search
    for image in (natural_image(200, 200, 5), np.full((160, 160, 3), 128, np.uint8)):
        reading = detect_image(image, search_crops=False)
        assert reading.label_id is None and reading.confidence == 0.0


def test_other_label_not_confused(original: np.ndarray) -> None:
    other = embed_image(original, 42)
    assert detect_image(other).label_id == 42


def test_strength_raises_distortion(original: np.ndarray, marked: np.ndarray) -> None:
    strong = embed_image(original, LABEL, strength=2.0)
    assert np.abs(strong.astype(int) - original).mean() > np.abs(marked.astype(int) - original).mean()
    assert detect_image(strong, strength=2.0).label_id == LABEL


def test_greyscale_and_saturated_content() -> None:
    grey = natural_image(200, 200, 3)[..., 1]
    rgb = np.repeat(grey[..., None], 3, axis=2)
    assert detect_image(embed_image(rgb, LABEL)).label_id == LABEL
    flat = np.zeros((200, 200, 3), np.uint8)
    flat[:, 100:] = 255  # fully saturated: the mark cannot be applied everywhere; must not crash
    detect_image(embed_image(flat, LABEL))


def test_too_small_image() -> None:
    with pytest.raises(ProvenanceError, match="too small"):
        embed_image(np.zeros((MIN_IMAGE_SIDE - 1, 400, 3), np.uint8), LABEL)
    with pytest.raises(ProvenanceError, match="too small"):
        detect_image(np.zeros((20, 20, 3), np.uint8))


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((200, 200), np.uint8),
        np.zeros((200, 200, 4), np.uint8),
        np.zeros((200, 200, 3), np.float32),
        [[1]],
    ],
)
def test_bad_arrays(bad: object) -> None:
    with pytest.raises(ProvenanceError):
        embed_image(bad, LABEL)  # type: ignore[arg-type]
    with pytest.raises(ProvenanceError):
        detect_image(bad)  # type: ignore[arg-type]


def test_bad_strength_and_id(original: np.ndarray) -> None:
    with pytest.raises(ProvenanceError):
        embed_image(original, LABEL, strength=0.0)
    with pytest.raises(ValueError):
        embed_image(original, -5)
