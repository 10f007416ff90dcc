"""Shared fixtures of the provenance tests: a throw-away signer and tiny media files.

All are made in-process, offline, in a few milliseconds (the MP4 takes one ffmpeg call).

Signer (session-scoped)
-----------------------
``test_ca_dir`` -> Path
    A directory made by :func:`senim.provenance.signer.init_test_ca`: ``ca.pem`` (root, the trust
    anchor), ``chain.pem`` + ``key.pem`` (ES256 leaf), ``text-chain.pem`` + ``text-key.pem``
    (Ed25519 leaf for text marks), ``signer.json``. Do not write into it.
``signer_config`` -> SignerConfig
    ``load_signer(test_ca_dir)``.
``trust_anchors`` -> bytes
    The PEM of ``test_ca_dir / "ca.pem"``.
``other_ca_dir`` -> Path
    A second, unrelated test CA (for "signed by someone else" cases).

Media samples (bytes, session-scoped; never mutate them)
--------------------------------------------------------
``sample_png``, ``sample_jpeg``, ``sample_webp``
    A 96×64 RGB gradient encoded by Pillow (JPEG q90 with a JFIF APP0 segment, lossy WebP).
``sample_wav``
    0.5 s of a 440 Hz tone, 16 kHz mono 16-bit PCM, written with the ``wave`` module.
``sample_mp4``
    1 s of 64×48 H.264 at 10 fps with an AAC tone track, made by ``/usr/bin/ffmpeg``; the tests
    using it are skipped when ffmpeg is missing.
``sample_pdf``
    A one-page PDF made with reportlab.
``sample_text``, ``sample_markdown``, ``sample_html`` (str)
    Short Kazakh/Russian/English texts.
``media_types`` -> dict[str, MediaType]
    ``MediaType`` per key ``"png" "jpeg" "webp" "wav" "mp4" "pdf"``.
"""

from __future__ import annotations

import io
import math
import shutil
import struct
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from senim.provenance.signer import SignerConfig, init_test_ca, load_signer
from senim.provenance.types import MediaType

FFMPEG = shutil.which("ffmpeg") or ("/usr/bin/ffmpeg" if Path("/usr/bin/ffmpeg").exists() else None)

MEDIA_TYPES = {
    "png": MediaType("image", "image/png", ".png"),
    "jpeg": MediaType("image", "image/jpeg", ".jpg"),
    "webp": MediaType("image", "image/webp", ".webp"),
    "wav": MediaType("audio", "audio/wav", ".wav"),
    "mp4": MediaType("video", "video/mp4", ".mp4"),
    "pdf": MediaType("pdf", "application/pdf", ".pdf"),
}


@pytest.fixture(scope="session")
def test_ca_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throw-away test CA directory (see the module docstring)."""
    return init_test_ca(tmp_path_factory.mktemp("provenance-ca") / "signer")


@pytest.fixture(scope="session")
def other_ca_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second, unrelated test CA."""
    return init_test_ca(tmp_path_factory.mktemp("provenance-other-ca") / "signer", organisation="Other org")


@pytest.fixture(scope="session")
def signer_config(test_ca_dir: Path) -> SignerConfig:
    """The signer of ``test_ca_dir``."""
    return load_signer(test_ca_dir)


@pytest.fixture(scope="session")
def trust_anchors(test_ca_dir: Path) -> bytes:
    """PEM root certificate of ``test_ca_dir``."""
    return (test_ca_dir / "ca.pem").read_bytes()


@pytest.fixture(scope="session")
def media_types() -> dict[str, MediaType]:
    """MediaType per sample key."""
    return dict(MEDIA_TYPES)


def _gradient(width: int = 96, height: int = 64) -> np.ndarray:
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack(
        [x * 255 // (width - 1), y * 255 // (height - 1), (x + y) * 255 // (width + height - 2)], -1
    )
    return rgb.astype(np.uint8)


def _encode(fmt: str, **kwargs: object) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(_gradient()).save(buf, fmt, **kwargs)
    return buf.getvalue()


@pytest.fixture(scope="session")
def sample_png() -> bytes:
    """96×64 RGB PNG."""
    return _encode("PNG")


@pytest.fixture(scope="session")
def sample_jpeg() -> bytes:
    """96×64 RGB JPEG (q90, JFIF)."""
    return _encode("JPEG", quality=90)


@pytest.fixture(scope="session")
def sample_webp() -> bytes:
    """96×64 RGB lossy WebP (simple VP8 format)."""
    return _encode("WEBP", quality=80)


@pytest.fixture(scope="session")
def sample_wav() -> bytes:
    """0.5 s, 16 kHz, mono, 16-bit PCM tone."""
    rate = 16_000
    t = np.arange(rate // 2) / rate
    samples = (0.3 * 32767 * np.sin(2 * math.pi * 440 * t)).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buf.getvalue()


@pytest.fixture(scope="session")
def sample_mp4(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """1 s, 64×48, 10 fps H.264 + AAC MP4 (skips when ffmpeg is missing)."""
    if FFMPEG is None:
        pytest.skip("ffmpeg not installed (apt-get install ffmpeg)")
    out = tmp_path_factory.mktemp("provenance-mp4") / "sample.mp4"
    cmd = [
        FFMPEG, "-v", "error", "-nostdin", "-y",
        "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=1",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast",
        "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(out),
    ]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    if result.returncode != 0:
        pytest.skip(f"ffmpeg could not make a sample MP4: {result.stderr.decode(errors='replace')[-300:]}")
    return out.read_bytes()


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    """A one-page PDF (reportlab)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.setTitle("Senim sample")
    pdf.drawString(72, 720, "Sample document for provenance tests.")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture(scope="session")
def sample_text() -> str:
    """Plain text in Kazakh, Russian and English."""
    return (
        "Бұл мәтінді жасанды интеллект жасады: ә ғ қ ң ө ұ ү һ і.\n"
        "Этот текст создан искусственным интеллектом.\n"
        "This text was generated by an AI system.\n"
    )


@pytest.fixture(scope="session")
def sample_markdown() -> str:
    """A short Markdown document."""
    return "# Есеп\n\n- бірінші тармақ\n- второй пункт\n\n**Bold** and `code`.\n"


@pytest.fixture(scope="session")
def sample_html() -> str:
    """A short HTML document."""
    return '<!doctype html>\n<html lang="kk"><body><p>Сәлем, <b>әлем</b>!</p></body></html>\n'


def mp4_mdat_payload_offset(data: bytes) -> int:
    """Offset of a byte inside the first top-level ``mdat`` box's payload (for tamper tests)."""
    pos = 0
    while pos + 8 <= len(data):
        size: int
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = len(data) - pos
        if kind == b"mdat":
            return pos + header + (size - header) // 2
        pos += size
    raise AssertionError("no mdat box")
