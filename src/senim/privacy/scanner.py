"""The scanner: one per-batch function that every runner (in-process, worker processes, Spark) shares.

Per string column of a batch (see ``shared/design/privacy-notes.md`` §6):

1. the compiled structured engine finds candidates in one pass, validates them (checksums,
   registries, numbering plans) and scores them with context words and the column name;
2. values that still carry free text (letters, not just an identifier) go, in batches, to the name
   and address finders of their language (Kazakh, Russian, English);
3. spans that overlap a stronger span are dropped; spans below ``min_score`` are dropped.

A column whose name says it holds names (``ФИО``, ``full_name``, ``аты-жөні`` …) lets a cell that
looks like a name (two to four capitalised words, or initials and a surname) count as ``PERSON``
even where a sentence model would not see a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from senim.privacy.masking import mask_value
from senim.privacy.types import (
    ENTITIES,
    NER_ENTITIES,
    Batch,
    Finding,
    Language,
    Span,
    from_columns,
    keep_non_overlapping,
)

__all__ = ["NER_ENTITIES", "Scanner", "UnknownEntityError", "resolve_entities"]


_LETTER = re.compile(r"[^\W\d_]{2}")
_NAME_COLUMN = re.compile(
    r"(?i)(?:^|[^a-zа-яёәғқңөұүһі])(?:fio|фио|full[ _-]?name|first[ _-]?name|last[ _-]?name|surname|"
    r"given[ _-]?name|patronymic|name|имя|фамилия|отчество|аты[ _-]?жөні|аты|тегі|әкесінің[ _-]?аты|"
    r"клиент|client|customer|employee|сотрудник|қызметкер|person|владелец|owner|holder)(?:$|[^a-zа-яёәғқңөұүһі])"
)
_NAME_CELL = re.compile(
    r"^\s*(?:(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'’-]+|[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.)\s*){2,4}\s*$"
    r"|^\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'’-]+\s*$"
)


class UnknownEntityError(ValueError):
    """An entity name that is not in the contract."""


def resolve_entities(entities: Collection[str] | None) -> frozenset[str]:
    """The selected entity names, checked against the contract (``None`` ⇒ all of them)."""
    if entities is None:
        return frozenset(ENTITIES)
    chosen = frozenset(e.strip().upper() for e in entities if e.strip())
    unknown = sorted(chosen - set(ENTITIES))
    if unknown:
        raise UnknownEntityError(
            f"unknown entity {', '.join(unknown)}; known: {', '.join(ENTITIES)}"
        )
    if not chosen:
        raise UnknownEntityError("no entity selected")
    return chosen


@dataclass(frozen=True)
class _Config:
    entities: frozenset[str]
    language: str
    min_score: float


class Scanner:
    """Finds personal data in string values.

    Parameters
    ----------
    entities
        Entity names to look for (contract names, e.g. ``{"KZ_IIN", "PERSON"}``); ``None`` for all.
    language
        ``"auto"`` (per value: Kazakh letters ⇒ kk, other Cyrillic ⇒ ru, else en) or a fixed
        ``"kk"``, ``"ru"`` or ``"en"``.
    min_score
        Spans scoring below this are not reported.

    Notes
    -----
    A scanner is cheap to pickle: it carries only its configuration, and every process builds
    (once, cached) its compiled engine and loads its models lazily on first use.
    """

    def __init__(
        self,
        *,
        entities: Collection[str] | None = None,
        language: str = "auto",
        min_score: float = 0.4,
    ) -> None:
        if language not in ("auto", "kk", "ru", "en"):
            raise ValueError(f"language: {language!r} is not one of auto, kk, ru, en")
        if not 0.0 <= min_score <= 1.0:
            raise ValueError("min_score: must be within [0, 1]")
        self._config = _Config(resolve_entities(entities), language, min_score)

    @property
    def entities(self) -> frozenset[str]:
        return self._config.entities

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self._config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._config = state["config"]

    # ------------------------------------------------------------------ values

    def scan_values(
        self,
        values: Sequence[str | None],
        *,
        field: str | None = None,
        language: str | None = None,
    ) -> list[list[Span]]:
        """One sorted list of spans per value (``str`` offsets into that value, end exclusive)."""
        cfg = self._config
        structured_entities = cfg.entities - NER_ENTITIES
        out: list[list[Span]]
        if structured_entities:
            out = _engine(structured_entities).scan(values, field=field)  # fresh lists, ours to change
        else:
            out = [[] for _ in values]
        ner_entities = cfg.entities & NER_ENTITIES
        if ner_entities:
            self._free_text(values, out, field, language or cfg.language, ner_entities)
        floor = cfg.min_score
        for i, spans in enumerate(out):
            if spans:
                kept = [s for s in spans if s.score >= floor]
                out[i] = keep_non_overlapping(kept) if len(kept) > 1 else kept
        return out

    def _free_text(
        self,
        values: Sequence[str | None],
        out: list[list[Span]],
        field: str | None,
        language: str,
        entities: frozenset[str],
    ) -> None:
        from senim.privacy.lang import detect_language
        from senim.privacy.ner import find_free_text

        name_column = "PERSON" in entities and field is not None and _NAME_COLUMN.search(field) is not None
        index: list[int] = []
        texts: list[str] = []
        for i, v in enumerate(values):
            if not v or _LETTER.search(v) is None:
                continue
            if out[i] and _LETTER.search(_blank(v, out[i])) is None:
                continue  # nothing but identifiers (an e-mail, an IBAN): no free text left
            if name_column and _NAME_CELL.match(v):
                stripped = v.strip()
                start = v.index(stripped)
                out[i].append(Span("PERSON", start, start + len(stripped), 0.85, False, "column.name"))
                continue
            index.append(i)
            texts.append(v)
        if not texts:
            return
        languages: list[Language] = (
            [detect_language(t) for t in texts] if language == "auto" else [language] * len(texts)  # type: ignore[list-item]
        )
        found = find_free_text(texts, languages=languages, entities=entities)
        for i, spans in zip(index, found, strict=True):
            if spans:
                out[i].extend(spans)

    # ------------------------------------------------------------------ batches

    def scan_batch(self, batch: Batch) -> dict[str | None, list[list[Span]]]:
        """Spans per column and record of a reader's batch."""
        return {
            name: self.scan_values(column, field=name) for name, column in batch.columns.items()
        }

    @staticmethod
    def findings(batch: Batch, spans: dict[str | None, list[list[Span]]]) -> list[Finding]:
        """Place a batch's spans in their source, in record order then column order.

        ``spans`` is what :meth:`scan_batch` returns: per column, one list per record, sorted by
        start (the findings keep that order within a record and column).
        """
        rows: list[tuple[int, int, int, int, str | None, str, float, bool, str]] = []
        add = rows.append
        first = batch.first_record
        for order, (name, per_record) in enumerate(spans.items()):
            column = batch.columns[name]
            for i, record_spans in enumerate(per_record):
                if not record_spans:
                    continue
                value = column[i]
                assert value is not None
                for s in record_spans:
                    add((first + i, order, s.start, s.end, name, s.entity, s.score, s.validated, value))
        if not rows:
            return []
        # rows are appended column by column, each in (record, start) order, so a stable sort on
        # the record alone gives (record, column, start): a merge of sorted runs, no key tuples
        rows.sort(key=itemgetter(0))
        cols = tuple(zip(*rows, strict=True))
        starts, ends, entities = cols[2], cols[3], cols[5]
        raw = list(map(_slice, cols[8], starts, ends))
        masked = list(map(mask_value, entities, raw))
        source = [batch.source] * len(rows)
        return from_columns(
            Finding, (source, cols[0], cols[4], starts, ends, entities, cols[6], cols[7], masked, raw)
        )


def _slice(value: str, start: int, end: int) -> str:
    return value[start:end]


def _blank(value: str, spans: list[Span]) -> str:
    """``value`` with its spans replaced by spaces."""
    parts: list[str] = []
    last = 0
    for sp in sorted(spans, key=lambda x: x.start):
        if sp.start > last:
            parts.append(value[last : sp.start])
        last = max(last, sp.end)
    parts.append(value[last:])
    return " ".join(parts)


@lru_cache(maxsize=16)
def _engine(entities: frozenset[str]) -> Any:
    from senim.privacy.engine import StructuredEngine

    return StructuredEngine(entities=entities)
