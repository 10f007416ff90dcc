"""Log guard: fail the pytest session if a planted secret or personal value reaches a log.

Registered from ``tests/conftest.py`` (``pytest_plugins``). For the whole session it

* attaches a handler to the root logger at INFO (lowering the root level to INFO if it was higher)
  that writes every record, with its traceback, to ``<basetemp>/logguard/session.log``;
* at the end of the session reads that file, every ``*.log`` file under the pytest base temporary
  directory (the logs of ``senim serve`` and demo servers the tests start in subprocesses) and every
  file registered with :func:`watch_log`, and looks in them for each form of every value of
  :mod:`tests.secrets.planted`.

A hit turns the session's exit status into 1 and prints which *kind* of value was found, in which
log and on which line, never the value itself. ``--no-logguard`` switches the guard off.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.secrets.planted import all_planted

__all__ = ["Finding", "scan_logs", "watch_log"]

LOG_NAME = "session.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MAX_BYTES = 512 * 1024 * 1024  # a log beyond this is read in part: say so rather than hang
_KEY = pytest.StashKey["_Guard"]()
_extra_logs: list[Path] = []


def watch_log(path: Path) -> None:
    """Also check ``path`` at the end of the session (for a log written outside the base temp dir)."""
    _extra_logs.append(Path(path))


@dataclass(frozen=True)
class Finding:
    kind: str
    log: Path
    line: int


def _forms() -> list[tuple[str, bytes]]:
    return [(p.kind, form.encode("utf-8")) for p in all_planted() for form in p.forms]


def scan_logs(paths: Iterable[Path]) -> list[Finding]:
    """The planted values found in ``paths`` (first line of each kind per file)."""
    forms = _forms()
    found: list[Finding] = []
    seen: set[Path] = set()
    for given in paths:
        path = given.resolve()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        with path.open("rb") as fh:
            data = fh.read(_MAX_BYTES)
        lower = data.lower()
        kinds: set[str] = set()
        for kind, form in forms:
            if kind in kinds:
                continue
            at = lower.find(form.lower())
            if at >= 0:
                kinds.add(kind)
                found.append(Finding(kind, path, data.count(b"\n", 0, at) + 1))
    return found


def _server_logs(base: Path) -> Iterator[Path]:
    yield from sorted(p for p in base.rglob("*.log") if p.is_file())


class _Guard:
    def __init__(self, base: Path) -> None:
        self.base = base
        directory = base / "logguard"
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / LOG_NAME
        self.handler = logging.FileHandler(self.path, encoding="utf-8", delay=False)
        self.handler.setLevel(logging.INFO)
        self.handler.setFormatter(logging.Formatter(_FORMAT))
        self.previous_level = logging.getLogger().level
        self.findings: list[Finding] = []
        self.attach()

    def attach(self) -> None:
        root = logging.getLogger()
        if self.handler not in root.handlers:
            root.addHandler(self.handler)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)

    def finish(self) -> list[Finding]:
        root = logging.getLogger()
        root.removeHandler(self.handler)
        self.handler.close()
        root.setLevel(self.previous_level)
        logs = [self.path, *_server_logs(self.base), *_extra_logs]
        artifacts = os.environ.get("SENIM_E2E_ARTIFACTS")
        if artifacts and Path(artifacts).is_dir():
            logs.extend(_server_logs(Path(artifacts)))
        self.findings = scan_logs(logs)
        return self.findings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-logguard",
        action="store_true",
        default=False,
        help="do not check the session's logs for planted secrets and personal values (tests/_logguard.py)",
    )


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if config.getoption("--no-logguard") or config.getoption("collectonly"):
        return
    factory: pytest.TempPathFactory = config._tmp_path_factory  # type: ignore[attr-defined]
    config.stash[_KEY] = _Guard(factory.getbasetemp())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Put the handler back if a test or library reconfigured logging and dropped it."""
    guard = item.config.stash.get(_KEY, None)
    if guard is not None:
        guard.attach()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    guard = session.config.stash.get(_KEY, None)
    if guard is None:
        return
    if guard.finish() and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    guard = config.stash.get(_KEY, None)
    if guard is None or not guard.findings:
        return
    tr = terminalreporter
    tr.section("log guard: planted values found in logs", sep="=", red=True, bold=True)
    for f in guard.findings:
        try:
            where = f.log.relative_to(guard.base)
        except ValueError:
            where = f.log
        tr.line(f"LOGGUARD: a planted {f.kind} is in the log {where} (line {f.line})", red=True)
    tr.line(f"(base temporary directory {guard.base}; the values are in tests/secrets/planted.py)")
