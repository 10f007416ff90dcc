"""Core types of the personal-data scanner, shared by every layer.

Layers (see ``shared/design/privacy-notes.md`` §6)::

    readers  ->  Batch (columns of string values)
    engine   ->  structured candidates -> validators -> context scores   (Span)
    ner      ->  PERSON / STREET_ADDRESS spans on free text             (Span)
    scanner  ->  Finding (source, record, field, offsets, entity, score, validated, masked)
    redact   ->  the same Batch with every finding replaced, written in the input's format

A :class:`Span` is relative to one string value (Python ``str`` offsets, end exclusive).
A :class:`Finding` places a span in its source. Raw values live only in ``Finding.value``
(``repr=False``) and are printed only when the user asks for ``--show-values``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from dataclasses import field as _field
from itertools import repeat
from json.encoder import encode_basestring as _json_string
from typing import Any, Final, Literal, Protocol, TypeVar

__all__ = [
    "ENTITIES",
    "IDENTIFIER_ENTITIES",
    "LANGUAGES",
    "NER_ENTITIES",
    "STRUCTURED_ENTITIES",
    "Batch",
    "Finding",
    "Language",
    "NameFinder",
    "ReadError",
    "Span",
    "findings_jsonl",
    "from_columns",
    "keep_non_overlapping",
    "rank_by_score",
    "rank_validated_by_length",
    "rank_validated_by_score",
]

#: Every entity type of the public contract (``shared/design/scan-contract.md``), in its order.
ENTITIES: Final[tuple[str, ...]] = (
    "KZ_IIN",
    "KZ_BIN",
    "KZ_PASSPORT",
    "KZ_ID_CARD",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "IBAN_CODE",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "PERSON",
    "STREET_ADDRESS",
    "DATE_OF_BIRTH",
)

#: Found by name and address finders on free text (NER, gazetteers, rules).
NER_ENTITIES: Final[frozenset[str]] = frozenset({"PERSON", "STREET_ADDRESS"})
#: Found by the compiled pattern engine and validated (checksums, registries, context).
STRUCTURED_ENTITIES: Final[tuple[str, ...]] = tuple(e for e in ENTITIES if e not in NER_ENTITIES)
#: Identifiers with a fixed format (and usually a checksum): the structured entities but a birth date.
IDENTIFIER_ENTITIES: Final[frozenset[str]] = frozenset(STRUCTURED_ENTITIES) - {"DATE_OF_BIRTH"}

Language = Literal["kk", "ru", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("kk", "ru", "en")


@dataclass(frozen=True, slots=True)
class Span:
    """One detection inside one string value.

    ``start``/``end`` are ``str`` indices into the value, end exclusive; ``score`` is in [0, 1];
    ``validated`` is true when a checksum or registry confirmed the value (IIN/BIN mod 11,
    IBAN mod 97, Luhn, numbering plan); ``detector`` is the stable id of the detector that found it.
    """

    entity: str
    start: int
    end: int
    score: float
    validated: bool = False
    detector: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """A span placed in its source: the unit of the ``--format jsonl`` output."""

    source: str
    record: int
    field: str | None
    start: int
    end: int
    entity: str
    score: float
    validated: bool
    masked: str
    value: str = _field(repr=False, compare=False)

    def to_json(self, *, show_values: bool = False) -> str:
        """``json.dumps(self.to_dict(...), ensure_ascii=False)``, formatted directly (it runs once per
        finding of a scan)."""
        q = _json_string
        field = "null" if self.field is None else q(self.field)
        text = (
            f'{{"source": {q(self.source)}, "record": {self.record}, "field": {field}, '
            f'"start": {self.start}, "end": {self.end}, "entity": {q(self.entity)}, '
            f'"score": {round(self.score, 4)!r}, "validated": {"true" if self.validated else "false"}, '
            f'"masked": {q(self.masked)}'
        )
        if show_values:
            text += f', "value": {q(self.value)}'
        return text + "}"

    def to_dict(self, *, show_values: bool = False) -> dict[str, object]:
        """The contract's JSON object; the raw value only with ``show_values``."""
        out: dict[str, object] = {
            "source": self.source,
            "record": self.record,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "entity": self.entity,
            "score": round(self.score, 4),
            "validated": self.validated,
            "masked": self.masked,
        }
        if show_values:
            out["value"] = self.value
        return out


@dataclass(frozen=True, slots=True)
class ReadError:
    """A malformed row, value or file: where it is and what is wrong (never the raw content)."""

    source: str
    position: str  # e.g. "line 17", "row 41", "byte 1024", "row group 3"
    message: str


