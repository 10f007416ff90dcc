"""The scanner as a Spark application: ``spark-submit`` it, or run ``python -m senim.privacy.spark_job``.

::

    spark-submit --master yarn --archives senim-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        "$(python -c 'import senim.privacy.spark_job as j; print(j.__file__)')" \\
        hdfs:///lake/clients --findings hdfs:///scans/2026-11-27/findings \\
        --redact hdfs:///scans/2026-11-27/out --summary summary.json

Findings are written as a Parquet dataset (``--findings``), redacted data under ``--redact``
(``redacted/`` for Parquet inputs, ``redacted_records/`` for the others), and the summary object
of ``senim scan --format json`` (without the findings) to ``--summary`` or standard output.
Exit code 0 when the scan completed, 2 for bad usage or an unreadable input under
``--on-error fail`` (the message names the file), as ``senim scan``. See ``docs/cli/spark.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="senim.privacy.spark_job", description="Find (and redact) personal data with Spark."
    )
    ap.add_argument(
        "paths", nargs="+", help="files and folders: local paths or URIs (hdfs://, s3a://, file:)"
    )
    ap.add_argument("--findings", help="write the findings here (Parquet dataset; must not exist)")
    ap.add_argument("--redact", help="write redacted data under this folder (must not exist or be empty)")
    ap.add_argument("--redact-mode", choices=("mask", "entity", "pseudonym"), default=None)
    ap.add_argument("--pseudonymize-key-file", type=Path, help="key (>= 16 bytes) for keyed pseudonyms")
    ap.add_argument("--entities", help="comma-separated contract entity names (default: all)")
    ap.add_argument("--language", choices=("auto", "kk", "ru", "en"), default="auto")
    ap.add_argument("--min-score", type=float, default=0.4)
    ap.add_argument("--on-error", choices=("fail", "skip"), default="fail")
    ap.add_argument("--encoding", help="text encoding of CSV/JSON/text inputs (default: detect)")
    ap.add_argument("--show-values", action="store_true", help="keep raw values in the findings (value)")
    ap.add_argument("--summary", help="write the summary JSON here (default: standard output)")
    ap.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the scan; the exit code (0 done, 2 bad usage or unreadable input)."""
    ns = _parser().parse_args(argv)
    from senim.law.sizes import operator_size_class
    from senim.privacy.readers.errors import ScanInputError, ScanOutputError
    from senim.privacy.redact import KeyFileError, Pseudonymizer, load_key
    from senim.privacy.scanner import Scanner, UnknownEntityError
    from senim.privacy.spark import scan_files, spark_session

    def usage(message: str) -> int:
        print(f"error: {message}", file=sys.stderr)
        return 2

    try:
        scanner = Scanner(
            entities=ns.entities.split(",") if ns.entities else None,
            language=ns.language,
            min_score=ns.min_score,
        )
    except (UnknownEntityError, ValueError) as exc:
        return usage(f"--entities/--min-score: {exc}")
    mode = ns.redact_mode or ("pseudonym" if ns.pseudonymize_key_file else "mask")
    pseudonymizer = None
    if mode == "pseudonym":
        if ns.pseudonymize_key_file is None:
            return usage("--redact-mode pseudonym needs --pseudonymize-key-file")
        try:
            pseudonymizer = Pseudonymizer(load_key(ns.pseudonymize_key_file))
        except (KeyFileError, OSError) as exc:
            return usage(f"--pseudonymize-key-file: {exc}")
    if ns.findings is None and ns.redact is None:
        return usage("nothing would be written: give --findings and/or --redact")
    spark = spark_session(ns.master)
    try:
        result = scan_files(
            spark,
            ns.paths,
            scanner=scanner,
            on_error=ns.on_error,
            encoding=ns.encoding,
            findings_out=ns.findings,
            redact_out=ns.redact,
            mode=mode,  # type: ignore[arg-type]  # argparse choices
            pseudonymizer=pseudonymizer,
            show_values=ns.show_values,
            size_class=operator_size_class,
        )
    except (ScanInputError, ScanOutputError) as exc:
        return usage(str(exc))
    summary = dict(result.summary, outputs=result.outputs)
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    if ns.summary:
        Path(ns.summary).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if result.errors:
        first = result.errors[0]
        print(
            f"incomplete: {len(result.errors)} unreadable part(s) skipped "
            f"(first: {first.source}: {first.position}: {first.message})",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
