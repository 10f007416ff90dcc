"""Errors of the provenance service: each message names the problem and the file it concerns."""

from __future__ import annotations

__all__ = [
    "CorruptMediaError",
    "ProvenanceError",
    "SignerError",
    "ToolMissingError",
    "UnsupportedFormatError",
]


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
