"""Secure defaults: loopback binding, token entropy, and the optional passphrase of the ledger key.

(The argon2id parameters are pinned by ``web/test_auth.py::test_password_policy_and_hash_parameters``;
the cookie flags by ``web/test_auth.py::test_sign_in_redirects_to_next_and_sets_a_hardened_cookie`` and
``::test_secure_flag_when_configured``.)
"""

from __future__ import annotations

import importlib.util
import math
import os
import secrets
import socket
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from senim.ledger import signing
from senim.registry import accounts, db, services
from senim.registry.models import User
from tests.web.conftest import WebWorld

ROOT = Path(__file__).resolve().parents[2]
URLSAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
LISTEN = "0A"


# --------------------------------------------------------------------------- binding


def _listening(pid: int) -> set[tuple[str, int]]:
    """(address, port) of the TCP sockets the process ``pid`` listens on, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found: set[tuple[str, int]] = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            local, state, inode = cols[1], cols[3], cols[9]
            if state != LISTEN or inode not in inodes:
                continue
            hex_addr, hex_port = local.split(":")
            raw = bytes.fromhex(hex_addr)
            # /proc prints the address as host-order 32-bit words
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.add((socket.inet_ntop(family, raw), int(hex_port, 16)))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_senim_serve_binds_loopback_by_default(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    db.upgrade(url)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "senim", "serve", "--port", str(port), "--database", url],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        sockets: set[tuple[str, int]] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            sockets = _listening(proc.pid)
            if sockets:
                break
            time.sleep(0.1)  # polls /proc for the socket: there is no event to wait on
        assert proc.poll() is None, log.read_text(errors="replace")[-2000:]
        assert sockets == {("127.0.0.1", port)}, sockets
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_demo_web_start_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("senim_demo_web_defaults", ROOT / "scripts" / "demo_web.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, demo)  # dataclasses look their module up there
    spec.loader.exec_module(demo)
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(demo, "start", lambda *args: calls.append(args) or 0)
    assert demo.main(["start", "--db", "x.db"]) == 0
    assert calls and calls[0][3] == "127.0.0.1"


# --------------------------------------------------------------------------- token entropy


@pytest.fixture
def spy_token_urlsafe(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int | None]]:
    """Records the byte count asked of ``secrets.token_urlsafe`` (the entropy by construction)."""
    asked: list[int | None] = []
    real: Callable[[int | None], str] = secrets.token_urlsafe

    def spy(nbytes: int | None = None) -> str:
        asked.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(secrets, "token_urlsafe", spy)
    yield asked


def _check_draws(tokens: list[str], length: int, *, distribution: bool = True) -> None:
    assert len(set(tokens)) == len(tokens), "a token repeated"
    for t in tokens:
        assert len(t) == length and set(t) <= URLSAFE, t[:4]
    if not distribution:
        return
    # every one of the 64 characters appears, none far more often than the others (a gross bias check:
    # with >= 40 000 characters the expected count is >= 600 and a fair source stays within +-40 %)
    counts = Counter(c for t in tokens for c in t[:-1])  # the last character carries only 4 random bits
    assert set(counts) == URLSAFE
    expected = sum(counts.values()) / 64
    assert all(abs(n - expected) < 0.4 * expected for n in counts.values()), counts.most_common(3)
    # Shannon entropy of the character distribution close to the 6 bits of a fair draw
    total = sum(counts.values())
    entropy = -sum(n / total * math.log2(n / total) for n in counts.values())
    assert entropy > 5.98


def test_api_tokens_carry_256_bits(web_app: WebWorld, spy_token_urlsafe: list[int | None]) -> None:
    with db.session_scope(web_app.url) as s:
        user_id = web_app.users["engineer"].id
        tokens = [services.create_token(s, services.OPERATOR, user_id=user_id)[1] for _ in range(300)]
    assert spy_token_urlsafe and all(n is not None and n >= 32 for n in spy_token_urlsafe)
    assert all(t.startswith("snm_") for t in tokens)
    # 43 base64url characters = 32 bytes = 256 bits (the distribution is checked on session tokens,
    # drawn by the same secrets.token_urlsafe(32): 300 API tokens are a uniqueness and shape check)
    _check_draws([t[4:] for t in tokens], 43, distribution=False)


def test_session_and_csrf_tokens_carry_256_bits(
    web_app: WebWorld, spy_token_urlsafe: list[int | None]
) -> None:
    with db.session_scope(web_app.url) as s:
        user = s.get(User, web_app.users["engineer"].id)
        assert user is not None
        cookies = [accounts.create_session(s, user) for _ in range(1000)]
        s.flush()
        csrf = [accounts.load_session(s, c).csrf_secret for c in cookies]  # type: ignore[union-attr]
    assert spy_token_urlsafe and all(n is not None and n >= 32 for n in spy_token_urlsafe)
    _check_draws(cookies, 43)
    _check_draws(csrf, 43)
    assert not set(cookies) & set(csrf)
    # the pre-sign-in CSRF cookie of the login form
    login_tokens = []
    for _ in range(20):
        with TestClient(web_app.app) as c:
            c.get("/login")
            login_tokens.append(c.cookies.get("senim_login_csrf") or "")
    assert len(set(login_tokens)) == 20 and all(len(t) == 43 and set(t) <= URLSAFE for t in login_tokens)


# --------------------------------------------------------------------------- ledger key passphrase


PASS = "correct horse ledger staple 42"


def test_a_new_key_is_encrypted_with_the_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "keys" / "ledger.pem"
    monkeypatch.setenv(signing.PASSPHRASE_ENV, PASS)
    key = signing.load_or_create_key(path)
    pem = path.read_bytes()
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----") and PASS.encode() not in pem
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = signing.load_or_create_key(path)
    assert again.public_key().public_bytes_raw() == key.public_key().public_bytes_raw()
    head = signing.sign_head("ab" * 32, 7, path)
    assert signing.verify_head(head)

    monkeypatch.delenv(signing.PASSPHRASE_ENV)
    with pytest.raises(signing.SigningKeyError, match=f"encrypted: set {signing.PASSPHRASE_ENV}") as err:
        signing.load_or_create_key(path)
    assert str(path) in str(err.value)
    monkeypatch.setenv(signing.PASSPHRASE_ENV, PASS + "!")
    with pytest.raises(signing.SigningKeyError, match="wrong passphrase") as err:
        signing.load_or_create_key(path)
    assert PASS not in str(err.value)
    assert signing.load_or_create_key(path, passphrase=PASS).public_key().public_bytes_raw() == (
        key.public_key().public_bytes_raw()
    )


def test_without_a_passphrase_the_key_stays_plain_and_a_set_passphrase_is_not_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.pem"
    monkeypatch.delenv(signing.PASSPHRASE_ENV, raising=False)
    signing.load_or_create_key(path)
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    monkeypatch.setenv(signing.PASSPHRASE_ENV, PASS)
    with pytest.raises(signing.SigningKeyError, match="not encrypted"):
        signing.load_or_create_key(path)
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    with pytest.raises(signing.SigningKeyError, match="cannot be read"):
        signing.load_or_create_key(garbage)


def test_cli_export_with_an_encrypted_key_and_no_passphrase_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from senim.cli.app import app

    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    db.upgrade(url)
    key = tmp_path / "ledger.pem"
    signing.load_or_create_key(key, passphrase=PASS)
    env = {"SENIM_DATABASE_URL": url, "SENIM_LEDGER_KEY": str(key), signing.PASSPHRASE_ENV: ""}
    runner = CliRunner()
    args = ["ledger", "export", "--database", url, "--output", str(tmp_path / "l.jsonl")]
    res = runner.invoke(app, args, env=env)
    assert res.exit_code == 2 and signing.PASSPHRASE_ENV in res.stderr and "Traceback" not in res.output
    env[signing.PASSPHRASE_ENV] = PASS
    ok = runner.invoke(app, args, env=env)
    assert ok.exit_code == 0, ok.output
