"""CSV and TSV: dialect sniffing, unique header names, one record per data row.

Record ``i`` is the ``i``-th data row (0-based, header excluded); blank lines are not records
(as in pandas) and are not written back. Rows with a different number of fields than the header
("ragged"), rows containing NUL bytes, undecodable or over-long rows are errors; under
``on_error="skip"`` they stay records with ``None`` values and are written back as rows of empty
fields, so nothing unscanned is copied and record numbers stay aligned.

A CSV batch is checked against ``batch_bytes`` every 64 rows (``batch_records`` is exact). The
writer joins rows at C speed and lets :mod:`csv` format only the rows with a field that needs
quotes, so its output is byte-for-byte that of :class:`csv.writer` with a ``\r\n`` terminator
(every field holding a CR or LF quoted), each row then ended by the source's own line terminator.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Final

from senim.privacy.readers._base import BatchExtra, FormatWriter
from senim.privacy.readers._io import FileInfo, LineBlock, ReadOptions, TextInput, gc_paused
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


def _line_terminator(lines: list[str], terms: list[str]) -> str:
    """The line end the writer uses: the most frequent of CRLF, LF and a lone CR outside quoted
    sections of the sample (a line break inside a quoted field does not count; ties go to CRLF,
    then LF); with none, the first line's own terminator, else LF."""
    sample = _QUOTED.sub("", "".join(line + term for line, term in zip(lines, terms, strict=True)))
    crlf = sample.count("\r\n")
    counts = ((crlf, "\r\n"), (sample.count("\n") - crlf, "\n"), (sample.count("\r") - crlf, "\r"))
    best, term = max(counts, key=lambda ct: ct[0])
    if best > 0:
        return term
    return next((t for t in terms if t), "\n")


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
    """Feeds decoded blocks to :mod:`csv` and maps the reader's line count back to bytes and lines.

    A clean block (every line readable, no NUL) is handed over as one ``io.StringIO`` so that
    :mod:`csv` pulls its lines at C speed; a block with bad lines goes line by line, recording the
    first error of the row being read (an unreadable line contributes only its terminator, NUL
    bytes are dropped) as the old line-based reader did.
    """

    __slots__ = (
        "block",
        "bytes_before",
        "error",
        "exact",
        "final_newline",
        "line_in_block",
        "n_strings",
        "strings_before",
        "strings_total",
    )

    def __init__(self) -> None:
        self.block: LineBlock | None = None
        self.bytes_before = 0  # input bytes of the blocks before ``block``
        self.strings_before = 0  # strings handed to csv before ``block``
        self.strings_total = 0
        self.n_strings = 0
        self.exact = True  # strings of ``block`` are its lines (no lone CR)
        self.line_in_block = 0  # dirty blocks: index of the last line handed over
        self.error: str | None = None
        self.final_newline = True

    def open(self, block: LineBlock) -> Iterator[str]:
        """The strings of one block (called lazily by ``itertools.chain``)."""
        if self.block is not None:
            self.bytes_before += self.block.n_bytes
        self.strings_before = self.strings_total
        self.block = block
        if block.terms:
            last = block.texts[-1]
            # a file of lone CRs (classic Mac) keeps its final CR inside the last line's text
            self.final_newline = block.terms[-1] != "" or (last is not None and last.endswith("\r"))
        if block.text is not None:
            text = block.text
            lone_cr = text.count("\r") - text.count("\r\n")
            self.exact = lone_cr == 0
            self.n_strings = len(block.texts) + lone_cr
            self.strings_total += self.n_strings
            return iter(io.StringIO(text, newline=""))
        self.exact = True
        self.n_strings = len(block.texts)
        self.strings_total += self.n_strings
        return self._lines(block)

    def _lines(self, block: LineBlock) -> Iterator[str]:
        for k, text in enumerate(block.texts):
            self.line_in_block = k
            term = block.terms[k]
            if text is None:
                self.error = self.error or block.errors.get(k, "unreadable line")
                yield term
            elif "\0" in text:
                self.error = self.error or "NUL byte in row"
                yield text.replace("\0", "") + term
            else:
                yield text + term

    def bytes_at(self, strings: int) -> int:
        """Input bytes consumed once csv has pulled ``strings`` strings (exact unless lone CRs)."""
        block = self.block
        if block is None:
            return 0
        k = strings - self.strings_before
        if k >= self.n_strings:
            return self.bytes_before + block.n_bytes
        if k <= 0:
            return self.bytes_before
        if self.exact:
            return self.bytes_before + block.offset_after(k)
        return self.bytes_before + block.n_bytes * k // self.n_strings

    def estimate(self, strings: int) -> int:
        """:meth:`bytes_at`, pro-rated within the current block (cheap)."""
        block = self.block
        if block is None:
            return 0
        k = min(max(strings - self.strings_before, 0), self.n_strings)
        return self.bytes_before + block.n_bytes * k // max(self.n_strings, 1)

    def line_at(self, strings: int) -> int:
        """The 1-based line number of the last line pulled (approximate with lone CRs)."""
        if self.block is None:
            return 0
        k = strings - self.strings_before
        return self.block.first_line + max(min(k, len(self.block.texts)), 1) - 1


