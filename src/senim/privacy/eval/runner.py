"""Run a scanner (and the Presidio baseline) over evaluation sets and report the scores.

The scanner is anything with the lead's ``scan_values`` method (:class:`ValueScanner`), by default
``senim.privacy.scanner.Scanner(entities=None, language="auto")``. Documents are sent in batches,
grouped by ``field`` so table columns keep their column-name hint; the gold language is **not**
passed unless asked (``given_language=True``), so language detection is part of what is measured.

``benchmarks/pii_eval.py`` is the command line; :func:`main` is its implementation.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol

from senim.privacy.eval.corpora import CorpusFormatError, CorpusNotFoundError, load_corpus, load_jsonl_gold
from senim.privacy.eval.generator import generate_table_docs, generate_texts
from senim.privacy.eval.gold import Corpus, GoldDoc
from senim.privacy.eval.metrics import (
    ALL,
    MODES,
    STRUCTURED,
    STRUCTURED_ENTITIES,
    MatchMode,
    Report,
    evaluate,
)
from senim.privacy.types import ENTITIES, Span

__all__ = ["EVAL_SETS", "TARGETS", "ValueScanner", "load_scanner", "main", "predict", "run"]

#: Minimum F1 printed next to the figures: (language or "*", entity) -> target.
TARGETS: Final[dict[tuple[str, str], float]] = {
    ("*", STRUCTURED): 0.98,
    ("kk", "PERSON"): 0.85,
    ("ru", "PERSON"): 0.90,
}
#: Evaluation sets of :func:`main`: public corpora and generated ones.
EVAL_SETS: Final[tuple[str, ...]] = ("kaznerd", "factrueval", "presidio", "generated", "table")


class ValueScanner(Protocol):
    """What the harness needs from a scanner (``senim.privacy.scanner.Scanner`` has it)."""

    def scan_values(
        self, values: Sequence[str | None], *, field: str | None = None, language: str | None = None
    ) -> list[list[Span]]:
        """One list of spans per value, offsets into that value."""
        ...


def load_scanner(spec: str = "senim.privacy.scanner:Scanner") -> ValueScanner:
    """Build a scanner from ``"module:factory"``, calling ``factory(entities=None, language="auto")``."""
    module_name, _, attr = spec.partition(":")
    module = importlib.import_module(module_name)
    factory: Callable[..., ValueScanner] = getattr(module, attr or "Scanner")
    return factory(entities=None, language="auto")


def predict(
    scanner: ValueScanner, docs: Sequence[GoldDoc], *, batch_size: int = 256, given_language: bool = False
) -> list[list[Span]]:
    """Scanner predictions for ``docs``, in order (batched by field, and by language if given)."""
    out: list[list[Span]] = [[] for _ in docs]
    groups: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        groups[(d.field, d.language if given_language else None)].append(i)
    for (fld, lang), idx in groups.items():
        for k in range(0, len(idx), batch_size):
            chunk = idx[k : k + batch_size]
            result = scanner.scan_values([docs[i].text for i in chunk], field=fld, language=lang)
            if len(result) != len(chunk):
                raise RuntimeError(f"scanner returned {len(result)} results for {len(chunk)} values")
            for i, spans in zip(chunk, result, strict=True):
                out[i] = list(spans)
    return out


def run(
    scanner: ValueScanner,
    corpus: Corpus,
    *,
    name: str,
    entities: frozenset[str] | None = None,
    given_language: bool = False,
    targets: dict[tuple[str, str], float] | None = None,
) -> Report:
    """Scan a corpus and score it; ``meta`` gets documents, characters, seconds and throughput."""
    n_chars = sum(len(d.text) for d in corpus.docs)
    t0 = time.perf_counter()
    preds = predict(scanner, corpus.docs, given_language=given_language)
    elapsed = time.perf_counter() - t0
    meta = {
        "corpus": corpus.name,
        "system": name,
        "documents": len(corpus.docs),
        "characters": n_chars,
        "seconds": round(elapsed, 3),
        "docs_per_s": round(len(corpus.docs) / elapsed, 1) if elapsed else None,
        "kchars_per_s": round(n_chars / elapsed / 1000, 1) if elapsed else None,
    }
    return evaluate(
        corpus.docs,
        preds,
        name=f"{name} on {corpus.name}",
        entities=entities if entities is not None else corpus.entities,
        targets=TARGETS if targets is None else targets,
        meta=meta,
    )


def _generated(n: int, table_rows: int, seed: int, which: str) -> Corpus:
    if which == "generated":
        return Corpus(
            f"generated texts (seed {seed})",
            generate_texts(n, seed=seed),
            frozenset(ENTITIES),
            "synthetic kk/ru/en records",
            ("kk", "ru", "en"),
        )
    return Corpus(
        f"generated table (seed {seed})",
        generate_table_docs(table_rows, seed=seed),
        frozenset(ENTITIES),
        "synthetic client register cells",
        ("kk", "ru", "en"),
    )


def _compare_lines(ours: Report, theirs: Report, mode: MatchMode) -> list[str]:
    """ "English ≥ Presidio" verdicts per shared entity and over the shared entities."""
    shared = sorted(ours.entities & theirs.entities)
    lines = []
    for ent in [*shared, "shared micro"]:
        if ent == "shared micro":
            a = sum_counts(ours, mode, shared)
            b = sum_counts(theirs, mode, shared)
        else:
            a, b = ours.get(mode, ALL, ent), theirs.get(mode, ALL, ent)
        verdict = "met" if a.f1 >= b.f1 else "MISSED"
        lines.append(
            f"  {ent:<16} Senim F1 {a.f1:.3f}  vs  Presidio {b.f1:.3f}"
            f"  -> target 'Senim ≥ Presidio': {verdict}"
        )
    return lines


def sum_counts(report: Report, mode: MatchMode, entities: Sequence[str]) -> Any:
    """Micro-averaged counts of ``report`` over ``entities`` (all languages)."""
    from senim.privacy.eval.metrics import Counts

    total = Counts()
    for ent in entities:
        total.add(report.get(mode, ALL, ent))
    return total


def main(argv: Sequence[str] | None = None, *, scanner: ValueScanner | None = None) -> int:
    """Command line of ``benchmarks/pii_eval.py``; returns the exit code."""
    ap = argparse.ArgumentParser(prog="pii_eval", description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument(
        "--corpus", action="append", choices=EVAL_SETS, help="evaluation set (repeatable); default: all"
    )
    ap.add_argument(
        "--gold",
        action="append",
        default=[],
        metavar="PATH",
        help="your own labelled JSON Lines file (repeatable; format: eval.corpora.load_jsonl_gold)",
    )
    ap.add_argument("--limit", type=int, default=None, help="at most this many documents per public corpus")
    ap.add_argument("--seed", type=int, default=42, help="seed of the generated sets (default 42)")
    ap.add_argument(
        "--n-generated", type=int, default=3000, help="generated free-text records (default 3000)"
    )
    ap.add_argument("--table-rows", type=int, default=500, help="generated table rows (default 500)")
    ap.add_argument("--bench-root", default=None, help="folder with the corpora (default ../shared/bench)")
    ap.add_argument(
        "--scanner", default="senim.privacy.scanner:Scanner", help="module:factory of the scanner"
    )
    ap.add_argument("--no-presidio", action="store_true", help="skip the Presidio baseline")
    ap.add_argument(
        "--given-language",
        action="store_true",
        help="pass each document's gold language to the scanner (default: auto-detect)",
    )
    ap.add_argument("--modes", default="exact,overlap", help="match modes to print: exact,overlap,iou")
    ap.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
    args = ap.parse_args(argv)
    modes: list[MatchMode] = [m for m in MODES if m in args.modes.split(",")]
    sets: list[str] = args.corpus or ([] if args.gold else list(EVAL_SETS))
    gold_sets: dict[str, Corpus] = {}
    for path in args.gold:
        try:
            corpus = load_jsonl_gold(path, limit=args.limit)
        except (CorpusNotFoundError, CorpusFormatError) as exc:
            print(f"pii_eval: {exc}", file=sys.stderr)
            return 2
        key = f"gold:{path}"
        gold_sets[key] = corpus
        sets.append(key)

    from rich.console import Console

    stream = sys.stderr if args.json else sys.stdout
    console = Console(stderr=args.json, width=None if stream.isatty() else 140)
    if scanner is None:
        try:
            t0 = time.perf_counter()
            scanner = load_scanner(args.scanner)
            console.print(f"scanner {args.scanner} ready in {time.perf_counter() - t0:.2f} s")
        except ImportError as exc:
            print(f"pii_eval: cannot import the scanner {args.scanner!r}: {exc}", file=sys.stderr)
            return 2

    presidio: dict[str, Any] = {}

    def baseline(mode: str) -> Any:
        if mode not in presidio:
            from senim.privacy.eval.presidio_baseline import PresidioBaseline

            presidio[mode] = PresidioBaseline("ner" if mode == "ner" else "regex")
        return presidio[mode]

    reports: list[Report] = []
    notes: list[str] = []
    for which in sets:
        try:
            if which in gold_sets:
                corpus = gold_sets[which]
            elif which in ("generated", "table"):
                corpus = _generated(args.n_generated, args.table_rows, args.seed, which)
            else:
                corpus = load_corpus(which, args.bench_root, limit=args.limit)
        except CorpusNotFoundError as exc:
            notes.append(f"skipped {which}: {exc}")
            console.print(f"[yellow]skipped {which}[/]: {exc}")
            continue
        ours = run(scanner, corpus, name="Senim")
        reports.append(ours)
        theirs: Report | None = None
        if not args.no_presidio and (which in ("presidio", "generated", "table") or which in gold_sets):
            try:
                base = baseline("ner" if which == "presidio" else "regex")
            except RuntimeError as exc:
                notes.append(f"Presidio baseline skipped: {exc}")
            else:
                ents = corpus.entities if which == "presidio" else corpus.entities & STRUCTURED_ENTITIES
                theirs = run(base, corpus, name=base.name, entities=frozenset(ents), targets={})
                reports.append(theirs)
        if not args.json:
            for mode in modes:
                console.print(ours.render(mode))
            if ours.decoys:
                console.print(ours.render_decoys())
            console.print(f"[dim]{ours.meta}[/]")
            if theirs is not None:
                for mode in modes:
                    console.print(theirs.render(mode))
                console.print(f"[dim]{theirs.meta}[/]")
                if which == "presidio":
                    for mode in modes:
                        console.print(f"English vs Presidio ({mode}):")
                        for line in _compare_lines(ours, theirs, mode):
                            console.print(line, markup=False)
    if args.json:
        import json

        print(
            json.dumps(
                {"reports": [r.to_dict() for r in reports], "notes": notes}, ensure_ascii=False, indent=1
            )
        )
    return 0
