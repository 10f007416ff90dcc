"""The risk register: recording, overdue reviews, locked updates, roles and tenancy."""

from __future__ import annotations

from tests.api.conftest import Api, error_of

RISK = {"title": "Drift", "likelihood": 2, "impact": 4, "review_date": "2026-06-01", "owner": "ML team"}


def test_risks_record_overdue_locking_roles_and_tenancy(api: Api) -> None:
    sid = api.new_system()["id"]
    r = api.post("engineer", f"/systems/{sid}/risks", json={**RISK, "misuse_scenario": "scraping"})
    assert r.status_code == 201, r.text
    risk = r.json()
    assert risk["status"] == "open" and risk["version"] == 1 and r.headers["ETag"] == '"1"'
    later = api.post(
        "engineer", f"/systems/{sid}/risks", json={**RISK, "title": "Bias", "review_date": "2027-06-01"}
    ).json()
    listed = api.get("auditor", f"/systems/{sid}/risks").json()["items"]
    assert [x["id"] for x in listed] == [risk["id"], later["id"]]
    overdue = api.get("auditor", f"/systems/{sid}/risks", params={"overdue_on": "2026-11-26"}).json()["items"]
    assert [x["title"] for x in overdue] == ["Drift"]
    error_of(api.get("auditor", f"/systems/{sid}/risks", params={"overdue_on": "tomorrow"}), 422, "invalid")

    first = api.patch(
        "engineer",
        f"/risks/{risk['id']}",
        json={"status": "mitigated", "review_date": "2027-01-01"},
        headers={"If-Match": '"1"'},
    )
    assert first.status_code == 200 and first.json()["version"] == 2 and first.json()["status"] == "mitigated"
    stale = api.patch("compliance_officer", f"/risks/{risk['id']}", json={"impact": 5, "version": 1})
    error_of(stale, 409, "conflict")
    now = api.get("engineer", f"/systems/{sid}/risks").json()["items"][0]
    assert now["impact"] == 4 and now["status"] == "mitigated" and now["review_date"] == "2027-01-01"
    assert (
        api.get("engineer", f"/systems/{sid}/risks", params={"overdue_on": "2026-11-26"}).json()["items"]
        == []
    )
    error_of(api.patch("engineer", f"/risks/{risk['id']}", json={"impact": 5}), 428, "precondition_required")
    error_of(api.patch("engineer", f"/risks/{risk['id']}", json={"impact": 0, "version": 2}), 422, "invalid")
    error_of(api.patch("engineer", f"/risks/{risk['id']}", json={"status": "forgotten", "version": 2}), 422)
    closed = api.patch("engineer", f"/risks/{risk['id']}", json={"status": "closed", "version": 2})
    assert closed.status_code == 200 and closed.json()["version"] == 3
    error_of(api.patch("engineer", "/risks/nope", json={"status": "closed", "version": 1}), 404, "not_found")

    sid = api.new_system(slug="second")["id"]
    risk = api.post("compliance_officer", f"/systems/{sid}/risks", json=RISK).json()
    for role in ("auditor", "regulator"):
        error_of(api.post(role, f"/systems/{sid}/risks", json=RISK), 403, "forbidden")
        error_of(
            api.patch(role, f"/risks/{risk['id']}", json={"status": "closed", "version": 1}), 403, "forbidden"
        )
    error_of(api.get("regulator", f"/systems/{sid}/risks"), 404, "not_found")  # not published
    error_of(api.get("b_admin", f"/systems/{sid}/risks"), 404, "not_found")
    error_of(api.post("b_admin", f"/systems/{sid}/risks", json=RISK), 404, "not_found")
    error_of(
        api.patch("b_admin", f"/risks/{risk['id']}", json={"status": "closed", "version": 1}),
        404,
        "not_found",
    )
    assert api.get("admin", f"/systems/{sid}/risks").json()["items"][0]["status"] == "open"
