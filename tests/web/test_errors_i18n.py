"""Registry errors shown on web pages follow the reader's language (the API keeps its English).

The registry raises its errors with an English template and named values
(``services.RegistryError.template`` / ``.values``); the web translates the template through the
catalogs and fills it in afterwards (``senim.web.deps.registry_message``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from senim.i18n import gettext
from senim.registry import db, services
from senim.web.deps import registry_message
from tests.web.conftest import WebWorld, login

EXISTING = "retail-credit-scoring"  # the seeded system's slug (examples/profiles/credit-scoring.yaml)
ENGLISH = ["already registered", "not found", "changed since", "may not", "reload", "organisation"]


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


def _shows(r: Any, status: int, expected: str, lang: str) -> None:
    """The page answers ``status`` and shows the translated message, with no English left."""
    assert r.status_code == status
    text = _text(r.text)
    assert expected in text
    if lang != "en":
        _no_english(text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", f"system '{EXISTING}' is already registered in this organisation"),
        ("kk", f"'{EXISTING}' жүйесі бұл ұйымда бұрыннан тіркелген"),
        ("ru", f"система '{EXISTING}' уже зарегистрирована в этой организации"),
    ],
)
def test_conflict_on_the_new_system_form(
    web_app: WebWorld, client: TestClient, lang: str, expected: str
) -> None:
    token = login(client, "engineer", world=web_app)
    r = client.post(f"/systems/new?lang={lang}", data={"csrf_token": token, "id": EXISTING})
    _shows(r, 409, expected, lang)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "system no-such-system not found"),
        ("kk", "no-such-system жүйесі табылмады"),
        ("ru", "система no-such-system не найдена"),
    ],
)
def test_missing_system_page(web_app: WebWorld, client: TestClient, lang: str, expected: str) -> None:
    login(client, "engineer", world=web_app)
    r = client.get(f"/systems/no-such-system?lang={lang}")
    _shows(r, 404, expected, lang)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "risk changed since version 1 (now 2): reload"),
        ("kk", "тәуекел: 1 нұсқасынан кейін өзгертілді (қазіргі нұсқа: 2); бетті қайта жүктеңіз"),
        ("ru", "риск: изменения внесены после версии 1 (текущая версия: 2); перезагрузите страницу"),
    ],
)
def test_stale_risk_update(web_app: WebWorld, client: TestClient, lang: str, expected: str) -> None:
    token = login(client, "engineer", world=web_app)
    sid = web_app.system_id
    principal = web_app.users["engineer"].principal
    with db.session_scope(web_app.url) as s:
        risk = services.add_risk(
            s, principal, system_id=sid, title="r", likelihood=1, impact=1, review_date=dt.date(2030, 1, 1)
        )
        rid, version = risk.id, risk.version
    with db.session_scope(web_app.url) as s:
        services.update_risk(s, principal, risk_id=rid, expected_version=version, impact=2)
    r = client.post(
        f"/systems/{sid}/risks/{rid}?lang={lang}",
        data={
            "csrf_token": token,
            "version": str(version),
            "likelihood": "1",
            "impact": "1",
            "status": "open",
            "review_date": "2099-01-01",
        },
    )
    _shows(r, 409, expected, lang)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "role 'auditor' may not record risks"),
        ("kk", "'auditor' рөліне рұқсат етілмеген әрекет: тәуекелдерді тізілімге енгізу"),
        ("ru", "роли 'auditor' не разрешено действие: вносить риски в реестр"),
    ],
)
def test_refused_action_names_the_action(lang: str, expected: str) -> None:
    exc = services.PermissionDeniedError("role {role!r} may not {what}", role="auditor", what="record risks")
    assert str(exc) == "role 'auditor' may not record risks"  # what the API and the CLI show
    assert registry_message(exc, lang) == expected


def test_a_message_without_a_template_passes_through() -> None:
    exc = services.NotFoundError("evidence not found")
    assert registry_message(exc, "en") == "evidence not found"
    assert registry_message(exc, "kk") == "дәлел табылмады"
    assert registry_message(exc, "ru") == "доказательство не найдено"
    unknown = services.ValidationFailedError("something else went wrong")
    assert registry_message(unknown, "ru") == "something else went wrong"


SERVICES = Path(services.__file__)
RAISE = re.compile(
    r'raise (?:NotFoundError|PermissionDeniedError|ConflictError|ValidationFailedError)\(\s*"([^"]+)"'
)
REQUIRE = re.compile(r'_require\([^)]*?"([^"]+)"\)', re.S)


def _fields(text: str) -> list[tuple[str, str | None]]:
    return sorted((name, conv) for _, name, _, conv in string.Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_registry_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    source = SERVICES.read_text(encoding="utf-8")
    messages = set(RAISE.findall(source)) | set(REQUIRE.findall(source)) | {"system", "risk"}
    assert len(messages) > 40
    for message in sorted(messages):
        translated = gettext(message, lang)
        assert translated != message, message
        assert _fields(translated) == _fields(message), message
