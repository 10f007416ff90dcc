"""Street addresses in Kazakh, Russian and English; postal codes; cues; negatives."""

from __future__ import annotations

import pytest

from senim.privacy.ner.address import KZ_CITIES, AddressFinder, find_addresses


def _found(text: str) -> list[str]:
    spans = find_addresses(text)
    assert all(s.entity == "STREET_ADDRESS" and s.detector == "address.rule" for s in spans)
    return [text[s.start : s.end] for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Russian
        ("Адрес: г. Алматы, ул. Абая, д. 150, кв. 12.", ["г. Алматы, ул. Абая, д. 150, кв. 12"]),
        ("050013, г. Алматы, пр-т Достык 52/2, оф. 301", ["050013, г. Алматы, пр-т Достык 52/2, оф. 301"]),
        ("Живу в мкр. Самал-2, д. 5, кв. 10, Алматы", ["мкр. Самал-2, д. 5, кв. 10, Алматы"]),
        ("3 мкр., д. 15", ["3 мкр., д. 15"]),
        ("проспект Назарбаева 223, корпус 2", ["проспект Назарбаева 223, корпус 2"]),
        ("переулок Тихий 3", ["переулок Тихий 3"]),
        # after a cue: the address ends where the sentence goes on in lower case
        (
            "проживаю по адресу: ул. Желтоксан 13, кв. 84, прошу разобраться.",
            ["ул. Желтоксан 13, кв. 84"],
        ),
        (
            "проживает по адресу: Караганда, Бухар-жырау 45, подъезд 2, этаж 3, просим связаться",
            ["Караганда, Бухар-жырау 45, подъезд 2, этаж 3"],
        ),
        ("I live at 140 Abai Avenue, ask you to investigate.", ["140 Abai Avenue"]),
        # a sentence's full stop is not part of the address; an abbreviation's dot is
        ("home address 106 Baker Street.", ["106 Baker Street"]),
        ("Send it to 12 Main St. Thanks", ["12 Main St."]),
        # Kazakh
        ("Абай даңғылы, 150", ["Абай даңғылы, 150"]),
        ("Төле би көшесі 45-үй, 12-пәтер", ["Төле би көшесі 45-үй, 12-пәтер"]),
        (
            "Мекенжайы: Астана қаласы, Қабанбай батыр даңғылы, 53-үй, 7-пәтер",
            ["Астана қаласы, Қабанбай батыр даңғылы, 53-үй, 7-пәтер"],
        ),
        ("Самал-2 шағын ауданы, 5-үй", ["Самал-2 шағын ауданы, 5-үй"]),
        # English and Latin-script
        ("Send it to 123 Main Street, Apt 4.", ["123 Main Street, Apt 4"]),
        ("Office: Abay Avenue 150, Almaty A05 P3K4", ["Abay Avenue 150, Almaty A05 P3K4"]),
        ("The bus station is on Vesterskovvej 79", ["Vesterskovvej 79"]),
        # the street word standing alone after the name, French and Italian names with particles
        ("The bus station is on Villacher Strasse 89", ["Villacher Strasse 89"]),
        ("Call 91211 Koepenicker Str. 74 Suite 980 Reichenbach", ["91211 Koepenicker Str. 74 Suite 980"]),
        ("The Propublica office is at Király u. 15.", ["Király u. 15."]),
        ("It is 2274 Via delle Coste 41, Colle Di Tora", ["2274 Via delle Coste 41"]),
        ("It is 9243 Avenue d'Ouchy 109 Apt. 758", ["9243 Avenue d'Ouchy 109 Apt. 758"]),
        ("It is 76556 29 Rue de Tanger", ["76556 29 Rue de Tanger"]),
        ("Sven Hedlund\n\n85199 Avda. Rio Nalon 58\n Apt. 461", ["85199 Avda. Rio Nalon 58\n Apt. 461"]),
        (
            ">Rolando Lettiere\n>03220 Augsburger Strasse 36\n>Suite 960\n>Germany 10069",
            ["03220 Augsburger Strasse 36\n>Suite 960\n>Germany 10069"],
        ),
        ("PSC 6477, Box 2981\nAPO AE 83700", ["PSC 6477, Box 2981\nAPO AE 83700"]),
        (
            "1600 Pennsylvania Ave NW, Washington, DC 20500",
            ["1600 Pennsylvania Ave NW, Washington, DC 20500"],
        ),
        # a city of the gazetteer, a comma and a bare street with its number (forms, registers)
        ("Доставка: Алматы, Абая 150/230", ["Алматы, Абая 150/230"]),
        ("Нұр-Сұлтан, Мәңгілік Ел 55/20", ["Нұр-Сұлтан, Мәңгілік Ел 55/20"]),
        ("Қарағанды, Бұқар жырау 47-12", ["Қарағанды, Бұқар жырау 47-12"]),
        ("Шымкент, Тауке хан 45, кв. 3", ["Шымкент, Тауке хан 45, кв. 3"]),
        ("RK, Almaty, Dostyk ave 97", ["Almaty, Dostyk ave 97"]),
        ("Almaty, Abay avenue 150, apt 23", ["Almaty, Abay avenue 150, apt 23"]),
        # postal codes
        ("почтовый индекс 050000", ["050000"]),
        ("Код Z10A0A0 на конверте", ["Z10A0A0"]),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "В 2020 году ул. Абая ремонтировали",  # street without a house number
        "Alatau Street is nice",
        "Заказ 050013 оплачен",  # 6 digits without an address context
        "During 1971 the band toured",
        "keep getting address 41.173.96.26 blocked error",
        "Windows 10 and Chapter 5",
        "Алматы, Сентябрь 12",  # a date, not a street
        "Астана, Май 2024",
        "Алматы, Иванов Иван 35",  # a person and an age
        "Алматы, Абай 10 лет назад",
        "Шымкент, 2 человек",
        "Almaty, Kazakhstan 2020",
        "The Avenue was closed for 3 days",  # a street word, but no name after it
        "Version Str 5 of the file",  # no dot: not the abbreviation
        "Tickets for Avenue Q 2 nights",  # a one-letter name
        "",
    ],
)
def test_not_addresses(text: str) -> None:
    assert _found(text) == []


