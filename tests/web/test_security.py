"""Security of the web UI: who sees what without signing in, CSRF on every form, the sign-in rate
limit, session expiry, security headers, escaping and what reaches the logs."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import update
from starlette.routing import Route

from senim.api import create_app
from senim.ledger.chain import actor
from senim.profile import load_profile
from senim.registry import accounts, db, services
from senim.registry.models import WebSession
from senim.web.security import LoginRateLimiter, negotiate_lang
from tests.web.conftest import EXAMPLE, PASSWORD, WebWorld, csrf_token, login

PUBLIC_GET = {"/login", "/public", "/public/{org}", "/healthz"}


def _routes(routes: list[Any], prefix: str = "") -> Iterator[APIRoute | Route]:
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI keeps included routers as branches
            yield from _routes(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute | Route):
            route.full_path = prefix + route.path  # type: ignore[union-attr]
            yield route


def _web_routes(world: WebWorld, method: str) -> list[str]:
    """Every web (non-API) route path for ``method`` (files such as stylesheets left out)."""
    out = []
    for route in _routes(world.app.routes):
        path = route.full_path  # type: ignore[union-attr]
        if method not in (route.methods or ()) or path.startswith(("/api/", "/docs", "/openapi.json")):
            continue
        if re.search(r"\.(css|js|svg|png|ico)$", path):
            continue
        out.append(path)
    return sorted(set(out))


def _fill(path: str, world: WebWorld) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: world.system_id if "system" in m.group(0) else "x", path)


def test_without_signing_in_only_the_sign_in_page_and_the_public_register(
    client: TestClient, web_app: WebWorld
) -> None:
    private = [p for p in _web_routes(web_app, "GET") if p not in PUBLIC_GET]
    assert "/" in private and "/account/password" in private
    for path in private:
        r = client.get(_fill(path, web_app), follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login"), path
        assert "Retail credit scoring" not in r.text
    for path in ("/login", "/public", "/healthz", "/static/senim.css", "/static/htmx.min.js"):
        assert client.get(path).status_code == 200, path
    # htmx requests are sent to the sign-in page with HX-Redirect instead of a redirect.
    r = client.get("/", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.status_code == 401 and r.headers["hx-redirect"] == "/login"
    # The API keeps its own authentication and JSON errors.
    r = client.get("/api/v1/systems")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/nothing-here").json()["error"]["code"] == "not_found"


def test_every_form_needs_the_csrf_token(client: TestClient, web_app: WebWorld) -> None:
    token = login(client, "admin")
    unsafe = [p for m in ("POST", "PUT", "PATCH", "DELETE") for p in _web_routes(web_app, m)]
    assert {"/login", "/logout", "/account/password"} <= set(unsafe)
    for path in unsafe:
        url = _fill(path, web_app)
        assert client.post(url, data={"x": "1"}).status_code == 403, path
        assert client.post(url, data={"csrf_token": "forged"}).status_code == 403, path
        assert client.post(url, files={"file": ("a.txt", b"hi")}, data={"x": "1"}).status_code == 403, path
        assert client.post(url, headers={"X-CSRF-Token": token[:-1] + "?"}).status_code == 403, path
    # Still signed in, and nothing changed: the password is the old one.
    assert client.get("/account", follow_redirects=False).status_code == 200
    # The real token works as a form field, as a multipart field and as the htmx header.
    r = client.post(
        "/account/password",
        files={"x": ("x.txt", b"x")},
        data={
            "csrf_token": token,
            "current_password": "wrong password!",
            "new_password": "n" * 12,
            "confirm_password": "n" * 12,
        },
    )
    assert r.status_code == 400  # past CSRF, refused by the route (wrong current password)
    r = client.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert r.status_code == 303


def test_sign_in_form_has_its_own_csrf_token(client: TestClient) -> None:
    r = client.post(
        "/login", data={"email": "engineer@example.kz", "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 403
    page = client.get("/login")
    cookie = client.cookies.get("senim_login_csrf")
    assert cookie and f'value="{cookie}"' in page.text
    r = client.post(
        "/login",
        data={"email": "engineer@example.kz", "password": PASSWORD, "csrf_token": cookie + "x"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    # A page of another client cannot submit the form for this one (the token is per browser).
    with TestClient(client.app) as other:  # type: ignore[arg-type]
        other_token = csrf_token(other)
    r = client.post(
        "/login",
        data={"email": "engineer@example.kz", "password": PASSWORD, "csrf_token": other_token},
        follow_redirects=False,
    )
    assert r.status_code == 403


def test_rate_limit_locks_an_address_and_account_pair(client: TestClient, web_app: WebWorld) -> None:
    now = [1000.0]
    web_app.app.state.login_limiter = LoginRateLimiter(clock=lambda: now[0])

    def attempt(email: str, password: str) -> int:
        return client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": csrf_token(client)},
            follow_redirects=False,
        ).status_code

    for _ in range(5):
        assert attempt("engineer@example.kz", "wrong password 1") == 401
    r = client.post(
        "/login?lang=en",
        data={"email": "engineer@example.kz", "password": PASSWORD, "csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 14 * 60
    assert "Too many failed attempts. Try again in 15 min." in r.text
    assert attempt("auditor@example.kz", PASSWORD) == 303  # another account from the same address
    client.cookies.clear()
    now[0] += 15 * 60 + 1
    assert attempt("engineer@example.kz", PASSWORD) == 303


def test_rate_limiter_unit() -> None:
    now = [0.0]
    lim = LoginRateLimiter(
        max_failures=3, max_failures_per_address=5, window=60, lock=120, clock=lambda: now[0]
    )
    for _ in range(3):
        assert lim.retry_after("a@x", "1.1.1.1") == 0
        lim.failure("A@x ", "1.1.1.1")
        now[0] += 10
    assert lim.retry_after("a@x", "1.1.1.1") == pytest.approx(110)  # last failure at 20 + 120 - now (30)
    assert lim.retry_after("a@x", "2.2.2.2") == 0
    lim.failure("b@x", "1.1.1.1")
    lim.failure("c@x", "1.1.1.1")  # the fifth failure from this address locks it for every account
    assert lim.retry_after("d@x", "1.1.1.1") > 0
    now[0] += 200
    assert lim.retry_after("a@x", "1.1.1.1") == 0 and lim.retry_after("d@x", "1.1.1.1") == 0
    lim.failure("a@x", "9.9.9.9")
    lim.success("a@x", "9.9.9.9")
    assert lim.retry_after("a@x", "9.9.9.9") == 0


@pytest.mark.parametrize(("column", "age"), [("last_seen_at", 31), ("expires_at", 1)])
def test_expired_sessions_send_the_user_back_to_sign_in(
    client: TestClient, web_app: WebWorld, column: str, age: int
) -> None:
    login(client, "engineer")
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=age)
    with db.session_scope(web_app.url) as s:
        s.execute(update(WebSession.__table__).values(**{column: past}))
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert "senim_session=;" in r.headers["set-cookie"]


def test_use_keeps_the_session_alive(client: TestClient, web_app: WebWorld) -> None:
    login(client, "engineer")
    table = WebSession.__table__
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
    with db.session_scope(web_app.url) as s:
        s.execute(update(table).values(last_seen_at=earlier))
    assert client.get("/account", follow_redirects=False).status_code == 200
    with db.session_scope(web_app.url) as s:
        seen = s.execute(table.select()).mappings().one()["last_seen_at"]
    assert seen > earlier + dt.timedelta(minutes=19)


def test_security_headers(client: TestClient) -> None:
    for path in ("/login", "/public", "/static/senim.css", "/api/v1/systems", "/nowhere"):
        h = client.get(path).headers
        assert h["content-security-policy"].startswith("default-src 'self'"), path
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "unsafe-inline" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "same-origin"
        assert h["x-frame-options"] == "DENY"
    login(client, "auditor")
    assert client.get("/").headers["cache-control"] == "no-store"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    login(client, "compliance_officer")
    for path in ("/", "/account", "/public", "/login?next=/x"):
        html = client.get(path).text
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, path
        assert " style=" not in html and "<style" not in html, path
        assert re.search(r"\son[a-z]+=", html) is None, path  # no event-handler attributes


def test_output_is_escaped(client: TestClient, web_app: WebWorld) -> None:
    evil = '<script>alert("x")</script>'
    profile = load_profile(EXAMPLE).model_copy(update={"id": "evil", "name": evil, "description": evil})
    u = web_app.users
    with actor("test"), db.session_scope(web_app.url) as s:
        system = services.add_system(s, u["engineer"].principal, profile=profile, owner=evil)
        services.run_assessment(s, u["engineer"].principal, system_id=system.id)
        services.set_system_fields(
            s, u["admin"].principal, system_id=system.id, expected_version=None, publication="trusted_list"
        )
    pages = [client.get("/public/example-bank-jsc").text]
    r = client.post(
        "/login", data={"email": evil, "password": "x", "csrf_token": csrf_token(client), "next": evil}
    )
    pages.append(r.text)
    login(client, "compliance_officer")
    pages.append(client.get("/").text)
    pages.append(client.get("/?attention=%3Cscript%3E").text)
    for html in pages:
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[0]
    assert "&lt;script&gt;" in pages[2]


def test_no_password_or_token_in_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.post(
        "/login",
        data={
            "email": "engineer@example.kz",
            "password": "a wrong secret pw",
            "csrf_token": csrf_token(client),
        },
    )
    login(client, "engineer")
    token = csrf_token(client, "/account")
    cookie = client.cookies.get("senim_session")
    assert cookie
    text = caplog.text
    for secret in ("a wrong secret pw", PASSWORD, cookie, token):
        assert secret not in text
    assert "web sign-in failed" in text and "web sign-in: user" in text


def test_api_only_app_has_no_web_pages(web_app: WebWorld) -> None:
    with TestClient(create_app(web_app.url, web=False)) as c:
        assert c.get("/login").status_code == 404
        assert c.get("/login").headers["content-type"].startswith("application/json")


def test_error_pages_are_html_in_the_readers_language(client: TestClient) -> None:
    r = client.get("/no/such/page?lang=ru")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="ru">' in r.text and "Страница не найдена" in r.text
    login(client, "engineer")
    r = client.get("/public/no-such-org")
    assert r.status_code == 404 and "Страница не найдена" in r.text


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("ru", "en", "kk", ("ru", True)),
        (None, "en", "ru", ("en", False)),
        ("de", None, "de-DE,en;q=0.8,ru;q=0.9", ("ru", False)),
        (None, None, "fr", ("kk", False)),
        (None, None, None, ("kk", False)),
        (None, None, "en-GB;q=0,kk;q=0.1", ("kk", False)),
    ],
)
def test_language_negotiation(
    query: str | None, cookie: str | None, accept: str | None, expected: tuple[str, bool]
) -> None:
    assert negotiate_lang(query, cookie, accept) == expected


def test_session_table_is_outside_the_ledger(client: TestClient, web_app: WebWorld) -> None:
    login(client, "engineer")
    login(client, "auditor")
    with db.session_scope(web_app.url) as s:
        report = services.verify_ledger(s, web_app.users["auditor"].principal)
        assert report["ok"], report
        n = s.execute(WebSession.__table__.select()).all()
        assert len(n) == 1
        assert accounts.purge_expired_sessions(s) == 0
