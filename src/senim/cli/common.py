"""Shared CLI plumbing: output formats, languages, atomic output files, error exits."""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import Any, Literal, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from senim._files import atomic_write_bytes

EXIT_OK = 0
EXIT_INVALID = 2


def _console() -> Console:
    probe = Console()
    # Piped or redirected output (CI logs, `make demo`) gets room for the tables instead of 80 columns.
    return Console(highlight=False, soft_wrap=False, width=None if probe.is_terminal else 140)


console = _console()
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class Lang(enum.StrEnum):
    kk = "kk"
    ru = "ru"
    en = "en"


class TableFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"


class OnError(enum.StrEnum):
    """What a run does with an unreadable record or file: stop (``fail``) or report it and go on."""

    fail = "fail"
    skip = "skip"


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: invalid date {value!r}; use YYYY-MM-DD")


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    err_console.print(f"[bold red]error:[/bold red] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def write_output(text: str, output: Path | None) -> None:
    """Print, or write a file atomically (a temporary file renamed into place: never half-written)."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    write_bytes((text if text.endswith("\n") else text + "\n").encode("utf-8"), output)


def write_bytes(data: bytes, output: Path) -> None:
    """Write ``data`` to ``output`` atomically: a temporary file in the same folder renamed into place."""
    target = output.resolve()
    if not target.parent.is_dir():
        fail(f"--output: directory {target.parent} does not exist")
    atomic_write_bytes(data, target)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


class TerminalProgress:
    """A transient Rich progress bar on standard error, shown only when that is a terminal.

    ``unit="bytes"`` shows bytes done and the transfer speed (scans); ``unit="items"`` shows
    ``done/total`` and the elapsed time (folders of files). ``source`` names what is being worked on
    (the last 60 characters are shown, escaped).
    """

    def __init__(self, label: str, *, unit: Literal["bytes", "items"]) -> None:
        self.label = label
        self.unit = unit
        self.enabled = err_console.is_terminal
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> TerminalProgress:
        # the bar (and Rich's refresh thread) starts at the first update, so that worker processes
        # started before it are forked from a single-threaded process (senim.privacy.run)
        return self

    def _start(self) -> None:
        if self.enabled and self._progress is None:
            from rich import progress as rp

            middle: tuple[Any, ...] = (
                (rp.DownloadColumn(), rp.TransferSpeedColumn())
                if self.unit == "bytes"
                else (rp.MofNCompleteColumn(), rp.TimeElapsedColumn())
            )
            self._progress = rp.Progress(
                rp.TextColumn(self.label),
                rp.BarColumn(),
                *middle,
                rp.TextColumn("{task.fields[source]}"),
                console=err_console,
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(self.label, total=None, source="")

    def update(
        self, *, advance: int | None = None, completed: int | None = None, total: int | None = None,
        source: str = "",
    ) -> None:
        self._start()
        if self._progress is not None:
            self._progress.update(
                self._task, advance=advance, completed=completed, total=total, source=escape(source[-60:])
            )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)
