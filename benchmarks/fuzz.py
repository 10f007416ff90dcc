"""Benchmark: the long fuzzing campaign (issue 9, items 1 and 7).

Usage: python benchmarks/fuzz.py [--seconds 600] [--jobs 2] [--targets a,b] [--out DIR] [--json]

Runs every atheris target of ``fuzz/targets/`` for ``--seconds`` each (``--jobs`` at a time) with
the same runner as CI (``fuzz/run.py``: ``-rss_limit_mb=2048 -timeout=10``) and prints, per
target: seconds, executions, exec/s, coverage (libFuzzer ``cov``/``ft``), corpus size and the
crashes, timeouts and out-of-memory inputs found (their files stay in ``--out``). Exit code 1 when
anything was found: triage it into ``fuzz/regressions/<target>/`` (docs/fuzzing.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz import run as runner


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=600, help="fuzzing time per target (default 600)")
    ap.add_argument("--jobs", type=int, default=2, help="targets run in parallel (default 2)")
    ap.add_argument("--targets", help="comma-separated names (default: all)")
    ap.add_argument("--out", type=Path, help="keep logs, grown corpus and artifacts here")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args()
    names = args.targets.split(",") if args.targets else runner.all_targets()
    out = args.out or Path(tempfile.mkdtemp(prefix="senim-fuzz-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = runner.run(names, args.seconds, args.jobs, out)
    wall = time.monotonic() - started
    if args.json:
        doc = {
            "seconds_per_target": args.seconds,
            "jobs": args.jobs,
            "wall_seconds": round(wall, 1),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "targets": [{**asdict(r), "found": r.found} for r in results],
        }
        print(json.dumps(doc, indent=2))
    else:
        print(f"fuzzing: {args.seconds} s per target, {args.jobs} jobs, wall {wall:.0f} s, out {out}")
        print(runner.table(results))
    return 1 if any(r.found for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
