"""The keyword gates of the address rules never hide a match, and phone numbers are not addresses."""

from __future__ import annotations

import contextlib

import pytest

from senim.privacy.eval.corpora import CorpusNotFoundError, load_corpus
from senim.privacy.eval.generator import generate_texts
from senim.privacy.ner import address
from senim.privacy.ner.address import find_addresses

# One or more strings per core of ``address._CORES`` (in order), in several spellings and cases.
SAMPLES = [
    "Адрес: г. Алматы, ул. Абая, д. 150, кв. 12.",
    "050013, г. Алматы, пр-т Достык 52/2, оф. 301",
    "ж. м. Шанырак 5, дом 7",
    "жм. Алгабас 12",
    "Абай даңғылы, 150",
    "Төле би көшесі 45-үй, 12-пәтер",
    "Самал-2 шағын ауданы, 5-үй",
    "Send it to 123 Main Street, Apt 4.",
    "1600 Pennsylvania Ave NW, Washington, DC 20500",
    "Office: Abay Avenue 150, Almaty A05 P3K4",
    "The bus station is on Vesterskovvej 79",
    "Friedhofstraße 33, Berlin",
    "FRIEDHOFSTRASSE 33",
    "Kossuth Lajos utca 12",
    "ul. Zamkowa 33",
    "Rue Hsine Eloued 20",
    "20 Rue Hsine Eloued",
    "mkr Samal 2, 15",
    "6750 Koskikatu 25 Apt. 864",
    "3037 ul. Północna 5",
    "PSC 6477, Box 2981\nAPO AE 83700",
    "USNS Vincent FPO AA 12345",
    "my address is 15 Green Lane",
    "проживает по адресу: Караганда, Бухар-жырау 45",
    "мен абай көшесі 44 үй тұрамын",
    "PO Box 1422, Denver, CO 80201",
    "P.O. Box 77",
    "ул абая 44 кв 3",
    "мкр-н аксай 4 д 87 кв 23",
    "ЖК «Нурлы Тау», блок 3, кв. 41",
    "БЦ «Есентай», корпус 2",
    "живу на абая 150 кв 12",
    "Манаса 22б, кв 14",
    "САТПАЕВА 30А КВ 7",
]


def _texts() -> list[str]:
    texts = list(SAMPLES) + [d.text for d in generate_texts(600, seed=7)]
    with contextlib.suppress(CorpusNotFoundError):
        texts += [d.text for d in load_corpus("presidio", limit=600).docs]
    return texts


@pytest.mark.parametrize("k", range(len(address._CORES)))
def test_gate_open_whenever_core_matches(k: int) -> None:
    regex, _ = address._CORES[k]
    matched = 0
    for text in _texts():
        if regex.search(text) is not None:
            matched += 1
            assert address._open_gates(text.lower())[k], f"core {k} gate closed on sample #{matched}"
    assert matched, f"no sample exercises core {k}"


def test_cue_gate() -> None:
    for text in _texts():
        if address._CUE.search(text) is not None:
            assert any(key in text.lower() for key in address._CUE_KEYS)


def test_lower_case_cue_regex_agrees() -> None:
    for text in _texts():
        low = text.lower()
        if len(low) == len(text):
            assert [m.span() for m in address._CUE.finditer(text)] == [
                m.span() for m in address._CUE_LOW.finditer(low)
            ]


@pytest.mark.parametrize(
    "text",
    [
        "an SMS was sent to Hannah Bennett at +7 (777) 345-32-15.",
        "an SMS was sent to Erlan at 87610141784.",
        "sent to Nurlan Mukhametzhanov at +7-764-508-16-31",
    ],
)
def test_phone_after_cue_is_not_an_address(text: str) -> None:
    assert find_addresses(text) == []


def test_street_after_cue_still_found() -> None:
    text = "The parcel was sent to 12 Main Street, Apt 4."
    assert [text[s.start : s.end] for s in find_addresses(text)] == ["12 Main Street, Apt 4"]


def _per_text_gates(text: str) -> tuple[bool, ...]:
    low = text.lower()
    return (
        *address._open_gates(low),
        any(k in low for k in address._CUE_KEYS),
        any(k in low for k in address._POST_KEYS),
    )


EDGE_CASES = [
    "",
    "1st street",  # "st" after a digit is a whole Latin word
    "first 12",  # "st" inside a word is not
    "straße 5 über",
    "véjstræde 4",  # word-end keys after Latin-1 letters
    "İstanbul Cad. 5 İ",  # lower-casing changes the length
    "x\x00ул. Абая 5",  # NUL inside a value
    "ul.\t7",
    "A01 P3K4",
    "индекс 050000",
]


def test_batch_gates_open_wherever_the_per_text_gates_open() -> None:
    texts = _texts() + EDGE_CASES
    batch = address._batch_gates(texts)
    assert len(batch) == len(texts)
    opened = 0
    for text, got in zip(texts, batch, strict=True):
        want = _per_text_gates(text)
        assert len(got) == len(want)
        assert all(g or not w for g, w in zip(got, want, strict=True)), repr(text[:60])
        opened += sum(want)
    assert opened > 100
    # whole-word keys do not open on a key inside a longer word
    pair = ["first 12", "1st 12"]
    assert address._batch_gates(pair) == [_per_text_gates(t) for t in pair]


def test_batch_finder_gives_the_per_text_spans() -> None:
    texts = _texts() + EDGE_CASES
    assert address.AddressFinder().find(texts) == [find_addresses(t) for t in texts]
