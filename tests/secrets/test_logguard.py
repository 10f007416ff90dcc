"""The log guard (tests/_logguard.py) can fail: a pytest run in a subprocess plants values in its logs.

The inner runs use a base temporary directory outside this session's, so what they plant never reaches
the logs this session's guard reads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._logguard import scan_logs
from tests.secrets import planted

ROOT = Path(__file__).resolve().parents[2]

LEAKY = textwrap.dedent(
    """
    import logging
    from pathlib import Path

    from tests.secrets import planted


    def test_logs_an_iin() -> None:
        logging.getLogger("senim.some.module").info("row rejected: %s", planted.IIN.value)


    def test_a_server_log_with_an_email(tmp_path: Path) -> None:
        # like a `senim serve` subprocess whose output goes to a file under the base temp dir
        (tmp_path / "server.log").write_text("INFO user " + planted.EMAIL.value.upper() + " signed in\\n")


    def test_a_runtime_secret() -> None:
        token = planted.plant("API token", "snm_runtime-issued-Zq81fW0")
        logging.getLogger("senim.api").warning("bad token %s", token.value)
    """
)

CLEAN = textwrap.dedent(
    """
    import logging

    from tests.secrets import planted


    def test_logs_only_the_kind(tmp_path) -> None:
        logging.getLogger("senim.some.module").info("row rejected: a value of kind %s", planted.IIN.kind)
        (tmp_path / "server.log").write_text("INFO sign-in failed\\n")
    """
)


@pytest.fixture
def outside() -> Iterator[Path]:
    """A directory outside this session's base temp dir (see the module docstring)."""
    path = Path(tempfile.mkdtemp(prefix="senim-logguard-proof-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _inner_pytest(directory: Path, source: str) -> subprocess.CompletedProcess[str]:
    (directory / "tests_inner").mkdir()
    test_file = directory / "tests_inner" / "test_inner.py"
    test_file.write_text(source, encoding="utf-8")
    (directory / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_ADDOPTS": "", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("SENIM_E2E_ARTIFACTS", None)
    return subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "tests._logguard", "-p", "no:cacheprovider",
            "-c", str(directory / "pytest.ini"), "--rootdir", str(directory),
            "--basetemp", str(directory / "basetemp"), str(test_file),
        ],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_guard_fails_a_session_that_leaks_and_names_only_the_kind(outside: Path) -> None:
    run = _inner_pytest(outside, LEAKY)
    output = run.stdout + run.stderr
    assert "3 passed" in output, output  # the tests themselves pass: the guard alone fails the run
    assert run.returncode == 1, output
    assert "LOGGUARD: a planted IIN is in the log logguard/session.log" in output, output
    assert "LOGGUARD: a planted e-mail address is in the log" in output and "server.log" in output, output
    assert "LOGGUARD: a planted API token is in the log logguard/session.log" in output, output
    for value in (planted.IIN.value, planted.EMAIL.value, planted.EMAIL.value.upper(), "Zq81fW0"):
        assert value not in output  # the report never echoes a value


def test_a_clean_session_passes(outside: Path) -> None:
    run = _inner_pytest(outside, CLEAN)
    output = run.stdout + run.stderr
    assert run.returncode == 0 and "1 passed" in output and "LOGGUARD" not in output, output


def test_every_form_of_every_value_is_found(tmp_path: Path) -> None:
    """Each spelling listed for a value is found on its own (written outside any *.log name)."""
    for value in planted.all_planted():
        for form in value.forms:
            path = tmp_path / "probe.txt"
            path.write_text(f"first line\nsomething {form} something\n", encoding="utf-8")
            found = scan_logs([path])
            assert [(f.kind, f.line) for f in found] == [(value.kind, 2)], value.kind
    path = tmp_path / "probe.txt"
    path.write_text("nothing here but 870615 and example.kz\n", encoding="utf-8")
    assert scan_logs([path]) == []
