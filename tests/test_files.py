"""Atomic output (senim._files): complete or untouched, nothing left behind, usual permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from senim import _files
from senim._files import atomic_write_bytes, new_file_mode, write_temp_beside


def test_replaces_the_target_with_the_new_bytes_and_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    atomic_write_bytes(b"new", target)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == new_file_mode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_explicit_mode(tmp_path: Path) -> None:
    target = tmp_path / "key.pem"
    atomic_write_bytes(b"secret", target, mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_umask_is_read_not_changed() -> None:
    before = os.umask(0o027)
    try:
        _files._umask.cache_clear()
        assert new_file_mode() == 0o640
        assert os.umask(0o027) == 0o027  # still what we set
    finally:
        os.umask(before)
        _files._umask.cache_clear()


def test_failure_leaves_the_target_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        atomic_write_bytes(b"new", target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_missing_folder_raises_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_temp_beside(b"x", tmp_path / "no" / "such.txt")
    assert list(tmp_path.iterdir()) == []
