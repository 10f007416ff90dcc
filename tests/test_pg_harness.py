"""The database harness is real: a PostgreSQL server over TCP with a password, fresh databases per test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url

from tests.pg import PostgresServer

# Names of the PostgreSQL databases handed out by ``database_url`` in this module, in test order.
_handed_out: list[str] = []


@contextmanager
def engine_for(url: str) -> Iterator[Engine]:
    engine = sa.create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def _note(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        assert parsed.database is not None
        _handed_out.append(parsed.database)


@pytest.mark.postgres
def test_server_is_real_postgresql_over_tcp_with_password(postgres_server: PostgresServer) -> None:
    url = make_url(postgres_server.url("postgres"))
    assert url.drivername == "postgresql+pg8000"
    assert url.host == "127.0.0.1"
    with engine_for(url.render_as_string(hide_password=False)) as engine, engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version()")).scalar_one()
        assert "PostgreSQL" in version
        assert conn.execute(sa.text("SELECT current_user")).scalar_one() == postgres_server.user
        assert str(conn.execute(sa.text("SELECT inet_server_addr()")).scalar_one()) == "127.0.0.1"
        assert conn.execute(sa.text("SELECT inet_server_port()")).scalar_one() == postgres_server.port
        assert conn.execute(sa.text("SHOW fsync")).scalar_one() == "off"
    assert engine.dialect.driver == "pg8000"

    wrong = url.set(password="not-the-password").render_as_string(hide_password=False)
    with engine_for(wrong) as engine, pytest.raises(sa.exc.DBAPIError, match="password"):
        engine.connect()


def test_table_round_trip(database_url: str) -> None:
    _note(database_url)
    metadata = sa.MetaData()
    items = sa.Table(
        "items",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("note", sa.Text),
    )
    with engine_for(database_url) as engine:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(items.insert(), [{"name": "сенім", "note": "trust"}, {"name": "b", "note": None}])
    # A brand-new engine, hence a new connection: the rows were committed and persisted.
    with engine_for(database_url) as engine, engine.connect() as conn:
        rows = conn.execute(sa.select(items.c.name, items.c.note).order_by(items.c.id)).all()
        assert [tuple(row) for row in rows] == [("сенім", "trust"), ("b", None)]
        assert sa.inspect(conn).get_table_names() == ["items"]


@pytest.mark.parametrize("step", [1, 2])
def test_each_test_gets_an_empty_database(database_url: str, step: int) -> None:
    # Both steps create the same table: whichever runs second would fail if databases were shared.
    _note(database_url)
    with engine_for(database_url) as engine:
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE marker (step INTEGER NOT NULL)"))
            conn.execute(sa.text("INSERT INTO marker (step) VALUES (:step)"), {"step": step})


@pytest.mark.postgres
def test_databases_are_dropped_afterwards(postgres_server: PostgresServer) -> None:
    conn = postgres_server.connect()
    try:
        names = {row[0] for row in conn.run("SELECT datname FROM pg_database")}
    finally:
        conn.close()
    # Databases of tests that already finished are gone (empty when this test runs on its own).
    assert not names & set(_handed_out)
    assert {"postgres", "template0", "template1"} <= names


@pytest.mark.postgres
def test_create_and_drop_database(postgres_server: PostgresServer) -> None:
    url = postgres_server.create_database("harness_probe")
    with engine_for(url) as engine, engine.connect() as conn:
        assert conn.execute(sa.text("SELECT current_database()")).scalar_one() == "harness_probe"
    session = postgres_server.connect("harness_probe")
    try:
        # An open session does not block the drop (WITH (FORCE) terminates it).
        postgres_server.drop_database("harness_probe")
    finally:
        with suppress(Exception):
            session.close()
    raw = postgres_server.connect()
    try:
        assert raw.run("SELECT 1 FROM pg_database WHERE datname = 'harness_probe'") == []
    finally:
        raw.close()
    with pytest.raises(ValueError, match="must match"):
        postgres_server.create_database('bad"name')
