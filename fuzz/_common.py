"""What every fuzz target shares: instrumentation, scratch files, input splitting and ``main``.

A target module defines ``test_one_input(data: bytes) -> None`` that feeds ``data`` to one of our
public entry points and lets only the documented error classes of that module pass: anything else
escaping is a crash for libFuzzer (and a failing replay in ``tests/fuzz``).

Instrumentation is switched on only when the runner asks for it (``SENIM_FUZZ_INSTRUMENT=1``, set by
``fuzz/run.py``): the in-process replay under pytest imports the same targets uninstrumented.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "INSTRUMENT_ENV",
    "ROOT",
    "SEPARATOR",
    "fresh",
    "instrumented",
    "leaked",
    "main",
    "scratch",
    "split",
    "write",
]

ROOT = Path(__file__).resolve().parents[1]  # the repository

INSTRUMENT_ENV = "SENIM_FUZZ_INSTRUMENT"
SEPARATOR = b"\x00--8<--\x00"  # between the parts of a multi-file input (never in PEM, JSON or YAML)

_SCRATCH: list[Path] = []


def under_fuzzer() -> bool:
    """True in a process started by ``fuzz/run.py`` (False in the in-process replay)."""
    return os.environ.get(INSTRUMENT_ENV) == "1"


@contextlib.contextmanager
def instrumented(*preload: str) -> Iterator[None]:
    """Wrap the imports of the code under test: instrumented for coverage only under the fuzzer.

    ``preload`` names modules to import first, uninstrumented: the heavy dependencies the code under
    test imports but that the target does not exercise (instrumenting them costs start-up seconds
    and dilutes the coverage signal).
    """
    for name in preload:
        importlib.import_module(name)
    if under_fuzzer():
        import atheris  # type: ignore[import-untyped]

        with atheris.instrument_imports(include=["senim"]):
            yield
    else:
        yield


def scratch() -> Path:
    """A private folder for this process, removed at exit (inputs that must be files go there)."""
    if not _SCRATCH:
        path = Path(tempfile.mkdtemp(prefix="senim-fuzz-"))
        _SCRATCH.append(path)
        atexit.register(shutil.rmtree, path, True)
    return _SCRATCH[0]


def write(relative: str, data: bytes) -> Path:
    """Write ``data`` to ``relative`` inside :func:`scratch` (parents created) and return the path."""
    path = scratch() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def fresh(relative: str) -> Path:
    """An empty folder ``relative`` inside :func:`scratch` (emptied if it exists)."""
    path = scratch() / relative
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def split(data: bytes, parts: int) -> list[bytes]:
    """``data`` cut at :data:`SEPARATOR` into exactly ``parts`` pieces (missing ones empty)."""
    pieces = data.split(SEPARATOR, parts - 1)
    return pieces + [b""] * (parts - len(pieces))


def main(test_one_input: Callable[[bytes], None]) -> None:
    """Run ``test_one_input`` under libFuzzer with the command-line flags and corpus folders."""
    import atheris

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


def leaked(message: str, data: bytes, window: int = 16) -> str | None:
    """A run of ``window`` characters of ``message`` found in ``data`` below its first line, if any.

    Error messages may name files, columns (the header line) and positions, never quote content:
    a long enough run shared with the data is a quotation. Runs without four letters or digits
    (punctuation, spaces) and runs also found in the header line are not counted.
    """
    head, _, body = data.partition(b"\n")
    if len(body) < window:
        return None
    texts = {body.decode("utf-8", "replace"), body.decode("latin-1")}
    header = {head.decode("utf-8", "replace"), head.decode("latin-1")}
    for start in range(len(message) - window + 1):
        run = message[start : start + window]
        if sum(c.isalnum() for c in run) < 4 or any(run in text for text in header):
            continue
        if any(run in text for text in texts):
            return run
    return None
