"""The web application as a user sees it: Chromium against ``senim serve`` over the demo data."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from senim.i18n import translator
from senim.web.questionnaire import questionnaire
from tests.e2e.conftest import Server, sign_in, switch_language, tool

CREDIT = "retail-credit-scoring"
CREDIT_NAME = "Retail credit scoring (TumarScore v3)"


def _text(page: Any, selector: str) -> str:
    return " ".join(page.inner_text(selector).split())


def _kz_risk(page: Any) -> str:
    """The KZ risk level shown in the classification panel."""
    return _text(page, "#classification .class-box:first-child dd.level >> nth=0")


# --------------------------------------------------------------------------- sign-in and dashboard


def test_sign_in_dashboard_and_languages(page: Any, server: Server, shot: Any) -> None:
    page.goto("/")
    assert "/login" in page.url  # not signed in: the dashboard needs a sign-in

    # A wrong password is refused with a message announced to screen readers.
    page.fill("#email", server.email("compliance_officer"))
    page.fill("#password", "not the password at all")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("#login-error[role=alert]").is_visible()
    assert "/login" in page.url

    sign_in(page, server, "compliance_officer")
    assert page.url.rstrip("/") == server.base
    en = translator("en")
    assert _text(page, "h1").startswith(en("Dashboard"))
    assert "Demo Group JSC (fictional)" in _text(page, "h1")
    # The demo's open incident: its reporting deadline is running and shown with the time left.
    deadlines = _text(page, "#deadlines-heading + *")
    assert "Customer records exposed through a misconfigured export" in deadlines
    assert re.search(r"\bleft\b", _text(page, "main")), "no remaining time shown for open incidents"
    shot(page, "dashboard-en")

    for lang in ("kk", "ru"):
        _ = translator(lang)
        switch_language(page, lang)
        heading = _text(page, "h1")
        assert heading.startswith(_("Dashboard")) and _("Dashboard") != en("Dashboard")
        nav = _text(page, ".main-nav")
        for label in ("Dashboard", "AI systems", "Public register"):
            assert _(label) in nav and _(label) != en(label), (lang, label, nav)
        assert _("Sign out") in _text(page, ".user-box")
        # Localised numbers and dates: the "as of" line uses the language's month names.
        assert page.title().startswith(_("Dashboard"))
        shot(page, f"dashboard-{lang}")

    # The language is remembered (cookie) on the next page, and system pages are translated too.
    page.goto(f"/systems/{server.system(CREDIT)}/incidents")
    assert page.get_attribute("html", "lang") == "ru"
    ru = translator("ru")
    assert _text(page, "main h2 >> nth=0") == ru("Incidents")
    assert ru("Reporting deadlines") in _text(page, "main")
    shot(page, "incidents-ru")


def test_sign_out_then_pages_need_sign_in(page: Any, server: Server) -> None:
    sign_in(page, server, "engineer")
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["senim_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    with page.expect_navigation():
        page.click(".user-box button[type=submit]")  # "Sign out"
    assert "/login" in page.url
    assert "senim_session" not in {c["name"] for c in page.context.cookies()}
    for path in ("/", "/systems", f"/systems/{server.system(CREDIT)}/obligations", "/account"):
        page.goto(path)
        assert "/login" in page.url, path
        assert page.locator("#password").is_visible()
    # The old session token is dead on the server too, not only deleted in the browser.
    page.context.add_cookies([{"name": "senim_session", "value": session["value"], "url": server.base}])
    page.goto("/")
    assert "/login" in page.url


# --------------------------------------------------------------------------- the questionnaire wizard


def test_wizard_registers_a_system_and_classification_follows_answers(
    page: Any, server: Server, shot: Any
) -> None:
    sign_in(page, server, "engineer", next_path="/systems/new")
    assert page.url.endswith("/systems/new")
    page.fill("#q-id", "e2e-homework-helper")
    page.fill("#q-name", "E2E homework helper")
    page.fill("#q-description", "Explains school exercises to pupils (end-to-end test).")
    open_before = _text(page, "#classification .open-questions h3")
    # htmx: a change posts the answers and swaps the classification panel in place.
    page.evaluate("window.__senimMarker = 1")
    page.select_option("#q-organization-size", "small")
    page.wait_for_function(
        "before => document.querySelector('#classification .open-questions h3').innerText !== before",
        arg=open_before,
    )
    assert page.evaluate("window.__senimMarker") == 1  # the same document: swapped, not reloaded
    with page.expect_navigation():
        page.click("form.wizard-form button[type=submit]")
    match = re.search(r"/systems/([^/]+)/wizard/scope", page.url)
    assert match, page.url
    system_id = match.group(1)

    # Scope: the system is used in Kazakhstan (the KZ law applies); save and go on to "risk".
    page.check("input[name='jurisdiction.kz'][value=yes]")
    with page.expect_navigation():
        page.click("button[name=next][value='1']")
    assert page.url.endswith(f"/systems/{system_id}/wizard/risk?saved=1")
    assert page.locator(".alert-success[role=status]").is_visible()
    en = translator("en")
    assert _kz_risk(page) == en("Not determined")

    # Changing an answer re-classifies at once (nothing stored yet)…
    page.select_option("#q-failure-impact", "emergency_or_significant_harm")
    page.wait_for_function(
        "want => document.querySelector('#classification dd.level').innerText.trim() === want",
        arg=en("High"),
    )
    page.select_option("#q-failure-impact", "minimal")
    page.wait_for_function(
        "want => document.querySelector('#classification dd.level').innerText.trim() === want",
        arg=en("Minimal"),
    )
    page.select_option("#q-decision-mode", "human_decides")
    page.wait_for_timeout(300)  # let the last swap settle before the screenshot
    shot(page, "wizard-en")
    page.reload()
    assert _kz_risk(page) == en("Not determined")  # previews are not saved
    # …and saving stores a new profile version and a new assessment.
    page.select_option("#q-failure-impact", "emergency_or_significant_harm")
    with page.expect_navigation():
        page.click("button[name=next][value='0']")
    assert page.url.endswith("/wizard/risk?saved=1")
    assert _kz_risk(page) == en("High")
    history = page.goto(f"/systems/{system_id}/history")
    assert history is not None and history.ok
    label = next(q.label for t in questionnaire() for q in t.questions if q.path == "failure_impact")
    assert en(label) in _text(page, "main")  # the diff between the stored versions names the answer

    # A prohibited practice is flagged prominently as soon as it is answered.
    page.goto(f"/systems/{system_id}/wizard/prohibited")
    assert page.locator("#classification .prohibited").count() == 0
    page.check("input[name='capabilities.emotion_recognition'][value=yes]")
    page.check("input[name='capabilities.emotion_recognition_consent'][value=no]")
    page.check("input[name='capabilities.emotion_recognition_legal_basis'][value=no]")
    page.select_option("#q-capabilities-emotion-recognition-setting", "workplace")
    warning = page.locator("#classification .prohibited[role=alert]")
    warning.wait_for()
    assert re.search(r"5\(1\)\(f\)|17\(3\)", _text(page, "#classification .prohibited"))

    # The wizard in Russian (the language switch keeps the page).
    page.goto(f"/systems/{system_id}/wizard/risk")
    switch_language(page, "ru")
    ru = translator("ru")
    assert _text(page, "#classification-h") == ru("Classification")
    assert _kz_risk(page) == ru("High")
    shot(page, "wizard-ru")


# --------------------------------------------------------------------------- evidence


def test_evidence_upload_and_attestation(page: Any, server: Server, shot: Any, tmp_path: Path) -> None:
    system_id = server.system(CREDIT)
    sign_in(page, server, "compliance_officer", next_path=f"/systems/{system_id}/obligations")
    content = b"Fairness audit 2026-Q1: approval-rate ratio 0.93 (end-to-end test).\n"
    page.set_input_files(
        "#up-file", files=[{"name": "e2e-fairness-audit.txt", "mimeType": "text/plain", "buffer": content}]
    )
    page.fill("#up-title", "E2E fairness audit")
    first_rule = page.locator("#up-rules option").first.get_attribute("value")
    page.select_option("#up-rules", [first_rule])
    with page.expect_navigation():
        page.click("form[action$='/evidence/file'] button[type=submit]")
    assert page.url.endswith("/obligations#evidence")
    row = page.locator("#evidence tr", has_text="E2E fairness audit")
    assert row.count() == 1
    assert first_rule in _text(page, "#evidence")
    link = row.locator("a", has_text="e2e-fairness-audit.txt")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.body() == content
    assert response.headers["content-type"] == "application/octet-stream"  # never rendered

    page.fill("#att-title", "E2E oversight attestation")
    page.fill("#att-statement", "A named reviewer signs off every refusal (end-to-end test).")
    with page.expect_navigation():
        page.click("form[action$='/evidence/attestation'] button[type=submit]")
    att = page.locator("#evidence tr", has_text="E2E oversight attestation")
    assert att.count() == 1
    assert translator("en")("Attestation") in _text(page, "#evidence")

    switch_language(page, "kk")
    kk = translator("kk")
    assert _text(page, "main h2 >> nth=0") == kk("Obligations and evidence")
    shot(page, "obligations-kk")

    # The attached scanner result is listed on the results page.
    page.goto(f"/systems/{system_id}/results")
    assert "finding_count" in page.content()


# --------------------------------------------------------------------------- incidents


def test_record_incident_and_see_its_deadline(page: Any, server: Server) -> None:
    system_id = server.system(CREDIT)
    sign_in(page, server, "compliance_officer", next_path=f"/systems/{system_id}/incidents")
    title = "E2E leaked scoring export"
    page.fill("#ni-title", title)
    page.check("input[name=harm_types][value=personal_data_breach]")
    assert page.input_value("#ni-aware")  # pre-filled with the current time (UTC+5)
    with page.expect_navigation():
        page.click("form[action$='/incidents'] button[type=submit]")
    en = translator("en")
    article = page.locator("article.incident", has_text=title)
    assert article.count() == 1
    clocks = " ".join(article.locator("ul.clocks").inner_text().split())
    # The KZ personal-data law's one working day runs: time left, the article and the deadline.
    assert re.search(r"\bleft\b", clocks), clocks
    assert "25" in clocks and en("deadline") in clocks
    panel = _text(page, "#incident-clocks")
    assert title in panel
    assert page.get_attribute("#incident-clocks", "hx-trigger") == "every 60s"
    # The fragment htmx refreshes every minute is computed on the server, now.
    fragment = page.request.get(
        f"/systems/{system_id}/incidents/clocks", headers={"HX-Request": "true", "Accept-Language": "en"}
    )
    assert fragment.ok and title in fragment.text() and "left" in fragment.text()
    # The dashboard lists it among the open incidents with their remaining time.
    page.goto("/")
    assert title in _text(page, "main")


# --------------------------------------------------------------------------- reports


def _pdf_text(path: Path) -> str:
    out = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(out.stdout.decode("utf-8").split())


def test_pdf_report_contains_name_and_articles(page: Any, server: Server, shot: Any, tmp_path: Path) -> None:
    system_id = server.system(CREDIT)
    sign_in(page, server, "auditor", next_path=f"/systems/{system_id}/obligations")
    # The article numbers the obligations page shows (first column after the law).
    articles = [
        a.strip() for a in page.locator("table.obligations tbody tr td:nth-child(2)").all_inner_texts()
    ]
    assert articles, "no obligations listed"
    page.goto(f"/systems/{system_id}")
    for lang in ("en", "kk"):
        with page.expect_download() as info:
            page.click(f"li[lang={lang}] a:text-is('PDF')")
        download = info.value
        assert download.suggested_filename.endswith(f"-{lang}.pdf")
        pdf = tmp_path / f"report-{lang}.pdf"
        download.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF-")
        text = _pdf_text(pdf)
        assert CREDIT_NAME in text, text[:1000]
        missing = [a for a in dict.fromkeys(articles) if a not in text]
        assert not missing, f"articles missing from the {lang} PDF: {missing}"
        if lang == "kk":
            assert set("әғқңөұүі") <= set(text), "Kazakh letters missing from the kk PDF"

    # The HTML dossier, shown in the browser for the documentation's screenshots.
    for lang in ("en", "kk"):
        response = page.request.get(f"/systems/{system_id}/report?format=html&lang={lang}")
        assert response.ok and "attachment" in response.headers["content-disposition"]
        html = response.text()
        assert CREDIT_NAME in html
        page.goto("about:blank")  # not over an app page: its CSP would block the dossier's own CSS
        page.set_content(html)
        shot(page, f"report-{lang}")


# --------------------------------------------------------------------------- public register


def test_public_register_shows_only_the_five_public_fields(page: Any, server: Server, shot: Any) -> None:
    page.goto("/public?lang=ru")
    assert "/login" not in page.url  # no sign-in needed
    with page.expect_navigation():
        page.click("main a[href^='/public/']")
    ru = translator("ru")
    headers = [" ".join(h.split()) for h in page.locator("table.register thead th").all_inner_texts()]
    assert headers == [ru(h) for h in ("AI system", "Owner", "Risk level", "Purpose", "Contact")]
    rows = page.locator("table.register tbody tr")
    published = {"Retail credit scoring (TumarScore v3)", "Kokterek e-services assistant", "ShipaCXR"}
    assert rows.count() == 3
    for i in range(rows.count()):
        assert rows.nth(i).locator("th, td").count() == 5
    body = _text(page, "main")
    for name in published:
        assert name in body
    # Nothing else of the registry: unpublished systems, risks, incidents, evidence, users, slugs.
    for secret in (
        "Operator emotion analytics",
        "Candidate screening assistant",
        "Indirect discrimination",
        "Customer records exposed",
        "Model card",
        "officer@demo.example",
        CREDIT,
        "unmet",
    ):
        assert secret not in page.content(), secret
    assert page.locator("form[action='/logout']").count() == 0
    shot(page, "public-register-ru")
