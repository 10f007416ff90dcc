"""What a file is, and safe decoding and encoding of images and WAV audio.

:func:`sniff` tells the media type from the content (magic bytes), never from the name alone; a
name whose extension belongs to another type is refused, naming both, because a file called
``photo.png`` that holds a JPEG is either a mistake or a trick, and labelling it would produce a
file whose name lies about its content.

Supported:

========  ==========================  ==============================================
kind      MIME type                   recognised by
========  ==========================  ==============================================
image     ``image/png``               ``89 50 4E 47 0D 0A 1A 0A``
image     ``image/jpeg``              ``FF D8 FF``
image     ``image/webp``              ``RIFF····WEBP``
audio     ``audio/wav``               ``RIFF····WAVE``
video     ``video/mp4``               an ``ftyp`` box with a brand ``isom``, ``iso2``…``iso9``,
                                      ``mp41``, ``mp42``, ``avc1``, ``M4V `` (major or compatible)
pdf       ``application/pdf``         ``%PDF-`` in the first 1,024 bytes
text      ``text/plain``,             valid UTF-8 without NUL characters; ``.md`` means Markdown,
          ``text/markdown``,          ``.html``/``.htm`` HTML, anything else plain text
          ``text/html``
========  ==========================  ==============================================

Images are decoded with Pillow under an explicit pixel limit (:data:`MAX_IMAGE_PIXELS`); a larger
image, which could be a decompression bomb, is a :class:`~senim.provenance.errors.CorruptMediaError`
before any pixel is decoded.
"""

from __future__ import annotations

import io
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFile, ImageOps

from senim.provenance.errors import CorruptMediaError, UnsupportedFormatError
from senim.provenance.types import MediaType

__all__ = [
    "EXTENSIONS",
    "HTML",
    "JPEG",
    "MARKDOWN",
    "MAX_AUDIO_VALUES",
    "MAX_IMAGE_PIXELS",
    "MP4",
    "PDF",
    "PNG",
    "TEXT",
    "WAV",
    "WEBP",
    "DecodedAudio",
    "DecodedImage",
    "decode_image",
    "decode_wav",
    "encode_image",
    "encode_wav",
    "media_for_mime",
    "sniff",
    "text_format",
]

PNG: Final = MediaType("image", "image/png", ".png")
JPEG: Final = MediaType("image", "image/jpeg", ".jpg")
WEBP: Final = MediaType("image", "image/webp", ".webp")
WAV: Final = MediaType("audio", "audio/wav", ".wav")
MP4: Final = MediaType("video", "video/mp4", ".mp4")
PDF: Final = MediaType("pdf", "application/pdf", ".pdf")
TEXT: Final = MediaType("text", "text/plain", ".txt")
MARKDOWN: Final = MediaType("text", "text/markdown", ".md")
HTML: Final = MediaType("text", "text/html", ".html")

ALL: Final = (PNG, JPEG, WEBP, WAV, MP4, PDF, TEXT, MARKDOWN, HTML)

MAX_IMAGE_PIXELS: Final = 100_000_000
"""Largest image decoded (100 megapixels, e.g. 10,000 × 10,000); beyond it: a decompression bomb."""

MAX_AUDIO_VALUES: Final = 1 << 27
"""Largest WAV decoded, in samples × channels (134 M: 23 min of 48 kHz stereo, 512 MB as float32)."""

# Pillow refuses (DecompressionBombError) above twice its limit and only warns above it; we set the
# limit explicitly and turn the warning into an error (see decode_image).
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

