"""Tests of the Kazakh PERSON finder (``senim.privacy.ner.kk``): morphology, lexicon, shipped model."""

from __future__ import annotations

import threading

import pytest

from senim.privacy.ner.kk import KazakhNameFinder, Lexicon, case_forms, strip_case, to_latin
from senim.privacy.ner.kk.features import Featurizer, tokenize, word_shape
from senim.privacy.ner.kk.lexicon import PATRONYMIC_RE, SURNAME_RE, read_name_file
from senim.privacy.ner.kk.morph import is_back
from senim.privacy.types import NameFinder, Span


@pytest.fixture(scope="module")
def finder() -> KazakhNameFinder:
    return KazakhNameFinder()


def names(finder: KazakhNameFinder, text: str) -> list[str]:
    (spans,) = finder.find([text], language="kk")
    return [text[s.start : s.end] for s in spans]


# -- morphology -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Абай", "Абайдың"),  # genitive after й
        ("Асқар", "Асқардың"),
        ("Асан", "Асанның"),  # after a nasal
        ("Мұрат", "Мұраттың"),  # voiceless
        ("Айгерім", "Айгерімнің"),  # front harmony
        ("Дана", "Дананың"),  # vowel
        ("Әлібек", "Әлібекке"),  # dative, front, voiceless
        ("Мұрат", "Мұратқа"),
        ("Асқар", "Асқарға"),
        ("Айгерім", "Айгерімге"),
        ("Дана", "Дананы"),  # accusative
        ("Мұрат", "Мұратты"),
        ("Айгерім", "Айгерімді"),
        ("Дана", "Данада"),  # locative
        ("Мұрат", "Мұратта"),
        ("Асан", "Асаннан"),  # ablative after nasal
        ("Дана", "Данадан"),
        ("Мұрат", "Мұраттан"),
        ("Абай", "Абаймен"),  # instrumental
        ("Асан", "Асанбен"),
        ("Мұрат", "Мұратпен"),
        ("Дана", "Данасы"),  # possessive
        ("Мұрат", "Мұраты"),
        ("Дана", "Данасының"),
        ("Тоқаев", "Тоқаевтың"),  # Russian suffix, Kazakh root harmony
        ("Тоқаев", "Тоқаевқа"),
        ("Әуезов", "Әуезовтің"),
        ("Байманова", "Байманованың"),
        ("Қасым-Жомарт", "Қасым-Жомарттың"),
    ],
)
def test_case_forms_valid(name: str, form: str) -> None:
    assert form in case_forms(name)
    assert strip_case(form) == name.lower()


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("Айгерім", "Айгерімның"),  # wrong harmony
        ("Мұрат", "Мұратдың"),  # no assimilation
        ("Асқар", "Асқарқа"),
        ("Тоқаев", "Тоқаевтің"),
        ("Әлібек", "Әлібекқа"),
        ("Асан", "Асанмен"),  # -бен after a nasal
    ],
)
def test_case_forms_reject_wrong(name: str, wrong: str) -> None:
    assert wrong not in case_forms(name)


def test_case_forms_edge() -> None:
    assert case_forms("") == set()
    assert "Абай" in case_forms("Абай")
    assert strip_case("Ас") == "ас"  # too short to strip
    assert is_back("Асқар") is True
    assert is_back("Әлібек") is False
    assert is_back("Дмитрий") is None


def test_to_latin() -> None:
    assert "Nazarbayev" in to_latin("Назарбаев")
    assert "Zhanar" in to_latin("Жанар")
    assert "Aigerim" in to_latin("Айгерім")
    assert "Qasym" in to_latin("Қасым")


@pytest.mark.parametrize(
    ("word", "surname", "patronymic"),
    [
        ("сейтқалиев", True, False),
        ("тоқаевқа", True, False),
        ("байманованың", True, False),
        ("серікұлы", False, True),
        ("нұрсұлтанқызы", False, True),
        ("нұрсұлтановна", None, True),
        ("nazarbayev", True, False),
        ("алматы", False, False),
        ("астана", False, False),
        ("ов", False, False),
    ],
)
def test_shape_patterns(word: str, surname: bool | None, patronymic: bool) -> None:
    if surname is not None:
        assert (SURNAME_RE.fullmatch(word) is not None) is surname
    assert (PATRONYMIC_RE.fullmatch(word) is not None) is patronymic


def test_lexicon_and_name_file() -> None:
    assert read_name_file("# c\nАбай\n\n Дана  # x\n") == ["Абай", "Дана"]
    lex = Lexicon(["Абай"], ["Тоқаев"])
    assert lex.is_given("абайдың")
    assert lex.is_surname("тоқаеваның")  # female form generated
    assert lex.is_given("abai")
    assert not lex.is_given("алматы")


# -- tokenizer / features ----------------------------------------------------------------------------
def test_tokenize_offsets() -> None:
    text = "А.Б. Сейтқалиев, Қасым-Жомарт 2024 ж."
    toks = tokenize(text)
    assert all(text[s:e] == w for w, s, e in toks)
    assert ("Қасым-Жомарт", 17, 29) in toks
    assert tokenize("") == []
    assert word_shape("Абай") == "Xx"
    assert word_shape("А") == "X"
    assert word_shape("ҚР") == "XX"
    assert word_shape("Қасым-Жомарт") == "Xx-Xx"


