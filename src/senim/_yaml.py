"""Safe YAML loading that keeps line numbers and refuses duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["YamlProblem", "load_with_lines"]


@dataclass(frozen=True, slots=True)
class YamlProblem(Exception):
    """A syntax error or duplicate key, with its 1-based line."""

    message: str
    line: int | None
    path: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message


def load_with_lines(text: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    """Parse YAML safely; return the data and a map from key path (strings; list indexes too) to line.

    Raises
    ------
    YamlProblem
        On invalid YAML or a key repeated within one mapping (YAML would silently keep the last).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlProblem(f"invalid YAML: {problem}", line) from None
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    raise YamlProblem(f"duplicate key {key!r}", key_node.start_mark.line + 1, (*path, key))
                seen.add(key)
                lines[(*path, key)] = key_node.start_mark.line + 1
                walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[(*path, str(i))] = item.start_mark.line + 1
                walk(item, (*path, str(i)))

    if root is None:
        return None, lines
    walk(root, ())
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:  # pragma: no cover - compose() has already parsed it
        raise YamlProblem(f"invalid YAML: {exc}", None) from None
    return data, lines


def nearest_line(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int | None:
    """The line of ``path`` or of its closest ancestor."""
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None
