"""XMP metadata: an in-house packet writer, embedding without re-encoding, and a tolerant reader.

The packet states the IPTC digital source type (``Iptc4xmpExt:DigitalSourceType``, the value
Meta, TikTok and Google read), a human description (``dc:description``), the generating tool
(``xmp:CreatorTool``) and Senim's label id (``senim:LabelId``, 16 hex digits, namespace
:data:`SENIM_NS`). It is an *unsigned claim*: anyone can write or strip it. Write it before the
C2PA manifest (C2PA signs last; editing XMP after signing invalidates the manifest).

Where the packet goes (the media bytes are never decoded or re-encoded):

========  ==================================================================================
JPEG      APP1 segment ``http://ns.adobe.com/xap/1.0/\\0`` after SOI and the leading APP0
          (JFIF) / APP1 (Exif) segments; existing XMP and extended-XMP segments are removed.
          A packet must fit one segment (65,502 bytes).
PNG       ``iTXt`` chunk keyword ``XML:com.adobe.xmp`` (uncompressed) before the first IDAT;
          existing ones are removed.
WebP      ``XMP `` chunk; a simple (VP8/VP8L) file is converted to the extended format (a VP8X
          chunk with the canvas size, alpha flag and XMP flag); the RIFF size is fixed.
MP4/MOV   a top-level ``uuid`` box BE7ACFCB-97A9-42E8-9C71-999491E3AFAC appended at the end of
          the file, so no sample offset moves; an older XMP uuid box is turned into a ``free``
          box of the same size.
PDF       the document catalogue's ``/Metadata`` XMP stream, written by pypdf as an
          incremental update (the original bytes are kept as they are).
WAV       a RIFF ``_PMX`` chunk, the chunk Adobe applications (and exiftool's reader) use for
          XMP in WAV/AVI; exiftool itself cannot write it. RF64 files are not supported.
========  ==================================================================================

Reading is tolerant of other tools' packets (properties as attributes or elements, several
``rdf:Description`` nodes, ``dc:description`` as ``rdf:Alt`` or plain text) and parses with
:mod:`defusedxml` (no DTDs, no entity expansion). Container structure is checked with bounds:
a truncated or malformed segment raises :class:`~senim.provenance.errors.CorruptMediaError`
naming the byte offset.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

from senim.provenance.errors import (
    CorruptMediaError,
    ProvenanceError,
    UnsupportedFormatError,
    describe_parser_error,
    scrub_parser_logs,
)
from senim.provenance.types import MediaType

__all__ = [
    "MAX_XMP_BYTES",
    "SENIM_NS",
    "XMP_MIME_TYPES",
    "XmpInfo",
    "build_xmp",
    "embed_xmp",
    "read_xmp",
]

SENIM_NS: Final = "https://senim.kz/ns/provenance/1.0/"
"""XML namespace of Senim's own XMP properties (prefix ``senim``)."""

MAX_XMP_BYTES: Final = 4 << 20
"""Largest XMP packet read (and written): bigger ones are treated as corrupt."""

_NS: Final = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "senim": SENIM_NS,
}
_XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
_JPEG_XMP: Final = b"http://ns.adobe.com/xap/1.0/\x00"
_JPEG_XMP_EXT: Final = b"http://ns.adobe.com/xmp/extension/\x00"
_JPEG_MAX_PACKET: Final = 0xFFFF - 2 - len(_JPEG_XMP)
_PNG_SIG: Final = b"\x89PNG\r\n\x1a\n"
_PNG_KEYWORD: Final = b"XML:com.adobe.xmp"
_MP4_XMP_UUID: Final = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
_WAV_XMP: Final = b"_PMX"
_HEX16: Final = re.compile(r"[0-9a-fA-F]{16}")
# XML 1.0 Char production, minus the discouraged C1 controls we never want in a packet.
_BAD_XML_CHARS: Final = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_JPEG: Final = frozenset({"image/jpeg", "image/jpg", "image/pjpeg"})
_PNG: Final = frozenset({"image/png", "image/apng"})
_WEBP: Final = frozenset({"image/webp", "image/x-webp"})
_MP4: Final = frozenset({"video/mp4", "video/quicktime", "audio/mp4", "video/x-m4v", "application/mp4"})
_PDF: Final = frozenset({"application/pdf"})
_WAV: Final = frozenset({"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"})
_FAMILIES: Final = (
    ("jpeg", _JPEG),
    ("png", _PNG),
    ("webp", _WEBP),
    ("mp4", _MP4),
    ("pdf", _PDF),
    ("wav", _WAV),
)
XMP_MIME_TYPES: Final = _JPEG | _PNG | _WEBP | _MP4 | _PDF | _WAV
"""MIME types :func:`embed_xmp` and :func:`read_xmp` handle."""


