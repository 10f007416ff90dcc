"""The fast name layer: gazetteers and rules first, NER models only around what they cannot explain.

Every free-text value goes through :meth:`FastNameLayer.analyse`, which costs one compiled-regex pass
over the value's capitalised words plus a set lookup per word:

1. **Classify** each capitalised word (Cyrillic, Kazakh letters included, or Latin) and each initial
   (``И.``, ``J.``) with the gazetteers of :class:`Gazetteer`: given names, surnames and patronymics in
   every case form (Russian forms from pymorphy3's dictionary, built by
   ``scripts/build_name_gazetteer.py``; Kazakh forms from the lexicon of :mod:`senim.privacy.ner.kk`;
   English lists), surname and patronymic shapes (``-ов/-ева/-ин``, ``-ович/-овна``, ``-ұлы/-қызы``,
   ``-ov/-eva``), and stop-lists of words that are capitalised but never a person (months, weekdays,
   places, organisations' common words, courtesy titles, acronyms, words pymorphy3 knows as common).
2. **Decide** on runs of adjacent capitalised words (a title before them is cut off):

   - two or more name words with a known given name or patronymic among them and nothing unknown
     (``Смирнова Наталья Петровна``, ``Aliya Smagulova``, ``Байтұрсынов Бақытжан Серікұлының``), a
     surname with initials (``Нурланов Г. Б.``, ``А. Кудрин``), a courtesy title with capitalised
     words (``Mr. Harris``) or a known given name addressed or greeted (``Привет, Ляззат!``,
     ``Алихан, переведи …``) ⇒ ``PERSON`` (detector ``ner.fast``) and no model call; a label or a
     place glued before such a name is left out (``Науқас Нұрсұлтан Мырзахметов``);
   - Russian and Kazakh only: any word that is no listed non-name word before two or more initials
     (``Фризен Г.Ю.``, ``Нұрғали О.Қ.``) or after them (``А.Т. Әлмұханға``); a word before a given
     name and a patronymic (``Мельник Валерий Игоревич``); names in capitals, an unknown word read
     as a name beside name words (``НАЗАРОВА ЗУЛФИЯ САНЖАРОВНА``, ``REYKHAN YULDASHEVA``, not after
     ТОО/АО/LLP); "Азамат"/"Азаматша" (citizen) before a full name is a title; a given name alone
     by a phone number, after a self-introduction ("я", "мен", "это") or a person noun
     ("соседке людмиле", "көршім Нұрсұлуға"), in lower case too (not a given name that is also a
     common word: "вера", "сәуле");
   - a run with an unknown word next to a name word, a single name word, or (Russian, English) an
     unknown capitalised word ⇒ **uncertain**: the sentence around it (at most a few hundred
     characters each side) is sent to the language's model (natasha, spaCy small, the Kazakh CRF);
     Kazakh sends name words only, as the Kazakh finder's own prefilter does;
   - anything else (common words, places, months, acronyms, words inside a found street address) is
     explained and costs nothing more.

:func:`find_names` runs the layer over a batch, sends only the uncertain regions to the models, in one
batch per language, and merges: a rule span wins over a model span it overlaps; a model span that
stops at an initial's letter gets its dot (``Камила Т.``). :class:`PaddedFinder`
puts a neutral ". " before each region: natasha and spaCy miss a name that opens their input.

The Russian forms (``data/ru_names.tsv.gz``) are built from pymorphy3's dictionary by
``scripts/build_name_gazetteer.py``; the English surnames (``data/en_surnames.txt``) are written for
Senim. ``benchmarks/pii_names.py`` measures speed, the share of text that still reaches a model, and
PERSON quality.

Nothing here logs text; only counts leave this module (:class:`LayerStats`).
"""

from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np

from senim import _cache
from senim.privacy._hsdb import block_database, scan_joined
from senim.privacy._hsdb import hs as _hs
from senim.privacy.ner.base import (
    KK_STREET_TYPES,
    LABEL_WORDS,
    PERSON,
    RU_STREET_TYPES,
    extend_initial_dot,
    resolve_overlaps,
    wordset,
)
from senim.privacy.types import Language, NameFinder, Span

__all__ = [
    "COMMON",
    "DETECTOR",
    "GIVEN",
    "NAME_BITS",
    "NOT_NAME_BITS",
    "ORG",
    "PATRONYMIC",
    "PATRONYMIC_SHAPE",
    "PLACE",
    "STOP",
    "SURNAME",
    "SURNAME_SHAPE",
    "TITLE",
    "FastNameLayer",
    "Gazetteer",
    "LayerStats",
    "PaddedFinder",
    "TextAnalysis",
    "build_gazetteer",
    "find_names",
    "known_name",
    "load_gazetteer",
    "ru_case_forms",
    "word_kind",
]

#: Detector id of the spans the layer decides without a model.
DETECTOR: Final = "ner.fast"

# -- word classes (bit flags) -------------------------------------------------------------------------
GIVEN: Final = 1
SURNAME: Final = 2
PATRONYMIC: Final = 4
PLACE: Final = 8
ORG: Final = 16
COMMON: Final = 32  # a common word (also) — "роза", "лев", "green"
STOP: Final = 64  # capitalised but never a person: months, labels, organisations' words …
TITLE: Final = 128  # a courtesy title or position before a name
SURNAME_SHAPE: Final = 256
PATRONYMIC_SHAPE: Final = 512
NAME_BITS: Final = GIVEN | SURNAME | PATRONYMIC | SURNAME_SHAPE | PATRONYMIC_SHAPE
FIRST_BITS: Final = GIVEN | PATRONYMIC | PATRONYMIC_SHAPE  # what makes a run a person's name
NOT_NAME_BITS: Final = PLACE | ORG | COMMON | STOP | TITLE

_CLASS_LETTERS: Final = {"G": GIVEN, "S": SURNAME, "P": PATRONYMIC, "L": PLACE, "O": ORG, "c": COMMON}

_UP: Final = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİĶĹĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŲŹŻŽА-ЯЁӘҒҚҢӨҰҮҺІЇЄЎ"
_LO: Final = "a-zß-öø-ÿāăąćčďđēėęěğīıķĺľłńňōőœřśşšţťūůűųźżžа-яёәғқңөұүһіїєў"
_L: Final = _UP + _LO
#: A capitalised word (hyphenated and apostrophe parts kept: ``Нур-Султан``, ``O'Brien``) or an
#: initial (one capital and a dot).
_TOKEN: Final = re.compile(
    rf"(?<![{_L}\w])(?:[{_UP}]\.(?![{_L}]{{2}})|[{_UP}](?:[{_L}]+|(?=['’][{_UP}]))(?:[-'’][{_L}]+)*(?![\w-]))"
)
_HAS_UPPER: Final = re.compile(rf"[{_UP}]")
_CYRILLIC: Final = re.compile(r"[а-яёәғқңөұүһі]")
_KK_LETTER: Final = re.compile(r"[әғқңөұүһі]")
_KK_CASE_LETTER: Final = re.compile(r"[ңғқ]")
_POSSESSIVE_ENDINGS: Final = frozenset({"'s", "'S", "’s", "’S"})  # Harris's, O’Neil’s
# Surname and patronymic shapes, lower case, with optional Russian or Kazakh case endings.
_KK_CASE: Final = (
    r"(?:[ндт][ыі]ң|[нлдт][ыі]|[ғгқк][ае]|[нт][ае]|[дтн][ае]|[дтн][ае]н|[мбп]ен|ш[ае]|[дт][ае]й"
    r"|с?[ыі](?:н|н[ыі]ң|н[ае]|нд[ае]|н[ае]н|мен)?)?"
)
_SURNAME_SHAPE: Final = re.compile(
    r"[а-яёәғқңөұүһі]{2,}(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ом|е|ой|ых|ыми|ы)?" + _KK_CASE
    + r"|[а-яёәғқңөұүһі]{2,}(?:ова|ева|ёва|ина|ына)" + _KK_CASE
    + r"|[а-яё]{2,}(?:ский|ская|цкий|цкая|ского|скому|ским|ском|ской|скую|цкого|цкому|цким|цком|цкой|цкую)"
    + r"|[а-яё]{2,}енко"
    + r"|[a-zäöüéèçšžı]{2,}(?:ov|ev|yev|in|ova|eva|yeva|ina|sky|ski|skaya|enko|uly|kyzy|qyzy)"
)
_PATRONYMIC_SHAPE: Final = re.compile(
    r"[а-яё]{2,}(?:ович|евич|ьич)(?:а|у|ем|е)?|[а-яё]{2,}(?:овн|евн|ичн|иничн)(?:а|ы|е|у|ой|ою)"
    r"|[а-яёәғқңөұүһі]{3,}(?:ұлы|улы|қызы|кызы)" + _KK_CASE
    + r"|[a-z]{2,}(?:ovich|evich|ovna|evna|uly|ulı|kyzy|qyzy)"
)
_LOWER_WORD: Final = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
_LOWER_CYRILLIC_WORD: Final = re.compile(r"(?<![\w'’-])[а-яёәғқңөұүһі]{2,}(?![\w'’-])")
_SPACE_ONLY: Final = re.compile(r"[ \t]{1,3}")
#: Words that announce a name; a lower-case name after one is read even in a capitalised text.
_LOWER_NAME_CUE: Final = re.compile(
    r"(?:зовут|фио|ф\.\s?и\.\s?о\.?|атым|есімім|аты-жөнім|аты-жөні)\s*+[:—-]?\s*+(?=[а-яёәғқңөұүһі])",
    re.IGNORECASE,
)
#: Each cue of ``_LOWER_NAME_CUE`` contains one of these, case-folded: a value without any has no cue
#: (a substring test on the case-folded value costs a tenth of the case-insensitive search).
_LOWER_NAME_CUE_STEMS: Final = ("зовут", "фио", "ф.", "атым", "есімім", "аты-жөн")
#: The same stems as one search (a literal alternation: scanned in C).
_LOWER_NAME_CUE_GATE: Final = re.compile("|".join(map(re.escape, _LOWER_NAME_CUE_STEMS)))
_CUE_REACH: Final = 80
_FAMILY_REACH: Final = 64  # characters read on each side of a lower-case family-name word
#: Surname shapes trusted in lower case: -ов/-ев(а); -ин/-ын are also Kazakh case endings ("тұрғын").
_RU_SURNAME_ENDINGS: Final = ("ов", "ев", "ёв", "ова", "ева", "ёва")
_KK_PATRONYMIC_ENDINGS: Final = ("ұлы", "улы", "қызы", "кызы")
#: A lower-case word shaped like a Russian or Kazakh surname or patronymic, in some case forms
#: ("петров", "петровой", "ивановна", "сергеевичу", "нұрланқызы", "серікұлы"). In a text with capitals
#: a lower-case full name needs one: the rule's gate, searched over the whole value first.
_LOWER_FAMILY_SHAPE: Final = re.compile(
    r"(?<![\w'’-])[а-яёәғқңөұүһі]{2,}"
    r"(?:[оеё]в(?:[аеуы]|ой|ым|ых|ою)?|[оеё]вич(?:[аеу]|ем)?|[оеё]вн(?:[аеуы]|ой)|ич(?:[аеу]|ем)?"
    r"|ичн(?:[аеуы]|ой)|[ұу]лы|[қк]ызы)(?![\w'’-])"
)
#: The same, looser (any non-letter before, anything but a lower-case letter after), in the UTF-8
#: form hyperscan scans a whole batch with: a value it does not match cannot match
#: ``_LOWER_FAMILY_SHAPE``.
_LOWER_FAMILY_GATE: Final = (
    "(?:^|[^а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІA-Za-z])[а-яёәғқңөұүһі]{2,}"
    "(?:[оеё]в(?:[аеуы]|ой|ым|ых|ою)?|[оеё]вич(?:[аеу]|ем)?|[оеё]вн(?:[аеуы]|ой)|ич(?:[аеу]|ем)?"
    "|ичн(?:[аеуы]|ой)|[ұу]лы|[қк]ызы)(?:[^а-яёәғқңөұүһі]|$)"
)


