"""Russian names: natasha NER with post-processing, pymorphy3 name tags, the regex prefilter."""

from __future__ import annotations

import pytest

from senim.privacy.ner.ru import MorphNameFinder, RussianNameFinder, is_name_word, might_contain_name


def _names(finder: RussianNameFinder | MorphNameFinder, text: str) -> list[str]:
    (spans,) = finder.find([text], language="ru")
    assert all(s.entity == "PERSON" and 0 < s.score <= 1 for s in spans)
    return [text[s.start : s.end] for s in spans]


@pytest.fixture(scope="module")
def natasha() -> RussianNameFinder:
    return RussianNameFinder()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Вчера Иван Петрович Сидоров подписал договор.", ["Иван Петрович Сидоров"]),
        ("Документы передал И.И. Иванов, бухгалтер.", ["И.И. Иванов"]),
        ("Письмо направлено Анне Сергеевне Кузнецовой.", ["Анне Сергеевне Кузнецовой"]),  # dative
        ("Встреча с Нурланом Абеновым прошла в Астане.", ["Нурланом Абеновым"]),
        ("«Свобода прессы», — сказал Джоэл Саймон (Joel Simon).", ["Джоэл Саймон", "Joel Simon"]),
        ("Погода в Москве сегодня хорошая.", []),
        ("", []),
    ],
)
def test_natasha_finds_names(natasha: RussianNameFinder, text: str, expected: list[str]) -> None:
    assert _names(natasha, text) == expected


def test_natasha_batches_keep_order_and_offsets(natasha: RussianNameFinder) -> None:
    texts = ["Пётр Смирнов пришёл.", "нет имён здесь", "", "Отчёт подготовила Мария Иванова. " * 80]
    out = natasha.find(texts, language="ru")
    assert len(out) == 4
    assert [texts[0][s.start : s.end] for s in out[0]] == ["Пётр Смирнов"]
    assert out[1] == [] and out[2] == []
    assert len(out[3]) >= 70  # the long text is chunked and every piece is mapped back
    assert all(texts[3][s.start : s.end] == "Мария Иванова" for s in out[3])


def test_natasha_options_are_validated() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        RussianNameFinder(batch_size=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Иванов Иван Иванович", ["Иванов Иван Иванович"]),
        ("ИВАНОВА МАРИЯ", ["ИВАНОВА МАРИЯ"]),
        ("Петров А.В.", ["Петров А.В."]),
        ("Сидорова", ["Сидорова"]),
        ("Оплата по счёту", []),
        ("Москва", []),
        ("1234", []),
    ],
)
def test_morph_finder_cells(text: str, expected: list[str]) -> None:
    assert _names(MorphNameFinder(), text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Иван", True), ("Кузнецовой", True), ("Сергеевна", True), ("Тоқаев", True), ("стол", False)],
)
def test_is_name_word(word: str, expected: bool) -> None:
    assert is_name_word(word) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("договор подписал Иванов", True),  # capitalised inside a sentence
        ("Иванов подписал договор", True),  # sentence-initial, but a surname
        ("подпись: И.И.", True),  # initials
        ("ИВАНОВ ИВАН", True),
        ("Оплата по счёту №15", False),
        ("оплата по счёту. Договор продлён.", False),
        ("", False),
    ],
)
def test_prefilter(text: str, expected: bool) -> None:
    assert might_contain_name(text) is expected
