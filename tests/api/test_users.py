"""Users and tokens: admins manage their own organisation; tokens are shown once and can be revoked."""

from __future__ import annotations

from tests.api.conftest import Api, error_of


def test_list_and_create_users_in_own_organisation(api: Api) -> None:
    listed = api.get("admin", "/users").json()["items"]
    assert {u["role"] for u in listed} == {"admin", "compliance_officer", "engineer", "auditor", "regulator"}
    assert all(u["org_id"] == api.org_a for u in listed)
    assert [u["email"] for u in api.get("b_admin", "/users").json()["items"]] == ["b_admin@example.kz"]
    assert len(api.get("auditor", "/users", params={"limit": 2}).json()["items"]) == 2
    for role in ("engineer", "regulator"):
        error_of(api.get(role, "/users"), 403, "forbidden")

    r = api.post("admin", "/users", json={"email": "dana@example.kz", "name": "Dana", "role": "engineer"})
    assert r.status_code == 201, r.text
    assert r.json()["org_id"] == api.org_a and r.json()["role"] == "engineer" and r.json()["active"] is True
    error_of(
        api.post("admin", "/users", json={"email": "dana@example.kz", "name": "D", "role": "engineer"}),
        409,
        "conflict",
    )
    error_of(
        api.post("admin", "/users", json={"email": "x@example.kz", "name": "X", "role": "overlord"}), 422
    )
    error_of(api.post("admin", "/users", json={"email": "no-at-sign", "name": "X", "role": "auditor"}), 422)
    for role in ("compliance_officer", "engineer", "auditor", "regulator"):
        error_of(api.post(role, "/users", json={"email": "y@example.kz", "name": "Y", "role": "admin"}), 403)
    # B's admin creates in B only (the organisation is the caller's, whatever is sent)
    error_of(
        api.post(
            "b_admin",
            "/users",
            json={"email": "z@example.kz", "name": "Z", "role": "admin", "org_id": api.org_a},
        ),
        422,
        "invalid",
    )
    made = api.post(
        "b_admin", "/users", json={"email": "dana@example.kz", "name": "Dana B", "role": "auditor"}
    )
    assert made.status_code == 201 and made.json()["org_id"] == api.org_b


def test_tokens_are_shown_once_work_can_be_revoked_and_stay_in_their_org(api: Api) -> None:
    dana = api.post(
        "admin", "/users", json={"email": "dana@example.kz", "name": "Dana", "role": "engineer"}
    ).json()
    r = api.post("admin", f"/users/{dana['id']}/tokens", json={"expires_in_days": 7})
    assert r.status_code == 201, r.text
    issued = r.json()
    assert issued["token"].startswith(issued["prefix"]) and issued["user_id"] == dana["id"]
    assert issued["expires_at"] and issued["revoked_at"] is None and r.headers["Cache-Control"] == "no-store"
    bearer = {"Authorization": f"Bearer {issued['token']}"}
    me = api.get(None, "/me", headers=bearer).json()
    assert me["user_id"] == dana["id"] and me["role"] == "engineer"
    # a user issues their own token without a body (default expiry)
    own = api.post(None, f"/users/{dana['id']}/tokens", headers=bearer)
    assert own.status_code == 201 and own.json()["token"] != issued["token"]
    error_of(api.post("admin", f"/users/{dana['id']}/tokens", json={"expires_in_days": 0}), 422, "invalid")
    error_of(api.post("engineer", f"/users/{dana['id']}/tokens"), 403, "forbidden")  # not theirs
    error_of(api.post("admin", "/users/nobody/tokens"), 404, "not_found")

    error_of(api.delete("engineer", f"/tokens/{issued['id']}"), 403, "forbidden")
    revoked = api.delete("admin", f"/tokens/{issued['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] and "token" not in revoked.json()
    error_of(api.get(None, "/me", headers=bearer), 401, "unauthorized")
    assert api.get(None, "/me", headers={"Authorization": f"Bearer {own.json()['token']}"}).status_code == 200
    error_of(api.delete("admin", "/tokens/nope"), 404, "not_found")

    a_user, a_token = api.user_ids["engineer"], api.token_ids["engineer"]
    error_of(api.post("b_admin", f"/users/{a_user}/tokens"), 404, "not_found")
    error_of(api.delete("b_admin", f"/tokens/{a_token}"), 404, "not_found")
    # a non-admin of B must not learn either that A's user or token exists (404, as for a made-up id)
    b_eng = api.post("b_admin", "/users", json={"email": "e@b.kz", "name": "E", "role": "engineer"}).json()
    plain = api.post("b_admin", f"/users/{b_eng['id']}/tokens").json()["token"]
    headers = {"Authorization": f"Bearer {plain}"}
    error_of(api.post(None, f"/users/{a_user}/tokens", headers=headers), 404, "not_found")
    error_of(api.delete(None, f"/tokens/{a_token}", headers=headers), 404, "not_found")
    assert api.get("engineer", "/me").status_code == 200  # A's token still works
