"""Train and evaluate the Kazakh PERSON CRF shipped in ``senim.privacy.ner.kk``.

Corpus: KazNERD (IS2AI, CC BY 4.0, https://github.com/IS2AI/KazNERD), file ``IOB2_valid.txt``
(11,167 sentences), read from ``../shared/bench/kaznerd/`` relative to the project root.

Deterministic split
    Sentences are grouped in consecutive blocks of 50 (file order); block ``b`` is held out when
    ``b % 5 == 4``. That gives a fixed ~80 % training part and ~20 % held-out part; keeping
    neighbouring sentences together keeps names of one news story on one side of the split. The
    held-out part is used for reporting only, never for tuning.

Modes
    ``--eval`` (default): train on the 80 % part (gazetteer lists also from the 80 % part only),
    report exact / overlap P, R, F1 and throughput on the 20 % part. Nothing in the package changes.

    ``--final``: train on 100 % of ``IOB2_valid`` and write ``kk_person.crfsuite``,
    ``given_names_kaznerd.txt`` and ``surnames_kaznerd.txt`` into ``src/senim/privacy/ner/kk/data``.
    **The shipped model is the ``--final`` one, trained on 100 % of IOB2_valid**; its quality
    estimate is the ``--eval`` figure of the 80 % model.

Gazetteer features during training are computed by 5-fold jackknife (names of a sentence's own
fold are hidden), so the CRF does not learn to trust the gazetteer more than it deserves on
unseen names.

Usage::

    .venv/bin/python scripts/train_kk_ner.py            # evaluate (80/20)
    .venv/bin/python scripts/train_kk_ner.py --final    # train on 100 % and write the package data
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from senim.privacy.ner.kk.features import Featurizer, tokenize  # noqa: E402
from senim.privacy.ner.kk.finder import KazakhNameFinder  # noqa: E402
from senim.privacy.ner.kk.lexicon import PATRONYMIC_RE, SURNAME_RE, Lexicon, read_name_file  # noqa: E402
from senim.privacy.ner.kk.morph import strip_case  # noqa: E402

DATA = ROOT / "src" / "senim" / "privacy" / "ner" / "kk" / "data"
CORPUS = ROOT.parent / "shared" / "bench" / "kaznerd" / "IOB2_valid.txt"
BLOCK = 50
LABEL_MAP = {
    "PERSON": "PERSON",
    "GPE": "LOC",
    "LOCATION": "LOC",
    "ORGANISATION": "ORG",
    "NORP": "NORP",
    "POSITION": "POSITION",
}


class Sentence:
    """A corpus sentence as text (tokens joined by spaces) with entity char spans."""

    __slots__ = ("entities", "text", "tokens")

    def __init__(self, tokens: list[str], tags: list[str]) -> None:
        self.tokens = tokens
        pos = 0
        starts: list[int] = []
        for t in tokens:
            starts.append(pos)
            pos += len(t) + 1
        self.text = " ".join(tokens)
        self.entities: list[tuple[str, int, int, list[str]]] = []
        i = 0
        while i < len(tags):
            if tags[i].startswith("B-") or tags[i].startswith("I-"):
                typ = tags[i][2:]
                j = i + 1
                while j < len(tags) and tags[j] == "I-" + typ:
                    j += 1
                self.entities.append((typ, starts[i], starts[j - 1] + len(tokens[j - 1]), tokens[i:j]))
                i = j
            else:
                i += 1

    def person_spans(self) -> set[tuple[int, int]]:
        return {(s, e) for t, s, e, _ in self.entities if t == "PERSON"}

    def labelled(self) -> tuple[list[str], list[str]]:
        """Our tokenizer's tokens with IOB2 labels from the gold char spans."""
        toks = tokenize(self.text)
        labels = []
        for _, s, _e in toks:
            lab = "O"
            for typ, es, ee, _ in self.entities:
                mapped = LABEL_MAP.get(typ)
                if mapped and es <= s < ee:
                    lab = ("B-" if s == es else "I-") + mapped
                    break
            labels.append(lab)
        return [t[0] for t in toks], labels


