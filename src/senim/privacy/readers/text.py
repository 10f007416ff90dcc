"""Plain text: one record per line, field ``None``; the writer restores every line terminator.

Lines are decoded a block (about 1 MiB) at a time and split at C speed
(:meth:`~senim.privacy.readers._io.TextInput.blocks`); batches are slices of blocks, so no
per-line Python work is done on the fast path.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from senim.privacy.readers._base import BatchExtra, FormatWriter
from senim.privacy.readers._io import BlockDecoder, FileInfo, LineBlock, RawBlock, ReadOptions, TextInput
from senim.privacy.readers.errors import ErrorPolicy
from senim.privacy.readers.jsonfmt import jsonl_batches_of_blocks
from senim.privacy.types import Batch, ReadError

__all__ = ["TextBlocks", "TextWriter", "batches_of_blocks", "read_text"]


def read_text(text: TextInput, info: FileInfo, options: ReadOptions, policy: ErrorPolicy) -> Iterator[Batch]:
    """Batches of lines; unreadable lines are ``None`` values with an error (``on_error="skip"``)."""
    info.codec, info.bom = text.detected.codec, text.detected.bom
    last_term = ["\n"]
    yield from batches_of_blocks(text.blocks(), info.source, options, policy, info=info, last_term=last_term)
    info.final_newline = last_term[0] != ""


def batches_of_blocks(
    blocks: Iterable[LineBlock],
    source: str,
    options: ReadOptions,
    policy: ErrorPolicy,
    *,
    info: FileInfo | None = None,
    first: int = 0,
    last_term: list[str] | None = None,
) -> Iterator[Batch]:
    """Cut decoded blocks into batches of at most ``batch_records`` lines and about ``batch_bytes``.

    ``first`` is the 0-based number of the blocks' first line. With ``info`` every batch carries
    what :class:`TextWriter` needs (``BatchExtra``), and a source without any line still yields
    one empty batch; ``last_term[0]`` is set to the last line's terminator.
    """
    max_records, max_bytes = options.batch_records, options.batch_bytes
    values: list[str | None] = []
    terms: list[object] = []
    errors: list[ReadError] = []
    size = 0
    started = first
    for block in blocks:
        n = len(block.texts)
        if n and last_term is not None:
            last_term[0] = block.terms[-1]
        i = 0
        while i < n:
            j = min(n, i + max_records - len(values))
            chunk_bytes = block.bytes_between(i, j)
            if size + chunk_bytes >= max_bytes:
                # the batch ends at the first line that takes it to ``batch_bytes``
                ends = block.ends()
                base = ends[i - 1] if i else 0
                j = min(j, bisect_left(ends, base + max_bytes - size, i, j) + 1)
                chunk_bytes = block.bytes_between(i, j)
            values.extend(block.texts[i:j])
            if info is not None:
                terms.extend(block.terms[i:j])
            if block.errors:
                for k in sorted(block.errors):
                    if i <= k < j:
                        errors.append(policy.report(f"line {block.first_line + k}", block.errors[k]))
            size += chunk_bytes
            i = j
            if len(values) >= max_records or size >= max_bytes:
                extra = BatchExtra(info, terms) if info is not None else None
                yield Batch(source, first, len(values), {None: values}, size, errors, extra)
                first += len(values)
                values, terms, errors, size = [], [], [], 0
    if values or (info is not None and first == started == 0):
        extra = BatchExtra(info, terms) if info is not None else None
        yield Batch(source, first, len(values), {None: values}, size, errors, extra)


@dataclass(frozen=True, slots=True)
class TextBlocks:
    """Lines of plain text or JSON Lines, read but not decoded (:func:`senim.privacy.readers.iter_units`).

    The reading process only cuts the input at newlines and numbers the lines; whoever gets this
    (a worker process) decodes and parses them and cuts them into batches, with the same values,
    numbering and errors as :func:`read_text` and :func:`~senim.privacy.readers.jsonfmt.read_jsonl`.
    ``extra`` stays ``None``: this path is for scans that do not write the source back.
    """

    source: str
    raw: RawBlock
    decoder: BlockDecoder
    options: ReadOptions
    format: Literal["text", "jsonl"] = "text"

    @property
    def n_bytes(self) -> int:
        """Input bytes of the lines."""
        return self.raw.n_bytes

    def batches(self) -> Iterator[Batch]:
        """The lines as batches (under ``on_error="fail"`` a bad line raises :class:`ScanInputError`)."""
        policy = ErrorPolicy(self.source, self.options.on_error)
        blocks = [self.decoder.decode(self.raw)]
        first = self.raw.first_line - 1
        if self.format == "jsonl":
            return jsonl_batches_of_blocks(blocks, self.source, self.options, policy, first=first)
        return batches_of_blocks(blocks, self.source, self.options, policy, first=first)


class TextWriter(FormatWriter):
    """Writes lines back with their own terminators, encoding and BOM.

    A line that could not be read (``None``) is written empty: nothing unscanned is copied.
    """

    def _write(self, batch: Batch, extra: BatchExtra) -> None:
        assert extra.records is not None
        terms: list[str] = extra.records  # type: ignore[assignment]
        n = len(terms)
        values = batch.columns.get(None, [])
        if len(values) != n:
            values = [*values[:n], *([None] * (n - len(values)))]
        if None in values:
            values = [v if v is not None else "" for v in values]
        parts: list[str] = [""] * (2 * n)
        parts[0::2] = values  # type: ignore[assignment]
        parts[1::2] = terms
        self.out.write(self.encode("".join(parts), batch.first_record))
