"""The shared terminal progress bar: silent off a terminal, a transient bar on one."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from senim.cli import common
from senim.cli.common import TerminalProgress


def test_off_a_terminal_nothing_is_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    with TerminalProgress("scanning", unit="bytes") as progress:
        progress.update(advance=10, source="a.txt")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("unit", ["bytes", "items"])
def test_on_a_terminal_the_source_is_shown_escaped(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=buffer, force_terminal=True, width=200))
    progress = TerminalProgress("working", unit=unit)  # type: ignore[arg-type]
    assert progress.enabled
    with progress:
        if unit == "bytes":
            progress.update(advance=2048, source="[red]dir/notes.txt")
        else:
            progress.update(completed=1, total=3, source="[red]dir/file.png")
    shown = buffer.getvalue()
    assert "working" in shown and "[red]" in shown  # markup in a path is shown, not interpreted


def test_the_bar_starts_no_thread_before_the_first_update(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(common, "err_console", Console(file=io.StringIO(), force_terminal=True, width=200))
    # threads compared by identity: Rich does not join the refresh thread of an earlier bar (another
    # test's), which may still be ending while this test starts (a count here was flaky under load)
    before = set(threading.enumerate())
    with TerminalProgress("scanning", unit="bytes") as progress:
        # worker processes are started here: forked only from a single-threaded process
        assert set(threading.enumerate()) - before == set()
        progress.update(advance=1, source="a.txt")
        assert len(set(threading.enumerate()) - before) == 1  # Rich's refresh thread