EXTENSIONS: Final[dict[MediaType, tuple[str, ...]]] = {
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg", ".jpe", ".jfif"),
    WEBP: (".webp",),
    WAV: (".wav", ".wave"),
    MP4: (".mp4", ".m4v"),
    PDF: (".pdf",),
    TEXT: (".txt", ".text"),
    MARKDOWN: (".md", ".markdown"),
    HTML: (".html", ".htm"),
}
_EXT_TO_MEDIA: Final = {ext: m for m, exts in EXTENSIONS.items() for ext in exts}
# Extensions of formats we recognise by name but do not label (a clearer error than "not UTF-8").
_KNOWN_OTHER: Final = frozenset(
    {
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".heic",
        ".heif",
        ".avif",
        ".mp3",
        ".flac",
        ".ogg",
        ".m4a",
        ".aac",
        ".mov",
        ".avi",
        ".mkv",
        ".webm",
        ".docx",
        ".xlsx",
        ".pptx",
        ".zip",
        ".svg",
        ".jxl",
    }
)
_MP4_BRANDS: Final = frozenset(
    {b"isom", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VH", b"M4VP", b"dash", b"mp71"}
    | {b"iso" + bytes([c]) for c in b"23456789"}
)


def _describe(media: MediaType) -> str:
    return {
        "image/png": "PNG image",
        "image/jpeg": "JPEG image",
        "image/webp": "WebP image",
        "audio/wav": "WAV audio",
        "video/mp4": "MP4 video",
        "application/pdf": "PDF document",
        "text/plain": "plain text",
        "text/markdown": "Markdown text",
        "text/html": "HTML text",
    }[media.mime]


def media_for_mime(mime: str) -> MediaType:
    """The :class:`MediaType` of a MIME type this module knows (``ValueError`` otherwise)."""
    for m in ALL:
        if m.mime == mime:
            return m
    raise ValueError(f"unknown MIME type {mime!r}")


def text_format(media: MediaType) -> str:
    """``"text"``, ``"markdown"`` or ``"html"`` for a text media type."""
    return {"text/plain": "text", "text/markdown": "markdown", "text/html": "html"}[media.mime]


def _sniff_binary(data: bytes) -> MediaType | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF":
        if data[8:12] == b"WEBP":
            return WEBP
        if data[8:12] == b"WAVE":
            return WAV
    if len(data) >= 12 and data[4:8] == b"ftyp":
        size = struct.unpack(">I", data[:4])[0]
        end = min(size, len(data)) if size >= 16 else 12
        brands = {data[8:12]} | {data[i : i + 4] for i in range(16, end - 3, 4)}
        if brands & _MP4_BRANDS:
            return MP4
        raise UnsupportedFormatError(
            f"ISO media file with brands {', '.join(sorted(b.decode('latin-1') for b in brands))} "
            "is not supported (MP4 only: isom/mp41/mp42/avc1/iso*/M4V)"
        )
    if b"%PDF-" in data[:1024]:
        return PDF
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(data: bytes, name: str | None = None) -> MediaType:
    """The media type of ``data``, by its content.

    Parameters
    ----------
    data
        The file's bytes.
    name
        The file name (or path); when given, its extension must agree with the content. For text
        it chooses the flavour: ``.md`` Markdown, ``.html``/``.htm`` HTML, other plain text.

    Returns
    -------
    MediaType

    Raises
    ------
    UnsupportedFormatError
        The content is no supported format, or the extension names another format than the
        content (the message names both).
    """
    label = name or "input"
    ext = PurePath(name).suffix.lower() if name else ""
    if not data:
        raise UnsupportedFormatError(f"{label}: the file is empty")
    found = _sniff_binary(data)
    by_name = _EXT_TO_MEDIA.get(ext)
    if found is None:
        if not _is_text(data):
            what = f" (named like {_describe(by_name)})" if by_name else ""
            raise UnsupportedFormatError(
                f"{label}: unsupported or unrecognised format{what}; supported: PNG, JPEG, WebP, WAV, "
                "MP4, PDF and UTF-8 text/Markdown/HTML"
            )
        if by_name is not None and by_name.kind != "text":
            raise UnsupportedFormatError(
                f"{label}: the extension {ext} says {_describe(by_name)} but the content is text"
            )
        if ext in _KNOWN_OTHER:
            raise UnsupportedFormatError(f"{label}: the extension {ext} names an unsupported format")
        return by_name or TEXT
    if (by_name is not None or ext in _KNOWN_OTHER) and by_name != found:
        named = _describe(by_name) if by_name else f"another format ({ext})"
        raise UnsupportedFormatError(
            f"{label}: the extension {ext} says {named} but the content is a {_describe(found)}"
        )
    return found


# --------------------------------------------------------------------------- images


@dataclass(frozen=True)
class DecodedImage:
    """An image ready for the pixel layers, and what is needed to encode it back alike.

    Attributes
    ----------
    rgb
        ``H × W × 3`` uint8, EXIF orientation applied.
    alpha
        ``H × W`` uint8 when the source had transparency, kept aside and restored on encoding.
    grey
        The source was greyscale: encoded back as greyscale.
    media
        PNG, JPEG or WebP.
    lossless
        WebP only: the source was lossless (VP8L) and is encoded lossless again.
    icc_profile, exif
        Carried over (EXIF with its orientation reset, since the pixels are now upright).
    notes
        What could not be kept (e.g. a palette or 16-bit depth), for the receipt's warnings.
    """

    rgb: NDArray[np.uint8]
    alpha: NDArray[np.uint8] | None
    grey: bool
    media: MediaType
    lossless: bool
    icc_profile: bytes | None
    exif: bytes | None
    notes: tuple[str, ...] = ()


def _riff_chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(id, start of payload, size) of each RIFF chunk; raises CorruptMediaError when cut short."""
    if len(data) < 12:
        raise CorruptMediaError("the RIFF header is truncated")
    declared = struct.unpack("<I", data[4:8])[0] + 8
    if declared > len(data):
        raise CorruptMediaError(
            f"truncated: the RIFF header declares {declared} bytes, the file has {len(data)}"
        )
    chunks = []
    pos = 12
    while pos + 8 <= declared:
        cid = data[pos : pos + 4]
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if pos + 8 + size > len(data):
            raise CorruptMediaError(
                f"truncated: chunk {cid.decode('latin-1')!r} needs {size} bytes, {len(data) - pos - 8} remain"
            )
        chunks.append((cid, pos + 8, size))
        pos += 8 + size + (size & 1)
    return chunks


def _webp_lossless(data: bytes) -> bool:
    return any(cid == b"VP8L" for cid, _, _ in _riff_chunks(data))


_PILLOW_LOCK = threading.Lock()


@contextmanager
def _strict_pillow() -> Iterator[None]:
    """Decode with Pillow's truncated-image tolerance off, whatever the process set.

    ``ImageFile.LOAD_TRUNCATED_IMAGES`` is a process-wide switch, and WeasyPrint (the dossier
    renderer) turns it on when imported: a truncated image would then decode as grey padding and be
    labelled as if whole. The switch is held off while we decode and restored afterwards.
    """
    with _PILLOW_LOCK:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def decode_image(data: bytes, media: MediaType, *, name: str = "input") -> DecodedImage:
    """Decode a PNG, JPEG or WebP image safely.

    Raises
    ------
    CorruptMediaError
        Truncated or undecodable data, an animated image, or more than :data:`MAX_IMAGE_PIXELS`
        pixels (a possible decompression bomb: refused before decoding).
    """
    fmt = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}.get(media.mime)
    if fmt is None:
        raise UnsupportedFormatError(f"{name}: {media.mime} is not an image format")
    notes: list[str] = []
    try:
        lossless = media == WEBP and _webp_lossless(data)
    except CorruptMediaError as exc:
        raise CorruptMediaError(f"{name}: {exc}") from None
    try:
        with warnings.catch_warnings(), _strict_pillow():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img: Image.Image = Image.open(io.BytesIO(data), formats=[fmt])
            w, h = img.size
            if w * h > MAX_IMAGE_PIXELS:
                raise CorruptMediaError(
                    f"{name}: {w} × {h} = {w * h:,} pixels exceeds the limit of {MAX_IMAGE_PIXELS:,} "
                    "(possible decompression bomb)"
                )
            if getattr(img, "n_frames", 1) > 1:
                raise UnsupportedFormatError(f"{name}: animated images are not supported")
            img.load()
            icc = img.info.get("icc_profile")
            exif_obj = img.getexif()
            img = ImageOps.exif_transpose(img)
    except (CorruptMediaError, UnsupportedFormatError):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise CorruptMediaError(f"{name}: possible decompression bomb: {exc}") from None
    except (OSError, ValueError, SyntaxError, struct.error, EOFError) as exc:
        reason = str(exc) or type(exc).__name__
        raise CorruptMediaError(f"{name}: cannot decode the {fmt} image: {reason}") from None
    exif: bytes | None = None
    if len(exif_obj):
        exif_obj[0x0112] = 1  # orientation: the pixels are upright now
        exif = exif_obj.tobytes()
    mode = img.mode
    grey = mode in ("1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "F")
    alpha_img: Image.Image | None = None
    if mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        notes.append(f"{mode} samples reduced to 8 bits")
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if arr.max(initial=0) > 255 else 255.0
        img = Image.fromarray(np.clip(np.rint(arr * (255.0 / top)), 0, 255).astype(np.uint8), "L")
    if mode == "P":
        notes.append("palette image stored as full colour (a palette would erase the watermark)")
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    if img.mode in ("LA", "RGBA", "PA", "La", "RGBa"):
        alpha_img = img.getchannel("A")
    elif img.mode not in ("RGB", "L", "1", "CMYK", "YCbCr"):
        notes.append(f"{img.mode} converted to RGB")
    if img.mode == "CMYK":
        notes.append("CMYK converted to RGB")
    rgb = np.asarray(img.convert("RGB"), dtype=np.uint8).copy()
    alpha = None if alpha_img is None else np.asarray(alpha_img, dtype=np.uint8).copy()
    return DecodedImage(rgb, alpha, grey, media, lossless, icc, exif, tuple(notes))


def encode_image(rgb: NDArray[np.uint8], like: DecodedImage, *, name: str = "output") -> bytes:
    """Encode ``rgb`` in the source's format: JPEG q95 4:4:4, PNG (no optimise), WebP lossless or q95.

    Alpha and greyscale are restored from ``like``; the ICC profile and EXIF (orientation reset) kept.
    """
    img = Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8), "RGB")
    if like.grey:
        img = img.convert("L")
    if like.alpha is not None and like.alpha.shape == rgb.shape[:2]:
        img = img.convert("LA" if like.grey else "RGBA")
        img.putalpha(Image.fromarray(like.alpha, "L"))
    kwargs: dict[str, Any] = {}
    if like.icc_profile:
        kwargs["icc_profile"] = like.icc_profile
    if like.exif:
        kwargs["exif"] = like.exif
    out = io.BytesIO()
    try:
        if like.media == JPEG:
            if img.mode == "LA":
                img = img.convert("L")
            elif img.mode == "RGBA":
                img = img.convert("RGB")
            img.save(out, "JPEG", quality=95, subsampling=0, **kwargs)
        elif like.media == PNG:
            img.save(out, "PNG", optimize=False, **kwargs)
        elif like.media == WEBP:
            if img.mode in ("L", "LA"):
                img = img.convert("RGBA" if img.mode == "LA" else "RGB")
            if like.lossless:
                img.save(out, "WEBP", lossless=True, exact=True, **kwargs)
            else:
                img.save(out, "WEBP", quality=95, **kwargs)
        else:
            raise UnsupportedFormatError(f"{name}: cannot encode {like.media.mime}")
    except OSError as exc:
        raise CorruptMediaError(f"{name}: cannot encode the image: {exc}") from None
    return out.getvalue()


# --------------------------------------------------------------------------- WAV audio


@dataclass(frozen=True)
class DecodedAudio:
    """WAV samples as float32 ``[n, channels]`` in -1..1, with what is needed to write them alike."""

    samples: NDArray[np.float32]
    rate: int
    subtype: str
    notes: tuple[str, ...] = ()


def decode_wav(data: bytes, *, name: str = "input") -> DecodedAudio:
    """Decode a WAV file (PCM 8/16/24/32 bit or float).

    Raises
    ------
    CorruptMediaError
        Truncated (the RIFF sizes promise more than the file holds), undecodable, or more than
        :data:`MAX_AUDIO_VALUES` samples × channels.
    """
    import soundfile as sf

    try:
        chunks = _riff_chunks(data)
    except CorruptMediaError as exc:
        raise CorruptMediaError(f"{name}: {exc}") from None
    ids = {cid for cid, _, _ in chunks}
    if b"fmt " not in ids or b"data" not in ids:
        raise CorruptMediaError(
            f"{name}: the WAV file has no {'fmt ' if b'fmt ' not in ids else 'data'} chunk"
        )
    try:
        info = sf.info(io.BytesIO(data))
        if info.frames * info.channels > MAX_AUDIO_VALUES:
            raise CorruptMediaError(
                f"{name}: {info.frames:,} frames × {info.channels} channels exceeds the limit of "
                f"{MAX_AUDIO_VALUES:,} samples"
            )
        samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except CorruptMediaError:
        raise
    except (RuntimeError, ValueError, TypeError, sf.LibsndfileError) as exc:
        raise CorruptMediaError(f"{name}: cannot decode the WAV audio: {exc}") from None
    if samples.shape[0] == 0:
        raise CorruptMediaError(f"{name}: the WAV file holds no samples")
    return DecodedAudio(np.ascontiguousarray(samples, dtype=np.float32), int(rate), str(info.subtype))


def encode_wav(samples: NDArray[np.float32], rate: int, subtype: str, *, name: str = "output") -> bytes:
    """Write WAV bytes with the given libsndfile subtype (``PCM_16``, ``FLOAT`` …), clipping to -1..1."""
    import soundfile as sf

    out = io.BytesIO()
    clipped = np.clip(samples, -1.0, 1.0) if not subtype.startswith(("FLOAT", "DOUBLE")) else samples
    try:
        sf.write(out, clipped, rate, subtype=subtype, format="WAV")
    except (RuntimeError, ValueError, TypeError, sf.LibsndfileError) as exc:
        raise CorruptMediaError(f"{name}: cannot encode the WAV audio: {exc}") from None
    return out.getvalue()
