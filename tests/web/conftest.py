"""Fixtures for the web UI's tests (usable by every test under ``tests/web``).

* ``web_app`` -> :class:`WebWorld`: the API + web application (``create_app(url)``) over a fresh
  SQLite database, migrated to head, with

  - organisation ``Example Bank JSC`` (``world.org_id``) with one user of every role
    (``world.users["admin" | "compliance_officer" | "engineer" | "auditor" | "regulator"]``, each a
    :class:`Person` with ``id``, ``email``, ``role``), all with the password :data:`PASSWORD`;
  - organisation ``Other LLP`` (``world.other_org_id``) with an admin (``world.users["other_admin"]``);
  - one system loaded from ``examples/profiles/credit-scoring.yaml`` by the engineer, assessed,
    published on the public register (``world.system_id``).

  The seeded database is built once per test session and copied for each test (fast).
  Passwords are hashed with cheap argon2id parameters in these tests (``fast_passwords``).
* ``client`` -> a ``TestClient`` of ``web_app.app`` (not signed in; redirects are followed unless
  a request says ``follow_redirects=False``).
* ``login(client, who)`` (import it: ``from tests.web.conftest import login``) signs ``client`` in
  as ``who`` (a role key of ``world.users`` or an e-mail address) and returns the session's CSRF
  token; ``csrf_token(client, path)`` reads the token from a page's ``<meta name="csrf-token">``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from fastapi import FastAPI
from fastapi.testclient import TestClient

from senim.api import create_app
from senim.ledger.chain import actor
from senim.profile import load_profile
from senim.registry import accounts, db, services
from senim.registry.models import ROLES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "profiles" / "credit-scoring.yaml"
PASSWORD = "correct horse battery staple"
ORG_NAME = "Example Bank JSC"
OTHER_ORG_NAME = "Other LLP"

_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')


@dataclass(frozen=True)
class Person:
    id: str
    email: str
    role: str
    org_id: str

    @property
    def principal(self) -> services.Principal:
        return services.Principal(self.id, self.org_id, self.role)


@dataclass
class WebWorld:
    app: FastAPI
    url: str
    org_id: str
    other_org_id: str
    system_id: str
    users: dict[str, Person] = field(default_factory=dict)
    password: str = PASSWORD


@dataclass(frozen=True)
class _Seed:
    path: Path
    org_id: str
    other_org_id: str
    system_id: str
    users: dict[str, Person]


@pytest.fixture(autouse=True, scope="session")
def fast_passwords() -> Iterator[None]:
    """argon2id with 1 pass over 1 MiB in tests (production: 3 passes over 64 MiB, 4 lanes)."""
    previous = accounts.use_hasher(
        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
    )
    yield
    accounts.use_hasher(previous)


@pytest.fixture(scope="session")
def _seed(tmp_path_factory: pytest.TempPathFactory, fast_passwords: None) -> _Seed:
    path = tmp_path_factory.mktemp("web-seed") / "seed.sqlite3"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    users: dict[str, Person] = {}
    with actor("test:setup"), db.session_scope(url) as s:
        org = services.create_org(s, services.OPERATOR, name=ORG_NAME)
        other = services.create_org(s, services.OPERATOR, name=OTHER_ORG_NAME)
        people = [(role, org.id, role) for role in ROLES] + [("other_admin", other.id, "admin")]
        for key, org_id, role in people:
            email = f"{key.replace('_', '.')}@example.kz"
            user = services.create_user(
                s,
                services.OPERATOR,
                org_id=org_id,
                email=email,
                name=key.replace("_", " ").title(),
                role=role,
            )
            accounts.set_password(s, services.OPERATOR, user_id=user.id, password=PASSWORD)
            users[key] = Person(user.id, email, role, org_id)
        engineer = users["engineer"].principal
        system = services.add_system(s, engineer, profile=load_profile(EXAMPLE), owner=ORG_NAME)
        services.run_assessment(s, engineer, system_id=system.id)
        services.set_system_fields(
            s,
            users["compliance_officer"].principal,
            system_id=system.id,
            expected_version=None,
            publication="public_register",
        )
        seed = _Seed(path, org.id, other.id, system.id, users)
    db._sessionmaker(db.database_url(url)).kw["bind"].dispose()  # checkpoint the WAL into the file
    return seed


@pytest.fixture
def web_app(_seed: _Seed, tmp_path: Path) -> WebWorld:
    path = tmp_path / "web.sqlite3"
    shutil.copyfile(_seed.path, path)
    url = f"sqlite:///{path}"
    return WebWorld(
        app=create_app(url),
        url=url,
        org_id=_seed.org_id,
        other_org_id=_seed.other_org_id,
        system_id=_seed.system_id,
        users=dict(_seed.users),
    )


@pytest.fixture
def client(web_app: WebWorld) -> Iterator[TestClient]:
    with TestClient(web_app.app) as c:
        yield c


def csrf_token(client: TestClient, path: str = "/login") -> str:
    """The CSRF token of ``client``'s session (or of the sign-in form), read from a page."""
    page = client.get(path)
    m = _CSRF_META.search(page.text) or _CSRF_FIELD.search(page.text)
    assert m is not None, page.text[:500]
    return m.group(1)


def login(client: TestClient, who: str, password: str = PASSWORD, *, world: WebWorld | None = None) -> str:
    """Sign ``client`` in as ``who`` (role key like ``"engineer"`` or an e-mail address); returns the
    session's CSRF token for later POSTs."""
    email = who if "@" in who else f"{who.replace('_', '.')}@example.kz"
    token = csrf_token(client, "/login")
    r = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/account"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:2000]
    return csrf_token(client, "/account")
