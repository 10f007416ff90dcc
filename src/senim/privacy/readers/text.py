"""Plain text: one record per line, field ``None``; the writer restores every line terminator."""

from __future__ import annotations

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
    values: list[str | None] = []
    terms: list[object] = []
    errors: list[ReadError] = []
    first = 0
    n_bytes = 0
    size = 0
    last_term = "\n"
    for line in text.lines():
        if line.error is not None:
            errors.append(policy.report(f"line {line.number}", line.error))
        values.append(line.text)
        terms.append(line.term)
        last_term = line.term
        n_bytes += line.n_bytes
        size += line.n_bytes
        if len(values) >= options.batch_records or size >= options.batch_bytes:
            yield Batch(source, first, len(values), {None: values}, n_bytes, errors, BatchExtra(info, terms))
            first += len(values)
            values, terms, errors, n_bytes, size = [], [], [], 0, 0
    info.final_newline = last_term != ""
    if values or first == 0:
        yield Batch(source, first, len(values), {None: values}, n_bytes, errors, BatchExtra(info, terms))


class TextWriter(FormatWriter):
    """Writes lines back with their own terminators, encoding and BOM.

    A line that could not be read (``None``) is written empty: nothing unscanned is copied.
    """

    def _write(self, batch: Batch, extra: BatchExtra) -> None:
        assert extra.records is not None
        values = batch.columns.get(None, [])
        parts: list[str] = []
        for i, term in enumerate(extra.records):
            value = values[i] if i < len(values) else None
            parts.append(value if value is not None else "")
            parts.append(term)  # type: ignore[arg-type]
        self.out.write(self.encode("".join(parts), batch.first_record))
