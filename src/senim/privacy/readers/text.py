"""Plain text: one record per line, field ``None``; the writer restores every line terminator.

Lines are decoded a block (about 1 MiB) at a time and split at C speed
(:meth:`~senim.privacy.readers._io.TextInput.blocks`); batches are slices of blocks, so no
per-line Python work is done on the fast path.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from senim.privacy.readers._base import BatchExtra, FormatWriter
from senim.privacy.readers._io import FileInfo, ReadOptions, TextInput
from senim.privacy.readers.errors import ErrorPolicy
from senim.privacy.types import Batch, ReadError

__all__ = ["TextWriter", "read_text"]


def read_text(text: TextInput, info: FileInfo, options: ReadOptions, policy: ErrorPolicy) -> Iterator[Batch]:
    """Batches of lines; unreadable lines are ``None`` values with an error (``on_error="skip"``)."""
    info.codec, info.bom = text.detected.codec, text.detected.bom
    source = info.source
    max_records, max_bytes = options.batch_records, options.batch_bytes
    values: list[str | None] = []
    terms: list[object] = []
    errors: list[ReadError] = []
    first = 0
    size = 0
    last_term = "\n"
    for block in text.blocks():
        n = len(block.texts)
        if n:
            last_term = block.terms[-1]
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
            terms.extend(block.terms[i:j])
            if block.errors:
                for k in sorted(block.errors):
                    if i <= k < j:
                        errors.append(policy.report(f"line {block.first_line + k}", block.errors[k]))
            size += chunk_bytes
            i = j
            if len(values) >= max_records or size >= max_bytes:
                yield Batch(source, first, len(values), {None: values}, size, errors, BatchExtra(info, terms))
                first += len(values)
                values, terms, errors, size = [], [], [], 0
    info.final_newline = last_term != ""
    if values or first == 0:
        yield Batch(source, first, len(values), {None: values}, size, errors, BatchExtra(info, terms))


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
