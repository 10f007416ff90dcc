"""The personal-data scanner on Apache Spark: the local engine's per-batch function, run by Spark.

Nothing here detects anything: every Arrow batch that Spark hands to Python becomes a
:class:`~senim.privacy.types.Batch` and goes through :func:`senim.privacy.run._process` — the very
function the local engine runs per batch, in-process or in its worker processes — so Spark finds
exactly what ``senim scan`` finds (same records, fields, offsets, entities and scores) and redacts
exactly as it redacts.

DataFrames
----------
:func:`scan_dataframe` returns the findings (the contract's fields ``source, record, field,
start, end, entity, score, validated, masked`` plus the input's key columns) and
:func:`redact_dataframe` the same rows with every finding replaced; both are ``mapInArrow``
transformations (lazy, no data reaches the driver). :func:`summarise` turns findings into the
``--format json`` summary with Spark aggregations, distinct data subjects included (distinct keyed
digests of validated IINs, computed on the executors: no IIN reaches the driver).

Files
-----
:func:`scan_files` is what ``senim scan --engine spark`` and :mod:`senim.privacy.spark_job` run:

- Parquet files (and partitioned Parquet datasets: partition columns are kept, not scanned) are
  read by Spark itself; ``_metadata.file_path`` and ``_metadata.row_index`` give each row its
  source and record, numbered as the local reader numbers them;
- CSV, TSV, JSON, JSON Lines and text files (``.gz`` too) are read whole (``binaryFile``) and
  parsed on the executors by the local readers (:func:`senim.privacy.readers.iter_batches`), so
  encodings, dialects, key paths and record numbers are the local engine's;
- an unreadable file is reported with its path; ``on_error="skip"`` leaves it out and goes on,
  ``"fail"`` stops the scan.

Executors
---------
Compiled pattern databases and NER models are cached per Python process at module level
(:mod:`senim.privacy.scanner`, :mod:`senim.privacy.ner`); Spark reuses its Python workers
(``spark.python.worker.reuse``, on by default), so they are built once per executor process, not
per batch or task. A task that fails and is retried recomputes the same rows (the output is a
deterministic function of ``source`` and ``record``) and Spark's output commit keeps one attempt,
so a retry never duplicates findings.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import unquote, urlparse

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from senim.privacy.readers import detect_format, iter_batches, iter_files
from senim.privacy.readers.errors import ScanInputError, ScanOutputError
from senim.privacy.readers.parquet import open_parquet, string_values
from senim.privacy.redact import Mode, Pseudonymizer
from senim.privacy.run import RedactOptions, _process, _Work
from senim.privacy.scanner import Scanner
from senim.privacy.types import Batch, Finding, ReadError

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = [
    "FINDING_FIELDS",
    "SparkScan",
    "findings_schema",
    "redact_dataframe",
    "scan_dataframe",
    "scan_files",
    "spark_session",
    "subject_digest",
    "summarise",
]

#: The contract's fields of a finding, in order (``value`` only with ``show_values``).
FINDING_FIELDS: Final[tuple[str, ...]] = (
    "source",
    "record",
    "field",
    "start",
    "end",
    "entity",
    "score",
    "validated",
    "masked",
)
_SOURCE: Final = "__senim_source"
_RECORD: Final = "__senim_record"
_FINDINGS: Final = "__senim_findings"
_DIGITS: Final = re.compile(r"\D", re.ASCII)

_FINDING_TYPES: Final[dict[str, pa.DataType]] = {
    "source": pa.string(),
    "record": pa.int64(),
    "field": pa.string(),
    "start": pa.int32(),
    "end": pa.int32(),
    "entity": pa.string(),
    "score": pa.float64(),
    "validated": pa.bool_(),
    "masked": pa.string(),
    "value": pa.string(),
    "subject": pa.binary(),
}


def subject_digest(key: bytes, iin: str) -> bytes:
    """The keyed 8-byte digest that stands for a validated IIN in distinct-subject counts.

    The same digest :class:`senim.privacy.summary.ScanSummary` keeps (BLAKE2b of the IIN's digits,
    keyed), so Spark and local counts agree for the same key.
    """
    return hashlib.blake2b(_DIGITS.sub("", iin).encode(), key=key, digest_size=8).digest()


def findings_schema(*, show_values: bool = False, subjects: bool = False) -> pa.Schema:
    """The Arrow schema of the finding columns (without key columns)."""
    names = [*FINDING_FIELDS, *(["value"] if show_values else []), *(["subject"] if subjects else [])]
    return pa.schema(
        [pa.field(n, _FINDING_TYPES[n], nullable=n in ("field", "value", "subject")) for n in names]
    )


# ------------------------------------------------------------------------------ executor side


@dataclass(frozen=True)
class _Job:
    """What every executor needs (pickled with the closure; small)."""

    scanner: Scanner
    columns: tuple[str, ...]  # scanned columns
    keys: tuple[str, ...]  # key columns copied to every finding
    show_values: bool = False
    subject_key: bytes | None = None
    redact: RedactOptions | None = None
    emit_findings: bool = True  # findings rows (scan) or a findings array column (scan + redact)
    # file location (normalised) -> the source name the local engine gives that file
    labels: dict[str, str] = field(default_factory=dict)


def _work(job: _Job) -> _Work:
    """The local engine's per-batch configuration for a job (cheap: the compiled engines and the
    models it uses are cached per process by :mod:`senim.privacy.scanner` and :mod:`senim.privacy.ner`,
    and :func:`_warm` builds them before the first batch)."""
    _warm(job.scanner)
    return _Work(
        scanner=job.scanner,
        summary_key=job.subject_key or b"\0" * 16,
        keep_findings=True,
        jsonl=False,
        show_values=job.show_values,
        redact=job.redact,
    )


_WARM: set[frozenset[str]] = set()


def _warm(scanner: Scanner) -> None:
    """Build this process's pattern engine (and load its models) once, whatever the batch size."""
    if scanner.entities in _WARM:
        return
    scanner.scan_values(["warm-up: Иванов Иван, 8 701 234 56 78"], field=None)
    _WARM.add(scanner.entities)


