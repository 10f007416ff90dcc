"""Suite-wide fixtures: a real PostgreSQL server (started on demand) and a per-test database URL.

``database_url`` runs a test twice, ``[sqlite]`` and ``[postgresql]``; the PostgreSQL variant carries
the ``postgres`` marker, so ``pytest -m "not postgres"`` leaves it out. When PostgreSQL cannot be
started the PostgreSQL tests fail if the ``CI`` environment variable is set, and skip otherwise.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PostgresServer, start_postgres

DATABASE_BACKENDS = ("sqlite", "postgresql")

# Compiled scanner databases and tables (senim._cache) go to a per-user folder of the temporary
# directory, not the user's cache; entries are content-addressed and checked, so sharing is safe.
os.environ.setdefault("SENIM_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"senim-test-cache-{os.getuid()}"))

# Fails the session if a planted secret or personal value reaches a log (tests/_logguard.py).
pytest_plugins = ("tests._logguard",)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs the throw-away PostgreSQL server the suite starts (tests/pg.py)"
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server per test session, started only when a test asks for it."""
    try:
        server = start_postgres()
    except Exception as exc:  # any reason at all: report it, never hide it in CI
        reason = f"PostgreSQL test server could not be started: {type(exc).__name__}: {exc}"
        if _in_ci():
            pytest.fail(reason + "\n(CI is set, so this is a failure rather than a skip)", pytrace=False)
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for this test only, as a SQLAlchemy URL; dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"test_{secrets.token_hex(8)}"
    url = server.create_database(name)
    try:
        yield url
    finally:
        server.drop_database(name)
