"""Tokenizer and CRF features for Kazakh PERSON tagging (shared by the finder and the trainer).

Features of a token: lower-cased word, suffixes 1-4, shape, capitalisation, sentence position,
gazetteer membership (given name, surname, surname/patronymic/name-part shapes) and the same
summaries for the neighbours at -2..+2. Per-word features are cached, so a word costs one dict
lookup after the first time it is seen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from senim.privacy.ner.kk.lexicon import Lexicon

__all__ = ["TOKEN_RE", "Featurizer", "Token", "tokenize", "word_shape"]

#: Words (letters, inner hyphens/apostrophes), numbers, or one other non-space character.
TOKEN_RE: Final = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]|_+|\w+")

Token = tuple[str, int, int]  # (text, start, end) with str offsets


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens with ``str`` offsets (shifted by ``offset``).

    Examples
    --------
    >>> tokenize("Абай, Қасым-Жомарт.")
    [('Абай', 0, 4), (',', 4, 5), ('Қасым-Жомарт', 6, 18), ('.', 18, 19)]
    """
    return [(m.group(), m.start() + offset, m.end() + offset) for m in TOKEN_RE.finditer(text)]


def word_shape(word: str) -> str:
    """A coarse, script-independent shape: ``Xx``, ``x``, ``XX``, ``X``, ``Xx-Xx``, ``d``, or the char."""
    if word.isalpha():
        if word[0].isupper():
            if len(word) == 1:
                return "X"
            return "XX" if word.isupper() else "Xx"
        return "x"
    if word.isdigit():
        return "d"
    if "-" in word or "'" in word or "’" in word:
        return "-".join(word_shape(p) if p else "" for p in re.split(r"[-'’]", word))
    if any(c.isdigit() for c in word):
        return "d."
    return word if len(word) == 1 else "o"


def _script(word: str) -> str:
    c = word[0]
    if "a" <= c.lower() <= "z":
        return "lat"
    if "\u0400" <= c <= "\u04ff":
        return "cyr"
    return "oth"


class Featurizer:
    """Turns token sequences into pycrfsuite feature lists, with a per-word cache.

    Parameters
    ----------
    lexicon
        The gazetteers whose membership flags become features.
    """

    __slots__ = ("_cache", "lexicon")

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # word -> (own features, summaries for positions -2, -1, +1, +2)
        self._cache: dict[str, tuple[list[str], list[str], list[str], list[str], list[str]]] = {}

    def _word(self, word: str) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        low = word.lower()
        shape = word_shape(word)
        own = ["b", "w=" + low, "sh=" + shape, "sc=" + _script(word)]
        for k in (1, 2, 3, 4):
            if len(low) > k:
                own.append(f"s{k}=" + low[-k:])
        if len(low) > 3:
            own.append("p3=" + low[:3])
        summary = ["sh=" + shape]
        if word[:1].isupper():
            g, s, ss, pt, np = self.lexicon.flags(low)
            names = (("G", g), ("S", s), ("SS", ss), ("PT", pt), ("NP", np))
            own.extend("gz=" + n for n, on in names if on)
            summary.extend("gz=" + n for n, on in names if on)
            if not any(on for _, on in names):
                own.append("gz=none")
        elif low in ("ұлы", "қызы", "улы", "кызы"):
            own.append("gz=PT")
            summary.append("gz=PT")
        summary.append("w=" + low)
        entry = (
            own,
            ["-2" + f for f in summary],
            ["-1" + f for f in summary] + ["-1s2=" + low[-2:]],
            ["+1" + f for f in summary] + ["+1s2=" + low[-2:]],
            ["+2" + f for f in summary],
        )
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[word] = entry
        return entry

    def sequence(self, words: Sequence[str]) -> list[list[str]]:
        """Feature lists for one sentence (or window) of words."""
        ents = [self._word(w) for w in words]
        n = len(ents)
        out: list[list[str]] = []
        for i in range(n):
            feats = list(ents[i][0])
            if i == 0:
                feats.append("BOS")
            else:
                feats.extend(ents[i - 1][2])
                if i > 1:
                    feats.extend(ents[i - 2][1])
            if i == n - 1:
                feats.append("EOS")
            else:
                feats.extend(ents[i + 1][3])
                if i < n - 2:
                    feats.extend(ents[i + 2][4])
            out.append(feats)
        return out