def _finding_arrays(
    findings: Sequence[Finding], job: _Job, source: pa.Array | None, record: pa.Array | None
) -> dict[str, pa.Array]:
    """The finding columns; ``source``/``record`` give each batch row's place (else the finding's)."""
    rows = pa.array([f.record for f in findings], pa.int64())
    if source is None:
        sources = pa.array([f.source for f in findings], pa.string())
    else:
        sources = source.take(rows)
        if job.labels:
            sources = _relabel(sources, job.labels)
    out: dict[str, pa.Array] = {
        "source": sources,
        "record": record.take(rows) if record is not None else rows,
        "field": pa.array([f.field for f in findings], pa.string()),
        "start": pa.array([f.start for f in findings], pa.int32()),
        "end": pa.array([f.end for f in findings], pa.int32()),
        "entity": pa.array([f.entity for f in findings], pa.string()),
        "score": pa.array([f.score for f in findings], pa.float64()),
        "validated": pa.array([f.validated for f in findings], pa.bool_()),
        "masked": pa.array([f.masked for f in findings], pa.string()),
    }
    if job.show_values:
        out["value"] = pa.array([f.value for f in findings], pa.string())
    if job.subject_key is not None:
        key = job.subject_key
        out["subject"] = pa.array(
            [
                subject_digest(key, f.value) if f.validated and f.entity == "KZ_IIN" else None
                for f in findings
            ],
            pa.binary(),
        )
    return out


def normalise_location(location: str) -> str:
    """A file's location in one form: an absolute local path for ``file:`` URIs and paths, else the URI."""
    parsed = urlparse(location)
    if parsed.scheme == "file":
        return os.path.normpath(unquote(parsed.path))
    if not parsed.scheme or len(parsed.scheme) == 1:  # a path (relative to this process), or C:\…
        return os.path.abspath(location)
    return location


def _relabel(sources: pa.Array, labels: dict[str, str]) -> pa.Array:
    """Spark's file locations replaced by the sources the local engine would name (vectorised)."""
    distinct = pc.unique(sources)
    named = pa.array(
        [
            None if loc is None else labels.get(normalise_location(loc), normalise_location(loc))
            for loc in distinct.to_pylist()
        ],
        pa.string(),
    )
    return named.take(pc.index_in(sources, value_set=distinct))


def _batch_of(rb: pa.RecordBatch, job: _Job) -> Batch:
    names = rb.schema.names
    columns: dict[str | None, list[str | None]] = {
        name: string_values(rb.column(names.index(name))) for name in job.columns
    }
    return Batch("", 0, rb.num_rows, columns)