def test_featurizer_sequence() -> None:
    feat = Featurizer(Lexicon(["Асқар"], []))
    seq = feat.sequence(["Бүгін", "Асқар", "келді"])
    assert len(seq) == 3
    assert "BOS" in seq[0] and "EOS" in seq[2]
    assert "gz=G" in seq[1] and "-1gz=G" in seq[2] and "+1gz=G" in seq[0]
    assert feat.sequence([]) == []


# -- the shipped model --------------------------------------------------------------------------------
def test_protocol(finder: KazakhNameFinder) -> None:
    nf: NameFinder = finder
    assert nf.find([], language="kk") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Бүгін Асқар Тоқаевқа хат жаздым.", ["Асқар Тоқаевқа"]),
        ("Айгерім Сейтқалиеваның баяндамасы тыңдалды.", ["Айгерім Сейтқалиеваның"]),
        ("Қазақстан Президенті Қасым-Жомарт Тоқаев мәлімдеме жасады.", ["Қасым-Жомарт Тоқаев"]),
        ("Ертең Мұрат Серікұлы келеді.", ["Мұрат Серікұлы"]),
        ("Айгүл Жақсылыққызы мен Ерлан Досымұлы мектепке барды.", ["Айгүл Жақсылыққызы", "Ерлан Досымұлы"]),
        ("Абайдың өлеңдері оқылды.", ["Абайдың"]),
        ("Дмитрий Медведевпен кездесу өтті.", ["Дмитрий Медведевпен"]),
        ("Жиналысты А.Б. Сейтқалиев ашты.", ["А.Б. Сейтқалиев"]),
        (
            "Nursultan Nazarbayev and Aigerim Tokayeva met in Astana.",
            ["Nursultan Nazarbayev", "Aigerim Tokayeva"],
        ),
    ],
)
def test_finds_names(finder: KazakhNameFinder, text: str, expected: list[str]) -> None:
    assert names(finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Мен Алматыда тұрамын. Астана – елорда.",
        "Жамбыл облысы, Тараз қаласы.",
        "Бақыт деген не?",
        "Сағат бесте жиналыс басталады.",
        "Қазақстан Республикасының Үкіметі шешім қабылдады.",
        "Мектепте сабақ басталды.",
    ],
)
def test_no_false_positive(finder: KazakhNameFinder, text: str) -> None:
    assert names(finder, text) == []


def test_initials_after_surname(finder: KazakhNameFinder) -> None:
    found = names(finder, "Құжатқа Сейтқалиев А.Б. қол қойды.")
    assert found == ["Сейтқалиев А.Б."]


ODD = ["", " ", "\n\n", "123 !!!", "ӘӘӘ. А. Б.", "а" * 5000, "Абай" * 3, "\x00\ud800", "А." * 400]


@pytest.mark.parametrize("text", ODD)
def test_odd_input(finder: KazakhNameFinder, text: str) -> None:
    (spans,) = finder.find([text])
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)


def test_span_fields_and_offsets(finder: KazakhNameFinder) -> None:
    texts = ["Мәтін жоқ.", "Сәлем, Ерлан Досымұлы!\nАйгерім Сейтқалиеваға хабарла."]
    out = finder.find(texts, language="kk")
    assert len(out) == 2 and out[0] == []
    assert [texts[1][s.start : s.end] for s in out[1]] == ["Ерлан Досымұлы", "Айгерім Сейтқалиеваға"]
    for s in out[1]:
        assert isinstance(s, Span)
        assert s.entity == "PERSON"
        assert 0.0 <= s.score <= 1.0
        assert s.detector in ("kk.crf", "kk.gazetteer")
        assert not s.validated


def test_long_text_offsets(finder: KazakhNameFinder) -> None:
    filler = "Бұл сөйлем атаусыз жазылған. " * 50
    text = filler + "Кеше Мұрат Серікұлы келді. " + filler
    (spans,) = finder.find([text])
    assert [text[s.start : s.end] for s in spans] == ["Мұрат Серікұлы"]


def test_non_string_items(finder: KazakhNameFinder) -> None:
    assert finder.find([None, 5], language="kk") == [[], []]  # type: ignore[list-item]


def test_threads(finder: KazakhNameFinder) -> None:
    text = "Бүгін Асқар Тоқаевқа хат жаздым."
    results: list[list[list[Span]]] = []

    def run() -> None:
        results.append(finder.find([text] * 20))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3
    assert all(r == results[0] for r in results)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Өтінішті Асқаров Нұрлан Серікұлы берді.", "Асқаров Нұрлан Серікұлы"),
        ("Өтініш берген: Ермеков Бауыржан Қайратұлы, ЖСН 931105385718.", "Ермеков Бауыржан Қайратұлы"),
        ("Директор Ермеков Бауыржан Қайратұлы бұйрыққа қол қойды.", "Ермеков Бауыржан Қайратұлы"),
    ],
)
def test_official_order_surname_given_patronymic(finder: KazakhNameFinder, text: str, name: str) -> None:
    assert names(finder, text) == [name]
