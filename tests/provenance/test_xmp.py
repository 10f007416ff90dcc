"""XMP packets: writing, embedding without re-encoding, tolerant reading, hostile input."""

from __future__ import annotations

import contextlib
import io
import struct
import subprocess
import wave
import zlib
from typing import Any

import pytest
from PIL import Image

from senim.provenance.errors import CorruptMediaError, ProvenanceError, UnsupportedFormatError
from senim.provenance.types import MediaType
from senim.provenance.xmp import MAX_XMP_BYTES, XmpInfo, build_xmp, embed_xmp, read_xmp
from tests.provenance.conftest import FFMPEG, MEDIA_TYPES

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
LABEL = 0x0123456789ABCDEF
PACKET = build_xmp(
    source_type="trainedAlgorithmicMedia",
    label_id=LABEL,
    description="ЖИ жасаған <AI & co>",
    creator_tool="Model X 1.2",
)
EXPECTED = XmpInfo(
    source_type=TRAINED, label_id=LABEL, description="ЖИ жасаған <AI & co>", creator_tool="Model X 1.2"
)
FORMATS = ["png", "jpeg", "webp", "wav", "mp4", "pdf"]


@pytest.fixture
def sample(request: pytest.FixtureRequest) -> tuple[bytes, MediaType]:
    key = request.param
    return request.getfixturevalue(f"sample_{key}"), MEDIA_TYPES[key]


def test_build_xmp_packet() -> None:
    text = PACKET.decode("utf-8")
    assert text.startswith("<?xpacket begin=") and text.endswith('<?xpacket end="w"?>')
    assert f"<Iptc4xmpExt:DigitalSourceType>{TRAINED}</Iptc4xmpExt:DigitalSourceType>" in text
    assert "<senim:LabelId>0123456789abcdef</senim:LabelId>" in text
    assert "&lt;AI &amp; co&gt;" in text
    packet = build_xmp(source_type=TRAINED, label_id=0, description="d", creator_tool=None)
    assert b"CreatorTool" not in packet and b"<senim:LabelId>0000000000000000<" in packet
    with pytest.raises(ValueError, match="out of range"):
        build_xmp(source_type=TRAINED, label_id=1 << 64, description="d", creator_tool=None)
    with pytest.raises(ValueError, match="unknown"):
        build_xmp(source_type="madeUpType", label_id=1, description="d", creator_tool=None)
    with pytest.raises(ValueError, match="control characters"):
        build_xmp(source_type=TRAINED, label_id=1, description="bad \x00 byte", creator_tool=None)


@pytest.mark.parametrize("sample", FORMATS, indirect=True)
def test_round_trip_and_replace(sample: tuple[bytes, MediaType]) -> None:
    data, media = sample
    assert read_xmp(data, media) is None
    once = embed_xmp(data, media, PACKET)
    assert read_xmp(once, media) == EXPECTED
    other = build_xmp(source_type="algorithmicMedia", label_id=7, description="second", creator_tool=None)
    twice = embed_xmp(once, media, other)
    info = read_xmp(twice, media)
    assert info is not None and info.label_id == 7 and info.description == "second"
    assert info.source_type is not None and info.source_type.endswith("/algorithmicMedia")
    assert twice.count(b"<senim:LabelId>") == 1 or media.mime == "application/pdf"


@pytest.mark.parametrize("key", ["png", "jpeg", "webp"])
def test_images_still_decode_identically(key: str, request: pytest.FixtureRequest) -> None:
    data: bytes = request.getfixturevalue(f"sample_{key}")
    out = embed_xmp(data, MEDIA_TYPES[key], PACKET)
    before, after = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(out))
    assert after.tobytes() == before.tobytes() and after.size == before.size
    assert "Model X 1.2" in str(after.getxmp())  # Pillow (and so other readers) find the packet


