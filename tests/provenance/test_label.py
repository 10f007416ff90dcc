"""Labelling end to end with the real layers (senim.provenance.label)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from senim.provenance import media as m
from senim.provenance.errors import CorruptMediaError, ProvenanceError, UnsupportedFormatError
from senim.provenance.ids import parse_label_id
from senim.provenance.label import (
    LabelFailure,
    LabelOptions,
    LabelReceipt,
    label_bytes,
    label_path,
    label_tree,
)
from senim.provenance.signer import SignerConfig
from senim.provenance.store import LabelStore

# ----------------------------------------------------------------- helpers (also used by test_verify)


def photo_rgb(width: int = 256, height: int = 192, seed: int = 0) -> np.ndarray:
    """A textured picture big enough for the watermark (both sides ≥ 128)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 0.7 + 20, y * 0.9 + 10, (x + y) * 0.35 + 30], -1) + rng.normal(
        0, 14, (height, width, 3)
    )
    return np.clip(rgb, 0, 255).astype(np.uint8)


def encode(rgb: np.ndarray, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, fmt, **kwargs)
    return buf.getvalue()


IMAGE_FORMATS = {"png": ("PNG", "a.png"), "jpeg": ("JPEG", "a.jpg"), "webp": ("WEBP", "a.webp")}


def photo(kind: str, seed: int = 0) -> tuple[bytes, str]:
    fmt, name = IMAGE_FORMATS[kind]
    return encode(photo_rgb(seed=seed), fmt, **({"quality": 92} if fmt != "PNG" else {})), name


def long_wav(seconds: float = 4.0, rate: int = 16_000) -> bytes:
    rng = np.random.default_rng(5)
    t = np.arange(int(seconds * rate)) / rate
    x = 0.2 * np.sin(2 * np.pi * 220 * t) + 0.1 * np.sin(2 * np.pi * 1760 * t) + rng.normal(0, 0.03, t.size)
    return m.encode_wav(x.astype(np.float32)[:, None], rate, "PCM_16")


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        out.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]))
        pos += 12 + size
    return out


