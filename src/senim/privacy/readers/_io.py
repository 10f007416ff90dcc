"""Byte-level plumbing shared by every reader and writer.

- :class:`ReadOptions`: the knobs of :func:`senim.privacy.readers.iter_batches`;
- :func:`open_input`: a source (path, ``.gz`` or standard input) as a guarded binary stream;
- :func:`detect_encoding`: BOM, UTF-8, cp1251 (common in Kazakh legacy data) or binary;
- :class:`TextInput`: decoded lines (with their terminators, byte counts and per-line errors) or
  decoded text chunks, in bounded memory;
- :class:`AtomicOutput`: a temporary file renamed over the target on success (``.gz`` on request).
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import gzip
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import IO, Final

from senim._files import open_temp_beside
from senim.privacy.readers.errors import (
    ErrorPolicy,
    OnError,
    ScanInputError,
    ScanOutputError,
    UnsupportedInputError,
)

__all__ = [
    "CHUNK_BYTES",
    "DEFAULT_BATCH_BYTES",
    "DEFAULT_BATCH_RECORDS",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_RECORD_BYTES",
    "AtomicOutput",
    "BlockDecoder",
    "Detected",
    "FileInfo",
    "Line",
    "LineBlock",
    "RawBlock",
    "ReadOptions",
    "TextInput",
    "detect_encoding",
    "open_input",
]

DEFAULT_BATCH_RECORDS: Final = 8192
DEFAULT_BATCH_BYTES: Final = 4 * 1024 * 1024
DEFAULT_MAX_RECORD_BYTES: Final = 64 * 1024 * 1024
DEFAULT_MAX_DEPTH: Final = 100
CHUNK_BYTES: Final = 1024 * 1024
SAMPLE_BYTES: Final = 64 * 1024

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (TAB, LF, VT, FF, CR and ESC excluded).
_CONTROL: Final = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])
_HIGH: Final = bytes(range(0x80, 0x100))
_CP1251_LETTERS: Final = bytes([*range(0xC0, 0x100), 0xA8, 0xB8, 0xAA, 0xBA, 0xAF, 0xBF, 0xB2, 0xB3])


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Reader settings (see :func:`senim.privacy.readers.iter_batches`)."""

    batch_records: int = DEFAULT_BATCH_RECORDS
    batch_bytes: int = DEFAULT_BATCH_BYTES
    encoding: str | None = None
    on_error: OnError = "fail"
    fields: frozenset[str] | None = None
    csv_delimiter: str | None = None
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH

    def __post_init__(self) -> None:
        if self.batch_records < 1 or self.batch_bytes < 1:
            raise ValueError("batch_records and batch_bytes must be positive")
        if self.max_record_bytes < 1 or self.max_depth < 1:
            raise ValueError("max_record_bytes and max_depth must be positive")
        if self.on_error not in ("fail", "skip"):
            raise ValueError(f"on_error must be 'fail' or 'skip', not {self.on_error!r}")
        if self.csv_delimiter is not None and len(self.csv_delimiter) != 1:
            raise ValueError("csv_delimiter must be a single character")

    def wants(self, name: str) -> bool:
        """True when field ``name`` (a column or a JSON key path) is selected by ``fields``."""
        if self.fields is None:
            return True
        if name in self.fields:
            return True
        return any(name.startswith(f + ".") or name.startswith(f + "[") for f in self.fields)


@dataclass(slots=True)
class FileInfo:
    """What a writer needs to reproduce a source, shared by all batches of that source.

    ``final_newline`` and the JSON-specific attributes are filled in while reading; they are final
    once the last batch of the source has been yielded.
    """

    source: str
    path: Path | None
    format: str
    gz: bool
    codec: str = "utf-8"
    bom: bytes = b""
    final_newline: bool = True
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Detected:
    """A detected encoding: a Python codec name and the BOM found (and skipped) at the start."""

    codec: str
    bom: bytes


