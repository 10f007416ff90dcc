"""The label store (senim.provenance.store): records, look-ups, dHash, where it lives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from senim.provenance.store import LabelRecord, LabelStore, StoreError, default_store_url, dhash, hamming


def _record(label_id: int, sha: str = "ab" * 32, phash: int | None = None) -> LabelRecord:
    return LabelRecord(
        label_id=label_id,
        sha256=sha,
        media="image/png",
        manifest={"active_manifest": "urn:c2pa:x", "manifests": {}},
        manifest_bytes=b"\x00jumb" * 10,
        created_at=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        system_id="chat-bot",
        source_type="trainedAlgorithmicMedia",
        layers=["visible", "watermark", "xmp", "c2pa"],
        input_sha256="cd" * 32,
        phash=phash,
        manifest_label="urn:c2pa:x",
        signer="CN=test",
    )


def test_record_and_find(database_url: str) -> None:
    with LabelStore.open(database_url) as store:
        big = (1 << 64) - 3  # ids and hashes use all 64 bits
        store.record(_record(big, phash=(1 << 64) - 1))
        store.record(_record(0x0123456789ABCDEF, sha="ef" * 32, phash=0))
        got = store.find_by_id(big)
        assert got is not None
        assert got.label_id == big
        assert got.phash == (1 << 64) - 1
        assert got.created_at == dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC)
        assert got.layers == ["visible", "watermark", "xmp", "c2pa"]
        assert got.manifest == {"active_manifest": "urn:c2pa:x", "manifests": {}}
        assert got.manifest_bytes == b"\x00jumb" * 10
        assert store.find_by_id(12345) is None
        by_hash = store.find_by_hash("EF" * 32)
        assert by_hash is not None and by_hash.label_id == 0x0123456789ABCDEF
        assert store.find_by_hash("00" * 32) is None
        assert store.count() == 2
        with pytest.raises(StoreError, match="already"):
            store.record(_record(big))
        assert store.count() == 2


def test_find_similar(tmp_path: Path) -> None:
    with LabelStore.open(str(tmp_path / "labels.db")) as store:
        store.record(_record(1, phash=0b1111))
        store.record(_record(2, sha="11" * 32, phash=(1 << 63) | 0b1111))
        store.record(_record(3, sha="22" * 32, phash=None))
        near = store.find_similar(0b0111, max_distance=3)
        assert [(r.label_id, d) for r, d in near] == [(1, 1), (2, 2)]
        assert store.find_similar(0xFFFF_0000_0000_0000, max_distance=3) == []
    assert (tmp_path / "labels.db").is_file()


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SENIM_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_url().endswith("senim/labels.db")
    monkeypatch.setenv("SENIM_DATABASE_URL", f"sqlite:///{tmp_path / 'registry.db'}")
    assert default_store_url() == f"sqlite:///{tmp_path / 'registry.db'}"
    with LabelStore.open(None) as store:
        store.record(_record(7))
    assert (tmp_path / "registry.db").is_file()


def test_bad_url() -> None:
    with pytest.raises(StoreError, match="cannot open"):
        LabelStore.open("mysql://nobody@localhost/x")


def test_naive_time_refused(tmp_path: Path) -> None:
    rec = _record(5)
    rec.created_at = dt.datetime(2026, 1, 1)
    with LabelStore.open(str(tmp_path / "s.db")) as store, pytest.raises(ValueError, match="time zone"):
        store.record(rec)


def test_dhash_near_duplicates() -> None:
    rng = np.random.default_rng(3)
    base = rng.integers(0, 256, (8, 9), dtype=np.uint8).astype(np.float64)
    from PIL import Image

    big = np.asarray(Image.fromarray(base.astype(np.uint8)).resize((360, 320), Image.Resampling.BICUBIC))
    rgb = np.repeat(big[..., None], 3, axis=2).astype(np.uint8)
    h = dhash(rgb)
    assert 0 <= h < 1 << 64
    noisy = np.clip(rgb.astype(np.int16) + rng.integers(-3, 4, rgb.shape), 0, 255).astype(np.uint8)
    assert hamming(h, dhash(noisy)) <= 4
    half = np.asarray(Image.fromarray(rgb).resize((180, 160), Image.Resampling.BILINEAR))
    assert hamming(h, dhash(half)) <= 6
    other = rng.integers(0, 256, rgb.shape, dtype=np.uint8)
    assert hamming(h, dhash(other)) > 10
    with pytest.raises(ValueError):
        dhash(np.zeros((4, 4), np.uint8))
