"""Benchmark: load and soak of a live `senim serve` (issue 9, item 4).

Starts `senim serve` on 127.0.0.1 over a fresh database (a SQLite file, or a throw-away PostgreSQL
server from ``tests/pg.py`` unless ``--database`` names one) and runs a fixed, seeded mix of reads,
writes, multipart evidence uploads (2 KB-1 MB) and personal-data scans (run by the load generator
with ``senim.privacy``, their masked summary uploaded as a ``machine_result``) from ``--clients``
threads for ``--duration`` seconds or ``--max-requests`` requests, whichever ends first. Prints
throughput and p50/p95/p99 latency per request kind (after the warm-up), errors (whole run), the
server's resident memory at the start, after the warm-up and at the end with its growth per
minute, and ``senim ledger verify``. The mix and the measurement are in
``tests/reliability/_soak.py``; ``tests/reliability/test_soak.py`` runs 60 s of it in CI.

Targets: errors 0; memory flat after the warm-up (growth under 5 %); the ledger verifies.

Usage: python benchmarks/soak.py --duration 600 [--backend sqlite|postgresql] [--clients 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability._live import machine_description, run_on_database
from tests.reliability._soak import SoakReport, run_soak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--database", default=None, help="an empty database URL (default: a fresh one)")
    ap.add_argument("--duration", type=float, default=600.0, help="seconds, warm-up included (default 600)")
    ap.add_argument("--warmup", type=float, default=None, help="seconds (default: a quarter, at most 60)")
    ap.add_argument("--clients", type=int, default=4, help="client threads (closed loop; default 4)")
    ap.add_argument("--server-threads", type=int, default=None, help="senim serve --threads")
    ap.add_argument("--max-requests", type=int, default=None, help="stop after this many requests")
    ap.add_argument("--upload-max-kb", type=int, default=1024, help="largest upload in KB (default 1024)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the work directory (database, server log)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not 1 <= args.clients <= 64 or not 1 <= args.duration <= 24 * 3600:
        raise SystemExit("bounded load only: 1-64 client threads, up to 24 hours")
    progress = None if args.json else (lambda line: print(line, file=sys.stderr, flush=True))

    def soak(url: str, workdir: Path) -> SoakReport:
        return run_soak(
            url,
            workdir,
            duration=args.duration,
            warmup=args.warmup,
            clients=args.clients,
            server_threads=args.server_threads,
            max_requests=args.max_requests,
            seed=args.seed,
            upload_max=args.upload_max_kb * 1024,
            progress=progress,
        )

    report = run_on_database("senim-soak-", args.database, args.backend, args.keep, soak)
    machine = machine_description()
    if args.json:
        print(json.dumps({**report.to_dict(), "machine": machine}, indent=2, default=str))
    else:
        print(f"machine: {machine}; client and server share it")
        print(report.table())
        print("RESULT:", "ok" if report.ok else "FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
