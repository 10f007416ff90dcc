"""Invalid packs fail to load with the file and line; versions, extends and the catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from senim.law import Catalog, PackError, default_catalog, load_pack_file

DEMO = Path(__file__).parent / "fixtures" / "packs" / "demo" / "2026-01-01.yaml"
TEXT = DEMO.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "2026-01-01.yaml") -> Path:
    folder = tmp_path / "demo"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "message", "anchor"),
    [
        (
            "when: \"decision_mode == 'no_human_override'\"",
            "when: \"decision_mode == 'nobody'\"",
            "'nobody' is not a possible value",
            "decision_mode == 'nobody'",
        ),
        (
            "when: \"failure_impact == 'minimal'\"",
            "when: \"failure_imp == 'minimal'\"",
            "unknown profile field 'failure_imp'",
            "failure_imp ==",
        ),
        (
            "when: \"failure_impact == 'minimal'\"",
            "when: \"failure_impact == 'minimal' and\"",
            "expected a value",
            "'minimal' and",
        ),
        ("    verification: U\n", "    verification: X\n", "verification", "verification: X"),
        ("    effect: manual_review\n", "    effect: advise\n", "effect", "effect: advise"),
        (
            "    penalty: PEN-1\n  - id: DEMO-REVIEW",
            "    penalty: PEN-2\n  - id: DEMO-REVIEW",
            "unknown penalty 'PEN-2'",
            "penalty: PEN-2",
        ),
        ("  - id: DEMO-LABEL", "  - id: DEMO-REVIEW", "duplicate rule id 'DEMO-REVIEW'", "id: DEMO-REVIEW\n"),
        (
            'title: {kk: "Шолу", ru: "Пересмотр", en: "Annual risk review"}',
            'title: {ru: "Пересмотр", en: "Annual"}',
            "title.kk",
            'title: {ru: "Пересмотр"',
        ),
        (
            "    due: {after: governance.risk_register_reviewed_on, period: P1Y}",
            "    due: {after: governance.risk_register_reviewed_on, period: yearly}",
            "invalid period",
            "period: yearly",
        ),
        (
            "    due: {after: governance.risk_register_reviewed_on, period: P1Y}",
            "    due: {after: governance.suspension_procedure, period: P1Y}",
            "is not a date field",
            "suspension_procedure",
        ),
        ("    actor: [any]", "    actor: [boss]", "actor 'boss' is not a role", "actor: [boss]"),
        (
            "    evidence: [document:risk_management]",
            "    evidence: [document:diary]",
            "unknown evidence kind",
            "document:diary",
        ),
        (
            "    sets: {risk_level: high}",
            "    sets: {risk_level: extreme}",
            "'extreme' is not a value",
            "extreme",
        ),
        ("    effective_from: 2027-12-02", "    effective_from: 2027-13-02", "invalid date", "2027-13-02"),
        ("  - id: DEMO-AUTONOMY", "  - id: DEMO-AUTONOMY\n    colour: red", "unknown key", "colour: red"),
    ],
)
def test_malformed_pack_names_file_and_line(
    tmp_path: Path, old: str, new: str, message: str, anchor: str
) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(PackError) as info:
        load_pack_file(path)
    err = info.value
    assert message in str(err)
    assert err.path == str(path.resolve()) or err.path == str(path)
    start = TEXT[: TEXT.index(old)].count("\n")
    expected = start + line_of("\n".join(text.splitlines()[start:]), anchor.rstrip("\n"))
    assert err.line is not None and abs(err.line - expected) <= 1, (err.line, expected, str(err))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [", "invalid YAML"),
        ("- a\n- b\n", "must be a YAML mapping"),
        ("schema: senim/rule-pack/v1\nid: demo\nid: demo\n", "duplicate key 'id'"),
    ],
)
def test_unreadable_packs(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PackError, match=message):
        load_pack_file(write(tmp_path, text))


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes("title: Закон".encode("cp1251"))
    with pytest.raises(PackError, match="not UTF-8"):
        load_pack_file(path)


def test_file_name_must_be_version(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="file name must be the version"):
        load_pack_file(write(tmp_path, TEXT, "latest.yaml"))


def test_fact_cycle(tmp_path: Path) -> None:
    text = TEXT.replace(
        "    expr: \"any_fired('prohibit')\"", "    expr: \"any_fired('prohibit') and $prohibited_any\""
    )
    with pytest.raises(PackError, match="circular definition"):
        load_pack_file(write(tmp_path, text))


def test_extends_replaces_removes_and_appends(tmp_path: Path) -> None:
    write(tmp_path, TEXT)
    child = """\