def test_jpeg_segment_placement(sample_jpeg: bytes) -> None:
    out = embed_xmp(sample_jpeg, MEDIA_TYPES["jpeg"], PACKET)
    assert out[:2] == b"\xff\xd8" and out[2:4] == b"\xff\xe0"  # JFIF APP0 stays first
    app0_len = struct.unpack_from(">H", out, 4)[0]
    app1 = 4 + app0_len
    assert out[app1 : app1 + 2] == b"\xff\xe1"
    assert out[app1 + 4 : app1 + 33] == b"http://ns.adobe.com/xap/1.0/\x00"
    # the entropy-coded data is untouched
    assert out.endswith(sample_jpeg[sample_jpeg.index(b"\xff\xda") :])


def test_jpeg_after_exif(sample_jpeg: bytes) -> None:
    exif = Image.Exif()
    exif[0x0131] = "Camera firmware"
    buf = io.BytesIO()
    Image.open(io.BytesIO(sample_jpeg)).save(buf, "JPEG", exif=exif.tobytes())
    out = embed_xmp(buf.getvalue(), MEDIA_TYPES["jpeg"], PACKET)
    exif_at, xmp_at = out.index(b"Exif\x00\x00"), out.index(b"http://ns.adobe.com/xap/1.0/\x00")
    assert exif_at < xmp_at
    assert Image.open(io.BytesIO(out)).getexif()[0x0131] == "Camera firmware"


def test_jpeg_packet_too_large(sample_jpeg: bytes) -> None:
    big = build_xmp(source_type=TRAINED, label_id=1, description="x" * 70_000, creator_tool=None)
    with pytest.raises(ProvenanceError, match="does not fit"):
        embed_xmp(sample_jpeg, MEDIA_TYPES["jpeg"], big)


def test_png_chunk_before_idat_with_valid_crc(sample_png: bytes) -> None:
    out = embed_xmp(sample_png, MEDIA_TYPES["png"], PACKET)
    pos, seen = 8, []
    while pos < len(out):
        length, ctype = struct.unpack_from(">I4s", out, pos)
        body = out[pos + 4 : pos + 8 + length]
        assert struct.unpack_from(">I", out, pos + 8 + length)[0] == zlib.crc32(body)
        seen.append(ctype)
        pos += 12 + length
    assert seen.index(b"iTXt") < seen.index(b"IDAT") and seen[-1] == b"IEND"


def test_png_reads_compressed_itxt_from_other_tools(sample_png: bytes) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", PACKET.decode("utf-8"), zip=True)
    buf = io.BytesIO()
    Image.open(io.BytesIO(sample_png)).save(buf, "PNG", pnginfo=info)
    assert read_xmp(buf.getvalue(), MEDIA_TYPES["png"]) == EXPECTED


def test_png_compressed_bomb_refused(sample_png: bytes) -> None:
    bomb = zlib.compress(b" " * (MAX_XMP_BYTES + 10), 9)
    body = b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + bomb
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    idat = sample_png.index(b"IDAT") - 4
    data = sample_png[:idat] + chunk + sample_png[idat:]
    with pytest.raises(CorruptMediaError, match="inflates beyond"):
        read_xmp(data, MEDIA_TYPES["png"])


def test_webp_simple_becomes_extended(sample_webp: bytes) -> None:
    assert sample_webp[12:16] == b"VP8 "
    out = embed_xmp(sample_webp, MEDIA_TYPES["webp"], PACKET)
    assert out[12:16] == b"VP8X" and out[20] & 0x04
    width = int.from_bytes(out[24:27], "little") + 1
    height = int.from_bytes(out[27:30], "little") + 1
    assert (width, height) == (96, 64)
    assert struct.unpack_from("<I", out, 4)[0] == len(out) - 8


def test_webp_lossless_with_alpha() -> None:
    buf = io.BytesIO()
    Image.new("RGBA", (33, 21), (10, 20, 30, 128)).save(buf, "WEBP", lossless=True)
    data = buf.getvalue()
    assert data[12:16] == b"VP8L"
    out = embed_xmp(data, MEDIA_TYPES["webp"], PACKET)
    assert out[20] & 0x14 == 0x14  # XMP and alpha flags
    img = Image.open(io.BytesIO(out))
    assert img.size == (33, 21) and img.mode == "RGBA" and img.getpixel((0, 0)) == (10, 20, 30, 128)
    assert read_xmp(out, MEDIA_TYPES["webp"]) == EXPECTED


