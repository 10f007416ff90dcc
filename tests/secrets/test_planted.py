"""Planted secrets and personal values driven through every path where a leak could happen.

Each test sends values of :mod:`tests.secrets.planted` where they could end up in a log or an error
message: sign-in (failed and successful), bad API tokens and session cookies, database integrity
errors that carry an e-mail address (SQLite and PostgreSQL, API and web), scans of malformed rows
(skip and fail modes), redaction with a pseudonymisation key, audit errors, web error pages, machine
results uploaded through the API, labelling and verification errors.

Two nets catch a leak: each test checks the log records of its own run (``caplog`` at DEBUG) and the
error output it got, and the log guard (``tests/_logguard.py``) reads the logs of the whole session at
its end (including the INFO log file and server logs) for the same values.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, Type
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import event
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from senim.cli.app import app as cli_app
from senim.registry import accounts, services
from senim.registry.db import session_scope
from senim.registry.models import User
from tests.api.conftest import Api
from tests.secrets import planted
from tests.secrets.planted import (
    API_TOKEN,
    CARD,
    EMAIL,
    IIN,
    PASSWORD,
    PHONE,
    PSEUDONYM_KEY,
    SESSION_COOKIE,
)
from tests.web.conftest import WebWorld, csrf_token, login

runner = CliRunner()
STRUCTURED = "KZ_IIN,PHONE_NUMBER,CREDIT_CARD,EMAIL_ADDRESS"  # no NER: the planted values are structured
ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "examples" / "audit"


def leaks(text: str) -> list[str]:
    """The kinds of planted values in ``text`` (never the values)."""
    low = text.lower()
    return sorted({p.kind for p in planted.all_planted() for f in p.forms if f.lower() in low})


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every record of the test, with tracebacks; at the end none may hold a planted value."""
    caplog.set_level(logging.DEBUG)
    yield caplog
    text = "\n".join(
        caplog.handler.format(r) for r in caplog.get_records("setup") + caplog.get_records("call")
    )
    assert leaks(text) == [], "planted values in the log records of this test"


