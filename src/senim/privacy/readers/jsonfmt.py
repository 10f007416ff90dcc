"""JSON documents and JSON Lines.

Fields are key paths: ``client.phones[0]``; a key that is empty or contains ``.``, ``[``, ``]`` or
``"`` is written in brackets as a JSON string (``client["full.name"]``) so that every path is
unambiguous. A string at the top of a record has the field ``None``. Only string values are
scanned; numbers, booleans and nulls are left alone.

- ``.json``: a top-level array is streamed element by element (record = array index, field = path
  inside the element); any other document is one record (record 0).
- ``.jsonl``/``.ndjson``: record = line index (0-based); blank lines are records without values.

Writers re-serialise each record with only its string values replaced: structure, key order and
non-string values are kept (floats in Python's shortest round-trip form; whitespace is normalised
to the detected indentation for documents and to the detected separators for JSON Lines).
Records that could not be read are written as ``null`` (documents) or empty lines (JSON Lines).
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections.abc import Iterable, Iterator
from typing import Final, cast

from senim.privacy.readers._base import BatchExtra, FormatWriter
from senim.privacy.readers._io import FileInfo, LineBlock, ReadOptions, TextInput, gc_paused
from senim.privacy.readers.errors import ErrorPolicy
from senim.privacy.types import Batch, ReadError

__all__ = [
    "BLANK",
    "UNREADABLE",
    "JsonDocumentWriter",
    "JsonLinesWriter",
    "JsonTooDeepError",
    "iter_strings",
    "jsonl_batches_of_blocks",
    "key_path",
    "read_json",
    "read_jsonl",
]

_PLAIN_KEY: Final = re.compile(r'[^.\[\]"]+\Z')
_WS: Final = re.compile(r"[ \t\n\r]*")
_INDENT: Final = re.compile(r"\n([ \t]+)\S")
_DECODER: Final = json.JSONDecoder()

JsonValue = object
Leaf = tuple[str | None, object, object, str]  # (path, container, key, value)


class _TooDeepError(Exception):
    pass


class JsonTooDeepError(ValueError):
    """Containers nest deeper than the allowed depth."""


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: A record that could not be read (written back as ``null`` / an empty line).
UNREADABLE: Final = _Marker("UNREADABLE")
#: A blank JSON Lines line (written back as it was).
BLANK: Final = _Marker("BLANK")


def key_path(prefix: str, key: str) -> str:
    """The path of ``key`` inside the object at ``prefix`` (``""`` for the top level)."""
    if _PLAIN_KEY.match(key):
        return f"{prefix}.{key}" if prefix else key
    return f"{prefix}[{json.dumps(key, ensure_ascii=False)}]"


def _collect(node: object, path: str, depth: int, max_depth: int, out: list[Leaf]) -> None:
    if depth > max_depth:
        raise _TooDeepError
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str):
                out.append((key_path(path, k), node, k, v))
            elif isinstance(v, dict | list):
                _collect(v, key_path(path, k), depth + 1, max_depth, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str):
                out.append((f"{path}[{i}]", node, i, v))
            elif isinstance(v, dict | list):
                _collect(v, f"{path}[{i}]", depth + 1, max_depth, out)


def iter_strings(value: object, *, max_depth: int = 100) -> list[Leaf]:
    """Every string in ``value`` as ``(path, container, key, string)`` in document order.

    A top-level string comes out as ``(None, None, None, string)``.

    Raises
    ------
    JsonTooDeepError
        When containers nest deeper than ``max_depth``.
    """
    if isinstance(value, str):
        return [(None, None, None, value)]
    out: list[Leaf] = []
    try:
        _collect(value, "", 1, max_depth, out)
    except (_TooDeepError, RecursionError):
        raise JsonTooDeepError(f"nested deeper than {max_depth} levels") from None
    return out


class _Columns:
    """Builds the columns of one batch from per-record leaves."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.columns: dict[str | None, list[str | None]] = {}
        self.n = 0

    def add(self, leaves: list[Leaf]) -> None:
        for path, _container, _key, value in leaves:
            if path is not None and not self.options.wants(path):
                continue
            col = self.columns.get(path)
            if col is None:
                col = self.columns[path] = [None] * self.n
            if len(col) == self.n:
                col.append(value)
            # a repeated path inside one record cannot happen: paths are unique per record
        self.n += 1
        for col in self.columns.values():
            if len(col) < self.n:
                col.append(None)


