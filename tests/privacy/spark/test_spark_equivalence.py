"""Spark finds and redacts exactly what the local engine finds and redacts (same generated data)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from senim.privacy.eval.generator import generate_table, generate_texts
from senim.privacy.readers import iter_batches
from senim.privacy.run import RedactOptions, scan_paths
from senim.privacy.scanner import Scanner
from senim.privacy.spark import FINDING_FIELDS, redact_dataframe, scan_dataframe, scan_files, summarise
from senim.privacy.types import ENTITIES, Batch, Finding

Row = tuple[Any, ...]


def _dataset(root: Path) -> Path:
    """Free text (kk/ru/en), a client register as CSV, JSON Lines and a partitioned Parquet dataset."""
    data = root / "data"
    data.mkdir()
    docs = generate_texts(42, seed=11)
    (data / "notes.txt").write_text(
        "\n".join(d.text.replace("\n", " ") for d in docs) + "\n", encoding="utf-8"
    )
    columns, _ = generate_table(36, seed=5)
    names = list(columns)
    rows = list(zip(*columns.values(), strict=True))
    with (data / "clients.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(names)
        w.writerows(["" if v is None else v for v in row] for row in rows)
    with (data / "clients.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            record = {n: v for n, v in zip(names, row, strict=True) if v is not None}
            f.write(json.dumps(record, ensure_ascii=False))
            f.write("\n")
    for part, (lo, hi) in enumerate(((0, 20), (20, 36)), start=1):
        folder = data / "register" / f"part={part}"
        folder.mkdir(parents=True)
        table = pa.table(
            {
                **{n: pa.array(columns[n][lo:hi], pa.string()) for n in names},
                "n": pa.array(range(lo, hi), pa.int64()),
            }
        )
        pq.write_table(table, folder / "clients.parquet", row_group_size=8)
    return data


def _finding_rows(findings: list[Finding]) -> set[Row]:
    return {tuple(getattr(f, n) for n in FINDING_FIELDS) for f in findings}


@pytest.fixture(scope="module")
def scanned(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("equivalence")
    data = _dataset(root)
    scanner = Scanner()
    local: list[Finding] = []
    summary = scan_paths(
        [str(data)], scanner=scanner, redact=RedactOptions(str(root / "local-out")), on_findings=local.extend
    )
    result = scan_files(
        spark,
        [str(data)],
        scanner=scanner,
        redact_out=str(root / "spark-out"),
        findings_out=str(root / "spark-findings"),
        subject_key=summary.key,
    )
    return {"root": root, "data": data, "local": local, "summary": summary, "spark": result}


def test_same_findings_as_the_local_engine(scanned: dict[str, Any]) -> None:
    local = _finding_rows(scanned["local"])
    spark = {tuple(r[n] for n in FINDING_FIELDS) for r in scanned["spark"].findings.collect()}
    assert len(scanned["spark"].findings.collect()) == len(scanned["local"])
    assert spark == local
    entities = {r[5] for r in local}
    assert entities == set(ENTITIES), set(ENTITIES) - entities  # every entity type is exercised
    languages = {d.language for d in generate_texts(42, seed=11)}
    assert languages == {"kk", "ru", "en"}


def test_same_summary(scanned: dict[str, Any]) -> None:
    local = scanned["summary"].to_dict()
    spark = scanned["spark"].summary
    for key in ("finding_count", "entities", "validated", "fields", "per_source", "records", "sources"):
        assert spark[key] == local[key], key
    assert spark["data_subjects"]["distinct_validated_iins"] == scanned["summary"].subjects > 0
    assert spark["complete"] and not spark["skipped"]


def test_same_redacted_output(scanned: dict[str, Any], spark: Any) -> None:
    root: Path = scanned["root"]
    outputs = scanned["spark"].outputs
    # Parquet: same rows (Spark adds the partition column back from the folder names)
    local_rows: list[Row] = []
    for path in sorted((root / "local-out" / "register").rglob("*.parquet")):
        local_rows.extend(tuple(r.values()) for r in pq.read_table(path).to_pylist())
    spark_df = spark.read.parquet(outputs["redacted"])
    names = [c for c in spark_df.columns if c != "part"]
    spark_rows = [tuple(r) for r in spark_df.select(*[f"`{n}`" for n in names]).collect()]
    assert sorted(spark_rows, key=repr) == sorted(local_rows, key=repr)
    assert spark_df.where("part IS NULL").count() == 0
    # text, CSV, JSON Lines: every (source, record, field) value
    local_values: set[Row] = set()
    out = root / "local-out"
    for name in ("notes.txt", "clients.csv", "clients.jsonl"):
        for batch in iter_batches(out / name):
            for field, values in batch.columns.items():
                for i, v in enumerate(values):
                    local_values.add((name, batch.first_record + i, field, v))
    spark_values = {
        (Path(r["source"]).name, r["record"], r["field"], r["value"])
        for r in spark.read.parquet(outputs["redacted_records"]).collect()
    }
    assert spark_values == local_values


def test_dataframe_api_matches_the_scanner(spark: Any) -> None:
    columns, _ = generate_table(24, seed=9)
    names = list(columns)
    rows = [(i, *vals) for i, vals in enumerate(zip(*columns.values(), strict=True))]
    df = spark.createDataFrame(rows, ["id", *names])
    scanner = Scanner(entities=["KZ_IIN", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD"])
    found = scan_dataframe(df, key_columns=["id"], record="id", source=None, scanner=scanner)
    assert found.columns == ["id", *FINDING_FIELDS]
    cells: dict[str | None, list[str | None]] = dict(columns.items())
    batch = Batch("dataframe", 0, len(rows), cells)
    expected = _finding_rows(Scanner.findings(batch, scanner.scan_batch(batch)))
    assert {tuple(r[n] for n in FINDING_FIELDS) for r in found.collect()} == expected
    assert all(r["id"] == r["record"] for r in found.collect())
    summary = summarise(found)
    assert summary["finding_count"] == len(expected)
    assert summary["data_subjects"]["distinct_validated_iins"] is None  # no subject digests asked for
    redacted = redact_dataframe(df, scanner=scanner).orderBy("id").collect()
    from senim.privacy.redact import redact_batch

    local = redact_batch(batch, Scanner.findings(batch, scanner.scan_batch(batch)))
    for name in names:
        assert [r[name] for r in redacted] == local.columns[name], name
