"""Sign-in, sign-out, sessions, password change, `senim admin set-password` and the 0002 migration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, insert, inspect, select
from typer.testing import CliRunner

from senim.cli.app import app as cli
from senim.ledger.chain import actor, append_events, row_hash, verify
from senim.registry import accounts, db, services
from senim.registry.models import Base, OperationalBase, User, WebSession
from tests.web.conftest import PASSWORD, WebWorld, csrf_token, login


def _post_login(client: TestClient, email: str, password: str, **extra: str) -> httpx.Response:
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(client), **extra},
        follow_redirects=False,
    )


def _sessions(world: WebWorld, user_key: str) -> list[dict[str, object]]:
    with db.session_scope(world.url) as s:
        table = WebSession.__table__
        rows = s.execute(select(table).where(table.c.user_id == world.users[user_key].id)).mappings()
        return [dict(r) for r in rows]


def test_sign_in_redirects_to_next_and_sets_a_hardened_cookie(client: TestClient, web_app: WebWorld) -> None:
    r = client.get("/account", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/account"
    r = _post_login(client, "engineer@example.kz", PASSWORD, next="/account")
    assert r.status_code == 303
    assert r.headers["location"] == "/account"
    cookie = next(
        v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("senim_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in tests, no SENIM_SECURE_COOKIES
    token = cookie.split(";")[0].split("=", 1)[1]
    rows = _sessions(web_app, "engineer")
    assert len(rows) == 1
    assert rows[0]["id"] == accounts.session_id(token) != token  # only the hash is stored
    page = client.get("/account")
    assert page.status_code == 200 and "engineer@example.kz" in page.text


def test_secure_flag_when_configured(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENIM_SECURE_COOKIES", "1")
    r = _post_login(client, "auditor@example.kz", PASSWORD)
    cookie = r.headers["set-cookie"]
    assert "Secure" in cookie
    assert r.headers["strict-transport-security"].startswith("max-age=")


@pytest.mark.parametrize(
    ("email", "password"),
    [("engineer@example.kz", "wrong password here"), ("nobody@example.kz", PASSWORD), ("", "")],
)
def test_wrong_credentials_get_one_generic_answer(client: TestClient, email: str, password: str) -> None:
    r = _post_login(client, email, password, next="/")
    assert r.status_code == 401
    assert "senim_session=" not in r.headers.get("set-cookie", "")
    r2 = client.post(
        "/login?lang=en",
        data={"email": email, "password": password, "csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert "The e-mail address or the password is not correct." in r2.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_email_is_case_insensitive_and_next_cannot_leave_the_site(client: TestClient) -> None:
    r = _post_login(client, "  Engineer@Example.KZ ", PASSWORD, next="//evil.example/x")
    assert r.status_code == 303 and r.headers["location"] == "/"
    # Signed in, the sign-in page sends the user on.
    r2 = client.get("/login?next=https://evil.example", follow_redirects=False)
    assert r2.status_code == 303 and r2.headers["location"] == "/"


def test_each_sign_in_starts_a_new_session_and_sign_out_ends_it(
    client: TestClient, web_app: WebWorld
) -> None:
    login(client, "engineer")
    first = client.cookies.get("senim_session")
    login(client, "engineer")
    second = client.cookies.get("senim_session")
    assert first and second and first != second
    assert len(_sessions(web_app, "engineer")) == 1  # the earlier session was deleted at sign-in

    token = csrf_token(client, "/account")
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert "senim_session=;" in r.headers["set-cookie"] and "Max-Age=0" in r.headers["set-cookie"]
    assert _sessions(web_app, "engineer") == []
    # Replaying the old cookie does not work either.
    client.cookies.set("senim_session", second)
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_password_change(web_app: WebWorld) -> None:
    with TestClient(web_app.app) as a, TestClient(web_app.app) as b:
        token = login(a, "compliance_officer")
        login(b, "compliance_officer")
        form = {"csrf_token": token, "current_password": "not it at all", "new_password": "x" * 12}
        r = a.post("/account/password?lang=en", data={**form, "confirm_password": "x" * 12})
        assert r.status_code == 400 and "The current password is not correct." in r.text
        r = a.post(
            "/account/password?lang=en",
            data={**form, "current_password": PASSWORD, "confirm_password": "y" * 12},
        )
        assert r.status_code == 400 and "confirmation differ" in r.text
        r = a.post(
            "/account/password?lang=en",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "short",
                "confirm_password": "short",
            },
        )
        assert r.status_code == 400 and "Use between 12 and 1024 characters." in r.text
        new = "a much longer passphrase"
        r = a.post(
            "/account/password?lang=en",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": new,
                "confirm_password": new,
            },
        )
        assert r.status_code == 200 and "Your password has been changed." in r.text
        assert a.get("/account", follow_redirects=False).status_code == 200  # this session stays
        assert b.get("/account", follow_redirects=False).status_code == 303  # the other one ended
    with TestClient(web_app.app) as c:
        assert _post_login(c, "compliance.officer@example.kz", PASSWORD).status_code == 401
        assert _post_login(c, "compliance.officer@example.kz", new).status_code == 303
    with db.session_scope(web_app.url) as s:
        assert verify(s).ok  # the change is in the ledger, and the chain holds


def test_deactivated_user_loses_the_session(client: TestClient, web_app: WebWorld) -> None:
    login(client, "auditor")
    with actor("test"), db.session_scope(web_app.url) as s:
        user = s.get(User, web_app.users["auditor"].id)
        assert user is not None
        user.active = False
    assert client.get("/", follow_redirects=False).status_code == 303
    assert _post_login(client, "auditor@example.kz", PASSWORD).status_code == 401


def test_same_email_in_two_organisations_asks_for_the_organisation(
    client: TestClient, web_app: WebWorld
) -> None:
    with actor("test"), db.session_scope(web_app.url) as s:
        twin = services.create_user(
            s,
            services.OPERATOR,
            org_id=web_app.other_org_id,
            email="engineer@example.kz",
            name="Twin",
            role="engineer",
        )
        accounts.set_password(s, services.OPERATOR, user_id=twin.id, password=PASSWORD)
        twin_id = twin.id
    r = client.post(
        "/login?lang=en",
        data={"email": "engineer@example.kz", "password": PASSWORD, "csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert r.status_code == 400 and 'name="organisation"' in r.text
    r = _post_login(client, "engineer@example.kz", PASSWORD, organisation="other llp")
    assert r.status_code == 303
    assert _sessions(web_app, "engineer") == []
    with db.session_scope(web_app.url) as s:
        table = WebSession.__table__
        assert s.execute(select(table.c.user_id)).scalars().all() == [twin_id]


def test_session_helpers_enforce_idle_and_absolute_limits(web_app: WebWorld) -> None:
    t0 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    with db.session_scope(web_app.url) as s:
        user = s.get(User, web_app.users["engineer"].id)
        assert user is not None
        token = accounts.create_session(s, user, now=t0)
        info = accounts.load_session(s, token, now=t0 + dt.timedelta(minutes=29))
        assert info is not None and info.principal.role == "engineer"
        assert accounts.load_session(s, token, now=t0 + dt.timedelta(minutes=30)) is None  # idle
        for minutes in range(25, 12 * 60, 25):  # kept alive, it still ends after 12 hours
            moment = t0 + dt.timedelta(minutes=minutes)
            info = accounts.load_session(s, token, now=moment)
            assert info is not None, minutes
            assert accounts.touch_session(s, info, now=moment)
        assert accounts.load_session(s, token, now=t0 + dt.timedelta(hours=12)) is None
        assert accounts.load_session(s, "x" * 101) is None and accounts.load_session(s, None) is None
        assert accounts.purge_expired_sessions(s, now=t0 + dt.timedelta(hours=13)) >= 1


def test_password_policy_and_hash_parameters() -> None:
    for bad in ("", "short", " " * 20, "x" * 1025):
        with pytest.raises(services.ValidationFailedError):
            accounts.check_password_policy(bad)
    accounts.check_password_policy("twelve chars")
    assert accounts.ARGON2_PARAMETERS == {
        "time_cost": 3,
        "memory_cost": 65536,
        "parallelism": 4,
        "hash_len": 32,
        "salt_len": 16,
    }
    h = accounts.hash_password("a long enough password")
    assert h.startswith("$argon2id$") and "a long enough" not in h
    assert accounts.verify_password(h, "a long enough password")
    assert not accounts.verify_password(h, "a long enough passwore")
    assert not accounts.verify_password(None, "") and not accounts.verify_password("garbage", "x")


def test_only_admins_set_others_passwords(web_app: WebWorld) -> None:
    u = web_app.users
    with actor("test"), db.session_scope(web_app.url) as s:
        with pytest.raises(services.PermissionDeniedError):
            accounts.set_password(
                s, u["compliance_officer"].principal, user_id=u["engineer"].id, password="p" * 12
            )
        with pytest.raises(services.NotFoundError):
            accounts.set_password(s, u["other_admin"].principal, user_id=u["engineer"].id, password="p" * 12)
        accounts.set_password(s, u["admin"].principal, user_id=u["engineer"].id, password="p" * 12)
        accounts.set_password(s, u["auditor"].principal, user_id=u["auditor"].id, password="q" * 12)


def test_cli_set_password(web_app: WebWorld) -> None:
    runner = CliRunner()
    args = ["admin", "set-password", "regulator@example.kz", "--database", web_app.url]
    r = runner.invoke(cli, [*args, "--password-stdin"], input="brand new passphrase\n")
    assert r.exit_code == 0, r.output
    assert "password set for regulator@example.kz" in r.output and "brand new" not in r.output
    r = runner.invoke(cli, args, input="another passphrase\nanother passphrase\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        cli, args, input="one passphrase xx\nother passphrase\none passphrase xx\none passphrase xx\n"
    )
    assert r.exit_code == 0, r.output  # a mismatch is asked again
    r = runner.invoke(cli, [*args, "--password-stdin"], input="short\n")
    assert r.exit_code != 0 and "at least 12" in r.output
    r = runner.invoke(
        cli,
        ["admin", "set-password", "nobody@example.kz", "--database", web_app.url, "--password-stdin"],
        input="brand new passphrase\n",
    )
    assert r.exit_code != 0 and "not found" in r.output
    with TestClient(web_app.app) as c:
        assert _post_login(c, "regulator@example.kz", "one passphrase xx").status_code == 303


# --------------------------------------------------------------------------- migration 0002


def _db_at_0001_with_a_user(url: str) -> str:
    """A database as Senim 0001 left it: an organisation and a user (row and ledger event without
    ``password_hash``)."""
    assert db.upgrade(url, "0001") == "0001"
    with actor("test:0001"), db.session_scope(url, check=False) as s:
        org = services.create_org(s, services.OPERATOR, name="Old Org")
        values = {
            "id": "a" * 32,
            "org_id": org.id,
            "email": "old@example.kz",
            "name": "Old",
            "role": "admin",
            "active": True,
            "created_at": dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC),
        }
        s.connection().execute(insert(User.__table__).values(**values))
        append_events(
            s.connection(), [(org.id, "users", values["id"], "create", None, row_hash("users", values))], "t"
        )
    return str(values["id"])


def test_upgrade_from_0001_keeps_the_ledger_verifiable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    user_id = _db_at_0001_with_a_user(url)
    r = CliRunner().invoke(cli, ["db", "upgrade", "--database", url])
    assert r.exit_code == 0 and "schema at revision 0002" in r.output, r.output
    engine = db.make_engine(url)
    try:
        insp = inspect(engine)
        assert "web_sessions" in insp.get_table_names()
        assert "password_hash" in {c["name"] for c in insp.get_columns("users")}
    finally:
        engine.dispose()
    with db.session_scope(url) as s:
        report = verify(s)
        assert report.ok, report
        user = s.get(User, user_id)
        assert user is not None and user.password_hash is None
    with actor("test"), db.session_scope(url) as s:
        accounts.set_password(s, services.OPERATOR, user_id=user_id, password="the old admin's new pw")
    with db.session_scope(url) as s:
        assert verify(s).ok
    assert db.downgrade(url, "0001") == "0001"
    assert db.upgrade(url) == db.head_revision() == "0002"


def test_tampering_before_the_migration_is_still_detected(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    user_id = _db_at_0001_with_a_user(url)
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE users SET role = 'auditor' WHERE id = ?", (user_id,))
    finally:
        engine.dispose()
    db.upgrade(url)
    with db.session_scope(url) as s:
        report = verify(s)
    assert not report.ok and report.object == f"users/{user_id}"


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """The ledgered models and the operational ones (web sessions) are exactly what 0002 creates."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    db.upgrade(url)
    both = MetaData()
    for table in (*Base.metadata.sorted_tables, *OperationalBase.metadata.sorted_tables):
        table.to_metadata(both)
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), both)
    finally:
        engine.dispose()
    assert diff == []
    assert "web_sessions" not in Base.metadata.tables  # outside the ledger's verification
