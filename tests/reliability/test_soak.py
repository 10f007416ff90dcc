"""Load and soak in CI (issue 9, item 4): the mixed load of ``benchmarks/soak.py`` for
``SENIM_SOAK_SECONDS`` seconds (default 60, warm-up a quarter of it) against `senim serve` on a
SQLite file: no error at all, the ledger verifies, and the server's memory after the warm-up stays
within a generous bound (the benchmark's 10-minute run gives the real figure).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.reliability._soak import MIX, run_soak

SECONDS = float(os.environ.get("SENIM_SOAK_SECONDS", "60"))
# End of run against end of warm-up. Generous: at CI's few thousand requests it catches leaks of
# tens of KB per request (a leaked upload body, a cache without bound); the 10-minute benchmark
# gives the real growth figure.
MAX_GROWTH_PCT = 25.0


def test_mixed_load_has_no_errors_a_verified_ledger_and_flat_memory(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    report = run_soak(url, tmp_path, duration=SECONDS, read_systems=5, seed=9)
    summary = report.table() + "\n" + json.dumps(report.rss_samples)
    assert report.errors == 0, summary
    assert all(report.kinds[kind].requests > 0 for kind, _, _ in MIX), summary  # the whole mix ran
    assert (report.ledger.exit_code, report.ledger.ok) == (0, True), summary
    assert report.ledger.events > report.categories["write"].requests, summary
    assert report.rss_warm_mb > 0, summary
    assert report.rss_growth_pct < MAX_GROWTH_PCT, summary
    assert report.ok
