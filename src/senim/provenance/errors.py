"""Errors of the provenance service: each message names the problem and the file it concerns."""

from __future__ import annotations

import logging
import re
import sys

__all__ = [
    "CorruptMediaError",
    "ProvenanceError",
    "SignerError",
    "ToolMissingError",
    "UnsupportedFormatError",
    "describe_parser_error",
    "scrub_parser_logs",
]

# Bytes or text a third-party parser quotes from the file: b'...', '...', "..." (any content).
_QUOTED = re.compile(r"b?'(?:[^'\\]|\\.)*'|b?\"(?:[^\"\\]|\\.)*\"", re.DOTALL)
_LONG_TOKEN = re.compile(r"\S{41,}")


def _scrub(text: str) -> str:
    text = _QUOTED.sub("'…'", text.replace("\n", " ").strip())
    return _LONG_TOKEN.sub("…", text)[:160]


def describe_parser_error(exc: BaseException) -> str:
    """A third-party parser's error for a message: its type and text, without what it quotes from the
    file (a damaged document's bytes may be personal data)."""
    text = _scrub(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _scrub(record.getMessage())
        record.args = None
        return True


_SCRUBBED: set[str] = set()
_FILTER = _ScrubFilter()


def scrub_parser_logs(package: str) -> None:
    """Strip quoted file content from a third-party parser's log records (e.g. pypdf's warnings).

    A logger's filters see only the records made on that logger, and parsers log on one logger per
    module (``pypdf._reader``, ...): the filter goes on the package's logger and on the logger of
    every module of the package imported so far (call this after importing the parser).
    """
    names = {package}
    names.update(n for n in sys.modules if n.startswith(package + "."))
    names.update(n for n in logging.Logger.manager.loggerDict if n.startswith(package + "."))
    for name in names - _SCRUBBED:
        logging.getLogger(name).addFilter(_FILTER)
        _SCRUBBED.add(name)


class ProvenanceError(Exception):
    """Base class: labelling or verification cannot go on (the message says why and where)."""


class UnsupportedFormatError(ProvenanceError):
    """The format is not supported, or the file's content does not match its extension."""


class CorruptMediaError(ProvenanceError):
    """The file is truncated, undecodable, or too large to decode safely (a decompression bomb)."""


class SignerError(ProvenanceError):
    """The signing certificate chain or key is missing, unreadable or unfit for C2PA signing."""


class ToolMissingError(ProvenanceError):
    """An external tool (e.g. ``ffmpeg``) is needed and not installed; the message says how to get it."""