def _replace(value: object, row: int, columns: dict[str | None, list[str | None]], max_depth: int) -> object:
    """``value`` with its strings replaced by ``columns[path][row]`` where that is a string."""
    if isinstance(value, str):
        col = columns.get(None)
        new = col[row] if col is not None and row < len(col) else None
        return new if isinstance(new, str) else value
    for path, container, key, _old in iter_strings(value, max_depth=max_depth):
        col = columns.get(path)
        if col is None or row >= len(col):
            continue
        new = col[row]
        if isinstance(new, str):
            container[key] = new  # type: ignore[index]
    return value


def _loads_error(exc: json.JSONDecodeError) -> str:
    return f"invalid JSON ({exc.msg})"


# ---------------------------------------------------------------------------------------------
# JSON Lines

_NO_STRINGS: Final[dict[str | None, str]] = {}  # shared, never mutated
_CONTAINERS: Final = frozenset({dict, list})
_ENCODERS: Final = {
    style: json.JSONEncoder(
        ensure_ascii="a" in style, separators=(",", ":") if "c" in style else (", ", ": ")
    ).encode
    for style in ("", "c", "a", "ca")
}


class _Paths:
    """Key paths and ``fields`` decisions, memoised per source (keys repeat on every line)."""

    __slots__ = ("keys", "max_depth", "options", "plain", "tops", "wanted")

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.max_depth = options.max_depth
        self.keys: dict[tuple[str, str], str] = {}
        self.wanted: dict[str | None, bool] = {}
        self.plain: set[str] = set()  # top-level keys that are their own path
        self.tops: dict[str, str] = {}  # top-level key -> path

    def key(self, prefix: str, key: str) -> str:
        path = self.keys.get((prefix, key))
        if path is None:
            path = self.keys[(prefix, key)] = key_path(prefix, key)
        return path

    def strings(self, value: object) -> dict[str | None, str]:
        """``path -> string`` for every string leaf of a parsed line.

        Top-level strings come first (one dict comprehension), then those of nested containers in
        document order; keys that need quoting in a path are mapped through :func:`key_path`.
        """
        out: dict[str | None, str]
        if type(value) is dict:
            flat: dict[str, str] = {k: v for k, v in value.items() if type(v) is str}
            if not self.plain.issuperset(flat):
                flat = {self.top(k): v for k, v in flat.items()}
            out = flat  # type: ignore[assignment]
            if not _CONTAINERS.isdisjoint(map(type, value.values())):
                tops = self.tops
                for k, v in [(k, v) for k, v in value.items() if type(v) in _CONTAINERS]:
                    self._nested(v, tops.get(k) or self.top(k), 2, out)
        elif type(value) is list:
            out = {}
            self._nested(value, "", 1, out)
        elif type(value) is str:
            out = {None: value}
        else:
            return _NO_STRINGS
        if self.options.fields is not None:
            wanted = self.wanted
            for path in [p for p in out if not wanted.setdefault(p, p is None or self.options.wants(p))]:
                del out[path]
        return out

    def top(self, key: str) -> str:
        """The path of a top-level key (remembered in ``plain`` when it is the key itself)."""
        path = self.tops[key] = key_path("", key)
        if path == key:
            self.plain.add(key)
        return path

    def _nested(self, node: object, path: str, depth: int, out: dict[str | None, str]) -> None:
        if depth > self.max_depth:
            raise _TooDeepError
        if type(node) is dict:
            for k, v in cast(dict[str, object], node).items():
                if type(v) is str:
                    out[self.key(path, k)] = v
                elif type(v) is dict or type(v) is list:
                    self._nested(v, self.key(path, k), depth + 1, out)
        else:
            for i, v in enumerate(cast(list[object], node)):
                if type(v) is str:
                    out[f"{path}[{i}]"] = v
                elif type(v) is dict or type(v) is list:
                    self._nested(v, f"{path}[{i}]", depth + 1, out)


