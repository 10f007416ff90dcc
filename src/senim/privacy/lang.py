"""Which language a free-text value is in: Kazakh, Russian or English.

The decision is made from a few counts computed by compiled regexes (no
per-character Python loop), so it costs a few microseconds per short value:

1. Script: Latin letters outnumbering Cyrillic ones ⇒ ``"en"`` (also the answer for text without
   letters, e.g. numbers only).
2. Kazakh evidence: lower-case words containing a Kazakh-specific letter (ә ғ қ ң ө ұ ү һ і) plus
   frequent Kazakh function words (``мен``, ``және``, ``үшін``, ``туралы`` …). Capitalised words are
   not counted, because Kazakh names are common inside Russian text ("Директор Нұрлан Әбенов
   подписал договор" is Russian).
3. Russian evidence: frequent Russian function words (``и``, ``в``, ``на``, ``что`` …).

Kazakh evidence greater than Russian evidence ⇒ ``"kk"``; no word evidence at all but some
Kazakh-specific letter and at most one plain lower-case word (a bare name such as "Әлия Тоқаева",
a label such as "Басшы: Серік Ахметов") ⇒ ``"kk"``; otherwise ``"ru"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from senim.privacy.types import Language

__all__ = ["detect_language", "detect_languages"]

_KK_LETTERS: Final = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
_CYRILLIC_RANGE: Final = "\u0400-\u04ff"

_LATIN: Final = re.compile(r"[A-Za-z]")
_CYRILLIC: Final = re.compile(f"[{_CYRILLIC_RANGE}]")
_KK_LETTER: Final = re.compile(f"[{_KK_LETTERS}]")
_LOWER_CYRILLIC_WORD: Final = re.compile(r"(?<!\w)[а-яё][а-яё-]+")

# A lower-case Cyrillic word that contains a Kazakh-specific letter.
_KK_LOWER_WORD: Final = re.compile(
    rf"(?<![{_CYRILLIC_RANGE}\w])[а-яёәғқңөұүһі][а-яёәғқңөұүһі-]*[әғқңөұүһі][а-яёәғқңөұүһі-]*"
    rf"|(?<![{_CYRILLIC_RANGE}\w])[әғқңөұүһі][а-яёәғқңөұүһі-]*"
)


def _words(text: str) -> list[str]:
    return text.split()


# Frequent Kazakh function words and very common words, including their spellings without the
# Kazakh letters (``жане``, ``ушин``) that keyboards without a Kazakh layout produce.
_KK_WORDS: Final = _words(
    "мен бен пен және жане үшін ушин бұл бул осы сол ол оның олар біз сіз деп туралы бойынша "
    "болып болды болады жылы дейін кейін арқылы емес еді екен керек тиіс жоқ бар қазір мұнда "
    "сондай барлық басқа бірақ немесе тағы және де ма ме ба бе па пе ғой қой"
)
_RU_WORDS: Final = _words(
    "и в во на что с со по для от к ко о об из за у это как или но а его её ее она они он мы вы "
    "был была были будет при также который которая которые если то только уже еще ещё же бы ли "
    "не нет так все всё этот эта эти того чтобы"
)
_KK_ONLY: Final = sorted(set(_KK_WORDS) - set(_RU_WORDS) - {"де", "а"}, key=len, reverse=True)
_RU_ONLY: Final = sorted(set(_RU_WORDS) - set(_KK_WORDS), key=len, reverse=True)


def _word_alternation(words: Iterable[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


_KK_FUNCTION: Final = _word_alternation(_KK_ONLY)
_RU_FUNCTION: Final = _word_alternation(_RU_ONLY)

# Only the first few kilobytes decide: long values are rarely mixed at the start only.
_SAMPLE_CHARS: Final = 4000


def detect_language(text: str) -> Language:
    """Guess the language of one value.

    Parameters
    ----------
    text
        Any string (one cell, one line, one document). Only its first 4,000 characters are looked at.

    Returns
    -------
    Language
        ``"kk"``, ``"ru"`` or ``"en"``; ``"en"`` for text without Cyrillic letters (including empty
        text and numbers only).

    Examples
    --------
    >>> detect_language("Төле би көшесі 45-үй")
    'kk'
    >>> detect_language("ул. Абая 150, кв. 12")
    'ru'
    >>> detect_language("123 Main Street")
    'en'
    """
    sample = text[:_SAMPLE_CHARS]
    n_cyr = len(_CYRILLIC.findall(sample))
    if n_cyr == 0:
        return "en"
    n_lat = len(_LATIN.findall(sample))
    if n_lat > n_cyr:
        return "en"
    kk_evidence = len(_KK_LOWER_WORD.findall(sample)) + len(_KK_FUNCTION.findall(sample))
    ru_evidence = len(_RU_FUNCTION.findall(sample))
    if kk_evidence > ru_evidence:
        return "kk"
    if (
        kk_evidence == 0
        and ru_evidence == 0
        and len(_LOWER_CYRILLIC_WORD.findall(sample)) < 2
        and _KK_LETTER.search(sample) is not None
    ):
        return "kk"
    return "ru"


def detect_languages(texts: Iterable[str]) -> list[Language]:
    """:func:`detect_language` for each value, in order."""
    return [detect_language(t) for t in texts]
