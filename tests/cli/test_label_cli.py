"""`senim label`, `senim verify` and `senim provenance` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from senim.cli.app import app
from tests.provenance.test_label import photo

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profiles" / "credit-scoring.yaml"


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return runner.invoke(app, [*args], env={"SENIM_DATABASE_URL": "", "SENIM_LABEL_STORE": "", **(env or {})})


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("cli-ca") / "signer"
    result = run("provenance", "init", str(where), "--organisation", "Acme")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "TEST ONLY" in result.stderr  # type: ignore[attr-defined]
    assert (where / "ca.pem").is_file()
    again = run("provenance", "init", str(where))
    assert again.exit_code == 2 and "refusing to overwrite" in again.stderr  # type: ignore[attr-defined]
    return where


def test_label_and_verify_file(tmp_path: Path, ca: Path) -> None:
    data, _ = photo("png")
    src, dst, store = tmp_path / "in.png", tmp_path / "out.png", str(tmp_path / "labels.db")
    src.write_bytes(data)
    res = run("label", str(src), str(dst), "--signer", str(ca), "--store", store, "--lang", "ru",
              "--generator", "Model X", "--system", "bot", "-f", "json")  # fmt: skip
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    receipt = json.loads(res.stdout)  # type: ignore[attr-defined]
    assert receipt["layers"] == ["visible", "watermark", "xmp", "c2pa"] and receipt["stored"]
    assert receipt["lang"] == "ru" and receipt["system_id"] == "bot"
    anchors = str(ca / "ca.pem")
    ok = run("verify", str(dst), "--trust-anchors", anchors, "--store", store, "-f", "json")
    assert ok.exit_code == 0, ok.output  # type: ignore[attr-defined]
    v = json.loads(ok.stdout)  # type: ignore[attr-defined]
    assert v["verdict"] == "labelled_trusted" and v["label_id"] == receipt["label_id"]
    untrusted = run("verify", str(dst), "--store", store)
    assert untrusted.exit_code == 0 and "labelled_untrusted_signer" in untrusted.stdout  # type: ignore[attr-defined]
    plain = run("verify", str(src), "--no-store", "-f", "json")
    assert plain.exit_code == 1  # type: ignore[attr-defined]
    assert json.loads(plain.stdout)["verdict"] == "no_label_found"  # type: ignore[attr-defined]
    looked = run("provenance", "lookup", receipt["label_id"], "--store", store, "-f", "json")
    assert looked.exit_code == 0 and json.loads(looked.stdout)["sha256"] == receipt["output_sha256"]  # type: ignore[attr-defined]


def test_label_errors(tmp_path: Path, ca: Path) -> None:
    data, _ = photo("png")
    src = tmp_path / "in.png"
    src.write_bytes(data[:300])
    res = run("label", str(src), str(tmp_path / "out.png"), "--no-store")
    assert res.exit_code == 2 and "in.png" in res.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out.png").exists()
    src.write_bytes(data)
    same = run("label", str(src), str(src), "--no-store")
    assert same.exit_code == 2 and "must not be the input" in same.stderr  # type: ignore[attr-defined]
    wrong = tmp_path / "photo.jpg"
    wrong.write_bytes(data)
    res = run("label", str(wrong), str(tmp_path / "o.jpg"), "--no-store")
    assert res.exit_code == 2 and "PNG image" in res.stderr  # type: ignore[attr-defined]
    assert run("label", str(src), str(tmp_path / "o.png"), "--signer", str(tmp_path)).exit_code == 2  # type: ignore[attr-defined]
    assert run("label", str(src), str(tmp_path / "o.png"), "--evidence").exit_code == 2  # type: ignore[attr-defined]
    bad = run("verify", str(src), "--trust-anchors", str(src))
    assert bad.exit_code == 2 and "PEM" in bad.stderr  # type: ignore[attr-defined]
    unreadable = run("verify", str(tmp_path / "nothing.png"))
    assert unreadable.exit_code == 2  # type: ignore[attr-defined]


def test_folder_with_a_corrupt_file(tmp_path: Path, ca: Path) -> None:
    src, dst, store = tmp_path / "in", tmp_path / "out", str(tmp_path / "labels.db")
    (src / "sub").mkdir(parents=True)
    (src / "a.jpg").write_bytes(photo("jpeg")[0])
    (src / "sub" / "note.txt").write_text("Generated summary.\n", encoding="utf-8")
    (src / "sub" / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    res = run("label", str(src), str(dst), "--signer", str(ca), "--store", store, "-f", "json")
    assert res.exit_code == 1, res.output  # type: ignore[attr-defined]
    report = json.loads(res.stdout)  # type: ignore[attr-defined]
    assert report["summary"]["labelled"] == 2 and report["summary"]["failed"] == 1
    assert (dst / "a.jpg").is_file() and (dst / "sub" / "note.txt").is_file()
    assert not (dst / "sub" / "bad.png").exists()
    stop = run("label", str(src), str(tmp_path / "out2"), "--no-store", "--on-error", "fail")
    assert stop.exit_code == 2 and "bad.png" in stop.stderr  # type: ignore[attr-defined]
    checked = run("verify", str(dst), "--trust-anchors", str(ca / "ca.pem"), "--store", store, "-f", "json")
    assert checked.exit_code == 0, checked.output  # type: ignore[attr-defined]
    verdicts = [v["verdict"] for v in json.loads(checked.stdout)]  # type: ignore[attr-defined]
    assert verdicts == ["labelled_trusted", "labelled_trusted"]
    mixed = run("verify", str(src), "--store", store)
    assert mixed.exit_code == 2 and "unreadable" in mixed.stdout  # type: ignore[attr-defined]


def test_evidence(tmp_path: Path, ca: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    env = {"SENIM_DATABASE_URL": url}
    assert run("db", "upgrade", env=env).exit_code == 0  # type: ignore[attr-defined]
    assert (
        run("admin", "create-org", "--name", "Example Bank JSC", "--bin", "990340005977", env=env).exit_code
        == 0
    )  # type: ignore[attr-defined]
    added = run("systems", "add", str(EXAMPLE), "--org", "Example Bank JSC", env=env)
    assert added.exit_code == 0, added.output  # type: ignore[attr-defined]
    data, _ = photo("png")
    src, dst = tmp_path / "in.png", tmp_path / "out.png"
    src.write_bytes(data)
    store = str(tmp_path / "labels.db")
    unknown = run("label", str(src), str(dst), "--system", "nope", "--evidence", "--store", store, env=env)
    assert unknown.exit_code == 2 and not dst.exists()  # type: ignore[attr-defined]
    res = run("label", str(src), str(dst), "--signer", str(ca), "--system", "retail-credit-scoring",
              "--evidence", "--store", store, env=env)  # fmt: skip
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    assert "KZ-AI-21-2" in res.stderr and "EU-AIA-50-2" in res.stderr  # type: ignore[attr-defined]
    ver = run(
        "verify", str(dst), "--store", store, "--system", "retail-credit-scoring", "--evidence", env=env
    )
    assert ver.exit_code == 0, ver.output  # type: ignore[attr-defined]
    listed = run("evidence", "list", "--system", "retail-credit-scoring", "-f", "json", env=env)
    items = json.loads(listed.stdout)  # type: ignore[attr-defined]
    assert len(items) == 2 and all(i["kind"] == "machine_result" for i in items)
    assert "EU-AIA-50-2" in items[0]["rules"]
