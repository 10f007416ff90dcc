"""Errors raised by :mod:`senim.audits`.

Every message names what is wrong and where: the column, file, row or model concerned, so the
command line can print it as it is (exit code 2) and a caller can show it to the person who supplied
the data.
"""

from __future__ import annotations

__all__ = ["AuditError", "AuditInputError", "FeatureMismatchError", "ModelLoadError"]


class AuditError(Exception):
    """Base class of every audit error; the message names the problem and the column/file/row."""


class AuditInputError(AuditError):
    """Unusable input: missing columns, missing values, a non-binary target without a positive label,
    empty data, an unreadable file or query, a bad thresholds file."""


class ModelLoadError(AuditError):
    """A model that cannot be loaded safely: unknown or unsafe format, pickle without trust,
    untrusted types in a skops file."""


class FeatureMismatchError(AuditError):
    """The model's features do not match the columns of the data."""
