"""An upload whose body is still arriving must not block other writers (found by the crash campaign).

The upload route used to open its write transaction before reading the multipart body. On SQLite
that transaction starts with ``BEGIN IMMEDIATE``, i.e. it holds the database's write lock: while a
client was still sending its file (up to the body deadline, minutes) every other write waited for
the lock, and after SQLite's 30 s busy timeout failed with HTTP 500 "database is locked". With a
fast client the same lock, held while the route waited for a worker thread, deadlocked against
writers that held the threads and waited for the lock.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability._live import (
    Account,
    Client,
    ServerProcess,
    ledger_verify_cli,
    multipart_body,
    prepare_database,
)

API = "/api/v1"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[ServerProcess, Account]]:
    # SQLite only: a PostgreSQL transaction takes its locks at the first write, not at BEGIN, so the
    # old code did not block there (the crash campaign's uploads cover PostgreSQL).
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    account = prepare_database(url)
    with ServerProcess(url, tmp_path / "server.log", threads=2) as server:
        yield server, account


def test_a_slow_upload_holds_no_lock_other_writers_wait_for(live: tuple[ServerProcess, Account]) -> None:
    server, account = live
    client = Client(server, account.token, timeout=20)
    made = client.request(
        "POST",
        f"{API}/systems",
        json_body={"profile": {"schema": "senim/system-profile/v1", "id": "slow-upload", "name": "S"}},
    )
    assert made.status == 201, made.body
    system_id = made.json()["id"]
    body, ctype = multipart_body(
        {"title": "slow upload"}, filename="a.bin", data=b"x" * 200_000, media_type="application/octet-stream"
    )
    head = (
        f"POST {API}/systems/{system_id}/evidence/files HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {account.token}\r\nContent-Type: {ctype}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    try:
        slow.sendall(head + body[:1000])  # the upload has begun; the rest of its body is late
        # Writes by other clients go through while the upload's body is incomplete (before the
        # fix: blocked on SQLite's write lock, then HTTP 500 after 30 s; the client gives up at 20).
        # They keep coming for a second and a half, whenever the server gets to the upload's head.
        until = time.monotonic() + 1.5
        i = 0
        while time.monotonic() < until or i < 3:
            i += 1
            risk = client.request(
                "POST",
                f"{API}/systems/{system_id}/risks",
                json_body={"title": f"r{i}", "likelihood": 2, "impact": 3, "review_date": "2027-06-01"},
            )
            assert risk.status == 201, risk.body
        slow.sendall(body[1000:])
        answer = b""
        while chunk := slow.recv(65536):
            answer += chunk
    finally:
        slow.close()
        client.close()
    assert answer.startswith(b"HTTP/1.1 201"), answer[:300]
    check = ledger_verify_cli(server.database_url)
    assert (check.exit_code, check.ok) == (0, True), check
