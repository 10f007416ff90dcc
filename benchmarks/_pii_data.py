"""Seeded, cached data sets for ``pii_speed.py``: a large mixed kk/ru/en text file and a Parquet register.

Text (``build_text``)
    Lines come from :func:`senim.privacy.eval.generator.generate_texts` (bank statements, HR
    records, complaints, chats …), generated in seeded chunks by worker processes. To get a
    realistic personal-data density (``shared/design/privacy-notes.md`` §4: about a quarter of the
    lines carry one or two identifiers), ``1 - pii_share`` of the lines have their gold spans
    replaced by neutral words ("клиент", "көрсетілмеген", "n/a"); their decoys (order numbers with a
    bad check digit, Luhn-invalid cards, dates that are not birth dates, amounts) stay, so the
    PII-free lines are still full of look-alikes. Every line is a fresh draw: nothing repeats.

Table (``build_table``)
    A client register with the columns of :func:`generate_table` (ФИО, ИИН, телефон, e-mail,
    адрес, IBAN, карта, номер заказа, comment …). ``generate_table`` draws about 4,000 rows/s, so a
    pool of rows is generated once and the table is recombined from it column by column with seeded
    NumPy indices; the ИИН column is drawn fresh for every row (vectorised two-pass mod-11), so the
    distinct-data-subject count grows with the table as in a real register.

Files are cached in a work folder under names that carry the seed, the size and a format version,
and are written to a temporary name first, so an interrupted run never leaves a truncated file.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["build_table", "build_text", "fresh_iins", "prefix_file"]

#: Bump when the generated content changes, so stale caches are not reused.
DATA_VERSION = 1

_CHUNK_DOCS = 4000
_FILLER: dict[str, dict[str, str]] = {
    "ru": {"PERSON": "клиент", "STREET_ADDRESS": "адрес не указан", "*": "не указан"},
    "kk": {"PERSON": "клиент", "STREET_ADDRESS": "мекенжайы көрсетілмеген", "*": "көрсетілмеген"},
    "en": {"PERSON": "the client", "STREET_ADDRESS": "address withheld", "*": "n/a"},
}


# ------------------------------------------------------------------------------------------- text


def _text_chunk(job: tuple[int, int, float]) -> bytes:
    """Chunk ``k`` of the text corpus: ``_CHUNK_DOCS`` lines, UTF-8, newline-terminated."""
    from senim.privacy.eval.generator import generate_texts

    seed, k, pii_share = job
    rng = random.Random(f"{seed}:{k}:mask")
    lines: list[str] = []
    for doc in generate_texts(_CHUNK_DOCS, seed=seed * 1_000_003 + k):
        text = doc.text
        if doc.spans and rng.random() >= pii_share:
            fill = _FILLER.get(doc.language, _FILLER["en"])
            for span in sorted(doc.spans, key=lambda s: s.start, reverse=True):
                word = fill.get(span.entity, fill["*"])
                text = text[: span.start] + word + text[span.end :]
        lines.append(text.replace("\n", " ").replace("\r", " "))
    lines.append("")
    return "\n".join(lines).encode("utf-8")


def build_text(workdir: Path, *, mb: float, seed: int, pii_share: float = 0.25, procs: int = 2) -> Path:
    """The text corpus of at least ``mb`` MB (10^6 bytes), generated once and cached in ``workdir``.

    Parameters
    ----------
    workdir:
        Cache folder (created).
    mb:
        Minimum size; the file ends at the first line boundary past it.
    seed:
        The same seed, size and share give the same bytes.
    pii_share:
        Share of lines that keep their personal data (the rest are neutralised, decoys kept).
    procs:
        Generator processes.

    Returns
    -------
    Path
        The ``.txt`` file.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"text-v{DATA_VERSION}-s{seed}-{mb:g}MB-p{pii_share:g}.txt"
    if path.exists():
        return path
    target = int(mb * 1e6)
    tmp = path.with_suffix(".tmp")
    written = 0
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    max_chunks = target // (_CHUNK_DOCS * 60) + 64  # lines average > 60 bytes
    jobs = ((seed, k, pii_share) for k in range(max_chunks))
    with ctx.Pool(max(1, procs)) as pool, tmp.open("wb") as out:
        for chunk in pool.imap(_text_chunk, jobs, chunksize=1):
            need = target - written
            if len(chunk) >= need:
                cut = chunk.find(b"\n", need - 1) + 1 if need > 0 else 0
                out.write(chunk[: cut or len(chunk)])
                written += cut or len(chunk)
                break
            out.write(chunk)
            written += len(chunk)
        pool.terminate()
    tmp.replace(path)
    return path


def build_prose(workdir: Path, *, mb: float, seed: int, pii_share: float = 0.05) -> Path | None:
    """Real Kazakh and Russian sentences (KazNERD, factRuEval-2016) with identifiers inserted in
    ``pii_share`` of the lines (``pii_engine.generate(corpus="prose")``), cached in ``workdir``;
    ``None`` when the public corpora are not under ``../shared/bench``."""
    import pii_engine

    if not (pii_engine.BENCH / "kaznerd" / "IOB2_valid.txt").is_file():
        return None
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"prose-v{DATA_VERSION}-s{seed}-{mb:g}MB-p{pii_share:g}.txt"
    if path.exists():
        return path
    try:
        lines = pii_engine.generate(mb, seed, corpus="prose", pii_share=pii_share)
    except SystemExit:  # a corpus is empty
        return None
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def prefix_file(source: Path, *, mb: float, name: str) -> Path:
    """The first whole lines of ``source`` totalling at least ``mb`` MB, cached beside it."""
    path = source.with_name(f"{source.stem}.{name}-{mb:g}MB.txt")
    if path.exists():
        return path
    target = int(mb * 1e6)
    tmp = path.with_suffix(".tmp")
    with source.open("rb") as src, tmp.open("wb") as out:
        written = 0
        for line in src:
            if written >= target:
                break
            out.write(line)
            written += len(line)
    tmp.replace(path)
    return path


