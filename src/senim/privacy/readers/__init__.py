"""Readers and redacting writers for every input format of the personal-data scanner.

Reading
-------
:func:`iter_batches` turns a path into :class:`~senim.privacy.types.Batch` objects (column-major
string values) in bounded memory, choosing the format by extension (``.gz`` is transparent,
classified by the inner name):

============================  =============================  ===================================
extension                     record                         field
============================  =============================  ===================================
``.txt .log .md`` / unknown   line (0-based)                 ``None``
``.csv .tsv``                 data row (0-based, no header)  header name (made unique)
``.json``                     top-level array index, else 0  key path ``client.phones[0]``
``.jsonl .ndjson``            line (0-based)                 key path
``.parquet``                  row                            string-like column name
folder                        per file, recursive, sorted    (hidden files skipped)
``-``                         standard input, as text        ``None``
============================  =============================  ===================================

Encodings: UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, cp1251 (detected when UTF-8
fails and the non-ASCII bytes are mostly Cyrillic letters) or any codec given as ``encoding=``.
Every source yields at least one batch (possibly with zero records) so writers can reproduce
empty sources. ``n_bytes`` counts the (decompressed) input bytes of a batch; for UTF-16/32 text
and Parquet it is an estimate, and so is the split between two CSV batches inside a block that
holds bare-CR line breaks (the per-source total is always exact).

Speed: text is read in blocks of about 1 MiB, decoded and split at C speed
(:meth:`~senim.privacy.readers._io.TextInput.blocks`); CSV hands clean blocks to :mod:`csv` as
whole strings; JSON Lines parses each line once and collects string leaves of flat objects with
one comprehension; Parquet reads only string-like columns. :func:`iter_units` leaves decoding and
parsing of text and JSON Lines to whoever scans them (worker processes), the reading process only
cutting the input into numbered blocks of whole lines. Writers re-serialise only what the
transform replaced where the format allows it (JSON Lines records, Parquet columns). Figures:
``benchmarks/pii_readers.py``.

Errors: ``on_error="fail"`` raises :class:`ScanInputError` (source, position, message — never the
content); ``"skip"`` appends a :class:`~senim.privacy.types.ReadError` to ``batch.errors`` and
goes on. A bad record stays a record with ``None`` values so numbering is never shifted; an error
after which a source cannot be read further (undecodable encoding, truncated ``.gz``, invalid JSON
document, corrupt Parquet footer) ends that source with an error-only batch (``extra=None``).
In a folder, unsupported binary files are always reported as an error-only batch and skipped.

Writing
-------
:func:`open_writer` ``(source, out)`` returns a writer for the batches read from ``source``::

    with open_writer("in.csv", "out.csv") as writer:
        for batch in iter_batches("in.csv"):
            writer.write(replace_values(batch))   # same batch, some values replaced

A writer takes the batches in order, replaces the values of the fields present in
``batch.columns`` and copies everything else from what the reader kept in ``batch.extra`` (or,
for Parquet, from the source itself): same format, record order, column order, dialect, encoding,
BOM, line terminators and compression. Output goes to a temporary file renamed into place when
the ``with`` block ends cleanly (:meth:`close`); on an exception nothing is left behind. For a
folder the output is a new folder mirroring the tree (built in a temporary sibling folder);
unsupported files are not copied. ``out="-"`` writes to standard output. Records that could not
be read are written empty (text line, CSV row of empty fields, JSON ``null``) so nothing
unscanned is copied. :func:`rewrite` does the loop above in one call.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import tempfile
import zlib
from collections.abc import Callable, Collection, Iterator
from pathlib import Path, PurePath
from types import TracebackType
from typing import Final, Literal, Protocol

import pyarrow as pa

from senim.privacy.readers._base import FormatWriter, extra_of
from senim.privacy.readers._io import (
    DEFAULT_BATCH_BYTES,
    DEFAULT_BATCH_RECORDS,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_RECORD_BYTES,
    AtomicOutput,
    FileInfo,
    ReadOptions,
    TextInput,
    detect_encoding,
    open_input,
)
from senim.privacy.readers.errors import (
    ErrorPolicy,
    OnError,
    ScanInputError,
    ScanIOError,
    ScanOutputError,
    UnsupportedInputError,
)
from senim.privacy.readers.jsonfmt import JsonDocumentWriter, JsonLinesWriter, read_json, read_jsonl
from senim.privacy.readers.parquet import ParquetWriter, read_parquet
from senim.privacy.readers.tables import CsvWriter, read_csv
from senim.privacy.readers.text import TextBlocks, TextWriter, read_text
from senim.privacy.types import Batch, ReadError

__all__ = [
    "DEFAULT_BATCH_BYTES",
    "DEFAULT_BATCH_RECORDS",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_RECORD_BYTES",
    "BatchWriter",
    "FolderWriter",
    "OnError",
    "ScanIOError",
    "ScanInputError",
    "ScanOutputError",
    "TextBlocks",
    "UnsupportedInputError",
    "detect_encoding",
    "detect_format",
    "iter_batches",
    "iter_files",
    "iter_units",
    "open_writer",
    "rewrite",
]

_EXTENSIONS: Final = {
    ".txt": "text",
    ".log": "text",
    ".md": "text",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_BINARY_EXTENSIONS: Final = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".webp",
        ".ico",
        ".heic",
        ".pdf",
        ".zip",
        ".7z",
        ".rar",
        ".tar",
        ".tgz",
        ".bz2",
        ".xz",
        ".zst",
        ".exe",
        ".dll",
        ".so",
        ".dylib",
        ".bin",
        ".o",
        ".a",
        ".class",
        ".jar",
        ".pyc",
        ".whl",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".sqlite",
        ".db",
        ".mp3",
        ".mp4",
        ".wav",
        ".avi",
        ".mov",
        ".mkv",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".iso",
        ".dmg",
        ".npy",
        ".npz",
        ".pkl",
        ".pickle",
        ".feather",
        ".arrow",
        ".avro",
        ".orc",
    }
)
# Exceptions of the standard library and pyarrow that mean "this input is broken".
_INPUT_FAILURES: Final = (
    OSError,
    EOFError,
    zlib.error,
    csv.Error,
    UnicodeError,
    RecursionError,
    pa.ArrowException,
)


#: Formats whose records are lines, which worker processes can decode and parse (:func:`iter_units`).
_LINE_FORMATS: Final[dict[str, Literal["text", "jsonl"]]] = {"text": "text", "jsonl": "jsonl"}


def detect_format(name: str) -> tuple[str | None, bool]:
    """``(format, gzipped)`` for a file name; format ``None`` for a known binary type.

    Formats: ``text``, ``csv``, ``tsv``, ``json``, ``jsonl``, ``parquet``; any unknown extension
    is ``text`` (the content is checked when read).
    """
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    suffix = PurePath(lower).suffix
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix], gz
    if suffix in _BINARY_EXTENSIONS:
        return None, gz
    return "text", gz


def iter_files(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, sorted, hidden files and folders (``.name``) skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def iter_batches(
    path: str | Path,
    *,
    batch_records: int = DEFAULT_BATCH_RECORDS,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    encoding: str | None = None,
    on_error: OnError = "fail",
    fields: Collection[str] | None = None,
    csv_delimiter: str | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Iterator[Batch]:
    """Read a file, a folder or standard input (``"-"``) as batches.

    Parameters
    ----------
    path
        A file, a folder (read recursively) or ``"-"``.
    batch_records, batch_bytes
        A batch ends when it holds this many records or this many input bytes.
    encoding
        A Python codec name; ``None`` detects (BOM, UTF-8, cp1251).
    on_error
        ``"fail"`` raises :class:`ScanInputError` at the first problem; ``"skip"`` records it in
        ``batch.errors`` and goes on.
    fields
        Only these fields (CSV/Parquet column names, JSON key paths or their prefixes).
    csv_delimiter
        The CSV delimiter; ``None`` sniffs it (``,`` ``;`` TAB ``|``; TAB for ``.tsv``).
    max_record_bytes
        Longest line, CSV row, JSON Lines line or JSON array element (a JSON document that is not
        an array counts as one record); longer ones are errors, never held in memory.
    max_depth
        Deepest JSON nesting accepted.

    Yields
    ------
    Batch
        Column-major values; ``batch.extra`` holds what :func:`open_writer` needs.

    Raises
    ------
    ScanInputError
        Under ``on_error="fail"``, with the source, position and a message without content.
    """
    options = ReadOptions(
        batch_records=batch_records,
        batch_bytes=batch_bytes,
        encoding=encoding,
        on_error=on_error,
        fields=frozenset(fields) if fields is not None else None,
        csv_delimiter=csv_delimiter,
        max_record_bytes=max_record_bytes,
        max_depth=max_depth,
    )
    for unit in _iterate(path, options, undecoded_text=False):
        assert isinstance(unit, Batch)
        yield unit


def iter_units(
    path: str | Path,
    *,
    batch_records: int = DEFAULT_BATCH_RECORDS,
    encoding: str | None = None,
    on_error: OnError = "fail",
) -> Iterator[Batch | TextBlocks]:
    """:func:`iter_batches` for a reader that hands the work to other processes.

    Plain text and JSON Lines in an ASCII-compatible encoding (UTF-8, cp1251…) come as
    :class:`TextBlocks`, lines cut at newlines but neither decoded nor parsed, which
    :meth:`TextBlocks.batches` turns into batches of the same records (without ``extra``: not for
    writing back) wherever it runs; everything else comes as batches. The reading process is then
    left with little more than reading.
    """
    options = ReadOptions(batch_records=batch_records, encoding=encoding, on_error=on_error)
    yield from _iterate(path, options, undecoded_text=True)


def _iterate(path: str | Path, options: ReadOptions, *, undecoded_text: bool) -> Iterator[Batch | TextBlocks]:
    if str(path) == "-":
        yield from _read_one(
            None, "-", "text", False, options, in_folder=False, undecoded_text=undecoded_text
        )
        return
    p = Path(path)
    if p.is_dir():
        for file in iter_files(p):
            fmt, gz = detect_format(file.name)
            yield from _read_one(
                file, str(file), fmt, gz, options, in_folder=True, undecoded_text=undecoded_text
            )
        return
    fmt, gz = detect_format(p.name)
    yield from _read_one(p, str(path), fmt, gz, options, in_folder=False, undecoded_text=undecoded_text)


def _read_one(
    path: Path | None,
    source: str,
    fmt: str | None,
    gz: bool,
    options: ReadOptions,
    *,
    in_folder: bool,
    undecoded_text: bool = False,
) -> Iterator[Batch | TextBlocks]:
    policy = ErrorPolicy(source, options.on_error)
    info = FileInfo(source, path, fmt or "binary", gz)
    next_record = 0
    try:
        if fmt is None:
            raise UnsupportedInputError(source, "file", "unsupported binary file type, not scanned")
        if fmt == "parquet":
            assert path is not None
            if not path.is_file():
                raise ScanInputError(source, "file", "not a readable file")
            for batch in read_parquet(path, info, options, policy):
                next_record = batch.first_record + batch.n_records
                yield batch
            return
        stream = open_input(path, source, gz)
        try:
            text = TextInput(stream, source, options)
            reader: Iterator[Batch]
            lines: Literal["text", "jsonl", None] = _LINE_FORMATS.get(fmt or "")
            if lines is not None and undecoded_text and text.ascii_compatible:
                decoder = text.decoder
                for raw in text.raw_blocks():
                    next_record = raw.first_line - 1
                    yield TextBlocks(source, raw, decoder, options, lines)
                    next_record += raw.n_lines
                if next_record == 0:  # every source yields something, an empty one an empty batch
                    yield Batch(source, 0, 0, {None: []} if fmt == "text" else {}, 0, [], None)
                return
            if fmt in ("csv", "tsv"):
                reader = read_csv(
                    text, info, options, policy, default_delimiter="\t" if fmt == "tsv" else ","
                )
            elif fmt == "json":
                reader = read_json(text, info, options, policy)
            elif fmt == "jsonl":
                reader = read_jsonl(text, info, options, policy)
            else:
                reader = read_text(text, info, options, policy)
            for batch in reader:
                next_record = batch.first_record + batch.n_records
                yield batch
        finally:
            stream.close()
    except UnsupportedInputError as exc:
        if options.on_error == "fail" and not in_folder:
            raise
        yield Batch(source, next_record, 0, {}, 0, [exc.to_read_error()], None)
    except ScanInputError as exc:
        if options.on_error == "fail":
            raise
        yield Batch(source, next_record, 0, {}, 0, [exc.to_read_error()], None)
    except _INPUT_FAILURES as exc:
        error = ScanInputError(source, f"record {next_record}", f"read failed ({type(exc).__name__})")
        if options.on_error == "fail":
            raise error from None
        yield Batch(source, next_record, 0, {}, 0, [error.to_read_error()], None)


class BatchWriter(Protocol):
    """What :func:`open_writer` returns (a format writer or a :class:`FolderWriter`)."""

    def write(self, batch: Batch) -> None:
        """Write one batch read from the source (in order)."""

    def close(self) -> None:
        """Finish and move the output into place."""

    def abort(self) -> None:
        """Discard the output."""

    def __enter__(self) -> BatchWriter: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


def open_writer(source: str | Path, out: str | Path) -> BatchWriter:
    """A writer reproducing ``source``'s format at ``out`` (see the module documentation).

    Parameters
    ----------
    source
        The path given to :func:`iter_batches` (file, folder or ``"-"``).
    out
        The output file (or folder for a folder source); ``"-"`` for standard output.

    Raises
    ------
    ScanOutputError
        When the output cannot be created (for a folder: ``out`` exists and is not empty).
    """
    target = None if str(out) == "-" else Path(out)
    if str(source) == "-":
        return TextWriter(AtomicOutput(target), str(out))
    p = Path(source)
    if p.is_dir():
        if target is None:
            raise ScanOutputError("-", "file", "a folder cannot be written to standard output")
        return FolderWriter(p, target)
    fmt, gz = detect_format(p.name)
    inner = p.name[:-3] if gz else p.name
    if fmt is None:
        raise ScanOutputError(str(out), "file", "unsupported binary file type, cannot be rewritten")
    atomic = AtomicOutput(target, gz=gz, gz_name=inner)
    label = str(out)
    try:
        if fmt == "parquet":
            return ParquetWriter(atomic, label, p, str(source), gz)
        writer_class: type[FormatWriter] = {
            "csv": CsvWriter,
            "tsv": CsvWriter,
            "json": JsonDocumentWriter,
            "jsonl": JsonLinesWriter,
        }.get(fmt, TextWriter)
        return writer_class(atomic, label)
    except BaseException:
        atomic.abort()
        raise


class FolderWriter:
    """Writes the batches of a folder source into a new folder mirroring its tree.

    Files are written in a temporary sibling folder renamed to ``out`` on :meth:`close`; sources
    that produced no readable data (unsupported or unreadable files) are not written.
    """

    def __init__(self, root: Path, out: Path) -> None:
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise ScanOutputError(str(out), "folder", "the output folder exists and is not empty")
        out.parent.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.out = out
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        self._current: BatchWriter | None = None
        self._current_source: str | None = None
        self.closed = False

    def write(self, batch: Batch) -> None:
        """Route the batch to the writer of its source file."""
        if batch.source != self._current_source:
            if self._current is not None:
                self._current.close()
                self._current = None
            self._current_source = batch.source
            if extra_of(batch) is None:
                return
            rel = os.path.relpath(batch.source, self.root)
            if rel.startswith(".."):
                raise ScanOutputError(
                    str(self.out), f"record {batch.first_record}", "batch from outside the folder"
                )
            self._current = open_writer(batch.source, self._tmp / rel)
        if self._current is not None:
            self._current.write(batch)

    def close(self) -> None:
        """Finish the last file and move the folder into place."""
        if self.closed:
            return
        self.closed = True
        try:
            if self._current is not None:
                self._current.close()
            if self.out.exists():
                self.out.rmdir()
            os.replace(self._tmp, self.out)
        except BaseException:
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise

    def abort(self) -> None:
        """Discard everything written."""
        if self.closed:
            return
        self.closed = True
        if self._current is not None:
            with contextlib.suppress(Exception):
                self._current.abort()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> FolderWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def rewrite(
    source: str | Path,
    out: str | Path,
    transform: Callable[[Batch], Batch],
    **read_options: object,
) -> list[ReadError]:
    """Read ``source``, pass every batch through ``transform`` and write the result to ``out``.

    ``read_options`` are those of :func:`iter_batches`. Returns the errors recorded in the
    batches (``on_error="skip"``); on an exception nothing is written.
    """
    errors: list[ReadError] = []
    with open_writer(source, out) as writer:
        for batch in iter_batches(source, **read_options):  # type: ignore[arg-type]
            errors.extend(batch.errors)
            writer.write(transform(batch))
    return errors
