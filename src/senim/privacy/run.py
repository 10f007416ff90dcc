"""Scan files, folders or standard input: readers → scanner (in-process or worker processes) → findings,
summary and, on request, a redacted copy of every input.

Memory stays bounded whatever the input size: readers stream batches, at most ``3 × workers``
batches (or blocks of about 1 MiB of lines) are in flight, and findings are handed to ``on_findings``
as each batch completes (only a ``--format json`` caller keeps them). Batches complete in input order,
so a redacted copy keeps the record order of its source. When nothing is written back, plain text and
JSON Lines travel undecoded (:func:`senim.privacy.readers.iter_units`): the process that scans a block
decodes and parses it, so the reading process does little more than read.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from threadpoolctl import threadpool_limits

from senim.privacy.readers import TextBlocks, iter_batches, iter_units, open_writer
from senim.privacy.readers.errors import ScanOutputError
from senim.privacy.redact import Pseudonymizer, redact_batch
from senim.privacy.scanner import Scanner
from senim.privacy.summary import ScanSummary
from senim.privacy.types import Batch, Finding, ReadError, findings_jsonl

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


# ----------------------------------------------------------------------------- per batch


@dataclass(frozen=True)
class _Work:
    """What each batch needs besides scanning (the same in this process and in every worker)."""

    scanner: Scanner
    summary_key: bytes
    keep_findings: bool  # the caller wants ``Finding`` objects (``on_findings``)
    jsonl: bool  # the caller wants the findings as JSON lines (``on_jsonl``)
    show_values: bool
    redact: RedactOptions | None


@dataclass
class _Done:
    """One processed batch: everything the main process still needs, nothing it does not."""

    batch: Batch  # without its columns when they are not needed any more
    tally: ScanSummary
    findings: list[Finding] | None
    jsonl: str | None
    redacted: Batch | None


def _process(work: _Work, batch: Batch) -> _Done:
    """Scan one batch and build its findings, tally, JSON lines and redacted copy.

    Runs where the batch was scanned, so that only the results, never the spans or the findings,
    cross between processes (unless the caller asked for the findings themselves).
    """
    spans = work.scanner.scan_batch(batch)
    findings = Scanner.findings(batch, spans)
    tally = ScanSummary(_key=work.summary_key)
    tally.add_findings(findings)
    jsonl = None
    if work.jsonl and findings:
        jsonl = findings_jsonl(findings, show_values=work.show_values)
    redacted = None
    if work.redact is not None:
        redacted = redact_batch(
            batch, findings, mode=work.redact.mode, pseudonymizer=work.redact.pseudonymizer
        )
    return _Done(batch, tally, findings if work.keep_findings else None, jsonl, redacted)


_WORKER: _Work | None = None
_SETTLED = False


def _init_worker(work: _Work) -> None:
    global _WORKER, _SETTLED  # noqa: PLW0603 - one configuration per worker process, set once
    _WORKER = work
    _SETTLED = False
    # one BLAS thread per worker: the workers are the parallelism, and the name models' matrix
    # products would otherwise start a thread per core in every worker, all spinning for the cores
    threadpool_limits(1)


def _settle_worker() -> None:
    """After a worker's first batch: collect once, then freeze what is alive.

    The first batch loads the name models, gazetteers and compiled patterns: hundreds of thousands
    of long-lived objects that every full collection would walk again (a twentieth of a
    free-text scan's time). Frozen (:func:`gc.freeze`), they are left out of later collections;
    objects allocated after that are collected as usual. Only in worker processes, which belong to
    the scan: a caller's own process is never frozen.
    """
    global _SETTLED  # noqa: PLW0603 - once per worker process
    if not _SETTLED:
        _SETTLED = True
        gc.collect()
        gc.freeze()


def _process_blocks(work: _Work, task: TextBlocks) -> _Done:
    """Decode, cut and scan lines read by the main process (:class:`TextBlocks`) as one result.

    The result's ``batch`` describes all of them (source, first line, lines, bytes, read errors).
    """
    tally = ScanSummary(_key=work.summary_key)
    findings: list[Finding] = []
    jsonl: list[str] = []
    errors: list[ReadError] = []
    n_records = 0
    for batch in task.batches():
        done = _process(work, batch)
        tally.merge(done.tally)
        n_records += batch.n_records
        errors.extend(batch.errors)
        if done.findings:
            findings.extend(done.findings)
        if done.jsonl:
            jsonl.append(done.jsonl)
    described = Batch(task.source, task.raw.first_line - 1, n_records, {}, task.n_bytes, errors, None)
    return _Done(described, tally, findings if work.keep_findings else None, "".join(jsonl) or None, None)


def _process_blocks_in_worker(task: TextBlocks) -> _Done:
    assert _WORKER is not None
    done = _process_blocks(_WORKER, task)
    _settle_worker()
    return done


def _process_in_worker(batch: Batch) -> _Done:
    assert _WORKER is not None
    done = _process(_WORKER, batch)
    _settle_worker()
    # the main process has the columns already: send back only the batch's description
    done.batch = replace(batch, columns={}, extra=None)
    if done.redacted is not None:
        done.redacted = replace(done.redacted, extra=None)
    return done


def _start_method() -> str:
    """How worker processes start: forked from this process when that is safe, else a fresh interpreter.

    A fork inherits everything this process has imported (the scanner's modules, NumPy, PyArrow:
    about half a second of CPU per worker otherwise), but is only safe while this process runs a
    single thread (a lock held by another thread at the fork would stay held in the child). With
    other threads (a terminal progress bar, a server), ``forkserver`` starts workers from a clean
    process; elsewhere than POSIX, ``spawn``.
    """
    if os.name != "posix":
        return "spawn"
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "forkserver"


class _Pipeline:
    """Processes batches in order, in this process or in a bounded pool of worker processes."""

    def __init__(self, work: _Work, workers: int) -> None:
        self.work = work
        self.workers = workers
        self._pool: Any = None
        if workers > 1:
            ctx = multiprocessing.get_context(_start_method())
            self._pool = ctx.Pool(workers, initializer=_init_worker, initargs=(work,))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def run(self, units: Iterator[Batch | TextBlocks]) -> Iterator[tuple[Batch, _Done]]:
        """``(batch as read, its result)`` in input order.

        :class:`TextBlocks` are decoded, parsed and cut where they are scanned (in a worker when
        there are workers); their batch is the description of the result (no values, no ``extra``).
        """
        if self._pool is None:
            for unit in units:
                if isinstance(unit, TextBlocks):
                    done = _process_blocks(self.work, unit)
                    yield done.batch, done
                else:
                    yield unit, _process(self.work, unit)
            return
        window: deque[tuple[Batch | None, Any]] = deque()
        limit = 3 * self.workers
        for unit in units:
            if isinstance(unit, TextBlocks):
                window.append((None, self._pool.apply_async(_process_blocks_in_worker, (unit,))))
            else:
                # a reader's ``extra`` (line terminators, file information) stays here: only the
                # writer needs it, and pickling it for every batch cost the main process a tenth
                wire = replace(unit, extra=None) if unit.extra is not None else unit
                window.append((unit, self._pool.apply_async(_process_in_worker, (wire,))))
            if len(window) >= limit:
                yield self._next(window)
        while window:
            yield self._next(window)

    @staticmethod
    def _next(window: deque[tuple[Batch | None, Any]]) -> tuple[Batch, _Done]:
        batch, result = window.popleft()
        done: _Done = result.get()
        return (batch if batch is not None else done.batch), done


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
    on_jsonl: Callable[[str], object] | None = None,
    show_values: bool = False,
    on_progress: Callable[[Batch], None] | None = None,
    batch_records: int | None = None,
) -> ScanSummary:
    """Scan ``paths`` (files, folders or ``-``) and return the summary.

    Findings reach the caller batch by batch, in input order: as ``Finding`` objects through
    ``on_findings`` and/or already serialised as JSON lines (the contract's objects, raw values
    only with ``show_values``) through ``on_jsonl``. With ``workers > 1`` each worker process
    scans, builds the findings, serialises them and redacts its batches itself, so asking for
    JSON lines rather than objects keeps the main process nearly idle.

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
    work = _Work(
        scanner=scanner,
        summary_key=summary.key,
        keep_findings=on_findings is not None,
        jsonl=on_jsonl is not None,
        show_values=show_values,
        redact=redact,
    )
    pipeline = _Pipeline(work, workers)
    try:
        for path, target in zip(paths, targets, strict=True):
            with ExitStack() as stack:
                writer = stack.enter_context(open_writer(path, target)) if target is not None else None
                sources: set[str] = set()
                # with nothing to write back, plain text and JSON Lines are decoded and parsed where
                # they are scanned (by the workers); the same units in one process give the same
                # batches, so the output does not depend on the number of workers
                units = (
                    iter_units(path, **read_options) if writer is None else iter_batches(path, **read_options)
                )
                for batch, done in pipeline.run(units):
                    if batch.source not in sources:
                        sources.add(batch.source)
                        summary.sources += 1
                    summary.add_records(batch.n_records, batch.n_bytes)
                    summary.add_errors(batch.errors)
                    summary.merge(done.tally)
                    if writer is not None:
                        assert done.redacted is not None
                        writer.write(replace(done.redacted, extra=batch.extra))
                    if on_findings is not None and done.findings:
                        on_findings(done.findings)
                    if on_jsonl is not None and done.jsonl:
                        on_jsonl(done.jsonl)
                    if on_progress is not None:
                        on_progress(batch)
        pipeline.close()
    except BaseException:
        pipeline.terminate()
        raise
    summary.finish(complete=True)
    return summary
