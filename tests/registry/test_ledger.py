"""The ledger: every change is recorded in its transaction; any tampering is detected and located."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm.exc import StaleDataError

from senim.ledger.chain import verify
from senim.ledger.signing import sign_head, verify_head
from senim.registry import services
from senim.registry.db import session_scope
from senim.registry.models import AISystem, LedgerEvent, RiskEntry
from tests.registry.conftest import World


def _report(url: str) -> object:
    with session_scope(url) as s:
        return verify(s)


def _add_risks(w: World, n: int = 3) -> None:
    with session_scope(w.url) as s:
        for i in range(n):
            services.add_risk(
                s,
                services.OPERATOR,
                system_id=w.system_id,
                title=f"risk {i}",
                likelihood=2,
                impact=3,
                review_date=dt.date(2027, 1, 1),
            )


def test_every_change_is_an_event_and_the_chain_verifies(world: World) -> None:
    _add_risks(world)
    with session_scope(world.url) as s:
        risk = s.scalars(select(RiskEntry)).first()
        assert risk is not None
        services.update_risk(s, services.OPERATOR, risk_id=risk.id, status="mitigated")
    with session_scope(world.url) as s:
        events = s.scalars(select(LedgerEvent).order_by(LedgerEvent.seq)).all()
        actions = [(e.object_type, e.action) for e in events]
        assert ("organizations", "create") in actions and ("ai_systems", "create") in actions
        assert ("risks", "update") in actions
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert all(e.prev_hash == (events[i - 1].hash if i else "0" * 64) for i, e in enumerate(events))
        report = verify(s)
    assert report.ok, report
    assert report.events == len(events)


def test_a_failed_transaction_leaves_no_change_and_no_event(world: World) -> None:
    before = _report(world.url)
    with pytest.raises(RuntimeError), session_scope(world.url) as s:
        services.add_risk(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            title="half",
            likelihood=1,
            impact=1,
            review_date=dt.date(2027, 1, 1),
        )
        raise RuntimeError("crash in the middle of the write")
    after = _report(world.url)
    assert after.ok and after.events == before.events  # type: ignore[attr-defined]


def test_a_killed_process_leaves_no_half_state(world: World) -> None:
    code = textwrap.dedent(f"""
        import datetime as dt, os
        from senim.registry import services
        from senim.registry.db import session_scope
        with session_scope({world.url!r}) as s:
            services.add_risk(s, services.OPERATOR, system_id={world.system_id!r}, title="killed",
                              likelihood=1, impact=1, review_date=dt.date(2027, 1, 1))
            s.flush()
            os._exit(9)  # the process dies with the transaction open
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, check=False)
    assert done.returncode == 9, done.stderr
    with session_scope(world.url) as s:
        assert s.scalar(select(RiskEntry).where(RiskEntry.title == "killed")) is None
        assert verify(s).ok


@pytest.mark.parametrize(
    ("sql", "problem", "at_event"),
    [
        ("UPDATE ledger_events SET actor = 'mallory' WHERE seq = 3", "event edited", 3),
        ("DELETE FROM ledger_events WHERE seq = 2", "sequence gap", 2),
        ("UPDATE ledger_events SET seq = seq + 100 WHERE seq = 2", "sequence gap", 2),
        ("UPDATE ledger_head SET seq = seq + 1", "ledger head", None),
        ("UPDATE risks SET likelihood = 5", "changed outside the application", None),
        ("DELETE FROM ledger_events WHERE seq = (SELECT MAX(seq) FROM ledger_events)", "ledger head", None),
    ],
)
def test_tampering_is_detected_and_located(
    world: World, sql: str, problem: str, at_event: int | None
) -> None:
    _add_risks(world)
    with session_scope(world.url) as s:
        s.execute(text(sql))
    report = _report(world.url)
    assert not report.ok  # type: ignore[attr-defined]
    assert problem in report.problem  # type: ignore[attr-defined]
    if at_event is not None:
        assert report.event_seq == at_event  # type: ignore[attr-defined]


def test_reordered_events_break_the_links(world: World) -> None:
    _add_risks(world)
    with session_scope(world.url) as s:
        rows = s.execute(text("SELECT seq, hash FROM ledger_events WHERE seq IN (3, 4) ORDER BY seq")).all()
        cols = "at, actor, org_id, object_type, object_id, action, before_hash, after_hash, prev_hash, hash"
        three = s.execute(text(f"SELECT {cols} FROM ledger_events WHERE seq = 3")).one()
        four = s.execute(text(f"SELECT {cols} FROM ledger_events WHERE seq = 4")).one()
        names = [c.strip() for c in cols.split(",")]
        for seq, row in ((3, four), (4, three)):
            s.execute(
                text(f"UPDATE ledger_events SET {', '.join(f'{n} = :{n}' for n in names)} WHERE seq = :seq"),
                {**dict(zip(names, row, strict=True)), "seq": seq},
            )
        assert rows
    report = _report(world.url)
    assert not report.ok and report.event_seq == 3  # type: ignore[attr-defined]


def test_inserted_event_and_row_outside_the_application(world: World) -> None:
    with session_scope(world.url) as s:
        s.execute(
            text(
                "INSERT INTO ledger_events (seq, at, actor, org_id, object_type, object_id, action, "
                "before_hash, after_hash, prev_hash, hash) VALUES (1000, '2026-01-01', 'x', NULL, 'risks', "
                "'r', 'create', NULL, 'a', 'b', 'c')"
            )
        )
    report = _report(world.url)
    assert not report.ok and "sequence gap" in report.problem  # type: ignore[attr-defined]


