"""Kazakh name morphology: case forms by rule, suffix stripping, Latin transliteration.

Kazakh attaches case endings to names (``Абай`` -> ``Абайдың``, ``Тоқаевқа``, ``Айгерімге``).
The ending is chosen by **vowel harmony** (back ``а о ұ ы`` vs front ``ә ө ү і е``, decided by the
last vowel of the stem) and by the **last sound** of the stem (vowel, sonorant ``м н ң``, other
voiced consonant, voiceless consonant). The rules below are written from the grammar, not taken
from any library; they over-generate slightly on purpose where the grammar is ambiguous (Russian
loan names ending in ``и``/``у``), which is harmless for recognition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

__all__ = [
    "CASE_ENDINGS",
    "case_forms",
    "is_back",
    "strip_case",
    "to_latin",
]

_BACK: Final = frozenset("аоұыяё")
_FRONT: Final = frozenset("әөүіеэ")
_AMBIGUOUS: Final = frozenset("иую")
_VOWELS: Final = _BACK | _FRONT | _AMBIGUOUS
_SONORANT_NASAL: Final = frozenset("мнң")
_VOICED: Final = frozenset("лрйжзуw")  # plus the nasals above
_VOICELESS: Final = frozenset("кқпстфхцчшщһбвгдғ")  # final б в г д ғ are devoiced


def is_back(stem: str) -> bool | None:
    """Harmony class of ``stem``: ``True`` back, ``False`` front, ``None`` undecided.

    Parameters
    ----------
    stem
        A word in Cyrillic script (any case).
    """
    low = stem.lower()
    # Russian surname suffixes take the harmony of the Kazakh root: Тоқаев -> Тоқаевтың
    root = re.sub(r"(?:ов|ев|ёв|ин|ын)а?$", "", low)
    if len(root) >= 2:
        low = root
    for ch in reversed(low):
        if ch in _BACK:
            return True
        if ch in _FRONT:
            return False
        if ch in _AMBIGUOUS:
            return None
    return None


def _final_class(stem: str) -> str:
    """``v`` vowel, ``n`` nasal (м н ң), ``z`` other voiced, ``s`` voiceless."""
    ch = stem[-1].lower()
    if ch in _VOWELS:
        return "v"
    if ch in _SONORANT_NASAL:
        return "n"
    if ch in _VOICED:
        return "z"
    return "s"


def _pick(back: bool | None, b: str, f: str) -> tuple[str, ...]:
    if back is None:
        return (b, f)
    return (b,) if back else (f,)


def _endings(stem: str) -> set[str]:
    """All case and possessive endings that may follow ``stem``."""
    back = is_back(stem)
    cls = _final_class(stem)
    out: set[str] = set()

    def add(b: str, f: str) -> None:
        out.update(_pick(back, b, f))

    # genitive
    add(*{"v": ("ның", "нің"), "n": ("ның", "нің"), "z": ("дың", "дің"), "s": ("тың", "тің")}[cls])
    # accusative
    add(*{"v": ("ны", "ні"), "n": ("ды", "ді"), "z": ("ды", "ді"), "s": ("ты", "ті")}[cls])
    # dative
    if cls == "s":
        add("қа", "ке")
    else:
        add("ға", "ге")
    # locative
    add(*{"v": ("да", "де"), "n": ("да", "де"), "z": ("да", "де"), "s": ("та", "те")}[cls])
    # ablative
    add(*{"v": ("дан", "ден"), "n": ("нан", "нен"), "z": ("дан", "ден"), "s": ("тан", "тен")}[cls])
    # instrumental
    out.add({"v": "мен", "n": "бен", "z": "мен", "s": "пен"}[cls])
    if cls == "z" and stem[-1].lower() in "жз":
        out.add("бен")
    # equative / similative (Абайша, Абайдай) and plural (Абайлар) as found in running text
    add("ша", "ше")
    add(*{"v": ("дай", "дей"), "n": ("дай", "дей"), "z": ("дай", "дей"), "s": ("тай", "тей")}[cls])
    add(*{"v": ("лар", "лер"), "n": ("дар", "дер"), "z": ("лар", "лер"), "s": ("тар", "тер")}[cls])
    # possessive 3rd person, then the oblique cases after it (-ның, -на, -н, -нда, -нан, -мен)
    poss = _pick(back, "сы", "сі") if cls == "v" else _pick(back, "ы", "і")
    for p in poss:
        out.add(p)
        b = p[-1] == "ы"
        out.update(p + e for e in (("ның", "на", "н", "нда", "нан", "мен") if b else ()))
        out.update(p + e for e in (("нің", "не", "н", "нде", "нен", "мен") if not b else ()))
    return out


#: Every ending :func:`case_forms` can produce, longest first (for :func:`strip_case`).
CASE_ENDINGS: Final[tuple[str, ...]] = tuple(
    sorted(
        {e for probe in ("Асан", "Әлібек", "Айгерім", "Дана", "Нұрлыбай", "Ерғали", "Тоқаев", "Сәуле",
                         "Болат", "Жүніс", "Кеңес", "Арыс", "Мұрат", "Дмитрий", "Гүлназ")
         for e in _endings(probe)},
        key=lambda s: (-len(s), s),
    )
)

_STRIP_RE: Final = re.compile(
    "(?:" + "|".join(re.escape(e) for e in CASE_ENDINGS) + ")$", re.IGNORECASE
)


def case_forms(name: str) -> set[str]:
    """The nominative ``name`` and every case / possessive form of it.

    Parameters
    ----------
    name
        A Kazakh (or Russian) name in Cyrillic, e.g. ``"Абай"``; hyphenated names inflect on the
        last part (``"Қасым-Жомарт"`` -> ``"Қасым-Жомарттың"``).

    Returns
    -------
    set of str
        Forms keeping the original capitalisation of ``name``; includes ``name`` itself.

    Examples
    --------
    >>> sorted(f for f in case_forms("Абай") if f.endswith("дың"))
    ['Абайдың']
    """
    if not name:
        return set()
    forms = {name}
    forms.update(name + e for e in _endings(name))
    return forms


def strip_case(word: str, stems: Iterable[str] | None = None) -> str:
    """Remove one case / possessive ending from ``word`` (lower-cased result).

    With ``stems`` (a container of lower-cased stems), the longest ending whose remainder is a
    known stem wins; without it, the longest ending that leaves at least three letters is removed
    and only if ``word`` is one of the remainder's generated forms (so harmony must agree).

    Parameters
    ----------
    word
        A single word.
    stems
        Optional set of known lower-cased stems.
    """
    low = word.lower()
    known = stems if stems is not None else None
    for end in CASE_ENDINGS:
        if len(low) - len(end) < 3 or not low.endswith(end):
            continue
        stem = low[: -len(end)]
        if known is not None:
            if stem in known:
                return stem
            continue
        if low in {f.lower() for f in case_forms(stem)}:
            return stem
    return low


_LATIN: Final[dict[str, str]] = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# The 2021 Kazakh Latin alphabet (ä ğ q ñ ö ū ü ı ş ç) as a second spelling.
_LATIN_2021: Final[dict[str, str]] = {
    **_LATIN, "ә": "ä", "ғ": "ğ", "қ": "q", "ң": "ñ", "ө": "ö", "ұ": "ū", "ү": "ü", "ы": "y",
    "і": "ı", "ш": "ş", "ч": "ç", "ж": "j", "й": "i", "х": "h", "у": "u",
}


def to_latin(word: str) -> set[str]:
    """Common Latin spellings of a Cyrillic name (passport style and the 2021 alphabet).

    Variants cover ``й`` -> ``i``/``y``, ``ев`` -> ``ev``/``yev`` (``Назарбаев`` ->
    ``Nazarbayev``) and ``ж`` -> ``zh``/``j``. Capitalisation follows the first letter of ``word``.
    """
    low = word.lower()
    outs: set[str] = set()
    for table in (_LATIN, _LATIN_2021):
        base = "".join(table.get(ch, ch) for ch in low)
        outs.add(base)
        outs.add("".join(("y" if ch == "й" else table.get(ch, ch)) for ch in low))
    extra = set()
    for o in outs:
        extra.add(re.sub(r"(?<=[aeiouy])ev", "yev", o))
        extra.add(o.replace("zh", "j"))
    outs |= extra
    cap = word[:1].isupper()
    return {(o[:1].upper() + o[1:]) if cap else o for o in outs if o}
