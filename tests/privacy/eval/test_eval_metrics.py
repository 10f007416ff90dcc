"""Metric maths on hand-made cases."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from rich.console import Console

from senim.privacy.eval.gold import GoldDoc, GoldSpan
from senim.privacy.eval.metrics import ALL, STRUCTURED, Counts, count_matches, evaluate
from senim.privacy.types import Language, Span


@pytest.mark.parametrize(
    ("gold", "pred", "exact", "overlap", "iou"),
    [
        ([(0, 10)], [(0, 10)], 1, 1, 1),
        ([(0, 10)], [(0, 9)], 0, 1, 1),  # IoU 0.9
        ([(0, 10)], [(0, 5)], 0, 1, 0),  # IoU 0.5
        ([(0, 10)], [(10, 12)], 0, 0, 0),  # touching is not overlapping
        ([(0, 4), (5, 10)], [(0, 10)], 0, 1, 0),  # one prediction covers two names: one match only
        ([(0, 8)], [(0, 6)], 0, 1, 1),  # IoU exactly 0.75 counts
        ([(0, 10), (0, 10)], [(0, 10)], 1, 1, 1),
        ([], [(0, 3)], 0, 0, 0),
    ],
)
def test_count_matches(gold: list[tuple[int, int]], pred: list[tuple[int, int]], exact: int, overlap: int,
                       iou: int) -> None:
    assert count_matches(gold, pred, "exact") == exact
    assert count_matches(gold, pred, "overlap") == overlap
    assert count_matches(gold, pred, "iou") == iou


def test_greedy_prefers_best_iou() -> None:
    # pred (0, 6) overlaps both gold spans; the better pairing must be kept so both golds match
    assert count_matches([(0, 6), (5, 9)], [(0, 6), (4, 9)], "overlap") == 2


def test_counts_scores() -> None:
    c = Counts(tp=8, fp=2, fn=8)
    assert c.precision == pytest.approx(0.8)
    assert c.recall == pytest.approx(0.5)
    assert c.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert c.f_beta(2) == pytest.approx(5 * 0.8 * 0.5 / (4 * 0.8 + 0.5))
    assert Counts().f1 == 1.0 and Counts().precision == 1.0 and Counts().recall == 1.0  # nothing to find
    assert Counts(fn=3).precision == 0.0


def _doc(doc_id: str, lang: Language, text: str, spans: list[tuple[str, int, int]],
         decoys: Sequence[tuple[str, int, int, str]] = ()) -> GoldDoc:
    return GoldDoc(doc_id, text, lang,
                   tuple(GoldSpan(e, s, t) for e, s, t in spans),
                   tuple(GoldSpan(e, s, t, k) for e, s, t, k in decoys))


def test_evaluate_per_entity_language_and_micro() -> None:
    docs = [
        _doc("a", "ru", "Иванов 850101300123 тел", [("PERSON", 0, 6), ("KZ_IIN", 7, 19)]),
        _doc("b", "kk", "Асқардың 850101300123", [("PERSON", 0, 8), ("KZ_IIN", 9, 21)]),
        _doc("c", "en", "order 123456789012", [], decoys=[("KZ_IIN", 6, 18, "bad_checksum_order_id")]),
    ]
    preds = [
        [Span("PERSON", 0, 6, 0.9), Span("KZ_IIN", 7, 19, 1.0), Span("PHONE_NUMBER", 20, 23, 0.5)],
        [Span("PERSON", 0, 5, 0.9), Span("KZ_IIN", 9, 21, 1.0)],  # truncated Kazakh name
        [Span("KZ_IIN", 6, 18, 0.4)],  # a decoy found
    ]
    r = evaluate(docs, preds, name="t", entities={"PERSON", "KZ_IIN", "PHONE_NUMBER"})
    assert r.get("exact", "ru", "PERSON") == Counts(1, 0, 0)
    assert r.get("exact", "kk", "PERSON") == Counts(0, 1, 1)
    assert r.get("overlap", "kk", "PERSON") == Counts(1, 0, 0)
    assert r.get("iou", "kk", "PERSON") == Counts(0, 1, 1)  # 5/8 < 0.75
    assert r.get("exact", ALL, "KZ_IIN") == Counts(2, 1, 0)
    assert r.get("exact", "ru", "PHONE_NUMBER") == Counts(0, 1, 0)
    assert r.get("exact", ALL, STRUCTURED) == Counts(2, 2, 0)
    assert r.get("exact", ALL, ALL) == Counts(3, 3, 1)
    assert r.decoys == {"bad_checksum_order_id": (1, 1)}
    # entities outside the scored set are ignored entirely
    r2 = evaluate(docs, preds, entities={"PERSON"})
    assert r2.get("exact", ALL, ALL) == Counts(1, 1, 1)
    assert r2.decoys == {"bad_checksum_order_id": (1, 0)}


def test_report_renders_and_serialises_without_text() -> None:
    docs = [_doc("a", "ru", "Иванов Иван", [("PERSON", 0, 11)])]
    r = evaluate(docs, [[Span("PERSON", 0, 11, 0.9)]], name="demo", targets={("ru", "PERSON"): 0.9},
                 meta={"seconds": 0.1})
    d = json.loads(r.to_json())
    row = next(x for x in d["results"] if x["mode"] == "exact" and x["entity"] == "PERSON")
    assert row["f1"] == 1.0 and row["target_f1"] == 0.9 and row["target_met"] is True
    assert "Иванов" not in r.to_json()
    console = Console(width=150, record=True)
    console.print(r.render("overlap"))
    console.print(r.render_decoys())
    out = console.export_text()
    assert "PERSON" in out and "met" in out and "Иванов" not in out


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError):
        evaluate([_doc("a", "ru", "x", [])], [])
