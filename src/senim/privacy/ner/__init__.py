"""Free-text finders: PERSON (per language) and STREET_ADDRESS, run in batches.

- :func:`name_finder` gives the per-process :class:`~senim.privacy.types.NameFinder` of a language:
  Kazakh → ``senim.privacy.ner.kk.KazakhNameFinder`` (imported lazily; when it is not available, the
  pymorphy3 name-tag finder stands in), Russian → natasha, English → spaCy small.
- :func:`find_free_text` runs the address rules over all values and the fast name layer
  (:mod:`senim.privacy.ner.fastnames`: gazetteers and rules) over every value; only the sentences the
  layer cannot explain reach the language's model, in one batch per language. Names inside a found
  address ("Tole Bi Street", "Абай даңғылы") are dropped, and so are names an institution is named
  after ("ЮКУ им. М. Ауэзова", "Л.Н. Гумилев атындағы ЕҰУ"). ``strategy="models"`` runs the models on
  whole values as before the layer existed (for measurements).

Only free text should reach these finders: the scanner decides which fields qualify.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Collection, Sequence
from typing import Literal

from senim.privacy.lang import detect_languages
from senim.privacy.ner.address import AddressFinder
from senim.privacy.ner.base import (
    PERSON,
    STREET_ADDRESS,
    chat_mentions,
    chat_speakers,
    drop_contained,
    drop_named_after,
    drop_place_names,
    drop_product_names,
    pnr_names,
)
from senim.privacy.types import Language, NameFinder, Span

__all__ = ["Strategy", "find_free_text", "might_contain_name", "name_finder", "region_finder"]

#: How :func:`find_free_text` finds names: the fast layer with models on uncertain regions only, or the
#: models on every value (the behaviour before the fast layer; kept for measurements).
Strategy = Literal["fast", "models"]

_log = logging.getLogger(__name__)

FREE_TEXT_ENTITIES: frozenset[str] = frozenset({PERSON, STREET_ADDRESS})


@functools.cache
def name_finder(language: Language) -> NameFinder:
    """The PERSON finder for ``language``, created once per process (models load on first use).

    Raises
    ------
    ValueError
        For a language other than ``"kk"``, ``"ru"`` or ``"en"``.
    """
    if language == "ru":
        from senim.privacy.ner.ru import RussianNameFinder

        return RussianNameFinder()
    if language == "en":
        from senim.privacy.ner.en import EnglishNameFinder

        return EnglishNameFinder()
    if language == "kk":
        try:
            from senim.privacy.ner.kk import KazakhNameFinder  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            from senim.privacy.ner.ru import MorphNameFinder

            _log.warning("Kazakh name finder not available; using pymorphy3 name tags for Kazakh text")
            return MorphNameFinder()
        finder: NameFinder = KazakhNameFinder()
        return finder
    raise ValueError(f"unsupported language: {language!r}")


@functools.cache
def region_finder(language: Language) -> NameFinder:
    """The model that reads the regions the fast layer could not explain (created once per process).

    The regions were selected already, so the Russian and English finders run without their own
    prefilters; the Kazakh finder keeps its candidate search (it is what scopes its CRF). Russian and
    English regions are read after a neutral ". " (see :class:`~senim.privacy.ner.fastnames.PaddedFinder`):
    both models miss names that open their input.
    """
    if language == "ru":
        from senim.privacy.ner.fastnames import PaddedFinder
        from senim.privacy.ner.ru import RussianNameFinder

        # natasha misses a name that is the first word of its input: a region often starts with one
        return PaddedFinder(RussianNameFinder(prefilter=False))
    if language == "en":
        from senim.privacy.ner.en import EnglishNameFinder
        from senim.privacy.ner.fastnames import PaddedFinder

        return PaddedFinder(EnglishNameFinder(prefilter=False))
    return name_finder(language)


def might_contain_name(text: str, language: Language) -> bool:
    """Cheap regex prefilter: False means no finder of ``language`` would find a name in ``text``.

    Kazakh and Russian share the Cyrillic test; English uses the Latin one.
    """
    if language == "en":
        from senim.privacy.ner.en import might_contain_name as en_test

        return en_test(text)
    from senim.privacy.ner.ru import might_contain_name as ru_test

    return ru_test(text)


def find_free_text(
    texts: Sequence[str],
    *,
    languages: Sequence[Language] | Language | None = None,
    entities: Collection[str] | None = None,
    strategy: Strategy = "fast",
) -> list[list[Span]]:
    """PERSON and STREET_ADDRESS spans for each free-text value, in batches per language.

    Parameters
    ----------
    texts
        The values (one per record and field).
    languages
        One language per value, one language for all, or ``None`` to detect each value's language.
    entities
        Which of ``PERSON`` / ``STREET_ADDRESS`` to look for; ``None`` means both. Other entity names
        are ignored (they belong to the pattern engine).
    strategy
        ``"fast"`` (default): gazetteer and rules first, models only where needed; ``"models"``: the
        models on every value.

    Returns
    -------
    list[list[Span]]
        One list per value, sorted by start; offsets are ``str`` indices into that value.
    """
    wanted = FREE_TEXT_ENTITIES if entities is None else FREE_TEXT_ENTITIES & set(entities)
    n = len(texts)
    if languages is None:
        langs: Sequence[Language] = detect_languages(texts)
    elif isinstance(languages, str):
        langs = [languages] * n
    else:
        if len(languages) != n:
            raise ValueError("languages must have one entry per text")
        langs = languages
    out: list[list[Span]] = [[] for _ in range(n)]
    if not wanted or n == 0:
        return out
    addresses: list[list[Span]] = [[] for _ in range(n)]
    if STREET_ADDRESS in wanted:
        addresses = AddressFinder().find(texts)
    if PERSON in wanted:
        if strategy == "fast":
            from senim.privacy.ner.fastnames import find_names

            idx = [i for i in range(n) if texts[i]]
            found, _stats = find_names(
                [texts[i] for i in idx],
                [langs[i] for i in idx],
                region_finder,
                explained=[[(a.start, a.end) for a in addresses[i]] if addresses[i] else () for i in idx],
            )
            for i, spans in zip(idx, found, strict=True):
                out[i] = _shared_rules(
                    texts[i], langs[i], drop_named_after(texts[i], drop_contained(spans, addresses[i]))
                )
        else:
            groups: dict[Language, list[int]] = {}
            for i, lang in enumerate(langs):
                if texts[i]:
                    groups.setdefault(lang, []).append(i)
            for lang, group in groups.items():
                found = name_finder(lang).find([texts[i] for i in group], language=lang)
                for i, spans in zip(group, found, strict=True):
                    out[i] = _shared_rules(
                        texts[i], lang, drop_named_after(texts[i], drop_contained(spans, addresses[i]))
                    )
    for i in range(n):
        if addresses[i]:
            out[i] = sorted([*out[i], *addresses[i]], key=lambda s: (s.start, s.end))
    return out


_SPEAKER_SCORE = 0.85
_MENTION_SCORE = 0.7


def _shared_rules(text: str, language: Language, spans: list[Span]) -> list[Span]:
    """The name rules that hold in every language, over one value's PERSON spans.

    Chat speakers ("[21:40] индира: …", "claire: …") and, in a chat, their names elsewhere and
    lower-case given names in case forms (Kazakh and Russian); passenger names in the PNR form
    ("KIM/EVGENII MR", title left out) replace the spans they overlap; persons that name a place
    ("Абай ауылы", "пр. Аль-Фараби") and one-word products in a list or before a dose ("Состав: …,
    Аквамарис") are dropped.
    """
    from senim.privacy.ner.fastnames import known_name, word_kind

    spans = drop_place_names(text, spans)
    if spans:
        spans = drop_product_names(text, spans, known_name)
    strong: list[tuple[int, int]] = []
    weak: list[tuple[int, int]] = []
    speakers, is_chat = chat_speakers(text, word_kind)
    strong.extend(speakers)
    if is_chat:
        weak.extend(chat_mentions(text, speakers, word_kind, lower_given=language != "en"))
    strong.extend(pnr_names(text))
    if not strong and not weak:
        return spans
    added = [Span(PERSON, s, e, _SPEAKER_SCORE, detector="ner.rule") for s, e in strong]
    kept = [s for s in spans if not any(s.start < e and a < s.end for a, e in strong)]
    for a, e in weak:
        if not any(s.start < e and a < s.end for s in [*kept, *added]):
            added.append(Span(PERSON, a, e, _MENTION_SCORE, detector="ner.rule"))
    return sorted([*kept, *added], key=lambda x: (x.start, x.end))
