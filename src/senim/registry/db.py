"""Database configuration: SQLite (embedded default) or PostgreSQL, sessions, migrations, schema check."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

import senim.registry.models  # noqa: F401 - registers every registry table on the ledger's Base
from senim.ledger.chain import install

__all__ = [
    "DatabaseError",
    "SchemaOutdatedError",
    "check_schema",
    "database_url",
    "make_engine",
    "session_scope",
    "upgrade",
]

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(RuntimeError):
    """The database cannot be used (bad URL, unreachable, wrong schema)."""


class SchemaOutdatedError(DatabaseError):
    """The database schema is older (or newer) than this version of Senim."""


def default_sqlite_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("senim", appauthor=False)) / "senim.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``SENIM_DATABASE_URL``, else a SQLite file in the data dir."""
    chosen = url or os.environ.get("SENIM_DATABASE_URL")
    if not chosen:
        path = default_sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    return _resolve_url(chosen)


@lru_cache(maxsize=64)
def _resolve_url(chosen: str) -> str:
    """Check and complete a URL (parsed once per URL: every request's transaction asks again)."""
    try:
        parsed = make_url(chosen)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse message
        raise DatabaseError(f"invalid database URL: {exc}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("psycopg2", "psycopg", ""):
        driver = parsed.get_driver_name() or "default"
        try:
            __import__({"psycopg2": "psycopg2", "psycopg": "psycopg"}.get(driver, "psycopg2"))
        except ImportError:
            # Senim ships the BSD-licensed pg8000 driver; psycopg works too when the user installs it.
            chosen = parsed.set(drivername="postgresql+pg8000").render_as_string(hide_password=False)
    return chosen


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the registry database.

    SQL parameters are kept out of exception messages (``hide_parameters``): they carry e-mail
    addresses, names and other personal data, and exception messages reach logs.
    """
    kwargs.setdefault("hide_parameters", True)
    real = database_url(url)
    parsed = make_url(real)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(real, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun by the "begin" hook below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # Writers take the write lock at BEGIN, so that two transactions that read and then
            # write queue up instead of failing with SQLITE_BUSY halfway through; readers do not
            # (WAL lets them run beside the writer).
            read_only = conn.get_execution_options().get("senim_read_only", False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    if parsed.get_driver_name() == "pg8000":
        _cache_pg8000_statements()
    return create_engine(real, pool_pre_ping=True, **kwargs)


def _cache_pg8000_statements() -> None:
    """Let pg8000 convert a statement's placeholders once, not at every execution.

    pg8000 rewrites ``%s`` into ``$1…`` by scanning the SQL text character by character in Python
    on every ``execute`` (about 0.1 ms per statement, a third of a simple API read). For the
    positional styles SQLAlchemy uses the result depends on the text alone and the parameters pass
    through unchanged, so the rewritten text is cached per statement; other styles go the usual way.
    """
    import pg8000.dbapi as pg_dbapi  # type: ignore[import-untyped]

    original = pg_dbapi.convert_paramstyle
    if getattr(original, "senim_cached", False):
        return

    @lru_cache(maxsize=2048)
    def rewrite(style: str, query: str) -> str:
        return str(original(style, query, ())[0])

    def convert_paramstyle(style: str, query: str, args: Any) -> tuple[str, Any]:
        if style in ("format", "qmark", "numeric"):
            return rewrite(style, query), args
        result: tuple[str, Any] = original(style, query, args)
        return result

    convert_paramstyle.senim_cached = True  # type: ignore[attr-defined]
    convert_paramstyle.__wrapped__ = original  # type: ignore[attr-defined]
    pg_dbapi.convert_paramstyle = convert_paramstyle


@cache
def _sessionmaker(url: str) -> sessionmaker[Session]:
    install(Session)
    return sessionmaker(bind=make_engine(url), expire_on_commit=False)


@cache
def _read_only_sessionmaker(url: str) -> sessionmaker[Session] | None:
    """PostgreSQL: a pool whose connections are read-only for good (``SET SESSION CHARACTERISTICS``
    once per connection, instead of ``SET TRANSACTION READ ONLY`` once per transaction)."""
    if make_url(url).get_backend_name() != "postgresql":
        return None
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cur.close()
        dbapi_conn.commit()

    install(Session)
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(
    url: str | None = None, *, check: bool = True, read_only: bool = False
) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on any error.

    ``read_only`` sessions do not take SQLite's write lock at the start (reads run beside a
    writer); a write attempted in one fails rather than waits. On PostgreSQL the transaction is
    ``READ ONLY``.
    """
    real = database_url(url)
    factory = _sessionmaker(real)
    if check:
        check_schema(factory.kw["bind"])
    if read_only:
        factory = _read_only_sessionmaker(real) or factory
    with factory() as session, session.begin():
        if read_only:
            session.connection(execution_options={"senim_read_only": True})
        yield session


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str | None = None, revision: str = "head") -> str:
    """Apply migrations up to ``revision``; returns the revision now in place."""
    from alembic import command

    engine = make_engine(url)
    try:
        command.upgrade(_alembic_config(engine), revision)
        return current_revision(engine) or "base"
    finally:
        engine.dispose()


def downgrade(url: str | None = None, revision: str = "base") -> str:
    from alembic import command

    engine = make_engine(url)
    try:
        command.downgrade(_alembic_config(engine), revision)
        return current_revision(engine) or "base"
    finally:
        engine.dispose()


_CHECKED: set[str] = set()  # URLs whose schema was found current


def check_schema(engine: Engine) -> None:
    """Refuse a database whose schema is not this version's (run ``senim db upgrade``)."""
    key = engine.url.render_as_string(hide_password=False)
    if key in _CHECKED:
        return
    try:
        current = current_revision(engine)
    except Exception as exc:
        raise DatabaseError(f"cannot open the database: {exc}") from None
    head = head_revision()
    if current != head:
        where = engine.url.render_as_string(hide_password=True)
        if current is None:
            tables = inspect(engine).get_table_names()
            state = "has no Senim schema" if not tables else "has tables but no Senim schema version"
        else:
            state = f"is at schema revision {current}"
        raise SchemaOutdatedError(
            f"the database {where} {state}; this Senim needs {head}: run `senim db upgrade`"
        )
    _CHECKED.add(key)
