"""Migrations up and down on both databases; an outdated schema is refused with a clear message."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, inspect

from senim.registry.db import (
    SchemaOutdatedError,
    downgrade,
    head_revision,
    make_engine,
    session_scope,
    upgrade,
)
from senim.registry.models import Base, OperationalBase


def test_up_down_up(database_url: str) -> None:
    assert upgrade(database_url) == head_revision()
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        assert {t.name for t in OperationalBase.metadata.sorted_tables} <= tables
    finally:
        engine.dispose()
    assert downgrade(database_url) == "base"
    engine = make_engine(database_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert upgrade(database_url) == head_revision()


def test_outdated_schema_is_refused(database_url: str) -> None:
    with pytest.raises(SchemaOutdatedError, match="run `senim db upgrade`"), session_scope(database_url):
        pass


def test_models_and_migrations_agree(database_url: str) -> None:
    """A model change without its migration fails here (autogenerate finds nothing to add): the
    ledgered models and the operational ones (web sessions) together."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            both = MetaData()
            for table in (*Base.metadata.sorted_tables, *OperationalBase.metadata.sorted_tables):
                table.to_metadata(both)
            diff = compare_metadata(ctx, both)
    finally:
        engine.dispose()
    assert diff == []


def test_pg8000_statement_cache_gives_the_drivers_own_result() -> None:
    import pg8000.dbapi as pg_dbapi  # type: ignore[import-untyped]

    from senim.registry.db import make_engine

    make_engine("postgresql+pg8000://u:p@127.0.0.1:1/x").dispose()  # installs the cache; no connection
    convert = pg_dbapi.convert_paramstyle
    original = convert.__wrapped__
    queries = [
        "SELECT a FROM t WHERE b = %s AND c = %s",
        "SELECT '%s' || %s, \"x%%\" FROM t -- %s\nWHERE d = %s",
        "SELECT E'it\\'s %s' , $$ %s $$, %s",
        "UPDATE t SET v = v %% 2 WHERE id = %s",
    ]
    for q in queries:
        for _ in range(2):  # the second call comes from the cache
            assert convert("format", q, (1, 2)) == original("format", q, (1, 2))
    assert convert("named", "SELECT :a, :b", {"a": 1, "b": 2}) == original(
        "named", "SELECT :a, :b", {"a": 1, "b": 2}
    )


def test_sql_parameters_stay_out_of_error_messages(tmp_path: object) -> None:
    """Exception messages reach logs: the values bound to a failing statement must not be in them."""
    from pathlib import Path

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = make_engine(f"sqlite:///{Path(str(tmp_path)) / 'p.sqlite3'}")
    try:
        with engine.connect() as conn:
            conn.execute(text("CREATE TABLE t (email TEXT UNIQUE)"))
            conn.execute(text("INSERT INTO t VALUES (:e)"), {"e": "aigerim@example.kz"})
            with pytest.raises(DBAPIError) as info:
                conn.execute(text("INSERT INTO t VALUES (:e)"), {"e": "aigerim@example.kz"})
    finally:
        engine.dispose()
    assert "aigerim@example.kz" not in str(info.value)