@dataclass(frozen=True)
class XmpInfo:
    """What an XMP packet says about provenance (``None`` where a property is absent).

    Attributes
    ----------
    source_type
        ``Iptc4xmpExt:DigitalSourceType`` as written (normally an IRI such as
        ``http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia``).
    label_id
        ``senim:LabelId`` when it is 16 hex digits.
    description
        ``dc:description`` (the ``x-default`` alternative, else the first).
    creator_tool
        ``xmp:CreatorTool``.
    """

    source_type: str | None
    label_id: int | None
    description: str | None
    creator_tool: str | None


# --------------------------------------------------------------------------- packet


def _clean(field: str, value: str) -> str:
    if _BAD_XML_CHARS.search(value):
        raise ValueError(f"XMP {field}: contains characters XML cannot carry (control characters)")
    return value


def build_xmp(*, source_type: str, label_id: int, description: str, creator_tool: str | None) -> bytes:
    """Build a UTF-8 XMP packet stating the digital source type and the label id.

    Parameters
    ----------
    source_type
        The digital source type IRI (or a short name from
        :data:`senim.provenance.types.SOURCE_TYPES`, expanded to its IRI).
    label_id
        The 64-bit label id, written as 16 lowercase hex digits.
    description
        Human-readable statement, e.g. "Generated with AI", written as ``dc:description``
        ``x-default``.
    creator_tool
        The generator (model/tool), or ``None`` to leave ``xmp:CreatorTool`` out.

    Returns
    -------
    bytes
        A complete ``<?xpacket?>``-wrapped packet.

    Raises
    ------
    ValueError
        For a label id outside 0..2**64-1, an unknown short source-type name, characters XML
        cannot carry, or a packet larger than :data:`MAX_XMP_BYTES`.
    """
    from senim.provenance.types import SOURCE_TYPES, source_type_iri

    if not 0 <= label_id < 1 << 64:
        raise ValueError(f"label id out of range: {label_id}")
    if ":" not in source_type:
        if source_type not in SOURCE_TYPES:
            raise ValueError(f"unknown digital source type {source_type!r}")
        source_type = source_type_iri(source_type)
    iri = _clean("DigitalSourceType", source_type)
    attrs = [f"xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in _NS.items() if prefix not in ("x", "rdf")]
    props = [
        f"   <Iptc4xmpExt:DigitalSourceType>{escape(iri)}</Iptc4xmpExt:DigitalSourceType>",
        "   <dc:description>\n    <rdf:Alt>\n"
        f'     <rdf:li xml:lang="x-default">{escape(_clean("description", description))}</rdf:li>\n'
        "    </rdf:Alt>\n   </dc:description>",
    ]
    if creator_tool is not None:
        props.append(f"   <xmp:CreatorTool>{escape(_clean('CreatorTool', creator_tool))}</xmp:CreatorTool>")
    props.append(f"   <senim:LabelId>{label_id:016x}</senim:LabelId>")
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Senim">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n    '
        + "\n    ".join(attrs)
        + ">\n"
        + "\n".join(props)
        + "\n  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    packet = body.encode("utf-8")
    if len(packet) > MAX_XMP_BYTES:
        raise ValueError(f"XMP packet too large ({len(packet)} bytes)")
    return packet


def _text(el: Element) -> str | None:
    """Text of a property element: plain text, or the x-default/first ``rdf:li`` of a container."""
    items = el.findall(".//rdf:li", _NS)
    if items:
        chosen = next((li for li in items if li.get(_XML_LANG) == "x-default"), items[0])
        return (chosen.text or "").strip() or None
    resource = el.get(f"{{{_NS['rdf']}}}resource")
    if resource:
        return resource.strip() or None
    return (el.text or "").strip() or None


class _NotWellFormedError(CorruptMediaError):
    """The packet does not parse as XML (as opposed to being refused for DTDs/entities)."""


def _xml(packet: bytes, where: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(packet, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise CorruptMediaError(f"{where}: XMP packet uses DTDs or entities (refused): {exc}") from exc
    except (ParseError, ValueError) as exc:
        raise _NotWellFormedError(f"{where}: XMP packet is not well-formed XML: {exc}") from exc
    return root


def _parse_packet(packet: bytes, where: str) -> XmpInfo:
    try:
        root = _xml(packet, where)
    except _NotWellFormedError:
        # Tolerate junk around the packet (padding, a wrapper of another tool): retry on the
        # x:xmpmeta (or rdf:RDF) element alone. DTDs and entities are refused either way.
        start = packet.find(b"<x:xmpmeta")
        end_tag = b"</x:xmpmeta>"
        if start < 0:
            start, end_tag = packet.find(b"<rdf:RDF"), b"</rdf:RDF>"
        end = packet.find(end_tag, max(start, 0))
        if start < 0 or end < 0 or (start == 0 and end + len(end_tag) == len(packet)):
            raise
        root = _xml(packet[start : end + len(end_tag)], where)

    wanted = {
        "source_type": f"{{{_NS['Iptc4xmpExt']}}}DigitalSourceType",
        "label_id": f"{{{SENIM_NS}}}LabelId",
        "description": f"{{{_NS['dc']}}}description",
        "creator_tool": f"{{{_NS['xmp']}}}CreatorTool",
    }
    found: dict[str, str | None] = dict.fromkeys(wanted)
    descriptions = root.iter(f"{{{_NS['rdf']}}}Description")
    for desc in descriptions:
        for key, tag in wanted.items():
            if found[key] is not None:
                continue
            attr = desc.get(tag)
            if attr is not None and attr.strip():
                found[key] = attr.strip()
                continue
            el = desc.find(tag)
            if el is not None:
                found[key] = _text(el)
    raw_id = found["label_id"]
    label_id = int(raw_id, 16) if raw_id is not None and _HEX16.fullmatch(raw_id) else None
    return XmpInfo(
        source_type=found["source_type"],
        label_id=label_id,
        description=found["description"],
        creator_tool=found["creator_tool"],
    )


# --------------------------------------------------------------------------- JPEG


@dataclass(frozen=True)
class _Segment:
    start: int  # offset of the 0xFF marker
    end: int  # offset just past the segment
    marker: int
    payload: bytes


def _jpeg_segments(data: bytes) -> tuple[list[_Segment], int]:
    """The marker segments before the first SOS, and the offset where SOS starts."""
    if data[:2] != b"\xff\xd8":
        raise CorruptMediaError("JPEG: missing SOI marker at byte 0 (not a JPEG file)")
    pos, n = 2, len(data)
    segments: list[_Segment] = []
    while True:
        if pos >= n:
            raise CorruptMediaError(f"JPEG: truncated at byte {pos} (no image data found)")
        if data[pos] != 0xFF:
            raise CorruptMediaError(f"JPEG: expected a marker at byte {pos}, found 0x{data[pos]:02x}")
        start = pos
        while pos < n and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            raise CorruptMediaError(f"JPEG: truncated marker at byte {start}")
        marker = data[pos]
        pos += 1
        if marker in (0xDA, 0xD9):  # SOS: entropy-coded data follows; EOI: no image
            if marker == 0xD9:
                raise CorruptMediaError(f"JPEG: end of image at byte {start} before any scan")
            return segments, start
        if marker == 0x01 or 0xD0 <= marker <= 0xD7 or marker == 0x00:
            raise CorruptMediaError(f"JPEG: unexpected marker 0xff{marker:02x} at byte {start}")
        if pos + 2 > n:
            raise CorruptMediaError(f"JPEG: truncated segment length at byte {pos}")
        (length,) = struct.unpack_from(">H", data, pos)
        if length < 2 or pos + length > n:
            raise CorruptMediaError(
                f"JPEG: segment 0xff{marker:02x} at byte {start} runs past the end of the file"
            )
        segments.append(_Segment(start, pos + length, marker, data[pos + 2 : pos + length]))
        pos += length


def _jpeg_embed(data: bytes, packet: bytes) -> bytes:
    if len(packet) > _JPEG_MAX_PACKET:
        raise ProvenanceError(
            f"JPEG: XMP packet of {len(packet)} bytes does not fit one APP1 segment ({_JPEG_MAX_PACKET} max)"
        )
    segments, scan_start = _jpeg_segments(data)
    kept = [
        s for s in segments if not (s.marker == 0xE1 and s.payload.startswith((_JPEG_XMP, _JPEG_XMP_EXT)))
    ]
    insert_at = 0
    for i, seg in enumerate(kept):  # after the leading JFIF/Exif segments
        if seg.marker == 0xE0 or (seg.marker == 0xE1 and seg.payload.startswith(b"Exif\x00")):
            insert_at = i + 1
        else:
            break
    new_seg = b"\xff\xe1" + struct.pack(">H", 2 + len(_JPEG_XMP) + len(packet)) + _JPEG_XMP + packet
    pieces = [data[:2]]
    pieces += [data[s.start : s.end] for s in kept[:insert_at]]
    pieces.append(new_seg)
    pieces += [data[s.start : s.end] for s in kept[insert_at:]]
    pieces.append(data[scan_start:])
    return b"".join(pieces)


def _jpeg_read(data: bytes) -> bytes | None:
    segments, _ = _jpeg_segments(data)
    for seg in segments:
        if seg.marker == 0xE1 and seg.payload.startswith(_JPEG_XMP):
            return seg.payload[len(_JPEG_XMP) :]
    return None


# --------------------------------------------------------------------------- PNG


def _png_chunks(data: bytes) -> Iterator[tuple[int, int, bytes, int]]:
    """(start, end, type, data_start) for each chunk; checks bounds, the IHDR and IEND."""
    if not data.startswith(_PNG_SIG):
        raise CorruptMediaError("PNG: missing signature at byte 0 (not a PNG file)")
    pos, n, first, seen_end = 8, len(data), True, False
    while pos < n and not seen_end:
        if pos + 8 > n:
            raise CorruptMediaError(f"PNG: truncated chunk header at byte {pos}")
        length, ctype = struct.unpack_from(">I4s", data, pos)
        if length > 0x7FFFFFFF or pos + 12 + length > n:
            raise CorruptMediaError(f"PNG: chunk {ctype!r} at byte {pos} runs past the end of the file")
        if first and ctype != b"IHDR":
            raise CorruptMediaError(f"PNG: first chunk at byte {pos} is {ctype!r}, not IHDR")
        first = False
        seen_end = ctype == b"IEND"
        yield pos, pos + 12 + length, ctype, pos + 8
        pos += 12 + length
    if not seen_end:
        raise CorruptMediaError(f"PNG: truncated at byte {pos} (no IEND chunk)")


def _png_itxt(chunk: bytes, where: int) -> tuple[bytes, bytes] | None:
    """(keyword, text) of an iTXt chunk's data, decompressing (bounded) when needed."""
    nul = chunk.find(b"\x00")
    if nul < 0 or nul > 79 or nul + 3 > len(chunk):
        raise CorruptMediaError(f"PNG: malformed iTXt chunk at byte {where}")
    keyword, flag, method = chunk[:nul], chunk[nul + 1], chunk[nul + 2]
    rest = chunk[nul + 3 :]
    lang_end = rest.find(b"\x00")
    tkw_end = rest.find(b"\x00", lang_end + 1) if lang_end >= 0 else -1
    if tkw_end < 0:
        raise CorruptMediaError(f"PNG: malformed iTXt chunk at byte {where}")
    text = rest[tkw_end + 1 :]
    if flag:
        if method != 0:
            raise CorruptMediaError(f"PNG: iTXt chunk at byte {where} uses unknown compression {method}")
        decomp = zlib.decompressobj()
        try:
            text = decomp.decompress(text, MAX_XMP_BYTES + 1)
        except zlib.error as exc:
            raise CorruptMediaError(f"PNG: iTXt chunk at byte {where} does not decompress: {exc}") from exc
        if len(text) > MAX_XMP_BYTES:
            raise CorruptMediaError(f"PNG: iTXt chunk at byte {where} inflates beyond {MAX_XMP_BYTES} bytes")
    return keyword, text


def _png_embed(data: bytes, packet: bytes) -> bytes:
    body = _PNG_KEYWORD + b"\x00\x00\x00\x00\x00" + packet
    new_chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    out = io.BytesIO()
    out.write(_PNG_SIG)
    inserted = False
    last_end = 8
    for start, end, ctype, dstart in _png_chunks(data):
        last_end = end
        if ctype == b"iTXt":
            parsed = _png_itxt(data[dstart : end - 4], start)
            if parsed is not None and parsed[0] == _PNG_KEYWORD:
                continue
        if not inserted and ctype in (b"IDAT", b"IEND"):
            out.write(new_chunk)
            inserted = True
        out.write(data[start:end])
    out.write(data[last_end:])  # whatever trails IEND stays as it was
    return out.getvalue()


def _png_read(data: bytes) -> bytes | None:
    for start, end, ctype, dstart in _png_chunks(data):
        if ctype == b"iTXt":
            parsed = _png_itxt(data[dstart : end - 4], start)
            if parsed is not None and parsed[0] == _PNG_KEYWORD:
                return parsed[1]
    return None


# --------------------------------------------------------------------------- RIFF (WebP, WAV)


def _riff_chunks(data: bytes, form: bytes, name: str) -> list[tuple[bytes, int, int]]:
    """(fourcc, start, end incl. pad) of the top-level chunks of a RIFF file of the given form."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != form:
        if data[:4] in (b"RF64", b"BW64"):
            raise UnsupportedFormatError(f"{name}: RF64/BW64 files are not supported for XMP")
        raise CorruptMediaError(f"{name}: missing RIFF/{form.decode()} header at byte 0")
    (riff_size,) = struct.unpack_from("<I", data, 4)
    end_all = 8 + riff_size
    if end_all > len(data):
        raise CorruptMediaError(
            f"{name}: truncated (the RIFF header says {end_all} bytes, the file has {len(data)})"
        )
    pos, chunks = 12, []
    while pos < end_all:
        if pos + 8 > end_all:
            raise CorruptMediaError(f"{name}: truncated chunk header at byte {pos}")
        fourcc, size = struct.unpack_from("<4sI", data, pos)
        end = pos + 8 + size
        if end > end_all:
            raise CorruptMediaError(f"{name}: chunk {fourcc!r} at byte {pos} runs past the end of the file")
        end = min(end + (size & 1), end_all)  # pad byte (tolerated when the file ends without it)
        chunks.append((fourcc, pos, end))
        pos = end
    return chunks


def _riff_chunk(fourcc: bytes, payload: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")


def _riff_assemble(form: bytes, parts: list[bytes], tail: bytes) -> bytes:
    body = b"".join(parts)
    if 4 + len(body) > 0xFFFFFFFF:
        raise ProvenanceError("RIFF file too large for XMP embedding (over 4 GiB)")
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + form + body + tail


def _webp_canvas(data: bytes, fourcc: bytes, start: int, end: int) -> tuple[int, int, bool]:
    payload = data[start + 8 : end]
    if fourcc == b"VP8 ":
        if len(payload) < 10 or payload[3:6] != b"\x9d\x01\x2a":
            raise CorruptMediaError(f"WebP: malformed VP8 frame header at byte {start}")
        w, h = struct.unpack_from("<HH", payload, 6)
        if not w & 0x3FFF or not h & 0x3FFF:
            raise CorruptMediaError(f"WebP: zero width or height in the VP8 frame header at byte {start}")
        return w & 0x3FFF, h & 0x3FFF, False
    if len(payload) < 5 or payload[0] != 0x2F:
        raise CorruptMediaError(f"WebP: malformed VP8L header at byte {start}")
    (bits,) = struct.unpack_from("<I", payload, 1)
    return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, bool((bits >> 28) & 1)


def _webp_embed(data: bytes, packet: bytes) -> bytes:
    chunks = _riff_chunks(data, b"WEBP", "WebP")
    if not chunks:
        raise CorruptMediaError("WebP: no chunks after the header")
    kept = [(f, s, e) for f, s, e in chunks if f != b"XMP "]
    parts = [data[s:e] for _, s, e in kept]
    first, fstart, fend = kept[0]
    if first == b"VP8X":
        if fend - fstart < 18:
            raise CorruptMediaError(f"WebP: VP8X chunk at byte {fstart} too short")
        vp8x = bytearray(data[fstart:fend])
        vp8x[8] |= 0x04  # XMP metadata present
        parts[0] = bytes(vp8x)
    elif first in (b"VP8 ", b"VP8L"):
        width, height, alpha = _webp_canvas(data, first, fstart, fend)
        flags = 0x04 | (0x10 if alpha else 0)
        size = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
        header = struct.pack("<B3x", flags) + size
        parts.insert(0, _riff_chunk(b"VP8X", header))
    else:
        raise CorruptMediaError(f"WebP: unexpected first chunk {first!r} at byte {fstart}")
    # XMP goes after the image data and EXIF, before unknown chunks.
    known = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L", b"EXIF"}
    offset = 1 if first != b"VP8X" else 0
    at = offset
    for i, (fourcc, _, _) in enumerate(kept):
        if fourcc in known:
            at = i + 1 + offset
    parts.insert(at, _riff_chunk(b"XMP ", packet))
    riff_end = chunks[-1][2]
    return _riff_assemble(b"WEBP", parts, data[riff_end:])


def _riff_read(data: bytes, form: bytes, fourcc: bytes, name: str) -> bytes | None:
    for f, s, _ in _riff_chunks(data, form, name):
        if f == fourcc:
            (size,) = struct.unpack_from("<I", data, s + 4)
            return data[s + 8 : s + 8 + size]
    return None


def _wav_embed(data: bytes, packet: bytes) -> bytes:
    chunks = _riff_chunks(data, b"WAVE", "WAV")
    parts = [data[s:e] for f, s, e in chunks if f != _WAV_XMP]
    parts.append(_riff_chunk(_WAV_XMP, packet))
    riff_end = chunks[-1][2] if chunks else 12
    return _riff_assemble(b"WAVE", parts, data[riff_end:])


# --------------------------------------------------------------------------- MP4 / QuickTime


def _mp4_boxes(data: bytes) -> list[tuple[bytes, int, int, int]]:
    """(type, start, end, header_size) of the top-level boxes."""
    pos, n, boxes = 0, len(data), []
    while pos < n:
        if pos + 8 > n:
            raise CorruptMediaError(f"MP4: truncated box header at byte {pos}")
        size, btype = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > n:
                raise CorruptMediaError(f"MP4: truncated 64-bit box size at byte {pos}")
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = n - pos
        if size < header or pos + size > n:
            raise CorruptMediaError(f"MP4: box {btype!r} at byte {pos} runs past the end of the file")
        boxes.append((btype, pos, pos + size, header))
        pos += size
    if not boxes or boxes[0][0] not in (b"ftyp", b"wide", b"free", b"skip", b"moov", b"mdat", b"pnot"):
        raise CorruptMediaError("MP4: no ftyp box at byte 0 (not an ISO BMFF/QuickTime file)")
    return boxes


def _is_mp4_xmp(data: bytes, box: tuple[bytes, int, int, int]) -> bool:
    btype, start, _, header = box
    return btype == b"uuid" and data[start + header : start + header + 16] == _MP4_XMP_UUID


def _mp4_embed(data: bytes, packet: bytes) -> bytes:
    boxes = _mp4_boxes(data)
    while len(boxes) > 1 and _is_mp4_xmp(data, boxes[-1]):  # a trailing XMP box can simply go
        data = data[: boxes[-1][1]]
        boxes.pop()
    buf = bytearray(data)
    for btype, start, end, header in boxes:
        if btype == b"uuid" and data[start + header : start + header + 16] == _MP4_XMP_UUID:
            # Neutralise in place: a free box of the same size keeps every offset.
            buf[start + 4 : start + 8] = b"free"
            buf[start + header : end] = bytes(end - start - header)
    last_type, last_start, _, _ = boxes[-1]
    (declared,) = struct.unpack_from(">I", data, last_start)
    if declared == 0:  # "extends to the end of the file": give it an explicit size before appending
        size = len(data) - last_start
        if size > 0xFFFFFFFF:
            raise ProvenanceError(
                f"MP4: last box {last_type!r} has an implicit size over 4 GiB; cannot append XMP"
            )
        struct.pack_into(">I", buf, last_start, size)
    box = struct.pack(">I4s", 8 + 16 + len(packet), b"uuid") + _MP4_XMP_UUID + packet
    return bytes(buf) + box


def _mp4_read(data: bytes) -> bytes | None:
    found = None
    for btype, start, end, header in _mp4_boxes(data):
        if btype == b"uuid" and data[start + header : start + header + 16] == _MP4_XMP_UUID:
            found = data[start + header + 16 : end]  # the last one wins
    return found


# --------------------------------------------------------------------------- PDF


#: What pypdf raises on a damaged document besides its own errors (PyPdfError is added where pypdf is
#: imported): an offset past the platform's size (a "startxref" of 30 digits) is an OverflowError.
_PDF_ERRORS_BUILTIN: Final = (
    KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError, OverflowError
)  # fmt: skip


def _pdf_reader(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise CorruptMediaError("PDF: missing %PDF- header at byte 0 (not a PDF file)")
    scrub_parser_logs("pypdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnsupportedFormatError("PDF: encrypted documents are not supported")
        _ = reader.trailer["/Root"]
        return reader
    except (PyPdfError, *_PDF_ERRORS_BUILTIN) as exc:
        raise CorruptMediaError(
            f"PDF: cannot parse the document structure ({describe_parser_error(exc)})"
        ) from None


def _pdf_embed(data: bytes, packet: bytes) -> bytes:
    from pypdf import PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject

    _pdf_reader(data)
    try:
        writer = PdfWriter(io.BytesIO(data), incremental=True)
        writer.xmp_metadata = packet
        stream: Any = writer.root_object["/Metadata"].get_object()
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, *_PDF_ERRORS_BUILTIN) as exc:
        raise CorruptMediaError(
            f"PDF: cannot write the metadata stream ({describe_parser_error(exc)})"
        ) from None
    # A damaged cross-reference table can leave the update's catalog unreachable: check it reads back.
    if _pdf_read(out.getvalue()) != packet:
        raise CorruptMediaError(
            "PDF: the document structure is damaged (the metadata written cannot be read back); "
            "repair the PDF first, e.g. by printing it to a new PDF"
        )
    return out.getvalue()


def _pdf_read(data: bytes) -> bytes | None:
    from pypdf.errors import PyPdfError

    reader = _pdf_reader(data)
    try:
        root = reader.trailer["/Root"].get_object()
        ref = root.get("/Metadata")
        if ref is None:
            return None
        stream = ref.get_object()
        raw = stream.get_data()
    except (PyPdfError, *_PDF_ERRORS_BUILTIN) as exc:
        raise CorruptMediaError(
            f"PDF: the /Metadata stream cannot be read ({describe_parser_error(exc)})"
        ) from None
    return bytes(raw) if isinstance(raw, (bytes, bytearray)) else None


# --------------------------------------------------------------------------- public


def _family(media: MediaType) -> str:
    mime = media.mime.lower()
    for name, group in _FAMILIES:
        if mime in group:
            return name
    raise UnsupportedFormatError(f"XMP is not supported for {media.mime} ({media.ext} files)")


def embed_xmp(data: bytes, media: MediaType, packet: bytes) -> bytes:
    """Put an XMP packet into a file without re-encoding it, replacing any earlier packet.

    Parameters
    ----------
    data
        The file's bytes (not modified).
    media
        Its type; one of :data:`XMP_MIME_TYPES`.
    packet
        From :func:`build_xmp` (or any well-formed XMP packet).

    Returns
    -------
    bytes
        The new file. See the module docstring for where each format carries the packet.

    Raises
    ------
    UnsupportedFormatError
        For other formats (text, MP3, RF64 …) and encrypted PDFs.
    CorruptMediaError
        When the container is truncated or malformed (the message gives the byte offset).
    ProvenanceError
        When the packet is too large for the container.
    """
    if len(packet) > MAX_XMP_BYTES:
        raise ProvenanceError(f"XMP packet too large ({len(packet)} bytes, {MAX_XMP_BYTES} max)")
    family = _family(media)
    if family == "jpeg":
        return _jpeg_embed(data, packet)
    if family == "png":
        return _png_embed(data, packet)
    if family == "webp":
        return _webp_embed(data, packet)
    if family == "mp4":
        return _mp4_embed(data, packet)
    if family == "pdf":
        return _pdf_embed(data, packet)
    return _wav_embed(data, packet)


def read_xmp(data: bytes, media: MediaType) -> XmpInfo | None:
    """Read the XMP packet of a file and extract the provenance properties.

    Parameters
    ----------
    data
        The file's bytes.
    media
        Its type; one of :data:`XMP_MIME_TYPES`.

    Returns
    -------
    XmpInfo or None
        ``None`` when the file carries no XMP packet; otherwise the properties found (each
        ``None`` when absent).

    Raises
    ------
    UnsupportedFormatError
        For formats without an XMP carrier here.
    CorruptMediaError
        For a malformed container, an oversized packet, or a packet that is not well-formed
        XML or uses DTDs/entities.
    """
    family = _family(media)
    if family == "jpeg":
        packet = _jpeg_read(data)
    elif family == "png":
        packet = _png_read(data)
    elif family == "webp":
        packet = _riff_read(data, b"WEBP", b"XMP ", "WebP")
    elif family == "mp4":
        packet = _mp4_read(data)
    elif family == "pdf":
        packet = _pdf_read(data)
    else:
        packet = _riff_read(data, b"WAVE", _WAV_XMP, "WAV")
    if packet is None:
        return None
    if len(packet) > MAX_XMP_BYTES:
        raise CorruptMediaError(f"{media.mime}: XMP packet too large ({len(packet)} bytes)")
    return _parse_packet(packet, media.mime)
