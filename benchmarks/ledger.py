"""Benchmark: verifying the ledger.

Target (issue 3): verification of 1,000,000 events in under 10 s.

Usage: python benchmarks/ledger.py [--events 1000000] [--database URL]
Builds a registry with one organisation and system, appends N genuine chained events (updates of
risk rows, written in bulk with the same hashing as the application), then times `verify()`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time

from sqlalchemy import insert, select, update

from senim.ledger.chain import event_hash, row_hash, verify
from senim.profile import parse_profile
from senim.registry import services
from senim.registry.db import session_scope, upgrade
from senim.registry.models import LedgerEvent, LedgerHead, RiskEntry


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--database", default=None, help="database URL (default: a temporary SQLite file)")
    args = ap.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='senim-bench-')}/ledger.db"
    upgrade(url)
    with session_scope(url) as s:
        org = services.create_org(s, services.OPERATOR, name="Bench LLP")
        system = services.add_system(
            s,
            services.OPERATOR,
            profile=parse_profile({"schema": "senim/system-profile/v1", "id": "bench"}),
            org_id=org.id,
        )
        risk = services.add_risk(
            s,
            services.OPERATOR,
            system_id=system.id,
            title="r",
            likelihood=1,
            impact=1,
            review_date=dt.date(2027, 1, 1),
        )
        risk_id, org_id = risk.id, org.id
    t0 = time.perf_counter()
    with session_scope(url) as s:
        seq, prev = s.execute(select(LedgerHead.seq, LedgerHead.hash)).one()
        values = {c.name: getattr(s.get(RiskEntry, risk_id), c.key) for c in RiskEntry.__table__.columns}
        before = row_hash("risks", values)
        at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        batch = []
        for i in range(args.events - seq):
            values["version"] += 1
            after = row_hash("risks", values)
            seq += 1
            h = event_hash(prev, seq, at, "bench", org_id, "risks", risk_id, "update", before, after)
            batch.append(
                {
                    "seq": seq,
                    "at": at,
                    "actor": "bench",
                    "org_id": org_id,
                    "object_type": "risks",
                    "object_id": risk_id,
                    "action": "update",
                    "before_hash": before,
                    "after_hash": after,
                    "prev_hash": prev,
                    "hash": h,
                }
            )
            prev, before = h, after
            if len(batch) == 50_000 or i == args.events - 1:
                s.execute(insert(LedgerEvent), batch)
                batch = []
        if batch:
            s.execute(insert(LedgerEvent), batch)
        s.execute(update(LedgerHead).values(seq=seq, hash=prev))
        s.execute(update(RiskEntry).where(RiskEntry.id == risk_id).values(version=values["version"]))
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    with session_scope(url) as s:
        report = verify(s)
    t_verify = time.perf_counter() - t0
    print(f"machine:       {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database:      {url.split('://')[0]}")
    print(f"events:        {report.events} (built in {t_build:.1f} s)")
    print(f"verify:        {t_verify:.2f} s ({report.events / t_verify:,.0f} events/s), ok={report.ok}")
    print(
        "target:        1,000,000 events < 10 s: "
        + ("met" if t_verify < 10 * report.events / 1e6 else "NOT met")
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
