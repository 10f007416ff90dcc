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
