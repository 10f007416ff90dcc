"""Benchmark: crash consistency campaigns (issue 9, item 3).

Starts `senim serve` on a fresh database (a SQLite file in WAL mode, or a throw-away PostgreSQL
server from ``tests/pg.py`` unless ``--database`` names one), streams concurrent writes through the
REST API from ``--writers`` threads and SIGKILLs the server's process group ``--iterations`` times
at seeded random points, restarting it each time. Then ``senim ledger verify`` and a
reconciliation of the database against what the clients were told (see
``tests/reliability/_crash.py``). The CI test ``tests/reliability/test_crash.py`` runs the same code
with 4 kills per back end.

Targets: losses 0, half-present 0 (and no mismatch, duplicate, phantom or ledger gap).

Usage: python benchmarks/crash.py --backend sqlite|postgresql --iterations 50 [--seed 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability._crash import CrashReport, run_campaign
from tests.reliability._live import machine_description, run_on_database


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--database", default=None, help="an empty database URL (default: a fresh one)")
    ap.add_argument("--iterations", type=int, default=50, help="SIGKILL/restart cycles")
    ap.add_argument("--writers", type=int, default=4, help="client threads writing concurrently")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--acks", type=int, nargs=2, default=(8, 40), metavar=("MIN", "MAX"),
                    help="acknowledged writes between two kills, drawn uniformly (default 8 40)")
    ap.add_argument("--upload-kb", type=int, default=64, help="largest upload in KB (default 64)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (database, server log)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not 1 <= args.iterations <= 10_000 or not 1 <= args.writers <= 32:
        raise SystemExit("1-10000 iterations, 1-32 writers")
    progress = None if args.json else (lambda line: print(line, file=sys.stderr, flush=True))
    def campaign(url: str, workdir: Path) -> CrashReport:
        return run_campaign(
            url,
            workdir,
            iterations=args.iterations,
            seed=args.seed,
            writers=args.writers,
            acks_per_cycle=(args.acks[0], args.acks[1]),
            upload_max=args.upload_kb * 1024,
            progress=progress,
        )

    report = run_on_database("senim-crash-", args.database, args.backend, args.keep, campaign)
    doc = report.to_dict()
    doc["machine"] = machine_description()
    if args.json:
        print(json.dumps(doc, indent=2, default=str))
        return 0 if report.ok else 1
    rec = report.reconciliation
    print(f"machine: {doc['machine']}; back end: {report.backend}; seed {report.seed}; ", end="")
    print(f"{report.writers} writer threads")
    rows = [
        ("iterations (SIGKILL + restart)", report.iterations),
        ("writes attempted", rec.attempted),
        ("writes acknowledged (2xx)", rec.acknowledged),
        ("writes unacknowledged (cut by a kill)", rec.unknown),
        ("  of which present, complete", rec.unknown_present),
        ("  of which absent", rec.unknown_absent),
        ("writes found in the database", rec.found),
        ("losses (acknowledged, absent)", rec.losses),
        ("half-present", rec.half_present),
        ("content mismatches", rec.mismatched),
        ("duplicates / phantoms", f"{rec.duplicates} / {rec.phantoms}"),
        ("error responses", rec.rejected),
        ("ledger gaps", rec.gaps),
        ("senim ledger verify", f"exit {report.ledger.exit_code}, {report.ledger.events} events"),
        ("restart to ready (mean)", f"{report.restart_seconds_mean} s"),
        ("campaign time", f"{report.seconds} s"),
    ]
    for name, value in rows:
        print(f"{name:<40} {value}")
    for problem in rec.problems[:20]:
        print(f"  problem: {problem}")
    print("RESULT:", "ok" if report.ok else "FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
