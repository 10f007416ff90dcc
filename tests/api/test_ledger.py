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


def test_export_per_organisation_is_checkable_and_redacts_others(
    api: Api, tmp_path: object, monkeypatch: object
) -> None:
    import json
    from pathlib import Path

    from senim.ledger.chain import check_export

    monkeypatch.setenv("SENIM_LEDGER_KEY", str(Path(str(tmp_path)) / "server-key.pem"))  # type: ignore[attr-defined]
    sid = _use_the_api(api)
    api.post("b_admin", "/users", json={"email": "x@b.kz", "name": "X", "role": "engineer"})
    response = api.get("auditor", "/ledger/export")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    lines = response.text.splitlines()
    report = check_export(lines)
    assert report.ok, report
    events = [json.loads(x) for x in lines[:-1]]
    own = [e for e in events if not e.get("redacted")]
    assert own and all(e["org_id"] == api.org_a for e in own)
    assert any(e["object_id"] == sid for e in own)
    assert report.redacted == len(events) - len(own) > 0
    assert "x@b.kz" not in response.text and api.org_b not in response.text  # nothing of org B leaks
    other = api.get("b_admin", "/ledger/export").text
    assert sid not in other and check_export(other.splitlines()).ok
    error_of(api.get("engineer", "/ledger/export"), 403, "forbidden")

    tampered = list(lines)
    first_own = next(i for i, e in enumerate(events) if not e.get("redacted"))
    doc = json.loads(tampered[first_own])
    doc["actor"] = "someone else"
    tampered[first_own] = json.dumps(doc)
    broken = check_export(tampered)
    assert not broken.ok and broken.line == first_own + 1 and "edited" in (broken.problem or "")
    assert not check_export(lines[:-2] + lines[-1:]).ok  # an event cut: the signed head disagrees
    assert not check_export(lines[:-1]).ok  # no head


def test_export_with_an_unusable_signing_key_is_503_and_names_nothing(
    api: Api, tmp_path: object, monkeypatch: object
) -> None:
    from pathlib import Path

    from senim.ledger.signing import load_or_create_key

    key = Path(str(tmp_path)) / "encrypted-key.pem"
    load_or_create_key(key, passphrase="correct horse battery staple")
    monkeypatch.setenv("SENIM_LEDGER_KEY", str(key))  # type: ignore[attr-defined]
    monkeypatch.delenv("SENIM_LEDGER_KEY_PASSPHRASE", raising=False)  # type: ignore[attr-defined]
    response = api.get("auditor", "/ledger/export")
    err = error_of(response, 503, "signing_key_unavailable")
    assert "encrypted-key.pem" not in response.text and "PASSPHRASE" not in response.text, err
