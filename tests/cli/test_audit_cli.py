"""`senim audit fairness|explain|notice|verify-notice` end to end: the shipped example and user data."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from senim.cli.app import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "audit"
DATA = str(EXAMPLE / "decisions.parquet")
MODEL = str(EXAMPLE / "credit-model.skops")
PROFILE = ROOT / "examples" / "profiles" / "credit-scoring.yaml"
FAIR = ["--target", "y_true", "--prediction", "y_pred"]


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, ["audit", *args], env={"SENIM_DATABASE_URL": "", **(env or {})})


def html_root(text: str) -> ET.Element:
    assert text.startswith("<!DOCTYPE html>")
    return ET.fromstring(text.split("\n", 1)[1])


@pytest.fixture(scope="module")
def user_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's export: ';'-separated, cp1251, yes/no labels, Cyrillic groups, one tiny group."""
    from senim.audits.data import make_credit_decisions

    t = make_credit_decisions(4000, seed=11, disparity=0.0, features=False).to_pydict()
    path = tmp_path_factory.mktemp("user") / "решения.csv"
    with path.open("w", encoding="cp1251", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "пол", "город", "факт", "решение"])
        for i in range(len(t["sex"])):
            city = "Аральск" if i < 6 else ("Алматы" if i % 2 else "Астана")
            sex = "жен" if t["sex"][i] == "F" else "муж"
            w.writerow([i, sex, city, "да" if t["y_true"][i] else "нет", "да" if t["y_pred"][i] else "нет"])
    return path


# --------------------------------------------------------------------------- fairness


def test_fairness_example_fails_with_exit_1_and_every_format(tmp_path: Path) -> None:
    res = run("fairness", DATA, *FAIR, "--score", "score", "--sensitive", "sex,region", "-f", "json")
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    assert doc["schema"] == "senim/fairness-audit/v1" and doc["passed"] is False
    assert doc["attributes"] == ["sex", "region", "sex×region"]
    failed = {(d["attribute"], d["metric"]) for d in doc["disparities"] if d["passed"] is False}
    assert ("sex", "disparate_impact") in failed  # the planted discrimination is found

    out = tmp_path / "report.html"
    res = run("fairness", DATA, *FAIR, "--sensitive", "sex", "--no-intersections", "-f", "html", "--out",
              str(out), "--lang", "kk")  # fmt: skip
    assert res.exit_code == 1 and res.stdout == ""
    root = html_root(out.read_text(encoding="utf-8"))
    assert root.get("lang") == "kk"

    table = run("fairness", DATA, *FAIR, "-s", "sex", "--no-intersections")
    assert table.exit_code == 1
    assert "FAILED" in table.stdout and "disparate_impact" in table.stdout and "F" in table.stdout


def test_fairness_user_csv_passes(user_csv: Path, tmp_path: Path) -> None:
    res = run("fairness", str(user_csv), "--target", "факт", "--prediction", "решение", "--positive", "да",
              "--sensitive", "пол", "--sensitive", "город", "--reference", "пол=муж", "--no-intersections",
              "-f", "json", "--out", str(tmp_path / "r.json"))  # fmt: skip
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["passed"] is True and doc["rows"] == 4000
    groups = {(g["attribute"], g["group"]): g for g in doc["groups"]}
    assert groups[("город", "Аральск")]["small"] is True  # 6 rows: flagged, not compared
    di = next(d for d in doc["disparities"] if d["attribute"] == "пол" and d["metric"] == "disparate_impact")
    assert di["reference"] == "муж"
    # table output names the small group
    table = run("fairness", str(user_csv), "--target", "факт", "--prediction", "решение", "--positive", "да",
                "-s", "город", "--no-intersections")  # fmt: skip
    assert table.exit_code == 0 and "Аральск (small)" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "nope", "--prediction", "y_pred", "-s", "sex"], "nope"),
        (["--target", "y_true", "--prediction", "y_pred"], "--sensitive"),
        (["--target", "y_true", "--prediction", "y_pred", "-s", "sex", "--reference", "age=30"], "age"),
        (["--target", "y_true", "--prediction", "y_pred", "-s", "sex", "--evidence"], "--system"),
        (["--target", "region", "--prediction", "y_pred", "-s", "sex"], "region"),  # not binary
        (["--target", "y_true", "--prediction", "y_pred", "-s", "sex", "--database", "sqlite://"], "--query"),
    ],
)
def test_fairness_bad_input_exits_2(args: list[str], message: str) -> None:
    res = run("fairness", DATA, *args)
    assert res.exit_code == 2, res.output
    assert "error:" in res.stderr and message in res.stderr


