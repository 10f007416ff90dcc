"""scan_paths: worker processes give exactly what one process gives (findings, summary, redaction)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from senim.privacy.detectors.kz.iin_bin import check_digit
from senim.privacy.run import RedactOptions, scan_paths
from senim.privacy.scanner import Scanner
from senim.privacy.summary import ScanSummary
from senim.privacy.types import Finding


def _iin(body: str) -> str:
    digit = check_digit(body)
    assert digit is not None
    return body + str(digit)


IINS = tuple(_iin(b) for b in ("93123135012", "85071640022", "00010150005"))


def _csv(path: Path, rows: int) -> None:
    lines = ["id;ФИО;ИИН;телефон;comment"]
    for i in range(rows):
        lines.append(f"{i};Иванов Иван;{IINS[i % 3]};+7 701 234 56 {i % 90 + 10:02d};заказ {i * 7919}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(path: Path, out: Path, workers: int) -> tuple[str, list[Finding], dict[str, object]]:
    jsonl = io.StringIO()
    kept: list[Finding] = []
    summary = scan_paths(
        [str(path)],
        scanner=Scanner(entities={"KZ_IIN", "PHONE_NUMBER"}),
        workers=workers,
        redact=RedactOptions(str(out)),
        on_jsonl=jsonl.write,
        on_findings=kept.extend,
        batch_records=500,
    )
    report = summary.to_dict()
    for key in ("seconds", "mb_per_s"):
        report.pop(key)
    return jsonl.getvalue(), kept, report


def test_workers_match_one_process(tmp_path: Path) -> None:
    src = tmp_path / "clients.csv"
    _csv(src, 3000)
    one = _run(src, tmp_path / "one.csv", 1)
    two = _run(src, tmp_path / "two.csv", 2)
    assert one[0] == two[0] and one[0].count("\n") == 6000
    assert [f.to_json() for f in one[1]] == [f.to_json() for f in two[1]]
    assert one[2] == two[2]
    assert one[2]["data_subjects"]["distinct_validated_iins"] == 3  # type: ignore[index]
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    redacted = (tmp_path / "two.csv").read_text(encoding="utf-8")
    assert all(iin not in redacted for iin in IINS)
    assert redacted.count("\n") == 3001


def test_merge_needs_the_same_key() -> None:
    a, b = ScanSummary(), ScanSummary()
    with pytest.raises(ValueError, match="different digest keys"):
        a.merge(b)
    c = ScanSummary(_key=a.key)
    c.findings = 2
    a.merge(c)
    assert a.findings == 2


def test_findings_jsonl_is_to_json_per_line() -> None:
    from senim.privacy.types import findings_jsonl

    findings = [
        Finding("a\\b.txt", 3, None, 0, 12, "KZ_IIN", 0.95, True, "9312********", IINS[0]),
        Finding("c.csv", 4, 'поле "x"', 1, 5, "PERSON", 1 / 3, False, "И***", "Иван"),
    ]
    for show in (False, True):
        assert findings_jsonl(findings, show_values=show) == "".join(
            f.to_json(show_values=show) + "\n" for f in findings
        )
    assert findings_jsonl([]) == ""
