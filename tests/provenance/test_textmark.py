"""C2PA text marks (c2patxt): marking, verification, edits, stripping, trust."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import c2patxt
import pytest

from senim.provenance.errors import CorruptMediaError, ProvenanceError, SignerError
from senim.provenance.signer import SignerConfig
from senim.provenance.textmark import mark_text, read_text_mark

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
COMPOSITE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
LABEL = 0x0011223344556677


def _mark(text: str, signer: SignerConfig, **kw: object) -> str:
    args: dict[str, object] = {
        "label_id": LABEL,
        "source_type": "trainedAlgorithmicMedia",
        "generator": "LLM 7B",
    }
    args.update(kw)
    return mark_text(text, signer, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("fixture", ["sample_text", "sample_markdown", "sample_html"])
def test_mark_and_verify(
    fixture: str, request: pytest.FixtureRequest, signer_config: SignerConfig, trust_anchors: bytes
) -> None:
    text: str = request.getfixturevalue(fixture)
    marked = _mark(text, signer_config)
    assert marked.startswith(unicodedata.normalize("NFC", text))
    tail = marked[len(text) :]
    assert tail and all(not ch.isprintable() or unicodedata.category(ch) == "Mn" for ch in tail)

    untrusted = read_text_mark(marked, trust_anchors=None)
    assert untrusted.state == "valid" and untrusted.failures == ("signingCredential.untrusted",)
    assert untrusted.label_id == LABEL and untrusted.source_type == TRAINED
    assert untrusted.signer is not None and "TEST ONLY" in untrusted.signer
    assert untrusted.signed_at is not None
    assert untrusted.manifest is not None
    json.dumps(untrusted.manifest)  # JSON-safe for the label store and --json output
    claim = next(iter(untrusted.manifest["manifests"].values()))["claim"]
    assert claim["claim_generator_info"]["name"] == "Senim"

    trusted = read_text_mark(marked, trust_anchors=trust_anchors)
    assert trusted.state == "trusted" and trusted.failures == ()


def test_edited_text_is_invalid(sample_text: str, signer_config: SignerConfig, trust_anchors: bytes) -> None:
    marked = _mark(sample_text, signer_config)
    same_length = marked.replace("generated", "Generated", 1)
    reading = read_text_mark(same_length, trust_anchors=trust_anchors)
    assert reading.state == "invalid" and "assertion.dataHash.mismatch" in reading.failures
    assert reading.label_id == LABEL  # what the mark claimed is still reported
    longer = marked.replace("AI system", "AI system, edited", 1)
    assert read_text_mark(longer, trust_anchors=trust_anchors).state == "invalid"


def test_stripped_or_unmarked_is_not_found(sample_text: str, signer_config: SignerConfig) -> None:
    marked = _mark(sample_text, signer_config)
    assert read_text_mark(c2patxt.strip(marked), trust_anchors=None).state == "not_found"
    assert read_text_mark(sample_text, trust_anchors=None).state == "not_found"
    assert read_text_mark("", trust_anchors=None).state == "not_found"


def test_trust_needs_the_right_anchor(
    sample_text: str, signer_config: SignerConfig, other_ca_dir: Path
) -> None:
    marked = _mark(sample_text, signer_config)
    reading = read_text_mark(marked, trust_anchors=(other_ca_dir / "ca.pem").read_bytes())
    assert reading.state == "valid" and "signingCredential.untrusted" in reading.failures
    with pytest.raises(ProvenanceError, match="trust anchors"):
        read_text_mark(marked, trust_anchors=b"-----BEGIN CERTIFICATE-----\nzz\n-----END CERTIFICATE-----\n")


def test_source_type_and_remarking(
    sample_text: str, signer_config: SignerConfig, trust_anchors: bytes
) -> None:
    marked = _mark(sample_text, signer_config, source_type=COMPOSITE)
    assert read_text_mark(marked, trust_anchors=None).source_type == COMPOSITE
    # Prepending a warning and marking again replaces the old mark.
    again = _mark("⚠ ЖИ жасаған мәтін\n" + marked, signer_config, label_id=42)
    reading = read_text_mark(again, trust_anchors=trust_anchors)
    assert reading.state == "trusted" and reading.label_id == 42
    assert again.count("\ufeff") == 1


def test_damaged_mark_is_invalid(sample_text: str, signer_config: SignerConfig) -> None:
    marked = _mark(sample_text, signer_config)
    cut = marked[: len(sample_text) + (len(marked) - len(sample_text)) // 2]
    reading = read_text_mark(cut, trust_anchors=None)
    assert reading.state == "invalid" and reading.failures


def test_signer_without_ed25519_key(sample_text: str, signer_config: SignerConfig) -> None:
    es_only = SignerConfig(chain_pem=signer_config.chain_pem, key_pem=signer_config.key_pem)
    with pytest.raises(SignerError, match="Ed25519"):
        _mark(sample_text, es_only)
    wrong = SignerConfig(
        chain_pem=signer_config.chain_pem,
        key_pem=signer_config.key_pem,
        text_chain_pem=signer_config.text_chain_pem,
        text_key_pem=signer_config.key_pem,
    )
    with pytest.raises(SignerError):
        _mark(sample_text, wrong)


def test_bad_text_and_arguments(signer_config: SignerConfig) -> None:
    with pytest.raises(CorruptMediaError):
        _mark("lone \ud800 surrogate", signer_config)
    with pytest.raises(CorruptMediaError):
        read_text_mark("lone \ud800 surrogate", trust_anchors=None)
    with pytest.raises(ValueError, match="out of range"):
        _mark("x", signer_config, label_id=1 << 64)
    with pytest.raises(ValueError, match="unknown digital source type"):
        _mark("x", signer_config, source_type="human")
