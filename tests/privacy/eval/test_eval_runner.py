"""The benchmark runner with a stand-in scanner (the real one may not exist yet)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from senim.privacy.eval.corpora import CorpusFormatError, CorpusNotFoundError, load_jsonl_gold
from senim.privacy.eval.generator import generate_texts
from senim.privacy.eval.gold import Corpus, GoldSpan
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


def _gold_line(**rec: object) -> str:
    return json.dumps(rec, ensure_ascii=False) + "\n"


def _iin_line(start: object, end: object, entity: str = "KZ_IIN") -> str:
    return _gold_line(text="ИИН 880223300128", spans=[{"start": start, "end": end, "entity": entity}])


def test_main_scores_a_labelled_jsonl_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = generate_texts(60, seed=5)
    path = tmp_path / "mine.jsonl"
    path.write_text(
        "".join(
            _gold_line(id=d.doc_id, lang=d.language, text=d.text,
                       spans=[{"start": s.start, "end": s.end, "entity": s.entity} for s in d.spans])
            for d in docs
        ) + "\n",  # a trailing blank line is skipped
        encoding="utf-8",
    )
    corpus = load_jsonl_gold(path)
    assert len(corpus.docs) == 60 and set(corpus.languages) == {"kk", "ru", "en"}
    assert corpus.entities == {s.entity for d in docs for s in d.spans}
    expected = [tuple(GoldSpan(s.entity, s.start, s.end) for s in d.spans) for d in docs]
    assert [d.spans for d in corpus.docs] == expected
    code = main(["--gold", str(path), "--no-presidio", "--json"], scanner=Oracle(docs))
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["meta"]["corpus"] for r in out["reports"]] == ["mine.jsonl"]
    assert {r["f1"] for r in out["reports"][0]["results"] if r["support"]} == {1.0}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json\n", "line 2: not JSON"),
        ("[1, 2]\n", "line 2: expected a JSON object"),
        (_gold_line(text="x", spans={}), "line 2: expected 'text'"),
        (_iin_line(4, 16, "IIN"), "unknown entity"),
        (_iin_line(4, 17), "bad offsets"),
        (_iin_line(4, 4), "bad offsets"),
        (_iin_line(True, 5), "bad offsets"),
        (_gold_line(text="x", spans=[], lang="de"), "'lang' must be one of"),
        (_gold_line(id="a", text="x", spans=[]), "unique"),
        (_gold_line(text="x", spans=[], field=3), "'field' and 'genre'"),
    ],
)
def test_a_broken_labelled_file_names_the_line_not_the_text(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(_gold_line(id="a", text="Алия 880223300128", spans=[]) + line, encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=re.escape(problem)) as info:
        load_jsonl_gold(path)
    assert "bad.jsonl line 2" in str(info.value)
    assert "880223300128" not in str(info.value) and "Алия" not in str(info.value)


def test_a_labelled_file_not_utf8_or_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cp1251.jsonl"
    path.write_bytes(_gold_line(text="Иванов", spans=[]).encode("cp1251"))
    with pytest.raises(CorpusFormatError, match="line 1: not UTF-8"):
        load_jsonl_gold(path)
    assert main(["--gold", str(path)], scanner=RegexScanner()) == 2
    assert "not UTF-8" in capsys.readouterr().err
    with pytest.raises(CorpusNotFoundError):
        load_jsonl_gold(tmp_path / "nowhere.jsonl")
