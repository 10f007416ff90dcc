"""Fixtures borrowed for the planted-values tests: the API (SQLite and PostgreSQL, tests/api) and the
seeded web application (SQLite, tests/web)."""

from tests.api.conftest import api  # noqa: F401
from tests.web.conftest import _seed, client, fast_passwords, web_app  # noqa: F401
