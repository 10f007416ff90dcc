"""Differences between two versions of a system profile, field by field (dotted paths).

An absent field and ``null`` are the same answer (unanswered); lists are compared as whole values
(the profile's lists are sets of choices, and a reordering is a change the user made).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Change", "flatten", "profile_diff"]

ChangeKind = Literal["answered", "cleared", "changed"]


@dataclass(frozen=True, slots=True)
class Change:
    """One field that differs: ``answered`` (was unanswered), ``cleared`` (now unanswered) or ``changed``."""

    path: str
    kind: ChangeKind
    before: Any
    after: Any


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Leaf values of nested profile data by dotted path; ``None`` leaves and empty sections are left out."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, path + "."))
        elif value is not None:
            out[path] = value
    return out


def profile_diff(a: Mapping[str, Any] | None, b: Mapping[str, Any]) -> list[Change]:
    """The changes from profile data ``a`` (``None``: no earlier version) to ``b``, sorted by path."""
    before = flatten(a or {})
    after = flatten(b)
    changes: list[Change] = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new and type(old) is type(new):
            continue
        if old is None:
            changes.append(Change(path, "answered", None, new))
        elif new is None:
            changes.append(Change(path, "cleared", old, None))
        else:
            changes.append(Change(path, "changed", old, new))
    return changes
