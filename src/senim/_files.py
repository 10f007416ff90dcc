"""Atomic file output: write beside the target, flush to disk, rename into place.

One place for what every writer of Senim needs (command outputs, redacted copies, labelled media):
a reader of the target sees either the old file or the complete new one, never a part; on any
failure the temporary file is removed and the target is left untouched.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "new_file_mode", "open_temp_beside", "write_temp_beside"]

_UMASK_LINE = re.compile(rb"^Umask:\s*([0-7]+)\s*$", re.MULTILINE)


@functools.cache
def _umask() -> int:
    """The process umask, read without changing it where the platform allows (Linux)."""
    try:
        found = _UMASK_LINE.search(Path("/proc/self/status").read_bytes())
    except OSError:
        found = None
    if found is not None:
        return int(found.group(1), 8)
    mask = os.umask(0o022)  # elsewhere: read it by setting it, once per process
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The permissions a newly created file would get (``0o666`` less the umask)."""
    return 0o666 & ~_umask()


def open_temp_beside(target: Path, *, suffix: str = ".tmp") -> tuple[int, Path]:
    """Create an empty temporary file in ``target``'s folder (mode 0600); its descriptor and path."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    return fd, Path(name)


def write_temp_beside(data: bytes, target: Path, *, suffix: str = ".part", mode: int | None = None) -> Path:
    """Write ``data`` to a temporary file beside ``target``, flushed to disk; its path.

    The file gets ``mode`` (default: the permissions of a new file). Nothing is left behind when
    writing fails.
    """
    fd, tmp = open_temp_beside(target, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, new_file_mode() if mode is None else mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write_bytes(data: bytes, target: Path, *, mode: int | None = None) -> None:
    """Replace ``target`` with ``data`` atomically (the folder must exist)."""
    tmp = write_temp_beside(data, target, suffix=".tmp", mode=mode)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
