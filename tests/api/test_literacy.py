"""AI-literacy records and their coverage of a system's operators."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import Api, error_of


def test_records_coverage_roles_and_tenancy(api: Api) -> None:
    sid = api.new_system()["id"]
    today = dt.date.today()
    base = {"role": "operator", "course": "AI basics", "systems": [sid]}
    r = api.post(
        "compliance_officer",
        "/literacy",
        json={**base, "person": "Aigerim", "completed_on": (today - dt.timedelta(days=30)).isoformat()},
    )
    assert r.status_code == 201, r.text
    assert r.json()["systems"] == [sid] and r.json()["org_id"] == api.org_a
    api.post(
        "admin",
        "/literacy",
        json={**base, "person": "Bolat", "completed_on": "2024-01-10", "expires_on": "2025-01-10"},
    )
    cov = api.get("auditor", f"/systems/{sid}/literacy").json()
    assert cov["operators"] == 2 and cov["trained"] == ["Aigerim"] and cov["lapsed"] == ["Bolat"]
    assert cov["coverage"] == 0.5 and cov["on"] == today.isoformat()
    then = api.get("auditor", f"/systems/{sid}/literacy", params={"on": "2024-06-01"}).json()
    assert then["trained"] == ["Bolat"] and then["on"] == "2024-06-01"
    other = api.new_system(slug="other")["id"]
    assert api.get("engineer", f"/systems/{other}/literacy").json()["coverage"] is None

    sid = api.new_system(slug="second")["id"]
    ok = {"person": "P", "role": "operator", "course": "C", "completed_on": "2026-01-10", "systems": [sid]}
    error_of(
        api.post("compliance_officer", "/literacy", json={**ok, "expires_on": "2025-01-01"}), 422, "invalid"
    )
    err = error_of(api.post("compliance_officer", "/literacy", json={**ok, "completed_on": "yesterday"}), 422)
    assert err["details"][0]["loc"] == ["body", "completed_on"]
    for role in ("engineer", "auditor", "regulator"):
        error_of(api.post(role, "/literacy", json=ok), 403, "forbidden")
    error_of(api.post("b_admin", "/literacy", json=ok), 404, "not_found")  # A's system named by B
    error_of(api.get("b_admin", f"/systems/{sid}/literacy"), 404, "not_found")
    assert api.post("b_admin", "/literacy", json={**ok, "systems": []}).status_code == 201
    assert api.get("admin", f"/systems/{sid}/literacy").json()["operators"] == 0
