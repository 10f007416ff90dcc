"""A flat catalogue of the profile's answerable fields (dotted paths), derived from the models.

Rule packs reference these paths; the condition compiler uses the catalogue to reject unknown
fields and enumeration values that the profile cannot hold.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from senim.profile.models import SystemProfile

Kind = Literal["bool", "enum", "int", "float", "date", "str", "list"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One answerable profile field."""

    path: str
    kind: Kind
    values: tuple[str, ...] | None  # allowed values of an enum, or of a list's items
    item_kind: Kind | None  # for lists: the kind of the items
    description: str


def _unwrap_optional(tp: Any) -> Any:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _strip_annotated(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    return tp


def _scalar_kind(tp: Any) -> tuple[Kind, tuple[str, ...] | None]:
    tp = _strip_annotated(tp)
    if get_origin(tp) is Literal:
        return "enum", tuple(str(a) for a in get_args(tp))
    if tp is bool:
        return "bool", None
    if tp is int:
        return "int", None
    if tp is float:
        return "float", None
    if tp is dt.date:
        return "date", None
    if tp is str:
        return "str", None
    raise TypeError(f"unsupported profile field type: {tp!r}")


def _walk(model: type[BaseModel], prefix: str, out: dict[str, FieldSpec]) -> None:
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key == "schema":
            continue
        path = f"{prefix}{key}"
        tp = _strip_annotated(_unwrap_optional(info.annotation))
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            _walk(tp, path + ".", out)
            continue
        if get_origin(tp) is list:
            item_kind, values = _scalar_kind(get_args(tp)[0])
            out[path] = FieldSpec(path, "list", values, item_kind, info.description or "")
            continue
        kind, values = _scalar_kind(tp)
        out[path] = FieldSpec(path, kind, values, None, info.description or "")


@cache
def profile_fields() -> dict[str, FieldSpec]:
    """Every answerable leaf field of :class:`SystemProfile`, keyed by dotted path."""
    out: dict[str, FieldSpec] = {}
    _walk(SystemProfile, "", out)
    return out


@cache
def section_names() -> frozenset[str]:
    """Dotted paths of the nested sections (not answerable themselves)."""
    names: set[str] = set()
    for path in profile_fields():
        parts = path.split(".")
        for i in range(1, len(parts)):
            names.add(".".join(parts[:i]))
    return frozenset(names)