def test_row_inserted_or_deleted_directly(world: World) -> None:
    with session_scope(world.url) as s:
        s.execute(
            text(
                "INSERT INTO risks (id, system_id, title, likelihood, impact, review_date, status, "
                f"created_at, version) VALUES ('deadbeef', '{world.system_id}', 'ghost', 1, 1, '2027-01-01', "
                "'open', '2026-01-01 00:00:00', 1)"
            )
        )
    report = _report(world.url)
    assert not report.ok and "no ledger event" in report.problem  # type: ignore[attr-defined]
    assert report.object == "risks/deadbeef"  # type: ignore[attr-defined]


def test_row_deleted_directly(world: World) -> None:
    _add_risks(world, 1)
    with session_scope(world.url) as s:
        s.execute(text("DELETE FROM risks"))
    report = _report(world.url)
    assert not report.ok and "missing" in report.problem  # type: ignore[attr-defined]


def test_optimistic_locking_second_writer_conflicts(world: World) -> None:
    with session_scope(world.url) as s:
        version = s.get(AISystem, world.system_id).version  # type: ignore[union-attr]
    with session_scope(world.url) as s:
        services.set_system_fields(
            s, services.OPERATOR, system_id=world.system_id, expected_version=version, owner="first"
        )
    with pytest.raises(services.ConflictError), session_scope(world.url) as s:
        services.set_system_fields(
            s, services.OPERATOR, system_id=world.system_id, expected_version=version, owner="second"
        )
    with session_scope(world.url) as s:
        assert s.get(AISystem, world.system_id).owner == "first"  # type: ignore[union-attr]
        assert verify(s).ok


def test_signed_head_round_trip(tmp_path: object) -> None:
    from pathlib import Path

    key = Path(str(tmp_path)) / "k.pem"
    head = sign_head("ab" * 32, 10, key)
    assert verify_head(head)
    assert not verify_head({**head, "events": 11})
    assert key.stat().st_mode & 0o077 == 0
    json.dumps(head)


def test_two_writers_flushing_twice_do_not_deadlock(world: World) -> None:
    """Writers lock the ledger head before any row, so crossing updates queue instead of deadlocking."""
    import threading

    _add_risks(world, 2)
    with session_scope(world.url) as s:
        a, b = (r.id for r in s.scalars(select(RiskEntry).order_by(RiskEntry.title)))
    first_flushed = threading.Event()
    errors: list[BaseException] = []

    def writer_one() -> None:
        try:
            with session_scope(world.url) as s:
                services.update_risk(s, services.OPERATOR, risk_id=a, measures="one")
                first_flushed.set()
                time.sleep(0.5)  # let the other writer start and queue
                services.update_risk(s, services.OPERATOR, risk_id=b, measures="one")
        except BaseException as exc:
            errors.append(exc)

    def writer_two() -> None:
        try:
            first_flushed.wait(10)
            with session_scope(world.url) as s:
                services.update_risk(s, services.OPERATOR, risk_id=b, owner="two")
                services.update_risk(s, services.OPERATOR, risk_id=a, owner="two")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer_one), threading.Thread(target=writer_two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    # The second writer either ran after the first (SQLite queues whole write transactions) or
    # lost an optimistic-locking race (PostgreSQL: it had read a version the first one replaced);
    # never a deadlock, and nothing of the first writer is lost.
    assert all(isinstance(e, StaleDataError) for e in errors), errors
    with session_scope(world.url) as s:
        rows = {r.id: (r.measures, r.owner) for r in s.scalars(select(RiskEntry))}
        assert rows[a][0] == "one" and rows[b][0] == "one"
        if not errors:
            assert rows[a][1] == "two" and rows[b][1] == "two"
        assert verify(s).ok


def test_awkward_text_survives_the_fast_read_path(world: World) -> None:
    """Tabs, newlines and backslashes in recorded text (PostgreSQL reads the ledger with COPY)."""
    from senim.ledger.chain import _copy_unescape, _iter_events, actor

    with actor("ops\tteam\\night\nshift"), session_scope(world.url) as s:
        services.add_risk(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            title="tab\there, back\\slash, new\nline, \\N literal",
            likelihood=1,
            impact=1,
            review_date=dt.date(2027, 1, 1),
        )
    with session_scope(world.url) as s:
        report = verify(s)
        actors = {row[2] for row in _iter_events(s)}
        count = s.scalar(select(text("count(*)")).select_from(LedgerEvent))
    assert report.ok, report
    assert "ops\tteam\\night\nshift" in actors and report.events == count
    assert _copy_unescape("\\N") is None and _copy_unescape("a\\tb\\\\c\\nd") == "a\tb\\c\nd"


def test_read_only_transactions_refuse_writes_on_postgresql(world: World) -> None:
    from sqlalchemy.exc import DBAPIError

    if not world.url.startswith("postgresql"):
        pytest.skip("SQLite read transactions take no lock at BEGIN; PostgreSQL ones are READ ONLY")
    with pytest.raises(DBAPIError, match="read-only"), session_scope(world.url, read_only=True) as s:
        s.execute(text("UPDATE ai_systems SET owner = 'x'"))
    with session_scope(world.url) as s:  # the read-write pool is untouched
        s.execute(text("UPDATE ai_systems SET owner = owner"))
    with session_scope(world.url, read_only=True) as s:
        assert s.scalar(text("SELECT count(*) FROM ai_systems")) == 1


def test_verify_knows_every_registry_table_without_the_services(world: World) -> None:
    """A fresh process that imports only the session factory and the ledger still checks every row."""
    _add_risks(world, 1)
    code = textwrap.dedent(
        f"""
        from senim.registry.db import session_scope
        from senim.ledger.chain import verify
        with session_scope({world.url!r}) as s:
            r = verify(s)
        print(r.ok, r.problem)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split()[0] == "True", out.stdout + out.stderr