def _columns_of(rows: list[dict[str | None, str]]) -> dict[str | None, list[str | None]]:
    """Column-major values of per-record ``path -> string`` maps (paths in order of appearance)."""
    if rows and rows[0]:
        shape = list(rows[0])
        if all(map(shape.__eq__, map(list, rows))):  # one key order for all: transpose at C speed
            return dict(zip(shape, map(list, zip(*map(dict.values, rows), strict=True)), strict=True))
    paths = dict.fromkeys(itertools.chain.from_iterable(rows))
    return {path: list(map(dict.get, rows, itertools.repeat(path))) for path in paths}


def read_jsonl(text: TextInput, info: FileInfo, options: ReadOptions, policy: ErrorPolicy) -> Iterator[Batch]:
    """Batches of JSON Lines records (record = line index)."""
    info.codec, info.bom = text.detected.codec, text.detected.bom
    info.details["max_depth"] = options.max_depth
    last_term = ["\n"]
    yield from jsonl_batches_of_blocks(
        text.blocks(), info.source, options, policy, info=info, last_term=last_term
    )
    info.final_newline = last_term[0] != ""


def jsonl_batches_of_blocks(
    blocks: Iterable[LineBlock],
    source: str,
    options: ReadOptions,
    policy: ErrorPolicy,
    *,
    info: FileInfo | None = None,
    first: int = 0,
    last_term: list[str] | None = None,
) -> Iterator[Batch]:
    """Parse decoded blocks of JSON Lines into batches (``first``: 0-based number of the first line).

    With ``info`` every batch carries what :class:`JsonLinesWriter` needs and a source without
    any line still yields one empty batch; ``last_term[0]`` is set to the last line's terminator.
    """
    paths = _Paths(options)
    raw_decode = _DECODER.raw_decode
    decode = _DECODER.decode
    max_records, max_bytes = options.batch_records, options.batch_bytes
    values: list[object] = []
    rows: list[dict[str | None, str]] = []
    terms: list[str] = []
    styles: list[str] = []
    errors: list[ReadError] = []
    started = first
    batch_bytes = 0

    def flush(n_bytes: int) -> Batch:
        columns = _columns_of(rows)
        if info is None:
            return Batch(source, first, len(rows), columns, n_bytes, errors, None)
        original = {path: list(col) for path, col in columns.items()}
        extra = BatchExtra(info, values, (terms, styles, original))
        return Batch(source, first, len(rows), columns, n_bytes, errors, extra)

    for block in blocks:
        texts = block.texts
        n = len(texts)
        if n and last_term is not None:
            last_term[0] = block.terms[-1]
        start = 0
        ready: list[Batch] = []  # yielded after the block, outside gc_paused
        with gc_paused():  # parsed values hold no reference cycles; see gc_paused
            for k in range(n):
                line = texts[k]
                try:
                    if line is None:
                        raise _UnreadableLineError(block.errors.get(k, "unreadable line"))
                    try:
                        value, end = raw_decode(line)
                        if end != len(line) and line[end:].strip():
                            raise ValueError
                    except ValueError:  # leading/trailing blanks or an error: the full parser says
                        value = decode(line)
                    row = paths.strings(value)
                    colon = line.find('":')
                    style = (
                        "" if (line[colon + 2 : colon + 3] == " " if colon >= 0 else ", " in line) else "c"
                    )
                    if line.isascii() and "\\u" in line:
                        style += "a"
                except json.JSONDecodeError as exc:
                    assert line is not None
                    if not line.strip():
                        value, row, style = BLANK, _NO_STRINGS, line
                    else:
                        value, row, style = UNREADABLE, _NO_STRINGS, ""
                        where = f"line {block.first_line + k} (record {block.first_line + k - 1})"
                        errors.append(policy.report(where, f"{_loads_error(exc)} at column {exc.colno}"))
                except (_TooDeepError, RecursionError):
                    value, row, style = UNREADABLE, _NO_STRINGS, ""
                    where = f"line {block.first_line + k} (record {block.first_line + k - 1})"
                    errors.append(policy.report(where, f"nested deeper than {options.max_depth} levels"))
                except _UnreadableLineError as exc:
                    value, row, style = UNREADABLE, _NO_STRINGS, ""
                    where = f"line {block.first_line + k} (record {block.first_line + k - 1})"
                    errors.append(policy.report(where, exc.message))
                except ValueError as exc:
                    value, row, style = UNREADABLE, _NO_STRINGS, ""
                    where = f"line {block.first_line + k} (record {block.first_line + k - 1})"
                    errors.append(policy.report(where, f"invalid JSON ({type(exc).__name__})"))
                values.append(value)
                rows.append(row)
                terms.append(block.terms[k])
                styles.append(style)
                if len(rows) >= max_records or (
                    not len(rows) & 255 and batch_bytes + block.bytes_between(start, k + 1) >= max_bytes
                ):
                    size = batch_bytes + block.bytes_between(start, k + 1)
                    if len(rows) >= max_records or size >= max_bytes:
                        ready.append(flush(size))
                        first += len(rows)
                        values, rows, terms, styles, errors = [], [], [], [], []
                        batch_bytes, start = 0, k + 1
        yield from ready
        batch_bytes += block.bytes_between(start, n)
        if batch_bytes >= max_bytes and rows:
            batch = flush(batch_bytes)
            first += len(rows)
            values, rows, terms, styles, errors = [], [], [], [], []
            batch_bytes = 0
            yield batch
    if rows or (info is not None and first == started == 0):
        yield flush(batch_bytes)