def _scan_batches(job: _Job, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body of :func:`scan_dataframe`: findings rows, key columns first."""
    work = _work(job)
    for rb in batches:
        if rb.num_rows == 0:
            continue
        done = _process(work, _batch_of(rb, job))
        findings = done.findings or []
        if not findings:
            continue
        rows = pa.array([f.record for f in findings], pa.int64())
        names = rb.schema.names
        arrays = {k: rb.column(names.index(k)).take(rows) for k in job.keys}
        arrays.update(
            _finding_arrays(findings, job, rb.column(names.index(_SOURCE)), rb.column(names.index(_RECORD)))
        )
        yield pa.RecordBatch.from_pydict(arrays)


def _redacted_columns(rb: pa.RecordBatch, job: _Job, redacted: Batch) -> list[pa.Array]:
    """``rb``'s columns, the scanned ones taken from the redacted batch (in their Arrow types)."""
    names = rb.schema.names
    out = list(rb.columns)
    for name in job.columns:
        values = redacted.columns.get(name)
        if values is None:
            continue
        i = names.index(name)
        original = rb.column(i)
        kind = original.type
        arr = pa.array(values, pa.string())
        out[i] = arr if arr.type.equals(kind) else arr.cast(kind)
    return out


def _redact_batches(job: _Job, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body of :func:`redact_dataframe` (and of the scan-and-redact pass)."""
    work = _work(job)
    finding_type = pa.struct(
        list(findings_schema(show_values=job.show_values, subjects=job.subject_key is not None))
    )
    for rb in batches:
        if rb.num_rows == 0:
            continue
        done = _process(work, _batch_of(rb, job))
        assert done.redacted is not None
        columns = _redacted_columns(rb, job, done.redacted)
        names = list(rb.schema.names)
        keep = [i for i, n in enumerate(names) if n not in (_SOURCE, _RECORD)]
        if not job.emit_findings:
            yield pa.RecordBatch.from_arrays([columns[i] for i in keep], names=[names[i] for i in keep])
            continue
        findings = done.findings or []
        arrays = _finding_arrays(
            findings, job, rb.column(names.index(_SOURCE)), rb.column(names.index(_RECORD))
        )
        flat = pa.StructArray.from_arrays(list(arrays.values()), names=list(arrays))
        # findings come in record order: row i's are offsets[i]:offsets[i + 1]
        counts = np.bincount(
            np.fromiter((f.record for f in findings), np.int64, len(findings)), minlength=rb.num_rows
        )
        offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
        per_row = pa.ListArray.from_arrays(pa.array(offsets), flat.cast(finding_type))
        yield pa.RecordBatch.from_arrays(
            [*(columns[i] for i in keep), per_row], names=[*(names[i] for i in keep), _FINDINGS]
        )


# ------------------------------------------------------------------------------ DataFrames


def _col(name: str) -> Column:
    from pyspark.sql import functions as F  # noqa: N812

    return F.col("`" + name.replace("`", "``") + "`")


def _as_column(value: str | Column | None, default: Callable[[], Column]) -> Column:
    if value is None:
        return default()
    if isinstance(value, str):
        return _col(value)
    return value


def _string_columns(df: DataFrame, exclude: Iterable[str]) -> list[str]:
    from pyspark.sql.types import StringType

    skip = set(exclude)
    return [f.name for f in df.schema.fields if isinstance(f.dataType, StringType) and f.name not in skip]


def _scanned_columns(df: DataFrame, columns: Sequence[str] | None, keys: Sequence[str]) -> list[str]:
    """The string columns to scan (checked), by default every string column but the keys."""
    from pyspark.sql.types import StringType

    scanned = list(columns) if columns is not None else _string_columns(df, keys)
    types = {f.name: f.dataType for f in df.schema.fields}
    for name in [*scanned, *keys]:
        if name not in types:
            raise ValueError(f"no column {name!r} in the DataFrame")
    for name in scanned:
        if not isinstance(types[name], StringType):
            raise ValueError(f"column {name!r} is not a string column")
    return scanned


def _prepare(
    df: DataFrame,
    columns: Sequence[str] | None,
    keys: Sequence[str],
    source: str | Column | None,
    record: str | Column | None,
) -> tuple[DataFrame, list[str]]:
    from pyspark.sql import functions as F  # noqa: N812

    scanned = _scanned_columns(df, columns, keys)
    src = _as_column(source, lambda: F.lit("dataframe"))
    rec = _as_column(record, F.monotonically_increasing_id)
    wanted = list(dict.fromkeys([*keys, *scanned]))
    return df.select(
        *[_col(c) for c in wanted], src.cast("string").alias(_SOURCE), rec.cast("long").alias(_RECORD)
    ), scanned


def _spark_findings_schema(df: DataFrame, keys: Sequence[str], show_values: bool, subjects: bool) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema
    from pyspark.sql.types import StructType

    base = from_arrow_schema(findings_schema(show_values=show_values, subjects=subjects))
    fields = [df.schema[k] for k in keys] + list(base.fields)
    return StructType(fields)


def _scanner(
    scanner: Scanner | None, entities: Iterable[str] | None, language: str, min_score: float
) -> Scanner:
    if scanner is not None:
        return scanner
    return Scanner(
        entities=list(entities) if entities is not None else None, language=language, min_score=min_score
    )


def scan_dataframe(
    df: DataFrame,
    columns: Sequence[str] | None = None,
    entities: Iterable[str] | None = None,
    *,
    key_columns: Sequence[str] = (),
    source: str | Column | None = None,
    record: str | Column | None = None,
    language: str = "auto",
    min_score: float = 0.4,
    show_values: bool = False,
    subject_key: bytes | None = None,
    scanner: Scanner | None = None,
) -> DataFrame:
    """Find personal data in the string columns of a DataFrame (lazy: a ``mapInArrow``).

    Parameters
    ----------
    df
        Any DataFrame.
    columns
        String columns to scan; ``None`` for every string column but the key columns.
    entities
        Contract entity names; ``None`` for all.
    key_columns
        Columns copied into every finding (e.g. a primary key), first.
    source, record
        Column names or expressions that place a row: a source label and its record number. By
        default ``"dataframe"`` and ``monotonically_increasing_id()``; for files read by Spark use
        ``F.col("_metadata.file_path")`` and (Parquet) ``F.col("_metadata.row_index")``.
    language, min_score
        As :class:`~senim.privacy.scanner.Scanner`.
    show_values
        Add ``value``, the raw text found (personal data: keep it out of shared storage).
    subject_key
        Add ``subject``: the keyed digest (:func:`subject_digest`) of each validated IIN, null
        otherwise, so that :func:`summarise` counts distinct data subjects.
    scanner
        A configured scanner (overrides ``entities``, ``language`` and ``min_score``).

    Returns
    -------
    DataFrame
        ``key_columns…, source, record, field, start, end, entity, score, validated, masked``
        (``value``, ``subject`` on request); one row per finding.
    """
    scan = _scanner(scanner, entities, language, min_score)
    prepared, scanned = _prepare(df, columns, key_columns, source, record)
    job = _Job(scan, tuple(scanned), tuple(key_columns), show_values, subject_key)
    return _scan_frame(prepared, df, job)


def _scan_frame(prepared: DataFrame, df: DataFrame, job: _Job) -> DataFrame:
    """The ``mapInArrow`` of :func:`scan_dataframe` over a prepared frame."""
    schema = _spark_findings_schema(df, job.keys, job.show_values, job.subject_key is not None)
    return prepared.mapInArrow(lambda it: _scan_batches(job, it), schema)


def redact_dataframe(
    df: DataFrame,
    columns: Sequence[str] | None = None,
    entities: Iterable[str] | None = None,
    *,
    mode: Mode = "mask",
    pseudonymizer: Pseudonymizer | None = None,
    language: str = "auto",
    min_score: float = 0.4,
    scanner: Scanner | None = None,
) -> DataFrame:
    """The DataFrame with every finding in its string columns replaced (same schema, same rows).

    Parameters
    ----------
    df, columns, entities, language, min_score, scanner
        As :func:`scan_dataframe`.
    mode
        ``"mask"`` (``*`` per character), ``"entity"`` (``<KZ_IIN>``) or ``"pseudonym"``.
    pseudonymizer
        For ``"pseudonym"``: keyed and deterministic, so the same value gets the same pseudonym on
        every executor (the key travels with the task: treat the job's closure as secret).

    Returns
    -------
    DataFrame
        ``df``'s schema; values replaced as :func:`senim.privacy.redact.redact_batch` replaces them.
    """
    if mode == "pseudonym" and pseudonymizer is None:
        raise ValueError("mode 'pseudonym' needs a Pseudonymizer")
    scan = _scanner(scanner, entities, language, min_score)
    scanned = _scanned_columns(df, columns, ())
    src, rec = _lits()
    prepared = df.select("*", src.alias(_SOURCE), rec.alias(_RECORD))
    job = _Job(scan, tuple(scanned), (), redact=RedactOptions("", mode, pseudonymizer), emit_findings=False)
    return prepared.mapInArrow(lambda it: _redact_batches(job, it), df.schema)


def _lits() -> tuple[Column, Column]:
    from pyspark.sql import functions as F  # noqa: N812

    return F.lit(""), F.lit(0).cast("long")


def _scan_and_redact(
    df: DataFrame,
    columns: Sequence[str],
    source: Column,
    record: Column,
    job: _Job,
) -> DataFrame:
    """One pass: ``df``'s rows redacted plus an array column of their findings (``_FINDINGS``)."""
    from pyspark.sql.pandas.types import from_arrow_schema
    from pyspark.sql.types import ArrayType, StructField, StructType

    prepared = df.select("*", source.cast("string").alias(_SOURCE), record.cast("long").alias(_RECORD))
    found = from_arrow_schema(
        findings_schema(show_values=job.show_values, subjects=job.subject_key is not None)
    )
    schema = StructType([*df.schema.fields, StructField(_FINDINGS, ArrayType(found, False), False)])
    return prepared.mapInArrow(lambda it: _redact_batches(job, it), schema)


def summarise(
    findings: DataFrame,
    *,
    records: int | None = None,
    n_bytes: int | None = None,
    sources: int | None = None,
    seconds: float | None = None,
    errors: Sequence[ReadError] = (),
    size_class: Callable[[int], str | None] | None = None,
) -> dict[str, Any]:
    """The ``--format json`` summary object of a findings DataFrame, by Spark aggregations.

    Counts per entity, field and source come from one ``groupBy`` (its result, one row per
    distinct combination, is what reaches the driver); distinct data subjects are
    ``count(DISTINCT subject)`` over the ``subject`` digests (:func:`scan_dataframe` with
    ``subject_key``); without that column they are ``None``.
    """
    from pyspark.sql import functions as F  # noqa: N812

    grouped = findings.groupBy("entity", "field", "source", "validated").agg(F.count(F.lit(1)).alias("n"))
    per_entity: Counter[str] = Counter()
    per_field: Counter[str] = Counter()
    per_source: Counter[str] = Counter()
    validated: Counter[str] = Counter()
    total = 0
    for row in grouped.toLocalIterator():
        n = int(row["n"])
        total += n
        per_entity[row["entity"]] += n
        per_field["(text)" if row["field"] is None else row["field"]] += n
        per_source[row["source"]] += n
        if row["validated"]:
            validated[row["entity"]] += n
    subjects: int | None = None
    if "subject" in findings.columns:
        distinct = findings.where(F.col("subject").isNotNull()).agg(F.count_distinct("subject")).first()
        subjects = int(distinct[0]) if distinct is not None else 0
    complete = not errors
    return {
        "complete": complete,
        "sources": sources if sources is not None else len(per_source),
        "records": records,
        "bytes": n_bytes,
        "seconds": round(seconds, 3) if seconds is not None else None,
        "mb_per_s": round(n_bytes / 1e6 / seconds, 2) if n_bytes and seconds else None,
        "finding_count": total,
        "entities": dict(sorted(per_entity.items())),
        "validated": dict(sorted(validated.items())),
        "fields": dict(sorted(per_field.items())),
        "per_source": dict(sorted(per_source.items())),
        "data_subjects": {
            "distinct_validated_iins": subjects,
            "size_class": size_class(subjects) if size_class is not None and subjects is not None else None,
            "basis": "KZ personal-data law Art. 25-1 (Law 326-VIII) [S], rules KZ-PD-25-1-* of the "
            "kz-personal-data pack; restricted-access data (biometric, health) moves an "
            "operator one class up, which a scan cannot tell",
        },
        "skipped": [{"source": e.source, "position": e.position, "message": e.message} for e in errors],
    }


# ------------------------------------------------------------------------------ files


@dataclass(frozen=True)
class _File:
    location: str  # as Spark reads it (a local path or a URI)
    label: str  # the source name the local engine gives it
    size: int
    root: str | None  # the folder given on the command line (None for a file given directly)
    partitions: tuple[str, ...] = ()  # hive-style partition columns of its path (k=v folders)


@dataclass
class SparkScan:
    """What :func:`scan_files` returns.

    ``findings`` is the findings DataFrame (read back from ``findings_out`` when it was written,
    else persisted); ``summary`` the ``--format json`` summary object; ``errors`` the unreadable
    parts that were skipped.
    """

    findings: DataFrame
    summary: dict[str, Any]
    errors: list[ReadError] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)


def _is_remote(path: str) -> bool:
    return urlparse(path).scheme not in ("", "file") and len(urlparse(path).scheme) > 1


def _partitions(relative: Path) -> tuple[str, ...]:
    return tuple(
        part.split("=", 1)[0] for part in relative.parts[:-1] if "=" in part and not part.startswith("=")
    )


def _list_files(spark: SparkSession, path: str) -> list[_File]:
    """The files of ``path`` in the local engine's order and names (hidden files skipped)."""
    if not _is_remote(path):
        local = Path(unquote(urlparse(path).path) if path.startswith("file:") else path)
        if local.is_dir():
            return [  # absolute locations: the JVM's working folder need not be this process's
                _File(
                    os.path.abspath(f),
                    str(f),
                    f.stat().st_size,
                    os.path.abspath(local),
                    _partitions(f.relative_to(local)),
                )
                for f in iter_files(local)
            ]
        if local.is_file():
            return [_File(os.path.abspath(local), path, local.stat().st_size, None)]
        raise ScanInputError(path, "file", "no such file or folder")
    jvm: Any = spark._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark._jsc.hadoopConfiguration())
    if not fs.exists(hpath):
        raise ScanInputError(path, "file", "no such file or folder")
    if fs.getFileStatus(hpath).isFile():
        return [_File(path, path, int(fs.getFileStatus(hpath).getLen()), None)]
    found: list[_File] = []
    it = fs.listFiles(hpath, True)
    root = str(hpath.toString()).rstrip("/")
    while it.hasNext():
        st = it.next()
        uri = str(st.getPath().toString())
        rel = uri[len(root) :].lstrip("/")
        if any(p.startswith((".", "_")) for p in rel.split("/")):
            continue
        found.append(_File(uri, uri, int(st.getLen()), root, _partitions(Path(rel))))
    return sorted(found, key=lambda f: f.location)


def _check_parquet(
    files: list[_File], on_error: str, errors: list[ReadError]
) -> tuple[list[_File], int | None]:
    """Parquet files whose footer reads (locally: remote files are checked by Spark), and their rows."""
    good: list[_File] = []
    rows = 0
    for f in files:
        if _is_remote(f.location):
            good.append(f)
            continue
        try:
            pf, spool = open_parquet(Path(f.location), f.label, False)
        except ScanInputError as exc:
            if on_error == "fail":
                raise
            errors.append(exc.to_read_error())
            continue
        rows += pf.metadata.num_rows
        if spool is not None:
            spool.close()
        good.append(f)
    remote = any(_is_remote(f.location) for f in good)
    return good, None if remote else rows


def _text_job_schema(job: _Job) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    found = from_arrow_schema(
        findings_schema(show_values=job.show_values, subjects=job.subject_key is not None)
    )
    text, number = StringType(), LongType()
    return StructType(
        [
            StructField("source", text),
            StructField("kind", text),
            StructField("record", number),
            StructField("field", text),
            StructField("value", text),
            StructField("n_bytes", number),
            StructField("position", text),
            StructField(_FINDINGS, ArrayType(found, False), True),
        ]
    )


def _read_files(
    job: _Job, encoding: str | None, batches: Iterable[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body for CSV/JSON/text files: each file read by the local readers.

    Output rows, by ``kind``: ``"f"`` one batch's findings (``__senim_findings``), ``"r"`` a redacted
    value (``record``, ``field``, ``value``), ``"n"`` a batch's record and byte counts, ``"e"`` an
    unreadable part (``position``, ``value`` = message, never content).
    """
    work = _work(job)
    finding_type = pa.struct(
        list(findings_schema(show_values=job.show_values, subjects=job.subject_key is not None))
    )

    def rows(source: str, kind: str, n: int, **cols: Any) -> pa.RecordBatch:
        data = {
            "source": pa.array([source] * n, pa.string()),
            "kind": pa.array([kind] * n, pa.string()),
            "record": cols.get("record", pa.nulls(n, pa.int64())),
            "field": cols.get("field", pa.nulls(n, pa.string())),
            "value": cols.get("value", pa.nulls(n, pa.string())),
            "n_bytes": cols.get("n_bytes", pa.nulls(n, pa.int64())),
            "position": cols.get("position", pa.nulls(n, pa.string())),
            _FINDINGS: cols.get(_FINDINGS, pa.nulls(n, pa.list_(finding_type))),
        }
        return pa.RecordBatch.from_pydict(data)

    with tempfile.TemporaryDirectory(prefix="senim-spark-") as tmp:
        for rb in batches:
            paths = rb.column(rb.schema.names.index("path")).to_pylist()
            contents = rb.column(rb.schema.names.index("content"))
            for i, location in enumerate(paths):
                label = job.labels.get(normalise_location(location), location)
                local = Path(tmp) / (Path(urlparse(location).path).name or "input")
                local.write_bytes(contents[i].as_py() or b"")
                try:
                    for batch in iter_batches(local, on_error="skip", encoding=encoding):
                        batch.source = label
                        if batch.errors:
                            n = len(batch.errors)
                            yield rows(
                                label,
                                "e",
                                n,
                                position=pa.array([e.position for e in batch.errors]),
                                value=pa.array([e.message for e in batch.errors]),
                            )
                        yield rows(
                            label,
                            "n",
                            1,
                            record=pa.array([batch.n_records], pa.int64()),
                            n_bytes=pa.array([batch.n_bytes], pa.int64()),
                        )
                        if not batch.n_records or not batch.columns:
                            continue
                        done = _process(work, batch)
                        findings = done.findings or []
                        if findings:
                            arrays = _finding_arrays(findings, job, None, None)
                            flat = pa.StructArray.from_arrays(list(arrays.values()), names=list(arrays))
                            lists = pa.ListArray.from_arrays(
                                pa.array([0, len(findings)], pa.int32()), flat.cast(finding_type)
                            )
                            yield rows(label, "f", 1, **{_FINDINGS: lists})
                        if done.redacted is not None and batch.extra is not None:
                            for name, values in done.redacted.columns.items():
                                n = len(values)
                                yield rows(
                                    label,
                                    "r",
                                    n,
                                    record=pa.array(
                                        range(batch.first_record, batch.first_record + n), pa.int64()
                                    ),
                                    field=pa.array([name] * n, pa.string()),
                                    value=pa.array(values, pa.string()),
                                )
                finally:
                    local.unlink(missing_ok=True)


def _failed_file(exc: BaseException, files: Sequence[_File]) -> _File | None:
    """The input file an executor failure names (Spark puts the path in its message)."""
    text = str(exc)
    for f in sorted(files, key=lambda f: -len(f.location)):  # the longest match: a/b.parquet, not a/b
        location = f.location if _is_remote(f.location) else os.path.abspath(f.location)
        if location in unquote(text):
            return f
    return None


def spark_session(
    master: str | None = None, *, app_name: str = "senim-scan", conf: dict[str, str] | None = None
) -> SparkSession:
    """The active SparkSession, or a new one on ``master``.

    ``master`` ``None`` keeps what ``spark-submit`` (or ``spark-defaults.conf``) configured; pyspark
    falls back to ``local[*]`` when nothing is configured. Unless ``PYSPARK_PYTHON`` (or
    ``spark.pyspark.python``) says otherwise, local Python workers run this interpreter.
    """
    from pyspark.sql import SparkSession

    local = master is None or master.startswith("local")
    if local and not os.environ.get("PYSPARK_PYTHON") and "spark.pyspark.python" not in (conf or {}):
        os.environ["PYSPARK_PYTHON"] = sys.executable  # local workers: this interpreter, which has senim
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def scan_files(
    spark: SparkSession,
    paths: Sequence[str],
    *,
    scanner: Scanner,
    on_error: Literal["fail", "skip"] = "fail",
    encoding: str | None = None,
    findings_out: str | None = None,
    redact_out: str | None = None,
    mode: Mode = "mask",
    pseudonymizer: Pseudonymizer | None = None,
    show_values: bool = False,
    subject_key: bytes | None = None,
    size_class: Callable[[int], str | None] | None = None,
) -> SparkScan:
    """Scan files and folders on Spark: the engine behind ``senim scan --engine spark``.

    Parameters
    ----------
    spark
        The session (local or a cluster).
    paths
        Files and folders (local paths, ``file:``, ``hdfs://``, ``s3a://`` … URIs); folders are
        read recursively, hidden files skipped, as the local engine does.
    scanner
        The configured scanner.
    on_error
        ``"fail"``: the first unreadable file stops the scan (:class:`ScanInputError` with its path;
        nothing is written); ``"skip"``: it is reported in ``errors`` and the summary.
    encoding
        Text encoding of CSV/JSON/text files (``None`` detects, as the local engine).
    findings_out
        Write the findings here as a Parquet dataset (must not exist).
    redact_out
        Write redacted data under this folder (must not exist or be empty): ``redacted/`` holds the
        Parquet inputs with their schema (partition columns kept), ``redacted_records/`` the
        values of the other inputs, one row per record and field (``source, record, field, value``).
    mode, pseudonymizer
        Redaction mode (as :func:`redact_dataframe`).
    show_values
        Keep raw values in the findings (``value``).
    subject_key
        Key of the distinct-subject digests (random when ``None``).
    size_class
        Maps distinct subjects to the personal-data law's size class (the summary's).

    Raises
    ------
    ScanInputError
        Under ``on_error="fail"``, for the first unreadable input (its path and position).
    ScanOutputError
        When an output exists already.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F  # noqa: N812

    started = time.perf_counter()
    key = subject_key or os.urandom(16)
    for out in (findings_out, redact_out):
        if (
            out is not None
            and not _is_remote(out)
            and Path(out).exists()
            and (not Path(out).is_dir() or any(Path(out).iterdir()))
        ):
            raise ScanOutputError(out, "folder", "the output must be a new or empty folder")
    if findings_out is not None and not _is_remote(findings_out):
        findings_out = os.path.abspath(findings_out)
    if redact_out is not None and not _is_remote(redact_out):
        redact_out = os.path.abspath(redact_out)
    errors: list[ReadError] = []
    files: list[_File] = []
    for p in paths:
        files.extend(_list_files(spark, p))
    parquet: list[_File] = []
    others: list[_File] = []
    for f in files:
        fmt, gz = detect_format(Path(urlparse(f.location).path).name)
        if fmt is None:
            error = ReadError(f.label, "file", "unsupported binary file type, not scanned")
            if on_error == "fail" and f.root is None:
                raise ScanInputError(error.source, error.position, error.message)
            errors.append(error)
        elif fmt == "parquet" and not gz:
            parquet.append(f)
        else:
            others.append(f)
    parquet, parquet_rows = _check_parquet(parquet, on_error, errors)
    labels = {normalise_location(f.location): f.label for f in files}
    redact = RedactOptions("", mode, pseudonymizer) if redact_out is not None else None
    finding_cols = list(findings_schema(show_values=show_values, subjects=True).names)
    outputs: dict[str, str] = {}
    persisted: list[DataFrame] = []
    findings_parts: list[DataFrame] = []
    records = 0
    n_bytes = 0
    sources = 0

    # Parquet: Spark reads, the local per-batch function scans (and redacts).
    wrote_findings = False
    excluded: set[str] = set()
    while parquet:
        todo = [f for f in parquet if f.location not in excluded]
        if not todo:
            break
        try:
            df, partition_columns = _read_parquet(spark, todo)
            scanned = _string_columns(df, partition_columns)
            pjob = _Job(scanner, tuple(scanned), (), show_values, key, redact, True, labels)
            source, record = F.col("_metadata.file_path"), F.col("_metadata.row_index")
            if redact_out is not None:
                both = _scan_and_redact(df, scanned, source, record, pjob).persist(StorageLevel.DISK_ONLY)
                persisted.append(both)
                target = _join(redact_out, "redacted")
                writer = both.drop(_FINDINGS).write.mode("errorifexists")
                if partition_columns:
                    writer = writer.partitionBy(*partition_columns)
                writer.parquet(target)  # the scan runs here: a corrupt file fails now
                outputs["redacted"] = target
                part = both.select(F.explode(_FINDINGS).alias("f")).select("f.*")
            else:
                prepared = df.select(
                    *[_col(c) for c in scanned], source.alias(_SOURCE), record.cast("long").alias(_RECORD)
                )
                part = _scan_frame(prepared, df, pjob)
            part = part.select(*finding_cols)
            if findings_out is not None:
                part.write.mode("errorifexists").parquet(findings_out)  # (or here)
                wrote_findings = True
            else:
                part = part.persist(StorageLevel.MEMORY_AND_DISK)
                part.count()  # (or here)
                persisted.append(part)
        except Exception as exc:
            bad = _failed_file(exc, todo)
            if bad is None or not _is_input_failure(exc):
                raise
            for d in persisted:
                d.unpersist()
            persisted.clear()
            for partial in (_join(redact_out, "redacted") if redact_out else None, findings_out):
                if partial is not None and not _is_remote(partial):
                    shutil.rmtree(partial, ignore_errors=True)
            error = ReadError(bad.label, "file", "not a readable Parquet file")
            if on_error == "fail":
                raise ScanInputError(error.source, error.position, error.message) from None
            errors.append(error)
            excluded.add(bad.location)
            parquet_rows = None
            continue
        if not wrote_findings:
            findings_parts.append(part)
        done_files = [f for f in parquet if f.location not in excluded]
        sources += len(done_files)
        n_bytes += sum(f.size for f in done_files)
        records += parquet_rows if parquet_rows is not None else df.count()
        break

    # CSV, JSON, JSON Lines, text: whole files, parsed by the local readers on the executors.
    if others:
        raw = spark.read.format("binaryFile").load([f.location for f in others]).select("path", "content")
        tjob = _Job(scanner, (), (), show_values, key, redact, True, labels)
        rows = raw.mapInArrow(lambda it: _read_files(tjob, encoding, it), _text_job_schema(tjob))
        rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
        persisted.append(rows)
        stats = (
            rows.where(F.col("kind").isin("n", "e"))
            .groupBy("source", "kind")
            .agg(
                F.sum("record").alias("records"),
                F.sum("n_bytes").alias("bytes"),
                F.first("position").alias("position"),
                F.first("value").alias("message"),
                F.count(F.lit(1)).alias("n"),
            )
            .orderBy("source", "kind")
        )
        text_errors: list[ReadError] = []
        for row in stats.toLocalIterator():
            if row["kind"] == "n":
                records += int(row["records"] or 0)
                n_bytes += int(row["bytes"] or 0)
                sources += 1
            else:
                text_errors.append(ReadError(row["source"], row["position"], row["message"]))
        if text_errors and on_error == "fail":
            first = text_errors[0]
            for d in persisted:
                d.unpersist()
            for written in [*outputs.values(), *([findings_out] if wrote_findings and findings_out else [])]:
                if not _is_remote(written):  # partial results are never left as if complete
                    shutil.rmtree(written, ignore_errors=True)
            raise ScanInputError(first.source, first.position, first.message)
        errors.extend(text_errors)
        if redact_out is not None:
            target = _join(redact_out, "redacted_records")
            rows.where(F.col("kind") == "r").select("source", "record", "field", "value").write.mode(
                "errorifexists"
            ).parquet(target)
            outputs["redacted_records"] = target
        text_findings = (
            rows.where(F.col("kind") == "f")
            .select(F.explode(_FINDINGS).alias("f"))
            .select("f.*")
            .select(*finding_cols)
        )
        if findings_out is not None:
            text_findings.write.mode("append" if wrote_findings else "errorifexists").parquet(findings_out)
            wrote_findings = True
        else:
            findings_parts.append(text_findings)

    if findings_out is not None:
        if not wrote_findings:
            from pyspark.sql.pandas.types import from_arrow_schema

            schema = from_arrow_schema(findings_schema(show_values=show_values, subjects=True))
            spark.createDataFrame([], schema).write.mode("errorifexists").parquet(findings_out)
        outputs["findings"] = findings_out
        for d in persisted:
            d.unpersist()
        findings = spark.read.parquet(findings_out)
    else:
        if not findings_parts:
            from pyspark.sql.pandas.types import from_arrow_schema

            schema = from_arrow_schema(findings_schema(show_values=show_values, subjects=True))
            findings_parts.append(spark.createDataFrame([], schema))
        findings = findings_parts[0]
        for other in findings_parts[1:]:
            findings = findings.unionByName(other)
        findings = findings.persist(StorageLevel.MEMORY_AND_DISK)
    summary = summarise(
        findings,
        records=records,
        n_bytes=n_bytes,
        sources=sources,
        seconds=time.perf_counter() - started,
        errors=errors,
        size_class=size_class,
    )
    public = findings.select(*[c for c in findings.columns if c != "subject"])
    return SparkScan(public, summary, errors, outputs)


def _is_input_failure(exc: BaseException) -> bool:
    text = str(exc)
    return "FAILED_READ_FILE" in text or "not a Parquet file" in text or "CANNOT_READ_FILE_FOOTER" in text


def _join(root: str, name: str) -> str:
    return root.rstrip("/") + "/" + name


def _read_parquet(spark: SparkSession, files: Sequence[_File]) -> tuple[DataFrame, list[str]]:
    """The Parquet files as one DataFrame (per root folder: partition columns from ``k=v`` folders)."""
    by_root: dict[str | None, list[_File]] = {}
    for f in files:
        by_root.setdefault(f.root, []).append(f)
    frames: list[DataFrame] = []
    partition_columns: list[str] = []
    for root, group in by_root.items():
        reader = spark.read.option("mergeSchema", "true")
        if root is not None and any(f.partitions for f in group):
            reader = reader.option("basePath", root)
            for f in group:
                partition_columns.extend(c for c in f.partitions if c not in partition_columns)
        frames.append(reader.parquet(*[f.location for f in group]))
    df = frames[0]
    for other in frames[1:]:
        df = df.unionByName(other, allowMissingColumns=True)
    return df, partition_columns