@dataclass(slots=True)
class Batch:
    """A slice of a source, column-major.

    ``columns`` maps a field name (``None`` for plain text lines) to a list of values, one per
    record; all lists have ``n_records`` entries and ``None`` marks a missing or non-string cell.
    Record ``i`` of the batch is record ``first_record + i`` of the source (0-based row or line).
    Readers may keep whatever they need to write the batch back (``extra``) so that a redacting
    writer reproduces the input's format; scanners never look at it.
    """

    source: str
    first_record: int
    n_records: int
    columns: dict[str | None, list[str | None]]
    n_bytes: int = 0
    errors: list[ReadError] = _field(default_factory=list)
    extra: object = None


class NameFinder(Protocol):
    """Finds PERSON (and possibly STREET_ADDRESS) spans in free-text values, in batches."""

    def find(self, texts: Sequence[str], *, language: Language) -> list[list[Span]]:
        """One list of spans per input text, offsets into that text."""
        ...


_T = TypeVar("_T")
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...] | None] = {}


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...] | None:
    """Setters of a plain frozen slotted dataclass's slots in field order (``None``: not such a class)."""
    if cls not in _SETTERS:
        names = [f.name for f in fields(cls)]
        found = [getattr(cls.__dict__.get(n), "__set__", None) for n in names]
        plain = not hasattr(cls, "__post_init__") and all(f is not None for f in found)
        _SETTERS[cls] = tuple(found) if plain else None  # type: ignore[arg-type]
    return _SETTERS[cls]


def from_columns(cls: type[_T], columns: Sequence[Sequence[object]]) -> list[_T]:
    """Instances of the dataclass ``cls`` from one column per field (in field order).

    :class:`Span` and :class:`Finding` are frozen slotted dataclasses: their generated ``__init__``
    costs a frame and one ``object.__setattr__`` per field. A scan makes hundreds of thousands of
    them, so here the objects are allocated and each slot is filled by ``map`` over its column,
    which gives equal objects in a third of the time.
    """
    setters = _setters(cls)
    if setters is None or len(setters) != len(columns):
        return [cls(*row) for row in zip(*columns, strict=True)]
    if not columns or not len(columns[0]):
        return []
    made: list[_T] = list(map(object.__new__, repeat(cls, len(columns[0]))))
    for setter, column in zip(setters, columns, strict=True):
        deque(map(setter, made, column), maxlen=0)
    return made


def findings_jsonl(findings: Sequence[Finding], *, show_values: bool = False) -> str:
    """The findings as JSON lines, each exactly :meth:`Finding.to_json` plus a newline.

    Sources, fields and entities repeat from finding to finding: each is quoted once.
    """
    quoted: dict[str | None, str] = {None: "null"}

    def q(text: str | None) -> str:
        found = quoted.get(text)
        if found is None:
            assert text is not None
            found = quoted[text] = _json_string(text)
        return found

    scores: dict[float, str] = {}  # a scan has a handful of distinct scores

    def score_text(score: float) -> str:
        found = scores.get(score)
        if found is None:
            found = scores[score] = repr(round(score, 4))
        return found

    parts: list[str] = []
    add = parts.append
    get_quoted, get_score = quoted.get, scores.get
    for f in findings:
        text = (
            f'{{"source": {get_quoted(f.source) or q(f.source)}, "record": {f.record}, '
            f'"field": {get_quoted(f.field) or q(f.field)}, "start": {f.start}, "end": {f.end}, '
            f'"entity": {get_quoted(f.entity) or q(f.entity)}, '
            f'"score": {get_score(f.score) or score_text(f.score)}, '
            f'"validated": {"true" if f.validated else "false"}, "masked": {_json_string(f.masked)}'
        )
        if show_values:
            text += f', "value": {_json_string(f.value)}'
        add(text + "}\n")
    return "".join(parts)


# ----------------------------------------------------------------------------- overlaps


def rank_validated_by_length(s: Span) -> tuple[bool, int, float, int]:
    """Validated first, then longer, then higher score, then earlier (the structured engine)."""
    return (not s.validated, s.start - s.end, -s.score, s.start)


def rank_validated_by_score(s: Span) -> tuple[bool, float, int, int]:
    """Validated first, then higher score, then longer, then earlier (the scanner, across layers)."""
    return (not s.validated, -s.score, s.start - s.end, s.start)


def rank_by_score(s: Span) -> tuple[float, int, int]:
    """Higher score first, then longer, then earlier (one free-text finder's spans)."""
    return (-s.score, s.start - s.end, s.start)


def keep_non_overlapping(
    spans: Iterable[Span], *, rank: Callable[[Span], tuple[Any, ...]] = rank_validated_by_score
) -> list[Span]:
    """One span per overlapping region, sorted by ``(start, end)``.

    Spans are taken in ``rank`` order; a span is kept when it overlaps none kept before it. The
    layers rank differently (see the ``rank_*`` functions) but resolve in this one place.
    """
    ordered = sorted(spans, key=rank)
    if len(ordered) < 2:
        return ordered
    kept: list[Span] = []
    for span in ordered:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    kept.sort(key=lambda k: (k.start, k.end))
    return kept
