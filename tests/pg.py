"""A throw-away PostgreSQL server for the test suite.

``start_postgres()`` runs ``initdb`` into a fresh directory and starts a server that listens only on
127.0.0.1 (a free port) and on a unix socket inside that directory. The superuser ``senim`` has a
random password, required over TCP (scram-sha-256); the unix socket trusts local users. Durability
is switched off (fsync, synchronous_commit, full_page_writes) because the data is thrown away.

``initdb`` and ``postgres`` refuse to run as root: when the effective uid is 0 they run as the
``postgres`` OS user (``subprocess``'s ``user``/``group``/``extra_groups``, no ``su``/``runuser``
needed) and the directory is handed over to that user.

Binaries are looked up in ``$SENIM_PG_BIN`` (if set), on ``PATH``, in ``/usr/local/bin`` and in
``/usr/lib/postgresql/*/bin``; the directory with the newest server version wins.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pg8000.native  # type: ignore[import-untyped]  # pg8000 ships no type information

SUPERUSER = "senim"
RUN_AS_WHEN_ROOT = "postgres"
START_TIMEOUT = 60.0  # seconds; a cold start normally takes one or two
_REQUIRED = ("initdb", "pg_ctl", "postgres")
_DB_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_VERSION = re.compile(r"(\d+)(?:\.(\d+))?")
_BIND_ERRORS = ("could not bind", "Address already in use", "could not create any TCP/IP sockets")
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux, 104 on BSD/macOS

# Settings for a disposable cluster: fast, quiet, local only.
_SETTINGS: dict[str, str] = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "'1GB'",
    "checkpoint_timeout": "'30min'",
    "shared_buffers": "'32MB'",
    "max_connections": "100",
    "autovacuum": "off",
    "jit": "off",
    "logging_collector": "off",
    "log_min_messages": "warning",
    "timezone": "'UTC'",
}


class PostgresError(RuntimeError):
    """PostgreSQL could not be found, started, used or stopped."""


@dataclass(frozen=True)
class _RunAs:
    """Whom the server processes run as: ``None`` fields mean the current user."""

    name: str | None = None
    uid: int | None = None
    gid: int | None = None
    home: str | None = None

    def popen_kwargs(self) -> dict[str, Any]:
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


@dataclass
class PostgresServer:
    """A running throw-away cluster. ``stop()`` shuts it down and deletes ``base_dir``."""

    base_dir: Path
    bin_dir: Path
    version: str
    port: int
    user: str
    password: str = field(repr=False)
    _run_as: _RunAs = field(repr=False)
    _stopped: bool = field(default=False, repr=False)

    host = "127.0.0.1"

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base_dir / "run"

    @property
    def log_file(self) -> Path:
        return self.base_dir / "server.log"

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL (pg8000 driver, TCP, password auth) of database ``dbname``."""
        user, password = quote(self.user, safe=""), quote(self.password, safe="")
        return f"postgresql+pg8000://{user}:{password}@{self.host}:{self.port}/{quote(dbname, safe='')}"

    def connect(self, dbname: str = "postgres") -> pg8000.native.Connection:
        """A raw pg8000 connection (autocommit) over TCP as the superuser."""
        return pg8000.native.Connection(
            user=self.user,
            password=self.password,
            host=self.host,
            port=self.port,
            database=dbname,
            timeout=30,
        )

    def create_database(self, name: str) -> str:
        """Create an empty database ``name`` and return its URL."""
        _check_db_name(name)
        conn = self.connect()
        try:
            conn.run(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, disconnecting its sessions first."""
        _check_db_name(name)
        conn = self.connect()
        try:
            conn.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            conn.close()

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_file, lines)

    def stop(self) -> None:
        """Fast shutdown, then delete the whole directory. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if (self.data_dir / "postmaster.pid").exists():
                result = _run(
                    [str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "fast", "-w",
                     "-t", "30"],
                    self._run_as, cwd=self.base_dir, check=False,
                )
                if result.returncode != 0:
                    _kill_postmaster(self.data_dir)
        finally:
            shutil.rmtree(self.base_dir, ignore_errors=True)


def start_postgres(base_dir: Path | None = None) -> PostgresServer:
    """Initialise and start a cluster in ``base_dir`` (created if missing; must be empty).

    Without ``base_dir`` a fresh ``/tmp/senim-pg-*`` directory is used. The server is stopped and
    the directory deleted by ``PostgresServer.stop()``, and at interpreter exit at the latest.
    Raises ``PostgresError`` with the reason (and the server log tail) if anything goes wrong.
    """
    bin_dir, version = find_binaries()
    run_as = _run_as()
    if base_dir is None:
        base_dir = Path(tempfile.mkdtemp(prefix="senim-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    base_dir = base_dir.absolute()
    base_dir.mkdir(parents=True, exist_ok=True)
    if any(base_dir.iterdir()):
        raise PostgresError(f"{base_dir} is not empty; start_postgres() takes over the whole directory")
    try:
        return _start(base_dir, bin_dir, version, run_as)
    except BaseException:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise


def find_binaries(extra_dirs: Sequence[str] = ()) -> tuple[Path, str]:
    """The directory holding initdb, pg_ctl and postgres with the newest version, and that version."""
    candidates: list[str] = list(extra_dirs)
    if os.environ.get("SENIM_PG_BIN"):
        candidates.insert(0, os.environ["SENIM_PG_BIN"])
    for name in _REQUIRED:
        found = shutil.which(name)
        if found:
            candidates.append(os.path.dirname(found))
    candidates.append("/usr/local/bin")
    candidates.extend(sorted(glob.glob("/usr/lib/postgresql/*/bin")))
    best: tuple[tuple[int, int], Path, str] | None = None
    seen: set[tuple[str, ...]] = set()
    for directory in candidates:
        # Resolve each binary: /usr/local/bin/initdb is often a link into /usr/lib/postgresql/N/bin.
        paths = [Path(directory) / name for name in _REQUIRED]
        if not all(p.is_file() and os.access(p, os.X_OK) for p in paths):
            continue
        key = tuple(str(p.resolve()) for p in paths)
        if key in seen:
            continue
        seen.add(key)
        version = _server_version(paths[2])
        if version is None:
            continue
        match = _VERSION.search(version)
        rank = (int(match.group(1)), int(match.group(2) or 0)) if match else (0, 0)
        if best is None or rank > best[0]:
            best = (rank, Path(directory), version)
    if best is None:
        raise PostgresError(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH, in /usr/local/bin "
            "or /usr/lib/postgresql/*/bin; install the postgresql package or set SENIM_PG_BIN"
        )
    return best[1], best[2]


def _start(base_dir: Path, bin_dir: Path, version: str, run_as: _RunAs) -> PostgresServer:
    password = secrets.token_urlsafe(24)
    server = PostgresServer(
        base_dir=base_dir, bin_dir=bin_dir, version=version, port=0, user=SUPERUSER, password=password,
        _run_as=run_as,
    )
    if len(str(server.socket_dir / ".s.PGSQL.65535")) > _SOCKET_PATH_MAX:
        raise PostgresError(f"{base_dir} is too long a path for a unix socket; use a shorter base_dir")
    server.socket_dir.mkdir()
    _hand_over(base_dir, run_as)
    _hand_over(server.socket_dir, run_as)
    _check_traversable(base_dir, run_as)

    pwfile = base_dir / "pwfile"
    _write_owned(pwfile, password + "\n", run_as, mode=0o600)
    try:
        _run(
            [str(bin_dir / "initdb"), "-D", str(server.data_dir), "-U", SUPERUSER, f"--pwfile={pwfile}",
             "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C",
             "--no-sync"],
            run_as, cwd=base_dir, what="initdb",
        )
    finally:
        pwfile.unlink(missing_ok=True)
    with (server.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\ninclude 'senim_test.conf'\n")

    settings = dict(_SETTINGS, unix_socket_directories=f"'{server.socket_dir}'")
    attempts = 5
    for attempt in range(1, attempts + 1):
        server.port = _free_port()
        settings["port"] = str(server.port)
        _write_owned(
            server.data_dir / "senim_test.conf",
            "".join(f"{key} = {value}\n" for key, value in settings.items()),
            run_as, mode=0o600,
        )
        result = _run(
            [str(bin_dir / "pg_ctl"), "start", "-D", str(server.data_dir), "-l", str(server.log_file),
             "-w", "-t", str(int(START_TIMEOUT))],
            run_as, cwd=base_dir, check=False,
        )
        if result.returncode == 0:
            break
        log = server.log_tail()
        _kill_postmaster(server.data_dir)
        if attempt < attempts and any(marker in log for marker in _BIND_ERRORS):
            continue  # another process took the port between probing and binding
        raise PostgresError(
            f"PostgreSQL server ({version}) did not start (pg_ctl exit {result.returncode}).\n"
            f"pg_ctl output:\n{result.stdout.strip()}\n--- last lines of {server.log_file} ---\n{log}"
        )
    atexit.register(server.stop)
    try:
        _wait_until_accepting(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_accepting(server: PostgresServer, timeout: float = START_TIMEOUT) -> None:
    """Connect over TCP with the password until it works: proves address, port and auth."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = server.connect()
        except Exception as exc:  # pg8000 raises InterfaceError/DatabaseError/OSError variants
            if time.monotonic() > deadline:
                raise PostgresError(
                    f"PostgreSQL on 127.0.0.1:{server.port} not accepting connections after "
                    f"{timeout:.0f}s: {exc}\n--- last lines of {server.log_file} ---\n{server.log_tail()}"
                ) from exc
            time.sleep(0.1)
        else:
            conn.close()
            return


def _run_as() -> _RunAs:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return _RunAs()
    try:
        entry = pwd.getpwnam(RUN_AS_WHEN_ROOT)
    except KeyError:
        raise PostgresError(
            f"running as root, and PostgreSQL refuses to run as root, but there is no "
            f"{RUN_AS_WHEN_ROOT!r} OS user to run it as (create one, or run the tests unprivileged)"
        ) from None
    return _RunAs(name=entry.pw_name, uid=entry.pw_uid, gid=entry.pw_gid, home=entry.pw_dir)


def _env(run_as: _RunAs) -> dict[str, str]:
    """The environment minus PG* variables (PGDATA, PGPORT, ... would redirect the tools), C locale."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    if run_as.uid is not None:
        env.update(HOME=run_as.home or "/", USER=run_as.name or "", LOGNAME=run_as.name or "")
    return env


def _run(
    cmd: Sequence[str], run_as: _RunAs, *, cwd: Path, check: bool = True, what: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one PostgreSQL tool as ``run_as``. Output goes to a file, never a pipe: pg_ctl start
    leaves a server running that must not hold our pipe open."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as out:
        try:
            completed = subprocess.run(
                cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                env=_env(run_as), check=False, timeout=START_TIMEOUT + 30, **run_as.popen_kwargs(),
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise PostgresError(f"could not run {cmd[0]}: {exc}") from exc
        out.seek(0)
        output = out.read()
    result = subprocess.CompletedProcess(cmd, completed.returncode, output, None)
    if check and result.returncode != 0:
        raise PostgresError(f"{what or cmd[0]} failed (exit {result.returncode}):\n{output.strip()}")
    return result


def _server_version(postgres: Path) -> str | None:
    try:
        out = subprocess.run(
            [str(postgres), "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out.strip() or None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _hand_over(path: Path, run_as: _RunAs) -> None:
    if run_as.uid is not None and run_as.gid is not None:
        os.chown(path, run_as.uid, run_as.gid)
    path.chmod(0o700)


def _write_owned(path: Path, text: str, run_as: _RunAs, *, mode: int) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    if run_as.uid is not None and run_as.gid is not None:
        os.chown(path, run_as.uid, run_as.gid)


def _check_traversable(path: Path, run_as: _RunAs) -> None:
    """The server user must be able to reach ``path``: every ancestor needs an x bit for it."""
    if run_as.uid is None or run_as.gid is None:
        return
    for parent in path.parents:
        st = parent.stat()
        if st.st_uid == run_as.uid:
            ok = bool(st.st_mode & 0o100)
        elif st.st_gid == run_as.gid:
            ok = bool(st.st_mode & 0o010)
        else:
            ok = bool(st.st_mode & 0o001)
        if not ok:
            raise PostgresError(
                f"{parent} (mode {st.st_mode & 0o777:o}) is not traversable by the {run_as.name!r} user "
                f"the server runs as; put the server directory elsewhere (e.g. under /tmp)"
            )


def _kill_postmaster(data_dir: Path) -> None:
    """Last resort when pg_ctl cannot stop the server: SIGQUIT (immediate shutdown) from postmaster.pid."""
    pid_file = data_dir / "postmaster.pid"
    with contextlib.suppress(OSError, ValueError, IndexError):
        pid = int(pid_file.read_text(encoding="utf-8").splitlines()[0])
        os.kill(pid, signal.SIGQUIT)
        for _ in range(100):
            os.kill(pid, 0)  # raises ProcessLookupError (an OSError) once it is gone
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)


def _tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no log: {exc})"


def _check_db_name(name: str) -> None:
    if not _DB_NAME.match(name):
        raise ValueError(f"database name {name!r} must match {_DB_NAME.pattern}")


__all__ = ["PostgresError", "PostgresServer", "find_binaries", "start_postgres"]
