"""An API over a migrated database (SQLite and PostgreSQL): organisation A with a user of every role,
organisation B with an admin, a bearer token for each, and a TestClient bound to ``create_app(url)``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from senim.api import create_app
from senim.ledger.chain import actor
from senim.registry import services
from senim.registry.db import session_scope, upgrade
from senim.registry.models import ROLES
from tests.helpers import profile_data

PREFIX = "/api/v1"
A_ROLES = ROLES  # admin, compliance_officer, engineer, auditor, regulator (all in organisation A)
WRITERS = ("admin", "compliance_officer", "engineer")


@dataclass
class Api:
    client: TestClient
    url: str
    org_a: str
    org_b: str
    user_ids: dict[str, str] = field(default_factory=dict)  # "admin", ..., "b_admin" -> user id
    tokens: dict[str, str] = field(default_factory=dict)  # same keys -> plaintext bearer token
    token_ids: dict[str, str] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, method: str, who: str | None, path: str, **kw: Any) -> httpx.Response:
        headers = {**(self.auth(who) if who else {}), **kw.pop("headers", {})}
        return self.client.request(method, PREFIX + path, headers=headers, **kw)

    def get(self, who: str | None, path: str, **kw: Any) -> httpx.Response:
        return self.call("GET", who, path, **kw)

    def post(self, who: str | None, path: str, **kw: Any) -> httpx.Response:
        return self.call("POST", who, path, **kw)

    def patch(self, who: str | None, path: str, **kw: Any) -> httpx.Response:
        return self.call("PATCH", who, path, **kw)

    def put(self, who: str | None, path: str, **kw: Any) -> httpx.Response:
        return self.call("PUT", who, path, **kw)

    def delete(self, who: str | None, path: str, **kw: Any) -> httpx.Response:
        return self.call("DELETE", who, path, **kw)

    def new_system(self, who: str = "engineer", slug: str = "credit-scoring", **extra: Any) -> dict[str, Any]:
        """Register a system through the API (as ``who``) and return its JSON."""
        overrides = extra.pop("profile", {})
        body = {"profile": profile_data(id=slug, name=slug.replace("-", " ").title(), **overrides), **extra}
        r = self.post(who, "/systems", json=body)
        assert r.status_code == 201, r.text
        out: dict[str, Any] = r.json()
        return out

    @contextmanager
    def other_client(self, **app_kwargs: Any) -> Iterator[TestClient]:
        """A second app over the same database (e.g. with a small ``max_upload_bytes``)."""
        with TestClient(create_app(self.url, **app_kwargs)) as client:
            yield client


def error_of(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert the status and the one error shape; return the ``error`` object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    err: dict[str, Any] = body["error"]
    assert set(err) == {"code", "message", "details"} and err["message"], err
    if code is not None:
        assert err["code"] == code, err
    assert "Traceback" not in response.text
    return err


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    """This test's ``database_url`` database, migrated and seeded through the services as the OPERATOR
    (two organisations, their users, a token each: a recorded, verifiable ledger), and a client."""
    upgrade(database_url)
    with actor("test:setup"), session_scope(database_url) as s:
        org_a = services.create_org(s, services.OPERATOR, name="Org A LLP")
        org_b = services.create_org(s, services.OPERATOR, name="Org B JSC")
        world = Api(client=None, url=database_url, org_a=org_a.id, org_b=org_b.id)  # type: ignore[arg-type]
        people = [(role, org_a.id, role) for role in A_ROLES] + [("b_admin", org_b.id, "admin")]
        for key, org, role in people:
            user = services.create_user(
                s, services.OPERATOR, org_id=org, email=f"{key}@example.kz", name=key.title(), role=role
            )
            token, plain = services.create_token(s, services.OPERATOR, user_id=user.id)
            world.user_ids[key], world.tokens[key], world.token_ids[key] = user.id, plain, token.id
    with TestClient(create_app(database_url)) as client:
        world.client = client
        yield world