def test_webp_already_extended() -> None:
    buf = io.BytesIO()
    Image.new("RGBA", (20, 10), (1, 2, 3, 4)).save(buf, "WEBP", quality=80)  # lossy + alpha: VP8X
    data = buf.getvalue()
    assert data[12:16] == b"VP8X"
    out = embed_xmp(data, MEDIA_TYPES["webp"], PACKET)
    assert out.count(b"VP8X") == 1 and out[20] & 0x04
    assert Image.open(io.BytesIO(out)).size == (20, 10)


def test_wav_pmx_chunk_keeps_audio(sample_wav: bytes) -> None:
    out = embed_xmp(sample_wav, MEDIA_TYPES["wav"], PACKET)
    assert b"_PMX" in out and struct.unpack_from("<I", out, 4)[0] == len(out) - 8
    with wave.open(io.BytesIO(sample_wav)) as a, wave.open(io.BytesIO(out)) as b:
        assert a.readframes(a.getnframes()) == b.readframes(b.getnframes())


def test_mp4_box_appended_offsets_unchanged(sample_mp4: bytes) -> None:
    out = embed_xmp(sample_mp4, MEDIA_TYPES["mp4"], PACKET)
    assert out.startswith(sample_mp4)  # nothing before moved
    again = embed_xmp(out, MEDIA_TYPES["mp4"], PACKET)
    assert len(again) == len(out)  # a trailing XMP box is replaced, not stacked
    assert FFMPEG is not None
    cmd = [FFMPEG, "-v", "error", "-i", "pipe:0", "-f", "null", "-"]
    result = subprocess.run(cmd, input=out, capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_mp4_xmp_box_in_the_middle_becomes_free(sample_mp4: bytes) -> None:
    out = embed_xmp(sample_mp4, MEDIA_TYPES["mp4"], PACKET)
    # append a trailing 'free' box so the XMP box is no longer last
    tail = struct.pack(">I4s", 16, b"free") + bytes(8)
    again = embed_xmp(
        out + tail,
        MEDIA_TYPES["mp4"],
        build_xmp(source_type=TRAINED, label_id=9, description="n", creator_tool=None),
    )
    assert again.startswith(sample_mp4) and len(again) > len(out) + len(tail)
    info = read_xmp(again, MEDIA_TYPES["mp4"])
    assert info is not None and info.label_id == 9


def test_pdf_incremental_update(sample_pdf: bytes) -> None:
    from pypdf import PdfReader

    out = embed_xmp(sample_pdf, MEDIA_TYPES["pdf"], PACKET)
    assert out.startswith(sample_pdf)  # incremental: the original bytes stay
    reader = PdfReader(io.BytesIO(out))
    assert len(reader.pages) == 1 and reader.xmp_metadata is not None
    root: Any = reader.trailer["/Root"]
    meta = root["/Metadata"].get_object()
    assert meta["/Type"] == "/Metadata" and meta["/Subtype"] == "/XML"


# --------------------------------------------------------------------------- tolerant reading


def _wrap_png(sample_png: bytes, packet: bytes) -> bytes:
    return embed_xmp(sample_png, MEDIA_TYPES["png"], packet)


def test_reads_exiftool_style_attributes(sample_png: bytes) -> None:
    packet = (
        b"<?xpacket begin='\xef\xbb\xbf' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.57'>"
        b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        b"<rdf:Description rdf:about='' xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'"
        b" Iptc4xmpExt:DigitalSourceType='" + TRAINED.encode() + b"'/>"
        b"<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:CreatorTool='Tool'/>"
        b"<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        b"<dc:description><rdf:Alt><rdf:li xml:lang='en'>English</rdf:li>"
        b"<rdf:li xml:lang='x-default'>Default</rdf:li></rdf:Alt></dc:description></rdf:Description>"
        b"</rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )
    info = read_xmp(_wrap_png(sample_png, packet), MEDIA_TYPES["png"])
    assert info == XmpInfo(source_type=TRAINED, label_id=None, description="Default", creator_tool="Tool")


def test_reads_packet_without_our_properties(sample_png: bytes) -> None:
    packet = (
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        b"<rdf:Description xmlns:senim='https://senim.kz/ns/provenance/1.0/'>"
        b"<senim:LabelId>not-hex</senim:LabelId></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    assert read_xmp(_wrap_png(sample_png, packet), MEDIA_TYPES["png"]) == XmpInfo(None, None, None, None)


def test_entity_expansion_refused(sample_png: bytes) -> None:
    packet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>&b;</rdf:RDF>"
    )
    with pytest.raises(CorruptMediaError, match="DTDs or entities"):
        read_xmp(_wrap_png(sample_png, packet), MEDIA_TYPES["png"])


def test_malformed_xml(sample_png: bytes) -> None:
    with pytest.raises(CorruptMediaError, match="not well-formed"):
        read_xmp(_wrap_png(sample_png, b"<x:xmpmeta><unclosed></x:xmpmeta>"), MEDIA_TYPES["png"])


# --------------------------------------------------------------------------- hostile containers


@pytest.mark.parametrize("sample", FORMATS, indirect=True)
def test_truncated_files(sample: tuple[bytes, MediaType]) -> None:
    data, media = sample
    marked = embed_xmp(data, media, PACKET)
    cut = marked[: len(marked) // 3] if media.mime != "video/mp4" else marked[:-5]
    with pytest.raises(CorruptMediaError):
        read_xmp(cut, media)
    with pytest.raises(CorruptMediaError):
        embed_xmp(cut, media, PACKET)


@pytest.mark.parametrize("key", FORMATS)
def test_wrong_format_bytes(key: str) -> None:
    with pytest.raises(CorruptMediaError):
        embed_xmp(b"GIF89a" + bytes(64), MEDIA_TYPES[key], PACKET)
    with pytest.raises(CorruptMediaError):
        read_xmp(b"", MEDIA_TYPES[key])


def test_corrupt_segment_positions(sample_jpeg: bytes, sample_png: bytes) -> None:
    bad = bytearray(sample_jpeg)
    bad[4:6] = b"\xff\xff"  # APP0 length beyond the file
    with pytest.raises(CorruptMediaError, match="at byte 2"):
        read_xmp(bytes(bad), MEDIA_TYPES["jpeg"])
    bad = bytearray(sample_png)
    bad[33:37] = b"\x7f\xff\xff\xff"  # second chunk's length
    with pytest.raises(CorruptMediaError, match="at byte 33"):
        read_xmp(bytes(bad), MEDIA_TYPES["png"])


def test_rf64_and_unsupported_formats(sample_wav: bytes) -> None:
    with pytest.raises(UnsupportedFormatError, match="RF64"):
        embed_xmp(b"RF64" + sample_wav[4:], MEDIA_TYPES["wav"], PACKET)
    for media in (MediaType("text", "text/plain", ".txt"), MediaType("audio", "audio/mpeg", ".mp3")):
        with pytest.raises(UnsupportedFormatError):
            embed_xmp(b"hello", media, PACKET)
        with pytest.raises(UnsupportedFormatError):
            read_xmp(b"hello", media)


def test_garbage_pdf() -> None:
    with pytest.raises(CorruptMediaError, match="PDF"):
        read_xmp(b"%PDF-1.7\n" + bytes(200), MEDIA_TYPES["pdf"])


@pytest.mark.parametrize("sample", FORMATS, indirect=True)
def test_mutated_files_never_escape_as_raw_errors(sample: tuple[bytes, MediaType]) -> None:
    import logging
    import random

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # pypdf logs each repair it makes
    data, media = sample
    base = embed_xmp(data, media, PACKET)
    rng = random.Random(20240521)
    for _ in range(40):
        mutated = bytearray(base)
        if rng.random() < 0.5:
            for _ in range(rng.randrange(1, 6)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        else:
            del mutated[rng.randrange(len(mutated)) :]
        blob = bytes(mutated)
        with contextlib.suppress(ProvenanceError):
            read_xmp(blob, media)
        with contextlib.suppress(ProvenanceError):
            embed_xmp(blob, media, PACKET)
