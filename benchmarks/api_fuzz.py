"""Long schemathesis run against a live Senim server: every operation as every role of organisation A.

The same harness as ``tests/security/test_schemathesis.py`` (two seeded organisations, org-B
canaries, schema conformance and no-5xx checks), with more examples. Prints the cases run per
role, their status codes and the time taken; exits 1 on any failure.

    .venv/bin/python benchmarks/api_fuzz.py --examples 100 [--seed 9090] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=100, help="per operation, role and generation mode")
    parser.add_argument("--seed", type=int, default=9090)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    report = ROOT / ".api_fuzz_report.json"
    env = {
        **os.environ,
        "SENIM_SCHEMATHESIS_EXAMPLES": str(args.examples),
        "SENIM_SCHEMATHESIS_SEED": str(args.seed),
        "SENIM_SCHEMATHESIS_REPORT": str(report),
    }
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/security/test_schemathesis.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    figures = json.loads(report.read_text()) if report.exists() else {}
    report.unlink(missing_ok=True)
    result = {
        "examples": args.examples,
        "seed": args.seed,
        "seconds": round(elapsed, 1),
        "passed": proc.returncode == 0,
        "cases_per_role": figures.get("cases", {}),
        "statuses_per_role": figures.get("statuses", {}),
        "total_cases": sum(figures.get("cases", {}).values()),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"schemathesis: {args.examples} examples per operation/role/mode, seed {args.seed}")
        print(f"{'role':<20}{'cases':>8}  statuses")
        for role, cases in result["cases_per_role"].items():
            print(f"{role:<20}{cases:>8}  {result['statuses_per_role'].get(role, {})}")
        verdict = "passed" if proc.returncode == 0 else "FAILED"
        print(f"{'total':<20}{result['total_cases']:>8}  in {elapsed:.0f} s; {verdict}")
    if proc.returncode != 0:
        print(proc.stdout[-8000:], file=sys.stderr)
    return 0 if proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
