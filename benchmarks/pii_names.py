"""Benchmark: speed and PERSON quality of the free-text name layer (``senim.privacy.ner``).

For each evaluation set it runs ``find_free_text`` (names and street addresses, as the scanner calls
it) with the gold language of each value, and prints:

- MB/s of UTF-8 input per language and overall (one process, one core; loading excluded);
- the share of characters that still reached a model (natasha, spaCy, the Kazakh CRF) and the number
  of names the fast layer decided by itself;
- PERSON precision / recall / F1 (exact span and overlap) via ``senim.privacy.eval``.

Sets: ``generated`` (``senim.privacy.eval.generator.generate_texts``, kk/ru/en), ``factrueval``
(ru), ``presidio`` (en synth v2), ``kaznerd`` (the whole IOB2_valid file: the shipped Kazakh model
was trained on it, so its F1 is optimistic; speed only) and ``kaznerd-heldout``: the 80/20 split of
``scripts/train_kk_ner.py``, with a CRF trained on the 80 % part and gazetteers from that part only
(``--kk-model`` reuses a model file; otherwise one is trained, ~1 min).

``--strategy fast`` (default) is the layer with models on uncertain regions only; ``models`` runs the
models on every value (the behaviour before the layer); ``both`` prints the two.

``--scanner`` times the whole ``senim.privacy.scanner.Scanner`` instead (every entity, language
detected per value, as ``benchmarks/pii_eval.py`` runs it), with the chosen name strategy.

Usage::

    .venv/bin/python benchmarks/pii_names.py [--sets generated,factrueval,presidio,kaznerd-heldout]
        [--strategy fast|models|both] [--n-generated 3000] [--seed 42] [--repeat 1]
        [--kk-model PATH] [--scanner] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from senim.privacy.eval.corpora import CorpusNotFoundError, load_corpus  # noqa: E402
from senim.privacy.eval.generator import generate_texts  # noqa: E402
from senim.privacy.eval.gold import GoldDoc  # noqa: E402
from senim.privacy.eval.metrics import evaluate  # noqa: E402
from senim.privacy.ner import Strategy, find_free_text, name_finder, region_finder  # noqa: E402
from senim.privacy.ner.address import AddressFinder  # noqa: E402
from senim.privacy.ner.fastnames import FastNameLayer, LayerStats, find_names  # noqa: E402
from senim.privacy.types import Language, NameFinder, Span  # noqa: E402

ENTITIES = frozenset({"PERSON", "STREET_ADDRESS"})
SETS = ("generated", "factrueval", "presidio", "kaznerd", "kaznerd-heldout")
BATCH = 256

Finder = Callable[[Sequence[str], Sequence[Language]], list[list[Span]]]


def _dispatcher(strategy: Strategy) -> Finder:
    def run(texts: Sequence[str], langs: Sequence[Language]) -> list[list[Span]]:
        return find_free_text(texts, languages=langs, entities=ENTITIES, strategy=strategy)

    return run


def _scanner(strategy: Strategy) -> Finder:
    """The whole scanner (language auto-detected), its name layer forced to ``strategy``."""
    import functools

    from senim.privacy import ner
    from senim.privacy.scanner import Scanner

    scanner = Scanner(entities=None, language="auto")
    plain = find_free_text

    def run(texts: Sequence[str], langs: Sequence[Language]) -> list[list[Span]]:
        ner.find_free_text = functools.partial(plain, strategy=strategy)
        try:
            return scanner.scan_values(list(texts))
        finally:
            ner.find_free_text = plain

    return run


def _heldout_finder(
    strategy: Strategy, model: Callable[[Language], NameFinder], layer: FastNameLayer
) -> Finder:
    """The dispatcher's logic with the held-out Kazakh model and gazetteers (no KazNERD leakage)."""
    from senim.privacy.ner.base import drop_contained

    def run(texts: Sequence[str], langs: Sequence[Language]) -> list[list[Span]]:
        addresses = AddressFinder().find(texts)
        if strategy == "models":
            found = model("kk").find(texts, language="kk")
        else:
            found, _ = find_names(
                texts, langs, model, layer=layer, explained=[[(a.start, a.end) for a in x] for x in addresses]
            )
        return [drop_contained(f, a) for f, a in zip(found, addresses, strict=True)]

    return run


def measure(
    name: str, docs: Sequence[GoldDoc], finder: Finder, *, repeat: int, layer_stats: LayerStats | None
) -> dict[str, Any]:
    """Time ``finder`` on ``docs`` (batches of 256) and score its PERSON spans."""
    texts = [d.text for d in docs]
    langs: list[Language] = [d.language for d in docs]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    preds: list[list[Span]] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        preds = []
        for k in range(0, len(texts), BATCH):
            preds.extend(finder(texts[k : k + BATCH], langs[k : k + BATCH]))
        best = min(best, time.perf_counter() - t0)
    report = evaluate(docs, preds, entities={"PERSON"})
    out: dict[str, Any] = {
        "set": name,
        "documents": len(docs),
        "mb": round(n_bytes / 1e6, 3),
        "seconds": round(best, 3),
        "mb_per_s": round(n_bytes / 1e6 / best, 3),
    }
    for mode in ("exact", "overlap"):
        c = report.get(mode, "ALL", "PERSON")
        out[mode] = {"p": round(c.precision, 3), "r": round(c.recall, 3), "f1": round(c.f1, 3)}
    if layer_stats is not None:
        out["model_share"] = round(layer_stats.model_share, 3)
        out["model_texts"] = layer_stats.model_texts
        out["rule_spans"] = layer_stats.rule_spans
    return out


