"""C2PA signing and validation with c2pa-python, every supported format, offline."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from senim.provenance.c2pa_io import (
    LABEL_ASSERTION,
    SOFT_BINDING_AUDIO,
    SOFT_BINDING_IMAGE,
    C2paReading,
    manifest_bytes_of,
    read_c2pa,
    sign_c2pa,
    sign_c2pa_detailed,
)
from senim.provenance.errors import ProvenanceError, SignerError
from senim.provenance.signer import SignerConfig, load_signer
from senim.provenance.types import MediaType
from senim.provenance.xmp import build_xmp, embed_xmp
from tests.provenance.conftest import MEDIA_TYPES, mp4_mdat_payload_offset

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
COMPOSITE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
LABEL = 0xFEEDFACECAFEBEEF
FORMATS = ["png", "jpeg", "webp", "wav", "mp4", "pdf"]


@pytest.fixture
def sample(request: pytest.FixtureRequest) -> tuple[bytes, MediaType]:
    key = request.param
    return request.getfixturevalue(f"sample_{key}"), MEDIA_TYPES[key]


def _sign(data: bytes, media: MediaType, signer: SignerConfig, **kw: Any) -> tuple[bytes, dict[str, Any]]:
    args: dict[str, Any] = {
        "label_id": LABEL,
        "source_type": "trainedAlgorithmicMedia",
        "generator": "Model X 1.2",
    }
    args.update(kw)
    return sign_c2pa(data, media, signer, **args)


def _active(reading: C2paReading) -> Any:
    assert reading.manifest is not None
    return reading.manifest["manifests"][reading.manifest["active_manifest"]]


def _actions(active: Any) -> Any:
    found = [a for a in active["assertions"] if a["label"] == "c2pa.actions.v2"]
    return found[0]["data"]["actions"]


def _tamper(signed: bytes, media: MediaType) -> bytes:
    bad = bytearray(signed)
    if media.mime == "video/mp4":
        at = mp4_mdat_payload_offset(signed)
    elif media.mime == "audio/wav":
        at = signed.index(b"data") + 200
    elif media.mime == "application/pdf":
        at = signed.index(b"stream") + 20  # inside the page's content stream
    elif media.mime == "image/webp":
        at = signed.index(b"VP8 ") + 30
    else:
        at = len(signed) - 20  # inside the image data, before the trailer
    bad[at] ^= 0x01
    return bytes(bad)


@pytest.mark.parametrize("sample", FORMATS, indirect=True)
def test_sign_and_read_every_format(
    sample: tuple[bytes, MediaType], signer_config: SignerConfig, trust_anchors: bytes
) -> None:
    data, media = sample
    assert read_c2pa(data, media).state == "not_found"
    signed, manifest = _sign(data, media, signer_config)
    assert signed != data and len(signed) - len(data) < 10_000  # no thumbnail
    assert manifest["active_manifest"] in manifest["manifests"]

    untrusted = read_c2pa(signed, media)
    assert untrusted.state == "valid"
    assert untrusted.failures == ("signingCredential.untrusted",)
    assert untrusted.source_type == TRAINED
    assert untrusted.label_id == LABEL
    assert untrusted.signer is not None and "TEST ONLY" in untrusted.signer
    assert untrusted.signed_at is not None and untrusted.signed_at.startswith("20")

    trusted = read_c2pa(signed, media, trust_anchors=trust_anchors)
    assert trusted.state == "trusted" and trusted.failures == ()

    active = _active(trusted)
    labels = [a["label"] for a in active["assertions"]]
    assert "c2pa.actions.v2" in labels and LABEL_ASSERTION in labels
    actions = _actions(active)
    assert actions[0]["action"] == "c2pa.created"
    assert actions[0]["digitalSourceType"] == TRAINED
    assert actions[0]["softwareAgent"]["name"] == "Model X 1.2"
    generator = active["claim_generator_info"][0]
    assert generator["name"] == "Senim" and generator["version"]
    soft = [a for a in active["assertions"] if a["label"] == "c2pa.soft-binding"]
    if media.kind == "pdf":
        assert soft == []
    else:
        expected_alg = SOFT_BINDING_AUDIO if media.kind == "audio" else SOFT_BINDING_IMAGE
        assert soft[0]["data"]["alg"] == expected_alg
        assert soft[0]["data"]["blocks"][0]["value"] == "feedfacecafebeef"

    tampered = read_c2pa(_tamper(signed, media), media, trust_anchors=trust_anchors)
    assert tampered.state == "invalid"
    assert any("mismatch" in code for code in tampered.failures), tampered.failures


@pytest.mark.parametrize("sample", FORMATS, indirect=True)
def test_sidecar_manifest(sample: tuple[bytes, MediaType], signer_config: SignerConfig) -> None:
    data, media = sample
    result = sign_c2pa_detailed(
        data, media, signer_config, label_id=LABEL, source_type="trainedAlgorithmicMedia", generator="g"
    )
    extracted = manifest_bytes_of(result.data, media)
    assert extracted == result.manifest_bytes
    assert manifest_bytes_of(data, media) is None
    assert read_c2pa(result.data, media, manifest_data=extracted).state == "valid"
    # The copy in the label store still identifies an altered file, and says it was altered.
    altered = read_c2pa(_tamper(result.data, media), media, manifest_data=extracted)
    assert altered.state == "invalid" and altered.label_id == LABEL


def test_pillow_resave_strips_the_manifest(
    sample_png: bytes, sample_jpeg: bytes, signer_config: SignerConfig
) -> None:
    for data, key, fmt in ((sample_png, "png", "PNG"), (sample_jpeg, "jpeg", "JPEG")):
        signed, _ = _sign(data, MEDIA_TYPES[key], signer_config)
        buf = io.BytesIO()
        Image.open(io.BytesIO(signed)).save(buf, fmt)
        assert read_c2pa(buf.getvalue(), MEDIA_TYPES[key]).state == "not_found"


@pytest.mark.parametrize("key", ["jpeg", "png", "webp"])
def test_xmp_edited_after_signing_invalidates(
    key: str, request: pytest.FixtureRequest, signer_config: SignerConfig
) -> None:
    media = MEDIA_TYPES[key]
    data = request.getfixturevalue(f"sample_{key}")
    xmp_first = embed_xmp(
        data, media, build_xmp(source_type=TRAINED, label_id=LABEL, description="AI", creator_tool="m")
    )
    signed, _ = _sign(xmp_first, media, signer_config)
    assert read_c2pa(signed, media).state == "valid"  # XMP first, sign last: fine
    edited = embed_xmp(
        signed, media, build_xmp(source_type=TRAINED, label_id=1, description="edited", creator_tool=None)
    )
    reading = read_c2pa(edited, media)
    assert reading.state == "invalid" and "assertion.dataHash.mismatch" in reading.failures


def test_other_anchor_is_not_trust(
    sample_png: bytes, signer_config: SignerConfig, other_ca_dir: Path
) -> None:
    signed, _ = _sign(sample_png, MEDIA_TYPES["png"], signer_config)
    reading = read_c2pa(signed, MEDIA_TYPES["png"], trust_anchors=(other_ca_dir / "ca.pem").read_bytes())
    assert reading.state == "valid" and "signingCredential.untrusted" in reading.failures


def test_parent_keeps_the_chain(
    sample_jpeg: bytes, signer_config: SignerConfig, trust_anchors: bytes
) -> None:
    media = MEDIA_TYPES["jpeg"]
    first, _ = _sign(sample_jpeg, media, signer_config)
    second, _ = _sign(
        first,
        media,
        signer_config,
        label_id=5,
        source_type=COMPOSITE,
        generator="Editor 2",
        parent=first,
        parent_media=media,
    )
    reading = read_c2pa(second, media, trust_anchors=trust_anchors)
    assert reading.state == "trusted" and reading.label_id == 5 and reading.source_type == COMPOSITE
    active = _active(reading)
    actions = _actions(active)
    assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.edited"]
    ingredient = active["ingredients"][0]
    assert ingredient["relationship"] == "parentOf"
    parent_label = ingredient["active_manifest"]
    assert reading.manifest is not None
    assert parent_label in reading.manifest["manifests"]  # the old manifest is kept


def test_extra_assertions_and_bad_arguments(sample_png: bytes, signer_config: SignerConfig) -> None:
    media = MEDIA_TYPES["png"]
    extra = {
        "label": "cawg.training-mining",
        "data": {"entries": {"cawg.ai_training": {"use": "notAllowed"}}},
    }
    signed, _ = _sign(sample_png, media, signer_config, assertions=[extra])
    labels = [a["label"] for a in _active(read_c2pa(signed, media))["assertions"]]
    assert "cawg.training-mining" in labels
    with pytest.raises(ValueError, match="extra assertion"):
        _sign(sample_png, media, signer_config, assertions=[{"data": {}}])
    with pytest.raises(ValueError, match="unknown digital source type"):
        _sign(sample_png, media, signer_config, source_type="photo")
    with pytest.raises(ValueError, match="out of range"):
        _sign(sample_png, media, signer_config, label_id=-1)
    with pytest.raises(ValueError, match="together"):
        _sign(sample_png, media, signer_config, parent=sample_png)


def test_soft_binding_can_be_left_out(sample_png: bytes, signer_config: SignerConfig) -> None:
    result = sign_c2pa_detailed(
        sample_png,
        MEDIA_TYPES["png"],
        signer_config,
        label_id=LABEL,
        source_type=TRAINED,
        generator="g",
        soft_binding=False,
    )
    reading = read_c2pa(result.data, MEDIA_TYPES["png"])
    labels = [a["label"] for a in _active(reading)["assertions"]]
    assert "c2pa.soft-binding" not in labels and reading.label_id == LABEL


def test_signer_refused_by_c2pa(sample_png: bytes, signer_config: SignerConfig, test_ca_dir: Path) -> None:
    wrong_key = SignerConfig(
        chain_pem=signer_config.chain_pem, key_pem=(test_ca_dir / "text-key.pem").read_bytes()
    )
    with pytest.raises(SignerError):
        _sign(sample_png, MEDIA_TYPES["png"], wrong_key)
    garbage = SignerConfig(chain_pem=b"nope", key_pem=b"nope")
    with pytest.raises(SignerError):
        _sign(sample_png, MEDIA_TYPES["png"], garbage)
    assert load_signer(test_ca_dir).alg == "es256"


def test_corrupt_inputs_raise_clear_errors(sample_png: bytes, signer_config: SignerConfig) -> None:
    media = MEDIA_TYPES["png"]
    with pytest.raises(ProvenanceError):
        _sign(sample_png[:40], media, signer_config)
    with pytest.raises(ProvenanceError):
        _sign(b"not an image at all", media, signer_config)
    signed, _ = _sign(sample_png, media, signer_config)
    for cut in (len(signed) // 2, 60):
        reading = read_c2pa(signed[:cut], media)
        assert reading.state in ("invalid", "not_found")
    with pytest.raises(ProvenanceError, match="trust anchors"):
        read_c2pa(
            signed, media, trust_anchors=b"-----BEGIN CERTIFICATE-----\nzz\n-----END CERTIFICATE-----\n"
        )


def test_damaged_manifest_store_reads_invalid(sample_png: bytes, signer_config: SignerConfig) -> None:
    media = MEDIA_TYPES["png"]
    signed, _ = _sign(sample_png, media, signer_config)
    store = manifest_bytes_of(signed, media)
    assert store is not None
    at = signed.index(store) + len(store) // 2
    bad = bytearray(signed)
    bad[at : at + 8] = b"\xff" * 8
    reading = read_c2pa(bytes(bad), media)
    assert reading.state == "invalid" and reading.failures


@pytest.mark.parametrize("sample", FORMATS, indirect=True)
def test_mutated_signed_files_read_without_raw_errors(
    sample: tuple[bytes, MediaType], signer_config: SignerConfig
) -> None:
    import random

    data, media = sample
    signed, _ = _sign(data, media, signer_config)
    rng = random.Random(7)
    for _ in range(25):
        mutated = bytearray(signed)
        if rng.random() < 0.5:
            for _ in range(rng.randrange(1, 6)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        else:
            del mutated[rng.randrange(len(mutated)) :]
        try:
            reading = read_c2pa(bytes(mutated), media)
        except ProvenanceError:
            continue
        assert reading.state in ("trusted", "valid", "invalid", "not_found")
        manifest_bytes_of(bytes(mutated), media)
