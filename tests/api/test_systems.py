"""Systems: registration, listing, roles, tenancy, optimistic locking, profiles and assessments."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from senim.registry.db import session_scope
from senim.registry.models import AISystem
from tests.api.conftest import WRITERS, Api, error_of
from tests.helpers import profile_data


def test_register_get_and_list_with_filters_and_pages(api: Api) -> None:
    r = api.post(
        "engineer",
        "/systems",
        json={
            "profile": profile_data(id="credit-scoring", name="Credit scoring"),
            "owner": "Risk dept",
            "lifecycle_stage": "deployed",
        },
    )
    assert r.status_code == 201, r.text
    system = r.json()
    assert system["slug"] == "credit-scoring" and system["org_id"] == api.org_a
    assert system["owner"] == "Risk dept" and system["lifecycle_stage"] == "deployed"
    assert system["publication"] == "none" and system["profile_version"] == 1 and system["version"] == 1
    assert r.headers["Location"] == f"/api/v1/systems/{system['id']}" and r.headers["ETag"] == '"1"'

    got = api.get("auditor", f"/systems/{system['id']}")
    assert got.status_code == 200 and got.json() == system and got.headers["ETag"] == '"1"'

    for slug in ("chatbot", "face-match", "hr-screening"):
        api.new_system("compliance_officer" if slug == "chatbot" else "admin", slug=slug)
    page = api.get("engineer", "/systems", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 4 and page["limit"] == 2 and page["offset"] == 1
    assert [s["slug"] for s in page["items"]] == ["credit-scoring", "face-match"]  # ordered by slug
    deployed = api.get("engineer", "/systems", params={"lifecycle_stage": "deployed"}).json()
    assert [s["slug"] for s in deployed["items"]] == ["credit-scoring"] and deployed["total"] == 1
    found = api.get("engineer", "/systems", params={"q": "MATCH"}).json()
    assert [s["slug"] for s in found["items"]] == ["face-match"]
    assert api.get("engineer", "/systems", params={"publication": "trusted_list"}).json()["total"] == 0
    error_of(api.get("engineer", "/systems", params={"lifecycle_stage": "dreaming"}), 422, "invalid")
    error_of(api.get("engineer", "/systems", params={"limit": 501}), 422, "invalid")

    # committed before the response: another connection sees the row at once
    with session_scope(api.url) as s:
        row = s.get(AISystem, system["id"])
        assert row is not None and row.owner == "Risk dept"

    # a slug is unique within an organisation, not across organisations
    err = error_of(
        api.post("admin", "/systems", json={"profile": profile_data(id="chatbot")}), 409, "conflict"
    )
    assert "chatbot" in err["message"]
    assert api.new_system("b_admin", slug="chatbot")["org_id"] == api.org_b
    assert api.get("admin", "/systems").json()["total"] == 4


def test_roles_auditors_read_only_and_regulators_see_only_published(api: Api) -> None:
    for role in ("auditor", "regulator"):
        error_of(
            api.post(role, "/systems", json={"profile": profile_data(id=f"by-{role}")}), 403, "forbidden"
        )
    hidden = api.new_system(slug="internal-tool")
    shown = api.new_system(slug="public-service")
    for role in ("auditor", "regulator"):  # refused for the role, whatever the id
        error_of(
            api.patch(role, f"/systems/{hidden['id']}", json={"owner": "me", "version": 1}), 403, "forbidden"
        )
    # engineers may not publish; compliance officers and admins may
    error_of(
        api.patch(
            "engineer", f"/systems/{shown['id']}", json={"publication": "public_register", "version": 1}
        ),
        403,
        "forbidden",
    )
    r = api.patch(
        "compliance_officer",
        f"/systems/{shown['id']}",
        json={"publication": "public_register"},
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200 and r.json()["publication"] == "public_register" and r.json()["version"] == 2

    assert {s["slug"] for s in api.get("auditor", "/systems").json()["items"]} == {
        "internal-tool",
        "public-service",
    }
    regulator = api.get("regulator", "/systems").json()
    assert [s["slug"] for s in regulator["items"]] == ["public-service"] and regulator["total"] == 1
    assert api.get("regulator", f"/systems/{shown['id']}").status_code == 200
    error_of(api.get("regulator", f"/systems/{hidden['id']}"), 404, "not_found")
    error_of(api.get("regulator", f"/systems/{hidden['id']}/profile/versions"), 404, "not_found")
    error_of(api.post("regulator", f"/systems/{shown['id']}/assessments"), 403, "forbidden")


def test_other_organisations_systems_are_404_and_never_listed(api: Api) -> None:
    system = api.new_system()
    sid = system["id"]
    api.post("engineer", f"/systems/{sid}/assessments", json={"as_of": "2026-11-26"})
    own = api.new_system("b_admin", slug="b-own")
    listing = api.get("b_admin", "/systems").json()
    assert [s["id"] for s in listing["items"]] == [own["id"]] and listing["total"] == 1
    assert api.get("b_admin", "/systems", params={"q": "credit"}).json()["total"] == 0
    attempts = [
        ("GET", f"/systems/{sid}", None),
        ("PATCH", f"/systems/{sid}", {"owner": "B", "version": 1}),
        ("PUT", f"/systems/{sid}/profile", {"profile": profile_data(id="credit-scoring"), "version": 1}),
        ("GET", f"/systems/{sid}/profile/versions", None),
        ("POST", f"/systems/{sid}/assessments", {}),
        ("GET", f"/systems/{sid}/assessments/latest", None),
        ("GET", f"/systems/{sid}/obligations", None),
    ]
    for method, path, body in attempts:
        r = api.call(method, "b_admin", path, json=body)
        error_of(r, 404, "not_found")
        assert sid not in r.text or method == "GET"  # no details of the foreign object
    after = api.get("admin", f"/systems/{sid}").json()
    assert after["owner"] is None and after["version"] == 1 and after["profile_version"] == 1


def test_optimistic_locking_on_patch_loses_nothing(api: Api) -> None:
    sid = api.new_system()["id"]
    read_by_both = api.get("engineer", f"/systems/{sid}").json()["version"]
    first = api.patch(
        "engineer", f"/systems/{sid}", json={"owner": "Alice"}, headers={"If-Match": f'"{read_by_both}"'}
    )
    assert first.status_code == 200 and first.json()["version"] == read_by_both + 1
    assert first.headers["ETag"] == f'"{read_by_both + 1}"'
    second = api.patch(
        "compliance_officer", f"/systems/{sid}", json={"holder": "Bob", "version": read_by_both}
    )
    err = error_of(second, 409, "conflict")
    assert "reload" in err["message"]
    now = api.get("admin", f"/systems/{sid}").json()
    assert now["owner"] == "Alice" and now["holder"] is None and now["version"] == read_by_both + 1
    retry = api.patch(
        "compliance_officer", f"/systems/{sid}", json={"holder": "Bob", "version": now["version"]}
    )
    assert retry.status_code == 200 and retry.json()["owner"] == "Alice" and retry.json()["holder"] == "Bob"

    error_of(api.patch("engineer", f"/systems/{sid}", json={"owner": "x"}), 428, "precondition_required")
    error_of(api.patch("engineer", f"/systems/{sid}", json={"owner": "x"}, headers={"If-Match": "soon"}), 422)
    error_of(
        api.patch(
            "engineer", f"/systems/{sid}", json={"owner": "x", "version": 1}, headers={"If-Match": '"3"'}
        ),
        422,
        "invalid",
    )
    error_of(
        api.patch("engineer", f"/systems/{sid}", json={"lifecycle_stage": "dreaming", "version": 3}), 422
    )
    error_of(api.patch("engineer", f"/systems/{sid}", json={"slug": "renamed", "version": 3}), 422, "invalid")
    retired = api.patch(
        "engineer", f"/systems/{sid}", json={"lifecycle_stage": "retired"}, headers={"If-Match": 'W/"3"'}
    )
    assert retired.status_code == 200 and retired.json()["lifecycle_stage"] == "retired"

    # Truly concurrent requests: the loser gets 409 (a stale check, or a stale UPDATE at flush).
    sid = api.new_system(slug="contested")["id"]
    barrier = threading.Barrier(2)

    def patch(who: str, field: str) -> int:
        barrier.wait()
        return api.patch(who, f"/systems/{sid}", json={field: who, "version": 1}).status_code

    with ThreadPoolExecutor(2) as pool:
        futures = [
            pool.submit(patch, "engineer", "owner"),
            pool.submit(patch, "compliance_officer", "holder"),
        ]
        statuses = [f.result() for f in futures]
    assert sorted(statuses) == [200, 409]
    now = api.get("admin", f"/systems/{sid}").json()
    assert now["version"] == 2
    winner = "engineer" if statuses[0] == 200 else "compliance_officer"
    assert (now["owner"], now["holder"]) == (
        ("engineer", None) if winner == "engineer" else (None, "compliance_officer")
    )
    assert api.get("admin", "/ledger/verify").json()["ok"] is True


def test_profile_versions_with_locking(api: Api) -> None:
    sid = api.new_system(slug="chatbot")["id"]
    new = profile_data(id="chatbot", name="Chatbot v2", **{"interaction.interacts_with_people": True})
    r = api.put("engineer", f"/systems/{sid}/profile", json={"profile": new, "version": 1})
    assert r.status_code == 200, r.text
    assert r.json()["profile_version"] == 2 and r.json()["name"] == "Chatbot v2" and r.json()["version"] == 2
    error_of(
        api.put("engineer", f"/systems/{sid}/profile", json={"profile": new, "version": 1}), 409, "conflict"
    )
    err = error_of(
        api.put(
            "engineer", f"/systems/{sid}/profile", json={"profile": profile_data(id="other"), "version": 2}
        ),
        422,
        "invalid",
    )
    assert "other" in err["message"]
    err = error_of(
        api.put(
            "engineer",
            f"/systems/{sid}/profile",
            json={"profile": {**new, "techniques": "magic"}, "version": 2},
        ),
        422,
        "invalid_profile",
    )
    assert err["details"][0]["field"].startswith("techniques")
    error_of(
        api.put("auditor", f"/systems/{sid}/profile", json={"profile": new, "version": 2}), 403, "forbidden"
    )
    versions = api.get("auditor", f"/systems/{sid}/profile/versions").json()["items"]
    assert [v["number"] for v in versions] == [1, 2]
    assert (
        versions[1]["profile"]["name"] == "Chatbot v2"
        and versions[1]["created_by"] == api.user_ids["engineer"]
    )
    assert len(versions[0]["sha256"]) == 64 and versions[0]["sha256"] != versions[1]["sha256"]


def test_assessments_and_obligations(api: Api) -> None:
    sid = api.new_system()["id"]
    error_of(api.get("engineer", f"/systems/{sid}/assessments/latest"), 404, "not_found")
    error_of(api.get("engineer", f"/systems/{sid}/obligations"), 404, "not_found")
    r = api.post(
        "engineer",
        f"/systems/{sid}/assessments",
        json={"as_of": "2026-11-26", "packs": ["kz-ai-law"], "lang": "ru"},
    )
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["as_of"] == "2026-11-26" and first["profile_version"] == 1
    assert [p.split("@")[0] for p in first["packs"]] == ["kz-ai-law"]
    assert first["result"]["results"][0]["pack"] == "kz-ai-law"
    assert first["created_by"] == api.user_ids["engineer"]
    by_query = api.post("compliance_officer", f"/systems/{sid}/assessments?as_of=2026-12-01&packs=eu-ai-act")
    assert by_query.status_code == 201, by_query.text
    assert by_query.json()["as_of"] == "2026-12-01" and by_query.json()["packs"][0].startswith("eu-ai-act@")
    latest = api.get("auditor", f"/systems/{sid}/assessments/latest").json()
    assert latest["id"] == by_query.json()["id"]
    obligations = api.get("engineer", f"/systems/{sid}/obligations").json()
    assert obligations["assessment_id"] == latest["id"] and obligations["items"]
    assert all(o["pack"].startswith("eu-ai-act@") and o["rule"] and o["status"] for o in obligations["items"])
    err = error_of(api.post("engineer", f"/systems/{sid}/assessments", json={"packs": ["no-such-pack"]}), 422)
    assert "no-such-pack" in err["message"]
    error_of(api.post("engineer", f"/systems/{sid}/assessments", json={"lang": "fr"}), 422, "invalid")
    # Auditors may run an assessment (services allow it: it records a check, it changes no system)
    assert (
        api.post("auditor", f"/systems/{sid}/assessments", json={"packs": ["kz-ai-law"]}).status_code == 201
    )
    for role in WRITERS:
        assert api.post(role, f"/systems/{sid}/assessments", json={"packs": ["kz-ai-law"]}).status_code == 201
