"""How answers and classification values are shown to people (tables, Markdown)."""

from __future__ import annotations

__all__ = ["display_value"]


def display_value(value: object, *, joiner: str = ", ") -> str:
    """``None`` -> ``?``, booleans in lower case, lists joined (``-`` when empty)."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return joiner.join(str(v) for v in value) or "-"
    return str(value)