class _UnreadableError(ValueError):
    def __init__(self, position: str, message: str, *, binary: bool = False) -> None:
        super().__init__(message)
        self.position = position
        self.message = message
        self.binary = binary


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    nul = sample.count(0)
    if nul > max(1, len(sample) // 1000):
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control * 20 > len(sample)


def _looks_cp1251(sample: bytes) -> bool:
    if 0x98 in sample:  # the one byte cp1251 leaves undefined
        return False
    high = len(sample) - len(sample.translate(None, _HIGH))
    if high == 0:
        return False
    letters = len(sample) - len(sample.translate(None, _CP1251_LETTERS))
    return letters * 10 >= high * 7


def detect_encoding(sample: bytes, *, complete: bool, given: str | None = None) -> Detected:
    """Guess the encoding of a text source from its first bytes.

    Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); binary content (NUL or control bytes) is
    rejected; strict UTF-8; cp1251 when the non-ASCII bytes are mostly Cyrillic letters. ``given``
    (any Python codec name) skips the guessing but a matching BOM is still skipped.

    Parameters
    ----------
    sample
        The first bytes of the source.
    complete
        True when ``sample`` is the whole source (a multi-byte character cut at the end of a
        partial sample is then an error).
    given
        An encoding named by the user, or ``None``.

    Raises
    ------
    ValueError
        (a private subclass) with the byte position when no encoding fits or the codec is unknown.
    """
    if given is not None:
        try:
            name = codecs.lookup(given).name
        except LookupError:
            raise _UnreadableError("file", f"unknown encoding {given!r}") from None
        if name in ("utf-8-sig", "utf-8"):
            bom = codecs.BOM_UTF8 if sample.startswith(codecs.BOM_UTF8) else b""
            return Detected("utf-8", bom)
        if name in ("utf-16", "utf-32"):
            for bom, codec in _BOMS:
                if codec.startswith(name) and sample.startswith(bom):
                    return Detected(codec, bom)
            return Detected(name + "-le", b"")
        return Detected(name, b"")
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return Detected(codec, bom)
    if _looks_binary(sample):
        raise _UnreadableError("byte 0", "binary content (NUL or control bytes), not text", binary=True)
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=complete)
    except UnicodeDecodeError as exc:
        if _looks_cp1251(sample):
            return Detected("cp1251", b"")
        raise _UnreadableError(
            f"byte {exc.start}", "not valid UTF-8 and not recognisable cp1251 text; pass encoding="
        ) from None
    return Detected("utf-8", b"")


class _GuardedStream:
    """A binary stream whose decompression/IO errors become :class:`ScanInputError`."""

    __slots__ = ("_raw", "_source", "position")

    def __init__(self, raw: IO[bytes] | gzip.GzipFile, source: str) -> None:
        self._raw = raw
        self._source = source
        self.position = 0

    def read(self, n: int) -> bytes:
        try:
            data = self._raw.read(n)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise ScanInputError(
                self._source,
                f"byte {self.position}",
                f"truncated or corrupt gzip stream ({type(exc).__name__})",
            ) from None
        except OSError as exc:
            raise ScanInputError(
                self._source, f"byte {self.position}", f"read failed: {exc.strerror or type(exc).__name__}"
            ) from None
        self.position += len(data)
        return data

    def close(self) -> None:
        self._raw.close()


def open_input(path: Path | None, source: str, gz: bool) -> _GuardedStream:
    """Open a source as a binary stream (``path=None`` means standard input)."""
    try:
        if path is None:
            raw: IO[bytes] | gzip.GzipFile = sys.stdin.buffer
            if gz:
                raw = gzip.GzipFile(fileobj=raw, mode="rb")
        elif gz:
            raw = gzip.GzipFile(path, "rb")
        else:
            raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise ScanInputError(source, "file", f"cannot open: {exc.strerror or type(exc).__name__}") from None
    return _GuardedStream(raw, source)


@dataclass(slots=True)
class Line:
    """One decoded line: text without terminator (``None`` when unreadable) and what follows it."""

    text: str | None
    term: str
    n_bytes: int
    number: int  # 1-based line number
    error: str | None = None
    has_nul: bool = False