def png_from_chunks(chunks: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(
        struct.pack(">I", len(c)) + k + c + struct.pack(">I", zlib.crc32(k + c) & 0xFFFFFFFF)
        for k, c in chunks
    )
    return b"\x89PNG\r\n\x1a\n" + body


def edit_png_pixels(signed: bytes) -> bytes:
    """Change pixels of a signed PNG while keeping its C2PA and XMP chunks (an edit after signing)."""
    img = Image.open(io.BytesIO(signed))
    arr = np.asarray(img).copy()
    arr[10:40, 10:40] = 255 - arr[10:40, 10:40]
    fresh = png_chunks(encode(arr, "PNG"))
    new_idat = [c for c in fresh if c[0] == b"IDAT"]
    out: list[tuple[bytes, bytes]] = []
    placed = False
    for kind, body in png_chunks(signed):
        if kind == b"IDAT":
            if not placed:
                out.extend(new_idat)
                placed = True
            continue
        out.append((kind, body))
    return png_from_chunks(out)


@pytest.fixture
def store(tmp_path: Path) -> LabelStore:
    s = LabelStore.open(str(tmp_path / "labels.db"))
    yield s  # type: ignore[misc]
    s.close()


# --------------------------------------------------------------------------- images


@pytest.mark.parametrize("kind", list(IMAGE_FORMATS))
def test_image_all_layers(kind: str, signer_config: SignerConfig, store: LabelStore) -> None:
    data, name = photo(kind)
    r = label_bytes(
        data, name, LabelOptions(signer=signer_config, generator="Model X 1.2", system_id="bot"), store
    )
    assert r.layers == ("visible", "watermark", "xmp", "c2pa")
    assert r.stored and r.warnings == ()
    assert r.manifest_label and r.manifest_label.startswith("urn:")
    assert r.signer and "TEST ONLY" in r.signer
    out_media = m.sniff(r.data, name)
    assert out_media.mime == m.sniff(data, name).mime
    assert Image.open(io.BytesIO(r.data)).size == (256, 192)
    rec = store.find_by_id(parse_label_id(r.label_id))
    assert rec is not None
    assert rec.sha256 == r.output_sha256 and rec.input_sha256 == r.input_sha256
    assert rec.manifest_bytes and rec.manifest is not None and rec.phash is not None
    assert rec.system_id == "bot" and rec.layers == list(r.layers)
    receipt = r.to_dict()
    assert "data" not in receipt and receipt["visible"] and receipt["machine_readable"]
    json.dumps(receipt)
    if kind == "jpeg":
        from PIL import JpegImagePlugin

        assert JpegImagePlugin.get_sampling(Image.open(io.BytesIO(r.data))) == 0


def test_image_without_signer_or_visible(store: LabelStore) -> None:
    data, name = photo("png")
    r = label_bytes(data, name, LabelOptions(visible=False), store)
    assert r.layers == ("watermark", "xmp")
    assert any("no signer" in w for w in r.warnings)
    assert any("Art. 21(2)" in w for w in r.warnings)
    assert r.signer is None and r.manifest_label is None
    assert r.to_dict()["visible"] is False
    rec = store.find_by_id(parse_label_id(r.label_id))
    assert rec is not None and "visible" not in rec.layers and rec.manifest_bytes is None


def test_small_image_gets_no_watermark(sample_png: bytes, signer_config: SignerConfig) -> None:
    r = label_bytes(sample_png, "tiny.png", LabelOptions(signer=signer_config), None)
    assert "watermark" not in r.layers and "c2pa" in r.layers
    assert any("too small for a watermark" in w for w in r.warnings)
    assert not r.stored


def test_alpha_and_grey_are_kept() -> None:
    rgb = photo_rgb()
    alpha = np.tile(np.linspace(0, 255, 256, dtype=np.uint8), (192, 1))
    rgba = np.dstack([rgb, alpha])
    r = label_bytes(encode(rgba, "PNG"), "a.png", LabelOptions(), None)
    out = Image.open(io.BytesIO(r.data))
    assert out.mode == "RGBA"
    assert np.array_equal(np.asarray(out)[..., 3], alpha)
    grey = np.asarray(Image.fromarray(rgb).convert("L"))
    r = label_bytes(encode(grey, "PNG"), "g.png", LabelOptions(), None)
    assert Image.open(io.BytesIO(r.data)).mode == "L"
    assert "watermark" in r.layers


def test_relabel_keeps_parent(signer_config: SignerConfig) -> None:
    data, name = photo("png")
    first = label_bytes(data, name, LabelOptions(signer=signer_config), None)
    second = label_bytes(first.data, name, LabelOptions(signer=signer_config), None)
    assert any("parent ingredient" in w for w in second.warnings)
    assert second.label_id != first.label_id
    from senim.provenance.c2pa_io import read_c2pa

    manifest = read_c2pa(second.data, m.PNG).manifest
    assert manifest is not None and "parentOf" in json.dumps(manifest)


def test_bad_source_type_and_badge_size() -> None:
    data, name = photo("png")
    with pytest.raises(ProvenanceError, match="source type"):
        label_bytes(data, name, LabelOptions(source_type="camera"), None)
    with pytest.raises(ProvenanceError, match="badge size"):
        label_bytes(data, name, LabelOptions(badge_size=0.9), None)


# --------------------------------------------------------------------------- audio, PDF, text


def test_audio_layers(sample_wav: bytes, signer_config: SignerConfig) -> None:
    r = label_bytes(long_wav(), "a.wav", LabelOptions(signer=signer_config), None)
    assert r.layers[:2] == ("visible", "watermark") and "c2pa" in r.layers
    dec = m.decode_wav(r.data)
    assert dec.subtype == "PCM_16"
    assert dec.samples.shape[0] == 4 * 16_000 + round(1.2 * 16_000)
    short = label_bytes(sample_wav, "s.wav", LabelOptions(signer=signer_config), None)
    assert "watermark" not in short.layers and any("too short" in w for w in short.warnings)


def test_pdf_layers(sample_pdf: bytes, signer_config: SignerConfig) -> None:
    r = label_bytes(sample_pdf, "doc.pdf", LabelOptions(signer=signer_config, lang="ru"), None)
    assert r.layers == ("visible", "xmp", "c2pa")
    assert r.data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("fixture", "name"), [("sample_text", "a.txt"), ("sample_markdown", "a.md"), ("sample_html", "a.html")]
)
def test_text_layers(
    fixture: str, name: str, signer_config: SignerConfig, request: pytest.FixtureRequest
) -> None:
    content: str = request.getfixturevalue(fixture)
    r = label_bytes(content.encode(), name, LabelOptions(signer=signer_config, lang="en"), None)
    assert r.layers == ("visible", "text_c2pa")
    assert r.media == m.sniff(content.encode(), name).mime
    text = r.data.decode("utf-8")
    from senim.provenance.visible import find_visible_text

    assert find_visible_text(text)
    unsigned = label_bytes(content.encode(), name, LabelOptions(), None)
    assert unsigned.layers == ("visible",) and any("no signer" in w for w in unsigned.warnings)
    assert unsigned.to_dict()["machine_readable"] is False


