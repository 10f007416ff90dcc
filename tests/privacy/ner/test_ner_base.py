"""Span helpers shared by the free-text finders."""

from __future__ import annotations

import itertools

import pytest

from senim.privacy.ner.base import (
    PERSON,
    chat_mentions,
    chat_speakers,
    chunk_text,
    clean_person_span,
    drop_contained,
    drop_named_after,
    drop_place_names,
    drop_product_names,
    extend_initial_dot,
    pnr_names,
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


# -- rules shared by every language: chats, PNR passengers, places and products ------------------
_KINDS = {
    "тимур": "given", "гульнара": "given", "mike": "given", "jenny": "given", "сәуле": "given-common",
    "айдосқа": "given", "ерболға": "given", "тимура": "given", "нурпеисову": "surname",
    "добрый": "common", "итог": "common", "кстати": "common", "note": "common",
}


def _kind(low: str) -> str:
    return _KINDS.get(low, "")


def _speakers(text: str) -> tuple[list[str], bool]:
    found, chat = chat_speakers(text, _kind)
    return [text[s:e] for s, e in found], chat


@pytest.mark.parametrize(
    ("text", "names", "chat"),
    [
        ("(09:15) тимур: привет\n(09:16) гульнара: ну что", ["тимур", "гульнара"], True),
        ("Тимур: ладно\nГульнара [подъезд 2]: я внизу", ["Тимур", "Гульнара"], True),
        ("03/05/2024 08:01 - Jenny: hi\n03/05/2024 08:02 - Бахыт: сәлем", ["Jenny", "Бахыт"], True),
        ("mike: done", ["mike"], False),  # a listed given name alone speaks, but one line is no chat
        # unknown capitalised speakers: behind a time stamp, or beside a listed name
        ("[10:01] Бахыт: алло\n[10:02] Жанболат: иә", ["Бахыт", "Жанболат"], True),
        ("Тимур: алло\nЖанболат: иә", ["Тимур", "Жанболат"], True),
        ("Бахыт: алло\nЖанболат: иә", [], False),  # neither: as a form's labels would be
        ("Сәуле: келдім\nТимур: жақсы", ["Сәуле", "Тимур"], True),
        # near misses: labels, headings, numbers, common words, a single unknown speaker
        ("Оператор: Добрый день\nКлиент: здравствуйте", [], False),
        ("Agent: hello\nCaller: hi there", [], False),
        ("ШЕШІМ:\nТАЛАП:\n", [], False),
        ("Итог: 5000 тг\nДоставка: 12:30", [], False),
        ("Бахыт: алло", [], False),
        ("Note: see below\nTotal: 10", [], False),
        ("Төлем: Visa картасы\nЖеткізу: 12 желтоқсан\nКезең: 2024 ж.", [], False),
        ("Purpose: business\nHost: Anna Kim, +1 555 0100\nIssued: 2026-06-27", [], False),
        ("Добрый: день\nкстати: нет", [], False),
    ],
)
def test_chat_speakers(text: str, names: list[str], chat: bool) -> None:
    assert _speakers(text) == (names, chat)


def test_chat_mentions_take_speakers_and_lower_case_given_names() -> None:
    text = "тимур: айдосқа айттың ба\nгульнара: жоқ, тимура позвоню и нурпеисову\nтимур: ок, гульнара"
    found, chat = chat_speakers(text, _kind)
    assert chat
    got = [text[s:e] for s, e in chat_mentions(text, found, _kind, lower_given=True)]
    assert got == ["айдосқа", "тимура позвоню"[:6], "гульнара"]
    # without the lower-case rule only the speakers' own names count
    got = [text[s:e] for s, e in chat_mentions(text, found, _kind, lower_given=False)]
    assert got == ["гульнара"]


def test_chat_mentions_extend_to_a_listed_surname() -> None:
    text = "тимур: напиши ерболға нурпеисову\nгульнара: ок"
    found, _ = chat_speakers(text, _kind)
    assert [text[s:e] for s, e in chat_mentions(text, found, _kind, lower_given=True)] == [
        "ерболға нурпеисову"
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Пассажир: LI/DMITRII MR, место 12A", ["LI/DMITRII"]),
        ("Жолаушы 1: ZHUMABEKOVA/ARAILYM", ["ZHUMABEKOVA/ARAILYM"]),
        ("NAME: SMITH/JOHN PAUL MSTR", ["SMITH/JOHN PAUL"]),
        ("1.1BEKOV/NURLAN MR 2.1BEKOVA/ALIYA MRS", []),  # glued to digits: no word boundary
        ("SEITOV/ASKAR DR seat 3C", ["SEITOV/ASKAR"]),
        # near misses: no title and no passenger label, lower case, AND/OR
        ("Route: ALA/NQZ", []),
        ("terms AND/OR conditions", []),
        ("Пассажир: kim/evgenii", []),
        ("TCP/IP stack", []),
    ],
)
def test_pnr_names(text: str, names: list[str]) -> None:
    assert [text[s:e] for s, e in pnr_names(text)] == names


def _person(text: str, word: str) -> Span:
    start = text.index(word)
    return Span(PERSON, start, start + len(word), 0.9)


@pytest.mark.parametrize(
    ("text", "word", "kept"),
    [
        ("Жамбыл ауданы, Ұзынағаш", "Жамбыл", False),
        ("Қабанбай батыр даңғылы 12", "Қабанбай", False),
        ("Сүйінбай ақын көшесі", "Сүйінбай", False),
        ("ул. Кунаева 12", "Кунаева", False),
        ("проспекте Назарбаева", "Назарбаева", False),
        ("near Dostyk avenue", "Dostyk", False),
        ("ТРЦ Хан Шатыр", "Хан Шатыр", False),
        # near misses: a person before other words, a street word far away
        ("Жамбыл ауданда тұрады", "Жамбыл", True),
        ("Айгерім кеше келді, көшесі тар", "Айгерім", True),
        ("Иван Петров, улица рядом", "Иван Петров", True),
        ("with Dostyk Avery", "Dostyk Avery", True),
        # the genitive of a town or district names its official, not the place
        ("победил мэр города Лужков", "Лужков", True),
        ("глава района Сергеев выступил", "Сергеев", True),
        ("живёт в городе Абай", "Абай", False),
    ],
)
def test_drop_place_names(text: str, word: str, kept: bool) -> None:
    assert bool(drop_place_names(text, [_person(text, word)])) is kept


@pytest.mark.parametrize(
    ("text", "word", "kept"),
    [
        ("Құрамы: Парацетамол, Ибуклин, Смекта", "Ибуклин", False),
        ("Items: Lipton, Borjomi, Snickers", "Borjomi", False),
        ("Принимать Терафлю 500 мг утром", "Терафлю", False),
        ("Капли Отривин 0,1 % в нос", "Отривин", False),
        # near misses: known names, two words, no list label, a name in a sentence after the label
        ("Состав: Иванов, Петров, Сидоров", "Иванов", True),
        ("Товары: Айгерим Сейтова, 2 шт", "Айгерим Сейтова", True),
        ("Привет, Зарема, как ты?", "Зарема", True),
        ("Заказ: доставит Зарема завтра", "Зарема", True),
    ],
)
def test_drop_product_names(text: str, word: str, kept: bool) -> None:
    known = {"иванов", "петров", "сидоров", "айгерим", "сейтова"}
    assert bool(drop_product_names(text, [_person(text, word)], known.__contains__)) is kept
