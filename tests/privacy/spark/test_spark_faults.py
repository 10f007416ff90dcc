"""Faults on Spark: a corrupt file among many, task retries, and the command line."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from senim.privacy.detectors.kz.iin_bin import check_digit
from senim.privacy.readers.errors import ScanInputError
from senim.privacy.run import scan_paths
from senim.privacy.scanner import Scanner
from senim.privacy.spark import FINDING_FIELDS, scan_dataframe, scan_files
from senim.privacy.types import Finding

ENTITIES = ["KZ_IIN", "PHONE_NUMBER", "EMAIL_ADDRESS"]


def _iin(i: int) -> str:
    for serial in range(i, i + 50):
        body = f"8507164{serial % 10000:04d}"
        digit = check_digit(body)
        if digit is not None:
            return body + str(digit)
    raise AssertionError("no check digit")


def _files(root: Path, n: int = 6) -> Path:
    data = root / "lake"
    data.mkdir()
    for k in range(n):
        rows = range(k * 10, k * 10 + 10)
        pq.write_table(
            pa.table(
                {
                    "id": pa.array(list(rows), pa.int64()),
                    "comment": [f"ИИН {_iin(i)}, тел. +7 701 234 56 {i % 90 + 10:02d}" for i in rows],
                    "email": [f"user{i}@mail.kz" for i in rows],
                }
            ),
            data / f"part-{k:02d}.parquet",
        )
    (data / "part-03b.parquet").write_bytes(b"PAR1 this is not parquet PAR0")  # corrupt footer
    with gzip.open(data / "notes.csv.gz", "wb") as f:
        f.write(b"id,comment\n" + b"".join(f"{i},ИИН {_iin(i)}\n".encode() for i in range(200)))
    raw = (data / "notes.csv.gz").read_bytes()
    (data / "notes.csv.gz").write_bytes(raw[: len(raw) // 2])  # truncated gzip stream
    return data


def _rows(findings: list[Finding]) -> set[tuple[Any, ...]]:
    return {tuple(getattr(f, n) for n in FINDING_FIELDS) for f in findings}


def test_corrupt_files_are_skipped_and_reported(spark: Any, tmp_path: Path) -> None:
    data = _files(tmp_path)
    scanner = Scanner(entities=ENTITIES)
    local: list[Finding] = []
    summary = scan_paths([str(data)], scanner=scanner, on_error="skip", on_findings=local.extend)
    result = scan_files(spark, [str(data)], scanner=scanner, on_error="skip")
    got = {tuple(r[n] for n in FINDING_FIELDS) for r in result.findings.collect()}
    assert got == _rows(local) and len(got) > 60
    bad = {e.source for e in result.errors}
    assert bad == {str(data / "part-03b.parquet"), str(data / "notes.csv.gz")}
    assert bad == {e.source for e in summary.errors}
    assert result.summary["complete"] is False
    assert {s["source"] for s in result.summary["skipped"]} == bad
    assert result.summary["records"] == summary.records


def test_corrupt_file_fails_the_scan_with_its_path(spark: Any, tmp_path: Path) -> None:
    data = _files(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(ScanInputError) as err:
        scan_files(
            spark, [str(data)], scanner=Scanner(entities=ENTITIES), on_error="fail", redact_out=str(out)
        )
    assert err.value.source == str(data / "part-03b.parquet")
    assert "8507" not in str(err.value)  # no content in the message
    assert not (out / "redacted").exists()
    (data / "part-03b.parquet").unlink()  # now the truncated .gz fails, after the Parquet was written
    with pytest.raises(ScanInputError) as err:
        scan_files(
            spark, [str(data)], scanner=Scanner(entities=ENTITIES), on_error="fail", redact_out=str(out)
        )
    assert err.value.source == str(data / "notes.csv.gz")
    assert not (out / "redacted").exists()  # partial results are removed


def _fail_first_attempt(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    from pyspark import TaskContext

    context = TaskContext.get()
    for k, rb in enumerate(batches):
        yield rb
        if k == 0 and context is not None and context.attemptNumber() == 0:
            raise RuntimeError("forced failure of a first attempt, after its first output batch")


def test_task_retry_does_not_duplicate_findings(spark: Any, tmp_path: Path) -> None:
    rows = [(i, f"ИИН {_iin(i)} и {_iin(i + 1)}, e-mail u{i}@mail.kz") for i in range(400)]
    df = spark.createDataFrame(rows, ["id", "text"]).repartition(2, "id")
    found = scan_dataframe(df, key_columns=["id"], record="id", scanner=Scanner(entities=ENTITIES))
    flaky = found.mapInArrow(_fail_first_attempt, found.schema)
    flaky.write.parquet(str(tmp_path / "findings"))
    back = spark.read.parquet(str(tmp_path / "findings")).collect()
    keys = [(r["source"], r["record"], r["field"], r["start"]) for r in back]
    assert len(keys) == len(set(keys)) == 400 * 3


def test_cli_engine_spark(spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from senim.cli.app import app

    _files(tmp_path)
    monkeypatch.chdir(tmp_path)  # a relative path: sources are named as the local engine names them
    runner = CliRunner()
    out = tmp_path / "out"
    args = ["scan", "lake", "--engine", "spark", "--entities", ",".join(ENTITIES), "--format", "json"]
    res = runner.invoke(app, [*args, "--on-error", "skip", "--redact", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["complete"] is False and report["finding_count"] == len(report["findings"]) > 60
    assert report["data_subjects"]["distinct_validated_iins"] > 0
    assert {f["source"] for f in report["findings"]} == {f"lake/part-{k:02d}.parquet" for k in range(6)}
    assert {s["source"] for s in report["skipped"]} == {"lake/part-03b.parquet", "lake/notes.csv.gz"}
    assert spark.read.parquet(str(out / "findings")).count() == report["finding_count"]
    redacted = spark.read.parquet(str(out / "redacted")).collect()
    assert len(redacted) == 60 and all("8507" not in r["comment"] for r in redacted)
    res = runner.invoke(app, [*args, "--on-error", "fail"])
    assert res.exit_code == 2
    assert "part-03b.parquet" in res.output
    res = runner.invoke(app, ["scan", "-", "--engine", "spark"])
    assert res.exit_code == 2
