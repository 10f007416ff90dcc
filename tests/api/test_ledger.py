"""The ledger through the API: events name the user; verify passes after use and catches tampering."""

from __future__ import annotations

from sqlalchemy import select, text

from senim.registry.db import session_scope
from senim.registry.models import LedgerEvent
from tests.api.conftest import Api, error_of


def _use_the_api(api: Api) -> str:
    sid: str = api.new_system()["id"]
    api.patch("compliance_officer", f"/systems/{sid}", json={"publication": "public_register", "version": 1})
    api.post(
        "engineer",
        f"/systems/{sid}/risks",
        json={"title": "r", "likelihood": 1, "impact": 1, "review_date": "2027-01-01"},
    )
    api.post(
        "engineer", f"/systems/{sid}/evidence/files", files={"file": ("a.txt", b"x")}, data={"title": "t"}
    )
    api.post(
        "engineer",
        f"/systems/{sid}/incidents",
        json={"title": "i", "harm_types": ["health"], "aware_at": "2026-10-01T10:00:00+05:00"},
    )
    extra = api.post("engineer", f"/users/{api.user_ids['engineer']}/tokens").json()
    api.delete("engineer", f"/tokens/{extra['id']}")
    return sid


def test_events_name_the_user_verify_passes_and_catches_tampering(api: Api) -> None:
    sid = _use_the_api(api)
    with session_scope(api.url) as s:
        events = s.scalars(
            select(LedgerEvent).where(LedgerEvent.object_id == sid).order_by(LedgerEvent.seq)
        ).all()
        assert [(e.action, e.actor) for e in events] == [
            ("create", api.user_ids["engineer"]),
            ("update", api.user_ids["compliance_officer"]),
        ]
        actors = {
            e.actor for e in s.scalars(select(LedgerEvent).where(LedgerEvent.object_type == "api_tokens"))
        }
        assert actors == {"test:setup", api.user_ids["engineer"]}  # issued and revoked by the engineer
        assert "system" not in {e.actor for e in s.scalars(select(LedgerEvent))}
    for role in ("admin", "compliance_officer", "auditor"):
        report = api.get(role, "/ledger/verify")
        assert report.status_code == 200, report.text
        body = report.json()
        assert body["ok"] is True and body["events"] > 10 and len(body["head_hash"]) == 64
        assert body["problem"] is None and body["event"] is None and body["object"] is None
    for role in ("engineer", "regulator"):
        error_of(api.get(role, "/ledger/verify"), 403, "forbidden")
    assert api.get("b_admin", "/ledger/verify").json()["ok"] is True  # instance-wide

    with session_scope(api.url) as s:  # no ORM flush: the ledger does not see this
        s.execute(text("UPDATE ai_systems SET owner = 'someone else' WHERE id = :id"), {"id": sid})
    report = api.get("admin", "/ledger/verify").json()
    assert report["ok"] is False and report["object"] == f"ai_systems/{sid}"
    assert "outside the application" in report["problem"]
    other = api.get("b_admin", "/ledger/verify").json()
    assert other["ok"] is False
    assert other["object"] is None and "outside your organisation" in other["problem"]  # no id of org A leaks
