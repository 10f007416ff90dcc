"""The CLI against a real `senim serve` (uvicorn on 127.0.0.1) with --server and --token."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from senim.cli.app import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profiles" / "credit-scoring.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    env = {"SENIM_DATABASE_URL": url}
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    assert runner.invoke(app, ["admin", "create-org", "--name", "Bank"], env=env).exit_code == 0
    out = runner.invoke(
        app, ["admin", "create-user", "--org", "Bank", "--email", "e@bank.kz", "--role", "engineer"], env=env
    )
    token = re.search(r"snm_[A-Za-z0-9_-]+", out.output)
    assert token is not None
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "senim", "serve", "--port", str(port), "--database", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise AssertionError(
                        proc.stderr.read().decode() if proc.stderr else "server did not start"
                    ) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", token.group()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_remote_flow(server: tuple[str, str], tmp_path: Path) -> None:
    base, token = server
    env = {"SENIM_SERVER": base, "SENIM_TOKEN": token}
    added = runner.invoke(app, ["systems", "add", str(EXAMPLE)], env=env)
    assert added.exit_code == 0, added.output
    res = runner.invoke(app, ["systems", "list", "-f", "json"], env=env)
    assert res.exit_code == 0, (res.stdout, res.stderr)
    listed = json.loads(res.stdout)
    assert listed["total"] == 1 and listed["items"][0]["slug"] == "retail-credit-scoring"
    risk = runner.invoke(
        app,
        [
            "risks",
            "add",
            "--system",
            "retail-credit-scoring",
            "--title",
            "Bias",
            "--likelihood",
            "2",
            "--impact",
            "4",
            "--review",
            "2026-01-01",
        ],
        env=env,
    )
    assert risk.exit_code == 0, risk.output
    risks = json.loads(
        runner.invoke(
            app, ["risks", "list", "--system", "retail-credit-scoring", "-f", "json"], env=env
        ).stdout
    )
    assert risks[0]["title"] == "Bias" and risks[0]["overdue"] is True
    inc = runner.invoke(
        app,
        [
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
        ],
        env=env,
    )
    assert inc.exit_code == 0, inc.output
    assert json.loads(inc.stdout)["clocks"][0]["regime"] == "kz-personal-data"
    incident_id = json.loads(inc.stdout)["id"]
    act = runner.invoke(
        app,
        ["incidents", "action", incident_id, "--kind", "measure", "--description", "Rotated keys"],
        env=env,
    )
    assert act.exit_code == 0, act.output
    views = json.loads(
        runner.invoke(
            app, ["incidents", "list", "--system", "retail-credit-scoring", "-f", "json"], env=env
        ).stdout
    )
    assert views[0]["actions"][0]["kind"] == "measure"
    assessed = runner.invoke(
        app, ["systems", "assess", "retail-credit-scoring", "--as-of", "2026-11-26", "-f", "json"], env=env
    )
    assert assessed.exit_code == 0, assessed.output
    assert any(r["pack"].startswith("kz-ai-law") for r in json.loads(assessed.stdout)["results"])
    table = runner.invoke(app, ["systems", "assess", "retail-credit-scoring"], env=env)
    assert table.exit_code == 0 and "KZ-AI-18-1-4" in table.stdout
    attest = runner.invoke(
        app,
        [
            "evidence",
            "attest",
            "--system",
            "retail-credit-scoring",
            "--title",
            "Review",
            "--statement",
            "Bias review done",
            "--rule",
            "KZ-AI-18-1-4",
            "-f",
            "json",
        ],
        env=env,
    )
    assert attest.exit_code == 0, attest.output
    assert json.loads(attest.stdout)[0]["kind"] == "attestation"
    payload = tmp_path / "audit.csv"
    payload.write_bytes(b"metric,value\nDI,0.91\n")
    up = runner.invoke(
        app, ["evidence", "upload", str(payload), "--system", "retail-credit-scoring", "-f", "json"], env=env
    )
    assert up.exit_code == 0, up.output
    ev_id = json.loads(up.stdout)[0]["id"]
    listed_ev = json.loads(
        runner.invoke(
            app, ["evidence", "list", "--system", "retail-credit-scoring", "-f", "json"], env=env
        ).stdout
    )
    assert {e["kind"] for e in listed_ev} == {"attestation", "file"}
    got = tmp_path / "got.csv"
    dl = runner.invoke(app, ["evidence", "download", ev_id, "-o", str(got)], env=env)
    assert dl.exit_code == 0, dl.output
    assert got.read_bytes() == payload.read_bytes()
    denied = runner.invoke(app, ["ledger", "verify"], env=env)  # engineers may not verify the ledger
    assert denied.exit_code == 2 and "403" in denied.stderr
    bad = runner.invoke(app, ["systems", "list"], env={**env, "SENIM_TOKEN": "snm_wrong"})
    assert bad.exit_code == 2 and "401" in bad.stderr
    missing = runner.invoke(app, ["risks", "list", "--system", "nope"], env=env)
    assert missing.exit_code == 2 and "not found" in missing.stderr
