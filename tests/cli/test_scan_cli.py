"""`senim scan` end to end, per the public contract (shared/design/scan-contract.md)."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from senim.cli.app import app

runner = CliRunner()
IIN = "931105385718"
IIN2 = "791028302728"
CONTRACT_KEYS = {"source", "record", "field", "start", "end", "entity", "score", "validated", "masked"}
STRUCTURED = "KZ_IIN,KZ_BIN,PHONE_NUMBER,EMAIL_ADDRESS,IBAN_CODE,CREDIT_CARD,IP_ADDRESS"


def scan(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    res = runner.invoke(app, ["scan", *args], input=stdin)
    return res.exit_code, res.stdout, res.stderr


def jsonl(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "notes.txt"
    text.write_text(
        f"нет данных\nКлиент ИИН {IIN}, тел. +7 701 123 45 67\nОплата по счёту KZ86125KZT5004100100\n",
        encoding="utf-8",
    )
    table = tmp_path / "clients.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "iin", "comment"])
        w.writerow(["1", IIN, "звонить 87011234567"])
        w.writerow(["2", IIN2, "no data"])
        w.writerow(["3", IIN, "повтор"])
    lines = tmp_path / "events.jsonl"
    lines.write_text(
        json.dumps({"user": {"email": "a.b@example.kz", "phones": ["+7 777 000 11 22"]}, "n": 5})
        + "\n"
        + json.dumps({"note": f"ЖСН: {IIN2}"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    return {"text": text, "csv": table, "jsonl": lines}


def test_jsonl_follows_the_contract(files: dict[str, Path]) -> None:
    code, out, _ = scan(str(files["text"]), "-f", "jsonl", "--entities", STRUCTURED)
    assert code == 0
    found = jsonl(out)
    assert {tuple(sorted(f)) for f in found} == {tuple(sorted(CONTRACT_KEYS))}
    by_entity = {f["entity"]: f for f in found}
    iin = by_entity["KZ_IIN"]
    assert iin["record"] == 1 and iin["field"] is None and iin["validated"] is True
    line = files["text"].read_text(encoding="utf-8").splitlines()[1]
    assert line[iin["start"] : iin["end"]] == IIN  # type: ignore[misc]
    assert iin["masked"] == "9311********"
    assert by_entity["IBAN_CODE"]["record"] == 2
    assert IIN not in out and "5004100100" not in out  # masked only
    code, out, _ = scan(str(files["text"]), "-f", "jsonl", "--entities", "KZ_IIN", "--show-values")
    assert jsonl(out)[0]["value"] == IIN


def test_tables_name_their_fields_and_rows(files: dict[str, Path]) -> None:
    code, out, _ = scan(str(files["csv"]), "-f", "jsonl", "-e", STRUCTURED)
    assert code == 0
    got = {(f["record"], f["field"], f["entity"]) for f in jsonl(out)}
    assert got == {
        (0, "iin", "KZ_IIN"),
        (0, "comment", "PHONE_NUMBER"),
        (1, "iin", "KZ_IIN"),
        (2, "iin", "KZ_IIN"),
    }
    code, out, _ = scan(str(files["jsonl"]), "-f", "jsonl", "-e", STRUCTURED)
    got = {(f["record"], f["field"], f["entity"]) for f in jsonl(out)}
    assert got == {
        (0, "user.email", "EMAIL_ADDRESS"),
        (0, "user.phones[0]", "PHONE_NUMBER"),
        (1, "note", "KZ_IIN"),
    }


def test_json_summary_counts_subjects_and_size_class(files: dict[str, Path], tmp_path: Path) -> None:
    code, out, _ = scan(str(tmp_path), "-f", "json", "-e", STRUCTURED)
    assert code == 0
    report = json.loads(out)
    assert report["complete"] is True and report["sources"] == 3
    assert report["entities"]["KZ_IIN"] == 5
    assert report["data_subjects"]["distinct_validated_iins"] == 2
    assert report["data_subjects"]["size_class"] == "small"
    assert report["records"] == 3 + 3 + 2 and report["bytes"] > 0
    assert len(report["findings"]) == report["finding_count"] == 10
    assert all("value" not in f for f in report["findings"])


def test_parquet_and_gzip_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"iin": [IIN, None, "x"], "amount": [1, 2, 3]}), path)
    code, out, _ = scan(str(path), "-f", "jsonl", "-e", "KZ_IIN")
    assert code == 0 and [(f["record"], f["field"]) for f in jsonl(out)] == [(0, "iin")]
    gz = tmp_path / "log.txt.gz"
    gz.write_bytes(gzip.compress(f"line\nИИН {IIN2}\n".encode()))
    code, out, _ = scan(str(gz), "-f", "jsonl", "-e", "KZ_IIN")
    assert code == 0 and jsonl(out)[0]["record"] == 1
    code, out, _ = scan("-", "-f", "jsonl", "-e", "KZ_IIN", stdin=f"ИИН {IIN}\n")
    assert code == 0 and jsonl(out)[0]["source"] == "-"


def test_redaction_keeps_shape_and_leaves_no_finding(files: dict[str, Path], tmp_path: Path) -> None:
    out_csv = tmp_path / "out.csv"
    code, _, err = scan(str(files["csv"]), "--redact", str(out_csv), "-e", STRUCTURED)
    assert code == 0, err
    rows = list(csv.reader(out_csv.open(encoding="utf-8"), delimiter=";"))
    assert rows[0] == ["id", "iin", "comment"] and len(rows) == 4
    assert IIN not in out_csv.read_text(encoding="utf-8") and "87011234567" not in out_csv.read_text(
        encoding="utf-8"
    )
    code, out, _ = scan(str(out_csv), "-f", "jsonl", "-e", STRUCTURED)
    assert code == 0 and jsonl(out) == []


def test_keyed_pseudonyms_are_stable_across_files(files: dict[str, Path], tmp_path: Path) -> None:
    key = tmp_path / "key.bin"
    key.write_bytes(b"0123456789abcdef-secret")
    out = tmp_path / "red"
    code, _, err = scan(
        str(files["csv"]),
        str(files["jsonl"]),
        "--redact",
        str(out),
        "--pseudonymize-key-file",
        str(key),
        "-e",
        "KZ_IIN",
    )
    assert code == 0, err
    rows = list(csv.reader((out / "clients.csv").open(encoding="utf-8"), delimiter=";"))
    assert rows[1][1] == rows[3][1] != rows[2][1]  # same IIN, same pseudonym
    assert rows[1][1] != IIN and len(rows[1][1]) == 12 and rows[1][1].isdigit()
    short = tmp_path / "short.key"
    short.write_bytes(b"short")
    code, _, err = scan(
        str(files["csv"]), "--redact", str(tmp_path / "x.csv"), "--pseudonymize-key-file", str(short)
    )
    assert code == 2 and "16" in err


def test_bad_usage_and_bad_input_exit_2_naming_the_place(files: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = scan(str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt" in err
    code, _, err = scan(str(files["text"]), "--entities", "KZ_IIN,US_SSN")
    assert code == 2 and "US_SSN" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text(f'{{"iin": "{IIN}"}}\n{{"broken": "{IIN2}\n{{"ok": "x"}}\n', encoding="utf-8")
    code, out, err = scan(str(bad), "-f", "json", "-e", "KZ_IIN")
    assert code == 2 and "bad.jsonl" in err and "line 2" in err
    assert IIN2 not in err  # never the raw content
    code, out, err = scan(str(bad), "-f", "json", "-e", "KZ_IIN", "--on-error", "skip")
    assert code == 0
    report = json.loads(out)
    assert report["complete"] is False and len(report["skipped"]) == 1 and "incomplete" in err
    code, _, err = scan(str(files["text"]), "--redact", str(files["text"]))
    assert code == 2 and "must not be one of the inputs" in err


def test_workers_give_the_same_findings(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(
        "".join(f"строка {i} ИИН {IIN if i % 3 else IIN2}\n" for i in range(3000)), encoding="utf-8"
    )
    one = scan(str(path), "-f", "jsonl", "-e", "KZ_IIN")[1]
    two = scan(str(path), "-f", "jsonl", "-e", "KZ_IIN", "--workers", "2")[1]
    every_cpu = scan(str(path), "-f", "jsonl", "-e", "KZ_IIN", "--workers", "0")[1]  # one per CPU
    assert one == two == every_cpu and len(jsonl(one)) == 3000


def test_table_output_is_masked(files: dict[str, Path]) -> None:
    code, out, _ = scan(str(files["csv"]), "-e", STRUCTURED)
    assert code == 0 and "KZ_IIN" in out and "9311********" in out and IIN not in out
