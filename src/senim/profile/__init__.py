"""The system profile (schema ``senim/system-profile/v1``): models, YAML I/O, JSON Schema."""

from __future__ import annotations

from senim.profile.fields import FieldSpec, profile_fields
from senim.profile.io import ProfileError, dump_profile, load_profile, parse_profile, profile_json_schema
from senim.profile.models import SCHEMA_ID, SystemProfile

__all__ = [
    "SCHEMA_ID",
    "FieldSpec",
    "ProfileError",
    "SystemProfile",
    "dump_profile",
    "load_profile",
    "parse_profile",
    "profile_fields",
    "profile_json_schema",
]
