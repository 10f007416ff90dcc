"""The detector registry: the packaged file loads; invalid data fails with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from senim.privacy.detectors.registry import (
    RegistryError,
    check_pattern,
    default_registry,
    load_registry,
    parse_registry,
)
from senim.privacy.types import ENTITIES

GOOD = """
version: 1
detectors:
  - id: kz.iin
    entity: KZ_IIN
    patterns: ['\\b[0-9]{12}\\b']
    validator: kz_iin
    score: 0.85
    context: {ru: [иин]}
"""


def test_packaged_registry() -> None:
    detectors = default_registry()
    ids = [d.id for d in detectors]
    assert len(ids) == len(set(ids))
    assert {d.entity for d in detectors} == set(ENTITIES) - {"PERSON", "STREET_ADDRESS"}
    for det in detectors:
        for pattern in det.patterns:
            check_pattern(pattern)
        assert 0 < det.score <= 1
        if det.requires_context:
            assert det.context_words or det.columns


def test_the_non_ascii_class_is_the_one_negated_class() -> None:
    from senim.privacy.detectors.registry import NON_ASCII

    check_pattern("[0-9]" + NON_ASCII + "[0-9]")
    compiled = re.compile("[0-9]" + NON_ASCII + "+[0-9]", re.ASCII)
    assert compiled.fullmatch("1яғ2") and not compiled.fullmatch("1a2") and not compiled.fullmatch("1\x002")


def test_parse_minimal() -> None:
    (det,) = parse_registry(GOOD)
    assert det.id == "kz.iin" and det.context_words == ("иин",) and det.enabled


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("entity: KZ_IIN", "entity: KZ_TIN"), "entity must be one of"),
        (("validator: kz_iin", "validator: nope"), "validator must be one of"),
        (("score: 0.85", "score: 1.5"), "score must be a number"),
        (("score: 0.85", "score: true"), "score must be a number"),
        (("[0-9]{12}", "\\d{12}"), "escape \\d is not allowed"),
        (("[0-9]{12}", "[^a]{12}"), "negated character classes"),
        (("[0-9]{12}", "[^\\x00-\\x7e]{12}"), "negated character classes"),
        (("[0-9]{12}", "[a[^\\x00-\\x7f]]{12}"), "escape \\x is not allowed"),
        (("[0-9]{12}", "(?<=a)[0-9]{12}"), "only (?:...) groups"),
        (("[0-9]{12}", "[0-9]{12}."), "unescaped '.'"),
        (("[0-9]{12}", "([0-9]{12})"), "capturing groups"),
        (("\\b[0-9]{12}\\b", "[0-9]{0,12}"), "empty string"),
        (("[0-9]{12}", "[0-9]{12}ы"), "ASCII"),
        (("context: {ru: [иин]}", "context: {de: [x]}"), "context must map"),
        (("context: {ru: [иин]}", "context: {ru: ['']}"), "non-empty strings"),
        (("id: kz.iin", "id: KZ IIN"), "id must be"),
        (("    score: 0.85", "    score: 0.85\n    colour: red"), "unknown field"),
        (("version: 1", "version: 2"), "version: 1"),
        (("    score: 0.85", "    score: 0.85\n    params: {implausible_score: high}"), "params"),
    ],
)
def test_invalid(change: tuple[str, str], message: str) -> None:
    text = GOOD.replace(*change, 1)
    assert text != GOOD
    with pytest.raises(RegistryError) as info:
        parse_registry(text)
    assert message in str(info.value)


def test_repeated_id_and_requires_context_without_words() -> None:
    entry = GOOD.split("detectors:\n", 1)[1]
    with pytest.raises(RegistryError, match="repeated"):
        parse_registry(GOOD + entry)
    with pytest.raises(RegistryError, match="requires_context needs"):
        parse_registry(GOOD.replace("    context: {ru: [иин]}", "    requires_context: true"))


def test_bad_yaml_and_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="line"):
        parse_registry("version: 1\ndetectors: [\n")
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.yaml")
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace("score: 0.85", "score: 2"), "utf-8")
    with pytest.raises(RegistryError, match=r"r\.yaml"):
        load_registry(path)