@dataclass(slots=True)
class LineBlock:
    """Consecutive lines decoded in one go (a chunk of about 1 MiB cut after its last newline).

    ``texts[k]`` is line ``first_line + k`` (1-based) without its terminator, ``None`` when it
    could not be read (``errors[k]`` says why: undecodable, longer than ``max_record_bytes``);
    ``terms[k]`` is ``"\\n"``, ``"\\r\\n"`` or ``""`` (last line of a file without a final newline).
    ``text`` is the whole decoded block, terminators included, when every line is readable and
    NUL-free (``None`` otherwise); ``n_bytes`` counts the block's input bytes.
    """

    texts: list[str | None]
    terms: list[str]
    n_bytes: int
    first_line: int
    errors: dict[int, str] = field(default_factory=dict)
    text: str | None = None
    nul: bool = False
    raw: bytes | None = None
    _ends: list[int] | None = None
    _cut: tuple[int, int, int] = (0, 0, 0)  # the last (lines, characters, offset) of offset_after

    def ends(self) -> list[int]:
        """Byte offset, within the block, just after each line's terminator (computed at C speed)."""
        if self._ends is None:
            if self.raw is None:  # pragma: no cover - blocks without raw bytes set _ends
                raise ValueError("line offsets unknown")
            pieces = self.raw.split(b"\n")
            if len(pieces) > len(self.texts):  # terminated block: drop the empty tail piece
                pieces.pop()
            ends = list(accumulate(map((1).__add__, map(len, pieces))))
            if ends and ends[-1] > self.n_bytes:  # last line without newline
                ends[-1] = self.n_bytes
            self._ends = ends
            self.raw = None
        return self._ends

    def offset_after(self, j: int) -> int:
        """Byte offset, within the block, just after the first ``j`` lines."""
        if j <= 0:
            return 0
        if j >= len(self.texts):
            return self.n_bytes
        if self._ends is not None or self.raw is None or self.text is None:
            return self.ends()[j - 1]
        # Guess from the character offset, then correct by counting newlines (C speed, few steps).
        raw = self.raw
        j0, c0, p0 = self._cut
        if j < j0:
            j0, c0, p0 = 0, 0, 0
        chars = c0 + sum(map(len, self.texts[j0:j])) + sum(map(len, self.terms[j0:j]))  # type: ignore[arg-type]
        pos = min(chars * len(raw) // max(len(self.text), 1), len(raw))
        seen = j0 + raw.count(b"\n", p0, pos) if pos >= p0 else raw.count(b"\n", 0, pos)
        if seen < j:
            while seen < j:
                pos = raw.index(b"\n", pos) + 1
                seen += 1
        else:
            while True:
                pos = raw.rindex(b"\n", 0, pos)  # the ``seen``-th newline
                if seen == j:
                    pos += 1
                    break
                seen -= 1
        self._cut = (j, chars, pos)
        return pos

    def bytes_between(self, i: int, j: int) -> int:
        """Input bytes of lines ``i`` to ``j - 1`` of the block."""
        if i == 0 and j >= len(self.texts):
            return self.n_bytes
        return self.offset_after(j) - self.offset_after(i)


class gc_paused:  # noqa: N801 - used like a function: ``with gc_paused():``
    """Pause the cyclic garbage collector around C-level bulk parsing (rows, JSON values).

    Parsers allocate millions of short-lived containers that hold no reference cycles; the
    collector's generation-0 passes then cost 20-30 % of the parse. Restores the previous state.
    """

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was:
            gc.enable()


@dataclass(frozen=True, slots=True)
class RawBlock:
    """Whole lines as read, not yet decoded (:meth:`TextInput.raw_blocks`).

    ``data`` holds the lines from ``first_line`` (1-based) on, each with its newline but for the
    last line of a file without one (``terminated`` false). A line longer than
    ``max_record_bytes`` comes alone and without its bytes: ``too_long`` counts them and ``term``
    is its terminator. ``offset`` places the block in the source.
    """

    data: bytes
    first_line: int
    n_lines: int
    terminated: bool
    too_long: int = -1
    term: str = ""
    offset: int = 0  # byte offset of the block in the source (a BOM counted), for error positions

    @property
    def n_bytes(self) -> int:
        """Input bytes of the block."""
        return self.too_long if self.too_long >= 0 else len(self.data)


@dataclass(frozen=True, slots=True)
class BlockDecoder:
    """Turns :class:`RawBlock` into :class:`LineBlock` for one source's codec and line limit."""

    codec: str
    max_record_bytes: int

    def _too_long(self, n_bytes: int, number: int, term: str) -> LineBlock:
        message = f"line longer than {self.max_record_bytes} bytes"
        return LineBlock([None], [term], n_bytes, number, {0: message}, _ends=[n_bytes])

    def decode(self, raw: RawBlock) -> LineBlock:
        """The block's lines, decoded (undecodable and over-long lines as ``None`` with an error)."""
        if raw.too_long >= 0:
            return self._too_long(raw.too_long, raw.first_line, raw.term)
        return self._decode_block(raw.data, raw.first_line, terminated=raw.terminated, offset=raw.offset)

    def _decode_block(self, data: bytes, number: int, *, terminated: bool, offset: int) -> LineBlock:
        codec = self.codec
        cap = self.max_record_bytes
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return self._decode_lines(data, number, terminated=terminated, offset=offset)
        if not terminated:  # the last line of the file, without a newline: kept as it is
            return self._checked(LineBlock([text], [""], len(data), number, text=text, raw=data), cap)
        texts = text.split("\n")
        texts.pop()
        n = len(texts)
        if "\r" not in text:
            terms = ["\n"] * n
        elif text.count("\r\n") == n:
            texts = text.split("\r\n")
            texts.pop()
            terms = ["\r\n"] * n
        else:
            terms = ["\r\n" if t.endswith("\r") else "\n" for t in texts]
            texts = [t[:-1] if t.endswith("\r") else t for t in texts]
        block = LineBlock(texts, terms, len(data), number, text=text, raw=data)  # type: ignore[arg-type]
        return self._checked(block, cap)

    @staticmethod
    def _checked(block: LineBlock, cap: int) -> LineBlock:
        """Flag over-long lines (only looked for when the block itself is longer than ``cap``) and NUL."""
        if block.n_bytes > cap:
            ends = block.ends()
            start = 0
            for k, end in enumerate(ends):
                if end - start - len(block.terms[k]) > cap:
                    block.texts[k] = None
                    block.errors[k] = f"line longer than {cap} bytes"
                start = end
        if block.raw is not None and block.text is not None:
            block.nul = b"\0" in block.raw  # NUL bytes are NUL characters in ASCII-compatible codecs
        elif block.text is not None and "\0" in block.text:
            block.nul = True
        if block.errors or block.nul:
            block.text = None
        return block

    def _decode_lines(self, data: bytes, number: int, *, terminated: bool, offset: int) -> LineBlock:
        """Slow path for a block with undecodable bytes: decode line by line (``offset``: the block's
        byte offset in the source, so that an error names the byte's place in the file)."""
        codec = self.codec
        pieces = data.split(b"\n")
        if terminated:
            pieces.pop()
        texts: list[str | None] = []
        terms: list[str] = []
        ends: list[int] = []
        errors: dict[int, str] = {}
        position = offset
        for k, piece in enumerate(pieces):
            start = position
            position += len(piece) + terminated
            ends.append(position - offset)
            raw, term = piece, ""
            if terminated:
                term = "\n"
                if raw.endswith(b"\r"):
                    raw, term = raw[:-1], "\r\n"
            terms.append(term)
            try:
                texts.append(raw.decode(codec))
            except UnicodeDecodeError as exc:
                texts.append(None)
                errors[k] = f"cannot decode as {codec} at byte {start + exc.start}"
        block = LineBlock(texts, terms, len(data), number, errors, _ends=ends)
        block.nul = any(t is not None and "\0" in t for t in texts)
        return self._checked(block, self.max_record_bytes)


class TextInput:
    """A decoded view of a binary stream: lines or text chunks, in bounded memory.

    Parameters
    ----------
    stream
        The guarded binary stream (:func:`open_input`).
    source
        The source name for errors.
    options
        Reader options (``encoding``, ``max_record_bytes``).
    """

    def __init__(self, stream: _GuardedStream, source: str, options: ReadOptions) -> None:
        self.stream = stream
        self.source = source
        self.options = options
        sample = stream.read(SAMPLE_BYTES)
        complete = len(sample) < SAMPLE_BYTES
        try:
            self.detected = detect_encoding(sample, complete=complete, given=options.encoding)
        except _UnreadableError as exc:
            if exc.binary:
                raise UnsupportedInputError(source, exc.position, exc.message) from None
            raise ScanInputError(source, exc.position, exc.message) from None
        self._first = sample[len(self.detected.bom) :]
        self._offset0 = len(self.detected.bom)
        codec = self.detected.codec
        self.ascii_compatible = not codec.startswith(("utf-16", "utf-32")) and _newline_safe(codec)

    @property
    def head(self) -> bytes:
        """The first bytes after the BOM (at most 64 KiB), as read for detection."""
        return self._first

    def _chunks(self) -> Iterator[bytes]:
        if self._first:
            yield self._first
        while True:
            chunk = self.stream.read(CHUNK_BYTES)
            if not chunk:
                return
            yield chunk

    def lines(self) -> Iterator[Line]:
        """Every line with its terminator (``\\n``, ``\\r\\n`` or ``""`` at the end of the file).

        Undecodable lines and lines longer than ``max_record_bytes`` come out with ``text=None``
        and ``error`` set; an over-long line is skipped without being held in memory.
        """
        if self.ascii_compatible:
            return self._lines_bytes()
        return self._lines_text()

    def blocks(self) -> Iterator[LineBlock]:
        """The lines in blocks of about 1 MiB, decoded a block at a time (fast path of :meth:`lines`).

        Same lines, terminators, numbering and errors as :meth:`lines`; a line longer than
        ``max_record_bytes`` is never held in memory beyond one chunk plus that limit.
        """
        if not self.ascii_compatible:
            yield from self._blocks_of_lines(self._lines_text())
            return
        decode = self.decoder.decode
        for raw in self.raw_blocks():
            yield decode(raw)

    @property
    def decoder(self) -> BlockDecoder:
        """Decodes :meth:`raw_blocks` (picklable: a worker process can decode what this one read)."""
        return BlockDecoder(self.detected.codec, self.options.max_record_bytes)

    def raw_blocks(self) -> Iterator[RawBlock]:
        """:meth:`blocks` before decoding: whole lines, about 1 MiB at a time (ASCII-compatible codecs).

        Only newline bytes are looked for here (in these codecs a newline byte is always a
        newline), so the reading process can leave decoding and everything after it to others.
        """
        if not self.ascii_compatible:
            raise ValueError(f"{self.detected.codec} is not ASCII-compatible: use blocks()")
        cap = self.options.max_record_bytes
        number = 1
        at = self._offset0  # byte offset in the source of the next block
        pending: list[bytes] = []
        pending_len = 0
        skipping = -1  # bytes of an over-long line skipped so far, or -1
        skipped_cr = False  # the skipped bytes end with CR
        for chunk in self._chunks():
            if skipping >= 0:
                nl = chunk.find(b"\n")
                if nl < 0:
                    skipping += len(chunk)
                    skipped_cr = chunk.endswith(b"\r")
                    continue
                crlf = chunk[nl - 1] == 13 if nl else skipped_cr
                yield RawBlock(b"", number, 1, True, skipping + nl + 1, "\r\n" if crlf else "\n", at)
                at += skipping + nl + 1
                number += 1
                skipping = -1
                chunk = chunk[nl + 1 :]  # noqa: PLW2901 - the rest of this chunk
            last = chunk.rfind(b"\n")
            if last < 0:
                pending.append(chunk)
                pending_len += len(chunk)
                if pending_len > cap:
                    skipping, pending, pending_len = pending_len, [], 0
                    skipped_cr = chunk.endswith(b"\r")
                continue
            if pending:
                pending.append(chunk[: last + 1])
                data = b"".join(pending)
            else:
                data = chunk[: last + 1] if last + 1 < len(chunk) else chunk
            tail = chunk[last + 1 :]
            pending, pending_len = ([tail], len(tail)) if tail else ([], 0)
            if pending_len > cap:
                skipping, pending, pending_len = pending_len, [], 0
                skipped_cr = tail.endswith(b"\r")
            lines = data.count(b"\n")
            yield RawBlock(data, number, lines, True, offset=at)
            at += len(data)
            number += lines
        if skipping >= 0:
            yield RawBlock(b"", number, 1, False, skipping, "", at)
        elif pending:
            yield RawBlock(b"".join(pending), number, 1, False, offset=at)

    @staticmethod
    def _blocks_of_lines(lines: Iterator[Line], size: int = 8192) -> Iterator[LineBlock]:
        """Group :class:`Line` objects (UTF-16/32 sources) into blocks."""
        block: LineBlock | None = None
        for line in lines:
            if block is None:
                block = LineBlock([], [], 0, line.number, _ends=[])
            k = len(block.texts)
            block.texts.append(line.text)
            block.terms.append(line.term)
            block.n_bytes += line.n_bytes
            assert block._ends is not None
            block._ends.append(block.n_bytes)
            if line.error is not None:
                block.errors[k] = line.error
            block.nul = block.nul or line.has_nul
            if len(block.texts) >= size:
                yield block
                block = None
        if block is not None:
            yield block

    def _lines_bytes(self) -> Iterator[Line]:
        codec = self.detected.codec
        cap = self.options.max_record_bytes
        offset = self._offset0
        number = 0
        pending: list[bytes] = []
        pending_len = 0
        skipping = -1  # bytes of an over-long line skipped so far, or -1

        def make(raw: bytes, newline: bool) -> Line:
            nonlocal offset, number
            number += 1
            n_bytes = len(raw) + newline
            start = offset
            offset += n_bytes
            term = ""
            if newline:
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
                    term = "\r\n"
                else:
                    term = "\n"
            if len(raw) > cap:
                return Line(None, term, n_bytes, number, f"line longer than {cap} bytes")
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                return Line(
                    None, term, n_bytes, number, f"cannot decode as {codec} at byte {start + exc.start}"
                )
            return Line(text, term, n_bytes, number, None, b"\0" in raw)

        def too_long(n_bytes: int, newline: bool) -> Line:
            nonlocal offset, number
            number += 1
            offset += n_bytes
            return Line(None, "\n" if newline else "", n_bytes, number, f"line longer than {cap} bytes")

        for chunk in self._chunks():
            start = 0
            if skipping >= 0:
                nl = chunk.find(b"\n")
                if nl < 0:
                    skipping += len(chunk)
                    continue
                yield too_long(skipping + nl + 1, True)
                skipping = -1
                start = nl + 1
            nl = chunk.find(b"\n", start)
            if nl < 0:
                pending.append(chunk[start:] if start else chunk)
                pending_len += len(chunk) - start
                if pending_len > cap:
                    skipping = pending_len
                    pending, pending_len = [], 0
                continue
            if pending:
                pending.append(chunk[start:nl])
                yield make(b"".join(pending), True)
                pending, pending_len = [], 0
            else:
                yield make(chunk[start:nl], True)
            parts = chunk[nl + 1 :].split(b"\n")
            tail = parts.pop()
            for raw in parts:
                yield make(raw, True)
            if tail:
                if len(tail) > cap:
                    skipping = len(tail)
                else:
                    pending, pending_len = [tail], len(tail)
        if skipping >= 0:
            yield too_long(skipping, False)
        elif pending:
            yield make(b"".join(pending), False)

    def text_chunks(self) -> Iterator[str]:
        """The decoded text in chunks (undecodable bytes raise :class:`ScanInputError`)."""
        decoder = codecs.getincrementaldecoder(self.detected.codec)("strict")
        fed = self._offset0
        chunks = self._chunks()
        for chunk in chunks:
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise ScanInputError(
                    self.source, f"byte {fed + exc.start}", f"cannot decode as {self.detected.codec}"
                ) from None
            fed += len(chunk)
            if text:
                yield text
        try:
            text = decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise ScanInputError(
                self.source, f"byte {fed}", f"incomplete {self.detected.codec} character at the end"
            ) from None
        if text:
            yield text

    def _lines_text(self) -> Iterator[Line]:
        unit = 4 if self.detected.codec.startswith("utf-32") else 2
        cap_chars = self.options.max_record_bytes // unit
        number = 0
        pending: list[str] = []
        pending_len = 0
        skipping = -1

        def make(text: str, newline: bool) -> Line:
            nonlocal number
            number += 1
            n_bytes = (len(text) + newline) * unit
            term = ""
            if newline:
                if text.endswith("\r"):
                    text = text[:-1]
                    term = "\r\n"
                else:
                    term = "\n"
            if len(text) > cap_chars:
                return Line(
                    None, term, n_bytes, number, f"line longer than {self.options.max_record_bytes} bytes"
                )
            return Line(text, term, n_bytes, number, None, "\0" in text)

        for chunk in self.text_chunks():
            start = 0
            if skipping >= 0:
                nl = chunk.find("\n")
                if nl < 0:
                    skipping += len(chunk)
                    continue
                number += 1
                yield Line(None, "\n", (skipping + nl + 1) * unit, number, "line too long")
                skipping = -1
                start = nl + 1
            nl = chunk.find("\n", start)
            if nl < 0:
                pending.append(chunk[start:])
                pending_len += len(chunk) - start
                if pending_len > cap_chars:
                    skipping, pending, pending_len = pending_len, [], 0
                continue
            pending.append(chunk[start:nl])
            yield make("".join(pending), True)
            pending, pending_len = [], 0
            parts = chunk[nl + 1 :].split("\n")
            tail = parts.pop()
            for text in parts:
                yield make(text, True)
            if tail:
                pending, pending_len = [tail], len(tail)
        if skipping >= 0:
            number += 1
            yield Line(None, "", skipping * unit, number, "line too long")
        elif pending:
            yield make("".join(pending), False)


def _newline_safe(codec: str) -> bool:
    try:
        return "\n".encode(codec) == b"\n" and "\r".encode(codec) == b"\r"
    except (UnicodeError, LookupError):
        return False


def file_policy(source: str, options: ReadOptions) -> ErrorPolicy:
    """The :class:`ErrorPolicy` of one source."""
    return ErrorPolicy(source, options.on_error)


class AtomicOutput:
    """A binary output written to a temporary file next to ``target`` and renamed on :meth:`commit`.

    ``target=None`` writes to standard output (not atomic). With ``gz=True`` the bytes are
    gzip-compressed (header name ``gz_name``, mtime 0 so outputs are reproducible).
    """

    def __init__(self, target: Path | None, *, gz: bool = False, gz_name: str = "") -> None:
        self.target = target
        self._tmp: Path | None = None
        if target is None:
            self._file: IO[bytes] = sys.stdout.buffer
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = open_temp_beside(target, suffix=".tmp")
            self._file = os.fdopen(fd, "wb")
        self._gz: gzip.GzipFile | None = None
        self.stream: IO[bytes] = self._file
        if gz:
            self._gz = gzip.GzipFile(filename=gz_name, mode="wb", fileobj=self._file, mtime=0)
            self.stream = self._gz  # type: ignore[assignment]
        self.closed = False

    @property
    def path(self) -> Path | None:
        """The temporary file being written (``None`` on standard output)."""
        return self._tmp

    def write(self, data: bytes) -> None:
        """Append bytes."""
        self.stream.write(data)

    def commit(self) -> None:
        """Finish the output and move it into place."""
        if self.closed:
            return
        self.closed = True
        try:
            if self._gz is not None:
                self._gz.close()
            self._file.flush()
            if self._tmp is not None and self.target is not None:
                os.fsync(self._file.fileno())
                self._file.close()
                os.replace(self._tmp, self.target)
        except OSError as exc:
            self._discard()
            raise ScanOutputError(str(self.target), "file", f"write failed: {exc.strerror}") from None

    def _discard(self) -> None:
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._tmp.unlink(missing_ok=True)

    def abort(self) -> None:
        """Drop the output: the target is left untouched."""
        if self.closed:
            return
        self.closed = True
        if self._gz is not None:
            with contextlib.suppress(OSError, ValueError):
                self._gz.close()
        self._discard()


def text_encoder(info: FileInfo) -> codecs.CodecInfo:
    """The codec that writes ``info``'s encoding back."""
    return codecs.lookup(info.codec)
