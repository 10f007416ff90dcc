"""Incidents: reporting clocks (KZ personal data 1 working day; EU AI Act Art. 73), actions, tenancy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from senim.registry import services
from tests.api.conftest import Api, error_of
from tests.helpers import catalog_before_the_omnibus

UTC = dt.UTC
ALMATY = dt.timezone(dt.timedelta(hours=5))


def _clock(incident: dict[str, object], regime: str) -> dict[str, object]:
    clocks = [c for c in incident["clocks"] if c["regime"] == regime]  # type: ignore[attr-defined]
    assert len(clocks) == 1, incident["clocks"]
    return clocks[0]  # type: ignore[no-any-return]


def _deadline(clock: dict[str, object]) -> dt.datetime:
    return dt.datetime.fromisoformat(str(clock["deadline"]))


def _instants(incident: dict[str, object]) -> list[tuple[object, object, dt.datetime]]:
    return [(c["regime"], c["article"], _deadline(c)) for c in incident["clocks"]]  # type: ignore[attr-defined]


HIGH_RISK = {"eu_high_risk.annex_iii": ["4a"]}  # Art. 73 binds providers of high-risk systems


@pytest.fixture
def before_the_omnibus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = catalog_before_the_omnibus(tmp_path)
    monkeypatch.setattr(services, "default_catalog", lambda: catalog)


def test_no_eu_clock_before_art_73_applies(api: Api) -> None:
    sid = api.new_system(profile=HIGH_RISK)["id"]
    aware = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ALMATY)  # the Kazakh breach clock only
    body = {"title": "Fatal", "harm_types": ["death", "personal_data_breach"], "aware_at": aware.isoformat()}
    created = api.post("engineer", f"/systems/{sid}/incidents", json=body).json()
    assert [c["regime"] for c in created["clocks"]] == ["kz-personal-data"]


@pytest.mark.usefixtures("before_the_omnibus")
def test_reporting_clocks(api: Api) -> None:
    sid = api.new_system(profile=HIGH_RISK)["id"]
    aware = dt.datetime(2026, 10, 1, 10, 0, tzinfo=ALMATY)  # a Thursday in Almaty
    body = {"title": "Leak", "harm_types": ["personal_data_breach"], "aware_at": aware.isoformat()}
    r = api.post("engineer", f"/systems/{sid}/incidents", json=body)
    assert r.status_code == 201, r.text
    breach = r.json()
    assert r.headers["Location"] == f"/api/v1/incidents/{breach['id']}"
    assert breach["status"] == "open" and [c["regime"] for c in breach["clocks"]] == ["kz-personal-data"]
    kz = _clock(breach, "kz-personal-data")
    assert _deadline(kz) == aware + dt.timedelta(days=1) and "working day" in str(kz["basis"])
    assert kz["overdue"] is True  # long past now

    death = api.post(
        "engineer",
        f"/systems/{sid}/incidents",
        json={**body, "title": "Fatal", "harm_types": ["death", "health"]},
    ).json()
    eu = _clock(death, "eu-ai-act")
    assert eu["article"] == "73(4)" and _deadline(eu) == aware + dt.timedelta(days=10)

    grid = api.post(
        "engineer",
        f"/systems/{sid}/incidents",
        json={**body, "title": "Grid", "harm_types": ["critical_infrastructure", "death"]},
    ).json()
    eu = _clock(grid, "eu-ai-act")
    assert eu["article"] == "73(3)" and _deadline(eu) == aware + dt.timedelta(days=2)

    fresh = dt.datetime.now(UTC) - dt.timedelta(hours=1)
    health = api.post(
        "engineer",
        f"/systems/{sid}/incidents",
        json={**body, "title": "Harm", "harm_types": ["health"], "aware_at": fresh.isoformat()},
    ).json()
    eu = _clock(health, "eu-ai-act")
    assert eu["article"] == "73(2)" and eu["overdue"] is False

    listed = api.get("auditor", f"/systems/{sid}/incidents").json()["items"]
    assert listed[0]["title"] == "Harm" and len(listed) == 4  # newest awareness first
    assert all(i["clocks"] for i in listed)
    assert _instants({i["id"]: i for i in listed}[grid["id"]]) == _instants(grid)

    # Saturday 02:00 in Almaty is still Friday in UTC: the deadline must not depend on how it was read.
    aware = dt.datetime(2026, 10, 3, 2, 0, tzinfo=ALMATY)  # Saturday local, Friday 21:00 UTC
    created = api.post(
        "engineer",
        f"/systems/{sid}/incidents",
        json={"title": "Leak", "harm_types": ["personal_data_breach"], "aware_at": aware.isoformat()},
    ).json()
    again = api.get("engineer", f"/incidents/{created['id']}").json()
    assert _instants(created) == _instants(again)
    # the next working day after Saturday in Kazakhstan is Monday
    assert _deadline(_clock(again, "kz-personal-data")) == dt.datetime(2026, 10, 5, 2, 0, tzinfo=ALMATY)


def test_actions_suspend_and_notify(api: Api) -> None:
    sid = api.new_system(lifecycle_stage="deployed", profile=HIGH_RISK)["id"]
    fresh = dt.datetime.now(UTC) - dt.timedelta(hours=1)
    inc = api.post(
        "engineer",
        f"/systems/{sid}/incidents",
        json={"title": "x", "harm_types": ["personal_data_breach"], "aware_at": fresh.isoformat()},
    ).json()
    r = api.post(
        "engineer",
        f"/incidents/{inc['id']}/actions",
        json={"kind": "suspension", "description": "switched off"},
    )
    assert (
        r.status_code == 201
        and r.json()["kind"] == "suspension"
        and r.json()["by"] == api.user_ids["engineer"]
    )
    assert api.get("engineer", f"/systems/{sid}").json()["lifecycle_stage"] == "suspended"
    api.post(
        "compliance_officer",
        f"/incidents/{inc['id']}/actions",
        json={"kind": "notification", "description": "reported", "notified": "ARDI"},
    )
    view = api.get("auditor", f"/incidents/{inc['id']}").json()
    assert view["status"] == "reported" and [a["kind"] for a in view["actions"]] == [
        "suspension",
        "notification",
    ]
    # the notification stops the reporting clock (within the working day: not late)
    kz = _clock(view, "kz-personal-data")
    assert kz["overdue"] is False and kz["late"] is False and kz["reported_at"] is not None
    assert "eu-ai-act" not in [c["regime"] for c in view["clocks"]]  # no Art. 73 duty yet (2 Dec 2027)
    # a notification after the deadline stops the clock too, marked late
    old = api.post(
        "engineer",
        f"/systems/{sid}/incidents",
        json={"title": "y", "harm_types": ["personal_data_breach"], "aware_at": "2026-01-26T10:00:00+05:00"},
    ).json()
    assert _clock(old, "kz-personal-data")["overdue"] is True
    api.post(
        "compliance_officer",
        f"/incidents/{old['id']}/actions",
        json={"kind": "notification", "description": "late report", "notified": "ARDI"},
    )
    kz = _clock(api.get("auditor", f"/incidents/{old['id']}").json(), "kz-personal-data")
    assert kz["overdue"] is False and kz["late"] is True
    api.post(
        "engineer", f"/incidents/{inc['id']}/actions", json={"kind": "resumption", "description": "fixed"}
    )
    assert api.get("engineer", f"/systems/{sid}").json()["lifecycle_stage"] == "deployed"
    error_of(
        api.post("engineer", f"/incidents/{inc['id']}/actions", json={"kind": "prayer", "description": "x"}),
        422,
        "invalid",
    )
    error_of(
        api.post("auditor", f"/incidents/{inc['id']}/actions", json={"kind": "measure", "description": "x"}),
        403,
        "forbidden",
    )
    error_of(api.get("engineer", "/incidents/unknown"), 404, "not_found")


def test_incident_validation_roles_and_tenancy(api: Api) -> None:
    sid = api.new_system()["id"]
    ok = {"title": "x", "harm_types": ["health"], "aware_at": "2026-11-26T10:00:00+05:00"}
    inc = api.post("engineer", f"/systems/{sid}/incidents", json=ok).json()
    error_of(api.get("b_admin", f"/incidents/{inc['id']}"), 404, "not_found")
    error_of(
        api.post(
            "b_admin", f"/incidents/{inc['id']}/actions", json={"kind": "suspension", "description": "x"}
        ),
        404,
        "not_found",
    )
    error_of(api.get("b_admin", f"/systems/{sid}/incidents"), 404, "not_found")
    error_of(api.post("b_admin", f"/systems/{sid}/incidents", json=ok), 404, "not_found")
    error_of(api.get("regulator", f"/incidents/{inc['id']}"), 404, "not_found")  # unpublished system
    assert api.get("engineer", f"/systems/{sid}").json()["lifecycle_stage"] == "design"
    assert api.get("engineer", f"/incidents/{inc['id']}").json()["actions"] == []

    path = f"/systems/{sid}/incidents"
    err = error_of(api.post("engineer", path, json={**ok, "aware_at": "2026-11-26T10:00:00"}), 422, "invalid")
    assert err["details"][0]["loc"] == ["body", "aware_at"]
    future = (dt.datetime.now(UTC) + dt.timedelta(days=2)).isoformat()
    assert "future" in error_of(api.post("engineer", path, json={**ok, "aware_at": future}), 422)["message"]
    error_of(api.post("engineer", path, json={**ok, "harm_types": []}), 422, "invalid")
    error_of(api.post("engineer", path, json={**ok, "harm_types": ["boredom"]}), 422, "invalid")
    error_of(
        api.post("engineer", path, json={**ok, "occurred_at": "2026-11-27T10:00:00+05:00"}), 422, "invalid"
    )
    for role in ("auditor", "regulator"):
        error_of(api.post(role, path, json=ok), 403, "forbidden")