def test_fairness_bad_files_write_nothing(tmp_path: Path) -> None:
    missing = run("fairness", str(tmp_path / "none.csv"), *FAIR, "-s", "sex")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    bad = tmp_path / "th.yaml"
    bad.write_text("demographic_parity_diference: 0.2\n", encoding="utf-8")
    out = tmp_path / "out.json"
    res = run("fairness", DATA, *FAIR, "-s", "sex", "--thresholds", str(bad), "-f", "json", "--out", str(out))
    assert res.exit_code == 2 and "demographic_parity_diference" in res.stderr and not out.exists()
    nodir = run("fairness", DATA, *FAIR, "-s", "sex", "--out", str(tmp_path / "no" / "x.json"))
    assert nodir.exit_code == 2 and "does not exist" in nodir.stderr
    same = run("fairness", DATA, *FAIR, "-s", "sex", "--out", DATA)
    assert same.exit_code == 2 and "overwrite an input" in same.stderr


def test_fairness_thresholds_example_and_sql(tmp_path: Path) -> None:
    import sqlite3

    res = run(
        "fairness", DATA, *FAIR, "-s", "sex", "--thresholds", str(EXAMPLE / "thresholds.yaml"), "-f", "json"
    )
    assert res.exit_code == 1
    assert json.loads(res.stdout)["thresholds"]["min_group_size"] == 50
    db = tmp_path / "d.db"
    with sqlite3.connect(db) as con:
        con.execute("create table d (sex text, y_true int, y_pred int)")
        con.executemany("insert into d values (?, ?, ?)", [("F", i % 2, i % 2) for i in range(100)]
                        + [("M", i % 2, i % 2) for i in range(100)])  # fmt: skip
    res = run("fairness", *FAIR, "-s", "sex", "--query", "select * from d", "--database", f"sqlite:///{db}",
              "-f", "json")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["passed"] is True


# --------------------------------------------------------------------------- explain


def test_explain_json_html_and_table(tmp_path: Path) -> None:
    res = run(
        "explain", "--model", MODEL, "--data", DATA, "--rows", "0,7", "--global-rows", "300", "-f", "json"
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["schema"] == "senim/explanation/v1" and doc["method"] == "tree_exact"
    assert [r["row"] for r in doc["rows"]] == [0, 7]
    out = tmp_path / "e.html"
    res = run("explain", "--model", MODEL, "--data", DATA, "--rows", "3", "--global-rows", "300",
              "-f", "html", "--out", str(out), "--lang", "ru")  # fmt: skip
    assert res.exit_code == 0
    assert html_root(out.read_text(encoding="utf-8")).get("lang") == "ru"
    table = run("explain", "--model", MODEL, "--data", DATA, "--rows", "3", "--global-rows", "300")
    assert table.exit_code == 0 and "Global importance" in table.stdout and "Row 3" in table.stdout


def test_explain_refuses_pickle_unless_trusted(tmp_path: Path) -> None:
    import joblib  # type: ignore[import-untyped]

    from senim.audits.models import load_model

    pkl = tmp_path / "model.pkl"
    joblib.dump(load_model(Path(MODEL)).model, pkl)
    refused = run("explain", "--model", str(pkl), "--data", DATA, "--rows", "0")
    assert refused.exit_code == 2 and "--trust-pickle" in refused.stderr
    ok = run("explain", "--model", str(pkl), "--data", DATA, "--rows", "0", "--global-rows", "50",
             "--trust-pickle", "-f", "json")  # fmt: skip
    assert ok.exit_code == 0
    assert "UNPICKLING RUNS CODE" in ok.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rows", "a,b"], "--rows"),
        (["--rows", "99999"], "out of range"),
        (["--model", "model.txt"], "model"),
    ],
)
def test_explain_bad_input(args: list[str], message: str, tmp_path: Path) -> None:
    base = {"--model": MODEL, "--data": DATA}
    if "--model" in args:
        bogus = tmp_path / "model.txt"
        bogus.write_text("x", encoding="utf-8")
        base["--model"] = str(bogus)
        args = []
    res = run("explain", *[x for kv in base.items() for x in kv], *args)
    assert res.exit_code == 2, res.output
    assert message in res.stderr


def test_explain_feature_mismatch(tmp_path: Path) -> None:
    csv_path = tmp_path / "d.csv"
    csv_path.write_text("income,loan_amount\n1,2\n", encoding="utf-8")
    res = run("explain", "--model", MODEL, "--data", str(csv_path))
    assert res.exit_code == 2 and "female" in res.stderr


# --------------------------------------------------------------------------- notice