schema: senim/rule-pack/v1
id: demo
version: "2027-01-01"
status: in_force
valid_from: 2027-01-01
extends: "2026-01-01"
remove: [DEMO-AUTONOMY]
verification_cap: S
rules:
  - id: DEMO-FUTURE
    article: "5(1)"
    effect: obligation
    title: {kk: "Жаңа", ru: "Новое", en: "Amended duty"}
    actor: [owner]
    effective_from: 2028-08-02
    source_url: https://example.org/demo
    verification: C
  - id: DEMO-NEW
    article: "7"
    effect: document
    title: {kk: "Құжат", ru: "Документ", en: "New document"}
    actor: [owner]
    source_url: https://example.org/demo
    verification: C
"""
    pack = load_pack_file(write(tmp_path, child, "2027-01-01.yaml"))
    assert pack.extends == "2026-01-01"
    assert "DEMO-AUTONOMY" not in pack.by_id
    assert pack.by_id["DEMO-FUTURE"].title.en == "Amended duty"
    assert pack.by_id["DEMO-FUTURE"].effective_from == dt.date(2028, 8, 2)
    assert pack.by_id["DEMO-NEW"].effective_from == dt.date(2027, 1, 1)  # the child's valid_from
    assert pack.by_id["DEMO-REVIEW"].effective_from == dt.date(2026, 1, 1)  # inherited default
    assert {r.verification for r in pack.rules} == {"S"}  # capped
    assert [r.id for r in pack.rules][:3] == ["DEMO-HIGH", "DEMO-MEDIUM", "DEMO-MINIMAL"]

    cat = Catalog([tmp_path])
    assert cat.resolve("demo", dt.date(2026, 6, 1)).version == "2026-01-01"
    assert cat.resolve("demo", dt.date(2027, 6, 1)).version == "2027-01-01"
    assert cat.resolve("demo", dt.date(2020, 1, 1)).version == "2026-01-01"
    assert cat.resolve("demo@2026-01-01", dt.date(2027, 6, 1)).version == "2026-01-01"
    with pytest.raises(PackError, match="unknown version"):
        cat.resolve("demo@1999", dt.date(2027, 6, 1))
    with pytest.raises(PackError, match="unknown pack"):
        cat.resolve("nope", dt.date(2027, 6, 1))


def test_extends_errors(tmp_path: Path) -> None:
    write(tmp_path, TEXT)
    bad = "schema: senim/rule-pack/v1\nid: demo\nversion: '2027'\nextends: '1999'\n"
    with pytest.raises(PackError, match="extends unknown version"):
        load_pack_file(write(tmp_path, bad, "2027.yaml"))
    bad = "schema: senim/rule-pack/v1\nid: demo\nversion: '2028'\nextends: '2026-01-01'\nremove: [NOPE]\n"
    with pytest.raises(PackError, match="no inherited rule or penalty 'NOPE'"):
        load_pack_file(write(tmp_path, bad, "2028.yaml"))


def test_every_builtin_pack_loads() -> None:
    cat = default_catalog()
    assert {"kz-ai-law", "kz-personal-data", "eu-ai-act"} <= set(cat.pack_ids())
    for pid in cat.pack_ids():
        for pack in cat.all_versions(pid):
            assert pack.rules
            for rule in pack.rules:
                assert rule.verification in {"C", "S", "U"}
                assert rule.article and rule.source_url.startswith("http")
                assert all(getattr(rule.title, lang) for lang in ("kk", "ru", "en"))
