"""Apache Parquet: string-like columns (``string``, ``large_string``, ``string_view`` and
dictionaries of those) read with column projection, one row group at a time.

Record = row index. Other columns (numbers, dates, binary, nested types) are not scanned; the
writer copies them untouched by re-reading the source, and writes the replaced string columns
with their original types into a file with the same schema (metadata included), Snappy-compressed.
"""

from __future__ import annotations

import contextlib
import gzip
import operator
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from senim.privacy.readers._base import BatchExtra, FormatWriter
from senim.privacy.readers._io import AtomicOutput, FileInfo, ReadOptions
from senim.privacy.readers.errors import ErrorPolicy, ScanInputError, ScanOutputError
from senim.privacy.types import Batch, ReadError

__all__ = ["ParquetWriter", "is_string_type", "open_parquet", "read_parquet", "string_values"]


def is_string_type(t: pa.DataType) -> bool:
    """True for string, large_string, string_view and dictionaries of them."""
    if pa.types.is_dictionary(t):
        return is_string_type(t.value_type)
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t))


def string_values(column: pa.Array | pa.ChunkedArray) -> list[str | None]:
    """Python strings (``None`` for nulls) of a string-like column.

    Dictionary columns go through NumPy, which converts each distinct value once (about ten
    times faster than ``to_pylist`` on low-cardinality columns); plain strings use ``to_pylist``.
    """
    if isinstance(column, pa.ChunkedArray):  # chunk by chunk: a chunked dictionary loses its nulls in NumPy
        return [value for chunk in column.chunks for value in string_values(chunk)]
    if pa.types.is_dictionary(column.type):
        return column.to_numpy(zero_copy_only=False).tolist()  # type: ignore[no-any-return]
    return column.to_pylist()  # type: ignore[no-any-return]


