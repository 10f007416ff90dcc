"""Senim's personal-data scanner: find, validate and redact personal data in Kazakh, Russian and
English text and tables.

The public surface (contract: ``shared/design/scan-contract.md``):

- :func:`scan_text`, :func:`scan_table` → :class:`Finding` lists;
- :func:`redact_text`, :func:`redact_table` with masks, entity tokens or keyed
  :class:`Pseudonymizer` pseudonyms;
- :class:`Scanner`, the per-batch function every runner shares; :func:`scan_paths` for files;
- :mod:`senim.privacy.presidio` for Presidio users.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from senim.privacy.types import ENTITIES, Batch, Finding, ReadError, Span

if TYPE_CHECKING:
    from senim.privacy.api import redact_table, redact_text, scan_table, scan_text
    from senim.privacy.redact import Pseudonymizer, load_key
    from senim.privacy.run import RedactOptions, scan_paths
    from senim.privacy.scanner import Scanner

__all__ = [
    "ENTITIES",
    "Batch",
    "Finding",
    "Pseudonymizer",
    "ReadError",
    "RedactOptions",
    "Scanner",
    "Span",
    "load_key",
    "redact_table",
    "redact_text",
    "scan_paths",
    "scan_table",
    "scan_text",
]

_LAZY = {
    "scan_text": "senim.privacy.api",
    "scan_table": "senim.privacy.api",
    "redact_text": "senim.privacy.api",
    "redact_table": "senim.privacy.api",
    "Pseudonymizer": "senim.privacy.redact",
    "load_key": "senim.privacy.redact",
    "RedactOptions": "senim.privacy.run",
    "scan_paths": "senim.privacy.run",
    "Scanner": "senim.privacy.scanner",
}


def __getattr__(name: str) -> Any:
    # Lazy: `senim.privacy.detectors.kz.iin_bin` is imported by the profile validator, which must
    # not pay for the scanner's engine and models.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'senim.privacy' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
