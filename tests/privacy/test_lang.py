"""Language detection: Kazakh, Russian, English; short, mixed and edge-case values."""

from __future__ import annotations

import pytest

from senim.privacy.lang import detect_language, detect_languages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Kazakh: specific letters in ordinary words, function words, addresses, bare names
        ("Мен Алматыда тұрамын", "kk"),
        ("Қазақстан Республикасының Конституциясы", "kk"),
        ("Төле би көшесі 45-үй, 12-пәтер", "kk"),
        ("Абай даңғылы, 150", "kk"),
        ("Әлия Тоқаева", "kk"),
        ("Басшы: Серік Ахметов", "kk"),
        ("Менің атым Айгүл, мен дәрігермін", "kk"),
        ("Асқар мен Дана жане балалары", "kk"),  # function words without Kazakh letters
        ("ҚАЗАҚСТАН", "kk"),
        # Russian, including Kazakh names inside Russian sentences
        ("ул. Абая 150, кв. 12", "ru"),
        ("Директор ТОО Нұрлан Әбенов подписал договор в Алматы", "ru"),
        ("Ерлан Сәбитұлы отправил документы", "ru"),
        ("Мы встретились с Айгуль", "ru"),
        ("Алия Токаева", "ru"),
        ("ИИН 850101300123", "ru"),
        ("Привет", "ru"),
        # English and everything without Cyrillic
        ("123 Main Street, Apt 4", "en"),
        ("The meeting with Ivanov is at noon", "en"),
        ("Meeting with Иванов tomorrow afternoon", "en"),
        ("", "en"),
        ("850101300123", "en"),
        ("   \n\t", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_languages_keeps_order() -> None:
    assert detect_languages(["Hello", "Привет, как дела", "Сәлем, қалың қалай"]) == ["en", "ru", "kk"]
    assert detect_languages([]) == []


def test_long_text_uses_a_prefix_only() -> None:
    text = "Это русский текст и он длинный. " * 200 + "Мен қазақша жазамын және оқимын. " * 200
    assert detect_language(text) == "ru"
