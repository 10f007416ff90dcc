"""A live `senim serve` for reliability runs: the process, a small HTTP client, seeding and checks.

Shared by ``tests/reliability`` and ``benchmarks/crash.py`` / ``benchmarks/soak.py``:

- :class:`ServerProcess` runs ``python -m senim serve`` in its own process group on 127.0.0.1 (the
  database URL goes through ``SENIM_DATABASE_URL``, never the command line, so that a PostgreSQL
  password does not show in the process list), waits for ``/healthz``, SIGKILLs and restarts it on
  the same port, and reads its resident memory from ``/proc``.
- :class:`Client` is one keep-alive HTTP/1.1 connection (``http.client``). It tells apart a request
  that never left (:class:`NotSentError`: the connection could not be opened, nothing was sent) from one
  whose outcome is unknown (:class:`OutcomeUnknownError`: the connection broke after the request began).
- :func:`prepare_database` creates the schema, an organisation, a user and a token in-process;
  :func:`ledger_verify_cli` runs ``senim ledger verify`` as the operator would.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = [
    "Account",
    "Client",
    "LedgerCheck",
    "NotSentError",
    "OutcomeUnknownError",
    "Reply",
    "ServerError",
    "ServerProcess",
    "free_port",
    "ledger_verify_cli",
    "multipart_body",
    "percentile",
    "prepare_database",
    "temporary_database",
    "work_directory",
]

HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """`senim serve` did not start, or died when it should not have."""


class NotSentError(Exception):
    """The connection could not be opened: the request was never sent."""


class OutcomeUnknownError(Exception):
    """The connection broke after the request began: it may or may not have been carried out."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def percentile(ordered: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of an already sorted sequence; 0.0 when empty."""
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return float(ordered[rank - 1])


# --------------------------------------------------------------------------- the server process


