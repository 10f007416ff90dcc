"""Gold-standard documents for evaluating the personal-data scanner.

A :class:`GoldDoc` is one string value (a sentence, a document or a table cell) with the spans a
perfect scanner would report (:class:`GoldSpan`, entity names of the public contract) and, for
generated data, *decoys*: look-alikes that must **not** be reported (an order number with a bad
IIN check digit, a Luhn-invalid card-like number, a phone with an unassigned operator code …).
Offsets are Python ``str`` indices into ``GoldDoc.text``, end exclusive, exactly as in
:class:`senim.privacy.types.Span`.

Gold values are personal data only when they come from a real corpus; never log ``text`` or a
span's slice — report counts and offsets instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from senim.privacy.types import Language

__all__ = ["Corpus", "GoldDoc", "GoldSpan"]


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One annotated entity: ``text[start:end]`` is an ``entity`` (or a decoy for it).

    ``kind`` says how the value was made (``"iin_second_pass"``, ``"phone_landline"``,
    ``"bad_checksum_order_id"`` …); it is for diagnostics and never part of the match.
    """

    entity: str
    start: int
    end: int
    kind: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad gold span offsets {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """A string value with its gold spans and decoys.

    Attributes
    ----------
    doc_id:
        Stable id inside its corpus (``"kaznerd:17"``, ``"gen:ru:42"``, ``"table:3:ИИН"``).
    text:
        The value to scan.
    language:
        ``"kk"``, ``"ru"`` or ``"en"``: the language the figures are reported under.
    spans:
        Entities a scanner must find, sorted by ``start``.
    decoys:
        Look-alikes that must not be found (``entity`` is the type they imitate).
    field:
        Column name for table cells (passed to the scanner as a hint), ``None`` for free text.
    domain:
        What kind of text it is (``"bank"``, ``"hr"``, ``"news"``, ``"table"`` …).
    """

    doc_id: str
    text: str
    language: Language
    spans: tuple[GoldSpan, ...] = ()
    decoys: tuple[GoldSpan, ...] = ()
    field: str | None = None
    domain: str = ""

    def __post_init__(self) -> None:
        n = len(self.text)
        for s in (*self.spans, *self.decoys):
            if s.end > n:
                raise ValueError(f"gold span {s.start}..{s.end} beyond a {n}-character text ({self.doc_id})")


@dataclass(frozen=True, slots=True)
class Corpus:
    """A named evaluation set: its documents and the entity types its gold annotates.

    Predictions of entity types outside ``entities`` are not counted (a news corpus annotated only
    for PERSON says nothing about phone numbers).
    """

    name: str
    docs: list[GoldDoc]
    entities: frozenset[str]
    description: str = ""
    languages: tuple[Language, ...] = field(default=())