class _FamilyGate:
    """The compiled batch gate for :data:`_LOWER_FAMILY_SHAPE` (built on first use, once per process)."""

    _lock: Final = threading.Lock()
    _database: object = None

    @classmethod
    def open(cls, texts: Sequence[str], accept: Callable[[str], bool]) -> list[bool] | None:
        """Per text, whether it may hold a lower-case family-name word that ``accept`` takes;
        ``None`` without hyperscan (then every text is read)."""
        if _hs is None or not texts:
            return None
        with cls._lock:
            if cls._database is None:
                cls._database = block_database([_LOWER_FAMILY_GATE.encode("utf-8")], [_hs.HS_FLAG_UTF8])
            # valid UTF-8, as hyperscan's UTF-8 mode requires (a lone surrogate becomes "?"; only the
            # NULs' positions and the words' bytes are read back)
            scanned = scan_joined(cls._database, texts, errors="replace")
        if scanned is None:
            return None  # a NUL inside a text: positions would not map back
        buf, _, ends, where = scanned
        gates = [False] * len(texts)
        seen: dict[str, bool] = {}  # the same words come back ("годов", "слов")
        for end, i in zip(ends.tolist(), where.tolist(), strict=True):
            if not gates[i]:
                # the match ends one character after the word (or at the end): its last
                # lower-case run, read from enough bytes before
                tail = buf[max(0, end - _GATE_BYTES) : end].decode("utf-8", "ignore")
                runs = _LOWER_RUN.findall(tail)
                word = runs[-1] if runs else ""
                ok = seen.get(word)
                if ok is None:
                    ok = seen[word] = bool(word) and accept(word)
                gates[i] = ok
        return gates


class _CueGate:
    """The compiled batch gate of :func:`_cued_lower_words` (built on first use): which values have
    a word starting like a person cue (:data:`_PERSON_CUE_STEMS`, any case) and which may hold a
    phone number (:data:`_PHONE`, without its digit borders: a superset). One hyperscan pass over
    the batch costs ~1.5 µs a value; the two searches in Python ~10 µs."""

    _lock: Final = threading.Lock()
    _database: object = None

    @classmethod
    def open(cls, texts: Sequence[str]) -> tuple[list[bool], list[bool]] | None:
        """Per text, whether a word starts like a person cue and whether a phone may be in it;
        ``None`` without hyperscan or with a NUL inside a text (then both searches run on every
        text)."""
        if _hs is None or not texts:
            return None
        with cls._lock:
            if cls._database is None:
                stems = "|".join(sorted(_PERSON_CUE_STEMS, key=len, reverse=True))
                phone = _PHONE.removeprefix(r"(?<!\d)").removesuffix(r"(?!\d)")
                flags = _hs.HS_FLAG_UTF8 | _hs.HS_FLAG_UCP
                cls._database = block_database(
                    [f"(?:^|[^\\w])(?:{stems})".encode(), phone.encode()],
                    [flags | _hs.HS_FLAG_CASELESS, flags],
                )
            scanned = scan_joined(cls._database, texts, errors="replace")
        if scanned is None:
            return None
        cues = [False] * len(texts)
        phones = [False] * len(texts)
        for key, i in set(zip(scanned[1].tolist(), scanned[3].tolist(), strict=True)):
            (phones if key else cues)[i] = True
        return cues, phones


_LOWER_RUN: Final = re.compile("[а-яёәғқңөұүһі]+")
_GATE_BYTES: Final = 100  # a word of up to 48 Cyrillic letters and the character after it


#: A street type right before or after a run: "улица жамбыла жабаева", "абай кунанбаев көшесі" name
#: a street, and "школа имени абая кунанбаева" an institution, not the person.
_STREET_BEFORE: Final = re.compile(
    rf"(?:^|[\s,(])(?:{RU_STREET_TYPES}|улиц[еуы]|проспект[аеу]|переулке|бульвар[аеу]|микрорайон[аеу]"
    r"|им\.?|имени)[ \t]+\Z"
)
_STREET_AFTER: Final = re.compile(rf"[ \t]+{KK_STREET_TYPES}")
# Tried at the start of a run of non-blanks only (the leftmost match starts there anyway): from every
# position of a long run it was quadratic (2.8 s for 12,000 characters).
_ADDRESS_LIKE: Final = re.compile(r"(?<!\S)(?:\S*[@/]\S*|\S+\.(?:com|kz|ru|org|net)\b\S*)")
_GAP: Final = re.compile(r"[ \t\u00a0]{1,2}")
_SENTENCE_BREAK: Final = re.compile(rf"(?<![\s.][{_UP}])[.!?…]+(?=[\s\"'»”)]|$)|\n")
_MAX_SIDE: Final = 240  # characters of context on each side of an uncertain word, at most
_RUN_MAX: Final = 5  # name words in one run, initials not counted

# -- stop-lists (facts, written for Senim) ------------------------------------------------------------
_STOP_WORDS: Final = wordset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
    i i'm i'll i've i'd ok okay hi hello hey dear thanks thank please yes no not n/a na
    id iin bin iban swift bic pin cvv cvc otp sms url api pdf usd eur kzt rub
    card credit debit visa mastercard maestro amex account acc invoice order ticket contract policy
    passport phone mobile tel fax email e-mail mail address date birth name surname patronymic
    number no nr customer client user bot agent operator manager director support team service
    department dept division office bank company corp corporation inc ltd llc llp jsc plc gmbh ag
    group holding holdings fund foundation institute university college school academy hospital clinic
    centre center ministry agency committee council court government parliament senate republic
    union party association society church museum library airport airlines airways hotel restaurant
    street avenue road lane boulevard drive square highway city town village region district province
    state county country north south east west northern southern eastern western central national
    international federal royal united new old great saint st mount lake river sea ocean island
    kazakhstan russia china usa america american england english britain british uk europe european
    asia asian africa african australia canada germany german france french italy italian spain
    spanish japan japanese india indian turkey turkish poland polish ukraine uzbekistan kyrgyzstan
    tajikistan turkmenistan mongolia georgia armenia azerbaijan belarus korea korean israel iran
    london paris berlin moscow beijing tokyo washington york dubai istanbul
    google facebook meta whatsapp telegram instagram twitter youtube tiktok linkedin gmail yahoo
    outlook microsoft apple iphone ipad android windows linux amazon netflix uber kaspi halyk
    jusan forte freedom kcell beeline tele2 altel activ covid internet wifi wi-fi online
    re fw fwd subject from to cc bcc attachment regards best sincerely kind
    monday's the a an and or but for of in on at by with this that these those my your our their
    his her its we you he she they it if when while as so then there here what which who whom whose
    how why where all any each every some many most more less other another such same
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    понедельник вторник среда четверг пятница суббота воскресенье
    қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан
    дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі
    иин бин жсн бсн иик жск рк қр рф снг ооо тоо ао ип зао пао оао ат жшс жк
    тел телефон моб email e-mail почта адрес мекенжай мекенжайы паспорт төлқұжат
    атым есімім аты-жөнім
    қазақстан қазақстанның қазақстанда қазақстанға қазақстаннан ресей ресейдің қытай өзбекстан
    қырғызстан америка еуропа түркия германия жапония корея франция англия италия
    республикасы республикасының республикасында республикасына президенті президентінің үкіметі
    үкіметінің парламенті мәжілісі мәжіліс сенаты министрлігі министрлігінің министрі ұлттық
    банкі банкінің университеті университетінің академиясы қоры қоғамы орталығы агенттігі
    комитеті соты прокуратурасы әкімдігі әкімдігінің әкімі кеңесі ассамблеясы партиясы одағы
    біріккен ұлттар ұйымы мемлекеттік халықаралық жоғарғы конституциялық облысы облысының
    облыстық ауданы ауданының қаласы қаласының қалалық ауылы ауылының көшесі даңғылы
    """
)
_TITLES: Final = wordset(
    """
    mr mrs ms mx miss mister dr prof professor sir dame lady lord madam madame mme mlle herr frau
    господин госпожа г-н г-жа гражданин гражданка товарищ
    мырза ханым азамат азаматша
    """
)
# Latin words that, after an unknown sentence-initial word, suggest it is a subject (a name).
_SUBJECT_VERBS: Final = wordset(
    """
    is was has had said says will would can could did does asked wrote told called replied added
    and 's ’s
    """
)
_EN_COMMON_STARTERS: Final = wordset(
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


# English words that are also given names or surnames (or that head labels and titles): alone they are
# read as common words, next to a name word they still make a name ("Grace Harris", "John Case").
_EN_COMMON_WORDS: Final = _EN_COMMON_STARTERS | wordset(
    """
    young white green long little best good small short strong house english person case price banks
    rich love day may hall hill park wood woods stone rose fox black brown gray grey king bell cook
    rice reed ward bush page law lane field fields branch church cross dean moon snow frost bond hope
    joy faith mark will bill frank sharp bass wolf lamb hunt miles rush case chase grant hunter
    porter mason carter baker butler cooper turner walker fisher singer banker dancer page bishop
    pope knight marshal marshall sterling summer winter spring autumn fall north south east west
    star sun rain storm river lake pond ocean sea shore beach gold silver iron steel glass clay
    sand rock hardy wise noble golden rich sweet bright lucky happy gay strange smart swift sharp
    report diagnosis employee cardholder customer client patient officer manager director account
    statement request application complaint order payment transfer contract agreement receipt
    health safety office service support team department status note notes summary total amount
    balance date time phone email address name card number passport identity subject message
    dear regards thanks hello welcome congratulations attention important urgent reminder notice
    invoice ticket booking delivery shipping return refund offer letter certificate reference
    english russian kazakh american british european national international federal state public
    private general special chief senior junior deputy head lead main new old first last next
    monday tuesday wednesday thursday friday saturday sunday
    """
)


@dataclass(frozen=True, slots=True)
class LayerStats:
    """What the layer decided for a batch: counts only (never text).

    Attributes
    ----------
    texts, chars:
        Values and characters looked at.
    rule_spans:
        PERSON spans decided without a model.
    model_texts, model_chars:
        Values with at least one uncertain region, and the characters sent to a model.
    """

    texts: int = 0
    chars: int = 0
    rule_spans: int = 0
    model_texts: int = 0
    model_chars: int = 0

    def __add__(self, other: LayerStats) -> LayerStats:
        return LayerStats(
            self.texts + other.texts,
            self.chars + other.chars,
            self.rule_spans + other.rule_spans,
            self.model_texts + other.model_texts,
            self.model_chars + other.model_chars,
        )

    @property
    def model_share(self) -> float:
        """Share of the characters that reached a model (0 when nothing was looked at)."""
        return self.model_chars / self.chars if self.chars else 0.0


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """The layer's verdict on one value: rule spans, and the regions a model must still read."""

    spans: tuple[Span, ...]
    regions: tuple[tuple[int, int], ...]


