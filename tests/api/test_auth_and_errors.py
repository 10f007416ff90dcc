"""Authentication (401s), the one error shape, startup schema check, and the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm.exc import StaleDataError

from senim.api import create_app
from senim.api.routes import CurrentCtx
from senim.ledger.chain import actor, verify
from senim.registry import services
from senim.registry.db import SchemaOutdatedError, session_scope
from senim.registry.models import ApiToken
from tests.api.conftest import Api, error_of
from tests.helpers import make_profile


def _unauthorized(r: object) -> None:
    err = error_of(r, 401, "unauthorized")  # type: ignore[arg-type]
    assert err["message"]
    assert r.headers["WWW-Authenticate"] == "Bearer"  # type: ignore[attr-defined]


def test_every_kind_of_bad_token_is_401(api: Api) -> None:
    _unauthorized(api.get(None, "/me"))
    _unauthorized(api.post(None, "/systems", json={}))  # authentication comes before validation
    _unauthorized(api.get(None, "/me", headers={"Authorization": "Bearer snm_not-a-real-token"}))
    _unauthorized(api.get(None, "/me", headers={"Authorization": "Bearer "}))
    _unauthorized(api.get(None, "/me", headers={"Authorization": "Bearer " + "x" * 500}))
    _unauthorized(api.get(None, "/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}))
    for path in ("/systems", "/users", "/ledger/verify", "/evidence/abc", "/incidents/abc"):
        _unauthorized(api.get(None, path))
    me = api.get("engineer", "/me")
    assert me.status_code == 200
    assert me.json() == {
        "user_id": api.user_ids["engineer"],
        "org_id": api.org_a,
        "org_name": "Org A LLP",
        "role": "engineer",
        "email": "engineer@example.kz",
        "name": "Engineer",
    }

    assert api.get("auditor", "/me").status_code == 200
    revoked = api.delete("auditor", f"/tokens/{api.token_ids['auditor']}")  # a user revokes their own
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    _unauthorized(api.get("auditor", "/me"))

    assert api.get("engineer", "/me").status_code == 200
    with actor("test:expire"), session_scope(api.url) as s:  # a recorded change, not tampering
        token = s.get(ApiToken, api.token_ids["engineer"])
        assert token is not None
        token.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    _unauthorized(api.get("engineer", "/me"))
    with session_scope(api.url) as s:
        assert verify(s).ok


def test_malformed_json_wrong_types_and_unknown_fields(api: Api) -> None:
    system = api.new_system()
    path = f"/systems/{system['id']}/risks"
    headers = {"Content-Type": "application/json"}
    err = error_of(
        api.post("engineer", path, content=b'{"title": "x", ', headers=headers), 400, "malformed_json"
    )
    assert err["details"] and "body" in err["details"][0]["loc"]
    error_of(api.post("engineer", path, content=b"\xff\xfe", headers=headers), 400, "malformed_json")

    good = {"title": "Drift", "likelihood": 2, "impact": 3, "review_date": "2027-01-01"}
    err = error_of(api.post("engineer", path, json={**good, "likelihood": "high"}), 422, "invalid")
    assert {"loc": ["body", "likelihood"]}.items() <= err["details"][0].items()
    err = error_of(api.post("engineer", path, json={**good, "likelihood": 9}), 422, "invalid")
    assert err["details"][0]["loc"] == ["body", "likelihood"]
    err = error_of(api.post("engineer", path, json={**good, "review_date": "next year"}), 422, "invalid")
    assert err["details"][0]["loc"] == ["body", "review_date"]
    err = error_of(api.post("engineer", path, json={**good, "colour": "red"}), 422, "invalid")
    assert err["details"][0]["loc"] == ["body", "colour"]
    err = error_of(api.post("engineer", path, json=[1, 2]), 422, "invalid")
    err = error_of(api.post("engineer", path), 422, "invalid")  # no body at all
    err = error_of(api.get("engineer", "/systems?limit=0"), 422, "invalid")
    assert err["details"][0]["loc"] == ["query", "limit"]

    # A bad profile: each problem named by field
    bad = {"profile": {**system_profile(), "failure_impact": "apocalyptic"}}
    err = error_of(api.post("engineer", "/systems", json=bad), 422, "invalid_profile")
    assert any(d["field"] == "failure_impact" for d in err["details"])
    err = error_of(api.post("engineer", "/systems", json={"profile": {"id": "x"}}), 422, "invalid_profile")
    assert err["details"][0]["field"] == "schema"

    # unknown routes and methods
    error_of(api.get("engineer", "/nothing-here"), 404, "not_found")
    error_of(api.delete("admin", "/systems/abc"), 405, "method_not_allowed")  # systems are not deleted
    error_of(api.get("engineer", "/systems/does-not-exist"), 404, "not_found")


def system_profile() -> dict[str, object]:
    from tests.helpers import profile_data

    return profile_data(id="other-system")


EXPECTED_ROUTES = {
    ("post", "/systems"),
    ("get", "/systems"),
    ("get", "/systems/{system_id}"),
    ("patch", "/systems/{system_id}"),
    ("put", "/systems/{system_id}/profile"),
    ("get", "/systems/{system_id}/profile/versions"),
    ("post", "/systems/{system_id}/assessments"),
    ("get", "/systems/{system_id}/assessments/latest"),
    ("get", "/systems/{system_id}/obligations"),
    ("post", "/systems/{system_id}/evidence/attestations"),
    ("post", "/systems/{system_id}/evidence/files"),
    ("get", "/systems/{system_id}/evidence"),
    ("get", "/evidence/{evidence_id}"),
    ("get", "/evidence/{evidence_id}/content"),
    ("post", "/systems/{system_id}/risks"),
    ("get", "/systems/{system_id}/risks"),
    ("patch", "/risks/{risk_id}"),
    ("post", "/systems/{system_id}/incidents"),
    ("get", "/systems/{system_id}/incidents"),
    ("get", "/incidents/{incident_id}"),
    ("post", "/incidents/{incident_id}/actions"),
    ("post", "/literacy"),
    ("get", "/systems/{system_id}/literacy"),
    ("get", "/users"),
    ("post", "/users"),
    ("post", "/users/{user_id}/tokens"),
    ("delete", "/tokens/{token_id}"),
    ("get", "/me"),
    ("get", "/ledger/verify"),
    ("get", "/ledger/export"),
}


def test_unknown_query_parameters_are_refused(api: Api) -> None:
    """A misspelt filter must not silently return the unfiltered list."""
    system = api.new_system()
    assert api.get("auditor", "/systems?lifecycle_stage=deployed&limit=5").status_code == 200
    err = error_of(api.get("auditor", "/systems?lifecycle_stag=deployed"), 400, "unknown_parameter")
    assert err["details"] == [
        {"loc": ["query", "lifecycle_stag"], "message": "not a parameter of this operation"}
    ]
    assert "lifecycle_stage" in err["message"] and "limit" in err["message"]  # what is accepted
    # many or long names: at most five listed, each cut to 40 characters
    many = "&".join(f"x{i}{'y' * 60}=1" for i in range(8))
    err = error_of(api.get("auditor", f"/systems?{many}"), 400, "unknown_parameter")
    assert len(err["details"]) == 5 and all(len(d["loc"][1]) == 40 for d in err["details"])
    assert "and 3 more" in err["message"]
    # the parameters each operation declares are its own
    assert api.get("auditor", f"/systems/{system['id']}/risks?overdue_on=2027-01-01").status_code == 200
    error_of(api.get("auditor", f"/systems/{system['id']}/risks?limit=1"), 400, "unknown_parameter")
    error_of(api.get("auditor", f"/systems/{system['id']}?verbose=1"), 400, "unknown_parameter")


def test_openapi_lists_every_route_with_schemas_and_docs_are_served(database_url: str) -> None:
    client = TestClient(create_app(database_url))  # not started: the documents need no database
    doc = client.get("/openapi.json").json()
    assert doc["info"]["title"] == "Senim API"
    import senim

    assert doc["info"]["version"] == senim.__version__
    found = {
        (method, path.removeprefix("/api/v1"))
        for path, ops in doc["paths"].items()
        for method in ops
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert found == EXPECTED_ROUTES
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op.get("security"), f"{method} {path} is not marked as needing a bearer token"
            ok = next(str(s) for s in op["responses"] if s.startswith("2"))
            assert op["responses"][ok].get("content"), f"{method} {path} has no response schema"
            if method in ("post", "put", "patch") and not path.endswith(("/tokens", "/assessments")):
                assert op.get("requestBody"), f"{method} {path} has no request body schema"
    upload = doc["paths"]["/api/v1/systems/{system_id}/evidence/files"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"].lower() == "bearer"
    assert "ErrorBody" in doc["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_stale_writes_and_unexpected_errors_use_the_error_shape(api: Api) -> None:
    """A stale UPDATE at flush is 409; anything unexpected is a bare 500 (no traceback); both roll back."""
    app = create_app(api.url)

    @app.post("/api/v1/_test/{kind}")
    def fail(kind: str, ctx: CurrentCtx) -> None:
        services.add_system(ctx.session, ctx.principal, profile=make_profile(id=f"half-{kind}"))
        if kind == "stale":
            raise StaleDataError("UPDATE statement on table 'ai_systems' expected to update 1 row(s); 0 were")
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        stale = client.post("/api/v1/_test/stale", headers=api.auth("engineer"))
        err = error_of(stale, 409, "conflict")
        assert "reload" in err["message"]
        boom = client.post("/api/v1/_test/boom", headers=api.auth("engineer"))
        err = error_of(boom, 500, "internal_error")
        assert "secret" not in boom.text and "RuntimeError" not in boom.text
    assert api.get("engineer", "/systems").json()["total"] == 0  # both rolled back
    assert api.get("admin", "/ledger/verify").json()["ok"] is True


def test_startup_refuses_an_outdated_schema(database_url: str) -> None:
    app = create_app(database_url)  # an empty database: no Senim schema
    with pytest.raises(SchemaOutdatedError, match="senim db upgrade"), TestClient(app):
        pass
