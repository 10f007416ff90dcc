"""CSV and TSV: dialect sniffing, unique header names, one record per data row.

Record ``i`` is the ``i``-th data row (0-based, header excluded); blank lines are not records
(as in pandas) and are not written back. Rows with a different number of fields than the header
("ragged"), rows containing NUL bytes, undecodable or over-long rows are errors; under
``on_error="skip"`` they stay records with ``None`` values and are written back as rows of empty
fields, so nothing unscanned is copied and record numbers stay aligned.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from typing import Final

from senim.privacy.readers._base import BatchExtra, FormatWriter
from senim.privacy.readers._io import FileInfo, Line, ReadOptions, TextInput
from senim.privacy.readers.errors import ErrorPolicy
from senim.privacy.types import Batch, ReadError

__all__ = ["CsvWriter", "read_csv", "sniff_delimiter", "unique_names"]

_CANDIDATES: Final = (",", ";", "\t", "|")
_QUOTED: Final = re.compile(r'"[^"]*"')
_SAMPLE_LINES: Final = 50
_SAMPLE_BYTES: Final = 64 * 1024


def sniff_delimiter(lines: list[str], default: str) -> str:
    """The delimiter among ``, ; TAB |`` whose count is non-zero in the header and most consistent.

    Quoted sections are ignored; ``default`` is returned when no candidate occurs in the header.
    """
    unquoted = [_QUOTED.sub("", line) for line in lines if line.strip()]
    if not unquoted:
        return default
    header, rest = unquoted[0], unquoted[1:]
    best, best_key = default, (-1.0, 0)
    for cand in _CANDIDATES:
        count = header.count(cand)
        if count == 0:
            continue
        consistent = sum(1 for line in rest if line.count(cand) == count) / len(rest) if rest else 1.0
        key = (consistent, count)
        if key > best_key:
            best, best_key = cand, key
    return best


def unique_names(header: list[str]) -> list[str]:
    """Field names for a header row: empty names become ``column_<n>`` (1-based position) and
    repeated names get ``_2``, ``_3``… so every name is unique."""
    names: list[str] = []
    seen: set[str] = set()
    base = [h.strip() or f"column_{i + 1}" for i, h in enumerate(header)]
    taken = set(base)
    for name in base:
        candidate = name
        n = 1
        while candidate in seen or (candidate != name and candidate in taken):
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        names.append(candidate)
    return names


class _Feed:
    """Feeds decoded lines to :mod:`csv` while recording bytes, line numbers and line errors."""

    __slots__ = ("error", "final_newline", "line", "n_bytes")

    def __init__(self) -> None:
        self.n_bytes = 0
        self.line = 0
        self.error: str | None = None
        self.final_newline = True

    def __call__(self, lines: Iterator[Line]) -> Iterator[str]:
        for line in lines:
            self.n_bytes += line.n_bytes
            self.line = line.number
            self.final_newline = line.term != ""
            if line.text is None:
                self.error = self.error or line.error
                yield line.term
            elif line.has_nul:
                self.error = self.error or "NUL byte in row"
                yield line.text.replace("\0", "") + line.term
            else:
                yield line.text + line.term


def read_csv(
    text: TextInput, info: FileInfo, options: ReadOptions, policy: ErrorPolicy, *, default_delimiter: str
) -> Iterator[Batch]:
    """Batches of CSV/TSV rows, one column per header name."""
    info.codec, info.bom = text.detected.codec, text.detected.bom
    source = info.source
    lines = text.lines()
    head: list[Line] = []
    size = 0
    for line in lines:
        head.append(line)
        size += line.n_bytes
        if len(head) >= _SAMPLE_LINES or size >= _SAMPLE_BYTES:
            break
    delimiter = options.csv_delimiter or sniff_delimiter(
        [line.text for line in head if line.text is not None], default_delimiter
    )
    feed = _Feed()
    reader = csv.reader(feed(itertools.chain(head, lines)), delimiter=delimiter, quotechar='"', strict=False)
    if csv.field_size_limit() < options.max_record_bytes:
        csv.field_size_limit(options.max_record_bytes)

    header: list[str] | None = None
    while header is None:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise policy.fatal(f"line {feed.line}", f"unreadable header ({exc})") from None
        if feed.error is not None:
            raise policy.fatal(f"line {feed.line}", f"unreadable header ({feed.error})")
        if row:
            header = row
    first_text = next((line.text for line in head if line.text and line.text.strip()), "")
    term = next((line.term for line in head if line.term), "\n")
    info.details.update(
        delimiter=delimiter,
        header=header or [],
        names=unique_names(header or []),
        quote_all=bool(header)
        and first_text.count('"') >= 2 * len(header or [])
        and first_text.startswith('"'),
        lineterminator=term,
    )
    names: list[str] = info.details["names"]  # type: ignore[assignment]
    width = len(names)
    selected = [j for j, name in enumerate(names) if options.wants(name)]
    none_row: list[str | None] = [None] * width

    rows: list[list[str] | None] = []
    errors: list[ReadError] = []
    first = 0
    record = 0
    batch_start_bytes = 0
    row_start = feed.n_bytes

    def flush() -> Batch:
        filled = [r if r is not None else none_row for r in rows]
        cols = list(zip(*filled, strict=True)) if filled else [() for _ in range(width)]
        columns: dict[str | None, list[str | None]] = {names[j]: list(cols[j]) for j in selected}
        return Batch(
            source,
            first,
            len(rows),
            columns,
            feed.n_bytes - batch_start_bytes,
            errors,
            BatchExtra(info, list(rows)),
        )

    while header is not None:
        feed.error = None
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            feed.error = f"CSV syntax error ({exc})"
            row = []
        row_bytes = feed.n_bytes - row_start
        row_start = feed.n_bytes
        where = f"line {feed.line} (record {record})"
        if feed.error is not None:
            errors.append(policy.report(where, feed.error))
            rows.append(None)
        elif not row:
            continue
        elif len(row) != width:
            errors.append(policy.report(where, f"row has {len(row)} fields, the header has {width}"))
            rows.append(None)
        elif row_bytes > options.max_record_bytes:
            errors.append(policy.report(where, f"row longer than {options.max_record_bytes} bytes"))
            rows.append(None)
        else:
            rows.append(row)
        record += 1
        if len(rows) >= options.batch_records or feed.n_bytes - batch_start_bytes >= options.batch_bytes:
            yield flush()
            first += len(rows)
            rows, errors = [], []
            batch_start_bytes = feed.n_bytes
    info.final_newline = feed.final_newline
    if rows or errors or first == 0:
        yield flush()


class CsvWriter(FormatWriter):
    """Writes the header and rows back with the source's delimiter, quoting, line ends and encoding."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._held = ""

    def _format(self, rows: list[list[str]] | Iterator[tuple[str, ...]]) -> str:
        assert self.info is not None
        d = self.info.details
        buf = io.StringIO()
        writer = csv.writer(
            buf,
            delimiter=str(d["delimiter"]),
            quotechar='"',
            quoting=csv.QUOTE_ALL if d["quote_all"] else csv.QUOTE_MINIMAL,
            lineterminator=str(d["lineterminator"]),
        )
        writer.writerows(rows)
        return buf.getvalue()

    def _emit(self, text: str, first_record: int) -> None:
        assert self.info is not None
        term = str(self.info.details["lineterminator"])
        out = self._held + text
        self._held = ""
        if out.endswith(term):
            out, self._held = out[: -len(term)], term
        self.out.write(self.encode(out, first_record))

    def _start(self) -> None:
        super()._start()
        assert self.info is not None
        header: list[str] = self.info.details.get("header", [])  # type: ignore[assignment]
        if header:
            self._emit(self._format([header]), 0)

    def _write(self, batch: Batch, extra: BatchExtra) -> None:
        assert self.info is not None and extra.records is not None
        names: list[str] = self.info.details["names"]  # type: ignore[assignment]
        raws: list[list[str] | None] = extra.records  # type: ignore[assignment]
        cols: list[list[str]] = []
        for j, name in enumerate(names):
            col = batch.columns.get(name)
            if col is None:
                cols.append([r[j] if r is not None else "" for r in raws])
            else:
                cols.append([v if v is not None else "" for v in col])
        if not names:
            return
        self._emit(self._format(zip(*cols, strict=True)), batch.first_record)

    def _finish(self) -> None:
        assert self.info is not None
        if self.info.final_newline and self._held:
            self.out.write(self.encode(self._held, self.next_record))
