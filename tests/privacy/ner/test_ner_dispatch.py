"""The dispatcher: per-language finders, batching by language, addresses, entity selection."""

from __future__ import annotations

import pytest

from senim.privacy.ner import find_free_text, might_contain_name, name_finder
from senim.privacy.ner.ru import MorphNameFinder


def _pairs(texts: list[str], out: list[list]) -> list[list[tuple[str, str]]]:  # type: ignore[type-arg]
    return [[(s.entity, t[s.start : s.end]) for s in spans] for t, spans in zip(texts, out, strict=True)]


def test_name_finder_is_cached_per_language() -> None:
    assert name_finder("ru") is name_finder("ru")
    assert name_finder("en") is not name_finder("ru")
    with pytest.raises(ValueError, match="unsupported"):
        name_finder("de")  # type: ignore[arg-type,unused-ignore]


def test_kazakh_finder_or_fallback() -> None:
    finder = name_finder("kk")
    try:
        from senim.privacy.ner.kk import KazakhNameFinder  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        assert isinstance(finder, MorphNameFinder)
    else:
        assert isinstance(finder, KazakhNameFinder)


def test_mixed_languages_with_detection() -> None:
    texts = [
        "Договор подписал Иван Петрович Сидоров, адрес: г. Алматы, ул. Абая, д. 150, кв. 12.",
        "Please call John Smith at 123 Main Street, Apt 4.",
        "",
        "нет ничего",
    ]
    out = _pairs(texts, find_free_text(texts))
    assert out[0] == [
        ("PERSON", "Иван Петрович Сидоров"),
        ("STREET_ADDRESS", "г. Алматы, ул. Абая, д. 150, кв. 12"),
    ]
    assert out[1] == [("PERSON", "John Smith"), ("STREET_ADDRESS", "123 Main Street, Apt 4")]
    assert out[2] == [] and out[3] == []


def test_names_inside_addresses_are_dropped() -> None:
    texts = ["Deliver to 14 Crown Street Kishiev Squares, London"]
    out = _pairs(texts, find_free_text(texts, languages="en"))
    assert all(entity == "STREET_ADDRESS" for entity, _ in out[0])


def test_entity_selection_and_language_list() -> None:
    texts = ["Иван Сидоров живёт на ул. Абая, д. 5"]
    only_names = find_free_text(texts, languages=["ru"], entities=["PERSON", "KZ_IIN"])
    assert {s.entity for s in only_names[0]} == {"PERSON"}
    only_addr = find_free_text(texts, languages=["ru"], entities=["STREET_ADDRESS"])
    assert {s.entity for s in only_addr[0]} == {"STREET_ADDRESS"}
    assert find_free_text(texts, entities=["EMAIL_ADDRESS"]) == [[]]
    with pytest.raises(ValueError, match="one entry per text"):
        find_free_text(texts, languages=["ru", "en"])


def test_kazakh_text_routes_to_kazakh_finder() -> None:
    texts = ["Басшы: Серік Ахметов, Төле би көшесі 45-үй"]
    (spans,) = find_free_text(texts)
    entities = {s.entity for s in spans}
    assert "STREET_ADDRESS" in entities


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [("звонил Иванов", "ru", True), ("звонил бухгалтер", "ru", False), ("called Smith", "en", True),
     ("called the office", "en", False), ("хабарласқан Серік", "kk", True)],
)
def test_prefilter_by_language(text: str, language: str, expected: bool) -> None:
    assert might_contain_name(text, language) is expected  # type: ignore[arg-type]


def test_kazakh_names_through_the_dispatcher() -> None:
    try:
        from senim.privacy.ner.kk import KazakhNameFinder  # type: ignore[attr-defined,unused-ignore]  # noqa: F401
    except ImportError:
        pytest.skip("senim.privacy.ner.kk.KazakhNameFinder has not landed yet")
    texts = ["Нұрлан Әбенов келісімшартқа қол қойды"]
    (spans,) = find_free_text(texts, languages="kk", entities=["PERSON"])
    assert [texts[0][s.start : s.end] for s in spans] == ["Нұрлан Әбенов"]