def test_finder_batches() -> None:
    out = AddressFinder().find(["ул. Абая 150", "нет адреса", "Абай даңғылы, 150"], language="ru")
    assert [len(x) for x in out] == [1, 0, 1]
    assert out[0][0].score >= 0.8


def test_city_gazetteer_has_both_spellings() -> None:
    assert {"Алматы", "Almaty", "Шымкент", "Өскемен", "Усть-Каменогорск"} <= KZ_CITIES


def test_long_digit_runs_are_linear_not_catastrophic() -> None:
    # a run of digits next to an address once split into 5- and 6-digit "postal codes" in
    # exponentially many ways (fuzzing: 19 s for 400 characters); a few milliseconds now
    import time

    for text in ("ул. Абая " + "8" * 20_000 + " 5", "мекенжайы: " + "8" * 130 + " Абай даңғылы 150"):
        started = time.perf_counter()
        find_addresses(text)
        assert time.perf_counter() - started < 2.0


def test_long_runs_after_a_european_street_word_are_linear() -> None:
    # name words after "Rue"/"Via" are split at blanks only, so a long run cannot be cut many ways;
    # a street-suffix word is tried at word starts only (a long word joined by apostrophes or
    # hyphens was tried at each of its letters: 16 s for these 10 kB before)
    import time

    for text in (
        "12 Rue " + "A" * 20_000 + " x",
        "Rue " + "Ab " * 5_000 + "x",
        "Via " + "d'" * 5_000 + "A 5x",
        "Via " + "a-" * 5_000 + "A 5x",
        "Villacher " * 3_000 + "Strasse x",
        "5 Avenue " + "de " * 5_000,
        # long runs of blanks end an address (inside one they were cubic: 44 s for 2,000 blanks)
        "ул. Абая 5" + " " * 20_000 + "кв. 5",
        "12 Main Street " + "\t" * 20_000 + " 5 x",
        "12 Main Street " + "а-" * 20_000 + " 5 x",  # every hyphen was a word start (13 s)
    ):
        started = time.perf_counter()
        find_addresses(text)
        assert time.perf_counter() - started < 2.0, text[:20]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ул. Абая 5" + " " * 40 + "кв. 5", ["ул. Абая 5"]),
        ("ул. Абая 5,   кв. 5", ["ул. Абая 5,   кв. 5"]),  # a few blanks are still inside
        ("12 Main Street" + " " * 20 + "Apt 4", ["12 Main Street"]),
        ("ул. Абая 5," + " " * 20 + "ул. Сатпаева 7, кв. 3", ["ул. Абая 5", "ул. Сатпаева 7, кв. 3"]),
    ],
)
def test_a_long_run_of_blanks_ends_an_address(text: str, expected: list[str]) -> None:
    assert _found(text) == expected