def test_notice_in_three_languages_and_verification(tmp_path: Path) -> None:
    texts = {}
    for lang in ("kk", "ru", "en"):
        out = tmp_path / f"n.{lang}.txt"
        res = run("notice", "--model", MODEL, "--data", DATA, "--row", "1", "--lang", lang, "--profile",
                  str(PROFILE), "--labels", str(EXAMPLE / "labels.yaml"), "--review-channel", "any branch",
                  "--out", str(out))  # fmt: skip
        assert res.exit_code == 0, res.output
        texts[lang] = out.read_text(encoding="utf-8")
        digest = res.stderr.split("sha256")[1].split()[0]
        ok = run("verify-notice", str(out), "--sha256", digest)
        assert ok.exit_code == 0 and "intact" in ok.stdout
        out.write_text(texts[lang].replace("any branch", "no branch"), encoding="utf-8")
        assert run("verify-notice", str(out), "--sha256", digest).exit_code == 1
    assert "Tumar Bank JSC (fictional)" in texts["en"]
    assert "в кредите отказано" in texts["ru"] and "несиеден бас тартылды" in texts["kk"]
    html = run("notice", "--model", MODEL, "--data", DATA, "--row", "1", "--lang", "en", "-f", "html")
    assert html.exit_code == 0 and "<html" in html.stdout


def test_notice_bad_input(tmp_path: Path) -> None:
    res = run("notice", "--model", MODEL, "--data", DATA, "--row", "8000")
    assert res.exit_code == 2 and "8000" in res.stderr
    both = run(
        "notice", "--model", MODEL, "--data", DATA, "--row", "1", "--system", "x", "--profile", str(PROFILE)
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    labels = tmp_path / "l.yaml"
    labels.write_text("feature: {}\n", encoding="utf-8")
    bad = run("notice", "--model", MODEL, "--data", DATA, "--row", "1", "--labels", str(labels))
    assert bad.exit_code == 2 and "--labels" in bad.stderr
    assert run("verify-notice", str(labels), "--sha256", "xyz").exit_code == 2


# --------------------------------------------------------------------------- evidence and ledger


def test_evidence_and_ledger(tmp_path: Path, user_csv: Path) -> None:
    env = {"SENIM_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.db'}"}

    def senim(*args: str) -> Any:
        return runner.invoke(app, list(args), env=env)

    assert senim("db", "upgrade").exit_code == 0
    assert senim("admin", "create-org", "--name", "Tumar Bank JSC (fictional)").exit_code == 0
    assert senim("systems", "add", str(PROFILE), "--org", "Tumar Bank JSC (fictional)").exit_code == 0
    sys_id = "retail-credit-scoring"
    unknown = run("fairness", DATA, *FAIR, "-s", "sex", "--system", "nope", "--evidence", env=env)
    assert unknown.exit_code == 2 and "not found" in unknown.stderr

    failed = run(
        "fairness", DATA, *FAIR, "-s", "sex", "--system", sys_id, "--evidence", "-f", "json", env=env
    )
    assert failed.exit_code == 1 and "closes no obligation" in failed.stderr
    passed = run("fairness", str(user_csv), "--target", "факт", "--prediction", "решение", "--positive", "да",
                 "-s", "пол", "--system", sys_id, "--evidence", "-f", "json", env=env)  # fmt: skip
    assert passed.exit_code == 0 and "EU-AIA-10" in passed.stderr and "KZ-AI-6" in passed.stderr
    expl = run("explain", "--model", MODEL, "--data", DATA, "--rows", "1", "--global-rows", "50", "--system",
               sys_id, "--evidence", "-f", "json", env=env)  # fmt: skip
    assert expl.exit_code == 0, expl.output
    notice = run("notice", "--model", MODEL, "--data", DATA, "--row", "1", "--system", sys_id,
                 "--review-channel", "any branch", env=env)  # fmt: skip
    assert notice.exit_code == 0, notice.output
    assert "Retail credit scoring" in notice.stdout  # the system's name comes from the registry
    notice_id = notice.stderr.split("notice ")[1].split()[0]

    items = json.loads(senim("evidence", "list", "--system", sys_id, "-f", "json").stdout)
    by_title = {i["title"]: i for i in items}
    assert len(items) == 7  # JSON + HTML for each audit and explanation, one notice record
    assert by_title["Fairness audit: decisions.parquet (failed)"]["rules"] == []
    assert by_title["Fairness audit report: решения.csv (passed)"]["rules"] == ["KZ-AI-6", "EU-AIA-10"]
    assert by_title["Explanation: credit-model.skops on decisions.parquet"]["rules"] == [
        "KZ-AI-16-1-4",
        "EU-AIA-86",
    ]
    record = by_title[next(t for t in by_title if notice_id in t)]
    assert set(record["rules"]) == {"KZ-AI-16-1-4", "KZ-AI-16-1-5", "EU-AIA-86", "KZ-AI-7-2"}
    got = senim("evidence", "download", record["id"], "-o", str(tmp_path / "rec.json"))
    assert got.exit_code == 0, got.output
    rec = json.loads((tmp_path / "rec.json").read_text(encoding="utf-8"))
    # the stored record holds the notice's id and hash, never its text (which is about a person)
    assert rec["notice_id"] == notice_id and len(rec["sha256"]) == 64 and "text" not in rec
    assert notice.stdout.count(rec["sha256"]) == 1  # the hash printed at the bottom of the notice
    verify = senim("ledger", "verify")
    assert verify.exit_code == 0 and "intact" in verify.stdout
