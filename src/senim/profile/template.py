"""A commented profile template, generated from the models so that it never drifts from the schema."""

from __future__ import annotations

import json
import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from senim.profile.fields import profile_fields
from senim.profile.models import SCHEMA_ID, SystemProfile

__all__ = ["profile_template"]

_HEADER = """\
# Senim system profile ({schema}).
# One file describes ONE AI system. Answer what you know; leave `null` what you do not:
# an unanswered field is never read as "no" — it becomes an open question in the assessment.
# Lists: [] means "none", null means "not answered". Dates: YYYY-MM-DD.
# Validate with `senim profile validate FILE`; assess with `senim assess FILE`.
"""


def _is_section(annotation: Any) -> type[BaseModel] | None:
    tp = annotation
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        tp = args[0] if len(args) == 1 else tp
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def _emit(model: type[BaseModel], prefix: str, indent: int, out: list[str], example: dict[str, Any]) -> None:
    specs = profile_fields()
    pad = "  " * indent
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in ("schema", "id"):
            continue
        path = f"{prefix}{key}"
        section = _is_section(info.annotation)
        if section is not None:
            out.append(f"{pad}{key}:")
            _emit(section, path + ".", indent + 1, out, example)
            continue
        spec = specs[path]
        hint = spec.description
        if spec.values:
            joined = " | ".join(spec.values)
            hint += f"  [{'list of: ' if spec.kind == 'list' else ''}{joined}]"
        elif spec.kind == "list":
            hint += f"  [list of {spec.item_kind}]"
        elif spec.kind != "str":
            hint += f"  [{spec.kind}]"
        value = example.get(path, "null")
        out.append(f"{pad}{key}: {value}".ljust(48) + f"  # {hint}")


def profile_template(system_id: str = "my-ai-system", name: str | None = None) -> str:
    """YAML text of a fully commented, unanswered profile."""
    SystemProfile.model_validate({"schema": SCHEMA_ID, "id": system_id})  # the id must be a valid slug
    out = [_HEADER.format(schema=SCHEMA_ID).rstrip("\n"), f"schema: {SCHEMA_ID}", f"id: {system_id}"]
    example = {"name": json.dumps(name, ensure_ascii=False) if name else "null"}
    _emit(SystemProfile, "", 0, out, example)
    return "\n".join(out) + "\n"