def read_csv(
    text: TextInput, info: FileInfo, options: ReadOptions, policy: ErrorPolicy, *, default_delimiter: str
) -> Iterator[Batch]:
    """Batches of CSV/TSV rows, one column per header name."""
    info.codec, info.bom = text.detected.codec, text.detected.bom
    source = info.source
    blocks = text.blocks()
    first_block = next(blocks, None)
    head: list[str] = []
    head_terms: list[str] = []
    if first_block is not None:
        size = 0
        for k, line in enumerate(first_block.texts):
            if k >= _SAMPLE_LINES or size >= _SAMPLE_BYTES:
                break
            size += len(line or "") + 1
            head_terms.append(first_block.terms[k])
            if line is not None:
                head.append(line)
    delimiter = options.csv_delimiter or sniff_delimiter(head, default_delimiter)
    feed = _Feed()
    all_blocks = itertools.chain([first_block] if first_block is not None else [], blocks)
    reader = csv.reader(
        itertools.chain.from_iterable(map(feed.open, all_blocks)),
        delimiter=delimiter,
        quotechar='"',
        strict=False,
    )
    if csv.field_size_limit() < options.max_record_bytes:
        csv.field_size_limit(options.max_record_bytes)

    header: list[str] | None = None
    while header is None:
        feed.error = None
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise policy.fatal(
                f"line {feed.line_at(reader.line_num)}", f"unreadable header ({exc})"
            ) from None
        if feed.error is not None:
            raise policy.fatal(f"line {feed.line_at(reader.line_num)}", f"unreadable header ({feed.error})")
        if row:
            header = row
    first_text = next((line for line in head if line.strip()), "")
    sampled = first_block.texts[: len(head_terms)] if first_block is not None else []
    term = _line_terminator([line or "" for line in sampled], head_terms)
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
    cap = options.max_record_bytes
    max_records, max_bytes = options.batch_records, options.batch_bytes

    rows: list[list[str] | None] = []
    errors: list[ReadError] = []
    first = 0
    prev = reader.line_num
    batch_start_bytes = 0  # the header's bytes count in the first batch
    eof = header is None

    def flush(n_bytes: int) -> Batch:
        filled: list[list[str | None]] = (
            rows if None not in rows else [r if r is not None else none_row for r in rows]  # type: ignore[assignment,misc]
        )
        columns: dict[str | None, list[str | None]] = {
            names[j]: list(map(itemgetter(j), filled)) for j in selected
        }
        return Batch(source, first, len(rows), columns, n_bytes, errors, BatchExtra(info, list[object](rows)))

    def slow(row: list[str], now: int, before: int, error: str | None) -> None:
        """A row that is not a plain one-line row of ``width`` fields."""
        error = error or feed.error
        feed.error = None
        where = f"line {feed.line_at(now)} (record {first + len(rows)})"
        if error is not None:
            errors.append(policy.report(where, error))
            rows.append(None)
        elif len(row) != width:
            errors.append(policy.report(where, f"row has {len(row)} fields, the header has {width}"))
            rows.append(None)
        elif now - before > 1 and feed.bytes_at(now) - feed.bytes_at(before) > cap:
            # a row over several lines (single over-long lines are caught per block)
            errors.append(policy.report(where, f"row longer than {cap} bytes"))
            rows.append(None)
        else:
            rows.append(row)

    append = rows.append
    while not eof:
        with gc_paused():  # the rows are acyclic; see gc_paused
            while True:  # re-entered after a csv.Error
                try:
                    for row in reader:
                        now = reader.line_num
                        if feed.error is None and len(row) == width and now - prev == 1:
                            append(row)
                        elif not row and feed.error is None:
                            prev = now
                            continue
                        else:
                            slow(row, now, prev, None)
                        prev = now
                        n = len(rows)
                        if n >= max_records or (
                            not n & 63 and feed.estimate(now) - batch_start_bytes >= max_bytes
                        ):
                            break
                    else:
                        eof = True
                    break
                except csv.Error as exc:
                    now = reader.line_num
                    slow([], now, prev, f"CSV syntax error ({exc})")
                    prev = now
                    if len(rows) >= max_records:
                        break
        end_bytes = feed.bytes_at(reader.line_num)
        if eof:
            end_bytes = feed.bytes_before + (feed.block.n_bytes if feed.block is not None else 0)
        if rows or (eof and (errors or first == 0)):
            yield flush(end_bytes - batch_start_bytes)
            first += len(rows)
            rows.clear()  # flush() copied it
            errors = []
            batch_start_bytes = end_bytes
    info.final_newline = feed.final_newline
    if header is None:
        yield flush(feed.bytes_at(reader.line_num))


