"""``verify_bytes``: every signal of a label (C2PA manifest, XMP, watermark, visible warning, text
mark) read from arbitrary bytes given under the name of each supported extension.

Input: byte 0 picks the file name and whether the test CA's root is a trust anchor (bit 7);
the rest is the file. Pictures over :data:`MAX_FUZZ_PIXELS` are skipped (the watermark search is
seconds per megapixel; decoders' limits are fuzzed by ``media_xmp``).

Expected: :class:`~senim.provenance.errors.ProvenanceError` (``UnsupportedFormatError``,
``CorruptMediaError``). Anything else escaping, or a verdict or reason outside the documented
set, is a crash.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import ROOT, instrumented, main

with instrumented():
    from senim.provenance.errors import ProvenanceError
    from senim.provenance.media import sniff
    from senim.provenance.verify import VERDICTS, verify_bytes

MAX_FUZZ_PIXELS = 160_000
_NAMES = ("in.png", "in.jpg", "in.webp", "in.wav", "in.pdf", "in.txt", "in.md", "in.html", "in.mp4")
_ANCHORS = (ROOT / "fuzz" / "data" / "test-ca.pem").read_bytes()


def _too_big(data: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            return bool(im.width * im.height > MAX_FUZZ_PIXELS)
    except Exception:  # the product decides what an unreadable picture is
        return False


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name = _NAMES[(data[0] & 0x7F) % len(_NAMES)]
    anchors = _ANCHORS if data[0] & 0x80 else None
    content = data[1:]
    try:
        if sniff(content, name).kind == "image" and _too_big(content):
            return
        result = verify_bytes(content, name, trust_anchors=anchors, store=None)
    except ProvenanceError as exc:
        str(exc)
        return
    if result.verdict not in VERDICTS:
        raise AssertionError(f"unknown verdict {result.verdict!r}")
    result.to_dict()


if __name__ == "__main__":
    main(test_one_input)
