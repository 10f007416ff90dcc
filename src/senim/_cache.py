"""A small on-disk cache for derived artefacts that are slow to build and cheap to load.

Used for the scanner's compiled hyperscan databases (1-2 s to compile, under a millisecond to
load) and its Unicode character tables: every ``senim scan`` process, and every worker process of
one, would otherwise rebuild them.

Entries are content-addressed: the caller names an entry by a key that covers everything the
artefact depends on (patterns, library versions, CPU features...), and each file stores the
SHA-256 of its payload, checked before the payload is returned, so a truncated or damaged file is
a miss (it is rebuilt and overwritten), never a wrong answer. Files are written atomically
(:mod:`senim._files`) with mode 0600 in a folder of mode 0700.

The folder is ``SENIM_CACHE_DIR`` when set, else the user cache folder (``platformdirs``:
``~/.cache/senim`` on Linux). ``SENIM_CACHE_DIR=off`` (or an empty value) turns the cache off. Any
error of the file system (read-only home, full disk, no permission) turns a lookup into a miss
and a store into a no-op: the cache can make Senim faster, never make it fail.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Final

from senim._files import atomic_write_bytes

__all__ = ["cache_dir", "cache_key", "load", "store"]

_MAGIC: Final = b"senim-cache-1\n"
_DIGEST: Final = 32


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is off."""
    configured = os.environ.get("SENIM_CACHE_DIR")
    if configured is not None:
        if configured.strip() in ("", "off", "0", "false", "no"):
            return None
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("senim", appauthor=False))


def cache_key(*parts: bytes | str) -> str:
    """A file-name-safe key for an entry: SHA-256 over the length-prefixed ``parts``."""
    digest = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()


def _path(kind: str, key: str) -> Path | None:
    if not kind.isidentifier() or not all(c in "0123456789abcdef" for c in key) or len(key) != 64:
        raise ValueError(f"bad cache entry name {kind!r}/{key!r}")
    folder = cache_dir()
    return None if folder is None else folder / kind / f"{key}.bin"


def load(kind: str, key: str) -> bytes | None:
    """The payload stored under ``kind``/``key``, or ``None`` (absent, unreadable or damaged)."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    if len(raw) < head or not raw.startswith(_MAGIC):
        return None
    payload = raw[head:]
    if hashlib.sha256(payload).digest() != raw[len(_MAGIC) : head]:
        return None
    return payload


def store(kind: str, key: str, payload: bytes) -> bool:
    """Store ``payload`` under ``kind``/``key``; whether it was written."""
    path = _path(kind, key)
    if path is None:
        return False
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write_bytes(_MAGIC + hashlib.sha256(payload).digest() + payload, path, mode=0o600)
    except OSError:
        return False
    return True
