"""The personal-data scanner on Spark against the local engine, same data, same run.

A Parquet client register (``_pii_data.build_table``: ФИО, ИИН, телефон, e-mail, адрес, IBAN,
карта, номер заказа, comment …; a fresh valid IIN per row), ≥ 2 GB on disk by default, generated
once and cached in ``--workdir``, is scanned for the structured identifiers (``--entities all``
adds names and addresses) four ways:

- Spark ``local[1]`` and ``local[2]``: :func:`senim.privacy.spark.scan_files`, findings written as
  Parquet, summary by Spark aggregations (nothing but the aggregated counts reaches the driver);
- the local engine with ``--workers 1`` and ``2``: :func:`senim.privacy.run.scan_paths`, findings
  serialised as JSON lines and counted (the CLI's ``--format jsonl`` path).

Throughput is rows (and MB of cell text) per wall second, Spark start-up excluded and reported
apart; peak memory is the resident set of this process's tree (driver JVM, Python workers) sampled
every 0.2 s. Targets: ``local[2]`` ≥ 1.7× ``local[1]``; Spark within 1.5× of the local engine at
equal cores; memory bounded (it must not grow with the input).

Usage::

    .venv/bin/python benchmarks/pii_spark.py [--gb 2] [--rows N] [--entities structured|all]
        [--runs spark1,spark2,local1,local2] [--workdir /tmp/senim-pii-spark] [--seed 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pii_data import build_table
from pii_speed import _loadavg, _tree_rss_kb, machine

from senim.privacy.types import STRUCTURED_ENTITIES

TARGET_SCALING = 1.7
TARGET_VS_LOCAL = 1.5
PILOT_ROWS = 20_000


class _PeakMemory:
    """Peak resident set of this process and its descendants (JVM, Python workers), in MB."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid())[0])
            self._stop.wait(self.interval)

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return round(self.peak_kb / 1024, 1)


def rows_for_gb(workdir: Path, gb: float, seed: int) -> int:
    """Rows that make about ``gb`` GB of Parquet, from a small pilot table's bytes per row."""
    _, meta = build_table(workdir, rows=PILOT_ROWS, seed=seed)
    per_row = meta["file_bytes"] / meta["rows"]
    return int(gb * 1e9 / per_row) + 1


