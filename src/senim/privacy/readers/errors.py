"""Errors of the readers and writers, and the ``on_error`` policy.

Every message names the source and a position (``line 17``, ``record 40``, ``byte 1024``,
``row group 3``, ``character 88``) and describes what is wrong; it never quotes the content of a
record, so an error can be logged without leaking personal data.
"""

from __future__ import annotations

from typing import Literal

from senim.privacy.types import ReadError

__all__ = [
    "ErrorPolicy",
    "OnError",
    "ScanIOError",
    "ScanInputError",
    "ScanOutputError",
    "UnsupportedInputError",
]

OnError = Literal["fail", "skip"]


class ScanIOError(Exception):
    """Base class: a problem with a source or an output at a given position."""

    def __init__(self, source: str, position: str, message: str) -> None:
        super().__init__(f"{source}: {position}: {message}")
        self.source = source
        self.position = position
        self.message = message

    def __reduce__(self) -> tuple[type[ScanIOError], tuple[str, str, str]]:
        # raised in a worker process, re-raised in the main one: rebuilt from its three parts
        return (type(self), (self.source, self.position, self.message))

    def to_read_error(self) -> ReadError:
        """The same problem as a :class:`~senim.privacy.types.ReadError` record."""
        return ReadError(self.source, self.position, self.message)


class ScanInputError(ScanIOError):
    """An input that cannot be read (malformed record, undecodable bytes, corrupt container)."""


class UnsupportedInputError(ScanInputError):
    """A file that is not text nor a supported format (images, archives, office files…).

    Inside a folder such files are reported (an error-only batch) and skipped, whatever
    ``on_error`` says; given explicitly they follow ``on_error``.
    """


class ScanOutputError(ScanIOError):
    """A redacted output that cannot be written (e.g. a value the output encoding cannot hold)."""


class ErrorPolicy:
    """Applies ``on_error`` to one source: raise at once (``"fail"``) or record and go on (``"skip"``).

    Parameters
    ----------
    source
        The source name used in every error.
    on_error
        ``"fail"`` raises :class:`ScanInputError`; ``"skip"`` returns a :class:`ReadError` that the
        reader appends to the batch being built.
    """

    __slots__ = ("on_error", "source")

    def __init__(self, source: str, on_error: OnError) -> None:
        if on_error not in ("fail", "skip"):
            raise ValueError(f"on_error must be 'fail' or 'skip', not {on_error!r}")
        self.source = source
        self.on_error: OnError = on_error

    def report(self, position: str, message: str) -> ReadError:
        """Raise under ``"fail"``; otherwise return the error to record."""
        if self.on_error == "fail":
            raise ScanInputError(self.source, position, message)
        return ReadError(self.source, position, message)

    def fatal(self, position: str, message: str) -> ScanInputError:
        """An error after which the source cannot be read further (the caller raises it)."""
        return ScanInputError(self.source, position, message)