class _UnreadableLineError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _style(line: str) -> str:
    """``"c"`` for compact separators, ``""`` for Python's defaults; ``a`` suffix: ASCII-escaped."""
    colon = line.find('":')
    compact = colon >= 0 and not line.startswith(" ", colon + 2)
    if colon < 0:
        compact = ", " not in line
    ascii_escaped = line.isascii() and "\\u" in line
    return ("c" if compact else "") + ("a" if ascii_escaped else "")


def _changed(
    columns: dict[str | None, list[str | None]], original: dict[str | None, list[str | None]]
) -> set[int]:
    """Records with at least one value replaced (identity compare of each column at C speed)."""
    out: set[int] = set()
    for path, old in original.items():
        new = columns.get(path)
        if new is None or new is old:
            continue
        n = min(len(new), len(old))
        out.update(itertools.compress(range(n), map(operator.is_not, new[:n], old[:n])))
    return out


class JsonLinesWriter(FormatWriter):
    """Writes one JSON value per line with only the string values replaced.

    Records whose values were all left as read are re-serialised directly; only records with a
    replaced value walk their structure (never the raw line: it may hold duplicate keys whose
    earlier values were not scanned).
    """

    def _write(self, batch: Batch, extra: BatchExtra) -> None:
        assert extra.records is not None
        max_depth = int(self.info.details.get("max_depth", 100)) if self.info else 100  # type: ignore[call-overload]
        values = extra.records
        terms, styles, original = cast(
            tuple[list[str], list[str], dict[str | None, list[str | None]]], extra.aux
        )
        for i in sorted(_changed(batch.columns, original)):
            value = values[i]
            if value is not UNREADABLE and value is not BLANK:
                values[i] = _replace(value, i, batch.columns, max_depth)
        n = len(values)
        style = styles[0] if n else ""
        plain = (
            n
            and styles.count(style) == n
            and terms.count("\n") == n
            and UNREADABLE not in values
            and BLANK not in values
        )
        if plain:
            text = "\n".join(map(_ENCODERS[style], values)) + "\n"
        else:
            parts: list[str] = []
            for value, term, style in zip(values, terms, styles, strict=True):
                if value is UNREADABLE:
                    parts.append(term)
                elif value is BLANK:
                    parts.append(style + term)  # a blank line, kept as it was
                else:
                    parts.append(_ENCODERS[style](value) + term)
            text = "".join(parts)
        self.out.write(self.encode(text, batch.first_record))


