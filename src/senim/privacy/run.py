"""Scan files, folders or standard input: readers → scanner (in-process or worker processes) → findings,
summary and, on request, a redacted copy of every input.

Memory stays bounded whatever the input size: readers stream batches, at most ``2 × workers``
batches are in flight, and findings are handed to ``on_findings`` as each batch completes (only a
``--format json`` caller keeps them). Batches complete in input order, so a redacted copy keeps the
record order of its source.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from senim.privacy.readers import iter_batches, open_writer
from senim.privacy.readers.errors import ScanOutputError
from senim.privacy.redact import Pseudonymizer, redact_batch
from senim.privacy.scanner import Scanner
from senim.privacy.summary import ScanSummary
from senim.privacy.types import Batch, Finding, Span

__all__ = ["RedactOptions", "scan_paths"]


@dataclass(frozen=True)
class RedactOptions:
    """Where and how to write redacted copies.

    ``out`` is a file for one input file, a folder for a folder or several inputs (created; must
    not exist or be empty), or ``-`` for standard output (one text input only).
    """

    out: str
    mode: Literal["mask", "entity", "pseudonym"] = "mask"
    pseudonymizer: Pseudonymizer | None = None


# ----------------------------------------------------------------------------- worker processes

_WORKER_SCANNER: Scanner | None = None


def _init_worker(scanner: Scanner) -> None:
    global _WORKER_SCANNER  # noqa: PLW0603 - one scanner per worker process, built once
    _WORKER_SCANNER = scanner


def _scan_columns(columns: dict[str | None, list[str | None]]) -> dict[str | None, list[list[Span]]]:
    assert _WORKER_SCANNER is not None
    return {name: _WORKER_SCANNER.scan_values(values, field=name) for name, values in columns.items()}


class _Pipeline:
    """Scans batches in order, in this process or in a bounded pool of worker processes."""

    def __init__(self, scanner: Scanner, workers: int) -> None:
        self.scanner = scanner
        self.workers = workers
        self._pool: Any = None
        if workers > 1:
            ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
            self._pool = ctx.Pool(workers, initializer=_init_worker, initargs=(scanner,))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def run(self, batches: Iterator[Batch]) -> Iterator[tuple[Batch, dict[str | None, list[list[Span]]]]]:
        if self._pool is None:
            for batch in batches:
                yield batch, self.scanner.scan_batch(batch)
            return
        window: deque[tuple[Batch, Any]] = deque()
        limit = 2 * self.workers
        for batch in batches:
            window.append((batch, self._pool.apply_async(_scan_columns, (batch.columns,))))
            if len(window) >= limit:
                done, result = window.popleft()
                yield done, result.get()
        while window:
            done, result = window.popleft()
            yield done, result.get()


# ----------------------------------------------------------------------------- the scan


def _redact_targets(paths: Sequence[str], out: str) -> list[str]:
    """The output path for each input path."""
    if len(paths) == 1:
        return [out]
    if out == "-":
        raise ScanOutputError("-", "file", "several inputs cannot be redacted to standard output")
    root = Path(out)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScanOutputError(out, "folder", "for several inputs --redact names a new or empty folder")
    names = [Path(p).name or "stdin" for p in paths]
    if len(set(names)) != len(names):
        raise ScanOutputError(out, "folder", "two inputs have the same name; redact them one by one")
    root.mkdir(parents=True, exist_ok=True)
    return [str(root / n) for n in names]


def scan_paths(
    paths: Sequence[str],
    *,
    scanner: Scanner,
    workers: int = 1,
    on_error: Literal["fail", "skip"] = "fail",
    encoding: str | None = None,
    redact: RedactOptions | None = None,
    on_findings: Callable[[list[Finding]], None] | None = None,
    on_progress: Callable[[Batch], None] | None = None,
    batch_records: int | None = None,
) -> ScanSummary:
    """Scan ``paths`` (files, folders or ``-``) and return the summary.

    Raises
    ------
    ScanInputError
        Under ``on_error="fail"``, at the first unreadable input (nothing is written to
        ``redact.out``: redacted copies are moved into place only when their source is complete).
    ScanOutputError
        When a redacted copy cannot be written.
    """
    if workers < 1:
        raise ValueError("workers: at least 1")
    summary = ScanSummary()
    read_options: dict[str, Any] = {"on_error": on_error, "encoding": encoding}
    if batch_records is not None:
        read_options["batch_records"] = batch_records
    targets = _redact_targets(paths, redact.out) if redact is not None else [None] * len(paths)
    pipeline = _Pipeline(scanner, workers)
    try:
        for path, target in zip(paths, targets, strict=True):
            with ExitStack() as stack:
                writer = stack.enter_context(open_writer(path, target)) if target is not None else None
                sources: set[str] = set()
                for batch, spans in pipeline.run(iter_batches(path, **read_options)):
                    if batch.source not in sources:
                        sources.add(batch.source)
                        summary.sources += 1
                    summary.add_records(batch.n_records, batch.n_bytes)
                    summary.add_errors(batch.errors)
                    findings = Scanner.findings(batch, spans)
                    summary.add_findings(findings)
                    if writer is not None:
                        assert redact is not None
                        writer.write(
                            redact_batch(
                                batch, findings, mode=redact.mode, pseudonymizer=redact.pseudonymizer
                            )
                        )
                    if on_findings is not None and findings:
                        on_findings(findings)
                    if on_progress is not None:
                        on_progress(batch)
        pipeline.close()
    except BaseException:
        pipeline.terminate()
        raise
    summary.finish(complete=True)
    return summary
