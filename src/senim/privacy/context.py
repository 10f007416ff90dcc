"""Context evidence for structured findings: words near a candidate and column-name hints.

Context words (Kazakh, Russian, English; Cyrillic and Latin) come from the detector registry.
A word counts when it occurs inside the window of ``before`` characters before the candidate or
``after`` characters after it, and

- starts at a word start: the character before it in the value is not a letter, digit or ``_``,
  so case forms count (``паспорта``, ``ЖСН-і``, ``телефону``) and ``иин`` does not match inside
  ``линии`` (nor ``бин`` inside ``кабинет``, even where the window cuts that word); a word right
  after the span counts too (``1985г.р.``);
- for words of at most three letters and digits ending in one (``иин``, ``тел``, ``dob``): ends at
  a word end (the next character is not a letter or digit, or the word ends the window), so
  ``тел`` does not match ``телевизор``.

Case is ignored character by character: each letter of a word also matches its upper- and
title-case forms when they are single characters of the same UTF-8 length (``ИИН``, ``Тел.``,
``IIN``). The same definition is computed by :class:`ContextMatcher` (one regex per window, the
reference) and, for a whole batch at once, by the engine's vectorised hyperscan path, which uses
:func:`char_variants` and :func:`needs_word_end` to build its keyword patterns.

Column hints match whole tokens of a field name: ``client_iin``, ``clientIin``, ``ИИН клиента``
and ``Phone Number`` are split into tokens (camelCase too); a hint of several tokens
(``date of birth``) matches when they appear in a row, or when the field name written without
separators equals it (``dateofbirth``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

__all__ = [
    "ContextMatcher",
    "char_variants",
    "context_words",
    "field_matches",
    "field_tokens",
    "keyword_regex",
    "needs_word_end",
]

_TOKEN: Final = re.compile(r"[^\W_]+")
_CAMEL: Final = re.compile(r"(?<=[a-zа-яё0-9])(?=[A-ZА-ЯЁ])")
_SHORT: Final = 3


@lru_cache(maxsize=4096)
def char_variants(char: str) -> tuple[str, ...]:
    """``char`` and its upper/title-case forms that are one character of the same UTF-8 length."""
    size = len(char.encode("utf-8", "surrogatepass"))
    found = [char]
    for other in (char.upper(), char.title()):
        if len(other) == 1 and other not in found and len(other.encode("utf-8", "surrogatepass")) == size:
            found.append(other)
    return tuple(found)


def needs_word_end(word: str) -> bool:
    """True for a short word (at most three letters/digits) that ends in a letter or digit."""
    return sum(1 for c in word if c.isalnum()) <= _SHORT and word[-1].isalnum()


def context_words(words: Iterable[str]) -> tuple[str, ...]:
    """Context words stripped, lower-cased, without repeats, longest first.

    Raises
    ------
    ValueError
        For an empty or blank word.
    """
    seen: set[str] = set()
    for raw in words:
        word = raw.strip().lower()
        if not word:
            raise ValueError("context words must not be blank")
        seen.add(word)
    return tuple(sorted(seen, key=lambda w: (-len(w), w)))


def _char_class(char: str) -> str:
    variants = char_variants(char)
    if len(variants) == 1:
        return re.escape(char)
    return "[" + "".join(re.escape(v) for v in variants) + "]"


def keyword_regex(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regex that finds any of ``words`` at a word start (see the module docstring).

    Returns ``None`` for no words. Searched over a window (``search(value, lo, hi)`` or a slice),
    a word that ends the window counts as ending at a word end.

    Raises
    ------
    ValueError
        For an empty or blank word.
    """
    alternatives: list[str] = []
    for word in context_words(words):
        body = "".join(_char_class(c) for c in word)
        alternatives.append(body + (r"(?![^\W_])" if needs_word_end(word) else ""))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


class ContextMatcher:
    """Finds context words in a window around a span of a value (the scalar reference).

    Parameters
    ----------
    words
        Context words, any language and script.
    before, after
        Window sizes in characters before the span start and after the span end.
    """

    __slots__ = ("_after", "_before", "_regex", "words")

    def __init__(self, words: Iterable[str], *, before: int = 40, after: int = 20) -> None:
        if before < 0 or after < 0:
            raise ValueError("context windows must not be negative")
        self.words: tuple[str, ...] = context_words(words)
        self._regex = keyword_regex(self.words)
        self._before = before
        self._after = after

    @property
    def empty(self) -> bool:
        """True when there are no words (nothing can be found)."""
        return self._regex is None

    @property
    def before(self) -> int:
        """Window size before the span, in characters."""
        return self._before

    @property
    def after(self) -> int:
        """Window size after the span, in characters."""
        return self._after

    def found(self, value: str, start: int, end: int) -> bool:
        """True when a context word occurs in the window around ``value[start:end]``."""
        regex = self._regex
        if regex is None:
            return False
        lo = start - self._before
        # before: the look-behind sees the value before the window; after: the window is a new
        # string, so a word glued to the span end counts
        if regex.search(value, lo if lo > 0 else 0, start) is not None:
            return True
        return self._after > 0 and regex.search(value[end : end + self._after]) is not None


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
