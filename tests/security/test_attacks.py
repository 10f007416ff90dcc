"""Explicit attacks on the API and the web UI: IDOR on every route that takes an id, token abuse,
sessions, CSRF on every state-changing web route, oversized and hostile bodies, slow clients, and
the self-hosted ``/docs``.

The database is seeded once for the module (``tests/security/conftest.py``): organisations A and B,
a user of every role in each, objects of every type. "Nothing changed" is proven by a digest of
every registry table (and the ledger head) taken before and after an attack.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher, Type
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from starlette.routing import Route
from typer.testing import CliRunner

from senim.api import create_app
from senim.api.limits import RequestLimitsMiddleware, guarded_h11_protocol
from senim.ledger.chain import actor
from senim.registry import accounts, db, services
from senim.registry.models import ROLES, ApiToken, User, WebSession
from tests.helpers import profile_data
from tests.security.conftest import PREFIX, LiveServer, World

PASSWORD = "correct horse battery staple"
MISSING = "0" * 32  # an id that exists nowhere


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module", autouse=True)
def cheap_passwords() -> Iterator[None]:
    previous = accounts.use_hasher(
        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
    )
    yield
    accounts.use_hasher(previous)


@pytest.fixture(scope="module")
def app(world: World) -> FastAPI:
    with actor("test:setup"), db.session_scope(world.url) as s:
        for org in (world.a, world.b):
            for role in ROLES:
                accounts.set_password(s, services.OPERATOR, user_id=org.user_ids[role], password=PASSWORD)
    return create_app(world.url)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def snapshot(url: str) -> str:
    """A digest of every registry table (web sessions aside) and the ledger head."""
    digest = hashlib.sha256()
    with db.session_scope(url, read_only=True) as s:
        tables = [
            t
            for (t,) in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
            if t not in ("web_sessions", "alembic_version")
        ]
        for table in tables:
            rows = s.execute(text(f"SELECT * FROM {table}")).all()
            digest.update(table.encode())
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    return digest.hexdigest()


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text[:500])
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    err: dict[str, Any] = body["error"]
    return err


def _all_routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(method, full path) of every route, through FastAPI's included-router branches."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _all_routes(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute | Route):
            for method in sorted(route.methods or ()):
                yield method, prefix + route.path


def _api_routes(app: FastAPI) -> list[tuple[str, str]]:
    return [(m, p[len(PREFIX) :]) for m, p in _all_routes(app.routes) if p.startswith(PREFIX + "/")]


# --------------------------------------------------------------------------- IDOR

# Every API route that takes an object id, with a body valid enough to reach the lookup.
ID_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/systems/{system_id}"): {},
    ("PATCH", "/systems/{system_id}"): {"json": {"owner": "Mallory", "version": 1}},
    ("PUT", "/systems/{system_id}/profile"): {"json": {"profile": profile_data(id="x"), "version": 1}},
    ("GET", "/systems/{system_id}/profile/versions"): {},
    ("POST", "/systems/{system_id}/assessments"): {"json": {}},
    ("GET", "/systems/{system_id}/assessments/latest"): {},
    ("GET", "/systems/{system_id}/obligations"): {},
    ("POST", "/systems/{system_id}/evidence/attestations"): {"json": {"title": "t", "statement": "s"}},
    ("POST", "/systems/{system_id}/evidence/files"): {
        "files": {"file": ("x.txt", b"mallory")},
        "data": {"title": "t"},
    },
    ("GET", "/systems/{system_id}/evidence"): {},
    ("GET", "/evidence/{evidence_id}"): {},
    ("GET", "/evidence/{evidence_id}/content"): {},
    ("POST", "/systems/{system_id}/risks"): {
        "json": {"title": "t", "likelihood": 1, "impact": 1, "review_date": "2027-01-01"}
    },
    ("GET", "/systems/{system_id}/risks"): {},
    ("PATCH", "/risks/{risk_id}"): {"json": {"title": "Mallory", "version": 1}},
    ("POST", "/systems/{system_id}/incidents"): {
        "json": {"title": "t", "harm_types": ["other"], "aware_at": "2026-11-20T09:00:00+05:00"}
    },
    ("GET", "/systems/{system_id}/incidents"): {},
    ("GET", "/incidents/{incident_id}"): {},
    ("POST", "/incidents/{incident_id}/actions"): {"json": {"kind": "suspension", "description": "stop"}},
    ("GET", "/systems/{system_id}/literacy"): {},
    ("POST", "/users/{user_id}/tokens"): {"json": {"expires_in_days": 1}},
    ("DELETE", "/tokens/{token_id}"): {},
}
# Routes without an id in the path, and how an id of another organisation can reach them in the body.
NO_ID_ROUTES = {
    ("GET", "/systems"),
    ("POST", "/systems"),
    ("POST", "/literacy"),  # ids in the body: test_ids_in_bodies
    ("GET", "/users"),
    ("POST", "/users"),
    ("GET", "/me"),
    ("GET", "/ledger/verify"),
    ("GET", "/ledger/export"),
}


def test_every_api_route_is_in_the_idor_table(app: FastAPI) -> None:
    routes = set(_api_routes(app))
    with_id = {r for r in routes if "{" in r[1]}
    assert with_id == set(ID_ROUTES), "a route with an id has no IDOR test (add it to ID_ROUTES)"
    assert routes - with_id == NO_ID_ROUTES, "a new route: decide how an id could reach it"


def _b_ids(world: World, path: str) -> list[str]:
    kind = re.search(r"\{(\w+)_id\}", path)
    assert kind is not None
    ids = world.b.ids[kind.group(1)]
    assert ids, kind.group(1)
    return ids


def _a_id(world: World, path: str) -> str:
    kind = re.search(r"\{(\w+)_id\}", path)
    assert kind is not None
    if kind.group(1) == "token":
        return next(iter(world.a.spare_tokens))
    return world.a.ids[kind.group(1)][0]


@pytest.mark.parametrize("role", ROLES)
def test_idor_every_route_every_role_gets_404_and_changes_nothing(
    role: str, world: World, client: TestClient
) -> None:
    before = snapshot(world.url)
    for (method, path), kwargs in ID_ROUTES.items():
        missing = client.request(
            method, PREFIX + re.sub(r"\{\w+\}", MISSING, path), headers=world.auth(role), **kwargs
        )
        for foreign in _b_ids(world, path):
            url = PREFIX + re.sub(r"\{\w+\}", foreign, path)
            r = client.request(method, url, headers=world.auth(role), **kwargs)
            what = f"{role} {method} {path}"
            if r.status_code == 403:
                # Refused by role before any lookup: the same answer as for an id that exists nowhere,
                # and as for the caller's own organisation's object. Nothing is revealed.
                assert error_of(r, 403) == error_of(missing, 403), what
                own = PREFIX + re.sub(r"\{\w+\}", _a_id(world, path), path)
                if method != "GET":
                    assert client.request(method, own, headers=world.auth(role), **kwargs).status_code == 403
                continue
            err = error_of(r, 404)
            assert err["code"] == "not_found", what
            assert error_of(missing, 404)["code"] == "not_found", what
            assert foreign not in err["message"] or foreign in url, what
            assert not any(c in r.text for c in world.canaries if c not in url), what
    assert snapshot(world.url) == before


@pytest.mark.parametrize("role", ["admin", "compliance_officer"])
def test_ids_in_bodies(role: str, world: World, client: TestClient) -> None:
    before = snapshot(world.url)
    base = {"person": "p", "role": "r", "course": "c", "completed_on": "2026-01-01"}
    for extra in ({"systems": [world.b.ids["system"][0]]}, {"user_id": world.b.user_ids["engineer"]}):
        r = client.post(PREFIX + "/literacy", json={**base, **extra}, headers=world.auth(role))
        assert error_of(r, 404)["code"] == "not_found"
    # B's published system is readable by regulators but is still not A's to train people on.
    r = client.post(
        PREFIX + "/literacy", json={**base, "systems": [world.b.published_system]}, headers=world.auth(role)
    )
    error_of(r, 404)
    assert snapshot(world.url) == before


def test_lists_never_contain_the_other_organisation(world: World, client: TestClient) -> None:
    for role in ROLES:
        for path in ("/systems?limit=500", "/users?limit=500", "/me", "/ledger/export"):
            r = client.get(PREFIX + path, headers=world.auth(role))
            assert r.status_code in (200, 403), (role, path, r.text[:300])
            leaked = [c for c in world.canaries if c in r.text]
            assert not leaked, (role, path, leaked[:3])
    # The regulator sees B's published system, without the ids of B's users.
    r = client.get(
        PREFIX + f"/systems/{world.b.published_system}/profile/versions", headers=world.auth("regulator")
    )
    assert r.status_code == 200 and all(v["created_by"] is None for v in r.json()["items"])
    # ... and not its evidence: neither listed nor readable (services.list_evidence / get_evidence)
    r = client.get(PREFIX + f"/systems/{world.b.published_system}/evidence", headers=world.auth("regulator"))
    assert r.status_code == 200 and r.json()["items"] == []
    r = client.get(
        PREFIX + f"/systems/{world.b.published_system}/assessments/latest", headers=world.auth("regulator")
    )
    assert r.status_code == 200 and r.json()["created_by"] is None
    r = client.get(PREFIX + f"/systems/{world.b.published_system}/incidents", headers=world.auth("regulator"))
    assert r.status_code == 200 and all(a["by"] is None for i in r.json()["items"] for a in i["actions"])
    # Readers of their own organisation still see who did it.
    r = client.get(
        PREFIX + f"/systems/{world.a.ids['system'][0]}/profile/versions", headers=world.auth("auditor")
    )
    assert r.json()["items"][0]["created_by"] == world.a.user_ids["engineer"]


# --------------------------------------------------------------------------- tokens


def _new_token(world: World, role: str, **kw: Any) -> tuple[str, str]:
    with actor("test:setup"), db.session_scope(world.url) as s:
        token, plain = services.create_token(s, services.OPERATOR, user_id=world.a.user_ids[role], **kw)
        return token.id, plain


def test_revoked_token_is_refused_at_once_and_for_good(world: World, client: TestClient) -> None:
    token_id, plain = _new_token(world, "engineer")
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get(PREFIX + "/me", headers=bearer).json()["role"] == "engineer"
    # Revoked by its own user, through the API, with the token itself.
    r = client.delete(PREFIX + f"/tokens/{token_id}", headers=bearer)
    assert r.status_code == 200 and r.json()["revoked_at"]
    for method, path in (("GET", "/me"), ("GET", "/systems"), ("DELETE", f"/tokens/{token_id}")):
        err = error_of(client.request(method, PREFIX + path, headers=bearer), 401)
        assert err["code"] == "unauthorized" and plain not in json.dumps(err)
    # An admin's revocation of another user's token works the same; revoking again changes nothing.
    token_id, plain = _new_token(world, "auditor")
    assert client.delete(PREFIX + f"/tokens/{token_id}", headers=world.auth("admin")).status_code == 200
    error_of(client.get(PREFIX + "/me", headers={"Authorization": f"Bearer {plain}"}), 401)
    with db.session_scope(world.url, read_only=True) as s:
        first = s.get(ApiToken, token_id).revoked_at  # type: ignore[union-attr]
    assert client.delete(PREFIX + f"/tokens/{token_id}", headers=world.auth("admin")).status_code == 200
    with db.session_scope(world.url, read_only=True) as s:
        assert s.get(ApiToken, token_id).revoked_at == first  # type: ignore[union-attr]


def test_expired_token_and_deactivated_user(world: World, client: TestClient) -> None:
    token_id, plain = _new_token(world, "compliance_officer", expires_in_days=1)
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get(PREFIX + "/me", headers=bearer).status_code == 200
    with db.session_scope(world.url) as s:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        s.execute(update(ApiToken).where(ApiToken.id == token_id).values(expires_at=past))
    r = client.get(PREFIX + "/me", headers=bearer)
    assert error_of(r, 401)["code"] == "unauthorized" and r.headers["www-authenticate"] == "Bearer"
    # A deactivated user's tokens stop working too.
    token_id, plain = _new_token(world, "auditor")
    with db.session_scope(world.url) as s:
        s.execute(update(User).where(User.id == world.a.user_ids["auditor"]).values(active=False))
    try:
        error_of(client.get(PREFIX + "/me", headers={"Authorization": f"Bearer {plain}"}), 401)
    finally:
        with db.session_scope(world.url) as s:
            s.execute(update(User).where(User.id == world.a.user_ids["auditor"]).values(active=True))


def test_malformed_tokens_get_401_never_500(world: World, client: TestClient) -> None:
    good = world.a.tokens["engineer"]
    with db.session_scope(world.url, read_only=True) as s:
        stored_hash = s.get(ApiToken, world.a.token_ids["engineer"]).token_hash  # type: ignore[union-attr]
    refused = [
        "",
        "Bearer",
        "Bearer ",
        "Bearer snm_",
        "Basic " + "dXNlcjpwYXNz",
        "Token " + good,
        good,  # no scheme
        "Bearer " + good + "x",
        "Bearer " + good[:-1] + ("A" if good[-1] != "A" else "B"),
        "Bearer " + good[:12],  # the visible prefix
        "Bearer " + stored_hash,  # the stored hash
        "Bearer " + good + " " + good,
        "Bearer " + "a" * 10_000,
        "Bearer snm_\u00e9\u00e9",
        "Bearer \x00" + good,
    ]
    for value in refused:
        headers = {"Authorization": value.encode("latin-1")} if value else {}
        r = client.get(PREFIX + "/me", headers=headers)
        assert error_of(r, 401)["code"] == "unauthorized", value[:40]
        assert good not in r.text and stored_hash not in r.text
    # The scheme is case-insensitive (RFC 9110), the token is not.
    assert client.get(PREFIX + "/me", headers={"Authorization": "bearer " + good}).status_code == 200
    assert client.get(PREFIX + "/me", headers={"Authorization": "Bearer " + good.upper()}).status_code == 401


def _login(client: TestClient, email: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    assert token is not None
    r = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1), "next": "/account"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:500]
    meta = re.search(r'<meta name="csrf-token" content="([^"]*)"', client.get("/account").text)
    assert meta is not None
    return meta.group(1)


def _email(world: World, role: str) -> str:
    with db.session_scope(world.url, read_only=True) as s:
        user = s.get(User, world.a.user_ids[role])
        assert user is not None
        return user.email


def test_a_web_session_does_not_authenticate_the_api_and_a_token_not_the_web(
    world: World, client: TestClient
) -> None:
    csrf = _login(client, _email(world, "admin"))
    assert client.get("/account", follow_redirects=False).status_code == 200  # signed in
    for method, path, kw in (
        ("GET", "/me", {}),
        ("GET", "/systems", {}),
        ("POST", "/users", {"json": {"email": "x@example.kz", "name": "X", "role": "admin"}}),
    ):
        r = client.request(method, PREFIX + path, headers={"X-CSRF-Token": csrf}, **kw)
        assert error_of(r, 401)["code"] == "unauthorized", path
    with TestClient(client.app) as bare:  # type: ignore[arg-type]
        bearer = world.auth("admin")
        for path in ("/", "/account", "/systems"):
            r = bare.get(path, headers=bearer, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
        r = bare.post(
            "/account/password", headers=bearer, data={"new_password": "x" * 20}, follow_redirects=False
        )
        assert r.status_code == 403


def test_expired_idle_and_signed_out_sessions_are_refused(world: World, app: FastAPI) -> None:
    for column, age in (("last_seen_at", dt.timedelta(minutes=31)), ("expires_at", dt.timedelta(seconds=1))):
        with TestClient(app) as client:
            csrf = _login(client, _email(world, "engineer"))
            cookie = client.cookies.get("senim_session")
            assert cookie
            with db.session_scope(world.url) as s:
                digest = hashlib.sha256(cookie.encode()).hexdigest()
                s.execute(
                    update(WebSession)
                    .where(WebSession.id == digest)
                    .values(**{column: dt.datetime.now(dt.UTC) - age})
                )
            before = snapshot(world.url)
            r = client.get("/account", follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), column
            # The old session's CSRF token no longer carries a state change either.
            client.cookies.set("senim_session", cookie)
            r = client.post(
                f"/systems/{world.a.ids['system'][0]}/risks",
                data={
                    "csrf_token": csrf,
                    "title": "late",
                    "likelihood": "1",
                    "impact": "1",
                    "review_date": "2027-01-01",
                },
                follow_redirects=False,
            )
            assert r.status_code in (303, 403), (column, r.status_code)
            assert snapshot(world.url) == before
    with TestClient(app) as client:
        csrf = _login(client, _email(world, "engineer"))
        cookie = client.cookies.get("senim_session")
        assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
        client.cookies.set("senim_session", cookie or "")
        r = client.get("/account", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


# --------------------------------------------------------------------------- CSRF on every web form


def _web_unsafe_routes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        {
            (method, path)
            for method, path in _all_routes(app.routes)
            if method in ("POST", "PUT", "PATCH", "DELETE")
            and not path.startswith((PREFIX, "/docs", "/openapi"))
        }
    )


def _fill(world: World, path: str) -> str:
    values = {
        "system_id": world.a.ids["system"][0],
        "risk_id": world.a.ids["risk"][0],
        "incident_id": world.a.ids["incident"][0],
        "topic_key": "system",
    }
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x"), path)


def test_csrf_on_every_state_changing_web_route(world: World, app: FastAPI) -> None:
    routes = _web_unsafe_routes(app)
    assert {("POST", "/login"), ("POST", "/logout"), ("POST", "/account/password")} <= set(routes)
    assert len(routes) >= 14, routes
    with TestClient(app) as client, TestClient(app) as other:
        csrf = _login(client, _email(world, "admin"))
        other_csrf = _login(other, _email(world, "compliance_officer"))
        before = snapshot(world.url)
        form = {
            "title": "forged",
            "likelihood": "1",
            "impact": "1",
            "review_date": "2027-01-01",
            "owner": "Mallory",
            "new_password": "m" * 16,
            "confirm_password": "m" * 16,
            "current_password": PASSWORD,
            "kind": "measure",
            "description": "forged",
        }
        for method, path in routes:
            url = _fill(world, path)
            attempts: list[dict[str, Any]] = [
                {"data": form},  # no token
                {"data": {**form, "csrf_token": "forged"}},
                {"data": {**form, "csrf_token": other_csrf}},  # another session's token
                {"data": {**form, "csrf_token": csrf[:-1]}},
                {"headers": {"X-CSRF-Token": csrf + "x"}, "data": form},
                {"files": {"file": ("a.txt", b"x")}, "data": {**form, "csrf_token": "forged"}},
                {"json": {**form, "csrf_token": csrf}},  # JSON is not a form: the token is not read
            ]
            for kw in attempts:
                r = client.request(method, url, follow_redirects=False, **kw)
                assert r.status_code == 403, (method, path, list(kw), r.status_code)
        assert snapshot(world.url) == before
        assert client.get("/account", follow_redirects=False).status_code == 200  # still signed in
        # With the right token each route is reached (so the 403s above were the CSRF check's).
        for method, path in routes:
            if path in ("/logout", "/login"):
                continue
            r = client.request(
                method, _fill(world, path), data={**form, "csrf_token": csrf}, follow_redirects=False
            )
            assert r.status_code != 403, (method, path, r.text[:300])


# --------------------------------------------------------------------------- bodies


def test_json_body_cap_by_content_length_and_by_counting(world: World) -> None:
    app = create_app(world.url, max_body_bytes=2048)
    path = PREFIX + f"/systems/{world.a.ids['system'][0]}/evidence/attestations"
    before = snapshot(world.url)
    with TestClient(app) as client:
        big = json.dumps({"title": "t", "statement": "s" * 3000})
        err = error_of(
            client.post(
                path, content=big, headers={**world.auth("engineer"), "Content-Type": "application/json"}
            ),
            413,
        )
        assert err["code"] == "payload_too_large" and err["details"] == [{"limit": 2048, "reason": "body"}]

        def chunks() -> Iterator[bytes]:  # no Content-Length: chunked, counted while read
            yield big[:1000].encode()
            yield big[1000:].encode()

        r = client.post(
            path, content=chunks(), headers={**world.auth("engineer"), "Content-Type": "application/json"}
        )
        assert error_of(r, 413)["code"] == "payload_too_large"
        # Form-encoded and unknown media types are capped the same way.
        r = client.post(
            path,
            content=b"a=" + b"b" * 3000,
            headers={**world.auth("engineer"), "Content-Type": "application/x-www-form-urlencoded"},
        )
        error_of(r, 413)
        assert snapshot(world.url) == before
        # Under the cap the request goes through.
        r = client.post(path, json={"title": "t", "statement": "s" * 1000}, headers=world.auth("engineer"))
        assert r.status_code == 201, r.text
        # Multipart uploads have their own, larger limit (max_upload_bytes).
        r = client.post(
            PREFIX + f"/systems/{world.a.ids['system'][0]}/evidence/files",
            headers=world.auth("engineer"),
            files={"file": ("big.bin", b"\x01" * 100_000)},
            data={"title": "big"},
        )
        assert r.status_code == 201, r.text
    with pytest.raises(ValueError):
        create_app(world.url, max_body_bytes=0)


def test_default_cap_is_one_mebibyte(world: World, client: TestClient) -> None:
    path = PREFIX + f"/systems/{world.a.ids['system'][0]}/evidence/attestations"
    over = b'{"title": "t", "statement": "' + b"s" * (1024 * 1024) + b'"}'
    r = client.post(
        path, content=over, headers={**world.auth("engineer"), "Content-Type": "application/json"}
    )
    assert error_of(r, 413)["details"][0]["limit"] == 1024 * 1024


@pytest.mark.parametrize(
    ("name", "body", "status"),
    [
        ("deep list", '{"profile": ' + "[" * 100_000 + "]" * 100_000 + "}", 400),
        ("deep object", '{"profile": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}", 400),
        ("deep but parseable", '{"profile": {"x": ' + "[" * 900 + "]" * 900 + "}}", 422),
        ("huge integer", '{"profile": {"schema": ' + "9" * 100_000 + "}}", 400),
        (
            "infinity",
            '{"profile": {"schema": "senim/system-profile/v1", "id": "x", "name": "n", '
            '"governance": {"logs_retained_months": 1e999}}}',
            422,
        ),
        (
            "nan",
            '{"profile": {"schema": "senim/system-profile/v1", "id": "x", "name": "n", '
            '"governance": {"logs_retained_months": NaN}}}',
            422,
        ),
        ("not utf-8", b'{"profile": "\xff\xfe"}', 400),
        ("not json", "{'profile': 1}", 400),
    ],
)
def test_hostile_json_is_a_client_error(
    name: str, body: str | bytes, status: int, world: World, client: TestClient
) -> None:
    before = snapshot(world.url)
    r = client.post(
        PREFIX + "/systems",
        content=body,
        headers={**world.auth("engineer"), "Content-Type": "application/json"},
    )
    assert error_of(r, status)["message"], name
    assert "Traceback" not in r.text
    assert snapshot(world.url) == before


# --------------------------------------------------------------------------- slow clients


@pytest.fixture(scope="module")
def slow_server(world: World) -> Iterator[LiveServer]:
    app = create_app(world.url, body_timeout=1.0, body_deadline=2.5, threads=2)
    with LiveServer(app, http=guarded_h11_protocol(1.0), limit_concurrency=64, timeout_keep_alive=2) as live:
        yield live


def _connect(server: LiveServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return sock


def _read_response(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    return data


def test_slowloris_headers_do_not_starve_others_and_are_cut_off(
    world: World, slow_server: LiveServer
) -> None:
    stop = threading.Event()
    closed_after: list[float] = []
    head = (
        f"GET {PREFIX}/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {world.a.tokens['engineer']}\r\n"
        + "X-Pad: "
        + "a" * 200
        + "\r\n\r\n"
    ).encode()

    def drip() -> None:
        sock = _connect(slow_server)
        started = time.monotonic()
        try:
            for byte in head:
                if stop.is_set():
                    return
                sock.sendall(bytes([byte]))
                if stop.wait(0.1):  # the attacker's pace: one byte every 100 ms
                    return
        except OSError:  # the server closed the connection
            closed_after.append(time.monotonic() - started)
        finally:
            sock.close()

    dripping = [threading.Thread(target=drip) for _ in range(8)]
    for t in dripping:
        t.start()
    try:
        with httpx.Client(base_url=slow_server.base_url, headers=world.auth("auditor"), timeout=5) as normal:
            for _ in range(20):
                started = time.monotonic()
                r = normal.get(PREFIX + "/systems")
                assert r.status_code == 200
                assert time.monotonic() - started < 1.0  # answered promptly meanwhile
    finally:
        for t in dripping:
            t.join(15)
        stop.set()
    # Every dripping connection was closed by the server around the 1 s head deadline.
    assert len(closed_after) == 8, closed_after
    assert all(0.9 <= t < 4.0 for t in closed_after), closed_after


def test_a_stalled_body_gets_408(world: World, slow_server: LiveServer) -> None:
    before = snapshot(world.url)
    path = f"{PREFIX}/systems/{world.a.ids['system'][0]}/evidence/attestations"
    for content_type in ("application/json", "multipart/form-data; boundary=xyz"):
        sock = _connect(slow_server)
        started = time.monotonic()
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {world.a.tokens['engineer']}\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: 500\r\n\r\n" + '{"title": "t", '
            ).encode()
        )
        answer = _read_response(sock)  # the client sends nothing more
        sock.close()
        elapsed = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"request_timeout" in answer or b"408" in answer
        assert 0.9 <= elapsed < 4.0, elapsed
    assert snapshot(world.url) == before


def test_a_dripping_body_hits_the_deadline(world: World, slow_server: LiveServer) -> None:
    sock = _connect(slow_server)
    path = f"{PREFIX}/systems/{world.a.ids['system'][0]}/evidence/attestations"
    body = json.dumps({"title": "t", "statement": "s" * 200}).encode()
    sock.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {world.a.tokens['engineer']}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
    )
    started = time.monotonic()
    answer = b""
    sock.settimeout(0.3)
    for byte in body:  # one byte every 300 ms: never silent for the 1 s idle limit
        try:
            sock.sendall(bytes([byte]))
            answer += sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            break
        if answer:
            break
    sock.close()
    elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert 2.3 <= elapsed < 5.0, elapsed


def test_content_length_over_the_cap_is_refused_before_the_body(
    world: World, slow_server: LiveServer
) -> None:
    sock = _connect(slow_server)
    started = time.monotonic()
    sock.sendall(
        (
            f"POST {PREFIX}/systems HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: Bearer {world.a.tokens['engineer']}\r\n"
            "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
        ).encode()
    )
    answer = _read_response(sock)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 0.9  # before the 1 s body timeout: nothing was waited for
    assert b"payload_too_large" in answer


def test_serve_passes_uvicorn_limits(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from senim.cli.app import app as cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    result = CliRunner().invoke(
        cli, ["serve", "--database", world.url, "--max-body-kb", "64", "--read-timeout", "7", "--port", "1"]
    )
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1"
    assert seen["http"].__name__ == "GuardedH11Protocol" and seen["http"].head_timeout == 7.0
    assert seen["limit_concurrency"] == 512 and seen["timeout_keep_alive"] == 5.0
    assert seen["h11_max_incomplete_event_size"] == 16 * 1024
    limits = [m for m in seen["app"].user_middleware if m.cls is RequestLimitsMiddleware]
    assert limits and limits[0].kwargs == {
        "max_body_bytes": 64 * 1024,
        "body_timeout": 7.0,
        "body_deadline": 300.0,
    }


# --------------------------------------------------------------------------- /docs


def test_docs_are_served_from_our_files_under_a_strict_csp(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "http" not in csp
    assert "'unsafe-inline'" not in csp
    assert not re.search(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]", r.text), "an external URL in /docs"
    assert "<script>" not in r.text and "style=" not in r.text  # no inline script or style
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert len(refs) >= 3
    for ref in refs:
        assert ref.startswith("/docs/static/"), ref
        asset = client.get(ref)
        assert asset.status_code == 200 and len(asset.content) > 200, ref
    assert client.get("/docs/static/LICENSE").text.lstrip().startswith("Apache License")
    assert client.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("path", ["/systems", "/users", "/systems/{system_id}/evidence"])
def test_huge_pagination_offset_is_422_not_500(path: str, world: World, client: TestClient) -> None:
    # Found by schemathesis: an offset past SQLite's 64-bit INTEGER raised OverflowError (500).
    url = PREFIX + path.replace("{system_id}", world.a.ids["system"][0])
    r = client.get(url, params={"offset": str(2**70)}, headers=world.auth("admin"))
    assert error_of(r, 422)["code"] == "invalid"
    assert client.get(url, params={"offset": "1000000000"}, headers=world.auth("admin")).status_code == 200
