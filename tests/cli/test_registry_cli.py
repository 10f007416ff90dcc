"""The registry commands end to end on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from senim.cli.app import app
from senim.ledger.signing import verify_head
from senim.registry.db import database_url as resolve_url

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profiles" / "credit-scoring.yaml"


def run(url: str, *args: str) -> object:
    return runner.invoke(app, [*args], env={"SENIM_DATABASE_URL": url})


def test_registry_flow(database_url: str, tmp_path: Path) -> None:
    url = database_url
    not_ready = run(url, "systems", "list")
    assert not_ready.exit_code == 2 and "senim db upgrade" in not_ready.stderr  # type: ignore[attr-defined]
    assert run(url, "db", "upgrade").exit_code == 0  # type: ignore[attr-defined]
    assert (
        run(url, "admin", "create-org", "--name", "Example Bank JSC", "--bin", "990340005977").exit_code == 0
    )  # type: ignore[attr-defined]
    bad_bin = run(url, "admin", "create-org", "--name", "Other", "--bin", "123")
    assert bad_bin.exit_code == 2 and "not a valid BIN" in bad_bin.stderr  # type: ignore[attr-defined]
    added = run(url, "systems", "add", str(EXAMPLE), "--org", "Example Bank JSC", "--stage", "deployed")
    assert added.exit_code == 0, added.output  # type: ignore[attr-defined]
    again = run(url, "systems", "add", str(EXAMPLE), "--org", "Example Bank JSC")
    assert "profile version 1" in again.output  # type: ignore[attr-defined]  # unchanged profile: no new version
    listed = json.loads(run(url, "systems", "list", "-f", "json").stdout)  # type: ignore[attr-defined]
    assert listed["total"] == 1 and listed["items"][0]["slug"] == "retail-credit-scoring"
    risk = run(
        url,
        "risks",
        "add",
        "--system",
        "retail-credit-scoring",
        "--title",
        "Proxy discrimination",
        "--likelihood",
        "3",
        "--impact",
        "4",
        "--review",
        "2026-01-01",
    )
    assert risk.exit_code == 0  # type: ignore[attr-defined]
    assessed = json.loads(
        run(url, "systems", "assess", "retail-credit-scoring", "--as-of", "2026-11-26", "-f", "json").stdout
    )  # type: ignore[attr-defined]
    ob = next(o for o in assessed["results"][0]["obligations"] if o["rule"] == "KZ-AI-18-1-4")
    assert ob["status"] == "unmet"
    inc = run(
        url,
        "incidents",
        "add",
        "--system",
        "retail-credit-scoring",
        "--title",
        "Leak",
        "--harm",
        "personal_data_breach",
        "--aware-at",
        "2026-11-25T09:00:00+05:00",
        "-f",
        "json",
    )
    assert inc.exit_code == 0, inc.output  # type: ignore[attr-defined]
    assert json.loads(inc.stdout)["clocks"][0]["article"] == "25"  # type: ignore[attr-defined]
    naive = run(
        url,
        "incidents",
        "add",
        "--system",
        "retail-credit-scoring",
        "--title",
        "x",
        "--harm",
        "health",
        "--aware-at",
        "2026-11-25T09:00:00",
    )
    assert naive.exit_code == 2 and "time zone" in naive.stderr  # type: ignore[attr-defined]
    user = run(
        url,
        "admin",
        "create-user",
        "--org",
        "Example Bank JSC",
        "--email",
        "cco@bank.kz",
        "--role",
        "compliance_officer",
    )
    assert user.exit_code == 0 and "snm_" in user.output  # type: ignore[attr-defined]
    incident_id = json.loads(inc.stdout)["id"]  # type: ignore[attr-defined]
    act = run(url, "incidents", "action", incident_id, "--kind", "suspension", "--description", "Stopped")
    assert act.exit_code == 0, act.output  # type: ignore[attr-defined]
    stage = json.loads(run(url, "systems", "list", "-f", "json").stdout)["items"][0]["stage"]  # type: ignore[attr-defined]
    assert stage == "suspended"
    foreign = run(url, "incidents", "action", "nope", "--kind", "measure", "--description", "x")
    assert foreign.exit_code == 2 and "not found" in foreign.stderr  # type: ignore[attr-defined]
    scan = tmp_path / "scan.json"
    scan.write_bytes(b'{"findings": 0}')
    up = run(
        url,
        "evidence",
        "upload",
        str(scan),
        "--system",
        "retail-credit-scoring",
        "--kind",
        "machine_result",
        "--rule",
        "KZ-AI-10",
        "-f",
        "json",
    )
    assert up.exit_code == 0, up.output  # type: ignore[attr-defined]
    ev = json.loads(up.stdout)[0]  # type: ignore[attr-defined]
    assert ev["kind"] == "machine_result" and ev["rules"] == ["KZ-AI-10"] and len(ev["sha256"]) == 64
    listed_ev = json.loads(
        run(url, "evidence", "list", "--system", "retail-credit-scoring", "-f", "json").stdout
    )  # type: ignore[attr-defined]
    assert [e["id"] for e in listed_ev] == [ev["id"]]
    got = tmp_path / "got.json"
    assert run(url, "evidence", "download", ev["id"], "-o", str(got)).exit_code == 0  # type: ignore[attr-defined]
    assert got.read_bytes() == scan.read_bytes()
    no_attest = run(url, "evidence", "attest", "--system", "x", "--title", "t", "--statement", "s")
    assert no_attest.exit_code == 2 and "named user" in no_attest.stderr  # type: ignore[attr-defined]
    lit = run(
        url,
        "literacy",
        "add",
        "--org",
        "Example Bank JSC",
        "--person",
        "A. Analyst",
        "--role",
        "operator",
        "--course",
        "AI basics",
        "--completed",
        "2026-02-01",
        "--system",
        "retail-credit-scoring",
    )
    assert lit.exit_code == 0, lit.output  # type: ignore[attr-defined]
    cov = json.loads(
        run(url, "literacy", "coverage", "--system", "retail-credit-scoring", "--on", "2026-03-01").stdout  # type: ignore[attr-defined]
    )
    assert cov["operators"] == 1 and cov["coverage"] == 1.0
    assert run(url, "ledger", "verify").exit_code == 0  # type: ignore[attr-defined]
    out = tmp_path / "ledger.jsonl"
    exported = run(url, "ledger", "export", "-o", str(out), "--key", str(tmp_path / "k.pem"))
    assert exported.exit_code == 0  # type: ignore[attr-defined]
    lines = out.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[-1])["head"]
    assert head["events"] == len(lines) - 1 and head["verified"] is True and verify_head(head)
    checked = run(url, "ledger", "check", str(out), "--public-key", head["public_key"])
    assert checked.exit_code == 0, checked.output  # type: ignore[attr-defined]
    scoped = tmp_path / "org.jsonl"
    assert (
        run(
            url,
            "ledger",
            "export",
            "-o",
            str(scoped),
            "--key",
            str(tmp_path / "k.pem"),
            "--org",
            "Example Bank JSC",
        ).exit_code
        == 0
    )  # type: ignore[attr-defined]
    assert '"redacted": true' in scoped.read_text(
        encoding="utf-8"
    )  # instance events (the org row itself is its own)
    assert run(url, "ledger", "check", str(scoped)).exit_code == 0  # type: ignore[attr-defined]
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[1:]), encoding="utf-8")
    bad = run(url, "ledger", "check", str(cut), "-f", "json")
    assert bad.exit_code == 1 and json.loads(bad.stdout)["line"] == 1  # type: ignore[attr-defined]

    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE risks SET impact = 1"))
    engine.dispose()
    broken = run(url, "ledger", "verify", "-f", "json")
    assert broken.exit_code == 1  # type: ignore[attr-defined]
    report = json.loads(broken.stdout)  # type: ignore[attr-defined]
    assert report["ok"] is False and report["object"].startswith("risks/")
