"""Crash consistency (issue 9, item 3): SIGKILL `senim serve` under concurrent writes, on SQLite
(file, WAL) and PostgreSQL, and reconcile the database with what the clients were told.

One campaign per back end (``SENIM_CRASH_KILLS`` kills, default 4; seed ``SENIM_CRASH_SEED``);
``benchmarks/crash.py`` runs the same code for long campaigns. The second test proves that the
reconciliation does catch a lost write, a half-present write and a changed one, by making each of
them in the database the campaign left behind (that ``senim ledger verify`` catches such edits is
proven by ``tests/registry/test_ledger.py``).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, update

from tests.pg import PostgresServer
from tests.reliability._crash import CrashReport, reconcile, run_campaign

KILLS = int(os.environ.get("SENIM_CRASH_KILLS", "4"))
SEED = int(os.environ.get("SENIM_CRASH_SEED", "20261127"))


@dataclass
class Campaign:
    url: str
    report: CrashReport


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ],
)
def campaign(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Campaign]:
    workdir = tmp_path_factory.mktemp(f"crash-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'registry.sqlite3'}"
        yield Campaign(url, run_campaign(url, workdir, iterations=KILLS, seed=SEED, acks_per_cycle=(6, 24)))
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"crash_{secrets.token_hex(6)}"
    url = server.create_database(name)
    try:
        yield Campaign(url, run_campaign(url, workdir, iterations=KILLS, seed=SEED, acks_per_cycle=(6, 24)))
    finally:
        server.drop_database(name)


def test_sigkill_under_concurrent_writes_loses_nothing_and_leaves_nothing_half_written(
    campaign: Campaign,
) -> None:
    report = campaign.report
    rec = report.reconciliation
    summary = json.dumps(report.to_dict(), indent=1, default=str)
    assert report.iterations == KILLS, summary
    # The kills landed inside requests: some writes were neither acknowledged nor refused.
    assert rec.unknown > 0, summary
    assert rec.acknowledged >= KILLS * 6, summary
    assert (rec.losses, rec.half_present, rec.mismatched) == (0, 0, 0), summary
    assert (rec.duplicates, rec.phantoms) == (0, 0), summary
    assert (rec.rejected, rec.gaps, rec.problems) == (0, 0, []), summary
    assert rec.found == rec.acknowledged + rec.unknown_present, summary
    assert rec.unknown_present + rec.unknown_absent == rec.unknown, summary
    assert (report.ledger.exit_code, report.ledger.ok) == (0, True), summary
    assert report.ledger.events > rec.found, summary  # every write made at least one event
    assert report.unexpected_interruptions == 0, summary
    assert report.ok


def test_the_reconciliation_catches_a_lost_a_half_written_and_a_changed_write(campaign: Campaign) -> None:
    from senim.registry.db import session_scope
    from senim.registry.models import EvidenceLink, Incident, RiskEntry

    report = campaign.report
    acked = [w for w in report.writes if w.state == "acked"]
    risk = next(w for w in acked if w.op == "risk")
    linked = next(w for w in acked if w.op in ("file", "attestation") and w.expected["rules"])
    incident = next(w for w in acked if w.op == "incident")
    with session_scope(campaign.url) as s:  # behind the application's back, as a DB operator could
        s.execute(delete(RiskEntry).where(RiskEntry.id == risk.object_id))
        s.execute(delete(EvidenceLink).where(EvidenceLink.evidence_id == linked.object_id))
        s.execute(update(Incident).where(Incident.id == incident.object_id).values(description="edited"))
    rec = reconcile(campaign.url, report.account, report.writes, f"r{SEED}w")
    assert (rec.losses, rec.half_present, rec.mismatched) == (1, 1, 1), rec.problems
    text = "\n".join(rec.problems)
    assert risk.marker in text and linked.marker in text and incident.marker in text
    assert not rec.ok