class ServerProcess:
    """``senim serve`` on 127.0.0.1, in its own process group, restartable on the same port."""

    def __init__(
        self,
        database_url: str,
        log_path: Path,
        *,
        threads: int | None = None,
        max_upload_mb: int | None = None,
        start_timeout: float = 90.0,
    ) -> None:
        self.database_url = database_url
        self.log_path = log_path
        self.threads = threads
        self.max_upload_mb = max_upload_mb
        self.start_timeout = start_timeout
        self.port = free_port()
        self.generation = 0  # bumped at every start: clients drop connections to an older process
        self.starts = 0
        self.kills = 0
        self.start_seconds: list[float] = []
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise ServerError("the server is not running")
        return self._proc.pid

    def _command(self) -> list[str]:
        cmd = [sys.executable, "-m", "senim", "serve", "--host", HOST, "--port", str(self.port)]
        if self.threads is not None:
            cmd += ["--threads", str(self.threads)]
        if self.max_upload_mb is not None:
            cmd += ["--max-upload-mb", str(self.max_upload_mb)]
        return cmd

    def start(self) -> None:
        """Start the server and return once ``/healthz`` answers 200 (a few seconds: imports)."""
        if self._proc is not None and self._proc.poll() is None:
            raise ServerError("the server is already running")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SENIM_")}
        env["SENIM_DATABASE_URL"] = self.database_url
        t0 = time.perf_counter()
        for attempt in range(3):
            self.generation += 1
            with self.log_path.open("ab") as log:
                log.write(f"--- start {self.starts + 1} on port {self.port}\n".encode())
                log.flush()
                self._proc = subprocess.Popen(
                    self._command(),
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: SIGKILL reaches all of it
                )
            if self._wait_ready():
                self.starts += 1
                self.start_seconds.append(time.perf_counter() - t0)
                return
            tail = self.log_tail()
            self._reap()
            if "address already in use" in tail.lower() and attempt < 2:
                self.port = free_port()  # someone took the port between two runs of the server
                continue
            raise ServerError(f"senim serve did not become ready; last lines of its log:\n{tail}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                return False
            conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
            try:
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return True
            except (OSError, http.client.HTTPException):
                pass  # not listening yet: there is no event to wait for, so poll
            finally:
                conn.close()
            time.sleep(0.05)
        return False

    def kill(self) -> None:
        """SIGKILL the whole process group (no clean-up of any kind in the server) and reap it."""
        if self._proc is None:
            raise ServerError("the server is not running")
        if self._proc.poll() is not None:
            raise ServerError(f"the server had already exited with {self._proc.returncode}")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)
        self._proc.wait(timeout=30)
        self._proc = None
        self.kills += 1

    def stop(self) -> None:
        """Graceful stop (SIGTERM, then SIGKILL after 30 s). Safe to call when not running."""
        self._reap()

    def _reap(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def rss_bytes(self) -> int:
        """Resident set size of the server process (Linux ``/proc``); 0 when unavailable."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text(encoding="ascii", errors="replace")
        except (OSError, ServerError):
            return 0
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no log: {exc})"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- the client


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        return json.loads(self.body)

    def error_code(self) -> str:
        """The API error's stable code (never its message: it could quote the request)."""
        try:
            doc = self.json()
        except ValueError:
            return "not-json"
        if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
            return str(doc["error"].get("code"))
        return "?"


class Client:
    """One keep-alive connection to the server; reconnects after a restart (new generation)."""

    #: uvicorn closes a keep-alive connection after 5 s without a request; reconnect before that,
    #: or a request sent as the server closes would fail although the server is fine.
    IDLE_LIMIT = 3.0

    def __init__(self, server: ServerProcess, token: str, *, timeout: float = 120.0) -> None:
        self.server = server
        self._auth = f"Bearer {token}"
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None
        self._generation = -1
        self._last_used = 0.0

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def connect(self) -> http.client.HTTPConnection:
        """The open connection, opened now if needed (:class:`NotSentError` if it cannot be)."""
        if (
            self._conn is not None
            and self._generation == self.server.generation
            and time.monotonic() - self._last_used < self.IDLE_LIMIT
        ):
            return self._conn
        self.close()
        generation = self.server.generation
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=self.timeout)
        try:
            conn.connect()
        except OSError as exc:
            conn.close()
            raise NotSentError(type(exc).__name__) from None
        self._conn, self._generation, self._last_used = conn, generation, time.monotonic()
        return conn

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        body: bytes | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        conn = self.connect()
        sent_headers = {"Authorization": self._auth, "Accept": "application/json"}
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            content_type = "application/json"
        if content_type is not None:
            sent_headers["Content-Type"] = content_type
        if headers:
            sent_headers.update(headers)
        try:
            conn.request(method, path, body=body, headers=sent_headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise OutcomeUnknownError(type(exc).__name__) from None
        self._last_used = time.monotonic()
        reply = Reply(response.status, data, {k.lower(): v for k, v in response.getheaders()})
        if reply.headers.get("connection", "").lower() == "close":
            self.close()
        return reply


def multipart_body(
    fields: dict[str, str], *, filename: str, data: bytes, media_type: str
) -> tuple[bytes, str]:
    """A multipart/form-data body with text ``fields`` and one ``file``; returns (body, content type)."""
    boundary = "senim-" + secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {media_type}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --------------------------------------------------------------------------- database and ledger


@dataclass(frozen=True)
class Account:
    org_id: str
    user_id: str
    token: str = field(repr=False)


def prepare_database(
    url: str, *, org_name: str = "Reliability LLP", role: str = "compliance_officer"
) -> Account:
    """Create the schema, one organisation and one user with an API token (in this process)."""
    from senim.ledger.chain import actor
    from senim.registry import services
    from senim.registry.db import session_scope, upgrade

    upgrade(url)
    with actor("cli:reliability"), session_scope(url) as s:
        org = services.create_org(s, services.OPERATOR, name=org_name)
        user = services.create_user(
            s, services.OPERATOR, org_id=org.id, email="load@reliability.kz", name="Load Test", role=role
        )
        _, token = services.create_token(s, services.OPERATOR, user_id=user.id, expires_in_days=30)
        return Account(org.id, user.id, token)


@dataclass(frozen=True)
class LedgerCheck:
    exit_code: int
    ok: bool
    events: int
    problem: str | None
    seconds: float


def ledger_verify_cli(url: str, *, timeout: float = 600.0) -> LedgerCheck:
    """``senim ledger verify -f json`` on the database, as the operator runs it; exit code and report."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENIM_")}
    env["SENIM_DATABASE_URL"] = url
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "senim", "ledger", "verify", "-f", "json"],
        env=env,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - t0
    try:
        report = json.loads(done.stdout)
    except ValueError:
        return LedgerCheck(done.returncode, False, 0, done.stderr.decode(errors="replace")[-500:], seconds)
    events = int(report.get("events") or 0)
    return LedgerCheck(done.returncode, bool(report.get("ok")), events, report.get("problem"), seconds)


@contextlib.contextmanager
def temporary_database(backend: str, workdir: Path) -> Iterator[str]:
    """A fresh database for a benchmark: a SQLite file in ``workdir``, or a throw-away PostgreSQL
    server (``tests/pg.py``) with one database, stopped and deleted afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'registry.sqlite3'}"
        return
    if backend != "postgresql":
        raise ValueError(f"backend {backend!r}: sqlite or postgresql")
    from tests.pg import start_postgres

    server = start_postgres()
    try:
        yield server.create_database("reliability")
    finally:
        server.stop()


@contextlib.contextmanager
def work_directory(prefix: str, keep: bool = False) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


def run_on_database(
    prefix: str, database: str | None, backend: str, keep: bool, work: Callable[[str, Path], T]
) -> T:
    """``work(url, workdir)`` on ``database``, or on a throw-away one of ``backend``, in a work
    directory (kept with ``keep``): the shared frame of the crash and soak benchmarks."""
    with work_directory(prefix, keep=keep) as workdir:
        if database:
            result = work(database, workdir)
        else:
            with temporary_database(backend, workdir) as url:
                result = work(url, workdir)
        if keep:
            print(f"work directory kept: {workdir}", file=sys.stderr)
    return result


def machine_description() -> str:
    """Architecture, cores and Python version, for a benchmark's report."""
    import platform

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
