"""Safe YAML loading that keeps line numbers and refuses duplicate keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["YamlError", "load_with_lines"]


@dataclass(frozen=True, slots=True)
class YamlError(Exception):
    """A syntax error or duplicate key, with its 1-based line."""

    message: str
    line: int | None
    path: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _check_timestamp(node: yaml.ScalarNode, path: tuple[str, ...]) -> None:
    """YAML reads ``2026-13-01`` as a date and fails late without a line: check it here."""
    text = str(node.value)
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)
        else:
            dt.datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
    except ValueError:
        raise YamlError(f"invalid date {text!r}", node.start_mark.line + 1, path) from None


def load_with_lines(text: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    """Parse YAML safely; return the data and a map from key path (strings; list indexes too) to line.

    Raises
    ------
    YamlError
        On invalid YAML or a key repeated within one mapping (YAML would silently keep the last).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"invalid YAML: {problem}", line) from None
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    raise YamlError(f"duplicate key {key!r}", key_node.start_mark.line + 1, (*path, key))
                seen.add(key)
                lines[(*path, key)] = key_node.start_mark.line + 1
                walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[(*path, str(i))] = item.start_mark.line + 1
                walk(item, (*path, str(i)))
        elif isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP:
            _check_timestamp(node, path)

    if root is None:
        return None, lines
    walk(root, ())
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # pragma: no cover - compose() and the walk checked it
        raise YamlError(f"invalid YAML: {exc}", None) from None
    return data, lines


def nearest_line(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int | None:
    """The line of ``path`` or of its closest ancestor."""
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None
