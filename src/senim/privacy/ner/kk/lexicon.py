"""Name gazetteers (given names, surnames) with generated case forms and Latin spellings.

Data files (``data/`` next to this module, one nominative form per line, ``#`` comments):

- ``given_names_own.txt`` / ``surnames_own.txt``: lists written by hand for Senim;
- ``given_names_kaznerd.txt`` / ``surnames_kaznerd.txt``: names collected from the PERSON spans of
  the training part of KazNERD (CC BY 4.0, https://github.com/IS2AI/KazNERD) by
  ``scripts/train_kk_ner.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from typing import Final

from senim.privacy.ner.kk.morph import case_forms, to_latin

__all__ = [
    "NAME_PART_RE",
    "PATRONYMIC_RE",
    "SURNAME_RE",
    "Lexicon",
    "load_default_lexicon",
    "read_name_file",
]

_CASE: Final = (
    r"(?:[ндт][ыі]ң|[нлдт][ыі]|[ғгқк][ае]|[нт][ае]|[дтн][ае]|[дтн][ае]н|[мбп]ен|ш[ае]|[дт][ае]й"
    r"|[лдт][ае]р|с?[ыі](?:н|н[ыі]ң|н[ае]|нд[ае]|н[ае]н|мен)?)?"
)
#: Lower-cased surname shapes (Cyrillic), with an optional Kazakh case ending.
SURNAME_RE: Final = re.compile(
    r"[^\W\d_]{2,}(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|енко)" + _CASE
    + r"|[^\W\d_]{2,}(?:ov|ev|yev|in|ova|eva|yeva|ina|sky|skaya|enko)",
)
#: Lower-cased patronymic shapes (Kazakh ``-ұлы``/``-қызы``, Russian ``-ович``/``-овна`` ...).
PATRONYMIC_RE: Final = re.compile(
    r"[^\W\d_]{2,}(?:ұлы|улы|қызы|кызы|ович|евич|овна|евна|ична|инична)" + _CASE
    + r"|(?:ұлы|қызы)" + _CASE
    + r"|[^\W\d_]{2,}(?:uly|ulı|kyzy|qyzy|ovich|evich|ovna|evna)",
)
#: Lower-cased endings typical of Kazakh given names (-бек, -бай, -гүл, -жан, -хан ...).
NAME_PART_RE: Final = re.compile(
    r"[^\W\d_]{2,}(?:бек|бай|гүл|жан|хан|ғали|болат|сұлтан|бике|нұр)" + _CASE
)


def read_name_file(text: str) -> list[str]:
    """Parse a name list: one entry per line, blank lines and ``#`` comments ignored."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _female(surname: str) -> list[str]:
    low = surname.lower()
    if low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return [surname + "а"]
    return []


class Lexicon:
    """Lower-cased surface forms of known given names and surnames.

    Parameters
    ----------
    given
        Nominative given names; their case forms and Latin spellings are generated.
    surnames
        Nominative surnames (male forms; female ``-а`` forms are added).
    """

    __slots__ = ("given_forms", "surname_forms")

    def __init__(self, given: Iterable[str] = (), surnames: Iterable[str] = ()) -> None:
        self.given_forms: set[str] = set()
        self.surname_forms: set[str] = set()
        for name in given:
            self.given_forms.update(f.lower() for f in case_forms(name))
            self.given_forms.update(x.lower() for x in to_latin(name))
        for name in surnames:
            for base in (name, *_female(name)):
                self.surname_forms.update(f.lower() for f in case_forms(base))
                self.surname_forms.update(x.lower() for x in to_latin(base))

    def is_given(self, low: str) -> bool:
        """Whether the lower-cased word is a form of a known given name."""
        return low in self.given_forms

    def is_surname(self, low: str) -> bool:
        """Whether the lower-cased word is a form of a known surname."""
        return low in self.surname_forms

    def flags(self, low: str) -> tuple[bool, bool, bool, bool, bool]:
        """``(given, surname, surname_shape, patronymic, name_part_shape)`` for a lower-cased word."""
        return (
            low in self.given_forms,
            low in self.surname_forms,
            SURNAME_RE.fullmatch(low) is not None,
            PATRONYMIC_RE.fullmatch(low) is not None,
            NAME_PART_RE.fullmatch(low) is not None,
        )


def _data(name: str) -> str:
    path = resources.files("senim.privacy.ner.kk").joinpath("data", name)
    if not path.is_file():
        return ""
    return path.read_text(encoding="utf-8")


def load_default_lexicon() -> Lexicon:
    """The shipped lexicon: hand-written lists plus the KazNERD-derived lists."""
    given = read_name_file(_data("given_names_own.txt")) + read_name_file(_data("given_names_kaznerd.txt"))
    surnames = read_name_file(_data("surnames_own.txt")) + read_name_file(_data("surnames_kaznerd.txt"))
    return Lexicon(given, surnames)