def _arrow_message(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def open_parquet(path: Path, source: str, gz: bool) -> tuple[pq.ParquetFile, IO[bytes] | None]:
    """A :class:`pyarrow.parquet.ParquetFile` (a ``.gz`` is first inflated to a temporary file)."""
    spool: IO[bytes] | None = None
    try:
        if gz:
            spool = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller
            with gzip.open(path, "rb") as z:
                shutil.copyfileobj(z, spool, 1 << 20)
            spool.seek(0)
            return pq.ParquetFile(spool), spool
        return pq.ParquetFile(path), None
    except (EOFError, gzip.BadGzipFile) as exc:
        if spool is not None:
            spool.close()
        raise ScanInputError(
            source, "file", f"truncated or corrupt gzip stream ({type(exc).__name__})"
        ) from None
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:  # UnicodeDecodeError: a column name
        if spool is not None:
            spool.close()
        raise ScanInputError(source, "file", f"not a readable Parquet file: {_arrow_message(exc)}") from None


def read_parquet(path: Path, info: FileInfo, options: ReadOptions, policy: ErrorPolicy) -> Iterator[Batch]:
    """Batches of the string-like columns of a Parquet file."""
    source = info.source
    if path.stat().st_size == 0 and not info.gz:
        yield Batch(source, 0, 0, {}, 0, [], BatchExtra(info))
        return
    pf, spool = open_parquet(path, source, info.gz)
    try:
        schema = pf.schema_arrow
        names = [f.name for f in schema if is_string_type(f.type) and options.wants(f.name)]
        meta = pf.metadata
        total_rows = max(meta.num_rows, 1)
        file_size = path.stat().st_size
        first = 0
        for rg in range(meta.num_row_groups):
            rg_rows = meta.row_group(rg).num_rows
            done = 0
            errors: list[ReadError] = []
            try:
                if not names:
                    for start in range(0, rg_rows, options.batch_records):
                        n = min(options.batch_records, rg_rows - start)
                        yield Batch(source, first, n, {}, file_size * n // total_rows, [], BatchExtra(info))
                        first += n
                        done += n
                    continue
                for rb in pf.iter_batches(batch_size=options.batch_records, row_groups=[rg], columns=names):
                    n = rb.num_rows
                    columns: dict[str | None, list[str | None]] = {
                        name: string_values(rb.column(i)) for i, name in enumerate(rb.schema.names)
                    }
                    read = {name: list(col) for name, col in columns.items()}  # to spot replaced values
                    extra = BatchExtra(info, aux=read)
                    yield Batch(source, first, n, columns, file_size * n // total_rows, [], extra)
                    first += n
                    done += n
            except (pa.ArrowException, OSError) as exc:
                errors.append(policy.report(f"row group {rg}", f"unreadable: {_arrow_message(exc)}"))
                n = rg_rows - done
                columns = {name: [None] * n for name in names}
                yield Batch(source, first, n, columns, 0, errors, BatchExtra(info))
                first += n
        if first == 0:
            yield Batch(source, 0, 0, {}, 0, [], BatchExtra(info))
    finally:
        if spool is not None:
            spool.close()


class ParquetWriter(FormatWriter):
    """Writes a Parquet file with the source's schema (Snappy); string columns from the batches.

    Columns not in ``batch.columns`` (non-string ones, or strings left out by ``fields``) are copied
    from the source, which the writer re-reads in step with the batches.
    """

    def __init__(self, out: AtomicOutput, label: str, source_path: Path, source: str, gz: bool) -> None:
        super().__init__(out, label)
        self._source = source
        self._writer: Any = None
        self._spool: IO[bytes] | None = None
        self._empty = not gz and source_path.stat().st_size == 0
        if self._empty:  # an empty source is written back empty
            return
        self._pf, self._spool = open_parquet(source_path, source, gz)
        self._schema: pa.Schema = self._pf.schema_arrow
        # The copy is always Snappy-compressed: reading the source's codec from its column-chunk
        # metadata aborts the whole process (a C++ exception through pyarrow) when the codec id is
        # invalid, which a crafted file can arrange (found by fuzzing).
        codec = "snappy"
        self._rows: Iterator[pa.RecordBatch] = self._pf.iter_batches(batch_size=65536)
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0
        self._codec = codec

    def _start(self) -> None:
        if self._empty:
            return
        try:
            self._writer = pq.ParquetWriter(self.out.stream, self._schema, compression=self._codec)
        except (pa.ArrowException, ValueError):
            self._writer = pq.ParquetWriter(self.out.stream, self._schema)

    def _take(self, n: int) -> pa.Table:
        try:
            while self._pending_rows < n:
                rb = next(self._rows)
                self._pending.append(rb)
                self._pending_rows += rb.num_rows
        except StopIteration:
            raise ScanOutputError(
                self.label, f"record {self.next_record}", "more records than the source"
            ) from None
        except (pa.ArrowException, OSError) as exc:
            raise ScanInputError(self._source, f"record {self.next_record}", _arrow_message(exc)) from None
        table = pa.Table.from_batches(self._pending, schema=self._schema)
        taken, rest = table.slice(0, n), table.slice(n)
        self._pending = rest.to_batches()
        self._pending_rows = rest.num_rows
        return taken

    def _write(self, batch: Batch, extra: BatchExtra) -> None:
        if self._empty:
            return
        table = self._take(batch.n_records)
        read = extra.aux if isinstance(extra.aux, dict) else {}
        for name, values in batch.columns.items():
            if name is None:
                continue
            original = read.get(name)
            if (
                original is not None
                and len(original) == len(values)
                and all(map(operator.is_, values, original))
            ):
                continue  # every value as read: keep the source column (and its encoding)
            idx = self._schema.get_field_index(name)
            if idx < 0 or not is_string_type(self._schema.field(idx).type):
                continue
            ftype = self._schema.field(idx).type
            try:
                arr = pa.array(values, type=pa.string())
                if not arr.type.equals(ftype):
                    arr = arr.cast(ftype)
            except (pa.ArrowException, TypeError) as exc:
                raise ScanOutputError(
                    self.label, f"record {batch.first_record}", f"column {name!r}: {type(exc).__name__}"
                ) from None
            table = table.set_column(idx, self._schema.field(idx), arr)
        self._writer.write_table(table)

    def _finish(self) -> None:
        if self._writer is not None:
            self._writer.close()

    def close(self) -> None:
        """Finish the file, move it into place and release the source."""
        try:
            super().close()
        finally:
            self._release()

    def abort(self) -> None:
        """Discard the output and release the source."""
        try:
            if self._writer is not None:
                with contextlib.suppress(pa.ArrowException, OSError, ValueError):
                    self._writer.close()
            super().abort()
        finally:
            self._release()

    def _release(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None
