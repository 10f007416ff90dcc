"""Safe YAML loading that keeps line numbers and refuses duplicate keys."""

from __future__ import annotations

import datetime as dt
import re
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


_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """Safe loading with YAML 1.2 booleans: only true/false. YAML 1.1 also reads yes/no/on/off as
    booleans, which silently turns the country code NO (Norway) into false."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_LOADER = _Loader
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_EXPANDED_NODES = 200_000


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds once aliases are expanded (memoised over the node graph)."""
    memo: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the current path: an alias back to one of them is a cycle
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in memo:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                children += [k, v]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if done:
            memo[id(node)] = 1 + sum(memo.get(id(c), 0) for c in children)
            open_nodes.discard(id(node))
            continue
        if id(node) in open_nodes:
            continue  # already expanding below a sibling's path
        for c in children:
            if id(c) in open_nodes or c is node:
                raise YamlError(
                    "an alias (*name) refers to a value that contains it: the document is infinite",
                    c.start_mark.line + 1,
                )
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in memo)
    return memo[id(root)]


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
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"invalid YAML: {problem}", line) from None
    lines: dict[tuple[str, ...], int] = {}
    if root is not None:
        expanded = _expanded_size(root)
        if expanded > MAX_EXPANDED_NODES:
            raise YamlError(
                f"document expands to {expanded} values (more than {MAX_EXPANDED_NODES}); "
                "are YAML aliases (*name) repeating large parts?",
                None,
            )
    visited: set[int] = set()

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if id(node) in visited:  # an alias: its lines were recorded where the anchor is
            return
        visited.add(id(node))
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
        data = yaml.constructor.SafeConstructor().construct_document(root)
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
