"""Context evidence for structured findings: words near a candidate and column-name hints.

Context words (Kazakh, Russian, English; Cyrillic and Latin) come from the detector registry.
A word matches at the start of a word in a lower-cased window before or after the candidate,
so case forms count (``паспорта``, ``ЖСН-і``, ``телефону``); words of at most three letters
(``иин``, ``тел``, ``dob``) must stand alone, so ``тел`` does not match ``телевизор``.

Column hints match whole tokens of a field name: ``client_iin``, ``clientIin``, ``ИИН клиента``
and ``Phone Number`` are split into tokens (camelCase too); a hint of several tokens
(``date of birth``) matches when they appear in a row, or when the field name written without
separators equals it (``dateofbirth``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

__all__ = ["ContextMatcher", "field_matches", "field_tokens", "keyword_regex"]

_TOKEN: Final = re.compile(r"[^\W_]+")
_CAMEL: Final = re.compile(r"(?<=[a-zа-яё0-9])(?=[A-ZА-ЯЁ])")
_SHORT: Final = 3


def keyword_regex(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regex that finds any of ``words`` (lower-cased); ``None`` for no words.

    Short words get a word-end check; the word-start check is left to the caller (see
    :class:`ContextMatcher`).

    Raises
    ------
    ValueError
        For an empty or blank word.
    """
    alternatives: list[str] = []
    for word in sorted({w.strip().lower() for w in words}, key=len, reverse=True):
        if not word:
            raise ValueError("context words must not be blank")
        body = re.escape(word)
        letters = sum(1 for c in word if c.isalnum())
        # a word that ends in a letter or digit needs a word end after it when short
        tail = r"(?![^\W_])" if letters <= _SHORT and word[-1].isalnum() else ""
        alternatives.append(body + tail)
    if not alternatives:
        return None
    # no look-behind for the word start: it would defeat the regex engine's first-character
    # scan (2-3x slower); ContextMatcher checks the character before each hit instead
    return re.compile("|".join(alternatives))


def _at_word_start(window: str, regex: re.Pattern[str]) -> bool:
    for match in regex.finditer(window):
        i = match.start()
        if i == 0:
            return True
        before = window[i - 1]
        if not before.isalnum() and before != "_":
            return True
    return False


class ContextMatcher:
    """Finds context words in a window around a span of a value.

    Parameters
    ----------
    words
        Context words, any language and script.
    before, after
        Window sizes in characters before the span start and after the span end.
    """

    __slots__ = ("_after", "_before", "_regex")

    def __init__(self, words: Iterable[str], *, before: int = 40, after: int = 20) -> None:
        if before < 0 or after < 0:
            raise ValueError("context windows must not be negative")
        self._regex = keyword_regex(words)
        self._before = before
        self._after = after

    @property
    def empty(self) -> bool:
        """True when there are no words (nothing can be found)."""
        return self._regex is None

    def found(self, value: str, start: int, end: int) -> bool:
        """True when a context word occurs in the window around ``value[start:end]``."""
        regex = self._regex
        if regex is None:
            return False
        lo = start - self._before
        window = value[lo if lo > 0 else 0 : start].lower()
        if regex.search(window) is not None and _at_word_start(window, regex):
            return True
        if self._after <= 0:
            return False
        window = value[end : end + self._after].lower()
        return regex.search(window) is not None and _at_word_start(window, regex)


def field_tokens(field: str | None) -> tuple[str, ...]:
    """Lower-cased word tokens of a field name (splits on separators and camelCase)."""
    if not field:
        return ()
    return tuple(t.lower() for t in _TOKEN.findall(_CAMEL.sub(" ", field)))


def field_matches(field: str | None, hints: Iterable[str]) -> bool:
    """True when a column-name hint matches the field name (see the module docstring)."""
    tokens = field_tokens(field)
    if not tokens:
        return False
    joined = "".join(tokens)
    n = len(tokens)
    for hint in hints:
        hint_tokens = field_tokens(hint)
        k = len(hint_tokens)
        if not k:
            continue
        if "".join(hint_tokens) == joined:
            return True
        if any(tokens[i : i + k] == hint_tokens for i in range(n - k + 1)):
            return True
    return False
