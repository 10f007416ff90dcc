"""Load, validate and save system profiles (YAML): errors name the field, line and allowed values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from senim._yaml import YamlError, load_with_lines, nearest_line
from senim.profile.models import SCHEMA_ID, SystemProfile

MAX_PROFILE_BYTES = 2 * 1024 * 1024

__all__ = [
    "MAX_PROFILE_BYTES",
    "Problem",
    "ProfileError",
    "dump_profile",
    "load_profile",
    "parse_profile",
    "profile_json_schema",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a profile."""

    field: str
    message: str
    line: int | None = None

    def render(self, source: str | None = None) -> str:
        where = source or "<profile>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.field or '(document)'}: {self.message}"


class ProfileError(ValueError):
    """A profile that cannot be read or does not satisfy the schema."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        super().__init__("\n".join(p.render(source) for p in problems))


# --------------------------------------------------------------------------- validation errors


def _section_model(loc: tuple[str, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = SystemProfile
    for part in loc:
        info = model.model_fields.get(part)
        if info is None:
            return None
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            model = ann
        else:
            return None
    return model


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _problem_from_error(err: Any, lines: dict[tuple[str, ...], int]) -> Problem:
    loc = tuple(str(p) for p in err["loc"])
    field = ".".join(loc)
    kind = err["type"]
    line = nearest_line(lines, loc)
    if kind == "extra_forbidden":
        parent = _section_model(loc[:-1])
        allowed = ", ".join(_allowed_keys(parent)) if parent else ""
        msg = "unknown field" + (f" (allowed here: {allowed})" if allowed else "")
        return Problem(field, msg, line)
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return Problem(field, f"invalid value {err.get('input')!r}; allowed values: {expected}", line)
    if kind == "missing":
        return Problem(field, "required field is missing", line)
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    value = err.get("input")
    if isinstance(value, str | int | float | bool) and kind not in ("model_type", "dict_type"):
        msg = f"{msg} (got {value!r})"
    return Problem(field, msg, line)


# --------------------------------------------------------------------------- public API


def parse_profile(
    data: Any, *, lines: dict[tuple[str, ...], int] | None = None, source: str | None = None
) -> SystemProfile:
    """Validate a mapping (e.g. parsed YAML or JSON) as a :class:`SystemProfile`.

    Raises
    ------
    ProfileError
        With one :class:`Problem` per invalid field, each naming the dotted path.
    """
    if not isinstance(data, dict):
        raise ProfileError([Problem("", "a profile must be a YAML mapping of fields")], source)
    schema = data.get("schema")
    if schema is None:
        raise ProfileError([Problem("schema", f"required: set 'schema: {SCHEMA_ID}'", 1)], source)
    if schema != SCHEMA_ID:
        raise ProfileError(
            [
                Problem(
                    "schema",
                    f"unsupported schema {schema!r}; expected {SCHEMA_ID!r}",
                    (lines or {}).get(("schema",)),
                )
            ],
            source,
        )
    try:
        return SystemProfile.model_validate(data)
    except ValidationError as exc:
        problems = [_problem_from_error(e, lines or {}) for e in exc.errors()]
        problems.sort(key=lambda pr: (pr.line is None, pr.line or 0, pr.field))
        raise ProfileError(problems, source) from None


def parse_profile_text(text: str, *, source: str | None = None) -> SystemProfile:
    """Parse and validate profile YAML (or JSON, which is YAML) text."""
    if len(text.encode("utf-8", errors="replace")) > MAX_PROFILE_BYTES:
        raise ProfileError([Problem("", f"file is larger than {MAX_PROFILE_BYTES} bytes")], source)
    try:
        data, lines = load_with_lines(text)
    except YamlError as exc:
        field = ".".join(exc.path)
        raise ProfileError([Problem(field, exc.message, exc.line)], source) from None
    return parse_profile(data, lines=lines, source=source)


def load_profile(path: str | Path) -> SystemProfile:
    """Read a profile file (UTF-8 YAML or JSON)."""
    p = Path(path)
    source = str(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ProfileError([Problem("", f"cannot read file: {exc.strerror or exc}")], source) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError([Problem("", f"file is larger than {MAX_PROFILE_BYTES} bytes")], source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError(
            [Problem("", f"not UTF-8 text (invalid byte at offset {exc.start}); save the file as UTF-8")],
            source,
        ) from None
    return parse_profile_text(text, source=source)


def profile_to_data(profile: SystemProfile) -> dict[str, Any]:
    """The profile as plain JSON-compatible data, unanswered fields left out."""
    data: dict[str, Any] = profile.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def dump_profile(profile: SystemProfile) -> str:
    """Serialise a profile to YAML (keys in schema order; unanswered fields omitted)."""
    return yaml.safe_dump(profile_to_data(profile), sort_keys=False, allow_unicode=True, width=100)


def profile_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the profile."""
    schema: dict[str, Any] = SystemProfile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://senim.kz/schemas/system-profile/v1.json"
    schema["title"] = "Senim system profile (senim/system-profile/v1)"
    schema["required"] = ["schema", "id"]
    schema["properties"]["id"]["pattern"] = "^[a-z0-9][a-z0-9_-]{0,127}$"
    return schema


def profile_json_schema_text() -> str:
    return json.dumps(profile_json_schema(), indent=2, ensure_ascii=False)