class Gazetteer:
    """Lower-cased word forms with their class flags (see the module constants ``GIVEN`` …).

    Parameters
    ----------
    flags
        Form → OR of class bits. ``ё`` must already be written ``е``.
    morph_known
        Optional test "is this lower-case Cyrillic word in the morphological dictionary?"; a known word
        without a name class counts as a common word. ``None`` skips the test.
    """

    __slots__ = ("_cache", "_flags", "_lock", "_morph_known")

    def __init__(self, flags: dict[str, int], morph_known: Callable[[str], bool] | None = None) -> None:
        self._flags = flags
        self._morph_known = morph_known
        self._cache: dict[str, int] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._flags)

    def listed(self, low: str) -> bool:
        """Whether a lower-cased word is in the lists as it is (not read by its shape or case ending)."""
        return low.replace("ё", "е") in self._flags

    def lookup(self, low: str) -> int:
        """Class bits of a lower-cased word (``0``: unknown)."""
        got = self._cache.get(low)
        if got is not None:
            return got
        bits = self._classify(low)
        if len(self._cache) > 200_000:
            with self._lock:
                self._cache.clear()
        self._cache[low] = bits
        return bits

    def _classify(self, low: str) -> int:
        key = low.replace("ё", "е")
        bits = self._flags.get(key, 0)
        if not bits and "-" in key:
            # double-barrelled names: both parts must be name words ("Римский-Корсаков", "Анна-Мария")
            head, _, tail = key.partition("-")
            if tail in ("ұлы", "улы", "қызы", "кызы"):
                return PATRONYMIC_SHAPE
            head_bits, tail_bits = self._classify_part(head), self._classify_part(tail)
            if head_bits & NAME_BITS and tail_bits & NAME_BITS:
                return (head_bits | tail_bits) & NAME_BITS
            bits = (head_bits | tail_bits) & NOT_NAME_BITS
            return bits or self._unknown(key)
        if not bits:
            return self._classify_part(key)
        if not bits & NOT_NAME_BITS:
            bits |= self._shapes(key, bits)
        return bits

    def _classify_part(self, key: str) -> int:
        bits = self._flags.get(key, 0)
        if bits:
            return bits if bits & NOT_NAME_BITS else bits | self._shapes(key, bits)
        shapes = self._shapes(key, 0)
        if shapes & PATRONYMIC_SHAPE:
            return shapes  # patronymic-only forms are left out of the shipped list on purpose
        if shapes:
            # a surname shape that the dictionary knows as a common word ("Русской", "Шумов") is only
            # a possible name: a model must decide
            return shapes | COMMON if self._known(key) else shapes
        return self._unknown(key)

    @staticmethod
    def _shapes(key: str, bits: int) -> int:
        out = 0
        if not bits & SURNAME and _SURNAME_SHAPE.fullmatch(key):
            out |= SURNAME_SHAPE
        if not bits & PATRONYMIC and _PATRONYMIC_SHAPE.fullmatch(key):
            out |= PATRONYMIC_SHAPE
        return out

    def _known(self, key: str) -> bool:
        return self._morph_known is not None and _CYRILLIC.search(key) is not None and self._morph_known(key)

    def _unknown(self, key: str) -> int:
        """A word in no list: a common word if the dictionary knows it, a Kazakh case form of a listed
        place or organisation word, or unknown (0)."""
        if self._known(key):
            return COMMON
        if _CYRILLIC.search(key):
            from senim.privacy.ner.kk.morph import strip_case

            stem = strip_case(key)
            if stem != key:
                stem_bits = self._flags.get(stem, 0)
                if (
                    stem_bits & GIVEN
                    and not stem_bits & NOT_NAME_BITS
                    and (_KK_LETTER.search(stem) or _KK_CASE_LETTER.search(key, len(stem)))
                ):
                    # a Kazakh case form of a Kazakh given name: "Нұрсұлуға", "Жанарға" is not read
                    # so, nor "деректі" (Derek): the stem must be spelt with a Kazakh letter, or the
                    # ending with ң, ғ or қ, which no Russian or English word has ("Жаннаның")
                    return GIVEN
                return stem_bits & NOT_NAME_BITS
        return 0


def _data_file(name: str) -> bytes:
    return resources.files("senim.privacy.ner").joinpath("data", name).read_bytes()


def _word_list(name: str) -> list[str]:
    """Whitespace-separated words of a shipped list, ``#`` comments ignored."""
    words: list[str] = []
    for line in _data_file(name).decode("utf-8").splitlines():
        words.extend(line.split("#", 1)[0].split())
    return words


def _read_forms(data: bytes) -> Iterable[tuple[str, str]]:
    for line in data.decode("utf-8").splitlines():
        word, _, classes = line.partition("\t")
        if word and classes:
            yield word, classes


@functools.cache
def _morph_known() -> Callable[[str], bool]:
    from senim.privacy.ner.ru import _morph  # one analyser per process, shared with the Russian finder

    words = _morph().dictionary.words

    def known(word: str) -> bool:
        return word in words or word.replace("е", "ё") in words

    return known


def _kk_given_in_russian() -> set[str]:
    """Russian case forms of the shipped Kazakh given names (``Бауыржана``, ``Темирланом``), also
    spelled without Kazakh letters (``Даурена``, ``Молдир``)."""
    from senim.privacy.ner.kk import lexicon

    out: set[str] = set()
    for file in ("given_names_own.txt", "given_names_kaznerd.txt"):
        for name in lexicon.read_name_file(lexicon._data(file)):
            out |= ru_case_forms(name)
            plain = name.lower().translate(_KK_TO_RU)
            if plain != name.lower():
                out |= ru_case_forms(plain)  # the spelling without Kazakh letters: Дәурен -> Даурен
    return out


#: Kazakh letters as Russian keyboards and documents write them (Нұрлан -> Нурлан, Мөлдір -> Молдир).
_KK_TO_RU: Final = str.maketrans("әғқңөұүһі", "агкноуухи")


@functools.cache
def load_gazetteer(*, morph: bool = True) -> Gazetteer:
    """The shipped gazetteer (once per process; built from the name lists in about a second the
    first time, then loaded from the user cache of :mod:`senim._cache` in a few hundredths).

    Parameters
    ----------
    morph
        Use pymorphy3's dictionary to recognise capitalised common Russian words (``Министерство``).
    """
    key = _cache.cache_key("name-gazetteer", _package_digest())
    flags = _decode_flags(_cache.load("gazetteer", key))
    if flags is None:
        flags = _shipped_flags()
        encoded = _encode_flags(flags)
        if encoded is not None:
            _cache.store("gazetteer", key, encoded)
    return Gazetteer(flags, _morph_known() if morph else None)


def _shipped_flags() -> dict[str, int]:
    """The shipped gazetteer's word classes, built from the name lists (about a second)."""
    from senim.privacy.ner.en import _GIVEN_NAMES
    from senim.privacy.ner.kk import load_default_lexicon

    lex = load_default_lexicon()
    return build_gazetteer(
        ru_forms=_read_forms(gzip.decompress(_data_file("ru_names.tsv.gz"))),
        given=[*lex.given_forms, *_GIVEN_NAMES, *_kk_given_in_russian()],
        surnames=[*lex.surname_forms, *_word_list("en_surnames.txt")],
    )._flags


