"""The profile contract: field names, unknown fields, unanswered vs false, errors naming path and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from senim.profile import ProfileError, dump_profile, load_profile, parse_profile, profile_json_schema
from senim.profile.fields import profile_fields
from senim.profile.io import parse_profile_text
from senim.profile.template import profile_template
from tests.helpers import BASE, profile_data

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "design" / "system-profile.md"


def _contract_example() -> dict[str, Any]:
    text = CONTRACT.read_text(encoding="utf-8")
    block = text.split("```yaml", 1)[1].split("```", 1)[0]
    data: dict[str, Any] = yaml.safe_load(block)
    return data


def _leaf_paths(data: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in data.items():
        if key == "schema":
            continue
        if isinstance(value, dict) and value:
            out |= _leaf_paths(value, f"{prefix}{key}.")
        else:
            out.add(f"{prefix}{key}")
    return out


@pytest.mark.skipif(not CONTRACT.exists(), reason="shared/design/system-profile.md not present")
def test_contract_example_validates_and_every_contract_field_exists() -> None:
    example = _contract_example()
    profile = parse_profile(example)
    assert profile.id == "retail-credit-scoring"
    assert profile.eu_high_risk.annex_iii == ["5b"]
    fields = profile_fields()
    missing = {p for p in _leaf_paths(example) if p not in fields and p not in ("id",)}
    assert missing == set()


def test_base_profile_round_trips() -> None:
    p = parse_profile(profile_data())
    again = parse_profile(yaml.safe_load(dump_profile(p)))
    assert again == p


def test_unanswered_is_none_not_false() -> None:
    p = parse_profile({"schema": "senim/system-profile/v1", "id": "x"})
    assert p.capabilities.emotion_recognition is None
    assert p.eu_high_risk.annex_iii is None
    assert p.interaction.generates_content is None
    assert p.governance.risk_register_reviewed_on is None


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        (
            {"capabilities.emotion_recogniton": True},
            "capabilities.emotion_recogniton",
            "unknown field (allowed here:",
        ),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"failure_impact": "hgh"}, "failure_impact", "'minimal', 'reduced_efficiency_or_harm' or"),
        ({"roles.kz": ["owner", "boss"]}, "roles.kz.1", "allowed values: 'owner'"),
        ({"eu_high_risk.annex_iii": ["5z"]}, "eu_high_risk.annex_iii.0", "allowed values: '1a'"),
        ({"organization.bin": "990340005978"}, "organization.bin", "not a valid BIN"),
        ({"organization.bin": "12345"}, "organization.bin", "not a valid BIN"),
        (
            {"personal_data.primary_database_country": "Kazakhstan"},
            "personal_data.primary_database_country",
            "pattern",
        ),
        (
            {"personal_data.cross_border_destinations": ["US", "US"]},
            "personal_data.cross_border_destinations",
            "must not repeat",
        ),
        (
            {"personal_data.unique_subjects": -1},
            "personal_data.unique_subjects",
            "greater than or equal to 0",
        ),
        (
            {"governance.logs_retained_months": 10**400},
            "governance.logs_retained_months",
            "less than or equal to 1200",
        ),
        ({"gpai.training_flops": float("inf")}, "gpai.training_flops", "finite number"),
        (
            {"governance.risk_register_reviewed_on": "yesterday"},
            "governance.risk_register_reviewed_on",
            "date",
        ),
        ({"capabilities.social_scoring": "maybe"}, "capabilities.social_scoring", "boolean"),
        ({"id": "Retail Credit!"}, "id", "slug"),
        ({"capabilities": ["manipulation"]}, "capabilities", "dictionary"),
    ],
)
def test_invalid_profiles_name_the_field(overrides: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(ProfileError) as info:
        parse_profile(profile_data(**overrides))
    fields = {p.field for p in info.value.problems}
    assert field in fields, info.value
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"id": "x"}, "required: set 'schema: senim/system-profile/v1'"),
        ({"schema": "senim/system-profile/v2", "id": "x"}, "unsupported schema"),
        ({"schema": "senim/system-profile/v1"}, "required field is missing"),
        (["not", "a", "mapping"], "must be a YAML mapping"),
    ],
)
def test_document_level_errors(data: Any, fragment: str) -> None:
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    assert fragment in str(info.value)


def test_file_errors_carry_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "schema: senim/system-profile/v1\nid: x\ncapabilities:\n"
        "  manipulation: false\n  emotion_recogniton: true\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    problem = info.value.problems[0]
    assert (problem.field, problem.line) == ("capabilities.emotion_recogniton", 5)
    assert str(info.value).startswith(f"{path}:5: capabilities.emotion_recogniton: unknown field")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"schema: senim/system-profile/v1\nid: x\nid: y\n", "duplicate key"),
        (b"schema: [\n", "invalid YAML"),
        ("schema: senim/system-profile/v1\nname: Кредит\n".encode("cp1251"), "not UTF-8"),
        (b"schema: senim/system-profile/v1\nid: x\nplaced_on_market: 2025-02-30\n", "invalid date"),
        (b"", "must be a YAML mapping"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(content)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert fragment in str(info.value)


def test_missing_and_huge_files(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read file"):
        load_profile(tmp_path / "absent.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (3 * 1024 * 1024))
    with pytest.raises(ProfileError, match="larger than"):
        load_profile(big)


def test_alias_bomb_is_harmless(tmp_path: Path) -> None:
    lines = ["schema: senim/system-profile/v1", "id: x", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ProfileError, match="document expands to"):
        load_profile(path)


def test_json_schema_is_strict_and_complete() -> None:
    schema = profile_json_schema()
    json.dumps(schema)
    assert schema["additionalProperties"] is False
    assert "capabilities" in schema["properties"]
    assert schema["required"] == ["schema", "id"]


def test_template_is_valid_and_lists_every_field() -> None:
    text = profile_template("credit-scoring", name='Retail "credit" scoring')
    data = yaml.safe_load(text)
    p = parse_profile(data)
    assert p.id == "credit-scoring" and p.name == 'Retail "credit" scoring'
    assert _leaf_paths(data) - {"id"} >= set(profile_fields()) - {"id"}
    assert "emergency_or_significant_harm" in text and "#" in text


def test_base_is_complete() -> None:
    """The test base profile answers every field (so tests flip one answer at a time)."""
    flat = _leaf_paths(BASE)
    assert set(profile_fields()) - {"id", "description"} <= flat


def test_yaml_1_1_booleans_do_not_eat_country_codes(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "schema: senim/system-profile/v1\nid: x\npersonal_data:\n  cross_border_destinations: [NO, DE]\n",
        encoding="utf-8",
    )
    assert load_profile(path).personal_data.cross_border_destinations == ["NO", "DE"]


def test_unquoted_bin_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "schema: senim/system-profile/v1\nid: x\norganization:\n  bin: 990340005977\n", encoding="utf-8"
    )
    with pytest.raises(ProfileError, match="write the BIN in quotes"):
        load_profile(path)


def test_recursive_alias_is_refused_with_its_line() -> None:
    text = "schema: senim/system-profile/v1\nid: a\nbase: &b { x: *b\n}\nother: *b\n"
    with pytest.raises(ProfileError) as info:
        parse_profile_text(text)
    assert "contains it" in str(info.value) and ":3" in str(info.value)
