"""What every format module shares: batch extras and the writer base class."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

from senim.privacy.readers._io import AtomicOutput, FileInfo
from senim.privacy.readers.errors import ScanOutputError
from senim.privacy.types import Batch

__all__ = ["BatchExtra", "FormatWriter", "extra_of"]


@dataclass(slots=True)
class BatchExtra:
    """``Batch.extra`` of every reader: the source's :class:`FileInfo` plus per-record data.

    ``records`` holds, per record, what the writer needs besides the scanned values (line
    terminators, raw CSV rows, parsed JSON values); ``None`` for formats that re-read the source.
    ``aux`` is format-specific batch-level data (JSON Lines: terminators, styles and a copy of
    the values as read, to re-serialise only the records whose values were replaced).
    """

    info: FileInfo
    records: list[object] | None = None
    aux: object = None


def extra_of(batch: Batch) -> BatchExtra | None:
    """The :class:`BatchExtra` of a batch, or ``None`` (error-only batches)."""
    extra = batch.extra
    return extra if isinstance(extra, BatchExtra) else None


class FormatWriter:
    """Writes the batches of one source back in its format, atomically.

    Subclasses implement :meth:`_write` (and :meth:`_finish` for a trailer). Use as a context
    manager: the output is moved into place on a clean exit and discarded on an exception.
    """

    def __init__(self, out: AtomicOutput, label: str) -> None:
        self.out = out
        self.label = label
        self.info: FileInfo | None = None
        self.next_record = 0
        self.records_written = 0
        self._started = False

    def write(self, batch: Batch) -> None:
        """Write one batch (batches must come in source order)."""
        extra = extra_of(batch)
        if extra is None:
            if batch.n_records:
                raise ScanOutputError(self.label, f"record {batch.first_record}", "batch without reader data")
            return
        if self.info is None:
            self.info = extra.info
        elif extra.info is not self.info:
            raise ScanOutputError(self.label, f"record {batch.first_record}", "batch from another source")
        if batch.first_record != self.next_record:
            raise ScanOutputError(
                self.label,
                f"record {batch.first_record}",
                f"batches out of order (expected {self.next_record})",
            )
        if not self._started:
            self._started = True
            self._start()
        self._write(batch, extra)
        self.next_record += batch.n_records
        self.records_written += batch.n_records

    def _write(self, batch: Batch, extra: BatchExtra) -> None:
        raise NotImplementedError

    def _start(self) -> None:
        """Write whatever precedes the first record (default: the source's BOM)."""
        if self.info is not None and self.info.bom:
            self.out.write(self.info.bom)

    def _finish(self) -> None:
        """Write whatever follows the last record (default: nothing)."""

    def close(self) -> None:
        """Finish and move the output into place (empty when the source could not be read at all)."""
        if self.out.closed:
            return
        try:
            if self.info is not None:  # None: no batch with reader data came (an unreadable source)
                if not self._started:
                    self._started = True
                    self._start()
                self._finish()
        except BaseException:
            self.out.abort()
            raise
        self.out.commit()

    def abort(self) -> None:
        """Discard the output."""
        self.out.abort()

    def __enter__(self) -> FormatWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def encode(self, text: str, first_record: int) -> bytes:
        """``text`` in the source's encoding, or a :class:`ScanOutputError` without the content."""
        assert self.info is not None
        try:
            return text.encode(self.info.codec)
        except UnicodeEncodeError:
            raise ScanOutputError(
                self.label,
                f"batch starting at record {first_record}",
                f"a redacted value cannot be encoded as {self.info.codec}",
            ) from None
