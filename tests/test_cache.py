"""The on-disk cache (senim._cache) and the cached hyperscan databases (senim.privacy._hsdb)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from senim import _cache
from senim.privacy import _hsdb


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SENIM_CACHE_DIR", str(folder))
    return folder


def test_round_trip_and_file_modes(cache: Path) -> None:
    key = _cache.cache_key("a", b"b")
    assert _cache.load("things", key) is None
    assert _cache.store("things", key, b"payload")
    assert _cache.load("things", key) == b"payload"
    entry = cache / "things" / f"{key}.bin"
    assert entry.stat().st_mode & 0o777 == 0o600
    assert (cache / "things").stat().st_mode & 0o777 == 0o700
    assert [p.name for p in (cache / "things").iterdir()] == [entry.name]  # no temporary left


def test_keys_separate_their_parts() -> None:
    assert _cache.cache_key("ab", "c") != _cache.cache_key("a", "bc")
    assert _cache.cache_key("x") == _cache.cache_key(b"x")
    assert len(_cache.cache_key()) == 64


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-1],  # truncated
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit of the payload
        lambda raw: b"x" + raw[1:],  # header
        lambda raw: b"",
    ],
    ids=["truncated", "payload-bit", "header", "empty"],
)
def test_a_damaged_entry_is_a_miss(cache: Path, damage: object) -> None:
    key = _cache.cache_key("d")
    _cache.store("things", key, b"some payload")
    entry = cache / "things" / f"{key}.bin"
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert _cache.load("things", key) is None
    assert _cache.store("things", key, b"some payload")  # rebuilt over it
    assert _cache.load("things", key) == b"some payload"


@pytest.mark.parametrize("value", ["off", "", "0"])
def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SENIM_CACHE_DIR", value)
    assert _cache.cache_dir() is None
    key = _cache.cache_key("x")
    assert not _cache.store("things", key, b"p")
    assert _cache.load("things", key) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_never_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    monkeypatch.setenv("SENIM_CACHE_DIR", str(folder / "cache"))
    assert not _cache.store("things", _cache.cache_key("x"), b"p")


def test_a_file_in_the_way_never_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SENIM_CACHE_DIR", str(blocker))
    key = _cache.cache_key("x")
    assert not _cache.store("things", key, b"p")
    assert _cache.load("things", key) is None


def test_bad_entry_names_are_refused(cache: Path) -> None:
    with pytest.raises(ValueError, match="bad cache entry name"):
        _cache.load("../up", _cache.cache_key("x"))
    with pytest.raises(ValueError, match="bad cache entry name"):
        _cache.load("things", "../../etc/passwd")


@pytest.mark.skipif(not _hsdb.HAS_HYPERSCAN, reason="no hyperscan")
def test_a_cached_database_matches_like_a_compiled_one(cache: Path) -> None:
    hs = _hsdb.hs
    expressions = [rb"\b[0-9]{12}\b", rb"foo(?:bar)?"]
    flags = [hs.HS_FLAG_SOM_LEFTMOST, 0]
    text = b"id 880223335929 and foobar, 1234567890123 foo"

    def matches(db: object) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        db.scan(text, match_event_handler=lambda i, s, e, f, c: found.append((i, s, e)))  # type: ignore[attr-defined]
        return found

    first = _hsdb.block_database(expressions, flags)  # compiled and stored
    assert len(list((cache / "hyperscan").iterdir())) == 1
    second = _hsdb.block_database(expressions, flags)  # loaded
    # without start-of-match tracking the start is reported as 0
    assert matches(first) == matches(second) == [(0, 3, 15), (1, 0, 23), (1, 0, 26), (1, 0, 45)]
    # other flags are another entry
    _hsdb.block_database(expressions, [0, 0])
    assert len(list((cache / "hyperscan").iterdir())) == 2
    # a damaged entry is rebuilt
    for entry in (cache / "hyperscan").iterdir():
        entry.write_bytes(entry.read_bytes()[:100])
    assert matches(_hsdb.block_database(expressions, flags)) == matches(first)


@pytest.mark.skipif(not _hsdb.HAS_HYPERSCAN, reason="no hyperscan")
def test_an_expression_hyperscan_refuses_names_the_problem(cache: Path) -> None:
    with pytest.raises(ValueError, match="cannot compile"):
        _hsdb.block_database([rb"(?<=a)b"], [0])
    with pytest.raises(ValueError, match="one flag value per expression"):
        _hsdb.block_database([rb"a"], [])