# --------------------------------------------------------------------------- files


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_label_path_atomic_and_checked(tmp_path: Path, store: LabelStore) -> None:
    data, _ = photo("jpeg")
    src = tmp_path / "in.jpg"
    src.write_bytes(data)
    out = tmp_path / "out" / "labelled.jpg"
    out.parent.mkdir()
    r = label_path(src, out, LabelOptions(), store)
    assert src.read_bytes() == data  # the input is never modified
    assert out.is_file() and r.output == str(out) and r.data == b""
    assert _leftovers(out.parent) == []
    with pytest.raises(ProvenanceError, match="must not be the input"):
        label_path(src, src, LabelOptions(), store)
    with pytest.raises(UnsupportedFormatError, match=r"\.png"):
        label_path(src, tmp_path / "x.png", LabelOptions(), store)
    with pytest.raises(ProvenanceError, match="does not exist"):
        label_path(src, tmp_path / "nope" / "x.jpg", LabelOptions(), store)
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    ("maker", "error", "words"),
    [
        (lambda d: d[: len(d) // 3], CorruptMediaError, "cannot decode"),
        (lambda d: b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, CorruptMediaError, "in.png"),
        (lambda d: encode(photo_rgb(), "JPEG"), UnsupportedFormatError, "JPEG image"),
    ],
    ids=["truncated", "garbage", "wrong-extension"],
)
def test_bad_inputs_write_nothing(
    tmp_path: Path, store: LabelStore, maker: object, error: type[Exception], words: str
) -> None:
    data, _ = photo("png")
    src = tmp_path / "in.png"
    src.write_bytes(maker(data))  # type: ignore[operator]
    dst = tmp_path / "out.png"
    with pytest.raises(error, match=words) as info:
        label_path(src, dst, LabelOptions(), store)
    assert "in.png" in str(info.value)
    assert not dst.exists() and _leftovers(tmp_path) == [] and store.count() == 0


def test_bomb_refused(tmp_path: Path) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
    bomb += chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")
    (tmp_path / "bomb.png").write_bytes(bomb)
    with pytest.raises(CorruptMediaError, match="decompression bomb"):
        label_path(tmp_path / "bomb.png", tmp_path / "o.png", LabelOptions(), None)
    assert not (tmp_path / "o.png").exists()


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.png").write_bytes(photo("png")[0])
    (root / "sub" / "b.jpg").write_bytes(photo("jpeg", seed=1)[0])
    (root / "sub" / "deeper" / "c.md").write_text("# Hello\n\nGenerated.\n", encoding="utf-8")
    (root / "sub" / "broken.webp").write_bytes(photo("webp")[0][:60])
    (root / ".hidden.png").write_bytes(b"skip me")


def test_label_tree_collects_errors(tmp_path: Path, store: LabelStore) -> None:
    src, dst = tmp_path / "in", tmp_path / "out"
    _tree(src)
    seen: list[tuple[int, int]] = []
    results = label_tree(src, dst, LabelOptions(), store, on_progress=lambda d, t, p, r: seen.append((d, t)))
    assert len(results) == 4 and seen[-1] == (4, 4)
    failures = [r for r in results if isinstance(r, LabelFailure)]
    assert (
        len(failures) == 1 and "broken.webp" in failures[0].error and failures[0].kind == "CorruptMediaError"
    )
    assert (dst / "a.png").is_file() and (dst / "sub" / "b.jpg").is_file()
    assert (dst / "sub" / "deeper" / "c.md").read_text(encoding="utf-8") != "# Hello\n\nGenerated.\n"
    assert not (dst / "sub" / "broken.webp").exists() and not (dst / ".hidden.png").exists()
    assert _leftovers(dst / "sub") == []
    assert store.count() == 3
    with pytest.raises(CorruptMediaError, match=r"broken\.webp"):
        label_tree(src, tmp_path / "out2", LabelOptions(), None, on_error="fail")
    with pytest.raises(ProvenanceError, match="outside the input folder"):
        label_tree(src, src / "labelled", LabelOptions(), None)


def test_label_tree_workers(tmp_path: Path, store: LabelStore, signer_config: SignerConfig) -> None:
    src, dst = tmp_path / "in", tmp_path / "out"
    _tree(src)
    results = label_tree(src, dst, LabelOptions(signer=signer_config), store, workers=2)
    receipts = [r for r in results if isinstance(r, LabelReceipt)]
    assert len(receipts) == 3 and all(r.stored for r in receipts)
    assert {"c2pa", "text_c2pa"} & set(receipts[0].layers)
    assert sum(isinstance(r, LabelFailure) for r in results) == 1
    assert store.count() == 3
