"""Run the fuzz targets under libFuzzer and print what they found.

    python fuzz/run.py [--targets a,b] [--seconds 20] [--jobs 2] [--out DIR] [--json]

Each target runs in its own process (``fuzz/targets/<name>.py``) with ``-max_total_time``,
``-rss_limit_mb=2048``, ``-timeout=10`` and ``-artifact_prefix`` in the output folder (``--out``,
else a new temporary folder, kept and named under the table). New inputs go to a scratch corpus
folder there; the committed corpus and the regression inputs are read, never written. The table
gives, per target: seconds, executions, exec/s, coverage (libFuzzer ``cov``/``ft``), corpus size,
and the crashes, timeouts and out-of-memory inputs found, with their paths. Exit code 1 when
anything was found.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
TARGETS_DIR = FUZZ / "targets"
ARTIFACT_KINDS = ("crash", "timeout", "oom", "leak", "slow-unit")
# inputs of these targets need more than libFuzzer's default length (the largest seed)
EXTRA_FLAGS: dict[str, tuple[str, ...]] = {
    "watermark": ("-max_len=65536",),
    "verify": ("-max_len=32768",),
    "media_xmp": ("-max_len=32768",),
    "scan_readers": ("-max_len=16384",),
    "report_inputs": ("-max_len=16384",),
}


@dataclass
class Result:
    """What one target's run found."""

    target: str
    seconds: float = 0.0
    executions: int = 0
    exec_per_s: int = 0
    cov: int = 0
    ft: int = 0
    corpus: int = 0
    peak_rss_mb: int = 0
    crashes: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    ooms: list[str] = field(default_factory=list)
    exit_code: int = 0
    error: str | None = None  # the first line of an uncaught exception, or why the run failed
    note: str | None = None  # something worth knowing that is not a finding
    log: str = ""

    @property
    def found(self) -> bool:
        return bool(self.crashes or self.timeouts or self.ooms) or self.exit_code != 0


def all_targets() -> list[str]:
    return sorted(p.stem for p in TARGETS_DIR.glob("*.py") if not p.stem.startswith("_"))


_STATUS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/", re.MULTILINE)
_STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.MULTILINE)


def parse_log(result: Result, text: str, artifacts: Path) -> None:
    """Fill ``result`` from libFuzzer's output and the artifact files."""
    for m in _STATUS.finditer(text):
        result.executions = max(result.executions, int(m[1]))
        result.cov, result.ft, result.corpus = int(m[2]), int(m[3]), int(m[4])
    stats = {m[1]: int(m[2]) for m in _STAT.finditer(text)}
    result.executions = max(result.executions, stats.get("number_of_executed_units", 0))
    result.exec_per_s = stats.get("average_exec_per_sec", 0)
    result.peak_rss_mb = stats.get("peak_rss_mb", 0)
    for path in sorted(artifacts.glob("*")):
        kind = next((k for k in ARTIFACT_KINDS if path.name.startswith(k + "-")), None)
        if kind in ("crash", "leak"):
            result.crashes.append(str(path))
        elif kind in ("timeout", "slow-unit"):
            result.timeouts.append(str(path))
        elif kind == "oom":
            result.ooms.append(str(path))
    uncaught = re.search(r"=== Uncaught Python exception: ===\n(.*?)\n(?:Traceback|$)", text, re.DOTALL)
    if uncaught:
        result.error = uncaught[1].strip().splitlines()[0][:200]
    tail = [ln for ln in text.splitlines() if re.match(r"^\w*(Error|Exception)\b.*:", ln)]
    if result.error is None and result.crashes and tail:
        result.error = tail[-1][:200]


HARD_LIMIT_S = 180  # beyond max_total_time: a run still going then is killed and reported
EXIT_GRACE_S = 10  # a process that finished fuzzing ("Done N runs") but does not exit is killed


def _wait(proc: subprocess.Popen[bytes], log: Path, deadline: float, result: Result) -> int:
    """Wait for a target process; kill it when it overruns or hangs in exit after finishing.

    Native libraries' thread pools (pyarrow) can deadlock in the process's exit handlers once
    libFuzzer is done: that is no finding about an input, so it is noted and the run is kept.
    """
    done_at: float | None = None
    while True:
        code = proc.poll()
        if code is not None:
            return code
        now = time.monotonic()
        if done_at is None and re.search(rb"^Done \d+ runs", log.read_bytes(), re.MULTILINE):
            done_at = now
        if done_at is not None and now - done_at > EXIT_GRACE_S:
            proc.kill()
            proc.wait()
            result.note = f"finished, then hung in exit handlers for {EXIT_GRACE_S} s: killed"
            return 0
        if now > deadline:
            proc.kill()
            proc.wait()
            result.error = f"still running {HARD_LIMIT_S} s after its time: killed"
            return -9
        time.sleep(0.5)


