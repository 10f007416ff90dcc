"""The Python API: scan and redact strings and in-memory tables.

>>> from senim.privacy import scan_text
>>> found = scan_text("ИИН 931105385718, тел. +7 701 123 45 67", entities=["KZ_IIN", "PHONE_NUMBER"])
>>> [f.entity for f in found]
['KZ_IIN', 'PHONE_NUMBER']

Tables may be a ``pyarrow.Table`` or ``RecordBatch``, a pandas or polars ``DataFrame``, or a mapping
of column name to a sequence of values. Only string columns are scanned (dictionary-encoded
strings too); other cells are skipped. Findings carry ``record`` = 0-based row and ``field`` =
column name, exactly like ``senim scan`` on a file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal

from senim.privacy.redact import Pseudonymizer, redact_value
from senim.privacy.scanner import Scanner
from senim.privacy.types import Batch, Finding, Span

__all__ = ["redact_table", "redact_text", "scan_table", "scan_text", "table_columns"]

Mode = Literal["mask", "entity", "pseudonym"]


@lru_cache(maxsize=32)
def _scanner(entities: frozenset[str] | None, language: str, min_score: float) -> Scanner:
    return Scanner(entities=entities, language=language, min_score=min_score)


def _get_scanner(
    scanner: Scanner | None, entities: Collection[str] | None, language: str, min_score: float
) -> Scanner:
    if scanner is not None:
        return scanner
    return _scanner(frozenset(entities) if entities is not None else None, language, min_score)


def scan_text(
    text: str,
    *,
    entities: Collection[str] | None = None,
    language: str = "auto",
    min_score: float = 0.4,
    source: str = "<text>",
    scanner: Scanner | None = None,
) -> list[Finding]:
    """Find personal data in one string.

    Parameters
    ----------
    text
        The string; offsets in the findings are ``str`` indices into it.
    entities
        Contract entity names to look for (default: all).
    language
        ``"auto"``, ``"kk"``, ``"ru"`` or ``"en"``.
    min_score
        Findings scoring below this are dropped.
    source
        The ``source`` the findings name.
    scanner
        A configured :class:`~senim.privacy.scanner.Scanner` (then ``entities``, ``language`` and
        ``min_score`` are its own).

    Returns
    -------
    list of Finding
        Sorted by position; ``record`` 0, ``field`` ``None``.
    """
    s = _get_scanner(scanner, entities, language, min_score)
    batch = Batch(source, 0, 1, {None: [text]}, len(text.encode("utf-8", "surrogatepass")))
    return Scanner.findings(batch, s.scan_batch(batch))


def redact_text(
    text: str,
    findings: Iterable[Finding] | None = None,
    *,
    mode: Mode = "mask",
    pseudonymizer: Pseudonymizer | None = None,
    entities: Collection[str] | None = None,
    language: str = "auto",
) -> str:
    """``text`` with its personal data replaced (found now unless ``findings`` are given)."""
    found = list(findings) if findings is not None else scan_text(text, entities=entities, language=language)
    spans = [Span(f.entity, f.start, f.end, f.score, f.validated) for f in found]
    return redact_value(text, spans, mode=mode, pseudonymizer=pseudonymizer)


def table_columns(table: Any) -> dict[str, list[str | None]]:
    """The string columns of a table as lists (``None`` for missing or non-string cells)."""
    if isinstance(table, Mapping):
        return {str(k): [v if isinstance(v, str) else None for v in col] for k, col in table.items()}
    module = type(table).__module__.split(".")[0]
    if module == "polars":
        table = table.to_arrow()
        module = "pyarrow"
    if module == "pyarrow":
        from senim.privacy.readers.parquet import is_string_type, string_values

        return {
            name: string_values(column)
            for name, column in zip(table.schema.names, table.columns, strict=True)
            if is_string_type(column.type)
        }
    if module == "pandas":
        out: dict[str, list[str | None]] = {}
        for name in table.columns:
            series = table[name]
            kind = str(series.dtype)
            if series.dtype == object or kind == "str" or kind.startswith("string"):
                values = series.tolist()
                if any(isinstance(v, str) for v in values):
                    out[str(name)] = [v if isinstance(v, str) else None for v in values]
        return out
    raise TypeError(
        f"scan_table: unsupported table type {type(table).__name__}; "
        "give a pyarrow Table/RecordBatch, a pandas or polars DataFrame, or a mapping of columns"
    )


def scan_table(
    table: Any,
    *,
    entities: Collection[str] | None = None,
    language: str = "auto",
    min_score: float = 0.4,
    source: str = "<table>",
    scanner: Scanner | None = None,
) -> list[Finding]:
    """Find personal data in the string columns of a table (see the module documentation)."""
    s = _get_scanner(scanner, entities, language, min_score)
    columns: dict[str | None, list[str | None]] = {}
    for name, values in table_columns(table).items():
        columns[name] = values
    n = max((len(c) for c in columns.values()), default=0)
    batch = Batch(source, 0, n, columns)
    return Scanner.findings(batch, s.scan_batch(batch))


def redact_table(
    table: Any,
    findings: Sequence[Finding] | None = None,
    *,
    mode: Mode = "mask",
    pseudonymizer: Pseudonymizer | None = None,
    entities: Collection[str] | None = None,
    language: str = "auto",
) -> Any:
    """A copy of ``table`` (same type, rows, column order and types) with its findings replaced."""
    found = (
        list(findings) if findings is not None else scan_table(table, entities=entities, language=language)
    )
    columns = table_columns(table)
    by_cell: dict[tuple[str, int], list[Span]] = {}
    for f in found:
        if f.field is not None and f.field in columns:
            by_cell.setdefault((f.field, f.record), []).append(Span(f.entity, f.start, f.end, f.score))
    new: dict[str, list[str | None]] = {}
    for (name, row), spans in by_cell.items():
        column = new.setdefault(name, list(columns[name]))
        value = column[row]
        if value is not None:
            column[row] = redact_value(value, spans, mode=mode, pseudonymizer=pseudonymizer)
    if isinstance(table, Mapping):
        return {k: (new[str(k)] if str(k) in new else list(v)) for k, v in table.items()}
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        copy = table.copy()
        for name, values in new.items():
            original = copy[name]
            copy[name] = [
                v if isinstance(o, str) else o for v, o in zip(values, original.tolist(), strict=True)
            ]
            copy[name] = copy[name].astype(original.dtype)
        return copy
    import pyarrow as pa

    is_polars = module == "polars"
    arrow = table.to_arrow() if is_polars else table
    arrays = []
    for name, column in zip(arrow.schema.names, arrow.columns, strict=True):
        if name in new:
            arrays.append(
                pa.array(
                    new[name],
                    type=column.type if not pa.types.is_dictionary(column.type) else column.type.value_type,
                ).cast(column.type)
            )
        else:
            arrays.append(column)
    if isinstance(arrow, pa.RecordBatch):
        result: Any = pa.RecordBatch.from_arrays(arrays, schema=arrow.schema)
    else:
        result = pa.Table.from_arrays(arrays, schema=arrow.schema)
    if is_polars:
        import polars as pl

        return pl.from_arrow(result)
    return result
