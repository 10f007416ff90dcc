"""Russian person names: natasha's slovnet NER (shipped weights, offline) plus pymorphy3 name tags.

- :class:`RussianNameFinder` runs ``NewsNERTagger`` over free text in length-sorted batches and turns
  its ``PER`` spans into ``PERSON`` spans. Model spans that glue several names together
  ("Джоэл Саймон (Joel Simon)", "Топалов — Нисипяну") are cut at brackets, commas, bullets and
  spaced dashes; a sentence-initial single word that pymorphy3 knows as a common word ("Супруга",
  "Маэстро") is dropped.
- :class:`MorphNameFinder` is the cheap alternative for short values such as table cells: capitalised
  words tagged ``Name``/``Surn``/``Patr`` by pymorphy3, plus initials, merged into spans.
- :func:`might_contain_name` is a regex prefilter that lets lines without a candidate skip the model.

The models load once per process, on first use (natasha ~0.7 s, pymorphy3 ~0.1 s).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from senim.privacy.ner.base import PERSON, resolve_overlaps, split_person_span, text_pieces
from senim.privacy.types import Language, Span

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MorphNameFinder", "RussianNameFinder", "is_name_word", "might_contain_name"]

_UP: Final = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LO: Final = "а-яёәғқңөұүһі"

# A capitalised Cyrillic word that does not start a sentence: something other than sentence-end
# punctuation (or a line break) precedes it on the same line.
_INNER_CAPITAL: Final = re.compile(rf"[^\s.!?…]\s*[ \t\u00a0]+[«\"„(]?[{_UP}][{_LO}]")
# Initials: "И.И.", "И. Иванов", "Иванов И."
_INITIALS: Final = re.compile(rf"(?<![{_UP}{_LO}])[{_UP}]\.\s?(?:[{_UP}]\.|[{_UP}][{_LO}])")
# Two upper-case words in a row ("ИВАНОВ ИВАН").
_CAPS_PAIR: Final = re.compile(rf"(?<![{_UP}{_LO}])[{_UP}]{{2,}}\s+[{_UP}]{{2,}}(?![{_UP}{_LO}])")
# The first capitalised word of the value or of a sentence.
_LEADING_WORD: Final = re.compile(rf"(?:^|[.!?…]\s+|\n\s*)[«\"„(]?([{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+)?)")
_WORD: Final = re.compile(rf"[{_UP}{_LO}]+(?:-[{_UP}{_LO}]+)?")
_NAME_TAGS: Final = frozenset({"Name", "Surn", "Patr"})


@functools.cache
def _morph() -> Any:
    import pymorphy3  # type: ignore[import-untyped]

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=65536)
def _name_tag(word: str) -> int:
    """2: the best parse is a name; 1: some parse is a name; 0: a known non-name word; -1: unknown."""
    parses = _morph().parse(word)
    if not parses:
        return -1
    if _NAME_TAGS & parses[0].tag.grammemes:
        return 2
    if any(_NAME_TAGS & p.tag.grammemes for p in parses[:4]):
        return 1
    return 0 if parses[0].is_known else -1


def is_name_word(word: str) -> bool:
    """True when pymorphy3 can read ``word`` as a given name, surname or patronymic (any case form)."""
    return _name_tag(word) >= 1


def might_contain_name(text: str) -> bool:
    """Cheap test: could ``text`` contain a Russian (or Kazakh, in Cyrillic) person name?

    True when the text has a capitalised Cyrillic word that does not start a sentence, initials
    (``И.И.``), two upper-case words in a row, or a sentence-initial word that pymorphy3 reads as
    a name. False means the NER model can be skipped for this text.
    """
    if _INNER_CAPITAL.search(text) or _INITIALS.search(text) or _CAPS_PAIR.search(text):
        return True
    return any(_name_tag(m.group(1)) >= 1 for m in _LEADING_WORD.finditer(text))


class _Natasha:
    """The natasha NER tagger, loaded once per process."""

    _lock: Final = threading.Lock()
    _tagger: Any = None

    @classmethod
    def tagger(cls) -> Any:
        with cls._lock:
            if cls._tagger is None:
                from natasha import NewsEmbedding, NewsNERTagger

                cls._tagger = NewsNERTagger(NewsEmbedding())
            return cls._tagger


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0«\"„(":
        i -= 1
    return i < 0 or text[i] in ".!?…\n\r:•—–-"


class RussianNameFinder:
    """PERSON spans in Russian free text with natasha (slovnet ``NewsNERTagger``).

    Parameters
    ----------
    prefilter
        Skip texts for which :func:`might_contain_name` is false (saves most of the model time on
        text without proper nouns; costs little recall, see the module's benchmark notes).
    batch_size
        Texts per model call. Texts are sorted by length first, so padding stays small.
    max_chunk_chars
        Longer texts are cut at paragraph, line or sentence breaks into pieces of about this size.
    morph_filter
        Drop a single-word span at the start of a sentence when pymorphy3 knows the word as a
        common (non-name) word.
    """

    detector: Final = "ner.ru.natasha"

    def __init__(
        self,
        *,
        prefilter: bool = True,
        batch_size: int = 64,
        max_chunk_chars: int = 1000,
        morph_filter: bool = True,
    ) -> None:
        if batch_size < 1 or max_chunk_chars < 100:
            raise ValueError("batch_size must be >= 1 and max_chunk_chars >= 100")
        self.prefilter = prefilter
        self.batch_size = batch_size
        self.max_chunk_chars = max_chunk_chars
        self.morph_filter = morph_filter

    def find(self, texts: Sequence[str], *, language: Language = "ru") -> list[list[Span]]:
        """One list of PERSON spans per text (offsets into that text), sorted by start.

        Parameters
        ----------
        texts
            Free-text values.
        language
            Accepted for the :class:`~senim.privacy.types.NameFinder` protocol; the model is Russian.
        """
        del language
        out: list[list[Span]] = [[] for _ in texts]
        pieces = text_pieces(texts, self.max_chunk_chars, might_contain_name if self.prefilter else None)
        if not pieces:
            return out
        pieces.sort(key=lambda p: len(p[2]))
        for (i, offset, _piece), raw in zip(pieces, self._tag([p[2] for p in pieces]), strict=True):
            text = texts[i]
            for start, stop in raw:
                out[i].extend(self._spans(text, offset + start, offset + stop))
        return [resolve_overlaps(spans) for spans in out]

    def _tag(self, pieces: list[str]) -> Iterator[list[tuple[int, int]]]:
        tagger = _Natasha.tagger()
        for k in range(0, len(pieces), self.batch_size):
            chunk = pieces[k : k + self.batch_size]
            # slovnet batches by its own batch_size inside ``map``; one chunk = one forward pass.
            tagger.batch_size = len(chunk)
            tagger.infer.encoder.batch_size = len(chunk)
            for markup in tagger.map(chunk):
                yield [(s.start, s.stop) for s in markup.spans if s.type == "PER"]

    def _spans(self, text: str, start: int, end: int) -> Iterator[Span]:
        for s, e in split_person_span(text, start, end):
            single = _WORD.fullmatch(text, s, e) is not None
            if single and self.morph_filter and _sentence_initial(text, s) and _name_tag(text[s:e]) == 0:
                continue
            yield Span(PERSON, s, e, 0.75 if single else 0.85, detector=self.detector)


class MorphNameFinder:
    """PERSON spans from pymorphy3 name tags: no model, for short values (table cells, labels).

    A run of capitalised words that pymorphy3 can read as ``Name``/``Surn``/``Patr`` (and initials
    next to them) becomes one span. A single word counts only when its best parse is a name.
    Works for Russian and, with lower recall, for Kazakh names in Cyrillic (Тоқаев → ``Surn``).
    """

    detector: Final = "ner.ru.morph"
    _TOKEN: Final = re.compile(
        rf"[{_UP}]\.|[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+)?|[{_UP}]{{2,}}(?:-[{_UP}]+)?"
    )
    _GAP: Final = re.compile(r"[ \t\u00a0]*")

    def find(self, texts: Sequence[str], *, language: Language = "ru") -> list[list[Span]]:
        """One list of PERSON spans per text, offsets into that text."""
        del language
        return [self._find_one(t) for t in texts]

    def _find_one(self, text: str) -> list[Span]:
        spans: list[Span] = []
        run: list[tuple[int, int, int]] = []  # (start, end, tag) of the current run of name tokens

        def flush() -> None:
            tags = [t for _, _, t in run]
            names = sum(1 for t in tags if t >= 1)
            if names >= 2 or (names == 1 and (max(tags) == 2 or len(tags) > 1)):
                single = len(tags) == 1
                spans.append(Span(PERSON, run[0][0], run[-1][1], 0.6 if single else 0.75,
                                  detector=self.detector))
            run.clear()

        for m in self._TOKEN.finditer(text):
            word = m.group()
            if word.endswith("."):
                tag = 0  # an initial: joins a run, never makes one
            else:
                tag = _name_tag(word if not word.isupper() else word.capitalize())
                if tag < 1:
                    flush()
                    continue
            if run:
                gap = text[run[-1][1] : m.start()]
                if self._GAP.fullmatch(gap) is None:
                    flush()
            run.append((m.start(), m.end(), tag))
        flush()
        return spans
