"""The system pages through the web UI (TestClient): the wizard and its live classification,
evidence upload and attestation, risks, incidents with deadlines, history diffs, ledger, results,
report download, roles, tenancy, escaping and CSRF on every form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from senim.registry import db, services
from tests.helpers import catalog_before_the_omnibus
from tests.web.conftest import WebWorld, login


@pytest.fixture
def before_the_omnibus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Art. 73 as first enacted (from 2 Aug 2026), so that recent incidents show EU clocks."""
    catalog = catalog_before_the_omnibus(tmp_path)
    monkeypatch.setattr(services, "default_catalog", lambda: catalog)


SLUG_NEW = "loan-chatbot"


def _panel(html: str) -> str:
    m = re.search(r'<section id="classification".*?</section>', html, re.S)
    assert m is not None, html[:3000]
    return re.sub(r"\s+", " ", m.group(0))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _profile(world: WebWorld, system_id: str, who: str = "compliance_officer") -> dict[str, Any]:
    with db.session_scope(world.url, read_only=True) as s:
        p = services.current_profile(s, world.users[who].principal, system_id)
        return p.model_dump(mode="json", by_alias=True, exclude_none=True)


def _system(world: WebWorld, system_id: str) -> Any:
    with db.session_scope(world.url, read_only=True) as s:
        return services.get_system(s, world.users["compliance_officer"].principal, system_id)


def _obligations(world: WebWorld, system_id: str) -> dict[str, str]:
    with db.session_scope(world.url, read_only=True) as s:
        return {
            o["rule"]: o["status"]
            for o in services.obligations(s, world.users["engineer"].principal, system_id)
        }


# --------------------------------------------------------------------------- the wizard