def run_target(
    name: str, seconds: int, out: Path, extra: Sequence[str] = (), targets_dir: Path = TARGETS_DIR
) -> Result:
    """Fuzz one target for ``seconds`` and return what libFuzzer reported."""
    work = out / name
    scratch, artifacts = work / "corpus", work / "artifacts"
    scratch.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    seeds = [str(d) for d in (FUZZ / "corpus" / name, FUZZ / "regressions" / name) if d.is_dir()]
    seeds += [str(d) for d in (targets_dir / "corpus" / name,) if targets_dir != TARGETS_DIR and d.is_dir()]
    cmd = [
        sys.executable, str(targets_dir / f"{name}.py"),
        f"-max_total_time={seconds}", "-rss_limit_mb=2048", "-timeout=10", "-print_final_stats=1",
        f"-artifact_prefix={artifacts}/", *EXTRA_FLAGS.get(name, ()), *extra, str(scratch), *seeds,
    ]  # fmt: skip
    env = {**os.environ, "SENIM_FUZZ_INSTRUMENT": "1", "PYTHONHASHSEED": "0"}
    result = Result(name)
    started = time.monotonic()
    log = work / "fuzz.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)
        result.exit_code = _wait(proc, log, started + seconds + HARD_LIMIT_S, result)
    result.seconds = round(time.monotonic() - started, 1)
    result.log = str(log)
    parse_log(result, log.read_text(encoding="utf-8", errors="replace"), artifacts)
    if result.exit_code != 0 and not (result.crashes or result.timeouts or result.ooms) and not result.error:
        result.error = f"exit code {result.exit_code}; see {log}"
    return result


# the targets that take longest to start (model loading, heavy imports) run first: less idle tail
SLOW_START = ("scan_text", "report_inputs", "verify", "watermark", "media_xmp")


def run(
    targets: Sequence[str],
    seconds: int,
    jobs: int,
    out: Path,
    *,
    seed: int | None = None,
    runs: dict[str, int] | None = None,
) -> list[Result]:
    """Fuzz every target, ``jobs`` at a time; results in the order of ``targets``.

    ``seed`` fixes libFuzzer's random seed (``-seed``) and ``runs`` caps each target's executions
    (``-runs``): together they make a run repeatable, the same inputs in the same order whatever the
    machine's speed (``seconds`` still bounds the time; a slower machine runs a prefix of them). The
    suite's bounded run uses both; a campaign explores with a random seed and no cap.
    """
    order = sorted(
        targets, key=lambda t: (t not in SLOW_START, SLOW_START.index(t) if t in SLOW_START else 0)
    )

    def flags(target: str) -> tuple[str, ...]:
        extra: tuple[str, ...] = () if seed is None else (f"-seed={seed}",)
        if runs is not None and target in runs:
            extra += (f"-runs={runs[target]}",)
        return extra

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        done = dict(
            zip(order, pool.map(lambda t: run_target(t, seconds, out, flags(t)), order), strict=True)
        )
    return [done[t] for t in targets]


def table(results: Sequence[Result]) -> str:
    """The human-readable report."""
    head = f"{'target':<14} {'s':>6} {'execs':>9} {'exec/s':>7} {'cov':>6} {'ft':>7} {'corpus':>6}  found"
    lines = [head, "-" * len(head)]
    for r in results:
        found = ", ".join(
            f"{len(v)} {k}" for k, v in (("crash", r.crashes), ("timeout", r.timeouts), ("oom", r.ooms)) if v
        )
        lines.append(
            f"{r.target:<14} {r.seconds:>6.0f} {r.executions:>9} {r.exec_per_s:>7} {r.cov:>6} {r.ft:>7} "
            f"{r.corpus:>6}  {found or ('-' if not r.found else 'failed')}"
        )
        for path in r.crashes + r.timeouts + r.ooms:
            lines.append(f"{'':<14}   {path}")
        if r.error and r.found:
            lines.append(f"{'':<14}   {r.error}  (log: {r.log})")
        if r.note:
            lines.append(f"{'':<14}   note: {r.note}")
    total = sum(r.executions for r in results)
    lines.append(f"{len(results)} targets, {total} executions, {sum(r.found for r in results)} with findings")
    if results:
        lines.append(f"logs, new corpus and artifacts: {Path(results[0].log).parent.parent}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", help="comma-separated names (default: all)")
    parser.add_argument("--seconds", type=int, default=20, help="fuzzing time per target (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="targets run in parallel (default 2)")
    parser.add_argument("--out", type=Path, help="keep logs, new corpus and artifacts here")
    parser.add_argument("--seed", type=int, help="libFuzzer's random seed (default: a new one each run)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    names = args.targets.split(",") if args.targets else all_targets()
    unknown = sorted(set(names) - set(all_targets()))
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)} (known: {', '.join(all_targets())})")
    out = args.out if args.out is not None else Path(tempfile.mkdtemp(prefix="senim-fuzz-run-"))
    out.mkdir(parents=True, exist_ok=True)  # kept: it holds the logs and whatever was found
    results = run(names, args.seconds, args.jobs, out, seed=args.seed)
    if args.json:
        print(json.dumps([{**asdict(r), "found": r.found} for r in results], indent=2))
    else:
        print(table(results))
    return 1 if any(r.found for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
