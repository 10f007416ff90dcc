"""Media sniffing and safe image/WAV decoding (senim.provenance.media)."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image

from senim.provenance import media as m
from senim.provenance.errors import CorruptMediaError, UnsupportedFormatError


def _png(w: int = 64, h: int = 48, mode: str = "RGB") -> bytes:
    rng = np.random.default_rng(1)
    arr = rng.integers(0, 256, (h, w, len(mode)) if len(mode) > 1 else (h, w), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(arr, mode).save(out, "PNG")
    return out.getvalue()


def _encode(fmt: str, **kw: object) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.full((40, 50, 3), 120, np.uint8)).save(out, fmt, **kw)
    return out.getvalue()


def _wav(n: int = 800, rate: int = 8000, channels: int = 1, subtype: str = "PCM_16") -> bytes:
    t = np.arange(n) / rate
    x = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    return m.encode_wav(np.repeat(x[:, None], channels, axis=1), rate, subtype)


MP4_HEAD = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2" + b"\x00" * 32


@pytest.mark.parametrize(
    ("data", "name", "mime"),
    [
        (_png(), "a.png", "image/png"),
        (_encode("JPEG"), "a.jpg", "image/jpeg"),
        (_encode("JPEG"), "a.JPEG", "image/jpeg"),
        (_encode("WEBP"), "a.webp", "image/webp"),
        (_wav(), "a.wav", "audio/wav"),
        (MP4_HEAD, "a.mp4", "video/mp4"),
        (b"%PDF-1.7\n%...", "a.pdf", "application/pdf"),
        ("Сәлем әлем".encode(), "a.txt", "text/plain"),
        (b"# Title\n", "notes.md", "text/markdown"),
        (b"<p>hi</p>", "page.htm", "text/html"),
        (b"<p>hi</p>", "page.html", "text/html"),
        (b"plain", "README", "text/plain"),
        (b"plain", "data.log", "text/plain"),
        (_png(), None, "image/png"),
    ],
)
def test_sniff_by_content(data: bytes, name: str | None, mime: str) -> None:
    assert m.sniff(data, name).mime == mime


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (_encode("JPEG"), "photo.png", (".png", "PNG image", "JPEG image")),
        (_png(), "photo.jpg", (".jpg", "JPEG image", "PNG image")),
        (b"hello", "x.png", (".png", "PNG image", "text")),
        (_png(), "x.txt", (".txt", "plain text", "PNG image")),
        (_png(), "x.gif", (".gif", "PNG image")),
    ],
)
def test_wrong_extension_names_both(data: bytes, name: str, words: tuple[str, ...]) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        m.sniff(data, name)
    for w in words:
        assert w in str(info.value)
    assert name in str(info.value)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02binary\xff\xfe", b"GIF89a" + b"\x00" * 20, b"\xff\xfe\xfd not utf8 \x80"],
)
def test_unsupported(data: bytes) -> None:
    with pytest.raises(UnsupportedFormatError):
        m.sniff(data, "thing")


def test_quicktime_is_not_mp4() -> None:
    mov = struct.pack(">I", 20) + b"ftypqt  " + b"\x00\x00\x02\x00" + b"qt  " + b"\x00" * 16
    with pytest.raises(UnsupportedFormatError, match="qt"):
        m.sniff(mov, "a.mp4")


def test_decode_image_modes_roundtrip() -> None:
    for mode in ("RGB", "RGBA", "L", "LA"):
        data = _png(mode=mode)
        dec = m.decode_image(data, m.PNG)
        assert dec.rgb.shape == (48, 64, 3)
        assert (dec.alpha is not None) == ("A" in mode)
        assert dec.grey == mode.startswith("L")
        back = Image.open(io.BytesIO(m.encode_image(dec.rgb, dec)))
        assert back.mode == mode
        assert np.array_equal(np.asarray(back), np.asarray(Image.open(io.BytesIO(data))))


def test_exif_orientation_applied_and_reset() -> None:
    img = Image.fromarray(np.zeros((30, 60, 3), np.uint8))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    dec = m.decode_image(out.getvalue(), m.JPEG)
    assert dec.rgb.shape == (60, 30, 3)
    again = Image.open(io.BytesIO(m.encode_image(dec.rgb, dec)))
    assert again.size == (30, 60)
    assert again.getexif().get(0x0112) == 1


def test_webp_lossless_kept() -> None:
    lossless = _encode("WEBP", lossless=True)
    dec = m.decode_image(lossless, m.WEBP)
    assert dec.lossless
    again = m.encode_image(dec.rgb, dec)
    assert b"VP8L" in again[:64]
    assert not m.decode_image(_encode("WEBP", quality=80), m.WEBP).lossless


def test_jpeg_encoded_444_q95() -> None:
    dec = m.decode_image(_encode("JPEG"), m.JPEG)
    img = Image.open(io.BytesIO(m.encode_image(dec.rgb, dec)))
    from PIL import JpegImagePlugin

    assert JpegImagePlugin.get_sampling(img) == 0  # 4:4:4


def test_truncated_image() -> None:
    data = _png(256, 256)
    with pytest.raises(CorruptMediaError, match="cannot decode"):
        m.decode_image(data[: len(data) // 2], m.PNG, name="half.png")


def test_truncated_image_refused_even_when_pillow_tolerates_truncation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WeasyPrint switches Pillow's process-wide LOAD_TRUNCATED_IMAGES on when imported."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = _png(256, 256)
    with pytest.raises(CorruptMediaError, match="cannot decode"):
        m.decode_image(data[: len(data) // 2], m.PNG, name="half.png")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for whoever set it


def test_decompression_bomb_refused_before_decoding() -> None:
    # A valid PNG header claiming 20000 × 20000 pixels (400 MP) with almost no data.
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(CorruptMediaError, match="decompression bomb"):
        m.decode_image(bomb, m.PNG, name="bomb.png")
    # Between the limit and twice the limit Pillow only warns: we refuse too.
    ihdr = struct.pack(">IIBBBBB", 11000, 10000, 8, 0, 0, 0, 0)
    bomb2 = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")
    with pytest.raises(CorruptMediaError, match="decompression bomb"):
        m.decode_image(bomb2, m.PNG, name="bomb2.png")
    assert Image.MAX_IMAGE_PIXELS == m.MAX_IMAGE_PIXELS


def test_wav_roundtrip_keeps_subtype() -> None:
    for subtype in ("PCM_16", "PCM_24", "FLOAT"):
        dec = m.decode_wav(_wav(channels=2, subtype=subtype))
        assert dec.subtype == subtype
        assert dec.samples.shape == (800, 2)
        assert dec.samples.dtype == np.float32
        again = m.decode_wav(m.encode_wav(dec.samples, dec.rate, dec.subtype))
        assert np.allclose(again.samples, dec.samples, atol=1e-4)


def test_wav_truncated_and_broken() -> None:
    data = _wav()
    with pytest.raises(CorruptMediaError, match="truncated"):
        m.decode_wav(data[:-100], name="cut.wav")
    with pytest.raises(CorruptMediaError):
        m.decode_wav(b"RIFF\x04\x00\x00\x00WAVE", name="empty.wav")