# ---------------------------------------------------------------------------------------------
# JSON documents


class _Buffer:
    """Decoded text with a read position, refilled from the chunk iterator on demand."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks
        self.text = ""
        self.pos = 0
        self.base = 0  # characters dropped before ``text``
        self.eof = False

    def more(self, *, double: bool = False) -> bool:
        """Append the next chunk (with ``double``: chunks until the unread text has doubled)."""
        if self.eof:
            return False
        if self.pos > 1 << 20:
            self.base += self.pos
            self.text = self.text[self.pos :]
            self.pos = 0
        target = 2 * (len(self.text) - self.pos) if double else 0
        parts = [self.text]
        size = len(self.text) - self.pos
        while True:
            chunk = next(self.chunks, None)
            if chunk is None:
                self.eof = True
                break
            parts.append(chunk)
            size += len(chunk)
            if size >= target:
                break
        self.text = "".join(parts)
        return len(parts) > 1

    def skip_ws(self) -> str:
        """The next non-whitespace character ('' at the end)."""
        while True:
            m = _WS.match(self.text, self.pos)
            assert m is not None
            self.pos = m.end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    @property
    def where(self) -> str:
        return f"character {self.base + self.pos}"


def read_json(text: TextInput, info: FileInfo, options: ReadOptions, policy: ErrorPolicy) -> Iterator[Batch]:
    """Batches of a JSON document: array elements as records, or the whole document as record 0."""
    info.codec, info.bom = text.detected.codec, text.detected.bom
    head = text.head.decode(info.codec, errors="ignore")
    m = _INDENT.search(head[:4096])
    info.details.update(indent=m.group(1) if m else None, ensure_ascii=head.isascii() and "\\u" in head)
    info.details["max_depth"] = options.max_depth
    buf = _Buffer(text.text_chunks())
    source = info.source
    cap = options.max_record_bytes
    first_char = buf.skip_ws()
    if first_char == "":
        info.details["kind"] = "empty"
        info.final_newline = False
        yield Batch(source, 0, 0, {}, 0, [], BatchExtra(info, []))
        return
    if first_char != "[":
        info.details["kind"] = "value"
        while buf.more():
            if len(buf.text) > cap:
                raise policy.fatal("character 0", f"document longer than {cap} bytes (use JSON Lines)")
        try:
            value, end = _DECODER.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError as exc:
            raise policy.fatal(f"character {exc.pos}", _loads_error(exc)) from None
        except RecursionError:
            raise policy.fatal("character 0", f"nested deeper than {options.max_depth} levels") from None
        except ValueError as exc:
            raise policy.fatal("character 0", f"invalid JSON ({type(exc).__name__})") from None
        buf.pos = end
        if buf.skip_ws() != "":
            raise policy.fatal(buf.where, "extra data after the JSON document")
        info.final_newline = buf.text.endswith("\n")
        cols = _Columns(options)
        errors: list[ReadError] = []
        try:
            cols.add(iter_strings(value, max_depth=options.max_depth))
            records: list[object] = [value]
        except JsonTooDeepError as exc:
            errors.append(policy.report("record 0", str(exc)))
            cols.add([])
            records = [UNREADABLE]
        yield Batch(
            source,
            0,
            1,
            cols.columns,
            len(buf.text.encode(info.codec, "replace")),
            errors,
            BatchExtra(info, records),
        )
        return
    info.details["kind"] = "array"
    buf.pos += 1
    yield from _read_array(buf, info, options, policy)


def _read_array(buf: _Buffer, info: FileInfo, options: ReadOptions, policy: ErrorPolicy) -> Iterator[Batch]:
    source = info.source
    cap = options.max_record_bytes
    cols = _Columns(options)
    records: list[object] = []
    errors: list[ReadError] = []
    first = 0
    index = 0
    size = 0
    while True:
        c = buf.skip_ws()
        if c == "]":
            buf.pos += 1
            break
        if index:
            if c != ",":
                raise policy.fatal(buf.where, "invalid JSON (expecting ',' or ']' in the top-level array)")
            buf.pos += 1
            c = buf.skip_ws()
        if c == "":
            raise policy.fatal(buf.where, "invalid JSON (unexpected end of the document)")
        start = buf.base + buf.pos
        while True:
            try:
                value, end = _DECODER.raw_decode(buf.text, buf.pos)
                if end < len(buf.text) or buf.eof or not buf.more(double=True):
                    break
                continue
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(buf.text) - 16 or exc.msg.startswith("Unterminated")
                if incomplete and len(buf.text) - buf.pos <= cap and buf.more(double=True):
                    continue
                if len(buf.text) - buf.pos > cap:
                    raise policy.fatal(
                        f"character {start}", f"array element longer than {cap} bytes"
                    ) from None
                raise policy.fatal(f"character {buf.base + exc.pos}", _loads_error(exc)) from None
            except RecursionError:
                raise policy.fatal(
                    f"character {start}", f"nested deeper than {options.max_depth} levels"
                ) from None
            except ValueError as exc:
                raise policy.fatal(f"character {start}", f"invalid JSON ({type(exc).__name__})") from None
        element_size = end + buf.base - start
        buf.pos = end
        size += element_size
        try:
            if element_size > cap:
                errors.append(
                    policy.report(f"character {start} (record {index})", f"longer than {cap} bytes")
                )
                cols.add([])
                records.append(UNREADABLE)
            else:
                cols.add(iter_strings(value, max_depth=options.max_depth))
                records.append(value)
        except JsonTooDeepError as exc:
            errors.append(policy.report(f"character {start} (record {index})", str(exc)))
            cols.add([])
            records.append(UNREADABLE)
        index += 1
        if cols.n >= options.batch_records or size >= options.batch_bytes:
            yield Batch(source, first, cols.n, cols.columns, size, errors, BatchExtra(info, records))
            first += cols.n
            cols, records, errors, size = _Columns(options), [], [], 0
    if buf.skip_ws() != "":
        raise policy.fatal(buf.where, "extra data after the JSON document")
    info.final_newline = buf.text.endswith("\n")
    if cols.n or first == 0:
        yield Batch(source, first, cols.n, cols.columns, size, errors, BatchExtra(info, records))


class JsonDocumentWriter(FormatWriter):
    """Writes the document back: ``[`` + one element per record + ``]``, or the single value."""

    def _dump(self, value: object) -> str:
        assert self.info is not None
        indent = self.info.details.get("indent")
        ensure_ascii = bool(self.info.details.get("ensure_ascii"))
        if value is UNREADABLE:
            value = None
        if indent is None:
            return json.dumps(value, ensure_ascii=ensure_ascii)
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=str(indent))

    def _write(self, batch: Batch, extra: BatchExtra) -> None:
        assert self.info is not None and extra.records is not None
        kind = self.info.details.get("kind")
        max_depth = int(self.info.details.get("max_depth", 100))  # type: ignore[call-overload]
        parts: list[str] = []
        if kind == "array":
            indent = self.info.details.get("indent")
            for i, value in enumerate(extra.records):
                new = _replace(value, i, batch.columns, max_depth) if value is not UNREADABLE else value
                text = self._dump(new)
                sep = "[" if self.records_written + i == 0 else ","
                if indent is None:
                    parts.append(sep + text if sep == "[" else ", " + text)
                else:
                    parts.append(sep + "\n" + str(indent) + text.replace("\n", "\n" + str(indent)))
        elif extra.records:
            value = extra.records[0]
            new = _replace(value, 0, batch.columns, max_depth) if value is not UNREADABLE else value
            parts.append(self._dump(new))
        self.out.write(self.encode("".join(parts), batch.first_record))

    def _finish(self) -> None:
        assert self.info is not None
        tail = ""
        if self.info.details.get("kind") == "array":
            if self.records_written == 0:
                tail = "["
            tail += "\n]" if self.info.details.get("indent") is not None and self.records_written else "]"
        if self.info.final_newline and self.info.details.get("kind") != "empty":
            tail += "\n"
        self.out.write(self.encode(tail, self.next_record))
