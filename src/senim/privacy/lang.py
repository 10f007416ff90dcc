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


# A word for the function-word counts: a maximal run of word characters and hyphens, compared
# lower-cased with the lists (what ``(?<![\w-])(?:и|в|…)(?![\w-])`` with IGNORECASE matches, at a
# tenth of the cost of trying the alternation at every position).
_TOKEN: Final = re.compile(r"[\w-]+")
_KK_SET: Final = frozenset(_KK_ONLY)
_RU_SET: Final = frozenset(_RU_ONLY)
_KK_NOT_RU: Final = _KK_SET - _RU_SET  # a word on both lists counts for Russian


# Letters counted on UTF-8 bytes with ``bytes.translate`` (C speed, no list of matches): an ASCII
# letter is one byte A-Z/a-z; a character of the Cyrillic block U+0400-U+04FF is two bytes whose
# first is 0xD0-0xD3.
_ALL_BYTES: Final = bytes(range(256))
_NOT_LATIN: Final = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_NOT_CYRILLIC_LEAD: Final = bytes(b for b in range(256) if not 0xD0 <= b <= 0xD3)

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
    raw = sample.encode("utf-8", "surrogatepass")
    n_cyr = len(raw.translate(_ALL_BYTES, _NOT_CYRILLIC_LEAD))
    if n_cyr == 0:
        return "en"
    n_lat = len(raw.translate(_ALL_BYTES, _NOT_LATIN))
    if n_lat > n_cyr:
        return "en"
    has_kk_letter = _KK_LETTER.search(sample) is not None
    kk_evidence = len(_KK_LOWER_WORD.findall(sample)) if has_kk_letter else 0
    words = list(map(str.lower, _TOKEN.findall(sample)))
    ru_evidence = sum(map(_RU_SET.__contains__, words))
    kk_evidence += sum(map(_KK_NOT_RU.__contains__, words))
    if kk_evidence > ru_evidence:
        return "kk"
    if (
        kk_evidence == 0
        and ru_evidence == 0
        and has_kk_letter
        and len(_LOWER_CYRILLIC_WORD.findall(sample)) < 2
    ):
        return "kk"
    return "ru"


def detect_languages(texts: Iterable[str]) -> list[Language]:
    """:func:`detect_language` for each value, in order."""
    return [detect_language(t) for t in texts]