def read_corpus(path: Path) -> list[Sentence]:
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if toks:
                sents.append(Sentence(toks, tags))
            toks, tags = [], []
            continue
        toks.append(parts[0])
        tags.append(parts[-1])
    if toks:
        sents.append(Sentence(toks, tags))
    return sents


def split(sents: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    train = [s for i, s in enumerate(sents) if (i // BLOCK) % 5 != 4]
    held = [s for i, s in enumerate(sents) if (i // BLOCK) % 5 == 4]
    return train, held


def collect_names(sents: Iterable[Sentence]) -> tuple[list[str], list[str]]:
    """Given names and surnames (nominative where the case ending can be stripped) of PERSON spans."""
    person: collections.Counter[str] = collections.Counter()
    other: collections.Counter[str] = collections.Counter()
    given: set[str] = set()
    surnames: set[str] = set()
    sents = list(sents)
    for s in sents:
        for typ, _, _, words in s.entities:
            for w in words:
                (person if typ == "PERSON" else other)[w] += 1
    for s in sents:
        for typ, _, _, words in s.entities:
            if typ != "PERSON":
                continue
            for k, w in enumerate(words):
                if not w[:1].isupper() or len(w) < 2 or other[w] > person[w]:
                    continue
                low = w.lower()
                stem = strip_case(w)
                base = w[: len(stem)] if stem != low else w
                if SURNAME_RE.fullmatch(low) or PATRONYMIC_RE.fullmatch(low) or (k > 0 and len(words) > 1):
                    surnames.add(base)
                else:
                    given.add(base)
    return sorted(given), sorted(surnames)


def own_lists() -> tuple[list[str], list[str]]:
    g = read_name_file((DATA / "given_names_own.txt").read_text(encoding="utf-8"))
    s = read_name_file((DATA / "surnames_own.txt").read_text(encoding="utf-8"))
    return g, s


def lexicon_for(sents: Iterable[Sentence]) -> Lexicon:
    g0, s0 = own_lists()
    g, s = collect_names(sents)
    return Lexicon(g0 + g, s0 + s)


def train(sents: list[Sentence], model: Path, *, c1: float, c2: float, iters: int, folds: int = 5) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for k in range(folds):
        rest = [s for i, s in enumerate(sents) if i % folds != k]
        feat = Featurizer(lexicon_for(rest))
        for i, s in enumerate(sents):
            if i % folds != k:
                continue
            words, labels = s.labelled()
            if words:
                trainer.append(feat.sequence(words), labels)
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": iters,
        "feature.possible_transitions": True,
        "feature.minfreq": 1,
    })
    trainer.train(str(model))


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(finder: KazakhNameFinder, held: list[Sentence]) -> dict[str, tuple[float, float, float]]:
    preds = finder.find([s.text for s in held], language="kk")
    n_pred = n_gold = tp = tp_pred_ov = tp_gold_ov = 0
    for s, spans in zip(held, preds, strict=True):
        gold = s.person_spans()
        pred = {(sp.start, sp.end) for sp in spans}
        n_pred += len(pred)
        n_gold += len(gold)
        tp += len(gold & pred)
        tp_pred_ov += sum(any(a < d and c < b for c, d in gold) for a, b in pred)
        tp_gold_ov += sum(any(a < d and c < b for c, d in pred) for a, b in gold)
    p_ov = tp_pred_ov / n_pred if n_pred else 0.0
    r_ov = tp_gold_ov / n_gold if n_gold else 0.0
    return {
        "exact": prf(tp, n_pred, n_gold),
        "overlap": (p_ov, r_ov, 2 * p_ov * r_ov / (p_ov + r_ov) if p_ov + r_ov else 0.0),
        "counts": (float(n_gold), float(n_pred), float(tp)),
    }


def show_diff(a: KazakhNameFinder, b: KazakhNameFinder, held: list[Sentence]) -> None:
    """Print dev sentences where two configurations disagree (dev mode only, never the 20 % part)."""
    texts = [s.text for s in held]
    for s, pa, pb in zip(held, a.find(texts), b.find(texts), strict=True):
        sa = {(x.start, x.end) for x in pa}
        sb = {(x.start, x.end) for x in pb}
        if sa != sb:
            gold = s.person_spans()
            def show(spans: set[tuple[int, int]], s: Sentence = s) -> list[str]:
                return [s.text[x:y] for x, y in sorted(spans)]

            print("  gold", show(gold), "| a", show(sa), "| b", show(sb))


def throughput(finder: KazakhNameFinder, sents: list[Sentence]) -> tuple[float, float]:
    texts = [s.text for s in sents]
    joined = [" ".join(texts[i : i + 20]) for i in range(0, len(texts), 20)]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    finder.find(texts[:200])  # warm-up (loading)
    out = []
    for batch in (texts, joined):
        t0 = time.perf_counter()
        finder.find(batch)
        out.append(nbytes / 1000 / (time.perf_counter() - t0))
    return out[0], out[1]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--final", action="store_true", help="train on 100 %% and write the package data")
    ap.add_argument("--dev", action="store_true",
                    help="tuning mode: hold out every 4th block of the training part, never the 20 %% part")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=150)
    args = ap.parse_args(argv)

    sents = read_corpus(args.corpus)
    train_part, held = split(sents)
    print(f"sentences: {len(sents)}  train: {len(train_part)}  held-out: {len(held)}")
    if args.final:
        g, s = collect_names(sents)
        header = "# Names from PERSON spans of KazNERD IOB2_valid (IS2AI, CC BY 4.0); generated by\n" \
                 "# scripts/train_kk_ner.py --final. https://github.com/IS2AI/KazNERD\n"
        (DATA / "given_names_kaznerd.txt").write_text(header + "\n".join(g) + "\n", encoding="utf-8")
        (DATA / "surnames_kaznerd.txt").write_text(header + "\n".join(s) + "\n", encoding="utf-8")
        model = DATA / "kk_person.crfsuite"
        t0 = time.perf_counter()
        train(sents, model, c1=args.c1, c2=args.c2, iters=args.iters)
        took = time.perf_counter() - t0
        print(f"trained on 100 % in {took:.0f} s -> {model} ({model.stat().st_size} bytes)")
        print(f"lists: {len(g)} given names, {len(s)} surnames")
        return 0
    if args.dev:
        train_part, held = split(train_part)
        print(f"dev mode: inner train {len(train_part)}, dev {len(held)} (from the 80 % part)")
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "kk_person.crfsuite"
        t0 = time.perf_counter()
        train(train_part, model, c1=args.c1, c2=args.c2, iters=args.iters)
        print(f"trained on 80 % in {time.perf_counter() - t0:.0f} s ({model.stat().st_size} bytes)")
        lex = lexicon_for(train_part)
        for name, finder in (
            ("crf+rules", KazakhNameFinder(model, lex)),
            ("no prefilter", KazakhNameFinder(model, lex, prefilter=False)),
            ("no grammar rules", KazakhNameFinder(model, lex, grammar_rules=False)),
        ):
            res = evaluate(finder, held)
            n_gold, n_pred, tp = res["counts"]
            print(f"[{name}] gold {n_gold:.0f} pred {n_pred:.0f} tp {tp:.0f}")
            for k in ("exact", "overlap"):
                p, r, f = res[k]
                print(f"[{name}] {k:8s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        if args.dev:
            show_diff(KazakhNameFinder(model, lex), KazakhNameFinder(model, lex, grammar_rules=False), held)
        finder = KazakhNameFinder(model, lex)
        per_sent, joined = throughput(finder, sents)
        print(f"throughput: {per_sent:.0f} kB/s (one text per sentence), "
              f"{joined:.0f} kB/s (20-sentence texts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
