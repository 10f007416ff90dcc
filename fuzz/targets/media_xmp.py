"""Media sniffing and decoding, XMP reading and writing, C2PA manifest extraction, text marks.

Input: byte 0 picks the file name (extension) the bytes arrive under; the rest is the file.
``sniff`` classifies it; then, by kind, ``read_xmp``, ``manifest_bytes_of``, ``embed_xmp`` (an
embedded packet must read back with the same label id), ``decode_image``/``decode_wav`` and, for
text, ``read_text_mark`` (the ``c2patxt`` reading).

Expected: :class:`senim.provenance.errors.ProvenanceError` and its subclasses. Anything else, or an
embedded XMP packet that does not read back, is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import instrumented, main

with instrumented():
    from senim.provenance.c2pa_io import manifest_bytes_of
    from senim.provenance.errors import ProvenanceError
    from senim.provenance.media import decode_image, decode_wav, sniff
    from senim.provenance.textmark import read_text_mark
    from senim.provenance.xmp import XMP_MIME_TYPES, build_xmp, embed_xmp, read_xmp

_NAMES = ("in.png", "in.jpg", "in.webp", "in.wav", "in.mp4", "in.pdf", "in.txt", "in.md", "in.html", "in")
_PACKET = build_xmp(
    source_type="trainedAlgorithmicMedia", label_id=4242, description="fuzz", creator_tool="senim-fuzz"
)


def _check(data: bytes, name: str) -> None:
    media = sniff(data, name)
    if media.kind == "text":
        read_text_mark(data.decode("utf-8"), trust_anchors=None)
        return
    manifest_bytes_of(data, media)
    if media.mime in XMP_MIME_TYPES:
        read_xmp(data, media)
        marked = embed_xmp(data, media, _PACKET)
        info = read_xmp(marked, media)
        if info is None or info.label_id != 4242:
            raise AssertionError(f"{media.mime}: an embedded XMP packet does not read back")
    if media.kind == "image":
        decode_image(data, media, name=name)
    elif media.kind == "audio":
        decode_wav(data, name=name)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    try:
        _check(data[1:], _NAMES[data[0] % len(_NAMES)])
    except ProvenanceError as exc:
        str(exc)


if __name__ == "__main__":
    main(test_one_input)
