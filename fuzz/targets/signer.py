"""Signer directories and trust anchors: ``load_signer`` on a directory whose files come from the
input, and the trust-anchor PEM of ``read_text_mark``.

Input: byte 0 says which optional files exist (bit 0 ``signer.json``, bit 1 ``text-chain.pem``,
bit 2 ``text-key.pem``) and whether part 1 is also used as the trust anchors of a fixed, marked
text (bit 3); the rest is cut at :data:`fuzz._common.SEPARATOR` into chain, key, config, text chain
and text key.

Expected: :class:`~senim.provenance.errors.SignerError` from ``load_signer``; no error from
``read_text_mark`` (a bad anchor file reads as an untrusted mark). Anything else is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import ROOT, fresh, instrumented, main, split

with instrumented():
    from senim.provenance.errors import ProvenanceError, SignerError
    from senim.provenance.signer import (
        CHAIN_FILE,
        CONFIG_FILE,
        KEY_FILE,
        TEXT_CHAIN_FILE,
        TEXT_KEY_FILE,
        load_signer,
    )
    from senim.provenance.textmark import read_text_mark

_MARKED = (ROOT / "fuzz" / "data" / "marked.txt").read_text(encoding="utf-8")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    flags = data[0]
    chain, key, config, text_chain, text_key = split(data[1:], 5)
    folder = fresh("signer")
    (folder / CHAIN_FILE).write_bytes(chain)
    (folder / KEY_FILE).write_bytes(key)
    for bit, name, content in (
        (1, CONFIG_FILE, config),
        (2, TEXT_CHAIN_FILE, text_chain),
        (4, TEXT_KEY_FILE, text_key),
    ):
        if flags & bit:
            (folder / name).write_bytes(content)
    try:
        load_signer(folder)
    except SignerError as exc:
        str(exc)
    if flags & 8:
        try:
            read_text_mark(_MARKED, trust_anchors=chain)
        except ProvenanceError as exc:
            str(exc)  # documented: trust anchors that are not a PEM bundle


if __name__ == "__main__":
    main(test_one_input)
