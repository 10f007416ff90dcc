"""Span helpers shared by the free-text finders."""

from __future__ import annotations

import itertools

import pytest

from senim.privacy.ner.base import (
    chunk_text,
    clean_person_span,
    drop_contained,
    drop_named_after,
    extend_initial_dot,
    resolve_overlaps,
    split_person_span,
)
from senim.privacy.types import Span


def _clean(text: str) -> str | None:
    found = clean_person_span(text, 0, len(text))
    return None if found is None else text[found[0] : found[1]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jamie Pratt\n\n", "Jamie Pratt"),
        ("Bryan Maclean's", "Bryan Maclean"),
        ("«Иванов»", "Иванов"),
        ("Иванов И.И.", "Иванов И.И."),  # the dot of an initial stays
        ("Smith.", "Smith"),
        # labels before a name and address units after it are not part of it
        ("Producer Liviana Palerma", "Liviana Palerma"),
        ("менеджер Айгерим Сейтова", "Айгерим Сейтова"),
        ("Jennifer Alcaraz Suite", "Jennifer Alcaraz"),
        ("Barbara Yudina Apt.", "Barbara Yudina"),
        ("Director", "Director"),  # one word is always kept (what it is, the finder decides)
        ("(Половникова", "Половникова"),
        ("Formula 1", None),  # digits
        ("NunziaNucci@cuvox.de", None),
        ("X", None),  # too short
        ("  ,. ", None),
    ],
)
def test_clean_person_span(raw: str, expected: str | None) -> None:
    assert _clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Джоэл Саймон (Joel Simon)", ["Джоэл Саймон", "Joel Simon"]),
        ("Топалов — Нисипяну", ["Топалов", "Нисипяну"]),
        ("Овечкин, Фёдоров", ["Овечкин", "Фёдоров"]),
        ("Maika van de Noort\nEmployment", ["Maika van de Noort"]),
        ("Немировича-Данченко", ["Немировича-Данченко"]),
        ("Sami al-Haj", ["Sami al-Haj"]),
    ],
)
def test_split_person_span(raw: str, expected: list[str]) -> None:
    assert [raw[s:e] for s, e in split_person_span(raw, 0, len(raw))] == expected


def test_resolve_overlaps_prefers_score_then_length() -> None:
    a = Span("PERSON", 0, 10, 0.8)
    b = Span("PERSON", 5, 12, 0.9)
    c = Span("PERSON", 20, 25, 0.5)
    d = Span("PERSON", 20, 30, 0.5)
    assert resolve_overlaps([a, b, c, d]) == [b, d]


def test_drop_contained_uses_half_overlap() -> None:
    addr = [Span("STREET_ADDRESS", 10, 30, 0.9)]
    inside = Span("PERSON", 12, 20, 0.8)
    half = Span("PERSON", 25, 35, 0.8)
    outside = Span("PERSON", 0, 8, 0.8)
    mostly_out = Span("PERSON", 28, 40, 0.8)
    assert drop_contained([inside, half, outside, mostly_out], addr) == [outside, mostly_out]
    assert drop_contained([inside], []) == [inside]


@pytest.mark.parametrize("max_chars", [100, 250, 1000])
def test_chunk_text_covers_text_in_order(max_chars: int) -> None:
    text = ("Первое предложение. Второе предложение!\n" * 40) + "x" * 700
    pieces = chunk_text(text, max_chars)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    assert all(e - s <= max_chars for s, e in pieces)


def test_chunk_text_prefers_line_breaks() -> None:
    text = "a" * 60 + "\n" + "b" * 60
    assert chunk_text(text, 100) == [(0, 61), (61, 121)]
    assert chunk_text("short", 100) == [(0, 5)]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("от Дина К. Итого", "Дина К", "Дина К."),  # the initial's dot, though it also ends a sentence
        ("Сидоров А.Б. пришёл", "Сидоров А.Б", "Сидоров А.Б."),
        ("Mark T. wrote", "Mark T", "Mark T."),
        ("Ержан Ә.", "Ержан Ә", "Ержан Ә."),  # Kazakh letters are initials too
        ("Иван Петров. Далее", "Иван Петров", "Иван Петров"),  # a word's sentence dot stays out
        ("Ли. Далее", "Ли", "Ли"),
        ("ООО Б.", "Б", "Б"),  # a lone letter is no name span to extend
    ],
)
def test_extend_initial_dot(text: str, span: str, expected: str) -> None:
    start = text.index(span)
    end = extend_initial_dot(text, start, start + len(span))
    assert text[start:end] == expected


def test_split_person_span_keeps_the_initials_dot() -> None:
    text = "Получатель Алия Т. Баланс"
    start = text.index("Алия")
    assert [text[s:e] for s, e in split_person_span(text, start, start + len("Алия Т"))] == ["Алия Т."]


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("ЮКУ им. Б. Момышулы", "Б. Момышулы", False),
        ("университет имени Сатпаева", "Сатпаева", False),
        ("А.Н. Байтұрсынов атындағы мектеп", "А.Н. Байтұрсынов", False),
        ("Иманов Б. обратился", "Иманов Б.", True),
        ("Пример: Жанна Имени", "Жанна", True),  # "Имени" after the name, not before it
        ("Асқар атынан өтініш", "Асқар", True),  # "on behalf of" is no institution
    ],
)
def test_drop_named_after(text: str, name: str, kept: bool) -> None:
    start = text.index(name)
    spans = [Span("PERSON", start, start + len(name), 0.9), Span("STREET_ADDRESS", 0, 3, 0.9)]
    out = drop_named_after(text, spans)
    assert (spans[0] in out) is kept
    assert spans[1] in out
