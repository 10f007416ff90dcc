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


def test_remote_flow(server: tuple[str, str]) -> None:
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
    bad = runner.invoke(app, ["systems", "list"], env={**env, "SENIM_TOKEN": "snm_wrong"})
    assert bad.exit_code == 2 and "401" in bad.stderr
    missing = runner.invoke(app, ["risks", "list", "--system", "nope"], env=env)
    assert missing.exit_code == 2 and "not found" in missing.stderr