def cli(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    res = runner.invoke(cli_app, list(args), input=stdin, env={"SENIM_DATABASE_URL": ""})
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def cheap_passwords() -> Iterator[None]:
    previous = accounts.use_hasher(
        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
    )
    yield
    accounts.use_hasher(previous)


@contextmanager
def conflicting_user_on_next_flush(email: str, org_id: str) -> Iterator[None]:
    """A concurrent writer's row, as the database sees it: the next flush of any session also inserts a
    user with ``email`` twice, so the database (not Senim's own check) raises an integrity error whose
    driver message quotes the e-mail address (PostgreSQL's ``DETAIL: Key (org_id, email)=...``)."""
    fired: list[bool] = []

    def before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
        if fired:
            return
        fired.append(True)
        for n in (1, 2):
            session.add(User(org_id=org_id, email=email, name=f"Conflict {n}", role="engineer"))

    event.listen(Session, "before_flush", before_flush)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", before_flush)
    assert fired, "no flush happened: the conflict was never provoked"


# --------------------------------------------------------------------------- web sign-in and cookies


def test_sign_in_failures_and_success_log_no_password_e_mail_or_cookie(
    web_app: WebWorld, client: TestClient
) -> None:
    with session_scope(web_app.url) as s:
        user = services.create_user(
            s, services.OPERATOR, org_id=web_app.org_id, email=EMAIL.value, name="Planted", role="engineer"
        )
        accounts.set_password(s, services.OPERATOR, user_id=user.id, password=PASSWORD.value)
    # unknown address, known address with a wrong password, too long a password
    for email, password in (
        ("nobody." + EMAIL.value, PASSWORD.value),
        (EMAIL.value, PASSWORD.value + "-wrong"),
        (EMAIL.value, PASSWORD.value * 40),
    ):
        form = {"email": email, "password": password, "csrf_token": csrf_token(client)}
        r = client.post("/login", data=form)
        assert r.status_code in (400, 401, 403, 422, 429), r.status_code
        assert leaks(r.text) in ([], ["e-mail address"])  # the form may keep the typed address
        assert PASSWORD.value not in r.text
    token = login(client, EMAIL.value, PASSWORD.value)
    cookie = client.cookies.get("senim_session")
    assert cookie
    planted.plant("session cookie (issued)", cookie)
    planted.plant("CSRF token (issued)", token)
    # a wrong current password, then a password change to and from the planted one
    r = client.post(
        "/account/password",
        data={"csrf_token": token, "current": "wrong " + PASSWORD.value, "new": PASSWORD.value + "2",
              "confirm": PASSWORD.value + "2"},
    )
    assert r.status_code in (200, 400, 403, 422), r.status_code
    assert PASSWORD.value not in r.text
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code in (302, 303)


def test_a_forged_session_cookie_and_csrf_token_are_refused_without_a_trace(client: TestClient) -> None:
    client.cookies.set("senim_session", SESSION_COOKIE.value)
    r = client.get("/systems", follow_redirects=False)
    assert r.status_code in (302, 303) and "/login" in r.headers["location"]
    r = client.post("/logout", data={"csrf_token": API_TOKEN.value}, follow_redirects=False)
    assert r.status_code == 403 and leaks(r.text) == []


def test_web_error_pages_log_nothing_planted(
    web_app: WebWorld, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """404s for paths full of personal values: the server logs none of them. (The test client's own
    request log, httpx at INFO, would: it is not Senim's and is silenced here. The pages link back to
    the requested URL for the language switch, escaped: the reader's own URL, not a leak.)"""
    monkeypatch.setattr(logging.getLogger("httpx"), "disabled", True)
    login(client, "engineer")
    paths = [
        f"/no/such/{IIN.value}?email={EMAIL.value}",
        f"/systems/{CARD.value.replace(' ', '')}",
        f"/systems/{web_app.system_id}/evidence/{PHONE.value.replace(' ', '')}/download",
        f"/public/{EMAIL.value}",
        f"/systems/{web_app.system_id}/risks/{IIN.value}",
    ]
    for path in paths:
        r = client.get(path)
        assert r.status_code in (404, 405), (path, r.status_code)
        assert "Traceback" not in r.text


# --------------------------------------------------------------------------- API


def test_bad_api_tokens_and_cookies_are_refused_and_never_logged(api: Api) -> None:
    for headers in (
        {"Authorization": f"Bearer {API_TOKEN.value}"},
        {"Authorization": f"Bearer {API_TOKEN.value[4:]}"},
        {"Authorization": API_TOKEN.value},
        {"Cookie": f"senim_session={SESSION_COOKIE.value}"},
    ):
        r = api.client.get("/api/v1/systems", headers=headers)
        assert r.status_code == 401 and leaks(r.text) == [], r.text
    # a real token, revoked: refused too, and it never shows up in a log either
    planted.plant("API token (issued)", api.tokens["engineer"])
    assert api.delete("admin", f"/tokens/{api.token_ids['engineer']}").status_code in (200, 204)
    r = api.get("engineer", "/systems")
    assert r.status_code == 401 and leaks(r.text) == []


def test_integrity_error_with_an_e_mail_api(api: Api) -> None:
    body = {"email": EMAIL.value, "name": "Planted", "role": "engineer"}
    with conflicting_user_on_next_flush(EMAIL.value, api.org_a):
        r = api.post("admin", "/users", json=body)
    assert r.status_code == 409 and leaks(r.text) == [], r.text
    # Senim's own duplicate check answers the admin who typed the address (an expected echo), no log
    assert api.post("admin", "/users", json=body).status_code == 201
    assert api.post("admin", "/users", json=body).status_code == 409


def test_integrity_error_with_an_e_mail_web(api: Api, cheap_passwords: None) -> None:
    with session_scope(api.url) as s:
        accounts.set_password(s, services.OPERATOR, user_id=api.user_ids["engineer"], password=PASSWORD.value)
    system = api.new_system()
    browser = api.client
    token = login(browser, "engineer@example.kz", PASSWORD.value)
    with conflicting_user_on_next_flush(EMAIL.value, api.org_a):
        r = browser.post(
            f"/systems/{system['id']}/risks",
            data={"csrf_token": token, "title": "Drift", "likelihood": "2", "impact": "3",
                  "review_date": "2027-01-31"},
        )
    assert r.status_code in (409, 500) and leaks(r.text) == [], r.status_code


def _bad_scan_results() -> list[tuple[str, bytes]]:
    digits = CARD.value.replace(" ", "")
    return [
        ("not-json.json", f'{{"finding_count": 3, "entities": {{"KZ_IIN": "{IIN.value}"'.encode()),
        (
            "wrong-types.json",
            json.dumps(
                {
                    "finding_count": IIN.value,
                    "entities": {"KZ_IIN": IIN.value, PHONE.value: 2, "CREDIT_CARD": [digits]},
                    "records": PHONE.value,
                    "data_subjects": {"size_class": CARD.value, "distinct_validated_iins": IIN.value},
                    "skipped": [{"source": EMAIL.value, "error": f"bad row {IIN.value}"}],
                    "per_source": {f"/data/{IIN.value}.csv": PHONE.value},
                }
            ).encode(),
        ),
        ("list.json", json.dumps([IIN.value, {"finding_count": None, "entities": None}]).encode()),
    ]


def test_malformed_machine_results_uploaded_through_the_api(api: Api, cheap_passwords: None) -> None:
    system = api.new_system()
    for name, data in _bad_scan_results():
        r = api.post(
            "engineer",
            f"/systems/{system['id']}/evidence/files",
            data={"title": "Scan", "kind": "machine_result"},
            files={"file": (name, data, "application/json")},
        )
        assert r.status_code == 201, r.text
    with session_scope(api.url) as s:
        accounts.set_password(s, services.OPERATOR, user_id=api.user_ids["engineer"], password=PASSWORD.value)
    login(api.client, "engineer@example.kz", PASSWORD.value)
    # The results page shows the uploaded JSON's fields to the organisation that uploaded it (its own
    # evidence, downloadable anyway); the dossier, made to be handed on, shows counts only.
    r = api.client.get(f"/systems/{system['id']}/results")
    assert r.status_code == 200
    r = api.client.get(f"/systems/{system['id']}/report?format=html")
    assert r.status_code == 200 and leaks(r.text) == []


# --------------------------------------------------------------------------- scanner (CLI)


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    digits = CARD.value.replace(" ", "")
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text(
        json.dumps({"iin": IIN.value}) + "\n"
        + f'{{"card": "{digits}", "phone": "{PHONE.value}\n'  # unterminated string and object
        + f'{{"iin": {IIN.value}0000000000000000000000, "x": [}}\n'
        + json.dumps({"ok": "x"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    table = tmp_path / "rows.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "iin", "card", "phone"])
        w.writerow(["1", IIN.value, CARD.value, PHONE.value])
    with table.open("a", encoding="utf-8") as fh:
        fh.write(f'2,"{IIN.value},{digits}\n3,{PHONE.value}\x00,"{CARD.value}"x\n')
    text = tmp_path / "rows.txt"
    text.write_bytes(f"ИИН {IIN.value}\n".encode() + b"\xff\xfe\x00bad\xc3" + f" {digits}\n".encode())
    return {"jsonl": jsonl, "csv": table, "txt": text}


@pytest.mark.parametrize("kind", ["jsonl", "csv", "txt"])
@pytest.mark.parametrize("mode", ["fail", "skip"])
def test_scans_of_malformed_rows(bad_inputs: dict[str, Path], kind: str, mode: str) -> None:
    fmt = "table" if kind == "csv" else "json"  # both renderers, without doubling the runs
    code, out, err = cli("scan", str(bad_inputs[kind]), "-f", fmt, "--on-error", mode, "-e", STRUCTURED)
    assert code in (0, 2), (code, err[-2000:])
    assert leaks(err) == [], f"{kind}/{mode}: planted values in the error output"
    assert leaks(out) == [], f"{kind}/{mode}: raw values in the output without --show-values"


def test_redaction_with_a_pseudonymisation_key(bad_inputs: dict[str, Path], tmp_path: Path) -> None:
    key = tmp_path / "pseudonym.key"
    key.write_text(PSEUDONYM_KEY.value, encoding="utf-8")
    out = tmp_path / "redacted.csv"
    for mode in ("skip", "fail"):
        code, stdout, err = cli(
            "scan", str(bad_inputs["csv"]), "--redact", str(out), "--redact-mode", "pseudonym",
            "--pseudonymize-key-file", str(key), "--on-error", mode, "-f", "json", "-e", STRUCTURED,
        )  # fmt: skip
        assert code in (0, 2) and leaks(stdout + err) == [], (mode, code)
    if out.exists():
        assert leaks(out.read_text(encoding="utf-8", errors="replace")) == []
    # key errors: a key in a folder, an unreadable key, a short key (its bytes are the planted prefix)
    short = tmp_path / "short.key"
    short.write_text(PSEUDONYM_KEY.value[:12], encoding="utf-8")
    for bad in (tmp_path, tmp_path / "missing.key", short):
        code, stdout, err = cli(
            "scan", str(bad_inputs["csv"]), "--redact", str(tmp_path / "r2.csv"),
            "--redact-mode", "pseudonym",
            "--pseudonymize-key-file", str(bad),
        )  # fmt: skip
        assert code == 2 and leaks(stdout + err) == [] and PSEUDONYM_KEY.value[:12] not in err, err


# --------------------------------------------------------------------------- audits


def test_audit_errors_do_not_echo_personal_values(tmp_path: Path) -> None:
    model = str(AUDIT / "credit-model.skops")
    data = tmp_path / "applicants.csv"
    data.write_text(
        "income,loan_amount,phone,iin,card,approved\n"
        f"1000,{IIN.value},{PHONE.value},{IIN.value},{CARD.value},1\n"
        f"x,2000,{PHONE.value},x,{CARD.value},0\n",
        encoding="utf-8",
    )
    runs = [
        ("audit", "explain", "--model", model, "--data", str(data), "--rows", IIN.value),
        ("audit", "notice", "--model", model, "--data", str(data), "--row", "1", "--lang", "en",
         "--review-channel", EMAIL.value, "--deadline-days", "30"),
        ("audit", "fairness", str(data), "--target", "approved", "--prediction", "approved",
         "--sensitive", "phone", "--score", "card"),
    ]  # fmt: skip
    for args in runs:
        code, _out, err = cli(*args)
        assert code in (1, 2), (args[1], code, err[-1500:])
        assert leaks(err) == [], f"{args[1]}: planted values in the error message"


# --------------------------------------------------------------------------- labelling and verification


def test_label_and_verify_errors(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(src / "ok.png")
    (src / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + f"IHDR {IIN.value} {EMAIL.value}".encode())
    (src / "truncated.jpg").write_bytes(b"\xff\xd8\xff" + CARD.value.encode())
    assertion = tmp_path / "assertion.json"
    assertion.write_text(f'{{"label": "{IIN.value}", "data": {{"email": "{EMAIL.value}"', encoding="utf-8")
    signer = tmp_path / "signer"
    assert cli("provenance", "init", str(signer))[0] == 0
    for args in (
        ("label", str(src), str(tmp_path / "out1"), "--signer", str(signer), "--no-store",
         "--on-error", "skip", "-f", "json"),
        ("label", str(src), str(tmp_path / "out2"), "--signer", str(signer), "--no-store",
         "--on-error", "fail"),
        ("label", str(src / "ok.png"), str(tmp_path / "one.png"), "--signer", str(signer), "--no-store",
         "--assertion", str(assertion)),
        ("verify", str(src), "--no-store", "-f", "json"),
        ("verify", str(src / "broken.png"), "--no-store"),
    ):  # fmt: skip
        code, _out, err = cli(*args)
        assert code in (0, 1, 2), (args[0], code, err[-1500:])
        assert leaks(err) == [], f"{args[0]}: planted values in the error message"


def test_fairness_error_for_a_non_binary_target_names_no_values(tmp_path: Path) -> None:
    data = tmp_path / "applicants.csv"
    data.write_text(f"y,p,sex\n{IIN.value},1,f\nx,0,m\n", encoding="utf-8")
    args = ("--target", "y", "--prediction", "p", "--sensitive", "sex")
    code, _, err = cli("audit", "fairness", str(data), *args)
    assert code == 2 and "'y'" in err
    assert leaks(err) == []
