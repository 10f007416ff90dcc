"""Precision, recall and F1 of predicted spans against gold spans, per entity and language.

Three ways for a predicted span to match a gold span of the **same entity** in the same document:

``exact``
    identical ``start`` and ``end``;
``overlap``
    the two share at least one character;
``iou``
    intersection over union of the character ranges is at least ``iou_threshold`` (0.75 by
    default, as presidio-research's ``SpanEvaluator``).

Matching is one-to-one: each gold span is matched by at most one prediction and vice versa (pairs
are taken greedily by decreasing IoU), so a prediction covering two gold names counts one true
positive and one false negative. ``tp + fn`` is always the number of gold spans and ``tp + fp`` the
number of predictions. Micro averages add the counts over entities (and languages) before dividing.

Reports never contain text: only counts, offsets are not kept either.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from senim.privacy.eval.gold import GoldDoc
from senim.privacy.types import IDENTIFIER_ENTITIES, Span

__all__ = [
    "ALL",
    "MODES",
    "STRUCTURED",
    "STRUCTURED_ENTITIES",
    "Counts",
    "MatchMode",
    "Report",
    "compare_table",
    "count_matches",
    "evaluate",
]

MatchMode = Literal["exact", "overlap", "iou"]
MODES: Final[tuple[MatchMode, ...]] = ("exact", "overlap", "iou")
#: Row label of a micro average over every entity / every language.
ALL: Final = "ALL"
#: Row label of the micro average over :data:`STRUCTURED_ENTITIES`.
STRUCTURED: Final = "STRUCTURED"
#: Identifiers with a fixed format (and usually a checksum): the "structured" group of the targets.
STRUCTURED_ENTITIES: Final = IDENTIFIER_ENTITIES


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        """Add ``other``'s counts to these (micro averaging)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def support(self) -> int:
        """Number of gold spans."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """Number of predicted spans."""
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        """``tp / (tp + fp)``; 1.0 when nothing was predicted and nothing was expected, else 0."""
        return self.tp / self.predicted if self.predicted else (1.0 if self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        """``tp / (tp + fn)``; 1.0 when there is no gold span."""
        return self.tp / self.support if self.support else 1.0

    def f_beta(self, beta: float = 1.0) -> float:
        """The F-beta score (``beta=2`` weighs recall higher, as presidio-research's F2)."""
        p, r = self.precision, self.recall
        b2 = beta * beta
        return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return self.f_beta(1.0)


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def count_matches(
    gold: Sequence[tuple[int, int]],
    pred: Sequence[tuple[int, int]],
    mode: MatchMode,
    *,
    iou_threshold: float = 0.75,
) -> int:
    """Number of one-to-one matches between gold and predicted ``(start, end)`` ranges.

    Parameters
    ----------
    gold, pred:
        Character ranges (end exclusive) of one entity type in one document.
    mode:
        ``"exact"``, ``"overlap"`` or ``"iou"``.
    iou_threshold:
        Minimum intersection over union for ``mode="iou"``.
    """
    if not gold or not pred:
        return 0
    if mode == "exact":
        return sum((Counter(gold) & Counter(pred)).values())
    pairs: list[tuple[float, int, int]] = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            iou = _iou(g, p)
            if iou > 0.0 and (mode == "overlap" or iou >= iou_threshold - 1e-12):
                pairs.append((iou, i, j))
    pairs.sort(key=lambda t: -t[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


@dataclass(slots=True)
class Report:
    """Scores of one system on one evaluation set.

    ``counts[mode][(language, entity)]`` holds per-entity counts; micro averages are computed on
    demand (:meth:`get`). ``decoys[kind] = (total, hit)`` counts look-alikes that a prediction
    overlapped. ``targets`` maps ``(language, entity)`` (``"*"`` for any language) to a minimum F1
    printed next to the figures. ``meta`` holds timing and configuration (no data).
    """

    name: str
    entities: frozenset[str]
    counts: dict[str, dict[tuple[str, str], Counts]]
    decoys: dict[str, tuple[int, int]] = field(default_factory=dict)
    targets: dict[tuple[str, str], float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    iou_threshold: float = 0.75

    @property
    def languages(self) -> list[str]:
        """Languages with at least one gold or predicted span."""
        return sorted({lang for per in self.counts.values() for lang, _ in per})

    def get(self, mode: MatchMode, language: str = ALL, entity: str = ALL) -> Counts:
        """Counts for one cell; ``ALL`` or ``STRUCTURED`` sum (micro-average) over a group."""
        out = Counts()
        for (lang, ent), c in self.counts[mode].items():
            if language not in (ALL, lang):
                continue
            if entity in (ALL, ent) or (entity == STRUCTURED and ent in STRUCTURED_ENTITIES):
                out.add(c)
        return out

    def target(self, language: str, entity: str) -> float | None:
        """The F1 target for a row, if one was set."""
        return self.targets.get((language, entity), self.targets.get(("*", entity)))

    def rows(self, mode: MatchMode) -> list[tuple[str, str, Counts]]:
        """Table rows: per language its entities, then the structured and overall micro averages."""
        out: list[tuple[str, str, Counts]] = []
        langs = self.languages
        for lang in [*langs, ALL] if len(langs) > 1 else langs:
            ents = sorted({e for (lg, e) in self.counts[mode] if lang in (ALL, lg)})
            for ent in ents:
                out.append((lang, ent, self.get(mode, lang, ent)))
            if len([e for e in ents if e in STRUCTURED_ENTITIES]) > 1:
                out.append((lang, STRUCTURED, self.get(mode, lang, STRUCTURED)))
            if len(ents) > 1:
                out.append((lang, ALL, self.get(mode, lang, ALL)))
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary: every row of every mode, decoys, targets and meta."""
        results = []
        for mode in MODES:
            for lang, ent, c in self.rows(mode):
                tgt = self.target(lang, ent)
                results.append(
                    {
                        "mode": mode,
                        "language": lang,
                        "entity": ent,
                        "support": c.support,
                        "predicted": c.predicted,
                        "tp": c.tp,
                        "fp": c.fp,
                        "fn": c.fn,
                        "precision": round(c.precision, 4),
                        "recall": round(c.recall, 4),
                        "f1": round(c.f1, 4),
                        "target_f1": tgt,
                        "target_met": None if tgt is None else c.f1 >= tgt,
                    }
                )
        return {
            "name": self.name,
            "entities": sorted(self.entities),
            "iou_threshold": self.iou_threshold,
            "meta": self.meta,
            "results": results,
            "decoys": {k: {"total": t, "found": h} for k, (t, h) in sorted(self.decoys.items())},
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``kwargs`` go to :func:`json.dumps`)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def render(self, mode: MatchMode = "exact") -> Any:
        """A :class:`rich.table.Table` of one match mode (print it with a Rich console)."""
        from rich.table import Table

        title = f"{self.name} — {mode}" + (f" (IoU ≥ {self.iou_threshold})" if mode == "iou" else "")
        table = Table(title=title, title_justify="left")
        for col in ("lang", "entity", "gold", "pred", "TP", "FP", "FN", "P", "R", "F1", "target"):
            table.add_column(col, justify="left" if col in ("lang", "entity") else "right")
        prev_lang = None
        for lang, ent, c in self.rows(mode):
            tgt = self.target(lang, ent)
            mark = (
                "" if tgt is None else f"≥{tgt:.2f} " + ("[green]met[/]" if c.f1 >= tgt else "[red]MISSED[/]")
            )
            bold = ent in (ALL, STRUCTURED)
            f1 = f"[bold]{c.f1:.3f}[/]" if bold else f"{c.f1:.3f}"
            table.add_row(
                lang if lang != prev_lang else "",
                ent,
                str(c.support),
                str(c.predicted),
                str(c.tp),
                str(c.fp),
                str(c.fn),
                f"{c.precision:.3f}",
                f"{c.recall:.3f}",
                f1,
                mark,
                end_section=False,
            )
            prev_lang = lang
        return table

    def render_decoys(self) -> Any:
        """A :class:`rich.table.Table` of decoys found (each one found is a false positive)."""
        from rich.table import Table

        table = Table(title=f"{self.name} — decoys (must not be found)", title_justify="left")
        for col in ("kind", "total", "found", "rate"):
            table.add_column(col, justify="left" if col == "kind" else "right")
        for kind, (total, hit) in sorted(self.decoys.items()):
            table.add_row(kind, str(total), str(hit), f"{hit / total:.3f}" if total else "-")
        return table


def evaluate(
    docs: Sequence[GoldDoc],
    predictions: Sequence[Sequence[Span]],
    *,
    name: str = "",
    entities: Iterable[str] | None = None,
    iou_threshold: float = 0.75,
    targets: Mapping[tuple[str, str], float] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Report:
    """Score predictions against gold documents.

    Parameters
    ----------
    docs:
        Gold documents.
    predictions:
        One list of spans per document, offsets into that document's text.
    name:
        Report title.
    entities:
        Entity types to score; gold and predicted spans of other types are ignored. Defaults to
        every type seen in the gold.
    iou_threshold:
        Threshold of the ``iou`` mode.
    targets:
        Minimum F1 per ``(language, entity)``, printed next to the figures.
    meta:
        Extra information to keep in the report (timings, configuration).

    Returns
    -------
    Report
    """
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} documents but {len(predictions)} prediction lists")
    ents = frozenset(entities) if entities is not None else frozenset(s.entity for d in docs for s in d.spans)
    counts: dict[str, dict[tuple[str, str], Counts]] = {m: defaultdict(Counts) for m in MODES}
    decoys: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc, preds in zip(docs, predictions, strict=True):
        gold_by: dict[str, list[tuple[int, int]]] = defaultdict(list)
        pred_by: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for g in doc.spans:
            if g.entity in ents:
                gold_by[g.entity].append((g.start, g.end))
        for p in preds:
            if p.entity in ents:
                pred_by[p.entity].append((p.start, p.end))
        for ent in gold_by.keys() | pred_by.keys():
            g_list, p_list = gold_by.get(ent, []), pred_by.get(ent, [])
            for mode in MODES:
                tp = count_matches(g_list, p_list, mode, iou_threshold=iou_threshold)
                c = counts[mode][(doc.language, ent)]
                c.tp += tp
                c.fp += len(p_list) - tp
                c.fn += len(g_list) - tp
        for d in doc.decoys:
            slot = decoys[d.kind or d.entity]
            slot[0] += 1
            if any(p.start < d.end and d.start < p.end for p in preds if p.entity in ents):
                slot[1] += 1
    return Report(
        name=name,
        entities=ents,
        counts={m: dict(v) for m, v in counts.items()},
        decoys={k: (v[0], v[1]) for k, v in decoys.items()},
        targets=dict(targets or {}),
        meta=dict(meta or {}),
        iou_threshold=iou_threshold,
    )


def compare_table(reports: Sequence[Report], mode: MatchMode = "exact", *, language: str = ALL) -> Any:
    """A Rich table of F1 per entity, one column per report (e.g. Senim versus Presidio)."""
    from rich.table import Table

    table = Table(title=f"F1 by entity — {mode}, language {language}", title_justify="left")
    table.add_column("entity")
    for r in reports:
        table.add_column(r.name, justify="right")
    ents = sorted({e for r in reports for (lg, e) in r.counts[mode] if language in (ALL, lg)})
    for ent in [*ents, STRUCTURED, ALL]:
        cells = []
        for r in reports:
            c = r.get(mode, language, ent)
            cells.append(f"{c.f1:.3f}" if c.support or c.predicted else "-")
        table.add_row(ent, *cells)
    return table