class CsvWriter(FormatWriter):
    """Writes the header and rows back with the source's delimiter, quoting, line ends and encoding."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._held = ""

    def _format(self, rows: Iterable[Sequence[str]]) -> str:
        """Rows as :mod:`csv` writes them, each ended by the source's line terminator.

        Under minimal quoting :mod:`csv` quotes a field that holds a character of *its* line
        terminator, not any CR or LF, while the reader ends a line at either: a bare CR in a field
        of a ``\n`` file (or a LF in a ``\r`` file) would split the row when read back. So rows are
        formatted with ``\r\n`` (every CR and LF quoted) and then given the source's terminator.
        """
        assert self.info is not None
        d = self.info.details
        term = str(d["lineterminator"])
        buf = io.StringIO()
        quote_all = bool(d["quote_all"])
        writer = csv.writer(
            buf,
            delimiter=str(d["delimiter"]),
            quotechar='"',
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
            lineterminator=term if quote_all else "\r\n",
        )
        if quote_all:  # every field quoted: the terminator changes nothing
            writer.writerows(rows)
            return buf.getvalue()
        parts: list[str] = []
        for row in rows:
            writer.writerow(row)
            parts.append(buf.getvalue()[:-2])
            buf.seek(0)
            buf.truncate()
        return "".join(part + term for part in parts)

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
        if not names:
            return
        raws: list[list[str] | None] = extra.records  # type: ignore[assignment]
        raws_complete = None not in raws
        cols: list[list[str]] = []
        for j, name in enumerate(names):
            col = batch.columns.get(name)
            if col is None:
                if raws_complete:
                    cols.append(list(map(itemgetter(j), raws)))  # type: ignore[arg-type]
                else:
                    cols.append([r[j] if r is not None else "" for r in raws])
            elif None in col:
                cols.append([v if v is not None else "" for v in col])
            else:
                cols.append(col)  # type: ignore[arg-type]
        rows = list(zip(*cols, strict=True))
        if self.info.details["quote_all"] or not rows:
            self._emit(self._format(rows), batch.first_record)
            return
        self._emit(self._plain(rows, len(names)), batch.first_record)

    def _plain(self, rows: list[tuple[str, ...]], width: int) -> str:
        """Rows joined at C speed; only rows with a field that needs quotes go through :mod:`csv`.

        Under minimal quoting a field is quoted when it holds the delimiter, a quote, CR or LF (or
        is the only, empty, field of its row), exactly what :meth:`_format` does.
        """
        assert self.info is not None
        delimiter = str(self.info.details["delimiter"])
        term = str(self.info.details["lineterminator"])
        lines = list(map(delimiter.join, rows))
        body = "\n".join(lines)
        n = len(lines)
        simple = (
            '"' not in body
            and "\r" not in body
            and body.count("\n") == n - 1
            and body.count(delimiter) == n * (width - 1)
            and (width > 1 or "" not in lines)
        )
        if not simple:
            for i, line in enumerate(lines):
                if (
                    line.count(delimiter) != width - 1
                    or '"' in line
                    or "\n" in line
                    or "\r" in line
                    or (width == 1 and not line)
                ):
                    lines[i] = self._format([rows[i]])[: -len(term)]
            body = "\n".join(lines)
        if term != "\n":
            body = term.join(lines)
        return body + term

    def _finish(self) -> None:
        assert self.info is not None
        if self.info.final_newline and self._held:
            self.out.write(self.encode(self._held, self.next_record))