def repeat_file(source: Path, *, gb: float) -> Path:
    """``source`` repeated (whole copies) until at least ``gb`` GB, cached beside it: a big input for
    the memory figure (its content repeats; speed is measured on ``source`` itself)."""
    path = source.with_name(f"{source.stem}.x-{gb:g}GB.txt")
    if path.exists():
        return path
    target = int(gb * 1e9)
    tmp = path.with_suffix(".tmp")
    written = 0
    with tmp.open("wb") as out:
        while written < target:
            with source.open("rb") as src:
                while chunk := src.read(1 << 24):
                    out.write(chunk)
                    written += len(chunk)
    tmp.replace(path)
    return path


# ------------------------------------------------------------------------------------------ table

_W1 = np.arange(1, 12, dtype=np.int64)
_W2 = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], dtype=np.int64)


def fresh_iins(rng: np.random.Generator, n: int) -> pa.Array:
    """``n`` checksum-valid IINs (real birth dates 1935–2023, century/sex digit 3–6), vectorised.

    The check digit is the two-pass mod-11 of ``shared/design/privacy-notes.md`` §1.1; bodies for
    which both passes give 10 are drawn again.
    """
    parts: list[np.ndarray[Any, np.dtype[np.int64]]] = []
    need = n
    while need > 0:
        m = int(need * 1.12) + 16
        year = rng.integers(1935, 2024, m)
        mm = rng.integers(1, 13, m)
        dd = rng.integers(1, 29, m)
        century = np.where(year < 2000, 3, 5) + rng.integers(0, 2, m)
        serial = rng.integers(0, 10_000, m)
        yy = year % 100
        d = np.empty((m, 12), dtype=np.int64)
        d[:, 0], d[:, 1] = yy // 10, yy % 10
        d[:, 2], d[:, 3] = mm // 10, mm % 10
        d[:, 4], d[:, 5] = dd // 10, dd % 10
        d[:, 6] = century
        d[:, 7], d[:, 8], d[:, 9], d[:, 10] = (
            serial // 1000,
            serial // 100 % 10,
            serial // 10 % 10,
            serial % 10,
        )
        first = d[:, :11] @ _W1 % 11
        second = d[:, :11] @ _W2 % 11
        check = np.where(first == 10, second, first)
        d[:, 11] = check
        good = d[check != 10][:need]
        parts.append(good)
        need -= len(good)
    ascii_digits = (np.concatenate(parts) + 48).astype(np.uint8)
    return pa.array(ascii_digits.view("S12").ravel(), pa.binary()).cast(pa.string())


def _pool_columns(pool_rows: int, seed: int) -> dict[str, pa.Array]:
    from senim.privacy.eval.generator import generate_table

    columns, _ = generate_table(pool_rows, seed=seed)
    return {name: pa.array(values, pa.string()) for name, values in columns.items()}


def _table_chunks(pool: dict[str, pa.Array], rows: int, seed: int, chunk_rows: int) -> Iterator[pa.Table]:
    rng = np.random.default_rng(seed)
    size = len(next(iter(pool.values())))
    done = 0
    while done < rows:
        n = min(chunk_rows, rows - done)
        arrays: dict[str, pa.Array] = {}
        for name, values in pool.items():
            taken = values.take(pa.array(rng.integers(0, size, n)))
            if name == "ИИН":
                taken = pc.if_else(pc.is_null(taken), taken, fresh_iins(rng, n))
            arrays[name] = taken
        yield pa.table(arrays)
        done += n


def build_table(
    workdir: Path, *, rows: int, seed: int, pool_rows: int = 20_000, chunk_rows: int = 250_000
) -> tuple[Path, dict[str, Any]]:
    """The Parquet register of ``rows`` rows, cached, and its metadata.

    Returns
    -------
    tuple
        The ``.parquet`` path and ``{"rows", "string_bytes", "file_bytes", "columns"}``
        (``string_bytes``: UTF-8 bytes of all cell values, what a scan reads).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"table-v{DATA_VERSION}-s{seed}-{rows}rows.parquet"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        return path, json.loads(meta_path.read_text())
    pool = _pool_columns(min(pool_rows, max(rows, 1)), seed)
    tmp = path.with_suffix(".tmp")
    string_bytes = 0
    writer: pq.ParquetWriter | None = None
    try:
        for table in _table_chunks(pool, rows, seed, chunk_rows):
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, compression="snappy")
            for column in table.columns:
                total = pc.sum(pc.binary_length(column)).as_py()
                string_bytes += int(total or 0)
            writer.write_table(table, row_group_size=64 * 1024)
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(path)
    meta = {
        "rows": rows,
        "string_bytes": string_bytes,
        "file_bytes": path.stat().st_size,
        "columns": list(pool),
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False))
    return path, meta
