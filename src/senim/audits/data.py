"""Reading decision data for audits, turning outcome columns into 0/1 labels, and example data.

- :func:`read_table` reads CSV (encoding and delimiter sniffed), Parquet (only the columns asked
  for) or the result of an SQL query over a SQLAlchemy URL, opened read-only, into a
  :class:`pyarrow.Table`.
- :func:`binary_labels` turns a target or prediction column into a ``uint8`` array of 0/1, refusing
  missing values (naming the row) and non-binary outcomes without a positive label.
- :func:`make_credit_decisions` generates seeded credit decisions with a known, planted disparity,
  so tests and the shipped example can check that an audit finds it.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from senim.audits.errors import AuditInputError

__all__ = [
    "AGE_BANDS",
    "CSV_SUFFIXES",
    "DISADVANTAGED_REGIONS",
    "PARQUET_SUFFIXES",
    "REGIONS",
    "binary_labels",
    "make_credit_decisions",
    "read_table",
]

CSV_SUFFIXES = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
_SNIFF_BYTES = 1 << 20
_DELIMITERS = ",;\t|"
_SQL_BATCH = 100_000

# The 17 regions (oblys) of Kazakhstan since 2022; the three cities of republican significance are
# not included.
REGIONS = (
    "Abai", "Akmola", "Aktobe", "Almaty", "Atyrau", "East Kazakhstan", "Jambyl", "Jetisu", "Karaganda",
    "Kostanay", "Kyzylorda", "Mangystau", "North Kazakhstan", "Pavlodar", "Turkistan", "Ulytau",
    "West Kazakhstan",
)  # fmt: skip
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
#: Regions whose applicants are disadvantaged by half the planted disparity (place of residence is
#: a protected ground under KZ AI law Art. 6).
DISADVANTAGED_REGIONS = ("Kyzylorda", "Turkistan")


# ------------------------------------------------------------------------------------------ reading


def read_table(
    source: str,
    *,
    columns: Sequence[str] | None = None,
    query: str | None = None,
    database_url: str | None = None,
) -> pa.Table:
    """Read decision data into an Arrow table.

    Parameters
    ----------
    source : str
        A ``.csv``/``.tsv``/``.txt`` file (optionally ``.gz``), a ``.parquet`` file, or — with
        ``query`` — a SQLAlchemy database URL (``database_url`` may be given instead).
    columns : sequence of str, optional
        Only these columns are read (Parquet and CSV read nothing else); a missing one is an error
        that lists the available columns.
    query : str, optional
        A single ``SELECT`` (or ``WITH … SELECT``) statement run over ``database_url``/``source``.
        The connection is made read-only where the database supports it (SQLite ``query_only``,
        PostgreSQL and MySQL read-only transactions) and is always rolled back.
    database_url : str, optional
        The SQLAlchemy URL for ``query``.

    Returns
    -------
    pyarrow.Table

    Raises
    ------
    AuditInputError
        Unknown format, unreadable file, undecodable text, missing columns, a query that is not a
        single ``SELECT``, or a database error; the message names the file or query.

    Notes
    -----
    CSV encoding: a UTF-8 byte-order mark selects ``utf-8-sig``; otherwise the first megabyte must
    decode as UTF-8, else ``cp1251`` (common in Kazakh and Russian legacy exports) is used; a file
    that turns out not to be UTF-8 further on is read again as ``cp1251``. The delimiter is one of
    ``, ; TAB |``, sniffed from the first lines (``.tsv``: tab).
    """
    wanted = list(columns) if columns is not None else None
    if query is not None or database_url is not None:
        url = database_url if database_url is not None else source
        if query is None:
            raise AuditInputError(f"a database source needs a query (SELECT ...): {_redact_url(url)}")
        return _read_sql(url, query, wanted)
    path = Path(source)
    name = path.name.lower()
    if not path.exists():
        raise AuditInputError(f"{source}: no such file")
    if path.is_dir():
        raise AuditInputError(f"{source}: is a folder; give a CSV or Parquet file")
    if name.endswith(PARQUET_SUFFIXES):
        return _read_parquet(path, wanted)
    if name.endswith(CSV_SUFFIXES):
        return _read_csv(path, wanted)
    raise AuditInputError(
        f"{source}: unknown data format; use CSV ({', '.join(CSV_SUFFIXES)}), Parquet "
        f"({', '.join(PARQUET_SUFFIXES)}) or --query with --database"
    )


def _missing(source: str, wanted: Sequence[str] | None, available: Sequence[str]) -> None:
    if wanted is None:
        return
    absent = [c for c in wanted if c not in available]
    if absent:
        raise AuditInputError(
            f"{source}: column{'s' if len(absent) > 1 else ''} {', '.join(map(repr, absent))} not found; "
            f"available: {', '.join(map(repr, available)) or '(none)'}"
        )


def _read_parquet(path: Path, wanted: list[str] | None) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        _missing(str(path), wanted, schema.names)
        return pq.read_table(path, columns=wanted)
    except AuditInputError:
        raise
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise AuditInputError(f"{path}: not a readable Parquet file ({exc})") from None


def _head(path: Path, gz: bool) -> bytes:
    try:
        if gz:
            with gzip.open(path, "rb") as fh:
                return fh.read(_SNIFF_BYTES)
        with path.open("rb") as fh:
            return fh.read(_SNIFF_BYTES)
    except (OSError, EOFError) as exc:
        raise AuditInputError(f"{path}: cannot read ({exc})") from None


def _sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    complete = len(head) < _SNIFF_BYTES
    try:
        head.decode("utf-8") if complete else codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _sniff_delimiter(text: str, name: str) -> str:
    if name.endswith((".tsv", ".tsv.gz")):
        return "\t"
    lines = text.splitlines()[:50]
    if len(lines) > 1 and not text.endswith(("\n", "\r")) and len(text.encode()) >= _SNIFF_BYTES - 4:
        lines = lines[:-1]  # the last line may be cut
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        counts = {d: header.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path, wanted: list[str] | None) -> pa.Table:
    from pyarrow import csv as pacsv

    gz = path.name.lower().endswith(".gz")
    head = _head(path, gz)
    if not head.strip():
        raise AuditInputError(f"{path}: the file is empty")
    encoding = _sniff_encoding(head)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    delimiter = _sniff_delimiter(text, path.name.lower())
    first = text.splitlines()[0] if text.splitlines() else ""
    header = next(csv.reader([first], delimiter=delimiter), [])
    _missing(str(path), wanted, header)

    def attempt(enc: str) -> pa.Table:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=enc, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(include_columns=wanted),
        )

    try:
        try:
            table = attempt(encoding)
            if encoding == "utf-8" and any(
                pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type) for f in table.schema
            ):  # text that is not UTF-8 further on: Arrow falls back to bytes
                return attempt("cp1251")
            return table
        except pa.ArrowInvalid as exc:
            if encoding == "utf-8" and "utf8" in str(exc).lower().replace("-", ""):
                return attempt("cp1251")
            raise
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise AuditInputError(
            f"{path}: cannot read as CSV (delimiter {delimiter!r}, {encoding}): {_csv_problem(exc)}"
        ) from None


def _csv_problem(exc: BaseException) -> str:
    """What Arrow found wrong in a CSV file, without the row or value it quotes (personal data)."""
    text = str(exc)
    parts = []
    column = re.search(r"In CSV column #(\d+)", text)
    if column:
        parts.append(f"column {int(column[1]) + 1}")
    row = re.search(r"Row #(\d+)", text)
    if row:
        parts.append(f"row {row[1]}")
    counts = re.search(r"Expected (\d+) columns?, got (\d+)", text)
    conversion = re.search(r"conversion error to ([\w\[\]()., ]+?):", text)
    if counts:
        parts.append(f"expected {counts[1]} columns, found {counts[2]}")
    elif conversion:
        parts.append(f"a value cannot be read as {conversion[1]}")
    elif "Empty CSV file" in text:
        parts.append("empty CSV file")
    elif isinstance(exc, OSError) and not isinstance(exc, pa.ArrowException):
        parts.append(exc.strerror or type(exc).__name__)
    else:
        parts.append(f"{type(exc).__name__} (details left out: they may quote the data)")
    return ": ".join(parts)


_SELECT = re.compile(r"^\s*(?:\(\s*)*(select|with)\b", re.IGNORECASE)
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")


def _redact_url(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _check_query(query: str) -> str:
    body = _COMMENTS.sub(" ", query).strip()
    if body.endswith(";"):
        body = body[:-1].rstrip()
    if ";" in _QUOTED.sub("''", body):
        raise AuditInputError("the query must be a single statement (found ';' between statements)")
    if not _SELECT.match(body):
        raise AuditInputError("the query must be a SELECT (or WITH ... SELECT) statement; data is only read")
    return body


def _read_sql(url: str, query: str, wanted: list[str] | None) -> pa.Table:
    import sqlalchemy as sa

    statement = _check_query(query)
    shown = _redact_url(url)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError, ValueError) as exc:
        raise AuditInputError(f"{shown}: not a usable database URL ({exc})") from None
    try:
        with engine.connect() as conn:
            dialect = engine.dialect.name
            if dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA query_only = ON")
            elif dialect in {"postgresql", "mysql", "mariadb"}:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            try:
                result = conn.execute(sa.text(statement))
                names = list(result.keys())
                _missing(f"query on {shown}", wanted, names)
                chunks: list[list[pa.Array]] = [[] for _ in names]
                while rows := result.fetchmany(_SQL_BATCH):
                    for j, values in enumerate(zip(*rows, strict=True)):
                        chunks[j].append(pa.array(values))
                table = pa.table({n: _column(c) for n, c in zip(names, chunks, strict=True)})
            finally:
                conn.rollback()
    except AuditInputError:
        raise
    except (sa.exc.SQLAlchemyError, pa.ArrowException) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AuditInputError(f"query on {shown} failed: {first}") from None
    finally:
        engine.dispose()
    return table.select(wanted) if wanted is not None else table


def _column(chunks: list[pa.Array]) -> pa.ChunkedArray:
    """One column from per-batch arrays whose inferred types may differ (a batch of only NULLs)."""
    types = {c.type for c in chunks if not pa.types.is_null(c.type)}
    if not types:
        return pa.chunked_array(chunks, type=pa.null())
    if len(types) == 1:
        (common,) = types
        return pa.chunked_array([c.cast(common) for c in chunks], type=common)
    return pa.chunked_array([pa.array([v for c in chunks for v in c.to_pylist()])])


# ------------------------------------------------------------------------------------------- labels

_TRUE_TEXT = {"true", "1", "yes", "y", "t"}
_FALSE_TEXT = {"false", "0", "no", "n", "f"}


def _coerce_positive(positive: object, dtype: pa.DataType) -> tuple[bool, object]:
    """``positive`` as a value of ``dtype`` (the CLI passes text); ``(False, None)`` when it is not one."""
    if isinstance(positive, str) and not pa.types.is_string(dtype) and not pa.types.is_large_string(dtype):
        text = positive.strip()
        if pa.types.is_boolean(dtype):
            low = text.lower()
            if low in _TRUE_TEXT:
                return True, True
            if low in _FALSE_TEXT:
                return True, False
            return False, None
        if pa.types.is_integer(dtype):
            try:
                return True, int(text)
            except ValueError:
                try:
                    as_float = float(text)
                except ValueError:
                    return False, None
                return (True, int(as_float)) if as_float.is_integer() else (False, None)
        if pa.types.is_floating(dtype):
            try:
                return True, float(text)
            except ValueError:
                return False, None
        return False, None
    if pa.types.is_boolean(dtype):
        return (True, positive) if isinstance(positive, bool | np.bool_) else (False, None)
    if pa.types.is_integer(dtype) or pa.types.is_floating(dtype):
        ok = isinstance(positive, int | float | np.integer | np.floating) and not isinstance(positive, bool)
        return (True, positive) if ok else (False, None)
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return (True, positive) if isinstance(positive, str) else (True, str(positive))
    return True, positive


def _first_missing(arr: pa.ChunkedArray) -> tuple[int, int] | None:
    """(first row, count) of nulls and NaNs, or None."""
    missing = pc.is_null(arr, nan_is_null=True)
    n_missing = int(pc.sum(missing).as_py() or 0)
    if n_missing == 0:
        return None
    first = int(np.flatnonzero(missing.to_numpy(zero_copy_only=False))[0])
    return first, n_missing


def binary_labels(
    values: pa.ChunkedArray | pa.Array | npt.NDArray[Any],
    *,
    positive: object | None,
    name: str,
) -> npt.NDArray[np.uint8]:
    """Turn an outcome column into 0/1 labels (1 = the positive, usually favourable, outcome).

    Parameters
    ----------
    values : pyarrow.ChunkedArray, pyarrow.Array or numpy.ndarray
        The target or prediction column.
    positive : object or None
        The value that means "positive". Text is converted to the column's type (``"1"`` for an
        integer column, ``"true"`` for a boolean one). Without it only boolean columns and columns
        whose values are all 0 or 1 are accepted. A boolean or 0/1 column to whose type ``positive``
        cannot be converted (``"approved"`` for a 0/1 column) keeps 1/true as positive, so one
        ``--positive`` can serve a text target and a 0/1 prediction.
    name : str
        The column's name, used in error messages.

    Returns
    -------
    numpy.ndarray of uint8
        1 where the value is the positive label, else 0.

    Raises
    ------
    AuditInputError
        A missing value (null or NaN; the message gives the first row, 0-based, and the count),
        more than two distinct values, two values without ``positive``, a ``positive`` that is not
        one of two values present, or values that look like scores (fractions between 0 and 1).
    """
    arr = _as_chunked(values, name)
    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype=np.uint8)
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    if pa.types.is_null(arr.type):
        raise AuditInputError(f"column {name!r} is entirely empty (first missing value at row 0, {n} in all)")
    miss = _first_missing(arr)
    if miss is not None:
        row, count = miss
        raise AuditInputError(
            f"column {name!r} has a missing value (null/NaN) at row {row} (0-based; {count} missing in "
            "all); remove or fill those rows before auditing"
        )
    dtype = arr.type
    distinct = pc.unique(arr)
    if len(distinct) > 2:
        shown = ", ".join(_label_shown(v) for v in distinct.slice(0, 6).to_pylist())
        more = ", ..." if len(distinct) > 6 else ""
        hint = ""
        if pa.types.is_floating(dtype):
            fractional = pc.any(pc.not_equal(pc.floor(arr), arr)).as_py()
            if fractional:
                hint = "; it looks like a score: pass it as the score column and give 0/1 decisions"
        raise AuditInputError(
            f"column {name!r} is not binary: {len(distinct)} distinct values ({shown}{more}){hint}"
        )
    present = distinct.to_pylist()
    zero_one = pa.types.is_boolean(dtype) or (
        (pa.types.is_integer(dtype) or pa.types.is_floating(dtype)) and set(present) <= {0, 1}
    )
    if positive is not None:
        ok, pos = _coerce_positive(positive, dtype)
        if not ok and not zero_one:
            raise AuditInputError(
                f"positive label {positive!r} is not a value of column {name!r} ({dtype}); "
                f"values: {_labels_shown(present)}"
            )
        if ok:
            if len(present) == 2 and pos not in present:
                raise AuditInputError(
                    f"positive label {positive!r} is not one of the values of column {name!r}: "
                    f"{_labels_shown(present)}"
                )
            if pa.types.is_floating(dtype) and isinstance(pos, float) and math.isnan(pos):
                raise AuditInputError(f"positive label for column {name!r} cannot be NaN")
            try:
                mask = pc.equal(arr, pa.scalar(pos, type=dtype))
            except (pa.ArrowException, TypeError, ValueError) as exc:
                raise AuditInputError(
                    f"positive label {positive!r} cannot be compared with column {name!r} ({dtype}): {exc}"
                ) from None
            return _to_uint8(mask)
    if not zero_one:
        raise AuditInputError(
            f"column {name!r} has values {_labels_shown(present)}, not 0/1 or true/false; say which one is "
            "the positive "
            "outcome (positive=..., --positive VALUE)"
        )
    if pa.types.is_boolean(dtype):
        return _to_uint8(arr)
    return _to_uint8(pc.equal(arr, pa.scalar(1, type=dtype)))


_NOT_A_LABEL = re.compile(r"\d{5}|@")


def _label_shown(value: object) -> str:
    """A value quoted in an error only when it looks like an outcome label (short, no long number, no
    e-mail): the wrong column may hold identifiers, and errors must not carry personal data."""
    text = str(value)
    if isinstance(value, bool) or (len(text) <= 24 and _NOT_A_LABEL.search(text) is None):
        return repr(value)
    return "<a value not shown>"


def _labels_shown(values: Sequence[object]) -> str:
    return "[" + ", ".join(_label_shown(v) for v in values) + "]"


def _as_chunked(values: pa.ChunkedArray | pa.Array | npt.NDArray[Any], name: str) -> pa.ChunkedArray:
    if isinstance(values, pa.ChunkedArray):
        return values
    if isinstance(values, pa.Array):
        return pa.chunked_array([values])
    try:
        array = np.asarray(values)
        if array.ndim != 1:
            raise AuditInputError(f"column {name!r} must be one-dimensional, got shape {array.shape}")
        if array.dtype == object:
            return pa.chunked_array([pa.array(array.tolist(), from_pandas=True)])
        return pa.chunked_array([pa.array(array, from_pandas=True)])
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise AuditInputError(f"column {name!r}: mixed or unsupported values ({exc})") from None


def _to_uint8(mask: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.uint8]:
    chunks = mask.chunks if isinstance(mask, pa.ChunkedArray) else [mask]
    if not chunks:
        return np.zeros(0, dtype=np.uint8)
    parts = [np.asarray(c.to_numpy(zero_copy_only=False), dtype=np.bool_) for c in chunks]
    out = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return out.view(np.uint8)


# --------------------------------------------------------------------------------------- generator


def _sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 0.5 * (1.0 + np.tanh(0.5 * x))  # stable for large |x|
    return out


def make_credit_decisions(
    n: int,
    *,
    seed: int,
    disparity: float = 1.0,
    features: bool = True,
) -> pa.Table:
    """Seeded synthetic credit decisions with a known, planted disparity.

    Every applicant's true ability to repay depends only on the financial features, which are drawn
    identically for every sex, age band and region, so groups differ in ``y_true`` only by chance.
    The lender's model sees the same features but its log-odds are lowered by ``disparity`` for
    women and by ``disparity / 2`` for applicants from :data:`DISADVANTAGED_REGIONS`: that is the
    planted discrimination an audit must find (KZ AI law Art. 6: sex, place of residence).

    Parameters
    ----------
    n : int
        Number of applications (rows); vectorised, 10 million take a few seconds.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same table.
    disparity : float, default 1.0
        Log-odds penalty of the planted discrimination; 0 plants none (groups then differ only by
        chance). At 1.0 about 37% of women are approved against 67% of men (demographic parity
        difference ≈ 0.30), and about 38% in the two disadvantaged regions against ≈ 53% elsewhere.
    features : bool, default True
        Include the applicant features (``income``, ``loan_amount``, ``credit_history_years``,
        ``debt_to_income``, ``employment``); without them only the audited columns are built.

    Returns
    -------
    pyarrow.Table
        Columns: ``application_id``, the features, ``sex`` (F/M), ``age_band`` (6 bands),
        ``region`` (17 regions of Kazakhstan), ``y_true`` (1 = repaid), ``score`` (the model's
        probability of repayment), ``y_pred`` (1 = approved, ``score >= 0.5``).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    sex_code = (rng.random(n) < 0.5).astype(np.int8)  # 0 = F, 1 = M
    region_p = np.linspace(1.6, 0.6, len(REGIONS))
    region_code = rng.choice(len(REGIONS), size=n, p=region_p / region_p.sum()).astype(np.int8)
    age_code = rng.choice(len(AGE_BANDS), size=n, p=[0.12, 0.26, 0.24, 0.18, 0.13, 0.07]).astype(np.int8)
    income = np.exp(rng.normal(12.6, 0.5, n))  # monthly, tenge; median ≈ 300k
    loan = np.exp(rng.normal(14.2, 0.7, n))
    history = rng.gamma(2.0, 3.0, n)
    dti = np.clip(rng.beta(2.0, 5.0, n), 0.0, 0.95)
    employed = rng.random(n) < 0.82
    merit = (
        0.9 * (np.log(income) - 12.6) / 0.5
        - 0.6 * (np.log(loan) - 14.2) / 0.7
        + 0.35 * (history - 6.0) / 4.2
        - 2.5 * (dti - 0.29)
        + 0.8 * (employed - 0.82)
        + 0.6
    )
    y_true = (rng.random(n) < _sigmoid(merit + rng.normal(0.0, 0.8, n))).astype(np.uint8)
    penalty = disparity * (sex_code == 0)
    disadvantaged = np.isin(region_code, [REGIONS.index(r) for r in DISADVANTAGED_REGIONS])
    penalty = penalty + 0.5 * disparity * disadvantaged
    score = np.round(_sigmoid(merit - penalty + rng.normal(0.0, 0.3, n)), 6)
    y_pred = (score >= 0.5).astype(np.uint8)

    def categorical(codes: npt.NDArray[np.int8], labels: Sequence[str]) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(list(labels))).cast(pa.string())

    cols: dict[str, Any] = {"application_id": pa.array(np.arange(1, n + 1, dtype=np.int64))}
    if features:
        cols |= {
            "income": pa.array(np.round(income, -2)),
            "loan_amount": pa.array(np.round(loan, -3)),
            "credit_history_years": pa.array(np.round(history, 1)),
            "debt_to_income": pa.array(np.round(dti, 3)),
            "employment": categorical(employed.astype(np.int8), ["other", "employed"]),
        }
    cols |= {
        "sex": categorical(sex_code, ["F", "M"]),
        "age_band": categorical(age_code, AGE_BANDS),
        "region": categorical(region_code, REGIONS),
        "y_true": pa.array(y_true),
        "score": pa.array(score),
        "y_pred": pa.array(y_pred),
    }
    return pa.table(cols)
