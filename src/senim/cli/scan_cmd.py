"""`senim scan`: find (and redact) personal data in files, folders or standard input.

The public contract is ``shared/design/scan-contract.md``. Thin: the work is done by
:mod:`senim.privacy`; this module parses options, shows progress on standard error and prints.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from senim.cli.common import EXIT_INVALID, OnError, TerminalProgress, console, err_console, fail


class ScanFormat(enum.StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class ScanLanguage(enum.StrEnum):
    auto = "auto"
    kk = "kk"
    ru = "ru"
    en = "en"


class RedactMode(enum.StrEnum):
    mask = "mask"
    entity = "entity"
    pseudonym = "pseudonym"


class Engine(enum.StrEnum):
    local = "local"
    spark = "spark"


TABLE_FINDINGS = 50


def scan(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .csv .tsv .json .jsonl .parquet, also .gz), folders, or - for stdin."
        ),
    ],
    fmt: Annotated[ScanFormat, typer.Option("--format", "-f", help="table | json (summary) | jsonl")] = (
        ScanFormat.table
    ),
    entities: Annotated[
        str | None, typer.Option("--entities", "-e", help="Comma-separated, e.g. KZ_IIN,PHONE_NUMBER,PERSON.")
    ] = None,
    language: Annotated[ScanLanguage, typer.Option("--language", help="Language of free text.")] = (
        ScanLanguage.auto
    ),
    redact: Annotated[
        str | None,
        typer.Option(
            "--redact", help="Write a redacted copy here (file; folder for folders or many inputs)."
        ),
    ] = None,
    redact_mode: Annotated[
        RedactMode | None,
        typer.Option("--redact-mode", help="mask (default), entity (<KZ_IIN>) or pseudonym (needs a key)."),
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--pseudonymize-key-file",
            help="Secret key (>= 16 bytes) for keyed pseudonyms: same value and key, same pseudonym.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", min=0, max=64, help="Worker processes; 0: one per CPU this process may use."
        ),
    ] = 1,
    show_values: Annotated[
        bool, typer.Option("--show-values", help="Print raw values (otherwise only masked forms).")
    ] = False,
    on_error: Annotated[
        OnError,
        typer.Option("--on-error", help="fail: stop at the first bad record; skip: report and go on."),
    ] = OnError.fail,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Text encoding (default: detect utf-8/utf-16/cp1251).")
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Drop findings scoring below this.")
    ] = 0.4,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local: this process and --workers; spark: a Spark job (Parquet/CSV/JSON/text paths and "
            "folders; with --redact OUT writes OUT/findings and OUT/redacted* as Parquet).",
        ),
    ] = Engine.local,
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            help="Spark master for --engine spark: local[*], local[2], spark://host:7077, yarn… "
            "(default: spark-submit's, else local[*]).",
        ),
    ] = None,
) -> None:
    """Find personal data (KZ IIN/BIN, phones, IBANs, cards, names, addresses…) and optionally redact it.

    Exit 0 when the scan completed (with or without findings), 2 for bad usage or unreadable input.
    """
    from senim.privacy.readers.errors import ScanInputError, ScanOutputError
    from senim.privacy.redact import KeyFileError, Pseudonymizer, load_key
    from senim.privacy.run import RedactOptions, scan_paths
    from senim.privacy.scanner import Scanner, UnknownEntityError
    from senim.privacy.types import Finding

    for p in paths:
        if p != "-" and not Path(p).exists():
            fail(f"{p}: no such file or folder")
    if paths.count("-") > 1:
        fail("standard input (-) can be read once")
    if codec_problem := _check_encoding(encoding):
        fail(codec_problem)
    try:
        scanner = Scanner(
            entities=entities.split(",") if entities else None, language=language.value, min_score=min_score
        )
    except UnknownEntityError as exc:
        fail(f"--entities: {exc}")
    mode = redact_mode.value if redact_mode is not None else ("pseudonym" if key_file else "mask")
    redact_options = None
    if redact is None and (redact_mode is not None or key_file is not None):
        fail("--redact-mode and --pseudonymize-key-file need --redact OUT")
    if redact is not None:
        pseudonymizer = None
        if mode == "pseudonym":
            if key_file is None:
                fail("--redact-mode pseudonym needs --pseudonymize-key-file")
            try:
                pseudonymizer = Pseudonymizer(load_key(key_file))
            except (KeyFileError, OSError) as exc:
                fail(f"--pseudonymize-key-file: {exc}")
        if redact != "-" and any(p != "-" and Path(p).resolve() == Path(redact).resolve() for p in paths):
            fail("--redact: the output must not be one of the inputs")
        if redact == "-" and fmt is not ScanFormat.table:
            fail("--redact - writes the redacted copy to standard output: use it with --format table")
        redact_options = RedactOptions(redact, mode, pseudonymizer)  # type: ignore[arg-type]

    if workers == 0 and engine is Engine.local:
        workers = _usable_cpus()
    if engine is Engine.spark:
        _scan_on_spark(
            paths, scanner, fmt, on_error, encoding, redact_options, show_values, spark_master, workers
        )
        return
    if spark_master is not None:
        fail("--spark-master needs --engine spark")

    collected: list[Finding] = []
    out = sys.stdout

    jsonl = fmt is ScanFormat.jsonl

    progress = TerminalProgress("scanning", unit="bytes")
    try:
        with progress:
            summary = scan_paths(
                paths,
                scanner=scanner,
                workers=workers,
                on_error=on_error.value,
                encoding=encoding,
                redact=redact_options,
                on_findings=None if jsonl else collected.extend,
                on_jsonl=out.write if jsonl else None,
                show_values=show_values,
                on_progress=lambda batch: progress.update(advance=batch.n_bytes, source=batch.source),
            )
    except (ScanInputError, ScanOutputError) as exc:
        fail(escape(str(exc)))
    except KeyboardInterrupt:
        err_console.print("interrupted: the scan is incomplete and nothing was written")
        raise typer.Exit(130) from None
    if summary.errors:
        summary.complete = False
    out.flush()
    if fmt is ScanFormat.jsonl:
        _warn_incomplete(summary.to_dict())  # no summary printed: no size class (nor the law engine)
        return
    from senim.law.sizes import operator_size_class

    report = summary.to_dict(size_class=operator_size_class)
    if fmt is ScanFormat.json:
        report["findings"] = [f.to_dict(show_values=show_values) for f in collected]
        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        _warn_incomplete(report)
        return
    if redact == "-":  # the redacted copy went to standard output: the report goes to standard error
        _print_table(report, collected, show_values, err_console)
    else:
        _print_table(report, collected, show_values, console)
    _warn_incomplete(report)


def _usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _scan_on_spark(
    paths: list[str],
    scanner: Any,
    fmt: ScanFormat,
    on_error: OnError,
    encoding: str | None,
    redact_options: Any,
    show_values: bool,
    spark_master: str | None,
    workers: int,
) -> None:
    """``--engine spark``: the scan as a Spark job (:func:`senim.privacy.spark.scan_files`)."""
    from senim.law.sizes import operator_size_class
    from senim.privacy.readers.errors import ScanInputError, ScanOutputError
    from senim.privacy.types import Finding, findings_jsonl

    if "-" in paths:
        fail("--engine spark reads files and folders, not standard input")
    if workers != 1:
        fail(
            "--workers is for --engine local; with Spark the master (local[N]) or the executors set the cores"
        )
    if redact_options is not None and redact_options.out == "-":
        fail("--engine spark writes redacted data as Parquet: --redact names a new or empty folder")
    try:
        from senim.privacy.spark import scan_files, spark_session
    except ImportError:
        fail("--engine spark needs pyspark: pip install 'senim[spark]'")
    spark = spark_session(spark_master, conf={"spark.ui.showConsoleProgress": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    redact_out = redact_options.out if redact_options is not None else None
    try:
        result = scan_files(
            spark,
            paths,
            scanner=scanner,
            on_error=on_error.value,
            encoding=encoding,
            findings_out=f"{redact_out.rstrip('/')}/findings" if redact_out is not None else None,
            redact_out=redact_out,
            mode=redact_options.mode if redact_options is not None else "mask",
            pseudonymizer=redact_options.pseudonymizer if redact_options is not None else None,
            show_values=show_values,
            size_class=operator_size_class,
        )
    except (ScanInputError, ScanOutputError) as exc:
        fail(escape(str(exc)))
    except KeyboardInterrupt:
        err_console.print("interrupted: the scan is incomplete")
        raise typer.Exit(130) from None
    report = result.summary
    ordered = result.findings.orderBy("source", "record", "field", "start")
    limit = None if fmt is not ScanFormat.table else TABLE_FINDINGS

    def findings() -> Any:
        rows = ordered.toLocalIterator() if limit is None else iter(ordered.limit(limit).collect())
        for r in rows:
            yield Finding(
                r["source"],
                r["record"],
                r["field"],
                r["start"],
                r["end"],
                r["entity"],
                r["score"],
                r["validated"],
                r["masked"],
                r["value"] if show_values else "",
            )

    out = sys.stdout
    if fmt is ScanFormat.jsonl:
        chunk: list[Finding] = []
        for f in findings():
            chunk.append(f)
            if len(chunk) >= 4096:
                out.write(findings_jsonl(chunk, show_values=show_values))
                chunk.clear()
        out.write(findings_jsonl(chunk, show_values=show_values))
        out.flush()
        _warn_incomplete(report)
        return
    if fmt is ScanFormat.json:
        report["findings"] = [f.to_dict(show_values=show_values) for f in findings()]
        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        _warn_incomplete(report)
        return
    shown = list(findings())
    _print_table(report, shown, show_values, console)
    if report["finding_count"] > len(shown):
        console.print(f"… {report['finding_count'] - len(shown)} more (use --format jsonl for all)")
    for name, where in result.outputs.items():
        console.print(f"{name}: {escape(where)} (Parquet)")
    _warn_incomplete(report)


def _check_encoding(encoding: str | None) -> str | None:
    if encoding is None:
        return None
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        return f"--encoding: unknown encoding {encoding!r}"
    return None


def _warn_incomplete(report: dict[str, Any]) -> None:
    skipped = report.get("skipped") or []
    if skipped:
        err_console.print(
            f"[yellow]incomplete:[/yellow] {len(skipped)} unreadable part(s) skipped "
            f"(first: {escape(skipped[0]['source'])}: {escape(skipped[0]['position'])}: "
            f"{escape(skipped[0]['message'])})"
        )


def _print_table(report: dict[str, Any], findings: list[Any], show_values: bool, target: Any) -> None:
    target.print(
        f"scanned {report['sources']} source(s), {report['records']} records, "
        f"{report['bytes'] / 1e6:.1f} MB in {report['seconds']} s; {report['finding_count']} findings"
    )
    if report["entities"]:
        t = Table("entity", "findings", "validated")
        for entity, n in report["entities"].items():
            t.add_row(entity, str(n), str(report["validated"].get(entity, 0)))
        target.print(t)
    subjects = report["data_subjects"]
    target.print(
        f"distinct data subjects (validated IINs): {subjects['distinct_validated_iins']} "
        f"- personal-data law size class: {subjects['size_class']}"
    )
    if findings:
        t = Table(
            "source", "record", "field", "span", "entity", "score", "value" if show_values else "masked"
        )
        for f in findings[:TABLE_FINDINGS]:
            t.add_row(
                escape(f.source),
                str(f.record),
                escape(f.field or ""),
                f"{f.start}-{f.end}",
                f.entity + (" ✓" if f.validated else ""),
                f"{f.score:.2f}",
                escape(f.value if show_values else f.masked),
            )
        target.print(t)
        if len(findings) > TABLE_FINDINGS:
            target.print(f"… {len(findings) - TABLE_FINDINGS} more (use --format jsonl for all)")


__all__ = ["EXIT_INVALID", "scan"]