def run_spark(master: str, table: Path, entities: Sequence[str] | None, workdir: Path) -> dict[str, Any]:
    """One Spark scan of ``table`` with a fresh session on ``master``.

    Splits are one Parquet row group each (``maxPartitionBytes`` below a row group's size on disk)
    so that the tasks are many and even: with large splits two cores get unequal shares of a
    single file.
    """
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(table).metadata
    split = max(1 << 20, min(128 << 20, table.stat().st_size // max(meta.num_row_groups, 1)))
    from pyspark.sql import SparkSession

    from senim.privacy.scanner import Scanner
    from senim.privacy.spark import scan_files

    out = Path(tempfile.mkdtemp(prefix="findings-", dir=workdir))
    shutil.rmtree(out)
    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master(master)
        .appName("senim-pii-spark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.files.maxPartitionBytes", str(split))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    start_s = time.perf_counter() - t0
    load = _loadavg()
    try:
        with _PeakMemory() as mem:
            t0 = time.perf_counter()
            result = scan_files(
                spark, [str(table)], scanner=Scanner(entities=entities), findings_out=str(out)
            )
            seconds = time.perf_counter() - t0
    finally:
        spark.stop()
        shutil.rmtree(out, ignore_errors=True)
    summary = result.summary
    return {
        "seconds": round(seconds, 2),
        "startup_s": round(start_s, 2),
        "findings": summary["finding_count"],
        "subjects": summary["data_subjects"]["distinct_validated_iins"],
        "records": summary["records"],
        "peak_rss_mb_tree": mem.mb,
        "loadavg": f"{load} -> {_loadavg()}",
    }


def run_local(workers: int, table: Path, entities: Sequence[str] | None) -> dict[str, Any]:
    """One local-engine scan (``scan_paths``) of ``table``; findings serialised as JSON lines."""
    from senim.privacy.run import scan_paths
    from senim.privacy.scanner import Scanner

    lines = 0

    def count(text: str) -> None:
        nonlocal lines
        lines += text.count("\n")

    load = _loadavg()
    with _PeakMemory() as mem:
        t0 = time.perf_counter()
        summary = scan_paths(
            [str(table)], scanner=Scanner(entities=entities), workers=workers, on_jsonl=count
        )
        seconds = time.perf_counter() - t0
    return {
        "seconds": round(seconds, 2),
        "startup_s": 0.0,
        "findings": lines,
        "subjects": summary.subjects,
        "records": summary.records,
        "peak_rss_mb_tree": mem.mb,
        "loadavg": f"{load} -> {_loadavg()}",
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--gb", type=float, default=2.0, help="size of the Parquet register on disk (GB)")
    ap.add_argument("--rows", type=int, default=None, help="rows of the register (overrides --gb)")
    ap.add_argument("--entities", choices=("structured", "all"), default="structured")
    ap.add_argument("--runs", default="spark1,spark2,local1,local2", help="which runs, comma-separated")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "senim-pii-spark")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ns = ap.parse_args(argv)
    say: Callable[[str], None] = (lambda s: print(s, file=sys.stderr)) if ns.json else print
    workdir: Path = ns.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    report: dict[str, Any] = {"machine": machine(), "options": {k: str(v) for k, v in vars(ns).items()}}
    m = report["machine"]
    say(
        f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"load {_loadavg()}"
    )
    rows = ns.rows if ns.rows is not None else rows_for_gb(workdir, ns.gb, ns.seed)
    t0 = time.perf_counter()
    table, meta = build_table(workdir, rows=rows, seed=ns.seed)
    cell_mb = meta["string_bytes"] / 1e6
    report["data"] = {"table": str(table), **meta}
    say(
        f"table: {table} ({meta['rows']:,} rows, {meta['file_bytes'] / 1e9:.2f} GB on disk, "
        f"{cell_mb:,.0f} MB of cell text; ready in {time.perf_counter() - t0:.0f} s)"
    )
    entities = list(STRUCTURED_ENTITIES) if ns.entities == "structured" else None
    runs: dict[str, Any] = {}
    report["runs"] = runs
    plan: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
        "spark1": ("Spark local[1]", lambda: run_spark("local[1]", table, entities, workdir)),
        "spark2": ("Spark local[2]", lambda: run_spark("local[2]", table, entities, workdir)),
        "local1": ("local engine, 1 worker", lambda: run_local(1, table, entities)),
        "local2": ("local engine, 2 workers", lambda: run_local(2, table, entities)),
    }
    for key in [k.strip() for k in ns.runs.split(",") if k.strip()]:
        if key not in plan:
            ap.error(f"--runs: unknown run {key!r} (known: {', '.join(plan)})")
        name, run = plan[key]
        say(f"running: {name} …")
        res = run()
        res["rows_per_s"] = round(meta["rows"] / res["seconds"])
        res["mb_per_s"] = round(cell_mb / res["seconds"], 2)
        runs[name] = res
    ratios: dict[str, float] = {}
    r = {k: runs.get(v[0]) for k, v in plan.items()}
    if r["spark1"] and r["spark2"]:
        ratios["local[2] / local[1]"] = round(r["spark1"]["seconds"] / r["spark2"]["seconds"], 2)
    if r["spark1"] and r["local1"]:
        ratios["Spark / local engine, 1 core (time)"] = round(
            r["spark1"]["seconds"] / r["local1"]["seconds"], 2
        )
    if r["spark2"] and r["local2"]:
        ratios["Spark / local engine, 2 cores (time)"] = round(
            r["spark2"]["seconds"] / r["local2"]["seconds"], 2
        )
    report["ratios"] = ratios
    counts = {(v["findings"], v["subjects"]) for v in runs.values()}
    report["same_results"] = len(counts) == 1
    report["machine"]["loadavg_end"] = _loadavg()
    say("")
    say(
        f"{'run':26} {'s':>8} {'rows/s':>9} {'MB/s':>7} {'findings':>10} {'subjects':>9} "
        f"{'RSS MB':>7}  load avg"
    )
    for name, v in runs.items():
        say(
            f"{name:26} {v['seconds']:8.1f} {v['rows_per_s']:9,} {v['mb_per_s']:7.2f} {v['findings']:10,} "
            f"{v['subjects']:9,} {v['peak_rss_mb_tree']:7.0f}  {v['loadavg']}"
        )
    for name, value in ratios.items():
        target = TARGET_SCALING if name.startswith("local[2]") else TARGET_VS_LOCAL
        ok = value >= target if name.startswith("local[2]") else value <= target
        say(
            f"{name}: {value:.2f} (target {'≥' if name.startswith('local[2]') else '≤'} {target}: "
            f"{'met' if ok else 'NOT met'})"
        )
    say(f"same findings and subjects in every run: {report['same_results']}")
    if ns.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return report


if __name__ == "__main__":
    main()