def _package_digest() -> str:
    """SHA-256 of every source and data file of :mod:`senim.privacy.ner` (what the shipped
    gazetteer is built from: lists, stop words, case rules), so a changed file is a new entry."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _encode_flags(flags: dict[str, int]) -> bytes | None:
    """``count, flags (int64), words joined by newlines`` (``None`` if a word has a newline)."""
    words = "\n".join(flags)
    if words.count("\n") != len(flags) - 1:
        return None
    values = np.fromiter(flags.values(), dtype="<i8", count=len(flags))
    return len(flags).to_bytes(8, "little") + values.tobytes() + words.encode("utf-8", "surrogatepass")


def _decode_flags(payload: bytes | None) -> dict[str, int] | None:
    if payload is None or len(payload) < 8:
        return None
    count = int.from_bytes(payload[:8], "little")
    cut = 8 + 8 * count
    if count < 1 or len(payload) < cut:
        return None
    try:
        words = payload[cut:].decode("utf-8", "surrogatepass").split("\n")
    except UnicodeDecodeError:
        return None
    if len(words) != count:
        return None
    return dict(zip(words, np.frombuffer(payload[8:cut], dtype="<i8").tolist(), strict=True))


_RU_HUSHING: Final = frozenset("гкхжшчщ")
_RU_VOWELS: Final = frozenset("аеёиоуыэюяәөүұі")


def ru_case_forms(name: str) -> set[str]:
    """Russian case forms of a (Kazakh or other non-Russian) given name written in Cyrillic, lower case.

    Russian declines such names like its own nouns: ``Бауыржан`` → ``Бауыржана``, ``Бауыржану``,
    ``Бауыржаном``, ``Бауыржане``; ``Мадина`` → ``Мадины``, ``Мадине``, ``Мадину``, ``Мадиной``;
    ``Әлия`` → ``Әлии``, ``Әлию``, ``Әлией``. Names ending in another vowel do not decline.
    """
    low = name.lower().replace("ё", "е")
    out = {low}
    if len(low) < 3 or not _CYRILLIC.search(low):
        return out
    last = low[-1]
    if last == "а":
        stem = low[:-1]
        gen = "и" if stem[-1:] in _RU_HUSHING else "ы"
        out.update(stem + e for e in (gen, "е", "у", "ой", "ою", "ей"))
    elif last == "я":
        stem = low[:-1]
        out.update(stem + e for e in ("и", "е", "ю", "ей", "ею"))
    elif last in ("й", "ь"):
        stem = low[:-1]
        out.update(stem + e for e in ("я", "ю", "ем", "е", "и"))
    elif last not in _RU_VOWELS:
        out.update(low + e for e in ("а", "у", "ом", "ем", "е"))
    return out


def build_gazetteer(
    *,
    ru_forms: Iterable[tuple[str, str]] = (),
    given: Iterable[str] = (),
    surnames: Iterable[str] = (),
    morph_known: Callable[[str], bool] | None = None,
) -> Gazetteer:
    """A gazetteer from name lists and the stop-lists of this module.

    Parameters
    ----------
    ru_forms
        ``(form, classes)`` pairs as in the shipped ``ru_names.tsv.gz`` (letters ``GSPLOc``).
    given, surnames
        Lower-cased forms of given names and surnames (all languages, all case forms wanted).
    morph_known
        See :class:`Gazetteer`.
    """
    from senim.privacy.ner.address import KZ_CITIES
    from senim.privacy.ner.kk.morph import case_forms

    flags: dict[str, int] = {}
    for word, classes in ru_forms:
        bits = 0
        for ch in classes:
            bits |= _CLASS_LETTERS.get(ch, 0)
        flags[word] = bits
    for word in given:
        key = word.lower().replace("ё", "е")
        flags[key] = flags.get(key, 0) | GIVEN
    for word in surnames:
        key = word.lower().replace("ё", "е")
        flags[key] = flags.get(key, 0) | SURNAME
    for city in KZ_CITIES:
        forms = case_forms(city) if _CYRILLIC.search(city.lower()) else {city}
        for form in forms:
            key = form.lower().replace("ё", "е")
            flags[key] = flags.get(key, 0) | PLACE | STOP  # alone, "Алматы" is the city
    for word in _STOP_WORDS | LABEL_WORDS:
        flags[word] = flags.get(word, 0) | STOP
    for word in _EN_COMMON_WORDS:
        flags[word] = flags.get(word, 0) | COMMON
    for word in _TITLES:
        flags[word] = flags.get(word, 0) | TITLE
    return Gazetteer(flags, morph_known)


def _sentence_start(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` starts the value, a sentence, a line or a labelled field."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0«\"„“'(>*•-–—":
        if text[i] in "-–—•*" and (i == 0 or text[i - 1] in "\n\r"):
            return True
        i -= 1
    if i < 0 or text[i] in "\n\r:;":
        return True
    if text[i] in ".!?…":
        if text[i] != ".":
            return True
        # "А. Кудрин": a dot after an initial is not a sentence end, nor after a short lower-case
        # abbreviation ("гр. Даурен", "г. Алматы", "им. Абая")
        j = i
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        word = text[j:i]
        if len(word) == 1 and word.isupper():
            return False
        return not (1 <= len(word) <= 3 and word.islower())
    return False


class FastNameLayer:
    """Decides names by gazetteer and rules, and says where a model is still needed.

    Parameters
    ----------
    gazetteer
        Word classes; default: :func:`load_gazetteer`.
    score
        Score of a rule span with a given name or patronymic and a surname (two or more name words).
    vocative_score
        Score of a known given name alone, addressed or greeted ("Привет, Ляззат!", "Алихан, …").
    lower_case_score
        Score of a full name in all-lower-case Cyrillic text ("иванов иван иванович").
    whole_text_chars
        A value up to this long with anything uncertain goes to the model whole, not cut to sentences.
    """

    detector: Final = DETECTOR

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        score: float = 0.9,
        vocative_score: float = 0.8,
        lower_case_score: float = 0.7,
        whole_text_chars: int = 0,
    ) -> None:
        self._gaz = gazetteer
        self.whole_text_chars = whole_text_chars
        self.score = score
        self.vocative_score = vocative_score
        self.lower_case_score = lower_case_score

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (loaded on first use)."""
        if self._gaz is None:
            self._gaz = load_gazetteer()
        return self._gaz

    # -- one value ----------------------------------------------------------------------------------
    def analyse(
        self,
        text: str,
        language: Language,
        *,
        explained: Sequence[tuple[int, int]] = (),
        family_gate: bool = True,
        cue_gate: bool = True,
        phone_gate: bool = True,
    ) -> TextAnalysis:
        """Rule spans and uncertain regions of one value.

        Parameters
        ----------
        text
            The value.
        language
            Its language: decides which script's unknown words need the model (Latin for ``"en"``,
            Cyrillic otherwise) and how an unknown sentence-initial word is read.
        explained
            Ranges already explained (street addresses): capitalised words inside need no model.
        family_gate
            ``False`` when a batch gate (:class:`_FamilyGate`) found no lower-case family-name word
            in the value, so that rule is skipped.
        cue_gate, phone_gate
            ``False`` when a batch gate (:class:`_CueGate`) found no word starting like a person cue
            (no phone number) in the value, so that search for a lone lower-case given name is
            skipped.

        Returns
        -------
        TextAnalysis
            ``spans`` sorted by start; ``regions`` sorted, merged, non-overlapping.
        """
        if not text or _HAS_UPPER.search(text) is None:
            if language == "en" and text and self._lower_case_name(text):
                return TextAnalysis((), ((0, len(text)),))
            if language != "en" and text:
                lower = list(self._lower_case_full_names(text))
                self._add_cued_lower_names(text, lower)
                self._add_cued_lower_given(text, lower, cues=cue_gate, phones=phone_gate)
                return TextAnalysis(tuple(lower), ())
            return TextAnalysis((), ())
        gaz = self.gazetteer
        # tokens: (start, end, bits, is_initial)
        toks: list[tuple[int, int, int, bool]] = []
        caps_unknown: list[int] = []  # unknown all-caps words: acronyms, or names in a form's capitals
        for m in _TOKEN.finditer(text):
            s, e = m.span()
            word = m.group()
            if word[-1] == ".":
                toks.append((s, e, 0, True))
                continue
            if word[-2:] in _POSSESSIVE_ENDINGS:
                e -= 2
                word = word[:-2]
            bits = gaz.lookup(word.lower())
            if not bits & NAME_BITS and len(word) > 1 and word.isupper():
                if not bits:
                    caps_unknown.append(len(toks))
                bits |= STOP  # an acronym ("DOB", "ЖРВИ") is never part of a name
            toks.append((s, e, bits, False))
        if caps_unknown:
            _name_caps_words(
                text,
                toks,
                caps_unknown,
                latin_ok=language != "en",
                given_of=lambda w: bool(gaz.lookup(w) & GIVEN),
            )
        spans: list[Span] = []
        uncertain: list[tuple[int, int]] = []
        n = len(toks)
        i = 0
        while i < n:
            j = i + 1
            while j < n and self._adjacent(text, toks[j - 1], toks[j]):
                j += 1
            if j == i + 1:
                _, _, bits, initial = toks[i]
                if initial or (bits & NOT_NAME_BITS and not bits & NAME_BITS):
                    i = j
                    continue  # an initial alone, or a listed word that is no name: nothing to decide
            self._decide_run(text, toks[i:j], language, explained, spans, uncertain)
            i = j
        if uncertain and language == "en":
            # the model will read only the uncertain sentences: names announced by a cue in another
            # sentence ("What's your last name? Boyle") are taken here, where the whole value is seen
            spans = _with_english_cues(text, spans)
        if language != "en":
            # "ТОО «Алтын Сауле»", "ЖШС АЙГҮЛ": a company form before the words makes them a company
            spans = [
                sp for sp in spans if _ORG_NEAR.search(text, max(0, sp.start - 8), sp.start) is None
            ]
            self._add_cued_lower_names(text, spans)  # "Меня зовут иван петров"
            # "звоните 8 701 … ольга", "я данагүл"
            self._add_cued_lower_given(text, spans, cues=cue_gate, phones=phone_gate)
            if family_gate:
                self._add_shaped_lower_names(text, spans)  # "Вчера звонил иван петров"
        if not uncertain:
            regions: tuple[tuple[int, int], ...] = ()
        elif len(text) <= self.whole_text_chars:
            regions = ((0, len(text)),)  # short values: the model reads them whole (it uses the context)
        else:
            regions = self._regions(text, uncertain)
        return TextAnalysis(tuple(spans), regions)

    def _add_cued_lower_names(self, text: str, spans: list[Span]) -> None:
        """Adds to ``spans`` (kept sorted) the lower-case full names right after a word that announces
        a name ("зовут", "ФИО:", "атым"), where a given name that is also a common word counts."""
        folded = text.casefold()
        if _LOWER_NAME_CUE_GATE.search(folded) is None:
            return
        for cue in _LOWER_NAME_CUE.finditer(text):
            at = cue.end()
            for span in self._lower_case_full_names(text[at : at + _CUE_REACH], cued=True):
                _add_apart(spans, Span(PERSON, at + span.start, at + span.end, span.score, detector=DETECTOR))

    def _add_cued_lower_given(
        self, text: str, spans: list[Span], *, cues: bool = True, phones: bool = True
    ) -> None:
        """Adds to ``spans`` (kept sorted) a lower-case given name alone in an informal message, when
        a cue makes it a name: a phone number right before or after it ("ольга +7 747 …",
        "+7705… алексей"), a self-introduction ("я данагүл", "мен бауыржан", "меня зовут лена",
        "это алексей") or a person noun before it ("соседке людмиле", "көршім нұрсұлуға").

        Only gazetteer given names that are no common word, place, label or title count ("вера",
        "роза", "сәуле", "арман" are words too).
        """
        gaz = self.gazetteer
        found: dict[tuple[int, int], Span] = {}
        for ws, we, cued in _cued_lower_words(text, cues=cues, phones=phones):
            if (ws, we) in found:
                continue
            word = text[ws:we]
            bits = gaz.lookup(word)
            if (
                not bits & GIVEN
                or bits & (COMMON | STOP | TITLE | ORG)
                or word in _WORD_NAMES
                or not gaz.listed(word)  # "адамның", "сағатта": words that merely end like a name's case
            ):
                continue
            if bits & PLACE and not cued:
                continue  # "я дархан…" may be the town: by a phone number, a place-name is rare
            found[ws, we] = Span(PERSON, ws, we, self.lower_case_score, detector=DETECTOR)
        if found:
            _add_all_apart(spans, sorted(found.values(), key=lambda sp: sp.start))

    def _add_shaped_lower_names(self, text: str, spans: list[Span]) -> None:
        """Adds to ``spans`` (kept sorted) the lower-case full names of a text with capitals.

        Only around a lower-case surname or patronymic with a family-name ending
        (:data:`_LOWER_FAMILY_SHAPE`, :meth:`_lower_family_word`): the words within
        ``_FAMILY_REACH`` characters of it are read, cut at blanks, and a name that reaches the cut
        is not taken (it may go on beyond it, and a run of four name words is no name).
        """
        n = len(text)
        for m in _LOWER_FAMILY_SHAPE.finditer(text):
            if not self._gated_family_word(m.group()):
                continue
            lo = text.rfind(" ", 0, max(0, m.start() - _FAMILY_REACH)) + 1
            hi = text.find(" ", min(n, m.end() + _FAMILY_REACH))
            hi = n if hi < 0 else hi
            piece = text[lo:hi]
            for span in self._lower_case_full_names(piece, shaped=True):
                start, end = lo + span.start, lo + span.end
                if not start <= m.start() < end:
                    continue  # a name around another family word: found from that one
                if (start == lo and lo > 0) or (end == hi and hi < n):
                    continue  # the run may go on beyond the piece
                _add_apart(spans, Span(PERSON, start, end, span.score, detector=DETECTOR))

    def _lower_case_full_names(
        self, text: str, *, cued: bool = False, shaped: bool = False
    ) -> tuple[Span, ...]:
        """Full names written in lower case (chats: "меня зовут анна кузнецова", "иванов иван
        иванович", "мен айгерім нұрланқызы", "Вчера звонил иван петров").

        Two or three adjacent words, each a name word of the gazetteer (none a label, title or place
        only), with a given name that is no common word ("вера", "роман", "лев" are) and a surname or
        patronymic beside it. Natasha reads capitals, so these are decided here, at a lower score.
        ``cued``: the text follows a word that announces a name ("зовут"), so a given name that is
        also a common word counts ("меня зовут роман петров"). ``shaped``: the text has capitals
        elsewhere, so the surname or patronymic must also have a Russian or Kazakh family-name
        ending (:data:`_LOWER_FAMILY_SHAPE`).
        """
        gaz = self.gazetteer
        spans: list[Span] = []
        run: list[tuple[int, int, int]] = []
        for m in itertools.chain(_LOWER_CYRILLIC_WORD.finditer(text), (None,)):
            if m is not None:
                bits = gaz.lookup(m.group())
                named = bits & NAME_BITS and not bits & (STOP | TITLE)
                if named and (not run or _SPACE_ONLY.fullmatch(text, run[-1][1], m.start())):
                    run.append((m.start(), m.end(), bits))
                    continue
            if 2 <= len(run) <= 3:
                given = any(b & GIVEN and (cued or not b & (COMMON | PLACE)) for _, _, b in run)
                family = any(
                    self._lower_family_word(text[ws:we], b)
                    and (not shaped or _LOWER_FAMILY_SHAPE.fullmatch(text, ws, we) is not None)
                    for ws, we, b in run
                )
                start, end = run[0][0], run[-1][1]
                if (
                    given
                    and family
                    and _STREET_BEFORE.search(text, max(0, start - 16), start) is None
                    and _STREET_AFTER.match(text, end) is None
                ):
                    spans.append(Span(PERSON, start, end, self.lower_case_score, detector=DETECTOR))
            run = [(m.start(), m.end(), bits)] if m is not None and named else []
        return tuple(spans)

    def _gated_family_word(self, word: str) -> bool:
        """A lower-case name word (no label or title) that :meth:`_lower_family_word` takes."""
        bits = self.gazetteer.lookup(word)
        return bool(bits & NAME_BITS) and not bits & (STOP | TITLE) and self._lower_family_word(word, bits)

    def _lower_family_word(self, word: str, bits: int) -> bool:
        """Is a lower-case name word a surname or patronymic for sure enough to make a full name?

        Listed surnames and patronymics are. A Kazakh patronymic shape (-ұлы, -қызы) is when what
        precedes the ending is a given name ("нұрланқызы"), of four letters at least when spelt
        -улы/-кызы: adjectives end so too ("айтулы", notable, after the name "Айт"). A Russian one
        (-ович, -евна) always is. A surname shape (-ов, -ева) is when the dictionary does not know the
        word as a common word ("петров", not "светодиодов").
        """
        if bits & (SURNAME | PATRONYMIC):
            return True
        if bits & PATRONYMIC_SHAPE:
            for ending in _KK_PATRONYMIC_ENDINGS:
                if word.endswith(ending):
                    stem = word[: -len(ending)].rstrip("-")
                    shortest = 1 if ending[0] in "ұқ" else 4
                    return len(stem) >= shortest and bool(self.gazetteer.lookup(stem) & GIVEN)
            return True
        return bool(bits & SURNAME_SHAPE) and not bits & COMMON and word.endswith(_RU_SURNAME_ENDINGS)

    def _lower_case_name(self, text: str) -> bool:
        """All-lower-case English text: a known given name outside e-mail and web addresses."""
        gaz = self.gazetteer
        for m in _LOWER_WORD.finditer(_ADDRESS_LIKE.sub(" ", text)):
            bits = gaz.lookup(m.group())
            if bits & GIVEN and not bits & NOT_NAME_BITS:
                return True
        return False

    @staticmethod
    def _adjacent(text: str, a: tuple[int, int, int, bool], b: tuple[int, int, int, bool]) -> bool:
        if a[1] == b[0]:
            return a[3]  # "И.И." / "И.Иванов": glued only after an initial's dot
        if a[2] & TITLE and text[a[1]] == ".":
            return _GAP.fullmatch(text, a[1] + 1, b[0]) is not None  # "Mr. Harris"
        return _GAP.fullmatch(text, a[1], b[0]) is not None

    def _decide_run(
        self,
        text: str,
        run: list[tuple[int, int, int, bool]],
        language: Language,
        explained: Sequence[tuple[int, int]],
        spans: list[Span],
        uncertain: list[tuple[int, int]],
    ) -> None:
        # cut the run into segments at explained non-name words; a title starts a segment
        seg: list[tuple[int, int, int, bool]] = []
        titled = False
        for k, tok in enumerate(run):
            bits = tok[2]
            if not tok[3] and bits & TITLE and bits & GIVEN and _title_before_full_name(run[k + 1 : k + 9]):
                # "Азамат Нұрланов Арман Асқарұлы": "citizen" before a full name, not the given name
                self._decide_segment(text, seg, titled, language, explained, spans, uncertain)
                seg = []
                titled = True
                continue
            if (
                not tok[3]
                and bits & COMMON
                and not bits & (NAME_BITS | STOP | TITLE | PLACE | ORG)
                and _surname_before_pair(text, run, k)
            ):
                # "гость Мельник Валерий Игоревич": a surname that is a word too, before a given name
                # and a patronymic (Russian order), not opening the sentence
                self._decide_segment(text, seg, titled, language, explained, spans, uncertain)
                seg = [(tok[0], tok[1], SURNAME, False)]
                titled = False
                continue
            if not tok[3] and bits & TITLE and not bits & NAME_BITS:
                self._decide_segment(text, seg, titled, language, explained, spans, uncertain)
                seg = []
                titled = k + 1 < len(run)
                continue
            if (
                not tok[3]
                and bits & NOT_NAME_BITS
                and not bits & NAME_BITS
                and not (
                    language != "en" and _before_initials(run, k) and _surname_before_initials(text, tok)
                )
            ):
                self._decide_segment(text, seg, titled, language, explained, spans, uncertain)
                seg = []
                titled = False
                continue
            seg.append(tok)
        self._decide_segment(text, seg, titled, language, explained, spans, uncertain)

    def _decide_segment(
        self,
        text: str,
        seg: list[tuple[int, int, int, bool]],
        titled: bool,
        language: Language,
        explained: Sequence[tuple[int, int]],
        spans: list[Span],
        uncertain: list[tuple[int, int]],
    ) -> None:
        latin_model = language == "en"
        if language != "en" and len(seg) >= 4:
            cut = _pair_after_initials(seg)
            if cut:
                # "Сатыбалды Д.Т. Оспанова Жаннаның": the initials close the first name, the surname and
                # given name after them are a second person
                self._decide_segment(text, seg[:cut], titled, language, explained, spans, uncertain)
                self._decide_segment(text, seg[cut:], False, language, explained, spans, uncertain)
                return
        if language != "en" and len(seg) >= 3 and seg[-1][3] and seg[-2][3]:
            # "Фризен Г.Ю.", "Нұрғали О.Қ.", "Нам К.В.": a word before two or more initials is a
            # surname, whatever its shape, unless it is a listed non-name word
            t = 2
            while t < len(seg) and seg[-t - 1][3]:
                t += 1
            if t < len(seg) and _surname_before_initials(text, seg[-t - 1]):
                w = seg[-t - 1]
                if not any(w[0] >= s and seg[-1][1] <= e for s, e in explained):
                    spans.append(Span(PERSON, w[0], seg[-1][1], self.score, detector=DETECTOR))
                self._decide_segment(text, seg[: -t - 1], titled, language, explained, spans, uncertain)
                return
        if (
            language != "en"
            and len(seg) >= 3
            and all(t[3] for t in seg[:-1])
            and _surname_after_initials(text, seg[-1])
        ):
            # "А.Т. Әлмұханға": two or more initials before a surname of any shape (here in the dative)
            if not any(seg[0][0] >= s and seg[-1][1] <= e for s, e in explained):
                spans.append(Span(PERSON, seg[0][0], seg[-1][1], self.score, detector=DETECTOR))
            return
        if seg and seg[-1][3] and not _trailing_initials_ok(seg):
            # "Иван И." — a lone initial after a given name is not kept; the test looks at the last
            # word only, which dropping initials does not change: all trailing initials go at once
            k = len(seg)
            while k and seg[k - 1][3]:
                k -= 1
            seg = seg[:k]
        if not seg:
            return
        start, end = seg[0][0], seg[-1][1]
        if any(s <= start and end <= e for s, e in explained):
            return
        first = seg[0]
        words = [t for t in seg if not t[3]]
        if not words:
            if len(seg) >= 2:
                uncertain.append((start, end))  # "И.И." alone: a model may know better
            return
        latin0 = _CYRILLIC.search(text[words[0][0] : words[0][1]].lower()) is None
        if titled and latin0 and len(words) <= 4:
            # Mr. Harris / Dr Jane Doe: the name without the title (as the English rules do)
            spans.append(Span(PERSON, start, end, self.score, detector=DETECTOR))
            return
        if (
            len(words) >= 3
            and first is words[0]
            and first[2] & (PLACE | ORG)
            and not first[2] & (SURNAME | SURNAME_SHAPE)  # "Белова Ольга": Белов is a town too
            and seg[1][2] & GIVEN
            and not seg[1][2] & (PATRONYMIC | PATRONYMIC_SHAPE)
            and _certain(seg[1:])
        ):
            # a place before a name: "(правительства) Израиля Биньямин Нетаньяху"
            spans.append(Span(PERSON, seg[1][0], end, self.score, detector=DETECTOR))
            return
        if _certain(seg):
            spans.append(Span(PERSON, start, end, self.score, detector=DETECTOR))
            return
        if (
            language != "en"
            and len(seg) == 3
            and len(words) == 3
            and not first[2]
            and seg[1][2] & GIVEN
            and seg[2][2] & (PATRONYMIC | PATRONYMIC_SHAPE)
            and _certain(seg[1:])
            and _surname_before_given_patronymic(text, first, seg[2])
        ):
            # "Хегай Юрий Алексеевич": an unknown word before a given name and a patronymic
            spans.append(Span(PERSON, start, end, self.score, detector=DETECTOR))
            return
        if (
            not first[3]
            and not first[2] & NAME_BITS
            and len(seg) >= 3
            and not seg[1][3]  # "Mohmad R. Vizirov": a given name and an initial, not a label
            and (first[2] & NOT_NAME_BITS or _sentence_start(text, first[0]))
            and _certain(seg[1:])
        ):
            # a label or position glued before a name: "Науқас Нұрсұлтан Мырзахметов"
            spans.append(Span(PERSON, seg[1][0], end, self.score, detector=DETECTOR))
            if not _sentence_start(text, first[0]):
                uncertain.append((first[0], first[1]))
            return
        if any(t[2] & NAME_BITS for t in words):
            if len(seg) == 1:
                bits = first[2]
                initial = _sentence_start(text, first[0])
                if bits & STOP or (initial and latin0 and bits & COMMON):
                    return  # "May", "Case registered …": a listed word that is also a name, alone
                if (
                    language != "en"
                    and bits & GIVEN
                    and not bits & (COMMON | STOP | TITLE | ORG)
                    and _cued_given(text, first)
                ):
                    # "Дархан, +7 747 …", "Мен Бауыржан", "көршім Нұрсұлуға": a given name by a phone
                    # number, after a self-introduction or after a person noun
                    spans.append(Span(PERSON, start, end, self.vocative_score, detector=DETECTOR))
                    return
                named = bits & GIVEN and not bits & (STOP | TITLE | ORG)
                if language != "en" and named and _introduced(text, first):
                    # "атым Дана", "меня зовут Роза": a self-introduction names the word, common or not
                    spans.append(Span(PERSON, start, end, self.vocative_score, detector=DETECTOR))
                    return
                if (
                    latin_model
                    and latin0
                    and initial
                    and bits & GIVEN
                    and not bits & NOT_NAME_BITS
                    and _followed_by_en_verb(text, first)
                ):
                    # "Megan lives on …", "Jacob said …": a known given name as the subject
                    spans.append(Span(PERSON, start, end, self.vocative_score, detector=DETECTOR))
                    return
                if bits & GIVEN and not bits & NOT_NAME_BITS and _vocative(text, first, initial):
                    # "Привет, Ляззат!", "Алихан, переведи …", "hey Sarah!": a known given name
                    spans.append(Span(PERSON, start, end, self.vocative_score, detector=DETECTOR))
                    return
                if (
                    latin_model
                    and latin0
                    and not initial
                    and bits & GIVEN
                    and not bits & (NOT_NAME_BITS | SURNAME)
                    and not text[first[0] : first[1]].isupper()
                    and _NEXT_CAPITAL.match(text, first[1]) is None
                    and _PLACE_OR_THING_BEFORE.search(text, max(0, first[0] - 12), first[0]) is None
                ):
                    # "my kid Lukas", "shouted at Tiffany", "Why is Rebecca …": an English given name
                    # of the gazetteer inside a sentence, that is no word, place or surname as well,
                    # and not followed by an initial or another capitalised word
                    spans.append(Span(PERSON, start, end, self.vocative_score, detector=DETECTOR))
                    return
            uncertain.append((start, end))
            return
        # unknown capitalised words only
        if language == "kk" or (len(words) == 1 and text[first[0] : first[1]].isupper()):
            return  # Kazakh: the CRF is asked about name words only; an acronym
        if latin_model != latin0:
            return  # the other script: this language's model is not the one to ask
        if (
            latin_model
            and len(words) == 1
            and _sentence_start(text, words[0][0])
            and not self._subject_like(text, words[0])
        ):
            return
        uncertain.append((start, end))

    @staticmethod
    def _subject_like(text: str, tok: tuple[int, int, int, bool]) -> bool:
        """An unknown sentence-initial Latin word that reads like the subject of a clause."""
        word = text[tok[0] : tok[1]].lower()
        if word in _EN_COMMON_STARTERS:
            return False
        rest = text[tok[1] : tok[1] + 16]
        if not rest.strip():
            return True  # the word alone ("Rubija")
        if rest[:2] in ("'s", "’s") or rest[:1] == ":":
            return True  # a possessive, or a speaker's name before what they say ("Melanie: You …")
        rest = rest.lstrip(" \t,")
        nxt = rest.split(None, 1)[0].lower().rstrip(".,;!?") if rest.strip() else ""
        return nxt in _SUBJECT_VERBS

    @staticmethod
    def _regions(text: str, uncertain: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
        n = len(text)
        out: list[list[int]] = []
        for s, e in uncertain:
            k = bisect.bisect_right(breaks, s)
            lo = breaks[k - 1] if k > 0 else 0
            k2 = bisect.bisect_left(breaks, e)
            hi = breaks[k2] if k2 < len(breaks) else n
            if s - lo > _MAX_SIDE:
                cut = text.find(" ", s - _MAX_SIDE, s)
                lo = cut + 1 if cut >= 0 else s - _MAX_SIDE
            if hi - e > _MAX_SIDE:
                cut = text.rfind(" ", e, e + _MAX_SIDE)
                hi = cut if cut > e else e + _MAX_SIDE
            while lo < s and text[lo] in " \t\r\n":
                lo += 1
            if out and lo <= out[-1][1]:
                out[-1][1] = max(out[-1][1], hi)
            else:
                out.append([lo, hi])
        return tuple((a, b) for a, b in out)


#: Verbs after an English subject: a known given name before one, opening a sentence, is a person.
_EN_PERSON_VERBS: Final = wordset(
    """
    lives lived works worked said says told asked wrote replied moved went came arrived joined left
    studies studied teaches taught wants wanted thinks thought knows knew loves loved likes liked
    has had was is will would can could
    """
)
_NEXT_WORD: Final = re.compile(r"[ \t]+([a-z]+)\b")
#: A capital letter (an initial, another name word) after the word: "Kate M Begum" is for the model.
_NEXT_CAPITAL: Final = re.compile(r"[ \t]*[A-Z]")
#: An article or a preposition of place right before: "a Mercedes", "the Virginia branch", "to Victoria".
_PLACE_OR_THING_BEFORE: Final = re.compile(
    r"\b(?:a|an|the|in|to|from|at|near|into|via|across|of|on|hurricane|storm|brand|model)[ \t]+\Z",
    re.IGNORECASE,
)


def _followed_by_en_verb(text: str, tok: tuple[int, int, int, bool]) -> bool:
    m = _NEXT_WORD.match(text, tok[1])
    return m is not None and m.group(1) in _EN_PERSON_VERBS


def _with_english_cues(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` plus the names English cues announce ("last name? Boyle"), which the model, reading
    only the uncertain sentence, would not see; a cue span replaces the layer's spans it overlaps."""
    from senim.privacy.ner.en import cue_spans

    cued = [Span(PERSON, c.start, c.end, c.score, detector=DETECTOR) for c in cue_spans(text)]
    if not cued:
        return spans
    return sorted([*cued, *(s for s in spans if not _overlaps(s, cued))], key=lambda x: (x.start, x.end))


_GREETING: Final = re.compile(
    r"(?:^|[\s,(])(?:привет|здравствуй(?:те)?|добрый\s+(?:день|вечер)|доброе\s+утро|уважаем(?:ый|ая)"
    r"|дорог(?:ой|ая)|сәлем(?:етсіз\s+бе)?|сәлеметсіз|қайырлы\s+(?:таң|күн|кеш)|құрметті|hi|hey|hello"
    r"|dear|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you)[\s,]*$",
    re.IGNORECASE,
)


def _vocative(text: str, tok: tuple[int, int, int, bool], initial: bool) -> bool:
    """A name addressed: after a greeting ("Привет, Ляззат!"), or first in its sentence and followed by
    a comma or an exclamation mark ("Алихан, переведи …")."""
    after = text[tok[1] : tok[1] + 1]
    if after not in (",", "!", "") and not (after in " \t" and not initial):
        return False
    if _GREETING.search(text, max(0, tok[0] - 30), tok[0]) is not None:
        return True
    return initial and after in (",", "!")


#: Company forms before or after a run of capitals: "ТОО АЛТЫН САУЛЕ", "ASTANA MOTORS LLP".
_ORG_NEAR: Final = re.compile(
    r"(?:^|[^\w])(?:ТОО|АО|ООО|ЗАО|ОАО|ПАО|ЖШС|АҚ|КХ|ШҚ|LLP|LLC|LTD|JSC|INC)[ \t]{0,2}[«\"“]?[ \t]{0,2}\Z"
)
_ORG_AFTER: Final = re.compile(r"[ \t]{0,2}[»\"”]?[ \t]{0,2}(?:ТОО|АО|ООО|ЖШС|LLP|LLC|LTD|JSC|INC)(?!\w)")
_VOWEL: Final = re.compile(r"[aeiouyаеёиоуыэюяәөүұі]", re.IGNORECASE)
#: Transliterated Russian and Kazakh family names and patronymics on cards and in passports.
_LATIN_FAMILY: Final = re.compile(
    r"[A-Z]{2,}(?:OV|OVA|EV|EVA|YEV|YEVA|INA|SKY|SKIY|SKAYA|ENKO|ULY|KYZY|QYZY|OVICH|EVICH|OVNA|EVNA)"
)


def _caps_patronymic(text: str, tok: tuple[int, int, int, bool], given_of: Callable[[str], bool]) -> bool:
    """Whether a capitals word with a patronymic shape is one: a Russian -ОВИЧ/-ОВНА, or a Kazakh
    -ҰЛЫ/-ҚЫЗЫ after a given name ("САНЖАРҚЫЗЫ"; not "ҚАУЛЫ", a decision heading)."""
    low = text[tok[0] : tok[1]].lower()
    for ending in _KK_PATRONYMIC_ENDINGS:
        if ending in low:
            stem = low[: low.rindex(ending)].rstrip("-")
            return len(stem) >= 3 and given_of(stem)
    return True


def _name_caps_words(
    text: str,
    toks: list[tuple[int, int, int, bool]],
    unknown: Sequence[int],
    *,
    latin_ok: bool,
    given_of: Callable[[str], bool] = lambda _w: True,
) -> None:
    """Reads unknown all-caps words as name words where a form writes a name in capitals.

    An unknown word in a run of two or three adjacent all-caps words is a given name (or a surname)
    when the other words are name words that make the run a name with it: a patronymic
    ("НАЗАРОВА ЗУЛФИЯ САНЖАРОВНА"), a surname beside it ("REYKHAN YULDASHEVA" on a card), a given name
    ("ИВАН ХЕГАЙ"). Not next to a company form (ТОО, LLP), not when another word is unknown or
    listed as no name, and not for short or vowelless words (acronyms). ``toks`` is changed in place.
    """
    unknown_set = set(unknown)
    n = len(toks)
    lo = 0
    while lo < n:
        hi = lo + 1
        while hi < n and _caps_pair(text, toks[hi - 1], toks[hi]):
            hi += 1
        run_lo, lo = lo, hi  # one pass over maximal runs of adjacent all-caps words
        if not 2 <= hi - run_lo <= 3:
            continue
        inside = [k for k in range(run_lo, hi) if k in unknown_set]
        if len(inside) != 1:
            continue
        i = inside[0]
        word = text[toks[i][0] : toks[i][1]]
        if len(word) < 3 or _VOWEL.search(word) is None:
            continue
        latin = _CYRILLIC.search(word.lower()) is None
        if latin and not latin_ok:
            continue
        others = [toks[k][2] for k in range(run_lo, hi) if k != i]
        if latin and not any(
            _LATIN_FAMILY.fullmatch(text, toks[k][0], toks[k][1]) for k in range(run_lo, hi) if k != i
        ):
            continue  # a transliterated holder's name needs a clear family-name ending ("BITCOIN" is none)
        if any(not b & NAME_BITS or b & (STOP | ORG | TITLE) for b in others):
            continue
        patronymic = any(
            b & PATRONYMIC or (b & PATRONYMIC_SHAPE and _caps_patronymic(text, toks[k], given_of))
            for k, b in ((k, toks[k][2]) for k in range(run_lo, hi) if k != i)
        )
        surname = any(b & (SURNAME | SURNAME_SHAPE) and not b & COMMON for b in others)
        given = any(b & GIVEN and not b & COMMON for b in others)
        if not (patronymic or surname or given):
            continue
        if (
            _ORG_NEAR.search(text, max(0, toks[run_lo][0] - 8), toks[run_lo][0]) is not None
            or _ORG_AFTER.match(text, toks[hi - 1][1]) is not None
        ):
            continue
        s, e, _, _ = toks[i]
        toks[i] = (s, e, SURNAME if given and not (patronymic or surname) else GIVEN, False)


def _caps_pair(text: str, a: tuple[int, int, int, bool], b: tuple[int, int, int, bool]) -> bool:
    """Two adjacent all-caps words (one or two spaces apart)."""
    return (
        not a[3]
        and not b[3]
        and _GAP.fullmatch(text, a[1], b[0]) is not None
        and text[a[0] : a[1]].isupper()
        and text[b[0] : b[1]].isupper()
    )


def _certain(seg: Sequence[tuple[int, int, int, bool]]) -> bool:
    """Whether a segment of adjacent capitalised words and initials is a person's name for sure."""
    words = [t for t in seg if not t[3]]
    if not words or len(words) > _RUN_MAX or any(not t[2] & NAME_BITS for t in words):
        return False
    if len(words) == 1:
        # a surname with initials: "А. Кудрин", "Иванов И.И.", "Нурланов Г. Б.", "Калиевым А.К."
        return len(seg) > 1 and bool(words[0][2] & (SURNAME | SURNAME_SHAPE))
    if any(t[2] & COMMON and not t[2] & (GIVEN | SURNAME | PATRONYMIC) for t in words):
        return False  # a shape only, and a common word too
    if not any(t[2] & FIRST_BITS for t in words):
        return False
    # not when every word is also a common word or a place ("Роза Ветров", "Вера Надежда")
    return any(not t[2] & (COMMON | STOP | TITLE) for t in words) and not all(
        t[2] & GIVEN and t[2] & NOT_NAME_BITS for t in words
    )


def _pair_after_initials(seg: Sequence[tuple[int, int, int, bool]]) -> int:
    """Where a segment "Word И.И. Surname Given …" is cut (the index of Surname), or 0: a word, one or
    more initials, then a surname and a given name of their own."""
    for k in range(1, len(seg) - 2):
        if not seg[k][3] or seg[k + 1][3] or seg[k + 2][3]:
            continue  # seg[k] must be the last initial of a block, two words after it
        j = k
        while j > 0 and seg[j - 1][3]:
            j -= 1
        if j == 0:
            continue  # no word before the initials: "Д.Т. Оспанова Жанна" is one name
        surname, given = seg[k + 1][2], seg[k + 2][2]
        if (
            surname & (SURNAME | SURNAME_SHAPE)
            and not surname & (COMMON | GIVEN)
            and given & GIVEN
            and not given & (SURNAME | SURNAME_SHAPE)
        ):
            return k + 1
    return 0


def _trailing_initials_ok(seg: list[tuple[int, int, int, bool]]) -> bool:
    """Initials after a surname ("Иванов И.И.") are fine; one initial after a given name is not."""
    words = [t for t in seg if not t[3]]
    return bool(words) and bool(words[-1][2] & (SURNAME | SURNAME_SHAPE))


_NOT_BEFORE_INITIALS: Final = STOP | TITLE | PLACE | ORG
#: Kazakh words that head a name as a label or an address, never a surname ("Дәрігер", "Құрметті");
#: words ending in a Kazakh case or possessive ending are caught by :data:`_KK_INFLECTED`.
_KK_LABELS: Final = wordset(
    """
    дәрігер мұғалім куә талапкер жауапкер сот бастық маман оқытушы профессор доцент ұстаз
    судья инспектор прокурор адвокат тергеуші сарапшы депутат әкім министр жүргізуші
    елбасы басшысы төрағасы хатшысы меңгерушісі бастығы өкілі орынбасары депутаты судьясы министрі
    әкімі директоры президенті премьер-министрі ректоры деканы төрайымы
    """
)
_KK_INFLECTED: Final = re.compile(
    r"(?:[ыі]|[ғгқк][ае]|[дт][ае]|[ндт][ыі]ң|[мбп]ен|л[ыі]|ш[ае]|[ыі]м|м[ыі]з|[ыі]ң)\Z"
)


def _may_be_surname(word: str) -> bool:
    """An unknown capitalised word that may be a surname: no acronym, no Kazakh label or inflected word."""
    low = word.lower()
    return not word.isupper() and low not in _KK_LABELS and _KK_INFLECTED.search(low) is None


#: A Kazakh patronymic in a case form ("Нұржанұлының", "Санжарқызына").
_KK_PATRONYMIC_INFLECTED: Final = re.compile(r"(?:ұлы|улы|қызы|кызы)[а-яәғқңөұүһі]+\Z", re.IGNORECASE)


def _surname_before_given_patronymic(
    text: str, first: tuple[int, int, int, bool], patronymic: tuple[int, int, int, bool]
) -> bool:
    """Whether an unknown word before a given name and a patronymic is their surname.

    A word that does not end like a Kazakh case form always may be; one that does ("Сатыбалды") only
    when it does not open its sentence ("Мен, Сатыбалды Әсел …", "тумасы Сатыбалды Ерболат
    Нұржанұлының"): opening one, it is a connective or a label ("Себебі Нұрсұлтан Әбішұлының",
    because; "Жауапкері Әсел Санжарқызы"). A listed title in its possessive form ("Елбасы Нұрсұлтан
    Әбішұлы", "әкімі") never is."""
    word = text[first[0] : first[1]]
    if _may_be_surname(word):
        return True
    if word.isupper() or word.lower() in _KK_LABELS:
        return False
    # a word in a case or possessive form opening its sentence is a connective or a title
    # ("Себебі Нұрсұлтан Әбішұлының ...": because), never the surname
    return not _sentence_start(text, first[0])


def _before_initials(run: Sequence[tuple[int, int, int, bool]], k: int) -> bool:
    """Whether two or more initials follow ``run[k]`` ("Нам К.В.")."""
    return k + 2 < len(run) and run[k + 1][3] and run[k + 2][3]


def _surname_before_initials(text: str, tok: tuple[int, int, int, bool]) -> bool:
    """Whether a word before two or more initials reads as their surname ("Фризен Г.Ю.")."""
    bits = tok[2]
    if tok[3] or (bits & _NOT_BEFORE_INITIALS and not bits & (SURNAME | SURNAME_SHAPE)):
        return False
    word = text[tok[0] : tok[1]]
    if len(word) < 2 or (word.isupper() and not bits & NAME_BITS):
        return False
    if bits & COMMON and not bits & NAME_BITS and _sentence_start(text, tok[0]):
        return False  # "Спасибо А.Б.": a common word opening the sentence
    return word.lower() not in _KK_LABELS


def _surname_after_initials(text: str, tok: tuple[int, int, int, bool]) -> bool:
    """Whether a word after two or more initials reads as their surname ("А.Т. Әлмұханға")."""
    bits = tok[2]
    if tok[3] or (bits & (_NOT_BEFORE_INITIALS | COMMON) and not bits & (SURNAME | SURNAME_SHAPE)):
        return False
    word = text[tok[0] : tok[1]]
    return len(word) >= 2 and not word.isupper() and word.lower() not in _KK_LABELS


def _title_before_full_name(rest: Sequence[tuple[int, int, int, bool]]) -> bool:
    """Whether the tokens after a title that is also a given name ("Азамат", "Азаматша") make a full
    name on their own: surname, given name and patronymic, a surname and a patronymic, or a surname
    and initials."""
    words: list[tuple[int, int, int, bool]] = []
    initials = 0
    for t in rest:
        if t[3]:
            initials += 1
            continue
        if initials or not t[2] & NAME_BITS:
            break
        words.append(t)
    if not words or not words[0][2] & (SURNAME | SURNAME_SHAPE):
        return False
    if len(words) == 1:
        return initials >= 1
    patronymic = bool(words[-1][2] & (PATRONYMIC | PATRONYMIC_SHAPE))
    return patronymic and len(words) <= 3


def _surname_before_pair(text: str, run: Sequence[tuple[int, int, int, bool]], k: int) -> bool:
    """Whether ``run[k]`` stands before a given name and a patronymic that end the run, not
    opening its sentence, and is no acronym."""
    if k + 3 != len(run) and not (k + 3 < len(run) and not run[k + 3][2] & NAME_BITS):
        return False
    given, patronymic = run[k + 1], run[k + 2]
    if given[3] or patronymic[3] or not given[2] & GIVEN or given[2] & (PATRONYMIC | PATRONYMIC_SHAPE):
        return False
    if not patronymic[2] & (PATRONYMIC | PATRONYMIC_SHAPE):
        return False
    word = text[run[k][0] : run[k][1]]
    return not word.isupper() and not _sentence_start(text, run[k][0])


#: A Kazakhstani phone number (+7 / 8 and ten digits, spaced, dashed or bracketed as people write it).
_PHONE: Final = (
    r"(?<!\d)(?:\+[ \t]?7|8|7)[ \t(-]{0,2}\d{3}[ \t)-]{0,2}\d{3}[ \t-]?\d{2}[ \t-]?\d{2}(?!\d)"
)
#: Words after which a given name is the person's: a self-introduction, a relative, a neighbour, a
#: friend, a colleague (Russian and Kazakh, in their case and possessive forms).
_PERSON_CUE: Final = (
    r"(?:я|меня[ \t]+зовут|зовут|это|атым|есімім|аты-жөнім"
    # Kazakh "мен" is "I" opening a clause, and "and" / "with" after a word
    r"|(?:(?:^|(?<=[.!?,:;\n])|(?<=[.!?,:;\n][ \t])|(?<=сәлем[ \t])|(?<=сәлем,[ \t])|(?<=бе[ \t])"
    r"|(?<=бе,[ \t]))мен)"
    r"|сосед(?:у|а|ом|ке|ка|ки|ку|кой|ям|и|ей)?|сестр(?:а|е|у|ы|ой|[её]нке)|брат(?:у|а|ом|ишке|ишка)?"
    r"|мам(?:а|е|у|ы|ой)|пап(?:а|е|у|ы|ой)|доч(?:ь|ка|ке|ку|ки)|дочер(?:и|ью)|сын(?:у|а|ом|ишке)"
    r"|муж(?:у|а|ем)?|жен(?:а|е|у|ы|ой)|т[её]т(?:я|е|ю|и|ей)|дяд(?:я|е|ю|и|ей)|подруг(?:а|е|у|и|ой)"
    r"|друг(?:у|а|ом)?|коллег(?:а|е|у|и|ой)|бабушк(?:а|е|у|и|ой)|дедушк(?:а|е|у|и|ой)|внук(?:у|а|ом)?"
    r"|внучк(?:а|е|у|и|ой)|племянни(?:к|ку|ка|це|ца|цу)|невестк(?:а|е|у|и|ой)"
    r"|(?:көрші|апа|әпке|аға|іні|сіңлі|қарындас|жеңге|досы|құрбы|әже|ата|ұл|қыз|күйеу|әйел|келін|жиен"
    r"|немере)(?:[ыі]?м(?:[ыі]з)?|[ыі]?ң|с[ыі])(?:[ае]|[ғгқкнд][ае]|н[ыі]ң|д[ае]н)?)"
)
_LW: Final = "а-яёәғқңөұүһі"
#: A lower-case word right before a phone number (searched up to the phone), or right after one.
_LOWER_BEFORE_PHONE: Final = re.compile(rf"(?<![\w'’-])([{_LW}]{{3,}})[ \t]{{0,2}}[,:–—-]?[ \t]{{0,2}}\Z")
_LOWER_AFTER_PHONE: Final = re.compile(rf"[ \t]{{0,2}}[,:–—-]?[ \t]{{0,2}}([{_LW}]{{3,}})(?![\w'’-])")
#: The phone pattern without its leading look-behind (a start right after a digit is skipped in code):
#: a pattern that starts with a character class is searched much faster.
_PHONE_RE: Final = re.compile(_PHONE.removeprefix(r"(?<!\d)"))
#: A lower-case word after a person cue ("я данагүл", "соседке людмиле").
_LOWER_AFTER_CUE: Final = re.compile(
    rf"(?<![\w'’-])(?i:{_PERSON_CUE})[ \t]{{0,2}},?[ \t]{{1,2}}([{_LW}]{{3,}})(?![\w'’-])"
)
#: What every person cue starts with (lower case): a value with no word starting so skips the cue
#: search, which is the costly part (its alternatives are tried at every character).
_PERSON_CUE_STEMS: Final = (
    "я", "меня", "зовут", "это", "атым", "есімім", "аты-", "мен", "сосед", "сестр", "брат", "мам",
    "пап", "доч", "сын", "муж", "жен", "тет", "тёт", "дяд", "подруг", "друг", "коллег", "бабушк",
    "дедушк", "внук", "племянни", "невестк", "көрші", "апа", "әпке", "аға", "іні", "сіңлі",
    "қарындас", "жеңге", "досы", "құрбы", "әже", "ата", "ұл", "қыз", "күйеу", "әйел", "келін",
    "жиен", "немере",
)  # fmt: skip
_CUE_STEM_START: Final = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _PERSON_CUE_STEMS), key=len, reverse=True)) + ")"
)


def _cued_lower_words(
    text: str, *, cues: bool = True, phones: bool = True
) -> Iterator[tuple[int, int, bool]]:
    """``(start, end, after_a_cue)`` of the lower-case words a phone number or a person cue points at.

    Phones are found first (a value without three digits in a row has none), then the word right
    before and right after each; the cue search runs only when a word of the value starts like a cue
    (``cues``, ``phones``: what a batch gate, :class:`_CueGate`, found; ``True`` searches here).
    """
    for phone in _PHONE_RE.finditer(text) if phones else ():
        if phone.start() and text[phone.start() - 1].isdigit():
            continue  # inside a longer digit run
        before = _LOWER_BEFORE_PHONE.search(text, max(0, phone.start() - 48), phone.start())
        if before is not None:
            yield before.start(1), before.end(1), False
        after = _LOWER_AFTER_PHONE.match(text, phone.end())
        if after is not None:
            yield after.start(1), after.end(1), False
    if cues and _CUE_STEM_START.search(text.lower()) is not None:
        for m in _LOWER_AFTER_CUE.finditer(text):
            yield m.start(1), m.end(1), True


_CUE_BEFORE: Final = re.compile(
    rf"(?:(?:^|[^\w'’-])(?i:{_PERSON_CUE})[ \t]{{0,2}},?|{_PHONE}[ \t]{{0,2}}[,:–—-]?)[ \t]{{1,2}}\Z"
)
_PHONE_AFTER: Final = re.compile(rf"[ \t]{{0,2}}[,:–—-]?[ \t]{{0,2}}{_PHONE}")
#: Given names that are common words too: in lower case they are read as the words ("вера", "роза",
#: "сәуле" – ray, "арман" – dream, "бақыт" – happiness).
_WORD_NAMES: Final = wordset(
    """
    вера надежда любовь роза лилия мир слава лада виктория майя ника лев роман марк злата мила
    сәуле арман бақыт айна нұр гүл алтын ай күн жан ару ақ сая шолпан жұлдыз дана мейір ерік талант
    дос бота әсем сұлу мөлдір шаттық қуаныш сабыр ырыс береке тілек жанар жібек маржан інжу гауһар
    алмас болат темір қайрат жігер азамат арай нәзік күміс әлем ғалым ақын батыр самал сәуір наурыз
    ләззат сана мерей ерке ақжол бақытты айдын ажар көркем ұлан қыран сұңқар
    адам бала ана әке аға апа ата әже жігіт әйел келін жеңге ұл қыз дана ақыл бек хан сұлтан би
    """
)


def word_kind(low: str) -> str:
    """The class of a lower-cased word for the shared chat rules (:data:`senim.privacy.ner.base.WordKind`):
    ``"given"``, ``"given-common"`` (a given name that is also a word or a place), ``"surname"``,
    ``"common"`` or ``""`` (unknown)."""
    gaz = load_gazetteer()
    bits = gaz.lookup(low)
    listed = gaz.listed(low)
    if bits & GIVEN and listed and not bits & (STOP | TITLE | ORG):
        if bits & (COMMON | PLACE) or low in _WORD_NAMES:
            return "given-common"
        return "given"
    if bits & SURNAME and listed and not bits & NOT_NAME_BITS:
        return "surname"
    if bits & NOT_NAME_BITS:
        return "common"
    return ""


def known_name(low: str) -> bool:
    """Whether the name lists know a lower-cased word as a given name or surname."""
    gaz = load_gazetteer()
    return gaz.listed(low) and bool(gaz.lookup(low) & (GIVEN | SURNAME))


#: A self-introduction right before a word: "менің атым", "есімім", "меня зовут" (a given name after one
#: is the speaker's, even when it is a common word too: "атым Дана").
_INTRO_BEFORE: Final = re.compile(
    r"(?:^|[^\w'’-])(?i:атым|есімім|аты-жөнім|зовут)[ \t]{0,2}[:—–-]?[ \t]{1,2}\Z"
)


def _introduced(text: str, tok: tuple[int, int, int, bool]) -> bool:
    """A capitalised word right after a self-introduction ("менің атым Қайрат")."""
    return _INTRO_BEFORE.search(text, max(0, tok[0] - 24), tok[0]) is not None


def _cued_given(text: str, tok: tuple[int, int, int, bool]) -> bool:
    """A capitalised given name next to a phone number, after a self-introduction or a person noun."""
    if _PHONE_AFTER.match(text, tok[1]) is not None:
        return True
    return _CUE_BEFORE.search(text, max(0, tok[0] - 40), tok[0]) is not None


class PaddedFinder:
    """A finder that reads each text after a short neutral prefix (offsets are mapped back).

    natasha misses a name that is the very first word of its input ("Путин также подпишет …" alone
    gives nothing, ". Путин также подпишет …" gives the name); regions cut out of a longer text often
    start with one.

    Parameters
    ----------
    inner
        The finder to wrap.
    prefix
        What to put before every text.
    """

    def __init__(self, inner: NameFinder, prefix: str = ". ") -> None:
        self.inner = inner
        self.prefix = prefix

    def find(self, texts: Sequence[str], *, language: Language) -> list[list[Span]]:
        """The inner finder's spans, offsets into the unpadded texts."""
        k = len(self.prefix)
        found = self.inner.find([self.prefix + t for t in texts], language=language)
        return [
            [
                Span(s.entity, s.start - k, s.end - k, s.score, s.validated, s.detector)
                for s in spans
                if s.start >= k
            ]
            for spans in found
        ]


def _span_order(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in spans)


def _add_apart(spans: list[Span], found: Span) -> None:
    """Add ``found`` to ``spans`` (kept sorted) unless it overlaps one of them."""
    if not _overlaps(found, spans):
        spans.append(found)
        spans.sort(key=_span_order)


def _add_all_apart(spans: list[Span], found: Sequence[Span]) -> None:
    """Add each of ``found`` (sorted, non-overlapping) to ``spans`` (sorted, non-overlapping, kept
    sorted) unless it overlaps one of ``spans``; one sort in all."""
    starts = [s.start for s in spans]
    keep = []
    for f in found:
        k = bisect.bisect_left(starts, f.end)  # spans[k:] start at or after f's end
        if k == 0 or spans[k - 1].end <= f.start:
            keep.append(f)
    if keep:
        spans.extend(keep)
        spans.sort(key=_span_order)


ModelProvider = Callable[[Language], NameFinder]


def find_names(
    texts: Sequence[str],
    languages: Sequence[Language],
    model: ModelProvider,
    *,
    layer: FastNameLayer | None = None,
    explained: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> tuple[list[list[Span]], LayerStats]:
    """PERSON spans for a batch: rules where they decide, the language's model on uncertain regions.

    Parameters
    ----------
    texts, languages
        The values and one language per value.
    model
        ``language -> NameFinder`` (the dispatcher's per-process finders); called only for languages
        with uncertain regions.
    layer
        The fast layer (default: a shared one).
    explained
        Per value, ranges that need no model (street addresses found already).

    Returns
    -------
    (spans, stats)
        One sorted, non-overlapping list of spans per value, and what the layer decided.
    """
    layer = layer if layer is not None else _shared_layer()
    n = len(texts)
    out: list[list[Span]] = [[] for _ in range(n)]
    rule_spans = 0
    model_chars = 0
    model_texts = 0
    pieces: dict[Language, list[tuple[int, int, str]]] = {}
    gates = _FamilyGate.open(texts, layer._gated_family_word)
    cue_gates = _CueGate.open(texts)
    for i, text in enumerate(texts):
        if not text:
            continue
        res = layer.analyse(
            text,
            languages[i],
            explained=explained[i] if explained is not None else (),
            family_gate=gates is None or gates[i],
            cue_gate=cue_gates is None or cue_gates[0][i],
            phone_gate=cue_gates is None or cue_gates[1][i],
        )
        out[i] = list(res.spans)
        rule_spans += len(res.spans)
        if res.regions:
            model_texts += 1
            group = pieces.setdefault(languages[i], [])
            for lo, hi in res.regions:
                group.append((i, lo, text[lo:hi]))
                model_chars += hi - lo
    for lang, group in pieces.items():
        found = model(lang).find([p[2] for p in group], language=lang)
        extra: dict[int, list[Span]] = {}
        for (i, offset, _piece), spans in zip(group, found, strict=True):
            for s in spans:
                # a model stops an initial at its letter ("Камила Т"): the dot is part of the name
                s_end = extend_initial_dot(texts[i], s.start + offset, s.end + offset)
                moved = Span(s.entity, s.start + offset, s_end, s.score, s.validated, s.detector)
                if not _overlaps(moved, out[i]):
                    extra.setdefault(i, []).append(moved)
        for i, spans in extra.items():
            out[i] = resolve_overlaps([*out[i], *spans])
    stats = LayerStats(n, sum(len(t) for t in texts if t), rule_spans, model_texts, model_chars)
    return [sorted(s, key=_span_order) if len(s) > 1 else s for s in out], stats


@functools.cache
def _shared_layer() -> FastNameLayer:
    return FastNameLayer()