def test_create_a_system_through_the_wizard(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "compliance_officer", world=web_app)
    page = client.get("/systems/new?lang=en")
    assert page.status_code == 200
    assert "Register an AI system" in page.text and 'hx-post="/systems/new/preview"' in page.text
    r = client.post(
        "/systems/new",
        data={"csrf_token": token, "id": SLUG_NEW, "name": "Loan chatbot", "organization.size": "medium"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:2000]
    location = r.headers["location"]
    assert location.endswith("/wizard/scope")
    system_id = location.split("/")[2]
    wizard = client.get(location)
    assert wizard.status_code == 200
    assert "Open questions" in _panel(wizard.text) and "Not determined" in _panel(wizard.text)
    # the scope topic, then the risk topic: the classification follows the saved answers
    r = client.post(
        f"/systems/{system_id}/wizard/scope",
        data={
            "csrf_token": token,
            "version": str(_system(web_app, system_id).version),
            "jurisdiction.kz": "yes",
            "roles.kz": ["owner", "holder"],
            "next": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].endswith("/wizard/risk?saved=1")
    r = client.post(
        f"/systems/{system_id}/wizard/risk",
        data={
            "csrf_token": token,
            "failure_impact": "emergency_or_significant_harm",
            "decision_mode": "human_can_override",
        },
    )
    assert r.status_code == 200
    panel = _panel(r.text)
    assert "Saved" in r.text
    assert re.search(r"Risk level</dt> <dd[^>]*>High<", panel), panel
    assert re.search(r"Autonomy level</dt> <dd[^>]*>Medium autonomy<", panel), panel
    profile = _profile(web_app, system_id)
    assert profile["failure_impact"] == "emergency_or_significant_harm"
    assert profile["jurisdiction"]["kz"] is True
    assert "critical_ict_object" not in profile  # left unanswered: stays unanswered
    system = _system(web_app, system_id)
    assert system.profile_version == 3 and system.name == "Loan chatbot"
    with db.session_scope(web_app.url, read_only=True) as s:
        record = services.latest_assessment(s, web_app.users["compliance_officer"].principal, system_id)
    assert record.profile_version == 3
    kz = next(p for p in record.result["results"] if p["pack"] == "kz-ai-law")
    assert kz["classification"]["risk_level"] == "high"
    # the new system is listed
    listing = client.get("/systems")
    assert "Loan chatbot" in listing.text and web_app.system_id in listing.text


def test_invalid_new_system_keeps_the_answers(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    r = client.post(
        "/systems/new?lang=en",
        data={"csrf_token": token, "id": "Not A Slug!", "name": "Keep me", "organization.bin": "123"},
    )
    assert r.status_code == 422
    assert "Some answers need correcting." in r.text and 'value="Keep me"' in r.text
    r = client.post("/systems/new", data={"csrf_token": token, "id": "retail-credit-scoring"})
    assert r.status_code == 409  # the slug is taken in this organisation
    assert "already registered" in r.text


def test_live_classification_and_prohibited_warning(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    before = _system(web_app, sid).profile_version
    url = f"/systems/{sid}/wizard/risk/preview?lang=en"
    minimal = client.post(
        url, data={"csrf_token": token, "failure_impact": "minimal"}, headers={"HX-Request": "true"}
    )
    high = client.post(
        url,
        data={"csrf_token": token, "failure_impact": "emergency_or_significant_harm"},
        headers={"HX-Request": "true"},
    )
    assert minimal.status_code == high.status_code == 200
    assert minimal.text.lstrip().startswith('<section id="classification"')  # a fragment for htmx
    assert re.search(r"Risk level</dt> <dd[^>]*>Minimal<", _panel(minimal.text))
    assert re.search(r"Risk level</dt> <dd[^>]*>High<", _panel(high.text))
    unanswered = client.post(
        url, data={"csrf_token": token, "failure_impact": ""}, headers={"HX-Request": "true"}
    )
    assert "Not determined" in _panel(unanswered.text) and "Worst consequence" in _panel(unanswered.text)
    warned = client.post(
        f"/systems/{sid}/wizard/prohibited/preview?lang=en",
        data={"csrf_token": token, "capabilities.manipulation": "yes"},
        headers={"HX-Request": "true"},
    )
    panel = _panel(warned.text)
    assert 'role="alert"' in panel and "Prohibited practice" in panel
    assert "17(3)(1)" in panel and "5(1)(a)" in panel
    assert re.search(r"EU risk tier</dt> <dd[^>]*>Prohibited<", panel)
    assert _system(web_app, sid).profile_version == before  # a preview stores nothing


def test_wizard_page_explains_questions_in_three_languages(web_app: WebWorld, client: TestClient) -> None:
    login(client, "auditor", world=web_app)
    sid = web_app.system_id
    en = client.get(f"/systems/{sid}/wizard/prohibited?lang=en")
    assert en.status_code == 200
    assert "Articles this answer serves:" in en.text and "17(3)(1)" in en.text
    assert "Your role may read the answers but not change them." in en.text
    assert 'type="submit"' not in en.text.split('class="wizard-form"')[1].split("</form>")[0]
    ru = client.get(f"/systems/{sid}/wizard/prohibited?lang=ru").text
    assert "Запрещённые практики" in ru and "Статьи, для которых нужен этот ответ:" in ru
    kk = client.get(f"/systems/{sid}/wizard/prohibited?lang=kk").text
    assert "Тыйым салынған практикалар" in kk and "Иә" in kk
    assert client.get(f"/systems/{sid}/wizard/nonsense").status_code == 404


def test_save_refuses_a_stale_version_and_keeps_the_answers(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    current = _system(web_app, sid).version
    r = client.post(
        f"/systems/{sid}/wizard/risk?lang=en",
        data={
            "csrf_token": token,
            "version": str(current - 1 if current > 1 else current + 5),
            "failure_impact": "minimal",
        },
    )
    assert r.status_code == 409
    assert "Someone else saved this system meanwhile" in r.text
    assert '<option value="minimal" selected>' in r.text
    assert _profile(web_app, sid)["failure_impact"] == "reduced_efficiency_or_harm"


def test_invalid_answer_is_shown_at_its_question(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    r = client.post(
        f"/systems/{sid}/wizard/governance?lang=en",
        data={"csrf_token": token, "governance.logs_retained_months": "six"},
    )
    assert r.status_code == 422
    assert "Enter a whole number." in r.text and 'id="q-governance-logs-retained-months-err"' in r.text


# --------------------------------------------------------------------------- history


def test_history_shows_the_diff_between_versions(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    r = client.post(
        f"/systems/{sid}/wizard/risk",
        data={
            "csrf_token": token,
            "failure_impact": "minimal",
            "decision_mode": "human_can_override",
            "usage_mode": "closed",
            "critical_ict_object": "",
            "state_information_resource": "no",
            "public_network_connected": "yes",
            "processes_restricted_data": "yes",
        },
    )
    assert r.status_code == 200
    page = client.get(f"/systems/{sid}/history?lang=en")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Version 2" in text and "Changes from version 1" in text
    diff = page.text.split('id="v2"')[1].split("</section>")[0]
    assert "Worst consequence if the system fails or stops" in diff
    assert (
        "<del>Reduced efficiency, moral or material harm</del>" in diff
        and "<ins>Minimal effect on users</ins>" in diff
    )
    assert "critical_ict_object" in diff and "unanswered" in diff  # a cleared answer is shown as such


# --------------------------------------------------------------------------- evidence


def test_upload_evidence_closes_an_obligation(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    assert _obligations(web_app, sid)["KZ-AI-18-1-3"] == "unknown"
    page = client.get(f"/systems/{sid}/obligations?lang=en")
    assert (
        page.status_code == 200 and "18(1)(3)" in page.text and 'enctype="multipart/form-data"' in page.text
    )
    # the evidence an obligation asks for is named in the reader's language, never as a raw key
    assert "Risk management" in page.text and "document:risk_management" not in page.text
    ru = client.get(f"/systems/{sid}/obligations?lang=ru").text
    assert "Управление рисками" in ru and "document:" not in ru
    r = client.post(
        f"/systems/{sid}/evidence/file",
        data={"csrf_token": token, "title": "Risk policy", "kind": "file", "rules": ["KZ-AI-18-1-3"]},
        files={"file": ("policy.pdf", b"%PDF-1.4 risk policy", "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:2000]
    assert _obligations(web_app, sid)["KZ-AI-18-1-3"] == "met"
    page = client.get(f"/systems/{sid}/obligations?lang=en")
    assert "Risk policy" in page.text and "policy.pdf" in page.text
    ev_id = re.search(r"/evidence/([0-9a-f]{32})/download", page.text)
    assert ev_id is not None
    download = client.get(f"/systems/{sid}/evidence/{ev_id.group(1)}/download")
    assert download.content == b"%PDF-1.4 risk policy"
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith("attachment")


def test_upload_over_the_limit_is_refused_with_a_message(web_app: WebWorld, client: TestClient) -> None:
    web_app.app.state.max_upload_bytes = 1000
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    r = client.post(
        f"/systems/{sid}/evidence/file?lang=en",
        data={"csrf_token": token, "title": "Too big"},
        files={"file": ("big.bin", b"x" * 1500, "application/octet-stream")},
    )
    assert r.status_code == 413
    assert "The file is too large: the limit is 1000 B." in r.text
    r = client.post(
        f"/systems/{sid}/evidence/file?lang=en",
        data={"csrf_token": token, "title": "No file"},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert r.status_code == 422 and "Choose a file to upload." in r.text
    with db.session_scope(web_app.url, read_only=True) as s:
        titles = [
            e.title for e in services.list_evidence(s, web_app.users["engineer"].principal, system_id=sid)
        ]
    assert "Too big" not in titles and "No file" not in titles


def test_attestation_is_signed_by_the_user(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "compliance_officer", world=web_app)
    sid = web_app.system_id
    r = client.post(
        f"/systems/{sid}/evidence/attestation",
        data={
            "csrf_token": token,
            "title": "Misuse review",
            "statement": "Reviewed on 2026-11-20.",
            "rules": ["KZ-AI-18-1-3"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    with db.session_scope(web_app.url, read_only=True) as s:
        evidence = services.list_evidence(s, web_app.users["engineer"].principal, system_id=sid)
    signed = [e for e in evidence if e.title == "Misuse review"]
    assert signed and signed[0].attested_by == web_app.users["compliance_officer"].id
    assert _obligations(web_app, sid)["KZ-AI-18-1-3"] == "met"
    r = client.post(f"/systems/{sid}/evidence/attestation?lang=en", data={"csrf_token": token, "title": "x"})
    assert r.status_code == 422 and "Give the attestation a title and a statement." in r.text


def test_machine_results_show_their_json_summary(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    result = {"scanner": "senim-privacy", "findings": {"kz_iin": 12, "phone": 3}}
    r = client.post(
        f"/systems/{sid}/evidence/file",
        data={"csrf_token": token, "title": "PD scan", "kind": "machine_result"},
        files={"file": ("scan.json", json.dumps(result).encode(), "application/json")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get(f"/systems/{sid}/results?lang=en")
    assert page.status_code == 200
    assert "PD scan" in page.text and "findings.kz_iin" in page.text and ">12<" in page.text


# --------------------------------------------------------------------------- risks and incidents


def test_risk_register_add_and_update(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    r = client.post(
        f"/systems/{sid}/risks",
        data={
            "csrf_token": token,
            "title": "Biased refusals",
            "likelihood": "3",
            "impact": "4",
            "review_date": "2020-01-01",
            "misuse_scenario": "Proxy discrimination",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get(f"/systems/{sid}/risks?lang=en")
    assert "Biased refusals" in page.text and "review overdue" in page.text and ">12<" in page.text
    assert _obligations(web_app, sid)["KZ-AI-18-1-4"] == "unmet"  # the overdue review counts
    with db.session_scope(web_app.url, read_only=True) as s:
        risk = services.list_risks(s, web_app.users["engineer"].principal, system_id=sid)[0]
    r = client.post(
        f"/systems/{sid}/risks/{risk.id}",
        data={
            "csrf_token": token,
            "version": str(risk.version),
            "likelihood": "2",
            "impact": "4",
            "status": "mitigated",
            "review_date": "2099-01-01",
            "measures": "Fairness audit",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = client.post(
        f"/systems/{sid}/risks/{risk.id}?lang=en",
        data={
            "csrf_token": token,
            "version": str(risk.version),
            "likelihood": "9",
            "impact": "4",
            "status": "open",
            "review_date": "2099-01-01",
        },
    )
    assert r.status_code == 422 and "scores from 1 to 5" in r.text
    r = client.post(
        f"/systems/{sid}/risks/{risk.id}?lang=en",
        data={
            "csrf_token": token,
            "version": str(risk.version),
            "likelihood": "1",
            "impact": "1",
            "status": "open",
            "review_date": "2099-01-01",
        },
    )
    assert r.status_code == 409  # an old version


@pytest.mark.usefixtures("before_the_omnibus")
def test_incident_shows_its_deadline_and_refreshes(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    r = client.post(
        f"/systems/{sid}/incidents",
        data={
            "csrf_token": token,
            "title": "Scores leaked",
            "harm_types": ["personal_data_breach", "rights"],
            "aware_at": "2026-09-07T09:30",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:2000]
    page = client.get(f"/systems/{sid}/incidents?lang=en")
    text = _text(page.text)
    assert "Scores leaked" in text
    assert "notify the authorised body of the personal-data breach" in text
    assert "overdue by" in text  # September 2026 is long past
    assert "73(2)" in text  # the EU clock: output used in the EU
    clocks = client.get(f"/systems/{sid}/incidents/clocks?lang=ru")
    assert clocks.status_code == 200
    assert 'hx-trigger="every 60s"' in clocks.text and "просрочено на" in clocks.text
    assert "<html" not in clocks.text  # a fragment
    with db.session_scope(web_app.url, read_only=True) as s:
        incident = services.list_incidents(s, web_app.users["engineer"].principal, system_id=sid)[0]
    assert incident.aware_at.isoformat() == "2026-09-07T04:30:00+00:00"  # entered in Kazakhstan time
    r = client.post(
        f"/systems/{sid}/incidents/{incident.id}/actions",
        data={"csrf_token": token, "kind": "notification", "description": "Reported", "notified": "the MDAI"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "the MDAI" in client.get(f"/systems/{sid}/incidents").text
    r = client.post(
        f"/systems/{sid}/incidents?lang=en",
        data={"csrf_token": token, "title": "No harm given", "aware_at": "2026-01-05T09:30"},
    )
    assert r.status_code == 422 and "Choose at least one kind of harm." in r.text


@pytest.mark.usefixtures("before_the_omnibus")
def test_incident_deadline_in_the_future_counts_down(web_app: WebWorld, client: TestClient) -> None:
    import datetime as dt

    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    aware = (dt.datetime.now(services.KZ_TIME) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(
        f"/systems/{sid}/incidents",
        data={"csrf_token": token, "title": "Outage", "harm_types": ["rights"], "aware_at": aware},
        follow_redirects=False,
    )
    assert r.status_code == 303
    text = _text(client.get(f"/systems/{sid}/incidents/clocks?lang=en").text)
    assert re.search(r"14 days \d+ hours left", text), text


# --------------------------------------------------------------------------- overview, ledger, report


def test_overview_settings_and_ledger(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "compliance_officer", world=web_app)
    sid = web_app.system_id
    page = client.get(f"/systems/{sid}?lang=en")
    assert page.status_code == 200
    assert "Compliance dossier" in page.text and f"/systems/{sid}/report?format=pdf&amp;lang=kk" in page.text
    r = client.post(
        f"/systems/{sid}/settings",
        data={
            "csrf_token": token,
            "version": str(_system(web_app, sid).version),
            "owner": "Tumar Bank",
            "lifecycle_stage": "deployed",
            "publication": "trusted_list",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    system = _system(web_app, sid)
    assert (system.owner, system.lifecycle_stage, system.publication) == (
        "Tumar Bank",
        "deployed",
        "trusted_list",
    )
    ledger = client.get(f"/systems/{sid}/ledger?lang=en")
    assert "The ledger is intact." in ledger.text
    assert re.search(r'<code class="hash">[0-9a-f]{64}</code>', ledger.text)


def test_engineer_may_not_verify_the_ledger_or_publish(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    assert "Your role may not verify the ledger." in client.get(f"/systems/{sid}/ledger?lang=en").text
    r = client.post(
        f"/systems/{sid}/settings?lang=en",
        data={"csrf_token": token, "version": str(_system(web_app, sid).version), "publication": "none"},
    )
    assert r.status_code == 403 and "Your role may not do this." in r.text
    assert _system(web_app, sid).publication == "public_register"


def test_report_download(web_app: WebWorld, client: TestClient) -> None:
    pytest.importorskip("senim.reports.dossier")
    login(client, "auditor", world=web_app)
    sid = web_app.system_id
    html = client.get(f"/systems/{sid}/report?format=html&lang=kk")
    assert html.status_code == 200, html.text[:2000]
    assert html.headers["content-disposition"].endswith("retail-credit-scoring-dossier-kk.html")
    pdf = client.get(f"/systems/{sid}/report?format=pdf&lang=ru")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/systems/{sid}/report?format=docx").status_code == 422


# --------------------------------------------------------------------------- roles, tenancy, escaping, CSRF


def test_auditor_reads_but_cannot_write(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "auditor", world=web_app)
    sid = web_app.system_id
    for path in (
        "",
        "/obligations",
        "/risks",
        "/incidents",
        "/results",
        "/history",
        "/ledger",
        "/wizard/risk",
    ):
        r = client.get(f"/systems/{sid}{path}?lang=en")
        assert r.status_code == 200, path
        assert (
            "Upload a file" not in r.text
            and "Add a risk" not in r.text
            and "Record an incident" not in r.text
        )
    assert client.get("/systems/new").status_code == 403
    r = client.post(
        f"/systems/{sid}/risks?lang=en",
        data={
            "csrf_token": token,
            "title": "x",
            "likelihood": "1",
            "impact": "1",
            "review_date": "2030-01-01",
        },
    )
    assert r.status_code == 403
    r = client.post(f"/systems/{sid}/wizard/risk", data={"csrf_token": token, "failure_impact": "minimal"})
    assert r.status_code == 403
    assert _profile(web_app, sid)["failure_impact"] == "reduced_efficiency_or_harm"


def test_other_organisation_sees_nothing(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "other_admin", world=web_app)
    sid = web_app.system_id
    assert web_app.system_id not in client.get("/systems").text
    for path in ("", "/wizard/risk", "/obligations", "/history", "/ledger", "/incidents/clocks"):
        assert client.get(f"/systems/{sid}{path}").status_code == 404, path
    r = client.post(f"/systems/{sid}/wizard/risk", data={"csrf_token": token, "failure_impact": "minimal"})
    assert r.status_code == 404
    r = client.post(
        f"/systems/{sid}/evidence/attestation", data={"csrf_token": token, "title": "t", "statement": "s"}
    )
    assert r.status_code == 404


def test_signed_out_user_is_sent_to_login(client: TestClient, web_app: WebWorld) -> None:
    r = client.get(f"/systems/{web_app.system_id}/wizard/risk", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert client.get("/systems/assets/systems.css").headers["content-type"].startswith("text/css")


def test_user_text_is_escaped(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    evil = '<script>alert("x")</script>'
    client.post(f"/systems/{sid}/wizard/system", data={"csrf_token": token, "name": evil})
    client.post(
        f"/systems/{sid}/risks",
        data={
            "csrf_token": token,
            "title": evil,
            "likelihood": "1",
            "impact": "1",
            "review_date": "2030-01-01",
        },
    )
    for path in ("", "/risks", "/history"):
        page = client.get(f"/systems/{sid}{path}").text
        assert evil not in page and "&lt;script&gt;" in page, path


POSTS: list[tuple[str, dict[str, Any]]] = [
    ("/systems/new", {"id": "csrf-test"}),
    ("/systems/new/preview", {"failure_impact": "minimal"}),
    ("/systems/{sid}/wizard/risk", {"failure_impact": "minimal"}),
    ("/systems/{sid}/wizard/risk/preview", {"failure_impact": "minimal"}),
    ("/systems/{sid}/settings", {"owner": "Mallory"}),
    ("/systems/{sid}/evidence/attestation", {"title": "t", "statement": "s"}),
    ("/systems/{sid}/evidence/file", {"title": "t"}),
    ("/systems/{sid}/risks", {"title": "t", "likelihood": "1", "impact": "1", "review_date": "2030-01-01"}),
    (
        "/systems/{sid}/risks/{rid}",
        {"likelihood": "1", "impact": "1", "status": "open", "review_date": "2030-01-01"},
    ),
    ("/systems/{sid}/incidents", {"title": "t", "harm_types": "rights", "aware_at": "2026-01-01T10:00"}),
    ("/systems/{sid}/incidents/{iid}/actions", {"kind": "measure", "description": "d"}),
]


def test_every_form_needs_the_csrf_token(web_app: WebWorld, client: TestClient) -> None:
    token = login(client, "admin", world=web_app)
    sid = web_app.system_id
    principal = web_app.users["admin"].principal
    with db.session_scope(web_app.url) as s:
        risk = services.add_risk(
            s,
            principal,
            system_id=sid,
            title="r",
            likelihood=1,
            impact=1,
            review_date=__import__("datetime").date(2030, 1, 1),
        )
        incident = services.add_incident(
            s,
            principal,
            system_id=sid,
            title="i",
            harm_types=["rights"],
            aware_at=__import__("datetime").datetime.now(services.KZ_TIME),
        )
        rid, iid = risk.id, incident.id
    version_before = _system(web_app, sid).profile_version
    for path, data in POSTS:
        url = path.format(sid=sid, rid=rid, iid=iid)
        files = {"file": ("a.txt", b"abc", "text/plain")} if url.endswith("/evidence/file") else None
        for sent in ({}, {"csrf_token": "forged" + token[:5]}):
            r = client.post(url, data={**data, **sent}, files=files, follow_redirects=False)
            assert r.status_code == 403, (url, sent, r.status_code)
    assert _system(web_app, sid).profile_version == version_before
    assert _system(web_app, sid).owner != "Mallory"
    with db.session_scope(web_app.url, read_only=True) as s:
        assert len(services.list_risks(s, principal, system_id=sid)) == 1
        assert len(services.list_incidents(s, principal, system_id=sid)) == 1
        assert services.list_evidence(s, principal, system_id=sid) == []
        assert services.list_systems(s, principal, q="csrf-test")[1] == 0
    # and the header works for htmx
    r = client.post(
        f"/systems/{sid}/wizard/risk/preview",
        data={"failure_impact": "minimal"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert r.status_code == 200