def _stats(docs: Sequence[GoldDoc], layer: FastNameLayer | None = None) -> LayerStats:
    """What the fast layer decides on ``docs`` (the models are not run: regions are only counted)."""
    layer = layer if layer is not None else FastNameLayer()
    total = LayerStats()
    addr = AddressFinder()
    for k in range(0, len(docs), BATCH):
        chunk = docs[k : k + BATCH]
        texts = [d.text for d in chunk]
        spans = addr.find(texts)
        for d, a in zip(chunk, spans, strict=True):
            res = layer.analyse(d.text, d.language, explained=[(x.start, x.end) for x in a])
            total = total + LayerStats(
                1,
                len(d.text),
                len(res.spans),
                1 if res.regions else 0,
                sum(b - a for a, b in res.regions),
            )
    return total


def _heldout(kk_model: str | None) -> tuple[list[GoldDoc], Callable[[Language], NameFinder], FastNameLayer]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_kk_ner as kk  # type: ignore[import-not-found,unused-ignore]

    from senim.privacy.ner.fastnames import _data_file, _morph_known, _read_forms, _word_list, build_gazetteer
    from senim.privacy.ner.kk import KazakhNameFinder

    sents = kk.read_corpus(kk.CORPUS)
    train_part, held = kk.split(sents)
    if kk_model is None:
        tmp = Path(tempfile.mkdtemp()) / "kk80.crfsuite"
        print(f"training the 80 % Kazakh model ({len(train_part)} sentences) ...", file=sys.stderr)
        kk.train(train_part, tmp, c1=0.1, c2=0.01, iters=150)
        kk_model = str(tmp)
    lex = kk.lexicon_for(train_part)
    finder = KazakhNameFinder(kk_model, lex)
    import gzip

    from senim.privacy.ner.en import _GIVEN_NAMES

    gaz = build_gazetteer(
        ru_forms=_read_forms(gzip.decompress(_data_file("ru_names.tsv.gz"))),
        given=[*lex.given_forms, *_GIVEN_NAMES],
        surnames=[*lex.surname_forms, *_word_list("en_surnames.txt")],
        morph_known=_morph_known(),
    )
    docs = [
        GoldDoc(
            f"kaznerd-heldout:{i}",
            s.text,
            "kk",
            tuple(_gold(s)),
        )
        for i, s in enumerate(held)
    ]

    def model(lang: Language) -> NameFinder:
        return finder if lang == "kk" else region_finder(lang)

    return docs, model, FastNameLayer(gaz)


def _gold(sentence: Any) -> list[Any]:
    from senim.privacy.eval.gold import GoldSpan

    return [GoldSpan("PERSON", s, e) for s, e in sorted(sentence.person_spans())]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sets", default="generated,factrueval,presidio,kaznerd-heldout")
    ap.add_argument("--strategy", choices=("fast", "models", "both"), default="fast")
    ap.add_argument("--n-generated", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per set (the best is kept)")
    ap.add_argument("--kk-model", default=None, help="CRF trained on the 80 %% part (kaznerd-heldout)")
    ap.add_argument("--scanner", action="store_true", help="time the whole scanner (all entities)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    strategies: list[Strategy] = ["models", "fast"] if args.strategy == "both" else [args.strategy]
    # warm-up: load every model and the gazetteer outside the timings
    t0 = time.perf_counter()
    langs: tuple[Language, ...] = ("ru", "en", "kk")
    for lang in langs:
        name_finder(lang).find(["Иван Петров пришёл. John Smith came"], language=lang)
    FastNameLayer().gazetteer.lookup("иван")
    print(f"models and gazetteer loaded in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    results: list[dict[str, Any]] = []
    for which in args.sets.split(","):
        if which == "generated":
            docs = generate_texts(args.n_generated, seed=args.seed)
            groups = [
                (f"generated-{lang}", [d for d in docs if d.language == lang]) for lang in ("kk", "ru", "en")
            ]
            groups.append(("generated-all", docs))
            layer = None
            finder_for: Callable[[Strategy], Finder] = _scanner if args.scanner else _dispatcher
        elif which == "kaznerd-heldout":
            try:
                held, model, layer = _heldout(args.kk_model)
            except (FileNotFoundError, CorpusNotFoundError) as exc:
                print(f"skipped {which}: {exc}", file=sys.stderr)
                continue
            groups = [(which, held)]

            def finder_for(strategy: Strategy, model: Any = model, layer: Any = layer) -> Finder:
                return _heldout_finder(strategy, model, layer)
        else:
            try:
                corpus = load_corpus("kaznerd" if which == "kaznerd" else which)
            except CorpusNotFoundError as exc:
                print(f"skipped {which}: {exc}", file=sys.stderr)
                continue
            groups = [(which, corpus.docs)]
            layer = None
            finder_for = _scanner if args.scanner else _dispatcher
        for name, group in groups:
            stats = _stats(group, layer)
            for strategy in strategies:
                res = measure(
                    name, group, finder_for(strategy), repeat=args.repeat,
                    layer_stats=stats if strategy == "fast" else None,
                )
                res["strategy"] = strategy
                results.append(res)
                if not args.json:
                    line = (
                        f"{name:<18} {strategy:<6} {res['mb']:6.3f} MB {res['mb_per_s']:7.3f} MB/s  "
                        f"PERSON exact P {res['exact']['p']:.3f} R {res['exact']['r']:.3f} "
                        f"F1 {res['exact']['f1']:.3f} | overlap F1 {res['overlap']['f1']:.3f}"
                    )
                    if "model_share" in res:
                        line += (
                            f" | to models {100 * res['model_share']:.1f} % of chars,"
                            f" {res['model_texts']}/{res['documents']} texts; rule names {res['rule_spans']}"
                        )
                    print(line, flush=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
