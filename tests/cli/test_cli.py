"""The `senim` command: exit codes, formats, languages, errors and atomic output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from senim.cli.app import app
from tests.helpers import profile_data

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "profiles"


def write_profile(tmp_path: Path, name: str = "p.yaml", **overrides: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(profile_data(**overrides), allow_unicode=True), encoding="utf-8")
    return path


def test_help_and_version() -> None:
    assert runner.invoke(app, ["--help"]).exit_code == 0
    out = runner.invoke(app, ["--version"])
    assert out.exit_code == 0 and "senim" in out.output


def test_assess_json_matches_the_contract(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        **{"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_setting": "workplace"},
    )
    out = runner.invoke(app, ["assess", str(path), "--format", "json", "--as-of", "2026-11-26"])
    assert out.exit_code == 0, out.output  # a prohibited practice is a finding, not a failure
    data = json.loads(out.stdout)
    assert data["schema"] == "senim/assessment/v1" and data["as_of"] == "2026-11-26"
    packs = [r["pack"] for r in data["results"]]
    assert packs == ["kz-ai-law", "kz-personal-data", "eu-ai-act"]
    eu = data["results"][2]
    assert eu["version"] == "2026-07-27"
    assert eu["classification"]["risk_tier"] == "prohibited"
    assert {"rule", "article", "title", "why"} <= set(eu["prohibited"][0])
    kz = data["results"][0]
    assert {"risk_level", "autonomy_level", "usage_mode"} <= set(kz["classification"])


def test_several_profiles_give_a_json_array_and_a_summary(tmp_path: Path) -> None:
    a = write_profile(tmp_path, "a.yaml", id="system-a")
    b = write_profile(tmp_path, "b.yaml", id="system-b")
    out = runner.invoke(app, ["assess", str(a), str(b), "-f", "json"])
    assert [d["system"] for d in json.loads(out.stdout)] == ["system-a", "system-b"]
    table = runner.invoke(app, ["assess", str(a), str(b)])
    assert table.exit_code == 0 and "Summary" in table.output


def test_invalid_profile_exits_2_naming_the_field(tmp_path: Path) -> None:
    good = write_profile(tmp_path, "good.yaml")
    bad = write_profile(tmp_path, "bad.yaml", failure_impact="catastrophic")
    out_file = tmp_path / "out.json"
    out = runner.invoke(app, ["assess", str(good), str(bad), "-f", "json", "-o", str(out_file)])
    assert out.exit_code == 2
    assert "failure_impact" in out.stderr and "catastrophic" in out.stderr
    assert "'minimal', 'reduced_efficiency_or_harm' or 'emergency_or_significant_harm'" in out.stderr
    assert not out_file.exists()  # nothing half-written


def test_unknown_pack_and_bad_date(tmp_path: Path) -> None:
    path = write_profile(tmp_path)
    out = runner.invoke(app, ["assess", str(path), "--pack", "nope"])
    assert out.exit_code == 2 and "unknown pack 'nope'" in out.stderr
    out = runner.invoke(app, ["assess", str(path), "--as-of", "26.11.2026"])
    assert out.exit_code == 2 and "--as-of" in out.stderr


@pytest.mark.parametrize(("as_of", "version"), [("2026-03-01", "2024-08-01"), ("2026-11-26", "2026-07-27")])
def test_as_of_selects_the_version(tmp_path: Path, as_of: str, version: str) -> None:
    path = write_profile(tmp_path)
    out = runner.invoke(app, ["assess", str(path), "-p", "eu-ai-act", "--as-of", as_of, "-f", "json"])
    assert json.loads(out.stdout)["results"][0]["version"] == version


def test_bill_only_explicitly(tmp_path: Path) -> None:
    path = write_profile(tmp_path, decision_mode="no_human_override")
    out = runner.invoke(app, ["assess", str(path), "-p", "kz-ai-law@2025-09-24", "-f", "json"])
    result = json.loads(out.stdout)["results"][0]
    assert result["version"] == "2025-09-24"
    assert "KZ-AI-BILL-AUTONOMY" in {p["rule"] for p in result["prohibited"]}


def test_markdown_and_languages(tmp_path: Path) -> None:
    path = write_profile(tmp_path)
    md = runner.invoke(app, ["assess", str(path), "-p", "kz-ai-law", "-f", "markdown", "--lang", "ru"])
    assert md.exit_code == 0
    assert "# Оценка Senim" in md.stdout and "| Правило | Статья |" in md.stdout
    kk = runner.invoke(app, ["packs", "show", "kz-ai-law", "--lang", "kk", "-f", "json"])
    rules = json.loads(kk.stdout)["rules"]
    assert rules and all(r["verification"] in {"C", "S", "U"} and r["article"] for r in rules)
    assert any("жасанды интеллект" in r["title"].lower() for r in rules)


def test_output_is_written_atomically(tmp_path: Path) -> None:
    path = write_profile(tmp_path)
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    out = runner.invoke(app, ["assess", str(path), "-f", "json", "-o", str(target)])
    assert out.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["system"] == "base-system"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []
    assert target.stat().st_mode & 0o044  # readable by others, like any new file
    out = runner.invoke(app, ["assess", str(path), "-o", str(tmp_path / "missing" / "r.txt")])
    assert out.exit_code == 2 and "does not exist" in out.stderr


def test_profile_commands(tmp_path: Path) -> None:
    schema = runner.invoke(app, ["profile", "schema"])
    assert schema.exit_code == 0 and json.loads(schema.stdout)["additionalProperties"] is False
    target = tmp_path / "new.yaml"
    init = runner.invoke(app, ["profile", "init", "--id", "new-system", "-o", str(target)])
    assert init.exit_code == 0 and target.exists()
    again = runner.invoke(app, ["profile", "init", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr
    ok = runner.invoke(app, ["profile", "validate", str(target)])
    assert ok.exit_code == 0 and "ok" in ok.stdout
    bad = write_profile(tmp_path, "bad.yaml", **{"capabilities.social_scorin": True})
    res = runner.invoke(app, ["profile", "validate", str(target), str(bad), "-f", "json"])
    assert res.exit_code == 2
    report = json.loads(res.stdout)
    assert [r["valid"] for r in report] == [True, False]
    assert report[1]["problems"][0]["field"] == "capabilities.social_scorin"
    assert report[1]["problems"][0]["line"] is not None
    assert runner.invoke(app, ["profile", "init", "--id", "Bad Id"]).exit_code == 2


def test_packs_commands(tmp_path: Path) -> None:
    listing = runner.invoke(app, ["packs", "list", "-f", "json", "--as-of", "2026-11-26"])
    data = json.loads(listing.stdout)
    defaults = {(p["pack"], p["version"]) for p in data if p["default"]}
    assert defaults == {
        ("kz-ai-law", "2026-01-18"),
        ("kz-personal-data", "2026-08-25"),
        ("eu-ai-act", "2026-07-27"),
    }
    assert runner.invoke(app, ["packs", "show", "eu-ai-act@2024-08-01"]).exit_code == 0
    assert runner.invoke(app, ["packs", "show", "kz-ai-law", "-f", "markdown"]).exit_code == 0
    broken = tmp_path / "demo" / "2026-01-01.yaml"
    broken.parent.mkdir()
    broken.write_text("schema: senim/rule-pack/v1\nid: demo\n", encoding="utf-8")
    out = runner.invoke(app, ["packs", "validate", str(broken)])
    assert out.exit_code == 2 and str(broken) in out.stderr


def test_examples_all_assess() -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    assert len(files) >= 8
    out = runner.invoke(app, ["assess", *files, "-f", "json", "--as-of", "2026-11-26"])
    assert out.exit_code == 0
    assert len(json.loads(out.stdout)) == len(files)


@pytest.mark.skipif(
    shutil.which("senim") is None and not (Path(sys.executable).parent / "senim").exists(),
    reason="console script not installed",
)
def test_console_script_end_to_end(tmp_path: Path) -> None:
    exe = shutil.which("senim") or str(Path(sys.executable).parent / "senim")
    path = write_profile(tmp_path)
    env = {**os.environ, "COLUMNS": "120"}
    done = subprocess.run(
        [exe, "assess", str(path)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0 and "kz-ai-law@2026-01-18" in done.stdout
    bad = subprocess.run(
        [exe, "assess", str(tmp_path / "absent.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "cannot read file" in bad.stderr
