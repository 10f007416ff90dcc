"""Shared CLI plumbing: output formats, languages, atomic output files, error exits."""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

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
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the usual permissions of a new file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
