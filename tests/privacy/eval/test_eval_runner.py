"""The benchmark runner with a stand-in scanner (the real one may not exist yet)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from senim.privacy.eval.generator import generate_texts
from senim.privacy.eval.gold import Corpus
from senim.privacy.eval.metrics import MODES
from senim.privacy.eval.runner import main, predict, run
from senim.privacy.eval.standin import RegexScanner
from senim.privacy.types import ENTITIES, Span


class Oracle:
    """Returns the gold spans of known texts: a perfect scanner."""

    def __init__(self, docs: Sequence[object]) -> None:
        self.by_text = {d.text: d.spans for d in docs}  # type: ignore[attr-defined]
        self.calls: list[tuple[str | None, str | None, int]] = []

    def scan_values(self, values: Sequence[str | None], *, field: str | None = None,
                    language: str | None = None) -> list[list[Span]]:
        self.calls.append((field, language, len(values)))
        return [[Span(s.entity, s.start, s.end, 1.0) for s in self.by_text.get(v or "", ())] for v in values]


def test_perfect_scanner_scores_one_and_meets_targets() -> None:
    docs = generate_texts(300, seed=2)
    scanner = Oracle(docs)
    report = run(scanner, Corpus("gen", docs, frozenset(ENTITIES)), name="oracle")
    for mode in MODES:
        assert report.get(mode).f1 == 1.0
    assert all(h == 0 for _, h in report.decoys.values())
    assert all(r["target_met"] in (None, True) for r in report.to_dict()["results"])
    assert all(lang is None for _, lang, _ in scanner.calls)  # gold language not passed by default
    before = len(scanner.calls)
    predict(scanner, docs, given_language=True, batch_size=50)
    assert {lang for _, lang, _ in scanner.calls[before:]} == {"kk", "ru", "en"}
    assert len(scanner.calls) - before == 6  # 100 documents per language in batches of 50
    assert max(n for *_, n in scanner.calls) <= 256


def test_standin_finds_structured_and_skips_decoys() -> None:
    docs = generate_texts(300, seed=4)
    report = run(RegexScanner(), Corpus("gen", docs, frozenset(ENTITIES)), name="standin")
    assert report.get("exact", "ALL", "EMAIL_ADDRESS").f1 > 0.95
    assert report.get("exact", "ALL", "IBAN_CODE").f1 > 0.95
    assert report.decoys["bad_checksum_order_id"][1] == 0
    assert report.decoys["luhn_invalid"][1] == 0
    assert report.get("exact", "ALL", "PERSON").recall == 0.0


def test_main_json_with_a_stand_in(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--corpus", "generated", "--corpus", "table", "--n-generated", "60", "--table-rows", "10",
                 "--no-presidio", "--json"], scanner=RegexScanner())
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["meta"]["documents"] > 0 for r in out["reports"]] == [True, True]
    assert {r["entity"] for r in out["reports"][0]["results"]} >= {"KZ_IIN", "STRUCTURED", "ALL"}


def test_main_tables_and_missing_corpus(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--corpus", "kaznerd", "--corpus", "generated", "--n-generated", "30", "--no-presidio",
                 "--bench-root", str(tmp_path), "--modes", "exact"], scanner=RegexScanner())
    assert code == 0
    out = capsys.readouterr().out
    assert "skipped kaznerd" in out and "generated texts" in out and "decoys" in out


def test_main_reports_a_missing_scanner(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scanner", "senim.no_such_module:Scanner", "--corpus", "generated"]) == 2
    assert "cannot import the scanner" in capsys.readouterr().err
