"""Compiled hyperscan databases, built once per machine and loaded from the user cache after that.

Compiling the scanner's databases takes a second or two; every ``senim scan`` process, and every
worker process of one, needs them. :func:`block_database` keeps the serialised database in the
cache of :mod:`senim._cache`, keyed by the expressions, their flags, hyperscan's version and this
CPU's features (a database is compiled for the features of the machine that built it), and loads
it in under a millisecond on later calls.
"""

from __future__ import annotations

import functools
import platform
from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from senim import _cache

_hs: Any
try:  # pragma: no branch - depends on the platform
    import hyperscan as _hs
except ImportError:  # pragma: no cover - hyperscan ships x86-64 and arm64 wheels
    _hs = None

__all__ = ["HAS_HYPERSCAN", "block_database", "hs", "scan_joined"]

#: The ``hyperscan`` module, or ``None`` when it cannot be imported.
hs: Any = _hs

#: Whether hyperscan can be imported in this process.
HAS_HYPERSCAN: Final[bool] = _hs is not None


@functools.cache
def _cpu_features() -> str:
    """This machine's CPU feature flags."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(("flags", "Features")):
                    return line.split(":", 1)[-1].strip()
    except OSError:
        pass
    return platform.processor()


def block_database(expressions: Sequence[bytes], flags: Sequence[int]) -> Any:
    """A block-mode database of ``expressions`` (ids 0..n-1) with their ``flags``.

    Raises
    ------
    ValueError
        When hyperscan cannot compile an expression (its message says which).
    """
    if _hs is None:  # pragma: no cover - see HAS_HYPERSCAN
        raise RuntimeError("hyperscan is not available")
    if len(flags) != len(expressions):
        raise ValueError("one flag value per expression")
    key = _cache.cache_key(
        "hyperscan-block-db",
        str(getattr(_hs, "__version__", "")),
        platform.machine(),
        _cpu_features(),
        ",".join(map(str, flags)),
        *expressions,
    )
    cached = _cache.load("hyperscan", key)
    if cached is not None:
        try:
            loaded = _hs.loadb(cached, _hs.HS_MODE_BLOCK)
            loaded.scratch = _hs.Scratch(loaded)  # a loaded database comes without scratch space
            return loaded
        except _hs.error:  # pragma: no cover - written by another build of the library
            pass
    database = _hs.Database(mode=_hs.HS_MODE_BLOCK)
    try:
        database.compile(
            expressions=list(expressions),
            ids=list(range(len(expressions))),
            elements=len(expressions),
            flags=list(flags),
        )
    except _hs.error as exc:
        raise ValueError(f"hyperscan cannot compile the patterns: {exc}") from None
    _cache.store("hyperscan", key, _hs.dumpb(database))
    return database


def scan_joined(
    database: Any, texts: Sequence[str], *, errors: str = "surrogatepass"
) -> tuple[bytes, np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]] | None:
    """Scan a batch of texts in one pass, joined by NULs and encoded as UTF-8 (with ``errors``).

    Returns ``(buffer, expression ids, match end offsets in the buffer, index of each match's
    text)``, or ``None`` when a text holds a NUL itself (offsets would not map back to texts).
    The caller serialises scans of a shared database.
    """
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return None
    buf = joined.encode("utf-8", errors)
    flat: list[int] = []
    extend = flat.extend

    def on_match(key: int, start: int, end: int, flags: int, context: object) -> None:
        extend((key, end))

    database.scan(buf, match_event_handler=on_match)
    m = np.array(flat, dtype=np.int64).reshape(-1, 2)
    key, end = m[:, 0], m[:, 1]
    nul = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 0)
    return buf, key, end, np.searchsorted(nul, end - 1)
