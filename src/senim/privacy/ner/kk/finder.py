"""``KazakhNameFinder``: PERSON spans in Kazakh free text (gazetteer prefilter + CRF + rules).

Pipeline per text:

1. **Prefilter** (one compiled regex over capitalised words + set / suffix lookups): a word is a
   candidate when it is a known given name or surname in any case form, has a surname or
   patronymic shape (``-ов/-ева/-ин``, ``-ұлы/-қызы``, ``-ович/-овна``), a name-part shape
   (``-бек/-бай/-жан/-гүл``), or is an initial (``А.``). Texts without candidates cost one regex
   pass.
2. **CRF** (``data/kk_person.crfsuite``, trained by ``scripts/train_kk_ner.py`` on KazNERD) on the
   sentences that hold a candidate; spans scored by the mean marginal probability of their labels.
3. **Rules** (detector ``kk.gazetteer``): initials next to a surname (``А.Б. Сейтқалиев``) and
   Latin-script names (``Nursultan Nazarbayev``), which the Cyrillic training corpus does not cover.

Personal data never reaches logs or exceptions: this module logs nothing about its input.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Final

import pycrfsuite

from senim.privacy.ner.kk.features import Featurizer, Token, tokenize
from senim.privacy.ner.kk.lexicon import PATRONYMIC_RE, SURNAME_RE, Lexicon, load_default_lexicon
from senim.privacy.ner.kk.morph import strip_case
from senim.privacy.types import Language, Span

__all__ = ["DEFAULT_MODEL", "KazakhNameFinder"]

#: File name of the shipped CRF model inside ``senim.privacy.ner.kk/data``.
DEFAULT_MODEL: Final = "kk_person.crfsuite"

_UPPER: Final = "A-ZÀ-ÖØ-ÞĞİŞŪА-ЯЁӘҒҚҢӨҰҮҺІЎЄЇ"
#: Capitalised words (Cyrillic or Latin), hyphenated parts kept together.
_CAP_RE: Final = re.compile(rf"(?<!\w)[{_UPPER}][^\W\d_]*(?:[-'’][^\W\d_]+)*")
_TERMINATORS: Final = ".!?…\n"
_MAX_SIDE: Final = 300  # characters searched for a sentence boundary on each side of a candidate
_NAME_PART_SHAPE: Final = re.compile(r"[^\W\d_]{2,}(?:бек|бай|гүл|жан|хан|ғали|болат|сұлтан|нұр)")
#: Any name shape of the prefilter, as one pattern (surname | patronymic | given-name part).
_SHAPE_RE: Final = re.compile(
    f"(?:{SURNAME_RE.pattern})|(?:{PATRONYMIC_RE.pattern})|(?:{_NAME_PART_SHAPE.pattern}).*"
)
_LATIN_WORD: Final = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ɏ]+)*")

#: Given names that are also everyday words; alone at the start of a sentence they are not names.
_HOMONYMS: Final = frozenset(
    {
        "ай",
        "айна",
        "ақжол",
        "алмас",
        "алтын",
        "арман",
        "бақыт",
        "бейбіт",
        "береке",
        "болат",
        "гүл",
        "дәулет",
        "ерік",
        "жанар",
        "жеңіс",
        "жібек",
        "жұлдыз",
        "күміс",
        "күн",
        "қуаныш",
        "маржан",
        "мейір",
        "мерей",
        "нұр",
        "сабыр",
        "сағат",
        "самал",
        "сәуле",
        "табыс",
        "талап",
        "темір",
        "шолпан",
        "әсем",
        "бағыт",
        "ерлік",
        "қайрат",
        "тыныштық",
        "шаттық",
        "сезім",
        "үміт",
        "айгүл",
        "гүлзар",
        "шынар",
    }
)
#: Case endings that never end a nominative name part (genitive, dative, ablative, instrumental,
#: accusative); locative ``-да``/``-де`` is left out (Таблида, Фарида).
_STRONG_CASE: Final = re.compile(r"(?:с?[ыі]н)?(?:[ндт][ыі]ң|[ғгқк][ае]|[дтн][ае]н|[мбп]ен|[ндт][ыі])")
_WORD_BEFORE: Final = re.compile(r"(\w[\w-]*) {1,2}\Z")
_SENT_PUNCT: Final = frozenset('.!?…:;—–-«»"“”()')
# Positions, ranks and forms of address that precede a name but are not part of it (kk and the
# Russian loanwords Kazakh texts use): "Директор Ермеков …", "Профессор Әлиев …".
_TITLES: Final = frozenset(
    [
        "директор",
        "министр",
        "вице-министр",
        "президент",
        "премьер-министр",
        "әкім",
        "депутат",
        "бастық",
        "басшы",
        "басшысы",
        "төраға",
        "төрағасы",
        "меңгеруші",
        "профессор",
        "доцент",
        "доктор",
        "дәрігер",
        "мұғалім",
        "мұғалімі",
        "инженер",
        "менеджер",
        "бухгалтер",
        "судья",
        "судьясы",
        "прокурор",
        "тергеуші",
        "полковник",
        "генерал",
        "майор",
        "капитан",
        "лейтенант",
        "сержант",
        "академик",
        "ректор",
        "декан",
        "мырза",
        "ханым",
        "апай",
        "ағай",
        "аға",
        "әпке",
        "қызметкер",
        "маман",
        "сарапшы",
        "адвокат",
        "нотариус",
        "журналист",
        "ақын",
        "жазушы",
        "спортшы",
        "чемпион",
        "хатшы",
        "хатшысы",
        "өкілі",
        "орынбасары",
        "орынбасар",
        "бас-директор",
        "азамат",
        "азаматша",
        "клиент",
        "тұтынушы",
        "пациент",
        "студент",
        "оқушы",
    ]
)


_lock = threading.Lock()
_shared: dict[tuple[str, int], tuple[Lexicon, Featurizer]] = {}
_files = contextlib.ExitStack()
atexit.register(_files.close)


def _default_model_path() -> str:
    ref = resources.files("senim.privacy.ner.kk").joinpath("data", DEFAULT_MODEL)
    return str(_files.enter_context(resources.as_file(ref)))


class KazakhNameFinder:
    """Finds people's names in Kazakh text (``NameFinder`` protocol of ``senim.privacy.types``).

    Parameters
    ----------
    model_path
        A pycrfsuite model; default: the model shipped in the package.
    lexicon
        Name gazetteers; default: the shipped lists (loaded once per process).
    use_crf
        ``False`` runs the gazetteer rules only (for measurements).
    min_score
        CRF spans with a lower mean marginal are dropped.
    grammar_rules
        ``False`` keeps CRF spans as tagged (see :meth:`_refine`; for measurements).
    prefilter
        ``False`` runs the CRF on every text, whole (for measuring what the prefilter costs).

    Notes
    -----
    The model and gazetteers load lazily on the first :meth:`find` and are cached per process;
    each thread gets its own CRF tagger (pycrfsuite taggers are not thread-safe).

    Examples
    --------
    >>> finder = KazakhNameFinder()
    >>> text = "Бүгін Асқар Тоқаевқа хат жаздым."
    >>> [text[s.start:s.end] for s in finder.find([text])[0]]
    ['Асқар Тоқаевқа']
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        lexicon: Lexicon | None = None,
        *,
        use_crf: bool = True,
        min_score: float = 0.0,
        prefilter: bool = True,
        grammar_rules: bool = True,
    ) -> None:
        self._grammar = grammar_rules
        self._prefilter = prefilter
        self._model_path = str(model_path) if model_path is not None else None
        self._lexicon = lexicon
        self._use_crf = use_crf
        self._min_score = min_score
        self._local = threading.local()
        self._ready: tuple[Lexicon, Featurizer, frozenset[str]] | None = None

    # -- loading --------------------------------------------------------------------------------
    def _load(self) -> tuple[Lexicon, Featurizer, frozenset[str]]:
        ready = self._ready
        if ready is not None:
            return ready
        with _lock:
            if self._lexicon is not None:
                lex = self._lexicon
                feat = Featurizer(lex)
            else:
                key = ("default", 0)
                if key not in _shared:
                    lex0 = load_default_lexicon()
                    _shared[key] = (lex0, Featurizer(lex0))
                lex, feat = _shared[key]
            known = frozenset(lex.given_forms | lex.surname_forms)
            self._ready = (lex, feat, known)
            return self._ready

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger: pycrfsuite.Tagger | None = getattr(self._local, "tagger", None)
        if tagger is None:
            path = self._model_path
            if path is None:
                with _lock:
                    path = _default_model_path()
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            self._local.tagger = tagger
        return tagger

    # -- public API -----------------------------------------------------------------------------
    def find(self, texts: Sequence[str], *, language: Language = "kk") -> list[list[Span]]:
        """PERSON spans per text.

        Parameters
        ----------
        texts
            Free-text values; ``None`` or non-``str`` items yield an empty list.
        language
            Accepted for the ``NameFinder`` protocol; the rules are tuned for Kazakh (``"kk"``)
            and also fire on Kazakh names inside Russian or English text.

        Returns
        -------
        list of list of Span
            One list per text, sorted by start; ``entity="PERSON"``, ``str`` offsets into the text,
            ``score`` in [0, 1], ``detector`` ``"kk.crf"`` or ``"kk.gazetteer"``.
        """
        del language
        lex, feat, known = self._load()
        out: list[list[Span]] = []
        for text in texts:
            if not isinstance(text, str) or not text:
                out.append([])
                continue
            out.append(
                self._join_parts(text, self._trim_titles(text, self._find_one(text, lex, feat, known)), lex)
            )
        return out

    @staticmethod
    def _trim_titles(text: str, spans: list[Span]) -> list[Span]:
        """Cut a leading position or form of address off a span ("Директор Ермеков" -> "Ермеков")."""
        out: list[Span] = []
        for sp in spans:
            start = sp.start
            while True:
                space = text.find(" ", start, sp.end)
                if space < 0 or text[start:space].lower() not in _TITLES:
                    break
                start = space + 1
                while start < sp.end and text[start] == " ":
                    start += 1
            out.append(
                sp if start == sp.start else Span(sp.entity, start, sp.end, sp.score, False, sp.detector)
            )
        return out

    @staticmethod
    def _join_parts(text: str, spans: list[Span], lex: Lexicon) -> list[Span]:
        """Join "Surname | Given Patronymic" pieces that the model tagged apart, and take in a
        surname left untagged before a given name (the order of official documents:
        "Асқаров Нұрлан Серікұлы")."""
        if not spans:
            return spans
        grown: list[Span] = []
        for sp in spans:
            first_word = text[sp.start : sp.end].split(maxsplit=1)[0].lower() if sp.end > sp.start else ""
            window_start = max(0, sp.start - 48)
            m = _WORD_BEFORE.search(text[window_start : sp.start])
            if m is not None and lex.is_given(first_word):
                word = m.group(1)
                low = word.lower()
                if word[:1].isupper() and (lex.is_surname(low) or SURNAME_RE.fullmatch(low) is not None):
                    start = window_start + m.start(1)
                    sp = Span("PERSON", start, sp.end, sp.score, False, sp.detector)  # noqa: PLW2901
            grown.append(sp)
        spans = [
            sp
            for sp in grown
            if not any(o is not sp and o.start <= sp.start and sp.end <= o.end and o != sp for o in grown)
        ]
        if len(spans) < 2:
            return spans
        spans = sorted(spans, key=lambda sp: sp.start)
        out = [spans[0]]
        for sp in spans[1:]:
            prev = out[-1]
            gap = text[prev.end : sp.start]
            last_word = (
                text[prev.start : prev.end].rsplit(maxsplit=1)[-1].lower() if prev.end > prev.start else ""
            )
            first_word = text[sp.start : sp.end].split(maxsplit=1)[0].lower() if sp.end > sp.start else ""
            if (
                gap.strip() == ""
                and len(gap) <= 2
                and (lex.is_surname(last_word) or SURNAME_RE.fullmatch(last_word) is not None)
                and lex.is_given(first_word)
            ):
                out[-1] = Span("PERSON", prev.start, sp.end, max(prev.score, sp.score), False, prev.detector)
            else:
                out.append(sp)
        return out

    # -- internals ------------------------------------------------------------------------------
    def _candidates(self, text: str, known: frozenset[str]) -> list[tuple[int, int]]:
        cands: list[tuple[int, int]] = []
        for m in _CAP_RE.finditer(text):
            w = m.group()
            low = w.lower()
            if len(w) == 1:
                if text[m.end() : m.end() + 1] == ".":
                    cands.append(m.span())
                continue
            if low in known or _SHAPE_RE.fullmatch(low) or ("-" in low and low.split("-", 1)[0] in known):
                cands.append(m.span())
        return cands

    @staticmethod
    def _is_initial_dot(text: str, pos: int) -> bool:
        """``text[pos] == '.'`` closes an initial such as ``А.`` (one capital letter)."""
        if pos < 1 or not text[pos - 1].isupper():
            return False
        return pos < 2 or not text[pos - 2].isalpha()

    def _region(self, text: str, s: int, e: int) -> tuple[int, int]:
        lo = max(0, s - _MAX_SIDE)
        left = lo
        pos = s
        while pos > lo:
            best = max(text.rfind(c, lo, pos) for c in _TERMINATORS)
            if best < 0:
                break
            if text[best] == "." and self._is_initial_dot(text, best):
                pos = best - 1
                continue
            left = best + 1
            break
        if left == lo and lo > 0:
            sp = text.find(" ", lo, s)
            left = sp + 1 if sp >= 0 else s
        hi = min(len(text), e + _MAX_SIDE)
        right = hi
        pos = e
        while pos < hi:
            found = [i for i in (text.find(c, pos, hi) for c in _TERMINATORS) if i >= 0]
            if not found:
                break
            best = min(found)
            if text[best] == "." and self._is_initial_dot(text, best):
                pos = best + 1
                continue
            right = best + 1
            break
        if right == hi and hi < len(text):
            sp = text.rfind(" ", e, hi)
            right = sp if sp >= 0 else e
        return left, right

    def _find_one(self, text: str, lex: Lexicon, feat: Featurizer, known: frozenset[str]) -> list[Span]:
        if not self._prefilter:
            return self._regions_to_spans(text, [[0, len(text)]], lex, feat)
        cands = self._candidates(text, known)
        if not cands:
            return []
        regions: list[list[int]] = []
        for s, e in cands:
            lo, hi = self._region(text, s, e)
            if regions and lo < regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], hi)
            else:
                regions.append([lo, hi])
        return self._regions_to_spans(text, regions, lex, feat)

    def _regions_to_spans(
        self, text: str, regions: list[list[int]], lex: Lexicon, feat: Featurizer
    ) -> list[Span]:
        spans: list[Span] = []
        for lo, hi in regions:
            toks = tokenize(text[lo:hi], lo)
            if not toks:
                continue
            found = self._crf(toks, feat) if self._use_crf else []
            spans.extend(self._rules(toks, lex, found))
        spans.sort(key=lambda sp: (sp.start, -sp.end))
        return spans

    def _crf(self, toks: list[Token], feat: Featurizer) -> list[Span]:
        tagger = self._tagger()
        xseq = feat.sequence([t[0] for t in toks])
        tags: list[str] = tagger.tag(xseq)
        spans: list[Span] = []
        i = 0
        n = len(tags)
        while i < n:
            if tags[i] in ("B-PERSON", "I-PERSON"):
                j = i + 1
                while j < n and tags[j] == "I-PERSON":
                    j += 1
                a, b = self._refine(toks, i, j)
                if a < b:
                    score = sum(tagger.marginal(tags[k], k) for k in range(a, b)) / (b - a)
                    score = min(1.0, max(0.0, score))
                    if score >= self._min_score:
                        spans.append(
                            Span("PERSON", toks[a][1], toks[b - 1][2], round(score, 4), False, "kk.crf")
                        )
                i = j
            else:
                i += 1
        return spans

    def _refine(self, toks: list[Token], i: int, j: int) -> tuple[int, int]:
        """Trim / drop CRF spans that Kazakh grammar rules out.

        Only the last word of a Kazakh name takes a case ending, so leading words with a case
        ending that are not known names are cut off (``Құжатқа Сейтқалиев`` -> ``Сейтқалиев``);
        a lone everyday word at the start of a sentence (``Бақыт деген не?``) is dropped.
        """
        if not self._grammar:
            return i, j
        _, _, known = self._load()
        while j - i > 1:
            w = toks[i][0]
            low = w.lower()
            if low in known or SURNAME_RE.fullmatch(low) or PATRONYMIC_RE.fullmatch(low):
                break
            stem = strip_case(w)
            if stem == low or not _STRONG_CASE.fullmatch(low[len(stem) :]):
                break
            i += 1
        if j - i == 1:
            first = i == 0 or toks[i - 1][0] in _SENT_PUNCT
            if first and strip_case(toks[i][0]) in _HOMONYMS:
                return i, i
        return i, j

    def _rules(self, toks: list[Token], lex: Lexicon, crf: list[Span]) -> list[Span]:
        """Merge CRF spans with initials and Latin-script name rules."""
        spans = list(crf)
        n = len(toks)

        def surname_like(w: str) -> bool:
            low = w.lower()
            return (
                w[:1].isupper()
                and len(w) > 1
                and (
                    lex.is_surname(low)
                    or SURNAME_RE.fullmatch(low) is not None
                    or PATRONYMIC_RE.fullmatch(low) is not None
                )
            )

        def is_initial(i: int) -> bool:
            return (
                i + 1 < n
                and len(toks[i][0]) == 1
                and toks[i][0].isupper()
                and toks[i + 1][0] == "."
                and toks[i + 1][1] == toks[i][2]
            )

        extra: list[Span] = []
        i = 0
        while i < n:
            # initials before a surname: А.Б. Сейтқалиев / А. Сейтқалиев
            if is_initial(i):
                j = i
                while is_initial(j) and j - i < 6:
                    j += 2
                if j < n and surname_like(toks[j][0]):
                    extra.append(Span("PERSON", toks[i][1], toks[j][2], 0.9, False, "kk.gazetteer"))
                    i = j + 1
                    continue
                # surname before initials: Сейтқалиев А.Б.
                if i > 0 and surname_like(toks[i - 1][0]) and j > i:
                    extra.append(Span("PERSON", toks[i - 1][1], toks[j - 1][2], 0.9, False, "kk.gazetteer"))
                    i = j
                    continue
            # Latin-script names: a known given name next to a capitalised Latin word
            w = toks[i][0]
            if w[:1].isupper() and _LATIN_WORD.fullmatch(w) and lex.is_given(w.lower()):
                j = i + 1
                while j < n and j - i < 3 and toks[j][0][:1].isupper() and _LATIN_WORD.fullmatch(toks[j][0]):
                    j += 1
                k = i
                while (
                    k > 0
                    and i - k < 2
                    and toks[k - 1][0][:1].isupper()
                    and surname_like(toks[k - 1][0])
                    and _LATIN_WORD.fullmatch(toks[k - 1][0])
                ):
                    k -= 1
                if j - k >= 2:
                    extra.append(Span("PERSON", toks[k][1], toks[j - 1][2], 0.85, False, "kk.gazetteer"))
                    i = j
                    continue
            i += 1
        if not extra:
            return spans
        # a rule span absorbs the CRF spans it overlaps (keeping the larger extent)
        for r in extra:
            overl = [s for s in spans if s.start < r.end and r.start < s.end]
            if not overl:
                spans.append(r)
                continue
            for s in overl:
                spans.remove(s)
            start = min([r.start, *(s.start for s in overl)])
            end = max([r.end, *(s.end for s in overl)])
            score = max([r.score, *(s.score for s in overl)])
            spans.append(Span("PERSON", start, end, score, False, "kk.gazetteer"))
        return spans
